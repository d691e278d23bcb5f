"""OCR for scanned and image-only PDF pages: decide per page, then tesseract words -> lines -> blocks.

``page_needs_ocr`` reads only the text layer and image placements (cheap, so ``--ocr auto`` costs a
born-digital paper next to nothing). ``ocr_blocks`` renders the displayed page at ``ocr_dpi``, runs
tesseract through pytesseract's ``image_to_data`` and returns blocks in the shape of
``text.extract_blocks`` with boxes converted once from pixels to points (72 / dpi).

Invisible text layers (render mode 3 over a page-sized scan, as in backus1977_p21_scanned.pdf) are
*not* trusted in ``auto`` mode: they come from an unknown OCR engine with no confidences, boxes
that often do not match the glyphs and typical errors ("f~", "-="); we OCR those pages again, like
ocrmypdf's ``--redo-ocr``, so every OCR'd node carries our own confidences.

Picture regions of scanned pages (``scan_figure_regions``, ``tie_scan_captions``) live in
layout_model.py with the other layout detectors and are re-exported here.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

from docbuild.errors import MissingDependency, ParseError, ResourceLimit, require
from docbuild.model import BBox, Node, NodeType
from docbuild.options import PdfOptions
from parsers.pdf.layout_model import scan_figure_regions, tie_scan_captions

log = logging.getLogger(__name__)

# Text-layer verdict thresholds (fractions of the page area / of non-space characters).
MIN_CHARS = 20
BAD_GLYPH_RATIO = 0.25
TINY_TEXT_AREA = 0.05
IMAGE_COVER = 0.5
SCAN_COVER = 0.85
INVISIBLE_RATIO = 0.9
# Thumbnail resolution for telling an empty page from one drawn with vectors only.
BLANK_DPI = 24
# Render limits: a poster-sized page at 300 dpi would need gigabytes.
MAX_OCR_PIXELS = 60_000_000
# Mean |pixel - median3(pixel)| above which a page is median-filtered before OCR.
NOISE_LEVEL = 1.5
# Skew search range and the smallest skew worth correcting, in degrees.
MAX_SKEW = 5.0
MIN_SKEW = 0.3
# Ascender-to-descender height of Latin faces in em: turns a word box height into a font size.
EM_PER_WORD_BOX = 0.92
# Words tesseract reports below this confidence that hold no letter or digit are speckle.
NOISE_CONF = 50.0
# Below this mean confidence the page may be upside down or sideways: ask OSD.
OSD_RETRY_CONF = 55.0
# Grey level below which a pixel counts as ink.
INK_LEVEL = 200
INSTALL_HINT = (
    "install it with: apt-get install tesseract-ocr tesseract-ocr-eng (or run scripts/install-system.sh)"
)
_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


def _where(page: pymupdf.Page) -> str:
    """Human-readable location for errors: file name and 1-based page number."""
    name = page.parent.name if page.parent is not None else ""
    return f"{name or '<pdf>'} page {page.number + 1}"


# --------------------------------------------------------------------------- deciding


@dataclass(frozen=True, slots=True)
class TextLayerStats:
    """What the text layer of a page looks like, for the OCR decision."""

    chars: int
    bad_ratio: float
    text_cover: float
    image_cover: float
    invisible_ratio: float
    blank: bool = False

    @property
    def reason(self) -> str | None:
        """Why the page needs OCR in ``auto`` mode, or None when its text layer is usable."""
        if self.chars < MIN_CHARS and self.image_cover >= IMAGE_COVER:
            return "no text layer"
        if self.chars == 0 and not self.blank:
            return "no text layer (vector drawing or outlined text)"
        if self.bad_ratio >= BAD_GLYPH_RATIO:
            return "unmappable glyphs"
        if self.text_cover < TINY_TEXT_AREA and self.image_cover >= SCAN_COVER:
            return "page image with little text"
        if self.image_cover >= SCAN_COVER and self.invisible_ratio >= INVISIBLE_RATIO:
            return "invisible OCR layer over a page image"
        return None


def _clipped_area(rects: Iterable[pymupdf.Rect], clip: pymupdf.Rect) -> float:
    """Summed area of ``rects`` inside ``clip`` (overlaps counted twice; callers cap at 1)."""
    return sum(abs(pymupdf.Rect(r) & clip) for r in rects)


def _invisible_ratio(page: pymupdf.Page) -> float:
    """Share of characters drawn in render mode 3 (invisible), the mark of a prior OCR layer."""
    total = hidden = 0
    for span in page.get_texttrace():
        n = len(span["chars"])
        total += n
        if span["type"] == 3 or span.get("opacity", 1.0) == 0:
            hidden += n
    return hidden / total if total else 0.0


def _layer_text(page: pymupdf.Page, blocks: Sequence[Node] | None) -> tuple[str, list[Any]]:
    """Text and block boxes of the text layer: from the caller's blocks, or extracted here."""
    if blocks is not None:
        return "".join(b.text for b in blocks), [b.bbox.as_list() for b in blocks if b.bbox is not None]
    raw = page.get_text("blocks", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    boxes = [pymupdf.Rect(b[:4]) * page.rotation_matrix for b in raw if b[6] == 0]
    return "".join(b[4] for b in raw if b[6] == 0), boxes


def text_layer_stats(page: pymupdf.Page, blocks: Sequence[Node] | None = None) -> TextLayerStats:
    """Measure a page's text layer; the costly calls only run when a page image could be a scan.

    Pass the blocks text.extract_blocks already made (same flags: unknown glyphs stay U+FFFD) and
    the decision reads no text itself: about 0.3 ms a page on a born-digital paper.
    """
    clip = pymupdf.Rect(0, 0, page.rect.width, page.rect.height)
    area = max(abs(clip), 1.0)
    text, boxes = _layer_text(page, blocks)
    visible = re.sub(r"\s+", "", text)
    chars = len(visible)
    bad = len(_BAD_CHARS.findall(visible)) / chars if chars else 0.0
    text_cover = min(1.0, _clipped_area(boxes, clip) / area)
    image_cover = 0.0
    if page.get_images():
        rects = [pymupdf.Rect(info["bbox"]) * page.rotation_matrix for info in page.get_image_info()]
        image_cover = min(1.0, _clipped_area(rects, clip) / area)
    invisible = _invisible_ratio(page) if chars and image_cover >= SCAN_COVER else 0.0
    blank = chars == 0 and image_cover == 0 and _is_blank(page)
    return TextLayerStats(chars, bad, text_cover, image_cover, invisible, blank)


def _is_blank(page: pymupdf.Page) -> bool:
    """No ink at all on a thumbnail of the page (an empty page needs no OCR)."""
    pix = page.get_pixmap(dpi=BLANK_DPI, colorspace=pymupdf.csGRAY, alpha=False)
    return min(pix.samples, default=255) >= INK_LEVEL


def page_needs_ocr(page: pymupdf.Page, options: PdfOptions, blocks: Sequence[Node] | None = None) -> bool:
    """Whether ``page`` must be OCR'd under ``options.ocr`` (auto: only when its text layer fails).

    ``blocks``: the page's text.extract_blocks output when the caller has it (saves re-reading).
    """
    if options.ocr == "never":
        return False
    if options.ocr == "always":
        return True
    reason = text_layer_stats(page, blocks).reason
    if reason:
        log.debug("%s: OCR because %s", _where(page), reason)
    return reason is not None


# --------------------------------------------------------------------------- tesseract


def _pytesseract() -> Any:
    """pytesseract, imported lazily (the ``ocr`` extra)."""
    return require("pytesseract", "ocr")


@functools.lru_cache(maxsize=1)
def _installed() -> tuple[str, tuple[str, ...]]:
    """Tesseract version and installed language packs (one subprocess each, cached)."""
    pt = _pytesseract()
    try:
        version = str(pt.get_tesseract_version())
        langs = tuple(sorted(pt.get_languages(config="")))
    except pt.TesseractNotFoundError as exc:
        raise MissingDependency("tesseract", INSTALL_HINT) from exc
    return version, langs


def lang_package(lang: str) -> str:
    """Debian package holding a tesseract language (``chi_sim`` -> ``tesseract-ocr-chi-sim``)."""
    return "tesseract-ocr-" + lang.lower().replace("_", "-")


def check_languages(lang: str) -> list[str]:
    """The languages of ``--ocr-lang`` (``eng+deu``), or MissingDependency naming the apt package."""
    wanted = [part for part in lang.split("+") if part]
    if not wanted:
        raise ValueError(f"--ocr-lang must name at least one language, got {lang!r}")
    _, installed = _installed()
    missing = [w for w in wanted if w not in installed]
    if missing:
        pkgs = " ".join(lang_package(m) for m in missing)
        raise MissingDependency(
            f"tesseract language pack {'+'.join(missing)}",
            f"install it with: apt-get install {pkgs} (installed: {', '.join(installed) or 'none'})",
        )
    return wanted


def ocr_engine_info(options: PdfOptions | None = None) -> dict[str, Any]:
    """Engine, version and languages for ``general_metadata`` (requested langs when options given)."""
    version, installed = _installed()
    langs = options.ocr_lang.split("+") if options is not None else list(installed)
    return {"engine": "tesseract", "version": version, "langs": langs}


def effective_dpi(page: pymupdf.Page, dpi: int) -> int:
    """``dpi`` lowered so the rendered page stays under MAX_OCR_PIXELS (a poster is not OCR'd at 300)."""
    square_inches = max(page.rect.width * page.rect.height / 72**2, 1e-6)
    fitting = int(math.sqrt(MAX_OCR_PIXELS / square_inches))
    if fitting < 72:
        raise ResourceLimit(_where(page), f"page of {square_inches:.0f} square inches is too large to OCR")
    return min(dpi, fitting)


def render_page(page: pymupdf.Page, dpi: int) -> Image.Image:
    """The displayed page (rotation and CropBox applied) as a grayscale image at ``dpi``."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def _run_data(image: Image.Image, lang: str, where: str) -> dict[str, list[Any]]:
    """tesseract ``image_to_data`` as a dict of columns; engine failures become ParseError."""
    pt = _pytesseract()
    try:
        return pt.image_to_data(image, lang=lang, config="--oem 1 --psm 3", output_type=pt.Output.DICT)
    except pt.TesseractNotFoundError as exc:
        raise MissingDependency("tesseract", INSTALL_HINT) from exc
    except pt.TesseractError as exc:
        raise ParseError(where, f"tesseract failed: {exc.message or exc}") from exc


# Scripts tesseract's OSD names, and the language packs that read them (the first is suggested).
SCRIPT_LANGS = {
    "Japanese": ("jpn", "jpn_vert"),
    "Han": ("chi_sim", "chi_tra", "jpn", "chi_sim_vert", "chi_tra_vert"),
    "Hangul": ("kor", "kor_vert"),
    "Korean": ("kor", "kor_vert"),
    "Cyrillic": ("rus", "ukr", "bul", "srp", "bel", "mkd"),
    "Arabic": ("ara", "fas", "urd"),
    "Greek": ("ell", "grc"),
    "Hebrew": ("heb",),
    "Devanagari": ("hin", "mar", "nep", "san"),
    "Thai": ("tha",),
}
# OSD's confidence in the script above which a mismatch with --ocr-lang stops the page's OCR.
SCRIPT_CONF = 1.0


def detect_osd(image: Image.Image, where: str) -> tuple[int, str, float]:
    """Tesseract OSD: clockwise rotation (0/90/180/270, 0 when unsure), script name and its confidence."""
    pt = _pytesseract()
    try:
        osd = pt.image_to_osd(image, config="--psm 0", output_type=pt.Output.DICT)
    except pt.TesseractNotFoundError as exc:
        raise MissingDependency("tesseract", INSTALL_HINT) from exc
    except pt.TesseractError:
        log.debug("%s: OSD found too little text to decide the orientation", where)
        return 0, "", 0.0
    rotate = int(osd.get("rotate", 0)) % 360 if float(osd.get("orientation_conf", 0.0)) >= 2.0 else 0
    return rotate, str(osd.get("script", "")), float(osd.get("script_conf", 0.0))


def check_script(script: str, confidence: float, lang: str) -> None:
    """MissingDependency when OSD reads a script none of the requested languages can: English OCR of
    a Japanese page is garbage, and garbage text must not reach a training set."""
    readers = SCRIPT_LANGS.get(script)
    if readers is None or confidence < SCRIPT_CONF or set(lang.split("+")) & set(readers):
        return
    raise MissingDependency(
        f"OCR for {script} script (page text looks {script}; --ocr-lang is {lang})",
        f"install {lang_package(readers[0])} and pass --ocr-lang {readers[0]}",
    )


# --------------------------------------------------------------------------- words -> blocks


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word: text, box in pixels of the OCR'd image, confidence 0-100."""

    text: str
    box: tuple[int, int, int, int]
    conf: float
    key: tuple[int, int, int]
    height: int = 0  # pixels, measured upright and deskewed (box grows when mapped back)


def words_from_data(data: dict[str, list[Any]]) -> list[Word]:
    """Words of an ``image_to_data`` result, without empty entries and speckle noise."""
    words = []
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if conf < NOISE_CONF and not any(c.isalnum() for c in text):
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text, box, conf, key, box[3] - box[1]))
    return words


