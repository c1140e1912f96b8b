"""Issue 11, numeric and structural classes: numbers beyond tradecli.limits, growth of -100%,
deep nesting and long reference chains end in a located error or correct output, never exit 4."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import MINIMAL_TOML, Invoke
from tradecli.checks import run_rules
from tradecli.claims import ClaimError, Origin, parse_claim, parse_quantity
from tradecli.cli import app
from tradecli.convert import Conversion, convert_row, implied_rate
from tradecli.dataset import _find_cycles, load_dataset
from tradecli.derive import implied_prior, record
from tradecli.errors import DatasetError, InputFileError
from tradecli.inputs import nesting_line, parse_toml
from tradecli.interval import round_half_up, stated
from tradecli.lexicon import _alternation
from tradecli.limits import MAX_DIGITS, MAX_MAGNITUDE, MAX_NESTING, MAX_PLACES, brief, number_problem
from tradecli.model import Dataset

WriteDataset = Callable[..., Path]
HOSTILE = ["nan", "+nan", "inf", "-inf", "1e400", "-1e400", "26.99e-999999", "1e-21", "1" + "0" * 5000,
           "26.99000000000000000000000000", "123456789012345678901"]  # fmt: skip
COMMANDS = [
    ["data", "validate"],
    ["show", "total"],
    ["list"],
    ["list", "--sort", "value"],
    ["filter", "--where", "value > 1"],
    ["compare", "total", "exports"],
    ["check", "total=10.0"],
    ["check"],
    ["list", "--format", "table"],
    ["show", "total", "--format", "json"],
]
# MINIMAL_TOML with a USD rate, so that --currency usd converts
WITH_RATE = (
    MINIMAL_TOML.replace(
        '[units."trillion yuan"]\nkind = "amount"\n',
        """[units."trillion yuan"]
kind = "amount"
scale = 1e12
currency = "CNY"

[units."trillion USD"]
kind = "amount"
scale = 1e12
currency = "USD"

[[rate]]
period = "2025"
currency = "USD"
yuan = ["total"]
foreign = ["total-usd"]
""",
    )
    + """
[[figure]]
id = "total-usd"
label = "Total in USD"
section = "headline"
flow = "total"
value = 1.4
unit = "trillion USD"
source = { ref = "doc" }
"""
)


def _fails_located(invoke: Invoke, path: Path, *args: str) -> str:
    """Run a command; it must exit 3 with one located line per problem, never a traceback."""
    result = invoke("--data", str(path), *args)
    assert result.exit_code == 3, (args, result.exit_code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"tradecli: {path}: line ")
    return result.stderr


# -- the bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_numbers_beyond_the_bounds_are_named(text: str) -> None:
    number = 10**5000 if len(text) > 4000 else int(text) if text.isdigit() else Decimal(text)
    problem = number_problem(number)
    assert problem is not None and problem.startswith("expected ")
    assert len(problem) < 120  # a 5,000-digit number is described, not quoted


@pytest.mark.parametrize(
    "text", ["0", "45.47", "-100", "1e20", "0.00000000000000000001", "12345678901234567890", "1E+3"]
)
def test_numbers_within_the_bounds_pass(text: str) -> None:
    assert number_problem(Decimal(text)) is None


def test_brief_never_converts_a_huge_int_to_text() -> None:
    assert brief(10**5000) == "a number of about 5001 digits"
    assert brief(-(10**30)) == "-1" + "0" * 30


accepted = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: number_problem(d) is None)


@given(accepted, st.sampled_from(["exact", "about", "nearly"]))
def test_an_accepted_number_lies_in_its_own_interval(number: Decimal, qualifier: str) -> None:
    """The 28-digit class: a stated number's interval was computed at 28 digits and could be empty."""
    interval = stated(number, qualifier)
    assert number in interval and interval.overlaps(interval)


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_number_problem_never_raises(number: Decimal) -> None:
    problem = number_problem(number)
    _, digits, exponent = number.as_tuple()
    inside = (
        number.is_finite()
        and (not number or number.adjusted() < MAX_MAGNITUDE)
        and len(digits) <= MAX_DIGITS
        and isinstance(exponent, int)
        and exponent >= -MAX_PLACES
    )
    assert (problem is None) == inside


