"""The OWL 2 DL profile check: the OWL API's own checker, run on Java from HermiT.jar."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from remote_kg.errors import RemoteKGError
from remote_kg.model.ontology import ontology_graph

PROGRAM = Path(__file__).with_name("ProfileCheck.java")


def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


def dl_violations(path: Path) -> list[str]:
    """The OWL 2 DL profile violations of an ontology file (Turtle is converted to RDF/XML,
    which the OWL API in HermiT.jar reads); empty when the file is in OWL 2 DL."""
    java = shutil.which("java")
    if java is None:
        raise RemoteKGError("the OWL 2 DL profile check needs Java 11 or later (`java`)")
    with tempfile.TemporaryDirectory(prefix="remote-kg-profile-") as tmp:
        document = Path(tmp) / "ontology.owl"
        graph = ontology_graph(path)  # modules merged: the OWL API fetches no import
        graph.serialize(document, format="xml")
        done = subprocess.run(
            [java, "-cp", str(_hermit_jar()), str(PROGRAM), str(document)],
            capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RemoteKGError(f"the OWL 2 DL profile check failed on {path}: "
                            f"{done.stderr.strip()[-1500:]}")
    return [line for line in done.stdout.splitlines() if line.strip()]
