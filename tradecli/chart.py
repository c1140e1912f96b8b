"""Horizontal bar charts of one field: which bars, on what scale, laid out as data, as plain text.

Pure: nothing here knows about terminals or imports Rich. The figures are chosen with the same
Query as `list` and `filter`; this module turns them into bars (refusing to put two units on one
axis), scales the bars into whole columns around a zero line, and renders the layout as plain
ASCII. `chartview.py` draws the very same layout with Rich for a terminal, so what a pipe shows
and what a person sees can only differ in colour and glyphs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from tradecli.dataset import resolve, resolve_id, view, whole_period_view
from tradecli.derive import record, year_on_year
from tradecli.errors import UsageError, pick_name
from tradecli.model import FIELDS, Dataset, Figure
from tradecli.periods import parse_period
from tradecli.query import Query, Record, field_spec, limit_rows, run_query, sort_rows
from tradecli.render import cell_text
from tradecli.safetext import display_width, printable

# The unit a bar of each number field is in; None means the figure's own unit (its `unit` field).
# A number field missing here cannot be charted (a test keeps this table complete).
FIELD_UNITS: dict[str, str | None] = {
    "value": None,
    "implied_prior": None,
    "change": None,
    "growth": "%",
    "share": "%",
    "share_computed": "%",
    "share_of_total": "%",
    "share_implied": "%",
    "share_change": "percentage points",
    "page": "page",
}
DATA_COLUMNS = ("id", "period", "field", "qualifier", "value", "unit")
MIN_LABEL = 6  # columns a label always gets, so a squeezed chart still says what each bar is
MIN_BARS = 10  # columns the bars always get, so a narrow terminal still shows proportions
ELLIPSIS = "..."
LISTED = 6  # ids named in a note before "and N more"


class Bar(NamedTuple):
    """One bar: what it is, its number, and that number as stated ("8", not "8.0")."""

    label: str
    value: Decimal
    text: str  # the number as stated, with its qualifier: "-14.6", "more than 240"
    unit: str
    figure_id: str
    period: str
    qualifier: str


class Chart(NamedTuple):
    """The bars of one field in one unit, with a title saying what they measure."""

    title: str
    field: str
    unit: str
    bars: tuple[Bar, ...]


class Drawn(NamedTuple):
    """A chart and what the reader should know about what was left out of it (for stderr)."""

    chart: Chart
    notes: tuple[str, ...]


class Selection(NamedTuple):
    """The candidate figures: one statistic's versions (across periods) or a set of figures."""

    figures: tuple[Figure, ...]
    across: str | None  # the figure id when charting one statistic across periods
    period: str  # the period asked for, for the title
    notes: tuple[str, ...] = ()


# -- which bars -----------------------------------------------------------------------------


def chart_field(name: str) -> str:
    """The field to chart; only numbers make bars, so text fields are a usage error naming the options,
    and a name that is no field at all is offered the number fields only (not label, urls, ...)."""
    if name.strip().lower() not in {field.lower() for field in FIELDS}:
        return pick_name(name, FIELD_UNITS, "--field", "field")
    spec = field_spec(name, "--field")
    if spec.name not in FIELD_UNITS:
        raise UsageError(f"--field: {spec.name!r} is {spec.kind}, not a number; chart one of: {', '.join(FIELD_UNITS)}")
    return spec.name


def select(whole: Dataset, names: Sequence[str], period: str | None, tier: str | None) -> Selection:
    """One name charts that statistic across periods (all of them unless --period narrows);
    no names or several chart a set of figures of one period, as `list` would show them."""
    if len(names) == 1:
        return _versions(whole, names[0], period, tier)
    shown = whole_period_view(whole, period, tier)
    chosen = period or whole.period
    if not names:
        return Selection(shown.figures, None, chosen)
    figures = [resolve(whole, name, period) for name in names]
    keys = [(f.id, f.period) for f in figures]
    repeated = sorted({f"{i} ({p})" for i, p in keys if keys.count((i, p)) > 1})
    if repeated:
        raise UsageError(f"chart: {', '.join(repeated)} given more than once; name each figure once")
    kept = tuple(f for f in figures if shown.get(f.id, f.period) is not None)
    dropped = [f.id for f in figures if f not in kept]
    notes = (f"not of tier {tier}, not drawn: {_listed(dropped)}",) if dropped else ()
    return Selection(kept, None, chosen, notes)


