"""Yuan figures shown in another currency: always labelled as a conversion, never as official.

The default rate is the one implied by the official totals of the figure's own period (declared
as [[rate]] in the dataset: 45.47 trillion yuan / 6.35 trillion USD = 7.16 yuan per dollar in
2025); --rate replaces it. Figures published in dollars are official and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from tradecli.derive import AMOUNT_KIND, decimals
from tradecli.errors import UsageError, did_you_mean
from tradecli.interval import round_half_up
from tradecli.limits import MAX_MAGNITUDE, brief, number_problem
from tradecli.model import Dataset, Figure, Rate

RATE_PLACES = 4
RATE_DIGITS = 5  # an implied rate keeps at least 5 significant digits: 1e-19 must not round to 0.0000
CONVERTED_FIELDS = ("value", "implied_prior", "change")


class Conversion(NamedTuple):
    """What --currency and --rate asked for."""

    currency: str
    rate: Decimal | None  # None: the rate implied by each period's official totals


def parse_conversion(currency: str | None, rate: str | None, dataset: Dataset) -> Conversion | None:
    """Validate --currency/--rate; None when no conversion was asked for (or the currency is yuan)."""
    if currency is None:
        if rate is not None:
            raise UsageError("--rate needs --currency, e.g. '--currency usd --rate 7.16'")
        return None
    code = currency.strip().upper()
    known = sorted({r.currency for r in dataset.rates})
    if code == (dataset.currency or "CNY"):
        return None
    if code not in known:
        hint = did_you_mean(currency, [k.lower() for k in known])
        raise UsageError(f"--currency: no rate for {currency!r} (available: {', '.join(known) or 'none'}){hint}")
    return Conversion(code, _positive(rate) if rate is not None else None)


def _positive(text: str) -> Decimal:
    try:
        rate = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"--rate: not a number: {text!r}; give yuan per unit of the currency, e.g. 7.16") from None
    problem = number_problem(rate)
    if problem:
        raise UsageError(f"--rate: {problem}; give yuan per unit of the currency, e.g. 7.16")
    if rate <= 0:
        raise UsageError(f"--rate: must be a positive number of yuan per unit, got {text!r}")
    return rate


def implied_rate(dataset: Dataset, period: str, currency: str) -> Decimal | None:
    """Yuan per unit of currency implied by a period's official totals, if the dataset declares them."""
    declared = next((r for r in dataset.rates if r.period == period and r.currency == currency), None)
    if declared is None:
        return None
    yuan, foreign = _amount(dataset, declared, declared.yuan), _amount(dataset, declared, declared.foreign)
    if yuan is None or foreign is None or yuan <= 0 or foreign <= 0:
        return None  # totals that are zero or negative imply no rate at all
    rate = yuan / foreign
    return round_half_up(rate, max(RATE_PLACES, RATE_DIGITS - 1 - rate.adjusted()))


def _amount(dataset: Dataset, rate: Rate, ids: tuple[str, ...]) -> Decimal | None:
    total = Decimal(0)
    for figure_id in ids:
        figure = dataset.get(figure_id, rate.period)
        unit = dataset.unit(figure.unit) if figure else None
        if figure is None or figure.value is None or unit is None or unit.scale is None:
            return None
        total += figure.value * unit.scale
    return total


def convert_row(
    row: Mapping[str, object], figure: Figure, dataset: Dataset, conversion: Conversion
) -> dict[str, object]:
    """The record with its amounts in the target currency and a 'conversion' label; others untouched."""
    converted = dict(row)
    unit = dataset.unit(figure.unit)
    if unit is None or unit.kind != AMOUNT_KIND or unit.currency == conversion.currency or not unit.scale:
        return converted
    rate = conversion.rate or implied_rate(dataset, figure.period, conversion.currency)
    if rate is None:
        converted["conversion"] = f"not converted: no {conversion.currency} rate for {figure.period}; give --rate"
        return converted
    target = _target_unit(dataset, unit.scale, conversion.currency)
    for field in CONVERTED_FIELDS:
        amount = row.get(field)
        if isinstance(amount, Decimal):  # same scale (trillion to trillion): only the rate applies
            converted[field] = _converted(amount, rate)
    converted["unit"] = target
    origin = "given with --rate" if conversion.rate else f"implied by official {figure.period} totals"
    converted["conversion"] = (
        f"converted from {row.get('value')} {figure.unit} at {format(rate, 'f')} CNY per {conversion.currency} "
        f"({origin}); not an official {conversion.currency} figure"
    )
    return converted


TOO_LARGE = Decimal(10) ** MAX_MAGNITUDE


def _converted(amount: Decimal, rate: Decimal) -> Decimal:
    """amount / rate to one more decimal than the amount has, and never to fewer significant digits
    than it has: 45.47 at 7.1606 is 6.350, and at a rate of 1e6 it is 0.00004547, not 0.000."""
    result = amount / rate
    if not result:
        return round_half_up(result, decimals(amount) + 1)
    keep = len(amount.as_tuple().digits) - 1 - result.adjusted()
    converted = round_half_up(result, max(decimals(amount) + 1, keep))
    if abs(converted) >= TOO_LARGE:  # a valid --rate of 1e-20 made 45.47 into 4.5e21 (tiny results are fine)
        beyond = "beyond the numbers tradecli computes with (see 'Limits' in docs/dataset.md)"
        raise UsageError(f"--rate {format(rate, 'f')}: {amount} converts to {brief(converted)}, {beyond}; "
                         "give yuan per unit, e.g. 7.16")  # fmt: skip
    return converted


def _target_unit(dataset: Dataset, scale: Decimal, currency: str) -> str:
    """A declared unit of the same scale in the target currency ('trillion USD'), else a description."""
    for name, unit in dataset.units.items():
        if unit.currency == currency and unit.scale == scale:
            return name
    return f"{currency} x {scale:E}"
