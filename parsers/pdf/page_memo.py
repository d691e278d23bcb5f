"""PyMuPDF reads that several steps make of the same page, made once per page.

The table finder reads a page's drawings on every call (a page with a table gets two to
six calls), the drawn-bullet test reads them once more, and every rendered crop (figure
images, the finder's header colour test) interprets the whole page into a new display list.
Kept for as long as the page object lives, each of these is read once per page. Results are
the ones PyMuPDF's own calls give, so output does not change.
"""

from __future__ import annotations

import weakref
from typing import Any

import pymupdf

_MEMO: weakref.WeakKeyDictionary[pymupdf.Page, dict[str, Any]] = weakref.WeakKeyDictionary()


def _memo(page: pymupdf.Page) -> dict[str, Any]:
    memo = _MEMO.get(page)
    if memo is None:
        memo = _MEMO[page] = {}
    return memo


def drawings(page: pymupdf.Page) -> list[dict[str, Any]]:
    """``page.get_drawings()``, shared: callers must not change the paths (see ``drawings_copy``)."""
    memo = _memo(page)
    if "drawings" not in memo:
        memo["drawings"] = page.get_drawings()
    return memo["drawings"]


def drawings_copy(page: pymupdf.Page) -> list[dict[str, Any]]:
    """The page's drawings with fresh item lists and rectangles, for a caller that edits them.

    The table finder appends a closing line to a closed path's items and normalises its
    rectangles in place; on the shared list a second call would see the first one's edits.
    """
    return [
        {
            **path,
            "rect": pymupdf.Rect(path["rect"]),
            "items": [
                (item[0], pymupdf.Rect(item[1]), *item[2:]) if item[0] == "re" else item
                for item in path["items"]
            ],
        }
        for path in drawings(page)
    ]


def pixmap(
    page: pymupdf.Page,
    *,
    matrix: Any = pymupdf.Identity,
    dpi: int | None = None,
    clip: Any = None,
    alpha: bool = False,
) -> pymupdf.Pixmap:
    """``page.get_pixmap`` in RGB, rendered from the page's one display list."""
    memo = _memo(page)
    display = memo.get("display")
    if display is None:
        display = memo["display"] = page.get_displaylist(annots=True)
    if dpi:
        matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    pix = display.get_pixmap(matrix=matrix, colorspace=pymupdf.csRGB, alpha=alpha, clip=clip)
    if dpi:
        pix.set_dpi(dpi, dpi)
    return pix
