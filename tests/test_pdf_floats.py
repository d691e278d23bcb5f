"""Floats in hard layouts: side captions, pseudo-code boxes, tables beside or stacked by other floats.

Every test draws its own small page with PyMuPDF, so the geometry under test is explicit.
"""

from __future__ import annotations

import pymupdf

from docbuild.model import BBox, Node
from tests.pdfpages import detect_page, draw_chart

PROSE = "The method is evaluated on three benchmarks and compared with the strongest prior systems. "


def _by_label(nodes: list[Node]) -> dict[str, BBox]:
    return {n.label: n.bbox for n in nodes if n.label is not None and n.bbox is not None}


def _flowchart(page: pymupdf.Page, x0: float, top: float, height: float = 26.0) -> BBox:
    """Three labelled boxes joined by arrows, as drawn by a paper's pipeline figure."""
    for k, name in enumerate(("Encoder", "Retriever", "Decoder")):
        box = pymupdf.Rect(x0 + k * 95, top, x0 + k * 95 + 70, top + height)
        page.draw_rect(box, width=0.6)
        page.insert_text((box.x0 + 10, box.y0 + height / 2 + 3), name, fontsize=7)
        if k:
            page.draw_line((box.x0 - 25, top + height / 2), (box.x0, top + height / 2), width=0.6)
    return BBox(x0, top, x0 + 2 * 95 + 70, top + height)


def test_a_side_caption_takes_the_flowchart_beside_it_and_the_figure_below_keeps_its_own() -> None:
    """A narrow caption set right of a flowchart, level with it: the flowchart is its figure, and the
    next figure's caption (set above its chart) grows down to its chart only, not up into the flowchart."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 130), PROSE * 3, fontsize=10)
    flow = _flowchart(page, 70, 160)
    page.insert_textbox(pymupdf.Rect(350, 158, 500, 190), "Figure 1: Pipeline of the system.", fontsize=9)
    page.insert_text((150, 230), "Figure 2. Loss of the model on the held-out set.", fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(150, 240, 450, 440))
    page.insert_textbox(pymupdf.Rect(60, 470, 535, 560), PROSE * 4, fontsize=10)
    _, figures, _ = detect_page(pdf)
    got = _by_label(figures.visuals)
    assert set(got) == {"Figure 1", "Figure 2"}
    assert got["Figure 1"].iou(flow) > 0.8
    assert got["Figure 2"].iou(chart) > 0.8


CODE = (
    "Input: data D, steps T",
    "for t = 1 to T do",
    "    g <- grad L(B)",
    "    theta <- theta - lr * g",
    "end for",
)


def _algorithm(page: pymupdf.Page, x0: float, top: float, boxed: bool) -> BBox:
    """Pseudo-code under an "Algorithm 1:" title: framed (boxed) or between rules (ruled)."""
    bottom = top + 22 + 11 * len(CODE) + 6
    if boxed:
        page.draw_rect(pymupdf.Rect(x0, top, x0 + 280, bottom), width=0.6)
    else:
        page.draw_line((x0, top), (x0 + 280, top), width=0.8)
        page.draw_line((x0, bottom), (x0 + 280, bottom), width=0.8)
    page.insert_text(
        (x0 + 5, top + 13), "Algorithm 1: Training with the sampler", fontsize=9, fontname="tibo"
    )
    page.draw_line((x0, top + 18), (x0 + 280, top + 18), width=0.5)
    for k, line in enumerate(CODE):
        page.insert_text((x0 + 6, top + 30 + 11 * k), line, fontsize=8, fontname="cour")
    return BBox(x0, top, x0 + 280, bottom)


def _booktabs(page: pymupdf.Page, x0: float, top: float, rows: int) -> BBox:
    """A booktabs table: top, middle and bottom rules, no vertical rules."""
    xs = (x0 + 4, x0 + 90, x0 + 150)
    page.draw_line((x0, top), (x0 + 200, top), width=0.8)
    for x, head in zip(xs, ("Method", "Top-1", "F1"), strict=True):
        page.insert_text((x, top + 11), head, fontsize=9, fontname="tibo")
    page.draw_line((x0, top + 15), (x0 + 200, top + 15), width=0.5)
    y = top + 15
    for r in range(rows):
        y += 13
        for x, cell in zip(xs, (f"Model-{r}", f"{70 + r}.{r}", f"{50 + 2 * r}.1"), strict=True):
            page.insert_text((x, y), cell, fontsize=9, fontname="tiro")
    page.draw_line((x0, y + 4), (x0 + 200, y + 4), width=0.8)
    return BBox(x0, top, x0 + 200, y + 4)


def test_a_boxed_algorithm_above_a_caption_is_not_its_figure() -> None:
    """The only figure caption on the page is set above its chart; the framed pseudo-code right above
    the caption is neither that figure nor any other."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 120), PROSE * 3, fontsize=10)
    algo = _algorithm(page, 120, 150, boxed=True)
    page.insert_text((120, algo.bottom + 14), "Figure 1. Loss of the model on the held-out set.", fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(120, algo.bottom + 24, 420, algo.bottom + 224))
    page.insert_textbox(pymupdf.Rect(60, chart.bottom + 30, 535, chart.bottom + 120), PROSE * 4, fontsize=10)
    tables, figures, _ = detect_page(pdf)
    assert not tables.visuals
    got = _by_label(figures.visuals)
    assert list(got) == ["Figure 1"] and got["Figure 1"].iou(chart) > 0.8
    assert all(v.bbox is None or v.bbox.overlap_area(algo) < 0.1 * algo.area for v in figures.visuals)
    assert any("Algorithm 1" in b.text for b in figures.blocks)


