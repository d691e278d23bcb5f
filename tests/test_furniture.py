"""Running headers, footers and page numbers on synthetic multi-page documents."""

from __future__ import annotations

from docbuild.furniture import PageGeometry, is_page_number, split_furniture
from docbuild.model import BBox, Node, NodeType

LETTER = PageGeometry(612, 792)


def block(
    node_id: str, text: str, page: int, box: tuple[float, float, float, float], size: float = 10.0
) -> Node:
    lines = [{"text": text, "size": size, "bold": False, "bbox": list(box)}]
    return Node(NodeType.PARAGRAPH, node_id, text, page, BBox(*box), meta={"lines": lines})


def paper(pages: int) -> list[list[Node]]:
    """A paper whose title repeats as the running head, with 'Page n of N' footers."""
    out: list[list[Node]] = []
    for p in range(pages):
        nodes = []
        if p == 0:
            nodes.append(block("p0-title", "Interleaved Corpora from PDFs", 0, (150, 70, 460, 95), size=18))
        else:
            head = "Interleaved Corpora from PDFs" if p % 2 else f"Lovelace et al. / Journal 12 ({2020 + p})"
            nodes.append(block(f"p{p}-head", head, p, (200, 36, 410, 46), size=8))
        nodes.append(block(f"p{p}-body", "Body text " * 40, p, (72, 110, 540, 700)))
        nodes.append(block(f"p{p}-foot", f"Page {p + 1} of {pages}", p, (280, 752, 330, 764), size=9))
        out.append(nodes)
    return out


def test_running_heads_and_page_numbers_leave_the_flow() -> None:
    pages = paper(5)
    kept, furniture = split_furniture(pages, [LETTER] * 5, body_size=10)
    kept_ids = {n.id for page in kept for n in page}
    assert "p0-title" in kept_ids, "the title on page 1 is not a running head, although the text repeats"
    assert all(f"p{p}-body" in kept_ids for p in range(5))
    kinds = {n.id: n.type for n in furniture}
    assert all(kinds[f"p{p}-foot"] is NodeType.PAGE_NUMBER for p in range(5))
    assert all(kinds[f"p{p}-head"] is NodeType.PAGE_HEADER for p in range(1, 5))
    assert len(furniture) == 9


def test_single_page_edge_lines_are_furniture_but_body_at_the_top_is_not() -> None:
    nodes = [
        block(
            "head", "Optimized Table Tokenization for Table Structure Recognition", 0, (194, 91, 448, 103), 9
        ),
        block("num", "9", 0, (476, 91, 481, 103), 9),
        block("body", "order to compute the TED score. " * 10, 0, (135, 116, 481, 300)),
        block("last", "The end of the text.", 0, (135, 305, 300, 317)),
    ]
    kept, furniture = split_furniture([nodes], [LETTER], body_size=10)
    assert {n.id: n.type for n in furniture} == {"head": NodeType.PAGE_HEADER, "num": NodeType.PAGE_NUMBER}
    assert [n.id for n in kept[0]] == ["body", "last"]


def test_a_short_body_line_right_below_the_top_is_kept() -> None:
    """A paragraph's last line opening a page sits close to the next paragraph: not a header."""
    nodes = [
        block("tail", "results in the end.", 0, (72, 72, 200, 84)),
        block("next", "The next paragraph starts here and goes on. " * 8, 0, (72, 88, 540, 200)),
    ]
    kept, furniture = split_furniture([nodes], [LETTER], body_size=10)
    assert furniture == []
    assert len(kept[0]) == 2


def test_vertical_margin_stamp_is_furniture() -> None:
    stamp = Node(
        NodeType.PARAGRAPH,
        "stamp",
        "arXiv:2305.03393v1 [cs.CV] 7 May 2023",
        0,
        BBox(10, 200, 32, 560),
        meta={"vertical": True, "lines": [{"text": "arXiv", "size": 20}]},
    )
    body = block("body", "Body " * 50, 0, (72, 100, 540, 700))
    kept, furniture = split_furniture([[stamp, body]], [LETTER], body_size=10)
    assert [n.id for n in furniture] == ["stamp"]
    assert [n.id for n in kept[0]] == ["body"]


