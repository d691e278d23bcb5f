"""A layout-tagged page target, DocTags-like: each element is its type, its box on a 0–500 grid, its text.

Format (specified in docs/format.md, "Page targets")::

    <doctag><heading><loc_41><loc_40><loc_250><loc_52>1 Introduction</heading>
    <paragraph><loc_41><loc_60><loc_250><loc_200>Text &lt;escaped&gt; …</paragraph>
    <figure><loc_41><loc_210><loc_460><loc_330></figure></doctag>

Boxes are quantised so the sequence does not depend on the page size in points; text is XML-escaped
(`&`, `<`, `>`), so a target always parses back with :func:`parse` into the same elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

from docbuild.model import BBox, Node, NodeType

GRID = 500
_TAGS = "|".join(t.value for t in NodeType)
_ELEMENT = re.compile(
    rf"<(?P<tag>{_TAGS})><loc_(\d+)><loc_(\d+)><loc_(\d+)><loc_(\d+)>(?P<body>.*?)</(?P=tag)>",
    re.DOTALL,
)


@dataclass(frozen=True)
class Element:
    """One parsed element: its type, its box on the 0–500 grid, its text."""

    type: NodeType
    loc: tuple[int, int, int, int]
    text: str

    def bbox(self, width: float, height: float) -> BBox:
        """The box back in points on a page of ``width`` × ``height`` (up to the grid's resolution)."""
        x0, y0, x1, y1 = self.loc
        return BBox(x0 * width / GRID, y0 * height / GRID, x1 * width / GRID, y1 * height / GRID)


def quantise(box: BBox, width: float, height: float) -> tuple[int, int, int, int]:
    """Box in points -> integer grid cells 0..500 (clamped, so boxes bleeding off the page stay valid)."""

    def q(v: float, size: float) -> int:
        return max(0, min(GRID, round(v / size * GRID))) if size > 0 else 0

    return (q(box.x0, width), q(box.top, height), q(box.x1, width), q(box.bottom, height))


def element_text(node: Node) -> str:
    """A node's text; a figure contributes none (its caption is a node of its own)."""
    if node.type is NodeType.FIGURE:
        return ""
    return node.text


def serialize(nodes: list[Node], width: float, height: float) -> str:
    """The tagged sequence for one page's nodes, in the order given (reading order)."""
    parts = ["<doctag>"]
    for node in nodes:
        if node.bbox is None or (node.type.is_furniture and not node.text):
            continue
        x0, y0, x1, y1 = quantise(node.bbox, width, height)
        tag = node.type.value
        body = escape(element_text(node), quote=False)
        parts.append(f"<{tag}><loc_{x0}><loc_{y0}><loc_{x1}><loc_{y1}>{body}</{tag}>")
    parts.append("</doctag>")
    return "\n".join(parts)


def parse(target: str) -> list[Element]:
    """Parse a tagged sequence back into elements; raises ValueError on anything it cannot read."""
    body = target.strip()
    if not (body.startswith("<doctag>") and body.endswith("</doctag>")):
        raise ValueError("doctags target must be wrapped in <doctag>…</doctag>")
    inner = body[len("<doctag>") : -len("</doctag>")]
    elements: list[Element] = []
    pos = 0
    for match in _ELEMENT.finditer(inner):
        if inner[pos : match.start()].strip():
            raise ValueError(
                f"unexpected text in doctags at offset {pos}: {inner[pos : match.start()][:40]!r}"
            )
        loc = tuple(int(match.group(i)) for i in range(2, 6))
        if any(v > GRID for v in loc):
            raise ValueError(f"location outside the 0..{GRID} grid: {loc}")
        elements.append(Element(NodeType(match.group("tag")), loc, unescape(match.group("body"))))  # type: ignore[arg-type]
        pos = match.end()
    if inner[pos:].strip():
        raise ValueError(f"unexpected trailing text in doctags: {inner[pos:][:40]!r}")
    return elements
