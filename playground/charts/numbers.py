"""Numbers for people: one formatter for the metric row, the chart legends and the captions, so
the same value reads the same everywhere."""

import math


def human(value, percent: bool = False) -> str:
    """'0.9013', '47.6%', '2.31e-7', '1.20e5', '0'; '—' when there is no value (None).

    Costs and norms keep four decimals between 1e-3 and 100 (the metric row's precision);
    beyond that three significant digits in scientific notation (past 1e5 or under 1e-3),
    or one decimal from 100 to 1e5. A norm of exactly 0 is the fact "0", never "0.0000".
    """
    if value is None:
        return "—"
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if percent:
        return f"{100 * value:.1f}%"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e5 or magnitude < 1e-3:
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    if magnitude >= 100:
        return f"{value:,.1f}"
    return f"{value:.4f}"
