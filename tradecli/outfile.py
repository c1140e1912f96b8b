"""`check --output FILE`: write a report whole or not at all, and never leave debris behind.

A report replaces its file in one step (a temporary file in the same directory, then a rename),
so a reader, or a CI step that uploads it, sees the old report or the new one, never half of
one, and a failure (a full disk, a directory as target) leaves neither half a report nor a
temporary file. What a shell's `>` would do is kept where it matters: the file keeps its mode
(a new one gets the umask's), a symbolic link keeps pointing at the file it names and that file
is replaced, and a device, pipe or descriptor (/dev/stdout, /dev/fd/3, a FIFO) is written to in
place, since it cannot be replaced. Failures raise OutputError: one line, exit status 5 (output could not be written).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path

from tradecli.errors import OutputError

STDOUT = 1
# Names of a descriptor that may already be open for us: `>> log` (O_APPEND) or a pipe behind it.
_DESCRIPTOR = re.compile(r"/dev/(?:fd/(\d+)|(stdout)|(stderr))|/proc/self/fd/(\d+)")


def descriptor(path: str) -> int | None:
    """The descriptor a path names: 1 for '-' and /dev/stdout, 2 for /dev/stderr, N for /dev/fd/N.

    Opening /dev/stdout again would truncate a file the shell opened for appending, and replacing
    what it links to would replace the user's log; writing to the descriptor does neither.
    """
    if path == "-":
        return STDOUT
    match = _DESCRIPTOR.fullmatch(path)
    if match is None:
        return None
    number, out, err, proc = match.groups()
    return STDOUT if out else 2 if err else int(number or proc)


def encoded(text: str) -> bytes:
    """UTF-8, with undecodable bytes from the command line (surrogate escapes) given back as they
    came, as on stdout; any other lone surrogate as a visible \\udxxx."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def write_output(path: Path, data: bytes) -> None:
    """Write data to the file at path (replaced whole) or to the device or descriptor it names."""
    shown = str(path)
    number = descriptor(shown)
    try:
        if number is not None:
            _write_descriptor(number, data)
            return
        try:
            status = os.stat(path)  # follows links: what a link names is what gets written
        except FileNotFoundError:
            status = None
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise OutputError(f"--output: cannot write {shown} (it is a directory)")
        if status is not None and not stat.S_ISREG(status.st_mode):
            _write_in_place(path, data)
        else:
            _replace(Path(os.path.realpath(path)), data, status)
    except OSError as exc:
        raise OutputError(f"--output: cannot write {shown} ({exc.strerror or exc})") from None


def _write_descriptor(number: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(number, view) :]


def _write_in_place(path: Path, data: bytes) -> None:
    """A character device or a FIFO: there is nothing to replace, so write to it as `>` would."""
    with open(path, "wb") as handle:
        handle.write(data)


def _replace(target: Path, data: bytes, status: os.stat_result | None) -> None:
    """Write a temporary file beside target, give it target's mode, rename it over target.

    An existing file we may not write is refused, as the shell would (the rename alone would go
    through: it needs only the directory). The temporary file is removed on any failure.
    """
    if status is not None and not _writable(target):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
    opened, temporary = _temporary_beside(target)
    try:
        with open(opened, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the rename must not reach the disk before the data
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _temporary_beside(target: Path) -> tuple[int, str]:
    """A new file in target's directory (so the rename stays on one file system); only we can read it."""
    import tempfile  # only when a file is written

    try:
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except PermissionError as exc:  # the file itself may be writable: say what is missing
        raise OutputError(
            f"--output: cannot write {target}: no temporary file can be made in {target.parent} ({exc.strerror}); "
            "the report is written whole or not at all"
        ) from None


def _umask() -> int:
    """The process's umask (reading it means setting it; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
