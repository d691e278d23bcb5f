"""Draw the sample PDFs under samples/ and write the exact ground truth of each (``<name>.truth.json``).

Everything is placed by this script at known coordinates, so the truth is what was drawn, not an
estimate. Boxes are PDF points, top-left origin, 0-based ``page_index``. Output is deterministic.
Run: ``python samples/generate.py [OUT_DIR]`` (default: this folder).
"""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 612.0, 792.0
FONT_NAMES = {"reg": "tiro", "bold": "tibo", "ital": "tiit", "sans": "helv", "sansb": "hebo"}
_FONTS: dict[str, pymupdf.Font] = {}
Box = tuple[float, float, float, float]


def font(style: str) -> pymupdf.Font:
    """Base-14 font objects, cached: measuring and drawing must use the same metrics."""
    if style not in _FONTS:
        _FONTS[style] = pymupdf.Font(FONT_NAMES[style])
    return _FONTS[style]


@functools.lru_cache(maxsize=65536)
def text_width(text: str, style: str, size: float) -> float:
    """Advance width of ``text``; cached, since line breaking measures the same words again and again."""
    return font(style).text_length(text, fontsize=size)


def rounded(box: Box) -> list[float]:
    return [round(v, 2) for v in box]


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class Truth:
    """What the generator knows about one PDF, collected while drawing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pages: list[list[float]] = []
        self.blocks: list[dict[str, Any]] = []
        self.sequence: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []
        self.furniture: list[dict[str, Any]] = []
        self.footnotes: list[dict[str, Any]] = []
        self.hyphenated: list[dict[str, Any]] = []
        self.header_images: list[dict[str, Any]] = []

    def block(self, kind: str, text: str) -> dict[str, Any]:
        """Register a body block in reading order; its parts are filled while it is laid out."""
        rec: dict[str, Any] = {"kind": kind, "text": text, "parts": []}
        self.blocks.append(rec)
        self.sequence.append({"type": "text", "kind": kind, "text": text[:40]})
        return rec

    def visual(self, kind: str, rec: dict[str, Any]) -> None:
        target = self.figures if kind == "figure" else self.tables
        self.sequence.append({"type": kind, "index": len(target)})
        target.append(rec)

    def mentions(self, patterns: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """Every occurrence of each mention pattern in body paragraphs and list items."""
        out = []
        for i, blk in enumerate(self.blocks):
            if blk["kind"] not in ("paragraph", "list_item"):
                continue
            for pattern, target in patterns:
                start = blk["text"].find(pattern)
                while start >= 0:
                    out.append({"text": pattern, "target_label": target, "block": i, "start": start})
                    start = blk["text"].find(pattern, start + 1)
        return sorted(out, key=lambda m: (m["block"], m["start"], m["target_label"]))

    def dump(self, path: Path, mentions: list[tuple[str, str]], note: str) -> None:
        def by_kind(kind: str) -> list[str]:
            return [f["text"] for f in self.furniture if f["kind"] == kind]

        data = {
            "name": self.name,
            "note": note,
            "pages": len(self.pages),
            "page_sizes": self.pages,
            "figures": self.figures,
            "tables": self.tables,
            "reading_order": [b["text"][:40] for b in self.blocks],
            "blocks": self.blocks,
            "sequence": self.sequence,
            "headers": by_kind("page_header"),
            "footers": by_kind("page_number") + by_kind("page_footer"),
            "furniture": self.furniture,
            "footnotes": self.footnotes,
            "mentions": self.mentions(mentions),
            "hyphenated": self.hyphenated,
            "header_images": self.header_images,
            "conventions": (
                "boxes [x0, top, x1, bottom] in PDF points, top-left origin, page_index 0-based; "
                "reading_order = first 40 chars of each body block (headings, paragraphs, list items, "
                "equations, captions; no furniture, no footnotes, no text inside figures); a block split "
                "across columns/pages is one block with several parts; in sequence a caption follows its "
                "figure or table; block text is dehyphenated and whitespace-normalised"
            ),
        }
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def wrap(words: list[str], style: str, size: float, widths: Callable[[int], float]) -> list[list[str]]:
    """Greedy line breaking with line-end hyphenation of long words (``experi-`` / ``ment``)."""
    lines: list[list[str]] = []
    cur: list[str] = []
    space = text_width(" ", style, size)
    todo = list(words)
    while todo:
        word = todo.pop(0)
        avail = widths(len(lines))
        used = sum(word_width(w, style, size) for w in cur) + space * len(cur)
        if not cur or used + word_width(word, style, size) <= avail:
            cur.append(word)
            continue
        slack = avail - used
        head = hyphen_split(word, slack, style, size) if slack > 0.06 * avail else ""
        if head:
            cur.append(head + "-")
            todo.insert(0, word[len(head) :])
        else:
            todo.insert(0, word)
        lines.append(cur)
        cur = []
    if cur:
        lines.append(cur)
    return lines


def hyphen_split(word: str, room: float, style: str, size: float) -> str:
    """Longest head (>= 3 letters, leaving >= 3) of a plain word that fits ``room`` with a hyphen."""
    if len(word) < 8 or not word.rstrip(".,;:").isalpha():
        return ""
    for cut in range(len(word) - 3, 2, -1):
        if text_width(word[:cut] + "-", style, size) <= room:
            return word[:cut]
    return ""


def word_width(word: str, style: str, size: float) -> float:
    base, _, sup = word.partition("^")
    return text_width(base, style, size) + (text_width(sup, style, size * 0.6) if sup else 0.0)


def plain(text: str) -> str:
    """Block text as a reader sees it: footnote markers (``word^1``) dropped."""
    return " ".join(w.partition("^")[0] for w in text.split())


class Canvas:
    """Draws a figure or table on a page and records the bounds of everything it drew."""

    def __init__(self, flow: Flow, page_index: int) -> None:
        self.flow = flow
        self.page = flow.doc[page_index]
        self.page_index = page_index
        self.boxes: list[Box] = []

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8, color: Any = 0) -> None:
        rgb = (color, color, color) if isinstance(color, (int, float)) else color
        self.page.draw_line((x0, y0), (x1, y1), color=rgb, width=width)
        h = width / 2
        self.boxes.append((min(x0, x1) - h, min(y0, y1) - h, max(x0, x1) + h, max(y0, y1) + h))

    def rect(self, box: Box, fill: Any = None, color: Any = (0, 0, 0), width: float = 0.6) -> None:
        self.page.draw_rect(pymupdf.Rect(box), color=color, fill=fill, width=width if color else 0)
        h = width / 2 if color else 0.0
        self.boxes.append((box[0] - h, box[1] - h, box[2] + h, box[3] + h))

    def poly(self, points: list[tuple[float, float]], color: Any, width: float = 1.2) -> None:
        self.page.draw_polyline(points, color=color, width=width)
        h = width / 2
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        self.boxes.append((min(xs) - h, min(ys) - h, max(xs) + h, max(ys) + h))

    def text(self, x: float, baseline: float, s: str, size: float = 7, anchor: str = "left") -> None:
        w = text_width(s, "sans", size)
        x = x - w / 2 if anchor == "center" else x - w if anchor == "right" else x
        self.boxes.append(self.flow.put(self.page_index, x, baseline, s, "sans", size))

    def vtext(self, x: float, y_mid: float, s: str, size: float) -> None:
        """Text rotated 90° (reading bottom-up), as y-axis labels are."""
        w = text_width(s, "sans", size)
        base = pymupdf.Point(x, y_mid + w / 2)
        self.page.insert_text(base, s, fontname="helv", fontsize=size, rotate=90)
        f = font("sans")
        self.boxes.append((x - f.ascender * size, base.y - w, x - f.descender * size, base.y))

    def image(self, box: Box, data: bytes) -> None:
        self.page.insert_image(pymupdf.Rect(box), stream=data, keep_proportion=False)
        self.boxes.append(box)

    @property
    def bbox(self) -> Box:
        return union(self.boxes)


class Flow:
    """Lays text out in columns across pages and records every block's parts in the truth."""

    def __init__(
        self,
        truth: Truth,
        columns: list[tuple[float, float]],
        top: float,
        bottom: float,
        furniture: Callable[[Flow, int], None],
        hooks: dict[int, Callable[[Flow], None]] | None = None,
    ) -> None:
        self.doc = pymupdf.open()
        self.truth, self.columns, self.top, self.bottom = truth, columns, top, bottom
        self.furniture, self.hooks = furniture, hooks or {}
        self.writers: dict[int, pymupdf.TextWriter] = {}
        self.page_index, self.col, self.y = -1, 0, top
        self.col_tops: list[float] = []
        self.col_bottoms: list[float] = []
        self.new_page()

    def put(self, page_index: int, x: float, baseline: float, s: str, style: str, size: float) -> Box:
        """Queue text at a baseline; returns the box MuPDF reports for it (font ascender/descender)."""
        writer = self.writers.get(page_index)
        if writer is None:
            writer = self.writers[page_index] = pymupdf.TextWriter(self.doc[page_index].rect)
        writer.append((x, baseline), s, font=font(style), fontsize=size)
        f = font(style)
        return (
            x,
            baseline - f.ascender * size,
            x + text_width(s, style, size),
            baseline - f.descender * size,
        )

    def new_page(self) -> None:
        self.doc.new_page(width=WIDTH, height=HEIGHT)
        self.truth.pages.append([WIDTH, HEIGHT])
        self.page_index += 1
        self.col_tops = [self.top] * len(self.columns)
        self.col_bottoms = [self.bottom] * len(self.columns)
        self.furniture(self, self.page_index)
        if self.page_index in self.hooks:
            self.hooks[self.page_index](self)
        self.col, self.y = 0, self.col_tops[0]

    def next_column(self) -> None:
        if self.col + 1 < len(self.columns):
            self.col += 1
            self.y = self.col_tops[self.col]
        else:
            self.new_page()

    def ensure(self, height: float) -> None:
        if self.y + height > self.col_bottoms[self.col]:
            self.next_column()

    def paragraph(
        self,
        text: str,
        kind: str = "paragraph",
        style: str = "reg",
        size: float = 10,
        indent: float = 10,
        before: float = 0,
        after: float = 3,
        bullet: str | None = None,
        align: str = "justify",
    ) -> dict[str, Any]:
        """Flow a block through the columns (breaking across columns and pages as needed)."""
        leading = size * 1.2
        x0, x1 = self.columns[0]
        lines = wrap(text.split(), style, size, lambda i: x1 - x0 - (indent if i == 0 or bullet else 0))
        self.ensure(before + leading * (5 if kind == "heading" else 1))
        self.y += before
        rec = self.truth.block(kind, (bullet + " " if bullet else "") + self.dehyphenate(lines))
        boxes: list[Box] = []
        for i, line in enumerate(lines):
            if self.y + leading > self.col_bottoms[self.col]:
                self.close_part(rec, boxes)
                boxes = []
                self.next_column()
            cx0, cx1 = self.columns[self.col]
            lx = cx0 + (indent if i == 0 or bullet else 0)
            if bullet and i == 0:
                boxes.append(self.put(self.page_index, cx0, self.y + size, bullet, style, size))
            last = i == len(lines) - 1
            boxes.append(self.line(line, lx, cx1, self.y + size, style, size, align, last))
            if line[-1].endswith("-") and not last:
                self.truth.hyphenated.append({"page_index": self.page_index, "head": line[-1]})
            self.y += leading
        self.close_part(rec, boxes)
        self.y += after
        return rec

    @staticmethod
    def dehyphenate(lines: list[list[str]]) -> str:
        out = ""
        for line in lines:
            joined = " ".join(line)
            out += joined[:-1] if joined.endswith("-") and line[-1][:-1].isalpha() else joined + " "
        return plain(out.strip())

    def line(
        self,
        words: list[str],
        x0: float,
        x1: float,
        base: float,
        style: str,
        size: float,
        align: str,
        last: bool,
    ) -> Box:
        """Draw one line (justified, centred or left) word by word, like TeX output."""
        widths = [word_width(w, style, size) for w in words]
        space = text_width(" ", style, size)
        gap = space
        if align == "justify" and not last and len(words) > 1:
            gap = max(space, (x1 - x0 - sum(widths)) / (len(words) - 1))
            gap = gap if gap < 2.2 * space else space  # TeX would rather leave an underfull line
        total = sum(widths) + gap * (len(words) - 1)
        x = x0 + ((x1 - x0 - total) / 2 if align == "center" else 0)
        boxes = []
        for word, w in zip(words, widths, strict=True):
            base_text, _, sup = word.partition("^")
            boxes.append(self.put(self.page_index, x, base, base_text, style, size))
            if sup:
                tx = x + text_width(base_text, style, size)
                boxes.append(self.put(self.page_index, tx, base - size * 0.35, sup, style, size * 0.6))
            x += w + gap
        return union(boxes)

    def close_part(self, rec: dict[str, Any], boxes: list[Box]) -> None:
        if boxes:
            rec["parts"].append({"page_index": self.page_index, "bbox": rounded(union(boxes))})

    def span_text(
        self, text: str, cols: range, style: str, size: float, align: str, after: float, inset: float = 0
    ) -> dict[str, Any]:
        """A block across several columns at the top of their free space (title, wide caption)."""
        x0, x1 = self.columns[cols[0]][0] + inset, self.columns[cols[-1]][1] - inset
        y = max(self.col_tops[c] for c in cols)
        kind = "caption" if text.startswith(("Fig", "FIG", "Table", "TABLE")) else "paragraph"
        kind = "heading" if style == "bold" else kind
        rec, y = self.place(text, kind, (x0, x1, y), style, size, align)
        for c in cols:
            self.col_tops[c] = y + after
        self.y = self.col_tops[self.col]
        return rec

    def place(
        self, text: str, kind: str, at: tuple[float, float, float], style: str, size: float, align: str
    ) -> tuple[dict[str, Any], float]:
        """A block at a fixed spot (x0, x1, top) on the current page; returns it and its bottom y."""
        x0, x1, y = at
        lines = wrap(text.split(), style, size, lambda _: x1 - x0)
        rec = self.truth.block(kind, self.dehyphenate(lines))
        boxes = []
        for i, line in enumerate(lines):
            boxes.append(self.line(line, x0, x1, y + size, style, size, align, i == len(lines) - 1))
            y += size * 1.2
        self.close_part(rec, boxes)
        return rec, y

    def span_visual(
        self, cols: range, height: float, draw: Callable[[Canvas, Box], None], label: str, caption: str
    ) -> None:
        """A figure across columns at the top of their free space, caption below."""
        x0, x1 = self.columns[cols[0]][0], self.columns[cols[-1]][1]
        y = max(self.col_tops[c] for c in cols)
        canvas = Canvas(self, self.page_index)
        draw(canvas, (x0, y, x1, y + height))
        self.figure_record(canvas, label, caption)
        for c in cols:
            self.col_tops[c] = y + height + 6
        rec = self.span_text(caption, cols, "reg", 9, "justify", 12)
        self.truth.figures[-1]["caption_bbox"] = rec["parts"][0]["bbox"]

    def column_visual(
        self, height: float, draw: Callable[[Canvas, Box], None], label: str, caption: str
    ) -> None:
        """A figure in the current column, caption below (moves on if it does not fit)."""
        self.ensure(height + 40)
        x0, x1 = self.columns[self.col]
        canvas = Canvas(self, self.page_index)
        draw(canvas, (x0, self.y + 4, x1, self.y + 4 + height))
        self.figure_record(canvas, label, caption)
        self.y += height + 10
        rec = self.paragraph(caption, kind="caption", size=9, indent=0, after=10)
        self.truth.figures[-1]["caption_bbox"] = rec["parts"][0]["bbox"]

    def figure_record(self, canvas: Canvas, label: str, caption: str) -> None:
        rec = {"page_index": canvas.page_index, "bbox": rounded(canvas.bbox), "label": label}
        self.truth.visual("figure", {**rec, "caption": " ".join(caption.split())})

    def footnote(self, text: str, col: int) -> None:
        """Footnote at the bottom of a column, with the short rule above it."""
        x0, x1 = self.columns[col]
        lines = wrap(text.split(), "reg", 8, lambda _: x1 - x0)
        y = self.bottom - len(lines) * 9.6
        self.doc[self.page_index].draw_line((x0, y - 4), (x0 + 60, y - 4), width=0.5)
        boxes = []
        for line in lines:
            boxes.append(self.line(line, x0, x1, y + 8, "reg", 8, "left", True))
            y += 9.6
        bbox = rounded(union(boxes))
        self.truth.footnotes.append({"page_index": self.page_index, "bbox": bbox, "text": plain(text)})
        self.col_bottoms[col] = self.bottom - len(lines) * 9.6 - 12

    def save(self, path: Path) -> None:
        for index, writer in sorted(self.writers.items()):
            writer.write_text(self.doc[index])
        self.doc.set_metadata(
            {
                "title": self.truth.name,
                "author": "docbuild samples",
                "creator": "samples/generate.py",
                "producer": "PyMuPDF",
                "creationDate": "D:20240101000000Z",
                "modDate": "D:20240101000000Z",
            }
        )
        self.doc.subset_fonts()
        self.doc.save(path, garbage=4, deflate=True, no_new_id=True)
        self.doc.close()


