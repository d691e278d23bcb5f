"""Float layouts the synthetic benchmark (benchmarks/figgen.py --hard) found the figure detector getting
wrong: side-by-side captions at different heights, wide floats in three-column papers, and others.

Every test draws its own small page with PyMuPDF, so the geometry under test is explicit.
"""

from __future__ import annotations

import pymupdf

from docbuild.model import BBox, Node
from docbuild.options import PdfOptions
from parsers.pdf.figures import VisualResult, build_context, detect_figures
from parsers.pdf.tables import detect_tables
from parsers.pdf.text import extract_blocks

OPTIONS = PdfOptions(dpi=72)
PROSE = "The method is evaluated on three benchmarks and compared with the strongest prior systems. "
SERIF = pymupdf.Font("tiro")


def _detect(pdf: pymupdf.Document, page_index: int = 0) -> VisualResult:
    """Tables then figures on one page, the way parse() runs them; the figures are returned."""
    doc = pymupdf.open("pdf", pdf.tobytes())
    context = build_context(doc)
    page = doc[page_index]
    blocks = extract_blocks(page, page_index)
    tables = detect_tables(page, page_index, blocks, OPTIONS, context)
    return detect_figures(page, page_index, tables.blocks, OPTIONS, context)


def _by_label(nodes: list[Node]) -> dict[str, Node]:
    return {n.label: n for n in nodes if n.label is not None}


def _chart(page: pymupdf.Page, rect: pymupdf.Rect) -> BBox:
    """A framed zig-zag line plot."""
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


def _write(page: pymupdf.Page, lines: list[tuple[float, float, str]], size: float = 10.0) -> None:
    """Lines written by one text writer, so MuPDF may group neighbours into one block as TeX output does."""
    writer = pymupdf.TextWriter(page.rect)
    for x, baseline, text in lines:
        writer.append((x, baseline), text, font=SERIF, fontsize=size)
    writer.write_text(page)


def test_side_by_side_captions_half_a_line_apart_stay_two_captions() -> None:
    """Two figures side by side, the right caption wrapping to a second line and the left one set half a
    line lower: MuPDF puts all three lines in one block, and the left caption's line overlaps the
    right caption's wrapped word enough to look like one row. A wide space within a row joins its
    pieces only when they share a baseline, so each figure keeps its own caption."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(85, 60, 520, 130), PROSE * 4, fontsize=10)
    left = _chart(page, pymupdf.Rect(90, 480, 300, 650))
    right = _chart(page, pymupdf.Rect(325, 480, 505, 640))
    _write(
        page,
        [
            (91, 669, "Figure 2. Effect of the assumption on Throughput."),
            (312, 662, "Figure 3. Distribution of the learned model for"),
            (312, 674, "Random."),
        ],
    )
    page.insert_textbox(pymupdf.Rect(85, 690, 520, 740), PROSE * 2, fontsize=10)
    got = _by_label(_detect(pdf).visuals)
    assert set(got) == {"Figure 2", "Figure 3"}
    assert got["Figure 2"].bbox.iou(left) > 0.8 and got["Figure 3"].bbox.iou(right) > 0.8
    assert got["Figure 2"].caption == "Figure 2. Effect of the assumption on Throughput."
    assert got["Figure 3"].caption == "Figure 3. Distribution of the learned model for Random."
