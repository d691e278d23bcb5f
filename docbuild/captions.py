"""Caption blocks: recognise "Figure 3:" / "TABLE II" style captions and tie them to their visuals.

Works on Nodes only (no format library), so the PDF parser, the OCR and layout-model paths and
tests share one implementation. A caption is a block that *starts* with a label and is set apart
from running text: a mid-paragraph "Figure 3 shows ..." is a reference, not a caption. Tying
captions to figures or tables is a small assignment problem solved jointly on a cost that prefers
the usual side (figures above their caption, tables below it), horizontal overlap and a small gap.
The page text facts the detectors share (body font size, prose blocks, columns) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docbuild.labels import Kind, Label, parse_caption_label
from docbuild.model import BBox, Node, NodeType
from docbuild.paragraphs import heaviest

# Words that show a label is a reference inside a sentence ("Figure 3 shows ..."), whatever the case.
_VERB_AFTER = re.compile(
    r"^(shows?|showing|illustrates?|depicts?|presents?|gives?|lists?|summari[sz]es?|"
    r"reports?|compares?|contains?|displays?|demonstrates?|and|or|in|of|is|are|was|were|"
    r"has|have|from|to|for|with|as|the|we|it)\b",
    re.IGNORECASE,
)
# Redbooks and manuals number "Figure 1-2": the label keeps the chapter-local part.
_DASHED = re.compile(r"[-–]\d{1,3}\b")


@dataclass(frozen=True, slots=True)
class Caption:
    """A caption block found on a page, with its parsed label."""

    block: Node
    kind: Kind
    label: str
    number: str
    source: Node
    parts: tuple[Node, ...] = ()

    @property
    def bbox(self) -> BBox:
        assert self.block.bbox is not None
        return self.block.bbox


def label_name(label: Label, text: str) -> str:
    """Human label for a visual ("Figure 3", "Table 2-1"), numbered as the document writes it."""
    dashed = _DASHED.match(text, label.end)
    return label.display + (dashed.group(0).replace("\u2013", "-") if dashed else "")


def _starts_bold(block: Node) -> bool:
    """True when the first line is bold while the block is not all bold (a bold "Figure 1.")."""
    lines = block.meta.get("lines") or []
    if not lines:
        return False
    return bool(lines[0].get("bold")) and not all(ln.get("bold") for ln in lines[1:] or [{}])


def caption_label(block: Node) -> Label | None:
    """The label of ``block`` if the block is a caption (label first, set apart from prose)."""
    if block.type not in (NodeType.PARAGRAPH, NodeType.CAPTION) or not block.text:
        return None
    text = block.text.strip()
    label = parse_caption_label(text)
    if label is None:
        return None
    end, sep = label.end, label.sep
    dashed = _DASHED.match(text, end)
    if dashed:  # "Figure 3-5 shows": the dash belongs to the number, not a separator
        end = dashed.end()
        sep = text[end:].lstrip()[:1] if text[end:].lstrip()[:1] in ":.|\u2014\u2013" else ""
    if sep or block.type is NodeType.CAPTION or _starts_bold(block):
        return label
    rest = text[end:]
    stripped = rest.lstrip()
    if not stripped:
        return label
    if _VERB_AFTER.match(stripped):
        return None
    if re.match(r"\(cont", stripped, re.IGNORECASE):  # "Table 2 (continued)", "(cont.)"
        return label
    # "Table 1 Characteristics of ..." (Elsevier) and "Figure 1-2   Existing ..." (Redbooks).
    if stripped[0].isupper() or stripped[0].isdigit() or rest[:2] == "  ":
        return label
    return None


def _trailing_caption(block: Node) -> tuple[Node, Label] | None:
    """A caption that starts on a later line of a block whose first lines are short figure labels.

    Text extraction often glues panel labels ("Frame 30  Frame 90") onto the caption below them;
    the returned block keeps the block's id, starts at the label and lists the glued lines in
    ``meta["figure_text"]``.
    """
    if block.type is not NodeType.PARAGRAPH:
        return None
    lines = block.meta.get("lines") or []
    for i, line in enumerate(lines[1:], start=1):
        if len(str(lines[i - 1].get("text", ""))) > 40:
            return None  # a long line above any label found from here on: prose, not figure labels
        text = str(line.get("text", "")).strip()
        label = parse_caption_label(text)
        if label is None or not label.sep:
            continue
        head = lines[:i]
        rest = lines[i:]
        box = BBox.of(BBox(*ln["bbox"]) for ln in rest)
        joined = " ".join(str(ln.get("text", "")).strip() for ln in rest)
        meta = {**block.meta, "lines": rest, "figure_text": [str(h.get("text", "")).strip() for h in head]}
        return block.evolve(text=joined, bbox=box, meta=meta), parse_caption_label(joined) or label
    return None


def find_captions(blocks: Sequence[Node], kind: Kind | None = None) -> list[Caption]:
    """Caption blocks among ``blocks`` (optionally only figure or table captions).

    A bold label extracted as a block of its own ("Table 1" then "Characteristics of ...") is
    joined with the block that continues it; that block is listed in ``Caption.parts`` so the
    detectors can take it out of the flow.
    """
    found = []
    for source in blocks:
        if source.bbox is None:
            continue
        block, label = source, caption_label(source)
        if label is None:
            trailing = _trailing_caption(source)
            if trailing is None:
                continue
            block, label = trailing
        if kind is not None and label.kind != kind:
            continue
        parts: tuple[Node, ...] = ()
        short = len(block.text.strip()) - label.end <= 2
        follower = _continuation(block, blocks) if short else _run_on(block, blocks)
        if follower is not None:
            parts = (follower,)
            block = _joined(block, follower)
        name = label_name(label, block.text.strip())
        found.append(
            Caption(block=block, kind=label.kind, label=name, number=label.number, source=source, parts=parts)
        )
    return found


def _continuation(label_block: Node, blocks: Sequence[Node]) -> Node | None:
    """The block that continues a label-only caption block: beside it on its line, or just below."""
    box = label_block.bbox
    assert box is not None
    best: tuple[float, Node] | None = None
    for other in blocks:
        ob = other.bbox
        if other is label_block or ob is None or other.type not in (NodeType.PARAGRAPH, NodeType.CAPTION):
            continue
        if caption_label(other) is not None:
            continue
        first = _first_line_box(other)
        v_overlap = min(box.bottom, first.bottom) - max(box.top, first.top)
        beside = v_overlap >= 0.5 * min(box.height, first.height) and -1 <= first.x0 - box.x1 <= 30
        aligned = abs(ob.x0 - box.x0) <= 6 or abs(ob.center[0] - box.center[0]) <= 6  # left or centred
        below = 0 <= ob.top - box.bottom <= 0.8 * box.height + 2 and aligned
        if beside or below:
            distance = abs(first.x0 - box.x1) if beside else ob.top - box.bottom
            if best is None or distance < best[0]:
                best = (distance, other)
    return best[1] if best else None


def _run_on(caption: Node, blocks: Sequence[Node]) -> Node | None:
    """The block a caption runs on into when the text extractor cut it mid-sentence.

    A taller line (symbols such as ±) can end a block early: the caption's last line then fills
    the block's width without closing the sentence, and the next block starts on the next line
    (or overlapping it), at the same left edge and in the same font size.
    """
    lines = caption.meta.get("lines") or []
    box = caption.bbox
    if not lines or box is None or not lines[-1].get("bbox"):
        return None
    last = lines[-1]
    text = str(last.get("text", "")).rstrip()
    if not text or text[-1] in ".:;!?)" or BBox(*last["bbox"]).x1 < box.x1 - 0.05 * box.width:
        return None
    size = float(last.get("size") or 0)
    for other in blocks:
        ob, olines = other.bbox, other.meta.get("lines") or []
        if other is caption or ob is None or not olines or other.type is not NodeType.PARAGRAPH:
            continue
        if caption_label(other) is not None or abs(float(olines[0].get("size") or 0) - size) > 0.5:
            continue
        first = str(olines[0].get("text", "")).lstrip()
        gap = ob.top - box.bottom
        if abs(ob.x0 - box.x0) <= 3 and -size <= gap <= 0.8 * size and first[:1].islower():
            return other
    return None


def _first_line_box(block: Node) -> BBox:
    """Box of a block's first line (the block's box when lines are not known)."""
    lines = block.meta.get("lines") or []
    assert block.bbox is not None
    return BBox(*lines[0]["bbox"]) if lines and lines[0].get("bbox") else block.bbox


def _joined(label_block: Node, follower: Node) -> Node:
    """The label block extended by its continuation (same id, union box, lines of both)."""
    assert label_block.bbox is not None and follower.bbox is not None
    lines = [*label_block.meta.get("lines", []), *follower.meta.get("lines", [])]
    return label_block.evolve(
        text=f"{label_block.text.strip()} {follower.text.strip()}",
        bbox=label_block.bbox.union(follower.bbox),
        meta={**label_block.meta, "lines": lines, "caption_parts": [follower.id]},
    )


# Page text facts the visual detectors share: which blocks are prose, where the columns are.


@dataclass(frozen=True)
class TextStats:
    """Typical body text of a page: font size, page box and the middle of the text area.

    ``body`` remembers which blocks are prose: the visual detectors ask it of every block for
    every caption and candidate region, a few hundred times a page. Blocks are kept in it with
    their answer, so an id is never reused while it is in there.
    """

    body_size: float
    page_box: BBox
    mid: float = 0.0
    body: dict[int, tuple[Node, bool]] = field(default_factory=dict, compare=False, repr=False)


def _line_sizes(block: Node) -> list[tuple[float, int]]:
    return [
        (round(float(ln.get("size", 0.0)), 1), len(ln.get("text", ""))) for ln in block.meta.get("lines", [])
    ]


def text_stats(blocks: Sequence[Node], page_box: BBox, body_size: float | None = None) -> TextStats:
    """Body font size (the document's when known, else the page's most common) and text-area middle.

    The middle is taken from the body text's extent, not the page's, since margins are often
    uneven (a handbook page with a wide inner margin).
    """
    if not body_size:
        body_size = heaviest((pair for block in blocks for pair in _line_sizes(block)), 10.0)
    stats = TextStats(body_size=body_size, page_box=page_box, mid=(page_box.x0 + page_box.x1) / 2)
    body = [b.bbox for b in blocks if b.bbox is not None and is_body_text(b, stats)]
    if body:
        mid = (min(b.x0 for b in body) + max(b.x1 for b in body)) / 2
        stats = TextStats(body_size=body_size, page_box=page_box, mid=mid, body=stats.body)
    return stats


def is_body_text(block: Node, stats: TextStats) -> bool:
    """Prose rather than a label inside a figure: body-sized font and wide or long lines."""
    known = stats.body.get(id(block))
    if known is not None and known[0] is block:
        return known[1]
    answer = _is_body_text(block, stats)
    stats.body[id(block)] = (block, answer)
    return answer


def _is_body_text(block: Node, stats: TextStats) -> bool:
    if block.bbox is None or block.type is NodeType.CAPTION:
        return False
    lines = block.meta.get("lines") or []
    chars = len(block.text)
    column = stats.page_box.width / 2.6
    width = block.bbox.width
    shaped = (len(lines) >= 2 and width >= 0.6 * column and chars >= 80) or (
        chars >= 60 and width >= 0.8 * column
    )
    return shaped and abs(_main_size(lines, stats.body_size) - stats.body_size) <= 0.75


def _main_size(lines: Sequence[dict[str, Any]], default: float) -> float:
    """Most frequent (rounded) font size over a block's non-empty lines; ties go to the first seen."""
    return heaviest(((round(float(ln.get("size", 0.0)), 1), 1) for ln in lines if ln.get("text")), default)


