"""Read a file of claims (CSV or TOML), keeping each claim's line for located reports.

A claims file is input a CI job depends on, so a bad one is never half-read: every problem is
collected with its line, and the whole file is rejected (exit 3) with all of them listed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from tradecli.claims import Claim, ClaimError, Origin, field_name, parse_quantity, split_field
from tradecli.errors import InputFileError, Problem, did_you_mean
from tradecli.header import type_name as _type_name
from tradecli.inputs import parse_toml, read_text
from tradecli.limits import number_problem
from tradecli.model import Words

CSV_COLUMNS = ("figure", "field", "value", "unit", "period")
CSV_REQUIRED = ("figure", "value")
TOML_KEYS = ("figure", "field", "value", "unit", "period")
MAX_UNKNOWN_COLUMNS = 10  # listed one by one; a header with more is not a claims header at all
_CLAIM_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*claim[ \t]*\]\]", re.MULTILINE)


def load_claims(path: Path, words: Words, data: bytes | BinaryIO | None = None) -> list[Claim]:
    """Claims from a .toml file (an array of [[claim]] tables) or, otherwise, a CSV file.

    With data (standard input, passed by the CLI as a stream), the text is CSV named <stdin>.
    """
    name, text = read_text(path, data, kind="a claims file")
    if not text.strip():
        raise InputFileError([Problem(name, "file", "empty claims file; " + _expected(path))])
    if data is None and path.suffix.lower() == ".toml":
        return _from_toml(text, name, words)
    return _from_csv(text, name, words)


def _expected(path: Path) -> str:
    if path.suffix.lower() == ".toml":
        return (
            "expected [[claim]] tables with figure, value and optionally field, unit and period, "
            'e.g. figure = "exports"'
        )
    return (
        "expected a header row 'figure,field,value,unit,period' (field, unit and period are optional) "
        "and one claim per row"
    )


def _claim(
    name: str, line: int, figure: str, field: str | None, value: str, words: Words, period: str | None = None
) -> Claim:
    """One claim from its cells; ClaimError says what is wrong with it. A period cell says which
    period the claim is about (an article's yearly and December numbers in one file); an empty one
    leaves it to --period, else the dataset's."""
    if not figure.strip():
        raise ClaimError("empty figure; give an id or alias such as 'exports'")
    if not value.strip():
        raise ClaimError("empty value; give a number such as 26.99 or 6.1%")
    figure_name, resolved_field = _figure_and_field(figure, field)
    quantity = parse_quantity(value, words)
    when = _period(period)
    spelled = f"{figure_name} {resolved_field}={quantity.text}" + (f" ({when})" if when else "")
    return Claim(figure_name, resolved_field, quantity, Origin(name, line), spelled, when)


def _period(cell: str | None) -> str | None:
    """A period cell as the period it names; an empty one is none."""
    from tradecli.periods import PeriodError, parse_period

    if cell is None or not cell.strip():
        return None
    try:
        parse_period(cell)
    except PeriodError as exc:
        raise ClaimError(f"period: {exc}") from None
    return cell.strip()


def _figure_and_field(figure: str, field: str | None) -> tuple[str, str]:
    """The figure and field a row claims. The figure cell reads as an inline claim's left side does
    ("imports growth" is imports' growth: it used to be graded as the value of imports, a false
    mismatch); a field column, when filled, must agree with a field the figure cell names."""
    named, named_field = split_field(figure)
    given = field_name(field) if field is not None and field.strip() else None
    if named_field == "value":  # the cell names no field: the figure as written
        return figure.strip(), given or "value"
    if given is None:
        return named, named_field
    if named_field != given:
        raise ClaimError(f"the figure cell {figure.strip()!r} names the field {named_field}, the field cell {given}")
    return named, given


# -- CSV ------------------------------------------------------------------------------------


def _from_csv(text: str, name: str, words: Words) -> list[Claim]:
    reader = csv.reader(io.StringIO(text, newline=""))  # newline="": quoted fields may span lines
    try:
        header = [_normalise_column(c) for c in next(reader)]
        _check_header(header, name)
        claims, problems = [], []
        ended = reader.line_num
        for row in reader:
            line, ended = ended + 1, reader.line_num  # a quoted cell may span lines: report where the row starts
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue  # blank lines and comment rows
            if len(row) != len(header):
                problems.append(Problem(name, f"line {line}", f"expected {len(header)} cells, got {len(row)}"))
                continue
            cells = dict(zip(header, row, strict=True))
            value = _with_unit(cells["value"], cells.get("unit", ""))
            try:
                claims.append(
                    _claim(name, line, cells["figure"], cells.get("field"), value, words, cells.get("period"))
                )
            except ClaimError as exc:
                problems.append(Problem(name, f"line {line}", str(exc)))
    except csv.Error as exc:
        raise InputFileError([Problem(name, f"line {reader.line_num}", f"malformed CSV ({exc})")]) from None
    return _finish(claims, problems, name)


def _with_unit(value: str, unit: str) -> str:
    """'57' and '%' -> '57%'; '7.6' and 'trillion yuan' -> '7.6 trillion yuan'."""
    value, unit = value.strip(), unit.strip()
    if not unit:
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def _normalise_column(column: str) -> str:
    return column.strip().lower()


def _check_header(header: list[str], name: str) -> None:
    """Every problem with the header row, in time linear in its length (a 100,000-column header
    is rejected at once: the first unknown columns are named, the rest counted)."""
    problems = _unknown_columns(header, name)
    for column in CSV_REQUIRED:
        if column not in header:
            problems.append(Problem(name, "line 1", f"missing column {column!r}; {_expected(Path(name))}"))
    duplicates = sorted(c for c, n in Counter(header).items() if n > 1)
    if duplicates:
        problems.append(Problem(name, "line 1", f"column {duplicates[0]!r} appears more than once"))
    if problems:
        raise InputFileError(problems)


def _unknown_columns(header: list[str], name: str) -> list[Problem]:
    unknown = list(dict.fromkeys(c for c in header if c not in CSV_COLUMNS))
    expected = ", ".join(CSV_COLUMNS)
    problems = [
        Problem(name, "line 1", f"unknown column {c!r} (expected: {expected}){did_you_mean(c, CSV_COLUMNS)}")
        for c in unknown[:MAX_UNKNOWN_COLUMNS]
    ]
    if len(unknown) > MAX_UNKNOWN_COLUMNS:
        more = len(unknown) - MAX_UNKNOWN_COLUMNS
        problems.append(Problem(name, "line 1", f"and {more} more unknown columns (expected: {expected})"))
    return problems


def _finish(claims: list[Claim], problems: list[Problem], name: str) -> list[Claim]:
    if problems:
        raise InputFileError(problems)
    if not claims:
        raise InputFileError([Problem(name, "file", "no claims in the file; " + _expected(Path(name)))])
    return claims


# -- TOML -----------------------------------------------------------------------------------


def _from_toml(text: str, name: str, words: Words) -> list[Claim]:
    raw = parse_toml(text, name)
    unknown = [k for k in raw if k != "claim"]
    tables = raw.get("claim", [])
    if unknown or not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        key = unknown[0] if unknown else "claim"
        raise InputFileError([Problem(name, "top level", f"unexpected {key!r}; {_expected(Path(name))}")])
    lines = list(_header_lines(text))
    claims, problems = [], []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 0
        try:
            claims.append(_toml_claim(name, line, table, words))
        except ClaimError as exc:
            problems.append(Problem(name, f"line {line}" if line else f"claim #{index + 1}", str(exc)))
    return _finish(claims, problems, name)


def _header_lines(text: str) -> Iterator[int]:
    """The line of each [[claim]] header, counting newlines once from one header to the next."""
    line, counted = 1, 0
    for match in _CLAIM_HEADER.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield line


def _toml_claim(name: str, line: int, table: dict[str, Any], words: Words) -> Claim:
    for key in table:
        if key not in TOML_KEYS:
            raise ClaimError(f"unknown key {key!r} (expected: {', '.join(TOML_KEYS)}){did_you_mean(key, TOML_KEYS)}")
    for key in CSV_REQUIRED:
        if key not in table:
            raise ClaimError(f"missing key {key!r}")
    figure, field, unit, value = table["figure"], table.get("field"), table.get("unit"), table["value"]
    period = table.get("period")
    for key, text in (("figure", figure), ("field", field), ("unit", unit), ("period", period)):
        if text is not None and not isinstance(text, str):
            raise ClaimError(f"{key} must be text, got {text!r}")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ClaimError(f"value must be a number or text such as '6.1%', got {_type_name(value)}")
    problem = None if isinstance(value, str) else number_problem(value)
    if problem:
        raise ClaimError(f"value: {problem}")
    # 1e3 is 1000 (the bounds keep it short); an integer stays whole: format(27, "f") would claim 27.000000
    written = value if isinstance(value, str) else str(value) if isinstance(value, int) else format(value, "f")
    return _claim(name, line, figure, field, _with_unit(written, unit or ""), words, period)
