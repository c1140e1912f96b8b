"""The process's standard streams, made safe once at start-up so no write can crash or change the exit code.

Python gives us sys.stdout = None when file descriptor 1 is closed (`tradecli list >&-`), a stream that
raises UnicodeEncodeError when its encoding cannot show a character (PYTHONIOENCODING=ascii and a
Chinese alias), and OSError on a full disk; and it exits 120 when its own final flush fails. prepare()
rebuilds the three streams so that:

- stdout: a write that fails raises PipeClosed (the reader went away, `| head`: a quiet exit 0) or
  OutputError (closed, full, I/O error: one line and exit 5), once; later writes, including the
  interpreter's final flush, go nowhere, so nothing is reported twice;
- stderr: a write that fails is dropped. A message we cannot show must not change what the exit
  status says about the run (`check 2>&-` still exits 0 when every check passes);
- characters the encoding cannot show become escapes (\\u4e1c), never an error; UTF-8 stays UTF-8;
- a closed descriptor is taken by /dev/null opened the wrong way round, so a file the command opens
  later cannot land on it, and using it fails like the closed descriptor it stands for (EBADF).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import TYPE_CHECKING, TextIO

from tradecli.errors import OutputError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

ERRORS = "backslashreplace"  # what cannot be encoded is shown as an escape: nothing lost, nothing raised


class PipeClosed(Exception):
    """Our stdout's reader went away (e.g. `| head`). Not an OSError, so Click lets it through to us."""


def stdout_failure(exc: OSError) -> Exception:
    """What a failed write to stdout means: the reader left (EPIPE), or the output was lost (the rest)."""
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return PipeClosed()
    return OutputError(f"cannot write to standard output ({exc.strerror or exc})")


class _GuardedFile(io.FileIO):
    """A standard stream's descriptor: after the first failed write, later writes are dropped, so
    neither our messages nor Python's final flush can fail a second time."""

    failed = False

    def write(self, data: ReadableBuffer, /) -> int:
        if self.failed:
            return memoryview(data).nbytes
        try:
            return super().write(data)  # None (would block) is passed on: BufferedWriter knows it
        except OSError as exc:
            self.failed = True
            return self._first_failure(exc, memoryview(data).nbytes)

    def _first_failure(self, exc: OSError, size: int) -> int:
        return size  # dropped


class _StdoutFile(_GuardedFile):
    """File descriptor 1: the first failed write raises our error (exit 5, or a quiet end for `| head`)."""

    def _first_failure(self, exc: OSError, size: int) -> int:
        raise stdout_failure(exc) from None


class _StderrFile(_GuardedFile):
    """File descriptor 2: a failed write is dropped; the exit status never depends on a message."""


def prepare() -> None:
    """Make stdin, stdout and stderr safe to use (see the module's docstring). Call once, at start-up."""
    for fd, mode in ((0, os.O_WRONLY), (1, os.O_RDONLY), (2, os.O_RDONLY)):
        _hold_if_closed(fd, mode)
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))
    sys.stdout = _text(_StdoutFile(1, "w", closefd=False), sys.stdout, getattr(sys.stdout, "line_buffering", False))
    sys.stderr = _text(_StderrFile(2, "w", closefd=False), sys.stderr, line_buffering=True)


def _hold_if_closed(fd: int, mode: int) -> None:
    """Put /dev/null, opened against the grain, on a closed descriptor (see the module's docstring)."""
    try:
        os.fstat(fd)
    except OSError:
        held = os.open(os.devnull, mode)
        if held != fd:  # fd was not the lowest free one; put it where it belongs
            os.dup2(held, fd)
            os.close(held)


def _text(raw: io.FileIO, previous: TextIO | None, line_buffering: bool) -> TextIO:
    """A text stream on raw in the previous stream's encoding (UTF-8 if there was none), with escapes."""
    encoding = getattr(previous, "encoding", None) or "utf-8"
    if previous is not None:
        with contextlib.suppress(OSError, ValueError):  # nothing of ours is in it yet; nothing to lose
            previous.flush()
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding, errors=ERRORS, line_buffering=line_buffering)


def write_out(text: str) -> None:
    """Write to stdout now; a failure raises PipeClosed or OutputError, whatever stream stdout is."""
    try:
        if sys.stdout is None:  # closed at start-up, in a process prepare() did not set up
            if text:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            return
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:  # from a stream prepare() did not make, or from its buffer (a non-blocking pipe)
        silence_stdout()
        raise stdout_failure(exc) from None


def write_err(text: str) -> None:
    """Write a message to stderr, or drop it if stderr cannot take it: never an error of its own."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def silence_stdout() -> None:
    """After a failed write: send what is still buffered nowhere, so the final flush cannot fail again."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _StdoutFile):
        raw.failed = True
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under a test runner)
        pass
