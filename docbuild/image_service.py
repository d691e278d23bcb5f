"""One image fetcher for a whole ``--images fetch`` run on html/warc, shared by every worker.

Politeness has to hold per host across the run, not per worker process: a worker that fetched
on its own would let a host see ``workers x per_host`` requests at once and would fetch
robots.txt once per worker. So the parent runs the only ``Fetcher`` (one ``HostGate``, one
``RobotsCache``, one cache of verified images) in an event loop thread, and workers send it
their rows over a local socket (``multiprocessing.connection``, authenticated). Images are
verified in a small thread pool of the parent (Pillow releases the GIL while decoding). Example::

    with ImageService(FetchOptions(delay=0.0)) as service:
        filled = ServiceClient(service.address, service.authkey).fill(row)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any, ClassVar

from docbuild.errors import FetchError
from docbuild.fetch import FilledRow, ImageFiller
from docbuild.http import Fetcher
from docbuild.obelics import Row
from docbuild.options import FetchOptions

log = logging.getLogger(__name__)


class ImageService:
    """The run's single fetcher, serving ``(row, warc)`` requests from worker processes."""

    def __init__(self, options: FetchOptions, verify_threads: int = 2) -> None:
        self.options = options
        self.authkey = secrets.token_bytes(32)
        self._dir = tempfile.mkdtemp(prefix="docbuild-images-")
        self.address = str(Path(self._dir) / "fetch.sock")
        self._verify = ThreadPoolExecutor(verify_threads, thread_name_prefix="docbuild-verify")
        self._loop = asyncio.new_event_loop()
        self._listener: Listener | None = None
        self._closed = threading.Event()
        self._conns: list[Connection] = []
        self.filler: ImageFiller | None = None

    def __enter__(self) -> ImageService:
        threading.Thread(target=self._loop.run_forever, name="docbuild-fetch", daemon=True).start()
        self.filler = self._call(self._open())
        self._listener = Listener(self.address, family="AF_UNIX", authkey=self.authkey)
        threading.Thread(target=self._accept, name="docbuild-fetch-accept", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        with contextlib.suppress(OSError, EOFError):  # wake the accept() call so it sees _closed
            Client(self.address, family="AF_UNIX", authkey=self.authkey).close()
        if self._listener is not None:
            self._listener.close()
        for conn in list(self._conns):
            with contextlib.suppress(OSError):
                conn.close()
        if self.filler is not None:
            with contextlib.suppress(Exception):
                self._call(self.filler.fetcher.__aexit__(None, None, None))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._verify.shutdown(wait=False, cancel_futures=True)
        with contextlib.suppress(OSError):
            os.unlink(self.address)
        with contextlib.suppress(OSError):
            os.rmdir(self._dir)

    async def _open(self) -> ImageFiller:
        fetcher = Fetcher(self.options)
        await fetcher.__aenter__()
        return ImageFiller(fetcher, self._verify)

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def _accept(self) -> None:
        """One thread per worker connection; each waits on the shared event loop."""
        assert self._listener is not None
        while not self._closed.is_set():
            try:
                conn = self._listener.accept()
            except (OSError, EOFError) as exc:  # closed, or a client that failed to authenticate
                if self._closed.is_set():
                    return
                log.warning("image service: connection refused (%s)", exc)
                continue
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: Connection) -> None:
        assert self.filler is not None
        while not self._closed.is_set():
            try:
                row, warc = conn.recv()
            except (EOFError, OSError):
                break
            except TypeError:
                # __exit__ closed this connection under a blocked recv(); multiprocessing then reads
                # from a None handle. That is the shutdown, not an error; anything else still is.
                if self._closed.is_set():
                    break
                raise
            try:
                filled: FilledRow | FetchError = self._call(self.filler.fill_row(row, warc))
            except Exception as exc:  # a bug in the fetch step: fail this document, keep serving
                log.exception("image service failed on a row")
                message = f"internal error: {type(exc).__name__}: {exc}"
                filled = FetchError(str(row.get("id")), message, "internal_error")
            try:
                conn.send(filled)
            except (OSError, EOFError):
                break
        with contextlib.suppress(OSError):
            conn.close()


class ServiceClient:
    """A worker's connection to the run's ImageService (one per process, opened on first use)."""

    _by_key: ClassVar[dict[tuple[int, str], ServiceClient]] = {}

    def __init__(self, address: str, authkey: bytes) -> None:
        self.address = address
        self.conn = Client(address, family="AF_UNIX", authkey=authkey)
        self.lock = threading.Lock()

    @classmethod
    def get(cls, address: str, authkey: bytes) -> ServiceClient:
        key = (os.getpid(), address)  # a forked child must open its own connection
        if key not in cls._by_key:
            cls._by_key[key] = cls(address, authkey)
        return cls._by_key[key]

    def fill(self, row: Row, warc: str | None = None) -> FilledRow:
        """Send a row, wait for it with its images fetched (FetchError when the service is gone)."""
        try:
            with self.lock:
                self.conn.send((row, warc))
                answer = self.conn.recv()
        except (OSError, EOFError) as exc:
            self._by_key.pop((os.getpid(), self.address), None)
            raise FetchError(str(row.get("id")), f"image service unreachable: {exc}", "network") from exc
        if isinstance(answer, FetchError):
            raise answer
        filled: FilledRow = answer
        return filled
