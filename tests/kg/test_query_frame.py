"""The Python API's SPARQL: `query_frame` gives a DataFrame of what `remote-kg query`
answers, and `build_store` holds only what it is given unless asked for the examples."""

from __future__ import annotations

import csv
import io

import pytest

from remote_kg.api import build_store, query_frame
from remote_kg.errors import InputError
from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
COUNT = ("SELECT ?category (COUNT(?w) AS ?n) WHERE { ?w a ?category . "
         "?category rdfs:subClassOf* rkg:Worker } GROUP BY ?category ORDER BY ?category")


def test_query_frame_holds_what_the_cli_answers_as_numbers_and_plain_values(tmp_path):
    query = tmp_path / "count.rq"
    query.write_text(COUNT, encoding="utf-8")
    cli = run_cli("query", query, "--data", WORKERS, "-f", "csv")
    assert cli.returncode == 0, cli.stderr
    expected = [(row["category"], int(row["n"]))
                for row in csv.DictReader(io.StringIO(cli.stdout))]
    frame = query_frame(COUNT, data=[WORKERS])
    assert list(frame.columns) == ["category", "n"]
    assert list(frame.itertuples(index=False, name=None)) == expected
    assert str(frame["n"].dtype) == "int64"


def test_an_ask_query_gives_one_boolean():
    frame = query_frame("ASK { ?w a rkg:Telecommuter }", data=[WORKERS])
    assert frame.to_dict("list") == {"ask": [True]}


def test_build_store_holds_only_the_given_records_unless_examples_are_asked_for(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("id,relation,workplaces\nonly-me,employee,home\n", encoding="utf-8")
    ids = "SELECT ?id WHERE { ?w rkg:recordId ?id }"
    assert sorted(query_frame(ids, data=[one])["id"]) == ["only-me"]
    with_examples = set(query_frame(ids, data=[one], include_examples=True)["id"])
    assert "only-me" in with_examples and len(with_examples) > 10
    workers = "SELECT ?w WHERE { ?w a <https://w3id.org/remote-kg/ontology#Worker> }"
    assert len(list(build_store([one]).query(workers))) == 1


@pytest.mark.parametrize("text, message", [
    ("CONSTRUCT WHERE { ?s ?p ?o }", "answers SELECT and ASK queries"),
    ("SELECT ?x WHERE { ?x ?y }", "the query"),
])
def test_what_query_frame_cannot_answer_is_one_input_error(text, message):
    with pytest.raises(InputError) as refused:
        query_frame(text, data=[WORKERS])
    assert message in str(refused.value)
    assert len(refused.value.problems) == 1


def test_query_frame_takes_data_or_a_store_not_both(tmp_path):
    with pytest.raises(InputError, match="not both"):
        query_frame("ASK {}", data=[WORKERS], store=tmp_path)
