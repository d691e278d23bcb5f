"""What a worker does with one input: parse it, post-process the documents, turn them into rows.

A ``Job`` is a small picklable object holding a command's options, so the same function runs
in-process, in a local worker pool or on a Ray cluster. This is the one place where a per-document
failure is caught and turned into a manifest outcome; parsers raise, they never swallow errors.
"""

from __future__ import annotations

import importlib
import logging
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from docbuild.errors import DocbuildError
from docbuild.model import Document
from docbuild.obelics import Row, row_stats, to_row
from docbuild.options import FilterOptions, HtmlOptions, LinkOptions, PdfOptions
from docbuild.sources import Skipped, Source

log = logging.getLogger(__name__)

Status = Literal["ok", "failed", "skipped"]

# Parsers are imported lazily by dotted name, so the core never imports a format library and an
# `html` run never pays for importing PyMuPDF.
PARSERS: dict[str, str] = {
    "pdf": "parsers.pdf.parser:parse",
    "html": "parsers.html:parse",
}
CONTAINERS: dict[str, str] = {
    "warc": "parsers.warc:iter_records",
}
EMBED_WARC_IMAGES = "parsers.warc:embed_images"
# MuPDF reports a failed allocation (the worker's RLIMIT_AS reached) as a system error, not MemoryError.
MUPDF_OOM = "FzErrorSystem: code=2: malloc"


def load(target: str) -> Callable[..., Any]:
    """Import ``module:function`` on first use."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass
class Outcome:
    """Result of one document (or one container record) for the manifest and the writer."""

    location: str
    status: Status
    reason: str | None = None
    message: str | None = None
    doc_id: str | None = None
    rows: list[Row] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "input": self.location,
            "status": self.status,
            "reason": self.reason,
            "id": self.doc_id,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            **self.counts,
        }
        if self.message:
            entry["message"] = self.message
        return entry


@dataclass(frozen=True)
class Job:
    """A command's options: ``run_one`` makes one document's outcome, ``expand`` opens containers."""

    pdf: PdfOptions = field(default_factory=PdfOptions)
    html: HtmlOptions = field(default_factory=HtmlOptions)
    link: LinkOptions = field(default_factory=LinkOptions)
    # quality filters (docbuild.filters); None or disabled = keep everything
    filters: FilterOptions | None = None

    def parse(self, source: Source) -> Document:
        target = PARSERS.get(source.format)
        if target is None:
            raise DocbuildError(source.location, f"no parser for format {source.format!r}")
        options = self.pdf if source.format == "pdf" else self.html
        doc: Document = load(target)(source, options)
        return doc

    def postprocess(self, doc: Document) -> Document:
        """Core steps every document goes through after parsing: linking, placement, quality filters.

        A document the filters drop raises ``docbuild.filters.Excluded``, recorded as ``filter:<rule>``.
        """
        if self.link.link:
            from docbuild.linking import link_document

            doc = link_document(doc, self.link)
        if self.link.placement != "layout":
            from docbuild.placement import place

            doc = place(doc, self.link.placement)
        if self.filters is not None and self.filters.enabled:
            from docbuild.filters import apply_filters

            doc = apply_filters(doc, self.filters)
        return doc

    def expand(self, source: Source) -> Iterator[Source | Skipped]:
        """Container inputs (WARC) yield their records; everything else is itself."""
        target = CONTAINERS.get(source.format)
        if target is None:
            yield source
            return
        yield from load(target)(source)

    def run_one(self, source: Source) -> Outcome:
        """Parse one non-container source into an outcome; the only per-document catch-all."""
        start = time.perf_counter()
        try:
            doc, rows = self.build(source)
        except DocbuildError as exc:
            # a quality filter's verdict is a deliberate drop, not a failure
            status: Status = "skipped" if exc.reason.startswith("filter:") else "failed"
            return Outcome(source.location, status, exc.reason, exc.message, seconds=_since(start))
        except MemoryError:
            return Outcome(source.location, "failed", "memory", "out of memory", seconds=_since(start))
        except RecursionError:
            message = "nesting too deep"
            return Outcome(source.location, "failed", "resource_limit", message, seconds=_since(start))
        except Exception as exc:  # a bug in docbuild, not bad input: keep the run going, say so loudly
            detail = f"{type(exc).__name__}: {exc}"
            if MUPDF_OOM in detail:
                message = f"memory cap reached while parsing ({detail})"
                return Outcome(source.location, "failed", "memory", message, seconds=_since(start))
            log.error("internal error on %s:\n%s", source.location, traceback.format_exc())
            message = f"internal error: {detail}"
            return Outcome(source.location, "failed", "internal_error", message, seconds=_since(start))
        if not rows:
            return Outcome(
                source.location,
                "skipped",
                "no_content",
                "nothing extracted",
                doc_id=doc.id,
                pages=doc.num_pages,
                seconds=_since(start),
            )
        return Outcome(
            source.location,
            "ok",
            doc_id=doc.id,
            rows=rows,
            pages=doc.num_pages,
            seconds=_since(start),
            counts=self.count(rows),
        )

    def document(self, source: Source) -> Document:
        """Parse and post-process one source; the source's provenance joins the document metadata."""
        doc = self.parse(source)
        if source.meta.get("_warc_images"):
            # images the page references that are archived in the same WARC: embed their bytes
            doc = load(EMBED_WARC_IMAGES)(doc, source)
        doc = self.postprocess(doc)
        public = {k: v for k, v in source.public_meta.items() if k not in doc.meta}
        return doc.with_meta(**public) if public else doc

    def build(self, source: Source) -> tuple[Document, list[Row]]:
        """The rows one source turns into: one interleaved row (none when nothing was extracted)."""
        doc = self.document(source)
        row = to_row(doc)
        return doc, [row] if row["texts"] else []

    def count(self, rows: list[Row]) -> dict[str, int]:
        return row_stats(rows[0])


def _since(start: float) -> float:
    return time.perf_counter() - start
