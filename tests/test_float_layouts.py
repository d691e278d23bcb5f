"""Float layouts the synthetic benchmark (benchmarks/figgen.py --hard) found the figure detector getting
wrong: side-by-side captions at different heights, wide floats in three-column papers, and others.

Every test draws its own small page with PyMuPDF, so the geometry under test is explicit.
"""

from __future__ import annotations

import pymupdf

from docbuild.model import BBox, Node
from parsers.pdf.figures import build_context, detect_figures
from parsers.pdf.text import extract_blocks
from tests.pdfpages import OPTIONS, detect_page, draw_chart

PROSE = "The method is evaluated on three benchmarks and compared with the strongest prior systems. "
SERIF = pymupdf.Font("tiro")


def _by_label(nodes: list[Node]) -> dict[str, Node]:
    return {n.label: n for n in nodes if n.label is not None}


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
    left = draw_chart(page, pymupdf.Rect(90, 480, 300, 650))
    right = draw_chart(page, pymupdf.Rect(325, 480, 505, 640))
    _write(
        page,
        [
            (91, 669, "Figure 2. Effect of the assumption on Throughput."),
            (312, 662, "Figure 3. Distribution of the learned model for"),
            (312, 674, "Random."),
        ],
    )
    page.insert_textbox(pymupdf.Rect(85, 690, 520, 740), PROSE * 2, fontsize=10)
    got = _by_label(detect_page(pdf).figures.visuals)
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
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 5"}
    assert got["Figure 5"].bbox.iou(flow) > 0.8


def _photo(page: pymupdf.Page, rect: pymupdf.Rect) -> BBox:
    """A raster image filling ``rect``."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 40), False)
    pix.set_rect(pix.irect, (90, 140, 200))
    pix.set_rect(pymupdf.IRect(10, 10, 40, 30), (220, 180, 60))
    page.insert_image(rect, pixmap=pix, keep_proportion=False)
    return BBox(*rect)


REFERENCE = "[{}] N. Detector and Kernel. The nonlinear theorem across the classifier. In Proc. GLUE, 2019."


def test_a_figure_in_the_middle_column_stops_at_the_references_beside_it() -> None:
    """A photo in the middle column of a three-column page, its caption below it, the references in
    the right column (set smaller than the body) starting level with it: small-print paragraphs are a
    column too, so neither they nor their heading, a line off the photo, join the figure."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(45, 60, 210, 720), PROSE * 14, fontsize=9)
    page.insert_textbox(pymupdf.Rect(223, 400, 389, 720), PROSE * 8, fontsize=9)
    photo = _photo(page, pymupdf.Rect(230, 247, 382, 368))
    _write(page, [(223, 380, "Fig. 5: F1 score of BERT-base and Oracle as a"), (223, 390, "function.")], 8)
    page.insert_text((402, 257), "References", fontsize=10, fontname="tibo")
    for k in range(5):
        top = 263 + 34 * k
        page.insert_textbox(pymupdf.Rect(402, top, 567, top + 34), REFERENCE.format(k + 1), fontsize=7.5)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 5"}
    assert got["Figure 5"].bbox.iou(photo) > 0.8