# --- pictures ------------------------------------------------------------------------------------

BLUE, ORANGE, GREEN, GREY = (0.12, 0.35, 0.7), (0.9, 0.5, 0.1), (0.2, 0.6, 0.3), (0.85, 0.85, 0.85)


def chart(
    c: Canvas, box: Box, values: list[float], kind: str, axes: tuple[str, str], panel: str = ""
) -> None:
    """Axes with ticks, tick labels, axis labels and a line or bar series; optional "(a)" label below."""
    x0, y0, x1, y1 = box
    ax0, ax1, ay0, ay1 = x0 + 30, x1 - 4, y0 + 4, y1 - (32 if panel else 22)
    c.line(ax0, ay1, ax1, ay1)
    c.line(ax0, ay0, ax0, ay1)
    top = float(-(-max(values) // 4) * 4)
    for k in range(5):
        ty = ay1 - (ay1 - ay0) * k / 4
        c.line(ax0 - 3, ty, ax0, ty, 0.5)
        c.text(ax0 - 5, ty + 2.2, f"{top * k / 4:.3g}", 6, "right")
    points = []
    for i, v in enumerate(values):
        cx = ax0 + (ax1 - ax0) * (i + 0.5) / len(values)
        c.line(cx, ay1, cx, ay1 + 3, 0.5)
        c.text(cx, ay1 + 10, str(i + 1), 6, "center")
        vy = ay1 - (ay1 - ay0) * v / top
        points.append((cx, vy))
        if kind == "bar":
            half = (ax1 - ax0) / len(values) * 0.3
            c.rect((cx - half, vy, cx + half, ay1), fill=ORANGE, color=None)
    if kind == "line":
        c.poly(points, BLUE)
    c.text((ax0 + ax1) / 2, ay1 + 19, axes[0], 6.5, "center")
    c.vtext(x0 + 8, (ay0 + ay1) / 2, axes[1], 6.5)
    if panel:
        c.text((x0 + x1) / 2, y1 - 2, panel, 7.5, "center")


def pipeline(c: Canvas, box: Box) -> None:
    """Full-width diagram: boxed stages joined by arrows, a strip of page thumbnails below."""
    x0, y0, x1, y1 = box
    stages = ["PDF / HTML", "Layout", "Reading order", "Caption links", "OBELICS rows"]
    w = (x1 - x0 - 4 * 24) / len(stages)
    for i, name in enumerate(stages):
        bx = x0 + i * (w + 24)
        c.rect((bx, y0, bx + w, y0 + 40), fill=(0.88, 0.93, 1.0), color=BLUE, width=1)
        c.text(bx + w / 2, y0 + 23, name, 8, "center")
        if i:
            c.line(bx - 22, y0 + 20, bx - 4, y0 + 20, 1)
            c.page.draw_polyline([(bx - 7, y0 + 17), (bx - 2, y0 + 20), (bx - 7, y0 + 23)], fill=(0, 0, 0))
    for k in range(8):
        tx = x0 + k * (x1 - x0) / 8 + 6
        c.rect((tx, y0 + 56, tx + 44, y1), fill=(0.97, 0.97, 0.97), color=(0.4, 0.4, 0.4), width=0.5)
        for j in range(6):
            c.line(tx + 5, y0 + 64 + j * 8, tx + 39 - (j % 3) * 6, y0 + 64 + j * 8, 1.5, (0.6, 0.6, 0.6))


def photo(width: int, height: int, seed: int) -> bytes:
    """A photo-like JPEG: gradient sky, a sun, two mountain ranges and textured ground."""
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, height)[:, None]
    xx = np.linspace(0, 1, width)[None, :]
    sky = np.stack([70 + 120 * yy + 20 * xx, 120 + 90 * yy + 0 * xx, 210 - 30 * yy + 10 * xx], axis=-1)
    img = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    sx, sy = width * (0.2 + 0.5 * rng.random()), height * 0.25
    draw.ellipse((sx - 28, sy - 28, sx + 28, sy + 28), fill=(255, 215, 120))
    for depth, colour in ((0.45, (90, 110, 140)), (0.6, (50, 90, 60))):
        ridge = [(0, height)] + [
            (x, height * (depth + 0.12 * np.sin(x / width * 7 + seed + depth * 9) + 0.05 * rng.random()))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([*ridge, (width, height)], fill=colour)
    ground = np.asarray(img).astype(float)
    ground[int(height * 0.8) :, :, 1] += 30 * rng.random((height - int(height * 0.8), width))
    out = io.BytesIO()
    Image.fromarray(np.clip(ground, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=80)
    return out.getvalue()


def logo() -> bytes:
    """Small PNG logo repeated in every page header (a figure detector must ignore it)."""
    img = Image.new("RGB", (64, 64), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.ellipse((2, 2, 62, 62), fill=(30, 90, 180))
    draw.rectangle((20, 20, 44, 44), fill=(250, 200, 40))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def image_in(data: bytes, aspect: float) -> Callable[[Canvas, Box], None]:
    """Draw function placing an image centred in its box at a given width/height ratio."""

    def draw(c: Canvas, box: Box) -> None:
        x0, y0, x1, y1 = box
        w = min(x1 - x0, (y1 - y0) * aspect)
        cx = (x0 + x1) / 2
        c.image((cx - w / 2, y0, cx + w / 2, y0 + w / aspect), data)

    return draw


# --- text ----------------------------------------------------------------------------------------

SENTENCES = [
    "Multimodal models learn from documents in which pictures and the prose around them belong together.",
    "Scientific articles are a rich source of such material, but their layout resists naive extraction.",
    "Columns, running heads, floating figures and footnotes all interrupt the reading order of a page.",
    "A converter that ignores these conventions produces sentences stitched together from unrelated places.",
    "We therefore treat layout analysis, reading order and caption linking as separate, testable steps.",
    "Each step consumes the document model and returns an updated copy, which keeps the stages independent.",
    "Characterisation of the intermediate representation matters more than any single heuristic.",
    "Bounding boxes are kept in page coordinates, so every later decision can be checked visually.",
    "Captions are recognised by their label and attached to the nearest figure in the expected direction.",
    "Running headers and page numbers are detected by their repetition at the same position on many pages.",
    "Hyphenated words at the end of a line are rejoined when the two halves form a known vocabulary item.",
    "Paragraphs that continue in the next column or on the next page are merged before serialisation.",
    "The resulting rows interleave text and images in the order a careful human reader would follow.",
    "Throughput matters as much as accuracy, since useful corpora contain millions of documents.",
    "Our implementation processes ordinary pages in a few milliseconds on a single processor core.",
    "Memory stays bounded because pages are rendered lazily and released as soon as they are written.",
    "Evaluation uses documents annotated by people as well as pages drawn with a known ground truth.",
    "Synthetic documents expose corner cases that real collections contain only rarely.",
    "Real documents, in turn, reveal the irregularities that no generator anticipates.",
    "Comparisons with established converters show where the simple heuristics are sufficient.",
    "Disagreements are inspected by rendering every detected box and its order onto the page image.",
    "Interdisciplinary collections further complicate matters because conventions differ between fields.",
]


class Prose:
    """Seeded paragraphs from the sentence pool; no two paragraphs of a document start alike."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.starts: set[str] = set()

    def __call__(self, n: int, *extra: str) -> str:
        picked = self.rng.sample(SENTENCES, n)
        fresh = [s for s in SENTENCES if s not in self.starts and s not in picked]
        if picked[0] in self.starts and fresh:
            picked[0] = fresh[self.rng.randrange(len(fresh))]
        self.starts.add(picked[0])
        for i, sentence in enumerate(extra):
            picked.insert(min(len(picked), 1 + 2 * i), sentence)
        return " ".join(picked)


def running_head(title: str, numbers: bool = True) -> Callable[[Flow, int], None]:
    """Furniture: the title centred at the top and the page number centred at the bottom."""

    def draw(flow: Flow, page_index: int) -> None:
        x = (WIDTH - text_width(title, "ital", 8)) / 2
        box = flow.put(page_index, x, 44, title, "ital", 8)
        flow.truth.furniture.append(furn(page_index, "page_header", title, box))
        if numbers:
            num = str(page_index + 1)
            box = flow.put(page_index, (WIDTH - text_width(num, "reg", 9)) / 2, 762, num, "reg", 9)
            flow.truth.furniture.append(furn(page_index, "page_number", num, box))

    return draw


def furn(page_index: int, kind: str, text: str, box: Box) -> dict[str, Any]:
    return {"page_index": page_index, "kind": kind, "text": text, "bbox": rounded(box)}


# --- documents -----------------------------------------------------------------------------------

TITLE = "Interleaved Corpora from Scientific PDFs"


def two_column(out: Path) -> None:
    """A paper: title block, two columns, figure*, one-column chart, footnote, list, equation."""
    prose = Prose(2)
    truth = Truth("two-column.pdf")
    fig1 = "Figure 1: Overview of the conversion pipeline. Each stage reads and returns the document model."
    fig2 = "Fig. 2. Throughput of the parser. (a) Pages per second by batch. (b) Memory per page in MB."

    def page_two(flow: Flow) -> None:
        flow.span_visual(range(2), 110, pipeline, "Figure 1", fig1)

    def page_one(flow: Flow) -> None:
        flow.footnote("^1 Code, samples and the evaluation scripts are available at example.org/docbuild.", 0)

    flow = Flow(truth, [(54, 297), (315, 558)], 64, 738, running_head(TITLE), {0: page_one, 1: page_two})
    flow.span_text(TITLE, range(2), "bold", 17, "center", 6)
    flow.span_text("Ada Lovelace, Alan Turing and Grace Hopper", range(2), "reg", 11, "center", 2)
    flow.span_text("Analytical Engine Laboratory, London", range(2), "ital", 10, "center", 14)
    flow.span_text("Abstract", range(2), "bold", 10, "center", 3)
    flow.span_text(prose(4), range(2), "reg", 9, "justify", 18, inset=40)
    flow.paragraph("1 Introduction", "heading", "bold", 11, 0, 2, 3)
    flow.paragraph(prose(3, "The overall design is sketched in Fig. 1 and detailed below."), indent=0)
    flow.paragraph(
        prose(2, "Figs. 1 and 2 summarise the system and its cost on the public corpus^1 we release.")
    )
    for item in ("typed layout blocks with stable identifiers,", "an explicit reading order for every page,"):
        flow.paragraph(item, "list_item", bullet="\u2022", indent=10, after=1)
    flow.paragraph("captions linked to the figures and tables they describe.", "list_item", bullet="\u2022")
    flow.paragraph(prose(6))
    flow.paragraph(prose(8, "Table 1 lists the documents used for the evaluation."))
    flow.paragraph("2 Method", "heading", "bold", 11, 0, 6, 3)
    flow.paragraph("2.1 Setup", "heading", "bold", 10, 0, 2, 3)
    flow.paragraph(prose(2, "Blocks are compared by the weighted distance of their boxes:"), indent=0)
    eq = flow.paragraph(
        "d(a, b) = 0.7 dx(a, b) + 0.3 dy(a, b)", "equation", "ital", 10, 0, 2, 2, align="center"
    )
    _equation_number(flow, eq)
    flow.paragraph(prose(9), indent=0)
    flow.paragraph(prose(11))
    flow.paragraph("2.2 Ordering", "heading", "bold", 10, 0, 6, 3)
    flow.paragraph(prose(3, "Figure 2(b) shows that memory stays flat as documents grow."), indent=0)
    flow.column_visual(150, _panels, "Figure 2", fig2)
    flow.paragraph("3 Results", "heading", "bold", 11, 0, 6, 3)
    for n in (5, 6, 4, 7, 6, 5):
        flow.paragraph(prose(n))
    flow.paragraph("4 Conclusion", "heading", "bold", 11, 0, 6, 3)
    flow.paragraph(prose(4, "Together with Fig. 1, these results suggest the approach scales."), indent=0)
    flow.save(out / truth.name)
    mentions = [
        ("Fig. 1", "Figure 1"),
        ("Figs. 1 and 2", "Figure 1"),
        ("Figs. 1 and 2", "Figure 2"),
        ("Figure 2(b)", "Figure 2"),
        ("Table 1", "Table 1"),
    ]
    note = "Table 1 is mentioned but the paper has no table: that mention must stay unresolved."
    truth.dump(out / "two-column.truth.json", mentions, note)


def _equation_number(flow: Flow, eq: dict[str, Any]) -> None:
    """Right-aligned "(1)" on the equation's baseline, made part of the equation block."""
    part = eq["parts"][-1]
    x1 = flow.columns[flow.col][1]
    base = part["bbox"][3] + font("reg").descender * 10
    box = flow.put(flow.page_index, x1 - text_width("(1)", "reg", 10), base, "(1)", "reg", 10)
    part["bbox"] = rounded(union([tuple(part["bbox"]), box]))  # type: ignore[list-item]
    eq["text"] += " (1)"
    flow.truth.sequence[-1]["text"] = eq["text"][:40]


def _panels(c: Canvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    mid = (x0 + x1) / 2
    chart(c, (x0, y0, mid - 4, y1), [12, 19, 25, 31, 34, 36], "line", ("Batch", "Pages/s"), "(a)")
    chart(c, (mid + 4, y0, x1, y1), [42, 44, 43, 45, 44], "bar", ("Document", "MB/page"), "(b)")


def with_logo(title: str) -> Callable[[Flow, int], None]:
    """Furniture: a logo image and a title in the header, a rule under it, a page number below."""
    image = logo()
    xref = 0

    def draw(flow: Flow, page_index: int) -> None:
        nonlocal xref
        page, box = flow.doc[page_index], (72.0, 26.0, 92.0, 46.0)
        xref = page.insert_image(pymupdf.Rect(box), stream=None if xref else image, xref=xref)
        flow.truth.header_images.append({"page_index": page_index, "bbox": rounded(box)})
        head = flow.put(page_index, 100, 41, title, "sans", 9)
        flow.truth.furniture.append(furn(page_index, "page_header", title, head))
        page.draw_line((72, 54), (540, 54), width=0.6)
        num = str(page_index + 1)
        box = flow.put(page_index, (WIDTH - text_width(num, "reg", 9)) / 2, 762, num, "reg", 9)
        flow.truth.furniture.append(furn(page_index, "page_number", num, box))

    return draw


def raster_figure(out: Path) -> None:
    """One column, two embedded photos with captions, a logo repeated in every page header."""
    prose, truth = Prose(5), Truth("raster-figure.pdf")
    flow = Flow(truth, [(72, 540)], 74, 730, with_logo("docbuild Technical Report 7"))
    flow.paragraph("1 Overview", "heading", "bold", 12, 0, 0, 4)
    for n in (4, 3):
        flow.paragraph(prose(n), indent=14)
    caption = "Figure 1: A synthetic landscape photograph, embedded in the page as a JPEG image."
    flow.column_visual(220, image_in(photo(480, 320, 1), 1.5), "Figure 1", caption)
    flow.paragraph(prose(4, "The photograph in Figure 1 is an ordinary embedded image."), indent=14)
    flow.paragraph(prose(5), indent=14)
    flow.paragraph("2 Details", "heading", "bold", 12, 0, 8, 4)
    flow.paragraph(prose(6), indent=14)
    caption = "Figure 2: A second photograph with a wider aspect ratio, placed after the section heading."
    flow.column_visual(170, image_in(photo(560, 280, 2), 2.0), "Figure 2", caption)
    for n in (5, 4):
        flow.paragraph(prose(n, "Unlike Figure 2, the header logo repeats on every page."), indent=14)
    flow.save(out / truth.name)
    mentions = [("Figure 1", "Figure 1"), ("Figure 2", "Figure 2")]
    note = "The 20x20 pt logo in every header (header_images) is furniture, not a figure."
    truth.dump(out / "raster-figure.truth.json", mentions, note)


def draw_table(
    c: Canvas, x0: float, y: float, widths: list[float], cells: list[list[str | None]], ruled: bool
) -> None:
    """A table: full grid when ``ruled``, else booktabs rules; a cell followed by None spans on."""
    heads = 1 if ruled else 2
    xs = [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
    top = y
    c.line(xs[0], y, xs[-1], y, 0.8 if ruled else 1.2)
    for r, row in enumerate(cells):
        for k, cell in enumerate(row):
            if not cell:
                continue
            span = next((j for j in range(k + 1, len(row)) if row[j] is not None), len(row))
            style = "bold" if r < heads else "reg"
            cx = (xs[k] + xs[span]) / 2 if span - k > 1 else xs[k] + 4
            cx -= text_width(cell, style, 8.5) / 2 if span - k > 1 else 0
            c.boxes.append(c.flow.put(c.page_index, cx, y + 11.5, cell, style, 8.5))
            if span - k > 1 and not ruled:
                c.line(xs[k] + 3, y + 15, xs[span] - 3, y + 15, 0.5)
        y += 16
        if ruled or r == heads - 1 or r == len(cells) - 1:
            c.line(xs[0], y, xs[-1], y, 0.8 if ruled or r == heads - 1 else 1.2)
    if ruled:
        for x in xs:
            c.line(x, top, x, y, 0.8)


def table(
    flow: Flow, caption: list[str], label: str, widths: list[float], cells: list[list[str | None]]
) -> None:
    """Caption lines (centred) above a table in the flow; in the sequence the caption follows the table."""
    ruled = len(caption) == 1
    flow.ensure(len(caption) * 11 + 16 * len(cells) + 20)
    x0, x1 = flow.columns[flow.col]
    boxes = []
    for line in caption:
        boxes.append(flow.line(line.split(), x0, x1, flow.y + 9, "reg", 9, "center", True))
        flow.y += 11
    rec = flow.truth.block("caption", " ".join(caption))
    flow.close_part(rec, boxes)
    canvas = Canvas(flow, flow.page_index)
    left = x0 + (x1 - x0 - sum(widths)) / 2
    draw_table(canvas, left, flow.y + 4, widths, cells, ruled)
    flow.y = canvas.bbox[3] + 14
    record = {
        "page_index": flow.page_index,
        "bbox": rounded(canvas.bbox),
        "label": label,
        "caption": rec["text"],
    }
    record |= {
        "caption_bbox": rec["parts"][0]["bbox"],
        "rows": len(cells),
        "cols": len(widths),
        "cells": cells,
    }
    flow.truth.visual("table", record)
    flow.truth.sequence.append(flow.truth.sequence.pop(-2))


TABLE_1 = [
    ["Document", "Pages", "Figures", "Tables"],
    ["two-column.pdf", "3", "2", "0"],
    ["raster-figure.pdf", "2", "2", "0"],
    ["ruled-table.pdf", "2", "2", "2"],
    ["three-column.pdf", "2", "1", "0"],
]
TABLE_2: list[list[str | None]] = [
    ["", "Reading order", None, ""],
    ["Method", "Kendall tau", "Exact match", "Pages/s"],
    ["Top-down", "0.71", "0.42", "180"],
    ["Column-aware", "0.93", "0.81", "165"],
    ["XY-cut", "0.90", "0.77", "150"],
    ["Ours", "0.97", "0.90", "172"],
]


def ruled_table(out: Path) -> None:
    """A grid table (caption above), a booktabs table with a merged header, two figures side by side."""
    prose, truth = Prose(11), Truth("ruled-table.pdf")
    flow = Flow(truth, [(72, 540)], 70, 730, running_head("Tables and Figures Side by Side"))
    flow.paragraph("1 Evaluation data", "heading", "bold", 12, 0, 0, 4)
    flow.paragraph(prose(3, "Table 1 lists the samples; TABLE II compares ordering methods."), indent=14)
    table(
        flow,
        ["Table 1: Sample documents and the objects drawn in them."],
        "Table 1",
        [150, 60, 60, 60],
        TABLE_1,
    )
    flow.paragraph(prose(4), indent=14)
    table(flow, ["TABLE II", "ABLATION OF THE ORDERING HEURISTICS"], "Table 2", [110, 80, 80, 70], TABLE_2)
    flow.paragraph(prose(5, "As Table II shows, column awareness matters most."), indent=14)
    flow.next_column()
    flow.paragraph("2 Figures side by side", "heading", "bold", 12, 0, 0, 4)
    flow.paragraph(prose(3, "Figure 1 and Figure 2 share one row of the page."), indent=14)
    top = flow.y + 6
    for k, (x0, x1) in enumerate(((72.0, 298.0), (314.0, 540.0))):
        canvas = Canvas(flow, flow.page_index)
        if k == 0:
            chart(canvas, (x0, top, x1, top + 160), [3, 5, 4, 7, 6, 8, 9], "line", ("Epoch", "Loss"))
        else:
            image_in(photo(400, 280, 3), 400 / 280)(canvas, (x0, top, x1, top + 160))
        text = ("Figure 1: Training loss of the layout model per epoch.", "Figure 2: A photograph.")[k]
        flow.figure_record(canvas, f"Figure {k + 1}", text)
        rec, bottom = flow.place(text, "caption", (x0, x1, canvas.bbox[3] + 6), "reg", 9, "justify")
        truth.figures[-1]["caption_bbox"] = rec["parts"][0]["bbox"]
    flow.y = bottom + 14
    flow.paragraph(prose(5), indent=14)
    flow.save(out / truth.name)
    mentions = [("Table 1", "Table 1"), ("TABLE II", "Table 2"), ("Table II", "Table 2")]
    mentions += [("Figure 1", "Figure 1"), ("Figure 2", "Figure 2")]
    note = (
        "TABLE II's caption is two centred lines; cells use None for the column spanned by 'Reading order'."
    )
    truth.dump(out / "ruled-table.truth.json", mentions, note)


def three_column(out: Path) -> None:
    """Three columns under a full-width title, a figure spanning the first two columns."""
    prose, truth = Prose(17), Truth("three-column.pdf")

    def footer(flow: Flow, page_index: int) -> None:
        venue = "Proceedings of the Workshop on Document Intelligence, 2024"
        box = flow.put(page_index, 48, 765, venue, "sans", 7.5)
        truth.furniture.append(furn(page_index, "page_footer", venue, box))
        num = str(page_index + 1)
        box = flow.put(page_index, 564 - text_width(num, "sans", 7.5), 765, num, "sans", 7.5)
        truth.furniture.append(furn(page_index, "page_number", num, box))

    columns = [(48, 210.67), (224.67, 387.33), (401.33, 564)]
    flow = Flow(truth, columns, 56, 740, footer)
    flow.span_text("Reading Order in Three-Column Layouts", range(3), "bold", 16, "center", 4)
    flow.span_text("Grace Hopper and Edsger Dijkstra", range(3), "reg", 10, "center", 14)
    caption = "Figure 1: Reading-order accuracy against the number of columns on a page, over 9 layouts."
    flow.span_visual(
        range(2),
        140,
        lambda c, b: chart(c, b, [99, 97, 95, 90, 88, 85, 80, 78, 75], "line", ("Columns", "Accuracy (%)")),
        "Figure 1",
        caption,
    )
    for n, heading in enumerate(("1 Introduction", "2 Related Work", "3 Approach", "4 Experiments")):
        flow.paragraph(heading, "heading", "bold", 10, 0, 0 if n == 0 else 6, 3)
        flow.paragraph(prose(4, *["Figure 1 shows the effect of more columns."] * (n == 3)), size=9, indent=0)
        for k in range(2 + n % 2):
            flow.paragraph(prose(5 + k), size=9, indent=9)
    flow.save(out / truth.name)
    note = "The figure spans columns 1-2; column 3 starts right under the author line."
    truth.dump(out / "three-column.truth.json", [("Figure 1", "Figure 1")], note)


def check(out: Path) -> None:
    """The two-column sample must really exercise column and page breaks inside a paragraph."""
    blocks = json.loads((out / "two-column.truth.json").read_text())["blocks"]
    splits = [[p["page_index"] for p in b["parts"]] for b in blocks if len(b["parts"]) > 1]
    if not any(len(set(s)) == 1 for s in splits) or not any(len(set(s)) > 1 for s in splits):
        raise RuntimeError(f"two-column.pdf lost its column/page-crossing paragraphs: {splits}")


def main(out_dir: str | Path = HERE) -> list[Path]:
    """Write every sample (and the web samples, when samples/generate_web.py exists) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for build in (two_column, raster_figure, ruled_table, three_column):
        build(out)
    check(out)
    web = HERE / "generate_web.py"
    if web.exists():
        spec = importlib.util.spec_from_file_location("generate_web", web)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main(out)
    return sorted(out.glob("*.pdf"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
