"""Reading the name a person types (`show`, `compare`, claims, `filter --search`) as `check --text`
reads prose: with the dataset's [words] tables compiled by lexicon, the names textnames finds
(longest name wins, whole words only), and the figures textlink indexes by what they are about.

So 'exports to the US' is the exports figure about the United States, 'America' alone is the
United States (the longer 'Latin America' wins where it is written), and 'us' never matches
inside 'business' or the 'usd' of a dollar figure. Nothing here names a partner, a product or
a figure: the vocabulary is the dataset's. A phrase that names something no figure covers is
reported as such, never answered with a neighbouring figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from tradecli.dataset import figures_in, similar_ids
from tradecli.derive import year_on_year
from tradecli.lexicon import DIMENSIONS, Lexicon, lexicon, phrases
from tradecli.model import ADDITIVE_KINDS, Dataset, Figure
from tradecli.textlink import Index, about_what, describe, index
from tradecli.textnames import Hit, hits

MAX_LISTED = 4  # candidates named in one error line
MAX_NAME = 200  # characters of a typed name: ids are under 50, phrases a few words (a 1 MB name took 25 s)
_TOKEN = re.compile(r"[^\s,;:()\[\]\"\u201c\u201d]+")
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2013]+")


class Vocabulary(NamedTuple):
    """What reading a typed name needs, compiled once per dataset."""

    lex: Lexicon  # the text scanner's names, short ones (US, EU) matched in any case
    figures: Index  # figures by (partner, product, subject), as check --text links them
    currencies: re.Pattern[str] | None  # currency words: the 'US' of 'US dollars' is no partner
    currency_of: dict[str, str]  # lowercased currency word -> currency code
    connectors: frozenset[str]  # words that join names without naming anything ('to', 'the')


class Reading(NamedTuple):
    """What a phrase names: a key per dimension (flow, partner, product, subject), a currency."""

    dims: dict[str, str]  # lowercased, as the index keys them
    shown: dict[str, str]  # the words that named them, for messages
    currency: str | None
    complete: bool  # every word is a name, a currency word or a connector
    conflicts: tuple[str, ...] = ()  # dimensions the phrase names twice ('ASEAN and EU trade')

    def about(self) -> str:
        """'exports / US': what was named, in the words of the phrase."""
        return describe(self.shown)


class Lookup(NamedTuple):
    """The outcome of looking a name up: the ids it fits, or why none (with ids that come close)."""

    ids: tuple[str, ...]
    problem: str = ""  # empty when ids holds exactly the figure meant
    suggestions: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def vocabulary(dataset: Dataset) -> Vocabulary:
    """The scanner's lexicon, with short capitalised names in any case: a person types 'us' for the
    US (prose needs their case, where 'us' is a pronoun, but no one looks a pronoun up)."""
    lex = lexicon(dataset)
    if lex.exact_names is not None:
        lex = lex._replace(exact_names=re.compile(lex.exact_names.pattern, re.IGNORECASE))
    words = dataset.words
    currency_of = {w.lower(): code for w, code in words.currency.items()}
    for code, cue in (("USD", "usd"), ("CNY", "cny")):
        currency_of.update({w.lower(): code for w in words.cues.get(cue, ())})
    joining = ("prepositions", "coordinators", "whole")
    connectors = lex.flow_neighbours.union(*(lex.cue_words.get(k, ()) for k in joining))
    return Vocabulary(
        lex=lex,
        figures=index(dataset),
        currencies=re.compile(phrases(list(currency_of)), re.IGNORECASE) if currency_of else None,
        currency_of=currency_of,
        connectors=frozenset(connectors),
    )


# -- reading a phrase ----------------------------------------------------------------------------


def read(phrase: str, vocab: Vocabulary) -> Reading:
    """The flow, partner, product and subject a phrase names, and its currency, as the text scanner
    would read them; the names inside a currency word ('US dollars') do not count."""
    money = list(vocab.currencies.finditer(phrase)) if vocab.currencies else []
    found = [h for h in hits(phrase, vocab.lex) if not any(m.start() <= h.start < m.end() for m in money)]
    keys: dict[str, dict[str, str]] = {}  # kind -> lowercased key -> the key as the dataset writes it
    for hit in found:  # shown as the person wrote it
        keys.setdefault(hit.kind, {}).setdefault(hit.key.lower(), phrase[hit.start : hit.end])
    named = {kind: ks for kind, ks in keys.items() if kind in DIMENSIONS}
    currencies = {vocab.currency_of.get(m.group().lower()) for m in money}
    return Reading(
        dims={kind: next(iter(ks)) for kind, ks in named.items() if len(ks) == 1},
        shown={kind: next(iter(ks.values())) for kind, ks in named.items() if len(ks) == 1},
        currency=currencies.pop() if len(currencies) == 1 else None,
        complete="source" not in keys and len(currencies) <= 1 and _explained(phrase, found, money, vocab),
        conflicts=tuple(f"{kind}s ({', '.join(ks.values())})" for kind, ks in named.items() if len(ks) > 1),
    )


def _explained(phrase: str, found: Sequence[Hit], money: Sequence[re.Match[str]], vocab: Vocabulary) -> bool:
    """Whether every word outside the names and currency words only joins them ('to', 'the')."""
    spans = [(h.start, h.end) for h in found] + [m.span() for m in money]
    rest = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(phrase))
    return all(_plain(token) in vocab.connectors for token in _TOKEN.findall(rest))


def _plain(token: str) -> str:
    """A leftover word as connectors are listed; a possessive's "'s" (America's) joins like one."""
    plain = token.lower().replace("\u2019", "'").strip(".-&")
    return "the" if plain == "'s" else plain


