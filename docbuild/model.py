"""The one document model every parser returns and every later step works on.

Coordinates: PDF points, origin at the top-left of the *displayed* page (rotation and
CropBox already applied), y growing downwards; pages counted from 0. Parsers convert once
at the edge (PyMuPDF rotation, OCR pixels at 72/dpi) and nothing downstream converts again.
Nodes carry stable ids (``p3-b17``, ``fig-2``) so links and captions survive reordering.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Any


class NodeType(str, Enum):
    """Closed set of node kinds; the string value is what lands in the output metadata."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    EQUATION = "equation"
    CODE = "code"
    QUOTE = "quote"
    FIGURE = "figure"
    TABLE = "table"
    PAGE_HEADER = "page_header"
    PAGE_FOOTER = "page_footer"
    PAGE_NUMBER = "page_number"

    @property
    def is_furniture(self) -> bool:
        """Running headers, footers and page numbers: counted, never emitted as text."""
        return self in FURNITURE

    @property
    def is_visual(self) -> bool:
        """Nodes that carry (or point to) an image in the interleaved output."""
        return self in (NodeType.FIGURE, NodeType.TABLE)


FURNITURE = frozenset({NodeType.PAGE_HEADER, NodeType.PAGE_FOOTER, NodeType.PAGE_NUMBER})
TEXT_TYPES = frozenset(
    t for t in NodeType if t not in FURNITURE and t not in (NodeType.FIGURE, NodeType.TABLE)
)


@dataclass(frozen=True, slots=True)
class BBox:
    """Axis-aligned box in PDF points, top-left origin: (x0, top) to (x1, bottom)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return max(0.0, self.x1 - self.x0)

    @property
    def height(self) -> float:
        return max(0.0, self.bottom - self.top)

    @property
    def area(self) -> float:
        return self.width * self.height

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def intersection(self, other: BBox) -> BBox | None:
        x0, top = max(self.x0, other.x0), max(self.top, other.top)
        x1, bottom = min(self.x1, other.x1), min(self.bottom, other.bottom)
        if x1 <= x0 or bottom <= top:
            return None
        return BBox(x0, top, x1, bottom)

    def overlap_area(self, other: BBox) -> float:
        inter = self.intersection(other)
        return inter.area if inter else 0.0

    def iou(self, other: BBox) -> float:
        inter = self.overlap_area(other)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def contains(self, other: BBox, tolerance: float = 0.0) -> bool:
        return (
            other.x0 >= self.x0 - tolerance
            and other.top >= self.top - tolerance
            and other.x1 <= self.x1 + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def expand(self, margin: float) -> BBox:
        return BBox(self.x0 - margin, self.top - margin, self.x1 + margin, self.bottom + margin)

    def as_list(self, ndigits: int = 2) -> list[float]:
        return [round(v, ndigits) for v in (self.x0, self.top, self.x1, self.bottom)]

    @classmethod
    def of(cls, boxes: Iterable[BBox]) -> BBox:
        """Smallest box holding all ``boxes`` (which must not be empty)."""
        it = iter(boxes)
        out = next(it)
        for b in it:
            out = out.union(b)
        return out


@dataclass(frozen=True, slots=True)
class ImageData:
    """An image in the output: bytes when we have them, else the URL/path to fetch later."""

    data: bytes | None = None
    path: str | None = None
    mime: str | None = None
    width: int | None = None
    height: int | None = None

    def __post_init__(self) -> None:
        if self.data is None and not self.path:
            raise ValueError("ImageData needs bytes or a path/URL")


def _copy(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """Own copy of a metadata mapping (a plain dict so documents pickle across processes)."""
    return dict(meta or {})


@dataclass(frozen=True)
class Node:
    """One element of a document in reading order.

    Text nodes use ``text``; figures and tables use ``image`` (a crop or a URL) and may
    carry ``label`` ("Figure 3"), ``caption`` and ``caption_id`` (the caption node's id).
    Tables add ``cells`` (rows of cell strings, ``None`` for a spanned cell) and keep
    their Markdown in ``text``. Anything else a step wants to keep goes into ``meta``
    (it is copied into the output metadata as is, so keep it JSON-serialisable).
    """

    type: NodeType
    id: str
    text: str = ""
    page_index: int | None = None
    bbox: BBox | None = None
    image: ImageData | None = None
    label: str | None = None
    caption: str | None = None
    caption_id: str | None = None
    cells: tuple[tuple[str | None, ...], ...] | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.type, NodeType):
            object.__setattr__(self, "type", NodeType(self.type))
        object.__setattr__(self, "meta", _copy(self.meta))

    def with_meta(self, **updates: Any) -> Node:
        """Copy with ``meta`` keys added or replaced (nodes are immutable)."""
        return self.evolve(meta={**self.meta, **updates})

    def evolve(self, **changes: Any) -> Node:
        """Copy with fields replaced; as ``dataclasses.replace`` but without its per-field walk.

        Documents evolve every text node a few times, so this is on the hot path of a parse.
        """
        unknown = changes.keys() - _NODE_FIELDS
        if unknown:
            raise TypeError(f"Node has no field(s) {sorted(unknown)}")
        new = object.__new__(type(self))
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        new.__post_init__()
        return new


_NODE_FIELDS = frozenset(f.name for f in fields(Node))


@dataclass(frozen=True, slots=True)
class Page:
    """Size of a displayed page in points (after rotation) and what was learnt about it."""

    index: int
    width: float
    height: float
    rotation: int = 0
    ocr: bool = False


@dataclass(frozen=True)
class Document:
    """A parsed input: reading-ordered nodes plus what is known about the source.

    ``meta`` becomes ``general_metadata`` (``source``, ``sha256``, ``format``, ``title``,
    ``url`` …); ``furniture`` holds the running headers/footers/page numbers that were taken
    out of the flow, so they can be counted; ``warnings`` lists what was repaired.
    """

    id: str
    source: str
    format: str
    nodes: tuple[Node, ...] = ()
    pages: tuple[Page, ...] = ()
    furniture: tuple[Node, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "pages", tuple(self.pages))
        object.__setattr__(self, "furniture", tuple(self.furniture))
        object.__setattr__(self, "warnings", tuple(self.warnings))
        object.__setattr__(self, "meta", _copy(self.meta))

    def evolve(self, **changes: Any) -> Document:
        return replace(self, **changes)

    def with_meta(self, **updates: Any) -> Document:
        return replace(self, meta={**self.meta, **updates})

    def with_warning(self, message: str) -> Document:
        return replace(self, warnings=(*self.warnings, message))

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def of_type(self, *types: NodeType) -> Iterator[Node]:
        return (n for n in self.nodes if n.type in types)

    @property
    def figures(self) -> list[Node]:
        return [n for n in self.nodes if n.type is NodeType.FIGURE]

    @property
    def tables(self) -> list[Node]:
        return [n for n in self.nodes if n.type is NodeType.TABLE]

    @property
    def num_pages(self) -> int:
        return len(self.pages)
