"""`remote-kg report`: the ontology's quality gates (ERROR fails, WARN is listed)."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.checks.quality.report import checks, render_json, render_text, render_tsv, run_checks
from remote_kg.commands.options import format_option
from remote_kg.errors import DoesNotConform
from remote_kg.model.ontology import ONTOLOGY_PATH


@click.command("report")
@click.argument("ontology", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@format_option(["text", "tsv", "json"], "text", "How to print the findings.")
@click.option("--profile/--no-profile", default=True, show_default=True,
              help="Also run the OWL API's OWL 2 DL profile check (needs Java).")
def report_command(ontology: tuple[Path, ...], fmt: str, profile: bool) -> None:
    """Check ONTOLOGY files (default: the bundled ontology) for duplicate labels, missing
    labels, definitions and sources, unfinished definitions, shared synonyms, unconnected
    classes and properties without domain or range, each a SPARQL query under
    ontology/checks/; and that the ontology is in OWL 2 DL. Exit 1 on any ERROR."""
    from remote_kg.checks.quality.profile import dl_violations

    paths = list(ontology) or [ONTOLOGY_PATH]
    all_checks = checks()
    findings = run_checks(paths, all_checks)
    violations = [v for p in paths for v in dl_violations(p)] if profile else []
    if fmt == "json":
        click.echo(render_json(findings), nl=False)
    elif fmt == "tsv":
        click.echo(render_tsv(findings), nl=False)
    else:
        click.echo(render_text(findings, all_checks), nl=False)
        if profile:
            click.echo(f"OWL 2 DL profile: {len(violations)} violation(s)")
    for line in violations:
        click.echo(f"ERROR owl2-dl-profile: {line}", err=True)
    if violations or any(f.level == "ERROR" for f in findings):
        raise DoesNotConform()
