"""Lists in a sentence for `check --text`: runs of numbers joined by list words, paired in order
with as many names of one kind before them ("ASEAN, Latin America and Africa grew 8%, 6.5% and
18.4%"), with or without "respectively".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from tradecli.lexicon import DIMENSIONS, Lexicon, cue
from tradecli.textnames import Hit
from tradecli.textread import Mention

_LIST_PUNCTUATION = re.compile(r"[\s,.;:'\"\uff0c\u3001]")


def pairs(sentence: str, mentions: Sequence[Mention], found: Sequence[Hit], lex: Lexicon) -> dict[int, Hit]:
    """'ASEAN, Latin America and Africa ... 8%, 6.5% and 18.4%': a run of numbers of one kind,
    joined by list words, pairs in order with as many names of one kind just before it. A second
    run right after the first, with no names between, pairs with the same names ('grew 6.5 percent
    and 18 percent to CNY3.93 trillion and CNY2.49 trillion')."""
    respectively = cue(lex, "respectively", sentence)
    pairs: dict[int, Hit] = {}
    last: list[Hit] = []
    for run in runs(sentence, mentions, lex):
        first = mentions[run[0]]
        previous_end = mentions[run[0] - 1].end if run[0] > 0 else 0
        between = [h for h in found if h.kind in DIMENSIONS and previous_end <= h.start and h.end <= first.start]
        if not between and len(last) == len(run) and run[0] - 1 in pairs:
            pairs.update(zip(run, last, strict=True))
            continue
        for kind in ("partner", "product", "subject", "flow"):
            names = _without_groups(
                _distinct([h for h in found if h.kind == kind and previous_end <= h.start and h.end <= first.start]),
                sentence,
                lex,
            )
            if len(names) < len(run):
                continue
            listed = names[-len(run) :]
            if respectively or all(_joined(sentence[a.end : b.start], lex) for a, b in pairwise(listed)):
                pairs.update(zip(run, listed, strict=True))
                last = listed
                break
    return pairs


def _without_groups(names: list[Hit], sentence: str, lex: Lexicon) -> list[Hit]:
    """Names without the group they are examples of: in "EVs and wind turbines 等 green products
    rose 27.1% and 48.7% respectively" the green products are the EVs and the turbines, not a third item."""
    return [
        h for i, h in enumerate(names) if not (i and cue(lex, "examples_end", sentence[names[i - 1].end : h.start]))
    ]


def runs(sentence: str, mentions: Sequence[Mention], lex: Lexicon) -> list[list[int]]:
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


def list_start(sentence: str, found: Sequence[Hit], lex: Lexicon) -> int:
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
