"""HTML parser: generated samples, hostile input, and real pages from ../shared/corpus/html."""

from __future__ import annotations

import base64
import gzip
import io
import json
import struct
import time
import zlib
from pathlib import Path

import pytest
from conftest import load_script

from docbuild.errors import EmptyInput
from docbuild.model import Document, NodeType
from docbuild.obelics import to_row
from docbuild.options import HtmlOptions
from docbuild.sources import Source
from parsers.html import parse


@pytest.fixture(scope="session")
def web_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web")
    load_script("samples/generate_web.py", "generate_web").main(out)
    return out


def _parse_bytes(raw: bytes, **opts) -> Document:
    return parse(Source(location="mem.html", format="html", data=raw), HtmlOptions(**opts))


def _texts(doc: Document) -> str:
    return "\n".join(n.text for n in doc.nodes if n.text)


# ------------------------------------------------------------------ samples
def test_article_keeps_content_in_order_and_drops_boilerplate(web_samples: Path) -> None:
    doc = parse(Source("article.html", "html", path=web_samples / "article.html"), HtmlOptions())
    text = _texts(doc)
    for gone in ("cookies", "Share on Twitter", "First! This is a comment", "Trams of Lisbon", "Copyright"):
        assert gone not in text
    types = [n.type for n in doc.nodes]
    assert types[0] is NodeType.HEADING and doc.nodes[0].text == "Night trains return to Europe"
    order = [NodeType.PARAGRAPH, NodeType.FIGURE, NodeType.CAPTION, NodeType.PARAGRAPH, NodeType.HEADING]
    assert types[1:6] == order
    assert {NodeType.TABLE, NodeType.LIST_ITEM, NodeType.QUOTE, NodeType.CODE} <= set(types)
    assert "naïve" in text  # windows-1252 page decoded through its <meta charset>
    assert [n.id for n in doc.nodes] == [f"n{i}" for i in range(len(doc.nodes))]


def test_article_figure_table_links_and_metadata(web_samples: Path) -> None:
    doc = parse(Source("article.html", "html", path=web_samples / "article.html"), HtmlOptions())
    fig = doc.figures[0]
    assert fig.image is not None and fig.image.path == "https://news.example.org/img/map.png"
    assert fig.caption == "Figure 1: The night train network in 2024." and fig.label == "Figure 1"
    assert doc.node(fig.caption_id or "").type is NodeType.CAPTION
    assert "fig1" in fig.meta["html_ids"] and fig.meta["alt"] == "Map of the night train network"
    assert len(doc.figures) == 1  # the 1x1 spacer and the 16px share icon are filtered
    mention = next(n for n in doc.nodes if n.text.startswith("As Figure 1"))
    (anchor,) = [a for a in mention.meta["anchors"] if a["href"] == "#fig1"]
    assert mention.text[anchor["start"] : anchor["end"]] == "Figure 1"
    table = doc.tables[0]
    assert table.cells == (
        ("Route", "Seat", "Couchette"),
        ("Vienna - Paris", "30 EUR", "80 EUR"),
        ("Brussels - Berlin", "from 50 EUR", None),
    )
    assert table.text.startswith("| Route | Seat | Couchette |\n| --- |")
    assert table.caption == "Table 1: Typical fares" and "tab1" in table.meta["html_ids"]
    meta = doc.meta
    assert meta["url"] == meta["canonical_url"] == "https://news.example.org/2024/night-trains.html"
    assert meta["lang"] == "en-GB" and meta["date"] == "2024-03-05T08:00:00Z"
    row = to_row(doc)
    assert json.loads(row["metadata"])[2]["bbox"] is None and row["images"][2]["path"].endswith("map.png")


def test_base_url_option_wins_for_saved_pages(web_samples: Path) -> None:
    src = Source("article.html", "html", path=web_samples / "article.html")
    doc = parse(src, HtmlOptions(base_url="https://mirror.example.com/saved/page.html"))
    assert doc.figures[0].image.path == "https://mirror.example.com/img/map.png"


