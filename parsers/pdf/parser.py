"""PDF parser entry point: PyMuPDF pages -> typed, reading-ordered ``Document``.

Pages are streamed one at a time (only the resulting nodes are kept): text blocks, OCR when the
text layer is missing or broken, tables, then figures. Document-wide steps follow on nodes only:
running headers/footers out, block types from the document's font statistics, reading order per
page, figure/table ids in reading order, paragraphs rejoined across column and page breaks.

Example::

    doc = parse(Source(location="paper.pdf", format="pdf", path=Path("paper.pdf")), PdfOptions())
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from docbuild import heartbeat
from docbuild.blocktypes import Stats, document_stats, group_equations, type_blocks
from docbuild.errors import EmptyInput, EncryptedInput, MissingDependency, ParseError, UnsupportedInput
from docbuild.furniture import PageGeometry, split_furniture
from docbuild.model import BBox, Document, Node, NodeType, Page
from docbuild.options import PdfOptions
from docbuild.ordering import order_page
from docbuild.paragraphs import build_vocabulary, dominant_size, merge_continuations, node_text
from docbuild.sources import Source
from parsers.pdf import figures, ocr, page_memo, tables
from parsers.pdf.ink import FigureContext, document_body_size, page_inks, sample_pages
from parsers.pdf.text import extract_blocks, page_dict

log = logging.getLogger(__name__)

_REJOINED = frozenset({NodeType.PARAGRAPH, NodeType.HEADING, NodeType.LIST_ITEM, NodeType.FOOTNOTE})
_BAD_GLYPH = re.compile("[\ufffd\ue000-\uf8ff]")
_BAD_TITLE = re.compile(
    r"^(?:untitled|microsoft word|title|document|slide|presentation|paper|\d+)\b"
    r"|\.(?:docx?|pdf|tex|dvi|indd|qxd)\b",
    re.IGNORECASE,
)


def _open(source: Source, options: PdfOptions) -> tuple[Any, list[str]]:
    """Open and, if needed, decrypt the PDF; errors name the file, repairs become warnings."""
    import pymupdf

    head = _head(source)
    if not head:
        raise EmptyInput(source.location, "file is empty")
    if b"%PDF" not in head:
        raise UnsupportedInput(source.location, "not a PDF (no %PDF header in the first 1 KB)")
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        # A file is opened by name: MuPDF reads what it needs, a 1 GB PDF is not held in memory.
        if source.data is None and source.path is not None:
            pdf = pymupdf.open(source.path, filetype="pdf")
        else:
            pdf = pymupdf.open(stream=source.read_bytes(), filetype="pdf")
    except (pymupdf.FileDataError, pymupdf.EmptyFileError, RuntimeError, ValueError) as exc:
        raise ParseError(source.location, f"cannot open PDF: {exc}") from exc
    warnings: list[str] = []
    if pdf.needs_pass:
        if not options.password:
            raise EncryptedInput(source.location, "PDF is encrypted and no password was given (--password)")
        if not pdf.authenticate(options.password):
            raise EncryptedInput(source.location, "PDF is encrypted and the password given is wrong")
    if pdf.is_repaired:
        detail = pymupdf.TOOLS.mupdf_warnings().strip().splitlines()
        warnings.append("repaired damaged PDF" + (f": {detail[0]}" if detail else ""))
    if len(pdf) == 0:
        raise EmptyInput(source.location, "PDF has no readable pages")
    return pdf, warnings


def _head(source: Source, size: int = 1024) -> bytes:
    """The first ``size`` bytes of the input (errors name the file)."""
    if source.data is not None or source.path is None:
        return source.read_bytes()[:size]
    try:
        with open(source.path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise ParseError(source.location, f"cannot read file: {exc.strerror or exc}") from exc


@dataclass
class _DocState:
    """Per-document state of the page loop: the figure context and the warnings collected."""

    context: FigureContext
    warnings: list[str] = field(default_factory=list)
    # Text dicts of the pages sampled for the body font size, handed on to the page loop.
    dicts: dict[int, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, pdf: Any) -> _DocState:
        dicts = {}
        for index in sample_pages(len(pdf)):
            try:
                dicts[index] = page_dict(pdf[index])
            except (RuntimeError, ValueError):
                continue  # a damaged page: the page loop reports it
        body_size = document_body_size(dicts.values())
        return cls(figures.build_context(pdf, body_size), dicts=dicts)


def _ocr_page(
    page: Any, index: int, blocks: list[Node], vis: _DocState, options: PdfOptions
) -> tuple[list[Node], bool]:
    """OCR blocks when the text layer is missing or broken; ``auto`` degrades if OCR is not installed."""
    if options.ocr == "never" or not ocr.page_needs_ocr(page, options, blocks):
        return blocks, False
    try:
        return list(ocr.ocr_blocks(page, index, options)), True
    except MissingDependency as exc:
        if options.ocr == "always":
            raise
        vis.warnings.append(f"page {index + 1}: needs OCR but {exc.source} is {exc.message}")
        return blocks, False


def _garbled(text: str) -> bool:
    """Mostly unmapped glyphs (U+FFFD, private-use codes): fonts without a usable ToUnicode map."""
    if not _BAD_GLYPH.search(text):
        return False
    chars = [ch for ch in text if not ch.isspace()]
    bad = sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bool(chars) and bad > 0.3 * len(chars)


def _drop_garbled(blocks: list[Node], index: int, vis: _DocState) -> list[Node]:
    """Leave out blocks whose text is unreadable glyph codes; a training corpus must not learn them."""
    kept = [b for b in blocks if not _garbled(b.text)]
    if len(kept) < len(blocks):
        vis.warnings.append(
            f"page {index + 1}: {len(blocks) - len(kept)} text blocks with unmapped glyphs left out"
        )
    return kept


def _detect(page: Any, index: int, blocks: list[Node], vis: _DocState, options: PdfOptions) -> list[Node]:
    """Tables first (they claim their area), then figures; returns visuals plus remaining blocks."""
    visuals: list[Node] = []
    for detect in (tables.detect_tables, figures.detect_figures):
        result = detect(page, index, blocks, options, vis.context)
        visuals.extend(result.visuals)
        blocks = list(result.blocks)
    return visuals + blocks


def _detect_with_model(page: Any, index: int, blocks: list[Node], options: PdfOptions) -> list[Node]:
    """``--layout model``: the bundled CDLA layout model finds figures/tables and types the blocks."""
    from parsers.pdf import layout_model

    regions = layout_model.detect_layout(page, options)
    visuals, blocks = layout_model.model_visuals(page, index, blocks, regions, options)
    return visuals + layout_model.label_blocks(blocks, regions)


def _scan_pictures(page: Any, index: int, nodes: list[Node], options: PdfOptions) -> list[Node]:
    """Pictures on a scanned page come from its image (large non-text ink), tied to their captions."""
    from parsers.pdf import layout_model

    if any(n.type is NodeType.FIGURE for n in nodes):
        return nodes  # the page's own image objects or the layout model already gave its figures
    visuals = [n for n in nodes if n.type.is_visual]
    blocks = [n for n in nodes if not n.type.is_visual]
    figures = layout_model.scan_figure_regions(page, index, blocks, options)
    if not figures:
        return nodes
    figures, blocks = layout_model.tie_scan_captions(figures, blocks)
    return visuals + figures + blocks


def _small_marks(page: Any, vis: _DocState) -> list[BBox]:
    """Small drawn shapes and short flat rules (list bullets printed as paths, fraction bars).

    The page's ink is read here once and cached for the figure and table steps.
    """
    return [
        ink.bbox
        for ink in page_inks(page, vis.context)
        if ink.kind != "image"
        and (max(ink.bbox.width, ink.bbox.height) <= 12 or (ink.bbox.height <= 1.5 and ink.bbox.width <= 400))
    ]


class _DotShapes:
    """Tells drawn discs and squares (bullets) from other small shapes (arrow heads, ticks).

    The page's drawings are read only when a mark would become a bullet, which few pages have.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self._small: list[tuple[Any, bool]] | None = None

    def is_dot(self, box: BBox) -> bool:
        if self._small is None:
            matrix = self.page.rotation_matrix if self.page.rotation else None
            self._small = []
            for path in page_memo.drawings(self.page):
                rect = pymupdf.Rect(path["rect"])
                if max(rect.width, rect.height) <= 14:
                    self._small.append(
                        (rect * matrix if matrix is not None else rect, _round_or_square(path))
                    )
        return any(ok for rect, ok in self._small if abs(rect.x0 - box.x0) + abs(rect.y1 - box.bottom) < 1.5)


