"""Answer and comment composers: an empty text box with the heading that labels it and its fine print.

Q&A and comment templates put "Your Answer", an empty text box and "By clicking Post …" next to the
answers without a <form>. Boilerplate removal drops the box as a control, but its label and notes
would then read as content, so the whole composer goes first.
"""

from __future__ import annotations

from lxml import etree

from parsers.html.content import HEADING_TAGS

COMPOSER_MAX_TEXT = 400  # a composer's wrapper holds a label, notes and buttons, not prose
FINE_PRINT_MAX = 200  # "By clicking Post Your Answer, you agree to …", "Your email will not be published."


def _short_note(el: etree._Element) -> bool:
    """An element of a few words without a heading or picture: a composer's label or fine print."""
    if not isinstance(el.tag, str) or el.tag in HEADING_TAGS:
        return False
    if any(True for _ in el.iter("img", "figure", "pre", "table", *HEADING_TAGS)):
        return False
    return len("".join(el.itertext()).strip()) <= FINE_PRINT_MAX


def _composer_parts(box: etree._Element) -> list[etree._Element]:
    """The composer around an empty text box: its short wrapper, the heading above, the notes below."""
    region = box
    for _ in range(4):
        parent = region.getparent()
        if parent is None or parent.tag in ("body", "html", "article", "main"):
            break
        if len("".join(parent.itertext()).strip()) > COMPOSER_MAX_TEXT or any(
            True for _ in parent.iter("img", "figure", "pre", "table")
        ):
            break
        region = parent
    parts = [region]
    before: list[etree._Element] = []
    for sib in region.itersiblings(preceding=True):
        if isinstance(sib.tag, str) and sib.tag in HEADING_TAGS:
            parts += [sib, *before]  # the heading labels the box ("Your Answer", "Leave a Reply")
            break
        if len(before) >= 2 or not _short_note(sib):
            break
        before.append(sib)
    for i, sib in enumerate(region.itersiblings()):
        if i >= 2 or not _short_note(sib):
            break
        parts.append(sib)
    return parts


def drop_composers(root: etree._Element) -> int:
    """Remove answer/comment composers left loose among the posts; returns how many boxes.

    Q&A and comment templates put "Your Answer", an empty text box and "By clicking Post …" next to
    the answers without a <form>; the box itself is dropped as a control later, but its label and
    notes would read as content. A text box holding text (a code sample) is left alone.
    """
    # textareas only: an attribute test (contenteditable) on every element costs 8% of the parse
    boxes = [el for el in root.iter("textarea") if not (el.text or "").strip() and el.get("readonly") is None]
    doomed = [part for box in boxes for part in _composer_parts(box)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return len(boxes)