def test_lazy_images_srcset_noscript_data_uri(web_samples: Path) -> None:
    doc = parse(Source("lazy.html", "html", path=web_samples / "lazy-images.html"), HtmlOptions())
    paths = [f.image.path for f in doc.figures]
    assert paths[:3] == [
        "https://cdn.example.net/media/photos/one.jpg",  # data-src, resolved against <base href>
        "https://cdn.example.net/media/photos/two-1200.webp",  # largest <picture> candidate
        "https://cdn.example.net/abs/three.png",  # <noscript> fallback
    ]
    inline = doc.figures[3].image
    assert inline.data is not None and inline.data.startswith(b"\x89PNG") and inline.mime == "image/png"
    assert (inline.width, inline.height) == (64, 48)
    assert "https://cdn.example.net/media/photos/two-480.jpg" in doc.figures[1].meta["src_candidates"]


def test_relative_urls_without_base_are_kept_with_warning() -> None:
    doc = _parse_bytes(
        b"<html><body><p>"
        + b"Some text long enough to be content. " * 5
        + b'</p><img src="a/b.png" width="300" height="200"></body></html>'
    )
    assert doc.figures[0].image.path == "a/b.png"  # no host is invented
    assert doc.figures[0].meta["url_resolved"] is False
    assert "relative image URLs: pass --base-url" in doc.warnings
    resolved = _parse_bytes(
        b"<html><body><p>"
        + b"Some text long enough to be content. " * 5
        + b'</p><img src="a/b.png"></body></html>',
        base_url="https://h.org/x/",
    )
    assert resolved.figures[0].image.path == "https://h.org/x/a/b.png"
    assert "url_resolved" not in resolved.figures[0].meta and not resolved.warnings


def test_inline_svg_follows_keep_svg() -> None:
    svg = '<svg width="300" height="200"><rect width="300" height="200"/>' + '<circle r="5"/>' * 20 + "</svg>"
    page = f"<html><body><p>{'Text that belongs to the article body. ' * 5}</p>{svg}</body></html>".encode()
    assert not _parse_bytes(page).figures
    kept = _parse_bytes(page, keep_svg=True).figures
    assert kept and kept[0].image.mime == "image/svg+xml" and kept[0].image.data.startswith(b"<svg")


# ------------------------------------------------------------------ hostile input
def test_nesting_100000_deep_neither_crashes_nor_hangs() -> None:
    page = "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>"
    start = time.perf_counter()
    doc = _parse_bytes(page.encode(), max_depth=50)
    assert time.perf_counter() - start < 10
    assert isinstance(doc, Document)


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (1, 1)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = bytearray(data[12:29])  # type + 13 bytes of IHDR
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def test_decompression_bomb_data_uri_is_rejected_cleanly() -> None:
    uri = "data:image/png;base64," + base64.b64encode(_bomb_png(100_000, 100_000)).decode()
    page = (
        f"<html><body><p>{'An article with a hostile image in it. ' * 5}</p><img src='{uri}'></body></html>"
    )
    doc = _parse_bytes(page.encode())
    assert not doc.figures
    assert any("bomb" in w for w in doc.warnings)
    assert "hostile image" in _texts(doc)


def test_wrong_and_mixed_encodings_do_not_crash() -> None:
    body = "Größere Übungen für Fußgänger, naïve café. " * 4
    lying = f'<html><head><meta charset="utf-8"></head><body><p>{body}</p></body></html>'.encode("latin-1")
    doc = parse(
        Source("x", "html", data=lying, meta={"content_type": "text/html; charset=utf-8"}), HtmlOptions()
    )
    assert "Fußgänger" in _texts(doc)
    mixed = (
        b"<html><body><p>"
        + "caf\u00e9 ".encode() * 10
        + b"caf\xe9 \xff\xfe broken " * 10
        + b"</p></body></html>"
    )
    assert "café" in _texts(_parse_bytes(mixed))
    sjis = "<html><body><p>" + "日本語の文章です。" * 10 + "</p></body></html>"
    assert "日本語" in _texts(_parse_bytes(sjis.encode("shift_jis")))


