"""The article's title heading and the kicker above it.

Templates often put the headline in a page header above the body (``<div class="question-header">``,
``<header class="entry-header">``), so content scoring leaves it out although the page names it as its
title in ``<title>`` or ``og:title``. The heading is found before boilerplate removal (which may drop
that header) and is emitted first when the content walk did not reach it. A section label right
above a headline ("POLITICS", "Analysis") is navigation, not text of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from lxml import etree

_WS = re.compile(r"\s+")
# Separators between an article title and the site name in <title>: "Headline | Site", "Site - Headline".
_TITLE_SEP = re.compile(r"\s+[|\-–—·•:»]\s+")
_MIN_TITLE_CHARS = 8
_SENTENCE_END = re.compile(r"[.!?:;,]\s*$")
KICKER_MAX_WORDS = 3
KICKER_MAX_CHARS = 40
_TITLE_TAGS = ("a", "p", "div", "span", "strong", "b")
TITLE_SCAN_LIMIT = 800  # a title outside the headings sits near the top; the scan stays cheap
_ENTRY_HEADS = frozenset({"header", "h1", "h2", "h3", "h4", "h5", "h6"})
_NOT_KICKER = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "img", "picture", "figure", "table", "svg"})


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def title_variants(titles: Iterable[str | None], site_name: str | None) -> set[str]:
    """Normalised forms a title heading may take: each title whole, and <title> without the site name.

    A piece split off at a separator only counts when it is at least half of the whole title, so the
    site name in "Headline | Site" is never taken for the headline.
    """
    site = _norm(site_name or "")
    out: set[str] = set()
    for title in titles:
        whole = _norm(title or "")
        if not whole:
            continue
        out.add(whole)
        pieces = _TITLE_SEP.split(whole)
        for piece in pieces:
            if len(piece) * 2 >= len(whole) and piece != site:
                out.add(piece)
        if len(pieces) > 2:  # "Headline – live updates | Site": the headline keeps its own separator
            seps = _TITLE_SEP.findall(whole)
            out.add("".join(p + sep for p, sep in zip(pieces[:-2], seps, strict=False)) + pieces[-2])
            out.add(pieces[1] + "".join(sep + p for sep, p in zip(seps[1:], pieces[2:], strict=False)))
    return {t for t in out if len(t) >= _MIN_TITLE_CHARS and t != site}


def _visible(el: etree._Element) -> bool:
    """False when the element or an ancestor is hidden by attribute or inline style."""
    for node in (el, *el.iterancestors()):
        style = (node.get("style") or "").replace(" ", "").lower()
        if node.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style:
            return False
    return True


def find_title_heading(root: etree._Element, variants: set[str]) -> etree._Element | None:
    """The first visible <h1> (else <h2>, <h3>) whose text is the page's title.

    Blogs put the post title in an <h3> (Blogger) or in no heading at all (``<p class="title"><a>``,
    ``itemprop="headline"``); when no heading matches, an element whose class or itemprop says title
    or headline and whose whole text is the title stands in for it.
    """
    if not variants:
        return None
    for tag in ("h1", "h2", "h3"):
        for heading in root.iter(tag):
            if _norm("".join(heading.itertext())) in variants and _visible(heading):
                return heading
    for el in islice(root.iter(*_TITLE_TAGS), TITLE_SCAN_LIMIT):
        cls = el.get("class")
        marked = (cls is not None and ("title" in cls or "headline" in cls)) or el.get(
            "itemprop"
        ) == "headline"
        if marked and _norm("".join(el.itertext())) in variants and _visible(el):
            return el
    return None


def inside(el: etree._Element, containers: list[etree._Element]) -> bool:
    """True when ``el`` is one of ``containers`` or under one of them (still attached to it)."""
    ids = {id(c) for c in containers}
    return id(el) in ids or any(id(a) in ids for a in el.iterancestors())


def heading_text(el: etree._Element) -> str:
    """A heading's text, whitespace collapsed."""
    return _WS.sub(" ", "".join(el.itertext())).strip()


def _is_kicker(el: etree._Element) -> bool:
    """A label of a few words with no sentence punctuation and no picture: a section name or flag."""
    if not isinstance(el.tag, str) or el.tag in _NOT_KICKER or (el.tail or "").strip():
        return False
    if any(d.tag in _NOT_KICKER for d in el.iterdescendants() if isinstance(d.tag, str)):
        return False
    text = heading_text(el)
    if not text or len(text) > KICKER_MAX_CHARS or _SENTENCE_END.search(text):
        return False
    return len(text.split()) <= KICKER_MAX_WORDS


def _previous_element(el: etree._Element) -> etree._Element | None:
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return prev


def _entry_label(entry: etree._Element) -> etree._Element | None:
    """A flag opening an <article> right before its header ("Pinned post", "Breaking" on a liveblog entry)."""
    first = next((c for c in entry if isinstance(c.tag, str)), None)
    if first is None or (entry.text or "").strip() or not _is_kicker(first):
        return None
    after = first.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    return first if after is not None and after.tag in _ENTRY_HEADS else None


def drop_entry_labels(root: etree._Element) -> int:
    """Remove the flag opening each <article> before its header; returns how many.

    Run before boilerplate removal, which drops entry headers classed like page headers
    (``header.block-header``) and would leave the flag looking like the entry's first line.
    """
    doomed = [label for entry in root.iter("article") if (label := _entry_label(entry)) is not None]
    for el in doomed:
        el.drop_tree()
    return len(doomed)


def drop_kickers(containers: list[etree._Element]) -> int:
    """Remove the short label right before each <h1> in the content; returns how many.

    The label is the h1's previous sibling, or its wrapper's when the h1 stands alone in a wrapper,
    with no text between them.
    """
    doomed = []
    for container in containers:
        for h1 in container.iter("h1"):
            anchor = h1
            for _ in range(2):
                parent = anchor.getparent()
                if _previous_element(anchor) is not None or parent is None or parent is container:
                    break
                if len(parent) != 1 or (parent.text or "").strip():
                    break
                anchor = parent
            prev = _previous_element(anchor)
            if prev is not None and _is_kicker(prev):
                doomed.append(prev)
    for el in doomed:
        el.drop_tree()
    return len(doomed)
