"""A progress bar on stderr for long `check --text` runs, and when to show one.

Only a person at a terminal can use a bar: never when stderr is a pipe or a file, never in CI (the `CI`
environment variable, set by GitHub Actions, GitLab and most others; a log would fill with redraws),
never with -q. Short runs get none either: the bar appears at once for more than FEW_FILES files, else
once the run has taken DELAY seconds. Rich is imported only when a bar is drawn.

The bar is redrawn by us between files, not by Rich's refresh thread: a long article is read by forked
workers (tradecli.text), and forking while another thread holds a lock is unsafe.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from tradecli.safetext import printable
from tradecli.terminal import is_terminal

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

FEW_FILES = 3
DELAY = 1.0  # seconds


def wanted(stream: TextIO, quiet: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a bar may be drawn at all: stderr is a terminal, not in CI, not quiet."""
    ci = (os.environ if environ is None else environ).get("CI", "")
    return not quiet and not ci and is_terminal(stream)


class Bar:
    """A `Step` (tradecli.articles) drawing 'reading NAME ━━━━ 3/12 files' on a terminal's stderr;
    use as a context manager, which erases the bar at the end."""

    def __init__(self, color: bool = True) -> None:
        self.color = color
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, index: int, count: int, name: str) -> None:
        if self.progress is None and (count > FEW_FILES or time.monotonic() - self.started > DELAY):
            self._start(count)
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=index, description=f"reading {printable(name)}")
            self.progress.refresh()

    def _start(self, count: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=not self.color)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("reading", total=count)

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
