"""Reads shared across a page's steps give what PyMuPDF's own calls give, however often they are used."""

from __future__ import annotations

import pymupdf

from docbuild.model import BBox
from parsers.pdf import page_memo
from parsers.pdf.tables import _find_tables


def _ruled_page() -> pymupdf.Page:
    """A 3x3 grid of drawn rules with a word per cell."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    for y in (50, 80, 110, 140):
        page.draw_rect(pymupdf.Rect(50, y, 350, y + 0.5), color=(0, 0, 0))
    for x in (50, 150, 250, 350):
        page.draw_rect(pymupdf.Rect(x, 50, x + 0.5, 140), color=(0, 0, 0))
    for r in range(3):
        for c in range(3):
            page.insert_text((60 + 100 * c, 70 + 30 * r), f"v{r}{c}", fontsize=10)
    return doc[0]


def test_pixmap_matches_page_render() -> None:
    page = _ruled_page()
    clip = pymupdf.Rect(40, 40, 360, 150)
    ours = page_memo.pixmap(page, clip=clip, dpi=110)
    theirs = page.get_pixmap(clip=clip, dpi=110, alpha=False)
    assert (ours.width, ours.height, ours.xres) == (theirs.width, theirs.height, theirs.xres)
    assert ours.samples == theirs.samples
    assert page_memo.pixmap(page, clip=clip, dpi=110).samples == theirs.samples  # the kept display list


def test_finder_edits_do_not_reach_shared_drawings() -> None:
    page = _ruled_page()
    before = [len(p["items"]) for p in page_memo.drawings(page)]
    clip = BBox(40, 40, 360, 150)
    first = [t.bbox for t in _find_tables(page, clip, "lines", "lines", []).tables]
    second = [t.bbox for t in _find_tables(page, clip, "lines", "lines", []).tables]
    assert first and first == second
    assert [len(p["items"]) for p in page_memo.drawings(page)] == before
    assert [len(p["items"]) for p in page.get_drawings()] == before
    # the finder's shadows are gone after the call
    assert "get_pixmap" not in vars(page) and "get_textbox" not in vars(page)


def test_copy_is_the_callers_own() -> None:
    """What the finder does to paths (append a closing line, normalise a rectangle) stays in its copy."""
    page = _ruled_page()
    copy = page_memo.drawings_copy(page)
    assert copy == page_memo.drawings(page)
    copy[0]["items"].append(("l", pymupdf.Point(0, 0), pymupdf.Point(1, 1)))
    rect = copy[0]["items"][0][1]
    rect.x0, rect.x1 = rect.x1, rect.x0
    rect.normalize()
    rect.x1 += 5
    shared = page_memo.drawings(page)[0]
    assert len(shared["items"]) == 1 and shared["items"][0][1] == pymupdf.Rect(50, 50, 350, 50.5)
