"""Text blocks of one PDF page, in displayed-page coordinates, split into real paragraphs.

PyMuPDF's ``dict`` blocks sometimes hold several paragraphs or a line from each column, so only
its lines are used: pieces of one visual row are folded together (superscripts, "5.1" and its
title, an equation and its "(3)"), wide gaps split a line (column gutters, table cells), and
lines are grouped top-down: a line joins the block right above it when it overlaps it
horizontally, follows at normal leading and keeps its font size and emphasis. Blocks are then cut
at centred display lines and paragraph indentation. Boxes are converted to displayed-page
coordinates once here (rotation, CropBox) and never again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import Any

import pymupdf

from docbuild.blocktypes import looks_like_code
from docbuild.model import BBox, Node, NodeType
from docbuild.paragraphs import join_lines
from parsers.pdf.superscripts import MARK_CLOSE, MARK_OPEN, marker_kind, resolve_markers

# No ligature/whitespace preservation (MuPDF expands ligatures, maps odd spaces), no images.
TEXT_FLAGS = pymupdf.TEXT_MEDIABOX_CLIP
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|-b$|\.b$|cmbx|medi(?:um)?\b", re.IGNORECASE)
# Monospaced families by name (PDFs rarely set the fixed-pitch flag): Courier and its clones
# (Nimbus Mono L is "NimbusMonL", TeX's "pcrr8a"), TeX typewriter faces (cmtt, txtt, LM Mono), editors' fonts.
_MONO_NAME = re.compile(
    r"mono(?!type)|courier|cmtt|txtt|consola|menlo|monaco|typewriter|code|sfmono|inconsolata|nimbusmon|monl\b"
    r"|(?:^|\+)pcr[rbo]|lucida ?console|cousine|andale",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^\s*(?:[\u2022\u25cf\u25cb\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\u27a2\u25b6\u25ba\ufffd\uf0b7\uf0a7]|[-*\u2013]\s)"
)
_ENUM = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)|\d{1,2}\.|[a-z]\.)\s+\S")
_CLOSERS = (".", ":", ";", "!", "?")
_CAPTION_START = re.compile(r"^\s*(?:fig\.|figure|table|tab\.)\s*[A-Z]?\d+[.:]", re.IGNORECASE)
_REF_START = re.compile(
    r"^(?:\[\d{1,3}\]\s"  # [12] Author
    r"|[A-Z][\w'\u2019-]+,\s(?:[A-Z]\.|et al\.)(?:[\s,;]|$)"  # Smith, J. / Wu, et al.
    r"|[A-Z][\w'\u2019-]+,\s[A-Z]\.\s?[A-Z]?\.?[,;])"  # Smith, J. R.;
)
_SPACED = re.compile(r"^(?:\w ){1,}\w$")
_UNMAPPED_BULLET = re.compile(r"^[\ufffd\ue000-\uf8ff\x01-\x08\x0b-\x1f]{1,2}\s+")
_MARKER_SPACE = re.compile(r"\s+([,;.)])")
_EQ_NUMBER = re.compile(r"^\(\d{1,3}(?:\.\d{1,2})?[a-z]?\)$")
_EQ_END = re.compile(r"\(\d{1,3}(?:\.\d{1,2})?[a-z]?\)\s*$")
_SECTION = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+\.?)*)\s+[A-Z]")
_ITALIC_NAME = re.compile(r"italic|oblique|cmti|-it$|\.i$", re.IGNORECASE)
_MATH_NAME = re.compile(r"cmmi|cmsy|cmex|msbm|msam|math|symbol|stix|eufm|rsfs|mt(?:mi|sy|ex)", re.IGNORECASE)
SPLIT_GAP = 1.6  # a horizontal gap wider than this many font sizes splits a line (columns, cells)
ROW_GAP = 0.9  # pieces closer than this many font sizes on one row are one line
BLOCK_ROW_GAP = 2.0  # the same, for pieces MuPDF put in one block
LABEL_GAP = 3.0  # a section number, caption label or bullet may sit this far from its text
_LABEL = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+\.?)*|[IVX]+\.|\(?[a-z0-9ivx]{1,3}\)|[\u2022\u00b7\u25aa\u25cf\u2013\-*\ufffd\ue000-\uf8ff\x01-\x08\x0e-\x1f]{1,2}"
    r"|(?:table|figure|fig\.|algorithm|listing|chart)\s*[A-Z]?\d+(?:\.\d+)*[.:]?)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Line:
    """One visual line: text, box (display coords), dominant font facts.

    ``block`` is the index of the MuPDF block the line came from (its lines show the page's
    leading); ``letters`` lists the one-letter spans of a letter-spaced word ("a r t i c l e").
    """

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float
    font: str
    bold: bool
    mono: bool
    math: float
    vertical: bool = False
    italic: bool = False
    chars: int = 0
    block: int | None = None
    letters: list[tuple[str, float, float]] | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def as_meta(self) -> dict[str, Any]:
        return {
            "bbox": [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)],
            "text": self.text,
            "size": round(self.size, 2),
            "font": self.font,
            "bold": self.bold,
            "mono": self.mono,
            "math": round(self.math, 2),
            "italic": self.italic,
        }


@lru_cache(maxsize=4096)
def _font_traits(font: str) -> tuple[bool, bool, bool, bool]:
    """Bold, monospace, math and italic as told by a font's name (cached: few fonts per file)."""
    return (
        bool(_BOLD_NAME.search(font)),
        bool(_MONO_NAME.search(font)),
        bool(_MATH_NAME.search(font)),
        bool(_ITALIC_NAME.search(font)),
    )