def is_horizontal(block: Node) -> bool:
    """The block's first line runs across the page (text on a rotated page runs down it)."""
    lines = block.meta.get("lines") or []
    if not lines or not lines[0].get("bbox"):
        return True
    x0, top, x1, bottom = lines[0]["bbox"]
    return bool(x1 - x0 > bottom - top)


def is_two_column(blocks: Sequence[Node], stats: TextStats) -> bool:
    """True when most body text sits in one half of the page rather than across the middle."""
    mid = stats.mid
    across = halves = 0
    for b in blocks:
        if b.bbox is None or not is_body_text(b, stats):
            continue
        if b.bbox.x0 < mid - 10 and b.bbox.x1 > mid + 10:
            across += len(b.text)
        else:
            halves += len(b.text)
    return halves > across


def column_range(
    caption: BBox, page_box: BBox, two_column: bool = True, mid: float | None = None
) -> tuple[float, float]:
    """Horizontal extent a caption's visual may occupy: its column, or the full page width."""
    mid = (page_box.x0 + page_box.x1) / 2 if mid is None else mid
    if not two_column:
        return page_box.x0, page_box.x1
    if caption.x1 <= mid + 15:
        return page_box.x0, mid + 5
    if caption.x0 >= mid - 15:
        return mid - 5, page_box.x1
    return page_box.x0, page_box.x1


