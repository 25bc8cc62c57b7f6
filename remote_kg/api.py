"""The Python interface: read records, classify them, and build graphs and stores."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from rdflib import Graph

from remote_kg.answer_rdf import AnswerWriter, add_answers
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.ontology import DEFAULT_BASE, EXAMPLES_PATH, RKG
from remote_kg.rdf_io import (
    ntriples_lines,
    parse_rdf,
    record_iri,
    records_to_graph,
)
from remote_kg.reasoners import Answer, Reasoner, get_reasoner
from remote_kg.records import CsvRecordReader, Record


@dataclass(frozen=True, slots=True)
class Classification:
    """The answer for one record: categories it is in, is not in, and cannot be decided."""

    id: str
    iri: str
    is_: tuple[str, ...]
    is_not: tuple[str, ...]
    unknown: tuple[str, ...]

    def status(self, category: str) -> str:
        """is / is_not / unknown for one category (as `Answer.status`)."""
        return Answer(self.is_, self.is_not, self.unknown).status(category)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "is": list(self.is_),
            "is_not": list(self.is_not),
            "unknown": list(self.unknown),
        }


def is_csv(path: Path) -> bool:
    """Whether a file is read as delimited text (.csv, or .tsv for tab-separated)."""
    return path.suffix.lower() in (".csv", ".tsv")


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def is_records_file(path: Path) -> bool:
    """Whether a file holds worker records in columns (CSV, TSV, Parquet, or any other
    registered records reader) rather than an RDF graph or job postings."""
    from remote_kg.pipeline.readers import reader_for

    reader = reader_for(Path(path))
    return reader.holds == "records" and reader.name != "rdf"


def iter_csv_records(
    path: Path, base: str = DEFAULT_BASE
) -> tuple[CsvRecordReader, Iterator[Record]]:
    """A reader (collecting problems) and a stream of records from a CSV file, read as
    `records.CSV_OPTIONS` says (other columns, delimiter)."""
    reader = CsvRecordReader(path)

    def stream() -> Iterator[Record]:
        for _, record_id, label, facts in reader.rows():
            yield Record(record_id, record_iri(base, record_id), facts, label)

    return reader, stream()


def read_records(path: Path, base: str = DEFAULT_BASE) -> list[Record]:
    """All worker records of a CSV, Parquet or RDF file (none in a file of job postings);
    raises InputError listing every problem."""
    from remote_kg.pipeline.readers import reader_for

    path = Path(path)
    reader = reader_for(path)
    return reader.read(path, base) if reader.holds == "records" else []


def load_input_graph(path: Path, base: str = DEFAULT_BASE) -> Graph:
    """Records as RDF in the data model (closure included), job postings as jobs; RDF
    files parsed as is."""
    from remote_kg.pipeline.readers import reader_for

    path = Path(path)
    reader = reader_for(path)
    if reader.holds == "postings":
        from remote_kg.jobs.rdf import postings_graph

        return postings_graph(reader.read(path, base))
    if reader.name != "rdf":
        return records_to_graph(reader.read(path, base), base)
    return parse_rdf(path)


def record_iris(graph: Graph) -> set[str]:
    """The IRIs of the records of every kind in a graph: workers and deals (rkg:recordId),
    jobs (rkg:postingId, or typed rkg:Job or a job category)."""
    from remote_kg.jobs.rdf import job_nodes

    iris = {str(s) for p in (RKG.recordId, RKG.postingId) for s in graph.subjects(p, None)}
    return iris | {str(job) for job in job_nodes(graph)}


def check_consistent(records: Sequence[Record], answers: dict, source: str | None = None) -> None:
    """Raise InconsistentDataError naming every record whose facts contradict the ontology
    (and the file they come from, when given)."""
    bad = [r for r in records if not answers[r.facts].consistent]
    where = f"{source}: " if source else ""
    if bad:
        raise InconsistentDataError(
            [
                f"{where}inconsistent data: {r.iri} (id {r.id!r}) contradicts the ontology "
                f"(e.g. two contractual relations with one organisation, or two values of a "
                f"single-valued fact)"
                for r in bad
            ]
        )


def classify_with(records: Sequence[Record], engine: Reasoner,
                  source: str | None = None) -> list[Classification]:
    """Classify records with a given engine; raise InconsistentDataError naming bad records."""
    answers = engine.classify(r.facts for r in records)
    check_consistent(records, answers, source)
    return [_classification(r, answers[r.facts]) for r in records]


# The categories a knowledge graph (load, serve, push) holds answers for: the seed ones and
# the authorities', so that queries can set the authorities' senses side by side.
STORED_CATEGORIES = "all"


def classify_records(
    records: Sequence[Record], reasoner: str = "fast", ontology: Path | None = None,
    source: str | None = None, categories: str | None = None,
) -> list[Classification]:
    """Classify records for the categories `categories` names (None: the seed ones)."""
    return classify_with(records, get_reasoner(reasoner, ontology, categories), source)


def _classification(record: Record, answer: Answer) -> Classification:
    return Classification(record.id, record.iri, answer.is_, answer.is_not, answer.unknown)


def classify_path(
    path: Path, reasoner: str = "fast", base: str = DEFAULT_BASE, ontology: Path | None = None,
    categories: str | None = None,
) -> list[Classification]:
    """Classify every record of a CSV, Parquet or RDF file (for `categories`; None: the
    seed ones), or every job posting of a JSON-LD or HTML file (for the job categories)."""
    from remote_kg.pipeline.classify import classify_items, engine_for
    from remote_kg.pipeline.readers import read

    reader, items = read(Path(path), base)
    return classify_items(reader, items, engine_for(reader, reasoner, ontology, categories),
                          str(path))


def inference_lines(results: Iterable[Classification], base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples of the results: each record's is / is_not / unknown (`answer_rdf`)."""
    writer = AnswerWriter()
    for result in results:
        yield from writer.lines(result.iri, result)


