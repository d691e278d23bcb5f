"""The crawl's parsing processes: one page at a time each, under ``--doc-timeout``.

A page that takes too long to parse must not hold a worker (and the end of the crawl) hostage,
so each page goes to a process of its own from ``docbuild.executor`` (``Worker``: the same
process loop, memory cap and parent-death signal as the pipeline's), and the event loop waits
for it in a thread with a deadline. A worker past the deadline is killed (SIGKILL) and replaced;
one that dies on its own (segfault, memory) is replaced too. The executor's ``LocalExecutor``
itself takes a fixed list of inputs, while the crawl discovers its pages as it goes.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Literal

from docbuild.errors import ParseError
from docbuild.executor import Emit, Item, Task, Work, Worker, default_memory_cap
from docbuild.jobs import Outcome, load
from docbuild.sources import Source

log = logging.getLogger(__name__)

PageStatus = Literal["ok", "timeout", "crashed"]


def analyse(work: Work, source: Source, parse: bool) -> tuple[list[Item], Any]:
    """Worker-side work for one page: its document (when ``parse``) and its links (HTML only)."""
    links = None
    if source.format == "html":
        try:
            links = load("parsers.links:extract_links")(source.read_bytes(), source.meta["url"])
        except ParseError as exc:
            log.warning("no links from %s", exc)
    items = [work.item(source)] if parse else []
    return items, links


@dataclass(frozen=True)
class CrawlWork(Work):
    """A page task: parse it unless its location is in ``task.skip``, and send its links."""

    def run(self, task: Task, emit: Emit) -> None:
        source = task.source
        emit(("start", source.location))
        try:
            items, links = analyse(self, source, parse=source.location not in task.skip)
        except Exception as exc:  # a bug in link extraction: fail the page, keep the worker
            log.exception("analysing %s failed", source.location)
            message = f"internal error: {type(exc).__name__}: {exc}"
            items, links = [Item(Outcome(source.location, "failed", "internal_error", message))], None
        emit(("links", links))
        for item in items:
            emit(("item", item))


@dataclass
class PageResult:
    """What a worker gave for one page, or why it gave nothing (timeout, crashed)."""

    status: PageStatus
    items: list[Item]
    links: Any = None
    message: str = ""


class PageWorkers:
    """``workers`` parsing processes fed one page each; ``async with`` starts and stops them."""

    def __init__(self, work: CrawlWork, workers: int, doc_timeout: float) -> None:
        self.work = work
        self.workers = max(1, workers)
        self.doc_timeout = doc_timeout
        self.max_memory_mb = default_memory_cap(self.workers)
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.killed = 0
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._waits = ThreadPoolExecutor(self.workers, thread_name_prefix="docbuild-page-wait")

    def _spawn(self) -> Worker:
        worker = Worker(self.ctx, self.work, self.max_memory_mb)
        self._all.add(worker)
        return worker

    async def __aenter__(self) -> PageWorkers:
        for _ in range(self.workers):
            self._idle.put_nowait(self._spawn())
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in list(self._all):
            if exc[0] is None:
                worker.stop()
            else:
                worker.kill()
        self._all.clear()
        self._waits.shutdown(wait=False, cancel_futures=True)

    async def run(self, source: Source, parse: bool) -> PageResult:
        """The page's items and links from a worker, within ``doc_timeout`` seconds."""
        worker = await self._idle.get()
        skip = frozenset() if parse else frozenset({source.location})
        try:
            worker.conn.send(Task(0, source, skip))
            deadline = time.monotonic() + self.doc_timeout
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._waits, _collect, worker, deadline)
        except (OSError, EOFError) as exc:  # the worker was already gone when the page was sent
            result = PageResult("crashed", [], message=f"worker unreachable ({exc})")
        except BaseException:
            self._retire(worker)  # cancelled mid-page: its answer would confuse the next page
            raise
        if result.status == "ok":
            self._idle.put_nowait(worker)
        else:
            self._retire(worker)
        return result

    def _retire(self, worker: Worker) -> None:
        """Kill a worker that timed out, died or was abandoned, and start its replacement."""
        self.killed += 1
        worker.kill()
        self._all.discard(worker)
        self._idle.put_nowait(self._spawn())


def _collect(worker: Worker, deadline: float) -> PageResult:
    """Messages of one page until ``done`` (in a thread: blocking reads, bounded by the deadline)."""
    items: list[Item] = []
    links: Any = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return PageResult("timeout", items, links, "no result in time; worker killed")
        ready = wait([worker.conn, worker.process.sentinel], timeout=remaining)
        if worker.conn in ready or worker.conn.poll():
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                return PageResult("crashed", items, links, _death(worker))
            kind = message[0]
            if kind == "links":
                links = message[1]
            elif kind == "item":
                items.append(message[1])
            elif kind == "done":
                return PageResult("ok", items, links)
        elif worker.process.sentinel in ready:
            return PageResult("crashed", items, links, _death(worker))


def _death(worker: Worker) -> str:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    return f"parsing worker died (exit code {code})"
