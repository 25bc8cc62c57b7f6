"""The Python interface: read records, classify them, and build graphs and stores.

This module is the face for users; nothing inside the package imports it. Each name here
lives in the room of its role (`classification`, `pipeline`, `kg`, `explain`, `columnar`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from remote_kg.classification.answers import (
    Classification,
    check_consistent,
    classify_items,
    classify_records,
    classify_with,
)
from remote_kg.columnar.spark import classify as classify_spark
from remote_kg.columnar.table import classify_frame, classify_table
from remote_kg.explain.references import resolve as resolve_explanation
from remote_kg.kg.frames import query_frame
from remote_kg.kg.graph import (
    STORED_CATEGORIES,
    add_inferences,
    build_store,
    data_ntriples,
    inference_lines,
    inferred_graph,
)
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.pipeline.readers import (
    is_postings_file,
    iter_csv_records,
    load_input_graph,
    read,
    read_records,
    refuse_postings,
)

__all__ = [
    "STORED_CATEGORIES", "Classification", "add_inferences", "build_store", "check_consistent",
    "classify_frame", "classify_items", "classify_path", "classify_records", "classify_spark",
    "classify_table", "classify_with", "data_ntriples", "explain_path", "explain_referenced",
    "inference_lines", "inferred_graph", "is_postings_file", "iter_csv_records",
    "load_input_graph", "query_frame", "read_records", "refuse_postings",
    "resolve_explanation",
]


def classify_path(
    path: Path, reasoner: str = "fast", base: str = DEFAULT_BASE, ontology: Path | None = None,
    categories: str | None = None, rejects: str | Path | None = None,
) -> list[Classification]:
    """Classify every record of a CSV, Parquet or RDF file (for `categories`; None: the
    seed ones), or every job posting of a JSON-LD or HTML file (for the job categories).

    With `rejects` (a .csv or .jsonl path), bad rows and postings (a bad value, a
    duplicate id, an inconsistent record) are written there with their line, reason and
    cells, and the others classified, as `classify --rejects` does; InputError when every
    row is refused or `rejects` names the input."""
    from remote_kg.classification.answers import engine_for
    from remote_kg.errors import InputError
    from remote_kg.pipeline.readers import resolve
    from remote_kg.pipeline.rejects import check_rejects_path
    from remote_kg.pipeline.set_aside import good_rows

    if rejects is None:
        reader, items = read(Path(path), base)
        engine = engine_for(reader.holds, reasoner, ontology, categories)
        return classify_items(items, engine, str(path), reader.holds)
    source = resolve(Path(path))
    target = check_rejects_path(rejects, None, [source.path], option="rejects=")
    engine = engine_for(source.holds, reasoner, ontology, categories)
    with good_rows(source, engine, target, base) as (good, refused):
        items = good.input.read(base)
        results = classify_items(items, good.engine, str(path), source.holds)
    if good.total and refused.count == good.total:
        raise InputError(f"{path}: every row ({good.total:,}) was refused; the reasons are "
                         f"in {target}")
    return results


def explain_path(
    path: Path, ids: Iterable[str] | None = None, categories: Iterable[str] | None = None,
    base: str = DEFAULT_BASE, ontology: Path | None = None,
) -> list[dict[str, object]]:
    """Explain records of a CSV or RDF file (all, or those with the given ids): per
    category, the facts and axioms its answer rests on, or the values that would decide it
    (the JSON of `remote-kg explain`)."""
    from remote_kg.explain.explainer import Explainer

    records = read_records(Path(path), base)
    if ids is not None:
        wanted = set(ids)
        records = [r for r in records if r.id in wanted]
    explainer = Explainer(ontology)
    chosen = explainer.check_categories(categories or ())
    return [explainer.record(r.id, r.facts, chosen) for r in records]


def explain_referenced(
    path: Path, base: str = DEFAULT_BASE, ontology: Path | None = None,
) -> dict[str, list]:
    """Explain every record of a CSV or RDF file as `classify --explain` writes it:
    ``{"records": [{"id", "explanation": [entry numbers]}], "explanations": [entries]}``,
    each distinct entry once (`resolve_explanation(numbers, explanations)` gives a record's
    ``{"categories": [...]}``, as `explain_path` does)."""
    from remote_kg.explain.explainer import Explainer
    from remote_kg.explain.references import ExplanationTable

    table = ExplanationTable(Explainer(ontology))
    records = [{"id": r.id, "explanation": table.why(r.facts)}
               for r in read_records(Path(path), base)]
    return {"records": records, "explanations": table.entries}
