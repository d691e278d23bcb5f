"""Page metadata set among the article's text: bylines, datelines and field labels.

These are removed after the main content is chosen, so they still count as the story header's
text when content is scored (a header holding only a headline, a standfirst and a byline would
otherwise lose to the body and be left out): byline boxes and field labels are dropped from the
tree (``drop_bylines``), dateline and byline lines are judged on a block's text while walking.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

# Readability's byline classes, without the bare "author" that a quote's attribution also carries:
# "By Ana Ruiz · May 15, 2023 · 9 min read" is page metadata, not text.
BYLINE = re.compile(r"byline|dateline|writtenby|p-author", re.I)
BYLINE_MAX_CHARS = 100  # Readability's limit: a longer box or line is an author's bio or prose
_HOLDS_STORY = ("h1", "h2", "h3", "figure", "table", "blockquote")
# A field's name printed before its value, classed as such: arXiv's <span class="descriptor">Title:</span>,
# Drupal's field-label, a "label" span. Only with the class: "<strong>Note:</strong>" is the writer's.
FIELD_LABEL_CLASS = re.compile(r"(^|[\s_-])(descriptor|label)s?($|[\s_-])", re.I)
_LABELLED_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "div", "dd", "section"})
FIELD_VALUE_MIN_WORDS = 4  # a title or an abstract, not a value such as "266kcal"
_FIELD_LABEL = re.compile(r"^\w[\w .'’-]{0,30}[:：]$")


@lru_cache(maxsize=4096)
def _has_byline_class(cid: str) -> bool:
    return BYLINE.search(cid) is not None


def is_byline(el: etree._Element) -> bool:
    """A short box classed as byline or dateline (Ghost's ``article-byline``, ``address.byline``).

    A box that holds a headline, picture or quote is the story header around a byline, not one.
    """
    cid = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not _has_byline_class(cid) or any(True for _ in el.iter(*_HOLDS_STORY)):
        return False
    return len(" ".join("".join(el.itertext()).split())) < BYLINE_MAX_CHARS


def is_field_label(el: etree._Element) -> bool:
    """A label-classed element of a few words ending in a colon that opens a block of text ("Abstract:").

    Only before a heading's or a paragraph's text: in a key-value row ("Calories: 266kcal") the
    label is what says what the value is.
    """
    cls = el.get("class")
    if not cls or not _has_label_class(cls) or len(el):
        return False
    parent = el.getparent()
    if parent is None or parent.tag not in _LABELLED_BLOCKS or (parent.text or "").strip():
        return False
    if el.getprevious() is not None:
        return False
    text = " ".join((el.text or "").split())
    if len(text.split()) > 3 or _FIELD_LABEL.match(text) is None:
        return False
    value = "".join(parent.itertext())[len(el.text or "") :]
    return len(value.split()) >= FIELD_VALUE_MIN_WORDS


@lru_cache(maxsize=4096)
def _has_label_class(cls: str) -> bool:
    return FIELD_LABEL_CLASS.search(cls) is not None


def drop_bylines(containers: list[etree._Element]) -> int:
    """Remove byline boxes and field labels inside the chosen content; returns how many."""
    doomed = [
        el
        for container in containers
        for el in container.iter()
        if isinstance(el.tag, str) and el is not container and (is_byline(el) or is_field_label(el))
    ]
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed for a in el.iterancestors()):
            el.drop_tree()
    return len(doomed)


# A month written as a word in any language ("Feb.", "März", "marzo", "décembre", "Şubat").
_MONTH = r"[^\W\d_]{3,12}\.?"
_WEEKDAY = r"(?:[^\W\d_]{2,12}\.?,?\s+)?"
_TIME = r"\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?(?:\s*[A-Z]{2,4})?"
_NAME = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}"
# A date alone ("Feb. 21, 2019", "21 February 2019", "14. März 2023", "martes, 14 de marzo de 2023",
# "2019-02-21", "21/02/2019", "2023年3月14日"), maybe after "Updated:" or a byline and a dash
# ("Dan Goodin - Apr 16, 2015 8:02 pm UTC"), with a time before or after it: a dateline.
_DATE_ONLY = re.compile(
    rf"^(?:(?:last\s+)?(?:updated|published|posted)\s*:?\s*)?(?:(?:by\s+)?{_NAME}\s+[-–—|·•]\s+)?"
    rf"(?:{_TIME},?\s+)?{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    rf"(?:,?\s+(?:at\s+|um\s+|à\s+|a las\s+)?{_TIME})?$",
    re.I,
)
DATE_MAX_CHARS = 80


def is_dateline(text: str) -> bool:
    """A block that is only a date (maybe a time, "Updated:"): page metadata, read from the meta tags."""
    return len(text) <= DATE_MAX_CHARS and bool(_DATE_ONLY.match(text))


# Inline elements a page marks as an author's name (rel/itemprop/class author, a link to an author page).
_AUTHOR_TAGS = frozenset({"a", "span", "b", "strong", "em", "i", "cite"})
_AUTHOR_HREF = re.compile(r"/(?:(?:authors?|by)/|@)[^/?#]+/?(?:[?#]|$)", re.I)
_READ_TIME = re.compile(r"read(?:ing)?-?time", re.I)
BYLINE_GLUE_WORDS = 3  # "Posted on … by …", "Publié le … par …"


def mark_kind(el: etree._Element, tag: str) -> str | None:
    """'time' for a <time>, 'author' for an inline element the page marks as an author's name,
    'readtime' for a span marked as the reading time (Medium's data-testid, Ghost's and plugins' classes)."""
    if tag == "time":
        return "time"
    if tag not in _AUTHOR_TAGS:
        return None
    if tag == "span" and _READ_TIME.search(f"{el.get('class') or ''} {el.get('data-testid') or ''}"):
        return "readtime"
    if "author" in (el.get("rel") or "") or "author" in (el.get("itemprop") or ""):
        return "author"
    if "author" in (el.get("class") or "").lower():
        return "author"
    return "author" if tag == "a" and _AUTHOR_HREF.search(el.get("href") or "") else None


def is_byline_line(text: str, marks: list[tuple[str, int, int]]) -> bool:
    """A <time> date or a reading time and a marked author name with a few words of glue ("Posted on
    … by …", "Ana Ruiz · 5 min read"): a byline.

    Both marks are needed: a date with a few words alone is a timeline entry ("May 3, 2023: closed").
    """
    if len(text) > BYLINE_MAX_CHARS or not any(kind == "author" for kind, _, _ in marks):
        return False
    if not any(
        kind == "readtime" or (kind == "time" and is_dateline(text[a:b].strip())) for kind, a, b in marks
    ):
        return False
    rest = list(text)
    for _, a, b in marks:
        rest[a:b] = " " * len(rest[a:b])
    words = [t for t in "".join(rest).split() if any(ch.isalnum() for ch in t)]
    return len(words) <= BYLINE_GLUE_WORDS and not any(ch.isdigit() for t in words for ch in t)
