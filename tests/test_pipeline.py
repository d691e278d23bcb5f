"""Executor and pipeline with a parser whose behaviour each input dictates (sleep, allocate, crash)."""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from docbuild import heartbeat, jobs
from docbuild.errors import ParseError
from docbuild.executor import LocalExecutor, Task, Work
from docbuild.jobs import Job
from docbuild.model import Document, Node, NodeType
from docbuild.options import RunOptions
from docbuild.pipeline import run
from docbuild.sources import Skipped, Source
from docbuild.writers.parquet import read_rows

FAKE = "fake"


def fake_parse(source: Source, options: object) -> Document:
    """A parser driven by the input: ``{"text", "sleep", "alloc_mb", "exit", "signal", "error"}``."""
    spec = json.loads(source.read_bytes() or b"{}")
    if spec.get("sleep"):
        time.sleep(spec["sleep"])
    for _ in range(spec.get("pages", 0)):  # a slow document that keeps finishing pages
        time.sleep(spec["page_sleep"])
        heartbeat.beat()
    if spec.get("alloc_mb"):
        hog = bytearray(spec["alloc_mb"] * 2**20)
        for i in range(0, len(hog), 4096):  # touch every page so it is resident, not just reserved
            hog[i] = 1
        time.sleep(spec.get("hold", 5))
    if "exit" in spec:
        os._exit(spec["exit"])
    if spec.get("signal"):
        faulthandler.disable()  # pytest's handler would print the child's stack on SIGSEGV
        os.kill(os.getpid(), getattr(signal, spec["signal"]))
    if spec.get("error"):
        raise ParseError(source.location, spec["error"])
    text = spec.get("text", f"document {source.location} with some words in it")
    node = Node(NodeType.PARAGRAPH, "p0-b1", text=text, page_index=0)
    return Document(id=source.sha256, source=source.location, format=FAKE, nodes=(node,))


