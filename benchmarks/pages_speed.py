"""Pages/s of `docbuild pages` (parse + targets + render at --dpi) on one core, against bare rendering.

    python benchmarks/pages_speed.py [PDF_OR_DIR ...] [--dpi 144]

Defaults to ../shared/corpus/pdf. Both measurements run in this process on the same files, so the ratio
holds whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pymupdf

from docbuild.options import PdfOptions
from docbuild.pages import PageOptions, PagesJob
from docbuild.sources import discover

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def bare_render(paths: list[Path], dpi: int) -> tuple[int, float]:
    start, pages = time.perf_counter(), 0
    for path in paths:
        with pymupdf.open(path) as pdf:
            for page in pdf:
                page.get_pixmap(dpi=dpi, alpha=False).tobytes("png")
                pages += 1
    return pages, time.perf_counter() - start


def docbuild_pages(paths: list[Path], dpi: int) -> tuple[int, int, float]:
    job = PagesJob(pdf=PdfOptions(ocr="never"), pages=PageOptions(dpi=dpi, min_chars=0, skip_blank=False))
    sources, _ = discover(paths, "pdf")
    start, pages, records = time.perf_counter(), 0, 0
    for source in sources:
        outcome = job.run_one(source)
        pages += outcome.pages
        records += len(outcome.rows)
    return pages, records, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--dpi", type=int, default=144)
    args = parser.parse_args()
    sources, _ = discover(args.inputs, "pdf")
    paths = [s.path for s in sources if s.path is not None and "bad" not in s.path.parts]
    render_pages, render_s = bare_render(paths, args.dpi)
    pages, records, seconds = docbuild_pages(paths, args.dpi)
    print(f"{len(paths)} PDFs, {pages} pages at {args.dpi} dpi (OCR off)")
    print(f"{'bare PyMuPDF render':<24} {render_pages / render_s:8.1f} pages/s")
    print(f"{'docbuild pages':<24} {pages / seconds:8.1f} pages/s  ({records} records)")
    print(f"ratio docbuild/bare render: {(pages / seconds) / (render_pages / render_s):.2f}")


if __name__ == "__main__":
    main()
