"""Figure placement: layout keeps reading order, first-mention moves visuals after their first citation."""

from __future__ import annotations

import pytest

from docbuild.linking import link_document
from docbuild.model import Document, Node, NodeType
from docbuild.options import LinkOptions
from docbuild.placement import place


def _p(i: int, text: str) -> Node:
    return Node(NodeType.PARAGRAPH, f"p-{i}", text=text)


def _fig(n: int, caption_id: str | None = None) -> Node:
    return Node(NodeType.FIGURE, f"fig-{n}", label=f"Figure {n}", caption_id=caption_id)


def _cap(i: int, of: str, text: str) -> Node:
    return Node(NodeType.CAPTION, f"c-{i}", text=text, meta={"caption_of": of})


def _order(doc: Document, placement: str) -> list[str]:
    return [n.id for n in place(link_document(doc, LinkOptions()), placement).nodes]


def _paper() -> Document:
    nodes = (
        _fig(1),
        _cap(1, "fig-1", "Figure 1: Overview (compare Figure 2)."),
        _p(1, "Introduction without mentions."),
        Node(NodeType.TABLE, "tab-1", label="Table 1", caption_id="c-3"),
        _cap(3, "tab-1", "Table 1: Data."),
        _p(2, "Our method (Fig. 2) beats the baseline of Figure 1."),
        _p(3, "Table 1 lists the data."),
        _fig(2),
        _cap(2, "fig-2", "Figure 2: Method."),
        _fig(3),
        _p(4, "Conclusion."),
    )
    return Document(id="d", source="x.pdf", format="pdf", nodes=nodes)


def test_layout_keeps_reading_order() -> None:
    doc = _paper()
    assert _order(doc, "layout") == [n.id for n in doc.nodes]


def test_first_mention_moves_visual_with_caption_after_citing_paragraph() -> None:
    assert _order(_paper(), "first-mention") == [
        "p-1",
        "p-2",
        "fig-2",  # cited first in p-2 (the caption of Figure 1 mentioning it does not count)
        "c-2",
        "fig-1",
        "c-1",
        "p-3",
        "tab-1",
        "c-3",
        "fig-3",  # never mentioned: stays where the layout put it
        "p-4",
    ]


def test_first_mention_keeps_caption_found_by_caption_id_and_its_side() -> None:
    nodes = (
        Node(NodeType.PARAGRAPH, "cap", text="Table 1: Data."),  # caption above its table, typed as paragraph
        Node(NodeType.TABLE, "tab-1", label="Table 1", caption_id="cap"),
        _p(1, "Nothing here."),
        _p(2, "See Table 1."),
    )
    doc = Document(id="d", source="x.pdf", format="pdf", nodes=nodes)
    assert _order(doc, "first-mention") == ["p-1", "p-2", "cap", "tab-1"]


def test_moved_visual_is_flagged_and_nothing_is_lost() -> None:
    doc = place(link_document(_paper(), LinkOptions()), "first-mention")
    assert sorted(n.id for n in doc.nodes) == sorted(n.id for n in _paper().nodes)
    assert doc.node("fig-2").meta["placed"] == "first-mention"  # type: ignore[union-attr]
    assert "placed" not in doc.node("fig-3").meta  # type: ignore[union-attr]
    assert doc.meta["placement"] == "first-mention"


def test_without_links_first_mention_falls_back_to_layout() -> None:
    doc = _paper()
    assert [n.id for n in place(doc, "first-mention").nodes] == [n.id for n in doc.nodes]


def test_unknown_placement_is_rejected() -> None:
    with pytest.raises(ValueError, match="placement"):
        place(_paper(), "random")
