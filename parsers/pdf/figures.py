"""Figures on a PDF page: raster images and vector drawings, grown from their captions.

The approach follows pdffigures2: a figure caption anchors a search region between the caption
and the nearest body text in the caption's column (or across columns when the other column is
empty there); all ink (images, paths, thin rules) and non-body text in that region form one
figure, so sub-panels (a)(b) and axis labels stay together. Ink left over that is large enough
and not a table ruling becomes an uncaptioned figure. Ink repeated on many pages (logos, running
rules) is learnt once per document in ``build_context`` and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pymupdf

from docbuild.captions import (
    SIDE_GAP,
    Caption,
    TextStats,
    caption_text,
    column_range,
    find_captions,
    is_body_text,
    is_horizontal,
    is_two_column,
    mark_caption,
    text_stats,
    tie_captions,
)
from docbuild.model import BBox, Node, NodeType
from docbuild.options import PdfOptions
from parsers.pdf.ink import (
    FigureContext,
    Ink,
    algorithm_zones,
    build_context,
    cluster_inks,
    is_pale,
    near,
    page_bbox,
    page_inks,
    render_crop,
)

__all__ = ["FigureContext", "Ink", "VisualResult", "build_context", "detect_figures", "render_crop"]

# An uncaptioned figure must be at least this big (points, square points).
MIN_SIDE = 32.0
MIN_AREA = 2500.0
_PANEL = re.compile(r"\s*\(?[a-zA-Z]\)")
_NUMBER = re.compile(r"[-\u2212+]?\d+(?:[.,]\d+)*%?")
# sentences, or a paragraph's tail: a letter first, five words or more, a full stop (or ? !) at the end
_SENTENCES = re.compile(r"[^\W\d_][^\n]*?(?:\S+\s+){4,}\S*[.!?][)\"'\u201d\u2019]?")
# the end of a sentence: a word of three letters or more and a full stop (or ? !)
_SENTENCE_END = re.compile(r"[^\W\d_]{3}[.!?][)\"'\u201d\u2019]?$")


@dataclass(frozen=True)
class VisualResult:
    """What a visual detector returns: FIGURE/TABLE nodes and the page's remaining blocks."""

    visuals: list[Node]
    blocks: list[Node]


def _in_band(box: BBox, x0: float, x1: float, top: float, bottom: float, share: float = 0.5) -> bool:
    """More than ``share`` of ``box`` lies inside the band (thin boxes: their centre does)."""
    band = BBox(x0, top, x1, bottom)
    if box.area < 1.0:
        cx, cy = box.center
        return x0 <= cx <= x1 and top <= cy <= bottom
    return box.overlap_area(band) > share * box.area


@dataclass
class PageScene:
    """Everything the caption-anchored search needs about one page."""

    page_box: BBox
    inks: list[Ink]
    blocks: list[Node]
    stats: TextStats
    captions: list[Caption]
    two_column: bool = True
    doc: pymupdf.Document | None = None
    # regions already grown on this page, by (caption, side, band): several steps ask the same
    grown: dict[tuple[int, bool, float, float], BBox | None] = field(default_factory=dict, repr=False)
    # ink clusters standing on a caption, by (caption, side): see _standing
    standing: dict[tuple[int, bool], list[BBox]] = field(default_factory=dict, repr=False)
    # graphics that side captions (set left or right of their figure) describe, by caption
    beside: dict[int, BBox] = field(default_factory=dict, repr=False)
    # pseudo-code floats: their frames are no figure's ink, they stop a figure's growth like prose
    algorithms: list[BBox] = field(default_factory=list)
    # visuals found before the figures (tables): other floats' ground, never this figure's
    visuals: list[BBox] = field(default_factory=list)

    @cached_property
    def images(self) -> list[BBox]:
        """Boxes of the page's raster images."""
        return [i.bbox for i in self.inks if i.kind == "image"]

    def on_image(self, box: BBox) -> bool:
        """Text drawn mostly over a raster image: a screenshot's text layer, not the page's text."""
        return any(box.overlap_area(im) > 0.5 * box.area for im in self.images)

    def body_blocks(self, min_lines: int = 1) -> list[BBox]:
        """Prose blocks, except text drawn over a raster image (screenshots carry text layers)."""
        return [
            b.bbox
            for b in self.blocks
            if b.bbox is not None
            and is_body_text(b, self.stats)
            and len(b.meta.get("lines") or [None]) >= min_lines
            and not self.on_image(b.bbox)
        ]

    @cached_property
    def small_print(self) -> list[BBox]:
        """Paragraphs in a smaller size than the body (a column of references or notes): two lines or
        more, one of them 40 characters long. A figure's own text (legends, tick labels) is short, a
        screenshot's lies over its image, a panel's caption starts with its letter; captions count
        apart. Computed once per page."""
        out = []
        for b in self.blocks:
            lines = b.meta.get("lines") or []
            if b.bbox is None or len(lines) < 2 or is_body_text(b, self.stats) or _is_caption_part(self, b):
                continue
            if _PANEL.match(b.text):  # a panel's own caption, "(b) ...", is part of its figure
                continue
            if max(len(str(ln.get("text", ""))) for ln in lines) < 40:
                continue
            if not self.on_image(b.bbox):
                out.append(b.bbox)
        return out

    @cached_property
    def prose_lines(self) -> list[BBox]:
        """Short paragraphs too short for ``is_body_text`` (under 60 characters) that still read as
        prose, in the body size: a sentence's worth of words as wide as a column's lines, or whole
        sentences set flush with the left edge of a paragraph or a caption (a one-line paragraph right
        above a chart, a paragraph's last line carried over to the top of a page above a figure, on a
        page of floats with no paragraph of its own). A figure's labels are short or small; a
        paragraph's first line set between two floats is not. Computed once per page."""
        column = self.page_box.width / 2.6
        lefts = [b.x0 for b in self.body_blocks()] + [c.bbox.x0 for c in self.captions]
        return [
            b.bbox
            for b in self.blocks
            if b.bbox is not None
            and b.type is not NodeType.CAPTION
            and (
                (b.bbox.width >= 0.8 * column and len(b.text) >= 40 and len(b.text.split()) >= 6)
                or (_reads_as_sentences(b.text.strip()) and any(abs(x - b.bbox.x0) <= 1.5 for x in lefts))
            )
            and not _PANEL.match(b.text)
            and _body_sized(b, self.stats.body_size)
            and not is_body_text(b, self.stats)
            and not _is_caption_part(self, b)
            and not self.on_image(b.bbox)
        ]


