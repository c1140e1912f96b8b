"""The bundled dataset, transcribed twice: here by hand and in data/, and traced to the source."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecli.dataset import bundled_path, load_dataset, resolve, resolve_id
from tradecli.errors import DatasetError, UsageError
from tradecli.header import Identity, read_identity
from tradecli.model import Dataset

from .conftest import META, MINIMAL_TOML, SEED

# (id, period): (value, unit, growth, basis, share, share_change, qualifier), transcribed by hand
# from the briefing (page 1) and from ../shared/sources.md (everything else), independently of data/.
Row = tuple[str | None, str | None, str | None, str | None, str | None, str | None, str]
PAGE_1: dict[str, Row] = {
    "total": ("45.47", "trillion yuan", "3.8", "value", None, None, "exact"),
    "exports": ("26.99", "trillion yuan", "6.1", "value", None, None, "exact"),
    "imports": ("18.48", "trillion yuan", "0.5", "value", None, None, "exact"),
    "total-above-45-trillion": ("45", "trillion yuan", None, None, None, None, "more than"),
    "world-rank-goods-trade": ("1", "rank", None, None, None, None, "exact"),
    "trading-partners": ("240", "count", None, None, None, None, "more than"),
    "growing-partners": ("190", "count", None, None, None, None, "more than"),
    "belt-and-road": ("23.6", "trillion yuan", "6.3", "value", "51.9", None, "exact"),
    "asean": ("7.55", "trillion yuan", "8", "value", None, None, "exact"),
    "latin-america": ("3.93", "trillion yuan", "6.5", "value", None, None, "exact"),
    "africa": ("2.49", "trillion yuan", "18.4", "value", None, None, "exact"),
    "high-tech-exports": ("5.25", "trillion yuan", "13.2", "value", None, None, "exact"),
    "new-three-exports": (None, None, "27.1", "value", None, None, "exact"),
    "wind-turbine-exports": (None, None, "48.7", "value", None, None, "exact"),
    "private-label-exports": (None, None, "12.9", "value", None, "1.4", "exact"),
    "import-growth-streak": ("3", "quarters", None, None, None, None, "exact"),
    "mech-elec-imports": ("7.41", "trillion yuan", "5.7", "value", None, None, "exact"),
    "electronic-components-imports": (None, None, "9.7", "value", None, None, "exact"),
    "computer-parts-imports": (None, None, "20", "value", None, None, "exact"),
    "crude-oil-imports": (None, None, "4.4", "volume", None, None, "exact"),
    "metal-ore-imports": (None, None, "5.2", "volume", None, None, "exact"),
    "fruit-imports": (None, None, "5.6", "value", None, None, "exact"),
    "edible-oil-imports": (None, None, "16.6", "value", None, None, "exact"),
    "trading-entities": ("780000", "count", None, None, None, None, "more than"),
    "private-enterprises": ("26.04", "trillion yuan", "7.1", "value", "57.3", None, "exact"),
}
OTHERS: dict[tuple[str, str], Row] = {
    # briefing page 7 (Lyu Daliang) and page 9 (Wang Jun)
    ("eu-partner-rank", "2025"): ("2", "rank", None, None, None, None, "exact"),
    ("eu", "2025"): ("5.93", "trillion yuan", "6", "value", "13", None, "exact"),
    ("eu-contribution", "2025"): ("0.8", "percentage points", None, None, None, None, "exact"),
    ("eu-statistics-trade", "Jan-Oct 2025"): ("700", "billion USD", None, None, "14.5", None, "more than"),
    ("china-contribution-eu-growth", "Jan-Oct 2025"): ("0.8", "percentage points", None, None, None, None, "more than"),
    ("eu-consumer-imports", "2025"): ("1", "rank", None, None, "26.8", None, "exact"),
    ("eu-consumer-exports", "2025"): ("1", "rank", None, None, "16.2", None, "exact"),
    ("eu-selected-import-shares", "2025"): (None, None, None, None, "40", None, "exact"),
    ("eu-electrical-exports", "2025"): (None, None, "3.4", "value", None, None, "exact"),
    ("eu-garment-exports", "2025"): (None, None, "3.7", "value", None, None, "exact"),
    ("eu-kitchenware-exports", "2025"): (None, None, "3.6", "value", None, None, "exact"),
    ("eu-high-tech-import-rank", "2025"): ("2", "rank", None, None, None, None, "exact"),
    ("import-market-rank-years", "2025"): ("17", "years", None, None, None, None, "exact"),
    ("commodity-import-prices", "2025"): (None, None, "-10", "price", None, None, "exact"),
    ("commodity-price-drag", "2025"): ("1.4", "percentage points", None, None, None, None, "exact"),
    ("import-growth-months", "Jun-Dec 2025"): ("7", "months", None, None, None, None, "exact"),
    ("imports", "December 2025"): ("17271.0", "100 million yuan", "4.4", "value", None, None, "exact"),
    ("ciie-deals", "November 2025"): ("80", "billion USD", None, None, None, None, "more than"),
    ("agrifood-market-access", "2025"): ("190", "categories", None, None, None, None, "exact"),
    ("agricultural-imports", "2025"): ("1.5", "trillion yuan", None, None, None, None, "nearly"),
    # reported, 2025
    ("us", "2025"): ("4.01", "trillion yuan", None, None, "8.8", None, "exact"),
    ("us-usd", "2025"): ("559.747", "billion USD", "-18.7", "value", None, None, "exact"),
    ("us-exports-usd", "2025"): ("420.050", "billion USD", "-20", "value", None, None, "exact"),
    ("us-imports-usd", "2025"): ("139.697", "billion USD", "-14.6", "value", None, None, "exact"),
    ("us-surplus-usd", "2025"): ("280", "billion USD", "-22.3", "value", None, None, "about"),
    ("trading-partners-count", "2025"): ("249", "count", None, None, None, None, "exact"),
    ("equipment-exports", "2025"): ("16.03", "trillion yuan", "9.2", "value", "59.4", None, "exact"),
    ("equipment-exports-contribution", "2025"): ("5.3", "percentage points", None, None, None, None, "exact"),
    ("foreign-invested-enterprises", "2025"): ("13.27", "trillion yuan", "3.7", "value", None, None, "exact"),
    ("high-tech-exports-contribution", "2025"): ("2.4", "percentage points", None, None, None, None, "exact"),
    ("private-enterprises-share", "2025"): (None, None, None, None, "57.3", "1.8", "exact"),
    ("exports-usd", "2025"): ("3.77", "trillion USD", "5.5", "value", None, None, "exact"),
    ("imports-usd", "2025"): ("2.58", "trillion USD", "0", "value", None, None, "exact"),
    ("surplus-usd", "2025"): ("1.189", "trillion USD", "20", "value", None, None, "exact"),
    ("africa-exports-usd", "2025"): ("225", "billion USD", "25.8", "value", None, None, "exact"),
    ("asean-exports-usd", "2025"): (None, None, "13.4", "value", None, None, "exact"),
    ("eu-exports-usd", "2025"): (None, None, "8.4", "value", None, None, "exact"),
    ("latin-america-exports-usd", "2025"): (None, None, "7.4", "value", None, None, "exact"),
    ("cross-border-ecommerce", "2025"): ("2.75", "trillion yuan", None, None, None, None, "exact"),
    ("total", "2021-2025"): ("200", "trillion yuan", "40", "value", None, None, "more than"),
    ("imports", "2021-2025"): ("90", "trillion yuan", None, None, None, None, "more than"),
    # the 2024 baseline (January 2025 briefing and reports of it)
    ("total", "2024"): ("43.85", "trillion yuan", "5", "value", None, None, "exact"),
    ("exports", "2024"): ("25.45", "trillion yuan", "7.1", "value", None, None, "exact"),
    ("imports", "2024"): ("18.39", "trillion yuan", "2.3", "value", None, None, "exact"),
    ("total-usd", "2024"): ("6.16", "trillion USD", "3.8", "value", None, None, "exact"),
    ("exports-usd", "2024"): ("3.58", "trillion USD", "5.9", "value", None, None, "exact"),
    ("imports-usd", "2024"): ("2.59", "trillion USD", "1.1", "value", None, None, "exact"),
    ("surplus-usd", "2024"): ("992.1", "billion USD", None, None, None, None, "exact"),
    ("belt-and-road", "2024"): ("22.1", "trillion yuan", "6.4", "value", "50.3", None, "exact"),
    ("asean", "2024"): ("6.99", "trillion yuan", "9", "value", "15.9", None, "exact"),
    ("africa", "2024"): ("2.1", "trillion yuan", "6.1", "value", None, None, "exact"),
    ("private-enterprises", "2024"): ("24.33", "trillion yuan", "8.8", "value", "55.5", None, "exact"),
    ("private-label-exports", "2024"): (None, None, None, None, "21.8", "0.8", "exact"),
    # added for issue 13: reported 2025 figures, read on the pages their quotes come from
    ("total", "December 2025"): ("4.26", "trillion yuan", "4.9", "value", None, None, "exact"),
    ("imports-usd", "December 2025"): ("2436.4", "100 million USD", "5.7", "value", None, None, "exact"),
    ("surplus-usd", "December 2025"): ("114.14", "billion USD", None, None, None, None, "exact"),
    ("partners-above-1-trillion-yuan", "2025"): ("14", "count", None, None, None, None, "exact"),
    ("partners-above-100-billion-yuan", "2025"): ("62", "count", None, None, None, None, "exact"),
    ("partners-above-10-billion-yuan", "2025"): ("137", "count", None, None, None, None, "exact"),
    ("asean-usd", "2025"): ("1", "trillion USD", None, None, None, None, "more than"),
    ("central-asia-usd", "2025"): ("100", "billion USD", None, None, None, None, "more than"),
    ("top-ten-partners-share", "2025"): (None, None, None, None, "47.7", "-2", "exact"),
    ("russia", "2025"): ("1.63", "trillion yuan", "-6.5", "value", None, None, "exact"),
    ("russia-usd", "2025"): ("228.1", "billion USD", "-6.9", "value", None, None, "exact"),
    ("russia-exports-usd", "2025"): ("103.309", "billion USD", "-10.4", "value", None, None, "exact"),
    ("guangdong", "2025"): ("9.49", "trillion yuan", "4.4", "value", "20.9", None, "exact"),
    ("zhejiang", "2025"): ("5.55", "trillion yuan", "5.4", "value", None, None, "exact"),
    ("greater-bay-area", "2025"): ("9.15", "trillion yuan", "4.7", "value", "20", None, "exact"),
    ("major-trading-provinces", "2025"): ("34.11", "trillion yuan", "2.7", "value", None, None, "exact"),
    ("yangtze-river-delta", "2025"): (None, None, "6.3", "value", "37.4", None, "exact"),
}
PAGE_1_PERIODS = {"import-growth-streak": "Q2-Q4 2025"}
EXPECTED: dict[tuple[str, str], Row] = {
    **{(k, PAGE_1_PERIODS.get(k, "2025")): v for k, v in PAGE_1.items()},
    **OTHERS,
}
# Qualifiers of rates, and which figures are reported by the press rather than said in a briefing.
RATE_QUALIFIERS = {("commodity-import-prices", "2025"): "about", ("imports-usd", "2025"): "about",
                   ("total", "2021-2025"): "about", ("greater-bay-area", "2025"): "more than",
                   ("eu-selected-import-shares", "2025"): "more than"}  # fmt: skip
REPORTED_FROM = ("us", "trading-partners-count", "equipment-exports", "foreign-invested-enterprises",
                 "high-tech-exports-contribution", "private-enterprises-share", "cross-border-ecommerce")  # fmt: skip
SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources.md"


def _text(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def test_bundled_dataset_has_every_hand_transcribed_statement_in_order(dataset: Dataset) -> None:
    found = [(f.id, f.period.replace("\u2013", "-")) for f in dataset.figures]
    assert [key for key in found if key in EXPECTED] == list(EXPECTED)


def test_every_statement_beyond_the_hand_transcribed_ones_carries_its_source_sentence(dataset: Dataset) -> None:
    """Figures added later are checked against their quotes (tests/test_quotes.py), not transcribed twice."""
    unquoted = [(f.id, f.period) for f in dataset.figures if (f.id, f.period) not in EXPECTED and not f.quotes]
    assert unquoted == []


@pytest.mark.parametrize(("figure_id", "period"), list(EXPECTED))
def test_figure_transcription_keeps_stated_precision(dataset: Dataset, figure_id: str, period: str) -> None:
    f = dataset.get(figure_id, period)
    assert f is not None
    got = (_text(f.value), f.unit, _text(f.growth), f.basis, _text(f.share), _text(f.share_change), f.qualifier)
    assert got == EXPECTED[(figure_id, period)]
    qualifier = f.growth_qualifier if f.growth is not None and f.growth_qualifier != "exact" else f.share_qualifier
    assert qualifier == RATE_QUALIFIERS.get((figure_id, period), "exact")


def test_page_one_figures_are_the_briefing_tier_with_their_speaker(dataset: Dataset) -> None:
    for figure_id in PAGE_1:
        f = dataset.get(figure_id, PAGE_1_PERIODS.get(figure_id, "2025"))
        assert f is not None and f.tier == "briefing" and f.source.page == 1
        assert f.comparison_period == "2024" and f.source.speaker == "Wang Jun" and f.source.part


def test_briefing_figures_give_a_page_and_reported_ones_their_urls(dataset: Dataset) -> None:
    """A reported figure's URLs are those sources.md lists or those its quotes were read on."""
    sources = SOURCES.read_text(encoding="utf-8")
    for f in dataset.figures:
        if f.tier == "briefing":
            assert f.source.page is not None, f.id
        else:
            quoted = {q.url for q in f.quotes}
            assert f.source.urls and all(url in sources or url in quoted for url in f.source.urls), f.id
    assert {f.id for f in dataset.figures if f.tier == "reported" and f.period == "2025"} >= set(REPORTED_FROM)


