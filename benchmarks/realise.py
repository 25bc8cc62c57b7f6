"""Realisation as a Protégé user runs it: the ontology plus `remote-kg import` output of a
records file, given to HermiT (owlready2's sync_reasoner_hermit classifies the ontology and
realises every individual). Prints the time and checks that every record's realised
categories are exactly the categories `classify` answers "is" for it.

    .venv/bin/python benchmarks/realise.py [RECORDS.csv]   (default: examples/workers.csv)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(records: Path) -> int:
    import owlready2
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from remote_kg.api import classify_path
    from remote_kg.model.ontology import ONTOLOGY_PATH, RKG

    with tempfile.TemporaryDirectory(prefix="remote-kg-realise-") as tmp:
        imported = Path(tmp) / "records.nt"
        subprocess.run([sys.executable, "-m", "remote_kg.cli", "import", str(records), "-o",
                        str(imported)], check=True)
        graph = Graph()
        graph.parse(ONTOLOGY_PATH)
        graph.parse(imported)
        document = Path(tmp) / "whole.nt"
        graph.serialize(document, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(document.as_uri()).load()
        start = time.perf_counter()
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        seconds = time.perf_counter() - start
        view = world.as_rdflib_graph()
        supers: dict[str, set[str]] = {}
        for sub, sup in view.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                supers.setdefault(str(sub), set()).add(str(sup))
        for a, b in view.subject_objects(OWL.equivalentClass):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                supers.setdefault(str(a), set()).add(str(b))
                supers.setdefault(str(b), set()).add(str(a))
        # HermiT reports each individual's most specific classes; the rest follow upwards.
        realised = {(str(s), c) for s, o in view.subject_objects(RDF.type)
                    if isinstance(o, URIRef) for c in _upwards(str(o), supers)}
        world.close()
    results = classify_path(records)
    categories = {str(RKG[c]) for r in results for c in (*r.is_, *r.is_not, *r.unknown)}
    mismatches = 0
    for result in results:
        got = {o.rsplit("#", 1)[-1] for s, o in realised if s == result.iri and o in categories}
        if got != set(result.is_):
            mismatches += 1
            print(f"{result.id}: realised {sorted(got)}, classify says {sorted(result.is_)}")
    print(f"realised {len(results)} records of {records.name} in {seconds:.1f} s; "
          f"{mismatches} record(s) whose realised categories differ from classify's")
    return 1 if mismatches else 0


def _upwards(cls: str, supers: dict[str, set[str]]) -> set[str]:
    seen, stack = {cls}, [cls]
    while stack:
        for sup in supers.get(stack.pop(), ()):
            if sup not in seen:
                seen.add(sup)
                stack.append(sup)
    return seen


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "workers.csv"))
