"""Tables that only their alignment announces: no caption, no rules.

Data listings, registers and report tables are often printed as plain aligned text, with neither
a "Table N" caption nor a single rule, and read line by line they come out as a column of
unrelated words. A run of consecutive lines that each break into three or more short phrases at
wide gaps, where whitespace columns no word crosses run the whole height and a fair share of the
phrases are figures, is such a table. Prose in three columns has long phrases; a chart's tick
labels never make three phrases a line for five lines running; so neither passes.

Only pages whose text lines already show five rows of three short pieces side by side are
searched (the word boxes cost a few milliseconds a page): a table whose columns sit closer than
the line splitter's gap (1.6 font sizes) and that has neither caption nor rules is not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from docbuild.model import BBox
from parsers.pdf.cells import (
    Cells,
    Word,
    build_cells,
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
# Rows of short pieces of text (30 characters at most) a page needs before it is searched at all.
SHORT_PIECE = 30


def worth_searching(lines: Sequence[tuple[str, Sequence[float]]]) -> bool:
    """Five or more rows of the page hold three short pieces of text side by side.

    ``lines`` are the text lines of the page's blocks, (text, bbox). A chart's tick labels
    make one such row at most; running text makes none.
    """
    rows: dict[int, int] = {}
    for text, box in lines:
        if 0 < len(text.strip()) <= SHORT_PIECE:
            key = round((box[1] + box[3]) / 6)  # 3-point bands of the line's middle
            rows[key] = rows.get(key, 0) + 1
    return sum(1 for n in rows.values() if n >= MIN_COLS) >= MIN_ROWS


def find_grids(words: Sequence[Word], stops: Sequence[BBox]) -> list[tuple[BBox, Cells]]:
    """Boxes and cells of the aligned tables among ``words``, clear of ``stops`` (figures, prose)."""
    if not words:
        return []
    height = median(w.height for w in words)
    lines = text_lines(words)
    out: list[tuple[BBox, Cells]] = []
    for run in _runs(lines, height):
        out += _grid(words, run, height, stops)
    return out


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
