"""Mention linking on hand-built documents: every mention form, decoys, namespaces, languages, HTML."""

from __future__ import annotations

from typing import Any

import pytest

from docbuild.linking import find_mentions, link_document
from docbuild.model import Document, Node, NodeType
from docbuild.options import LinkOptions


def _fig(n: int | str, label: str | None = None, caption: str | None = None) -> Node:
    return Node(
        NodeType.FIGURE, f"fig-{n}", label=label if label is not None else f"Figure {n}", caption=caption
    )


def _tab(n: int | str, label: str | None = None, caption: str | None = None) -> Node:
    return Node(
        NodeType.TABLE, f"tab-{n}", label=label if label is not None else f"Table {n}", caption=caption
    )


def _para(i: int, text: str, **meta: Any) -> Node:
    return Node(NodeType.PARAGRAPH, f"p0-b{i}", text=text, meta=meta)


def _doc(*nodes: Node) -> Document:
    return Document(id="d", source="test.pdf", format="pdf", nodes=nodes)


STANDARD = (_fig(1), _fig(2), _fig(3), _fig(4), _tab(1), _tab(2, label="TABLE II"), _tab(4, label="Table IV"))


def _links(text: str, *visuals: Node) -> list[tuple[str, str, str | None]]:
    """(mention text, target id, panel) for every link found in ``text``."""
    doc = link_document(_doc(*(visuals or STANDARD), _para(1, text)), LinkOptions())
    node = doc.node("p0-b1")
    assert node is not None
    for link in node.meta["links"]:
        assert text[link["start"] : link["end"]] == link["text"]
    return [(x["text"], x["target"], x["panel"]) for x in node.meta["links"]]


def _targets(text: str, *visuals: Node) -> list[str]:
    return [t for _, t, _ in _links(text, *visuals)]


def _unresolved(text: str, *visuals: Node) -> list[dict[str, Any]]:
    doc = link_document(_doc(*(visuals or STANDARD), _para(1, text)), LinkOptions())
    node = doc.node("p0-b1")
    assert node is not None
    return list(node.meta.get("unresolved_mentions", []))


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("As shown in Fig. 3, accuracy rises.", ["fig-3"]),
        ("Figure 3 shows the pipeline.", ["fig-3"]),
        ("FIG. 3 shows the pipeline.", ["fig-3"]),
        ("see figure 3 for details", ["fig-3"]),
        ("Fig 3 compares both.", ["fig-3"]),
        ("Figs. 3 and 4 compare both.", ["fig-3", "fig-4"]),
        ("Figures 2–4 compare them.", ["fig-2", "fig-3", "fig-4"]),
        ("Figures 2-4 compare them.", ["fig-2", "fig-3", "fig-4"]),
        ("Figures 1 to 3 compare them.", ["fig-1", "fig-2", "fig-3"]),
        ("Figs. 1, 2, and 4 agree.", ["fig-1", "fig-2", "fig-4"]),
        ("(Fig. 1; Table 1)", ["fig-1", "tab-1"]),
        ("Table 2 lists them.", ["tab-2"]),
        ("Tab. 2 lists them.", ["tab-2"]),
        ("Table II lists them.", ["tab-2"]),
        ("TABLE IV lists them.", ["tab-4"]),
        ("Tables II and IV list them.", ["tab-2", "tab-4"]),
        ("the results in Fig.\n3 are", ["fig-3"]),
        ("the results in Fig.\u00a03 are", ["fig-3"]),
        ("the results in Figure\u202f3 are", ["fig-3"]),
        ("Fig. 3 and Fig. 4 and Table 1", ["fig-3", "fig-4", "tab-1"]),
    ],
)
def test_mention_forms(text: str, targets: list[str]) -> None:
    assert _targets(text) == targets


