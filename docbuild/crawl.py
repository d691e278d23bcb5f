"""``docbuild crawl``: breadth-first, polite crawl from seed URLs straight into a dataset.

I/O runs in one asyncio event loop (httpx through ``docbuild.http.Fetcher``); parsing and link
extraction run in worker processes (``docbuild.crawl_workers``: a page stuck past --doc-timeout
gets its worker killed), so fetching overlaps parsing. Every response is recorded in
``OUT/warc/crawl-NNNNN.warc.gz``: ``docbuild warc OUT/warc`` re-parses a crawl offline, and
``--resume`` rebuilds the frontier from it without fetching a recorded URL again. Example::

    docbuild crawl https://example.org/ -o out-crawl --max-pages 200 --images fetch
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from posixpath import normpath
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from docbuild.archive import ArchivedImages, WarcRecorder, read_warc, warc_records
from docbuild.crawl_workers import CrawlWork, PageWorkers
from docbuild.errors import FetchError
from docbuild.executor import Item
from docbuild.fetch import ImageFiller
from docbuild.http import REDIRECT_STATUSES, Fetcher, Response
from docbuild.jobs import Job, Outcome
from docbuild.obelics import row_stats
from docbuild.options import CrawlOptions, DedupOptions, FilterOptions, RunOptions, to_dict
from docbuild.sources import Source

if TYPE_CHECKING:
    from docbuild.pipeline import Summary

log = logging.getLogger(__name__)

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/pdf"})
DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT = re.compile(r"%[0-9a-fA-F]{2}")


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Canonical form so one page is fetched once: lower-case scheme/host, no default port,
    dot segments resolved, percent-encoding normalised, query sorted, fragment dropped.
    None for URLs that are not http(s)."""
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = normpath(path) if path != "/" else "/"
    path = path.lstrip("/")
    path = "/" + path + ("/" if trailing and path else "")
    path = _requote(path, safe="/:@!$&'()*+,;=-._~")
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def _requote(value: str, safe: str) -> str:
    """Decode unreserved escapes and encode everything unsafe, so %7E and ~ compare equal."""
    return quote(unquote(value), safe=safe)


class Scope:
    """Which URLs the crawl may enqueue: same host as a seed (or below it), --allow, --deny."""

    def __init__(self, seeds: list[str], options: CrawlOptions) -> None:
        self.hosts = {urlsplit(s).hostname or "" for s in seeds}
        self.same_domain = options.same_domain
        self.allow = [re.compile(p) for p in options.allow]
        self.deny = [re.compile(p) for p in options.deny]

    def __contains__(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        if self.same_domain and not any(host == h or host.endswith("." + h) for h in self.hosts):
            return False
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)


@dataclass
class CrawlStats:
    """Live counters for the progress bar: pages, images, bytes, errors."""

    pages: int = 0
    documents: int = 0
    images: int = 0
    bytes: int = 0
    errors: int = 0
    queued: int = 0
    robots_blocked: int = 0
    fetch_seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


