"""The performers of a store on disk as `load` replaces records: one named only by the
records replaced goes with them, and a load may not give a performer the store keeps
another kind than the store holds for it (rkg:Person and rkg:Organisation are disjoint)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDFS

from remote_kg.errors import InputError
from remote_kg.model.ontology import RKG
from remote_kg.model.records import Performer, kind_clash
from remote_kg.model.vocab import PERFORMER_KIND_CLASS
from remote_kg.pipeline.performer_kinds import Naming

CHUNK = 5_000  # IRIs in one query's VALUES


def _chunks(iris: Sequence[str]) -> Iterator[str]:
    """`iris` as the terms of VALUES clauses, a chunk at a time."""
    for first in range(0, len(iris), CHUNK):
        yield " ".join(f"<{iri}>" for iri in iris[first:first + CHUNK])


def _namers(store: ox.Store, performers: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """(performer, record, its id or IRI) for each record of `store` naming one of
    `performers` as its rkg:performedBy."""
    for values in _chunks(performers):
        for row in store.query(
                f"SELECT ?p ?r ?id WHERE {{ VALUES ?p {{ {values} }} "
                f"?r <{RKG.performedBy}> ?p OPTIONAL {{ ?r <{RKG.recordId}> ?id }} }}"):
            record = row["r"].value
            yield row["p"].value, record, row["id"].value if row["id"] else record


def orphan_performers(store: ox.Store, gone: Collection[str]) -> list[str]:
    """The performers the records `gone` name that no other record of `store` names: their
    triples go with the records (nothing states them any more). A record names one
    performer, so a performer is an orphan when all its namers are gone."""
    by_gone: Counter[str] = Counter()
    for values in _chunks(sorted(gone)):
        by_gone.update(row["p"].value for row in store.query(
            f"SELECT ?p WHERE {{ VALUES ?g {{ {values} }} ?g <{RKG.performedBy}> ?p "
            "FILTER(isIRI(?p)) }"))
    orphans = []
    for values in _chunks(sorted(by_gone)):
        for row in store.query(
                f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {values} }} "
                f"?r <{RKG.performedBy}> ?p }} GROUP BY ?p"):
            if int(row["n"].value) == by_gone[row["p"].value]:
                orphans.append(row["p"].value)
    return sorted(orphans)


def check_store_kinds(store: ox.Store, named: Mapping[str, Naming], gone: Collection[str],
                      store_dir: Path) -> None:
    """InputError (one line, naming the input's place and the store's record) when the
    inputs give a performer (`named`: the first word on each) another kind than `store`
    holds for it once the records `gone` are replaced."""
    if not named:
        return
    kind_of = {row["c"].value: kind for kind, cls in PERFORMER_KIND_CLASS.items()
               for row in store.query(f"SELECT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")}
    classes = ", ".join(f"<{cls}>" for cls in kind_of)
    held: dict[str, set[str]] = {}
    for values in _chunks(sorted(named)):
        for row in store.query(  # a FILTER: oxigraph joins a second VALUES slowly
                f"SELECT DISTINCT ?p ?k WHERE {{ VALUES ?p {{ {values} }} ?p a ?k "
                f"FILTER(?k IN ({classes})) }}"):
            held.setdefault(row["p"].value, set()).add(kind_of[row["k"].value])
    clashing = sorted(p for p, kinds in held.items() if kinds - {named[p].kind})
    if not clashing:
        return
    gone = set(gone)
    namers: dict[str, list[tuple[bool, str]]] = {}
    for performer, record, shown in _namers(store, clashing):
        namers.setdefault(performer, []).append((record in gone, shown))
    for performer in clashing:
        by = namers.get(performer, [])
        kept = sorted(shown for is_gone, shown in by if not is_gone)
        if by and not kept:
            continue  # only replaced records name it: it goes with them
        naming = named[performer]
        where = f"the store {store_dir}" + (f" (record {kept[0]!r})" if kept else "")
        other = min(held[performer] - {naming.kind})
        clash = kind_clash(Performer(naming.name, naming.kind), other, where)
        raise InputError(f"{naming.place()}: {clash}")
