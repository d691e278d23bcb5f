"""Polite async HTTP fetching (httpx) shared by the crawler, and image download + verification.

``Fetcher.get`` is the one place requests are made: robots.txt check, per-host gate, total
timeout, size cap, content-type check, retries with backoff on 429/5xx and network errors, and a
hook that records every response (the crawler writes them to a WARC). Images are then verified
with Pillow (decompression-bomb guard, truncated files), optionally resized, and described by
size, format, sha256 and a perceptual hash; ``ImageFiller`` puts them into OBELICS rows.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import os
import threading
import time
import warnings
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from urllib.parse import urljoin, urlsplit

from docbuild import __version__
from docbuild.errors import DocbuildError, require
from docbuild.jobs import Job
from docbuild.model import Document
from docbuild.obelics import Row, row_stats
from docbuild.options import RunOptions, to_dict
from docbuild.robots import HostGate, RobotsCache
from docbuild.sources import Source

if TYPE_CHECKING:
    from docbuild.jobs import Outcome
    from docbuild.pipeline import Summary

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"docbuild/{__version__} (+https://github.com/docbuild/docbuild)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_WAIT = 60.0
RECENT_BYTES = 64 * 1024 * 1024  # verified images kept per ImageFiller for URLs that repeat
ImageFormat = Literal["keep", "jpeg", "png", "webp"]
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


class FetchError(DocbuildError):
    """A URL could not be fetched or is not usable; ``reason`` is the short cause (timeout, http_404 …)."""

    reason = "fetch_error"

    def __init__(self, url: str, message: str, reason: str) -> None:
        super().__init__(url, message)
        self.reason = reason

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str, str]]:
        return (FetchError, (self.source, self.message, self.reason))  # crosses process boundaries


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


@dataclass(frozen=True)
class FetchOptions:
    """How we talk to web servers and what we accept from them (pages and images)."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 30.0
    retries: int = 2
    backoff: float = 1.0
    concurrency: int = 16
    per_host: int = 2
    delay: float = 1.0
    robots: bool = True
    max_bytes: int = 20 * 1024 * 1024
    image_max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    image_max_side: int | None = None
    image_format: ImageFormat = "keep"
    keep_failed: bool = False
    max_redirects: int = 5

    def __post_init__(self) -> None:
        _check(self.timeout > 0, "--timeout must be positive")
        _check(self.retries >= 0, "--retries must be >= 0")
        _check(self.concurrency >= 1, "--concurrency must be >= 1")
        _check(self.per_host >= 1, "--per-host must be >= 1")
        _check(self.delay >= 0, "--delay must be >= 0")
        _check(self.max_bytes > 0 and self.image_max_bytes > 0, "--max-bytes must be positive")
        _check(self.image_max_side is None or self.image_max_side >= 16, "--image-max-side must be >= 16")
        _check(self.image_format in ("keep", *_PIL_FORMATS), f"bad --image-format {self.image_format}")


