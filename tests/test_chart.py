"""tradecli chart: the pure core (bars, scale, layout, plain text), the command, and a real terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradecli.chart import (
    FIELD_UNITS,
    MIN_BARS,
    MIN_LABEL,
    Bar,
    Chart,
    Line,
    build,
    chart_field,
    data_rows,
    fit,
    layout,
    like_periods,
    min_width,
    render_plain,
    select,
)
from tradecli.errors import UsageError
from tradecli.model import FIELD_SPECS, Dataset
from tradecli.query import Query, parse_where
from tradecli.safetext import display_width, printable

from .conftest import MINIMAL_TOML, Invoke

ESCAPE = "\x1b"


def drawn(dataset: Dataset, *names: str, field: str = "value", period: str | None = None, **query: Any) -> Chart:
    """The chart the command would draw for these names and Query options."""
    return build(dataset, select(dataset, list(names), period, None), Query(**query), field).chart


def chart_of(values: list[Decimal], labels: list[str] | None = None, title: str = "t") -> Chart:
    names = labels or [f"bar-{i}" for i in range(len(values))]
    bars = tuple(Bar(n, v, format(v, "f"), "%", n, "2025", "exact") for n, v in zip(names, values, strict=True))
    return Chart(title, "growth", "%", bars)


# -- which bars -----------------------------------------------------------------------------


def test_every_number_field_has_a_chart_unit_and_nothing_else_does() -> None:
    numbers = {spec.name for spec in FIELD_SPECS if spec.kind == "number"}
    assert set(FIELD_UNITS) == numbers


@pytest.mark.parametrize(
    ("name", "message"),
    [("label", "'label' is text, not a number; chart one of: value, "), ("grwth", "did you mean 'growth'?")],
)
def test_chart_field_refuses_what_cannot_be_a_bar(name: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        chart_field(name)


def test_market_growth_bars_keep_stated_precision_and_sign(dataset: Dataset) -> None:
    chart = drawn(dataset, field="growth", section="markets")
    assert chart.title == "growth (%), 2025" and chart.unit == "%"
    texts = {b.label.removesuffix(" (2025)"): b.text for b in chart.bars}
    expected = {"belt-and-road": "6.3", "asean": "8", "latin-america": "6.5", "africa": "18.4", "eu": "6",
                "us-usd": "-18.7", "us-surplus-usd": "-22.3", "russia": "-6.5", "russia-usd": "-6.9"}  # fmt: skip
    assert texts.items() >= expected.items()
    assert all(b.text == str(dataset.get(b.figure_id, b.period).growth) for b in chart.bars)  # type: ignore[union-attr]


def test_growth_on_another_base_is_kept_apart_with_a_note(dataset: Dataset) -> None:
    """cross-border-ecommerce-vs-2020 grew 69.7% on 2020: not a bar beside growths on the year before."""
    result = build(dataset, select(dataset, [], None, None), Query(section="markets"), "growth")
    assert "cross-border-ecommerce-vs-2020" not in {b.figure_id for b in result.chart.bars}
    assert "growth on another base than the year before, not drawn: cross-border-ecommerce-vs-2020 (on 2020)" in (
        result.notes
    )


def test_named_figures_keep_their_order_unless_sorted(dataset: Dataset) -> None:
    assert [b.label for b in drawn(dataset, "exports", "imports", "total").bars] == ["exports", "imports", "total"]
    ordered = drawn(dataset, "exports", "imports", "total", sort="value", descending=True, limit=2)
    assert [b.label for b in ordered.bars] == ["total", "exports"]


def test_one_figure_is_drawn_across_its_periods_of_one_length(dataset: Dataset) -> None:
    result = build(dataset, select(dataset, ["total"], "2021-2025", None), Query(), "value")
    assert [(b.label, b.text) for b in result.chart.bars] == [("2024", "43.85"), ("2025", "45.47")]
    assert result.chart.title == "total: value (trillion yuan)"
    (note,) = [n for n in result.notes if n.startswith("total: ")]
    assert note.startswith("total: 2021-2025, December 2025, ") and note.endswith(
        " not drawn: the bars are 12-month periods (--where 'period = 2021-2025' charts it alone)"
    )


def test_a_where_on_period_draws_the_left_out_period_alone(dataset: Dataset) -> None:
    chart = drawn(dataset, "total", conditions=(parse_where("period = 2021-2025"),))
    assert [(b.label, b.value) for b in chart.bars] == [("2021-2025", Decimal(200))]


def test_like_periods_prefers_the_length_asked_for_then_the_commonest() -> None:
    rows: list[dict[str, object]] = [{"period": p} for p in ("2025", "December 2025", "2021-2025", "2024")]
    kept, left = like_periods(rows, "2025")
    assert [r["period"] for r in kept] == ["2025", "2024"] and len(left) == 2
    months: list[dict[str, object]] = [{"period": p} for p in ("2025", "August 2025", "November 2025")]
    assert like_periods(months, "2025")[0] == [{"period": "2025"}]  # the year, though months are commoner
    assert [r["period"] for r in like_periods(months, "Q1 2025")[0]] == ["August 2025", "November 2025"]
    tie: list[dict[str, object]] = [{"period": "December 2025"}, {"period": "2025"}]
    assert like_periods(tie, "Nov 2025")[0] == [{"period": "December 2025"}]
    assert like_periods(tie, "Q1 2025")[0] == [{"period": "2025"}]  # no version of 3 months: the longer


def test_imports_growth_this_year_leaves_december_out(dataset: Dataset) -> None:
    result = build(dataset, select(dataset, ["imports"], "2025", None), Query(), "growth")
    assert [(b.label, b.text) for b in result.chart.bars] == [("2025", "0.5")]
    assert any("December 2025" in note and "not drawn" in note for note in result.notes)


def test_bars_from_several_periods_are_labelled_with_the_period(dataset: Dataset) -> None:
    chart = drawn(dataset, field="growth", period="all", conditions=(parse_where("id = asean"),))
    assert [b.label for b in chart.bars][:2] == ["asean (2025)", "asean (2024)"]
    assert all(b.label.startswith("asean (") for b in chart.bars)
    assert chart.title == "growth (%), all"


def test_a_qualified_value_is_drawn_with_its_qualifier(dataset: Dataset) -> None:
    chart = drawn(dataset, "trading-partners", "growing-partners")
    assert [b.text for b in chart.bars] == ["more than 240", "more than 190"]


def test_different_units_are_refused_naming_them_and_how_to_narrow(dataset: Dataset) -> None:
    with pytest.raises(UsageError) as caught:
        drawn(dataset, section="markets", conditions=(parse_where("tier = briefing"),))
    assert str(caught.value) == (
        "chart: cannot draw different units on one axis: trillion yuan (5), count (2), percentage points (2), "
        "rank (1), billion USD (1); narrow to one, e.g. --where 'unit = trillion yuan'"
    )


def test_units_differing_across_periods_are_refused_too(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match=r"billion USD \(1\), trillion USD \(1\)|trillion USD \(1\), billion USD"):
        drawn(dataset, "surplus-usd")


@pytest.mark.parametrize(
    ("names", "query", "message"),
    [
        ((), {"search": "no such thing"}, "nothing to draw: no figure matches the selection"),
        (("exports", "imports"), {"limit": 0}, "nothing to draw: --limit 0"),
        (("new-three-exports", "fruit-imports"), {}, "none of the 2 figures selected has value; try another --field"),
        (("exports", "exports"), {}, "exports (2025) given more than once"),
        (("nosuch", "exports"), {}, "no figure named 'nosuch'"),
        (("total",), {"limit": -1}, "--limit: expected a number >= 0"),
    ],
)
def test_nothing_to_draw_and_bad_selections_are_usage_errors(
    dataset: Dataset, names: tuple[str, ...], query: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        drawn(dataset, *names, **query)


def test_a_figure_outside_the_period_or_tier_says_what_it_has(dataset: Dataset) -> None:
    has = "it has: 2025 (briefing), Jan-Aug 2025 (reported), Jan-Nov 2025 (reported)"
    with pytest.raises(UsageError, match=re.escape(f"'eu' has no figure within Q1 2025; {has}")):
        select(dataset, ["eu"], "Q1 2025", None)
    with pytest.raises(UsageError, match=re.escape("--period: the dataset has no figures in 2023; periods with")):
        select(dataset, ["total"], "2023", None)
    kept = select(dataset, ["exports", "equipment-exports"], None, "briefing")
    assert [f.id for f in kept.figures] == ["exports"]
    assert kept.notes == ("not of tier briefing, not drawn: equipment-exports",)


def test_data_rows_keep_numbers_and_qualifiers(dataset: Dataset) -> None:
    rows = data_rows(drawn(dataset, "trading-partners", "growing-partners"))
    assert rows[0] == {"id": "trading-partners", "period": "2025", "field": "value", "qualifier": "more than",
                       "value": Decimal(240), "unit": "count"}  # fmt: skip


# -- text from data -------------------------------------------------------------------------


def test_printable_escapes_control_and_format_characters() -> None:
    assert printable("a\x1b[31mb\tc\u202ed\n") == "a\\x1b[31mb\\x09c\\u202ed\\x0a"
    assert printable("贸易 café") == "贸易 café"


def test_cells_and_fit_count_wide_characters_twice() -> None:
    assert display_width("贸易ab") == 6
    assert fit("贸易总额增长", 7) == "贸易..." and display_width(fit("贸易总额增长", 7)) <= 7
    assert fit("abcdef", 6) == "abcdef" and fit("abcdefg", 6) == "abc..." and fit("abcdef", 2) == "ab"


# -- layout and scale -----------------------------------------------------------------------


def test_negative_values_are_drawn_left_of_the_zero_line() -> None:
    text = render_plain(layout(chart_of([Decimal("18.4"), Decimal("-14.6"), Decimal(0)], ["up", "down", "flat"]), 40))
    lines = text.splitlines()
    assert lines == [
        "t",
        "up    18.4             |################",  # 28 bar columns for a range of 33: 16 right, 12 left
        "down -14.6 ############|",
        "flat     0             |",
    ]
    assert {line.index("|") for line in lines[1:]} == {23}


def test_all_negative_puts_the_zero_line_at_the_right_end() -> None:
    lines = render_plain(layout(chart_of([Decimal(-1), Decimal(-2)]), 30)).splitlines()
    assert lines[1].endswith("|") and lines[2].endswith("|") and len(lines[2]) == 30


def test_all_zero_draws_no_bars() -> None:
    result = layout(chart_of([Decimal(0), Decimal("0.0")]), 30)
    assert [(line.left, line.right) for line in result.lines] == [(0, 0), (0, 0)]


def test_long_labels_are_cut_and_the_title_fits() -> None:
    chart = chart_of([Decimal(1)], ["a-very-long-label-" * 5], title="x" * 100)
    result = layout(chart, 40)
    assert result.lines[0].label.endswith("...") and display_width(result.lines[0].label) == result.label_width
    assert display_width(result.title) == 40 and result.title.endswith("...")


def test_a_chart_never_gets_narrower_than_its_numbers() -> None:
    chart = chart_of([Decimal("123456789.123456789")])
    assert layout(chart, 5).width == min_width(chart) == MIN_LABEL + 19 + 3 + MIN_BARS


decimals = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=3)
labels = st.text(min_size=1, max_size=40)


@st.composite
def charts(draw: Callable[..., object]) -> tuple[Chart, int]:
    values = draw(st.lists(decimals, min_size=1, max_size=12))
    assert isinstance(values, list)
    names = draw(st.lists(labels, min_size=len(values), max_size=len(values)))
    assert isinstance(names, list)
    width = draw(st.integers(min_value=1, max_value=300))
    assert isinstance(width, int)
    return chart_of(values, names, title=str(draw(labels))), width


def signed(line: Line) -> int:
    """A bar's length with its direction: negative to the left of the zero line."""
    return line.right - line.left