@pytest.mark.parametrize(
    ("text", "panel"),
    [
        ("In Fig. 3(b) we see", "b"),
        ("In Fig. 3b we see", "b"),
        ("In Fig. 3 (b) we see", "b"),
        ("In Fig. 3B we see", "B"),
        ("In Figure 3(b, c) we see", "b,c"),
        ("In Fig. 3b,c we see", "b,c"),
        ("In Figs. 3a–c we see", "a,b,c"),
        ("In Figure 3(a)–(c) we see", "a,b,c"),
        ("In Fig. 3e-h we see", "e,f,g,h"),
    ],
)
def test_panels(text: str, panel: str) -> None:
    assert _links(text) == [(_links(text)[0][0], "fig-3", panel)]
    assert _links(text)[0][0].startswith("Fig")


def test_panel_range_over_figure() -> None:
    got = _links("Figs. 2a–c show it")
    assert got == [("Figs. 2a–c", "fig-2", "a,b,c")]


@pytest.mark.parametrize(
    "text",
    [
        "We need to figure out why.",
        "Results are given in table form.",
        "a table 3 metres long",  # resolves only when Table 3 exists: it does not
        "This is the 3rd figure.",
        "see Eq. 3 and Section 2",
        "see Equation (3) and Sec. 4.1",
        "the table I used",
        "In Figure 3, 10 samples failed.",  # "10" is not a figure
        "Figure 2 and 3 samples were kept.",  # "3 samples" is not Figure 3
    ],
)
def test_decoys_do_not_link_wrongly(text: str) -> None:
    targets = _targets(text)
    expected = {"In Figure 3, 10 samples failed.": ["fig-3"], "Figure 2 and 3 samples were kept.": ["fig-2"]}
    assert targets == expected.get(text, [])


def test_missing_figure_is_unresolved_not_linked() -> None:
    assert _targets("Figure 9 shows it and Table 7 too.") == []
    unresolved = _unresolved("Figure 9 shows it and Table 7 too.")
    assert [(u["text"], u["label"], u["reason"]) for u in unresolved] == [
        ("Figure 9", "Figure 9", "no_target"),
        ("Table 7", "Table 7", "no_target"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Supplementary Fig. 2 shows controls.",
        "Supplementary Figure 2 shows controls.",
        "Extended Data Fig. 1 shows controls.",
        "Fig. S3 shows controls.",
        "Figs. S1–S3 show controls.",
        "Appendix Table A1 lists them.",
        "Table A1 lists them.",
        "eFigure 2 shows controls.",
    ],
)
def test_namespaces_never_reach_main_text(text: str) -> None:
    assert _targets(text) == []
    assert _unresolved(text), text


def test_namespaces_link_to_their_own_objects() -> None:
    visuals = (
        _fig(2),
        _fig("s2", label="Figure S2"),
        _fig("ed1", label="Extended Data Fig. 1"),
        _fig(1),
        _tab("a1", label="Table A1"),
        _tab(1),
    )
    text = "Fig. 2, Supplementary Fig. 2, Fig. S2, Extended Data Fig. 1, Fig. 1, Table A1 and Table 1."
    assert _targets(text, *visuals) == ["fig-2", "fig-s2", "fig-s2", "fig-ed1", "fig-1", "tab-a1", "tab-1"]


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("Wie Abb. 3 zeigt, und Tab. 2 belegt.", ["fig-3", "tab-2"]),
        ("Abbildung 3 und Tabelle 2", ["fig-3", "tab-2"]),
        ("Comme le montre la Fig. 3 et le Tableau 2.", ["fig-3", "tab-2"]),
        ("Como muestra la Figura 3 y la Tabla 2.", ["fig-3", "tab-2"]),
        ("Como mostra a Figura 3 e a Tabela 2.", ["fig-3", "tab-2"]),
        ("如图3所示，表2列出了结果。", ["fig-3", "tab-2"]),
        ("见图 3(a) 和表 2", ["fig-3", "tab-2"]),
        ("它代表2个方面，发表3篇", []),  # 代表 / 发表 are words, not tables
    ],
)
def test_other_languages(text: str, targets: list[str]) -> None:
    visuals = (
        _fig(3, label="Abb. 3"),
        _tab(2, caption="Tabelle 2: Werte"),
        _tab(3, label=""),
    )
    assert _targets(text, *visuals) == targets


