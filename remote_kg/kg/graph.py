"""The graph stage: inputs (worker records, deals, job postings, RDF) turned into the
knowledge graph with its answers. `input_parts` is the one way there: `serve --data` and
`query --data` load its parts into an in-memory store (`build_store`), `push` into an
rdflib graph (`inferred_graph`), and `load` into a store on disk (`kg.store`, which streams
CSV records in two passes instead of holding their lines)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from rdflib import Graph

from remote_kg.classification.answers import Classification, classify_records
from remote_kg.classification.deals import add_deal_answers
from remote_kg.classification.jobs import add_job_answers, classify_postings, job_reasoner
from remote_kg.errors import InputError
from remote_kg.kg.csv_triples import bulk_load_ntriples, check_csv, csv_ntriples
from remote_kg.kg.text_stream import load_streamed
from remote_kg.model.ontology import DEFAULT_BASE, EXAMPLES_PATH, RKG
from remote_kg.model.records import Record
from remote_kg.pipeline.deals import deal_files_ntriples
from remote_kg.pipeline.performer_kinds import KindsAcross, record_namings
from remote_kg.pipeline.readers import Input, resolve
from remote_kg.progress import Progress, counted_lines, counted_text
from remote_kg.rdf.answers import AnswerWriter, add_answers
from remote_kg.rdf.jobs import job_nodes, postings_graph
from remote_kg.rdf.provenance import Run, run_for
from remote_kg.rdf.records import ntriples_lines, parse_rdf, record_iri
from remote_kg.reasoners.choice import get_reasoner

# The categories a knowledge graph (load, serve, push) holds answers for: the seed ones and
# the authorities', so that queries can set the authorities' senses side by side.
STORED_CATEGORIES = "all"
LOAD_EVERY = 50_000  # triples loaded between two progress reports


def inference_lines(results: Iterable[Classification], base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples of the results: each record's is / is_not / unknown (`answer_rdf`)."""
    writer = AnswerWriter()
    for result in results:
        yield from writer.lines(result.iri, result)


def add_inferences(graph: Graph, results: Iterable[Classification], base: str) -> Graph:
    """Add the results' categories (types, rkg:isNot, rkg:undecided) to `graph`."""
    return add_answers(graph, ((r.iri, r) for r in results))


def record_iris(graph: Graph) -> set[str]:
    """The IRIs of the records of every kind in a graph: workers and deals (rkg:recordId),
    jobs (rkg:postingId, or typed rkg:Job or a job category)."""
    iris = {str(s) for p in (RKG.recordId, RKG.postingId) for s in graph.subjects(p, None)}
    return iris | {str(job) for job in job_nodes(graph)}


class RecordOwners:
    """Which input file each record IRI comes from: one record in two files is refused,
    since which version to keep (and which answers to give) is ambiguous."""

    def __init__(self) -> None:
        self._owner: dict[str, Path] = {}

    def add(self, path: Path, iris: Iterable[str]) -> None:
        """Note the records of `path`; InputError (one line) when one is in another file
        (one file named twice is one file)."""
        path = Path(path)
        clashes = []
        for iri in sorted(iris):
            first = self._owner.setdefault(iri, path)
            if first != path and first.resolve() != path.resolve():
                clashes.append((iri, first))
        if clashes:
            iri, first = clashes[0]
            more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
            raise InputError(f"{path}: record {iri} is also in {first}{more}; give each "
                             "record in one file")


@dataclass
class InputPart:
    """One input turned into graph content with its answers: N-Triples lines (streamed for
    records in columns) or an rdflib graph (RDF inputs and postings, as read), its worker
    records (those deals may name) and the IRIs of its records of every kind."""

    source: Input
    lines: Iterable[str]
    records: list[Record]
    iris: set[str]
    graph: Graph | None = None


