"""Render PDF pages to PNG for page-level training pairs (``docbuild pages``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pymupdf

from docbuild.errors import EncryptedInput, ParseError
from docbuild.sources import Source


def _open(source: Source, password: str | None) -> pymupdf.Document:
    try:
        if source.path is not None and source.data is None:
            pdf = pymupdf.open(source.path, filetype="pdf")
        else:
            pdf = pymupdf.open(stream=source.read_bytes(), filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise ParseError(source.location, f"cannot open PDF: {exc}") from exc
    if pdf.needs_pass and not (password and pdf.authenticate(password)):
        pdf.close()
        raise EncryptedInput(source.location, "PDF is encrypted; pass --password")
    return pdf


def render_pages(
    source: Source, indexes: Iterable[int], dpi: int, password: str | None = None
) -> Iterator[tuple[int, bytes, int, int]]:
    """Yield ``(page_index, png_bytes, width_px, height_px)`` for the displayed (rotated) pages asked for."""
    pdf = _open(source, password)
    try:
        for index in indexes:
            pix = pdf[index].get_pixmap(dpi=dpi, alpha=False)
            yield index, pix.tobytes("png"), pix.width, pix.height
    finally:
        pdf.close()
