"""Command line: builds options from flags, calls the pipeline, prints progress and a summary.

This is the only module that prints. Example::

    docbuild pdf papers/ -o out/ --workers 2
    docbuild html pages/ -o out-web/ --base-url https://example.org/
    docbuild warc crawl.warc.gz -o out-warc/
    docbuild inspect paper.pdf -o inspect/
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from docbuild import __version__
from docbuild.errors import DocbuildError, UnsupportedInput
from docbuild.jobs import Job
from docbuild.options import (
    DedupOptions,
    FetchOptions,
    FilterOptions,
    HtmlOptions,
    LinkOptions,
    PdfOptions,
    RunOptions,
)
from docbuild.pages import PageOptions, PagesJob
from docbuild.pipeline import Summary, run
from docbuild.sources import SUFFIXES, Skipped, Source, discover


def _add_output_flags(p: argparse.ArgumentParser, workers_help: str, quiet_help: str) -> None:
    """Where a run writes and how it treats an earlier run there: shared by every writing command."""
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help=workers_help)
    p.add_argument("--shard-size", type=int, default=1000, help="documents per parquet shard")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--overwrite", action="store_true", help="replace an earlier run in OUTPUT")
    g.add_argument("--resume", action="store_true", help="continue an interrupted run in OUTPUT")
    p.add_argument("--quiet", action="store_true", help=quiet_help)


def _add_run_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="files or folders (searched recursively)")
    _add_output_flags(p, "worker processes", "no progress bar, log lines only")
    p.add_argument(
        "--placement",
        choices=["layout", "first-mention"],
        default="layout",
        help="where figures go: where they sit, or after the paragraph that first mentions them",
    )
    p.add_argument("--no-links", action="store_true", help="do not link figure/table mentions")
    _add_scale_flags(p)
    p.add_argument(
        "--format",
        dest="output_format",
        choices=["parquet", "webdataset"],
        default="parquet",
        help="shard format: parquet (Hugging Face datasets) or webdataset tars",
    )


def _add_scale_flags(p: argparse.ArgumentParser) -> None:
    """Execution limits, engine, quality filters and dedup (docs/scaling.md)."""
    p.add_argument(
        "--doc-timeout",
        type=float,
        default=120.0,
        help="seconds a document may go without finishing a page before its worker is killed",
    )
    p.add_argument(
        "--max-memory", type=int, default=None, help="MB per worker; a document above it is killed"
    )
    p.add_argument(
        "--engine", choices=["local", "ray"], default="local", help="local processes or a Ray cluster"
    )
    q = p.add_argument_group("quality filters (OBELICS-style, off unless --filter)")
    q.add_argument("--filter", action="store_true", help="drop low-quality documents and images")
    q.add_argument("--min-words", type=int, default=FilterOptions.min_words)
    q.add_argument("--max-words", type=int, default=FilterOptions.max_words)
    q.add_argument("--max-char-repetition", type=float, default=FilterOptions.max_char_repetition)
    q.add_argument("--max-word-repetition", type=float, default=FilterOptions.max_word_repetition)
    q.add_argument("--max-special-char-ratio", type=float, default=FilterOptions.max_special_char_ratio)
    q.add_argument("--filter-min-image-side", type=int, default=FilterOptions.min_image_side, help="pixels")
    q.add_argument("--filter-max-image-side", type=int, default=FilterOptions.max_image_side, help="pixels")
    q.add_argument("--max-image-aspect-ratio", type=float, default=FilterOptions.max_image_aspect_ratio)
    q.add_argument("--min-images", type=int, default=FilterOptions.min_images)
    q.add_argument("--max-images", type=int, default=FilterOptions.max_images)
    q.add_argument("--write-excluded", action="store_true", help="list dropped documents in excluded.jsonl")
    d = p.add_argument_group("dedup across the run (off unless --dedup)")
    d.add_argument("--dedup", action="store_true", help="drop duplicate documents and repeated images")
    d.add_argument("--no-near-dedup", action="store_true", help="exact duplicates only (no MinHash LSH)")
    d.add_argument("--near-threshold", type=float, default=DedupOptions.near_threshold, help="Jaccard")
    d.add_argument("--max-image-repeats", type=int, default=DedupOptions.max_image_repeats)


def filter_options(args: argparse.Namespace) -> FilterOptions | None:
    if not getattr(args, "filter", False):
        return None
    return FilterOptions(
        min_words=args.min_words,
        max_words=args.max_words,
        max_char_repetition=args.max_char_repetition,
        max_word_repetition=args.max_word_repetition,
        max_special_char_ratio=args.max_special_char_ratio,
        min_image_side=args.filter_min_image_side,
        max_image_side=args.filter_max_image_side,
        max_image_aspect_ratio=args.max_image_aspect_ratio,
        min_images=args.min_images,
        max_images=args.max_images,
        write_excluded=args.write_excluded,
    )


def dedup_options(args: argparse.Namespace) -> DedupOptions | None:
    if not getattr(args, "dedup", False):
        return None
    return DedupOptions(
        near=not args.no_near_dedup,
        near_threshold=args.near_threshold,
        max_image_repeats=args.max_image_repeats,
    )


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
    p.add_argument(
        "--keep-decorations",
        action="store_true",
        help="keep images taken for decoration (pixels, icons, avatars, repeats), marked in metadata",
    )
    p.add_argument(
        "--images",
        choices=["url", "fetch"],
        default="url",
        help="keep image URLs, or download, verify and store the images (docs/crawl.md)",
    )


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

    p = sub.add_parser("pages", help="one record per PDF page: page image + Markdown/DocTags/JSON targets")
    _add_run_flags(p)
    _add_pdf_flags(p)
    p.add_argument("--min-chars", type=int, default=20, help="skip pages with less text (and no figure)")
    p.add_argument("--keep-blank", action="store_true", help="keep pages with nothing on them")
    p.add_argument("--max-pages-per-doc", type=int, default=None)
    p.set_defaults(handler=cmd_convert, fmt="pdf", pages=True, dpi=144)

    p = sub.add_parser("view", help="render a dataset as a static HTML site (offline)")
    p.add_argument("dataset", help="an output folder of docbuild (parquet or webdataset shards)")
    p.add_argument("-o", "--output", default=None, help="site folder (default: DATASET/view)")
    p.add_argument("--limit", type=int, default=None, help="at most this many documents")
    p.add_argument("--dpi", type=int, default=80, help="resolution of the PDF page images")
    p.set_defaults(handler=cmd_view)

    p = sub.add_parser("inspect", help="draw the parse of a PDF onto its pages (PNG per page)")
    p.add_argument("input", help="a PDF file")
    p.add_argument("-o", "--output", required=True, help="folder for the PNGs")
    p.add_argument("--dpi", type=int, default=100)
    _add_pdf_flags_inspect(p)
    p.set_defaults(handler=cmd_inspect)

    p = sub.add_parser("stats", help="summary of an output folder: documents, pages, images, tokens, drops")
    p.add_argument("dataset", help="an output folder of docbuild (parquet or webdataset shards)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_stats)

    crawl_help = "crawl web sites politely (robots.txt, delays) into documents + a WARC"
    p = sub.add_parser("crawl", help=crawl_help, conflict_handler="resolve")
    _add_run_flags(p)
    _add_html_flags(p)
    _add_pdf_flags(p)
    _add_crawl_flags(p)  # its --max-pages (pages to crawl) replaces the per-PDF one
    _add_http_flags(p)
    p.set_defaults(handler=cmd_crawl, max_pages=None)

    p = sub.add_parser("fetch-images", help="download the images of a URL-only dataset into a new one")
    p.add_argument("inputs", nargs="+", help="dataset folders or parquet files (ours or OBELICS)")
    _add_output_flags(p, "processes verifying images", "no progress bar")
    _add_http_flags(p)
    p.set_defaults(handler=cmd_fetch_images, delay=0.0)
    return parser


def _add_crawl_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-pages", dest="crawl_max_pages", type=int, default=100, help="pages to fetch at most"
    )
    p.add_argument("--max-depth", type=int, default=3, help="links to follow from a seed at most")
    p.add_argument("--any-domain", action="store_true", help="follow links to other hosts too")
    p.add_argument("--allow", action="append", default=[], help="only URLs matching this regex (repeatable)")
    p.add_argument("--deny", action="append", default=[], help="never URLs matching this regex (repeatable)")


def _add_http_flags(p: argparse.ArgumentParser) -> None:
    from docbuild.options import DEFAULT_USER_AGENT

    p.add_argument("--user-agent", default=DEFAULT_USER_AGENT)
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host")
    p.add_argument("--per-host", type=int, default=2, help="requests in flight per host")
    p.add_argument("--concurrency", type=int, default=16, help="requests in flight in all")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    p.add_argument("--retries", type=int, default=2, help="retries on 429/5xx and network errors")
    p.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="response size cap")
    p.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt (your own sites)")
    p.add_argument("--image-max-bytes", type=int, default=10 * 1024 * 1024)
    p.add_argument("--max-pixels", type=int, default=40_000_000, help="decompression-bomb guard")
    p.add_argument("--image-max-side", type=int, default=None, help="downscale larger images to this side")
    p.add_argument("--image-format", choices=["keep", "jpeg", "png", "webp"], default="keep")
    p.add_argument("--keep-failed", action="store_true", help="keep documents whose images all failed")


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    return FetchOptions(
        user_agent=args.user_agent,
        timeout=args.timeout,
        retries=args.retries,
        concurrency=args.concurrency,
        per_host=args.per_host,
        delay=args.delay,
        robots=not args.ignore_robots,
        max_bytes=args.max_bytes,
        image_max_bytes=args.image_max_bytes,
        max_pixels=args.max_pixels,
        image_max_side=args.image_max_side,
        image_format=args.image_format,
        keep_failed=args.keep_failed,
    )


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
    return HtmlOptions(
        base_url=args.base_url,
        keep_svg=args.keep_svg,
        keep_decorations=args.keep_decorations,
        min_image_side=args.min_image_side,
        images=args.images,
    )


def run_options(args: argparse.Namespace) -> RunOptions:
    return RunOptions(
        output=args.output,
        workers=args.workers,
        shard_size=args.shard_size,
        overwrite=args.overwrite,
        resume=args.resume,
        quiet=args.quiet,
        output_format=args.output_format,
        doc_timeout=getattr(args, "doc_timeout", 120.0),
        max_memory_mb=getattr(args, "max_memory", None),
        engine=getattr(args, "engine", "local"),
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
    if getattr(s, "resumed", 0):
        lines.append(f"resumed: {s.resumed} inputs already done were skipped")
    if getattr(s, "drops", None):
        lines.append("dropped inside kept documents:")
        lines += [f"  {reason}: {count}" for reason, count in sorted(s.drops.items())]
    print("\n".join(lines), file=sys.stderr)


def cmd_convert(args: argparse.Namespace) -> int:
    pdf = pdf_options(args) if hasattr(args, "dpi") else PdfOptions()
    html = html_options(args) if hasattr(args, "base_url") else HtmlOptions()
    link = LinkOptions(link=not args.no_links, placement=args.placement)
    services = contextlib.ExitStack()
    if getattr(args, "pages", False):
        _refuse_html_inputs(args.inputs)
        page_options = PageOptions(
            dpi=args.dpi,
            min_chars=args.min_chars,
            skip_blank=not args.keep_blank,
            max_pages_per_doc=args.max_pages_per_doc,
        )
        job: Job = PagesJob(pdf=pdf, html=html, link=link, pages=page_options)
    elif html.images == "fetch":
        from docbuild.fetch import ImageFetchingJob

        # one fetcher in this process serves every worker, so per-host limits hold for the run
        job = services.enter_context(ImageFetchingJob(pdf=pdf, html=html, link=link).serving())
    else:
        job = Job(pdf=pdf, html=html, link=link)
    options = run_options(args)
    sources, skipped = _discover(args)
    update, close = _progress_bar(len(sources), options.quiet)
    try:
        with services:
            summary = run(
                job,
                sources,
                options,
                skipped=skipped,
                progress=update,
                filters=filter_options(args),
                dedup=dedup_options(args),
            )
    finally:
        close()
    print_summary(summary, options.output)
    return 0 if summary.ok or not (summary.failed or summary.skipped) else 1


def _discover(args: argparse.Namespace) -> tuple[list[Source], list[Skipped]]:
    """Inputs of a run; `pages` also takes WARC files (their PDF records have pages)."""
    if not getattr(args, "pages", False):
        return discover(args.inputs, args.fmt)
    warcs = [i for i in args.inputs if i.lower().endswith(SUFFIXES["warc"])]
    pdf_sources, pdf_skipped = discover([i for i in args.inputs if i not in warcs], "pdf")
    warc_sources, warc_skipped = discover(warcs, "warc")
    return pdf_sources + warc_sources, pdf_skipped + warc_skipped


def _refuse_html_inputs(inputs: list[str]) -> None:
    """HTML has no pages: say so up front instead of failing every file."""
    html = [i for i in inputs if i.lower().endswith((".html", ".htm", ".html.gz", ".htm.gz", ".xhtml"))]
    if html:
        raise UnsupportedInput(
            html[0], "HTML has no pages; `docbuild pages` takes PDFs (or WARCs holding PDFs)"
        )


def cmd_view(args: argparse.Namespace) -> int:
    from docbuild.view import build_site

    out = Path(args.output) if args.output else Path(args.dataset) / "view"
    index = build_site(Path(args.dataset), out, dpi=args.dpi, limit=args.limit)
    print(f"open {index}", file=sys.stderr)
    return 0


def _fetch_bar(quiet: bool, total: int | None, unit: str) -> tuple[Callable[..., None], Callable[[], None]]:
    """A tqdm bar on stderr for crawl and fetch-images: documents, pages, images, bytes, errors."""
    if quiet:
        return (lambda *a, **k: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)

    def update(done: int, **postfix: object) -> None:
        bar.update(done - bar.n)
        bar.set_postfix(postfix, refresh=False)

    return update, bar.close


def cmd_crawl(args: argparse.Namespace) -> int:
    from docbuild.crawl import CrawlStats, crawl
    from docbuild.options import CrawlOptions

    link = LinkOptions(link=not args.no_links, placement=args.placement)
    job = Job(pdf=pdf_options(args), html=html_options(args), link=link)
    options = CrawlOptions(
        max_pages=args.crawl_max_pages,
        max_depth=args.max_depth,
        same_domain=not args.any_domain,
        allow=tuple(args.allow),
        deny=tuple(args.deny),
        images=args.images,
        http=fetch_options(args),
    )
    run_opts = run_options(args)
    update, close = _fetch_bar(run_opts.quiet, options.max_pages, "page")

    def progress(stats: CrawlStats, summary: Summary) -> None:
        mb = f"{stats.bytes / 1e6:.1f}MB"
        update(stats.pages, docs=summary.ok, images=stats.images, bytes=mb, errors=stats.errors)

    try:
        summary, stats = crawl(
            args.inputs, job, options, run_opts, progress, filter_options(args), dedup_options(args)
        )
    finally:
        close()
    print_summary(summary, run_opts.output)
    print(
        f"crawl: {stats.pages} pages, {stats.images} images, {stats.bytes / 1e6:.1f} MB, "
        f"{stats.errors} errors, {stats.robots_blocked} blocked by robots.txt; "
        f"WARC in {Path(run_opts.output) / 'warc'}",
        file=sys.stderr,
    )
    return 0 if summary.ok or not (summary.failed or summary.skipped) else 1


def cmd_fetch_images(args: argparse.Namespace) -> int:
    from docbuild.fetch import fetch_dataset
    from docbuild.http import FetchStats

    run_opts = RunOptions(
        output=args.output,
        workers=args.workers,
        shard_size=args.shard_size,
        overwrite=args.overwrite,
        resume=args.resume,
        quiet=args.quiet,
    )
    update, close = _fetch_bar(run_opts.quiet, None, "doc")

    def progress(summary: Summary, stats: FetchStats) -> None:
        done = summary.ok + summary.skipped + summary.failed
        update(done, images=summary.images, bytes=f"{stats.bytes / 1e6:.1f}MB", errors=stats.errors)

    try:
        summary = fetch_dataset(args.inputs, run_opts, fetch_options(args), progress)
    finally:
        close()
    print_summary(summary, run_opts.output)
    print(f"failed image URLs: {Path(run_opts.output) / 'failures.jsonl'}", file=sys.stderr)
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


def cmd_stats(args: argparse.Namespace) -> int:
    from docbuild.stats import collect, render

    stats = collect(Path(args.dataset))
    print(json.dumps(stats.as_dict(), indent=2) if args.json else render(stats))
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