class _Piece:
    """Accumulates the spans of one line piece: text, extent and per-character font facts.

    Character counts are kept per (size, font, flags) and turned into facts once per piece:
    a line's spans share a handful of styles, so this is far less work per span.
    """

    __slots__ = ("last_style", "letters", "marker_dropped", "parts", "styles", "total", "x0", "x1")

    def __init__(self, x0: float) -> None:
        self.x0 = self.x1 = x0
        self.parts: list[str] = []
        self.styles: dict[tuple[float, str, int], int] = {}
        self.total = 0
        self.marker_dropped = False
        # The style of the last span of 3+ characters: plain text after emphasis is a run-in heading.
        self.last_style: tuple[float, str, int] | None = None
        self.letters: list[tuple[str, float, float]] = []  # one-letter spans (letter-spaced words)

    def add(self, sp: dict[str, Any], text: str, n: int) -> None:
        bbox, size = sp["bbox"], sp["size"]
        parts = self.parts
        if parts and bbox[0] - self.x1 > 0.15 * size and text[0] != " " and not parts[-1].endswith(" "):
            parts.append(" ")
        parts.append(text)
        if n == 1:
            self.letters.append((text.strip(), bbox[0], bbox[2]))
        self.x1 = bbox[2]
        style = (size, sp["font"], sp["flags"])
        styles = self.styles
        styles[style] = styles.get(style, 0) + n
        self.total += n
        if n >= 3:
            self.last_style = style

    def text(self) -> str:
        text = "".join(self.parts)
        if self.marker_dropped:
            text = _MARKER_SPACE.sub(r"\1", text)
        # A symbol-font bullet without a Unicode mapping comes out as U+FFFD or a private-use code.
        return _bulletize(text)

    def line(self, box: tuple[float, float, float, float], vertical: bool, block: int) -> Line:
        """The piece as a Line set in ``box`` (display coordinates), with its dominant font facts."""
        size, font, bold, mono, math, italic, chars = self.facts()
        text = self.text()
        # Letters are kept only when every glyph came as a span of its own (a letter-spaced word).
        letters = self.letters if len(self.letters) == len(text.replace(" ", "")) else None
        return Line(*box, text, size, font, bold, mono, math, vertical, italic, chars, block, letters or None)

    def facts(self) -> tuple[float, str, bool, bool, float, bool, int]:
        """Dominant size and font; bold, mono, math share, italic; character count."""
        total = self.total
        sizes: dict[float, int] = {}
        fonts: dict[str, int] = {}
        bold = mono = math = italic = 0
        for (size, font, flags), n in self.styles.items():
            sizes[size] = sizes.get(size, 0) + n
            fonts[font] = fonts.get(font, 0) + n
            is_bold, is_mono, is_math, is_italic = _font_traits(font)
            if flags & 16 or is_bold:
                bold += n
            if flags & 8 or is_mono:
                mono += n
            if is_math:
                math += n
            if flags & 2 or is_italic:
                italic += n
        last = self.last_style
        tail_plain = last is not None and not (last[2] & 16 or _font_traits(last[1])[0])
        return (
            round(max(sizes, key=sizes.__getitem__), 1),
            max(fonts, key=fonts.__getitem__),
            bold * 2 > total and not tail_plain,
            mono >= 0.9 * total,  # a line with a URL or identifier in it is still prose
            math / total,
            italic >= 0.9 * total,
            total,
        )


def _bulletize(text: str) -> str:
    """A symbol-font bullet without a Unicode mapping (U+FFFD, private-use or control code) -> "•"."""
    first = text[:1]
    if first >= "\ue000" or "\x00" < first < " ":
        return _UNMAPPED_BULLET.sub("\u2022 ", text)
    return text


