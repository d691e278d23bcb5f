"""Paragraph text: normalisation, dehyphenation at line ends, paragraphs continued across breaks.

Works on plain strings and ``Node`` objects only (no format library), so the PDF parser and
OCR output share one notion of what a clean paragraph is. Example::

    >>> join_lines(["the detec-", "tion of state-of-the-", "art two-", "column layouts"])
    'the detection of state-of-the-art two-column layouts'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TypeVar, overload

from docbuild.model import Node, NodeType

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SPACES = "\u00a0\u1680\u202f\u205f\u3000\t\r\n\f\v" + "".join(map(chr, range(0x2000, 0x200B)))
# Zero-width characters, soft hyphens and C0 control codes (glyphs a font maps to no character).
_DROPPED = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(map(chr, [*range(1, 9), *range(14, 32), 127]))
_TABLE = str.maketrans({**LIGATURES, **dict.fromkeys(_SPACES, " "), **dict.fromkeys(_DROPPED, "")})
_LINE_TABLE = {**_TABLE, ord("\u00ad"): "\u00ad"}
# Any character the tables change: most lines have none, and finding that out is cheaper than
# translating (every line of a document is cleaned twice, when read and when rejoined).
_TRANSLATED = re.compile("[" + "".join(map(re.escape, map(chr, _TABLE))) + "]")
# Han, kana and CJK punctuation / full-width forms (not Hangul: Korean spaces its words).
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_MULTI_SPACE = re.compile(r" {2,}")

SOFT_HYPHEN = "\u00ad"
HYPHENS = "-\u2010\u2011"
TERMINAL = tuple(".!?:;\u201d\"')]\u2026")

# Prefixes that form compounds across a line break far more often than they are syllables.
_COMPOUND_PREFIXES = frozenset(
    {
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "first",
        "second",
        "third",
        "self",
        "well",
        "state",
        "high",
        "low",
        "long",
        "short",
        "full",
        "half",
        "cross",
        "multi",
        "pre",
        "post",
        "non",
        "co",
        "end",
        "real",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*", re.UNICODE)

Vocabulary = Counter


def normalize(text: str) -> str:
    """Expand ligatures, turn odd spaces into plain ones, drop zero-width and soft-hyphen chars."""
    return _clean(text, _TABLE)


def _clean(text: str, table: dict[int, str]) -> str:
    """``text`` translated by ``table``, runs of spaces made one, stripped; skipping what has no effect."""
    if _TRANSLATED.search(text):
        text = text.translate(table)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Lowercased words (hyphenated ones kept whole) seen in a document, to judge line-end hyphens.

    Texts are lines in order: the word after a line-end hyphen is a fragment ("pre-" | "vious"),
    not a word of the document, so it is not counted.
    """
    vocab: Vocabulary = Counter()
    broken = False
    for text in texts:
        words = _WORD.findall(text)
        if broken and words and text.lstrip()[:1].isalpha():
            words = words[1:]
        vocab.update(map(str.lower, words))
        stripped = text.rstrip()
        broken = len(stripped) > 1 and stripped[-1] in HYPHENS and stripped[-2].isalpha()
    return vocab


def _keeps_hyphen(prefix: str, rest: str, vocab: Vocabulary | None) -> bool:
    """Whether ``prefix-`` + ``rest`` is a real hyphenated compound rather than a broken word.

    The document's own words decide first, whatever the case ("TABLE-FORMER" joins when
    "TableFormer" occurs elsewhere, "state-of-the-art" stays when written so mid-line).
    """
    prefix = prefix.lstrip("\"'([{\u201c\u2018")
    if not rest or not rest[0].isalpha():
        return True
    head = re.match(r"[^\W\d_]+", rest)
    after = rest[head.end() : head.end() + 1] if head else ""
    if after and after in HYPHENS:
        return True  # "off-" | "the-shelf": the compound goes on
    nxt = head.group(0).lower() if head else ""
    low = prefix.lower()
    if vocab is not None and nxt and low.isalpha():
        joined, hyphenated = low + nxt, f"{low}-{nxt}"
        if vocab.get(hyphenated, 0) > vocab.get(joined, 0):
            return True
        if vocab.get(joined, 0) > 0:
            return False
    if not rest[0].islower() or not low.isalpha() or (prefix.isupper() and len(prefix) > 1):
        return True
    if low in _COMPOUND_PREFIXES:
        # "pre-trained" stays, "pre-vious" joins: the tail must look like a word of its own.
        return vocab is None or vocab.get(nxt, 0) > 0 or len(nxt) >= 7 or _has_stem(nxt, vocab)
    return False