def test_targets_found_by_caption_when_label_missing() -> None:
    fig = Node(NodeType.FIGURE, "fig-1", caption="FIG. 5. Spectra of the samples.")
    assert _targets("see Fig. 5", fig) == ["fig-1"]


def test_caption_label_is_not_a_mention_of_itself() -> None:
    fig = _fig(3, caption="Figure 3: Same setting as Figure 2.")
    caption = Node(
        NodeType.CAPTION, "p0-b9", text="Figure 3: Same setting as Figure 2.", meta={"caption_of": "fig-3"}
    )
    doc = link_document(_doc(_fig(2), fig, caption), LinkOptions())
    node = doc.node("p0-b9")
    assert node is not None
    assert [(x["text"], x["target"]) for x in node.meta["links"]] == [("Figure 2", "fig-2")]
    assert "unresolved_mentions" not in node.meta
    assert doc.node("fig-3").meta["referenced_by"] == []  # type: ignore[union-attr]
    assert doc.node("fig-2").meta["referenced_by"] == ["p0-b9"]  # type: ignore[union-attr]


def test_undetected_caption_paragraph_is_not_a_self_mention() -> None:
    text = "Figure 3: Accuracy of the model over training epochs."
    fig = _fig(3, caption=text)
    doc = link_document(_doc(fig, _para(1, text)), LinkOptions())
    assert doc.node("p0-b1").meta["links"] == []  # type: ignore[union-attr]


def test_caption_found_by_caption_id() -> None:
    fig = Node(NodeType.FIGURE, "fig-1", label="Figure 1", caption_id="p0-b2")
    cap = _para(2, "Figure 1. A plot.")
    doc = link_document(_doc(fig, cap), LinkOptions())
    assert doc.node("p0-b2").meta["links"] == []  # type: ignore[union-attr]


def test_external_figures_are_not_linked() -> None:
    for text in ("as in Figure 3 of [12]", "see [12, Fig. 3]", "cf. Table 2 in Smith et al. (2019)"):
        assert _targets(text) == [], text
        assert [u["reason"] for u in _unresolved(text)] == ["external"], text


def test_referenced_by_and_stats() -> None:
    doc = link_document(
        _doc(_fig(1), _para(1, "Figure 1 is first."), _para(2, "Again Fig. 1 and Fig. 9."), _tab(1)),
        LinkOptions(),
    )
    assert doc.node("fig-1").meta["referenced_by"] == ["p0-b1", "p0-b2"]  # type: ignore[union-attr]
    assert doc.node("tab-1").meta["referenced_by"] == []  # type: ignore[union-attr]
    assert doc.meta["linking"] == {
        "links": 2,
        "unresolved_mentions": 1,
        "referenced_visuals": 1,
        "visuals": 2,
    }


def test_link_disabled_returns_document_unchanged() -> None:
    doc = _doc(_fig(1), _para(1, "Figure 1"))
    assert link_document(doc, LinkOptions(link=False)) is doc


def test_html_anchor_links_to_element_ids() -> None:
    fig = Node(
        NodeType.FIGURE, "n7", caption="Figure 3: A cat.", label="Figure 3", meta={"html_ids": ["fig3", "f3"]}
    )
    tab = Node(NodeType.TABLE, "n9", meta={"html_ids": ["results"]})
    text = "The cat (see the picture) is in our results table and Figure 3."
    spans = [
        ("see the picture", "#fig3"),
        ("results table", "page.html#results"),
        ("Figure 3", "#f3"),
        ("The", "#b1"),
    ]
    anchors = [{"start": text.index(s), "end": text.index(s) + len(s), "href": href} for s, href in spans]
    doc = Document(
        id="d",
        source="https://x.org/page.html",
        format="html",
        nodes=(fig, tab, _para(1, text, anchors=anchors)),
    )
    node = link_document(doc, LinkOptions()).node("p0-b1")
    assert node is not None
    got = [(x["text"], x["target"], x["kind"]) for x in node.meta["links"]]
    assert got == [
        ("see the picture", "n7", "figure"),
        ("results table", "n9", "table"),
        ("Figure 3", "n7", "figure"),
    ]