def _scan(spans: list[dict[str, Any]]) -> list[_Piece]:
    """One pass over a PyMuPDF line: pieces cut at wide gaps, superscript markers set apart.

    A superscript after a word is wrapped in ``MARK_OPEN``/``MARK_CLOSE`` so the page can decide
    later (``resolve_markers``) whether it points at a footnote; maths, ordinals ("1st") and
    numerators ("1⁄4") are kept as text at once.
    """
    body = -1.0  # largest size on the line, computed only when a superscript shows up
    pieces: list[_Piece] = []
    cur: _Piece | None = None
    prev_font = ""
    i, count = 0, len(spans)
    while i < count:
        sp = spans[i]
        i += 1
        text = sp["text"]
        n = len(text.strip())
        if not n:
            if text and cur is not None and cur.parts and not cur.parts[-1].endswith(" "):
                cur.parts.append(" ")
            continue
        superscript = cur is not None and sp["flags"] & 1
        if superscript and body < 0:
            body = max(x["size"] for x in spans)
        if superscript and _small_sup(sp, body):
            # A marker may come as several spans ("a" "," "b"): judge the run as one.
            run = [sp]
            while i < count and _small_sup(spans[i], body) and spans[i]["text"].strip():
                run.append(spans[i])
                i += 1
            mark = "".join(x["text"].strip() for x in run)
            math = any(_font_traits(x["font"])[2] for x in run if any(c.isalnum() for c in x["text"]))
            before = "".join(cur.parts[-2:]).rstrip()
            kind = marker_kind(mark, math, before, _font_traits(prev_font)[2])
            if i < count and spans[i]["text"][:1] in "\u2044/":
                kind = "keep"  # the numerator of a fraction ("1\u20444")
            if kind == "drop":
                cur.marker_dropped = True
                continue
            if kind == "defer":
                cur.parts.append(MARK_OPEN)
            for x in run[:-1] if kind == "keep" else run:
                cur.add(x, x["text"].strip(), len(x["text"].strip()))
            if kind == "defer":
                cur.parts.append(MARK_CLOSE)
                continue
            sp, text, n = run[-1], run[-1]["text"], len(run[-1]["text"].strip())
        x0 = sp["bbox"][0]
        if cur is None or x0 - cur.x1 > SPLIT_GAP * (size if (size := sp["size"]) > 1.0 else 1.0):
            cur = _Piece(x0)
            pieces.append(cur)
        cur.add(sp, text, n)
        prev_font = sp["font"]
    return pieces


def _small_sup(span: dict[str, Any], body: float) -> bool:
    """A superscript span set clearly smaller than the line's largest text."""
    return bool(span["flags"] & 1) and span["size"] < 0.85 * body


def _display_box(bbox: Any, matrix: pymupdf.Matrix | None) -> tuple[float, float, float, float]:
    """A box in displayed-page coordinates (``matrix`` is None for unrotated pages)."""
    if matrix is None:
        return bbox[0], bbox[1], bbox[2], bbox[3]
    r = pymupdf.Rect(bbox) * matrix
    return r.x0, r.y0, r.x1, r.y1


def page_dict(page: pymupdf.Page) -> dict[str, Any]:
    """The page's text as PyMuPDF's "dict" with the flags every reader here uses (no image bytes)."""
    return page.get_text("dict", flags=TEXT_FLAGS)


def _lines(page: pymupdf.Page, data: dict[str, Any] | None = None) -> list[Line]:
    """Visual line pieces of the page in display coordinates, clipped to the visible page."""
    matrix = page.rotation_matrix
    width, height = page.rect.width, page.rect.height
    rotated = page.rotation % 360 != 0
    out: list[Line] = []
    if data is None:
        data = page_dict(page)
    for bno, block in enumerate(data["blocks"]):
        if block.get("type", 0) != 0:
            continue
        for raw in block["lines"]:
            dx, dy = raw["dir"]
            if rotated:
                dx, dy = dx * matrix.a + dy * matrix.c, dx * matrix.b + dy * matrix.d
            vertical = abs(dx) < 0.9
            line_box = raw["bbox"]
            for piece in _scan(raw["spans"]):
                box = tuple(line_box) if vertical else (piece.x0, line_box[1], piece.x1, line_box[3])
                x0, top, x1, bottom = _display_box(box, matrix) if rotated else box
                if not (0 <= x0 + x1 <= 2 * width and 0 <= top + bottom <= 2 * height):
                    continue  # centre outside the visible page
                out.append(piece.line((x0, top, x1, bottom), vertical, bno))
    return out


