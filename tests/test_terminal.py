"""Tables that fit the terminal, the pager, and global options anywhere: the layout core directly,
the CLI through CliRunner, and what a person sees in a real pseudo-terminal (`script`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.core import TyperGroup

from tradecli.cli import app
from tradecli.group import hoist_global_options
from tradecli.layout import BARE, BOXED, Mode, hyphen_lines, hyphen_pieces, plan
from tradecli.render import RenderOptions, hidden_columns, render
from tradecli.safetext import display_width

from .conftest import MINIMAL_TOML, ROOT, Invoke

# -- layout -------------------------------------------------------------------------------

MODES: tuple[Mode, ...] = ("fixed", "hyphen", "clip", "wrap", "fold")
texts = st.text(alphabet=st.sampled_from("ab -中1"), min_size=0, max_size=40)


Table = tuple[dict[str, list[str]], dict[str, Mode], list[str], int]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    count = draw(st.integers(1, 6))
    names = [f"c{i}" for i in range(count)]
    rows = draw(st.integers(0, 5))
    cells = {n: [n, *draw(st.lists(texts, min_size=rows, max_size=rows))] for n in names}
    modes: dict[str, Mode] = {n: draw(st.sampled_from(MODES)) for n in names}
    importance = draw(st.permutations(names))
    return cells, modes, list(importance), draw(st.integers(1, 160))


@given(tables())
def test_a_plan_fits_its_width_or_keeps_only_one_column(table: Table) -> None:
    cells, modes, importance, width = table
    result = plan(cells, modes, importance, width)
    assert result.width() <= width or len(result.columns) == 1
    assert [c.name for c in result.columns] + list(result.hidden) != []
    assert sorted([c.name for c in result.columns] + list(result.hidden)) == sorted(cells)


@given(tables())
def test_fixed_columns_are_never_narrower_than_their_cells(table: Table) -> None:
    cells, modes, importance, width = table
    for column in plan(cells, modes, importance, width).columns:
        natural = max(display_width(t) for t in cells[column.name])
        assert column.width <= natural
        if column.mode == "fixed":
            assert column.width == natural


@given(tables())
def test_only_less_important_columns_are_hidden_before_a_more_important_one(table: Table) -> None:
    cells, modes, importance, width = table
    result = plan(cells, modes, importance, width)
    if result.hidden:
        most = importance[0]
        assert most in [c.name for c in result.columns]  # the most important column always stays


@given(tables())
def test_ids_are_never_narrower_than_a_piece_between_hyphens_and_whole_beside_a_label(table: Table) -> None:
    cells, modes, importance, width = table
    result = plan(cells, modes, importance, width)
    labels = any(column.mode == "clip" for column in result.columns)
    for column in result.columns:
        if column.mode == "hyphen":
            pieces = [display_width(p) for text in cells[column.name][1:] for p in hyphen_pieces(text)]
            natural = max(display_width(t) for t in cells[column.name])
            assert column.width >= min(natural, max([display_width(column.name), *pieces]))
            assert column.width == natural or not labels or len(result.columns) == 1


ids = st.text(alphabet=st.sampled_from("ab-中"), max_size=50)


@given(ids, st.integers(1, 30))
def test_an_id_breaks_only_after_a_hyphen_and_its_lines_join_back(text: str, width: int) -> None:
    lines = hyphen_lines(text, width)
    assert "".join(lines) == text
    assert all(line.endswith("-") for line in lines[:-1])  # a break only ever follows a hyphen
    for line in lines:  # within the width, unless it is a single piece too wide for it
        assert display_width(line) <= width or len([piece for piece in hyphen_pieces(line) if piece]) == 1


def test_a_long_id_is_broken_into_as_few_lines_as_fit() -> None:
    long_id = "belt-and-road-contracted-projects-exports"
    assert hyphen_lines(long_id, 26) == ["belt-and-road-contracted-", "projects-exports"]
    assert hyphen_lines("exports", 3) == ["exports"]  # no hyphen: whole, however narrow
    assert hyphen_lines("a-b", 10) == ["a-b"]


def test_ids_give_way_to_numbers_but_not_to_a_label() -> None:
    cells = {
        "id": ["id", "belt-and-road-contracted-projects-exports", "total"],
        "value": ["value", "1264.9", "45.47"],
        "growth": ["growth", "45.7", "3.8"],
        "label": ["label", "Contracted projects' exports (Belt and Road)"],
    }
    modes: dict[str, Mode] = {"id": "hyphen", "label": "clip"}
    narrow = plan(cells, modes, ["id", "value", "growth", "label"], 40)
    assert [(c.name, c.width) for c in narrow.columns] == [("id", 24), ("value", 6), ("growth", 6)]
    assert narrow.hidden == ("label",)  # a label cut to 12 is not worth breaking ids for
    wide = plan(cells, modes, ["id", "value", "growth", "label"], 80)
    assert [c.name for c in wide.columns] == ["id", "value", "growth", "label"] and wide.columns[0].width == 41


def test_without_a_width_a_table_takes_its_natural_width() -> None:
    cells = {"id": ["id", "total-above-45-trillion"], "label": ["label", "x" * 90]}
    result = plan(cells, {"label": "clip"}, ["id"], None)
    assert [c.width for c in result.columns] == [23, 90] and result.hidden == ()


def test_a_smaller_column_comes_back_when_a_wider_one_had_to_go() -> None:
    cells = {"a": ["a", "x" * 30], "b": ["b", "y" * 30], "c": ["c", "z" * 5]}
    result = plan(cells, {}, ["a", "b", "c"], 40)
    assert [c.name for c in result.columns] == ["a", "c"] and result.hidden == ("b",)


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("出口") == 4 and display_width("exports") == 7 and display_width("e\u0301") == 1


def test_boxed_tables_count_their_borders() -> None:
    assert BOXED.width([5, 5]) == 5 + 5 + 3 + 4 and BARE.width([5, 5]) == 12 and BARE.width([]) == 0


# -- rendering ------------------------------------------------------------------------------

ROWS = [
    {"id": "electronic-components-imports", "label": "Imports of electronic components (integrated circuits)",
     "value": None, "period": "December 2025"},
    {"id": "total", "label": "Total imports and exports", "value": None, "period": "2025"},
]  # fmt: skip


def test_a_terminal_table_shortens_labels_and_never_breaks_an_id() -> None:
    text = render(ROWS, ["id", "period", "label"], "table", RenderOptions(terminal=True, width=60))
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 4  # header, rule, one line per row
    assert "electronic-components-imports" in text and "December 2025" in text and "…" in text
    assert all(display_width(re.sub(r"\x1b\[[0-9;]*m", "", line)) <= 60 for line in lines)


def test_columns_that_cannot_fit_are_named() -> None:
    options = RenderOptions(terminal=True, width=45, importance=("id", "label"))  # 29 + 2 + 12 for a label
    assert hidden_columns(ROWS, ["id", "period", "label"], "table", options) == ("period",)
    assert hidden_columns(ROWS, ["id", "period", "label"], "csv", options) == ()


# -- global options anywhere -------------------------------------------------------------


def _group() -> TyperGroup:
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return group


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--wide"], ["--wide", "list"]),
        (["list", "--data", "x.toml", "-n", "2"], ["--data", "x.toml", "list", "-n", "2"]),
        (["list", "--data=x.toml"], ["--data=x.toml", "list"]),
        (["--data", "x.toml", "list"], ["--data", "x.toml", "list"]),
        (["filter", "--where", "--wide", "--no-pager"], ["--no-pager", "filter", "--where", "--wide"]),
        (["show", "--", "--wide"], ["show", "--", "--wide"]),
        (["check", "imports=1", "--no-color"], ["--no-color", "check", "imports=1"]),
        (["data", "validate", "--data", "x.toml"], ["--data", "x.toml", "data", "validate"]),
    ],
)
def test_global_options_may_follow_the_subcommand(args: list[str], expected: list[str]) -> None:
    assert hoist_global_options(_group(), args) == expected


def test_data_after_the_subcommand_is_used(runner, write_dataset) -> None:  # type: ignore[no-untyped-def]
    path = write_dataset(MINIMAL_TOML)
    result = runner.invoke(app, ["list", "--data", str(path), "--format", "csv", "--fields", "id"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "id\ntotal\nexports\nimports\n"


# -- in a real terminal ----------------------------------------------------------------------

SCRIPT = shutil.which("script")
needs_pty = pytest.mark.skipif(SCRIPT is None or sys.platform != "linux", reason="needs util-linux script")


def _in_terminal(command: str, columns: int, rows: int = 40, **env: str) -> str:
    """What a person sees running `command` in a terminal of this size (stdout and stderr)."""
    bin_dir = str(Path(sys.executable).parent)
    environment = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "COLUMNS", "LINES")}
    environment.update(PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""), TERM="xterm-256color", **env)
    shell = f"stty cols {columns} rows {rows}; {command}"
    result = subprocess.run(
        [SCRIPT or "script", "-qec", shell, "/dev/null"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stdout).replace("\r", "")


def _ids(period: str = "2025") -> list[str]:
    """The ids `tradecli list --period PERIOD` shows, in its order."""
    from tradecli.dataset import load_dataset, whole_period_view

    return [f.id for f in whole_period_view(load_dataset(), period).figures]


def _first_column(lines: list[str]) -> list[str]:
    """The ids of a terminal table's first column, an id broken after a hyphen joined again."""
    ids: list[str] = []
    for line in lines[2:]:
        word = line.split(" ", 1)[0]
        if ids and ids[-1].endswith("-") and word:
            ids[-1] += word
        elif word:
            ids.append(word)
    return ids


