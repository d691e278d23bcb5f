"""benchmarks/figgen.py run small: synthetic papers with known figures and tables, scored end to end."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pymupdf
import pytest
from conftest import load_script

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent


def _figgen() -> ModuleType:
    return load_script("benchmarks/figgen.py", "figgen")


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict]]:
    out = tmp_path_factory.mktemp("figgen")
    pairs = _figgen().generate(out, count=2, seed=1)
    return [(pdf, json.loads(gt.read_text())) for pdf, gt in pairs]


def assert_consistent(pdf: Path, gt: dict) -> None:
    """Every box lies inside its page, floats do not overlap, and each caption is on its page."""
    assert gt["figures"] and gt["tables"]
    objects = gt["figures"] + gt["tables"] + gt.get("others", [])
    with pymupdf.open(pdf) as doc:
        assert doc.page_count == gt["pages"] == len(gt["page_sizes"])
        for obj in objects:
            w, h = gt["page_sizes"][str(obj["page"])]
            assert [round(v, 2) for v in doc[obj["page"] - 1].rect[2:]] == [w, h], (pdf.name, obj["page"])
            x0, top, x1, bottom = obj["bbox"]
            assert 0 <= x0 < x1 <= w and 0 <= top < bottom <= h, (pdf.name, obj["label"])
            words = " ".join(doc[obj["page"] - 1].get_text().split())
            assert obj["caption"][:30] in words, (pdf.name, obj["label"])
        for page in range(1, gt["pages"] + 1):
            boxes = [pymupdf.Rect(o["bbox"]) for o in objects if o["page"] == page]
            for i, a in enumerate(boxes):
                assert all((a & b).is_empty for b in boxes[i + 1 :]), (pdf.name, page)


def test_ground_truth_is_self_consistent(papers: list[tuple[Path, dict]]) -> None:
    """Every box lies inside its page, floats do not overlap, and each caption is on its page."""
    for pdf, gt in papers:
        assert gt["figures"] and gt["tables"]
        with pymupdf.open(pdf) as doc:
            assert doc.page_count == gt["pages"] == len(gt["page_sizes"])
            for obj in gt["figures"] + gt["tables"]:
                w, h = gt["page_sizes"][str(obj["page"])]
                x0, top, x1, bottom = obj["bbox"]
                assert 0 <= x0 < x1 <= w and 0 <= top < bottom <= h, (pdf.name, obj["label"])
                words = " ".join(doc[obj["page"] - 1].get_text().split())
                assert obj["caption"][:30] in words, (pdf.name, obj["label"])
            for page in range(1, gt["pages"] + 1):
                boxes = [pymupdf.Rect(o["bbox"]) for o in gt["figures"] + gt["tables"] if o["page"] == page]
                for i, a in enumerate(boxes):
                    assert all((a & b).is_empty for b in boxes[i + 1 :]), (pdf.name, page)


def test_parser_finds_the_generated_figures_and_tables(papers: list[tuple[Path, dict]]) -> None:
    """The real parser runs on every paper; recall floors sit well below the measured values."""
    figgen = _figgen()
    tally = figgen.Tally()
    results = [
        figgen.score_file(pdf, gt, figgen.PdfOptions(ocr="never", dpi=72), tally)[0] for pdf, gt in papers
    ]
    total = figgen.summarise(results)
    # measured with seed 1: figures 9/9 (recall 1.0), tables 5/5 (recall 1.0), captions all right
    assert total.figures.recall >= 0.75
    assert total.tables.recall >= 0.6


def test_hard_papers_are_consistent_and_parse(tmp_path: Path) -> None:
    """--hard layouts (3 columns, side notes, rotated pages, composite floats): GT holds together and the
    parser runs on them; no accuracy floor, the point of --hard is to find failures."""
    figgen = _figgen()
    pairs = figgen.generate(tmp_path, count=2, seed=10, hard=True)
    tally = figgen.Tally()
    for pdf, gt_path in pairs:
        gt = json.loads(gt_path.read_text())
        assert "others" in gt and gt["layout"]["name"]
        assert_consistent(pdf, gt)
        for obj in gt["figures"] + gt["tables"]:
            assert obj["caption_pos"] in ("above", "below", "beside"), (pdf.name, obj["label"])
        figgen.score_file(pdf, gt, figgen.PdfOptions(ocr="never", dpi=72), tally)
