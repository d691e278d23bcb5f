"""Politeness: robots.txt rules per origin (protego) and per-host concurrency and delay.

A crawler that hammers a host or ignores robots.txt gets blocked and harms the site, so every
request the crawler and the image fetcher make goes through a ``HostGate`` and, unless told
otherwise, a ``RobotsCache``. Robots rules follow RFC 9309: a 4xx robots.txt allows everything,
an unreachable or 5xx one disallows everything for that origin.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB


def origin(url: str) -> str:
    """``scheme://host[:port]``: the unit robots.txt and politeness apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostGate:
    """At most ``per_host`` requests in flight per host, and ``delay`` seconds between starts."""

    def __init__(self, per_host: int, delay: float, max_delay: float = 60.0) -> None:
        self.per_host = per_host
        self.delay = delay
        self.max_delay = max_delay
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        """A host's own delay (robots Crawl-delay), never below the configured one, capped."""
        if seconds > self.max_delay:
            log.warning("%s asks for Crawl-delay %.0f s; using %.0f s", host, seconds, self.max_delay)
        self._delays[host] = max(self.delay, min(seconds, self.max_delay))
        if host in self._last:  # the robots.txt request itself already started the clock
            self._next[host] = max(self._next.get(host, 0.0), self._last[host] + self._delays[host])

    def pause(self, url: str, seconds: float) -> None:
        """Hold every request to the URL's host for ``seconds`` (a 429/503 with Retry-After)."""
        host = origin(url)
        self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    def delay_for(self, host: str) -> float:
        return self._delays.get(host, self.delay)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's request slots, waiting out its delay first."""
        host = origin(url)
        sem = self._slots.setdefault(host, asyncio.Semaphore(self.per_host))
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with sem:
            async with lock:
                wait = self._next.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._last[host] = time.monotonic()
                self._next[host] = self._last[host] + self.delay_for(host)
            yield


@dataclass(frozen=True)
class RobotsResult:
    """What one robots.txt fetch gave: the body (None: allow all) or a blanket disallow."""

    body: str | None
    disallow_all: bool = False


# fetch_robots(url) -> (status or None on network failure, body bytes)
RobotsFetch = Callable[[str], Awaitable[tuple[int | None, bytes]]]


class RobotsCache:
    """robots.txt of each origin, fetched once (concurrent callers share the fetch)."""

    def __init__(self, user_agent: str, fetch: RobotsFetch, gate: HostGate | None = None) -> None:
        self.user_agent = user_agent
        self.token = user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"
        self._fetch = fetch
        self._gate = gate
        self._rules: dict[str, Any] = {}
        self._pending: dict[str, asyncio.Future[Any]] = {}

    def preload(self, origin_url: str, status: int | None, body: bytes) -> None:
        """Use a robots.txt already on disk (from the crawl's WARC) instead of fetching it again."""
        self._install(origin(origin_url), _interpret(status, body))

    async def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's origin lets our user agent fetch it."""
        rules = await self._rules_for(origin(url))
        if rules is True:
            return True
        if rules is False:
            return False
        return bool(rules.can_fetch(url, self.token))

    async def _rules_for(self, key: str) -> Any:
        if key in self._rules:
            return self._rules[key]
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            status, body = await self._fetch(f"{key}/robots.txt")
            self._install(key, _interpret(status, body))
        finally:
            future.set_result(self._rules.get(key, False))
            del self._pending[key]
        return self._rules[key]

    def _install(self, key: str, result: RobotsResult) -> None:
        if result.disallow_all:
            self._rules[key] = False
            return
        if result.body is None:
            self._rules[key] = True
            return
        from protego import Protego

        rules = Protego.parse(result.body)
        self._rules[key] = rules
        delay = rules.crawl_delay(self.token)
        rate = rules.request_rate(self.token)
        if rate is not None and rate.requests:
            delay = max(delay or 0.0, rate.seconds / rate.requests)
        if delay and self._gate is not None:
            self._gate.set_delay(key, float(delay))


def _interpret(status: int | None, body: bytes) -> RobotsResult:
    """RFC 9309 §2.3.1: 2xx parse, 4xx allow all, 5xx or unreachable disallow all."""
    if status is None or status >= 500:
        return RobotsResult(None, disallow_all=True)
    if status >= 400:
        return RobotsResult(None)
    if 200 <= status < 300:
        return RobotsResult(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
    return RobotsResult(None)  # an unresolved redirect: treat as no robots.txt
