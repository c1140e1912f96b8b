"""Claims: our own parser for quantities and claims, unit normalisation, and every verdict."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.claims import (
    Claim,
    ClaimError,
    Origin,
    Said,
    field_name,
    grade,
    parse_claim,
    parse_inline,
    parse_quantity,
    verify,
    verify_all,
)
from tradecli.dataset import load_dataset
from tradecli.errors import InputFileError, UsageError
from tradecli.interval import round_half_up, step
from tradecli.model import Dataset, Words

D = Decimal
ARG = Origin(None, None, 1)


def check(dataset: Dataset, text: str) -> tuple[str, str]:
    result = verify(parse_claim(text, dataset.words, ARG), dataset)
    return result.verdict, result.reason


@pytest.mark.parametrize(
    ("text", "number", "scale", "currency", "percent", "qualifier"),
    [
        ("26.99", "26.99", None, None, None, "exact"),
        ("7.6 trillion yuan", "7.6", "1e12", "CNY", None, "exact"),
        ("CNY 7.6 trillion", "7.6", "1e12", "CNY", None, "exact"),
        ("RMB7.6tn", "7.6", "1e12", "CNY", None, "exact"),
        ("7550 bn RMB", "7.55E+3", "1e9", "CNY", None, "exact"),
        ("75,500 100 million yuan", "7.55E+4", "1e8", "CNY", None, "exact"),
        ("7,550.0 bn", "7550.0", "1e9", None, None, "exact"),
        ("$6.35 trillion", "6.35", "1e12", "USD", None, "exact"),
        ("57%", "57", None, None, "percent", "exact"),
        ("57 per cent", "57", None, None, "percent", "exact"),
        ("1.4 percentage points", "1.4", None, None, "points", "exact"),
        ("1.4pp", "1.4", None, None, "points", "exact"),
        ("more than 780,000", "7.8E+5", None, None, None, "more than"),
        ("over 240", "2.4E+2", None, None, None, "more than"),
        ("> 240", "2.4E+2", None, None, None, "more than"),
        ("about 45 trillion yuan", "45", "1e12", "CNY", None, "about"),
        ("  Nearly   8 %  ", "8", None, None, "percent", "nearly"),
    ],
)
def test_quantities_are_read_with_their_words(
    dataset: Dataset,
    text: str,
    number: str,
    scale: str | None,
    currency: str | None,
    percent: str | None,
    qualifier: str,
) -> None:
    quantity = parse_quantity(text, dataset.words)
    assert str(quantity.number) == number  # precision kept exactly as written
    assert quantity.scale == (D(scale) if scale else None)
    assert (quantity.currency, quantity.percent, quantity.qualifier) == (currency, percent, qualifier)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no number"),
        ("trillion", "no number"),
        ("7.6 7.7", "more than one number"),
        ("7.6 gazillion", "unexpected 'gazillion' after the number"),
        ("frobs 7.6", "unexpected 'frobs' before the number"),
        ("7.6 trillion billion", "two scale words"),
        ("$7.6 usd", "gives a currency twice"),
        ("7.6tnx", "unexpected 'tnx'"),
    ],
)
def test_bad_quantities_say_what_was_expected(dataset: Dataset, text: str, message: str) -> None:
    with pytest.raises(ClaimError, match=message):
        parse_quantity(text, dataset.words)


@given(
    st.decimals(min_value=D("0"), max_value=D("1e9"), places=3, allow_nan=False),
    st.sampled_from(["", " trillion yuan", "%", " pp", " bn", " CNY"]),
)
def test_any_written_number_reads_back_exactly(number: Decimal, unit: str) -> None:
    words = _words()
    written = format(number, "f")
    parsed = parse_quantity(written + unit, words).number
    assert parsed == number
    if "." in written:
        assert str(parsed) == written  # decimals are kept exactly as written: 7.60 stays 7.60


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_claim_error(text: str) -> None:
    with contextlib.suppress(ClaimError):
        parse_claim(text, _words(), ARG)


def _words() -> Words:
    """The bundled dataset's words (hypothesis tests cannot take function-scoped fixtures)."""
    return load_dataset().words


