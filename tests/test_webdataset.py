"""WebDataset shards: readable by the `webdataset` library, reproducible to the byte."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from PIL import Image

from docbuild.model import BBox, Document, ImageData, Node, NodeType, Page
from docbuild.obelics import to_row
from docbuild.writers.webdataset import MTIME, image_extension, write_shard


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (12, 8), colour).save(buf, format="PNG")
    return buf.getvalue()


def _row(doc_id: str) -> dict:
    nodes = [
        Node(NodeType.PARAGRAPH, "p0-b1", f"Text of {doc_id}.", 0, BBox(10, 10, 100, 20)),
        Node(
            NodeType.FIGURE,
            "fig-1",
            page_index=0,
            bbox=BBox(10, 30, 100, 90),
            image=ImageData(data=_png((0, 90, 200)), width=12, height=8),
            label="Figure 1",
        ),
        Node(NodeType.FIGURE, "n3", image=ImageData(path="https://example.org/x.jpg")),
    ]
    return to_row(Document(doc_id, f"{doc_id}.pdf", "pdf", nodes=nodes, pages=[Page(0, 200, 200)]))


def test_tar_round_trip_with_webdataset(tmp_path: Path) -> None:
    wds = pytest.importorskip("webdataset")
    path = write_shard(tmp_path / "part-00000.tar", [_row("a1"), _row("b2")])
    samples = list(wds.WebDataset(str(path), shardshuffle=False))
    assert [s["__key__"] for s in samples] == ["a1", "b2"]
    doc = json.loads(samples[0]["json"])
    assert doc["texts"][0] == "Text of a1."
    member = doc["images"][1]["member"]
    assert member == "a1.0001.png"
    image = Image.open(io.BytesIO(samples[0]["0001.png"]))
    assert image.size == (12, 8)
    assert doc["images"][2] == {"member": None, "path": "https://example.org/x.jpg"}
    assert doc["metadata"][1]["label"] == "Figure 1"


def test_tars_are_byte_identical_and_normalised(tmp_path: Path) -> None:
    a = write_shard(tmp_path / "a" / "part-00000.tar", [_row("a1")])
    b = write_shard(tmp_path / "b" / "part-00000.tar", [_row("a1")])
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    with tarfile.open(a) as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == ["a1.0001.png", "a1.json"]
    assert {(m.mtime, m.uid, m.uname) for m in members} == {(MTIME, 0, "")}


def test_image_extension_from_magic_bytes() -> None:
    assert image_extension(_png((1, 2, 3))) == "png"
    assert image_extension(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert image_extension(b"  <svg xmlns=...") == "svg"
    assert image_extension(b"????") == "bin"
