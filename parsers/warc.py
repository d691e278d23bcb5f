"""WARC archives -> in-memory sources (HTML pages, PDFs) plus an index of the images they hold.

Example::

    for item in iter_records(source):       # image index pass, then one record in memory at a time
        if isinstance(item, Skipped): ...   # corrupt/truncated record, reported and skipped
        doc = parse_html_or_pdf(item)       # the pipeline routes by item.format
        doc = embed_images(doc, item)       # figures whose image is archived get their bytes

warcio reads gzip (per-record members) and plain WARCs and undoes chunked transfer and
Content-Encoding; a record that fails to decode is reported as ``Skipped`` and reading resumes at
the next record start found in the file, so one bad record never loses the rest of the archive.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

from docbuild.errors import FetchError, MissingDependency, ParseError, ResourceLimit
from docbuild.images import verify_image
from docbuild.model import Document, ImageData, NodeType
from docbuild.options import FetchOptions
from docbuild.sources import Skipped, Source

# Archived images get the same verification as fetched ones (defaults: 40 MP bomb guard, bytes kept as is).
VERIFY = FetchOptions()

MAX_PAYLOAD = 64 << 20  # bigger documents are skipped, so memory stays bounded
MAX_IMAGE = 16 << 20
HTML_TYPES = ("text/html", "application/xhtml+xml")
_RESYNC_WINDOW = 1 << 20


@dataclass(frozen=True)
class _Raw:
    """One response/resource record read whole: headers we keep and the decoded payload."""

    offset: int
    length: int
    url: str
    date: str | None
    record_id: str | None
    status: int | None
    content_type: str
    headers: dict[str, str]
    payload: bytes


def _corrupt_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a damaged archive (its own types plus decoding errors)."""
    try:
        from warcio.recordloader import ArchiveLoadFailed
        from warcio.statusandheaders import StatusAndHeadersParserException
    except ImportError:
        return (zlib.error, EOFError, ValueError, OSError)
    return (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, OSError)


_CORRUPT = _corrupt_errors()


def _warcio() -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        raise MissingDependency("warcio", "install it with: pip install 'docbuild[warc]'") from exc
    return ArchiveIterator


def _open(source: Source) -> BinaryIO:
    if source.path is None:
        import io

        return io.BytesIO(source.read_bytes())
    try:
        return open(source.path, "rb")
    except OSError as exc:
        raise ParseError(source.location, f"cannot read WARC: {exc.strerror or exc}") from exc


def _find_next_record(fh: BinaryIO, start: int) -> int | None:
    """Offset of the next plausible record start after ``start`` (a gzip member or 'WARC/1.')."""
    pos = start
    while True:
        fh.seek(pos)
        chunk = fh.read(_RESYNC_WINDOW)
        if not chunk:
            return None
        i = 1 if pos == start else 0
        while True:
            hits = [h for h in (chunk.find(b"\x1f\x8b\x08", i), chunk.find(b"WARC/1.", i)) if h >= 0]
            if not hits:
                break
            i = min(hits)
            if chunk[i : i + 7] == b"WARC/1." or _gzip_starts_record(chunk[i:]):
                return pos + i
            i += 1
        if len(chunk) < _RESYNC_WINDOW:
            return None
        pos += len(chunk) - 8


