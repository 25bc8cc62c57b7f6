"""`remote-kg query`: SPARQL over ontology + data + inferences, a store or an endpoint.

Imports stay light here (the heavy ones happen inside `sparql.run_query_command` only when
`--data` needs the classifier), so a query over a big store starts in a fraction of a second.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    data_option,
    deals_option,
    existing_file,
    format_option,
    quiet_option,
    reasoner_option,
)

if TYPE_CHECKING:
    from remote_kg.pipeline.readers import Input


@click.command("query")
@click.argument("query_file", type=click.Path(dir_okay=False, allow_dash=True))
@data_option("Data (CSV records or RDF): a file, a directory (its files), a quoted glob "
             "pattern or - (standard input, when the query is a file); repeatable. "
             "Default: the bundled examples.", stdin_taken_by=("query_file", "the query"))
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Query an on-disk store built by `remote-kg load`.",
)
@click.option("--endpoint", default=None, help="Query a remote SPARQL endpoint instead.")
@click.option(
    "--graph",
    default=None,
    metavar="IRI",
    help="With --endpoint: query this named graph as the default graph (the graph that "
    "`push --graph IRI` wrote).",
)
@format_option(["table", "csv", "tsv", "json", "nt", "ttl", "jsonld"], None,
               "How to print the answer: table (the default), csv, tsv or json for a SELECT "
               "or ASK; nt (N-Triples, the default), ttl (Turtle) or jsonld for the graph a "
               "CONSTRUCT or DESCRIBE answers. A format of the other kind is refused.")
@click.option(
    "--bind",
    "bindings",
    multiple=True,
    metavar="NAME=IRI",
    help="Fix the query variable ?NAME to an IRI before running it, in the SELECT list or "
    "not (repeatable, each variable once; written in as VALUES opening the WHERE block): an "
    "<IRI>, a bare scheme://... or urn: IRI, or a prefixed name with a known prefix (the "
    "query's PREFIXes, or rkg:, data: for --base, ex:; any other is refused), e.g. --bind "
    "worker=data:w000001 to ask about one record.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query call other SPARQL endpoints (SERVICE) from this machine; refused "
    "by default, so a query file from elsewhere cannot send requests out.",
)
@quiet_option
@reasoner_option
@base_option
@deals_option
@csv_options
def query_command(
    query_file: str,
    data: list[Input],
    store_dir: str | None,
    endpoint: str | None,
    graph: str | None,
    fmt: str | None,
    bindings: tuple[str, ...],
    allow_service: bool,
    quiet: bool,
    reasoner: str,
    base: str,
    deals: tuple[Path, ...],
) -> None:
    """Run a SPARQL query (a file, or - for standard input) over ontology + data +
    inferences. The usual prefixes (rdf, rdfs, owl, xsd, skos, dcterms, rkg, data) need no
    PREFIX line; a query's own PREFIX wins."""
    from remote_kg.errors import InputError
    from remote_kg.kg.query_text import without_byte_order_mark
    from remote_kg.kg.sparql import QueryInterrupted, parse_bindings, run_query_command
    from remote_kg.model.text import check_argument_utf8, decode_utf8, read_utf8

    sources = [name for name, given in (("--data", data), ("--store", store_dir),
                                        ("--endpoint", endpoint)) if given]
    if len(sources) > 1:
        raise InputError(f"give one of --data, --store or --endpoint, not {' and '.join(sources)}")
    if deals and not data:
        raise click.UsageError("--deals goes with --data: a deal's workers are records of "
                               "the --data files")
    if graph and not endpoint:
        raise click.UsageError("--graph goes with --endpoint (a store or --data has no graphs)")
    if query_file == "-":
        query_file = "<stdin>"
        text = decode_utf8(sys.stdin.buffer.read(), query_file, "SPARQL text")
    else:
        text = read_utf8(existing_file(query_file), "SPARQL text")
    text = without_byte_order_mark(text)  # the one reading every later step sees
    bindings = tuple(check_argument_utf8(value, "--bind") for value in bindings)
    try:
        run_query_command(
            text,
            query_file,
            data,
            store_dir,
            endpoint,
            fmt,
            reasoner,
            base,
            parse_bindings(bindings, text, query_file, base),
            graph,
            allow_service,
            deals,
            progress=not quiet,
        )
    except KeyboardInterrupt:  # Ctrl-C: the query thread is left to die with the process
        raise QueryInterrupted(f"{query_file}: interrupted; nothing was printed") from None
