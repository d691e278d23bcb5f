"""``--engine ray``: the same pipeline on a Ray cluster, one flag away from the laptop run.

Inputs are cut into small chunks (input shards); each chunk is a Ray task that runs the local
executor with one worker process, so every document keeps its time limit, memory cap and crash
isolation on the cluster too. Results come back to the driver in input order, where the usual
writer side dedups and writes shards and the manifest: same output layout, same determinism,
same ``--resume``. The driver connects to ``RAY_ADDRESS`` when set (an existing cluster), else
starts a local Ray with ``workers`` CPUs. Inputs must be readable at the same path on every node
(shared file system); see docs/scaling.md.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Iterator
from typing import Any

from docbuild.errors import require
from docbuild.executor import ExecutorStats, Item, LocalExecutor, Result, Task, Work, default_memory_cap
from docbuild.jobs import Outcome
from docbuild.options import RunOptions

MAX_CHUNK = 16


def run_chunk(
    work: Work, tasks: list[Task], doc_timeout: float, max_memory_mb: int | None
) -> tuple[list[Result], dict[str, Any]]:
    """Body of one Ray task: the local executor with one isolated worker over a chunk of inputs."""
    # forkserver: the Ray worker has gRPC threads, so its children start from a clean server process.
    # Several chunks share a node: the default cap divides the node's RAM by its CPUs, not by one.
    cap = max_memory_mb or default_memory_cap(os.cpu_count() or 1)
    local = LocalExecutor(work, 1, doc_timeout, cap, start_method="forkserver")
    results = list(local.run(tasks))
    return results, dict(local.stats.__dict__)


def chunk_size(tasks: int, cpus: int) -> int:
    """Small enough to spread over the cluster (about 4 chunks per CPU), at most MAX_CHUNK inputs."""
    return max(1, min(MAX_CHUNK, math.ceil(tasks / max(1, cpus * 4))))


class RayExecutor:
    """Runs tasks as Ray tasks over input chunks; yields results in task order."""

    def __init__(self, work: Work, options: RunOptions) -> None:
        self.work = work
        self.options = options
        self.stats = ExecutorStats()
        self.ray: Any = require("ray", "ray")

    def _connect(self) -> int:
        """Join RAY_ADDRESS's cluster or start a local one; returns the CPUs available."""
        ray = self.ray
        if not ray.is_initialized():
            if os.environ.get("RAY_ADDRESS"):
                ray.init(address=os.environ["RAY_ADDRESS"], log_to_driver=False)
            else:
                ray.init(num_cpus=self.options.workers, include_dashboard=False, log_to_driver=False)
        return int(ray.cluster_resources().get("CPU", 1))

    def _merge(self, stats: dict[str, Any]) -> None:
        for key, value in stats.items():
            if key == "peak_rss_mb":
                self.stats.peak_rss_mb = max(self.stats.peak_rss_mb, value)
            else:
                setattr(self.stats, key, getattr(self.stats, key) + value)

    def _lost(self, chunk: list[Task], error: BaseException) -> list[Result]:
        """A chunk whose Ray task itself died (node lost): every input in it is recorded as failed."""
        message = f"ray task failed: {type(error).__name__}: {str(error).splitlines()[0][:300]}"
        return [Result(t, [Item(Outcome(t.source.location, "failed", "crashed", message))]) for t in chunk]

    def run(self, tasks: list[Task]) -> Iterator[Result]:
        ray = self.ray
        if not tasks:
            return
        cpus = self._connect()
        size = chunk_size(len(tasks), cpus)
        chunks = deque(tasks[i : i + size] for i in range(0, len(tasks), size))
        options: dict[str, Any] = {"num_cpus": 1, "max_retries": 0}
        if self.options.max_memory_mb:
            options["memory"] = self.options.max_memory_mb * 2**20  # scheduling hint per task
        remote = ray.remote(**options)(run_chunk)
        work_ref = ray.put(self.work)
        in_flight: deque[tuple[list[Task], Any]] = deque()
        window = cpus * 2
        args = (self.options.doc_timeout, self.options.max_memory_mb)
        while chunks or in_flight:
            while chunks and len(in_flight) < window:
                chunk = chunks.popleft()
                in_flight.append((chunk, remote.remote(work_ref, chunk, *args)))
            chunk, ref = in_flight.popleft()
            try:
                results, stats = ray.get(ref)
                self._merge(stats)
            except Exception as exc:  # RayTaskError, WorkerCrashedError, node loss
                results = self._lost(chunk, exc)
            yield from results
