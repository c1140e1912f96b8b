"""Full-width digits and signs (45.47 or 6.1% typed in CJK width, U+FF10-FF19 etc.) as ASCII ones.

One character for one, so a column or an offset found in the ASCII form points at the same
character of the text as written. `check --text`, claims and --where all read numbers through
here, so a full-width 26.99 is 26.99 wherever a number is read.
"""

from __future__ import annotations

# Digits, the point, % and $, and the typographic apostrophe (U+2019) prose uses in "China's".
DIGITS: dict[int, int | str] = {0xFF10 + digit: ord("0") + digit for digit in range(10)} | {
    0xFF0E: ".", 0xFF05: "%", 0xFF04: "$", 0x2019: "'",
}  # fmt: skip
# Where a number is all there is (a claim, a --where value): its sign and the comparison before it.
# Not in prose, where a full-width hyphen is as often a dash as a minus sign.
SIGNS: dict[int, int | str] = DIGITS | {0xFF0B: "+", 0xFF0D: "-", 0x2212: "-", 0xFF1C: "<", 0xFF1D: "=", 0xFF1E: ">"}


def ascii_digits(text: str) -> str:
    """Prose with full-width digits, points, % and $ in ASCII (same length)."""
    return text.translate(DIGITS)


def ascii_number(text: str) -> str:
    """A claim or comparison with its full-width digits, signs and operators in ASCII (same length)."""
    return text.translate(SIGNS)
