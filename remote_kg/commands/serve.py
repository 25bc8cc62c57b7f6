"""``remote-kg serve``: a read-only SPARQL endpoint and query page over the knowledge graph."""

from __future__ import annotations

import gc
import json
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import click
import pyoxigraph as ox

from remote_kg.commands.options import (
    csv_options,
    data_option,
    deals_option,
    quiet_option,
    reasoner_option,
)
from remote_kg.errors import InputError
from remote_kg.model.ontology import QUERIES_DIR
from remote_kg.pipeline.readers import Input
from remote_kg.server.app import AppConfig, Handler, RemoteKGServer, is_loopback
from remote_kg.server.explain import RecordExplanations
from remote_kg.server.page import find_yasgui, load_competency_queries
from remote_kg.server.pool import Sharing, WorkerFailed, WorkerPool

IPV6 = socket.AF_INET6


def _write_store(data: Sequence[Input], reasoner: str, examples: bool, target: Path,
                 deals: Sequence[Path] = (), progress: bool = False) -> None:
    """Build ontology + examples + data + deals + inferences and write it as an on-disk
    store (counting the triples on stderr when `progress`)."""
    from remote_kg.kg.graph import build_store  # the core API; imported late, it is heavy

    memory = build_store(list(data), reasoner=reasoner, include_examples=examples,
                         deals=list(deals), progress=progress)
    disk = ox.Store(str(target))
    disk.bulk_extend(memory)
    disk.flush()
    del disk, memory
    gc.collect()  # closes the on-disk store so the workers can open it read-only


def _check_store(directory: Path) -> None:
    """Open a store made by ``remote-kg load`` once, for its own error messages."""
    if not directory.is_dir():
        raise InputError(f"--store {directory}: no such directory (build one with remote-kg load)")
    try:
        from remote_kg.kg.store_open import open_store
    except ImportError:
        return
    store = open_store(directory)
    del store
    gc.collect()


def _summary(directory: Path) -> tuple[int, list[str]]:
    store = ox.Store.read_only(str(directory))
    graphs = list(store.named_graphs())
    named = sorted(g.value for g in graphs if isinstance(g, ox.NamedNode))
    # Counted inside pyoxigraph: iterating 14 M quads in Python took most of a minute.
    if graphs:
        count = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        triples = int(next(iter(count))["n"].value)
    else:
        triples = len(store)
    del store
    gc.collect()
    return triples, named


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("serve")
@data_option("Records (CSV) or RDF to serve with the ontology: a file, a directory (its "
             "files), a quoted glob pattern or - (standard input); repeatable.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Serve an on-disk store built by `remote-kg load` instead of --data.")
@click.option("--with-examples/--no-examples", "with_examples", default=None,
              help="Serve the seed examples (ontology/examples.ttl) too. Default: only when "
              "no --data is given.")
@reasoner_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the data to the network.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Longest a query may run, in seconds; clients may ask for less.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Most result rows (or triples) returned; longer results are cut.")
@click.option("--max-bytes", default=16 << 20, show_default=True, type=click.IntRange(min=1024),
              help="Largest answer body, in bytes; longer results are cut (a single row or "
                   "value larger than this is not sent).")
@click.option("--max-body", default=1 << 20, show_default=True, type=click.IntRange(min=1),
              help="Largest request body accepted, in bytes.")
@click.option("--cors", "cors_origin", default=None,
              help="Allow browser pages from this origin (or *) to query; off by default.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Queries that may run at the same time (one process each).")
