"""Precision and recall of (mention -> target) links on documents whose answers are known.

Sets (``pdf-detected`` counts only mentions whose target the PDF parser found, which separates
linking errors from figure/table detection errors; ``pdf-targets`` scores that detection):
* ``known``: linkgen documents built straight from their known text (the linker alone);
* ``pdf``: the same documents rendered to PDF and parsed by parsers.pdf.parser.parse (end to end);
* ``corpus``: real papers from ../shared/corpus/pdf parsed by the PDF parser; targets come from the
  figure/table captions in their gt files, expected links from ``benchmarks/corpus_mentions.json``
  (hand-checked, see its note), matched per label since that list is unordered.

For a document, the predicted sequence is the label of every link target in reading order and the
expected sequence is what the generator (or the hand check) says; the two are aligned,
so a matched pair is the same target at the same place in the sequence (longest common
subsequence, which tolerates small reading-order differences in two-column layouts).

    python benchmarks/link_accuracy.py --count 24
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from linkgen import GenDoc, expected_sequence, load_truth, write_set  # noqa: E402

from docbuild.labels import parse_caption_label  # noqa: E402
from docbuild.linking import link_document  # noqa: E402
from docbuild.model import Document, Node, NodeType  # noqa: E402
from docbuild.options import LinkOptions, PdfOptions  # noqa: E402
from docbuild.sources import Source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


@dataclass
class Score:
    predicted: int = 0
    expected: int = 0
    matched: int = 0

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.expected += other.expected
        self.matched += other.matched

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<12} precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(matched {self.matched}, predicted {self.predicted}, expected {self.expected})"
        )


def target_name(node: Node | None) -> str | None:
    """Canonical label of a link target ("Figure 3", "Table 2", "Table A1")."""
    if node is None:
        return None
    for text in (node.label, node.caption):
        label = parse_caption_label(text) if text else None
        if label is not None:
            return label.display
    return None


def predicted_sequence(doc: Document) -> list[str]:
    """Target label of every link, in reading order of the text nodes."""
    out: list[str] = []
    for node in doc.nodes:
        for link in node.meta.get("links") or ():
            out.append(target_name(doc.node(link["target"])) or f"?{link['target']}")
    return out


def score(predicted: list[str], expected: list[str]) -> Score:
    """Aligned matches: the longest common subsequence of the predicted and expected targets."""
    previous = [0] * (len(expected) + 1)
    for p in predicted:
        current = [0]
        for j, e in enumerate(expected):
            current.append(previous[j] + 1 if p == e else max(previous[j + 1], current[j]))
        previous = current
    return Score(len(predicted), len(expected), previous[-1])


def score_counts(predicted: list[str], expected: list[str]) -> Score:
    """Matches counted per target label, order ignored (the hand-checked lists are unordered)."""
    pred, exp = Counter(predicted), Counter(expected)
    return Score(len(predicted), len(expected), sum(min(n, exp[label]) for label, n in pred.items()))


def known_document(truth: GenDoc) -> Document:
    """The generated text as a Document: paragraphs, and each visual followed by its caption node."""
    nodes: list[Node] = []
    for i, para in enumerate(truth.paragraphs):
        nodes.append(Node(NodeType.PARAGRAPH, f"p0-b{i}", text=para))
        for j, v in enumerate(truth.visuals):
            if v.after_paragraph == i:
                kind = NodeType.FIGURE if v.kind == "figure" else NodeType.TABLE
                vid = f"v-{j}"
                nodes.append(Node(kind, vid, caption=v.caption, caption_id=f"c-{j}"))
                nodes.append(Node(NodeType.CAPTION, f"c-{j}", text=v.caption, meta={"caption_of": vid}))
    return Document(id=truth.name, source=f"{truth.name}.txt", format="pdf", nodes=tuple(nodes))


def parse_pdf(path: Path) -> Document:
    """Parse a PDF with the project's PDF parser."""
    from parsers.pdf.parser import parse

    return parse(Source(location=str(path), format="pdf", path=path), PdfOptions())


