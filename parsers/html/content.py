"""Boilerplate removal and main-content selection on an lxml tree.

Readability-style: drop elements that are never content (scripts, navigation, hidden, cookie and
share widgets, comments), score paragraph-like elements and credit their ancestors, take the best
container plus siblings that look like it, then clean link-heavy lists and widgets inside it.
All statistics are computed in one bottom-up pass, so the cost is linear in the tree size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree

from parsers.html.images import awaits_script

# Never content, whatever their class (scripts, forms controls, site chrome by tag).
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "button",
        "select",
        "input",
        "textarea",
        "nav",
        "aside",
        "footer",
        "link",
        "meta",
        "head",
        "title",
        "dialog",
        "canvas",
        "audio",
        "video",
        "map",
        "area",
        "frameset",
        "frame",
        "applet",
    ]
)
DROP_ROLES = frozenset(
    [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "search",
        "toolbar",
    ]
)
# Class/id patterns (Readability's unlikely-candidates list, widened for cookie/share/subscribe widgets).
UNLIKELY = re.compile(
    r"-ad-|\bads?\b|advert|ai2html|banner|breadcrumb|combx|comment|communit|cover-wrap|disqus|extra|"
    r"foot(?!note)|gdpr|cookie|consent|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|"
    r"skyscraper|social|sponsor|supplemental|agegate|pagination|pager|popup|yom-remote|share|sharing|"
    r"subscri|newsletter|signup|sign-up|promo|outbrain|taboola|recommend|read-?more|more-stories|"
    r"trending|most-popular|masthead|toolbar|widget|navbar|\bnav\b|skip-link|print-only|login|paywall|"
    # wiki furniture: "For other uses, see …" notes, not-for-print boxes, category links, jump links;
    # call-to-action buttons ("Share this post", "Subscribe") written as a styled link in a wrapper
    r"hatnote|dablink|noprint|catlinks|jump-link|(^|\s)(btn|button)([-_](wrapper|group|row))?($|\s)",
    re.I,
)
# Widgets that are boilerplate even when their class also says "article" or "content".
STRONG = re.compile(
    r"most-?popular|disqus|outbrain|taboola|related-?(articles?|posts?|stories|content|links)|"
    r"comments?-(section|list|area|thread|wrapper)|newsletter|cookie|consent|gdpr|social-?share|"
    r"share-?(bar|buttons?|tools|links)|recommended|read-?next|more-?stories|paywall|sponsored|"
    # an author's bio box under the post; a forum or Q&A poster's signature and user card
    r"author-?(box|bio|card|profile)|about-?(the-?)?author|(^|[\s_-])signature($|[\s_-])|user-?(info|card)",
    re.I,
)
MAYBE = re.compile(r"and|article|body|column|content|main|shadow|story|entry|post|text", re.I)
POSITIVE = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story", re.I)
NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot(?!note)|gdpr|masthead|"
    r"media|meta|"
    r"outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget",
    re.I,
)
# Removed even inside headings: MediaWiki's "[edit]" section links and their kin.
EDIT_LINK = re.compile(r"(^|[\s_-])edit-?(section|link)($|[\s_-])", re.I)
# A citation mark as a whole superscript: "[12]", "[a]", "[note 3]", "[citation needed]", "[4]: 17".
CITATION_MARK = re.compile(r"^\s*\[[^\[\]]{1,30}\](?:\s*:\s*[\d\s,–-]+)?\s*$")
# A footnote's number linked to its note ("1", "[2]", "*").
NOTE_MARK = re.compile(r"^\s*\[?(?:\d{1,3}|[a-z]|[*†‡§])\]?\s*$")
# Points at a note ("#footnote-1", "#fn:2", "#cite_note-7"); a note's link back to the text
# ("#footnote-anchor-1", "#fnref:2", "#cite_ref-7") is the note's own label and stays.
NOTE_TARGET = re.compile(r"^#(?!.*(?:ref|anchor|back)).*(?:foot|note|fn)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
PROTECTED = frozenset(
    [
        "html",
        "body",
        "article",
        "main",
        "a",
        "img",
        "picture",
        "figure",
        "figcaption",
        "source",
        "table",
        "tbody",
        "tr",
        "td",
        "th",
    ]
)
BLOCK_CHILDREN = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "img",
        "picture",
        "form",
    ]
)
PARAGRAPH_TAGS = frozenset({"p", "pre", "td"})
_TAG_BASE = {
    "div": 5,
    "article": 10,
    "main": 10,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "section": 2,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
_COMMAS = re.compile(r"[,،﹐︐︑⹁⸴⸲，、]")

# Per-element statistics, indexed by the slots below.
TEXT, LINK, COMMAS, NP, NIMG, NLI, NINPUT, NEMBED = range(8)
Stats = dict[etree._Element, list[float]]


_SLUG = re.compile(r"[\W_]+", re.U)
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")  # words of an id, camelCase split
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Media players removed as boilerplate; a <figure> that held one is marked so its caption goes too.
MEDIA_TAGS = frozenset({"iframe", "video", "audio", "embed", "object"})
MEDIA_MARK = "data-docbuild-media"


def _slug(text: str) -> str:
    return _SLUG.sub("", text).lower()


def _text_derived_id(el: etree._Element, ident: str) -> bool:
    """An id made from the element's own title ("Eich_CEO_promotion_controversy", "related-work").

    Wikis and static-site generators slug section titles into ids, so such an id says what the
    section is about, not that it is a widget. Headings (and the spans inside them) qualify
    whatever their id; a container only when its id has two or more words and equals the slug of
    the heading it opens with (a lone "comments" id on a "Comments" section still counts).
    """
    slug = _slug(ident)
    if len(slug) < 3:
        return False
    parent = el.getparent()
    if el.tag in HEADING_TAGS or (parent is not None and parent.tag in HEADING_TAGS):
        return True
    if len(_WORDS.findall(ident)) < 2:
        return False
    for i, d in enumerate(el.iter()):
        if i > 8:
            break
        if d.tag in HEADING_TAGS:
            return _slug("".join(d.itertext())) == slug
    return False


def class_id(el: etree._Element) -> str:
    """Class and id of an element joined, for pattern tests."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def class_weight(el: etree._Element) -> int:
    """Readability's +/-25 for content-like or boilerplate-like class names and ids."""
    ident = el.get("id")
    if ident and _weight(ident) < 0 and _text_derived_id(el, ident):
        ident = None
    return _weight(el.get("class")) + _weight(ident)


