"""Linking a number's frame to the figures that fill it, and grading it against them.

A figure fills a frame when its own partner, product and subject are the frame's, its flow is
the frame's (any flow when the text names none, the total preferred), it states the field,
its period is the frame's, and its currency and basis do not contradict the text. Nothing is
graded against a neighbouring figure: a frame that no figure fills is `unverifiable` (when the
text names what the dataset holds, but not exactly) or not graded at all (a partner, product,
subject, source or period the dataset does not cover).

Most published numbers are right (the prior of AggChecker, Jo et al., SIGMOD 2019): among the
readings compatible with the frame, one under which the number is right is preferred. A number
that is wrong under every compatible reading is a mismatch; it is certain when the frame had
no doubts and one figure fills it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from tradecli.claims import Quantity, Said, counterparts, grade
from tradecli.derive import growth_currency, year_on_year
from tradecli.frames import Frame
from tradecli.lexicon import DIMENSIONS
from tradecli.model import ADDITIVE_KINDS, Dataset, Figure
from tradecli.periods import is_period, same_period
from tradecli.textread import Mention

_RIGHT = ("match", "rounded")  # verdicts under which a number states a figure (rounding included)
_OTHER_CURRENCY_SLACK = Decimal("0.15")  # percentage points: a rounding step of a one-decimal growth rate
_PLAUSIBLE = Decimal(4)  # a value further off than this factor is more likely about something else
ANOTHER_PERIOD = "no period is named, and it is the figure of another period"
_RANK = {"match": 0, "rounded": 1, "unverifiable": 2, "mismatch": 3}


class Link(NamedTuple):
    """The outcome of linking one number: a verdict, the figure if any, and why."""

    verdict: str  # match, rounded, mismatch, unverifiable, or skipped (not graded)
    figure: Figure | None
    field: str | None
    claimed: Decimal | None
    reason: str
    doubts: tuple[str, ...] = ()  # why the link may be wrong; a link without doubts is certain
    implausible: bool = False  # a value far from its figure: the frame is probably about something else
    period_doubts: tuple[str, ...] = ()  # doubts a number right for this period beside it would clear
    exact: bool = True  # the number was stated exactly, not as a bound ("more than 43 trillion")

    @property
    def certain(self) -> bool:
        return not self.doubts

    def explained(self) -> str:
        """The reason, with the doubts that make the link uncertain."""
        return self.reason + (" (uncertain link: " + "; ".join(self.doubts) + ")" if self.doubts else "")


class Index(NamedTuple):
    """The dataset's figures by what they are said of, built once per dataset."""

    by_entity: dict[tuple[str, str, str], list[Figure]]  # (partner, product, subject) -> figures
    known: dict[str, frozenset[str]]  # dimension -> keys some figure has


def index(dataset: Dataset) -> Index:
    by_entity: dict[tuple[str, str, str], list[Figure]] = {}
    known: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for figure in dataset.figures:
        entity = _entity(figure, dataset)
        by_entity.setdefault(entity, []).append(figure)
        for dimension, key in zip(("partner", "product", "subject"), entity, strict=True):
            if key:
                known[dimension].add(key)
        known["flow"].add(figure.flow)
    return Index(by_entity, {k: frozenset(v) for k, v in known.items()})


def _entity(figure: Figure, dataset: Dataset) -> tuple[str, str, str]:
    """What a figure is about; a restatement is about what it restates."""
    root = figure
    for _ in range(len(dataset.figures)):
        if root.restates is None or root.subject or root.partner or root.product:
            break
        parent = dataset.get(root.restates, root.period)
        if parent is None:
            break
        root = parent
    return ((root.partner or "").lower(), (root.product or "").lower(), (root.subject or "").lower())


