"""Images of a web page: which URL an <img>/<picture> really shows, data: URIs, and what to drop.

Lazy-load attributes and <picture>/srcset candidates are resolved against the page's base
URL with ``urljoin``; tracking pixels, spacers, icons and avatars are filtered by size
attributes and URL patterns; ``data:`` URIs are decoded and checked for decompression bombs.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes, urljoin

from lxml import etree

# Attributes lazy-loading scripts read the real URL from, most specific first.
LAZY_SRC_ATTRS = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-original-src",
    "data-actualsrc",
    "data-echo",
    "data-img-src",
    "data-image",
    "data-orig-file",
)
# Lazy attributes also used for other things (a link target, a JSON blob): they never override a src.
_GENERIC_DATA_ATTRS = frozenset({"data-url", "data-image"})
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "data-original-set")
_IMAGE_EXT = re.compile(r"\.(jpe?g|png|gif|webp|avif|bmp|svg|tiff?)(\?|#|$)", re.I)
_PLACEHOLDER = re.compile(
    r"placeholder|blank\.gif|spacer|transparent\.(gif|png)|/1x1\.|lazy[-_]?load|loading\.gif", re.I
)
_DECORATION = re.compile(
    r"(^|[/_.\-])(pixel|tracking|tracker|beacon|spacer|sprite|icons?|emoji|emoticon|avatars?|gravatar|"
    r"badge|feed-?icon|share|social|rss|1x1|blank|clear)([/_.\-]|\d|$)|doubleclick\.net|/ads?/|"
    r"shields\.io/|badgen\.net/|facebook\.com/tr|google-analytics|scorecardresearch|quantserve|"
    r"statcounter\.com|/b\.gif|/pixel\.|"
    r"/(hit-?)?counters?(\.(cgi|php|pl|aspx?)|/)",  # visitor counters (not "kitchen-counter.jpg")
    re.I,
)
_DECORATION_CLASS = re.compile(
    r"avatar|icon|emoji|logo|badge|sprite|author-photo|profile-?pic|gravatar", re.I
)
# Classes of the image's ancestors that mark it as a person's picture next to a byline.
_AUTHOR_CLASS = re.compile(r"avatar|author|byline|profile-?(pic|photo|image)|gravatar", re.I)
# Class tokens of video players: an image inside one is the poster of a video we do not output.
_PLAYER_TOKEN = re.compile(
    r"^(embedded)?video([-_]?(container|player|wrapper|embed|poster|thumb(nail)?))?$|^(media|video)-?player$|"
    r"^vjs-poster$|^video-js$",
    re.I,
)
# Display size a resizing CDN encodes in the URL: ?thumbnail=130,87 / resize=980x640 / /170x96/.
_URL_SIZE = re.compile(
    r"[?&](?:thumbnail|resize|size|dims?)=(\d{2,4})(?:%2C|,|x)(\d{2,4})\b|/(\d{2,4})x(\d{2,4})/", re.I
)
ICON_FACTOR = 1.5  # both sides <= 1.5 x min_image_side (48 px by default): icons, avatars, logos
DIVIDER_RATIO = 8.0  # wider than 8:1 (or taller than 1:8) and thin: rules and dividers
CONTROL_MAX_SIDE = 300  # an image alone in a script/fragment link and smaller than this is a button
_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)([wxh])\b")
MAX_DATA_URI_BYTES = 16 << 20
MAX_IMAGE_PIXELS = 64_000_000


class ImageRejected(Exception):
    """An image found on the page that must not reach the output (bomb, undecodable data URI)."""


@dataclass
class ImageRef:
    """One image as the page shows it: the chosen URL, all URLs offered for it, and attributes."""

    url: str
    candidates: list[str] = field(default_factory=list)
    alt: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None
    data: bytes | None = None
    mime: str | None = None
    element_id: str | None = None


def _int_attr(value: str | None) -> int | None:
    """Pixel size from a width/height attribute ("640", "640px"); None for "100%", "0" or junk.

    A zero is what templates write when they do not know the size (``height="0"`` with a real
    width), so it means unknown, not a one-pixel tracker.
    """
    if not value:
        return None
    m = re.match(r"\s*(\d{1,6})(?:\.\d+)?\s*(px)?\s*$", value)
    return (int(m.group(1)) or None) if m else None


def url_size(url: str) -> tuple[int | None, int | None]:
    """(width, height) a resizing CDN's URL asks for, or (None, None)."""
    m = _URL_SIZE.search(url)
    if not m:
        return None, None
    w, h = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return int(w), int(h)


