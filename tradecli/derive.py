"""Values implied by the stated figures: prior-year values, changes, shares, comparisons.

Derived numbers are computed in Decimal from the stated ones and rounded once, at the end,
to a precision that follows from the inputs, so a derived 43.81 is reproducible by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from tradecli.interval import Interval, exact, growth_factor, round_half_up, stated
from tradecli.model import ADDITIVE_KINDS, Dataset, Figure
from tradecli.periods import PeriodError, parse_period

HUNDRED = Decimal(100)
PERCENT_PLACES = 2  # computed shares and ratios are shown to 0.01
AMOUNT_KIND = "amount"
QUANTITY_KIND = "quantity"


def decimals(number: Decimal) -> int:
    """How many decimal places a stated number carries ('8' -> 0, '7.55' -> 2)."""
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def growth_currency(figure: Figure, dataset: Dataset) -> str | None:
    """What a growth rate is measured in: a value growth's currency (stated, else that of the
    figure's unit), or a volume growth's measure ("tonne", from a quantity unit).

    One slot for both lets prose decide: "rose 4.4% to 557.73 million tonnes" is growth in tonnes,
    so it is never read as the growth of the same product's value in yuan.
    """
    if figure.growth is None:
        return None
    unit = dataset.unit(figure.unit)
    if figure.basis == "volume":
        return unit.currency if unit and unit.kind == QUANTITY_KIND else None
    if figure.basis != "value":
        return None
    return figure.growth_currency or (unit.currency if unit else None) or dataset.currency


def _exact_prior_inputs(figure: Figure, dataset: Dataset) -> tuple[Decimal, Decimal] | None:
    """(value, growth) where growth measures the value of an amount exactly stated, else None."""
    if figure.value is None or figure.growth is None or not grows_in_own_unit(figure, dataset):
        return None
    if figure.qualifier != "exact" or figure.growth_qualifier != "exact":
        return None
    return figure.value, figure.growth


def year_on_year(figure: Figure) -> bool:
    """The figure's growth is on the same months a year earlier (2025 on 2024, December 2025 on
    December 2024, or on 2024 as the data say), not on another base (2025 on 2020, on 2014).

    What a reader means by growth: text checks, lookups and charts keep other bases apart."""
    try:
        return parse_period(figure.comparison_period).last == parse_period(figure.period).last - 12
    except PeriodError:
        return True  # a period the dataset's validator let through: nothing to say against it


# The growth basis that measures an additive unit itself: money grows in value, tonnes in volume.
_OWN_BASIS = {AMOUNT_KIND: "value", QUANTITY_KIND: "volume"}


def grows_in_own_unit(figure: Figure, dataset: Dataset) -> bool:
    """The figure's growth measures its own value (yuan in value, tonnes in volume), so that a
    prior-period value is implied by value / (1 + growth); a volume growth of a yuan value is not."""
    kind = dataset.unit_kind(figure.unit)
    return figure.growth is not None and kind is not None and _OWN_BASIS.get(kind) == figure.basis


def _exact_prior(figure: Figure, dataset: Dataset) -> Decimal | None:
    """value / (1 + growth), unrounded; None also where growth is -100% (see derived_notes)."""
    inputs = _exact_prior_inputs(figure, dataset)
    if inputs is None:
        return None
    value, growth = inputs
    factor = 1 + growth / HUNDRED
    return None if factor == 0 else value / factor


def derived_notes(figure: Figure, dataset: Dataset) -> list[str]:
    """Why a derived value a reader would expect is empty, where the reason is not obvious.

    A growth of -100% (trade stopped: the value is 0) says nothing about the prior value, which
    any amount could have been; value / (1 + growth) would divide by zero.
    """
    if figure.growth is None or 1 + figure.growth / HUNDRED != 0 or _exact_prior_inputs(figure, dataset) is None:
        return []
    return [
        f"{figure.id}: a growth of {figure.growth}% leaves the {figure.comparison_period} value unknown "
        "(value / (1 + growth) divides by zero): implied_prior and change are empty"
    ]


def implied_prior(figure: Figure, dataset: Dataset) -> Decimal | None:
    """The comparison-period value the stated value and growth imply, at the value's precision."""
    prior = _exact_prior(figure, dataset)
    return None if prior is None or figure.value is None else round_half_up(prior, decimals(figure.value))