def _round_or_square(path: dict[str, Any]) -> bool:
    """A path of curves only (a disc or ring) or of a rectangle (a square)."""
    kinds = {item[0] for item in path["items"]}
    if kinds <= {"c"} or kinds <= {"re", "qu"}:
        return True
    return kinds <= {"l"} and all(abs(a.x - b.x) < 0.2 or abs(a.y - b.y) < 0.2 for _, a, b in path["items"])


def _pages(
    pdf: Any, source: Source, options: PdfOptions, vis: _DocState
) -> Iterator[tuple[Page, list[Node]]]:
    """Stream pages: geometry and nodes of each, nothing else kept from PyMuPDF."""
    count = len(pdf) if options.max_pages is None else min(len(pdf), options.max_pages)
    failed = 0
    for index in range(count):
        try:
            page = pdf.load_page(index)
            marks = _small_marks(page, vis)
            blocks = extract_blocks(page, index, vis.dicts.pop(index, None), marks, _DotShapes(page).is_dot)
        except (RuntimeError, ValueError) as exc:
            # One damaged page should not cost the whole document: keep going, say so.
            failed += 1
            if failed == count:
                raise ParseError(source.location, f"no page could be read (last: {exc})") from exc
            vis.warnings.append(f"page {index + 1} unreadable, skipped: {exc}")
            continue
        blocks, ocr = _ocr_page(page, index, blocks, vis, options)
        blocks = _drop_garbled(blocks, index, vis)
        if options.layout == "model":
            nodes = _detect_with_model(page, index, blocks, options)
        else:
            nodes = _detect(page, index, blocks, vis, options)
        if ocr:
            nodes = _scan_pictures(page, index, nodes, options)
        rect = page.rect
        heartbeat.beat()
        yield Page(index, rect.width, rect.height, page.rotation, ocr), nodes