def test_html_figcaption_label_matches_text_mention() -> None:
    fig = Node(NodeType.FIGURE, "n4", caption="Figure 2. Architecture.", meta={"html_ids": ["arch"]})
    doc = Document(id="d", source="a.html", format="html", nodes=(_para(1, "As Figure 2 shows"), fig))
    out = link_document(doc, LinkOptions())
    assert out.node("p0-b1").meta["links"][0]["target"] == "n4"  # type: ignore[union-attr]
    assert out.node("n4").meta["referenced_by"] == ["p0-b1"]  # type: ignore[union-attr]


def test_find_mentions_offsets_are_exact() -> None:
    text = "Intro. Figures\n2–4 and Table\u00a0II (see Fig. 3(b))."
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text
    assert [m.label.number for m in find_mentions(text)] == ["2", "3", "4", "2", "3"]


def test_chapter_numbered_labels_read_dashes_as_one_number() -> None:
    visuals = (
        _fig("a", label="Figure 7-26"),
        _fig("b", label="Figure 7-27"),
        _tab("c", caption="Table 2-1 View"),
    )
    text = "Nuts (Figure 7-26) and washers (Figures 7-26 and 7–27) are listed in Table 2-1."
    assert _targets(text, *visuals) == ["fig-a", "fig-a", "fig-b", "tab-c"]


def test_dashes_are_ranges_when_labels_are_not_chapter_numbered() -> None:
    assert _targets("Figures 2-4 and Figure 1-3") == ["fig-2", "fig-3", "fig-4", "fig-1", "fig-2", "fig-3"]


def test_quoted_label_examples_are_not_references() -> None:
    text = "words like ‘Figure 1:’ or “Table 2” start a caption; using “Figures 1 and 2” instead"
    assert _targets(text) == []
    assert {u["reason"] for u in _unresolved(text)} == {"quoted"}
    assert _targets("the plot (“Figure 1 shows it”) and Figure 2") == ["fig-1", "fig-2"]


def test_stray_dot_after_label_word() -> None:
    assert _targets("Results are presented in Table. 2. It is evident") == ["tab-2"]
    assert _targets("we use the table. 2 more rows") == []


def test_panels_per_item_in_a_list() -> None:
    assert _links("Figs 1A and 2B agree") == [("Figs 1A", "fig-1", "A"), ("2B", "fig-2", "B")]
    assert _links("Figs. 3e-h and 4a") == [("Figs. 3e-h", "fig-3", "e,f,g,h"), ("4a", "fig-4", "a")]


def _html_contract_document(html_path: Any) -> Document:
    """Build nodes the way the HTML parser contract says (anchors, html_ids, caption), with lxml."""
    from lxml import html as lxml_html

    root = lxml_html.parse(str(html_path)).getroot()
    nodes: list[Node] = []
    for i, el in enumerate(root.iter("p", "table", "figure")):
        if el.tag == "p":
            text, anchors = "", []
            for part in el.xpath(".//text()"):
                parent = part.getparent()
                link = parent if parent.tag == "a" and part.is_text else None
                start = len(text)
                text += str(part)
                if link is not None and link.get("href", "").startswith("#"):
                    anchors.append({"start": start, "end": len(text), "href": link.get("href")})
            nodes.append(
                Node(
                    NodeType.PARAGRAPH,
                    f"n{i}",
                    text=" ".join(text.split()) if not anchors else text,
                    meta={"anchors": anchors},
                )
            )
        else:
            caption = el.find("caption") if el.tag == "table" else el.find("figcaption")
            cap = " ".join(caption.text_content().split()) if caption is not None else None
            kind = NodeType.TABLE if el.tag == "table" else NodeType.FIGURE
            nodes.append(
                Node(kind, f"n{i}", caption=cap, meta={"html_ids": [el.get("id")] if el.get("id") else []})
            )
    return Document(id="sre", source=str(html_path), format="html", nodes=tuple(nodes))


