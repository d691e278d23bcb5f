"""Tables that only their alignment announces: no caption, no rules.

Data listings, registers and report tables are often printed as plain aligned text, with neither
a "Table N" caption nor a single rule, and read line by line they come out as a column of
unrelated words. A run of consecutive lines that each break into three or more short phrases at
wide gaps, where whitespace columns no word crosses run the whole height and a fair share of the
phrases are figures, is such a table. Prose in three columns has long phrases; a chart's tick
labels never make three phrases a line for five lines running; so neither passes.

Only pages whose text lines already show five rows of three short pieces side by side, or five
stacked lines of figures, are searched (the word boxes cost a few milliseconds a page). Rows of
figures whose columns sit closer than the phrase gap (``_close_grid``) take their columns from the
blank strips that run down every row; a table of words, not figures, with such close columns and
neither caption nor rules is still not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from docbuild.model import BBox
from parsers.pdf.cells import (
    Cells,
    Word,
    blank_strips,
    build_cells,
    min_gap,
    phrases,
    side_by_side,
    text_lines,
    whitespace_columns,
    words_in,
)

# A table needs this many rows and columns of aligned text.
MIN_ROWS, MIN_COLS = 5, 3
# Phrases are split at gaps wider than this many word heights (a justified space stays inside).
PHRASE_GAP = 1.0
# Longest phrase a cell may hold, and the longest median phrase of a table (prose is longer).
MAX_PHRASE, MAX_MEDIAN = 40, 24
# Share of phrases that must carry a digit: a listing of figures, not a word list.
MIN_NUMERIC = 0.3
# Lines of one table follow each other closely (line gap in word heights).
MAX_LINE_GAP = 2.0
# A figure in a table cell: 72.2, -3, 448.6M, 12%, (0.4), 1,024, $5.
FIGURE = re.compile(r"^[(\[]?[-+\u2212±~<>≈$€£]?[\d.,]*\d[\d.,]*[%kKMBx×]?[)\],;*†‡]?$")
# Rows of short pieces of text (30 characters at most) a page needs before it is searched at all.
SHORT_PIECE = 30


def worth_searching(lines: Sequence[tuple[str, Sequence[float]]]) -> bool:
    """Five or more rows of the page hold three short pieces of text side by side, or five lines
    stacked one under the other are rows of figures (``figure_rows``).

    ``lines`` are the text lines of the page's blocks, (text, bbox). A chart's tick labels
    make one such row at most; running text makes none. A table whose columns sit closer than
    the line splitter's gap comes as whole lines, one a row: those are rows of figures.
    """
    rows: dict[int, int] = {}
    for text, box in lines:
        if 0 < len(text.strip()) <= SHORT_PIECE:
            key = _band(box)
            rows[key] = rows.get(key, 0) + 1
    if sum(1 for n in rows.values() if n >= MIN_COLS) >= MIN_ROWS:
        return True
    return figure_rows([box for text, box in _row_pieces(lines) if _figures(text.split())])


def _band(box: Sequence[float]) -> int:
    """The 3-point band of a line's middle: lines of one row share it."""
    return round((box[1] + box[3]) / 6)


def _row_pieces(lines: Sequence[tuple[str, Sequence[float]]]) -> list[tuple[str, Sequence[float]]]:
    """The lines, and the lines of one row rejoined where the splitter parted them at a gap of
    less than three line heights (a left-aligned column after a short cell)."""
    bands: dict[int, list[tuple[str, Sequence[float]]]] = {}
    for text, box in lines:
        bands.setdefault(_band(box), []).append((text, box))
    out = list(lines)
    for pieces in bands.values():
        pieces.sort(key=lambda p: p[1][0])
        text, box = pieces[0]
        for t, b in pieces[1:]:
            if b[0] - box[2] <= 3 * (box[3] - box[1]):
                text, box = f"{text} {t}", (box[0], min(box[1], b[1]), b[2], max(box[3], b[3]))
            else:
                out.append((text, box))
                text, box = t, b
        out.append((text, box))
    return out


def _figures(tokens: Sequence[str]) -> bool:
    """Three tokens or more, two or more of them figures, and from the first figure on two in three
    tokens figures ("w/o pretraining 3135 4978", "ViT-B/16 97.0 2191 0.729"): a row label, then
    values. Prose and numbered lists have words between their figures ("1. Run 1 scored 60.5")."""
    marks = [bool(FIGURE.match(t)) for t in tokens]
    tail = marks[marks.index(True) :] if True in marks else []
    return (
        len(tokens) >= MIN_COLS
        and sum(tail) >= 2
        and 3 * sum(tail) >= 2 * len(tail)
        and max(map(len, tokens)) <= MAX_PHRASE
    )


def figure_rows(boxes: Sequence[Sequence[float]]) -> bool:
    """Whether ``MIN_ROWS`` of the boxes (x0, top, x1, bottom) are stacked one right under the
    other: each starts within a line's height below the one above and overlaps it sideways."""
    boxes = sorted(boxes, key=lambda b: b[1])
    for k, first in enumerate(boxes):
        run, last = 1, first
        for box in boxes[k + 1 :]:
            height = last[3] - last[1]
            if box[1] > last[3] + height:
                break
            if box[1] > last[1] + 0.5 * height and box[0] < last[2] and box[2] > last[0]:
                run, last = run + 1, box
        if run >= MIN_ROWS:
            return True
    return False


