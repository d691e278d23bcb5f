"""Walk the main-content elements in DOM order and emit typed nodes (text, figures, tables).

Iterative (lxml ``iterwalk``), so a page nested 100 000 deep cannot exhaust the Python stack;
elements deeper than ``HtmlOptions.max_depth`` are skipped with a warning.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from docbuild.model import ImageData, Node, NodeType
from docbuild.options import HtmlOptions
from parsers.html.byline import is_byline_line, is_dateline, mark_kind
from parsers.html.chrome import is_button_link, is_chrome, is_counter, trim_link_row
from parsers.html.content import MEDIA_MARK
from parsers.html.images import (
    ImageRef,
    ImageRejected,
    check_raster,
    decode_data_uri,
    decoration,
    join_url,
    resolve_img,
)
from parsers.html.tables import cell_text, is_data_table, leading_int, table_rows, to_markdown

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "fieldset",
        "form",
        "body",
        "html",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "menu",
    ]
)
_LABEL = re.compile(
    r"^\s*((?:fig(?:ure)?|table|chart|image|photo|plate|abb(?:ildung)?)\.?\s*[0-9]+[a-z]?)", re.I
)
_WS = re.compile(r"\s+")
# A shortened copy's ending: "… at ...", "… at … more", "… Read more".
_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)\s*(?:(?:read|see|show)\s+)?(?:more)?\s*$", re.I)
_PREVIEW = re.compile(r"[?&]q=[0-9]{1,2}(&|$)|/max/[0-9]{1,2}/|lqip|[-_]blur|placeholder|low-?res", re.I)


def collapse(text: str) -> str:
    """Whitespace runs to single spaces, trimmed."""
    return _WS.sub(" ", text).strip()


class TextBuffer:
    """Inline text of one block, whitespace collapsed as it arrives so anchor offsets stay exact."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.space = True  # at the start, leading whitespace is dropped
        self.anchors: list[dict[str, Any]] = []
        self.marks: list[tuple[str, int, int]] = []  # ("time" | "author", start, end) of marked elements

    def add(self, text: str | None) -> None:
        if not text:
            return
        for i, piece in enumerate(_WS.split(text)):
            if i > 0 and not self.space:
                self.parts.append(" ")
                self.length += 1
                self.space = True
            if piece:
                self.parts.append(piece)
                self.length += len(piece)
                self.space = False

    def text(self) -> str:
        out = "".join(self.parts)
        return out[:-1] if out.endswith(" ") else out

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


