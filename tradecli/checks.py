"""Consistency rules over a dataset's own figures, driven by the relationships it declares.

Every rule compares two intervals: one computed from stated figures, one a stated figure (or
computed from one). A rule passes when the intervals are compatible, i.e. when some set of true
values would round to every stated figure involved. The same comparison at the stated values
themselves gives the slack: how far inside (or outside) the stated interval the numbers land.
No rule knows any figure id; they read `[[relation]]`, `part_of`, `share_of`, `restates`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Literal, NamedTuple

from tradecli.derive import decimals, grows_in_own_unit, share_change_inputs, share_from_change
from tradecli.errors import UsageError, did_you_mean
from tradecli.interval import (
    HUNDRED,
    INF,
    Interval,
    Slack,
    exact,
    growth_factor,
    point,
    slack,
    stated,
    step,
)
from tradecli.model import Dataset, Figure

NumberField = Literal["value", "growth", "share", "share_change"]
Comparison = Literal["equal", "at most"]


class Term(NamedTuple):
    """One stated number a rule reads: which figure, which field, and the factor into the rule's unit.

    The factor lets 992.1 billion USD meet 3.58 trillion USD: stated numbers stay as stated,
    and the interval is scaled exactly (by a power of ten).
    """

    figure: Figure
    field: NumberField
    factor: Decimal = Decimal(1)

    @property
    def stated(self) -> Decimal:
        number = getattr(self.figure, self.field)
        assert isinstance(number, Decimal)
        return number

    @property
    def number(self) -> Decimal:
        return self.stated * self.factor

    @property
    def qualifier(self) -> str:
        return self.figure.qualifier_of(self.field)

    def interval(self, dataset: Dataset) -> Interval:
        interval = stated(self.stated, self.qualifier, dataset.rounding)
        return interval if self.factor == 1 else interval * exact(self.factor)


Formula = Callable[[Sequence[Interval]], Interval]


class Evaluation(NamedTuple):
    """A rule applied to particular figures, before it is computed."""

    rule: str
    subject: Figure  # the figure a report points at (its line in the dataset file)
    inputs: tuple[Term, ...]
    computed: Formula  # from the inputs' intervals to the computed side
    target: Formula  # from the inputs' intervals to the side it must meet
    comparison: Comparison
    step: Decimal  # rounding step of the stated figure the target stands for
    describe: str  # what is being compared, e.g. "exports + imports vs total"
    derived: Callable[[Sequence[Decimal]], dict[str, Decimal]] | None = None
    target_is_range: bool = False  # the target is a range of possibilities, not a stated figure
    revisable: bool = False  # a miss within [rounding].revision_percent is a revision, not an error


class RuleResult(NamedTuple):
    """The outcome of one evaluation, with everything a report needs to explain it."""

    rule: str
    subject: str
    figures: tuple[str, ...]
    ok: bool
    description: str
    inputs: tuple[Term, ...]
    computed: Interval
    computed_point: Decimal | None
    target: Interval
    target_point: Decimal | None
    slack: Slack
    places: int  # decimals worth showing for computed numbers
    line: int | None
    derived: dict[str, Decimal]
    period: str = ""
    revision: bool = False  # consistent only as a revision of the published figure (information)

    @property
    def verdict(self) -> str:
        if self.revision:
            return "revision"
        return "pass" if self.ok else "fail"


def evaluate(evaluation: Evaluation, dataset: Dataset) -> RuleResult:
    """Compute both sides with intervals (the verdict) and at the stated values (the slack)."""
    intervals = [term.interval(dataset) for term in evaluation.inputs]
    points = [exact(term.number) for term in evaluation.inputs]
    computed = evaluation.computed(intervals)
    target = evaluation.target(intervals)
    computed_point = point(evaluation.computed(points))
    target_point = None if evaluation.target_is_range else point(evaluation.target(points))
    if evaluation.comparison == "equal":
        ok = computed.overlaps(target)
        margin = slack(computed_point, target, evaluation.step)
    else:
        ok = computed.overlaps(Interval(-INF, target.hi, hi_open=target.hi_open))
        gap = None if computed_point is None or target_point is None else target_point - computed_point
        margin = Slack(gap, None if gap is None else gap / evaluation.step)
    derived = evaluation.derived([t.number for t in evaluation.inputs]) if evaluation.derived else {}
    revision = False
    if evaluation.revisable and computed_point is not None and target_point:
        size = target_point - computed_point
        derived = {**derived, "published_minus_implied": size, "gap_percent": size / target_point * HUNDRED}
        revision = not ok and abs(size / target_point * HUNDRED) <= dataset.rounding.revision_percent
    return RuleResult(
        rule=evaluation.rule,
        subject=evaluation.subject.id,
        figures=tuple(dict.fromkeys(t.figure.id for t in evaluation.inputs)),
        ok=ok or revision,
        description=evaluation.describe,
        inputs=evaluation.inputs,
        computed=computed,
        computed_point=computed_point,
        target=target,
        target_point=target_point,
        slack=margin,
        places=decimals(evaluation.step) + 3,
        line=evaluation.subject.line,
        derived=derived,
        period=evaluation.subject.period,
        revision=revision,
    )


# -- helpers shared by rules ----------------------------------------------------------------


def _total(intervals: Sequence[Interval]) -> Interval:
    result = intervals[0]
    for interval in intervals[1:]:
        result = result + interval
    return result


def _percent(part: int, whole: int) -> Formula:
    """inputs[part] as a percentage of inputs[whole]."""

    def formula(intervals: Sequence[Interval]) -> Interval:
        return intervals[part] / intervals[whole] * exact(HUNDRED)

    return formula


def _first(intervals: Sequence[Interval]) -> Interval:
    return intervals[0]


def _last(intervals: Sequence[Interval]) -> Interval:
    return intervals[-1]


def _prior(value: Interval, growth: Interval) -> Interval:
    return value / growth_factor(growth)


def _has_values(figures: Sequence[Figure], dataset: Dataset) -> bool:
    """All figures state values in units that add up: one unit, or one currency at known scales."""
    if not all(f.value is not None and f.unit for f in figures):
        return False
    if len({f.unit for f in figures}) == 1:
        return True
    units = [dataset.unit(f.unit) for f in figures]
    return all(u is not None and u.scale for u in units) and len({u.currency for u in units if u}) == 1


def _value(figure: Figure, unit: str | None, dataset: Dataset) -> Term:
    """The figure's value as a term in the given unit (billion USD into trillion USD: x 0.001)."""
    mine, theirs = dataset.unit(figure.unit), dataset.unit(unit)
    if figure.unit == unit or mine is None or theirs is None or not (mine.scale and theirs.scale):
        return Term(figure, "value")
    return Term(figure, "value", mine.scale / theirs.scale)


