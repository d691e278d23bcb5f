"""--resume after kill -9 and after every crash window: each input ends up exactly once, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docbuild.jobs import Job
from docbuild.options import RunOptions
from docbuild.pipeline import run
from docbuild.resume import load_state
from docbuild.sources import discover
from docbuild.writers.parquet import read_rows

pymupdf = pytest.importorskip("pymupdf")

ROOT = Path(__file__).resolve().parent.parent


def make_pdfs(folder: Path, count: int, pages: int = 2) -> Path:
    """Small distinct PDFs (different words on every page) so no two documents look alike."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        doc = pymupdf.open()
        for p in range(pages):
            page = doc.new_page(width=300, height=300)
            words = " ".join(f"w{i}x{p}x{k}" for k in range(40))
            page.insert_textbox(pymupdf.Rect(20, 20, 280, 280), f"Document {i} page {p}. {words}", fontsize=9)
        doc.save(folder / f"doc{i:03d}.pdf")
        doc.close()
    return folder


def shard_ids(out: Path) -> list[str]:
    return [r["id"] for p in sorted((out / "data").glob("part-*.parquet")) for r in read_rows(p, ["id"])]


def final_manifest(out: Path) -> dict[str, dict[str, object]]:
    entries: dict[str, dict[str, object]] = {}
    for line in (out / "manifest.jsonl").read_text().splitlines():
        entry = json.loads(line)
        assert entry["input"] not in entries, f"{entry['input']} listed twice in the manifest"
        entries[entry["input"]] = entry
    return entries


def cli(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    cmd = [sys.executable, "-m", "docbuild", "pdf", *args, "--quiet", "--ocr", "never"]
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def test_sigkill_midway_then_resume_equals_uninterrupted_run(tmp_path: Path) -> None:
    inputs = make_pdfs(tmp_path / "in", 24)
    (inputs / "empty.pdf").write_bytes(b"")  # a failure, so failed entries are resumed too
    reference = tmp_path / "reference"
    proc = cli(str(inputs), "-o", str(reference), "--workers", "2", "--shard-size", "3")
    assert proc.wait(timeout=300) in (0, 1), proc.stderr.read() if proc.stderr else ""

    out = tmp_path / "out"
    proc = cli(str(inputs), "-o", str(out), "--workers", "2", "--shard-size", "3")
    deadline = time.monotonic() + 120
    while len(list((out / "data").glob("part-*.parquet"))) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, "run finished before it could be killed: make the inputs slower"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed_with = len(shard_ids(out))
    assert 0 < killed_with < 24, "the kill should land midway"

    proc = cli(str(inputs), "-o", str(out), "--workers", "2", "--shard-size", "3", "--resume")
    assert proc.wait(timeout=300) in (0, 1), proc.stderr.read() if proc.stderr else ""

    assert sorted(shard_ids(out)) == sorted(shard_ids(reference))
    assert len(shard_ids(out)) == len(set(shard_ids(out))) == 24
    ref, got = final_manifest(reference), final_manifest(out)
    assert set(got) == set(ref) == {str(p) for p in sorted(inputs.iterdir())}
    assert {k: v["status"] for k, v in got.items()} == {k: v["status"] for k, v in ref.items()}
    assert not list((out / "data").glob(".*.tmp"))


def test_crash_windows_are_repaired_on_resume(tmp_path: Path) -> None:
    inputs = make_pdfs(tmp_path / "in", 6, pages=1)
    sources, _ = discover([inputs], "pdf")
    out = tmp_path / "out"
    options = RunOptions(output=str(out), workers=1, shard_size=2)
    run(Job(), sources, options)
    reference = sorted(shard_ids(out))
    # Simulate a crash: the last shard renamed but its manifest lines never appended, a torn
    # half line at the end, and a half-written temp shard.
    lines = (out / "manifest.jsonl").read_text().splitlines()
    kept = [line for line in lines if json.loads(line).get("shard") != "part-00002.parquet"]
    assert len(kept) == len(lines) - 2
    (out / "manifest.jsonl").write_text("\n".join(kept) + '\n{"input": "half')
    (out / "data" / ".part-00003.parquet.tmp").write_bytes(b"PAR1 garbage")

    state = load_state(out)
    assert state.removed_tmp == [".part-00003.parquet.tmp"]
    assert len(state.recovered) == 2 and all(e["recovered"] for e in state.recovered)
    assert state.next_index == 3

    summary = run(Job(), sources, RunOptions(output=str(out), workers=1, shard_size=2, resume=True))
    assert summary.resumed == 6 and summary.ok == 0
    assert sorted(shard_ids(out)) == reference
    entries = final_manifest(out)
    assert len(entries) == 6 and all(e["status"] == "ok" for e in entries.values())


def test_resume_redoes_only_what_is_missing(tmp_path: Path) -> None:
    inputs = make_pdfs(tmp_path / "in", 4, pages=1)
    sources, _ = discover([inputs], "pdf")
    out = tmp_path / "out"
    run(Job(), sources[:2], RunOptions(output=str(out), workers=1))
    with pytest.raises(Exception, match="--overwrite or --resume"):
        run(Job(), sources, RunOptions(output=str(out), workers=1))
    summary = run(Job(), sources, RunOptions(output=str(out), workers=1, resume=True))
    assert (summary.resumed, summary.ok) == (2, 2)
    assert len(set(shard_ids(out))) == 4


def test_ctrl_c_between_a_shards_manifest_lines_loses_none_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C right after the first manifest line of a finished shard: the shard's other lines are
    still written before the run stops, so every document in a shard is in the manifest."""
    from docbuild import pipeline

    inputs = make_pdfs(tmp_path / "in", 4, pages=1)
    sources, _ = discover([inputs], "pdf")
    out = tmp_path / "out"
    write_entry = pipeline.Manifest.write_entry

    def interrupted(self: pipeline.Manifest, entry: dict[str, object]) -> None:
        write_entry(self, entry)
        if entry.get("shard"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(pipeline.Manifest, "write_entry", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(Job(), sources, RunOptions(output=str(out), workers=1, shard_size=2))
    assert len(shard_ids(out)) == 2
    assert len(final_manifest(out)) == 2


def test_ctrl_c_keeps_finished_documents_and_resume_completes(tmp_path: Path) -> None:
    inputs = make_pdfs(tmp_path / "in", 16)
    out = tmp_path / "out"
    proc = cli(str(inputs), "-o", str(out), "--workers", "2", "--shard-size", "2")
    deadline = time.monotonic() + 120
    while len(list((out / "data").glob("part-*.parquet"))) < 1 and time.monotonic() < deadline:
        assert proc.poll() is None, "run finished before it could be interrupted"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    assert b"--resume" in (proc.stderr.read() if proc.stderr else b"")
    done = len(shard_ids(out))
    assert 0 < done < 16
    assert len(final_manifest(out)) == done  # every finished document was flushed with its line
    proc = cli(str(inputs), "-o", str(out), "--workers", "2", "--shard-size", "2", "--resume")
    assert proc.wait(timeout=300) == 0
    assert len(set(shard_ids(out))) == len(shard_ids(out)) == 16
    assert len(final_manifest(out)) == 16
