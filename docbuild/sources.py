"""Inputs: files found on disk, or records pulled out of a container (a WARC, a crawl).

A ``Source`` is what the pipeline hands to a parser. Container readers (WARC) yield sources
holding their bytes in memory and the record's metadata; the pipeline routes each to the
parser for its ``format``, so parsers never import each other.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docbuild.errors import EmptyInput, ParseError

# File endings each command picks up when walking a folder.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "html": (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"),
    "warc": (".warc", ".warc.gz", ".arc.gz"),
}


@dataclass
class Source:
    """One input document: a file (``path``) or in-memory bytes (``data``) with provenance.

    ``location`` is the human-readable name used in errors and the manifest
    (``papers/a.pdf`` or ``crawl.warc.gz@12345``); ``meta`` is merged into the document's
    ``general_metadata`` (URL, HTTP headers, WARC offsets …).
    """

    location: str
    format: str
    path: Path | None = None
    data: bytes | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    _digest: str | None = field(default=None, repr=False)

    def read_bytes(self) -> bytes:
        """The raw bytes (gunzipped for ``.html.gz``); errors name the file."""
        if self.data is not None:
            return self.data
        if self.path is None:
            raise EmptyInput(self.location, "source has neither a path nor bytes")
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise ParseError(self.location, f"cannot read file: {exc.strerror or exc}") from exc
        if self.path.name.endswith(".gz") and self.format == "html":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise ParseError(self.location, f"bad gzip data: {exc}") from exc
        return raw

    @property
    def public_meta(self) -> dict[str, Any]:
        """Provenance for general_metadata; "_" keys are private hand-offs between reader and parser."""
        return {k: v for k, v in self.meta.items() if not k.startswith("_")}

    @property
    def sha256(self) -> str:
        """Hash of the input bytes: the stable document id across runs."""
        if self._digest is None:
            h = hashlib.sha256()
            if self.data is not None:
                h.update(self.data)
            elif self.path is not None:
                with open(self.path, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
            self._digest = h.hexdigest()
        return self._digest


@dataclass(frozen=True)
class Skipped:
    """An input found while walking that will not be parsed, with the reason."""

    location: str
    reason: str


def _matches(path: Path, suffixes: tuple[str, ...]) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in suffixes)


def discover(inputs: Iterable[str | Path], fmt: str) -> tuple[list[Source], list[Skipped]]:
    """Files named on the command line plus those found (recursively) in folders, sorted.

    Files named explicitly are taken whatever their ending (a parser then says if they are
    not what they claim); files inside folders are filtered by the command's endings.
    Unreadable folders and missing paths are reported as skipped, never raised.
    """
    suffixes = SUFFIXES[fmt]
    found: dict[str, Source] = {}
    skipped: list[Skipped] = []

    def on_error(err: OSError) -> None:
        skipped.append(Skipped(str(err.filename), f"unreadable: {err.strerror}"))

    for item in inputs:
        path = Path(item)
        if path.is_file():
            found[str(path)] = Source(location=str(path), format=fmt, path=path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path, onerror=on_error):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if _matches(child, suffixes) and child.is_file():
                        found[str(child)] = Source(location=str(child), format=fmt, path=child)
        else:
            skipped.append(Skipped(str(path), "not found"))
    sources = [found[k] for k in sorted(found)]
    return sources, skipped
