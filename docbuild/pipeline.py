"""Run a job over many inputs: isolated workers, ordered shards, a manifest line per input, resume.

Layout of an output folder::

    out/data/part-00000.parquet   complete shards (written to a temp name, then renamed)
    out/manifest.jsonl            one line per input/record: ok | failed | skipped, reason, counts
    out/excluded.jsonl            documents dropped by filters and dedup (with --write-excluded)
    out/config.json               the resolved options of the run
    out/summary.json              the totals printed at the end

Workers (docbuild.executor, or Ray with ``engine="ray"``) parse, filter and sign documents; the
parent dedups and writes in input order, so the output is the same for the same inputs and
options whatever the number of workers. ``--resume`` skips what complete shards and the manifest
already account for (docbuild.resume) and redoes the rest.
"""

from __future__ import annotations

import json
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docbuild.errors import DocbuildError
from docbuild.executor import ExecutorStats, Item, LocalExecutor, Result, Task, Work
from docbuild.jobs import CONTAINERS, Job, Outcome
from docbuild.obelics import Row
from docbuild.options import DedupOptions, FilterOptions, RunOptions, to_dict
from docbuild.resume import TAR_GLOB, ResumeState, iter_shard_rows, load_state, row_location
from docbuild.sources import Skipped, Source
from docbuild.writers.parquet import SHARD_GLOB, shard_name, write_shard

OUTPUT_FILES = ("data", "manifest.jsonl", "summary.json", "config.json", "excluded.jsonl")


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
    resumed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    drops: dict[str, int] = field(default_factory=dict)
    executor: dict[str, Any] = field(default_factory=dict)

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

    def drop(self, reasons: dict[str, int]) -> None:
        """Count parts of kept documents that were removed (figures, repeated images)."""
        for reason, count in reasons.items():
            self.drops[reason] = self.drops.get(reason, 0) + count

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        out["pages_per_second"] = round(self.pages_per_second, 2)
        out["seconds"] = round(self.seconds, 2)
        return out


# A shard is also closed once its rows hold this many bytes, so image-heavy documents do not pile
# up in the parent's memory; the cut depends only on the rows, so output stays deterministic.
SHARD_MAX_BYTES = 256 * 2**20


def row_bytes(row: Row) -> int:
    """Rough in-memory size of a row: its texts, image bytes and metadata strings."""
    size = sum(len(v) for v in row.values() if isinstance(v, str))
    for text in row.get("texts") or ():
        size += len(text) if text else 0
    for image in row.get("images") or ():
        size += len(image.get("bytes") or b"") if image else 0
    if isinstance(row.get("image"), dict):
        size += len(row["image"].get("bytes") or b"")
    return size


class ShardWriter:
    """Buffers rows and writes a complete shard every ``shard_size`` rows (or SHARD_MAX_BYTES)."""

    def __init__(self, data_dir: Path, shard_size: int, first_index: int = 0, output_format: str = "parquet"):
        self.data_dir = data_dir
        self.shard_size = shard_size
        self.index = first_index
        self.format = output_format
        self.rows: list[Row] = []
        self.pending: list[Outcome] = []
        self.written = 0
        self.bytes = 0

    def add(self, outcome: Outcome) -> list[tuple[Outcome, str]]:
        """Queue an ok outcome's rows; returns outcomes whose shard became complete."""
        self.rows.extend(outcome.rows)
        self.pending.append(outcome)
        self.bytes += sum(row_bytes(r) for r in outcome.rows)
        if len(self.rows) >= self.shard_size or self.bytes >= SHARD_MAX_BYTES:
            return self.flush()
        return []

    def flush(self) -> list[tuple[Outcome, str]]:
        if not self.rows:
            return []
        if self.format == "webdataset":
            from docbuild.writers import webdataset

            name = webdataset.shard_name(self.index)
            webdataset.write_shard(self.data_dir / name, self.rows)
        else:
            name = shard_name(self.index)
            write_shard(self.data_dir / name, self.rows)
        done = [(o, name) for o in self.pending]
        self.index += 1
        self.written += 1
        self.rows, self.pending, self.bytes = [], [], 0
        return done