def _h_overlap(a: BBox, b: BBox) -> float:
    """Horizontal overlap as a fraction of the narrower box."""
    inter = min(a.x1, b.x1) - max(a.x0, b.x0)
    narrow = min(a.width, b.width) or 1.0
    return max(0.0, inter) / narrow


def tie_cost(caption: BBox, region: BBox, kind: Kind, max_gap: float = 200.0) -> float | None:
    """Cost of tying a caption to a region, or None when they cannot belong together.

    Figures usually sit above their caption and tables below; the other side is allowed
    with a penalty. Regions must overlap the caption horizontally.
    """
    overlap = _h_overlap(caption, region)
    if overlap < 0.3:
        return _beside_cost(caption, region)
    tol = 4.0
    if region.bottom <= caption.top + tol:
        gap, above = caption.top - region.bottom, True
    elif region.top >= caption.bottom - tol:
        gap, above = region.top - caption.bottom, False
    else:
        return None
    gap = max(0.0, gap)
    if gap > max_gap:
        return None
    usual_above = kind == "figure"
    penalty = 0.0 if above == usual_above else 25.0
    dx = abs(caption.center[0] - region.center[0])
    return gap + penalty + 0.1 * dx + 20.0 * (1.0 - overlap)


# A side caption is set at most this far (points) beside its visual, and costs this much more.
SIDE_GAP = 30.0
SIDE_PENALTY = 40.0


