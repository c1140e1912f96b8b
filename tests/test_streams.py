"""Streams, environment and exit codes in real processes (issue 11): closed and full stdout and stderr,
a stdout that cannot encode Chinese, Ctrl-C at any moment, unreadable input files, odd COLUMNS, and read
commands that never write. These concern real file descriptors and signals, so most run the installed
entry point in a subprocess; the pieces they rely on are tested directly at the end."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import tradecli
from tradecli import streams
from tradecli.errors import ExitCode, InputFileError, OutputError
from tradecli.terminal import MAX_SIZE, env_size, pipe_width, terminal_size

from .conftest import MINIMAL_TOML, Invoke
from .test_smoke import entry_point
from .test_terminal import _in_terminal, needs_pty

PACKAGE = str(Path(tradecli.__file__).resolve().parent) + os.sep
BAD_FD = "tradecli: cannot write to standard output (Bad file descriptor)\n"
DISK_FULL = "tradecli: cannot write to standard output (No space left on device)\n"
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR", "COLUMNS", "LINES")}
    env.update(extra)
    return env


def run(
    argv: list[str],
    stdout: int | io.BufferedWriter | None = subprocess.PIPE,
    stderr: int | io.BufferedWriter | None = subprocess.PIPE,
    close: tuple[int, ...] = (),
    **kwargs: object,
) -> subprocess.CompletedProcess[str]:
    """Run tradecli (or argv as given) with some of its standard descriptors closed before it starts."""

    def close_fds() -> None:
        for fd in close:
            os.close(fd)

    command = [entry_point(), *argv] if not argv or argv[0] != "-" else argv[1:]
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command,
        stdin=kwargs.pop("stdin", None if "input" in kwargs else subprocess.DEVNULL),
        stdout=stdout,
        stderr=stderr,
        env=kwargs.pop("env", clean_env()),
        text=True,
        timeout=60,
        check=False,
        preexec_fn=close_fds if close else None,
        **kwargs,
    )


def assert_no_crash(result: subprocess.CompletedProcess[str]) -> None:
    """Never a traceback or an internal error, whatever else happened."""
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in (stream or "") and "internal error" not in (stream or ""), stream


# -- stdout closed or full: one line, exit 5 ------------------------------------------------

WRITERS = [
    ["list"],
    ["list", "--format", "table"],
    ["show", "exports"],
    ["compare", "exports", "imports"],
    ["chart", "--section", "markets", "--field", "growth"],
    ["fields"],
    ["check"],
    ["check", "imports growth=1.5%"],  # a failing check whose report is lost is a write error, not a verdict
    ["data", "validate"],
    ["completion", "bash"],
    ["--version"],
    ["--help"],
    ["list", "--help"],
]


@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_closed_stdout_is_one_line_and_exit_5(argv: list[str]) -> None:
    result = run(argv, stdout=None, close=(1,))
    assert (result.returncode, result.stderr) == (ExitCode.WRITE_FAILED, BAD_FD)


@needs_dev_full
@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_full_disk_on_stdout_is_one_line_and_exit_5(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = run(argv, stdout=full)
    assert (result.returncode, result.stderr) == (ExitCode.WRITE_FAILED, DISK_FULL)


@needs_dev_full
def test_a_large_listing_on_a_full_disk_is_reported_once() -> None:
    """More than a buffer's worth: the write fails mid-way, and the final flush must not fail again (exit 120)."""
    with open("/dev/full", "wb") as full:
        result = run(["filter", "--period", "all", "--format", "json", "--fields", "id,label,notes,source,url"],
                     stdout=full)  # fmt: skip
    assert (result.returncode, result.stderr) == (ExitCode.WRITE_FAILED, DISK_FULL)


@pytest.mark.skipif(sys.platform != "linux", reason="F_SETPIPE_SZ is Linux's")
def test_a_full_non_blocking_pipe_is_a_write_error_not_a_busy_loop() -> None:
    """A parent that set O_NONBLOCK on a shared pipe (node does): EAGAIN is reported once, exit 5."""
    import fcntl

    read_end, write_end = os.pipe()
    try:
        fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: a small pipe fills at once
        fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
        with os.fdopen(write_end, "wb") as stdout:
            result = run(["list", "--format", "json", "--period", "all"], stdout=stdout)
    finally:
        os.close(read_end)
    assert result.returncode == ExitCode.WRITE_FAILED
    assert result.stderr == "tradecli: cannot write to standard output (write could not complete without blocking)\n"


