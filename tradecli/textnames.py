"""Names in a sentence for `check --text`: the flows, partners, products, subjects and sources it
names, found from the dataset's [words] tables (longest name wins), without what is only an
example ("such as …"), an aside or a dateline; and flows narrowed by a word the dataset does not know
("soybean imports" is not all imports).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tradecli.lexicon import Lexicon
from tradecli.textread import ASIDE, Mention, squeeze

_DATELINE = re.compile(
    r"[\s,]*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b)"
)
_OF_WHAT = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?([A-Za-z][\w'-]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'\u2019.-]*|[\u4e00-\u9fff]{1,2})\s*$")
_QUOTES = re.compile(r"[\s\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f]{0,2}")


class Hit(NamedTuple):
    """A name found in the text: a flow, partner, product, subject or source, by its key."""

    start: int
    end: int
    kind: str
    key: str


def names_in(sentence: str, mentions: Sequence[Mention], lex: Lexicon) -> list[Hit]:
    """The names a sentence's numbers may be said of: not inside a number ("US$"), not a dateline
    ("香港1月19日電"), not inside an aside without numbers, not an example; narrowed flows marked."""
    found = [h for h in hits(sentence, lex) if not any(m.start <= h.start < m.end for m in mentions)
             and not _DATELINE.match(sentence, h.end)]  # fmt: skip
    found = outside_asides(sentence, narrow_flows(sentence, found, lex), mentions)
    return without_examples(sentence, found, mentions, lex)


def hits(sentence: str, lex: Lexicon) -> list[Hit]:
    """Names in the sentence; where names overlap the longest wins ('total imports and exports').
    Names are matched as written without spaces beside CJK or pinyin readings ('進(jìn)出口')."""
    squeezed, where = squeeze(sentence)
    found = _hits(squeezed, lex)
    if not where.removed:
        return found
    return [hit._replace(start=where.where(hit.start), end=where.where(hit.end - 1) + 1) for hit in found]


def _hits(sentence: str, lex: Lexicon) -> list[Hit]:
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


def outside_asides(sentence: str, found: list[Hit], mentions: Sequence[Mention]) -> list[Hit]:
    """Names inside an aside without numbers ('the surplus — exports less imports — reached') say
    nothing of the numbers around it."""
    kept = found
    for aside in ASIDE.finditer(sentence):
        if not any(aside.start() <= m.start < aside.end() for m in mentions):
            kept = [h for h in kept if h.kind == "source" or not aside.start() <= h.start < aside.end()]
    return kept


def without_examples(sentence: str, found: list[Hit], mentions: Sequence[Mention], lex: Lexicon) -> list[Hit]:
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


def narrow_flows(sentence: str, found: list[Hit], lex: Lexicon) -> list[Hit]:
    """'Soybean imports', '大豆进口': a flow narrowed by a word the dataset does not know is a flow of
    something unknown; it gets an unknown product, so it is never graded as the whole flow."""
    allowed = lex.flow_neighbours
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
