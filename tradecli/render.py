"""The one output switch: every command's rows go through here, whatever the format.

Rendering returns text and never touches sys.stdout, so it can be tested without a terminal
and the CLI stays the only place that writes. Rich is imported only for tables.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tradecli.safetext import printable

if TYPE_CHECKING:
    from rich.console import Console

    from tradecli.layout import Column, Mode, Plan

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


# How a table's text columns give way when space is short (layout.Mode); other columns never do.
TEXT_MODES: dict[str, Mode] = {
    **dict.fromkeys(("id", "share_of", "part_of", "restates", "counterpart", "figure"), "hyphen"),
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

    numeric = _numeric_columns(rows, columns)
    rule = ["---:" if c in numeric else "---" for c in columns]
    body = [line([cell_text(r.get(c)) for c in columns]) for r in rows]
    return "\n".join([line(columns), "|" + "|".join(rule) + "|", *body]) + "\n"


def _numeric_columns(rows: Sequence[Row], columns: Sequence[str]) -> set[str]:
    """Columns whose every present value is a number: right-aligned in tables."""
    numeric = set()
    for column in columns:
        values = [r.get(column) for r in rows if r.get(column) is not None]
        if values and all(isinstance(v, Decimal) for v in values):
            numeric.add(column)
    return numeric


QUALIFIED = ("value", "qualifier")  # a figure's qualifier qualifies its value ("more than 45")


class Fit(NamedTuple):
    """A table fitted to its width: the rows and columns drawn, their plan, and whether qualifiers
    were moved into the values as marks."""

    rows: Sequence[Row]
    columns: Sequence[str]
    layout: Plan
    marked: bool


def fit_table(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> Fit:
    """The table's plan; when the qualifier column must go but the values stay, a value is never shown
    without its qualifier: "more than 780000" becomes "> 780000" in the value column (options.marks),
    two characters instead of a column of ten, so an 80-column listing does not read as exact."""
    layout = table_plan(rows, columns, options)
    value, qualifier = QUALIFIED
    if not options.marks or qualifier not in layout.hidden or value not in {c.name for c in layout.columns}:
        return Fit(rows, columns, layout, False)
    marks = dict(options.marks)
    marked = [{**row, value: _marked(row.get(value), row.get(qualifier), marks)} for row in rows]
    kept = [c for c in columns if c != qualifier]
    return Fit(marked, kept, table_plan(marked, kept, options), True)


def _marked(value: object, qualifier: object, marks: Mapping[str, str]) -> object:
    if value is None or qualifier in (None, "", "exact"):
        return value
    return f"{marks.get(str(qualifier), str(qualifier))} {cell_text(value)}"


def qualifier_marks(words: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Each qualifier's shortest symbol among the dataset's qualifier words ('>' for more than, '~'
    for about); one with none is written out ("nearly 45")."""
    symbols: dict[str, str] = {}
    for word, qualifier in words.items():
        if word and not any(ch.isalnum() for ch in word) and len(word) < len(symbols.get(qualifier, word + " ")):
            symbols[qualifier] = word
    return tuple(sorted(symbols.items()))


def marks_note(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions) -> str | None:
    """The legend of the marks a table put before values, if it put any."""
    if fmt != "table" or not fit_table(rows, columns, options).marked:
        return None
    value, qualifier = QUALIFIED
    used = {str(r.get(qualifier)) for r in rows if r.get(value) is not None} - {"exact", "None", ""}
    if not used:
        return None
    legend = ", ".join(f"{mark} {name}" for name, mark in options.marks if name in used)
    return f"the qualifier column did not fit: values are marked {legend}"


