"""The OBELICS row and its parquet shards, on hand-built documents (no parser involved)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from docbuild.model import BBox, Document, ImageData, Node, NodeType, Page
from docbuild.obelics import to_row
from docbuild.writers.parquet import SCHEMA, read_rows, shard_ids, write_shard


def _png(w: int, h: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(buf, format="PNG")
    return buf.getvalue()


def _doc() -> Document:
    fig = Node(
        NodeType.FIGURE,
        "fig-1",
        page_index=0,
        bbox=BBox(50, 100, 300, 250),
        image=ImageData(data=_png(40, 20), mime="image/png", width=40, height=20),
        label="Figure 1",
        caption="Figure 1: A chart.",
        caption_id="p0-b3",
    )
    table = Node(
        NodeType.TABLE,
        "tab-1",
        text="| a | b |\n|---|---|\n| 1 | 2 |",
        page_index=1,
        bbox=BBox(50, 80, 300, 160),
        image=ImageData(data=_png(30, 10), mime="image/png", width=30, height=10),
        label="Table 1",
        caption="Table 1: Numbers.",
        cells=(("a", "b"), ("1", "2")),
    )
    nodes = [
        Node(NodeType.HEADING, "p0-b1", "1 Introduction", 0, BBox(50, 60, 200, 75)),
        Node(NodeType.PARAGRAPH, "p0-b2", "As Fig. 1 shows, it works.", 0, BBox(50, 80, 300, 95)),
        fig,
        Node(
            NodeType.CAPTION,
            "p0-b3",
            "Figure 1: A chart.",
            0,
            BBox(50, 255, 300, 270),
            meta={"caption_of": "fig-1"},
        ),
        Node(NodeType.PAGE_NUMBER, "p0-b9", "1", 0, BBox(290, 770, 300, 780)),
        table,
    ]
    furniture = [Node(NodeType.PAGE_HEADER, "p1-b0", "A paper", 1, BBox(50, 20, 200, 30))]
    return Document(
        id="abc",
        source="x.pdf",
        format="pdf",
        nodes=nodes,
        furniture=furniture,
        pages=[Page(0, 612, 792), Page(1, 612, 792)],
        meta={"sha256": "abc", "title": "A paper"},
    )


def test_positions_hold_exactly_one_of_text_or_image() -> None:
    row = to_row(_doc())
    assert len(row["texts"]) == len(row["images"]) == len(json.loads(row["metadata"]))
    for text, image in zip(row["texts"], row["images"], strict=True):
        assert (text is None) != (image is None)


def test_metadata_keeps_kind_page_box_and_figure_fields() -> None:
    row = to_row(_doc())
    meta = json.loads(row["metadata"])
    types = [m["type"] for m in meta]
    # furniture (the page number) is kept out of the sequence; the table gives image + Markdown text
    assert types == ["heading", "paragraph", "figure", "caption", "table", "table"]
    fig = meta[2]
    assert fig["label"] == "Figure 1" and fig["caption_id"] == "p0-b3"
    assert fig["bbox"] == [50, 100, 300, 250] and fig["page_index"] == 0
    assert (fig["width"], fig["height"]) == (40, 20)
    assert meta[4]["id"] == meta[5]["id"] == "tab-1"
    assert meta[5]["cells"] == [["a", "b"], ["1", "2"]]
    assert row["texts"][5].startswith("| a | b |")
    assert meta[1]["links"] == []


def test_general_metadata_counts_furniture() -> None:
    general = json.loads(to_row(_doc())["general_metadata"])
    assert general["num_pages"] == 2 and general["page_sizes"] == [[612, 792], [612, 792]]
    assert general["furniture"] == {"page_header": 1}
    assert general["title"] == "A paper" and general["docbuild_version"]


def test_shard_is_atomic_and_loads_in_datasets(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    path = write_shard(tmp_path / "data" / "part-00000.parquet", [to_row(_doc())])
    assert not list((tmp_path / "data").glob(".*.tmp"))
    assert shard_ids(path) == ["abc"]
    ds = datasets.load_dataset(
        "parquet",
        data_files=str(tmp_path / "data" / "*.parquet"),
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    first = ds[0]
    images = [im for im in first["images"] if im is not None]
    assert len(images) == 2 and all(isinstance(im, Image.Image) for im in images)
    assert images[0].size == (40, 20)
    assert first["texts"][1] == "As Fig. 1 shows, it works."


def test_schema_carries_hf_features() -> None:
    features = json.loads(SCHEMA.metadata[b"huggingface"])["info"]["features"]
    assert features["images"]["feature"]["_type"] == "Image"


def test_url_only_images_keep_their_path(tmp_path: Path) -> None:
    web = Document(
        id="w",
        source="page.html",
        format="html",
        nodes=[Node(NodeType.FIGURE, "n1", image=ImageData(path="https://example.org/a.png"))],
    )
    row = to_row(web)
    assert row["images"] == [{"bytes": None, "path": "https://example.org/a.png"}]
    write_shard(tmp_path / "p.parquet", [row])
    assert read_rows(tmp_path / "p.parquet")[0]["images"][0]["path"] == "https://example.org/a.png"
