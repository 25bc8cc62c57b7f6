"""`remote-kg load`: an on-disk pyoxigraph store of ontology, records and inferences.

A load never changes the store in place. It first reads and classifies every input (so a
bad row or an inconsistent record stops it before anything is written), then copies the
store (a RocksDB checkpoint: hard links, no data copied), bulk-loads into the copy and
swaps the copy in with one atomic rename exchange. A load that fails for any reason leaves
the store exactly as it was, and readers never see a half-loaded store.

Loading the same data twice adds nothing: the store is a set of triples, and blank nodes
keep deterministic labels (those of the shared closure classes of CSV records are named from
a hash of the class IRI in `rdf_io`; blank nodes of RDF inputs and of the ontology are named
from a hash of their surroundings here), while pyoxigraph's own loaders would give them
fresh labels.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import gc
import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.errors import InputError
from remote_kg.kg.csv_triples import CsvPlan, bulk_load_ntriples, check_csv, csv_ntriples
from remote_kg.kg.graph import STORED_CATEGORIES, RecordOwners, graph_run, input_part
from remote_kg.kg.served import served_ontology_graph
from remote_kg.kg.store_open import is_store
from remote_kg.kg.store_performers import check_store_kinds, orphan_performers
from remote_kg.model.namespaces import check_base
from remote_kg.model.ontology import DEFAULT_BASE, RKG
from remote_kg.pipeline.performer_kinds import KindsAcross, Naming, record_namings
from remote_kg.pipeline.readers import Input, resolve
from remote_kg.progress import Progress, counted, note
from remote_kg.rdf.provenance import CLASSIFIED_BY, RUN_CLASS, Run
from remote_kg.rdf.records import closure_class_triples, closure_definitions, record_iri
from remote_kg.reasoners.answer import Reasoner
from remote_kg.reasoners.choice import get_reasoner

REMOVE_CHUNK = 5_000
# Records to replace, as a share of the store, past which a new store is built from the
# kept triples rather than removing theirs (`kept_triples`); about 30 triples a record.
REBUILD_SHARE = 0.25
TRIPLES_PER_RECORD = 30


# ---------------------------------------------------------------------------------------
# Deterministic blank node labels and rdflib -> pyoxigraph terms
# ---------------------------------------------------------------------------------------


def stable_bnode_labels(graph: Graph) -> dict[BNode, str]:
    """A label for each blank node that depends only on the graph around it.

    Colour refinement: each round hashes a node's colour with its edges (predicate, the
    neighbour's term or colour), until the partition stops splitting. Nodes left with the
    same colour are indistinguishable by their surroundings (e.g. two identical
    restrictions on one subject); they are numbered within their colour.
    """
    edges: dict[BNode, list[tuple[str, str, object]]] = {}
    for s, p, o in graph:
        if isinstance(s, BNode):
            edges.setdefault(s, []).append((">", str(p), o))
        if isinstance(o, BNode):
            edges.setdefault(o, []).append(("<", str(p), s))
    if not edges:
        return {}
    colour = dict.fromkeys(edges, "")
    classes = 1
    while True:
        new = {}
        for node, node_edges in edges.items():
            parts = sorted(
                f"{d} {p} {'_:' + colour[n] if isinstance(n, BNode) else n.n3()}"
                for d, p, n in node_edges
            )
            digest = hashlib.blake2b(digest_size=16)
            digest.update(colour[node].encode())
            digest.update("\n".join(parts).encode())
            new[node] = digest.hexdigest()
        colour = new
        count = len(set(new.values()))
        if count == classes:
            break
        classes = count
    labels: dict[BNode, str] = {}
    seen: dict[str, int] = {}
    for node in sorted(edges, key=lambda n: (colour[n], str(n))):
        index = seen.get(colour[node], 0)
        seen[colour[node]] = index + 1
        labels[node] = colour[node] if index == 0 else f"{colour[node]}n{index}"
    return labels


def _term(term, labels: dict[BNode, str], where: str):
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(labels[term])
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:
        raise InputError(f"{where}: term {term.n3()} cannot be stored: {exc}") from exc
    raise InputError(f"{where}: unsupported RDF term {term!r}")


def closure_class_labels(graph: Graph) -> dict[BNode, str]:
    """Labels for the blank nodes of shared closure classes written as `import` writes them.

    The CSV path names them from the class IRI (`rdf_io.closure_class_triples`); giving the
    same nodes of an RDF input the same labels means that loading a CSV file and its
    `import` output into one store adds nothing the second time. A closure written any
    other way (another list order, extra triples) keeps its colour-refinement labels.
    """
    labels: dict[BNode, str] = {}
    for cls, node, kinds in closure_definitions(graph, (RDFS.subClassOf,)):
        labels.update(_canonical_closure_labels(graph, cls, node, kinds))
    return labels


def _canonical_closure_labels(
    graph: Graph, cls: URIRef, node: BNode, kinds: set[str]
) -> dict[BNode, str]:
    """The CSV path's labels for this closure's blank nodes, if its triples are exactly
    the ones the CSV path writes; else no labels.

    The two descriptions are walked side by side (subClassOf, allValuesFrom, then the
    unionOf list), so the labels are read from `closure_class_triples`, not restated here.
    """
    canonical = {t for t in closure_class_triples(str(cls), kinds) if "_:" in "".join(t)}
    follow = {(s, p): o for s, p, o in canonical}
    mapping: dict[BNode, str] = {}
    ours, theirs = node, follow.get((cls.n3(), RDFS.subClassOf.n3()))
    for prop in (OWL.allValuesFrom, OWL.unionOf, *[RDF.rest] * len(kinds)):
        if not (isinstance(ours, BNode) and theirs and theirs.startswith("_:")):
            break
        mapping[ours] = theirs[2:]
        ours, theirs = graph.value(ours, prop), follow.get((theirs, prop.n3()))
    found = set()
    for bnode in mapping:
        for triple in {*graph.triples((bnode, None, None)), *graph.triples((None, None, bnode))}:
            found.add(tuple(f"_:{mapping[t]}" if t in mapping else t.n3() for t in triple))
    return mapping if found == canonical else {}


def graph_quads(graph: Graph, where: str) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads, blank nodes labelled stably."""
    labels = {**stable_bnode_labels(graph), **closure_class_labels(graph)}
    for s, p, o in graph:
        yield ox.Quad(_term(s, labels, where), _term(p, labels, where), _term(o, labels, where))


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


