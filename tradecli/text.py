"""Fact-check the figures in an article: find numbers, link each to a figure, and grade it.

Linking is deliberately cautious. A number is linked only to a figure named (by an alias,
partner or product from the dataset) earlier in the same clause, with a field the wording
supports (growth cues, share cues, units); anything else is left out or reported as
`unverifiable`, never as `mismatch`, because a false alarm costs an editor more than a miss.
Grading reuses the claim engine (`claims.grade`), so text and claims agree on every verdict.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from tradecli.claims import NUMBER_PATTERN, ClaimError, Quantity, Said, grade, latin, parse_quantity
from tradecli.derive import growth_currency
from tradecli.model import Dataset, Figure, Words
from tradecli.periods import MONTH_NAMES, same_period

TEXT_VERDICTS = ("match", "rounded", "mismatch", "unverifiable", "note")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|(?<=[。\uff01\uff1f\uff1b])|\n\s*\n")
_CLAUSE_BREAK = re.compile(r"[;\uff1b]|,\s*(?:while|whereas|but|and)\s|\uff0c(?:而|但)")
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)\)")
_BARE_URL = re.compile(r"https?://\S+")
_DIGIT = re.compile(r"\d+")
_OPENING_BRACKET = re.compile(r"[(\uff08]\s*$")  # a mention already includes its qualifier ("about $6.35 …")
_YEAR = re.compile(r"(?<![\d.])(20\d\d)(?:\s*[-\u2013]\s*(20\d\d))?(?![\d%])(\s*年)?")
NO_CANDIDATE = "no figure"
# Month names in full ("may" left out: in prose it is nearly always the verb), and 12月-style months.
_MONTH_NAMES = re.compile(r"\b(" + "|".join(m for m in MONTH_NAMES if m != "may") + r")\b", re.IGNORECASE)
_CJK_MONTH = re.compile(r"(?<![\d-])(1[0-2]|[1-9])月")
_LINK_WINDOW = 90  # characters between a figure's name and its number, at most


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


class Mention(NamedTuple):
    """A number with its unit words, located in the cleaned text."""

    start: int
    end: int
    text: str
    quantity: Quantity


class Hit(NamedTuple):
    """A name from the dataset found in the text, and the figures it can mean."""

    start: int
    end: int
    figures: tuple[str, ...]


# -- preparing the text -----------------------------------------------------------------------


def clean(text: str) -> str:
    """Blank out what is not prose (code, link targets, URLs) without moving any character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    text = _FENCE.sub(blank, text)
    text = _INLINE_CODE.sub(blank, text)
    text = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group()) - 1), text)
    return _BARE_URL.sub(blank, text)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences that contain a digit, with their offsets; prose without numbers is skipped."""
    starts, ends = [0], []
    for match in _SENTENCE_END.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    wanted = sorted({bisect_right(starts, m.start()) - 1 for m in _DIGIT.finditer(text)})
    for index in wanted:
        yield starts[index], text[starts[index] : ends[index]]


# -- the vocabulary, compiled once per dataset --------------------------------------------------


class Vocabulary(NamedTuple):
    """Regular expressions built from the dataset's words and names."""

    numbers: re.Pattern[str]
    prefix: re.Pattern[str]  # qualifier and currency words that end right before a number
    names: re.Pattern[str]
    exact_names: re.Pattern[str] | None  # short capitalised names (US, EU) matched case-sensitively
    owners: dict[str, tuple[str, ...]]  # lowercased name -> figure ids
    cues: dict[str, re.Pattern[str]]
    flow_ids: frozenset[str]  # the total and the flows that sum to it: names of a flow, not an entity
    twins: dict[str, tuple[Figure, ...]]  # id -> figures stating the same statistic in another currency
    flow_of: dict[str, str]  # id of a flow figure (total, exports, imports) -> its flow


Trie = dict[str, "Trie"]  # each character leads to the rest; "" marks the end of a phrase


