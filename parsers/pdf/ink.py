"""Graphic ink on a PDF page: raster images and vector paths, clustered, minus document furniture.

Figures and tables both start from a page's ink: ``page_inks`` lists it (cached per page in the
``FigureContext``), ``cluster_inks`` groups what touches, and ``build_context`` learns once per
document which images and paths repeat on many pages (logos, running rules) so they are ignored.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pymupdf

from docbuild.errors import ParseError
from docbuild.model import BBox, ImageData, Node
from docbuild.paragraphs import heaviest
from parsers.pdf import page_memo
from parsers.pdf.text import page_dict

# image: raster; path: curves, diagonals, polygons; box: axis-aligned rectangles; rule: thin lines.
InkKind = Literal["image", "path", "box", "rule"]

# Ink thinner than this (points) is a rule: a line, a table ruling, an underline.
RULE_THICKNESS = 2.5
# Ink boxes closer than this (points) belong to one cluster.
CLUSTER_GAP = 6.0
# The label of a pseudo-code float: neither a figure nor a table, its text stays text.
_ALGORITHM = re.compile(r"^\s*(?:algorithm|procedure|listing|pseudo-?code)\s+\d+\s*[.:]", re.IGNORECASE)
# Crops above this many pixels are rendered at a lower resolution (a full page at 300 dpi is ~8.7M).
MAX_CROP_PIXELS = 25_000_000


@dataclass
class FigureContext:
    """Document-level facts computed once: ink repeated on many pages, and regions already claimed.

    ``claimed`` maps a page index to boxes taken by figures or tables, so whichever of
    detect_figures / detect_tables runs second does not claim the same ink again.
    """

    page_count: int = 0
    body_size: float | None = None
    repeated_images: frozenset[tuple[int, int, int, int]] = frozenset()
    repeated_ink: frozenset[tuple[int, int, int, int]] = frozenset()
    # Pages whose content draws any image / any path (None: not scanned, look on every page).
    pages_with_images: frozenset[int] | None = None
    pages_with_paths: frozenset[int] | None = None
    claimed: dict[int, list[BBox]] = field(default_factory=dict)
    _inks: tuple[int, list[Ink]] | None = field(default=None, repr=False)

    def claim(self, page_index: int, box: BBox) -> None:
        """Record that ``box`` on ``page_index`` belongs to a visual."""
        self.claimed.setdefault(page_index, []).append(box)

    def is_claimed(self, page_index: int, box: BBox, share: float = 0.5) -> bool:
        """True when more than ``share`` of ``box`` lies in a claimed region."""
        if box.area <= 0:
            return any(c.contains(box, 1.0) for c in self.claimed.get(page_index, []))
        covered = sum(box.overlap_area(c) for c in self.claimed.get(page_index, []))
        return covered > share * box.area


@dataclass(frozen=True, slots=True)
class Ink:
    """One graphic element on a page."""

    bbox: BBox
    kind: InkKind
    xref: int = 0


def _signature(box: Iterable[float]) -> tuple[int, int, int, int]:
    """Position signature of an ink box, rounded so re-rendered headers match across pages."""
    x0, y0, x1, y1 = box
    return (round(x0 / 2), round(y0 / 2), round(x1 / 2), round(y1 / 2))


def _repeat_threshold(pages: int) -> int:
    """How many pages a rule must appear on to count as page furniture (half of them)."""
    return max(2, math.ceil(0.5 * pages)) if pages >= 2 else 2


def _art_threshold(pages: int) -> int:
    """The same for images and drawn shapes (logos, wordmarks): a quarter of the pages, at least 3.

    A logo may sit on only some of the pages (chapter openers, a different header on the
    odd or even side, drawn as vectors on some pages and as an image on others), while a
    real figure is never drawn at exactly the same place on many pages. Thin rules keep the
    stricter share: a long table continued over pages repeats its rules, and they are content.
    """
    return min(_repeat_threshold(pages), max(3, math.ceil(0.25 * pages)))


def sample_pages(count: int, sample: int = 8) -> range:
    """Indices of up to ``sample`` pages spread over the document (for the body font size)."""
    return range(0, count, max(1, count // sample))[:sample]


def document_body_size(dicts: Iterable[dict[str, Any]]) -> float | None:
    """Most common font size over sampled pages' text dicts, weighted by characters (the prose size)."""
    return heaviest(
        (round(span["size"], 1), len(span["text"].strip()))
        for data in dicts
        for block in data["blocks"]
        for line in block.get("lines", ())
        for span in line["spans"]
    )


