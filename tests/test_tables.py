"""Table detection: ruled and booktabs tables, captions above or below, cells and Markdown."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from conftest import sample

from docbuild.model import BBox, Node, NodeType
from docbuild.options import PdfOptions
from parsers.pdf.figures import VisualResult, build_context
from parsers.pdf.tables import detect_tables, to_markdown
from parsers.pdf.text import extract_blocks

OPTIONS = PdfOptions(dpi=72)


def tables_on(path: Path, page_index: int, options: PdfOptions = OPTIONS) -> tuple[VisualResult, list[Node]]:
    with pymupdf.open(path) as pdf:
        context = build_context(pdf)
        page = pdf[page_index]
        blocks = extract_blocks(page, page_index)
        return detect_tables(page, page_index, blocks, options, context), blocks


def all_tables(path: Path) -> list[Node]:
    with pymupdf.open(path) as pdf:
        count = len(pdf)
    return [t for i in range(count) for t in tables_on(path, i)[0].visuals]


def test_ruled_and_booktabs_tables_match_truth() -> None:
    truth = json.loads(sample("ruled-table.truth.json").read_text())
    result, _ = tables_on(sample("ruled-table.pdf"), 0)
    assert [t.label for t in result.visuals] == ["Table 1", "Table 2"]
    for want, got in zip(truth["tables"], result.visuals, strict=True):
        assert got.bbox is not None and got.bbox.iou(BBox(*want["bbox"])) > 0.9
        assert got.caption is not None
        assert " ".join(got.caption.split()).lower() == " ".join(want["caption"].split()).lower()
    # a fully ruled grid, then booktabs with a header group spanning two columns (None = spanned)
    assert [list(r) for r in result.visuals[0].cells or ()] == truth["tables"][0]["cells"]
    assert [list(r) for r in result.visuals[1].cells or ()] == truth["tables"][1]["cells"]


def test_table_node_carries_markdown_crop_and_caption_link() -> None:
    result, _ = tables_on(sample("ruled-table.pdf"), 0)
    table = result.visuals[0]
    assert table.type is NodeType.TABLE
    assert table.text.splitlines()[:2] == ["| Document | Pages | Figures | Tables |", "|---|---|---|---|"]
    assert table.image is not None and table.image.mime == "image/png" and table.image.width
    [caption] = [b for b in result.blocks if b.id == table.caption_id]
    assert caption.type is NodeType.CAPTION and caption.meta["caption_of"] == table.id


def test_cell_text_leaves_the_block_flow() -> None:
    result, blocks = tables_on(sample("ruled-table.pdf"), 0)
    remaining = " ".join(b.text for b in result.blocks)
    assert "Column-aware" in " ".join(b.text for b in blocks)
    assert "Column-aware" not in remaining


def test_tables_never_skips_detection() -> None:
    result, blocks = tables_on(sample("ruled-table.pdf"), 0, PdfOptions(dpi=72, tables="never"))
    assert result.visuals == [] and result.blocks == blocks


def test_auto_mode_does_not_search_pages_without_rules_or_captions(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("find_tables called on a page with nothing pointing at a table")

    monkeypatch.setattr(pymupdf.Page, "find_tables", boom)
    result, _ = tables_on(sample("three-column.pdf"), 1)
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
    result, _ = tables_on(path, 0)
    [table] = result.visuals
    assert table.label == "Table 3"
    assert table.cells == tuple(UNRULED)
    assert table.bbox is not None and table.bbox.top > 180 and table.bbox.bottom < 300  # prose left out
    assert "Extraction quality" in " ".join(b.text for b in result.blocks)


def test_cut_word_starts_are_glued_back_but_letter_columns_stay() -> None:
    from parsers.pdf.tables import _join_slivers

    cut = (("E", "isenschlos et al.", "81.0"), ("TA", "BLEFORMER", "75.1"), ("", "Model", "1.0"))
    assert _join_slivers(cut) == (("Eisenschlos et al.", "81.0"), ("TABLEFORMER", "75.1"), ("Model", "1.0"))
    grades = (("A", "Excellent"), ("B", "Good"))
    assert _join_slivers(grades) == grades


def test_rows_stacked_between_group_rules_are_split_but_wrapped_text_is_not() -> None:
    from parsers.pdf.tables import _unstack

    stacked = [("TAPAS\nTABLEFORMER", "72.8\n75.1", "72.3\n75.0")]
    assert _unstack(stacked) == [("TAPAS", "72.8", "72.3"), ("TABLEFORMER", "75.1", "75.0")]
    wrapped = [("CURRENT USER\n_", "The effective user of the thread.\nWhen no adopted authority")]
    assert _unstack(wrapped) == wrapped
