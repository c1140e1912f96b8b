"""Periods a figure can belong to: a year, a month, a run of months or quarters, a run of years.

A period is written as people write it ("2025", "December 2025", "Jan-Oct 2025", "Q2-Q4 2025",
"2021-2025") and read as a span of months, so that selecting 2025 also finds what was said about
December 2025, while 2024 and 2021-2025 stay separate.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")  # fmt: skip
FORMS = "2025, 2021-2025, December 2025 (or Dec 2025, 2025-12), Jan-Oct 2025, Q4 2025, Q2-Q4 2025"
_DASH = r"\s*[-\u2013\u2014]\s*|\s+to\s+"  # compiled (and cached by re) on first use


class PeriodError(ValueError):
    """Text that is not a period in one of FORMS."""


class Span(NamedTuple):
    """Months since year 0, first and last inclusive."""

    first: int
    last: int

    def within(self, other: Span) -> bool:
        return other.first <= self.first and self.last <= other.last


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return next((i for i, m in enumerate(MONTHS) if len(word) >= 3 and m == word[:3]), None)


def _year(word: str) -> int | None:
    return int(word) if re.fullmatch(r"\d{4}", word) else None


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Span:
    """The span of months a period covers; PeriodError names the accepted forms.

    Cached: a scan of an article compares the same few periods thousands of times."""
    iso = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text.strip())  # 2025-12, as data tools write a month
    if iso:
        month = int(iso[1]) * 12 + int(iso[2]) - 1
        return Span(month, month)
    words = re.sub(_DASH, "-", text.strip()).replace(",", " ").split()
    span = _parse_words(words)
    if span is None or span.first > span.last:
        hint = "; a month or quarter needs its year, e.g. 'December 2025'" if _yearless(words) else ""
        raise PeriodError(f"not a period: {text!r} (expected one of: {FORMS}){hint}")
    return span


def _yearless(words: list[str]) -> bool:
    """'december', 'Q4', 'Jan-Oct': a part of a year without the year."""
    return len(words) == 1 and all(_month(w) is not None or re.fullmatch(r"q[1-4]", w.lower())
                                   for w in words[0].split("-"))  # fmt: skip


def _parse_words(words: list[str]) -> Span | None:
    if len(words) == 1:
        return _range(words[0], None)
    if len(words) == 2:
        first, second = words
        year = _year(second) if _year(first) is None else _year(first)
        rest = first if _year(first) is None else second
        return _range(rest, year) if year is not None else None
    return None


def _range(text: str, year: int | None) -> Span | None:
    """'2025', '2021-2025' (no year given), or 'Jan-Oct', 'December', 'Q2-Q4' within year."""
    start, _, end = text.partition("-")
    first, last = _unit(start, year), _unit(end or start, year)
    if first is None or last is None:
        return None
    return Span(first.first, last.last)


def _unit(word: str, year: int | None) -> Span | None:
    if year is None:
        whole = _year(word)
        return Span(whole * 12, whole * 12 + 11) if whole is not None else None
    month = _month(word)
    if month is not None:
        return Span(year * 12 + month, year * 12 + month)
    quarter = re.fullmatch(r"q([1-4])", word.lower())
    if quarter:
        start = year * 12 + (int(quarter[1]) - 1) * 3
        return Span(start, start + 2)
    return None


def chronological_key(text: str) -> tuple[int, int]:
    """Sort periods oldest first, a longer period before the parts it holds (2025, then Q1 2025,
    January 2025); text that is not a period goes last."""
    try:
        span = parse_period(text)
    except PeriodError:
        return (sys.maxsize, 0)
    return (span.first, -span.last)


def chronological(periods: Iterable[str]) -> list[str]:
    """Periods oldest first (see chronological_key)."""
    return sorted(periods, key=chronological_key)


def same_period(first: str, second: str) -> bool:
    """'Dec 2025' and 'December 2025' are one period."""
    return first == second or (is_period(first) and is_period(second) and parse_period(first) == parse_period(second))


@lru_cache(maxsize=4096)
def is_period(text: str) -> bool:
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True
