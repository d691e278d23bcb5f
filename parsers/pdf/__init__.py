"""PDF parser (PyMuPDF): born-digital text, vector and raster figures, tables, OCR for scans."""