def _gzip_starts_record(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(31).decompress(data[:4096], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _read_record(record: Any, location: str, payload: bool = True) -> _Raw | None:
    """The decoded payload and metadata of a response/resource record; None for other records."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    status = None
    http: dict[str, str] = {}
    ctype = headers.get_header("Content-Type") or ""
    if record.http_headers is not None and record.rec_type == "response":
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
        http = {k.lower(): v for k, v in record.http_headers.headers}
        ctype = http.get("content-type", "")
    if record.length and record.length > MAX_PAYLOAD:
        raise ResourceLimit(location, f"record of {record.length} bytes exceeds {MAX_PAYLOAD}")
    data = b""
    if payload:
        data = record.content_stream().read(MAX_PAYLOAD + 1)
        if len(data) > MAX_PAYLOAD:
            raise ResourceLimit(location, f"payload larger than {MAX_PAYLOAD} bytes")
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise ParseError(location, "truncated record: fewer bytes than its Content-Length")
    return _Raw(
        offset=0,
        length=int(record.length or 0),
        url=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date"),
        record_id=headers.get_header("WARC-Record-ID"),
        status=status,
        content_type=ctype,
        headers=http,
        payload=data,
    )


def _records(source: Source, payloads: bool = True) -> Iterator[tuple[int, int, _Raw | None] | Skipped]:
    """(offset, stored length, record) for every record, resyncing after a corrupt one."""
    archive_iterator = _warcio()
    with _open(source) as fh:
        base = 0
        while True:
            fh.seek(base)
            it = archive_iterator(fh, no_record_parse=False, check_digests=False)
            offset = start = base  # start: where the record being read begins, as far as known
            try:
                for record in it:
                    # warcio's get_record_offset() consumes the record, so read the payload first
                    try:
                        raw, error = _read_record(record, f"{source.location}@{start}", payloads), None
                    except (ParseError, ResourceLimit) as exc:
                        raw, error = None, exc.message
                    except (zlib.error, EOFError, ValueError, OSError) as exc:
                        raw, error = None, f"undecodable payload: {_short(exc)}"
                    offset = base + it.get_record_offset()
                    length = int(it.get_record_length() or 0)
                    start = offset + length
                    if error is not None:
                        yield Skipped(f"{source.location}@{offset}", error)
                        continue
                    yield offset, length, raw
                return
            except _CORRUPT as exc:
                yield Skipped(f"{source.location}@{start}", f"corrupt WARC data: {_short(exc)}")
                nxt = _find_next_record(fh, start + 1)
                if nxt is None or nxt <= start:
                    return
                base = nxt


def _short(exc: BaseException) -> str:
    """Exception type and message, cut so binary junk quoted by warcio stays readable."""
    return f"{type(exc).__name__}: {repr(str(exc))[1:-1][:160]}"


def _kind(raw: _Raw) -> str | None:
    """'html', 'pdf', 'image' or None, from the Content-Type and, failing that, the bytes."""
    ctype = raw.content_type.split(";", 1)[0].strip().lower()
    head = raw.payload[:512].lstrip().lower()
    if ctype == "application/pdf" or raw.payload.startswith(b"%PDF-"):
        return "pdf"
    if ctype in HTML_TYPES or (
        (not ctype or ctype == "text/plain")
        and (head.startswith(b"<!doctype html") or head.startswith(b"<html"))
    ):
        return "html"
    if ctype.startswith("image/"):
        return "image"
    return None


def iter_records(source: Source, images: bool = True) -> Iterator[Source | Skipped]:
    """HTML and PDF responses of a WARC as in-memory sources, one at a time, in file order.

    With ``images`` (and a WARC on disk), a first pass indexes the image records (URL -> offset,
    no bytes), and each HTML source gets ``meta["_warc_images"]``: the archived images its markup
    references, which ``embed_images(doc, source)`` turns into bytes after parsing.
    """
    name = source.path.name if source.path is not None else source.location
    index = index_images(source) if images and source.path is not None else {}
    names = frozenset(_name(u) for u in index)
    for item in _records(source):
        if isinstance(item, Skipped):
            yield item
            continue
        offset, length, raw = item
        if raw is None:
            continue
        kind = _kind(raw)
        if kind not in ("html", "pdf"):
            continue
        if raw.status is not None and not 200 <= raw.status < 300:
            continue
        if not raw.payload:
            yield Skipped(f"{source.location}@{offset}", "empty payload")
            continue
        meta: dict[str, Any] = {
            "url": raw.url,
            "warc_filename": name,
            "warc_record_offset": offset,
            "warc_record_length": length,
            "warc_date": raw.date,
            "warc_record_id": raw.record_id,
            "http_status": raw.status,
            "content_type": raw.content_type or None,
            "http_headers": raw.headers,
        }
        if kind == "html" and index:
            referenced = referenced_images(raw.payload, raw.url, index, names)
            if referenced:
                meta["_warc_images"] = referenced
                meta["_warc_path"] = str(source.path)
        yield Source(location=f"{source.location}@{offset}", format=kind, data=raw.payload, meta=meta)


_ATTR_VALUE = re.compile(rb"""=\s*(?:"([^"<>]{1,4000})"|'([^'<>]{1,4000})')""")
_TOKEN_SPLIT = re.compile(r"[\s,]+")
_BASE = re.compile(rb"""<base\s[^>]*href\s*=\s*["']([^"']+)""", re.I)


