"""Block typing relative to the document's body font: headings, lists, footnotes, equations, code."""

from __future__ import annotations

from typing import Any

import pytest

from docbuild.blocktypes import (
    Stats,
    classify,
    document_stats,
    group_equations,
    looks_like_code,
    type_blocks,
)
from docbuild.model import BBox, Node, NodeType

PAGE_HEIGHT = 792.0


def block(
    text: str,
    size: float = 10.0,
    bold: bool = False,
    top: float = 300.0,
    lines: int = 1,
    **extra: Any,
) -> Node:
    meta_lines = [{"text": text, "size": size, "bold": bold, **extra} for _ in range(lines)]
    return Node(
        NodeType.PARAGRAPH, "p0-b0", text, 0, BBox(72, top, 540, top + 12 * lines), meta={"lines": meta_lines}
    )


STATS = Stats(body_size=10.0)
BODY = "We evaluate the parser on real papers and report accuracy for every page of the corpus."


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (block("2.1 Methods"), NodeType.HEADING),
        (block("Related Work", bold=True), NodeType.HEADING),
        (block("A Large Title For The Paper", size=16), NodeType.HEADING),
        (block("Abstract"), NodeType.HEADING),
        (block("Boots Self-Locking Nut", italic=True), NodeType.HEADING),
        (block(BODY, lines=3), NodeType.PARAGRAPH),
        (block(BODY + " " + BODY, bold=True, lines=4), NodeType.PARAGRAPH),
        (block("• typed layout blocks with stable identifiers,"), NodeType.LIST_ITEM),
        (block("(a) the first condition holds for every page"), NodeType.LIST_ITEM),
        (block("1 Code and samples are available at example.org.", size=8, top=720), NodeType.FOOTNOTE),
        (block("∗ Corresponding author. Tel.: +86 25 8968 0390.", size=7, top=700), NodeType.FOOTNOTE),
        (block("d(a, b) = 0.7 dx(a, b) + 0.3 dy(a, b) (1)"), NodeType.EQUATION),
        (block("x i j y k", math=0.9), NodeType.EQUATION),
        (block("CREATE PERMISSION ACCESS ON HR.EMPLOYEES", mono=True), NodeType.CODE),
    ],
)
def test_classify(node: Node, expected: NodeType) -> None:
    assert classify(node, STATS, PAGE_HEIGHT) is expected


def test_small_text_high_on_the_page_is_not_a_footnote() -> None:
    node = block("1 Affiliation of the first author", size=8, top=120)
    assert classify(node, STATS, PAGE_HEIGHT) is not NodeType.FOOTNOTE


def test_sentence_in_large_font_is_not_a_heading() -> None:
    node = block("This sentence is long enough and ends with a period like any sentence.", size=14)
    assert classify(node, STATS, PAGE_HEIGHT) is NodeType.PARAGRAPH


def test_body_size_is_the_size_carrying_most_characters() -> None:
    nodes = [block("Title", size=20), block(BODY, size=9.0, lines=10), block("Note", size=7)]
    assert document_stats(nodes).body_size == 9.0


def test_type_blocks_sets_levels_and_leaves_captions_alone() -> None:
    caption = Node(NodeType.CAPTION, "p0-b9", "Figure 1: A caption", 0, BBox(0, 0, 1, 1))
    typed = type_blocks([block("2.1 Methods"), block("3 Results"), caption], STATS, {0: PAGE_HEIGHT})
    assert [n.type for n in typed] == [NodeType.HEADING, NodeType.HEADING, NodeType.CAPTION]
    assert [n.meta.get("level") for n in typed[:2]] == [2, 1]


def test_small_caps_numbered_heading() -> None:
    assert classify(block("II. BACKGROUND", size=8.0), STATS, PAGE_HEIGHT) is NodeType.HEADING
    assert classify(block("REFERENCES", size=8.0), STATS, PAGE_HEIGHT) is NodeType.HEADING


def test_author_list_in_a_larger_font_is_not_a_heading() -> None:
    node = block("Jing Yu, Lu Lv, Pei Lan, Shujuan Zhang, Bingcai Pan", size=10.6, top=200)
    assert classify(node, Stats(body_size=8.0), PAGE_HEIGHT) is NodeType.PARAGRAPH


@pytest.mark.parametrize(
    "text", ["Turing Center", "Department of Computer Science and Engineering", "University of Washington"]
)
def test_affiliation_lines_in_a_larger_font_are_not_headings(text: str) -> None:
    assert classify(block(text, size=12.0, top=140), STATS, PAGE_HEIGHT) is NodeType.PARAGRAPH


