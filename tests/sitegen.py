"""A small generated web site and a bounded local HTTP server on 127.0.0.1 for crawl/fetch tests.

The site has pages linking to each other (with duplicate spellings of the same URL), a PDF made
with PyMuPDF, a robots.txt that disallows ``/private/`` and sets a Crawl-delay, and images that
exercise every failure: a bomb, a truncated JPEG, a non-image named .jpg, a redirect, a 404, a
slow one and one over the byte cap. The server stops by itself after a deadline or a request count.
"""

from __future__ import annotations

import io
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def png(width: int, height: int, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), color)
    ImageDraw.Draw(img).rectangle((width // 4, height // 4, width // 2, height // 2), fill=(0, 0, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    img = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def bomb_png(side: int = 20000) -> bytes:
    """A valid grey PNG of side x side pixels that is only a few hundred KB (compressed zeros)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    comp = zlib.compressobj(9)
    row = b"\0" * (side + 1)
    parts = [comp.compress(row) for _ in range(side)]
    idat = b"".join(parts) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf(text: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "A linked report", fontsize=18)
    page.insert_textbox(pymupdf.Rect(72, 130, 520, 400), text, fontsize=11)
    return bytes(doc.tobytes())


def page(
    title: str, paragraphs: list[str], links: list[str] = (), images: list[str] = (), extra: str = ""
) -> bytes:  # type: ignore[assignment]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    body += "".join(
        f'<figure><img src="{src}" width="120" height="80" alt="figure {src}"></figure>' for src in images
    )
    body += "<ul>" + "".join(f'<li><a href="{h}">link to {h}</a></li>' for h in links) + "</ul>"
    head = f"<head><title>{title}</title>{extra}</head>"
    html = f"<!doctype html><html>{head}<body><h1>{title}</h1>{body}</body></html>"
    return html.encode()


LOREM = "The quick brown fox jumps over the lazy dog while the crawler reads this page politely."

# The pages a polite, same-domain crawl of / must fetch (as paths); everything else must not be fetched.
ALLOWED_PAGES = {"/", "/a.html", "/b.html", "/c.html", "/d.html", "/doc.pdf"}
DOCUMENT_PAGES = ALLOWED_PAGES  # every allowed page (HTML or PDF) becomes one document
GOOD_IMAGES = {"/img/good.png", "/img/photo.jpg", "/img/redirect.png"}
BAD_IMAGES = {
    "/img/missing.png": "http_404",
    "/img/truncated.jpg": "truncated",
    "/img/fake.jpg": "not_image",
    "/img/bomb.png": "decompression_bomb",
    "/img/slow.png": "timeout",
    "/img/big.png": "too_large",
}


def build_site(port_hint: str = "", crawl_delay: float = 0.2, slow: float = 3.0) -> dict[str, Route]:
    """Routes of the test site; ``port_hint`` is the ``localhost:PORT`` used for an off-site link."""
    good = png(160, 120)
    photo = jpeg(300, 200)
    routes: dict[str, Route] = {
        "/robots.txt": Route(
            f"User-agent: *\nDisallow: /private/\nCrawl-delay: {crawl_delay}\n".encode(), "text/plain"
        ),
        "/": Route(
            page(
                "Home",
                [LOREM, "Start here to read about the site."],
                links=[
                    "a.html",
                    "./a.html#top",
                    "/b.html?y=2&x=1",
                    "b.html?x=1&y=2",
                    "/private/secret.html",
                    "doc.pdf",
                    "notes.txt",
                    f"http://{port_hint}/offsite.html",
                    "mailto:x@example.org",
                    "/redirect-page",
                ],
                images=["img/good.png", "img/missing.png", "img/redirect.png", "img/fake.jpg"],
            )
        ),
        "/a.html": Route(
            page(
                "Page A",
                [LOREM, "Page A talks about foxes."],
                links=["c.html", "/"],
                images=["img/photo.jpg", "img/truncated.jpg"],
                extra='<link rel="canonical" href="/a.html">',
            )
        ),
        "/b.html": Route(
            page(
                "Page B",
                [LOREM, "Page B talks about dogs."],
                links=["d.html", "a.html"],
                images=["img/bomb.png", "img/slow.png", "img/big.png", "img/good.png"],
            )
        ),
        "/c.html": Route(page("Page C", [LOREM, "Page C is two links deep."], links=["e.html"])),
        "/d.html": Route(
            page("Page D", [LOREM, "Page D is also two links deep."], images=["img/missing.png"])
        ),
        "/e.html": Route(page("Page E", [LOREM, "Page E is three links deep."])),
        "/private/secret.html": Route(page("Secret", ["Robots say no."])),
        "/notes.txt": Route(b"plain text notes", "text/plain"),
        "/redirect-page": Route(b"", status=301, headers={"Location": "/c.html"}),
        "/doc.pdf": Route(pdf("This PDF is linked from the home page. " + LOREM), "application/pdf"),
        "/img/good.png": Route(good, "image/png"),
        "/img/photo.jpg": Route(photo, "image/jpeg"),
        "/img/redirect.png": Route(b"", status=302, headers={"Location": "/img/good.png"}),
        "/img/truncated.jpg": Route(photo[: len(photo) // 2], "image/jpeg"),
        "/img/fake.jpg": Route(b"<html>not an image</html>" * 10, "image/jpeg"),
        "/img/bomb.png": Route(bomb_png(), "image/png"),
        "/img/slow.png": Route(good, "image/png", delay=slow),
        "/img/big.png": Route(png(1200, 1200) + b"\0" * 3_000_000, "image/png"),
    }
    return routes


def bench_site(pages: int, images_per_page: int) -> dict[str, Route]:
    """A larger site for benchmarks: a chain of index pages, each with text and images."""
    routes: dict[str, Route] = {"/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")}
    pic = jpeg(320, 240)
    for i in range(pages):
        links = [f"/p{j}.html" for j in (2 * i + 1, 2 * i + 2) if j < pages]
        imgs = [f"/img/{i}-{k}.jpg" for k in range(images_per_page)]
        text = [f"{LOREM} Paragraph {k} of page {i}." * 3 for k in range(8)]
        routes["/" if i == 0 else f"/p{i}.html"] = Route(page(f"Page {i}", text, links, imgs))
        for src in imgs:
            routes[src] = Route(pic, "image/jpeg")
    return routes


@dataclass
class Hit:
    """One request the server saw."""

    path: str
    host: str
    time: float
    user_agent: str


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on purpose (size caps, content-type checks); nothing to report."""


class SiteServer:
    """Serves ``routes`` on 127.0.0.1 until ``stop()``, a deadline or ``max_requests``, logging hits."""

    def __init__(self, routes: dict[str, Route], max_requests: int = 5000, deadline: float = 300.0) -> None:
        self.routes = routes
        self.hits: list[Hit] = []
        self.in_flight: dict[str, int] = {}  # requests being answered now, by Host header
        self.peak: dict[str, int] = {}  # the most ever answered at once, by Host header
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.max_requests = max_requests
        self.deadline = deadline
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        self.httpd.timeout = 0.05
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self._loop, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self, host_prefix: str = "127.0.0.1") -> list[str]:
        with self._lock:
            return [h.path for h in self.hits if h.host.startswith(host_prefix)]

    def _loop(self) -> None:
        end = time.monotonic() + self.deadline
        while not self._stop.is_set() and time.monotonic() < end and len(self.hits) < self.max_requests:
            self.httpd.handle_request()
        self.httpd.server_close()

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                host = self.headers.get("Host", "")
                agent = self.headers.get("User-Agent", "")
                with server._lock:
                    server.hits.append(Hit(self.path, host, time.monotonic(), agent))
                    server.in_flight[host] = server.in_flight.get(host, 0) + 1
                    server.peak[host] = max(server.peak.get(host, 0), server.in_flight[host])
                try:
                    self._answer(server.routes.get(path) or Route(b"not found", "text/plain", 404))
                finally:
                    with server._lock:
                        server.in_flight[host] -= 1

            def _answer(self, route: Route) -> None:
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.ctype)
                    self.send_header("Content-Length", str(len(route.body)))
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


@contextmanager
def serve(routes: dict[str, Route], **kwargs: Any) -> Iterator[SiteServer]:
    """Run a ``SiteServer`` for the duration of a ``with`` block."""
    server = SiteServer(routes, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()