@lru_cache(maxsize=4096)
def _weight(value: str | None) -> int:
    if not value:
        return 0
    return (25 if POSITIVE.search(value) else 0) - (25 if NEGATIVE.search(value) else 0)


def _is_hidden(el: etree._Element) -> bool:
    style = el.get("style")
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or (style is not None and bool(_HIDDEN_STYLE.search(style)))
    )


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _should_drop(
    el: etree._Element, tag: str, in_article: bool, in_heading: bool, use_classes: bool = True
) -> bool:
    if tag in DROP_TAGS:
        return True
    role = el.get("role")
    if role and role.lower() in DROP_ROLES:
        return True
    if tag == "header" and not in_article:
        return True
    if tag != "img" and _is_hidden(el):
        return True
    if tag in ("sup", "a") and _is_note_mark(el, tag):
        return True  # reference marks mean nothing once the reference list is apart from the text
    cls = el.get("class")
    if cls and "edit" in cls and use_classes and _is_edit_link(cls):
        return True
    if tag in PROTECTED or in_heading or not use_classes:
        return False  # a heading's words are content even when its classes look like a widget's
    cid = class_id(el)
    if not cid:
        return False
    verdict = _class_verdict(cid)
    if verdict and cls and _is_atomic(cls):
        verdict = _class_verdict(el.get("id") or "")  # generated class soup says nothing; the id may
    ident = el.get("id")
    if verdict == "unlikely" and ident and _text_derived_id(el, ident):
        verdict = _class_verdict((el.get("class") or "").strip())
    if verdict == "strong":
        return not _holds_article(el)
    return verdict == "unlikely" and not _wraps_landmark(el, in_article)


def _is_note_mark(el: etree._Element, tag: str) -> bool:
    """A citation mark as a whole superscript ("[12]", "[citation needed]"), or a footnote number
    linking to its note (Substack's ``a.footnote-anchor``, Markdown's ``sup > a[href="#fn:2"]``)."""
    text = "".join(el.itertext())
    if tag == "sup" and CITATION_MARK.match(text):
        return True
    if tag == "sup":
        el = next(el.iter("a"), el)
    return NOTE_MARK.match(text) is not None and NOTE_TARGET.match(el.get("href") or "") is not None


