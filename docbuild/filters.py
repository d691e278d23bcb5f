"""Quality filters in the spirit of OBELICS: node filters clean a document, document filters drop it.

A filter never decides silently: node drops are counted by reason in the document's metadata
(``general_metadata["filtered"]``) and a dropped document raises :class:`Excluded`, whose
``reason`` (``filter:too_few_words`` …) ends up in the manifest and the run summary. Thresholds
live in one place, :class:`docbuild.options.FilterOptions`. Works on ``Document`` only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from docbuild.errors import DocbuildError
from docbuild.jobs import Job
from docbuild.model import Document, Node, NodeType
from docbuild.options import FilterOptions

FILTER_PREFIX = "filter:"
_WORD = re.compile(r"\w+", re.UNICODE)


class Excluded(DocbuildError):
    """A document dropped by a quality rule; ``reason`` names the rule (``filter:<rule>``)."""

    reason = "filter"

    def __init__(self, source: str, rule: str, message: str) -> None:
        super().__init__(source, message)
        self.reason = f"{FILTER_PREFIX}{rule}"


def words(text: str) -> list[str]:
    """Lower-cased word tokens; shared by filters, dedup shingles and token estimates."""
    return _WORD.findall(text.lower())


def char_repetition(text: str, n: int = 10) -> float:
    """Share of character n-grams taken by the sqrt(#distinct) most frequent ones (BigScience/OBELICS)."""
    grams = Counter(text[i : i + n] for i in range(len(text) - n + 1))
    total = sum(grams.values())
    if total == 0:
        return 0.0
    top = max(1, int(math.sqrt(len(grams))))
    # A text with every n-gram unique has nothing repeated, whatever its "top" n-grams are.
    counts = [c for _, c in grams.most_common(top) if c > 1]
    return sum(counts) / total


def word_repetition(tokens: list[str], n: int = 5) -> float:
    """Share of word n-grams that occur more than once (repeated boilerplate, spam, menus)."""
    grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    total = sum(grams.values())
    if total == 0:
        return 0.0
    return sum(c for c in grams.values() if c > 1) / total


def special_char_ratio(text: str) -> float:
    """Share of non-space characters that are neither letters nor digits (markup debris, symbols)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if not c.isalnum()) / len(chars)


def _image_rule(node: Node, options: FilterOptions) -> str | None:
    """Why a figure's image is dropped, or None; unknown sizes (URL-only images) pass."""
    img = node.image
    if img is None or not img.width or not img.height:
        return None
    small, large = min(img.width, img.height), max(img.width, img.height)
    if options.min_image_side is not None and small < options.min_image_side:
        return "image_too_small"
    if options.max_image_side is not None and large > options.max_image_side:
        return "image_too_large"
    ratio = options.max_image_aspect_ratio
    if ratio is not None and large / small > ratio:
        return "image_aspect_ratio"
    return None


def filter_nodes(doc: Document, options: FilterOptions) -> tuple[Document, Counter[str]]:
    """Drop figures whose image fails the size/aspect rules; returns the document and drops by rule."""
    drops: Counter[str] = Counter()
    kept: list[Node] = []
    for node in doc.nodes:
        rule = _image_rule(node, options) if node.type is NodeType.FIGURE else None
        if rule is None:
            kept.append(node)
        else:
            drops[rule] += 1
    if not drops:
        return doc, drops
    return doc.evolve(nodes=tuple(kept)), drops


def _text_of(doc: Document) -> str:
    return "\n".join(n.text for n in doc.nodes if n.text and not n.type.is_furniture)


def _count_rules(doc: Document, tokens: list[str], options: FilterOptions) -> tuple[str, str] | None:
    n_words, n_images = len(tokens), sum(1 for n in doc.nodes if n.type.is_visual and n.image)
    if options.min_words is not None and n_words < options.min_words:
        return "too_few_words", f"{n_words} words < {options.min_words}"
    if options.max_words is not None and n_words > options.max_words:
        return "too_many_words", f"{n_words} words > {options.max_words}"
    if options.min_images is not None and n_images < options.min_images:
        return "too_few_images", f"{n_images} images < {options.min_images}"
    if options.max_images is not None and n_images > options.max_images:
        return "too_many_images", f"{n_images} images > {options.max_images}"
    return None


def _ratio_rules(text: str, tokens: list[str], options: FilterOptions) -> tuple[str, str] | None:
    checks = (
        ("char_repetition", options.max_char_repetition, lambda: char_repetition(text)),
        ("word_repetition", options.max_word_repetition, lambda: word_repetition(tokens)),
        ("special_characters", options.max_special_char_ratio, lambda: special_char_ratio(text)),
    )
    for rule, limit, measure in checks:
        if limit is None:
            continue
        value = measure()
        if value > limit:
            return rule, f"{rule.replace('_', ' ')} ratio {value:.2f} > {limit}"
    return None


def document_rule(doc: Document, options: FilterOptions) -> tuple[str, str] | None:
    """The first document rule ``doc`` fails as (rule, message), or None to keep it."""
    text = _text_of(doc)
    tokens = words(text)
    return _count_rules(doc, tokens, options) or _ratio_rules(text, tokens, options)


def apply_filters(doc: Document, options: FilterOptions) -> Document:
    """Node filters then document filters; raises Excluded, records node drops in ``meta["filtered"]``."""
    doc, drops = filter_nodes(doc, options)
    if drops:
        doc = doc.with_meta(filtered=dict(sorted(drops.items())))
    verdict = document_rule(doc, options)
    if verdict is not None:
        rule, message = verdict
        raise Excluded(doc.source, rule, message)
    return doc


def filter_step(
    docs: Iterable[Document], options: FilterOptions, dropped: Counter[str]
) -> Iterator[Document]:
    """Pipeline step: documents in, kept (cleaned) documents out; ``dropped`` counts reasons."""
    for doc in docs:
        try:
            kept = apply_filters(doc, options)
        except Excluded as exc:
            dropped[exc.reason] += 1
            continue
        for rule, count in kept.meta.get("filtered", {}).items():
            dropped[f"node:{rule}"] += count
        yield kept


def with_filters(job: Job, filters: FilterOptions | None) -> Job:
    """``job`` with the quality filters switched on (every job kind applies them in ``postprocess``)."""
    if filters is None or not filters.enabled:
        return job
    return replace(job, filters=filters)
