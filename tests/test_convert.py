"""Currency conversions: the rate the official totals imply, labelled rows, and bad options."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tradecli.convert import Conversion, convert_row, implied_rate, parse_conversion
from tradecli.derive import record
from tradecli.errors import UsageError
from tradecli.model import Dataset

from .conftest import Invoke

D = Decimal


def test_rates_implied_by_official_totals(dataset: Dataset) -> None:
    assert implied_rate(dataset, "2025", "USD") == D("7.1606")  # 45.47 / (3.77 + 2.58)
    assert implied_rate(dataset, "2024", "USD") == D("7.1185")  # 43.85 / 6.16
    assert implied_rate(dataset, "2021-2025", "USD") is None


def test_a_converted_row_is_labelled_and_keeps_growth(dataset: Dataset) -> None:
    total = dataset.get("total")
    assert total is not None
    row = convert_row(record(total, dataset), total, dataset, Conversion("USD", None))
    assert (row["value"], row["unit"], row["growth"], row["growth_currency"]) == (
        D("6.350"),
        "trillion USD",
        D("3.8"),
        "CNY",
    )
    assert "at 7.1606 CNY per USD (implied by official 2025 totals); not an official USD figure" in str(
        row["conversion"]
    )
    given = convert_row(record(total, dataset), total, dataset, Conversion("USD", D("7")))
    assert given["value"] == D("6.496") and "given with --rate" in str(given["conversion"])


def test_dollar_figures_counts_and_unrated_periods_are_left_alone(dataset: Dataset) -> None:
    for figure_id, period in (("exports-usd", "2025"), ("trading-entities", "2025")):
        figure = dataset.get(figure_id, period)
        assert figure is not None
        row = record(figure, dataset)
        assert convert_row(row, figure, dataset, Conversion("USD", None)) == row
    cumulative = dataset.get("total", "2021-2025")
    assert cumulative is not None
    row = convert_row(record(cumulative, dataset), cumulative, dataset, Conversion("USD", None))
    assert row["value"] == D("200") and row["conversion"] == "not converted: no USD rate for 2021-2025; give --rate"


@pytest.mark.parametrize(
    ("currency", "rate", "message"),
    [
        (None, "7", "--rate needs --currency"),
        ("eur", None, "--currency: no rate for 'eur' (available: USD)"),
        ("usd", "x", "--rate: not a number: 'x'"),
        ("usd", "-7", "--rate: must be a positive number"),
        ("usd", "0", "--rate: must be a positive number"),
    ],
)
def test_bad_conversion_options(dataset: Dataset, currency: str | None, rate: str | None, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_conversion(currency, rate, dataset)


def test_yuan_needs_no_conversion(dataset: Dataset) -> None:
    assert parse_conversion("cny", None, dataset) is None
    assert parse_conversion(None, None, dataset) is None


def test_list_currency_usd_adds_the_conversion_column(invoke: Invoke) -> None:
    result = invoke("list", "--section", "headline", "--tier", "briefing", "--currency", "usd", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "total" and rows[0]["value"] == 6.350 and "conversion" in rows[0]
    assert "not official figures; their growth is still the yuan growth" in result.stderr  # 3.8 beside a USD unit


def test_list_currency_errors_exit_2(invoke: Invoke) -> None:
    result = invoke("list", "--currency", "eur")
    assert result.exit_code == 2 and result.stdout == "" and "no rate for 'eur'" in result.stderr