def find_grids(words: Sequence[Word], stops: Sequence[BBox]) -> list[tuple[BBox, Cells]]:
    """Boxes and cells of the aligned tables among ``words``, clear of ``stops`` (figures, prose)."""
    if not words:
        return []
    height = median(w.height for w in words)
    lines = text_lines(words)
    out: list[tuple[BBox, Cells]] = []
    for run in _runs(lines, height):
        out += _grid(words, run, height, stops)
    # rows of figures whose columns sit closer: a grid read above that merged some of their
    # columns (or missed their header) gives way to the finer one, two grids side by side do not
    for run in _figure_runs(lines, height):
        for box, cells in _close_grid(words, lines, run, height, stops):
            over = [g for g in out if g[0].overlap_area(box) > 0]
            if len(over) <= 1 and all(len(cells[0]) > len(g[1][0]) for g in over):
                out = [g for g in out if g not in over] + [(box, cells)]
    return out


def _figure_runs(lines: list[list[Word]], height: float) -> list[list[list[Word]]]:
    """Maximal runs of consecutive lines of figures (``_figures``) set at normal line spacing."""
    runs: list[list[list[Word]]] = [[]]
    for line in lines:
        if not _figures([w.text for w in line]):
            runs.append([])
            continue
        if (
            runs[-1]
            and min(w.top for w in line) - max(w.bottom for w in runs[-1][-1]) > MAX_LINE_GAP * height
        ):
            runs.append([])
        runs[-1].append(line)
    return [run for run in runs if len(run) >= MIN_ROWS]


def _close_grid(
    words: Sequence[Word],
    lines: list[list[Word]],
    run: list[list[Word]],
    height: float,
    stops: Sequence[BBox],
) -> list[tuple[BBox, Cells]]:
    """The table a run of rows of figures makes when its columns sit closer than ``PHRASE_GAP``.

    Its columns are the blank strips wider than a word space (``min_gap``) that run down every
    row; prose, whose word spaces never line up five lines running, has none. The lines just
    above (a header, group names) join while the strips still run through them.
    """
    gap = min_gap([w for line in run for w in line])
    cuts = whitespace_columns(run, gap)
    if len(cuts) + 1 < MIN_COLS:
        return []
    first = lines.index(run[0])
    for line in lines[first - 1 : max(first - 3, -1) : -1] if first else []:
        below = run[0]
        if min(w.top for w in below) - max(w.bottom for w in line) > MAX_LINE_GAP * height:
            break
        if len(blank_strips([line, *run], gap)) < len(cuts):
            break
        run = [line, *run]
    cuts = whitespace_columns(run, gap)
    box = BBox.of(w.box for line in run for w in line)
    if any(box.overlap_area(s) > 0.1 * box.area for s in stops) or len(side_by_side(words, box)) > 1:
        return []  # tables side by side are the phrase reading's (``_grid``)
    cells = build_cells(words_in(words, box), cuts, [(box.top, box.bottom)])
    rows = [r for r in cells if any(r)]
    if sum(1 for r in rows if sum(1 for c in r if c) >= MIN_COLS) < 0.6 * len(rows):
        return []
    return [(box, tuple(rows))]


def _phrase_texts(line: Sequence[Word], height: float) -> list[str]:
    """The line's phrases (words closer than ``PHRASE_GAP`` word heights) as text."""
    return [" ".join(w.text for w in p) for p in phrases(line, PHRASE_GAP * height)]


def _row(line: Sequence[Word], height: float) -> bool:
    """Three or more short phrases: a line of a table, not of prose."""
    texts = _phrase_texts(line, height)
    return len(texts) >= MIN_COLS and all(len(t) <= MAX_PHRASE for t in texts)


def _runs(lines: list[list[Word]], height: float) -> list[list[list[Word]]]:
    """Maximal runs of consecutive table-like lines set at normal line spacing."""
    runs: list[list[list[Word]]] = []
    current: list[list[Word]] = []
    for line in lines:
        gap = min(w.top for w in line) - max(w.bottom for w in current[-1]) if current else 0.0
        row = _row(line, height)
        if row and gap <= MAX_LINE_GAP * height:
            current.append(line)
            continue
        if len(current) >= MIN_ROWS:
            runs.append(current)
        current = [line] if row else []
    if len(current) >= MIN_ROWS:
        runs.append(current)
    return runs


def _grid(
    words: Sequence[Word], run: list[list[Word]], height: float, stops: Sequence[BBox]
) -> list[tuple[BBox, Cells]]:
    """The table (or the tables set side by side, ``side_by_side``) a run of table-like lines makes."""
    box = BBox.of(w.box for line in run for w in line)
    if any(box.overlap_area(s) > 0.1 * box.area for s in stops):
        return []
    texts = [t for line in run for t in _phrase_texts(line, height)]
    numeric = sum(1 for t in texts if any(ch.isdigit() for ch in t))
    if median(len(t) for t in texts) > MAX_MEDIAN or numeric < MIN_NUMERIC * len(texts):
        return []
    parts = side_by_side(words, box)
    return [
        found for part in parts if (found := _cells(words, part, height, 2 if len(parts) > 1 else MIN_COLS))
    ]


def _cells(words: Sequence[Word], box: BBox, height: float, min_cols: int) -> tuple[BBox, Cells] | None:
    """Box and cells of the aligned table in ``box``, if it has the rows and columns of one."""
    inside = words_in(words, box)
    cuts = whitespace_columns(text_lines(inside), PHRASE_GAP * height)
    if len(cuts) + 1 < min_cols:
        return None
    cells = build_cells(inside, cuts, [(box.top, box.bottom)])
    rows = [r for r in cells if any(r)]
    if len(rows) < MIN_ROWS or sum(1 for r in rows if sum(1 for c in r if c) >= min_cols) < 0.6 * len(rows):
        return None
    return box, tuple(rows)
