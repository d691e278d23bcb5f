"""Running headers, footers and page numbers: found by repetition across pages and by position.

A block in the top or bottom band of a page is furniture when similar text (digits masked)
sits in the same band on other pages, when it is a bare page number, or when it is a small,
short line at the very edge of the page (single-page documents have nothing to repeat). Text
that repeats its own sentences is no running line: body-sized sentences, and blocks level with
the first line of the text area on a page, must repeat unchanged on three pages.
Vertical text in the side margins (arXiv stamps, line numbers) is furniture too. Furniture is
taken out of the flow and kept apart so the output can count it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docbuild.model import Node, NodeType

REPEAT_BAND = 0.12  # share of page height searched for repeated headers/footers
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|pag\.?)?\s*[-\u2013\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7}|\d{1,3}[-\u2013]\d{1,4})\s*[-\u2013)\]]?"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class PageGeometry:
    """Displayed size of a page (points)."""

    width: float
    height: float


def _key(text: str) -> frozenset[str]:
    """Word set of a header line with digits masked, to match it modulo page numbers."""
    return frozenset(_WORDS.findall(_DIGITS.sub("#", text.lower())))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same running line modulo digits: most words of the shorter one appear in the other."""
    if not a or not b:
        return False
    if min(len(a), len(b)) < 2:
        return a == b
    return len(a & b) >= 0.8 * min(len(a), len(b))


def _band(node: Node, geom: PageGeometry, share: float) -> str | None:
    """'top' or 'bottom' when the node lies wholly within that band of the page."""
    if node.bbox is None or geom.height <= 0:
        return None
    if node.bbox.bottom <= share * geom.height:
        return "top"
    if node.bbox.top >= (1 - share) * geom.height:
        return "bottom"
    return None


def is_page_number(text: str) -> bool:
    """'12', '- 12 -', 'Page 3 of 9', 'xii'."""
    t = text.strip()
    return 0 < len(t) <= 20 and bool(_PAGE_NUMBER.match(t))


def _size(node: Node) -> float:
    lines = node.meta.get("lines", ())
    return max((float(ln.get("size", 0.0)) for ln in lines), default=0.0)


def _margin_text(node: Node, geom: PageGeometry) -> bool:
    """Vertical text in a side margin (arXiv identifier, line numbers)."""
    if not node.meta.get("vertical") or node.bbox is None:
        return False
    return node.bbox.x1 < 0.15 * geom.width or node.bbox.x0 > 0.85 * geom.width


def _kind(band: str, text: str) -> NodeType:
    if is_page_number(text):
        return NodeType.PAGE_NUMBER
    return NodeType.PAGE_HEADER if band == "top" else NodeType.PAGE_FOOTER


def _aligned(a: Node, b: Node) -> bool:
    """Same place on two pages (within a few points vertically, similar height)."""
    assert a.bbox is not None and b.bbox is not None
    near = abs(a.bbox.top - b.bbox.top) < 12 or abs(a.bbox.bottom - b.bbox.bottom) < 12
    same_size = abs(_size(a) - _size(b)) <= 0.6
    return near and same_size and abs(a.bbox.height - b.bbox.height) < 0.5 * max(a.bbox.height, b.bbox.height)


def _outermost(node: Node, nodes: Sequence[Node], band: str) -> bool:
    """Nothing on the page lies above (top band) or below (bottom band) the block, row-mates aside.

    Running heads are the page's outermost lines; labels of a table or figure that happen to
    repeat at the same height on several pages are not.
    """
    box = node.bbox
    assert box is not None
    for o in nodes:
        if o is node or o.bbox is None or _row(node, o):
            continue
        if band == "top" and o.bbox.top < box.top:
            return False
        if band == "bottom" and o.bbox.bottom > box.bottom:
            return False
    return True


def _short(node: Node) -> bool:
    """Short enough for a running line: 200 characters, or any single line (a long copyright
    notice in small type across a landscape page)."""
    return len(node.text) <= 200 or len(node.meta.get("lines", ())) == 1


