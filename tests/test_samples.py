"""The generated samples are valid, up to date, and their truth files describe what is drawn."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pymupdf
import pytest

from tests.conftest import SAMPLES

NAMES = ["two-column", "raster-figure", "ruled-table", "three-column"]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("samples_generate", SAMPLES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF samples regenerated into a temporary folder."""
    out = tmp_path_factory.mktemp("samples")
    gen = _generator()
    for build in (gen.two_column, gen.raster_figure, gen.ruled_table, gen.three_column):
        build(out)
    gen.check(out)
    return out


def _truth(folder: Path, name: str) -> dict:
    return json.loads((folder / f"{name}.truth.json").read_text(encoding="utf-8"))


def _ink(page: pymupdf.Page, bbox: list[float]) -> float:
    """Share of non-white pixels inside a box, rendered at 72 dpi."""
    pix = page.get_pixmap(clip=pymupdf.Rect(bbox), dpi=72, colorspace=pymupdf.csGRAY)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8)
    return float((pixels < 200).mean()) if pixels.size else 0.0


def _all_boxes(truth: dict) -> list[tuple[str, int, list[float]]]:
    boxes = [(f"figure {f['label']}", f["page_index"], f["bbox"]) for f in truth["figures"]]
    boxes += [(f"table {t['label']}", t["page_index"], t["bbox"]) for t in truth["tables"]]
    for block in truth["blocks"]:
        boxes += [(block["text"][:30], p["page_index"], p["bbox"]) for p in block["parts"]]
    boxes += [(f["text"], f["page_index"], f["bbox"]) for f in truth["furniture"] + truth["footnotes"]]
    return boxes


@pytest.mark.parametrize("name", NAMES)
def test_committed_samples_are_current(fresh: Path, name: str) -> None:
    """Generation is deterministic and samples/ holds exactly what the generator writes."""
    for suffix in (".pdf", ".truth.json"):
        assert (fresh / f"{name}{suffix}").read_bytes() == (SAMPLES / f"{name}{suffix}").read_bytes(), (
            f"samples/{name}{suffix} is stale: run `python samples/generate.py`"
        )


@pytest.mark.parametrize("name", NAMES)
def test_pdf_opens_with_declared_pages(fresh: Path, name: str) -> None:
    truth = _truth(fresh, name)
    with pymupdf.open(fresh / f"{name}.pdf") as doc:
        assert doc.page_count == truth["pages"] == len(truth["page_sizes"])
        assert doc.metadata["creationDate"] == "D:20240101000000Z"
        for page, size in zip(doc, truth["page_sizes"], strict=True):
            assert [page.rect.width, page.rect.height] == size


@pytest.mark.parametrize("name", NAMES)
def test_truth_boxes_lie_on_page_and_hold_ink(fresh: Path, name: str) -> None:
    truth = _truth(fresh, name)
    with pymupdf.open(fresh / f"{name}.pdf") as doc:
        for what, index, bbox in _all_boxes(truth):
            page = doc[index]
            x0, top, x1, bottom = bbox
            assert 0 <= x0 < x1 <= page.rect.width and 0 <= top < bottom <= page.rect.height, what
            assert _ink(page, bbox) > 0.01, f"{name}: nothing drawn in the box of {what!r}"


@pytest.mark.parametrize("name", NAMES)
def test_visual_boxes_are_tight(fresh: Path, name: str) -> None:
    """A figure/table box has ink along each of its four edges (no slack margin)."""
    truth = _truth(fresh, name)
    with pymupdf.open(fresh / f"{name}.pdf") as doc:
        for visual in truth["figures"] + truth["tables"]:
            x0, top, x1, bottom = visual["bbox"]
            strips = [(x0, top, x0 + 4, bottom), (x1 - 4, top, x1, bottom)]
            strips += [(x0, top, x1, top + 4), (x0, bottom - 4, x1, bottom)]
            for strip in strips:
                assert _ink(doc[visual["page_index"]], list(strip)) > 0.0, (name, visual["label"], strip)


