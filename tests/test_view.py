"""`docbuild view`: the static site, opened in real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import sample

from docbuild.cli import main

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    """Path of the system Chromium; in CI its absence is a failure (the setup must install it)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "chromium/playwright missing: scripts/install-system.sh and the [dev] extra install them"
            )
        pytest.skip("chromium or playwright not installed")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("view")
    data = out / "data"
    assert (
        main(
            [
                "pdf",
                str(sample("two-column.pdf")),
                str(sample("raster-figure.pdf")),
                "-o",
                str(data),
                "--workers",
                "1",
                "--quiet",
                "--ocr",
                "never",
            ]
        )
        == 0
    )
    assert main(["view", str(data), "-o", str(out / "site")]) == 0
    return out / "site"


def test_site_is_offline_and_lists_documents(site: Path) -> None:
    index = (site / "index.html").read_text()
    assert index.count('href="doc-') == 2
    for page in site.glob("*.html"):
        html = page.read_text()
        assert "http://" not in html.replace('href="http', "") and "<script src" not in html


def test_browser_loads_images_and_follows_a_reference(site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    doc_page = next(p for p in sorted(site.glob("doc-*.html")) if 'class="ref"' in p.read_text())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.goto(doc_page.as_uri())
            images = page.locator("img")
            for i in range(images.count()):  # images load lazily: bring each into view, as a reader would
                images.nth(i).scroll_into_view_if_needed()
            page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
            sizes = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
            assert sizes and all(w > 0 for w in sizes), f"images failed to load: {sizes}"
            link = page.locator("a.ref").first
            target = link.get_attribute("href")
            assert target and target.startswith("#")
            link.click()
            assert page.evaluate("location.hash") == target
            box = page.locator(f"[id='{target[1:]}']").bounding_box()
            assert box is not None and 0 <= box["y"] < 800, "the figure is scrolled into view"
            shot = tmp_path / "view.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
