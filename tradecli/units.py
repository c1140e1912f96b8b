"""Like with like: which values can be ranked against each other, and at what scale.

A unit's kind, currency and scale are declared in the dataset's [units] table; this module only
reads them. Two values are comparable when their units fall in one group: amounts of one
currency at declared scales (700 billion USD < 1.2 trillion USD), counts at declared scales, or
one and the same unit. A count is never ranked against a trillion, nor yuan against dollars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from tradecli.errors import did_you_mean
from tradecli.model import Unit, Words

ONE = Decimal(1)


class Group(NamedTuple):
    """Units whose values compare by size: one kind, one currency, scales declared.

    A unit without a declared scale (years, rank) forms a group of its own: `unit` names it.
    """

    kind: str
    currency: str | None = None
    unit: str | None = None

    @property
    def label(self) -> str:
        """How a note names the group: 'CNY amount', 'count', or the unit itself ('years')."""
        if self.unit is not None:
            return self.unit
        return f"{self.currency} {self.kind}" if self.currency else self.kind


class Measure(NamedTuple):
    """What a unit written by a user means: its group, and how many base units one of it is."""

    group: Group
    scale: Decimal
    name: str


def group_of(unit: str, units: Mapping[str, Unit]) -> Group:
    """The group of a unit name; an undeclared name (a conversion's description) is its own group."""
    declared = units.get(unit)
    if declared is None:
        return Group("", None, unit)
    if declared.scale is None:
        return Group(declared.kind, declared.currency, unit)
    return Group(declared.kind, declared.currency)


def scale_of(unit: str, units: Mapping[str, Unit]) -> Decimal:
    """How many base units one of this unit is (1e12 for trillion yuan); 1 when not declared."""
    declared = units.get(unit)
    return declared.scale if declared is not None and declared.scale is not None else ONE


def rescale(number: Decimal, scale: Decimal, target: Decimal) -> Decimal:
    """number at scale, restated at target's scale; powers of ten keep the stated precision exactly.

    420.050 billion USD is 0.420050 trillion USD: six decimals, so no digit is invented or lost.
    """
    ratio = scale / target
    exponent = ratio.adjusted()
    if ratio == ONE.scaleb(exponent):
        return number.scaleb(exponent)
    return number * ratio


def group_order(units: Mapping[str, Unit]) -> dict[Group, int]:
    """Groups in the order the dataset declares their first unit: the order notes and sorts use."""
    order: dict[Group, int] = {}
    for name in units:
        order.setdefault(group_of(name, units), len(order))
    return order


def describe_groups(unit_names: Iterable[str], units: Mapping[str, Unit]) -> str:
    """'CNY amount (trillion yuan), USD amount (billion USD, trillion USD), years', in declared order."""
    members: dict[Group, list[str]] = {}
    for name in dict.fromkeys(unit_names):
        members.setdefault(group_of(name, units), []).append(name)
    order = group_order(units)
    parts = []
    for group in sorted(members, key=lambda g: (order.get(g, len(order)), g.label)):
        names = members[group]
        same = names == [group.label]
        parts.append(group.label if same else f"{group.label} ({', '.join(names)})")
    return ", ".join(parts)


class UnitError(ValueError):
    """A unit written in a condition that names no unit of the dataset; the message lists them."""


def parse_unit(text: str, units: Mapping[str, Unit], words: Words) -> Measure:
    """A unit as a user writes it after a number: a declared unit ('trillion yuan', 'count'), or a
    scale word and a currency word of the dataset's [words] ('bn USD', '100 million yuan', 'yuan')."""
    wanted = " ".join(text.lower().split())
    for name, unit in units.items():
        if " ".join(name.lower().split()) == wanted:
            return Measure(group_of(name, units), unit.scale or ONE, name)
    scale, currency = _scale_and_currency(wanted, words, units)
    if currency is None:
        raise UnitError(
            f"{text.strip()!r} names no currency or measure; write e.g. '5 trillion yuan' or '700 billion USD'"
        )
    return Measure(Group(_kind_counting_in(currency, units), currency), scale or ONE, text.strip())


def _kind_counting_in(code: str, units: Mapping[str, Unit]) -> str:
    """'amount' for a currency, 'quantity' for a measure ('tonne'): the kind of the units that count in it."""
    kinds = {u.kind for u in units.values() if u.currency == code}
    return kinds.pop() if len(kinds) == 1 else "amount"


def _scale_and_currency(text: str, words: Words, units: Mapping[str, Unit]) -> tuple[Decimal | None, str | None]:
    """Split 'bn usd' into its scale and currency words (longest phrase first, each at most once)."""
    phrases = {**{p: "scale" for p in words.scale}, **{p: "currency" for p in words.currency}}
    found: dict[str, str] = {}
    rest = text
    while rest:
        phrase = next((p for p in sorted(phrases, key=len, reverse=True) if _starts_with(rest, p)), None)
        if phrase is None or phrases[phrase] in found:
            word = rest.split()[0]
            hint = did_you_mean(text, units) or did_you_mean(word, phrases)
            raise UnitError(
                f"unknown unit {text!r}: expected a unit of the dataset ({', '.join(units)}) "
                f"or a scale and a currency such as 'billion yuan'{hint}"
            )
        found[phrases[phrase]] = phrase
        rest = rest[len(phrase) :].strip()
    scale = words.scale[found["scale"]] if "scale" in found else None
    currency = words.currency[found["currency"]] if "currency" in found else None
    return scale, currency


def _starts_with(text: str, phrase: str) -> bool:
    """The phrase opens the text and ends at a word boundary ('bn' is not the start of 'bnx')."""
    if not text.startswith(phrase):
        return False
    after = text[len(phrase) : len(phrase) + 1]
    return not (after.isascii() and after.isalnum() and phrase[-1:].isascii() and phrase[-1:].isalnum())


def common_unit(names: Sequence[str], units: Mapping[str, Unit]) -> str | None:
    """The unit to compare values in when all are of one group, else None.

    The largest unit of the group: restating 420.050 billion USD as 0.420050 trillion USD keeps
    every digit, while 3.77 trillion USD as 3770 billion USD would look more precise than stated.
    """
    if not names or len({group_of(n, units) for n in names}) > 1:
        return None
    return max(names, key=lambda n: scale_of(n, units))


def restate(number: Decimal, unit: str, target: str, units: Mapping[str, Unit]) -> Decimal:
    """A value in its unit restated in target, a unit of the same group (billion to trillion USD)."""
    return number if unit == target else rescale(number, scale_of(unit, units), scale_of(target, units))
