"""Structured targets for one page, derived from a parsed document: Markdown, DocTags-like, raw JSON.

Used by ``docbuild pages`` to make (page image, target) pairs for document-understanding fine-tuning.
A text node belongs to the page it starts on (a paragraph continued on the next page stays whole there),
so the texts of all pages joined equal the interleaved document's texts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from docbuild import doctags
from docbuild.model import Document, Node, NodeType, Page
from docbuild.obelics import node_metadata


@dataclass(frozen=True)
class PageTargets:
    """Everything the page export writes besides the image."""

    page: Page
    nodes: list[Node]
    markdown: str
    doctags: str
    nodes_json: str

    @property
    def text_chars(self) -> int:
        return sum(
            len(n.text) for n in self.nodes if not n.type.is_furniture and n.type is not NodeType.FIGURE
        )


def page_nodes(doc: Document, page_index: int, furniture: bool = True) -> list[Node]:
    """The page's nodes in reading order; furniture (headers/footers) is sorted in by position."""
    body = [n for n in doc.nodes if n.page_index == page_index]
    if not furniture:
        return body
    extra = [n for n in doc.furniture if n.page_index == page_index and n.bbox is not None]
    headers = sorted((n for n in extra if n.type is NodeType.PAGE_HEADER), key=lambda n: n.bbox.top)  # type: ignore[union-attr]
    footers = sorted((n for n in extra if n.type is not NodeType.PAGE_HEADER), key=lambda n: n.bbox.top)  # type: ignore[union-attr]
    return [*headers, *body, *footers]


def _markdown_block(node: Node) -> str | None:
    text = node.text.strip()
    t = node.type
    if t.is_furniture:
        return None
    if t is NodeType.FIGURE:
        label = node.caption or node.label or "Figure"
        return f"![{label}](#{node.id})"
    if t is NodeType.HEADING:
        level = int(node.meta.get("level", 2))
        return f"{'#' * max(1, min(level, 6))} {text}"
    if t is NodeType.LIST_ITEM:
        return text if text[:1] in "-*•" or text[:2].rstrip(".)").isdigit() else f"- {text}"
    if t is NodeType.CODE:
        return f"```\n{node.text.rstrip()}\n```"
    if t is NodeType.EQUATION:
        return f"$$\n{text}\n$$"
    if t is NodeType.CAPTION:
        return f"*{text}*"
    if t is NodeType.QUOTE:
        return "\n".join(f"> {line}" for line in text.splitlines())
    return text or None


def to_markdown(nodes: list[Node]) -> str:
    """Reading-order Markdown; tables as Markdown, figures as image placeholders carrying their caption."""
    blocks = [b for b in (_markdown_block(n) for n in nodes) if b]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def to_json(nodes: list[Node]) -> str:
    """The raw nodes of the page: their output metadata plus their text."""
    out: list[dict[str, Any]] = []
    for node in nodes:
        entry = node_metadata(node)
        entry["text"] = node.text
        out.append(entry)
    return json.dumps(out, ensure_ascii=False)


def page_targets(doc: Document, page: Page) -> PageTargets:
    nodes = page_nodes(doc, page.index)
    return PageTargets(
        page=page,
        nodes=nodes,
        markdown=to_markdown(nodes),
        doctags=doctags.serialize(nodes, page.width, page.height),
        nodes_json=to_json(nodes),
    )
