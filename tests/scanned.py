"""Build scanned-looking PDFs with known text: born-digital page -> image -> noise/skew -> image-only PDF.

Used by the OCR tests and benchmarks/ocr_speed.py so OCR accuracy is measured against text known
exactly, not against another OCR engine's output.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pymupdf
from PIL import Image

TEXT = (
    "Interleaved image and text documents are the raw material of multimodal models. "
    "A scanned journal page carries no text layer, so every word has to be recovered from pixels. "
    "The quick brown fox jumps over the lazy dog while seven judges weigh the evidence. "
    "Measurements taken in 1977 showed 42 percent more throughput on the second machine, "
    "although the compiler was rewritten twice before the final benchmark was recorded. "
    "Careful readers will notice that numbers such as 3.14 and 2048 survive recognition better "
    "than unusual names, which is why we report character error rates on plain prose."
)
HEADING = "Recovering Text From Scanned Pages"


def born_digital(
    text: str = TEXT, heading: str = HEADING, size: float = 11, width: float = 612, height: float = 792
) -> bytes:
    """A one-page PDF with a heading and a paragraph set in Times; its text is known exactly."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_text((72, 90), heading, fontsize=18, fontname="tibo")
    rect = pymupdf.Rect(72, 120, width - 72, height - 72)
    if page.insert_textbox(rect, text, fontsize=size, fontname="tiro", lineheight=1.3) < 0:
        raise ValueError("text does not fit the page")
    return doc.tobytes()


FIGURE_BOX = (150.0, 300.0, 462.0, 520.0)
CAPTION = "Figure 1: Throughput of the two machines over seven runs."


def with_figure(text: str = TEXT) -> bytes:
    """A page with a paragraph, a bar chart plus a photo-like patch, its caption and more text."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(72, 72, 540, 280), text[:420], fontsize=11, fontname="tiro")
    x0, top, x1, bottom = FIGURE_BOX
    page.draw_line((x0, bottom), (x1, bottom), width=1.5)
    page.draw_line((x0, top), (x0, bottom), width=1.5)
    for k, height in enumerate((120, 180, 90, 200, 150, 60, 170)):
        left = x0 + 12 + k * 26
        page.draw_rect(pymupdf.Rect(left, bottom - height, left + 18, bottom), fill=(0.2, 0.2, 0.2))
    rng = np.random.default_rng(7)
    patch = (rng.random((60, 80)) * 120 + np.linspace(0, 100, 80)).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(patch).save(buf, format="PNG")
    page.insert_image(pymupdf.Rect(x1 - 110, top, x1, top + 80), stream=buf.getvalue())
    page.insert_text((x0, bottom + 22), CAPTION, fontsize=10, fontname="tiro")
    page.insert_textbox(pymupdf.Rect(72, 560, 540, 740), text[420:], fontsize=11, fontname="tiro")
    return doc.tobytes()


def known_text(pdf: bytes) -> str:
    """All text of a born-digital PDF, whitespace-normalised (the OCR reference)."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return normalise(" ".join(page.get_text() for page in doc))


def degrade(image: Image.Image, noise: float = 0.0, skew: float = 0.0, seed: int = 0) -> Image.Image:
    """Scanner defects: rotate by ``skew`` degrees, add Gaussian noise (sigma in grey levels) and specks."""
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    if not noise:
        return image
    rng = np.random.default_rng(seed)
    arr = np.asarray(image, dtype=np.float64)
    arr = arr + rng.normal(0.0, noise, arr.shape)
    specks = rng.random(arr.shape) < 0.002
    arr[specks] = 0
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def scan(
    pdf: bytes, dpi: int = 200, noise: float = 0.0, skew: float = 0.0, rotate: int = 0, seed: int = 0
) -> bytes:
    """Image-only PDF of ``pdf``: every page rendered at ``dpi``, degraded, turned ``rotate``° clockwise."""
    out = pymupdf.open()
    with pymupdf.open(stream=pdf, filetype="pdf") as src:
        for number, page in enumerate(src):
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
            image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
            image = degrade(image, noise, skew, seed + number)
            if rotate:
                image = image.rotate(-rotate, expand=True)
            w, h = page.rect.width, page.rect.height
            if rotate in (90, 270):
                w, h = h, w
            target = out.new_page(width=w, height=h)
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            target.insert_image(target.rect, stream=buf.getvalue())
    return out.tobytes()


def normalise(text: str) -> str:
    """Collapse whitespace and undo line-end hyphenation, so CER measures recognition only."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: Levenshtein distance / reference length (both normalised)."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, start=1):
        cur = [i]
        for j, hc in enumerate(hyp, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc)))
        prev = cur
    return prev[-1] / len(ref)
