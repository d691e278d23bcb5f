"""Bad input, tried for real: every file ends as a clear manifest entry; good files in the run survive."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

import pytest

from docbuild.jobs import Job
from docbuild.options import PdfOptions, RunOptions
from docbuild.pipeline import run
from docbuild.sources import discover
from docbuild.writers.parquet import read_rows

pymupdf = pytest.importorskip("pymupdf")

# Typed, documented outcomes; "internal_error" and "crashed" would mean docbuild itself broke.
CLEAN_FAILURES = {"parse_error", "encrypted", "unsupported", "empty", "resource_limit", "timeout", "memory"}
PASSWORD = "user-pw"


def encrypted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    body = "Secret text inside an encrypted file, with several words. " * 6
    doc.new_page().insert_textbox(pymupdf.Rect(72, 300, 520, 500), body, fontsize=11)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-pw", user_pw=PASSWORD)
    doc.close()
    return path


def drawings_pdf(path: Path, count: int = 100_000) -> Path:
    """One page carrying ``count`` tiny filled rectangles (vector-graphics stress)."""
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.insert_text((72, 790), "A page with one hundred thousand tiny drawings.")
    ops = "".join(f"{(i % 500) * 1.2:.1f} {(i // 500) * 3.9:.1f} 0.8 0.8 re f\n" for i in range(count))
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq 0 g\n" + ops.encode() + b"Q\n")
    doc.save(path, deflate=True)
    doc.close()
    return path


def bomb_pdf(path: Path, side: int = 30_000) -> Path:
    """A 30000x30000 grey image (900 MB decoded) that compresses to ~4 MB of Flate data."""
    packer = zlib.compressobj(1)
    rows = b"\0" * (side * 500)
    data = b"".join([*(packer.compress(rows) for _ in range(side // 500)), packer.flush()])
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "This page holds a decompression bomb image.")
    xref = doc.get_new_xref()
    spec = f"/Width {side} /Height {side} /BitsPerComponent 8 /ColorSpace /DeviceGray"
    doc.update_object(xref, f"<< /Type /XObject /Subtype /Image {spec} /Filter /FlateDecode >>")
    doc.update_stream(xref, data, compress=False)
    kind, resources = doc.xref_get_key(page.xref, "Resources")
    if kind == "xref":
        doc.xref_set_key(int(resources.split()[0]), "XObject", f"<< /Bomb {xref} 0 R >>")
    else:
        doc.xref_set_key(page.xref, "Resources/XObject", f"<< /Bomb {xref} 0 R >>")
    content = page.get_contents()[0]
    doc.update_stream(content, doc.xref_stream(content) + b"\nq 400 0 0 400 100 200 cm /Bomb Do Q\n")
    doc.save(path)
    doc.close()
    return path


def entries(out: Path) -> dict[str, dict[str, object]]:
    lines = (out / "manifest.jsonl").read_text().splitlines()
    return {Path(e["input"]).name: e for e in map(json.loads, lines)}


def texts_by_name(out: Path) -> dict[str, str]:
    rows = [r for p in sorted((out / "data").glob("*.parquet")) for r in read_rows(p)]
    return {
        Path(json.loads(r["general_metadata"])["source"]).name: " ".join(t for t in r["texts"] if t)
        for r in rows
    }


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for pdf in sorted((corpus / "pdf" / "bad").glob("*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    shutil.copy(corpus / "pdf" / "2305.03393v1-pg9.pdf", folder / "good-table-page.pdf")
    shutil.copy(corpus / "pdf" / "openie_banko2007.pdf", folder / "good-paper.pdf")
    (folder / "zero-bytes.pdf").write_bytes(b"")
    (folder / "text-named.pdf").write_text("just a text file wearing a .pdf ending\n")
    encrypted_pdf(folder / "encrypted.pdf")
    drawings_pdf(folder / "drawings.pdf")
    bomb_pdf(folder / "bomb.pdf")
    return folder


@pytest.mark.slow
@pytest.mark.corpus
def test_every_bad_file_ends_in_the_manifest_and_good_files_survive(
    bad_folder: Path, corpus: Path, tmp_path: Path
) -> None:
    sources, skipped = discover([bad_folder], "pdf")
    out = tmp_path / "out"
    options = RunOptions(output=str(out), workers=2, doc_timeout=20, max_memory_mb=700, shard_size=4)
    summary = run(Job(), sources, options, skipped=skipped)
    got = entries(out)
    assert set(got) == {p.name for p in bad_folder.iterdir()}
    for name, entry in got.items():
        if entry["status"] == "failed":
            assert entry["reason"] in CLEAN_FAILURES, (name, entry)
            assert entry["message"], name
    assert got["zero-bytes.pdf"]["reason"] == "empty"
    assert got["text-named.pdf"]["reason"] == "unsupported"
    assert got["encrypted.pdf"]["reason"] == "encrypted"
    # The stress files may parse or hit a limit, but never crash, hang or take a good file down.
    assert got["drawings.pdf"]["status"] in ("ok", "skipped", "failed")
    assert got["bomb.pdf"]["reason"] in (None, "memory", "timeout", "resource_limit")
    assert got["good-table-page.pdf"]["status"] == got["good-paper.pdf"]["status"] == "ok"
    texts = texts_by_name(out)
    expected = json.loads((corpus / "pdf" / "bad" / "EXPECTED.json").read_text())
    for name, spec in expected.items():
        if name.startswith("_"):
            continue
        if spec["text"]:  # the readable ones must open and give their text
            assert got[name]["status"] == "ok", got[name]
            assert spec["text"] in texts[name]
            assert got[name]["pages"] == spec["pages"]
        else:  # the fuzzed, empty one: a document or a clean typed error
            assert got[name]["status"] == "ok" or got[name]["reason"] in CLEAN_FAILURES
    assert summary.ok + summary.failed + summary.skipped == len(got)
    assert summary.reasons.get("failed:internal_error", 0) == 0
    assert summary.reasons.get("failed:crashed", 0) == 0


def test_encrypted_pdf_opens_with_the_password(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = encrypted_pdf(tmp_path / "in" / "locked.pdf")
    sources, _ = discover([path], "pdf")
    for password, status in ((None, "failed"), ("wrong", "failed"), (PASSWORD, "ok")):
        out = tmp_path / f"out-{password}"
        run(Job(pdf=PdfOptions(password=password)), sources, RunOptions(output=str(out), workers=1))
        entry = entries(out)["locked.pdf"]
        assert entry["status"] == status, (password, entry)
        if status == "failed":
            assert entry["reason"] == "encrypted"
        else:
            assert "Secret text" in texts_by_name(out)["locked.pdf"]


def test_file_vanishing_after_discovery_is_a_clean_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    encrypted_pdf(folder / "a.pdf")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 soon gone")
    sources, _ = discover([folder], "pdf")
    (folder / "b.pdf").unlink()
    run(Job(), sources, RunOptions(output=str(tmp_path / "out"), workers=1))
    entry = entries(tmp_path / "out")["b.pdf"]
    assert entry["status"] == "failed" and entry["reason"] in CLEAN_FAILURES
    assert "No such file" in entry["message"] and entry["input"].endswith("b.pdf")


def test_unreadable_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked-dir").mkdir(parents=True)
    encrypted_pdf(folder / "locked-dir" / "hidden.pdf")
    (folder / "locked.pdf").write_bytes(b"%PDF-1.4\n")
    os.chmod(folder / "locked.pdf", 0)
    os.chmod(folder / "locked-dir", 0)
    try:
        if os.access(folder / "locked.pdf", os.R_OK):
            pytest.skip("running as root: chmod 000 does not block reads, so unreadable files cannot be made")
        sources, skipped = discover([folder], "pdf")
        run(Job(), sources, RunOptions(output=str(tmp_path / "out"), workers=1), skipped=skipped)
        got = entries(tmp_path / "out")
        assert got["locked.pdf"]["status"] == "failed"
        assert got["locked-dir"]["status"] == "skipped"
    finally:
        os.chmod(folder / "locked-dir", 0o755)
        os.chmod(folder / "locked.pdf", 0o644)
