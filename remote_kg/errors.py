"""Errors that the command line reports to the user without a traceback."""

from __future__ import annotations

from contextvars import ContextVar

# Who is asking: "cli" (messages name options: --extra-columns keep) or "python" (they
# name keywords: extra_columns='keep'); the Python API sets "python" (`api`).
INTERFACE: ContextVar[str] = ContextVar("interface", default="cli")


def option_name(name: str, value: str | None = None) -> str:
    """An option as the running interface spells it: `--extra-columns keep` on the command
    line, `extra_columns='keep'` in Python (`name` in the command line's spelling)."""
    if INTERFACE.get() == "python":
        keyword = name.replace("-", "_")
        return f"{keyword}={value!r}" if value is not None else f"{keyword}="
    return f"--{name} {value}" if value is not None else f"--{name}"


class RemoteKGError(Exception):
    """A problem the user can fix; carries every problem found, one per line."""

    exit_code = 2

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class InputError(RemoteKGError):
    """Bad input: a file that cannot be read, a malformed row, a value out of range."""


class InconsistentDataError(RemoteKGError):
    """The data contradict the ontology (e.g. a worker both employee and freelancer)."""

    exit_code = 1


class DoesNotConform(RemoteKGError):
    """A check ran and found violations (`validate`, `report`): exit 1. The findings are
    already in the command's report, so the error itself prints nothing more unless it is
    given lines."""

    exit_code = 1

    def __init__(self, problems: str | list[str] = ()):
        super().__init__(list(problems) if not isinstance(problems, str) else problems)
