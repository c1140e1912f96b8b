"""The numbers tradecli accepts from a file or a command line, and why these bounds.

Decimal can hold NaN, infinities, 1E+400 and 26.99E-999999, and Python ints can have thousands
of digits; none of them is a trade statistic, and each one breaks arithmetic further on (a NaN
cannot be sorted, 1E+400 cannot be rounded to 0.01 in any sane precision, a 5,000-digit integer
cannot even be printed). So every number is checked once, where it enters (dataset validation,
claims, --rate), against bounds that no real statistic comes near; everything after that can
compute without guarding each operation.

The bounds, each with its reason:
- finite: NaN and infinities are not statements of anything;
- at most MAX_DIGITS (20) significant digits, counting written trailing zeros (10.00 has 4): the
  most precise official trade figure is a yuan amount to the yuan, 14 digits; 20 digits and the
  half rounding step beside them fit exactly in Python's default 28-digit decimal arithmetic, so a
  stated number's rounding interval is never itself rounded (a 28-digit claim used to get an
  empty interval and a false mismatch);
- smaller than 10^MAX_MAGNITUDE (1e21) in size: world trade in a year is about 3e14 yuan, 3e16
  fen; a thousand times more leaves room for any unit a dataset may declare;
- no digit finer than 10^-MAX_PLACES (1e-20): no statistic, percentage or scale is stated to
  more than 20 decimal places.
Every accepted number is then a multiple of 1e-20 below 1e21, so sums, products and ratios of a
few of them stay within a few dozen digits and far from Decimal's exponent limits.
"""

from __future__ import annotations

from decimal import Decimal

MAX_DIGITS = 20
MAX_MAGNITUDE = 21  # numbers are smaller than 10**MAX_MAGNITUDE in size
MAX_PLACES = 20
MAX_NESTING = 100  # arrays and inline tables in a TOML file (a dataset needs 2; tomllib fails near 300)
_LIMIT = 10**MAX_MAGNITUDE


def number_problem(number: int | Decimal) -> str | None:
    """Why a number read from input is outside the bounds above, as 'expected …, got …'; None if fine."""
    if isinstance(number, int):
        if abs(number) >= _LIMIT:  # before Decimal(): a 4,000-digit int is checked without converting it
            return f"expected a number smaller than 1e{MAX_MAGNITUDE}, got {brief(number)}"
        number = Decimal(number)
    if not number.is_finite():
        return f"expected a finite number, got {brief(number)}"
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if number and number.adjusted() >= MAX_MAGNITUDE:
        return f"expected a number smaller than 1e{MAX_MAGNITUDE}, got {brief(number)}"
    if len(digits) > MAX_DIGITS:
        return f"expected at most {MAX_DIGITS} significant digits, got {brief(number)} ({len(digits)} digits)"
    if exponent < -MAX_PLACES:
        return f"expected at most {MAX_PLACES} decimal places, got {brief(number)} ({-exponent} places)"
    return None


def brief(number: int | Decimal) -> str:
    """A number as a message can quote it: in full when short, else its first digits and its size."""
    if isinstance(number, int):
        if number.bit_length() <= 128:  # at most 39 digits: quote it whole
            return str(number)
        size = number.bit_length() * 30103 // 100000 + 1  # about log10(2) digits per bit: no str() of it
        return f"a {'negative ' if number < 0 else ''}number of about {size} digits"
    if not number.is_finite():
        return "nan" if number.is_nan() else ("inf" if number > 0 else "-inf")
    text = str(number)
    return text if len(text) <= 40 else f"{text[:24]}…{text[-10:]}"
