"""A chart layout drawn with Rich for a terminal: block bars, colour, a thin zero line.

Only the terminal path imports this module (and Rich with it); the layout, and so every bar's
length, comes from chart.py, the same as the plain text a pipe gets.
"""

from __future__ import annotations

import io

from tradecli.chart import Layout, pad, rjust
from tradecli.render import CONSOLE_HEIGHT

BLOCK = "\u2588"  # full block
ZERO = "\u2502"  # light vertical line
STYLES = {"title": "bold", "negative": "red", "positive": "cyan", "zero": "dim"}


def render_terminal(chart_layout: Layout) -> str:
    """The chart as a terminal shows it; NO_COLOR (read by Rich) leaves the shapes and drops colour."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="auto",
        width=chart_layout.width,
        height=CONSOLE_HEIGHT,  # given, so Rich never reads LINES itself (int('²') would crash it)
        highlight=False,
        markup=False,  # labels come from data: never parsed as markup
        emoji=False,
    )
    console.print(Text(chart_layout.title, style=STYLES["title"]), no_wrap=True, overflow="ellipsis")
    for line in chart_layout.lines:
        row = Text(no_wrap=True, overflow="crop")
        row.append(pad(line.label, chart_layout.label_width) + " ")
        row.append(rjust(line.text, chart_layout.text_width), style=STYLES["negative"] if line.negative else "")
        row.append(" " + " " * (chart_layout.left_width - line.left))
        row.append(BLOCK * line.left, style=STYLES["negative"])
        row.append(ZERO, style=STYLES["zero"])
        row.append(BLOCK * line.right, style=STYLES["positive"])
        console.print(row)
    return buffer.getvalue()
