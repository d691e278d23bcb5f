"""The PDF detectors run on one page the way parse() runs them (tables first, then figures).

Shared by the layout tests, which build a page in code or open a sample and look at what the
detectors found on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pymupdf

from docbuild.model import Node
from docbuild.options import PdfOptions
from parsers.pdf.figures import VisualResult, build_context, detect_figures
from parsers.pdf.tables import detect_tables
from parsers.pdf.text import extract_blocks

OPTIONS = PdfOptions(dpi=72)


class PageResult(NamedTuple):
    tables: VisualResult
    figures: VisualResult
    blocks: list[Node]


def detect_page(
    pdf: pymupdf.Document | Path, page_index: int = 0, options: PdfOptions = OPTIONS
) -> PageResult:
    """Tables, figures and the page's text blocks. A document built in code is saved and read back
    first, as parse() would see it."""
    with pymupdf.open(pdf) if isinstance(pdf, Path) else pymupdf.open("pdf", pdf.tobytes()) as doc:
        context = build_context(doc)
        page = doc[page_index]
        blocks = extract_blocks(page, page_index)
        tables = detect_tables(page, page_index, blocks, options, context)
        figures = detect_figures(page, page_index, tables.blocks, options, context)
    return PageResult(tables, figures, blocks)