def _repeated(pages: Sequence[Sequence[Node]], geoms: Sequence[PageGeometry], body_size: float) -> set[str]:
    """Ids of band blocks whose text recurs (digits masked) in the same band on another page.

    A block that reads like the body (``_body_like``) or starts where running text starts on a page
    (``_at_text_top``) must recur unchanged, digits too, on two other pages: text that repeats its
    sentences can open two pages with lines sharing their words, and sections of the same name
    ('3.1 Datasets', '4.2 Datasets') can open two; a running head repeats on page after page.
    """
    cands: list[tuple[int, str, frozenset[str], Node]] = []
    for i, (nodes, geom) in enumerate(zip(pages, geoms, strict=False)):
        for n in nodes:
            band = _band(n, geom, REPEAT_BAND)
            if band and _short(n) and n.type is NodeType.PARAGRAPH and _outermost(n, nodes, band):
                cands.append((i, band, _key(n.text), n))
    body_like = {n.id for i, _, _, n in cands if _body_like(n, pages[i], body_size)}
    same: dict[str, set[int]] = {}  # pages where a block's text recurs character for character
    found: set[str] = set()
    for a_idx, (pa, band_a, key_a, na) in enumerate(cands):
        for pb, band_b, key_b, nb in cands[a_idx + 1 :]:
            if pb - pa > 4:
                break
            if (
                pa != pb
                and band_a == band_b
                and _aligned(na, nb)
                and _same_lines(na, nb)
                and _similar(key_a, key_b)
            ):
                found.update((na.id, nb.id))
                if " ".join(na.text.split()) == " ".join(nb.text.split()):
                    same.setdefault(na.id, set()).add(pb)
                    same.setdefault(nb.id, set()).add(pa)
    tops = _text_tops(pages, found, body_size)
    return {
        n.id
        for _, band, _, n in cands
        if n.id in found
        and (len(same.get(n.id, ())) >= 2 or not (n.id in body_like or _at_text_top(n, band, tops)))
    }


def _text_tops(pages: Sequence[Sequence[Node]], found: set[str], body_size: float) -> list[float]:
    """Tops of the document's paragraphs of running text (two lines or more in the body size),
    running lines aside: where the text area of its pages begins."""
    return [
        o.bbox.top
        for nodes in pages
        for o in nodes
        if o.type is NodeType.PARAGRAPH
        and o.bbox is not None
        and o.id not in found
        and len(o.meta.get("lines", ())) >= 2
        and abs(_size(o) - body_size) <= 0.05 * body_size
    ]


def _at_text_top(node: Node, band: str, tops: Sequence[float], tol: float = 2.0) -> bool:
    """A top-band block that starts where running text starts on a page: the first line of the text
    area (a section heading opening the page), not a running head in the margin above it. (Not tried
    at the foot: a page's last paragraph may take in a running foot set beside it.)"""
    assert node.bbox is not None
    return band == "top" and any(abs(t - node.bbox.top) <= tol for t in tops)


def _body_like(node: Node, nodes: Sequence[Node], body_size: float) -> bool:
    """A body-sized block that reads as running text: whole sentences (``_prose``) or a justified line
    spanning its column (``_fills_column``)."""
    if _size(node) < 0.95 * body_size:
        return False
    others = [o for o in nodes if o is not node]
    return _prose(node.text) or _fills_column(node, others, body_size)


_SENTENCE_BREAK = re.compile(r"(\w+)[.!?]\s+(\w)")


def _prose(text: str) -> bool:
    """Sentences: a full stop (or ? !) at the end, and a lower-case start (the rest of a sentence from
    the page before) or a sentence ending inside ('... summarises the runs. Errors concentrate ...').
    A running head is a title, names or a journal line: 'Preprint. Under review.' and 'Smith et al.
    Title' end no sentence inside (a capital or a two-letter word before the stop)."""
    t = text.strip()
    if not t.endswith((".", "!", "?")) or t.endswith(".."):
        return False
    if t[:1].islower():
        return True
    return any(w.islower() and len(w) >= 3 and c.isupper() for w, c in _SENTENCE_BREAK.findall(t))


def _same_lines(a: Node, b: Node) -> bool:
    """As many lines on both pages: a running line repeats whole, while the first paragraph of one
    page and a one-line paragraph of the next that share their words (a repeated sentence) differ."""
    return len(a.meta.get("lines", ())) == len(b.meta.get("lines", ()))


