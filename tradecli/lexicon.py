"""The words `check --text` reads, compiled once per dataset from its [words] tables.

All vocabulary is data: flows, partners, products, subjects and sources come from
[words.flows|partners|products|subjects|sources], cue words from [words.cues], period phrases
from [words.periods], unit words from the other [words] tables. Nothing here names a figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from tradecli.claims import latin
from tradecli.model import NAME_KINDS, Dataset
from tradecli.textread import NumberReader, number_reader

MAX_GROUPS = 50  # nested groups in one pattern; re.compile recurses on each (see _alternation)
Trie = dict[str, "Trie"]  # each character leads to the rest; "" marks the end of a phrase
DIMENSIONS = ("flow", "partner", "product", "subject")  # what a number can be said of, as figures say it
KIND_OF = {"flows": "flow", "partners": "partner", "products": "product", "subjects": "subject", "sources": "source"}


class Lexicon(NamedTuple):
    """Regular expressions and lookups built from the dataset's words."""

    reader: NumberReader
    names: re.Pattern[str]
    exact_names: re.Pattern[str] | None  # short capitalised names (US, EU) matched case-sensitively
    meanings: dict[str, tuple[tuple[str, str], ...]]  # lowercased name -> (kind, key) pairs
    cues: dict[str, re.Pattern[str]]
    cue_words: dict[str, frozenset[str]]  # lowercased cue words, for whole-word lookups
    periods: re.Pattern[str] | None
    period_spans: dict[str, str]
    flow_neighbours: frozenset[str] = frozenset()  # words that may stand before a flow without narrowing it
    comparison_period: str = ""  # the period growth is measured against ("2024")
    memo: dict[tuple[Any, ...], Any] | None = None  # what one sentence's reading has already worked out


def _alternation(phrases: Sequence[str]) -> str:
    """Phrases as one regex, factored into a trie: the engine then tries each prefix once, not each phrase.

    Each phrase that is a prefix of a longer one nests an optional group; Python's re parser
    recurses on groups, so past MAX_GROUPS nested ones (hundreds of names each extending the
    last) the phrases are listed flat instead, longest first: slower to match, never a crash.
    """
    unique = {p.lower() for p in phrases if p}
    root: Trie = {}
    for phrase in unique:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    pattern, nesting = _trie(root)
    if nesting <= MAX_GROUPS:
        return pattern
    return "(?:" + "|".join(re.escape(p) for p in sorted(unique, key=lambda p: (-len(p), p))) + ")"


