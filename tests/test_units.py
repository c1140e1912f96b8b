"""Like with like: unit groups, scale, the unit written after a --where number, and sorting by size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.derive import record
from tradecli.model import Dataset, Unit
from tradecli.query import Query, QueryResult, WhereError, parse_where, run_query
from tradecli.units import (
    Group,
    UnitError,
    common_unit,
    describe_groups,
    group_of,
    group_order,
    parse_unit,
    rescale,
    restate,
    scale_of,
)

Rows = list[dict[str, object]]


@pytest.fixture(scope="module")
def rows(dataset: Dataset) -> Rows:
    return [record(f, dataset) for f in dataset.figures if f.period != "2024"]


def ids(result: QueryResult) -> list[object]:
    return [r["id"] for r in result.rows]


def at_scale(row: dict[str, object], dataset: Dataset) -> Decimal:
    """A row's value in base units (dollars, yuan, tonnes), as sorting and conditions compare it."""
    value = row["value"]
    assert isinstance(value, Decimal)
    return value * scale_of(str(row["unit"]), dataset.units)


# -- groups and scale --------------------------------------------------------------------------


def test_groups_come_from_the_declared_kind_currency_and_scale(dataset: Dataset) -> None:
    units = dataset.units
    assert group_of("trillion yuan", units) == Group("amount", "CNY")
    assert group_of("billion USD", units) == group_of("trillion USD", units) == Group("amount", "USD")
    assert group_of("count", units) == group_of("categories", units) == Group("count")  # scale 1 in the data
    assert group_of("years", units) == Group("duration", None, "years")  # no scale: only itself
    assert group_of("months", units) != group_of("years", units)
    assert group_of("USD x 1E+12", units) == Group("", None, "USD x 1E+12")  # undeclared: only itself
    assert [g.label for g in group_order(units)][:4] == ["CNY amount", "USD amount", "percentage points", "years"]


def test_describe_groups_lists_units_by_group_in_declared_order(dataset: Dataset) -> None:
    text = describe_groups(["count", "billion USD", "trillion yuan", "trillion USD", "categories"], dataset.units)
    assert text == "CNY amount (trillion yuan), USD amount (billion USD, trillion USD), count (count, categories)"
    assert describe_groups(["years", "years"], dataset.units) == "years"


@pytest.mark.parametrize(
    ("number", "scale", "target", "expected"),
    [
        ("420.050", "1e9", "1e12", "0.420050"),  # every stated digit kept
        ("3.77", "1e12", "1e9", "3770"),
        ("7", "3", "1", "21"),  # not a power of ten: plain multiplication
    ],
)
def test_rescale_keeps_the_stated_precision(number: str, scale: str, target: str, expected: str) -> None:
    assert format(rescale(Decimal(number), Decimal(scale), Decimal(target)), "f") == expected


def test_common_unit_is_the_largest_of_one_group(dataset: Dataset) -> None:
    units = dataset.units
    assert common_unit(["billion USD", "trillion USD"], units) == "trillion USD"
    assert common_unit(["trillion yuan", "trillion USD"], units) is None
    assert common_unit(["count", "trillion yuan"], units) is None
    assert common_unit([], units) is None
    assert restate(Decimal("992.1"), "billion USD", "trillion USD", units) == Decimal("0.9921")


@pytest.mark.parametrize(
    ("text", "group", "scale"),
    [
        ("trillion yuan", Group("amount", "CNY"), "1e12"),
        ("Trillion  Yuan", Group("amount", "CNY"), "1e12"),
        ("bn usd", Group("amount", "USD"), "1e9"),
        ("100 million yuan", Group("amount", "CNY"), "1e8"),
        ("yuan", Group("amount", "CNY"), "1"),
        ("亿元", Group("amount", "CNY"), "1e8"),
        ("count", Group("count"), "1"),
        ("years", Group("duration", None, "years"), "1"),
    ],
)
def test_parse_unit(dataset: Dataset, text: str, group: Group, scale: str) -> None:
    measure = parse_unit(text, dataset.units, dataset.words)
    assert (measure.group, measure.scale) == (group, Decimal(scale))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trillion", "'trillion' names no currency or measure; write e.g. '5 trillion yuan'"),
        ("trilion yuan", "unknown unit 'trilion yuan': expected a unit of the dataset (trillion yuan, billion USD"),
        ("trilion yuan", "did you mean 'trillion yuan'"),
        ("yuan yuan", "unknown unit 'yuan yuan'"),
        ("bnx usd", "unknown unit 'bnx usd'"),
    ],
)
def test_parse_unit_errors_say_what_was_expected(dataset: Dataset, text: str, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        parse_unit(text, dataset.units, dataset.words)
    assert message in str(caught.value)


# -- a unit in a --where condition ---------------------------------------------------------------


def test_where_with_a_unit_compares_by_size_within_its_group(dataset: Dataset, rows: Rows) -> None:
    over = run_query(rows, Query(conditions=(parse_where("value > 700 billion USD", dataset),)), dataset.units)
    assert {"exports-usd", "imports-usd", "surplus-usd", "asean-usd"} <= set(ids(over))  # trillions count
    assert all(group_of(str(r["unit"]), dataset.units) == Group("amount", "USD") for r in over.rows)  # no yuan
    assert all(at_scale(r, dataset) > Decimal("700e9") for r in over.rows)
    assert "eu-statistics-trade" not in ids(over)  # exactly 700 billion USD
    assert over.notes == []
    same = run_query(rows, Query(conditions=(parse_where("value >= 20000 bn yuan", dataset),)), dataset.units)
    assert ids(same) == ids(run_query(rows, Query(conditions=(parse_where("value >= 20 trillion yuan", dataset),)),
                                      dataset.units))  # fmt: skip
    assert "trading-entities" in ids(
        run_query(rows, Query(conditions=(parse_where("value > 1000 count", dataset),)), dataset.units)
    )


def test_where_with_a_unit_never_matches_another_kind_even_with_not_equal(dataset: Dataset, rows: Rows) -> None:
    result = run_query(rows, Query(conditions=(parse_where("value != 0 trillion yuan", dataset),)), dataset.units)
    assert {group_of(str(r["unit"]), dataset.units) for r in result.rows} == {Group("amount", "CNY")}
    assert "trillion yuan" in {r["unit"] for r in result.rows}


def test_a_bare_number_against_several_units_is_noted_once(dataset: Dataset, rows: Rows) -> None:
    result = run_query(rows, Query(conditions=(parse_where("value > 5", dataset),)), dataset.units)
    assert "trading-entities" in ids(result) and "total" in ids(result)  # still each in its own unit
    (note,) = result.notes
    assert note.startswith("--where 'value > 5': 5 is compared with each figure's value in its own unit (CNY amount")
    assert note.endswith("e.g. 'value > 5 trillion yuan'")


def test_a_bare_number_against_one_unit_needs_no_note(dataset: Dataset, rows: Rows) -> None:
    conditions = (parse_where("unit = trillion yuan"), parse_where("value > 5", dataset))
    assert run_query(rows, Query(conditions=conditions), dataset.units).notes == []
    assert run_query(rows, Query(conditions=(parse_where("growth > 5", dataset),)), dataset.units).notes == []


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("value > 5 trilion yuan", 11, "unknown unit 'trilion yuan'"),
        ("value > '5 trillion'", 12, "'trillion' names no currency"),
        ("change < -1 parsecs", 13, "unknown unit 'parsecs'"),
        ("growth > 5 trillion yuan", 10, "'growth' is a number without a unit (units go with value, implied_prior"),
        ("share >= 50 %%", 10, "'share' is a number without a unit"),
    ],
)
def test_where_unit_errors_name_the_column(dataset: Dataset, text: str, column: int, message: str) -> None:
    with pytest.raises(WhereError) as caught:
        parse_where(text, dataset)
    assert caught.value.column == column and message in str(caught.value)


