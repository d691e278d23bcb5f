"""Block typing: heading, list item, footnote, equation, code or paragraph, from text and fonts.

Decisions are relative to the document's own statistics (body size = the font size carrying
most characters), so a 9 pt conference paper and a 12 pt report are judged alike. Works on
``Node`` objects whose ``meta["lines"]`` carry ``size``/``bold``/``mono``/``math`` (the PDF
parser's block shape); captions are left to ``docbuild.captions`` and never retyped here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docbuild.model import BBox, Node, NodeType
from docbuild.paragraphs import heaviest

_NUMBERED_HEADING = re.compile(
    r"^(?:(?:chapter|section|appendix|part)\s+)?(?:\d+(?:\.\d+){0,4}|[A-Z]|[IVXLC]+)\.?\s+[A-Z\u00c0-\u024f]",
    re.IGNORECASE,
)
_KNOWN_HEADINGS = frozenset(
    {
        "abstract",
        "introduction",
        "background",
        "conclusion",
        "conclusions",
        "discussion",
        "references",
        "bibliography",
        "acknowledgments",
        "acknowledgements",
        "acknowledgment",
        "methods",
        "results",
        "appendix",
        "contents",
        "preface",
        "summary",
        "keywords",
        "experiments",
        "evaluation",
        "limitations",
        "related work",
        "future work",
        "highlights",
        "article info",
        "graphical abstract",
    }
)
_OPENING = re.compile(r"^(?:\d\.?\s*|I\.\s*)?(?:abstract|introduction|summary)\b", re.IGNORECASE)
_AFFILIATION = re.compile(
    r"universit|department|institut|laborator|college|school of|\bcent(?:er|re)\b|\binc\.|\bltd\b|gmbh|@",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^(?:[\u2022\u25cf\u25cb\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\u27a2\u25b6\u25ba\u2013\u2014*\-]|\uf0b7|\uf0a7)\s*\S"
)
_ENUM = re.compile(r"^(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)|\d{1,2}\.|[a-z]\.)\s+\S")
_FOOTNOTE_MARK = re.compile(
    r"^(?:\d{1,2}\s?\S|[*\u2020\u2021\u00a7\u00b6\u2217]+\s?\S|[a-z](?:\s|(?=[A-Z])))"
)
_EQ_NUMBER = re.compile(r"\(\s*\d{1,3}(?:\.\d{1,2})?[a-z]?\s*\)\s*$")
_MATH_CHARS = frozenset(
    "=+\u2212\u00b1\u00d7\u00f7\u2211\u220f\u222b\u221a\u2264\u2265\u2260\u2248\u221e\u2202\u2207\u2208\u2200\u2203\u2192\u21d2\u2282\u222a\u2229^_{}|\u03b1\u03b2\u03b3\u03b4\u03b5\u03b8\u03bb\u03bc\u03c0\u03c3\u03c6\u03c9\u03a3\u0394\u03a9"
)


_CODE_LINE = re.compile(
    r"^\s*(?:(?:CREATE|ALTER|DROP|SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|WHEN|THEN|ELSE|END|RETURN|CASE"
    r"|ENABLE|DISABLE|GRANT|REVOKE|FOR|ON|AS|AND|OR|ORDER BY|GROUP BY|SET|VALUES|BEGIN|DECLARE|CALL|COMMIT"
    r"|IF|ELSIF|LOOP)\b(?![a-z])"
    r"|/\*|//|--\s|[{}]|#include\b|(?:def|class|import|from|return|public|private|static|void|const|let|var|function)\s.*[:;{(=]"
    r"|.*[;{}]\s*$)"
)
# Only e-mail addresses, URLs or bracketed address lists: set in typewriter type, but not code.
_ADDRESSES = re.compile(
    r"^(?:\s*(?:\S+@\S+|[a-z][a-z0-9+.-]*://\S+|\{[^}]*\}@\S+|\[[^\]]*\]@\S+"
    r"|[\w.-]+(?:/[\w.#%~+-]*)+|[\w-]+\.[A-Za-z]{1,5}))+\s*$"  # and pieces of a wrapped URL or path
)
_CAPS_START = re.compile(r"^\s*[A-Z_]{2,}\b(?![a-z])")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*[\dIVXivx]+\s*$")


def looks_like_code(lines: Sequence[str]) -> bool:
    """Program text by content (SQL keywords, lines ending in ; { }), whatever the font says."""
    texts = [t for t in lines if t.strip()]
    if len(texts) < 2:
        return False
    # Prose lists end lines with ";" too: most lines must look like code, and some start with a keyword.
    # The keyword test is the cheap one and fails on prose, so it goes first.
    starts = sum(1 for t in texts if _CAPS_START.match(t))
    if starts < 0.3 * len(texts):
        return False
    hits = sum(1 for t in texts if _CODE_LINE.match(t))
    return hits >= 0.5 * len(texts)


def _char_width(lines: Sequence[dict[str, Any]]) -> float:
    """One character's advance in a listing: its lines' widths over their lengths (monospaced),
    else half the font size."""
    widths = sorted(
        (float(ln["bbox"][2]) - float(ln["bbox"][0])) / len(str(ln["text"]).strip())
        for ln in lines
        if len(str(ln.get("text", "")).strip()) >= 4
    )
    if widths:
        return max(widths[len(widths) // 2], 1.0)
    return 0.5 * float(lines[0].get("size") or 10.0)


def code_text(node: Node) -> str:
    """A code block's lines with their breaks and indentation (from the line boxes)."""
    lines = node.meta.get("lines", ())
    if not lines:
        return node.text
    left = min(float(ln["bbox"][0]) for ln in lines)
    width = _char_width(lines)
    out = []
    for ln in lines:
        indent = max(0, round((float(ln["bbox"][0]) - left) / width))
        out.append(" " * indent + str(ln["text"]).rstrip())
    return "\n".join(out)


