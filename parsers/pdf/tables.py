"""Tables on a PDF page: caption-anchored or ruled regions, read with PyMuPDF's table finder.

``page.find_tables()`` costs about 0.2 s a page, so it only runs on regions something points
at: a "Table N" caption (the region below it, or above) or a cluster of ruling lines. Tables
without rulings are read with the text strategy inside the caption-anchored region. The finder
supplies the table's box and its ruled boundaries; the cells are built from the page's words
(``parsers.pdf.cells``), so no boundary cuts a word and rows no rule separates are split by line.
``options.tables``: ``never`` skips, ``auto`` does the above, ``always`` also scans the page.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import pymupdf
import pymupdf.table as pymupdf_table

from docbuild.captions import (
    SIDE_GAP,
    Caption,
    caption_text,
    column_range,
    find_captions,
    is_body_text,
    is_horizontal,
    is_two_column,
    mark_caption,
    text_stats,
    tie_captions,
    tie_cost,
)
from docbuild.model import BBox, Node, NodeType
from docbuild.options import PdfOptions
from parsers.pdf import grids, page_memo
from parsers.pdf.cells import (
    Cells,
    Word,
    build_cells,
    edges,
    group_headers,
    holds,
    min_gap,
    side_by_side,
    text_lines,
    trim_rows,
    whitespace_columns,
    widen,
    words_in,
)
from parsers.pdf.figures import VisualResult, caption_regions, page_scene
from parsers.pdf.ink import (
    FigureContext,
    Ink,
    algorithm_zones,
    cluster_inks,
    page_bbox,
    page_inks,
    render_crop,
)

log = logging.getLogger(__name__)

# find_tables() otherwise prints an advertisement for pymupdf_layout to stdout once per process.
if hasattr(pymupdf, "no_recommend_layout"):
    pymupdf.no_recommend_layout()

# Drawn paths (curves, markers, diagonals) that make an ink cluster a chart rather than a table.
CHART_PATHS = 3
# A table cell's number: 72.2, -3, 448.6M, 12%, (0.4), ±, n/a.
_NUMBER = re.compile(
    r"^[(\[]?[-+\u2212±~<>≈]?[\d.,]*\d[\d.,]*[%kKMBx×]?[)\],;]?$|^[±\u2212-]$|^n/?a$", re.IGNORECASE
)
# How far apart (points) a table's rules may be when rows of text fill the space between them.
LONG_REACH = 400.0
# How far (points) a table may start from its caption.
CAPTION_REACH = 60.0
# How far (points) above or below a side caption its table may reach.
SIDE_REACH = 250.0
# A table must have at least this many rows and columns and this share of filled cells.
MIN_ROWS, MIN_COLS, MIN_FILL = 2, 2, 0.3


@dataclass(frozen=True)
class FoundTable:
    """A validated table: its box, its cells, and the caption that anchored it."""

    bbox: BBox
    cells: tuple[tuple[str | None, ...], ...]
    caption: Caption | None


def _rect(box: BBox) -> pymupdf.Rect:
    return pymupdf.Rect(box.x0, box.top, box.x1, box.bottom)


def _find_tables(page: pymupdf.Page, clip: BBox, vertical: str, horizontal: str, extra: list[Any]) -> Any:
    """``page.find_tables`` without the header's column names, which nothing here reads.

    The finder names header cells with one ``page.get_textbox`` per cell, a pure-Python walk
    over every character of the page (~80 ms each on a dense page, half of all table time), and
    names a table's top row by extracting the text of every cell of the table. The header's box,
    which we do use, is computed before the names. Its colour test renders from the page's one
    display list, and the page's drawings are read once for all calls (``page_memo``). The
    page's and the class's methods are shadowed only for the duration of the call.
    """
    page.get_textbox = _no_text  # type: ignore[method-assign]
    page.get_pixmap = functools.partial(page_memo.pixmap, page)  # type: ignore[method-assign]
    extract = pymupdf_table.Table.extract
    pymupdf_table.Table.extract = _no_rows  # type: ignore[method-assign]
    try:
        return page.find_tables(
            clip=_rect(clip),
            vertical_strategy=vertical,
            horizontal_strategy=horizontal,
            add_lines=extra or None,
            # the finder reads a rotated page's drawings after turning it upright
            paths=page_memo.drawings_copy(page) if page.rotation == 0 else None,
        )
    finally:
        pymupdf_table.Table.extract = extract  # type: ignore[method-assign]
        del page.get_textbox, page.get_pixmap


def _no_text(*_args: Any, **_kwargs: Any) -> str:
    return ""


def _no_rows(_table: Any, **_kwargs: Any) -> list[list[str]]:
    """A table's text as the header reads it: one row, whose names nothing here uses."""
    return [[]]