def test_page_number_shapes() -> None:
    assert all(is_page_number(t) for t in ["12", "- 12 -", "Page 3 of 9", "xii", "7-45", "[4]"])
    assert not any(is_page_number(t) for t in ["Table 1", "Introduction", "12 apples were eaten"])


def test_paragraph_tail_at_the_top_of_a_column_is_kept() -> None:
    """Two body-sized lines continuing a paragraph above a heading are not a running head."""
    tail = block(
        "p1-tail",
        "dataset, and ablation studies show the effectiveness of the approach.",
        1,
        (328, 73, 526, 98),
    )
    tail = tail.with_meta(lines=[{"text": "dataset, and", "size": 10.0}, {"text": "studies.", "size": 10.0}])
    nodes = [
        tail,
        block("p1-h", "2 Preliminaries", 1, (306, 113, 484, 125), size=12),
        block("p1-left", "Left column text. " * 30, 1, (71, 100, 291, 700)),
        block("p1-right", "Right column text. " * 30, 1, (306, 150, 526, 700)),
    ]
    kept, furniture = split_furniture([nodes], [LETTER], body_size=10)
    assert furniture == []
    assert len(kept[0]) == 4


def test_equation_number_at_the_page_bottom_is_not_a_page_number() -> None:
    nodes = [
        block("body", "Text above the equation. " * 20, 0, (49, 80, 300, 690)),
        block("eq", "(7)", 0, (288, 714, 300, 726)),
        block("right", "Right column text. " * 20, 0, (312, 80, 563, 730)),
    ]
    kept, furniture = split_furniture([nodes], [LETTER], body_size=10)
    assert all(n.id != "eq" for n in furniture)
    assert "eq" in [n.id for n in kept[0]]


def test_repeated_table_labels_below_the_top_line_are_not_running_heads() -> None:
    """A results table whose header row recurs at the same height on several pages stays in the body."""
    pages = []
    for p in range(4):
        pages.append(
            [
                block(f"p{p}-head", "Short Paper Title", p, (250, 30, 360, 40), size=8),
                block(f"p{p}-label", "Before Perturb", p, (250, 75, 305, 84), size=8),
                block(f"p{p}-num", "47.4", p, (443, 75, 459, 84), size=8),
                block(f"p{p}-body", "Body text. " * 60, p, (72, 120, 540, 700)),
            ]
        )
    kept, furniture = split_furniture(pages, [LETTER] * 4, body_size=10)
    assert {n.id for n in furniture} == {f"p{p}-head" for p in range(4)}
    assert all(len(page) == 3 for page in kept)


def test_title_sharing_a_word_with_a_later_header_is_kept() -> None:
    title = block("p0-title", "TableFormer: Robust Transformer Modeling", 0, (73, 77, 522, 92), size=14)
    other = block("p2-cell", "TableFormer", 2, (300, 80, 360, 90), size=9)
    body = [block(f"p{p}-body", "Body text. " * 60, p, (72, 120, 540, 700)) for p in range(3)]
    pages = [[title, body[0]], [body[1]], [other, body[2]]]
    kept, furniture = split_furniture(pages, [LETTER] * 3, body_size=10)
    assert "p0-title" in {n.id for n in kept[0]}
    assert "p0-title" not in {n.id for n in furniture}


def test_a_long_one_line_copyright_footer_repeated_on_every_page_is_furniture() -> None:
    landscape = PageGeometry(792, 612)
    notice = (
        "Version 2.2020, 07/15/20 (c) 2020 Example Clinical Network, All rights reserved. These guidelines "
        "and this illustration may not be reproduced in any form without the express written permission "
        "of the network."
    )
    assert len(notice) > 200
    pages = [
        [
            block(f"p{p}-body", "Body text " * 40, p, (72, 60, 720, 520)),
            block(f"p{p}-foot", notice, p, (23, 586, 632, 594), size=6),
        ]
        for p in range(4)
    ]
    kept, furniture = split_furniture(pages, [landscape] * 4, body_size=10)
    assert {n.id for n in furniture} == {f"p{p}-foot" for p in range(4)}
    assert all(n.type is NodeType.PAGE_FOOTER for n in furniture)
    assert [n.id for page in kept for n in page] == [f"p{p}-body" for p in range(4)]