def _versions(whole: Dataset, name: str, period: str | None, tier: str | None) -> Selection:
    figure_id = resolve_id(whole, name)
    chosen = period or "all"
    versions = view(whole, chosen, tier).versions(figure_id)
    if not versions:
        have = ", ".join(f"{f.period} ({f.tier})" for f in whole.versions(figure_id))
        where = f"within {chosen}" + (f" of tier {tier}" if tier else "")
        raise UsageError(f"chart: '{figure_id}' has no figure {where}; it has: {have}")
    return Selection(tuple(versions), figure_id, chosen)


def build(whole: Dataset, selection: Selection, query: Query, field: str) -> Drawn:
    """Narrow with the query, drop what lacks the field, keep like periods, sort, cut, check units."""
    figures = {(f.id, f.period): f for f in selection.figures}
    selected = run_query(
        [record(f, whole) for f in selection.figures], query._replace(sort=None, limit=None), whole.units
    )
    rows = selected.rows
    notes = [*selection.notes, *selected.notes]
    drawable = [r for r in rows if r.get(field) is not None]
    lacking = [_name(r, selection.across) for r in rows if r.get(field) is None]
    if lacking:
        notes.append(f"no {field}, not drawn: {_listed(lacking)}")
    if field == "growth":  # a growth on 2020 beside growths on the year before would look comparable
        other_base = [r for r in drawable if not year_on_year(figures[(str(r["id"]), str(r["period"]))])]
        if other_base and len(other_base) < len(drawable):
            drawable = [r for r in drawable if year_on_year(figures[(str(r["id"]), str(r["period"]))])]
            bases = [f"{_name(r, selection.across)} (on {r['comparison_period']})" for r in other_base]
            notes.append(f"growth on another base than the year before, not drawn: {_listed(bases)}")
    if selection.across:
        drawable, left_out = like_periods(drawable, whole.period)
        if left_out:
            notes.append(_periods_note(selection.across, left_out, drawable))
        drawable.sort(key=lambda r: parse_period(str(r["period"])))
    if query.sort:
        drawable = sort_rows(drawable, query.sort, query.descending, whole.units)
    drawable = limit_rows(drawable, query.limit)
    if not drawable:
        raise UsageError(_nothing_to_draw(len(rows), field, query.limit))
    bars = [_bar(figures[(str(r["id"]), str(r["period"]))], r, field) for r in drawable]
    unit = one_unit(bars)
    labelled = _labels(bars, selection.across is not None)
    return Drawn(Chart(_title(selection, field, unit, labelled), field, unit, tuple(labelled)), tuple(notes))


def _name(row: Record, across: str | None) -> str:
    return str(row["period"]) if across else str(row["id"])


