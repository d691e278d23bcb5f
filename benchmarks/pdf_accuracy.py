"""PDF accuracy on the shared corpus: figures, tables, captions and reading order against ground truth.

Runs the full PDF parser on every corpus PDF that has ``pdf/gt/<name>.gt.json`` and scores:

* figure / table precision and recall: a prediction matches a GT object on the same page with
  IoU >= 0.5 (one-to-one, best IoU first). GT without boxes (test assertions) is matched by page
  and caption label instead, and said so in the output;
* caption accuracy: of the matched objects, the share whose normalised caption equals the GT
  caption or starts the same (an empty GT caption expects no caption);
* reading order: recall of GT body-text snippets found in the text flow, and the share of
  consecutive found snippets that appear in GT order;
* table cells: of the GT cell texts of matched tables (docling's grids in
  ``gt/source/<name>.docling.json``, the samples' truth cells), the share found as one whole
  predicted cell (NFKC, whitespace collapsed: lost spaces or a displaced underscore count as wrong).

Usage::

    python benchmarks/pdf_accuracy.py [--corpus DIR] [--json out.json] [--dpi 72] [names ...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docbuild.model import BBox, Document, Node, NodeType
from docbuild.options import PdfOptions
from docbuild.sources import Source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("DOCBUILD_CORPUS", ROOT.parent / "shared" / "corpus"))
IOU = 0.5
CAPTION_PREFIX = 40


def normalise(text: str) -> str:
    """Compare text loosely: NFKC (ligatures), lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def caption_ok(pred: str | None, gt: str) -> bool:
    """Same caption: equal or starting the same after normalisation; empty GT wants none."""
    p, g = normalise(pred or ""), normalise(gt or "")
    if not g:
        return not p
    if not p:
        return False
    n = min(CAPTION_PREFIX, len(g))
    return p == g or p[:n] == g[:n]


@dataclass
class Score:
    """Counts for one kind of object in one file (or summed over files)."""

    gt: int = 0
    pred: int = 0
    matched: int = 0
    caption_ok: int = 0
    boxless: bool = False
    cells_gt: int = 0
    cells_ok: int = 0

    def add(self, other: Score) -> None:
        self.gt += other.gt
        self.pred += other.pred
        self.matched += other.matched
        self.caption_ok += other.caption_ok
        self.cells_gt += other.cells_gt
        self.cells_ok += other.cells_ok

    @property
    def cell_accuracy(self) -> float | None:
        return self.cells_ok / self.cells_gt if self.cells_gt else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.pred if self.pred else (None if not self.gt else 0.0)

    @property
    def recall(self) -> float | None:
        return self.matched / self.gt if self.gt else None

    @property
    def caption_accuracy(self) -> float | None:
        return self.caption_ok / self.matched if self.matched else None


@dataclass
class Order:
    """Reading-order counts: snippets found, consecutive found pairs, pairs in GT order."""

    snippets: int = 0
    found: int = 0
    pairs: int = 0
    pairs_ok: int = 0

    def add(self, other: Order) -> None:
        self.snippets += other.snippets
        self.found += other.found
        self.pairs += other.pairs
        self.pairs_ok += other.pairs_ok

    @property
    def recall(self) -> float | None:
        return self.found / self.snippets if self.snippets else None

    @property
    def pair_accuracy(self) -> float | None:
        return self.pairs_ok / self.pairs if self.pairs else None


@dataclass
class FileResult:
    name: str
    figures: Score = field(default_factory=Score)
    tables: Score = field(default_factory=Score)
    order: Order = field(default_factory=Order)
    seconds: float = 0.0
    error: str | None = None
    sample: bool = False


def _gt_box(obj: dict[str, Any]) -> BBox | None:
    box = obj.get("bbox")
    return BBox(*box) if box else None


