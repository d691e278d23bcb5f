"""Table detection: ruled and booktabs tables, captions above or below, cells and Markdown."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from conftest import sample
from PIL import Image

from docbuild.model import BBox, Node, NodeType
from docbuild.options import PdfOptions
from parsers.pdf.cells import Word, build_cells, min_gap, text_lines, whitespace_columns
from parsers.pdf.tables import to_markdown
from tests.pdfpages import detect_page, draw_axes


def all_tables(path: Path) -> list[Node]:
    with pymupdf.open(path) as pdf:
        count = len(pdf)
    return [t for i in range(count) for t in detect_page(path, i).tables.visuals]


def test_ruled_and_booktabs_tables_match_truth() -> None:
    truth = json.loads(sample("ruled-table.truth.json").read_text())
    result, _, _ = detect_page(sample("ruled-table.pdf"), 0)
    assert [t.label for t in result.visuals] == ["Table 1", "Table 2"]
    for want, got in zip(truth["tables"], result.visuals, strict=True):
        assert got.bbox is not None and got.bbox.iou(BBox(*want["bbox"])) > 0.9
        assert got.caption is not None
        assert " ".join(got.caption.split()).lower() == " ".join(want["caption"].split()).lower()
    # a fully ruled grid, then booktabs with a header group spanning two columns (None = spanned)
    assert [list(r) for r in result.visuals[0].cells or ()] == truth["tables"][0]["cells"]
    assert [list(r) for r in result.visuals[1].cells or ()] == truth["tables"][1]["cells"]


def test_table_node_carries_markdown_crop_and_caption_link() -> None:
    result, _, _ = detect_page(sample("ruled-table.pdf"), 0)
    table = result.visuals[0]
    assert table.type is NodeType.TABLE
    assert table.text.splitlines()[:2] == ["| Document | Pages | Figures | Tables |", "|---|---|---|---|"]
    assert table.image is not None and table.image.mime == "image/png" and table.image.width
    [caption] = [b for b in result.blocks if b.id == table.caption_id]
    assert caption.type is NodeType.CAPTION and caption.meta["caption_of"] == table.id


def test_cell_text_leaves_the_block_flow() -> None:
    result, _, blocks = detect_page(sample("ruled-table.pdf"), 0)
    remaining = " ".join(b.text for b in result.blocks)
    assert "Column-aware" in " ".join(b.text for b in blocks)
    assert "Column-aware" not in remaining


def test_tables_never_skips_detection() -> None:
    result, _, blocks = detect_page(sample("ruled-table.pdf"), 0, PdfOptions(dpi=72, tables="never"))
    assert result.visuals == [] and result.blocks == blocks


def test_auto_mode_does_not_search_pages_without_rules_or_captions(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("find_tables called on a page with nothing pointing at a table")

    monkeypatch.setattr(pymupdf.Page, "find_tables", boom)
    result, _, _ = detect_page(sample("three-column.pdf"), 1)
    assert result.visuals == []


def test_markdown_escapes_pipes_and_pads_short_rows() -> None:
    md = to_markdown([("a|b", "c"), ("1",), (None, "2")])
    assert md.splitlines() == ["| a\\|b | c |", "|---|---|", "| 1 |  |", "|  | 2 |"]


def _gt(corpus: Path, name: str) -> dict:
    return json.loads((corpus / "pdf" / "gt" / f"{name}.gt.json").read_text())


def test_clark2015_tables_with_captions_below(corpus: Path) -> None:
    gt = _gt(corpus, "clark2015_figures")
    found = all_tables(corpus / "pdf" / "clark2015_figures.pdf")
    assert [t.label for t in found] == ["Table 1", "Table 2"]
    for want, got in zip(gt["tables"], found, strict=True):
        assert got.page_index == want["page"] - 1
        assert got.bbox is not None and got.bbox.iou(BBox(*want["bbox"])) >= 0.5
        assert got.caption is not None
        assert unicodedata.normalize("NFKC", got.caption) == want["caption"]


def test_openie_has_exactly_table_1_on_page_5(corpus: Path) -> None:
    found = all_tables(corpus / "pdf" / "openie_banko2007.pdf")
    assert [(t.page_index, t.label) for t in found] == [(4, "Table 1")]
    assert found[0].caption is not None and found[0].caption.startswith(
        "Table 1: Over a set of ten relations"
    )
    # its rulings are 1-pixel images, which the table finder only sees when they are handed over
    cells = found[0].cells
    assert cells is not None and [r[0] for r in cells] == ["", "TEXTRUNNER", "KNOWITALL"]


def test_split_bold_label_caption_and_grid(corpus: Path) -> None:
    gt = _gt(corpus, "jhazmat2012_yu_pp1-2")
    [want] = gt["tables"]
    found = all_tables(corpus / "pdf" / "jhazmat2012_yu_pp1-2.pdf")
    [table] = found
    assert table.bbox is not None and table.bbox.iou(BBox(*want["bbox"])) >= 0.7
    assert table.caption == want["caption"]
    assert table.cells is not None and len(table.cells) == 6 and all(len(r) == 2 for r in table.cells)


def test_otsl_results_table(corpus: Path) -> None:
    gt = _gt(corpus, "2305.03393v1-pg9")
    [table] = all_tables(corpus / "pdf" / "2305.03393v1-pg9.pdf")
    assert table.bbox is not None and table.bbox.iou(BBox(*gt["tables"][0]["bbox"])) >= 0.9
    assert table.caption is not None and table.caption.startswith("Table 1. HPO performed in OTSL")
    assert table.cells is not None and len(table.cells) >= 5


def _unruled_table_pdf(path: Path) -> None:
    """A page with prose, a caption and a table of aligned text without any rules."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    prose = (
        "Extraction quality depends on the layout of the page and on how tables are drawn. "
        "Many tables in scientific papers use no rules at all, only aligned columns of text."
    )
    page.insert_textbox(pymupdf.Rect(72, 72, 540, 140), prose, fontsize=10)
    page.insert_text((72, 170), "Table 3: Scores of the systems on the held-out set.", fontsize=10)
    for i, row in enumerate(UNRULED):
        for j, cell in enumerate(row):
            page.insert_text((100 + j * 110, 200 + i * 16), cell, fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 300, 540, 380), f"{prose} {prose}", fontsize=10)
    doc.save(path)