@settings(max_examples=300, deadline=None)
@given(charts())
def test_layout_fits_its_width_and_bars_stay_on_their_side(case: tuple[Chart, int]) -> None:
    chart, width = case
    result = layout(chart, width)
    assert result.width == max(width, min_width(chart))
    for text in render_plain(result).splitlines():
        assert display_width(text) <= result.width
        assert ESCAPE not in text
    for line, bar in zip(result.lines, chart.bars, strict=True):
        assert 0 <= line.left <= result.left_width and 0 <= line.right <= result.right_width
        assert (line.left > 0) == (bar.value < 0) and (line.right > 0) == (bar.value > 0)


@settings(max_examples=300, deadline=None)
@given(charts())
def test_bar_length_is_monotonic_in_value_and_the_longest_fills_its_side(case: tuple[Chart, int]) -> None:
    chart, width = case
    result = layout(chart, width)
    pairs = sorted(zip((b.value for b in chart.bars), (signed(line) for line in result.lines), strict=True))
    assert all(a[1] <= b[1] for a, b in pairwise(pairs))
    if pairs[-1][0] > 0:
        assert pairs[-1][1] == result.right_width
    if pairs[0][0] < 0:
        assert -pairs[0][1] == result.left_width


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=1, max_value=1000, places=2), min_size=2, max_size=8))
def test_bar_lengths_are_proportional_within_a_column(values: list[Decimal]) -> None:
    result = layout(chart_of(values), 100)
    columns = result.right_width
    top = max(values)
    for value, line in zip(values, result.lines, strict=True):
        assert abs(line.right - value * columns / top) <= 1