def test_real_html_page_anchor_and_text_mention(corpus: Any) -> None:
    doc = link_document(_html_contract_document(corpus / "html" / "google-sre-book-1.html"), LinkOptions())
    table = next(
        n for n in doc.nodes if n.type is NodeType.TABLE and "table_monitoring_symptoms" in n.meta["html_ids"]
    )
    assert table.caption is not None and table.caption.startswith("Table 6-1")
    citing = [n for n in doc.nodes if any(x["target"] == table.id for x in n.meta.get("links", []))]
    assert len(citing) == 1
    (link,) = [x for x in citing[0].meta["links"] if x["target"] == table.id]
    assert link["text"] == "Table 6-1" and link["kind"] == "table"
    assert table.meta["referenced_by"] == [citing[0].id]


def test_generated_papers_known_text_quality_gate() -> None:
    """Synthetic papers from benchmarks/linkgen.py (text only, no PDF): every mention and decoy scored."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from link_accuracy import known_document, predicted_sequence, score
    from linkgen import expected_sequence, generate

    matched = predicted = expected = 0
    for seed in range(100, 140):
        truth = generate(seed)
        s = score(
            predicted_sequence(link_document(known_document(truth), LinkOptions())),
            expected_sequence(truth),
        )
        matched, predicted, expected = matched + s.matched, predicted + s.predicted, expected + s.expected
    assert expected > 500
    assert matched / predicted >= 0.98 and matched / expected >= 0.95


def test_supplement_is_external_but_appendix_is_this_document() -> None:
    assert _targets("as Figure 2 in the supplement shows") == []
    assert _targets("Table 1 in Supplementary Information lists") == []
    assert _targets("as Figure 2 in the appendix shows") == ["fig-2"]


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("как показано на рис. 3 и в табл. 2", ["fig-3", "tab-2"]),
        ("Рисунки 2 и 3 показывают", ["fig-2", "fig-3"]),
        ("Jak pokazano na Rys. 3 i Rys. 2", ["fig-3", "fig-2"]),
        ("그림 3은 구조를, 표 2에서 결과를", ["fig-3", "tab-2"]),
        ("図3に示すように", ["fig-3"]),
        ("in Figure3 and Fig.4 (squashed)", ["fig-3", "fig-4"]),
    ],
)
def test_more_languages_and_squashed_spaces(text: str, targets: list[str]) -> None:
    assert _targets(text, *STANDARD, _tab(2)) == targets


def test_list_of_figures_entries_are_not_references() -> None:
    text = "Figure 3 Pipeline overview . . . . . . . . . . 21\nFigure 4 Results ...........  22"
    assert _targets(text) == []
    assert [u["reason"] for u in _unresolved(text)] == ["contents", "contents"]
    assert _targets("Figure 3 shows it. See also pages 4.5.6.7.8.") == ["fig-3"]


def test_caption_number_wins_over_truncated_label() -> None:
    table = Node(NodeType.TABLE, "n35", label="Table 6", caption="Table 6-1. Example symptoms and causes")
    other = Node(NodeType.TABLE, "n40", label="Table 6", caption="Table 6-2. More")
    assert _targets("Table 6-1 lists symptoms; Table 6-2 more.", table, other) == ["n35", "n40"]
    mismatch = Node(NodeType.FIGURE, "f", label="Figure 2", caption="Figure 3: wrong caption text")
    assert _targets("see Figure 2", mismatch) == ["f"]


def test_restarted_numbering_links_to_the_nearest_figure() -> None:
    nodes = (
        _para(1, "Paper one: see Figure 1."),
        Node(NodeType.FIGURE, "a-fig-1", label="Figure 1"),
        _para(2, "Paper one again: Figure 1."),
        _para(3, "Paper two begins. Figure 1 shows another thing."),
        Node(NodeType.FIGURE, "b-fig-1", label="Figure 1"),
    )
    doc = link_document(_doc(*nodes), LinkOptions())
    got = [doc.node(f"p0-b{i}").meta["links"][0]["target"] for i in (1, 2, 3)]  # type: ignore[union-attr]
    assert got == ["a-fig-1", "a-fig-1", "b-fig-1"]


def test_anchor_wins_over_a_text_mention_on_the_same_words() -> None:
    text = "as Figure 1 shows"
    anchors = [{"start": 3, "end": 11, "href": "#f-real"}]
    real = Node(NodeType.FIGURE, "n9", meta={"html_ids": ["f-real"]})
    doc = Document(
        id="d", source="a.html", format="html", nodes=(_fig(1), real, _para(1, text, anchors=anchors))
    )
    links = link_document(doc, LinkOptions()).node("p0-b1").meta["links"]  # type: ignore[union-attr]
    assert [(x["text"], x["target"]) for x in links] == [("Figure 1", "n9")]


@pytest.mark.parametrize(
    "text",
    [
        "as in Figure 4 of the original paper",
        "compare Table 2 of their paper",
        "in their Figure 4 the curve bends",
        "Smith’s Figure 4 shows the opposite",
        "see Fig. 4 in Ref. 12",
    ],
)
def test_other_works_figures_are_external(text: str) -> None:
    assert _targets(text) == []
    assert [u["reason"] for u in _unresolved(text)] == ["external"]


def test_anchor_on_the_number_only_takes_the_whole_mention() -> None:
    text = "as Figure 3b shows"
    anchors = [{"start": 10, "end": 11, "href": "#f3"}]
    fig = Node(NodeType.FIGURE, "n9", label="Figure 3", meta={"html_ids": ["f3"]})
    doc = Document(id="d", source="a.html", format="html", nodes=(fig, _para(1, text, anchors=anchors)))
    links = link_document(doc, LinkOptions()).node("p0-b1").meta["links"]  # type: ignore[union-attr]
    assert [(x["text"], x["target"], x["panel"], x["via"]) for x in links] == [
        ("Figure 3b", "n9", "b", "anchor")
    ]


@pytest.mark.parametrize("text", ["Abb. 3 und 4 zeigen", "Fig. 3 et 4 montrent", "Figura 3 y 4 muestran"])
def test_singular_lists_in_other_languages(text: str) -> None:
    assert _targets(text, *STANDARD, _fig(3, label="Abb. 3"), _fig(4, label="Abb. 4")) == ["fig-3", "fig-4"]


def test_equations_and_sections_are_recorded_apart() -> None:
    text = "Using Eq. (3) and Eqs. (4)–(6) from Section III and §2, Fig. 1 follows."
    doc = link_document(_doc(*STANDARD, _para(1, text)), LinkOptions())
    node = doc.node("p0-b1")
    assert node is not None
    assert [x["target"] for x in node.meta["links"]] == ["fig-1"]
    got = [(r["text"], r["kind"], r["numbers"]) for r in node.meta["other_references"]]
    assert got == [
        ("Eq. (3)", "equation", ["3"]),
        ("Eqs. (4)–(6)", "equation", ["4", "6"]),
        ("Section III", "section", ["3"]),
        ("§2", "section", ["2"]),
    ]
    assert (
        "other_references"
        not in link_document(_doc(_para(1, "we section off the area")), LinkOptions()).nodes[0].meta
    )
