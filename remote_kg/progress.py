"""Progress of long commands on stderr: one line rewritten in place, only on a terminal.

A command shows it unless `-q`; in a pipe or a file stderr gets none of it, and stdout never
does. Counting costs a few attribute updates per record or block, so it is left on."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")
_line_open = False  # a progress line is on the terminal, not ended yet


class Progress:
    """A one-line report of how many `unit`s so far and their rate, with a bar when the
    total is known; written every `every` units, only when stderr is a terminal. As a
    context manager it ends its line on the way out (with the final count on success)."""

    def __init__(self, total: int | None, enabled: bool = True, every: int = 50_000,
                 unit: str = "records"):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self.every = max(1, every)
        self.unit = unit
        self.count = 0
        self.start = time.monotonic()
        self.shown = False
        self.position: int | None = None
        self.width = 0

    def step(self, position: int | None = None) -> None:
        self.count += 1
        if not self.enabled or self.count % self.every:
            return
        self._report(position)

    def advance(self, records: int, position: int | None = None) -> None:
        """Count a block of records at once."""
        crossed = (self.count + records) // self.every > self.count // self.every
        self.count += records
        if self.enabled and crossed:
            self._report(position)

    def _report(self, position: int | None) -> None:
        global _line_open
        _line_open = self.shown = True
        self.position = position
        rate = self.count / max(time.monotonic() - self.start, 1e-9)
        share = ""
        if self.total and position is not None:
            done = min(position / self.total, 1.0)
            bar = "#" * int(done * 30)
            share = f" [{bar:<30}] {done:5.1%}"
        line = f"{self.count:>12,} {self.unit}{share} {rate:,.0f}/s"
        self.width = max(self.width, len(line))  # a shorter line covers all the last one
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()

    def close(self, finished: bool = True) -> None:
        """End the line, if one was shown: with the final count when `finished`."""
        if not self.shown:
            return
        if finished:
            self._report(self.total if self.position is not None else None)
        end_line()
        self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(finished=kind is None)


def end_line() -> None:
    """End the progress line on the terminal, if one is open, so that a message written
    next (a warning) starts a line of its own."""
    global _line_open
    if _line_open:
        sys.stderr.write("\n")
        sys.stderr.flush()
        _line_open = False


def note(text: str, enabled: bool = True) -> None:
    """A line on stderr saying what a long step without a count is doing, only on a
    terminal (as `Progress`)."""
    if enabled and sys.stderr.isatty():
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def counted(items: Sequence[T], progress: Progress, block: int = 10_000) -> Iterator[T]:
    """The items of `items`, counted on `progress` a block at a time as they are taken."""

    def blocks() -> Iterator[Sequence[T]]:
        for start in range(0, len(items), block):
            part = items[start:start + block]
            yield part
            progress.advance(len(part), start + len(part))

    return chain.from_iterable(blocks())


def counted_lines(lines: Iterable[str], progress: Progress, block: int = 20_000) -> Iterator[str]:
    """`lines` joined in blocks of `block`, each block's lines counted on `progress` as it
    is taken (a line is what ends in a newline: one triple of N-Triples)."""
    remaining = iter(lines)
    while text := "".join(islice(remaining, block)):
        progress.advance(text.count("\n"))
        yield text


def counted_text(chunks: Iterable[str], progress: Progress) -> Iterator[str]:
    """`chunks` of N-Triples text, each one's lines counted on `progress` as it is taken
    (not counted when `progress` shows nothing: counting reads the whole text)."""
    for chunk in chunks:
        if progress.enabled:
            progress.advance(chunk.count("\n"))
        yield chunk
