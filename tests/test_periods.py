"""Periods: the forms people write, read as spans of months, and which spans lie within others."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.periods import MONTHS, PeriodError, Span, is_period, parse_period


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", (2025, 1), (2025, 12)),
        ("2021-2025", (2021, 1), (2025, 12)),
        ("2021\u20132025", (2021, 1), (2025, 12)),
        ("December 2025", (2025, 12), (2025, 12)),
        ("Dec 2025", (2025, 12), (2025, 12)),
        ("Jan-Oct 2025", (2025, 1), (2025, 10)),
        ("Jun \u2013 Dec 2025", (2025, 6), (2025, 12)),
        ("Q4 2025", (2025, 10), (2025, 12)),
        ("Q2-Q4 2025", (2025, 4), (2025, 12)),
        ("2025 Q2-Q4", (2025, 4), (2025, 12)),
    ],
)
def test_forms(text: str, first: tuple[int, int], last: tuple[int, int]) -> None:
    assert parse_period(text) == Span(first[0] * 12 + first[1] - 1, last[0] * 12 + last[1] - 1)


@pytest.mark.parametrize("text", ["", "last year", "2025-2021", "Oct-Jan 2025", "Q5 2025", "25", "Dec", "2025 2026 Q1"])
def test_non_periods_name_the_forms(text: str) -> None:
    with pytest.raises(PeriodError, match="expected one of: 2025, 2021-2025, December 2025"):
        parse_period(text)
    assert not is_period(text)


def test_within() -> None:
    year = parse_period("2025")
    assert parse_period("December 2025").within(year)
    assert parse_period("Q2-Q4 2025").within(year)
    assert not parse_period("2024").within(year)
    assert not parse_period("2021-2025").within(year)
    assert year.within(parse_period("2021-2025"))


@given(st.integers(2000, 2100), st.integers(0, 11), st.integers(0, 11))
def test_any_run_of_months_lies_within_its_year(year: int, a: int, b: int) -> None:
    first, last = sorted((a, b))
    span = parse_period(f"{MONTHS[first].title()}-{MONTHS[last].title()} {year}")
    assert span.within(parse_period(str(year))) and span.last - span.first == last - first


def test_an_iso_month_is_that_month() -> None:
    assert parse_period("2025-12") == parse_period("December 2025") and parse_period(" 2024-01 ") == parse_period(
        "Jan 2024"
    )
    assert parse_period("2021-2025") == Span(2021 * 12, 2025 * 12 + 11)  # four digits after the dash: years


@pytest.mark.parametrize("text", ["december", "Q4", "jan-oct"])
def test_a_part_of_a_year_without_its_year_says_so(text: str) -> None:
    with pytest.raises(PeriodError) as missing:
        parse_period(text)
    assert str(missing.value).endswith("; a month or quarter needs its year, e.g. 'December 2025'")
    with pytest.raises(PeriodError) as caught:
        parse_period("last year")
    assert "needs its year" not in str(caught.value)
