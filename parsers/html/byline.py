"""Page metadata set among the article's text: bylines, datelines and field labels.

These are removed after the main content is chosen, so they still count as the story header's
text when content is scored (a header holding only a headline, a standfirst and a byline would
otherwise lose to the body and be left out).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

# Readability's byline classes, without the bare "author" that a quote's attribution also carries:
# "By Ana Ruiz · May 15, 2023 · 9 min read" is page metadata, not text.
BYLINE = re.compile(r"byline|dateline|writtenby|p-author", re.I)
BYLINE_MAX_CHARS = 100  # Readability's limit: a longer box is an author's bio or prose
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