def _renumber(nodes: list[Node]) -> list[Node]:
    """Figure/table ids counted across the document in reading order; captions follow the rename."""
    counters = {NodeType.FIGURE: ("fig", 0), NodeType.TABLE: ("tab", 0)}
    renamed: dict[str, str] = {}
    for n in nodes:
        if n.type in counters:
            prefix, k = counters[n.type]
            counters[n.type] = (prefix, k + 1)
            renamed[n.id] = f"{prefix}-{k + 1}"
    out: list[Node] = []
    for n in nodes:
        if n.id in renamed:
            n = n.evolve(id=renamed[n.id])
        target = n.meta.get("caption_of")
        if target in renamed:
            n = n.with_meta(caption_of=renamed[target])
        out.append(n)
    return out


def _sensible_title(title: str | None) -> str | None:
    """PDF metadata title unless it is empty, a file name or a tool's placeholder."""
    if not title:
        return None
    t = " ".join(title.split())
    if len(t) < 6 or len(t) > 300 or _BAD_TITLE.search(t) or not re.search(r"[^\W\d_]{3}", t):
        return None
    return t


def _largest_text(nodes: list[Node], stats: Stats) -> str | None:
    """A title from the first page's largest fonts: the longest block set near the largest size."""
    if not nodes:
        return None
    first_page = min(n.page_index or 0 for n in nodes)
    cands = [
        (dominant_size(n) or 0.0, n)
        for n in nodes
        if n.page_index == first_page
        and n.type in (NodeType.HEADING, NodeType.PARAGRAPH)
        and 3 <= len(n.text) <= 300
    ]
    cands = [(size, n) for size, n in cands if size >= stats.body_size * 1.1 and _wordy(n.text)]
    # A one-word giant is usually a logo or a series name ("Redpaper"), not the title.
    cands = [(size, n) for size, n in cands if len(n.text.split()) >= 2] or cands
    if not cands:
        return None
    top = max(size for size, _ in cands)
    near = [n for size, n in cands if size >= 0.9 * top]
    return max(near, key=lambda n: len(n.text)).text


