"""The one output switch: each format, stated precision, and terminal versus pipe."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradecli.model import Dataset
from tradecli.render import FORMATS, RenderOptions, cell_text, render, render_record

ROWS = [
    {"id": "asean", "growth": Decimal("8"), "value": Decimal("7.55"), "aliases": ["ASEAN trade", "a|b"]},
    {"id": "crude", "growth": Decimal("4.4"), "value": None, "aliases": []},
]
COLUMNS = ["id", "value", "growth", "aliases"]


def test_csv_keeps_stated_precision() -> None:
    assert render(ROWS, COLUMNS, "csv") == "id,value,growth,aliases\nasean,7.55,8,ASEAN trade; a|b\ncrude,,4.4,\n"


def test_tsv_without_header() -> None:
    assert render(ROWS, ["id", "growth"], "tsv", RenderOptions(header=False)) == "asean\t8\ncrude\t4.4\n"


def test_json_has_real_numbers_stable_keys_and_nulls() -> None:
    text = render(ROWS, COLUMNS, "json")
    assert '"growth": 8,' in text and '"value": 7.55' in text
    parsed = json.loads(text)
    assert parsed[0] == {"id": "asean", "value": 7.55, "growth": 8, "aliases": ["ASEAN trade", "a|b"]}
    assert list(parsed[1]) == COLUMNS and parsed[1]["value"] is None


def test_json_of_nothing_is_an_empty_array() -> None:
    assert render([], COLUMNS, "json") == "[]\n"
    assert render([], COLUMNS, "jsonl") == ""


def test_jsonl_is_one_object_per_line() -> None:
    lines = render(ROWS, COLUMNS, "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["asean", "crude"]


def test_markdown_escapes_pipes_and_right_aligns_numbers() -> None:
    text = render(ROWS, COLUMNS, "markdown")
    assert text.splitlines()[1] == "|---|---:|---:|---|"
    assert "ASEAN trade; a\\|b" in text


def test_table_down_a_pipe_is_plain_ascii() -> None:
    text = render(ROWS, COLUMNS, "table", RenderOptions(terminal=False))
    assert "\x1b[" not in text and all(ord(ch) < 128 for ch in text)
    assert "| asean |" in text and "7.55" in text


def test_table_on_a_terminal_has_a_header_rule_and_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    coloured = render(ROWS, COLUMNS, "table", RenderOptions(terminal=True, width=100))
    assert "─" in coloured and "\x1b[" in coloured and "│" not in coloured  # no vertical rules: room for data
    monkeypatch.setenv("NO_COLOR", "1")
    plain = render(ROWS, COLUMNS, "table", RenderOptions(terminal=True, width=100))
    assert "─" in plain and "\x1b[3" not in plain  # no colour codes (bold is allowed)


def test_cell_styles_colour_a_terminal_table_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    rows = [{"verdict": "fail"}, {"verdict": "pass"}]
    styled = RenderOptions(terminal=True, width=40, styles=(("fail", "red"),))
    assert "\x1b[31mfail" in render(rows, ["verdict"], "table", styled)
    assert "\x1b[31mpass" not in render(rows, ["verdict"], "table", styled)
    assert "\x1b[" not in render(rows, ["verdict"], "table", styled._replace(terminal=False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[31m" not in render(rows, ["verdict"], "table", styled)


@pytest.mark.parametrize("terminal", [False, True])
def test_markup_and_emoji_codes_in_cells_and_headers_are_shown_literally(terminal: bool) -> None:
    text = render(
        [{"[b]h[/b]": "[bold]x[/bold] :smile:"}], ["[b]h[/b]"], "table", RenderOptions(terminal=terminal, width=80)
    )
    assert "[bold]x[/bold] :smile:" in text and "[b]h[/b]" in text


def test_record_formats() -> None:
    record = ROWS[0]
    assert json.loads(render_record(record, COLUMNS, "json"))["value"] == 7.55
    assert render_record(record, ["id", "value"], "csv") == "id,value\nasean,7.55\n"
    vertical = render_record(record, COLUMNS, "markdown")
    assert "| value | 7.55 |" in vertical and "| field | value |" in vertical


def test_every_format_renders() -> None:
    for fmt in FORMATS:
        assert "asean" in render(ROWS, COLUMNS, fmt)
    with pytest.raises(ValueError, match="unknown format"):
        render(ROWS, COLUMNS, "xml")


def test_cell_text() -> None:
    assert cell_text(True) == "true" and cell_text(False) == "false"
    assert cell_text(Decimal("8.0")) == "8.0" and cell_text(Decimal("780000")) == "780000" and cell_text(None) == ""


def test_cli_format_choices_are_exactly_the_renderer_formats() -> None:
    from tradecli.options import OutputFormat

    assert [f.value for f in OutputFormat] == list(FORMATS)


def test_color_false_drops_the_colours_but_keeps_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    styled = RenderOptions(terminal=True, width=40, styles=(("fail", "red"),), color=False)
    text = render([{"verdict": "fail"}], ["verdict"], "table", styled)
    assert "─" in text and "fail" in text and "\x1b[31m" not in text


# -- the ASCII box drawn without Rich ----------------------------------------------------------

_WORDS = st.text(alphabet=st.sampled_from("ab Z9-.…中文é|+"), max_size=30)
_COLUMNS = st.lists(
    st.sampled_from(["id", "value", "label", "unit", "notes", "growth"]), min_size=1, max_size=5, unique=True
)
_WIDTHS = st.one_of(st.none(), st.integers(min_value=20, max_value=140))
_CELLS = st.one_of(
    st.none(), _WORDS, st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=10**9)
)


@settings(max_examples=300, deadline=None)
@given(
    columns=_COLUMNS,
    data=st.data(),
    width=_WIDTHS,
)
def test_the_ascii_box_is_exactly_what_rich_draws(columns: list[str], data: st.DataObject, width: int | None) -> None:
    """Whenever tradecli draws the box itself (every cell fits), it is character for character Rich's."""
    from tradecli.render import numeric_columns
    from tradecli.tables import ascii_box, rich_drawn, table_plan

    rows = data.draw(st.lists(st.fixed_dictionaries({c: _CELLS for c in columns}), max_size=6))
    options = RenderOptions(width=width)
    layout = table_plan(rows, columns, options)
    numeric = numeric_columns(rows, columns)
    drawn = ascii_box(rows, layout, numeric)
    if drawn is not None:
        assert drawn == rich_drawn(rows, layout, numeric, options)


