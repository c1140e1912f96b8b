"""Querying figure records: a small --where parser, filtering, searching, sorting, selecting.

User text is parsed here by hand, never handed to eval or pandas.query: the grammar is one
comparison, ``FIELD OP VALUE [UNIT]``, which is all a --where needs and easy to explain when wrong.
Values in a unit (value, implied_prior, change) are compared like with like: see tradecli.units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from tradecli.errors import UsageError, did_you_mean
from tradecli.errors import pick_name as pick_name  # where it was, for callers
from tradecli.fullwidth import ascii_number
from tradecli.limits import number_problem
from tradecli.model import FIELDS, NO_WORDS, FieldSpec, Unit
from tradecli.model import parse_fields as parse_fields  # where it was, for callers
from tradecli.periods import chronological_key
from tradecli.units import Group, Measure, UnitError, describe_groups, group_of, group_order, parse_unit, scale_of

if TYPE_CHECKING:
    from tradecli.model import Dataset

Record = dict[str, object]
Units = Mapping[str, Unit]
NO_UNITS: Units = MappingProxyType({})
OPERATORS = ("<=", ">=", "!=", "==", "=", "<", ">", "~")
NUMERIC_ONLY = ("<", "<=", ">", ">=")
_FIELD = r"[A-Za-z_][A-Za-z0-9_]*"  # patterns compiled (and cached by re) when a --where is parsed
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"


class WhereError(UsageError):
    """A --where expression that does not parse, with the 1-based column of the trouble."""

    def __init__(self, expression: str, column: int, message: str) -> None:
        super().__init__(f"--where {expression!r}: column {column}: {message}")
        self.column = column


class Condition(NamedTuple):
    """One parsed comparison; a record lacking the field never matches.

    With a measure ('value > 5 trillion yuan') only figures whose unit is in the measure's group
    can match, and they are compared by size at scale; without one, a number is compared with
    each figure's value in that figure's own unit.
    """

    field: str
    op: str
    literal: Decimal | str
    measure: Measure | None = None

    def matches(self, row: Record, units: Units = NO_UNITS) -> bool:
        value = row.get(self.field)
        if value is None:
            return False
        if isinstance(value, list):
            return any(self._compare(item) for item in value)
        if self.measure is not None:
            return self._compare_at_scale(value, str(row.get("unit") or ""), units)
        return self._compare(value)

    def _compare(self, value: object) -> bool:
        if isinstance(self.literal, Decimal) and isinstance(value, Decimal):
            return _ORDERINGS[self.op](value.compare(self.literal))
        text, wanted = str(value).lower(), str(self.literal).lower()
        if self.op == "~":
            return wanted in text
        return (text == wanted) == (self.op in ("=", "=="))

    def _compare_at_scale(self, value: object, unit: str, units: Units) -> bool:
        """Like with like: another currency or kind never matches, whatever the operator."""
        assert self.measure is not None and isinstance(self.literal, Decimal)
        if not isinstance(value, Decimal) or group_of(unit, units) != self.measure.group:
            return False
        size, wanted = value * scale_of(unit, units), self.literal * self.measure.scale
        return _ORDERINGS[self.op](size.compare(wanted))

    @property
    def bare_amount(self) -> bool:
        """A number without a unit on a field measured in each figure's unit ('value > 5')."""
        return FIELDS[self.field].in_unit and isinstance(self.literal, Decimal) and self.measure is None

    def text(self) -> str:
        unit = f" {self.measure.name}" if self.measure else ""
        return f"{self.field} {self.op} {self.literal}{unit}"