@dataclass(frozen=True)
class Stats:
    """Per-document font statistics the typing rules are relative to."""

    body_size: float
    body_bold: bool = False


def document_stats(nodes: Iterable[Node]) -> Stats:
    """Body font size (most characters) of a document's text blocks."""
    lines = [ln for node in nodes for ln in node.meta.get("lines", ())]
    weighted = [(ln, len(ln.get("text", ""))) for ln in lines]
    body = heaviest(((round(float(ln["size"]) * 2) / 2, n) for ln, n in weighted if ln.get("size")), 10.0)
    bold = sum(n for ln, n in weighted if ln.get("bold"))
    total = sum(n for _, n in weighted)
    return Stats(body_size=body, body_bold=total > 0 and bold * 2 > total)


def _facts(node: Node) -> tuple[float, bool, bool, float]:
    """Dominant size, all-bold, mostly-monospace and math-font share of a block."""
    lines = node.meta.get("lines", ())
    if not lines:
        return 0.0, False, False, 0.0
    weights = [max(1, len(ln.get("text", ""))) for ln in lines]
    total = sum(weights)
    sizes = ((round(float(ln.get("size", 0.0)), 1), w) for ln, w in zip(lines, weights, strict=False))
    size = heaviest(sizes, 0.0)  # lines is not empty
    bold = all(ln.get("bold") for ln in lines)
    mono = sum(w for ln, w in zip(lines, weights, strict=False) if ln.get("mono")) * 2 > total
    math = sum(float(ln.get("math", 0.0)) * w for ln, w in zip(lines, weights, strict=False)) / total
    return size, bold, mono, math


def _is_heading(node: Node, text: str, stats: Stats, size: float, bold: bool) -> bool:
    """Short, not sentence-like, and larger or bolder than the body, or numbered like a section."""
    lines = node.meta.get("lines", ())
    if not text or len(text) > 200 or len(lines) > 3 or text.endswith((",", ";")) or _LEADER.search(text):
        return False  # a table-of-contents line ends in dot leaders and a page number
    if not any(ch.isalpha() for ch in text):
        return False
    bigger = size >= stats.body_size * 1.15
    bolder = bold and not stats.body_bold and size >= stats.body_size * 0.95
    numbered = bool(_NUMBERED_HEADING.match(text)) and len(text) < 120 and not text.endswith(".")
    known = text.strip(" .:").lower() in _KNOWN_HEADINGS
    sentence = text.endswith(".") and len(text.split()) > 8
    author_list = text.count(",") >= 3 and not numbered
    affiliation = not numbered and bool(_AFFILIATION.search(text))
    if sentence or author_list or affiliation:
        return False
    if bigger or bolder:
        return True
    italic = all(ln.get("italic") for ln in lines) and len(lines) == 1 and len(text.split()) <= 8
    if italic and size >= stats.body_size * 0.95 and not text.endswith((".", ":")):
        return True
    # Small caps ("I. INTRODUCTION" in IEEE papers) set most letters below the body size.
    caps = text.isupper() and size >= stats.body_size * 0.7 and len(text) < 80
    return (numbered or known) and (size >= stats.body_size * 0.95 or caps) and len(lines) <= 2


