"""--engine ray on a local Ray instance gives the same shards and manifest as the local engine."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docbuild.jobs import Job
from docbuild.options import RunOptions
from docbuild.pipeline import run
from docbuild.ray_engine import chunk_size
from docbuild.sources import discover
from docbuild.writers.parquet import read_rows

ray = pytest.importorskip("ray")
pymupdf = pytest.importorskip("pymupdf")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A 2-CPU Ray with its session files in a short temp folder (unix socket paths are limited)."""
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")
    # A loopback-only test cluster: without this Ray 2.5x writes a token to ~/.ray/auth_token.
    saved = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=temp, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)
        if saved is None:
            os.environ.pop("RAY_AUTH_MODE", None)
        else:
            os.environ["RAY_AUTH_MODE"] = saved


def make_inputs(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        doc = pymupdf.open()
        page = doc.new_page(width=300, height=300)
        words = " ".join(f"ray{i}w{k}" for k in range(40))
        page.insert_textbox(pymupdf.Rect(20, 60, 280, 260), f"Document {i}. {words}", fontsize=9)
        doc.save(folder / f"doc{i:02d}.pdf")
        doc.close()
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    return folder


def snapshot(out: Path) -> tuple[list[dict[str, object]], dict[str, tuple[str, str | None]]]:
    rows = [r for p in sorted((out / "data").glob("*.parquet")) for r in read_rows(p, ["id", "texts"])]
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    return rows, {e["input"]: (e["status"], e["reason"]) for e in entries}


def test_chunks_spread_work_over_the_cluster() -> None:
    assert chunk_size(10, 2) == 2
    assert chunk_size(100_000, 64) == 16
    assert chunk_size(1, 8) == 1


def test_ray_engine_matches_local_engine(local_ray: None, tmp_path: Path) -> None:
    sources, _ = discover([make_inputs(tmp_path / "in", 9)], "pdf")
    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        options = RunOptions(output=str(out), workers=2, shard_size=4, engine=engine, doc_timeout=60)
        summary = run(Job(), sources, options)
        assert (summary.ok, summary.failed) == (9, 1)
        outputs[engine] = snapshot(out)
    assert outputs["ray"] == outputs["local"]
    assert outputs["ray"][1][str(tmp_path / "in" / "broken.pdf")] == ("failed", "unsupported")
    layout = sorted(p.name for p in (tmp_path / "ray" / "data").iterdir())
    assert layout == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]


def test_ray_engine_resumes(local_ray: None, tmp_path: Path) -> None:
    sources, _ = discover([make_inputs(tmp_path / "in", 5)], "pdf")
    out = tmp_path / "out"
    run(Job(), sources[:3], RunOptions(output=str(out), workers=2, engine="ray"))
    summary = run(Job(), sources, RunOptions(output=str(out), workers=2, engine="ray", resume=True))
    assert summary.resumed == 3 and summary.ok + summary.failed == 3
    rows, entries = snapshot(out)
    assert len(rows) == 5 and len(entries) == 6
