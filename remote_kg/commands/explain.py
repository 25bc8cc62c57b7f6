"""`remote-kg explain`: why each record is or is not in each category."""

from __future__ import annotations

import json
from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    categories_option,
    csv_options,
    format_option,
    input_arguments,
    ontology_option,
    output_format,
    output_option,
    quiet_option,
)
from remote_kg.errors import InputError
from remote_kg.explain.explainer import explainer_for
from remote_kg.explain.report import as_text
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.combined import common_kind, read_all
from remote_kg.pipeline.readers import Input
from remote_kg.progress import Progress


@click.command("explain")
@input_arguments
@quiet_option
@click.option("--id", "ids", multiple=True,
              help="Record or posting to explain (repeatable); default: every one.")
@click.option("--category", "names", multiple=True,
              help="Category to explain (repeatable): a seed or authority category (such as "
              "EUTeleworker), or a job category for postings; default: every category "
              "--categories names.")
@categories_option
@format_option(["text", "markdown", "json"], None, "Output format; default: the one -o's "
               "extension names (.txt, .md, .json), else text.")
@output_option()
@ontology_option()
@base_option
@csv_options
def explain_command(sources: list[Input], ids: tuple[str, ...], names: tuple[str, ...],
                    categories: str | None, fmt: str, output: str | None,
                    ontology: str | None, base: str, quiet: bool) -> None:
    """Say why each record is or is not in each category, and what would decide the
    categories it cannot be placed in.

    For an answer: the fewest of the record's facts it rests on and the ontology axioms
    used, with their sources. For "cannot tell": the values of blank columns that would
    decide it. INPUT is a CSV of worker records or an RDF file of worker individuals
    (or several, a directory, a glob or -, as `classify` takes them),
    explained for the seed categories (or those --categories names, as `classify` takes
    it: authorities, all, names), or job postings (whatever `classify` reads as
    postings), explained for the job categories by their fields (jobLocationType,
    employmentType, ...). JSON is one object with --id given once, else a list.
    """
    fmt = output_format(fmt, output, ("text", "markdown", "json"), "text")
    holds = common_kind(sources)
    path = ", ".join(s.shown for s in sources)
    try:
        explainer, wanted = explainer_for(holds, Path(ontology) if ontology else None,
                                          categories, names)
    except InputError as exc:
        raise InputError([f"{path}: {p}" for p in exc.problems]) from None
    items = [item for read in read_all(sources, base) for item in read.items]
    noun = explainer.columns.noun
    if ids:
        by_id = {item.id: item for item in items}
        missing = [i for i in dict.fromkeys(ids) if i not in by_id]
        if missing:
            sample = ", ".join(repr(item.id) for item in items[:3])
            raise InputError([f"{path}: no {noun} with id {i!r} ({len(items)} {noun}s, "
                              f"such as {sample})" for i in missing])
        items = [by_id[i] for i in dict.fromkeys(ids)]
    progress = Progress(len(items), enabled=not quiet, every=max(1, len(items) // 200))
    explained = []
    for position, item in enumerate(items, 1):
        explained.append((item, explainer.record(item.id, item.facts, wanted)))
        progress.step(position)
    progress.close()
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            found = [e for _, e in explained]
            out.write(json.dumps(found[0] if len(ids) == 1 else found, indent=2,
                                 ensure_ascii=False) + "\n")
            return
        texts = [as_text(e, explainer.words.name, item.label, markdown=fmt == "markdown",
                         noun=noun) for item, e in explained]
        out.write("\n".join(texts))