def numbers_in(text: str) -> set[str]:
    """Every number written in a text, without thousands separators."""
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def test_every_number_is_traceable_to_the_source_text(dataset: Dataset) -> None:
    """Page 1 numbers occur in the briefing text; the others in sources.md or in the figure's quotes
    (thousands separators are read: 780,000 and 2,307.37)."""
    page_1 = numbers_in(SEED.read_text(encoding="utf-8"))
    others = numbers_in(SOURCES.read_text(encoding="utf-8"))
    for f in dataset.figures:
        quoted = {n for q in f.quotes for n in numbers_in(q.text)}
        numbers = page_1 if f.source.page == 1 and f.period != "2024" else others | quoted
        for number in (f.value, f.growth, f.share, f.share_change):
            if number is not None and f.unit != "rank":
                assert format(abs(number), "f") in numbers, (f.id, f.period, number)


def test_usd_and_yuan_growth_are_both_kept_and_labelled(dataset: Dataset) -> None:
    from tradecli.derive import record

    exports, dollars = dataset.get("exports"), dataset.get("exports-usd")
    assert exports is not None and dollars is not None and dollars.counterpart == "exports"
    assert (record(exports, dataset)["growth"], record(exports, dataset)["growth_currency"]) == (Decimal("6.1"), "CNY")
    assert (record(dollars, dataset)["growth"], record(dollars, dataset)["growth_currency"]) == (Decimal("5.5"), "USD")


