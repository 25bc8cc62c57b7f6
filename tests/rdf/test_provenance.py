"""The provenance of answers: RDF output names the classification run (PROV-O) that gave
it, with the ontology version and digest and the engine; the answers themselves stay the
plain triples they were."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from remote_kg.cli import cli
from remote_kg.model.ontology import ONTOLOGY_PATH, QUERIES_DIR, RKG, ontology_digest
from remote_kg.rdf.provenance import CLASSIFIED_BY, PROV, RUN_CLASS, run_for
from remote_kg.rdf.records import parse_rdf

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "tests" / "data" / "provenance" / "records.csv"
VERSION = "https://w3id.org/remote-kg/ontology/0.1.0"
RUNS_QUERY = QUERIES_DIR / "cq21-runs-and-their-records.rq"


def classify_ttl(*args: str) -> str:
    result = CliRunner().invoke(cli, ["classify", *args, "-f", "ttl"])
    assert result.exit_code == 0, result.output
    return result.output


def ontology_copy(tmp_path: Path, version: str | None = None, note: str = "") -> Path:
    """A copy of the ontology beside the bundled modules' copies: another version IRI
    and/or a comment added."""
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_PATH.parent, folder, ignore=shutil.ignore_patterns("release"))
    path = folder / ONTOLOGY_PATH.name
    text = path.read_text(encoding="utf-8")
    if version:
        text = text.replace("<https://w3id.org/remote-kg/ontology/0.1.0>",
                            f"<https://w3id.org/remote-kg/ontology/{version}>")
    path.write_text(text + note, encoding="utf-8")
    return path


def runs_of(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(RDF.type, URIRef(RUN_CLASS)))


def test_classify_ttl_links_every_record_to_one_run_naming_ontology_and_engine():
    graph = Graph().parse(data=classify_ttl(str(RECORDS)), format="turtle")
    (run,) = runs_of(graph)
    records = set(graph.subjects(RKG.recordId, None))
    assert len(records) == 3
    assert {(r, run) for r in records} == set(graph.subject_objects(URIRef(CLASSIFIED_BY)))
    assert (run, RDF.type, URIRef(PROV + "Activity")) in graph
    assert graph.value(run, RKG.usedOntologyVersion) == URIRef(VERSION)
    assert graph.value(run, URIRef(PROV + "used")) == URIRef(VERSION)
    assert str(graph.value(run, RKG.engineName)) == "fast"
    assert str(graph.value(run, RKG.ontologyDigest)) == ontology_digest()


def test_classify_ttl_of_postings_and_rdf_names_its_run_for_each_record():
    for path in (REPO / "examples" / "postings.jsonld", REPO / "ontology" / "examples.ttl"):
        graph = Graph().parse(data=classify_ttl(str(path)), format="turtle")
        (run,) = runs_of(graph)
        linked = set(graph.subjects(URIRef(CLASSIFIED_BY), run))
        answered = set(graph.subjects(RKG.isNot, None)) | set(graph.subjects(RKG.undecided,
                                                                             None))
        assert linked and answered <= linked, path


def test_classifying_again_gives_the_same_bytes():
    assert classify_ttl(str(RECORDS)) == classify_ttl(str(RECORDS))


def test_the_run_changes_with_the_ontology_content_the_engine_and_the_input(tmp_path):
    run = run_for([RECORDS], "fast")
    edited = ontology_copy(tmp_path, note="\n# an edit that keeps the version IRI\n")
    same_version = run_for([RECORDS], "fast", ontology=edited)
    assert same_version.ontology_version == run.ontology_version == VERSION
    assert same_version.ontology_digest != run.ontology_digest
    assert same_version.iri != run.iri
    assert run_for([RECORDS], "hermit").iri != run.iri
    other = tmp_path / "records.csv"
    other.write_text(RECORDS.read_text(encoding="utf-8") + "x,,owner,,,,,\n", encoding="utf-8")
    assert run_for([other], "fast").iri != run.iri
    assert run_for([RECORDS], "fast") == run


def test_two_ontology_versions_in_one_store_are_told_apart_by_the_runs_query(tmp_path):
    """Answers of two ontology versions in one store (two classify outputs loaded into
    one triple store): cq21 gives a row per run, with its version and record count."""
    newer = ontology_copy(tmp_path, version="0.2.0")
    more = tmp_path / "more.csv"
    more.write_text("id,relation,workplaces\nm1,employee,home\nm2,owner,vehicle\n",
                    encoding="utf-8")
    store = ox.Store()
    for text in (classify_ttl(str(RECORDS)), classify_ttl(str(more), "--ontology", str(newer))):
        store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    rows = {(s["ontologyVersion"].value, s["engine"].value, int(s["records"].value))
            for s in store.query(RUNS_QUERY.read_text(encoding="utf-8"))}
    assert rows == {(VERSION, "fast", 3), ("https://w3id.org/remote-kg/ontology/0.2.0", "fast", 2)}


def _without_runs(graph: Graph) -> Graph:
    plain = Graph()
    runs = runs_of(graph)
    for triple in graph:
        if triple[0] not in runs and triple[1] != URIRef(CLASSIFIED_BY):
            plain.add(triple)
    return plain


@pytest.mark.parametrize("path", ["tests/data/provenance/records.csv", "ontology/examples.ttl",
                                  "examples/postings.jsonld"])
def test_the_run_only_adds_triples_the_answers_are_as_before(path: str):
    """Taking the run's description and the links away leaves exactly what the writer
    gives a batch with no run: the answers are the same plain triples."""
    from remote_kg.pipeline.classify import classify_read, engine_for
    from remote_kg.pipeline.readers import resolve
    from remote_kg.pipeline.writers import Classified, write

    graph = Graph().parse(data=classify_ttl(str(REPO / path)), format="turtle")
    source = resolve(REPO / path)
    engine = engine_for(source.reader)
    items = source.reader.read(source.path, "https://w3id.org/remote-kg/data/")
    results = classify_read(source.reader, items, engine, str(source.path))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        write("ttl", None, Classified(source.path, source.reader.holds, source.reader.name,
                                      items, results, list(engine.categories)))
    assert isomorphic(_without_runs(graph), Graph().parse(data=buffer.getvalue(),
                                                          format="turtle"))


def test_an_rdf_output_read_back_gives_the_same_answers(tmp_path):
    """The run's triples are no facts of a record: classify reads its own Turtle back and
    answers as from the CSV."""
    turtle = tmp_path / "answers.ttl"
    turtle.write_text(classify_ttl(str(RECORDS)), encoding="utf-8")
    assert runs_of(parse_rdf(turtle))
    as_csv = CliRunner().invoke(cli, ["classify", str(RECORDS), "-f", "csv"]).output
    again = CliRunner().invoke(cli, ["classify", str(turtle), "-f", "csv"]).output
    assert sorted(again.splitlines()) == sorted(as_csv.splitlines())


def test_classify_deals_ttl_links_every_deal_to_its_run():
    result = CliRunner().invoke(cli, [
        "classify-deals", str(REPO / "examples" / "deals.csv"), "--records",
        str(REPO / "examples" / "workers.csv"), "-f", "ttl"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format="turtle")
    (run,) = runs_of(graph)
    deals = set(graph.subjects(RKG.recordId, None))
    assert deals and {(d, run) for d in deals} == set(
        graph.subject_objects(URIRef(CLASSIFIED_BY)))
    assert graph.value(run, RKG.usedOntologyVersion) == URIRef(VERSION)
