"""`remote-kg load`: records, deals and postings with their answers into an on-disk store."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    deals_option,
    input_arguments,
    reasoner_option,
)
from remote_kg.kg.store import load_paths
from remote_kg.pipeline.readers import Input


@click.command("load")
@input_arguments
@click.option(
    "--store",
    "store_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory of the on-disk store (created if missing).",
)
@reasoner_option
@base_option
@click.option(
    "--replace",
    is_flag=True,
    help="Start from an empty store instead of adding to the existing one.",
)
@click.option(
    "--no-optimize",
    is_flag=True,
    help="Skip compacting the store after loading: quicker for a small addition to "
    "a big store, slower queries until the next optimized load.",
)
@click.option("-q", "--quiet", is_flag=True,
              help="No progress report (shown only on a terminal) and no summary on stderr.")
@deals_option
@csv_options
def load_command(
    sources: list[Input],
    store_dir: str,
    reasoner: str,
    base: str,
    replace: bool,
    no_optimize: bool,
    quiet: bool,
    deals: tuple[Path, ...],
) -> None:
    """Load the ontology, records (CSV or RDF) and their inferred categories into a store.

    INPUT is a file, a directory (its files), a quoted glob pattern or - (standard input).

    The store is changed all at once or not at all: a bad row, an inconsistent record or
    an unreadable file leaves it as it was. A record whose IRI the store already holds
    replaces the stored one (its facts and inferred categories). A
    store built with another version of the ontology is refused: rebuild it with --replace.
    Query it with `remote-kg query Q.rq --store DIR` or serve it with `remote-kg serve`.
    """
    summary = load_paths(
        sources,
        Path(store_dir),
        reasoner,
        base,
        replace,
        optimize=not no_optimize,
        deals=deals,
        progress=not quiet,
    )
    if not quiet:
        click.echo(
            f"loaded {summary.records} records"
            f"{f' and {summary.deals} deals' if summary.deals else ''} into {store_dir} "
            f"({summary.added} added, "
            f"{summary.replaced} replaced): "
            f"{summary.triples_after} triples (was {summary.triples_before})",
            err=True,
        )
