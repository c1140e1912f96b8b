"""Claims about figures ("exports growth=6.1%"), parsed by our own small parser and verified.

A claim is read into the figure's own unit (7600 billion yuan -> 7.600 trillion yuan, keeping
its precision), turned into an interval like any stated figure, and compared with the official
statement. Verdicts are deliberately graded: a claim that is merely more precise than the
official figure, or that names a bound as a number, is `unverifiable`, never `mismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

from tradecli.dataset import find_by_name, period_option, same_subject_in, versions_in
from tradecli.derive import DerivedShare, decimals, derived_share, growth_currency
from tradecli.errors import InputFileError, Problem, TradecliError, UsageError, close_matches, did_you_mean, suggestion
from tradecli.fullwidth import ascii_number
from tradecli.interval import Interval, Rounding, round_half_up, stated
from tradecli.limits import number_problem
from tradecli.model import Dataset, Figure, Unit, Words

Verdict = Literal["match", "rounded", "mismatch", "unknown-figure", "unverifiable"]
FAILING: frozenset[str] = frozenset({"mismatch", "unknown-figure"})

# Claimable fields, with the names people write for them.
FIELD_NAMES: dict[str, str] = {
    "value": "value",
    "growth": "growth",
    "share": "share",
    "share_change": "share_change",
    "share-change": "share_change",
    "share change": "share_change",
}
CLAIM_FIELDS = ("value", "growth", "share", "share_change")
_OPERATOR = re.compile(r">=|<=|=|>|<|~")
# A number as people write it: 780,000 or 780000, with or without decimals.
NUMBER_PATTERN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = re.compile(rf"[-+]?{NUMBER_PATTERN}(?![\d,])|[-+]?\.\d+")
MAX_SUGGESTED = 100  # distinct unknown figure names in one check that get a 'did you mean'


class ClaimError(ValueError):
    """A claim that cannot be read; the message says what was expected."""


class Origin(NamedTuple):
    """Where a claim came from, for located reports: a file and line, or a command-line argument."""

    file: str | None
    line: int | None
    argument: int | None = None

    def text(self) -> str:
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line else self.file
        return f"argument {self.argument}" if self.argument else "argument"


class Quantity(NamedTuple):
    """A number as written, with the words around it sorted into scale, currency, percent, qualifier."""

    number: Decimal
    qualifier: str = "exact"
    scale: Decimal | None = None
    currency: str | None = None
    percent: str | None = None  # "percent" or "points"
    text: str = ""


class Claim(NamedTuple):
    """One claimed figure: which figure, which field, what quantity, and where it was made."""

    figure: str
    field: str
    quantity: Quantity
    origin: Origin
    text: str
    period: str | None = None  # the period a claims file's row names; None: the batch's (--period)


# -- parsing --------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def parse_quantity(text: str, words: Words) -> Quantity:
    """Read '7.6 trillion yuan', 'CNY 7.6tn', 'more than 780,000', '57%', '1.4 pp'; full-width
    digits, points and signs too (26.99 typed in CJK width), as check --text reads them."""
    cleaned = _normalise(ascii_number(text))
    match = _NUMBER.search(cleaned)
    if match is None:
        raise ClaimError(f"no number in {text.strip()!r}; expected e.g. '26.99', '6.1%' or '7.6 trillion yuan'")
    try:
        number = Decimal(match.group().replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        raise ClaimError(f"not a number: {match.group()!r}") from None
    if "." not in match.group():
        number = _trailing_zeros_as_rounding(number)
    problem = number_problem(number)
    if problem:
        raise ClaimError(f"{problem} (see 'Limits' in docs/dataset.md)")
    before = _words_in(cleaned[: match.start()], words, ("qualifier", "currency"), "before")
    after = _words_in(cleaned[match.end() :], words, ("scale", "currency", "percent"), "after")
    duplicated = set(before) & set(after)
    if duplicated:
        raise ClaimError(f"{text.strip()!r} gives a {duplicated.pop()} twice")
    parts = {**before, **after}
    return Quantity(
        number=number,
        qualifier=str(parts.get("qualifier", "exact")),
        scale=words.scale[str(parts["scale"])] if "scale" in parts else None,
        currency=words.currency[str(parts["currency"])] if "currency" in parts else None,
        percent=words.percent[str(parts["percent"])] if "percent" in parts else None,
        text=text.strip(),
    )


def _trailing_zeros_as_rounding(whole_number: Decimal) -> Decimal:
    """7600 (billion) is read as 7.6E+3: rounded to the nearest hundred, as people write it.

    A whole number's trailing zeros do not say whether they were measured or rounded; reading
    them as rounding can only make a claim more tolerant, never raise a false alarm. Write
    7600.0 to claim more.
    """
    return whole_number.normalize() if whole_number else Decimal(0)


class _Phrases(NamedTuple):
    """A kind-of-word lookup compiled once per vocabulary (an article asks at every number)."""

    words: Words
    kinds: dict[str, str]  # phrase -> kind (scale, currency, percent, qualifier)
    pattern: re.Pattern[str]  # the phrases, longest first, each ending at a word boundary


_PHRASES: dict[tuple[int, tuple[str, ...]], _Phrases] = {}


def _phrases(words: Words, kinds: Sequence[str]) -> _Phrases:
    key = (id(words), tuple(kinds))
    cached = _PHRASES.get(key)
    if cached is None or cached.words is not words:
        owner = {p: k for k in reversed(kinds) for p in getattr(words, k)}
        ordered = sorted(owner, key=len, reverse=True)
        edge = r"(?![A-Za-z0-9])"
        body = "|".join(re.escape(p) + (edge if latin(p[-1:]) else "") for p in ordered) or "(?!)"
        cached = _PHRASES[key] = _Phrases(words, owner, re.compile(body))
    return cached


def _words_in(text: str, words: Words, kinds: Sequence[str], side: str) -> dict[str, str]:
    """Split text into known unit or qualifier phrases (longest first); anything else is an error."""
    phrases = _phrases(words, kinds)
    found: dict[str, str] = {}
    rest = text.strip()
    while rest:
        match = phrases.pattern.match(rest)
        phrase = match.group() if match else ""
        kind = phrases.kinds.get(phrase, "")
        if not phrase and _NUMBER.match(rest):
            raise ClaimError(f"more than one number ({rest.split()[0]!r} {side} the first); give one number per claim")
        if not phrase:
            expected = ", ".join(sorted(phrases.kinds)[:12]) or "none declared"
            raise ClaimError(f"unexpected {rest.split()[0]!r} {side} the number (expected words like: {expected})")
        if kind in found:
            raise ClaimError(f"two {kind} words: {found[kind]!r} and {phrase!r}")
        found[kind] = words.qualifier[phrase] if kind == "qualifier" else phrase
        rest = rest[len(phrase) :].strip()
    return found


def latin(char: str) -> bool:
    """A letter or digit of a language that separates words with spaces (not CJK: 万亿元 has no gaps)."""
    return char.isascii() and char.isalnum()


def field_name(text: str | None) -> str:
    """A claimable field from what people write ('share change' -> share_change); default value."""
    wanted = _normalise(text or "") or "value"
    if wanted not in FIELD_NAMES:
        raise unknown_field(str(text))
    return FIELD_NAMES[wanted]


def unknown_field(text: str) -> ClaimError:
    """The one message for a field we do not know, in a claims file's field column or in an inline claim
    ('exports grwth=6.1'), so both read the same; the caller locates it (argument N, or file: line N)."""
    return ClaimError(
        f"unknown field {text!r} (expected one of: {', '.join(CLAIM_FIELDS)}){did_you_mean(text, CLAIM_FIELDS)}"
    )


def _misspelt_field(claim: Claim, names: Names) -> ClaimError | None:
    """'exports grwth=6.1' names no figure, but 'exports' does and 'grwth' is close to a field name:
    the field is misspelt, which is a malformed claim (a usage error), not an unknown figure.

    Only a last word close to a field counts ('exports yoy' stays an unknown figure): a figure name
    may end in any word, and a claim about an unknown figure must still fail the check, not the run.
    """
    words = claim.figure.split()
    for size in (1, 2):  # 'grwth', or 'share chnge'
        head, last = " ".join(words[:-size]), " ".join(words[-size:])
        if len(words) > size and close_matches(last, FIELD_NAMES) and names(head).figure is not None:
            return unknown_field(last)
    return None


def parse_claim(text: str, words: Words, origin: Origin) -> Claim:
    """'FIGURE [FIELD] = QUANTITY', e.g. 'exports growth=6.1%' or 'asean = 7.6 trillion yuan'.

    A comparison instead of '=' is a qualifier: 'trading-partners > 240' is 'more than 240'
    (the operators are qualifier words of the dataset, like 'over').
    """
    match = _OPERATOR.search(ascii_number(text))  # same length: positions are the text's own
    if match is None:
        raise ClaimError(f"expected FIGURE [FIELD]=VALUE, e.g. 'exports growth=6.1%', got {text!r}")
    operator = match.group()
    left, right = text[: match.start()], text[match.end() :]
    name, field = split_field(left)
    if not name:
        raise ClaimError(f"no figure before {operator!r} in {text!r}")
    if operator != "=" and operator not in words.qualifier:
        known = ", ".join(["=", *(op for op in ("<", ">", ">=", "~") if op in words.qualifier)])
        raise ClaimError(f"unsupported comparison {operator!r} in {text!r}; use one of: {known}")
    quantity = parse_quantity(right if operator == "=" else f"{operator} {right}", words)
    return Claim(name, field, quantity, origin, text.strip())


def split_field(left: str) -> tuple[str, str]:
    """'exports growth' -> ('exports', 'growth'); 'total trade' -> ('total trade', 'value'). Inline
    claims and a claims file's figure cell are read alike."""
    name = _normalise(left)
    for spelled in sorted(FIELD_NAMES, key=len, reverse=True):
        if name.endswith(" " + spelled):
            return name[: -len(spelled) - 1].strip(), FIELD_NAMES[spelled]
    return name, "value"


