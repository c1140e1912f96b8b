"""Physical quantities (unit kind "quantity", counted in a `measure` such as tonnes): a volume is
compared with tonnes only, its volume growth implies a prior volume, and prose in tonnes links to
the volume, never to the same product's value in yuan."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tradecli.claims import Origin, parse_claim, verify
from tradecli.dataset import load_dataset
from tradecli.derive import implied_prior
from tradecli.errors import DatasetError
from tradecli.model import Dataset
from tradecli.text import scan
from tradecli.units import Group, parse_unit

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "briefing-2025.toml"

UNITS = """
[units."test million tonnes"]
kind = "quantity"
measure = "tonne"
scale = 1e6
description = "physical quantity in millions of tonnes"

[units."test billion tonnes"]
kind = "quantity"
measure = "tonne"
scale = 1e9
"""

FIGURES = """
[[figure]]
id = "test-crude-oil-volume"
label = "Crude oil imports (volume)"
section = "imports"
flow = "imports"
product = "crude oil"
value = 557.73
unit = "test million tonnes"
growth = 4.4
basis = "volume"
source = { ref = "briefing-p9" }

[[figure]]
id = "test-crude-oil-value"
label = "Crude oil imports (value)"
section = "imports"
flow = "imports"
product = "beef"
value = 1.9
unit = "trillion yuan"
growth = -10
basis = "value"
source = { ref = "briefing-p9" }
"""


def with_quantities(write_dataset: Callable[[str, str], Path], units: str = UNITS, extra: str = FIGURES) -> Path:
    """The bundled file with quantity units inserted before its first unit, and figures appended."""
    text = BUNDLED.read_text(encoding="utf-8")
    first_unit = text.index("[units.")
    return write_dataset(text[:first_unit] + units + "\n" + text[first_unit:] + extra, "quantities.toml")


@pytest.fixture
def quantities(write_dataset: Callable[[str, str], Path]) -> Dataset:
    return load_dataset(with_quantities(write_dataset))


def claim(text: str, dataset: Dataset) -> tuple[str, str]:
    result = verify(parse_claim(text, dataset.words, Origin(None, 0)), dataset)
    return result.verdict, result.reason


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("test-crude-oil-volume = 557.73 million tonnes", "match"),
        ("test-crude-oil-volume = 0.55773 billion tons", "match"),
        ("test-crude-oil-volume = 557.73 million metric tons", "match"),
        ("test-crude-oil-volume = 575.5 million tonnes", "mismatch"),
        ("test-crude-oil-volume = 55773万吨", "match"),
        ("test-crude-oil-volume growth = 4.4%", "match"),
        ("test-crude-oil-volume = 557.73 million yuan", "unverifiable"),
    ],
)
def test_a_claim_in_tonnes_is_compared_at_scale_and_never_with_money(
    quantities: Dataset, text: str, verdict: str
) -> None:
    assert claim(text, quantities)[0] == verdict


def test_a_claim_in_money_about_a_volume_says_why_it_cannot_be_checked(quantities: Dataset) -> None:
    verdict, reason = claim("test-crude-oil-volume = 557.73 million yuan", quantities)
    assert verdict == "unverifiable" and "in tonne" in reason


def test_a_volume_growth_implies_the_prior_volume_and_a_value_growth_of_a_volume_does_not(
    quantities: Dataset, write_dataset: Callable[[str, str], Path]
) -> None:
    volume = quantities.get("test-crude-oil-volume", "2025")
    assert volume is not None
    prior = implied_prior(volume, quantities)
    assert prior is not None and abs(prior - Decimal("534.22")) < Decimal("0.01")
    mixed = FIGURES.replace('basis = "volume"', 'basis = "value"')
    dataset = load_dataset(with_quantities(write_dataset, extra=mixed))
    figure = dataset.get("test-crude-oil-volume", "2025")
    assert figure is not None and implied_prior(figure, dataset) is None


def test_a_unit_in_tonnes_is_its_own_group_and_a_where_condition_may_use_it(quantities: Dataset) -> None:
    measure = parse_unit("million tons", quantities.units, quantities.words)
    assert measure.group == Group("quantity", "tonne") and measure.scale == Decimal("1e6")
    assert parse_unit("billion tonnes", quantities.units, quantities.words).group == measure.group


def test_prose_in_tonnes_links_to_the_volume(quantities: Dataset) -> None:
    text = "China imported 557.73 million tons of crude oil in 2025, up 4.4 percent year on year."
    found = {(f.text.split()[0], f.figure, f.field, f.verdict) for f in scan(text, quantities)}
    assert ("557.73", "test-crude-oil-volume", "value", "match") in found
    assert ("4.4", "test-crude-oil-volume", "growth", "match") in found


def test_a_growth_said_of_a_volume_in_tonnes_is_never_graded_against_a_value(quantities: Dataset) -> None:
    text = "Beef imports rose 4.4 percent to 557.73 million tonnes in 2025."
    growth = [f for f in scan(text, quantities) if f.text.startswith("4.4")]
    assert growth and all(f.verdict != "mismatch" for f in growth), growth


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ('[units.t]\nkind = "quantity"\nscale = 1\n', "needs a 'measure'"),
        ('[units.t]\nkind = "quantity"\nmeasure = "tonne"\ncurrency = "CNY"\n', "unexpected key 'currency'"),
        ('[units.t]\nkind = "amount"\nmeasure = "tonne"\n', "unexpected key 'measure'"),
        ('[units.t]\nkind = "quantity"\nmeasure = 7\n', "expected a measure code as text"),
        ('[units.t]\nkind = "quantity"\nmeasure = " "\n', "expected a measure code as text"),
    ],
)
def test_a_quantity_unit_is_declared_with_a_measure_only(
    write_dataset: Callable[[str, str], Path], units: str, message: str
) -> None:
    with pytest.raises(DatasetError) as raised:
        load_dataset(with_quantities(write_dataset, units=units, extra=""))
    assert message in str(raised.value)


def test_a_word_cannot_be_both_a_currency_and_a_measure(write_dataset: Callable[[str, str], Path]) -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace("[words.measure]\n", '[words.measure]\nyuan = "tonne"\n')
    with pytest.raises(DatasetError) as raised:
        load_dataset(write_dataset(text, "clash.toml"))
    assert "'yuan' is also a currency word" in str(raised.value)


def test_a_wrong_volume_growth_in_the_bundled_data_is_a_mismatch_not_a_currency_question() -> None:
    """A volume growth is in tonnes: no other currency could make 3% right (steel exports: +7.5%)."""
    (finding,) = scan("Steel exports rose 3% in 2025.", load_dataset())
    assert (finding.figure, finding.verdict) == ("steel-export-volume", "mismatch")