def _grew_in_value(figures: Sequence[Figure], dataset: Dataset) -> bool:
    """All figures are amounts with exactly stated value growth rates: their prior-year values are implied."""
    return _has_values(figures, dataset) and all(
        grows_in_own_unit(f, dataset) and f.growth_qualifier == "exact" for f in figures
    )


def _relations(dataset: Dataset, kinds: tuple[str, ...]) -> Iterator[tuple[Figure, list[Figure]]]:
    """Each relation of these kinds, once for every period in which all its figures exist."""
    for relation in dataset.relations:
        if relation.kind not in kinds:
            continue
        for period in dataset.periods:
            whole = dataset.get(relation.whole, period)
            parts = [dataset.get(p, period) for p in relation.parts]
            if whole is not None and all(p is not None for p in parts):
                yield whole, [p for p in parts if p is not None]


def _stated_pairs(dataset: Dataset, reference: str) -> Iterator[tuple[Figure, Figure]]:
    """(figure, the figure its reference field names) where both state comparable values."""
    for figure in dataset.figures:
        other = dataset.related(figure, getattr(figure, reference))
        if other is not None and _has_values([figure, other], dataset):
            yield figure, other


def _said(figure: Figure) -> str:
    qualifier = "" if figure.qualifier == "exact" else f"{figure.qualifier} "
    return f"{qualifier}{figure.value}"


