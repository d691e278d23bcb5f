"""The crawl's WARC: every response recorded as it arrives, and read back by URL or in order.

Recording makes a crawl re-parseable offline (``docbuild warc OUT/warc``) and resumable; reading
back lets a resumed crawl, or ``docbuild warc --images fetch``, take images (and their redirects
and errors) from the archive instead of the network. warcio is imported lazily.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from docbuild.http import Response

log = logging.getLogger(__name__)


class WarcRecorder:
    """Appends each response to a new gzipped WARC segment, flushed per record (crash-safe)."""

    def __init__(self, folder: Path) -> None:
        from docbuild.errors import require

        require("warcio", "crawl")
        from warcio.warcwriter import WARCWriter

        folder.mkdir(parents=True, exist_ok=True)
        index = len(list(folder.glob("crawl-*.warc.gz")))
        self.path = folder / f"crawl-{index:05d}.warc.gz"
        self._fh = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(self.path.name, {"software": "docbuild crawl"})
        self._writer.write_record(info)
        self.records = 0

    def __call__(self, resp: Response, label: str) -> None:
        from io import BytesIO

        from warcio.statusandheaders import StatusAndHeaders

        skip = {"content-encoding", "transfer-encoding", "content-length"}
        headers = [(k, v) for k, v in resp.headers if k.lower() not in skip]
        headers.append(("Content-Length", str(len(resp.body))))
        http = StatusAndHeaders(f"{resp.status} {_reason(resp.status)}", headers, protocol="HTTP/1.1")
        extra = {"WARC-Docbuild-Label": label} if label else {}
        record = self._writer.create_warc_record(
            resp.url, "response", payload=BytesIO(resp.body), http_headers=http, warc_headers_dict=extra
        )
        self._writer.write_record(record)
        self._fh.flush()
        self.records += 1

    def close(self) -> None:
        self._fh.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def read_warc(where: Path | list[Path], images: bool = False) -> Iterator[tuple[Response, str]]:
    """Responses recorded by earlier runs (a folder of segments or a list), in order; a segment
    cut short by a kill ends quietly. Images are left out unless asked for (resume needs pages).
    """
    for resp, label, _, _ in warc_records(where, lambda label: images or label != "image"):
        yield resp, label


def warc_records(
    where: Path | list[Path], wanted: Callable[[str], bool]
) -> Iterator[tuple[Response, str, Path, int]]:
    """(response, label, segment, offset) of each recorded response whose label is ``wanted``."""
    from warcio.archiveiterator import ArchiveIterator

    segments = sorted(where.glob("crawl-*.warc.gz")) if isinstance(where, Path) else where
    for path in segments:
        with open(path, "rb") as fh:
            try:
                records = ArchiveIterator(fh)
                for rec in records:
                    if rec.rec_type != "response" or rec.http_headers is None:
                        continue
                    label = rec.rec_headers.get_header("WARC-Docbuild-Label") or ""
                    if not wanted(label):
                        continue
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    status = int(rec.http_headers.get_statuscode() or 0)
                    body = rec.content_stream().read()
                    resp = Response(url, status, tuple(rec.http_headers.headers), body)
                    yield resp, label, path, records.get_record_offset()
            except Exception as exc:  # warcio raises several types on a truncated gzip member
                log.warning("%s ends in an incomplete record (%s); later records ignored", path, exc)


class ArchivedImages:
    """Image responses of earlier runs, found by URL, so a resumed crawl does not fetch them again."""

    def __init__(self) -> None:
        self.index: dict[str, tuple[Path, int]] = {}

    @classmethod
    def of(cls, paths: list[Path]) -> ArchivedImages:
        """Every HTTP response recorded in ``paths`` by URL (headers read, bodies skipped)."""
        from warcio.archiveiterator import ArchiveIterator

        archived = cls()
        for path in paths:
            with open(path, "rb") as fh:
                try:
                    records = ArchiveIterator(fh)
                    for rec in records:
                        url = rec.rec_headers.get_header("WARC-Target-URI")
                        if rec.rec_type == "response" and rec.http_headers is not None and url:
                            archived.add(url, path, records.get_record_offset())
                except Exception as exc:  # warcio raises several types on a damaged archive
                    log.warning("%s: image index stops at a damaged record (%s)", path, exc)
        return archived

    def add(self, url: str, path: Path, offset: int) -> None:
        self.index.setdefault(url, (path, offset))

    def __call__(self, url: str) -> Response | None:
        where = self.index.get(url)
        if where is None:
            return None
        from warcio.archiveiterator import ArchiveIterator

        with open(where[0], "rb") as fh:
            fh.seek(where[1])
            for rec in ArchiveIterator(fh):
                status = int(rec.http_headers.get_statuscode() or 0)
                return Response(url, status, tuple(rec.http_headers.headers), rec.content_stream().read())
        return None
