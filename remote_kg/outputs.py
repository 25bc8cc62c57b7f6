"""Writing results safely: to a temporary file renamed on success, or to stdout.

Every `-o` goes through `atomic_output` (text) or `atomic_path` (a file name, for Parquet):
a regular file (or a new one) is written under a temporary name and renamed on success; a
symlink is written through (its target is replaced, the link stays); an existing character
device or FIFO (/dev/null, a named pipe) is written in place once the whole output is made,
never replaced; anything else, and paths that cannot be written, are one `InputError`."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TextIO

from remote_kg.errors import InputError

STDOUT_MEMORY = 32 << 20  # output for stdout is kept in memory up to this, then on disk


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cannot_write(path: Path, exc: OSError, where: str = "") -> InputError:
    """One line naming the output and why it cannot be written."""
    reason = exc.strerror or str(exc)
    return InputError(f"{path}: cannot write output{where}: {reason}")


def output_target(path: Path) -> tuple[Path, bool]:
    """Where ``-o path`` writes: the real path (symlinks followed) and whether it is an
    existing stream (character device or FIFO) written in place rather than replaced.
    InputError for a directory, a block device, a socket or a parent that is not a
    directory."""
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            return real, True
        kind = ("a directory" if stat.S_ISDIR(mode) else
                "a block device" if stat.S_ISBLK(mode) else "a socket")
        raise InputError(f"{path}: cannot write output: it is {kind}; expected a file, "
                         "a character device or a FIFO")
    directory = real.parent
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise InputError(f"{path}: cannot write output: {directory} {what}")
    return real, False


def check_not_an_input(path: str | Path, inputs: Iterable[str | Path],
                       option: str = "-o") -> None:
    """InputError (one line) if the file ``path`` is one of ``inputs``: by name once
    symlinks are resolved, or the same file under another name (a hard link). Writing
    there would replace what is being read. A device or FIFO is written, never replaced."""
    real = os.path.realpath(path)
    try:
        mode: int | None = os.stat(real).st_mode
    except OSError:
        mode = None  # not there (yet): only the same name can be the same file
    if mode is not None and not stat.S_ISREG(mode):
        return
    for given in inputs:
        if str(given) == "-":
            continue
        try:
            same = os.path.realpath(given) == real or (
                mode is not None and os.path.samefile(given, real))
        except OSError:  # an input not there: its command says so
            continue
        if same:
            also = "" if os.path.normpath(given) == os.path.normpath(path) else (
                f" ({given}, the same file)")
            raise InputError(f"{path}: {option} names an input file{also}; writing the "
                             "output would overwrite it: give the output a file of its own")


@contextlib.contextmanager
def atomic_output(path: Path | None) -> Iterator[TextIO]:
    """Yield a text stream whose content appears only if the block finishes without error:
    a file is written under a temporary name and renamed (with the permissions a new file
    gets under the umask); stdout, a device or a FIFO gets the whole output at the end,
    nothing on error."""
    if path is None or str(path) == "-":
        with _spooled() as spool:
            yield spool
            spool.seek(0)
            _copy(spool, sys.stdout)
        sys.stdout.flush()
        return
    path = Path(path)
    real, in_place = output_target(path)
    if in_place:
        with _spooled() as spool:
            yield spool
            spool.seek(0)
            with _open_in_place(path, real, "w") as sink:
                _copy(spool, sink)
        return
    with _renamed_onto(path, real) as tmp:
        try:
            handle = open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - `with` below
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
        with handle:
            yield handle
            _flush(path, handle)


def output_directory(path: Path) -> Path:
    """The directory ``-o DIR`` names, made if missing (InputError, one line, if it cannot
    be)."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    return path


def write_output(path: Path, text: str) -> None:
    """Write ``text`` as the file ``path``, as `atomic_output` writes any output."""
    with atomic_output(Path(path)) as out:
        out.write(text)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[str]:
    """Yield a temporary name to write the output to: beside ``path``, renamed to it (with
    the permissions a new file gets under the umask) if the block finishes without error,
    removed otherwise; for a device or FIFO, a scratch file copied into it on success."""
    path = Path(path)
    real, in_place = output_target(path)
    if not in_place:
        with _renamed_onto(path, real) as tmp:
            yield tmp
        return
    with tempfile.TemporaryDirectory(prefix="remote-kg-") as scratch:
        tmp = os.path.join(scratch, "output")
        yield tmp
        with open(tmp, "rb") as source, _open_in_place(path, real, "wb") as sink:
            _copy(source, sink)


@contextlib.contextmanager
def _renamed_onto(path: Path, real: Path) -> Iterator[str]:
    """A temporary name beside ``real``, renamed onto it on success, removed on error."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as exc:
        raise _cannot_write(path, exc, f" in {real.parent}") from exc
    os.close(fd)
    try:
        yield tmp
        try:
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, real)
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _spooled() -> Iterator[TextIO]:
    with tempfile.SpooledTemporaryFile(
        max_size=STDOUT_MEMORY, mode="w+", encoding="utf-8", newline=""
    ) as spool:
        yield spool  # type: ignore[misc]


@contextlib.contextmanager
def _open_in_place(path: Path, real: Path, mode: str) -> Iterator[IO]:
    """The existing device or FIFO ``real`` opened for writing: never created, truncated
    or replaced (O_WRONLY alone)."""
    try:
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        if stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by a file since it was looked at
            os.close(fd)
            raise InputError(f"{path}: cannot write output: it changed while being written")
        sink = (open(fd, "wb") if "b" in mode  # noqa: SIM115 - closed by the `with` below
                else open(fd, "w", encoding="utf-8", newline=""))  # noqa: SIM115
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with sink:
            yield sink
            _flush(path, sink)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc


def _flush(path: Path, handle: IO) -> None:
    try:
        handle.flush()
    except OSError as exc:
        raise _cannot_write(path, exc) from exc


def _copy(source: IO, sink: IO) -> None:
    shutil.copyfileobj(source, sink, 1 << 20)