@needs_pty
@pytest.mark.parametrize("columns", [80, 120])
def test_list_at_a_real_terminal_fits_and_breaks_ids_only_after_hyphens(columns: int) -> None:
    seen = _in_terminal("tradecli list --no-pager", columns)
    lines = [line for line in seen.splitlines() if not line.startswith("note: ")]
    ids = _ids()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    assert _first_column(lines) == ids  # every id, in order; a long one broken only after a hyphen
    broken = [line.split(" ", 1)[0] for line in lines[2:] if line.split(" ", 1)[0].endswith("-")]
    assert all(len(piece) <= columns // 2 for piece in broken)
    assert len(lines) <= 2 + len(ids) + len(broken) + 1  # header, rule, a line per figure and piece, the note
    assert lines[0].split()[:5] == ["id", "period", "value", "unit", "growth"] or columns > 80


@needs_pty
def test_at_80_columns_the_listing_keeps_period_and_growth_and_folds_long_ids() -> None:
    """A few ids of 40+ characters once pushed growth and period off an 80-column screen."""
    seen = _in_terminal("tradecli list --no-pager", 80)
    assert seen.splitlines()[0].split() == ["id", "period", "value", "unit", "growth"]
    assert re.search(r"^belt-and-road-contracted- +2025 +1264\.9 +100 million yuan +45\.7 *\nprojects-exports *$",
                     seen, re.M), seen  # fmt: skip
    assert "note: hidden to fit 80 columns: label, basis, share" in seen
    assert re.search(r"^trading-entities +2025 +> 780000 +count", seen, re.M), seen  # 'more than', never as exact
    assert "note: the qualifier column did not fit: values are marked ~ about, > more than" in seen


@needs_pty
def test_at_80_columns_a_note_says_which_columns_are_hidden_and_wide_shows_them() -> None:
    narrow = _in_terminal("tradecli list --section headline --no-pager", 80)
    assert "note: hidden to fit 80 columns: label, basis, share (see them with --wide or --fields)" in narrow
    wide = _in_terminal("tradecli list --section headline --no-pager --wide", 80)
    assert "hidden" not in wide and "Total imports and exports" in wide


@needs_pty
def test_a_claims_table_at_80_columns_says_which_field_when_the_claims_are_too_long_to_show() -> None:
    """'exports 6.1 6.1' did not say it was growth: the field shows where the claims' text cannot."""
    seen = _in_terminal("tradecli check exports=26.99 'exports growth=6.1%' 'asean=7.6 trillion yuan' --no-pager", 80)
    assert re.search(r"^match +exports +growth +6\.1 +6\.1 +equal", seen, re.M), seen


@needs_pty
def test_check_tables_keep_verdict_figure_and_reason_readable_at_80_columns() -> None:
    seen = _in_terminal("tradecli check exports=27 imports=18.6 --no-pager", 80)
    assert re.search(r"^mismatch +imports=18\.6 +imports +18\.6 +18\.48 +official", seen, re.M), seen
    assert all(len(line) <= 80 for line in seen.splitlines() if not line.startswith("note: hidden"))


@needs_pty
def test_long_output_goes_through_the_pager_at_a_terminal(tmp_path: Path) -> None:
    captured = tmp_path / "paged.txt"
    pager = f"tee {captured}"
    seen = _in_terminal("tradecli list --period all", 100, rows=20, TRADECLI_PAGER=pager)
    assert captured.exists() and "electronic-components-imports" in captured.read_text()
    assert "electronic-components-imports" in seen


@needs_pty
def test_no_pager_short_output_and_pipes_are_never_paged(tmp_path: Path) -> None:
    captured = tmp_path / "paged.txt"
    pager = f"tee {captured}"
    _in_terminal("tradecli list --period all --no-pager", 100, rows=20, TRADECLI_PAGER=pager)
    _in_terminal("tradecli show exports --fields id,value", 100, rows=20, TRADECLI_PAGER=pager)
    _in_terminal("tradecli list --period all | cat", 100, rows=20, TRADECLI_PAGER=pager)
    assert not captured.exists()


@needs_pty
def test_a_pager_that_cannot_start_is_skipped_with_a_note() -> None:
    seen = _in_terminal("tradecli list --period all; echo status=$?", 100, rows=20, TRADECLI_PAGER="no-such-pager-x")
    assert "could not start the pager 'no-such-pager-x'" in seen and "status=0" in seen
    assert "electronic-components-imports" in seen


# -- text from data or users never drives the terminal ---------------------------------------

HOSTILE = "Exports\x1b[2J\x1b]8;;http://evil\x07link\x1b]8;;\x07\u202e\x9b5m"


def test_control_characters_are_shown_as_escapes() -> None:
    from tradecli.safetext import printable

    assert printable(HOSTILE) == "Exports\\x1b[2J\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07\\u202e\\x9b5m"
    assert printable("line\none\tx", keep="\n\t") == "line\none\tx" and printable("出口 45.47") == "出口 45.47"


@pytest.mark.parametrize("terminal", [True, False])
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_tables_never_pass_control_characters_through(fmt: str, terminal: bool) -> None:
    rows = [{"id": "exports", "label": HOSTILE}]
    text = render(rows, ["id", "label"], fmt, RenderOptions(terminal=terminal, width=200))
    data_part = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the table's own styling (bold header) is ours
    assert "\x1b" not in data_part and "\x07" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\x1b[2J" in text


def test_messages_echoing_input_never_pass_control_characters_through(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("list", "--section", "markets\x1b[2J")
    assert result.exit_code == 2 and "\x1b" not in result.stderr and "markets\\x1b[2J" in result.stderr


def test_a_hostile_label_in_a_dataset_reaches_a_table_escaped(invoke, write_dataset) -> None:  # type: ignore[no-untyped-def]
    path = write_dataset(MINIMAL_TOML.replace('label = "Exports"', 'label = "Exports\\u001b[2J\\u202e"'))
    result = invoke("--data", str(path), "list", "--format", "table", "--fields", "id,label")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "Exports\\x1b[2J\\u202e" in result.stdout


def test_version_shows_a_hostile_dataset_version_and_file_name_escaped(invoke, write_dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--version built its own line and printed the [dataset] version and the file name raw."""
    hostile = MINIMAL_TOML.replace('version = "1"', 'version = "\\u001b]0;pwned\\u0007\\u001b[2J\\u202e"', 1)
    path = write_dataset(hostile)
    named = tmp_path / "x\x1b[2J.toml"
    named.write_text(hostile, encoding="utf-8")
    for data in (path, named):
        result = invoke("--data", str(data), "--version")
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
        assert "dataset \\x1b]0;pwned\\x07\\x1b[2J\\u202e" in result.stdout


# -- `-` is standard input for every file argument (issue 12) ------------------------------------

BUNDLED_TOML = (ROOT / "data" / "briefing-2025.toml").read_text(encoding="utf-8")


def test_data_from_stdin(runner) -> None:  # type: ignore[no-untyped-def]
    piped = runner.invoke(app, ["list", "--data", "-", "--format", "csv", "--fields", "id"], input=BUNDLED_TOML)
    bundled = runner.invoke(app, ["list", "--format", "csv", "--fields", "id"])
    assert piped.exit_code == 0 and piped.stdout == bundled.stdout
    validated = runner.invoke(app, ["data", "validate", "-"], input=BUNDLED_TOML)
    assert validated.exit_code == 0 and validated.stdout.startswith("<stdin>: valid (")


def test_show_reads_names_from_stdin_one_per_line(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["show", "-", "--fields", "id,value", "--format", "json"],
                           input="exports\n\n  imports  \nexports to the US\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        '[\n  {"id": "exports", "value": 26.99},\n  {"id": "imports", "value": 18.48},\n'
        '  {"id": "us-exports-usd", "value": 420.050}\n]\n'
    )


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["show", "-"], "exports\nnope\n", "show -: <stdin> line 2: no figure named 'nope'"),
        (["show", "-"], "\n \n", "show -: no names on standard input"),
        (["--data", "-", "show", "-"], BUNDLED_TOML, "already holds the dataset (--data -); give the names as a file"),
        (["--data", "-", "check", "--claims", "-"], BUNDLED_TOML, "(--data -); give the claims as a file"),
    ],
)  # fmt: skip
def test_stdin_errors_are_one_line_usage_errors(runner, args: list[str], stdin: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_pager_gets_less_options_and_gives_ctrl_c_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    from tradecli.terminal import page

    seen = tmp_path / "less.txt"
    monkeypatch.delenv("LESS", raising=False)
    before = signal.getsignal(signal.SIGINT)
    script = f'echo "$LESS" > {seen}; cat > {tmp_path / "text.txt"}'
    assert page("line\n" * 100, ["sh", "-c", script]) is True
    assert seen.read_text().strip() == "FRX" and (tmp_path / "text.txt").read_text() == "line\n" * 100
    assert signal.getsignal(signal.SIGINT) is before  # ignored only while the pager ran
    monkeypatch.setenv("LESS", "-S")
    page("x\n", ["sh", "-c", script])
    assert seen.read_text().strip() == "-S"  # the user's own LESS wins


def test_a_pager_that_quits_early_is_not_an_error(tmp_path: Path) -> None:
    from tradecli.terminal import page

    assert page("line\n" * 200_000, ["true"]) is True  # the pipe closes under us: no BrokenPipeError
    assert page("x\n", [str(tmp_path / "no-such-pager")]) is False


@pytest.mark.parametrize(
    ("value", "argv"), [("", None), ("cat", None), ("less -R", ["less", "-R"]), ("'unclosed", None)]
)
def test_pager_choice(monkeypatch: pytest.MonkeyPatch, value: str, argv: list[str] | None) -> None:
    from tradecli.terminal import pager_command

    monkeypatch.setenv("TRADECLI_PAGER", value)
    monkeypatch.setenv("PAGER", "most")
    assert pager_command() == argv
    monkeypatch.delenv("TRADECLI_PAGER")
    assert pager_command() == ["most"]


@pytest.mark.parametrize("columns", [20, 27, 33])
def test_a_very_narrow_terminal_still_gets_a_table_within_its_width(invoke: Invoke, columns: int) -> None:
    """At 20 columns the id column kept its 24-character minimum, and lines were 28 wide."""
    for argv in (["list"], ["chart", "--section", "markets", "--field", "growth"]):
        result = invoke(*argv, "--format", "table", env={"COLUMNS": str(columns)})
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= columns, result.stdout
