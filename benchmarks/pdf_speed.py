"""PDF speed on one core: docbuild (parse + OBELICS row) against bare PyMuPDF and pymupdf4llm.

Same files, same process, pinned to one CPU. Pages/s are given on CPU time (robust on a shared
machine) and on wall time. Peak RSS of a full docbuild parse of the long PDF is measured in a
child process. Targets: docbuild >= 2x pymupdf4llm, >= 0.5x get_text("dict"), peak RSS < 1 GB.
``--native`` also splits docbuild's time into the PyMuPDF calls it makes (text, drawings, table finder,
rendering, PNG encoding) and its own Python, per call: the ratio bare ``get_text`` would reach if
docbuild's own code cost nothing is the ceiling of the second target with these calls.
Run: ``python benchmarks/pdf_speed.py [--long /tmp/long.pdf] [--ocr never|auto] [--native]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DOCBUILD_CORPUS", ROOT.parent / "shared" / "corpus")) / "pdf"
sys.path.insert(0, str(ROOT))


@dataclass
class Timing:
    """CPU and wall seconds per file for one method."""

    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def pin_one_core() -> None:
    """Run on a single CPU, and keep native libraries single-threaded too."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def docbuild_run(ocr: str) -> Callable[[Path], None]:
    from docbuild.obelics import to_row
    from docbuild.options import PdfOptions
    from docbuild.sources import Source
    from parsers.pdf.parser import parse

    options = PdfOptions(ocr=ocr)  # type: ignore[arg-type]

    def run(path: Path) -> None:
        to_row(parse(Source(str(path), "pdf", path=path), options))

    return run