def _level(a: Line, b: Line) -> bool:
    """Whether two pieces overlap vertically by more than half the smaller one's height."""
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    small = min(a.height, b.height)
    return small > 0 and overlap > 0.5 * small


def _same_row(a: Line, b: Line) -> bool:
    """Whether ``b`` continues ``a`` on the same visual line (superscripts, split spans, labels)."""
    return _level(a, b) and _joins(a, b)


def _joins(a: Line, b: Line) -> bool:
    """Whether ``b``, level with ``a``, continues it: the gap between them and what they hold."""
    gap = b.x0 - a.x1
    size = a.size if a.size > b.size else b.size
    if -0.5 * size <= gap <= ROW_GAP * size:
        return True
    if gap < 0:
        return False
    # MuPDF already judged pieces of one of its blocks to be close (wide justified spaces), but a
    # caption set beside a table or figure starts a text of its own ("0.652     Table 2: Results"),
    # and the wrapped line of a caption beside another, set half a line lower, is not on its row.
    if (
        gap <= BLOCK_ROW_GAP * size
        and a.block is not None
        and a.block == b.block
        and min(abs(a.top - b.top), abs(a.bottom - b.bottom)) <= 0.3 * size
        and not _CAPTION_START.match(b.text)
    ):
        return True
    if abs(a.size - b.size) >= 0.5:
        return False
    if gap <= LABEL_GAP * size:
        if b.text.lstrip()[:1].isalpha() and _LABEL.match(a.text.strip()):
            return True
        # Letter-spaced words ("a r t i c l e   i n f o") leave wide gaps between words.
        if a.letters and b.letters:
            return True
    # An equation number "(3)" sits at the column's right edge, far from its formula.
    return gap < 20 * a.size and bool(_EQ_NUMBER.match(b.text.strip()))


def _fold(a: Line, b: Line) -> Line:
    """One line from two pieces of the same row (``b`` to the right of ``a``)."""
    main = a if a.chars >= b.chars else b
    sep = "" if a.text.endswith(" ") or b.text.startswith(" ") else " "
    if (b.size < 0.8 * a.size or a.size < 0.8 * b.size) and b.x0 - a.x1 < 0.2 * min(a.size, b.size):
        sep = ""  # a superscript or subscript touching its base
    return Line(
        a.x0,
        min(a.top, b.top),
        max(a.x1, b.x1),
        max(a.bottom, b.bottom),
        _bulletize(a.text + sep + b.text),
        # Small caps ("TABLEFORMER" at 0.8 size) do not shrink a line; sub/superscripts are smaller.
        max(a.size, b.size) if min(a.size, b.size) >= 0.75 * max(a.size, b.size) else main.size,
        main.font,
        # A bold/italic lead followed by plain words is a run-in heading, not an emphasised line.
        main.bold and (b.bold or b.chars < 3),
        # monospaced only when nearly all of it is (a URL after "available at" leaves prose prose)
        (a.mono * a.chars + b.mono * b.chars) >= 0.9 * max(1, a.chars + b.chars),
        (a.math * a.chars + b.math * b.chars) / max(1, a.chars + b.chars),
        italic=a.italic and b.italic,
        chars=a.chars + b.chars,
        block=main.block,
        letters=a.letters + b.letters if a.letters and b.letters else None,
    )


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Fold pieces that sit on one visual row (MuPDF splits at superscripts, wide spaces)."""
    lines = sorted(lines, key=lambda ln: ln.top)
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(lines):
        j = i + 1
        while j < len(lines) and lines[j].top < a.bottom:
            b = lines[j]
            if not (a.vertical or b.vertical) and _level(a, b) and (_joins(a, b) or _joins(b, a)):
                parent[find(j)] = find(i)
            j += 1
    rows: dict[int, list[Line]] = {}
    for i, ln in enumerate(lines):
        rows.setdefault(find(i), []).append(ln)
    merged: list[Line] = []
    for row in rows.values():
        row.sort(key=lambda ln: ln.x0)
        current = row[0]
        for ln in row[1:]:
            if _same_row(current, ln):
                current = _fold(current, ln)
            else:
                merged.append(current)
                current = ln
        merged.append(current)
    return sorted(merged, key=lambda ln: (ln.top, ln.x0))


def _unspace(ln: Line) -> Line:
    """Letter-spaced words ("a r t i c l e   i n f o") -> "article info", words cut at wide gaps."""
    letters = ln.letters
    if not letters or len(letters) < 4 or len(letters) != len(ln.text.replace(" ", "")):
        return ln
    if ln.math >= 0.3 or not all(ch.isalpha() for ch, _, _ in letters):
        return ln  # a formula set glyph by glyph, not a spaced-out word
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(letters)]
    cut = 1.6 * median(gaps) + 0.5
    words = [letters[0][0]]
    for gap, (ch, _, _) in zip(gaps, letters[1:], strict=True):
        words.append(f" {ch}" if gap > cut else ch)
    ln.text = "".join(words)
    return ln


def _typical_gap(lines: list[Line]) -> float:
    """Median gap between consecutive lines of one MuPDF block: the page's normal leading."""
    by_block: dict[Any, list[Line]] = {}
    for ln in lines:
        by_block.setdefault(ln.block, []).append(ln)
    gaps = [
        b.top - a.bottom
        for group in by_block.values()
        for a, b in itertools.pairwise(group)
        if -5 < b.top - a.bottom < 20 and b.x0 < a.x1 and b.x1 > a.x0
    ]
    return median(gaps) if gaps else 0.0


