"""Synthetic papers with exactly known figures and tables, and the PDF parser scored on them.

A held-out-style stress test for figure/table detection: nobody tuned the parser on these pages.
Each document is typeset with PyMuPDF in one or two columns (US letter or A4): title, numbered
section headings, justified or ragged body text made of real English words, running headers and
page numbers. Floats are what papers carry: matplotlib figures kept vector (line plots with
legends, grouped bars, scatter plots, heatmaps, 1x2 / 2x2 panel grids labelled (a), (b)), some
rasterised to PNG, and booktabs or fully ruled tables; captions in several venue styles ("Figure 3:",
"Fig. 3.", "Table 2:", "TABLE II" on its own line), one or two lines long; in two-column papers
also full-width floats at the top or bottom of a page. Floats that do not fit where they are cited
move to the top of the next column or page, as LaTeX does.

Ground truth goes next to each PDF as NAME.gt.json in the corpus' neutral format (see
shared/corpus/README.md): a figure's box is the rectangle it was drawn into, a table's box the
extent of its rules and cell text. Scoring reuses benchmarks/pdf_accuracy.py (same page, IoU >= 0.5,
caption prefix match) and prints every miss and false positive with the boxes on that page.

    python benchmarks/figgen.py --count 20 --seed 1 [--out DIR] [--json results.json] [--keep]
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pdf_accuracy import (  # noqa: E402
    FileResult,
    Score,
    _as_json,
    _row,
    parse_pdf,
    score_objects,
    score_order,
    summarise,
)

from docbuild.model import BBox  # noqa: E402
from docbuild.options import PdfOptions  # noqa: E402

LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# --- words -----------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    "model method baseline dataset corpus encoder decoder layer network gradient loss objective "
    "benchmark sample batch feature representation parameter estimate distribution variance error "
    "signal image token sequence vocabulary attention memory budget experiment ablation result "
    "performance accuracy improvement setting scale threshold regulariser optimiser schedule kernel "
    "approximation bound assumption theorem constraint pipeline annotation label classifier detector "
    "region boundary structure graph node edge cluster embedding prior posterior sampler policy reward"
)
VERBS = _words(
    "improves reduces increases captures estimates predicts controls reflects outperforms matches "
    "requires explains limits supports removes preserves balances exceeds approximates transfers"
)
ADJECTIVES = _words(
    "robust efficient sparse dense stable noisy small large deep shallow linear nonlinear adaptive "
    "simple strong weak consistent standard recent previous empirical theoretical relative global "
    "local uniform random fixed learned pretrained multilingual quantitative qualitative"
)
ADVERBS = _words("consistently slightly substantially clearly often rarely typically largely")
PREPS = _words("for in on across under with without over between")
OPENERS = (
    "In practice,",
    "However,",
    "As a result,",
    "In contrast,",
    "Moreover,",
    "For this reason,",
    "Following prior work,",
    "Empirically,",
    "To this end,",
)
METHODS = (
    "Ours",
    "Baseline",
    "ResNet-50",
    "ViT-B/16",
    "BERT-base",
    "LSTM",
    "w/o attention",
    "w/o pretraining",
    "Linear probe",
    "Random",
    "Oracle",
    "Transformer",
)
DATASETS = ("CIFAR-10", "SVHN", "ImageNet", "MNIST", "SQuAD", "GLUE", "COCO", "WMT14", "PubMed", "arXiv")
METRICS = ("Acc.", "F1", "BLEU", "mAP", "AUC", "Top-1", "Top-5", "Recall", "Prec.", "Params (M)", "Time (s)")
XLABELS = ("Epoch", "Training steps", "Number of samples", "Noise level", "Model size", "Temperature")
YLABELS = ("Accuracy (%)", "Loss", "F1 score", "Error rate", "Throughput", "Log-likelihood")
SECTIONS = ("Introduction", "Related Work", "Method", "Experiments", "Results", "Analysis", "Discussion")
SUBSECTIONS = ("Setup", "Datasets", "Training details", "Evaluation", "Ablations", "Limitations")
FIG_TOPICS = (
    "{y} of {a} and {b} as a function of {x}.",
    "Comparison of {a} with {b} on {d}.",
    "Effect of the {n} on {y}.",
    "Distribution of the learned {n} for {a}.",
    "{y} on {d} for different values of the {n}.",
)
TAB_TOPICS = (
    "Results on {d}.",
    "Comparison with prior work on {d} and {d2}.",
    "Ablation of the {n} on {d}.",
    "Statistics of the datasets used in our experiments.",
    "Hyper-parameters of {a} and {b}.",
)


def sentence(rng: random.Random) -> str:
    """A grammatical-looking sentence of real words, so text extraction sees ordinary prose."""
    subject = f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if rng.random() < 0.4:
        subject += f" {rng.choice(PREPS)} the {rng.choice(NOUNS)}"
    verb = rng.choice(VERBS)
    if rng.random() < 0.3:
        verb = f"{rng.choice(ADVERBS)} {verb}"
    obj = f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if rng.random() < 0.5:
        obj += f" {rng.choice(PREPS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}s"
    text = f"{subject} {verb} {obj}"
    if rng.random() < 0.25:
        text = f"{rng.choice(OPENERS)} {text}"
    if rng.random() < 0.2:
        text += f", which {rng.choice(VERBS)} the {rng.choice(NOUNS)}"
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, refs: list[str]) -> str:
    """Four to nine sentences; sometimes one cites a float ("Figure 2 shows", "(see Table 1)")."""
    sentences = [sentence(rng) for _ in range(rng.randint(4, 9))]
    if refs and rng.random() < 0.6:
        ref = rng.choice(refs)
        i = rng.randrange(len(sentences))
        if rng.random() < 0.5:
            sentences[i] = (
                f"{ref} shows that the {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(NOUNS)}."
            )
        else:
            sentences[i] = sentences[i][:-1] + f" (see {ref})."
    return " ".join(sentences)


def fill(template: str, rng: random.Random) -> str:
    """A caption topic with its placeholders drawn from the word lists."""
    a, b = rng.sample(METHODS, 2)
    d, d2 = rng.sample(DATASETS, 2)
    return template.format(
        a=a, b=b, d=d, d2=d2, x=rng.choice(XLABELS).lower(), y=rng.choice(YLABELS), n=rng.choice(NOUNS)
    )


# --- document style --------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """One venue's look: page, columns, fonts and caption conventions."""

    page: tuple[float, float]
    columns: int
    margin_x: float
    margin_top: float
    margin_bottom: float
    gutter: float
    body_font: str
    bold_font: str
    italic_font: str
    size: float
    leading: float
    justify: bool
    indent: bool
    caption_size: float
    fig_label: str  # "Figure {n}:" | "Fig. {n}." | "Fig. {n}:"
    tab_label: str  # "Table {n}:" | "Table {n}." | "TABLE {n}" (own line, Roman)
    bold_label: bool
    booktabs: float  # share of booktabs tables
    running_header: bool
    # --hard only (defaults leave the classic papers untouched)
    hard: bool = False
    layout: str = ""  # three-column | side-notes | landscape | two-column | one-column
    side_w: float = 0.0  # right-hand margin column for side notes
    logo: bool = False  # a logo image in the running header of every page
    footnotes: bool = False
    fig_cap_above: bool = False  # report style
    tab_cap_below: bool = False  # venue style


def make_style(rng: random.Random) -> Style:
    """A random but coherent venue style."""
    columns = rng.choice((1, 2, 2))
    serif = rng.random() < 0.8
    size = rng.uniform(9.0, 10.0) if columns == 2 else rng.uniform(10.0, 11.0)
    ieee = columns == 2 and rng.random() < 0.4
    return Style(
        page=rng.choice((LETTER, A4)),
        columns=columns,
        margin_x=rng.uniform(45, 60) if columns == 2 else rng.uniform(65, 90),
        margin_top=rng.uniform(50, 72),
        margin_bottom=rng.uniform(50, 72),
        gutter=rng.uniform(14, 24),
        body_font="tiro" if serif else "helv",
        bold_font="tibo" if serif else "hebo",
        italic_font="tiit" if serif else "heit",
        size=round(size, 1),
        leading=round(size * rng.uniform(1.15, 1.25), 2),
        justify=rng.random() < 0.8,
        indent=rng.random() < 0.6,
        caption_size=round(size - rng.choice((0.0, 0.5, 1.0)), 1),
        fig_label="Fig. {n}." if ieee else rng.choice(("Figure {n}:", "Figure {n}.", "Fig. {n}:")),
        tab_label="TABLE {n}" if ieee else rng.choice(("Table {n}:", "Table {n}.")),
        bold_label=not ieee and rng.random() < 0.5,
        booktabs=0.2 if ieee else 0.7,
        running_header=rng.random() < 0.5,
    )


FONTS: dict[str, pymupdf.Font] = {}


def font(name: str) -> pymupdf.Font:
    """Base-14 fonts, loaded once."""
    if name not in FONTS:
        FONTS[name] = pymupdf.Font(name)
    return FONTS[name]


Word = tuple[str, str]  # (text, font name)


def wrap(words: list[Word], size: float, width: float, indent: float = 0.0) -> list[list[Word]]:
    """Greedy line breaking (no hyphenation), the first line shortened by the indent."""
    lines: list[list[Word]] = []
    cur: list[Word] = []
    cur_w = 0.0
    for word in words:
        w = font(word[1]).text_length(word[0], fontsize=size)
        limit = width - (indent if not lines else 0.0)
        space = font(word[1]).text_length(" ", fontsize=size)
        if cur and cur_w + space + w > limit:
            lines.append(cur)
            cur, cur_w = [word], w
        else:
            cur_w = w if not cur else cur_w + space + w
            cur.append(word)
    if cur:
        lines.append(cur)
    return lines


def words_of(text: str, fontname: str) -> list[Word]:
    return [(w, fontname) for w in text.split()]


def line_width(line: list[Word], size: float) -> float:
    space = font(line[0][1]).text_length(" ", fontsize=size)
    return sum(font(f).text_length(t, fontsize=size) for t, f in line) + space * (len(line) - 1)


def draw_words(
    tw: pymupdf.TextWriter, x: float, baseline: float, line: list[Word], size: float, width: float, align: str
) -> pymupdf.Rect:
    """One line of words: justified (spaces stretched), centered or left; returns its text box."""
    natural = line_width(line, size)
    space = font(line[0][1]).text_length(" ", fontsize=size)
    if align == "center":
        x += (width - natural) / 2
    elif align == "justify" and len(line) > 1:
        space += (width - natural) / (len(line) - 1)
    box = pymupdf.Rect()
    for text, fontname in line:
        tw.append((x, baseline), text, font=font(fontname), fontsize=size)
        box |= text_rect(x, baseline, text, fontname, size)
        x += font(fontname).text_length(text, fontsize=size) + space
    return box


def text_rect(x: float, baseline: float, text: str, fontname: str, size: float) -> pymupdf.Rect:
    """A word's box from the font's ascender and descender (TextWriter.append reports its running total)."""
    f = font(fontname)
    return pymupdf.Rect(
        x, baseline - f.ascender * size, x + f.text_length(text, fontsize=size), baseline - f.descender * size
    )


