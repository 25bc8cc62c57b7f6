"""`remote-kg compare`: every record under each authority's definitions, side by side."""

from __future__ import annotations

import json
from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    excel_option,
    format_option,
    input_arguments,
    ontology_option,
    output_format,
    output_option,
    reasoner_option,
)
from remote_kg.errors import InputError
from remote_kg.outputs import atomic_output


@click.command("compare")
@input_arguments
@format_option(["csv", "json"], None, "Output format; default: the one -o's extension "
               "names, else csv.")
@output_option()
@reasoner_option
@ontology_option()
@csv_options
@excel_option
@base_option
def compare_command(sources: list, fmt: str, output: str | None, reasoner: str,
                    ontology: str | None, base: str) -> None:
    """Compare each record under every authority: teleworker, remote, home worker, hybrid.

    INPUT is a records file as for `classify` (or several, compared together). CSV output
    has a row per record and authority, a column per sense (is, is_not, unknown; blank
    where the authority does not define that sense) and `disagrees_on`: the senses on
    which another authority gives the opposite definite answer. JSON gives one object per
    record with the same and, per sense, which authorities say is and which is_not.
    """
    from remote_kg.authorities.compare import compare, read_perspectives
    from remote_kg.classification.answers import classify_with
    from remote_kg.model.ontology import ontology_graph
    from remote_kg.model.owl import read_model
    from remote_kg.pipeline.combined import read_all
    from remote_kg.pipeline.writers import BYTE_ORDER_MARK, EXCEL_CSV, csv_line
    from remote_kg.reasoners.choice import get_reasoner

    fmt = output_format(fmt, output, ("csv", "json"), "csv")
    for source in sources:
        if source.holds == "postings":
            raise InputError(f"{source.path}: holds job postings; `remote-kg compare` reads "
                             "worker records (`remote-kg classify` classifies postings)")
    ontology_path = Path(ontology) if ontology else None
    graph = ontology_graph(ontology_path)
    perspectives = read_perspectives(graph, read_model(graph))
    engine = get_reasoner(reasoner, ontology_path, ",".join(perspectives.categories))
    records, results = [], []
    for read in read_all(sources, base):
        records += read.items
        results += classify_with(read.items, engine, str(read.input.path))
    rows = compare(records, results, perspectives)
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "csv":
            out.write(BYTE_ORDER_MARK if EXCEL_CSV.get() else "")
            out.write(csv_line(["id", "label", "authority", *perspectives.senses,
                                "disagrees_on"], "\n"))
            for row in rows:
                for authority in perspectives.authorities:
                    out.write(csv_line([row.id, row.label or "", authority.key,
                                        *(row.status.get((authority.key, s), "")
                                          for s in perspectives.senses),
                                        ";".join(row.disagrees_on(authority.key))], "\n"))
        else:
            out.write("[\n")
            for i, row in enumerate(rows):
                item = {
                    "id": row.id, "label": row.label,
                    "authorities": {
                        a.key: {s: row.status[(a.key, s)] for s in perspectives.senses
                                if (a.key, s) in row.status}
                        for a in perspectives.authorities},
                    "disagreements": row.disagreements,
                }
                out.write(("  " if i == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
            out.write("\n]\n")