def _continues(block: list[Line], ln: Line, typical_gap: float) -> bool:
    """Whether ``ln`` is the next line of the same paragraph as ``block``'s last line."""
    prev = block[-1]
    if prev.vertical or ln.vertical or min(prev.x1, ln.x1) - max(prev.x0, ln.x0) <= 1:
        return False  # no horizontal overlap: another column, a side note
    size = max(prev.size, ln.size, 1.0)
    gap = ln.top - prev.bottom
    # Tall glyphs (±, fractions) stretch a line's box: the line pitch counts from either edge.
    if max(ln.bottom - prev.bottom, ln.top - prev.top) < 0.6 * size:
        return False
    # A blank line inside a program listing (code by content, or monospaced lines) does not end it.
    if gap > max(0.5 * size, typical_gap + 0.4 * size) and (
        gap > 1.6 * size or not ((prev.mono and ln.mono) or looks_like_code([prev.text, ln.text]))
    ):
        return False
    if abs(prev.size - ln.size) > 0.15 * size:
        return False
    if prev.mono != ln.mono and not _single_token(ln.text if ln.mono else prev.text):
        return False  # a listing starts or ends (a URL wrapped onto its own line does not)
    if prev.bold != ln.bold and (prev.bold or prev.size > ln.size):
        return False
    if _BULLET.match(ln.text) or (_ENUM.match(ln.text) and prev.text.rstrip().endswith(_CLOSERS)):
        return False
    if prev.bold and ln.bold and _SECTION.match(ln.text):
        return False
    # A caption ends with its sentence; an indented line after it is the text around the float.
    # ... or the first cell of a table set right under its caption in a smaller size.
    closed = prev.text.rstrip().endswith((".", "?", "!"))
    moved = abs(ln.x0 - block[0].x0) > 0.6 * size or abs(prev.size - ln.size) > 0.05 * size
    if closed and _CAPTION_START.match(block[0].text) and moved:
        return False
    # Back at the bullet's margin, or a new sentence after a finished item: the list has ended.
    item_done = _BULLET.match(block[0].text) and prev.text.rstrip().endswith((".", "!", "?", ":", ";"))
    if item_done and (ln.x0 <= block[0].x0 + 0.5 * size or ln.text.lstrip()[:1].isupper()):
        return False
    # A short line set apart by emphasis (italic/bold) is a heading, not part of its neighbours.
    # Emphasis inside a paragraph (a book title in a reference) does not: the heading is a lone
    # emphasised first line, or comes after a finished sentence.
    if (prev.bold, prev.italic) != (ln.bold, ln.italic):
        if prev.bold or prev.italic:
            return len(block) > 1 or len(prev.text.strip()) >= 80
        wraps = abs(ln.x0 - prev.x0) <= 1.5 * size and prev.x1 >= ln.x1 - 2 * size
        return (wraps and not prev.text.rstrip().endswith(_CLOSERS)) or len(ln.text.strip()) >= 80
    return True


def _single_token(text: str) -> bool:
    """One unbroken token (a URL or path wrapped onto a line of its own), not a line of code."""
    token = text.strip()
    return bool(token) and " " not in token and not any(ch in token for ch in "(){};=<>\"'")


def _assemble(lines: list[Line], typical_gap: float) -> list[list[Line]]:
    """Greedy top-down grouping: each line joins the open block right above it, if it continues it."""
    blocks: list[list[Line]] = []
    active: list[list[Line]] = []
    for ln in lines:
        reach = ln.top - 3 * ln.size
        active = [b for b in active if b[-1].bottom > reach - 3 * b[-1].size]
        hits = [b for b in active if _continues(b, ln, typical_gap)]
        if len(hits) == 1:
            hits[0].append(ln)
        else:
            blocks.append([ln])
            active.append(blocks[-1])
    return blocks


