"""Parquet shards ``data/part-NNNNN.parquet`` that `datasets.load_dataset("parquet")` decodes.

Each shard is written under a temporary name and renamed when complete, so a crash never leaves
a half-written shard that looks finished (the resume logic trusts only renamed shards).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from docbuild.obelics import HF_FEATURES, Row

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("texts", pa.list_(pa.string())),
        pa.field("images", pa.list_(pa.struct([("bytes", pa.binary()), ("path", pa.string())]))),
        pa.field("metadata", pa.string()),
        pa.field("general_metadata", pa.string()),
    ],
    metadata={"huggingface": json.dumps({"info": {"features": HF_FEATURES}})},
)

# `docbuild pages`: one row per page, the rendered page plus its structured targets.
PAGE_FEATURES = {
    "id": {"dtype": "string", "_type": "Value"},
    "doc_id": {"dtype": "string", "_type": "Value"},
    "page_index": {"dtype": "int32", "_type": "Value"},
    "image": {"_type": "Image"},
    "markdown": {"dtype": "string", "_type": "Value"},
    "doctags": {"dtype": "string", "_type": "Value"},
    "nodes": {"dtype": "string", "_type": "Value"},
    "general_metadata": {"dtype": "string", "_type": "Value"},
}
PAGE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("page_index", pa.int32()),
        pa.field("image", pa.struct([("bytes", pa.binary()), ("path", pa.string())])),
        pa.field("markdown", pa.string()),
        pa.field("doctags", pa.string()),
        pa.field("nodes", pa.string()),
        pa.field("general_metadata", pa.string()),
    ],
    metadata={"huggingface": json.dumps({"info": {"features": PAGE_FEATURES}})},
)

SHARD_GLOB = "part-*.parquet"


def shard_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def write_shard(path: Path, rows: Iterable[Row]) -> Path:
    """Write ``rows`` to ``path`` atomically (temp file, fsync, rename); page rows get the page schema."""
    rows = list(rows)
    schema = PAGE_SCHEMA if rows and "image" in rows[0] else SCHEMA
    table = pa.Table.from_pylist(rows, schema=schema)
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Small row groups keep peak memory low for readers of image-heavy shards.
    pq.write_table(table, tmp, row_group_size=64, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """All rows of a shard as dicts (tests, stats and the viewer use this)."""
    return pq.read_table(path, columns=columns).to_pylist()


def shard_ids(path: Path) -> list[str]:
    """Document ids held by one complete shard (what ``--resume`` trusts)."""
    return [str(v) for v in pq.read_table(path, columns=["id"]).column("id").to_pylist()]
