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
from itertools import pairwise
from typing import NamedTuple

from tradecli.claims import Quantity
from tradecli.lexicon import DIMENSIONS, Lexicon
from tradecli.periods import MONTH_NAMES
from tradecli.textread import Mention, clause_starts

_YEAR = re.compile(r"(?<![\d.])(20\d\d)(?:\s*[-\u2013~至到]\s*(20\d\d))?(?![\d%])")
_MONTH_NAMES = re.compile(r"\b(" + "|".join(m for m in MONTH_NAMES if m != "may") + r")\b", re.IGNORECASE)
_CJK_MONTH = re.compile(r"(?<![\d-])(1[0-2]|[1-9])\s*月(?!份?\s*[以至到]?\s*\d)")
_BRACKETED = re.compile(  # asides: (…), full-width brackets, […], ——…——, — … —
    r"[(\uff08\[][^()\uff08\uff09\[\]]{0,200}[)\uff09\]]|\u2014\u2014[^\u2014]{1,100}\u2014\u2014"
    r"|\s?\u2014[^\u2014]{1,100}\u2014\s?|\s[-\u2013]\s[^-\u2013]{1,100}\s[-\u2013]\s|\s--\s[^\n]{1,100}?\s--\s"
)
_DATELINE = re.compile(
    r"[\s,]*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b)"
)
_LIST_PUNCTUATION = re.compile(r"[\s,.;:'\"\uff0c\u3001]")
_POSSESSIVE = re.compile(r"['\u2019]s\b")  # "2024's 5.9% growth": the year of what follows, even after "than"
_OF_WHAT = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?([A-Za-z][\w'-]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'\u2019.-]*|[\u4e00-\u9fff]{1,2})\s*$")
_QUOTES = re.compile(r"[\s\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f]{0,2}")
_BACK = 160  # characters a number looks back for its names and cues, at most
_AHEAD = 60  # ... and ahead, within its clause
_RIGHT_AFTER = 5  # a period this close after a number is its own ("... in 2024"), before any earlier one
_CLOSE_AFTER = 20  # "growth at 25.8% in Chinese exports": a name right after the number still belongs to it
_TOGETHER = 30  # a flow and a partner further apart than this are not one name ("exports to the US")


class Hit(NamedTuple):
    """A name found in the text: a flow, partner, product, subject or source, by its key."""

    start: int
    end: int
    kind: str
    key: str


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
    counted: bool = False
    money: str | None = None  # the one currency the sentence's amounts are in, if they agree
    base: str | None = None  # for a share: the flow it is a share of ("of China's total exports")
    period_stated: bool = False  # the text names the period (else it is the dataset's)


class _State(NamedTuple):
    """What a clause leaves for the next one to continue."""

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


_START = _State({}, {}, None, False, None, None, None, None)
Context = _State  # what a sentence leaves for the next: its frame, period, currency and source


def hits(sentence: str, lex: Lexicon) -> list[Hit]:
    """Names in the sentence; where names overlap the longest wins ('total imports and exports')."""
    found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    for pattern in (lex.names, lex.exact_names):
        if pattern is None or not pattern.pattern:
            continue
        for match in pattern.finditer(sentence):
            found.append((match.start(), match.end(), lex.meanings.get(match.group().lower(), ())))
            for start in _inner_starts(sentence, match.start(), match.end()):  # a longer name may start inside
                inner = pattern.match(sentence, start)
                if inner and inner.end() > match.end():
                    found.append((start, inner.end(), lex.meanings.get(inner.group().lower(), ())))
    kept: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    for item in sorted(found, key=lambda h: (h[0] - h[1], h[0])):  # longest first
        if item[2] and all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    return [Hit(start, end, kind, key) for start, end, meanings in sorted(kept) for kind, key in meanings]


def _inner_starts(sentence: str, start: int, end: int) -> list[int]:
    """Where a word (or a CJK character) begins inside a span, after its first character."""
    return [
        p for p in range(start + 1, end)
        if not sentence[p].isascii() or (sentence[p].isalnum() and not sentence[p - 1].isalnum())
    ]  # fmt: skip