UNRULED = [
    ("System", "Precision", "Recall", "F1"),
    ("Baseline", "0.61", "0.55", "0.58"),
    ("Heuristic", "0.84", "0.79", "0.81"),
    ("Ours", "0.95", "0.93", "0.94"),
]


def test_caption_anchored_table_without_rules(tmp_path: Path) -> None:
    path = tmp_path / "unruled.pdf"
    _unruled_table_pdf(path)
    result, _, _ = detect_page(path, 0)
    [table] = result.visuals
    assert table.label == "Table 3"
    assert table.cells == tuple(UNRULED)
    assert table.bbox is not None and table.bbox.top > 180 and table.bbox.bottom < 300  # prose left out
    assert "Extraction quality" in " ".join(b.text for b in result.blocks)


def _line(y: float, *cells: tuple[float, str]) -> list[Word]:
    """Words of one text line at height ``y``: (x, text) pairs, 5 points per character."""
    return [Word(x, y, x + 5 * len(t), y + 10, t) for x, t in cells]


def test_rows_stacked_between_group_rules_are_split_but_wrapped_text_is_not() -> None:
    # two value lines between a pair of rules are two rows; the label centred beside them joins the first
    stacked = [
        *_line(100, (10, "OTSL"), (60, "0.965"), (110, "2.73")),
        *_line(106, (200, "6")),
        *_line(112, (10, "HTML"), (60, "0.969"), (110, "5.39")),
    ]
    stacked = [w if w.text != "6" else Word(160, 106, 165, 116, "6") for w in stacked]
    cells = build_cells(stacked, [50.0, 100.0, 150.0], [(90.0, 95.0), (95.0, 125.0)])
    assert cells == (("OTSL", "0.965", "2.73", "6"), ("HTML", "0.969", "5.39", ""))
    # a description wrapped over two lines in a ruled row stays one cell
    wrapped = [
        *_line(100, (10, "CURRENT_USER"), (100, "The"), (120, "effective"), (170, "user"), (195, "of")),
        *_line(112, (100, "the"), (120, "thread.")),
    ]
    cells = build_cells(wrapped, [90.0], [(90.0, 95.0), (95.0, 125.0)])
    assert cells == (("CURRENT_USER", "The effective user of the thread."),)