@contextmanager
def _chars_once() -> Iterator[None]:
    """Within the block, the table finder reads a page region's characters once, not per strategy.

    ``find_tables`` starts every call by walking the region's characters in Python (``make_chars``,
    half of its cost); trying three strategies on one region would walk them three times.
    The first walk's characters and text page are replayed for the same page and clip.
    """
    original = pymupdf_table.make_chars
    memo: dict[tuple[int, Any], tuple[Any, list[Any]]] = {}

    def make_chars(page: pymupdf.Page, clip: Any = None) -> Any:
        key = (page.number, tuple(clip) if clip is not None else None)
        if key in memo:
            textpage, chars = memo[key]
            pymupdf_table.CHARS.extend(chars)
            return textpage
        textpage = original(page, clip=clip)
        memo[key] = (textpage, list(pymupdf_table.CHARS))
        return textpage

    pymupdf_table.make_chars = make_chars
    try:
        yield
    finally:
        pymupdf_table.make_chars = original


def _read(
    page: pymupdf.Page,
    clip: BBox,
    strategies: Sequence[tuple[str, str]],
    frame: BBox | None = None,
    rules: Sequence[Ink] = (),
) -> list[FoundTable]:
    """Valid tables inside ``clip`` by the (vertical, horizontal) strategy that covers most ground.

    ``frame`` is the ruling cluster that suggested the table: a table read inside it takes its
    extent (booktabs rules frame a table whose text starts a little inside them). Rules drawn
    as thin raster images, which the table finder does not see, are handed to it as lines.
    """
    best: tuple[float, int, list[FoundTable]] = (0.0, 0, [])
    extra = _image_rule_lines(rules, clip)
    words = page_words(page)
    with _chars_once():
        for vertical, horizontal in strategies:
            try:
                tabs = _find_tables(page, clip, vertical, horizontal, extra).tables
            except (RuntimeError, ValueError, IndexError, ZeroDivisionError) as exc:  # damaged page content
                log.warning("page %d: table finder failed in %s: %s", page.number + 1, clip.as_list(), exc)
                continue
            found = []
            for tab in tabs:
                for box, cells in _cells(tab, words, (vertical, horizontal), clip, frame):
                    rows = _tidy(cells)
                    if _valid(rows):
                        found.append(FoundTable(box, rows, None))
            area = sum(t.bbox.area for t in found)
            cells = sum(1 for t in found for r in t.cells for c in r if c)
            # more ground wins; on about the same ground, the finer grid (more filled cells) wins
            if area > best[0] * 1.05 or (area >= best[0] * 0.95 and cells > best[1]):
                best = (area, cells, found)
            if (vertical, horizontal) == ("lines", "lines") and area >= 0.85 * clip.area:
                break  # a fully ruled grid covering the region: nothing reads it better
    return best[2]


def page_words(page: pymupdf.Page) -> list[Word]:
    """Every word of the page (read once per page, then clipped per table by word centre).

    The words of a rotated line (a column header set vertically) are stacked, not side by
    side, so they are kept as one word in their reading order.
    """
    lines: dict[tuple[int, int], list[Any]] = {}
    matrix = page.rotation_matrix if page.rotation % 360 else None
    for w in page.get_text("words"):
        if matrix is not None:  # words come on the unrotated page; tables live on the displayed one
            r = pymupdf.Rect(w[:4]) * matrix
            w = (r.x0, r.y0, r.x1, r.y1, *w[4:])
        lines.setdefault((w[5], w[6]), []).append(w)
    out = []
    for ws in lines.values():
        ws.sort(key=lambda w: w[7])
        if len(ws) > 1 and _stacked(ws):
            box = BBox.of(BBox(w[0], w[1], w[2], w[3]) for w in ws)
            out.append(Word(box.x0, box.top, box.x1, box.bottom, " ".join(w[4] for w in ws)))
        else:
            out += [Word(w[0], w[1], w[2], w[3], w[4]) for w in ws]
    return out


def _stacked(words: Sequence[Any]) -> bool:
    """Words of one line set vertically: taller than wide and one below (or above) the other."""
    long = [w for w in words if len(w[4]) > 1]
    tall = bool(long) and all(w[3] - w[1] > w[2] - w[0] for w in long)
    apart = all(b[1] >= a[3] - 1 or b[3] <= a[1] + 1 for a, b in itertools.pairwise(words))
    return tall and apart


def _cells(
    tab: Any, words: Sequence[Word], strategy: tuple[str, str], clip: BBox, frame: BBox | None
) -> list[tuple[BBox, Cells]]:
    """A found table's box and its cells, read from the words inside it (see ``parsers.pdf.cells``).

    Column boundaries come from the finder only where vertical rules drew them; row bands only
    where horizontal rules did. A header the finder found above the table, the ruling frame
    around it and words the finder's box cuts through on its left or right join the table.
    Without any rules, lines set apart from the rows are left out (``trim_rows``) and tables
    side by side are parted (``side_by_side``): nothing drawn holds them together.
    """
    box = BBox(*tab.bbox)
    header = getattr(tab, "header", None)
    if header is not None and header.external and clip.expand(2.0).contains(BBox(*header.bbox)):
        box = box.union(BBox(*header.bbox))
    if frame is not None and frame.expand(4.0).contains(box):
        box = box.union(frame)
    if strategy[0] == "text":
        box = widen(words, box, clip)
    if strategy != ("text", "text") or frame is not None:
        return [(box, _grid_cells(tab, words, strategy, box))]
    box = trim_rows(words, group_headers(words, box, clip))
    parts = side_by_side(words, box)
    boxes = [box] if len(parts) == 1 else [trim_rows(words, part) for part in parts]
    return [(b, _grid_cells(tab, words, strategy, b)) for b in boxes]