@dataclass
class Walker:
    """State of one page walk: options, base URL, emitted nodes and repaired problems."""

    options: HtmlOptions
    base: str | None
    repeated: set[str]
    nodes: list[Node] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seen_images: set[str] = field(default_factory=set)
    seen_texts: set[str] = field(default_factory=set)
    held: list[etree._Element] = field(default_factory=list)
    buf: TextBuffer = field(default_factory=TextBuffer)
    context: list[tuple[NodeType, dict[str, Any]]] = field(default_factory=list)
    open_anchors: list[tuple[int, str]] = field(default_factory=list)
    open_marks: list[tuple[str, int, etree._Element]] = field(default_factory=list)
    refs: dict[etree._Element, ImageRef | None] = field(default_factory=dict)

    def next_id(self) -> str:
        return f"n{len(self.nodes)}"

    # ----------------------------------------------------------------- text
    def flush(self, opening: bool = False) -> None:
        """Turn the buffered inline text into a node of the innermost block's type.

        ``opening`` when a nested block starts: a list item's date then heads a nested list
        (a changelog's "March 3, 2023") and stays, as a paragraph; a date that is the whole item goes.
        """
        text = self.buf.text()
        if text:
            ntype, extra = self.context[-1] if self.context else (NodeType.PARAGRAPH, {})
            meta: dict[str, Any] = dict(extra)
            anchors = [a for a in self.buf.anchors if a["end"] > a["start"] and a["start"] < len(text)]
            for a in anchors:
                a["end"] = min(a["end"], len(text))
            if anchors:
                text, anchors = trim_link_row(text, anchors)
                meta["anchors"] = anchors
            if ntype in (NodeType.PARAGRAPH, NodeType.LIST_ITEM) and is_counter(text):
                text = ""  # "+10" on a gallery, "14" photos: a counter, not text
            elif ntype is NodeType.PARAGRAPH and not any(ch.isalnum() for ch in text):
                text = ""  # no letter or digit in any script: an icon ("💡") or a separator ("* * *")
            elif ntype is NodeType.LIST_ITEM and opening and is_dateline(text):
                ntype, meta = NodeType.PARAGRAPH, {k: v for k, v in meta.items() if k == "anchors"}
            elif ntype in (NodeType.PARAGRAPH, NodeType.LIST_ITEM) and is_dateline(text):
                text = ""  # a dateline block is page metadata (the date is read from the meta tags)
            elif ntype is NodeType.PARAGRAPH and is_byline_line(text, self.buf.marks):
                text = ""
            if text and not is_chrome(text, anchors) and not self._is_repeat(text):
                self.seen_texts.add(text)  # slideshows repeat captions; keep the first copy only
                self.nodes.append(Node(type=ntype, id=self.next_id(), text=text, meta=meta))
        self._reset_buffer()
        self._emit_held()

    def hold_image(self, img: etree._Element) -> None:
        """Keep a decoration image met inside running text for after its text block.

        Emitting it at once would split the paragraph (a spacer between links, a smiley in a
        sentence); only runs that keep decorations hold them, the others drop them.
        """
        if self.options.keep_decorations:
            self.held.append(img)

    def _emit_held(self) -> None:
        held, self.held = self.held, []
        for img in held:
            self.emit_images(img, None, element_ids(img))

    def _reset_buffer(self) -> None:
        """Empty the buffer; links and marked elements still open go on in the next block."""
        self.buf.reset()
        self.open_anchors = [(0, href) for _, href in self.open_anchors]
        self.open_marks = [(kind, 0, el) for kind, _, el in self.open_marks]

    def mark_start(self, el: etree._Element, kind: str) -> None:
        self.open_marks.append((kind, self.buf.length, el))

    def mark_end(self, el: etree._Element) -> None:
        if self.open_marks and self.open_marks[-1][2] is el:
            kind, start, _ = self.open_marks.pop()
            self.buf.marks.append((kind, start, self.buf.length))

    def _is_repeat(self, text: str) -> bool:
        """A text already emitted, or its shortened copy (a caption's truncated twin, a teaser)."""
        if len(text) >= 20 and text in self.seen_texts:
            return True
        if "..." not in text[-16:] and "…" not in text[-16:]:
            return False
        m = _TRUNCATED.search(text)
        if m is None or m.start() < 20:
            return False
        stem = text[: m.start()].rstrip()
        return any(len(seen) > len(stem) and seen.startswith(stem) for seen in self.seen_texts)

    def anchor_start(self, el: etree._Element) -> None:
        href = (el.get("href") or "").strip()
        if href and not href.lower().startswith("javascript:"):
            href = href if href.startswith("#") else join_url(self.base, href)
            self.open_anchors.append((self.buf.length, href))
        else:
            self.open_anchors.append((-1, ""))

    def anchor_end(self) -> None:
        if not self.open_anchors:
            return
        start, href = self.open_anchors.pop()
        if start < 0:
            return
        end = self.buf.length - (1 if self.buf.space and self.buf.length > start else 0)
        if end > start:
            # skip the separating space the anchor's text may start with
            text = "".join(self.buf.parts)
            while start < end and text[start : start + 1] == " ":
                start += 1
            self.buf.anchors.append({"start": start, "end": end, "href": href})

    # ----------------------------------------------------------------- images
    def image_node(
        self, ref: ImageRef, el: etree._Element, caption: str | None, html_ids: list[str]
    ) -> Node | None:
        """A FIGURE node for an image, or None when it is decoration, a repeat or rejected.

        With ``keep_decorations`` decoration and repeats are kept, named in ``meta["decoration"]``,
        for pipelines that filter images after downloading them.
        """
        reason = self.decoration(ref, el)
        if ref.url in self.seen_images:
            reason = reason or "repeat"
        keep = self.options.keep_decorations
        if reason and not keep:
            return None
        data, mime, width, height = None, None, ref.width, ref.height
        if ref.url.startswith("data:"):
            try:
                decoded = decode_data_uri(ref.url, self.options.keep_svg)
                if decoded is None:
                    return None
                data, mime = decoded
                if mime != "image/svg+xml":
                    width, height = check_raster(data)
                    reason = reason or self._small_raster(width, height)
                    if reason and not keep:
                        return None
            except ImageRejected as exc:
                self.warnings.append(f"image dropped: {exc}")
                return None
        self.seen_images.add(ref.url)
        meta: dict[str, Any] = {"alt": ref.alt, "src": None if data is not None else ref.url}
        if ref.title:
            meta["title"] = ref.title
        if len(ref.candidates) > 1:
            meta["src_candidates"] = ref.candidates
        if ref.element_id and ref.element_id not in html_ids:
            html_ids = [*html_ids, ref.element_id]
        meta["html_ids"] = html_ids
        meta["attr_width"], meta["attr_height"] = ref.width, ref.height
        if reason:
            meta["decoration"] = reason
        image = ImageData(
            data=data, path=None if data is not None else ref.url, mime=mime, width=width, height=height
        )
        label = _label(caption)
        return Node(
            type=NodeType.FIGURE, id=self.next_id(), image=image, caption=caption, label=label, meta=meta
        )

    def svg_node(self, el: etree._Element, html_ids: list[str]) -> Node | None:
        """Inline <svg> kept as SVG bytes when options.keep_svg, unless it is icon-sized."""
        if not self.options.keep_svg:
            return None
        w = leading_int(el.get("width"))
        h = leading_int(el.get("height"))
        if w is not None and h is not None and max(w, h) < self.options.min_image_side:
            return None
        data = etree.tostring(el, encoding="utf-8")
        if len(data) < 200:
            return None
        image = ImageData(data=data, mime="image/svg+xml", width=w, height=h)
        return Node(type=NodeType.FIGURE, id=self.next_id(), image=image, meta={"html_ids": html_ids})

    def resolve(self, img: etree._Element) -> ImageRef | None:
        """resolve_img once per element (the spacer test and the figure both need it)."""
        if img not in self.refs:
            self.refs[img] = resolve_img(img, self.base)
        return self.refs[img]

    def is_hidden_image(self, img: etree._Element) -> bool:
        """An <img> that yields no figure by URL, size or place (spacer, pixel, icon, repeat).

        Such an image must not split the text around it: a row of links with spacer GIFs between
        them is one link row (menu chrome), not one paragraph per link.
        """
        ref = self.resolve(img)
        if ref is None or ref.url.startswith("data:"):
            return ref is None
        return self.decoration(ref, img) is not None

    def decoration(self, ref: ImageRef, img: etree._Element) -> str | None:
        """Why an image is not content: its size, URL or place, or its repetition across the site."""
        reason = decoration(ref, img, self.options.min_image_side)
        return reason or ("repeated" if ref.url in self.repeated else None)

    def _small_raster(self, width: int, height: int) -> str | None:
        """A decoded data: image too small to be content."""
        if min(width, height) <= 2:
            return "pixel"
        return "icon" if max(width, height) < self.options.min_image_side else None

    def emit_images(self, el: etree._Element, caption: str | None, html_ids: list[str]) -> list[Node]:
        """Figures for every image in ``el`` (itself included), in DOM order.

        Low-resolution previews (blur-up placeholders) are skipped when the same element also
        holds the real image, as Medium-style lazy loading does.
        """
        out: list[Node] = []
        imgs = list(el.iter("img", "svg", "{http://www.w3.org/2000/svg}svg"))
        refs = {id(i): self.resolve(i) for i in imgs if i.tag == "img"}
        full = [r for r in refs.values() if r is not None and not _PREVIEW.search(r.url)]
        for img in imgs:
            if img.tag == "img":
                ref = refs[id(img)]
                if ref is not None and full and _PREVIEW.search(ref.url):
                    continue
                node = self.image_node(ref, img, caption, html_ids) if ref is not None else None
            else:
                if any(a.tag in ("svg", "{http://www.w3.org/2000/svg}svg") for a in img.iterancestors()):
                    continue
                node = self.svg_node(img, html_ids)
            if node is not None:
                self.nodes.append(node)
                out.append(node)
        return out