def test_a_ruled_algorithm_does_not_join_the_booktabs_table_under_it() -> None:
    """Rules of pseudo-code (above the title, under it, closing it) stacked over a booktabs table whose
    caption is below it: the table keeps its own box, the algorithm stays text."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    algo = _algorithm(page, 150, 70, boxed=False)
    table = _booktabs(page, 170, algo.bottom + 30, rows=5)
    page.insert_text((170, table.bottom + 16), "Table 3: Ablation of the loss on the benchmark.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(60, table.bottom + 40, 535, table.bottom + 130), PROSE * 4, fontsize=10)
    tables, _, _ = detect_page(pdf)
    got = _by_label(tables.visuals)
    assert list(got) == ["Table 3"] and got["Table 3"].iou(table) > 0.8


ROWS = (
    ("Setting", "Params", "Recall"),
    ("Baseline", "205.8", "92.0"),
    ("Ours", "107.3", "40.2"),
    ("Oracle", "281.8", "85.0"),
)


def test_a_table_beside_its_caption_and_a_ruled_table_below_each_get_their_caption() -> None:
    """A rule-less table with its caption set to its right, level with its last rows; under it another
    caption above a booktabs table. The side caption must not take the ruled table (the other
    caption's), but the aligned text beside it."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 120), PROSE * 3, fontsize=10)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            page.insert_text(
                (70 + 80 * c, 160 + 16 * r), cell, fontsize=9, fontname="tibo" if r == 0 else "tiro"
            )
    side = BBox(70, 150, 70 + 160 + pymupdf.get_text_length("Recall", fontsize=9), 160 + 16 * 3 + 3)
    page.insert_textbox(pymupdf.Rect(280, 180, 420, 215), "Table 2. Results on the benchmark.", fontsize=9)
    page.insert_text((170, 246), "Table 3: Ablation of the loss on the benchmark.", fontsize=9)
    ruled = _booktabs(page, 170, 254, rows=4)
    page.insert_textbox(pymupdf.Rect(60, ruled.bottom + 30, 535, ruled.bottom + 120), PROSE * 4, fontsize=10)
    tables, _, _ = detect_page(pdf)
    got = _by_label(tables.visuals)
    assert set(got) == {"Table 2", "Table 3"}
    assert got["Table 3"].iou(ruled) > 0.8
    assert got["Table 2"].iou(side) > 0.7 and got["Table 2"].x1 < 280


def test_a_figure_grown_from_its_caption_stops_at_a_blank_band_before_the_footnote_rule() -> None:
    """The page's only caption sits above its chart; far below, past empty space, a footnote rule and
    footnotes: they are not part of the figure."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((120, 70), "Figure 3. Throughput of the model against batch size.", fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(120, 80, 400, 260))
    page.draw_line((60, 720), (200, 720), width=0.5)
    page.insert_textbox(pymupdf.Rect(60, 724, 400, 760), "1 Data from the public benchmark site.", fontsize=7)
    _, figures, _ = detect_page(pdf)
    got = _by_label(figures.visuals)
    assert list(got) == ["Figure 3"] and got["Figure 3"].iou(chart) > 0.85


def test_a_heading_flush_with_the_paragraph_under_a_flowchart_is_not_a_figure_label() -> None:
    """A short bold heading a few points under a flowchart sits tight on its paragraph and flush with its
    left edge: it belongs to the text, not to the figure above it."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 130), PROSE * 3, fontsize=10)
    page.insert_text((150, 160), "Figure 2: Pipeline of the system.", fontsize=9)
    flow = _flowchart(page, 120, 170)
    page.insert_text((60, flow.bottom + 18), "3.1 Setup", fontsize=10.5, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(60, flow.bottom + 21, 535, flow.bottom + 110), PROSE * 4, fontsize=10)
    _, figures, _ = detect_page(pdf)
    got = _by_label(figures.visuals)
    assert list(got) == ["Figure 2"] and got["Figure 2"].iou(flow) > 0.8