def add_inferences(graph: Graph, results: Iterable[Classification], base: str) -> Graph:
    """Add the results' categories (types, rkg:isNot, rkg:undecided) to `graph`."""
    return add_answers(graph, ((r.iri, r) for r in results))


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


def _input_graph(path: Path, reasoner: str, base: str) -> tuple[Graph, list[Record], set[str]]:
    """One input's data and inferences as a graph, its worker records (those deals may
    name), and the IRIs of its records of every kind (workers, deals, jobs)."""
    from remote_kg.pipeline.readers import reader_for

    reader = reader_for(path)
    if reader.holds == "postings":
        graph = _postings_graph(path, reasoner, base)
        return graph, [], record_iris(graph)
    records = reader.read(path, base)
    if reader.name != "rdf":
        graph = records_to_graph(records, base)
    else:
        graph = _with_deal_answers(parse_rdf(path), records, reasoner, str(path))
    add_inferences(graph, classify_records(records, reasoner, source=str(path),
                                           categories=STORED_CATEGORIES), base)
    return graph, records, {r.iri for r in records} | record_iris(graph)


def _deal_lines(deals: Sequence[Path], records: Sequence[Record], reasoner: str, base: str,
                owners: RecordOwners) -> str:
    """N-Triples of the deals of the deals CSVs `deals` with their answers (workers among
    `records`), once their ids are checked against the records of the other inputs."""
    from remote_kg.deals.api import deal_files_ntriples

    text = "".join(deal_files_ntriples(deals, records, reasoner, base))
    owners.add(Path(deals[0]), record_iris(Graph().parse(data=text, format="nt")))
    return text


def inferred_graph(
    paths: Sequence[Path], reasoner: str = "fast", base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (),
) -> Graph:
    """The data as RDF plus its inferred triples (no ontology); `deals` are deals CSVs
    whose workers are records of `paths`. One record in two files is an InputError."""
    graph = Graph()
    graph.bind("rkg", RKG)
    everyone: list[Record] = []  # the workers the deals may name
    owners = RecordOwners()
    for path in paths:
        part, records, iris = _input_graph(Path(path), reasoner, base)
        owners.add(Path(path), iris)
        everyone.extend(records)
        graph += part
    if deals:
        graph.parse(data=_deal_lines(deals, everyone, reasoner, base, owners), format="nt")
    return graph