def _beside_cost(caption: BBox, region: BBox) -> float | None:
    """Cost of a side caption: wholly left or right of the region, level with it, close by."""
    if caption.x0 >= region.x1 - 1:
        gap = caption.x0 - region.x1
    elif caption.x1 <= region.x0 + 1:
        gap = region.x0 - caption.x1
    else:
        return None
    level = caption.top >= region.top - 10 and caption.bottom <= region.bottom + 10
    return max(0.0, gap) + SIDE_PENALTY if level and gap <= SIDE_GAP else None


def tie_captions(
    captions: Sequence[BBox], regions: Sequence[BBox], kind: Kind, max_gap: float = 200.0
) -> dict[int, int]:
    """Caption index -> region index, each used at most once, with the lowest total cost.

    A joint assignment rather than greedy nearest pairs: with two tables stacked between two
    captions, greedy would give the first caption the table *below* it and leave the second
    one the wrong table. Few captions share a page, so an exact search is cheap; large pages
    fall back to greedy.
    """
    costs = [[tie_cost(c, r, kind, max_gap) for r in regions] for c in captions]
    if len(captions) <= 8 and len(regions) <= 12:
        return _exact_assignment(costs, unmatched=max_gap + 50.0)
    return _greedy_assignment(costs)


def _exact_assignment(costs: list[list[float | None]], unmatched: float) -> dict[int, int]:
    """Minimum-cost matching by search over captions (a caption may stay unmatched)."""
    best: tuple[float, dict[int, int]] = (float("inf"), {})

    def search(i: int, used: frozenset[int], total: float, chosen: dict[int, int]) -> None:
        nonlocal best
        if total >= best[0]:
            return
        if i == len(costs):
            best = (total, dict(chosen))
            return
        options = sorted((c, r) for r, c in enumerate(costs[i]) if c is not None and r not in used)
        for cost, r in options:
            chosen[i] = r
            search(i + 1, used | {r}, total + cost, chosen)
            del chosen[i]
        search(i + 1, used, total + unmatched, chosen)

    search(0, frozenset(), 0.0, {})
    return best[1]


def _greedy_assignment(costs: list[list[float | None]]) -> dict[int, int]:
    """Cheapest pairs first, each caption and region used once."""
    pairs = sorted((c, ci, ri) for ci, row in enumerate(costs) for ri, c in enumerate(row) if c is not None)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, ci, ri in pairs:
        if ci in out or ri in used:
            continue
        out[ci] = ri
        used.add(ri)
    return out


def mark_caption(block: Node, visual_id: str) -> Node:
    """The caption block retyped CAPTION and pointing at its visual."""
    return block.evolve(type=NodeType.CAPTION).with_meta(caption_of=visual_id)


def caption_text(block: Node) -> str:
    """Caption text with whitespace collapsed, as stored on the visual."""
    return " ".join(block.text.split())