def _booktabs(page: pymupdf.Page, x0: float, top: float, rows: int, width: float = 116.0) -> BBox:
    """A booktabs table: three rules, a header row and ``rows`` rows of four cells."""
    page.draw_line((x0, top), (x0 + width, top), width=0.8)
    page.draw_line((x0, top + 14), (x0 + width, top + 14), width=0.5)
    cells = [["Setting", "AUC", "F1", "mAP"], *[[f"Model {r}", "68.7", "0.944", "73.6"] for r in range(rows)]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            page.insert_text((x0 + 2 + c * width / 4, top + 11 + 13 * r + (3 if r else 0)), text, fontsize=7)
    bottom = top + 20 + 13 * rows
    page.draw_line((x0, bottom), (x0 + width, bottom), width=0.8)
    return BBox(x0, top, x0 + width, bottom)


def _boxes_down(page: pymupdf.Page, x0: float, top: float, rows: int) -> BBox:
    """A flowchart drawn down the column: ``rows`` rows of two boxes, arrows between the rows."""
    for r in range(rows):
        y = top + 48 * r
        for k, name in enumerate(("Augmentation", "Student model")):
            box = pymupdf.Rect(x0 + 90 * k, y, x0 + 90 * k + 65, y + 26)
            page.draw_rect(box, width=0.6)
            page.insert_text((box.x0 + 5, y + 16), name, fontsize=6.5)
        if r:
            page.draw_line((x0 + 122, y - 22), (x0 + 122, y), width=0.6)
    return BBox(x0, top, x0 + 155, top + 48 * (rows - 1) + 26)


def test_a_table_caption_in_the_middle_column_does_not_stop_the_figure_in_the_right_one() -> None:
    """Three columns: a centred table caption in the middle column crosses the page's midline, so it
    reaches into the band a two-column guess gives the right column's figure. The prose above and
    below it shows the middle column for what it is, so the band is cut there before any other
    caption is taken as a stop, and the flowchart comes out whole rather than cut at the table caption."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(38, 108, 203, 700), PROSE * 14, fontsize=9)
    page.insert_textbox(pymupdf.Rect(215, 108, 380, 258), PROSE * 4, fontsize=9)
    _write(
        page,
        [
            (281, 277, "TABLE I"),
            (235, 289, "Statistics of the datasets used in our"),
            (275, 300, "experiments."),
        ],
        9,
    )
    _booktabs(page, 240, 308, 5)
    page.insert_textbox(pymupdf.Rect(215, 410, 380, 700), PROSE * 6, fontsize=9)
    flow = _boxes_down(page, 397, 219, 3)
    _write(page, [(392, 360, "Fig. 2. Distribution of the learned region for"), (392, 371, "Baseline.")], 9)
    page.insert_textbox(pymupdf.Rect(392, 385, 552, 700), PROSE * 6, fontsize=9)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 2"}
    assert got["Figure 2"].bbox.iou(flow) > 0.8


def test_a_reference_line_under_a_side_caption_is_no_label_of_a_figure_below_it() -> None:
    """A photo over two of three columns with its caption beside it in the third, level with the photo's
    foot; right under the caption the references column goes on with a reference's last line, in small
    print. That sentence is no figure label, so the caption stays a side caption and takes the photo,
    and the plot in the middle column below keeps its own caption."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    photo = _photo(page, pymupdf.Rect(37, 58, 340, 291))
    _write(
        page,
        [(354, 279, "Fig. 1: Accuracy (%) on PubMed for different values of the"), (354, 290, "baseline.")],
        8.5,
    )
    _write(page, [(404, 311, "vocabularys. In Proc. PubMed, 2019.")], 7.5)
    for k in range(4):
        top = 318 + 34 * k
        page.insert_textbox(pymupdf.Rect(404, top, 566, top + 34), REFERENCE.format(k + 1), fontsize=7.5)
    page.insert_textbox(pymupdf.Rect(45, 300, 205, 720), PROSE * 12, fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(228, 303, 385, 415))
    _write(
        page, [(221, 437, "Fig. 4: Comparison of ViT-B/16 with the strongest"), (221, 448, "baseline.")], 8.5
    )
    page.insert_textbox(pymupdf.Rect(221, 460, 391, 720), PROSE * 6, fontsize=9)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 1", "Figure 4"}
    assert got["Figure 1"].bbox.iou(photo) > 0.8
    assert got["Figure 4"].bbox.iou(chart) > 0.8


def _heatmap(page: pymupdf.Page, rect: pymupdf.Rect, rows: int = 8, cols: int = 7) -> BBox:
    """A grid of shaded cells, each its own piece of ink, touching its neighbours."""
    w, h = rect.width / cols, rect.height / rows
    for r in range(rows):
        for c in range(cols):
            shade = 0.2 + 0.6 * ((r * cols + c) % 5) / 4
            cell = pymupdf.Rect(
                rect.x0 + c * w, rect.y0 + r * h, rect.x0 + (c + 1) * w, rect.y0 + (r + 1) * h
            )
            page.draw_rect(cell, color=None, fill=(shade, 0.3, 1 - shade))
    return BBox(*rect)


def test_beside_a_short_figure_a_much_taller_one_still_bounds_its_width() -> None:
    """Two figures side by side, captions below: the left heatmap is 70 pt taller, so its caption sits
    70 pt under the right one's. The heatmap, standing right on its caption, reaches level with the
    right figure, so the right figure's search stops halfway between the captions, not at the page's
    margin with half the heatmap in it."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    left = _heatmap(page, pymupdf.Rect(80, 82, 229, 237))
    right = _photo(page, pymupdf.Rect(262, 64, 413, 156))
    _write(page, [(262, 172, "Fig. 7. Effect of the memory on Accuracy (%)."), (262, 183, "Results.")], 8.5)
    _write(page, [(62, 252, "Fig. 6. Effect of the setting on Accuracy (%)."), (62, 263, "Results.")], 8.5)
    page.insert_textbox(pymupdf.Rect(60, 290, 440, 420), PROSE * 6, fontsize=10.5)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 6", "Figure 7"}
    assert got["Figure 6"].bbox.iou(left) > 0.8
    assert got["Figure 7"].bbox.iou(right) > 0.8


def _column(page: pymupdf.Page, x0: float, top: float, bottom: float, width: float = 160.0) -> None:
    """Prose lines filling a column exactly down to ``bottom`` (a text box leaves its foot ragged)."""
    words, lines, line = (PROSE * 60).split(), [], ""
    while words:
        word = words.pop(0)
        if line and pymupdf.get_text_length(f"{line} {word}", fontname="tiro", fontsize=9) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    rows = int((bottom - top) // 11)
    _write(page, [(x0, bottom - 2.5 - 11 * (rows - 1 - k), text) for k, text in enumerate(lines[:rows])], 9)


def test_a_wide_figure_under_three_columns_ending_at_different_heights_is_whole() -> None:
    """A two-panel figure across a three-column page, under the columns, its short caption centred in
    the middle one: the outer columns end a line lower than the middle one, reaching a little into
    the figure's search window. Prose that reaches in two lines or less is text above the float, not
    a column beside it, so the figure is not cut down to the middle column."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    for x0, bottom in ((46, 588), (218, 575), (389, 588)):
        _column(page, x0, 60, bottom)
    left = draw_chart(page, pymupdf.Rect(60, 606, 290, 740))
    right = draw_chart(page, pymupdf.Rect(310, 606, 540, 740))
    _write(page, [(157, 771, "(a) Input"), (394, 771, "(b) Training loss")], 8)
    _write(page, [(211, 789, "Figure 1: Effect of the detector on Throughput.")], 9)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 1"}
    assert got["Figure 1"].bbox.iou(left.union(right)) > 0.8


def test_a_caption_whose_plot_labels_cut_into_it_is_not_a_side_caption() -> None:
    """A narrow caption under a small plot in the right column, the plot's tick labels set so tight that
    their boxes cut into the caption's first line; left of it, level, the flowchart of the middle
    column. The tick labels still stack on the caption, so it is no side caption taking the
    flowchart: each caption keeps its own graphic."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(46, 106, 205, 700), PROSE * 12, fontsize=9)
    _column(page, 217, 106, 180)
    flow = _boxes_down(page, 217, 189, 2)
    _write(page, [(231, 278, "Fig. 1. Effect of the layer on Throughput.")], 8.5)
    page.insert_textbox(pymupdf.Rect(217, 292, 378, 700), PROSE * 8, fontsize=9)
    plot = draw_chart(page, pymupdf.Rect(419, 118, 521, 188))
    _write(page, [(419, 207.5, "0.0  2.5  5.0  7.5")], 12)
    _write(
        page,
        [(388, 215, "Fig. 4. Error rate of ViT-B/16 and Baseline as a"), (388, 226, "function of steps.")],
        8,
    )
    page.insert_textbox(pymupdf.Rect(388, 239, 549, 500), PROSE * 6, fontsize=9)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 1", "Figure 4"}
    assert got["Figure 1"].bbox.iou(flow) > 0.8
    assert got["Figure 4"].bbox.iou(plot) > 0.7


def test_a_taller_plot_beside_counts_with_the_axis_labels_under_it() -> None:
    """The same pair of side-by-side figures, the taller one a plot whose tick labels and axis title
    fill 50 pt between its frame and its caption: the labels stand on the caption with the plot, so
    the plot still reaches level with the short figure and bounds its width."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    left = draw_chart(page, pymupdf.Rect(118, 80, 292, 200))
    _write(page, [(x, 218, label) for x, label in ((146, "-2"), (202, "0"), (251, "2"))], 12)
    _write(page, [(146, 235, "performance dimension 1")], 12)
    right = draw_chart(page, pymupdf.Rect(337, 76, 500, 175))
    _write(page, [(337, 198, "Fig. 2. Effect of the assumption on Accuracy (%).")], 8.5)
    _write(page, [(130, 262, "Fig. 1. Effect of the memory on Loss.")], 8.5)
    page.insert_textbox(pymupdf.Rect(77, 290, 535, 420), PROSE * 6, fontsize=9.3)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 1", "Figure 2"}
    assert got["Figure 1"].bbox.iou(left) > 0.6
    assert got["Figure 2"].bbox.iou(right) > 0.8


def test_a_figure_grown_down_stops_at_a_short_line_of_prose_under_it() -> None:
    """A flowchart in the left column, its caption above it; under it a paragraph's one-line start (58
    characters, too short to count as a paragraph by length) and then a plot of the column's next
    float. A line in the body size, a column wide and a sentence long is prose all the same, so the
    figure's search stops there instead of taking the line and the plot."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(306, 60, 542, 760), PROSE * 24, fontsize=9.5)
    page.insert_textbox(pymupdf.Rect(53, 60, 290, 420), PROSE * 12, fontsize=9.5)
    _write(page, [(66, 454, "Fig. 5. Error rate on SQuAD for different values of the setting.")], 8)
    flow = _flowchart(page, 76, 462, 210, 68)
    _write(page, [(67, 551, "The shallow boundary supports the previous classifier. The")], 9.5)
    draw_chart(page, pymupdf.Rect(60, 565, 280, 700))
    got = _by_label(detect_page(pdf).figures.visuals)
    assert "Figure 5" in got
    assert got["Figure 5"].bbox.iou(flow) > 0.8


def test_a_tables_shaded_head_beside_a_figure_does_not_widen_it() -> None:
    """A photo in the left column, its caption under it; level with it in the right column a table whose
    shaded head the table's box (found first) stops short of. Ink overlapping a visual already found
    is that float's, not a full-width figure's other half, so the figure keeps to its column."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    photo = _photo(page, pymupdf.Rect(64, 67, 292, 181))
    _write(page, [(74, 196, "Figure 2: Comparison of Ours with Baseline on CIFAR-10.")], 9)
    page.insert_textbox(pymupdf.Rect(58, 209, 298, 700), PROSE * 20, fontsize=9.5)
    page.draw_rect(pymupdf.Rect(317, 67, 551, 100), color=None, fill=(0.8, 0.8, 0.8))
    table = _booktabs(page, 322, 89, 8, width=224)
    _write(page, [(333, 232, "Table 1. Statistics of the datasets used in our experiments.")], 9)
    page.insert_textbox(pymupdf.Rect(314, 244, 554, 700), PROSE * 18, fontsize=9.5)
    doc = pymupdf.open("pdf", pdf.tobytes())
    context = build_context(doc)
    context.claim(0, table)
    got = _by_label(detect_figures(doc[0], 0, extract_blocks(doc[0], 0), OPTIONS, context).visuals)
    assert set(got) == {"Figure 2"}
    assert got["Figure 2"].bbox.iou(photo) > 0.8


def test_a_figure_in_the_middle_column_stops_at_the_table_in_the_right_one() -> None:
    """Three columns, floats at the top of each: a flowchart in the left column, a plot in the middle one
    whose caption crosses the page's midline (so the two-column guess gives it the whole width), and
    a table with its caption above it in the right column. The table and its caption, level with the
    plot's window and wholly right of its caption, are another column: they neither stop the plot's
    search at the table caption nor give the plot the table's rules."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    flow = _boxes_down(page, 48, 62, 2)
    _write(page, [(42, 150, "Fig. 2: Comparison of BERT-base with"), (42, 161, "Transformer on GLUE.")], 8.5)
    page.insert_textbox(pymupdf.Rect(42, 180, 211, 700), PROSE * 12, fontsize=9)
    chart = draw_chart(page, pymupdf.Rect(240, 61, 377, 160))
    _write(
        page,
        [(222, 177, "Fig. 3: Throughput of w/o pretraining and"), (222, 188, "LSTM as a function.")],
        8.5,
    )
    page.insert_textbox(pymupdf.Rect(222, 200, 391, 700), PROSE * 12, fontsize=9)
    table_caption = ["Table 1. Hyper-parameters of w/o", "pretraining and Baseline on", "GLUE."]
    _write(page, [(401, 69 + 11 * k, line) for k, line in enumerate(table_caption)], 8.5)
    _booktabs(page, 405, 100, 9, width=160)
    page.insert_textbox(pymupdf.Rect(401, 242, 570, 700), PROSE * 12, fontsize=9)
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 2", "Figure 3"}
    assert got["Figure 2"].bbox.iou(flow) > 0.8
    assert got["Figure 3"].bbox.iou(chart) > 0.8


def test_a_figure_under_the_references_stops_at_them() -> None:
    """A photo at the foot of the right column, its caption below it, under the references (small
    print, the last entry's final line alone in its block, 10 pt above the photo, close enough to
    hug it as a label). References are text like prose: the figure's search up stops at them, and
    the line flush under an entry is that entry's end, not a label of the photo."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    assert page.insert_textbox(pymupdf.Rect(54, 56, 290, 700), PROSE * 16, fontsize=10.5) > 0
    assert page.insert_textbox(pymupdf.Rect(317, 56, 558, 338), PROSE * 6, fontsize=10.5) > 0
    page.insert_text((317, 366), "References", fontsize=11, fontname="tibo")
    for k in range(4):
        top = 410 + 36 * k
        page.insert_textbox(pymupdf.Rect(317, top, 558, top + 36), REFERENCE.format(k + 1), fontsize=9)
    _write(page, [(317, 552, "[5] B. Sequence and Setting. The qualitative image")], 9)
    photo = _photo(page, pymupdf.Rect(326, 565, 524, 691))
    _write(
        page,
        [(315, 708, "Figure 3. Error rate on arXiv for different"), (315, 720, "values of the accuracy.")],
        10,
    )
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 3"}
    assert got["Figure 3"].bbox.iou(photo) > 0.8


def _cell_grid(page: pymupdf.Page, x0: float, top: float, rows: int, cols: int) -> BBox:
    """A small drawn table, every cell a box, as a figure showing an example table draws it."""
    for r in range(rows):
        for c in range(cols):
            page.draw_rect(
                pymupdf.Rect(x0 + 40 * c, top + 10 * r, x0 + 40 * (c + 1), top + 10 * (r + 1)), width=0.4
            )
            page.insert_text((x0 + 40 * c + 3, top + 10 * r + 8), f"v{r}{c}", fontsize=6)
    return BBox(x0, top, x0 + 40 * cols, top + 10 * rows)


def test_small_print_between_the_parts_of_a_figure_is_the_figures_own() -> None:
    """A figure of two example tables, each followed by a question in small print and a panel caption
    "(a) ..." / "(b) ...", over its caption. The small print sits right under drawn ink, so it is the
    figure's text, not a column of notes that would end the search up from the caption."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    assert page.insert_textbox(pymupdf.Rect(54, 56, 290, 700), PROSE * 16, fontsize=10.5) > 0
    first = _cell_grid(page, 330, 120, 3, 4)
    question = "Question: which of the runs was the longest one? Gold answer: run 2, at 5:02 minutes."
    assert page.insert_textbox(pymupdf.Rect(317, 156, 550, 180), question, fontsize=7.5) > 0
    assert (
        page.insert_textbox(
            pymupdf.Rect(317, 184, 550, 208), "(a) The model picks a wrong cell " * 3, fontsize=7.5
        )
        > 0
    )
    second = _cell_grid(page, 330, 220, 4, 4)
    assert page.insert_textbox(pymupdf.Rect(317, 266, 550, 290), question, fontsize=7.5) > 0
    panel_b = "(b) The model gives an incomplete answer because of its limited cell grounding."
    assert page.insert_textbox(pymupdf.Rect(317, 294, 550, 318), panel_b, fontsize=7.5) > 0
    _write(page, [(317, 334, "Figure 1: Examples of what table models get wrong.")], 9)
    assert page.insert_textbox(pymupdf.Rect(317, 350, 558, 700), PROSE * 10, fontsize=10.5) > 0
    got = _by_label(detect_page(pdf).figures.visuals)
    assert set(got) == {"Figure 1"}
    box = got["Figure 1"].bbox
    assert box.top <= first.top + 1 and box.bottom >= second.bottom + 30  # both tables and their notes


def test_a_sentences_last_words_at_the_top_of_a_page_above_a_figure_stay_text() -> None:
    """The page opens with the last three words of a sentence from the page before (lower-case first,
    a full stop at the end), then a chart and its caption: too short for a sentence, still text and
    not the chart's title."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    tail = "number of parameters."
    page.insert_text((64, 72), tail, fontsize=10)
    chart = draw_chart(page, pymupdf.Rect(64, 84, 284, 214))
    page.insert_text((64, 232), "Figure 1: Results of run 1.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(64, 244, 290, 400), PROSE * 3, fontsize=10)
    _, figures, _ = detect_page(pdf)
    [figure] = figures.visuals
    assert figure.bbox is not None and figure.bbox.iou(chart) > 0.9
    assert tail in [b.text for b in figures.blocks]


def test_a_sentences_last_words_over_a_figure_on_a_page_without_paragraphs_stay_text() -> None:
    """A page of floats opens with the end of a sentence from the page before; no paragraph of its own
    gives the column's left edge, the caption flush with the line does."""
    pdf = pymupdf.open()
    text = pdf.new_page(width=612, height=792)
    text.insert_textbox(
        pymupdf.Rect(64, 72, 290, 700), PROSE * 12 + "We still have to figure out", fontsize=10
    )
    page = pdf.new_page(width=612, height=792)
    tail = "why the loss spikes."
    page.insert_text((64, 72), tail, fontsize=10)
    chart = draw_chart(page, pymupdf.Rect(64, 84, 284, 214))
    page.insert_text((64, 232), "Fig. 1. Results of run 1.", fontsize=8)
    _, figures, _ = detect_page(pdf, page_index=1)
    [figure] = figures.visuals
    assert figure.bbox is not None and figure.bbox.iou(chart) > 0.9
    assert tail in [b.text for b in figures.blocks]
