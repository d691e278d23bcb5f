"""Table layouts that made rule-less tables overgrow, merge or go unseen: built page by page in code."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docbuild.model import BBox
from tests.pdfpages import detect_page, draw_axes

ROWS = [
    ("Model", "Top-1", "Params (M)", "BLEU"),
    ("Oracle", "59.0", "223", "0.807"),
    ("ViT-B/16", "97.0", "2191", "0.729"),
    ("LSTM", "92.2", "726", "0.567"),
    ("Ours", "47.6", "2471", "0.325"),
]


def _rows(page: pymupdf.Page, x: float, top: float, rows: list[tuple[str, ...]], step: float = 15) -> float:
    """A table of aligned text, no rules: first column at ``x``, the others 70 points apart."""
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.insert_text((x + 90 * (c > 0) + 60 * max(c - 1, 0), top + step * r), cell, fontsize=9)
    return top + step * (len(rows) - 1) + 3


def test_a_rule_less_table_ends_at_its_last_row_not_at_a_line_far_below(tmp_path: Path) -> None:
    """Under a rule-less table nothing but a page number, or a stray line after a blank: the table
    keeps the rows set at its own spacing (it used to run down to the page number)."""
    pdf = pymupdf.open()
    for stray in ("7", "outperforms the noisy schedule, which supports the structure."):
        page = pdf.new_page(width=612, height=792)
        page.insert_text((120, 80), "Table 2: Ablation of the attention on SVHN.", fontsize=9)
        bottom = _rows(page, 120, 100, ROWS)
        page.insert_text((120 if len(stray) > 1 else 300, bottom + 22 if len(stray) > 1 else 760), stray)
    path = tmp_path / "stray.pdf"
    pdf.save(path)
    for k in range(2):
        [table] = detect_page(path, k).tables.visuals
        assert table.label == "Table 2" and table.cells == tuple(ROWS)
        assert table.bbox is not None and table.bbox.bottom <= bottom + 1


DEVELOPERS = [
    ("Linus Torvalds", "312", "2.1%"),
    ("Arnd Bergmann", "254", "1.7%"),
    ("Jakub Kicinski", "201", "1.4%"),
    ("Jani Nikula", "187", "1.3%"),
    ("Thomas Gleixner", "170", "1.2%"),
    ("Chris Wilson", "158", "1.1%"),
]


def _developers(page: pymupdf.Page, x: float, top: float, title: str) -> None:
    """An LWN-style contributor table: a title over name, count and share columns, no rules."""
    page.insert_text((x, top), title, fontsize=9, fontname="hebo")
    for r, row in enumerate(DEVELOPERS, start=1):
        for dx, cell in zip((0, 90, 125), row, strict=True):
            page.insert_text((x + dx, top + 13 * r), cell, fontsize=9, fontname="helv")


def test_two_contributor_tables_side_by_side_are_two_tables(tmp_path: Path) -> None:
    """Two aligned-text tables next to each other, no caption or rule: parted at the blank strip
    between them, far wider than their own column gaps (they were read as one six-column table)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(72, 60, 540, 120), "Most active developers of the cycle. " * 6)
    _developers(page, 72, 140, "By changesets")
    _developers(page, 330, 140, "By changed lines")
    path = tmp_path / "pair.pdf"
    pdf.save(path)
    tables = detect_page(path).tables.visuals
    assert len(tables) == 2
    left, right = sorted(tables, key=lambda t: t.bbox.x0 if t.bbox else 0)
    assert left.bbox is not None and left.bbox.x1 < 250 and right.bbox is not None and right.bbox.x0 > 320
    assert left.cells is not None and left.cells[-1] == DEVELOPERS[-1]


