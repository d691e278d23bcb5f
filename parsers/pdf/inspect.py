"""Draw what the PDF parser found onto page images, so a layout decision can be checked by eye.

Each page PNG shows every node's box coloured by type with its reading-order index, a faint path
through the reading order, a line from each caption to its figure or table, the running
furniture dashed in grey, and a legend. Example::

    doc = parse(Source("paper.pdf", "pdf", path=Path("paper.pdf")), PdfOptions())
    render_inspection("paper.pdf", doc, "inspect/")   # or, in one call:
    inspect_pdf("paper.pdf", "inspect/")
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw, ImageFont

from docbuild.errors import ParseError, ResourceLimit
from docbuild.model import BBox, Document, Node, NodeType
from docbuild.options import PdfOptions
from docbuild.sources import Source

RGB = tuple[int, int, int]
COLOURS: dict[NodeType, RGB] = {
    NodeType.HEADING: (200, 30, 30),
    NodeType.PARAGRAPH: (30, 90, 220),
    NodeType.LIST_ITEM: (0, 150, 150),
    NodeType.CAPTION: (230, 120, 0),
    NodeType.FOOTNOTE: (120, 80, 40),
    NodeType.EQUATION: (150, 0, 200),
    NodeType.CODE: (90, 90, 30),
    NodeType.QUOTE: (80, 140, 60),
    NodeType.FIGURE: (20, 160, 40),
    NodeType.TABLE: (220, 0, 140),
    NodeType.PAGE_HEADER: (128, 128, 128),
    NodeType.PAGE_FOOTER: (128, 128, 128),
    NodeType.PAGE_NUMBER: (128, 128, 128),
}
GREY: RGB = (128, 128, 128)
ORDER_PATH: tuple[int, int, int, int] = (255, 0, 0, 70)
MAX_PIXELS = 40_000_000


def parts(node: Node) -> list[tuple[int, BBox]]:
    """Where a node is drawn: its ``meta["parts"]`` when it spans columns/pages, else its own box."""
    found = []
    for part in node.meta.get("parts") or []:
        box = part.get("bbox") if isinstance(part, dict) else None
        if box is not None and part.get("page_index") is not None:
            found.append((int(part["page_index"]), box if isinstance(box, BBox) else BBox(*box)))
    if not found and node.bbox is not None and node.page_index is not None:
        found.append((node.page_index, node.bbox))
    return found


class PageCanvas:
    """One rendered page with drawing helpers that take boxes in PDF points."""

    def __init__(self, page: pymupdf.Page, dpi: int) -> None:
        self.scale = dpi / 72
        pix = page.get_pixmap(dpi=dpi, alpha=False)
        self.image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples).convert("RGBA")
        self.overlay = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.overlay)
        self.font_size = max(9, round(7 * self.scale))
        self.font = ImageFont.load_default(size=self.font_size)

    def px(self, box: BBox) -> tuple[float, float, float, float]:
        s = self.scale
        return (box.x0 * s, box.top * s, box.x1 * s, box.bottom * s)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.scale, y * self.scale)

    def box(self, box: BBox, colour: RGB, dashed: bool = False) -> None:
        """Outline plus a light fill; dashed (furniture) has no fill."""
        x0, y0, x1, y1 = self.px(box)
        x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
        if not dashed:
            self.draw.rectangle((x0, y0, x1, y1), fill=(*colour, 28), outline=(*colour, 255), width=2)
            return
        for edge in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x0, y1, x1, y1), (x0, y0, x0, y1)):
            self.dashes(*edge, colour)

    def dashes(self, x0: float, y0: float, x1: float, y1: float, colour: RGB) -> None:
        """Dashed segment from (x0, y0) to (x1, y1): 6 px on, 4 px off."""
        length = max(abs(x1 - x0), abs(y1 - y0), 1.0)
        start = 0.0
        while start < length:
            t0, t1 = start / length, min(length, start + 6) / length
            seg = (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)
            self.draw.line(seg, fill=(*colour, 255), width=2)
            start += 10

    def tag(self, box: BBox, text: str, colour: RGB) -> None:
        """A small filled label at the box's top-left corner (reading-order index and type)."""
        x, y = self.px(box)[:2]
        left, top, right, bottom = self.draw.textbbox((x + 2, y + 1), text, font=self.font)
        self.draw.rectangle((left - 2, top - 1, right + 2, bottom + 1), fill=(*colour, 220))
        self.draw.text((x + 2, y + 1), text, fill=(255, 255, 255, 255), font=self.font)

    def arrow(self, start: tuple[float, float], end: tuple[float, float], colour: RGB) -> None:
        """Caption-to-visual link: a line ending in a dot on the visual."""
        a, b = self.point(*start), self.point(*end)
        self.draw.line((*a, *b), fill=(*colour, 255), width=3)
        r = 4
        self.draw.ellipse((b[0] - r, b[1] - r, b[0] + r, b[1] + r), fill=(*colour, 255))

    def legend(self, types: list[NodeType]) -> None:
        """Colour key for the node types on this page, in the top-right corner."""
        rows = [(t.value, COLOURS[t]) for t in types] + [("furniture (dashed)", GREY)]
        width = max(self.draw.textlength(name, font=self.font) for name, _ in rows) + 24
        line = self.font_size + 4
        x0 = self.image.width - width - 6
        self.draw.rectangle((x0, 4, x0 + width, 8 + line * len(rows)), fill=(255, 255, 255, 225))
        for i, (name, colour) in enumerate(rows):
            y = 6 + i * line
            self.draw.rectangle((x0 + 4, y + 2, x0 + 14, y + line - 4), fill=(*colour, 255))
            self.draw.text((x0 + 18, y), name, fill=(0, 0, 0, 255), font=self.font)

    def save(self, path: Path) -> Path:
        Image.alpha_composite(self.image, self.overlay).convert("RGB").save(path, "PNG", optimize=False)
        return path