@pytest.mark.parametrize(
    ("text", "figure", "field"),
    [
        ("exports=26.99", "exports", "value"),
        ("exports growth=6.1%", "exports", "growth"),
        ("Private-Enterprises share = 57%", "private-enterprises", "share"),
        ("private label share change=1.4pp", "private label", "share_change"),
        ("total trade = 45.47", "total trade", "value"),
        ("asean value=7.55", "asean", "value"),
    ],
)
def test_claims_name_a_figure_and_a_field(dataset: Dataset, text: str, figure: str, field: str) -> None:
    claim = parse_claim(text, dataset.words, ARG)
    assert (claim.figure, claim.field) == (figure, field)


@pytest.mark.parametrize(
    ("text", "qualifier", "verdict"),
    [
        ("trading-partners > 240", "more than", "match"),
        ("trading-entities>=780,000", "at least", "rounded"),
        ("total ~ 45 tn yuan", "about", "rounded"),
        ("trading-partners > 250", "more than", "unverifiable"),
        ("trading-partners < 200", "less than", "mismatch"),
    ],
)
def test_comparison_operators_are_qualifiers(dataset: Dataset, text: str, qualifier: str, verdict: str) -> None:
    claim = parse_claim(text, dataset.words, ARG)
    assert claim.quantity.qualifier == qualifier
    assert verify(claim, dataset).verdict == verdict


def test_unsupported_comparison_is_named(dataset: Dataset) -> None:
    with pytest.raises(ClaimError, match="unsupported comparison '<=' in 'total<=46'; use one of: =, <, >, >=, ~"):
        parse_claim("total<=46", dataset.words, ARG)


def test_field_names_and_defaults() -> None:
    assert field_name(None) == "value"
    assert field_name("Share-Change") == "share_change"
    with pytest.raises(ClaimError, match="unknown field 'size'"):
        field_name("size")


def test_a_claim_without_equals_sign_is_rejected(dataset: Dataset) -> None:
    with pytest.raises(ClaimError, match=r"expected FIGURE \[FIELD\]=VALUE"):
        parse_claim("exports 26.99", dataset.words, ARG)
    with pytest.raises(ClaimError, match="no figure before"):
        parse_claim("=26.99", dataset.words, ARG)


@pytest.mark.parametrize(
    ("text", "verdict", "reason"),
    [
        ("exports=26.99", "match", "equal to the official 26.99"),
        ("exports growth=6.1%", "match", "equal"),
        ("asean=7.55 trillion yuan", "match", "equal"),
        ("total=45470 billion yuan", "match", "equal to the official 45.47"),
        ("total=45470.0 billion yuan", "unverifiable", "more precise than the official 45.47"),
        ("total = 454,700 100 million yuan", "match", "equal"),
        ("total = 4,547,000 100 million yuan", "mismatch", "454.7"),
        ("asean=7,600 billion yuan", "rounded", "rounds half up to 7.6"),
        ("asean=7,600,000 million yuan", "rounded", "rounds half up to 7.6"),
        ("asean=7,000 billion yuan", "mismatch", "incompatible"),
        ("total=45.5", "rounded", "follows from the official 45.47"),
        ("total=45.5 tn CNY", "rounded", "follows from"),
        ("private-enterprises share=57%", "rounded", "follows from the official 57.3"),
        ("B&R share=52 percent", "rounded", "follows from the official 51.9"),
        ("asean=7.6 trillion yuan", "rounded", "rounds half up to 7.6"),
        ("asean=7.5", "unverifiable", "right only if the unrounded figure was below 7.55"),
        ("asean growth=8.0%", "unverifiable", "more precise than the official 8"),
        ("exports=27.99", "mismatch", "official figure is 26.99 [26.985, 26.995)"),
        ("exports growth=5.1%", "mismatch", "incompatible"),
        ("imports growth=0.5", "match", "equal"),
        ("trading-partners=more than 240", "match", "equal"),
        ("trading-partners=240", "rounded", "the qualifier differs"),
        ("trading-partners=over 200", "rounded", "follows from"),
        ("trading-partners=250", "unverifiable", "does not follow"),
        ("trading-partners=190", "mismatch", "incompatible"),
        ("trading-partners=200", "unverifiable", "does not follow"),  # 200 may be 241 rounded to hundreds
        ("trading-entities=0.78 million", "rounded", "the qualifier differs"),
        ("total=about 45 trillion yuan", "rounded", "follows from"),
        ("private-label-exports share change=1.4pp", "match", "equal"),
        ("exports=3.8 trillion USD", "rounded", "follows from the official 3.77"),  # exports-usd, not exports
        ("latin-america=0.55 trillion USD", "unverifiable", "the claim is in USD"),
        ("asean=1.05 trillion USD", "unverifiable", "the official 'more than 1'"),  # asean-usd
        ("trading-entities=780000 yuan", "unverifiable", "is not money"),
        ("new-three-exports=1", "unverifiable", "states no value for new-three-exports"),
        ("exprots=26.99", "unknown-figure", "did you mean 'exports'"),
    ],
)
def test_verdicts(dataset: Dataset, text: str, verdict: str, reason: str) -> None:
    got, why = check(dataset, text)
    assert got == verdict, why
    assert reason in why


