"""docbuild: PDFs and web pages to interleaved image-text training data."""

__version__ = "0.1.0"
