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


def _flowchart(page: pymupdf.Page, x0: float, top: float, width: float, height: float = 24.0) -> BBox:
    """Four labelled boxes joined by arrows across ``width``, as drawn by a paper's pipeline figure."""
    step = width / 4
    for k, name in enumerate(("Student model", "Encoder", "Classifier", "Retriever")):
        box = pymupdf.Rect(x0 + k * step, top, x0 + k * step + step - 20, top + height)
        page.draw_rect(box, width=0.6)
        page.insert_text((box.x0 + 8, box.y0 + height / 2 + 3), name, fontsize=7)
        if k:
            page.draw_line((box.x0 - 20, top + height / 2), (box.x0, top + height / 2), width=0.6)
    return BBox(x0, top, x0 + width - 20, top + height)


def _three_columns(page: pymupdf.Page, top: float, bottom: float) -> None:
    for x0 in (40, 222, 404):
        page.insert_textbox(pymupdf.Rect(x0, top, x0 + 168, bottom), PROSE * 12, fontsize=9)


def test_a_wide_figure_at_the_foot_of_a_page_does_not_take_the_page_number() -> None:
    """A full-width flowchart at the foot of a three-column page, its caption above it: nothing below
    it stops the search but the page edge, and the page number 18 pt under it is no axis title (a bare
    number is a tick label, which sits right at its tick)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    _three_columns(page, 60, 700)
    page.insert_text((180, 758), "Fig. 5. Distribution of the learned experiment for BERT-base.", fontsize=10)
    flow = _flowchart(page, 88, 765, 440)
    page.insert_text((295, flow.bottom + 27), "4", fontsize=10)
    got = _by_label(_detect(pdf).visuals)
    assert set(got) == {"Figure 5"}
    assert got["Figure 5"].bbox.iou(flow) > 0.8