def link(mention: Mention, frame: Frame, dataset: Dataset, figures: Index) -> Link:
    """Grade a number against the figures that fill its frame, preferring a reading that is right."""
    why_not = _not_graded(frame, figures)
    if why_not:
        return Link("skipped", None, frame.field, None, why_not)
    field = frame.field
    if field is None:
        return Link(
            "unverifiable", None, None, None, "the wording does not say what this number measures", frame.doubts
        )
    readings = _readings(frame)
    graded: list[tuple[int, str, str, Figure, Decimal]] = []  # (reading, verdict, reason, figure, claimed)
    gaps: list[str] = []
    for number, dims in enumerate(readings):
        candidates, gap = _candidates(dims, frame, mention, dataset, figures)
        if gap:
            gaps.append(gap)
        for figure in candidates:
            claimed = _claimed(mention.quantity, figure, field, frame, dataset)
            if isinstance(claimed, str):
                gaps.append(claimed)
                continue
            verdict, reason = _grade(claimed, mention.quantity, figure, field, frame, dataset)
            graded.append((number, verdict, reason, figure, claimed))
    graded = [g for g in graded if not _rescued_by_a_restatement(g, graded)]
    if not graded and field == "share":
        derived = _derived_share_link(mention, frame, dataset, figures)
        if derived is not None:
            return derived
    if not graded:
        return Link("unverifiable", None, field, None, gaps[0] if gaps else "no figure fits", frame.doubts)
    right = [g for g in graded if g[1] != "mismatch"]
    if right:
        number, verdict, reason, figure, claimed = min(right, key=lambda g: (g[0], _RANK[g[1]]))
        return Link(verdict, figure, field, claimed, reason, frame.doubts, exact=mention.quantity.qualifier == "exact")
    first = [g for g in graded if g[0] == graded[0][0]]
    number, verdict, reason, figure, claimed = first[0]
    converted = _other_currency_reading(claimed, figure, field, frame, dataset)
    if converted:
        return Link("unverifiable", figure, field, claimed, converted, frame.doubts)
    stale = _stale_hint(claimed, figure, field, dataset)
    official = getattr(figure, field)
    implausible = field == "value" and not _plausible(claimed, official)
    doubts = list(frame.doubts)
    if implausible:
        doubts.append(f"it is far from {figure.id} ({official}), so probably about something else")
    period_doubts = []
    if stale and not frame.period_stated:
        period_doubts.append(ANOTHER_PERIOD)
    return Link("mismatch", figure, field, claimed, reason + stale, (*doubts, *period_doubts), implausible,
                tuple(period_doubts))  # fmt: skip


IMPLIED_SHARE = "the share is implied by the official values, not stated, and prose may mean another base"


def _derived_share_link(mention: Mention, frame: Frame, dataset: Dataset, figures: Index) -> Link | None:
    """A share the dataset does not state ('Africa accounted for 5.5% of total trade'), graded as
    claims grade it (claims.grade_derived_share), against the value of the one figure the frame
    names and its parent's; always uncertain, since the sentence may mean a base other than the parent."""
    from tradecli.claims import grade_derived_share
    from tradecli.derive import derived_share

    if mention.quantity.percent not in (None, "percent") or mention.quantity.scale is not None:
        return None
    pool, gap = about_what(dict(frame.dims), figures)
    found = [
        (f, d) for f in pool
        if not gap and same_period(f.period, frame.period) and f.value is not None
        and (d := derived_share(f, dataset)) is not None and frame.base in (None, d.parent.flow)
        and (frame.dims.get("flow") in (None, f.flow))
    ]  # fmt: skip
    if frame.dims.get("flow") is None and any(f.flow == "total" for f, _ in found):
        found = [(f, d) for f, d in found if f.flow == "total"]  # as _candidates reads a share of no flow
    claimed = -mention.quantity.number if frame.negative else mention.quantity.number
    graded = [(f, *grade_derived_share(claimed, mention.quantity.qualifier, f, d, dataset)) for f, d in found]
    if not graded or len({verdict for _, verdict, _ in graded}) > 1:
        return None  # none, or versions (yuan, dollars) that disagree: the dataset cannot settle it
    figure, verdict, reason = graded[0]
    return Link(verdict, figure, "share", claimed, reason, (*frame.doubts, IMPLIED_SHARE))


def _plausible(claimed: Decimal, official: Decimal | None) -> bool:
    """A value within a factor of _PLAUSIBLE of the figure could be a misstatement of it."""
    return not official or not claimed or 1 / _PLAUSIBLE <= abs(claimed / official) <= _PLAUSIBLE


_NOT_FIGURES = {
    "change": "an absolute change, which no figure states",
    "average": "an average over several years, which no yearly figure states",
    "gap": "a gap between two rates, which no figure states",
    "contribution": "a contribution to growth stated in percent, which no figure states",
    "other base": "growth over a base other than the year before, which no figure states",
}