@dataclass
class LoadSummary:
    records: int
    triples_before: int
    triples_after: int
    replaced: int = 0
    deals: int = 0

    @property
    def added(self) -> int:
        return self.records + self.deals - self.replaced


def _check_distinct_records(inputs: Sequence[_Input]) -> KindsAcross:
    """Refuse one record IRI in two input files (which version to keep is ambiguous) and
    a performer two of them give different kinds; the kind each performer is given."""
    owners = RecordOwners()
    kinds = KindsAcross()
    for item in inputs:
        owners.add(item.path, item.iris)
        kinds.add(item.performers)
    return kinds


# The records of every kind a store holds: workers and deals (rkg:recordId), jobs.
_HELD_RECORDS = (
    f"SELECT DISTINCT ?w WHERE {{ {{ ?w <{RKG.recordId}> ?id }} UNION "
    f"{{ ?w <{RKG.postingId}> ?id }} UNION {{ ?w a <{RKG.Job}> }} }}"
)


def held_records(store: ox.Store) -> set[str]:
    """The IRIs of the records of every kind `store` holds."""
    return {solution["w"].value for solution in store.query(_HELD_RECORDS)}


def remove_records(store: ox.Store, iris: set[str]) -> int:
    """Remove the records among `iris` that `store` holds (workers, deals and jobs: their
    facts, workplace nodes, blank nodes no longer used, inferred categories, and the
    performers no other record names), so that loading them again replaces them; returns
    how many. Each removed triple costs a
    transaction's write (about 0.5 ms a record): `kept_triples` is the way when many go."""
    replaced = sorted(held_records(store) & iris)
    gone = [*replaced, *orphan_performers(store, replaced)]
    for first in range(0, len(gone), REMOVE_CHUNK):
        values = " ".join(f"<{iri}>" for iri in gone[first : first + REMOVE_CHUNK])
        blank = {solution["b"] for solution in store.query(
            f"SELECT DISTINCT ?b WHERE {{ VALUES ?w {{ {values} }} ?w ?p ?b "
            f"FILTER(isBlank(?b)) }}")}
        # One update per chunk: the record's own triples, then its workplace nodes (named
        # <record>/workplace/<kind>, so another record's nodes are never touched).
        store.update(
            f"DELETE {{ ?node ?q ?x }} WHERE {{ VALUES ?w {{ {values} }} "
            f"?w <{RKG.worksAt}> ?node . ?node ?q ?x . "
            f'FILTER(STRSTARTS(STR(?node), CONCAT(STR(?w), "/workplace/"))) }}'
        )
        store.update(f"DELETE {{ ?w ?p ?o }} WHERE {{ VALUES ?w {{ {values} }} ?w ?p ?o }}")
        _remove_unused_blank_nodes(store, blank)
    return len(replaced)