# --- figures ---------------------------------------------------------------------------------


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _plot_line(ax: Any, rng: random.Random, np_rng: Any) -> None:
    import numpy as np

    x = np_rng.uniform(0.5, 2.0) * np.arange(1, rng.randint(8, 40) + 1)
    markers = rng.random() < 0.5
    for i, label in enumerate(rng.sample(METHODS, rng.randint(2, 4))):
        rate = np_rng.uniform(0.03, 0.3)
        y = 100 * (1 - np_rng.uniform(0.5, 0.9) * np.exp(-rate * x)) + np_rng.normal(0, 1.2, size=len(x))
        ax.plot(x, y, marker="os^dv"[i] if markers else None, markersize=3, label=label)
    ax.set_xlabel(rng.choice(XLABELS))
    ax.set_ylabel(rng.choice(YLABELS))
    if rng.random() < 0.4:
        ax.grid(alpha=0.3)
    ax.legend(loc=rng.choice(("lower right", "best", "center right")), fontsize="small")


def _plot_bar(ax: Any, rng: random.Random, np_rng: Any) -> None:
    cats = rng.sample(DATASETS, rng.randint(3, 5))
    series = rng.sample(METHODS, rng.randint(1, 3))
    width = 0.8 / len(series)
    for i, label in enumerate(series):
        xs = [c + i * width for c in range(len(cats))]
        ax.bar(xs, np_rng.uniform(40, 95, size=len(cats)), width=width, label=label)
    ax.set_xticks([c + width * (len(series) - 1) / 2 for c in range(len(cats))], cats, fontsize="small")
    ax.set_ylabel(rng.choice(YLABELS))
    ax.set_ylim(0, 125)  # headroom for the legend
    if len(series) > 1:
        ax.legend(fontsize="small", ncol=rng.choice((1, len(series))))


def _plot_scatter(ax: Any, rng: random.Random, np_rng: Any) -> None:
    for label in rng.sample(METHODS, rng.randint(2, 3)):
        cx, cy = np_rng.uniform(-3, 3, size=2)
        n = rng.randint(20, 80)
        ax.scatter(cx + np_rng.normal(0, 0.8, n), cy + np_rng.normal(0, 0.8, n), s=8, alpha=0.7, label=label)
    ax.set_xlabel(f"{rng.choice(NOUNS)} dimension 1")
    ax.set_ylabel(f"{rng.choice(NOUNS)} dimension 2")
    ax.legend(fontsize="small", markerscale=1.5)


def _plot_heatmap(ax: Any, rng: random.Random, np_rng: Any) -> None:
    rows, cols = rng.randint(4, 8), rng.randint(4, 8)
    image = ax.imshow(np_rng.random((rows, cols)), cmap=rng.choice(("viridis", "Blues", "magma")))
    ax.set_xticks(range(cols), [f"L{i}" for i in range(cols)], fontsize="small")
    ax.set_yticks(range(rows), [f"H{i}" for i in range(rows)], fontsize="small")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)


PLOTS: dict[str, Callable[[Any, random.Random, Any], None]] = {
    "line": _plot_line,
    "bar": _plot_bar,
    "scatter": _plot_scatter,
    "heatmap": _plot_heatmap,
}


def make_figure(kind: str, width: float, height: float, rng: random.Random) -> Any:
    """A matplotlib figure exactly ``width`` x ``height`` points (kind: a plot or grid-1x2/grid-2x2)."""
    import numpy as np

    plt = _pyplot()
    np_rng = np.random.default_rng(rng.randrange(2**32))
    if kind.startswith("grid"):
        rows, cols = (1, 2) if kind == "grid-1x2" else (2, 2)
        fig, axes = plt.subplots(rows, cols, figsize=(width / 72, height / 72))
        for i, ax in enumerate(axes.flat):
            PLOTS[rng.choice(("line", "bar", "scatter"))](ax, rng, np_rng)
            ax.set_title(f"({'abcd'[i]}) {rng.choice(DATASETS)}", fontsize="medium")
    else:
        fig, ax = plt.subplots(figsize=(width / 72, height / 72))
        PLOTS[kind](ax, rng, np_rng)
    if kind.startswith("grid") or rng.random() < 0.8:  # a crammed grid without it would be unreadable
        with warnings.catch_warnings():  # "Tight layout not applied" on a small figure: drawn as is
            warnings.simplefilter("ignore", UserWarning)
            fig.tight_layout()
    return fig


def figure_bytes(fig: Any, raster: bool, dpi: int) -> bytes:
    """PDF (vector) or PNG bytes of a figure, which is closed afterwards."""
    buf = io.BytesIO()
    if raster:
        fig.savefig(buf, format="png", dpi=dpi)
    else:
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
    _pyplot().close(fig)
    return buf.getvalue()


# --- tables ----------------------------------------------------------------------------------


@dataclass
class TableSpec:
    """A table's cells, fonts and geometry (computed once, drawn wherever it lands)."""

    cells: list[list[str]]
    bold: set[tuple[int, int]]
    booktabs: bool
    fontname: str
    boldname: str
    size: float
    pad: float
    col_widths: list[float]
    row_h: float

    @property
    def width(self) -> float:
        return sum(self.col_widths)

    @property
    def height(self) -> float:
        return self.row_h * len(self.cells)


def _cell_value(kind: str, rng: random.Random) -> str:
    if kind == "pct":
        return f"{rng.uniform(40, 99):.1f}"
    if kind == "prob":
        return f"{rng.uniform(0.3, 0.99):.3f}"
    if kind == "pm":
        return f"{rng.uniform(40, 99):.1f} ± {rng.uniform(0.1, 2.0):.1f}"
    if kind == "int":
        return str(rng.randint(2, 5000))
    if kind == "size":
        return f"{rng.uniform(1, 500):.1f}M"
    return rng.choice(("yes", "no", "Adam", "SGD", "high", "low", "n/a", "full"))


def make_table(style: Style, rng: random.Random) -> TableSpec:
    """Header plus 3-8 body rows, 3-6 columns: a method column then numeric or short-text cells."""
    ncols, nrows = rng.randint(3, 6), rng.randint(3, 8)
    first = rng.choice(("Method", "Model", "Dataset", "Setting"))
    header = [first, *rng.sample(METRICS, ncols - 1)]
    kinds = [rng.choice(("pct", "pct", "prob", "pm", "int", "size", "text")) for _ in range(ncols - 1)]
    names = list(DATASETS if first == "Dataset" else METHODS)
    rng.shuffle(names)
    body = [[names[r % len(names)], *(_cell_value(k, rng) for k in kinds)] for r in range(nrows)]
    cells = [header, *body]
    bold = {(0, c) for c in range(ncols)} if rng.random() < 0.5 else set()
    for c, k in enumerate(kinds, start=1):
        if k in ("pct", "prob") and rng.random() < 0.6:
            bold.add((rng.randint(1, nrows), c))
    size = max(7.0, style.size - rng.choice((0.5, 1.0, 1.5)))
    pad = rng.uniform(4, 8)
    spec = TableSpec(
        cells, bold, rng.random() < style.booktabs, style.body_font, style.bold_font, size, pad, [], 0
    )
    spec.col_widths = [
        max(font(_cell_font(spec, r, c)).text_length(row[c], fontsize=size) for r, row in enumerate(cells))
        + 2 * pad
        for c in range(ncols)
    ]
    spec.row_h = size * rng.uniform(1.4, 1.7)
    return spec


def _cell_font(spec: TableSpec, r: int, c: int) -> str:
    return spec.boldname if (r, c) in spec.bold else spec.fontname


def draw_table(page: pymupdf.Page, tw: pymupdf.TextWriter, spec: TableSpec, x0: float, top: float) -> BBox:
    """Rules with draw_line, cells as text; returns the extent of rules and cell text."""
    x1, bottom = x0 + spec.width, top + spec.height
    box = pymupdf.Rect(x0, top, x1, bottom)
    ys = [top + r * spec.row_h for r in range(len(spec.cells) + 1)]
    if spec.booktabs:
        rules = [(ys[0], 0.8), (ys[1], 0.5), (ys[-1], 0.8)]
    else:
        rules = [(y, 0.5) for y in ys]
        xs = [x0]
        for w in spec.col_widths:
            xs.append(xs[-1] + w)
        for x in xs:
            page.draw_line((x, top), (x, bottom), width=0.5)
    for y, lw in rules:
        page.draw_line((x0, y), (x1, y), width=lw)
    for r, row in enumerate(spec.cells):
        baseline = ys[r] + spec.row_h / 2 + spec.size * 0.35
        x = x0
        for c, text in enumerate(row):
            fontname = _cell_font(spec, r, c)
            w = spec.col_widths[c]
            tw_len = font(fontname).text_length(text, fontsize=spec.size)
            left = x + (w - tw_len) / 2 if c else x + spec.pad  # first column flush left
            tw.append((left, baseline), text, font=font(fontname), fontsize=spec.size)
            box |= text_rect(left, baseline, text, fontname, spec.size)
            x += w
    return BBox(box.x0, box.y0, box.x1, box.y1)


# --- floats and captions ---------------------------------------------------------------------

FLOAT_GAP = 12.0  # between a float and the text around it
CAPTION_GAP = 6.0  # between a float's body and its caption


@dataclass
class Float:
    """A figure or table with its caption, ready to be drawn at any position."""

    kind: str  # figure | table
    label: str
    caption: str
    caption_lines: list[list[Word]]
    caption_size: float
    caption_width: float
    width: float
    height: float
    wide: bool
    draw: Callable[[pymupdf.Page, pymupdf.TextWriter, float, float], BBox]  # (page, tw, x0, top) -> GT box
    meta: dict[str, Any]
    position: str = "top"  # where a full-width float goes on its page
    # --hard: draws body and captions itself, returns GT entries; ``height`` is then the total height
    compose: Callable[[Canvas, float, float, float], list[dict[str, Any]]] | None = None

    @property
    def caption_height(self) -> float:
        return len(self.caption_lines) * self.caption_size * 1.2

    @property
    def total(self) -> float:
        if self.compose is not None:
            return self.height
        return self.height + CAPTION_GAP + self.caption_height


def caption_words(style: Style, label: str, rng: random.Random, topic: str, width: float) -> list[Word]:
    """Label plus a topic, padded with sentences to one or two lines."""
    label_font = style.bold_font if style.bold_label else style.body_font
    head = words_of(label, label_font)
    parts = [topic]
    target = rng.choice((1, 1, 2))
    for _ in range(4):
        candidate = [*parts, sentence(rng)]
        if (
            len(wrap(head + words_of(" ".join(candidate), style.body_font), style.caption_size, width))
            > target
        ):
            break
        parts = candidate
    return head + words_of(" ".join(parts), style.body_font)


