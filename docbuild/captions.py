"""Caption blocks: recognise "Figure 3:" / "TABLE II" style captions and tie them to their visuals.

Works on Nodes only (no format library), so the PDF parser and tests share one implementation.
A caption is a block that *starts* with a label and is set apart from running text: a mid-paragraph
"Figure 3 shows ..." is a reference, not a caption. Tying a caption to a figure or table is a
small assignment problem solved greedily on a cost that prefers the usual side (figures above
their caption, tables below it), horizontal overlap and a small gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from docbuild.model import BBox, Node, NodeType

Kind = Literal["figure", "table"]

# Minimal label grammar, used until/unless docbuild.labels offers parse_caption_label.
_LABEL_RE = re.compile(
    r"""^\s*
    (?P<word>figures?|figs?\.?|tables?|tabs?\.|tbl\.?)
    \s*
    (?P<number>(?-i:(?:[A-Z]{1,2}\s?)?\d+(?:[.\-–]\d+)*[a-z]?|[IVXLC]+\b))
    (?P<panel>\s*\([a-z]\))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may follow a caption label: punctuation, end of text, or a capitalised/bold start.
_DELIMITERS = ":.|—–-"
# Words that show a label is a reference inside a sentence, whatever the case.
_VERB_AFTER = re.compile(
    r"^(shows?|showing|illustrates?|depicts?|presents?|gives?|lists?|summari[sz]es?|"
    r"reports?|compares?|contains?|displays?|demonstrates?|and|or|in|of|is|are|was|were|"
    r"has|have|from|to|for|with|as|the|we|it)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CaptionLabel:
    """A parsed caption label: what it names and how it is written."""

    kind: Kind
    number: str
    label: str
    end: int
    panel: str | None = None


@dataclass(frozen=True, slots=True)
class Caption:
    """A caption block found on a page, with its parsed label."""

    block: Node
    kind: Kind
    label: str
    number: str

    @property
    def bbox(self) -> BBox:
        assert self.block.bbox is not None
        return self.block.bbox


def parse_label(text: str) -> CaptionLabel | None:
    """Label at the very start of ``text`` ("Fig. 3." -> figure 3), or None."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    word = m.group("word").lower()
    kind: Kind = "table" if word.startswith("t") else "figure"
    number = re.sub(r"\s+", "", m.group("number"))
    name = "Figure" if kind == "figure" else "Table"
    panel = m.group("panel").strip(" ()") if m.group("panel") else None
    return CaptionLabel(kind=kind, number=number, label=f"{name} {number}", end=m.end(), panel=panel)


def _starts_bold(block: Node) -> bool:
    """True when the first line is bold while the block is not all bold (a bold "Figure 1.")."""
    lines = block.meta.get("lines") or []
    if not lines:
        return False
    return bool(lines[0].get("bold")) and not all(ln.get("bold") for ln in lines[1:] or [{}])


def caption_label(block: Node) -> CaptionLabel | None:
    """The label of ``block`` if the block is a caption (label first, set apart from prose)."""
    if block.type not in (NodeType.PARAGRAPH, NodeType.CAPTION) or not block.text:
        return None
    text = block.text.strip()
    parsed = parse_label(text)
    if parsed is None:
        return None
    rest = text[parsed.end :]
    stripped = rest.lstrip()
    if not stripped:
        return parsed
    if stripped[0] in _DELIMITERS:
        return parsed
    if block.type is NodeType.CAPTION or _starts_bold(block):
        return parsed
    if _VERB_AFTER.match(stripped):
        return None
    # "Table 1 Characteristics of ..." (Elsevier) and "Figure 1-2   Existing ..." (Redbooks).
    if stripped[0].isupper() or stripped[0].isdigit() or rest[:2] == "  ":
        return parsed
    return None


def find_captions(blocks: Sequence[Node], kind: Kind | None = None) -> list[Caption]:
    """Caption blocks among ``blocks`` (optionally only figure or table captions)."""
    found = []
    for block in blocks:
        if block.bbox is None:
            continue
        parsed = caption_label(block)
        if parsed is None or (kind is not None and parsed.kind != kind):
            continue
        found.append(Caption(block=block, kind=parsed.kind, label=parsed.label, number=parsed.number))
    return found


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
        return None
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


def tie_captions(
    captions: Sequence[BBox], regions: Sequence[BBox], kind: Kind, max_gap: float = 200.0
) -> dict[int, int]:
    """Caption index -> region index, each used at most once, cheapest pairs first."""
    pairs = []
    for ci, cbox in enumerate(captions):
        for ri, rbox in enumerate(regions):
            cost = tie_cost(cbox, rbox, kind, max_gap)
            if cost is not None:
                pairs.append((cost, ci, ri))
    pairs.sort()
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
