"""The one output switch: every command's rows go through here, whatever the format.

Rendering returns text and never touches sys.stdout, so it can be tested without a terminal
and the CLI stays the only place that writes. Rich is imported only for tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tradecli.safetext import printable

if TYPE_CHECKING:
    from tradecli.layout import Mode

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
CONSOLE_HEIGHT = 25  # Rich wants a height; tables and charts do not use it
Row = Mapping[str, object]


def cell_text(value: object) -> str:
    """A value as text that keeps its stated precision: Decimal('8') -> '8', never '8.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def shown_text(value: object) -> str:
    """A value as a person sees it in a table: its text, control characters made visible."""
    return printable(cell_text(value))


def json_value(value: object) -> str:
    """A JSON literal; Decimals become real JSON numbers written exactly as stated."""
    import json  # only the JSON formats need it

    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else "null"
    if isinstance(value, list):
        return "[" + ", ".join(json_value(v) for v in value) + "]"
    if isinstance(value, bool | int):
        return json.dumps(value)
    from json.encoder import encode_basestring  # the C escaper json.dumps uses, without its per-call setup

    encoded = encode_basestring(str(value))
    return encoded if encoded.isprintable() else re.sub(_JSON_UNSAFE, _json_escape, encoded)


# Left raw by json's escaper: lone surrogates (from undecodable bytes on the command line) cannot be
# written as UTF-8, and NEL, U+2028 and U+2029 end a line for str.splitlines and some JSON Lines
# readers (and a string in JavaScript). As \uXXXX escapes they are valid JSON and keep JSONL one line.
_JSON_UNSAFE = "[\x85\u2028\u2029\ud800-\udfff]"  # patterns: compiled (and cached by re) on first use


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_object(row: Row, columns: Sequence[str]) -> str:
    """One JSON object with keys in the order of columns (stable for scripts)."""
    return "{" + ", ".join(f"{json_value(c)}: {json_value(row.get(c))}" for c in columns) + "}"


class RenderOptions(NamedTuple):
    """How the output will be seen: header row wanted, a terminal or a pipe, its width.

    styles maps a cell's text to a Rich style for terminal tables (e.g. a failing verdict in red);
    NO_COLOR and pipes drop the colour, so the words alone must carry the meaning. A table wider
    than `width` hides its least important columns (`importance` lists the most important first;
    by default the leftmost); width None lets a table take its natural width (--wide).
    color=False (--no-color, NO_COLOR) drops the colours too.
    """

    header: bool = True
    terminal: bool = False
    width: int | None = None
    styles: tuple[tuple[str, str], ...] = ()
    importance: tuple[str, ...] = ()
    modes: tuple[tuple[str, Mode], ...] = ()
    color: bool = True  # False: --no-color or NO_COLOR; styles keep their bold, lose their colours
    spreadsheet: bool = False  # --safe-csv: CSV/TSV text cells that a spreadsheet would run as a formula get a '
    marks: tuple[tuple[str, str], ...] = ()  # qualifier -> mark before a value, when the qualifier column cannot fit


PLAIN = RenderOptions()


def render(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions = PLAIN) -> str:
    """Rows as text in the requested format."""
    if fmt in ("csv", "tsv"):
        return _delimited(rows, columns, fmt, options)
    if fmt == "json":
        if not rows:
            return "[]\n"
        return "[\n" + ",\n".join("  " + json_object(r, columns) for r in rows) + "\n]\n"
    if fmt == "jsonl":
        return "".join(json_object(r, columns) + "\n" for r in rows)
    if fmt == "markdown":
        return _markdown(rows, columns)
    if fmt == "table":
        from tradecli.tables import rich_table  # tables only: a lookup in CSV never loads the layout code

        return rich_table(rows, columns, options)
    raise ValueError(f"unknown format {fmt!r}")


def render_record(record: Row, columns: Sequence[str], fmt: str, options: RenderOptions = PLAIN) -> str:
    """One record: a field/value listing for people, a single object or row for machines."""
    if fmt == "json":
        return json_object(record, columns) + "\n"
    if fmt in ("table", "markdown"):
        pairs = [{"field": c, "value": record.get(c)} for c in columns if record.get(c) not in (None, [], "")]
        return render(pairs, ["field", "value"], fmt, options._replace(modes=(("value", "fold"),)))
    return render([record], columns, fmt, options)


