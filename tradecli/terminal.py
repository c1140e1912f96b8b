"""What the CLI needs to know about the terminal it writes to: is it one, how big, and its pager.

Output taller than the screen goes through a pager at a terminal, as git and gh do: the command
in $TRADECLI_PAGER, else $PAGER, else `less -FRX` (-F quits at once when the text fits one screen,
-R keeps colours, -X leaves the text on the screen). An empty or `cat` pager means none; pipes and
files are never paged. A pager that cannot be started is skipped with a note, never an error.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO

DEFAULT_PAGER = "less -FRX"


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream (a test runner's)
        return False


# Wider or taller than any screen: a larger COLUMNS or LINES (a typo, 1e20) is read as this, so a
# chart's bars and a table's padding stay a size we can build.
MAX_SIZE = 10_000


def terminal_size() -> os.terminal_size:
    """The terminal's size (COLUMNS and LINES win when they are positive whole numbers, up to MAX_SIZE)."""
    size = shutil.get_terminal_size()  # ignores values that are not numbers or not positive
    return os.terminal_size((min(size.columns, MAX_SIZE), min(size.lines, MAX_SIZE)))


def pipe_width() -> int | None:
    """The width to fit a table sent down a pipe: COLUMNS if set to a positive number, else none."""
    return env_size("COLUMNS")


def env_size(name: str) -> int | None:
    """A positive whole number from the environment, at most MAX_SIZE; None for anything else.

    Anything else includes '-5', '80x', '' and digits int() cannot read ('²'): never an error.
    """
    try:
        value = int(os.environ.get(name, "").strip())
    except ValueError:
        return None
    return min(value, MAX_SIZE) if value > 0 else None


def pager_command() -> list[str] | None:
    """The pager to run, as argv; None when the user asked for none."""
    import shlex  # only output tall enough to page pays for these imports

    chosen = os.environ.get("TRADECLI_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER", DEFAULT_PAGER)
    try:
        argv = shlex.split(chosen)
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    return None if not argv or argv == ["cat"] else argv


def needs_pager(text: str, rows: int) -> bool:
    """Taller than the screen (one line kept for the prompt)."""
    return text.count("\n") >= rows


def page(text: str, argv: list[str]) -> bool:
    """Show text through the pager; False if it could not be started (the caller prints instead).

    Ctrl-C belongs to the pager while it runs (less uses it to stop a search), so we ignore it
    until the pager exits, as git does. Quitting the pager early is not an error.
    """
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the user quit before reading everything
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
