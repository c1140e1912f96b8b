"""Reading the files users give us (datasets, claims, articles) with one set of located errors.

Every way a file can be unreadable (missing, a directory, binary, not UTF-8, too large, malformed
TOML) becomes a Problem with a place, raised as the caller's error class so each command keeps its
exit code.

Input is read in chunks and never past a size limit (MAX_INPUT_DEFAULT, or TRADECLI_MAX_INPUT), and
binary data is recognised in the first chunk that has it: `--data /dev/zero` or `yes | tradecli
check --text -` stop at once with one located line instead of reading until memory runs out.
Text is UTF-8 (a UTF-8 byte-order mark is skipped); UTF-16 and UTF-32 are read when they start with
their byte-order mark, which is how Windows tools write them.
"""

from __future__ import annotations

import errno
import io
import os
import re
import sys
import weakref
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from tradecli.errors import DatasetError, InputFileError, Problem, UsageError
from tradecli.limits import MAX_NESTING

STDIN_NAME = "<stdin>"
MAX_INPUT_VAR = "TRADECLI_MAX_INPUT"
MAX_INPUT_DEFAULT = 16_000_000  # bytes per input: 200 times the bundled dataset, a book-length article
CHUNK = 1 << 16
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_INTEGER = re.compile(r"[0-9][0-9_]{4000,}")  # Python refuses to read an int of more than 4,300 digits
_OPENING, _CLOSING = "[{", "]}"
# Byte-order marks, longest first: UTF-32-LE's starts with UTF-16-LE's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
          "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # fmt: skip
_SHOWN = (("TB", 10**12), ("TiB", 2**40), ("GB", 10**9), ("GiB", 2**30), ("MB", 10**6), ("MiB", 2**20),
          ("kB", 10**3), ("KiB", 2**10))  # fmt: skip


# -- sizes --------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """Bytes in a size as people write it: '200MB', '1.5 GB', '64MiB', '50000000'.

    kB, MB, GB and TB are powers of 1000 and KiB, MiB, GiB and TiB powers of 1024 (K, M, G, T alone
    are the decimal ones); case does not matter. ValueError says what was expected.
    """
    match = _SIZE.fullmatch(text)
    multiplier = _UNITS.get(match[2].lower()) if match else None
    if match is None or multiplier is None:
        raise ValueError(f"expected a size such as 200MB, 1.5GB, 64MiB or a number of bytes, got {text!r}")
    try:
        size = int(Decimal(match[1]) * multiplier)
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        raise ValueError(f"not a number: {match[1]!r}") from None
    if size < 1:
        raise ValueError(f"expected a size of at least 1 byte, got {text!r}")
    return size


def format_size(size: int) -> str:
    """A byte count the way parse_size reads it back: '16 MB', '64 MiB', '1234567 B'."""
    for unit, multiplier in _SHOWN:
        if size >= multiplier and size % multiplier == 0:
            return f"{size // multiplier} {unit}"
    return f"{size} B"


def max_input(environ: Mapping[str, str] | None = None) -> int:
    """The largest input we read, in bytes: TRADECLI_MAX_INPUT if set, else MAX_INPUT_DEFAULT.

    A bad value is a usage error (exit 2) rather than a silent default: a CI job that raised the
    limit must not find it quietly back at 16 MB.
    """
    value = (os.environ if environ is None else environ).get(MAX_INPUT_VAR, "").strip()
    if not value:
        return MAX_INPUT_DEFAULT
    try:
        return parse_size(value)
    except ValueError as exc:
        raise UsageError(f"{MAX_INPUT_VAR}: {exc}") from None


# -- reading ------------------------------------------------------------------------------------


def read_text(
    path: Path,
    data: bytes | BinaryIO | None = None,
    error: type[DatasetError] = InputFileError,
    kind: str = "a text file",
    limit: int | None = None,
    name: str | None = None,
) -> tuple[str, str]:
    """(name, text) of a file, or of standard input when its stream (or bytes) is given as data.

    At most `limit` bytes are read (default: max_input()); more is an error, as is binary data.
    `name` names bytes already read from a file (tradecli.snapshot hashes a file's bytes, then
    decodes those very bytes, so what it caches is what it hashed).
    """
    name = name or (STDIN_NAME if data is not None else str(path))
    limit = max_input() if limit is None else limit
    if data is None:
        raw = _read_file(path, error, kind, limit)
    else:
        try:
            raw = _read_stream(_stream(data), name, error, kind, limit)
        except OSError as exc:  # a stdin that was closed and stands in as an unreadable descriptor
            raise error([Problem(name, "file", f"cannot be read ({exc.strerror or exc})")]) from None
    return name, _decode(raw, name, error)


_STDIN_READ_FOR: weakref.WeakKeyDictionary[BinaryIO, str] = weakref.WeakKeyDictionary()


def stdin_stream(error: type[DatasetError] = InputFileError, what: str = "an input") -> BinaryIO:
    """Standard input, to be read in chunks; a closed one is a located input error like a file's.

    Standard input can be read once: a second `-` in one command (--data - with --claims -) is a
    usage error naming both, rather than an empty second input.
    """
    if sys.stdin is None:  # closed when we started (`<&-`) and not replaced by streams.prepare()
        raise error([Problem(STDIN_NAME, "file", f"cannot be read ({os.strerror(errno.EBADF)})")])
    stream = sys.stdin.buffer
    earlier = _STDIN_READ_FOR.get(stream)
    if earlier is not None:
        raise UsageError(f"standard input (-) already holds {earlier}; give {what} as a file")
    _STDIN_READ_FOR[stream] = what
    return stream


def _stream(data: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(data) if isinstance(data, bytes | bytearray) else data


def _read_file(path: Path, error: type[DatasetError], kind: str, limit: int) -> bytes:
    name = str(path)
    try:
        with path.open("rb") as stream:
            return _read_stream(stream, name, error, kind, limit)
    except FileNotFoundError:
        raise error([Problem(name, "file", "no such file")]) from None
    except IsADirectoryError:
        raise error([Problem(name, "file", f"is a directory, expected {kind}")]) from None
    except OSError as exc:
        raise error([Problem(name, "file", f"cannot be read ({exc.strerror or exc})")]) from None


def _read_stream(stream: BinaryIO, name: str, error: type[DatasetError], kind: str, limit: int) -> bytes:
    """The stream's bytes, read a chunk at a time: never more than limit + 1 bytes, and no further
    than the first NUL byte of a file that is not UTF-16 or UTF-32."""
    buffer = bytearray()
    encoding: str | None = None  # known once the first four bytes (or the whole input) are in
    scanned = 0  # bytes already searched for NUL
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - len(buffer)))
        buffer += chunk
        if encoding is None and (len(buffer) >= 4 or not chunk):
            encoding = _encoding(buffer)
        if encoding == "utf-8":
            nul = buffer.find(b"\0", scanned)
            if nul >= 0:
                raise error([_binary(name, bytes(buffer), nul, "utf-8")])
            scanned = len(buffer)
        if len(buffer) > limit:
            raise error([_too_large(name, buffer, limit, kind)])
        if not chunk:
            return bytes(buffer)


def _too_large(name: str, data: bytearray, limit: int, kind: str) -> Problem:
    """Where reading stopped, and how to raise the limit."""
    line = _line_at(data, limit, _encoding(data))
    example = format_size(max(limit * 4, 10**8)).replace(" ", "")
    raise_it = f"to read more, set {MAX_INPUT_VAR} (e.g. {MAX_INPUT_VAR}={example})"
    return Problem(name, f"line {line}", f"more than {format_size(limit)}, the size limit for {kind}; {raise_it}")


def _encoding(data: bytes | bytearray) -> str:
    """The codec a file's byte-order mark names; UTF-8 without one."""
    return _bom(data)[1]


