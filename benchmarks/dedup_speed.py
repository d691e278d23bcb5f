"""Dedup throughput on synthetic documents: worker-side signatures and parent-side decisions, per core.

    python benchmarks/dedup_speed.py --docs 100000 --words 300

Documents are random word sequences over a Zipf-like vocabulary; a share of them are exact copies,
re-cased copies (exact after normalisation) and near copies (a few words edited), so the run also
reports how many planted duplicates were caught and how many unique documents were wrongly dropped.
Signatures are what the workers compute (one core each); decisions run in the single parent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import time
from typing import Any

from docbuild.dedup import Deduper, signature
from docbuild.options import DedupOptions


def make_docs(n: int, words: int, seed: int = 0) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Rows plus the planted duplicates: index -> kind (exact, text, near)."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(50_000)]
    cum_weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    rows: list[dict[str, Any]] = []
    planted: dict[int, str] = {}
    for i in range(n):
        kind = rng.random()
        if i > 10 and kind < 0.05:
            src = rows[rng.randrange(len(rows))]
            if kind < 0.02:
                rows.append({**src, "id": src["id"]})
                planted[i] = "exact"
            elif kind < 0.03:
                rows.append({**src, "id": f"r{i}", "texts": [src["texts"][0].upper()]})
                planted[i] = "text"
            else:
                tokens = src["texts"][0].split()
                for _ in range(max(1, len(tokens) // 100)):  # ~1% of the words edited
                    tokens[rng.randrange(len(tokens))] = rng.choice(vocab)
                rows.append({**src, "id": f"r{i}", "texts": [" ".join(tokens)]})
                planted[i] = "near"
            continue
        text = " ".join(rng.choices(vocab, cum_weights=cum_weights, k=words))
        rows.append({"id": f"r{i}", "texts": [text], "images": [None], "metadata": "[]"})
    for row in rows:
        row["images"] = [None]
    return rows, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=300)
    args = parser.parse_args()
    options = DedupOptions(images=False)

    t0 = time.perf_counter()
    rows, planted = make_docs(args.docs, args.words)
    t_make = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    sigs = [signature(r, options) for r in rows]
    t_sign, c_sign = time.perf_counter() - t0, time.process_time() - c0

    deduper = Deduper(options)
    dropped: dict[int, str] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for i, (row, sig) in enumerate(zip(rows, sigs, strict=True)):
        verdict = deduper.check(f"doc{i}", row["id"], row, sig)
        if verdict.reason:
            dropped[i] = verdict.reason
    t_check, c_check = time.perf_counter() - t0, time.process_time() - c0

    caught = {
        k: sum(1 for i, kind in planted.items() if kind == k and i in dropped)
        for k in ("exact", "text", "near")
    }
    total = {k: sum(1 for kind in planted.values() if kind == k) for k in ("exact", "text", "near")}
    false_drops = sum(1 for i in dropped if i not in planted)
    result = {
        "docs": args.docs,
        "words_per_doc": args.words,
        "generate_s": round(t_make, 1),
        "signature_docs_per_s_wall": round(args.docs / t_sign),
        "signature_docs_per_cpu_s": round(args.docs / c_sign),
        "check_docs_per_s_wall": round(args.docs / t_check),
        "check_docs_per_cpu_s": round(args.docs / c_check),
        "end_to_end_docs_per_cpu_s": round(args.docs / (c_sign + c_check)),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "planted": total,
        "caught": caught,
        "unique_docs_dropped": false_drops,
        "dropped_by_reason": {r: list(dropped.values()).count(r) for r in sorted(set(dropped.values()))},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
