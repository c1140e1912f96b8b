"""Interval arithmetic: stated figures as intervals, and the two properties checks rely on."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tradecli.interval import (
    INF,
    Interval,
    Rounding,
    exact,
    growth_factor,
    point,
    round_half_up,
    slack,
    stated,
    step,
)

D = Decimal


def test_a_stated_figure_is_a_half_open_interval() -> None:
    assert stated(D("45.47")) == Interval(D("45.465"), D("45.475"), hi_open=True)
    assert stated(D("8")) == Interval(D("7.5"), D("8.5"), hi_open=True)
    assert stated(D("8.0")) == Interval(D("7.95"), D("8.05"), hi_open=True)


def test_qualifiers_become_bounds() -> None:
    assert stated(D("240"), "more than") == Interval(D("240"), INF, lo_open=True, hi_open=True)
    assert stated(D("240"), "at least") == Interval(D("240"), INF, hi_open=True)
    assert stated(D("5"), "less than").hi == D("5")
    assert D("240") not in stated(D("240"), "more than")
    assert D("240.001") in stated(D("240"), "more than")


def test_about_widens_by_the_declared_rule_and_never_less_than_half_a_step() -> None:
    assert stated(D("45"), "about", Rounding(D("5"))) == Interval(D("42.75"), D("47.25"))
    assert stated(D("45"), "about") == Interval(D("44.5"), D("45.5"))
    nearly = stated(D("45"), "nearly", Rounding(D("5")))
    assert nearly == Interval(D("42.75"), D("45.5"), hi_open=True)


def test_unknown_qualifier_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown qualifier"):
        stated(D("1"), "roughly")


def test_step_follows_the_written_digits() -> None:
    assert step(D("45.47")) == D("0.01")
    assert step(D("780000")) == D("1")
    assert step(D("7.600")) == D("0.001")


def test_overlap_respects_open_ends() -> None:
    assert not Interval(D(1), D(2), hi_open=True).overlaps(Interval(D(2), D(3)))
    assert Interval(D(1), D(2)).overlaps(Interval(D(2), D(3)))
    assert not Interval(D(1), D(2)).overlaps(Interval(D(2), D(3), lo_open=True))
    assert Interval(D(1), D(5)).overlaps(Interval(D(2), D(3)))


def test_within_means_the_outer_statement_follows() -> None:
    assert stated(D("45.47")).within(stated(D("45.5")))
    assert stated(D("45.47")).within(stated(D("45"), "more than"))
    assert not stated(D("7.55")).within(stated(D("7.6")))  # [7.545, 7.555) is not inside [7.55, 7.65)


def test_arithmetic_rounds_outward() -> None:
    third = exact(D(1)) / exact(D(3))
    with localcontext() as ctx:
        ctx.prec = 60
        true_third = D(1) / D(3)
    assert third.lo < true_third < third.hi
    assert (exact(D(2)) - Interval(D(0), D(1))) == Interval(D(1), D(2))
    assert (Interval(D(-1), D(2)) * Interval(D(3), D(4))) == Interval(D(-4), D(8))


def test_division_by_an_interval_containing_zero_bounds_nothing() -> None:
    result = exact(D(1)) / Interval(D(-1), D(1))
    assert result.lo == -INF and result.hi == INF


def test_golden_prior_year_total() -> None:
    prior = stated(D("45.47")) / growth_factor(stated(D("3.8")))
    assert round_half_up(prior.lo, 4) == D("43.7795")
    assert round_half_up(prior.hi, 4) == D("43.8313")
    middle = point(exact(D("45.47")) / growth_factor(exact(D("3.8"))))
    assert middle is not None and round_half_up(middle, 2) == D("43.81")


def test_slack_is_signed_and_measured_in_steps() -> None:
    inside = slack(D("3.7504"), stated(D("3.8")), D("0.1"))
    assert inside.amount == D("0.0004") and inside.steps == D("0.004")
    outside = slack(D("3.7"), stated(D("3.8")), D("0.1"))
    assert outside.amount == D("-0.05")
    assert slack(None, stated(D("3.8")), D("0.1")).amount is None


# -- properties -----------------------------------------------------------------------------

true_values = st.decimals(min_value=D("0.001"), max_value=D("100000"), places=6, allow_nan=False)
precisions = st.integers(min_value=0, max_value=3)


@given(true_values, precisions)
def test_any_true_value_lies_in_the_interval_of_its_rounding(value: Decimal, places: int) -> None:
    assert value in stated(round_half_up(value, places))


@given(st.lists(st.tuples(true_values, precisions), min_size=2, max_size=5), precisions)
def test_rounded_parts_always_sum_to_a_compatible_rounded_whole(parts: list[tuple[Decimal, int]], places: int) -> None:
    whole = sum((v for v, _ in parts), D(0))
    computed = _sum([stated(round_half_up(v, p)) for v, p in parts])
    assert computed.overlaps(stated(round_half_up(whole, places)))


@given(st.lists(st.tuples(true_values, precisions), min_size=2, max_size=5), precisions, st.sampled_from([1, -1]))
def test_a_whole_off_by_more_than_a_step_plus_the_parts_uncertainty_fails(
    parts: list[tuple[Decimal, int]], places: int, sign: int
) -> None:
    stated_parts = [round_half_up(v, p) for v, p in parts]
    uncertainty = sum((step(s) / 2 for s in stated_parts), D(0))
    whole = round_half_up(sum(stated_parts, D(0)), places)
    wrong = whole + sign * (step(whole) + uncertainty + step(whole))
    wrong = round_half_up(wrong, places)
    assume(wrong > 0)
    assert not _sum([stated(s) for s in stated_parts]).overlaps(stated(wrong))


@given(true_values, true_values, st.integers(min_value=1, max_value=2))
def test_a_rounded_share_of_rounded_values_is_compatible(part: Decimal, extra: Decimal, places: int) -> None:
    whole = part + extra
    share = part / whole * 100
    computed = stated(round_half_up(part, 3)) / stated(round_half_up(whole, 3)) * exact(D(100))
    assume(round_half_up(whole, 3) > 0 and round_half_up(part, 3) > 0)
    assert computed.overlaps(stated(round_half_up(share, places)))


@given(true_values, st.decimals(min_value=D("-50"), max_value=D("200"), places=4, allow_nan=False), precisions)
def test_implied_prior_contains_the_true_prior(prior: Decimal, growth: Decimal, places: int) -> None:
    value = prior * (1 + growth / 100)
    assume(round_half_up(value, places) > 0)
    implied = stated(round_half_up(value, places)) / growth_factor(stated(round_half_up(growth, 1)))
    assert prior in implied


def _sum(intervals: list[Interval]) -> Interval:
    total = intervals[0]
    for interval in intervals[1:]:
        total = total + interval
    return total
