"""``docbuild pages``: one record per PDF page, the rendered page plus targets derived from the parse.

The page image comes from the PDF parser package (rendering needs PyMuPDF, which the core never imports);
the targets come from :mod:`docbuild.page_targets`. Works for every PDF path (born-digital, OCR'd, PDFs
inside WARCs); HTML has no pages and is skipped with that reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from docbuild.jobs import Job, Outcome, load
from docbuild.model import Document
from docbuild.obelics import Row, general_metadata
from docbuild.page_targets import PageTargets, page_targets
from docbuild.sources import Source

RENDER = "parsers.pdf.render:render_pages"


@dataclass(frozen=True)
class PageOptions:
    """Page export: render resolution and which pages are worth a training pair."""

    dpi: int = 144
    min_chars: int = 20
    skip_blank: bool = True
    max_pages_per_doc: int | None = None

    def __post_init__(self) -> None:
        if not 36 <= self.dpi <= 600:
            raise ValueError(f"--dpi must be between 36 and 600, got {self.dpi}")
        if self.min_chars < 0:
            raise ValueError("--min-chars must be >= 0")
        if self.max_pages_per_doc is not None and self.max_pages_per_doc < 1:
            raise ValueError("--max-pages-per-doc must be >= 1")


def keep_page(targets: PageTargets, options: PageOptions) -> bool:
    """Blank pages and pages with too little text make poor training pairs."""
    if options.skip_blank and not targets.nodes:
        return False
    has_visual = any(n.type.is_visual for n in targets.nodes)
    return has_visual or targets.text_chars >= options.min_chars


@dataclass(frozen=True)
class PagesJob(Job):
    """Like the interleaved job, but each kept page of a PDF becomes one row."""

    pages: PageOptions = field(default_factory=PageOptions)

    def run_one(self, source: Source) -> Outcome:
        if source.format != "pdf":  # an HTML record inside a WARC: accounted for, not an error
            return Outcome(source.location, "skipped", "no_pages", "HTML has no pages")
        return super().run_one(source)

    def build(self, source: Source) -> tuple[Document, list[Row]]:
        doc = self.document(source)
        chosen = [t for t in (page_targets(doc, p) for p in doc.pages) if keep_page(t, self.pages)]
        if self.pages.max_pages_per_doc is not None:
            chosen = chosen[: self.pages.max_pages_per_doc]
        if not chosen:
            return doc, []
        general = general_metadata(doc)
        render = load(RENDER)
        images = render(source, [t.page.index for t in chosen], self.pages.dpi, self.pdf.password)
        rows = []
        for targets, (index, png, width, height) in zip(chosen, images, strict=True):
            page_meta = {**general, "page_size": [targets.page.width, targets.page.height]}
            page_meta.update(image_width=width, image_height=height, dpi=self.pages.dpi)
            rows.append(
                {
                    "id": f"{doc.id}-p{index:05d}",
                    "doc_id": doc.id,
                    "page_index": index,
                    "image": {"bytes": png, "path": None},
                    "markdown": targets.markdown,
                    "doctags": targets.doctags,
                    "nodes": targets.nodes_json,
                    "general_metadata": json.dumps(page_meta, ensure_ascii=False),
                }
            )
        return doc, rows

    def count(self, rows: list[Row]) -> dict[str, int]:
        return {"page_records": len(rows), "images": len(rows)}