def input_part(path: Path | Input, reasoner: str = "fast", base: str = DEFAULT_BASE,
               run: Run | None = None) -> InputPart:
    """The graph stage for one input: its data as RDF in the data model plus its answers
    (workers for the stored categories, deals and jobs an RDF input holds, postings), each
    record linked to `run` (`rdf.provenance`) when given; the run's description is not
    included (it is written once for all parts)."""
    source = path if isinstance(path, Input) else resolve(path)
    where = str(source.path)
    if source.holds == "postings":
        graph = _linked(classified_postings_graph(source, reasoner, base), run)
        return InputPart(source, _graph_lines(graph), [], record_iris(graph), graph)
    records = source.read(base)
    results = classify_records(records, reasoner, source=where, categories=STORED_CATEGORIES)
    if source.reader.name == "rdf":  # the input's own graph, with its answers added
        graph = _with_deal_answers(parse_rdf(source.path), records, reasoner, where)
        add_inferences(graph, results, base)
        iris = {r.iri for r in records} | record_iris(graph)
        if run is not None:
            graph.parse(data="".join(map(run.link, sorted(iris))), format="nt")
        return InputPart(source, _graph_lines(graph), records, iris, graph)
    lines = chain(ntriples_lines(records, base, entailed=True), inference_lines(results, base))
    if run is not None:
        lines = chain(lines, (run.link(r.iri) for r in records))
    return InputPart(source, lines, records, {r.iri for r in records})


def _linked(graph: Graph, run: Run | None) -> Graph:
    """`graph` with each of its records linked to `run` (when given)."""
    if run is not None:
        graph.parse(data="".join(map(run.link, sorted(record_iris(graph)))), format="nt")
    return graph


def graph_run(paths: Sequence[Path | Input], reasoner: str = "fast", base: str = DEFAULT_BASE,
              deals: Sequence[Path] = ()) -> Run:
    """The run that puts `paths` and `deals` into a knowledge graph (`rdf.provenance`)."""
    files = [p.path if isinstance(p, Input) else Path(p) for p in paths]
    return run_for([*files, *map(Path, deals)], reasoner, STORED_CATEGORIES, base)


def _graph_lines(graph: Graph) -> Iterator[str]:
    return (line + "\n" for line in graph.serialize(format="nt").splitlines() if line)


def input_parts(paths: Sequence[Path | Input], reasoner: str = "fast",
                base: str = DEFAULT_BASE, deals: Sequence[Path] = (),
                run: Run | None = None) -> Iterator[InputPart]:
    """`input_part` of each input, then the deals CSVs `deals` (workers among the inputs'
    records) as one more part; one record in two files, or a performer two inputs give
    different kinds, is an InputError. With `run`, every record is linked to it (the caller
    writes the run's description, `Run.lines`, once)."""
    owners = RecordOwners()
    kinds = KindsAcross()
    everyone: list[Record] = []  # the workers the deals may name
    for path in paths:
        part = input_part(path, reasoner, base, run)
        owners.add(part.source.path, part.iris)
        kinds.add(record_namings(part.source, part.records, base))
        everyone.extend(part.records)
        yield part
    if deals:
        text = "".join(deal_files_ntriples(deals, everyone, reasoner, base))
        graph = _linked(Graph().parse(data=text, format="nt"), run)
        owners.add(Path(deals[0]), record_iris(graph))
        yield InputPart(resolve(Path(deals[0])), _graph_lines(graph), [], record_iris(graph),
                        graph)


def inferred_graph(
    paths: Sequence[Path | Input], reasoner: str = "fast", base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (), progress: bool = False,
) -> Graph:
    """The data as RDF plus its inferred triples (no ontology) and their run
    (`rdf.provenance`); `deals` are deals CSVs whose workers are records of `paths`. One
    record in two files is an InputError. With `progress`, the triples are counted on
    stderr as they are read (`remote_kg.progress`)."""
    graph = Graph()
    graph.bind("rkg", RKG)
    run = graph_run(paths, reasoner, base, deals)
    graph.parse(data="".join(run.lines()), format="nt")
    with Progress(None, progress, LOAD_EVERY, "triples read") as shown:
        for part in input_parts(paths, reasoner, base, deals, run):
            if part.graph is not None:
                graph += part.graph
                shown.advance(len(part.graph))
            else:
                graph.parse(data="".join(counted_lines(part.lines, shown)), format="nt")
    return graph


