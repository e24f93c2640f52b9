"""Axis ticks: "nice" linear steps (1, 2, 5 x 10^k) and decade ticks for log axes."""

import math

import numpy as np


def nice_step(span: float, target_ticks: int = 5) -> float:
    """The 1/2/5 x 10^k step that splits `span` into about `target_ticks` intervals."""
    if not np.isfinite(span) or span <= 0:
        return 1.0
    raw = span / max(target_ticks, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 5.0, 10.0):
        if raw <= multiple * power * 1.0001:
            return multiple * power
    return 10.0 * power


def nice_ticks(lo: float, hi: float, target_ticks: int = 5) -> list[float]:
    """Multiples of the nice step inside [lo, hi] (rounded to kill 0.30000000000000004)."""
    if hi < lo:
        lo, hi = hi, lo
    step = nice_step(hi - lo, target_ticks)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    decimals = max(0, -math.floor(math.log10(step)) + 1)
    return [round(k * step, decimals) for k in range(first, last + 1)]


def nice_range(lo: float, hi: float, target_ticks: int = 5) -> tuple[float, float]:
    """Widen [lo, hi] outward to whole nice steps; a zero-width range gets some room."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return 0.0, 1.0
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo, target_ticks)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def log_ticks(lo: float, hi: float, max_ticks: int = 7) -> list[float]:
    """Powers of ten covering [lo, hi] (both > 0); every 2nd/3rd decade when there are many."""
    e_lo = math.floor(math.log10(lo))
    e_hi = math.ceil(math.log10(hi))
    if e_hi == e_lo:
        e_hi += 1
    stride = max(1, math.ceil((e_hi - e_lo + 1) / max_ticks))
    return [10.0**e for e in range(e_lo, e_hi + 1, stride)]


def format_tick(value: float, step: float | None = None) -> str:
    """Short tick label: enough decimals for the step, no trailing zeros, '0' never '-0'."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e5 or magnitude < 1e-3:
        return f"{value:.0e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    if step is None or step <= 0:
        return f"{value:.4g}"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{decimals}f}"


def format_log_tick(value: float) -> str:
    """Decade labels: 0.01, 0.1, 1, 10, 100 in plain digits, 1e-3 / 1e3 beyond."""
    exponent = round(math.log10(value))
    if -2 <= exponent <= 2:
        return f"{10.0**exponent:g}"
    return f"1e{exponent}"