@pytest.mark.parametrize("argv", [["check", "-q"], ["check", "-q", "imports growth=1.5%"]])
def test_a_command_that_writes_nothing_does_not_mind_a_closed_stdout(argv: list[str]) -> None:
    result = run(argv, stdout=None, close=(1,))
    expected = ExitCode.OK if len(argv) == 2 else ExitCode.CHECK_FAILED
    assert (result.returncode, result.stderr) == (expected, "")


def test_errors_still_exit_with_their_own_code_when_stdout_is_closed() -> None:
    result = run(["show", "exprts"], stdout=None, close=(1,))
    assert result.returncode == ExitCode.USAGE and result.stderr.startswith("tradecli: no figure named 'exprts'")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for pipefail")
@pytest.mark.parametrize("argv", ["list --format csv", "--help", "completion bash", "show exports --format json"])
def test_a_reader_that_goes_away_is_still_a_quiet_exit_0(argv: str) -> None:
    for reader in ("head -c1", "true"):
        result = run(["-", "bash", "-c", f"set -o pipefail; '{entry_point()}' {argv} | {reader} >/dev/null"])
        assert (result.returncode, result.stderr) == (0, ""), (argv, reader)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for pipefail")
@pytest.mark.parametrize(("claim", "status"), [("imports growth=0.5%", 0), ("imports growth=1.5%", 1)])
def test_a_check_piped_into_a_reader_that_leaves_keeps_its_verdict(claim: str, status: int) -> None:
    """README, "Output": piping into head ends quietly, and a check keeps the exit status of its verdict."""
    result = run(["-", "bash", "-c", f"set -o pipefail; '{entry_point()}' check '{claim}' --format csv | true"])
    summary = "1 claim: 1 match\n" if status == 0 else "1 claim: 1 mismatch\n"
    assert (result.returncode, result.stderr) == (status, summary)


# -- stderr closed or full: the exit status never changes -----------------------------------

STATUSES = [
    (["check"], ExitCode.OK),
    (["check", "imports growth=1.5%"], ExitCode.CHECK_FAILED),
    (["show", "exprts"], ExitCode.USAGE),
    ([], ExitCode.USAGE),  # no arguments: the help goes to stderr
    (["--data", "/nonexistent/figures.toml", "list"], ExitCode.INVALID_DATA),
    (["chart", "--section", "markets", "--field", "growth"], ExitCode.OK),  # notes on stderr
    (["list", "--currency", "usd", "--section", "headline"], ExitCode.OK),  # a note on stderr
]