def _bom(data: bytes | bytearray) -> tuple[bytes, str, str]:
    """(byte-order mark, codec, name) of the file's encoding."""
    return next((entry for entry in _BOMS if data.startswith(entry[0])), (b"", "utf-8", "UTF-8"))


def _decode(data: bytes, name: str, error: type[DatasetError]) -> str:
    """The text, by its byte-order mark (_read_stream has already refused NUL bytes in UTF-8)."""
    bom, codec, label = _bom(data)
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_at(data, len(bom) + exc.start, codec)
        raise error([Problem(name, f"line {line}", f"not {label} text ({exc.reason})")]) from None
    if "\0" in text:  # a NUL character in UTF-16 or UTF-32
        line = text.count("\n", 0, text.index("\0")) + 1
        raise error([Problem(name, f"line {line}", "binary data (a NUL character); expected a text file")])
    return text


def _binary(name: str, data: bytes, nul: int, codec: str) -> Problem:
    """'binary data (a NUL byte)', saying so when the bytes look like UTF-16 without its mark."""
    hint = ""
    if _looks_like_utf16(data[:64]):
        hint = " (it looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with one)"
    line = _line_at(data, nul, codec)
    return Problem(name, f"line {line}", f"binary data (a NUL byte); expected a text file{hint}")


def _looks_like_utf16(sample: bytes) -> bool:
    """ASCII text in UTF-16: every other byte is NUL and the others are not."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return False
    return any(zeros.count(0) == len(zeros) and text.count(0) == 0 for zeros, text in ((odd, even), (even, odd)))


def _line_at(data: bytes | bytearray, offset: int, codec: str) -> int:
    """The 1-based line of a byte offset, counted in the file's own encoding."""
    if codec == "utf-8":
        return data.count(b"\n", 0, offset) + 1
    bom = _bom(data)[0]
    return data[len(bom) : offset].decode(codec, errors="replace").count("\n") + 1


def parse_toml(text: str, name: str, error: type[DatasetError] = InputFileError) -> dict[str, Any]:
    """TOML with exact decimals (8 stays 8, 8.0 stays 8.0); a syntax error is located by line and column.

    tomllib reads nested arrays by recursion and integers with int(): 500 levels of [[[…]]] or a
    5,000-digit integer end in RecursionError or ValueError, not TOMLDecodeError. Both are turned
    into located problems here, and nesting deeper than MAX_NESTING is refused even where tomllib
    copes, so that nothing after the parse has to walk a structure of unbounded depth.
    """
    import tomllib  # here, not at the top: a dataset loaded from its parsed form never needs it

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
    depth = 0
    for line, char in _outside_strings(text):
        if char in _OPENING:
            depth += 1
            if depth > limit:
                return line
        elif char in _CLOSING:
            depth = max(0, depth - 1)
    return None


def comment_lines(text: str) -> list[int]:
    """The lines (1-based) of TOML text that hold a comment: a # outside strings."""
    return [line for line, char in _outside_strings(text) if char == "#"]


def _outside_strings(text: str) -> Iterator[tuple[int, str]]:
    """(line, character) for each character of TOML text outside strings; a comment gives its '#'
    and nothing more of it. One small lexer for the questions a syntax error or a rewrite asks."""
    line, index = 1, 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            end = _string_end(text, index)
            line += text.count("\n", index, end)
            index = end
            continue
        yield line, char
        if char == "#":
            index = text.find("\n", index)
            if index < 0:
                return
            continue
        line += char == "\n"
        index += 1


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
