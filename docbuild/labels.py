"""Figure and table labels as documents write them: "Figure 3:", "TABLE II", "Table A1", "图3".

One vocabulary shared by caption detection (``parse_caption_label``) and mention finding
(``docbuild.linking``), so a caption and a sentence that cites it always agree on a ``Label.key``.
Numbers are normalised (roman "II" -> "2"); namespaces (supplementary, extended data, appendix)
are kept apart so "Fig. S3" never resolves to main-text Figure 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["figure", "table"]

# Words that name a figure or a table, singular then plural, in the languages where the
# convention is regular. Abbreviations carry their dot; "Fig" without a dot is also common.
FIGURE_WORDS: tuple[str, ...] = (
    "Figure",
    "Fig.",
    "Fig",
    "Abbildung",
    "Abb.",
    "Figura",
    "Figuur",
    "Bild",
    "Rys.",
    "Rysunek",
    "Рис.",
    "Рисунок",
    "그림",
)
FIGURE_PLURALS: tuple[str, ...] = (
    "Figures",
    "Figs.",
    "Figs",
    "Abbildungen",
    "Abbn.",
    "Figuras",
    "Figuren",
    "Figure",
    "Рисунки",
)
TABLE_WORDS: tuple[str, ...] = (
    "Table",
    "Tab.",
    "Tableau",
    "Tabla",
    "Tabela",
    "Tabelle",
    "Tabella",
    "Tabel",
    "Таблица",
    "Табл.",
    "표",
)
TABLE_PLURALS: tuple[str, ...] = (
    "Tables",
    "Tabs.",
    "Tableaux",
    "Tablas",
    "Tabelas",
    "Tabellen",
    "Tabelle",
    "Таблицы",
)
CJK_FIGURE = "图圖図"
CJK_TABLE = "表"

# Prefixes that put a label in its own namespace (mapped to the namespace name).
_NAMESPACE_WORDS: tuple[tuple[str, str], ...] = (
    (r"Supplementary(?:\s+Information)?", "supplementary"),
    (r"Supplemental", "supplementary"),
    (r"Suppl?\.", "supplementary"),
    (r"Supporting(?:\s+Information)?", "supplementary"),
    (r"SI", "supplementary"),
    (r"Online", "supplementary"),
    (r"Extended\s+Data", "extended"),
    (r"Appendix", "appendix"),
)

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

WS = r"[\s\u00a0\u202f\u2009\u2007]"
# A label number: optional letter prefix (A1, S2, S.2), digits with an optional chapter part
# ("3.2", "7-26" as manuals number them), or an upper-case roman numeral. Panels ("3b") are
# handled by the caller.
NUMBER = (
    r"(?:(?P<prefix>[A-Z])\.?(?=\d))?(?P<digits>\d{1,4}(?:[.\-\u2013]\d{1,3})?)(?!\d)"
    r"|(?P<roman>[IVXLC]{1,7})(?![A-Za-z])"
)


def _case_forms(words: tuple[str, ...]) -> list[str]:
    """Each word as written, in capitals, and (for mentions) in lower case."""
    forms: list[str] = []
    for w in words:
        for f in (w, w.upper()):
            if f not in forms:
                forms.append(f)
    return forms


def words_pattern(words: tuple[str, ...], lower: bool = False) -> str:
    """Regex alternation for label words, longest first, dots escaped, optional hyphenation."""
    forms = _case_forms(words)
    if lower:
        forms += [w.lower() for w in words if w.lower() not in forms]
    forms.sort(key=len, reverse=True)
    parts = [re.escape(f) for f in forms]
    # No letter may follow ("Figures", "Tableware"); a digit may ("Figure3" in squashed text).
    parts = [p + (r"(?![^\W\d_])(?!\.[^\W\d_])" if not p.endswith(r"\.") else "") for p in parts]
    return "|".join(parts)


def namespace_pattern() -> str:
    """Regex alternation of namespace prefixes as a named group ``ns``."""
    alts = "|".join(p for p, _ in _NAMESPACE_WORDS)
    return rf"(?P<ns>{alts}|SUPPLEMENTARY|EXTENDED{WS}+DATA|APPENDIX|supplementary)"


def namespace_name(prefix: str | None) -> str:
    """Canonical namespace of a written prefix ("Extended Data" -> "extended")."""
    if not prefix:
        return ""
    for pattern, name in _NAMESPACE_WORDS:
        if re.fullmatch(pattern, prefix, flags=re.IGNORECASE):
            return name
    return re.sub(r"\s+", " ", prefix.strip()).lower()


def roman_to_int(text: str) -> int | None:
    """Value of an upper-case roman numeral, or None when ``text`` is not a valid one."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -v if v < nxt else v
    return total


_FIGURE_LOWER = frozenset(x.lower() for x in (*FIGURE_WORDS, *FIGURE_PLURALS))
_TABLE_LOWER = frozenset(x.lower() for x in (*TABLE_WORDS, *TABLE_PLURALS))