def _kept_query(gone: Sequence[str]) -> str:
    """CONSTRUCT of every triple `remove_records` would keep when removing `gone` (before
    the blank nodes they alone used are removed)."""
    values = " ".join(f"<{iri}>" for iri in gone)
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o MINUS {{ VALUES ?s {{ {values} }} }} "
        f"MINUS {{ VALUES ?w {{ {values} }} ?w <{RKG.worksAt}> ?s . "
        f'FILTER(STRSTARTS(STR(?s), CONCAT(STR(?w), "/workplace/"))) }} }}'
    )


def kept_triples(old: ox.Store, gone: Sequence[str], text: Path) -> list[ox.BlankNode]:
    """Write to `text` (N-Triples) what `old` keeps once the records `gone` are removed
    (with the performers no other record names), for a new store to bulk-load; return the
    blank nodes among them that a gone record referred to (to remove once loaded, when
    nothing else refers to them).

    A new store built from the kept triples replaces many records faster than removing
    them one triple at a time: the kept triples are found in one pass inside pyoxigraph.
    """
    gone = [*gone, *orphan_performers(old, gone)]
    old.query(_kept_query(gone)).serialize(str(text), format=ox.RdfFormat.N_TRIPLES)
    subjects = set()
    with text.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("_:"):
                subjects.add(line[2:line.index(" ")])
    gone_set = set(gone)
    return [node for node in map(ox.BlankNode, sorted(subjects))
            if any(quad.subject.value in gone_set and isinstance(quad.subject, ox.NamedNode)
                   for quad in old.quads_for_pattern(None, None, node))]


def ntriples_chunks(text: Path, lines: int = 20_000) -> Iterator[str]:
    """The lines of an N-Triples file in chunks, those with a blank node in the last (see
    `bulk_load_ntriples`)."""
    plain: list[str] = []
    blank: list[str] = []
    with text.open(encoding="utf-8") as handle:
        for line in handle:
            (blank if "_:" in line else plain).append(line)
            if len(plain) >= lines:
                yield "".join(plain)
                plain.clear()
    yield "".join(plain)
    yield "".join(blank)


# The runs no record of the store names any more (`rdf.provenance`).
_REMOVE_UNUSED_RUNS = (
    f"DELETE {{ ?run ?p ?o }} WHERE {{ ?run a <{RUN_CLASS}> ; ?p ?o . "
    f"FILTER NOT EXISTS {{ ?record <{CLASSIFIED_BY}> ?run }} }}"
)


def remove_unused_runs(store: ox.Store) -> None:
    """Remove the description of every run no record names any more: a record loaded
    again names only its latest run, so a store describes only runs it holds answers of."""
    store.update(_REMOVE_UNUSED_RUNS)


def _remove_unused_blank_nodes(store: ox.Store, nodes: Iterable[ox.BlankNode]) -> None:
    """Remove the triples of each of `nodes` that nothing refers to any more (a removed
    job's or deal's closure, a record's own restriction), then of the blank nodes they
    alone referred to (the closure's class and list). Shared ones (a closure class of CSV
    records) stay while another record uses them."""
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if next(store.quads_for_pattern(None, None, node), None) is not None:
            continue
        quads = list(store.quads_for_pattern(node, None, None))
        for quad in quads:
            store.remove(quad)
        pending.extend(q.object for q in quads if isinstance(q.object, ox.BlankNode))


@dataclass
class _Input:
    path: Path
    csv_plan: CsvPlan | None = None
    quads: list[ox.Quad] | None = None
    records: int = 0
    iris: set[str] = field(default_factory=set)
    deals: bool = False  # the input holds deals, counted apart from worker records
    performers: list[Naming] = field(default_factory=list)  # the kinds it gives performers


