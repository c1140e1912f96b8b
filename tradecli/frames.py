"""What each number in a sentence is said of: a typed frame read from its clause.

A frame says what is measured (value, growth, share, share change), of what (flow, partner,
product, subject), in which currency, period and basis, and by whom (China's customs unless the
text names another source or a forecast). It is read from the names and cue words of the
number's own clause; a clause that names nothing continues the frame of the clause before it
("出口26.99万亿元, 增长6.1%"), and one that names only part of a frame may or may not inherit the
rest ("Trade with the US fell 18.7%, with exports down 20%"): the inherited part is optional,
and the linker tries the frame with and without it. Coordinated names and numbers pair in order
("Latin America and Africa grew 6.5 percent and 18 percent"), with or without "respectively".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from tradecli.claims import Quantity
from tradecli.lexicon import DIMENSIONS, Lexicon, compared_before, cue, first_cue, last_cue, once
from tradecli.textlists import list_start, pairs, runs
from tradecli.textnames import Hit, names_in
from tradecli.textperiods import clause_period, compared_months, compared_years, period_of
from tradecli.textread import ASIDE, Mention, clause_starts, unbracketed

_BACK = 160  # characters a number looks back for its names and cues, at most
_AHEAD = 60  # ... and ahead, within its clause
_CLOSE_AFTER = 20  # "growth at 25.8% in Chinese exports": a name right after the number still belongs to it
_TOGETHER = 30  # a flow and a partner further apart than this are not one name ("exports to the US")


class Frame(NamedTuple):
    """What one number is said to measure; `optional` holds what it may inherit, or not."""

    field: str | None
    dims: dict[str, str]
    optional: dict[str, str]
    currency: str | None  # the currency a growth rate is in, when the text says so
    period: str
    basis: str | None
    source: str | None  # another source or a forecast: not China's customs data
    negative: bool
    doubts: tuple[str, ...]  # why the link may be wrong; none means a certain link
    base: str | None = None  # for a share: the flow it is a share of ("of China's total exports")
    period_stated: bool = False  # the text names the period (else it is the dataset's)


class Context(NamedTuple):
    """What a clause (or a sentence) leaves for the next one to continue: its frame, period, currency."""

    dims: dict[str, str]
    optional: dict[str, str]
    field: str | None
    negative: bool
    currency: str | None
    period: str | None
    basis: str | None
    source: str | None
    topic: bool = False  # the clause named something and stated no number: it sets the topic
    sentence_currency: str | None = None  # an "in dollar terms" anywhere in the sentence


_START = Context({}, {}, None, False, None, None, None, None)


def frames(
    sentence: str, mentions: Sequence[Mention], lex: Lexicon, default_period: str, before: Context | None = None
) -> tuple[list[Frame], Context]:
    """One frame per mention, in order, reading the sentence clause by clause; and what the sentence
    leaves for the next one. A sentence that refers back ("其中, 出口…", "They dropped 28%") continues
    the frame of the sentence `before` it, if that is known; if not, its links are uncertain."""
    lex = lex._replace(memo={})  # what this sentence's reading works out once
    found = names_in(sentence, mentions, lex)
    starts = [s for s in clause_starts(unbracketed(sentence)) if not any(h.start < s < h.end for h in found)]
    paired = pairs(sentence, mentions, found, lex)
    unpaired = {i for run in runs(sentence, mentions, lex) for i in run if i not in paired}
    paired_sentence = bool(paired) or cue(lex, "respectively", sentence)
    first_listed = min((h.start for h in paired.values()), default=list_start(sentence, found, lex))
    attributed = _trailing_source(sentence, mentions, found, starts, lex)
    by_clause: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        by_clause.setdefault(bisect_right(starts, mention.start) - 1, []).append(index)
    result: dict[int, Frame] = {}
    state = _START._replace(sentence_currency=_currency(sentence, lex))
    refers_back = _refers_back(sentence, found, mentions, starts, lex)
    if refers_back and before is not None:
        state = before._replace(topic=True, field=None, negative=False, sentence_currency=state.sentence_currency)
    for clause, start in enumerate(starts):
        end = starts[clause + 1] if clause + 1 < len(starts) else len(sentence)
        clause_hits = [h for h in found if start <= h.start < end]
        for index in by_clause.get(clause, ()):
            frame = _frame(sentence, mentions, index, (start, end), clause_hits, state, lex, default_period,
                           paired.get(index))  # fmt: skip
            if index in unpaired:  # "以水运、陆路、航空…分别增长6.2%、12.4%和8.2%": a list of things not named here
                frame = frame._replace(doubts=(*frame.doubts, "it is one of a list of numbers no list of names pairs"))
            elif index not in paired and paired_sentence and mentions[index].start > first_listed:
                frame = frame._replace(doubts=(*frame.doubts, "a list in the sentence does not pair with it"))
            if refers_back and before is None:
                frame = frame._replace(doubts=(*frame.doubts, "it refers back to an earlier sentence"))
            if attributed and frame.source is None:
                frame = frame._replace(source=attributed)
            result[index] = frame
        state = _carry(sentence, (start, end), clause_hits, state, lex, default_period, result, by_clause.get(clause),
                       mentions)  # fmt: skip
    return [result[i] for i in range(len(mentions))], state


def _refers_back(
    sentence: str, found: Sequence[Hit], mentions: Sequence[Mention], starts: list[int], lex: Lexicon
) -> bool:
    """'其中, …', 'Of which …', 'Exports there …', 'Those to …': before its first number the sentence
    points at the one before ('those' only before any name: later it continues a clause of its own)."""
    first_number = min([m.start for m in mentions] or [len(sentence)])
    first_name = min([h.start for h in found if h.kind in DIMENSIONS] or [len(sentence)])
    opening = sentence[: min(first_name, starts[1] if len(starts) > 1 else len(sentence))]
    openers = lex.cues.get("openers")
    opens = openers is not None and openers.match(sentence.lstrip()) is not None  # "同期, …", "Over the period, …"
    return opens or cue(lex, "anaphora", sentence[:first_number]) or cue(lex, "ellipsis", opening)


# -- names ---------------------------------------------------------------------------------------


def _nearest(
    hits_: Sequence[Hit], kind: str, mention: Mention, span: tuple[int, int], before_only: bool = False
) -> Hit | None:
    """The name of this kind nearest before the number in its clause, else the nearest after it
    (unless the clause names something before the number: then that is what it is said of)."""
    start, end = span
    before = [h for h in hits_ if h.kind == kind and start <= h.start and h.end <= mention.start
              and mention.start - h.end <= _BACK]  # fmt: skip
    if before:
        return before[-1]
    reach = _CLOSE_AFTER if before_only else _AHEAD
    after = [h for h in hits_ if h.kind == kind and h.start >= mention.end and h.start < end
             and h.start - mention.end <= reach]  # fmt: skip
    return after[0] if after else None


# -- one number ------------------------------------------------------------------------------------


def _frame(
    sentence: str, mentions: Sequence[Mention], index: int, span: tuple[int, int], clause_hits: Sequence[Hit],
    state: Context, lex: Lexicon, default_period: str, paired: Hit | None = None,
) -> Frame:  # fmt: skip
    mention = mentions[index]
    start, end = span
    whole_clause = clause_hits
    clause_hits = _visible(sentence, clause_hits, mention, lex)
    numbers: list[int] = once(lex, ("numbers outside asides",), lambda: [
        m.start for m in mentions if not _in_aside(sentence, m.start, lex)
    ])  # fmt: skip
    following = numbers[bisect_right(numbers, mention.start) :]
    if following:  # a name after the next number is that number's ("26.99 trillion yuan from 65 countries")
        clause_hits = [h for h in clause_hits if h.start < following[0]]
    field, negative, cued = _measure(sentence, mention, span, lex)
    if field == "growth" and _over_another_base(sentence, mention, span, lex):
        field = "other base"  # "2025年比2020年增长41.1%": growth over five years, not year on year
    named = _own_names(sentence, clause_hits, mention, span, field, lex)
    if paired is not None:
        named[paired.kind] = paired  # a number paired with one name of a list: that name
    base = named.pop("base", None)
    own = {kind: hit.key for kind, hit in named.items()}
    doubts: list[str] = []
    loose = _loose(named, clause_hits, mention.start)
    if loose:
        doubts.append(f"its {loose} is not said together with the rest")
    if paired is None and _competing(clause_hits, named, mention):
        doubts.append("its clause names more than one of them")
    dims, optional = _inherit(own, {**state.optional, **state.dims})
    if not own:
        dims, optional = dict(state.dims), dict(state.optional)
    continues = state.topic or once(lex, ("continues", start, end), lambda: _continues(
        sentence, span, whole_clause, mentions, lex))  # fmt: skip
    if optional and (continues or paired is not None):
        dims, optional = {**optional, **dims}, {}  # list items share the frame of their list
    if optional and _whole_flow(sentence, named.get("flow"), lex):
        optional = {}  # "total imports", "整体出口": not a part of anything named before
    if loose:
        optional[loose] = dims.pop(loose)
    if optional:
        doubts.append("part of what it is said of comes from an earlier clause")
    if field is None and state.field not in (None, "value") and mention.quantity.percent is not None:
        field, negative, cued = state.field, state.negative, False
    elif field == "growth" and state.field == "share" and _a_level(sentence, mention, span, lex):
        field, negative = "share", False  # "the proportion ..., which surpassed 50% in 2024, rose to 51.9%"
    if not cued and own and not continues:
        doubts.append("the clause does not say what the number measures")
    if mention.counted:
        doubts.append("a count names what it counts, not which set of them")
    clause = sentence[max(start, mention.start - _BACK) : min(end, mention.end + _AHEAD)]
    source = _source(clause_hits, mention) or state.source
    stated = period_of(sentence, mentions, index, span, lex, default_period)
    said_currency = once(
        lex,
        ("currency", start, end),
        lambda: _currency(sentence[start:end], lex) or _amounts_currency(sentence, mentions, span),
    )
    return Frame(
        field=field,
        dims=dims,
        optional=optional,
        currency=said_currency or state.currency or state.sentence_currency,
        period=stated or state.period or default_period,
        period_stated=bool(stated or state.period),
        basis=_basis(clause, lex) or state.basis,
        source=source,
        negative=negative,
        doubts=tuple(doubts),
        base=base.key if base else None,
    )


def _asides(sentence: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The sentence's asides (brackets, paired dashes), found once per sentence."""
    found: list[tuple[int, int]] = once(
        lex, ("asides",), lambda: [(a.start(), a.end()) for a in ASIDE.finditer(sentence)]
    )
    return found