# -- choosing the figure a reading names -----------------------------------------------------------


def by_reading(dataset: Dataset, phrase: str, reading: Reading, period: str) -> Lookup:
    """The figure a complete reading names, by the rules of docs/dataset.md ("Looking names up")."""
    vocab = vocabulary(dataset)
    if reading.conflicts:
        return Lookup((), f"'{phrase}' names several {' and '.join(reading.conflicts)}; name one at a time")
    unknown = [(d, k) for d, k in reading.dims.items() if k not in vocab.figures.known[d]]
    if unknown:
        dimension = unknown[0][0]
        problem = f"no figure for '{phrase}': the dataset has nothing about the {dimension} {reading.shown[dimension]}"
        return Lookup((), problem, _closest(_others(reading.dims, dimension, vocab.figures), dataset, period))
    pool, gap = about_what(reading.dims, vocab.figures)
    if gap:
        entity = {d: k for d, k in reading.dims.items() if d != "flow"}
        suggested = _closest(about_what(entity, vocab.figures)[0], dataset, period)
        return Lookup((), f"no figure for '{phrase}': the dataset has nothing for {reading.about()}", suggested)
    return _choose(dataset, phrase, reading, pool, period)


def _choose(dataset: Dataset, phrase: str, reading: Reading, pool: list[Figure], period: str) -> Lookup:
    """Narrow the figures about what was named, each rule keeping the ones it prefers."""
    about = reading.about()
    if "flow" not in reading.dims:
        pool = _prefer(pool, lambda f: f.flow == "total")  # the trade itself, as check --text reads it
    within = pool if period.strip().lower() == "all" else figures_in(pool, period)
    if not within:
        had = ", ".join(dict.fromkeys(f.period for f in pool))
        return Lookup((), f"no figure for '{phrase}' in {period}: the dataset has {about} for {had} (use --period)",
                      _ids(pool))  # fmt: skip
    pool = _prefer(within, lambda f: f.period == period)
    named = {f.id for f in pool}
    pool = _prefer(pool, lambda f: f.restates not in named)  # 'more than 45 trillion' gives way to 45.47
    pool = _prefer(pool, lambda f: f.growth is None or year_on_year(f))  # growth on 2024 before on 2020
    wanted = reading.currency or dataset.currency
    if not any(_currency(f, dataset) == wanted for f in pool):
        if reading.currency:
            said = ", ".join(sorted({c for f in pool if (c := _currency(f, dataset))})) or "no currency"
            return Lookup((), f"no figure for '{phrase}': the dataset has {about} only in {said}", _ids(pool))
    else:  # the yuan figure over its dollar twin; figures without a currency stay
        pool = [f for f in pool if _currency(f, dataset) in (wanted, None)]
    pool = _prefer(pool, lambda f: _is_the_trade(f, dataset))  # not its rank or its contribution
    ids = _ids(pool)
    if len(ids) > 1:
        return Lookup(ids, ambiguous(phrase, ids))
    return Lookup(ids)