def kind_of_word(word: str) -> Kind | None:
    """Whether a label word names a figure or a table (case-insensitive, any language here)."""
    w = word.strip().lower()
    if any(c in word for c in CJK_FIGURE):
        return "figure"
    if CJK_TABLE in word:
        return "table"
    if w in _FIGURE_LOWER:
        return "figure"
    if w in _TABLE_LOWER:
        return "table"
    return None


def normalise_number(prefix: str | None, digits: str | None, roman: str | None) -> str | None:
    """Number as compared across a document: "II" -> "2", "S.2" -> "S2", "A1" kept."""
    if roman:
        value = roman_to_int(roman)
        return str(value) if value else None
    if not digits:
        return None
    digits = digits.replace("\u2013", "-")
    return f"{prefix or ''}{digits.lstrip('0') or '0'}"


def prefix_namespace(number: str, namespace: str) -> str:
    """Namespace implied by a number's letter prefix when no word gave one ("S2", "A1")."""
    if namespace or not number[:1].isalpha():
        return namespace
    return "S" if number[0] == "S" else "appendix"


@dataclass(frozen=True)
class Label:
    """A figure/table label: kind, namespace, normalised number, and where it sits in the text.

    ``raw`` is the label as written ("FIG. 3", "Supplementary Table S1"), ``start``/``end`` its
    offsets in the text it was found in, ``sep`` the punctuation after it in a caption (":" "."
    "|" "—", or "" when only a space or nothing follows; captions.py treats "" as weak evidence).
    """

    kind: Kind
    namespace: str
    number: str
    raw: str
    end: int
    start: int = 0
    sep: str = ""
    panel: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What two labels must share to name the same object ("Fig. S2" == "Supplementary Fig. S2")."""
        ns, number = self.namespace, self.number
        if ns in ("S", "supplementary"):
            ns = "supplementary"
            if len(number) > 1 and number[0] == "S" and number[1].isdigit():
                number = number[1:]
        return (self.kind, ns, number)

    @property
    def display(self) -> str:
        """Canonical English name, e.g. "Figure 3", "Table 2", "Supplementary Figure 2"."""
        ns = {"supplementary": "Supplementary ", "extended": "Extended Data ", "appendix": ""}
        kind_name = "Figure" if self.kind == "figure" else "Table"
        return f"{ns.get(self.namespace, '')}{kind_name} {self.number}"


_SEP = re.compile(rf"{WS}*(?P<sep>[:.|\u2014\u2013\-\uff1a\uff0e]|\(|$)?")

_LATIN_CAPTION = re.compile(
    rf"(?:(?:{namespace_pattern()}){WS}+)?"
    rf"(?P<word>{words_pattern(FIGURE_WORDS)}|{words_pattern(TABLE_WORDS)})"
    rf"{WS}*(?:{NUMBER})"
)
_CJK_CAPTION = re.compile(
    rf"(?P<word>[{CJK_FIGURE}{CJK_TABLE}]){WS}*(?:(?P<prefix>[A-Z])(?=\d))?(?P<digits>\d{{1,4}}(?:[.-]\d{{1,3}})?)"
    r"(?P<roman>(?!))?"
)
_JAMA = re.compile(rf"e(?P<word>Figure|Table){WS}*(?:{NUMBER})")


def _label_from_match(m: re.Match[str], text: str, lead: int) -> Label | None:
    """Build a Label from a caption-pattern match, or None when the number is not valid."""
    kind = kind_of_word(m.group("word"))
    number = normalise_number(m.group("prefix"), m.group("digits"), m.group("roman"))
    if kind is None or number is None:
        return None
    groups = m.groupdict()
    namespace = "supplementary" if m.re is _JAMA else namespace_name(groups.get("ns"))
    namespace = prefix_namespace(number, namespace)
    end = lead + m.end()
    panel = ""
    if m.re is not _CJK_CAPTION and _panel_suffix(text, end):
        panel, end = text[end], end + 1
    sep_m = _SEP.match(text, end)
    sep = (sep_m.group("sep") or "") if sep_m else ""
    if sep == "(":
        sep = ""
    raw = re.sub(rf"{WS}+", " ", text[lead:end])
    return Label(kind, namespace, number, raw, end, start=lead, sep=sep, panel=panel)


@lru_cache(maxsize=16384)
def parse_caption_label(text: str) -> Label | None:
    """The label a caption starts with ("Figure 3: ..." -> Figure 3), or None if it has none.

    Cached: the figure and table detectors ask about the same block texts several times a page.

    >>> parse_caption_label("TABLE II. Results").number
    '2'
    """
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    for pattern in (_LATIN_CAPTION, _JAMA, _CJK_CAPTION):
        m = pattern.match(body)
        if m is None:
            continue
        after = body[m.end() : m.end() + 1]
        if after.isalpha() and pattern is not _CJK_CAPTION and not _panel_suffix(body, m.end()):
            continue
        label = _label_from_match(m, text, lead)
        if label is not None:
            return label
    return None


def _panel_suffix(body: str, pos: int) -> bool:
    """A single panel letter right after the number ("Figure 1A:"), not the start of a word."""
    return bool(re.match(r"[A-Za-z](?![A-Za-z])", body[pos:]))
