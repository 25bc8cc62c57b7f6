"""Options shared by several commands, declared once so they mean the same everywhere."""

from __future__ import annotations

import click

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
