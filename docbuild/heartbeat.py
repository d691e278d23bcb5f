"""Progress beats from inside a long parse, so the executor can tell a slow document from a stuck one.

A 300-page scanned book takes ten minutes of OCR and is healthy all along; a page on which a C
library loops forever is not. Parsers call :func:`beat` after every page; the executor listens
and counts ``--doc-timeout`` from the last beat, so only a document that stops making progress
is killed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Beats closer together than this are not passed on (a fast PDF finishes 50 pages a second).
MIN_INTERVAL = 0.5

_listener: Callable[[], None] | None = None
_last = 0.0


def beat() -> None:
    """Say that the current document has made progress (one more page done)."""
    global _last
    if _listener is None:
        return
    now = time.monotonic()
    if now - _last >= MIN_INTERVAL:
        _last = now
        _listener()


@contextmanager
def listening(callback: Callable[[], None]) -> Iterator[None]:
    """Within the block, :func:`beat` calls ``callback`` (at most every ``MIN_INTERVAL`` seconds)."""
    global _listener, _last
    previous, _listener, _last = _listener, callback, time.monotonic()
    try:
        yield
    finally:
        _listener = previous
