"""`remote-kg summary`: a file's answers counted per category, and drawn on request."""

from __future__ import annotations

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
    reasoner_option,
    rejects_option,
)
from remote_kg.outputs import write_output
from remote_kg.pipeline.classify import engine_for_input
from remote_kg.pipeline.readers import Input
from remote_kg.pipeline.rejects import check_rejects_path

TABLE_FORMATS = ("text", "csv", "json")


@click.command("summary")
@input_arguments
@format_option(TABLE_FORMATS, None, "Format of the table: text (default), csv or json.")
@output_option("Write the table here (.csv, .json, .txt), or draw a chart (.svg, .png: "
               "the table still goes to stdout); default: the table to stdout.")
@click.option("--weight", metavar="COLUMN", default=None,
              help="Weigh records by this column of a CSV or Parquet input, or postings by "
              "one of their fields as `classify --extra-columns keep` names it (such as "
              "totalJobOpenings: positions, not postings); numbers, 0 or more. Adds weighted "
              "shares; default: the column 'weight' if there is one.")
@rejects_option
@reasoner_option
@categories_option
@ontology_option()
@csv_options
@base_option
def summary_command(sources: list[Input], fmt: str | None, output: str | None, weight: str | None,
                    rejects: str | None, reasoner: str, categories: str | None,
                    ontology: Path | None, base: str) -> None:
    """Count INPUT's answers per category: is, is_not and unknown, with their shares.

    INPUT is anything `classify` reads (worker records as CSV, Parquet or RDF; job
    postings), or several such inputs counted together; the counts are those of `classify`
    on the same inputs and options.
    """
    from remote_kg.pipeline.combined import common_kind
    from remote_kg.pipeline.summary import as_csv, as_json, as_text, summarise

    chart = output is not None and Path(output).suffix.lower() in (".svg", ".png")
    table_output = None if chart else output
    fmt = output_format(fmt, table_output, TABLE_FORMATS, "text")
    common_kind(sources)
    rejects_path = (check_rejects_path(rejects, output, [s.path for s in sources])
                    if rejects else None)
    engine = engine_for_input(sources[0], reasoner, ontology, categories)
    summary = summarise(sources, engine, weight, base, ontology, rejects_path)
    if summary.set_aside:
        click.echo(summary.set_aside, err=True)
    if chart:
        from remote_kg.pipeline.chart import draw

        draw(summary, Path(output))
    text = {"text": as_text, "csv": as_csv, "json": as_json}[fmt](summary)
    if table_output is None:
        click.echo(text, nl=False)
    else:
        write_output(Path(table_output), text)