def _has_stem(word: str, vocab: Vocabulary) -> bool:
    """Whether a word sharing ``word``'s stem occurs ("calibrated" -> "calibration")."""
    stem = word[: max(5, len(word) - 3)]
    return len(word) >= 6 and any(w.startswith(stem) for w in vocab)


def join_pair(left: str, right: str, vocab: Vocabulary | None = None) -> str:
    """Join two consecutive lines, undoing end-of-line hyphenation but keeping real hyphens."""
    left, right = left.rstrip(" "), right.lstrip(" ")
    if not left:
        return right
    if not right:
        return left
    if left.endswith(SOFT_HYPHEN):
        return left[:-1] + right
    if left[-1] in HYPHENS and len(left) > 1 and left[-2].isalpha():
        token = left[:-1].rsplit(" ", 1)[-1]
        parts = re.split(r"[-\u2010\u2011]", token)
        prefix = parts[-1]
        if len(parts) > 1 or _keeps_hyphen(prefix, right, vocab):
            return left + right
        return left[:-1] + right
    if _CJK.match(left[-1]) and _CJK.match(right[0]):
        return left + right  # Chinese and Japanese put no space between words, nor at a line break
    return f"{left} {right}"


def join_lines(lines: Iterable[str], vocab: Vocabulary | None = None) -> str:
    """Paragraph text from its lines: normalised, joined with spaces, dehyphenated."""
    out = ""
    for line in lines:
        clean = _clean(line, _LINE_TABLE)
        if clean:
            out = join_pair(out, clean, vocab) if out else clean
    return out.replace(SOFT_HYPHEN, "")


def node_text(node: Node, vocab: Vocabulary | None = None) -> str:
    """Re-join a block's ``meta["lines"]`` (with a document vocabulary), else its current text."""
    lines = node.meta.get("lines")
    if not lines:
        return normalize(node.text)
    return join_lines((ln["text"] for ln in lines), vocab)


K = TypeVar("K")
D = TypeVar("D")


@overload
def heaviest(weights: Iterable[tuple[K, float]]) -> K | None: ...
@overload
def heaviest(weights: Iterable[tuple[K, float]], default: D) -> K | D: ...
def heaviest(weights: Iterable[tuple[K, float]], default: object = None) -> object:
    """The key whose weights sum highest (the font size carrying most characters); ties go to
    the key seen first, as with ``Counter.most_common``; ``default`` when there is none."""
    totals: dict[K, float] = {}
    for key, weight in weights:
        totals[key] = totals.get(key, 0) + weight
    return max(totals, key=totals.__getitem__) if totals else default


def dominant_size(node: Node) -> float | None:
    """Font size carrying most characters of a block (None when lines carry no sizes)."""
    lines = node.meta.get("lines", ())
    size = heaviest((round(float(ln["size"]), 1), len(ln.get("text", ""))) for ln in lines if ln.get("size"))
    if size is None:
        size = node.meta.get("font_size")
        return float(size) if isinstance(size, (int, float)) else None
    return size


# Abbreviations that always have more after them: "(see Fig." ends no sentence.
_OPEN_ABBREVIATION = re.compile(r"(?:^|[\s(\[])(?:Figs?|FIGS?|Eqs?|Tabs?|Secs?|Refs?|Apps?|cf|e\.g|i\.e)\.$")


def ends_open(text: str) -> bool:
    """True when a paragraph stops mid-sentence: no terminal punctuation, or a reference cut short."""
    stripped = text.rstrip()
    return bool(stripped) and (not stripped.endswith(TERMINAL) or ends_with_abbreviation(stripped))


def ends_with_abbreviation(text: str) -> bool:
    """A reference cut short ("… (see Fig.", "… as in Eq."): its number or name follows on."""
    return _OPEN_ABBREVIATION.search(text.rstrip()) is not None


