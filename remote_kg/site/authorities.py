"""The docs page that sets the authorities' definitions side by side: which facts each
definition reads, the definitions with their judgement calls and sources, and the seed
examples classified under each. Everything on it is read from the ontology."""

from __future__ import annotations

import html
from collections.abc import Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS

from remote_kg.authorities.compare import Perspectives, read_perspectives
from remote_kg.model.owl import OntologyModel, local_name
from remote_kg.model.vocab import COLUMN_PROPERTY, FACT_COLUMNS, RELATION_PROPERTY
from remote_kg.reasoners.fast import terms_used

esc = html.escape
PAGE_NAME = "authorities.html"
MARK = {"is": "is", "is_not": "is not", "unknown": "?"}


# The facts table's columns: the places known so far are the same fact as the complete
# list (rkg:worksAt), so one column, `workplaces`, stands for both.
TABLE_COLUMNS = tuple(c for c in FACT_COLUMNS if c != "workplaces_known")


def facts_used(model: OntologyModel, category: str) -> set[str]:
    """The CSV columns whose facts a category's definition reads (defined classes
    unfolded)."""
    _, used = terms_used(model, [("class", category)])
    columns = {"relation"} if used & {str(p) for p in RELATION_PROPERTY.values()} else set()
    columns |= {c for c, p in COLUMN_PROPERTY.items() if str(p) in used}
    if any(p.endswith("#worksAt") for p in used):
        columns.add("workplaces")
    return columns


def _text(graph: Graph, iri: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(iri, predicate))


def _source(graph: Graph, source: URIRef) -> str:
    title = graph.value(source, DCTERMS.title) or graph.value(source, RDFS.label) or source
    date = graph.value(source, DCTERMS.date)
    publisher = graph.value(source, DCTERMS.publisher)
    notes = "".join(f"<p class=note>{esc(n)}</p>" for n in _text(graph, source, SKOS.scopeNote))
    if not str(source).startswith("http"):
        return f"<li>{esc(str(title))}{notes}</li>"
    return (f'<li><a href="{esc(str(source))}">{esc(str(title))}</a>'
            f"{', ' + esc(str(publisher)) if publisher else ''}"
            f"{' (' + esc(str(date)) + ')' if date else ''}{notes}</li>")


def facts_table(graph: Graph, model: OntologyModel, perspectives: Perspectives) -> str:
    """Authorities' categories (rows) against the facts their definitions read (columns)."""
    head = "".join(f"<th><code>{esc(c)}</code></th>" for c in TABLE_COLUMNS)
    rows = []
    for authority in perspectives.authorities:
        for sense, name in authority.categories.items():
            used = facts_used(model, next(c for c in (*model.categories,
                                                      *model.perspective_categories)
                                          if local_name(c) == name))
            cells = "".join(f"<td>{'✓' if c in used else ''}</td>" for c in TABLE_COLUMNS)
            rows.append(f"<tr><th>{esc(authority.label)}</th><td>{esc(sense)}</td>"
                        f"<td><a href=\"index.html#{esc(name)}\">{esc(name)}</a></td>{cells}</tr>")
    return ("<table class=facts><thead><tr><th>authority</th><th>sense</th><th>category</th>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def definitions(graph: Graph, perspectives: Perspectives, rkg: str) -> str:
    """Each authority's categories: definition, judgement calls, sources."""
    parts = []
    for authority in perspectives.authorities:
        items = []
        for sense, name in authority.categories.items():
            iri = URIRef(rkg + name)
            label = graph.value(iri, RDFS.label) or name
            notes = "".join(f"<li>{esc(n)}</li>" for n in _text(graph, iri, SKOS.scopeNote))
            sources = "".join(_source(graph, s) for s in sorted(
                graph.objects(iri, DCTERMS.source), key=str) if isinstance(s, URIRef))
            items.append(
                f"<article id=\"{esc(name)}\"><h4>{esc(str(label))} "
                f"<small>({esc(sense)}; <code>rkg:{esc(name)}</code>)</small></h4>"
                f"<p>{esc(' '.join(_text(graph, iri, SKOS.definition)))}</p>"
                + (f"<h5>Judgement calls</h5><ul>{notes}</ul>" if notes else "")
                + f"<h5>Source</h5><ul>{sources}</ul></article>")
        parts.append(f"<section><h3>{esc(authority.label)}</h3>{''.join(items)}</section>")
    return "".join(parts)


def examples_table(perspectives: Perspectives, examples: Sequence) -> str:
    """The example records (id, label, statuses by category name) under each authority."""
    groups = "".join(f"<th colspan={len(a.categories)}>{esc(a.label)}</th>"
                     for a in perspectives.authorities)
    senses = "".join(f"<th>{esc(s)}</th>" for a in perspectives.authorities
                     for s in a.categories)
    rows = []
    for record_id, label, status in examples:
        cells = "".join(
            f"<td class=\"{status[name]}\">{MARK[status[name]]}</td>"
            for a in perspectives.authorities for name in a.categories.values())
        rows.append(f"<tr><th title=\"{esc(record_id)}\">{esc(label)}</th>{cells}</tr>")
    return (f"<table class=examples><thead><tr><th rowspan=2>example</th>{groups}</tr>"
            f"<tr>{senses}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def render(graph: Graph, model: OntologyModel, examples: Sequence, css: str,
           rkg: str) -> str:
    """The whole page; `examples` are (id, label, {category name: status}) triples."""
    perspectives = read_perspectives(graph, model)
    title = "Authorities side by side"
    ontology = next(iter(graph.subjects(predicate=None, object=OWL.Ontology)), None)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}</style></head>
<body><header class="top"><h1>{title}</h1>
<p class="lead">What teleworker, remote worker, home worker and hybrid worker mean to each
authority, as the classes of the ontology's perspective modules state it
({esc(str(ontology or ''))}). Each definition is decided for every record, three-valued, by
<code>remote-kg classify --categories authorities</code>; <code>remote-kg compare</code>
sets them side by side for your records. <a href="index.html">Back to the ontology</a>.</p>
</header><main>
<section id="facts"><h2>Which facts each definition reads</h2>
<p>A tick means the definition depends on that column of the records file; a definition
cannot be decided while a fact it reads is blank, unless the others settle it.</p>
{facts_table(graph, model, perspectives)}</section>
<section id="definitions"><h2>The definitions</h2>
{definitions(graph, perspectives, rkg)}</section>
<section id="examples"><h2>The seed examples under each authority</h2>
<p>is, is not, or ? (the record does not say enough). The seed examples record where and
how people work, not their default place, agreement or office days, so the definitions
that need those stay undecided for them.</p>
{examples_table(perspectives, examples)}</section>
</main></body></html>
"""