def parse_inline(texts: Sequence[str], words: Words) -> list[Claim]:
    """Claims given as command-line arguments; a malformed one is a usage error (exit 2)."""
    claims = []
    for number, text in enumerate(texts, start=1):
        try:
            claims.append(parse_claim(text, words, Origin(None, None, number)))
        except ClaimError as exc:
            raise UsageError(f"claim {number} ({text!r}): {exc}") from None
    return claims


# -- verifying ------------------------------------------------------------------------------


class ClaimResult(NamedTuple):
    """A verdict on one claim, with the official figure and the reason in words."""

    claim: Claim
    figure: str | None
    field: str
    claimed: Decimal | None  # in the figure's unit
    unit: str | None
    official: Decimal | None
    official_qualifier: str | None
    difference: Decimal | None
    verdict: Verdict
    reason: str
    suggestions: tuple[str, ...] = ()

    def failed(self, strict: bool = False) -> bool:
        return self.verdict in FAILING or (strict and self.verdict == "rounded")


def verify(claim: Claim, dataset: Dataset, period: str | None = None, names: Names | None = None) -> ClaimResult:
    """Compare a claim with the dataset: match, rounded, mismatch, unknown-figure or unverifiable.

    The claim is about the dataset's period (2025) unless a period is given; a figure with no
    version in that period makes the claim unverifiable, with the periods it does have, rather than
    being compared with another year's figure. `names` remembers the names earlier claims used.
    """
    names = names or Names(dataset, period)
    naming = names(claim.figure)
    if naming.figure is None:
        misspelt = _misspelt_field(claim, names)
        if misspelt is not None:
            raise misspelt
        return _result(claim, None, "unknown-figure", naming.reason, suggestions=naming.suggestions)
    named = naming.figure
    from tradecli.lookup import named_period  # here: lookup reads names with textlink, which grades with this module

    checked = period or named_period(dataset, claim.figure) or dataset.period
    inside = versions_in(dataset, named.id, checked)
    if len(inside) != 1:
        reason = _period_reason(named.id, checked, [f.period for f in inside], dataset)
        return _result(claim, None, "unverifiable", reason)._replace(figure=named.id)
    figure = _stating_the_field(claim, _in_claimed_currency(claim, inside[0], dataset), dataset)
    official = getattr(figure, claim.field)
    if official is None and claim.field == "share":
        return _against_derived_share(claim, figure, dataset)
    if official is None:
        return _result(claim, figure, "unverifiable", f"the dataset states no {claim.field} for {figure.id}")
    converted = _in_figure_unit(claim, figure, dataset)
    if isinstance(converted, str):
        return _result(claim, figure, "unverifiable", converted)
    result = _compare(claim, figure, converted, official, dataset)
    return _with_currency_hint(result, claim, figure, dataset) if result.verdict == "mismatch" else result


