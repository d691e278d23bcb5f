"""The crawler against a generated site on 127.0.0.1: scope, robots, delay, documents, WARC, resume."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitegen import LOREM, Route, SiteServer, build_site, page, serve

from docbuild.archive import read_warc
from docbuild.cli import main
from docbuild.crawl import Scope, crawl, normalize_url
from docbuild.jobs import Job
from docbuild.options import CrawlOptions, FetchOptions, HtmlOptions, RunOptions
from docbuild.writers.parquet import read_rows
from parsers.links import extract_links

ROOT = Path(__file__).resolve().parent.parent
DELAY = 0.25  # the site's robots.txt Crawl-delay
PAGES = ["/", "/a.html", "/b.html?x=1&y=2", "/c.html", "/d.html", "/doc.pdf"]
# Requests a same-domain crawl of depth 2 must make, each exactly once: the pages, one text file
# (refused on its Content-Type) and one redirect; never /private/, /e.html (depth 3) or another host.
REQUESTED = {*PAGES, "/notes.txt", "/redirect-page", "/robots.txt"}


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with serve({}, deadline=240) as server:
        server.routes.update(build_site(f"localhost:{server.port}", crawl_delay=DELAY, slow=3.0))
        yield server


def _http(**kw: object) -> FetchOptions:
    base = {
        "delay": 0.0,
        "timeout": 1.0,
        "retries": 0,
        "image_max_bytes": 1_000_000,
        "user_agent": "testbot/1.0",
    }
    return FetchOptions(**{**base, **kw})  # type: ignore[arg-type]


def _rows(out: Path) -> list[dict[str, object]]:
    return [r for p in sorted((out / "data").glob("part-*.parquet")) for r in read_rows(p)]


def _by_url(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {json.loads(r["general_metadata"])["url"]: r for r in rows}  # type: ignore[arg-type]


def _crawl(
    site: SiteServer, out: Path, images: str = "url", **http: object
) -> tuple[object, object, list[str]]:
    before = len(site.hits)
    options = CrawlOptions(max_depth=2, images=images, http=_http(**http))  # type: ignore[arg-type]
    job = Job(html=HtmlOptions(images=images))  # type: ignore[arg-type]
    summary, stats = crawl([site.url + "/"], job, options, RunOptions(output=str(out), workers=2))
    return summary, stats, [h.path for h in site.hits[before:]]


def test_normalize_url() -> None:
    assert normalize_url("HTTP://Example.ORG:80/a/./b/../c.html#frag") == "http://example.org/a/c.html"
    assert normalize_url("https://example.org") == "https://example.org/"
    assert normalize_url("https://example.org:8443/x?b=2&a=1") == "https://example.org:8443/x?a=1&b=2"
    assert normalize_url("http://example.org/%7euser/a%20b") == "http://example.org/~user/a%20b"
    assert normalize_url("../up.html", base="http://example.org/a/b/") == "http://example.org/a/up.html"
    assert normalize_url("mailto:someone@example.org") is None
    assert normalize_url("http://[::1]:8080/") == "http://[::1]:8080/"


def test_scope_same_domain_allow_deny() -> None:
    scope = Scope(["http://example.org/"], CrawlOptions(allow=(r"/docs/",), deny=(r"\.zip$",)))
    assert "http://example.org/docs/a.html" in scope
    assert "http://www.example.org/docs/a.html" in scope  # a subdomain of a seed host
    assert "http://example.org/blog/a.html" not in scope  # not allowed
    assert "http://example.org/docs/all.zip" not in scope  # denied
    assert "http://example.com/docs/a.html" not in scope  # another site
    anywhere = Scope(["http://example.org/"], CrawlOptions(same_domain=False))
    assert "http://example.com/docs/a.html" in anywhere


def test_crawl_stops_at_max_pages_and_obeys_deny(site: SiteServer, tmp_path: Path) -> None:
    before = len(site.hits)
    options = CrawlOptions(max_pages=3, max_depth=5, deny=(r"/b\.html",), http=_http())
    crawl([site.url + "/"], Job(), options, RunOptions(output=str(tmp_path / "out"), workers=1))
    paths = [h.path for h in site.hits[before:] if h.path not in ("/robots.txt", "/notes.txt")]
    pages = [p for p in paths if p != "/redirect-page"]
    assert len(pages) == 3 and len(set(pages)) == 3 and pages[0] == "/"
    assert not any(p.startswith("/b.html") for p in paths)
    assert len(_rows(tmp_path / "out")) == 3


def test_a_redirecting_seed_brings_its_target_host_into_scope(site: SiteServer, tmp_path: Path) -> None:
    site.routes["/to-loopback"] = Route(b"", status=301, headers={"Location": f"{site.url}/c.html"})
    seed = f"http://localhost:{site.port}/to-loopback"  # -> http://127.0.0.1:PORT/c.html, another host
    before = len(site.hits)
    options = CrawlOptions(max_depth=0, http=_http())
    summary, _ = crawl([seed], Job(), options, RunOptions(output=str(tmp_path / "out"), workers=1))
    hits = [(h.host.split(":")[0], h.path) for h in site.hits[before:] if h.path != "/robots.txt"]
    assert hits == [("localhost", "/to-loopback"), ("127.0.0.1", "/c.html")]
    assert summary.ok == 1


def test_extract_links_resolves_and_reads_canonical() -> None:
    html = b"""<html><head><base href="/docs/"><link rel="canonical" href="page.html?x=1">
    <meta name="ROBOTS" content="noindex"></head><body>
    <a href="a.html">a</a><a href="#top">top</a><a href="mailto:x@y">m</a>
    <a href="http://other.example/z" rel="nofollow">z</a><a href="a.html">again</a>
    <area href="/map.html"></body></html>"""
    links = extract_links(html, "http://example.org/start/index.html")
    assert links.links == ("http://example.org/docs/a.html", "http://example.org/map.html")
    assert links.canonical == "http://example.org/docs/page.html?x=1"
    assert links.noindex and not links.nofollow


def test_crawl_visits_exactly_the_allowed_pages_politely(site: SiteServer, tmp_path: Path) -> None:
    _, stats, paths = _crawl(site, tmp_path / "out")
    assert sorted(paths) == sorted(REQUESTED)  # each once: normalisation dedups ./a.html#top, ?y=2&x=1
    own = site.hits[-len(paths) :]  # this crawl's requests (the module's tests run one at a time)
    assert all(h.user_agent == "testbot/1.0" for h in own)
    assert all(h.host.startswith("127.0.0.1") for h in own)  # the localhost:PORT link is off-site
    starts = sorted(h.time for h in own)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Crawl-delay from robots.txt, one host: measured where requests arrive, so allow for jitter.
    assert starts[-1] - starts[0] >= (len(starts) - 1) * DELAY - 0.05, gaps
    assert min(gaps) >= 0.6 * DELAY, gaps
    manifest = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    status = {e["input"].removeprefix(site.url): (e["status"], e["reason"]) for e in manifest}
    assert status["/private/secret.html"] == ("skipped", "robots")
    assert status["/notes.txt"] == ("skipped", "content_type")
    assert {k for k, v in status.items() if v[0] == "ok"} == set(PAGES)
    rows = _by_url(_rows(tmp_path / "out"))
    assert {u.removeprefix(site.url) for u in rows} == set(PAGES)
    page_a = rows[site.url + "/a.html"]
    assert any("Page A talks about foxes." in (t or "") for t in page_a["texts"])
    assert any(LOREM[:20] in (t or "") for t in rows[site.url + "/doc.pdf"]["texts"])
    home_images = [c["path"] for c in rows[site.url + "/"]["images"] if c]
    assert site.url + "/img/good.png" in home_images
    assert stats.pages == len(PAGES) and stats.robots_blocked == 1
    # Offline re-parse of the recorded WARC gives the same documents, without a single request.
    before = len(site.hits)
    replay = tmp_path / "replay"
    code = main(["warc", str(tmp_path / "out" / "warc"), "-o", str(replay), "--workers", "1", "--quiet"])
    assert code == 0 and len(site.hits) == before
    replayed = _by_url(_rows(replay))
    assert replayed.keys() == rows.keys()
    for url, row in rows.items():
        assert replayed[url]["texts"] == row["texts"], url
        assert replayed[url]["images"] == row["images"], url
        assert replayed[url]["id"] == row["id"], url


def test_crawl_fetches_images_and_warc_replays_the_same_documents(site: SiteServer, tmp_path: Path) -> None:
    out = tmp_path / "crawl"
    _, stats, paths = _crawl(site, out, images="fetch")
    assert paths.count("/img/missing.png") == 1  # on two pages, fetched once (the failure is kept)
    assert paths.count("/img/good.png") <= 2  # on two pages and behind a redirect
    rows = _by_url(_rows(out))
    home = rows[site.url + "/"]
    metas = json.loads(home["metadata"])
    figures = [(c, m) for c, m in zip(home["images"], metas, strict=True) if c is not None]
    assert {m["image_url"].removeprefix(site.url) for _, m in figures} == {
        "/img/good.png",
        "/img/redirect.png",
    }
    for cell, meta in figures:
        assert cell["bytes"][:4] == b"\x89PNG" and (meta["orig_width"], meta["orig_height"]) == (160, 120)
        assert len(meta["sha256"]) == 64 and meta["phash"]
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    reasons = {(f["url"].removeprefix(site.url), f["reason"]) for f in failures}
    assert {
        ("/img/fake.jpg", "not_image"),
        ("/img/truncated.jpg", "truncated"),
        ("/img/slow.png", "timeout"),
        ("/img/bomb.png", "decompression_bomb"),
        ("/img/big.png", "too_large"),
        ("/img/missing.png", "http_404"),
    } == reasons
    assert site.url + "/d.html" not in rows  # its only image failed: dropped by default
    assert stats.images >= 3
    # Every stored image is archived in the WARC (under its final URL after a redirect).
    archived = {
        r.body for r, label in read_warc(out / "warc", images=True) if label == "image" and r.status == 200
    }
    assert all(c["bytes"] in archived for row in rows.values() for c in row["images"] if c)
    # Re-parsing the crawl's WARC offline embeds the archived images again (no network touched).
    replay = tmp_path / "replay"
    assert main(["warc", str(out / "warc"), "-o", str(replay), "--workers", "1", "--quiet"]) == 0
    replayed = _by_url(_rows(replay))[site.url + "/"]
    embedded = {c["path"].removeprefix(site.url): c["bytes"] for c in replayed["images"] if c and c["bytes"]}
    assert embedded.get("/img/good.png", b"")[:4] == b"\x89PNG"


def test_crawl_resumes_after_being_killed(site: SiteServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "docbuild",
        "crawl",
        site.url + "/",
        "-o",
        str(out),
        "--max-depth",
        "2",
        "--delay",
        "0",
        "--timeout",
        "1",
        "--retries",
        "0",
        "--workers",
        "1",
        "--quiet",
        "--user-agent",
        "resumebot/1.0",
        "--shard-size",
        "1",
        "--images",
        "fetch",
        "--image-max-bytes",
        "1000000",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(h.user_agent == "resumebot/1.0" for h in site.hits) < 10:
        time.sleep(0.02)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    first = [h.path for h in site.hits if h.user_agent == "resumebot/1.0"]
    assert len(first) >= 10
    recorded = {r.url.removeprefix(site.url) for r, _ in read_warc(out / "warc", images=True)}
    resumed = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, timeout=120, check=False)
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    second = [h.path for h in site.hits if h.user_agent == "resumebot/1.0"][len(first) :]
    assert not recorded & set(second), "a URL recorded before the kill was fetched again"
    images = {p for p in set(first) | set(second) if p.startswith("/img/")}
    assert sorted((set(first) | set(second)) - images) == sorted(REQUESTED)
    assert images == {
        "/img/good.png",
        "/img/photo.jpg",
        "/img/redirect.png",
        "/img/missing.png",
        "/img/fake.jpg",
        "/img/truncated.jpg",
        "/img/bomb.png",
        "/img/big.png",
        "/img/slow.png",
    }
    rows = _rows(out)
    urls = [json.loads(r["general_metadata"])["url"].removeprefix(site.url) for r in rows]
    assert sorted(urls) == sorted(set(PAGES) - {"/d.html"})  # each once (d.html: its only image failed)
    assert all(c["bytes"] for r in rows for c in r["images"] if c)
    assert len(list((out / "warc").glob("crawl-*.warc.gz"))) == 2


def test_warc_images_fetch_takes_archived_images_from_the_warc_offline(tmp_path: Path) -> None:
    out = tmp_path / "crawl"
    with serve({}, deadline=120) as server:
        server.routes.update(build_site(f"localhost:{server.port}", crawl_delay=0.05, slow=1.5))
        options = CrawlOptions(max_depth=2, images="fetch", http=_http())
        job = Job(html=HtmlOptions(images="fetch"))
        crawl([server.url + "/"], job, options, RunOptions(output=str(out), workers=2))
    crawled = _by_url(_rows(out))  # the server is stopped from here on: nothing can be fetched
    replay = tmp_path / "replay"
    args = ["warc", str(out / "warc"), "-o", str(replay), "--images", "fetch", "--workers", "2", "--quiet"]
    assert main(args) == 0
    replayed = _by_url(_rows(replay))
    assert replayed.keys() == crawled.keys()  # d.html (its only image failed) is dropped again
    for url, row in crawled.items():
        kept = {c["path"]: c["bytes"] for c in row["images"] if c}
        again = {c["path"]: c["bytes"] for c in replayed[url]["images"] if c}
        assert again == kept, url
    home = replayed[server.url + "/"]
    assert {c["path"].removeprefix(server.url) for c in home["images"] if c} == {
        "/img/good.png",
        "/img/redirect.png",  # a 302 in the WARC, followed to the archived target
    }
    figures = [m for m, c in zip(json.loads(home["metadata"]), home["images"], strict=True) if c]
    assert all(len(m["sha256"]) == 64 and m["width"] == 160 for m in figures)  # verified, described
    failures = json.loads(home["general_metadata"])["image_failures"]
    reasons = {f["url"].removeprefix(server.url): f["reason"] for f in failures}
    assert reasons == {"/img/missing.png": "http_404", "/img/fake.jpg": "not_image"}  # recorded answers


def _huge_pdf(doublings: int) -> bytes:
    """A PDF of 2**doublings text pages: honest, just long (about 8 ms per page to parse here)."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_textbox(pymupdf.Rect(72, 72, 520, 770), LOREM * 20, fontsize=9)
    for _ in range(doublings):
        doc.insert_pdf(pymupdf.open("pdf", doc.tobytes()))
    return bytes(doc.tobytes(garbage=1))