def test_rows_of_means_with_spreads_and_placeholders_between_two_rules_are_rows() -> None:
    """Booktabs body rows ("78.1 ± 0.2", "n/a") are values, not text wrapping from the line above."""
    body = [
        *_line(100, (10, "Transformer"), (95, "78.1"), (117, "±"), (125, "0.2"), (160, "n/a")),
        *_line(113, (10, "BERT-base"), (95, "52.1"), (117, "±"), (125, "0.5"), (160, "low")),
        *_line(126, (10, "w/o"), (27, "pretraining"), (95, "69.9"), (117, "±"), (125, "1.9"), (160, "yes")),
    ]
    cells = build_cells(body, [90.0, 150.0], [(85.0, 95.0), (95.0, 140.0)])
    assert cells == (
        ("Transformer", "78.1 ± 0.2", "n/a"),
        ("BERT-base", "52.1 ± 0.5", "low"),
        ("w/o pretraining", "69.9 ± 1.9", "yes"),
    )


def test_unruled_wrapped_text_without_a_row_label_carries_on() -> None:
    words = [
        *_line(100, (10, "Parser"), (100, "Reads"), (130, "ruled"), (160, "grids"), (190, "and")),
        *_line(112, (100, "aligned"), (140, "text"), (165, "columns.")),
        *_line(124, (10, "Ordering"), (100, "Sorts"), (130, "blocks.")),
    ]
    # a wrapped line holding two cells (its first is empty) still continues the row above
    words += _line(112, (60, "beta"))
    cells = build_cells(words, [50.0, 90.0], [(90.0, 140.0)])
    assert cells == (
        ("Parser", "beta", "Reads ruled grids and aligned text columns."),
        ("Ordering", "", "Sorts blocks."),
    )


def test_whitespace_columns_never_cut_a_word_and_spanning_headers_span() -> None:
    words = [
        *_line(100, (115, "Before"), (148, "Perturb")),
        *_line(115, (10, "Model"), (120, "dev"), (170, "test")),
        *_line(130, (10, "TABLEFORMERBASE"), (120, "75.1"), (170, "75.0")),
        *_line(145, (10, "Eisenschlos"), (68, "et"), (80, "al."), (120, "81.0"), (170, "81.0")),
    ]
    lines = text_lines(words)
    cuts = whitespace_columns(lines, min_gap(words))
    assert not any(w.x0 < c < w.x1 for w in words if w.text != "Perturb" for c in cuts)
    cells = build_cells(words, cuts, [(90.0, 160.0)])
    assert cells[0] == ("", "Before Perturb", None)  # the group header spans its two columns
    assert [c for c in cells[1] if c] == ["Model", "dev", "test"]
    assert "TABLEFORMERBASE" in cells[2] and "Eisenschlos et al." in cells[3]


UNRULED_STACKED = [("Model", "Dev", "Test"), ("TAPAS", "72.8", "72.3"), ("TableFormer", "75.1", "75.0")]