def _indent_starts(lines: list[Line]) -> set[int]:
    """Indices of lines that open a paragraph, from first-line or hanging indentation."""
    if len(lines) < 3:
        return set()
    size = median(ln.size for ln in lines)
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    indented = [ln.x0 > left + 0.6 * size for ln in lines]
    levels = {round((ln.x0 - left) / size) for ln in lines}
    if len(levels) > 2 or any(ln.x0 > left + 4 * size for ln in lines):
        return set()
    # First-line indentation leaves runs of flush lines; hanging indentation (references,
    # list items) leaves runs of indented lines. The first two lines break a tie.
    pairs = list(itertools.pairwise(indented))
    flush_runs = sum(1 for a, b in pairs if not a and not b)
    indent_runs = sum(1 for a, b in pairs if a and b)
    hanging = indent_runs > flush_runs or (indent_runs == flush_runs and not indented[0] and indented[1])
    starts = {i for i in range(1, len(lines)) if indented[i] != hanging}
    # A short line ending a sentence closes a paragraph (block-style paragraphs, no indent).
    for i in range(1, len(lines)):
        prev = lines[i - 1]
        if prev.x1 < right - 3 * size and prev.text.rstrip().endswith((".", "!", "?", ":")):
            starts.add(i)
    return starts


def _display_runs(block: list[Line]) -> list[list[Line]]:
    """Runs of a block with centred lines (display equations, centred formulas) set apart."""
    if len(block) < 3:
        return [block]
    size = median(ln.size for ln in block)
    left = min(ln.x0 for ln in block)
    right = max(ln.x1 for ln in block)
    runs: list[list[Line]] = []
    prev_kind: bool | None = None
    for ln in block:
        numbered = bool(_EQ_END.search(ln.text))
        # Centred: indented on both sides by about as much (a short last line is not).
        balanced = abs((ln.x0 - left) - (right - ln.x1)) < max(3 * size, 0.25 * (right - left))
        centred = ln.x0 > left + 2 * size and (numbered or (ln.x1 < right - 2 * size and balanced))
        if centred != prev_kind:
            runs.append([])
        runs[-1].append(ln)
        prev_kind = centred
    return runs


def _reference_starts(lines: list[Line]) -> set[int]:
    """Lines opening a new bibliography entry ("Khusro, S.; …", "Wu, et al. 2014.", "[12] …")
    after a finished one, for reference lists set without any indentation."""
    return {
        i
        for i in range(1, len(lines))
        if _REF_START.match(lines[i].text) and lines[i - 1].text.rstrip().endswith(".")
    }


def _split_paragraphs(block: list[Line]) -> list[list[Line]]:
    """Cut a block at display lines, paragraph indentation and short sentence-final lines."""
    if looks_like_code([ln.text for ln in block]) or 2 * sum(ln.mono for ln in block) > len(block):
        return [block]  # indentation in a listing is structure, not paragraph starts
    out: list[list[Line]] = []
    for run in _display_runs(block):
        starts = _indent_starts(run) | _reference_starts(run)
        out.append([run[0]])
        for i in range(1, len(run)):
            if i in starts:
                out.append([])
            out[-1].append(run[i])
    return out


def _block_node(lines: list[Line], page_index: int, n: int) -> Node:
    box = BBox(
        min(ln.x0 for ln in lines),
        min(ln.top for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.bottom for ln in lines),
    )
    meta: dict[str, Any] = {"lines": [ln.as_meta() for ln in lines]}
    if lines[0].vertical:
        meta["vertical"] = True
    return Node(
        type=NodeType.PARAGRAPH,
        id=f"p{page_index}-b{n}",
        text=join_lines(ln.text for ln in lines),
        page_index=page_index,
        bbox=box,
        meta=meta,
    )