def _alternation(phrases: Sequence[str]) -> str:
    """Phrases as one regex, factored into a trie: the engine then tries each prefix once, not each phrase."""
    root: Trie = {}
    for phrase in {p.lower() for p in phrases if p}:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(root)


def _trie(node: Trie) -> str:
    branches = [re.escape(char) + _trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: the longest phrase is tried first


def _phrases(phrases: Sequence[str]) -> str:
    """Phrases that never match inside a longer Latin word ('import' in 'important'); CJK needs no gaps."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for phrase in phrases:
        if phrase:
            groups.setdefault((latin(phrase[0]), latin(phrase[-1])), []).append(phrase)
    parts = []
    for (left, right), members in sorted(groups.items(), reverse=True):
        edge_left, edge_right = (r"(?<![A-Za-z0-9])" if left else ""), (r"(?![A-Za-z0-9])" if right else "")
        parts.append(f"{edge_left}(?:{_alternation(members)}){edge_right}")
    return "|".join(parts)


def vocabulary(dataset: Dataset) -> Vocabulary:
    words = dataset.words
    before = _alternation([*words.qualifier, *words.currency])
    after = _alternation([*words.scale, *words.currency, *words.percent])
    # A number is found by its digits (fast), then widened to the unit words after it and the
    # qualifier or currency words before it (a second, anchored search on a short slice).
    numbers = re.compile(rf"(?<![\d.,])[-+]?{NUMBER_PATTERN}(?![\d])(?:\s*(?:{after}))*", re.IGNORECASE)
    prefix = re.compile(rf"(?:(?:{before})\s*)+$", re.IGNORECASE)
    owners: dict[str, set[str]] = {}
    for figure in dataset.figures:
        for name in (*figure.aliases, figure.partner or "", figure.product or ""):
            if len(name) >= 2:
                owners.setdefault(name.lower(), set()).add(figure.id)
    short = [n for n in _names(dataset) if _is_short_caps(n)]
    long = [n.lower() for n in _names(dataset) if not _is_short_caps(n)]
    names = re.compile(_phrases(long), re.IGNORECASE)
    exact = re.compile(_exact_phrases(short)) if short else None
    cues = {kind: re.compile(_phrases(ws), re.IGNORECASE) for kind, ws in words.cues.items() if ws}
    flows = {dataset.total_id or ""} | {p for r in dataset.relations if r.kind == "sum" and r.whole == dataset.total_id
                                         for p in r.parts}  # fmt: skip
    owned = {k: tuple(sorted(v)) for k, v in owners.items()}
    twins: dict[str, list[Figure]] = {}
    for figure in dataset.figures:
        if figure.counterpart:
            twins.setdefault(figure.counterpart, []).append(figure)
    frozen = {k: tuple(v) for k, v in twins.items()}
    flow_of = {i: f.flow for i in flows if (f := dataset.get(i)) is not None}
    return Vocabulary(numbers, prefix, names, exact, owned, cues, frozenset(flows), frozen, flow_of)


def _exact_phrases(phrases: Sequence[str]) -> str:
    """Short capitalised names (US, EU), matched with their case: 'us' the pronoun is not the US."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![A-Za-z0-9])"


def _names(dataset: Dataset) -> set[str]:
    return {n for f in dataset.figures for n in (*f.aliases, f.partner or "", f.product or "") if len(n) >= 2}


def _is_short_caps(name: str) -> bool:
    return len(name) <= 4 and name.isascii() and any(c.isupper() for c in name) and name == name.upper()


# -- scanning -------------------------------------------------------------------------------


def scan(text: str, dataset: Dataset) -> list[Finding]:
    """Every number in the text that the dataset can speak to, with its verdict, in text order."""
    vocab = vocabulary(dataset)
    prose = clean(text)
    line_starts = [0, *(m.end() for m in re.finditer("\n", prose))]
    findings: list[Finding] = []
    for offset, sentence in _sentences(prose):
        for finding in _sentence_findings(sentence, dataset, vocab):
            start = offset + finding.column
            line = bisect_right(line_starts, start)
            findings.append(finding._replace(line=line, column=start - line_starts[line - 1] + 1))
    return findings


def _sentence_findings(sentence: str, dataset: Dataset, vocab: Vocabulary) -> Iterator[Finding]:
    mentions = list(_mentions(sentence, dataset.words, vocab))
    if not mentions:
        return
    hits = _hits(sentence, vocab)
    assigned = _respectively(sentence, mentions, hits, vocab)
    previous: Finding | None = None
    for index, mention in enumerate(mentions):
        if _is_conversion(sentence, mention, previous):
            found = _conversion_note(mention, previous, dataset) if previous else None
            if found is not None:
                yield found
            continue
        names = [assigned[index]] if index in assigned else _candidates(sentence, mention, hits)
        finding = _judge(sentence, mention, names, hits, dataset, vocab)
        if finding is not None:
            yield finding
            previous = finding


def _mentions(sentence: str, words: Words, vocab: Vocabulary) -> Iterator[Mention]:
    for match in vocab.numbers.finditer(sentence):
        before = vocab.prefix.search(sentence, max(0, match.start() - 40), match.start())
        start, end = (before.start() if before else match.start()), match.end()
        written = sentence[start:end].strip()
        if _is_year_or_ordinal(sentence, match):
            continue
        try:
            quantity = parse_quantity(written, words)
        except ClaimError:
            continue
        bare = quantity.scale is None and quantity.currency is None and quantity.percent is None
        if bare and quantity.qualifier == "exact" and not _counted(sentence, end, vocab):
            continue  # a bare number: a date, a rank, a count of something we do not know
        yield Mention(start + len(sentence[start:end]) - len(sentence[start:end].lstrip()), end, written, quantity)


def _is_year_or_ordinal(sentence: str, match: re.Match[str]) -> bool:
    digits = match.group()
    following = sentence[match.end() : match.end() + 3]
    if re.match(r"(?:st|nd|rd|th)\b|\s*年|\s*月|\s*日|\s*届", following) or sentence[: match.start()].endswith("第"):
        return True
    return bool(re.fullmatch(r"(19|20)\d\d", digits))


def _counted(sentence: str, end: int, vocab: Vocabulary) -> bool:
    """A bare whole number followed (within two words) by what it counts ('240 countries', '78万家')."""
    pattern = vocab.cues.get("counted")
    found = pattern.search(sentence, end, end + 40) if pattern else None
    if found is None:
        return False
    gap = sentence[end : found.start()]
    return len(gap.split()) <= 2 and not _DIGIT.search(gap)


def _hits(sentence: str, vocab: Vocabulary) -> list[Hit]:
    """Names in the sentence; where names overlap the longest wins ('total imports and exports')."""
    found: list[Hit] = []
    for pattern in (vocab.names, vocab.exact_names):
        if pattern is None or not pattern.pattern:
            continue
        for match in pattern.finditer(sentence):
            found.append(Hit(match.start(), match.end(), vocab.owners.get(match.group().lower(), ())))
            for start in _inner_starts(sentence, match.start(), match.end()):  # a longer name may start inside
                inner = pattern.match(sentence, start)
                if inner and inner.end() > match.end():
                    found.append(Hit(start, inner.end(), vocab.owners.get(inner.group().lower(), ())))
    kept: list[Hit] = []
    for hit in sorted(found, key=lambda h: h.start - h.end):  # longest first
        if hit.figures and all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return _merge_flow_names(sorted(kept), vocab)


def _inner_starts(sentence: str, start: int, end: int) -> Iterator[int]:
    """Where a word (or a CJK character) begins inside a span, after its first character."""
    for position in range(start + 1, end):
        char, before = sentence[position], sentence[position - 1]
        if not char.isascii() or (char.isalnum() and not before.isalnum()):
            yield position


def _merge_flow_names(hits: list[Hit], vocab: Vocabulary) -> list[Hit]:
    """'民营企业进出口', "private firms' exports": a flow name right after an entity belongs to it."""
    merged: list[Hit] = []
    for hit in hits:
        follows_entity = merged and hit.start - merged[-1].end <= 3 and not set(merged[-1].figures) <= vocab.flow_ids
        if follows_entity and set(hit.figures) <= vocab.flow_ids:
            merged[-1] = merged[-1]._replace(end=hit.end)
            continue
        merged.append(hit)
    return merged


def _qualified(sentence: str, hit: Hit, vocab: Vocabulary) -> bool:
    """'Metal ore imports', 'exports to Germany': a flow name narrowed by words we cannot interpret."""
    before = sentence[max(0, hit.start - 30) : hit.start]
    word = re.search(r"([A-Za-z][\w'-]*|[\u4e00-\u9fff]{1,2})\s*$", before)
    if word is None:
        return False
    allowed = vocab.cues.get("flow_prefixes")
    if allowed and allowed.fullmatch(word.group(1)):
        return False
    return not re.fullmatch(r"[a-z]+(?:ed|ing)", word.group(1))  # a verb ("said", "outpacing") narrows nothing


def _candidates(sentence: str, mention: Mention, hits: Sequence[Hit]) -> list[Hit]:
    """Names in the number's clause, nearest first: before it, then (for counts) just after it."""
    before = [h for h in hits if h.end <= mention.start and mention.start - h.end <= _LINK_WINDOW]
    before = [h for h in before if not _CLAUSE_BREAK.search(sentence[h.end : mention.start])]
    after = [h for h in hits if h.start >= mention.end and h.start - mention.end <= 40]
    after = [h for h in after if not _CLAUSE_BREAK.search(sentence[mention.end : h.start])]
    return [*reversed(before), *after[:1]]


def _respectively(sentence: str, mentions: Sequence[Mention], hits: Sequence[Hit], vocab: Vocabulary) -> dict[int, Hit]:
    """'ASEAN, Latin America and Africa ... 8%, 6.5% and 18.4%, respectively': pair them in order."""
    cue = vocab.cues.get("respectively")
    if cue is None or not cue.search(sentence):
        return {}
    pairs: dict[int, Hit] = {}
    for kind in ("percent", "amount", "scaled"):
        indexes = [i for i, m in enumerate(mentions) if _kind(m.quantity) == kind]
        if len(indexes) < 2:
            continue
        listed = [h for h in hits if h.end <= mentions[indexes[0]].start]
        listed = listed[-len(indexes) :]
        if len(listed) == len(indexes):
            pairs.update(zip(indexes, listed, strict=True))
    return pairs


def _kind(quantity: Quantity) -> str:
    if quantity.percent is not None:
        return quantity.percent
    if quantity.currency is not None:
        return "amount"
    return "scaled" if quantity.scale is not None else "count"  # "78万 entities", "45 trillion"


# -- judging one number -----------------------------------------------------------------------


def _judge(
    sentence: str, mention: Mention, names: Sequence[Hit], hits: Sequence[Hit], dataset: Dataset, vocab: Vocabulary
) -> Finding | None:
    """Link the number to the nearest name whose figures have the field the wording implies."""
    if not names:
        return None  # a number about nothing the dataset names: leave it out
    context = sentence[max(0, names[0].start - 40) : mention.end + 25]
    field = _field(mention, sentence, vocab)
    if field is None:
        return _unverifiable(mention, None, None, "the wording does not say what this number measures")
    period = _period(sentence, mention, dataset, vocab)
    around = _surroundings(mention, field, context, _flows(hits, names[0].start - 40, mention.end + 25, vocab), vocab)
    reason = ""
    for hit in names:
        if set(hit.figures) <= vocab.flow_ids and _qualified(sentence, hit, vocab):
            name = sentence[hit.start : hit.end]
            reason = reason or f"'{name}' is narrowed here by words the dataset does not cover"
            if field == "share":
                continue  # "占进出口总值的57.3%": the flow is the base of the share; its subject is further back
            break  # never fall back to an earlier name: "outpacing imports, which rose 0.5%" is not about it
        figure = _figure(hit, field, mention, around, period, dataset, vocab)
        if not isinstance(figure, str):
            return _grade(mention, figure, field, context, dataset, vocab)
        reason = reason or figure
        if not figure.startswith(NO_CANDIDATE):
            break  # the nearest name fits several figures: never guess by looking further back
    return _unverifiable(mention, None, field, reason)


def _field(mention: Mention, sentence: str, vocab: Vocabulary) -> str | None:
    """What a number measures, from the cue words nearest to it ('增长7.1%, 占 57.3%': growth, share)."""
    kind = _kind(mention.quantity)
    if kind not in ("percent", "points"):
        return "value"
    earlier = sentence[max(0, mention.start - 120) : mention.start]
    share_said = _cue(vocab, "share", earlier)  # "the share of X ... was 57.3 percent"
    if kind == "points":
        return "share_change" if share_said or _cue(vocab, "share", sentence) else "value"
    nearest = _nearest_cue(sentence, mention, vocab, ("share", "growth", "decline"))
    if nearest is None:
        return "share" if share_said else None
    return "share" if nearest == "share" else "growth"


def _nearest_cue(sentence: str, mention: Mention, vocab: Vocabulary, kinds: Sequence[str]) -> str | None:
    """The kind of cue word closest to the number, within a few words either side."""
    window_start, window_end = max(0, mention.start - 40), min(len(sentence), mention.end + 30)
    best: tuple[int, str] | None = None
    for kind in kinds:
        pattern = vocab.cues.get(kind)
        if pattern is None:
            continue
        for match in pattern.finditer(sentence, window_start, window_end):
            distance = mention.start - match.end() if match.end() <= mention.start else match.start() - mention.end
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, kind)
    return best[1] if best else None


