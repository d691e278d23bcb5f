"""Run a job over many inputs: parallel parsing, ordered shards, a manifest line per input.

Layout of an output folder::

    out/data/part-00000.parquet   complete shards (written to a temp name, then renamed)
    out/manifest.jsonl            one line per input/record: ok | failed | skipped, reason, counts
    out/config.json               the resolved options of the run
    out/summary.json              the totals printed at the end

Outputs are deterministic for the same inputs and options: inputs are sorted and results are
written in input order whatever order the workers finish in.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docbuild.errors import DocbuildError
from docbuild.jobs import Job, Outcome
from docbuild.obelics import Row
from docbuild.options import RunOptions, to_dict
from docbuild.sources import Skipped, Source
from docbuild.writers.parquet import SHARD_GLOB, shard_name, write_shard


class OutputExists(DocbuildError):
    reason = "output_exists"


@dataclass
class Summary:
    """Totals of a run; printed by the CLI and written to summary.json."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    texts: int = 0
    images: int = 0
    figures: int = 0
    tables: int = 0
    shards: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "ok":
            self.ok += 1
        elif outcome.status == "failed":
            self.failed += 1
        else:
            self.skipped += 1
        if outcome.reason:
            key = f"{outcome.status}:{outcome.reason}"
            self.reasons[key] = self.reasons.get(key, 0) + 1
        self.pages += outcome.pages
        for key in ("texts", "images", "figures", "tables"):
            setattr(self, key, getattr(self, key) + outcome.counts.get(key, 0))

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        out["pages_per_second"] = round(self.pages_per_second, 2)
        out["seconds"] = round(self.seconds, 2)
        return out


class ShardWriter:
    """Buffers rows and writes a complete shard every ``shard_size`` documents."""

    def __init__(self, data_dir: Path, shard_size: int, first_index: int = 0) -> None:
        self.data_dir = data_dir
        self.shard_size = shard_size
        self.index = first_index
        self.rows: list[Row] = []
        self.pending: list[Outcome] = []
        self.written = 0

    def add(self, outcome: Outcome) -> list[tuple[Outcome, str]]:
        """Queue an ok outcome's rows; returns outcomes whose shard became complete."""
        self.rows.extend(outcome.rows)
        self.pending.append(outcome)
        if len(self.rows) >= self.shard_size:
            return self.flush()
        return []

    def flush(self) -> list[tuple[Outcome, str]]:
        if not self.rows:
            return []
        name = shard_name(self.index)
        write_shard(self.data_dir / name, self.rows)
        done = [(o, name) for o in self.pending]
        self.index += 1
        self.written += 1
        self.rows, self.pending = [], []
        return done


class Manifest:
    """Append-only ``manifest.jsonl``; each line is flushed so a crash loses nothing written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, outcome: Outcome, shard: str | None = None) -> None:
        entry = outcome.manifest_entry()
        if shard is not None:
            entry["shard"] = shard
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


def prepare_output(options: RunOptions) -> Path:
    """Create the output folder; refuse to mix with an earlier run unless told how."""
    out = Path(options.output)
    data = out / "data"
    has_output = (data.exists() and any(data.glob(SHARD_GLOB))) or (out / "manifest.jsonl").exists()
    if has_output and not (options.overwrite or options.resume):
        raise OutputExists(str(out), "output folder already holds a run; pass --overwrite or --resume")
    if options.overwrite and out.exists():
        for name in ("data", "manifest.jsonl", "summary.json", "config.json"):
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    data.mkdir(parents=True, exist_ok=True)
    return out


def _worker_init() -> None:
    # tesseract and BLAS must not each spawn a thread per core inside every worker process.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def execute(job: Job, sources: list[Source], workers: int) -> Iterator[tuple[Source, list[Outcome]]]:
    """Run ``job`` over ``sources`` in input order, in-process or in a process pool."""
    if workers <= 1 or len(sources) <= 1:
        for source in sources:
            yield source, job.run(source)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
        yield from zip(sources, pool.map(job.run, sources, chunksize=1), strict=True)


def run(
    job: Job,
    sources: list[Source],
    options: RunOptions,
    skipped: Iterable[Skipped] = (),
    progress: Any = None,
    extra_config: dict[str, Any] | None = None,
) -> Summary:
    """Run a whole job: every input ends in a shard or in the manifest as failed/skipped."""
    out = prepare_output(options)
    config = to_dict(job.pdf, job.html, job.link, options) | (extra_config or {})
    (out / "config.json").write_text(json.dumps(config, indent=2, default=str))
    summary = Summary()
    start = time.perf_counter()
    existing = sorted((out / "data").glob(SHARD_GLOB))
    writer = ShardWriter(out / "data", options.shard_size, first_index=len(existing))
    manifest = Manifest(out / "manifest.jsonl")
    try:
        for item in skipped:
            outcome = Outcome(item.location, "skipped", item.reason)
            manifest.write(outcome)
            summary.add(outcome)
        for _source, outcomes in execute(job, sources, options.workers):
            for outcome in outcomes:
                summary.add(outcome)
                if outcome.status == "ok":
                    for done, shard in writer.add(outcome):
                        manifest.write(done, shard)
                else:
                    manifest.write(outcome)
            if progress is not None:
                progress(summary, time.perf_counter() - start)
        for done, shard in writer.flush():
            manifest.write(done, shard)
    finally:
        manifest.close()
    summary.shards = writer.written
    summary.seconds = time.perf_counter() - start
    (out / "summary.json").write_text(json.dumps(summary.as_dict(), indent=2))
    return summary