def mark_drawn_bullets(
    lines: list[Line], marks: Sequence[BBox], is_dot: Callable[[BBox], bool] | None = None
) -> None:
    """Lines led by a small drawn dot or square get a "• ": browsers print list bullets as paths.

    A mark is a bullet when it is about a third of the line's font size, roughly square, sits
    within the line's height and ends at most three font sizes before the line's first word,
    with no other text in between, and (``is_dot``) drawn as a disc or a square, not as the
    triangle of an arrow head. Glyph bullets are already text and are left alone.
    """
    rows: dict[int, list[Line]] = {}
    for ln in lines:
        if not ln.vertical:
            for band in range(int(ln.top // 10), int(ln.bottom // 10) + 1):
                rows.setdefault(band, []).append(ln)
    for mark in marks:
        cy = (mark.top + mark.bottom) / 2
        side = max(mark.width, mark.height)
        if not (0 < side <= 12 and min(mark.width, mark.height) >= 0.6 * side):
            continue
        near = [
            ln
            for ln in rows.get(int(cy // 10), ())
            if ln.top <= cy <= ln.bottom and -0.5 <= ln.x0 - mark.x1 <= 3 * ln.size
        ]
        if not near:
            continue
        ln = min(near, key=lambda ln: ln.x0)
        between = any(o.top <= cy <= o.bottom and mark.x1 - 0.5 <= o.x1 <= ln.x0 for o in rows[int(cy // 10)])
        if between or not 0.15 * ln.size <= side <= 0.7 * ln.size or _BULLET.match(ln.text):
            continue
        if is_dot is not None and not is_dot(mark):
            continue  # a triangle or another shape: the head of a flowchart's arrow, not a bullet
        ln.text = "\u2022 " + ln.text.lstrip()
        ln.x0 = mark.x0


def _row_pieces(lines: list[Line], bar: BBox, taken: set[int]) -> tuple[list[int], list[int], list[int]]:
    """Indices of the pieces above, below and on the row of a fraction bar (not yet taken).

    Above and below are the terms touching the bar plus what shares a row with them (an
    operator whose limits hang lower, "min" over "x∈S").
    """
    y = (bar.top + bar.bottom) / 2
    above, below, row, over, under = [], [], [], [], []
    for i, ln in enumerate(lines):
        if i in taken or ln.vertical or ln.top > y + 3 * ln.size or ln.bottom < y - 3 * ln.size:
            continue
        cy = (ln.top + ln.bottom) / 2
        inside = min(ln.x1, bar.x1) - max(ln.x0, bar.x0)
        if inside >= 0.5 * min(ln.x1 - ln.x0, bar.width):
            if cy < y - 0.15 * ln.size:
                (above if ln.bottom > y - 0.6 * ln.size else over).append(i)
            elif cy > y + 0.15 * ln.size:
                (below if ln.top < y + 0.6 * ln.size else under).append(i)
        elif abs(cy - y) <= 0.6 * ln.size and inside <= 1:
            row.append(i)
    if above and below:
        above += _same_rows(lines, above, over)
        below += _same_rows(lines, below, under)
    return above, below, row


def _same_rows(lines: list[Line], core: list[int], candidates: list[int]) -> list[int]:
    """Candidates on a row of ``core`` or stacked right on a piece of it (an operator and its limits)."""
    out = []
    for i in candidates:
        ln = lines[i]
        for j in core:
            other = lines[j]
            across = min(ln.x1, other.x1) - max(ln.x0, other.x0)
            if across <= 0 and not other.x0 - 0.6 * other.size <= ln.x0 <= other.x1 + 0.6 * other.size:
                continue
            rows = min(ln.bottom, other.bottom) - max(ln.top, other.top)
            stacked = across >= 0.5 * min(ln.x1 - ln.x0, other.x1 - other.x0) and rows > -0.3 * other.size
            if rows > 0.5 * min(ln.height, other.height) or stacked:
                out.append(i)
                break
    return out


def _contiguous(pieces: list[Line]) -> bool:
    """Pieces set close together left to right (sub- and superscripts of one term), no wide gap."""
    pieces = sorted(pieces, key=lambda ln: ln.x0)
    reach = pieces[0].x1
    for ln in pieces[1:]:
        if ln.x0 - reach > 0.6 * ln.size:
            return False
        reach = max(reach, ln.x1)
    return True


def _term(pieces: list[Line], bar: BBox) -> str:
    """A numerator or denominator as text, bracketed when it is more than one token."""
    text = " ".join(ln.text.strip() for ln in sorted(pieces, key=lambda ln: ln.x0 + ln.x1))
    whole = all(ln.x0 >= bar.x0 - 2 and ln.x1 <= bar.x1 + 2 for ln in pieces)
    return f"({text})" if whole and " " in text and not _bracketed(text) else text


def _bracketed(text: str) -> bool:
    """Whether one pair of round brackets encloses all of ``text``."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def _fraction(lines: list[Line], bar: BBox, taken: set[int]) -> tuple[list[int], Line] | None:
    """The pieces a drawn fraction bar joins (numerator, denominator, the row around) as one line."""
    above, below, row = _row_pieces(lines, bar, taken)
    if not above or not below:
        return None
    num, den = [lines[i] for i in above], [lines[i] for i in below]
    if not (_contiguous(num) and _contiguous(den)):
        return None  # cells under a table rule, not the terms of a fraction
    slack = 0.5 * max(ln.size for ln in num + den)
    if any(ln.x0 < bar.x0 - slack or ln.x1 > bar.x1 + slack for ln in den) or any(
        ln.x1 > bar.x1 + slack for ln in num
    ):
        return None  # the bar does not span its terms: an underline, a rule between lines of text

    def extent(pieces: list[Line]) -> tuple[float, float]:
        return max(bar.x0, min(ln.x0 for ln in pieces)), min(bar.x1, max(ln.x1 for ln in pieces))

    (n0, n1), (d0, d1) = extent(num), extent(den)
    if max(n1 - n0, d1 - d0) < 0.8 * bar.width:
        return None  # a rule wider than both terms: an underline or a table rule
    centre = (bar.x0 + bar.x1) / 2
    if abs((d0 + d1) / 2 - centre) > 0.15 * bar.width + 1:
        return None
    size = max(ln.size for ln in num + den)
    left = [i for i in row if bar.x0 - 2 * size <= lines[i].x1 <= bar.x0 + 1]
    right = [i for i in row if bar.x1 - 1 <= lines[i].x0 <= bar.x1 + 2 * size]
    if not (left or right or min(ln.x0 for ln in num) < bar.x0 - size):
        return None  # no formula around it: two stacked lines and a rule, not a fraction
    members = [lines[i] for i in left + above + below + right]
    if not any(ln.math >= 0.4 for ln in members):
        return None  # no maths font anywhere: a rule in a form or a table, not a formula
    parts = [lines[i] for i in sorted(left, key=lambda i: lines[i].x0)]
    text = " ".join([*(ln.text.strip() for ln in parts), f"{_term(num, bar)} / {_term(den, bar)}"])
    text = " ".join([text, *(lines[i].text.strip() for i in sorted(right, key=lambda i: lines[i].x0))])
    main = max(members, key=lambda ln: ln.chars)
    chars = sum(ln.chars for ln in members)
    out = Line(
        min(ln.x0 for ln in members),
        min(ln.top for ln in members),
        max(ln.x1 for ln in members),
        max(ln.bottom for ln in members),
        text,
        main.size,
        main.font,
        False,
        all(ln.mono for ln in members),
        sum(ln.math * ln.chars for ln in members) / max(1, chars),
        chars=chars,
        block=main.block,
    )
    return left + above + below + right, out


def join_fractions(lines: list[Line], bars: Sequence[BBox]) -> list[Line]:
    """Stacked fractions as one line, "numerator / denominator" in place, not three rows.

    TeX and equation editors set a fraction as a numerator line over a drawn bar over a
    denominator line; read row by row, a formula comes out with its terms scattered
    ("(h W)(h W) + A  Aij =  √d"). A bar with a term right above and right below it that
    it spans, and formula text beside it on its own row, is a fraction; the longest bars
    go first, so the bar of a root inside a denominator is not read as another fraction.
    """
    taken: set[int] = set()
    joined: list[Line] = []
    for bar in sorted(bars, key=lambda b: -b.width):
        found = _fraction(lines, bar, taken)
        if found is not None:
            members, line = found
            taken.update(members)
            joined.append(line)
    if not joined:
        return lines
    return [ln for i, ln in enumerate(lines) if i not in taken] + joined


def extract_blocks(
    page: pymupdf.Page,
    page_index: int,
    data: dict[str, Any] | None = None,
    marks: Sequence[BBox] = (),
    is_dot: Callable[[BBox], bool] | None = None,
) -> list[Node]:
    """Paragraph-sized text blocks of ``page`` (provisional PARAGRAPH type), ids ``p{page}-b{n}``.

    ``data``: the page's ``page_dict`` when the caller already read it (the font-size sample).
    ``marks``: small drawn shapes and flat rules of the page, candidates for list bullets drawn
    as paths (``is_dot`` tells a disc or square from other shapes) and fraction bars.
    """
    raw = _lines(page, data)
    if marks:
        mark_drawn_bullets(raw, [m for m in marks if m.height > 1.5], is_dot)
        raw = join_fractions(raw, [m for m in marks if m.height <= 1.5 and m.width >= 3])
    resolve_markers(raw, page.rect.height, page_index == 0)
    typical = _typical_gap(raw)
    nodes: list[Node] = []
    for block in _assemble([_unspace(ln) for ln in _merge_rows(raw)], typical):
        for run in _split_paragraphs(block):
            node = _block_node(run, page_index, len(nodes))
            if node.text:
                nodes.append(node)
    return nodes
