"""The ontology report: each check is a SPARQL query under ontology/checks/ with a
`# Problem:`, `# Solution:` and `# Level:` (ERROR or WARN) header; its rows are the problems.

An ERROR fails the report (and CI); a WARN is listed. Rows bind ?term, ?value and, where
two terms are involved, ?other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from remote_kg.errors import InputError
from remote_kg.model.ontology import ONTOLOGY_DIR, module_path

CHECKS_DIR = ONTOLOGY_DIR / "checks"
LEVELS = ("ERROR", "WARN")


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    problem: str
    solution: str
    query: str

    @classmethod
    def read(cls, path: Path) -> Check:
        text = path.read_text(encoding="utf-8")
        header = dict(re.findall(r"^# (Problem|Solution|Level): (.*)$", text, re.M))
        missing = [k for k in ("Problem", "Solution", "Level") if k not in header]
        if missing or header.get("Level") not in LEVELS:
            raise InputError(f"{path}: a check needs '# Problem:', '# Solution:' and "
                             f"'# Level: ERROR|WARN' header lines (missing {missing})")
        return cls(path.stem, header["Level"], header["Problem"], header["Solution"], text)


@dataclass(frozen=True)
class Finding:
    check: str
    level: str
    term: str
    value: str
    other: str


def checks(directory: Path = CHECKS_DIR) -> list[Check]:
    return [Check.read(p) for p in sorted(directory.glob("*.rq"))]


def _store(paths: Iterable[Path]) -> ox.Store:
    """The files, and the bundled modules they import (transitively), in one store."""
    store = ox.Store()
    pending = [Path(p) for p in paths]
    done: set[Path] = set()
    imports = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
    while pending:
        path = pending.pop()
        if path.resolve() in done:
            continue
        done.add(path.resolve())
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        before = {str(q.object.value) for q in store.quads_for_pattern(None, imports, None)}
        try:
            store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])
                       or ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: not readable RDF ({exc})") from exc
        for quad in store.quads_for_pattern(None, imports, None):
            iri = str(quad.object.value)
            if iri in before:
                continue
            module = module_path(path, iri)
            if module is None or not module.is_file():
                raise InputError(f"{path}: owl:imports <{iri}>, which is not bundled "
                                 f"(expected {module or 'an IRI under the ontology IRI'})")
            pending.append(module)
    return store


def run_checks(paths: Iterable[Path], selected: Iterable[Check] | None = None) -> list[Finding]:
    """Every finding of every check over the union of the ontology files `paths`."""
    store = _store(paths)
    findings = []
    for check in selected if selected is not None else checks():
        solutions = store.query(check.query)
        names = {v.value for v in solutions.variables}
        for row in solutions:
            cells = {n: row[n].value if n in names and row[n] is not None else ""
                     for n in ("term", "value", "other")}
            findings.append(Finding(check.name, check.level, **cells))
    return findings


def render_text(findings: list[Finding], all_checks: list[Check]) -> str:
    by_check = {c.name: c for c in all_checks}
    lines = []
    for name in sorted({f.check for f in findings}, key=lambda n: (by_check[n].level, n)):
        check = by_check[name]
        rows = [f for f in findings if f.check == name]
        lines.append(f"{check.level} {name}: {len(rows)} ({check.problem})")
        lines.append(f"  solution: {check.solution}")
        for f in rows:
            detail = ", ".join(x for x in (f.value, f.other) if x)
            lines.append(f"  {f.term}" + (f"  {detail}" if detail else ""))
    errors = sum(f.level == "ERROR" for f in findings)
    warnings = sum(f.level == "WARN" for f in findings)
    lines.append(f"{len(all_checks)} checks: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def render_tsv(findings: list[Finding]) -> str:
    rows = ["level\tcheck\tterm\tvalue\tother"]
    rows += ["\t".join((f.level, f.check, f.term, f.value.replace("\t", " "), f.other))
             for f in findings]
    return "\n".join(rows) + "\n"


def render_json(findings: list[Finding]) -> str:
    return json.dumps([f.__dict__ for f in findings], indent=2) + "\n"
