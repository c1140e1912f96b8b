"""Claims files cost time in proportion to their size (issue 11): the header check, the lines of
a TOML file's claims and the 'did you mean' of unknown names. These tests assert the algorithm
(what is counted, scanned or looked up, and how often), never a time: benchmarks/input_scaling.py
times whole processes. One test runs a header that a quadratic check would never finish, as a
process with a generous timeout."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tradecli.dataset as data_module
import tradecli.errors as errors_module
from tradecli import claimfile, lookup
from tradecli.claimfile import MAX_UNKNOWN_COLUMNS, load_claims
from tradecli.claims import MAX_SUGGESTED, Names, verify_all
from tradecli.errors import InputFileError
from tradecli.model import Dataset

TRADECLI = str(Path(sys.executable).with_name("tradecli"))


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[Any]:
    """Replace module.name with a wrapper that records its first argument on each call."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1] if name in ("look_up", "similar_ids") else args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


# -- the CSV header ------------------------------------------------------------------------------------


def test_a_header_of_many_columns_names_a_few_and_counts_the_rest(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(",".join(f"c{i}" for i in range(500)) + ",figure,figure\nexports,1\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_claims(path, dataset.words)
    lines = caught.value.lines()
    assert len(lines) == MAX_UNKNOWN_COLUMNS + 3, lines
    assert lines[0] == f"{path}: line 1: unknown column 'c0' (expected: figure, field, value, unit, period)"
    assert (
        lines[MAX_UNKNOWN_COLUMNS]
        == f"{path}: line 1: and 490 more unknown columns (expected: figure, field, value, unit, period)"
    )
    assert lines[-2].endswith("missing column 'value'; expected a header row 'figure,field,value,unit,period' "
                              "(field, unit and period are optional) and one claim per row")  # fmt: skip
    assert lines[-1] == f"{path}: line 1: column 'figure' appears more than once"


def test_a_header_asks_for_each_suggestion_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 dataset: Dataset) -> None:  # fmt: skip
    asked = _counting(monkeypatch, claimfile, "did_you_mean")
    path = tmp_path / "claims.csv"
    path.write_text("figure,valeu," + ",".join(["x"] * 5000) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError):
        load_claims(path, dataset.words)
    assert asked == ["valeu", "x"]


def test_a_100000_column_header_is_rejected_quickly(tmp_path: Path) -> None:
    """A count per column (the old check) takes 10^10 steps here: minutes, against a fraction of a second."""
    path = tmp_path / "wide.csv"
    path.write_text("figure,value," + ",".join(["field"] * 100_000) + "\nexports,1\n", encoding="utf-8")
    result = subprocess.run([TRADECLI, "check", "--claims", str(path)], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL, check=False)  # fmt: skip
    assert result.returncode == 3
    assert result.stderr == f"tradecli: {path}: line 1: column 'field' appears more than once\n"


# -- lines of TOML claims ------------------------------------------------------------------------------


class Counted(str):
    """Text that adds up how many characters str.count scans: the lines of n claims must cost one
    pass over the file, not one pass per claim."""

    scanned = 0

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:
        begin = 0 if start is None else start
        stop = len(self) if end is None else end
        Counted.scanned += max(0, stop - begin)
        return super().count(sub, start, end)


def test_toml_claim_lines_are_counted_in_one_pass() -> None:
    text = Counted("# claims\n\n" + "".join(f'[[claim]]\nfigure = "x{i}"\nvalue = {i}\n\n' for i in range(2000)))
    Counted.scanned = 0
    lines = list(claimfile._header_lines(text))
    assert lines[:3] == [3, 7, 11] and lines[-1] == 3 + 4 * 1999
    assert Counted.scanned <= len(text), f"scanned {Counted.scanned} characters of {len(text)}"


def test_toml_claims_are_located_by_their_header(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(
        '# a comment\n[[claim]]\nfigure = "exports"\nvalue = 26.99\n\n  [[ claim ]]\nfigure = "exports"\n'
        'value = "lots"\n[[claim]]\nfigure = "imports"\nvalue = 18.48\ncolour = 1\n',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as caught:
        load_claims(path, dataset.words)
    assert [line.split(": ")[1] for line in caught.value.lines()] == ["line 6", "line 9"]


# -- names: each distinct one looked up once, suggestions bounded --------------------------------------


def _claims(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "claims.csv"
    path.write_text("figure,value\n" + "".join(f"{n},26.99\n" for n in names), encoding="utf-8")
    return path


def test_a_repeated_name_is_looked_up_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           dataset: Dataset) -> None:  # fmt: skip
    looked_up = _counting(monkeypatch, lookup, "look_up")
    suggested = _counting(monkeypatch, lookup, "similar_ids")
    claims = load_claims(_claims(tmp_path, ["exprots"] * 3000 + ["exports"] * 3000), dataset.words)
    results = verify_all(claims, dataset)
    assert looked_up == ["exprots"] and suggested == ["exprots"]
    assert {r.verdict for r in results[:3000]} == {"unknown-figure"}
    assert results[0].reason == "no figure named 'exprots'; did you mean 'exports' or 'exports-usd'?"
    assert results[2999] == results[0]._replace(claim=results[2999].claim)
    assert {r.verdict for r in results[3000:]} == {"match"}


def test_suggestions_stop_after_the_first_unknown_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        dataset: Dataset) -> None:  # fmt: skip
    suggested = _counting(monkeypatch, lookup, "similar_ids")
    names = [f"exprots{i}" for i in range(MAX_SUGGESTED + 400)]
    results = verify_all(load_claims(_claims(tmp_path, names), dataset.words), dataset)
    assert len(suggested) == MAX_SUGGESTED
    assert results[0].reason == "no figure named 'exprots0'; did you mean 'exports' or 'exports-usd'?"
    assert results[MAX_SUGGESTED].reason == (
        f"no figure named 'exprots{MAX_SUGGESTED}'; run tradecli list to see every id "
        f"(names are suggested for the first {MAX_SUGGESTED} unknown ones)"
    )
    assert results[-1].verdict == "unknown-figure"


def test_names_are_found_without_a_pass_over_the_figures(dataset: Dataset) -> None:
    """A name is one dictionary look-up: the figures' names are read once per dataset."""
    data_module._by_name.cache_clear()
    lookup._names.cache_clear()
    names = Names(dataset)
    for _ in range(3):
        for name in ("exports", "EXPORTS", "B&R", "new three", "exports to the US"):
            assert names(name).figure is not None, name
    assert data_module._by_name.cache_info().misses == 1
    assert lookup.by_name(dataset, "Exports  USD") == ("exports-usd",)
    assert lookup._names.cache_info().misses == 1


def test_a_repeated_mistake_is_compared_once(monkeypatch: pytest.MonkeyPatch,
                                             write_dataset: Callable[[str], Path]) -> None:  # fmt: skip
    """A misspelt key in each of 2,000 figures: one difflib pass, 2,000 located problems."""
    import difflib

    from tests.conftest import MINIMAL_TOML
    from tradecli.errors import DatasetError

    compared = _counting(monkeypatch, difflib, "get_close_matches")
    errors_module._close_matches.cache_clear()
    figures = "".join(
        f'\n[[figure]]\nid = "x{i}"\nlabel = "X"\nsection = "headline"\nflow = "exports"\nvalu = 1.0\n'
        f'unit = "trillion yuan"\nsource = {{ ref = "doc" }}\n'
        for i in range(2000)
    )
    with pytest.raises(DatasetError) as caught:
        data_module.load_dataset(write_dataset(MINIMAL_TOML + figures))
    unknown = [line for line in caught.value.lines() if "field 'valu': unknown field" in line]
    assert len(unknown) == 2000 and "did you mean 'value'?" in unknown[-1]
    assert compared.count("valu") == 1
