"""Table cells built from word boxes, so that no column boundary cuts a word.

PyMuPDF's table finder gives good table regions and, where the table is ruled, good row and
column boundaries, but its text strategy places column edges inside words ("E" | "isenschlos"),
and the text it reads per cell loses spaces, moves underscores and stacks rows that no rule
separates. Here the finder only supplies the ruled boundaries; columns of unruled tables come
from the whitespace between words (like camelot's stream mode), rows from text lines grouped
inside each ruled band, and cell text from the words themselves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docbuild.model import BBox

Cells = tuple[tuple[str | None, ...], ...]

# Characters that are not text: PDF control codes standing in for bullets, soft hyphens.
_JUNK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u00ad]")
# A cell value that does not wrap: short, at most two words ("0.965", "75.1", "GeForce GTX"), a
# mean with its spread ("78.1 ± 0.2"), or a placeholder ("n/a", "—").
_VALUE = re.compile(
    r"^(?=.*[\d–—-])\S{1,12}( \S{1,12})?$"
    r"|^[-+−]?[\d.,]+%? ?[±∓] ?[\d.,]+%?$"
    r"|^(?:n/?a|—|–|-|✓|✗)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Word:
    """One word of the page: its box and its text."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def box(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


def holds(box: BBox, word: Word) -> bool:
    """Whether the word's centre lies in ``box``: a word half outside belongs to whoever holds its centre."""
    return box.x0 <= word.cx <= box.x1 and box.top <= word.cy <= box.bottom


def words_in(words: Sequence[Word], box: BBox) -> list[Word]:
    """Words whose centre lies in ``box`` (``holds``), control codes and soft hyphens removed."""
    out = []
    for w in words:
        text = _JUNK.sub("", w.text).strip()
        if text and holds(box, w):
            out.append(Word(w.x0, w.top, w.x1, w.bottom, text))
    return out


def widen(words: Sequence[Word], box: BBox, limit: BBox) -> BBox:
    """``box`` grown sideways (within ``limit``) over words of its lines that it cuts or just misses.

    The text strategy sometimes draws a table's box along a column edge inside the text, leaving
    a column or the end of centred lines out; those words sit on the table's lines, so they are
    taken in, up to a column gap away from the box.
    """
    for _ in range(3):
        rows = [w for w in words if box.top <= w.cy <= box.bottom]
        gap = 2.5 * min_gap(rows)
        near = [
            w
            for w in rows
            if w.x1 > box.x0 - gap and w.x0 < box.x1 + gap and w.x0 >= limit.x0 - 1 and w.x1 <= limit.x1 + 1
        ]
        grown = BBox.of([box, *(BBox(w.x0, box.top, w.x1, box.bottom) for w in near)])
        if grown == box:
            break
        box = grown
    return box


def group_headers(words: Sequence[Word], box: BBox, limit: BBox) -> BBox:
    """``box`` grown up (within ``limit``) over the group-header lines set right on top of it.

    The text strategy leaves out a line of group names centred over the columns they span
    ("GLUE", "arXiv" over three columns each): too few words to line up with the columns.
    Such a line is closer to the table than half a line height, within the table's width, and
    has fewer phrases than the table has columns, each of three words or fewer.
    """
    inside = words_in(words, box)
    if not inside:
        return box
    gap = min_gap(inside)
    columns = len(whitespace_columns(text_lines(inside), gap)) + 1
    above = text_lines(words_in(words, BBox(limit.x0, limit.top, limit.x1, box.top)))
    first = min(w.top for w in inside)
    for line in above[::-1][:2]:
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        parts = phrases(line, gap)
        if (
            first - bottom > 0.5 * (bottom - top)
            or min(w.x0 for w in line) < box.x0 - 2
            or max(w.x1 for w in line) > box.x1 + 2
            or not 0 < len(parts) < columns
            or any(len(p) > 3 for p in parts)
        ):
            break
        box, first = BBox(box.x0, top, box.x1, box.bottom), top
    return box