def test_unruled_rows_are_split_by_text_lines(tmp_path: Path) -> None:
    """Rows drawn closer than a line apart, with rules only around the table, come out one per line."""
    path = tmp_path / "stacked.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 100), "Table 2: Accuracy on the development and test sets.", fontsize=10)
    page.draw_line((90, 110), (400, 110))
    for i, row in enumerate(UNRULED_STACKED):
        for j, cell in enumerate(row):
            page.insert_text((100 + j * 120, 124 + i * 11), cell, fontsize=9)
        if i == 0:
            page.draw_line((90, 128), (400, 128))
    page.draw_line((90, 152), (400, 152))
    page.insert_textbox(pymupdf.Rect(72, 180, 540, 260), "Body text follows the table. " * 12, fontsize=10)
    doc.save(path)
    [table] = detect_page(path, 0).tables.visuals
    assert table.cells == tuple(UNRULED_STACKED)


# Cell strings each real table must contain (seen on the page by eye), and strings no cell may hold.
MUST_CONTAIN = {
    "2305.03393v1-pg9.pdf": (["OTSL", "0.965", "0.934"], ["HTML", "0.969", "0.927"]),
    "jhazmat2012_yu_pp1-2.pdf": (["Primary micropore volume (<8 ˚A)", "0.24 cm3/g"],),
    "redp5110_sampled.pdf": (
        ["FUNCTION_ID", "VARCHAR(30)", "ID of the function."],
        ["USER or SESSION_USER"],
        ["User action", "QIBM_DB_SECADM", "No Authority"],  # headers set vertically, read in order
    ),
    "stereo_kowalczuk.pdf": (
        ["ω", "Window size for cost aggregation", "33"],
        ["Our Method", "GeForce GTX 680"],
    ),
    "tableformer_yang2022.pdf": (
        ["Eisenschlos et al. (2020)", "81.0", "92.3"],
        ["TABLEFORMERBASE", "75.1", "75.0", "88.2"],
        ["TABLEFORMERBASE", "110 M - 2*512*768 + 12*12*13 = 110 M - 0.8 M + 0.002 M"],
        ["TAPASBASE", "61.1", "31.3"],
    ),
    "openie_banko2007.pdf": (["TEXTRUNNER", "12%", "11,476"],),
}


@pytest.mark.parametrize("name", sorted(MUST_CONTAIN))
def test_corpus_table_rows(corpus: Path, name: str) -> None:
    rows = [[c for c in r if c] for t in all_tables(corpus / "pdf" / name) for r in t.cells or ()]
    for want in MUST_CONTAIN[name]:
        assert any(all(c in r for c in want) for r in rows), (want, rows)
    cells = [c for r in rows for c in r]
    assert not any(c.endswith(" _") or "\x02" in c or c == "OTSL HTML" for c in cells)  # nor stacked rows
    # no cell cut inside a small-caps word or a surname
    assert not any(c in {"E", "T", "TA", "TAB"} or c.startswith(("isenschlos", "ABLEFORMER")) for c in cells)


# ------------------------------------------------------------------ stacked floats, long tables
def _booktabs(page: pymupdf.Page, x0: float, top: float, rows: int, caption: str | None = None) -> BBox:
    """A booktabs table (top, middle, bottom rule; no vertical rules) with its caption above."""
    if caption:
        page.insert_text((x0, top - 8), caption, fontsize=9, fontname="tiro")
    xs = (x0 + 4, x0 + 90, x0 + 150, x0 + 210)
    page.draw_line((x0, top), (x0 + 260, top), width=0.8)
    for x, head in zip(xs, ("Method", "Top-1", "F1", "Recall"), strict=True):
        page.insert_text((x, top + 11), head, fontsize=9, fontname="tibo")
    page.draw_line((x0, top + 15), (x0 + 260, top + 15), width=0.5)
    y = top + 15
    for r in range(rows):
        y += 13
        cells = (f"Model-{r}", f"{70 + r}.{r}", f"{50 + 2 * r}.1", f"{80 - r}.5 ± 0.{r}")
        for x, cell in zip(xs, cells, strict=True):
            page.insert_text((x, y), cell, fontsize=9, fontname="tiro")
    page.draw_line((x0, y + 4), (x0 + 260, y + 4), width=0.8)
    return BBox(x0, top, x0 + 260, y + 4)


