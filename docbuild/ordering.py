"""Reading order of one page's nodes: columns, full-width elements, floats and their captions.

Works on ``Node`` boxes only, so it serves every parser and is tested with hand-built pages.
The page is cut recursively: first into columns wherever a vertical strip of whitespace runs
the whole height of the region; when no such strip exists, into horizontal bands, merging
neighbouring bands as long as they still share a column gap (so two columns whose paragraph
gaps happen to line up are not read band by band). A full-width title, abstract or ``figure*``
therefore ends a band, and the columns above and below it are read separately.

Captions (``meta["caption_of"]`` = visual id) are laid out together with their figure or
table and read right after it. Side notes in a margin form a column of their own and are read
as such (left to right), never interleaved line by line with the main text.

Example::

    ordered = order_page(nodes)  # nodes of one page, any order
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docbuild.model import BBox, Node

MIN_GAP = 5.0  # narrowest whitespace strip (points) taken as a column gutter
VISUAL_INSET = 8.0  # points a figure/table may reach into a column gutter
ROW_TOLERANCE = 2.0  # points: tops closer than this are one row (no tie decided by decimals)


@dataclass(frozen=True)
class _Unit:
    """What is laid out: a node, or a figure/table glued to its captions (read in that order)."""

    box: BBox
    nodes: tuple[Node, ...]
    core: BBox  # the box used to look for gaps (visuals inset sideways)


def _shrunk(box: BBox, visual: bool = False) -> BBox:
    """A box a little smaller, so touching neighbours (ascenders, rules) do not hide gaps.

    Figures and tables often reach a few points into the gutter, so they shrink more sideways.
    """
    dx = min(VISUAL_INSET if visual else 0.5, box.width / 4)
    dy = min(1.0, box.height / 4)
    return BBox(box.x0 + dx, box.top + dy, box.x1 - dx, box.bottom - dy)


def _units(nodes: Sequence[Node]) -> tuple[list[_Unit], list[Node]]:
    """Glue captions to their visuals; nodes without a box are returned apart (kept at the end)."""
    by_id = {n.id: n for n in nodes}
    captions: dict[str, list[Node]] = {}
    for n in nodes:
        target = n.meta.get("caption_of")
        if target in by_id and by_id[target].bbox is not None and n.bbox is not None:
            captions.setdefault(str(target), []).append(n)
    glued = {c.id for cs in captions.values() for c in cs}
    units: list[_Unit] = []
    loose: list[Node] = []
    for n in nodes:
        if n.id in glued:
            continue
        if n.bbox is None:
            loose.append(n)
            continue
        caps = sorted(captions.get(n.id, []), key=lambda c: (c.bbox.top, c.bbox.x0))  # type: ignore[union-attr]
        box = BBox.of([n.bbox, *(c.bbox for c in caps if c.bbox is not None)])
        units.append(_Unit(box, (n, *caps), _shrunk(box, n.type.is_visual)))
    return units, loose


def _gaps(units: Sequence[_Unit], lo: float, hi: float) -> list[tuple[float, float]]:
    """Vertical whitespace strips (x intervals) crossing all ``units``, between ``lo`` and ``hi``."""
    spans = sorted((u.core.x0, u.core.x1) for u in units)
    gaps: list[tuple[float, float]] = []
    reach = lo
    started = False
    for x0, x1 in spans:
        if started and x0 - reach >= MIN_GAP:
            gaps.append((reach, x0))
        reach = max(reach, x1) if started else x1
        started = True
    return [g for g in gaps if lo <= g[0] and g[1] <= hi]


def _columns(units: Sequence[_Unit]) -> list[list[_Unit]] | None:
    """Units split at vertical whitespace strips, left to right; None when there is no strip."""
    if len(units) < 2:
        return None
    lo = min(u.box.x0 for u in units)
    hi = max(u.box.x1 for u in units)
    gaps = _gaps(units, lo, hi)
    if not gaps:
        return None
    cols: list[list[_Unit]] = [[] for _ in range(len(gaps) + 1)]
    for u in units:
        cx = (u.core.x0 + u.core.x1) / 2
        k = sum(1 for g in gaps if cx > g[1] - 1e-6)
        cols[k].append(u)
    return [c for c in cols if c]


def _has_columns(units: Sequence[_Unit]) -> bool:
    cols = _columns(units)
    return cols is not None and len(cols) > 1


def _slabs(units: Sequence[_Unit]) -> list[list[_Unit]]:
    """Units cut into horizontal slabs at y positions no unit straddles, top to bottom."""
    ordered = sorted(units, key=lambda u: (u.box.top, u.box.x0))
    slabs: list[list[_Unit]] = []
    reach = float("-inf")
    for u in ordered:
        box = u.core
        if not slabs or box.top >= reach:
            slabs.append([u])
        else:
            slabs[-1].append(u)
        reach = max(reach, box.bottom) if len(slabs[-1]) > 1 else box.bottom
    return slabs


def _bands(units: Sequence[_Unit]) -> list[list[_Unit]]:
    """Slabs merged while the union keeps a column gap: bands end at full-width elements only."""
    bands: list[list[_Unit]] = []
    for slab in _slabs(units):
        if bands and (_has_columns(bands[-1] + slab) or not (_has_columns(bands[-1]) or _has_columns(slab))):
            bands[-1].extend(slab)
        else:
            bands.append(list(slab))
    return bands


def _top_down(units: Sequence[_Unit]) -> list[_Unit]:
    """Top to bottom; units whose tops differ by less than ``ROW_TOLERANCE`` read left to right."""
    ordered = sorted(units, key=lambda u: (u.box.top, u.box.x0))
    rows: list[list[_Unit]] = []
    for u in ordered:
        if rows and u.box.top - rows[-1][0].box.top < ROW_TOLERANCE:
            rows[-1].append(u)
        else:
            rows.append([u])
    return [u for row in rows for u in sorted(row, key=lambda u: u.box.x0)]


def _order(units: list[_Unit], depth: int = 0) -> list[_Unit]:
    """Recursive cut: columns first, then bands, then top-to-bottom."""
    if len(units) < 2 or depth > 40:
        return _top_down(units)
    cols = _columns(units)
    if cols is not None and len(cols) > 1:
        return [u for c in cols for u in _order(c, depth + 1)]
    bands = _bands(units)
    if len(bands) > 1:
        return [u for b in bands for u in _order(b, depth + 1)]
    return _top_down(units)


def order_page(nodes: Sequence[Node]) -> list[Node]:
    """Nodes of one page in reading order; captions right after their figure/table."""
    units, loose = _units(nodes)
    ordered = _order(units)
    return [n for u in ordered for n in u.nodes] + loose


def order_document(pages: Sequence[Sequence[Node]]) -> list[Node]:
    """Reading order of a whole document: pages in turn, each ordered on its own."""
    return [n for page in pages for n in order_page(page)]
