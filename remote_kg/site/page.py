"""The HTML page: class, property and example sections, the class tree and the header."""

from __future__ import annotations

from collections.abc import Sequence
from string import Template

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from remote_kg.model.ontology import ONTOLOGY_IRI, RKG
from remote_kg.site.diagram import SVG_NAME, inline_svg
from remote_kg.site.examples import Example, example_anchor, members_by_class
from remote_kg.site.graph_text import anchor, curie, label, local_name, named_classes, text_values
from remote_kg.site.hierarchy import Hierarchy, asserted_disjoint_pairs, worker_categories
from remote_kg.site.markup import TermMarkup, esc

VANN = Namespace("http://purl.org/vocab/vann/")


class Page(TermMarkup):
    """Renders the ontology, hierarchy and examples as one HTML page."""

    def __init__(
        self, graph: Graph, hierarchy: Hierarchy, examples: Sequence[Example], svg: str
    ) -> None:
        self.g = graph
        self.h = hierarchy
        self.examples = examples
        self.members = members_by_class(examples, hierarchy)
        self.svg = svg
        self.classes = named_classes(graph)
        self.documented = set(self.classes) | set(self.properties())
        self.categories = set(worker_categories(graph, hierarchy))
        self.asserted_disjoint = asserted_disjoint_pairs(graph)

    # -- classes ------------------------------------------------------------

    def class_section(self, cls: URIRef) -> str:
        """Everything known about one class."""
        g, h = self.g, self.h
        asserted_up = {s for s in g.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef)}
        asserted_down = {s for s in g.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)}
        inferred = "inferred" if h.reasoner == "HermiT" else "derived"
        ups = h.direct_supers(cls) | asserted_up
        downs = h.direct_subs(cls) | asserted_down
        up_tags = {s: "asserted" if s in asserted_up else inferred for s in ups}
        down_tags = {s: "asserted" if s in asserted_down else inferred for s in downs}
        definitions = [
            self.expression(e) for e in g.objects(cls, OWL.equivalentClass) if isinstance(e, BNode)
        ]
        extra_supers = [
            self.expression(e) for e in g.objects(cls, RDFS.subClassOf) if isinstance(e, BNode)
        ]
        asserted_disjoint = {b for pair in self.asserted_disjoint if cls in pair for b in pair}
        asserted_disjoint.discard(cls)
        pool = self.categories if cls in self.categories else set()
        disjoint = set(h.most_general_disjoint(cls, pool)) | asserted_disjoint
        disjoint_tags = {b: "asserted" if b in asserted_disjoint else inferred for b in disjoint}
        unsat = (
            '<p class="warning">HermiT finds this class unsatisfiable: it can have no members.</p>'
            if cls in h.unsatisfiable
            else ""
        )
        body = self.rows(
            [
                ("Definition", "<br>".join(self.texts(cls, SKOS.definition))),
                ("Source", self.sources(cls)),
                ("Synonyms", ", ".join(self.texts(cls, SKOS.altLabel))),
                ("Scope note", "<br>".join(self.texts(cls, SKOS.scopeNote))),
                ("Example in the source", "<br>".join(self.texts(cls, SKOS.example))),
                ("Comment", "<br>".join(self.texts(cls, RDFS.comment))),
                ("Formal definition (≡)", "<br>".join(f"<code>{d}</code>" for d in definitions)),
                ("Also implies (⊑)", "<br>".join(f"<code>{d}</code>" for d in extra_supers)),
                ("Superclasses", self.links(ups, up_tags) if ups else ""),
                ("Subclasses", self.links(downs, down_tags) if downs else ""),
                ("Equivalent to", self.links(h.equivalents.get(cls, set()) - {cls})),
                ("Disjoint with", self.links(disjoint, disjoint_tags) if disjoint else ""),
                ("Why (axiom notes)", self.axiom_notes(cls)),
                ("Property domain of", self.links(self.props_with(RDFS.domain, cls))),
                ("Property range of", self.links(self.props_with(RDFS.range, cls))),
                ("Example individuals", self.example_links(self.members.get(cls, []))),
            ]
        )
        return (
            f'<section class="term class" id="{anchor(cls)}">'
            f"{self.heading(cls, 'class')}{unsat}{body}</section>"
        )

    def axiom_notes(self, cls: URIRef) -> str:
        """Annotated axioms about `cls`: the rationale and source the ontology records."""
        items = []
        for ax in self.g.subjects(OWL.annotatedSource, cls):
            prop = self.g.value(ax, OWL.annotatedProperty)
            target = self.g.value(ax, OWL.annotatedTarget)
            word = {RDFS.subClassOf: "⊑", OWL.disjointWith: "disjoint with"}.get(prop, "")
            note = " ".join(self.texts(ax, RDFS.comment))
            items.append(
                f"<li><code>{self.link(cls)} {esc(word)} {self.link(target)}</code>: {note}"
                f"{self.sources(ax)}</li>"
            )
        return f'<ul class="plain">{"".join(sorted(items))}</ul>' if items else ""

    def props_with(self, predicate: URIRef, cls: URIRef) -> list[URIRef]:
        """Properties whose domain or range is `cls`."""
        return [p for p in self.g.subjects(predicate, cls) if isinstance(p, URIRef)]

    def example_links(self, examples: Sequence[Example]) -> str:
        """Links to example individuals."""
        items = "".join(
            f'<li><a href="#{example_anchor(e)}">{esc(e.label)}</a></li>' for e in examples
        )
        return f'<ul class="inline">{items}</ul>' if examples else ""

    # -- class tree ----------------------------------------------------------

    def roots(self) -> list[URIRef]:
        """Classes with no named superclass."""
        tops = [c for c in self.classes if not self.h.direct_supers(c)]
        return sorted(tops, key=lambda c: label(self.g, c).lower())

    def tree(self, classes: Sequence[URIRef], path: frozenset[URIRef] = frozenset()) -> str:
        """A nested list of classes and their subclasses."""
        items = []
        for c in classes:
            subs = sorted(self.h.direct_subs(c) - path - {c}, key=lambda s: label(self.g, s))
            sub_html = self.tree(subs, path | {c}) if subs else ""
            items.append(f'<li><a href="#{anchor(c)}">{esc(label(self.g, c))}</a>{sub_html}</li>')
        return f"<ul>{''.join(items)}</ul>"

    def tree_order(self) -> list[URIRef]:
        """Classes in the order of a depth-first walk of the tree (each once)."""
        order: list[URIRef] = []

        def walk(c: URIRef) -> None:
            if c in order:
                return
            order.append(c)
            for s in sorted(self.h.direct_subs(c), key=lambda s: label(self.g, s)):
                walk(s)

        for r in self.roots():
            walk(r)
        return order + [c for c in self.classes if c not in order]

    # -- properties and individuals -----------------------------------------

    def properties(self) -> list[URIRef]:
        """Object, datatype and annotation properties, rkg ones first, then by label."""
        kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        found = {p for k in kinds for p in self.g.subjects(RDF.type, k) if isinstance(p, URIRef)}
        return sorted(found, key=lambda p: (not str(p).startswith(str(RKG)), str(p).lower()))

    def property_section(self, prop: URIRef) -> str:
        """Everything known about one property."""
        g = self.g
        types = set(g.objects(prop, RDF.type))
        kind = next(
            (
                word
                for t, word in (
                    (OWL.ObjectProperty, "object property"),
                    (OWL.DatatypeProperty, "datatype property"),
                    (OWL.AnnotationProperty, "annotation property"),
                )
                if t in types
            ),
            "property",
        )
        characteristics = [local_name(t) for t in sorted(types) if t == OWL.FunctionalProperty]
        ups = [p for p in g.objects(prop, RDFS.subPropertyOf) if isinstance(p, URIRef)]
        downs = [p for p in g.subjects(RDFS.subPropertyOf, prop) if isinstance(p, URIRef)]
        body = self.rows(
            [
                ("Definition", "<br>".join(self.texts(prop, SKOS.definition))),
                ("Source", self.sources(prop)),
                ("Synonyms", ", ".join(self.texts(prop, SKOS.altLabel))),
                ("Domain", " ".join(self.expression(d) for d in g.objects(prop, RDFS.domain))),
                ("Range", " ".join(self.expression(r) for r in g.objects(prop, RDFS.range))),
                ("Characteristics", ", ".join(characteristics)),
                ("Sub-property of", self.links(ups) if ups else ""),
                ("Sub-properties", self.links(downs) if downs else ""),
            ]
        )
        return (
            f'<section class="term property" id="{anchor(prop)}">'
            f"{self.heading(prop, kind)}{body}</section>"
        )

    def example_section(self, ex: Example) -> str:
        """An example individual with its categories."""
        body = self.rows(
            [
                ("Record id", f"<code>{esc(ex.id)}</code>"),
                ("IRI", f"<code>{esc(str(ex.iri))}</code>"),
                ("Note", esc(ex.comment)),
                ("Source", self.sources(ex.iri, ex.sources)),
                ("Is", self.links(ex.is_) if ex.is_ else "—"),
                ("Is not", self.links(ex.is_not) if ex.is_not else "—"),
                ("Undecided", self.links(ex.unknown) if ex.unknown else "—"),
                ("Why", self.why(ex) if ex.explanation else "—"),
            ]
        )
        return (
            f'<section class="term example" id="{example_anchor(ex)}">'
            f'<h3>{esc(ex.label)} <span class="kind">example</span></h3>{body}</section>'
        )

    def why(self, ex: Example) -> str:
        """Per category the example is or is not in: the facts and the axioms it rests on
        (from `remote_kg.explain`), nested."""
        items = []
        for entry in ex.explanation:
            facts = ", ".join(f"<code>{esc(f['column'])} = {esc(f['value'])}</code>"
                              for f in entry["facts"])
            axioms = "".join(
                f"<li>{esc(a['text'])} <small>("
                + "; ".join(self.link(URIRef(s)) for s in a["source"]) + ")</small></li>"
                for a in entry["axioms"])
            verdict = "is" if entry["status"] == "is" else "is not"
            items.append(
                f"<li>{verdict} {self.link(RKG[entry['category']])}: because {facts}, "
                f"and<ul>{axioms}</ul></li>")
        return f'<ul class="why">{"".join(items)}</ul>'

    def individuals(self) -> str:
        """Named individuals of the ontology itself (sources, schedule and tool values)."""
        rows = []
        for ind in sorted(set(self.g.subjects(RDF.type, OWL.NamedIndividual)), key=str):
            types = [t for t in self.g.objects(ind, RDF.type) if t != OWL.NamedIndividual]
            rows.append(
                f"<tr><td><code>{esc(curie(self.g, ind))}</code></td>"  # type: ignore[arg-type]
                f"<td>{esc(label(self.g, ind))}</td>"
                f"<td>{', '.join(self.link(t) for t in sorted(types))}</td></tr>"
            )
        head = "<tr><th>Individual</th><th>Label</th><th>Type</th></tr>"
        return f"<table>{head}{''.join(rows)}</table>"

    # -- the whole page -----------------------------------------------------

    def header(self) -> dict[str, str]:
        """Template fields from the ontology header."""
        g, onto = self.g, URIRef(ONTOLOGY_IRI)
        title = (text_values(g, onto, DCTERMS.title) or ["Ontology"])[0]
        description = " ".join((text_values(g, onto, DCTERMS.description) or [""])[0].split())
        license_iri = g.value(onto, DCTERMS.license)
        meta = [
            ("Ontology IRI", f"<code>{esc(str(onto))}</code>"),
            ("Version", esc(" ".join(text_values(g, onto, OWL.versionInfo)))),
            ("Version IRI", f"<code>{esc(str(g.value(onto, OWL.versionIRI) or ''))}</code>"),
            (
                "Preferred prefix",
                esc(" ".join(text_values(g, onto, VANN.preferredNamespacePrefix))),
            ),
            ("Namespace", esc(" ".join(text_values(g, onto, VANN.preferredNamespaceUri)))),
            ("Created", esc(" ".join(text_values(g, onto, DCTERMS.created)))),
            ("Creator", esc(" ".join(text_values(g, onto, DCTERMS.creator)))),
            (
                "License",
                f'<a href="{esc(str(license_iri))}">{esc(str(license_iri))}</a>'
                if license_iri
                else "",
            ),
            ("Note", "<br>".join(self.texts(onto, RDFS.comment))),
            ("Hierarchy by", esc(self.h.reasoner)),
        ]
        return {"title": esc(title), "description": esc(description), "meta": self.rows(meta)}

    def decided_categories(self) -> list[str]:
        """The worker categories `classify` answers for (the ontology's defined ones)."""
        from remote_kg.model.owl import read_model

        return read_model(self.g).categories

    def render(self, template: str, css: str) -> str:
        """The complete HTML page."""
        classes = "".join(self.class_section(c) for c in self.tree_order())
        props = "".join(self.property_section(p) for p in self.properties())
        if self.examples:
            examples = "".join(self.example_section(e) for e in self.examples)
        else:
            examples = "<p>No example individuals were given.</p>"
        fields = self.header() | {
            "css": css,
            "svg": inline_svg(self.svg),
            "svg_name": SVG_NAME,
            "tree": self.tree(self.roots()),
            "classes": classes,
            "properties": props,
            "examples": examples,
            "individuals": self.individuals(),
            "n_classes": str(len(self.classes)),
            "n_properties": str(len(self.properties())),
            "n_examples": str(len(self.examples)),
            "n_categories": str(len(self.decided_categories())),
            "unsatisfiable": (
                '<p class="warning">Unsatisfiable classes: '
                + ", ".join(self.link(c) for c in sorted(self.h.unsatisfiable))
                + "</p>"
                if self.h.unsatisfiable
                else ""
            ),
        }
        return Template(template).substitute(fields)