def _label(caption: str | None) -> str | None:
    if not caption:
        return None
    m = _LABEL.match(caption)
    return collapse(m.group(1)) if m else None


def element_ids(el: etree._Element) -> list[str]:
    """Ids a fragment link could target for this element: its own, inner ones, lone wrappers'."""
    ids = [e.get("id") or e.get("name") for e in el.iter() if isinstance(e.tag, str)]
    out = [i for i in ids if i]
    parent = el.getparent()
    while parent is not None and len(parent) == 1 and not (parent.text or "").strip():
        if parent.get("id"):
            out.append(parent.get("id"))
        if parent.tag in ("body", "article", "main", "section"):
            break
        parent = parent.getparent()
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------- walk
def _block_context(el: etree._Element, tag: str, walker: Walker) -> tuple[NodeType, dict[str, Any]]:
    """Node type (and meta) that text directly inside this block gets."""
    outer = walker.context[-1] if walker.context else (NodeType.PARAGRAPH, {})
    if tag in HEADINGS:
        return NodeType.HEADING, {"level": HEADINGS[tag]}
    if tag == "li":
        parent = el.getparent()
        depth = sum(1 for _ in el.iterancestors("ul", "ol"))
        return NodeType.LIST_ITEM, {"ordered": parent is not None and parent.tag == "ol", "depth": depth}
    if tag == "blockquote":
        return NodeType.QUOTE, {}
    if tag == "figcaption":
        # figures with an image are consumed whole by _emit_figure: a figcaption reached here has
        # no image to caption, so its text (if any survives) is an ordinary paragraph
        return NodeType.PARAGRAPH, {}
    if outer[0] in (NodeType.QUOTE, NodeType.LIST_ITEM, NodeType.CAPTION):
        return outer
    return NodeType.PARAGRAPH, {}