def _is_footnote(node: Node, text: str, stats: Stats, size: float, page_height: float | None) -> bool:
    """Smaller than the body, in the lower part of the page, opening with a marker."""
    if size >= stats.body_size * 0.92 or node.bbox is None:
        return False
    low = page_height is None or node.bbox.top > 0.6 * page_height
    # The rest of a note broken at the foot of the previous column opens in lower case.
    foot = page_height is not None and node.bbox.top > 0.8 * page_height and text[:1].islower()
    return low and (bool(_FOOTNOTE_MARK.match(text)) or foot)


def _is_equation(text: str, math: float) -> bool:
    """Mostly math fonts or symbols, or a short formula line ending in an equation number."""
    if not text or len(text) > 400:
        return False
    words = sum(1 for w in text.split() if len(w) > 3 and w.isalpha())
    if words > 6:  # prose, whatever the fonts
        return False
    if math >= 0.5:
        return True
    symbols = sum(ch in _MATH_CHARS for ch in text)
    if _EQ_NUMBER.search(text) and symbols >= 1:
        return True
    letters = sum(ch.isalpha() for ch in text)
    return symbols >= 3 and symbols > 0.25 * max(1, letters) and words <= 3


def classify(node: Node, stats: Stats, page_height: float | None = None) -> NodeType:
    """Type of one text block (captions, visuals and furniture keep theirs)."""
    if node.type is not NodeType.PARAGRAPH:
        return node.type
    text = node.text.strip()
    size, bold, mono, math = _facts(node)
    if not size:
        return NodeType.PARAGRAPH
    lines = node.meta.get("lines", ())
    code = (mono and not _ADDRESSES.match(text)) or looks_like_code([str(ln.get("text", "")) for ln in lines])
    if code and len(lines) >= 1 and not _is_heading(node, text, stats, size, bold):
        return NodeType.CODE
    if _is_footnote(node, text, stats, size, page_height):
        return NodeType.FOOTNOTE
    if _is_equation(text, math):
        return NodeType.EQUATION
    if _BULLET.match(text) or (_ENUM.match(text) and not _is_heading(node, text, stats, size, bold)):
        return NodeType.LIST_ITEM
    if _is_heading(node, text, stats, size, bold):
        return NodeType.HEADING
    return NodeType.PARAGRAPH


def heading_level(node: Node, stats: Stats) -> int:
    """1 for the largest headings, deeper for numbered sub-sections ("2.1" -> 2)."""
    m = re.match(r"^(\d+(?:\.\d+)*)", node.text.strip())
    if m:
        return min(6, m.group(1).count(".") + 1)
    size, *_ = _facts(node)
    return 1 if size >= stats.body_size * 1.4 else 2


def _front_matter_heading(node: Node, opening: float, title_size: float) -> bool:
    """A first-page heading candidate above the Abstract/Introduction and smaller than the title:
    an author, affiliation or journal line, not a section."""
    if node.type is not NodeType.HEADING or node.bbox is None or node.bbox.top >= opening:
        return False
    text = node.text.strip(" .:").lower()
    if text in _KNOWN_HEADINGS or _NUMBERED_HEADING.match(node.text):
        return False
    return _facts(node)[0] < title_size - 0.5


def _demote_front_matter(nodes: list[Node]) -> list[Node]:
    """On page one, only the title and known labels above the Abstract are headings."""
    firsts = [n for n in nodes if n.page_index == 0 and n.type is NodeType.HEADING and n.bbox is not None]
    openers = [
        n.bbox.top  # type: ignore[union-attr]
        for n in firsts
        if _OPENING.match(n.text.strip())
    ]
    if not openers or len(firsts) < 2:
        return nodes
    opening = min(openers)
    title_size = max(_facts(n)[0] for n in firsts)
    return [
        n.evolve(type=NodeType.PARAGRAPH, meta={k: v for k, v in n.meta.items() if k != "level"})
        if _front_matter_heading(n, opening, title_size)
        else n
        for n in nodes
    ]


def type_blocks(
    nodes: Sequence[Node], stats: Stats, page_heights: dict[int, float] | None = None
) -> list[Node]:
    """Nodes with their block type set (and ``meta["level"]`` on headings)."""
    out: list[Node] = []
    for node in nodes:
        height = page_heights.get(node.page_index) if page_heights and node.page_index is not None else None
        kind = classify(node, stats, height)
        if kind is node.type:
            out.append(node)
        elif kind is NodeType.CODE:
            out.append(node.evolve(type=kind, text=code_text(node)))
        elif kind is NodeType.HEADING:
            out.append(node.evolve(type=kind, meta={**node.meta, "level": heading_level(node, stats)}))
        else:
            out.append(node.evolve(type=kind))
    return _demote_front_matter(out)


