"""Generate synthetic papers whose figure/table mentions are known exactly, as PDFs and as text.

Each document has drawn (raster) figures with captions, tables with captions, and body paragraphs
mixing real mentions in many forms ("Fig. 3b", "Figs. 2–4", "TABLE IV", "Abb. 3", across line
breaks, with non-breaking spaces) with decoys ("figure out", "Figure 9" when there is no Figure 9,
"Supplementary Fig. 2", "Table 2 of [12]", "Eq. (3)"). ``expected`` lists, in reading order, the
label every real mention must link to. Rendered with PyMuPDF's Story in one or two columns.

    python benchmarks/linkgen.py --out /tmp/linkgen --count 30
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import unicodedata
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(frozen=True)
class Style:
    """How one venue/language writes labels and mentions."""

    name: str
    fig_caption: str  # "{n}" placeholder
    tab_caption: str
    fig: tuple[str, ...]  # singular mention words
    figs: tuple[str, ...]  # plural mention words
    tab: tuple[str, ...]
    tabs: tuple[str, ...]
    conj: str
    roman_tables: bool = False
    columns: int = 1
    filler: str = "en"


STYLES: tuple[Style, ...] = (
    Style(
        "ieee",
        "Fig. {n}.",
        "TABLE {n}",
        ("Fig.", "Figure"),
        ("Figs.",),
        ("Table",),
        ("Tables",),
        "and",
        roman_tables=True,
        columns=2,
    ),
    Style(
        "acm",
        "Figure {n}:",
        "Table {n}:",
        ("Figure", "Fig."),
        ("Figures", "Figs."),
        ("Table", "Tab."),
        ("Tables",),
        "and",
        columns=2,
    ),
    Style("nature", "Fig. {n} |", "Table {n} |", ("Fig.",), ("Figs.",), ("Table",), ("Tables",), "and"),
    Style(
        "plain",
        "FIGURE {n}",
        "TABLE {n}.",
        ("Figure", "FIG.", "figure"),
        ("Figures",),
        ("Table", "table"),
        ("Tables",),
        "and",
    ),
    Style(
        "de",
        "Abb. {n}:",
        "Tab. {n}:",
        ("Abb.", "Abbildung"),
        ("Abbildungen",),
        ("Tab.", "Tabelle"),
        ("Tabellen",),
        "und",
        filler="de",
    ),
    Style(
        "fr",
        "Fig. {n} –",
        "Tableau {n} –",
        ("Fig.", "Figure"),
        ("Figures",),
        ("Tableau",),
        ("Tableaux",),
        "et",
        filler="fr",
    ),
    Style(
        "es",
        "Figura {n}.",
        "Tabla {n}.",
        ("Figura",),
        ("Figuras",),
        ("Tabla",),
        ("Tablas",),
        "y",
        filler="es",
    ),
    Style(
        "pt",
        "Figura {n}.",
        "Tabela {n}.",
        ("Figura",),
        ("Figuras",),
        ("Tabela",),
        ("Tabelas",),
        "e",
        columns=2,
        filler="pt",
    ),
)

FILLER = {
    "en": [
        "We train the model on the full corpus and report the mean of three runs.",
        "The baseline uses the same tokenizer and the same number of parameters.",
        "Errors concentrate on long documents with many small images.",
        "This setting is common in practice, where annotations are scarce.",
        "All hyper-parameters were chosen on the validation split only.",
    ],
    "de": [
        "Wir trainieren das Modell auf dem gesamten Korpus.",
        "Die Fehler treten vor allem bei langen Dokumenten auf.",
        "Alle Parameter wurden auf dem Validierungsdatensatz gewählt.",
    ],
    "fr": [
        "Nous entraînons le modèle sur tout le corpus.",
        "Les erreurs se concentrent sur les documents longs.",
        "Tous les paramètres ont été choisis sur la validation.",
    ],
    "es": [
        "Entrenamos el modelo con todo el corpus.",
        "Los errores se concentran en documentos largos.",
        "Todos los parámetros se eligieron en validación.",
    ],
    "pt": [
        "Treinamos o modelo com todo o corpus.",
        "Os erros concentram-se em documentos longos.",
        "Todos os parâmetros foram escolhidos na validação.",
    ],
}

DECOYS_EN = [
    "We still have to figure out why the loss spikes.",
    "The raw counts are given in table form in the appendix.",
    "Supplementary Fig. {n} shows the same curves for the small model.",
    "Extended Data Fig. {n} repeats the analysis.",
    "Controls are in Fig. S{n}.",
    "Following Eq. ({n}) and Section {n}, we normalise the scores.",
    "This agrees with Table {n} of [12] and with [7, Fig. {n}].",
    "Appendix Table A{n} lists every run.",
]


@dataclass
class Visual:
    kind: str  # figure | table
    number: int
    label: str  # canonical English label, the benchmark's target name
    caption: str
    after_paragraph: int
    namespace: str = ""
    cites: list[str] = field(default_factory=list)  # labels its caption cites ("Same axes as Fig. 2")


@dataclass
class GenDoc:
    name: str
    style: str
    columns: int
    paragraphs: list[str]
    visuals: list[Visual]
    expected: list[list[str]] = field(default_factory=list)  # per paragraph, target labels in order


def _num(style: Style, kind: str, n: int) -> str:
    return ROMAN[n] if kind == "table" and style.roman_tables else str(n)


def _space(rng: random.Random) -> str:
    return "\u00a0" if rng.random() < 0.2 else " "


def _mention(rng: random.Random, style: Style, figs: list[int], tabs: list[int]) -> tuple[str, list[str]]:
    """One sentence citing real figures/tables, and the labels it cites in order."""
    form = rng.choice(
        ["single", "single", "start", "panel", "pair", "range", "table", "tables", "paren", "spair", "prange"]
    )
    if form in ("table", "tables") and tabs:
        if form == "tables" and len(tabs) >= 2:
            a, b = sorted(rng.sample(tabs, 2))
            word = rng.choice(style.tabs)
            text = f"{word}{_space(rng)}{_num(style, 'table', a)} {style.conj} {_num(style, 'table', b)}"
            return f"The numbers in {text} confirm this.", [f"Table {a}", f"Table {b}"]
        t = rng.choice(tabs)
        word = rng.choice(style.tab)
        return f"{word}{_space(rng)}{_num(style, 'table', t)} summarises the runs.", [f"Table {t}"]
    f = rng.choice(figs)
    word = rng.choice(style.fig)
    if form == "start":
        return f"{word.capitalize() if word.islower() else word}{_space(rng)}{f} shows the trend.", [
            f"Figure {f}"
        ]
    if form == "panel":
        panel = rng.choice(["(b)", "b", "(a)", "c", " (c)"])
        return f"The detail in {word}{_space(rng)}{f}{panel} is telling.", [f"Figure {f}"]
    if form == "pair" and len(figs) >= 2:
        a, b = sorted(rng.sample(figs, 2))
        return f"Both {rng.choice(style.figs)} {a} {style.conj} {b} agree.", [f"Figure {a}", f"Figure {b}"]
    if form == "range" and len(figs) >= 3:
        a = rng.choice(figs[:-2])
        b = a + 2
        dash = rng.choice(["–", "-"])
        return (
            f"Across {rng.choice(style.figs)} {a}{dash}{b} the gap persists.",
            [f"Figure {i}" for i in range(a, b + 1)],
        )
    if form == "paren":
        return f"The loss drops early ({word}{_space(rng)}{f}).", [f"Figure {f}"]
    if form == "spair" and len(figs) >= 2:
        a, b = sorted(rng.sample(figs, 2))
        return f"{word} {a} {style.conj} {b} show the same effect.", [f"Figure {a}", f"Figure {b}"]
    if form == "prange":
        panels = rng.choice(["a–c", "(a)–(c)", "b,c", "(b, d)"])
        return f"Panels {word}{_space(rng)}{f}{panels} differ.", [f"Figure {f}"]
    return f"As seen in {word}{_space(rng)}{f}, the error falls.", [f"Figure {f}"]


def _decoy(
    rng: random.Random, style: Style, n_figs: int, has_appendix: bool, has_supp: bool
) -> tuple[str, list[str]]:
    """A sentence that looks like a mention but must not link to a main-text figure or table."""
    roll = rng.random()
    if roll < 0.25:
        missing = n_figs + rng.randint(3, 6)
        return f"{rng.choice(style.fig)}{_space(rng)}{missing} is discussed in the journal version.", []
    if roll < 0.35:
        f = rng.randint(1, n_figs)
        return f"In {rng.choice(style.fig)} {f}, 10 samples failed.", [f"Figure {f}"]
    if roll < 0.4:
        return "Only the 3rd figure uses a log scale.", []
    n = rng.randint(1, max(1, n_figs))
    sentence = rng.choice(DECOYS_EN).format(n=n)
    if "Appendix Table A" in sentence and has_appendix:
        return "Appendix Table A1 lists every run.", ["Table A1"]
    if has_supp and n == 1 and ("Supplementary Fig." in sentence or "Fig. S" in sentence):
        return sentence, ["Figure S1"]  # this document does have Figure S1
    return sentence, []


def generate(seed: int) -> GenDoc:
    """One synthetic paper: paragraphs, visuals and the exact labels each paragraph cites."""
    rng = random.Random(seed)
    style = STYLES[seed % len(STYLES)]
    n_figs, n_tabs = rng.randint(2, 5), rng.randint(1, 3)
    has_appendix = rng.random() < 0.3
    has_supp = rng.random() < 0.3
    figs, tabs = list(range(1, n_figs + 1)), list(range(1, n_tabs + 1))
    paragraphs: list[str] = []
    expected: list[list[str]] = []
    for _ in range(rng.randint(12, 22)):
        sentences: list[str] = []
        cited: list[str] = []
        for _ in range(rng.randint(2, 4)):
            roll = rng.random()
            if roll < 0.45:
                text, labels = _mention(rng, style, figs, tabs)
            elif roll < 0.6 and style.filler == "en":
                text, labels = _decoy(rng, style, n_figs, has_appendix, has_supp)
            else:
                text, labels = rng.choice(FILLER[style.filler]), []
            sentences.append(text)
            cited += labels
        paragraphs.append(" ".join(sentences))
        expected.append(cited)
    visuals = [
        Visual(
            "figure",
            n,
            f"Figure {n}",
            f"{style.fig_caption.format(n=n)} Results of run {n}.",
            rng.randrange(len(paragraphs)),
        )
        for n in figs
    ]
    visuals += [
        Visual(
            "table",
            n,
            f"Table {n}",
            f"{style.tab_caption.format(n=_num(style, 'table', n))} Scores.",
            rng.randrange(len(paragraphs)),
        )
        for n in tabs
    ]
    for v in visuals:
        if v.kind == "figure" and v.number > 1 and rng.random() < 0.3:
            word = rng.choice(style.fig)
            v.caption += f" Same axes as {word} {v.number - 1}."
            v.cites.append(f"Figure {v.number - 1}")
    if has_appendix:
        visuals.append(Visual("table", 1, "Table A1", "Table A1: All runs.", len(paragraphs) - 1, "appendix"))
    if has_supp:
        visuals.append(Visual("figure", 1, "Figure S1", "Figure S1: Extra runs.", len(paragraphs) - 1, "S"))
    return GenDoc(
        f"linkgen-{seed:03d}-{style.name}", style.name, style.columns, paragraphs, visuals, expected
    )


# ------------------------------------------------------------------------------------------ render


def _chart_png(seed: int) -> bytes:
    """A small bar/line chart drawn with Pillow, different per figure."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (360, 220), "white")
    draw = ImageDraw.Draw(img)
    draw.line([(30, 200), (350, 200)], fill="black", width=2)
    draw.line([(30, 10), (30, 200)], fill="black", width=2)
    if rng.random() < 0.5:
        for i in range(8):
            h = rng.randint(20, 180)
            draw.rectangle([40 + i * 38, 200 - h, 66 + i * 38, 199], fill=(rng.randrange(200), 90, 180))
    else:
        pts = [(40 + i * 30, 200 - rng.randint(10, 180)) for i in range(11)]
        draw.line(pts, fill=(200, 40, 40), width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _visual_html(v: Visual, name: str) -> str:
    if v.kind == "figure":
        return f'<div><img src="{name}" width="220"/><p class="cap">{_esc(v.caption)}</p></div>'
    rows = "".join(
        f"<tr><td>run {i}</td><td>{0.5 + i / 20:.2f}</td><td>{0.7 + i / 30:.2f}</td></tr>"
        for i in range(1, 5)
    )
    return (
        f'<p class="cap">{_esc(v.caption)}</p>'
        f'<table border="1"><tr><th>Run</th><th>Acc</th><th>F1</th></tr>{rows}</table>'
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\u00a0", "&nbsp;")


def render(doc: GenDoc, path: Path) -> None:
    """Write ``doc`` as a PDF with PyMuPDF's Story (one or two columns, Letter paper)."""
    import pymupdf

    archive = pymupdf.Archive()
    parts = [f"<h1>Synthetic study {doc.name}</h1>"]
    for i, para in enumerate(doc.paragraphs):
        parts.append(f"<p>{_esc(para)}</p>")
        for j, v in enumerate(doc.visuals):
            if v.after_paragraph == i:
                name = f"v{j}.png"
                if v.kind == "figure":
                    archive.add(_chart_png(zlib.crc32(f"{doc.name}/{j}".encode())), name)
                parts.append(_visual_html(v, name))
    css = (
        "body{font-family:serif;font-size:10pt} p{text-align:justify;margin-bottom:6pt}"
        " .cap{font-size:8pt} td,th{font-size:8pt;padding:2pt}"
    )
    story = pymupdf.Story("".join(parts), user_css=css, archive=archive)
    page = pymupdf.paper_rect("letter")
    if doc.columns == 2:
        rects = [pymupdf.Rect(54, 60, 300, 740), pymupdf.Rect(312, 60, 558, 740)]
    else:
        rects = [pymupdf.Rect(72, 60, 540, 740)]
    writer = pymupdf.DocumentWriter(str(path))
    more = True
    while more:
        device = writer.begin_page(page)
        for rect in rects:
            more, _ = story.place(rect)
            story.draw(device)
            if not more:
                break
        writer.end_page()
    writer.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def rendered_completely(doc: GenDoc, path: Path) -> bool:
    """Whether every paragraph and caption made it into the PDF.

    MuPDF's Story (1.28) can stop after a table that ends a page and drop the rest of the
    document; such a render would make the truth file lie, so callers skip it.
    """
    import pymupdf

    with pymupdf.open(path) as pdf:
        text = _squash(" ".join(page.get_text() for page in pdf))
        parts = [*doc.paragraphs, *(v.caption for v in doc.visuals)]
        return all(_squash(part) in text for part in parts) and _captions_stay_with_visuals(doc, pdf)


def _captions_stay_with_visuals(doc: GenDoc, pdf: Any) -> bool:
    """Whether each caption sits with its figure/table (Story may break a page between them).

    Journals keep a caption with its figure; a caption pushed to the next column or page would
    score the PDF parser's figure detection on a layout no publisher produces.
    """
    for v in doc.visuals:
        hits = [(page, rects) for page in pdf if (rects := page.search_for(v.caption[:14]))]
        if not hits:
            return False
        page, rects = hits[0]
        cap = rects[0]
        if v.kind == "figure":
            images = [info["bbox"] for info in page.get_image_info()]
            if not any(0 <= cap.y0 - bottom <= 40 and x0 - 5 <= cap.x0 <= x1 for x0, _, x1, bottom in images):
                return False
        elif cap.y1 > page.rect.height - 110:
            return False  # a table caption at the foot of a column, its rows on the next one
    return True


def write_set(out: Path, count: int, first_seed: int = 0) -> list[Path]:
    """Generate ``count`` complete documents into ``out`` (PDF + ``.truth.json`` each)."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    seed = first_seed
    while len(paths) < count:
        doc = generate(seed)
        seed += 1
        pdf = out / f"{doc.name}.pdf"
        render(doc, pdf)
        if not rendered_completely(doc, pdf):
            pdf.unlink()
            continue
        (out / f"{doc.name}.truth.json").write_text(json.dumps(asdict(doc), ensure_ascii=False, indent=1))
        paths.append(pdf)
    return paths


def expected_sequence(doc: GenDoc) -> list[str]:
    """Every label the document cites, in reading order: paragraphs, then captions placed after them."""
    out: list[str] = []
    for i, labels in enumerate(doc.expected):
        out += labels
        for v in doc.visuals:
            if v.after_paragraph == i:
                out += v.cites
    return out


def load_truth(path: Path) -> GenDoc:
    """Read a ``.truth.json`` back into a GenDoc."""
    raw: dict[str, Any] = json.loads(path.read_text())
    raw["visuals"] = [Visual(**v) for v in raw["visuals"]]
    return GenDoc(**raw)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/linkgen"))
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_set(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} PDFs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
