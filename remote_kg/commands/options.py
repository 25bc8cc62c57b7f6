"""Options shared by several commands, declared once so they mean the same everywhere."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from remote_kg import plugins
from remote_kg.errors import InputError
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import CSV_OPTIONS, DELIMITERS, EXTRA_COLUMNS, CsvOptions


class SharedOption(click.Option):
    """An option made by one of this module's factories: the same flag means the same
    thing in every command (a test checks every command's -o, -f and --ontology)."""


def output_option(help: str = "Output file (written atomically); default: stdout.",
                  directory: bool = False, required: bool = False, dest: str = "output"):
    """-o / --output: a file (or, with `directory`, a directory) to write to."""
    kind = click.Path(path_type=Path, file_okay=False) if directory else click.Path(
        dir_okay=False)
    return click.option("-o", "--output", dest, cls=SharedOption, type=kind, default=None,
                        required=required, help=help)


def format_option(choices: list[str] | tuple[str, ...], default: str | None,
                  help: str = "Output format."):
    """-f / --format: one of `choices`."""
    return click.option("-f", "--format", "fmt", cls=SharedOption, type=click.Choice(choices),
                        default=default, show_default=default is not None, help=help)


def ontology_option(help: str = "Use another copy of the ontology (Turtle).",
                    default: Path | None = None):
    """--ontology: a Turtle copy of the ontology to use instead of the bundled one."""
    return click.option("--ontology", cls=SharedOption,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        default=default, show_default=default is not None, help=help)


base_option = click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="IRI prefix of record individuals (<base><id>).",
)

reasoner_option = click.option(
    "--reasoner",
    type=click.Choice(plugins.names("engine")),
    default="fast",
    show_default=True,
    help="fast: the ontology's axioms evaluated over all fact combinations; "
    "hermit: the HermiT reference (slow).",
)

categories_option = click.option(
    "--categories",
    default=None,
    metavar="LIST",
    help="Which categories to decide and output: comma-separated category names (such "
    "as Teleworker,EUTeleworker), or seed (the default), authorities (the official "
    "definitions of ontology/perspectives/) or all.",
)

deals_option = click.option(
    "--deals",
    "deals",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A deals CSV (id, label, provider, workers) whose workers are records of the "
    "inputs; its deals are classified and added too. Repeatable.",
)


def existing_file(path: str) -> Path:
    """`path` as a Path; InputError (exit 2) if it is missing or a directory."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    return p


def csv_options(command):
    """--extra-columns and --delimiter, for commands that read CSV records: every CSV
    reader of the command follows them (`records.CSV_OPTIONS`)."""

    @functools.wraps(command)
    def run(*args, extra_columns: str, delimiter: str | None, **kwargs):
        chosen = {name: mark for mark, name in DELIMITERS.items()}.get(delimiter or "")
        token = CSV_OPTIONS.set(CsvOptions(extra_columns=extra_columns, delimiter=chosen))
        try:
            return command(*args, **kwargs)
        finally:
            CSV_OPTIONS.reset(token)

    run = click.option(
        "--delimiter",
        type=click.Choice(list(DELIMITERS.values())),
        default=None,
        help="CSV delimiter; default: detected from the header (comma, semicolon or tab).",
    )(run)
    return click.option(
        "--extra-columns",
        type=click.Choice(EXTRA_COLUMNS),
        default="refuse",
        show_default=True,
        help="CSV columns the record contract does not name: refuse them (a misspelt column "
        "is caught), keep them (classify passes them through to CSV / JSON output) or "
        "ignore them.",
    )(run)
