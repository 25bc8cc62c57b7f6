"""HTML pieces for terms: links, class expressions, cited sources, definition lists."""

from __future__ import annotations

import html
from collections.abc import Iterable

from rdflib import OWL, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from remote_kg.model.ontology import RKG
from remote_kg.site.graph_text import anchor, curie, label, local_name, rdf_list, text_values

esc = html.escape


class TermMarkup:
    """Small HTML pieces shared by the page's sections (`Page` sets `g` and `documented`)."""

    g: Graph
    documented: set[URIRef]

    def link(self, iri: Node) -> str:
        """A link to a documented term, or its prefixed name."""
        if not isinstance(iri, URIRef):
            return esc(str(iri))
        text = esc(local_name(iri) if str(iri).startswith(str(RKG)) else curie(self.g, iri))
        if iri in self.documented:
            return f'<a href="#{anchor(iri)}" title="{esc(label(self.g, iri))}">{text}</a>'
        return f"<code>{text}</code>"

    def links(self, iris: Iterable[URIRef], tags: dict[URIRef, str] | None = None) -> str:
        """Links sorted by label, each with an optional tag ("" when there are none)."""
        items = []
        for iri in sorted(iris, key=lambda i: label(self.g, i).lower()):
            tag = (tags or {}).get(iri)
            badge = f' <span class="tag {tag.split()[0]}">{esc(tag)}</span>' if tag else ""
            items.append(f"<li>{self.link(iri)}{badge}</li>")
        return f'<ul class="inline">{"".join(items)}</ul>' if items else ""

    def expression(self, node: Node) -> str:
        """A class expression in Manchester-like syntax, with links to named terms."""
        g = self.g
        if isinstance(node, URIRef):
            return self.link(node)
        if isinstance(node, Literal):
            return f'<span class="lit">{esc(node.n3(g.namespace_manager))}</span>'
        for key, word in ((OWL.intersectionOf, "and"), (OWL.unionOf, "or")):
            for members in g.objects(node, key):
                parts = [self._wrapped(m) for m in rdf_list(g, members)]
                return f' <span class="kw">{word}</span> '.join(parts)
        for inner in g.objects(node, OWL.complementOf):
            return f'<span class="kw">not</span> {self._wrapped(inner)}'
        for members in g.objects(node, OWL.oneOf):
            return "{" + ", ".join(self.expression(m) for m in rdf_list(g, members)) + "}"
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            return self.restriction(node, prop)
        return "<em>(an expression this page cannot show)</em>"

    def restriction(self, node: Node, prop: Node) -> str:
        g = self.g
        head = self.link(prop)
        for key, word in (
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
            (OWL.hasValue, "value"),
        ):
            filler = g.value(node, key)
            if filler is not None:
                return f'{head} <span class="kw">{word}</span> {self._wrapped(filler)}'
        for key, word in (
            (OWL.minCardinality, "min"),
            (OWL.maxCardinality, "max"),
            (OWL.cardinality, "exactly"),
            (OWL.minQualifiedCardinality, "min"),
            (OWL.maxQualifiedCardinality, "max"),
            (OWL.qualifiedCardinality, "exactly"),
        ):
            n = g.value(node, key)
            if n is not None:
                on = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                tail = f" {self._wrapped(on)}" if on is not None else ""
                return f'{head} <span class="kw">{word}</span> {esc(str(n))}{tail}'
        return head

    def _wrapped(self, node: Node) -> str:
        inner = self.expression(node)
        return f"({inner})" if isinstance(node, BNode) else inner

    def sources(self, iri: Node, cited: Iterable[Node] = ()) -> str:
        """The seed files a term (or the `cited` sources) cite, each with its title; an
        authority's web document as a link with its title and date."""
        items = []
        for src in sorted({*self.g.objects(iri, DCTERMS.source), *cited}, key=str):
            idents = text_values(self.g, src, DCTERMS.identifier)
            title = label(self.g, src)
            if not idents and str(src).startswith("https://"):
                date = self.g.value(src, DCTERMS.date)
                when = f' <span class="muted">({esc(str(date))})</span>' if date else ""
                items.append(f'<li><a href="{esc(str(src))}">{esc(title)}</a>{when}</li>')
                continue
            ident = (idents or [local_name(src)])[0]  # type: ignore[arg-type]
            items.append(
                f'<li><code class="seed">{esc(ident)}</code> '
                f'<span class="muted">{esc(title)}</span></li>'
            )
        return f'<ul class="plain">{"".join(items)}</ul>' if items else ""

    def texts(self, iri: Node, predicate: URIRef) -> list[str]:
        """Escaped literal values."""
        return [esc(t) for t in text_values(self.g, iri, predicate)]

    @staticmethod
    def rows(pairs: Iterable[tuple[str, str]]) -> str:
        """A definition list of the non-empty (term, description) pairs."""
        body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in pairs if v)
        return f"<dl>{body}</dl>"

    def heading(self, iri: URIRef, kind: str) -> str:
        """The heading of a term section: label, kind, prefixed name and full IRI."""
        return (
            f'<h3>{esc(label(self.g, iri))} <span class="kind">{kind}</span></h3>'
            f'<p class="iri"><code>{esc(curie(self.g, iri))}</code> '
            f'<code class="full">{esc(str(iri))}</code></p>'
        )
