"""``docbuild view OUT``: a static, offline HTML site to look at a dataset the way a person would.

An index lists every document with its stats; a page per document shows the interleaved sequence (texts,
images, captions, reference links that jump to their figure) and, for PDFs whose source file is still on
disk, each page image with the node boxes drawn over it. No CDN, no JavaScript framework: open the
index in any browser, even without a network.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from docbuild.errors import DocbuildError
from docbuild.sources import Source
from docbuild.writers.webdataset import image_extension

log = logging.getLogger(__name__)

RENDER = "parsers.pdf.render:render_pages"
TYPE_COLOURS = {
    "heading": "#d62728",
    "paragraph": "#1f77b4",
    "list_item": "#17becf",
    "caption": "#ff7f0e",
    "footnote": "#8c564b",
    "equation": "#9467bd",
    "code": "#7f7f7f",
    "quote": "#bcbd22",
    "figure": "#2ca02c",
    "table": "#e377c2",
}
CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1em 2em;color:#222}
table.stats{border-collapse:collapse}table.stats td,table.stats th{border:1px solid #ccc;padding:2px 8px}
.node{margin:.6em 0;padding:.3em .6em;border-left:4px solid #ddd;white-space:pre-wrap}
.node .kind{font:11px monospace;color:#888;display:block;white-space:normal}
.node.figure img,.node.table img{max-width:100%;border:1px solid #ccc;background:#fff}
a.ref{background:#fff3b0;border-radius:3px;text-decoration:none;color:#003d99}
.node:target{outline:3px solid #ffbf00;outline-offset:2px}
.page{position:relative;display:inline-block;margin:1em 0;border:1px solid #999}
.page img{display:block;max-width:100%}.box{position:absolute;border:2px solid;box-sizing:border-box}
.box span{position:absolute;top:-1px;left:-1px;font:10px monospace;color:#fff;padding:0 2px}
"""


@dataclass
class DocView:
    """What the viewer needs of one row, from any of the output formats."""

    id: str
    texts: list[str | None]
    images: list[bytes | str | None]
    metadata: list[dict[str, Any]]
    general: dict[str, Any]


def _from_parquet(path: Path) -> Iterator[DocView]:
    import pyarrow.parquet as pq

    for row in pq.read_table(path).to_pylist():
        if "image" in row:  # a pages dataset: show each page record as a one-image document
            nodes = json.loads(row["nodes"])
            yield DocView(
                row["id"],
                [None, row["markdown"]],
                [row["image"]["bytes"], None],
                [{"type": "figure", "id": "page"}, {"type": "paragraph", "id": "md"}],
                {**json.loads(row["general_metadata"]), "nodes": len(nodes)},
            )
            continue
        images = [None if i is None else (i["bytes"] or i["path"]) for i in row["images"]]
        yield DocView(
            row["id"], row["texts"], images, json.loads(row["metadata"]), json.loads(row["general_metadata"])
        )


def _from_tar(path: Path) -> Iterator[DocView]:
    import tarfile

    samples: dict[str, dict[str, bytes]] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            data = tar.extractfile(member)
            if data is None:
                continue
            key, _, ext = member.name.partition(".")
            samples.setdefault(key, {})[ext] = data.read()
    for key, members in samples.items():
        doc = json.loads(members["json"])
        if "texts" not in doc:
            continue
        images: list[bytes | str | None] = []
        for ref in doc["images"]:
            if ref is None:
                images.append(None)
            elif ref.get("member"):
                images.append(members[ref["member"].partition(".")[2]])
            else:
                images.append(ref.get("path"))
        yield DocView(key, doc["texts"], images, doc["metadata"], doc["general_metadata"])


def read_dataset(folder: Path) -> Iterator[DocView]:
    """Documents of an output folder (parquet or webdataset shards), in shard order."""
    data = folder / "data" if (folder / "data").is_dir() else folder
    shards = sorted(data.glob("part-*.parquet")) + sorted(data.glob("part-*.tar"))
    if not shards:
        raise DocbuildError(str(folder), "no part-*.parquet or part-*.tar shards found")
    for shard in shards:
        yield from (_from_parquet(shard) if shard.suffix == ".parquet" else _from_tar(shard))


def _linked_text(text: str, links: list[dict[str, Any]]) -> str:
    """Escape text and wrap each resolved mention in a link to its target's anchor."""
    out, pos = [], 0
    for link in sorted(links, key=lambda x: x["start"]):
        if link["start"] < pos or not link.get("target"):
            continue
        out.append(escape(text[pos : link["start"]]))
        title = escape(f"{link.get('kind', '')} {link['target']}")
        mention = escape(text[link["start"] : link["end"]])
        out.append(f'<a class="ref" href="#{escape(link["target"])}" title="{title}">{mention}</a>')
        pos = link["end"]
    out.append(escape(text[pos:]))
    return "".join(out)


def _asset(assets: Path, rel: str, data: bytes) -> str:
    path = assets / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"assets/{rel}"


