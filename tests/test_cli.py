"""The commands end to end on the generated samples: every input accounted for, rows as documented."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SAMPLES, sample

from docbuild.cli import main


def _rows(out: Path) -> list[dict]:
    return pq.read_table(out / "data").to_pylist()


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def test_pdf_command_accounts_for_every_input(tmp_path: Path) -> None:
    broken = tmp_path / "in" / "broken.pdf"
    broken.parent.mkdir()
    broken.write_text("this is not a PDF")
    out = tmp_path / "out"
    code = main(
        ["pdf", str(SAMPLES), str(broken), "-o", str(out), "--workers", "2", "--quiet", "--ocr", "never"]
    )
    assert code == 0
    manifest = {Path(e["input"]).name: e for e in _manifest(out)}
    pdfs = sorted(p.name for p in SAMPLES.glob("*.pdf"))
    assert sorted(manifest) == sorted([*pdfs, "broken.pdf"])
    assert manifest["broken.pdf"]["status"] == "failed" and manifest["broken.pdf"]["reason"]
    ok_ids = {e["id"] for e in manifest.values() if e["status"] == "ok"}
    assert {r["id"] for r in _rows(out)} == ok_ids and len(ok_ids) == len(pdfs)
    config = json.loads((out / "config.json").read_text())
    assert config["PdfOptions"]["ocr"] == "never"
    # a second run into the same folder needs --overwrite or --resume
    assert main(["pdf", str(SAMPLES), "-o", str(out), "--quiet"]) == 2


def test_output_is_deterministic(tmp_path: Path) -> None:
    runs = []
    for name, workers in (("a", "1"), ("b", "2")):
        out = tmp_path / name
        main(["pdf", str(SAMPLES), "-o", str(out), "--workers", workers, "--quiet", "--ocr", "never"])
        runs.append([(r["id"], r["texts"], r["metadata"]) for r in _rows(out)])
    assert runs[0] == runs[1]


def test_warc_command_embeds_archived_images_and_keeps_provenance(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["warc", str(sample("mixed.warc.gz")), "-o", str(out), "--quiet", "--workers", "1"]) == 0
    rows = {json.loads(r["general_metadata"])["format"]: r for r in _rows(out)}
    assert set(rows) == {"html", "pdf"}
    html_general = json.loads(rows["html"]["general_metadata"])
    assert html_general["url"].startswith("https://") and "warc_record_offset" in html_general
    assert not [k for k in html_general if k.startswith("_")]
    images = [i for i in rows["html"]["images"] if i is not None]
    assert images and all(i["bytes"] for i in images), "images archived in the WARC are embedded"
    assert json.loads(rows["pdf"]["general_metadata"])["warc_filename"].endswith("mixed.warc.gz")


def test_html_command_resolves_images_against_base_href(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "html",
        str(sample("lazy-images.html")),
        "-o",
        str(out),
        "--quiet",
        "--base-url",
        "https://x.org/a/",
    ]
    assert main(args) == 0
    (row,) = _rows(out)
    images = [i for i in row["images"] if i is not None]
    paths = [i["path"] for i in images if i["path"] is not None]
    # the page's own <base href> wins over --base-url; lazy data-src and the largest srcset candidate are used
    assert paths == [
        "https://cdn.example.net/media/photos/one.jpg",
        "https://cdn.example.net/media/photos/two-1200.webp",
        "https://cdn.example.net/abs/three.png",
    ]
    assert all(i["bytes"] or i["path"] for i in images)  # data: URIs come as bytes without a path


def test_html_command_filters_spacers_and_uses_canonical_url(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["html", str(sample("article.html")), "-o", str(out), "--quiet"]) == 0
    (row,) = _rows(out)
    paths = [i["path"] for i in row["images"] if i is not None]
    assert paths == ["https://news.example.org/img/map.png"]  # spacer and share icon dropped
    meta = json.loads(row["metadata"])
    figure = next(m for m in meta if m["type"] == "figure")
    assert figure["caption"].startswith("Figure 1")


def test_html_command_keeps_decorations_marked_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["html", str(sample("article.html")), "-o", str(out), "--quiet", "--keep-decorations"]) == 0
    (row,) = _rows(out)
    figures = [m for m in json.loads(row["metadata"]) if m["type"] == "figure"]
    assert [(m["src"], m.get("decoration")) for m in figures] == [
        ("https://news.example.org/img/map.png", None),
        ("https://news.example.org/icons/share-icon.png", "icon"),
    ]


@pytest.mark.parametrize("fmt", ["webdataset"])
def test_other_shard_formats(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    assert main(["pdf", str(sample("raster-figure.pdf")), "-o", str(out), "--quiet", "--format", fmt]) == 0
    assert list((out / "data").glob("part-*.tar"))
