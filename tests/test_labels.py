"""Caption labels as documents write them, across styles, namespaces and languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from docbuild.labels import Label, parse_caption_label, roman_to_int


@pytest.mark.parametrize(
    ("text", "kind", "namespace", "number", "sep"),
    [
        ("Figure 3: Accuracy per epoch.", "figure", "", "3", ":"),
        ("Fig. 3. The pipeline.", "figure", "", "3", "."),
        ("FIGURE 3  Overview", "figure", "", "3", ""),
        ("FIG. 12. Spectra", "figure", "", "12", "."),
        ("Fig 4 | Maps", "figure", "", "4", "|"),
        ("Table II", "table", "", "2", ""),
        ("TABLE IV\nResults on test", "table", "", "4", ""),
        ("TABLE 2. Datasets", "table", "", "2", "."),
        ("Table A1: Hyper-parameters", "table", "appendix", "A1", ":"),
        ("Figure S2. Controls", "figure", "S", "S2", "."),
        ("Supplementary Figure 2 – extra", "figure", "supplementary", "2", "–"),
        ("Extended Data Fig. 1 | Setup", "figure", "extended", "1", "|"),
        ("Appendix Table A1 — grid", "table", "appendix", "A1", "—"),
        ("Figure 3.2: Chapter numbering", "figure", "", "3.2", ":"),
        ("Figure 7-26. Self-locking nuts", "figure", "", "7-26", "."),
        ("Table 2\u20131 Views", "table", "", "2-1", ""),
        ("Figure 3 - Overview", "figure", "", "3", "-"),
        ("Abb. 3: Aufbau", "figure", "", "3", ":"),
        ("Abbildung 3. Aufbau", "figure", "", "3", "."),
        ("Tabelle 2: Werte", "table", "", "2", ":"),
        ("Tableau 2 – Résultats", "table", "", "2", "–"),
        ("Figura 3. Resultados", "figure", "", "3", "."),
        ("Tabla 2. Resultados", "table", "", "2", "."),
        ("Tabela 2: Resultados", "table", "", "2", ":"),
        ("图3 系统结构", "figure", "", "3", ""),
        ("图 3：系统结构", "figure", "", "3", "："),
        ("表2 实验结果", "table", "", "2", ""),
        ("eTable 2. Baseline", "table", "supplementary", "2", "."),
        ("  Figure 007: padded", "figure", "", "7", ":"),
    ],
)
def test_caption_labels(text: str, kind: str, namespace: str, number: str, sep: str) -> None:
    label = parse_caption_label(text)
    assert label is not None, text
    assert (label.kind, label.namespace, label.number, label.sep) == (kind, namespace, number, sep)
    assert text[label.start : label.end].replace("\n", " ").split() == label.raw.split()


@pytest.mark.parametrize(
    "text",
    [
        "Figure out what went wrong.",
        "Table of contents",
        "Tables 2 and 3 show",  # a plural is a mention, never a caption
        "The Figure 3 caption",  # not at the start
        "Tableware 3",
        "Figurative 2",
        "Fig. 3rd",
        "",
        "Table In the following",
    ],
)
def test_not_caption_labels(text: str) -> None:
    assert parse_caption_label(text) is None


def test_label_end_and_panel() -> None:
    text = "Figure 1A: Left panel"
    label = parse_caption_label(text)
    assert label is not None
    assert (label.number, label.panel, label.sep) == ("1", "A", ":")
    assert text[label.end :].startswith(":")


def test_keys_unify_supplementary_forms_and_keep_namespaces_apart() -> None:
    def key(text: str) -> tuple[str, str, str]:
        label = parse_caption_label(text)
        assert isinstance(label, Label)
        return label.key

    assert key("Figure S2.") == key("Supplementary Figure S2.") == key("Supplementary Figure 2.")
    assert key("Figure 2.") != key("Figure S2.")
    assert key("Extended Data Fig. 1") != key("Fig. 1")
    assert key("Table A1") == key("Appendix Table A1")
    assert key("Table A1") != key("Table 1") != key("Figure 1")
    assert key("TABLE II") == key("Table 2")


def test_display_name() -> None:
    label = parse_caption_label("FIG. 3.")
    assert label is not None and label.display == "Figure 3"
    label = parse_caption_label("Supplementary Table 4:")
    assert label is not None and label.display == "Supplementary Table 4"


@pytest.mark.parametrize(("roman", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40)])
def test_roman(roman: str, value: int) -> None:
    assert roman_to_int(roman) == value


@pytest.mark.parametrize("bad", ["IIII", "VV", "IC", "", "ABC"])
def test_roman_rejects_invalid(bad: str) -> None:
    assert roman_to_int(bad) is None


def test_every_corpus_gt_caption_label_parses(corpus: Path) -> None:
    """Real captions from the corpus ground truth: each "Figure …"/"Table …" caption yields its label."""
    seen = 0
    for gt_file in sorted((corpus / "pdf" / "gt").glob("*.gt.json")):
        gt = json.loads(gt_file.read_text())
        for kind, items in (("figure", gt["figures"]), ("table", gt["tables"])):
            for item in items:
                caption = item.get("caption") or ""
                head = re.match(r"(Figure|Fig\.|Table)\s+([\w.\-]+?)[.:]?\s", caption)
                if head is None:
                    continue
                label = parse_caption_label(caption)
                assert label is not None, caption
                assert label.kind == kind, caption
                assert label.number == head.group(2), caption
                seen += 1
    assert seen >= 20
