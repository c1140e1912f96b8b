"""The Python API (README, "Python API"): every public name, its errors, the DataFrame, and agreement
with the CLI, which runs on the same core."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import tradecli
from tradecli.model import FIELD_SPECS

from .conftest import MINIMAL_TOML, Invoke


@pytest.fixture(scope="module")
def data() -> tradecli.TradeData:
    return tradecli.load()


def run_python(code: str) -> str:
    """stdout of a fresh interpreter: what a module import costs cannot be seen in this one."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


# -- the package: names, laziness ----------------------------------------------------------


def test_the_public_names_are_exported_lazily() -> None:
    for name in tradecli.__all__:
        assert getattr(tradecli, name) is not None
    assert tradecli.UsageError.__mro__[1] is tradecli.TradecliError
    assert issubclass(tradecli.DatasetError, tradecli.TradecliError)
    assert {"load", "TradeData", "Checked"} <= set(dir(tradecli))


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = tradecli.nothing


def test_the_package_docstring_example_runs() -> None:
    import doctest

    assert doctest.testmod(tradecli).failed == 0
    assert doctest.testmod(tradecli).attempted >= 2


def test_importing_tradecli_loads_neither_the_api_nor_the_core() -> None:
    probe = "import sys, tradecli\nprint(sorted(m for m in sys.modules if m.startswith('tradecli')))"
    assert run_python(probe) == "['tradecli']"


def test_loading_and_every_lookup_stay_pandas_free() -> None:
    probe = (
        "import sys, tradecli\n"
        "ds = tradecli.load()\n"
        "ds.get('exports'); ds.get('exports to the US'); ds.figures(where=['growth > 10'], search='africa')\n"
        "ds.compare('exports', 'imports'); ds.check(); ds.check_claims(['exports=26.99'])\n"
        "ds.check_text('Exports rose 6.1% to 26.99 trillion yuan.')\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'rich') if m in sys.modules))\n"
        "ds.to_frame()\n"
        "print('pandas' in sys.modules)"
    )
    assert run_python(probe).splitlines() == ["[]", "True"]


# -- load and the dataset's header ----------------------------------------------------------


def test_load_reads_the_bundled_dataset_and_its_header(data: tradecli.TradeData) -> None:
    assert data.version == "2025.2"
    assert data.date == "2026-01-14"
    assert data.period == "2025"
    assert {"2024", "2025"} <= set(data.periods)
    assert "markets" in data.sections
    assert data.title.startswith("China's imports and exports in 2025")
    assert data.path.endswith("briefing-2025.toml")
    assert repr(data).startswith("<TradeData ") and f"{len(data.figures('all'))} figures" in repr(data)


def test_load_reads_another_file(write_dataset: Callable[[str], Path]) -> None:
    other = tradecli.load(write_dataset(MINIMAL_TOML))
    assert other.version == "1" and other.date == "2026-01-14"  # MINIMAL_TOML states both (required)
    assert [r["id"] for r in other.figures()] == ["total", "exports", "imports"]
    assert str(other.path).endswith("figures.toml")


def test_load_of_a_broken_file_raises_dataset_error_with_every_problem(write_dataset: Callable[[str], Path]) -> None:
    broken = MINIMAL_TOML.replace("value = 6.0", 'value = "six"').replace('flow = "imports"', 'flow = "outwards"')
    with pytest.raises(tradecli.DatasetError) as caught:
        tradecli.load(write_dataset(broken))
    assert len(caught.value.problems) >= 2


def test_load_of_a_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(tradecli.DatasetError):
        tradecli.load(tmp_path / "missing.toml")


# -- get ------------------------------------------------------------------------------------


def test_get_by_id_alias_and_phrase(data: tradecli.TradeData) -> None:
    exports = data.get("exports")
    assert exports["value"] == Decimal("26.99") and str(exports["value"]) == "26.99"
    assert exports["growth"] == Decimal("6.1")
    assert exports["unit"] == "trillion yuan" and exports["period"] == "2025"
    assert data.get("B&R")["id"] == "belt-and-road"
    assert data.get("exports to the US")["id"] == "us-exports-usd"


def test_get_keeps_the_stated_precision(data: tradecli.TradeData) -> None:
    assert str(data.get("exports to the US")["value"]) == "420.050"