def _plus(figures: Sequence[Figure]) -> str:
    return " + ".join(f.id for f in figures)


# -- the rules ------------------------------------------------------------------------------


def sum_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """Declared sums and differences: the parts add up to the whole (exports - imports = surplus)."""
    yield from _parts_against_whole(dataset, "sum", rule="sum", comparison="equal")
    yield from _parts_against_whole(dataset, "difference", rule="sum", comparison="equal")


def _parts_against_whole(dataset: Dataset, kind: str, *, rule: str, comparison: Comparison) -> Iterator[Evaluation]:
    """A relation's parts combined (added, or subtracted from the first) against its whole."""
    symbol = "=" if comparison == "equal" else "<="
    for whole, parts in _relations(dataset, (kind,)):
        if not _has_values([whole, *parts], dataset):
            continue
        assert whole.value is not None
        yield Evaluation(
            rule=rule,
            subject=whole,
            inputs=(*(_value(p, whole.unit, dataset) for p in parts), Term(whole, "value")),
            computed=_difference if kind == "difference" else lambda iv: _total(iv[:-1]),
            target=_last,
            comparison=comparison,
            step=step(whole.value),
            describe=f"{(' - ' if kind == 'difference' else ' + ').join(p.id for p in parts)} {symbol} {whole.id}",
        )


def _difference(intervals: Sequence[Interval]) -> Interval:
    """The first part minus the others (the whole is last)."""
    return intervals[0] - _total(intervals[1:-1])


def share_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """Stated shares: part / parent x 100 is the stated share."""
    for figure, parent in _stated_pairs(dataset, "share_of"):
        if figure.share is None:
            continue
        yield Evaluation(
            rule="share",
            subject=figure,
            inputs=(_value(figure, parent.unit, dataset), Term(parent, "value"), Term(figure, "share")),
            computed=_percent(0, 1),
            target=_last,
            comparison="equal",
            step=step(figure.share),
            describe=f"{figure.id} / {parent.id} x 100 = share",
        )


def containment_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """A part never exceeds its whole; separate (disjoint) parts together never exceed it either."""
    for figure, whole in _stated_pairs(dataset, "part_of"):
        yield _value_against_value("containment", figure, whole, "at most", f"{figure.id} <= {whole.id}", dataset)
    yield from _parts_against_whole(dataset, "disjoint", rule="containment", comparison="at most")


def growth_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """Declared sums hold a year earlier too, so the whole's growth follows from its parts'.

    The parts' prior-year values (value / (1 + growth)) must add up to the whole's. Written as
    the growth that implies, whole / sum(priors) - 1, it is compared with the whole's stated
    growth rate, and each input appears once, so the interval is exact.
    """
    for whole, parts in _relations(dataset, ("sum",)):
        if not _grew_in_value([whole, *parts], dataset):
            continue
        assert whole.growth is not None
        count = len(parts)
        yield Evaluation(
            rule="growth",
            subject=whole,
            inputs=(
                *(_value(p, whole.unit, dataset) for p in parts),
                *(Term(p, "growth") for p in parts),
                Term(whole, "value"),
                Term(whole, "growth"),
            ),
            computed=_growth_implied_by_parts(count),
            target=_last,
            comparison="equal",
            step=step(whole.growth),
            describe=f"{whole.id} growth = {whole.id} / sum of prior-year {_plus(parts)} - 1",
            derived=_prior_years(count),
        )


def _priors_of_parts(count: int, intervals: Sequence[Interval]) -> Interval:
    """Sum of value / (1 + growth) over the parts; inputs are the values, then the growths."""
    return _total([_prior(intervals[i], intervals[count + i]) for i in range(count)])


