"""Full-width digits, points and signs (typed in CJK width) are numbers wherever numbers are read:
claims on the command line and in files, --where, and check --text (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Invoke
from tradecli.claims import parse_quantity
from tradecli.fullwidth import ascii_digits, ascii_number
from tradecli.model import Dataset
from tradecli.query import WhereError, parse_where

WIDE = str.maketrans("0123456789.%+-<=>", "".join(chr(c) for c in [*range(0xFF10, 0xFF1A), 0xFF0E, 0xFF05,
                     0xFF0B, 0xFF0D, 0xFF1C, 0xFF1D, 0xFF1E]))  # fmt: skip


def wide(text: str) -> str:
    """ASCII digits, points, signs and operators in their full-width forms."""
    return text.translate(WIDE)


def test_the_wide_forms_are_the_ones_people_type() -> None:
    assert wide("45.47") == "\uff14\uff15\uff0e\uff14\uff17" and wide("6.1%") == "\uff16\uff0e\uff11\uff05"


@given(st.text(max_size=40))
def test_normalising_keeps_every_position(text: str) -> None:
    assert len(ascii_number(text)) == len(text) == len(ascii_digits(text))
    assert ascii_number(wide(text)) == ascii_number(text)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
       st.sampled_from(["", "%", " trillion yuan", "万亿元", " pp"]))  # fmt: skip
def test_a_wide_quantity_is_the_ascii_one(dataset: Dataset, number: Decimal, unit: str) -> None:
    written = f"{number}{unit}"
    assert parse_quantity(wide(written), dataset.words) == parse_quantity(written, dataset.words)._replace(
        text=wide(written)
    )


@given(st.sampled_from(["growth", "value", "share"]), st.sampled_from(["<", ">", "<=", ">=", "="]),
       st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000))  # fmt: skip
def test_a_wide_where_is_the_ascii_one(field: str, op: str, number: Decimal) -> None:
    assert parse_where(f"{field} {wide(op)} {wide(str(number))}") == parse_where(f"{field} {op} {number}")


def test_where_errors_keep_the_columns_and_words_as_typed() -> None:
    with pytest.raises(WhereError) as caught:
        parse_where(f"value > {wide('45')} zorks")
    assert caught.value.column == 12 and f"--where 'value > {wide('45')} zorks'" in str(caught.value)
    with pytest.raises(WhereError, match=r"got '\uff11\uff10\uff0e\uff15 x'") as caught:
        parse_where(f"growth > {wide('10.5')} x")
    assert caught.value.column == 10


@pytest.mark.parametrize(
    ("claim", "claimed"),
    [
        (f"exports={wide('26.99')}", "26.99"),
        (f"exports growth={wide('6.1%')}", "6.1"),
        (f"total{wide('=45.47')}万亿元", "45.47"),
        (f"us-exports-usd growth={wide('-20')}", "-20"),
        (f"trading-partners {wide('>')} {wide('240')}", "240"),
    ],
)
def test_wide_claims_on_the_command_line(invoke: Invoke, claim: str, claimed: str) -> None:
    result = invoke("check", claim, "--fields", "claim,verdict,claimed")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[1] == f"{claim},match,{claimed}"


def test_wide_claims_in_files(invoke: Invoke, write_dataset: Callable[..., Path]) -> None:
    rows = f"exports,,{wide('26.99')},\nexports,growth,{wide('6.1')},{wide('%')}\n"
    csv = write_dataset("figure,field,value,unit\n" + rows, "claims.csv")
    toml = write_dataset(f'[[claim]]\nfigure = "imports"\nvalue = "{wide("18.48")}万亿元"\n', "claims.toml")
    for path, verdicts in ((csv, ["match", "match"]), (toml, ["match"])):
        result = invoke("check", "--claims", str(path), "--fields", "verdict")
        assert result.exit_code == 0 and result.stdout.splitlines()[1:] == verdicts, result.stdout + result.stderr


def test_wide_where_on_the_command_line(invoke: Invoke) -> None:
    narrow = invoke("filter", "--where", "growth > 10.5", "--fields", "id")
    assert narrow.exit_code == 0 and narrow.stdout.count("\n") > 2
    for where in (f"growth > {wide('10.5')}", f"growth {wide('>')} {wide('10.5')}"):
        assert invoke("filter", "--where", where, "--fields", "id").stdout == narrow.stdout
    result = invoke("filter", "--where", f"value > {wide('45')} 万亿元", "--fields", "id,value")
    assert result.stdout == "id,value\ntotal,45.47\n"


def test_wide_figures_in_articles(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        f"2025年我国货物贸易进出口{wide('45.47')}万亿元\uff0c出口增长{wide('6.1%')}。\n", encoding="utf-8"
    )
    result = invoke("check", "--text", str(article), "--fields", "text,verdict")
    assert result.exit_code == 0 and result.stdout.splitlines()[1:] == [
        f"{wide('45.47')}万亿元,match",
        f"{wide('6.1%')},match",
    ], result.stdout
