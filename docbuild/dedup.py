"""Cross-document dedup: exact bytes, exact normalised text, near duplicates (MinHash LSH), images.

Workers compute a :class:`Signature` per output row (the expensive part: shingling, MinHash,
image hashes); the parent's :class:`Deduper` decides in input order (cheap look-ups), so the
result does not depend on which worker finished first. ``--resume`` rebuilds the state from the
complete shards with the same functions. Images repeated more than ``max_image_repeats`` times
across the run are boilerplate (OBELICS): the first N occurrences are kept, later ones dropped,
because shards already written are never rewritten. datasketch and imagehash load lazily.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from docbuild.errors import require
from docbuild.filters import words
from docbuild.obelics import Row, row_stats
from docbuild.options import DedupOptions

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_PERMUTATIONS: dict[tuple[int, int], Any] = {}


@dataclass(frozen=True)
class ImageKey:
    """What identifies one image position: content hash (or URL) and perceptual hash when decodable."""

    position: int
    digest: str
    phash: str | None = None


@dataclass
class Signature:
    """Everything the parent needs to dedup one row, computed in the worker."""

    text_hash: str
    minhash: np.ndarray | None = None
    images: list[ImageKey] = field(default_factory=list)


def normalize(text: str) -> str:
    """Text compared by exact-text dedup: NFKC, lower case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def row_text(row: Row) -> str:
    return "\n".join(t for t in row["texts"] if t)


def _permutations(num_perm: int, seed: int = 1) -> Any:
    """The MinHash permutations, generated once per process (they cost more than hashing a doc)."""
    key = (num_perm, seed)
    if key not in _PERMUTATIONS:
        datasketch = require("datasketch", "dedup")
        _PERMUTATIONS[key] = datasketch.MinHash(num_perm=num_perm, seed=seed).permutations  # type: ignore[attr-defined]
    return _PERMUTATIONS[key]


def shingles(text: str, n: int) -> set[bytes]:
    """Word n-grams of the text (the whole text when shorter than n words)."""
    tokens = words(text)
    if len(tokens) < n:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + n]).encode() for i in range(len(tokens) - n + 1)}


def minhash(text: str, options: DedupOptions) -> Any:
    """datasketch MinHash of the text's word shingles (crc32 per shingle: stable across processes)."""
    datasketch = require("datasketch", "dedup")
    m = datasketch.MinHash(  # type: ignore[attr-defined]
        num_perm=options.num_perm,
        hashfunc=zlib.crc32,
        permutations=_permutations(options.num_perm),
        scheme="affine32",
    )
    m.update_batch(list(shingles(text, options.shingle_words)))
    return m


def _phash(data: bytes) -> str | None:
    """Perceptual hash of image bytes, None when Pillow cannot decode them (or they are a bomb)."""
    imagehash = require("imagehash", "dedup")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.draft("L", (64, 64))
            return str(imagehash.phash(img))  # type: ignore[attr-defined]
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def image_keys(row: Row, options: DedupOptions) -> list[ImageKey]:
    """One key per image position: sha256 of the bytes, else the URL/path."""
    keys: list[ImageKey] = []
    for position, cell in enumerate(row["images"]):
        if cell is None:
            continue
        data, path = cell.get("bytes"), cell.get("path")
        if data:
            ph = _phash(data) if options.phash else None
            keys.append(ImageKey(position, "sha256:" + hashlib.sha256(data).hexdigest(), ph))
        elif path:
            keys.append(ImageKey(position, "url:" + str(path)))
    return keys


def signature(row: Row, options: DedupOptions) -> Signature:
    """The dedup signature of one row (runs in the worker)."""
    text = row_text(row)
    norm = normalize(text)
    sig = Signature(text_hash=hashlib.sha256(norm.encode()).hexdigest())
    if options.near and norm:
        sig.minhash = minhash(text, options).hashvalues
    if options.images:
        sig.images = image_keys(row, options)
    return sig


def drop_positions(row: Row, positions: set[int]) -> Row:
    """Copy of ``row`` without the given interleaved positions (texts, images and metadata stay aligned)."""
    meta = json.loads(row["metadata"])
    keep = [i for i in range(len(row["texts"])) if i not in positions]
    return {
        **row,
        "texts": [row["texts"][i] for i in keep],
        "images": [row["images"][i] for i in keep],
        "metadata": json.dumps([meta[i] for i in keep], ensure_ascii=False),
    }


