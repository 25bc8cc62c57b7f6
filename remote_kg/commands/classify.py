"""`remote-kg classify`: options turned into one call of the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    categories_option,
    csv_options,
    excel_option,
    format_option,
    input_arguments,
    ontology_option,
    output_format,
    output_option,
    quiet_option,
    reasoner_option,
    rejects_option,
)
from remote_kg.errors import InputError
from remote_kg.pipeline.classify import (
    classify_file,
    classify_setting_aside,
    engine_for_input,
)
from remote_kg.pipeline.combined import classify_all, common_kind
from remote_kg.pipeline.readers import Input
from remote_kg.pipeline.rejects import check_one_input, check_rejects_path
from remote_kg.pipeline.writers import formats

# The formats explanations are written in: referenced (a table of entries, each record
# referring to its own by number) or inline (each record's whole explanation).
EXPLAINED_FORMATS = ("json", "jsonl", "parquet")
INLINE_FORMATS = ("json", "jsonl")


@click.command("classify")
@input_arguments
@format_option(formats(), None, "Output format; default: the one -o's extension names "
               "(.json, .jsonl, .csv, .ttl, .nt, .parquet), else json.")
@output_option()
@reasoner_option
@categories_option
@ontology_option()
@quiet_option
@click.option("--explain", is_flag=True,
              help="Say why (see `remote-kg explain`): each distinct explanation written "
              "once, in an `explanations` table (JSON, JSON Lines; Parquet: a second file "
              "OUT.explanations.parquet), each record referring to its entries by number.")
@click.option("--explain-inline", is_flag=True,
              help="With JSON or JSON Lines: each record's whole explanation in the record "
              "(the per-record form; for small files). Implies --explain.")
@rejects_option
@csv_options
@excel_option
@base_option
def classify_command(
    sources: list[Input],
    fmt: str | None,
    output: str | None,
    reasoner: str,
    categories: str | None,
    ontology: str | None,
    quiet: bool,
    explain: bool,
    explain_inline: bool,
    rejects: str | None,
    base: str,
) -> None:
    """Classify each record: the categories it is in, is not in, and cannot be decided.

    INPUT is a CSV (or .tsv) or Parquet file of worker records, an RDF file of worker
    individuals, or schema.org job postings (.jsonld / .json, .jsonl / .ndjson with one
    posting a line, or .html pages embedding them), classified for the job categories.
    Several inputs (files, directories, quoted glob patterns such as "exports/*.csv", and
    - for standard input) give one output: each input's answers in turn. CSV, JSON and
    Parquet output keep each record's id and label, and with --extra-columns keep the
    input's other columns too.

    With --rejects FILE, bad rows are set aside in FILE and the others classified: exit 0,
    and a line on stderr saying how many rows were set aside (exit 2 when every row was).
    """
    fmt = output_format(fmt, output, formats(), "json")
    source = sources[0]
    path = source.path
    if rejects:
        check_one_input(len(sources))
    rejects_path = check_rejects_path(rejects, output, [path]) if rejects else None
    holds = common_kind(sources)
    if explain and explain_inline:
        raise InputError("--explain and --explain-inline do not go together: --explain "
                         "writes each distinct explanation once in a table the records "
                         "refer to, --explain-inline each record's whole explanation; "
                         "give one of them")
    explain = explain or explain_inline
    allowed = EXPLAINED_FORMATS if not explain_inline else INLINE_FORMATS
    if explain and fmt not in allowed:
        option = "--explain-inline" if explain_inline else "--explain"
        raise InputError(f"{option} does not go with --format {fmt}; use --format "
                         f"{' or '.join(allowed)} (or `remote-kg explain`)")
    if explain and fmt == "parquet" and output not in (None, "-"):
        from remote_kg.columnar.parquet import explanations_path
        from remote_kg.outputs import check_not_an_input

        check_not_an_input(explanations_path(Path(output)), [s.path for s in sources],
                           "the explanations file beside -o")
    ontology_path = Path(ontology) if ontology else None
    engine = engine_for_input(source, reasoner, ontology_path, categories)
    explainer = None
    if explain:  # records for the categories answered, or postings for the job categories
        from remote_kg.explain.explainer import Explainer
        from remote_kg.explain.references import ExplanationTable, InlineExplanations

        form = InlineExplanations if explain_inline else ExplanationTable
        explainer = form(Explainer(ontology_path, categories, holds))
    if len(sources) > 1:
        classify_all(sources, fmt, output, engine, base, explainer, ontology_path)
        return
    if rejects_path is None:
        classify_file(source, fmt, output, engine, base, quiet, explainer, ontology_path)
        return
    summary = classify_setting_aside(source, fmt, output, engine, rejects_path, base, quiet,
                                     explainer, ontology_path)
    click.echo(summary, err=True)