_EQ_FRAGMENT = re.compile(r"^(?:[,.;]?\s*\(\s*\d{1,3}[a-z]?\s*\)|otherwise|if\b.*|[,.;])$")
_EQ_JUNK = re.compile("[\ue000-\uf8ff\ufffd\u2022]")


def _math_fragment(node: Node) -> bool:
    """A short piece of a display formula that typing alone cannot tell ("C(p, ¯p) =", ", (2)")."""
    if node.type is NodeType.EQUATION:
        return True
    if node.type not in (NodeType.PARAGRAPH, NodeType.FOOTNOTE, NodeType.LIST_ITEM) or node.bbox is None:
        return False
    text = node.text.strip()
    if not text or len(text) > 40 or len(node.meta.get("lines", ())) > 2:
        return False
    words = sum(1 for w in text.split() if len(w) > 3 and w.isalpha())
    symbolic = any(ch in _MATH_CHARS for ch in text) or _facts(node)[3] >= 0.3
    return bool(_EQ_FRAGMENT.match(text)) or (symbolic and words <= 1)


def _near(group: list[Node], node: Node) -> bool:
    """``node`` touches the group's box: overlapping columns, at most two lines above or below."""
    box = BBox.of([n.bbox for n in group if n.bbox is not None])
    other = node.bbox
    if other is None:
        return False
    size = max((_facts(n)[0] for n in group), default=10.0) or 10.0
    vertical = other.top <= box.bottom + 2 * size and other.bottom >= box.top - 2 * size
    # An equation number sits at the column's edge, far to the right of its formula.
    numbered = bool(_EQ_NUMBER.search(node.text))
    return vertical and (numbered or (other.x0 < box.x1 + 2 * size and other.x1 > box.x0 - 2 * size))


def _equation_node(group: list[Node]) -> Node:
    """One equation from its pieces, text read row by row in visual order, glyph debris dropped."""
    lines = [ln for n in group for ln in n.meta.get("lines", ())] or [
        {"bbox": n.bbox.as_list() if n.bbox else [0, 0, 0, 0], "text": n.text} for n in group
    ]
    rows: list[list[dict]] = []
    for ln in sorted(lines, key=lambda ln: (ln["bbox"][1] + ln["bbox"][3]) / 2):
        mid = (ln["bbox"][1] + ln["bbox"][3]) / 2
        if rows and abs(mid - rows[-1][0]["_mid"]) <= 0.35 * (ln["bbox"][3] - ln["bbox"][1]):
            rows[-1].append({**ln, "_mid": mid})
        else:
            rows.append([{**ln, "_mid": mid}])
    pieces = [str(ln["text"]) for row in rows for ln in sorted(row, key=lambda ln: ln["bbox"][0])]
    text = " ".join(" ".join(_EQ_JUNK.sub(" ", " ".join(pieces)).split()).split())
    first = group[0]
    return first.evolve(
        type=NodeType.EQUATION,
        text=text,
        bbox=BBox.of([n.bbox for n in group if n.bbox is not None]),
        meta={**first.meta, "lines": list(lines)},
    )


def group_equations(nodes: Sequence[Node]) -> list[Node]:
    """A display equation shredded into pieces (sums, braces, sub-lines, its number) -> one node.

    Runs of neighbouring formula pieces on a page in reading order are merged when at least one
    of them was typed an equation on its own.
    """
    out: list[Node] = []
    group: list[Node] = []

    def flush() -> None:
        if len(group) > 1 and any(n.type is NodeType.EQUATION for n in group):
            out.append(_equation_node(group))
        elif group and any(n.type is NodeType.EQUATION for n in group):
            out.append(_equation_node(group) if _EQ_JUNK.search(group[0].text) else group[0])
        else:
            out.extend(group)
        group.clear()

    def numbered_above(node: Node) -> bool:
        """The group already holds an equation number on a row above ``node``: a new equation."""
        return any(
            _EQ_NUMBER.search(n.text)
            and n.bbox is not None
            and node.bbox is not None
            and node.bbox.top >= n.bbox.bottom + 2.0
            for n in group
        )

    for node in nodes:
        same_page = not group or node.page_index == group[0].page_index
        joins = not group or (_near(group, node) and not numbered_above(node))
        if _math_fragment(node) and same_page and joins:
            group.append(node)
            continue
        flush()
        if _math_fragment(node):
            group.append(node)
        else:
            out.append(node)
    flush()
    return out
