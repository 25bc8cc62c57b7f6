"""The `remote-kg` command line."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from remote_kg import __version__, plugins
from remote_kg.errors import RemoteKGError

# The status a Unix tool reports when its reader goes away (`| head`): killed by SIGPIPE.
READER_GONE_STATUS = 128 + 13


class ReaderGone(Exception):
    """Standard output's reader went away. Not an OSError, so that click's own handling of
    a closed pipe (exit 1) lets it through to `main`."""


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

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a closed standard output becomes ReaderGone for `main`."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise ReaderGone from exc


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


def reader_gone() -> NoReturn:
    """Leave as a Unix tool does when its reader goes away: no message, status 141. Standard
    output is pointed at devnull first, so that the interpreter's final flush of what is
    still buffered does not raise again (Python's documented handling of SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind stdout (a test's capture)
        pass
    sys.exit(READER_GONE_STATUS)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into messages and exit codes."""
    try:
        code = cli.main(args=argv, prog_name="remote-kg", standalone_mode=False)
        sys.stdout.flush()  # output still buffered meets a closed pipe here, not at exit
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
    except (ReaderGone, BrokenPipeError):
        reader_gone()
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
