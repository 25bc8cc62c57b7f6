"""The `remote-kg` command line."""

from __future__ import annotations

import importlib
import sys

import click

from remote_kg import __version__
from remote_kg.errors import RemoteKGError

# (name, module, attribute) of each sub-command; each module owns its command, and is
# imported only when its command runs (or --help lists them), so a command does not pay
# for the others' imports (rdflib, pyshacl, owlready2, the server).
COMMANDS: list[tuple[str, str, str]] = [
    ("import", "remote_kg.commands.core", "import_command"),
    ("classify", "remote_kg.commands.core", "classify_command"),
    ("classify-deals", "remote_kg.deals.command", "classify_deals_command"),
    ("compare", "remote_kg.perspectives.command", "compare_command"),
    ("explain", "remote_kg.explain.command", "explain_command"),
    ("query", "remote_kg.commands.query", "query_command"),
    ("validate", "remote_kg.validate", "validate_command"),
    ("report", "remote_kg.quality.command", "report_command"),
    ("load", "remote_kg.store", "load_command"),
    ("serve", "remote_kg.server", "serve_command"),
    ("push", "remote_kg.push", "push_command"),
    ("docs", "remote_kg.docs", "docs_command"),
    ("release", "remote_kg.release", "release_command"),
]


class LazyGroup(click.Group):
    """A click group that imports a sub-command's module when the command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, _, _ in COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for name, module_name, attribute in COMMANDS:
            if name == cmd_name:
                command = getattr(importlib.import_module(module_name), attribute)
                if command.name != name:
                    raise RuntimeError(f"{module_name}.{attribute} is named {command.name!r}")
                return command
        return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="remote-kg")
def cli() -> None:
    """Classify, query, validate and serve a knowledge graph of remote-work arrangements."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into messages and exit codes."""
    try:
        code = cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except RemoteKGError as exc:
        from remote_kg.text_input import visible

        for line in exc.problems:  # input quoted in a message must not break the terminal
            click.echo(f"error: {visible(line)}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
