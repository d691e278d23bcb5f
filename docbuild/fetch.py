"""Images into OBELICS rows: ``ImageFiller``, ``--images fetch`` on html/warc, ``docbuild fetch-images``.

Requests go through the polite client (``docbuild.http.Fetcher``); bytes are checked by
``docbuild.images.verify_image`` (bomb guard, truncation, resize, sha256, phash). This module
decides which positions of a row need fetching, records failures, and runs the dataset command.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit

from docbuild.errors import DocbuildError, FetchError
from docbuild.http import REDIRECT_STATUSES, Fetcher, FetchStats, Response, is_image_type
from docbuild.images import ImageInfo, verify_image
from docbuild.jobs import Job
from docbuild.model import Document
from docbuild.obelics import Row, row_stats
from docbuild.options import FetchOptions, RunOptions, to_dict
from docbuild.sources import Source

if TYPE_CHECKING:
    from docbuild.jobs import Outcome
    from docbuild.pipeline import Summary

log = logging.getLogger(__name__)

RECENT_BYTES = 64 * 1024 * 1024  # verified images kept per ImageFiller for URLs that repeat


@dataclass
class FilledRow:
    """A row with its images fetched (None when dropped) and the per-URL failures."""

    row: Row | None
    failures: list[dict[str, str]]
    fetched: int = 0


class ImageFiller:
    """Fetches the URL-only images of OBELICS rows and stores verified bytes in place."""

    def __init__(
        self,
        fetcher: Fetcher,
        executor: Executor | None = None,
        archive: Callable[[str], Response | None] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.options = fetcher.options
        self.executor = executor
        self.archive = archive  # responses recorded earlier (a resumed crawl's WARC), by URL
        self._archives: dict[str, Callable[[str], Response | None]] = {}  # per input WARC
        self._inflight: dict[str, asyncio.Future[ImageInfo]] = {}
        self._failed: dict[str, FetchError] = {}
        self._recent: OrderedDict[str, ImageInfo] = OrderedDict()  # logos and icons repeat
        self._recent_bytes = 0
        self.fetched = 0

    async def image(self, url: str, warc: str | None = None) -> ImageInfo:
        """Fetch and verify one image; a URL seen recently (or failed before) is not fetched again.

        With ``warc`` (the WARC file a page came from), responses recorded there are used first.
        """
        key = url if warc is None else f"{warc}\0{url}"  # a failure seen offline is not one online
        if key in self._failed:
            raise self._failed[key]
        if url in self._recent:
            self._recent.move_to_end(url)
            return self._recent[url]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        task = asyncio.ensure_future(self._image(url, self._archive(warc)))
        self._inflight[key] = task
        try:
            info = await asyncio.shield(task)
        except FetchError as exc:
            self._failed[key] = exc
            raise
        finally:
            self._inflight.pop(key, None)
        self._remember(url, info)
        return info

    def _remember(self, url: str, info: ImageInfo) -> None:
        """Keep verified images up to RECENT_BYTES, least recently used dropped first."""
        self._recent[url] = info
        self._recent_bytes += len(info.data)
        while self._recent_bytes > RECENT_BYTES and self._recent:
            _, old = self._recent.popitem(last=False)
            self._recent_bytes -= len(old.data)

    def _archive(self, warc: str | None) -> Callable[[str], Response | None] | None:
        """The recorded responses of an input WARC (indexed once), else the crawl's own archive."""
        if warc is None:
            return self.archive
        if warc not in self._archives:
            from docbuild.archive import ArchivedImages

            self._archives[warc] = ArchivedImages.of([Path(warc)])
        return self._archives[warc]

    async def _image(self, url: str, archive: Callable[[str], Response | None] | None) -> ImageInfo:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "not an http(s) URL", "bad_url")
        resp = await self._follow(url, archive)
        if resp.status != 200:
            raise FetchError(url, f"HTTP {resp.status}", f"http_{resp.status}")
        if not resp.body:
            raise FetchError(url, "empty body", "empty")
        info = await self._verify(resp.body, url)
        self.fetched += 1
        return info

    async def _verify(self, data: bytes, url: str) -> ImageInfo:
        """verify_image in the executor (CPU-bound), or inline without one."""
        if self.executor is None:
            return verify_image(data, url, self.options)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, verify_image, data, url, self.options)

    async def _embedded(self, data: bytes, url: str) -> ImageInfo | FetchError:
        """Bytes a WARC reader already embedded: verified like fetched ones, never fetched."""
        try:
            return await self._verify(data, url)
        except FetchError as exc:
            return exc

    async def _follow(self, url: str, archive: Callable[[str], Response | None] | None) -> Response:
        """GET with redirects followed hop by hop, each hop taken from the archive when recorded."""
        opts = self.options
        current = url
        for _ in range(opts.max_redirects + 1):
            resp = archive(current) if archive is not None else None
            if resp is None:
                resp = await self.fetcher.get(current, is_image_type, opts.image_max_bytes, 0, "image")
            elif resp.status == 200 and not is_image_type(resp.content_type):
                raise FetchError(current, f"content type {resp.content_type} is not wanted", "content_type")
            location = resp.header("location")
            if resp.status not in REDIRECT_STATUSES or not location:
                return resp
            current = urljoin(current, location)
        raise FetchError(url, f"more than {opts.max_redirects} redirects", "redirects")

    async def fill_row(self, row: Row, warc: str | None = None) -> FilledRow:
        """Replace URL-only image positions by verified bytes; drop positions that failed.

        Positions that already hold bytes are kept as they are, except for a page read from a
        WARC (``warc``, the file's path): its embedded bytes are verified like fetched ones (a
        bomb or a non-image in an archive is dropped too), and its recorded responses (images,
        redirects, errors) answer before the network is asked.
        """
        texts = list(row.get("texts") or [])
        images = [_image_cell(c) for c in row.get("images") or []]
        metas = _load_metadata(row.get("metadata"), len(texts))
        for meta, cell in zip(metas, images, strict=False):
            meta.setdefault("type", "paragraph" if cell is None else "figure")
        wanted = {i: c["path"] for i, c in enumerate(images) if c is not None and c.get("bytes") is None}
        urls = sorted(set(wanted.values()))
        embedded: dict[int, dict[str, Any]] = {}  # positions a WARC reader filled from the archive
        if warc is not None:
            embedded = {i: c for i, c in enumerate(images) if c is not None and c.get("bytes") is not None}
        results = await asyncio.gather(
            *(self._try(u, warc) for u in urls),
            *(self._embedded(c["bytes"], c["path"]) for c in embedded.values()),
        )
        by_url = dict(zip(urls, results[: len(urls)], strict=True))
        checked = dict(zip(embedded, results[len(urls) :], strict=True))
        wanted.update({i: c["path"] for i, c in embedded.items()})
        failures: list[dict[str, str]] = []
        keep: list[int] = []
        for i in range(len(texts)):
            if i not in wanted:
                keep.append(i)
                continue
            got = checked[i] if i in checked else by_url[wanted[i]]
            if isinstance(got, FetchError):
                failures.append({"url": wanted[i], "reason": got.reason, "message": got.message})
                continue
            images[i] = {"bytes": got.data, "path": wanted[i]}
            metas[i] = {**metas[i], **got.metadata(wanted[i])}
            keep.append(i)
        fetched = len(wanted) - len(failures)
        has_image = any(images[i] is not None for i in keep)
        if wanted and not has_image and not self.options.keep_failed:
            return FilledRow(None, failures, 0)
        general = _load_json(row.get("general_metadata"), {})
        general["image_failures"] = failures
        out = {
            **row,
            "id": row.get("id") or row_id(row),
            "texts": [texts[i] for i in keep],
            "images": [images[i] for i in keep],
            "metadata": json.dumps([metas[i] for i in keep], ensure_ascii=False),
            "general_metadata": json.dumps(general, ensure_ascii=False),
        }
        return FilledRow(out, failures, fetched)

    async def _try(self, url: str, warc: str | None = None) -> ImageInfo | FetchError:
        try:
            return await self.image(url, warc)
        except FetchError as exc:
            return exc