def _in_aside(sentence: str, position: int, lex: Lexicon) -> bool:
    return any(start <= position < end for start, end in _asides(sentence, lex))


def _visible(sentence: str, clause_hits: Sequence[Hit], mention: Mention, lex: Lexicon) -> list[Hit]:
    """The names a number sees: none inside an aside it is not in ('up 6.3% — 2.5 points faster than
    overall trade —' does not make 6.3% overall trade's)."""
    hidden = [(a, b) for a, b in _asides(sentence, lex) if not a <= mention.start < b]
    return [h for h in clause_hits if not any(a <= h.start < b for a, b in hidden)]


def _a_level(sentence: str, mention: Mention, span: tuple[int, int], lex: Lexicon) -> bool:
    """'increased to 51.9 percent': a change word then a level word right before the number."""
    direct = sentence[max(span[0], mention.start - 30) : mention.start]
    change = last_cue(lex, ("rise", "decline"), direct)
    return (
        change is not None and cue(lex, "level", direct[change:]) and not cue(lex, "share", sentence[span[0] : span[1]])
    )


def _continues(
    sentence: str, span: tuple[int, int], clause_hits: Sequence[Hit], mentions: Sequence[Mention], lex: Lexicon
) -> bool:
    """When a clause continues the one before for certain (besides after a topic): it says so
    ("those to the EU") or it is a bare list item ("..., Africa (36.1%), and Latin America (7.4%))."""
    start, end = span
    if cue(lex, "ellipsis", sentence[start:end]) and start > 0:
        return True
    rest = unbracketed(sentence[start:end])
    spans = [(h.start, h.end) for h in clause_hits] + [(m.start, m.end) for m in mentions if start <= m.start < end]
    for first, last in sorted(spans, reverse=True):
        rest = rest[: first - start] + " " * (last - first) + rest[last - start :]
    for kind in ("coordinators", "prepositions"):
        pattern = lex.cues.get(kind)
        rest = pattern.sub(" ", rest) if pattern else rest
    return not re.search(r"[A-Za-z]|[\u4e00-\u9fff]", rest)