def _ends_with_cue(vocab: Vocabulary, kind: str, text: str) -> bool:
    """The text ends with a cue word of this kind (spaces aside)."""
    pattern, trimmed = vocab.cues.get(kind), text.rstrip()
    if pattern is None:
        return False
    return any(m.end() == len(trimmed) for m in pattern.finditer(trimmed, max(0, len(trimmed) - 30)))


def _cue(vocab: Vocabulary, kind: str, text: str) -> bool:
    pattern = vocab.cues.get(kind)
    return bool(pattern and pattern.search(text))


def _period(sentence: str, mention: Mention, dataset: Dataset, vocab: Vocabulary) -> str:
    """The period a number is about: a year or month named in its clause, else the dataset's."""
    clause_start = max(0, mention.start - 120)
    clause = sentence[clause_start : mention.end + 60]
    years = [m for m in _YEAR.finditer(clause) if not _ends_with_cue(vocab, "compared", clause[: m.start()])]
    year = (f"{years[0].group(1)}-{years[0].group(2)}" if years[0].group(2) else years[0].group(1)) if years else None
    months = {m.lower() for m in _MONTH_NAMES.findall(clause)}  # "up 3.8% from 2024" is about 2025, above
    months |= {MONTH_NAMES[int(m) - 1] for m in _CJK_MONTH.findall(clause)}
    if (year is not None and "-" in year) or not months or len(months) > 2:
        return year or dataset.period
    first, *rest = sorted(months, key=MONTH_NAMES.index)  # "from January to October": Jan-Oct
    span = f"{first[:3].title()}-{rest[0][:3].title()}" if rest else first.title()
    return f"{span} {year or dataset.period}"


