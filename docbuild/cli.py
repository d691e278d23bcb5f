"""Command line: builds options from flags, calls the pipeline, prints progress and a summary.

This is the only module that prints. Example::

    docbuild pdf papers/ -o out/ --workers 2
    docbuild html pages/ -o out-web/ --base-url https://example.org/
    docbuild warc crawl.warc.gz -o out-warc/
    docbuild inspect paper.pdf -o inspect/
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from docbuild import __version__
from docbuild.errors import DocbuildError
from docbuild.jobs import Job
from docbuild.options import HtmlOptions, LinkOptions, PdfOptions, RunOptions
from docbuild.pipeline import Summary, run
from docbuild.sources import discover


def _add_run_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    p.add_argument("--shard-size", type=int, default=1000, help="documents per parquet shard")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--overwrite", action="store_true", help="replace an earlier run in OUTPUT")
    g.add_argument("--resume", action="store_true", help="continue an interrupted run in OUTPUT")
    p.add_argument("--quiet", action="store_true", help="no progress bar, log lines only")
    p.add_argument(
        "--placement",
        choices=["layout", "first-mention"],
        default="layout",
        help="where figures go: where they sit, or after the paragraph that first mentions them",
    )
    p.add_argument("--no-links", action="store_true", help="do not link figure/table mentions")


def _add_pdf_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dpi", type=int, default=150, help="resolution of figure and table crops")
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.add_argument(
        "--ocr",
        choices=["auto", "always", "never"],
        default="auto",
        help="OCR pages without a usable text layer (auto), every page, or none",
    )
    p.add_argument("--ocr-dpi", type=int, default=300)
    p.add_argument("--ocr-lang", default="eng", help="tesseract languages, e.g. eng+deu")
    p.add_argument("--tables", choices=["auto", "always", "never"], default="auto")
    p.add_argument(
        "--layout",
        choices=["heuristic", "model"],
        default="heuristic",
        help="layout analysis: heuristics, or the rapid-layout model (docbuild[layout])",
    )
    p.add_argument("--max-pages", type=int, default=None, help="parse at most this many pages per PDF")


def _add_html_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base-url", default=None, help="URL that saved pages were fetched from")
    p.add_argument("--keep-svg", action="store_true", help="keep inline <svg> images")
    p.add_argument("--min-image-side", type=int, default=32, help="drop images declared smaller than this")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docbuild", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"docbuild {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("pdf", help="PDFs -> interleaved documents")
    _add_run_flags(p)
    _add_pdf_flags(p)
    p.set_defaults(handler=cmd_convert, fmt="pdf")

    p = sub.add_parser("html", help="saved web pages -> interleaved documents")
    _add_run_flags(p)
    _add_html_flags(p)
    p.set_defaults(handler=cmd_convert, fmt="html")

    p = sub.add_parser("warc", help="WARC archives (HTML and PDF records) -> interleaved documents")
    _add_run_flags(p)
    _add_html_flags(p)
    _add_pdf_flags(p)
    p.set_defaults(handler=cmd_convert, fmt="warc")

    p = sub.add_parser("inspect", help="draw the parse of a PDF onto its pages (PNG per page)")
    p.add_argument("input", help="a PDF file")
    p.add_argument("-o", "--output", required=True, help="folder for the PNGs")
    p.add_argument("--dpi", type=int, default=100)
    _add_pdf_flags_inspect(p)
    p.set_defaults(handler=cmd_inspect)
    return parser


def _add_pdf_flags_inspect(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", default=None)
    p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto")


def pdf_options(args: argparse.Namespace) -> PdfOptions:
    return PdfOptions(
        dpi=args.dpi,
        password=args.password,
        ocr=args.ocr,
        ocr_dpi=args.ocr_dpi,
        ocr_lang=args.ocr_lang,
        tables=args.tables,
        layout=args.layout,
        max_pages=args.max_pages,
    )


def html_options(args: argparse.Namespace) -> HtmlOptions:
    return HtmlOptions(base_url=args.base_url, keep_svg=args.keep_svg, min_image_side=args.min_image_side)


def run_options(args: argparse.Namespace) -> RunOptions:
    return RunOptions(
        output=args.output,
        workers=args.workers,
        shard_size=args.shard_size,
        overwrite=args.overwrite,
        resume=args.resume,
        quiet=args.quiet,
    )


def _progress_bar(total: int, quiet: bool) -> tuple[Callable[[Summary, float], None], Callable[[], None]]:
    """A tqdm bar on stderr showing documents, pages/s and failures (or nothing with --quiet)."""
    if quiet:
        return (lambda summary, elapsed: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)

    def update(summary: Summary, elapsed: float) -> None:
        bar.update(1)
        rate = summary.pages / elapsed if elapsed > 0 else 0.0
        bar.set_postfix(pages=summary.pages, pages_s=f"{rate:.1f}", failed=summary.failed, refresh=False)

    return update, bar.close


def print_summary(summary: Summary, output: str) -> None:
    s = summary
    lines = [
        f"documents: {s.ok} ok, {s.failed} failed, {s.skipped} skipped",
        f"pages: {s.pages} ({s.pages_per_second:.1f} pages/s in {s.seconds:.1f} s)",
        f"texts: {s.texts}, images: {s.images}, figures: {s.figures}, tables: {s.tables}",
        f"shards: {s.shards} in {Path(output) / 'data'}; manifest: {Path(output) / 'manifest.jsonl'}",
    ]
    lines += [f"  {reason}: {count}" for reason, count in sorted(s.reasons.items())]
    print("\n".join(lines), file=sys.stderr)


def cmd_convert(args: argparse.Namespace) -> int:
    pdf = pdf_options(args) if hasattr(args, "dpi") else PdfOptions()
    html = html_options(args) if hasattr(args, "base_url") else HtmlOptions()
    job = Job(pdf=pdf, html=html, link=LinkOptions(link=not args.no_links, placement=args.placement))
    options = run_options(args)
    sources, skipped = discover(args.inputs, args.fmt)
    update, close = _progress_bar(len(sources), options.quiet)
    try:
        summary = run(job, sources, options, skipped=skipped, progress=update)
    finally:
        close()
    print_summary(summary, options.output)
    return 0 if summary.ok or not (summary.failed or summary.skipped) else 1


def cmd_inspect(args: argparse.Namespace) -> int:
    from parsers.pdf.inspect import render_inspection
    from parsers.pdf.parser import parse

    sources, _ = discover([args.input], "pdf")
    if not sources:
        raise DocbuildError(args.input, "no such PDF")
    doc = parse(sources[0], PdfOptions(password=args.password, ocr=args.ocr))
    doc = Job().postprocess(doc)
    paths = render_inspection(Path(args.input), doc, Path(args.output), dpi=args.dpi)
    print(f"wrote {len(paths)} page images to {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``docbuild`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (DocbuildError, ValueError) as exc:
        print(f"docbuild: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("docbuild: interrupted; rerun with --resume to continue", file=sys.stderr)
        return 130
