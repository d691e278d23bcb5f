"""HTML page -> Document: decode, parse with lxml, read metadata, keep the article, walk it.

Example::

    from docbuild.options import HtmlOptions
    from docbuild.sources import Source
    from parsers.html import parse

    doc = parse(Source("page.html", "html", path=Path("page.html")), HtmlOptions(base_url="https://x.org/a"))
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import lxml.html
from lxml import etree

from docbuild.errors import EmptyInput, ParseError
from docbuild.model import Document, Node, NodeType
from docbuild.options import HtmlOptions
from docbuild.sources import Source
from parsers.html.byline import drop_bylines
from parsers.html.composer import drop_composers
from parsers.html.content import main_content, strip_boilerplate, unwrap_noscript_images
from parsers.html.decode import decode_html
from parsers.html.images import join_url, resolve_img
from parsers.html.title import (
    drop_entry_labels,
    drop_kickers,
    find_title_heading,
    heading_text,
    inside,
    title_variants,
)
from parsers.html.walk import Walker, collapse, walk

_DATE_PROPS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_REPEAT_LIMIT = 3
# Readability's retry: when the class/id rules leave less main content than this, the page's
# article probably sat in a wrapper named like a widget; parse again without those rules.
RETRY_CHARS = 500
RELATIVE_WARNING = "relative image URLs: pass --base-url"


def _parser() -> etree.HTMLParser:
    """lxml.html's parser: its elements know drop_tree/drop_tag, which keep tail text."""
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


def parse_tree(text: str, location: str) -> etree._Element:
    """lxml tree of the page text; EmptyInput for a page with no elements."""
    if not text.strip():
        raise EmptyInput(location, "page has no content")
    try:
        root = etree.fromstring(text, _parser())
    except etree.XMLSyntaxError as exc:  # lxml's HTML parser only fails on hopeless input
        raise ParseError(location, f"unparseable HTML: {exc}") from exc
    except ValueError as exc:
        raise ParseError(location, f"unparseable HTML: {exc}") from exc
    if root is None:
        raise EmptyInput(location, "page has no HTML elements")
    return root


def _meta_tags(root: etree._Element) -> dict[str, str]:
    """<meta name|property|itemprop=... content=...> values, keys lower-cased, first one wins."""
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        value = m.get("content")
        if key and value and key.lower() not in out:
            out[key.lower()] = value.strip()
    return out


def _link(root: etree._Element, rel: str) -> str | None:
    for link in root.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href", "").strip() or None
    return None


def _date(root: etree._Element, metas: dict[str, str]) -> str | None:
    """Publication date the page states: meta tags, JSON-LD, then the first <time datetime>."""
    for key in _DATE_PROPS:
        if metas.get(key):
            return metas[key]
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            m = _LD_DATE.search(script.text)
            if m:
                return m.group(1)
    for t in root.iter("time"):
        if t.get("datetime"):
            return t.get("datetime")
    return None


def page_metadata(root: etree._Element, source: Source, options: HtmlOptions) -> dict[str, Any]:
    """url, canonical_url, title, lang, date, description … as the page states them."""
    metas = _meta_tags(root)
    title_el = root.find(".//title")
    title = metas.get("og:title") or (
        collapse("".join(title_el.itertext())) if title_el is not None else None
    )
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    lang = lang or metas.get("content-language") or metas.get("og:locale") or metas.get("language")
    fetched = source.meta.get("url") or options.base_url
    canonical = _link(root, "canonical") or metas.get("og:url")
    if canonical:
        canonical = join_url(fetched, canonical)
    out: dict[str, Any] = {
        "url": fetched or canonical,
        "canonical_url": canonical,
        "title": title or None,
        "lang": lang.strip().replace("_", "-") if lang else None,
        "date": _date(root, metas),
        "description": metas.get("og:description") or metas.get("description"),
        "author": metas.get("author") or metas.get("article:author"),
        "site_name": metas.get("og:site_name"),
    }
    image = metas.get("og:image")
    if image:
        out["og_image"] = join_url(fetched or canonical, image)
    return out


