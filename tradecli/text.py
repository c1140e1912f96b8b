"""Fact-check the figures in an article: find numbers, read what each is said of, link and grade it.

The work is split by concern: `textread` finds prose, sentences, clauses, asides and numbers;
`lexicon` compiles the dataset's words; `textnames`, `textperiods` and `textlists` find the names,
periods and lists of a sentence; `frames` reads each number's frame from them (what it measures,
of what, in which currency, period and basis, by whose statistics); `textlink` matches the frame to
the figures' own fields and grades the number with the claim engine (`claims.grade`), so text and
claims agree on every verdict.

A false alarm costs an editor more than a miss: a number is graded only when a figure fills
its frame; only a certain mismatch fails a run (an uncertain one is a warning unless --strict);
and every number seen can be listed with why it was or was not graded (`include_skipped`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from typing import NamedTuple

from tradecli.errors import UsageError
from tradecli.frames import Context, frames
from tradecli.lexicon import Lexicon, lexicon
from tradecli.model import Dataset, Figure
from tradecli.textlink import Index, Link, index, link
from tradecli.textread import Mention, clean, mentions, same_lines, sentences

__all__ = ["TEXT_VERDICTS", "Finding", "clean", "scan"]

TEXT_VERDICTS = ("match", "rounded", "mismatch", "unverifiable", "note", "skipped")
_BRACKET = re.compile(r"[(\uff08\[]")
_CONVERSION_TOLERANCE = Decimal(1)  # percent: a conversion this close to the official totals' rate is fine


class Finding(NamedTuple):
    """One number in the text and what the dataset says about it."""

    line: int
    column: int
    text: str  # the number as written, with its unit words
    figure: str | None
    field: str | None
    claimed: Decimal | None
    official: Decimal | None
    verdict: str
    reason: str
    period: str | None = None
    certain: bool = True  # the link is certain; an uncertain mismatch is a warning, not a failure


class _Tools(NamedTuple):
    dataset: Dataset
    lex: Lexicon
    figures: Index
    period: str  # what a number means when its text names no period


def scan(
    text: str, dataset: Dataset, include_skipped: bool = False, period: str | None = None, parallel: bool = False
) -> list[Finding]:
    """Every number in the text that the dataset can speak to, with its verdict, in text order.

    With include_skipped, every other number too, as `skipped` with the reason it was not graded.
    `period` is what a number means when the text names no period (default: the dataset's); "last
    year" is counted from it. `parallel` lets a long text be read by forked workers: the CLI's own
    process may fork, a library caller's may not (forking a multi-threaded notebook kernel can
    deadlock it), so the Python API reads on one core.
    """
    tools = _Tools(dataset, lexicon(dataset), index(dataset), _article_period(period) or dataset.period)
    prose = clean(text)
    as_written = same_lines(text)
    line_starts = [0, *(m.end() for m in re.finditer("\n", prose))]
    pieces = list(sentences(prose))
    findings: list[Finding] = []
    for (offset, _), found in zip(pieces, _read_all(_in_context(prose, pieces), tools, parallel), strict=True):
        for finding in found:
            if finding.verdict == "skipped" and not include_skipped:
                continue
            start = offset + finding.column
            line = bisect_right(line_starts, start)
            written = as_written[start : start + len(finding.text)]  # full-width digits as the author typed them
            findings.append(finding._replace(line=line, column=start - line_starts[line - 1] + 1, text=written))
    return findings


def _article_period(period: str | None) -> str | None:
    """The period an article means when it names none; 'all' is every period, not one, so it is a
    usage error here, for the CLI (--period) and the Python API (period=) alike."""
    if period is not None and period.strip().lower() == "all":
        raise UsageError("'all' cannot be an article's period: give the one it is about, e.g. 2024")
    return period


_PARALLEL_CHARACTERS = 64_000  # below this, starting workers costs more than it saves
_SHARED: list[_Tools] = []  # the tools a forked worker inherits


class _Piece(NamedTuple):
    """A sentence to read, and the sentence of the same paragraph before it (its context), if any."""

    text: str
    before: str | None


def _in_context(prose: str, pieces: list[tuple[int, str]]) -> list[_Piece]:
    """Each sentence with the one before it, unless a paragraph break (a blank line) lies between."""
    result = []
    for number, (offset, text) in enumerate(pieces):
        before = pieces[number - 1] if number else None
        joined = before is not None and "\n\n" not in prose[before[0] + len(before[1]) : offset].replace(" ", "")
        result.append(_Piece(text, before[1] if before is not None and joined else None))
    return result


def _read_all(pieces: list[_Piece], tools: _Tools, parallel: bool) -> list[list[Finding]]:
    """Each sentence's findings, each read in the context of the sentence before it. A long article is
    split among the machine's cores (forked workers inherit the compiled vocabulary; each chunk first
    rereads the sentence before it); the order is kept and the findings are the same as on one core."""
    import multiprocessing
    import os

    workers = min(os.cpu_count() or 1, 8)
    forking = "fork" in multiprocessing.get_all_start_methods()
    if not parallel or workers < 2 or not forking or sum(len(p.text) for p in pieces) < _PARALLEL_CHARACTERS:
        return _read_chunk(pieces, tools)
    _SHARED[:] = [tools]
    size = -(-len(pieces) // (workers * 4))
    chunks = [pieces[i : i + size] for i in range(0, len(pieces), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [found for chunk in pool.map(_read_shared, chunks) for found in chunk]


def _read_shared(pieces: list[_Piece]) -> list[list[Finding]]:
    return _read_chunk(pieces, _SHARED[0])


def _read_chunk(pieces: list[_Piece], tools: _Tools) -> list[list[Finding]]:
    context: Context | None = None
    if pieces and pieces[0].before is not None:
        context = _sentence_findings(pieces[0].before, tools, None)[1]
    results = []
    for piece in pieces:
        found, after = _sentence_findings(piece.text, tools, context if piece.before is not None else None)
        results.append(found)
        context = after
    return results


def _sentence_findings(sentence: str, tools: _Tools, before: Context | None) -> tuple[list[Finding], Context | None]:
    """A sentence's findings, and what it leaves for the next (None: nothing it names)."""
    found, skipped = mentions(sentence, tools.lex.reader)
    results = [_skipped(s.start, s.text, s.reason) for s in skipped]
    if not found:
        return results, None
    read, after = frames(sentence, found, tools.lex, tools.period, before)
    links: list[tuple[Mention, Link]] = []
    for mention, frame in zip(found, read, strict=True):
        if links and _is_conversion(sentence, mention, links[-1][0]):
            results.append(_conversion(mention, links[-1], tools.dataset))
            continue
        links.append((mention, link(mention, frame, tools.dataset, tools.figures)))
    results += [_finding(m, o) for m, o in zip((m for m, _ in links), _together([o for _, o in links]), strict=True)]
    return sorted(results, key=lambda f: f.column), after


