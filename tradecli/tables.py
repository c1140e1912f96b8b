"""Tables: fitting rows to a terminal's width (tradecli.layout plans the columns) and drawing them,
directly where every cell is plain, else with Rich. Only the table format loads this module, so a
lookup in CSV or JSON pays for none of it (tradecli.render is the format switch)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tradecli.layout import BARE, BOXED, Column, Mode, Plan, hyphen_lines, plan
from tradecli.render import CONSOLE_HEIGHT, RenderOptions, Row, cell_text, numeric_columns, shown_text

if TYPE_CHECKING:
    from rich.console import Console

# How a table's text columns give way when space is short (layout.Mode); other columns never do.
TEXT_MODES: dict[str, Mode] = {
    **dict.fromkeys(("id", "share_of", "part_of", "restates", "counterpart", "figure"), "hyphen"),
    **dict.fromkeys(("label", "aliases", "notes", "source", "url", "urls", "share_base", "conversion"), "clip"),
    **dict.fromkeys(("location", "speaker", "description", "partner", "product", "subject"), "clip"),
    **dict.fromkeys(("reason", "check", "claim", "text"), "wrap"),
}


QUALIFIED = ("value", "qualifier")  # a figure's qualifier qualifies its value ("more than 45")


class Fit(NamedTuple):
    """A table fitted to its width: the rows and columns drawn, their plan, and whether qualifiers
    were moved into the values as marks."""

    rows: Sequence[Row]
    columns: Sequence[str]
    layout: Plan
    marked: bool
    legend: str | None = None  # what the marks mean, when some value carries one


class Drawn(NamedTuple):
    """A table as text, with what the command says of it on stderr: the columns it hid, its marks."""

    text: str
    hidden: tuple[str, ...]
    legend: str | None


def drawn_table(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> Drawn:
    """The table and its notes from one fit (a listing's every cell is measured once, not three times)."""
    fit = fit_table(rows, columns, options)
    return Drawn(_draw(rows, columns, fit, options), fit.layout.hidden, fit.legend)


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
    return Fit(marked, kept, table_plan(marked, kept, options), True, _legend(rows, options.marks))


def _marked(value: object, qualifier: object, marks: Mapping[str, str]) -> object:
    if value is None or qualifier in (None, "", "exact"):
        return value
    return f"{marks.get(str(qualifier), str(qualifier))} {cell_text(value)}"


def _legend(rows: Sequence[Row], marks: Sequence[tuple[str, str]]) -> str | None:
    """The legend of the marks a table put before values, if it put any."""
    value, qualifier = QUALIFIED
    used = {str(r.get(qualifier)) for r in rows if r.get(value) is not None} - {"exact", "None", ""}
    if not used:
        return None
    legend = ", ".join(f"{mark} {name}" for name, mark in marks if name in used)
    return f"the qualifier column did not fit: values are marked {legend}"


def table_plan(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> Plan:
    """Which columns a table shows, how wide, and which it hides to fit the width."""

    cells = {c: [c, *(shown_text(r.get(c)) for r in rows)] for c in columns}
    modes = {**TEXT_MODES, **dict(options.modes)}
    return plan(cells, modes, options.importance or tuple(columns), options.width, BARE if options.terminal else BOXED)


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


def rich_table(rows: Sequence[Row], columns: Sequence[str], options: RenderOptions) -> str:
    """A Rich table fitted to the width (see layout); plain ASCII with no escape codes when the
    output is not a terminal. Drawn by tradecli when no cell needs Rich's wrapping, else by Rich."""
    return _draw(rows, columns, fit_table(rows, columns, options), options)


def _draw(rows: Sequence[Row], columns: Sequence[str], fit: Fit, options: RenderOptions) -> str:
    terminal = options.terminal
    numeric = numeric_columns(rows, columns)  # of the values as stated: marked ones stay right-aligned
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
