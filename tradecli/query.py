"""Querying figure records: a small --where parser, filtering, searching, sorting, selecting.

User text is parsed here by hand, never handed to eval or pandas.query: the grammar is one
comparison, ``FIELD OP VALUE``, which is all a --where needs and easy to explain when wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from tradecli.errors import UsageError, did_you_mean
from tradecli.model import DEFAULT_FIELDS, FIELDS, FieldSpec

Record = dict[str, object]
OPERATORS = ("<=", ">=", "!=", "==", "=", "<", ">", "~")
NUMERIC_ONLY = ("<", "<=", ">", ">=")
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class WhereError(UsageError):
    """A --where expression that does not parse, with the 1-based column of the trouble."""

    def __init__(self, expression: str, column: int, message: str) -> None:
        super().__init__(f"--where {expression!r}: column {column}: {message}")
        self.column = column


class Condition(NamedTuple):
    """One parsed comparison; a record lacking the field never matches."""

    field: str
    op: str
    literal: Decimal | str

    def matches(self, row: Record) -> bool:
        value = row.get(self.field)
        if value is None:
            return False
        if isinstance(value, list):
            return any(self._compare(item) for item in value)
        return self._compare(value)

    def _compare(self, value: object) -> bool:
        if isinstance(self.literal, Decimal) and isinstance(value, Decimal):
            return _ORDERINGS[self.op](value.compare(self.literal))
        text, wanted = str(value).lower(), str(self.literal).lower()
        if self.op == "~":
            return wanted in text
        return (text == wanted) == (self.op in ("=", "=="))


_ORDERINGS: dict[str, Callable[[Decimal], bool]] = {
    "=": lambda c: c == 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


def parse_where(expression: str) -> Condition:
    """Parse ``FIELD OP VALUE``; VALUE is a number, a quoted string, or the rest of the text."""
    pos = _skip_spaces(expression, 0)
    name_match = _FIELD.match(expression, pos)
    if not name_match:
        found = expression[pos : pos + 1] or "end of text"
        raise WhereError(expression, pos + 1, f"expected a field name, found {found!r}; e.g. 'growth > 10'")
    name = name_match.group().lower()
    spec = FIELDS.get(name)
    if spec is None:
        hint = did_you_mean(name, FIELDS) or f" (fields: {', '.join(FIELDS)})"
        raise WhereError(expression, pos + 1, f"unknown field {name!r}{hint}")
    pos = _skip_spaces(expression, name_match.end())
    op = next((o for o in OPERATORS if expression.startswith(o, pos)), None)
    if op is None:
        found = expression[pos : pos + 1] or "end of text"
        raise WhereError(expression, pos + 1, f"expected an operator ({' '.join(OPERATORS)}), found {found!r}")
    value_pos = _skip_spaces(expression, pos + len(op))
    literal = _parse_literal(expression, value_pos, spec, op)
    if isinstance(literal, str) and op in NUMERIC_ONLY:
        raise WhereError(
            expression, pos + 1, f"operator {op!r} compares numbers, but {spec.name!r} is {spec.kind}; use = != or ~"
        )
    return Condition(spec.name, op, literal)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _parse_literal(expression: str, pos: int, spec: FieldSpec, op: str) -> Decimal | str:
    raw = expression[pos:].rstrip()
    if not raw:
        raise WhereError(expression, pos + 1, "expected a value after the operator")
    if raw[0] in "'\"":
        if len(raw) < 2 or raw[-1] != raw[0]:
            raise WhereError(expression, pos + 1, f"unterminated quoted value; close it with {raw[0]}")
        raw = raw[1:-1]
    if spec.kind == "number" and op != "~":
        return _parse_number(expression, pos, raw, spec)
    return raw


def _parse_number(expression: str, pos: int, raw: str, spec: FieldSpec) -> Decimal:
    text = raw[:-1] if raw.endswith("%") else raw
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise WhereError(expression, pos + 1, f"{spec.name!r} is a number, got {raw!r}")
    return number


def apply_where(rows: Iterable[Record], conditions: Sequence[Condition]) -> list[Record]:
    """Rows matching every condition (repeated --where options combine with AND)."""
    return [row for row in rows if all(c.matches(row) for c in conditions)]


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


def sort_rows(rows: Sequence[Record], field: str, descending: bool = False) -> list[Record]:
    """Sort by a field; figures without it go last in either direction."""
    spec = field_spec(field, "--sort")
    if spec.kind == "list":
        raise UsageError(f"--sort: cannot sort by {spec.name!r}, a list; choose a single-valued field")
    present = [r for r in rows if r.get(spec.name) is not None]
    missing = [r for r in rows if r.get(spec.name) is None]

    def key(row: Record) -> Decimal | str:
        value = row[spec.name]
        return value if isinstance(value, Decimal) else str(value).lower()

    return sorted(present, key=key, reverse=descending) + missing


def field_spec(name: str, option: str) -> FieldSpec:
    """The FieldSpec for a user-supplied figure field, or a usage error listing the fields."""
    return FIELDS[pick_name(name, FIELDS, option, "field")]


def pick_name(name: str, available: Iterable[str], option: str, noun: str) -> str:
    """Match a user-supplied name against a fixed vocabulary, case-insensitively."""
    pool = list(available)
    lowered = {a.lower(): a for a in pool}
    found = lowered.get(name.strip().lower())
    if found is None:
        hint = did_you_mean(name, pool)
        raise UsageError(f"{option}: unknown {noun} {name!r} (available: {', '.join(pool)}){hint}")
    return found


def parse_fields(
    text: str | None, available: Sequence[str] = tuple(FIELDS), default: Sequence[str] = DEFAULT_FIELDS
) -> list[str]:
    """Column names from a comma-separated --fields value (the defaults when None)."""
    if text is None:
        return list(default)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UsageError(f"--fields: give comma-separated field names; available: {', '.join(available)}")
    return [pick_name(n, available, "--fields", "field") for n in names]


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


def run_query(rows: Sequence[Record], query: Query) -> list[Record]:
    """Apply a Query in the order a person expects: narrow, then sort, then cut."""
    selected = match_field(match_field(rows, "section", query.section), "flow", query.flow)
    if query.search is not None:
        selected = search(selected, query.search, query.searcher)
    selected = apply_where(selected, query.conditions)
    if query.sort:
        selected = sort_rows(selected, query.sort, query.descending)
    return limit_rows(selected, query.limit)