def score_objects(preds: list[Node], gts: list[dict[str, Any]]) -> Score:
    """Match predictions to GT objects (same page, IoU >= 0.5, else page + label) and count."""
    score = Score(gt=len(gts), pred=len(preds))
    pairs = []
    for gi, g in enumerate(gts):
        gbox = _gt_box(g)
        for pi, p in enumerate(preds):
            if p.page_index != g["page"] - 1 or p.bbox is None:
                continue
            if gbox is not None:
                iou = p.bbox.iou(gbox)
                if iou >= IOU:
                    pairs.append((iou, gi, pi))
            elif g.get("caption") and caption_ok(p.caption, g["caption"]):
                score.boxless = True
                pairs.append((1.0, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        score.matched += 1
        score.caption_ok += caption_ok(preds[pi].caption, gts[gi].get("caption", ""))
        if "cell_texts" in gts[gi]:
            found = {cell_text(c) for row in preds[pi].cells or () for c in row if c}
            score.cells_gt += len(gts[gi]["cell_texts"])
            score.cells_ok += sum(cell_text(t) in found for t in gts[gi]["cell_texts"])
    return score


def cell_text(text: str) -> str:
    """A cell compared strictly: NFKC, whitespace collapsed (spaces and underscores must be right)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def attach_cells(gt_path: Path, gt: dict[str, Any]) -> dict[str, Any]:
    """GT tables with docling's cell texts (``gt/source/<name>.docling.json``) when the tables line up."""
    src = gt_path.parent / "source" / gt_path.name.replace(".gt.json", ".docling.json")
    gts = gt.get("tables", [])
    if not src.exists() or not gts:
        return gt
    tables = json.loads(src.read_text()).get("tables", [])
    if len(tables) != len(gts):
        return gt
    for g, t in zip(gts, tables, strict=True):
        data = t.get("data", {})
        if t["prov"][0]["page_no"] == g["page"] and data.get("num_rows") == g.get("rows"):
            g["cell_texts"] = [c["text"] for c in data.get("table_cells", []) if c.get("text", "").strip()]
    return gt


def score_order(doc: Document, snippets: list[str]) -> Order:
    """Find each GT snippet in the document's text flow; count found ones and ordered pairs."""
    flow = normalise(
        " ".join(n.text for n in doc.nodes if n.type not in (NodeType.FIGURE, NodeType.TABLE) and n.text)
    )
    order = Order(snippets=len(snippets))
    positions = []
    cursor = 0
    for snippet in snippets:
        key = normalise(snippet)[:30]
        if not key:
            order.snippets -= 1
            continue
        pos = _locate(flow, key, cursor)
        if pos < 0 and " " in snippet.strip():
            # docling GT keeps bullet glyphs as text ("SM590000 ...", "r ..."): retry without them
            rest = normalise(snippet.strip().split(" ", 1)[1])[:30]
            pos = _locate(flow, rest, cursor) if len(rest) >= 12 else -1
        if pos >= 0:
            order.found += 1
            positions.append(pos)
            cursor = pos + 1
    for a, b in itertools.pairwise(positions):
        order.pairs += 1
        order.pairs_ok += a <= b
    return order


def _locate(flow: str, key: str, cursor: int) -> int:
    """Position of ``key`` in the flow: the next copy after ``cursor``, else any (out of order).

    Repeated snippets (boilerplate, lorem ipsum) are matched in turn, not all to the first copy.
    """
    if not key:
        return -1
    pos = flow.find(key, cursor)
    return pos if pos >= 0 else flow.find(key)


def parse_pdf(path: Path, options: PdfOptions, detectors_only: bool = False) -> Document:
    """The full parser (parsers.pdf.parser.parse), or only the visual detectors on raw blocks."""
    if not detectors_only:
        from parsers.pdf.parser import parse

        return parse(Source(location=str(path), format="pdf", path=path), options)
    return _detectors_document(path, options)


def _detectors_document(path: Path, options: PdfOptions) -> Document:
    """Figures and tables from the detectors on extract_blocks output, blocks in extraction order.

    For measuring the detectors while the full parser is not there; reading order is not
    meaningful in this mode.
    """
    import pymupdf

    from parsers.pdf.figures import build_context, detect_figures
    from parsers.pdf.tables import detect_tables
    from parsers.pdf.text import extract_blocks

    nodes: list[Node] = []
    with pymupdf.open(path) as pdf:
        context = build_context(pdf)
        for page in pdf:
            blocks = extract_blocks(page, page.number)
            figs = detect_figures(page, page.number, blocks, options, context)
            tabs = detect_tables(page, page.number, figs.blocks, options, context)
            nodes += [*figs.visuals, *tabs.visuals, *tabs.blocks]
    return Document(id=path.name, source=str(path), format="pdf", nodes=tuple(nodes))


def run_file(pdf: Path, gt: dict[str, Any], options: PdfOptions, detectors_only: bool = False) -> FileResult:
    """Parse one PDF and score it against its GT."""
    result = FileResult(name=pdf.name)
    start = time.perf_counter()
    doc = parse_pdf(pdf, options, detectors_only)
    result.seconds = time.perf_counter() - start
    result.figures = score_objects(doc.figures, gt.get("figures", []))
    result.tables = score_objects(doc.tables, gt.get("tables", []))
    if gt.get("reading_order") and not detectors_only:
        result.order = score_order(doc, gt["reading_order"])
    return result


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def _row(name: str, r: FileResult) -> str:
    f, t, o = r.figures, r.tables, r.order
    mark = "*" if f.boxless or t.boxless else " "
    return (
        f"{name[:30]:30s}{mark} fig {f.matched:2d}/{f.gt:2d}/{f.pred:2d}"
        f" P{_fmt(f.precision)} R{_fmt(f.recall)}"
        f"  tab {t.matched:2d}/{t.gt:2d}/{t.pred:2d} P{_fmt(t.precision)} R{_fmt(t.recall)}"
        f"  cap{_fmt(_caption_acc(f, t))}  cell{_fmt(t.cell_accuracy)}"
        f"  RO{_fmt(o.recall)} pair{_fmt(o.pair_accuracy)}  {r.seconds:5.1f}s"
    )


def _caption_acc(f: Score, t: Score) -> float | None:
    matched = f.matched + t.matched
    return (f.caption_ok + t.caption_ok) / matched if matched else None


def summarise(results: list[FileResult]) -> FileResult:
    """Micro-averaged totals over all files that parsed."""
    total = FileResult(name="OVERALL")
    for r in results:
        if r.error:
            continue
        total.figures.add(r.figures)
        total.tables.add(r.tables)
        total.order.add(r.order)
        total.seconds += r.seconds
    return total


def _as_json(r: FileResult) -> dict[str, Any]:
    out = asdict(r)
    for key in ("figures", "tables"):
        s: Score = getattr(r, key)
        out[key].update(precision=s.precision, recall=s.recall, caption_accuracy=s.caption_accuracy)
    out["tables"]["cell_accuracy"] = r.tables.cell_accuracy
    out["caption_accuracy"] = _caption_acc(r.figures, r.tables)
    out["order"].update(recall=r.order.recall, pair_accuracy=r.order.pair_accuracy)
    return out


def _cases(gt_dir: Path, corpus: Path, samples: bool) -> list[tuple[Path, dict[str, Any]]]:
    """(pdf, ground truth) pairs: corpus GT files, plus generated samples when asked."""
    cases = []
    for gt_path in sorted(gt_dir.glob("*.gt.json")):
        pdf = corpus / "pdf" / gt_path.name.replace(".gt.json", ".pdf")
        if pdf.exists():
            cases.append((pdf, attach_cells(gt_path, json.loads(gt_path.read_text()))))
    if samples:
        for truth in sorted((ROOT / "samples").glob("*.truth.json")):
            pdf = truth.with_name(truth.name.replace(".truth.json", ".pdf"))
            if pdf.exists():
                cases.append((pdf, sample_gt(json.loads(truth.read_text()))))
    return cases


def sample_gt(truth: dict[str, Any]) -> dict[str, Any]:
    """A sample's truth in the corpus GT shape (1-based pages)."""
    out = dict(truth)
    for key in ("figures", "tables"):
        out[key] = [{**o, "page": o["page_index"] + 1} for o in truth.get(key, [])]
    for table in out["tables"]:
        if "cells" in table:
            table["cell_texts"] = [c for row in table["cells"] for c in row if c and c.strip()]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only these PDFs (file names)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, help="write per-file and overall results here")
    ap.add_argument("--dpi", type=int, default=72, help="crop resolution (low keeps the run fast)")
    ap.add_argument(
        "--samples", action="store_true", help="also score samples/*.pdf against their .truth.json"
    )
    ap.add_argument(
        "--detectors-only", action="store_true", help="score figure/table detectors on raw blocks, no parse()"
    )
    args = ap.parse_args(argv)
    gt_dir = args.corpus / "pdf" / "gt"
    if not gt_dir.is_dir():
        print(f"no ground truth at {gt_dir}", file=sys.stderr)
        return 2
    options = PdfOptions(dpi=args.dpi)
    results = []
    for pdf, gt in _cases(gt_dir, args.corpus, args.samples):
        if args.names and pdf.name not in args.names:
            continue
        try:
            result = run_file(pdf, gt, options, args.detectors_only)
            result.sample = pdf.parent == ROOT / "samples"
        except Exception as exc:  # a benchmark reports every failure and carries on
            result = FileResult(name=pdf.name, error=f"{type(exc).__name__}: {exc}")
        results.append(result)
        print(f"{pdf.name[:30]:31s} ERROR {result.error}" if result.error else _row(pdf.name, result))
    corpus_results = [r for r in results if not r.sample]
    total = summarise(corpus_results)
    print("-" * 150)
    print(_row("OVERALL (corpus)", total))
    payload = {"files": [_as_json(r) for r in results], "overall": _as_json(total)}
    if args.samples:
        samples_total = summarise([r for r in results if r.sample])
        print(_row("OVERALL (samples)", samples_total))
        payload["overall_samples"] = _as_json(samples_total)
    print("matched/gt/pred per kind; * = GT without boxes, matched by page and caption")
    if args.json:
        args.json.write_text(json.dumps(payload, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