class Surroundings(NamedTuple):
    """What the words around a number say, read once per number."""

    other_partner: bool  # a partner the dataset does not cover is named
    currency: str  # the currency the number is in (dollar cues make a growth rate USD)
    flows: set[str]  # exports, imports, or total


def _surroundings(mention: Mention, field: str, context: str, flows: set[str], vocab: Vocabulary) -> Surroundings:
    dollars = mention.quantity.currency == "USD" or (field == "growth" and _cue(vocab, "usd", context))
    return Surroundings(_cue(vocab, "other_partners", context), "USD" if dollars else "CNY", flows)


def _figure(
    hit: Hit, field: str, mention: Mention, around: Surroundings, period: str, dataset: Dataset, vocab: Vocabulary
) -> Figure | str:
    """The one figure the name, field, flow, currency and period point to, or why there is none."""
    if around.other_partner:
        return "the sentence is about a partner the dataset does not cover"
    named = [f for figure_id in hit.figures for f in dataset.versions(figure_id)]
    twins = [f for figure_id in hit.figures for f in vocab.twins.get(figure_id, ())]  # the same in dollars
    candidates = [
        f
        for f in [*named, *twins]
        if getattr(f, field) is not None and _in_period(f, period, dataset) and _unit_fits(f, field, mention, dataset)
    ]
    candidates = _prefer(candidates, lambda f: _currency(f, field, dataset) == around.currency)
    candidates = _prefer(candidates, lambda f: f.flow in around.flows)
    ids = {f.id for f in candidates}
    if not ids:
        return f"{NO_CANDIDATE} named here with a {field} for {period}"
    if len(ids) > 1:
        return f"cannot tell which figure this is ({', '.join(sorted(ids))} all fit)"
    return candidates[0]