def test_mismatch_reports_official_figure_and_difference(dataset: Dataset) -> None:
    result = verify(parse_claim("exports=27.99", dataset.words, ARG), dataset)
    assert (result.figure, result.official, result.claimed, result.difference) == (
        "exports",
        D("26.99"),
        D("27.99"),
        D("1.00"),
    )
    assert result.failed() and result.failed(strict=True)


def test_units_are_normalised_keeping_precision(dataset: Dataset) -> None:
    result = verify(parse_claim("asean=7550.0 bn RMB", dataset.words, ARG), dataset)
    assert result.claimed == D("7.550") and str(result.claimed) == "7.5500"
    result = verify(parse_claim("asean=75,500 100 million yuan", dataset.words, ARG), dataset)
    assert str(result.claimed) == "7.55" and result.verdict == "match"


def test_strict_makes_rounded_a_failure(dataset: Dataset) -> None:
    result = verify(parse_claim("total=45.5", dataset.words, ARG), dataset)
    assert result.verdict == "rounded" and not result.failed() and result.failed(strict=True)


def test_unknown_figure_lists_suggestions(dataset: Dataset) -> None:
    result = verify(parse_claim("exprots=1", dataset.words, ARG), dataset)
    assert result.suggestions[0] == "exports" and result.failed()


def test_claims_match_ids_and_aliases_exactly_not_prefixes(dataset: Dataset) -> None:
    assert verify(parse_claim("export=26.99", dataset.words, ARG), dataset).figure == "exports"  # an alias
    assert verify(parse_claim("expo=26.99", dataset.words, ARG), dataset).verdict == "unknown-figure"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exports=59%", "not a percentage"),
        ("exports growth=6.1 trillion", "is a percentage"),
        ("exports growth=6.1pp", "in percent"),
        ("private-label-exports share change=1.4%", "percentage points"),
    ],
)
def test_a_claim_in_the_wrong_kind_of_unit_is_a_usage_error(dataset: Dataset, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=f"claim 1 .*{message}"):
        verify_all(parse_inline([text], dataset.words), dataset)


def test_wrong_kind_of_unit_in_a_file_is_a_located_input_error(dataset: Dataset) -> None:
    claim = parse_claim("exports=59%", dataset.words, Origin("claims.csv", 7))
    with pytest.raises(InputFileError) as caught:
        verify_all([claim], dataset)
    assert caught.value.lines() == [
        "claims.csv: line 7: exports's value is in trillion yuan, not a percentage; claim 'share' or 'growth'"
    ]


def test_malformed_inline_claim_names_its_position(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match=r"claim 2 \('exports'\): expected FIGURE"):
        parse_inline(["total=45.47", "exports"], dataset.words)


