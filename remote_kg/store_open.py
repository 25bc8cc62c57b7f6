"""Opening a store built by `remote-kg load` (kept light: `query --store` starts fast)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from remote_kg.errors import InputError


def _is_store(directory: Path) -> bool:
    return (directory / "CURRENT").is_file() and (directory / "IDENTITY").is_file()


def open_store(directory: Path, read_only: bool = True) -> ox.Store:
    """Open a store built by `remote-kg load`; errors name the directory and the fix."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(
            f"--store {directory}: no such store; build one with "
            f"`remote-kg load RECORDS.csv --store {directory}`"
        )
    if not _is_store(directory):
        raise InputError(
            f"--store {directory}: not a store made by `remote-kg load` "
            f"(no RocksDB CURRENT/IDENTITY files in it)"
        )
    try:
        return ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as exc:
        raise InputError(f"--store {directory}: cannot open the store: {exc}") from exc