def _prepare(given: Path | Input, engine: Reasoner, base: str, run: Run | None = None,
             progress: bool = False) -> _Input:
    if not isinstance(given, Input):
        given = Path(given)
        if not given.exists():
            raise InputError(f"{given}: no such file")
        if given.is_dir():
            raise InputError(f"{given}: is a directory, expected a CSV or RDF file")
    source = resolve(given)
    path = source.path
    if source.reader.name == "csv":  # checked in a streamed pass, loaded as N-Triples
        plan = check_csv(path, engine, progress)
        iris = {record_iri(base, record_id) for record_id in plan.ids}
        return _Input(path, csv_plan=plan, records=plan.records, iris=iris,
                      performers=plan.performer_namings(base, source.shown))
    part = input_part(source, engine.name, base, run)  # the graph stage, as serve and push
    graph = part.graph
    if graph is None:
        graph = Graph().parse(data="".join(part.lines), format="nt")
    return _Input(path, quads=list(graph_quads(graph, str(path))), records=len(part.iris),
                  iris=part.iris, performers=list(record_namings(source, part.records, base)))


def _prepare_deals(deals: list[Path], paths: list[Path], reasoner: str, base: str,
                   run: Run | None = None) -> _Input:
    """The deals CSVs (workers among the records of `paths`), classified, as quads, each
    deal linked to `run` when given."""
    from remote_kg.pipeline.deals import deal_files_ntriples, read_records_of

    lines = deal_files_ntriples(deals, read_records_of(paths, base), reasoner, base)
    graph = Graph()
    graph.parse(data="".join(lines), format="nt")
    iris = {str(s) for s in graph.subjects(RKG.recordId, None)}
    if run is not None:
        graph.parse(data="".join(map(run.link, sorted(iris))), format="nt")
    return _Input(deals[0], quads=list(graph_quads(graph, str(deals[0]))), records=len(iris),
                  iris=iris, deals=True)


@contextlib.contextmanager
def _exclusive(store_dir: Path) -> Iterator[None]:
    """Hold a lock file beside the store so two loads cannot race."""
    lock_path = store_dir.parent / f".{store_dir.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise InputError(
                f"--store {store_dir}: another `remote-kg load` is writing to "
                f"this store; try again when it has finished"
            ) from exc
        yield


def _exchange(a: Path, b: Path) -> None:
    """Swap two directories atomically (Linux renameat2); else two renames."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(code, os.strerror(code), str(a))
    aside = a.parent / f".{a.name}.swap"
    os.rename(a, aside)
    os.rename(b, a)
    os.rename(aside, b)


def _check_same_ontology(old: ox.Store, ontology: list[ox.Quad], store_dir: Path) -> None:
    """Refuse to add to a store built with another version of the ontology: its records'
    inferred categories and the ontology's axioms would mix two versions."""
    missing = sum(1 for quad in ontology if quad not in old)
    if missing:
        raise InputError(
            f"--store {store_dir}: it was built with another version of the ontology "
            f"({missing} of the current ontology's {len(ontology)} triples are not in it); "
            f"load with --replace to rebuild it from your files"
        )


def _holds_a_store(store_dir: Path) -> bool:
    """Whether `store_dir` holds a store (False: missing or empty); InputError when it
    holds anything else."""
    if store_dir.exists() and not store_dir.is_dir():
        raise InputError(f"--store {store_dir}: exists and is not a directory")
    exists = store_dir.is_dir() and any(store_dir.iterdir())
    if exists and not is_store(store_dir):
        raise InputError(
            f"--store {store_dir}: exists and is not a store made by "
            f"`remote-kg load`; refusing to replace it"
        )
    return exists


def _move_into_place(staging: Path, store_dir: Path) -> None:
    """Rename the new store to `store_dir` (missing, or an empty directory)."""
    try:
        if store_dir.is_dir():
            store_dir.rmdir()
        os.rename(staging, store_dir)
    except OSError as exc:
        raise InputError(f"--store {store_dir}: something else wrote there during the load, "
                         f"so nothing was loaded ({exc.strerror})") from None