def _name(url: str) -> str:
    """Last path segment of a URL without query or fragment: a cheap key to pre-filter tokens."""
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def referenced_images(
    html: bytes, page_url: str, index: dict[str, int], names: frozenset[str] | None = None
) -> dict[str, int]:
    """Archived images (URL -> record offset) a page's markup mentions, found without parsing it.

    Attribute values are split into URL-like tokens; only tokens whose file name matches an
    archived image are resolved (against <base href> or the page URL), so cost stays linear.
    """
    names = names if names is not None else frozenset(_name(u) for u in index)
    base = page_url
    m = _BASE.search(html[:65536])
    if m:
        base = urljoin(page_url, m.group(1).decode("latin-1").strip())
    found: dict[str, int] = {}
    for m in _ATTR_VALUE.finditer(html):
        raw_value = m.group(1) or m.group(2)
        if b"/" not in raw_value and b"." not in raw_value:
            continue  # class names, ids, words: cannot name an image file
        for token in _TOKEN_SPLIT.split(raw_value.decode("latin-1")):
            if len(token) < 3 or _name(unescape(token) if "&" in token else token) not in names:
                continue
            try:
                url = urljoin(base, unescape(token))
            except ValueError:
                continue
            if url in index:
                found[url] = index[url]
    return found


def index_images(source: Source) -> dict[str, int]:
    """URL -> record offset of every image response in the WARC (headers only; no bytes kept)."""
    index: dict[str, int] = {}
    for item in _records(source, payloads=False):
        if isinstance(item, Skipped):
            continue
        offset, _, raw = item
        if raw is not None and raw.url and _kind(raw) == "image" and (raw.status or 200) < 300:
            index.setdefault(raw.url, offset)
    return index


def read_image(source: Source, offset: int) -> tuple[bytes, str | None] | None:
    """Payload and MIME type of the image record at ``offset``, or None when unreadable."""
    archive_iterator = _warcio()
    with _open(source) as fh:
        fh.seek(offset)
        try:
            record = next(iter(archive_iterator(fh)))
            raw = _read_record(record, f"{source.location}@{offset}")
        except (StopIteration, ParseError, ResourceLimit, zlib.error, EOFError, ValueError, OSError):
            return None
    if raw is None or len(raw.payload) > MAX_IMAGE:
        return None
    return raw.payload, raw.content_type.split(";", 1)[0].strip() or None


def embed_images(doc: Document, source: Source) -> Document:
    """Bytes for the figures of a page parsed from a WARC record whose images are in the same WARC.

    ``source`` is the record source ``iter_records`` yielded (its ``_warc_images`` / ``_warc_path``
    meta); figures whose image is not archived keep their URL and null bytes.
    """
    index = source.meta.get("_warc_images") or {}
    path = source.meta.get("_warc_path")
    if not index or not path:
        return doc
    return embed_from_index(doc, Source(location=path, format="warc", path=Path(path)), index)


def embed_from_index(doc: Document, warc: Source, index: dict[str, int]) -> Document:
    """Put the bytes of figures whose URL (or a srcset alternative) is in ``index`` into ``doc``."""
    nodes = list(doc.nodes)
    changed = False
    warnings: list[str] = []
    for i, node in enumerate(nodes):
        if node.type is not NodeType.FIGURE or node.image is None or node.image.data is not None:
            continue
        urls = [node.image.path, *node.meta.get("src_candidates", [])]
        url = next((u for u in urls if u in index), None)
        if url is None:
            continue
        found = read_image(warc, index[url])
        if found is None:
            continue
        data, _mime = found
        try:  # the same checks as fetched images: pixel-count bomb guard, full decode, hashes
            info = verify_image(data, url, VERIFY)
        except FetchError as exc:
            nodes[i] = node.with_meta(warc_image_offset=index[url], image_error=exc.reason)
            warnings.append(f"archived image {url} not embedded: {exc.message}")
            changed = True
            continue
        image = ImageData(data=info.data, path=url, mime=info.mime, width=info.width, height=info.height)
        nodes[i] = node.evolve(image=image).with_meta(warc_image_offset=index[url], **info.metadata(url))
        changed = True
    if not changed:
        return doc
    doc = doc.evolve(nodes=tuple(nodes))
    for message in warnings:
        doc = doc.with_warning(message)
    return doc
