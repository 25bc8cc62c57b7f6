"""Where the ontology and its companions live, and loading them."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from remote_kg.errors import InputError
from remote_kg.model.namespaces import (  # noqa: F401 (importers find them here too)
    DATA_DIR,
    DEFAULT_BASE,
    EXAMPLES_PATH,
    ONTOLOGY_DIR,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    PREFIXES,
    QUERIES_DIR,
    RKG_NAMESPACE,
)

RKG = Namespace(RKG_NAMESPACE)


class UnbundledImport(InputError):
    """An owl:imports of an ontology that is not bundled beside the importing file."""


def module_path(importing: Path, iri: str) -> Path | None:
    """The local file of an imported module: `<ONTOLOGY_IRI>/a/b` is `a/b.ttl` beside the
    importing ontology's file, else among the bundled ones (so an edited copy of the
    ontology elsewhere still finds its modules). None for an IRI outside remote-kg's."""
    prefix = ONTOLOGY_IRI + "/"
    if iri == ONTOLOGY_IRI:  # a module importing the main ontology it extends
        return _main_ontology_near(importing)
    if not iri.startswith(prefix) or ".." in iri:
        return None
    relative = iri[len(prefix):] + ".ttl"
    beside = importing.parent / relative
    return beside if beside.is_file() else ONTOLOGY_DIR / relative


def _main_ontology_near(module: Path) -> Path:
    """The main ontology's file for a module at `module`: `remote-kg.ttl` in the module's
    folder or the one above it (modules sit one folder down), else the bundled one."""
    for folder in (module.parent, module.parent.parent):
        if (folder / ONTOLOGY_PATH.name).is_file():
            return folder / ONTOLOGY_PATH.name
    return ONTOLOGY_PATH


def own_ontology_iris(graph: Graph) -> set[str]:
    """The IRIs of the ontologies a graph declares itself (its owl:Ontology headers)."""
    return {str(s) for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}


def merge_imports(graph: Graph, path: Path, read: list[Path] | None = None) -> Graph:
    """Add to `graph` (parsed from `path`) the modules it imports, transitively, from their
    bundled files, and drop the owl:imports statements and the modules' headers: the
    merged graph is the whole ontology, one owl:Ontology, and no tool given it (owlready2,
    the OWL API) goes to the network for a module. An import with no bundled file raises
    UnbundledImport. Each module file read is appended to `read` when given."""
    seen = own_ontology_iris(graph)  # imports may be cyclic: a module imports the main
    pending = [(path, str(iri)) for iri in graph.objects(None, OWL.imports)]
    while pending:
        importing, iri = pending.pop(0)
        if iri in seen:
            continue
        seen.add(iri)
        local = module_path(importing, iri)
        if local is None or not local.is_file():
            raise UnbundledImport(
                f"{importing}: owl:imports <{iri}>, which is not bundled "
                f"(expected {local or 'an IRI under ' + ONTOLOGY_IRI + '/'}); remote-kg "
                "does not fetch ontologies from the network")
        module = Graph().parse(local, format="turtle")
        if read is not None:
            read.append(local)
        pending += [(local, str(o)) for o in module.objects(None, OWL.imports)]
        module.remove((URIRef(iri), None, None))  # the module's own header
        for prefix, namespace in module.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += module
    graph.remove((None, OWL.imports, None))
    return graph


# The files each parsed ontology was read from: its own, then its modules in import order.
_FILES: dict[str, tuple[Path, ...]] = {}


@functools.lru_cache(maxsize=8)
def _parsed(path: str) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    read = [Path(path)]
    merged = merge_imports(graph, Path(path), read)
    _FILES[path] = tuple(read)
    return merged


@functools.lru_cache(maxsize=8)
def _digest(path: str) -> str:
    _parsed(path)
    digest = hashlib.sha256()
    for file in _FILES[path]:
        content = file.read_bytes()
        digest.update(b"%d\n" % len(content))
        digest.update(content)
    return digest.hexdigest()


def ontology_digest(path: Path | None = None) -> str:
    """SHA-256 (hex) of the ontology's files as read: the ontology's own file, then each
    module it imports, in the order `merge_imports` reads them. Any edit changes it, even
    one that keeps the version IRI."""
    return _digest(str(path or ONTOLOGY_PATH))


def ontology_version_iri(path: Path | None = None) -> str | None:
    """The ontology's owl:versionIRI, else its ontology IRI, else None."""
    graph = _parsed(str(path or ONTOLOGY_PATH))
    for ontology in sorted(own_ontology_iris(graph)):
        version = graph.value(URIRef(ontology), OWL.versionIRI)
        return str(version) if version is not None else ontology
    return None


def shared_ontology_graph(path: Path | None = None) -> Graph:
    """The ontology graph, its imported modules merged in, parsed once per path and shared
    by every caller: to read only (`ontology_graph` gives a copy to change). Copying it
    takes about 0.05 s."""
    return _parsed(str(path or ONTOLOGY_PATH))


def ontology_graph(path: Path | None = None) -> Graph:
    """Return a fresh copy of the ontology graph, its imported modules merged in (parsed
    once per path)."""
    source = _parsed(str(path or ONTOLOGY_PATH))
    copy = Graph()
    for prefix, ns in source.namespaces():
        copy.bind(prefix, ns)
    copy += source
    return copy