def _reads_as_sentences(text: str) -> bool:
    """Whole sentences of five words or more, or the end of a sentence carried over from the column
    before however short: a lower-case word first ('number of parameters.'). A figure's label that
    ends in a full stop starts with a capital or a panel letter ('a.', 'b. Loss.')."""
    if _SENTENCES.fullmatch(text):
        return True
    first = text.split(maxsplit=1)[0] if text else ""
    return first[:2].isalpha() and first[0].islower() and bool(_SENTENCE_END.search(text))


def _body_sized(block: Node, body_size: float) -> bool:
    """Every line of the block is set in the body font size."""
    lines = block.meta.get("lines") or []
    return bool(lines) and all(abs(float(ln.get("size") or 0) - body_size) <= 0.75 for ln in lines)


def _bound(scene: PageScene, cap: Caption, x0: float, x1: float, above: bool, captions: bool = True) -> float:
    """Nearest text (body text, short prose lines, small print such as references; above or below the
    caption itself) or other caption in the search direction."""
    cbox = cap.bbox
    cx0, cx1 = max(x0, cbox.x0), min(x1, cbox.x1)
    prose = [*scene.body_blocks(), *scene.prose_lines, *_small_print_stops(scene, above), *scene.algorithms]
    stops = [b for b in prose if b.x0 < cx1 and b.x1 > cx0]
    stops += [
        c.bbox
        for c in scene.captions
        if captions
        and c is not cap
        and c.bbox.x0 < x1
        and c.bbox.x1 > x0
        and not _beside_caption(scene, cap, c, above)
    ]
    stops += [r for k, r in scene.beside.items() if k != id(cap) and r.x0 < cx1 and r.x1 > cx0]
    if above:
        edges = [b.bottom for b in stops if b.bottom <= cbox.top + 1]
        return max(edges, default=scene.page_box.top)
    edges = [b.top for b in stops if b.top >= cbox.bottom - 1]
    return min(edges, default=scene.page_box.bottom)


def _inside_graphic(scene: PageScene, box: BBox, above: bool) -> bool:
    """Small print with drawn or pictured ink just beyond it (within three body lines, the way the
    search goes, over its width): text set between the parts of a figure (a question under a drawn
    table, a panel's note), not a column of references or notes, which ends the search."""
    reach = 3 * (scene.stats.body_size or 10.0)
    top, bottom = (box.top - reach, box.top) if above else (box.bottom, box.bottom + reach)
    return any(
        i.kind != "rule"
        and i.bbox.x0 < box.x1
        and i.bbox.x1 > box.x0
        and i.bbox.bottom > top
        and i.bbox.top < bottom
        for i in scene.inks
    )


def _beside_caption(scene: PageScene, cap: Caption, other: Caption, above: bool, reach: float = 40.0) -> bool:
    """``other`` is the caption of the figure next to ``cap``'s: a figure caption wholly left or right of
    it and nearly level, or with a graphic on the same side that shares height with ``cap``'s
    (side-by-side figures of different heights). It bounds the width of ``cap``'s search
    (``_cut_siblings`` splits the space between them), not its height: as a stop it would end the
    search at its own edge and leave ``cap`` nothing."""
    a, b = cap.bbox, other.bbox
    if other.kind != "figure" or (a.x0 < b.x1 and b.x0 < a.x1):
        return False
    if max(a.top - b.bottom, b.top - a.bottom) < reach:
        return True
    return any(
        g.top < h.bottom and h.top < g.bottom
        for g in _standing(scene, cap, above)
        for h in _standing(scene, other, above)
    )