def _to_points(box: tuple[float, float, float, float], scale: float) -> BBox:
    return BBox(box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _union(boxes: Iterable[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    xs0, ys0, xs1, ys1 = zip(*boxes, strict=True)
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def _line(words: list[Word], scale: float) -> dict[str, Any]:
    """A ``meta["lines"]`` entry; ``size`` is estimated from the tallest upright word."""
    box = _to_points(_union(w.box for w in words), scale)
    confs = [round(w.conf, 1) for w in words]
    return {
        "bbox": box.as_list(),
        "text": " ".join(w.text for w in words),
        "size": round(max(w.height for w in words) * scale / EM_PER_WORD_BOX, 1),
        "font": "ocr",
        "bold": False,
        "conf": round(sum(confs) / len(confs), 1),
        "word_conf": confs,
    }


def _block(lines: list[dict[str, Any]], words: list[Word], page_index: int, n: int, dpi: int) -> Node:
    """One PARAGRAPH block; its lines share the block's median size (short lines lack descenders)."""
    sizes = sorted(m["size"] for m in lines)
    size = sizes[len(sizes) // 2]
    lines = [{**m, "size": size} for m in lines]
    conf = sum(w.conf for w in words) / len(words)
    return Node(
        type=NodeType.PARAGRAPH,
        id=f"p{page_index}-b{n}",
        text="\n".join(m["text"] for m in lines),
        page_index=page_index,
        bbox=BBox.of(BBox(*m["bbox"]) for m in lines),
        meta={"lines": lines, "ocr": True, "conf": round(conf, 1), "ocr_dpi": dpi},
    )


def _continues(prev: list[dict[str, Any]], nxt: list[dict[str, Any]]) -> bool:
    """Whether tesseract split one paragraph: next block starts right below a full last line, aligned."""
    last, first = BBox(*prev[-1]["bbox"]), BBox(*nxt[0]["bbox"])
    size = prev[-1]["size"]
    width = BBox.of(BBox(*m["bbox"]) for m in prev).width
    return (
        -0.3 * size <= first.top - last.bottom <= 0.6 * size
        and abs(first.x0 - BBox(*prev[0]["bbox"]).x0) <= 1.5 * size
        and last.width >= 0.85 * width
        and first.x1 <= last.x1 + size
        and nxt[0]["size"] <= 1.2 * size
    )


def group_blocks(words: list[Word], page_index: int, scale: float, dpi: int) -> list[Node]:
    """Tesseract paragraphs as PARAGRAPH blocks, re-joining paragraphs tesseract split after a line."""
    grouped: dict[tuple[int, int], dict[int, list[Word]]] = {}
    for w in words:
        grouped.setdefault(w.key[:2], {}).setdefault(w.key[2], []).append(w)
    paragraphs: list[tuple[list[dict[str, Any]], list[Word]]] = []
    for lines in grouped.values():
        metas = [_line(ws, scale) for ws in lines.values()]
        flat = [w for ws in lines.values() for w in ws]
        if paragraphs and _continues(paragraphs[-1][0], metas):
            paragraphs[-1] = (paragraphs[-1][0] + metas, paragraphs[-1][1] + flat)
        else:
            paragraphs.append((metas, flat))
    return [_block(m, ws, page_index, n, dpi) for n, (m, ws) in enumerate(paragraphs, start=1)]


def _mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _mostly_vertical(words: list[Word]) -> bool:
    """Whether most longer words are taller than wide: text read sideways (page scanned at 90°)."""
    longer = [w for w in words if len(w.text) >= 3]
    tall = sum(1 for w in longer if (w.box[3] - w.box[1]) > (w.box[2] - w.box[0]))
    return bool(longer) and tall > len(longer) / 2


def _unrotate_box(
    box: tuple[int, int, int, int], angle: int, size: tuple[int, int]
) -> tuple[int, int, int, int]:
    """Map a box found on the image rotated ``angle``° counter-clockwise back to the original image."""
    w, h = size  # original image size
    x0, y0, x1, y1 = box
    if angle == 90:  # rotated image is h wide: (x, y) came from original (w - y, x)
        return (w - y1, x0, w - y0, x1)
    if angle == 180:
        return (w - x1, h - y1, w - x0, h - y0)
    if angle == 270:
        return (y0, h - x1, y1, h - x0)
    return box


def _noisy(image: Image.Image) -> bool:
    """Whether speckle/grain is strong enough to hurt tesseract (judged on a central strip, cheaply)."""
    w, h = image.size
    strip = image.crop((0, h * 3 // 8, w, h * 5 // 8))
    arr = np.asarray(strip, dtype=np.int16)
    smooth = np.asarray(strip.filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    return float(np.abs(arr - smooth).mean()) > NOISE_LEVEL


def estimate_skew(image: Image.Image) -> float:
    """Small skew in degrees (PIL sense, counter-clockwise) that makes text lines horizontal."""
    small = image.reduce(max(1, image.width // 600))
    ink = Image.fromarray(((np.asarray(small) < 128) * 255).astype(np.uint8))
    if np.asarray(ink).mean() < 0.5:  # blank page
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)
    return round(float(fine), 2)


def _rotate_box(
    box: tuple[int, int, int, int], angle: float, center: tuple[float, float]
) -> tuple[int, int, int, int]:
    """Axis-aligned bounds of ``box`` turned ``angle``° counter-clockwise (PIL sense) about ``center``."""
    cx, cy = center
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos + dy * sin)
        ys.append(cy - dx * sin + dy * cos)
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


def scan_resolution(page: pymupdf.Page) -> float | None:
    """Pixels per inch of the image covering most of the page (a scan), or None when there is none."""
    area = abs(page.rect)
    for info in page.get_image_info():
        box = pymupdf.Rect(info["bbox"])
        if abs(box & page.rect) >= SCAN_COVER * area and box.width > 0:
            return max(info["width"], info["height"]) / (max(box.width, box.height) / 72)
    return None


def page_image(page: pymupdf.Page, dpi: int) -> Image.Image:
    """The page at ``dpi`` for OCR, denoised at the scan's own resolution (upscaled grain survives a
    3x3 median), then resized to ``dpi``."""
    native = scan_resolution(page)
    base = dpi if native is None else int(min(dpi, max(72.0, native)))
    image = render_page(page, base)
    if _noisy(image):
        image = image.filter(ImageFilter.MedianFilter(3))
    if base < dpi:
        size = (round(page.rect.width * dpi / 72), round(page.rect.height * dpi / 72))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """Deskew a page image; returns it with the rotation (degrees, counter-clockwise) applied."""
    skew = estimate_skew(image)
    if abs(skew) < MIN_SKEW:
        return image, 0.0
    return image.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255), skew


def _read(image: Image.Image, lang: str, where: str) -> tuple[list[Word], float]:
    """Deskew and OCR ``image``; words in ``image`` pixels and the skew that was corrected."""
    prepared, skew = prepare(image)
    words = words_from_data(_run_data(prepared, lang, where))
    if skew:
        center = (image.width / 2, image.height / 2)
        words = [Word(w.text, _rotate_box(w.box, -skew, center), w.conf, w.key, w.height) for w in words]
    return words, skew


def ocr_words(image: Image.Image, lang: str, where: str) -> tuple[list[Word], int, float]:
    """Words in original-image pixels, plus the quarter-turn and the skew that were corrected.

    Tesseract OSD is asked only when the first pass looks wrong (low confidence, or text read
    along vertical lines), so upright pages pay nothing for it.
    """
    words, skew = _read(image, lang, where)
    sideways = _mostly_vertical(words)
    if words and _mean_conf(words) >= OSD_RETRY_CONF and not sideways:
        return words, 0, skew
    rotate, script, confidence = detect_osd(image, where)
    check_script(script, confidence, lang)
    if rotate == 0:
        return words, 0, skew
    turned = image.rotate(-rotate, expand=True)  # PIL turns counter-clockwise for positive angles
    retry, retry_skew = _read(turned, lang, where)
    better = _mean_conf(retry) > _mean_conf(words) or (sideways and not _mostly_vertical(retry))
    if not retry or not better:
        return words, 0, skew
    ccw = (360 - rotate) % 360
    return (
        [Word(w.text, _unrotate_box(w.box, ccw, image.size), w.conf, w.key, w.height) for w in retry],
        rotate,
        retry_skew,
    )


def ocr_blocks(page: pymupdf.Page, page_index: int, options: PdfOptions) -> list[Node]:
    """OCR text blocks of a page, same shape as ``text.extract_blocks`` plus meta ocr/conf."""
    lang = "+".join(check_languages(options.ocr_lang))
    dpi = effective_dpi(page, options.ocr_dpi)
    image = page_image(page, dpi)
    words, rotation, skew = ocr_words(image, lang, _where(page))
    blocks = group_blocks(words, page_index, 72.0 / dpi, dpi)
    if rotation or skew:
        blocks = [b.with_meta(ocr_rotation=rotation, ocr_skew=skew) for b in blocks]
    return blocks


__all__ = ["ocr_blocks", "ocr_engine_info", "page_needs_ocr", "scan_figure_regions", "tie_scan_captions"]
