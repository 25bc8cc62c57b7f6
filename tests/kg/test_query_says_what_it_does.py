"""`query` says what it does: a term of the ontology's namespace the ontology does not
define is a warning naming the closest term, answering over the bundled examples is said,
an update is refused as read-only, and a misspelt query form is named as one."""

from __future__ import annotations

import pytest

from remote_kg.kg.query_terms import undefined_terms
from tests.conftest import REPO, run_cli

QUERIES = sorted((REPO / "queries").glob("*.rq"))


def _query(tmp_path, text: str):
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_misspelt_or_lower_case_class_is_a_warning_naming_the_closest_term(tmp_path):
    query = _query(tmp_path, "SELECT ?w WHERE { { ?w a rkg:Telecomuter } UNION "
                             "{ ?w a rkg:teleworker } }")
    result = run_cli("query", query, "-f", "csv")
    assert result.returncode == 0
    assert result.stdout.split() == ["w"]
    assert ("rkg:Telecomuter is not a term of the ontology (did you mean rkg:Telecommuter?)"
            in result.stderr)
    assert "rkg:teleworker is not a term of the ontology (did you mean rkg:Teleworker?)" \
        in result.stderr


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_no_competency_query_names_an_undefined_term(query):
    assert undefined_terms(query.read_text(encoding="utf-8")) == []


def test_strings_comments_and_other_namespaces_are_not_read_as_terms():
    text = ('PREFIX r: <https://w3id.org/remote-kg/ontology#>\n'
            'SELECT ?w WHERE { ?w a r:Teleworker ; rdfs:label "rkg:Nothing" . '
            '# rkg:AlsoNothing\n ?w <https://w3id.org/remote-kg/ontology#Nope> ?x . '
            '?w data:Whatever ?y }')
    assert undefined_terms(text) == [("<https://w3id.org/remote-kg/ontology#Nope>", None)]
    assert undefined_terms("PREFIX r: <https://w3id.org/remote-kg/ontology#>\n"
                           "SELECT * { ?w a r:Telecomuter }\n") == [
        ("r:Telecomuter", "r:Telecommuter")]


def test_answering_over_the_bundled_examples_is_said(tmp_path, write_csv):
    query = _query(tmp_path, "SELECT ?w WHERE { ?w a rkg:Teleworker }")
    bundled = run_cli("query", query)
    assert bundled.returncode == 0
    assert "answered over the bundled seed examples" in bundled.stderr
    given = run_cli("query", query, "--data", write_csv("id,workplaces\na,home\n"))
    assert given.returncode == 0
    assert given.stderr == ""


@pytest.mark.parametrize("text", ["INSERT DATA { <a:b> <a:c> <a:d> }",
                                  "PREFIX x: <http://x/>\n# a comment\ndelete where { ?s ?p ?o }",
                                  "DROP ALL", "LOAD <http://example.org/data.ttl>"])
def test_an_update_is_refused_as_read_only(tmp_path, text):
    result = run_cli("query", _query(tmp_path, text))
    assert result.returncode == 2 and result.stdout == ""
    assert "is a SPARQL update, and remote-kg is read-only" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_misspelt_query_form_is_named_with_the_closest_one(tmp_path):
    result = run_cli("query", _query(tmp_path, "SELEC ?w WHERE { ?w a rkg:Teleworker }"))
    assert result.returncode == 2
    assert "unknown keyword 'SELEC' (did you mean SELECT?)" in result.stderr
    assert "expected CONSTRUCT" not in result.stderr


def test_the_defined_terms_are_those_of_the_turtle_source_with_its_modules():
    from rdflib import URIRef

    from remote_kg.kg.query_terms import defined_names
    from remote_kg.model.ontology import RKG, ontology_graph

    namespace = str(RKG)
    source = {str(t)[len(namespace):] for triple in ontology_graph() for t in triple
              if isinstance(t, URIRef) and str(t).startswith(namespace)}
    assert defined_names() == frozenset(source)
