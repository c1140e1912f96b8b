"""Fit a table to a terminal's width: which columns to show, how wide, and how each may give way.

A person at an 80-column terminal should see every row on as few lines as possible, the numbers
that matter (value, unit, growth, period) rather than a column of long ids, and never a word, period
or number broken in two. So columns come in these kinds:

- `fixed` (periods, numbers, units, verdicts): always at their natural width, never wrapped;
- `hyphen` (ids of figures): on one line when there is room, which they get before any text column
  grows; a longer id is broken only after one of its hyphens (`belt-and-road-` / `wind-turbine-exports`),
  so that a few long ids do not push growth and period off an 80-column screen;
- `clip` (labels in listings): one line, shortened with "…" when space is short;
- `wrap` (reasons, notes): wrapped at word boundaries, a word too long for the column shortened
  with "…" rather than broken;
- `fold` (a record's values, where nothing may be lost: a URL): wrapped at word boundaries, and a
  word too long for the column continued on the next line.

When even the shortest text columns do not fit, the least important columns are hidden (the caller
says which matter most) and the plan names them, so the command can say so and how to see them.
This module is pure: it measures text and returns a plan; Rich draws it (render._rich_table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from tradecli.safetext import display_width

Mode = Literal["fixed", "hyphen", "clip", "wrap", "fold"]
# A text column narrower than this says too little to be worth showing: a label's first words,
# or a few words of a reason per line; ids of up to 24 characters (most of them) stay whole.
MIN_TEXT: dict[Mode, int] = {"hyphen": 24, "clip": 12, "wrap": 24, "fold": 24}


class Column(NamedTuple):
    """One column as it will be drawn."""

    name: str
    width: int
    mode: Mode


class Frame(NamedTuple):
    """What a table style adds around its cells: between two columns, and at both edges together."""

    gap: int
    edges: int

    def width(self, widths: Sequence[int]) -> int:
        return sum(widths) + self.gap * max(len(widths) - 1, 0) + (self.edges if widths else 0)


BARE = Frame(gap=2, edges=0)  # a terminal table: a header rule, columns two spaces apart
BOXED = Frame(gap=3, edges=4)  # an ASCII box: "| a | b |"


class Plan(NamedTuple):
    """The columns to draw, in display order, and those hidden to fit (in display order)."""

    columns: tuple[Column, ...]
    hidden: tuple[str, ...]
    frame: Frame = BARE

    def width(self) -> int:
        return self.frame.width([c.width for c in self.columns])


def plan(
    cells: Mapping[str, Sequence[str]],
    modes: Mapping[str, Mode],
    importance: Sequence[str],
    width: int | None,
    frame: Frame = BARE,
) -> Plan:
    """Widths for the columns of `cells` (header first in each list) to fit `width` cells.

    `importance` lists column names from most to least important; columns not in it are least
    important, the rightmost first. With width None the table takes its natural width.
    """
    names = list(cells)
    natural = {name: max(display_width(text) for text in cells[name]) for name in names}
    if width is None:
        return Plan(tuple(Column(n, natural[n], modes.get(n, "fixed")) for n in names), (), frame)
    minimum = {n: _minimum(cells[n], natural[n], modes.get(n, "fixed")) for n in names}

    def fits(names: Sequence[str]) -> bool:
        return frame.width(_needed(names, natural, minimum, modes)) <= width

    shown = list(names)
    while len(shown) > 1 and not fits(shown):
        shown.remove(_least_important(shown, importance))
    if not fits(shown):  # one column left, still too wide (a 20-column terminal): ids break at every hyphen
        minimum = {n: _tightest(cells[n], natural[n], modes.get(n, "fixed")) if n in shown else minimum[n]
                   for n in names}  # fmt: skip
    for name in _by_importance([n for n in names if n not in shown], importance):  # room for a smaller one?
        trial = [n for n in names if n in shown or n == name]
        if fits(trial):
            shown = trial
    widths = _share_out(shown, natural, minimum, modes, width - frame.width([0] * len(shown)))
    columns = tuple(Column(n, widths[n], modes.get(n, "fixed")) for n in shown)
    return Plan(columns, tuple(n for n in names if n not in shown), frame)


def _needed(
    names: Sequence[str], natural: Mapping[str, int], minimum: Mapping[str, int], modes: Mapping[str, Mode]
) -> list[int]:
    """The widths these columns need together: each at its minimum, except that ids are broken only
    to make room for columns shown whole (numbers, periods, wrapped text), never for a label that
    would itself be cut: with a `clip` column among them, ids keep their natural width."""
    whole_ids = any(modes.get(n) == "clip" for n in names)
    return [natural[n] if whole_ids and modes.get(n) == "hyphen" else minimum[n] for n in names]


def _minimum(cells: Sequence[str], natural: int, mode: Mode) -> int:
    """The narrowest a column may be: fixed columns never shrink; text down to MIN_TEXT, or the
    header's width if that is wider (a header is not shortened); ids no narrower than their
    longest piece between hyphens."""
    if mode == "fixed":
        return natural
    floor = max(MIN_TEXT[mode], display_width(cells[0]))
    if mode == "hyphen":
        floor = max([floor, *(display_width(piece) for text in cells[1:] for piece in hyphen_pieces(text))])
    return min(natural, floor)


def _tightest(cells: Sequence[str], natural: int, mode: Mode) -> int:
    """The narrowest a column can be at all, for a terminal too narrow for MIN_TEXT: its header, and
    for ids their longest piece between hyphens (a clipped or wrapped text column goes to its header)."""
    if mode == "fixed":
        return natural
    floor = display_width(cells[0])
    if mode == "hyphen":
        floor = max([floor, *(display_width(piece) for text in cells[1:] for piece in hyphen_pieces(text))])
    return min(natural, floor)


def hyphen_pieces(text: str) -> list[str]:
    """An id's pieces, each ending at a hyphen (kept with it): where a line may end."""
    parts = text.split("-")
    return [part + "-" for part in parts[:-1]] + [parts[-1]]


def hyphen_lines(text: str, width: int) -> list[str]:
    """An id in lines of at most `width` cells, broken only after hyphens (a piece wider than that
    stays whole on its own line). Joined without separators, the lines are the id again."""
    lines = [""]
    for piece in hyphen_pieces(text):
        if lines[-1] and display_width(lines[-1] + piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines


def _by_importance(names: Sequence[str], importance: Sequence[str]) -> list[str]:
    """Most important first: those ranked in `importance`, then the others left to right."""
    return [n for n in importance if n in names] + [n for n in names if n not in importance]


def _least_important(shown: Sequence[str], importance: Sequence[str]) -> str:
    return _by_importance(shown, importance)[-1]


def _share_out(
    shown: Sequence[str], natural: Mapping[str, int], minimum: Mapping[str, int], modes: Mapping[str, Mode], room: int
) -> dict[str, int]:
    """Give the room left to ids first (whole ids before longer labels), then to text columns, the
    narrowest first; none beyond its natural width. `room` is what the cells may take in all (the
    width less gaps and edges)."""
    widths = {n: minimum[n] for n in shown}
    spare = room - sum(widths.values())
    for name in (n for n in shown if modes.get(n) == "hyphen"):
        extra = max(min(natural[name] - widths[name], spare), 0)
        widths[name] += extra
        spare -= extra
    growing = sorted((n for n in shown if modes.get(n, "fixed") not in ("fixed", "hyphen")), key=lambda n: natural[n])
    for position, name in enumerate(growing):
        fair = spare // (len(growing) - position) if spare > 0 else 0
        extra = min(natural[name] - widths[name], fair)
        widths[name] += extra
        spare -= extra
    return widths