def _cut_columns(
    scene: PageScene, cap: Caption, x0: float, x1: float, top: float, bottom: float
) -> tuple[float, float]:
    """Narrow the band so it stops short of the columns beside the figure.

    Prose (two lines or more; one-line labels inside the figure do not count) level with the search
    window, or small print (references, notes) level with the caption, wholly left or right of the
    caption is another column (three-column papers, a figure over two of them). Prose reaching two
    lines or less into the window is the text above or below a full-width float, whose columns end
    at slightly different heights. A table found already, or a table caption, level with the window
    and wholly beside the caption is another column's float (a three-column page the two-column guess
    spans).
    """
    cbox = cap.bbox
    least = 2 * scene.stats.body_size
    prose = [b for b in scene.body_blocks(min_lines=2) if min(b.bottom, bottom) - max(b.top, top) > least]
    # small print counts where its column reaches the caption: a legend beside the plot stops above it
    small = [b for b in scene.small_print if b.top < cbox.bottom and b.bottom > cbox.top]
    floats = [c.bbox for c in scene.captions if c.kind == "table"] + scene.visuals
    level = [b for b in floats if min(b.bottom, bottom) - max(b.top, top) > min(least, 0.5 * b.height)]
    for b in [*prose, *small, *level]:
        if b.x0 >= cbox.x1:
            x1 = min(x1, b.x0 - 2)
        elif b.x1 <= cbox.x0:
            x0 = max(x0, b.x1 + 2)
    return x0, x1


def _cut_siblings(
    scene: PageScene, cap: Caption, x0: float, x1: float, top: float, bottom: float
) -> tuple[float, float]:
    """Narrow the band so it stops short of sibling figures: a figure caption level with this one belongs
    to the figure next door, so the two share the space between the captions."""
    cbox = cap.bbox
    for other in scene.captions:
        if other is cap or other.kind != "figure" or not x0 < other.bbox.center[0] < x1:
            continue  # (the caption of the figure in the next column, not a sibling in this one)
        if other.bbox.x1 > cbox.x0 + 5 and other.bbox.x0 < cbox.x1 - 5:
            continue  # above or below this one, not beside it
        # level with this one, or beside the figure (side-by-side figures of different heights)
        level = abs(other.bbox.top - cbox.top) < 40 or (
            other.bbox.top < bottom + 60 and other.bbox.bottom > top
        )
        reaches = any(
            g.top < bottom and g.bottom > top for g in _standing(scene, other, bottom <= cbox.top + 1)
        )
        if not (level or reaches):
            continue
        if other.bbox.x0 >= cbox.x1 - 5:
            x1 = min(x1, (cbox.x1 + other.bbox.x0) / 2)
        elif other.bbox.x1 <= cbox.x0 + 5:
            x0 = max(x0, (other.bbox.x1 + cbox.x0) / 2)
    return x0, x1


def _standing(scene: PageScene, cap: Caption, above: bool, near: float = 40.0) -> list[BBox]:
    """The graphics standing on a caption (memoised): clusters of ink over its width, with the labels
    hugging them, that end right above it (``above``) or start right below it. Beside a short figure,
    a taller one puts its caption further down by however much taller it is; its graphic still
    shares height with the short one."""
    key = (id(cap), above)
    if key not in scene.standing:
        c = cap.bbox
        column = [i for i in scene.inks if i.bbox.x0 < c.x1 and i.bbox.x1 > c.x0]
        boxes = [
            _with_labels(scene, BBox.of(i.bbox for i in members))
            for members in cluster_inks(column)
            if any(i.kind != "rule" for i in members)
        ]
        scene.standing[key] = [
            g for g in boxes if (-2 <= c.top - g.bottom <= near if above else -2 <= g.top - c.bottom <= near)
        ]
    return scene.standing[key]


def _small_print_stops(scene: PageScene, above: bool) -> list[BBox]:
    """The page's small print that ends a search going up (``above``) or down: all of it but the
    text set between the parts of a figure (``_inside_graphic``)."""
    return [b for b in scene.small_print if not _inside_graphic(scene, b, above)]


def _grow(scene: PageScene, cap: Caption, above: bool, x0: float, x1: float) -> BBox | None:
    """Union of ink and non-body text between the caption and the nearest body text (memoised)."""
    key = (id(cap), above, x0, x1)
    if key not in scene.grown:
        scene.grown[key] = _grow_region(scene, cap, above, x0, x1)
    return scene.grown[key]