def absolute_change(figure: Figure, dataset: Dataset) -> Decimal | None:
    """Stated value minus the implied prior value, at the value's precision."""
    prior = _exact_prior(figure, dataset)
    if prior is None or figure.value is None:
        return None
    return round_half_up(figure.value - prior, decimals(figure.value))


def percent_of(part: Figure, whole: Figure | None) -> Decimal | None:
    """part as a percentage of whole, when both have values in the same unit."""
    if whole is None or part.value is None or whole.value is None or whole.value == 0:
        return None
    if part.unit != whole.unit:
        return None
    return round_half_up(part.value / whole.value * HUNDRED, PERCENT_PLACES)


def computed_share(figure: Figure, dataset: Dataset) -> Decimal | None:
    """Share of the parent figure computed from values, to set beside the stated share."""
    return percent_of(figure, dataset.related(figure, figure.share_of or figure.part_of))


class DerivedShare(NamedTuple):
    """The share of its parent a figure's value and the parent's imply: a point and, allowing for the
    rounding of both stated values, the interval the true share lies in."""

    parent: Figure
    point: Decimal
    interval: Interval


def derived_share(figure: Figure, dataset: Dataset) -> DerivedShare | None:
    """What a claim about a figure's share is checked against when the dataset states none: its value
    as a percent of its parent's (share_of, else part_of, else the total) of the same period, in one
    group of units (amounts of one currency, quantities of one measure)."""
    from tradecli.units import common_unit, restate

    parent_id = figure.share_of or figure.part_of or dataset.total_id
    parent = dataset.get(parent_id, figure.period) if parent_id and parent_id != figure.id else None
    if parent is None or figure.value is None or not parent.value:
        return None
    if dataset.unit_kind(figure.unit) not in ADDITIVE_KINDS:  # a share of ranks or rates means nothing
        return None
    if common_unit([str(figure.unit), str(parent.unit)], dataset.units) is None:
        return None
    whole = restate(parent.value, str(parent.unit), str(figure.unit), dataset.units)
    part_range = stated(figure.value, figure.qualifier, dataset.rounding)
    interval = part_range / stated(whole, parent.qualifier, dataset.rounding) * exact(HUNDRED)
    if not interval.bounded:
        return None
    return DerivedShare(parent, round_half_up(figure.value / whole * HUNDRED, PERCENT_PLACES), interval)


def share_from_change(change: Interval, growth: Interval, parent_growth: Interval) -> Interval:
    """The current share a share change and two growth rates imply.

    With r = (1 + g) / (1 + G), the share s and its prior s0 satisfy s / s0 = r and
    s - s0 = change, so s = change * r / (r - 1) = change * (1 + 1 / (r - 1)). Each input
    appears once in the last form, so interval arithmetic on it is exact (no widening).
    """
    one = exact(Decimal(1))
    ratio = growth_factor(growth) / growth_factor(parent_growth)
    return change * (one + one / (ratio - one))


class ShareChange(NamedTuple):
    """What turns a share change into a share: the figure, whose growth applies, and the parent."""

    figure: Figure
    grower: Figure  # the figure itself, or the one it restates when only that states the growth
    parent: Figure