def test_precision_survives_loading(dataset: Dataset) -> None:
    asean = dataset.get("asean")
    assert asean is not None and asean.growth == Decimal("8") and str(asean.growth) == "8"
    assert str(asean.value) == "7.55"


def test_relationships_are_data(dataset: Dataset) -> None:
    kinds = {(r.kind, r.whole, r.parts) for r in dataset.relations}
    assert ("sum", "total", ("exports", "imports")) in kinds
    assert ("disjoint", "total", ("asean", "latin-america", "africa")) in kinds
    assert dataset.total_id == "total"
    bnr = dataset.get("belt-and-road")
    assert bnr is not None and bnr.share_of == "total"


def test_bundled_path_points_at_repository_data_in_a_checkout() -> None:
    assert bundled_path().name == "briefing-2025.toml" and bundled_path().is_file()


# -- validation -----------------------------------------------------------------------------


def _problems(write: Callable[[str], Path], text: str) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(write(text))
    return caught.value.lines()


def test_minimal_dataset_is_valid(write_dataset: Callable[[str], Path]) -> None:
    loaded = load_dataset(write_dataset(MINIMAL_TOML))
    assert [f.id for f in loaded.figures] == ["total", "exports", "imports"]


BROKEN = [
    (
        'value = 6.0\nunit = "trillion yuan"\nshare = 60',
        'value = "6.0"\nunit = "trillion yuan"\nshare = 60',
        "figure 'exports', field 'value': expected a number, got text '6.0'",
    ),
    ('id = "imports"', 'id = "exports"', "figure 'exports', field 'id': duplicate id"),
    (
        'unit = "trillion yuan"\nshare',
        'unit = "trillion dollars"\nshare',
        "field 'unit': unknown unit 'trillion dollars'",
    ),
    (
        'basis = "value"',
        'basis = "cost"',
        "field 'basis': unknown basis 'cost' (expected one of: value, volume, price)",
    ),
    ('share_of = "total"\n', "", "field 'share': a share needs share_of"),
    (
        'part_of = "total"',
        'part_of = "totl"',
        "field 'part_of': refers to unknown figure 'totl'; did you mean 'total'?",
    ),
    ('label = "Imports"', 'label = "Imports"\ngrowht = 3', "field 'growht': unknown field"),
    # quote: the source's words, their language, and one of the figure's source URLs
    (
        'label = "Imports"',
        'label = "Imports"\nquote = { text = "x", lang = "en", url = "http://example.org/doc" }',
        "NO PROBLEM",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = "imports rose"',
        "field 'quote': expected a table or an array of tables",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = { lang = "en", url = "http://example.org/doc" }',
        "figure 'imports', field 'quote.text': missing required field",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = { text = "", lang = "en", url = "http://example.org/doc" }',
        "field 'quote.text': expected non-empty text",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = { text = "x", lang = "fr", url = "http://example.org/doc" }',
        "field 'quote.lang': unknown language 'fr' (expected one of en, zh-Hans, zh-Hant)",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = { text = "x", lang = "en", url = "http://example.org/other" }',
        "field 'quote.url': 'http://example.org/other' is not a URL of the figure's sources",
    ),
    (
        'label = "Imports"',
        'label = "Imports"\nquote = [{ text = "x", lang = "en", url = "http://example.org/doc", page = 2 }]',
        "field 'quote.page': unknown field",
    ),
    ('label = "Total"\n', "", "figure 'total', field 'label': missing required field"),
    ('section = "headline"\nflow = "imports"', 'section = "headlines"\nflow = "imports"', "did you mean 'headline'?"),
    ('flow = "imports"', 'flow = "re-exports"', "field 'flow': unknown flow 're-exports'"),
    ('growth = 5\nbasis = "value"\n', "growth = 5\n", "field 'growth': a growth rate needs its basis"),
    (
        'source = { ref = "doc" }\n\n[[figure]]\nid = "imports"',
        'source = { ref = "nowhere" }\n\n[[figure]]\nid = "imports"',
        "field 'source.ref': unknown source 'nowhere'",
    ),
    (
        'parts = ["exports", "imports"]',
        'parts = ["exports", "re-imports"]',
        "relation #1: refers to unknown figure 're-imports'",
    ),
    ('kind = "sum"', 'kind = "product"', "relation #1, field 'kind': unknown relation kind 'product'"),
    (
        '[units."trillion yuan"]\nkind = "amount"',
        '[units."trillion yuan"]\nkind = "money"',
        "unknown unit kind 'money'",
    ),
    (
        'aliases = ["sales abroad"]',
        'aliases = ["Imports"]',
        "field 'aliases': alias 'Imports' is already a name of 'imports'",
    ),
    ('id = "imports"', 'id = "Imports_2"', "ids are kebab-case"),
    ("share = 60", "share = 160", "a share is a percentage between 0 and 100"),
    ("[dataset]", "[datset]\n[dataset]", "unknown table 'datset'; did you mean 'dataset'"),
    (
        'kind = "amount"',
        'kind = "amount"\nscale = -1',
        "[units.'trillion yuan'], field 'scale': expected a positive number",
    ),
    ('kind = "amount"', 'kind = "amount"\ncurrency = 7', "field 'currency': expected a currency code as text"),
    ("[dataset]", "[rounding]\nabout_percent = 500\n[dataset]", "field 'about_percent': expected a percentage"),
    ("[dataset]", "[rounding]\nabout_percnt = 5\n[dataset]", "did you mean 'about_percent'?"),
    ("[dataset]", "[words.scale]\ntrillion = 'big'\n[dataset]", "[words.scale], field 'trillion': expected a positive"),
    ("[dataset]", "[words.percent]\npp = 'pts'\n[dataset]", "expected one of: percent, points"),
    ("[dataset]", "[words.qualifier]\nover = 'above'\n[dataset]", "[words.qualifier], field 'over': expected one of"),
    ("[dataset]", "[words]\nscale = 3\n[dataset]", "[words.scale]: expected a table"),
    ("[dataset]", "[words.units]\nx = 1\n[dataset]", "[words], field 'units': unknown field"),
    ("[dataset]", "[words.partners]\nJapan = 'Japan'\n[dataset]", "field 'Japan': expected a list of names"),
    ("[dataset]", "[words.periods]\n'first 10 months' = 'sometime'\n[dataset]", "expected a span of months"),
    ("[dataset]", "[words.sources]\nforecast = [1]\n[dataset]", "[words.sources], field 'forecast': expected a list"),
    ('label = "Imports"', 'label = "Imports"\nsubject = 7', "field 'subject': expected text"),
    ('label = "Imports"', 'label = "Imports"\nperiod = "last year"', "field 'period': not a period: 'last year'"),
    ('url = "http://example.org/doc"', 'url = "http://example.org/doc"\ntier = "official"', "unknown tier 'official'"),
    (
        'url = "http://example.org/doc"',
        'url = "http://example.org/doc"\npage = "7"',
        "field 'page': expected an integer",
    ),
    (
        'source = { ref = "doc" }\n\n[[figure]]\nid = "imports"',
        'source = { ref = "doc", also = ["dco"] }\n\n[[figure]]\nid = "imports"',
        "unknown source 'dco'",
    ),
    ('share_of = "total"\n', 'share_base = "all trade"\n', "NO PROBLEM"),
    (
        "growth = 5\n",
        'growth = 5\ngrowth_qualifier = "roughly"\n',
        "field 'growth_qualifier': unknown growth_qualifier 'roughly'",
    ),
    (
        "share = 60",
        'share = 60\nshare_qualifier = "about"\ngrowth_currency = "USD"',
        "a growth currency without a growth rate",
    ),
    (
        'id = "imports"',
        'id = "exports"\nperiod = "2025"',
        "figure 'exports' (2025), field 'id': duplicate id in period 2025",
    ),
    (
        "[[relation]]",
        '[[rate]]\nperiod = "2025"\ncurrency = "USD"\nyuan = ["totl"]\nforeign = ["exports"]\n\n[[relation]]',
        "rate #1, field 'yuan': refers to unknown figure 'totl'",
    ),
    ("[[relation]]", "[[rate]]\nperiod = 2025\n\n[[relation]]", "rate #1, field 'currency': missing required field"),
]


