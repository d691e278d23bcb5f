"""layoutparser bridge: Document page -> lp.Layout -> Nodes round trip, and detections fed back in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from docbuild.errors import MissingDependency
from docbuild.layoutparser_bridge import apply_layout, from_layout, node_type, to_layout
from docbuild.model import BBox, Document, Node, NodeType, Page

lp = pytest.importorskip("layoutparser")


def _doc() -> Document:
    nodes = [
        Node(NodeType.HEADING, "p0-b1", "1 Introduction", 0, BBox(72, 80, 300, 96)),
        Node(
            NodeType.PARAGRAPH,
            "p0-b2",
            "Body text of the page.",
            0,
            BBox(72, 100, 540, 200),
            meta={"conf": 91.5},
        ),
        Node(NodeType.PARAGRAPH, "p0-b3", "Axis label", 0, BBox(100, 260, 160, 270)),
        Node(NodeType.PARAGRAPH, "p0-b4", "Figure 1: A chart.", 0, BBox(72, 420, 400, 432)),
        Node(NodeType.PARAGRAPH, "p1-b1", "Second page.", 1, BBox(72, 80, 300, 96)),
    ]
    return Document("d", "mem.pdf", "pdf", nodes=nodes, pages=(Page(0, 612, 792), Page(1, 612, 792)))


def test_round_trip_keeps_ids_types_text_and_boxes() -> None:
    doc = _doc()
    layout = to_layout(doc, 0, dpi=144)
    assert isinstance(layout, lp.Layout) and len(layout) == 4
    assert layout.page_data["width"] == pytest.approx(1224)
    first = layout[0]
    assert first.coordinates == pytest.approx((144, 160, 600, 192))
    assert (first.type, first.id, first.text) == ("heading", "p0-b1", "1 Introduction")
    assert layout[1].score == pytest.approx(91.5)
    back = from_layout(layout, 0, dpi=144)
    original = [n for n in doc.nodes if n.page_index == 0]
    assert [n.id for n in back] == [n.id for n in original]
    assert [n.type for n in back] == [n.type for n in original]
    assert [n.text for n in back] == [n.text for n in original]
    for a, b in zip(back, original, strict=True):
        assert a.bbox.as_list() == pytest.approx(b.bbox.as_list(), abs=1e-6)


def test_detected_regions_retype_text_and_add_figures() -> None:
    """A detector's output (pixels at 144 dpi, PubLayNet names) applied to docbuild's page."""
    detected = lp.Layout(
        [
            lp.TextBlock(lp.Rectangle(140, 150, 620, 200), type="Title", score=0.9),
            lp.TextBlock(lp.Rectangle(180, 480, 900, 820), type="Figure", score=0.95),
            lp.TextBlock(lp.Rectangle(140, 830, 820, 870), type="Text", score=0.8),
        ]
    )
    doc = apply_layout(_doc(), 0, detected, dpi=144)
    assert doc.node("p0-b1").type is NodeType.HEADING
    assert doc.node("p0-b1").meta["layoutparser_type"] == "Title"
    assert doc.node("p0-b3") is None, "text inside the figure leaves the flow"
    figures = doc.figures
    assert len(figures) == 1 and figures[0].bbox.as_list() == [90, 240, 450, 410]
    assert figures[0].meta["inner_text"] == ["Axis label"] and figures[0].meta["needs_crop"]
    assert doc.node("p1-b1").type is NodeType.PARAGRAPH, "other pages untouched"


def test_type_names_of_common_models() -> None:
    assert node_type("TextRegion") is NodeType.PARAGRAPH
    assert node_type("ImageRegion") is NodeType.FIGURE
    assert node_type("table_caption") is NodeType.CAPTION
    assert node_type("page_number") is NodeType.PAGE_NUMBER
    assert node_type("SeparatorRegion") is NodeType.PARAGRAPH


def test_layoutparser_is_imported_only_when_used() -> None:
    code = (
        "import sys, docbuild.layoutparser_bridge, docbuild.model; assert 'layoutparser' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_missing_layoutparser_gives_pip_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "layoutparser", None)
    with pytest.raises(MissingDependency, match=r"pip install 'docbuild\[layoutparser\]'"):
        to_layout(_doc(), 0)