def make_caption(style: Style, kind: str, number: int, rng: random.Random, width: float) -> tuple:
    """(label, caption text, caption lines): "Figure 3: ...", "Fig. 3. ...", "TABLE II" on its own line."""
    if kind == "figure":
        printed = style.fig_label.format(n=number)
        label = f"Figure {number}"
        words = caption_words(style, printed, rng, fill(rng.choice(FIG_TOPICS), rng), width)
        lines = wrap(words, style.caption_size, width)
    elif style.tab_label.startswith("TABLE"):
        printed = f"TABLE {ROMAN[number]}"
        label = f"Table {ROMAN[number]}"
        title = words_of(fill(rng.choice(TAB_TOPICS), rng), style.body_font)
        words = [*words_of(printed, style.body_font), *title]
        lines = [words_of(printed, style.body_font), *wrap(title, style.caption_size, width)]
    else:
        printed = style.tab_label.format(n=number)
        label = f"Table {number}"
        words = caption_words(style, printed, rng, fill(rng.choice(TAB_TOPICS), rng), width)
        lines = wrap(words, style.caption_size, width)
    return label, " ".join(w for w, _ in words), lines


FIGURE_KINDS = (
    "line",
    "line",
    "line",
    "bar",
    "bar",
    "scatter",
    "heatmap",
    "grid-1x2",
    "grid-1x2",
    "grid-2x2",
)
ASPECT = {
    "line": (0.6, 0.8),
    "bar": (0.55, 0.75),
    "scatter": (0.7, 0.9),
    "heatmap": (0.75, 0.95),
    "grid-1x2": (0.38, 0.5),
    "grid-2x2": (0.7, 0.85),
}


def figure_float(style: Style, geo: Geometry, number: int, rng: random.Random) -> Float:
    """A matplotlib figure (vector, or a PNG a quarter of the time) sized for a column or the page."""
    kind = rng.choice(FIGURE_KINDS)
    raster = rng.random() < 0.25
    two = style.columns == 2
    # panel grids span both columns: at default font sizes they are unreadable in one
    wide = two and (kind.startswith("grid") or rng.random() < 0.15)
    avail = geo.text_w if wide or not two else geo.col_w
    if not two:
        frac = rng.uniform(0.85, 1.0) if kind.startswith("grid") else rng.uniform(0.5, 0.8)
    else:
        frac = rng.uniform(0.6, 1.0) if wide else rng.uniform(0.85, 1.0)
    width = avail * frac
    height = width * rng.uniform(*ASPECT[kind])
    limit = geo.text_h * (0.35 if wide else 0.45)
    if height > limit:
        width, height = width * limit / height, limit
    width, height = round(width, 1), round(height, 1)
    data = figure_bytes(make_figure(kind, width, height, rng), raster, rng.choice((100, 150, 200)))
    cap_w = avail if two else geo.text_w * rng.uniform(0.85, 1.0)
    label, caption, lines = make_caption(style, "figure", number, rng, cap_w)

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, x0: float, top: float) -> BBox:
        rect = pymupdf.Rect(x0, top, x0 + width, top + height)
        if raster:
            page.insert_image(rect, stream=data)
        else:
            with pymupdf.open("pdf", data) as src:
                page.show_pdf_page(rect, src, 0)
        return BBox(rect.x0, rect.y0, rect.x1, rect.y1)

    meta = {"style": f"{'raster' if raster else 'vector'}-{kind}", "wide": wide}
    return Float("figure", label, caption, lines, style.caption_size, cap_w, width, height, wide, draw, meta)


def table_float(style: Style, geo: Geometry, number: int, rng: random.Random) -> Float:
    """A booktabs or fully ruled table; full width in two columns when it does not fit a column."""
    spec = make_table(style, rng)
    while spec.width > geo.text_w * 0.95:
        spec = make_table(style, rng)
    two = style.columns == 2
    wide = two and (spec.width > geo.col_w or rng.random() < 0.15)
    avail = geo.text_w if wide or not two else geo.col_w
    cap_w = avail if two else geo.text_w * rng.uniform(0.85, 1.0)
    label, caption, lines = make_caption(style, "table", number, rng, cap_w)

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, x0: float, top: float) -> BBox:
        return draw_table(page, tw, spec, x0, top)

    meta = {
        "style": "booktabs" if spec.booktabs else "grid",
        "wide": wide,
        "rows": len(spec.cells),
        "cols": len(spec.cells[0]),
        "cell_texts": [c for row in spec.cells for c in row],
    }
    return Float(
        "table", label, caption, lines, style.caption_size, cap_w, spec.width, spec.height, wide, draw, meta
    )


# --- page composition ------------------------------------------------------------------------


@dataclass(frozen=True)
class Geometry:
    """Text block and column positions of a style's page."""

    style: Style

    @property
    def text_w(self) -> float:
        return self.style.page[0] - 2 * self.style.margin_x - self.style.side_w

    @property
    def text_h(self) -> float:
        return self.style.page[1] - self.style.margin_top - self.style.margin_bottom

    @property
    def col_w(self) -> float:
        return (self.text_w - self.style.gutter * (self.style.columns - 1)) / self.style.columns

    def col_x(self, col: int) -> float:
        return self.style.margin_x + col * (self.col_w + self.style.gutter)


@dataclass
class Composer:
    """Flows text through columns and pages; places floats here, at the next column top, or (full
    width) at the top or bottom of the next page; records the ground truth as it draws."""

    style: Style
    title: str
    doc: pymupdf.Document = field(default_factory=pymupdf.open)
    page: pymupdf.Page | None = None
    tw: pymupdf.TextWriter | None = None
    col: int = 0
    y: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    pending_col: list[Float] = field(default_factory=list)
    pending_wide: list[Float] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    reading_order: list[str] = field(default_factory=list)
    sequence: list[dict[str, Any]] = field(default_factory=list)
    tail: list[dict[str, Any]] = field(default_factory=list)  # sequence items after the page's text
    others: list[dict[str, Any]] = field(
        default_factory=list
    )  # --hard: algorithms (neither figure nor table)
    pending_rotated: list[Float] = field(default_factory=list)  # --hard: sideways tables, own /Rotate 90 page
    rng: random.Random | None = None  # --hard: side notes and footnotes
    logo_xref: int = 0
    side_y: float = 0.0  # --hard: where the next side note may start

    @property
    def geo(self) -> Geometry:
        return Geometry(self.style)

    @property
    def page_no(self) -> int:
        return self.page.number if self.page is not None else -1

    def finish_page(self) -> None:
        if self.page is not None and self.tw is not None:
            self.tw.write_text(self.page)
        self.sequence += self.tail
        self.tail = []

    def new_page(self) -> None:
        """Furniture, then one pending full-width float (top or bottom), then pending column floats."""
        self.finish_page()
        while self.pending_rotated:
            rotated_page(self, self.pending_rotated.pop(0))
        s = self.style
        self.page = self.doc.new_page(width=s.page[0], height=s.page[1])
        self.tw = pymupdf.TextWriter(self.page.rect)
        self.furniture()
        self.top, self.bottom = s.margin_top, s.page[1] - s.margin_bottom
        if s.hard:
            hard_furniture(self)
        if self.page_no > 0 and self.pending_wide:
            f = self.pending_wide.pop(0)
            if f.position == "top":
                self.draw_float(f, s.margin_x, self.geo.text_w, self.top, self.sequence)
                self.top += f.total + FLOAT_GAP
            else:
                self.draw_float(f, s.margin_x, self.geo.text_w, self.bottom - f.total, self.tail)
                self.bottom -= f.total + FLOAT_GAP
        self.col, self.y = 0, self.top
        self.place_pending()

    def furniture(self) -> None:
        """Page number at the foot; a running header (sometimes ruled) from page 2 on."""
        assert self.page is not None and self.tw is not None
        s, size = self.style, self.style.size - 1
        number = str(self.page_no + 1)
        x = (s.page[0] - font(s.body_font).text_length(number, fontsize=size)) / 2
        self.tw.append((x, s.page[1] - s.margin_bottom / 2), number, font=font(s.body_font), fontsize=size)
        if s.running_header and self.page_no > 0:
            y = s.margin_top / 2
            self.tw.append((s.margin_x, y), self.title[:70], font=font(s.italic_font), fontsize=size)
            if len(self.title) % 2:
                self.page.draw_line((s.margin_x, y + 4), (s.page[0] - s.margin_x, y + 4), width=0.4)

    def draw_float(self, f: Float, x0: float, avail: float, top: float, seq: list[dict[str, Any]]) -> None:
        """Body and caption (figure captions below, table captions above) centred in ``avail``."""
        assert self.page is not None and self.tw is not None
        if f.compose is not None:
            self.record(f.compose(Canvas(self.page, self.tw), x0, avail, top), self.page_no + 1, seq)
            return
        body_top = top if f.kind == "figure" else top + f.caption_height + CAPTION_GAP
        cap_top = top + f.height + CAPTION_GAP if f.kind == "figure" else top
        box = f.draw(self.page, self.tw, x0 + (avail - f.width) / 2, body_top)
        cap_x = x0 + (avail - f.caption_width) / 2
        self.caption(f, cap_x, cap_top)
        entry = {
            "page": self.page_no + 1,
            "bbox": [round(v, 2) for v in (box.x0, box.top, box.x1, box.bottom)],
            "caption": f.caption,
            "label": f.label,
            **f.meta,
        }
        target = self.figures if f.kind == "figure" else self.tables
        seq.append({"type": f.kind, "page": self.page_no + 1, "index": len(target)})
        seq.append({"type": "text", "label": "caption", "page": self.page_no + 1, "text": f.caption[:60]})
        target.append(entry)

    def record(self, entries: list[dict[str, Any]], page: int, seq: list[dict[str, Any]]) -> None:
        """GT entries of a --hard float (figures, tables, algorithms) with their sequence items."""
        for e in entries:
            kind, box = e.pop("kind"), e.pop("bbox")
            target = {"figure": self.figures, "table": self.tables}.get(kind, self.others)
            entry = {"page": page, "bbox": [round(v, 2) for v in box], "caption": e.pop("caption"), **e}
            entry["layout"] = "rotated" if e.get("rotated") else self.style.layout
            seq.append(
                {"type": kind if kind in ("figure", "table") else "other", "page": page, "index": len(target)}
            )
            seq.append({"type": "text", "label": "caption", "page": page, "text": entry["caption"][:60]})
            target.append(entry)

    def caption(self, f: Float, x: float, top: float) -> None:
        assert self.tw is not None
        lead = f.caption_size * 1.2
        many = len(f.caption_lines) > 1 and not f.caption.startswith("TABLE")
        for i, line in enumerate(f.caption_lines):
            last = i == len(f.caption_lines) - 1
            align = "justify" if many and not last and self.style.justify else "left" if many else "center"
            baseline = top + i * lead + f.caption_size
            draw_words(self.tw, x, baseline, line, f.caption_size, f.caption_width, align)

    def place_pending(self) -> None:
        """Column floats waiting for room go to the top of this column, in order."""
        while self.pending_col and (
            self.y + self.pending_col[0].total <= self.bottom or self.y == self.top  # never loop forever
        ):
            f = self.pending_col.pop(0)
            self.draw_float(f, self.col_x, self.col_avail, self.y, self.sequence)
            self.y += f.total + FLOAT_GAP

    @property
    def col_x(self) -> float:
        return self.geo.col_x(self.col)

    @property
    def col_avail(self) -> float:
        return self.geo.col_w

    def next_column(self) -> None:
        self.col += 1
        if self.col >= self.style.columns:
            self.new_page()
        else:
            self.y = self.top
            self.place_pending()

    def add_float(self, f: Float, here: bool) -> None:
        """Here if asked and it fits, else queued (full-width floats always go to a later page)."""
        if f.meta.get("rotated"):
            self.pending_rotated.append(f)
        elif f.wide:
            self.pending_wide.append(f)
        elif here and not self.pending_col and self.y + FLOAT_GAP + f.total <= self.bottom:
            self.y += FLOAT_GAP if self.y > self.top else 0
            self.draw_float(f, self.col_x, self.col_avail, self.y, self.sequence)
            self.y += f.total + FLOAT_GAP
        else:
            self.pending_col.append(f)

    def text(
        self, text: str, label: str, fontname: str, size: float, align: str, indent: float = 0.0
    ) -> None:
        """A block of wrapped lines flowing on through columns and pages."""
        assert self.tw is not None
        lead = self.style.leading * size / self.style.size
        lines = wrap(words_of(text, fontname), size, self.col_avail, indent)
        if self.y + lead > self.bottom:
            self.next_column()
        if self.style.side_w and label == "text":
            side_note(self)
        self.sequence.append({"type": "text", "label": label, "page": self.page_no + 1, "text": text[:60]})
        self.reading_order.append(text[:60])
        for i, line in enumerate(lines):
            if self.y + lead > self.bottom:
                self.next_column()
            last = i == len(lines) - 1
            shift = indent if i == 0 else 0.0
            how = "left" if last and align == "justify" else align
            draw_words(self.tw, self.col_x + shift, self.y + size, line, size, self.col_avail - shift, how)
            self.y += lead

    def heading(self, text: str, size: float) -> None:
        """Bold heading kept with at least two lines of what follows."""
        s = self.style
        if self.y + size * 2 + 3 * s.leading > self.bottom:
            self.next_column()
        if self.y > self.top:
            self.y += size * 0.9
        self.text(text, "section_header", s.bold_font, size, "left")
        self.y += size * 0.35

    def title_block(self, authors: str) -> None:
        """Centred title and authors across the full text width on page 1."""
        assert self.tw is not None
        s, g = self.style, self.geo
        size = s.size + rng_size(self.title)
        y = s.margin_top
        for line in wrap(words_of(self.title, s.bold_font), size, g.text_w * 0.85):
            draw_words(self.tw, s.margin_x, y + size, line, size, g.text_w, "center")
            y += size * 1.25
        y += 6
        for line in wrap(words_of(authors, s.body_font), s.size + 1, g.text_w * 0.9):
            draw_words(self.tw, s.margin_x, y + s.size + 1, line, s.size + 1, g.text_w, "center")
            y += (s.size + 1) * 1.3
        self.sequence.append({"type": "text", "label": "title", "page": 1, "text": self.title[:60]})
        self.reading_order.append(self.title[:60])
        self.top = self.y = y + 18

    def flush(self) -> None:
        """Place every float still waiting, then close the last page."""
        while self.pending_col or self.pending_wide:
            self.next_column()
        self.finish_page()
        while self.pending_rotated:
            rotated_page(self, self.pending_rotated.pop(0))


