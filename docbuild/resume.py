"""``--resume``: work out what an interrupted run already finished, from what is on disk.

Complete (renamed) shards are the truth: a document is done if its row is in one, whatever the
manifest says. Failed and skipped inputs are done if the manifest says so (they never go into a
shard). Everything else is redone. A crash can leave: stray ``.part-*.tmp`` files (removed), a
manifest whose last line was cut mid-write (cut back to the last full line), and a shard renamed
before its documents' manifest lines were appended (the lines are rebuilt from the shard, marked
``"recovered": true``). Containers (WARC) are re-read and their done records skipped one by one.
"""

from __future__ import annotations

import json
import logging
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docbuild.obelics import Row, row_stats
from docbuild.writers.parquet import SHARD_GLOB, read_rows

log = logging.getLogger(__name__)

TAR_GLOB = "part-*.tar"


@dataclass
class ResumeState:
    """What is already accounted for in an output folder."""

    done: set[str] = field(default_factory=set)
    shards: list[Path] = field(default_factory=list)
    next_index: int = 0
    recovered: list[dict[str, Any]] = field(default_factory=list)
    removed_tmp: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def is_done(self, location: str) -> bool:
        return location in self.done


def remove_temp_files(data_dir: Path) -> list[str]:
    """Delete half-written shards left by a crash; they are never trusted."""
    removed = []
    for tmp in sorted(data_dir.glob(".*.tmp")):
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    return removed


def repair_manifest(path: Path) -> list[dict[str, Any]]:
    """Parsed manifest lines; a torn last line (kill -9 mid-write) is cut off the file."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    cut = raw.rfind(b"\n") + 1
    if cut < len(raw):
        log.warning("%s: dropping a torn last line (%d bytes)", path, len(raw) - cut)
        with open(path, "r+b") as fh:
            fh.truncate(cut)
            fh.flush()
            os.fsync(fh.fileno())
    entries = []
    for line in raw[:cut].decode("utf-8", errors="replace").splitlines():
        if line.strip():
            entries.append(json.loads(line))
    return entries


def shard_index(path: Path) -> int:
    return int(path.name.split(".")[0].split("-")[-1])


def complete_shards(data_dir: Path) -> list[Path]:
    """Renamed (hence complete) shards of either output format, in shard order."""
    if not data_dir.is_dir():
        return []
    return sorted([*data_dir.glob(SHARD_GLOB), *data_dir.glob(TAR_GLOB)], key=shard_index)


def _tar_rows(path: Path) -> Iterator[Row]:
    """Rows back from a webdataset shard: the ``json`` member, images re-attached by member name."""
    samples: dict[str, dict[str, bytes]] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            fh = tar.extractfile(member)
            if fh is not None:
                key, _, ext = member.name.partition(".")
                samples.setdefault(key, {})[ext] = fh.read()
    for members in samples.values():
        doc = json.loads(members["json"])
        row: Row = {"id": doc["id"], "general_metadata": json.dumps(doc["general_metadata"])}
        if "texts" in doc:
            row["texts"] = doc["texts"]
            row["metadata"] = json.dumps(doc["metadata"], ensure_ascii=False)
            row["images"] = [
                None
                if ref is None
                else {
                    "bytes": members.get((ref.get("member") or ".").partition(".")[2]),
                    "path": ref.get("path"),
                }
                for ref in doc["images"]
            ]
        yield row


def read_shard(path: Path, columns: list[str] | None = None) -> list[Row]:
    """Rows of one complete shard, parquet or webdataset tar."""
    if path.suffix == ".tar":
        rows = list(_tar_rows(path))
        return rows if columns is None else [{k: r[k] for k in columns if k in r} for r in rows]
    return read_rows(path, columns=columns)


def iter_shard_rows(data_dir: Path, columns: list[str] | None = None) -> Iterator[tuple[str, Row]]:
    """(shard name, row) for every row of every complete shard, in shard order."""
    for shard in complete_shards(data_dir):
        for row in read_shard(shard, columns=columns):
            yield shard.name, row


def row_location(row: Row) -> str:
    """The input a row came from (``general_metadata.source``, set by every parser)."""
    return str(json.loads(row["general_metadata"]).get("source") or row["id"])


def _recovered_entry(row: Row, shard: str, location: str) -> dict[str, Any]:
    """Manifest line for a row whose shard was renamed but whose line never got written."""
    gm = json.loads(row["general_metadata"])
    return {
        "input": location,
        "status": "ok",
        "reason": None,
        "id": row["id"],
        "pages": gm.get("num_pages", 0),
        "seconds": 0.0,
        **(row_stats(row) if "texts" in row else {}),
        "shard": shard,
        "recovered": True,
    }


def load_state(out: Path) -> ResumeState:
    """Scan an output folder (complete shards, manifest, temp files); only a torn line is rewritten."""
    data = out / "data"
    state = ResumeState()
    if data.is_dir():
        state.removed_tmp = remove_temp_files(data)
        state.shards = complete_shards(data)
    state.next_index = max((shard_index(p) for p in state.shards), default=-1) + 1
    entries = repair_manifest(out / "manifest.jsonl")
    listed_ok: set[str] = set()
    for entry in entries:
        if entry.get("status") in ("failed", "skipped"):
            state.done.add(entry["input"])
        elif entry.get("status") == "ok" and entry.get("shard"):
            listed_ok.add(entry["input"])
    in_shards = 0
    for shard in state.shards:
        missing = False
        for row in read_shard(shard, columns=["id", "general_metadata"]):
            location = row_location(row)
            in_shards += 1
            state.done.add(location)
            missing = missing or location not in listed_ok
        if missing:  # crash between shard rename and manifest append: rebuild the lines
            for row in read_shard(shard):
                location = row_location(row)
                if location not in listed_ok:
                    listed_ok.add(location)  # one line per input, even when it gave several rows
                    state.recovered.append(_recovered_entry(row, shard.name, location))
    state.counts = {"shard_rows": in_shards, "manifest_lines": len(entries)}
    return state