def _line_plot(page: pymupdf.Page, box: BBox) -> None:
    """Axes (four thin lines), tick marks and two polylines with markers: a vector chart."""
    draw_axes(page, box, 0.6)
    x0, x1, bottom = box.x0, box.x1, box.bottom
    for k in range(6):
        x = x0 + k * (x1 - x0) / 5
        page.draw_line((x, bottom), (x, bottom + 3), width=0.6)
        page.insert_text((x - 3, bottom + 12), str(k * 2), fontsize=7)
    for shift in (0.0, 15.0):
        points = [
            (x0 + 10 + k * (x1 - x0 - 20) / 9, bottom - 15 - shift - 4 * k + (k % 3) * 6) for k in range(10)
        ]
        page.draw_polyline(points, width=1.0, color=(0.1, 0.3, 0.8))
        for p in points:
            page.draw_circle(p, 1.5, fill=(0.8, 0.3, 0.1), color=None)


def test_a_long_booktabs_table_is_read_to_its_bottom_rule(tmp_path: Path) -> None:
    """Twelve rows between the middle and the bottom rule (~160 pt) are still one table."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    want = _booktabs(page, 170, 90, 12, "Table 1: Comparison with prior work.")
    page.insert_text(
        (72, want.bottom + 40), "Body text after the table, a sentence that goes on. " * 2, fontsize=9
    )
    path = tmp_path / "long.pdf"
    pdf.save(path)
    result, _, _ = detect_page(path, 0)
    assert len(result.visuals) == 1 and result.visuals[0].bbox.iou(want) > 0.85
    assert len(result.visuals[0].cells or ()) == 13


def test_a_table_stacked_over_a_chart_keeps_its_own_box_and_the_chart_is_a_figure(tmp_path: Path) -> None:
    """Floats stacked in one column: the chart's axes must not join the table's rules."""
    from docbuild.sources import Source
    from parsers.pdf.parser import parse

    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    table = _booktabs(page, 170, 90, 5, "Table 1: Results on the benchmark.")
    chart = BBox(180, table.bottom + 14, 420, table.bottom + 174)
    _line_plot(page, chart)
    page.insert_text((180, chart.bottom + 26), "Figure 1: Accuracy as a function of model size.", fontsize=9)
    path = tmp_path / "stacked.pdf"
    pdf.save(path)
    doc = parse(Source(str(path), "pdf", path=path), PdfOptions(dpi=72, ocr="never"))
    [tab] = [n for n in doc.nodes if n.type is NodeType.TABLE]
    [fig] = [n for n in doc.nodes if n.type is NodeType.FIGURE]
    assert tab.bbox.iou(table) > 0.85 and tab.bbox.bottom < chart.top
    assert fig.label == "Figure 1" and fig.bbox.top >= table.bottom and fig.bbox.contains(chart, 2.0)


def test_a_caption_ends_where_the_first_cell_below_it_starts(tmp_path: Path) -> None:
    """A ruled grid right under its caption: the first column's cells are not caption text."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_text((232, 72), "Table 1. Results on PubMed.", fontsize=10.5, fontname="helv")
    xs, ys = (231, 293, 329, 381), [80 + 13 * k for k in range(7)]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.5)
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    rows = [
        ("Setting", "BLEU", "Acc."),
        ("ResNet-50", "yes", "41.5"),
        ("LSTM", "low", "80.1"),
        ("Transformer", "high", "89.6"),
        ("Linear", "low", "91.2"),
        ("Random", "no", "92.1"),
    ]
    for r, row in enumerate(rows):
        for x, cell in zip(xs, row, strict=False):
            page.insert_text((x + 3, ys[r] + 10), cell, fontsize=9, fontname="helv")
    path = tmp_path / "grid.pdf"
    pdf.save(path)
    result, _, _ = detect_page(path, 0)
    [table] = result.visuals
    assert table.caption == "Table 1. Results on PubMed." and len(table.cells or ()) == 6