def _diff(predicted: list[str], expected: list[str]) -> list[str]:
    """Human-readable differences, for the verbose report."""
    out = []
    matcher = difflib.SequenceMatcher(None, predicted, expected, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            out.append(f"{op}: predicted {predicted[a0:a1]} expected {expected[b0:b1]}")
    return out


def run_generated(count: int, verbose: bool, seed: int = 0) -> dict[str, Score]:
    """Score the linker on known text and end to end on the rendered PDFs."""
    totals = {"known": Score(), "pdf": Score(), "pdf-detected": Score(), "pdf-targets": Score()}
    with tempfile.TemporaryDirectory() as tmp:
        write_set(Path(tmp), count, seed)
        for truth_path in sorted(Path(tmp).glob("*.truth.json")):
            truth = load_truth(truth_path)
            expected = expected_sequence(truth)
            known = link_document(known_document(truth), LinkOptions())
            s = score(predicted_sequence(known), expected)
            totals["known"].add(s)
            if verbose and (s.matched != s.expected or s.matched != s.predicted):
                print(truth.name, "known", _diff(predicted_sequence(known), expected))
            try:
                parsed = link_document(
                    parse_pdf(truth_path.with_suffix("").with_suffix(".pdf")), LinkOptions()
                )
            except ImportError as exc:
                print(f"pdf parser unavailable ({exc}); pdf set skipped", file=sys.stderr)
                continue
            predicted = predicted_sequence(parsed)
            s = score(predicted, expected)
            totals["pdf"].add(s)
            found = {target_name(n) for n in parsed.nodes if n.type.is_visual}
            totals["pdf-detected"].add(score(predicted, [label for label in expected if label in found]))
            totals["pdf-targets"].add(score(sorted(found - {None}), sorted(v.label for v in truth.visuals)))
            if verbose and (s.matched != s.expected or s.matched != s.predicted):
                print(truth.name, "pdf", _diff(predicted, expected))
    return totals


def run_corpus(verbose: bool) -> dict[str, Score]:
    """Score on the corpus papers listed in corpus_mentions.json (hand-checked expected links).

    ``corpus`` is end to end; ``corpus-text`` puts the parser's running headers/footers back into
    the text, which separates linking misses from text the PDF parser took out of the flow.
    """
    truth_file = ROOT / "benchmarks" / "corpus_mentions.json"
    totals = {"corpus": Score(), "corpus-text": Score()}
    if not CORPUS.is_dir() or not truth_file.exists():
        return totals
    truth: dict[str, Any] = json.loads(truth_file.read_text())
    for name, entry in truth["documents"].items():
        for key, with_furniture in (("corpus", False), ("corpus-text", True)):
            doc = corpus_document(name, with_furniture, entry.get("targets") == "parser")
            linked = link_document(doc, LinkOptions())
            predicted = predicted_sequence(linked)
            s = score_counts(predicted, entry["expected"])
            totals[key].add(s)
            if verbose:
                print(key, name, s.line("")[13:], _diff(predicted, entry["expected"]))
    return totals


def corpus_document(name: str, with_furniture: bool = False, parser_targets: bool = False) -> Document:
    """A corpus PDF parsed by the project parser, its visuals' labels taken from the gt captions.

    The gt captions stand in for figure detection, so the score is about linking, not detection;
    ``parser_targets`` keeps the parser's own figures instead (papers without gt).
    """
    parsed = parse_pdf(CORPUS / name)
    if parser_targets:
        extra = [n.evolve(type=NodeType.PARAGRAPH) for n in parsed.furniture] if with_furniture else []
        return parsed.evolve(nodes=(*parsed.nodes, *extra))
    gt = json.loads((CORPUS / "gt" / name.replace(".pdf", ".gt.json")).read_text())
    text_nodes = [n for n in parsed.nodes if not n.type.is_visual]
    if with_furniture:
        text_nodes += [n.evolve(type=NodeType.PARAGRAPH) for n in parsed.furniture]
    visuals = [
        Node(
            NodeType.FIGURE if kind == "figures" else NodeType.TABLE,
            f"gt-{kind}-{i}",
            caption=item["caption"],
        )
        for kind in ("figures", "tables")
        for i, item in enumerate(gt[kind])
        if item.get("caption")
    ]
    return parsed.evolve(nodes=tuple(text_nodes + visuals))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="generated documents")
    parser.add_argument("--seed", type=int, default=0, help="first generator seed")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args(argv)
    totals = run_generated(args.count, args.verbose, args.seed)
    if not args.no_corpus:
        totals.update(run_corpus(args.verbose))
    for name, s in totals.items():
        print(s.line(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