def test_get_with_a_period(data: tradecli.TradeData) -> None:
    earlier = data.get("exports", period="2024")
    assert earlier["period"] == "2024"
    assert earlier["value"] != data.get("exports")["value"]


def test_get_record_has_every_cli_field(data: tradecli.TradeData) -> None:
    assert list(data.get("exports")) == [spec.name for spec in FIELD_SPECS]


@pytest.mark.parametrize(
    ("name", "period", "message"),
    [
        ("no-such-figure", None, "no-such-figure"),
        ("", None, "empty figure name"),
        ("exports", "2019", "no figures in 2019"),
    ],
)
def test_get_failures_are_usage_errors(data: tradecli.TradeData, name: str, period: str | None, message: str) -> None:
    with pytest.raises(tradecli.UsageError, match=message):
        data.get(name, period)


def test_an_ambiguous_name_lists_the_candidates(data: tradecli.TradeData) -> None:
    with pytest.raises(tradecli.UsageError) as caught:
        data.get("growth")
    assert isinstance(caught.value, tradecli.TradecliError)


# -- figures --------------------------------------------------------------------------------


def test_figures_default_to_the_dataset_period(data: tradecli.TradeData) -> None:
    rows = data.figures()
    assert rows and {r["period"] for r in rows} <= {p for p in data.periods if "2025" in p}
    assert len(data.figures("all")) > len(rows)


def test_figures_filter_like_the_cli(data: tradecli.TradeData) -> None:
    fast = data.figures(where=["growth > 10"])
    assert fast and all(isinstance(r["growth"], Decimal) and r["growth"] > 10 for r in fast)
    assert data.figures(where="growth > 10") == fast  # one condition may be given bare
    markets = data.figures(section="markets", sort="growth", descending=True, limit=3)
    assert len(markets) == 3 and [r["section"] for r in markets] == ["markets"] * 3
    growths = [r["growth"] for r in markets]
    assert growths == sorted(growths, reverse=True)  # type: ignore[type-var]
    assert all(r["flow"] == "imports" for r in data.figures(flow="imports"))
    assert all(r["tier"] == "reported" for r in data.figures(tier="reported"))
    assert any(r["id"] == "africa" for r in data.figures(search="africa"))


def test_figures_convert_currencies_with_a_note_in_each_record(data: tradecli.TradeData) -> None:
    converted = data.figures(section="headline", currency="usd", where=["id = exports"])
    assert converted[0]["unit"] != "trillion yuan" and converted[0]["conversion"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"where": ["growth >> 10"]},
        {"where": ["nonsense > 1"]},
        {"section": "market"},
        {"flow": "outwards"},
        {"tier": "gossip"},
        {"period": "2019"},
        {"sort": "colour"},
        {"limit": -1},
    ],
)
def test_bad_selections_are_usage_errors(data: tradecli.TradeData, kwargs: dict[str, object]) -> None:
    with pytest.raises(tradecli.UsageError):
        data.figures(**kwargs)  # type: ignore[arg-type]


# -- compare --------------------------------------------------------------------------------


def test_compare_two_figures(data: tradecli.TradeData) -> None:
    result = data.compare("exports", "imports")
    assert result.columns == ["metric", "unit", "exports", "imports", "difference", "ratio"]
    value = result.rows[0]
    assert value["metric"] == "value" and value["difference"] == Decimal("8.51")
    assert isinstance(result, tradecli.Comparison)


def test_compare_one_figure_across_periods(data: tradecli.TradeData) -> None:
    result = data.compare("exports", periods=["2024", "2025"])
    assert result.columns == ["metric", "unit", "2024", "2025", "change"]
    assert any(row["metric"] == "growth_computed" for row in result.rows)


@pytest.mark.parametrize(
    ("names", "periods", "message"),
    [(("exports",), (), "give two figures"), (("exports", "exports"), (), "more than once")],
)
def test_compare_refuses_a_comparison_of_nothing(
    data: tradecli.TradeData, names: tuple[str, ...], periods: tuple[str, ...], message: str
) -> None:
    with pytest.raises(tradecli.UsageError, match=message):
        data.compare(*names, periods=periods)


