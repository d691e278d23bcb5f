"""Links of an HTML page for the crawler: hrefs resolved to absolute URLs, canonical, robots meta.

Kept apart from parsers/html.py because the crawler needs only the link graph (cheap, every
page) while the document parse is the expensive part; the core cannot import lxml itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from docbuild.errors import ParseError

# Elements whose href leads to another page or document worth crawling.
_HREF_XPATH = "//a[@href] | //area[@href]"


@dataclass(frozen=True)
class PageLinks:
    """Absolute http(s) links in document order (deduplicated), the canonical URL and meta robots."""

    links: tuple[str, ...]
    canonical: str | None = None
    nofollow: bool = False
    noindex: bool = False


def extract_links(html: bytes, url: str) -> PageLinks:
    """Links of ``html`` fetched from ``url``; relative hrefs resolve against ``<base href>`` or ``url``."""
    import lxml.etree
    import lxml.html

    if not html.strip():
        return PageLinks(())
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(url, f"cannot read HTML for links: {exc}") from exc
    base = url
    for href in root.xpath("//base/@href"):
        base = urljoin(url, str(href).strip())
        break
    robots = " ".join(
        str(c) for c in root.xpath("//meta[translate(@name,'ROBTS','robts')='robots']/@content")
    )
    robots = robots.lower()
    links: dict[str, None] = {}
    for el in root.xpath(_HREF_XPATH):
        if "nofollow" in (el.get("rel") or "").lower():
            continue
        absolute = _absolute(base, el.get("href"))
        if absolute is not None:
            links.setdefault(absolute, None)
    canonical = None
    for el in root.xpath("//link[@href]"):
        if "canonical" in (el.get("rel") or "").lower().split():
            canonical = _absolute(base, el.get("href"))
            break
    return PageLinks(tuple(links), canonical, "nofollow" in robots or "none" in robots, "noindex" in robots)


def _absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base`` when it points to an http(s) resource."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:  # e.g. an invalid IPv6 literal
        return None
    return absolute if scheme in ("http", "https") else None