def _thin(signature: tuple[int, int, int, int]) -> bool:
    """A signature of a rule: at most a step (2 points) thick."""
    x0, y0, x1, y1 = signature
    return min(x1 - x0, y1 - y0) <= 1


def _fuzzy(signatures: Iterable[tuple[int, int, int, int]]) -> frozenset[tuple[int, int, int, int]]:
    """Signatures plus their neighbours one step off on each side.

    The bounding-box log reports a stroked line with its stroke width, ``get_drawings`` without
    it, so the same running rule can round one step apart in the two.
    """
    steps = (-1, 0, 1)
    return frozenset(
        (x0 + a, y0 + b, x1 + c, y1 + d)
        for x0, y0, x1, y1 in signatures
        for a, b, c, d in itertools.product(steps, repeat=4)
    )


def build_context(pdf: pymupdf.Document, body_size: float | None = None) -> FigureContext:
    """Scan the document once for images and ink repeated on many pages (logos, rules).

    Uses the cheap bounding-box log: an image or path drawn at the same place on many pages
    is furniture, whatever its content or xref. ``body_size`` is sampled here unless the
    caller already measured it.
    """
    if body_size is None:
        body_size = document_body_size(page_dict(pdf[i]) for i in sample_pages(len(pdf)))
    pages = len(pdf)
    image_pages: Counter[tuple[int, int, int, int]] = Counter()
    ink_pages: Counter[tuple[int, int, int, int]] = Counter()
    with_images, with_paths = set(), set()
    for index in range(pages):
        page = pdf[index]
        log = page.get_bboxlog()
        matrix = display_matrix(page)
        images = {_signature(_displayed(box, matrix)) for kind, box in log if kind.endswith("image")}
        paths = {_signature(_displayed(box, matrix)) for kind, box in log if kind.endswith("path")}
        image_pages.update(images)
        ink_pages.update(paths)
        if images:
            with_images.add(index)
        if paths:
            with_paths.add(index)
    need, art = _repeat_threshold(pages), _art_threshold(pages)
    return FigureContext(
        page_count=pages,
        body_size=body_size,
        repeated_images=_fuzzy(s for s, n in image_pages.items() if n >= art),
        repeated_ink=_fuzzy(s for s, n in ink_pages.items() if n >= (need if _thin(s) else art)),
        pages_with_images=frozenset(with_images),
        pages_with_paths=frozenset(with_paths),
    )


def page_bbox(page: pymupdf.Page) -> BBox:
    """The displayed page as a BBox, the frame every ink box is clipped to."""
    r = page.rect
    return BBox(r.x0, r.y0, r.x1, r.y1)


def _clip(box: Sequence[float], page_box: BBox) -> BBox | None:
    """Box clipped to the page, or None when it lies outside or is degenerate."""
    x0, y0 = max(box[0], page_box.x0), max(box[1], page_box.top)
    x1, y1 = min(box[2], page_box.x1), min(box[3], page_box.bottom)
    if x1 < x0 or y1 < y0 or (x1 - x0) + (y1 - y0) < 1.0:
        return None
    return BBox(x0, y0, x1, y1)


def _kind_of(box: BBox, default: InkKind) -> InkKind:
    return "rule" if min(box.width, box.height) <= RULE_THICKNESS else default


def display_matrix(page: pymupdf.Page) -> pymupdf.Matrix | None:
    """The page's rotation matrix, None when it is not rotated (read once: a property call costs)."""
    return page.rotation_matrix if page.rotation else None


def _displayed(box: Any, matrix: pymupdf.Matrix | None) -> tuple[float, float, float, float]:
    """A box in displayed-page coordinates: PyMuPDF reports ink on the unrotated page."""
    if matrix is None:
        return box[0], box[1], box[2], box[3]
    r = pymupdf.Rect(box) * matrix
    return r.x0, r.y0, r.x1, r.y1


def _image_inks(page: pymupdf.Page, page_box: BBox, context: FigureContext) -> list[Ink]:
    """Raster images on the page, minus logos repeated across the document and full-page scans."""
    if context.pages_with_images is not None and page.number not in context.pages_with_images:
        return []
    out = []
    matrix = display_matrix(page)
    for info in _image_info(page):
        box = _clip(_displayed(info["bbox"], matrix), page_box)
        if box is None or box.area > 0.9 * page_box.area:
            continue
        kind = _kind_of(box, "image")
        # a logo repeated on many pages is furniture; a 1-pixel image reused as a rule is not
        if kind == "image" and _signature(_displayed(info["bbox"], matrix)) in context.repeated_images:
            continue
        out.append(Ink(box, kind, info.get("xref", 0)))
    return out