def test_words_and_rounding_are_read_from_the_data(dataset: Dataset) -> None:
    assert dataset.rounding.about_percent == Decimal(5)
    assert dataset.words.scale["100 million"] == Decimal("1e8")
    assert dataset.words.currency["rmb"] == "CNY" and dataset.words.percent["pp"] == "points"
    assert dataset.words.qualifier["over"] == "more than"
    unit = dataset.unit("trillion yuan")
    assert unit is not None and unit.scale == Decimal("1e12") and unit.currency == "CNY"
    exports = dataset.get("exports")
    assert exports is not None and exports.line is not None
    assert bundled_path().read_text(encoding="utf-8").splitlines()[exports.line - 1] == 'id = "exports"'


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_validation_reports_a_located_problem(
    write_dataset: Callable[[str], Path], old: str, new: str, expected: str
) -> None:
    assert old in MINIMAL_TOML
    if expected == "NO PROBLEM":
        load_dataset(write_dataset(MINIMAL_TOML.replace(old, new, 1)))
        return
    lines = _problems(write_dataset, MINIMAL_TOML.replace(old, new, 1))
    assert any(expected in line for line in lines), lines


def test_problem_lines_name_the_file_and_line(write_dataset: Callable[[str], Path]) -> None:
    path = write_dataset(MINIMAL_TOML.replace("value = 4.0", 'value = "4"'))
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    line = MINIMAL_TOML.splitlines().index('id = "imports"') + 1
    assert caught.value.lines() == [
        f"{path}: line {line}, figure 'imports', field 'value': expected a number, got text '4'"
    ]


