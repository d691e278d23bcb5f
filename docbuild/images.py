"""Image verification for fetched images: bomb guard, full decode, optional resize, hashes.

Pillow (and imagehash, when installed) are imported inside the functions, so importing this
module stays cheap; ``verify_image`` is CPU-bound and meant to run in a worker or a pool.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

from docbuild.errors import FetchError
from docbuild.options import FetchOptions

PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


@dataclass(frozen=True)
class ImageInfo:
    """A verified image: bytes to store and what the node metadata records about the original."""

    data: bytes
    mime: str
    width: int
    height: int
    orig_width: int
    orig_height: int
    format: str
    sha256: str
    phash: str | None
    orig_bytes: int

    def metadata(self, url: str) -> dict[str, Any]:
        return {
            "image_url": url,
            "width": self.width,
            "height": self.height,
            "mime": self.mime,
            "orig_width": self.orig_width,
            "orig_height": self.orig_height,
            "format": self.format,
            "sha256": self.sha256,
            "phash": self.phash,
            "orig_bytes": self.orig_bytes,
        }


def verify_image(data: bytes, url: str, options: FetchOptions) -> ImageInfo:
    """Decode ``data`` fully (CPU-bound; run in a worker) and describe it, or raise FetchError why not."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height, fmt = probe.size[0], probe.size[1], probe.format or "unknown"
                if width * height > options.max_pixels:
                    message = f"{width}x{height} pixels is over the {options.max_pixels}-pixel limit"
                    raise FetchError(url, message, "decompression_bomb")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except Image.DecompressionBombError as exc:
        raise FetchError(url, f"decompression bomb: {exc}", "decompression_bomb") from exc
    except UnidentifiedImageError as exc:
        raise FetchError(url, "not an image Pillow can read", "not_image") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise FetchError(url, f"broken image ({exc})", "truncated") from exc
    with image:
        phash = _phash(image)
        out, mime, size = _reencode(image, data, fmt, options)
    return ImageInfo(
        data=out,
        mime=mime,
        width=size[0],
        height=size[1],
        orig_width=width,
        orig_height=height,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        phash=phash,
        orig_bytes=len(data),
    )


def _phash(image: Any) -> str | None:
    try:
        import imagehash
    except ImportError:
        return None
    return str(imagehash.phash(image))


def _reencode(image: Any, data: bytes, fmt: str, options: FetchOptions) -> tuple[bytes, str, tuple[int, int]]:
    """Original bytes unless a resize or another format was asked for."""
    from PIL import Image

    target = fmt if options.image_format == "keep" else PIL_FORMATS[options.image_format]
    side = options.image_max_side
    too_big = side is not None and max(image.size) > side
    if not too_big and target == fmt:
        return data, Image.MIME.get(fmt, "application/octet-stream"), image.size
    if too_big and side is not None:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    Image.init()  # fills Image.SAVE with every writer plugin
    if target not in Image.SAVE:  # read-only formats (PSD, DDS …) are stored as PNG
        target = "PNG"
    if target not in ("PNG", "WEBP", "GIF") and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif target == "GIF" or image.mode not in ("RGB", "RGBA", "L", "LA"):
        target = "PNG" if target == "GIF" else target
        image = image.convert("RGBA")
    buf = io.BytesIO()
    image.save(buf, format=target, **({"quality": 90} if target in ("JPEG", "WEBP") else {}))
    return buf.getvalue(), Image.MIME.get(target, "application/octet-stream"), image.size