def _grow_region(scene: PageScene, cap: Caption, above: bool, x0: float, x1: float) -> BBox | None:
    """The search behind ``_grow``: the band between caption and prose, its ink, the labels hugging it."""
    cbox = cap.bbox
    # the columns beside are found over the whole span up to prose: a caption in the next column (a
    # three-column page, where the band of a two-column guess reaches into it) is not this one's stop
    reach = _bound(scene, cap, x0, x1, above, captions=False)
    x0, x1 = _cut_columns(scene, cap, x0, x1, *((reach, cbox.top) if above else (cbox.bottom, reach)))
    limit = _bound(scene, cap, x0, x1, above)
    top, bottom = (limit, cbox.top) if above else (cbox.bottom, limit)
    if bottom - top < 8:
        return None
    x0, x1 = _cut_siblings(scene, cap, x0, x1, top, bottom)
    inside = [i for i in scene.inks if _in_band(i.bbox, x0, x1, top, bottom, 0.4)]
    if not inside:
        return None
    top, bottom = _unbroken(scene, inside, x0, x1, (top, bottom), above)
    inside = [i for i in inside if _in_band(i.bbox, x0, x1, top, bottom, 0.4)]
    region = _framed(inside) or BBox.of(i.bbox for i in inside)
    solid = [i for i in inside if i.kind != "rule"]
    if not solid and region.height < 20:
        return None
    prose = [*scene.body_blocks(min_lines=2), *_small_print_stops(scene, above)]
    labels = [
        (b.bbox, _reach(b))
        for b in scene.blocks
        if b.bbox is not None
        and b.type is not NodeType.CAPTION
        and not any(b is c.source or any(b is p for p in c.parts) for c in scene.captions)
        and not is_body_text(b, scene.stats)
        and _in_band(b.bbox, x0, x1, top, bottom, 0.6)
        and not _in_flow(b.bbox, prose)
    ]
    for _ in range(len(labels)):  # tick labels first, then the axis title beyond them
        hugging = [t for t, reach in labels if near(region, t, reach)]
        grown = BBox.of([region, *hugging])
        if grown == region:
            break
        region = grown
    return region.intersection(BBox(x0, top, x1, bottom))


def _unbroken(
    scene: PageScene, inks: Sequence[Ink], x0: float, x1: float, span: tuple[float, float], above: bool
) -> tuple[float, float]:
    """The band cut at the first blank strip taller than four lines past the graphic nearest the
    caption: a footnote rule or a float far beyond the figure is not part of it."""
    labels = [
        b.bbox
        for b in scene.blocks
        if b.bbox is not None
        and not _is_caption_part(scene, b)
        and _in_band(b.bbox, x0, x1, span[0], span[1], 0.6)
    ]
    # walk away from the caption; going up is walking down the page turned upside down
    sign = -1.0 if above else 1.0
    near_ends = [
        (sign * (i.bbox.bottom if above else i.bbox.top), sign * (i.bbox.top if above else i.bbox.bottom))
        for i in inks
    ]
    far_ends = [
        (sign * (b.bottom if above else b.top), sign * (b.top if above else b.bottom)) for b in labels
    ]
    start = min(a for a, _ in near_ends)
    edge = start
    blank = max(36.0, 4 * scene.stats.body_size)
    for a, b in sorted(near_ends + far_ends):
        if a < start:
            continue
        if a - edge > blank:
            cut = sign * edge + sign
            return (cut, span[1]) if above else (span[0], cut)
        edge = max(edge, b)
    return span


def _in_flow(box: BBox, prose: Sequence[BBox]) -> bool:
    """A short block set tight on a paragraph (or a reference) and flush with its left edge: the
    paragraph's heading or its last line, not a label of the figure next to it."""
    return any(
        abs(p.x0 - box.x0) <= 2
        and (-2 <= p.top - box.bottom <= 0.6 * box.height or -2 <= box.top - p.bottom <= 0.6 * box.height)
        for p in prose
    )


def _closer_below(cap: Caption, up: BBox | None, down: BBox | None, margin: float) -> bool:
    """The graphic below the caption is nearer than the one above by more than ``margin``."""
    if down is None:
        return False
    return up is None or _gap(cap.bbox, down, False) + margin < _gap(cap.bbox, up, True)


def _gap(cap: BBox, region: BBox, above: bool) -> float:
    """Distance between a caption and the region grown on one side of it."""
    return cap.top - region.bottom if above else region.top - cap.bottom


def _reach(block: Node) -> float:
    """How far a label may sit from the graphic: an axis title stands a line or two off its ticks, a
    bare number (a tick label) right at its tick; a number further off is the page number."""
    lines = block.meta.get("lines") or []
    text = block.text.strip()
    if not lines or len(text) > 20 or _is_number(text):
        return 12.0  # a sentence nearby (a footnote, a note) is not an axis title
    return max(12.0, 2.5 * float(lines[0].get("size") or 0))


def _is_number(text: str) -> bool:
    """A bare numeral ("12", "-0.5", "40%"): what tick labels and page numbers are."""
    return bool(_NUMBER.fullmatch(text))


def _framed(inks: Sequence[Ink]) -> BBox | None:
    """The frame drawn around a figure: it touches every other piece of ink and holds most of them.

    Images inside a frame are often clipped to it when painted, but are reported at their full
    size, which can run to the page edge; the frame is what the reader sees.
    """
    if not inks:
        return None
    # A frame touching every piece of ink reaches the extremes of all of them: a cheap test first.
    right_most_left = max(i.bbox.x0 for i in inks)
    left_most_right = min(i.bbox.x1 for i in inks)
    lowest_top = max(i.bbox.top for i in inks)
    highest_bottom = min(i.bbox.bottom for i in inks)
    for frame in inks:
        if frame.kind not in ("path", "box") or frame.bbox.area <= 0:
            continue
        box = frame.bbox.expand(1.0)
        if (
            box.x1 < right_most_left
            or box.x0 > left_most_right
            or box.bottom < lowest_top
            or box.top > highest_bottom
        ):
            continue
        others = [i for i in inks if i is not frame]
        held = sum(1 for i in others if _holds(box, i.bbox.center))
        # clipped hatching may poke out of the frame (or into it from next door), but only just
        if others and held >= 0.8 * len(others) and all(near(box, i.bbox, 0.0) for i in others):
            return frame.bbox
    return None