def _grid_cells(tab: Any, words: Sequence[Word], strategy: tuple[str, str], box: BBox) -> Cells:
    """The cells of the table in ``box``: ruled boundaries where the finder saw rules, else whitespace."""
    inside = words_in(words, box)
    if strategy[0] == "lines":
        xs = edges([v for c in tab.cells if c is not None for v in (c[0], c[2])])
        cuts = xs[1:-1]
    else:
        cuts = whitespace_columns(text_lines(inside), min_gap(inside))
    bands = [(box.top, box.bottom)]
    if strategy[1] == "lines" and tab.rows:
        ys = edges([box.top, box.bottom, *(v for r in tab.rows for v in (r.bbox[1], r.bbox[3]))])
        bands = list(itertools.pairwise(ys))
    return build_cells(inside, cuts, bands)


def _image_rule_lines(rules: Sequence[Ink], clip: BBox) -> list[tuple[pymupdf.Point, pymupdf.Point]]:
    """Centre lines of rules painted as 1-pixel images inside ``clip`` (old LaTeX/dvips output)."""
    out = []
    for r in rules:
        b = r.bbox
        if not r.xref or not clip.expand(2.0).contains(b):
            continue
        if b.width >= b.height:
            y = (b.top + b.bottom) / 2
            out.append((pymupdf.Point(b.x0, y), pymupdf.Point(b.x1, y)))
        else:
            x = (b.x0 + b.x1) / 2
            out.append((pymupdf.Point(x, b.top), pymupdf.Point(x, b.bottom)))
    return out


def _tidy(rows: tuple[tuple[str | None, ...], ...]) -> tuple[tuple[str | None, ...], ...]:
    """Drop rows and columns with no text at all (the text strategy leaves blank separator rows)."""
    rows = tuple(r for r in rows if any(r))
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    keep = [j for j in range(width) if any(j < len(r) and r[j] for r in rows)]
    return tuple(tuple(r[j] if j < len(r) else None for j in keep) for r in rows)


def _valid(rows: tuple[tuple[str | None, ...], ...]) -> bool:
    """At least 2x2 with a fair share of non-empty cells: a grid of text, not a box or a rule."""
    if len(rows) < MIN_ROWS or max((len(r) for r in rows), default=0) < MIN_COLS:
        return False
    cells = [c for r in rows for c in r]
    filled = sum(1 for c in cells if c)
    return filled >= MIN_FILL * len(cells) and sum(1 for r in rows if any(r)) >= MIN_ROWS


def to_markdown(rows: Sequence[Sequence[str | None]]) -> str:
    """GitHub Markdown for a table: first row as header, pipes escaped, spanned cells empty."""
    width = max(len(r) for r in rows)

    def line(row: Sequence[str | None]) -> str:
        cells = [(c or "").replace("|", "\\|").replace("\n", " ") for c in row]
        cells += [""] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    out = [line(rows[0]), "|" + "|".join(["---"] * width) + "|"]
    out += [line(r) for r in rows[1:]]
    return "\n".join(out)


def rule_groups(
    rules: Sequence[Ink], barriers: Sequence[BBox] = (), texts: Sequence[BBox] = (), reach: float = 80.0
) -> list[list[Ink]]:
    """Rulings that frame one table: touching rules, then groups stacked over each other.

    Booktabs tables draw only a top, a middle and a bottom rule, with rows of text between
    them, so groups whose horizontal extents mostly overlap are joined across gaps up to
    ``reach`` points, unless a caption or prose (``barriers``) lies between them. A longer
    table body (a dozen rows between the middle and the bottom rule) is joined across up to
    ``LONG_REACH`` points when text lines (``texts``) fill the gap without a blank band.
    """
    groups = [list(m) for m in cluster_inks(rules, gap=14.0)]
    merged = True
    while merged:
        merged = False
        boxes = [BBox.of(ink.bbox for ink in g) for g in groups]
        for i, j in ((p, q) for p in range(len(groups)) for q in range(p + 1, len(groups))):
            a, b = boxes[i], boxes[j]
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            gap = max(a.top, b.top) - min(a.bottom, b.bottom)
            near = gap <= reach or (gap <= LONG_REACH and _filled(a, b, texts))
            if overlap >= 0.5 * min(a.width, b.width) and near and not _between(a, b, barriers):
                groups[i] += groups.pop(j)
                merged = True
                break
    return groups


def _filled(a: BBox, b: BBox, texts: Sequence[BBox], hole: float = 24.0) -> bool:
    """True when text lines within the two boxes' horizontal overlap fill the vertical gap between
    them, leaving no blank band taller than ``hole`` points (rows of one table, not two tables)."""
    upper, lower = (a, b) if a.top <= b.top else (b, a)
    x0, x1 = max(a.x0, b.x0), min(a.x1, b.x1)
    inside = [t for t in texts if t.x0 < x1 and t.x1 > x0 and t.bottom > upper.bottom and t.top < lower.top]
    spans = sorted((t.top, t.bottom) for t in inside)
    reached = upper.bottom
    for top, bottom in spans:
        if top - reached > hole:
            return False
        reached = max(reached, bottom)
    return lower.top - reached <= hole


