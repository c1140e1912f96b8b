"""Rounding-aware interval arithmetic on stated figures.

A published figure is not a point: "45.47" says the true value lies in [45.465, 45.475),
"8%" says [7.5, 8.5), "more than 240" says (240, inf). Checks compare such intervals, so a
check passes exactly when some set of true values would round to every stated figure, and no
tolerance ("epsilon") has to be invented. Arithmetic rounds outward (lower bounds down, upper
bounds up), so a computed interval always contains every value its inputs allow.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import NamedTuple

INF = Decimal("Infinity")
HALF = Decimal("0.5")
HUNDRED = Decimal(100)
# The context every computation runs in, whatever the caller's (tradecli.api, the CLI's main):
# Python's defaults, spelled out rather than copied from decimal.DefaultContext, which a program
# may have changed. A notebook that set getcontext().prec = 3, or trapped Inexact, gets the CLI's
# numbers and verdicts, and its own context's flags are left as they were.
EXACT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999_999, Emax=999_999, capitals=1, clamp=0,
                flags=[], traps=[InvalidOperation, DivisionByZero, Overflow])  # fmt: skip
_PRECISION = 34  # digits kept by outward-rounded operations; far beyond any stated figure
_DOWN = Context(prec=_PRECISION, rounding=ROUND_FLOOR)
_UP = Context(prec=_PRECISION, rounding=ROUND_CEILING)
_NEAREST = Context(prec=_PRECISION)


def step(number: Decimal) -> Decimal:
    """The rounding step a stated number implies: 45.47 -> 0.01, 8 -> 1, 7.600 -> 0.001."""
    exponent = number.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


class Interval:
    """The values a statement allows: from lo to hi, each end open or closed.

    Computed intervals are closed (outward rounding makes them slightly wider than the truth,
    never narrower); stated ones keep the openness their rounding rule gives them. A plain
    class rather than a tuple, so that + and * mean interval arithmetic and nothing else.
    """

    __slots__ = ("hi", "hi_open", "lo", "lo_open")

    def __init__(self, lo: Decimal, hi: Decimal, lo_open: bool = False, hi_open: bool = False) -> None:
        self.lo = lo
        self.hi = hi
        self.lo_open = lo_open
        self.hi_open = hi_open

    def _key(self) -> tuple[Decimal, Decimal, bool, bool]:
        return (self.lo, self.hi, self.lo_open, self.hi_open)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Interval{self.text()}"

    @property
    def bounded(self) -> bool:
        """Both ends finite: the statement pins the value down, not just a bound."""
        return self.lo.is_finite() and self.hi.is_finite()

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Decimal | int):
            return False
        above = value > self.lo if self.lo_open else value >= self.lo
        below = value < self.hi if self.hi_open else value <= self.hi
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """Some value satisfies both statements."""
        lo, lo_open = _tighter(self.lo, self.lo_open, other.lo, other.lo_open, higher=True)
        hi, hi_open = _tighter(self.hi, self.hi_open, other.hi, other.hi_open, higher=False)
        return lo < hi or (lo == hi and not lo_open and not hi_open)

    def within(self, outer: Interval) -> bool:
        """Every value this statement allows is allowed by outer: outer follows from self."""
        lo_ok = self.lo > outer.lo or (self.lo == outer.lo and (self.lo_open or not outer.lo_open))
        hi_ok = self.hi < outer.hi or (self.hi == outer.hi and (self.hi_open or not outer.hi_open))
        return lo_ok and hi_ok

    def text(self, places: int | None = None) -> str:
        """Interval notation: [45.465, 45.475), (240, inf)."""
        return (
            ("(" if self.lo_open else "[")
            + f"{_show(self.lo, places)}, {_show(self.hi, places)}"
            + (")" if self.hi_open else "]")
        )

    # -- arithmetic (results are closed and rounded outward) ------------------------------
    def __add__(self, other: Interval) -> Interval:
        return Interval(_DOWN.add(self.lo, other.lo), _UP.add(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return Interval(_DOWN.subtract(self.lo, other.hi), _UP.subtract(self.hi, other.lo))

    def __mul__(self, other: Interval) -> Interval:
        return _corners(self, other, lambda ctx, a, b: ctx.multiply(a, b))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            return Interval(-INF, INF)  # a divisor that may be zero bounds nothing
        return _corners(self, other, lambda ctx, a, b: ctx.divide(a, b))


def _tighter(a: Decimal, a_open: bool, b: Decimal, b_open: bool, *, higher: bool) -> tuple[Decimal, bool]:
    """The more restrictive of two ends (an open end wins a tie)."""
    if a == b:
        return a, a_open or b_open
    return (a, a_open) if (a > b) == higher else (b, b_open)


def _corners(a: Interval, b: Interval, operation: Callable[[Context, Decimal, Decimal], Decimal]) -> Interval:
    pairs = [(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    lows = [_safe(operation, _DOWN, x, y) for x, y in pairs]
    highs = [_safe(operation, _UP, x, y) for x, y in pairs]
    return Interval(min(lows), max(highs))


def _safe(operation: Callable[[Context, Decimal, Decimal], Decimal], ctx: Context, x: Decimal, y: Decimal) -> Decimal:
    """inf * 0 and inf / inf have no value; the bound they stand for is then unknown (0)."""
    try:
        result = operation(ctx, x, y)
    except ArithmeticError:
        return Decimal(0)
    return Decimal(0) if result.is_nan() else result


def _show(bound: Decimal, places: int | None) -> str:
    if not bound.is_finite():
        return "inf" if bound > 0 else "-inf"
    if places is None:
        return format(bound.normalize() if bound == bound.to_integral_value() else bound, "f")
    return format(round_half_up(bound, places), "f")


def exact(value: Decimal) -> Interval:
    """A single known value (a constant such as 1 or 100)."""
    return Interval(value, value)


def point(interval: Interval) -> Decimal | None:
    """A representative value: the midpoint of a bounded interval."""
    if not interval.bounded:
        return None
    return _NEAREST.divide(_NEAREST.add(interval.lo, interval.hi), Decimal(2))


def round_half_up(number: Decimal, places: int) -> Decimal:
    """Round half up, the convention of published statistics.

    The precision is as wide as the result: quantize refuses (InvalidOperation) a result with
    more digits than its context, and a derived value can have more than 28 (a prior value
    implied by growth of -99.99%, to the stated value's 2 decimals).
    """
    digits = max(number.adjusted(), 0) + max(places, 0) + 2
    context = _NEAREST if digits <= _PRECISION else Context(prec=digits)
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)


class Rounding(NamedTuple):
    """How a dataset's statements map to intervals; declared in the dataset's [rounding] table.

    about_percent: how far "about X" may be from X, as a percentage of X (at least half a step).
    revision_percent: the largest revision of a published prior-period value, as a percentage of
    it, that a check reports as a revision rather than an error.
    """

    about_percent: Decimal = Decimal(0)
    revision_percent: Decimal = Decimal(0)


def stated(value: Decimal, qualifier: str = "exact", rounding: Rounding | None = None) -> Interval:
    """The interval a stated number allows, given how it was qualified.

    "exact" means rounded half up to the digits shown: [v - step/2, v + step/2).
    """
    half = step(value) * HALF
    about_percent = rounding.about_percent if rounding else Decimal(0)
    widen = max(half, abs(value) * about_percent / HUNDRED)
    shapes: dict[str, Interval] = {
        "exact": Interval(value - half, value + half, hi_open=True),
        "more than": Interval(value, INF, lo_open=True, hi_open=True),
        "at least": Interval(value, INF, hi_open=True),
        "less than": Interval(-INF, value, lo_open=True, hi_open=True),
        "about": Interval(value - widen, value + widen),
        "nearly": Interval(value - widen, value + half, hi_open=True),
    }
    if qualifier not in shapes:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    return shapes[qualifier]


def growth_factor(growth: Interval) -> Interval:
    """1 + g/100 for a growth rate in percent."""
    return exact(Decimal(1)) + growth / exact(HUNDRED)


class Slack(NamedTuple):
    """How far a computed value sits inside (positive) or outside (negative) a stated interval."""

    amount: Decimal | None
    steps: Decimal | None  # amount as a multiple of the stated figure's rounding step


def slack(computed: Decimal | None, target: Interval, rounding_step: Decimal | None) -> Slack:
    """Signed distance from the computed value to the nearest end of the target interval."""
    if computed is None:
        return Slack(None, None)
    above = computed - target.lo if target.lo.is_finite() else INF
    below = target.hi - computed if target.hi.is_finite() else INF
    amount = min(above, below)
    if not amount.is_finite():
        return Slack(None, None)
    steps = amount / rounding_step if rounding_step else None
    return Slack(amount, steps)
