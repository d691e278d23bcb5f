"""Reference linking: find "Fig. 3b", "Tables II and III", "图3" in text and point them at figure nodes.

Every text node gets ``meta["links"] = [{start, end, text, target, kind, panel}]`` (offsets into
``node.text``) and, when some mention names nothing in the document, ``meta["unresolved_mentions"]``;
every figure/table node gets ``meta["referenced_by"]`` (ids of the text nodes citing it). Targets
are matched by ``Label.key`` (kind, namespace, number), so "Supplementary Fig. 2" never lands on
Figure 2. HTML ``<a href="#fig3">`` anchors (``meta["anchors"]``) link straight to the node whose
``meta["html_ids"]`` holds ``fig3``. Output format: docs/format.md, "Reference links".

>>> doc = link_document(doc, LinkOptions())
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docbuild.labels import (
    CJK_FIGURE,
    CJK_TABLE,
    FIGURE_PLURALS,
    FIGURE_WORDS,
    TABLE_PLURALS,
    TABLE_WORDS,
    WS,
    Kind,
    Label,
    kind_of_word,
    namespace_name,
    namespace_pattern,
    normalise_number,
    parse_caption_label,
    prefix_namespace,
    roman_to_int,
    words_pattern,
)
from docbuild.model import TEXT_TYPES, Document, Node, NodeType
from docbuild.options import LinkOptions

_PLURAL_WORDS = {w.lower() for w in (*FIGURE_PLURALS, *TABLE_PLURALS)} - {"figure", "tabelle"}

# "Supplementary Figs." / "FIG." / "table" followed by what may be a number.
_HEAD = re.compile(
    rf"(?<![\w.])(?:{namespace_pattern()}{WS}+)?"
    rf"(?P<word>{words_pattern((*FIGURE_PLURALS, *TABLE_PLURALS, *FIGURE_WORDS, *TABLE_WORDS), lower=True)})"
    rf"(?P<stray>\.)?{WS}*(?=[A-Z]?\.?\d|[IVX]+(?![A-Za-z]))"
)
_JAMA_HEAD = re.compile(rf"(?<![\w.])e(?P<word>Figures?|Tables?){WS}*(?=\d)")
# Chinese: 图3, 表 2; not the 表 of 代表/发表/列表/图表 … nor "表2个" (counting).
_CJK_HEAD = re.compile(
    rf"(?<![代发列图报外年课时电仪手])(?P<word>[{CJK_FIGURE}{CJK_TABLE}]){WS}*(?=[A-Z]?\d)"
)
_LETTER = re.compile(r"[A-Za-z]")
_CJK_COUNTER = re.compile(rf"{WS}*[个种次位名项条年月日人只件份组类倍]")

# Chapter-numbered documents ("Figure 7-26") read "N-M" as one number, not a range.
_ITEM_DASHED = re.compile(
    r"(?:(?P<prefix>[A-Z])\.?(?=\d))?(?P<digits>\d{1,4}(?:[.\-–]\d{1,3})?)(?!\d)"
    r"|(?P<roman>[IVX]{1,6})(?![A-Za-z0-9])"
)
_ITEM_STRICT = re.compile(
    r"(?:(?P<prefix>[A-Z])\.?(?=\d))?(?P<digits>\d{1,4}(?:\.\d{1,3})?)(?!\d)"
    r"|(?P<roman>[IVX]{1,6})(?![A-Za-z0-9])"
)
# Panels: "3(b)", "3 (b, c)", "3b", "2a–c", "3a,b", "1A".
_PANEL_PAREN = re.compile(
    rf"{WS}?\((?P<p>[a-zA-Z](?:{WS}*(?:[,–\-]|and|&){WS}*[a-zA-Z])*)\)(?:[–\-]\((?P<to>[a-zA-Z])\))?"
)
_PANEL_ATTACHED = re.compile(r"(?P<p>[a-zA-Z](?:[,–\-][a-zA-Z])*)(?![A-Za-z0-9])")
_RANGE_SEP = re.compile(rf"{WS}*[–\-−—~至]{WS}*|{WS}+(?:to|through|bis|à|a){WS}+")
_LIST_SEP = re.compile(
    rf"{WS}*,{WS}*(?:(?:and|&|or){WS}+)?|{WS}*[、和与及]{WS}*|{WS}+(?:and|&|or|und|et|y|e|ou|o|и|i){WS}+"
)
_SINGULAR_LIST_OK = re.compile(
    rf"{WS}*(?:[),.;:\]]|$)|{WS}+(?:shows?|illustrate|present|display|depict|give|report|summari[sz]e|"
    r"compare|contain|are|were|and|respectively|demonstrate|provide|indicate|list|"
    r"zeigen|sind|montrent|sont|muestran|son|mostram|são|mostrano|sono|показывают)\b"
)
# "Figure 3 of [12]", "Table 2 in Smith et al.", "[12, Fig. 3]": someone else's figure.
_EXTERNAL_AFTER = re.compile(
    rf"{WS}+(?:of|in|from){WS}+(?:\[|ref\b|Ref\b|refs?\.|[A-Z][\w\-]+{WS}+(?:et{WS}+al|and{WS}+[A-Z])|"
    rf"[A-Z][a-z]+{WS}*[\[(]|[A-Z][a-z]+[’']s\b|(?:the{WS}+)?(?:[Ss]upplement\w*|SI\b|[Ss]upporting|online\b|Online\b)|"
    rf"(?:the{WS}+)?original{WS}+(?:paper|work|article|study|publication)|their{WS}+(?:paper|work|article|study))"
)
_EXTERNAL_BEFORE = re.compile(
    rf"(?:\[\d+(?:[,–\-]\d+)*[,;]|et{WS}+al\.?,?{WS}*\(?\d{{4}}[a-z]?\)?,|\btheir|[A-Z][a-z]+[’']s){WS}*\(?$"
)
MAX_RANGE = 15


@dataclass(frozen=True)
class Mention:
    """One cited figure/table: the text span that names it, its label key, and a panel if given."""

    start: int
    end: int
    text: str
    label: Label
    panel: str | None = None
    skip: str | None = None  # why it must not link: "external" (another work's figure), "quoted"


@dataclass
class _Item:
    start: int
    end: int
    prefix: str | None
    digits: str | None
    roman: str | None
    panel: str | None = None
    range_to: _Item | None = field(default=None)


def _match_item(text: str, pos: int, dashed: bool) -> _Item | None:
    """A label number (with optional panel) at ``pos``."""
    m = (_ITEM_DASHED if dashed else _ITEM_STRICT).match(text, pos)
    if m is None or m.end() == pos:
        return None
    roman = m.group("roman")
    if roman and roman_to_int(roman) is None:
        return None
    item = _Item(m.start(), m.end(), m.group("prefix"), m.group("digits"), roman)
    if _PANEL_ATTACHED.match(text, item.end) is None and _LETTER.match(text, item.end):
        return None  # "3rd", "2nd", "3D": a word, not a number with a panel
    p = _PANEL_PAREN.match(text, item.end)
    if p is None and not roman:
        p = _PANEL_ATTACHED.match(text, item.end)
        if p is not None and _looks_like_word(text, p):
            p = None
    if p is not None:
        spec = p.group("p") + (f"-{p.group('to')}" if p.groupdict().get("to") else "")
        item.panel = _expand_panels(spec)
        item.end = p.end()
    return item


def _looks_like_word(text: str, m: re.Match[str]) -> bool:
    """An attached panel like "3a" is fine; "3rd" or "3s" (plurals, ordinals) are words."""
    letters = m.group("p")
    return len(letters) == 1 and text[m.start() - 1 : m.start() + 2].lower() in ("1st", "2nd", "3rd")


def _expand_panels(spec: str) -> str:
    """Panels as a comma list: "a–c" -> "a,b,c", "b, d" -> "b,d"."""
    spec = re.sub(rf"{WS}*(?:and|&){WS}*", ",", spec)
    out: list[str] = []
    for part in re.split(rf"{WS}*,{WS}*", spec.strip()):
        bounds = re.split(r"[–\-]", part)
        if len(bounds) == 2 and bounds[0] and bounds[1] and ord(bounds[1]) > ord(bounds[0]):
            out += [chr(c) for c in range(ord(bounds[0]), ord(bounds[1]) + 1)]
        elif part:
            out.append(part)
    return ",".join(out)


def _int_value(item: _Item) -> int | None:
    if item.roman:
        return roman_to_int(item.roman)
    if item.digits and item.digits.isdigit():
        return int(item.digits)
    return None


def _items(text: str, pos: int, plural: bool, dashed: bool) -> list[_Item]:
    """Numbers after a label word: "3", "3 and 4", "2–4", "S1–S3", "II and III"."""
    first = _match_item(text, pos, dashed)
    if first is None:
        return []
    items = [first]
    while True:
        last = items[-1]
        r = _RANGE_SEP.match(text, last.end)
        if r is not None and last.range_to is None:
            nxt = _match_item(text, r.end(), dashed)
            if nxt is not None and _is_range(last, nxt, r.group(0), plural):
                last.range_to = nxt
                last.end = nxt.end
                continue
        sep = _LIST_SEP.match(text, last.end)
        if sep is None:
            break
        nxt = _match_item(text, sep.end(), dashed)
        if nxt is None or (nxt.roman and not last.roman) or (nxt.prefix and not last.prefix and not plural):
            break
        if not plural and not _SINGULAR_LIST_OK.match(text, nxt.end):
            break
        items.append(nxt)
    return items


def _is_range(a: _Item, b: _Item, sep: str, plural: bool) -> bool:
    """Whether "2–4" is a range: it counts upwards, and words ("to", "bis") need a plural label word."""
    va, vb = _int_value(a), _int_value(b)
    if va is None or vb is None or not (va < vb <= va + MAX_RANGE):
        return False
    if b.prefix and b.prefix != a.prefix:
        return False
    if bool(a.roman) != bool(b.roman):
        return False
    wordy = sep.strip() in ("to", "through", "bis", "à", "a")
    return plural or not wordy


def _labels_of(kind: Kind, namespace: str, item: _Item) -> Iterator[tuple[Label, int, int]]:
    """Labels an item names (a range gives several), with the span each should point at."""
    first = normalise_number(item.prefix, item.digits, item.roman)
    if first is None:
        return
    ns = prefix_namespace(first, namespace)
    end_item = item.range_to
    if end_item is None:
        yield Label(kind, ns, first, "", item.end, item.start), item.start, item.end
        return
    va, vb = _int_value(item), _int_value(end_item)
    assert va is not None and vb is not None
    prefix = item.prefix or ""
    for v in range(va, vb + 1):
        number = f"{prefix}{v}"
        yield Label(kind, ns, number, "", item.end, item.start), item.start, item.end


_LEADER = re.compile(r"[^\n]{0,160}?(?:\.\s?){5,}\s*[\dxivlc]{1,4}\b|[^\n]{0,160}?…{2,}\s*\d{1,4}\b")
_OPEN_QUOTE = re.compile(r"[‘“\"'«„‚⟨]$")
_CLOSE_QUOTE = re.compile(r"[:.]?[’”\"'»⟩]")


def _skip_reason(text: str, start: int, end: int) -> str | None:
    """Why a mention names no figure of this document: cites another work, or quotes a label form."""
    if _is_external(text, start, end):
        return "external"
    if _OPEN_QUOTE.search(text[max(0, start - 1) : start]) and _CLOSE_QUOTE.match(text, end):
        return "quoted"  # ‘Figure 1:’ as an example of a caption, not a reference
    if _LEADER.match(text, end):
        return "contents"  # "Figure 3-1 CREATE PERMISSION . . . . . 21": a list of figures entry
    return None


def _is_external(text: str, start: int, end: int) -> bool:
    """Whether a mention cites another work's figure ("Figure 3 of [12]", "[12, Fig. 3]")."""
    return bool(_EXTERNAL_AFTER.match(text, end) or _EXTERNAL_BEFORE.search(text[max(0, start - 40) : start]))