def rng_size(title: str) -> float:
    """Title size from the title itself (keeps the composer free of hidden randomness)."""
    return 5.0 + len(title) % 4


# --- documents -------------------------------------------------------------------------------


def cite(style: Style, f: Float) -> str:
    """How body text names a float: "Fig. 2", "Figure 2", "Table 3", "Table II"."""
    number = f.label.split()[-1]
    if f.kind == "algorithm":
        return f.label
    if f.kind == "figure":
        return f"{'Fig.' if style.fig_label.startswith('Fig.') else 'Figure'} {number}"
    return f"Table {number}"


def outline(rng: random.Random) -> list[tuple[str, int]]:
    """(heading, paragraphs) per section and subsection, numbered as papers do."""
    middle = sorted(rng.sample(range(1, len(SECTIONS)), rng.randint(2, 4)))
    names = [SECTIONS[0], *(SECTIONS[i] for i in middle), "Conclusion"]
    out = []
    for i, name in enumerate(names, start=1):
        out.append((f"{i} {name}", rng.randint(2, 4)))
        if 1 < i < len(names) and rng.random() < 0.4:
            for j, sub in enumerate(rng.sample(SUBSECTIONS, rng.randint(1, 2)), start=1):
                out.append((f"{i}.{j} {sub}", rng.randint(1, 2)))
    return out


def build_document(path: Path, rng: random.Random, hard: bool = False) -> dict[str, Any]:
    """Typeset one paper into ``path`` and return its ground truth (``hard``: report-like layouts)."""
    style = make_hard_style(rng) if hard else make_style(rng)
    geo = Geometry(style)
    title = " ".join(w.capitalize() for w in sentence(rng)[:-1].split()[: rng.randint(5, 10)])
    comp = Composer(style, title)
    if hard:
        comp.rng = rng
    comp.new_page()
    authors = ", ".join(
        f"{rng.choice('ABCDEFGHJKLMNPRST')}. {rng.choice(NOUNS).capitalize()}man" for _ in range(3)
    )
    comp.title_block(authors)
    sections = outline(rng)
    n_par = sum(n for _, n in sections)
    floats = hard_floats(style, geo, rng) if hard else paper_floats(style, geo, rng)
    anchors = sorted(rng.randrange(1, max(2, n_par - 1)) for _ in floats)
    comp.text("Abstract", "section_header", style.bold_font, style.size + 0.5, "left")
    comp.y += 3
    comp.text(paragraph(rng, []), "text", style.body_font, style.size, "justify" if style.justify else "left")
    par = 0
    for heading, count in sections:
        comp.heading(heading, style.size + (1.5 if heading.split()[0].isdigit() else 0.5))
        for k in range(count):
            due = [f for f, a in zip(floats, anchors, strict=True) if a <= par]
            indent = style.size * 1.5 if style.indent and k > 0 else 0.0
            align = "justify" if style.justify else "left"
            comp.text(
                paragraph(rng, [cite(style, f) for f in due]),
                "text",
                style.body_font,
                style.size,
                align,
                indent,
            )
            if not style.indent:
                comp.y += style.size * 0.6
            for f, a in zip(floats, anchors, strict=True):
                if a == par:
                    comp.add_float(f, here=rng.random() < 0.6)
            par += 1
    if rng.random() < 0.5:
        references(comp, rng)
    comp.flush()
    comp.doc.save(path, garbage=3, deflate=True)
    gt: dict[str, Any] = {
        "pages": comp.doc.page_count,
        "page_sizes": {
            str(i + 1): [round(p.rect.width, 2), round(p.rect.height, 2)] for i, p in enumerate(comp.doc)
        },
        "figures": comp.figures,
        "tables": comp.tables,
        "reading_order": comp.reading_order,
        "sequence": comp.sequence,
        "gt_source": {"kind": "synthetic", "human_annotated": False, "generator": "benchmarks/figgen.py"},
        "layout": {"columns": style.columns, "page": list(style.page), "justify": style.justify},
    }
    if hard:
        gt["others"] = comp.others
        gt["layout"].update(name=style.layout, side_notes=bool(style.side_w), logo=style.logo)
    comp.doc.close()
    return gt


def paper_floats(style: Style, geo: Geometry, rng: random.Random) -> list[Float]:
    """The classic mix: 2-5 figures and 1-3 tables, each at the top or bottom when full width."""
    kinds = ["figure"] * rng.randint(2, 5) + ["table"] * rng.randint(1, 3)
    rng.shuffle(kinds)
    floats, counts = [], {"figure": 0, "table": 0}
    for kind in kinds:
        counts[kind] += 1
        make = figure_float if kind == "figure" else table_float
        f = make(style, geo, counts[kind], rng)
        f.position = rng.choice(("top", "top", "bottom"))
        floats.append(f)
    return floats


def references(comp: Composer, rng: random.Random) -> None:
    """A short reference list in a smaller size, ragged right."""
    s = comp.style
    comp.heading("References", s.size + 1.5)
    for i in range(1, rng.randint(4, 9)):
        who = f"{rng.choice('ABCDEFGHJKLMNPRST')}. {rng.choice(NOUNS).capitalize()}"
        what = sentence(rng)[:-1]
        venue = f"In Proc. {rng.choice(DATASETS)}, 20{rng.randint(10, 24)}."
        entry = f"[{i}] {who} and {rng.choice(NOUNS).capitalize()}. {what}. {venue}"
        comp.text(entry, "text", s.body_font, s.size - 1, "left")


def generate(out: Path, count: int, seed: int, hard: bool = False) -> list[tuple[Path, Path]]:
    """``count`` papers into ``out``: NAME.pdf and NAME.gt.json, each from its own derived seed."""
    out.mkdir(parents=True, exist_ok=True)
    pairs = []
    for i in range(count):
        rng = random.Random(f"figgen-hard-{seed}-{i}" if hard else f"figgen-{seed}-{i}")
        pdf = out / (f"figgen_hard_s{seed}_{i:03d}.pdf" if hard else f"figgen_s{seed}_{i:03d}.pdf")
        gt = build_document(pdf, rng, hard)
        gt_path = pdf.with_name(pdf.stem + ".gt.json")
        gt_path.write_text(json.dumps(gt, indent=1))
        pairs.append((pdf, gt_path))
    return pairs


# --- hard mode: report layouts, composite floats, new float kinds ------------------------------
#
# Everything below runs only with --hard, so the classic papers of a seed stay as they were.


def make_hard_style(rng: random.Random) -> Style:
    """A classic style pushed to the layouts reports and magazines use (drawn after the classic one)."""
    base = make_style(rng)
    layout = rng.choice(("three-column", "side-notes", "landscape", "two-column", "one-column"))
    changes: dict[str, Any] = {
        "hard": True,
        "layout": layout,
        "logo": rng.random() < 0.6,
        "footnotes": rng.random() < 0.5,
        "fig_cap_above": rng.random() < 0.25,
        "tab_cap_below": rng.random() < 0.3,
        "running_header": True,
    }
    if layout == "three-column":
        size = rng.uniform(8.5, 9.5)
        changes.update(columns=3, margin_x=rng.uniform(36, 48), gutter=rng.uniform(10, 16))
    elif layout == "side-notes":
        size = rng.uniform(10.0, 10.5)
        changes.update(columns=1, margin_x=rng.uniform(45, 60), side_w=rng.uniform(110, 150))
    elif layout == "landscape":
        size = rng.uniform(9.0, 10.0)
        page = rng.choice((LETTER, A4))
        changes.update(page=(page[1], page[0]), columns=rng.choice((2, 3)), margin_x=rng.uniform(45, 60))
    else:
        columns = 2 if layout == "two-column" else 1
        size = base.size
        changes.update(columns=columns, margin_x=rng.uniform(45, 60) if columns == 2 else rng.uniform(65, 90))
    size = round(size, 1)
    changes.update(
        size=size,
        leading=round(size * rng.uniform(1.15, 1.25), 2),
        caption_size=round(size - rng.choice((0.0, 0.5, 1.0)), 1),
    )
    return replace(base, **changes)


