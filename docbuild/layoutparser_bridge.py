"""Bridge to layoutparser (optional extra ``docbuild[layoutparser]``): Document pages <-> ``lp.Layout``.

Users who run a layoutparser detection model (Detectron2, EfficientDet, PaddleDetection) on page
images can hand its blocks to docbuild: ``apply_layout`` retypes the page's text nodes by the
detected region they lie in and adds detected figures/tables, after which docbuild's ordering
(``docbuild.ordering.order_page``) and linking work as usual. layoutparser is imported lazily and
only here; nothing else in docbuild depends on it.

Example::

    layout = model.detect(page_image)                      # a layoutparser model, pixels at 144 dpi
    doc = apply_layout(doc, page_index=0, layout=layout, dpi=144)
"""

from __future__ import annotations

from typing import Any

from docbuild.errors import require
from docbuild.model import BBox, Document, Node, NodeType

# Block types of the common layoutparser models (PubLayNet, PrimaLayout, HJDataset,
# TableBank, MFD, CDLA/DocBank-style lower-case names) -> docbuild node types.
TYPE_MAP: dict[str, NodeType] = {
    "text": NodeType.PARAGRAPH,
    "textregion": NodeType.PARAGRAPH,
    "paragraph": NodeType.PARAGRAPH,
    "abstract": NodeType.PARAGRAPH,
    "reference": NodeType.PARAGRAPH,
    "title": NodeType.HEADING,
    "section": NodeType.HEADING,
    "heading": NodeType.HEADING,
    "list": NodeType.LIST_ITEM,
    "list_item": NodeType.LIST_ITEM,
    "figure": NodeType.FIGURE,
    "imageregion": NodeType.FIGURE,
    "image": NodeType.FIGURE,
    "photo": NodeType.FIGURE,
    "table": NodeType.TABLE,
    "tableregion": NodeType.TABLE,
    "caption": NodeType.CAPTION,
    "figure_caption": NodeType.CAPTION,
    "table_caption": NodeType.CAPTION,
    "equation": NodeType.EQUATION,
    "mathsregion": NodeType.EQUATION,
    "header": NodeType.PAGE_HEADER,
    "page_header": NodeType.PAGE_HEADER,
    "footer": NodeType.PAGE_FOOTER,
    "page_footer": NodeType.PAGE_FOOTER,
    "page_number": NodeType.PAGE_NUMBER,
    "footnote": NodeType.FOOTNOTE,
}
# Share of a text node's area that must lie inside a detected region for its type to apply.
INSIDE = 0.6


def _lp() -> Any:
    """layoutparser, imported lazily with the pip hint when missing."""
    return require("layoutparser", "layoutparser")


def node_type(block_type: str | None) -> NodeType:
    """docbuild type for a layoutparser block type ("Figure", "TextRegion" ...); unknown -> paragraph."""
    key = (block_type or "").strip().lower().replace(" ", "_")
    if key in TYPE_MAP:
        return TYPE_MAP[key]
    try:
        return NodeType(key)
    except ValueError:
        return NodeType.PARAGRAPH


def to_layout(doc: Document, page_index: int, dpi: float = 72.0) -> Any:
    """The nodes of one page as an ``lp.Layout`` of TextBlocks, boxes in pixels at ``dpi``.

    Block ``type`` is the docbuild node type, ``id`` the node id, ``score`` the node's
    ``meta["conf"]``/``layout_score`` when it has one; ``page_data`` holds the page size.
    """
    lp = _lp()
    scale = dpi / 72.0
    blocks = []
    for node in doc.nodes:
        if node.page_index != page_index or node.bbox is None:
            continue
        b = node.bbox
        rect = lp.Rectangle(b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale)
        score = node.meta.get("layout_score", node.meta.get("conf"))
        blocks.append(lp.TextBlock(rect, text=node.text, id=node.id, type=node.type.value, score=score))
    page = next((p for p in doc.pages if p.index == page_index), None)
    page_data: dict[str, Any] = {"page_index": page_index, "doc_id": doc.id, "dpi": dpi}
    if page is not None:
        page_data.update(width=page.width * scale, height=page.height * scale)
    return lp.Layout(blocks, page_data=page_data)


def from_layout(layout: Any, page_index: int, dpi: float = 72.0, id_prefix: str | None = None) -> list[Node]:
    """``lp.Layout`` blocks as Nodes in points (72 / ``dpi``), keeping text, id, type and score."""
    scale = 72.0 / dpi
    nodes = []
    for k, block in enumerate(layout, start=1):
        x0, top, x1, bottom = block.coordinates
        meta: dict[str, Any] = {"layoutparser_type": block.type}
        if block.score is not None:
            meta["layout_score"] = float(block.score)
        nid = (
            block.id
            if block.id is not None and id_prefix is None
            else f"{id_prefix or 'lp'}-p{page_index}-{k}"
        )
        nodes.append(
            Node(
                node_type(block.type),
                str(nid),
                text=block.text or "",
                page_index=page_index,
                bbox=BBox(x0 * scale, top * scale, x1 * scale, bottom * scale),
                meta=meta,
            )
        )
    return nodes


def _region_for(node: Node, regions: list[Node]) -> Node | None:
    """The best-scoring detected region holding most of ``node``."""
    if node.bbox is None:
        return None
    area = max(node.bbox.area, 1.0)
    inside = [r for r in regions if r.bbox is not None and node.bbox.overlap_area(r.bbox) >= INSIDE * area]
    return max(inside, key=lambda r: r.meta.get("layout_score", 0.0), default=None)


def apply_layout(doc: Document, page_index: int, layout: Any, dpi: float = 72.0) -> Document:
    """Retype a page's text nodes by detected regions and add detected figures/tables as nodes.

    Text nodes inside a detected figure/table leave the flow (kept in its ``meta["inner_text"]``).
    Added visuals have no image yet (``meta["needs_crop"] = True``): crop them from the page.
    """
    regions = from_layout(layout, page_index, dpi, id_prefix="lp")
    visuals = [r for r in regions if r.type.is_visual]
    texts = [r for r in regions if not r.type.is_visual]
    existing = [
        n for n in doc.nodes if n.page_index == page_index and n.type.is_visual and n.bbox is not None
    ]
    added = [
        v.with_meta(needs_crop=True, inner_text=[])
        for v in visuals
        if not any(v.bbox is not None and n.bbox is not None and v.bbox.iou(n.bbox) >= 0.5 for n in existing)
    ]
    out: list[Node] = []
    for node in doc.nodes:
        if node.page_index != page_index or node.type.is_visual:
            out.append(node)
            continue
        holder = _region_for(node, added)
        if holder is not None:
            holder.meta["inner_text"].append(node.text)
            continue
        region = _region_for(node, texts)
        if region is not None and node.type is not NodeType.CAPTION:
            node = node.evolve(type=region.type).with_meta(layoutparser_type=region.meta["layoutparser_type"])
        out.append(node)
    return doc.evolve(nodes=(*out, *added))