def _image_cell(cell: Any) -> dict[str, Any] | None:
    """Our ``{bytes, path}`` struct or a downloaded OBELICS dataset's plain URL string."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return {"bytes": None, "path": cell}
    return {"bytes": cell.get("bytes"), "path": cell.get("path")}


def _load_json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        return json.loads(value) if value else default
    return value


def _load_metadata(value: Any, n: int) -> list[dict[str, Any]]:
    metas = _load_json(value, [])
    metas = [m if isinstance(m, dict) else {} for m in metas]
    return (metas + [{} for _ in range(n)])[:n]


def row_id(row: Row) -> str:
    """A stable id for rows of datasets that have none (OBELICS): hash of texts and image URLs."""
    h = hashlib.sha256()
    for text, cell in zip(row.get("texts") or [], row.get("images") or [], strict=False):
        c = _image_cell(cell)
        h.update((text or "").encode() + b"\0" + ((c or {}).get("path") or "").encode() + b"\1")
    return h.hexdigest()


class _ProcessFiller:
    """An event loop in a thread of this process, so robots.txt, host delays and connections
    persist from one document to the next in a pipeline worker."""

    _by_key: ClassVar[dict[tuple[int, FetchOptions], _ProcessFiller]] = {}

    def __init__(self, options: FetchOptions) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="docbuild-fetch", daemon=True).start()
        self.filler = self._call(self._open(options))

    @classmethod
    def get(cls, options: FetchOptions) -> _ProcessFiller:
        key = (os.getpid(), options)  # a forked child must not reuse its parent's loop thread
        if key not in cls._by_key:
            cls._by_key[key] = cls(options)
        return cls._by_key[key]

    async def _open(self, options: FetchOptions) -> ImageFiller:
        fetcher = Fetcher(options)
        await fetcher.__aenter__()
        return ImageFiller(fetcher)

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def fill(self, row: Row, warc: str | None = None) -> FilledRow:
        filled: FilledRow = self._call(self.filler.fill_row(row, warc))
        return filled


def fill_row_blocking(row: Row, options: FetchOptions | None = None, warc: str | None = None) -> FilledRow:
    """Fetch one row's images from synchronous code, with a fetcher private to this process."""
    return _ProcessFiller.get(options or FetchOptions()).fill(row, warc)