def _whole_flow(sentence: str, flow: Hit | None, lex: Lexicon) -> bool:
    return flow is not None and cue(lex, "whole", sentence[max(0, flow.start - 10) : flow.end])


def _own_names(
    sentence: str, clause_hits: Sequence[Hit], mention: Mention, span: tuple[int, int], field: str | None,
    lex: Lexicon,
) -> dict[str, Hit]:  # fmt: skip
    """The names the number's own clause gives it, one per dimension.

    A partner placeholder ('bilateral') yields to a real partner in the clause; for a share, a flow
    named after the share word is its base ('占外贸总值的57.3%'), not what the share is of."""
    named: dict[str, Hit] = {}
    before_only = any(h.kind in DIMENSIONS and span[0] <= h.start and h.end <= mention.start for h in clause_hits)
    attached = _attached_after(sentence, clause_hits, mention, lex)
    for kind in DIMENSIONS:
        hit = attached.get(kind) or _nearest(clause_hits, kind, mention, span, before_only)
        if hit is None:
            continue
        if hit.key.startswith("("):
            real = [h for h in clause_hits if h.kind == kind and not h.key.startswith("(") and h.end <= mention.start]
            hit = real[-1] if real else hit
        named[kind] = hit
    if field == "share" and "flow" in named:
        pattern = lex.cues.get("share")
        cue = pattern.search(sentence, span[0], span[1]) if pattern else None
        if cue is not None and named["flow"].start >= cue.start():
            named["base"] = named.pop("flow")
    return named


