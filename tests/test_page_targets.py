"""Page targets on hand-built pages: DocTags round trip, Markdown shape, page split of the texts."""

from __future__ import annotations

import pytest

from docbuild import doctags
from docbuild.model import BBox, Document, Node, NodeType, Page
from docbuild.page_targets import page_nodes, page_targets, to_markdown

PAGE = Page(0, 612.0, 792.0)


def _nodes() -> list[Node]:
    return [
        Node(NodeType.HEADING, "p0-b1", "1 Introduction", 0, BBox(50, 60, 250, 75), meta={"level": 1}),
        Node(
            NodeType.PARAGRAPH,
            "p0-b2",
            "Models <learn> & see 5 > 3.\nSecond line.",
            0,
            BBox(50, 80, 300, 140),
        ),
        Node(NodeType.FIGURE, "fig-1", "", 0, BBox(50, 150, 560, 400), caption="Figure 1: Chart."),
        Node(NodeType.CAPTION, "p0-b3", "Figure 1: Chart.", 0, BBox(50, 405, 560, 420)),
        Node(NodeType.TABLE, "tab-1", "| a | b |\n|---|---|\n| 1 | 2 |", 0, BBox(50, 430, 300, 500)),
        Node(NodeType.EQUATION, "p0-b4", "E = mc^2 (1)", 0, BBox(60, 510, 300, 525)),
        Node(NodeType.PAGE_NUMBER, "p0-b5", "7", 0, BBox(300, 760, 310, 772)),
    ]


def test_doctags_round_trip_keeps_types_boxes_and_text() -> None:
    nodes = _nodes()
    target = doctags.serialize(nodes, PAGE.width, PAGE.height)
    elements = doctags.parse(target)
    assert [e.type for e in elements] == [n.type for n in nodes]
    assert elements[1].text == nodes[1].text  # escaping survives: < > & and newlines
    assert elements[2].text == ""  # figures carry no text; the caption is its own element
    for element, node in zip(elements, nodes, strict=True):
        back, box = element.bbox(PAGE.width, PAGE.height), node.bbox
        assert box is not None
        half_x, half_y = PAGE.width / doctags.GRID / 2, PAGE.height / doctags.GRID / 2
        assert abs(back.x0 - box.x0) <= half_x + 1e-6 and abs(back.x1 - box.x1) <= half_x + 1e-6
        assert abs(back.top - box.top) <= half_y + 1e-6 and abs(back.bottom - box.bottom) <= half_y + 1e-6
        assert all(0 <= v <= doctags.GRID for v in element.loc)


def test_doctags_grid_is_page_relative_and_clamped() -> None:
    assert doctags.quantise(BBox(0, 0, 612, 792), 612, 792) == (0, 0, 500, 500)
    assert doctags.quantise(BBox(-5, 10, 700, 800), 612, 792) == (0, 6, 500, 500)


@pytest.mark.parametrize(
    "bad",
    [
        "<heading><loc_1><loc_1><loc_2><loc_2>x</heading>",
        "<doctag>junk</doctag>",
        "<doctag><heading><loc_1><loc_1><loc_2><loc_900>x</heading></doctag>",
    ],
)
def test_doctags_parse_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        doctags.parse(bad)


def test_markdown_renders_structure() -> None:
    md = to_markdown(_nodes())
    assert md.startswith("# 1 Introduction\n\n")
    assert "![Figure 1: Chart.](#fig-1)" in md and "| a | b |" in md and "$$\nE = mc^2 (1)\n$$" in md
    assert "\n7\n" not in md  # page numbers are not content


def test_targets_split_texts_by_page_and_keep_furniture_in_layout() -> None:
    second = Node(NodeType.PARAGRAPH, "p1-b0", "Next page.", 1, BBox(50, 60, 300, 80))
    header = Node(NodeType.PAGE_HEADER, "p1-h", "A paper", 1, BBox(50, 20, 300, 30))
    nodes = [n for n in _nodes() if not n.type.is_furniture]
    furniture = [n for n in _nodes() if n.type.is_furniture] + [header]
    doc = Document(
        "d", "x.pdf", "pdf", nodes=[*nodes, second], furniture=furniture, pages=[PAGE, Page(1, 612, 792)]
    )
    first = page_targets(doc, doc.pages[0])
    assert [n.id for n in first.nodes][-1] == "p0-b5"  # footer sorted in at the end
    texts = [n.text for p in doc.pages for n in page_nodes(doc, p.index, furniture=False) if n.text]
    assert texts == [n.text for n in doc.nodes if n.text]
    assert [n.id for n in page_nodes(doc, 1)] == ["p1-h", "p1-b0"]