def test_a_claim_of_28_digits_is_refused_with_why() -> None:
    claim = "exports=26.99000000000000000000000000"
    with pytest.raises(ClaimError, match=r"at most 20 significant digits, got .* \(28 digits\)"):
        parse_claim(claim, load_dataset().words, Origin(None, None, 1))


def test_a_claim_of_20_digits_is_exact(dataset: Dataset) -> None:
    quantity = parse_quantity("26.990000000000000000", dataset.words)
    assert quantity.number in stated(quantity.number)


def test_rounding_uses_the_precision_the_result_needs() -> None:
    """quantize used to refuse (InvalidOperation) results of more than 28 digits."""
    assert round_half_up(Decimal("333333333333333333333333333333.335"), 2) == Decimal(
        "333333333333333333333333333333.34"
    )
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")


# -- datasets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", ["value", "growth"])
def test_a_hostile_number_fails_validation_at_its_line(
    invoke: Invoke, write_dataset: WriteDataset, text: str, field: str
) -> None:
    toml = (
        MINIMAL_TOML.replace("value = 10.0\n", f"value = {text}\n")
        if field == "value"
        else MINIMAL_TOML.replace("growth = 5\n", f"growth = {text}\n")
    )
    path = write_dataset(toml)
    line = 1 + toml.splitlines().index(f"{field} = {text}")
    message = _fails_located(invoke, path, "data", "validate")
    assert message.startswith(f"tradecli: {path}: line {line}")
    assert f"field '{field}'" in message or "an integer of 5001 digits" in message
    assert "expected" in message and len(message.splitlines()) == 1


@pytest.mark.parametrize("text", ["nan", "inf", "1e400", "26.99e-999999"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_refuses_a_hostile_dataset(
    invoke: Invoke, write_dataset: WriteDataset, text: str, args: list[str]
) -> None:
    path = write_dataset(MINIMAL_TOML.replace("value = 10.0", f"value = {text}"))
    _fails_located(invoke, path, *args)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('kind = "amount"\n', 'kind = "amount"\nscale = nan\n', "[units.'trillion yuan'], field 'scale'"),
        ('kind = "amount"\n', 'kind = "amount"\nscale = 1e400\n', "[units.'trillion yuan'], field 'scale'"),
        ("[[relation]]", "[rounding]\nabout_percent = nan\n\n[[relation]]", "[rounding], field 'about_percent'"),
        ("[[relation]]", "[words.scale]\nbn = inf\n\n[[relation]]", "[words.scale], field 'bn'"),
        ("share = 60", "share = nan", "figure 'exports', field 'share'"),
        ('ref = "doc" }', 'ref = "doc", paragraph = 100000000000000000000000 }', "field 'source.paragraph'"),
    ],
)
def test_hostile_numbers_elsewhere_in_a_dataset(write_dataset: WriteDataset, old: str, new: str, where: str) -> None:
    path = write_dataset(MINIMAL_TOML.replace(old, new, 1))
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert any(where in line and "expected" in line for line in caught.value.lines()), caught.value.lines()


def test_a_5000_digit_integer_is_located(write_dataset: WriteDataset) -> None:
    """tomllib's int() raises ValueError past 4,300 digits, which used to crash even data validate."""
    path = write_dataset(MINIMAL_TOML.replace("growth = 5", "growth = " + "1" * 5000))
    with pytest.raises(
        DatasetError, match=r"line 29: an integer of 5000 digits \(expected a number smaller than 1e21\)"
    ):
        load_dataset(path)


# -- growth of -100% ---------------------------------------------------------------------------

STOPPED = MINIMAL_TOML.replace("value = 6.0\n", 'value = VALUE\ngrowth = -100\nbasis = "value"\n')


@pytest.mark.parametrize("value", ["0", "6.0"])
def test_growth_of_minus_100_leaves_derived_values_empty(write_dataset: WriteDataset, value: str) -> None:
    dataset = load_dataset(write_dataset(STOPPED.replace("VALUE", value)))
    exports = dataset.get("exports")
    assert exports is not None
    row = record(exports, dataset)
    assert implied_prior(exports, dataset) is None
    assert row["implied_prior"] is None and row["change"] is None


