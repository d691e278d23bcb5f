"""``docbuild stats OUT``: what a finished (or interrupted) output folder holds, and what was dropped why.

Reads the complete shards (parquet or webdataset) without decoding images, plus manifest.jsonl
and summary.json for the failures and drops. Tokens are an estimate (characters / 4, the usual
rule of thumb for English BPE vocabularies), not a tokenizer run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docbuild.errors import DocbuildError
from docbuild.resume import complete_shards, read_shard

CHARS_PER_TOKEN = 4.0


@dataclass
class DatasetStats:
    """Totals over every row of an output folder."""

    documents: int = 0
    records: int = 0
    shards: int = 0
    pages: int = 0
    texts: int = 0
    images: int = 0
    characters: int = 0
    words: int = 0
    links: int = 0
    types: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    drops: Counter[str] = field(default_factory=Counter)

    @property
    def tokens_estimate(self) -> int:
        return round(self.characters / CHARS_PER_TOKEN)

    def add_row(self, row: dict[str, Any]) -> None:
        self.records += 1
        gm = json.loads(row.get("general_metadata") or "{}")
        self.formats[str(gm.get("format"))] += 1
        if "texts" not in row:  # page records (docbuild pages): one image each
            self.images += 1
            return
        self.documents += 1
        self.pages += int(gm.get("num_pages") or 0)
        texts = [t for t in row["texts"] if t is not None]
        self.texts += len(texts)
        self.images += len(row["texts"]) - len(texts)
        self.characters += sum(len(t) for t in texts)
        self.words += sum(len(t.split()) for t in texts)
        for meta in json.loads(row.get("metadata") or "[]"):
            self.types[str(meta.get("type"))] += 1
            self.links += len(meta.get("links") or [])

    def as_dict(self) -> dict[str, Any]:
        out = {
            k: (dict(sorted(v.items())) if isinstance(v, Counter) else v) for k, v in self.__dict__.items()
        }
        out["tokens_estimate"] = self.tokens_estimate
        return out


def _manifest(path: Path) -> tuple[Counter[str], Counter[str]]:
    """Outcomes by status:reason and parts dropped from kept documents, from the last line per input."""
    last: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line of an interrupted run
            last[entry["input"]] = entry  # a resumed run may list an input again
    outcomes: Counter[str] = Counter()
    drops: Counter[str] = Counter()
    for entry in last.values():
        outcomes[entry["status"] + (f":{entry['reason']}" if entry.get("reason") else "")] += 1
        for key, value in entry.items():
            if key.startswith("dropped:"):
                drops[key.removeprefix("dropped:")] += int(value)
    return outcomes, drops


def collect(folder: Path) -> DatasetStats:
    """Statistics of an output folder (or of a ``data/`` folder of shards)."""
    folder = Path(folder)
    data = folder / "data" if (folder / "data").is_dir() else folder
    shards = complete_shards(data)
    if not shards:
        raise DocbuildError(str(folder), "no part-*.parquet or part-*.tar shards found")
    stats = DatasetStats(shards=len(shards))
    for shard in shards:
        columns = None if shard.suffix == ".tar" else ["id", "texts", "metadata", "general_metadata"]
        for row in read_shard(shard, columns=columns):
            stats.add_row(row)
    root = data.parent if data.name == "data" else folder
    stats.outcomes, stats.drops = _manifest(root / "manifest.jsonl")
    for key, count in stats.outcomes.items():
        if key.startswith(("skipped:", "failed:")):
            stats.drops[key] += count
    return stats


def render(stats: DatasetStats) -> str:
    """Plain-text report for the terminal."""
    s = stats
    lines = [
        f"documents: {s.documents} in {s.shards} shards"
        + (f" ({s.records} records)" if s.records != s.documents else ""),
        f"pages: {s.pages}",
        f"texts: {s.texts}, images: {s.images}",
        f"words: {s.words}, characters: {s.characters}, tokens (estimate, chars/4): {s.tokens_estimate}",
        f"links: {s.links}",
        "formats: " + ", ".join(f"{k} {v}" for k, v in sorted(s.formats.items())),
        "node types:",
        *(f"  {k}: {v}" for k, v in sorted(s.types.items(), key=lambda kv: -kv[1])),
    ]
    if s.drops:
        lines.append("dropped or failed, by reason:")
        lines += [f"  {k}: {v}" for k, v in sorted(s.drops.items())]
    return "\n".join(lines)