def _mentions_from_head(text: str, m: re.Match[str], cjk: bool, jama: bool, dashed: bool) -> list[Mention]:
    """Expand one "Figs. 2a–c and 4" head match into one Mention per figure named."""
    word = m.group("word")
    kind = kind_of_word(word)
    if kind is None:
        return []
    plural = word.lower() in _PLURAL_WORDS or word.lower().endswith("s.")
    groups = m.groupdict()
    if groups.get("stray") and (word.islower() or word.endswith(".")):
        return []  # "Table. 1" is a typo worth reading; "in the table. 1 more" is a sentence end
    namespace = "supplementary" if jama else namespace_name(groups.get("ns"))
    items = _items(text, m.end(), plural or cjk, dashed)
    if items and items[0].roman and word.islower():
        return []
    if cjk and items and _CJK_COUNTER.match(text, items[-1].end):
        return []
    if not items:
        return []
    skip = _skip_reason(text, m.start(), items[-1].end)
    out: list[Mention] = []
    for i, item in enumerate(items):
        for label, s, e in _labels_of(kind, namespace, item):
            start = m.start() if i == 0 else s
            out.append(Mention(start, e, text[start:e], label, item.panel or None, skip))
    return out


def find_mentions(text: str, dashed: bool = False) -> list[Mention]:
    """Every figure/table mention in ``text``, in order, with character offsets into it.

    ``dashed``: the document numbers its figures by chapter ("Figure 7-26"), so "7-26" is one
    number rather than the range 7 to 26.

    >>> [m.label.number for m in find_mentions("see Figs. 2–4 and Table II")]
    ['2', '3', '4', '2']
    """
    found: list[Mention] = []
    covered = 0  # heads are sorted by start: one that begins inside an earlier mention is part of it
    heads = [(m, False, False) for m in _HEAD.finditer(text)]
    heads += [(m, False, True) for m in _JAMA_HEAD.finditer(text)]
    heads += [(m, True, False) for m in _CJK_HEAD.finditer(text)]
    heads.sort(key=lambda h: h[0].start())
    for m, cjk, jama in heads:
        if m.start() < covered:
            continue
        mentions = _mentions_from_head(text, m, cjk, jama, dashed)
        if mentions:
            found += mentions
            covered = max(covered, max(x.end for x in mentions))
    return found