def _between(a: BBox, b: BBox, barriers: Sequence[BBox]) -> bool:
    """True when a barrier box sits in the vertical gap between ``a`` and ``b`` (and overlaps them)."""
    upper, lower = (a, b) if a.top <= b.top else (b, a)
    return any(
        x.top >= upper.bottom - 2
        and x.bottom <= lower.top + 2
        and x.x0 < max(a.x1, b.x1)
        and x.x1 > min(a.x0, b.x0)
        for x in barriers
    )


def _rule_cluster_near(
    cap: BBox,
    rules: Sequence[Ink],
    band: tuple[float, float],
    below: bool,
    barriers: Sequence[BBox],
    texts: Sequence[BBox] = (),
) -> BBox | None:
    """The ruling cluster nearest the caption on one side, within reach."""
    inside = [r for r in rules if r.bbox.x0 >= band[0] - 2 and r.bbox.x1 <= band[1] + 2]
    best: tuple[float, BBox] | None = None
    for members in rule_groups(inside, barriers, texts):
        box = BBox.of(i.bbox for i in members)
        gap = box.top - cap.bottom if below else cap.top - box.bottom
        if -4 <= gap <= CAPTION_REACH and (best is None or gap < best[0]):
            best = (gap, box)
    return best[1] if best else None


def _text_region(
    cap: BBox,
    blocks: Sequence[Node],
    band: tuple[float, float],
    page_box: BBox,
    below: bool,
    body_size: float | None,
    stops: Sequence[BBox] = (),
    beside: Sequence[BBox] = (),
) -> BBox:
    """Region between a caption and the next paragraph of prose on one side (tables without rules).

    ``stops`` also end it: other captions, pictures and charts (a float stacked under the table).
    Tables found and other captions (``beside``) wholly left or right of the caption narrow it
    like a column of prose: they are the neighbours of a table set side by side.
    """
    prose = _prose(blocks, page_box, body_size)
    band = _between_columns(cap, [*prose, *beside, *_level_text(cap, blocks)], band)
    prose = [b for b in prose if b.x0 < band[1] and b.x1 > band[0]]
    prose += [s for s in stops if s.x0 < band[1] and s.x1 > band[0]]
    if below:
        stop = min((b.top for b in prose if b.top > cap.bottom + 2), default=page_box.bottom)
        return BBox(band[0], cap.bottom + 1, band[1], stop - 1)
    stop = max((b.bottom for b in prose if b.bottom < cap.top - 2), default=page_box.top)
    return BBox(band[0], stop + 1, band[1], cap.top - 1)


def _level_text(cap: BBox, blocks: Sequence[Node]) -> list[BBox]:
    """Blocks wholly left or right of the caption with a line of running text level with it: the
    next column, whatever it holds (a reference list or notes in small print are no paragraphs of
    body text). The short cells of a table set beside its caption are not one.

    A table under (or over) its caption starts below (or ends above) it, so none of its rows is
    level with the caption.
    """
    out = []
    for b in blocks:
        box = b.bbox
        if box is None or not (box.x1 <= cap.x0 or box.x0 >= cap.x1):
            continue
        for ln in b.meta.get("lines") or ():
            top, bottom = ln["bbox"][1], ln["bbox"][3]
            long = len(str(ln.get("text", ""))) > grids.SHORT_PIECE  # running text, not a table's cell
            if long and min(bottom, cap.bottom) - max(top, cap.top) >= 0.5 * (bottom - top):
                out.append(box)
                break
    return out


def _between_columns(cap: BBox, prose: Sequence[BBox], band: tuple[float, float]) -> tuple[float, float]:
    """The band narrowed to the caption's own column: prose wholly left or right of the caption,
    level with it, is the next column (three-column pages, a main column beside side notes).
    With prose on both sides the caption sits in a middle column, whatever the two-column guess."""
    level = [b for b in prose if cap.top - 150 <= b.bottom and b.top <= cap.bottom + 150]
    left = [b.x1 for b in level if b.x1 <= cap.x0]
    right = [b.x0 for b in level if b.x0 >= cap.x1]
    if left and right:
        return max(left) + 2, min(right) - 2
    x0, x1 = band
    if left:
        x0 = max(x0, max(left) + 2)
    if right:
        x1 = min(x1, min(right) - 2)
    return x0, x1


def _graphics(inks: Sequence[Ink], charts: Sequence[Sequence[Ink]]) -> list[BBox]:
    """Pictures and charts of the page: a table read from aligned text stops short of them."""
    out = [i.bbox for i in inks if i.kind == "image"]
    out += [BBox.of(i.bbox for i in members) for members in charts]
    return out


LINES = [("lines", "lines"), ("text", "lines")]
TEXT = [("text", "text")]