def test_empty_page_raises_empty_input() -> None:
    with pytest.raises(EmptyInput):
        _parse_bytes(b"   \n ")


# ------------------------------------------------------------------ real pages
SNIPPETS = {
    "wikipedia": (
        ["Mozilla is a free-software community", "Firefox OS"],
        ["Navigation menu", "Privacy policy"],
    ),
    "nytimes-3": (["Con Edison", "freeze-thaw"], ["Advertisement", "Log In"]),
    "lwn-1": (["LWN.net"], ["Log in"]),
    "medium-1": (["Open Journalism Project"], ["Responses"]),
    "bbc-1": (["Obama"], ["Share this page"]),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_corpus_pages_must_and_must_not_contain(corpus: Path, name: str) -> None:
    path = corpus / "html" / f"{name}.html"
    doc = parse(Source(str(path), "html", path=path), HtmlOptions(base_url="http://fakehost/test/page.html"))
    text = _texts(doc)
    must, must_not = SNIPPETS[name]
    for snippet in must:
        assert snippet.lower() in text.lower(), f"{name}: missing {snippet!r}"
    for snippet in must_not:
        assert snippet not in text, f"{name}: boilerplate {snippet!r} kept"


@pytest.mark.corpus
def test_corpus_gzipped_scrapinghub_page(corpus: Path) -> None:
    gt = json.loads((corpus / "html" / "scrapinghub" / "ground-truth.dev.json").read_text())
    page_id, item = sorted(gt.items())[0]
    path = corpus / "html" / "scrapinghub" / f"{page_id}.html.gz"
    doc = parse(Source(str(path), "html", path=path, meta={"url": item["url"]}), HtmlOptions())
    first_sentence = item["articleBody"].split("\n")[0][:60]
    assert first_sentence in _texts(doc)
    assert doc.meta["url"] == item["url"]
    assert gzip.decompress(path.read_bytes())  # the fixture really is gzipped


@pytest.mark.corpus
def test_accuracy_floor_against_readability_and_scrapinghub(corpus: Path) -> None:
    """Quality gate pinned a little below the measured scores (see benchmarks/html_accuracy.py)."""
    bench = load_script("benchmarks/html_accuracy.py", "html_accuracy")
    summary = bench.summarize([r for r in _docbuild_rows(bench, corpus)])["docbuild"]
    assert summary["text_f1_readability"] >= 0.96
    assert summary["text_f1_scrapinghub"] >= 0.95
    assert summary["image_precision"] >= 0.97
    # the Readability gold keeps a few decorations (a Commons logo, an avatar, dividers, a "back"
    # button) that we drop on purpose; qa_content_* leaves out the ones the QA review labelled
    assert summary["content_image_recall"] >= 0.86
    assert summary["qa_content_image_precision"] >= 0.97
    assert summary["qa_content_image_recall"] >= 0.94
    assert summary["image_order"] >= 0.98


def test_keeping_decorations_reaches_readabilitys_images_with_the_same_text(corpus: Path) -> None:
    """--keep-decorations: Readability keeps every image of the article, spacers and avatars too."""
    bench = load_script("benchmarks/html_accuracy.py", "html_accuracy")
    rows = _docbuild_rows(bench, corpus, keep_decorations=True)
    summary = bench.summarize(rows)
    assert summary["docbuild_keep"]["image_recall"] >= 0.91
    assert summary["docbuild_keep"]["image_precision"] >= 0.89
    assert summary["docbuild_keep"]["image_order"] >= 0.98
    assert all(r["docbuild_keep"]["f1"] == r["docbuild"]["f1"] for r in rows if "docbuild_keep" in r)


def _docbuild_rows(bench, corpus: Path, keep_decorations: bool = False) -> list[dict]:
    """Benchmark rows for docbuild only (trafilatura is not needed for the floor)."""
    rows = []
    html_dir = corpus / "html"
    for exp in sorted(html_dir.glob("*.expected.html")):
        name = exp.name[: -len(".expected.html")]
        gold_text, gold_imgs = bench.expected_readability(exp)
        _, content = bench.expected_readability(exp, content_only=True)
        _, qa = bench.expected_readability(exp, True, bench.QA_DECORATION.get(name, ()))
        text, imgs = bench.docbuild_extract(
            (html_dir / f"{name}.html").read_bytes(), name, bench.READABILITY_BASE
        )
        scores = {"f1": bench.f1(text, gold_text), "images": bench.image_scores(imgs, gold_imgs)}
        scores["content_images"] = bench.image_scores(imgs, content)
        scores["qa_images"] = bench.image_scores(imgs, qa)
        row = {"page": name, "kind": "readability", "docbuild": scores, "trafilatura": scores}
        if keep_decorations:
            raw = (html_dir / f"{name}.html").read_bytes()
            text, imgs = bench.docbuild_extract(raw, name, bench.READABILITY_BASE, True)
            row["docbuild_keep"] = {
                "f1": bench.f1(text, gold_text),
                "images": bench.image_scores(imgs, gold_imgs),
                "content_images": bench.image_scores(imgs, content),
                "qa_images": bench.image_scores(imgs, qa),
            }
        rows.append(row)
    gt = json.loads((html_dir / "scrapinghub" / "ground-truth.dev.json").read_text())
    for page_id, item in sorted(gt.items()):
        raw = gzip.decompress((html_dir / "scrapinghub" / f"{page_id}.html.gz").read_bytes())
        text, _ = bench.docbuild_extract(raw, page_id, item["url"])
        scores = {"f1": bench.f1(text, item["articleBody"])}
        rows.append({"page": page_id, "kind": "scrapinghub", "docbuild": scores, "trafilatura": scores})
    return rows


def test_repeated_slideshow_captions_and_ui_labels_are_dropped() -> None:
    caption = "The new electric SUV shown on the first press day of the auto show."
    slide = f'<div class="slide"><img src="https://x.org/car.jpg" width="600" height="400"><p>{caption}</p>'
    page = f"<html><body><article><p>{'Body text of the car article, long enough. ' * 4}</p>"
    page += slide + "<p>Close</p><p>Caption</p></div>" + slide.replace("car.jpg", "car2.jpg") + "</div>"
    page += "<p>Advertisement</p></article></body></html>"
    texts = [n.text for n in _parse_bytes(page.encode()).nodes if n.text]
    assert texts.count(caption) == 1
    assert not {"Close", "Caption", "Advertisement"} & set(texts)


def test_anchor_offsets_survive_whitespace_and_nesting() -> None:
    page = b"""<html><body><article><p>  See <a href="#fig2">
     Figure <b>2</b> </a>and <a href="#t1">Table 1</a>, then <a href="/x"> the   <i>docs</i></a>.</p>
    </article></body></html>"""
    doc = _parse_bytes(page, base_url="https://h.org/a/b.html")
    (node,) = doc.nodes
    spans = {a["href"]: node.text[a["start"] : a["end"]] for a in node.meta["anchors"]}
    assert spans == {"#fig2": "Figure 2", "#t1": "Table 1", "https://h.org/x": "the docs"}


# ------------------------------------------------------------------ QA review cases
_BODY = "<p>" + "This paragraph is the body of the article and long enough to score, really. " * 4 + "</p>"


def _page(inner: str) -> bytes:
    return f"<html><body><article>{_BODY}{inner}{_BODY}</article></body></html>".encode()


def test_headings_survive_boilerplate_words_in_their_ids_and_classes() -> None:
    inner = (
        '<h3><span class="mw-headline" id="Eich_CEO_promotion_controversy">Eich CEO promotion'
        " controversy</span></h3>"
        + _BODY
        + '<h2 id="sponsorship">Sponsorship</h2>'
        + _BODY
        + '<section id="related-work"><h2>Related work</h2>'
        + _BODY.replace("body of the article", "related-work section")
        + "</section>"
        + '<h2 class="section-header">Footnotes</h2>'
        + _BODY
    )
    doc = _parse_bytes(_page(inner))
    headings = [n.text for n in doc.nodes if n.type is NodeType.HEADING]
    assert headings == ["Eich CEO promotion controversy", "Sponsorship", "Related work", "Footnotes"]
    assert "related-work section" in _texts(doc)  # the section named by its own title stays


def test_widget_ids_not_derived_from_text_still_drop() -> None:
    inner = '<div id="sponsor-box"><p>Buy our partner product now, limited offer for readers.</p></div>'
    assert "partner product" not in _texts(_parse_bytes(_page(inner)))


def test_zero_dimension_is_unknown_not_a_tracking_pixel() -> None:
    inner = (
        '<figure><img src="https://x.org/lead.jpg" width="570" height="0">'
        "<figcaption>The lead photo of the story.</figcaption></figure>"
        '<img src="https://x.org/t1.gif" width="1" height="1"><img src="https://x.org/t2.gif" width="1">'
    )
    doc = _parse_bytes(_page(inner))
    (fig,) = doc.figures
    assert fig.image.path == "https://x.org/lead.jpg" and fig.caption == "The lead photo of the story."
    assert doc.node(fig.caption_id or "").meta["caption_of"] == fig.id


def test_thumbcaption_and_wp_caption_are_tied_to_their_image() -> None:
    inner = (
        '<div class="thumb tright"><div class="thumbinner">'
        '<a href="/wiki/File:Logo.png" class="image">'
        '<img src="https://x.org/logo-big.png" width="220" height="233"></a>'
        '<div class="thumbcaption"><div class="magnify"><a href="/wiki/File:Logo.png"></a></div>'
        "Firefox logo</div></div></div>"
        '<div class="wp-caption"><img src="https://x.org/photo.jpg" width="600" height="400">'
        '<p class="wp-caption-text">Night train at Vienna.</p></div>'
        '<div class="step"><figure class="stepThumb">'
        '<img src="https://x.org/step.jpg" width="640" height="480"></figure>'
        '<figcaption class="small caption"> Dig a hole in the oasis. (Lucy Akins) </figcaption></div>'
    )
    doc = _parse_bytes(_page(inner))
    captions = [f.caption for f in doc.figures]
    assert captions == ["Firefox logo", "Night train at Vienna.", "Dig a hole in the oasis. (Lucy Akins)"]
    for fig in doc.figures:
        cap = doc.node(fig.caption_id or "")
        assert cap.type is NodeType.CAPTION and cap.meta["caption_of"] == fig.id
    assert not [n for n in doc.nodes if n.type is NodeType.PARAGRAPH and n.text == "Firefox logo"]


def test_caption_without_an_image_is_not_a_caption() -> None:
    inner = (
        '<figure class="media-item"><div class="media-container"><iframe src="https://x.org/player"></iframe>'
        '</div><figcaption><span class="off-screen">Media caption</span> The president speaks.'
        "</figcaption></figure>"
        "<figure><blockquote>Real words quoted in a figure.</blockquote>"
        "<figcaption>A caption of the quotation above.</figcaption></figure>"
        '<figure><img src="https://x.org/icon.png" width="16" height="16"><figcaption>Orphaned by an icon'
        " that was dropped.</figcaption></figure>"
    )
    doc = _parse_bytes(_page(inner))
    assert "president speaks" not in _texts(doc) and "Media caption" not in _texts(doc)
    assert not [n for n in doc.nodes if n.type is NodeType.CAPTION]
    kept = {n.text: n.type for n in doc.nodes}
    assert kept["A caption of the quotation above."] is NodeType.PARAGRAPH
    assert kept["Orphaned by an icon that was dropped."] is NodeType.PARAGRAPH


def test_decoration_rules_by_shape_and_place_keep_small_content_images() -> None:
    thumb = "https://cdn.x.org/dims?thumbnail=130%2C87&image_uri=slide{}.jpg"
    inner = (
        '<p>See the logo <img src="https://x.org/commons-mark.png" width="30" height="40"> here.</p>'
        '<div class="author"><img src="https://x.org/people/jo.jpg" width="64" height="64"> Jo Writer</div>'
        '<img src="https://x.org/rule.png" width="1200" height="24">'
        '<p><a href="javascript:history.back();">'
        '<img src="https://x.org/back.gif" width="175" height="32"></a></p>'
        '<div class="shortcode video v2"><div class="videoContainer">'
        '<figure><img src="https://x.org/170x96/poster.jpg" width="170" height="96"></figure></div></div>'
        '<div class="gallery"><a href="#"><img src="https://cdn.x.org/dims?thumbnail=980%2C653&image_uri=big.jpg"></a>'
        '<ul><li><a href="#" data-index="1"><img src="' + thumb.format(2) + '"></a></li>'
        '<li><a href="#" data-index="2"><img src="' + thumb.format(3) + '"></a></li></ul></div>'
        '<p>Fold it like this: <img src="https://x.org/origami/dog.gif" width="62" height="43"></p>'
        '<img src="https://x.org/wide-table.png" width="1600" height="192">'
    )
    paths = [f.image.path for f in _parse_bytes(_page(inner)).figures]
    assert paths == [
        "https://cdn.x.org/dims?thumbnail=980%2C653&image_uri=big.jpg",
        "https://x.org/origami/dog.gif",
        "https://x.org/wide-table.png",
    ]


def test_counters_dates_and_trailing_link_rows() -> None:
    inner = (
        "<ul><li>Feb. 21, 2019</li><li>+10</li><li>Most powerful hardware ever in a home console</li></ul>"
        '<p>A version of this article appears in print. <a href="/r">Order Reprints</a> | '
        '<a href="/p">Today\'s Paper</a> | <a href="/s">Subscribe</a></p>'
        '<p>Read <a href="/a">the report</a> and <a href="/b">the appendix</a> for the details.</p>'
    )
    doc = _parse_bytes(_page(inner), base_url="https://x.org/")
    kept = {n.text: n.type for n in doc.nodes}
    assert "Feb. 21, 2019" not in kept  # a dateline item, like a dateline paragraph
    assert "+10" not in kept
    assert kept["Most powerful hardware ever in a home console"] is NodeType.LIST_ITEM
    assert "A version of this article appears in print." in kept and "Order Reprints" not in _texts(doc)
    assert "Read the report and the appendix for the details." in kept  # links joined by words


def test_link_heavy_article_lists_and_sentences_stay_menus_and_share_rows_go() -> None:
    bugs = "".join(
        f'<li><a href="https://bugs.example.org/{n}">Bug {n} - {title}</a></li>'
        for n, title in (
            (1677080, "Fullscreen window is affected by switching video source"),
            (1677107, "Add telemetry for tracking multiple window support usage"),
        )
    )
    inner = (
        f"<h4>In progress</h4><ul>{bugs}</ul>"
        '<ul><li>Neil has patches up to <a href="/1">improve the behaviour of the tab unloader</a>, and '
        '<a href="/2">show UI when subframes crash</a></li></ul>'
        '<ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>'
        '<li><a href="/tv">TV</a></li></ul>'
        '<p><a href="/fb">Facebook</a> | <a href="/tw">Twitter</a> | <a href="/em">Email</a></p>'
    )
    # a plain <div>, not <article>: the content is found by scoring and cleaned like any page
    page = f"<html><body><div class='post'>{_BODY}{inner}{_BODY}</div></body></html>".encode()
    texts = _texts(_parse_bytes(page, base_url="https://x.org/"))
    assert "Bug 1677080 - Fullscreen window is affected by switching video source" in texts
    assert "Bug 1677107 - Add telemetry" in texts
    assert "show UI when subframes crash" in texts
    assert "Sport" not in texts and "Facebook" not in texts


QA_SNIPPETS = {
    "wikipedia": (["Eich CEO promotion controversy", "Local communities"], []),
    "bbc-1": ([], ["Media caption"]),
    "nytimes-3": (["Under the City’s Streets, A Battle Against Winter"], ["Order Reprints", "Today’s Paper"]),
    "engadget": (["Most powerful hardware ever in a home console"], ["+10", "+6"]),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(QA_SNIPPETS))
def test_corpus_qa_review_cases(corpus: Path, name: str) -> None:
    path = corpus / "html" / f"{name}.html"
    doc = parse(Source(str(path), "html", path=path), HtmlOptions())
    texts = [n.text for n in doc.nodes if n.text]
    must, must_not = QA_SNIPPETS[name]
    for snippet in must:
        assert any(snippet in t for t in texts), f"{name}: missing {snippet!r}"
    for snippet in must_not:
        assert not any(t == snippet or t.startswith(snippet) or snippet in t for t in texts), snippet
    assert not [n for n in doc.nodes if n.type is NodeType.CAPTION and not n.meta.get("caption_of")]
    assert not [n for n in doc.nodes if n.type is NodeType.LIST_ITEM and n.text in ("Feb. 21, 2019", "+10")]


@pytest.mark.corpus
def test_corpus_qa_review_figures(corpus: Path) -> None:
    def figures(name: str) -> list:
        path = corpus / "html" / f"{name}.html"
        return parse(Source(str(path), "html", path=path), HtmlOptions()).figures

    wiki = {f.caption: f.image.path for f in figures("wikipedia")}
    assert {"Firefox logo", "SeaMonkey logo"} <= set(wiki)
    assert any("Mozilla_dinosaur_head_logo" in p for p in wiki.values())  # the infobox logo
    assert not any("Commons-logo" in p for p in wiki.values())
    cnet = [f.image.path for f in figures("cnet-svg-classes")]
    assert any("twitter-lite.jpg" in p for p in cnet) and not any("/170x96/" in p for p in cnet)
    assert not any("thumbnail=130" in f.image.path for f in figures("engadget"))
    assert not any("back_logo" in f.image.path for f in figures("hukumusume"))
    assert all(f.meta["url_resolved"] is False for f in figures("lwn-1"))
    assert not [
        f for f in figures("keep-images") if (f.meta["attr_width"], f.meta["attr_height"]) == (1200, 24)
    ]


def test_one_word_widget_ids_drop_even_when_the_section_heading_repeats_them() -> None:
    inner = '<div id="comments"><h3>Comments</h3><p>First! Great post, thanks for writing it up.</p></div>'
    assert "Great post" not in _texts(_parse_bytes(_page(inner)))


def test_picture_with_several_sources_lazyload_placeholder_and_hero_figure() -> None:
    """libxml2 nests the <img> inside every <source>; jQuery lazyload's grey.gif is replaced by
    data-original; the lead figure just before the story body belongs to the article."""
    sentence = "Paragraph {} of the story body, long enough to count as prose. "
    body = "".join(f"<p>{sentence.format(k) * 3}</p>" for k in range(4))
    page = (
        "<html><body><main><article><header><h1>Title</h1><div class='byline'>By A. Writer</div></header>"
        "<figure class='article-figure'><picture>"
        "<source type='image/webp' srcset='/img/hero-640.webp 640w, /img/hero-1200.webp 1200w'>"
        "<source type='image/jpeg' srcset='/img/hero-640.jpg 640w, /img/hero-1200.jpg 1200w'>"
        "<img src='/img/hero-640.jpg' alt=''></picture>"
        "<figcaption>The harbour at dawn, before the ferries start.</figcaption></figure>"
        f"<div class='story-body'>{body}"
        "<p><img src='/static/img/grey.gif' data-original='/img/chart.png' width='600' height='400'></p>"
        f"{body}</div></article>"
        "<div class='author-box'><p class='author-bio'>A. Writer has covered the harbour for 12 years.</p>"
        "</div>"
        "<div class='signature'><p>Running v8 since 2016. Sent from my phone.</p></div>"
        "<p><a class='js-add-link' href='#'>Add a comment</a></p></main></body></html>"
    )
    doc = _parse_bytes(page.encode(), base_url="https://news.example.org/2024/story.html")
    images = [n.image.path for n in doc.nodes if n.type is NodeType.FIGURE and n.image is not None]
    assert images == ["https://news.example.org/img/hero-1200.webp", "https://news.example.org/img/chart.png"]
    texts = _texts(doc)
    assert "The harbour at dawn" in texts
    assert "covered the harbour" not in texts and "Sent from my phone" not in texts
    assert "Add a comment" not in texts
