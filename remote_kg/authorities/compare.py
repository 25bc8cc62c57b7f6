"""Each record under every authority's definition of teleworker, remote, home worker and
hybrid, and where the authorities disagree."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from remote_kg.classification.answers import Classification
from remote_kg.model.owl import OntologyModel, local_name


@dataclass(frozen=True)
class Authority:
    """An authority: its key (skos:notation), label and its category for each sense."""

    key: str
    label: str
    iri: str
    categories: dict[str, str]  # sense key -> category local name


@dataclass(frozen=True)
class Perspectives:
    """The senses compared (keys such as teleworker, in the ontology's order) and the
    authorities defining at least one of them."""

    senses: list[str]
    authorities: list[Authority]

    @property
    def categories(self) -> list[str]:
        """Every category some authority gives a sense of."""
        return [c for a in self.authorities for c in a.categories.values()]


SENSE_ORDER = ("teleworker", "remote", "home_worker", "hybrid")


def read_perspectives(graph: Graph, model: OntologyModel) -> Perspectives:
    """The authorities and senses of the ontology: seed documents first, then the other
    authorities by key. A category needs both rkg:definedByAuthority and rkg:givesSenseOf
    to take part."""
    def key_of(iri: str) -> str:
        notation = graph.value(URIRef(iri), SKOS.notation)
        return str(notation) if notation is not None else local_name(iri)

    by_authority: dict[str, dict[str, str]] = {}
    for category, authority in model.authority.items():
        sense = model.sense.get(category)
        if sense is None or category not in (*model.categories, *model.perspective_categories):
            continue
        senses = by_authority.setdefault(authority, {})
        if key_of(sense) in senses:
            raise ValueError(f"{local_name(authority)} gives the sense {key_of(sense)} twice")
        senses[key_of(sense)] = local_name(category)
    authorities = [
        Authority(key_of(iri), str(graph.value(URIRef(iri), RDFS.label) or key_of(iri)), iri,
                  senses)
        for iri, senses in by_authority.items()
    ]
    authorities.sort(key=lambda a: (not a.key.startswith("seed"), a.key))
    found = {s for a in authorities for s in a.categories}
    senses = [s for s in SENSE_ORDER if s in found] + sorted(found - set(SENSE_ORDER))
    return Perspectives(senses, authorities)


@dataclass(frozen=True)
class Comparison:
    """One record across the authorities: status per (authority key, sense) where the
    authority defines the sense, and per sense the authorities answering is and is_not."""

    id: str
    label: str | None
    status: dict[tuple[str, str], str]
    disagreements: dict[str, dict[str, list[str]]]

    def disagrees_on(self, authority: str) -> list[str]:
        """Senses where this authority's definite answer is contradicted by another's."""
        return [sense for sense, sides in self.disagreements.items()
                if any(authority in sides[s] for s in ("is", "is_not"))]


def compare(records: Sequence, results: Sequence[Classification],
            perspectives: Perspectives) -> Iterator[Comparison]:
    """The comparison of each record (`results` in the order of `records`)."""
    for record, result in zip(records, results):
        status = {}
        for authority in perspectives.authorities:
            for sense, category in authority.categories.items():
                status[(authority.key, sense)] = result.status(category)
        disagreements = {}
        for sense in perspectives.senses:
            sides = {s: [a.key for a in perspectives.authorities
                         if status.get((a.key, sense)) == s] for s in ("is", "is_not")}
            if sides["is"] and sides["is_not"]:
                disagreements[sense] = sides
        yield Comparison(record.id, record.label, status, disagreements)
