"""Bytes of a web page to text: BOM, HTTP header charset, <meta charset>, then detection.

Bytes that are valid UTF-8 are read as UTF-8; otherwise a declared charset is used when the bytes
decode under it, then charset-normalizer's guess. Never crashes: undecodable bytes are replaced.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# WHATWG: labels browsers decode with a wider codec than their name says.
_WIDER = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "tis-620": "cp874",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _WIDER.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """Charset named in an HTTP Content-Type header value."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def _try(raw: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used) for a page, trying what it declares before guessing."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    declared = [_codec(header_charset(content_type))]
    m = _META_CHARSET.search(raw[:8192])
    declared.append(_codec(m.group(1).decode("ascii", "replace")) if m else None)
    # Valid UTF-8 with non-ASCII bytes is almost never another encoding by accident, so it wins
    # over a declaration (pages saved as UTF-8 that keep their old windows-1252 <meta> are common).
    for codec in ("utf-8", *declared):
        text = _try(raw, codec)
        if text is not None:
            return _strip_xml_decl(text), codec or "utf-8"
    guess = _detect(raw)
    if guess is not None:
        return _strip_xml_decl(raw.decode(guess, errors="replace")), guess
    fallback = next((c for c in declared if c), "utf-8")
    return _strip_xml_decl(raw.decode(fallback, errors="replace")), fallback


def _detect(raw: bytes) -> str | None:
    """charset-normalizer's best guess on the first 64 KB (enough for a page, bounded in time)."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 64 * 1024]).best()
    return _codec(best.encoding) if best is not None else None


def _strip_xml_decl(text: str) -> str:
    """lxml refuses str input that still carries an encoding declaration."""
    return _XML_DECL.sub("", text, count=1) if text.lstrip().startswith("<?") else text