# -- checks ---------------------------------------------------------------------------------


def test_check_runs_the_rules(data: tradecli.TradeData) -> None:
    result = data.check()
    assert result.mode == "rules" and result.ok and result.failures == 0
    assert len(result) == sum(result.counts.values()) > 10
    assert result.summary.startswith(f"{len(result)} checks:")
    assert {row["rule"] for row in result} >= {"sum", "growth"}
    only_sums = data.check(["sum"])
    assert {row["rule"] for row in only_sums} == {"sum"}


def test_check_with_an_unknown_rule_is_a_usage_error(data: tradecli.TradeData) -> None:
    with pytest.raises(tradecli.UsageError):
        data.check(["no-such-rule"])


def test_check_claims_grades_each_claim(data: tradecli.TradeData) -> None:
    result = data.check_claims(["exports=26.99", "exports growth=6%", "exports=25.5", "nothing=1"])
    assert [row["verdict"] for row in result] == ["match", "rounded", "mismatch", "unknown-figure"]
    assert result.rows[0]["official"] == Decimal("26.99")
    assert not result.ok and result.failures == 2
    assert data.check_claims("exports=26.99").ok  # one claim may be given bare


def test_strict_claims_count_rounded_as_failures(data: tradecli.TradeData) -> None:
    assert data.check_claims(["exports growth=6%"]).ok
    assert not data.check_claims(["exports growth=6%"], strict=True).ok


def test_check_claims_for_another_period(data: tradecli.TradeData) -> None:
    earlier = data.get("exports", period="2024")["value"]
    assert data.check_claims([f"exports={earlier}"], period="2024").ok
    assert not data.check_claims([f"exports={earlier}"]).ok


@pytest.mark.parametrize("period", ["2019", "nonsense"])
def test_claims_and_articles_against_a_period_without_figures_are_usage_errors(
    data: tradecli.TradeData, period: str
) -> None:
    with pytest.raises(tradecli.UsageError, match="--period"):
        data.check_claims(["exports=26.99"], period=period)
    with pytest.raises(tradecli.UsageError, match="--period"):
        data.check_text("Exports rose 6.1%.", period=period)


def test_an_article_cannot_be_about_every_period(data: tradecli.TradeData) -> None:
    with pytest.raises(tradecli.UsageError, match="'all' cannot be an article's period"):
        data.check_text("Exports rose 6.1%.", period="all")


def test_an_article_about_another_period(data: tradecli.TradeData) -> None:
    earlier = data.get("exports", period="2024")["growth"]
    assert data.check_text(f"Exports rose {earlier}%.", period="2024").counts == {"match": 1}


def test_a_malformed_claim_is_an_error(data: tradecli.TradeData) -> None:
    with pytest.raises(tradecli.TradecliError):
        data.check_claims(["exports is big"])


def test_check_text_grades_an_article(data: tradecli.TradeData) -> None:
    result = data.check_text("China's exports rose 6.1% to 26.99 trillion yuan in 2025.")
    assert result.mode == "text" and result.ok
    assert {row["verdict"] for row in result} == {"match"}
    wrong = data.check_text("China's exports rose 9.1% to 26.99 trillion yuan in 2025.")
    assert "mismatch" in wrong.counts


# -- to_frame -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frame(data: tradecli.TradeData) -> pd.DataFrame:
    return data.to_frame()


def test_frame_has_one_row_per_figure_and_period(data: tradecli.TradeData, frame: pd.DataFrame) -> None:
    assert len(frame) == len(data.figures("all"))
    assert not frame.duplicated(["id", "period"]).any()
    assert set(frame["period"]) == set(data.periods)


def test_frame_values_keep_their_stated_text(frame: pd.DataFrame) -> None:
    exports = frame.loc[(frame.id == "exports") & (frame.period == "2025")].iloc[0]
    assert exports["value"] == 26.99 and exports["value_text"] == "26.99"
    assert exports["growth"] == pytest.approx(6.1) and exports["growth_text"] == "6.1"
    us = frame.loc[frame.id == "us-exports-usd"].iloc[0]
    assert us["value_text"] == "420.050" and us["growth_text"] == "-20"