@pytest.mark.parametrize("value", ["0", "6.0"])
@pytest.mark.parametrize(
    "args",
    [["show", "exports"], ["list"], ["list", "--sort", "value"], ["compare", "exports", "imports"],
     ["compare", "exports", "total"], ["check"], ["check", "exports=0"], ["filter", "--where", "change > 0"],
     ["show", "exports", "--format", "json"], ["list", "--currency", "usd"]],
    ids=" ".join,
)  # fmt: skip
def test_growth_of_minus_100_never_crashes(
    invoke: Invoke, write_dataset: WriteDataset, value: str, args: list[str]
) -> None:
    path = write_dataset(WITH_RATE.replace("value = 6.0\n", f'value = {value}\ngrowth = -100\nbasis = "value"\n'))
    result = invoke("--data", str(path), *args)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr


def test_show_says_why_the_prior_value_is_empty(invoke: Invoke, write_dataset: WriteDataset) -> None:
    path = write_dataset(STOPPED.replace("VALUE", "0"))
    result = invoke("--data", str(path), "show", "exports", "--format", "json")
    assert result.exit_code == 0 and '"implied_prior": null' in result.stdout
    assert "note: exports: a growth of -100% leaves the 2024 value unknown" in result.stderr


# -- --rate --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "message"),
    [("1e-999999", "at most 20 decimal places"), ("1e999999", "smaller than 1e21"), ("nan", "a finite number"),
     ("-inf", "a finite number"), ("7.160000000000000000000001", "at most 20 significant digits")],
)  # fmt: skip
def test_a_rate_beyond_the_bounds_is_a_usage_error(
    invoke: Invoke, write_dataset: WriteDataset, rate: str, message: str
) -> None:
    result = invoke("--data", str(write_dataset(WITH_RATE)), "list", "--currency", "usd", "--rate", rate)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.startswith("tradecli: --rate: ")


def test_a_conversion_keeps_the_significant_digits(write_dataset: WriteDataset) -> None:
    """--rate 1e6 used to print 0.000 for 6.0 trillion yuan; --rate 1e20 printed zeros everywhere."""
    dataset = load_dataset(write_dataset(WITH_RATE))
    exports = dataset.get("exports")
    assert exports is not None
    for rate, expected in (("7.16", "0.84"), ("1e6", "0.0000060"), ("1e20", "0.000000000000000000060")):
        row = convert_row(record(exports, dataset), exports, dataset, Conversion("USD", Decimal(rate)))
        assert row["value"] == Decimal(expected), (rate, row["value"])


# -- claims --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["nan", "inf", "-inf", "1e400", "9" * 5000, "26.99000000000000000000000000", "0." + "0" * 30 + "1"]
)
def test_a_hostile_inline_claim_is_a_usage_error(invoke: Invoke, text: str) -> None:
    result = invoke("check", f"exports={text}")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("tradecli: claim 1 (") and "internal error" not in result.stderr