def _against_derived_share(claim: Claim, figure: Figure, dataset: Dataset) -> ClaimResult:
    """A share the dataset does not state, checked against the one its values imply (grade_derived_share)."""
    derived = derived_share(figure, dataset)
    if derived is None:
        return _result(claim, figure, "unverifiable", f"the dataset states no share for {figure.id}")
    claimed = _in_figure_unit(claim, figure, dataset)
    if isinstance(claimed, str):
        return _result(claim, figure, "unverifiable", claimed)
    verdict, reason = grade_derived_share(claimed, claim.quantity.qualifier, figure, derived, dataset)
    return ClaimResult(claim=claim, figure=figure.id, field="share", claimed=claimed, unit="%",
                       official=derived.point, official_qualifier="exact", difference=claimed - derived.point,
                       verdict=verdict, reason=reason)  # fmt: skip


def grade_derived_share(
    claimed: Decimal, qualifier: str, figure: Figure, derived: DerivedShare, dataset: Dataset
) -> tuple[Verdict, str]:
    """A claimed share against the interval the official values imply (both values' rounding allowed
    for): outside it, wrong whatever the true values; holding all of it at its own precision, it
    follows from them; anything else they cannot settle. Claims and articles grade alike."""
    claimed_range = stated(claimed, qualifier, dataset.rounding)
    implied = f"no share is stated; {figure.id}'s and {derived.parent.id}'s values imply {derived.interval.text(3)}"
    if not claimed_range.overlaps(derived.interval):
        return "mismatch", f"{implied}: the claim {claimed} {claimed_range.text()} is incompatible with it"
    if derived.interval.within(claimed_range):
        return "rounded", f"{implied}: the claim follows from them at its precision"
    return "unverifiable", f"{implied}: the claim is consistent with them but more precise than they can settle"


