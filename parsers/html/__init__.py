"""HTML parser (lxml): main content, figures with captions, tables and images of a web page."""

from parsers.html.parser import parse

__all__ = ["parse"]
