"""Where output goes: stdout (through a pager when a terminal would scroll past it), notes on
stderr, and how tables are rendered for the terminal and the global options in force.

The commands (tradecli.cli, tradecli.checkrun) say what to show; this module knows where it goes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer
from typer import _click as click

from tradecli.group import _message, _write_stderr
from tradecli.options import OutputFormat
from tradecli.streams import write_out
from tradecli.terminal import is_terminal, needs_pager, page, pager_command, pipe_width, terminal_size

if TYPE_CHECKING:
    from tradecli.render import RenderOptions


class Settings(NamedTuple):
    """Global options, carried to every command through the click context."""

    data: Path | None = None
    wide: bool = False
    pager: bool = True
    no_color: bool = False
    safe_csv: bool = False


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings()


def output_format(fmt: OutputFormat | None) -> str:
    """--format wins; otherwise a table for people at a terminal and CSV for pipes."""
    if fmt is not None:
        return fmt.value
    return "table" if stdout_is_terminal() else "csv"


def stdout_is_terminal() -> bool:
    return is_terminal(sys.stdout)


def current_settings() -> Settings:
    ctx = click.globals.get_current_context(silent=True)
    settings = ctx.find_object(Settings) if ctx is not None else None
    return settings if settings is not None else Settings()


def emit(text: str) -> None:
    """Write to stdout, through the pager when a terminal would scroll past it."""
    if current_settings().pager and stdout_is_terminal() and needs_pager(text, terminal_size().lines):
        argv = pager_command()
        if argv is not None:
            if page(text, argv):
                return
            _message(f"note: could not start the pager '{argv[0]}' (set TRADECLI_PAGER, or use --no-pager)")
    write_out(text)


def render_options(no_header: bool, to_file: bool = False, importance: Sequence[str] = ()) -> RenderOptions:
    """A terminal table fits the terminal; down a pipe a table keeps its natural width unless
    COLUMNS asks for one; --wide always gives the natural width."""
    from tradecli.render import RenderOptions

    terminal = not to_file and stdout_is_terminal()
    width = terminal_size().columns if terminal else pipe_width()
    if current_settings().wide:
        width = None
    return RenderOptions(
        header=not no_header,
        terminal=terminal,
        width=width,
        importance=tuple(importance),
        color=colour_wanted(),
        spreadsheet=current_settings().safe_csv,
    )


def note_hidden(hidden: Sequence[str], options: RenderOptions) -> None:
    if hidden:
        _write_stderr(
            f"note: hidden to fit {options.width} columns: {', '.join(hidden)} (see them with --wide or --fields)"
        )


def colour_wanted() -> bool:
    """Colour unless --no-color or NO_COLOR (any non-empty value, as no-color.org says) turns it off."""
    return not current_settings().no_color and not os.environ.get("NO_COLOR")


def emit_rows(
    rows: Sequence[dict[str, object]],
    columns: Sequence[str],
    fmt: OutputFormat | None,
    no_header: bool,
    importance: Sequence[str] = (),
    marks: tuple[tuple[str, str], ...] = (),
) -> None:
    """Rows in the chosen format; a table that had to leave columns out (or mark qualifiers before
    values, see tables.fit_table) says so on stderr."""
    from tradecli.render import render

    chosen = output_format(fmt)
    options = render_options(no_header, importance=importance)._replace(marks=marks)
    if chosen != "table":
        emit(render(rows, columns, chosen, options))
        return
    from tradecli.tables import drawn_table

    drawn = drawn_table(rows, columns, options)
    emit(drawn.text)
    note_hidden(drawn.hidden, options)
    if drawn.legend:
        _write_stderr(f"note: {drawn.legend}")


def notes_to_stderr(notes: Sequence[str]) -> None:
    """What the core says about how it read the request (a period shown, units compared), on stderr."""
    for note in notes:
        _write_stderr(f"note: {note}")