def test_every_problem_is_reported_not_just_the_first(write_dataset: Callable[[str], Path]) -> None:
    text = MINIMAL_TOML.replace("value = 4.0", 'value = "4"').replace('basis = "value"', 'basis = "x"')
    text = text.replace('part_of = "total"', 'part_of = "nowhere"')
    lines = _problems(write_dataset, text)
    assert len(lines) == 3, lines


def test_malformed_toml_is_located_by_line_and_column(write_dataset: Callable[[str], Path]) -> None:
    lines = _problems(write_dataset, MINIMAL_TOML.replace('title = "test"', "title = test"))
    assert len(lines) == 1 and "line 2, column 9: malformed TOML: Invalid value" in lines[0]


def test_reference_cycles_are_found(write_dataset: Callable[[str], Path]) -> None:
    text = MINIMAL_TOML.replace('growth = 5\nbasis = "value"', 'growth = 5\nbasis = "value"\npart_of = "imports"')
    lines = _problems(write_dataset, text)
    assert any("cycle among share_of/part_of/restates: total -> imports -> total" in line for line in lines), lines


def test_self_reference_is_a_problem(write_dataset: Callable[[str], Path]) -> None:
    lines = _problems(write_dataset, MINIMAL_TOML.replace('part_of = "total"', 'part_of = "imports"'))
    assert any("a figure cannot refer to itself" in line for line in lines)