def _unit_fits(figure: Figure, field: str, mention: Mention, dataset: Dataset) -> bool:
    """An amount in yuan can only be a value in money; a bare count only a count."""
    if field != "value":
        return True
    kind = dataset.unit_kind(figure.unit)
    wanted = {
        "amount": ("amount",),
        "scaled": ("amount", "count"),
        "points": ("percent",),
        "percent": ("percent",),
    }.get(_kind(mention.quantity), ("count", "duration", "rank"))
    return kind in wanted


def _in_period(figure: Figure, period: str, dataset: Dataset) -> bool:
    return same_period(figure.period, period)


def _prefer(candidates: list[Figure], test: Callable[[Figure], bool]) -> list[Figure]:
    """The candidates that pass the test, or all of them if none does (a preference, not a filter)."""
    preferred = [c for c in candidates if test(c)]
    return preferred or candidates


def _currency(figure: Figure, field: str, dataset: Dataset) -> str | None:
    if field == "growth":
        return growth_currency(figure, dataset)
    unit = dataset.unit(figure.unit) if field == "value" else None
    return unit.currency if unit and unit.currency else "CNY"


def _flows(hits: Sequence[Hit], start: int, end: int, vocab: Vocabulary) -> set[str]:
    """The flows named near the number, read from the names of the flow figures themselves
    ('shipments abroad', 出口 are aliases of exports; 进出口 of the total), so they are data."""
    flows = {
        vocab.flow_of[i] for h in hits if start <= h.start and h.end <= end for i in h.figures if i in vocab.flow_of
    }
    return flows or {"total"}