class Naming(NamedTuple):
    """The figure a claim's name means, or why none (with the ids that come close)."""

    figure: Figure | None
    reason: str = ""
    suggestions: tuple[str, ...] = ()


class Names:
    """The figures the names in a batch of claims mean, each distinct name looked up once.

    A claims file may repeat one name 50,000 times, or misspell 50,000 names: a look-up reads the
    name's words, and a 'did you mean' compares it with every id and alias (difflib, about 2 ms), so
    the first is remembered and the second offered for the first MAX_SUGGESTED unknown names only.
    """

    def __init__(self, dataset: Dataset, period: str | None = None) -> None:
        self.dataset, self.period = dataset, period
        self.seen: dict[str, Naming] = {}
        self.suggested = 0  # unknown names given a 'did you mean'

    def __call__(self, name: str) -> Naming:
        naming = self.seen.get(name)
        if naming is None:
            similar = self.suggested < MAX_SUGGESTED
            naming = self.seen[name] = name_figure(self.dataset, name, self.period, similar)
            if similar and naming.figure is None:
                self.suggested += 1
        return naming


def name_figure(dataset: Dataset, name: str, period: str | None, similar: bool = True) -> Naming:
    """The figure a claim names: an id or alias, else what its words name ('exports to the US'), as
    `show` reads them; never a part of a name, so a claims file keeps its meaning as figures are added."""
    named = find_by_name(dataset, name)
    if named is not None:
        return Naming(named)
    from tradecli.lookup import MAX_LISTED, look_up

    found = look_up(dataset, name, period, partial=False, similar=similar)
    if found.ids and not found.problem:
        return Naming(dataset.versions(found.ids[0])[0])
    listed = found.suggestions[:MAX_LISTED] or found.ids
    hint = "" if found.ids else suggestion(listed) or _list_hint(similar)
    return Naming(None, found.problem + hint, tuple(listed))


