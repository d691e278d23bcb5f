"""One options dataclass per component, validated on creation; CLI flags map 1:1 onto fields.

The resolved options of a run are written beside the output (``out/config.json``).
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from docbuild import __version__

OcrMode = Literal["auto", "always", "never"]
Placement = Literal["layout", "first-mention"]
LayoutBackend = Literal["heuristic", "model"]
ImageMode = Literal["url", "fetch"]
ImageFormat = Literal["keep", "jpeg", "png", "webp"]
DEFAULT_USER_AGENT = f"docbuild/{__version__} (+https://github.com/docbuild/docbuild)"


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are parsed: crop resolution, OCR, tables, layout backend."""

    dpi: int = 150
    password: str | None = None
    ocr: OcrMode = "auto"
    ocr_dpi: int = 300
    ocr_lang: str = "eng"
    tables: Literal["auto", "always", "never"] = "auto"
    layout: LayoutBackend = "heuristic"
    max_pages: int | None = None

    def __post_init__(self) -> None:
        _check(36 <= self.dpi <= 600, f"--dpi must be between 36 and 600, got {self.dpi}")
        _check(72 <= self.ocr_dpi <= 600, f"--ocr-dpi must be between 72 and 600, got {self.ocr_dpi}")
        _check(self.ocr in ("auto", "always", "never"), f"--ocr must be auto|always|never, got {self.ocr}")
        tables_ok = self.tables in ("auto", "always", "never")
        _check(tables_ok, f"--tables must be auto|always|never, got {self.tables}")
        _check(self.layout in ("heuristic", "model"), f"--layout must be heuristic|model, got {self.layout}")
        _check(self.max_pages is None or self.max_pages > 0, "--max-pages must be positive")


@dataclass(frozen=True)
class HtmlOptions:
    """How web pages are parsed: base URL for saved pages, inline SVG, image handling."""

    base_url: str | None = None
    keep_svg: bool = False
    keep_decorations: bool = False  # keep pixels, icons, avatars, repeats: marked, for a later filter
    images: ImageMode = "url"
    min_image_side: int = 32
    max_depth: int = 2000

    def __post_init__(self) -> None:
        _check(self.images in ("url", "fetch"), f"--images must be url|fetch, got {self.images}")
        _check(self.min_image_side >= 0, "--min-image-side must be >= 0")


@dataclass(frozen=True)
class LinkOptions:
    """Reference linking and where figures go in the interleaved sequence."""

    link: bool = True
    placement: Placement = "layout"

    def __post_init__(self) -> None:
        _check(
            self.placement in ("layout", "first-mention"),
            f"--placement must be layout|first-mention, got {self.placement}",
        )


@dataclass(frozen=True)
class RunOptions:
    """Where output goes and how the run is executed."""

    output: str = "out"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    shard_size: int = 1000
    overwrite: bool = False
    resume: bool = False
    doc_timeout: float = 120.0
    max_memory_mb: int | None = None
    engine: Literal["local", "ray"] = "local"
    quiet: bool = False
    output_format: Literal["parquet", "jsonl", "webdataset"] = "parquet"

    def __post_init__(self) -> None:
        _check(self.workers >= 1, f"--workers must be >= 1, got {self.workers}")
        _check(self.shard_size >= 1, f"--shard-size must be >= 1, got {self.shard_size}")
        _check(self.doc_timeout > 0, "--doc-timeout must be positive")
        _check(not (self.overwrite and self.resume), "--overwrite and --resume exclude each other")
        _check(self.engine in ("local", "ray"), f"--engine must be local|ray, got {self.engine}")
        memory = self.max_memory_mb
        _check(memory is None or memory >= 64, "--max-memory must be at least 64 (MB)")