def _row(a: Node, b: Node) -> bool:
    """Whether two boxes share a row (a header and the page number beside it): they overlap by half
    the height of the lower one. Lines set one under the other in small type touch by a point or so
    (the end of a list of references opening a page), which makes no row."""
    assert a.bbox is not None and b.bbox is not None
    overlap = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
    return overlap > 0.5 * min(a.bbox.height, b.bbox.height)


def _edge_candidate(node: Node, body_size: float) -> bool:
    """Small, short, at most two lines: what running heads and foots look like."""
    if node.type is not NodeType.PARAGRAPH or node.bbox is None:
        return False
    size = _size(node)
    if is_page_number(node.text):
        return size <= 1.5 * body_size
    lines = len(node.meta.get("lines", ()))
    text = node.text.strip()
    if not 0 < size <= body_size * 1.02 or len(text) > 160 or lines > 2:
        return False
    if size < 0.95 * body_size:
        return True
    # Body-sized: only a single line that does not read like the end or middle of a paragraph.
    return lines == 1 and not text.endswith((".", ",", ";")) and not text[:1].islower()


def _edges(nodes: Sequence[Node], geom: PageGeometry, body_size: float) -> dict[str, str]:
    """Blocks alone in the page's top or bottom row, set apart from the rest by a clear gap."""
    found: dict[str, str] = {}
    boxed = [n for n in nodes if n.bbox is not None]
    gap = 0.9 * body_size
    for n in boxed:
        box = n.bbox
        assert box is not None
        if 0.2 * geom.height < box.bottom and box.top < 0.8 * geom.height:
            continue
        if not _edge_candidate(n, body_size):
            continue
        others = [o for o in boxed if o is not n and not (_row(n, o) and _edge_candidate(o, body_size))]
        if not others or _fills_column(n, others, body_size):
            continue
        if box.bottom <= 0.2 * geom.height and all(o.bbox.top >= box.bottom + gap for o in others):  # type: ignore[union-attr]
            found[n.id] = "top"
        elif box.top >= 0.8 * geom.height and all(o.bbox.bottom <= box.top - gap for o in others):  # type: ignore[union-attr]
            found[n.id] = "bottom"
    return found


def _fills_column(node: Node, others: Sequence[Node], body_size: float) -> bool:
    """A body-sized line running from one edge of a paragraph's column to the other.

    That is a justified line of running text: a paragraph's first line left alone at a page's
    foot under a float (its rest is on the next page), not a running foot, which is short,
    centred or set in smaller type.
    """
    box = node.bbox
    assert box is not None
    if _size(node) < 0.95 * body_size:
        return False
    return any(
        o.type is NodeType.PARAGRAPH
        and o.bbox is not None
        and len(o.meta.get("lines", ())) >= 2
        and abs(o.bbox.x0 - box.x0) <= 2
        and abs(o.bbox.x1 - box.x1) <= 2
        for o in others
    )


def split_furniture(
    pages: Sequence[Sequence[Node]], geoms: Sequence[PageGeometry], body_size: float
) -> tuple[list[list[Node]], list[Node]]:
    """Per-page nodes without furniture, and the furniture nodes (retyped) taken out."""
    repeated = _repeated(pages, geoms, body_size)
    kept: list[list[Node]] = []
    furniture: list[Node] = []
    for nodes, geom in zip(pages, geoms, strict=False):
        edges = _edges(nodes, geom, body_size)
        page_kept: list[Node] = []
        for n in nodes:
            kind = _classify(n, geom, n.id in repeated, edges.get(n.id), body_size)
            if kind is None:
                page_kept.append(n)
            else:
                furniture.append(n.evolve(type=kind))
        kept.append(page_kept)
    return kept, furniture


def _classify(
    node: Node, geom: PageGeometry, repeated: bool, edge: str | None, body_size: float
) -> NodeType | None:
    """Furniture type of one block, or None when it belongs to the body."""
    if node.type is not NodeType.PARAGRAPH:
        return None
    if _margin_text(node, geom):
        return NodeType.PAGE_HEADER
    if edge is not None:
        return _kind(edge, node.text)
    band = _band(node, geom, REPEAT_BAND)
    # A big lone number is a chapter number, not a folio.
    folio = is_page_number(node.text) and _size(node) <= 1.5 * body_size
    if band is not None and (repeated or folio):
        return _kind(band, node.text)
    return None