def _is_the_trade(figure: Figure, dataset: Dataset) -> bool:
    """The figure states the trade itself (an amount, a quantity, or only its growth or share), not
    something about it: its rank among markets, its contribution in points, a count."""
    return figure.unit is None or dataset.unit_kind(figure.unit) in ADDITIVE_KINDS


def _prefer(pool: list[Figure], preferred: Callable[[Figure], bool]) -> list[Figure]:
    """The preferred figures, or all of them when none is."""
    kept = [f for f in pool if preferred(f)]
    return kept or pool


def _currency(figure: Figure, dataset: Dataset) -> str | None:
    """The currency a figure states its value in, or its growth when it has no value."""
    from tradecli.derive import growth_currency

    unit = dataset.unit(figure.unit)
    return unit.currency if unit and unit.currency else growth_currency(figure, dataset)


def _others(dims: dict[str, str], dimension: str, figures: Index) -> list[Figure]:
    """Figures like the ones asked for, about another key of the dimension the dataset lacks:
    for 'exports to Japan', the exports to the partners it has."""
    found: list[Figure] = []
    for entity, members in figures.by_entity.items():
        have = dict(zip(("partner", "product", "subject"), entity, strict=True))
        if dimension in have and not have[dimension]:
            continue
        if any(key != dims.get(d, "") for d, key in have.items() if d != dimension):
            continue
        found += [f for f in members if dimension == "flow" or f.flow == dims.get("flow", f.flow)]
    return found


def _closest(figures: Sequence[Figure], dataset: Dataset, period: str) -> tuple[str, ...]:
    """Ids to suggest, in the order the rules prefer: of the period asked for, the trade itself
    before a contribution, a figure before its restatement."""
    ranked = sorted(figures, key=lambda f: (f.period != period, not _is_the_trade(f, dataset), bool(f.restates)))
    return _ids(ranked)


def _ids(figures: Sequence[Figure]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.id for f in figures))


def ambiguous(phrase: str, ids: Sequence[str]) -> str:
    listed = ", ".join(f"'{i}'" for i in ids[:8])
    more = f" and {len(ids) - 8} more" if len(ids) > 8 else ""
    return f"'{phrase}' matches several figures: {listed}{more}; give one of these ids"


# -- names as words ----------------------------------------------------------------------------------


def words_of(text: str) -> str:
    """A name with hyphens, underscores and runs of spaces as one space: ids are hyphenated words."""
    return _SEPARATORS.sub(" ", text.strip().lower()).strip()


def word_pattern(text: str) -> re.Pattern[str]:
    """The text as whole words, the way the scanner matches names: 'us' is in 'us exports usd' but
    not in 'business' or 'usd'; CJK has no spaces to respect."""
    return re.compile(phrases([words_of(text)]), re.IGNORECASE)


def by_words(dataset: Dataset, phrase: str) -> tuple[str, ...]:
    """Figures that have a name starting with the phrase's words, else one containing them."""
    if not words_of(phrase):
        return ()
    pattern = word_pattern(phrase)
    starts: list[Figure] = []
    inside: list[Figure] = []
    for figure in dataset.figures:
        found = [m.start() for n in figure.names() if (m := pattern.search(words_of(n)))]
        if found:
            (starts if 0 in found else inside).append(figure)
    return _ids(starts) or _ids(inside)


def by_name(dataset: Dataset, phrase: str) -> tuple[str, ...]:
    """Figures with an id or alias that is the phrase, ignoring case, spacing and hyphens."""
    return _names(dataset).get(words_of(phrase), ())


