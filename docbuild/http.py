"""The polite HTTP client (httpx) every crawl and image request goes through.

``Fetcher.get`` is the one place requests are made: robots.txt check, per-host gate, total
timeout, size cap, content-type check, retries with backoff on 429/5xx and network errors, and a
hook that records every response (the crawler writes them to a WARC). httpx is imported lazily.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from docbuild.errors import FetchError, require
from docbuild.options import FetchOptions
from docbuild.robots import HostGate, RobotsCache

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_WAIT = 60.0


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
