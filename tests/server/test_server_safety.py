"""remote_kg.kg.sparql_safety: which queries may run on the read-only endpoint."""

from __future__ import annotations

import pytest

from remote_kg.kg.sparql_safety import MalformedQuery, UnsafeQuery, inspect_query


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
        # the dangerous words where they are harmless: comment, string, IRI, variable, name
        ("# SERVICE <http://x/> FROM <http://y/>\nSELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { ?a ?b ?c }" }', "SELECT"),
        ("SELECT * WHERE { ?s <http://x/SERVICE> <http://y/FROM> }", "SELECT"),
        ("PREFIX ex: <http://x/> SELECT ?service ?from WHERE { ?service ex:from ?from }",
         "SELECT"),
        ("SELECT * WHERE { ?s ?p '''multi\nline SERVICE\nFROM''' }", "SELECT"),
    ],
)
def test_safe_queries_pass_with_their_form(query: str, form: str):
    assert inspect_query(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://a/> } SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { { SELECT ?s WHERE { MINUS { SERVICE <http://a/> { ?s ?p ?o } } } } }",
        "ASK { FILTER EXISTS { SERVICE <http://a/> { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { OPTIONAL { SERVICE <http://a/> { ?s ?p ?o } } }",
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "BASE <http://example.org/> SELECT * FROM <g> WHERE { ?s ?p ?o }",
        "DESCRIBE ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ],
)
def test_queries_that_would_fetch_are_unsafe(query: str):
    with pytest.raises(UnsafeQuery):
        inspect_query(query)


def test_from_naming_a_local_graph_is_allowed():
    local = {"http://example.org/g"}
    info = inspect_query(
        "SELECT * FROM <http://example.org/g> FROM NAMED <http://example.org/g> "
        "WHERE { ?s ?p ?o }", local.__contains__)
    assert info.default_graphs == info.named_graphs == ("http://example.org/g",)
    with pytest.raises(UnsafeQuery, match="http://example.org/other"):
        inspect_query("SELECT * FROM <http://example.org/other> WHERE { ?s ?p ?o }",
                      local.__contains__)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "line 1"),
        ("LOAD <http://example.org/data.ttl>", "read-only"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
        ("SELECT * WHERE { ?s foo:p ?o }", "undeclared prefix foo:"),
        ("", "not valid SPARQL"),
    ],
)
def test_non_queries_are_malformed_with_a_reason(text: str, message: str):
    with pytest.raises(MalformedQuery, match=message):
        inspect_query(text)