@dataclass(frozen=True)
class Response:
    """A response whose body was read in full (within the size cap)."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    seconds: float = 0.0

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass
class FetchStats:
    """Counters for the progress bar and the summary."""

    requests: int = 0
    bytes: int = 0
    errors: int = 0
    retries: int = 0
    seconds: float = 0.0  # summed request durations: time spent waiting on the network
    statuses: dict[int, int] = field(default_factory=dict)


class Fetcher:
    """An httpx client wrapped in politeness rules; use as ``async with Fetcher(options) as f``."""

    def __init__(
        self, options: FetchOptions, on_response: Callable[[Response, str], None] | None = None
    ) -> None:
        self.options = options
        self.on_response = on_response
        self.gate = HostGate(options.per_host, options.delay)
        self.robots = (
            RobotsCache(options.user_agent, self._fetch_robots, self.gate) if options.robots else None
        )
        self.stats = FetchStats()
        self._client: Any = None

    async def __aenter__(self) -> Fetcher:
        httpx = require("httpx", "crawl")
        self._client = httpx.AsyncClient(  # type: ignore[attr-defined]
            headers={"User-Agent": self.options.user_agent},
            follow_redirects=False,
            timeout=self.options.timeout,
            limits=httpx.Limits(max_connections=self.options.concurrency),  # type: ignore[attr-defined]
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        accept: Callable[[str], bool] | None = None,
        max_bytes: int | None = None,
        redirects: int = 0,
        label: str = "",
    ) -> Response:
        """GET ``url`` politely, following up to ``redirects`` redirects (each hop checked and recorded).

        ``label`` is handed to ``on_response`` with each response (the crawler's WARC notes it).
        """
        current = url
        for _ in range(redirects + 1):
            if self.robots is not None and not await self.robots.allowed(current):
                raise FetchError(current, "disallowed by robots.txt", "robots")
            resp = await self._get_with_retries(current, accept, max_bytes or self.options.max_bytes, label)
            location = resp.header("location")
            if resp.status not in REDIRECT_STATUSES or not redirects or not location:
                return resp
            current = urljoin(current, location)
        raise FetchError(url, f"more than {redirects} redirects", "redirects")

    async def _get_with_retries(
        self, url: str, accept: Callable[[str], bool] | None, cap: int, label: str
    ) -> Response:
        retries = self.options.retries
        for attempt in range(retries + 1):
            try:
                resp = await self._request(url, accept, cap, label)
            except FetchError as exc:
                if exc.reason not in ("timeout", "network") or attempt == retries:
                    self.stats.errors += 1
                    raise
                wait = self.options.backoff * 2**attempt
            else:
                if resp.status not in RETRY_STATUSES or attempt == retries:
                    return resp
                retry_after = _retry_after(resp)
                if retry_after:
                    self.gate.pause(url, min(retry_after, MAX_RETRY_WAIT))
                wait = retry_after or self.options.backoff * 2**attempt
            self.stats.retries += 1
            log.info("retrying %s in %.1f s", url, wait)
            await asyncio.sleep(min(wait, MAX_RETRY_WAIT))
        raise AssertionError("unreachable")

    async def _request(
        self, url: str, accept: Callable[[str], bool] | None, cap: int, label: str
    ) -> Response:
        httpx = require("httpx", "crawl")
        async with self.gate.slot(url):
            start = time.monotonic()
            try:
                status, headers, body = await asyncio.wait_for(
                    self._read(url, accept, cap), timeout=self.options.timeout
                )
            except (asyncio.TimeoutError, httpx.TimeoutException) as exc:  # type: ignore[attr-defined]
                raise FetchError(url, f"timed out after {self.options.timeout:g} s", "timeout") from exc
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:  # type: ignore[attr-defined]
                raise FetchError(url, f"network error: {type(exc).__name__}: {exc}", "network") from exc
        resp = Response(url, status, headers, body, time.monotonic() - start)
        self.stats.requests += 1
        self.stats.bytes += len(body)
        self.stats.seconds += resp.seconds
        self.stats.statuses[status] = self.stats.statuses.get(status, 0) + 1
        if self.on_response is not None:
            self.on_response(resp, label)
        return resp

    async def _read(
        self, url: str, accept: Callable[[str], bool] | None, cap: int
    ) -> tuple[int, tuple[tuple[str, str], ...], bytes]:
        async with self._client.stream("GET", url) as r:
            ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
            if 200 <= r.status_code < 300 and accept is not None and not accept(ctype):
                raise FetchError(url, f"content type {ctype or '(none)'} is not wanted", "content_type")
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(url, f"{declared} bytes is over the {cap}-byte cap", "too_large")
            body = bytearray()
            async for chunk in r.aiter_bytes():
                body += chunk
                if len(body) > cap:
                    raise FetchError(url, f"body is over the {cap}-byte cap", "too_large")
            return r.status_code, tuple(r.headers.multi_items()), bytes(body)

    async def _fetch_robots(self, url: str) -> tuple[int | None, bytes]:
        """robots.txt for the RobotsCache: never raises, None status when unreachable."""
        current = url
        try:
            for _ in range(self.options.max_redirects + 1):
                resp = await self._get_with_retries(current, None, 4 * 1024 * 1024, "robots")
                location = resp.header("location")
                if resp.status not in REDIRECT_STATUSES or not location:
                    return resp.status, resp.body
                current = urljoin(current, location)
        except FetchError as exc:
            log.warning("robots.txt unavailable, not crawling that host: %s", exc)
        return None, b""


def _retry_after(resp: Response) -> float | None:
    value = resp.header("retry-after")
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def is_image_type(ctype: str) -> bool:
    """Image responses we keep; a missing type is let through for Pillow to judge."""
    return ctype.startswith("image/") or ctype in ("", "application/octet-stream")


@dataclass(frozen=True)
class ImageInfo:
    """A verified image: bytes to store and what the node metadata records about the original."""

    data: bytes
    mime: str
    width: int
    height: int
    orig_width: int
    orig_height: int
    format: str
    sha256: str
    phash: str | None
    orig_bytes: int

    def metadata(self, url: str) -> dict[str, Any]:
        return {
            "image_url": url,
            "width": self.width,
            "height": self.height,
            "mime": self.mime,
            "orig_width": self.orig_width,
            "orig_height": self.orig_height,
            "format": self.format,
            "sha256": self.sha256,
            "phash": self.phash,
            "orig_bytes": self.orig_bytes,
        }


def verify_image(data: bytes, url: str, options: FetchOptions) -> ImageInfo:
    """Decode ``data`` fully (CPU-bound; run in a worker) and describe it, or raise FetchError why not."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height, fmt = probe.size[0], probe.size[1], probe.format or "unknown"
                if width * height > options.max_pixels:
                    message = f"{width}x{height} pixels is over the {options.max_pixels}-pixel limit"
                    raise FetchError(url, message, "decompression_bomb")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except Image.DecompressionBombError as exc:
        raise FetchError(url, f"decompression bomb: {exc}", "decompression_bomb") from exc
    except UnidentifiedImageError as exc:
        raise FetchError(url, "not an image Pillow can read", "not_image") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise FetchError(url, f"broken image ({exc})", "truncated") from exc
    with image:
        phash = _phash(image)
        out, mime, size = _reencode(image, data, fmt, options)
    return ImageInfo(
        data=out,
        mime=mime,
        width=size[0],
        height=size[1],
        orig_width=width,
        orig_height=height,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        phash=phash,
        orig_bytes=len(data),
    )


def _phash(image: Any) -> str | None:
    try:
        import imagehash
    except ImportError:
        return None
    return str(imagehash.phash(image))


def _reencode(image: Any, data: bytes, fmt: str, options: FetchOptions) -> tuple[bytes, str, tuple[int, int]]:
    """Original bytes unless a resize or another format was asked for."""
    from PIL import Image

    target = fmt if options.image_format == "keep" else _PIL_FORMATS[options.image_format]
    side = options.image_max_side
    too_big = side is not None and max(image.size) > side
    if not too_big and target == fmt:
        return data, Image.MIME.get(fmt, "application/octet-stream"), image.size
    if too_big and side is not None:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    Image.init()  # fills Image.SAVE with every writer plugin
    if target not in Image.SAVE:  # read-only formats (PSD, DDS …) are stored as PNG
        target = "PNG"
    if target not in ("PNG", "WEBP", "GIF") and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif target == "GIF" or image.mode not in ("RGB", "RGBA", "L", "LA"):
        target = "PNG" if target == "GIF" else target
        image = image.convert("RGBA")
    buf = io.BytesIO()
    image.save(buf, format=target, **({"quality": 90} if target in ("JPEG", "WEBP") else {}))
    return buf.getvalue(), Image.MIME.get(target, "application/octet-stream"), image.size


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
        self._inflight: dict[str, asyncio.Future[ImageInfo]] = {}
        self._failed: dict[str, FetchError] = {}
        self._recent: OrderedDict[str, ImageInfo] = OrderedDict()  # logos and icons repeat
        self._recent_bytes = 0
        self.fetched = 0

    async def image(self, url: str) -> ImageInfo:
        """Fetch and verify one image; a URL seen recently (or failed before) is not fetched again."""
        if url in self._failed:
            raise self._failed[url]
        if url in self._recent:
            self._recent.move_to_end(url)
            return self._recent[url]
        pending = self._inflight.get(url)
        if pending is not None:
            return await asyncio.shield(pending)
        task = asyncio.ensure_future(self._image(url))
        self._inflight[url] = task
        try:
            info = await asyncio.shield(task)
        except FetchError as exc:
            self._failed[url] = exc
            raise
        finally:
            self._inflight.pop(url, None)
        self._remember(url, info)
        return info

    def _remember(self, url: str, info: ImageInfo) -> None:
        """Keep verified images up to RECENT_BYTES, least recently used dropped first."""
        self._recent[url] = info
        self._recent_bytes += len(info.data)
        while self._recent_bytes > RECENT_BYTES and self._recent:
            _, old = self._recent.popitem(last=False)
            self._recent_bytes -= len(old.data)

    async def _image(self, url: str) -> ImageInfo:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "not an http(s) URL", "bad_url")
        resp = await self._follow(url)
        if resp.status != 200:
            raise FetchError(url, f"HTTP {resp.status}", f"http_{resp.status}")
        if not resp.body:
            raise FetchError(url, "empty body", "empty")
        if self.executor is None:
            info = verify_image(resp.body, url, self.options)
        else:
            loop = asyncio.get_running_loop()
            info = await loop.run_in_executor(self.executor, verify_image, resp.body, url, self.options)
        self.fetched += 1
        return info

    async def _follow(self, url: str) -> Response:
        """GET with redirects followed hop by hop, each hop taken from the archive when recorded."""
        opts = self.options
        current = url
        for _ in range(opts.max_redirects + 1):
            resp = self.archive(current) if self.archive is not None else None
            if resp is None:
                resp = await self.fetcher.get(current, is_image_type, opts.image_max_bytes, 0, "image")
            elif resp.status == 200 and not is_image_type(resp.content_type):
                raise FetchError(current, f"content type {resp.content_type} is not wanted", "content_type")
            location = resp.header("location")
            if resp.status not in REDIRECT_STATUSES or not location:
                return resp
            current = urljoin(current, location)
        raise FetchError(url, f"more than {opts.max_redirects} redirects", "redirects")

    async def fill_row(self, row: Row) -> FilledRow:
        """Replace URL-only image positions by verified bytes; drop positions that failed."""
        texts = list(row.get("texts") or [])
        images = [_image_cell(c) for c in row.get("images") or []]
        metas = _load_metadata(row.get("metadata"), len(texts))
        for meta, cell in zip(metas, images, strict=False):
            meta.setdefault("type", "paragraph" if cell is None else "figure")
        wanted = {i: c["path"] for i, c in enumerate(images) if c is not None and c.get("bytes") is None}
        urls = sorted(set(wanted.values()))
        results = await asyncio.gather(*(self._try(u) for u in urls))
        by_url = dict(zip(urls, results, strict=True))
        failures: list[dict[str, str]] = []
        keep: list[int] = []
        for i in range(len(texts)):
            if i not in wanted:
                keep.append(i)
                continue
            got = by_url[wanted[i]]
            if isinstance(got, FetchError):
                failures.append({"url": wanted[i], "reason": got.reason, "message": got.message})
                continue
            images[i] = {"bytes": got.data, "path": wanted[i]}
            metas[i] = {**metas[i], **got.metadata(wanted[i])}
            keep.append(i)
        fetched = len(wanted) - len(failures)
        if wanted and not fetched and not self.options.keep_failed:
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

    async def _try(self, url: str) -> ImageInfo | FetchError:
        try:
            return await self.image(url)
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

    def fill(self, row: Row) -> FilledRow:
        filled: FilledRow = self._call(self.filler.fill_row(row))
        return filled


def fill_row_blocking(row: Row, options: FetchOptions | None = None) -> FilledRow:
    """Fetch one row's images from synchronous code (a pipeline worker with ``--images fetch``)."""
    return _ProcessFiller.get(options or FetchOptions()).fill(row)


@dataclass(frozen=True)
class ImageFetchingJob(Job):
    """``--images fetch`` on html/warc: each row's images are fetched and verified in the worker.

    Per-host limits and robots.txt are kept per worker process (a host sees at most
    ``workers x per_host`` requests at once); rows whose images all failed are dropped unless
    ``fetch.keep_failed``.
    """

    fetch: FetchOptions = field(default_factory=lambda: FetchOptions(delay=0.0))

    def build(self, source: Source) -> tuple[Document, list[Row]]:
        doc, rows = super().build(source)
        filled = [fill_row_blocking(row, self.fetch) for row in rows]
        kept = [f.row for f in filled if f.row is not None]
        if rows and not kept:
            reasons = sorted({x["reason"] for f in filled for x in f.failures})
            message = f"all images failed ({', '.join(reasons)})"
            raise FetchError(source.location, message, "images_failed")
        return doc, kept


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
