"""The `remote-kg` command line."""

from __future__ import annotations

import sys

import click

from remote_kg import __version__, plugins
from remote_kg.errors import RemoteKGError


class LazyGroup(click.Group):
    """A click group whose commands are the registry's "command" plugins, each imported
    only when it runs (or --help lists them), so a command does not pay for the others'
    imports (rdflib, pyshacl, owlready2, the server)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return plugins.names("command")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, from the registry's short help where it has one, so that
        `remote-kg --help` imports no command."""
        rows = []
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        for name in names:
            text = plugins.SHORT_HELP.get(name)
            if text is None:  # a command of another package: ask it
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, click.utils.make_default_short_help(text, limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in plugins.names("command"):
            return None
        command = plugins.get("command", cmd_name)
        if command.name != cmd_name:
            raise RuntimeError(f"command plugin {cmd_name!r} is named {command.name!r}")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="remote-kg")
def cli() -> None:
    """Classify, query, validate and serve a knowledge graph of remote-work arrangements."""


def click_message(exc: click.ClickException) -> str:
    """Click's complaint (a bad value, a missing argument, an unknown option) as one line
    naming the command's --help, instead of click's three (Usage / Try / Error)."""
    from remote_kg.model.text import visible

    message = " ".join(visible(line) for line in exc.format_message().splitlines()).strip()
    context = getattr(exc, "ctx", None)
    if context is None:
        return message
    return f"{message.rstrip('.')}; see {context.command_path} --help"


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into messages and exit codes."""
    try:
        code = cli.main(args=argv, prog_name="remote-kg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # a usage error: one line, as our own errors
        click.echo(f"error: {click_message(exc)}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except RemoteKGError as exc:
        from remote_kg.model.text import visible

        for line in exc.problems:  # input quoted in a message must not break the terminal
            click.echo(f"error: {visible(line)}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
