"""The --where parser and the query pipeline (filter, search, sort, limit, fields)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.derive import record
from tradecli.errors import UsageError
from tradecli.model import FIELDS
from tradecli.query import (
    OPERATORS,
    Condition,
    Query,
    QueryResult,
    WhereError,
    parse_fields,
    parse_where,
    run_query,
)

from .conftest import Invoke

Rows = list[dict[str, object]]


@pytest.fixture(scope="module")
def rows() -> Rows:
    from tradecli.dataset import load_dataset

    data = load_dataset()  # the 25 statements of page 1, which these tests know by heart
    return [record(f, data) for f in data.figures if f.source.page == 1 and f.period != "2024"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("growth > 10", Condition("growth", ">", Decimal("10"))),
        ("  growth>=6.5 ", Condition("growth", ">=", Decimal("6.5"))),
        ("GROWTH == 8%", Condition("growth", "==", Decimal("8"))),
        ("label ~ latin america", Condition("label", "~", "latin america")),
        ("unit = 'trillion yuan'", Condition("unit", "=", "trillion yuan")),
        ('basis != "value"', Condition("basis", "!=", "value")),
        ("aliases = B&R", Condition("aliases", "=", "B&R")),
        ("value <= -1.5", Condition("value", "<=", Decimal("-1.5"))),
    ],
)
def test_parse_where(text: str, expected: Condition) -> None:
    assert parse_where(text) == expected


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "expected a field name"),
        ("> 10", 1, "expected a field name, found '>'"),
        ("grwth > 1", 1, "unknown field 'grwth'; did you mean 'growth'?"),
        ("growth", 7, "expected an operator"),
        ("growth 10", 8, "expected an operator (<= >= != == = < > ~), found '1'"),
        ("growth >", 9, "expected a value after the operator"),
        ("growth > abc", 10, "'growth' is a number, got 'abc'"),
        ("growth >> 10", 9, "'growth' is a number, got '> 10'"),
        ("label < 3", 7, "operator '<' compares numbers, but 'label' is text"),
        ("label = 'open", 9, "unterminated quoted value"),
        ("growth > nan", 10, "'growth' is a number"),
    ],
)
def test_where_errors_name_the_problem_and_column(text: str, column: int, message: str) -> None:
    with pytest.raises(WhereError) as caught:
        parse_where(text)
    assert caught.value.column == column
    assert message in str(caught.value)
    assert isinstance(caught.value, UsageError)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_a_where_error(text: str) -> None:
    try:
        condition = parse_where(text)
    except WhereError as exc:
        assert 1 <= exc.column <= len(text) + 1
    else:
        assert condition.field in FIELDS and condition.op in OPERATORS


numeric_fields = [f.name for f in FIELDS.values() if f.kind == "number"]


@given(st.sampled_from(numeric_fields), st.sampled_from([o for o in OPERATORS if o != "~"]),
       st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000))  # fmt: skip
def test_generated_numeric_expressions_round_trip(field: str, op: str, number: Decimal) -> None:
    assert parse_where(f"{field} {op} {number}") == Condition(field, op, number)


def ids(result: QueryResult) -> list[object]:
    return [r["id"] for r in result.rows]


def test_growth_above_ten(rows: Rows) -> None:
    result = run_query(rows, Query(conditions=(parse_where("growth > 10"),)))
    expected = ["africa", "high-tech-exports", "new-three-exports", "wind-turbine-exports",
                "private-label-exports", "computer-parts-imports", "edible-oil-imports"]  # fmt: skip
    assert ids(result) == expected


def test_conditions_and_together_and_missing_fields_never_match(rows: Rows) -> None:
    query = Query(conditions=(parse_where("unit = trillion yuan"), parse_where("growth >= 6.3")))
    assert ids(run_query(rows, query)) == ["belt-and-road", "asean", "latin-america", "africa",
                                           "high-tech-exports", "private-enterprises"]  # fmt: skip
    assert "crude-oil-imports" not in ids(run_query(rows, Query(conditions=(parse_where("value != 0"),))))


def test_contains_is_case_insensitive_and_searches_lists(rows: Rows) -> None:
    assert ids(run_query(rows, Query(conditions=(parse_where("aliases ~ nev"),)))) == ["new-three-exports"]
    assert ids(run_query(rows, Query(search="AFRICA"))) == ["africa"]


def test_section_flow_sort_desc_and_limit(rows: Rows) -> None:
    query = Query(section="markets", sort="growth", descending=True, limit=3)
    assert ids(run_query(rows, query)) == ["africa", "asean", "latin-america"]
    sorted_all = run_query(rows, Query(flow="imports", sort="value"))
    assert ids(sorted_all)[:3] == ["import-growth-streak", "mech-elec-imports", "imports"]  # no units known
    assert sorted_all.rows[-1]["value"] is None


def test_sort_text_and_bad_sort_fields(rows: Rows) -> None:
    assert ids(run_query(rows, Query(sort="id")))[0] == "africa"
    with pytest.raises(UsageError, match="cannot sort by 'aliases'"):
        run_query(rows, Query(sort="aliases"))
    with pytest.raises(UsageError, match=r"--sort: unknown field 'grwth' .*did you mean 'growth'"):
        run_query(rows, Query(sort="grwth"))


def test_negative_limit_is_a_usage_error(rows: Rows) -> None:
    with pytest.raises(UsageError, match="--limit: expected a number >= 0"):
        run_query(rows, Query(limit=-1))


def test_parse_fields() -> None:
    assert parse_fields("id, VALUE,growth") == ["id", "value", "growth"]
    assert parse_fields(None)[:2] == ["id", "period"]
    with pytest.raises(UsageError, match=r"--fields: unknown field 'vlue' .available: id, label.*did you mean 'value'"):
        parse_fields("id,vlue")
    with pytest.raises(UsageError, match="give comma-separated field names"):
        parse_fields(" , ")


def test_a_listing_of_some_fields_has_the_values_of_the_full_records() -> None:
    """select(fields=...) computes and keeps only what is shown, filtered and sorted on: same values."""
    from tradecli.dataset import load_dataset
    from tradecli.selection import select

    data = load_dataset()
    asked = {"where": ["share_of_total > 1"], "sort": "implied_prior", "descending": True, "period": "all"}
    full = select(data, **asked).rows  # type: ignore[arg-type]
    some = select(data, fields=["id", "period", "change"], **asked).rows  # type: ignore[arg-type]
    assert len(full) > 5
    assert [{k: r[k] for k in ("id", "period", "change", "share_of_total")} for r in full] == [
        {k: r[k] for k in ("id", "period", "change", "share_of_total")} for r in some
    ]
    assert "quote" not in some[0] and "quote" in full[0]


@pytest.mark.parametrize(
    ("period", "option"), [("2024", "--period 2024"), ("December 2025", "--period 'December 2025'")]
)
def test_a_where_on_another_period_than_the_listings_says_how_to_list_it(
    invoke: Invoke, period: str, option: str
) -> None:
    """It selected nothing, silently: the listing is of 2025 (and of the whole year's versions)."""
    result = invoke("filter", "--where", "id = exports", "--where", f"period = {period}")
    assert result.exit_code == 0 and result.stdout.count("\n") == 1  # the header only
    assert result.stderr == f"note: --where period = {period}: the listing is of 2025; {option} lists that period\n"
    listed = invoke("filter", *option.replace("'", "").split(" ", 1), "--where", "id = exports", "--format", "csv")
    assert listed.stdout.count("\n") == 2 and listed.stderr == ""


@pytest.mark.parametrize("name", ["US", "USA", "U.S.", "美国", "United States", "united states"])
def test_a_partner_in_a_condition_is_known_by_any_of_its_names(invoke: Invoke, name: str) -> None:
    """'partner = US' selected nothing (figures spell it 'United States'), with exit 0 and no hint."""
    result = invoke("filter", "--where", f"partner = {name}", "--fields", "id", "--format", "csv")
    assert result.exit_code == 0 and "us-usd" in result.stdout.splitlines()
    assert "us-usd" not in invoke("filter", "--where", f"partner != {name}", "--fields", "id").stdout.splitlines()


def test_the_before_a_name_in_a_condition_is_not_part_of_it(invoke: Invoke) -> None:
    assert "eu" in invoke("filter", "--where", "partner = the EU", "--fields", "id").stdout.splitlines()
