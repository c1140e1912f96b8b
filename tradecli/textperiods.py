"""Periods in a sentence for `check --text`: years, months, runs of months, "first 10 months",
前5个月, 十四五, "the previous year's"; a year after "from" or "than" is a comparison, not a period.
A number's period is the one nearest it in its clause (before it, or right after it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tradecli.lexicon import Lexicon, compared_before, once
from tradecli.periods import MONTH_NAMES
from tradecli.textread import Mention, squeeze, unbracketed

_YEAR = re.compile(r"(?<![\d.])(20\d\d)(?:\s*[-\u2013~至到]\s*(20\d\d))?(?![\d%])")
_YEAR_AFTER = re.compile(r",?\s*(?:of\s+)?20\d\d")  # "December 2024", "December of 2024"
_DAY_AFTER = r"(?!\s*\d{1,2}\b(?!\s*%))"  # "January 14", "Jan. 14": a date, not the month a number is about
_MONTH_NAMES = re.compile(r"\b(" + "|".join(m for m in MONTH_NAMES if m != "may") + r")\b" + _DAY_AFTER, re.IGNORECASE)
_MONTH_ABBREVIATION = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\." + _DAY_AFTER, re.IGNORECASE)
_CJK_MONTH = re.compile(r"(?<![\d-])(1[0-2]|[1-9])\s*月(?!份?\s*[以至到]?\s*\d)")
# "2024's 5.9% growth", "11月的5.9%": the period of what follows, even after "than" or 高于
_POSSESSIVE = re.compile(r"['\u2019]s\b|\s*的")
_RIGHT_AFTER = 5  # a period this close after a number is its own ("... in 2024"), before any earlier one
_PAUSE = re.compile("[,;\uff0c\uff1b\u3001]")  # commas and semicolons, Latin and CJK


class _When(NamedTuple):
    """A period named in a clause, where."""

    start: int
    end: int
    period: str


def _periods(clause: str, lex: Lexicon, year_of_text: str) -> list[_When]:
    """Every period a clause names: 'in 2024', 'December 2025', 'from January to July', 前5个月.

    Remembered for the sentence: a clause is read once per number in it and once more for the next."""
    found: list[_When] = once(lex, ("periods", clause), lambda: _read_periods(clause, lex, year_of_text))
    return found


def _read_periods(clause: str, lex: Lexicon, year_of_text: str) -> list[_When]:
    """Every period a clause names: 'in 2024', 'December 2025', 'from January to July', 前5个月."""
    found: list[_When] = []
    years = [m for m in _YEAR.finditer(clause)
             if _POSSESSIVE.match(clause, m.end()) or not compared_before(lex, clause[: m.start()])]  # fmt: skip
    used: set[int] = set()

    def year_near(start: int, end: int) -> str:
        for match in years:
            near = -20 <= match.start() - end <= 20 or -20 <= start - match.end() <= 20
            if near and match.group(2) is None:
                used.add(match.start())
                return match.group(1)
        return year_of_text

    squeezed, where = squeeze(clause)
    for squeezed_match in lex.periods.finditer(squeezed) if lex.periods else ():
        begin, finish = where.where(squeezed_match.start()), where.where(squeezed_match.end() - 1) + 1
        said = _Span(begin, finish, squeezed_match.group())
        phrase = " ".join(said.group().lower().split())
        span = lex.period_spans.get(phrase, "unknown")
        if span != "Jan-Dec" and not phrase.endswith("'s") and compared_before(lex, clause[: said.start()]):
            continue  # "up 20% from the previous year": the base of a comparison ("over the full year" is not)
        span = lex.comparison_period if span == "comparison" else span
        absolute = span == "unknown" or ("-" in span and span[:1].isdigit()) or span == lex.comparison_period
        period = span if absolute else f"{span} {year_near(said.start(), said.end())}"
        found.append(_When(said.start(), said.end(), period))
    months = [(m.start(), m.end(), m.group(1).lower()) for m in _MONTH_NAMES.finditer(clause)]
    months += [(m.start(), m.end(), _full_month(m.group(1))) for m in _MONTH_ABBREVIATION.finditer(clause)]
    months += [(m.start(), m.end(), MONTH_NAMES[int(m.group(1)) - 1]) for m in _CJK_MONTH.finditer(clause)]
    months.sort()
    index = 0
    while index < len(months):
        start, end, name = months[index]
        first = last = name
        if index + 1 < len(months) and re.fullmatch(
            r"\s*(?:to|through|until|-|\u2013|至|到|—)\s*", clause[end : months[index + 1][0]]
        ):
            index += 1
            end, last = months[index][1], months[index][2]
        span = first.title() if first == last else f"{first[:3].title()}-{last[:3].title()}"
        base = first == last and not _POSSESSIVE.match(clause, end) and compared_before(lex, clause[:start])
        # "增幅较11月扩大": a base, not the period; but "高于11月的5.9%" is November's 5.9%
        if not base and not any(w.start <= start < w.end for w in found):
            found.append(_When(start, end, f"{span} {year_near(start, end)}"))
        index += 1
    for match in years:
        if match.start() not in used and not any(w.start <= match.start() < w.end for w in found):
            period = f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)
            found.append(_When(match.start(), match.end(), period))
    return sorted(found)


class _Span(NamedTuple):
    """A match found in squeezed text, placed back in the text as written."""

    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.text


def period_of(
    sentence: str, mentions: Sequence[Mention], index: int, span: tuple[int, int], lex: Lexicon, default_period: str
) -> str | None:
    """The period nearest the number in its clause: before it, or after it with no other number
    between ('rose 5 percent to 43.85 trillion yuan in 2024'); brackets keep their own periods."""
    mention = mentions[index]
    start, end = span
    at, stop = mention.start - start, mention.end - start
    plain: str = once(lex, ("unbracketed", start, end), lambda: unbracketed(sentence[start:end]))
    clause = plain if plain[at:stop].strip() else unbracketed(sentence[start:end], at)  # its own aside
    whens = _periods(clause, lex, default_period[-4:])
    if not whens:
        return None
    numbers: list[int] = once(lex, ("numbers", start, end), lambda: [
        m.start - start for m in mentions if start <= m.start < end and plain[m.start - start : m.end - start].strip()
    ])  # fmt: skip
    others = [o for o in numbers if o != at]
    best: tuple[int, str] | None = None
    any_before = any(when.end <= at for when in whens)
    for when in whens:
        if when.end <= at:
            distance = at - when.end
        elif (when.start >= stop and not (any_before and any(stop <= o < when.start for o in others))
              and not _PAUSE.search(clause, stop, when.start)):  # fmt: skip
            # after a comma a period starts what follows ("5.7%, 前值為1.9%": the previous reading's)
            distance = when.start - stop if when.start - stop > _RIGHT_AFTER else -1  # "2.1 trillion yuan in 2024"
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, when.period)
    return best[1] if best else None


def compared_years(text: str, lex: Lexicon) -> list[str]:
    """Years a text compares with ('比2020年增长41.1%', 'higher than in 2020', 'from 2024')."""
    return [m.group(1) for m in _YEAR.finditer(text)
            if not _POSSESSIVE.match(text, m.end()) and compared_before(lex, text[: m.start()])]  # fmt: skip


def compared_months(text: str, lex: Lexicon) -> list[int]:
    """Where a text names a month it compares with and no year: 'fell 20 percent from November' is a
    change on the month before, not on the year before ('from December 2024' names its year)."""
    found = [m for m in (*_MONTH_NAMES.finditer(text), *_CJK_MONTH.finditer(text))
             if not _POSSESSIVE.match(text, m.end()) and not _YEAR_AFTER.match(text, m.end())
             and compared_before(lex, text[: m.start()])]  # fmt: skip
    if not found:
        return []
    spans = [w for w in _read_periods(text, lex, "2000") if "-" in w.period]  # "from January to October"
    return [m.start() for m in found if not any(w.start <= m.start() < w.end for w in spans)]


def clause_period(clause: str, lex: Lexicon, default_period: str) -> str | None:
    """The last period a clause names, for the clauses after it."""
    whens = _periods(clause, lex, default_period[-4:])
    return whens[-1].period if whens else None


def _full_month(abbreviation: str) -> str:
    return next(name for name in MONTH_NAMES if name.startswith(abbreviation.lower()[:3]))
