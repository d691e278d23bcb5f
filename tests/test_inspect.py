"""The inspection renderer draws every node, part, caption link and furniture box where they are."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from docbuild.errors import ParseError
from docbuild.model import BBox, Document, Node, NodeType
from parsers.pdf.inspect import COLOURS, GREY, inspect_pdf, parts, render_inspection
from tests.conftest import sample

KINDS = {k.value: k for k in NodeType}
DPI = 72  # one pixel per point keeps the pixel checks simple


def _truth_document(name: str) -> Document:
    """A Document built by hand from a sample's ground truth (no parser involved)."""
    truth = json.loads(sample(f"{name}.truth.json").read_text(encoding="utf-8"))
    nodes: list[Node] = []
    for i, block in enumerate(truth["blocks"]):
        first = block["parts"][0]
        meta = {"parts": block["parts"]} if len(block["parts"]) > 1 else {}
        node_id = f"p{first['page_index']}-b{i}"
        nodes.append(
            Node(
                KINDS[block["kind"]],
                node_id,
                block["text"],
                first["page_index"],
                BBox(*first["bbox"]),
                meta=meta,
            )
        )
    for k, fig in enumerate(truth["figures"]):
        cap = next(n for n in nodes if n.type is NodeType.CAPTION and n.text == fig["caption"])
        visual = Node(NodeType.FIGURE, f"fig-{k + 1}", page_index=fig["page_index"], bbox=BBox(*fig["bbox"]))
        nodes.insert(nodes.index(cap), visual.evolve(label=fig["label"], caption_id=cap.id))
    furniture = [
        Node(KINDS[f["kind"]], f"f{i}", f["text"], f["page_index"], BBox(*f["bbox"]))
        for i, f in enumerate(truth["furniture"])
    ]
    return Document("test", f"{name}.pdf", "pdf", nodes, furniture=furniture)


def _pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def _has_colour(
    img: np.ndarray, box: tuple[float, float, float, float], colour: tuple[int, int, int]
) -> bool:
    """True when a pixel close to ``colour`` lies inside the box (in pixels at 72 dpi)."""
    x0, y0, x1, y1 = (round(v) for v in box)
    region = img[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1]
    return bool((np.abs(region - np.array(colour)).sum(axis=-1) < 40).any())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, list[Path]]:
    doc = _truth_document("two-column")
    return doc, render_inspection(sample("two-column.pdf"), doc, tmp_path_factory.mktemp("inspect"), dpi=DPI)


def test_one_png_per_page_at_the_requested_dpi(rendered: tuple[Document, list[Path]]) -> None:
    _, paths = rendered
    assert [p.name for p in paths] == [f"two-column-p{i:03d}.png" for i in (1, 2, 3)]
    assert Image.open(paths[0]).size == (612, 792)


def test_every_node_outline_is_drawn_in_its_type_colour(rendered: tuple[Document, list[Path]]) -> None:
    doc, paths = rendered
    images = [_pixels(p) for p in paths]
    for node in doc.nodes:
        for page_index, box in parts(node):
            edge = (box.x0 - 1, box.top - 1, box.x1 + 1, box.top + 1)  # top outline (under the tag)
            left = (box.x0 - 1, box.top, box.x0 + 1, box.bottom)
            colour = COLOURS[node.type]
            assert _has_colour(images[page_index], left, colour) or _has_colour(
                images[page_index], edge, colour
            )


def test_split_paragraph_parts_are_drawn_on_both_pages(rendered: tuple[Document, list[Path]]) -> None:
    doc, paths = rendered
    split = next(n for n in doc.nodes if len({p for p, _ in parts(n)}) > 1)
    for page_index, box in parts(split):
        strip = (box.x0 - 1, box.top + 14, box.x0 + 1, box.bottom - 1)
        assert _has_colour(_pixels(paths[page_index]), strip, COLOURS[NodeType.PARAGRAPH])


def test_furniture_is_dashed_grey(rendered: tuple[Document, list[Path]]) -> None:
    doc, paths = rendered
    wide = [n for n in doc.furniture if n.bbox is not None and n.bbox.width > 20]
    assert wide
    for node in wide:
        box = node.bbox
        assert box is not None and node.page_index is not None
        top_edge = _pixels(paths[node.page_index])[round(box.top), round(box.x0) : round(box.x1)]
        grey = (np.abs(top_edge - np.array(GREY)).sum(axis=-1) < 40).tolist()
        assert any(grey) and not all(grey), f"furniture {node.text!r} not dashed"


def test_caption_is_joined_to_its_figure(rendered: tuple[Document, list[Path]]) -> None:
    """Midway between caption and figure centres the link line is drawn in the caption colour."""
    doc, paths = rendered
    for fig in doc.figures:
        caption = doc.node(fig.caption_id or "")
        assert caption is not None and caption.bbox is not None and fig.bbox is not None
        (cx, cy), (fx, fy) = caption.bbox.center, fig.bbox.center
        mid = ((cx + fx) / 2, (cy + fy) / 2)
        box = (mid[0] - 2, mid[1] - 2, mid[0] + 2, mid[1] + 2)
        assert _has_colour(_pixels(paths[fig.page_index or 0]), box, COLOURS[NodeType.CAPTION])


def test_reading_order_index_tags_are_drawn(rendered: tuple[Document, list[Path]]) -> None:
    """Each node gets a filled tag at its top-left corner; the tag changes pixels beyond the outline."""
    doc, paths = rendered
    heading = next(n for n in doc.nodes if n.type is NodeType.HEADING and n.page_index == 0)
    assert heading.bbox is not None
    tag = (heading.bbox.x0 + 3, heading.bbox.top + 3, heading.bbox.x0 + 8, heading.bbox.top + 6)
    assert _has_colour(_pixels(paths[0]), tag, COLOURS[NodeType.HEADING])


def test_missing_pdf_raises_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"nothing\.pdf"):
        render_inspection(tmp_path / "nothing.pdf", Document("x", "nothing.pdf", "pdf"), tmp_path)


def test_end_to_end_with_the_pdf_parser(tmp_path: Path) -> None:
    """Parse a sample with the real parser and render it: a PNG per page, figures drawn."""
    parser = pytest.importorskip("parsers.pdf.parser")
    from docbuild.options import PdfOptions
    from docbuild.sources import Source

    path = sample("ruled-table.pdf")
    doc = parser.parse(Source(str(path), "pdf", path=path), PdfOptions(dpi=72))
    pngs = render_inspection(path, doc, tmp_path, dpi=DPI)
    assert len(pngs) == 2
    drawn = [n for n in doc.nodes if n.type in (NodeType.FIGURE, NodeType.TABLE)]
    assert drawn, "the parser found no figure or table in ruled-table.pdf"
    for node in drawn:
        assert node.bbox is not None and node.page_index is not None
        left = (node.bbox.x0 - 1, node.bbox.top, node.bbox.x0 + 1, node.bbox.bottom)
        assert _has_colour(_pixels(pngs[node.page_index]), left, COLOURS[node.type])


def test_inspect_pdf_parses_and_renders_in_one_call(tmp_path: Path) -> None:
    pytest.importorskip("parsers.pdf.parser")
    pngs = inspect_pdf(sample("three-column.pdf"), tmp_path / "out", dpi=36)
    assert [p.name for p in pngs] == ["three-column-p001.png", "three-column-p002.png"]
    assert Image.open(pngs[0]).size == (306, 396)
