"""Pages per second on one core: docbuild's HTML parser against trafilatura (and plain lxml parsing).

Every page of ../shared/corpus/html (Readability pages and the gzipped scrapinghub pages) is held in
memory and processed ``--rounds`` times by each tool in the same process, interleaved per round so
neither gets a warmer cache; the best round counts. Time is the process's CPU time, not wall time:
the machine is shared, and other jobs' load would otherwise decide the ratio.

Run: ``python benchmarks/html_speed.py [--corpus DIR] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docbuild.options import HtmlOptions  # noqa: E402
from docbuild.sources import Source  # noqa: E402
from parsers.html import parse  # noqa: E402

BASE = "http://fakehost/test/page.html"


def load_pages(corpus: Path) -> list[bytes]:
    html_dir = corpus / "html"
    pages = [p.read_bytes() for p in sorted(html_dir.glob("*.html")) if not p.name.endswith(".expected.html")]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted((html_dir / "scrapinghub").glob("*.html.gz"))]
    return pages


def run_docbuild(raw: bytes) -> None:
    parse(Source(location="bench.html", format="html", data=raw), HtmlOptions(base_url=BASE))


def run_trafilatura(raw: bytes) -> None:
    import trafilatura

    trafilatura.extract(raw, url=BASE, include_images=True, output_format="xml")


def run_lxml(raw: bytes) -> None:
    import lxml.html

    lxml.html.document_fromstring(raw)


def timed(fn: Callable[[bytes], None], pages: list[bytes]) -> float:
    """CPU seconds spent by this process on all pages (single-threaded tools: CPU time = work)."""
    start = time.process_time()
    for raw in pages:
        fn(raw)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    pages = load_pages(args.corpus)
    tools = {"lxml parse only": run_lxml, "docbuild": run_docbuild, "trafilatura": run_trafilatura}
    for fn in tools.values():  # warm-up: imports, regex compilation
        fn(pages[0])
    best = dict.fromkeys(tools, float("inf"))
    for _ in range(args.rounds):
        for name, fn in tools.items():
            best[name] = min(best[name], timed(fn, pages))
    mb = sum(len(p) for p in pages) / 1e6
    print(f"{len(pages)} pages, {mb:.1f} MB, best of {args.rounds} rounds, one core, CPU time")
    for name, seconds in best.items():
        print(f"{name:16s} {len(pages) / seconds:8.1f} pages/s  {mb / seconds:6.2f} MB/s")
    ratio = best["trafilatura"] / best["docbuild"]
    print(f"docbuild / trafilatura throughput: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
