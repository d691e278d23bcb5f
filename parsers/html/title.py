"""The article's title heading.

Templates often put the headline in a page header above the body (``<div class="question-header">``,
``<header class="entry-header">``), so content scoring leaves it out although the page names it as its
title in ``<title>`` or ``og:title``. The heading is found before boilerplate removal (which may drop
that header) and is emitted first when the content walk did not reach it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

_WS = re.compile(r"\s+")
# Separators between an article title and the site name in <title>: "Headline | Site", "Site - Headline".
_TITLE_SEP = re.compile(r"\s+[|\-–—·•:»]\s+")
_MIN_TITLE_CHARS = 8


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
        for piece in _TITLE_SEP.split(whole):
            if len(piece) * 2 >= len(whole) and piece != site:
                out.add(piece)
    return {t for t in out if len(t) >= _MIN_TITLE_CHARS and t != site}


def _visible(el: etree._Element) -> bool:
    """False when the element or an ancestor is hidden by attribute or inline style."""
    for node in (el, *el.iterancestors()):
        style = (node.get("style") or "").replace(" ", "").lower()
        if node.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style:
            return False
    return True


def find_title_heading(root: etree._Element, variants: set[str]) -> etree._Element | None:
    """The first visible <h1> (else <h2>) whose text is the page's title."""
    if not variants:
        return None
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            if _norm("".join(heading.itertext())) in variants and _visible(heading):
                return heading
    return None


def inside(el: etree._Element, containers: list[etree._Element]) -> bool:
    """True when ``el`` is one of ``containers`` or under one of them (still attached to it)."""
    ids = {id(c) for c in containers}
    return id(el) in ids or any(id(a) in ids for a in el.iterancestors())


def heading_text(el: etree._Element) -> str:
    """A heading's text, whitespace collapsed."""
    return _WS.sub(" ", "".join(el.itertext())).strip()
