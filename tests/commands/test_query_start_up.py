"""`remote-kg query --store` starts light: asking a store loads no RDF library.

Every query an analyst sends from a script or a notebook pays the CLI's start; rdflib alone
doubled it (the ontology-and-records machinery is needed only with --data).
"""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

CHECK = """
import sys
from remote_kg.cli import main
try:
    main(["query", sys.argv[1], "--store", sys.argv[2], "-f", "csv"])
except SystemExit as done:
    assert not done.code, done.code
heavy = sorted(m for m in ("rdflib", "owlready2", "pyarrow", "numpy", "pyshacl")
               if m in sys.modules)
print("loaded:", heavy)
"""


def test_a_query_over_a_store_imports_no_rdf_library_or_columnar_stack(tmp_path):
    store = tmp_path / "store"
    ox.Store(str(store)).add(ox.Quad(ox.NamedNode("http://example.org/w"),
                                     ox.NamedNode("http://example.org/p"),
                                     ox.Literal("x")))
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    done = subprocess.run([sys.executable, "-c", CHECK, str(query), str(store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "1", "loaded: []"]