def _attached_after(sentence: str, clause_hits: Sequence[Hit], mention: Mention, lex: Lexicon) -> dict[str, Hit]:
    """'8.4% to the European Union and 7.4% to Latin America': a name joined to the number by a
    preposition right after it is what the number is said of, whatever was named before."""
    pattern = lex.cues.get("prepositions")
    attached: dict[str, Hit] = {}
    for hit in clause_hits:
        gap = sentence[mention.end : hit.start]
        if hit.kind not in ("partner", "product", "flow") or not 0 < len(gap) <= 24 or pattern is None:
            continue
        words = pattern.sub(" ", gap).replace(" the ", " ").split()
        if hit.kind == "flow":  # "a 5.5% increase in exports": a change of that flow
            words = [w for w in words if not cue(lex, "rise", w) and not cue(lex, "decline", w)
                     and not cue(lex, "growth", w)]  # fmt: skip
        if pattern.search(gap) and words in ([], ["the"]):
            attached.setdefault(hit.kind, hit)
    return attached


def _loose(named: dict[str, Hit], clause_hits: Sequence[Hit], at: int) -> str | None:
    """A flow and a partner or product far apart in a clause ('U.S. demand has not hindered China's
    overall export performance') are not said together: the one farther from the number is loose."""
    flow = named.get("flow")
    if flow is None:
        return None
    for kind in ("partner", "product"):
        other = named.get(kind)
        if other is None:
            continue
        if other.start > at or flow.start > at:
            continue  # "growth at 36.1% in Chinese exports": a name after the number is attached to it
        same = [h for h in clause_hits if h.kind == kind and h.key == other.key] or [other]
        gap = min(max(flow.start, h.start) - min(flow.end, h.end) for h in same)
        if gap > _TOGETHER:
            return kind if other.start < flow.start else "flow"
    return None


def _competing(clause_hits: Sequence[Hit], named: dict[str, Hit], mention: Mention) -> bool:
    """Two different partners (or products) before the number in one clause, neither said together
    with its flow ('对美国出口' is): which one is it about?"""
    flow = named.get("flow")
    for kind in ("partner", "product"):
        chosen = named.get(kind)
        if chosen is None or (
            flow is not None and min(abs(chosen.start - flow.end), abs(flow.start - chosen.end)) <= 3
        ):
            continue
        keys = {h.key for h in clause_hits if h.kind == kind and h.end <= mention.start and not h.key.startswith("(")}
        if len(keys) > 1:
            return True
    return False