def test_frame_dtypes(frame: pd.DataFrame) -> None:
    for spec in FIELD_SPECS:
        dtype = frame[spec.name].dtype
        if spec.kind == "text":
            assert dtype == "string", spec.name
        elif spec.kind == "list":
            assert dtype.kind == "O" and all(isinstance(v, list) for v in frame[spec.name]), spec.name
        elif spec.name == "page":
            assert dtype == "Int64"
        else:
            assert dtype == "float64", spec.name
    for stated in ("value", "growth", "share", "share_change"):
        assert frame[f"{stated}_text"].dtype == "string"


def test_frame_columns_follow_the_cli_fields(frame: pd.DataFrame) -> None:
    extra = ("period_start", "period_end", "unit_kind", "unit_scale", "unit_currency")
    fields = [c for c in frame.columns if not c.endswith("_text") and c not in extra]
    assert fields == [spec.name for spec in FIELD_SPECS]
    columns = list(frame.columns)
    assert columns.index("value_text") == columns.index("value") + 1
    assert columns[columns.index("period") + 1 : columns.index("period") + 3] == ["period_start", "period_end"]
    assert columns[columns.index("unit") + 1 : columns.index("unit") + 4] == [
        "unit_kind",
        "unit_scale",
        "unit_currency",
    ]


def test_frame_periods_are_months_and_units_say_their_scale(frame: pd.DataFrame) -> None:
    """An analyst builds a time series and puts amounts on one scale without parsing labels."""
    spans = frame.set_index("period")[["period_start", "period_end"]].drop_duplicates()
    assert (
        str(spans.loc["Q2-Q4 2025", "period_start"]) == "2025-04"
        and str(spans.loc["Q2-Q4 2025", "period_end"]) == "2025-12"
    )
    assert (
        str(spans.loc["2021-2025", "period_start"]) == "2021-01"
        and str(spans.loc["December 2025", "period_end"]) == "2025-12"
    )
    december = frame.loc[(frame.id == "imports") & (frame.period == "December 2025")].iloc[0]
    year = frame.loc[(frame.id == "imports") & (frame.period == "2025")].iloc[0]
    assert december["value"] * december["unit_scale"] < year["value"] * year["unit_scale"] / 5
    tonnes = frame.loc[frame.unit == "million tonnes"].iloc[0]
    assert (tonnes["unit_kind"], tonnes["unit_scale"], tonnes["unit_currency"]) == ("quantity", 1e6, "tonne")


def test_periods_and_sorting_by_period_run_oldest_first(data: tradecli.TradeData, invoke: Invoke) -> None:
    assert data.periods[:3] == ("2021-2025", "2024", "2025") and data.periods[-1] == "December 2025"
    totals = [r["period"] for r in data.figures("all", where=["id = total"], sort="period")]
    assert totals[:3] == ["2021-2025", "2024", "2025"] and totals[-1] == "December 2025"
    assert totals.index("Q1 2025") < totals.index("August 2025")  # not alphabetical
    newest = invoke("filter", "--period", "all", "--where", "id = total", "--sort", "period", "--desc",
                    "--fields", "period", "--limit", "1")  # fmt: skip
    assert newest.stdout == "period\nDecember 2025\n"


def test_units_describe_each_unit(data: tradecli.TradeData) -> None:
    assert data.units["trillion yuan"]["scale"] == Decimal("1E+12") and data.units["trillion yuan"]["currency"] == "CNY"
    assert data.units["million tonnes"]["kind"] == "quantity" and data.units["rank"]["scale"] is None


def test_frame_missing_numbers_are_missing(frame: pd.DataFrame) -> None:
    no_growth = frame.loc[frame.id == "trading-partners"].iloc[0]
    assert pd.isna(no_growth["growth"]) and pd.isna(no_growth["growth_text"])


def test_frame_keeps_provenance(frame: pd.DataFrame) -> None:
    exports = frame.loc[(frame.id == "exports") & (frame.period == "2025")].iloc[0]
    assert exports["tier"] == "briefing" and exports["page"] == 1
    assert exports["url"].startswith("http") and exports["urls"][0] == exports["url"]
    assert exports["source"]


def test_frame_pivot_ids_by_periods(frame: pd.DataFrame) -> None:
    table = frame.pivot_table(index="id", columns="period", values="value")
    assert table.loc["exports", "2025"] == 26.99
    assert table.loc["exports", "2024"] == float(tradecli.load().get("exports", "2024")["value"])  # type: ignore[arg-type]