# -- the command ----------------------------------------------------------------------------

PIPED_MARKETS = """\
growth (%), 2025
belt-and-road    6.3                                 |#########
asean              8                                 |###########
latin-america    6.5                                 |#########
africa          18.4                                 |##########################
eu                 6                                 |#########
us-usd         -18.7      ###########################|
us-surplus-usd -22.3 ################################|
russia          -6.5                        #########|
russia-usd      -6.9                       ##########|
"""


# Named, so that the chart stays the same as the bundled data grow; two have no growth (a note).
MARKETS = ("trading-partners", "growing-partners", "belt-and-road", "asean", "latin-america", "africa", "eu",
           "us-usd", "us-surplus-usd", "russia", "russia-usd")  # fmt: skip


def test_piped_chart_is_plain_ascii_80_wide_with_notes_on_stderr(invoke: Invoke) -> None:
    result = invoke("chart", *MARKETS, "--field", "growth")
    assert result.exit_code == 0
    assert result.stdout == PIPED_MARKETS
    assert result.stdout.isascii() and ESCAPE not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) == 80
    assert result.stderr == "note: no growth, not drawn: trading-partners, growing-partners\n"


def test_piped_chart_follows_columns(invoke: Invoke) -> None:
    result = invoke("chart", "exports", "imports", "total", env={"COLUMNS": "40"})
    assert result.stdout == (
        "value (trillion yuan), 2025\n"
        "exports 26.99 |###############\n"  # 25 bar columns: 26.99 / 45.47 * 25 = 14.8
        "imports 18.48 |##########\n"
        "total   45.47 |#########################\n"
    )


