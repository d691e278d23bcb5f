"""WebDataset tar shards (MINT-1T style): one sample per document (or page), images as separate members.

An interleaved sample ``KEY`` holds ``KEY.json`` (texts, metadata, general_metadata, and for each image
position the member name holding its bytes, or its URL) and ``KEY.0003.png`` … per embedded image. A page
sample holds ``KEY.png`` (the rendered page), ``KEY.md``, ``KEY.doctags`` and ``KEY.json``.
Tars are reproducible: fixed mtime, root owner, members in a fixed order, written to a temp name and renamed.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docbuild.obelics import Row

MTIME = 946_684_800  # 2000-01-01T00:00:00Z: fixed so identical inputs give byte-identical tars
SHARD_GLOB = "part-*.tar"

_SIGNATURES = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8", "jpg"),
    (b"GIF8", "gif"),
    (b"RIFF", "webp"),
    (b"<svg", "svg"),
)


def shard_name(index: int) -> str:
    return f"part-{index:05d}.tar"


def image_extension(data: bytes) -> str:
    """File extension from the image's magic bytes (readers pick a decoder by extension)."""
    head = data[:16].lstrip()
    for magic, ext in _SIGNATURES:
        if head.startswith(magic):
            return ext
    return "bin"


def _key(raw: str) -> str:
    # webdataset splits the key from the extension at the first dot of the member's base name
    return raw.replace(".", "_").replace("/", "_")


def interleaved_sample(row: Row) -> dict[str, bytes]:
    """Members of one interleaved document: ``json`` plus one member per embedded image."""
    key = _key(row["id"])
    members: dict[str, bytes] = {}
    refs: list[dict[str, Any] | None] = []
    for i, image in enumerate(row["images"]):
        if image is None:
            refs.append(None)
        elif image.get("bytes"):
            name = f"{i:04d}.{image_extension(image['bytes'])}"
            members[name] = image["bytes"]
            refs.append({"member": f"{key}.{name}", "path": image.get("path")})
        else:
            refs.append({"member": None, "path": image.get("path")})
    doc = {
        "id": row["id"],
        "texts": row["texts"],
        "images": refs,
        "metadata": json.loads(row["metadata"]),
        "general_metadata": json.loads(row["general_metadata"]),
    }
    members["json"] = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
    return {"__key__": key.encode(), **members}


def page_sample(row: Row) -> dict[str, bytes]:
    """Members of one page record: the page image and its three targets."""
    key = _key(row["id"])
    image = row["image"]["bytes"]
    meta = {k: v for k, v in row.items() if k not in ("image", "markdown", "doctags")}
    meta["nodes"] = json.loads(meta["nodes"])
    meta["general_metadata"] = json.loads(meta["general_metadata"])
    return {
        "__key__": key.encode(),
        image_extension(image): image,
        "md": row["markdown"].encode(),
        "doctags": row["doctags"].encode(),
        "json": json.dumps(meta, ensure_ascii=False, sort_keys=True).encode(),
    }


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = MTIME
    info.mode = 0o444
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info, io.BytesIO(data))


def write_samples(path: Path, samples: Iterable[dict[str, bytes]]) -> Path:
    """Write samples to a tar atomically; members of a sample are sorted, ``json`` last."""
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as fh:
        with tarfile.open(fileobj=fh, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            for sample in samples:
                key = sample["__key__"].decode()
                names = sorted(k for k in sample if k != "__key__" and k != "json")
                for ext in [*names, "json"] if "json" in sample else names:
                    _add(tar, f"{key}.{ext}", sample[ext])
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def write_shard(path: Path, rows: Iterable[Row]) -> Path:
    """Interleaved rows -> one tar shard (pages rows are recognised by their ``image`` column)."""
    samples = (page_sample(r) if "image" in r else interleaved_sample(r) for r in rows)
    return write_samples(path, samples)