@pytest.fixture(autouse=True)
def fake_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the fake parser; worker processes are forked, so they see it too."""
    monkeypatch.setitem(jobs.PARSERS, FAKE, f"{__name__}:fake_parse")
    monkeypatch.setitem(sys.modules, __name__, sys.modules[__name__])


def make_inputs(folder: Path, specs: dict[str, dict[str, object]]) -> list[Source]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, spec in sorted(specs.items()):
        path = folder / name
        path.write_text(json.dumps(spec))
        sources.append(Source(location=str(path), format=FAKE, path=path))
    return sources


def manifest(out: Path) -> dict[str, dict[str, object]]:
    lines = (out / "manifest.jsonl").read_text().splitlines()
    return {Path(e["input"]).name: e for e in map(json.loads, lines)}


def output_ids(out: Path) -> list[str]:
    return [r["id"] for p in sorted((out / "data").glob("part-*.parquet")) for r in read_rows(p, ["id"])]


def test_timeout_kills_only_the_stuck_document(tmp_path: Path) -> None:
    specs = {f"ok{i}.fake": {} for i in range(4)} | {"stuck.fake": {"sleep": 60}}
    sources = make_inputs(tmp_path / "in", specs)
    options = RunOptions(output=str(tmp_path / "out"), workers=2, doc_timeout=1.5, shard_size=2)
    start = time.monotonic()
    summary = run(Job(), sources, options)
    assert time.monotonic() - start < 20
    entries = manifest(tmp_path / "out")
    assert entries["stuck.fake"]["status"] == "failed"
    assert entries["stuck.fake"]["reason"] == "timeout"
    assert "stuck.fake" in entries["stuck.fake"]["message"]
    assert {n for n, e in entries.items() if e["status"] == "ok"} == {f"ok{i}.fake" for i in range(4)}
    assert summary.ok == 4 and summary.failed == 1
    assert summary.executor["timeouts"] == 1 and summary.executor["restarts"] == 1


def test_a_slow_document_that_finishes_pages_is_not_a_stuck_one(tmp_path: Path) -> None:
    # 8 pages of 0.6 s: 4.8 s in all, well past the 2 s timeout, but never 2 s without a page.
    specs = {"slow.fake": {"pages": 8, "page_sleep": 0.6}, "stuck.fake": {"sleep": 60}}
    sources = make_inputs(tmp_path / "in", specs)
    options = RunOptions(output=str(tmp_path / "out"), workers=2, doc_timeout=2.0)
    summary = run(Job(), sources, options)
    entries = manifest(tmp_path / "out")
    assert entries["slow.fake"]["status"] == "ok"
    assert entries["slow.fake"]["seconds"] > 4
    assert (entries["stuck.fake"]["status"], entries["stuck.fake"]["reason"]) == ("failed", "timeout")
    assert summary.executor["timeouts"] == 1


def test_memory_cap_kills_only_the_oversized_document(tmp_path: Path) -> None:
    specs = {"a.fake": {}, "hog.fake": {"alloc_mb": 400, "hold": 10}, "z.fake": {}}
    sources = make_inputs(tmp_path / "in", specs)
    options = RunOptions(output=str(tmp_path / "out"), workers=1, doc_timeout=30, max_memory_mb=250)
    summary = run(Job(), sources, options)
    entries = manifest(tmp_path / "out")
    assert entries["hog.fake"]["status"] == "failed"
    assert entries["hog.fake"]["reason"] == "memory"
    assert entries["a.fake"]["status"] == entries["z.fake"]["status"] == "ok"
    assert summary.ok == 2


@pytest.mark.parametrize("spec", [{"exit": 3}, {"signal": "SIGKILL"}, {"signal": "SIGSEGV"}])
def test_dying_worker_is_replaced(tmp_path: Path, spec: dict[str, object]) -> None:
    specs = {"a.fake": {}, "b-dies.fake": spec, "c.fake": {}, "d.fake": {}}
    sources = make_inputs(tmp_path / "in", specs)
    summary = run(Job(), sources, RunOptions(output=str(tmp_path / "out"), workers=2))
    entries = manifest(tmp_path / "out")
    assert entries["b-dies.fake"]["status"] == "failed"
    assert entries["b-dies.fake"]["reason"] == "crashed"
    assert summary.ok == 3
    assert summary.executor["crashes"] == 1


def test_parse_errors_are_counted_by_reason(tmp_path: Path) -> None:
    specs = {"a.fake": {}, "bad.fake": {"error": "broken xref"}}
    summary = run(Job(), make_inputs(tmp_path / "in", specs), RunOptions(output=str(tmp_path / "out")))
    entry = manifest(tmp_path / "out")["bad.fake"]
    assert (entry["status"], entry["reason"]) == ("failed", "parse_error")
    assert "broken xref" in entry["message"]
    assert summary.reasons == {"failed:parse_error": 1}


def test_output_is_the_same_with_one_or_two_workers(tmp_path: Path) -> None:
    # Uneven parse times make workers finish out of order; the shards must not care.
    specs = {f"d{i:02d}.fake": {"sleep": 0.05 * (i % 3), "text": f"text number {i}"} for i in range(12)}
    sources = make_inputs(tmp_path / "in", specs)
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        run(Job(), sources, RunOptions(output=str(out), workers=workers, shard_size=5))
        outs.append(out)
    assert output_ids(outs[0]) == output_ids(outs[1])
    assert len(output_ids(outs[0])) == 12
    shards = [sorted(p.name for p in (o / "data").glob("*.parquet")) for o in outs]
    assert shards[0] == shards[1] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]


def test_executor_yields_in_task_order(tmp_path: Path) -> None:
    specs = {f"{i}.fake": {"sleep": 0.3 if i == 0 else 0.0} for i in range(6)}
    sources = make_inputs(tmp_path / "in", specs)
    executor = LocalExecutor(Work(Job()), workers=2, doc_timeout=10)
    results = list(executor.run(Task(i, s) for i, s in enumerate(sources)))
    assert [r.task.index for r in results] == list(range(6))
    assert all(r.items[0].outcome.status == "ok" for r in results)


def fake_records(source: Source) -> Iterator[Source | Skipped]:
    """A container (like a WARC) whose records are the specs listed in the input file."""
    for k, spec in enumerate(json.loads(source.read_bytes())):
        if spec is None:
            yield Skipped(f"{source.location}@{k}", "not_a_document")
        else:
            yield Source(location=f"{source.location}@{k}", format=FAKE, data=json.dumps(spec).encode())


@pytest.fixture
def fake_container(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.CONTAINERS, "fakebox", f"{__name__}:fake_records")


def container(folder: Path, records: list[dict[str, object] | None]) -> list[Source]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crawl.fakebox"
    path.write_text(json.dumps(records))
    return [Source(location=str(path), format="fakebox", path=path)]


def test_container_records_after_a_stuck_one_are_not_lost(tmp_path: Path, fake_container: None) -> None:
    records: list[dict[str, object] | None] = [{"text": f"record {k}"} for k in range(6)]
    records[2] = {"sleep": 60}
    records[4] = {"exit": 9}
    records.insert(1, None)
    sources = container(tmp_path / "in", records)
    summary = run(Job(), sources, RunOptions(output=str(tmp_path / "out"), workers=1, doc_timeout=1.5))
    entries = manifest(tmp_path / "out")
    status = {name.split("@")[1]: (e["status"], e["reason"]) for name, e in entries.items()}
    assert status == {
        "0": ("ok", None),
        "1": ("skipped", "not_a_document"),
        "2": ("ok", None),
        "3": ("failed", "timeout"),
        "4": ("ok", None),
        "5": ("failed", "crashed"),
        "6": ("ok", None),
    }
    assert summary.ok == 4


def test_container_resume_redoes_only_missing_records(tmp_path: Path, fake_container: None) -> None:
    sources = container(tmp_path / "in", [{"text": f"record number {k}"} for k in range(6)])
    out = tmp_path / "out"
    run(Job(), sources, RunOptions(output=str(out), workers=1, shard_size=2))
    reference = output_ids(out)
    # As if the run died before its last shard was complete: shard and manifest lines gone.
    (out / "data" / "part-00002.parquet").unlink()
    lines = (out / "manifest.jsonl").read_text().splitlines()
    keep = [x for x in lines if json.loads(x).get("shard") != "part-00002.parquet"]
    (out / "manifest.jsonl").write_text("".join(x + "\n" for x in keep))
    summary = run(Job(), sources, RunOptions(output=str(out), workers=1, shard_size=2, resume=True))
    assert summary.ok == 2
    assert sorted(output_ids(out)) == sorted(reference)
    assert len(manifest(out)) == 6


def test_shards_are_also_cut_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docbuild import pipeline

    monkeypatch.setattr(pipeline, "SHARD_MAX_BYTES", 200)  # each fake row is ~400 bytes
    specs = {f"d{i}.fake": {"text": f"text {i} " * 20} for i in range(3)}
    run(Job(), make_inputs(tmp_path / "in", specs), RunOptions(output=str(tmp_path / "out"), workers=1))
    assert len(list((tmp_path / "out" / "data").glob("part-*.parquet"))) == 3


def test_cli_flags_reach_the_run(tmp_path: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    from docbuild.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):  # b is a byte-for-byte copy of a: dropped by --dedup
        doc = pymupdf.open()
        text = " ".join(f"word{k}" for k in range(60))
        doc.new_page().insert_textbox(pymupdf.Rect(72, 300, 520, 500), text)
        doc.save(folder / f"{name}.pdf", no_new_id=True)
        doc.close()
    out = tmp_path / "out"
    argv = ["pdf", str(folder), "-o", str(out), "--workers", "1", "--quiet", "--ocr", "never"]
    argv += ["--doc-timeout", "30", "--max-memory", "900", "--filter", "--min-words", "3"]
    argv += ["--dedup", "--max-image-repeats", "4", "--write-excluded"]
    assert main(argv) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["RunOptions"]["doc_timeout"] == 30 and config["RunOptions"]["max_memory_mb"] == 900
    assert config["FilterOptions"]["min_words"] == 3 and config["DedupOptions"]["max_image_repeats"] == 4
    entries = manifest(out)
    assert entries["a.pdf"]["status"] == "ok"
    assert (entries["b.pdf"]["status"], entries["b.pdf"]["reason"]) == ("skipped", "duplicate:exact_bytes")
    assert "b.pdf" in (out / "excluded.jsonl").read_text()


def test_workers_are_recycled_after_many_tasks(tmp_path: Path) -> None:
    sources = make_inputs(tmp_path / "in", {f"{i}.fake": {} for i in range(7)})
    executor = LocalExecutor(Work(Job()), workers=1, max_tasks_per_worker=3)
    results = list(executor.run(Task(i, s) for i, s in enumerate(sources)))
    assert [r.items[0].outcome.status for r in results] == ["ok"] * 7
    assert executor.stats.recycled == 2 and executor.stats.restarts == 0
