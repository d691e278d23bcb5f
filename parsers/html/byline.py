"""Page metadata set among the article's text: bylines and datelines.

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


def drop_bylines(containers: list[etree._Element]) -> int:
    """Remove byline boxes inside the chosen content; returns how many."""
    doomed = [
        el
        for container in containers
        for el in container.iter()
        if isinstance(el.tag, str) and el is not container and is_byline(el)
    ]
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed for a in el.iterancestors()):
            el.drop_tree()
    return len(doomed)
