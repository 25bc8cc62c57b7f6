"""Rows refused one by one: a problem that names its column and value, and a refused row
with its place in the input and its original cells (`--rejects`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Problem(str):
    """A problem's message (as the error names it, without the file and line) that also
    knows the column (or field) and the value it is about ("" when it is about none)."""

    column: str
    value: str

    def __new__(cls, message: str, column: str = "", value: str = "") -> Problem:
        made = super().__new__(cls, message)
        made.column = column
        made.value = value
        return made


def column_of(message: str) -> str:
    """The column a problem is about ("" for a plain message)."""
    return getattr(message, "column", "")


def value_of(message: str) -> str:
    """The value a problem is about ("" for a plain message)."""
    return getattr(message, "value", "")


@dataclass(frozen=True)
class Refusal:
    """One input row (or posting, or deal) refused: where it is (its line in a CSV file,
    its row in a Parquet file, its position among a file's postings, counted from 1),
    why (one message per problem) and its original cells (None: not kept here)."""

    where: int
    problems: tuple[str, ...]
    cells: Any = None
    id: str | None = None


# Where a reader sends the rows it refuses, when asked to set them aside.
SetAside = Callable[[Refusal], None]