# ---------------------------------------------------------------- resolution against the document


def _visual_label(node: Node) -> Label | None:
    """A figure/table node's own label: its ``label`` field, else its caption's leading label.

    When the caption states a longer number of the same label ("Table 6-1." for label "Table 6",
    a parser that dropped the chapter part), the caption wins.
    """
    kind: Kind = "table" if node.type is NodeType.TABLE else "figure"
    from_label = parse_caption_label(node.label) if node.label else None
    from_caption = parse_caption_label(node.caption) if node.caption else None
    if from_caption is not None and from_caption.kind != kind:
        from_caption = None
    if from_label is None:
        return from_caption
    if (
        from_caption is not None
        and from_caption.key[:2] == from_label.key[:2]
        and len(from_caption.number) > len(from_label.number)
        and from_caption.number.startswith(from_label.number)
        and from_caption.number[len(from_label.number)] in "-."
    ):
        return from_caption
    return from_label


LabelIndex = dict[tuple[str, str, str], list[tuple[int, str]]]


def label_index(doc: Document) -> LabelIndex:
    """Label key -> (reading-order position, id) of every figure/table node carrying that label."""
    index: LabelIndex = {}
    for pos, node in enumerate(doc.nodes):
        if node.type.is_visual:
            label = _visual_label(node)
            if label is not None:
                index.setdefault(label.key, []).append((pos, node.id))
    return index