def test_captioned_tables_side_by_side_each_keep_their_own(tmp_path: Path) -> None:
    """Two rule-less tables next to each other under captions at different heights: each caption
    takes the table under it, not both as one wide table."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=792, height=612)
    page.insert_text((120, 80), "Table 1: Ablation of the attention on SVHN.", fontsize=9)
    _rows(page, 120, 100, ROWS)
    page.insert_text((450, 80), "Table 2: Results on the held-out split.", fontsize=9)
    right = [("Setting", "Acc.", "F1", "Time (s)"), *[(r[0], r[3], r[1], r[2]) for r in ROWS[1:]]]
    _rows(page, 450, 100, [*right, ("Random", "0.101", "12.0", "9")])
    path = tmp_path / "captioned-pair.pdf"
    pdf.save(path)
    tables = {t.label: t for t in detect_page(path).tables.visuals}
    assert set(tables) == {"Table 1", "Table 2"}
    assert tables["Table 1"].cells == tuple(ROWS) and tables["Table 1"].bbox.x1 < 400
    assert tables["Table 2"].bbox.x0 > 440 and len(tables["Table 2"].cells or ()) == 6


def _booktabs(page: pymupdf.Page, x0: float, top: float, caption: str) -> BBox:
    """A booktabs table (top, middle and bottom rule, no vertical rules) under its caption."""
    page.insert_text((x0, top - 8), caption, fontsize=9)
    page.draw_line((x0, top), (x0 + 230, top), width=0.8)
    page.draw_line((x0, top + 14), (x0 + 230, top + 14), width=0.5)
    bottom = _rows(page, x0 + 4, top + 11, ROWS, step=13) + 2
    page.draw_line((x0, bottom), (x0 + 230, bottom), width=0.8)
    return BBox(x0, top, x0 + 230, bottom)


def _heatmap(page: pymupdf.Page, box: BBox) -> None:
    """A heatmap as matplotlib draws it: the cells one picture, the axes four rules on its edges,
    tick marks outside and tick labels (rows H0.., columns L0..); a colour bar beside it."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 6, 7), False)
    for x in range(6):
        for y in range(7):
            pix.set_pixel(x, y, ((37 * x + 91 * y) % 256, (53 * x * y) % 256, (200 - 29 * y) % 256))
    page.insert_image(pymupdf.Rect(*box.as_list()), pixmap=pix, keep_proportion=False)
    draw_axes(page, box, 0.8)
    x0, top, x1, bottom = box.x0, box.top, box.x1, box.bottom
    for k in range(7):
        y = top + (k + 0.5) * box.height / 7
        page.draw_line((x0 - 3.5, y), (x0, y), width=0.8)
        page.insert_text((x0 - 18, y + 3), f"H{k}", fontsize=8)
    for k in range(6):
        x = x0 + (k + 0.5) * box.width / 6
        page.draw_line((x, bottom), (x, bottom + 3.5), width=0.8)
        page.insert_text((x - 5, bottom + 12), f"L{k}", fontsize=8)
    bar = pymupdf.Rect(x1 + 8, top, x1 + 15, bottom)
    ramp = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 1, 16), False)
    for y in range(16):
        ramp.set_pixel(0, y, (250 - 15 * y, 200 - 10 * y, 40 + 10 * y))
    page.insert_image(bar, pixmap=ramp, keep_proportion=False)
    page.draw_rect(bar, color=(0, 0, 0), width=0.8)
    for k in range(4):
        y = top + (k + 1) * box.height / 5
        page.draw_line((bar.x1, y), (bar.x1 + 3.5, y), width=0.8)
        page.insert_text((bar.x1 + 5, y + 3), f"0.{8 - 2 * k}", fontsize=8)


