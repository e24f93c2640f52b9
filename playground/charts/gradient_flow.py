"""The classic gradient-flow view: ||dW[l]|| against the layer index l for one step, on a log
axis, so "layer 1 gets 10^5 times less gradient than layer 9" is one look (the vanishing-
gradient lesson). One stem and dot per layer; a norm of exactly 0 sits in a band labelled "0"
under the axis (zeros initialization, every ReLU unit dead): a fact, not missing data."""

import math
from dataclasses import dataclass

import numpy as np

from playground.charts import colors
from playground.charts.numbers import readable
from playground.charts.svg import num, svg_open, text
from playground.charts.text_alternatives import norms_text
from playground.charts.ticks import format_log_tick, log_ticks


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


@dataclass(frozen=True)
class _LogAxis:
    """The y axis: decades from lo to hi over [top, top + plot_h], the zero band under it."""

    top: float
    plot_h: float
    lo_log: float
    span_log: float
    band_y: float

    def y(self, v: float) -> float:
        if v == 0:
            return self.band_y
        if not np.isfinite(v):
            return self.top
        return self.top + self.plot_h - (math.log10(v) - self.lo_log) / self.span_log * self.plot_h


def layer_norms_svg(norms, title: str = "||dW[l]|| by layer (this step)", width: int = 300,
                    height: int = 170, step: int | None = None) -> str:
    """An <svg>: for l = 1..L (norms[l - 1]) a stem and a dot at ||dW[l]|| on a log axis.

    norms: one float per layer (nan / inf are drawn as "—" at the top, 0 in the zero band).
    """
    values = np.asarray([np.nan if v is None else float(v) for v in norms], dtype=np.float64)
    positive = values[np.isfinite(values) & (values > 0)]
    has_zero = bool((values == 0).any())
    left, right, top = 46, 10, 34
    band = 16 if has_zero else 0
    plot_w, plot_h = max(width - left - right, 10), max(height - top - 34 - band, 10)
    lo, hi = (float(positive.min()), float(positive.max())) if positive.size else (1e-3, 1.0)
    ticks = log_ticks(lo, hi, max_ticks=max(2, int(plot_h // 16)))
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)
    axis = _LogAxis(top, plot_h, math.log10(lo), (math.log10(hi) - math.log10(lo)) or 1.0,
                    top + plot_h + band / 2 + 1)
    axis_y = top + plot_h + band
    parts = [svg_open(width, height, "class='gradient-flow'", label=norms_text(values))]
    parts.append(text(6, 13, title, size=12, weight="bold"))
    subtitle = spread_text(values) or (f"step {step}" if step is not None else "")
    if subtitle:
        parts.append(text(6, 27, subtitle, size=10, fill=colors.MUTED_HEX,
                          extra="class='spread'"))
    parts.append(f"<rect class='plot-area' x='{left}' y='{top}' width='{plot_w}' "
                 f"height='{plot_h}' fill='none'/>")
    # all 0: no made-up decades
    parts += _y_axis(axis, ticks if positive.size or not has_zero else (), left, plot_w)
    if has_zero:
        parts += _zero_band(axis, left, plot_w, band)
    parts.append(f"<polyline points='{left},{top} {left},{axis_y} {left + plot_w},{axis_y}' "
                 f"fill='none' stroke='#888'/>")
    parts += _stems(values, axis, left, plot_w, axis_y)
    parts.append(text(left + plot_w / 2, height - 4, "layer l", size=11, anchor="middle",
                      fill=colors.MUTED_HEX))
    if not len(values) or np.isnan(values).all():
        parts.append(text(left + plot_w / 2, top + plot_h / 2 + 4, "after the first step",
                          size=12, anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)


def _y_axis(axis: _LogAxis, ticks, left, plot_w) -> list[str]:
    """A grid line and a '10^k' label per tick."""
    parts = []
    for tick in ticks:
        y = axis.y(tick)
        parts.append(f"<line x1='{left}' y1='{num(y)}' x2='{left + plot_w}' y2='{num(y)}' "
                     f"stroke='{colors.GRID_HEX}'/>")
        parts.append(text(left - 5, y + 4, format_log_tick(tick), size=10, anchor="end",
                          fill=colors.MUTED_HEX, extra=f"class='ytick' data-value='{tick:g}'"))
    return parts


def _zero_band(axis: _LogAxis, left, plot_w, band) -> list[str]:
    """The band under the log axis where norms of exactly 0 sit, labelled '0'."""
    return [f"<rect class='zero-band' x='{left}' y='{num(axis.top + axis.plot_h + 2)}' "
            f"width='{plot_w}' height='{band - 2}' fill='{colors.GRID_HEX}' "
            f"fill-opacity='0.6'><title>exactly 0</title></rect>",
            text(left - 5, axis.band_y + 4, "0", size=10, anchor="end", weight="bold",
                 fill=colors.INK_HEX, extra="class='ytick zero'")]


def _stems(values, axis: _LogAxis, left, plot_w, axis_y) -> list[str]:
    """Per layer a stem and a dot at its norm (none for nan), and the layer number under it."""
    L = len(values)
    slot = plot_w / max(L, 1)
    every = max(1, math.ceil(L / max(plot_w // 18, 1)))  # layer numbers at least 18 px apart
    parts = []
    for i, value in enumerate(values):
        l = i + 1
        x = left + (i + 0.5) * slot
        colour = colors.class_hex(i)
        if not np.isnan(value):
            y = axis.y(value)
            parts.append(f"<line x1='{num(x)}' y1='{axis_y}' x2='{num(x)}' y2='{num(y)}' "
                         f"stroke='{colour}' stroke-width='{min(6.0, slot * 0.3):.1f}' "
                         f"stroke-opacity='0.45'/>")
            parts.append(f"<circle class='layer-norm' data-l='{l}' data-value='{value:g}' "
                         f"cx='{num(x)}' cy='{num(y)}' r='4' fill='{colour}'>"
                         f"<title>||dW[{l}]|| = {readable(value)}</title></circle>")
        if l % every == 0 or l in (1, L):
            parts.append(text(x, axis_y + 14, str(l), size=10, anchor="middle",
                              fill=colors.MUTED_HEX, extra="class='xtick'"))
    return parts