@dataclass(frozen=True)
class ImageFetchingJob(Job):
    """``--images fetch`` on html/warc: each row's images are fetched, verified and stored.

    Use it inside ``with job.serving() as job:`` so every worker goes through the parent's one
    fetcher (docbuild.image_service): per-host limits and robots.txt then hold across the run.
    Without it (``service`` None) each worker process fetches on its own, and a host can see
    ``workers x per_host`` requests at once. Pages read from a WARC take their images from that
    WARC first (embedded bytes, then recorded responses: redirects, errors); only what it does
    not hold is fetched. Rows whose images all failed are dropped unless ``fetch.keep_failed``.
    """

    fetch: FetchOptions = field(default_factory=lambda: FetchOptions(delay=0.0))
    service: tuple[str, bytes] | None = None  # (socket address, authkey) of the run's ImageService

    @contextmanager
    def serving(self) -> Iterator[ImageFetchingJob]:
        """This job wired to an ImageService that lives as long as the ``with`` block."""
        from docbuild.image_service import ImageService

        with ImageService(self.fetch) as service:
            yield replace(self, service=(service.address, service.authkey))

    def _fill(self, row: Row, warc: str | None) -> FilledRow:
        if self.service is None:
            return fill_row_blocking(row, self.fetch, warc)
        from docbuild.image_service import ServiceClient

        return ServiceClient.get(*self.service).fill(row, warc)

    def build(self, source: Source) -> tuple[Document, list[Row]]:
        doc, rows = super().build(source)
        warc = _warc_of(source)
        filled = [self._fill(row, warc) for row in rows]
        kept = [f.row for f in filled if f.row is not None]
        if rows and not kept:
            reasons = sorted({x["reason"] for f in filled for x in f.failures})
            message = f"all images failed ({', '.join(reasons)})"
            raise FetchError(source.location, message, "images_failed")
        return doc, kept