def _image_info(page: pymupdf.Page) -> list[dict[str, Any]]:
    """Images drawn on the page with their xref (0 for inline images).

    PyMuPDF finds xrefs by decoding every image to hash it; an image whose pixel size is
    unique among the page's image objects is matched by that size instead, at no cost.
    """
    infos = page.get_image_info()
    by_size: dict[tuple[int, int], list[int]] = {}
    for item in page.get_images():
        by_size.setdefault((item[2], item[3]), []).append(item[0])
    if any(len(by_size.get((i["width"], i["height"]), ())) > 1 for i in infos):
        return page.get_image_info(xrefs=True)
    return [{**i, "xref": by_size.get((i["width"], i["height"]), [0])[0]} for i in infos]


def _path_shape(items: Sequence[tuple[Any, ...]]) -> InkKind:
    """ "box" for paths made of rectangles and axis-aligned lines, else "path" (a drawn shape).

    Points are (x, y) pairs, as ``get_cdrawings`` gives them (a ``Point`` unpacks the same way).
    """
    for item in items:
        if item[0] == "re":
            continue
        if item[0] == "l":
            (ax, ay), (bx, by) = item[1], item[2]
            if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:
                continue
        return "path"
    return "box"


def _is_invisible(path: dict[str, Any]) -> bool:
    """Paths that paint nothing visible: fully transparent, or white fill without a stroke."""
    if path.get("type") == "f":
        if path.get("fill_opacity") == 0.0:
            return True
        fill = path.get("fill")
        return fill is not None and len(fill) > 0 and min(fill) > 0.97
    return False


def _path_inks(page: pymupdf.Page, page_box: BBox, context: FigureContext) -> list[Ink]:
    """Vector paths, minus invisible ones, page backgrounds and ink repeated on many pages."""
    if context.pages_with_paths is not None and page.number not in context.pages_with_paths:
        return []
    out = []
    matrix = display_matrix(page)
    for path, rect in _visible_paths(page):
        box = _clip(_displayed(rect, matrix), page_box)
        if box is None or _is_invisible(path) or box.area > 0.6 * page_box.area:
            continue
        if _signature((box.x0, box.top, box.x1, box.bottom)) in context.repeated_ink:
            continue
        out.append(Ink(box, _kind_of(box, _path_shape(path["items"]))))
    return out


def _visible_paths(page: pymupdf.Page) -> Iterator[tuple[dict[str, Any], tuple[float, float, float, float]]]:
    """Drawn paths with the part of their box that their clip paths let show.

    A trimmed figure (LaTeX ``\\includegraphics[trim, clip]``, a legend outside a clipped plot)
    still reports its hidden ink at full size; clipped away, it would stretch the figure's box.
    Paths come in PyMuPDF's raw form (points and boxes as tuples): ``get_drawings`` would turn
    every point of every path into a ``Point`` object, which costs more than the rest of the step.
    """
    clips: list[tuple[int, tuple[float, ...]]] = []  # enclosing clips, outermost first
    for item in page.get_cdrawings(extended=True):
        level = item.get("level", 0)
        while clips and clips[-1][0] >= level:
            clips.pop()
        kind = item.get("type")
        if kind == "clip":
            clips.append((level, item["scissor"]))
            continue
        if kind == "group":
            continue
        x0, y0, x1, y1 = item["rect"]
        if clips:
            cx0, cy0, cx1, cy1 = clips[-1][1]
            # clamped by hand: a straight line's rect is flat, which Rect's "&" treats as empty
            x0, y0 = max(x0, cx0), max(y0, cy0)
            x1, y1 = min(x1, cx1), min(y1, cy1)
            if x0 > x1 or y0 > y1:
                continue  # wholly clipped away
        yield item, (x0, y0, x1, y1)


def near(a: BBox, b: BBox, gap: float) -> bool:
    """True when the boxes touch or lie within ``gap`` points of each other (one cluster)."""
    return a.x0 - gap <= b.x1 and b.x0 - gap <= a.x1 and a.top - gap <= b.bottom and b.top - gap <= a.bottom