def starts_continuation(text: str) -> bool:
    """True when text reads as the middle of a sentence (lowercase start, a citation bracket …)."""
    stripped = text.lstrip()
    if not stripped:
        return False
    first = stripped[0]
    if first.isdigit():
        # "1.5% in our analysis" goes on; "2. Methods" / "3 Results" open something new.
        number = re.match(r"\d+(?:[.,]\d+)*", stripped)
        end = number.end() if number else 1
        decimal = number is not None and re.search(r"\d[.,]\d", number.group(0)) is not None
        return decimal or (stripped[end : end + 1] not in ".)" and not stripped[end:].lstrip()[:1].isupper())
    return first.islower() or first in "[(,;"


# What the second half of a broken block is typed as, by the type of its first half.
_CONTINUED = {
    NodeType.PARAGRAPH: NodeType.PARAGRAPH,
    NodeType.LIST_ITEM: NodeType.PARAGRAPH,
    NodeType.FOOTNOTE: NodeType.FOOTNOTE,
}
# Node types that may sit between two halves of a paragraph in reading order.
_SKIPPABLE = frozenset({NodeType.FOOTNOTE, NodeType.FIGURE, NodeType.TABLE, NodeType.CAPTION})


def _is_break(a: Node, b: Node) -> bool:
    """Whether ``b`` starts a new column or page after ``a``'s last piece (where a paragraph resumes)."""
    tail = _parts(a)[-1]
    if tail["page_index"] != b.page_index:
        return True
    box = tail["bbox"]
    if not isinstance(box, list) or b.bbox is None:
        return False
    x0, top, x1, _ = box
    # Footnotes sit at the foot of each column: the next column's notes need not start higher.
    higher = b.bbox.top < top or a.type is NodeType.FOOTNOTE
    return higher and b.bbox.x0 > x0 + 0.5 * (x1 - x0)


def _parts(node: Node) -> list[dict[str, object]]:
    existing = node.meta.get("parts")
    if existing:
        return list(existing)
    bbox = node.bbox.as_list() if node.bbox is not None else None
    return [{"page_index": node.page_index, "bbox": bbox}]


def can_continue(a: Node, b: Node) -> bool:
    """Whether ``b`` continues paragraph, list item or footnote ``a`` across a column or page break."""
    if a.type not in _CONTINUED or b.type is not _CONTINUED[a.type]:
        return False
    if not _is_break(a, b) or not ends_open(a.text):
        return False
    numbered = ends_with_abbreviation(a.text) and b.text.lstrip()[:1].isdigit()
    if not starts_continuation(b.text) and not numbered:
        return False  # after "(see Fig." a page may open with "5)", which otherwise starts an item
    if a.type is NodeType.FOOTNOTE and not b.text.lstrip()[:1].islower():
        return False  # "3http://…" is the next note, not the rest of this one
    sa, sb = dominant_size(a), dominant_size(b)
    return sa is None or sb is None or abs(sa - sb) <= 0.6


def merge(a: Node, b: Node, vocab: Vocabulary | None = None) -> Node:
    """One node holding both halves; ``meta["parts"]`` keeps every piece's page and box."""
    lines = [*a.meta.get("lines", ()), *b.meta.get("lines", ())]
    return a.evolve(
        text=join_pair(a.text, b.text, vocab),
        meta={**a.meta, "lines": lines, "parts": _parts(a) + _parts(b)},
    )


def merge_continuations(
    nodes: Sequence[Node], vocab: Vocabulary | None = None, max_skip: int = 6
) -> list[Node]:
    """Merge paragraphs split across columns/pages; footnotes, floats and captions may sit between.

    Footnotes are a flow of their own: a footnote broken at a column end resumes in a later
    footnote, whatever body text is read in between.
    """
    out: list[Node] = []
    open_idx: int | None = None
    note_idx: int | None = None
    skipped = 0
    for node in nodes:
        if node.type is NodeType.FOOTNOTE and note_idx is not None and can_continue(out[note_idx], node):
            out[note_idx] = merge(out[note_idx], node, vocab)
            continue
        if open_idx is not None and can_continue(out[open_idx], node):
            out[open_idx] = merge(out[open_idx], node, vocab)
            skipped = 0
            continue
        out.append(node)
        if node.type is NodeType.FOOTNOTE:
            note_idx = len(out) - 1
        if node.type in (NodeType.PARAGRAPH, NodeType.LIST_ITEM):
            open_idx, skipped = len(out) - 1, 0
        elif node.type in _SKIPPABLE and open_idx is not None and skipped < max_skip:
            skipped += 1
        else:
            open_idx = None
    return out