def _node_html(doc: DocView, i: int, assets: Path, seen: set[str]) -> str:
    meta = doc.metadata[i]
    kind, node_id = meta.get("type", "?"), str(meta.get("id", ""))
    anchor = f' id="{escape(node_id)}"' if node_id and node_id not in seen else ""
    seen.add(node_id)
    info = f"{kind} · {node_id} · page {meta.get('page_index')}"
    if meta.get("label"):
        info += f" · {meta['label']}"
    if meta.get("referenced_by"):
        info += f" · referenced by {', '.join(meta['referenced_by'])}"
    head = f'<div class="node {escape(kind)}"{anchor}><span class="kind">{escape(info)}</span>'
    image = doc.images[i]
    if isinstance(image, bytes):
        src = _asset(assets, f"{doc.id[:16]}/{i:04d}.{image_extension(image)}", image)
        alt = escape(meta.get("caption") or meta.get("alt") or kind)
        return f'{head}<img src="{src}" alt="{alt}" loading="lazy"></div>'
    if isinstance(image, str):
        return f'{head}<a href="{escape(image)}">{escape(image)}</a> (not fetched)</div>'
    text = doc.texts[i] or ""
    return f"{head}{_linked_text(text, meta.get('links') or [])}</div>"


def _page_overlays(doc: DocView, assets: Path, dpi: int) -> str:
    """Page images of the source PDF with every node's box, when the PDF is still on disk."""
    source_path = Path(str(doc.general.get("source", "")))
    if doc.general.get("format") != "pdf" or not source_path.is_file():
        return ""
    from docbuild.jobs import load

    sizes = doc.general.get("page_sizes") or []
    by_page: dict[int, list[dict[str, Any]]] = {}
    for meta in doc.metadata:
        if meta.get("bbox") is not None and meta.get("page_index") is not None:
            by_page.setdefault(int(meta["page_index"]), []).append(meta)
    pages = [p for p in range(len(sizes)) if p in by_page]
    html = []
    try:
        rendered = list(load(RENDER)(Source(str(source_path), "pdf", path=source_path), pages, dpi))
    except DocbuildError as exc:
        log.warning("cannot render pages of %s: %s", source_path, exc)
        return ""
    for index, png, _w, _h in rendered:
        width, height = sizes[index]
        src = _asset(assets, f"{doc.id[:16]}/page-{index:04d}.png", png)
        boxes = []
        for order, meta in enumerate(by_page[index]):
            x0, y0, x1, y1 = meta["bbox"]
            colour = TYPE_COLOURS.get(meta["type"], "#000")
            style = (
                f"left:{100 * x0 / width:.2f}%;top:{100 * y0 / height:.2f}%;"
                f"width:{100 * (x1 - x0) / width:.2f}%;height:{100 * (y1 - y0) / height:.2f}%;"
                f"border-color:{colour}"
            )
            label = f'<span style="background:{colour}">{order} {escape(meta["type"])}</span>'
            boxes.append(f'<a class="box" href="#{escape(str(meta["id"]))}" style="{style}">{label}</a>')
        html.append(
            f'<h3>Page {index + 1}</h3><div class="page"><img src="{src}" alt="page {index + 1}">'
            + "".join(boxes)
            + "</div>"
        )
    return "".join(html)


def _doc_page(doc: DocView, assets: Path, dpi: int) -> str:
    title = doc.general.get("title") or doc.general.get("url") or doc.general.get("source") or doc.id
    seen: set[str] = set()
    nodes = "\n".join(_node_html(doc, i, assets, seen) for i in range(len(doc.texts)))
    general = escape(json.dumps(doc.general, indent=1, ensure_ascii=False)[:4000])
    return (
        f"<!doctype html><meta charset=utf-8><title>{escape(str(title))}</title><style>{CSS}</style>"
        f'<p><a href="index.html">← all documents</a></p><h1>{escape(str(title))}</h1>'
        f"<details><summary>general_metadata</summary><pre>{general}</pre></details>"
        f"<h2>Interleaved sequence</h2>{nodes}<h2>Pages</h2>{_page_overlays(doc, assets, dpi)}"
    )


def _stats(doc: DocView) -> dict[str, Any]:
    kinds = [m.get("type") for m in doc.metadata]
    return {
        "texts": sum(t is not None for t in doc.texts),
        "images": sum(i is not None for i in doc.images),
        "figures": kinds.count("figure"),
        "tables": len({m.get("id") for m in doc.metadata if m.get("type") == "table"}),
        "links": sum(len(m.get("links") or []) for m in doc.metadata),
        "pages": doc.general.get("num_pages"),
    }


def build_site(dataset: Path, out: Path, dpi: int = 80, limit: int | None = None) -> Path:
    """Write the site into ``out`` and return the index path."""
    out.mkdir(parents=True, exist_ok=True)
    assets = out / "assets"
    rows = []
    for number, doc in enumerate(read_dataset(dataset)):
        if limit is not None and number >= limit:
            break
        (out / f"doc-{number:05d}.html").write_text(_doc_page(doc, assets, dpi), encoding="utf-8")
        stats = _stats(doc)
        name = doc.general.get("title") or doc.general.get("url") or doc.general.get("source") or doc.id
        cells = "".join(f"<td>{escape(str(v))}</td>" for v in stats.values())
        rows.append(f'<tr><td><a href="doc-{number:05d}.html">{escape(str(name))}</a></td>{cells}</tr>')
    header = "".join(
        f"<th>{k}</th>" for k in ["document", "texts", "images", "figures", "tables", "links", "pages"]
    )
    index = out / "index.html"
    index.write_text(
        f"<!doctype html><meta charset=utf-8><title>docbuild: {escape(str(dataset))}</title>"
        f"<style>{CSS}</style><h1>{escape(str(dataset))}</h1><p>{len(rows)} documents</p>"
        f'<table class="stats"><tr>{header}</tr>{"".join(rows)}</table>',
        encoding="utf-8",
    )
    return index