def _holds(box: BBox, point: tuple[float, float]) -> bool:
    return box.x0 <= point[0] <= box.x1 and box.top <= point[1] <= box.bottom


def _other_column_ink(scene: PageScene, region: BBox, x0: float, x1: float) -> bool:
    """True when the other column beside ``region`` holds ink of its own and no body text.

    That is a full-width figure whose caption happens to sit in one column; ink that merely
    spills over (an image wider than its clip) does not count, nor ink overlapping a visual already
    found (a table's shaded head its box was cut short of).
    """
    other = (x1, scene.page_box.x1) if x0 <= scene.page_box.x0 else (scene.page_box.x0, x0)
    band = BBox(other[0] - 2, region.top, other[1] + 2, region.bottom)
    if any(
        b.x0 < other[1] and b.x1 > other[0] and b.bottom > region.top and b.top < region.bottom
        for b in scene.body_blocks()
    ):
        return False
    return any(
        i.kind != "rule"
        and band.contains(i.bbox)
        and not any(i.bbox.overlap_area(v) > 0 for v in scene.visuals)
        for i in scene.inks
    )


def _sibling(scene: PageScene, cap: Caption, x0: float, x1: float, region: BBox) -> bool:
    """True when another figure caption sits beside ``cap``'s figure in the other column (side-by-side
    figures): level with ``cap``, or anywhere along the figure's height and just past it (figures of
    different heights put their captions at different heights)."""
    reach = 40.0
    return any(
        other is not cap
        and other.kind == "figure"
        and (other.bbox.x1 <= x0 + 10 or other.bbox.x0 >= x1 - 10)
        and (
            abs(other.bbox.top - cap.bbox.top) < reach
            or (other.bbox.top < region.bottom + 2 * reach and other.bbox.bottom > region.top - 2 * reach)
        )
        for other in scene.captions
    )


def grow_from_caption(scene: PageScene, cap: Caption, below_first: bool = False) -> BBox | None:
    """The figure region a caption describes: on its usual side (above it), unless the page's
    captions are set above their figures (``below_first``, decided for the page by
    ``caption_regions``: one caption's gaps alone mislead, white space inside a plot is common)."""
    x0, x1 = column_range(cap.bbox, scene.page_box, scene.two_column, scene.stats.mid)
    for above in [False, True] if below_first else [True, False]:
        region = _grow(scene, cap, above, x0, x1)
        if region is None:
            continue
        full = (scene.page_box.x0, scene.page_box.x1)
        if (
            (x0, x1) != full
            and _other_column_ink(scene, region, x0, x1)
            and not _sibling(scene, cap, x0, x1, region)
        ):
            wide = _grow(scene, cap, above, *full)
            if wide is not None and wide.width > region.width + 20:
                region = wide
        return region
    return None


def _text_cover(scene: PageScene, box: BBox) -> float:
    """Share of ``box`` covered by text blocks."""
    covered = sum(b.bbox.overlap_area(box) for b in scene.blocks if b.bbox is not None)
    return covered / max(box.area, 1.0)


def _is_figure_ink(members: Sequence[Ink], text_cover: float) -> bool:
    """Pictures and drawings qualify; a few framed or shaded boxes around text do not."""
    if any(i.kind in ("image", "path") for i in members):
        return True
    boxes = sum(1 for i in members if i.kind == "box")
    return boxes >= 5 and text_cover < 0.15


def _is_background(scene: PageScene, ink: Ink) -> bool:
    """A pale raster image with text printed over it is page decoration, not a figure."""
    if ink.kind != "image" or not ink.xref or scene.doc is None or _text_cover(scene, ink.bbox) < 0.1:
        return False
    return is_pale(scene.doc, ink.xref)


def _uncaptioned(scene: PageScene, taken: list[BBox]) -> list[BBox]:
    """Large leftover ink clusters that are not rulings, text frames or already taken.

    Clusters are seeded by solid ink only, so a page frame or a ruling around a picture does
    not glue unrelated things into one box.
    """
    free = [i for i in scene.inks if not any(t.contains(i.bbox, 2.0) for t in taken)]
    solid = [i for i in free if i.kind != "rule" and not _is_background(scene, i)]
    out = []
    for members in cluster_inks(solid):
        box = BBox.of(i.bbox for i in members)
        if box.width < MIN_SIDE or box.height < MIN_SIDE or box.area < MIN_AREA:
            continue
        if any(box.overlap_area(t) > 0.3 * box.area for t in taken):
            continue
        if not _is_figure_ink(members, _text_cover(scene, box)) or _is_decoration(scene, members, box):
            continue
        out.append(box)
    return out


