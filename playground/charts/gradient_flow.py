"""The classic gradient-flow view: ||dW[l]|| against the layer index l for one step, on a log
axis, so "layer 1 gets 10^5 times less gradient than layer 9" is one look (the vanishing-
gradient lesson). One stem and dot per layer; a norm of exactly 0 sits in a band labelled "0"
under the axis (zeros initialization, every ReLU unit dead): a fact, not missing data."""

import math

import numpy as np

from playground.charts import colors
from playground.charts.svg import num, svg_open, text
from playground.charts.ticks import format_log_tick, log_ticks
from playground.numbers import readable


def spread_text(norms) -> str:
    """'[1] 1.00e-9 · [9] 0.1000 · ratio 10^8.0': the first and last layers' norms and, over
    the layers with a positive norm, largest / smallest in decades."""
    values = [np.nan if v is None else float(v) for v in norms]
    if not values or all(np.isnan(v) for v in values):
        return ""
    words = f"[1] {readable(values[0])}"
    if len(values) > 1:
        words += f" · [{len(values)}] {readable(values[-1])}"
    positive = [v for v in values if np.isfinite(v) and v > 0]
    if len(positive) > 1 and min(positive) < max(positive):
        words += f" · ratio 10^{math.log10(max(positive) / min(positive)):.1f}"
    return words


def layer_norms_svg(norms, title: str = "||dW[l]|| by layer (this step)", width: int = 300,
                    height: int = 170, step: int | None = None) -> str:
    """An <svg>: for l = 1..L (norms[l - 1]) a stem and a dot at ||dW[l]|| on a log axis.

    norms: one float per layer (nan / inf are drawn as "—" at the top, 0 in the zero band).
    """
    values = np.asarray([np.nan if v is None else float(v) for v in norms], dtype=np.float64)
    L = len(values)
    positive = values[np.isfinite(values) & (values > 0)]
    has_zero = bool((values == 0).any())
    left, right, top = 46, 10, 34
    band = 16 if has_zero else 0
    bottom = 34 + band
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)
    if positive.size:
        lo, hi = float(positive.min()), float(positive.max())
    else:
        lo, hi = 1e-3, 1.0
    ticks = log_ticks(lo, hi, max_ticks=max(2, int(plot_h // 16)))
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)
    lo_log, span_log = math.log10(lo), (math.log10(hi) - math.log10(lo)) or 1.0
    band_y = top + plot_h + band / 2 + 1
    axis_y = top + plot_h + band

    def to_y(v: float) -> float:
        if v == 0:
            return band_y
        if not np.isfinite(v):
            return top
        return top + plot_h - (math.log10(v) - lo_log) / span_log * plot_h

    slot = plot_w / max(L, 1)
    parts = [svg_open(width, height, "role='img' class='gradient-flow'")]
    parts.append(text(6, 13, title, size=12, weight="bold"))
    subtitle = spread_text(values) or (f"step {step}" if step is not None else "")
    if subtitle:
        parts.append(text(6, 27, subtitle, size=10, fill=colors.MUTED_HEX,
                          extra="class='spread'"))
    parts.append(f"<rect class='plot-area' x='{left}' y='{top}' width='{plot_w}' "
                 f"height='{plot_h}' fill='none'/>")
    for tick in ticks if positive.size or not has_zero else ():  # all 0: no made-up decades
        y = to_y(tick)
        parts.append(f"<line x1='{left}' y1='{num(y)}' x2='{left + plot_w}' y2='{num(y)}' "
                     f"stroke='{colors.GRID_HEX}'/>")
        parts.append(text(left - 5, y + 4, format_log_tick(tick), size=10, anchor="end",
                          fill=colors.MUTED_HEX, extra=f"class='ytick' data-value='{tick:g}'"))
    if has_zero:
        parts.append(f"<rect class='zero-band' x='{left}' y='{num(top + plot_h + 2)}' "
                     f"width='{plot_w}' height='{band - 2}' fill='{colors.GRID_HEX}' "
                     f"fill-opacity='0.6'><title>exactly 0</title></rect>")
        parts.append(text(left - 5, band_y + 4, "0", size=10, anchor="end", weight="bold",
                          fill=colors.INK_HEX, extra="class='ytick zero'"))
    parts.append(f"<polyline points='{left},{top} {left},{axis_y} {left + plot_w},{axis_y}' "
                 f"fill='none' stroke='#888'/>")
    every = max(1, math.ceil(L / max(plot_w // 18, 1)))  # layer numbers at least 18 px apart
    for i, value in enumerate(values):
        l = i + 1
        x = left + (i + 0.5) * slot
        colour = colors.class_hex(i)
        y = to_y(value) if not np.isnan(value) else None
        if y is not None:
            parts.append(f"<line x1='{num(x)}' y1='{axis_y}' x2='{num(x)}' y2='{num(y)}' "
                         f"stroke='{colour}' stroke-width='{min(6.0, slot * 0.3):.1f}' "
                         f"stroke-opacity='0.45'/>")
            parts.append(f"<circle class='layer-norm' data-l='{l}' data-value='{value:g}' "
                         f"cx='{num(x)}' cy='{num(y)}' r='4' fill='{colour}'>"
                         f"<title>||dW[{l}]|| = {readable(value)}</title></circle>")
        if l % every == 0 or l in (1, L):
            parts.append(text(x, axis_y + 14, str(l), size=10, anchor="middle",
                              fill=colors.MUTED_HEX, extra="class='xtick'"))
    parts.append(text(left + plot_w / 2, height - 4, "layer l", size=11, anchor="middle",
                      fill=colors.MUTED_HEX))
    if not L or np.isnan(values).all():
        parts.append(text(left + plot_w / 2, top + plot_h / 2 + 4, "after the first step",
                          size=12, anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)