def dict_run(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("dict")


def llm_run(path: Path) -> None:
    import pymupdf4llm

    pymupdf4llm.to_markdown(str(path))


def measure(run: Callable[[Path], None], files: list[Path]) -> Timing:
    timing = Timing()
    for path in files:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            run(path)
        except Exception as exc:  # a benchmark keeps going; the failure is reported, timed as spent
            timing.failed[path.name] = f"{type(exc).__name__}: {exc}"[:120]
        timing.cpu[path.name] = time.process_time() - cpu
        timing.wall[path.name] = time.perf_counter() - wall
    return timing


# PyMuPDF classes whose public methods are timed by --native (Rect/Point arithmetic is left out).
_NATIVE_CLASSES = ("Document", "Page", "DisplayList", "Pixmap", "TextPage")


@contextmanager
def native_timer() -> Iterator[tuple[Counter[str], Counter[str]]]:
    """CPU seconds and calls spent in PyMuPDF's public methods, outermost call only.

    A method PyMuPDF calls from inside another (``find_tables`` reading text) counts once, in
    the outer call, so the total is the time docbuild cannot spend less of with these calls.
    """
    seconds: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    depth = [0]
    saved: list[tuple[type, str, object]] = []

    def wrap(name: str, fn: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            if depth[0]:
                return fn(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[name] += time.process_time() - start
                calls[name] += 1
                depth[0] -= 1

        return timed

    for cls_name in _NATIVE_CLASSES:
        cls = getattr(pymupdf, cls_name)
        for attr, fn in list(vars(cls).items()):
            if attr.startswith("_") and attr not in ("__init__", "__getitem__", "__iter__"):
                continue
            if callable(fn) and not isinstance(fn, type):
                saved.append((cls, attr, fn))
                setattr(cls, attr, wrap(f"{cls_name}.{attr}", fn))
    try:
        yield seconds, calls
    finally:
        for cls, attr, fn in saved:
            setattr(cls, attr, fn)


def native_report(files: list[Path], ocr: str, get_text_cpu: float) -> None:
    """docbuild's CPU time split into PyMuPDF calls and its own Python, per page."""
    run = docbuild_run(ocr)
    pages = sum(pages_of(p) for p in files)
    start = time.process_time()
    with native_timer() as (seconds, calls):
        for path in files:
            run(path)
    total = time.process_time() - start
    native = sum(seconds.values())
    print(f"{'PyMuPDF call':34} {'calls':>7} {'ms/page':>8}")
    for name, sec in seconds.most_common(12):
        print(f"{name:34} {calls[name]:7d} {1000 * sec / pages:8.2f}")
    print(
        f"docbuild {1000 * total / pages:.2f} ms/page = PyMuPDF calls {1000 * native / pages:.2f}"
        f" + own Python {1000 * (total - native) / pages:.2f} (timed run, wrappers included); bare get_text "
        f"{1000 * get_text_cpu / pages:.2f} ms/page; ceiling with these calls and free Python: "
        f"{get_text_cpu / native:.2f}x get_text"
    )


def pages_of(path: Path) -> int:
    with pymupdf.open(path) as doc:
        return doc.page_count


def peak_rss_mb(path: Path, ocr: str) -> float:
    """Peak RSS (MB) of a child process that parses ``path`` fully and builds its row."""
    subprocess.run([sys.executable, __file__, "--rss-child", str(path), "--ocr", ocr], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def inputs(long_pdf: Path | None) -> list[Path]:
    corpus = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    return corpus + samples + ([long_pdf] if long_pdf else [])


def report(files: list[Path], results: dict[str, Timing]) -> None:
    pages = {p.name: pages_of(p) for p in files}
    names = list(results)
    print(f"{'file':34} {'pages':>5} " + " ".join(f"{n + ' s':>16}" for n in names))
    for p in files:
        cells = " ".join(f"{results[n].cpu[p.name]:16.3f}" for n in names)
        print(f"{p.name[:34]:34} {pages[p.name]:5d} {cells}")
    groups = {"all": files, "long pdf only": files[-1:], "corpus + samples": files[:-1]}
    for group, members in groups.items():
        total = sum(pages[p.name] for p in members)
        rates = {}
        for n in names:
            cpu = sum(results[n].cpu[p.name] for p in members)
            wall = sum(results[n].wall[p.name] for p in members)
            rates[n] = total / cpu if cpu else float("inf")
            line = f"{rates[n]:8.1f} pages/s cpu  {total / wall:8.1f} pages/s wall"
            print(f"[{group}] {n:12} {total:5d} pages  {line}")
        if "docbuild" in rates and "pymupdf4llm" in rates:
            ratio = rates["docbuild"] / rates["pymupdf4llm"]
            print(f"[{group}] docbuild / pymupdf4llm = {ratio:.2f}x (target >= 2)")
        if "docbuild" in rates and "get_text" in rates:
            ratio = rates["docbuild"] / rates["get_text"]
            print(f"[{group}] docbuild / get_text(dict) = {ratio:.2f}x (target >= 0.5)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=Path, default=Path("/tmp/docbuild-long.pdf"), help="500-page PDF")
    parser.add_argument("--ocr", default="never", choices=["never", "auto"], help="docbuild OCR mode")
    parser.add_argument("--no-llm", action="store_true", help="skip pymupdf4llm")
    parser.add_argument("--native", action="store_true", help="split docbuild's time into PyMuPDF calls")
    parser.add_argument("--rss-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pin_one_core()
    if args.rss_child:
        docbuild_run(args.ocr)(args.rss_child)
        return 0
    if not args.long.exists():
        from benchmarks.longpdf import build

        print(f"generating {args.long} ...", file=sys.stderr)
        build(args.long)
    # First, while this process is still small: a forked child's high-water mark includes the
    # parent pages it starts with, so measuring after the benchmarks would inflate the figure.
    rss = peak_rss_mb(args.long, args.ocr)
    files = inputs(args.long)
    methods: dict[str, Callable[[Path], None]] = {"docbuild": docbuild_run(args.ocr), "get_text": dict_run}
    if not args.no_llm:
        methods["pymupdf4llm"] = llm_run
    warm = ROOT / "samples" / "two-column.pdf"
    results = {}
    for name, run in methods.items():
        run(warm)  # imports and caches outside the timing
        results[name] = measure(run, files)
        print(f"measured {name}", file=sys.stderr)
    report(files, results)
    if args.native:
        groups = {"long pdf only": files[-1:], "corpus + samples": files[:-1]}
        for group, members in groups.items():
            print(f"[{group}] time inside PyMuPDF")
            native_report(members, args.ocr, sum(results["get_text"].cpu[p.name] for p in members))
    for name, timing in results.items():
        for file, why in timing.failed.items():
            print(f"FAILED {name} on {file}: {why}")
    what = f"{args.long.name} ({pages_of(args.long)} pages)"
    print(f"peak RSS of a docbuild parse of {what}: {rss:.0f} MB (target < 1024)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