def _is_decoration(scene: PageScene, members: Sequence[Ink], box: BBox) -> bool:
    """Uncaptioned images that are not content: near-blank watermarks, and small logos in the top band.

    A publisher or series logo sits by the masthead (starting in the top 15% of the page, ending
    in the top quarter) and covers under 3% of the page; content pictures without captions
    (author photos, screenshots) sit lower or are larger.
    """
    images = [i for i in members if i.kind == "image"]
    if not images or len(images) != len(members):
        return False
    page = scene.page_box
    top_band = box.top <= page.top + 0.15 * page.height and box.bottom <= page.top + 0.25 * page.height
    if top_band and box.area < 0.03 * page.area:
        return True
    return scene.doc is not None and all(i.xref and is_pale(scene.doc, i.xref) for i in images)


def _with_labels(scene: PageScene, box: BBox) -> BBox:
    """An uncaptioned graphic grown by the short labels hugging it (axis titles, tick labels)."""
    labels = [
        b.bbox
        for b in scene.blocks
        if b.bbox is not None
        and b.type is not NodeType.CAPTION
        and len(b.text) <= 60
        and not is_body_text(b, scene.stats)
        and not any(b is c.source for c in scene.captions)
    ]
    for _ in range(len(labels)):
        grown = BBox.of([box, *(t for t in labels if near(box, t, 12.0))])
        if grown == box:
            break
        box = grown
    return box


def _inner_blocks(blocks: Sequence[Node], region: BBox) -> list[Node]:
    """Text blocks lying (mostly) inside a figure region."""
    return [
        b
        for b in blocks
        if b.bbox is not None
        and b.type is not NodeType.CAPTION
        and b.bbox.overlap_area(region) > 0.6 * max(b.bbox.area, 1.0)
    ]


def _figure_node(
    page: pymupdf.Page,
    page_index: int,
    fid: str,
    region: BBox,
    cap: Caption | None,
    inner: list[Node],
    dpi: int,
) -> Node:
    return Node(
        type=NodeType.FIGURE,
        id=fid,
        page_index=page_index,
        bbox=region,
        image=render_crop(page, region, dpi),
        label=cap.label if cap else None,
        caption=caption_text(cap.block) if cap else None,
        caption_id=cap.block.id if cap else None,
        meta={"inner_text": [b.text for b in inner], "source": "pdf"},
    )


def page_scene(
    page: pymupdf.Page, page_index: int, blocks: Sequence[Node], context: FigureContext
) -> PageScene:
    """Ink, captions and text statistics of one page, minus ink already claimed by a visual."""
    page_box = page_bbox(page)
    inks = [i for i in page_inks(page, context) if not context.is_claimed(page_index, i.bbox)]
    zones = algorithm_zones(blocks, inks)
    inks = [i for i in inks if not any(z.contains(i.bbox, 2.0) for z in zones)]
    stats = text_stats(blocks, page_box, context.body_size)
    captions = find_captions(blocks)
    two_column = is_two_column(blocks, stats)
    scene = PageScene(
        page_box, inks, list(blocks), stats, captions, two_column, page.parent, algorithms=zones
    )
    scene.visuals = list(context.claimed.get(page_index, []))  # the tables, found first
    return scene


def caption_regions(
    scene: PageScene, page_index: int, context: FigureContext
) -> list[tuple[BBox, Caption | None]]:
    """Regions grown from the page's figure captions (one per caption, overlaps resolved)."""
    found: list[tuple[BBox, Caption | None]] = []
    captions = [c for c in scene.captions if c.kind == "figure"]
    for cap in captions:
        side = side_graphic(scene, cap)
        if side is not None:
            scene.beside[id(cap)] = side
    below_first = _captions_above_figures(scene, [c for c in captions if id(c) not in scene.beside])
    grown = [scene.beside.get(id(cap)) or grow_from_caption(scene, cap, below_first) for cap in captions]
    if not below_first:
        grown = _split_facing(scene, captions, grown)
    for cap, region in zip(captions, grown, strict=True):
        if region is not None and any(region.iou(r) > 0.5 for r, _ in found):
            # the graphic on this side is another caption's figure: this one is on the other side
            region = grow_from_caption(scene, cap, not below_first)
        if region is not None and not context.is_claimed(page_index, region):
            found.append((region, cap))
    return _drop_overlapping(found)


def _split_facing(
    scene: PageScene, captions: Sequence[Caption], regions: Sequence[BBox | None]
) -> list[BBox | None]:
    """Regions of facing captions cut apart: a caption that grew down (set above its figure) and the
    next caption below, which grew up over the same ink, share it at the widest blank horizontal strip
    between them. Only on pages whose captions sit below their figures: where all sit above (reports),
    a caption growing up is a fallback and a strip inside a figure would cut its panels apart."""
    out = list(regions)
    for i, (upper, down) in enumerate(zip(captions, regions, strict=True)):
        if down is None or down.top < upper.bbox.bottom - 1 or id(upper) in scene.beside:
            continue
        for j, (lower, up) in enumerate(zip(captions, regions, strict=True)):
            if (
                up is None
                or id(lower) in scene.beside
                or lower.bbox.top < upper.bbox.bottom
                or up.bottom > lower.bbox.top + 1
                or up.overlap_area(down) < 0.5 * min(up.area, down.area)
            ):
                continue
            a, b = out[i], out[j]
            cut = _widest_blank(scene, BBox.of([down, up]))
            if a is None or b is None or cut is None or not (a.top < cut[0] and cut[1] < b.bottom):
                continue
            out[i] = _held(scene, BBox(a.x0, a.top, a.x1, min(a.bottom, cut[0])))
            out[j] = _held(scene, BBox(b.x0, max(b.top, cut[1]), b.x1, b.bottom))
    return out