def test_a_table_without_rules_stops_short_of_the_picture_below_it(tmp_path: Path) -> None:
    """A whitespace-aligned table read from its caption ends before the photo stacked under it."""
    from docbuild.sources import Source
    from parsers.pdf.parser import parse

    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_text((150, 80), "Table 2: Latency of the three services.", fontsize=9, fontname="tiro")
    rows = [
        ("Service", "p50", "p99"),
        ("Search", "12.1", "80.4"),
        ("Upload", "30.7", "212.0"),
        ("Feed", "8.2", "41.9"),
    ]
    for r, row in enumerate(rows):
        for x, cell in zip((150, 260, 330), row, strict=True):
            page.insert_text((x, 100 + 13 * r), cell, fontsize=9, fontname="tibo" if r == 0 else "tiro")
    photo = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(photo, "PNG")
    picture = pymupdf.Rect(150, 170, 450, 370)
    page.insert_image(picture, stream=photo.getvalue())
    page.insert_text((150, 386), "Figure 3: The data centre floor.", fontsize=9, fontname="tiro")
    path = tmp_path / "ruleless.pdf"
    pdf.save(path)
    doc = parse(Source(str(path), "pdf", path=path), PdfOptions(dpi=72, ocr="never"))
    [table] = [n for n in doc.nodes if n.type is NodeType.TABLE]
    [figure] = [n for n in doc.nodes if n.type is NodeType.FIGURE]
    assert table.bbox.bottom < picture.y0 and len(table.cells or ()) == 4
    assert figure.label == "Figure 3" and figure.bbox.iou(BBox(*picture)) > 0.9


def test_a_table_on_a_page_with_rotate_90_is_found_in_displayed_coordinates(tmp_path: Path) -> None:
    """A landscape table on a portrait page turned by /Rotate 90: words, rules and the table box
    all in the coordinates of the page as displayed."""
    src = pymupdf.open()
    landscape = src.new_page(width=842, height=595)
    want = _booktabs(landscape, 200, 150, 6, "Table 4: Results on the wide benchmark.")
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.show_pdf_page(page.rect, src, 0, rotate=90)
    page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    pdf.save(path)
    result, _, _ = detect_page(path, 0)
    [table] = result.visuals
    assert table.label == "Table 4" and table.bbox.iou(want) > 0.85
    assert table.cells is not None and table.cells[0][0] == "Method" and len(table.cells) == 7