@pytest.mark.parametrize("text", [*HOSTILE, "[" * 500 + "]" * 500, "[" * 101 + "]" * 101])
@pytest.mark.parametrize("suffix", [".toml", ".csv"])
def test_a_hostile_claims_file_is_located(invoke: Invoke, tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"claims{suffix}"
    body = (
        f'[[claim]]\nfigure = "exports"\nvalue = {text}\n' if suffix == ".toml" else f"figure,value\nexports,{text}\n"
    )
    path.write_text(body, encoding="utf-8")
    result = invoke("check", "--claims", str(path))
    assert result.exit_code == 3, result.stderr
    assert re.match(rf"tradecli: {re.escape(str(path))}: line \d+: ", result.stderr), result.stderr
    assert "internal error" not in result.stderr


def test_a_toml_claim_in_exponent_form_is_read_as_its_value(tmp_path: Path, dataset: Dataset) -> None:
    from tradecli.claimfile import load_claims

    path = tmp_path / "claims.toml"
    path.write_text('[[claim]]\nfigure = "exports"\nvalue = 2.699e1\n', encoding="utf-8")
    assert load_claims(path, dataset.words)[0].quantity.number == Decimal("26.99")


# -- nesting and chains -----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 500, 5000])
def test_deep_nesting_in_a_dataset_is_located(invoke: Invoke, write_dataset: WriteDataset, depth: int) -> None:
    toml = MINIMAL_TOML.replace('aliases = ["sales abroad"]', "aliases = " + "[" * depth + "]" * depth)
    path = write_dataset(toml)
    line = 1 + toml.splitlines().index(next(x for x in toml.splitlines() if x.startswith("aliases")))
    message = _fails_located(invoke, path, "data", "validate")
    assert f"line {line}: arrays or inline tables nested more than {MAX_NESTING} levels deep" in message


def test_nesting_up_to_the_limit_parses() -> None:
    assert parse_toml("x = " + "[" * MAX_NESTING + "]" * MAX_NESTING, "f")["x"]
    with pytest.raises(InputFileError):
        parse_toml("x = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), "f")


def test_nesting_line_skips_strings_and_comments() -> None:
    text = 's = """\n[[[\n"""\nt = "\\"[[["  # [[[\nu = \'[[[\'\nx = [[\n1]]\ny = [[[\n'
    assert nesting_line(text, 2) == 8


def _chain(count: int, closed: bool = False) -> str:
    """count figures, each part of the next (c0 -> c1 -> ...), the last part of exports or of c0."""
    last = "c0" if closed else "exports"
    return MINIMAL_TOML + "".join(
        f'\n[[figure]]\nid = "c{i}"\nlabel = "C{i}"\nsection = "headline"\nflow = "exports"\nvalue = 1\n'
        f'unit = "trillion yuan"\npart_of = "{f"c{i + 1}" if i < count - 1 else last}"\nsource = {{ ref = "doc" }}\n'
        for i in range(count)
    )


@pytest.mark.parametrize(
    "args", [["data", "validate"], ["check", "--rule", "containment"], ["show", "c0"], ["list"]], ids=" ".join
)
def test_a_chain_of_1000_part_of_references_is_valid(
    invoke: Invoke, write_dataset: WriteDataset, args: list[str]
) -> None:
    result = invoke("--data", str(write_dataset(_chain(1000))), *args)
    assert result.exit_code == 0, result.stderr


def test_a_cycle_of_1000_references_is_found(write_dataset: WriteDataset) -> None:
    with pytest.raises(DatasetError, match=r"cycle among share_of/part_of/restates: c0 -> c1 -> .* -> c999 -> c0"):
        load_dataset(write_dataset(_chain(1000, closed=True)))


def test_find_cycles_reports_each_cycle_once() -> None:
    edges = {"a": ["b"], "b": ["a", "c"], "c": ["c2"], "c2": ["c"], "d": ["a"]}
    assert _find_cycles(edges) == [["a", "b", "a"], ["c", "c2", "c"]]


@pytest.mark.parametrize("names", [["a" * 3000], ["q" * n for n in range(1, 400)]], ids=["long", "prefixes"])
def test_names_of_any_length_compile(names: list[str]) -> None:
    """The regex trie was built by recursion (one frame per character) and nested a group per prefix."""
    pattern = re.compile(_alternation([*names, "usa"]))
    assert pattern.fullmatch(names[-1]) and pattern.fullmatch("usa")


def test_a_where_number_beyond_the_bounds_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("filter", "--where", "value > 1e999999 trillion yuan")
    assert result.exit_code == 2 and "column 9: expected a number smaller than 1e21" in result.stderr


# -- fuzz -------------------------------------------------------------------------------------

FUZZED_COMMANDS = (
    ["show", "exports"],
    ["list", "--sort", "value"],
    ["compare", "exports", "total"],
    ["check"],
    ["list", "--currency", "usd"],
    ["check", "exports=6.0"],
    ["filter", "--where", "growth > 0"],
)
toml_numbers = st.one_of(
    st.sampled_from(["nan", "+nan", "-nan", "inf", "+inf", "-inf", "0", "-0", "0.0", "1e0", "0e-999999"]),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-999, 999), st.integers(-999999, 999999)),
    st.builds(
        lambda d, p: f"{d}.{p}",
        st.text("0123456789", min_size=1, max_size=60).map(lambda s: s.lstrip("0") or "0"),
        st.text("0123456789", min_size=1, max_size=60),
    ),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.decimals(allow_nan=False, allow_infinity=False).map(
        lambda d: format(d, "f") if abs(d.adjusted()) < 50 else str(d).lower()
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=toml_numbers, field=st.sampled_from(["value", "growth", "share", "share_change"]))
def test_fuzz_numbers_in_a_dataset(invoke: Invoke, write_dataset: WriteDataset, number: str, field: str) -> None:
    """Any number in any numeric field: a valid dataset every command can use, or a located exit 3."""
    lines = {"value": "value = 6.0", "growth": 'growth = 1\nbasis = "value"', "share": "share = 60",
             "share_change": "share_change = 1"}  # fmt: skip
    toml = WITH_RATE.replace(
        "value = 6.0", lines[field].replace(lines[field].split("\n")[0].split(" = ")[1], number, 1), 1
    )
    path = write_dataset(toml)
    try:
        load_dataset(path)
    except DatasetError as exc:
        assert all(line.startswith(f"{path}: line ") for line in exc.lines()), exc.lines()
    for args in FUZZED_COMMANDS:
        result = invoke("--data", str(path), *args)
        assert result.exit_code in (0, 1, 2, 3), (args, result.stderr)
        assert "internal error" not in result.stderr and "NaN" not in result.stdout


@settings(max_examples=60, deadline=None)
@given(number=toml_numbers)
def test_fuzz_numbers_in_claims(number: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from tradecli.claimfile import load_claims
    from tradecli.claims import parse_inline, verify_all
    from tradecli.errors import UsageError

    dataset = load_dataset()
    with contextlib.suppress(UsageError):
        verify_all(parse_inline([f"exports={number}"], dataset.words), dataset)
    path = tmp_path_factory.mktemp("claims") / "claims.toml"
    path.write_text(f'[[claim]]\nfigure = "exports"\nvalue = {number}\n', encoding="utf-8")
    try:
        verify_all(load_claims(path, dataset.words), dataset)
    except InputFileError as exc:
        assert all(re.match(rf"{re.escape(str(path))}: line \d", line) for line in exc.lines()), exc.lines()


@pytest.mark.parametrize(
    "text",
    [
        "2025年出口9999999999999999999999999兆5829億元。",
        "Exports and imports grew 6.10000000000000000000000000001 and 5.2%, respectively, in 2025.",
        "Exports reached 26.99000000000000000000000000 trillion yuan in 2025.",
        "Exports reached " + "9" * 5000 + " trillion yuan in 2025.",
    ],
)
def test_an_article_number_beyond_the_bounds_is_not_graded(runner: CliRunner, text: str) -> None:
    """check --text reads numbers itself (2兆5829億, lists of rates): they keep to the same bounds."""
    result = runner.invoke(app, ["check", "--text", "-", "--format", "csv"], input=text)
    assert result.exit_code in (0, 1), result.stderr
    assert not any(row.split(",")[7:8] == ["exports"] for row in result.stdout.splitlines()[1:]), result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "Exports rose 1e400 percent in 2025.",  # was a certain mismatch on "400 percent"
        "Exports rose 1e9% in 2025.",
        "Exports rose \uff11e\uff19% in 2025.",
        "Exports rose 6.1e0% in 2025.",
        "Exports rose 61e-1% in 2025.",
        "Exports reached 26.99e0 trillion yuan in 2025.",
    ],
)
def test_an_article_number_in_scientific_notation_is_skipped_never_graded(runner: CliRunner, text: str) -> None:
    result = runner.invoke(app, ["check", "--text", "-", "--all", "--format", "csv", "--fields", "text,verdict,reason"],
                           input=text)  # fmt: skip
    assert result.exit_code == 0, result.stdout
    rows = [row for row in result.stdout.splitlines()[1:] if not row.startswith("2025,")]
    assert rows and all(row.endswith(",skipped,a number in scientific notation (figures are never published so)")
                        for row in rows), rows  # fmt: skip