def _trie(root: Trie) -> tuple[str, int]:
    """The trie as a regex and how deeply its groups nest, children before parents on an explicit
    stack: a trie is as deep as its longest phrase, and a name of 3,000 characters would exhaust
    Python's call stack by recursion."""
    built: dict[int, tuple[str, int]] = {}
    stack: list[tuple[Trie, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for char, child in node.items() if char)
            continue
        children = [(char, built.pop(id(child))) for char, child in sorted(node.items()) if char]
        branches = [re.escape(char) + text for char, (text, _) in children]
        nesting = max((depth for _, (_, depth) in children), default=0)
        body = "" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        nesting += len(branches) > 1
        if body and "" in node:
            body, nesting = f"(?:{body})?", nesting + 1  # greedy: the longest phrase is tried first
        built[id(node)] = (body, nesting)
    return built[id(root)]


def phrases(words: Sequence[str]) -> str:
    """Phrases that never match inside a longer Latin word ('import' in 'important'); CJK needs no gaps."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for phrase in words:
        if phrase:
            groups.setdefault((latin(phrase[0]), latin(phrase[-1])), []).append(phrase)
    parts = []
    for (left, right), members in sorted(groups.items(), reverse=True):
        edge_left, edge_right = (r"(?<![A-Za-z0-9])" if left else ""), (r"(?![A-Za-z0-9])" if right else "")
        parts.append(f"{edge_left}(?:{_alternation(members)}){edge_right}")
    return "|".join(parts)


def _exact_phrases(words: Sequence[str]) -> str:
    """Short capitalised names (US, EU), matched with their case: 'us' the pronoun is not the US."""
    ordered = sorted(set(words), key=len, reverse=True)
    return r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![A-Za-z0-9])"


def _is_short_caps(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return len(letters) <= 4 and name.isascii() and letters.isalpha() and letters == letters.upper()


def lexicon(dataset: Dataset) -> Lexicon:
    words = dataset.words
    before = _alternation([*words.qualifier, *words.currency])
    after = _alternation([*words.scale, *words.currency, *words.percent])
    cues = {kind: re.compile(phrases(ws), re.IGNORECASE) for kind, ws in words.cues.items() if ws}
    reader = number_reader(words, after, before, cues)
    meanings: dict[str, set[tuple[str, str]]] = {}
    for kind_name in NAME_KINDS:
        for key, names in words.names.get(kind_name, {}).items():
            for name in names:
                meanings.setdefault(name.lower(), set()).add((KIND_OF[kind_name], key))
    for name, meaning in [(n, m) for n, ms in meanings.items() for m in ms if m[0] == "product"]:
        for form in modifier_forms(name):
            meanings.setdefault(form, set()).add(meaning)
    suffixes = words.cues.get("name_suffixes", ())
    for name, meaning in [(n, m) for n, ms in meanings.items() for m in ms if m[0] in ("subject", "partner")]:
        if not name.isascii() and not name.endswith(suffixes):  # 广东 -> 广东省, 上海 -> 上海市
            for suffix in suffixes:
                meanings.setdefault(name + suffix, set()).add(meaning)
    for figure in dataset.figures:  # a partner, product or subject always answers to its own name
        for kind, own in (("partner", figure.partner), ("product", figure.product), ("subject", figure.subject)):
            if own:
                meanings.setdefault(own.lower(), set()).add((kind, own.lower()))
    every = sorted(meanings)
    short = [n for kind in NAME_KINDS for ns in words.names.get(kind, {}).values() for n in ns if _is_short_caps(n)]
    long = [n for n in every if not any(n == s.lower() for s in short)]
    periods = re.compile(phrases(list(words.periods)), re.IGNORECASE) if words.periods else None
    return Lexicon(
        reader=reader,
        names=re.compile(phrases(long), re.IGNORECASE),
        exact_names=re.compile(_exact_phrases(short)) if short else None,
        meanings={k: tuple(sorted(v)) for k, v in meanings.items()},
        cues=cues,
        cue_words={kind: frozenset(w.lower() for w in ws) for kind, ws in words.cues.items()},
        periods=periods,
        period_spans=dict(words.periods),
        comparison_period=dataset.comparison_period,
        flow_neighbours=_flow_neighbours(words.cues, words.periods),
    )


def modifier_forms(name: str) -> list[str]:
    """A product's name as English writes it before another noun: "wind turbine exports", "lithium
    battery exports", "wind-turbine exports", "soybean imports" (the vocabulary lists "wind turbines",
    "lithium batteries", "soybeans"). Only for names in Latin letters; other scripts have no plural."""
    if not name.isascii() or not name[-1:].isalpha():
        return []
    words = name.split()
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        words[-1] = last[:-3] + "y"
    elif re.search(r"(?:ch|sh|x|ss)es$", last):
        words[-1] = last[:-2]
    elif last.endswith("s") and not re.search(r"(?:ss|us|is)$", last) and len(last) > 3:
        words[-1] = last[:-1]
    return sorted({" ".join(words), "-".join(words), "-".join(name.split())} - {name})


def _flow_neighbours(cues: dict[str, tuple[str, ...]], periods: dict[str, str]) -> frozenset[str]:
    """The flow_prefixes, every word that says what a number measures ('year-on-year import growth')
    and every word of a period ('December exports', 'full-year imports', '上半年出口'): none of them
    narrows a flow to something the dataset does not know."""
    from tradecli.periods import MONTH_NAMES, MONTHS

    kinds = ("flow_prefixes", "growth", "rise", "decline", "level", "share", "volume", "value", "price")
    said = {word.lower() for kind in kinds for word in cues.get(kind, ())}
    return frozenset(said | set(MONTH_NAMES) | set(MONTHS) | {phrase.lower() for phrase in periods})


def once(lex: Lexicon, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """What one sentence's reading works out once (per clause, per sentence) and reuses per number:
    without it a long clause of many numbers would be read once per number, in quadratic time."""
    memo = lex.memo if lex.memo is not None else {}
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# -- reading cue words ---------------------------------------------------------------------------


def cue(lex: Lexicon, kind: str, text: str) -> bool:
    pattern = lex.cues.get(kind)
    return bool(pattern and pattern.search(text))


def last_cue(lex: Lexicon, kinds: Sequence[str], text: str) -> int | None:
    """Where the last cue of these kinds in the text ends, if any."""
    ends = [m.end() for kind in kinds if (p := lex.cues.get(kind)) for m in p.finditer(text)]
    return max(ends) if ends else None


def first_cue(lex: Lexicon, kinds: Sequence[str], text: str) -> int | None:
    starts = [m.start() for kind in kinds if (p := lex.cues.get(kind)) for m in p.finditer(text)]
    return min(starts) if starts else None


def ends_with_cue(lex: Lexicon, kind: str, text: str) -> bool:
    pattern, trimmed = lex.cues.get(kind), text.rstrip()
    if pattern is None:
        return False
    return any(m.end() == len(trimmed) for m in pattern.finditer(trimmed, max(0, len(trimmed) - 30)))


def compared_before(lex: Lexicon, text: str) -> bool:
    """'from 2024', 'than in 2024', 'compared with the 2024 level': the year is a comparison."""
    trimmed = re.sub(r"(?:\s+(?:in|the|of|a|its|levels?|figure))*\s*$", "", text, flags=re.IGNORECASE)
    return ends_with_cue(lex, "compared", trimmed)