def test_frame_takes_the_figures_selection(data: tradecli.TradeData) -> None:
    markets = data.to_frame("2025", section="markets")
    assert set(markets["section"]) == {"markets"}
    assert list(markets["id"]) == [r["id"] for r in data.figures(section="markets")]
    assert data.to_frame(where=["growth > 1000"]).empty


# -- the API and the CLI agree -------------------------------------------------------------

ALL_FIELDS = ",".join(spec.name for spec in FIELD_SPECS)


@pytest.mark.parametrize(
    ("argv", "kwargs"),
    [
        (["list"], {}),
        (["list", "--period", "all"], {"period": "all"}),
        (
            ["filter", "--where", "growth > 10", "--sort", "growth", "--desc"],
            {"where": ["growth > 10"], "sort": "growth", "descending": True},
        ),
        (["filter", "--search", "africa", "--tier", "reported"], {"search": "africa", "tier": "reported"}),
        (["list", "--section", "headline", "--currency", "usd"], {"section": "headline", "currency": "usd"}),
    ],
)
def test_figures_are_the_records_the_cli_lists(
    data: tradecli.TradeData, invoke: Invoke, argv: list[str], kwargs: dict[str, object]
) -> None:
    result = invoke(*argv, "--fields", ALL_FIELDS, "--format", "json")
    assert result.exit_code == 0, result.output
    assert data.figures(**kwargs) == json.loads(result.stdout, parse_float=Decimal)  # type: ignore[arg-type]


def test_get_is_what_show_shows(data: tradecli.TradeData, invoke: Invoke) -> None:
    result = invoke("show", "exports to the US", "--fields", ALL_FIELDS, "--format", "json")
    shown = json.loads(result.stdout, parse_float=Decimal)
    assert data.get("exports to the US") == (shown[0] if isinstance(shown, list) else shown)


def test_compare_is_what_the_cli_compares(data: tradecli.TradeData, invoke: Invoke) -> None:
    result = invoke("compare", "exports", "imports", "--format", "json")
    assert data.compare("exports", "imports").rows == json.loads(result.stdout, parse_float=Decimal)


def test_claim_rows_are_the_cli_json_results(data: tradecli.TradeData, invoke: Invoke) -> None:
    claims = ["exports=26.99", "exports growth=6%", "exports=25.5"]
    result = invoke("check", *claims, "--format", "json")
    report = json.loads(result.stdout, parse_float=Decimal)
    assert data.check_claims(claims).rows == report["findings"]
    assert data.check_claims(claims).ok is report["ok"]


def test_rule_rows_are_the_cli_json_results(data: tradecli.TradeData, invoke: Invoke) -> None:
    report = json.loads(invoke("check", "--format", "json").stdout, parse_float=Decimal)
    assert data.check().rows == report["findings"]


def test_the_callers_decimal_context_changes_no_number_and_keeps_its_flags(data: tradecli.TradeData) -> None:
    """A notebook's decimal settings are its own: tradecli computes in its context (interval.EXACT)."""
    import decimal

    expected = (data.get("exports"), data.check().summary, data.check_claims(["asean=7.6 trillion yuan"]).rows)
    with decimal.localcontext() as mine:
        mine.prec, mine.rounding = 3, decimal.ROUND_DOWN
        mine.traps[decimal.Inexact] = True
        mine.clear_flags()
        got = (data.get("exports"), data.check().summary, data.check_claims(["asean=7.6 trillion yuan"]).rows)
        assert got == expected
        assert data.get("exports")["implied_prior"] == Decimal("25.44")
        assert not any(mine.flags.values())  # nothing of ours is left in the caller's flags
        assert data.figures(where=["growth > 10"]) and len(data.to_frame("2025")) > 100
        assert data.compare("exports", "imports").rows and data.check_text("Exports rose 6.1%.").ok