@dataclass
class Canvas:
    """Where --hard floats draw: a page and its text writer, through the derotation of a /Rotate 90 page.

    Coordinates are always those of the displayed page, as the ground truth is."""

    page: pymupdf.Page
    tw: pymupdf.TextWriter
    matrix: pymupdf.Matrix | None = None  # displayed -> unrotated page space

    def _r(self, r: pymupdf.Rect) -> pymupdf.Rect:
        return r * self.matrix if self.matrix is not None else r

    def line(self, a: tuple[float, float], b: tuple[float, float], width: float = 0.5) -> pymupdf.Rect:
        pa, pb = pymupdf.Point(a), pymupdf.Point(b)
        if self.matrix is not None:
            pa, pb = pa * self.matrix, pb * self.matrix
        self.page.draw_line(pa, pb, width=width)
        return pymupdf.Rect(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))

    def rect(
        self, r: pymupdf.Rect, fill: tuple | None = None, color: tuple | None = (0, 0, 0), **kw: Any
    ) -> pymupdf.Rect:
        self.page.draw_rect(self._r(r), color=color, fill=fill, width=0.6 if color else 0, **kw)
        return pymupdf.Rect(r)

    def polygon(self, points: list[tuple[float, float]]) -> None:
        pts = [
            pymupdf.Point(p) * self.matrix if self.matrix is not None else pymupdf.Point(p) for p in points
        ]
        self.page.draw_polyline(pts, color=(0, 0, 0), fill=(0, 0, 0), closePath=True, width=0.3)

    def text(self, x: float, baseline: float, text: str, fontname: str, size: float) -> pymupdf.Rect:
        self.tw.append((x, baseline), text, font=font(fontname), fontsize=size)
        return text_rect(x, baseline, text, fontname, size)

    def centred(self, cx: float, baseline: float, text: str, fontname: str, size: float) -> pymupdf.Rect:
        return self.text(
            cx - font(fontname).text_length(text, fontsize=size) / 2, baseline, text, fontname, size
        )


@dataclass
class Body:
    """The drawable part of a float (plot, photo, diagram, table, panel row) and its size."""

    width: float
    height: float
    style: str
    draw: Callable[[Canvas, float, float], pymupdf.Rect]  # (canvas, x0, top) -> exact drawn extent


@dataclass
class Caption:
    label: str
    text: str
    lines: list[list[Word]]
    size: float
    width: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * 1.2


def hard_caption(style: Style, kind: str, number: int, rng: random.Random, width: float) -> Caption:
    label, text, lines = make_caption(style, kind, number, rng, width)
    return Caption(label, text, lines, style.caption_size, width)


def put_caption(cv: Canvas, cap: Caption, x: float, top: float, justify: bool, centre: bool = True) -> None:
    """Caption lines as the classic composer sets them (short: centred; long: justified); beside: left."""
    many = len(cap.lines) > 1 and not cap.text.startswith("TABLE")
    for i, line in enumerate(cap.lines):
        last = i == len(cap.lines) - 1
        align = "justify" if many and not last and justify else "left" if many or not centre else "center"
        draw_words(cv.tw, x, top + i * cap.size * 1.2 + cap.size, line, cap.size, cap.width, align)


def entry(kind: str, box: pymupdf.Rect, cap: Caption | None, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": kind,
        "bbox": (box.x0, box.y0, box.x1, box.y1),
        "caption": cap.text if cap else "",
        "label": cap.label if cap else "",
        **meta,
    }


def _no_draw(page: pymupdf.Page, tw: pymupdf.TextWriter, x0: float, top: float) -> BBox:
    raise AssertionError("composite floats draw through compose")


def composite(
    kind: str, cap: Caption, width: float, total: float, wide: bool, compose: Callable, meta: dict[str, Any]
) -> Float:
    """A Float that draws itself (``total``: its full height with captions)."""
    return Float(
        kind, cap.label, cap.text, [], cap.size, width, width, total, wide, _no_draw, meta, compose=compose
    )


# bodies


def plot_body(kind: str, width: float, height: float, raster: bool, rng: random.Random) -> Body:
    """A matplotlib plot, vector or PNG, drawn into exactly its rectangle."""
    data = figure_bytes(make_figure(kind, width, height, rng), raster, rng.choice((100, 150)))

    def draw(cv: Canvas, x0: float, top: float) -> pymupdf.Rect:
        rect = pymupdf.Rect(x0, top, x0 + width, top + height)
        if raster:
            cv.page.insert_image(rect, stream=data)
        else:
            with pymupdf.open("pdf", data) as src:
                cv.page.show_pdf_page(rect, src, 0)
        return rect

    return Body(width, height, f"{'raster' if raster else 'vector'}-{kind}", draw)


def photo_bytes(w_px: int, h_px: int, rng: random.Random) -> bytes:
    """A photo-like image: a colour gradient, soft blobs and sensor noise (JPEG or PNG)."""
    import numpy as np
    from PIL import Image

    np_rng = np.random.default_rng(rng.randrange(2**32))
    yy, xx = np.mgrid[0:h_px, 0:w_px].astype(np.float32)
    angle = np_rng.uniform(0, np.pi)
    t = (xx * np.cos(angle) + yy * np.sin(angle)) / (w_px + h_px)
    c0, c1 = np_rng.uniform(0, 255, 3), np_rng.uniform(0, 255, 3)
    img = c0 * (1 - t[..., None]) + c1 * t[..., None]
    for _ in range(rng.randint(3, 8)):
        cx, cy = np_rng.uniform(0, w_px), np_rng.uniform(0, h_px)
        sigma = np_rng.uniform(0.05, 0.25) * max(w_px, h_px)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * sigma**2))
        img += blob[..., None] * (np_rng.uniform(0, 255, 3) - img) * 0.8
    img += np_rng.normal(0, 10, img.shape)
    buf = io.BytesIO()
    pic = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if rng.random() < 0.6:
        pic.save(buf, format="JPEG", quality=80)
    else:
        pic.save(buf, format="PNG")
    return buf.getvalue()


def photo_body(width: float, height: float, rng: random.Random) -> Body:
    data = photo_bytes(int(width * 1.5), int(height * 1.5), rng)

    def draw(cv: Canvas, x0: float, top: float) -> pymupdf.Rect:
        rect = pymupdf.Rect(x0, top, x0 + width, top + height)
        cv.page.insert_image(rect, stream=data)
        return rect

    return Body(width, height, "photo", draw)


FLOW_STEPS = (
    "Input image",
    "Tokenizer",
    "Encoder",
    "Cross-attention",
    "Decoder",
    "Loss",
    "Data loader",
    "Augmentation",
    "Feature extractor",
    "Classifier",
    "Prediction",
    "Memory bank",
    "Teacher model",
    "Student model",
    "Filter",
    "Ranking",
    "Output",
    "Retriever",
)


def flowchart_body(width: float, rng: random.Random) -> Body:
    """A block diagram drawn on the page: labelled boxes in a snake, arrows, labels on some arrows."""
    cols = rng.randint(3, 4) if width > 260 else 2
    rows = rng.randint(1, 3) if cols > 2 else rng.randint(2, 3)
    gap_x, gap_y = rng.uniform(18, 28), rng.uniform(18, 26)
    box_w, box_h = (width - (cols - 1) * gap_x) / cols, rng.uniform(22, 30)
    height = rows * box_h + (rows - 1) * gap_y
    n = rows * cols - (rng.randint(0, cols - 1) if rows > 1 else 0)
    labels = rng.sample(FLOW_STEPS, n)
    fill = rng.choice((None, (0.9, 0.94, 1.0), (0.95, 0.95, 0.95)))
    size = 7.0

    def cell(i: int, x0: float, top: float) -> pymupdf.Rect:
        r, c = divmod(i, cols)
        c = c if r % 2 == 0 else cols - 1 - c  # snake: every other row runs right to left
        return pymupdf.Rect(x0 + c * (box_w + gap_x), top + r * (box_h + gap_y), 0, 0)

    def draw(cv: Canvas, x0: float, top: float) -> pymupdf.Rect:
        ext = pymupdf.Rect()
        boxes = []
        for i, label in enumerate(labels):
            corner = cell(i, x0, top)
            rect = pymupdf.Rect(corner.x0, corner.y0, corner.x0 + box_w, corner.y0 + box_h)
            ext |= cv.rect(rect, fill=fill, radius=0.15)
            words = label.split() if font("helv").text_length(label, fontsize=size) > box_w - 4 else [label]
            for j, w in enumerate(words):
                base = rect.y0 + box_h / 2 + size * 0.35 + (j - (len(words) - 1) / 2) * size * 1.1
                ext |= cv.centred(rect.x0 + box_w / 2, base, w, "helv", size)
            boxes.append(rect)
        for a, b in itertools.pairwise(boxes):
            if abs(a.y0 - b.y0) < 1:  # same row: horizontal arrow
                sx, ex = (a.x1, b.x0) if b.x0 > a.x0 else (a.x0, b.x1)
                y = a.y0 + box_h / 2
                ext |= arrow(cv, (sx, y), (ex, y))
                if rng.random() < 0.3:
                    ext |= cv.centred((sx + ex) / 2, y - 2.5, rng.choice(("yes", "x", "h", "z")), "helv", 6)
            else:
                x = a.x0 + box_w / 2
                ext |= arrow(cv, (x, a.y1), (x, b.y0))
                if rng.random() < 0.3:
                    ext |= cv.text(
                        x + 3, (a.y1 + b.y0) / 2 + 2, rng.choice(("no", "loss", "update")), "helv", 6
                    )
        return ext

    return Body(width, height, "flowchart", draw)