def _warc_of(source: Source) -> str | None:
    """The WARC file a record source was read from (parsers/warc.py names it FILE@OFFSET)."""
    if "warc_record_offset" not in source.meta:
        return None
    path = source.meta.get("_warc_path") or source.location.rpartition("@")[0]
    return path if path and Path(path).is_file() else None


def dataset_files(inputs: list[str]) -> list[Path]:
    """Parquet files named or found (recursively, sorted) in folders; temp shards are ignored."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.parquet") if not p.name.startswith(".")))
        else:
            raise DocbuildError(item, "no such file or folder")
    return files


def _iter_rows(files: list[Path]) -> Iterator[tuple[str, Row]]:
    import pyarrow.parquet as pq

    for path in files:
        index = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=64):
            for row in batch.to_pylist():
                yield f"{path}#{index}", row
                index += 1


def fetch_dataset(
    inputs: list[str],
    run: RunOptions,
    options: FetchOptions,
    progress: Callable[[Summary, FetchStats], None] | None = None,
) -> Summary:
    """``docbuild fetch-images``: copy a URL-only dataset with its images fetched into ``run.output``.

    Example: ``fetch_dataset(["obelics/"], RunOptions(output="with-images"), FetchOptions())``.
    """
    return asyncio.run(_fetch_dataset(inputs, run, options, progress))


async def _fetch_dataset(
    inputs: list[str],
    run: RunOptions,
    options: FetchOptions,
    progress: Callable[[Summary, FetchStats], None] | None,
) -> Summary:
    from docbuild.pipeline import Manifest, ShardWriter, Summary, prepare_output

    files = dataset_files(inputs)
    out = prepare_output(run)
    done = finished_inputs(out / "manifest.jsonl") if run.resume else set()
    (out / "config.json").write_text(json.dumps(to_dict(options, run), indent=2, default=str))
    writer = ShardWriter(
        out / "data", run.shard_size, first_index=len(list((out / "data").glob("*.parquet")))
    )
    manifest = Manifest(out / "manifest.jsonl")
    summary = Summary()
    start = time.perf_counter()
    pool = ProcessPoolExecutor(run.workers) if run.workers > 1 else None
    try:
        with open(out / "failures.jsonl", "a", encoding="utf-8") as failures:
            async with Fetcher(options) as fetcher:
                filler = ImageFiller(fetcher, pool)
                pending: deque[tuple[str, asyncio.Task[FilledRow]]] = deque()

                def emit(location: str, filled: FilledRow) -> None:
                    outcome = _outcome(location, filled)
                    for f in filled.failures:
                        failures.write(json.dumps({"input": location, **f}, ensure_ascii=False) + "\n")
                    summary.add(outcome)
                    if outcome.status == "ok":
                        for d, shard in writer.add(outcome):
                            manifest.write(d, shard)
                    else:
                        manifest.write(outcome)
                    if progress is not None:
                        progress(summary, fetcher.stats)

                for location, row in _iter_rows(files):
                    if location in done:
                        continue
                    pending.append((location, asyncio.create_task(filler.fill_row(row))))
                    if len(pending) >= 4 * options.concurrency:
                        location, task = pending.popleft()
                        emit(location, await task)
                while pending:
                    location, task = pending.popleft()
                    emit(location, await task)
        for d, shard in writer.flush():
            manifest.write(d, shard)
    finally:
        manifest.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    summary.shards = writer.written
    summary.seconds = time.perf_counter() - start
    (out / "summary.json").write_text(json.dumps(summary.as_dict(), indent=2))
    return summary


def _outcome(location: str, filled: FilledRow) -> Outcome:
    from docbuild.jobs import Outcome

    if filled.row is None:
        message = f"all {len(filled.failures)} images failed"
        return Outcome(location, "skipped", "images_failed", message)
    row = filled.row
    return Outcome(location, "ok", doc_id=row["id"], rows=[row], counts=row_stats(row))


def finished_inputs(path: Path) -> set[str]:
    """Inputs an earlier, interrupted run already finished (ok rows only once their shard exists)."""
    if not path.exists():
        return set()
    done = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash
        if entry.get("status") != "ok" or entry.get("shard"):
            done.add(entry["input"])
    return done