def parse_srcset(value: str) -> list[tuple[str, float, str]]:
    """(url, number, unit) triples of a srcset, split as the HTML spec does (URLs may hold commas)."""
    out: list[tuple[str, float, str]] = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = n if end < 0 else end
            descriptor, pos = value[pos:end].strip(), end + 1
        if not url:
            continue
        m = _DESCRIPTOR.match(descriptor)
        out.append((url, float(m.group(1)), m.group(2)) if m else (url, 1.0, ""))
    return out


def largest(candidates: list[tuple[str, float, str]]) -> str | None:
    """The largest srcset candidate: widest "w" one, else highest density, else the first."""
    widths = [c for c in candidates if c[2] in ("w", "h")]
    pool = widths or [c for c in candidates if c[2] == "x"] or candidates
    return max(pool, key=lambda c: c[1])[0] if pool else None


def _is_placeholder(src: str | None) -> bool:
    """True for a missing src, a tiny data: GIF or a lazy-loading placeholder file."""
    if not src or not src.strip():
        return True
    s = src.strip()
    if s.startswith("data:"):
        return len(s) < 200 and not s.startswith("data:image/svg")
    return bool(_PLACEHOLDER.search(s))


def awaits_script(img: etree._Element) -> bool:
    """An <img> a lazy loader still has to fill: a placeholder or data: src, or lazy attributes."""
    src = (img.get("src") or "").strip()
    if _is_placeholder(src) or src.startswith("data:"):
        return True
    return any(img.get(a) for a in LAZY_SRC_ATTRS) or any(img.get(a) for a in LAZY_SRCSET_ATTRS)