def test_claim_keeps_its_origin(dataset: Dataset) -> None:
    claim = parse_claim("exports=1", dataset.words, Origin("c.csv", 3))
    assert isinstance(claim, Claim) and claim.origin.text() == "c.csv:3"
    assert Origin(None, None, 2).text() == "argument 2"


# -- rounding properties of verdicts ---------------------------------------------------------

true_values = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=5, allow_nan=False)
places = st.integers(min_value=0, max_value=3)


@given(true_values, places, places)
def test_two_roundings_of_one_true_value_are_never_a_mismatch(
    value: Decimal, claim_places: int, official_places: int
) -> None:
    claim, official = round_half_up(value, claim_places), round_half_up(value, official_places)
    verdict, reason = grade(Said(claim), Said(official))
    assert verdict != "mismatch", reason
    if claim_places == official_places:
        assert verdict == "match"
    if claim_places < official_places and verdict != "unverifiable":  # equal values: only zeros were left out
        assert verdict == ("match" if claim == official else "rounded")


def test_an_official_figure_with_its_trailing_zeros_left_out_is_a_match() -> None:
    """420.05 for 420.050 failed --strict as 'rounded', though it states the same number."""
    assert grade(Said(D("420.05")), Said(D("420.050")))[0] == "match"
    assert grade(Said(D("420.050")), Said(D("420.05")))[0] == "unverifiable"  # more precise than the official
    assert grade(Said(D("45.5")), Said(D("45.47")))[0] == "rounded"


@given(true_values, places, places, st.sampled_from([1, -1]))
def test_a_claim_off_by_more_than_both_half_steps_is_a_mismatch(
    value: Decimal, claim_places: int, official_places: int, sign: int
) -> None:
    official = round_half_up(value, official_places)
    claim_step, official_step = step(round_half_up(value, claim_places)), step(official)
    claim = round_half_up(official + sign * (claim_step + official_step), claim_places)
    assert grade(Said(claim), Said(official))[0] == "mismatch"


@given(true_values, places)
def test_a_bound_is_never_contradicted_by_a_number_inside_it(value: Decimal, claim_places: int) -> None:
    bound = round_half_up(value, 0)
    claim = round_half_up(bound + 1 + value, claim_places)
    assert grade(Said(claim), Said(bound, "more than"))[0] in ("rounded", "unverifiable")


# -- periods and currencies --------------------------------------------------------------------


def test_claims_about_another_period(dataset: Dataset) -> None:
    claim = parse_claim("exports=25.45", dataset.words, ARG)
    assert verify(claim, dataset).verdict == "mismatch"  # against 2025's 26.99
    assert verify(claim, dataset, "2024").verdict == "match"
    missing = verify(parse_claim("eu-contribution=0.8", dataset.words, ARG), dataset, "2024")
    assert (missing.verdict, missing.reason) == (
        "unverifiable",
        "no 2024 figure for eu-contribution; the dataset has 2025 (use --period 2025 to check against it)",
    )


@pytest.mark.parametrize(
    "text", ["total-usd=6.35 trillion USD", "total-usd=6.16 trillion USD", "dollar trade growth=3.8%"]
)
def test_a_claim_about_a_figure_without_a_version_in_the_period_is_unverifiable(
    usd_2024_only: Dataset, text: str
) -> None:
    """total-usd has only a 2024 figure: a 2025 claim is never compared with it, right or wrong."""
    dataset = usd_2024_only
    result = verify(parse_claim(text, dataset.words, ARG), dataset)
    assert (result.verdict, result.figure, result.official, result.claimed) == ("unverifiable", "total-usd", None, None)
    assert result.reason == "no 2025 figure for total-usd; the dataset has 2024 (use --period 2024 to check against it)"
    assert verify(parse_claim(text, dataset.words, ARG), dataset, "2024").verdict != "unverifiable"