def _list_hint(similar: bool) -> str:
    if similar:
        return "; run tradecli list to see every id"
    return f"; run tradecli list to see every id (names are suggested for the first {MAX_SUGGESTED} unknown ones)"


def _period_reason(figure_id: str, period: str, inside: Sequence[str], dataset: Dataset) -> str:
    """Why a claim cannot be checked in this period: never compare silently with another year."""
    if inside:
        return f"{figure_id} has several figures within {period} ({', '.join(inside)}); give --period exactly"
    have = [f.period for f in dataset.versions(figure_id)]
    use = period_option(have[0]) if len(have) == 1 else "--period"
    return f"no {period} figure for {figure_id}; the dataset has {', '.join(have)} (use {use} to check against it)"


def _currency_of(figure: Figure, field: str, dataset: Dataset) -> str | None:
    """The currency a value is stated in, or a growth rate is measured in."""
    if field == "growth":
        return growth_currency(figure, dataset)
    unit = dataset.unit(figure.unit) if field == "value" else None
    return unit.currency if unit else None


def _in_claimed_currency(claim: Claim, figure: Figure, dataset: Dataset) -> Figure:
    """The same statistic in the claim's currency, when the dataset has it ('exports' in USD)."""
    wanted = claim.quantity.currency
    if wanted is None or claim.field not in ("value", "growth"):
        return figure
    if _currency_of(figure, claim.field, dataset) == wanted:
        return figure
    for other in counterparts(figure, dataset):
        if _currency_of(other, claim.field, dataset) == wanted and getattr(other, claim.field) is not None:
            return other
    return figure


def _stating_the_field(claim: Claim, figure: Figure, dataset: Dataset) -> Figure:
    """The figure about the same thing that states the claimed field, when the one named does not:
    'crude oil=577.7 million tonnes' names crude-oil-imports (its value growth only); the volume is
    crude-oil-import-volume. Only one such figure, in a unit of the claim's kind, is taken."""
    if getattr(figure, claim.field) is not None:
        return figure
    measure = claim.quantity.currency  # a currency code, or a quantity's measure ("tonne")
    about = [dataset.get(i, figure.period) for i in same_subject_in(dataset, figure.id, figure.period, None)]
    others = [
        f for f in about
        if f is not None and f.flow == figure.flow and getattr(f, claim.field) is not None
        and f.restates in (None, figure.id)
        and (measure is None or claim.field != "value" or _currency_of(f, "value", dataset) == measure)
    ]  # fmt: skip
    return others[0] if len(others) == 1 else figure


def counterparts(figure: Figure, dataset: Dataset) -> list[Figure]:
    """Figures stating the same statistic in another currency, in the same period."""
    return [
        f
        for f in dataset.figures
        if f.period == figure.period and f.id != figure.id and figure.id in (f.counterpart, f.id)
    ] + [f for f in dataset.figures if f.period == figure.period and f.id == figure.counterpart]


def _with_currency_hint(result: ClaimResult, claim: Claim, figure: Figure, dataset: Dataset) -> ClaimResult:
    """A mismatch that is right in another currency says so: 5.5% is export growth in dollars."""
    if claim.field != "growth" or claim.quantity.currency is not None:
        return result
    for other in counterparts(figure, dataset):
        if other.growth is None:
            continue
        verdict, _ = grade(Said(claim.quantity.number, claim.quantity.qualifier),
                           Said(other.growth, other.growth_qualifier), dataset.rounding)  # fmt: skip
        if verdict in ("match", "rounded"):
            currency = _currency_of(other, "growth", dataset)
            number = claim.quantity.number
            example = f"'{claim.figure} growth={number}% {currency}'"
            hint = f"; {number}% is the growth in {currency} ({other.id}): say so ({example})"
            return result._replace(reason=result.reason + hint)
    return result