def test_front_matter_lines_above_the_abstract_are_not_headings() -> None:
    nodes = [
        block("A Large Title For The Paper", size=16, top=80).evolve(id="p0-b0"),
        block("Jingfeng Yang", size=12, top=120).evolve(id="p0-b1"),
        block("Seattle, WA 98195, USA", size=12, top=140).evolve(id="p0-b2"),
        block("highlights", bold=True, top=170).evolve(id="p0-b3"),
        block("Abstract", size=12, bold=True, top=200).evolve(id="p0-b4"),
        block("1 Introduction", size=12, bold=True, top=400).evolve(id="p0-b5"),
        block("2 Method", size=12, bold=True, top=600).evolve(id="p0-b6"),
    ]
    types = {n.id: n.type for n in type_blocks(nodes, STATS, {0: PAGE_HEIGHT})}
    assert types["p0-b0"] is NodeType.HEADING
    assert types["p0-b1"] is NodeType.PARAGRAPH and types["p0-b2"] is NodeType.PARAGRAPH
    assert all(types[f"p0-b{k}"] is NodeType.HEADING for k in (3, 4, 5, 6))


def test_sql_listing_is_code_with_its_line_breaks() -> None:
    lines = [
        "SELECT     function_id,",
        "           user_name",
        "FROM       function_usage",
        "ORDER BY   user_name;",
    ]
    node = Node(
        NodeType.PARAGRAPH,
        "p0-b0",
        " ".join(lines),
        0,
        BBox(72, 300, 300, 350),
        meta={
            "lines": [
                {"text": t, "size": 9.0, "bbox": [72, 300 + 12 * k, 300, 310 + 12 * k]}
                for k, t in enumerate(lines)
            ]
        },
    )
    typed = type_blocks([node], Stats(body_size=10.0))[0]
    assert typed.type is NodeType.CODE
    assert typed.text.splitlines() == lines


@pytest.mark.parametrize(
    "lines",
    [
        ["The parser reads each page; it keeps the order;", "then it writes the output for the next step."],
        ["NASA and ESA launched it in 2004; the", "mission ended in 2016 after twelve years."],
    ],
)
def test_prose_with_semicolons_is_not_code(lines: list[str]) -> None:
    assert not looks_like_code(lines)


def test_table_of_contents_line_is_not_a_heading() -> None:
    toc = block("3.5 SELECT, INSERT, and UPDATE behavior with RCAC . . . . . . . . . . 22", bold=True)
    assert classify(toc, STATS, PAGE_HEIGHT) is NodeType.PARAGRAPH


def test_lower_case_block_at_the_foot_is_a_note_continuation_and_a_letter_is_not_a_marker() -> None:
    rest = block("niques enables the system to be more robust.", size=8, top=740)
    assert classify(rest, STATS, PAGE_HEIGHT) is NodeType.FOOTNOTE
    reference_line = block("tional Linguistics, pages 2978-2988, Florence, Italy.", size=8, top=520)
    assert classify(reference_line, STATS, PAGE_HEIGHT) is NodeType.PARAGRAPH


def _piece(nid: str, kind: NodeType, text: str, box: tuple[float, float, float, float]) -> Node:
    line = {"text": text, "size": 10.0, "bbox": list(box)}
    return Node(kind, nid, text, 1, BBox(*box), meta={"lines": [line]})


def test_shredded_display_equation_becomes_one_node_in_visual_order() -> None:
    nodes = [
        _piece("p1-b1", NodeType.PARAGRAPH, "For a pair of pixels the cost is given by", (50, 100, 290, 112)),
        _piece("p1-b2", NodeType.EQUATION, "\uf8f1 w(p, q)w(q, r)\u03b4(q, r)", (110, 120, 200, 132)),
        _piece("p1-b3", NodeType.PARAGRAPH, "C(p, r) =", (60, 126, 100, 138)),
        _piece("p1-b4", NodeType.FOOTNOTE, "q\u2208\u03a9p", (120, 134, 150, 142)),
        _piece("p1-b5", NodeType.PARAGRAPH, ", (2)", (270, 126, 290, 138)),
        _piece(
            "p1-b6",
            NodeType.PARAGRAPH,
            "where the dissimilarity metric is chosen as the sum of",
            (50, 150, 290, 162),
        ),
        _piece("p1-b7", NodeType.EQUATION, "A = B + C (3)", (100, 170, 290, 182)),
        _piece("p1-b8", NodeType.EQUATION, "D = softmax(A)V (4)", (100, 190, 290, 202)),
    ]
    out = group_equations(nodes)
    assert [n.type for n in out] == [
        NodeType.PARAGRAPH,
        NodeType.EQUATION,
        NodeType.PARAGRAPH,
        NodeType.EQUATION,
        NodeType.EQUATION,
    ]
    assert out[1].text == "w(p, q)w(q, r)\u03b4(q, r) C(p, r) = , (2) q\u2208\u03a9p"
    assert out[1].bbox == BBox(60, 120, 290, 142)