def arrow(cv: Canvas, a: tuple[float, float], b: tuple[float, float]) -> pymupdf.Rect:
    """A line with a filled head at ``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    ux, uy = dx / norm, dy / norm
    back = (b[0] - 4 * ux, b[1] - 4 * uy)
    ext = cv.line(a, back, width=0.7)
    cv.polygon([b, (back[0] - 2 * uy, back[1] + 2 * ux), (back[0] + 2 * uy, back[1] - 2 * ux)])
    return ext | pymupdf.Rect(b, b)


SUBCAPS = (
    "Training loss",
    "Validation accuracy",
    "Test error",
    "Attention map",
    "Input",
    "Reconstruction",
    "Ground truth",
    "Prediction",
    "Learning rate",
    "Throughput",
)


def panels_body(style: Style, width: float, k: int, rng: random.Random) -> Body:
    """``k`` panels in a row, each a separate plot or photo with "(a) ..." text under it."""
    gap = rng.uniform(8, 16)
    pw = (width - (k - 1) * gap) / k
    ph = min(pw * rng.uniform(0.7, 0.9), 160.0)
    photos = rng.random() < 0.3
    raster = rng.random() < 0.25
    panels = [
        photo_body(pw, ph, rng)
        if photos
        else plot_body(rng.choice(("line", "bar", "scatter")), pw, ph, raster, rng)
        for _ in range(k)
    ]
    subs = [f"({'abcd'[i]}) {s}" for i, s in enumerate(rng.sample(SUBCAPS, k))]
    size = max(7.0, style.caption_size - 0.5)

    def draw(cv: Canvas, x0: float, top: float) -> pymupdf.Rect:
        ext = pymupdf.Rect()
        for i, (panel, sub) in enumerate(zip(panels, subs, strict=True)):
            x = x0 + i * (pw + gap)
            ext |= panel.draw(cv, x, top)
            ext |= cv.centred(x + pw / 2, top + ph + 3 + size, sub, style.body_font, size)
        return ext

    kind = "photo" if photos else panels[0].style.split("-")[0]
    return Body(width, ph + 3 + size * 1.3, f"panels{k}-{kind}", draw)


# tables


@dataclass
class HardTable:
    """A table with rule styles, shading, multi-line cells and a spanning group header."""

    rows: list[list[list[str]]]  # header first; each cell a list of lines
    groups: list[tuple[str, int, int]]  # (label, first column, last column) above the header
    rules: str  # booktabs | grid | none | head | shaded
    zebra: bool
    fontname: str
    boldname: str
    size: float
    pad: float
    col_widths: list[float]

    @property
    def line_h(self) -> float:
        return self.size * 1.2

    @property
    def vpad(self) -> float:
        return self.size * 0.3

    def row_h(self, r: int) -> float:
        return max(len(c) for c in self.rows[r]) * self.line_h + 2 * self.vpad

    @property
    def group_h(self) -> float:
        return self.line_h + 2 * self.vpad if self.groups else 0.0

    @property
    def width(self) -> float:
        return sum(self.col_widths)

    @property
    def height(self) -> float:
        return self.group_h + sum(self.row_h(r) for r in range(len(self.rows)))


TABLE_RULES = ("booktabs", "grid", "none", "head", "shaded", "shaded", "multiline")
QUALIFIERS = ("(ours)", "(frozen)", "(fine-tuned)", "(large)", "(2x data)", "(no aug.)", "(distilled)")


def make_hard_table(
    style: Style, rng: random.Random, ncols: tuple[int, int], nrows: tuple[int, int]
) -> HardTable:
    """A results table in one of the hard styles; "multiline" has two-line cells and a group header."""
    variant = rng.choice(TABLE_RULES)
    multiline = variant == "multiline"
    rules = rng.choice(("booktabs", "grid", "head")) if multiline else variant
    n, m = rng.randint(*ncols), rng.randint(*nrows)
    metrics = rng.sample(METRICS, min(n - 1, len(METRICS)))
    while len(metrics) < n - 1:
        metrics.append(f"{rng.choice(METRICS)} ({len(metrics)})")
    header = [[rng.choice(("Method", "Model", "Setting"))]] + [
        h.split(" ", 1) if multiline and " " in h else [h] for h in metrics
    ]
    kinds = [rng.choice(("pct", "pct", "prob", "int", "size", "text")) for _ in range(n - 1)]
    names = list(METHODS)
    rng.shuffle(names)
    body = []
    for r in range(m):
        first = [names[r % len(names)]]
        if multiline and rng.random() < 0.5:
            first.append(rng.choice(QUALIFIERS))
        body.append([first, *([_cell_value(k, rng)] for k in kinds)])
    groups: list[tuple[str, int, int]] = []
    if (multiline or rng.random() < 0.25) and n - 1 >= 2:
        half = (n - 1) // 2
        d1, d2 = rng.sample(DATASETS, 2)
        groups = [(d1, 1, half), (d2, half + 1, n - 1)]
    size = max(7.0, style.size - rng.choice((0.5, 1.0, 1.5)))
    pad = rng.uniform(8, 12) if rules == "none" else rng.uniform(4, 7)
    spec = HardTable(
        [header, *body],
        groups,
        rules,
        variant == "shaded" and rng.random() < 0.7,
        style.body_font,
        style.bold_font,
        size,
        pad,
        [],
    )
    spec.col_widths = [
        max(
            font(spec.boldname if r == 0 else spec.fontname).text_length(line, fontsize=size)
            for r, row in enumerate(spec.rows)
            for line in row[c]
        )
        + 2 * pad
        for c in range(n)
    ]
    for label, c0, c1 in groups:  # a group label wider than its columns widens the last of them
        need = font(spec.fontname).text_length(label, fontsize=size) + 2 * pad
        have = sum(spec.col_widths[c0 : c1 + 1])
        if need > have:
            spec.col_widths[c1] += need - have
    return spec


def draw_hard_table(cv: Canvas, spec: HardTable, x0: float, top: float) -> pymupdf.Rect:
    """Fills first, then rules, then text; returns the union of everything drawn."""
    xs = [x0]
    for w in spec.col_widths:
        xs.append(xs[-1] + w)
    x1 = xs[-1]
    ys = [top, top + spec.group_h]
    for r in range(len(spec.rows)):
        ys.append(ys[-1] + spec.row_h(r))
    head_bottom = ys[2]
    ext = pymupdf.Rect()
    if spec.rules == "shaded":
        ext |= cv.rect(pymupdf.Rect(x0, top, x1, head_bottom), fill=(0.82, 0.82, 0.82), color=None)
        if spec.zebra:
            for r in range(2, len(spec.rows), 2):
                ext |= cv.rect(
                    pymupdf.Rect(x0, ys[r + 1], x1, ys[r + 2]), fill=(0.93, 0.93, 0.93), color=None
                )
    ext |= table_rules(cv, spec, xs, ys)
    for label, c0, c1 in spec.groups:
        ext |= cv.centred(
            (xs[c0] + xs[c1 + 1]) / 2, top + spec.vpad + spec.size, label, spec.fontname, spec.size
        )
    for r, row in enumerate(spec.rows):
        fontname = spec.boldname if r == 0 else spec.fontname
        for c, lines in enumerate(row):
            for i, line in enumerate(lines):
                base = ys[r + 1] + spec.vpad + spec.size + i * spec.line_h
                if c == 0:
                    ext |= cv.text(xs[0] + spec.pad, base, line, fontname, spec.size)
                else:
                    ext |= cv.centred((xs[c] + xs[c + 1]) / 2, base, line, fontname, spec.size)
    return ext


def table_rules(cv: Canvas, spec: HardTable, xs: list[float], ys: list[float]) -> pymupdf.Rect:
    """Horizontal and vertical rules of the table's style; group spans get their own short rules."""
    ext = pymupdf.Rect()
    x0, x1, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    if spec.rules == "booktabs":
        for y, w in ((top, 0.8), (ys[2], 0.5), (bottom, 0.8)):
            ext |= cv.line((x0, y), (x1, y), w)
    elif spec.rules == "head":
        ext |= cv.line((x0, ys[2]), (x1, ys[2]), 0.5)
    elif spec.rules == "grid":
        for y in ys[0 if spec.groups else 1 :]:
            ext |= cv.line((x0, y), (x1, y), 0.5)
        for x in xs:
            ext |= cv.line((x, ys[1]), (x, bottom), 0.5)
        if spec.groups:
            for x in {xs[0], xs[-1], *(xs[c0] for _, c0, _ in spec.groups)}:
                ext |= cv.line((x, top), (x, ys[1]), 0.5)
    if spec.groups and spec.rules in ("booktabs", "head", "none", "shaded"):
        for _, c0, c1 in spec.groups:  # \cmidrule under each group label
            ext |= cv.line((xs[c0] + 3, ys[1]), (xs[c1 + 1] - 3, ys[1]), 0.4)
    return ext