def share_change_inputs(figure: Figure, dataset: Dataset) -> ShareChange | None:
    """The inputs when a stated share change can be turned into a share: both sides grew in value."""
    parent = dataset.related(figure, figure.share_of)
    grower = figure if figure.growth is not None else dataset.related(figure, figure.restates)
    if parent is None or grower is None or figure.share_change is None:
        return None
    if grower.growth is None or parent.growth is None or {grower.basis, parent.basis} != {"value"}:
        return None
    if {grower.growth_qualifier, parent.growth_qualifier} != {"exact"}:
        return None
    return ShareChange(figure, grower, parent)


def implied_share(figure: Figure, dataset: Dataset) -> Decimal | None:
    """The share of share_of implied by a stated share change and the two growth rates."""
    pair = share_change_inputs(figure, dataset)
    if pair is None:
        return None
    part, grower, parent = pair
    assert part.share_change is not None and grower.growth is not None and parent.growth is not None
    implied = share_from_change(exact(part.share_change), exact(grower.growth), exact(parent.growth))
    return round_half_up(implied.lo, PERCENT_PLACES) if implied.bounded else None


def share_of_total(figure: Figure, dataset: Dataset) -> Decimal | None:
    """Share of the dataset's total figure computed from values."""
    return percent_of(figure, dataset.total_for(figure))


DERIVED = ("implied_prior", "change", "share_computed", "share_of_total", "share_implied")


def record(figure: Figure, dataset: Dataset, fields: Container[str] | None = None) -> dict[str, object]:
    """A flat row of every field in model.FIELD_SPECS, stated and derived.

    fields: the fields wanted (None: all). A listing that shows, filters and sorts on a few fields
    computes no derived value it does not show, and keeps only those fields (100,000 rows of 40
    fields are ~150 MB).
    """
    row: dict[str, object] = {
        "id": figure.id,
        "label": figure.label,
        "aliases": list(figure.aliases),
        "section": figure.section,
        "flow": figure.flow,
        "partner": figure.partner,
        "product": figure.product,
        "subject": figure.subject,
        "qualifier": figure.qualifier,
        "value": figure.value,
        "unit": figure.unit,
        "growth": figure.growth,
        "basis": figure.basis,
        "growth_currency": growth_currency(figure, dataset),
        "share": figure.share,
        "share_of": figure.share_of,
        "share_base": figure.share_base,
        "share_change": figure.share_change,
        "part_of": figure.part_of,
        "restates": figure.restates,
        "counterpart": figure.counterpart,
        "period": figure.period,
        "comparison_period": figure.comparison_period,
        "notes": figure.notes,
        "quote": [q.text for q in figure.quotes],
        "quote_lang": [q.lang for q in figure.quotes],
        "quote_url": [q.url for q in figure.quotes],
        "tier": figure.tier,
        "source": figure.source.document,
        "page": figure.source.page,
        "speaker": figure.source.speaker or None,  # missing is null, as every other field's (not "")
        "location": figure.source.location or None,
        "url": figure.source.url,
        "urls": list(figure.source.urls or (figure.source.url,)),
        "implied_prior": None,
        "change": None,
        "share_computed": None,
        "share_of_total": None,
        "share_implied": None,
        "conversion": None,
    }
    if fields is None:
        for name in DERIVED:
            row[name] = _DERIVE[name](figure, dataset)
        return row
    kept = {name: value for name, value in row.items() if name in fields}
    for name in DERIVED:
        if name in fields:
            kept[name] = _DERIVE[name](figure, dataset)
    return kept


_DERIVE: dict[str, Callable[[Figure, Dataset], Decimal | None]] = {
    "implied_prior": implied_prior,
    "change": absolute_change,
    "share_computed": computed_share,
    "share_of_total": share_of_total,
    "share_implied": implied_share,
}


# -- comparisons ----------------------------------------------------------------------------


class Metric(NamedTuple):
    """A row of a comparison: how to read it off a figure and what a difference means."""

    name: str
    unit: str
    ratio: bool  # is a ratio between two figures meaningful for this metric?


METRICS = (
    Metric("value", "", True),
    Metric("growth", "%", False),
    Metric("implied_prior", "", True),
    Metric("change", "", False),
    Metric("share_of_total", "%", False),
)


