"""The pipeline: read a file (`readers`), classify what it holds, write it (`writers`)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from remote_kg.classification import answers
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import CSV_OPTIONS, CsvRecordReader
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.arrow_csv import classify_csv_columnar
from remote_kg.pipeline.posting_fields import field_columns
from remote_kg.pipeline.readers import Input, Reader, resolve
from remote_kg.pipeline.set_aside import good_rows
from remote_kg.pipeline.writers import (
    Classified,
    check_extra_names,
    csv_fragment,
    csv_header,
    json_fragment,
    json_start,
    row_head,
    write_json_end,
    writer_for,
)
from remote_kg.progress import Progress
from remote_kg.rdf.provenance import run_for


def engine_for(reader: Reader, reasoner: str = "fast", ontology: Path | None = None,
               categories: str | None = None):
    """The engine for what `reader` holds (`classification.answers.engine_for`)."""
    return answers.engine_for(reader.holds, reasoner, ontology, categories)


def engine_for_input(source: Input, reasoner: str = "fast", ontology: Path | None = None,
                     categories: str | None = None):
    """`engine_for` the input's reader, its problems (an unknown category) named with the
    input's path."""
    try:
        return engine_for(source.reader, reasoner, ontology, categories)
    except InputError as exc:
        raise InputError([f"{source.path}: {p}" for p in exc.problems]) from None


def classify_read(reader: Reader, items: list[Any], engine, source: str) -> list[Any]:
    """The answers for what a reader read (`classification.answers.classify_items`)."""
    return answers.classify_items(items, engine, source, reader.holds)


def classify_file(path: Path | Input, fmt: str, output: str | None, engine,
                  base: str = DEFAULT_BASE, quiet: bool = True, explainer=None,
                  ontology: Path | None = None) -> None:
    """Classify every record or posting of `path` (a file, or an Input whose reader is
    already resolved) with `engine` (built from the ontology at `ontology`, None: the
    bundled one) and write the answers in `fmt` (json, csv, ttl, parquet) to `output`
    (None: stdout), all or nothing. `explainer` (`explain.references`: a table of
    entries the records refer to, or whole explanations inline) adds why. Writers that
    are not row by row get the run (`rdf.provenance`), which RDF output describes."""
    source = path if isinstance(path, Input) else resolve(path)
    path, reader = source.path, source.reader
    categories = list(engine.categories)
    writer = writer_for(fmt)
    if writer.table is not None and reader.holds == "records" and explainer is None:
        writer.table(path, output, engine, reader.name == "parquet")
        return
    if reader.name == "csv" and writer.rows and engine.name == "fast":
        if classify_csv_columnar(path, fmt, output, engine, categories, quiet, explainer):
            return  # the vectorised route took it; else the exact one below
        stream_csv(path, fmt, output, engine, categories, quiet, base, explainer)
        return
    items = reader.read(path, base)
    results = classify_read(reader, items, engine, str(path))
    names, extras = extras_of(path, reader, categories, items)
    run = run_for([path], engine.name, ",".join(categories), base, ontology)
    writer.write(output, Classified(path, reader.holds, reader.name, items, results, categories,
                                  names, extras, base, explainer, run))


def reads_every_fact(reader: Reader, fmt: str, engine, explainer=None) -> bool:
    """Whether `classify_file` reads every fact column of the records (False: only those
    the engine's categories read, as the fast CSV routes do), so that setting rows aside
    finds the inconsistent records the route would."""
    writer = writer_for(fmt)
    reduced = (reader.name == "csv" and writer.table is None and writer.rows
               and engine.name == "fast" and explainer is None)
    return not reduced


def classify_setting_aside(path: Path | Input, fmt: str, output: str | None, engine,
                           rejects: Path, base: str = DEFAULT_BASE, quiet: bool = True,
                           explainer=None, ontology: Path | None = None,
                           option: str = "--rejects") -> str:
    """`classify_file` for the good rows of `path`, each refused row written to the
    `rejects` file (`pipeline.set_aside`); returns the line saying how many were set aside.
    When every row is refused nothing is classified and no output is written: the rejects
    are, and InputError says so."""
    source = resolve(path)
    every = reads_every_fact(source.reader, fmt, engine, explainer)
    with good_rows(source, engine, rejects, base, every) as (good, refused):
        if good.total and refused.count == good.total:
            nothing = True
        else:
            nothing = False
            classify_file(good.input, fmt, output, good.engine, base, quiet, explainer,
                          ontology)
    if nothing:
        what = "posting" if source.holds == "postings" else "row"
        raise InputError(f"{source.path}: every {what} ({good.total:,}) was refused, so "
                         f"nothing was classified and no output written; the reasons are "
                         f"in {rejects}")
    return refused.summary(good.total)


def extras_of(path: Path, reader: Reader, categories: list[str],
              items: list[Any] = ()) -> tuple[list[str], dict]:
    """The kept extra columns' names and each record's cells (a pass over the CSV or
    Parquet file), or each posting's fields (`pipeline.posting_fields`, from the postings
    read: `items`); none for other inputs."""
    if CSV_OPTIONS.get().extra_columns != "keep":
        return [], {}
    if reader.holds == "postings":
        names = field_columns(p.fields for p in items)
        check_extra_names(path, names, categories, "postings")
        return names, {p.id: tuple(dict(p.fields).get(n) for n in names) for p in items}
    if reader.name not in ("csv", "parquet"):
        return [], {}
    if reader.name == "parquet":
        from remote_kg.columnar.table import parquet_extras

        names, cells = parquet_extras(path)
        check_extra_names(path, names, categories)
        return names, cells
    records = CsvRecordReader(path)
    cells = {record_id: extra for _, record_id, _, _, extra in records.rows_with_extras()}
    check_extra_names(path, records.extra_names, categories)
    return records.extra_names, cells


def stream_csv(path: Path, fmt: str, output: str | None, engine, categories: list[str],
               quiet: bool, base: str, explainer=None) -> None:
    """Classify a CSV in one pass: each distinct fact combination is answered once."""
    reader = CsvRecordReader(path)
    if explainer is None:  # answers alone: columns no category reads need not split Facts
        reader.keep_facts = engine.columns
    rows = reader.rows_with_extras()
    start = next(rows, None)  # reads the header: the kept columns are known from here
    names = reader.extra_names
    check_extra_names(path, names, categories)
    fragments: dict = {}
    inconsistent: list[str] = []
    progress = Progress(path.stat().st_size, enabled=not quiet)
    with atomic_output(Path(output) if output else None) as out:
        write_text = out.write
        if fmt == "json":
            write_text(json_start(explainer))
        else:
            write_text(csv_header(categories, names))
        first = True
        for line, record_id, label, facts, extras in (
                itertools.chain([start], rows) if start else ()):
            fragment = fragments.get(facts)
            if fragment is None:
                answer = engine.answer(facts)
                if not answer.consistent:
                    inconsistent.append(f"line {line}, id {record_id!r}")
                if fmt == "csv":
                    fragment = csv_fragment(answer, categories)
                else:
                    why = explainer.why(facts) if explainer and answer.consistent else None
                    fragment = json_fragment(answer, why)
                fragments[facts] = fragment
            head = row_head(fmt, record_id, label, extras, names)
            if fmt == "json":
                write_text(("\n  " if first else ",\n  ") + head + fragment)
            else:
                write_text(head + fragment)
            first = False
            progress.step()
        progress.close()
        reader.raise_if_problems()
        if inconsistent:
            raise InconsistentDataError(
                [f"{path}: inconsistent record at {where}" for where in inconsistent]
            )
        if fmt == "json":
            write_json_end(out, first, explainer)
