"""Reading worker records back from RDF: the closure in both of its written forms."""

from __future__ import annotations

from rdflib import Graph

from remote_kg.model.ontology import RKG
from remote_kg.rdf.records import graph_to_records

PREFIXES = """
@prefix rkg: <https://w3id.org/remote-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix data: <https://w3id.org/remote-kg/data/> .
"""


def records(text: str):
    return {r.id: r.facts for r in graph_to_records(Graph().parse(data=PREFIXES + text))}


def test_a_named_closure_class_and_a_closure_restriction_give_the_same_facts():
    named = records("""
        data:c a owl:Class ; owl:equivalentClass [ a owl:Restriction ;
            owl:onProperty rkg:worksAt ;
            owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:Vehicle ) ] ] .
        data:x a rkg:Worker , data:c ; rkg:recordId "x" .
    """)
    anonymous = records("""
        data:x a rkg:Worker , [ a owl:Restriction ; owl:onProperty rkg:worksAt ;
            owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:Vehicle ) ] ] ;
            rkg:recordId "x" .
    """)
    assert named == anonymous
    assert named["x"].workplaces_allowed == frozenset({"home", "vehicle"})


def test_an_asserted_category_that_is_also_a_closure_keeps_both():
    facts = records("""
        rkg:Telecommuter rdfs:subClassOf [ a owl:Restriction ;
            owl:onProperty rkg:worksAt ; owl:allValuesFrom rkg:Home ] .
        data:x a rkg:Worker , rkg:Telecommuter ; rkg:recordId "x" .
    """)["x"]
    assert facts.workplaces_allowed == frozenset({"home"})
    assert str(RKG.Telecommuter) in facts.asserted


def test_two_closures_on_one_worker_allow_only_what_both_allow():
    facts = records("""
        data:c a owl:Class ; owl:equivalentClass [ a owl:Restriction ;
            owl:onProperty rkg:worksAt ;
            owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:Vehicle ) ] ] .
        data:x a rkg:Worker , data:c , [ a owl:Restriction ; owl:onProperty rkg:worksAt ;
            owl:allValuesFrom rkg:Vehicle ] ; rkg:recordId "x" .
    """)["x"]
    assert facts.workplaces_allowed == frozenset({"vehicle"})
