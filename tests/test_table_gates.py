"""Tables no caption or rule announces, only their rows of figures: built page by page in code."""

from __future__ import annotations

import pymupdf
import pytest

from parsers.pdf import grids
from parsers.pdf.text import extract_blocks
from tests.pdfpages import detect_page

SCORES = [
    ("Model", "Top-1", "Params", "BLEU", "Time"),
    ("Oracle", "59.0", "223", "0.807", "12.5"),
    ("ViT-B/16", "97.0", "2191", "0.729", "8.1"),
    ("LSTM", "92.2", "726", "0.567", "3.3"),
    ("Ours", "47.6", "2471", "0.325", "9.9"),
    ("Random", "11.2", "18", "0.101", "0.4"),
    ("Linear", "60.3", "145", "0.612", "2.2"),
]
PROSE = "The models were trained on the same split and evaluated on the held-out set. " * 4


def _close_table(gap: float, size: float = 9) -> pymupdf.Document:
    """Prose, a table of left-aligned columns ``gap`` font sizes apart (no caption, no rule), prose."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(72, 72, 540, 160), PROSE, fontsize=10)
    widths = [max(pymupdf.get_text_length(r[c], fontsize=size) for r in SCORES) for c in range(5)]
    for k, row in enumerate(SCORES):
        x = 72.0
        for c, cell in enumerate(row):
            page.insert_text((x, 190 + 12 * k), cell, fontsize=size)
            x += widths[c] + gap * size
    page.insert_textbox(pymupdf.Rect(72, 290, 540, 400), PROSE, fontsize=10)
    return pdf


@pytest.mark.parametrize("gap", [0.8, 1.0, 1.2, 1.4])
def test_a_rule_less_table_with_close_columns_is_found(gap: float) -> None:
    """Columns less than the line splitter's 1.6 font sizes apart: each row comes as one line (or
    pieces parted after short cells), so no row showed three pieces side by side and the page was
    never searched; the rows are figures, stacked, and the blank strips down them are the columns."""
    [table] = detect_page(_close_table(gap)).tables.visuals
    assert table.cells == tuple(SCORES)
    assert table.bbox is not None and table.bbox.top > 175 and table.bbox.bottom < 270


def test_prose_full_of_figures_does_not_open_the_page() -> None:
    """A paragraph quoting many numbers, and a numbered list of results, are not rows of a table:
    their lines have words between the figures, or one figure each."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=612, height=792)
    text = (
        "In 2019 the model reached 71.2 on the test set and 68.4 on the held-out split, up from 64.0 "
        "in 2018; with 12 layers instead of 6 it took 3.5 days on 8 GPUs, and 1.2 days with 32 of them. "
    ) * 3
    page.insert_textbox(pymupdf.Rect(72, 72, 300, 400), text, fontsize=10)
    for k in range(6):
        page.insert_text((320, 90 + 14 * k), f"{k + 1}. Run {k + 1} scored {60 + k}.5 points", fontsize=10)
    blocks = extract_blocks(pdf[0], 0)
    lines = [(ln["text"], ln["bbox"]) for b in blocks for ln in b.meta.get("lines", ())]
    assert not grids.worth_searching(lines)
    assert detect_page(pdf).tables.visuals == []
