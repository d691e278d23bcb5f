"""Quality filters on hand-built documents: each rule drops what it should and says why."""

from __future__ import annotations

from collections import Counter

import pytest

from docbuild.filters import (
    Excluded,
    apply_filters,
    char_repetition,
    document_rule,
    filter_step,
    special_char_ratio,
    with_filters,
    word_repetition,
    words,
)
from docbuild.jobs import Job
from docbuild.model import Document, ImageData, Node, NodeType
from docbuild.options import FilterOptions

PROSE = (
    "Large multimodal models trained on natural documents interleave images and text. "
    "We describe how the collection was built, which rules removed noisy pages, and what "
    "the remaining documents look like after careful filtering of every kind of boilerplate."
)


def doc(*nodes: Node, name: str = "d.pdf") -> Document:
    return Document(id=name, source=name, format="pdf", nodes=nodes)


def para(text: str, n: int = 1) -> Node:
    return Node(NodeType.PARAGRAPH, f"p0-b{n}", text=text, page_index=0)


def figure(width: int, height: int, n: int = 1) -> Node:
    return Node(NodeType.FIGURE, f"fig-{n}", image=ImageData(data=b"png", width=width, height=height))


def test_measures_on_known_text() -> None:
    assert word_repetition(words("a b c d e " * 20)) > 0.9
    assert word_repetition(words(PROSE)) == 0.0
    assert char_repetition("abcdefghijklmnopqrstuvwxyz0123456789") == 0.0
    # 9 distinct 10-grams, the top 3 (sqrt 9) take a third of all: periodic spam scores 1/sqrt(period)
    assert char_repetition("buy now! " * 50) == pytest.approx(1 / 3, abs=0.01)
    assert special_char_ratio("ab!!") == 0.5
    assert special_char_ratio("   ") == 0.0


@pytest.mark.parametrize(
    ("options", "document", "rule"),
    [
        (FilterOptions(min_words=50), doc(para("too short to keep")), "too_few_words"),
        (FilterOptions(max_words=5), doc(para(PROSE)), "too_many_words"),
        (FilterOptions(), doc(para("spam spam spam spam spam spam " * 30)), "word_repetition"),
        (FilterOptions(max_word_repetition=None), doc(para("abc " * 200)), "char_repetition"),
        (FilterOptions(), doc(para("{}[]<>|#@$%^&*~ ok " * 5)), "special_characters"),
        (FilterOptions(min_images=1), doc(para(PROSE)), "too_few_images"),
        (
            FilterOptions(max_images=1),
            doc(para(PROSE), figure(200, 200, 1), figure(300, 300, 2)),
            "too_many_images",
        ),
    ],
)
def test_document_rules(options: FilterOptions, document: Document, rule: str) -> None:
    verdict = document_rule(document, options)
    assert verdict is not None and verdict[0] == rule
    with pytest.raises(Excluded) as info:
        apply_filters(document, options)
    assert info.value.reason == f"filter:{rule}"
    assert "d.pdf" in str(info.value)


def test_prose_passes_the_defaults() -> None:
    kept = apply_filters(doc(para(PROSE), figure(640, 480)), FilterOptions())
    assert len(kept.nodes) == 2 and "filtered" not in kept.meta


def test_node_filters_drop_bad_images_and_count_them() -> None:
    document = doc(
        para(PROSE), figure(10, 400, 1), figure(16, 16, 2), figure(5000, 100, 3), figure(300, 200, 4)
    )
    kept = apply_filters(document, FilterOptions(min_image_side=20, max_image_aspect_ratio=10))
    assert [n.id for n in kept.nodes] == ["p0-b1", "fig-4"]
    assert kept.meta["filtered"] == {"image_aspect_ratio": 1, "image_too_small": 2}


def test_url_only_images_of_unknown_size_are_kept() -> None:
    node = Node(NodeType.FIGURE, "n1", image=ImageData(path="https://example.org/a.png"))
    kept = apply_filters(doc(para(PROSE), node), FilterOptions())
    assert len(kept.nodes) == 2


def test_filter_step_counts_every_drop_by_reason() -> None:
    docs = [
        doc(para(PROSE), name="good.pdf"),
        doc(para("x"), name="short.pdf"),
        doc(para(PROSE), figure(8, 8), name="tiny-figure.pdf"),
    ]
    dropped: Counter[str] = Counter()
    kept = list(filter_step(docs, FilterOptions(min_words=3), dropped))
    assert [d.source for d in kept] == ["good.pdf", "tiny-figure.pdf"]
    assert dropped == Counter({"filter:too_few_words": 1, "node:image_too_small": 1})


def test_with_filters_switches_them_on_for_every_job_kind() -> None:
    job = Job()
    assert with_filters(job, FilterOptions(enabled=False)) is job
    assert with_filters(job, None) is job
    assert with_filters(job, FilterOptions()).filters == FilterOptions()
    with pytest.raises(Excluded):
        with_filters(job, FilterOptions(min_words=3)).postprocess(doc(para("x"), name="short.pdf"))


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError, match="max-word-repetition"):
        FilterOptions(max_word_repetition=1.5)
    with pytest.raises(ValueError, match="aspect"):
        FilterOptions(max_image_aspect_ratio=0.5)