def _scatter(page: pymupdf.Page, rect: pymupdf.Rect) -> BBox:
    """Loose dots with no frame or axes: each dot is its own piece of ink, nothing joins them."""
    for k in range(40):
        x = rect.x0 + 3 + (k * 37 % 100) / 100 * (rect.width - 6)
        y = rect.y0 + 3 + (k * 61 % 100) / 100 * (rect.height - 6)
        page.draw_circle((x, y), 2.0, color=(0.2, 0.4, 0.8), fill=(0.2, 0.4, 0.8))
    return BBox(*rect)


def test_side_by_side_figures_of_different_heights_each_keep_their_own_caption() -> None:
    """Two figures side by side with captions below, the right one shorter so its caption sits a line
    higher: that caption bounds the left figure's width, not its height, so the left caption still
    takes its scatter plot, whole."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(60, 60, 550, 130), PROSE * 4, fontsize=10)
    left = _scatter(page, pymupdf.Rect(70, 200, 290, 400))
    right = draw_chart(page, pymupdf.Rect(340, 200, 540, 360))
    page.insert_text((350, 378), "Figure 4: Effect of the signal on accuracy.", fontsize=9)
    page.insert_text((70, 415), "Figure 3: Comparison of the baseline with ours.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(60, 450, 550, 540), PROSE * 4, fontsize=10)
    _, figures, _ = detect_page(pdf)
    got = _by_label(figures.visuals)
    assert set(got) == {"Figure 3", "Figure 4"}
    assert got["Figure 3"].iou(left) > 0.8
    assert got["Figure 4"].iou(right) > 0.8
    assert len(figures.visuals) == 2


def test_a_caption_above_its_chart_leaves_the_captioned_pair_below_it_alone() -> None:
    """A caption set above its chart on a page whose other captions sit below their figures: it grows
    down and the pair's captions grow up over the same ink. The 24 pt blank strip between the chart
    and the pair (too narrow for the blank-strip cut) splits it, so each caption keeps its own."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((180, 70), "Figure 5. Error rate for different values of the bound.", fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(130, 85, 460, 330))
    left = draw_chart(page, pymupdf.Rect(88, 354, 286, 480))
    right = draw_chart(page, pymupdf.Rect(308, 354, 509, 496))
    page.insert_text((88, 494), "Figure 6. Effect of the network on loss.", fontsize=9)
    page.insert_text((330, 510), "Figure 7. Effect of the label.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(60, 540, 535, 630), PROSE * 4, fontsize=10)
    _, figures, _ = detect_page(pdf)
    got = _by_label(figures.visuals)
    assert set(got) == {"Figure 5", "Figure 6", "Figure 7"}
    assert got["Figure 5"].iou(chart) > 0.8
    assert got["Figure 6"].iou(left) > 0.8
    assert got["Figure 7"].iou(right) > 0.8


def _text_over_chart(lines: list[tuple[float, str, float]], chart: pymupdf.Rect, label: str) -> list[str]:
    """Detect the figure on a page of ``lines`` (baseline, text, size) flush with the column, a chart
    under them, its caption and prose below; the figure must be the chart alone. Returns the text
    blocks left once the figure is taken out."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    for baseline, text, size in lines:
        page.insert_text((82, baseline), text, fontsize=size)
    drawn = draw_chart(page, chart)
    page.insert_text((82, chart.y1 + 18), f"{label}: Loss of the model on the held-out set.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(82, chart.y1 + 30, 530, 400), PROSE * 5, fontsize=10)
    _, figures, _ = detect_page(pdf)
    [figure] = figures.visuals
    assert figure.bbox is not None and figure.bbox.iou(drawn) > 0.9
    return [b.text for b in figures.blocks]


def test_a_one_line_paragraph_right_above_a_figure_stays_text() -> None:
    """A short paragraph (one line, too short to be prose by its shape) set flush with the text
    column just above a chart is not one of the chart's labels: the figure grown up from the caption
    below stops under it, and so do the heading and the paragraph above it."""
    short = "The numbers in Table 1 confirm this."
    lines = [(80, "Synthetic study of the sampler", 18), (118, short, 10)]
    kept = _text_over_chart(lines, pymupdf.Rect(82, 128, 330, 260), "Figure 1")
    assert short in kept and "Synthetic study of the sampler" in kept


def test_a_paragraphs_last_line_at_the_top_of_a_page_above_a_figure_stays_text() -> None:
    """The page opens with the last line of a paragraph from the page before (lower-case first, a
    full stop at the end), then a chart and its caption: the line is text, not the chart's title."""
    tail = "seen in the second run, the error falls."
    kept = _text_over_chart([(72, tail, 10)], pymupdf.Rect(82, 84, 330, 214), "Figure 2")
    assert tail in kept