def frames(
    sentence: str, mentions: Sequence[Mention], lex: Lexicon, default_period: str, before: Context | None = None
) -> tuple[list[Frame], Context]:
    """One frame per mention, in order, reading the sentence clause by clause; and what the sentence
    leaves for the next one. A sentence that refers back ("其中, 出口…", "They dropped 28%") continues
    the frame of the sentence `before` it, if that is known; if not, its links are uncertain."""
    lex = lex._replace(memo={})  # what this sentence's reading works out once
    found = [h for h in hits(sentence, lex) if not any(m.start <= h.start < m.end for m in mentions)
             and not _DATELINE.match(sentence, h.end)]  # fmt: skip
    found = _outside_asides(sentence, _narrow_flows(sentence, found, lex), mentions)
    found = _without_examples(sentence, found, mentions, lex)
    starts = [s for s in clause_starts(_unbracketed(sentence)) if not any(h.start < s < h.end for h in found)]
    paired = _pairs(sentence, mentions, found, lex)
    unpaired = {i for run in _runs(sentence, mentions, lex) for i in run if i not in paired}
    paired_sentence = bool(paired) or _cue(lex, "respectively", sentence)
    first_listed = min((h.start for h in paired.values()), default=_list_start(sentence, found, lex))
    currencies = {m.quantity.currency for m in mentions if m.quantity.currency}
    money = currencies.pop() if len(currencies) == 1 else None
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
            frame = frame._replace(money=money)
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
    return opens or _cue(lex, "anaphora", sentence[:first_number]) or _cue(lex, "ellipsis", opening)


# -- names ---------------------------------------------------------------------------------------


def _outside_asides(sentence: str, found: list[Hit], mentions: Sequence[Mention]) -> list[Hit]:
    """Names inside an aside without numbers ('the surplus — exports less imports — reached') say
    nothing of the numbers around it."""
    kept = found
    for aside in _BRACKETED.finditer(sentence):
        if not any(aside.start() <= m.start < aside.end() for m in mentions):
            kept = [h for h in kept if h.kind == "source" or not aside.start() <= h.start < aside.end()]
    return kept


def _without_examples(sentence: str, found: list[Hit], mentions: Sequence[Mention], lex: Lexicon) -> list[Hit]:
    """'high-tech goods, such as machine tools and industrial robots': examples of a name are not what
    a number is said of; they run to the next number, clause break or the word that closes them (在内)."""
    pattern = lex.cues.get("examples")
    if pattern is None:
        return found
    closing = lex.cues.get("examples_end")
    spans = []
    for cue in pattern.finditer(sentence):
        stops = [m.start for m in mentions if m.start > cue.end()]
        closed = closing.search(sentence, cue.end(), cue.end() + 40) if closing else None
        stops += [closed.end()] if closed else []
        brk = re.search(r"[;\uff1b\u3002]|,\s|\uff0c", sentence[cue.end() :])
        stops += [cue.end() + brk.start()] if brk and not closed else []
        spans.append((cue.end(), min(stops, default=len(sentence))))
    return [h for h in found if not any(a <= h.start < b for a, b in spans)]


def _narrow_flows(sentence: str, found: list[Hit], lex: Lexicon) -> list[Hit]:
    """'Soybean imports', '大豆进口': a flow narrowed by a word the dataset does not know is a flow of
    something unknown; it gets an unknown product, so it is never graded as the whole flow."""
    allowed = lex.cue_words.get("flow_prefixes", frozenset()) | _cue_words(lex)
    suffixes = lex.cue_words.get("product_suffixes", frozenset())
    narrowed: list[Hit] = []
    for hit in found:
        narrowed.append(hit)
        if hit.kind != "flow":
            continue
        window = sentence[max(0, hit.start - 30) : hit.start]
        if any(
            h.end <= hit.start and _QUOTES.fullmatch(sentence, h.end, hit.start) and h.kind != "flow" for h in found
        ):
            continue  # 'ASEAN exports', '机电产品出口', '“新三样”产品出口': narrowed by a name we know
        word = _WORD_BEFORE.search(window)
        if word is not None and not _known_word(word.group(1), allowed, suffixes):
            narrowed.append(Hit(word.start(1) + hit.start - len(window), hit.start, "product", "?" + word.group(1)))
            continue
        of = _OF_WHAT.match(sentence, hit.end)
        if of and not any(h.start == of.start(1) for h in found) and not _known_word(of.group(1), allowed, suffixes):
            narrowed.append(Hit(of.start(1), of.end(1), "product", "?" + of.group(1)))  # 'shipments of robots'
    return sorted(narrowed)


def _cue_words(lex: Lexicon) -> frozenset[str]:
    """Words that say what a number measures ('year-on-year import growth') never narrow a flow."""
    kinds = ("growth", "rise", "decline", "level", "share", "volume", "value", "price")
    return frozenset(word for kind in kinds for word in lex.cue_words.get(kind, ()))


