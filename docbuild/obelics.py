"""Turn a ``Document`` into one OBELICS-style row: aligned ``texts`` / ``images`` / ``metadata``.

This is the only place that decides what a position in the interleaved sequence looks like, so
every writer (parquet, jsonl, webdataset) and every reader (stats, view) agree. Format: docs/format.md.
"""

from __future__ import annotations

import json
from typing import Any

from docbuild import __version__
from docbuild.model import BBox, Document, Node, NodeType

# Hugging Face `datasets` feature spec stored in the parquet schema metadata, so that
# `load_dataset("parquet", ...)` decodes `images` to PIL. "Sequence" is read by old and new
# `datasets` alike (newer versions write "List" but still accept it).
HF_FEATURES: dict[str, Any] = {
    "id": {"dtype": "string", "_type": "Value"},
    "texts": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
    "images": {"feature": {"_type": "Image"}, "_type": "Sequence"},
    "metadata": {"dtype": "string", "_type": "Value"},
    "general_metadata": {"dtype": "string", "_type": "Value"},
}

Row = dict[str, Any]


def _bbox(b: BBox | None) -> list[float] | None:
    return b.as_list() if b is not None else None


def node_metadata(node: Node) -> dict[str, Any]:
    """Metadata object for one position: fixed keys first, then whatever the node's meta holds."""
    out: dict[str, Any] = {
        "type": node.type.value,
        "id": node.id,
        "page_index": node.page_index,
        "bbox": _bbox(node.bbox),
    }
    if node.type.is_visual:
        out["label"] = node.label
        out["caption"] = node.caption
        out["caption_id"] = node.caption_id
        img = node.image
        out["width"] = img.width if img else None
        out["height"] = img.height if img else None
        if img is not None and img.mime:
            out["mime"] = img.mime
        out.setdefault("referenced_by", [])
    else:
        out["links"] = []
    for key, value in node.meta.items():
        out[key] = value
    return out


def _image_cell(node: Node) -> dict[str, Any] | None:
    img = node.image
    if img is None:
        return None
    return {"bytes": img.data, "path": img.path}


def _positions(node: Node) -> list[tuple[str | None, dict[str, Any] | None, dict[str, Any]]]:
    """(text, image, metadata) positions for one node; a table gives its crop then its Markdown."""
    meta = node_metadata(node)
    if node.type is NodeType.FIGURE:
        image = _image_cell(node)
        return [(None, image, meta)] if image is not None else []
    if node.type is NodeType.TABLE:
        out: list[tuple[str | None, dict[str, Any] | None, dict[str, Any]]] = []
        image = _image_cell(node)
        if image is not None:
            out.append((None, image, meta))
        if node.text:
            text_meta = dict(meta)
            if node.cells is not None:
                text_meta["cells"] = [list(r) for r in node.cells]
            out.append((node.text, None, text_meta))
        return out
    if not node.text:
        return []
    return [(node.text, None, meta)]


def general_metadata(doc: Document) -> dict[str, Any]:
    """Document-level metadata: source, hash, format, pages, title, version, counts, warnings."""
    furniture: dict[str, int] = {}
    for n in doc.furniture:
        furniture[n.type.value] = furniture.get(n.type.value, 0) + 1
    out: dict[str, Any] = {
        "source": doc.source,
        "format": doc.format,
        "num_pages": doc.num_pages,
        "page_sizes": [[round(p.width, 2), round(p.height, 2)] for p in doc.pages],
        "title": None,
        "docbuild_version": __version__,
        "furniture": furniture,
        "warnings": list(doc.warnings),
    }
    out.update(doc.meta)
    return out


def to_row(doc: Document) -> Row:
    """The parquet/jsonl row for ``doc``; exactly one of texts[i] / images[i] is non-null."""
    texts: list[str | None] = []
    images: list[dict[str, Any] | None] = []
    metadata: list[dict[str, Any]] = []
    for node in doc.nodes:
        if node.type.is_furniture:
            continue
        for text, image, meta in _positions(node):
            texts.append(text)
            images.append(image)
            metadata.append(meta)
    return {
        "id": doc.id,
        "texts": texts,
        "images": images,
        "metadata": json.dumps(metadata, ensure_ascii=False),
        "general_metadata": json.dumps(general_metadata(doc), ensure_ascii=False),
    }


def row_stats(row: Row) -> dict[str, int]:
    """Counts the CLI summary and the manifest report for one row."""
    meta = json.loads(row["metadata"])
    types = [m["type"] for m in meta]
    return {
        "texts": sum(t is not None for t in row["texts"]),
        "images": sum(i is not None for i in row["images"]),
        "figures": types.count("figure"),
        "tables": len({m["id"] for m in meta if m["type"] == "table"}),
    }
