"""Leftovers of main-content extraction: bylines, entry labels, field descriptors, list datelines."""

from __future__ import annotations

from docbuild.model import Document
from docbuild.options import HtmlOptions
from docbuild.sources import Source
from parsers.html import parse

PARAGRAPH = (
    "The committee met on Tuesday to review the proposal, and after a long debate about costs, "
    "timing and the effect on local residents, it agreed to send the plan back for more work."
)


def _parse(html: str) -> Document:
    raw = html.encode("utf-8")
    return parse(
        Source(location="mem.html", format="html", data=raw), HtmlOptions(base_url="https://x.org/a")
    )


def _texts(doc: Document) -> list[str]:
    return [n.text for n in doc.nodes if n.text]


def _body(n: int = 4) -> str:
    return "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(n))


def _article(header: str) -> list[str]:
    return _texts(_parse(f"<html><body><article>{header}{_body()}</article></body></html>"))


def test_ghost_byline_with_date_and_reading_time_is_dropped_but_the_excerpt_kept() -> None:
    texts = _article(
        '<header class="article-header"><h1 class="article-title">Council Sends the Plan Back</h1>'
        '<p class="gh-article-excerpt">Residents will have to wait another year for the bridge.</p>'
        '<div class="article-byline"><div class="article-byline-meta"><h4 class="author-name">'
        '<a href="/author/ana/">Ana Ruiz</a></h4><time class="byline-meta-date">May 15, 2023</time>'
        '<span class="byline-reading-time">9 min read</span></div></div></header>'
    )
    assert texts[:2] == [
        "Council Sends the Plan Back",
        "Residents will have to wait another year for the bridge.",
    ]
    assert not [t for t in texts if "Ana Ruiz" in t or "min read" in t]


def test_byline_boxes_are_dropped_but_a_long_box_and_a_quote_attribution_are_kept() -> None:
    long_box = "Ana Ruiz reports on transport and the city council for the Gazette, and has done since 2015."
    texts = _article(
        '<h1>Council Sends the Plan Back</h1><address class="byline">Ana Ruiz and Tom Hale</address>'
        '<div class="byline">By <a rel="author" href="/by/ana">Ana Ruiz</a> '
        '<time datetime="2023-06-05">June 5, 2023</time></div>'
        f'<p class="byline-note">{long_box} {long_box}</p>'
        '<blockquote><p>We will build it next year.</p><cite class="quote-author">Ana Ruiz, mayor</cite>'
        "</blockquote>"
    )
    assert "Ana Ruiz and Tom Hale" not in texts and not [t for t in texts if t.startswith("By ")]
    assert f"{long_box} {long_box}" in texts and "Ana Ruiz, mayor" in texts