class Comparison(NamedTuple):
    """Side-by-side rows (one per metric) plus notes about what could not be compared."""

    columns: list[str]
    rows: list[dict[str, object]]
    notes: list[str]


def compare(figures: Sequence[Figure], dataset: Dataset) -> Comparison:
    """Compare figures metric by metric; for exactly two, add difference and ratio columns.

    Differences of percentages are percentage points. Metrics nobody has are left out, and
    values in different units are shown but never subtracted.
    """
    records = [record(f, dataset) for f in figures]
    pair = len(figures) == 2
    labels = column_labels(figures)
    columns = ["metric", "unit", *labels] + (["difference", "ratio"] if pair else [])
    notes = _comparison_notes(figures, dataset) + [n for f in figures for n in derived_notes(f, dataset)]
    rows: list[dict[str, object]] = []
    for metric in METRICS:
        unit, cells = _in_one_unit(metric, figures, [r[metric.name] for r in records], dataset)
        if all(c is None for c in cells):
            continue
        row: dict[str, object] = {"metric": metric.name, "unit": unit}
        row.update(dict(zip(labels, cells, strict=True)))
        if pair:
            a, b = cells
            comparable = isinstance(a, Decimal) and isinstance(b, Decimal) and unit != MIXED
            row["difference"] = _difference(a, b) if comparable else None
            row["ratio"] = _ratio(a, b) if comparable and metric.ratio else None
        rows.append(row)
    return Comparison(columns=columns, rows=rows, notes=notes)


MIXED = "mixed"


def _in_one_unit(
    metric: Metric, figures: Sequence[Figure], cells: list[object], dataset: Dataset
) -> tuple[str, list[object]]:
    """A metric's cells in one unit: the figures' own when they share one, else the largest when
    all units are of one group (billion USD restated in trillion USD), else 'mixed' and the cells
    as stated, which are then never subtracted."""
    from tradecli.units import common_unit, restate

    if metric.unit:
        return metric.unit, cells
    present = [(f, c) for f, c in zip(figures, cells, strict=True) if isinstance(c, Decimal)]
    names = [str(f.unit) for f, _ in present]
    target = common_unit(names, dataset.units)
    if target is None:
        return (MIXED if names else ""), cells
    return target, [restate(c, str(f.unit), target, dataset.units) if isinstance(c, Decimal) else c
                    for f, c in zip(figures, cells, strict=True)]  # fmt: skip


def compare_periods(figures: Sequence[Figure], dataset: Dataset) -> Comparison:
    """One statistic across periods, oldest first: each metric per period, the change, and the
    growth the published values imply (growth_computed) beside the stated growth."""
    from tradecli.periods import parse_period

    ordered = sorted(figures, key=lambda f: parse_period(f.period))
    periods = [f.period for f in ordered]
    records = [record(f, dataset) for f in ordered]
    pair = len(ordered) == 2
    columns = ["metric", "unit", *periods] + (["change"] if pair else [])
    rows: list[dict[str, object]] = []
    values: list[object] = []
    for metric in METRICS:
        unit, cells = _in_one_unit(metric, ordered, [r[metric.name] for r in records], dataset)
        if all(c is None for c in cells):
            continue
        if metric.name == "value" and unit != MIXED:
            values = cells  # growth is computed only from values in one unit
        row: dict[str, object] = {"metric": metric.name, "unit": unit}
        row.update(dict(zip(periods, cells, strict=True)))
        if pair:
            first, last = cells
            both = isinstance(first, Decimal) and isinstance(last, Decimal) and unit != MIXED
            row["change"] = _difference(last, first) if both else None
        rows.append(row)
        if metric.name == "growth":
            rows.append(_computed_growth(values, periods))
    notes = _comparison_notes(ordered, dataset) + _revision_notes(ordered, dataset)
    every_column = [{column: row.get(column) for column in columns} for row in rows]  # missing: None, as in JSON
    return Comparison(columns=columns, rows=every_column, notes=notes)