def test_a_figure_without_numbers_is_a_problem(write_dataset: Callable[[str], Path]) -> None:
    text = MINIMAL_TOML.replace('value = 4.0\nunit = "trillion yuan"\n', "")
    assert any("needs at least one of value, growth" in line for line in _problems(write_dataset, text))


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p / "missing.toml", "file: no such file"),
        (lambda p: p, "file: is a directory"),
    ],
)
def test_unreadable_files_are_dataset_errors(tmp_path: Path, make: Callable[[Path], Path], expected: str) -> None:
    with pytest.raises(DatasetError) as caught:
        load_dataset(make(tmp_path))
    assert expected in caught.value.lines()[0]


def test_binary_file_is_reported_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"title = 1\n\x00\x01bad")
    with pytest.raises(DatasetError, match="line 2: binary data"):
        load_dataset(path)
    path.write_bytes(b"title = 'caf\xe9'")
    with pytest.raises(DatasetError, match="line 1: not UTF-8 text"):
        load_dataset(path)


@given(st.text(max_size=200))
def test_any_text_either_loads_or_raises_dataset_error(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load_dataset(path)
        except DatasetError as exc:
            assert exc.lines() and all("\n" not in line for line in exc.lines())


# -- resolving names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("exports", "exports"),
        ("B&R", "belt-and-road"),
        ("b&r", "belt-and-road"),
        ("new three", "new-three-exports"),
        ("NEV batteries solar", "new-three-exports"),
        ("private firms", "private-enterprises"),
        ("ASEAN trade", "asean"),
        ("latam", "latin-america"),
        ("wind", "wind-turbine-exports"),
        ("ontinued", None),
    ],
)
def test_resolve_by_id_alias_prefix_and_substring(dataset: Dataset, name: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(UsageError):
            resolve(dataset, name)
    else:
        assert resolve(dataset, name).id == expected


@pytest.mark.parametrize(
    ("name", "period", "value", "got_period"),
    [
        ("exports", None, "26.99", "2025"),
        ("exports", "2024", "25.45", "2024"),
        ("total", "2021-2025", "200", "2021-2025"),
        ("imports", "2025", "18.48", "2025"),  # exact period wins over December 2025, which is within it
        ("imports", "December 2025", "17271.0", "December 2025"),
        ("import-growth-streak", None, "3", "Q2-Q4 2025"),  # its only version
        ("surplus-usd", "all", None, None),
    ],
)
def test_resolve_picks_the_version_for_a_period(
    dataset: Dataset, name: str, period: str | None, value: str | None, got_period: str | None
) -> None:
    if got_period is None:
        with pytest.raises(UsageError, match="'surplus-usd' has several figures within all: 2025, 2024"):
            resolve(dataset, name, period)
        return
    figure = resolve(dataset, name, period)
    assert (_text(figure.value), figure.period) == (value, got_period)


def test_several_versions_within_a_period_are_named_apart_from_the_others(dataset: Dataset) -> None:
    """Partial-year versions inside 2025 are the choice; a 2024 version is not one of them."""
    with pytest.raises(UsageError) as caught:
        resolve(dataset, "western-region", None)
    assert "within 2025: Jan-Jul 2025, Jan-Sep 2025 (it also has 2024); give --period exactly" in str(caught.value)


def test_a_period_without_the_figure_names_the_periods_it_has(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="'guangdong' has no figure for period Jan-Oct 2025; it has: 2025"):
        resolve(dataset, "guangdong", "Jan-Oct 2025")
    with pytest.raises(UsageError, match="--period: not a period: 'last year'"):
        resolve(dataset, "exports", "last year")


KNOWN = "periods with figures: 2021-2025, 2024, 2025, "


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2023", "--period: the dataset has no figures in 2023; " + KNOWN),
        ("March 2025", "--period: the dataset has no figures in March 2025; " + KNOWN),
        ("last year", "--period: not a period: 'last year' (expected one of: 2025, 2021-2025, "),
        ("last year", KNOWN),
    ],
)
def test_a_period_without_figures_is_refused_and_lists_the_periods(dataset: Dataset, period: str, message: str) -> None:
    from tradecli.dataset import require_period, view

    for call in (lambda: require_period(dataset, period), lambda: view(dataset, period),
                 lambda: resolve(dataset, "exports", period)):  # fmt: skip
        with pytest.raises(UsageError) as caught:
            call()
        error = str(caught.value)
        assert message in error and error.endswith(" (or all)")
        assert {f.period.replace("\u2013", "-") for f in dataset.figures} <= _periods_listed(error)


