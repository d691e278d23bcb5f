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


def _caption_ids(doc: Document, visual: Node) -> list[str]:
    """Ids of the caption nodes belonging to ``visual`` (by ``caption_id`` or ``meta["caption_of"]``)."""
    ids = [
        n.id
        for n in doc.nodes
        if n.id != visual.id and (n.id == visual.caption_id or n.meta.get("caption_of") == visual.id)
    ]
    return ids


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
    groups: dict[str, list[str]] = {}
    for visual in doc.nodes:
        if visual.type.is_visual:
            groups[visual.id] = [visual.id, *_caption_ids(doc, visual)]
    all_captions = {cid for members in groups.values() for cid in members[1:]}
    first = _first_mentions(doc, set(groups), all_captions)
    moved_ids = {member for vid in first for member in groups[vid]}
    by_anchor: dict[str, list[str]] = {}
    for vid, anchor in first.items():
        by_anchor.setdefault(anchor, []).append(vid)
    nodes: list[Node] = []
    for node in doc.nodes:
        if node.id in moved_ids:
            continue
        nodes.append(node)
        for vid in by_anchor.get(node.id, ()):
            members = set(groups[vid])
            nodes += [_mark(n, vid) for n in doc.nodes if n.id in members]
    return doc.evolve(nodes=tuple(nodes)).with_meta(placement="first-mention")


def _mark(node: Node, visual_id: str) -> Node:
    """Flag a moved figure/table so consumers know its position is not its page position."""
    return node.with_meta(placed="first-mention") if node.id == visual_id else node
