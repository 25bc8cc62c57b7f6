"""The query page: competency questions, our static files and the optional YASGUI bundle."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from remote_kg.model.ontology import PREFIXES
from remote_kg.model.text import read_utf8

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
YASGUI_ENV = "REMOTE_KG_YASGUI_DIR"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")


@dataclass(frozen=True)
class CompetencyQuery:
    """One ``queries/*.rq`` file: its name, the question it answers and its text."""

    name: str
    question: str
    query: str


def load_competency_queries(directory: Path) -> list[CompetencyQuery]:
    """Read every ``*.rq`` in ``directory``; the question is the ``# Question:`` header."""
    found = []
    for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
        text = read_utf8(path, "SPARQL text")
        question = " ".join(
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if line.lstrip("# ").lower().startswith("question:")
        )
        found.append(CompetencyQuery(path.stem, question or path.stem, text))
    return found


def queries_payload(queries: list[CompetencyQuery],
                    record_bases: list[str] | None = None) -> dict[str, object]:
    """What ``/queries.json`` returns: the prefixes to preset, the ready-made queries, and
    (when records are explained) where a record's explanation is."""
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    body = (
        "\n# Certainly telecommuters; rkg:isNot and rkg:undecided ask \"certainly not\" and"
        "\n# \"cannot tell\".\nSELECT ?worker ?label WHERE {\n  ?worker a rkg:Telecommuter .\n"
        "  OPTIONAL { ?worker rdfs:label ?label }\n}\n"
    )
    default = prologue + body
    return {
        "prefixes": PREFIXES,
        "defaultQuery": default,
        "queries": [asdict(q) for q in queries],
        "explain": ({"path": "/explain?iri=", "recordBases": record_bases}
                    if record_bases else None),
    }


def find_yasgui() -> Path | None:
    """Where ``scripts/install-yasgui.sh`` put the YASGUI bundle, if anywhere.

    ``REMOTE_KG_YASGUI_DIR``, when set, is the only place looked at.
    """
    chosen = os.environ.get(YASGUI_ENV)
    candidates = [chosen] if chosen else [
        STATIC_DIR / "vendor" / "yasgui",
        Path.home() / ".cache" / "remote-kg" / "yasgui",
    ]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in YASGUI_FILES):
            return Path(candidate)
    return None


def static_file(root: Path, relative: str) -> tuple[bytes, str] | None:
    """Read ``root/relative`` if it is a file inside ``root``; return (bytes, content type)."""
    root = root.resolve()
    try:  # a name too long for the file system is simply not there
        target = (root / relative).resolve()
        if root not in target.parents or not target.is_file():
            return None
    except (OSError, ValueError):
        return None
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type == "application/javascript":
        content_type += "; charset=utf-8"
    return target.read_bytes(), content_type
