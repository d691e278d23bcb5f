"""The PDF detectors run on one page the way parse() runs them (tables first, then figures).

Shared by the layout tests, which build a page in code or open a sample and look at what the
detectors found on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pymupdf

from docbuild.model import BBox, Node
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


def draw_chart(page: pymupdf.Page, rect: pymupdf.Rect) -> BBox:
    """A framed zig-zag line plot: a vector figure."""
    page.draw_rect(rect, width=0.6)
    step = (rect.width - 20) / 10
    page.draw_polyline(
        [
            (rect.x0 + 10 + step * i, rect.y1 - 10 - (rect.height - 30) * i / 10 + (i % 2) * 8)
            for i in range(11)
        ],
        width=1.0,
    )
    return BBox(*rect)


def draw_axes(page: pymupdf.Page, box: BBox, width: float) -> None:
    """A plot's frame drawn as four separate thin lines, the way plotting libraries draw axes."""
    x0, top, x1, bottom = box.x0, box.top, box.x1, box.bottom
    for a, b in (
        ((x0, top), (x1, top)),
        ((x0, bottom), (x1, bottom)),
        ((x0, top), (x0, bottom)),
        ((x1, top), (x1, bottom)),
    ):
        page.draw_line(a, b, width=width)