def _delimited(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions) -> str:
    """CSV or TSV: one record per line, each ending in a newline."""
    field, separator = (csv_field, ",") if fmt == "csv" else (tsv_field, "\t")
    cell = spreadsheet_text if options.spreadsheet else cell_text
    records = [[cell(c) for c in columns]] if options.header else []
    records += ([cell(row.get(c)) for c in columns] for row in rows)
    return "".join(_line(cells, field, separator) for cells in records)


def _line(cells: Sequence[str], field: Callable[[str], str], separator: str) -> str:
    if separator == "," and len(cells) == 1 and not cells[0]:
        return '""\n'  # as Python's csv writer does: a blank line would read back as no record at all
    return separator.join(map(field, cells)) + "\n"


def _needs_quotes(text: str) -> bool:
    return "," in text or '"' in text or "\n" in text or "\r" in text


def csv_field(text: str) -> str:
    """A CSV field as RFC 4180 has it, but with \\n line ends: quoted (quotes doubled) when it holds a
    comma, a quote, CR or LF. Python's csv writer quotes a bare CR only when CR is part of its line
    terminator, so with "\\n" it wrote CR raw and a reader split the record there."""
    return '"' + text.replace('"', '""') + '"' if _needs_quotes(text) else text


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_field(text: str) -> str:
    """A TSV field in PostgreSQL's text format: backslash, tab, LF and CR as \\\\ \\t \\n \\r, nothing
    quoted. So a record is one line and fields never hold a raw tab: `cut -f` and awk -F'\\t' read
    it, and every other character (a quote too) is itself."""
    return text.translate(_TSV_ESCAPES)


# What makes a spreadsheet read a text cell as a formula (OWASP, "CSV Injection"), even after spaces.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> str:
    """A cell for a spreadsheet (--safe-csv): text that would start a formula gets a leading ',
    which Excel and LibreOffice read as "this is text". Numbers stay numbers: -18.7 is a value to
    sum, not an attack, and only text (a label, a claim, a reason) can come from an untrusted file."""
    text = cell_text(value)
    if isinstance(value, Decimal | int | float | bool) or value is None:
        return text
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


_ESCAPED_PIPE = r"(\\*)\|"


def markdown_cell(text: str) -> str:
    """A table cell's text in GitHub Markdown: control characters made visible (so a CR, LF, tab or
    U+2028 cannot end the row) and every | escaped, backslashes before it doubled so that data
    ending in a backslash cannot unescape it and split the cell."""
    return re.sub(_ESCAPED_PIPE, lambda m: m.group(1) * 2 + "\\|", printable(text))


def _markdown(rows: Sequence[Row], columns: Sequence[str]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"

    numeric = numeric_columns(rows, columns)
    rule = ["---:" if c in numeric else "---" for c in columns]
    body = [line([cell_text(r.get(c)) for c in columns]) for r in rows]
    return "\n".join([line(columns), "|" + "|".join(rule) + "|", *body]) + "\n"


def numeric_columns(rows: Sequence[Row], columns: Sequence[str]) -> set[str]:
    """Columns whose every present value is a number: right-aligned in tables."""
    numeric = set()
    for column in columns:
        values = [r.get(column) for r in rows if r.get(column) is not None]
        if values and all(isinstance(v, Decimal) for v in values):
            numeric.add(column)
    return numeric


def qualifier_marks(words: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Each qualifier's shortest symbol among the dataset's qualifier words ('>' for more than, '~'
    for about); one with none is written out ("nearly 45")."""
    symbols: dict[str, str] = {}
    for word, qualifier in words.items():
        if word and not any(ch.isalnum() for ch in word) and len(word) < len(symbols.get(qualifier, word + " ")):
            symbols[qualifier] = word
    return tuple(sorted(symbols.items()))


def hidden_columns(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions) -> tuple[str, ...]:
    """The columns a table leaves out to fit its width (none in other formats; a qualifier shown as
    marks before the values is not left out)."""
    if fmt != "table":
        return ()
    from tradecli.tables import fit_table

    return fit_table(rows, columns, options).layout.hidden