# Generated atomic CSS ("lh ad exu gl aiz", Medium): short letter tokens that only style, so a token
# such as "ad" in it is not an advertisement.
_ATOMIC = re.compile(r"^\s*(?:[a-z]{1,3}\d{0,2}\s+){3,}[a-z]{1,3}\d{0,2}\s*$")


@lru_cache(maxsize=4096)
def _is_atomic(cls: str) -> bool:
    return _ATOMIC.match(cls) is not None


@lru_cache(maxsize=4096)
def _is_edit_link(cls: str) -> bool:
    return EDIT_LINK.search(cls) is not None


@lru_cache(maxsize=4096)
def _class_verdict(cid: str) -> str:
    """'strong', 'unlikely' or '' for a class/id string (pages repeat the same classes a lot)."""
    if STRONG.search(cid):
        return "strong"
    return "unlikely" if UNLIKELY.search(cid) and not MAYBE.search(cid) else ""


def _is_plain_heading(el: etree._Element) -> bool:
    """A heading holding only inline content: its text is a title, protected from class rules."""
    return not any(d.tag in BLOCK_CHILDREN for d in el.iterdescendants())


def _holds_article(el: etree._Element) -> bool:
    """Page wrappers sometimes carry widget-state classes (``is-showingReadNext``): never drop those."""
    return el.find(".//article") is not None or el.find(".//h1") is not None or el.find(".//main") is not None


def _wraps_landmark(el: etree._Element, in_article: bool) -> bool:
    """Layout wrappers get classes like ``flex-wrap-footer`` or ``Layout--sidebarPosition-end``; one
    that wraps the page's <article> or <main> is a wrapper, not the footer or sidebar it names. Inside
    an article, a box holding the <h1> is the story's own header (headline and standfirst)."""
    return any(d.tag != "h1" or in_article for d in el.iter("article", "main", "h1"))


def strip_boilerplate(root: etree._Element, use_classes: bool = True) -> int:
    """Drop never-content elements in place; returns how many subtrees were removed.

    ``use_classes=False`` keeps elements whatever their class or id says (the retry when the class
    rules removed the article itself, e.g. a Blogger post inside ``<div class="widget Blog">``).
    """
    doomed: list[etree._Element] = []
    article_depth = heading_depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag in ("article", "main"):
                article_depth -= 1
            elif tag in HEADING_TAGS and _is_plain_heading(el):
                heading_depth -= 1
            continue
        if tag in ("article", "main"):
            article_depth += 1
        elif tag in HEADING_TAGS:
            if _is_plain_heading(el):
                heading_depth += 1
            else:
                tag = "div"  # a heading wrapping widgets (invalid HTML) is judged like a div
        if _should_drop(el, tag, article_depth > 0, heading_depth > 0, use_classes):
            doomed.append(el)
            walker.skip_subtree()  # its "end" event still comes and balances the depths
            if tag in MEDIA_TAGS:
                figure = next(el.iterancestors("figure"), None)
                if figure is not None:
                    figure.set(MEDIA_MARK, "1")
    for el in doomed:
        _drop(el)
    return len(doomed)


def unwrap_noscript_images(root: etree._Element) -> None:
    """Use <noscript> image fallbacks: replace a lazy placeholder before it, or unwrap it."""
    for ns in list(root.iter("noscript")):
        imgs = list(ns.iter("img"))
        if not imgs:
            _drop(ns)
            continue
        prev = ns.getprevious()
        target = prev
        if prev is not None and prev.tag != "img":
            inner = list(prev.iter("img"))
            target = inner[0] if len(inner) == 1 and len(prev) <= 2 else None
        if target is not None and target.tag == "img" and len(imgs) == 1 and awaits_script(target):
            target.getparent().replace(target, imgs[0])
            _drop(ns)
        elif any(True for _ in ns.itersiblings("img")) or any(True for _ in ns.itersiblings(preceding=True)):
            parent = ns.getparent()
            if parent is not None and any(i is not ns and i.tag == "img" for i in parent):
                _drop(ns)
            else:
                ns.drop_tag()
        else:
            ns.drop_tag()


def _text_len(s: str | None) -> int:
    return len(s.strip()) if s else 0


