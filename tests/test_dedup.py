"""Dedup: exact bytes and text, near duplicates, repeated images; deterministic across workers and resume."""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pytest
from PIL import Image

from docbuild import jobs
from docbuild.dedup import Deduper, drop_positions, normalize, signature
from docbuild.jobs import Job
from docbuild.model import Document, ImageData, Node, NodeType
from docbuild.obelics import to_row
from docbuild.options import DedupOptions, FilterOptions, RunOptions
from docbuild.pipeline import run
from docbuild.sources import Source
from docbuild.writers.parquet import read_rows

pytest.importorskip("datasketch")
pytest.importorskip("imagehash")

FAKE = "fakededup"
VOCAB = [f"word{i}" for i in range(3000)]


def prose(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def png(seed: int, size: int = 96) -> bytes:
    """A distinct, decodable image per seed (random blocks, so perceptual hashes differ too)."""
    rng = random.Random(seed)
    img = Image.new("L", (8, 8))
    img.putdata([rng.randrange(256) for _ in range(64)])
    buf = io.BytesIO()
    img.resize((size, size), Image.NEAREST).save(buf, format="PNG")
    return buf.getvalue()


def document(location: str, text: str, images: list[int] = ()) -> Document:
    nodes = [Node(NodeType.PARAGRAPH, "p0-b1", text=text, page_index=0)]
    for k, seed in enumerate(images, start=1):
        data = png(seed)
        nodes.append(Node(NodeType.FIGURE, f"fig-{k}", image=ImageData(data=data, width=96, height=96)))
    return Document(id=location, source=location, format=FAKE, nodes=tuple(nodes))


def fake_parse(source: Source, options: object) -> Document:
    spec = json.loads(source.read_bytes())
    doc = document(source.location, spec["text"], spec.get("images", []))
    return doc.evolve(id=source.sha256)


@pytest.fixture(autouse=True)
def fake_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.PARSERS, FAKE, f"{__name__}:fake_parse")
    monkeypatch.setitem(sys.modules, __name__, sys.modules[__name__])


def write_inputs(folder: Path, specs: dict[str, dict[str, object]]) -> list[Source]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, spec in sorted(specs.items()):
        (folder / name).write_text(json.dumps(spec))
        out.append(Source(location=str(folder / name), format=FAKE, path=folder / name))
    return out


def check(deduper: Deduper, doc: Document, options: DedupOptions) -> str | None:
    row = to_row(doc)
    return deduper.check(doc.source, doc.id, row, signature(row, options)).reason


def test_exact_and_near_duplicates() -> None:
    options = DedupOptions()
    deduper = Deduper(options)
    base = prose(1)
    near = base.split()
    near[150] = "changed"
    assert check(deduper, document("a", base), options) is None
    assert check(deduper, document("a", base).evolve(source="a-copy"), options) == "duplicate:exact_bytes"
    assert check(deduper, document("b", base.upper() + " !!"), options) == "duplicate:exact_text"
    assert check(deduper, document("c", " ".join(near)), options) == "duplicate:near"
    assert check(deduper, document("d", prose(2)), options) is None


def test_near_dedup_can_be_switched_off() -> None:
    options = DedupOptions(near=False)
    deduper = Deduper(options)
    base = prose(1).split()
    assert check(deduper, document("a", " ".join(base)), options) is None
    base[10] = "other"
    assert check(deduper, document("b", " ".join(base)), options) is None


def test_normalize_ignores_case_punctuation_and_spacing() -> None:
    assert normalize("Hello,   WORLD!\n") == normalize("hello world") == "hello world"


def test_repeated_images_are_boilerplate_after_n() -> None:
    options = DedupOptions(max_image_repeats=2)
    deduper = Deduper(options)
    kept_images = []
    for i in range(4):
        row = to_row(document(f"d{i}", prose(10 + i), images=[99, 100 + i]))  # 99 is a logo on every page
        verdict = deduper.check(f"d{i}", f"id{i}", row, signature(row, options))
        assert verdict.reason is None and verdict.row is not None
        kept_images.append(sum(x is not None for x in verdict.row["images"]))
        if i >= 2:
            assert verdict.image_drops == {"image:repeated_across_documents": 1}
    assert kept_images == [2, 2, 1, 1]