@dataclass(frozen=True)
class FilterOptions:
    """Node and document quality filters (OBELICS-style); every threshold in one place.

    Defaults are permissive so real papers and pages pass; ``None`` switches a rule off.
    Ratios are fractions in [0, 1]; image sizes are pixels of the extracted image.
    """

    enabled: bool = True
    min_image_side: int | None = 32
    max_image_side: int | None = 20000
    max_image_aspect_ratio: float | None = 10.0
    min_words: int | None = 1
    max_words: int | None = None
    max_char_repetition: float | None = 0.5
    max_word_repetition: float | None = 0.6
    max_special_char_ratio: float | None = 0.5
    max_images: int | None = 500
    min_images: int | None = None
    write_excluded: bool = False

    def __post_init__(self) -> None:
        for name in ("max_char_repetition", "max_word_repetition", "max_special_char_ratio"):
            value = getattr(self, name)
            _check(value is None or 0.0 <= value <= 1.0, f"--{name.replace('_', '-')} must be in [0, 1]")
        ratio = self.max_image_aspect_ratio
        _check(ratio is None or ratio >= 1.0, "--max-image-aspect-ratio must be >= 1")
        counts = ("min_image_side", "max_image_side", "min_words", "max_words", "max_images", "min_images")
        for name in counts:
            value = getattr(self, name)
            _check(value is None or value >= 0, f"--{name.replace('_', '-')} must be >= 0")


@dataclass(frozen=True)
class DedupOptions:
    """Cross-document dedup decided in the parent in input order, so parallel runs stay deterministic."""

    exact: bool = True
    near: bool = True
    near_threshold: float = 0.85
    num_perm: int = 128
    shingle_words: int = 5
    images: bool = True
    max_image_repeats: int | None = 10
    phash: bool = True

    def __post_init__(self) -> None:
        _check(0.0 < self.near_threshold <= 1.0, "--near-threshold must be in (0, 1]")
        _check(16 <= self.num_perm <= 1024, "--num-perm must be between 16 and 1024")
        _check(self.shingle_words >= 1, "--shingle-words must be >= 1")
        repeats = self.max_image_repeats
        _check(repeats is None or repeats >= 1, "--max-image-repeats must be >= 1")


@dataclass(frozen=True)
class FetchOptions:
    """How we talk to web servers and what we accept from them (pages and images)."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 30.0
    retries: int = 2
    backoff: float = 1.0
    concurrency: int = 16
    per_host: int = 2
    delay: float = 1.0
    robots: bool = True
    max_bytes: int = 20 * 1024 * 1024
    image_max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    image_max_side: int | None = None
    image_format: ImageFormat = "keep"
    keep_failed: bool = False
    max_redirects: int = 5

    def __post_init__(self) -> None:
        _check(self.timeout > 0, "--timeout must be positive")
        _check(self.retries >= 0, "--retries must be >= 0")
        _check(self.concurrency >= 1, "--concurrency must be >= 1")
        _check(self.per_host >= 1, "--per-host must be >= 1")
        _check(self.delay >= 0, "--delay must be >= 0")
        _check(self.max_bytes > 0 and self.image_max_bytes > 0, "--max-bytes must be positive")
        _check(self.image_max_side is None or self.image_max_side >= 16, "--image-max-side must be >= 16")
        formats = ("keep", "jpeg", "png", "webp")
        _check(self.image_format in formats, f"bad --image-format {self.image_format}")


@dataclass(frozen=True)
class CrawlOptions:
    """What the crawl visits; ``http`` says how politely (robots, delay, per-host limits)."""

    max_pages: int = 100
    max_depth: int = 3
    same_domain: bool = True
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    images: ImageMode = "url"
    http: FetchOptions = field(default_factory=FetchOptions)

    def __post_init__(self) -> None:
        _check(self.max_pages >= 1, f"--max-pages must be >= 1, got {self.max_pages}")
        _check(self.max_depth >= 0, f"--max-depth must be >= 0, got {self.max_depth}")
        _check(self.images in ("url", "fetch"), f"--images must be url|fetch, got {self.images}")
        for pattern in (*self.allow, *self.deny):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad --allow/--deny pattern {pattern!r}: {exc}") from exc


def to_dict(*options: Any) -> dict[str, Any]:
    """Resolved options keyed by component, for ``config.json``."""
    return {type(o).__name__: asdict(o) for o in options}