def _emit_pre(el: etree._Element, w: Walker) -> None:
    text = "".join(el.itertext()).strip("\n")
    if text.strip():
        lang = None
        code = el.find("code")
        cls = (code.get("class") if code is not None else el.get("class")) or ""
        m = re.search(r"(?:language|lang)-([\w+#-]+)", cls)
        lang = m.group(1) if m else None
        meta = {"language": lang} if lang else {}
        w.nodes.append(Node(type=NodeType.CODE, id=w.next_id(), text=text, meta=meta))


def _emit_table(el: etree._Element, w: Walker) -> None:
    rows = table_rows(el)
    cap_el = el.find("caption")
    caption = cell_text(cap_el) if cap_el is not None else None
    if rows:
        meta: dict[str, Any] = {"html_ids": element_ids(el), "rows": len(rows), "cols": len(rows[0])}
        node = Node(
            type=NodeType.TABLE,
            id=w.next_id(),
            text=to_markdown(rows),
            cells=tuple(tuple(r) for r in rows),
            caption=caption or None,
            label=_label(caption),
            meta=meta,
        )
        w.nodes.append(node)
    w.emit_images(el, None, [])


def _emit_figure(el: etree._Element, w: Walker) -> bool:
    """Figures (with the figcaption as caption) for a <figure>; False when it holds no image."""
    if el.find(".//img") is None and "ImageObject" in (el.get("itemtype") or ""):
        _microdata_image(el)
    has_image = el.find(".//img") is not None or (
        w.options.keep_svg and (el.find(".//svg") is not None or el.find(".//{*}svg") is not None)
    )
    if not has_image:
        return False
    cap_el = el.find(".//figcaption")
    if cap_el is None:
        cap_el = next((c for c in el.iter() if _is_caption_box(c)), None)
    caption = _caption_text(cap_el, w) if cap_el is not None else None
    _figures_with_caption(el, caption or None, w)
    return True