def compute_stats(root: etree._Element) -> Stats:
    """Text length, link text, commas and tag counts of every element's subtree, bottom-up."""
    order = [el for el in root.iter() if isinstance(el.tag, str)]
    stats: Stats = {}
    for el in reversed(order):
        own = el.text or ""
        s = [float(_text_len(own)), 0.0, float(len(_COMMAS.findall(own))), 0.0, 0.0, 0.0, 0.0, 0.0]
        for child in el:
            tail = child.tail
            if tail:
                s[TEXT] += _text_len(tail)
                s[COMMAS] += len(_COMMAS.findall(tail))
            cs = stats.get(child)
            if cs is not None:
                for i in range(8):
                    s[i] += cs[i]
        tag = el.tag
        if tag == "a":
            s[LINK] = s[TEXT]
        elif tag == "p":
            s[NP] += 1
        elif tag == "img" or tag == "picture":
            s[NIMG] += 1
        elif tag == "li":
            s[NLI] += 1
        elif tag == "input":
            s[NINPUT] += 1
        elif tag in ("embed", "object", "iframe", "video"):
            s[NEMBED] += 1
        stats[el] = s
    return stats


def link_density(stats: Stats, el: etree._Element) -> float:
    s = stats.get(el)
    if not s or s[TEXT] == 0:
        return 0.0
    return min(1.0, s[LINK] / s[TEXT])


def _is_paragraph_like(el: etree._Element) -> bool:
    """p/pre/td, or a div holding only inline content (Readability turns those into paragraphs)."""
    tag = el.tag
    if tag in PARAGRAPH_TAGS:
        return True
    if tag in ("div", "section"):
        return not any(c.tag in BLOCK_CHILDREN for c in el)
    return False