def _on_page(doc: Document, page_index: int) -> Iterator[tuple[int, Node, BBox]]:
    """(reading-order index, node, box) of every node part drawn on a page."""
    for order, node in enumerate(doc.nodes):
        for index, box in parts(node):
            if index == page_index:
                yield order, node, box


def _caption_links(doc: Document) -> list[tuple[Node, Node]]:
    """(caption node, visual node) pairs from ``caption_id`` and ``meta["caption_of"]``."""
    by_id = {n.id: n for n in doc.nodes}
    links: dict[tuple[str, str], tuple[Node, Node]] = {}
    for node in doc.nodes:
        if node.caption_id and node.caption_id in by_id:
            links[(node.caption_id, node.id)] = (by_id[node.caption_id], node)
        target = node.meta.get("caption_of")
        if isinstance(target, str) and target in by_id:
            links[(node.id, target)] = (node, by_id[target])
    return list(links.values())


def _draw_page(canvas: PageCanvas, doc: Document, page_index: int) -> None:
    for node in doc.furniture:
        for index, box in parts(node):
            if index == page_index:
                canvas.box(box, GREY, dashed=True)
    placed = list(_on_page(doc, page_index))
    centres = [canvas.point(*box.center) for _, _, box in placed]
    if len(centres) > 1:
        canvas.draw.line(centres, fill=ORDER_PATH, width=2)
    for _, node, box in placed:
        canvas.box(box, COLOURS.get(node.type, GREY))
    for caption, visual in _caption_links(doc):
        cap = [b for i, b in parts(caption) if i == page_index]
        vis = [b for i, b in parts(visual) if i == page_index]
        if cap and vis:
            canvas.arrow(cap[0].center, vis[0].center, COLOURS[NodeType.CAPTION])
    for order, node, box in placed:
        canvas.tag(box, f"{order} {node.type.value}", COLOURS.get(node.type, GREY))
    canvas.legend(sorted({n.type for _, n, _ in placed}, key=list(NodeType).index))


def render_inspection(pdf_path: str | Path, doc: Document, out_dir: str | Path, dpi: int = 100) -> list[Path]:
    """Write ``<stem>-p001.png`` … with the parse drawn over each page; returns the PNG paths."""
    pdf_path, out = Path(pdf_path), Path(out_dir)
    try:
        pdf = pymupdf.open(pdf_path)
    except (RuntimeError, ValueError) as exc:  # pymupdf raises FileDataError (a RuntimeError) and kin
        raise ParseError(str(pdf_path), f"cannot open PDF for inspection: {exc}") from exc
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with pdf:
        for page in (pdf[i] for i in range(pdf.page_count)):
            if page.rect.width * page.rect.height * (dpi / 72) ** 2 > MAX_PIXELS:
                raise ResourceLimit(str(pdf_path), f"page {page.number + 1} too large to render at {dpi} dpi")
            canvas = PageCanvas(page, dpi)
            _draw_page(canvas, doc, page.number)
            written.append(canvas.save(out / f"{pdf_path.stem}-p{page.number + 1:03d}.png"))
    return written


def inspect_pdf(
    pdf_path: str | Path, out_dir: str | Path, options: PdfOptions | None = None, dpi: int = 100
) -> list[Path]:
    """Parse a PDF with docbuild's parser and draw the result: the one-call debugging entry point."""
    from parsers.pdf.parser import parse  # lazy: the renderer also serves documents parsed elsewhere

    path = Path(pdf_path)
    doc = parse(Source(str(path), "pdf", path=path), options or PdfOptions())
    return render_inspection(path, doc, out_dir, dpi)
