"""`remote-kg release`: write or check the release copies of the ontology."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.commands.options import output_option
from remote_kg.model.ontology import ONTOLOGY_PATH
from remote_kg.model.release import OutOfDateError, out_of_date, write_release


@click.command("release")
@click.option(
    "--source",
    "source_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=ONTOLOGY_PATH.resolve(),
    show_default=True,
    help="Turtle source of the ontology.",
)
@output_option("Directory of the release files [default: release/ beside the source].",
               directory=True, dest="output_dir")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 naming each release file that is missing or out of date.",
)
def release_command(source_path: Path, output_dir: Path | None, check: bool) -> None:
    """Write the ontology as RDF/XML, N-Triples and JSON-LD, generated from the Turtle."""
    output_dir = output_dir or source_path.parent / "release"
    if check:
        stale = out_of_date(source_path, output_dir)
        if stale:
            raise OutOfDateError(
                [
                    f"out of date: {path} does not match what {source_path} generates "
                    "(run `remote-kg release`)"
                    for path in stale
                ]
            )
        click.echo(f"release files in {output_dir} are up to date with {source_path}")
        return
    for path, written in write_release(source_path, output_dir):
        click.echo(f"{'wrote' if written else 'unchanged'}: {path}")