def _from_caption(
    page: pymupdf.Page,
    cap: Caption,
    rules: Sequence[Ink],
    blocks: Sequence[Node],
    page_box: BBox,
    body_size: float | None,
    barriers: Sequence[BBox],
    graphics: Sequence[BBox] = (),
    taken: Sequence[BBox] = (),
) -> FoundTable | None:
    """The table a caption describes when no ruled table was tied to it: a sparse ruling next to
    the caption, else a text-aligned grid between the caption and the next paragraph, else one
    beside the caption. Tables already found (``taken``, another caption's) are passed over."""
    stats = text_stats(blocks, page_box, body_size)
    band = column_range(cap.bbox, page_box, is_two_column(blocks, stats), stats.mid)
    for below in (True, False):
        ruled = _rule_cluster_near(cap.bbox, rules, band, below, barriers, _boxes(blocks))
        if ruled is not None and not any(ruled.overlap_area(t) > 0.5 * ruled.area for t in taken):
            tables = _read(page, ruled.expand(2.0), LINES + TEXT, frame=ruled, rules=rules)
            if tables:
                return FoundTable(tables[0].bbox, tables[0].cells, cap)
    for below in (True, False):
        region = _text_region(
            cap.bbox,
            blocks,
            band,
            page_box,
            below,
            body_size,
            [*barriers, *graphics, *taken],
            [*barriers, *taken],
        )
        if region.height < 12:
            continue
        tables = _read(page, region, TEXT)
        near = [t for t in tables if _gap(cap.bbox, t.bbox, below) < CAPTION_REACH]
        if near:
            # tables side by side: the one under (or over) the caption, then the nearest
            best = min(near, key=lambda t: (not _level_with(cap.bbox, t.bbox), _gap(cap.bbox, t.bbox, below)))
            return FoundTable(best.bbox, best.cells, cap)
    return _beside(page, cap, band, [*_prose(blocks, page_box, body_size), *barriers, *graphics, *taken])


def _beside(
    page: pymupdf.Page, cap: Caption, band: tuple[float, float], stops: Sequence[BBox]
) -> FoundTable | None:
    """A table set beside its caption (a narrow side caption level with it): aligned text on one
    side of the caption, between the prose (or other floats) above and below, free of prose level
    with the caption."""
    cb = cap.bbox
    if cb.width > 0.5 * (band[1] - band[0]) or not is_horizontal(cap.block):
        return None
    page_box = page_bbox(page)
    level_stops = [b for b in stops if b.top < cb.bottom and b.bottom > cb.top and b != cb]
    # the side reaches across the column gap unless something is level with the caption there
    left = max([page_box.x0, *(b.x1 + 2 for b in level_stops if b.x1 <= cb.x0)])
    right = min([page_box.x1, *(b.x0 - 2 for b in level_stops if b.x0 >= cb.x1)])
    for x0, x1 in ((left, cb.x0 - 2), (cb.x1 + 2, right)):
        side = [b for b in stops if b.x0 < x1 and b.x1 > x0 and b != cb]
        if x1 - x0 < 40:
            continue
        top = max([cb.top - SIDE_REACH, *(b.bottom for b in side if b.bottom <= cb.top)])
        bottom = min([cb.bottom + SIDE_REACH, *(b.top for b in side if b.top >= cb.bottom)])
        rows = _level_rows(page_words(page), BBox(x0, top + 1, x1, bottom - 1), cb)
        if rows is None:
            continue
        level = [
            t
            for t in _read(page, rows, TEXT)
            if t.bbox.top < cb.bottom and t.bbox.bottom > cb.top and _side_gap(cb, t.bbox) <= SIDE_GAP
        ]
        if level:
            best = max(level, key=lambda t: t.bbox.area)
            return FoundTable(best.bbox, best.cells, cap)
    return None


def _level_rows(words: Sequence[Word], strip: BBox, cap: BBox) -> BBox | None:
    """The run of closely stacked text lines in ``strip`` that reaches the caption's level.

    Table rows follow each other at less than a line's height; a panel label or a paragraph
    further off is not part of the table beside the caption.
    """
    lines = [BBox.of(w.box for w in ln) for ln in text_lines(words_in(words, strip))]
    level = [k for k, ln in enumerate(lines) if ln.top < cap.bottom and ln.bottom > cap.top]
    if not level:
        return None
    first, last = min(level), max(level)
    while first > 0 and lines[first].top - lines[first - 1].bottom <= 0.75 * lines[first].height:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].top - lines[last].bottom <= 0.75 * lines[last].height:
        last += 1
    box = BBox.of(lines[first : last + 1])
    return BBox(strip.x0, max(strip.top, box.top - 2), strip.x1, min(strip.bottom, box.bottom + 2))


def _level_with(cap: BBox, box: BBox) -> bool:
    """Whether ``box`` shares some of the caption's horizontal extent (is above or below it)."""
    return min(cap.x1, box.x1) > max(cap.x0, box.x0)


def _side_gap(cap: BBox, box: BBox) -> float:
    return cap.x0 - box.x1 if box.x1 <= cap.x0 + 1 else box.x0 - cap.x1


def _gap(cap: BBox, box: BBox, below: bool) -> float:
    return abs(box.top - cap.bottom) if below else abs(cap.top - box.bottom)