def _held(scene: PageScene, box: BBox) -> BBox | None:
    """``box`` shrunk to the ink and non-caption text mostly inside it: a region cut short loses the
    width that only the ink beyond the cut gave it."""
    inks = [i for i in scene.inks if _in_band(i.bbox, box.x0, box.x1, box.top, box.bottom)]
    if all(i.kind == "rule" for i in inks):
        return None
    parts = [i.bbox for i in inks]
    parts += [
        b.bbox
        for b in scene.blocks
        if b.bbox is not None
        and not _is_caption_part(scene, b)
        and _in_band(b.bbox, box.x0, box.x1, box.top, box.bottom)
    ]
    return BBox.of(parts).intersection(box)


def _widest_blank(scene: PageScene, band: BBox, least: float = 4.0) -> tuple[float, float] | None:
    """The tallest strip across ``band`` with no ink or text in it (its top and bottom), ink on both sides."""
    spans = sorted(
        (max(box.top, band.top), min(box.bottom, band.bottom))
        for box in [*(i.bbox for i in scene.inks), *(b.bbox for b in scene.blocks if b.bbox is not None)]
        if box.x0 < band.x1 and box.x1 > band.x0 and box.top < band.bottom and box.bottom > band.top
    )
    best: tuple[float, float] | None = None
    edge = None
    for top, bottom in spans:
        if edge is not None and top - edge >= least and (best is None or top - edge > best[1] - best[0]):
            best = (edge, top)
        edge = bottom if edge is None else max(edge, bottom)
    return best


def side_graphic(scene: PageScene, cap: Caption) -> BBox | None:
    """The graphic a side caption describes: a narrow caption set level with it, left or right.

    Only a caption narrow for the page's text area (under 40% of its width) with nothing drawn just
    above or below it qualifies (under one of two side-by-side figures, the other figure is
    beside the caption too); the side reaches to the prose level with the caption or the page edge.
    """
    cb = cap.bbox
    text = [b.bbox for b in scene.blocks if b.bbox is not None]
    text_width = max(b.x1 for b in text) - min(b.x0 for b in text)
    if cb.width > 0.4 * text_width or not is_horizontal(cap.block) or _stacked_graphic(scene, cb):
        return None
    # the side reaches across the column gap unless prose is level with the caption there
    level = [b for b in scene.body_blocks() if b.top < cb.bottom and b.bottom > cb.top]
    x0 = max([scene.page_box.x0, *(b.x1 + 2 for b in level if b.x1 <= cb.x0)])
    x1 = min([scene.page_box.x1, *(b.x0 - 2 for b in level if b.x0 >= cb.x1)])
    for side in ((x0, cb.x0 - 1), (cb.x1 + 1, x1)):
        region = _level_graphic(scene, cb, side)
        if region is not None:
            return region
    return None


def _stacked_graphic(scene: PageScene, cb: BBox, gap: float = 16.0) -> bool:
    """Ink or a figure label right above or below the caption, overlapping it horizontally. A sentence
    in small print (a reference's last line starting the next column) is no label."""
    boxes = [i.bbox for i in scene.inks if i.kind != "rule"]
    boxes += [
        b.bbox
        for b in scene.blocks
        if b.bbox is not None
        and not is_body_text(b, scene.stats)
        and not _is_caption_part(scene, b)
        and not _is_sentence(b.text)
    ]
    for box in boxes:
        overlap = min(box.x1, cb.x1) - max(box.x0, cb.x0)
        if overlap < 0.3 * cb.width:
            continue
        # tick labels squeezed onto the caption may cut into its first line by a third of their height
        tuck = max(2.0, box.height / 3)
        if -tuck <= cb.top - box.bottom <= gap or -tuck <= box.top - cb.bottom <= gap:
            return True
    return False


def _is_sentence(text: str) -> bool:
    """Four words or more ending in a full stop, not a panel label ("(b) Validation set.")."""
    words = text.split()
    return len(words) >= 4 and text.rstrip().endswith(".") and not _PANEL.match(text)


def _is_caption_part(scene: PageScene, block: Node) -> bool:
    return any(block is c.source or any(block is p for p in c.parts) for c in scene.captions)