def _wordy(text: str) -> bool:
    """Reads like a title: mostly letters, no formula signs (an OCR'd equation is not a title)."""
    chars = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in chars)
    return bool(chars) and letters >= 0.75 * len(chars) and not any(ch in "=<>{}|\\" for ch in text)


def _title(meta_title: str | None, nodes: list[Node], stats: Stats) -> str | None:
    """The visible first-page title when it carries the metadata title's words (fuller), else metadata."""
    visible = _largest_text(nodes, stats)
    meta = _sensible_title(meta_title)
    if not meta or not visible:
        return meta or visible
    words = set(re.findall(r"\w+", meta.lower()))
    shown = set(re.findall(r"\w+", visible.lower()))
    return visible if words and len(words & shown) >= 0.6 * len(words) else meta


def _finish(pages: list[list[Node]], geoms: list[Page]) -> tuple[list[Node], list[Node], Stats]:
    """Document-wide steps on nodes: furniture, dehyphenation, typing, order, ids, continuations."""
    text_blocks = [n for page in pages for n in page if n.type is NodeType.PARAGRAPH]
    stats = document_stats(text_blocks)
    kept, furniture = split_furniture(
        pages, [PageGeometry(g.width, g.height) for g in geoms], stats.body_size
    )
    vocab = build_vocabulary(ln["text"] for n in text_blocks for ln in n.meta.get("lines", ()))
    heights = {g.index: g.height for g in geoms}
    ordered: list[Node] = []
    for page_nodes in kept:
        rejoined = [n.evolve(text=node_text(n, vocab)) if n.type in _REJOINED else n for n in page_nodes]
        ordered.extend(group_equations(order_page(type_blocks(rejoined, stats, heights))))
    nodes = merge_continuations(_renumber(ordered), vocab)
    return [_slim(n) for n in nodes if not _stray_symbol(n)], [_slim(n) for n in furniture], stats


def _stray_symbol(node: Node) -> bool:
    """A text node that is a lone mark ("∗", "®", "†") cut off from its word: no content to keep."""
    text = node.text.strip() if node.text and not node.type.is_visual else None
    return text is not None and len(text) <= 3 and not any(ch.isalnum() for ch in text)


def _slim(node: Node) -> Node:
    """Drop the per-line font records (parser-internal) and keep the block's font size instead."""
    if "lines" not in node.meta:
        return node
    meta = {k: v for k, v in node.meta.items() if k != "lines"}
    size = dominant_size(node)
    if size:
        meta["font_size"] = size
    return node.evolve(meta=meta)


def parse(source: Source, options: PdfOptions) -> Document:
    """Parse one PDF into a reading-ordered Document (text blocks, figures, tables, furniture apart)."""
    pdf, warnings = _open(source, options)
    try:
        vis = _DocState.load(pdf)
        geoms: list[Page] = []
        pages: list[list[Node]] = []
        for geom, nodes in _pages(pdf, source, options, vis):
            geoms.append(geom)
            pages.append(nodes)
        metadata = dict(pdf.metadata or {})
        total_pages = len(pdf)
    finally:
        pdf.close()
    nodes, furniture, stats = _finish(pages, geoms)
    title = _title(metadata.get("title"), nodes, stats)
    meta: dict[str, Any] = {
        "sha256": source.sha256,
        "format": "pdf",
        "title": title,
        "body_font_size": stats.body_size,
        "pdf_pages": total_pages,
        "ocr_pages": sum(1 for g in geoms if g.ocr),
        "node_types": dict(Counter(n.type.value for n in nodes)),
    }
    for key in ("author", "subject", "keywords", "creator", "producer"):
        if metadata.get(key):
            meta[f"pdf_{key}"] = metadata[key]
    if meta["ocr_pages"]:
        meta["ocr"] = ocr.ocr_engine_info(options)
    if options.layout == "model":
        from parsers.pdf.layout_model import layout_model_info

        meta["layout_model"] = layout_model_info()
    meta.update(source.public_meta)
    return Document(
        id=source.sha256,
        source=source.location,
        format="pdf",
        nodes=tuple(nodes),
        pages=tuple(geoms),
        furniture=tuple(furniture),
        meta=meta,
        warnings=tuple(warnings + vis.warnings),
    )