def _caption_text(cap: etree._Element, w: Walker) -> str:
    """A caption box's text, its block pieces once each (full and truncated copies are common).

    The pieces are remembered as seen, so the same caption repeated by a lightbox later on the
    page is not emitted again as a paragraph.
    """
    cap = _without_credits(cap)
    blocks = [c for c in cap if isinstance(c.tag, str) and c.tag in BLOCKS]
    if not blocks:
        return collapse(" ".join(cap.itertext()))
    pieces: list[str] = []
    loose = collapse(cap.text or "")
    if loose:
        pieces.append(loose)
    for child in cap:
        if not isinstance(child.tag, str):
            continue
        text = collapse(" ".join(child.itertext()))
        stem = re.sub(r"\W*(\.\.\.|…)?\s*(more|less)?$", "", text, flags=re.I)
        if text and not any(p.startswith(stem) for p in pieces):
            pieces.append(text)
        if (child.tail or "").strip():
            pieces.append(collapse(child.tail or ""))
    w.seen_texts.update(p for p in pieces if len(p) >= 20)
    return " ".join(pieces)


_CREDIT_CLASS = re.compile(r"(^|[\s_-])(credits?|copyright|photographer)($|[\s_-])", re.I)
_CREDIT_PROPS = frozenset({"copyrightHolder", "creditText", "copyrightNotice"})


def _without_credits(cap: etree._Element) -> etree._Element:
    """The caption without its photo-credit parts (``<span class="credit">``, itemprop copyrightHolder).

    A credit names the photographer or agency, not what the picture shows; the caption is copied
    only when it has one, so the page tree is left as it was.
    """
    credits = [
        d
        for d in cap.iterdescendants()
        if isinstance(d.tag, str)
        and (d.get("itemprop") in _CREDIT_PROPS or _CREDIT_CLASS.search(d.get("class") or ""))
    ]
    if not credits:
        return cap
    paths = {id(d) for d in credits}
    copy = deepcopy(cap)
    doomed = [dup for orig, dup in zip(cap.iter(), copy.iter(), strict=True) if id(orig) in paths]
    for dup in doomed:
        if dup.getparent() is not None:
            dup.drop_tree()
    return copy


def _is_caption_box(el: etree._Element) -> bool:
    """An element whose class says caption/credit and that holds no image itself.

    MediaWiki "thumbcaption", WordPress "wp-caption-text", "image-caption", "photo-credit" …
    """
    cls = el.get("class") if isinstance(el.tag, str) else None
    if not cls:
        return False
    cls = cls.lower()
    return ("caption" in cls or "credit" in cls) and el.find(".//img") is None


def _figures_with_caption(el: etree._Element, caption: str | None, w: Walker) -> None:
    """Figures for the images in ``el``, then their caption node linked both ways.

    When every image was dropped as decoration, the caption has nothing to caption: its text
    stays as a paragraph rather than an orphan caption.
    """
    figures = w.emit_images(el, caption, element_ids(el))
    if not caption:
        return
    if not figures:
        w.nodes.append(Node(type=NodeType.PARAGRAPH, id=w.next_id(), text=caption))
        return
    cap_id = w.next_id()
    w.nodes.append(Node(type=NodeType.CAPTION, id=cap_id, text=caption, meta={"caption_of": figures[0].id}))
    for i, node in enumerate(w.nodes):
        if node in figures:
            w.nodes[i] = node.evolve(caption_id=cap_id)


def _caption_after_image(el: etree._Element, w: Walker) -> bool:
    """Tie a caption box that follows its image as a sibling (``<figure><img></figure><figcaption>``).

    Only when the previous element holds an image and the last node emitted is that uncaptioned
    figure; True when the caption was attached (and its subtree consumed).
    """
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None or not (prev.tag == "img" or prev.find(".//img") is not None):
        return False
    w.flush()
    last = w.nodes[-1] if w.nodes else None
    if last is None or last.type is not NodeType.FIGURE or last.caption:
        return False
    caption = _caption_text(el, w)
    if not caption:
        return False
    cap_id = w.next_id()
    w.nodes[-1] = last.evolve(caption=caption, label=_label(caption), caption_id=cap_id)
    w.nodes.append(Node(type=NodeType.CAPTION, id=cap_id, text=caption, meta={"caption_of": last.id}))
    return True