def table_meta(spec: HardTable, wide: bool, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    texts = [g[0] for g in spec.groups] + [" ".join(cell) for row in spec.rows for cell in row]
    style = f"{spec.rules}{'+zebra' if spec.zebra else ''}{'+groups' if spec.groups else ''}"
    if any(len(cell) > 1 for row in spec.rows for cell in row):
        style += "+multiline"
    return {
        "style": style,
        "wide": wide,
        "rows": len(spec.rows) + bool(spec.groups),
        "cols": len(spec.col_widths),
        "cell_texts": texts,
        **(extra or {}),
    }


# composite floats


def captioned(
    style: Style,
    kind: str,
    body: Body,
    cap: Caption,
    pos: str,
    avail: float,
    wide: bool,
    meta: dict[str, Any],
) -> Float:
    """One body with its caption below, above, or beside it (a narrow column on the right)."""
    gap = 14.0
    meta = {"style": body.style, "wide": wide, "caption_pos": pos, **meta}
    total = max(body.height, cap.height) if pos == "beside" else body.height + CAPTION_GAP + cap.height

    def compose(cv: Canvas, x0: float, width: float, top: float) -> list[dict[str, Any]]:
        if pos == "beside":
            bx = x0 + (width - body.width - gap - cap.width) / 2
            box = body.draw(cv, bx, top)
            put_caption(cv, cap, bx + body.width + gap, top + total - cap.height, False, centre=False)
        elif pos == "above":
            put_caption(cv, cap, x0 + (width - cap.width) / 2, top, style.justify)
            box = body.draw(cv, x0 + (width - body.width) / 2, top + cap.height + CAPTION_GAP)
        else:
            box = body.draw(cv, x0 + (width - body.width) / 2, top)
            put_caption(cv, cap, x0 + (width - cap.width) / 2, top + body.height + CAPTION_GAP, style.justify)
        return [entry(kind, box, cap, meta)]

    return composite(kind, cap, avail, total, wide, compose, meta)


def _avail(style: Style, geo: Geometry, wide: bool) -> float:
    return geo.text_w if wide or style.columns == 1 else geo.col_w


def _fit(width: float, height: float, limit: float) -> tuple[float, float]:
    """Shrink to ``limit`` high, keeping the aspect ratio."""
    if height > limit:
        width, height = width * limit / height, limit
    return round(width, 1), round(height, 1)


def _cap_width(style: Style, avail: float, rng: random.Random) -> float:
    return avail if style.columns > 1 else avail * rng.uniform(0.85, 1.0)


def _next(counts: dict[str, int], kind: str) -> int:
    counts[kind] += 1
    return counts[kind]


def hard_single(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random, what: str) -> Float:
    """A plot, photo or diagram; captions below, above (report style) or now and then beside."""
    wide = style.columns > 1 and rng.random() < (0.3 if style.columns == 2 else 0.45)
    avail = _avail(style, geo, wide)
    beside = avail > 330 and rng.random() < 0.2
    pos = "beside" if beside else "above" if style.fig_cap_above else "below"
    frac = 0.62 if beside else rng.uniform(0.55, 0.85) if style.columns == 1 else rng.uniform(0.8, 1.0)
    width = avail * frac
    limit = geo.text_h * (0.35 if wide else 0.42)
    if what == "flowchart":
        body = flowchart_body(round(width, 1), rng)
    elif what == "photo":
        body = photo_body(*_fit(width, width * rng.uniform(0.6, 0.8), limit), rng)
    else:
        kind = rng.choice(("line", "bar", "scatter", "heatmap", "grid-1x2"))
        w, h = _fit(width, width * rng.uniform(*ASPECT[kind]), limit)
        body = plot_body(kind, w, h, rng.random() < 0.25, rng)
    cap_w = avail - body.width - 14 if beside else _cap_width(style, avail, rng)
    cap = hard_caption(style, "figure", _next(counts, "figure"), rng, cap_w)
    return captioned(style, "figure", body, cap, pos, avail, wide, {})


def hard_pair(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random) -> Float:
    """Two figures side by side in one row, each with its own caption under it."""
    wide = style.columns > 1
    avail = _avail(style, geo, wide)
    gap = rng.uniform(10, 20)
    slot = (avail * rng.uniform(0.9, 1.0) - gap) / 2
    limit = geo.text_h * 0.3
    bodies, caps = [], []
    for _ in range(2):
        w = slot * rng.uniform(0.85, 1.0)
        if rng.random() < 0.3:
            bodies.append(photo_body(*_fit(w, w * rng.uniform(0.6, 0.8), limit), rng))
        else:
            kind = rng.choice(("line", "bar", "scatter", "heatmap"))
            w, h = _fit(w, w * rng.uniform(*ASPECT[kind]), limit)
            bodies.append(plot_body(kind, w, h, rng.random() < 0.25, rng))
        caps.append(hard_caption(style, "figure", _next(counts, "figure"), rng, slot))
    total = max(b.height + CAPTION_GAP + c.height for b, c in zip(bodies, caps, strict=True))
    metas = [{"style": f"pair-{b.style}", "wide": wide, "caption_pos": "below"} for b in bodies]

    def compose(cv: Canvas, x0: float, width: float, top: float) -> list[dict[str, Any]]:
        left = x0 + (width - 2 * slot - gap) / 2
        out = []
        for i, (b, c, meta) in enumerate(zip(bodies, caps, metas, strict=True)):
            sx = left + i * (slot + gap)
            box = b.draw(cv, sx + (slot - b.width) / 2, top)
            put_caption(cv, c, sx, top + b.height + CAPTION_GAP, style.justify)
            out.append(entry("figure", box, c, meta))
        return out

    return composite("figure", caps[0], avail, total, wide, compose, metas[0])


def hard_panels(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random) -> Float:
    """One figure of 2-3 panels with "(a) ..." sub-captions and one main caption."""
    wide = style.columns > 1 and (style.columns == 3 or rng.random() < 0.6)
    avail = _avail(style, geo, wide)
    k = 3 if avail > 320 and rng.random() < 0.5 else 2
    body = panels_body(style, avail * rng.uniform(0.85, 1.0), k, rng)
    cap = hard_caption(style, "figure", _next(counts, "figure"), rng, _cap_width(style, avail, rng))
    return captioned(style, "figure", body, cap, "above" if style.fig_cap_above else "below", avail, wide, {})


def hard_table(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random) -> Float:
    """A hard-style table; caption above, below (venue style) or beside when there is room."""
    spec = make_hard_table(style, rng, (3, 6), (3, 8))
    while spec.width > geo.text_w * 0.95:
        spec = make_hard_table(style, rng, (3, 5), (3, 8))
    wide = style.columns > 1 and (spec.width > geo.col_w or rng.random() < 0.15)
    avail = _avail(style, geo, wide)
    beside = avail - spec.width > 150 and rng.random() < 0.2
    pos = "beside" if beside else "below" if style.tab_cap_below else "above"
    cap_w = avail - spec.width - 14 if beside else _cap_width(style, avail, rng)
    cap = hard_caption(style, "table", _next(counts, "table"), rng, cap_w)

    def draw(cv: Canvas, x0: float, top: float) -> pymupdf.Rect:
        return draw_hard_table(cv, spec, x0, top)

    body = Body(spec.width, spec.height, "", draw)
    return captioned(style, "table", body, cap, pos, avail, wide, table_meta(spec, wide))


def rotated_table(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random) -> Float:
    """A wide table set sideways on a page of its own (/Rotate 90), as sidewaystable does."""
    room = style.page[1] - 2 * style.margin_top
    spec = make_hard_table(style, rng, (8, 11), (8, 16))
    for _ in range(50):  # wider than the portrait text block, narrower than the sideways one
        if style.page[0] - 2 * style.margin_x < spec.width <= room:
            break
        spec = make_hard_table(style, rng, (7, 11) if spec.width > room else (9, 12), (8, 16))
    cap = hard_caption(style, "table", _next(counts, "table"), rng, min(spec.width, room))

    def compose(cv: Canvas, x0: float, width: float, top: float) -> list[dict[str, Any]]:
        put_caption(cv, cap, x0 + (width - cap.width) / 2, top, style.justify)
        box = draw_hard_table(cv, spec, x0 + (width - spec.width) / 2, top + cap.height + CAPTION_GAP)
        return [entry("table", box, cap, meta)]

    meta = table_meta(spec, True, {"caption_pos": "above", "rotated": True})
    meta["style"] = "rotated-" + meta["style"]
    return composite("table", cap, spec.width, spec.height + CAPTION_GAP + cap.height, True, compose, meta)


ALGO_LINES = (
    "Input: data D, model f_theta, steps T",
    "Output: trained parameters theta",
    "initialise theta at random",
    "for t = 1 to T do",
    "    sample a batch B from D",
    "    g <- grad L(f_theta(B))",
    "    if ||g|| > c then",
    "        g <- c * g / ||g||",
    "    end if",
    "    theta <- theta - lr * g",
    "end for",
    "return theta",
)


def hard_algorithm(style: Style, geo: Geometry, counts: dict[str, int], rng: random.Random) -> Float:
    """A framed (or ruled) pseudo-code box captioned "Algorithm 1: ..." - neither figure nor table."""
    wide = style.columns > 1 and rng.random() < 0.3
    avail = _avail(style, geo, wide)
    width = avail * rng.uniform(0.8, 1.0)
    number = _next(counts, "algorithm")
    title = f"{rng.choice(('Training', 'Inference', 'Sampling', 'Pruning'))} with the {rng.choice(NOUNS)}"
    text = f"Algorithm {number}: {title}"
    size = max(7.0, style.size - 1.5)
    code = [line for line in ALGO_LINES if font("cour").text_length(line, fontsize=size) < width - 12]
    boxed = rng.random() < 0.6
    cap = Caption(f"Algorithm {number}", text, [], style.caption_size, width)
    lead = size * 1.25
    head = style.caption_size * 1.6
    height = head + len(code) * lead + 8
    meta = {"style": "algorithm-boxed" if boxed else "algorithm-ruled", "wide": wide}

    def compose(cv: Canvas, x0: float, avail_w: float, top: float) -> list[dict[str, Any]]:
        left = x0 + (avail_w - width) / 2
        box = pymupdf.Rect(left, top, left + width, top + height)
        if boxed:
            cv.rect(box)
        else:
            cv.line((box.x0, box.y0), (box.x1, box.y0), 0.8)
            cv.line((box.x0, box.y1), (box.x1, box.y1), 0.8)
        base = top + style.caption_size * 1.2
        cv.text(left + 5, base, f"Algorithm {number}:", style.bold_font, style.caption_size)
        label_w = font(style.bold_font).text_length(f"Algorithm {number}: ", fontsize=style.caption_size)
        cv.text(left + 5 + label_w, base, title, style.body_font, style.caption_size)
        cv.line((box.x0, top + head), (box.x1, top + head), 0.5)
        for i, line in enumerate(code):
            indent = font("cour").text_length(" ", fontsize=size) * (len(line) - len(line.lstrip()))
            cv.text(left + 6 + indent, top + head + 3 + size + i * lead, line.strip(), "cour", size)
        return [entry("algorithm", box, cap, meta)]

    return composite("algorithm", cap, width, height, wide, compose, meta)


FIG_RECIPES = ("plot", "plot", "photo", "flowchart", "pair", "panels")


def hard_floats(style: Style, geo: Geometry, rng: random.Random) -> list[Float]:
    """3-6 figure recipes, 1-3 tables, sometimes an algorithm and a sideways table on its own page."""
    recipes = [rng.choice(FIG_RECIPES) for _ in range(rng.randint(3, 6))] + ["table"] * rng.randint(1, 3)
    if rng.random() < 0.5:
        recipes.append("algorithm")
    if rng.random() < 0.3 and style.page[0] < style.page[1]:
        recipes.append("rotated")
    rng.shuffle(recipes)
    counts = {"figure": 0, "table": 0, "algorithm": 0}
    floats = []
    for recipe in recipes:
        if recipe in ("plot", "photo", "flowchart"):
            f = hard_single(style, geo, counts, rng, recipe)
        else:
            make = {"pair": hard_pair, "panels": hard_panels, "table": hard_table}.get(recipe)
            make = make or {"algorithm": hard_algorithm, "rotated": rotated_table}[recipe]
            f = make(style, geo, counts, rng)
        f.position = rng.choice(("top", "top", "bottom"))
        floats.append(f)
    return floats


# pages


def rotated_page(comp: Composer, f: Float) -> None:
    """A page of its own, /Rotate 90, with ``f`` upright on the displayed (landscape) page."""
    s = comp.style
    page = comp.doc.new_page(width=s.page[0], height=s.page[1])
    page.set_rotation(90)
    tw = pymupdf.TextWriter(page.rect)
    shown = page.rect  # displayed: landscape
    margin = s.margin_top
    top = max(margin, (shown.height - f.total) / 2)
    comp.record(
        f.compose(Canvas(page, tw, page.derotation_matrix), margin, shown.width - 2 * margin, top),
        page.number + 1,
        comp.sequence,
    )
    h = page.mediabox.height  # rotation about (h/2, h/2) maps displayed onto unrotated coordinates
    tw.write_text(page, morph=(pymupdf.Point(h / 2, h / 2), pymupdf.Matrix(0, 1, -1, 0, 0, 0)))
    number = str(page.number + 1)  # the folio stays in portrait orientation, as in print
    x = (s.page[0] - font(s.body_font).text_length(number, fontsize=s.size - 1)) / 2
    page.insert_text((x, s.page[1] - s.margin_bottom / 2), number, fontname=s.body_font, fontsize=s.size - 1)


def logo_bytes(rng: random.Random) -> bytes:
    """A small raster logo: a coloured disc and bar on white."""
    import numpy as np
    from PIL import Image

    yy, xx = np.mgrid[0:64, 0:64]
    img = np.full((64, 64, 3), 255, np.uint8)
    colour = [rng.randrange(40, 200) for _ in range(3)]
    img[(xx - 24) ** 2 + (yy - 32) ** 2 < 20**2] = colour
    img[20:44, 46:58] = [255 - c for c in colour]
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def hard_furniture(comp: Composer) -> None:
    """Logo in the header of every page (one image reused); a footnote under a rule on some pages."""
    assert comp.page is not None and comp.tw is not None and comp.rng is not None
    s, rng = comp.style, comp.rng
    comp.side_y = 0.0
    if s.logo:
        rect = pymupdf.Rect(
            s.page[0] - s.margin_x - 18, s.margin_top / 2 - 14, s.page[0] - s.margin_x, s.margin_top / 2 + 4
        )
        if comp.logo_xref:
            comp.page.insert_image(rect, xref=comp.logo_xref)
        else:
            comp.logo_xref = comp.page.insert_image(rect, stream=logo_bytes(rng))
    if s.footnotes and rng.random() < 0.5:
        footnote(comp, rng)


def footnote(comp: Composer, rng: random.Random) -> None:
    """One or two footnotes at the foot of the first column, under a short rule."""
    assert comp.page is not None and comp.tw is not None
    s, geo = comp.style, comp.geo
    size = s.size - 1.5
    notes = []
    for i in range(rng.randint(1, 2)):
        where = f"https://github.com/{rng.choice(NOUNS)}/{rng.choice(NOUNS)}"
        notes.append(
            f"{i + 1} {rng.choice(('Code is available at', 'See', 'Data from'))} {where}. {sentence(rng)}"
        )
    lines = [ln for n in notes for ln in wrap(words_of(n, s.body_font), size, geo.col_w)]
    height = len(lines) * size * 1.2 + 6
    comp.bottom -= height + 4
    y = comp.bottom + 4
    comp.page.draw_line((geo.col_x(0), y), (geo.col_x(0) + min(100, geo.col_w * 0.4), y), width=0.4)
    for i, line in enumerate(lines):
        draw_words(comp.tw, geo.col_x(0), y + 4 + size + i * size * 1.2, line, size, geo.col_w, "left")
    for n in notes:
        comp.sequence.append({"type": "text", "label": "footnote", "page": comp.page_no + 1, "text": n[:60]})


def side_note(comp: Composer) -> None:
    """Now and then a short note in the right margin, level with the paragraph it belongs to."""
    assert comp.tw is not None and comp.rng is not None
    s, rng = comp.style, comp.rng
    if rng.random() > 0.35:
        return
    size = s.size - 2
    x = s.margin_x + comp.geo.text_w + 14
    lines = wrap(words_of(sentence(rng), s.italic_font), size, s.side_w - 14)
    top = max(comp.y, comp.side_y)
    if top + len(lines) * size * 1.2 > comp.bottom:
        return
    for i, line in enumerate(lines):
        draw_words(comp.tw, x, top + size + i * size * 1.2, line, size, s.side_w - 14, "left")
    comp.side_y = top + len(lines) * size * 1.2 + 6


# --- scoring ---------------------------------------------------------------------------------


def _box(b: BBox | list[float] | None) -> str:
    if b is None:
        return "None"
    x0, top, x1, bottom = (b.x0, b.top, b.x1, b.bottom) if isinstance(b, BBox) else b
    return f"[{x0:.0f},{top:.0f},{x1:.0f},{bottom:.0f}]"


def _overlap(a: BBox, b: BBox) -> tuple[float, float]:
    """Share of ``a`` covered by ``b`` and share of ``b`` covered by ``a``."""
    inter = a.overlap_area(b)
    return (inter / a.area if a.area else 0.0, inter / b.area if b.area else 0.0)


def why_missed(g: dict[str, Any], same: list[Any], other: list[Any], other_kind: str) -> str:
    """A short guess at the failure mode of one missed GT object."""
    gbox = BBox(*g["bbox"])
    if score_objects(other, [g]).matched:
        return f"detected as {other_kind}"
    touching = [p for p in same if p.bbox is not None and gbox.overlap_area(p.bbox) > 0]
    if not touching:
        near = [p for p in other if p.bbox is not None and gbox.overlap_area(p.bbox) > 0]
        return (
            f"overlapped only by a {other_kind} (IoU {near[0].bbox.iou(gbox):.2f})"
            if near
            else "not detected"
        )
    inside = [p for p in touching if _overlap(p.bbox, gbox)[0] > 0.85]
    if len(inside) > 1:
        return f"split into {len(inside)} boxes"
    best = max(touching, key=lambda p: p.bbox.iou(gbox))
    covered, share = _overlap(gbox, best.bbox)
    if share > 0.85:
        return f"box too small (covers {covered:.0%} of GT)"
    if covered > 0.85:
        return f"box too large (GT is {share:.0%} of it)"
    return f"box misplaced (IoU {best.bbox.iou(gbox):.2f})"


def why_extra(
    p: Any,
    same: list[dict[str, Any]],
    other: list[dict[str, Any]],
    other_kind: str,
    neither: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> str:
    """A short guess at what a false positive is (``neither``: --hard algorithm boxes on the page)."""
    for a in neither:
        if called(p, a):
            return f"is {a['label']} ({a['style']}, neither figure nor table)"
    for g in same:
        covered, _ = _overlap(p.bbox, BBox(*g["bbox"]))
        if covered > 0.85:
            return f"part of {g['label']}"
        if covered > 0:
            return f"overlaps {g['label']} (IoU {p.bbox.iou(BBox(*g['bbox'])):.2f})"
    for g in other:
        if _overlap(p.bbox, BBox(*g["bbox"]))[0] > 0.5:
            return f"is {other_kind} {g['label']}"
    return "no GT object here"


def called(p: Any, other: dict[str, Any]) -> bool:
    """A prediction that is an algorithm box: IoU >= 0.5, or most of the prediction lies on it."""
    box = BBox(*other["bbox"])
    return p.bbox.iou(box) >= 0.5 or _overlap(p.bbox, box)[0] > 0.5


def _detail(g: dict[str, Any]) -> str:
    """Style, width and (--hard) caption position and layout of a GT object, for failure lines."""
    parts = [g["style"], *(["wide"] if g["wide"] else [])]
    if "caption_pos" in g:
        parts += [f"caption {g['caption_pos']}", g["layout"]]
    return ", ".join(parts)


def failures(name: str, kind: str, doc: Any, gt: dict[str, Any]) -> list[str]:
    """One line per missed GT object and per unmatched prediction, with the boxes on that page."""
    other_kind = "table" if kind == "figure" else "figure"
    preds = doc.figures if kind == "figure" else doc.tables
    others = doc.tables if kind == "figure" else doc.figures
    gts, other_gts = gt[kind + "s"], gt[other_kind + "s"]
    lines = []
    for page in sorted({g["page"] for g in gts} | {p.page_index + 1 for p in preds}):
        pp = [p for p in preds if p.page_index == page - 1 and p.bbox is not None]
        op = [p for p in others if p.page_index == page - 1 and p.bbox is not None]
        gg = [g for g in gts if g["page"] == page]
        og = [g for g in other_gts if g["page"] == page]
        neither = [g for g in gt.get("others", []) if g["page"] == page]
        shown = " ".join(_box(p.bbox) for p in pp) or "none"
        for g in gg:
            if not score_objects(pp, [g]).matched:
                why = why_missed(g, pp, op, other_kind)
                lines.append(
                    f"{name} p{page} MISS {kind} {g['label']} ({_detail(g)})"
                    f" gt={_box(g['bbox'])} pred={shown}: {why}"
                )
        extra = [p for p in pp if not score_objects([p], gg).matched]
        for p in extra:
            why = why_extra(p, gg, og, other_kind, neither)
            gt_boxes = " ".join(_box(g["bbox"]) for g in gg) or "none"
            label = f" '{p.label}'" if p.label else ""
            lines.append(f"{name} p{page} FP {kind}{label} box={_box(p.bbox)} gt={gt_boxes}: {why}")
        dups = len(pp) - score_objects(pp, gg).matched - len(extra)
        if dups > 0:
            lines.append(f"{name} p{page} FP {kind} x{dups}: duplicate boxes on one GT object (pred={shown})")
    return lines


@dataclass
class Tally:
    """Recall per kind of GT object (each object matched alone against all predictions)."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, hit: bool) -> None:
        entry = self.counts.setdefault(key, [0, 0])
        entry[0] += hit
        entry[1] += 1

    def lines(self) -> list[str]:
        return [f"  {k:28s} {m:3d}/{n:3d}  R {m / n:4.2f}" for k, (m, n) in sorted(self.counts.items())]


def tally_file(tally: Tally, doc: Any, gt: dict[str, Any]) -> None:
    for kind, preds in (("figure", doc.figures), ("table", doc.tables)):
        for g in gt[kind + "s"]:
            hit = bool(score_objects(preds, [g]).matched)
            tally.add(f"{kind} {g['style']}", hit)
            tally.add(f"{kind} {'full width' if g['wide'] else 'in column/page'}", hit)
            if "caption_pos" in g:
                tally.add(f"{kind} caption {g['caption_pos']}", hit)
                tally.add(f"{kind} layout {g['layout']}", hit)
    for a in gt.get("others", []):  # a hit here is the parser leaving the algorithm box alone
        preds = [p for p in doc.figures + doc.tables if p.page_index == a["page"] - 1 and p.bbox is not None]
        tally.add(f"{a['style']} not called figure/table", not any(called(p, a) for p in preds))


def score_file(
    pdf: Path, gt: dict[str, Any], options: PdfOptions, tally: Tally
) -> tuple[FileResult, list[str]]:
    """Parse one generated PDF with the real parser and score it with pdf_accuracy's matching."""
    result = FileResult(name=pdf.name)
    start = time.perf_counter()
    doc = parse_pdf(pdf, options)
    result.seconds = time.perf_counter() - start
    result.figures = score_objects(doc.figures, gt["figures"])
    result.tables = score_objects(doc.tables, gt["tables"])
    result.order = score_order(doc, gt["reading_order"])
    tally_file(tally, doc, gt)
    return result, failures(pdf.name, "figure", doc, gt) + failures(pdf.name, "table", doc, gt)


def _share(s: Score) -> str:
    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    counts = f"({s.matched}/{s.gt}/{s.pred})"
    return f"P {fmt(s.precision)} R {fmt(s.recall)} caption {fmt(s.caption_accuracy)} {counts}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20, help="number of papers")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="write PDFs and .gt.json here (default: a temp dir, removed)")
    ap.add_argument("--json", type=Path, help="write per-file results, failures and totals here")
    ap.add_argument("--dpi", type=int, default=72, help="crop resolution (low keeps the run fast)")
    ap.add_argument("--generate-only", action="store_true", help="write the papers, do not parse them")
    ap.add_argument("--hard", action="store_true", help="report-like layouts (see the module docstring)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="figgen-") as tmp:
        out = args.out or Path(tmp)
        pairs = generate(out, args.count, args.seed, args.hard)
        print(f"generated {len(pairs)} papers in {out}")
        if args.generate_only:
            return 0
        return run(pairs, PdfOptions(ocr="never", dpi=args.dpi), args.json)


def run(pairs: list[tuple[Path, Path]], options: PdfOptions, json_path: Path | None) -> int:
    """Score every paper, then print totals, recall per kind and every failure."""
    results, problems, tally, files = [], [], Tally(), []
    for pdf, gt_path in pairs:
        gt = json.loads(gt_path.read_text())
        try:
            result, lines = score_file(pdf, gt, options, tally)
        except Exception as exc:  # a benchmark reports every failure and carries on
            result, lines = FileResult(name=pdf.name, error=f"{type(exc).__name__}: {exc}"), []
        results.append(result)
        problems += lines
        files.append({**_as_json(result), "failures": lines, "layout": gt["layout"]})
        print(f"{pdf.name[:30]:31s} ERROR {result.error}" if result.error else _row(pdf.name, result))
    total = summarise(results)
    print("-" * 150)
    print(_row("OVERALL", total))
    print("matched/gt/pred per kind")
    print(f"figures: {_share(total.figures)}")
    print(f"tables:  {_share(total.tables)}")
    print("recall by kind of object:")
    print("\n".join(tally.lines()))
    print(f"failures ({len(problems)}):")
    print("\n".join(f"  {line}" for line in problems))
    if json_path:
        payload = {"files": files, "overall": _as_json(total), "recall_by_kind": tally.counts}
        json_path.write_text(json.dumps(payload, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
