"""`remote-kg classify-deals`: deals classified beside the worker records they involve."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.classification.deals import classify_deals, deal_ntriples, deal_reasoner
from remote_kg.commands.options import (
    base_option,
    csv_options,
    existing_file,
    format_option,
    ontology_option,
    output_format,
    output_option,
    reasoner_option,
    rejects_option,
)
from remote_kg.model.ontology import RKG
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.deals import classify_deals_apart, read_deals_beside
from remote_kg.pipeline.rejects import check_rejects_path
from remote_kg.pipeline.writers import row_head, write_csv_rows, write_json_rows

DEAL_FORMATS = ("json", "csv", "ttl")


@click.command("classify-deals")
@click.argument("deals", type=click.Path(dir_okay=False))
@click.option("--records", "records_path", required=True, type=click.Path(dir_okay=False),
              help="The worker records (CSV, TSV, Parquet or RDF) whose ids the deals' "
                   "`workers` column lists.")
@format_option(DEAL_FORMATS, None, "Output format; default: the one -o's extension names, "
               "else json.")
@output_option()
@reasoner_option
@ontology_option()
@rejects_option
@csv_options
@base_option
def classify_deals_command(deals: str, records_path: str, fmt: str, output: str | None,
                           reasoner: str, ontology: str | None, rejects: str | None,
                           base: str) -> None:
    """Classify each sourcing deal: outsourcing, remote staffing, mixed sourcing...

    DEALS is a CSV with the columns id, label, provider (none, freelancer, contractor,
    service_provider, outside, or blank) and workers (';'-separated ids of rows of --records: the
    complete list, or blank when unknown). Every problem in either file is listed and
    nothing is written.

    With --rejects FILE, bad deal rows are set aside in FILE (a deal naming a bad worker
    row too, with that row's reason) and the others classified: exit 0, and a line on
    stderr saying how many rows were set aside (exit 2 when every deal row was).
    """
    from remote_kg.pipeline.readers import read_records, refuse_postings
    from remote_kg.rdf.provenance import run_for
    fmt = output_format(fmt, output, DEAL_FORMATS, "json")
    deal_path = existing_file(deals)
    refuse_postings(existing_file(records_path), "deals")
    engine = deal_reasoner(reasoner, Path(ontology) if ontology else None)
    apart = None
    if rejects:
        target = check_rejects_path(rejects, output, [deal_path, Path(records_path)])
        apart, results, said = classify_deals_apart(deal_path, Path(records_path), engine,
                                                    target, base)
        found = apart.deals
    else:
        records = read_records(existing_file(records_path), base)
        found = read_deals_beside(deal_path, records, base)
        results = classify_deals(found, engine, str(deal_path))
    categories = engine.categories
    heads = [row_head(fmt, d.id, d.label, (), []) for d in found]
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            write_json_rows(out, ((head, result, None) for head, result in zip(heads, results)))
        elif fmt == "csv":
            write_csv_rows(out, zip(heads, results), categories, [])
        else:
            from rdflib import Graph

            graph = Graph()
            graph.bind("rkg", RKG)
            graph.bind("data", base)
            graph.parse(data="".join(deal_ntriples(found, results)), format="nt")
            run = run_for([deal_path, existing_file(records_path)], reasoner,
                          ",".join(categories), base, Path(ontology) if ontology else None)
            run.add_to(graph, (r.iri for r in results))  # the run that gave the answers
            out.write(graph.serialize(format="turtle"))
    if apart is not None:
        apart.rejects.write()
        for line in said:
            click.echo(line, err=True)