_ORDERINGS: dict[str, Callable[[Decimal], bool]] = {
    "=": lambda c: c == 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


def parse_where(expression: str, dataset: Dataset | None = None) -> Condition:
    """Parse ``FIELD OP VALUE [UNIT]``; VALUE is a number, a quoted string, or the rest of the text.

    A unit may follow a number on a field measured in units (value, implied_prior, change): the
    dataset's units and [words] say what it means ('5 trillion yuan', '700 bn USD', '200 count').
    """
    pos = _skip_spaces(expression, 0)
    name_match = re.compile(_FIELD).match(expression, pos)
    if not name_match:
        found = expression[pos : pos + 1] or "end of text"
        raise WhereError(expression, pos + 1, f"expected a field name, found {found!r}; e.g. 'growth > 10'")
    name = name_match.group().lower()
    spec = FIELDS.get(name)
    if spec is None:
        hint = did_you_mean(name, FIELDS) or f" (fields: {', '.join(FIELDS)})"
        raise WhereError(expression, pos + 1, f"unknown field {name!r}{hint}")
    pos = _skip_spaces(expression, name_match.end())
    plain = ascii_number(expression)  # full-width operators and digits; same length, same columns
    op = next((o for o in OPERATORS if plain.startswith(o, pos)), None)
    if op is None:
        found = expression[pos : pos + 1] or "end of text"
        raise WhereError(expression, pos + 1, f"expected an operator ({' '.join(OPERATORS)}), found {found!r}")
    value_pos = _skip_spaces(expression, pos + len(op))
    literal, measure = _parse_literal(expression, value_pos, spec, op, dataset)
    if isinstance(literal, str) and op in NUMERIC_ONLY:
        raise WhereError(
            expression, pos + 1, f"operator {op!r} compares numbers, but {spec.name!r} is {spec.kind}; use = != or ~"
        )
    if isinstance(literal, str) and op != "~" and dataset is not None:
        literal = _named(literal, spec.name, dataset)
    return Condition(spec.name, op, literal, measure)


def _named(text: str, field: str, dataset: Dataset) -> str:
    """A partner, product or subject by any name the dataset's words give it: 'partner = US' is the
    United States (figures spell it one way; [words.partners] lists 'US', 'USA', 'U.S.', '美国')."""
    names = dataset.words.names.get(f"{field}s")
    if not names:
        return text
    wanted = text.strip().lower()
    for said in dict.fromkeys((wanted, wanted.removeprefix("the "))):  # 'the EU' is the EU
        key = next((key for key, phrases in names.items() if said in (p.lower() for p in phrases)), None)
        if key is not None:
            return key
    return text


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _parse_literal(
    expression: str, pos: int, spec: FieldSpec, op: str, dataset: Dataset | None
) -> tuple[Decimal | str, Measure | None]:
    raw = expression[pos:].rstrip()
    if not raw:
        raise WhereError(expression, pos + 1, "expected a value after the operator")
    start = pos
    if raw[0] in "'\"":
        if len(raw) < 2 or raw[-1] != raw[0]:
            raise WhereError(expression, pos + 1, f"unterminated quoted value; close it with {raw[0]}")
        raw, start = raw[1:-1], pos + 1
    if spec.kind == "number" and op != "~":
        return _parse_number(expression, pos, start, raw, spec, dataset)
    return raw, None


def _parse_number(
    expression: str, pos: int, start: int, raw: str, spec: FieldSpec, dataset: Dataset | None
) -> tuple[Decimal, Measure | None]:
    """A number, then '%' or (on a field measured in units) a unit; `start` is where raw begins."""
    plain = ascii_number(raw)  # full-width 26.99 is 26.99, as in claims and check --text
    match = re.match(_NUMBER, plain)
    rest = plain[match.end() :].strip() if match else raw
    if match is None:
        raise WhereError(expression, pos + 1, f"{spec.name!r} is a number, got {raw!r}")
    if rest and rest != "%" and not spec.in_unit:
        in_unit = ", ".join(f.name for f in FIELDS.values() if f.in_unit)
        message = f"{spec.name!r} is a number without a unit (units go with {in_unit}), got {raw!r}"
        raise WhereError(expression, pos + 1, message)
    number = Decimal(match.group())
    problem = number_problem(number)
    if problem:  # 1e999999 trillion yuan would overflow when restated at scale
        raise WhereError(expression, start + 1, problem)
    if not rest or rest == "%":
        return number, None
    column = start + plain.index(rest, match.end()) + 1
    try:
        measure = parse_unit(rest, dataset.units if dataset else NO_UNITS, dataset.words if dataset else NO_WORDS)
    except UnitError as exc:
        raise WhereError(expression, column, str(exc)) from None
    return number, measure


def apply_where(rows: Iterable[Record], conditions: Sequence[Condition], units: Units = NO_UNITS) -> list[Record]:
    """Rows matching every condition (repeated --where options combine with AND)."""
    return [row for row in rows if all(c.matches(row, units) for c in conditions)]


def where_notes(rows: Sequence[Record], conditions: Sequence[Condition], units: Units = NO_UNITS) -> list[str]:
    """A note for each bare number compared with values in several units ('value > 5' against
    45.47 trillion yuan, 700 billion USD and 780,000 entities): the result is then not a ranking
    by size, and the user should know. Only the figures every other condition lets through count."""
    notes = []
    for condition in conditions:
        if not condition.bare_amount:
            continue
        others = [c for c in conditions if c is not condition]
        tested = [r for r in rows if r.get(condition.field) is not None and all(c.matches(r, units) for c in others)]
        names = _units_in_order(tested, units)
        if len(names) > 1:
            example = f"'{condition.text()} {names[0]}'"
            notes.append(
                f"--where '{condition.text()}': {condition.literal} is compared with each figure's "
                f"{condition.field} in its own unit ({describe_groups(names, units)}); give a unit to "
                f"compare by size within one currency or kind, e.g. {example}"
            )
    return notes


def _units_in_order(rows: Iterable[Record], units: Units) -> list[str]:
    """The unit names of these rows, those the dataset declares first, in its order."""
    names = list(dict.fromkeys(str(r.get("unit") or "") for r in rows))
    declared = list(units)
    return sorted(names, key=lambda n: declared.index(n) if n in declared else len(declared))


def search(rows: Iterable[Record], text: str, matches: Callable[[Record], bool] | None = None) -> list[Record]:
    """Rows that match text: by `matches` (the dataset's reading, see lookup.search_matcher), else
    rows with the text as whole words of the id, label or an alias ('us' is not in 'business')."""
    if matches is None:
        from tradecli.lookup import word_pattern, words_of

        pattern = word_pattern(text)
        names = ("id", "label")
        matches = lambda row: any(  # noqa: E731 - the plain reading, without the dataset's words
            pattern.search(words_of(str(n))) for n in [*(row.get(k) for k in names), *_as_list(row.get("aliases"))]
        )
    return [row for row in rows if matches(row)]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def match_field(rows: Iterable[Record], field: str, wanted: str | None) -> list[Record]:
    """Rows whose text field equals wanted (case-insensitive); everything when wanted is None."""
    if wanted is None:
        return list(rows)
    return [row for row in rows if str(row.get(field) or "").lower() == wanted.lower()]


def sort_rows(rows: Sequence[Record], field: str, descending: bool = False, units: Units = NO_UNITS) -> list[Record]:
    """Sort by a field; figures without it go last in either direction. Periods sort oldest first.

    A field measured in units is sorted like with like: by size at scale within each group of
    units (CNY amounts, USD amounts, counts, ...), the groups in the order the dataset declares
    them, so a count is never ranked against a trillion."""
    spec = field_spec(field, "--sort")
    if spec.kind == "list":
        raise UsageError(f"--sort: cannot sort by {spec.name!r}, a list; choose a single-valued field")
    present = [r for r in rows if r.get(spec.name) is not None]
    missing = [r for r in rows if r.get(spec.name) is None]
    if spec.in_unit:
        by_size = sorted(present, key=lambda r: _size(r, spec.name, units), reverse=descending)
        return sorted(by_size, key=_group_rank(units)) + missing

    if spec.chronological:
        return sorted(present, key=lambda row: chronological_key(str(row[spec.name])), reverse=descending) + missing

    def key(row: Record) -> Decimal | str:
        value = row[spec.name]
        return value if isinstance(value, Decimal) else str(value).lower()

    return sorted(present, key=key, reverse=descending) + missing


def _size(row: Record, field: str, units: Units) -> Decimal:
    value = row[field]
    assert isinstance(value, Decimal)
    return value * scale_of(str(row.get("unit") or ""), units)


def _group_rank(units: Units) -> Callable[[Record], tuple[int, str]]:
    order = group_order(units)

    def rank(row: Record) -> tuple[int, str]:
        group: Group = group_of(str(row.get("unit") or ""), units)
        return order.get(group, len(order)), group.label

    return rank


def sort_notes(rows: Sequence[Record], field: str, units: Units = NO_UNITS) -> list[str]:
    """Say so when a sort by a field measured in units had to keep groups of units apart."""
    spec = field_spec(field, "--sort")
    if not spec.in_unit:
        return []
    names = _units_in_order((r for r in rows if r.get(spec.name) is not None), units)
    if len({group_of(n, units) for n in names}) < 2:
        return []
    return [
        f"--sort {spec.name}: values are in units of different kinds, so each kind is sorted on its own "
        f"(amounts by size at scale), kinds in the dataset's order: {describe_groups(names, units)}"
    ]


def field_spec(name: str, option: str) -> FieldSpec:
    """The FieldSpec for a user-supplied figure field, or a usage error listing the fields."""
    return FIELDS[pick_name(name, FIELDS, option, "field")]


def limit_rows(rows: list[Record], limit: int | None) -> list[Record]:
    """The first N rows; a negative limit is a usage error rather than a silent slice."""
    if limit is None:
        return rows
    if limit < 0:
        raise UsageError(f"--limit: expected a number >= 0, got {limit}")
    return rows[:limit]


class Query(NamedTuple):
    """Everything list and filter can ask of the figures, already parsed."""

    conditions: tuple[Condition, ...] = ()
    search: str | None = None
    searcher: Callable[[Record], bool] | None = None  # how search text is read, when not word by word
    section: str | None = None
    flow: str | None = None
    sort: str | None = None
    descending: bool = False
    limit: int | None = None


class QueryResult(NamedTuple):
    """The rows a query selects, and notes for stderr about how units were compared."""

    rows: list[Record]
    notes: list[str]


def run_query(rows: Sequence[Record], query: Query, units: Units = NO_UNITS) -> QueryResult:
    """Apply a Query in the order a person expects: narrow, then sort, then cut."""
    selected = match_field(match_field(rows, "section", query.section), "flow", query.flow)
    if query.search is not None:
        selected = search(selected, query.search, query.searcher)
    notes = where_notes(selected, query.conditions, units)
    selected = apply_where(selected, query.conditions, units)
    if query.sort:
        notes += sort_notes(selected, query.sort, units)
        selected = sort_rows(selected, query.sort, query.descending, units)
    return QueryResult(limit_rows(selected, query.limit), notes)