def test_a_listing_that_fits_is_drawn_without_rich(dataset: Dataset) -> None:
    from tradecli.derive import record
    from tradecli.render import numeric_columns
    from tradecli.tables import ascii_box, table_plan

    rows = [record(f, dataset) for f in dataset.figures]
    columns = ["id", "period", "value", "unit", "growth", "share"]
    layout = table_plan(rows, columns, RenderOptions(width=120))
    assert ascii_box(rows, layout, numeric_columns(rows, columns)) is not None


_STYLES = st.sampled_from(["", "bold", "red", "bold red", "green", "yellow", "dim", "bold green"])


@settings(max_examples=300, deadline=None)
@given(
    columns=_COLUMNS,
    data=st.data(),
    width=_WIDTHS,
    color=st.booleans(),
    term=st.sampled_from(["xterm-256color", "dumb", "xterm"]),
)
def test_the_terminal_table_is_exactly_what_rich_draws(
    columns: list[str], data: st.DataObject, width: int | None, color: bool, term: str
) -> None:
    """At a terminal too (bold header, rule, styled cells; colours as the terminal and NO_COLOR have them)."""
    import os

    from tradecli.render import numeric_columns
    from tradecli.tables import rich_drawn, table_plan, terminal_lines

    rows = data.draw(st.lists(st.fixed_dictionaries({c: _CELLS for c in columns}), max_size=6))
    texts = sorted({shown_text_of(r.get(c)) for r in rows for c in columns})
    styles = tuple((t, data.draw(_STYLES)) for t in texts)
    options = RenderOptions(terminal=True, width=width, color=color, styles=styles)
    layout = table_plan(rows, columns, options)
    numeric = numeric_columns(rows, columns)
    saved = os.environ.get("TERM")
    os.environ["TERM"] = term
    try:
        drawn = terminal_lines(rows, layout, numeric, options)
        if drawn is not None:
            assert drawn == rich_drawn(rows, layout, numeric, options)
    finally:
        if saved is None:
            os.environ.pop("TERM", None)
        else:
            os.environ["TERM"] = saved


def shown_text_of(value: object) -> str:
    from tradecli.render import shown_text

    return shown_text(value)