def test_a_claim_within_the_period_and_an_ambiguous_period(dataset: Dataset) -> None:
    streak = verify(parse_claim("import-growth-streak=3", dataset.words, ARG), dataset)
    assert streak.verdict == "match"  # its only version, Q2-Q4 2025, lies within 2025
    everything = verify(parse_claim("exports=26.99", dataset.words, ARG), dataset, "all")
    assert everything.verdict == "unverifiable"
    assert everything.reason.startswith("exports has several figures within all (2025, 2024, December 2025, ")
    assert everything.reason.endswith("); give --period exactly")


@pytest.mark.parametrize(
    ("text", "figure", "verdict"),
    [
        ("exports=3.77 trillion USD", "exports-usd", "match"),
        ("exports growth=5.5% USD", "exports-usd", "match"),
        ("exports growth=6.1% CNY", "exports", "match"),
        ("imports growth=0% usd", "imports-usd", "rounded"),  # "flat": about 0
        ("us=559.747 billion USD", "us-usd", "match"),
        ("asean growth=13.4% USD", "asean", "unverifiable"),  # 13.4% is exports to ASEAN, not trade
    ],
)
def test_claims_in_dollars_meet_the_dollar_figures(dataset: Dataset, text: str, figure: str, verdict: str) -> None:
    result = verify(parse_claim(text, dataset.words, ARG), dataset)
    assert (result.figure, result.verdict) == (figure, verdict), result.reason


def test_unlabelled_dollar_growth_is_a_mismatch_with_a_hint(dataset: Dataset) -> None:
    result = verify(parse_claim("exports growth=5.5%", dataset.words, ARG), dataset)
    assert result.verdict == "mismatch"
    assert result.reason.endswith("; 5.5% is the growth in USD (exports-usd): say so ('exports growth=5.5% USD')")


@pytest.mark.parametrize(
    ("rows", "figure", "field"),
    [
        ("figure,value\nimports growth,0.5\n", "imports", "growth"),  # was graded as imports' value: a false mismatch
        ("figure,value\nimports growth,0.5%\n", "imports", "growth"),
        ("figure,field,value\nimports growth,growth,0.5\n", "imports", "growth"),
        ("figure,field,value\nimports,growth,0.5\n", "imports", "growth"),
        ("figure,value\ntotal trade,45.47\n", "total", "value"),
    ],
)
def test_a_claims_files_figure_cell_reads_as_an_inline_claim(
    dataset: Dataset, tmp_path: Path, rows: str, figure: str, field: str
) -> None:
    from tradecli.claimfile import load_claims

    path = tmp_path / "claims.csv"
    path.write_text(rows, encoding="utf-8")
    (result,) = verify_all(load_claims(path, dataset.words), dataset)
    assert (result.figure, result.field, result.verdict) == (figure, field, "match")