def _periods_listed(error: str) -> set[str]:
    """The periods an error lists, read back: "2024, 2025, and within 2025: Q1, December (or all)"."""
    listed = error.split("periods with figures: ")[1].removesuffix(" (or all)")
    whole, _, within = listed.partition(", and ")
    names = set(whole.split(", "))
    for group in filter(None, within.split("; ")):
        year, _, parts = group.removeprefix("within ").partition(": ")
        names |= {f"{part} {year}" for part in parts.split(", ")}
    return names


def test_the_periods_listed_name_each_year_once() -> None:
    """Monthly releases made the list twenty "... 2025"; parts of a year are grouped under it."""
    from tradecli.dataset import _periods_known

    class Periods(NamedTuple):
        periods: tuple[str, ...]

    known = Periods(("2025", "December 2025", "2024", "Q1 2024", "Jan-Nov 2025", "2021-2025", "Q4 2024"))
    assert _periods_known(known) == (  # type: ignore[arg-type]  # only .periods is read
        "periods with figures: 2021-2025, 2024, 2025, and within 2024: Q1, Q4; within 2025: Jan-Nov, December (or all)"
    )
    assert _periods_known(Periods(("2025",))) == "periods with figures: 2025 (or all)"  # type: ignore[arg-type]
    assert _periods_known(Periods(("May 2025",))) == "periods with figures: within 2025: May (or all)"  # type: ignore[arg-type]


def test_periods_with_figures_and_all_are_accepted(dataset: Dataset) -> None:
    from tradecli.dataset import require_period

    for period in ("all", " ALL ", "2025", "Q4 2025", "Dec 2025", "2021-2025", "2024"):
        require_period(dataset, period)


@pytest.mark.parametrize(
    ("name", "figure_id", "period", "note"),
    [
        ("exports", "exports", "2025", None),
        ("import-growth-streak", "import-growth-streak", "Q2-Q4 2025", None),  # within 2025: no note
        ("total-usd", "total-usd", "2024", "total-usd has no 2025 figure; showing 2024 (use --period 2024)"),
        ("dollar trade", "total-usd", "2024", "total-usd has no 2025 figure; showing 2024 (use --period 2024)"),
    ],
)
def test_a_version_outside_the_default_period_comes_with_a_note(
    dataset: Dataset, name: str, figure_id: str, period: str, note: str | None
) -> None:
    from tradecli.dataset import resolve_version

    if figure_id == "total-usd":  # as the data were before 2025's dollar total was added: 2024 only
        dataset = dataset.restricted(tuple(f for f in dataset.figures if f.id != "total-usd" or f.period == "2024"))
    version = resolve_version(dataset, name)
    assert (version.figure.id, version.figure.period, version.note) == (figure_id, period, note)
    explicit = resolve_version(dataset, name, period)
    assert explicit.note is None and explicit.figure.period == period


def test_several_versions_outside_the_default_period_must_be_chosen(write_dataset: Callable[[str], Path]) -> None:
    from tradecli.dataset import resolve_version

    text = MINIMAL_TOML.replace('id = "imports"', 'id = "imports"\nperiod = "2024"')
    text += text[text.index('[[figure]]\nid = "imports"') :].replace('"2024"', '"2021-2025"')
    data = load_dataset(write_dataset(text))
    with pytest.raises(UsageError, match=r"'imports' has no 2025 figure; it has: 2024, 2021-2025 \(choose one"):
        resolve_version(data, "imports")
    assert resolve_version(data, "imports", "2021-2025").figure.period == "2021-2025"


def test_ambiguous_name_lists_candidates(dataset: Dataset) -> None:
    with pytest.raises(
        UsageError, match="'private' matches several figures: 'private-label-exports', 'private-enterprises'"
    ):
        resolve(dataset, "private")


def test_unknown_name_suggests_ids(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="no figure named 'exprts'; did you mean 'exports'"):
        resolve(dataset, "exprts")


def test_a_view_leaves_the_dataset_whole(dataset: Dataset) -> None:
    from tradecli.dataset import view

    baseline = view(dataset, "2024", "briefing")
    assert [f.id for f in baseline.figures] == ["total", "exports", "imports", "total-usd",
                                                "private-enterprises"]  # fmt: skip
    assert baseline.get("exports") is not None and baseline.get("exports").period == "2024"  # type: ignore[union-attr]
    assert len(dataset.figures) == len(view(dataset, "all").figures) > len(baseline.figures)
    assert dataset.get("exports").period == "2025"  # type: ignore[union-attr]


# -- [dataset] version and date -------------------------------------------------------------


def test_bundled_dataset_says_its_version_and_as_of_date(dataset: Dataset) -> None:
    assert (dataset.version, dataset.date) == ("2025.2", "2026-01-14")