def _revision_notes(ordered: Sequence[Figure], dataset: Dataset) -> list[str]:
    """Where a stated growth rate cannot link two published values, even allowing for rounding."""
    from tradecli.units import common_unit, restate

    notes = []
    for before, after in pairwise(ordered):
        prior = implied_prior(after, dataset)
        if before.value is None or after.value is None or after.growth is None or prior is None:
            continue
        if common_unit([str(before.unit), str(after.unit)], dataset.units) is None:
            continue  # a count then, a trillion now: nothing links them
        published = restate(before.value, str(before.unit), str(after.unit), dataset.units)
        linked = stated(after.value) / stated(published) - exact(Decimal(1))
        if not (linked * exact(HUNDRED)).overlaps(stated(after.growth)):
            notes.append(
                f"{after.id}: {after.period} growth of {after.growth}% implies a {before.period} value of "
                f"{prior}, not the {before.value} published: a revision or an error "
                "(see 'tradecli check --rule revision')"
            )
    return notes


def _computed_growth(values: Sequence[object], periods: Sequence[str]) -> dict[str, object]:
    """Growth from each period's published value to the next one's, in percent (values in one unit)."""
    row: dict[str, object] = {"metric": "growth_computed", "unit": "%"}
    for before, after, period in zip(values, values[1:], periods[1:], strict=False):
        if isinstance(before, Decimal) and before and isinstance(after, Decimal):
            row[period] = round_half_up((after / before - 1) * HUNDRED, PERCENT_PLACES)
    return row


def column_labels(figures: Sequence[Figure]) -> list[str]:
    """Column names for compared figures: ids, with the period where an id repeats or the
    figures' periods differ (a figure shown from another year must say so in its column)."""
    repeated = {f.id for f in figures if sum(g.id == f.id for g in figures) > 1}
    mixed = len({f.period for f in figures}) > 1
    return [f"{f.id} ({f.period})" if mixed or f.id in repeated else f.id for f in figures]


def _difference(a: object, b: object) -> Decimal:
    assert isinstance(a, Decimal) and isinstance(b, Decimal)
    return round_half_up(a - b, max(decimals(a), decimals(b)))


def _ratio(a: object, b: object) -> Decimal | None:
    assert isinstance(a, Decimal) and isinstance(b, Decimal)
    return None if b == 0 else round_half_up(a / b, PERCENT_PLACES)


def _units_note(figures: Sequence[Figure], dataset: Dataset) -> str:
    """How values in several units were compared: at scale within one group, else not at all."""
    from tradecli.units import group_of

    units = sorted({str(f.unit) for f in figures if f.value is not None})
    shown = " vs ".join(units)
    if len({group_of(u, dataset.units) for u in units}) > 1:
        return f"values are in different units ({shown}) that do not compare: shown side by side, not subtracted"
    return f"values are in different units of one kind ({shown}): compared at scale, in the unit each row names"


def _comparison_notes(figures: Sequence[Figure], dataset: Dataset) -> list[str]:
    units = {f.unit for f in figures if f.value is not None}
    notes: list[str] = []
    without_value = [f.id for f in figures if f.value is None]
    if without_value:
        notes.append(f"no stated value for {', '.join(without_value)}: compared on growth and shares only")
    if len(units) > 1:
        notes.append(_units_note(figures, dataset))
    bases = {f.basis for f in figures if f.growth is not None}
    if len(bases) > 1:
        notes.append("growth rates have different bases (value vs volume): the gap mixes the two")
    currencies = {growth_currency(f, dataset) for f in figures} - {None}
    if len(currencies) > 1:
        shown = " vs ".join(sorted(str(c) for c in currencies))
        notes.append(f"growth rates are measured in different currencies ({shown}): both can be right")
    return notes
