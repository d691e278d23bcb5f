"""Finding inputs: recursion, sorting, suffix filters, missing paths, stable ids."""

from __future__ import annotations

import gzip
from pathlib import Path

from docbuild.sources import Source, discover


def test_discover_walks_sorted_and_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.txt").write_text("x")
    named = tmp_path / "explicit.bin"
    named.write_bytes(b"x")
    sources, skipped = discover([tmp_path, named, tmp_path / "missing.pdf"], "pdf")
    locations = [s.location for s in sources]
    assert locations == sorted(locations)
    assert {Path(loc).name for loc in locations} == {"a.PDF", "z.pdf", "explicit.bin"}
    assert [(Path(s.location).name, s.reason) for s in skipped] == [("missing.pdf", "not found")]


def test_html_gz_is_decompressed_and_ids_follow_bytes(tmp_path: Path) -> None:
    page = tmp_path / "p.html.gz"
    page.write_bytes(gzip.compress(b"<html><p>hi</p></html>"))
    (source,), _ = discover([tmp_path], "html")
    assert source.read_bytes() == b"<html><p>hi</p></html>"
    same = Source("elsewhere", "html", path=page)
    assert same.sha256 == source.sha256 and len(source.sha256) == 64
