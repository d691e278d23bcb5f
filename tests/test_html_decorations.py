"""Decoration images: dropped by default, kept and named with ``keep_decorations``.

OBELICS-style pipelines filter images after downloading them (real sizes, frequency across the
crawl); such a run asks the parser for every image of the article, each marked with why the
default run would have dropped it, and for the same text as the default run.
"""

from __future__ import annotations

import base64
import io

from PIL import Image

from tests.htmlpages import PARAGRAPH, node_texts, parse_page, prose


def _png_data_uri(width: int, height: int) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


PAGE = f"""<html><head><title>Harbour report</title></head><body><article>
<h1>Harbour report</h1>
<div class="post-author"><img src="/u/jo.jpg" width="60" height="60"> Jo Smith</div>
<p>{PARAGRAPH} See <a href="/a">the map</a>
<img src="/s.gif" width="1" height="1"> <a href="/b">the plan</a>.</p>
<p><img src="/photos/quay.jpg" width="800" height="533" alt="The quay"></p>
{prose(3)}
<p><img src="/img/icons/pdf.png"> Download the report.</p>
<p><img src="/photos/quay.jpg" width="800" height="533" alt="The quay again"></p>
<p><img src="{_png_data_uri(1, 1)}"></p>
<hr><img src="/rule.png" width="700" height="4">
</article></body></html>"""


def _figures(doc) -> list[tuple[str | None, str | None]]:
    return [
        (n.image.path if n.image.path else "data", n.meta.get("decoration"))
        for n in doc.nodes
        if n.type.value == "figure" and n.image is not None
    ]


def test_decorations_are_dropped_by_default() -> None:
    doc = parse_page(PAGE)
    assert _figures(doc) == [("https://x.org/photos/quay.jpg", None)]


def test_keep_decorations_keeps_each_image_with_its_reason() -> None:
    kept = _figures(parse_page(PAGE, keep_decorations=True))
    assert kept == [
        ("https://x.org/u/jo.jpg", "author picture"),
        ("https://x.org/s.gif", "pixel"),
        ("https://x.org/photos/quay.jpg", None),
        ("https://x.org/img/icons/pdf.png", "url"),
        ("https://x.org/photos/quay.jpg", "repeat"),
        ("data", "pixel"),
        ("https://x.org/rule.png", "divider"),
    ]


def test_keep_decorations_leaves_the_text_as_it_is() -> None:
    """A spacer between two links comes after its paragraph, which stays one block."""
    default, kept = parse_page(PAGE), parse_page(PAGE, keep_decorations=True)
    assert node_texts(kept) == node_texts(default)
    assert any("the map the plan" in t for t in node_texts(kept))
    order = [n.image.path if n.image is not None else n.text for n in kept.nodes]
    spacer = order.index("https://x.org/s.gif")
    assert "the map the plan" in (order[spacer - 1] or "")