def _result(
    claim: Claim, figure: Figure | None, verdict: Verdict, reason: str, suggestions: tuple[str, ...] = ()
) -> ClaimResult:
    """A verdict reached without comparing numbers (unknown figure, nothing to compare)."""
    return ClaimResult(
        claim=claim,
        figure=figure.id if figure else None,
        field=claim.field,
        claimed=None,
        unit=_unit_of(figure, claim.field) if figure else None,
        official=getattr(figure, claim.field, None) if figure else None,
        official_qualifier=_qualifier(figure, claim.field) if figure else None,
        difference=None,
        verdict=verdict,
        reason=reason,
        suggestions=suggestions,
    )


def _unit_of(figure: Figure, field: str) -> str | None:
    if field == "value":
        return figure.unit
    return "pp" if field == "share_change" else "%"


def _qualifier(figure: Figure, field: str) -> str:
    return figure.qualifier_of(field)


def _in_figure_unit(claim: Claim, figure: Figure, dataset: Dataset) -> Decimal | str:
    """The claimed number in the figure's unit, or why it cannot be compared (unverifiable)."""
    quantity = claim.quantity
    if claim.field != "value":
        wanted = "points" if claim.field == "share_change" else "percent"
        if quantity.scale is not None or (quantity.currency is not None and claim.field != "growth"):
            raise ClaimError(f"a {claim.field} is a percentage; got {quantity.text!r}")
        measured_in = _currency_of(figure, claim.field, dataset)
        if quantity.currency is not None and quantity.currency != measured_in:
            have = f"{figure.id}'s growth in {measured_in} only"
            return f"the claim is growth in {quantity.currency}; the dataset has {have}"
        if quantity.percent not in (None, wanted):
            unit = "percentage points (pp)" if wanted == "points" else "percent (%)"
            raise ClaimError(f"a {claim.field} is in {unit}; got {quantity.text!r}")
        return quantity.number
    if quantity.percent is not None:
        raise ClaimError(f"{figure.id}'s value is in {figure.unit}, not a percentage; claim 'share' or 'growth'")
    declared = dataset.unit(figure.unit)
    unit_currency = declared.currency if declared else None
    if quantity.currency is not None and quantity.currency != unit_currency:
        have = f"in {unit_currency}" if unit_currency else "not money"
        return f"the claim is in {quantity.currency}; the dataset's {figure.id} is {have}, so it cannot be checked"
    if quantity.scale is None:
        return quantity.number if quantity.currency is None else _rescale(quantity.number, Decimal(1), declared)
    return _rescale(quantity.number, quantity.scale, declared)


def _rescale(number: Decimal, scale: Decimal, unit: Unit | None) -> Decimal:
    """number x scale in the unit's own scale (units.rescale: powers of ten keep the stated precision)."""
    from tradecli.units import rescale

    return rescale(number, scale, unit.scale if unit and unit.scale else Decimal(1))


def _compare(claim: Claim, figure: Figure, claimed: Decimal, official: Decimal, dataset: Dataset) -> ClaimResult:
    official_qualifier = _qualifier(figure, claim.field)
    said = Said(claimed, claim.quantity.qualifier)
    verdict, reason = grade(said, Said(official, official_qualifier), dataset.rounding)
    if claim.field == "value" and claimed != claim.quantity.number and figure.unit:  # restated in its unit
        reason += f" (in {figure.unit}: the claim's {claim.quantity.text.strip()} is {format(claimed, 'f')})"
    return ClaimResult(
        claim=claim,
        figure=figure.id,
        field=claim.field,
        claimed=claimed,
        unit=_unit_of(figure, claim.field),
        official=official,
        official_qualifier=official_qualifier,
        difference=claimed - official,
        verdict=verdict,
        reason=reason,
    )


