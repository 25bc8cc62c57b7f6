"""Who does an engagement's work (the CSV columns `performer`, `performer_kind`; issue 22,
point 3): read alike by every reader, written as rkg:performedBy, refused with one clear
message when bad, and changing no category answer nor any output of a file without them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from test_csv_output import run_in_process

from remote_kg.model.ontology import DEFAULT_BASE, RKG
from remote_kg.pipeline import arrow_csv
from remote_kg.pipeline.readers import read_records
from remote_kg.reasoners.choice import get_reasoner

PERFORMER = URIRef(DEFAULT_BASE + "performer/ann")
ROWS = """id,label,relation,workplaces,workplaces_known,performer,performer_kind
ann-a,Ann for company A,freelancer,home,,ann,person
ann-b,Ann for company B,freelancer,,client_site,ann,
ann-c,Ann at company C's headquarters,freelancer,org_main_office,,ann,person
agency,the agency as contractor,contractor,home;coworking_space,,digital agency,organisation
someone,a person not named,employee,home,,,person
nobody,performer not recorded,employee,org_main_office,,,
"""


@pytest.fixture
def engagements(tmp_path: Path) -> Path:
    path = tmp_path / "engagements.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def _without_performer_columns(path: Path) -> Path:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    keep = [i for i, name in enumerate(rows[0]) if not name.startswith("performer")]
    out = path.with_name("plain.csv")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return out


def _performers(records) -> dict[str, tuple[str | None, str | None]]:
    return {r.id: (r.performer, r.performer_kind) for r in records}


EXPECTED = {
    "ann-a": (str(PERFORMER), "person"),
    "ann-b": (str(PERFORMER), None),
    "ann-c": (str(PERFORMER), "person"),
    "agency": (DEFAULT_BASE + "performer/digital%20agency", "organisation"),
    "someone": (DEFAULT_BASE + "someone/performer", "person"),
    "nobody": (None, None),
}


def test_several_engagements_of_one_person_in_one_file_share_one_performer(engagements):
    assert _performers(read_records(engagements)) == EXPECTED


def test_import_links_each_engagement_to_its_performer_typed_with_its_kind(engagements,
                                                                           tmp_path):
    out = tmp_path / "out.ttl"
    assert run_in_process("import", engagements, "-o", out)[0] == 0
    graph = Graph().parse(out)
    assert sorted(str(s).rsplit("/", 1)[-1]
                  for s in graph.subjects(RKG.performedBy, PERFORMER)) == ["ann-a", "ann-b",
                                                                           "ann-c"]
    assert (PERFORMER, RDF.type, RKG.Person) in graph
    agency = URIRef(EXPECTED["agency"][0])
    assert (agency, RDF.type, RKG.Organisation) in graph
    assert (agency, RDF.type, RKG.Person) not in graph
    assert not list(graph.objects(URIRef(DEFAULT_BASE + "nobody"), RKG.performedBy))
    assert len(set(graph.subject_objects(RKG.performedBy))) == 5


def test_every_reader_gives_the_same_performers(engagements, tmp_path):
    """CSV, Parquet, the RDF `import` writes, and a DataFrame's table."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.read_csv(engagements, dtype=str, keep_default_na=False)
    parquet = tmp_path / "engagements.parquet"
    frame.to_parquet(parquet)
    ttl = tmp_path / "engagements.ttl"
    assert run_in_process("import", engagements, "-o", ttl)[0] == 0
    for path in (engagements, parquet):
        assert _performers(read_records(path)) == EXPECTED, path.name
    # In RDF the kind is the performer node's type, which the other rows gave: the same
    # graph, read back whole
    assert _performers(read_records(ttl)) == {**EXPECTED, "ann-b": EXPECTED["ann-a"]}


def test_the_columns_change_no_category_answer(engagements):
    plain = _without_performer_columns(engagements)
    for fmt in ("csv", "json"):
        with_columns = run_in_process("classify", engagements, "-f", fmt)
        without = run_in_process("classify", plain, "-f", fmt)
        assert with_columns[0] == 0 and with_columns == without