def _other_currency_reading(claimed: Decimal, figure: Figure, field: str, frame: Frame, dataset: Dataset) -> str:
    """A growth rate whose currency the text does not say may be in the currency the dataset lacks
    for this figure: 'exports to the US fell 19.5%' (in yuan) beside the official -20.0% (in dollars).
    The official totals' exchange rates of both years give that other growth; a claim within a
    rounding step of it is not a mismatch, only unverifiable. Without those rates (a month, a
    partial year) nothing rules the other reading out, so the claim is unverifiable too."""
    from tradecli.convert import implied_rate

    own = growth_currency(figure, dataset)
    if (
        field != "growth"
        or frame.currency is not None
        or figure.basis != "value"
        or figure.growth is None
        or own is None
    ):
        return ""  # a volume growth (in tonnes) has no reading in another currency
    foreign = own if own != dataset.currency else next((r.currency for r in dataset.rates), None)
    if foreign is None or counterparts(figure, dataset):
        return ""  # no other currency, or the dataset holds the growth in both (both are tried)
    now, before = (
        implied_rate(dataset, figure.period, foreign),
        implied_rate(dataset, figure.comparison_period, foreign),
    )
    other = dataset.currency if own == foreign else foreign
    if now is None or before is None:  # no official totals to convert with: the other reading stays open
        return (
            f"the text does not say the currency: the dataset has this growth in {own} only "
            f"({figure.growth}%), and no official totals of {figure.period} to tell the growth in {other}"
        )
    ratio = now / before if own == foreign else before / now  # yuan per unit of the foreign currency
    in_other = ((1 + figure.growth / 100) * ratio - 1) * 100
    if abs(in_other - claimed) > _OTHER_CURRENCY_SLACK:
        return ""
    return (
        f"the text does not say the currency: {claimed}% is not the official {figure.growth}% in {own}, but "
        f"close to the {in_other:.1f}% in {other} that the official exchange rates imply"
    )


def _rescued_by_a_restatement(item: tuple[int, str, str, Figure, Decimal], graded: list[Any]) -> bool:
    """A restatement ('more than 45 trillion') may turn a rounding of its figure into a match, but
    never excuse a number its figure contradicts ('at least 63 trillion' beside 45.47)."""
    number, _, _, figure, _ = item
    return figure.restates is not None and any(
        g[0] == number and g[3].id == figure.restates and g[1] == "mismatch" for g in graded
    )


def _not_graded(frame: Frame, figures: Index) -> str:
    """Why a number is not graded at all: about something the dataset does not cover."""
    if frame.field in _NOT_FIGURES:
        return _NOT_FIGURES[frame.field]
    if frame.source:
        return f"said of another source or a forecast ({frame.source}), not China's customs data"
    for dimension in DIMENSIONS:
        key = frame.dims.get(dimension)
        if key and key not in figures.known[dimension]:
            shown = key.lstrip("?")
            return f"about a {dimension} the dataset does not cover ({shown})"
    if not any(frame.dims.get(d) for d in DIMENSIONS):
        return "no figure is named in its clause"
    if frame.period == "unknown" or not is_period(frame.period):
        return "a period that cannot be placed"
    return ""


def _readings(frame: Frame) -> list[dict[str, str]]:
    """The frame as read, then without each part it only may have inherited."""
    readings = [{**frame.optional, **frame.dims}] if frame.optional else []
    readings.append(dict(frame.dims))
    return readings


def _candidates(
    dims: dict[str, str], frame: Frame, mention: Mention, dataset: Dataset, figures: Index
) -> tuple[list[Figure], str]:
    field = frame.field or "value"
    about = describe(dims)
    pool, gap = about_what(dims, figures)
    if gap:
        return [], gap
    flow = dims.get("flow")
    stated = [f for f in pool if getattr(f, field) is not None]
    if not stated:
        return [], f"the dataset has no {field} for {about}"
    in_period = [f for f in stated if same_period(f.period, frame.period)]
    if not in_period:
        return [], f"the dataset has no {field} for {about} in {frame.period}"
    fitting = [f for f in in_period if _unit_fits(f, field, mention.quantity, dataset)]
    fitting = [f for f in fitting if _currency_fits(f, field, frame, mention.quantity, dataset)]
    if not fitting:
        return [], f"the dataset has no {field} for {about} in that unit or currency"
    if field == "share" and frame.base is not None:
        fitting = [f for f in fitting if _share_base_flow(f, dataset) in (None, frame.base)]
        if not fitting:
            return [], f"the dataset has no share of {frame.base} for {about}"
    if field == "growth":
        on_other_bases = [f for f in fitting if not year_on_year(f)]
        fitting = [f for f in fitting if year_on_year(f)]
        if not fitting:  # "rose 5.3 per cent" is on the year before, never the growth on 2020
            base = on_other_bases[0].comparison_period
            return [], f"the dataset has growth for {about} only against {base}, not on the year before"
    if field == "growth" and frame.basis is not None:
        other = [f for f in fitting if f.basis not in (None, frame.basis)]
        fitting = [f for f in fitting if f.basis in (None, frame.basis)]
        if not fitting:
            said = f" (it has the {other[0].basis} growth, {other[0].growth}%)" if other else ""
            return [], f"the dataset has no {frame.basis} growth for {about}{said}"
    if flow is None and any(f.flow == "total" for f in fitting):
        fitting = [f for f in fitting if f.flow == "total"]
    # A restatement ("more than 45 trillion") speaks only to a claim that is itself a bound
    # ("surpassing 45 trillion yuan" matches it); an exact number is graded against the figure.
    if mention.quantity.qualifier == "exact":
        fitting = [f for f in fitting if not f.restates or not any(g.id == f.restates for g in fitting)]
    return sorted(fitting, key=lambda f: f.restates is not None), ""


