"""Options shared by several commands, declared once so they mean the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.errors import InputError
from remote_kg.ontology import DEFAULT_BASE

REASONERS = ("fast", "hermit")

base_option = click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="IRI prefix of record individuals (<base><id>).",
)

reasoner_option = click.option(
    "--reasoner",
    type=click.Choice(REASONERS),
    default="fast",
    show_default=True,
    help="fast: the ontology's axioms evaluated over all fact combinations; "
    "hermit: the HermiT reference (slow).",
)


def existing_file(path: str) -> Path:
    """`path` as a Path; InputError (exit 2) if it is missing or a directory."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    return p