def test_a_file_without_the_columns_writes_no_performer_anywhere(engagements, tmp_path):
    plain = _without_performer_columns(engagements)
    for command in (("import", plain), ("classify", plain, "-f", "ttl")):
        code, out, _ = run_in_process(*command)
        assert code == 0
        assert "performedBy" not in out and "rkg:Person" not in out
        assert "/performer" not in out


def test_the_vectorised_route_takes_a_clean_file_with_performers_and_agrees(engagements,
                                                                           tmp_path):
    engine = get_reasoner("fast")
    out = tmp_path / "vectorised.csv"
    assert arrow_csv.classify_csv_columnar(engagements, "csv", str(out), engine,
                                           engine.categories, True)
    code, exact, _ = run_in_process("classify", _without_performer_columns(engagements), "-f",
                                    "csv")
    assert code == 0 and out.read_bytes().decode("utf-8") == exact


BAD = [
    ("a;b", "person", "column 'performer': value 'a;b' is not allowed; expected the id of the "
     "one person or organisation doing the work"),
    ("ann", "robot", "column 'performer_kind': value 'robot' is not allowed; expected one of "
     "person, organisation or blank"),
]


@pytest.mark.parametrize(("performer", "kind", "message"), BAD, ids=["list", "kind"])
@pytest.mark.parametrize("route", ["csv", "parquet"])
def test_a_bad_value_is_one_error_naming_file_row_column_value_and_what_was_expected(
        tmp_path, performer, kind, message, route):
    path = tmp_path / "bad.csv"
    path.write_text(f"id,workplaces,performer,performer_kind\nw1,home,{performer},{kind}\n",
                    encoding="utf-8")
    where = "line 2"
    if route == "parquet":
        pd = pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        path = tmp_path / "bad.parquet"
        frame.to_parquet(path)
        where = "row 1"
    for command in ("classify", "import"):
        code, out, err = run_in_process(command, path)
        assert (code, out) == (2, ""), err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {where}, {message}"), err


def test_one_performer_named_a_person_and_an_organisation_is_refused_naming_both_lines(
        tmp_path):
    path = tmp_path / "clash.csv"
    path.write_text("id,performer,performer_kind\nw1,ann,person\nw2,ann,\nw3,ann,organisation\n",
                    encoding="utf-8")
    for fmt in ("csv", "json", "ttl"):
        code, out, err = run_in_process("classify", path, "-f", fmt)
        assert (code, out) == (2, "")
        assert err.strip() == (
            f"error: {path}: line 4, column 'performer_kind': value 'organisation' contradicts "
            "line 2, where performer 'ann' is a person; a performer is one person or one "
            "organisation")


RDF_BAD = [
    ("data:w1 rkg:performedBy data:p1 , data:p2 .", "is not allowed; expected the IRI of "
     "the one person or organisation doing the work"),
    ('data:w1 rkg:performedBy "ann" .', "is not allowed; expected the IRI"),
    ("data:w1 rkg:performedBy data:p1 . data:p1 a rkg:Person , rkg:ServiceProvider .",
     "is typed rkg:Person and rkg:Organisation; expected a person or an organisation, not "
     "both"),
    ("data:w1 rkg:performedBy data:w2 . data:w2 a rkg:Worker .", "is typed rkg:Worker"),
]


@pytest.mark.parametrize(("triples", "message"), RDF_BAD,
                         ids=["two", "literal", "both-kinds", "an-engagement"])
def test_rdf_input_with_a_bad_performer_is_refused_naming_the_node(tmp_path, triples, message):
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        f"@prefix data: <{DEFAULT_BASE}> .\n"
        'data:w1 a rkg:Worker ; rkg:recordId "w1" .\n' + triples + "\n", encoding="utf-8")
    code, out, err = run_in_process("classify", path, "-f", "csv")
    assert (code, out) == (2, "")
    assert re.search(rf"node <{re.escape(DEFAULT_BASE)}w1>: rkg:performedBy .*"
                     + re.escape(message), err), err