def _barriers(blocks: Sequence[Node], page_box: BBox, body_size: float | None) -> list[BBox]:
    """Captions and paragraphs of prose: rulings on either side of one belong to different tables."""
    return [c.bbox for c in find_captions(blocks)] + _prose(blocks, page_box, body_size)


def _prose(blocks: Sequence[Node], page_box: BBox, body_size: float | None) -> list[BBox]:
    """Paragraphs of body text (two lines or more), not a table body the assembler made one block."""
    stats = text_stats(blocks, page_box, body_size)
    return [
        b.bbox
        for b in blocks
        if b.bbox is not None
        and is_body_text(b, stats)
        and len(b.meta.get("lines") or []) >= 2
        and not _numeric_rows(b.text)
    ]


def _numeric_rows(text: str) -> bool:
    """Rows of figures ("72.2 n/a 76.4 448.6M 71.8 ± 0.6") rather than prose: a table body that the
    text assembler joined into one block, which must not split the table's rules apart."""
    tokens = text.split()
    numeric = sum(1 for t in tokens if _NUMBER.match(t))
    return len(tokens) >= 6 and numeric >= 0.3 * len(tokens)


def _boxes(blocks: Sequence[Node]) -> list[BBox]:
    return [b.bbox for b in blocks if b.bbox is not None]


def _listings(blocks: Sequence[Node]) -> list[BBox]:
    """Blocks set mostly in a monospaced font: program listings, whose columns are code, not cells."""
    out = []
    for b in blocks:
        lines = b.meta.get("lines") or []
        if b.bbox is not None and lines and 2 * sum(1 for ln in lines if ln.get("mono")) > len(lines):
            out.append(b.bbox)
    return out


def _two_rules(inks: Sequence[Ink]) -> bool:
    """At least two thin rules: the least a ruled table candidate needs (see ``_ruled_candidates``)."""
    return sum(1 for i in inks if i.kind == "rule" and i.bbox.height <= 2.5) >= 2


def _ruled_candidates(
    rules: Sequence[Ink], barriers: Sequence[BBox], texts: Sequence[BBox] = ()
) -> list[BBox]:
    """Clusters of rulings that could frame a table: several horizontal rules of similar length."""
    out = []
    for members in rule_groups(rules, barriers, texts):
        box = BBox.of(i.bbox for i in members)
        horizontal = [i for i in members if i.bbox.width > 0.5 * box.width and i.bbox.height <= 2.5]
        if box.width >= 60 and box.height >= 12 and len(horizontal) >= 2:
            out.append(box)
    return out


def detect_tables(
    page: pymupdf.Page,
    page_index: int,
    blocks: list[Node],
    options: PdfOptions,
    context: FigureContext | None = None,
) -> VisualResult:
    """Tables of one page and the blocks left once their text is taken.

    Ids are provisional per page (``tab-p{page}-{k}``); parse() renumbers them across the
    document in reading order (and must rewrite caption meta["caption_of"] the same way).
    """
    if options.tables == "never":
        return VisualResult(visuals=[], blocks=list(blocks))
    context = context or FigureContext(page_count=1)
    page_box = page_bbox(page)
    captions = find_captions(blocks, "table")
    inks = [i for i in page_inks(page, context) if not context.is_claimed(page_index, i.bbox)]
    aligned = grids.worth_searching(
        [(ln.get("text", ""), ln["bbox"]) for b in blocks for ln in b.meta.get("lines", ()) if ln.get("bbox")]
    )
    if not captions and options.tables != "always" and not _two_rules(inks) and not aligned:
        return VisualResult(visuals=[], blocks=list(blocks))  # nothing names, rules or aligns a table here
    algorithms = algorithm_zones(blocks, inks)
    inks = [i for i in inks if not any(z.contains(i.bbox, 2.0) for z in algorithms)]
    charts = [members for members in cluster_inks(inks) if _is_chart(members)]
    rules = _table_rules(inks, charts)
    graphics = _graphics(inks, charts) + algorithms
    text_barriers = _barriers(blocks, page_box, context.body_size)
    barriers = text_barriers + algorithms
    zones = _figure_zones(page, page_index, blocks, context)
    ruled: list[FoundTable] = []
    for box in _ruled_candidates(rules, barriers, _boxes(blocks)):
        if any(box.overlap_area(z) > 0.5 * box.area for z in zones) or context.is_claimed(page_index, box):
            continue
        ruled += [
            t
            for t in _read(page, box.expand(2.0), LINES + TEXT, box, rules)
            if not _overlaps(t.bbox, ruled, 0.2)
        ]
    if options.tables == "always":
        ruled += [t for t in _read(page, page_box, LINES + TEXT) if not _overlaps(t.bbox, ruled, 0.2)]
    ties = tie_captions([c.bbox for c in captions], [t.bbox for t in ruled], "table", max_gap=CAPTION_REACH)
    found = [
        replace(t, caption=captions[ci]) if (ci := _caption_of(ties, ri)) is not None else t
        for ri, t in enumerate(ruled)
    ]
    # a caption vouches for its table; a grid nobody names must look like one on its own
    found = [t for t in found if t.caption is not None or _plausible(t, page_box, barriers, blocks)]

    def search(cap: Caption, taken: list[BBox]) -> FoundTable | None:
        table = _from_caption(
            page, cap, rules, blocks, page_box, context.body_size, barriers, graphics, taken
        )
        if table is None or _overlaps(table.bbox, found) or context.is_claimed(page_index, table.bbox):
            return None
        return table

    for ci, cap in enumerate(captions):
        if ci in ties:
            continue
        table = search(cap, [t.bbox for t in found])
        if table is not None:
            found.append(table)
        else:
            found = _trade(cap, found, search)
    # Tables of aligned text that no rule draws: looked for unless every caption has its table.
    untied = len(captions) > sum(1 for t in found if t.caption is not None)
    if aligned and (untied or not captions):
        stops = [*graphics, *barriers, *zones]
        found += _aligned_tables(page, page_index, blocks, captions, found, context, stops, text_barriers)
    return _assemble(page, page_index, blocks, options, context, found)


