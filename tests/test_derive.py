"""Derived values: golden numbers a reader can check by hand, and rounding properties."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.dataset import load_dataset
from tradecli.derive import (
    absolute_change,
    compare,
    compare_periods,
    computed_share,
    decimals,
    implied_prior,
    record,
    share_of_total,
)
from tradecli.interval import round_half_up
from tradecli.model import Dataset, Figure

from .conftest import MINIMAL_TOML


def fig(dataset: Dataset, figure_id: str) -> Figure:
    found = dataset.get(figure_id)
    assert found is not None
    return found


def test_implied_2024_total_is_43_81(dataset: Dataset) -> None:
    total = fig(dataset, "total")
    assert implied_prior(total, dataset) == Decimal("43.81")
    assert absolute_change(total, dataset) == Decimal("1.66")


def test_belt_and_road_computed_share_is_51_90(dataset: Dataset) -> None:
    bnr = fig(dataset, "belt-and-road")
    assert computed_share(bnr, dataset) == Decimal("51.90")
    assert str(computed_share(bnr, dataset)) == "51.90"
    assert bnr.share == Decimal("51.9")


def test_private_enterprises_share_matches_stated_within_rounding(dataset: Dataset) -> None:
    assert computed_share(fig(dataset, "private-enterprises"), dataset) == Decimal("57.27")


def test_share_computed_against_part_of_parent(dataset: Dataset) -> None:
    assert computed_share(fig(dataset, "high-tech-exports"), dataset) == Decimal("19.45")
    assert share_of_total(fig(dataset, "exports"), dataset) == Decimal("59.36")


def test_volume_growth_implies_no_prior_value(dataset: Dataset) -> None:
    assert implied_prior(fig(dataset, "crude-oil-imports"), dataset) is None


def test_counts_have_no_implied_prior_value(dataset: Dataset) -> None:
    assert implied_prior(fig(dataset, "trading-partners"), dataset) is None


def test_record_has_every_field(dataset: Dataset) -> None:
    from tradecli.model import FIELDS

    row = record(fig(dataset, "asean"), dataset)
    assert list(row) == list(FIELDS)
    assert row["implied_prior"] == Decimal("6.99") and row["location"] == "feature 2: more diverse markets, paragraph 2"


def test_compare_exports_imports_gives_surplus_ratio_and_growth_gap(dataset: Dataset) -> None:
    result = compare([fig(dataset, "exports"), fig(dataset, "imports")], dataset)
    rows = {r["metric"]: r for r in result.rows}
    assert rows["value"]["difference"] == Decimal("8.51")
    assert rows["value"]["ratio"] == Decimal("1.46")
    assert rows["growth"]["difference"] == Decimal("5.6") and rows["growth"]["ratio"] is None
    assert rows["share_of_total"]["exports"] == Decimal("59.36")
    assert result.columns == ["metric", "unit", "exports", "imports", "difference", "ratio"]
    assert result.notes == []


def test_compare_three_figures_has_no_pair_columns(dataset: Dataset) -> None:
    figures = [fig(dataset, i) for i in ("asean", "latin-america", "africa")]
    result = compare(figures, dataset)
    assert "difference" not in result.columns
    assert {r["metric"] for r in result.rows} == {"value", "growth", "implied_prior", "change", "share_of_total"}


def test_compare_growth_only_and_mixed_units_notes_instead_of_crashing(dataset: Dataset) -> None:
    result = compare([fig(dataset, "asean"), fig(dataset, "trading-partners")], dataset)
    value_row = next(r for r in result.rows if r["metric"] == "value")
    assert value_row["unit"] == "mixed" and value_row["difference"] is None
    assert any("different units" in n for n in result.notes)
    growth_only = compare([fig(dataset, "crude-oil-imports"), fig(dataset, "fruit-imports")], dataset)
    assert [r["metric"] for r in growth_only.rows] == ["growth"]
    assert growth_only.rows[0]["difference"] == Decimal("-1.2")
    assert any("different bases" in n for n in growth_only.notes)
    assert any("no stated value" in n for n in growth_only.notes)


def test_compare_restates_one_currency_at_scale(dataset: Dataset) -> None:
    """420.050 billion USD against 3.77 trillion USD: one currency, so subtracted in trillions."""
    result = compare([fig(dataset, "us-exports-usd"), fig(dataset, "exports-usd")], dataset)
    value = next(r for r in result.rows if r["metric"] == "value")
    assert value == {"metric": "value", "unit": "trillion USD", "us-exports-usd": Decimal("0.420050"),
                     "exports-usd": Decimal("3.77"), "difference": Decimal("-3.349950"),
                     "ratio": Decimal("0.11")}  # fmt: skip
    assert (
        "values are in different units of one kind (billion USD vs trillion USD): compared at scale" in result.notes[0]
    )


def test_compare_never_subtracts_across_currencies_or_kinds(dataset: Dataset) -> None:
    for other in ("exports", "trading-partners"):
        result = compare([fig(dataset, "exports-usd"), fig(dataset, other)], dataset)
        value = next(r for r in result.rows if r["metric"] == "value")
        assert (value["unit"], value["difference"], value["ratio"]) == ("mixed", None, None)
        assert any("that do not compare: shown side by side, not subtracted" in n for n in result.notes)


def test_compare_periods_restates_a_prior_value_in_another_scale(dataset: Dataset) -> None:
    """The 2024 surplus was published in billions (992.1), the 2025 one in trillions (1.189)."""
    figures = [dataset.get("surplus-usd", "2024"), dataset.get("surplus-usd", "2025")]
    result = compare_periods([f for f in figures if f is not None], dataset)
    rows = {r["metric"]: r for r in result.rows}
    assert rows["value"] == {"metric": "value", "unit": "trillion USD", "2024": Decimal("0.9921"),
                             "2025": Decimal("1.189"), "change": Decimal("0.1969")}  # fmt: skip
    assert rows["growth_computed"]["2025"] == Decimal("19.85")  # beside the stated "about 20"


def test_compare_periods_never_subtracts_a_count_from_an_amount(write_dataset: Callable[[str], Path]) -> None:
    """A statistic restated in a unit of another kind: shown, never subtracted or linked by growth."""
    text = MINIMAL_TOML.replace('[units."trillion yuan"]', '[units.count]\nkind = "count"\n\n[units."trillion yuan"]')
    text += '\n[[figure]]\nid = "total"\nlabel = "Total"\nsection = "headline"\nflow = "total"\nvalue = 9\n'
    text += 'unit = "count"\nperiod = "2024"\nsource = { ref = "doc" }\n'
    data = load_dataset(write_dataset(text))
    figures = [f for f in (data.get("total", "2024"), data.get("total", "2025")) if f is not None]
    result = compare_periods(figures, data)
    rows = {r["metric"]: r for r in result.rows}
    assert (rows["value"]["unit"], rows["value"]["change"]) == ("mixed", None)
    assert "growth_computed" in rows and rows["growth_computed"]["2025"] is None
    assert not any("revision" in n for n in result.notes)
    assert any("(count vs trillion yuan) that do not compare" in n for n in result.notes)


def test_figures_of_different_periods_carry_the_period_in_their_column(dataset: Dataset) -> None:
    total_usd = dataset.get("total-usd", "2024")
    assert total_usd is not None
    assert compare([total_usd, fig(dataset, "exports")], dataset).columns[2:4] == ["total-usd (2024)", "exports (2025)"]


decimal_text = st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{1,4})?", fullmatch=True)


@given(decimal_text)
def test_decimals_counts_stated_places(text: str) -> None:
    places = len(text.split(".")[1]) if "." in text else 0
    assert decimals(Decimal(text)) == places


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False, places=6),
       st.integers(min_value=0, max_value=4))  # fmt: skip
def test_round_half_up_is_within_half_a_unit_of_the_last_place(number: Decimal, places: int) -> None:
    rounded = round_half_up(number, places)
    assert decimals(rounded) == places
    assert abs(rounded - number) <= Decimal(5).scaleb(-places - 1)


def test_round_half_up_like_published_statistics() -> None:
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round_half_up(Decimal("2.5"), 0) == Decimal("3")


@pytest.mark.parametrize(
    ("period", "comparison", "expected"),
    [
        ("2025", "2024", True),
        ("December 2025", "December 2024", True),
        ("December 2025", "2024", True),  # the data say "on 2024" for a month: its December is a year back
        ("Jan-Sep 2025", "Jan-Sep 2024", True),
        ("2025", "2020", False),  # the 14th Five-Year Plan's growth
        ("2025", "2014", False),
        ("Q1 2025", "Q4 2024", False),  # quarter on quarter
    ],
)
def test_year_on_year_is_growth_on_the_same_months_a_year_earlier(
    dataset: Dataset, period: str, comparison: str, expected: bool
) -> None:
    from tradecli.derive import year_on_year

    exports = dataset.get("exports")
    assert exports is not None
    assert year_on_year(exports._replace(period=period, comparison_period=comparison)) is expected