def is_postings_file(path: Path) -> bool:
    """Whether a file holds job postings rather than worker records (its reader says)."""
    from remote_kg.pipeline.readers import reader_for

    return reader_for(Path(path)).holds == "postings"


def refuse_postings(path: Path, command: str) -> None:
    """InputError when a command that reads worker records alone is given job postings."""
    if is_postings_file(path):
        raise InputError(f"{path}: holds job postings; `remote-kg {command}` reads worker "
                         "records (`remote-kg classify` classifies postings)")


def _postings_graph(path: Path, reasoner: str, base: str) -> Graph:
    from remote_kg.jobs.api import classified_postings_graph

    return classified_postings_graph(path, reasoner, base)


def _with_deal_answers(graph: Graph, records: Sequence[Record], reasoner: str,
                       source: str) -> Graph:
    """An RDF input's graph with its deals' and jobs' answers added
    (`deals.api.add_deal_answers`, `jobs.rdf.add_job_answers`)."""
    from remote_kg.deals.api import add_deal_answers
    from remote_kg.jobs.rdf import add_job_answers

    return add_job_answers(add_deal_answers(graph, records, reasoner, source), reasoner,
                           source)


def data_ntriples(path: Path, reasoner: str = "fast", base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples lines of one input's data plus inferences."""
    yield from _input_ntriples(Path(path), reasoner, base)[0]


def _input_ntriples(path: Path, reasoner: str, base: str) -> tuple[Iterable[str], set[str]]:
    """N-Triples lines of one input's data plus inferences, and the IRIs of its records."""
    from remote_kg.pipeline.readers import reader_for

    reader = reader_for(path)
    if reader.holds == "postings" or reader.name == "rdf":  # graphs, as they are read
        graph, _records, iris = _input_graph(path, reasoner, base)
        text = graph.serialize(format="nt")
        return (line + "\n" for line in text.splitlines() if line), iris
    records = reader.read(path, base)
    lines = chain(ntriples_lines(records, base, entailed=True),
                  inference_lines(classify_records(records, reasoner, source=str(path),
                                                   categories=STORED_CATEGORIES), base))
    return lines, {r.iri for r in records}


def build_store(
    paths: Sequence[Path],
    reasoner: str = "fast",
    include_examples: bool = True,
    base: str = DEFAULT_BASE,
    deals: Sequence[Path] = (),
):
    """An in-memory pyoxigraph store: ontology (with the derived category hierarchy),
    examples, data and inferences, and the deals of `deals` (CSVs whose workers are
    records of `paths`) with theirs. One record in two files is an InputError."""
    import pyoxigraph as ox

    from remote_kg.answer_rdf import served_ontology_graph

    store = ox.Store()
    store.load(
        input=served_ontology_graph().serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
    )
    inputs = [EXAMPLES_PATH] if include_examples and EXAMPLES_PATH.exists() else []
    owners = RecordOwners()
    for path in [*inputs, *map(Path, paths)]:
        lines, iris = _input_ntriples(path, reasoner, base)
        owners.add(path, iris)
        store.load(input="".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    if deals:
        from remote_kg.deals.api import read_records_of

        text = _deal_lines(deals, read_records_of(paths, base), reasoner, base, owners)
        store.load(input=text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def explain_path(
    path: Path, ids: Iterable[str] | None = None, categories: Iterable[str] | None = None,
    base: str = DEFAULT_BASE, ontology: Path | None = None,
) -> list[dict[str, object]]:
    """Explain records of a CSV or RDF file (all, or those with the given ids): per
    category, the facts and axioms its answer rests on, or the values that would decide it
    (the JSON of `remote-kg explain`)."""
    from remote_kg.explain.explainer import Explainer

    records = read_records(Path(path), base)
    if ids is not None:
        wanted = set(ids)
        records = [r for r in records if r.id in wanted]
    explainer = Explainer(ontology)
    chosen = explainer.check_categories(categories or ())
    return [explainer.record(r.id, r.facts, chosen) for r in records]