def _known_word(word: str, allowed: frozenset[str], suffixes: frozenset[str] = frozenset()) -> bool:
    """A word before a flow that does not narrow it: one of the allowed words, a verb or adverb
    ("said", "outpacing", "rapidly"); in Chinese, a word that does not end in a product noun's last
    character ("产品" is allowed: "“新三样”产品出口")."""
    lowered = word.lower().replace("\u2019", "'")
    if lowered.endswith("'s") or lowered.endswith("s'"):
        return True  # a possessive names who trades ("the Asian giant's exports"), not what
    if lowered in allowed or lowered.rstrip(".") in allowed or re.fullmatch(r"[a-z]+(?:ed|ing|ly)", lowered):
        return True
    if word.isascii():
        return False
    return word[-2:] in allowed or word[-1:] in allowed or word[-1:] not in suffixes


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
    state: _State, lex: Lexicon, default_period: str, paired: Hit | None = None,
) -> Frame:  # fmt: skip
    mention = mentions[index]
    start, end = span
    clause_hits = _visible(sentence, clause_hits, mention, lex)
    following = [m.start for m in mentions[index + 1 :] if not _in_aside(sentence, m.start, lex)]
    if following:  # a name after the next number is that number's ("26.99 trillion yuan from 65 countries")
        clause_hits = [h for h in clause_hits if h.start < following[0]]
    field, negative, cued = _measure(sentence, mention, span, lex)
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
    continues = _certainly_inherits(sentence, span, clause_hits, mentions, state, lex)
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
    stated = _period_of(sentence, mentions, index, span, lex, default_period)
    return Frame(
        field=field,
        dims=dims,
        optional=optional,
        currency=_currency(sentence[start:end], lex)
        or _amounts_currency(sentence, mentions, span)
        or state.currency
        or state.sentence_currency,
        period=stated or state.period or default_period,
        period_stated=bool(stated or state.period),
        basis=_basis(clause, lex) or state.basis,
        source=source,
        negative=negative,
        doubts=tuple(doubts),
        counted=mention.counted,
        base=base.key if base else None,
    )