def test_a_paragraphs_first_line_alone_under_a_float_at_the_foot_is_kept() -> None:
    """The page breaks a paragraph after its first line, which sits alone under a table: a justified
    body line spanning its column is text, though nothing follows it on the page."""
    body = block("body", "Text above the table. " * 30, 0, (82, 80, 529, 600))
    body = body.with_meta(lines=[{"text": "Text above the table.", "size": 10.0}] * 12)
    table = Node(NodeType.TABLE, "tab", "| a | b |", 0, BBox(86, 641, 149, 712))
    first = block(
        "first", "We train the model on the full corpus and the numbers in Tables 1", 0, (82, 723, 529, 738)
    )
    kept, furniture = split_furniture([[body, table, first]], [LETTER], body_size=10)
    assert furniture == []
    assert [n.id for n in kept[0]] == ["body", "tab", "first"]
    # a short running foot set the same way is still furniture
    foot = block("foot", "Preprint under review", 0, (250, 723, 360, 738))
    kept, furniture = split_furniture([[body, table, foot]], [LETTER], body_size=10)
    assert [n.id for n in furniture] == ["foot"]


def test_pages_opening_with_the_same_sentence_keep_it() -> None:
    """A paragraph of two lines opening one page and a one-line paragraph opening the next share
    their words (a sentence the text repeats); a running head repeats whole, in as many lines."""
    sentence = "We train the model on the full corpus."
    first = block(
        "p1-top", f"{sentence} All settings were chosen on the validation split.", 1, (82, 59, 529, 86)
    )
    first = first.with_meta(lines=[{"text": sentence, "size": 10.0}, {"text": "All settings.", "size": 10.0}])
    second = block("p2-top", sentence, 2, (82, 59, 300, 74))
    pages = [
        [block("p0-body", "Body text. " * 40, 0, (82, 100, 529, 700))],
        [first, block("p1-body", "Body text. " * 40, 1, (82, 100, 529, 700))],
        [second, block("p2-body", "Body text. " * 40, 2, (82, 100, 529, 700))],
    ]
    kept, furniture = split_furniture(pages, [LETTER] * 3, body_size=10)
    assert furniture == []
    assert [n.id for n in kept[1]] == ["p1-top", "p1-body"] and [n.id for n in kept[2]] == [
        "p2-top",
        "p2-body",
    ]


def test_two_pages_opening_with_sentences_that_share_their_words_keep_them() -> None:
    """The rest of a sentence from the page before opens one page, a one-line paragraph the next;
    the text repeats its sentences, so the two lines share most words. Body-sized whole sentences
    that recur on two pages only are text, not a running head."""
    tail = block("p1-top", "validation. Table 1 summarises the runs.", 1, (82, 59, 272, 74))
    line = block(
        "p2-top", "Table 1 summarises the runs. Errors concentrate on long documents.", 2, (82, 59, 451, 74)
    )
    body = [block(f"p{p}-body", "Body text. " * 40, p, (82, 80, 529, 700)) for p in range(3)]
    pages = [[body[0]], [tail, body[1]], [line, body[2]]]
    kept, furniture = split_furniture(pages, [LETTER] * 3, body_size=10)
    assert furniture == []
    assert [n.id for n in kept[1]] == ["p1-top", "p1-body"] and [n.id for n in kept[2]] == [
        "p2-top",
        "p2-body",
    ]


def test_a_body_sized_running_head_with_sentences_on_every_page_is_furniture() -> None:
    """A running line set in the body size that reads as a sentence still leaves the flow when it
    recurs unchanged on page after page."""
    notice = "This article is protected by copyright. All rights reserved."
    pages = [
        [
            block(f"p{p}-head", notice, p, (82, 40, 360, 52)),
            block(f"p{p}-body", "Body text. " * 40, p, (82, 80, 529, 700)),
        ]
        for p in range(4)
    ]
    kept, furniture = split_furniture(pages, [LETTER] * 4, body_size=10)
    assert {n.id for n in furniture} == {f"p{p}-head" for p in range(4)}
    assert [n.id for page in kept for n in page] == [f"p{p}-body" for p in range(4)]