def cluster_inks(inks: Sequence[Ink], gap: float = CLUSTER_GAP) -> list[list[Ink]]:
    """Group ink that touches (within ``gap`` points) into clusters; a sweep keeps it near-linear."""
    clusters: list[tuple[BBox, list[Ink]]] = []
    for ink in sorted(inks, key=lambda i: (i.bbox.top, i.bbox.x0)):
        for idx, (box, members) in enumerate(clusters):
            if near(box, ink.bbox, gap):
                members.append(ink)
                clusters[idx] = (box.union(ink.bbox), members)
                break
        else:
            clusters.append((ink.bbox, [ink]))
    merged = True
    while merged:
        merged = False
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                if near(clusters[i][0], clusters[j][0], gap):
                    box = clusters[i][0].union(clusters[j][0])
                    clusters[i] = (box, clusters[i][1] + clusters[j][1])
                    del clusters[j]
                    merged = True
                    break
            if merged:
                break
    return [members for _, members in clusters]


def page_inks(page: pymupdf.Page, context: FigureContext) -> list[Ink]:
    """All visible graphic elements of a page that are not document furniture.

    The last page's ink is cached in the context: tables and figures both need it.
    """
    if context._inks is not None and context._inks[0] == page.number:
        return context._inks[1]
    page_box = page_bbox(page)
    inks = _image_inks(page, page_box, context) + _path_inks(page, page_box, context)
    context._inks = (page.number, inks)
    return inks


def render_crop(page: pymupdf.Page, box: BBox, dpi: int) -> ImageData:
    """PNG crop of ``box`` at ``dpi`` (lowered for huge crops, so memory stays bounded)."""
    clip = pymupdf.Rect(box.x0, box.top, box.x1, box.bottom) & page.rect
    scale = dpi / 72
    pixels = clip.width * clip.height * scale * scale
    if pixels > MAX_CROP_PIXELS:
        dpi = max(36, int(dpi * math.sqrt(MAX_CROP_PIXELS / pixels)))
    try:
        pix = page_memo.pixmap(page, clip=clip, dpi=dpi)
        data = pix.tobytes("png")
    except (RuntimeError, ValueError) as exc:
        location = page.parent.name or "<pdf>"
        raise ParseError(
            location, f"page {page.number + 1}: cannot render crop {box.as_list()}: {exc}"
        ) from exc
    return ImageData(data=data, mime="image/png", width=pix.width, height=pix.height)


def is_pale(doc: pymupdf.Document, xref: int) -> bool:
    """True when (almost) no pixel of the image is darker than light grey."""
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if pix.alpha or pix.n != 1:
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
        while pix.width * pix.height > 250_000:
            pix.shrink(1)
    except (RuntimeError, ValueError):  # undecodable image data: keep the image
        return False
    samples = pix.samples
    dark = sum(samples[i] < 180 for i in range(0, len(samples), max(1, len(samples) // 20_000)))
    return dark / max(1, min(len(samples), 20_000)) < 0.01


def algorithm_zones(blocks: Sequence[Node], inks: Sequence[Ink]) -> list[BBox]:
    """Boxes of pseudo-code floats ("Algorithm 1: ..."): the frame drawn around the labelled block,
    or the rules above it and closing it below (algorithm2e's boxed and ruled styles).

    Their frames and rules are neither figure nor table ink, and what is inside is text, so both
    detectors leave the zones alone and stop at them.
    """
    zones = []
    for block in blocks:
        box = block.bbox
        if box is None or not _ALGORITHM.match(block.text):
            continue
        line = box.height / max(1, len(block.meta.get("lines") or [None]))
        zone = _algorithm_frame(box, inks, line) or _algorithm_rules(box, inks, line)
        if zone is not None:
            zones.append(zone)
    return zones


def _algorithm_frame(label: BBox, inks: Sequence[Ink], line: float) -> BBox | None:
    """The smallest drawn box holding the label in its first lines."""
    frames = [
        i.bbox
        for i in inks
        if i.kind in ("box", "path") and i.bbox.contains(label, 2.0) and label.top - i.bbox.top <= 3 * line
    ]
    return min(frames, key=lambda b: b.area, default=None)


def _algorithm_rules(label: BBox, inks: Sequence[Ink], line: float) -> BBox | None:
    """From the rule just above the label to the next rule of the same length well below it."""
    rules = [
        i.bbox
        for i in inks
        if i.kind == "rule" and i.bbox.width > i.bbox.height and i.bbox.x0 <= label.x0 + 2
    ]
    tops = [r for r in rules if -1 <= label.top - r.bottom <= 1.5 * line and r.x1 >= label.x1 - 2]
    if not tops:
        return None
    top = max(tops, key=lambda r: r.bottom)
    below = [
        r
        for r in rules
        if abs(r.x0 - top.x0) <= 4 and abs(r.x1 - top.x1) <= 4 and r.top > label.bottom + 0.8 * line
    ]
    if not below:
        return None
    return top.union(min(below, key=lambda r: r.top))
