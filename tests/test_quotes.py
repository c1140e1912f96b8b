"""Every figure of the bundled dataset carries the sentence(s) of its source that state it, verbatim,
and every number the figure states occurs in them: as written (unit words such as trillion, 萬億 or
億 may follow it), or as one of the few words of WORDS below, and nothing else."""

from __future__ import annotations

import re
from decimal import Decimal

from tradecli.model import Dataset, Figure

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

# The only ways a quote may state a number other than writing it: (number as written, what it
# measures) -> words. What it measures is the unit of a value, "percent" for a growth or share and
# "points" for a share change.
WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("1", "rank"): ("largest", "first", "第一"),
    ("2", "rank"): ("second",),
    ("3", "rank"): ("third", "第三"),
    ("3", "quarters"): ("three",),
    ("7", "months"): ("seven",),
    ("2", "points"): ("两个百分点", "兩個百分點"),
    ("1", "trillion USD"): ("万亿美元", "萬億美元"),
    ("100", "billion USD"): ("千亿美元", "千億美元"),
    ("40", "percent"): ("四成",),  # four tenths
    ("0", "percent"): ("flat",),  # "imports flatlined"
}
# Words that state a qualifier (matched case-insensitively).
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "more than": ("more than", "over", "exceed", "surpass", "突破", "超过", "超過"),
    "about": ("about", "around", "flat", "四成"),
    "nearly": ("nearly", "接近"),
    "at least": ("at least",),
    "less than": ("less than",),
}
# Figures no stored page was found to state (their sources are cited; the quote is missing, not invented).
UNQUOTED = {
    ("us-surplus-usd", "2025"),  # TASS page not among the stored pages
    ("high-tech-exports-contribution", "2025"),  # TTM page not among the stored pages
    ("asean", "2024"),
    ("africa", "2024"),
    ("private-label-exports", "2024"),
}


def stated(figure: Figure) -> list[tuple[str, Decimal, str, str]]:
    """(field, number, what it measures, qualifier) for every number the figure states."""
    rows = [
        ("value", figure.value, figure.unit or "", figure.qualifier),
        ("growth", figure.growth, "percent", figure.growth_qualifier),
        ("share", figure.share, "percent", figure.share_qualifier),
        ("share_change", figure.share_change, "points", "exact"),
    ]
    return [(field, number, measure, qualifier) for field, number, measure, qualifier in rows if number is not None]


def missing_from_quotes(figure: Figure) -> list[str]:
    """The stated numbers and qualifiers the figure's quotes do not state."""
    text = " ".join(q.text for q in figure.quotes)
    written = {n.replace(",", "") for n in NUMBER.findall(text)}
    missing = []
    for field, number, measure, qualifier in stated(figure):
        shown = format(abs(number), "f")
        if shown not in written and not any(word in text for word in WORDS.get((shown, measure), ())):
            missing.append(f"{field} {shown}")
        if qualifier != "exact" and not any(w in text.lower() for w in QUALIFIER_WORDS[qualifier]):
            missing.append(f"{field} qualifier {qualifier!r}")
    return missing


def test_every_figure_has_a_quote_except_the_few_not_found(dataset: Dataset) -> None:
    unquoted = {(f.id, f.period) for f in dataset.figures if not f.quotes}
    assert unquoted == UNQUOTED


def test_every_stated_number_occurs_in_the_quote(dataset: Dataset) -> None:
    missing = {(f.id, f.period): gaps for f in dataset.figures if f.quotes and (gaps := missing_from_quotes(f))}
    assert missing == {}


def test_quotes_come_from_a_cited_source(dataset: Dataset) -> None:
    for figure in dataset.figures:
        assert all(q.url in (figure.source.urls or (figure.source.url,)) for q in figure.quotes), figure.id


def test_a_number_or_qualifier_the_quote_does_not_state_is_found(dataset: Dataset) -> None:
    exports = dataset.get("exports")
    trading = dataset.get("trading-partners")
    assert exports is not None and trading is not None
    assert missing_from_quotes(exports._replace(growth=Decimal("6.10"))) == ["growth 6.10"]
    assert missing_from_quotes(exports._replace(value=Decimal("26.9"))) == ["value 26.9"]
    assert missing_from_quotes(trading._replace(qualifier="about")) == ["value qualifier 'about'"]
    assert missing_from_quotes(exports._replace(growth=Decimal("0.1"))) == ["growth 0.1"]  # not inside 0.5 or 6.1