@lru_cache(maxsize=8)
def _names(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Every id and alias as words -> the ids having it, in dataset order: built once, so that a
    claims file of 50,000 names costs 50,000 look-ups, not 50,000 passes over every figure."""
    owners: dict[str, dict[str, None]] = {}
    for figure in dataset.figures:
        for name in figure.names():
            owners.setdefault(words_of(name), {})[figure.id] = None
    return {name: tuple(ids) for name, ids in owners.items()}


def look_up(
    dataset: Dataset, phrase: str, period: str | None = None, partial: bool = True, similar: bool = True
) -> Lookup:
    """The figure a typed name means: an id or alias; else what the phrase names ('exports to the
    US'); else (when partial) a unique run of whole words of an id or alias ('wind').

    With similar=False an unknown name gets no 'did you mean' (a pass of difflib over every name),
    for callers that bound how many they ask for."""
    if len(phrase) > MAX_NAME:  # no name is this long; reading one costs more than linear time
        return Lookup(
            (), f"no figure named '{phrase[:40]}…' ({len(phrase):,} characters; a name has at most {MAX_NAME})"
        )
    exact = by_name(dataset, phrase)
    if exact:
        return Lookup(exact, ambiguous(phrase, exact) if len(exact) > 1 else "")
    vocab = vocabulary(dataset)
    reading = read(_without_periods(phrase, vocab.lex), vocab)  # 'in the first 10 months': named_period's
    if reading.dims and reading.complete:
        return by_reading(dataset, phrase, reading, period or dataset.period)
    found = by_words(dataset, phrase) if partial else ()
    if len(found) > 1:
        return Lookup(found, ambiguous(phrase, found))
    if found:
        return Lookup(found)
    return Lookup((), f"no figure named '{phrase}'", tuple(similar_ids(dataset, phrase)) if similar else ())


def _without_periods(phrase: str, lex: Lexicon) -> str:
    """The phrase without the period phrases in it ('exports in the first 10 months' -> 'exports in
    the'), whose words name no figure; the period they name is named_period's."""
    return lex.periods.sub(" ", phrase) if lex.periods else phrase


def named_period(dataset: Dataset, phrase: str) -> str | None:
    """The period a typed name names, in the dataset's year: 'December exports' is exports in
    December 2025, 'exports in the first 10 months' in Jan-Oct 2025 ([words.periods] and month names);
    None when it names none, when it is an id or alias (whatever words those contain), or when the
    dataset's period is no single year."""
    from tradecli.periods import MONTH_NAMES, MONTHS, is_period

    year = dataset.period
    if not re.fullmatch(r"\d{4}", year) or by_name(dataset, phrase):
        return None
    lex = vocabulary(dataset).lex
    spans = {said.lower(): span for said, span in lex.period_spans.items()}
    found = lex.periods.search(phrase) if lex.periods else None
    span = spans.get(found.group().lower()) if found else None
    if span is None:
        month = re.search(rf"\b({'|'.join(MONTH_NAMES + MONTHS)})\b", phrase, re.IGNORECASE)
        span = month.group(1).capitalize() if month else None
    if span is None or span in ("unknown", "comparison"):
        return None
    period = year if span == "Jan-Dec" else span if is_period(span) else f"{span} {year}"
    return period if is_period(period) else None


# -- searching -------------------------------------------------------------------------------------


def search_matcher(dataset: Dataset, text: str) -> Callable[[dict[str, object]], bool]:
    """--search: whole words of an id, label or alias, outside currency words unless the text is one
    ('us' is not in 'in US dollars'); and figures about what the text names ('America': the US)."""
    vocab = vocabulary(dataset)
    pattern = word_pattern(text)
    is_currency = words_of(text) in {words_of(w) for w in vocab.currency_of}
    reading = read(text, vocab)
    about = {d: k for d, k in reading.dims.items() if d != "flow"} if reading.complete else {}

    def in_name(name: str) -> bool:
        written = words_of(name)
        money = [] if is_currency or not vocab.currencies else [m.span() for m in vocab.currencies.finditer(written)]
        return any(
            not any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in money)
            for m in pattern.finditer(written)
        )

    def matches(row: dict[str, object]) -> bool:
        aliases = row.get("aliases")
        names = [row.get("id"), row.get("label"), *(aliases if isinstance(aliases, list) else [])]
        if any(in_name(str(n)) for n in names if n):
            return True
        return bool(about) and all(str(row.get(d) or "").lower() == k for d, k in about.items())

    return matches
