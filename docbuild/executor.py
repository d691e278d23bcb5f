"""Local executor: worker processes that a stuck or oversized document cannot take down with it.

Each worker is a process fed one task at a time over a pipe. Before every document it reports
which one it starts and beats after every page it finishes, so the parent holds a deadline per
document (``--doc-timeout`` without progress: a long OCR job is slow, not stuck) and, with
``--max-memory``, watches the worker's resident memory (the child also caps its own address
space with RLIMIT_AS, so a runaway allocation fails inside the child). A worker past its
deadline or its memory cap is killed with SIGKILL and replaced; the document is recorded as
``failed: timeout`` / ``failed: memory`` and the run carries on. A worker that dies on its own
(segfault in a C library, ``os._exit``) is recorded as ``failed: crashed``. When the task was a
container (a WARC) the remaining records are requeued after the bad one, so nothing is lost.

Results are yielded in task order whatever order workers finish in, so output stays
deterministic. The same :class:`Work` object runs in-process, here and on Ray.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from docbuild import heartbeat
from docbuild.errors import DocbuildError
from docbuild.jobs import CONTAINERS, Job, Outcome
from docbuild.options import DedupOptions
from docbuild.sources import Skipped, Source

log = logging.getLogger(__name__)


# How often the parent wakes up to check deadlines and memory when no worker reports anything.
POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Task:
    """One input to run; ``skip`` holds record locations of a container already accounted for."""

    index: int
    source: Source
    skip: frozenset[str] = frozenset()


@dataclass
class Item:
    """One outcome plus what the parent needs to dedup it (computed where the parsing happened)."""

    outcome: Outcome
    signature: Any = None


@dataclass
class Result:
    """Everything one task produced, in record order."""

    task: Task
    items: list[Item] = field(default_factory=list)


Emit = Callable[[tuple[Any, ...]], None]


@dataclass(frozen=True)
class Work:
    """What a worker does with a task: expand containers, run each document, sign ok rows."""

    job: Job
    dedup: DedupOptions | None = None

    def item(self, source: Source) -> Item:
        outcome = self.job.run_one(source)
        sig = None
        if self.dedup is not None and outcome.status == "ok" and outcome.rows and "texts" in outcome.rows[0]:
            from docbuild.dedup import signature

            sig = signature(outcome.rows[0], self.dedup)
        return Item(outcome, sig)

    def run(self, task: Task, emit: Emit) -> None:
        """Emit ("start", location) before and ("item", Item) after every document of the task."""
        try:
            for record in self.job.expand(task.source):
                if isinstance(record, Skipped):
                    if record.location not in task.skip:
                        emit(("item", Item(Outcome(record.location, "skipped", record.reason))))
                    continue
                if record.location in task.skip:
                    continue
                emit(("start", record.location))
                with heartbeat.listening(lambda: emit(("beat",))):
                    item = self.item(record)
                emit(("item", item))
        except DocbuildError as exc:  # the container itself is unreadable (truncated WARC …)
            emit(("item", Item(Outcome(task.source.location, "failed", exc.reason, exc.message))))

    def collect(self, task: Task) -> Result:
        """Run a task in the current process (Ray tasks and ``workers=0`` use this)."""
        result = Result(task)

        def emit(message: tuple[Any, ...]) -> None:
            if message[0] == "item":
                result.items.append(message[1])

        self.run(task, emit)
        return result


def _limit_memory(max_memory_mb: int | None) -> None:
    """Cap the child's address space at what it uses now plus the budget, so a bomb fails here."""
    if not max_memory_mb:
        return
    import resource

    try:
        with open("/proc/self/statm") as fh:
            vm_pages = int(fh.read().split()[0])
        current = vm_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 0
    limit = current + max_memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent dies (kill -9 of a run leaves no orphans)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Connection, work: Work, max_memory_mb: int | None) -> None:
    """Worker loop: receive a task, stream its messages back, until the parent hangs up."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _limit_memory(max_memory_mb)
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            work.run(task, conn.send)
            conn.send(("done",))
        except (BrokenPipeError, EOFError):
            return


def default_memory_cap(workers: int) -> int | None:
    """80% of physical memory split between the workers, in MB (None where /proc is missing)."""
    try:
        with open("/proc/meminfo") as fh:
            total_kb = next(int(line.split()[1]) for line in fh if line.startswith("MemTotal:"))
    except (OSError, StopIteration, ValueError):
        return None
    return max(256, int(total_kb / 1024 * 0.8 / max(1, workers)))


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class Worker:
    """One worker process and the task it is running (with the deadline of its current document)."""

    def __init__(self, ctx: Any, work: Work, max_memory_mb: int | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, work, max_memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.current: str | None = None
        self.deadline = float("inf")
        self.seen: set[str] = set()
        self.peak_rss = 0.0
        self.tasks_done = 0
        # RSS before its first document: a forked worker starts with the parent's pages resident, so the
        # memory cap applies to what the worker adds on top (as RLIMIT_AS in the child does).
        self.baseline_rss: float | None = None

    def assign(self, task: Task, timeout: float) -> None:
        if self.baseline_rss is None:
            self.baseline_rss = rss_mb(self.process.pid or 0)
        self.task, self.current, self.seen = task, task.source.location, set(task.skip)
        self.deadline = time.monotonic() + timeout
        self.conn.send(task)

    def release(self) -> None:
        self.task, self.current, self.deadline = None, None, float("inf")

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(OSError):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError, BrokenPipeError):
            self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(OSError):
            self.conn.close()


def _death_message(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"worker died with {signal.Signals(-code).name}"
    return f"worker exited with code {code}"


@dataclass
class ExecutorStats:
    """What the pool did besides parsing: kills, restarts and the largest worker seen."""

    timeouts: int = 0
    memory_kills: int = 0
    crashes: int = 0
    restarts: int = 0
    recycled: int = 0
    peak_rss_mb: float = 0.0


class LocalExecutor:
    """Runs tasks on ``workers`` processes with per-document time and memory limits, in order."""

    def __init__(
        self,
        work: Work,
        workers: int,
        doc_timeout: float = 120.0,
        max_memory_mb: int | None = None,
        start_method: str | None = None,
        max_tasks_per_worker: int = 500,
    ) -> None:
        self.work = work
        self.workers = max(1, workers)
        self.doc_timeout = doc_timeout
        # Without --max-memory, still keep one runaway document from taking the machine (and the
        # parent) down with the kernel's OOM killer: share 80% of the RAM between the workers.
        self.max_memory_mb = max_memory_mb or default_memory_cap(self.workers)
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context(start_method or ("fork" if "fork" in methods else "spawn"))
        self.stats = ExecutorStats()
        self.max_tasks_per_worker = max(1, max_tasks_per_worker)
        self._pool: list[Worker] = []

    def _spawn(self) -> Worker:
        return Worker(self.ctx, self.work, self.max_memory_mb)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self._pool[self._pool.index(worker)] = self._spawn()
        self.stats.restarts += 1

    def _recycle(self, worker: Worker) -> None:
        """Swap a long-lived idle worker for a fresh one, so heap growth over a long run is returned."""
        worker.stop()
        self._pool[self._pool.index(worker)] = self._spawn()
        self.stats.recycled += 1

    def _fail(self, worker: Worker, reason: str, message: str) -> tuple[Item, Task | None]:
        """Outcome for the document a dead worker was on, and the rest of its container to requeue."""
        task = worker.task
        assert task is not None
        location = worker.current or task.source.location
        item = Item(Outcome(location, "failed", reason, f"{location}: {message}"))
        rest = None
        if task.source.format in CONTAINERS and worker.current != task.source.location:
            rest = Task(task.index, task.source, frozenset(worker.seen | {location}))
        return item, rest

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Yield one Result per task, in task order; never raises for a bad document."""
        queue: deque[Task] = deque(tasks)
        window = self.workers * 4
        results: dict[int, Result] = {}
        done: set[int] = set()
        order = [t.index for t in queue]
        if not order:
            return
        next_pos = 0
        self._pool = [self._spawn() for _ in range(min(self.workers, max(1, len(queue))))]
        try:
            while next_pos < len(order):
                self._dispatch(queue, results, order[next_pos], window)
                self._step(queue, results, done)
                while next_pos < len(order) and order[next_pos] in done:
                    yield results.pop(order[next_pos])
                    next_pos += 1
        except BaseException:  # Ctrl-C, a closed generator: busy workers are not worth waiting for
            for worker in self._pool:
                worker.kill()
            raise
        for worker in self._pool:
            worker.stop()

    def _dispatch(self, queue: deque[Task], results: dict[int, Result], lowest: int, window: int) -> None:
        for worker in self._pool:
            if worker.task is not None or not queue:
                continue
            if queue[0].index >= lowest + window:
                return  # bound what waits in memory behind one slow document
            task = queue.popleft()
            results.setdefault(task.index, Result(task))
            try:
                worker.assign(task, self.doc_timeout)
            except (BrokenPipeError, OSError):
                queue.appendleft(task)
                self._replace(worker)

    def _step(self, queue: deque[Task], results: dict[int, Result], done: set[int]) -> None:
        """Wait for messages, then enforce deadlines and memory caps."""
        busy = [w for w in self._pool if w.task is not None]
        if not busy:
            return
        now = time.monotonic()
        timeout = max(0.0, min(POLL_SECONDS, min(w.deadline for w in busy) - now))
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=timeout)
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._drain(worker, queue, results, done)
        self._enforce(queue, results, done)

    def _drain(self, worker: Worker, queue: deque[Task], results: dict[int, Result], done: set[int]) -> None:
        """Read every message a worker has sent; handle its death if the pipe is closed."""
        try:
            while worker.task is not None and worker.conn.poll():
                self._handle(worker, worker.conn.recv(), results, done)
        except (EOFError, OSError):
            pass
        if worker.task is not None and not worker.process.is_alive():
            worker.process.join(timeout=1)
            self.stats.crashes += 1
            self._give_up(worker, "crashed", _death_message(worker.process.exitcode), queue, results, done)

    def _handle(
        self, worker: Worker, message: tuple[Any, ...], results: dict[int, Result], done: set[int]
    ) -> None:
        task = worker.task
        assert task is not None
        kind = message[0]
        if kind == "start":
            worker.current = message[1]
            worker.deadline = time.monotonic() + self.doc_timeout
        elif kind == "beat":  # the document finished another page: it is slow, not stuck
            worker.deadline = time.monotonic() + self.doc_timeout
        elif kind == "item":
            item: Item = message[1]
            worker.seen.add(item.outcome.location)
            results[task.index].items.append(item)
        elif kind == "done":
            done.add(task.index)
            worker.release()
            worker.tasks_done += 1
            if worker.tasks_done >= self.max_tasks_per_worker:
                self._recycle(worker)

    def _give_up(
        self,
        worker: Worker,
        reason: str,
        message: str,
        queue: deque[Task],
        results: dict[int, Result],
        done: set[int],
    ) -> None:
        """Record the worker's current document as failed, requeue the rest, replace the worker."""
        task = worker.task
        assert task is not None
        item, rest = self._fail(worker, reason, message)
        results[task.index].items.append(item)
        log.warning("%s", item.outcome.message)
        if rest is not None:
            queue.appendleft(rest)
        else:
            done.add(task.index)
        worker.release()
        self._replace(worker)

    def _enforce(self, queue: deque[Task], results: dict[int, Result], done: set[int]) -> None:
        now = time.monotonic()
        for worker in list(self._pool):
            if worker.task is None:
                continue
            rss = rss_mb(worker.process.pid or 0)
            worker.peak_rss = max(worker.peak_rss, rss)
            self.stats.peak_rss_mb = max(self.stats.peak_rss_mb, rss)
            if now > worker.deadline:
                self.stats.timeouts += 1
                message = f"no result after {self.doc_timeout:g} s; worker killed"
                self._give_up(worker, "timeout", message, queue, results, done)
            elif self.max_memory_mb and rss - (worker.baseline_rss or 0.0) > self.max_memory_mb:
                self.stats.memory_kills += 1
                grown = rss - (worker.baseline_rss or 0.0)
                message = f"worker grew by {grown:.0f} MB > memory cap {self.max_memory_mb} MB; killed"
                self._give_up(worker, "memory", message, queue, results, done)


def run_inline(work: Work, tasks: Iterable[Task]) -> Iterator[Result]:
    """Run tasks in this process, without limits (debugging, profiling)."""
    for task in tasks:
        yield work.collect(task)
