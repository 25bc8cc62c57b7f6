"""Writing results safely: to a temporary file renamed on success, or to stdout."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from remote_kg.errors import InputError

STDOUT_MEMORY = 32 << 20  # output for stdout is kept in memory up to this, then on disk


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path | None) -> Iterator[TextIO]:
    """Yield a text stream whose content appears only if the block finishes without error:
    a file is written under a temporary name and renamed (with the permissions a new file
    gets under the umask); stdout gets the whole output at the end, nothing on error."""
    if path is None or str(path) == "-":
        with tempfile.SpooledTemporaryFile(
            max_size=STDOUT_MEMORY, mode="w+", encoding="utf-8", newline=""
        ) as spool:
            yield spool
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    with atomic_path(Path(path)) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        yield handle


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[str]:
    """Yield a temporary name beside ``path`` to write the output to; it is renamed to
    ``path`` (with the permissions a new file gets under the umask) if the block finishes
    without error, and removed otherwise."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: cannot write output: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class Progress:
    """A one-line progress report on stderr, only when stderr is a terminal."""

    def __init__(self, total_bytes: int | None, enabled: bool = True, every: int = 50_000):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total_bytes
        self.every = every
        self.count = 0
        self.start = time.monotonic()

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
        rate = self.count / max(time.monotonic() - self.start, 1e-9)
        share = ""
        if self.total and position is not None:
            done = min(position / self.total, 1.0)
            bar = "#" * int(done * 30)
            share = f" [{bar:<30}] {done:5.1%}"
        sys.stderr.write(f"\r{self.count:>12,} records{share} {rate:,.0f}/s")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.count >= self.every:
            sys.stderr.write("\n")
