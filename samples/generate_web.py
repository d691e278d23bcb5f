"""Write the web samples: an article page, a lazy-loading page, and a WARC mixing HTML, images and a PDF.

Run: ``python samples/generate_web.py [out_dir]`` (samples/generate.py calls ``main``).
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

SITE = "https://news.example.org"

ARTICLE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="windows-1252">
<title>Night trains return to Europe | Example News</title>
<link rel="canonical" href="https://news.example.org/2024/night-trains.html">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<meta property="og:image" content="/img/lead.jpg">
</head><body>
<header class="site-header">
<nav>
<a href="/">Home</a>
<a href="/world">World</a>
<a href="/sport">Sport</a></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all?</div>
<main><article>
<h1>Night trains return to Europe</h1>
<div class="share-buttons">
<a href="https://twitter.com/share">Share on Twitter</a>
<a href="https://facebook.com/share">Share on Facebook</a></div>
<p>Sleeper services are back on the map: operators in Austria, Sweden and France have reopened routes
that were closed a decade ago, and passengers are filling the couchettes faster than expected.</p>
<figure id="fig1"><img src="/img/map.png" width="800" height="450" alt="Map of the night train network">
<figcaption>Figure 1: The night train network in 2024.</figcaption></figure>
<p>As <a href="#fig1">Figure 1</a> shows, the network now reaches from Brussels to Vienna, with
connections to Berlin, Hamburg and Amsterdam, and more lines are planned for na\xefve travellers.</p>
<h2>Costs and fares</h2>
<table id="tab1"><caption>Table 1: Typical fares</caption>
<tr><th>Route</th><th>Seat</th><th>Couchette</th></tr>
<tr><td>Vienna - Paris</td><td>30 EUR</td><td>80 EUR</td></tr>
<tr><td>Brussels - Berlin</td><td colspan="2">from 50 EUR</td></tr></table>
<ul><li>Book early: fares rise as trains fill up.</li><li>Couchettes sleep four or six travellers.</li></ul>
<blockquote><p>We have never sold so many tickets, said a spokesperson.</p></blockquote>
<pre><code class="language-python">print("all aboard")</code></pre>
<img src="/img/spacer.gif" width="1" height="1" alt="">
<img src="/icons/share-icon.png" width="16" height="16" alt="share">
<p>Rail companies still face old problems: rolling stock is scarce, and track access charges make
every kilometre more expensive than a flight over the same distance.</p>
</article></main>
<section class="comments" id="comments">
<h3>Comments</h3><p>First! This is a comment nobody needs in training data.</p></section>
<div class="related-articles">
<h3>Related</h3><ul><li>
<a href="/a">Trams of Lisbon</a></li><li>
<a href="/b">Ferries of Norway</a></li></ul></div>
<footer class="site-footer">Copyright Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>
"""

LAZY = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8">
<title>Images paresseuses</title><base href="https://cdn.example.net/media/">
</head>
<body><article>
<h1>Chargement différé des images</h1>
<p>Cette page charge ses images avec du JavaScript, comme beaucoup de sites d'information aujourd'hui.</p>
<img class="lazy"
  src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==" data-src="photos/one.jpg"
  width="640" height="480" alt="Première photo">
<p>La deuxième image propose plusieurs tailles dans un attribut srcset,
et le navigateur choisit la plus adaptée.</p>
<picture><source type="image/webp" srcset="photos/two-480.webp 480w, photos/two-1200.webp 1200w">
<img src="photos/two-480.jpg" alt="Deuxième photo">
</picture>
<p>La troisième n'existe que dans un bloc noscript, pour les lecteurs sans JavaScript activé du tout.</p>
<div class="img-wrap">
<img class="lazyload" data-lazy-src="" alt="">
</div><noscript>
<img src="/abs/three.png"
  width="500" height="300" alt="Troisième photo">
</noscript>
<p>Et la dernière est incluse dans la page sous forme de données encodées en base64, sans aucun fichier.</p>
<img src="DATA_PNG" alt="Quatrième image" width="64" height="48">
<p>Fin de l'article, avec une phrase de conclusion assez longue pour être retenue comme paragraphe.</p>
</article></body></html>
"""


def _png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def _pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Annual report on night trains", fontsize=16)
    body = (
        "This PDF was archived in the same WARC as the news page. Sleeper services carried more "
        "passengers than in any year since 2005, and operators plan new routes between capitals. "
        "Occupancy was highest on weekends and in the summer months, when couchettes sold out."
    )
    page.insert_textbox(pymupdf.Rect(72, 100, 523, 300), body, fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def _lazy_page() -> str:
    import base64

    uri = "data:image/png;base64," + base64.b64encode(_png(64, 48, (200, 40, 40))).decode("ascii")
    return LAZY.replace("DATA_PNG", uri)


def write_warc(path: Path, records: list[tuple[str, str, bytes, bool]]) -> None:
    """A gzipped WARC with one response per (url, content type, body, chunked) tuple."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, ctype, body, chunked in records:
            headers = [("Content-Type", ctype)]
            if chunked:
                headers.append(("Transfer-Encoding", "chunked"))
                body = _chunk(body)
            else:
                headers.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, length=len(body)
            )
            writer.write_record(record)


def _chunk(body: bytes, size: int = 700) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def main(out_dir: Path) -> None:
    """Write article.html, lazy-images.html and mixed.warc.gz into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "article.html").write_bytes(ARTICLE.encode("cp1252"))
    (out_dir / "lazy-images.html").write_text(_lazy_page(), encoding="utf-8")
    page = ARTICLE.replace("windows-1252", "utf-8").encode("utf-8")
    write_warc(
        out_dir / "mixed.warc.gz",
        [
            (f"{SITE}/2024/night-trains.html", "text/html; charset=utf-8", page, True),
            (f"{SITE}/img/map.png", "image/png", _png(800, 450, (30, 90, 160)), False),
            (f"{SITE}/reports/annual.pdf", "application/pdf", _pdf(), False),
            (f"{SITE}/style.css", "text/css", b"body{margin:0}", False),
        ],
    )
    (out_dir / "article.html.gz").write_bytes(gzip.compress(page, mtime=0))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