def _captioned_image(el: etree._Element) -> etree._Element | None:
    """The caption child of a box that is one image plus its caption (figure without <figure>).

    MediaWiki thumbnails (``div.thumbinner`` > ``a.image`` + ``div.thumbcaption``), WordPress
    ``div.wp-caption`` and most CMS image blocks look like this; None for anything else, e.g. a
    box with body text besides the caption or with several images.
    """
    if len(el) < 2:
        return None
    cap = None
    for child in el:
        if isinstance(child.tag, str) and _is_caption_box(child):
            if cap is not None:
                return None
            cap = child
    if cap is None or (el.text or "").strip():
        return None
    n_img = 0
    for child in el:
        if child is cap or not isinstance(child.tag, str):
            continue
        if (child.tail or "").strip() or collapse("".join(child.itertext())):
            return None
        n_img += sum(1 for _ in child.iter("img"))
    return cap if n_img == 1 else None


def _microdata_image(el: etree._Element) -> None:
    """A schema.org ImageObject whose <img> is injected by script: materialise it from its URL."""
    url = el.get("itemid")
    for m in el.iter("meta", "link"):
        if m.get("itemprop") in ("contentUrl", "url"):
            url = m.get("content") or m.get("href") or url
    if url and re.search(r"\.(jpe?g|png|gif|webp|avif)(\?|$)", url, re.I):
        img = etree.SubElement(el, "img", src=url)
        el.insert(0, img)


def walk(elements: list[etree._Element], w: Walker) -> None:
    """Emit nodes for ``elements`` (the main content) in DOM order into ``w.nodes``."""
    warned = False
    consumed: set[etree._Element] = set()
    for top in elements:
        depth = 0
        walker = etree.iterwalk(top, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if not isinstance(tag, str):
                if event == "end":
                    w.buf.add(el.tail)
                continue
            if event == "start":
                depth += 1
                if depth > w.options.max_depth:
                    if not warned:
                        w.warnings.append(f"content nested deeper than {w.options.max_depth} levels skipped")
                        warned = True
                    walker.skip_subtree()
                    continue
                if _start(el, tag, w):
                    consumed.add(el)
                    walker.skip_subtree()
            else:
                depth -= 1
                if depth >= w.options.max_depth:
                    continue
                if el in consumed:
                    consumed.discard(el)
                else:
                    _end(el, tag, w)
                if el is not top:
                    w.buf.add(el.tail)
        w.flush()


def _start(el: etree._Element, tag: str, w: Walker) -> bool:
    """Handle an opening tag; True when its subtree was consumed whole."""
    if tag == "pre":
        w.flush()
        _emit_pre(el, w)
        return True
    if tag == "table" and is_data_table(el):
        w.flush()
        _emit_table(el, w)
        return True
    if tag == "figure":
        w.flush()
        if _emit_figure(el, w) or el.get(MEDIA_MARK):
            return True  # a video/embed figure without image: its caption describes what we drop
    if (tag == "figcaption" or _is_caption_box(el)) and _caption_after_image(el, w):
        return True
    if tag in ("div", "span", "p", "td", "dd", "li", "section"):
        cap = _captioned_image(el)
        if cap is not None:
            w.flush()
            _figures_with_caption(el, _caption_text(cap, w) or None, w)
            return True
    if tag == "img" and w.is_hidden_image(el):
        w.hold_image(el)
        return True  # a spacer between links: the text around it stays one block
    if tag == "a" and is_button_link(el):
        return True  # a call to action ("Subscribe", "Click Here"), not the article's words
    if tag in ("img", "svg", "picture") or tag.endswith("}svg"):
        w.flush()
        w.emit_images(el, None, element_ids(el) if tag != "picture" else [])
        return True
    if tag in ("math",):
        w.buf.add(el.get("alttext") or " ".join(el.itertext()))
        return True
    if tag == "br":
        w.buf.add(" ")
        return False
    if tag in BLOCKS:
        w.flush(opening=True)
        w.context.append(_block_context(el, tag, w))
    else:
        if tag == "a":
            w.anchor_start(el)
        kind = mark_kind(el, tag)
        if kind is not None:
            w.mark_start(el, kind)
    w.buf.add(el.text)
    return False


def _end(el: etree._Element, tag: str, w: Walker) -> None:
    """Handle a closing tag of an element whose subtree was walked."""
    if tag in BLOCKS:
        w.flush()
        if w.context:
            w.context.pop()
        return
    if tag == "a":
        w.anchor_end()
    w.mark_end(el)
