"""Reading order on hand-built pages: columns, full-width floats, captions, side notes."""

from __future__ import annotations

import random

from docbuild.model import BBox, Node, NodeType
from docbuild.ordering import order_page


def text(
    node_id: str, x0: float, top: float, x1: float, bottom: float, kind: NodeType = NodeType.PARAGRAPH
) -> Node:
    return Node(kind, node_id, node_id, 0, BBox(x0, top, x1, bottom))


def ids(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


def shuffled(nodes: list[Node], seed: int = 7) -> list[Node]:
    out = list(nodes)
    random.Random(seed).shuffle(out)
    return out


def two_column_page_with_figure() -> list[Node]:
    """Title, abstract, two columns, a figure* across both columns mid-page with its caption."""
    return [
        text("title", 150, 60, 460, 85, NodeType.HEADING),
        text("abstract", 90, 100, 520, 180),
        text("l1", 50, 200, 290, 300),
        text("l2", 50, 310, 290, 380),
        text("r1", 320, 200, 560, 290),
        text("r2", 320, 300, 560, 380),
        Node(NodeType.FIGURE, "fig-1", "", 0, BBox(55, 395, 555, 540)),
        Node(
            NodeType.CAPTION, "cap", "Figure 1: x", 0, BBox(50, 545, 400, 560), meta={"caption_of": "fig-1"}
        ),
        text("l3", 50, 575, 290, 740),
        text("r3", 320, 575, 560, 740),
    ]


def test_two_columns_with_full_width_figure_and_caption() -> None:
    ordered = order_page(shuffled(two_column_page_with_figure()))
    assert ids(ordered) == ["title", "abstract", "l1", "l2", "r1", "r2", "fig-1", "cap", "l3", "r3"]


def test_paragraph_gaps_aligned_across_columns_do_not_cut_the_page() -> None:
    """The classic XY-cut trap: both columns have a gap at the same height."""
    nodes = [
        text("l1", 50, 100, 290, 300),
        text("l2", 50, 320, 290, 700),
        text("r1", 320, 100, 560, 300),
        text("r2", 320, 320, 560, 700),
    ]
    assert ids(order_page(shuffled(nodes))) == ["l1", "l2", "r1", "r2"]


def test_three_columns_under_a_spanning_title() -> None:
    nodes = [text("title", 60, 50, 550, 80, NodeType.HEADING)]
    for col, x0 in enumerate((48, 225, 401)):
        for row, top in enumerate((100, 300, 520)):
            nodes.append(text(f"c{col}r{row}", x0, top, x0 + 163, top + 190))
    expected = ["title"] + [f"c{c}r{r}" for c in range(3) for r in range(3)]
    assert ids(order_page(shuffled(nodes))) == expected


def test_figure_spanning_two_of_three_columns_keeps_caption_after_it() -> None:
    nodes = [
        Node(NodeType.FIGURE, "fig-1", "", 0, BBox(49, 105, 383, 244)),
        Node(NodeType.CAPTION, "cap", "Figure 1", 0, BBox(48, 251, 377, 263), meta={"caption_of": "fig-1"}),
        text("a1", 48, 274, 211, 500),
        text("b1", 225, 280, 387, 500),
        text("c1", 401, 100, 564, 500),
    ]
    ordered = ids(order_page(shuffled(nodes)))
    assert ordered.index("cap") == ordered.index("fig-1") + 1
    assert ordered.index("a1") < ordered.index("b1")


def test_caption_above_table_is_read_right_after_the_table() -> None:
    nodes = [
        text("before", 50, 60, 290, 200),
        Node(NodeType.CAPTION, "cap", "Table 1", 0, BBox(50, 210, 290, 222), meta={"caption_of": "tab-1"}),
        Node(NodeType.TABLE, "tab-1", "| a |", 0, BBox(50, 228, 290, 330)),
        text("after", 50, 340, 290, 500),
    ]
    assert ids(order_page(shuffled(nodes))) == ["before", "tab-1", "cap", "after"]


def test_side_note_is_read_as_its_own_column_not_interleaved() -> None:
    main = [text(f"m{k}", 140, 80 + 120 * k, 550, 190 + 120 * k) for k in range(5)]
    notes = [text("note1", 30, 200, 120, 240), text("note2", 30, 450, 120, 480)]
    ordered = ids(order_page(shuffled(main + notes)))
    assert ordered == ["note1", "note2", "m0", "m1", "m2", "m3", "m4"]


def test_single_column_is_top_to_bottom_and_nodes_without_box_stay_last() -> None:
    nodes = [text(f"p{k}", 72, 72 + 60 * k, 540, 120 + 60 * k) for k in range(6)]
    loose = Node(NodeType.PARAGRAPH, "loose", "no box", 0, None)
    ordered = order_page(shuffled([*nodes, loose]))
    assert ids(ordered) == [f"p{k}" for k in range(6)] + ["loose"]


def test_figure_reaching_into_the_gutter_does_not_merge_columns() -> None:
    nodes = [
        text("l1", 72, 44, 312, 500),
        Node(NodeType.FIGURE, "fig-1", "", 0, BBox(69, 532, 253, 694)),
        text("r1", 321, 44, 561, 400),
        Node(NodeType.FIGURE, "fig-2", "", 0, BBox(314, 422, 594, 695)),
    ]
    assert ids(order_page(shuffled(nodes))) == ["l1", "fig-1", "r1", "fig-2"]


def test_run_in_heading_a_fraction_of_a_point_lower_is_still_read_first() -> None:
    heading = text("h", 50, 300.4, 113, 311)
    body = text("b", 115, 300.0, 290, 340)
    assert ids(order_page([body, heading])) == ["h", "b"]