def test_justified_lines_opening_two_pages_with_the_same_words_are_kept() -> None:
    """Two pages open with a justified line as wide as their paragraphs (a paragraph broken by a float
    under it) and the lines share their words: text, not a running head repeated on two pages."""
    words = "We train the model on the full corpus and report the mean of three runs in Table"
    pages = []
    for p in range(3):
        body = block(f"p{p}-body", "Body text. " * 40, p, (82, 100, 529, 700))
        body = body.with_meta(lines=[{"text": "Body text.", "size": 10.0}] * 30)
        nodes = [body]
        if p:
            nodes.insert(0, block(f"p{p}-top", f"{words} {p}", p, (82, 59, 529, 74)))
        pages.append(nodes)
    kept, furniture = split_furniture(pages, [LETTER] * 3, body_size=10)
    assert furniture == []
    assert [n.id for n in kept[2]] == ["p2-top", "p2-body"]


def test_the_end_of_a_reference_list_opening_a_page_is_kept() -> None:
    """A page opens with the last two references in small type, one under the other (their line
    boxes touch by a fraction of a point), and a table far below: neither is a running head."""
    tail = block("tail", "pipeline. In Proc. SQuAD, 2019.", 0, (46, 52.4, 156, 63.6), size=8.4)
    last = block(
        "last",
        "[5] H. Annotation and Approximation. The weak batch supports",
        0,
        (46, 62.9, 274, 84.6),
        size=8.4,
    )
    last = last.with_meta(
        lines=[{"text": "[5] H. Annotation", "size": 8.4}, {"text": "supports", "size": 8.4}]
    )
    caption = block("cap", "Table 2. Comparison with prior work.", 0, (46, 620, 566, 643), size=8.4)
    table = Node(NodeType.TABLE, "tab", "| a | b |", 0, BBox(216, 649, 396, 732))
    kept, furniture = split_furniture([[tail, last, caption, table]], [LETTER], body_size=9.5)
    assert furniture == []
    assert [n.id for n in kept[0]] == ["tail", "last", "cap", "tab"]


def test_section_headings_opening_two_pages_at_the_top_of_the_text_are_kept() -> None:
    """Two pages open with a heading of the same name ('3.1 Datasets', '4.2 Datasets': the same words
    once digits are masked) where running text starts on another page: the first line of the text
    area, not a running head in the margin above it."""
    pages = []
    for p, head in enumerate(["", "3.1 Datasets", "4.2 Datasets"]):
        body = block(f"p{p}-body", "Body text. " * 40, p, (72, 56.3 if not head else 74, 540, 700), size=10.8)
        nodes = [body.with_meta(lines=[{"text": "Body text.", "size": 10.8}] * 30)]
        if head:
            nodes.insert(0, block(f"p{p}-head", head, p, (72, 56.4, 130, 72.1), size=11.3))
        pages.append(nodes)
    kept, furniture = split_furniture(pages, [LETTER] * 3, body_size=11)
    assert furniture == []
    assert [n.id for n in kept[1]] == ["p1-head", "p1-body"] and [n.id for n in kept[2]] == [
        "p2-head",
        "p2-body",
    ]


def test_a_continued_head_at_the_top_of_the_text_on_every_page_is_furniture() -> None:
    """Pages whose text starts right at the top carry the same 'Table–Continued' line there, page
    after page: unchanged on three pages or more, it is a running head all the same."""
    pages = []
    for p in range(4):
        body = block(
            f"p{p}-body", "Body text. " * 40, p, (42, 32.6, 200, 700) if p == 0 else (42, 50, 200, 700)
        )
        nodes = [body.with_meta(lines=[{"text": "Body text.", "size": 9.5}] * 30)]
        if p:
            nodes.insert(
                0, block(f"p{p}-head", "2007 Tax Table\u2013Continued", p, (42, 32.6, 160, 42.1), 9.5)
            )
        pages.append(nodes)
    _, furniture = split_furniture(pages, [LETTER] * 4, body_size=9.5)
    assert {n.id for n in furniture} == {"p1-head", "p2-head", "p3-head"}