def _growth_implied_by_parts(count: int) -> Formula:
    """(whole value / sum of the parts' prior-year values - 1) x 100."""

    def formula(intervals: Sequence[Interval]) -> Interval:
        ratio = intervals[2 * count] / _priors_of_parts(count, intervals)
        return (ratio - exact(Decimal(1))) * exact(HUNDRED)

    return formula


def _prior_years(count: int) -> Callable[[Sequence[Decimal]], dict[str, Decimal]]:
    """The two prior-year values the rule equates, at the stated numbers, for the report."""

    def derive(numbers: Sequence[Decimal]) -> dict[str, Decimal]:
        points = [exact(n) for n in numbers]
        parts = _priors_of_parts(count, points)
        whole = _prior(points[-2], points[-1])
        return {"prior_of_parts": parts.lo, "prior_of_whole": whole.lo}

    return derive


def share_change_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """A stated share change must be attainable given the two growth rates, and match any known share."""
    for figure in dataset.figures:
        pair = share_change_inputs(figure, dataset)
        if pair is None:
            continue
        part, grower, parent = pair
        assert part.share_change is not None
        inputs: tuple[Term, ...] = (Term(part, "share_change"), Term(grower, "growth"), Term(parent, "growth"))
        target: Formula = _attainable_share
        describe = f"{part.id}: share of {parent.id} implied by its share change is possible"
        share_step = step(part.share_change)
        if part.share is not None:
            inputs, target = (*inputs, Term(part, "share")), _last
            describe = f"{part.id}: share of {parent.id} implied by its share change = stated share"
            share_step = step(part.share)
        elif _has_values([part, parent], dataset):
            inputs = (*inputs, _value(part, parent.unit, dataset), Term(parent, "value"))
            target = _percent(3, 4)
            describe = f"{part.id}: share of {parent.id} implied by its share change = {part.id} / {parent.id}"
        yield Evaluation(
            rule="share-change",
            subject=part,
            inputs=inputs,
            computed=lambda iv: share_from_change(iv[0], iv[1], iv[2]),
            target=target,
            comparison="equal",
            step=share_step,
            describe=describe,
            derived=_implied_shares,
            target_is_range=target is _attainable_share,
        )


def _attainable_share(intervals: Sequence[Interval]) -> Interval:
    """Shares now and a year ago both lie in [0, 100]: s in [max(0, d), min(100, 100 + d)]."""
    change = intervals[0]
    return Interval(max(Decimal(0), change.lo), min(HUNDRED, HUNDRED + change.hi))


def _implied_shares(numbers: Sequence[Decimal]) -> dict[str, Decimal]:
    change, growth, parent_growth = numbers[:3]
    share = share_from_change(exact(change), exact(growth), exact(parent_growth)).lo
    return {"share_implied": share, "prior_share_implied": share - change}


def qualifier_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """Restatements ("more than 45 trillion") are consistent with the figure they restate."""
    for figure, restated in _stated_pairs(dataset, "restates"):
        describe = f"{restated.id} is '{_said(figure)}'"
        yield _value_against_value("qualifier", restated, figure, "equal", describe, dataset, subject=figure)


def _value_against_value(
    rule: str,
    first: Figure,
    second: Figure,
    comparison: Comparison,
    describe: str,
    dataset: Dataset,
    subject: Figure | None = None,
) -> Evaluation:
    """One stated value against another (in the second's unit): equal, or at most."""
    assert second.value is not None
    return Evaluation(
        rule=rule,
        subject=subject or first,
        inputs=(_value(first, second.unit, dataset), Term(second, "value")),
        computed=_first,
        target=_last,
        comparison=comparison,
        step=step(second.value),
        describe=describe,
    )


