"""The Python interface: read records, classify them, and build graphs and stores.

This module is the face for users; nothing inside the package imports it. Each name here
lives in the room of its role (`classification`, `pipeline`, `kg`, `explain`, `columnar`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    read,  # noqa: F401 (kept for `api.read` users)
    read_records,
    refuse_postings,
)

__all__ = [
    "STORED_CATEGORIES", "Classification", "add_inferences", "build_store", "check_consistent",
    "classify_deals_path", "classify_frame", "classify_items", "classify_path",
    "classify_records", "classify_spark",
    "classify_table", "classify_with", "data_ntriples", "explain_path", "explain_referenced",
    "inference_lines", "inferred_graph", "is_postings_file", "iter_csv_records",
    "load_input_graph", "query_frame", "read_records", "refuse_postings",
    "resolve_explanation",
]


def classify_path(
    path: str | Path | Sequence[str | Path], reasoner: str = "fast", base: str = DEFAULT_BASE,
    ontology: Path | None = None, categories: str | None = None,
    rejects: str | Path | None = None, *, extra_columns: str = "refuse",
    delimiter: str | None = None, columns: Mapping[str, str] | str | Sequence[str] | None = None,
    encoding: str | None = None,
) -> list[Classification]:
    """Classify every record of a CSV, Parquet or RDF file (for `categories`; None: the
    seed ones), or every job posting of a JSON-LD, JSON Lines or HTML file (for the job
    categories).

    `path` may also be a directory, a glob pattern or a list of these: the answers of each
    file in turn (one kind of input; an id in two files is an InputError naming both).
    The keywords are the command line's options: `extra_columns` ("refuse", "keep",
    "ignore"), `delimiter` ("comma", "semicolon", "tab" or the character itself),
    `columns` (the export's names of our columns: {"Employee ID": "id"}, or
    "Employee ID=id,..."), `encoding` (of text inputs; default UTF-8).

    With `rejects` (a .csv or .jsonl path), bad rows and postings (a bad value, a
    duplicate id, an inconsistent record) are written there with their line, reason and
    cells, and the others classified, as `classify --rejects` does; InputError when every
    row is refused or `rejects` names the input."""
    from remote_kg.classification.answers import engine_for
    from remote_kg.errors import InputError
    from remote_kg.pipeline.combined import common_kind, read_all
    from remote_kg.pipeline.inputs import arrived
    from remote_kg.pipeline.rejects import check_rejects_path
    from remote_kg.pipeline.set_aside import good_rows

    names = [str(path)] if isinstance(path, (str, Path)) else [str(p) for p in path]
    with _python_options(extra_columns, delimiter, columns), \
            arrived(names, encoding=encoding) as sources:
        if rejects is None:
            holds = common_kind(sources)
            engine = engine_for(holds, reasoner, ontology, categories)
            return [result for read in read_all(sources, base) for result in classify_items(
                read.items, engine, str(read.input.path), holds)]
        if len(sources) > 1:
            raise InputError(f"rejects= sets aside the rows of one input; {len(sources)} "
                             "inputs were given (classify them one at a time)")
        source = sources[0]
        target = check_rejects_path(rejects, None, [source.path], option="rejects=")
        engine = engine_for(source.holds, reasoner, ontology, categories)
        with good_rows(source, engine, target, base) as (good, refused):
            items = good.input.read(base)
            results = classify_items(items, good.engine, str(source.path), source.holds)
        if good.total and refused.count == good.total:
            raise InputError(f"{source.path}: every row ({good.total:,}) was refused; the "
                             f"reasons are in {target}")
        return results


def classify_deals_path(
    deals: str | Path, records: str | Path, reasoner: str = "fast", base: str = DEFAULT_BASE,
    ontology: Path | None = None, rejects: str | Path | None = None, *,
    extra_columns: str = "refuse", delimiter: str | None = None,
    columns: Mapping[str, str] | str | Sequence[str] | None = None,
) -> list[Classification]:
    """Classify the sourcing deals of a CSV file, their workers being the records of
    `records` (CSV, Parquet or RDF), as `remote-kg classify-deals` does; the keywords
    read the records as in `classify_path`.

    With `rejects` (a .csv or .jsonl path), bad deal rows (a bad value, a duplicate id, a
    worker no record has or whose row is bad, an inconsistent deal) are written there
    with their line, reason and cells, and the others classified; InputError when every
    deal row is refused or `rejects` names an input."""
    from remote_kg.pipeline.deals import classify_deal_file

    with _python_options(extra_columns, delimiter, columns):
        return classify_deal_file(Path(deals), Path(records), reasoner, base, ontology,
                                  rejects)


@contextlib.contextmanager
def _python_options(extra_columns: str = "refuse", delimiter: str | None = None,
                    columns: Mapping[str, str] | str | Sequence[str] | None = None,
                    ) -> Iterator[None]:
    """The command line's CSV options, from keywords, for the block; errors in it name
    keywords (`extra_columns='keep'`), not options."""
    from remote_kg.errors import INTERFACE, InputError
    from remote_kg.model.records import (
        CSV_OPTIONS,
        DELIMITERS,
        EXTRA_COLUMNS,
        CsvOptions,
        column_pairs,
    )

    interface = INTERFACE.set("python")
    try:
        if extra_columns not in EXTRA_COLUMNS:
            raise InputError(f"extra_columns={extra_columns!r}: expected one of "
                             f"{', '.join(map(repr, EXTRA_COLUMNS))}")
        marks = {**{name: mark for mark, name in DELIMITERS.items()},
                 **{mark: mark for mark in DELIMITERS}}
        if delimiter is not None and delimiter not in marks:
            raise InputError(f"delimiter={delimiter!r}: expected one of "
                             f"{', '.join(map(repr, DELIMITERS.values()))} (or the character)")
        options = CsvOptions(extra_columns, marks.get(delimiter or ""), column_pairs(columns))
        token = CSV_OPTIONS.set(options)
        try:
            yield
        finally:
            CSV_OPTIONS.reset(token)
    finally:
        INTERFACE.reset(interface)


def explain_path(
    path: Path, ids: Iterable[str] | None = None, categories: str | Iterable[str] | None = None,
    base: str = DEFAULT_BASE, ontology: Path | None = None,
) -> list[dict[str, object]]:
    """Explain records of a CSV, Parquet or RDF file, or job postings (all, or those with
    the given ids): per category, the facts (a posting's fields) and axioms its answer
    rests on, or the values that would decide it (the JSON of `remote-kg explain`).

    `categories` is a list of category names (`explain --category`: any seed, authority
    or, for postings, job category), or a string as `classify --categories` takes it
    ("authorities", "all", "EUTeleworker,OPMTeleworker"); None: the seed categories (the
    job categories for postings)."""
    explainer, chosen, items = _explained_input(path, categories, base, ontology)
    if ids is not None:
        wanted = set(ids)
        items = [item for item in items if item.id in wanted]
    return [explainer.record(item.id, item.facts, chosen) for item in items]


def explain_referenced(
    path: Path, base: str = DEFAULT_BASE, ontology: Path | None = None,
    categories: str | None = None,
) -> dict[str, list]:
    """Explain every record (or posting) of a file as `classify --explain` writes it, for
    `categories` as `classify --categories` takes it: ``{"records": [{"id",
    "explanation": [entry numbers]}], "explanations": [entries]}``, each distinct entry
    once (`resolve_explanation(numbers, explanations)` gives a record's ``{"categories":
    [...]}``, as `explain_path` does)."""
    from remote_kg.explain.references import ExplanationTable

    explainer, _, items = _explained_input(path, categories, base, ontology)
    table = ExplanationTable(explainer)
    records = [{"id": item.id, "explanation": table.why(item.facts)} for item in items]
    return {"records": records, "explanations": table.entries}


def _explained_input(path: Path, categories: str | Iterable[str] | None, base: str,
                     ontology: Path | None) -> tuple:
    """The explainer for what `path` holds and `categories`, the categories to explain,
    and what the file holds."""
    from remote_kg.explain.explainer import explainer_for
    from remote_kg.pipeline.readers import resolve

    source = resolve(Path(path))
    spec, names = ((categories, ()) if isinstance(categories, str) or categories is None
                   else (None, tuple(categories)))
    explainer, chosen = explainer_for(source.holds, ontology, spec, names)
    return explainer, chosen, source.read(base)
