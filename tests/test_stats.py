"""`docbuild stats`: counts over hand-built shards in both formats, drops read from the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.cli import main
from docbuild.model import Document, ImageData, Node, NodeType, Page
from docbuild.obelics import to_row
from docbuild.stats import collect
from docbuild.writers import parquet, webdataset


def sample_docs() -> list[Document]:
    link = {"target": "fig-1", "text": "Figure 1", "start": 0, "end": 8}
    a = Document(
        id="a",
        source="a.pdf",
        format="pdf",
        pages=(Page(0, 600, 800), Page(1, 600, 800)),
        nodes=(
            Node(NodeType.HEADING, "p0-b1", text="Title here", page_index=0),
            Node(NodeType.PARAGRAPH, "p0-b2", text="Figure 1 shows twelve chars", meta={"links": [link]}),
            Node(NodeType.FIGURE, "fig-1", image=ImageData(data=b"\x89PNG fake", width=10, height=10)),
        ),
    )
    b = Document(
        id="b",
        source="b.html",
        format="html",
        nodes=(Node(NodeType.PARAGRAPH, "n1", text="one two three four"),),
    )
    return [a, b]


def write_output(out: Path, fmt: str) -> Path:
    rows = [to_row(d) for d in sample_docs()]
    writer = parquet if fmt == "parquet" else webdataset
    writer.write_shard(out / "data" / writer.shard_name(0), rows[:1])
    writer.write_shard(out / "data" / writer.shard_name(1), rows[1:])
    manifest = [
        {"input": "a.pdf", "status": "ok", "reason": None, "dropped:image:repeated_across_documents": 2},
        {"input": "b.html", "status": "ok", "reason": None},
        {"input": "c.pdf", "status": "failed", "reason": "timeout"},
        {"input": "d.pdf", "status": "skipped", "reason": "duplicate:near"},
        {"input": "c.pdf", "status": "failed", "reason": "timeout"},  # listed again after a resume
    ]
    (out / "manifest.jsonl").write_text("".join(json.dumps(e) + "\n" for e in manifest) + '{"torn')
    return out


@pytest.mark.parametrize("fmt", ["parquet", "webdataset"])
def test_counts(tmp_path: Path, fmt: str) -> None:
    stats = collect(write_output(tmp_path / "out", fmt))
    assert (stats.documents, stats.shards, stats.pages) == (2, 2, 2)
    assert (stats.texts, stats.images, stats.links) == (3, 1, 1)
    chars = len("Title here") + len("Figure 1 shows twelve chars") + len("one two three four")
    assert stats.characters == chars and stats.tokens_estimate == round(chars / 4)
    assert stats.words == 2 + 5 + 4
    assert stats.types == {"heading": 1, "paragraph": 2, "figure": 1}
    assert stats.formats == {"pdf": 1, "html": 1}
    assert stats.outcomes == {"ok": 2, "failed:timeout": 1, "skipped:duplicate:near": 1}
    assert stats.drops == {
        "image:repeated_across_documents": 2,
        "failed:timeout": 1,
        "skipped:duplicate:near": 1,
    }


def test_cli_prints_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = write_output(tmp_path / "out", "parquet")
    assert main(["stats", str(out)]) == 0
    text = capsys.readouterr().out
    assert "documents: 2 in 2 shards" in text and "failed:timeout: 1" in text
    assert main(["stats", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens_estimate"] > 0


def test_empty_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path)]) == 2
    assert "no part-*.parquet" in capsys.readouterr().err
