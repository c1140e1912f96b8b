"""Selecting and comparing figures by what a person asks for: shared by the CLI and the Python API.

`tradecli list`/`filter`/`chart` and `tradecli.load().figures()` select the same rows, and
`tradecli compare` and `Data.compare()` compare the same figures, because both call these
functions; neither re-implements the order of parsing, narrowing and checking the request.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tradecli.errors import UsageError
from tradecli.model import FLOWS

if TYPE_CHECKING:
    from tradecli.convert import Conversion
    from tradecli.dataset import Version
    from tradecli.derive import Comparison
    from tradecli.model import Dataset, Figure
    from tradecli.query import Condition, Query, QueryResult


def figure_query(
    dataset: Dataset, conditions: tuple[Condition, ...], section: str | None, flow: str | None, **query_args: Any
) -> Query:
    """The selection list, filter and chart share: section and flow checked against their vocabularies,
    so a misspelt section is a usage error with a suggestion rather than an empty answer."""
    from tradecli.query import Query, pick_name

    return Query(
        conditions=conditions,
        searcher=searcher(dataset, query_args.get("search")),
        section=pick_name(section, dataset.sections, "--section", "section") if section else None,
        flow=pick_name(flow, FLOWS, "--flow", "flow") if flow else None,
        **query_args,
    )


def searcher(dataset: Dataset, text: str | None) -> Callable[[dict[str, object]], bool] | None:
    """--search reads its text with the dataset's words, as show reads a name."""
    if text is None:
        return None
    from tradecli.lookup import search_matcher

    return search_matcher(dataset, text)


# Fields a query reads besides those shown, filtered and sorted on (--section, --flow, units in notes).
QUERIED = ("id", "period", "label", "section", "flow", "unit", "value")


class Selection(NamedTuple):
    """The rows a listing selects, notes about how they were compared, and the currency conversion
    asked for (None: values as stated)."""

    rows: list[dict[str, object]]
    notes: list[str]
    conversion: Conversion | None


def select(
    whole: Dataset,
    *,
    where: Sequence[str] = (),
    period: str | None = None,
    tier: str | None = None,
    section: str | None = None,
    flow: str | None = None,
    currency: str | None = None,
    rate: str | None = None,
    fields: Sequence[str] | None = None,
    **query_args: Any,
) -> Selection:
    """Figure records of a period (default: the dataset's) and tier matching every condition.

    Conditions are parsed before the period is checked, as the CLI always did, so that the first
    error a person sees is the same whichever way they ask. fields: the columns that will be shown
    (None: all); derived values are computed only for those and for the conditions and sort.
    """
    from tradecli.convert import parse_conversion
    from tradecli.dataset import whole_period_view
    from tradecli.query import parse_where, run_query

    conditions = tuple(parse_where(w, whole) for w in where)
    dataset = whole_period_view(whole, period, tier)
    conversion = parse_conversion(currency, rate, whole)
    query = figure_query(dataset, conditions, section, flow, **query_args)
    needed = None
    if fields is not None and conversion is None and query.search is None:
        needed = {*fields, *(c.field for c in conditions), query.sort or "", *QUERIED}
    rows = [converted_record(f, whole, conversion, needed) for f in dataset.figures]
    result: QueryResult = run_query(rows, query, whole.units)
    notes = result.notes + _outside_the_view(conditions, period or whole.period, result.rows)
    return Selection(result.rows, notes, conversion)


def _outside_the_view(conditions: Sequence[Condition], period: str, rows: Sequence[object]) -> list[str]:
    """A condition naming another period than the listing's (--where 'period = 2024' in a listing of
    2025, or 'December 2025', whose versions a listing of the year leaves out) selects nothing,
    silently: say that --period picks the period."""
    from tradecli.dataset import period_option
    from tradecli.periods import is_period, same_period

    if rows or period.strip().lower() == "all":
        return []
    named = [str(c.literal) for c in conditions if c.field == "period" and c.op == "="]
    return [
        f"--where period = {other}: the listing is of {period}; {period_option(other)} lists that period"
        for other in named
        if is_period(other) and not same_period(other, period)
    ]


def converted_record(
    figure: Figure, dataset: Dataset, conversion: Conversion | None, fields: Container[str] | None = None
) -> dict[str, object]:
    """A figure's record (fields: see derive.record), converted to another currency when --currency asks for it."""
    from tradecli.derive import record

    row = record(figure, dataset, fields)
    if conversion is None:
        return row
    from tradecli.convert import convert_row

    return convert_row(row, figure, dataset, conversion)


class Compared(NamedTuple):
    """A comparison and every note about it: periods shown other than the one asked for, units."""

    comparison: Comparison
    notes: list[str]


def compare_named(dataset: Dataset, names: Sequence[str], periods: Sequence[str] = ()) -> Compared:
    """Figures named side by side, or one figure across periods (exactly one name, several periods).

    Refuses fewer than two columns and a figure named twice: both would be a comparison of
    nothing, which reads as an answer.
    """
    from tradecli.dataset import resolve_version
    from tradecli.derive import compare, compare_periods

    require_two(names, periods)
    chosen: list[str | None] = list(periods) if periods else [None]
    versions: list[Version] = [resolve_version(dataset, n, p) for n in names for p in chosen]
    figures = [v.figure for v in versions]
    keys = [(f.id, f.period) for f in figures]
    repeated = sorted({f"{i} ({p})" for i, p in keys if keys.count((i, p)) > 1})
    if repeated:
        raise UsageError(f"compare: {', '.join(repeated)} given more than once; name each figure once")
    across_periods = len({f.id for f in figures}) == 1
    result = compare_periods(figures, dataset) if across_periods else compare(figures, dataset)
    return Compared(result, [v.note for v in versions if v.note] + result.notes)


def require_two(names: Sequence[str], periods: Sequence[str] = ()) -> None:
    """A comparison needs two columns: two names, or one name in two periods (checked before loading
    the data, so the mistake is named even when the data is broken)."""
    if len(names) * max(1, len(periods)) < 2:
        raise UsageError(
            "compare: give two figures ('tradecli compare exports imports') "
            "or one figure and two periods ('tradecli compare exports --period 2024 --period 2025')"
        )
