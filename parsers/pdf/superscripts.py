"""Superscripts on a PDF line: footnote markers to drop, maths, ordinals and numerators to keep.

A superscript right after a word may be a note marker ("corpus¹", "Yu^a,b") or
content ("R^{n×d}", "1st", "O(D²)"). Spans are judged when a line is read
(``marker_kind``); the ones only the page can settle, a digit or letter pointing maybe at a
footnote, are wrapped in ``MARK_OPEN``/``MARK_CLOSE`` and settled by ``resolve_markers`` once every
line of the page is known: dropped when a footnote on the page opens with that marker or on an
author line of the first page, kept as text otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from docbuild.paragraphs import heaviest

_MARKER = re.compile(r"^[\d,*\u2020\u2021\u00a7\u00b6\u2217a-z]{1,5}$")
MARK_OPEN, MARK_CLOSE = "\x0e", "\x0f"  # around a superscript the page decides about
_DEFERRED = re.compile("\x0e([^\x0e\x0f]*)\x0f")
_ORDINALS = frozenset({"st", "nd", "rd", "th", "er", "e", "o", "a"})
_MARK_SPLIT = re.compile(r"(?<=[*\u2020\u2021\u00a7\u00b6\u2217])(?=[a-z\d])|,")
_SYMBOL_MARK = re.compile(r"^[*\u2020\u2021\u00a7\u00b6\u2217,]+$")
_NOTE_LEAD = re.compile(r"^\s*([\d*\u2020\u2021\u00a7\u00b6\u2217]{1,3}|[a-z])\s*\S")
MARKER_SPACE = re.compile(r"\s+([,;.)])")


def marker_kind(mark: str, math: bool, before: str, math_before: bool) -> str:
    """'keep' (maths, ordinal, numerator, not after a word), 'drop' (symbol note mark) or 'defer'."""
    attached = before[-1:].isalnum() or before[-1:] in ".,;:)\u201d'" + MARK_CLOSE
    if not attached or not _MARKER.match(mark):
        return "keep"
    if _SYMBOL_MARK.match(mark) and not math_before:
        return "drop"
    if math or math_before:
        return "keep"  # maths: R^{n\u00d7d}, h_i, W^Q
    if before[-1:].isdigit() and mark.lower() in _ORDINALS:
        return "keep"
    return "defer"


def resolve_markers(lines: Sequence[Any], page_height: float, first_page: bool) -> None:
    """Drop deferred superscripts that point at a footnote on the page (or label an author line)."""
    if not any(MARK_OPEN in ln.text for ln in lines):
        return
    body = heaviest(((round(ln.size), ln.chars) for ln in lines), 0)  # lines is not empty
    notes = set()
    for ln in lines:
        m = _NOTE_LEAD.match(ln.text)
        if m and ln.size < 0.95 * body and ln.top > 0.45 * page_height:
            notes.add(m.group(1))

    def choose(ln: Any, m: re.Match[str]) -> str:
        marks = [t for t in _MARK_SPLIT.split(m.group(1)) if t]
        author = first_page and ln.bottom < 0.4 * page_height and all(len(t) <= 2 for t in marks)
        return "" if author or (marks and all(t in notes for t in marks)) else m.group(1)

    for ln in lines:
        if MARK_OPEN in ln.text:
            text = _DEFERRED.sub(partial(choose, ln), ln.text)
            if len(text) < len(ln.text) - 2 * ln.text.count(MARK_OPEN):
                text = MARKER_SPACE.sub(r"\1", text)
            ln.text = text
