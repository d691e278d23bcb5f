"""Short texts and links that are page chrome, not the article's words.

Ad labels, counters, reader prompts, link rows and button links: judged while walking, on a block's
text or an inline element, after the main content is chosen.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_AD_LABEL = re.compile(
    r"^\W*(advertisement|advertising|ad|sponsored( content)?|anzeige|werbung|publicidad|publicité|"
    r"pubblicità|reklama|広告|continue reading( below)?|scroll to continue|caption|close|open|next|"
    r"previous|prev|expand|collapse|back to top|skip to (main )?content|loading\.*|enlarge( this)? image|"
    r"hide caption|toggle caption|view gallery|image \d+ of \d+|\d+ of \d+|"
    r"add a comment|post a comment|leave a (comment|reply)|reply|show \d* ?more( comments| replies)?|"
    r"load more( comments)?)\W*$",
    re.I,
)
# A counter ("+10", "14", "#3") alone: gallery and comment counts, never text of its own.
_COUNTER = re.compile(r"^[+#]?\d{1,4}\+?$")
# Prompts around an article that are never its text: newsletter and follow calls, feedback widgets,
# affiliate disclosures, rating summaries, photo credits and agency credit lines, letters promos.
# _PROMPT is a whole short text; _PROMPT_PHRASE marks a short text anywhere in it.
_PROMPT = re.compile(
    r"^(?:(?:sign up|subscribe)(?: now| today| for free)?(?: for| to)\b.{0,60}"
    r"|(?:was|is|did) (?:this|the) (?:page|article|answer|post|information|guide|content|story)\b.{0,30}\?"
    r"(?:\s*(?:yes|no)\b\W*){0,2}"
    r"|\d(?:[.,]\d+)?\s*(?:from|out of|/)\s*\d+\s*(?:votes?|ratings?|reviews?)"
    r"|follow\b.{1,60}\bon (?:facebook|twitter|x|instagram|threads|bluesky|linkedin|tiktok|mastodon)\b.{0,80}"
    r"|(?:photo(?:graph)?|image|picture|illustration|video)?\s*credits?\s*(?:…|\.\.\.|:)\s*\S.{0,100}"
    r"|\((?:additional )?(?:reporting|writing|editing) by\b[^()]{3,200}\))$",
    re.I,
)
_PROMPT_PHRASE = re.compile(
    r"\b(?:(?:delivered|straight|right|directly|sent)\s+(?:right\s+)?(?:in)?to your inbox"
    r"|(?:may|might) (?:contain|include) affiliate links|as an amazon associate"
    r"|we'?d like to hear|we want to hear|write to us|here'?s our email)\b",
    re.I,
)
PROMPT_MAX_CHARS = 400  # prompts are short; a paragraph that long quoting one is prose
_PROMPT_STARTS = (
    "sign",
    "subscribe",
    "was ",
    "is ",
    "did ",
    "follow",
    "credit",
    "photo",
    "image",
    "picture",
    "illustration",
    "video",
    "(",
)
_PROMPT_WORDS = ("inbox", "affiliate", "associate", "hear", "write to us", "our email")


def _is_prompt(text: str) -> bool:
    """A reader prompt; cheap prefix and word checks first, since most texts are none."""
    if len(text) > PROMPT_MAX_CHARS:
        return False
    if (text[0].isdigit() or text.lower().startswith(_PROMPT_STARTS)) and _PROMPT.match(text):
        return True
    lower = text.lower()  # the phrase search is slow; most texts hold none of its words
    return any(w in lower for w in _PROMPT_WORDS) and _PROMPT_PHRASE.search(text) is not None


def is_counter(text: str) -> bool:
    """A count alone ("+10" on a gallery, "14" photos), not text."""
    return _COUNTER.match(text) is not None


def is_chrome(text: str, anchors: list[dict[str, Any]]) -> bool:
    """Ad labels ("Advertisement") and short rows made of links (share bars, reprint links)."""
    if _AD_LABEL.match(text) or _is_prompt(text):
        return True
    if len(anchors) >= 2 and len(text) < 100:
        linked = sum(a["end"] - a["start"] for a in anchors)
        if linked < 0.8 * len(text.replace(" ", "").replace("|", "")) or text.rstrip().endswith("."):
            return False
        # A sentence with links in it ("Neil has patches up to <a>…</a>, and <a>…</a>") has words
        # of its own between them; a share bar or link row has at most a label ("Share:").
        return len(_unlinked_words(text, anchors)) <= 2
    return False


def _unlinked_words(text: str, anchors: list[dict[str, Any]]) -> list[str]:
    """Words of ``text`` outside its links."""
    pieces, pos = [], 0
    for a in sorted(anchors, key=lambda a: a["start"]):
        pieces.append(text[pos : a["start"]])
        pos = max(pos, a["end"])
    pieces.append(text[pos:])
    return [w for w in " ".join(pieces).split() if any(ch.isalnum() for ch in w)]


_LINK_SEPARATOR = re.compile(r"^\s*[|·•]\s*$")


def trim_link_row(text: str, anchors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Cut a trailing row of links split by "|" or "·" ("… Order Reprints | Today's Paper | Subscribe").

    Such rows are site chrome glued to the end of a paragraph; a row of two or more links with
    separators only between them, ending the text, is removed when text remains before it.
    """
    ordered = sorted(anchors, key=lambda a: a["start"])
    if len(ordered) < 2 or text[ordered[-1]["end"] :].strip(" .|·•"):
        return text, anchors
    first = len(ordered) - 1
    while first > 0 and _LINK_SEPARATOR.match(text[ordered[first - 1]["end"] : ordered[first]["start"]]):
        first -= 1
    if first == len(ordered) - 1:
        return text, anchors
    cut = ordered[first]["start"]
    head = text[:cut].rstrip(" |·•")
    if not head:
        return text, anchors
    return head, [a for a in anchors if a["end"] <= len(head)]


_BUTTON_CLASS = re.compile(r"(^|[\s_-])(btn|button)($|[\s_-])", re.I)
BUTTON_MAX_WORDS = 4  # "Subscribe", "Click Here", "Get the app now"
BUTTON_MAX_CHARS = 40


def is_button_link(el: etree._Element) -> bool:
    """A short link styled as a button (``a.gh-btn``, ``a.btn-primary``, ``role="button"``).

    Judged while walking, after the content is chosen: removed earlier, a promo box that loses its
    button's words reads as a captioned picture and is kept.
    """
    cls = el.get("class")
    if el.get("role") != "button" and not (cls and _BUTTON_CLASS.search(cls)):
        return False
    if el.find(".//img") is not None or el.find(".//picture") is not None:
        return False  # a picture linked to its full size keeps its figure whatever the link's style
    text = "".join(el.itertext())
    return len(text) <= BUTTON_MAX_CHARS and len(text.split()) <= BUTTON_MAX_WORDS
