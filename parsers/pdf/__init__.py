"""PDF parser (PyMuPDF): born-digital text, vector and raster figures, tables, OCR for scans."""

import pymupdf

# PyMuPDF 1.26+ prints an advert for its layout add-on to stdout on first table/layout call; docbuild's
# output streams must stay clean (and the add-on is exactly the dependency we avoid).
pymupdf.no_recommend_layout()