def table_plan(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> Plan:
    """Which columns a table shows, how wide, and which it hides to fit the width."""
    from tradecli.layout import BARE, BOXED, plan  # only tables are laid out

    cells = {c: [c, *(shown_text(r.get(c)) for r in rows)] for c in columns}
    modes = {**TEXT_MODES, **dict(options.modes)}
    return plan(cells, modes, options.importance or tuple(columns), options.width, BARE if options.terminal else BOXED)


def hidden_columns(rows: Sequence[Row], columns: Sequence[str], fmt: str, options: RenderOptions) -> tuple[str, ...]:
    """The columns a table leaves out to fit its width (none in other formats; a qualifier shown as
    marks before the values is not left out)."""
    return fit_table(rows, columns, options).layout.hidden if fmt == "table" else ()


def ascii_box(rows: Sequence[Row], layout: Plan, numeric: set[str]) -> str | None:
    """The table Rich draws in box.ASCII (output that is not a terminal), drawn directly when no cell
    needs Rich's wrapping: the same characters, without Rich laying out each cell (most of a
    listing's time). None when a cell must be folded or wrapped, or has spaces at an end: Rich draws it."""
    lines = _drawn_lines(rows, layout, numeric)
    if lines is None:
        return None
    edge = "+" + "-" * (layout.width() - 2) + "+"
    rule = "|" + "+".join("-" * (c.width + 2) for c in layout.columns) + "|"
    header, *body = ("| " + " | ".join(cell for cell, _ in cells) + " |" for cells in lines)
    return "\n".join([edge, header, rule, *body, edge]) + "\n"


def _rich_table(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> str:
    """A Rich table fitted to the width (see layout); plain ASCII with no escape codes when the
    output is not a terminal. Drawn by tradecli when no cell needs Rich's wrapping, else by Rich."""
    terminal = options.terminal
    numeric = _numeric_columns(rows, columns)  # of the values as stated: marked ones stay right-aligned
    fit = fit_table(rows, columns, options)
    layout, rows = fit.layout, fit.rows
    drawn = terminal_lines(rows, layout, numeric, options) if terminal else ascii_box(rows, layout, numeric)
    return drawn if drawn is not None else rich_drawn(rows, layout, numeric, options)


def _drawn_lines(rows: Sequence[Row], layout: Plan, numeric: set[str]) -> list[list[tuple[str, str]]] | None:
    """The table's lines (the header's first), each as its cells padded to their column's width and
    justified as Rich would, with the text whose style each takes ("": none). A cell is on one line,
    cut with an ellipsis as Rich cuts it (left-aligned, in a column that never wraps), or an id
    broken after hyphens over several (the row's other cells then blank below their text). None
    when a cell must be folded or wrapped, or has spaces at an end: Rich lays those out."""
    columns = layout.columns
    right = [c.name in numeric for c in columns]
    lines: list[list[tuple[str, str]]] = []
    for texts in ([c.name for c in columns], *([shown_text(row.get(c.name)) for c in columns] for row in rows)):
        stacks = []
        for text, column, flush_right in zip(texts, columns, right, strict=True):
            stack = _cell_stack(text, column, flush_right)
            if stack is None:
                return None
            stacks.append(stack)
        for depth in range(max(len(stack) for stack in stacks) if stacks else 0):
            lines.append([(stack[depth], text) if depth < len(stack) else (" " * column.width, "")
                          for stack, text, column in zip(stacks, texts, columns, strict=True)])  # fmt: skip
    return lines if columns else None


def _cell_stack(text: str, column: Column, flush_right: bool) -> list[str] | None:
    """A cell's lines, padded to the column's width (see _drawn_lines); None if Rich must lay it out."""
    from rich.cells import cell_len, set_cell_size  # Rich's own measures of a character's width (CJK are 2)

    from tradecli.layout import hyphen_lines

    if text and (text[0].isspace() or text[-1].isspace()):
        return None
    parts = [text]
    if cell_len(text) > column.width:
        if column.mode in ("fixed", "clip") and not flush_right and column.width > 1:
            parts = [set_cell_size(text, column.width - 1) + "\u2026"]
        elif column.mode == "hyphen":
            parts = hyphen_lines(text, column.width)
    stack = []
    for part in parts:
        room = column.width - cell_len(part)
        if room < 0:
            return None
        stack.append(" " * room + part if flush_right else part + " " * room)
    return stack


def terminal_lines(rows: Sequence[Row], layout: Plan, numeric: set[str], options: RenderOptions) -> str | None:
    """The table Rich draws at a terminal (a bold header, a rule, columns two spaces apart, a cell's
    style over its padded width), drawn directly when no cell needs Rich's wrapping. Rich still
    renders each style once, so colours follow the terminal, NO_COLOR and --no-color exactly."""
    lines = _drawn_lines(rows, layout, numeric)
    if lines is None:
        return None
    from rich.text import Text

    console = _console(layout, options)
    cache: dict[str, tuple[str, str]] = {}

    def styled(text: str, style: str) -> str:
        if not style:
            return text
        if style not in cache:
            with console.capture() as captured:
                console.print(Text("\0", style=style), end="")
            before, _, after = captured.get().partition("\0")
            cache[style] = (before, after)
        before, after = cache[style]
        return before + text + after

    styles = dict(options.styles)
    header, *body = lines
    gap = styled(" ", "bold") + " "
    drawn = [gap.join(styled(cell, "bold") for cell, _ in header), "\u2500" * layout.width()]
    drawn += ["  ".join(styled(cell, styles.get(text, "")) for cell, text in cells) for cells in body]
    return "\n".join(drawn) + "\n"


def _console(layout: Plan, options: RenderOptions) -> Console:
    """The Rich console tables are drawn on: into a string, as wide as the table."""
    from rich.console import Console

    terminal = options.terminal
    return Console(
        file=io.StringIO(),
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        no_color=not options.color or None,  # None: Rich still honours NO_COLOR itself
        width=max(layout.width(), 1),
        height=CONSOLE_HEIGHT,  # given, so Rich never reads LINES itself (int('²') would crash it)
        highlight=False,
        markup=False,  # data is never markup (and parsing it costs time)
        emoji=False,  # ":flag:"-like text stays as written; skips loading Rich's emoji table
    )


def _broken(text: str, column: Column) -> str:
    """A cell as Rich is given it: an id too long for its column broken after hyphens (Rich itself
    breaks only at spaces); anything else as it is."""
    from tradecli.layout import hyphen_lines
    from tradecli.safetext import display_width

    if column.mode != "hyphen" or display_width(text) <= column.width:
        return text
    return "\n".join(hyphen_lines(text, column.width))


def rich_drawn(rows: Sequence[Row], layout: Plan, numeric: set[str], options: RenderOptions) -> str:
    """The table drawn by Rich, at a terminal (styles, colour) and wherever a cell needs cutting or folding."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    terminal = options.terminal
    styles = dict(options.styles) if terminal else {}
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
            no_wrap=column.mode in ("fixed", "hyphen", "clip"),
            overflow="fold" if column.mode == "fold" else "ellipsis",  # only text columns are ever too narrow
        )
    for row in rows:
        cells = [shown_text(row.get(c.name)) for c in layout.columns]
        texts = [_broken(cell, column) for cell, column in zip(cells, layout.columns, strict=True)]
        table.add_row(*(Text(text, style=styles.get(cell, "")) for text, cell in zip(texts, cells, strict=True)))
    console = _console(layout, options)
    console.print(table)
    return str(console.file.getvalue())  # type: ignore[attr-defined]  # the StringIO _console gave it
