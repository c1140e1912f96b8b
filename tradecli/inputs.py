"""Reading the files users give us (datasets, claims, articles) with one set of located errors.

Every way a file can be unreadable (missing, a directory, binary, not UTF-8, malformed TOML) becomes
a Problem with a place, raised as the caller's error class so each command keeps its exit code.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradecli.errors import DatasetError, InputFileError, Problem
from tradecli.limits import MAX_NESTING

STDIN_NAME = "<stdin>"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_INTEGER = re.compile(r"[0-9][0-9_]{4000,}")  # Python refuses to read an int of more than 4,300 digits
_OPENING, _CLOSING = "[{", "]}"


def read_text(
    path: Path, data: bytes | None = None, error: type[DatasetError] = InputFileError, kind: str = "a text file"
) -> tuple[str, str]:
    """(name, text) of a file, or of standard input when its bytes are given as data."""
    name = STDIN_NAME if data is not None else str(path)
    return name, _decode(data if data is not None else _read_bytes(path, error, kind), name, error)


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
    """TOML with exact decimals (8 stays 8, 8.0 stays 8.0); a syntax error is located by line and column.

    tomllib reads nested arrays by recursion and integers with int(): 500 levels of [[[…]]] or a
    5,000-digit integer end in RecursionError or ValueError, not TOMLDecodeError. Both are turned
    into located problems here, and nesting deeper than MAX_NESTING is refused even where tomllib
    copes, so that nothing after the parse has to walk a structure of unbounded depth.
    """
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"line {position[1]}, column {position[2]}" if position else "end of file"
        reason = _TOML_POSITION.sub("", message).strip()
        raise error([Problem(name, where, f"malformed TOML: {reason}")]) from None
    except RecursionError:
        raise error([_too_deep(text, name)]) from None
    except ValueError as exc:  # int() of a too long integer; tomllib wraps every other ValueError
        raise error([_too_long(text, name, exc)]) from None
    if _depth(raw) > MAX_NESTING:
        raise error([_too_deep(text, name)])
    return raw


def _depth(raw: dict[str, Any]) -> int:
    """How deeply arrays and tables nest in the top-level table (x = [[1]] is 2), walked without recursion."""
    deepest = 0
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(raw, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _too_deep(text: str, name: str) -> Problem:
    line = nesting_line(text, MAX_NESTING)
    where = f"line {line}" if line else "file"
    return Problem(name, where, f"arrays or inline tables nested more than {MAX_NESTING} levels deep (expected a few)")


def _too_long(text: str, name: str, exc: ValueError) -> Problem:
    for match in _LONG_INTEGER.finditer(text):
        digits = len(match.group().replace("_", ""))
        if digits > 4300:
            line = text.count("\n", 0, match.start()) + 1
            return Problem(name, f"line {line}", f"an integer of {digits} digits (expected a number smaller than 1e21)")
    return Problem(name, "file", f"malformed TOML: {exc}")


def nesting_line(text: str, limit: int) -> int | None:
    """The first line where [ and { (outside strings and comments) open more than limit levels."""
    depth, line, index = 0, 1, 0
    while index < len(text):
        char = text[index]
        if char == "#":
            index = text.find("\n", index)
            if index < 0:
                return None
            continue
        if char in "\"'":
            end = _string_end(text, index)
            line += text.count("\n", index, end)
            index = end
            continue
        if char == "\n":
            line += 1
        elif char in _OPENING:
            depth += 1
            if depth > limit:
                return line
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    """Where the TOML string opening at start ends: basic strings skip escaped quotes, literal ones do not."""
    quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
    index = start + len(quote)
    while True:
        found = text.find(quote, index)
        if found < 0:
            return len(text)
        before = found
        while quote[0] == '"' and before > start and text[before - 1] == "\\":
            before -= 1
        if (found - before) % 2 == 0:
            return found + len(quote)
        index = found + 1
