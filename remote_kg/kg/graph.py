"""The graph stage: inputs (worker records, deals, job postings, RDF) turned into the
knowledge graph with its answers, for `serve`, `push` and `query --data` (`load` streams
the same triples into a store on disk, `kg.store`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.classification.answers import Classification, classify_records
from remote_kg.classification.jobs import classify_postings, job_reasoner
from remote_kg.model.ontology import DEFAULT_BASE, EXAMPLES_PATH, RKG
from remote_kg.model.records import Record
from remote_kg.pipeline.readers import reader_for
from remote_kg.rdf.answers import AnswerWriter, add_answers
from remote_kg.rdf.jobs import postings_graph
from remote_kg.rdf.records import ntriples_lines, parse_rdf, records_to_graph

# The categories a knowledge graph (load, serve, push) holds answers for: the seed ones and
# the authorities', so that queries can set the authorities' senses side by side.
STORED_CATEGORIES = "all"


def inference_lines(results: Iterable[Classification], base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples of the results: each record's is / is_not / unknown (`answer_rdf`)."""
    writer = AnswerWriter()
    for result in results:
        yield from writer.lines(result.iri, result)


def add_inferences(graph: Graph, results: Iterable[Classification], base: str) -> Graph:
    """Add the results' categories (types, rkg:isNot, rkg:undecided) to `graph`."""
    return add_answers(graph, ((r.iri, r) for r in results))


def inferred_graph(
    paths: Sequence[Path], reasoner: str = "fast", base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (),
) -> Graph:
    """The data as RDF plus its inferred triples (no ontology); `deals` are deals CSVs
    whose workers are records of `paths`."""
    graph = Graph()
    graph.bind("rkg", RKG)
    everyone: list[Record] = []  # the workers the deals may name
    for path in paths:
        path = Path(path)
        reader = reader_for(path)
        if reader.holds == "postings":
            graph += classified_postings_graph(path, reasoner, base)
            continue
        records = reader.read(path, base)
        everyone.extend(records)
        if reader.name != "rdf":
            graph += records_to_graph(records, base)
        else:
            graph += _with_deal_answers(parse_rdf(path), records, reasoner, str(path))
        add_inferences(graph, classify_records(records, reasoner, source=str(path),
                                               categories=STORED_CATEGORIES), base)
    if deals:
        from remote_kg.pipeline.deals import deal_files_ntriples

        graph.parse(data="".join(deal_files_ntriples(deals, everyone, reasoner, base)),
                    format="nt")
    return graph


def classified_postings_graph(path: Path, reasoner: str = "fast",
                              base: str = DEFAULT_BASE) -> Graph:
    """A postings file's jobs as RDF with their answers (types, rkg:isNot, rkg:undecided):
    what `load`, `serve`, `push` and `query --data` hold for it."""
    postings = reader_for(Path(path)).read(Path(path), base)
    results = classify_postings(postings, job_reasoner(reasoner), str(path))
    return add_answers(postings_graph(postings), ((r.iri, r) for r in results))


def _with_deal_answers(graph: Graph, records: Sequence[Record], reasoner: str,
                       source: str) -> Graph:
    """An RDF input's graph with its deals' and jobs' answers added
    (`deals.api.add_deal_answers`, `jobs.rdf.add_job_answers`)."""
    from remote_kg.classification.deals import add_deal_answers
    from remote_kg.classification.jobs import add_job_answers

    return add_job_answers(add_deal_answers(graph, records, reasoner, source), reasoner,
                           source)


def data_ntriples(path: Path, reasoner: str = "fast", base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples lines of one input's data plus inferences."""
    path = Path(path)
    reader = reader_for(path)
    if reader.holds == "postings" or reader.name == "rdf":  # graphs, as they are read
        graph = inferred_graph([path], reasoner, base)
        yield from (line + "\n" for line in graph.serialize(format="nt").splitlines() if line)
        return
    records = reader.read(path, base)
    yield from ntriples_lines(records, base, entailed=True)
    yield from inference_lines(classify_records(records, reasoner, source=str(path),
                                                categories=STORED_CATEGORIES), base)


def build_store(
    paths: Sequence[Path],
    reasoner: str = "fast",
    include_examples: bool = True,
    base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (),
):
    """An in-memory pyoxigraph store: ontology (with the derived category hierarchy),
    examples, data and inferences, and the deals of `deals` (CSVs whose workers are
    records of `paths`) with theirs."""
    import pyoxigraph as ox

    from remote_kg.kg.served import served_ontology_graph

    store = ox.Store()
    store.load(
        input=served_ontology_graph().serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
    )
    inputs = [EXAMPLES_PATH] if include_examples and EXAMPLES_PATH.exists() else []
    for path in [*inputs, *map(Path, paths)]:
        store.load(
            input="".join(data_ntriples(path, reasoner, base)).encode(),
            format=ox.RdfFormat.N_TRIPLES,
        )
    if deals:
        from remote_kg.pipeline.deals import deal_files_ntriples, read_records_of

        lines = deal_files_ntriples(deals, read_records_of(paths, base), reasoner, base)
        store.load(input="".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store
