"""`remote-kg push`: inputs with their answers into a remote triple store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from remote_kg.commands.options import (
    csv_options,
    deals_option,
    input_arguments,
    quiet_option,
    reasoner_option,
)
from remote_kg.errors import InputError
from remote_kg.kg.push import (
    PASSWORD_ENV,
    USER_ENV,
    RetryPolicy,
    batches,
    count_triples,
    derive_gsp,
    describe_records,
    make_client,
    push_graph,
    push_gsp,
    push_update,
    record_iris,
    sending,
)
from remote_kg.model.ontology import RKG
from remote_kg.pipeline.readers import Input


@click.command("push")
@input_arguments(required=False)
@click.option("--endpoint", required=True, help="The store's SPARQL query endpoint.")
@click.option("--graph", default=None, help="Named graph to replace (default: default graph).")
@click.option("--gsp", default=None,
              help="Graph Store Protocol URL (derived from --endpoint for Oxigraph, Fuseki, "
              "GraphDB and Virtuoso).")
@click.option("--update-endpoint", default=None,
              help="Push with SPARQL Update at this URL instead of the Graph Store Protocol.")
@click.option("--user", envvar=USER_ENV, default=None, help=f"User name (or {USER_ENV}).")
@click.option("--password", envvar=PASSWORD_ENV, default=None,
              help=f"Password (or {PASSWORD_ENV}).")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic",
              show_default=True, help="HTTP authentication scheme.")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(min=1),
              help="Triples per request.")
@click.option("--retries", default=5, show_default=True, type=click.IntRange(0, 20),
              help="Retries of a request after a transient failure.")
@click.option("--retry-wait", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds before the first retry; doubles each time, at most 30.")
@quiet_option
@reasoner_option
@deals_option
@csv_options
def push_command(
    sources: list[Input],
    endpoint: str,
    graph: str | None,
    gsp: str | None,
    update_endpoint: str | None,
    user: str | None,
    password: str | None,
    auth: str,
    batch_size: int,
    retries: int,
    retry_wait: float,
    quiet: bool,
    reasoner: str,
    deals: tuple[Path, ...],
) -> None:
    """Load the ontology, INPUT records and their inferred categories into a triple store.

    INPUT is a file, a directory (its files), a quoted glob pattern or - (standard input).

    The target graph is replaced, so pushing the same input twice leaves the same graph,
    and a record is never held in two versions; stderr says how many records were added and
    how many replaced.
    """
    if gsp and update_endpoint:
        raise InputError("give either --gsp or --update-endpoint, not both")
    if not gsp and not update_endpoint:
        gsp = derive_gsp(endpoint, authenticated=user is not None)
        if gsp is None:
            raise InputError(
                f"--endpoint {endpoint}: cannot tell where this store's Graph Store Protocol "
                "is; give --gsp URL, or --update-endpoint URL to push with SPARQL Update"
            )
    data = push_graph(sources, reasoner, deals, progress=not quiet)
    pushed = {str(w) for w in data.subjects(RKG.recordId, None)}
    docs = batches(data, batch_size)
    policy = RetryPolicy(retries=retries, first_wait=retry_wait)
    target = f"<{graph}>" if graph else "the default graph"
    with make_client(user, password, auth) as client:
        before = record_iris(client, endpoint, graph, policy)
        with sending(len(data), enabled=not quiet) as progress:
            if update_endpoint:
                push_update(client, update_endpoint, graph, docs, policy, progress)
            else:
                assert gsp is not None
                push_gsp(client, gsp, graph, docs, policy, progress)
        click.echo(f"pushed {len(data)} triples in {len(docs)} request(s) to {target}",
                   err=True)
        click.echo(describe_records(pushed, before, target), err=True)
        stored = count_triples(client, endpoint, graph, policy)
    click.echo(f"{endpoint} now holds {stored} triples in {target}")
    if stored != len(data):
        click.echo(f"warning: expected {len(data)}; the store may merge graphs into its default "
                   "graph or have kept earlier data", err=True)
    sys.stdout.flush()