def test_a_hyphen_after_a_word_is_no_minus_sign(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--text", "-", "--all", "--format", "csv", "--fields", "text,verdict,reason"],
                           input="COVID-19 hit trade; exports rose 6.1% in 2025.")  # fmt: skip
    assert result.stdout.splitlines()[1:3] == [
        "-19,skipped,part of a name or code (COVID-19)",
        "6.1%,match,equal to the official 6.1",
    ]


@pytest.mark.parametrize(
    ("usd", "rate"), [("1e20", "0.00000000000000000010000"), ("1e-20", "1000000000000000000000.0000")]
)
def test_an_implied_rate_keeps_its_significant_digits(write_dataset: WriteDataset, usd: str, rate: str) -> None:
    """A rate of 1e-19 rounded to 4 places was 0, and every conversion divided by zero."""
    dataset = load_dataset(write_dataset(WITH_RATE.replace("value = 1.4", f"value = {usd}")))
    assert implied_rate(dataset, "2025", "USD") == Decimal(rate)


@pytest.mark.parametrize("usd", ["0", "-1.4"])
def test_totals_that_are_not_positive_imply_no_rate(invoke: Invoke, write_dataset: WriteDataset, usd: str) -> None:
    path = write_dataset(WITH_RATE.replace("value = 1.4", f"value = {usd}"))
    result = invoke("--data", str(path), "list", "--currency", "usd", "--format", "csv")
    assert result.exit_code == 0 and "not converted: no USD rate for 2025; give --rate" in result.stdout


