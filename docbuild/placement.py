"""Where figures and tables sit in the interleaved sequence: as laid out, or after their first mention.

``layout`` keeps reading order (a figure at the top of a page comes before the paragraphs below
it). ``first-mention`` moves each figure/table, together with its caption node, to just after the
first paragraph that links to it (``meta["links"]`` from docbuild.linking), so a model reads
"as Fig. 3 shows …" and then sees Figure 3. Visuals nobody mentions stay where the layout put them.

>>> doc = place(link_document(doc, LinkOptions()), "first-mention")
"""

from __future__ import annotations

from docbuild.model import Document, Node, NodeType
from docbuild.options import Placement

PLACEMENTS: tuple[str, ...] = ("layout", "first-mention")


def _groups(doc: Document) -> dict[str, list[str]]:
    """Visual id -> [visual id, caption node ids…] (captions by ``caption_id`` or ``meta["caption_of"]``)."""
    groups = {n.id: [n.id] for n in doc.nodes if n.type.is_visual}
    by_caption_id = {n.caption_id: n.id for n in doc.nodes if n.type.is_visual and n.caption_id}
    for node in doc.nodes:
        if node.id in groups:
            continue
        owner = node.meta.get("caption_of")
        owner = owner if owner in groups else by_caption_id.get(node.id)
        if owner is not None:
            groups[owner].append(node.id)
    return groups


def _first_mentions(doc: Document, movable: set[str], captions: set[str]) -> dict[str, str]:
    """Visual id -> id of the first non-caption text node that links to it, in reading order."""
    first: dict[str, str] = {}
    for node in doc.nodes:
        if node.type.is_visual or node.type is NodeType.CAPTION or node.id in captions:
            continue
        links = sorted(node.meta.get("links") or (), key=lambda link: link.get("start", 0))
        for link in links:
            target = link.get("target")
            if target in movable and target not in first:
                first[target] = node.id
    return first


def place(doc: Document, placement: Placement | str) -> Document:
    """Reorder ``doc.nodes`` for ``placement`` ("layout" or "first-mention"); needs links for the latter."""
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {', '.join(PLACEMENTS)}, got {placement!r}")
    if placement == "layout":
        return doc.with_meta(placement="layout")
    groups = _groups(doc)
    all_captions = {cid for members in groups.values() for cid in members[1:]}
    first = _first_mentions(doc, set(groups), all_captions)
    moved_ids = {member for vid in first for member in groups[vid]}
    by_anchor: dict[str, list[str]] = {}
    for vid, anchor in first.items():
        by_anchor.setdefault(anchor, []).append(vid)
    by_id = {n.id: n for n in doc.nodes}
    position = {n.id: i for i, n in enumerate(doc.nodes)}
    nodes: list[Node] = []
    for node in doc.nodes:
        if node.id in moved_ids:
            continue
        nodes.append(node)
        for vid in by_anchor.get(node.id, ()):
            members = sorted(groups[vid], key=position.__getitem__)  # caption keeps its side
            nodes += [_mark(by_id[m], vid) for m in members]
    return doc.evolve(nodes=tuple(nodes)).with_meta(placement="first-mention")


def _mark(node: Node, visual_id: str) -> Node:
    """Flag a moved figure/table so consumers know its position is not its page position."""
    return node.with_meta(placed="first-mention") if node.id == visual_id else node