def _said(number: Decimal, qualifier: str) -> str:
    text = format(number, "f")
    return text if qualifier == "exact" else f"{qualifier} {text}"


class Said(NamedTuple):
    """A number as somebody stated it: the digits and the qualifier."""

    number: Decimal
    qualifier: str = "exact"


def grade(claim: Said, official: Said, rounding: Rounding | None = None) -> tuple[Verdict, str]:
    """The verdict table of docs/checks.md: how a claimed statement stands to the official one."""
    claimed, claimed_qualifier = claim
    official_number, official_qualifier = official
    claimed_range = stated(claimed, claimed_qualifier, rounding)
    official_range = stated(official_number, official_qualifier, rounding)
    return _grade(claimed, claimed_qualifier, claimed_range, official_number, official_qualifier, official_range)


def _grade(
    claimed: Decimal,
    claimed_qualifier: str,
    claimed_range: Interval,
    official: Decimal,
    official_qualifier: str,
    official_range: Interval,
) -> tuple[Verdict, str]:
    claim_text, official_text = _said(claimed, claimed_qualifier), _said(official, official_qualifier)
    if not claimed_range.overlaps(official_range):
        return "mismatch", (
            f"official figure is {official_text} {official_range.text()}; "
            f"the claim {claim_text} {claimed_range.text()} is incompatible with it"
        )
    if claimed_qualifier == official_qualifier and claimed == official and decimals(claimed) <= decimals(official):
        return "match", f"equal to the official {official_text}"  # 420.05 for 420.050: only zeros are left out
    if official_range.within(claimed_range):
        if claimed_range.bounded and official_range.bounded:
            return "rounded", f"follows from the official {official_text} at the claim's precision"
        return "rounded", f"follows from the official '{official_text}'"
    if claimed == official and claimed_qualifier != official_qualifier:
        return "rounded", f"official statement is '{official_text}': the qualifier differs"
    places = decimals(claimed)
    if claimed_qualifier == "exact" and places < decimals(official) and round_half_up(official, places) == claimed:
        return "rounded", f"official {official_text} rounds half up to {claimed} (a borderline rounding)"
    if official_range.bounded and claimed_range.bounded and decimals(claimed) > decimals(official):
        return "unverifiable", f"more precise than the official {official_text}, but consistent with it"
    if claimed_qualifier == "exact" and official_range.bounded and places < decimals(official):
        rounded = round_half_up(official, places)
        return "unverifiable", (
            f"official {official_text} rounds half up to {rounded}; {claimed} is right only if the unrounded "
            f"figure was below {official}"
            if claimed < official
            else f"official {official_text} rounds half up to {rounded}; {claimed} is right only if the "
            f"unrounded figure was above {official}"
        )
    return "unverifiable", f"consistent with the official '{official_text}', but does not follow from it"


def verify_all(claims: Sequence[Claim], dataset: Dataset, period: str | None = None) -> list[ClaimResult]:
    """Verdicts for every claim. A claim in the wrong kind of unit cannot be judged: that is an
    input error, located (exit 3 for a claims file, 2 for an argument), and every one is listed."""
    results: list[ClaimResult] = []
    problems: list[tuple[Claim, str]] = []
    names: dict[str | None, Names] = {}  # per period: a name may mean another figure in another period
    for claim in claims:
        when = claim.period or period
        try:
            results.append(verify(claim, dataset, when, names.setdefault(when, Names(dataset, when))))
        except ClaimError as exc:
            problems.append((claim, str(exc)))
    if problems:
        raise _input_error(problems)
    return results


def _input_error(problems: Sequence[tuple[Claim, str]]) -> TradecliError:
    claim, message = problems[0]
    if claim.origin.file is None:
        return UsageError(f"claim {claim.origin.argument} ({claim.text!r}): {message}")
    return InputFileError([Problem(str(c.origin.file), f"line {c.origin.line}", m) for c, m in problems])
