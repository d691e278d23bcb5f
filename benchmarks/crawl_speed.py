"""Crawl throughput against a generated local site: pages/s and images/s, politeness off and on.

The site (tests/sitegen.py ``bench_site``) is served on 127.0.0.1 by a separate process, so the
server does not compete with the crawler for the GIL. Two runs, each with ``--images fetch``:

* ``off``: no robots.txt, no delay, 16 requests in flight per host (the ceiling of the machinery);
* ``on``: the defaults users get (robots.txt, 1 s between requests to a host, 2 in flight).

Overlap of fetching and parsing is measured directly: every parse (in a worker process) and
every HTTP request (in the event loop) is timed on the wall clock, and ``parse_overlapped`` is the
share of parse time during which at least one request was in flight.

Run: ``python benchmarks/crawl_speed.py [--pages 60] [--polite-pages 6] [--workers 2]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import docbuild.crawl_workers as crawl_workers  # noqa: E402
from docbuild.crawl import crawl  # noqa: E402
from docbuild.http import Fetcher  # noqa: E402
from docbuild.jobs import Job  # noqa: E402
from docbuild.options import CrawlOptions, FetchOptions, HtmlOptions, RunOptions  # noqa: E402


def _serve(pages: int, images: int, port_out: Any, stop: Any) -> None:
    from sitegen import SiteServer, bench_site

    server = SiteServer(bench_site(pages, images), max_requests=1_000_000, deadline=900).start()
    port_out.put(server.port)
    stop.wait()
    server.stop()


_analyse = crawl_workers.analyse
_request = Fetcher._request
REQUESTS: list[tuple[float, float]] = []


def timed_analyse(job: Any, source: Any, parse: bool) -> Any:
    """crawl_workers.analyse, timed in the worker; the interval rides in the outcome's manifest counts."""
    t0 = time.time()
    items, links = _analyse(job, source, parse)
    for item in items:
        counts = {**item.outcome.counts, "bench_t0": t0, "bench_t1": time.time()}
        item.outcome.counts = counts  # type: ignore[assignment]
    return items, links


async def timed_request(self: Fetcher, *args: Any) -> Any:
    t0 = time.time()
    try:
        return await _request(self, *args)
    finally:
        REQUESTS.append((t0, time.time()))


def overlapped(parses: list[tuple[float, float]], requests: list[tuple[float, float]]) -> float:
    """Share of parse time during which some request was in flight (union of request intervals)."""
    merged: list[list[float]] = []
    for a, b in sorted(requests):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    total = sum(b - a for a, b in parses)
    covered = sum(max(0.0, min(b, d) - max(a, c)) for a, b in parses for c, d in merged)
    return covered / total if total else 0.0


def run_once(url: str, pages: int, http: FetchOptions, workers: int) -> dict[str, Any]:
    options = CrawlOptions(max_pages=pages, max_depth=100, images="fetch", http=http)
    REQUESTS.clear()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary, stats = crawl(
            [url],
            Job(html=HtmlOptions(images="fetch")),
            options,
            RunOptions(output=tmp, workers=workers, quiet=True),
        )
        wall = time.perf_counter() - start
        manifest = [json.loads(x) for x in (Path(tmp) / "manifest.jsonl").read_text().splitlines()]
    parses = [(e["bench_t0"], e["bench_t1"]) for e in manifest if "bench_t0" in e]
    parse_seconds = sum(b - a for a, b in parses)
    return {
        "pages": stats.pages,
        "documents": summary.ok,
        "images": stats.images,
        "megabytes": round(stats.bytes / 1e6, 2),
        "errors": stats.errors,
        "wall_s": round(wall, 2),
        "pages_per_s": round(stats.pages / wall, 2),
        "images_per_s": round(stats.images / wall, 2),
        "parse_busy_s": round(parse_seconds, 2),
        "fetch_busy_s": round(stats.fetch_seconds, 2),
        "parse_overlapped": round(overlapped(parses, REQUESTS), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60, help="pages crawled with politeness off")
    ap.add_argument("--polite-pages", type=int, default=6, help="pages crawled with the default politeness")
    ap.add_argument("--images-per-page", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    crawl_workers.analyse = timed_analyse  # type: ignore[assignment]
    Fetcher._request = timed_request  # type: ignore[method-assign]
    ctx = mp.get_context("spawn")
    port_q, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(args.pages, args.images_per_page, port_q, stop), daemon=True)
    server.start()
    try:
        url = f"http://127.0.0.1:{port_q.get(timeout=60)}/"
        off = FetchOptions(delay=0.0, per_host=16, concurrency=16, robots=False)
        results = {
            "off": run_once(url, args.pages, off, args.workers),
            "on": run_once(url, args.polite_pages, FetchOptions(), args.workers),
        }
    finally:
        stop.set()
        server.join(timeout=10)
    print(
        json.dumps(
            {
                "site": {"pages": args.pages, "images_per_page": args.images_per_page},
                "workers": args.workers,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