def _listed(names: Sequence[str]) -> str:
    """Names for a one-line note: the first few, then how many more."""
    shown = ", ".join(printable(n) for n in names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def _nothing_to_draw(selected: int, field: str, limit: int | None) -> str:
    if limit == 0:
        return "chart: nothing to draw: --limit 0"
    if selected == 0:
        return "chart: nothing to draw: no figure matches the selection (see 'tradecli list')"
    return f"chart: nothing to draw: none of the {selected} figures selected has {field}; try another --field"


def like_periods(rows: Sequence[Record], preferred: str) -> tuple[list[Record], list[Record]]:
    """Keep the versions whose periods are equally long, so bars compare like with like.

    A five-year total (2021-2025) beside yearly totals, or December's growth beside the year's,
    would look comparable and is not. The length kept is that of the period asked for (the dataset's:
    a year) when a version has it, since that is what a reader asked about (the years' totals, not
    the monthly releases in between); otherwise the commonest, then the longer. Returns (kept, left
    out)."""
    lengths = Counter(_months(r) for r in rows)
    if len(lengths) <= 1:
        return list(rows), []
    preferred_length = _length(preferred)
    best = max(lengths, key=lambda n: (n == preferred_length, lengths[n], n))
    return [r for r in rows if _months(r) == best], [r for r in rows if _months(r) != best]


def _months(row: Record) -> int:
    return _length(str(row["period"]))


def _length(period: str) -> int:
    span = parse_period(period)
    return span.last - span.first + 1


def _periods_note(figure_id: str, left_out: Sequence[Record], kept: Sequence[Record]) -> str:
    months = _months(kept[0])
    periods = [printable(str(r["period"])) for r in left_out]
    example = periods[0]
    return (
        f"{printable(figure_id)}: {', '.join(periods)} not drawn: the bars are {months}-month periods "
        f"(--where 'period = {example}' charts it alone)"
    )


def _bar(figure: Figure, row: Record, field: str) -> Bar:
    value = row[field]
    assert isinstance(value, Decimal)  # FIELD_UNITS lists number fields only, and rows hold Decimals
    qualifier = figure.qualifier_of(field)
    text = cell_text(value) if qualifier == "exact" else f"{qualifier} {cell_text(value)}"
    unit = FIELD_UNITS[field] or str(row.get("unit") or "")
    return Bar(figure.id, value, text, unit, figure.id, figure.period, qualifier)


def one_unit(bars: Sequence[Bar]) -> str:
    """The one unit of the bars, or a usage error naming every unit found and how to narrow."""
    units = Counter(b.unit for b in bars)
    if len(units) == 1:
        return bars[0].unit
    found = ", ".join(f"{printable(u) or 'no unit'} ({n})" for u, n in units.most_common())
    top = printable(units.most_common(1)[0][0])
    raise UsageError(
        f"chart: cannot draw different units on one axis: {found}; narrow to one, e.g. --where 'unit = {top}'"
    )


def _labels(bars: Sequence[Bar], across: bool) -> list[Bar]:
    """Bars across periods are labelled by period; a set by id, with the period when periods differ."""
    several = len({b.period for b in bars}) > 1
    if across:
        return [b._replace(label=b.period) for b in bars]
    return [b._replace(label=f"{b.figure_id} ({b.period})" if several else b.figure_id) for b in bars]


def _title(selection: Selection, field: str, unit: str, bars: Sequence[Bar]) -> str:
    measured = f"{field} ({unit})" if unit else field
    if selection.across:
        return f"{selection.across}: {measured}"
    periods = {b.period for b in bars}
    return f"{measured}, {periods.pop() if len(periods) == 1 else selection.period}"


def data_rows(chart: Chart) -> list[dict[str, object]]:
    """What the chart plots, for --format csv/json: one row per bar, in the chart's order."""
    return [
        {"id": b.figure_id, "period": b.period, "field": chart.field, "qualifier": b.qualifier,
         "value": b.value, "unit": b.unit}
        for b in chart.bars
    ]  # fmt: skip


# -- text that is safe to show and its width ------------------------------------------------


def fit(text: str, width: int) -> str:
    """The text cut to at most width columns, ending in '...' when cut."""
    if display_width(text) <= width:
        return text
    marker = ELLIPSIS if width > len(ELLIPSIS) else ""
    kept = ""
    for ch in text:
        if display_width(kept + ch) > width - len(marker):
            break
        kept += ch
    return kept + marker


def pad(text: str, width: int) -> str:
    """Left-aligned in width columns."""
    return text + " " * max(0, width - display_width(text))


def rjust(text: str, width: int) -> str:
    """Right-aligned in width columns."""
    return " " * max(0, width - display_width(text)) + text


# -- layout ---------------------------------------------------------------------------------


class Line(NamedTuple):
    """One row of the chart: label, stated number, and bar lengths left and right of the zero line."""

    label: str  # printable, fitted to the label column
    text: str
    left: int
    right: int
    negative: bool


class Layout(NamedTuple):
    """Where everything goes, in columns: label | number | left bars, zero line, right bars.

    Every line is exactly `width` columns before trailing spaces are dropped."""

    title: str
    width: int
    label_width: int
    text_width: int
    left_width: int
    right_width: int
    lines: tuple[Line, ...]


def min_width(chart: Chart) -> int:
    """The narrowest a chart can be laid out: numbers are never cut, labels and bars keep a minimum."""
    return MIN_LABEL + _text_width(chart) + 3 + MIN_BARS


def _text_width(chart: Chart) -> int:
    return max((display_width(printable(b.text)) for b in chart.bars), default=0)


def layout(chart: Chart, width: int) -> Layout:
    """Lay the chart out in `width` columns (at least min_width): one scale for both sides of zero,
    so a bar's length is proportional to its value's distance from zero wherever it points."""
    width = max(width, min_width(chart))
    text_width = _text_width(chart)
    room = width - text_width - 3  # a space after the label and after the number, and the zero line
    labels = [printable(b.label) for b in chart.bars]
    label_width = min(max(display_width(label) for label in labels), max(MIN_LABEL, room // 2))
    columns = room - label_width
    values = [b.value for b in chart.bars]
    left_width = _left_width(values, columns)
    right_width = columns - left_width
    scale = Scale(max(Decimal(0), -min(values)) + max(Decimal(0), max(values)), columns, left_width, right_width)
    lines = tuple(
        Line(fit(label, label_width), printable(b.text), *scale.lengths(b.value), b.value < 0)
        for label, b in zip(labels, chart.bars, strict=True)
    )
    return Layout(fit(printable(chart.title), width), width, label_width, text_width, left_width, right_width, lines)


def _left_width(values: Sequence[Decimal], columns: int) -> int:
    """Columns left of the zero line: the negative side's share of the range, at least one if any."""
    negative = max(Decimal(0), -min(values))
    positive = max(Decimal(0), max(values))
    if negative + positive == 0:
        return 0
    share = _round(columns * negative / (negative + positive))
    return min(max(share, 1 if negative else 0), columns - (1 if positive else 0))


def _round(number: Decimal) -> int:
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Scale(NamedTuple):
    """Value to columns: `columns` span the whole range; each side is clamped to its own width."""

    extent: Decimal  # from the lowest value (or zero) to the highest (or zero)
    columns: int
    left_width: int
    right_width: int

    def length(self, value: Decimal) -> int:
        """Columns of the bar: rounded, at least one for any value other than zero, never past its side."""
        if value == 0 or self.extent == 0:
            return 0
        side = self.left_width if value < 0 else self.right_width
        return min(max(_round(abs(value) * self.columns / self.extent), 1), side)

    def lengths(self, value: Decimal) -> tuple[int, int]:
        """(left, right) bar lengths; only one of them is non-zero."""
        length = self.length(value)
        return (length, 0) if value < 0 else (0, length)


def render_plain(chart_layout: Layout, bar: str = "#", zero: str = "|") -> str:
    """The chart as plain text: ASCII bars, no escape codes, every line at most the layout's width."""
    lines = [chart_layout.title]
    for line in chart_layout.lines:
        left = " " * (chart_layout.left_width - line.left) + bar * line.left
        row = f"{pad(line.label, chart_layout.label_width)} {rjust(line.text, chart_layout.text_width)} "
        lines.append((row + left + zero + bar * line.right).rstrip())
    return "\n".join(lines) + "\n"
