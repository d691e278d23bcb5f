"""WARC reader: the corpus WARC, WARCs written here (gzip, plain, chunked), truncated and corrupt ones."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from docbuild.options import HtmlOptions
from docbuild.sources import Skipped, Source
from parsers.html import parse
from parsers.warc import embed_images, index_images, iter_records

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://news.example.org"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_web", ROOT / "samples" / "generate_web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, gen) -> Path:
    out = tmp_path_factory.mktemp("warc")
    gen.main(out)
    return out / "mixed.warc.gz"


def _source(path: Path) -> Source:
    return Source(location=str(path), format="warc", path=path)


def _page(title: str) -> bytes:
    body = f"<p>{title} is the subject of this page, written with enough words to be an article. </p>" * 3
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode()


@pytest.mark.corpus
def test_corpus_example_warc(corpus: Path) -> None:
    path = corpus / "warc" / "example.warc.gz"
    expected = json.loads((corpus / "warc" / "example.warc.gz.expected.json").read_text())["example.warc.gz"]
    items = list(iter_records(_source(path)))
    assert not [i for i in items if isinstance(i, Skipped)]
    (page,) = items
    assert page.format == "html" and page.meta["url"] == expected["target_uri"]
    assert page.meta["warc_filename"] == "example.warc.gz"
    assert page.meta["warc_record_offset"] == 784 and page.meta["warc_record_length"] > 0
    assert page.meta["warc_date"] == "2017-03-06T04:02:06Z"
    assert expected["first_response_contains"].encode() in page.data  # gzip Content-Encoding undone
    doc = parse(page, HtmlOptions())
    assert doc.meta["title"] == "Example Domain" and doc.meta["url"] == "http://example.com/"


def test_mixed_warc_routes_html_and_pdf_and_embeds_archived_images(mixed: Path) -> None:
    src = _source(mixed)
    items = list(iter_records(src))
    assert [i.format for i in items] == ["html", "pdf"]  # image and CSS records are not documents
    html, pdf = items
    assert html.meta["url"] == f"{SITE}/2024/night-trains.html"
    assert b"Night trains return to Europe" in html.data  # chunked transfer encoding undone
    assert pdf.data.startswith(b"%PDF-") and pdf.meta["content_type"] == "application/pdf"
    assert html.sha256 != pdf.sha256
    index = index_images(src)
    assert set(index) == {f"{SITE}/img/map.png"}
    assert html.meta["_warc_images"] == index and "_warc_images" not in pdf.meta
    doc = embed_images(parse(html, HtmlOptions()), html)
    fig = doc.figures[0]
    assert fig.image.data is not None and fig.image.data.startswith(b"\x89PNG")
    assert fig.image.path == f"{SITE}/img/map.png" and fig.image.mime == "image/png"


def test_images_not_in_the_warc_stay_urls(tmp_path: Path, gen) -> None:
    page = b"<html><body><article><p>" + b"An article with a remote image. " * 6
    page += b'</p><img src="/remote.jpg" width="400" height="300"></article></body></html>'
    path = tmp_path / "one.warc.gz"
    png = gen._png(50, 50, (0, 0, 0))
    gen.write_warc(
        path,
        [(f"{SITE}/one.html", "text/html", page, False), (f"{SITE}/other.png", "image/png", png, False)],
    )
    (item,) = list(iter_records(_source(path)))
    assert "_warc_images" not in item.meta  # the archived image is not one this page uses
    doc = embed_images(parse(item, HtmlOptions()), item)
    assert doc.figures[0].image.data is None and doc.figures[0].image.path == f"{SITE}/remote.jpg"


def test_srcset_and_base_href_references_are_found(tmp_path: Path, gen) -> None:
    page = b'<html><head><base href="/media/"></head><body><article><p>' + b"Words of the article. " * 8
    page += b'</p><img src="small.png" srcset="small.png 100w, big.png 900w"></article></body></html>'
    path = tmp_path / "srcset.warc.gz"
    png = gen._png(900, 600, (10, 200, 10))
    gen.write_warc(
        path,
        [
            (f"{SITE}/a/page.html", "text/html", page, False),
            (f"{SITE}/media/big.png", "image/png", png, False),
        ],
    )
    (item,) = list(iter_records(_source(path)))
    assert list(item.meta["_warc_images"]) == [f"{SITE}/media/big.png"]
    doc = embed_images(parse(item, HtmlOptions()), item)
    assert doc.figures[0].image.path == f"{SITE}/media/big.png" and doc.figures[0].image.data == png


def test_uncompressed_warc(tmp_path: Path, gen) -> None:
    path = tmp_path / "plain.warc"
    gen.write_warc(path, [(f"{SITE}/a.html", "text/html", _page("Alpha"), False)])
    assert path.read_bytes().startswith(b"WARC/1.")
    (item,) = list(iter_records(_source(path)))
    assert item.meta["url"] == f"{SITE}/a.html" and b"Alpha" in item.data


def test_truncated_record_is_reported_and_earlier_records_kept(tmp_path: Path, gen) -> None:
    pages = [(f"{SITE}/{n}.html", "text/html", _page(n), False) for n in ("Alpha", "Beta")]
    pages.append((f"{SITE}/big.html", "text/html", _page("Gamma") * 200, False))
    full = tmp_path / "full.warc"
    gen.write_warc(full, pages)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 5000])
    items = list(iter_records(_source(cut)))
    good = [i for i in items if isinstance(i, Source)]
    bad = [i for i in items if isinstance(i, Skipped)]
    assert [g.meta["url"] for g in good] == [f"{SITE}/Alpha.html", f"{SITE}/Beta.html"]
    assert len(bad) == 1 and "truncated" in bad[0].reason


def test_corrupt_gzip_member_is_skipped_and_the_rest_read(tmp_path: Path, gen) -> None:
    names = ("Alpha", "Beta", "Gamma")
    path = tmp_path / "three.warc.gz"
    gen.write_warc(path, [(f"{SITE}/{n}.html", "text/html", _page(n), False) for n in names])
    offsets = [i.meta["warc_record_offset"] for i in iter_records(_source(path))]
    data = bytearray(path.read_bytes())
    middle = offsets[1] + 40
    data[middle : middle + 200] = bytes(200)  # smash the second record's deflate stream
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    items = list(iter_records(_source(broken)))
    urls = [i.meta["url"] for i in items if isinstance(i, Source)]
    assert urls[0] == f"{SITE}/Alpha.html" and urls[-1] == f"{SITE}/Gamma.html"
    assert f"{SITE}/Beta.html" not in urls
    assert any(isinstance(i, Skipped) for i in items)


def test_garbage_file_yields_skipped_not_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    items = list(iter_records(_source(path)))
    assert items and all(isinstance(i, Skipped) for i in items)


def test_in_memory_warc_source(mixed: Path) -> None:
    src = Source(location="upload.warc.gz", format="warc", data=mixed.read_bytes())
    assert [i.format for i in iter_records(src)] == ["html", "pdf"]
    assert io.BytesIO(src.data).read(2) == b"\x1f\x8b"


def _bomb_png() -> bytes:
    """A small PNG whose header claims 60 000 × 60 000 pixels (3.6 gigapixels)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_archived_images_are_verified_before_embedding(tmp_path: Path, gen) -> None:
    page = b"<html><body><article><p>" + b"An article with two archived images. " * 6
    page += b'</p><img src="/good.png" width="50" height="50"><img src="/bomb.png" width="600" height="400">'
    page += b"</article></body></html>"
    path = tmp_path / "bomb.warc.gz"
    gen.write_warc(
        path,
        [
            (f"{SITE}/page.html", "text/html", page, False),
            (f"{SITE}/good.png", "image/png", gen._png(50, 50, (200, 0, 0)), False),
            (f"{SITE}/bomb.png", "image/png", _bomb_png(), False),
        ],
    )
    (item,) = [s for s in iter_records(_source(path)) if isinstance(s, Source)]
    doc = embed_images(parse(item, HtmlOptions(min_image_side=0)), item)
    by_url = {f.image.path: f for f in doc.figures}
    good, bomb = by_url[f"{SITE}/good.png"], by_url[f"{SITE}/bomb.png"]
    assert (
        good.image.data
        and (good.image.width, good.image.height) == (50, 50)
        and len(good.meta["sha256"]) == 64
    )
    assert bomb.image.data is None and bomb.meta["image_error"] == "decompression_bomb"
    assert any("bomb.png" in w for w in doc.warnings)
