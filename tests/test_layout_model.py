"""Learned layout backend: rapid-layout's bundled CDLA model, boxes in points, visuals and labels."""

from __future__ import annotations

import pymupdf
import pytest

from docbuild.model import BBox, NodeType
from docbuild.options import PdfOptions
from parsers.pdf import layout_model as lm
from parsers.pdf.text import extract_blocks
from tests.scanned import FIGURE_BOX, born_digital, with_figure

pytest.importorskip("onnxruntime")
pytest.importorskip("rapid_layout")
MODEL = PdfOptions(layout="model", dpi=72)


@pytest.fixture(scope="module")
def figure_page() -> pymupdf.Page:
    return pymupdf.open(stream=with_figure(), filetype="pdf")[0]


@pytest.fixture(scope="module")
def figure_regions(figure_page: pymupdf.Page) -> list[lm.Region]:
    return lm.detect_layout(figure_page, MODEL)


def test_model_ships_inside_the_wheel() -> None:
    path = lm.bundled_model()
    assert path.name == "layout_cdla.onnx" and path.stat().st_size > 1_000_000
    assert lm.layout_model_info()["model"] == "pp_layout_cdla"


def test_regions_are_in_points_of_the_page(figure_regions: list[lm.Region]) -> None:
    assert figure_regions, "the model found nothing on a page with text and a chart"
    for label, box, score in figure_regions:
        assert label in {*lm.TEXT_TYPES, *lm.VISUAL_TYPES}
        assert 0 < score <= 1
        assert 0 <= box.x0 < box.x1 <= 612 and 0 <= box.top < box.bottom <= 792
    figures = [box for label, box, _ in figure_regions if label == "figure"]
    assert max(box.iou(BBox(*FIGURE_BOX)) for box in figures) >= 0.6


def test_model_visuals_tie_the_caption(figure_page: pymupdf.Page, figure_regions: list[lm.Region]) -> None:
    blocks = extract_blocks(figure_page, 0)
    visuals, rest = lm.model_visuals(figure_page, 0, blocks, figure_regions, MODEL)
    assert len(visuals) == 1
    figure = visuals[0]
    assert figure.type is NodeType.FIGURE and figure.label == "Figure 1"
    assert figure.image is not None and figure.image.data.startswith(b"\x89PNG")
    caption = next(b for b in rest if b.id == figure.caption_id)
    assert caption.type is NodeType.CAPTION and caption.meta["caption_of"] == figure.id


def test_label_blocks_marks_the_heading() -> None:
    page = pymupdf.open(stream=born_digital(), filetype="pdf")[0]
    blocks = lm.label_blocks(extract_blocks(page, 0), lm.detect_layout(page, MODEL))
    heading = next(b for b in blocks if b.text.startswith("Recovering Text"))
    assert heading.type is NodeType.HEADING and heading.meta["layout_label"] == "title"
    body = next(b for b in blocks if "quick brown fox" in b.text)
    assert body.type is NodeType.PARAGRAPH


def test_duplicate_detections_are_dropped() -> None:
    outer, inner = BBox(0, 0, 100, 100), BBox(0, 0, 60, 100)
    kept = lm.visual_regions([("figure", outer, 0.9), ("figure", inner, 0.8), ("text", inner, 0.99)])
    assert kept == [("figure", outer, 0.9)]


@pytest.mark.corpus
def test_corpus_tables_called_figures_are_fixed_by_their_captions(corpus) -> None:
    """clark2015 page 5: CDLA labels both tables "figure"; their "Table N" captions make them tables."""
    page = pymupdf.open(corpus / "pdf" / "clark2015_figures.pdf")[4]
    visuals, _ = lm.model_visuals(page, 4, extract_blocks(page, 4), lm.detect_layout(page, MODEL), MODEL)
    labels = sorted((v.type.value, v.label) for v in visuals)
    assert labels == [("figure", "Figure 4"), ("table", "Table 1"), ("table", "Table 2")]


def test_split_caption_text_is_not_emitted_twice() -> None:
    """A bold label split from its caption text is one caption; its continuation leaves the flow."""
    from docbuild.model import BBox, Node, NodeType
    from parsers.pdf.layout_model import tie_scan_captions

    def block(i: int, text: str, box: tuple[float, float, float, float], bold: bool = False) -> Node:
        line = {
            "bbox": list(box),
            "text": text,
            "size": 9.0,
            "font": "Times-Bold" if bold else "Times",
            "bold": bold,
        }
        return Node(NodeType.PARAGRAPH, f"p0-b{i}", text, 0, BBox(*box), meta={"lines": [line]})

    blocks = [
        block(1, "Body text of the paper goes here and it is long enough to be prose.", (72, 100, 540, 140)),
        block(2, "Figure 1.", (72, 400, 115, 410), bold=True),
        block(3, "A chart of the measured throughput per worker count.", (118, 400, 540, 410)),
        block(
            4, "More body text follows the figure here, long enough to be prose text.", (72, 430, 540, 470)
        ),
    ]
    figure = Node(NodeType.FIGURE, "fig-p0-1", page_index=0, bbox=BBox(72, 180, 540, 390))
    (tied,), kept = tie_scan_captions([figure], blocks)
    assert tied.caption == "Figure 1. A chart of the measured throughput per worker count."
    texts = [b.text for b in kept]
    assert sum("measured throughput" in t for t in texts) == 1, texts


def test_layout_model_option_end_to_end(tmp_path) -> None:
    """`docbuild pdf --layout model`: figures come from the model, tied to captions; the model is named."""
    import json

    import pyarrow.parquet as pq

    from docbuild.cli import main

    pdf = tmp_path / "figure.pdf"
    pdf.write_bytes(with_figure())
    out = tmp_path / "out"
    assert main(["pdf", str(pdf), "-o", str(out), "--layout", "model", "--workers", "1", "--quiet"]) == 0
    (row,) = pq.read_table(out / "data").to_pylist()
    meta = json.loads(row["metadata"])
    figures = [m for m in meta if m["type"] == "figure"]
    assert len(figures) == 1 and figures[0]["label"] == "Figure 1" and figures[0]["layout_label"]
    assert BBox(*figures[0]["bbox"]).iou(BBox(*FIGURE_BOX)) >= 0.7
    assert json.loads(row["general_metadata"])["layout_model"]["model"]