def _together(outcomes: list[Link]) -> list[Link]:
    """Numbers of one sentence said of one figure speak for each other. A number right for this
    period rules out that a mismatch beside it is about another period ('对东盟进出口7.55万亿元,
    增长9%': 9% is wrong). A value far from its figure makes the other mismatches on that figure
    uncertain too ('exports grew 12.8% to $135.87 billion' is about one market)."""
    right = [o.figure for o in outcomes if o.figure is not None and o.verdict in ("match", "rounded") and o.exact]
    adjusted = []
    for outcome in outcomes:
        figure = outcome.figure
        if outcome.verdict == "mismatch" and figure is not None and any(r.id == figure.id for r in right):
            kept = tuple(d for d in outcome.doubts if d not in outcome.period_doubts)
            outcome = outcome._replace(doubts=kept, period_doubts=())
        adjusted.append(outcome)
    far = [o.figure for o in adjusted if o.figure is not None and o.implausible]
    return [
        o._replace(doubts=(*o.doubts, "another number said of this figure is far from it"))
        if o.verdict == "mismatch" and o.figure is not None and not o.implausible
        and any(_twins(o.figure, other) for other in far) else o
        for o in adjusted
    ]  # fmt: skip


def _twins(first: Figure, second: Figure) -> bool:
    """One statistic, maybe in two currencies ('exports' and its counterpart 'exports-usd')."""
    return first.id == second.id or first.counterpart == second.id or second.counterpart == first.id


def _finding(mention: Mention, outcome: Link) -> Finding:
    figure = outcome.figure
    official = getattr(figure, outcome.field) if figure is not None and outcome.field else None
    graded = outcome.verdict in ("match", "rounded", "mismatch") or (figure is not None and outcome.claimed is not None)
    return Finding(
        0, mention.start, mention.text, figure.id if figure else None, outcome.field,
        outcome.claimed if graded else None, official if graded else None, outcome.verdict, outcome.explained(),
        figure.period if figure else None, outcome.certain or outcome.verdict == "skipped",
    )  # fmt: skip


def _skipped(start: int, text: str, reason: str) -> Finding:
    return Finding(0, start, text, None, None, None, None, "skipped", reason)


# -- parenthetical conversions ------------------------------------------------------------------


def _is_conversion(sentence: str, mention: Mention, previous: Mention) -> bool:
    """'45.47 trillion yuan ($6.35 trillion)': an amount in brackets right after an amount in
    another currency is a conversion, whatever the wording inside the brackets."""
    quantity, before = mention.quantity, previous.quantity
    if quantity.currency is None or before.currency is None or quantity.currency == before.currency:
        return False
    between = sentence[previous.end : mention.start]
    return len(between) <= 12 and _BRACKET.search(between) is not None


def _conversion(mention: Mention, previous: tuple[Mention, Link], dataset: Dataset) -> Finding:
    """A conversion is not an official figure; a note says so when it is far from the official totals' rate."""
    from tradecli.convert import implied_rate

    _, outcome = previous
    figure = outcome.figure
    not_official = "a conversion into another currency, not an official figure"
    if figure is None or figure.value is None or outcome.field != "value" or mention.quantity.scale is None:
        return _skipped(mention.start, mention.text, not_official)
    currency = mention.quantity.currency or "USD"
    rate = implied_rate(dataset, figure.period, currency)
    unit = dataset.unit(figure.unit)
    if rate is None or unit is None or not unit.scale:
        return _skipped(mention.start, mention.text, not_official)
    official = figure.value * unit.scale / rate / mention.quantity.scale
    claimed = mention.quantity.number
    gap = (claimed / official - 1) * 100
    if abs(gap) <= _CONVERSION_TOLERANCE:
        return _skipped(mention.start, mention.text, f"{not_official}; it agrees with the official totals' rate")
    reason = (
        f"{not_official}; {claimed} is {gap:+.1f}% from the {official:.2f} that the "
        f"official totals imply (at {rate} yuan per {'dollar' if currency == 'USD' else currency})"
    )
    return Finding(0, mention.start, mention.text, figure.id, "value", claimed, official.quantize(Decimal("0.01")),
                   "note", reason, figure.period)  # fmt: skip