def text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines: a word joins a line it overlaps by half its height (sub/superscripts)."""
    lines: list[tuple[float, float, list[Word]]] = []
    tallest = max((w.height for w in words), default=0.0)
    start = 0  # lines before this end too high to meet any word still to come (words go down)
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        while start < len(lines) and lines[start][1] < w.cy - tallest:
            start += 1
        for k in range(start, len(lines)):
            top, bottom, members = lines[k]
            if min(bottom, w.bottom) - max(top, w.top) >= 0.5 * min(w.height, bottom - top):
                members.append(w)
                lines[k] = (min(top, w.top), max(bottom, w.bottom), members)
                break
        else:
            lines.append((w.top, w.bottom, [w]))
    lines.sort(key=lambda t: (t[0] + t[1]) / 2)
    return [sorted(m, key=lambda w: w.x0) for _, _, m in lines]


def min_gap(words: Sequence[Word]) -> float:
    """Narrowest whitespace that separates columns: wider than a word space in the table's font."""
    heights = sorted(w.height for w in words)
    return 0.4 * heights[len(heights) // 2] if heights else 4.0


def whitespace_columns(lines: Sequence[Sequence[Word]], gap: float) -> list[float]:
    """Column boundaries of an unruled table: centres of vertical strips that no word covers.

    Lines with fewer than half the phrases of the fullest line (group headers spanning columns,
    section titles) are left out.
    """
    words = [w for ln in lines for w in ln]
    if not words:
        return []
    # lines with few phrases (group headers over several columns, section titles) do not place columns
    counts = [len(phrases(ln, gap)) for ln in lines]
    lines = [ln for ln, n in zip(lines, counts, strict=True) if 2 * n > max(counts)]
    allowed = len(lines) // 20  # a long table may have a stray cell running over a gap
    span = (min(w.x0 for w in words), max(w.x1 for w in words))
    return [(a + b) / 2 for a, b in blank_strips(lines, gap, allowed, span)]


def blank_strips(
    lines: Sequence[Sequence[Word]], gap: float, allowed: int = 0, span: tuple[float, float] | None = None
) -> list[tuple[float, float]]:
    """Vertical strips (x0, x1), at least ``gap`` wide, inside ``span`` (default: the lines' outermost
    words) where no more than ``allowed`` lines have a word."""
    words = [w for ln in lines for w in ln]
    if not words:
        return []
    left, right = span or (min(w.x0 for w in words), max(w.x1 for w in words))
    step = 0.5
    bins = int((right - left) / step) + 1
    cover = [0] * bins
    for ln in lines:
        hit = [False] * bins
        for w in ln:
            for b in range(int((w.x0 - left) / step), min(bins, int((w.x1 - left) / step) + 1)):
                hit[b] = True
        cover = [c + h for c, h in zip(cover, hit, strict=True)]
    strips: list[tuple[float, float]] = []
    start: int | None = None
    for b, c in enumerate([*cover, allowed + 1]):
        if c <= allowed and start is None:
            start = b
        elif c > allowed and start is not None:
            if (b - start) * step >= gap and start > 0 and b < bins:
                strips.append((left + start * step, left + b * step))
            start = None
    return strips


def phrases(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """Words of a line joined where the space between them is narrower than a column gap."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _column(x: float, cuts: Sequence[float]) -> int:
    return sum(1 for c in cuts if x > c)


def _place(line: Sequence[Word], cuts: Sequence[float], gap: float) -> dict[int, list[Word] | None]:
    """Words of one line by column; a phrase with a word across a boundary spans the columns it covers."""
    out: dict[int, list[Word] | None] = {}
    for phrase in phrases(line, gap):
        if any(w.x0 < c < w.x1 for w in phrase for c in cuts):
            first, last = _column(phrase[0].x0, cuts), _column(phrase[-1].x1, cuts)
            cell = out.get(first)
            out[first] = [*(cell or []), *phrase]
            for j in range(first + 1, last + 1):
                out.setdefault(j, None)
            continue
        for w in phrase:
            j = _column(w.cx, cuts)
            cell = out.get(j)
            out[j] = [*(cell or []), w]
    return out


def _is_value_row(placed: dict[int, list[Word] | None]) -> bool:
    """Half the line's cells past the first column are short values (numbers, dashes): they do not wrap."""
    cells = [" ".join(w.text for w in ws) for j, ws in placed.items() if j > 0 and ws]
    return bool(cells) and 2 * sum(1 for c in cells if _VALUE.match(c)) >= len(cells)


def _records(
    lines: list[list[Word]], placed: list[dict[int, list[Word] | None]], ruled: bool, limits: Sequence[float]
) -> list[list[int]]:
    """Lines of one band grouped into table rows.

    Lines with text in two columns or more anchor a row; other lines (wrapped text, a label
    centred beside stacked rows) join the nearest anchor, the one above on a tie. Inside a band
    bounded by rules, anchors are separate rows when they hold short values, or when each
    starts with a row label and none is wrapped text carried over from the line above.
    """
    anchors = [k for k, p in enumerate(placed) if sum(1 for v in p.values() if v) >= 2]
    if len(anchors) < 2:
        return [list(range(len(lines)))]
    if ruled and not all(_is_value_row(placed[k]) for k in anchors):
        labelled = all(placed[k].get(0) for k in anchors)
        if not labelled or any(_wraps(placed[a], placed[b], limits) for a, b in itertools.pairwise(anchors)):
            return [list(range(len(lines)))]
    if not ruled:  # no rules at all: a line of text (not values) without a row label carries on
        anchors = [anchors[0]] + [
            b
            for a, b in itertools.pairwise(anchors)
            if _is_value_row(placed[b]) or (placed[b].get(0) and not _wraps(placed[a], placed[b], limits))
        ]
    groups: dict[int, list[int]] = {a: [] for a in anchors}
    for k, ln in enumerate(lines):
        cy = sum(w.cy for w in ln) / len(ln)
        best = min(anchors, key=lambda a: (abs(sum(w.cy for w in lines[a]) / len(lines[a]) - cy), a))
        groups[best].append(k)
    return [groups[a] for a in anchors]


def _wraps(
    upper: dict[int, list[Word] | None], lower: dict[int, list[Word] | None], limits: Sequence[float]
) -> bool:
    """True when a cell of the lower line continues the cell above: its first word would not have fit."""
    for j, above in upper.items():
        below = lower.get(j)
        if not above or not below or len(above) < 2 or j >= len(limits):
            continue
        if _VALUE.match(" ".join(w.text for w in above)):
            continue  # values ("0.24 cm3/g") end at the column edge without wrapping
        first = below[0].text
        if len(first) > 1 and first[0].isupper() and first[1].islower():
            continue  # a capitalised word opens a new entry rather than carrying a sentence on
        if above[-1].x1 + min_gap(above) + (below[0].x1 - below[0].x0) > limits[j]:
            return True
    return False


def _grouped(
    lines: list[list[Word]], placed: list[dict[int, list[Word] | None]], ruled: bool, limits: Sequence[float]
) -> list[list[int]]:
    """Table rows of a band: a line with a phrase spanning columns (a group header) is a row of its own."""
    out: list[list[int]] = []
    chunk: list[int] = []

    def flush() -> None:
        if chunk:
            sub = _records([lines[k] for k in chunk], [placed[k] for k in chunk], ruled, limits)
            out.extend([chunk[i] for i in g] for g in sub)
            chunk.clear()

    for k, p in enumerate(placed):
        if None in p.values():
            flush()
            out.append([k])
        else:
            chunk.append(k)
    flush()
    return out


def build_cells(words: Sequence[Word], cuts: Sequence[float], bands: Sequence[tuple[float, float]]) -> Cells:
    """Rows of cell strings from the words of a table, its column boundaries and its ruled row bands.

    ``bands`` are (top, bottom) spans between horizontal rules; a table without rules is one band.
    A cell spanned by a phrase in the cell to its left is None.
    """
    gap = min_gap(words)
    ncols = len(cuts) + 1
    limits = [max((w.x1 for w in words if _column(w.cx, cuts) == j), default=0.0) for j in range(ncols)]
    rows: list[tuple[str | None, ...]] = []
    for top, bottom in bands:
        inside = [w for w in words if top <= w.cy <= bottom]
        if not inside:
            continue
        lines = text_lines(inside)
        placed = [_place(ln, cuts, gap) for ln in lines]
        for group in _grouped(lines, placed, len(bands) > 1, limits):
            cells: list[str | None] = []
            for j in range(ncols):
                texts = [" ".join(w.text for w in p) for k in group if (p := placed[k].get(j))]
                # no words here, but a phrase to the left runs over this column: a spanned cell
                spanned = not texts and any(j in placed[k] for k in group)
                cells.append(None if spanned else " ".join(texts))
            rows.append(tuple(cells))
    return tuple(rows)


def trim_rows(words: Sequence[Word], box: BBox) -> BBox:
    """``box`` cut down to the table's own rows when a blank band parts them from stray lines.

    A table read without rules between a caption and whatever comes next can take in a page
    number far below, the last line of a paragraph, a running header or a block of references:
    lines set off from the table's rows by a blank band wider than 1.5 times the usual space
    between its lines. The band of lines holding the most cells is the table; a band beyond a
    wide blank joins it only if half its lines are rows of the table's columns (no word across
    a column boundary, words in two columns or more), like a totals row set apart.
    """
    lines = text_lines(words_in(words, box))
    if len(lines) < 3:
        return box
    gap = min_gap([w for ln in lines for w in ln])
    bands = _bands(lines)
    if len(bands) == 1:
        return box
    columns = [whitespace_columns(band, gap) for band in bands]
    core = max(range(len(bands)), key=lambda k: _cell_count(bands[k], columns[k]))
    cuts = columns[core]
    first = last = core
    while first > 0 and _fits(bands[first - 1], cuts, gap):
        first -= 1
    while last + 1 < len(bands) and _fits(bands[last + 1], cuts, gap):
        last += 1
    if first == 0 and last == len(bands) - 1:
        return box
    kept = [w for band in bands[first : last + 1] for ln in band for w in ln]
    return BBox(
        max(box.x0, min(w.x0 for w in kept)),
        max(box.top, min(w.top for w in kept)),
        min(box.x1, max(w.x1 for w in kept)),
        min(box.bottom, max(w.bottom for w in kept)),
    )


def side_by_side(words: Sequence[Word], box: BBox) -> list[BBox]:
    """``box`` parted into the tables set side by side in it (two contributor tables next to each
    other), else ``[box]``.

    The parting is a blank strip down the whole box, no line crossing it (not even a header),
    three times as wide as the median of the other blank strips and at least two word heights,
    with a table of two columns or more and three lines or more on each side: a single table's
    widest gap follows its label column, which leaves one column on the left.
    """
    inside = words_in(words, box)
    lines = text_lines(inside)
    if len(lines) < 3:
        return [box]
    gap = min_gap(inside)
    strips = blank_strips(lines, gap)
    if len(strips) < 2:
        return [box]
    widths = sorted(b - a for a, b in strips)
    x0, x1 = max(strips, key=lambda s: s[1] - s[0])
    others = widths[:-1]
    if x1 - x0 < max(3 * others[len(others) // 2], 5 * gap):
        return [box]
    sides = [[w for w in inside if w.cx < x0], [w for w in inside if w.cx > x1]]
    for side in sides:
        side_lines = text_lines(side)
        if len(side_lines) < 3 or not whitespace_columns(side_lines, gap):
            return [box]
    boxes = [BBox.of(w.box for w in side) for side in sides]
    return [part for side, b in zip(sides, boxes, strict=True) for part in side_by_side(side, b)]


def _bands(lines: Sequence[Sequence[Word]]) -> list[list[Sequence[Word]]]:
    """Lines in runs parted by blanks wider than 1.5 times the median blank (and half a line)."""
    tops = [min(w.top for w in ln) for ln in lines]
    bottoms = [max(w.bottom for w in ln) for ln in lines]
    blanks = [t - b for b, t in zip(bottoms, tops[1:], strict=False)]
    height = sorted(b - t for t, b in zip(tops, bottoms, strict=True))[len(lines) // 2]
    wide = max(1.5 * sorted(blanks)[len(blanks) // 2], 0.5 * height)
    out: list[list[Sequence[Word]]] = [[lines[0]]]
    for blank, line in zip(blanks, lines[1:], strict=True):
        if blank > wide:
            out.append([])
        out[-1].append(line)
    return out


def _cell_count(lines: Sequence[Sequence[Word]], cuts: Sequence[float]) -> int:
    return sum(len({_column(w.cx, cuts) for w in ln}) for ln in lines)


def _fits(lines: Sequence[Sequence[Word]], cuts: Sequence[float], gap: float) -> bool:
    """Half the lines or more are rows of the columns ``cuts`` draw (see ``_is_row``)."""
    return 2 * sum(1 for ln in lines if _is_row(ln, cuts, gap)) >= len(lines)


def _is_row(line: Sequence[Word], cuts: Sequence[float], gap: float) -> bool:
    """Words in two columns or more, and no word across a column boundary unless the line is
    short labels set apart (a group header centred over its columns); prose crosses them."""
    if len({_column(w.cx, cuts) for w in line}) < 2:
        return False
    if not any(w.x0 < c < w.x1 for w in line for c in cuts):
        return True
    parts = phrases(line, gap)
    return len(parts) >= 2 and all(len(p) <= 2 for p in parts)


def edges(values: Sequence[float], tolerance: float = 2.0) -> list[float]:
    """Distinct coordinates, those closer than ``tolerance`` merged (cell edges shared by a grid)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out
