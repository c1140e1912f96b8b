"""Reading input (issue 11): the size limit and its parser, binary data found while reading, and
UTF-16/UTF-32 read by their byte-order mark. Endless inputs (/dev/zero, `yes |`) run as real
processes with a timeout: a regression hangs until the timeout fails the test, never the suite."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Invoke
from tradecli.errors import DatasetError, InputFileError, UsageError
from tradecli.inputs import (
    CHUNK,
    MAX_INPUT_DEFAULT,
    MAX_INPUT_VAR,
    STDIN_NAME,
    format_size,
    max_input,
    parse_size,
    read_text,
)

TRADECLI = str(Path(sys.executable).with_name("tradecli"))
UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
         "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # fmt: skip


# -- the size parser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("200MB", 200_000_000), ("1.5 GB", 1_500_000_000), ("64MiB", 64 * 2**20), ("50000000", 50_000_000),
        ("16 mb", 16_000_000), (" 2kB ", 2000), ("1K", 1000), ("1KiB", 1024), (".5MB", 500_000), ("3B", 3),
        ("1.5", 1), ("2TB", 2 * 10**12),
    ],
)  # fmt: skip
def test_sizes_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "abc", "MB", "0", "0MB", "-5MB", "5 XB", "1e9", "0.1B", "1,000", "5 M B"])
def test_a_bad_size_says_what_was_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"size"):
        parse_size(text)


@given(st.integers(min_value=1, max_value=10**15))
def test_a_formatted_size_reads_back(size: int) -> None:
    shown = format_size(size)
    assert parse_size(shown) == size
    assert parse_size(shown.replace(" ", "")) == size  # as written in TRADECLI_MAX_INPUT=64MB


@given(
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(sorted(UNITS)),
    st.booleans(),
    st.sampled_from(["", " ", "  "]),
)
def test_a_number_and_a_unit_in_any_case_and_spacing(number: int, unit: str, upper: bool, space: str) -> None:
    written = f"{number}{space}{unit.upper() if upper else unit}"
    assert parse_size(written) == number * UNITS[unit]


@given(st.text(max_size=30))
def test_any_text_is_a_size_or_a_value_error(text: str) -> None:
    try:
        assert parse_size(text) >= 1
    except ValueError as exc:
        assert "size" in str(exc) or "number" in str(exc)


def test_the_limit_comes_from_the_environment() -> None:
    assert max_input({}) == MAX_INPUT_DEFAULT == 16_000_000
    assert max_input({MAX_INPUT_VAR: ""}) == MAX_INPUT_DEFAULT
    assert max_input({MAX_INPUT_VAR: "200MB"}) == 200_000_000
    with pytest.raises(UsageError, match=r"^TRADECLI_MAX_INPUT: expected a size such as 200MB.*got 'lots'"):
        max_input({MAX_INPUT_VAR: "lots"})


# -- reading up to the limit ---------------------------------------------------------------------------


class Endless(io.RawIOBase):
    """An input that never ends (like /dev/zero or `yes`), counting the bytes taken from it; a reader
    that goes on past `cap` fails the test instead of hanging it."""

    def __init__(self, pattern: bytes, cap: int = 10**7) -> None:
        self.pattern, self.taken, self.cap = pattern, 0, cap

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.taken > self.cap:
            raise AssertionError(f"read {self.taken} bytes of an endless input and went on")
        size, start = len(buffer), self.taken % len(self.pattern)
        buffer[:size] = (self.pattern * (size // len(self.pattern) + 2))[start : start + size]
        self.taken += size
        return size


def test_an_endless_input_stops_at_the_limit_with_its_line() -> None:
    endless = Endless(b"exports rose 6.1%\n")
    with pytest.raises(InputFileError) as caught:
        read_text(Path("-"), endless, kind="an article", limit=100_000)  # type: ignore[arg-type]
    assert endless.taken <= 100_001, "never reads past the limit"
    line = 100_000 // len(b"exports rose 6.1%\n") + 1
    assert caught.value.lines() == [
        f"{STDIN_NAME}: line {line}: more than 100 kB, the size limit for an article; "
        "to read more, set TRADECLI_MAX_INPUT (e.g. TRADECLI_MAX_INPUT=100MB)"
    ]


def test_zeros_stop_at_the_first_chunk() -> None:
    endless = Endless(b"\0")
    with pytest.raises(InputFileError, match=r"^<stdin>: line 1: binary data \(a NUL byte\)"):
        read_text(Path("-"), endless, limit=CHUNK * 16)  # type: ignore[arg-type]
    assert endless.taken <= CHUNK, "binary data is found while reading, not after"


def test_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 99 + b"\n")
    assert read_text(path, limit=100) == (str(path), "x" * 99 + "\n")
    with pytest.raises(DatasetError, match=r"a.txt: line 1: more than 99 B, the size limit for a dataset"):
        read_text(path, error=DatasetError, kind="a dataset", limit=99)


def test_a_nul_byte_is_located_by_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"figure,value\nexports,1\nimp\0orts,2\n")
    with pytest.raises(InputFileError, match=r"a.csv: line 3: binary data \(a NUL byte\); expected a text file$"):
        read_text(path)


# -- encodings -------------------------------------------------------------------------------------------

ENCODED = [
    ("utf-8", b"\xef\xbb\xbf"),
    ("utf-16", b""),  # Python writes the byte-order mark of the machine's order
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("utf-32-be", b"\x00\x00\xfe\xff"),
]


@pytest.mark.parametrize(("codec", "bom"), ENCODED)
def test_unicode_with_a_byte_order_mark_is_read(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = "Exports rose 6.1% to 26.99万亿元.\nImports: 18.48 trillion yuan.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(codec))
    assert read_text(path) == (str(path), text)


@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"), max_size=50),
       st.sampled_from(ENCODED))  # fmt: skip
def test_any_text_with_a_byte_order_mark_reads_back(text: str, encoded: tuple[str, bytes]) -> None:
    codec, bom = encoded
    assert read_text(Path("-"), bom + text.encode(codec))[1] == text


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Exports rose 6.1%.\n".encode("utf-16-le"))
    with pytest.raises(InputFileError, match=r"line 1: binary data \(a NUL byte\); .*looks like UTF-16 without a"):
        read_text(path)


def test_bad_utf16_and_nul_characters_are_located(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xff\xfe" + "one\ntwo\n".encode("utf-16-le") + b"\x00\xdc")  # a lone low surrogate
    with pytest.raises(InputFileError, match=r"a.txt: line 3: not UTF-16 text \(illegal encoding\)"):
        read_text(path)
    path.write_bytes(b"\xff\xfe" + "one\nt\0wo\n".encode("utf-16-le"))
    with pytest.raises(InputFileError, match=r"a.txt: line 2: binary data \(a NUL character\)"):
        read_text(path)


# -- the command line ------------------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", MAX_INPUT_VAR, "NO_COLOR")}
    return {**env, **extra}


def _run(args: list[str], stdin: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRADECLI, *args], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, env=_env(**env), check=False)  # fmt: skip


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "args",
    [
        ["--data", "/dev/zero", "list"],
        ["check", "--text", "/dev/zero"],
        ["check", "--claims", "/dev/zero"],
        ["--data", "/dev/zero", "--version"],
    ],
)
def test_dev_zero_is_binary_data_at_once(args: list[str]) -> None:
    result = _run(args)
    assert result.returncode == 3
    message = "tradecli: /dev/zero: line 1: binary data (a NUL byte); expected a text file"
    assert result.stderr.splitlines()[-1] == message


@pytest.mark.parametrize(("args", "kind"), [(["check", "--text", "-"], "an article (plain text or Markdown)"),
                                            (["check", "--claims", "-"], "a claims file")])  # fmt: skip
@pytest.mark.parametrize("limit", ["2MB", None])
def test_an_endless_pipe_stops_at_the_limit(args: list[str], kind: str, limit: str | None) -> None:
    endless = "import sys\nwhile True: sys.stdout.write('exports,26.99\\n' * 1000)"
    yes = subprocess.Popen([sys.executable, "-c", endless], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert yes.stdout is not None
        result = _run(args, stdin=yes.stdout.fileno(), **({MAX_INPUT_VAR: limit} if limit else {}))
    finally:
        yes.kill()
        yes.wait()
    shown = "2 MB" if limit else "16 MB"
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert result.stderr.startswith("tradecli: <stdin>: line ")
    assert f": more than {shown}, the size limit for {kind}; to read more, set TRADECLI_MAX_INPUT" in result.stderr


def test_a_bad_limit_is_a_usage_error_when_a_file_is_read(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("China's exports rose 6.1% in 2025.\n", encoding="utf-8")
    result = invoke("check", "--text", str(article), env={MAX_INPUT_VAR: "big"})
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "tradecli: TRADECLI_MAX_INPUT: expected a size such as 200MB, 1.5GB, 64MiB or a number of bytes, got 'big'\n"
    )
    assert invoke("show", "exports", env={MAX_INPUT_VAR: "big"}).exit_code == 0, "the bundled dataset has no limit"


def test_the_limit_applies_to_each_input_but_not_the_bundled_dataset(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("China's exports rose 6.1% in 2025.\n" * 100, encoding="utf-8")
    env = {MAX_INPUT_VAR: "1kB"}
    assert invoke("show", "exports", "--fields", "id", env=env).stdout == "id\nexports\n"
    result = invoke("check", "--text", str(article), env=env)
    assert result.exit_code == 3
    assert result.stderr == (
        f"tradecli: {article}: line 29: more than 1 kB, the size limit for an article (plain text or Markdown); "
        "to read more, set TRADECLI_MAX_INPUT (e.g. TRADECLI_MAX_INPUT=100MB)\n"
    )
    assert invoke("check", "--text", str(article), env={MAX_INPUT_VAR: "4kB"}).exit_code == 0
    result = invoke("--data", str(article), "list", env=env)
    assert result.exit_code == 3 and "the size limit for a dataset (TOML)" in result.stderr


def test_utf16_articles_and_claims_are_read(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("China's exports rose 6.1% in 2025.\n", encoding="utf-16")
    result = invoke("check", "--text", str(article), "--fields", "text,verdict")
    assert result.exit_code == 0 and result.stdout == "text,verdict\n6.1%,match\n"
    claims = tmp_path / "claims.toml"
    claims.write_text('[[claim]]\nfigure = "exports"\nvalue = 26.99\n', encoding="utf-16")
    result = invoke("check", "--claims", str(claims), "--fields", "claim,verdict,line")
    assert result.exit_code == 0 and result.stdout == "claim,verdict,line\nexports value=26.99,match,1\n"
