"""Opening a store built by `remote-kg load` (kept light: `query --store` starts fast)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from remote_kg.errors import InputError


def is_store(directory: Path) -> bool:
    return (directory / "CURRENT").is_file() and (directory / "IDENTITY").is_file()


def open_store(directory: Path, read_only: bool = True) -> ox.Store:
    """Open a store built by `remote-kg load`; errors name the directory and the fix."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(
            f"--store {directory}: no such store; build one with "
            f"`remote-kg load RECORDS.csv --store {directory}`"
        )
    if not is_store(directory):
        raise InputError(
            f"--store {directory}: not a store made by `remote-kg load` "
            f"(no RocksDB CURRENT/IDENTITY files in it)"
        )
    try:
        store = ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as exc:
        raise InputError(f"--store {directory}: cannot open the store: {exc}") from exc
    if not store.query(_CURRENT_MODEL) and store.query(_HAS_RECORDS):
        raise InputError(
            f"--store {directory}: built by an earlier remote-kg whose records carry no "
            f"plain category types, so `?w a rkg:Teleworker` would find nothing; rebuild it "
            f"with `remote-kg load YOUR-FILES --store {directory} --replace`"
        )
    return store


# Stores of this version declare rkg:isNot (answers as plain triples, docs/data-model.md);
# those of the answer-class version do not.
_HAS_RECORDS = "ASK { ?w <https://w3id.org/remote-kg/ontology#recordId> ?id }"
_CURRENT_MODEL = (
    "ASK { <https://w3id.org/remote-kg/ontology#isNot> "
    "a <http://www.w3.org/2002/07/owl#AnnotationProperty> }"
)
