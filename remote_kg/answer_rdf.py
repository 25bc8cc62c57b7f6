"""Inferred answers in RDF: one named class per distinct answer, one rdf:type per record.

Every record with the same facts gets the same answer, and a million records share a few
thousand answers. So each distinct answer is written once, as an OWL class:

- `rdfs:subClassOf` each category its records are in (is),
- `owl:disjointWith` each category they cannot be in (is_not),
- `rkg:undecided` each category the facts leave open (unknown),

and a record gets one triple, `rdf:type` its answer class. Both are what the reasoner
proved: the record's facts entail the category, or contradict it. A client with RDFS
entailment sees `?w a rkg:Teleworker` directly; plain SPARQL writes
`?w a/rdfs:subClassOf rkg:Teleworker`. The answer class's IRI is a hash of the answer, so
the same answer always has the same IRI, in any file or store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.ontology import RKG
from remote_kg.rdf_io import nt_literal, ntriples_line


class Answered(Protocol):
    is_: tuple[str, ...]
    is_not: tuple[str, ...]
    unknown: tuple[str, ...]


ANSWER_PATH = "answer/"  # answer classes are <base>answer/<hash>


def answer_class_iri(base: str, answer: Answered) -> str:
    """`<base>answer/<hash>`: the same is / is_not / unknown lists give the same IRI."""
    key = "|".join(",".join(part) for part in (answer.is_, answer.is_not, answer.unknown))
    return f"{base}{ANSWER_PATH}{hashlib.blake2b(key.encode(), digest_size=8).hexdigest()}"


def answer_label(answer: Answered) -> str:
    """E.g. "is: Employee, InPersonWorker; is not: FlexWorker; cannot tell: Owner"."""
    parts = [
        f"{name}: {', '.join(categories)}"
        for name, categories in (
            ("is", answer.is_),
            ("is not", answer.is_not),
            ("cannot tell", answer.unknown),
        )
        if categories
    ]
    return "; ".join(parts) or "no categories"


def answer_class_triples(iri: str, answer: Answered) -> list[tuple[str, str, str]]:
    """N-Triples terms defining the answer class `iri`."""
    c = f"<{iri}>"
    triples = [
        (c, f"<{RDF.type}>", f"<{OWL.Class}>"),
        (c, f"<{RDFS.label}>", nt_literal(answer_label(answer))),
    ]
    for prop, categories in (
        (RDFS.subClassOf, answer.is_),
        (OWL.disjointWith, answer.is_not),
        (RKG.undecided, answer.unknown),
    ):
        triples.extend((c, f"<{prop}>", f"<{RKG[name]}>") for name in categories)
    return triples


class AnswerWriter:
    """N-Triples lines giving records their answer class, each class defined once."""

    def __init__(self, base: str):
        self.base = base
        self._written: set[str] = set()

    def class_lines(self, answer: Answered) -> tuple[str, list[str]]:
        """The answer's class IRI and its definition (empty if already written)."""
        iri = answer_class_iri(self.base, answer)
        if iri in self._written:
            return iri, []
        self._written.add(iri)
        return iri, [ntriples_line(t) for t in answer_class_triples(iri, answer)]

    def lines(self, record_iri: str, answer: Answered) -> list[str]:
        iri, lines = self.class_lines(answer)
        lines.append(f"<{record_iri}> <{RDF.type}> <{iri}> .\n")
        return lines


def add_answers(graph: Graph, results: Iterable[tuple[str, Answered]], base: str) -> Graph:
    """Add (record IRI, answer) pairs to an rdflib graph; returns the graph."""
    writer = AnswerWriter(base)
    text = "".join(line for iri, answer in results for line in writer.lines(iri, answer))
    graph.parse(data=text, format="nt")
    graph.bind("rkg", RKG)
    return graph