def resolve(index: LabelIndex, key: tuple[str, str, str], pos: int) -> str | None:
    """The node a label names from position ``pos``: the nearest one carrying it.

    Labels repeat when numbering restarts (proceedings, books with per-paper numbering) or a
    table continues on the next page; the nearest candidate is the one the sentence means.
    """
    candidates = index.get(key)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs(c[0] - pos), c[0]))[1]


def _html_id_index(doc: Document) -> dict[str, Node]:
    """HTML element id (``meta["html_ids"]``) -> figure/table node."""
    out: dict[str, Node] = {}
    for node in doc.nodes:
        if node.type.is_visual:
            for html_id in node.meta.get("html_ids") or ():
                out.setdefault(str(html_id), node)
    return out


def _caption_owner(node: Node, doc_captions: dict[str, str]) -> str | None:
    """Id of the figure/table whose caption ``node`` is, if it is one."""
    owner = node.meta.get("caption_of")
    return str(owner) if owner else doc_captions.get(node.id)


def _own_label_span(
    node: Node, pos: int, owner: str | None, index: LabelIndex, visuals: dict[str, Node]
) -> tuple[int, int] | None:
    """Span of a caption's own leading label ("Figure 3:"), which is not a mention of anything."""
    label = parse_caption_label(node.text)
    if label is None:
        return None
    if owner is not None or node.type is NodeType.CAPTION:
        return (label.start, label.end)
    target = resolve(index, label.key, pos)
    caption = (visuals[target].caption or "") if target else ""
    head = _squash(node.text)[:60]
    if label.sep and head and _squash(caption).startswith(head[: max(20, len(head) // 2)]):
        return (label.start, label.end)
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fragment(href: str, doc: Document) -> str | None:
    """Element id an in-page link points at ("#fig3", "page.html#fig3" for this page), else None."""
    base, sep, frag = href.partition("#")
    if not sep or not frag:
        return None
    url = str(doc.meta.get("url") or doc.source or "")
    if base and not url.split("#")[0].endswith(base):
        return None
    return frag


def _anchor_links(node: Node, doc: Document, by_html_id: dict[str, Node]) -> list[dict[str, Any]]:
    """Links given by HTML anchors (``meta["anchors"]``) that point at a figure or table."""
    out: list[dict[str, Any]] = []
    for anchor in node.meta.get("anchors") or ():
        frag = _fragment(str(anchor.get("href", "")), doc)
        target = by_html_id.get(frag) if frag else None
        if target is None:
            continue
        start, end = int(anchor["start"]), int(anchor["end"])
        kind = "table" if target.type is NodeType.TABLE else "figure"
        out.append(
            {
                "start": start,
                "end": end,
                "text": node.text[start:end],
                "target": target.id,
                "kind": kind,
                "panel": None,
                "via": "anchor",
            }
        )
    return out


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


@dataclass
class _Context:
    doc: Document
    index: LabelIndex
    visuals: dict[str, Node]
    by_html_id: dict[str, Node]
    captions: dict[str, str]
    dashed: bool = False


def _link_node(node: Node, pos: int, ctx: _Context) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(links, unresolved mentions) of the text node at reading-order position ``pos``."""
    owner = _caption_owner(node, ctx.captions)
    own = _own_label_span(node, pos, owner, ctx.index, ctx.visuals)
    links = _anchor_links(node, ctx.doc, ctx.by_html_id)
    unresolved: list[dict[str, Any]] = []
    for mention in find_mentions(node.text, ctx.dashed):
        if own is not None and own[0] <= mention.start < own[1]:
            continue
        entry: dict[str, Any] = {
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "kind": mention.label.kind,
            "panel": mention.panel,
        }
        target = None if mention.skip else resolve(ctx.index, mention.label.key, pos)
        if target is not None and target == owner:
            continue
        if target is None:
            reason = mention.skip or "no_target"
            unresolved.append({**entry, "label": mention.label.display, "reason": reason})
            continue
        link = {**entry, "target": target}
        anchors = [a for a in links if a.get("via") == "anchor" and _overlaps(link, a)]
        if not anchors:
            links.append(link)
        for anchor in anchors:  # an explicit <a href> on the same words wins
            if anchor["target"] == target:
                _widen(anchor, link, node.text)
    links.sort(key=lambda x: (x["start"], x["end"]))
    return links, unresolved


def _widen(anchor: dict[str, Any], mention: dict[str, Any], text: str) -> None:
    """An anchor on part of a mention (Figure <a href=#f3>3</a>b) takes its whole span and panel."""
    anchor["start"] = min(anchor["start"], mention["start"])
    anchor["end"] = max(anchor["end"], mention["end"])
    anchor["text"] = text[anchor["start"] : anchor["end"]]
    anchor["panel"] = anchor["panel"] or mention["panel"]


# Equation and section references: recorded as their own kinds, never linked to figures.
_OTHER_NUMBER = r"\(?\d{1,3}(?:\.\d{1,3})*[a-z]?\)?"
_OTHER = re.compile(
    rf"(?<![\w.])(?:(?P<equation>Eqs?\.|EQS?\.|Equations?|equations?|eqs?\.|Gl\.|Gleichung(?:en)?|Éq\.|Ec\.)"
    rf"|(?P<section>Sections?|SECTIONS?|sections?|Secs?\.|Sect\.|sec\.|§§?|Abschnitt|Abschn\.))"
    rf"{WS}*(?P<first>{_OTHER_NUMBER}|[IVX]{{1,6}}(?![A-Za-z]))"
    rf"(?P<more>(?:{WS}*(?:,|and|&|or|to|–|-|und|et|y){WS}*{_OTHER_NUMBER})*)"
)


def find_other_references(text: str) -> list[dict[str, Any]]:
    """Equation and section references ("Eqs. (2) and (3)", "Section 4.1", "§2") with offsets."""
    out: list[dict[str, Any]] = []
    for m in _OTHER.finditer(text):
        numbers = re.findall(r"\d{1,3}(?:\.\d{1,3})*[a-z]?", m.group("first") + m.group("more"))
        if m.group("first").isupper():
            numbers = [str(roman_to_int(m.group("first")) or m.group("first"))]
        kind = "equation" if m.group("equation") else "section"
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "kind": kind, "numbers": numbers})
    return out


def link_document(doc: Document, options: LinkOptions) -> Document:
    """Attach mention links to text nodes and ``referenced_by`` to the figures and tables they cite."""
    if not options.link:
        return doc
    visuals = {n.id: n for n in doc.nodes if n.type.is_visual}
    captions = {n.caption_id: n.id for n in visuals.values() if n.caption_id}
    index = label_index(doc)
    dashed = any("-" in number for _, _, number in index)
    ctx = _Context(doc, index, visuals, _html_id_index(doc), captions, dashed)
    referenced: dict[str, list[str]] = {vid: [] for vid in visuals}
    new_nodes: list[Node] = []
    resolved = unresolved_count = 0
    for pos, node in enumerate(doc.nodes):
        if node.type not in TEXT_TYPES or node.type is NodeType.CODE or not node.text:
            new_nodes.append(node)
            continue
        links, unresolved = _link_node(node, pos, ctx)
        for target in dict.fromkeys(link["target"] for link in links):
            referenced[target].append(node.id)
        resolved += len(links)
        unresolved_count += len(unresolved)
        updates: dict[str, Any] = {"links": links}
        if unresolved:
            updates["unresolved_mentions"] = unresolved
        other = find_other_references(node.text)
        if other:
            updates["other_references"] = other
        new_nodes.append(node.with_meta(**updates))
    new_nodes = [n.with_meta(referenced_by=referenced[n.id]) if n.id in referenced else n for n in new_nodes]
    stats = {
        "links": resolved,
        "unresolved_mentions": unresolved_count,
        "referenced_visuals": sum(1 for v in referenced.values() if v),
        "visuals": len(visuals),
    }
    return doc.evolve(nodes=tuple(new_nodes)).with_meta(linking=stats)