def _grade(mention: Mention, figure: Figure, field: str, context: str, dataset: Dataset, vocab: Vocabulary) -> Finding:
    quantity = mention.quantity
    claimed = _claimed_number(quantity, figure, field, context, dataset, vocab)
    if isinstance(claimed, str):
        return _unverifiable(mention, figure, field, claimed)
    official = getattr(figure, field)
    basis = _basis_confusion(figure, field, context, vocab)
    verdict, reason = grade(Said(claimed, quantity.qualifier), Said(official, figure.qualifier_of(field)),
                            dataset.rounding)  # fmt: skip
    if basis and verdict != "mismatch":
        verdict, reason = "mismatch", basis
    elif verdict == "mismatch":
        reason += _stale_hint(claimed, figure, field, dataset)
    return Finding(0, mention.start, mention.text, figure.id, field, claimed, official, verdict, reason, figure.period)


def _claimed_number(
    quantity: Quantity, figure: Figure, field: str, context: str, dataset: Dataset, vocab: Vocabulary
) -> Decimal | str:
    falling = field == "growth" and _direction(context, quantity, vocab) == "decline"
    number = -quantity.number if falling else quantity.number
    if field != "value":
        return number
    unit = dataset.unit(figure.unit)
    if unit is None:
        return number
    if quantity.percent is not None and unit.kind != "percent":
        return f"a percentage cannot be {figure.id}'s value, which is in {figure.unit}"
    if quantity.currency and unit.currency and quantity.currency != unit.currency:
        return f"the number is in {quantity.currency}; {figure.id} is in {unit.currency}"
    if unit.kind == "amount" and quantity.scale is None and quantity.currency is None:
        return "an amount without its unit"
    if quantity.scale is None:
        return number
    return number.scaleb((quantity.scale / (unit.scale or Decimal(1))).adjusted())