def about_what(dims: dict[str, str], figures: Index) -> tuple[list[Figure], str]:
    """The figures of exactly this partner, product and subject, and of the flow when one is named:
    what a number in prose or a name a person types ('exports to the US') is said of; else why none."""
    pool = figures.by_entity.get((dims.get("partner", ""), dims.get("product", ""), dims.get("subject", "")), [])
    if not pool:
        return [], f"the dataset has no figure for {describe(dims)}"
    flow = dims.get("flow")
    pool = [f for f in pool if flow is None or f.flow == flow]
    return pool, "" if pool else f"the dataset has nothing for {describe(dims)}"


def _share_base_flow(figure: Figure, dataset: Dataset) -> str | None:
    """The flow a figure's share is of: its share_of figure's flow (total trade, exports)."""
    base = dataset.get(figure.share_of, figure.period) if figure.share_of else None
    return base.flow if base is not None and not (base.partner or base.product or base.subject) else None


def describe(dims: dict[str, str]) -> str:
    parts = [dims[d] for d in ("subject", "flow", "product", "partner") if dims.get(d)]
    return " / ".join(parts) or "this"


def _unit_fits(figure: Figure, field: str, quantity: Quantity, dataset: Dataset) -> bool:
    """An amount in money (or tonnes) can only be a value in money (or tonnes); a bare count only a count."""
    if field != "value":
        return True
    kind = dataset.unit_kind(figure.unit)
    if quantity.percent is not None:
        return kind == "percent"
    if quantity.currency is not None:
        return kind in ADDITIVE_KINDS
    if quantity.scale is not None:
        return kind in ("amount", "count")
    return kind in ("count", "duration", "rank")


def _currency_fits(figure: Figure, field: str, frame: Frame, quantity: Quantity, dataset: Dataset) -> bool:
    if field == "value":
        unit = dataset.unit(figure.unit)
        wanted = unit.currency if unit and unit.currency else None
        return quantity.currency is None or wanted is None or quantity.currency == wanted
    if field == "growth" and frame.currency:
        return growth_currency(figure, dataset) == frame.currency
    return True


def _claimed(quantity: Quantity, figure: Figure, field: str, frame: Frame, dataset: Dataset) -> Decimal | str:
    number = -quantity.number if field == "growth" and frame.negative and quantity.number > 0 else quantity.number
    if field != "value":
        return number
    unit = dataset.unit(figure.unit)
    if unit is None or quantity.scale is None:
        if unit is not None and unit.kind in ADDITIVE_KINDS and quantity.currency is None:
            return "an amount without its unit"
        return number
    return number.scaleb((quantity.scale / (unit.scale or Decimal(1))).adjusted())


def _grade(
    claimed: Decimal, quantity: Quantity, figure: Figure, field: str, frame: Frame, dataset: Dataset
) -> tuple[str, str]:
    official = getattr(figure, field)
    verdict, reason = grade(Said(claimed, quantity.qualifier), Said(official, figure.qualifier_of(field)),
                            dataset.rounding)  # fmt: skip
    return verdict, reason


def _stale_hint(claimed: Decimal, figure: Figure, field: str, dataset: Dataset) -> str:
    """'; 25.45 is the 2024 figure': the claim states the same statistic of another period (in that
    version's unit: the 2024 surplus is in billions, the 2025 one in trillions)."""
    for other in dataset.versions(figure.id):
        stated = getattr(other, field)
        if other.period == figure.period or stated is None:
            continue
        said = _in_unit(claimed, figure, other, dataset) if field == "value" else claimed
        if said is not None and grade(Said(said), Said(stated))[0] in _RIGHT:
            return f"; {said} is the {other.period} figure"
    return ""


def _in_unit(number: Decimal, figure: Figure, other: Figure, dataset: Dataset) -> Decimal | None:
    """A value in figure's unit, restated in other's (trillion USD to billion USD)."""
    unit, target = dataset.unit(figure.unit), dataset.unit(other.unit)
    if unit is None or target is None or unit.currency != target.currency:
        return None
    if not unit.scale or not target.scale:
        return number
    return number.scaleb((unit.scale / target.scale).adjusted())