def test_missing_text_is_none_never_an_empty_string(data: tradecli.TradeData, invoke: Invoke) -> None:
    """README: missing values are null. An empty speaker or location was "" (so isna() found nothing)."""
    records = data.figures("all")
    assert not [(r["id"], k) for r in records for k, v in r.items() if v == ""]
    assert any(r["speaker"] is None for r in records) and any(r["speaker"] for r in records)
    shown = json.loads(invoke("show", "central-asia", "--format", "json").stdout)
    assert shown["speaker"] is None and shown["location"] is None


def test_api_rows_read_as_the_cli_json_does(data: tradecli.TradeData, invoke: Invoke) -> None:
    """Whole numbers as written (800000, not the 8E+5 that grading uses), every column in every row."""
    claims = ["trading-entities=800,000", "exports=27", "total=45 trillion yuan"]
    rows = data.check_claims(claims).rows
    assert [r["claimed"] for r in rows] == [Decimal("800000"), Decimal("27"), Decimal("45")]
    assert all(isinstance(r["claimed"], Decimal) and int(r["claimed"].as_tuple().exponent) <= 0 for r in rows)
    cli = json.loads(invoke("check", *claims, "--format", "json").stdout)["findings"]
    assert [f["claimed"] for f in cli] == [800000, 27, 45]
    compared = data.compare("surplus-usd", periods=["2024", "2025"])
    assert all(list(row) == compared.columns for row in compared.rows)
    growth_computed = next(r for r in compared.rows if r["metric"] == "growth_computed")
    assert growth_computed["2024"] is None and growth_computed["change"] is None


def test_changing_a_checked_row_changes_nothing_else(data: tradecli.TradeData) -> None:
    checked = data.check_claims(["exports=26.99"])
    for row in checked:
        row["verdict"] = "changed"
    checked.rows[0]["verdict"] = "changed too"
    assert checked.rows[0]["verdict"] == "match" and checked.summary == "1 claim: 1 match"


def test_the_clis_notes_are_warnings(data: tradecli.TradeData) -> None:
    with pytest.warns(tradecli.TradecliNote) as caught:
        data.figures(section="markets", where=["value > 100"], sort="value")
    assert {str(w.message).split(":")[0] for w in caught} == {"--where 'value > 100'", "--sort value"}
    assert all(w.filename == __file__ for w in caught)  # pointed at the caller's line
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert data.figures(section="headline")  # a plain selection warns of nothing


class _NoRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: d.get(None), "name: expected a text, got NoneType None"),
        # an object whose __repr__ raises let its RuntimeError escape; 'no' was read as descending=True
        (lambda d: d.get(_NoRepr()), "name: expected a text, got _NoRepr (no repr)"),
        (lambda d: d.figures(sort=_NoRepr()), "sort: expected a text, got _NoRepr (no repr)"),
        (lambda d: d.figures(descending="no"), "descending: expected True or False, got str 'no'"),
        (lambda d: d.check_claims(["exports=26.99"], strict=1), "strict: expected True or False, got int 1"),
        (lambda d: d.figures(limit="3"), "limit: expected a whole number, got str '3'"),
        (lambda d: d.figures(sort=["value"]), "sort: expected a text, got list ['value']"),
        (lambda d: d.figures(where=[1]), "where: expected a text or a list of texts, got list [1]"),
        (lambda d: d.check_text(b"x"), "text: expected a text, got bytes b'x'"),
        (lambda d: d.check(rules=5), "rules: expected a text or a list of texts, got int 5"),
        (lambda d: d.compare("exports", 7), "names: expected a text, got int 7"),
    ],
)
def test_arguments_of_the_wrong_type_are_usage_errors(
    data: tradecli.TradeData, call: Callable[[tradecli.TradeData], object], message: str
) -> None:
    with pytest.raises(tradecli.UsageError) as caught:
        call(data)
    assert str(caught.value) == message


def test_one_text_where_several_are_taken_is_one(data: tradecli.TradeData) -> None:
    """A bare string is one rule, period or claim, never its characters ('sum' is not s, u, m)."""
    assert data.check("sum").summary == data.check(["sum"]).summary
    with pytest.raises(tradecli.UsageError, match="or one figure and two periods"):  # one period, not '2', '0', ...
        data.compare("exports", periods="2025")
    assert data.check_claims("exports=26.99").summary == "1 claim: 1 match"
    assert data.figures(where="growth > 10") == data.figures(where=["growth > 10"])