def _trade(
    cap: Caption, found: list[FoundTable], search: Callable[[Caption, list[BBox]], FoundTable | None]
) -> list[FoundTable]:
    """``found`` with a table handed to ``cap``, a caption left without one, when ``cap`` is nearer
    that table than the caption holding it and that caption then finds a table of its own.

    With captions set below their tables, a table has its own caption under it and, in reach
    over it, the caption of the table above (a rule-less one, found only from its caption);
    the caption over it took it first, as tables' captions usually stand above them. Both
    captions keeping a table is the better reading.
    """
    for k, table in enumerate(found):
        holder = table.caption
        if holder is None or tie_cost(cap.bbox, table.bbox, "table", CAPTION_REACH) is None:
            continue
        if _distance(cap.bbox, table.bbox) >= _distance(holder.bbox, table.bbox):
            continue
        other = search(holder, [t.bbox for t in found])
        if other is not None:
            return [*found[:k], replace(table, caption=cap), *found[k + 1 :], other]
    return found


def _distance(cap: BBox, box: BBox) -> float:
    """Vertical blank between a caption and a box above or below it."""
    return max(box.top - cap.bottom, cap.top - box.bottom, 0.0)


def _aligned_tables(
    page: pymupdf.Page,
    page_index: int,
    blocks: Sequence[Node],
    captions: Sequence[Caption],
    found: Sequence[FoundTable],
    context: FigureContext,
    stops: Sequence[BBox],
    text_barriers: Sequence[BBox],
) -> list[FoundTable]:
    """Tables of aligned text that no rule draws (``parsers.pdf.grids``), tied to a caption left over.

    Caption text is left out of the search (a caption set beside a table is not one of its
    columns); figures, prose, program listings and the tables already found stop it.
    ``text_barriers``: the page's captions and paragraphs (``_barriers``), which an uncaptioned grid
    must not hold.
    """
    page_box = page_bbox(page)
    used = {id(t.caption) for t in found if t.caption is not None}
    free = [c for c in captions if id(c) not in used]
    words = [w for w in page_words(page) if not any(holds(c.bbox, w) for c in captions)]
    stops = [*stops, *(t.bbox for t in found), *_listings(blocks)]
    tables = [
        FoundTable(box, cells, None)
        for box, cells in grids.find_grids(words, stops)
        if not context.is_claimed(page_index, box)
    ]
    ties = tie_captions([c.bbox for c in free], [t.bbox for t in tables], "table", max_gap=CAPTION_REACH)
    tables = [
        replace(t, caption=free[ci]) if (ci := _caption_of(ties, ri)) is not None else t
        for ri, t in enumerate(tables)
    ]
    return [
        t
        for t in tables
        if t.caption is not None or _plausible(t, page_box, text_barriers, blocks, ruled=False)
    ]


def _table_rules(inks: Sequence[Ink], charts: Sequence[Sequence[Ink]]) -> list[Ink]:
    """Rules that may rule a table: not the axes and ticks of a chart (``charts``: the page's ink
    clusters that ``_is_chart``).

    A chart's axes touch its curves and markers (drawn paths); a table's rules touch nothing
    but each other. A plot stacked right under a table would otherwise join its rule cluster.
    """
    taken = {id(i) for members in charts for i in members}
    return [i for i in inks if i.kind == "rule" and id(i) not in taken]


def _is_chart(members: Sequence[Ink]) -> bool:
    """Curves and markers (drawn paths), bars (narrow filled boxes of different heights), or a
    picture framed by axes (``_framed_picture``).

    Shaded table rows are as wide as the table, and shaded cells of one row share a height.
    """
    if sum(1 for i in members if i.kind == "path") >= CHART_PATHS or _framed_picture(members):
        return True
    width = BBox.of(i.bbox for i in members).width
    bars = [i.bbox for i in members if i.kind == "box" and i.bbox.height >= 3 and i.bbox.width <= width / 3]
    return len(bars) >= CHART_PATHS and len({round(b.height) for b in bars}) >= 2