def classified_postings_graph(path: Path | Input, reasoner: str = "fast",
                              base: str = DEFAULT_BASE) -> Graph:
    """A postings file's jobs as RDF with their answers (types, rkg:isNot, rkg:undecided):
    what `load`, `serve`, `push` and `query --data` hold for it."""
    source = path if isinstance(path, Input) else resolve(path)
    postings = source.read(base)
    results = classify_postings(postings, job_reasoner(reasoner), str(source.path))
    return add_answers(postings_graph(postings), ((r.iri, r) for r in results))


def _with_deal_answers(graph: Graph, records: Sequence[Record], reasoner: str,
                       source: str) -> Graph:
    """An RDF input's graph with its deals' and jobs' answers added
    (`classification.deals.add_deal_answers`, `classification.jobs.add_job_answers`)."""
    return add_job_answers(add_deal_answers(graph, records, reasoner, source), reasoner,
                           source)


def data_ntriples(path: Path, reasoner: str = "fast", base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples lines of one input's data plus inferences."""
    yield from input_part(Path(path), reasoner, base).lines


def build_store(
    paths: Sequence[Path | Input],
    reasoner: str = "fast",
    include_examples: bool = False,
    base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (),
    progress: bool = False,
):
    """An in-memory pyoxigraph store: ontology (with the derived category hierarchy),
    the seed examples when `include_examples`, data and inferences with their run
    (`rdf.provenance`), and the deals of `deals` (CSVs whose workers are records of
    `paths`) with theirs. One record in two files is an InputError. With `progress`, the
    data's triples are counted on stderr as they are loaded (`remote_kg.progress`)."""
    import pyoxigraph as ox

    from remote_kg.kg.served import served_ontology_graph

    store = ox.Store()
    store.load(
        input=served_ontology_graph().serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
    )
    inputs: list[Path | Input] = [EXAMPLES_PATH] if include_examples and EXAMPLES_PATH.exists(
    ) else []
    inputs += [p if isinstance(p, Input) else Path(p) for p in paths]
    run = None
    if inputs or deals:
        run = graph_run(inputs, reasoner, base, deals)
        store.load(input="".join(run.lines()).encode(), format=ox.RdfFormat.N_TRIPLES)
    with Progress(None, progress, LOAD_EVERY, "triples loaded") as shown:
        if deals:  # the deals name workers of the inputs: their records are kept
            for part in input_parts(inputs, reasoner, base, deals, run):
                load_streamed(store.load, counted_lines(part.lines, shown))
        else:
            _load_inputs(store, inputs, reasoner, base, run, shown)
    return store


def _load_inputs(store, inputs: Sequence[Path | Input], reasoner: str, base: str,
                 run: Run | None, shown: Progress) -> None:
    """Each input into the in-memory `store`: a CSV's records by the two passes `load`
    takes (`csv_triples`: no record object per row, the text made while pyoxigraph parses),
    any other input by `input_part`. One record in two files, or a performer two inputs
    give different kinds, is an InputError."""
    owners = RecordOwners()
    kinds = KindsAcross()
    engine = None
    for path in inputs:
        source = resolve(path)
        if source.reader.name != "csv":
            part = input_part(source, reasoner, base, run)
            owners.add(part.source.path, part.iris)
            kinds.add(record_namings(part.source, part.records, base))
            load_streamed(store.load, counted_lines(part.lines, shown))
            continue
        engine = engine or get_reasoner(reasoner, categories=STORED_CATEGORIES)
        plan = check_csv(source.path, engine, shown.enabled)
        owners.add(source.path, {record_iri(base, record_id) for record_id in plan.ids})
        kinds.add(plan.performer_namings(base, source.shown))
        bulk_load_ntriples(store, counted_text(csv_ntriples(plan, base, run), shown),
                           memory=True)
