"""OCR speed, and what ``--ocr auto`` costs a born-digital paper.

1. OCR throughput on generated scans (tests/scanned.py: known text, grain, 1-2 degree skew):
   seconds per page in one process, pages/s with ``--workers`` processes (OMP_THREAD_LIMIT=1,
   so tesseract does not oversubscribe the cores), and the character accuracy reached.
2. ``page_needs_ocr`` on a 100-page born-digital paper (corpus papers concatenated, or generated
   pages without the corpus): its cost alone, and full ``parse()`` with ``--ocr auto`` vs
   ``--ocr never`` (least CPU time of ``--repeat`` runs, alternating modes). The budget is +5%.

Usage::

    OMP_THREAD_LIMIT=1 python benchmarks/ocr_speed.py [--pages 6] [--workers 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from docbuild.options import PdfOptions  # noqa: E402
from parsers.pdf import ocr  # noqa: E402
from tests.scanned import TEXT, born_digital, cer, known_text, scan  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("DOCBUILD_CORPUS", ROOT.parent / "shared" / "corpus"))
PAPERS = ("tableformer_yang2022.pdf", "clark2015_figures.pdf", "stereo_kowalczuk.pdf", "openie_banko2007.pdf")


def scanned_pages(count: int) -> list[tuple[bytes, str]]:
    """``count`` one-page scans with their reference text, defects varying page to page."""
    pages = []
    for k in range(count):
        words = TEXT.split()
        rotated = " ".join(words[k % len(words) :] + words[: k % len(words)])
        source = born_digital(text=rotated)
        pdf = scan(source, dpi=200 + 50 * (k % 3), noise=8.0 * (k % 3), skew=(-1) ** k * (1 + k % 2), seed=k)
        pages.append((pdf, known_text(source)))
    return pages


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as a child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _ocr_one(item: tuple[bytes, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and 1 - CER for OCR'ing one scanned page (also run in workers)."""
    pdf, reference = item
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        start, cpu = time.perf_counter(), _cpu()
        blocks = ocr.ocr_blocks(doc[0], 0, PdfOptions())
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return seconds, cpu, 1 - cer(reference, " ".join(b.text for b in blocks))


def ocr_throughput(pages: int, workers: int) -> dict[str, Any]:
    """Serial seconds/page and parallel pages/s on generated scans."""
    items = scanned_pages(pages)
    serial = [_ocr_one(item) for item in items]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_ocr_one, items))
    wall = time.perf_counter() - start
    per_page = [s for s, _, _ in serial]
    return {
        "pages": pages,
        "seconds_per_page": round(sum(per_page) / pages, 2),
        "cpu_seconds_per_page": round(sum(c for _, c, _ in serial) / pages, 2),
        "slowest_page": round(max(per_page), 2),
        "workers": workers,
        "pages_per_second": round(pages / wall, 3),
        "mean_char_accuracy": round(sum(a for _, _, a in serial) / pages, 4),
        "min_char_accuracy": round(min(a for _, _, a in serial), 4),
    }


def born_digital_paper(corpus: Path, pages: int = 100) -> bytes:
    """A ``pages``-page born-digital PDF: corpus papers repeated, or generated text pages."""
    out = pymupdf.open()
    sources = [corpus / "pdf" / name for name in PAPERS if (corpus / "pdf" / name).exists()]
    while len(out) < pages:
        if sources:
            with pymupdf.open(sources[len(out) % len(sources)]) as src:
                out.insert_pdf(src, to_page=min(len(src), pages - len(out)) - 1)
        else:
            with pymupdf.open(stream=born_digital(), filetype="pdf") as src:
                out.insert_pdf(src)
    return out.tobytes()


def _best(fn: Any, repeat: int) -> float:
    """Least CPU time of ``repeat`` runs: other jobs sharing the cores do not count against us."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def _decide_with_blocks(doc: pymupdf.Document, options: PdfOptions, repeat: int) -> float | None:
    """Decision time when the parser passes the blocks it already extracted (None without text.py)."""
    try:
        from parsers.pdf.text import extract_blocks
    except ImportError:
        return None
    blocks = [extract_blocks(p, p.number) for p in doc]
    return _best(
        lambda: [ocr.page_needs_ocr(p, options, b) for p, b in zip(doc, blocks, strict=True)], repeat
    )


def auto_overhead(corpus: Path, repeat: int) -> dict[str, Any]:
    """Cost of the per-page OCR decision on a born-digital paper, alone and inside parse()."""
    data = born_digital_paper(corpus)
    auto = PdfOptions(dpi=72)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        decide = _best(lambda: [ocr.page_needs_ocr(p, auto) for p in doc], repeat)
        flagged = sum(ocr.page_needs_ocr(p, auto) for p in doc)
        pages = len(doc)
        given = _decide_with_blocks(doc, auto, repeat)
    result: dict[str, Any] = {
        "pages": pages,
        "pages_flagged_for_ocr": flagged,
        "page_needs_ocr_ms_per_page": round(1000 * decide / pages, 2),
    }
    if given is not None:
        result["page_needs_ocr_with_blocks_ms_per_page"] = round(1000 * given / pages, 2)
    try:
        from docbuild.sources import Source
        from parsers.pdf.parser import parse
    except ImportError:
        return result
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper100.pdf"
        path.write_bytes(data)

        def run(mode: str) -> None:
            parse(Source(location=str(path), format="pdf", path=path), PdfOptions(dpi=72, ocr=mode))  # type: ignore[arg-type]

        runs: dict[str, list[float]] = {"never": [], "auto": []}
        for _ in range(repeat):  # alternate so drifting machine load hits both modes alike
            for mode, times in runs.items():
                times.append(_best(lambda mode=mode: run(mode), 1))
        never, with_auto = min(runs["never"]), min(runs["auto"])
    result.update(
        parse_never_s=round(never, 2),
        parse_auto_s=round(with_auto, 2),
        auto_overhead_pct=round(100 * (with_auto - never) / never, 1),
        decision_share_of_parse_pct=round(100 * decide / never, 1),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=6, help="generated scanned pages to OCR")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs of the born-digital timing (best counts)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--skip-ocr", action="store_true", help="only measure the --ocr auto overhead")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    report: dict[str, Any] = {
        "engine": ocr.ocr_engine_info(),
        "omp_thread_limit": os.environ["OMP_THREAD_LIMIT"],
    }
    if not args.skip_ocr:
        report["ocr"] = ocr_throughput(args.pages, args.workers)
    report["auto_on_born_digital"] = auto_overhead(args.corpus, args.repeat)
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
