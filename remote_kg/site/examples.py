"""Example individuals and the worker categories the classifier gives them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS

from remote_kg.model.ontology import RKG
from remote_kg.site.graph_text import label, text_values
from remote_kg.site.hierarchy import Hierarchy


@dataclass(frozen=True)
class Example:
    """One example individual and the categories the classifier gave it."""

    iri: URIRef
    id: str
    label: str
    comment: str
    sources: tuple[URIRef, ...]
    is_: tuple[URIRef, ...]
    is_not: tuple[URIRef, ...]
    unknown: tuple[URIRef, ...]
    explanation: tuple[dict, ...] = ()  # why, for each category it is or is not in


def _category_iri(name: str) -> URIRef:
    return URIRef(name) if re.match(r"^[a-z][a-z0-9+.-]*:", name) else RKG[name]


def load_examples(path: Path | None, ontology: Path | None = None) -> list[Example]:
    """Classify and explain the example individuals in `path` (none when `path` is None)."""
    if path is None:
        return []
    from remote_kg.classification.answers import classify_records
    from remote_kg.explain.explainer import Explainer
    from remote_kg.pipeline.readers import load_input_graph, read_records

    data = load_input_graph(path)
    explainer = Explainer(ontology)
    records = read_records(path)
    examples = []
    for record, c in zip(records, classify_records(records, ontology=ontology,
                                                   source=str(path))):
        explained = explainer.explain(record.facts)["categories"]
        iri = URIRef(c.iri)
        comments = text_values(data, iri, RDFS.comment) + text_values(data, iri, SKOS.note)
        examples.append(
            Example(
                iri=iri,
                id=c.id,
                label=label(data, iri) if (iri, RDFS.label, None) in data else c.id,
                comment=" ".join(comments),
                sources=tuple(
                    sorted(s for s in data.objects(iri, DCTERMS.source) if isinstance(s, URIRef))
                ),
                is_=tuple(_category_iri(n) for n in c.is_),
                is_not=tuple(_category_iri(n) for n in c.is_not),
                unknown=tuple(_category_iri(n) for n in c.unknown),
                explanation=tuple(e for e in explained if e["status"] != "unknown"),
            )
        )
    return sorted(examples, key=lambda e: e.id)


def members_by_class(examples: Sequence[Example], hierarchy: Hierarchy) -> dict[URIRef, list]:
    """For each class, the examples that fall into it (directly or through a subclass)."""
    members: dict[URIRef, list[Example]] = {}
    for ex in examples:
        classes = set(ex.is_)
        for c in ex.is_:
            classes |= hierarchy.ancestors(c)
        for c in classes:
            members.setdefault(c, []).append(ex)
    return members


def example_anchor(ex: Example) -> str:
    """HTML id of an example individual."""
    return "example-" + re.sub(r"[^A-Za-z0-9_-]+", "-", ex.id)
