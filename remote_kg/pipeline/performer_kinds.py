"""One kind per performer across the inputs of one command: a performer named a person by
one input and an organisation by another is refused as within one file
(`model.records.PerformerKinds`), the error naming both places. `load` holds the store's
performers to the same rule (`kg.store`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from remote_kg.errors import InputError
from remote_kg.model.records import CsvRecordReader, Performer, Record, kind_clash
from remote_kg.pipeline.readers import Input
from remote_kg.rdf.records import performer_name


@dataclass(frozen=True)
class Naming:
    """What an input says of a performer's kind: the performer's IRI, its name in messages
    (its id in the input), the kind, and where it says so (made only for a message)."""

    performer: str
    name: str
    kind: str
    place: Callable[[], str]


class KindsAcross:
    """The kind each performer was first given across the inputs, and where."""

    def __init__(self) -> None:
        self.first: dict[str, Naming] = {}

    def add(self, namings: Iterable[Naming]) -> None:
        """Note `namings`; InputError (one line, naming both places) for the first that
        gives a performer another kind than an earlier input did."""
        for naming in namings:
            first = self.first.setdefault(naming.performer, naming)
            if first.kind != naming.kind:
                clash = kind_clash(Performer(naming.name, naming.kind), first.kind, first.place)
                raise InputError(f"{naming.place()}: {clash}")


def record_namings(source: Input, items: Iterable[Any], base: str) -> Iterator[Naming]:
    """What the worker records `items` read from `source` say of their performers' kinds
    (nothing for items of other kinds)."""
    for item in items:
        performer, kind = getattr(item, "performer", None), getattr(item, "performer_kind", None)
        if performer and kind:
            yield Naming(performer, performer_name(base, performer), kind,
                         partial(record_place, source, item))


def record_place(source: Input, record: Record) -> str:
    """Where `record` is in `source`, as messages name it: its line in a CSV file (read
    again to find it: only for a message), its node in an RDF file, else its id."""
    if source.reader.name == "csv":
        for line, record_id, _, _ in CsvRecordReader(source.path).rows():
            if record_id == record.id:
                return f"{source.shown}: line {line}"
    if source.reader.name == "rdf":
        return f"{source.shown}: node <{record.iri}>"
    return f"{source.shown}: id {record.id!r}"
