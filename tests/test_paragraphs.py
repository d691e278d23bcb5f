"""Paragraph text: normalisation, line-end dehyphenation, paragraphs continued across breaks."""

from __future__ import annotations

import pytest

from docbuild.model import BBox, Node, NodeType
from docbuild.paragraphs import (
    build_vocabulary,
    can_continue,
    join_lines,
    join_pair,
    merge_continuations,
    normalize,
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["the detec-", "tion of objects"], "the detection of objects"),
        (["state-of-the-", "art results"], "state-of-the-art results"),
        (["a two-", "column layout"], "a two-column layout"),
        (["see Fig-", "ure 3"], "see Figure 3"),
        (["the Euro-", "Asian corridor"], "the Euro-Asian corridor"),
        (["COVID-", "19 cases"], "COVID-19 cases"),
        (["pre-", "2010 data"], "pre-2010 data"),
        (["soft\u00ad", "hyphen"], "softhyphen"),
        (["ends with a dash -", "next"], "ends with a dash - next"),
        (["plain", "join"], "plain join"),
    ],
)
def test_join_lines_dehyphenates_only_broken_words(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


def test_vocabulary_decides_between_compound_and_broken_word() -> None:
    vocab = build_vocabulary(["the data-driven approach", "a database of facts", "the database"])
    assert join_pair("a data-", "driven model", vocab) == "a data-driven model"
    assert join_pair("the data-", "base schema", vocab) == "the database schema"


def test_normalize_expands_ligatures_and_odd_spaces() -> None:
    raw = "e\ufb03cient \ufb01eld\u00a0of\u2009view\u200b and \ufb02ow\u00ad"
    assert normalize(raw) == "efficient field of view and flow"
    assert normalize("a\x02b\x03 c") == "ab c", "control codes from unmapped glyphs are dropped"


def _para(
    node_id: str, text: str, page: int, box: tuple[float, float, float, float], size: float = 10.0
) -> Node:
    lines = [{"text": text, "size": size, "bold": False, "bbox": list(box)}]
    return Node(NodeType.PARAGRAPH, node_id, text, page, BBox(*box), meta={"lines": lines})


def test_merges_paragraph_across_column_break_and_keeps_both_boxes() -> None:
    left = _para("p0-b1", "Reading order matters because the detec-", 0, (50, 600, 290, 740))
    right = _para("p0-b2", "tion of columns is hard. It is done.", 0, (320, 60, 560, 120))
    merged = merge_continuations([left, right])
    assert len(merged) == 1
    assert merged[0].text == "Reading order matters because the detection of columns is hard. It is done."
    assert merged[0].meta["parts"] == [
        {"page_index": 0, "bbox": [50, 600, 290, 740]},
        {"page_index": 0, "bbox": [320, 60, 560, 120]},
    ]
    assert len(merged[0].meta["lines"]) == 2


def test_merges_across_page_skipping_footnote_and_figure() -> None:
    first = _para("p0-b5", "The method persists in the environment for", 0, (50, 600, 290, 740))
    note = Node(NodeType.FOOTNOTE, "p0-b6", "1 A footnote.", 0, BBox(50, 745, 290, 760))
    fig = Node(NodeType.FIGURE, "fig-1", "", 1, BBox(50, 50, 290, 200))
    rest = _para("p1-b0", "[6-8] years, as reported earlier.", 1, (50, 210, 290, 260))
    merged = merge_continuations([first, note, fig, rest])
    assert [n.id for n in merged] == ["p0-b5", "p0-b6", "fig-1"]
    assert merged[0].text.endswith("environment for [6-8] years, as reported earlier.")
    assert [p["page_index"] for p in merged[0].meta["parts"]] == [0, 1]


@pytest.mark.parametrize(
    ("a_text", "b_text", "b_box", "b_size"),
    [
        ("This sentence is complete.", "and this starts lowercase", (320, 60, 560, 120), 10.0),
        ("This one is open and", "This starts a new paragraph", (320, 60, 560, 120), 10.0),
        ("This one is open and", "continues in a smaller font", (320, 60, 560, 120), 8.0),
        ("This one is open and", "continues just below it", (50, 745, 290, 780), 10.0),
    ],
)
def test_does_not_merge_without_evidence(
    a_text: str, b_text: str, b_box: tuple[float, float, float, float], b_size: float
) -> None:
    a = _para("p0-b1", a_text, 0, (50, 600, 290, 740))
    b = _para("p0-b2", b_text, 0, b_box, size=b_size)
    assert not can_continue(a, b)
    assert len(merge_continuations([a, b])) == 2


@pytest.mark.parametrize(
    ("a_text", "b_text"),
    [
        ("The loss falls after warm-up (Fig.", "5). It then stays flat."),
        ("The update follows from the bound in Eq.", "3, which holds for every step."),
        ("Other schedules behave alike, e.g.", "cosine decay with restarts."),
    ],
)
def test_merges_a_reference_cut_short_at_a_page_break(a_text: str, b_text: str) -> None:
    """ "(Fig." is no sentence end, and the "5)" opening the next page is its number, not an item."""
    a = _para("p0-b9", a_text, 0, (50, 600, 290, 740))
    b = _para("p1-b0", b_text, 1, (50, 60, 290, 120))
    merged = merge_continuations([a, b])
    assert [n.text for n in merged] == [f"{a_text} {b_text}"]


def test_a_sentence_ending_in_a_lower_case_word_like_an_abbreviation_stays_closed() -> None:
    a = _para("p0-b9", "She handed me a ripe fig.", 0, (50, 600, 290, 740))
    b = _para("p1-b0", "3 Results", 1, (50, 60, 290, 120))
    assert len(merge_continuations([a, b])) == 2


def test_heading_is_never_a_continuation() -> None:
    a = _para("p0-b1", "The results are shown in", 0, (50, 600, 290, 740))
    heading = Node(NodeType.HEADING, "p0-b2", "methods", 0, BBox(320, 60, 400, 72))
    assert len(merge_continuations([a, heading])) == 2


def test_document_vocabulary_joins_capitalised_and_quoted_splits() -> None:
    lines = ["our TableFormer model", "KnowItAll and Ratnaparkhi", "the state-of-the-art results"]
    vocab = build_vocabulary(lines)
    assert join_pair("proposed TABLE-", "FORMER works", vocab) == "proposed TABLEFORMER works"
    assert join_pair("as in KNOW-", "ITALL", vocab) == "as in KNOWITALL"
    assert join_pair("by Rat-", "naparkhi", vocab) == "by Ratnaparkhi"
    assert join_pair("words like \u201cFig-", "ure 1\u201d", vocab) == "words like \u201cFigure 1\u201d"
    assert join_pair("a state-", "of-the-art model", vocab) == "a state-of-the-art model"
    # Capitalised halves the document never writes joined stay as written.
    assert join_pair("the Euro-", "Asian corridor", vocab) == "the Euro-Asian corridor"


def test_compound_prefix_needs_a_word_after_it() -> None:
    vocab = build_vocabulary(["models are trained here", "a real-time system"])
    assert join_pair("the pre-", "vious work", vocab) == "the previous work"
    assert join_pair("the pre-", "trained model", vocab) == "the pre-trained model"
    assert join_pair("a real-", "time system", vocab) == "a real-time system"
    assert join_pair("off-", "the-shelf parts", vocab) == "off-the-shelf parts"


def test_fragment_after_a_line_end_hyphen_is_not_a_word() -> None:
    vocab = build_vocabulary(["because pre-", "vious models fail"])
    assert vocab["vious"] == 0 and vocab["models"] == 1


def test_decimal_start_continues_but_numbered_heading_does_not() -> None:
    a = _para("p0-b1", "which improves recall by about", 0, (50, 600, 290, 740))
    assert can_continue(a, _para("p0-b2", "1.5% in our analysis.", 0, (320, 60, 560, 120)))
    assert not can_continue(a, _para("p0-b3", "2. Methods are next", 0, (320, 60, 560, 120)))
    assert not can_continue(a, _para("p0-b4", "3 Results", 0, (320, 60, 560, 120)))


def test_list_item_and_footnote_resume_after_a_column_break() -> None:
    text = "\u2022 How does it compare in terms of per-"
    item = Node(NodeType.LIST_ITEM, "p0-b1", text, 0, BBox(50, 700, 290, 740))
    rest = _para("p1-b0", "formance and robustness?", 1, (50, 60, 290, 80))
    note = Node(NodeType.FOOTNOTE, "p1-b5", "3 Using light NLP tech-", 1, BBox(50, 740, 290, 760))
    body = _para("p1-b6", "Body text in the right column.", 1, (320, 60, 560, 700))
    note_rest = Node(NodeType.FOOTNOTE, "p1-b7", "niques makes it robust.", 1, BBox(320, 745, 560, 760))
    next_note = Node(NodeType.FOOTNOTE, "p1-b8", "4http://example.org", 1, BBox(320, 762, 560, 772))
    merged = merge_continuations([item, rest, note, body, note_rest, next_note])
    assert [n.id for n in merged] == ["p0-b1", "p1-b5", "p1-b6", "p1-b8"]
    assert merged[0].text == "\u2022 How does it compare in terms of performance and robustness?"
    assert merged[1].text == "3 Using light NLP techniques makes it robust."


def test_chinese_and_japanese_lines_join_without_a_space() -> None:
    assert join_lines(["機械学習を用いてコーパスから字句的な", "規則を自動的に学習する。"]) == (
        "機械学習を用いてコーパスから字句的な規則を自動的に学習する。"
    )
    assert join_lines(["表格结构识别是文档", "理解的重要任务"]) == "表格结构识别是文档理解的重要任务"
    # Latin next to CJK, and Korean, which spaces its words, keep the space
    assert join_lines(["New York Times に", "掲載された"]) == "New York Times に掲載された"
    assert join_lines(["표 구조 인식은", "중요하다"]) == "표 구조 인식은 중요하다"
    assert join_lines(["the end of", "a line"]) == "the end of a line"