def _inherit(own: dict[str, str], before: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A clause naming nothing continues the one before; one naming a new partner, product or
    subject starts afresh except for the flow; one naming only a flow may keep the old subject."""
    if not own:
        return dict(before), {}
    entity = {"partner", "product", "subject"}
    if own.keys() & entity:
        kept = {"flow", "partner", "product", "subject"} - own.keys()  # "全省…, 其中对东盟": the province's
        kept -= {"partner", "product"} if "subject" in own else set()
        return dict(own), {k: v for k, v in before.items() if k in kept}
    return dict(own), {k: v for k, v in before.items() if k in entity}


def _measure(sentence: str, mention: Mention, span: tuple[int, int], lex: Lexicon) -> tuple[str | None, bool, bool]:
    """What the number measures, whether it is a fall, and whether a cue in its clause said so."""
    quantity = mention.quantity
    start, end = span
    before = sentence[max(start, mention.start - 80) : mention.start]
    after = sentence[mention.end : min(end, mention.end + 40)]
    negative = _falls(sentence, mention, span, lex)
    share = cue(lex, "share", before) or cue(lex, "share", after)
    direct = sentence[max(start, mention.start - 30) : mention.start]
    share_words = lex.cues.get("share")
    if share_words is not None:  # "made up 51.9%": the "up" of a share phrase is no rise
        direct = share_words.sub(lambda m: " " * len(m.group()), direct)
    if quantity.percent == "points":
        if compared_before(lex, direct) or cue(lex, "compared", direct[-12:]) or cue(lex, "compared", after[:20]):
            return "gap", False, True  # "2.5 percentage points higher than", "比全国高1.3个百分点"
        return ("share_change" if share else "value"), negative, True
    if quantity.percent is None:
        by_change = re.search(r"\bby\s*$", direct) and last_cue(lex, ("rise", "decline"), direct) is not None
        return ("change" if by_change else "value"), False, True
    if cue(lex, "average", direct):
        return "average", False, True
    if cue(lex, "contribution", before):
        return "contribution", False, True  # "拉动…上升至1.3%", "contributing 30% of growth"
    change = last_cue(lex, ("rise", "decline", "growth"), direct)
    share_next = lex.cues.get("share")
    if share_next is not None and share_next.match(after.lstrip()[:24]):
        return "share", False, True  # "contributing 55.5 percent of the country's foreign trade"
    if change is not None and not cue(lex, "level", direct[change:]):
        return "growth", negative, True
    if share:
        return "share", False, True
    if cue(lex, "rise", before + after) or cue(lex, "decline", before + after) or cue(lex, "growth", before + after):
        return "growth", negative, True
    if once(lex, ("says growth", start, end), lambda: _says_growth(unbracketed(sentence[start:end]), lex)):
        return "growth", negative, True  # "destinations such as ASEAN (18.8 percent) ... posting growth"
    return None, False, False


def _over_another_base(sentence: str, mention: Mention, span: tuple[int, int], lex: Lexicon) -> bool:
    """A growth rate compared with a year other than the year before ('41.1 percent higher than in 2020'),
    or with a month of the same year ('fell 20 percent from November': a change on the month before)."""
    first, last = max(span[0], mention.start - 40), min(span[1], mention.end + 30)
    base = lex.comparison_period[-4:]
    if any(year != base for year in compared_years(sentence[first:last], lex)):
        return True
    clause = sentence[span[0] : span[1]]  # whole, so that a month's year after the window is seen
    return any(first <= span[0] + at < last for at in compared_months(clause, lex))


def _says_growth(clause: str, lex: Lexicon) -> bool:
    return any(cue(lex, kind, clause) for kind in ("rise", "decline", "growth")) and not cue(lex, "share", clause)


def _falls(sentence: str, mention: Mention, span: tuple[int, int], lex: Lexicon) -> bool:
    """'fell by 18.7% year-on-year': the direction word nearest before the number, else just after
    it ('a 20% drop'); 'down from 7.1%' compares two levels and says nothing of a fall."""
    start, end = span
    before = sentence[max(start, mention.start - 60) : mention.start]
    rise, fall = last_cue(lex, ("rise",), before), last_cue(lex, ("decline",), before)
    if rise is None and fall is None:
        after = sentence[mention.end : min(end, mention.end + 25)]
        rise, fall = first_cue(lex, ("rise",), after), first_cue(lex, ("decline",), after)
        if rise is None and fall is None:
            return False
        return fall is not None and (rise is None or fall < rise)
    if fall is None or (rise is not None and rise > fall):
        return False
    return not cue(lex, "compared", before[fall:])


def _currency(text: str, lex: Lexicon) -> str | None:
    """A growth rate's currency: an 'in dollar terms' phrase in its clause (or else its sentence)."""
    if cue(lex, "usd", text):
        return "USD"
    if cue(lex, "cny", text):
        return "CNY"
    return None


def _amounts_currency(sentence: str, mentions: Sequence[Mention], span: tuple[int, int]) -> str | None:
    """'Exports rose 5.5% to $3.77 trillion': a growth rate is in the currency of its clause's amount
    (not of a bracketed conversion)."""
    start, end = span
    clause = unbracketed(sentence[start:end])
    for other in mentions:
        quantity = other.quantity
        if (
            start <= other.start < end
            and quantity.currency
            and quantity.percent is None
            and clause[other.start - start : other.end - start].strip()
        ):
            return quantity.currency
    return None


def _basis(clause: str, lex: Lexicon) -> str | None:
    """What a growth rate measures, when the clause says exactly one of value, volume or price."""
    said = [basis for basis in ("value", "volume", "price") if cue(lex, basis, clause)]
    return said[0] if len(said) == 1 else None


def _source(clause_hits: Sequence[Hit], mention: Mention) -> str | None:
    sources = [h.key for h in clause_hits if h.kind == "source"]
    return sources[0] if sources else None


def _trailing_source(
    sentence: str, mentions: Sequence[Mention], found: Sequence[Hit], starts: list[int], lex: Lexicon
) -> str | None:
    """'…, according to US data': an attribution in a clause of its own covers the whole sentence."""
    numbered = {bisect_right(starts, m.start) - 1 for m in mentions}
    for hit in found:
        clause = bisect_right(starts, hit.start) - 1
        if hit.kind == "source" and clause not in numbered:
            end = starts[clause + 1] if clause + 1 < len(starts) else len(sentence)
            if cue(lex, "attribution", sentence[starts[clause] : end]):
                return hit.key
    return None


def _carry(
    sentence: str, span: tuple[int, int], clause_hits: Sequence[Hit], state: Context, lex: Lexicon,
    default_period: str, result: dict[int, Frame], numbered: Sequence[int] | None, mentions: Sequence[Mention],
) -> Context:  # fmt: skip
    """What this clause leaves for the next: its names, measure, currency, period and source."""
    start, end = span
    clause = sentence[start:end]
    last = result[numbered[-1]] if numbered else None
    named_here = any(h.kind in DIMENSIONS for h in clause_hits)
    if last is not None:
        dims, optional = dict(last.dims), dict(last.optional)
    else:
        dims, optional = _names_at_end(sentence, clause_hits, span, state, lex)
    source = next((h.key for h in clause_hits if h.kind == "source"), None)
    return Context(
        dims=dims,
        optional=optional,
        field=last.field if last else state.field,
        negative=last.negative if last else state.negative,
        currency=_currency(clause, lex) or _amounts_currency(sentence, mentions, span) or state.currency,
        sentence_currency=state.sentence_currency,
        period=clause_period(unbracketed(clause), lex, default_period) or state.period,
        basis=_basis(clause, lex) or state.basis,
        source=source or state.source,
        topic=last is None and named_here and not optional and cue(lex, "topic", clause),
    )


def _names_at_end(
    sentence: str, clause_hits: Sequence[Hit], span: tuple[int, int], state: Context, lex: Lexicon
) -> tuple[dict[str, str], dict[str, str]]:
    """What a clause without numbers names, read as a number at its end would read it."""
    at_end = Mention(span[1], span[1], "", Quantity(Decimal(0)))
    named = _own_names(sentence, clause_hits, at_end, span, None, lex)
    named.pop("base", None)
    own = {kind: hit.key for kind, hit in named.items()}
    dims, optional = _inherit(own, state.dims)
    if not own:
        return dims, dict(state.optional)
    loose = _loose(named, clause_hits, span[1])
    if loose and loose in dims:
        optional[loose] = dims.pop(loose)
    if _whole_flow(sentence, named.get("flow"), lex):
        optional = {}
    return dims, optional


# -- lists -------------------------------------------------------------------------------------------
