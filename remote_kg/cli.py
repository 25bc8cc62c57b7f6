"""The `remote-kg` command line."""

from __future__ import annotations

import importlib
import sys

import click

from remote_kg import __version__
from remote_kg.errors import RemoteKGError

# (module, attribute) of each sub-command; each module owns its command.
COMMANDS: list[tuple[str, str]] = [
    ("remote_kg.commands.core", "import_command"),
    ("remote_kg.commands.core", "classify_command"),
    ("remote_kg.commands.core", "query_command"),
    ("remote_kg.validate", "validate_command"),
    ("remote_kg.store", "load_command"),
    ("remote_kg.server", "serve_command"),
    ("remote_kg.push", "push_command"),
    ("remote_kg.docs", "docs_command"),
    ("remote_kg.release", "release_command"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="remote-kg")
def cli() -> None:
    """Classify, query, validate and serve a knowledge graph of remote-work arrangements."""


def _register() -> None:
    for module_name, attribute in COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command still being built
            if exc.name == module_name:
                continue
            raise
        cli.add_command(getattr(module, attribute))


_register()


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
        for line in exc.problems:
            click.echo(f"error: {line}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
