"""N-Triples text made in Python, streamed into pyoxigraph as it is made (never held whole
in memory as one string): the chunks' own error (a bad row found late) is the one raised."""

from __future__ import annotations

import contextvars
import io
import queue
import threading
from collections.abc import Callable, Iterator

import pyoxigraph as ox


class TextStream(io.RawIOBase):
    """A binary reader over an iterator of str chunks; remembers the iterator's error."""

    def __init__(self, chunks: Iterator[str]):
        self._chunks = chunks
        self._data = memoryview(b"")
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._data:
            try:
                chunk = next(self._chunks, None)
            except BaseException as exc:
                self.error = exc
                raise
            if chunk is None:
                return 0
            self._data = memoryview(chunk.encode())
        size = min(len(buffer), len(self._data))
        buffer[:size] = self._data[:size]
        self._data = self._data[size:]
        return size


_DONE = object()
QUEUED_CHUNKS = 8  # chunks made ahead of the parser, at most


def made_ahead(chunks: Iterator[str]) -> Iterator[str]:
    """The chunks of `chunks`, made on a thread of their own a few chunks ahead of the
    caller: pyoxigraph parses and stores without holding the interpreter lock, so the
    Python that makes the text and the Rust that loads it run side by side. An error the
    maker raises is raised here, and the maker stops once the caller stops reading."""
    made: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
    stopped = threading.Event()

    def put(item: object) -> bool:
        while not stopped.is_set():
            try:
                made.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
        except BaseException as exc:  # noqa: BLE001 - raised again on the caller's side
            put(exc)
            return
        put(_DONE)

    # In a copy of the caller's context: the running command's CSV options (a ContextVar)
    # must reach the readers the thread runs, and a new thread starts with an empty one.
    maker = threading.Thread(target=contextvars.copy_context().run, args=(make,),
                             name="ntriples", daemon=True)
    maker.start()
    try:
        while (item := made.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()
        maker.join()


def load_streamed(load: Callable[..., None], chunks: Iterator[str]) -> None:
    """Call a pyoxigraph loader (`Store.load`, `Store.bulk_load`) on the N-Triples text of
    `chunks`, read as it is needed; an error the chunks raise is raised as itself."""
    stream = TextStream(chunks)
    reader = io.BufferedReader(stream, buffer_size=1 << 20)
    try:
        load(input=reader, format=ox.RdfFormat.N_TRIPLES)
    except BaseException:
        if stream.error is not None:
            raise stream.error from None
        raise
    if stream.error is not None:
        raise stream.error
