"""Small hand-written article pages for the HTML rule tests, and the parser call they go through."""

from __future__ import annotations

from docbuild.model import Document
from docbuild.options import HtmlOptions
from docbuild.sources import Source
from parsers.html import parse

PARAGRAPH = (
    "The committee met on Tuesday to review the proposal, and after a long debate about costs, "
    "timing and the effect on local residents, it agreed to send the plan back for more work."
)


def parse_page(html: str, **options: object) -> Document:
    """Parse an in-memory page as if saved from https://x.org/a; ``options`` go to HtmlOptions."""
    raw = html.encode("utf-8")
    return parse(
        Source(location="mem.html", format="html", data=raw),
        HtmlOptions(base_url="https://x.org/a", **options),  # type: ignore[arg-type]
    )


def node_texts(doc: Document) -> list[str]:
    return [n.text for n in doc.nodes if n.text]


def prose(n: int = 4) -> str:
    """``n`` paragraphs of article prose, enough for a page to have a main content."""
    return "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(n))