def test_a_rule_less_table_in_the_middle_of_three_columns_stays_in_its_column(tmp_path: Path) -> None:
    """The text region a rule-less table is read from is its caption's column, not the page width."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    prose = "The parser reads every column of the page in turn and keeps their text in order. " * 14
    for x in (40, 590):
        page.insert_textbox(pymupdf.Rect(x, 60, x + 212, 540), prose, fontsize=9, fontname="tiro")
    page.insert_text((330, 190), "Table 1: Results on GLUE.", fontsize=9, fontname="tiro")
    rows = [("Setting", "Time (s)", "mAP"), ("Baseline", "0.729", "72.6"), ("Transformer", "0.831", "81.1")]
    rows += [("Random", "0.574", "74.3"), ("LSTM", "0.493", "96.0")]
    for r, row in enumerate(rows):
        for x, cell in zip((330, 420, 480), row, strict=True):
            page.insert_text((x, 210 + 14 * r), cell, fontsize=9, fontname="tibo" if r == 0 else "tiro")
    path = tmp_path / "three.pdf"
    pdf.save(path)
    result, _, _ = detect_page(path, 0)
    [table] = result.visuals
    assert table.label == "Table 1" and table.bbox.x0 >= 320 and table.bbox.x1 <= 560
    assert len(table.cells or ()) == 5


def test_a_grid_with_one_filled_cell_per_row_is_not_a_table() -> None:
    """Buttons and fields stacked in boxes (a web page printed to PDF) give a grid of single cells."""
    from parsers.pdf.tables import FoundTable, _plausible

    page = BBox(0, 0, 612, 792)
    stacked = (
        ("Pippin Lee", None),
        ("on Mar 17, 11 min", None),
        ("Next story", None),
        ("Next story", None),
        ("The author chose", "to make this story unlisted"),
        ("Share on Twitter", None),
        ("Share on Facebook", None),
        ("Share by email", None),
    )
    grid = (
        (None, "Indonesia", "Germany", "Austria"),
        ("Capital", "Jakarta", "Berlin", "Vienna"),
        ("Currency", "Rupiah", "EUR", "EUR"),
    )
    assert not _plausible(FoundTable(BBox(34, 230, 578, 454), stacked, None), page, [], [])
    assert _plausible(FoundTable(BBox(72, 414, 522, 535), grid, None), page, [], [])


def _listing_pdf(tmp_path: Path) -> Path:
    """Page 1: a register printed as aligned text (no caption, no rules). Page 2: prose in three columns."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 60), "Register of donations received during the campaign period.", fontsize=11)
    header = ["Surname", "Name", "ID number", "Date", "Amount"]
    xs = [72, 170, 280, 380, 470]
    people = [
        ("MENA", "JUAN", "27.083.460", "09/10/2013", "$ 10.000,00"),
        ("MOLLE", "MATIAS", "25.348.547", "09/10/2013", "$ 10.000,00"),
        ("PERAZZO", "PABLO", "25.348.394", "10/10/2013", "$ 5.000,00"),
        ("PICARDI", "FRANCO", "27.382.271", "11/10/2013", "$ 10.000,00"),
        ("PISONI", "CARLOS", "26.034.823", "11/10/2013", "$ 2.500,00"),
        ("PULESTON", "JUAN", "11.895.661", "12/10/2013", "$ 10.000,00"),
        ("REMON", "MABEL", "11.292.939", "14/10/2013", "$ 7.000,00"),
    ]
    for k, row in enumerate([tuple(header), *people]):
        for x, cell in zip(xs, row, strict=True):
            page.insert_text((x, 100 + 16 * k), cell, fontsize=9)
    words = [
        "the",
        "model",
        "reads",
        "each",
        "page",
        "of",
        "the",
        "corpus",
        "and",
        "keeps",
        "the",
        "order",
        "of",
        "its",
        "text",
    ]
    page = doc.new_page(width=612, height=792)
    for col in range(3):
        for line in range(40):
            text = " ".join(words[(line + col + i) % len(words)] for i in range(6))
            page.insert_text((40 + 185 * col, 60 + 16 * line), text, fontsize=9)
    path = tmp_path / "listing.pdf"
    doc.save(path)
    doc.close()
    return path


def test_a_listing_of_aligned_text_is_a_table_and_three_prose_columns_are_not(tmp_path: Path) -> None:
    path = _listing_pdf(tmp_path)
    first, _, _ = detect_page(path, 0)
    (table,) = first.visuals
    assert table.cells is not None and len(table.cells) == 8
    assert table.cells[0] == ("Surname", "Name", "ID number", "Date", "Amount")
    assert table.cells[3] == ("PERAZZO", "PABLO", "25.348.394", "10/10/2013", "$ 5.000,00")
    assert any(b.text.startswith("Register of donations") for b in first.blocks)
    second, _, _ = detect_page(path, 1)
    assert second.visuals == []


def test_a_stray_long_cell_does_not_merge_two_columns_of_a_long_table() -> None:
    lines = []
    for k in range(24):
        top = 10.0 * k
        if k == 7:  # one surname so long that it runs over the next column's gap
            lines.append(
                [Word(0, top, 140, top + 8, "VALSANGIACOMO BLANCO"), Word(230, top, 270, top + 8, "5.000")]
            )
            continue
        lines.append(
            [
                Word(0, top, 40, top + 8, "MENA"),
                Word(130, top, 170, top + 8, "JUAN"),
                Word(230, top, 270, top + 8, "10.000"),
            ]
        )
    cuts = whitespace_columns(lines, 3.2)
    assert len(cuts) == 2 and 40 < cuts[0] < 130 and 170 < cuts[1] < 230
    # a short table allows no crossing: there the long cell may be a header over two columns
    assert len(whitespace_columns(lines[:10], 3.2)) == 1