def test_doc_timeout_kills_the_stuck_worker_and_the_crawl_goes_on(tmp_path: Path) -> None:
    import multiprocessing

    routes = {
        "/robots.txt": Route(b"", "text/plain", 404),
        "/": Route(page("Home", [LOREM], links=["huge.pdf", "after.html"])),
        "/huge.pdf": Route(_huge_pdf(11), "application/pdf"),  # 2048 pages: ~16 s of parsing
        "/after.html": Route(page("After", [LOREM, "Parsed after the stuck one."]), delay=0.5),
    }
    out = tmp_path / "out"
    with serve(routes, deadline=60) as server:
        options = CrawlOptions(max_depth=1, http=_http(timeout=5.0))
        run = RunOptions(output=str(out), workers=1, doc_timeout=2.0)
        start = time.monotonic()
        summary, _ = crawl([server.url + "/"], Job(), options, run)
        elapsed = time.monotonic() - start
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    status = {e["input"].removeprefix(server.url): (e["status"], e["reason"]) for e in manifest}
    assert status == {"/": ("ok", None), "/huge.pdf": ("failed", "timeout"), "/after.html": ("ok", None)}
    (stuck,) = [e for e in manifest if e["reason"] == "timeout"]
    assert "worker killed" in stuck["message"]
    assert summary.ok == 2  # the page after the stuck one was parsed by the replacement worker
    assert elapsed < 10, elapsed  # the crawl did not wait for the parse to finish
    assert multiprocessing.active_children() == []  # the killed worker is gone, the others stopped