def revision_rule(dataset: Dataset) -> Iterator[Evaluation]:
    """This period's growth implies last period's value (or share); it must match what was published.

    A gap beyond rounding but within [rounding].revision_percent is reported as a revision
    (information: official data get revised); a bigger one is an error.
    """
    for figure in dataset.figures:
        previous = dataset.get(figure.restates or figure.id, figure.comparison_period)
        if previous is None:
            continue
        if _has_prior_value(figure, previous, dataset):
            assert previous.value is not None
            yield Evaluation(
                rule="revision",
                subject=figure,
                inputs=(_value(figure, previous.unit, dataset), Term(figure, "growth"), Term(previous, "value")),
                computed=lambda iv: _prior(iv[0], iv[1]),
                target=_last,
                comparison="equal",
                step=step(previous.value),
                describe=f"{figure.id}: {figure.comparison_period} value implied by {figure.period} growth = published",
                revisable=True,
            )
        prior_share = _prior_share(figure, dataset)
        if prior_share is not None and previous.share is not None:
            inputs, formula = prior_share
            yield Evaluation(
                rule="revision",
                subject=figure,
                inputs=(*inputs, Term(previous, "share")),
                computed=formula,
                target=_last,
                comparison="equal",
                step=step(previous.share),
                describe=f"{figure.id}: {figure.comparison_period} share implied by the share change = published",
                revisable=True,
            )


def _has_prior_value(figure: Figure, previous: Figure, dataset: Dataset) -> bool:
    """The figure's value and value growth imply a prior value comparable with the published one."""
    return grows_in_own_unit(figure, dataset) and _has_values([figure, previous], dataset)


def _prior_share(figure: Figure, dataset: Dataset) -> tuple[tuple[Term, ...], Formula] | None:
    """Inputs and formula for last period's share: stated share - change, or change / (r - 1)."""
    if figure.share_change is None:
        return None
    if figure.share is not None:
        return (Term(figure, "share"), Term(figure, "share_change")), lambda iv: iv[0] - iv[1]
    pair = share_change_inputs(figure, dataset)
    if pair is None:
        return None
    inputs = (Term(figure, "share_change"), Term(pair.grower, "growth"), Term(pair.parent, "growth"))
    return inputs, _share_before_change


def _share_before_change(intervals: Sequence[Interval]) -> Interval:
    """s0 = change / (r - 1), r = (1 + g) / (1 + G): each input once, so the interval is exact."""
    change, growth, parent_growth = intervals[:3]
    ratio = growth_factor(growth) / growth_factor(parent_growth)
    return change / (ratio - exact(Decimal(1)))


class Rule(NamedTuple):
    """A named family of checks, for --rule and --list-rules."""

    name: str
    summary: str
    evaluations: Callable[[Dataset], Iterator[Evaluation]]


RULES: tuple[Rule, ...] = (
    Rule("sum", "parts declared by a sum relation add up to the whole", sum_rule),
    Rule("share", "part / parent x 100 equals the stated share", share_rule),
    Rule("containment", "a part (or separate parts together) never exceeds its whole", containment_rule),
    Rule("growth", "prior-year values implied by growth rates still add up", growth_rule),
    Rule("share-change", "a share change in points is attainable given both growth rates", share_change_rule),
    Rule("qualifier", "'more than X' style restatements agree with the exact figure", qualifier_rule),
    Rule("revision", "last period's values implied by growth match those published (or were revised)", revision_rule),
)
RULE_NAMES = tuple(rule.name for rule in RULES)


def pick_rules(names: Sequence[str]) -> tuple[Rule, ...]:
    """The rules asked for by --rule (all of them when none is named)."""
    if not names:
        return RULES
    unknown = [n for n in names if n not in RULE_NAMES]
    if unknown:
        first = unknown[0]
        raise UsageError(
            f"unknown rule '{first}' (expected one of: {', '.join(RULE_NAMES)}){did_you_mean(first, RULE_NAMES)}"
        )
    return tuple(rule for rule in RULES if rule.name in names)


def run_rules(dataset: Dataset, rules: Sequence[Rule] = RULES) -> list[RuleResult]:
    """Every evaluation of every chosen rule, in rule order then dataset order."""
    return [evaluate(e, dataset) for rule in rules for e in rule.evaluations(dataset)]


def count_evaluations(dataset: Dataset, rule: Rule) -> int:
    """How many checks a rule makes on this dataset (for --list-rules)."""
    return sum(1 for _ in rule.evaluations(dataset))