@dataclass
class Verdict:
    """The parent's decision on one row: drop it (reason, message) or keep it, maybe without some images."""

    reason: str | None = None
    message: str | None = None
    row: Row | None = None
    image_drops: Counter[str] = field(default_factory=Counter)


class Deduper:
    """Run-wide dedup state, fed in input order; ``check`` decides and records a kept row."""

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self.by_id: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.image_counts: Counter[str] = Counter()
        self.lsh: Any = None
        if options.near:
            datasketch = require("datasketch", "dedup")
            self.lsh = datasketch.MinHashLSH(threshold=options.near_threshold, num_perm=options.num_perm)  # type: ignore[attr-defined]

    def _near(self, sig: Signature) -> str | None:
        if self.lsh is None or sig.minhash is None:
            return None
        found = self.lsh.query(self._as_minhash(sig))
        return min(found) if found else None

    def _as_minhash(self, sig: Signature) -> Any:
        datasketch = require("datasketch", "dedup")
        return datasketch.MinHash(  # type: ignore[attr-defined]
            num_perm=self.options.num_perm,
            hashvalues=sig.minhash,
            permutations=_permutations(self.options.num_perm),
            scheme="affine32",
        )

    def duplicate_of(self, doc_id: str | None, sig: Signature) -> tuple[str, str] | None:
        """(reason, earlier location) when the document repeats one already kept."""
        if self.options.exact and doc_id is not None and doc_id in self.by_id:
            return "duplicate:exact_bytes", self.by_id[doc_id]
        if self.options.exact and sig.text_hash in self.by_text:
            return "duplicate:exact_text", self.by_text[sig.text_hash]
        near = self._near(sig)
        return ("duplicate:near", near) if near is not None else None

    def _image_drops(self, sig: Signature) -> tuple[set[int], Counter[str]]:
        """Positions of images repeated inside the row or seen too often across the run."""
        drops: set[int] = set()
        reasons: Counter[str] = Counter()
        seen: set[str] = set()
        limit = self.options.max_image_repeats
        for key in sig.images:
            names = [key.digest] + ([f"phash:{key.phash}"] if key.phash else [])
            if key.digest in seen:
                drops.add(key.position)
                reasons["image:duplicate_in_document"] += 1
            elif limit is not None and any(self.image_counts[n] >= limit for n in names):
                drops.add(key.position)
                reasons["image:repeated_across_documents"] += 1
            seen.add(key.digest)
        return drops, reasons

    def _count_images(self, sig: Signature, dropped: set[int]) -> None:
        for key in sig.images:
            if key.position in dropped:
                continue
            self.image_counts[key.digest] += 1
            if key.phash:
                self.image_counts[f"phash:{key.phash}"] += 1

    def remember(self, location: str, doc_id: str | None, sig: Signature, dropped: set[int]) -> None:
        """Record a kept document (also used to rebuild the state from shards on resume)."""
        if doc_id is not None:
            self.by_id.setdefault(doc_id, location)
        self.by_text.setdefault(sig.text_hash, location)
        if self.lsh is not None and sig.minhash is not None and location not in self.lsh:
            self.lsh.insert(location, self._as_minhash(sig))
        self._count_images(sig, dropped)

    def check(self, location: str, doc_id: str | None, row: Row, sig: Signature) -> Verdict:
        """Decide on one row in input order; kept rows are remembered for the ones after."""
        dup = self.duplicate_of(doc_id, sig)
        if dup is not None:
            reason, earlier = dup
            return Verdict(reason=reason, message=f"duplicate of {earlier}")
        dropped, reasons = self._image_drops(sig) if self.options.images else (set(), Counter())
        new_row = drop_positions(row, dropped) if dropped else row
        self.remember(location, doc_id, sig, dropped)
        return Verdict(row=new_row, image_drops=reasons)


def recount(row: Row) -> dict[str, int]:
    """Row counts after images were dropped (for the manifest and the summary)."""
    return row_stats(row)