def test_no_color_and_format_chart_down_a_pipe_stay_plain(invoke: Invoke) -> None:
    plain = invoke("chart", "exports", "imports", "total", "--format", "chart", env={"NO_COLOR": "1"})
    assert plain.exit_code == 0 and ESCAPE not in plain.stdout and "#" in plain.stdout


def test_chart_across_periods_from_the_command_line(invoke: Invoke) -> None:
    result = invoke("chart", "total", "--period", "2021-2025")
    assert result.stdout.splitlines()[:2] == ["total: value (trillion yuan)", "2024 43.85 " + "|" + "#" * 66]
    notes = result.stderr.splitlines()
    assert all(line.startswith("note: ") for line in notes)
    assert any(line.startswith("note: total: 2021-2025, December 2025, ") for line in notes)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "id,period,field,qualifier,value,unit\nexports,2025,value,exact,26.99,trillion yuan\n"
                "imports,2025,value,exact,18.48,trillion yuan\n"),
        ("jsonl", '{"id": "exports", "period": "2025", "field": "value", "qualifier": "exact", "value": 26.99, '
                  '"unit": "trillion yuan"}\n{"id": "imports", "period": "2025", "field": "value", '
                  '"qualifier": "exact", "value": 18.48, "unit": "trillion yuan"}\n'),
    ],
)  # fmt: skip
def test_format_gives_the_plotted_data(invoke: Invoke, fmt: str, expected: str) -> None:
    result = invoke("chart", "exports", "imports", "--format", fmt)
    assert result.exit_code == 0 and result.stdout == expected


def test_json_numbers_are_as_stated(invoke: Invoke) -> None:
    result = invoke("chart", "--section", "markets", "--field", "growth", "--format", "json")
    values = {row["id"]: row["value"] for row in json.loads(result.stdout)}
    assert values["asean"] == 8 and values["us-usd"] == -18.7 and '"value": 8,' in result.stdout


