"""A posting with no @id and no url is named by its schema.org `identifier` (text, or a
PropertyValue's value after its name), its job an IRI under the base (`<base>job/<id>`,
percent-encoded); two postings with one identifier are one error naming both."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from remote_kg.model.ontology import RKG
from tests.conftest import run_cli

BASE = "https://data.example.org/"


def _posting(title: str, **fields) -> dict:
    return {"@type": "JobPosting", "title": title, **fields}


def _write(path: Path, *postings: dict) -> Path:
    path.write_text(json.dumps({"@context": "https://schema.org/", "@graph": list(postings)}))
    return path


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> Path:
    return _write(
        tmp_path_factory.mktemp("identifier") / "jobs.jsonld",
        _posting("Clerk", identifier="A 17/b", employmentType="FULL_TIME"),
        _posting("Driver", identifier={"@type": "PropertyValue", "name": "acme",
                                       "value": "1234"}),
        _posting("Cook", identifier={"@type": "PropertyValue", "value": 99}),
        _posting("Linked", url="https://jobs.example.org/1", identifier="ignored"))


def test_a_posting_is_named_by_its_identifier_when_it_has_no_id_and_no_url(named):
    done = run_cli("classify", named, "-f", "csv", "--base", BASE)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["id"], r["label"]) for r in rows] == [
        ("A 17/b", "Clerk"), ("acme:1234", "Driver"), ("99", "Cook"),
        ("https://jobs.example.org/1", "Linked")]
    assert rows[0]["EmployeeJob"] == "is"


def test_the_job_is_an_iri_under_the_base_percent_encoded(named):
    done = run_cli("classify", named, "-f", "ttl", "--base", BASE)
    assert done.returncode == 0, done.stderr
    jobs = set(Graph().parse(data=done.stdout, format="turtle").subjects(RDF.type, RKG.Job))
    assert jobs == {URIRef(BASE + "job/A%2017%2Fb"), URIRef(BASE + "job/acme%3A1234"),
                    URIRef(BASE + "job/99"), URIRef("https://jobs.example.org/1")}


def test_the_python_api_names_the_posting_alike(named):
    from remote_kg.api import classify_path

    assert [(r.id, r.iri) for r in classify_path(named, base=BASE)][:2] == [
        ("A 17/b", BASE + "job/A%2017%2Fb"), ("acme:1234", BASE + "job/acme%3A1234")]


def test_two_postings_with_one_identifier_are_one_error_naming_both(tmp_path: Path):
    path = _write(tmp_path / "twice.jsonld", _posting("Clerk", identifier="7"),
                  _posting("Cook", identifier="7"))
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert str(path) in line and "two postings ('Clerk' and 'Cook') have the id '7'" in line
    assert "identifier" in line and "Traceback" not in line


@pytest.mark.parametrize(("identifier", "words"), [
    (None, ["posting 'Nameless'", "no @id, no url and no identifier"]),
    ({"@type": "PropertyValue", "name": "acme"}, ["its identifier has no value"]),
    (["a", "b"], ["2 identifiers ('a', 'b')"]),
])
def test_a_posting_that_cannot_be_named_is_refused_saying_so(tmp_path: Path, identifier,
                                                             words):
    fields = {} if identifier is None else {"identifier": identifier}
    path = _write(tmp_path / "unnamed.jsonld", _posting("Nameless", **fields))
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    for word in words:
        assert word in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_duplicate_identifier_set_aside_keeps_the_posting_s_json(tmp_path: Path):
    clerk, cook = _posting("Clerk", identifier="7"), _posting("Cook", identifier="7")
    path = _write(tmp_path / "twice.jsonld", clerk, cook)
    rejects = tmp_path / "r.jsonl"
    done = run_cli("classify", path, "-f", "csv", "--rejects", rejects)
    assert done.returncode == 0, done.stderr
    assert [r.split(",")[:2] for r in done.stdout.splitlines()[1:]] == [["7", "Clerk"]]
    [entry] = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert (entry["position"], entry["id"], entry["posting"]) == (2, "7", cook)