def score_candidates(root: etree._Element, stats: Stats) -> dict[etree._Element, float]:
    """Readability's content scores: each paragraph credits its parent, grandparent and beyond."""
    scores: dict[etree._Element, float] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or not _is_paragraph_like(el):
            continue
        s = stats.get(el)
        if s is None or s[TEXT] < 25:
            continue
        score = 1 + s[COMMAS] + min(s[TEXT] // 100, 3)
        for level, anc in enumerate(el.iterancestors()):
            if level >= 5 or not isinstance(anc.tag, str):
                break
            if anc not in scores:
                scores[anc] = _TAG_BASE.get(anc.tag, 0) + class_weight(anc)
            scores[anc] += score if level == 0 else score / 2 if level == 1 else score / (level * 3)
    return {el: sc * (1 - link_density(stats, el)) for el, sc in scores.items()}


def _ancestors(el: etree._Element) -> list[etree._Element]:
    return [a for a in el.iterancestors() if isinstance(a.tag, str)]


def pick_top(scores: dict[etree._Element, float]) -> etree._Element | None:
    """Best-scoring container, moved up to a shared ancestor when close runners-up sit under it."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    top, top_score = ranked[0]
    if top.tag in ("html",):
        return top
    rivals = [el for el, sc in ranked[1:6] if sc >= top_score * 0.75]
    if len(rivals) >= 2:
        for anc in _ancestors(top):
            if anc.tag in ("body", "html"):
                break
            if sum(1 for r in rivals if any(a is anc for a in _ancestors(r))) >= 2:
                top = anc
                break
    # climb while the parent scores higher (the article wraps the best div) or is a lone wrapper
    parent = top.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if scores.get(parent, float("-inf")) > scores.get(top, 0.0) * 1.0 or len(parent) == 1:
            top, parent = parent, parent.getparent()
        else:
            break
    return top


def gather(top: etree._Element, scores: dict[etree._Element, float], stats: Stats) -> list[etree._Element]:
    """The top container plus siblings that score like it or read like paragraphs, in DOM order."""
    parent = top.getparent()
    if parent is None or top.tag in ("body", "html"):
        return [top]
    top_score = scores.get(top, 0.0)
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class") or ""
    out = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            out.append(sib)
            continue
        bonus = top_score * 0.2 if top_class and sib.get("class") == top_class else 0.0
        if sib in scores and scores[sib] + bonus >= threshold:
            out.append(sib)
        elif _is_picture_block(sib, stats) and (sib.getnext() is top or sib.getprevious() is top):
            out.append(sib)  # the lead (hero) picture right before the story body, or one right after
        elif out and out[-1] is sib.getprevious() and out[-1] is not top and _is_caption(sib):
            out.append(sib)  # the caption under that picture
        elif sib.tag == "p":
            s = stats.get(sib)
            text_len = s[TEXT] if s else 0
            density = link_density(stats, sib)
            text = "".join(sib.itertext()).strip() if 0 < text_len < 80 else ""
            if (text_len >= 80 and density < 0.25) or (
                0 < text_len < 80 and density == 0 and text.endswith(".")
            ):
                out.append(sib)
    return out


def _is_picture_block(el: etree._Element, stats: Stats) -> bool:
    """A <figure>, or a block that holds images and no text (``<center><img></center>`` after the body)."""
    if el.tag == "figure":
        return True
    s = stats.get(el)
    return s is not None and s[NIMG] > 0 and s[TEXT] == 0


def _is_caption(el: etree._Element) -> bool:
    """A <figcaption>, or a box whose class says caption, holding no image of its own."""
    cls = (el.get("class") or "").lower()
    return (el.tag == "figcaption" or "caption" in cls) and el.find(".//img") is None


_CLEAN_TAGS = ("div", "section", "ul", "ol", "table", "aside", "form", "header", "footer")


def clean_conditionally(containers: Iterable[etree._Element], stats: Stats) -> int:
    """Drop link lists, share bars and widgets inside the content (Readability's conditional clean)."""
    removed = 0
    for container in containers:
        for el in list(container.iter(*_CLEAN_TAGS)):
            if el is container or el.getparent() is None or _has_dropped_ancestor(el, container):
                continue
            if _looks_like_widget(el, stats):
                el.drop_tree()
                removed += 1
    return removed


def _has_dropped_ancestor(el: etree._Element, container: etree._Element) -> bool:
    """True when an ancestor was already removed (the element is no longer under the container)."""
    return all(anc is not container for anc in el.iterancestors())


def _looks_like_widget(el: etree._Element, stats: Stats) -> bool:
    s = stats.get(el)
    if s is None:
        return False
    if any(True for _ in el.iter("figure", "pre", "code")) and s[LINK] < s[TEXT] * 0.5:
        return False
    weight = class_weight(el)
    if weight < 0 and s[NIMG] == 0:
        return True
    if s[COMMAS] >= 10:
        return False
    text, density = s[TEXT], link_density(stats, el)
    tag = el.tag
    if tag == "table" and el.find(".//th") is not None and el.find(".//table") is None:
        return False  # header cells make a data table or infobox, however linky (Readability too)
    if tag == "table" and s[NP] == 0 and density < 0.5:
        return False
    n_p, n_img, n_li = s[NP], s[NIMG], s[NLI] - 100
    if n_img and text < 50:
        return False  # an image or a gallery with a credit line: content, not a link list
    if tag not in ("ul", "ol") and n_li > n_p:
        return True
    if s[NINPUT] > n_p / 3:
        return True
    if text < 25 and n_img == 0 and s[NEMBED] == 0 and not any(True for _ in el.iter("h1", "h2", "h3", "h4")):
        return tag in ("div", "section", "ul", "ol", "form") and text > 0 and density > 0.5
    if tag in ("ul", "ol"):
        # Lists in an article are often all links (a changelog's bugs, references): Readability
        # keeps them too. A list of short link labels is a menu, not prose.
        if density > 0.9 and _short_items(el):
            return True
    elif weight < 25 and density > 0.35 and text < 2000:
        return True
    if weight >= 25 and density > 0.5:
        return True
    return (s[NEMBED] == 1 and text < 75) or s[NEMBED] > 1


def _short_items(el: etree._Element, words: int = 4) -> bool:
    """Every item of the list is a label of a few words (a menu or tag cloud), not a bare URL."""
    items = [" ".join("".join(li.itertext()).split()) for li in el.iter("li") if li.find(".//li") is None]
    return bool(items) and all(len(t.split()) <= words and "://" not in t for t in items)


def main_content(root: etree._Element) -> list[etree._Element]:
    """The elements holding the article, in DOM order; the whole body when nothing scores."""
    stats = compute_stats(root)
    scores = score_candidates(root, stats)
    top = pick_top(scores)
    if top is None:
        body = root.find("body")
        return [body if body is not None else root]
    containers = gather(top, scores, stats)
    clean_conditionally(containers, stats)
    return containers
