"""Numbers as people read them, everywhere on the page: `readable(value)`.

A diverging run reaches costs like 1.7e285; `f"{value:.4f}"` prints that as a 290-character
string that runs off the metric strip. Past 1e5 (and below 1e-4, except 0) a number is shown
in scientific notation with three significant digits, like the issue texts write it ("4.7e46");
a missing or undefined value (None, NaN) is "—".
"""

from __future__ import annotations

import math

UNDEFINED = "—"
LARGE = 1e5  # from here on: scientific notation
SMALL = 1e-4  # below this (and not 0): scientific notation


def scientific(value: float, digits: int = 3) -> str:
    """1.7e285, -3.2e-7, 1e5: `digits` significant digits, no "+" and no leading zeros."""
    mantissa, _, exponent = f"{value:.{digits - 1}e}".partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def readable(value, *, percent: bool = False, decimals: int = 4) -> str:
    """One number for the page.

    percent: a share in [0, 1] shown as "97.5%". Otherwise `decimals` places below 10 (a cost
    like 0.6931), fewer for larger numbers so every value stays about five digits long, and
    scientific notation past LARGE and for tiny non-zero values.
    """
    if value is None:
        return UNDEFINED
    number = float(value)
    if math.isnan(number):
        return UNDEFINED
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if percent:
        shown = 100 * number
        if abs(shown) >= LARGE:
            return scientific(shown) + "%"
        return f"{shown:.1f}%"
    size = abs(number)
    if size == 0:
        return "0"
    if size >= LARGE or size < SMALL:
        return scientific(number)
    if size >= 1000:
        return f"{number:,.0f}"
    if size >= 10:
        return f"{number:.{max(decimals - 2, 0)}f}"
    return f"{number:.{decimals}f}"


def count(value: int) -> str:
    """A counter (epochs, steps): every digit, grouped by thousands."""
    return f"{int(value):,}"
