"""Exit codes and the exceptions that carry them.

The core raises these; only the CLI turns them into messages and exit statuses, so that
every failure maps to one documented code in exactly one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    """Documented exit statuses (see README, "Exit codes")."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    INVALID_DATA = 3
    INTERNAL = 4
    INTERRUPTED = 130


class TradecliError(Exception):
    """Base class: a failure we anticipated and can explain in one line."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def lines(self) -> list[str]:
        """Message lines for stderr; most errors are a single line."""
        return [str(self)]


class UsageError(TradecliError):
    """The user asked for something that cannot be understood (bad id, field, expression)."""

    exit_code = ExitCode.USAGE


class Problem(NamedTuple):
    """One located defect in a dataset file, rendered as a single line."""

    file: str
    where: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        located = f"{self.file}: {self.where}"
        if self.field:
            located += f", field '{self.field}'"
        return f"{located}: {self.message}"


class DatasetError(TradecliError):
    """A dataset could not be read or failed validation; carries every problem found."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean ...?)' suffix, or '' when nothing is close enough to help."""
    import difflib  # only on the error path: keeps start-up lean

    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.6)
    if not close:
        return ""
    names = " or ".join(f"'{lowered[c]}'" for c in close)
    return f"; did you mean {names}?"
