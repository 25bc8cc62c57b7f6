"""Axioms in words, from the ontology's own labels: "teleworker = worker who works at a
branch office, home, client site, coworking space, public place or vehicle"."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL

from remote_kg.explain.axioms import Axiom
from remote_kg.model.owl import THING, Expr, local_name, parse_expression


class Words:
    """Renders terms and class expressions of one ontology with its English labels."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels

    def name(self, iri: str) -> str:
        return self.labels.get(iri) or local_name(iri)

    def verb(self, prop: str) -> str:
        """A property's label as a verb phrase: "works at", "is employed by", "has provider"."""
        label = self.name(prop)
        first, _, _ = label.partition(" ")
        if first.endswith("s") or first in ("is", "has"):
            return label
        if label.rsplit(" ", 1)[-1] in ("by", "of", "for", "to", "at", "with", "from"):
            return f"is {label}"
        return f"has {label}"

    def _value(self, value) -> str:
        if value is True or value is False:
            return "yes" if value else "no"
        return self.name(value) if isinstance(value, str) and ":" in value else str(value)

    def _list(self, parts: list[str], word: str) -> str:
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"

    def expression(self, expr: Expr) -> str:
        kind = expr[0]
        if kind == "facets":  # a datatype restriction: "a number of at least 2"
            words = {"minInclusive": "at least", "maxInclusive": "at most",
                     "minExclusive": "more than", "maxExclusive": "less than"}
            bounds = " and ".join(f"{words[f]} {v}" for f, v in expr[2])
            return f"a number {bounds}" if bounds else "a number"
        if kind == "class":
            return "anything" if expr[1] == THING else self.name(expr[1])
        if kind == "or":
            return self._list([self.expression(e) for e in expr[1]], "or")
        if kind == "not":
            return f"not {self._grouped(expr[1])}"
        if kind == "and":
            named = [self.expression(e) for e in expr[1] if e[0] == "class"]
            phrases = [self.phrase(e) for e in expr[1] if e[0] != "class"]
            head = self._list(named, "and") if named else "something"
            return head + (f" who {self._list(phrases, 'and')}" if phrases else "")
        return f"something that {self.phrase(expr)}"

    def _grouped(self, expr: Expr) -> str:
        text = self.expression(expr)
        return f"({text})" if " " in text and expr[0] != "class" else text

    def phrase(self, expr: Expr) -> str:
        """A restriction as a verb phrase ("works at a home")."""
        kind = expr[0]
        if kind == "some":
            filler = expr[2]
            if filler[0] == "or" and all(e[0] == "class" for e in filler[1]):
                return f"{self.verb(expr[1])} {article(self.expression(filler))}"
            return f"{self.verb(expr[1])} {article(self._grouped(filler))}"
        if kind == "all":
            return f"{self.verb(expr[1])} only {plural(self._grouped(expr[2]))}"
        if kind == "value":
            if expr[2] is True:
                return self.verb(expr[1])
            if expr[2] is False:
                return f"{self.verb(expr[1])}: no"
            return f"{self.verb(expr[1])} {self._value(expr[2])}"
        if kind in ("min", "max", "exact"):
            word = {"min": "at least", "max": "at most", "exact": "exactly"}[kind]
            filler = "" if expr[3] == ("class", THING) else f" {self._grouped(expr[3])}"
            return f"{self.verb(expr[2])} {word} {expr[1]}{filler}"
        if kind == "not":
            inner = expr[1]
            if inner[0] in ("class", "or", "and"):  # a class, not a restriction
                return f"is not {article(self._grouped(inner))}"
            return f"does not ({self.phrase(inner)})"
        return f"is {self.expression(expr)}"

    def axiom(self, axiom: Axiom, graph: Graph) -> str:
        """One sentence for the axiom."""
        subject = self.name(axiom.subject)
        if axiom.kind in ("functional",):
            return f"{subject} has at most one value"
        if axiom.kind == "allDisjoint":
            node = next(t[0] for t in axiom.triples if t[2] == OWL.AllDisjointClasses)
            members = [self.name(str(m)) for m in Collection(graph, graph.value(node,
                                                                               OWL.members))]
            return f"nothing is two of: {self._list(members, 'and')}"
        if axiom.kind == "allDifferent":
            node = next(t[0] for t in axiom.triples if t[2] == OWL.AllDifferent)
            listed = graph.value(node, OWL.distinctMembers) or graph.value(node, OWL.members)
            members = [self.name(str(m)) for m in Collection(graph, listed)]
            return f"no two of these are the same: {self._list(members, 'and')}"
        if axiom.root is not None:  # a general axiom
            triple = next(t for t in axiom.triples if t[0] == axiom.root and t[1] in _PREDICATES)
            left = self.expression(parse_expression(graph, axiom.root))
            return f"every {left} {self.phrase(parse_expression(graph, triple[2]))}"
        triple = next(t for t in axiom.triples if str(t[0]) == axiom.subject
                      and t[1] in _PREDICATES)
        if axiom.kind == "subPropertyOf":
            return f"whoever {self.verb(axiom.subject)} something {self.verb(str(triple[2]))} it"
        other = self.expression(parse_expression(graph, triple[2]))
        if axiom.kind == "equivalentClass":
            return f"{subject} = {other}"
        if axiom.kind == "disjointWith":
            return f"no {subject} is {article(other)}"
        return f"every {subject} is {article(other)}"


def article(text: str) -> str:
    """ "a home", "an organisation premises", "anything" (already quantified)."""
    if text.startswith(("anything", "something", "not ", "(")):
        return text
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text


def plural(text: str) -> str:
    """Fillers of "only" read as a kind: "only organisation premises", "only home"."""
    return text


_PREDICATES = {URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), OWL.equivalentClass,
               OWL.disjointWith, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")}