def test_a_figure_cell_and_a_field_cell_that_disagree_are_a_located_error(dataset: Dataset, tmp_path: Path) -> None:
    from tradecli.claimfile import load_claims

    path = tmp_path / "claims.csv"
    path.write_text("figure,field,value\nimports growth,share,0.5\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_claims(path, dataset.words)
    assert caught.value.lines() == [
        f"{path}: line 2: the figure cell 'imports growth' names the field growth, the field cell share"
    ]


@pytest.mark.parametrize(
    ("claim", "verdict", "implied"),
    [
        ("africa share=5.5%", "rounded", "5.48"),  # 2.49 of 45.47 trillion: [5.4645, 5.4877]
        ("africa share=5%", "rounded", "5.48"),
        ("africa share=5.4%", "mismatch", "5.48"),  # wrong whatever the unrounded values
        ("africa share=5.48%", "unverifiable", "5.48"),  # the rounded values cannot settle two decimals
        ("exports share=about 60%", "rounded", "59.36"),
    ],
)
def test_a_share_the_dataset_does_not_state_is_checked_against_the_one_its_values_imply(
    dataset: Dataset, claim: str, verdict: str, implied: str
) -> None:
    """It was unverifiable, though `show africa` derives share_of_total 5.48."""
    (result,) = verify_all(parse_inline([claim], dataset.words), dataset)
    assert (result.verdict, result.field, result.official) == (verdict, "share", Decimal(implied))
    assert result.reason.startswith(f"no share is stated; {result.figure}'s and total's values imply [")


def test_a_stated_share_is_still_the_one_checked(dataset: Dataset) -> None:
    (result,) = verify_all(parse_inline(["us share=8.8%"], dataset.words), dataset)
    assert (result.verdict, result.reason) == ("match", "equal to the official 8.8")


def test_a_reason_says_the_unit_a_claim_was_restated_in(dataset: Dataset) -> None:
    """'official figure is 85096.6 …; the claim 11900' compared numbers in an unnamed unit."""
    (result,) = verify_all(parse_inline(["surplus=1.19 trillion"], dataset.words), dataset)
    assert result.verdict == "mismatch"
    assert result.reason.endswith("(in 100 million yuan: the claim's 1.19 trillion is 11900)")
    (same,) = verify_all(parse_inline(["exports=26.99 trillion yuan"], dataset.words), dataset)
    assert same.reason == "equal to the official 26.99"  # nothing restated, nothing added


@pytest.mark.parametrize(
    ("claim", "figure", "verdict"),
    [
        ("crude oil=577.7 million tonnes", "crude-oil-import-volume", "rounded"),  # was unverifiable: no value
        ("crude oil=557.73 million tonnes", "crude-oil-import-volume", "mismatch"),
        ("crude oil growth=4.4%", "crude-oil-imports", "match"),  # the figure named still answers what it states
    ],
)
def test_a_claim_goes_to_the_figure_about_the_same_thing_that_states_its_field(
    dataset: Dataset, claim: str, figure: str, verdict: str
) -> None:
    (result,) = verify_all(parse_inline([claim], dataset.words), dataset)
    assert (result.figure, result.verdict) == (figure, verdict)


def test_a_claims_file_row_may_name_its_period(dataset: Dataset, tmp_path: Path) -> None:
    """An article's yearly and December numbers in one file (a 'period' column was an unknown column)."""
    from tradecli.claimfile import load_claims

    path = tmp_path / "claims.csv"
    path.write_text(
        "figure,field,value,unit,period\nexports,growth,5.2,,December 2025\nexports,value,26.99,trillion yuan,\n"
        "exports,growth,7.1,,2024\n",
        encoding="utf-8",
    )
    results = verify_all(load_claims(path, dataset.words), dataset)
    assert [(r.claim.text, r.verdict) for r in results] == [
        ("exports growth=5.2 (December 2025)", "match"),
        ("exports value=26.99 trillion yuan", "match"),
        ("exports growth=7.1 (2024)", "match"),
    ]
    toml = tmp_path / "claims.toml"
    toml.write_text(
        '[[claim]]\nfigure = "exports"\nfield = "growth"\nvalue = "5.2%"\nperiod = "2025-12"\n', encoding="utf-8"
    )
    (december,) = verify_all(load_claims(toml, dataset.words), dataset)
    assert december.verdict == "match"


def test_a_period_cell_that_is_no_period_is_a_located_error(dataset: Dataset, tmp_path: Path) -> None:
    from tradecli.claimfile import load_claims

    path = tmp_path / "claims.csv"
    path.write_text("figure,value,period\nimports,18.48,Dec\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_claims(path, dataset.words)
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}: line 2: period: not a period: 'Dec' (expected one of: ")


def test_a_claim_whose_name_names_a_period_is_about_that_period(dataset: Dataset) -> None:
    """'December exports growth=5.2%' was graded against the year's 6.1 once 'December' stopped naming a product."""
    results = verify_all(
        parse_inline(["December exports growth=5.2%", "December exports growth=6.1%"], dataset.words), dataset
    )
    assert [r.verdict for r in results] == ["match", "mismatch"]
    (year,) = verify_all(parse_inline(["exports growth=6.1%"], dataset.words), dataset)
    assert year.verdict == "match"
