"""Names that mean what they say: phrases read with check --text's vocabulary, whole words only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradecli.claims import Origin, parse_claim, verify
from tradecli.dataset import resolve
from tradecli.derive import record
from tradecli.errors import UsageError
from tradecli.lookup import look_up, read, search_matcher, vocabulary, word_pattern, words_of
from tradecli.model import Dataset
from tradecli.query import Query, run_query, search

# -- phrases -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("exports to the US", "us-exports-usd"),
        ("imports from the US", "us-imports-usd"),
        ("trade with ASEAN", "asean"),
        ("US", "us"),
        ("U.S.", "us"),
        ("USA", "us"),
        ("United States", "us"),
        ("America", "us"),
        ("trade with America", "us"),
        ("Latin America", "latin-america"),
        ("trade with Latin America", "latin-america"),
        ("exports to Latin America", "latin-america-exports-usd"),
        ("exports to the EU", "eu-exports-usd"),
        ("trade with the EU", "eu"),  # not its contribution (percentage points) nor the Jan-Oct EU statistics
        ("exports to Africa", "africa-exports-usd"),
        ("trade with Africa", "africa"),
        ("ASEAN exports", "asean-exports-usd"),
        ("trade with Belt and Road countries", "belt-and-road"),
        ("exports to the us", "us-exports-usd"),  # a person types 'us' for the US
        ("China's exports to the U.S.", "us-exports-usd"),
        ("America's exports", "us-exports-usd"),
        ("surplus with the US", "us-surplus-usd"),
        ("对美出口", "us-exports-usd"),
        ("trade with the US in dollars", "us-usd"),  # the currency named wins
        ("US trade in USD", "us-usd"),
        ("exports in US dollars", "exports-usd"),  # 'US' inside a currency word is no partner
        ("shipments", "exports"),  # yuan, the dataset's currency, over the dollar twin
        ("foreign trade value", "total"),  # a figure before its restatement (more than 45 trillion)
        ("high-tech products", "high-tech-exports"),  # the trade before its contribution to growth
        ("private-sector firms", "private-enterprises"),
        ("wind turbine exports", "wind-turbine-exports"),  # an id with spaces for hyphens
    ],
)
def test_a_phrase_names_the_figure_with_its_flow_and_partner(dataset: Dataset, phrase: str, expected: str) -> None:
    assert resolve(dataset, phrase).id == expected


def test_the_period_picks_among_the_figures_a_phrase_names(dataset: Dataset) -> None:
    assert resolve(dataset, "trade with the EU", "Jan-Oct 2025").id == "eu-statistics-trade"
    assert resolve(dataset, "trade with ASEAN", "2024").period == "2024"
    with pytest.raises(
        UsageError, match=r"no figure for 'exports to the US' in 2024: .* for 2025, December 2025 \(use --period\)"
    ):
        resolve(dataset, "exports to the US", "2024")


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        (
            "exports to Japan",
            "no figure for 'exports to Japan': the dataset has nothing about the partner Japan; "
            "did you mean 'asean-exports-usd' or 'latin-america-exports-usd' or 'africa-exports-usd' or",
        ),
        ("imports from the EU", "the dataset has nothing for imports / EU; did you mean 'eu'"),
        ("exports to the US in yuan", "the dataset has exports / US only in USD; did you mean 'us-exports-usd'"),
        ("beef imports", "the dataset has nothing about the product beef; did you mean 'mech-elec-imports'"),
        ("ASEAN and EU trade", "'ASEAN and EU trade' names several partners (ASEAN, EU); name one at a time"),
        ("exports to Narnia", "no figure named 'exports to Narnia'"),  # an unknown word: not total exports
        ("South America", "no figure named 'South America'"),  # not the US, not Latin America
        ("trade with China", "no figure named 'trade with China'"),  # another country's statistics
        ("usd", "'usd' matches several figures: 'us-usd', 'us-exports-usd'"),
        ("equipment", "'equipment' matches several figures: 'equipment-exports', 'equipment-exports-contribution'"),
    ],
)
def test_a_phrase_without_its_figure_is_an_error_never_a_neighbour(dataset: Dataset, phrase: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve(dataset, phrase)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_exports_to_the_us_is_never_total_exports(dataset: Dataset) -> None:
    for phrase in ("exports to the US", "US exports", "exports to America", "exports to the United States"):
        assert resolve(dataset, phrase).partner == "United States"


def test_a_reading_says_what_each_word_is(dataset: Dataset) -> None:
    vocab = vocabulary(dataset)
    reading = read("exports to the U.S. in US dollars", vocab)
    assert reading.dims == {"flow": "exports", "partner": "united states"}
    assert (reading.currency, reading.complete, reading.about()) == ("USD", True, "exports / U.S.")
    assert not read("exports to Narnia", vocab).complete
    assert read("Latin America", vocab).dims == {"partner": "latin america"}


# -- whole words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wind", "wind-turbine-exports"),  # a unique part, on word boundaries
        ("business", "trading-entities"),  # the alias 'business entities'
        ("private label", "private-label-exports"),
        ("latam", "latin-america"),
        ("B&R", "belt-and-road"),
        ("ASEAN trade", "asean"),
    ],
)
def test_ids_aliases_and_unique_parts_still_work(dataset: Dataset, name: str, expected: str) -> None:
    assert resolve(dataset, name).id == expected


@pytest.mark.parametrize("part", ["ontinued", "xport", "usines", "sd"])
def test_a_part_inside_a_word_names_nothing(dataset: Dataset, part: str) -> None:
    with pytest.raises(UsageError, match=f"no figure named '{part}'"):
        resolve(dataset, part)


def test_whole_word_pattern() -> None:
    pattern = word_pattern("us")
    assert pattern.search(words_of("us-exports-usd")) and pattern.search("China-US trade")
    assert not pattern.search(words_of("exports-usd")) and not pattern.search("Business entities")
    assert word_pattern("美国").search("中美国贸易")  # CJK has no spaces to respect


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [r["id"] for r in rows]


@pytest.fixture(scope="module")
def rows(dataset: Dataset) -> list[dict[str, object]]:
    return [record(f, dataset) for f in dataset.figures if f.period == "2025"]


def test_search_us_is_the_country(dataset: Dataset, rows: list[dict[str, object]]) -> None:
    found = ids(run_query(rows, Query(search="us", searcher=search_matcher(dataset, "us"))).rows)
    assert found[:5] == ["us", "us-usd", "us-exports-usd", "us-imports-usd", "us-surplus-usd"]
    assert all(f.partner == "United States" for f in dataset.figures if f.id in found)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("America", {"us-exports-usd", "latin-america"}, {"exports-usd"}),  # its figures, and the words
        ("dollars", {"exports-usd", "us-usd"}, {"exports"}),  # a currency word matches inside currency words
        ("usd", {"exports-usd", "surplus-usd"}, {"us"}),
        ("oil", {"crude-oil-imports", "edible-oil-imports", "commodity-import-prices"}, {"total"}),
        ("USA", {"us", "us-imports-usd"}, {"latin-america"}),  # the alias, and figures about what it names
    ],
)
def test_search_reads_words_and_names(
    dataset: Dataset, rows: list[dict[str, object]], text: str, present: set[str], absent: set[str]
) -> None:
    found = set(ids(search(rows, text, search_matcher(dataset, text))))
    assert present <= found and not absent & found


def test_search_without_the_dataset_still_matches_whole_words(rows: list[dict[str, object]]) -> None:
    assert "trading-entities" not in ids(search(rows, "us")) and "us-exports-usd" in ids(search(rows, "us"))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_id_and_alias_names_its_own_figure(dataset: Dataset, data: st.DataObject) -> None:
    figure = data.draw(st.sampled_from([f for f in dataset.figures if f.period == "2025"]))
    name = data.draw(st.sampled_from(figure.names()))
    spelled = data.draw(st.sampled_from([name, name.upper(), name.lower(), f"  {name} "]))
    assert resolve(dataset, spelled).id == figure.id


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["exports", "to", "the", "US", "imports", "from", "EU", "trade", "with", "Japan",
                                 "America", "Latin", "in", "dollars", "yuan", "oil", "us", "and", "xyz", "美国",
                                 "出口", "-", "'s"]), min_size=1, max_size=6))  # fmt: skip
def test_any_phrase_is_a_figure_or_one_usage_error(dataset: Dataset, words: list[str]) -> None:
    phrase = " ".join(words)
    try:
        figure = resolve(dataset, phrase)
    except UsageError as exc:
        assert "\n" not in str(exc)
        return
    reading = read(phrase, vocabulary(dataset))
    if reading.complete and reading.dims.get("partner"):  # a named partner is never dropped
        assert (figure.partner or "").lower() == reading.dims["partner"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=5))
def test_a_search_never_matches_inside_a_word(word: str) -> None:
    for name in ("business entities", "exports-usd", "Latin America"):
        found = word_pattern(word).search(words_of(name))
        assert not found or word in words_of(name).split(" ") or " " in word


# -- claims --------------------------------------------------------------------------------------


def test_claims_read_phrases_but_not_parts_of_names(dataset: Dataset) -> None:
    def verdict(text: str) -> tuple[str, str | None, str]:
        result = verify(parse_claim(text, dataset.words, Origin(None, None, 1)), dataset)
        return result.verdict, result.figure, result.reason

    assert verdict("exports to the US growth=-20%")[:2] == ("match", "us-exports-usd")
    assert verdict("America=559.7 billion USD")[:2] == ("rounded", "us-usd")  # the dollar twin of 'us'
    unknown = verdict("exports to Japan=1")
    assert unknown[:2] == ("unknown-figure", None) and "nothing about the partner japan" in unknown[2]
    assert verdict("wind growth=48.7%")[0] == "unknown-figure"  # a part of a name: show only


def test_look_up_reports_instead_of_raising(dataset: Dataset) -> None:
    found = look_up(dataset, "exports to Japan")
    assert found.ids == () and "Japan" in found.problem and "eu-exports-usd" in found.suggestions
    assert look_up(dataset, "private").ids[:2] == ("private-label-exports", "private-enterprises")


@pytest.mark.parametrize(
    ("name", "figure", "period"),
    [
        ("December exports", "exports", "December 2025"),  # was the year's exports once December read as a connector
        ("exports in December", "exports", "December 2025"),
        ("december imports", "imports", "December 2025"),
        ("US exports in December", "us-exports-usd", "December 2025"),
        ("full-year exports", "exports", "2025"),
        ("exports in the first 11 months", "exports", "Jan-Nov 2025"),  # its words were 'no figure named'
        ("前11个月出口", "exports", "Jan-Nov 2025"),
        ("exports", "exports", "2025"),
    ],
)
def test_a_phrase_that_names_a_period_gets_that_periods_figure(
    dataset: Dataset, name: str, figure: str, period: str
) -> None:
    found = resolve(dataset, name)
    assert (found.id, found.period) == (figure, period)
    assert resolve(dataset, name, "2025").period == "2025"  # --period, when given, decides


def test_a_name_longer_than_any_is_refused_at_once(dataset: Dataset) -> None:
    """A 1 MB name took 25 s (the reading is not linear) and was echoed whole on stderr."""
    with pytest.raises(UsageError) as caught:
        resolve(dataset, "x" * 1_000_000)
    assert str(caught.value).startswith(f"no figure named '{'x' * 40}…' (1,000,000 characters; a name has at most 200)")
    assert len(str(caught.value)) < 300


def test_a_period_the_figure_lacks_names_figures_about_the_same_thing_that_have_it(dataset: Dataset) -> None:
    with pytest.raises(UsageError) as caught:
        resolve(dataset, "us", "December 2025")
    assert str(caught.value).endswith("; about the same in December 2025: us-exports-usd, us-imports-usd")