unit_names = st.sampled_from(["trillion yuan", "billion USD", "trillion USD", "count", "bn yuan", "100 million yuan",
                              "tn usd", "yuan", "categories", "years"])  # fmt: skip
numbers = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6)


@given(numbers, unit_names, st.sampled_from(["<", "<=", ">", ">=", "=", "!="]))
def test_generated_conditions_with_units_round_trip(dataset: Dataset, number: Decimal, unit: str, op: str) -> None:
    data = dataset
    condition = parse_where(f"value {op} {number} {unit}", data)
    assert (condition.field, condition.op, condition.literal) == ("value", op, number)
    assert condition.measure == parse_unit(unit, data.units, data.words)
    assert condition.measure is not None and condition.text().endswith(unit)


@given(st.text(max_size=24))
def test_any_text_after_a_number_is_a_unit_or_a_located_error(dataset: Dataset, text: str) -> None:
    expression = f"value > 5 {text}"
    try:
        condition = parse_where(expression, dataset)
    except WhereError as exc:
        assert 11 <= exc.column <= len(expression) + 1
    else:
        assert condition.literal == Decimal(5)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=100))
def test_a_condition_means_the_same_at_any_scale(dataset: Dataset, rows: Rows, number: Decimal) -> None:
    data, figures = dataset, rows
    trillions = run_query(
        figures, Query(conditions=(parse_where(f"value > {number} trillion yuan", data),)), data.units
    )
    billions = run_query(figures, Query(conditions=(parse_where(f"value > {number * 1000} bn cny", data),)), data.units)
    assert ids(trillions) == ids(billions)


# -- sorting -----------------------------------------------------------------------------------


def test_sorting_by_value_keeps_kinds_apart_and_says_so(dataset: Dataset, rows: Rows) -> None:
    result = run_query(rows, Query(sort="value", descending=True), dataset.units)
    units = [r["unit"] for r in result.rows if r["value"] is not None]
    groups = [group_of(str(u), dataset.units).label for u in units]
    assert groups == sorted(groups, key=[g.label for g in group_order(dataset.units)].index)  # kinds together
    first = result.rows[0]["id"]
    assert first == "total"  # 45.47 trillion yuan, not 780,000 entities
    usd = [at_scale(r, dataset) for r in result.rows if str(r["unit"]).endswith("USD") and r["value"] is not None]
    assert usd == sorted(usd, reverse=True)  # billions and trillions of dollars ranked together, at scale
    (note,) = result.notes
    assert note.startswith("--sort value: values are in units of different kinds, so each kind is sorted on its own")
    assert "USD amount (billion USD, trillion USD" in note and "count (categories, count" in note


def test_sorting_one_group_at_scale_needs_no_note(dataset: Dataset, rows: Rows) -> None:
    result = run_query(rows, Query(conditions=(parse_where("unit ~ usd"),), sort="value"), dataset.units)
    values = [at_scale(r, dataset) for r in result.rows if r["value"] is not None]
    assert len(values) > 5 and values == sorted(values)
    assert result.notes == []


def test_undeclared_units_sort_after_declared_ones() -> None:
    units = {"trillion yuan": Unit("trillion yuan", "amount", scale=Decimal("1e12"), currency="CNY")}
    rows: Rows = [{"id": "a", "value": Decimal(1), "unit": "zeds"}, {"id": "b", "value": Decimal(2), "unit": None},
                  {"id": "c", "value": Decimal(3), "unit": "trillion yuan"}, {"id": "d", "value": None}]  # fmt: skip
    assert ids(run_query(rows, Query(sort="value", descending=True), units)) == ["c", "b", "a", "d"]
