"""Image fetching and verification against a local site on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitegen import BAD_IMAGES, GOOD_IMAGES, Route, SiteServer, build_site, jpeg, png, serve

from docbuild.errors import FetchError
from docbuild.fetch import ImageFiller
from docbuild.http import Fetcher
from docbuild.images import verify_image
from docbuild.options import FetchOptions
from docbuild.writers.parquet import read_rows, write_shard

FAST = {"delay": 0.0, "timeout": 1.0, "retries": 1, "backoff": 0.05, "image_max_bytes": 1_000_000}


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with serve({}, deadline=120) as server:
        server.routes.update(build_site(f"localhost:{server.port}"))
        yield server


def _row(base: str, paths: list[str]) -> dict[str, object]:
    texts: list[str | None] = ["An intro paragraph."]
    images: list[dict[str, object] | None] = [None]
    metadata: list[dict[str, object]] = [{"type": "paragraph", "id": "n1"}]
    for k, path in enumerate(paths):
        texts.append(None)
        images.append({"bytes": None, "path": base + path})
        metadata.append({"type": "figure", "id": f"n{k + 2}", "src": path})
    return {
        "id": "doc-1",
        "texts": texts,
        "images": images,
        "metadata": json.dumps(metadata),
        "general_metadata": json.dumps({"url": base + "/"}),
    }


async def _fill(row: dict[str, object], **opts: object) -> tuple[object, Fetcher]:
    async with Fetcher(FetchOptions(**{**FAST, **opts})) as fetcher:  # type: ignore[arg-type]
        return await ImageFiller(fetcher).fill_row(row), fetcher


def test_fill_row_keeps_good_images_and_names_each_failure(site: SiteServer) -> None:
    paths = sorted(GOOD_IMAGES) + sorted(BAD_IMAGES)
    filled, fetcher = asyncio.run(_fill(_row(site.url, paths)))
    row = filled.row
    assert row is not None
    meta = json.loads(row["metadata"])
    kept = [m["src"] for m in meta if m["type"] == "figure"]
    assert kept == sorted(GOOD_IMAGES)
    reasons = {f["url"].removeprefix(site.url): f["reason"] for f in filled.failures}
    assert reasons == BAD_IMAGES
    assert all(site.url in f["message"] or f["message"] for f in filled.failures)
    for cell, m in zip(row["images"], meta, strict=True):
        if m["type"] != "figure":
            assert cell is None
            continue
        from PIL import Image

        with Image.open(io.BytesIO(cell["bytes"])) as im:
            assert im.size == (m["width"], m["height"]) == (m["orig_width"], m["orig_height"])
        assert len(m["sha256"]) == 64 and len(m["phash"]) == 16
        assert m["format"] in ("PNG", "JPEG")
    general = json.loads(row["general_metadata"])
    assert len(general["image_failures"]) == len(BAD_IMAGES)
    assert fetcher.stats.errors >= 1


def test_redirected_image_is_the_target(site: SiteServer) -> None:
    filled, _ = asyncio.run(_fill(_row(site.url, ["/img/redirect.png", "/img/good.png"])))
    meta = [m for m in json.loads(filled.row["metadata"]) if m["type"] == "figure"]
    assert meta[0]["sha256"] == meta[1]["sha256"]


def test_resize_and_reencode(site: SiteServer) -> None:
    filled, _ = asyncio.run(_fill(_row(site.url, ["/img/photo.jpg"]), image_max_side=64, image_format="png"))
    m = json.loads(filled.row["metadata"])[1]
    assert (m["orig_width"], m["orig_height"]) == (300, 200)
    assert max(m["width"], m["height"]) == 64 and m["mime"] == "image/png"
    assert filled.row["images"][1]["bytes"].startswith(b"\x89PNG")


def test_resize_keeps_the_format_unless_asked() -> None:
    info = verify_image(jpeg(400, 100), "u", FetchOptions(image_max_side=100))
    assert (info.format, info.mime, info.width, info.height) == ("JPEG", "image/jpeg", 100, 25)
    assert info.data[:2] == b"\xff\xd8" and (info.orig_width, info.orig_height) == (400, 100)


def test_document_whose_images_all_failed_is_dropped_or_kept(site: SiteServer) -> None:
    row = _row(site.url, ["/img/missing.png", "/img/fake.jpg"])
    dropped, _ = asyncio.run(_fill(row))
    assert dropped.row is None and len(dropped.failures) == 2
    kept, _ = asyncio.run(_fill(row, keep_failed=True))
    assert kept.row is not None and kept.row["texts"] == ["An intro paragraph."]


def test_robots_disallow_applies_to_images() -> None:
    routes = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /img/\n", "text/plain"),
        "/img/a.png": Route(png(40, 40), "image/png"),
    }
    with serve(routes, deadline=20) as server:
        filled, _ = asyncio.run(_fill(_row(server.url, ["/img/a.png"]), keep_failed=True))
        assert [f["reason"] for f in filled.failures] == ["robots"]
        assert "/img/a.png" not in server.paths()


def test_retries_on_503_then_succeeds() -> None:
    calls = {"n": 0}
    good = png(50, 50)

    class Flaky(dict):  # first request 503 with Retry-After: 0, then the image
        def get(self, key: str, default: object = None) -> object:
            if key == "/img/flaky.png":
                calls["n"] += 1
                if calls["n"] == 1:
                    return Route(b"busy", "text/plain", 503, {"Retry-After": "0"})
                return Route(good, "image/png")
            return super().get(key, default)

    with serve(Flaky({"/robots.txt": Route(b"", "text/plain", 404)}), deadline=20) as server:
        filled, fetcher = asyncio.run(_fill(_row(server.url, ["/img/flaky.png"])))
        assert filled.failures == [] and fetcher.stats.retries == 1
        assert server.paths().count("/img/flaky.png") == 2


def test_verify_image_rejects_bomb_before_decoding() -> None:
    from sitegen import bomb_png

    with pytest.raises(FetchError) as err:
        verify_image(bomb_png(8000), "http://127.0.0.1/x.png", FetchOptions(max_pixels=1_000_000))
    assert err.value.reason == "decompression_bomb" and "8000x8000" in err.value.message
    info = verify_image(jpeg(64, 32), "u", FetchOptions())
    assert (info.width, info.height, info.format) == (64, 32, "JPEG")


def test_fetch_images_command_on_an_obelics_dataset(site: SiteServer, tmp_path: Path) -> None:
    from docbuild.fetch import fetch_dataset
    from docbuild.options import RunOptions

    src = tmp_path / "in"
    obelics_row = {  # downloaded OBELICS rows: images are plain URL strings, no id column
        "texts": ["Caption text", None, None],
        "images": [None, site.url + "/img/good.png", site.url + "/img/missing.png"],
        "metadata": json.dumps([None, {"src": "good"}, {"src": "missing"}]),
        "general_metadata": json.dumps({"url": site.url}),
    }
    import pyarrow as pa
    import pyarrow.parquet as pq

    src.mkdir()
    pq.write_table(
        pa.Table.from_pylist(
            [
                obelics_row,
                {"texts": ["Only text"], "images": [None], "metadata": "[null]", "general_metadata": "{}"},
            ]
        ),
        src / "obelics.parquet",
    )
    ours = _row(site.url, ["/img/missing.png"])
    write_shard(src / "data" / "part-00000.parquet", [ours])
    out = tmp_path / "out"
    summary = fetch_dataset([str(src)], RunOptions(output=str(out), workers=1), FetchOptions(**FAST))
    rows = [r for p in sorted((out / "data").glob("*.parquet")) for r in read_rows(p)]
    assert len(rows) == 2  # ours had only a failing image and is dropped
    first = rows[0]
    assert first["texts"] == ["Caption text", None]
    assert first["images"][1]["bytes"][:4] == b"\x89PNG"
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert {(f["url"].removeprefix(site.url), f["reason"]) for f in failures} == {
        ("/img/missing.png", "http_404")
    }
    assert summary.ok == 2 and summary.skipped == 1


def test_html_command_with_images_fetch(site: SiteServer, tmp_path: Path) -> None:
    from docbuild.cli import main

    page = tmp_path / "saved.html"
    imgs = "".join(
        f'<figure><img src="{site.url}{p}" width="200" height="150"></figure>'
        for p in ["/img/good.png", "/img/missing.png"]
    )
    page.write_text(f"<html><body><h1>Saved</h1><p>{'Some words here. ' * 10}</p>{imgs}</body></html>")
    out = tmp_path / "out"
    assert main(["html", str(page), "-o", str(out), "--images", "fetch", "--workers", "1", "--quiet"]) == 0
    (row,) = read_rows(next((out / "data").glob("part-*.parquet")))
    cells = [c for c in row["images"] if c]
    assert [c["path"] for c in cells] == [site.url + "/img/good.png"] and cells[0]["bytes"][:4] == b"\x89PNG"
    failures = json.loads(row["general_metadata"])["image_failures"]
    assert [(f["url"], f["reason"]) for f in failures] == [(site.url + "/img/missing.png", "http_404")]
    only_missing = tmp_path / "broken.html"
    only_missing.write_text(page.read_text().replace("/img/good.png", "/img/fake.jpg"))
    out2 = tmp_path / "out2"
    main(["html", str(only_missing), "-o", str(out2), "--images", "fetch", "--workers", "1", "--quiet"])
    (entry,) = [json.loads(line) for line in (out2 / "manifest.jsonl").read_text().splitlines()]
    assert (entry["status"], entry["reason"]) == ("failed", "images_failed")
    assert "http_404" in entry["message"] and "not_image" in entry["message"]


def test_fetch_images_cli_resume_skips_finished_rows(site: SiteServer, tmp_path: Path) -> None:
    from docbuild.cli import main

    rows = [{**_row(site.url, ["/img/good.png"]), "id": f"doc-{i}"} for i in range(3)]
    write_shard(tmp_path / "in" / "data" / "part-00000.parquet", rows)
    out = tmp_path / "out"
    args = [
        "fetch-images",
        str(tmp_path / "in"),
        "-o",
        str(out),
        "--workers",
        "1",
        "--quiet",
        "--timeout",
        "2",
    ]
    assert main([*args, "--shard-size", "2"]) == 0
    before = len(site.hits)
    assert main([*args, "--resume"]) == 0
    assert len(site.hits) == before  # every row was finished: nothing fetched again
    ids = [r["id"] for p in sorted((out / "data").glob("part-*.parquet")) for r in read_rows(p)]
    assert ids == ["doc-0", "doc-1", "doc-2"]


def test_429_retry_after_pauses_the_whole_host() -> None:
    calls = {"n": 0}
    good = png(50, 50)

    class Busy(dict):  # first request: 429 with Retry-After: 1; later ones succeed
        def get(self, key: str, default: object = None) -> object:
            if key == "/img/a-busy.png":
                calls["n"] += 1
                if calls["n"] == 1:
                    return Route(b"slow down", "text/plain", 429, {"Retry-After": "1"})
                return Route(good, "image/png")
            return super().get(key, default)

    routes = Busy({"/robots.txt": Route(b"", "text/plain", 404), "/img/good.png": Route(good, "image/png")})
    with serve(routes, deadline=20) as server:
        filled, fetcher = asyncio.run(
            _fill(_row(server.url, ["/img/a-busy.png", "/img/good.png"]), per_host=1)
        )
        assert filled.failures == [] and fetcher.stats.statuses == {404: 1, 429: 1, 200: 2}
        times = {}
        for hit in server.hits:
            times.setdefault(hit.path, []).append(hit.time)
        first_429 = times["/img/a-busy.png"][0]
        assert times["/img/a-busy.png"][1] - first_429 >= 0.9
        assert times["/img/good.png"][0] - first_429 >= 0.9  # the other URL on that host waited too


def test_fetch_error_pickles_with_its_reason() -> None:
    import pickle

    from docbuild.errors import DocbuildError

    err = pickle.loads(pickle.dumps(FetchError("http://127.0.0.1/x.png", "HTTP 404", "http_404")))
    assert isinstance(err, FetchError) and isinstance(err, DocbuildError)
    assert (err.source, err.message, err.reason) == ("http://127.0.0.1/x.png", "HTTP 404", "http_404")
    assert str(err) == "http://127.0.0.1/x.png: HTTP 404"


def test_options_are_validated_on_creation() -> None:
    from docbuild.options import CrawlOptions

    with pytest.raises(ValueError, match="--per-host"):
        FetchOptions(per_host=0)
    with pytest.raises(ValueError, match="--image-format"):
        FetchOptions(image_format="gif")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="--allow/--deny"):
        CrawlOptions(deny=("(",))
    assert CrawlOptions(http=FetchOptions(delay=0.0)).http.delay == 0.0


def test_html_images_fetch_keeps_the_per_host_limit_across_workers(tmp_path: Path) -> None:
    from docbuild.cli import main

    slow = png(60, 40)
    routes = {"/robots.txt": Route(b"User-agent: *\nAllow: /\n", "text/plain")}
    pages = tmp_path / "pages"
    pages.mkdir()
    with serve(routes, deadline=60) as server:
        for i in range(6):  # 2 workers x 3 images each would put up to 6 requests on the host
            srcs = [f"/img/s{i}-{k}.png" for k in range(3)]
            routes.update({src: Route(slow, "image/png", delay=0.25) for src in srcs})
            tag = '<figure><img src="{}" width="60" height="40"></figure>'
            imgs = "".join(tag.format(server.url + s) for s in srcs)
            text = f"Page {i} has some words to keep. " * 8
            (pages / f"p{i}.html").write_text(f"<html><body><h1>P{i}</h1><p>{text}</p>{imgs}</body></html>")
        out = tmp_path / "out"
        args = ["html", str(pages), "-o", str(out), "--images", "fetch", "--workers", "2", "--quiet"]
        assert main(args) == 0
        host = f"127.0.0.1:{server.port}"
        assert server.peak[host] == 2  # the default --per-host, reached and never exceeded
        assert server.paths().count("/robots.txt") == 1  # one robots.txt for the run, not per worker
        assert len([p for p in server.paths() if p.startswith("/img/")]) == 18
    rows = [r for p in sorted((out / "data").glob("part-*.parquet")) for r in read_rows(p)]
    assert len(rows) == 6
    assert all(len([c for c in r["images"] if c and c["bytes"]]) == 3 for r in rows)


def test_image_fetching_job_without_a_service_fetches_in_its_own_process(site: SiteServer) -> None:
    from docbuild.fetch import ImageFetchingJob
    from docbuild.options import HtmlOptions
    from docbuild.sources import Source

    html = (
        f'<html><body><h1>T</h1><p>{"Words here. " * 10}</p><img src="{site.url}/img/good.png"></body></html>'
    )
    source = Source(location="page.html", format="html", data=html.encode(), meta={})
    job = ImageFetchingJob(html=HtmlOptions(images="fetch"), fetch=FetchOptions(**FAST))  # type: ignore[arg-type]
    _, (row,) = job.build(source)
    (cell,) = [c for c in row["images"] if c]
    assert cell["bytes"][:4] == b"\x89PNG"


def test_a_worker_whose_image_service_is_gone_gets_a_fetch_error(site: SiteServer) -> None:
    from docbuild.image_service import ImageService, ServiceClient

    with ImageService(FetchOptions(**FAST)) as service:  # type: ignore[arg-type]
        client = ServiceClient(service.address, service.authkey)
        filled = client.fill(_row(site.url, ["/img/good.png"]))
        assert filled.row is not None and filled.failures == []
    with pytest.raises(FetchError) as err:
        client.fill(_row(site.url, ["/img/good.png"]))
    assert err.value.reason == "network" and "image service unreachable" in err.value.message