def _direction(context: str, quantity: Quantity, vocab: Vocabulary) -> str | None:
    """'inched up 0.5 percent ... despite lower prices': the cue nearest the number decides the sign."""
    at = context.find(quantity.text) if quantity.text in context else len(context) // 2
    mention = Mention(at, at + len(quantity.text), quantity.text, quantity)
    return _nearest_cue(context, mention, vocab, ("growth", "decline"))


def _basis_confusion(figure: Figure, field: str, context: str, vocab: Vocabulary) -> str:
    if field != "growth" or figure.basis not in ("value", "volume"):
        return ""
    said_volume, said_value = _cue(vocab, "volume", context), _cue(vocab, "value", context)
    if figure.basis == "value" and said_volume and not said_value:
        return f"the official {figure.growth}% for {figure.id} is growth in value, not volume"
    if figure.basis == "volume" and said_value and not said_volume:
        return f"the official {figure.growth}% for {figure.id} is growth in volume, not value"
    return ""


def _stale_hint(claimed: Decimal, figure: Figure, field: str, dataset: Dataset) -> str:
    for other in dataset.versions(figure.id):
        stated = getattr(other, field)
        if other.period != figure.period and stated is not None and grade(Said(claimed), Said(stated))[0] == "match":
            return f"; {claimed} is the {other.period} figure"
    return ""


def _unverifiable(mention: Mention, figure: Figure | None, field: str | None, reason: str) -> Finding:
    figure_id = figure.id if figure else None
    return Finding(0, mention.start, mention.text, figure_id, field, None, None, "unverifiable", reason)


# -- parenthetical conversions ------------------------------------------------------------------


def _is_conversion(sentence: str, mention: Mention, previous: Finding | None) -> bool:
    """'45.47 trillion yuan ($6.35 trillion)': a dollar amount in brackets right after a yuan one."""
    if mention.quantity.currency != "USD" or previous is None:
        return False
    return bool(_OPENING_BRACKET.search(sentence, 0, mention.start))


def _conversion_note(mention: Mention, previous: Finding, dataset: Dataset) -> Finding | None:
    """A conversion is not an official figure; say so when it is far from the official dollar one."""
    from tradecli.convert import implied_rate

    figure = dataset.get(previous.figure, previous.period) if previous.figure else None
    if figure is None or figure.value is None or previous.field != "value":
        return None
    rate = implied_rate(dataset, figure.period, "USD")
    unit = dataset.unit(figure.unit)
    if rate is None or unit is None or not unit.scale or mention.quantity.scale is None:
        return None
    official = figure.value * unit.scale / rate / mention.quantity.scale
    claimed = mention.quantity.number
    gap = (claimed / official - 1) * 100
    if abs(gap) <= 1:
        return None
    reason = (
        f"a conversion, not an official figure; {claimed} is {gap:+.1f}% from the {official:.2f} that the "
        f"official totals imply (at {rate} yuan per dollar)"
    )
    return Finding(0, mention.start, mention.text, figure.id, "value", claimed, official.quantize(Decimal("0.01")),
                   "note", reason, figure.period)  # fmt: skip
