"""Reading the files users give us (datasets, claims, articles) with one set of located errors.

Every way a file can be unreadable (missing, a directory, binary, not UTF-8, malformed TOML) becomes
a Problem with a place, raised as the caller's error class so each command keeps its exit code.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradecli.errors import DatasetError, InputFileError, Problem

STDIN_NAME = "<stdin>"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_text(
    path: Path, data: bytes | None = None, error: type[DatasetError] = InputFileError, kind: str = "a text file"
) -> tuple[str, str]:
    """(name, text) of a file, or of standard input when its bytes are given as data."""
    name = STDIN_NAME if data is not None else str(path)
    return name, _decode(data if data is not None else _read_bytes(path, error, kind), name, error)


def read_stdin(error: type[DatasetError] = InputFileError) -> bytes:
    """All of standard input; a closed or unreadable one is a located input error like a file's."""
    try:
        if sys.stdin is None:  # closed when we started (`<&-`) and not replaced by streams.prepare()
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return sys.stdin.buffer.read()
    except OSError as exc:
        raise error([Problem(STDIN_NAME, "file", f"cannot be read ({exc.strerror or exc})")]) from None


def _read_bytes(path: Path, error: type[DatasetError], kind: str) -> bytes:
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error([Problem(name, "file", "no such file")]) from None
    except IsADirectoryError:
        raise error([Problem(name, "file", f"is a directory, expected {kind}")]) from None
    except OSError as exc:
        raise error([Problem(name, "file", f"cannot be read ({exc.strerror})")]) from None


def _decode(data: bytes, name: str, error: type[DatasetError]) -> str:
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise error([Problem(name, f"line {line}", "binary data (a NUL byte); expected a text file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error([Problem(name, f"line {line}", f"not UTF-8 text ({exc.reason})")]) from None


def parse_toml(text: str, name: str, error: type[DatasetError] = InputFileError) -> dict[str, Any]:
    """TOML with exact decimals (8 stays 8, 8.0 stays 8.0); a syntax error is located by line and column."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"line {position[1]}, column {position[2]}" if position else "end of file"
        reason = _TOML_POSITION.sub("", message).strip()
        raise error([Problem(name, where, f"malformed TOML: {reason}")]) from None
