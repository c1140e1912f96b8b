"""Writing datasets: list/filter --format toml, data fmt, data info (tradecli.export)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tradecli.cli import app
from tradecli.dataset import parse_dataset
from tradecli.derive import record
from tradecli.errors import DatasetError, UsageError
from tradecli.export import (
    TOP_LEVEL_ORDER,
    canonical,
    comments,
    counts,
    dumps,
    exact,
    export_selection,
    format_dataset,
    selection_document,
)
from tradecli.header import bundled_path
from tradecli.model import FIELDS, Dataset, Figure

from .conftest import META, MINIMAL_TOML, Invoke

BUNDLED_TEXT = bundled_path().read_text(encoding="utf-8")
BUNDLED, DOCUMENT = parse_dataset(BUNDLED_TEXT, str(bundled_path()))
CANONICAL_MINIMAL = format_dataset(MINIMAL_TOML, "minimal")


def _records(dataset: Dataset, figures: list[Figure]) -> list[dict[str, object]]:
    """Every field of these figures, stated and derived, with numbers as written ('8' is not '8.0')."""
    rows = []
    for figure in figures:
        row = record(figure, dataset)
        rows.append({k: str(v) if isinstance(v, Decimal) else v for k, v in row.items()})
    return rows


def _same_figures(selection: list[Figure], text: str) -> None:
    written = parse_dataset(text, "<written>")[0]
    again = [written.get(f.id, f.period) for f in selection]
    assert all(g is not None for g in again)
    assert _records(written, [g for g in again if g is not None]) == _records(BUNDLED, selection)


# -- --format toml: a selection as a dataset ------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(BUNDLED.figures), min_size=1, max_size=12, unique_by=lambda f: (f.id, f.period)))
def test_a_selection_reads_back_as_the_same_figures(selection: list[Figure]) -> None:
    """Every field, stated and derived (shares of the total, implied prior values), survives; what is
    written is already canonical."""
    text = export_selection(DOCUMENT, BUNDLED, selection)
    _same_figures(selection, text)
    assert format_dataset(text, "x") == text


def test_the_whole_bundled_dataset_survives_a_round_trip() -> None:
    text = export_selection(DOCUMENT, BUNDLED, list(BUNDLED.figures))
    assert exact(parse_dataset(text, "x")[1]) == exact(DOCUMENT)
    _same_figures(list(BUNDLED.figures), text)


def test_a_selection_brings_what_its_figures_need_and_nothing_else() -> None:
    chosen = [f for f in BUNDLED.figures if f.id == "exports-usd" and f.period == "2025"]
    document = selection_document(DOCUMENT, BUNDLED, chosen)
    ids = {(r["id"], r.get("period", "2025")) for r in document["figure"]}
    assert ("exports", "2025") in ids  # its counterpart: a reference must name a figure of the file
    assert ("total", "2024") in ids  # every version of the total, so shares of it are the same
    assert ("imports-usd", "2025") not in ids
    cited = {r["source"]["ref"] for r in document["figure"]} | {
        a for r in document["figure"] for a in r["source"].get("also", [])
    }
    assert set(document["sources"]) == cited
    assert set(document["units"]) == {r["unit"] for r in document["figure"] if "unit" in r}
    assert all({rel["whole"], *rel["parts"]} <= {i for i, _ in ids} for rel in document.get("relation", []))
    assert "rate" not in document  # the 2025 rate needs imports-usd
    assert document["words"] == DOCUMENT["words"] and document["rounding"] == DOCUMENT["rounding"]


def test_relations_and_rates_come_when_all_their_figures_do() -> None:
    wanted = {"total", "exports", "imports", "exports-usd", "imports-usd"}
    chosen = [f for f in BUNDLED.figures if f.id in wanted and f.period == "2025"]
    document = selection_document(DOCUMENT, BUNDLED, chosen)
    assert {"kind": "sum", "whole": "total", "parts": ["exports", "imports"]} in document["relation"]
    assert [r["period"] for r in document["rate"]] == ["2025"]


@pytest.mark.parametrize(
    ("stated", "written"),
    [("8", "growth = 8\n"), ("8.0", "growth = 8.0\n"), ("20.0", "growth = 20.0\n"), ("0.50", "growth = 0.50\n")],
)
def test_stated_precision_survives(write_dataset: Callable[[str], Path], stated: str, written: str) -> None:
    text = MINIMAL_TOML.replace("growth = 5", f"growth = {stated}")
    dataset, document = parse_dataset(text, "x")
    out = export_selection(document, dataset, list(dataset.figures))
    assert written in out
    assert str(parse_dataset(out, "y")[0].figures[0].growth) == stated


def test_whole_decimals_from_the_model_are_written_as_integers() -> None:
    """tomli_w writes Decimal('8') as 8.0, a different statement; dumps writes 8."""
    document = {**parse_dataset(MINIMAL_TOML, "x")[1]}
    document["figure"] = [{**document["figure"][0], "growth": Decimal("8"), "value": Decimal("1E+1")}]
    text = dumps(document)
    assert "growth = 8\n" in text and "value = 1e+1\n" in text


def test_exact_tells_stated_precision_apart() -> None:
    assert exact({"a": [Decimal("8.0")]}) != exact({"a": [Decimal("8")]})
    assert exact({"a": [Decimal("8.0")]}) == exact({"a": [Decimal("8.0")]})


def test_an_empty_selection_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no figures selected"):
        export_selection(DOCUMENT, BUNDLED, [])


def test_list_format_toml_reads_back_with_data(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "markets.toml"
    written = invoke("list", "--section", "markets", "--period", "all", "--format", "toml")
    assert written.exit_code == 0, written.stderr
    out.write_text(written.stdout, encoding="utf-8")
    before = json.loads(invoke("list", "--section", "markets", "--period", "all", "-f", "json").stdout)
    after = json.loads(
        invoke("--data", str(out), "list", "--section", "markets", "--period", "all", "-f", "json").stdout
    )
    assert before and after == before


def test_filter_format_toml_reads_back_with_data(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "fast.toml"
    args = ["filter", "--where", "growth > 10", "--period", "all"]
    out.write_text(invoke(*args, "--format", "toml").stdout, encoding="utf-8")
    every = ",".join(field for field in FIELDS if field != "conversion")
    before = json.loads(invoke(*args, "-f", "json", "--fields", every).stdout)
    after = json.loads(invoke("--data", str(out), *args, "-f", "json", "--fields", every).stdout)
    assert before and after == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--fields", "id"], "--fields cannot be used with --format toml"),
        (["list", "--currency", "usd"], "--currency cannot be used with --format toml"),
        (["filter", "--where", "growth > 1000"], "no figures selected"),
    ],
)
def test_format_toml_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args, "--format", "toml")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_format_toml_is_only_for_listings(invoke: Invoke) -> None:
    assert invoke("show", "exports", "--format", "toml").exit_code == 2
    assert invoke("data", "info", "--format", "toml").exit_code == 2


# -- data fmt ----------------------------------------------------------------------------------


def test_canonical_form_states_the_same_dataset() -> None:
    formatted = format_dataset(BUNDLED_TEXT, "b")
    assert exact(parse_dataset(formatted, "b")[1]) == exact(DOCUMENT)
    assert format_dataset(formatted, "b") == formatted  # canonical is a fixed point
    again = parse_dataset(formatted, "b")[0]
    assert _records(again, list(again.figures)) == _records(BUNDLED, list(BUNDLED.figures))
    assert (again.relations, again.rates, again.units, again.words) == (
        BUNDLED.relations,
        BUNDLED.rates,
        BUNDLED.units,
        BUNDLED.words,
    )


def _shuffled(document: dict[str, Any], order: list[int]) -> dict[str, Any]:
    """The document with its tables and each table's keys in another order."""

    def turn(table: dict[str, Any]) -> dict[str, Any]:
        keys = list(table)
        return {keys[(i + order[0]) % len(keys)]: table[keys[(i + order[0]) % len(keys)]] for i in range(len(keys))}

    shuffled = {key: document[key] for key in sorted(document, key=lambda k: order[len(k) % len(order)] + len(k))}
    shuffled["dataset"] = turn(shuffled["dataset"])
    shuffled["figure"] = [turn(f) for f in shuffled["figure"]]
    return shuffled


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=3, max_size=3))
def test_canonical_form_does_not_depend_on_the_order_written(order: list[int]) -> None:
    import tomli_w

    document = parse_dataset(MINIMAL_TOML, "x")[1]
    text = tomli_w.dumps(_shuffled(document, order))
    assert format_dataset(text, "x") == CANONICAL_MINIMAL
    assert list(canonical(parse_dataset(text, "x")[1])) == [t for t in TOP_LEVEL_ORDER if t in document]