def test_duplicate_image_inside_a_document_is_dropped() -> None:
    options = DedupOptions()
    row = to_row(document("d", prose(3), images=[5, 6, 5]))
    verdict = Deduper(options).check("d", "id", row, signature(row, options))
    assert verdict.image_drops == {"image:duplicate_in_document": 1}
    assert verdict.row is not None and len(verdict.row["texts"]) == 3
    assert len(json.loads(verdict.row["metadata"])) == 3


def test_drop_positions_keeps_columns_aligned() -> None:
    row = to_row(document("d", prose(4), images=[1, 2]))
    out = drop_positions(row, {1})
    assert len(out["texts"]) == len(out["images"]) == len(json.loads(out["metadata"])) == 2
    assert json.loads(out["metadata"])[1]["id"] == "fig-2"


def corpus_specs() -> dict[str, dict[str, object]]:
    texts = {f"doc{i:02d}": prose(100 + i) for i in range(10)}
    specs: dict[str, dict[str, object]] = {
        name: {"text": t, "images": [i, 500]} for i, (name, t) in enumerate(texts.items())
    }
    near = texts["doc03"].split()
    near[7] = "edited"
    specs["doc03-near"] = {"text": " ".join(near)}
    specs["doc05-reformatted"] = {"text": texts["doc05"].upper()}
    specs["doc07-copy"] = specs["doc07"]
    specs["tiny"] = {"text": "hi"}
    return {f"{k}.json": v for k, v in specs.items()}


def shard_rows(out: Path) -> list[dict[str, object]]:
    return [r for p in sorted((out / "data").glob("*.parquet")) for r in read_rows(p)]


def test_pipeline_dedup_is_deterministic_reports_reasons_and_survives_resume(tmp_path: Path) -> None:
    sources = write_inputs(tmp_path / "in", corpus_specs())
    dedup = DedupOptions(max_image_repeats=3)
    filters = FilterOptions(min_words=5, write_excluded=True)
    results = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        options = RunOptions(output=str(out), workers=workers, shard_size=4)
        summary = run(Job(), sources, options, filters=filters, dedup=dedup)
        results.append((summary, shard_rows(out)))
    (s1, rows1), (s2, rows2) = results
    assert rows1 == rows2
    assert (
        s1.reasons
        == s2.reasons
        == {
            "skipped:duplicate:near": 1,
            "skipped:duplicate:exact_text": 1,
            "skipped:duplicate:exact_bytes": 1,
            "skipped:filter:too_few_words": 1,
        }
    )
    # Input order decides who is first: "doc03-near.json" sorts before "doc03.json", so the original
    # is the one dropped. Image 500 is kept in the first 3 documents and dropped from the 5 kept later.
    assert s1.drops == {"image:repeated_across_documents": 5}
    excluded = [json.loads(x) for x in (tmp_path / "out1" / "excluded.jsonl").read_text().splitlines()]
    assert {Path(e["input"]).name for e in excluded} == {
        "doc03.json",
        "doc05.json",
        "doc07.json",
        "tiny.json",
    }
    assert all(e["message"] for e in excluded)

    # Resume with the first half done: dedup state is rebuilt from the shards, so the result matches.
    out = tmp_path / "resumed"
    half = [s for s in sources if Path(s.location).name < "doc05"]
    run(Job(), half, RunOptions(output=str(out), workers=2, shard_size=4), filters=filters, dedup=dedup)
    options = RunOptions(output=str(out), workers=2, shard_size=4, resume=True)
    run(Job(), sources, options, filters=filters, dedup=dedup)
    assert sorted(r["id"] for r in shard_rows(out)) == sorted(r["id"] for r in rows1)
    images = sum(x is not None for r in shard_rows(out) for x in r["images"])
    assert images == sum(x is not None for r in rows1 for x in r["images"])


def test_vectorised_minhash_matches_datasketch() -> None:
    """Our fast path must give datasketch's affine32 values, or its LSH would index garbage."""
    import datasketch

    from docbuild.dedup import _permutations, minhash_values, shingle_hashes, tokens

    options = DedupOptions()
    words = tokens(prose(7))
    reference = datasketch.MinHash(
        num_perm=options.num_perm,
        hashfunc=lambda x: x,
        permutations=_permutations(options.num_perm),
        scheme="affine32",
    )
    reference.update_batch(shingle_hashes(words, options.shingle_words).tolist())
    assert (minhash_values(words, options) == reference.hashvalues).all()
