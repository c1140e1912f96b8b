"""The CLI through Typer's CliRunner: happy paths, every error path, exit codes, streams."""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.core import TyperGroup

from tradecli import __version__
from tradecli.model import DEFAULT_FIELDS, Dataset

from .conftest import META, MINIMAL_TOML, Invoke


def csv_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


# -- list -----------------------------------------------------------------------------------


def test_list_defaults_to_csv_when_piped(invoke: Invoke, dataset: Dataset) -> None:
    result = invoke("list")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(DEFAULT_FIELDS)
    assert lines[1] == "total,2025,Total imports and exports,exact,45.47,trillion yuan,3.8,value,"
    from tradecli.dataset import whole_period_view

    assert len(lines) == 1 + len(whole_period_view(dataset).figures)  # within 2025; not 2024 or 2021-2025


def test_list_fields_sort_desc_limit_no_header(invoke: Invoke) -> None:
    result = invoke("list", "--section", "markets", "--tier", "briefing", "--fields", "id,growth", "--sort", "growth",
                    "--desc", "--limit", "2", "--no-header")  # fmt: skip
    assert result.stdout == "africa,18.4\nasean,8\n"


def test_list_flow_and_json(invoke: Invoke) -> None:
    result = invoke("list", "--flow", "exports", "--fields", "id,value", "--format", "json")
    parsed = json.loads(result.stdout)
    assert parsed[0] == {"id": "exports", "value": 26.99}
    assert {p["id"] for p in parsed} >= {"high-tech-exports", "private-label-exports"}