@pytest.mark.parametrize("name", NAMES)
def test_block_text_is_where_the_truth_says(fresh: Path, name: str) -> None:
    """The words whose centres fall in a block's first part start with the block's first words."""
    truth = _truth(fresh, name)
    with pymupdf.open(fresh / f"{name}.pdf") as doc:
        words = {i: page.get_text("words") for i, page in enumerate(doc)}
        for block in truth["blocks"]:
            part = block["parts"][0]
            box = pymupdf.Rect(part["bbox"])
            page_words = words[part["page_index"]]
            inside = [w[4] for w in page_words if box.contains(((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))]
            expected = block["text"].split()[:3]
            assert inside[:3] == expected, (name, block["text"][:40], inside[:5])


def test_two_column_exercises_the_paper_layout(fresh: Path) -> None:
    truth = _truth(fresh, "two-column")
    assert [f["label"] for f in truth["figures"]] == ["Figure 1", "Figure 2"]
    assert truth["figures"][0]["bbox"][2] - truth["figures"][0]["bbox"][0] > 450  # figure* spans both columns
    assert truth["figures"][1]["caption"].startswith("Fig. 2. ")
    assert truth["headers"] == ["Interleaved Corpora from Scientific PDFs"] * truth["pages"]
    assert truth["footers"] == [str(i + 1) for i in range(truth["pages"])]
    assert truth["hyphenated"], "no line-end hyphenation was produced"
    assert len(truth["footnotes"]) == 1
    kinds = {b["kind"] for b in truth["blocks"]}
    assert {"heading", "paragraph", "list_item", "caption", "equation"} <= kinds
    mentioned = {(m["text"], m["target_label"]) for m in truth["mentions"]}
    assert {("Fig. 1", "Figure 1"), ("Figure 2(b)", "Figure 2"), ("Table 1", "Table 1")} <= mentioned
    assert {("Figs. 1 and 2", "Figure 1"), ("Figs. 1 and 2", "Figure 2")} <= mentioned
    assert any(b["text"].endswith("(1)") for b in truth["blocks"] if b["kind"] == "equation")


def test_ruled_tables_have_consistent_grids(fresh: Path) -> None:
    truth = _truth(fresh, "ruled-table")
    for table in truth["tables"]:
        assert len(table["cells"]) == table["rows"]
        assert all(len(row) == table["cols"] for row in table["cells"])
        assert table["caption_bbox"][3] <= table["bbox"][1], "table captions sit above their tables"
    assert truth["tables"][1]["caption"].startswith("TABLE II")
    assert None in truth["tables"][1]["cells"][0], "TABLE II has a merged header cell"
    first, second = truth["figures"]
    assert first["page_index"] == second["page_index"] and first["bbox"][2] < second["bbox"][0]


def test_header_logo_is_one_repeated_image(fresh: Path) -> None:
    truth = _truth(fresh, "raster-figure")
    with pymupdf.open(fresh / "raster-figure.pdf") as doc:
        shared = set.intersection(*({img[0] for img in page.get_images()} for page in doc))
        assert len(truth["header_images"]) == doc.page_count and len(shared) == 1
        for item in truth["header_images"] + truth["figures"]:
            infos = doc[item["page_index"]].get_image_info()
            assert any(_same(i["bbox"], item["bbox"]) for i in infos), item


def _same(a: tuple[float, ...] | list[float], b: list[float]) -> bool:
    return all(abs(x - y) < 0.05 for x, y in zip(a, b, strict=True))


def test_sequence_places_captions_right_after_their_visual(fresh: Path) -> None:
    for name in NAMES:
        seq = _truth(fresh, name)["sequence"]
        for i, item in enumerate(seq):
            if item["type"] in ("figure", "table"):
                assert seq[i + 1]["kind"] == "caption", (name, i)


def test_long_pdf_generator_writes_exact_page_count(tmp_path: Path) -> None:
    """benchmarks/longpdf.py (run small here): exact pages, text on each, charts and a ruled table."""
    spec = importlib.util.spec_from_file_location("longpdf", SAMPLES.parent / "benchmarks" / "longpdf.py")
    assert spec and spec.loader
    longpdf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(longpdf)
    out = longpdf.build(tmp_path / "long.pdf", pages=6)
    with pymupdf.open(out) as doc:
        assert doc.page_count == 6
        assert all(len(page.get_text("words")) > 300 for page in doc)
        assert sum(1 for page in doc if page.get_drawings()) >= 2
        assert any("Table 1:" in page.get_text() for page in doc)
