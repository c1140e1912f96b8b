"""Exit codes and the exceptions that carry them.

The core raises these; only the CLI turns them into messages and exit statuses, so that
every failure maps to one documented code in exactly one place.
"""

from collections.abc import Iterable
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple


class ExitCode(IntEnum):
    """Documented exit statuses (see README, "Exit codes")."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    INVALID_DATA = 3
    INTERNAL = 4
    WRITE_FAILED = 5
    INTERRUPTED = 130


class TradecliNote(UserWarning):
    """What the CLI prints as "note: ..." on stderr (values compared across kinds of unit, a sort kept
    apart by unit, a figure shown from another period), raised by the Python API as a warning so
    that a notebook shows it and a script can filter it (warnings.simplefilter("ignore", TradecliNote))."""


class TradecliError(Exception):
    """Base class: a failure we anticipated and can explain in one line."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def lines(self) -> list[str]:
        """Message lines for stderr; most errors are a single line."""
        return [str(self)]


class UsageError(TradecliError):
    """The user asked for something that cannot be understood (bad id, field, expression)."""

    exit_code = ExitCode.USAGE


class OutputError(TradecliError):
    """Output could not be written (stdout closed or on a full disk, --output in a missing directory).

    Not a bug and not the user's request at fault: the place the output goes to cannot take it.
    """

    exit_code = ExitCode.WRITE_FAILED


class Problem(NamedTuple):
    """One located defect in a dataset file, rendered as a single line."""

    file: str
    where: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        located = f"{self.file}: {self.where}"
        if self.field:  # a key from the file: a newline or tab in it would break the one-line message
            from tradecli.safetext import printable

            located += f", field '{printable(self.field)}'"
        return f"{located}: {self.message}"


class DatasetError(TradecliError):
    """A dataset could not be read or failed validation; carries every problem found."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class InputFileError(DatasetError):
    """A user's input file (e.g. a claims file) is unreadable or malformed; same exit code as a dataset."""


def close_matches(word: str, candidates: Iterable[str]) -> list[str]:
    """Candidates that look like a mistyped word, best first, ignoring case.

    Remembered for the last few hundred (word, candidates) pairs: difflib compares the word with
    every candidate, and a file repeating one mistake (a misspelt key in each of 10,000 figures, a
    misspelt name in each of 50,000 claims) should pay for it once.
    """
    return list(_close_matches(word.lower(), tuple(candidates)))


@lru_cache(maxsize=512)
def _close_matches(word: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    import difflib  # only on the error path: keeps start-up lean

    lowered = {c.lower(): c for c in candidates}
    matches = difflib.get_close_matches(word, list(lowered), n=6, cutoff=0.6)
    matches.sort(key=lambda c: c[:1] != word[:1])  # stable: a typo rarely changes the first letter
    return tuple(lowered[c] for c in matches[:3])


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A '; did you mean ...?' suffix, or '' when nothing is close enough to help."""
    return suggestion(close_matches(word, candidates))


def suggestion(names: Iterable[str]) -> str:
    """'; did you mean 'a' or 'b'?' for a list of likely names; '' for none."""
    listed = " or ".join(repr(n) for n in names)
    return f"; did you mean {listed}?" if listed else ""


def pick_name(name: str, available: Iterable[str], option: str, noun: str) -> str:
    """Match a user-supplied name against a fixed vocabulary, case-insensitively."""
    pool = list(available)
    lowered = {a.lower(): a for a in pool}
    found = lowered.get(name.strip().lower())
    if found is None:
        hint = did_you_mean(name, pool)
        raise UsageError(f"{option}: unknown {noun} {name!r} (available: {', '.join(pool)}){hint}")
    return found