def test_format_table_is_ascii_when_piped(invoke: Invoke) -> None:
    result = invoke("list", "--format", "table", "--fields", "id,value", "--limit", "1")
    assert result.exit_code == 0 and "| total | 45.47 |" in result.stdout and "╭" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--fields", "id,vlue"], "--fields: unknown field 'vlue' (available: id, label,"),
        (["list", "--fields"], "requires an argument; available fields: id, label"),
        (["list", "--section", "market"], "did you mean 'markets'?"),
        (
            ["list", "--flow", "export"],
            "--flow: unknown flow 'export' (available: total, exports, imports, balance); did you mean 'exports'",
        ),
        (["list", "--sort", "grwth"], "--sort: unknown field 'grwth' (available: id,"),
        (["list", "--format", "xml"], "Invalid value for '--format'"),
        (["list", "--formt", "csv"], "No such option: --formt"),
        (["list", "--limit", "x"], "'x' is not a valid int"),
        (["list", "--limit", "-1"], "--limit: expected a number >= 0"),
        (["show", "exprts"], "no figure named 'exprts'; did you mean 'exports' or 'exports-usd'?"),
        (["show", "private"], "'private' matches several figures"),
        (["show"], "Missing argument 'name' (see 'tradecli show --help')"),
        (["compare", "exports"], "give two figures"),
        (["compare", "exports", "export"], "exports (2025) given more than once"),
        (["filter", "--where", "growth >> 1"], "--where 'growth >> 1': column 9"),
        (["filter", "--where", "label < 1"], "operator '<' compares numbers"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_usage_errors_exit_2_with_one_line_on_stderr(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("tradecli")


def test_no_arguments_shows_help_and_exits_2(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 2 and "Usage: tradecli" in result.stderr and result.stdout == ""


# -- show -----------------------------------------------------------------------------------


def test_show_csv_has_provenance_and_derived_values(invoke: Invoke) -> None:
    result = invoke("show", "total", "--fields", "id,value,growth,implied_prior,change,speaker", "--format", "csv")
    assert result.stdout == "id,value,growth,implied_prior,change,speaker\ntotal,45.47,3.8,43.81,1.66,Wang Jun\n"


def test_show_by_alias_as_json(invoke: Invoke) -> None:
    record = json.loads(invoke("show", "B&R", "--format", "json").stdout)
    assert record["id"] == "belt-and-road" and record["share"] == 51.9 and record["share_computed"] == 51.90
    assert record["url"].startswith("http://english.scio.gov.cn/") and record["aliases"][0] == "B&R"


def test_show_table_is_a_field_value_listing(invoke: Invoke) -> None:
    result = invoke("show", "crude oil", "--format", "table")
    assert "| basis " in result.stdout and "volume" in result.stdout and "implied_prior" not in result.stdout


# -- filter ---------------------------------------------------------------------------------


def test_filter_where_growth_above_ten(invoke: Invoke) -> None:
    result = invoke("filter", "--where", "growth > 10", "--tier", "briefing", "--fields", "id", "--no-header")
    expected = ["africa", "high-tech-exports", "new-three-exports", "wind-turbine-exports",
                "private-label-exports", "computer-parts-imports", "edible-oil-imports"]  # fmt: skip
    assert result.stdout.split() == expected
    reported = invoke("filter", "--where", "growth > 10", "--tier", "reported", "--fields", "id,growth_currency")
    usd = [row for row in reported.stdout.splitlines()[1:] if row.endswith(",USD")]
    assert {"surplus-usd,USD", "africa-exports-usd,USD", "asean-exports-usd,USD"} <= set(usd)


def test_filter_repeated_where_and_search(invoke: Invoke) -> None:
    result = invoke("filter", "-w", "unit = trillion yuan", "-w", "growth < 1", "-w", "section = headline",
                    "--fields", "id", "--no-header")  # fmt: skip
    assert result.stdout == "imports\n"
    lithium = invoke("filter", "--search", "lithium", "--tier", "briefing", "--fields", "id", "--no-header")
    assert lithium.stdout == "new-three-exports\n"


def test_filter_with_no_match_prints_header_or_empty_json(invoke: Invoke) -> None:
    assert invoke("filter", "--where", "growth > 1000", "--fields", "id").stdout == "id\n"
    assert invoke("filter", "--where", "growth > 1000", "--format", "json").stdout == "[]\n"


# -- compare --------------------------------------------------------------------------------


def test_compare_exports_imports(invoke: Invoke) -> None:
    result = invoke("compare", "exports", "imports")
    rows = {r[0]: r for r in csv_rows(result.stdout)}
    assert rows["metric"] == ["metric", "unit", "exports", "imports", "difference", "ratio"]
    assert rows["value"] == ["value", "trillion yuan", "26.99", "18.48", "8.51", "1.46"]
    assert rows["growth"] == ["growth", "%", "6.1", "0.5", "5.6", ""]
    assert result.stderr == ""


def test_compare_mixed_units_adds_a_note_not_a_crash(invoke: Invoke) -> None:
    result = invoke("compare", "asean", "trading-partners", "crude oil", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0]["metric"] == "value" and rows[0]["trading-partners"] == 240
    assert "note: values are in different units" in result.stderr


# -- fields ---------------------------------------------------------------------------------


def test_fields_describes_every_field_and_marks_derived_ones(invoke: Invoke) -> None:
    from tradecli.model import FIELDS

    rows = json.loads(invoke("fields", "--format", "json").stdout)
    assert [r["field"] for r in rows] == list(FIELDS)
    derived = {r["field"] for r in rows if r["derived"] is True}
    assert derived == {"implied_prior", "change", "share_computed", "share_of_total", "share_implied", "conversion"}
    assert (
        next(r for r in rows if r["field"] == "basis")["description"] == "what growth measures: value, volume or price"
    )


def test_fields_with_no_value_lists_fields_for_list_and_compare(invoke: Invoke) -> None:
    result = invoke("compare", "exports", "imports", "--fields")
    assert result.exit_code == 2 and "compare has: metric, unit, the figure ids, difference, ratio" in result.stderr


# -- data -----------------------------------------------------------------------------------


def test_data_option_and_env_var_load_another_dataset(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset(MINIMAL_TOML)
    assert invoke("--data", str(path), "list", "--fields", "id", "--no-header").stdout == "total\nexports\nimports\n"
    env_result = invoke("show", "sales abroad", "--fields", "id,share_computed", "--no-header",
                        env={"TRADECLI_DATA": str(path)})  # fmt: skip
    assert env_result.stdout == "exports,60.00\n"


def test_invalid_data_exits_3_with_every_problem(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset(MINIMAL_TOML.replace("value = 4.0", 'value = "4"').replace('basis = "value"', 'basis = "x"'))
    result = invoke("--data", str(path), "list")
    assert result.exit_code == 3 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 2 and all(str(path) in line for line in result.stderr.splitlines())


def test_missing_data_file_exits_3(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--data", str(tmp_path / "nope.toml"), "show", "exports")
    assert result.exit_code == 3 and "nope.toml: file: no such file" in result.stderr


def test_data_validate(invoke: Invoke, write_dataset: Callable[[str], Path], dataset: Dataset) -> None:
    ok = invoke("data", "validate")
    assert (
        ok.exit_code == 0 and f"valid ({len(dataset.figures)} figures, {len(dataset.relations)} relations)" in ok.stdout
    )
    bad = invoke("data", "validate", str(write_dataset("[dataset]\ntitle = 1\n")))
    assert bad.exit_code == 3 and "field 'title': expected text, got the number 1" in bad.stderr


def test_validate_reads_global_data_option(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    result = invoke("--data", str(write_dataset(MINIMAL_TOML)), "data", "validate")
    assert result.exit_code == 0 and "valid (3 figures, 1 relations)" in result.stdout


# -- the exit-code contract -----------------------------------------------------------------


def test_version(invoke: Invoke) -> None:
    assert (
        invoke("--version").stdout
        == f"tradecli {__version__}\ndataset 2025.2, as of 2026-01-14 (briefing-2025.toml, bundled)\n"
    )


@pytest.mark.parametrize(
    "command", [[], ["list"], ["show"], ["filter"], ["compare"], ["fields"], ["data"], ["data", "validate"]]
)
def test_every_command_has_help_with_examples(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout
    assert "Examples:" in result.stdout or command == ["data"]


def test_internal_errors_exit_4_with_a_report_hint(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("tradecli.dataset.load_dataset", boom)
    result = invoke("show", "exports")
    assert result.exit_code == 4
    assert "internal error: RuntimeError: kaboom" in result.stderr and "please report it" in result.stderr
    assert "Traceback" not in result.stderr


def test_interrupt_exits_130(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tradecli.dataset.load_dataset", interrupted)
    result = invoke("list")
    assert result.exit_code == 130 and result.stderr == "tradecli: interrupted\n"


def test_closed_pipe_exits_quietly(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(*_: object, **__: object) -> str:
        raise BrokenPipeError

    monkeypatch.setattr("tradecli.render.render", closed)
    result = invoke("list")
    assert result.exit_code == 0 and result.stderr == ""


class _ClosedPipe:
    def write(self, _: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_epipe_on_write_becomes_a_quiet_exit_0(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real EPIPE is an OSError Typer would turn into exit 1; emit must convert it first."""
    from tradecli import emit, group
    from tradecli.streams import PipeClosed

    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    with pytest.raises(PipeClosed):
        emit.emit("id\n")

    def write_output() -> None:
        emit.emit("id\n")

    assert group.run_guarded(write_output) == 0


# -- fuzz: real commands and options, plus junk ---------------------------------------------

WORDS = [
    "list",
    "show",
    "filter",
    "compare",
    "fields",
    "data",
    "validate",
    "--format",
    "csv",
    "json",
    "table",
    "xml",
    "--fields",
    "id,value",
    "vlue",
    "--where",
    "--search",
    "--section",
    "markets",
    "--flow",
    "imports",
    "--sort",
    "growth",
    "--desc",
    "--limit",
    "3",
    "-1",
    "--no-header",
    "exports",
    "imports",
    "B&R",
    "oil",
    "--data",
    "/nonexistent.toml",
    "--version",
    "--help",
    "-h",
    "--",
    "-",
    "",
    "growth > 1",
    "value > 5 trillion yuan",
    "value > 5 trilion",
    "--where",
    "2023",
    "total-usd",
    "growth >>",
    "check",
    "--rule",
    "sum",
    "--strict",
    "--list-rules",
    "--claims",
    "github",
    "junit",
    "exports=26.99",
    "asean growth=9%",
    "total=about 45 tn",
    "x=",
    "--period",
    "2024",
    "December 2025",
    "--tier",
    "reported",
    "--currency",
    "usd",
    "--rate",
    "7.1",
    "--text",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=7))
def test_any_argv_gives_a_clean_exit(invoke: Invoke, argv: list[str]) -> None:
    result = invoke(*argv)
    allowed = (0, 1, 2, 3) if "check" in argv else (0, 2, 3)  # 1 means a check failed
    assert result.exit_code in allowed, (argv, result.output)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.stderr.strip(), argv


# -- periods and tiers --------------------------------------------------------------------------


def test_list_period_2024_and_all(invoke: Invoke, dataset: Dataset) -> None:
    result = invoke("list", "--period", "2024", "--fields", "id", "--no-header")
    baseline = ["total", "exports", "imports", "total-usd", "exports-usd", "imports-usd", "surplus-usd",
                "belt-and-road", "asean", "africa", "private-enterprises", "private-label-exports"]  # fmt: skip
    assert [i for i in result.stdout.split() if i in baseline] == baseline
    assert result.stdout.split() == [f.id for f in dataset.figures if f.period == "2024"]
    everything = invoke("list", "--period", "all", "--fields", "id", "--no-header")
    assert len(everything.stdout.split()) == len(dataset.figures)


def test_list_tier_briefing_keeps_official_text_only(invoke: Invoke) -> None:
    result = invoke("list", "--tier", "briefing", "--fields", "tier,page", "--no-header")
    assert set(result.stdout.splitlines()) == {"briefing,1", "briefing,7", "briefing,9"}


def test_show_other_periods(invoke: Invoke) -> None:
    result = invoke("show", "exports", "--period", "2024", "--fields", "value,growth,tier,url", "--format", "csv")
    assert result.stdout.splitlines()[1] == (
        "25.45,7.1,briefing,http://english.customs.gov.cn/Statics/9da6ae20-160b-4286-975d-3ccd44aa04f7.html"
    )
    reported = invoke("show", "us", "--fields", "tier,urls", "--format", "json")
    assert json.loads(reported.stdout)["urls"] == [
        "https://www.etnet.com.hk/www/tc/forex/news-article/20260114446",
        "https://www.ettoday.net/news/20260114/3100855.htm",
    ]


def test_compare_one_figure_across_periods(invoke: Invoke) -> None:
    result = invoke("compare", "exports", "--period", "2024", "--period", "2025")
    assert result.stdout.splitlines()[:4] == [
        "metric,unit,2024,2025,change",
        "value,trillion yuan,25.45,26.99,1.54",
        "growth,%,7.1,6.1,-1.0",
        "growth_computed,%,,6.05,",
    ]
    assert result.stderr == ""  # 25.45 -> 26.99 agrees with 6.1% within rounding


def test_compare_periods_notes_a_revision(invoke: Invoke) -> None:
    result = invoke("compare", "total", "--period", "2025", "--period", "2024")  # order does not matter
    assert result.stdout.splitlines()[0] == "metric,unit,2024,2025,change"
    assert "growth_computed,%,,3.69," in result.stdout
    assert "implies a 2024 value of 43.81, not the 43.85 published" in result.stderr


def test_compare_two_figures_in_another_period(invoke: Invoke) -> None:
    result = invoke("compare", "exports", "imports", "--period", "2024")
    assert result.stdout.splitlines()[1] == "value,trillion yuan,25.45,18.39,7.06,1.38"


def test_compare_notes_growth_in_different_currencies(invoke: Invoke) -> None:
    result = invoke("compare", "exports", "exports-usd")
    assert "growth rates are measured in different currencies (CNY vs USD)" in result.stderr


# -- periods said out loud ------------------------------------------------------------------------

KNOWN_PERIODS = "periods with figures: 2021-2025, 2024, 2025, "


def test_show_names_the_period_it_shows_when_the_default_has_none(invoke: Invoke, usd_2024_only_file: Path) -> None:
    data = ("--data", str(usd_2024_only_file))  # total-usd for 2024 only
    result = invoke(*data, "show", "total-usd", "--fields", "id,period,value,unit")
    assert result.exit_code == 0
    assert result.stdout == "id,period,value,unit\ntotal-usd,2024,6.16,trillion USD\n"
    assert result.stderr == "note: total-usd has no 2025 figure; showing 2024 (use --period 2024)\n"
    explicit = invoke(*data, "show", "total-usd", "--period", "2024", "--fields", "value")
    assert explicit.stdout == "value\n6.16\n" and explicit.stderr == ""
    within = invoke("show", "import-growth-streak", "--fields", "period")  # Q2-Q4 2025 lies within 2025
    assert within.stdout == "period\nQ2-Q4 2025\n" and within.stderr == ""


def test_compare_names_a_figure_shown_from_another_period(invoke: Invoke, usd_2024_only_file: Path) -> None:
    result = invoke("--data", str(usd_2024_only_file), "compare", "total-usd", "exports-usd")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "metric,unit,total-usd (2024),exports-usd (2025),difference,ratio"
    assert result.stderr.splitlines()[0] == "note: total-usd has no 2025 figure; showing 2024 (use --period 2024)"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--period", "2023"],
        ["filter", "--where", "growth > 1", "--period", "2023"],
        ["show", "exports", "--period", "2023"],
        ["compare", "exports", "--period", "2023", "--period", "2025"],
        ["compare", "exports", "imports", "--period", "March 2025"],
        ["list", "--period", "last year"],
        ["check", "--period", "2023"],
        ["check", "exports=26.99", "--period", "2023"],
    ],
)
def test_a_period_without_figures_is_a_usage_error_listing_those_that_exist(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("tradecli: --period: ") and KNOWN_PERIODS in line and line.endswith("(or all)")
    assert "and within 2025: " in line and " 2025, " not in line.split("and within 2025: ")[1]
    assert all(f" {part}," in line for part in ("Jan-Oct", "Q2-Q4", "Jun-Dec", "November"))


def test_a_period_the_figure_lacks_is_refused_naming_its_periods(invoke: Invoke, usd_2024_only_file: Path) -> None:
    result = invoke("--data", str(usd_2024_only_file), "show", "total-usd", "--period", "2025")
    assert result.exit_code == 2
    assert result.stderr == "tradecli: 'total-usd' has no figure for period 2025; it has: 2024 (use --period)\n"


# -- units respected ---------------------------------------------------------------------------


def test_sorting_mixed_units_keeps_kinds_apart_with_one_note(invoke: Invoke) -> None:
    result = invoke("filter", "--where", "value > 5", "--sort", "value", "--desc", "--fields", "id,value,unit")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "total,45.47,trillion yuan"  # not 780,000 entities, not 700 billion USD
    assert lines.index("eu-statistics-trade,700,billion USD") > lines.index("high-tech-exports,5.25,trillion yuan")
    counts = [i for i, line in enumerate(lines) if line.endswith((",count", ",categories"))]
    assert counts == list(range(counts[0], counts[-1] + 1))  # counts together, where the dataset declares them
    assert "trading-entities,780000,count" in lines[counts[0] :]
    notes = result.stderr.splitlines()
    assert len(notes) == 2 and all(n.startswith("note: ") for n in notes)
    assert notes[0].startswith("note: --where 'value > 5': 5 is compared with each figure's value in its own unit")
    assert notes[1].startswith("note: --sort value: values are in units of different kinds")


def test_where_with_a_unit_compares_at_scale(invoke: Invoke) -> None:
    result = invoke("filter", "--where", "value > 700 bn USD", "--sort", "value", "--fields", "id,value,unit")
    rows = result.stdout.splitlines()[1:]
    expected = ["asean-usd,1,trillion USD", "surplus-usd,1.189,trillion USD", "imports-usd,2.58,trillion USD",
                "exports-usd,3.77,trillion USD", "total-usd,63547.7,100 million USD"]  # fmt: skip
    assert [r for r in rows if r in expected] == expected  # ascending at scale: 6354.77 bn after 3.77 tn
    assert "eu-statistics-trade,700,billion USD" not in rows and "us-usd,559.747,billion USD" not in rows
    assert result.stderr == ""


def test_units_follow_a_currency_conversion(invoke: Invoke) -> None:
    result = invoke("filter", "--section", "headline", "--currency", "usd", "--where", "value > 3 trillion USD",
                    "--fields", "id,value,unit", "--sort", "value", "--desc")  # fmt: skip
    expected = ["total-usd,63547.7,100 million USD", "total,6.350,trillion USD",  # the official one, unconverted
                "total-above-45-trillion,6.3,trillion USD", "exports-usd,3.77,trillion USD",
                "exports,3.769,trillion USD"]  # fmt: skip
    assert result.stdout.splitlines()[1:] == expected


def test_a_bad_unit_in_where_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("filter", "--where", "value > 5 trilion yuan")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("tradecli: --where 'value > 5 trilion yuan': column 11: unknown unit")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--period", "last year"], "--period: not a period: 'last year'"),
        (["list", "--tier", "official"], "--tier: unknown tier 'official' (expected one of: briefing, reported)"),
        (["show", "eu", "--period", "2024"], "'eu' has no figure for period 2024; it has: 2025"),
        (["compare", "exports"], "give two figures"),
        (["compare", "exports", "--period", "2025", "--period", "2025"], "exports (2025) given more than once"),
    ],
)
def test_period_and_tier_errors_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr


# -- names that mean what they say (issue 10) -----------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("exports to the US", "us-exports-usd"),
        ("imports from the US", "us-imports-usd"),
        ("trade with ASEAN", "asean"),
        ("America", "us"),
        ("Latin America", "latin-america"),
        ("exports to the EU", "eu-exports-usd"),
    ],
)
def test_show_reads_a_phrase(invoke: Invoke, phrase: str, expected: str) -> None:
    result = invoke("show", phrase, "--fields", "id", "--no-header")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{expected}\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["show", "exports to Japan"],
            "the dataset has nothing about the partner Japan; did you mean 'asean-exports-usd'",
        ),
        (["show", "imports from the EU"], "the dataset has nothing for imports / EU; did you mean 'eu'"),
        (["show", "exports to the US in yuan"], "only in USD; did you mean 'us-exports-usd'"),
        (["show", "exports to the US", "--period", "2024"], "no figure for 'exports to the US' in 2024"),
        (["compare", "exports", "exports to Japan"], "no figure for 'exports to Japan'"),
        (["show", "ASEAN and EU trade"], "names several partners (ASEAN, EU)"),
        (["show", "usd"], "'usd' matches several figures"),
    ],
)
def test_a_phrase_the_data_lacks_exits_2_with_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("tradecli: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_compare_reads_phrases(invoke: Invoke) -> None:
    result = invoke("compare", "exports to the US", "imports from the US", "--fields", "metric,difference")
    assert result.exit_code == 0 and "value,280.353" in result.stdout


def test_filter_search_matches_whole_words(invoke: Invoke) -> None:
    result = invoke("filter", "--search", "us", "--fields", "id", "--no-header")
    assert result.stdout.split()[:5] == ["us", "us-usd", "us-exports-usd", "us-imports-usd", "us-surplus-usd"]
    business = invoke("filter", "--search", "business", "--fields", "id", "--no-header")
    assert business.stdout == "trading-entities\n"


def test_check_claims_read_phrases(invoke: Invoke) -> None:
    result = invoke("check", "exports to the US growth=-20%", "exports to Japan=1", "--fields", "figure,verdict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == ["us-exports-usd,match", ",unknown-figure"]


# -- --version, --no-color ----------------------------------------------------------------------


def test_version_reports_the_dataset_given_before_it(invoke: Invoke, write_dataset: Callable[..., Path]) -> None:
    mine = write_dataset(MINIMAL_TOML.replace(META, 'version = "3.2"\ndate = 2026-03-01'))
    bundled = f"tradecli {__version__}\ndataset 2025.2, as of 2026-01-14 (briefing-2025.toml, bundled)\n"
    assert (
        invoke("--data", str(mine), "--version").stdout
        == f"tradecli {__version__}\ndataset 3.2, as of 2026-03-01 ({mine})\n"
    )
    assert invoke("--version", "--data", str(mine)).stdout == bundled  # --version acts as soon as it is read
    from_env = invoke("--version", env={"TRADECLI_DATA": str(mine)})
    assert from_env.stdout == f"tradecli {__version__}\ndataset 3.2, as of 2026-03-01 ({mine})\n"
    assert invoke("-V").stdout == bundled


def test_version_of_a_dataset_that_does_not_say(invoke: Invoke, write_dataset: Callable[..., Path]) -> None:
    """Such a dataset is invalid (version and date are required), but --version still answers for it."""
    plain = write_dataset(MINIMAL_TOML.replace(META, ""))
    result = invoke("--data", str(plain), "--version")
    assert result.exit_code == 0
    assert result.stdout == f"tradecli {__version__}\ndataset (no version given), no date given ({plain})\n"


def test_version_of_an_unreadable_dataset_is_exit_3(invoke: Invoke, write_dataset: Callable[..., Path]) -> None:
    broken = write_dataset("[dataset\n")
    result = invoke("--data", str(broken), "--version")
    assert result.exit_code == 3 and result.stdout == f"tradecli {__version__}\n"
    assert "malformed TOML" in result.stderr and "Traceback" not in result.stderr


def _coloured_check(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str | None]) -> str:
    """A check report as a terminal would get it: a table whose failing verdicts can be red."""
    monkeypatch.setattr("tradecli.emit.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    result = invoke(*args, "check", "imports growth=1.5%", env={"COLUMNS": "120", **env})
    assert result.exit_code == 1 and "mismatch" in result.stdout
    return result.stdout


def test_no_color_option_and_environment_drop_the_colours(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    colour = re.compile(r"\x1b\[(?:\d+;)*3[0-7]m")  # any foreground colour
    assert colour.search(_coloured_check(invoke, monkeypatch, env={}))  # without either, the mismatch is red
    assert not colour.search(_coloured_check(invoke, monkeypatch, "--no-color", env={}))
    assert not colour.search(_coloured_check(invoke, monkeypatch, env={"NO_COLOR": "1"}))
    plain = _coloured_check(invoke, monkeypatch, "--no-color", env={})
    assert "─" in plain and "\x1b[1m" in plain  # still a terminal table, bold headers kept


# -- start-up: Typer builds only the command a command line runs ---------------------------------


@pytest.mark.parametrize(
    ("argv", "built"),
    [
        (["show", "exports"], ["show"]),
        (["--data", "list", "show", "x"], ["show"]),  # "list" is --data's value, not the command
        (["--wide", "list", "--format", "csv"], ["list"]),
        (["data", "validate", "x.toml"], ["data"]),
    ],
)
def test_a_command_line_builds_only_its_command(argv: list[str], built: list[str]) -> None:
    from typer.core import TyperCommand

    from tradecli.cli import root_command

    command = root_command(argv)
    assert isinstance(command, TyperGroup)
    assert list(command.commands) == built
    assert all(c.params or isinstance(c, TyperGroup) for c in command.commands.values()), "a stub was built"
    assert all(isinstance(c, TyperCommand | TyperGroup) for c in command.commands.values())


@pytest.mark.parametrize("argv", [["--help"], [], ["--version"], ["lst"]])
def test_without_a_known_command_the_root_knows_every_command(argv: list[str]) -> None:
    from tradecli.cli import app, root_command

    command = root_command(argv)
    assert isinstance(command, TyperGroup)
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert list(command.commands) == names


def test_the_root_help_from_stubs_equals_typers_own() -> None:
    """The root's help lists stubs (name and help only); it must read exactly as the full app's."""
    import os
    import subprocess
    import sys

    full = "import sys, typer; from tradecli.cli import app; typer.main.get_command(app)(sys.argv[1:], 'tradecli')"
    program = str(Path(sys.executable).with_name("tradecli"))
    for width in ("120", "60"):
        env = {**os.environ, "COLUMNS": width}
        runs = [subprocess.run(argv, capture_output=True, text=True, env=env, check=False, timeout=60)
                for argv in ([program, "--help"], [sys.executable, "-c", full, "--help"])]  # fmt: skip
        assert runs[0].stdout == runs[1].stdout and "completion" in runs[0].stdout, runs[1].stderr


def test_every_commands_help_is_dedented_as_written() -> None:
    """A "\\n" in a docstring's example (printf 'exports\\nimports\\n') became real line breaks at
    column 0, so the help text was not dedented and came out garbled."""
    import typer

    from tradecli.cli import app

    def commands(group: typer.Typer) -> list[object]:
        found: list[object] = [c.callback for c in group.registered_commands]
        for sub in group.registered_groups:
            found += commands(sub.typer_instance) if sub.typer_instance else []
        return found

    for callback in commands(app):
        doc = getattr(callback, "__doc__", None) or ""
        rest = [line for line in doc.splitlines()[1:] if line.strip()]
        assert all(line.startswith("    ") for line in rest), (callback, [x for x in rest if not x.startswith("    ")])


def test_show_of_a_figure_without_a_value_names_the_one_about_the_same_thing_with_one(invoke: Invoke) -> None:
    """'crude oil' is crude-oil-imports, which states growth only; the volume was not cross-referenced."""
    result = invoke("show", "crude oil", "--fields", "id,value,growth")
    assert result.stdout == "id,value,growth\ncrude-oil-imports,,4.4\n"
    assert (
        result.stderr
        == "note: crude-oil-imports states no value; crude-oil-import-volume, about the same in 2025, states one\n"
    )
    assert invoke("show", "exports", "--fields", "id").stderr == ""