def test_where_search_flow_tier_sort_desc_limit_apply(invoke: Invoke) -> None:
    result = invoke("chart", "--where", "growth > 10", "--where", "basis = value", "--tier", "briefing",
                    "--field", "growth", "--sort", "growth", "--desc", "--limit", "3", "--format", "csv",
                    "--no-header")  # fmt: skip
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "wind-turbine-exports", "new-three-exports", "computer-parts-imports"]  # fmt: skip
    searched = invoke("chart", "--search", "oil", "--flow", "imports", "--tier", "briefing", "--field", "growth",
                      "--format", "csv")  # fmt: skip
    assert [line.split(",")[0] for line in searched.stdout.splitlines()[1:]] == [
        "crude-oil-imports", "edible-oil-imports", "commodity-import-prices"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "markets", "--tier", "briefing"], "cannot draw different units on one axis: trillion yuan (5)"),
        (["--field", "label"], "--field: 'label' is text, not a number"),
        (["--field", "vlue"], "--field: unknown field 'vlue'"),
        (["exprts", "imports"], "no figure named 'exprts'; did you mean 'exports' or 'exports-usd'?"),
        (["--where", "growth >> 1"], "--where 'growth >> 1': column 9"),
        (["--period", "someday"], "--period: not a period: 'someday'"),
        (["--tier", "offical"], "--tier: unknown tier 'offical'"),
        (["--section", "market"], "did you mean 'markets'?"),
        (["--flow", "export"], "--flow: unknown flow 'export'"),
        (["--sort", "grwth", "--field", "growth"], "--sort: unknown field 'grwth'"),
        (["--limit", "-1"], "--limit: expected a number >= 0"),
        (["--search", "zzz"], "chart: nothing to draw: no figure matches the selection"),
        (["total", "--period", "2023"], "--period: the dataset has no figures in 2023; periods with figures"),
        (["eu", "--period", "Q1 2025"], "'eu' has no figure within Q1 2025"),
        (["exports", "exports"], "exports (2025) given more than once"),
        (["--format", "svg"], "Invalid value for '--format'"),
    ],
)
def test_chart_usage_errors_exit_2_with_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("chart", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_dataset_exits_3(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset("[dataset]\ntitle = 1\n")
    result = invoke("--data", str(path), "chart")
    assert result.exit_code == 3 and result.stdout == ""


def test_control_characters_from_data_never_reach_the_output(
    invoke: Invoke, write_dataset: Callable[[str], Path]
) -> None:
    hostile = MINIMAL_TOML.replace('"trillion yuan"', '"trillion\\u001b[2J yuan\\u202e"')
    path = write_dataset(hostile)
    result = invoke("--data", str(path), "chart", "total", "exports", "imports")
    assert result.exit_code == 0, result.stderr
    assert ESCAPE not in result.stdout and "\u202e" not in result.stdout
    assert result.stdout.splitlines()[0] == "value (trillion\\x1b[2J yuan\\u202e), 2025"


def test_help_has_examples(invoke: Invoke) -> None:
    result = invoke("chart", "--help")
    assert result.exit_code == 0 and "tradecli chart --section markets --field growth" in result.stdout
    assert "tradecli chart total --period 2021-2025" in result.stdout


# -- real processes: imports and a real terminal --------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR", "COLUMNS", "LINES")}
    return {**env, **extra}


def test_piped_chart_never_imports_rich_or_pandas() -> None:
    probe = (
        "import sys\nsys.argv = ['tradecli', 'chart', '--section', 'markets', '--field', 'growth']\n"
        "from tradecli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'rich', 'rich.console') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env(), check=False)
    assert result.stderr.endswith("HEAVY="), result.stderr


SCRIPT = shutil.which("script")
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _in_a_terminal(command: str, **extra: str) -> str:
    """Run a command in a pseudo-terminal 80 columns wide (util-linux script) and return what it drew."""
    tradecli = Path(sys.executable).with_name("tradecli")
    assert SCRIPT is not None
    line = f"stty cols 80 rows 40; '{tradecli}' {command}"
    env = _env(TERM="xterm-256color", **extra)
    result = subprocess.run([SCRIPT, "-qec", line, "/dev/null"], capture_output=True, text=True, timeout=60,
                            env=env, stdin=subprocess.DEVNULL, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.replace("\r\n", "\n")


@pytest.mark.skipif(SCRIPT is None or sys.platform != "linux", reason="needs util-linux script for a pty")
def test_terminal_chart_fits_80_columns_with_colour_and_block_bars() -> None:
    drawn_text = _in_a_terminal("chart --section markets --field growth 2>/dev/null")
    assert "\x1b[" in drawn_text, "a terminal gets colour"
    lines = CSI.sub("", drawn_text).splitlines()
    assert lines[0] == "growth (%), 2025"
    assert max(display_width(line) for line in lines) == 80
    africa = next(line for line in lines if line.startswith("africa"))
    us_usd = next(line for line in lines if line.startswith("us-usd "))
    assert "18.4" in africa and africa.index("\u2502") < africa.index("\u2588"), "positive bars right of zero"
    assert "-18.7" in us_usd and us_usd.index("\u2588") < us_usd.index("\u2502"), "negative bars left of zero"
    assert {line.index("\u2502") for line in lines[1:]} == {africa.index("\u2502")}, "one zero line"


@pytest.mark.skipif(SCRIPT is None or sys.platform != "linux", reason="needs util-linux script for a pty")
def test_terminal_chart_honours_no_color() -> None:
    drawn_text = _in_a_terminal("chart --section markets --field growth 2>/dev/null", NO_COLOR="1")
    colours = re.findall(r"\x1b\[[0-9;]*m", drawn_text)
    assert not any(re.search(r"\b(3[0-9]|9[0-7]|38;)", code) for code in colours), colours
    assert "\u2588" in drawn_text