@click.option("--per-client", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Queries one client may run at once on the general workers (a remote "
                   "host counts as one client, each loopback connection as its own).")
@click.option("--queue-wait", default=5.0, show_default=True, type=click.FloatRange(min=0),
              help="Longest a query waits for a free worker before a 503 with Retry-After; "
                   "the wait does not count against its --timeout.")
@click.option("--queries-dir", type=click.Path(file_okay=False, path_type=Path),
              default=QUERIES_DIR, show_default=False,
              help="Where the competency queries (*.rq) shown on the query page are.")
@quiet_option
@deals_option
@csv_options
def serve_command(
    data: list[Input],
    store_dir: Path | None,
    with_examples: bool | None,
    reasoner: str,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_bytes: int,
    max_body: int,
    cors_origin: str | None,
    workers: int,
    per_client: int,
    queue_wait: float,
    queries_dir: Path,
    quiet: bool,
    deals: tuple[Path, ...],
) -> None:
    """Serve the knowledge graph read-only over the SPARQL 1.1 Protocol, with a query page.

    The endpoint is /sparql; the page is /. Updates and SERVICE are refused, so are requests
    that pages of other sites make a browser send, and every query runs under --timeout.
    Besides the --workers, one quick worker takes any query for its first second when the
    others are busy, so small queries are answered while long ones run.
    """
    if data and store_dir:
        raise InputError("give either --data files or --store DIR, not both")
    if store_dir and with_examples is not None:
        raise InputError("--with-examples / --no-examples go with --data; a --store holds "
                         "what was loaded into it")
    examples = (not data) if with_examples is None else with_examples
    if deals and not data:
        raise InputError("--deals goes with --data: a deal's workers are records of the "
                         "--data files")
    with tempfile.TemporaryDirectory(prefix="remote-kg-serve-") as tmp:
        if store_dir:
            _check_store(store_dir)
            directory = store_dir
        else:
            directory = Path(tmp) / "store"
            _write_store(data, reasoner, examples, directory, deals, progress=not quiet)
        triples, named = _summary(directory)
        served = _what_is_served([*(s.shown for s in data), *map(str, deals)], store_dir,
                                 examples)
        files = [s.path for s in data]  # scratch copies of stdin or another encoding, for
        try:  # the workers' explanations: they last while the server runs
            explain = {} if store_dir else {"explain": {
                "paths": [str(p.resolve()) for p in files], "examples": examples}}
            pool = WorkerPool(directory, size=workers, sharing=Sharing(
                per_client=per_client, queue_seconds=queue_wait),
                worker_args=[json.dumps(explain)] if explain else [])
        except WorkerFailed as exc:
            raise InputError(str(exc)) from exc
        try:
            _serve(pool, host, port, AppConfig(
                pool=pool, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                max_body=max_body,
                cors_origin=cors_origin, triples=triples, named_graphs=named,
                queries=load_competency_queries(queries_dir), yasgui_dir=find_yasgui(),
                check_host=is_loopback(host), served=served,
                extra={} if store_dir else
                {"explanations": RecordExplanations(files, examples)},
            ))
        finally:
            pool.close()


def _what_is_served(data: Sequence[str], store_dir: Path | None, examples: bool) -> str:
    """The start-up line's account of the served data."""
    if store_dir:
        return f"the store {store_dir}"
    parts = ["the ontology"]
    if examples:
        parts.append("the seed examples")
    parts.extend(data)
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return listed + " with their inferred categories" * (len(parts) > 1)


def _serve(pool: WorkerPool, host: str, port: int, config: AppConfig) -> None:
    server_class = RemoteKGServer
    if ":" in host:
        server_class = type("RemoteKGServer6", (RemoteKGServer,), {"address_family": IPV6})
    try:
        server = server_class((host.strip("[]"), port), Handler)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    server.config = config
    bound_port = server.server_address[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    if not config.check_host:
        click.echo(f"warning: listening on {host}, reachable from other machines; the data "
                   "is served without authentication", err=True)
    network = pool.network_status()
    if network != "isolated":
        click.echo(f"warning: query workers keep network access ({network}); the SPARQL "
                   "check still refuses SERVICE and remote FROM", err=True)
    page = "YASGUI" if config.yasgui_dir else "plain form; scripts/install-yasgui.sh adds YASGUI"
    click.echo(f"remote-kg serve: {config.served}: {config.triples} triples, read-only",
               err=True)
    click.echo(f"SPARQL endpoint: http://{shown}:{bound_port}/sparql", err=True)
    click.echo(f"Query page ({page}): http://{shown}:{bound_port}/", err=True)
    sys.stderr.flush()
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        click.echo("remote-kg serve: stopped", err=True)
    finally:
        server.server_close()
