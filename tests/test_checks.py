"""Dataset consistency rules: the bundled data passes, and each rule catches its kind of error."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradecli.checks import RULE_NAMES, RuleResult, pick_rules, run_rules
from tradecli.dataset import bundled_path, load_dataset
from tradecli.errors import UsageError
from tradecli.interval import round_half_up
from tradecli.model import Dataset

from .conftest import MINIMAL_TOML

D = Decimal
BUNDLED = bundled_path().read_text(encoding="utf-8")
EXPORTS_GROWTH = 'value = 26.99\nunit = "trillion yuan"\ngrowth = 6.1\n'


def broken(write: Callable[[str], Path], old: str, new: str) -> Dataset:
    """The bundled dataset with one statement changed."""
    assert BUNDLED.count(old) == 1, old
    return load_dataset(write(BUNDLED.replace(old, new)))


def only(results: list[RuleResult], rule: str, period: str = "2025") -> list[RuleResult]:
    return [r for r in results if r.rule == rule and r.period == period]


def one(results: list[RuleResult], rule: str, subject: str, period: str = "2025") -> RuleResult:
    (found,) = [r for r in only(results, rule, period) if r.subject == subject]
    return found


def test_bundled_data_passes_every_rule_in_every_period(dataset: Dataset) -> None:
    results = run_rules(dataset)
    assert [r for r in results if not r.ok] == []
    # At least the checks of the figures first transcribed (the bundled data only grow).
    counts = Counter(r.rule for r in results)
    first = {"sum": 7, "share": 10, "containment": 30, "growth": 4, "share-change": 2, "qualifier": 2, "revision": 12}
    assert set(counts) == set(first) and all(counts[rule] >= n for rule, n in first.items()), counts
    periods = Counter(r.period for r in results)
    assert periods["2025"] >= 52 and periods["2024"] >= 14 and periods["2021-2025"] >= 1, periods


def test_revisions_are_information_not_failures(dataset: Dataset) -> None:
    results = only(run_rules(dataset), "revision")
    revised = {r.subject: r for r in results if r.verdict == "revision"}
    assert set(revised) == {"total"}  # 45.47 / 1.038 = 43.81 vs 43.85
    assert round_half_up(revised["total"].derived["published_minus_implied"], 3) == D("0.045")
    # Belt and Road: 23.6 / 1.063 = 22.20 is within the rounding of the 22.1 the commerce ministry gives
    assert one(results, "revision", "belt-and-road").verdict == "pass"
    assert all(r.ok for r in results)
    # private enterprises: 26.04 / 1.071 = 24.31 vs 24.33 is within rounding, so no revision is claimed
    assert one(results, "revision", "private-enterprises").verdict == "pass"
    # the private-label share implied for 2024 (21.84) agrees with the 21.8% published then
    assert one(results, "revision", "private-label-exports").verdict == "pass"


def test_a_gap_beyond_any_plausible_revision_fails(write_dataset: Callable[[str], Path]) -> None:
    results = run_rules(broken(write_dataset, "value = 43.85\n", "value = 44.85\n"), pick_rules(["revision"]))
    (failed,) = [r for r in results if not r.ok]
    assert failed.subject == "total" and failed.verdict == "fail"
    assert round_half_up(failed.derived["gap_percent"], 2) == D("2.33")


def test_usd_relations_scale_billions_to_trillions(dataset: Dataset) -> None:
    results = run_rules(dataset, pick_rules(["sum"]))
    surplus_2024 = one(results, "sum", "surplus-usd", "2024")  # 3.58 - 2.59 (trillion) = 992.1 (billion)
    assert surplus_2024.ok and surplus_2024.computed.lo == D("980.00") and surplus_2024.computed.hi == D("1000.00")
    assert one(results, "sum", "us-usd").ok  # 420.050 + 139.697 = 559.747 exactly


def test_sum_reports_computed_and_stated_intervals(dataset: Dataset) -> None:
    result = one(run_rules(dataset), "sum", "total")
    assert result.figures == ("exports", "imports", "total")
    assert (result.computed.lo, result.computed.hi) == (D("45.460"), D("45.480"))
    assert (result.target.lo, result.target.hi, result.target.hi_open) == (D("45.465"), D("45.475"), True)
    assert result.slack.amount == D("0.005") and result.slack.steps == D("0.5")


def test_growth_rule_shows_the_headline_rate_barely_agrees(dataset: Dataset) -> None:
    result = one(run_rules(dataset), "growth", "total")
    assert result.ok
    assert round_half_up(result.derived["prior_of_parts"], 3) == D("43.826")  # exports 25.438 + imports 18.388
    assert round_half_up(result.derived["prior_of_whole"], 3) == D("43.805")  # 45.47 / 1.038
    assert round_half_up(result.computed_point or D(0), 4) == D("3.7504")  # rounds to 3.8, but only just
    assert result.target.lo == D("3.75") and result.target.hi == D("3.85")
    assert result.slack.amount is not None and D(0) < result.slack.amount < D("0.001")
    assert result.slack.steps is not None and result.slack.steps < D("0.01")


def test_share_change_reports_the_implied_share(dataset: Dataset) -> None:
    result = one(run_rules(dataset), "share-change", "private-label-exports")
    assert result.ok
    assert round_half_up(result.derived["share_implied"], 2) == D("23.24")
    assert round_half_up(result.derived["prior_share_implied"], 2) == D("21.84")
    assert result.target_point is None  # an attainable range, not a stated figure


def test_shares_match_the_stated_percentages(dataset: Dataset) -> None:
    shares = {r.subject: r for r in only(run_rules(dataset), "share")}
    assert set(shares) >= {"belt-and-road", "private-enterprises", "eu", "us", "equipment-exports", "guangdong",
                           "greater-bay-area"}  # fmt: skip
    assert round_half_up(shares["belt-and-road"].computed_point or D(0), 2) == D("51.90")
    assert round_half_up(shares["private-enterprises"].computed_point or D(0), 2) == D("57.27")


LABEL_GROWTH = 'growth = 12.9\nbasis = "value"\nshare_change = 1.4\n'  # private-label exports


@pytest.mark.parametrize(
    ("rule", "old", "new", "subject"),
    [
        ("sum", "value = 26.99\n", "value = 27.99\n", "total"),
        ("share", "share = 51.9\n", "share = 55.9\n", "belt-and-road"),
        ("containment", "value = 7.55\n", "value = 50.55\n", "asean"),
        ("containment", "value = 3.93\n", "value = 43.93\n", "total"),  # the three regions together
        ("growth", EXPORTS_GROWTH, EXPORTS_GROWTH.replace("6.1", "16.1"), "total"),
        ("share-change", LABEL_GROWTH, LABEL_GROWTH.replace("12.9", "2.9"), "private-label-exports"),
        ("qualifier", "value = 45\n", "value = 46\n", "total-above-45-trillion"),
    ],
)  # fmt: skip
def test_each_rule_fails_on_a_broken_fixture(
    write_dataset: Callable[[str], Path], rule: str, old: str, new: str, subject: str
) -> None:
    results = run_rules(broken(write_dataset, old, new), pick_rules([rule]))
    failed = [r for r in results if not r.ok]
    assert failed, f"{rule} did not catch the change"
    assert subject in {r.subject for r in failed}
    assert all(r.rule == rule for r in results)


def test_exports_27_99_fails_sum_with_figures_named(write_dataset: Callable[[str], Path]) -> None:
    results = run_rules(broken(write_dataset, "value = 26.99\n", "value = 27.99\n"))
    (result,) = [r for r in results if r.rule == "sum" and not r.ok and r.subject == "total"]
    assert not result.ok and result.figures == ("exports", "imports", "total")
    assert result.slack.amount == D("-0.995") and result.slack.steps == D("-99.5")


def test_share_change_with_a_stated_share_compares_with_it(write_dataset: Callable[[str], Path]) -> None:
    good = broken(write_dataset, "share_change = 1.4\n", "share_change = 1.4\nshare = 23\n")
    assert all(r.ok for r in run_rules(good, pick_rules(["share-change"])))
    bad = broken(write_dataset, "share_change = 1.4\n", "share_change = 1.4\nshare = 40\n")
    assert not one(run_rules(bad, pick_rules(["share-change"])), "share-change", "private-label-exports").ok


def test_rules_are_driven_by_declarations_not_ids(write_dataset: Callable[[str], Path]) -> None:
    minimal = load_dataset(write_dataset(MINIMAL_TOML))  # 6.0 + 4.0 = 10.0, share 60 of 10.0
    results = run_rules(minimal)
    assert {r.rule for r in results} == {"sum", "share", "containment"}
    assert all(r.ok for r in results)


def test_pick_rules_filters_and_rejects_unknown_names() -> None:
    assert [r.name for r in pick_rules(["growth", "sum"])] == ["sum", "growth"]
    assert [r.name for r in pick_rules([])] == list(RULE_NAMES)
    with pytest.raises(UsageError, match=r"unknown rule 'sums'.*did you mean 'sum'"):
        pick_rules(["sums"])


@settings(max_examples=60, deadline=None)
@given(
    exports=st.decimals(min_value=D("0.1"), max_value=D("99"), places=4),
    imports=st.decimals(min_value=D("0.1"), max_value=D("99"), places=4),
    export_growth=st.decimals(min_value=D("-20"), max_value=D("40"), places=3),
    import_growth=st.decimals(min_value=D("-20"), max_value=D("40"), places=3),
)
def test_rounded_true_values_always_pass_sum_and_growth(
    tmp_path_factory: pytest.TempPathFactory,
    exports: Decimal,
    imports: Decimal,
    export_growth: Decimal,
    import_growth: Decimal,
) -> None:
    prior = exports / (1 + export_growth / 100) + imports / (1 + import_growth / 100)
    total_growth = ((exports + imports) / prior - 1) * 100

    def stated(value: Decimal, growth: Decimal) -> str:
        return f'value = {round_half_up(value, 2)}\ngrowth = {round_half_up(growth, 1)}\nbasis = "value"\n'

    text = (
        MINIMAL_TOML.replace("value = 6.0\n", stated(exports, export_growth))
        .replace("value = 4.0\n", stated(imports, import_growth))
        .replace("value = 10.0\n", f"value = {round_half_up(exports + imports, 2)}\n")
        .replace("growth = 5\n", f"growth = {round_half_up(total_growth, 1)}\n", 1)
        .replace("share = 60\n", "")
        .replace('share_of = "total"\n', "")
    )
    path = tmp_path_factory.mktemp("prop") / "d.toml"
    path.write_text(text, encoding="utf-8")
    results = run_rules(load_dataset(path), pick_rules(["sum", "growth"]))
    assert {r.rule for r in results} == {"sum", "growth"}
    assert all(r.ok for r in results), [r.description for r in results if not r.ok]
