"""`remote-kg explain`: why each record is or is not in each category."""

from __future__ import annotations

import json
from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    existing_file,
    format_option,
    ontology_option,
    output_format,
    output_option,
    quiet_option,
)
from remote_kg.errors import InputError
from remote_kg.explain.explainer import Explainer
from remote_kg.explain.report import as_text
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.readers import read_records, refuse_postings
from remote_kg.progress import Progress


@click.command("explain")
@click.argument("input", type=click.Path(dir_okay=False))
@quiet_option
@click.option("--id", "ids", multiple=True,
              help="Record to explain (repeatable); default: every record.")
@click.option("--category", "categories", multiple=True,
              help="Category to explain (repeatable); default: every category.")
@format_option(["text", "markdown", "json"], None, "Output format; default: the one -o's "
               "extension names (.txt, .md, .json), else text.")
@output_option()
@ontology_option()
@base_option
@csv_options
def explain_command(input: str, ids: tuple[str, ...], categories: tuple[str, ...], fmt: str,
                    output: str | None, ontology: str | None, base: str, quiet: bool) -> None:
    """Say why each record is or is not in each category, and what would decide the
    categories it cannot be placed in.

    For an answer: the fewest of the record's facts it rests on and the ontology axioms
    used, with their sources. For "cannot tell": the values of blank columns that would
    decide it. INPUT is a CSV of worker records or an RDF file of worker individuals. JSON
    is one object with --id given once, else a list.
    """
    fmt = output_format(fmt, output, ("text", "markdown", "json"), "text")
    path = existing_file(input)
    refuse_postings(path, "explain")
    explainer = Explainer(Path(ontology) if ontology else None)
    wanted = explainer.check_categories(categories)
    records = read_records(path, base)
    if ids:
        by_id = {r.id: r for r in records}
        missing = [i for i in dict.fromkeys(ids) if i not in by_id]
        if missing:
            sample = ", ".join(repr(r.id) for r in records[:3])
            raise InputError([f"{path}: no record with id {i!r} ({len(records)} records, "
                              f"such as {sample})" for i in missing])
        records = [by_id[i] for i in dict.fromkeys(ids)]
    progress = Progress(len(records), enabled=not quiet, every=max(1, len(records) // 200))
    explained = []
    for position, r in enumerate(records, 1):
        explained.append((r, explainer.record(r.id, r.facts, wanted)))
        progress.step(position)
    progress.close()
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            items = [e for _, e in explained]
            out.write(json.dumps(items[0] if len(ids) == 1 else items, indent=2,
                                 ensure_ascii=False) + "\n")
            return
        texts = [as_text(e, explainer.words.name, r.label, markdown=fmt == "markdown")
                 for r, e in explained]
        out.write("\n".join(texts))