@pytest.mark.parametrize(("argv", "status"), STATUSES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_closed_stderr_leaves_the_exit_status_alone(argv: list[str], status: ExitCode) -> None:
    result = run(argv, stdout=subprocess.DEVNULL, stderr=None, close=(2,))
    assert result.returncode == status


@needs_dev_full
@pytest.mark.parametrize(("argv", "status"), STATUSES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_full_stderr_leaves_the_exit_status_alone(argv: list[str], status: ExitCode) -> None:
    with open("/dev/full", "wb") as full:
        result = run(argv, stdout=subprocess.DEVNULL, stderr=full)
    assert result.returncode == status


def test_stdout_and_stderr_both_closed() -> None:
    assert run(["list"], stdout=None, stderr=None, close=(1, 2)).returncode == ExitCode.WRITE_FAILED
    assert run(["check", "-q"], stdout=None, stderr=None, close=(1, 2)).returncode == ExitCode.OK


# -- an encoding that cannot show the output ------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_without_chinese_gets_escapes_never_a_crash(encoding: str) -> None:
    env = clean_env(PYTHONIOENCODING=encoding)
    csv = run(["show", "exports", "--fields", "id,aliases", "--format", "csv"], env=env)
    assert csv.returncode == 0 and csv.stderr == ""
    assert csv.stdout.endswith("overseas shipments; \\u51fa\\u53e3\n")
    json_out = run(["show", "exports", "--fields", "aliases", "--format", "json"], env=env)
    assert json.loads(json_out.stdout)["aliases"][-1] == "出口"  # JSON's own escape: nothing lost
    for argv in (["list"], ["list", "--format", "table"], ["check", "--text", "-", "--format", "table"]):
        result = run(argv, env=env, input="出口增长6.1%。")
        assert result.returncode == 0, result.stderr
        assert_no_crash(result)


def test_an_error_message_with_chinese_is_escaped_on_an_ascii_stderr() -> None:
    result = run(["show", "出口x"], env=clean_env(PYTHONIOENCODING="ascii"))
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.startswith("tradecli: no figure named '\\u51fa\\u53e3x'")


def test_utf_8_stays_utf_8() -> None:
    result = run(["show", "exports", "--fields", "aliases", "--format", "csv"], env=clean_env(PYTHONIOENCODING="utf-8"))
    assert result.stdout.endswith("出口\n")
    unset = run(["show", "exports", "--fields", "aliases", "--format", "csv"], env=clean_env(LC_ALL="C"))
    assert unset.stdout.endswith("出口\n")  # Python's C-locale coercion: UTF-8 even in the C locale


# -- Ctrl-C at any moment ----------------------------------------------------------------------

INTERRUPTED = "tradecli: interrupted\n"


def _interrupt_after(delay: float, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Start tradecli waiting on stdin (so it cannot finish first), send SIGINT after delay."""
    process = subprocess.Popen(
        [entry_point(), *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=clean_env(), text=True,
    )  # fmt: skip
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# What CPython prints when a Ctrl-C lands while it looks at sys.path[0] at start-up: it reports the
# KeyboardInterrupt and carries on, so the program runs as if never interrupted (seen in CI).
SWALLOWED = "Failed checking if argv[0] is an import path entry"


def before_our_code(stderr: str) -> bool:
    """A traceback with no frame in the package but its __init__ (which the console script imports
    before tradecli.__main__ takes over Ctrl-C, and which imports nothing)."""
    frames = [line for line in stderr.splitlines() if line.strip().startswith(f'File "{PACKAGE}')]
    return all(frame.strip().startswith(f'File "{PACKAGE}__init__.py"') for frame in frames)


def test_ctrl_c_at_any_moment_exits_130_without_a_traceback() -> None:
    """A sweep over start-up (imports take ~0.1 s) and the command itself (blocked reading stdin).

    An interrupt that lands before our first line runs (the interpreter's start-up, the console
    script's `import re` and the package's import-free __init__, ~10-20 ms on a busy machine) is
    Python's to handle; it is told apart by having no frame in the package but __init__. Every other
    run must end with exactly our line and 130.
    """
    ours = 0
    for delay in (0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3):
        result = _interrupt_after(delay, ["check", "--claims", "-"])
        if before_our_code(result.stderr) and result.returncode in (1, -signal.SIGINT) and result.stderr != INTERRUPTED:
            continue  # before tradecli's first line: see the docstring
        if result.stderr.startswith(SWALLOWED):
            continue  # the interpreter's start-up caught the interrupt itself and went on: it never reached us
        assert (result.returncode, result.stderr, result.stdout) == (130, INTERRUPTED, ""), delay
        ours += 1
    assert ours >= 5, "the later delays are well past start-up"


def test_an_ignored_sigint_stays_ignored() -> None:
    """`tradecli ... &` in a script starts with SIGINT ignored: a Ctrl-C for the foreground job is not for us."""
    process = subprocess.Popen(
        [entry_point(), "check", "--claims", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=clean_env(), text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )  # fmt: skip
    for delay in (0.02, 0.1, 0.3):
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
    out, err = process.communicate("figure,value\nexports,26.99\n", timeout=60)
    assert (process.returncode, err, out.split(",")[0]) == (0, "1 claim: 1 match\n", "verdict")


TRIP = """\
import os, runpy, signal, sys
TARGET = sys.argv.pop(1)
class Trip:
    '''Sends SIGINT to this process when TARGET is first imported: an interrupt at a known moment.'''
    def find_spec(self, name, path=None, target=None):
        if name == TARGET:
            os.kill(os.getpid(), signal.SIGINT)
        return None
if TARGET == "atexit":  # after the command, while the interpreter shuts down
    import atexit
    atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))
else:
    sys.meta_path.insert(0, Trip())
sys.argv = [sys.argv[1], *sys.argv[2:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize(
    "module",
    [
        "typer",  # while tradecli.cli loads Typer, before any command runs
        "tradecli.options",
        "tradecli.streams",  # while the standard streams are being set up
        "tradecli.dataset",  # during the command: loading the dataset
        "tradecli.claimfile",  # during the command: about to read the claims
    ],
)
def test_ctrl_c_during_each_phase_exits_130_with_one_line(module: str) -> None:
    result = run(["-", sys.executable, "-c", TRIP, module, entry_point(), "check", "--claims", "-"], input="")
    assert (result.returncode, result.stderr, result.stdout) == (130, INTERRUPTED, "")


def test_ctrl_c_with_stderr_full_or_closed_still_exits_130() -> None:
    argv = ["-", sys.executable, "-c", TRIP, "tradecli.dataset", entry_point(), "list"]
    assert run(argv, stderr=None, close=(2,)).returncode == ExitCode.INTERRUPTED
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            assert run(argv, stderr=full).returncode == ExitCode.INTERRUPTED


def test_ctrl_c_after_the_command_has_finished_changes_nothing() -> None:
    result = run(["-", sys.executable, "-c", TRIP, "atexit", entry_point(), "show", "asean", "--format", "csv",
                  "--fields", "id,value"])  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "id,value\nasean,7.55\n", "")


def test_python_dash_m_handles_ctrl_c_too() -> None:
    trip = TRIP.replace(
        'runpy.run_path(sys.argv[0], run_name="__main__")', 'runpy.run_module("tradecli", run_name="__main__")'
    )
    result = run(["-", sys.executable, "-c", trip, "tradecli.dataset", "tradecli", "list"])
    assert (result.returncode, result.stderr) == (130, INTERRUPTED)


def test_an_interrupted_output_file_leaves_nothing_behind(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    result = invoke("check", "--output", str(tmp_path / "report.json"))
    assert (result.exit_code, result.stderr) == (ExitCode.INTERRUPTED, INTERRUPTED)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_output_file_leaves_nothing_behind(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    result = invoke("check", "--output", str(tmp_path / "report.json"))
    assert result.exit_code == ExitCode.WRITE_FAILED
    assert result.stderr == f"tradecli: --output: cannot write {tmp_path / 'report.json'} (No space left on device)\n"
    assert list(tmp_path.iterdir()) == []


# -- input files: every problem is exit 3 with one located line ------------------------------

INPUTS: list[tuple[str, Callable[[str], list[str]], str]] = [
    ("--data", lambda p: ["--data", p, "list"], "a dataset (TOML)"),
    ("TRADECLI_DATA", lambda p: ["list"], "a dataset (TOML)"),
    ("data validate", lambda p: ["data", "validate", p], "a dataset (TOML)"),
    ("--claims", lambda p: ["check", "--claims", p], "a claims file"),
    ("--text", lambda p: ["check", "--text", p], "an article (plain text or Markdown)"),
]


def _input_run(name: str, argv: list[str], path: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    env = clean_env(TRADECLI_DATA=path) if name == "TRADECLI_DATA" else clean_env()
    return run(argv, env=env, cwd=cwd)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory any user can enter (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="tradecli-streams-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@pytest.mark.parametrize(("name", "argv", "kind"), INPUTS, ids=[i[0] for i in INPUTS])
def test_a_directory_or_a_missing_file_is_exit_3_with_one_located_line(
    name: str, argv: Callable[[str], list[str]], kind: str, shared_dir: Path
) -> None:
    directory = _input_run(name, argv(str(shared_dir)), str(shared_dir))
    assert (directory.returncode, directory.stdout) == (ExitCode.INVALID_DATA, "")
    if name == "--text":  # a directory of articles is read; one without any is bad input
        assert directory.stderr == f"tradecli: {shared_dir}: directory: no articles (*.md, *.markdown, *.txt) in it\n"
    else:
        assert directory.stderr == f"tradecli: {shared_dir}: file: is a directory, expected {kind}\n"
    missing = shared_dir / "missing"
    absent = _input_run(name, argv(str(missing)), str(missing))
    assert (absent.returncode, absent.stderr) == (ExitCode.INVALID_DATA, f"tradecli: {missing}: file: no such file\n")


def _as_another_user() -> list[str]:
    """A prefix that runs a command without the right to read a mode-000 file (root can read anything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize(("name", "argv", "kind"), INPUTS, ids=[i[0] for i in INPUTS])
def test_a_file_without_read_permission_is_exit_3_not_a_usage_error(
    name: str, argv: Callable[[str], list[str]], kind: str, shared_dir: Path
) -> None:
    """Click's own readability check made this exit 2 ("Invalid value"); our reader says 3, like any bad input."""
    secret = shared_dir / "secret.toml"
    secret.write_text(MINIMAL_TOML, encoding="utf-8")
    secret.chmod(0)
    result = _input_run(name, ["-", *_as_another_user(), entry_point(), *argv(str(secret))], str(secret), cwd="/")
    if result.returncode == 126 or ("Permission denied" in result.stderr and str(secret) not in result.stderr):
        pytest.skip(f"this user cannot run the installed entry point: {result.stderr.strip()}")
    assert (result.returncode, result.stdout) == (ExitCode.INVALID_DATA, "")
    assert result.stderr == f"tradecli: {secret}: file: cannot be read (Permission denied)\n"


@pytest.mark.parametrize("option", ["--claims", "--text"])
def test_a_closed_stdin_for_dash_is_exit_3(option: str) -> None:
    result = run(["check", option, "-"], stdin=None, close=(0,))
    assert result.returncode == ExitCode.INVALID_DATA
    assert result.stderr == "tradecli: <stdin>: file: cannot be read (Bad file descriptor)\n"


# -- COLUMNS and LINES: any value, every command ----------------------------------------------

ODD_SIZES = ["abc", "-5", "0", "80x", "²", "", " 40 ", "99999999999999999999", "1"]
SIZED = [
    ["list"],
    ["list", "--format", "table"],
    ["filter", "--where", "growth > 10", "--format", "table"],
    ["show", "exports", "--format", "table"],
    ["compare", "exports", "imports", "--format", "table"],
    ["chart", "--section", "markets", "--field", "growth"],
    ["chart", "--section", "markets", "--field", "growth", "--format", "table"],
    ["fields", "--format", "table"],
    ["check", "--format", "table"],
    ["check", "exports=26.99", "--format", "table"],
    ["check", "--list-rules", "--format", "table"],
]


@pytest.mark.parametrize("argv", SIZED, ids=" ".join)
def test_any_columns_value_works_for_every_command(invoke: Invoke, argv: list[str]) -> None:
    for columns in ODD_SIZES:
        result = invoke(*argv, env={"COLUMNS": columns, "LINES": columns})
        assert result.exit_code == 0, (columns, result.output)
        assert "internal error" not in result.stderr


@needs_pty
@pytest.mark.parametrize("columns", ["abc", "-5", "²", "99999999999999999999"])
def test_odd_columns_at_a_real_terminal_fall_back_to_its_width(columns: str) -> None:
    seen = _in_terminal(
        "tradecli list --no-pager; tradecli chart --section markets --field growth", 80, COLUMNS=columns
    )
    assert "internal error" not in seen and "Traceback" not in seen
    if columns != "99999999999999999999":
        assert all(len(line) <= 80 for line in seen.splitlines() if not line.startswith("note:")), seen


def test_env_size_reads_positive_whole_numbers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = {"120": 120, " 40 ": 40, "1": 1, "0": None, "-5": None, "abc": None, "80x": None, "²": None, "": None,
             "99999999999999999999": MAX_SIZE}  # fmt: skip
    for value, expected in cases.items():
        monkeypatch.setenv("COLUMNS", value)
        assert env_size("COLUMNS") == expected == pipe_width(), value
    monkeypatch.delenv("COLUMNS")
    assert pipe_width() is None


def test_terminal_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "99999999999999999999")
    monkeypatch.setenv("LINES", "99999999999999999999")
    assert tuple(terminal_size()) == (MAX_SIZE, MAX_SIZE)


# -- read commands never write ----------------------------------------------------------------

READ_COMMANDS = [
    ["list"],
    ["filter", "--where", "growth > 10"],
    ["show", "exports"],
    ["compare", "exports", "imports"],
    ["chart", "--section", "markets", "--field", "growth"],
    ["fields"],
    ["check"],
    ["check", "exports=26.99"],
    ["check", "--claims", "-"],
    ["check", "--text", "-"],
    ["data", "validate"],
    ["completion", "bash"],
    ["--version"],
    ["--help"],
]


def test_read_commands_create_nothing_in_home_or_the_working_directory(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = clean_env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
                    XDG_DATA_HOME=str(home / ".local" / "share"), TMPDIR=str(tmp_path / "tmp"))  # fmt: skip
    for argv in READ_COMMANDS:
        stdin = "figure,value\nexports,26.99\n" if "--claims" in argv else "Exports grew 6.1% in 2025.\n"
        result = run(argv, env=env, cwd=work, input=stdin)
        assert result.returncode in (ExitCode.OK, ExitCode.CHECK_FAILED), (argv, result.stderr)
        assert_no_crash(result)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["home", "work"]


# -- the pieces, directly -----------------------------------------------------------------------


class _Failing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error


def test_write_out_maps_a_broken_pipe_and_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    with pytest.raises(streams.PipeClosed):
        streams.write_out("x")
    monkeypatch.setattr(sys, "stdout", _Failing(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(OutputError, match=r"cannot write to standard output \(No space left on device\)"):
        streams.write_out("x")
    monkeypatch.setattr(sys, "stdout", None)
    streams.write_out("")  # nothing to write: a closed stdout is no error
    with pytest.raises(OutputError, match="Bad file descriptor"):
        streams.write_out("x")


def test_write_err_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    for broken in (_Failing(OSError(errno.ENOSPC, "full")), None):
        monkeypatch.setattr(sys, "stderr", broken)
        streams.write_err("message\n")


def test_guarded_stdout_raises_once_then_swallows(tmp_path: Path) -> None:
    """The file object prepare() puts under stdout: one error, then silence (so the last flush cannot fail)."""
    read_only = os.open(tmp_path / "f", os.O_RDONLY | os.O_CREAT)
    try:
        raw = streams._StdoutFile(read_only, "w", closefd=False)
        with pytest.raises(OutputError, match="Bad file descriptor"):
            raw.write(b"abc")
        assert raw.write(b"abc") == 3
        quiet = streams._StderrFile(read_only, "w", closefd=False)
        assert quiet.write(b"abc") == 3 and quiet.failed
    finally:
        os.close(read_only)


def test_a_closed_stdin_is_a_located_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tradecli.inputs import stdin_stream

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputFileError, match=r"<stdin>: file: cannot be read \(Bad file descriptor\)"):
        stdin_stream()


def test_the_interrupt_handler_raises_once_then_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = signal.getsignal(signal.SIGINT)
    import tradecli.__main__ as entry  # takes over SIGINT: give it back to pytest at once

    signal.signal(signal.SIGINT, previous)
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(entry, "say_interrupted", lambda: None)
    monkeypatch.setattr(entry, "state", entry.IMPORTING)
    entry.on_interrupt(signal.SIGINT, None)
    assert exits == [130]
    monkeypatch.setattr(entry, "state", entry.RUNNING)
    with pytest.raises(KeyboardInterrupt):
        entry.on_interrupt(signal.SIGINT, None)
    assert entry.state == entry.STOPPING
    entry.on_interrupt(signal.SIGINT, None)
    assert exits == [130, 130]
    monkeypatch.setattr(entry, "state", entry.DONE)
    entry.on_interrupt(signal.SIGINT, None)
    assert exits == [130, 130]