def test_a_heatmap_under_a_booktabs_table_is_not_part_of_it(tmp_path: Path) -> None:
    """A heatmap stacked right under a booktabs table: its axes are rules on the edges of a picture,
    with ticks outside, which frame a plot, not table rows (the table ran down over the heatmap)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    table = _booktabs(page, 324, 120, "Table 2: Statistics of the datasets used in our experiments.")
    _heatmap(page, BBox(380, table.bottom + 22, 505, table.bottom + 168))
    page.insert_text(
        (324, table.bottom + 200), "Figure 5: Effect of the scale on Log-likelihood.", fontsize=9
    )
    path = tmp_path / "heatmap.pdf"
    pdf.save(path)
    [found] = detect_page(path).tables.visuals
    assert found.label == "Table 2" and found.bbox is not None and found.bbox.iou(table) > 0.85
    assert found.cells is not None and len(found.cells) == len(ROWS)


def _ruled_grid(page: pymupdf.Page, x0: float, top: float, rows: list[tuple[str, ...]]) -> BBox:
    """A fully ruled grid: a rule around every cell."""
    xs, ys = [x0 + 80 * k for k in range(len(rows[0]) + 1)], [top + 16 * k for k in range(len(rows) + 1)]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.5)
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    for r, row in enumerate(rows):
        for x, cell in zip(xs, row, strict=False):
            page.insert_text((x + 4, ys[r] + 12), cell, fontsize=9)
    return BBox(xs[0], ys[0], xs[-1], ys[-1])


def test_captions_below_tables_each_keep_the_table_above_them(tmp_path: Path) -> None:
    """Captions set under their tables: a rule-less table, its caption, a ruled grid, its caption.
    The ruled grid belongs to the caption under it; the caption over it (the usual place for a
    table's caption) took it and the rule-less table above went unseen."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    bottom = _rows(page, 140, 100, ROWS)
    page.insert_text((220, bottom + 14), "TABLE II", fontsize=9)
    page.insert_text((150, bottom + 26), "Statistics of the datasets used in our experiments.", fontsize=9)
    grid = _ruled_grid(page, 130, bottom + 38, [(r[0], r[3], r[1]) for r in ROWS])
    page.insert_text((220, grid.bottom + 14), "TABLE III", fontsize=9)
    page.insert_text((150, grid.bottom + 26), "Accuracy of the models on the held-out split.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, grid.bottom + 50, 540, 400), "The body text goes on here. " * 20)
    path = tmp_path / "captions-below.pdf"
    pdf.save(path)
    tables = {t.label: t for t in detect_page(path).tables.visuals}
    assert set(tables) == {"Table 2", "Table 3"}
    assert tables["Table 2"].cells == tuple(ROWS) and tables["Table 2"].bbox.bottom <= bottom + 1
    assert tables["Table 3"].bbox is not None and tables["Table 3"].bbox.iou(grid) > 0.9


def test_a_group_header_line_over_a_rule_less_table_is_its_first_row(tmp_path: Path) -> None:
    """Group names centred over the columns they span, right on top of a rule-less table whose
    caption is under it: the line is the table's first row (it was left out of the box)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(72, 60, 540, 110), "The body text comes first on the page. " * 8)
    page.insert_text((246, 130), "SQuAD", fontsize=9)
    page.insert_text((342, 130), "GLUE", fontsize=9)
    bottom = _rows(page, 140, 142, ROWS)
    page.insert_text((140, bottom + 16), "Table 4: Results on two benchmarks.", fontsize=9)
    path = tmp_path / "group-header.pdf"
    pdf.save(path)
    [table] = detect_page(path).tables.visuals
    assert table.label == "Table 4" and table.bbox is not None and table.bbox.top < 124
    assert table.cells is not None and table.cells[1:] == tuple(ROWS)
    assert [c for c in table.cells[0] if c] == ["SQuAD", "GLUE"]


def test_a_small_print_column_level_with_the_caption_bounds_its_table(tmp_path: Path) -> None:
    """Three columns: a caption and a table with a header rule only in the middle one, a reference
    list in small print in the right one, level with the caption. The references are the next
    column though no paragraph of body text (the search region ran over them and found no table)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    body = "The uniform policy largely reflects the weak threshold in learned embeddings. " * 9
    page.insert_textbox(pymupdf.Rect(45, 60, 205, 700), body, fontsize=9)
    page.insert_textbox(pymupdf.Rect(224, 60, 385, 250), body[:400], fontsize=9)
    page.insert_textbox(
        pymupdf.Rect(224, 262, 385, 290),
        "Table 3: Statistics of the datasets used in our experiments.",
        fontsize=9,
    )
    rows = [(r[0], r[1], r[3]) for r in ROWS]
    for k, row in enumerate(rows):
        for x, cell in zip((230, 300, 340), row, strict=True):
            page.insert_text((x, 310 + 14 * k), cell, fontsize=8)
    page.draw_line((226, 314), (375, 314), width=0.5)
    page.insert_textbox(pymupdf.Rect(224, 390, 385, 700), body, fontsize=9)
    refs = "".join(
        f"[{k}] A. Author and B. Author. The sparse label preserves the reward. In Proc. {2010 + k}. "
        for k in range(12)
    )
    page.insert_textbox(pymupdf.Rect(403, 200, 565, 700), refs, fontsize=7)
    path = tmp_path / "three-columns.pdf"
    pdf.save(path)
    [table] = detect_page(path).tables.visuals
    assert table.label == "Table 3" and table.cells == tuple(rows)
    assert table.bbox is not None and table.bbox.x1 < 400