class Crawler:
    """One crawl run: frontier, politeness, recording, parsing in workers, writing the dataset."""

    def __init__(
        self,
        seeds: list[str],
        job: Job,
        options: CrawlOptions,
        run: RunOptions,
        filters: FilterOptions | None = None,
        dedup: DedupOptions | None = None,
    ) -> None:
        norm = [n for n in (normalize_url(s) for s in seeds) if n]
        if not norm:
            raise ValueError(f"no http(s) seed URL among {seeds}")
        if run.engine != "local" or run.max_memory_mb is not None:
            raise ValueError(
                "crawl runs on this machine only: --engine ray and --max-memory are not supported"
            )
        if filters is not None:
            from docbuild.filters import with_filters

            job = with_filters(job, filters)
        self.seeds = norm
        self.job = job
        self.filters = filters
        self.dedup = dedup
        self.work = CrawlWork(job, dedup)
        self.options = options
        self.run_options = run
        self.scope = Scope(norm, options)
        self.stats = CrawlStats()
        self.seen: set[str] = set()
        self.documents: set[str] = set()
        self.reserved = 0
        self.queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self.open = 1  # frontier items not finished yet, plus one held until the seeds are in
        self.idle = asyncio.Event()
        self.progress: Callable[[CrawlStats, Summary], None] | None = None

    def enqueue(self, url: str, depth: int, base: str | None = None) -> None:
        """Add a link to the frontier once, if in scope and not too deep."""
        norm = normalize_url(url, base)
        if norm is None or norm in self.seen or depth > self.options.max_depth or norm not in self.scope:
            return
        self.seen.add(norm)
        self.open += 1
        self.queue.put_nowait((norm, depth))
        self.stats.queued += 1

    def _finish(self) -> None:
        """One frontier item (or the start-up guard) is done; the crawl ends when none is left."""
        self.open -= 1
        if self.open == 0:
            self.idle.set()

    async def run(self, progress: Callable[[CrawlStats, Summary], None] | None = None) -> Summary:
        from docbuild.pipeline import Collector, prepare_output
        from docbuild.resume import ResumeState, load_state

        self.progress = progress
        out = Path(self.run_options.output)
        if self.run_options.overwrite:
            shutil.rmtree(out / "warc", ignore_errors=True)
            (out / "failures.jsonl").unlink(missing_ok=True)
        prepare_output(self.run_options)
        extra = [o for o in (self.filters, self.dedup) if o is not None]
        config = to_dict(self.job.pdf, self.job.html, self.job.link, self.options, self.run_options, *extra)
        (out / "config.json").write_text(json.dumps(config, indent=2, default=str))
        start = time.perf_counter()
        state = load_state(out) if self.run_options.resume else ResumeState()
        segments = sorted((out / "warc").glob("crawl-*.warc.gz")) if self.run_options.resume else []
        self.recorder = WarcRecorder(out / "warc")
        write_excluded = bool(self.filters and self.filters.write_excluded)
        self.collector = Collector(out, self.run_options, self.dedup, write_excluded)
        self.summary = self.collector.summary
        if self.run_options.resume:
            self.collector.resume_from(state, self.dedup)
        done = state.done
        self.failures = open(out / "failures.jsonl", "a", encoding="utf-8")  # noqa: SIM115
        self.pool = _executor(self.run_options.workers)  # image verification (CPU-bound)
        self.pending = asyncio.Semaphore(2 * self.run_options.workers + 2)
        self.tasks: set[asyncio.Task[None]] = set()
        parsers = PageWorkers(self.work, self.run_options.workers, self.run_options.doc_timeout)
        try:
            async with parsers, Fetcher(self.options.http, on_response=self._on_response) as fetcher:
                self.parsers = parsers
                self.fetcher = fetcher
                self.filler = ImageFiller(fetcher, self.pool)
                self.seen |= done
                await self._replay(segments, done)
                for seed in self.seeds:
                    self.enqueue(seed, 0)
                self._finish()
                workers = [asyncio.create_task(self._worker()) for _ in range(self.options.http.concurrency)]
                await self.idle.wait()
                for w in workers:
                    w.cancel()
                self.stats.fetch_seconds = round(fetcher.stats.seconds, 3)
            self.collector.finish()
        finally:
            self.collector.close()
            self.recorder.close()
            self.failures.close()
            self.pool.shutdown(cancel_futures=True)
        self.summary.shards = self.collector.writer.written
        self.summary.seconds = time.perf_counter() - start
        result = {**self.summary.as_dict(), "crawl": self.stats.as_dict()}
        (out / "summary.json").write_text(json.dumps(result, indent=2))
        return self.summary

    async def _replay(self, segments: list[Path], done: set[str]) -> None:
        """Resume from the WARC: robots.txt and every recorded URL first (so none is fetched again),
        then each recorded page is re-parsed (or only its links read, when already written)."""
        archived = ArchivedImages()
        for resp, label, path, offset in warc_records(segments, lambda label: True):
            if label == "robots" and self.fetcher.robots is not None:
                self.fetcher.robots.preload(resp.url, resp.status, resp.body)
            elif label.startswith("page:"):
                self.seen.add(resp.url)
            elif label == "image":
                archived.add(resp.url, path, offset)
        self.filler.archive = archived
        for resp, label in read_warc(segments):
            if not label.startswith("page:"):
                continue
            depth = int(label.split(":")[1])
            source = self._source(resp, depth)
            if source is None:
                continue
            self.reserved += 1
            self.stats.pages += 1
            self.open += 1  # finished by _after_fetch
            await self.pending.acquire()
            self._spawn(self._after_fetch(source, depth, parse=resp.url not in done))

    async def _worker(self) -> None:
        while True:
            url, depth = await self.queue.get()
            try:
                source = await self._fetch_page(url, depth)
            except Exception as exc:  # a bug, not a bad response: lose this URL, not the worker
                log.exception("fetching %s failed", url)
                self._record(Item(Outcome(url, "failed", "internal_error", f"{type(exc).__name__}: {exc}")))
                source = None
            if source is None:
                self._finish()
                continue
            await self.pending.acquire()
            self._spawn(self._after_fetch(source, depth, parse=True))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("crawl task failed", exc_info=task.exception())

    async def _fetch_page(self, url: str, depth: int) -> Source | None:
        """Fetch one frontier URL; None when it yields no document (limit, error, redirect)."""
        if self.reserved >= self.options.max_pages:
            return None
        self.reserved += 1
        try:
            resp = await self.fetcher.get(
                url, lambda t: t in PAGE_TYPES, self.options.http.max_bytes, label=f"page:{depth}"
            )
        except FetchError as exc:
            self.reserved -= 1
            self._record(
                Outcome(
                    url,
                    "skipped" if exc.reason in ("robots", "content_type") else "failed",
                    exc.reason,
                    exc.message,
                )
            )
            self.stats.robots_blocked += exc.reason == "robots"
            return None
        source = self._source(resp, depth)
        if source is None:
            self.reserved -= 1
            if resp.status not in REDIRECT_STATUSES:
                self._record(Outcome(url, "failed", f"http_{resp.status}", f"{url}: HTTP {resp.status}"))
            return None
        self.stats.pages += 1
        return source

    def _source(self, resp: Response, depth: int) -> Source | None:
        """The page as a parser input; a redirect enqueues its target one hop further, except
        a seed's, which becomes a seed itself (so https://www. after http:// stays in scope)."""
        location = resp.header("location")
        if resp.status in REDIRECT_STATUSES and location:
            target = normalize_url(location, resp.url)
            if depth == 0 and target is not None:
                self.scope.hosts.add(urlsplit(target).hostname or "")
            self.enqueue(location, depth + 1 if depth else 0, base=resp.url)
            return None
        if resp.status != 200:
            return None
        ctype = resp.content_type
        kind = "pdf" if ctype == "application/pdf" or resp.body[:5] == b"%PDF-" else "html"
        meta = {"url": resp.url, "http_status": resp.status, "content_type": ctype, "crawl_depth": depth}
        return Source(location=resp.url, format=kind, data=resp.body, meta=meta)

    async def _after_fetch(self, source: Source, depth: int, parse: bool) -> None:
        """Parse in a worker, follow links, fetch images, write; the frontier item ends here."""
        try:
            for item in await self._items(source, depth, parse):
                self._record(item)
        finally:
            self.pending.release()
            self._finish()

    async def _items(self, source: Source, depth: int, parse: bool) -> list[Item]:
        """The page's outcomes; a stuck or crashed worker, or a bug, fails this page only."""
        timeout = self.run_options.doc_timeout
        try:
            page = await self.parsers.run(source, parse)
            if page.status == "timeout":
                message = f"parsing took longer than {timeout:g} s (--doc-timeout); worker killed"
                return [Item(Outcome(source.location, "failed", "timeout", message))]
            if page.status == "crashed":
                log.error("a parsing worker died on %s; started a new one", source.location)
                return [Item(Outcome(source.location, "failed", "crashed", page.message))]
            items, links = page.items, page.links
            replaced = self._follow(source, depth, links)
            if replaced is not None:
                return [Item(replaced)]
            if self.options.images == "fetch":
                for item in items:
                    if item.outcome.status == "ok":
                        item.outcome = await self._fetch_images(item.outcome)
            return items
        except BrokenProcessPool:
            log.error("an image verification worker died on %s; starting new ones", source.location)
            self._renew_pool()
            return [Item(Outcome(source.location, "failed", "crashed", "image verification worker died"))]
        except Exception as exc:
            log.exception("crawl step failed for %s", source.location)
            message = f"internal error: {type(exc).__name__}: {exc}"
            return [Item(Outcome(source.location, "failed", "internal_error", message))]

    def _renew_pool(self) -> None:
        """A worker killed by the OS (memory, segfault) breaks the pool: replace it once per break."""
        if isinstance(self.pool, ProcessPoolExecutor) and getattr(self.pool, "_broken", False):
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = _executor(self.run_options.workers)
            self.filler.executor = self.pool

    def _follow(self, source: Source, depth: int, links: Any) -> Outcome | None:
        """Enqueue the page's links; the outcome replacing the document when it must not be kept
        (its canonical URL was already crawled, or it asks not to be indexed)."""
        url = source.location
        if links is None:
            self.documents.add(url)
            return None
        canonical = normalize_url(links.canonical) if links.canonical else None
        duplicate = canonical is not None and canonical != url and canonical in self.documents
        if canonical:
            self.seen.add(canonical)
            self.documents.add(canonical)
        self.documents.add(url)
        if not links.nofollow and depth < self.options.max_depth:
            for link in links.links:
                self.enqueue(link, depth + 1)
        if duplicate:
            return Outcome(url, "skipped", "duplicate:canonical", f"canonical {canonical} already crawled")
        if links.noindex and self.options.http.robots:
            return Outcome(url, "skipped", "noindex", "page asks not to be indexed")
        return None

    async def _fetch_images(self, outcome: Outcome) -> Outcome:
        rows = []
        for row in outcome.rows:
            filled = await self.filler.fill_row(row)
            for f in filled.failures:
                self.failures.write(json.dumps({"input": outcome.location, **f}, ensure_ascii=False) + "\n")
            self.failures.flush()
            self.stats.images += filled.fetched
            if filled.row is not None:
                rows.append(filled.row)
        if not rows:
            return Outcome(outcome.location, "skipped", "images_failed", "all images failed", outcome.doc_id)
        counts = {**outcome.counts, **row_stats(rows[0])}
        return Outcome(
            outcome.location, "ok", None, None, outcome.doc_id, rows, outcome.pages, outcome.seconds, counts
        )

    def _record(self, item: Item | Outcome) -> None:
        """Hand an outcome to the pipeline's collector (dedup, shards, manifest, summary)."""
        item = item if isinstance(item, Item) else Item(item)
        self.collector.add(item)
        self.stats.documents += item.outcome.status == "ok"
        self.stats.errors += item.outcome.status == "failed"
        if self.progress is not None:
            self.progress(self.stats, self.summary)

    def _on_response(self, resp: Response, label: str) -> None:
        self.stats.bytes += len(resp.body)
        self.recorder(resp, label)


def _executor(workers: int) -> Executor:
    """Processes verifying fetched images; one thread when a single worker is asked for."""
    return ProcessPoolExecutor(workers) if workers > 1 else ThreadPoolExecutor(1)


def crawl(
    seeds: list[str],
    job: Job,
    options: CrawlOptions,
    run: RunOptions,
    progress: Callable[[CrawlStats, Summary], None] | None = None,
    filters: FilterOptions | None = None,
    dedup: DedupOptions | None = None,
) -> tuple[Summary, CrawlStats]:
    """Crawl ``seeds`` into ``run.output``; returns the document summary and the crawl counters."""
    crawler = Crawler(seeds, job, options, run, filters, dedup)
    summary = asyncio.run(crawler.run(progress))
    return summary, crawler.stats