growth_rates = st.one_of(
    st.sampled_from(["-100", "-100.0", "-99.999999999999999999", "0", "-200", "100"]),
    st.decimals(min_value=-300, max_value=300, places=3).map(str),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    growths=st.tuples(growth_rates, growth_rates, growth_rates),
    values=st.tuples(*[st.sampled_from(["0", "6.0", "0.00000000000000000001", "99999999999999999999", "-5"])] * 2),
    share_change=st.sampled_from(["0", "1.5", "-3", "99999999999999999999"]),
)
def test_fuzz_growth_rates_through_the_rules(
    invoke: Invoke, write_dataset: WriteDataset, growths: tuple[str, ...], values: tuple[str, ...], share_change: str
) -> None:
    """Growth of -100% (and beyond, and next to it) in parts and whole: every rule and derived value copes."""
    exports, imports, total = growths
    toml = WITH_RATE.replace(
        "value = 6.0\n", f'value = {values[0]}\ngrowth = {exports}\nbasis = "value"\nshare_change = {share_change}\n', 1
    )
    toml = toml.replace("value = 4.0\n", f'value = {values[1]}\ngrowth = {imports}\nbasis = "value"\n', 1)
    path = write_dataset(toml.replace("growth = 5\n", f"growth = {total}\n", 1))
    assert run_rules(load_dataset(path))
    for args in (
        ["check", "--format", "json"],
        ["compare", "exports", "imports", "total"],
        ["list", "--sort", "change"],
    ):
        result = invoke("--data", str(path), *args)
        assert result.exit_code in (0, 1), (args, result.stderr)


def test_a_rate_that_converts_beyond_the_bounds_is_a_usage_error(runner: CliRunner) -> None:
    """1e-20 is a valid number, but 45.47 trillion yuan at it is 4.5e21 trillion dollars: never computed with."""
    result = runner.invoke(app, ["list", "--currency", "usd", "--rate", "1e-20", "--format", "csv"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("tradecli: --rate 0.00000000000000000001: 45.47 converts to ")
    assert "beyond the numbers tradecli computes with" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Exports reached 2\u200b6.99 trillion yuan in 2025.", "a number broken by an invisible character"),
        ("Total trade was 45 470 billion yuan in 2025.", "digits grouped by a space or an apostrophe"),
        ("Total trade was 45\u00a0470 billion yuan in 2025.", "digits grouped by a space or an apostrophe"),
        ("Total trade was 45'470 billion yuan in 2025.", "digits grouped by a space or an apostrophe"),
    ],
)
def test_a_number_split_in_two_is_skipped_not_graded_as_its_tail(runner: CliRunner, text: str, reason: str) -> None:
    """2\u200b6.99 was graded as 6.99 (a certain mismatch) and 45 470 billion as 470 billion."""
    result = runner.invoke(app, ["check", "--text", "-", "--all", "--format", "csv", "--fields", "text,verdict,reason"],
                           input=text)  # fmt: skip
    assert result.exit_code == 0, result.stdout
    rows = [row for row in result.stdout.splitlines()[1:] if not row.startswith("2025,")]
    assert len(rows) == 2 and all(f",skipped,{reason}" in row for row in rows), rows