def _store_input(store: ox.Store, item: _Input, base: str, run: Run, progress: bool) -> None:
    """Bulk-load one prepared input: a CSV's records streamed, an RDF input's quads."""
    if item.csv_plan is not None:
        unit = f"records stored from {item.path}"
        every = max(1, item.csv_plan.records // 100)
        with Progress(item.csv_plan.records, progress, every, unit) as shown:
            bulk_load_ntriples(store, csv_ntriples(item.csv_plan, base, run, shown))
        return
    quads = item.quads or []
    with Progress(len(quads), progress, max(1, len(quads) // 100),
                  f"triples stored from {item.path}") as shown:
        store.bulk_extend(counted(quads, shown))


def load_paths(
    paths: Sequence[Path | Input],
    store_dir: Path,
    reasoner: str = "fast",
    base: str = DEFAULT_BASE,
    replace: bool = False,
    optimize: bool = True,
    deals: Sequence[Path] = (),
    progress: bool = False,
) -> LoadSummary:
    """Load ontology + records + inferences into the store at `store_dir`, all or nothing.

    `optimize` compacts the store afterwards: bulk loading leaves overlapping files that
    make every later query slower (about three times at 100,000 records) and a reload
    leaves duplicate entries on disk until they are compacted away. With `progress`, the
    records checked and stored are counted on stderr (`remote_kg.progress`: only on a
    terminal).
    """
    store_dir = Path(store_dir)
    check_base(base)
    _holds_a_store(store_dir)  # early: before the inputs are read and classified
    if not store_dir.parent.is_dir():
        raise InputError(f"--store {store_dir}: directory {store_dir.parent} does not exist")
    engine = get_reasoner(reasoner, categories=STORED_CATEGORIES)
    run = graph_run(list(paths), engine.name, base, deals)
    inputs = [_prepare(p, engine, base, run, progress) for p in paths]
    if deals:
        files = [resolve(p).path for p in paths]
        inputs.append(_prepare_deals(list(deals), files, reasoner, base, run))
    kinds = _check_distinct_records(inputs)
    ontology = list(graph_quads(served_ontology_graph(), "ontology"))
    with _exclusive(store_dir):
        exists = _holds_a_store(store_dir)  # again: another load may have made it since
        for stale in store_dir.parent.glob(f".{store_dir.name}.loading-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a load that was killed
        for stale in store_dir.parent.glob(f".{store_dir.name}.kept-*.nt"):
            stale.unlink(missing_ok=True)
        staging = store_dir.parent / f".{store_dir.name}.loading-{os.getpid()}"
        kept = store_dir.parent / f".{store_dir.name}.kept-{os.getpid()}.nt"
        try:
            before, replaced, orphans = 0, 0, None
            iris = set().union(*(i.iris for i in inputs))
            if exists:
                old = ox.Store.read_only(str(store_dir))
                before = len(old)
                if not replace:
                    _check_same_ontology(old, ontology, store_dir)
                    gone = sorted(held_records(old) & iris)
                    check_store_kinds(old, kinds.first, gone, store_dir)
                    if len(gone) >= REBUILD_SHARE * max(before, 1) / TRIPLES_PER_RECORD:
                        note(f"replacing {len(gone):,} records: a new store from the other "
                             f"triples of {store_dir}", progress)
                        orphans = kept_triples(old, gone, kept)
                        replaced = len(gone)
                    else:
                        old.backup(str(staging))
                del old
            store = ox.Store(str(staging))
            if orphans is not None:
                bulk_load_ntriples(store, ntriples_chunks(kept))
                kept.unlink()
                _remove_unused_blank_nodes(store, orphans)
            elif exists and not replace:
                replaced = remove_records(store, iris)
            store.bulk_extend(ontology)
            bulk_load_ntriples(store, run.lines())
            for item in inputs:
                _store_input(store, item, base, run, progress)
            remove_unused_runs(store)
            store.flush()
            if optimize:
                note(f"compacting the store {store_dir}", progress)
                store.optimize()
            after = len(store)
            del store
            gc.collect()  # closes the RocksDB instance before it is moved
            if exists:
                _exchange(store_dir, staging)
            else:
                _move_into_place(staging, store_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            kept.unlink(missing_ok=True)
    return LoadSummary(sum(i.records for i in inputs if not i.deals), before, after, replaced,
                       deals=sum(i.records for i in inputs if i.deals))