def base_url(root: etree._Element, page_url: str | None) -> str | None:
    """URL relative links resolve against: <base href> joined onto the page's own URL."""
    base_el = root.find(".//base[@href]")
    href = base_el.get("href", "").strip() if base_el is not None else ""
    if href:
        return join_url(page_url, href) if page_url else href if "://" in href else None
    return page_url


def _repeated_images(root: etree._Element, base: str | None) -> set[str]:
    """Image URLs shown 3+ times on the page: bullets, separators, share icons, not content."""
    counts: Counter[str] = Counter()
    for img in root.iter("img"):
        ref = resolve_img(img, base)
        if ref is not None and not ref.url.startswith("data:"):
            counts[ref.url] += 1
    return {url for url, n in counts.items() if n >= _REPEAT_LIMIT}


def _mark_relative_images(nodes: list[Node], warnings: list[str]) -> list[Node]:
    """Flag image paths left relative (no page URL, no --base-url) instead of inventing a host.

    docs/format.md promises absolute URLs; a consumer must be able to tell the ones we could not
    resolve, so they carry ``url_resolved: false`` and the document a warning.
    """
    out = []
    for node in nodes:
        path = node.image.path if node.image is not None else None
        if path and "://" not in path and not path.startswith("data:"):
            node = node.with_meta(url_resolved=False)
            if RELATIVE_WARNING not in warnings:
                warnings.append(RELATIVE_WARNING)
        out.append(node)
    return out


def _title_heading(root: etree._Element, meta: dict[str, Any]) -> etree._Element | None:
    """The heading that carries the page's og:title or <title>, looked up before boilerplate removal."""
    title_el = root.find(".//title")
    titles = [meta["title"], "".join(title_el.itertext()) if title_el is not None else None]
    return find_title_heading(root, title_variants(titles, meta["site_name"]))


def _open_with_title(title_el: etree._Element | None, containers: list[etree._Element], w: Walker) -> None:
    """Emit the title heading first when it sits outside the content (a header above the body)."""
    if title_el is None or inside(title_el, containers):
        return
    text = heading_text(title_el)
    level = int(title_el.tag[1]) if title_el.tag in ("h1", "h2", "h3") else 1
    w.nodes.append(Node(type=NodeType.HEADING, id=w.next_id(), text=text, meta={"level": level}))
    w.seen_texts.add(text)


def _content(
    root: etree._Element, meta: dict[str, Any], base: str | None, use_classes: bool
) -> tuple[set[str], etree._Element | None, list[etree._Element]]:
    """Repeated images, title heading and main-content containers of a freshly parsed tree."""
    repeated = _repeated_images(root, base)
    title_el = _title_heading(root, meta)
    unwrap_noscript_images(root)
    drop_composers(root)
    drop_entry_labels(root)
    strip_boilerplate(root, use_classes)
    containers = main_content(root)
    drop_kickers(containers)
    drop_bylines(containers)
    return repeated, title_el, containers


def _text_chars(containers: list[etree._Element]) -> int:
    return sum(len("".join(c.itertext()).strip()) for c in containers)


def parse(source: Source, options: HtmlOptions) -> Document:
    """Interleaved text/image nodes of a web page's main content, in DOM order."""
    raw = source.read_bytes()
    if not raw.strip():
        raise EmptyInput(source.location, "page is empty")
    content_type = source.meta.get("content_type") or source.meta.get("http_content_type")
    text, encoding = decode_html(raw, content_type)
    root = parse_tree(text, source.location)
    meta = page_metadata(root, source, options)
    page_url = meta["url"] or meta["canonical_url"]
    base = base_url(root, page_url)
    repeated, title_el, containers = _content(root, meta, base, use_classes=True)
    if _text_chars(containers) < RETRY_CHARS:
        retry = _content(parse_tree(text, source.location), meta, base, use_classes=False)
        if _text_chars(retry[2]) > _text_chars(containers):
            repeated, title_el, containers = retry
    w = Walker(options=options, base=base, repeated=repeated)
    _open_with_title(title_el, containers, w)
    walk(containers, w)
    nodes = _mark_relative_images(w.nodes, w.warnings)
    meta["encoding"] = encoding
    return Document(
        id=source.sha256,
        source=source.location,
        format="html",
        nodes=tuple(nodes),
        meta=meta,
        warnings=tuple(dict.fromkeys(w.warnings)),
    )