def _asides(sentence: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The sentence's asides (brackets, paired dashes), found once per sentence."""
    memo = lex.memo if lex.memo is not None else {}
    if ("asides",) not in memo:
        memo["asides",] = [(a.start(), a.end()) for a in _BRACKETED.finditer(sentence)]
    found: list[tuple[int, int]] = memo["asides",]
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
    change = _last_cue(lex, ("rise", "decline"), direct)
    return (
        change is not None
        and _cue(lex, "level", direct[change:])
        and not _cue(lex, "share", sentence[span[0] : span[1]])
    )


def _certainly_inherits(
    sentence: str, span: tuple[int, int], clause_hits: Sequence[Hit], mentions: Sequence[Mention], state: _State,
    lex: Lexicon,
) -> bool:  # fmt: skip
    """When a clause continues the one before for certain: it says so ("those to the EU"), the one
    before only set the topic ("In the case of the EU, exports grew 11.8%"), or it is a bare list
    item ("..., Africa (36.1%), and Latin America (7.4%)")."""
    start, end = span
    if state.topic or (_cue(lex, "ellipsis", sentence[start:end]) and start > 0):
        return True
    rest = _unbracketed(sentence[start:end])
    spans = [(h.start, h.end) for h in clause_hits] + [(m.start, m.end) for m in mentions if start <= m.start < end]
    for first, last in sorted(spans, reverse=True):
        rest = rest[: first - start] + " " * (last - first) + rest[last - start :]
    for kind in ("coordinators", "prepositions"):
        pattern = lex.cues.get(kind)
        rest = pattern.sub(" ", rest) if pattern else rest
    return not re.search(r"[A-Za-z]|[\u4e00-\u9fff]", rest)


def _whole_flow(sentence: str, flow: Hit | None, lex: Lexicon) -> bool:
    return flow is not None and _cue(lex, "whole", sentence[max(0, flow.start - 10) : flow.end])


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
            words = [w for w in words if not _cue(lex, "rise", w) and not _cue(lex, "decline", w)
                     and not _cue(lex, "growth", w)]  # fmt: skip
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
    share = _cue(lex, "share", before) or _cue(lex, "share", after)
    direct = sentence[max(start, mention.start - 30) : mention.start]
    share_words = lex.cues.get("share")
    if share_words is not None:  # "made up 51.9%": the "up" of a share phrase is no rise
        direct = share_words.sub(lambda m: " " * len(m.group()), direct)
    if quantity.percent == "points":
        if _compared_before(lex, direct) or _cue(lex, "compared", direct[-12:]) or _cue(lex, "compared", after[:20]):
            return "gap", False, True  # "2.5 percentage points higher than", "比全国高1.3个百分点"
        return ("share_change" if share else "value"), negative, True
    if quantity.percent is None:
        by_change = re.search(r"\bby\s*$", direct) and _last_cue(lex, ("rise", "decline"), direct) is not None
        return ("change" if by_change else "value"), False, True
    if _cue(lex, "average", direct):
        return "average", False, True
    if _cue(lex, "contribution", before):
        return "contribution", False, True  # "拉动…上升至1.3%", "contributing 30% of growth"
    change = _last_cue(lex, ("rise", "decline", "growth"), direct)
    if change is not None and not _cue(lex, "level", direct[change:]):
        return "growth", negative, True
    if share:
        return "share", False, True
    if _cue(lex, "rise", before + after) or _cue(lex, "decline", before + after) or _cue(lex, "growth", before + after):
        return "growth", negative, True
    clause = _unbracketed(sentence[start:end])  # "destinations such as ASEAN (18.8 percent) ... posting growth"
    if any(_cue(lex, kind, clause) for kind in ("rise", "decline", "growth")) and not _cue(lex, "share", clause):
        return "growth", negative, True
    return None, False, False


def _falls(sentence: str, mention: Mention, span: tuple[int, int], lex: Lexicon) -> bool:
    """'fell by 18.7% year-on-year': the direction word nearest before the number, else just after
    it ('a 20% drop'); 'down from 7.1%' compares two levels and says nothing of a fall."""
    start, end = span
    before = sentence[max(start, mention.start - 60) : mention.start]
    rise, fall = _last_cue(lex, ("rise",), before), _last_cue(lex, ("decline",), before)
    if rise is None and fall is None:
        after = sentence[mention.end : min(end, mention.end + 25)]
        rise, fall = _first_cue(lex, ("rise",), after), _first_cue(lex, ("decline",), after)
        if rise is None and fall is None:
            return False
        return fall is not None and (rise is None or fall < rise)
    if fall is None or (rise is not None and rise > fall):
        return False
    return not _cue(lex, "compared", before[fall:])


def _cue(lex: Lexicon, kind: str, text: str) -> bool:
    pattern = lex.cues.get(kind)
    return bool(pattern and pattern.search(text))


def _last_cue(lex: Lexicon, kinds: Sequence[str], text: str) -> int | None:
    """Where the last cue of these kinds in the text ends, if any."""
    ends = [m.end() for kind in kinds if (p := lex.cues.get(kind)) for m in p.finditer(text)]
    return max(ends) if ends else None


def _first_cue(lex: Lexicon, kinds: Sequence[str], text: str) -> int | None:
    starts = [m.start() for kind in kinds if (p := lex.cues.get(kind)) for m in p.finditer(text)]
    return min(starts) if starts else None


def _currency(text: str, lex: Lexicon) -> str | None:
    """A growth rate's currency: an 'in dollar terms' phrase in its clause (or else its sentence)."""
    if _cue(lex, "usd", text):
        return "USD"
    if _cue(lex, "cny", text):
        return "CNY"
    return None


def _amounts_currency(sentence: str, mentions: Sequence[Mention], span: tuple[int, int]) -> str | None:
    """'Exports rose 5.5% to $3.77 trillion': a growth rate is in the currency of its clause's amount
    (not of a bracketed conversion)."""
    start, end = span
    clause = _unbracketed(sentence[start:end])
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
    said = [basis for basis in ("value", "volume", "price") if _cue(lex, basis, clause)]
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
            if _cue(lex, "attribution", sentence[starts[clause] : end]):
                return hit.key
    return None


class _When(NamedTuple):
    """A period named in a clause, where."""

    start: int
    end: int
    period: str


def _periods(clause: str, lex: Lexicon, year_of_text: str) -> list[_When]:
    """Every period a clause names: 'in 2024', 'December 2025', 'from January to July', 前5个月.

    Remembered for the sentence: a clause is read once per number in it and once more for the next."""
    memo = lex.memo if lex.memo is not None else {}
    if ("periods", clause) not in memo:
        memo["periods", clause] = _read_periods(clause, lex, year_of_text)
    found: list[_When] = memo["periods", clause]
    return found


def _read_periods(clause: str, lex: Lexicon, year_of_text: str) -> list[_When]:
    """Every period a clause names: 'in 2024', 'December 2025', 'from January to July', 前5个月."""
    found: list[_When] = []
    years = [m for m in _YEAR.finditer(clause)
             if _POSSESSIVE.match(clause, m.end()) or not _compared_before(lex, clause[: m.start()])]  # fmt: skip
    used: set[int] = set()

    def year_near(start: int, end: int) -> str:
        for match in years:
            near = -20 <= match.start() - end <= 20 or -20 <= start - match.end() <= 20
            if near and match.group(2) is None:
                used.add(match.start())
                return match.group(1)
        return year_of_text

    squeezed, where = _squeezed(clause)
    for squeezed_match in lex.periods.finditer(squeezed) if lex.periods else ():
        said = _Span(where[squeezed_match.start()], where[squeezed_match.end() - 1] + 1, squeezed_match.group())
        phrase = " ".join(said.group().lower().split())
        span = lex.period_spans.get(phrase, "unknown")
        if span != "Jan-Dec" and not phrase.endswith("'s") and _compared_before(lex, clause[: said.start()]):
            continue  # "up 20% from the previous year": the base of a comparison ("over the full year" is not)
        span = lex.comparison_period if span == "comparison" else span
        absolute = span == "unknown" or ("-" in span and span[:1].isdigit()) or span == lex.comparison_period
        period = span if absolute else f"{span} {year_near(said.start(), said.end())}"
        found.append(_When(said.start(), said.end(), period))
    months = [(m.start(), m.end(), m.group(1).lower()) for m in _MONTH_NAMES.finditer(clause)]
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
        if not any(w.start <= start < w.end for w in found):
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


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without spaces next to CJK characters ('前 11 個月' reads as '前11個月'), and where
    each kept character stands in the text."""
    kept, where = [], []
    for position, char in enumerate(text):
        if char.isspace() and (_cjk(text[position - 1 : position]) or _cjk(text[position + 1 : position + 2])):
            continue
        kept.append(char)
        where.append(position)
    return "".join(kept), where


def _cjk(char: str) -> bool:
    return bool(char) and "\u3000" <= char <= "\u9fff"


def _period_of(
    sentence: str, mentions: Sequence[Mention], index: int, span: tuple[int, int], lex: Lexicon, default_period: str
) -> str | None:
    """The period nearest the number in its clause: before it, or after it with no other number
    between ('rose 5 percent to 43.85 trillion yuan in 2024'); brackets keep their own periods."""
    mention = mentions[index]
    start, end = span
    clause = _unbracketed(sentence[start:end], mention.start - start)
    whens = _periods(clause, lex, default_period[-4:])
    if not whens:
        return None
    at, stop = mention.start - start, mention.end - start
    others = [m.start - start for i, m in enumerate(mentions)
              if i != index and start <= m.start < end and clause[m.start - start : m.end - start].strip()]  # fmt: skip
    best: tuple[int, str] | None = None
    any_before = any(when.end <= at for when in whens)
    for when in whens:
        if when.end <= at:
            distance = at - when.end
        elif when.start >= stop and not (any_before and any(stop <= o < when.start for o in others)):
            distance = when.start - stop if when.start - stop > _RIGHT_AFTER else -1  # "2.1 trillion yuan in 2024"
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, when.period)
    return best[1] if best else None


def _period(clause: str, lex: Lexicon, default_period: str) -> str | None:
    """The last period a clause names, for the clauses after it."""
    whens = _periods(clause, lex, default_period[-4:])
    return whens[-1].period if whens else None


def _unbracketed(text: str, keep: int = -1) -> str:
    """Text with bracketed asides blanked (one character for one), except the one holding `keep`."""

    def blank(match: re.Match[str]) -> str:
        return match.group() if match.start() <= keep < match.end() else " " * len(match.group())

    return _BRACKETED.sub(blank, text)


def _compared_before(lex: Lexicon, text: str) -> bool:
    """'from 2024', 'than in 2024', 'compared with the 2024 level': the year is a comparison."""
    trimmed = re.sub(r"(?:\s+(?:in|the|of|a|its|levels?|figure))*\s*$", "", text, flags=re.IGNORECASE)
    return _ends_with_cue(lex, "compared", trimmed)


def _ends_with_cue(lex: Lexicon, kind: str, text: str) -> bool:
    pattern, trimmed = lex.cues.get(kind), text.rstrip()
    if pattern is None:
        return False
    return any(m.end() == len(trimmed) for m in pattern.finditer(trimmed, max(0, len(trimmed) - 30)))


def _carry(
    sentence: str, span: tuple[int, int], clause_hits: Sequence[Hit], state: _State, lex: Lexicon,
    default_period: str, result: dict[int, Frame], numbered: Sequence[int] | None, mentions: Sequence[Mention],
) -> _State:  # fmt: skip
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
    return _State(
        dims=dims,
        optional=optional,
        field=last.field if last else state.field,
        negative=last.negative if last else state.negative,
        currency=_currency(clause, lex) or _amounts_currency(sentence, mentions, span) or state.currency,
        sentence_currency=state.sentence_currency,
        period=_period(_unbracketed(clause), lex, default_period) or state.period,
        basis=_basis(clause, lex) or state.basis,
        source=source or state.source,
        topic=last is None and named_here and not optional and _cue(lex, "topic", clause),
    )


def _names_at_end(
    sentence: str, clause_hits: Sequence[Hit], span: tuple[int, int], state: _State, lex: Lexicon
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


def _pairs(sentence: str, mentions: Sequence[Mention], found: Sequence[Hit], lex: Lexicon) -> dict[int, Hit]:
    """'ASEAN, Latin America and Africa ... 8%, 6.5% and 18.4%': a run of numbers of one kind,
    joined by list words, pairs in order with as many names of one kind just before it. A second
    run right after the first, with no names between, pairs with the same names ('grew 6.5 percent
    and 18 percent to CNY3.93 trillion and CNY2.49 trillion')."""
    respectively = _cue(lex, "respectively", sentence)
    pairs: dict[int, Hit] = {}
    last: list[Hit] = []
    for run in _runs(sentence, mentions, lex):
        first = mentions[run[0]]
        previous_end = mentions[run[0] - 1].end if run[0] > 0 else 0
        between = [h for h in found if h.kind in DIMENSIONS and previous_end <= h.start and h.end <= first.start]
        if not between and len(last) == len(run) and run[0] - 1 in pairs:
            pairs.update(zip(run, last, strict=True))
            continue
        for kind in ("partner", "product", "subject", "flow"):
            names = _distinct([h for h in found if h.kind == kind and previous_end <= h.start and h.end <= first.start])
            if len(names) < len(run):
                continue
            listed = names[-len(run) :]
            if respectively or all(_joined(sentence[a.end : b.start], lex) for a, b in pairwise(listed)):
                pairs.update(zip(run, listed, strict=True))
                last = listed
                break
    return pairs


def _runs(sentence: str, mentions: Sequence[Mention], lex: Lexicon) -> list[list[int]]:
    """Runs of two or more numbers of the same kind with only list words between them."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, mention in enumerate(mentions):
        if current:
            last = mentions[current[-1]]
            same = _kind(last) == _kind(mention)
            if same and _joined(sentence[last.end : mention.start], lex, strict=True):
                current.append(index)
                continue
            if len(current) > 1:
                runs.append(current)
        current = [index]
    if len(current) > 1:
        runs.append(current)
    return runs


def _kind(mention: Mention) -> str:
    quantity = mention.quantity
    return quantity.percent or ("amount" if quantity.currency or quantity.scale else "count")


def _joined(gap: str, lex: Lexicon, strict: bool = False) -> bool:
    """The text between two list items: list words and punctuation only (strict), or at least one."""
    pattern = lex.cues.get("coordinators")
    if pattern is None or re.search(r"\d", gap):
        return False
    rest = pattern.sub(" ", gap)
    if strict:  # a bracket is no list word: "$1.67 trillion (£890 billion)" is one amount and its conversion
        respectively = lex.cues.get("respectively")
        rest = respectively.sub(" ", rest) if respectively else rest
        return not _LIST_PUNCTUATION.sub("", rest)
    return rest != gap


def _list_start(sentence: str, found: Sequence[Hit], lex: Lexicon) -> int:
    """Where a list of names of one kind begins ('出口、进口分别'), or the end if there is none."""
    for first, second in pairwise(found):
        same_kind = first.kind == second.kind and first.key != second.key and second.start - first.end <= 12
        if same_kind and _joined(sentence[first.end : second.start], lex, strict=True):
            return first.start
    return len(sentence)


def _distinct(found: list[Hit]) -> list[Hit]:
    """Consecutive names with one key count once ('the new trio -- EVs, batteries ...')."""
    kept: list[Hit] = []
    for hit in found:
        if kept and kept[-1].key == hit.key:
            continue
        kept.append(hit)
    return kept