@pytest.mark.parametrize(
    ("lines", "version", "date"),
    [
        ('version = "2.0"\ndate = 2026-01-14', "2.0", "2026-01-14"),
        ('version = "2.0"\ndate = "2026-01-14"', "2.0", "2026-01-14"),  # quoted ISO text is read the same
    ],
)
def test_version_and_date_are_read(write_dataset: Callable[[str], Path], lines: str, version: str, date: str) -> None:
    loaded = load_dataset(write_dataset(MINIMAL_TOML.replace(META, lines)))
    assert (loaded.version, loaded.date) == (version, date)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("version = 2025.1", "field 'version': expected non-empty text, got the number 2025.1 (quote it"),
        ('version = ""', "field 'version': expected non-empty text, got text ''"),
        ('date = "14 January 2026"', "field 'date': expected a date such as 2026-01-14, got text '14 January 2026'"),
        ("date = 2026-01-14T10:00:00", "field 'date': expected a date such as 2026-01-14"),
        ('date = "2026-02-30"', "field 'date': expected a date"),
        ('dated = "2026-01-14"', "[dataset], field 'dated': unknown field"),
    ],
)
def test_bad_version_or_date_is_a_located_problem(
    write_dataset: Callable[[str], Path], line: str, expected: str
) -> None:
    key = line.split(" =")[0]
    others = [kept for kept in META.splitlines() if not kept.startswith(f"{key} =")]
    lines = _problems(write_dataset, MINIMAL_TOML.replace(META, "\n".join([*others, line])))
    assert any(expected in problem for problem in lines), lines


@pytest.mark.parametrize("key", ["version", "date"])
def test_a_dataset_without_version_or_date_is_invalid(write_dataset: Callable[[str], Path], key: str) -> None:
    """The metadata is required: a file that does not say which data it is, or as of when, is refused."""
    kept = "\n".join(line for line in META.splitlines() if not line.startswith(f"{key} ="))
    path = write_dataset(MINIMAL_TOML.replace(META, kept))
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert caught.value.lines() == [f"{path}: [dataset], field '{key}': missing required field"]


def test_read_identity_reads_only_the_dataset_table(write_dataset: Callable[[str], Path]) -> None:
    """--version answers for a file whose figures are broken: that is when people ask."""
    broken_figures = MINIMAL_TOML.replace('version = "1"', 'version = "7"').replace('basis = "value"', 'basis = "cost"')
    path = write_dataset(broken_figures)
    with pytest.raises(DatasetError):
        load_dataset(path)
    assert read_identity(path) == Identity(str(path), False, "7", "2026-01-14")
    assert read_identity().bundled and read_identity().version == "2025.2"
    with pytest.raises(DatasetError, match="field 'version'"):
        read_identity(write_dataset(MINIMAL_TOML.replace('version = "1"', "version = 7")))
    with pytest.raises(DatasetError, match="malformed TOML"):
        read_identity(write_dataset("[dataset\n"))


def test_resolve_id_names_a_statistic_whatever_its_period(dataset: Dataset) -> None:
    assert resolve_id(dataset, "ASEAN trade") == "asean"
    assert len(dataset.versions(resolve_id(dataset, "exports"))) > 1  # resolve() would need a period
    with pytest.raises(UsageError, match="no figure named"):
        resolve_id(dataset, "exprts")


def test_an_alias_of_a_dollar_figure_says_dollars_where_a_yuan_version_exists(dataset: Dataset) -> None:
    """A generic alias ("trade surplus") on the dollar figure beat the rule that a phrase naming no
    currency means the yuan figure (README, "Looking names up"). A dollar figure's `counterpart` is
    its yuan version: its aliases must name dollars."""
    for figure in dataset.figures:
        unit = dataset.unit(figure.unit)
        if unit and unit.currency == "USD" and figure.counterpart is not None:
            generic = [a for a in figure.aliases if not re.search(r"dollar|usd|\$", a, re.I)]
            assert not generic, (figure.id, generic)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            (
                'yuan = ["total"]\nforeign = ["exports-usd", "imports-usd"]',
                'yuan = ["exports-usd"]\nforeign = ["total"]',
            ),
            "rate #1, field 'yuan': 'exports-usd' is in USD, not CNY",
        ),
        (
            ('foreign = ["total-usd"]', 'foreign = ["trading-partners"]'),
            "rate #2, field 'foreign': 'trading-partners' has no figure for 2024",
        ),
        (
            ('yuan = ["total"]\nforeign = ["total-usd"]', 'yuan = ["total"]\nforeign = ["total"]'),
            "rate #2, field 'foreign': 'total' is in CNY, not USD",
        ),
    ],
)
def test_a_rate_must_divide_yuan_totals_by_foreign_ones_of_its_period(
    write_dataset: Callable[[str], Path], edit: tuple[str, str], problem: str
) -> None:
    """Swapped lists passed validation, and --currency then converted at 0.08 yuan per dollar."""
    text = bundled_path().read_text(encoding="utf-8")
    assert edit[0] in text
    with pytest.raises(DatasetError) as caught:
        load_dataset(write_dataset(text.replace(edit[0], edit[1], 1)))
    assert any(line.endswith(problem) for line in caught.value.lines()), caught.value.lines()


def test_a_key_with_a_line_break_stays_on_its_one_error_line(write_dataset: Callable[[str], Path]) -> None:
    """A key named "a\\nb\\td" printed its newline and tab raw: one problem took two lines."""
    path = write_dataset(MINIMAL_TOML.replace("[dataset]\n", '[dataset]\n"a\\nb\\rc\\td" = 1\n', 1))
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    (line,) = [line for line in caught.value.lines() if "field 'a" in line]
    assert "\n" not in line and "\t" not in line and "field 'a\\x0ab\\x0dc\\x09d'" in line