def test_canonical_form_puts_each_figure_in_one_block() -> None:
    """A figure starts at its id and its source follows as dotted keys, so problems are located by line."""
    assert 'source.ref = "doc"\nsource.speaker = "Someone"' in CANONICAL_MINIMAL
    assert CANONICAL_MINIMAL.startswith('[dataset]\ntitle = "test"\nversion = "1"\ndate = 2026-01-14\n')
    broken = CANONICAL_MINIMAL.replace('basis = "value"', 'basis = "cost"')
    with pytest.raises(DatasetError) as caught:
        parse_dataset(broken, "x")
    line = broken.splitlines().index('id = "total"') + 1
    assert caught.value.lines()[0].startswith(f"x: line {line}, figure 'total'")


def test_comments_are_found_outside_strings() -> None:
    text = '# head\na = "# not a comment"  # tail\nb = """\n# not either\n"""\nc = 1\n'
    assert comments(text) == [1, 2]
    assert comments(MINIMAL_TOML) == []


def test_fmt_rewrites_a_file_in_place(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset(MINIMAL_TOML)
    result = invoke("data", "fmt", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert path.read_text(encoding="utf-8") == CANONICAL_MINIMAL
    assert invoke("data", "fmt", "--check", str(path)).exit_code == 0


def test_fmt_check_shows_what_would_change(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset(MINIMAL_TOML)
    result = invoke("data", "fmt", "--check", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path}\n+++ {path} (canonical)\n")
    assert '-source = { ref = "doc" }\n' in result.stdout
    assert result.stderr == f"{path}: not in canonical form (run 'tradecli data fmt' on it)\n"
    assert path.read_text(encoding="utf-8") == MINIMAL_TOML  # --check changes nothing


def test_fmt_check_on_the_bundled_file(invoke: Invoke) -> None:
    """The bundled file keeps its comments and hand layout, so it is not canonical (README, data fmt)."""
    result = invoke("data", "fmt", "--check", str(bundled_path()))
    assert result.exit_code == 1 and "-# China's 2025 goods trade" in result.stdout


def test_fmt_refuses_to_drop_comments_without_force(invoke: Invoke, write_dataset: Callable[[str], Path]) -> None:
    text = "# my notes\n" + MINIMAL_TOML
    path = write_dataset(text)
    result = invoke("data", "fmt", str(path))
    assert result.exit_code == 2
    assert (
        result.stderr == f"tradecli: {path} has comments (line 1), which a rewrite drops; pass --force to drop them\n"
    )
    assert path.read_text(encoding="utf-8") == text
    assert invoke("data", "fmt", "--force", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == CANONICAL_MINIMAL


def test_fmt_reads_stdin_and_writes_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "fmt", "-"], input=MINIMAL_TOML)
    assert (result.exit_code, result.stdout) == (0, CANONICAL_MINIMAL)
    checked = runner.invoke(app, ["data", "fmt", "--check", "-"], input=CANONICAL_MINIMAL)
    assert (checked.exit_code, checked.stdout) == (0, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[dataset\n", "line 1, column 9: malformed TOML"),
        (MINIMAL_TOML.replace('basis = "value"', 'basis = "cost"'), "field 'basis': unknown basis 'cost'"),
        (MINIMAL_TOML.replace(META, 'version = "1"'), "[dataset], field 'date': missing required field"),
    ],
)
def test_fmt_refuses_an_invalid_dataset(
    invoke: Invoke, write_dataset: Callable[[str], Path], text: str, expected: str
) -> None:
    path = write_dataset(text)
    result = invoke("data", "fmt", str(path))
    assert result.exit_code == 3 and expected in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_fmt_of_a_missing_file_is_exit_3(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("data", "fmt", str(tmp_path / "nope.toml"))
    assert result.exit_code == 3 and result.stderr == f"tradecli: {tmp_path / 'nope.toml'}: file: no such file\n"


def test_fmt_that_cannot_write_is_exit_5(
    invoke: Invoke, write_dataset: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr("tradecli.outfile._replace", full)
    path = write_dataset(MINIMAL_TOML)
    result = invoke("data", "fmt", str(path))
    assert result.exit_code == 5
    assert result.stderr == f"tradecli: data fmt: cannot write {path} (No space left on device)\n"
    assert path.read_text(encoding="utf-8") == MINIMAL_TOML


# -- data info and metadata ----------------------------------------------------------------------


def test_counts_by_period_tier_and_section() -> None:
    dataset = parse_dataset(MINIMAL_TOML, "x")[0]
    rows = {(r["what"], r["name"]): r["count"] for r in counts(dataset)}
    assert rows[("version", "1")] is None and ("date", "2026-01-14") in rows
    assert rows[("figures", "all")] == rows[("period", "2025")] == rows[("section", "headline")] == 3
    assert rows[("tier", "briefing")] == 3 and rows[("relations", "all")] == 1


def test_data_info_formats(invoke: Invoke) -> None:
    rows = json.loads(invoke("data", "info", "--format", "json").stdout)
    by = {(r["what"], r["name"]): r["count"] for r in rows}
    assert ("version", "2025.2") in by and ("date", "2026-01-14") in by
    assert by[("figures", "all")] == len(BUNDLED.figures)
    assert sum(c for (what, _), c in by.items() if what == "period") == len(BUNDLED.figures)
    assert sum(c for (what, _), c in by.items() if what == "tier") == len(BUNDLED.figures)
    csv = invoke("data", "info", "--format", "csv").stdout.splitlines()
    assert csv[0] == "what,name,count" and "version,2025.2," in csv


def test_data_info_of_a_dataset_without_metadata_is_exit_3(
    invoke: Invoke, write_dataset: Callable[[str], Path]
) -> None:
    path = write_dataset(MINIMAL_TOML.replace(META, "date = 2026-01-14"))
    result = invoke("data", "info", str(path))
    assert result.exit_code == 3
    assert result.stderr == f"tradecli: {path}: [dataset], field 'version': missing required field\n"


def test_fmt_refuses_to_rewrite_what_is_no_regular_file(invoke: Invoke, tmp_path: Path) -> None:
    """A FIFO was read, then opened for writing, which blocked until something read it."""
    import os

    fifo = tmp_path / "data.toml"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")):
        result = invoke("data", "fmt", str(target))
        assert result.exit_code == 3 and result.stdout == ""
        assert result.stderr == (f"tradecli: {target}: file: is not a regular file, so it cannot be rewritten in "
                                 "place; use - to read stdin and write stdout\n")  # fmt: skip
