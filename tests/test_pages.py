"""`docbuild pages` on the generated samples: targets agree with the interleaved output, images decode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import sample

from docbuild import doctags
from docbuild.cli import main
from docbuild.jobs import Job
from docbuild.options import PdfOptions
from docbuild.pages import PageOptions, PagesJob
from docbuild.sources import Source

OPTS = PdfOptions(ocr="never")


def _source(name: str) -> Source:
    path = sample(name)
    return Source(str(path), "pdf", path=path)


@pytest.mark.parametrize("name", ["two-column.pdf", "ruled-table.pdf"])
def test_page_text_matches_interleaved_text(name: str) -> None:
    _, (row,) = Job(pdf=OPTS).build(_source(name))
    meta = json.loads(row["metadata"])
    _, pages = PagesJob(pdf=OPTS, pages=PageOptions(min_chars=0, skip_blank=False)).build(_source(name))
    assert pages, "every sample page has content"
    for page in pages:
        interleaved = [
            t for t, m in zip(row["texts"], meta, strict=True) if t and m["page_index"] == page["page_index"]
        ]
        nodes = json.loads(page["nodes"])
        targets = [
            n["text"]
            for n in nodes
            if n["text"] and n["type"] not in ("page_header", "page_footer", "page_number")
        ]
        assert targets == interleaved
        elements = doctags.parse(page["doctags"])
        assert [e.type.value for e in elements] == [n["type"] for n in nodes if n["bbox"] is not None]


def test_pages_cli_writes_loadable_dataset(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "out"
    assert (
        main(
            [
                "pages",
                str(sample("raster-figure.pdf")),
                "-o",
                str(out),
                "--workers",
                "1",
                "--quiet",
                "--ocr",
                "never",
                "--dpi",
                "72",
            ]
        )
        == 0
    )
    ds = datasets.load_dataset(
        "parquet",
        data_files=str(out / "data" / "*.parquet"),
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    record = ds[0]
    general = json.loads(record["general_metadata"])
    width, height = general["page_size"]
    assert record["image"].size == (round(width), round(height))  # 72 dpi: one pixel per point
    assert record["markdown"].strip() and record["doctags"].startswith("<doctag>")


def test_pages_refuses_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>hello</p></body></html>")
    assert main(["pages", str(page), "-o", str(tmp_path / "out")]) == 2
    assert "HTML has no pages" in capsys.readouterr().err


def test_pages_from_a_warc_take_its_pdf_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["pages", str(sample("mixed.warc.gz")), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted((e["status"], e["reason"]) for e in manifest) == [("ok", None), ("skipped", "no_pages")]
    import pyarrow.parquet as pq

    (record,) = pq.read_table(out / "data").to_pylist()
    assert json.loads(record["general_metadata"])["url"].endswith(".pdf") and record["image"]["bytes"]


def test_page_filters() -> None:
    source = _source("two-column.pdf")
    _, every = PagesJob(pdf=OPTS, pages=PageOptions(min_chars=0, skip_blank=False)).build(source)
    _, first = PagesJob(pdf=OPTS, pages=PageOptions(max_pages_per_doc=1)).build(source)
    _, wordy = PagesJob(pdf=OPTS, pages=PageOptions(min_chars=10**6)).build(source)
    assert len(every) == 3 and [r["page_index"] for r in first] == [0]
    # no page has a million characters; only pages with a figure or table survive such a threshold
    assert all(any(n["type"] in ("figure", "table") for n in json.loads(r["nodes"])) for r in wordy)
    assert len(wordy) < len(every)


def test_pages_as_webdataset(tmp_path: Path) -> None:
    wds = pytest.importorskip("webdataset")
    out = tmp_path / "out"
    args = ["pages", str(sample("raster-figure.pdf")), "-o", str(out), "--format", "webdataset", "--quiet"]
    assert main([*args, "--ocr", "never", "--dpi", "72"]) == 0
    (tar,) = (out / "data").glob("part-*.tar")
    samples = list(wds.WebDataset(str(tar), shardshuffle=False))
    assert len(samples) == 2 and {"png", "md", "doctags", "json"} <= set(samples[0])
    assert doctags.parse(samples[0]["doctags"].decode())