class Manifest:
    """Append-only jsonl file; each line is flushed so a crash loses nothing written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write_entry(self, entry: dict[str, Any]) -> None:
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()

    def write(self, outcome: Outcome, shard: str | None = None) -> None:
        entry = outcome.manifest_entry()
        if shard is not None:
            entry["shard"] = shard
        self.write_entry(entry)

    def close(self) -> None:
        self.fh.close()


def prepare_output(options: RunOptions) -> Path:
    """Create the output folder; refuse to mix with an earlier run unless told how."""
    out = Path(options.output)
    data = out / "data"
    shards = data.exists() and any(data.glob(SHARD_GLOB) or data.glob(TAR_GLOB))
    has_output = shards or (out / "manifest.jsonl").exists()
    if has_output and not (options.overwrite or options.resume):
        raise OutputExists(str(out), "output folder already holds a run; pass --overwrite or --resume")
    if options.overwrite and out.exists():
        for name in OUTPUT_FILES:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    data.mkdir(parents=True, exist_ok=True)
    return out


def make_tasks(sources: list[Source], state: ResumeState | None) -> tuple[list[Task], int]:
    """Tasks for what is left to do, and how many inputs a resumed run skips as already done."""
    tasks: list[Task] = []
    resumed = 0
    for source in sources:
        if state is None:
            tasks.append(Task(len(tasks), source))
        elif source.format in CONTAINERS:  # re-read, skipping the records already accounted for
            prefix = source.location
            skip = frozenset(x for x in state.done if x.startswith(prefix) and x != prefix)
            if source.location in state.done:
                resumed += 1
            else:
                tasks.append(Task(len(tasks), source, skip))
        elif state.is_done(source.location):
            resumed += 1
        else:
            tasks.append(Task(len(tasks), source))
    return tasks, resumed


def execute(work: Work, tasks: list[Task], options: RunOptions) -> tuple[Iterator[Result], ExecutorStats]:
    """The results of ``tasks`` in task order, from local workers or from Ray."""
    if options.engine == "ray":
        from docbuild.ray_engine import RayExecutor

        ray_exec = RayExecutor(work, options)
        return ray_exec.run(tasks), ray_exec.stats
    local = LocalExecutor(work, options.workers, options.doc_timeout, options.max_memory_mb)
    return local.run(tasks), local.stats


class Collector:
    """The writer side: dedup in input order, then shards, manifest, excluded file and summary."""

    def __init__(self, out: Path, options: RunOptions, dedup: DedupOptions | None, write_excluded: bool):
        self.summary = Summary()
        self.writer = ShardWriter(out / "data", options.shard_size, output_format=options.output_format)
        self.manifest = Manifest(out / "manifest.jsonl")
        self.excluded = Manifest(out / "excluded.jsonl") if write_excluded else None
        self.deduper = None
        if dedup is not None:
            from docbuild.dedup import Deduper

            self.deduper = Deduper(dedup)

    def resume_from(self, state: ResumeState, dedup: DedupOptions | None) -> None:
        """Continue numbering after the complete shards; rebuild manifest lines and dedup state."""
        self.writer.index = state.next_index
        for entry in state.recovered:
            self.manifest.write_entry(entry)
        if self.deduper is not None and dedup is not None:
            from docbuild.dedup import signature

            for _shard, row in iter_shard_rows(self.writer.data_dir):
                if "texts" in row and "images" in row:
                    self.deduper.remember(row_location(row), row["id"], signature(row, dedup), set())

    def _dedup(self, item: Item) -> None:
        """Turn a duplicate into a skipped outcome, or strip its repeated images."""
        outcome = item.outcome
        if self.deduper is None or item.signature is None or outcome.status != "ok":
            return
        from docbuild.dedup import recount

        verdict = self.deduper.check(outcome.location, outcome.doc_id, outcome.rows[0], item.signature)
        if verdict.reason is not None:
            outcome.status, outcome.reason, outcome.message = "skipped", verdict.reason, verdict.message
            outcome.rows, outcome.counts = [], {}
        elif verdict.row is not None and verdict.image_drops:
            outcome.rows = [verdict.row, *outcome.rows[1:]]
            dropped = {f"dropped:{k}": v for k, v in verdict.image_drops.items()}
            outcome.counts = {**outcome.counts, **recount(verdict.row), **dropped}

    def add(self, item: Item) -> None:
        self._dedup(item)
        outcome = item.outcome
        self.summary.add(outcome)
        if outcome.status == "ok":
            node_drops = {f"dropped:{k}": v for k, v in _node_drops(outcome.rows).items()}
            outcome.counts = {**outcome.counts, **node_drops}
            self.summary.drop(
                {k.removeprefix("dropped:"): v for k, v in outcome.counts.items() if k.startswith("dropped:")}
            )
            with _interrupt_after():
                for done, shard in self.writer.add(outcome):
                    self.manifest.write(done, shard)
            return
        self.manifest.write(outcome)
        excluded = outcome.reason and outcome.reason.startswith(("filter:", "duplicate:"))
        if self.excluded is not None and excluded:
            self.excluded.write(outcome)

    def finish(self) -> None:
        with _interrupt_after():
            for done, shard in self.writer.flush():
                self.manifest.write(done, shard)

    def close(self) -> None:
        self.manifest.close()
        if self.excluded is not None:
            self.excluded.close()


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl-C waits until a shard and the manifest lines of its documents are all written.

    Otherwise it can fall between them, leaving documents in a shard that the manifest does not
    account for. The interrupt is raised once the block is done. Only the main thread handles
    signals, and only Python's own Ctrl-C handler raises KeyboardInterrupt: elsewhere, or under
    another handler, the block runs as it is.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _node_drops(rows: list[Row]) -> dict[str, int]:
    """Node-filter drops the worker recorded in ``general_metadata["filtered"]``."""
    counts: Counter[str] = Counter()
    for row in rows:
        meta = json.loads(row.get("general_metadata") or "{}")
        for rule, count in (meta.get("filtered") or {}).items():
            counts[f"node:{rule}"] += int(count)
    return dict(counts)


def run(
    job: Job,
    sources: list[Source],
    options: RunOptions,
    skipped: Iterable[Skipped] = (),
    progress: Callable[[Summary, float], None] | None = None,
    extra_config: dict[str, Any] | None = None,
    filters: FilterOptions | None = None,
    dedup: DedupOptions | None = None,
) -> Summary:
    """Run a whole job: every input ends in a shard or in the manifest as failed/skipped.

    ``filters`` / ``dedup`` default to off for library callers; the CLI turns them on.
    """
    out = prepare_output(options)
    state = load_state(out) if options.resume else None
    if filters is not None:
        from docbuild.filters import with_filters

        job = with_filters(job, filters)
    config = to_dict(job.pdf, job.html, job.link, options, *(o for o in (filters, dedup) if o is not None))
    (out / "config.json").write_text(json.dumps(config | (extra_config or {}), indent=2, default=str))
    start = time.perf_counter()
    collector = Collector(out, options, dedup, bool(filters and filters.write_excluded))
    tasks, resumed = make_tasks(sources, state)
    stats = ExecutorStats()
    try:
        if state is not None:
            collector.resume_from(state, dedup)
            collector.summary.resumed = resumed
            if progress is not None:
                for _ in range(resumed):
                    progress(collector.summary, time.perf_counter() - start)  # the bar counts them as done
        for found in skipped:
            if state is None or not state.is_done(found.location):
                collector.add(Item(Outcome(found.location, "skipped", found.reason)))
        results, stats = execute(Work(job, dedup), tasks, options)
        for result in results:
            for item in result.items:
                collector.add(item)
            if progress is not None:
                progress(collector.summary, time.perf_counter() - start)
        collector.finish()
    except KeyboardInterrupt:
        collector.finish()  # keep what is done; --resume redoes only the rest
        raise
    finally:
        collector.close()
    summary = collector.summary
    summary.shards = collector.writer.written
    summary.seconds = time.perf_counter() - start
    summary.executor = dict(stats.__dict__)
    (out / "summary.json").write_text(json.dumps(summary.as_dict(), indent=2))
    return summary