def _lazy_values(img: etree._Element, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Values of the dedicated lazy-loading attributes, most specific first (JSON blobs left out)."""
    for attr in LAZY_SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if attr not in skip and value and not value.startswith("{"):
            yield value


def _lazy_src(img: etree._Element) -> str | None:
    """The real URL a lazy-loading script would put into src, if any attribute holds one."""
    value = next(_lazy_values(img), None)
    if value is not None:
        return value
    for name, value in img.attrib.items():
        if name.startswith("data-") and value and _IMAGE_EXT.search(value) and " " not in value.strip():
            return value.strip()
    return None


def _lazy_override(img: etree._Element) -> str | None:
    """The URL a lazy-loading script swaps in over a real-looking ``src`` (jQuery lazyload's grey.gif,
    a low-resolution preview): the dedicated lazy attributes always win once the script runs."""
    values = _lazy_values(img, skip=_GENERIC_DATA_ATTRS)
    return next((v for v in values if _IMAGE_EXT.search(v) or "/" in v), None)


def _srcsets(img: etree._Element) -> list[str]:
    """Every srcset offered for this <img>: its own, lazy variants, and sibling <source>s."""
    sets = [img.get(a) for a in ("srcset", *LAZY_SRCSET_ATTRS)]
    # libxml2 does not know <source> is void, so the <img> ends up inside every <source> before it
    picture = None
    for ancestor in img.iterancestors():
        if ancestor.tag == "picture":
            picture = ancestor
        if ancestor.tag != "source":
            break
    if picture is not None:
        for source in picture.iter("source"):
            media = source.get("type") or ""
            if media and not media.startswith("image/"):
                continue
            sets.extend(source.get(a) for a in ("srcset", *LAZY_SRCSET_ATTRS))
    return [s for s in sets if s and s.strip()]


def join_url(base: str | None, url: str) -> str:
    """Absolute URL of ``url`` on a page at ``base`` (kept as is when there is no base)."""
    url = url.strip()
    if url.startswith("//") and not base:
        return "https:" + url
    if not base or url.startswith("data:"):
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def resolve_img(img: etree._Element, base: str | None) -> ImageRef | None:
    """The image an <img> element shows once lazy-loading ran, with the largest candidate chosen."""
    src = img.get("src")
    if _is_placeholder(src):
        src = _lazy_src(img) or (src if src and src.strip().startswith("data:") else None)
    else:
        src = _lazy_override(img) or src
    offered: list[tuple[str, float, str]] = []
    for s in _srcsets(img):
        offered.extend(parse_srcset(s))
    urls: list[str] = []
    if src and (src.startswith("data:") or not _is_placeholder(src)):
        urls.append(join_url(base, src))
    for url, _, _ in offered:
        u = join_url(base, url)
        if u not in urls:
            urls.append(u)
    if not urls:
        return None
    best = largest(offered)
    chosen = join_url(base, best) if best is not None else urls[0]
    return ImageRef(
        url=chosen,
        candidates=urls,
        alt=(img.get("alt") or "").strip() or None,
        title=(img.get("title") or "").strip() or None,
        width=_int_attr(img.get("width") or img.get("data-width")),
        height=_int_attr(img.get("height") or img.get("data-height")),
        element_id=img.get("id"),
    )


def decoration(ref: ImageRef, img: etree._Element, min_side: int) -> str | None:
    """Why an image is decoration (pixel, icon, divider, avatar, button, video poster), or None.

    Sizes come from the width/height attributes, else from a resizing CDN's URL; an unknown side
    never makes an image small. The rules are by shape and place, not by site. The reason is named
    so that a run keeping decorations (``keep_decorations``) can mark them for a later filter.
    """
    w, h = ref.width, ref.height
    if w is None and h is None:
        w, h = url_size(ref.url)
    if (w is not None and w <= 2) or (h is not None and h <= 2):
        return "pixel"  # a 1x1 pixel, or a 1-px line whatever its length
    if w is not None and h is not None:
        if (w < min_side and h < min_side) or max(w, h) <= ICON_FACTOR * min_side:
            return "icon"
        if max(w, h) > DIVIDER_RATIO * min(w, h) and min(w, h) <= ICON_FACTOR * min_side:
            return "divider"  # a thin rule (a wide table screenshot is thin too, but tall)
    if not ref.url.startswith("data:") and _DECORATION.search(ref.url.split("?", 1)[0]):
        return "url"
    origin = img.get("data-canonical-src")  # the image an image proxy (GitHub's camo) stands in for
    if origin and _DECORATION.search(origin.split("?", 1)[0]):
        return "url"
    cls = " ".join(filter(None, (img.get("class"), img.get("id"))))
    if cls and _DECORATION_CLASS.search(cls) and (w is None or w < 200):
        return "class"
    return _decoration_by_place(img, w, h)


def _decoration_by_place(img: etree._Element, w: int | None, h: int | None) -> str | None:
    """A video's poster, a picture beside a byline, or a button in a script link."""
    small = w is not None and h is not None and max(w, h) < CONTROL_MAX_SIDE
    for depth, anc in enumerate(img.iterancestors()):
        if depth >= 6 or anc.tag in ("article", "main", "body"):
            break
        anc_cls = anc.get("class") or ""
        if anc_cls and any(_PLAYER_TOKEN.match(t) for t in anc_cls.split()):
            return "video poster"
        if depth < 3 and anc_cls and (w is None or w < 200) and _AUTHOR_CLASS.search(anc_cls):
            return "author picture"
        if anc.tag == "a" and small and _is_control_link(anc):
            return "button"
    return None


def _is_control_link(a: etree._Element) -> bool:
    """A link that runs a script or stays on the page (gallery pager, "back" button) and has no text."""
    href = (a.get("href") or "").strip().lower()
    if href and not href.startswith(("javascript:", "#")):
        return False
    return not "".join(a.itertext()).strip()


def decode_data_uri(uri: str, keep_svg: bool) -> tuple[bytes, str] | None:
    """(bytes, mime) of a data: URI; None for SVG when SVG is not kept; raises on junk."""
    head, sep, payload = uri.partition(",")
    if not sep:
        raise ImageRejected("data: URI without a comma")
    if len(payload) > MAX_DATA_URI_BYTES * 4 // 3 + 4:
        raise ImageRejected(f"data: URI larger than {MAX_DATA_URI_BYTES >> 20} MB")
    parts = head[5:].split(";")
    mime = (parts[0] or "text/plain").strip().lower()
    if not mime.startswith("image/"):
        raise ImageRejected(f"data: URI of type {mime!r} is not an image")
    if mime == "image/svg+xml" and not keep_svg:
        return None
    try:
        if "base64" in (p.strip().lower() for p in parts[1:]):
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise ImageRejected(f"undecodable data: URI ({exc})") from exc
    return data, mime


def check_raster(data: bytes) -> tuple[int, int]:
    """Size of an encoded raster image read from its header; rejects bombs and non-images."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
    except Image.DecompressionBombError as exc:
        raise ImageRejected(f"decompression bomb ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"not a decodable image ({type(exc).__name__})") from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageRejected(f"decompression bomb: {width}x{height} pixels exceeds {MAX_IMAGE_PIXELS}")
    return width, height