def _level_graphic(scene: PageScene, cb: BBox, side: tuple[float, float]) -> BBox | None:
    """The graphic on one side of a caption, level with it: the ink between the prose above and below."""
    x0, x1 = side
    if x1 - x0 < MIN_SIDE:
        return None
    prose = [b for b in scene.body_blocks() if b.x0 < x1 and b.x1 > x0]
    if any(b.top < cb.bottom and b.bottom > cb.top for b in prose):
        return None
    top = max((b.bottom for b in prose if b.bottom <= cb.top), default=scene.page_box.top)
    bottom = min((b.top for b in prose if b.top >= cb.bottom), default=scene.page_box.bottom)
    others = [c.bbox for c in scene.captions if c.bbox != cb and c.bbox.x0 < x1 and c.bbox.x1 > x0]
    top = max([top, *(c.bottom for c in others if c.bottom <= cb.top)])
    bottom = min([bottom, *(c.top for c in others if c.top >= cb.bottom)])
    band = BBox(x0, top, x1, bottom)
    inside = [i for i in scene.inks if _in_band(i.bbox, x0, x1, top, bottom, 0.6)]
    level = None
    for members in cluster_inks(inside):
        if all(i.kind == "rule" for i in members):
            continue
        box = _with_labels(scene, BBox.of(i.bbox for i in members)).intersection(band)
        if box is None or min(box.x1 - x0, x1 - box.x0) < 0:
            continue
        gap = cb.x0 - box.x1 if box.x1 <= cb.x0 + 1 else box.x0 - cb.x1
        shared = min(box.bottom, cb.bottom) - max(box.top, cb.top)
        if gap <= SIDE_GAP and shared >= 0.5 * min(cb.height, box.height):
            level = box if level is None else level.union(box)
    if level is None:
        return None
    row = [i.bbox for i in inside if i.bbox.top < level.bottom + 2 and i.bbox.bottom > level.top - 2]
    region = _with_labels(scene, BBox.of([level, *row])).intersection(band)
    if region is None or region.width < MIN_SIDE or region.area < MIN_AREA:
        return None
    return region


def _captions_above_figures(scene: PageScene, captions: Sequence[Caption]) -> bool:
    """Most of the page's figure captions sit closer to a graphic below them than above: the
    document sets captions above figures (reports do), so every caption looks below first."""
    if len(captions) < 2:
        return False
    votes = 0
    for cap in captions:
        x0, x1 = column_range(cap.bbox, scene.page_box, scene.two_column, scene.stats.mid)
        up, down = _grow(scene, cap, True, x0, x1), _grow(scene, cap, False, x0, x1)
        votes += _closer_below(cap, up, down, 2.0)
    return votes * 2 > len(captions)


def detect_figures(
    page: pymupdf.Page,
    page_index: int,
    blocks: list[Node],
    options: PdfOptions,
    context: FigureContext | None = None,
) -> VisualResult:
    """Figures of one page (captioned and not) and the blocks left once their text is taken.

    Ids are provisional per page (``fig-p{page}-{k}``); parse() renumbers them across the
    document in reading order (and must rewrite caption meta["caption_of"] the same way).
    """
    context = context or FigureContext(page_count=1)
    scene = page_scene(page, page_index, blocks, context)
    found = caption_regions(scene, page_index, context)
    taken = [r for r, _ in found] + context.claimed.get(page_index, [])
    loose = _uncaptioned(scene, taken)
    tied = {id(c) for _, c in found if c is not None}
    waiting = [c for c in scene.captions if c.kind == "figure" and id(c) not in tied]
    ties = tie_captions([c.bbox for c in waiting], loose, "figure")
    by_region = {ri: waiting[ci] for ci, ri in ties.items()}
    for k, box in enumerate(loose):
        grown = _with_labels(scene, box)
        same = next((i for i, (r, _) in enumerate(found) if r.iou(grown) > 0.8), None)
        if same is None:
            found.append((grown, by_region.get(k)))
        elif found[same][1] is None and k in by_region:
            found[same] = (found[same][0], by_region[k])  # two panels labelled into one graphic
    return _assemble(page, page_index, blocks, options, context, found)


def _drop_overlapping(found: list[tuple[BBox, Caption | None]]) -> list[tuple[BBox, Caption | None]]:
    """When two captions grew the same region, keep the one whose caption is closer."""
    out: list[tuple[BBox, Caption | None]] = []
    for region, cap in found:
        clash = next((k for k, (r, _) in enumerate(out) if r.iou(region) > 0.5), None)
        if clash is None:
            out.append((region, cap))
    return out


def _assemble(
    page: pymupdf.Page,
    page_index: int,
    blocks: list[Node],
    options: PdfOptions,
    context: FigureContext,
    found: list[tuple[BBox, Caption | None]],
) -> VisualResult:
    """Build figure nodes, retype their captions and take their inner text out of the blocks."""
    visuals: list[Node] = []
    removed: set[int] = set()
    retyped: dict[int, Node] = {}
    for k, (region, cap) in enumerate(sorted(found, key=lambda f: (f[0].top, f[0].x0)), start=1):
        fid = f"fig-p{page_index}-{k}"
        inner = [b for b in _inner_blocks(blocks, region) if id(b) not in removed]
        removed.update(id(b) for b in inner)
        node = _figure_node(page, page_index, fid, region, cap, inner, options.dpi)
        if cap is not None:
            retyped[id(cap.source)] = mark_caption(cap.block, fid)
            node = node.with_meta(
                inner_text=[*cap.block.meta.get("figure_text", []), *node.meta["inner_text"]]
            )
        visuals.append(node)
        context.claim(page_index, region)
        if cap is not None:
            removed.update(id(part) for part in cap.parts)
    remaining = [retyped.get(id(b), b) for b in blocks if id(b) not in removed]
    return VisualResult(visuals=visuals, blocks=remaining)
