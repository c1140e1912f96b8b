"""The one output switch: every command's rows go through here, whatever the format.

Rendering returns text and never touches sys.stdout, so it can be tested without a terminal
and the CLI stays the only place that writes. Rich is imported only for tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tradecli.safetext import printable

if TYPE_CHECKING:
    from tradecli.layout import Mode, Plan

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

    return encode_basestring(str(value))


def json_object(row: Row, columns: Sequence[str]) -> str:
    """One JSON object with keys in the order of columns (stable for scripts)."""
    return "{" + ", ".join(f"{json_value(c)}: {json_value(row.get(c))}" for c in columns) + "}"


# How a table's text columns give way when space is short (layout.Mode); other columns never do.
TEXT_MODES: dict[str, Mode] = {
    **dict.fromkeys(("label", "aliases", "notes", "source", "url", "urls", "share_base", "conversion"), "clip"),
    **dict.fromkeys(("location", "speaker", "description", "partner", "product", "subject"), "clip"),
    **dict.fromkeys(("reason", "check", "claim", "text"), "wrap"),
}


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


PLAIN = RenderOptions()


def render(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions = PLAIN) -> str:
    """Rows as text in the requested format."""
    if fmt in ("csv", "tsv"):
        return _delimited(rows, columns, "," if fmt == "csv" else "\t", options.header)
    if fmt == "json":
        if not rows:
            return "[]\n"
        return "[\n" + ",\n".join("  " + json_object(r, columns) for r in rows) + "\n]\n"
    if fmt == "jsonl":
        return "".join(json_object(r, columns) + "\n" for r in rows)
    if fmt == "markdown":
        return _markdown(rows, columns)
    if fmt == "table":
        return _rich_table(rows, columns, options)
    raise ValueError(f"unknown format {fmt!r}")


def render_record(record: Row, columns: Sequence[str], fmt: str, options: RenderOptions = PLAIN) -> str:
    """One record: a field/value listing for people, a single object or row for machines."""
    if fmt == "json":
        return json_object(record, columns) + "\n"
    if fmt in ("table", "markdown"):
        pairs = [{"field": c, "value": record.get(c)} for c in columns if record.get(c) not in (None, [], "")]
        return render(pairs, ["field", "value"], fmt, options._replace(modes=(("value", "fold"),)))
    return render([record], columns, fmt, options)


def _delimited(rows: Sequence[Row], columns: Sequence[str], delimiter: str, header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return buffer.getvalue()


def _markdown(rows: Sequence[Row], columns: Sequence[str]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    numeric = _numeric_columns(rows, columns)
    rule = ["---:" if c in numeric else "---" for c in columns]
    body = [line([printable(cell_text(r.get(c))) for c in columns]) for r in rows]
    return "\n".join([line(columns), "|" + "|".join(rule) + "|", *body]) + "\n"


def _numeric_columns(rows: Sequence[Row], columns: Sequence[str]) -> set[str]:
    """Columns whose every present value is a number: right-aligned in tables."""
    numeric = set()
    for column in columns:
        values = [r.get(column) for r in rows if r.get(column) is not None]
        if values and all(isinstance(v, Decimal) for v in values):
            numeric.add(column)
    return numeric


def table_plan(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> Plan:
    """Which columns a table shows, how wide, and which it hides to fit the width."""
    from tradecli.layout import BARE, BOXED, plan  # only tables are laid out

    cells = {c: [c, *(shown_text(r.get(c)) for r in rows)] for c in columns}
    modes = {**TEXT_MODES, **dict(options.modes)}
    return plan(cells, modes, options.importance or tuple(columns), options.width, BARE if options.terminal else BOXED)


def hidden_columns(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions) -> tuple[str, ...]:
    """The columns a table leaves out to fit its width (none in other formats)."""
    return table_plan(rows, columns, options).hidden if fmt == "table" else ()


def _rich_table(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> str:
    """A Rich table fitted to the width (see layout); plain ASCII with no escape codes when the
    output is not a terminal."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = options.terminal
    styles = dict(options.styles) if terminal else {}
    numeric = _numeric_columns(rows, columns)
    layout = table_plan(rows, columns, options)
    if terminal:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
        table.header_style = "bold"
    else:
        table = Table(box=box.ASCII, header_style="")
    for column in layout.columns:
        table.add_column(
            column.name,
            justify="right" if column.name in numeric else "left",
            width=column.width,
            no_wrap=column.mode in ("fixed", "clip"),
            overflow="fold" if column.mode == "fold" else "ellipsis",  # only text columns are ever too narrow
        )
    for row in rows:
        cells = [shown_text(row.get(c.name)) for c in layout.columns]
        table.add_row(*(Text(cell, style=styles.get(cell, "")) for cell in cells))  # Text: never parsed as markup
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        no_color=not options.color or None,  # None: Rich still honours NO_COLOR itself
        width=max(layout.width(), 1),
        height=CONSOLE_HEIGHT,  # given, so Rich never reads LINES itself (int('²') would crash it)
        highlight=False,
        markup=False,  # data is never markup (and parsing it costs time)
        emoji=False,  # ":flag:"-like text stays as written; skips loading Rich's emoji table
    )
    console.print(table)
    return buffer.getvalue()