@pytest.mark.parametrize("terminal", [True, False])
@pytest.mark.parametrize("width", [60, 100, 120, 200])
def test_the_bundled_listing_is_drawn_as_rich_draws_it(dataset: Dataset, terminal: bool, width: int) -> None:
    """Real rows, labels cut with an ellipsis where narrow: drawn as Rich draws them, character for character."""
    from tradecli.derive import record
    from tradecli.render import numeric_columns
    from tradecli.tables import ascii_box, rich_drawn, table_plan, terminal_lines

    rows = [record(f, dataset) for f in dataset.figures]
    columns = ["id", "period", "label", "qualifier", "value", "unit", "growth", "basis", "share"]
    options = RenderOptions(terminal=terminal, width=width, styles=(("exact", "dim"),))
    layout = table_plan(rows, columns, options)
    numeric = numeric_columns(rows, columns)
    drawn = terminal_lines(rows, layout, numeric, options) if terminal else ascii_box(rows, layout, numeric)
    assert drawn is not None
    assert drawn == rich_drawn(rows, layout, numeric, options)
    if terminal and width in (100, 120):
        assert "\u2026" in drawn  # some label was cut


_STRIPPED = st.text(alphabet=st.sampled_from("abZ9 -.…中文é|+"), max_size=60).map(str.strip)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), width=st.integers(min_value=20, max_value=90), terminal=st.booleans())
def test_cut_cells_are_cut_as_rich_cuts_them(data: st.DataObject, width: int, terminal: bool) -> None:
    from tradecli.render import numeric_columns
    from tradecli.tables import ascii_box, rich_drawn, table_plan, terminal_lines

    columns = ["id", "label", "notes", "value"]
    cells = st.fixed_dictionaries(
        {
            "id": _STRIPPED,
            "label": _STRIPPED,
            "notes": _STRIPPED,
            "value": st.one_of(st.none(), st.decimals(places=2, min_value=-999, max_value=10**6)),
        }
    )
    rows = data.draw(st.lists(cells, min_size=1, max_size=5))
    options = RenderOptions(width=width, terminal=terminal, styles=(("a", "red"),))
    layout = table_plan(rows, columns, options)
    numeric = numeric_columns(rows, columns)
    drawn = terminal_lines(rows, layout, numeric, options) if terminal else ascii_box(rows, layout, numeric)
    if drawn is not None:
        assert drawn == rich_drawn(rows, layout, numeric, options)


MARKS = (("about", "~"), ("more than", ">"))


def test_qualifier_marks_are_the_shortest_symbols_of_the_dataset_words() -> None:
    from tradecli.render import qualifier_marks

    words = {"more than": "more than", ">": "more than", "over": "more than", "~": "about", ">=": "at least",
             "≥": "at least", "nearly": "nearly"}  # fmt: skip
    assert qualifier_marks(words) == (("about", "~"), ("at least", "≥"), ("more than", ">"))


@pytest.mark.parametrize("terminal", [True, False])
def test_a_value_whose_qualifier_column_cannot_fit_carries_its_mark(dataset: Dataset, terminal: bool) -> None:
    """An 80-column listing hid 'qualifier', so 'more than 780000' read as exactly 780000."""
    from tradecli.derive import record
    from tradecli.render import numeric_columns
    from tradecli.tables import ascii_box, fit_table, rich_drawn, terminal_lines

    rows = [record(f, dataset) for f in dataset.figures if f.period == "2025"]
    columns = ["id", "period", "label", "qualifier", "value", "unit", "growth", "basis", "share"]
    importance = ("id", "value", "unit", "growth", "period", "qualifier", "share", "label")
    options = RenderOptions(terminal=terminal, width=72, importance=importance, marks=MARKS)
    fit = fit_table(rows, columns, options)
    assert fit.marked and "qualifier" not in fit.columns and "qualifier" not in fit.layout.hidden
    entities = next(r for r in fit.rows if r["id"] == "trading-entities")
    assert entities["value"] == "> 780000"
    numeric = numeric_columns(rows, columns)
    drawn = (
        terminal_lines(fit.rows, fit.layout, numeric, options) if terminal else ascii_box(fit.rows, fit.layout, numeric)
    )
    assert drawn is not None and drawn == rich_drawn(fit.rows, fit.layout, numeric, options)
    legend = "the qualifier column did not fit: values are marked ~ about, > more than"
    assert fit.legend == legend
    wide = fit_table(rows, columns, options._replace(width=200))
    assert not wide.marked and "qualifier" in wide.columns and wide.legend is None