def _framed_picture(members: Sequence[Ink]) -> bool:
    """A picture filling half the cluster or more that no rule crosses: rules on its edges and
    ticks outside are the axes of a plotted image (a heatmap and its colour bar), not table rules.

    Rules between pictures (a ruled grid of thumbnails) cross the cluster's pictures or leave
    each of them a small part of the ruled box.
    """
    box = BBox.of(i.bbox for i in members)
    return any(
        i.kind == "image"
        and i.bbox.area >= 0.5 * box.area
        and not any(r.kind == "rule" and _crosses(r.bbox, i.bbox) for r in members)
        for i in members
    )


def _crosses(rule: BBox, picture: BBox, margin: float = 2.0) -> bool:
    """Whether ``rule`` runs through the inside of ``picture`` (more than ``margin`` from its edges)."""
    return (
        rule.x0 < picture.x1 - margin
        and rule.x1 > picture.x0 + margin
        and rule.top < picture.bottom - margin
        and rule.bottom > picture.top + margin
    )


def _figure_zones(
    page: pymupdf.Page, page_index: int, blocks: Sequence[Node], context: FigureContext
) -> list[BBox]:
    """Regions figure captions claim, so grids drawn inside a figure are not read as tables."""
    if not any(c.kind == "figure" for c in find_captions(blocks)):
        return []
    scene = page_scene(page, page_index, blocks, context)
    return [region for region, _ in caption_regions(scene, page_index, context)]


def _is_prose(block: Node) -> bool:
    """A paragraph whatever its font size: several long lines (highlights, abstracts in a ruled box)."""
    lines = block.meta.get("lines") or []
    if len(lines) < 2 or block.bbox is None or block.bbox.width < 150:
        return False
    return sum(len(str(ln.get("text", ""))) for ln in lines) / len(lines) >= 45


def _plausible(
    table: FoundTable, page_box: BBox, prose: Sequence[BBox], blocks: Sequence[Node], ruled: bool = True
) -> bool:
    """Stricter test for a grid no caption vouches for: not a page frame, not ruled-off prose.

    A ruled grid over half the page is its frame; a grid of aligned text (``ruled`` False)
    may fill the page (a data listing).
    """
    filled = [c for r in table.cells for c in r if c]
    cols = max(len(r) for r in table.cells)
    frame = ruled and table.bbox.area >= 0.5 * page_box.area
    if not (len(table.cells) >= 3 or cols >= 3) or len(filled) < 4 or frame:
        return False
    if any(b.overlap_area(table.bbox) > 0.5 * b.area for b in prose):
        return False
    if any(
        _is_prose(b) and b.bbox is not None and b.bbox.overlap_area(table.bbox) > 0.5 * b.bbox.area
        for b in blocks
    ):
        return False
    # A stack of boxed single items (buttons, form fields, a boxed list) has one cell per row.
    multi = sum(1 for r in table.cells if sum(1 for c in r if c) >= 2)
    if cols >= 2 and multi < max(2, len(table.cells) / 2):
        return False
    lengths = sorted(len(c) for c in filled)
    return lengths[len(lengths) // 2] <= 60


def _caption_of(ties: dict[int, int], region: int) -> int | None:
    return next((ci for ci, ri in ties.items() if ri == region), None)


def _overlaps(box: BBox, found: Sequence[FoundTable], share: float = 0.3) -> bool:
    return any(box.overlap_area(t.bbox) > share * min(box.area, t.bbox.area) for t in found)


def _assemble(
    page: pymupdf.Page,
    page_index: int,
    blocks: list[Node],
    options: PdfOptions,
    context: FigureContext,
    found: list[FoundTable],
) -> VisualResult:
    """Table nodes with cells, Markdown and crop; captions retyped, cell text taken out of the blocks."""
    visuals: list[Node] = []
    removed: set[int] = set()
    retyped: dict[int, Node] = {}
    for k, table in enumerate(sorted(found, key=lambda t: (t.bbox.top, t.bbox.x0)), start=1):
        tid = f"tab-p{page_index}-{k}"
        inner = [
            b
            for b in blocks
            if b.bbox is not None
            and id(b) not in removed
            and (table.caption is None or b is not table.caption.source)
            and b.bbox.overlap_area(table.bbox) > 0.5 * max(b.bbox.area, 1.0)
        ]
        removed.update(id(b) for b in inner)
        cap = table.caption
        visuals.append(
            Node(
                type=NodeType.TABLE,
                id=tid,
                text=to_markdown(table.cells),
                page_index=page_index,
                bbox=table.bbox,
                image=render_crop(page, table.bbox, options.dpi),
                label=cap.label if cap else None,
                caption=caption_text(cap.block) if cap else None,
                caption_id=cap.block.id if cap else None,
                cells=table.cells,
                meta={"rows": len(table.cells), "cols": max(len(r) for r in table.cells), "source": "pdf"},
            )
        )
        context.claim(page_index, table.bbox)
        if cap is not None:
            retyped[id(cap.source)] = mark_caption(cap.block, tid)
        if cap is not None:
            removed.update(id(part) for part in cap.parts)
    remaining = [retyped.get(id(b), b) for b in blocks if id(b) not in removed]
    return VisualResult(visuals=visuals, blocks=remaining)
