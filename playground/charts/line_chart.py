"""Small line charts as SVG strings: cost, accuracy, ||dW[l]||, update ratio, saturation.

Each series is drawn as one polyline after dropping non-finite values (and negative ones on a
log axis; an exact 0 is drawn in a band labelled "0" under the log axis). Long series are
decimated to at most `max_points` points by keeping, for each bucket of consecutive points,
its minimum and its maximum in their original order, so a one-step spike in the cost (a
learning rate too large) survives the decimation.
"""

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.charts import colors
from playground.charts.numbers import readable
from playground.charts.svg import esc, num, svg_open, text, value_text
from playground.charts.text_alternatives import curves_text
from playground.charts.ticks import (
    format_log_tick,
    format_tick,
    log_ticks,
    nice_range,
    nice_step,
    nice_ticks,
)

_CLIP_IDS = itertools.count()  # unique clipPath ids when several charts share a page
_CHAR_WIDTH = 0.58  # average glyph width / font size, to lay the legend out without a browser


def decimate(x: np.ndarray, y: np.ndarray, max_points: int = 400):
    """At most max_points points: per bucket, the min and max of y in index order."""
    n = len(x)
    if n <= max_points:
        return x, y
    buckets = max_points // 2
    edges = np.linspace(0, n, buckets + 1).astype(int)
    per = int(np.diff(edges).max())
    # pad each bucket to the same length with its own first value, then argmin/argmax per row
    index = edges[:-1, None] + np.arange(per)[None, :]
    index = np.where(index < edges[1:, None], index, edges[:-1, None])
    rows = y[index]
    lo = index[np.arange(buckets), rows.argmin(axis=1)]
    hi = index[np.arange(buckets), rows.argmax(axis=1)]
    keep = np.unique(np.concatenate([lo, hi, [n - 1]]))  # sorted: original order
    return x[keep], y[keep]


def _clean(x, y, log_y: bool):
    """Finite points, in order; on a log axis negatives are dropped but exact zeros stay (they
    are drawn in the zero band: a gradient of exactly 0 is a fact, not missing data)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    ok = np.isfinite(x) & np.isfinite(y)
    if log_y:
        ok &= y >= 0
    return x[ok], y[ok]


def spread_labels(wanted, low: float, high: float, spacing: float) -> list[float]:
    """Label baselines as close to `wanted` as possible, at least `spacing` apart, inside
    [low, high] when they fit (end-of-line labels must never overlap)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    cursor = -math.inf
    for i in order:  # downward: push each label below the previous one
        cursor = max(float(wanted[i]), low, cursor + spacing)
        placed[i] = cursor
    cursor = math.inf
    for i in reversed(order):  # upward: pull back the ones that fell past the bottom
        cursor = min(placed[i], high, cursor - spacing)
        placed[i] = cursor
    return placed


@dataclass
class _Frame:
    """Where the plot sits in the picture, and its x and y scales."""

    left: int
    top: int
    plot_w: float
    plot_h: float
    band: int  # height of the zero band under a log axis (0 without one)
    x_lo: float = 0.0
    x_hi: float = 1.0
    to_y: Callable = None

    @property
    def axis_y(self):
        return self.top + self.plot_h + self.band

    @property
    def band_y(self):  # centre of the zero band
        return self.top + self.plot_h + self.band / 2 + 1

    def to_x(self, values):
        return self.left + (np.asarray(values) - self.x_lo) / (self.x_hi - self.x_lo) * self.plot_w


def _prepare(series, log_y, max_points, latest, percent):
    """(name, x, y, colour, legend label) per series: cleaned, decimated, coloured."""
    cleaned = []
    for i, (name, entry) in enumerate(series.items()):
        x, y, colour = (list(entry) + [None])[:3]
        x, y = _clean(x, y, log_y)
        x, y = decimate(x, y, max_points)
        value = latest.get(name) if latest and name in latest else (y[-1] if len(y) else None)
        shown = value is not None or latest
        label = f"{name} {readable(value, percent=percent)}" if shown else str(name)
        cleaned.append((str(name), x, y, colour or colors.class_hex(i), label))
    return cleaned


def _legend_rows(cleaned, font, width):
    """Legend items (x offset, label, colour) wrapped into rows that fit the width."""
    rows: list[list[tuple[float, str, str]]] = [[]]
    cursor = 0.0
    available = width - 16
    for _name, _x, _y, colour, label in cleaned:
        item_w = 14 + len(label) * font * _CHAR_WIDTH + 12
        if cursor > 0 and cursor + item_w > available:
            rows.append([])
            cursor = 0.0
        rows[-1].append((cursor, label, colour))
        cursor += item_w
    return rows


def _frame(cleaned, legend_rows, end_labels, font, zeros, title, x_label, y_label, width,
           height):
    """The plot's box: margins for the title, legend rows, end labels, axis labels, zero band."""
    right = 16
    if end_labels:
        longest = max((len(label) for *_rest, label in cleaned), default=0)
        right = min(int(longest * font * _CHAR_WIDTH) + 14, int(width * 0.4))
    title_h = 18 if title else 4
    legend_h = 15 * len(legend_rows) if cleaned and not end_labels else 0
    left = 46 if not y_label else 58
    top = title_h + legend_h + 6
    band = 16 if zeros else 0
    bottom = 22 + (14 if x_label else 0) + band
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)
    return _Frame(left, top, plot_w, plot_h, band)


def _x_range(xs):
    if xs:
        x_lo = min(float(x.min()) for x in xs)
        x_hi = max(float(x.max()) for x in xs)
    else:
        x_lo, x_hi = 0.0, 1.0
    if x_hi == x_lo:  # one point (epoch 0): an axis from there on, never from -1 to 1
        x_hi = x_lo + 1
    return x_lo, x_hi


def _y_data_range(ys, y_range, log_y):
    if y_range is not None:
        return float(y_range[0]), float(y_range[1])
    if ys:
        return min(float(y.min()) for y in ys), max(float(y.max()) for y in ys)
    return (1e-3, 1.0) if log_y else (0.0, 1.0)


def _log_y_scale(frame, y_lo, y_hi):
    """Decade ticks and a y scale that puts values of exactly 0 in the zero band."""
    top, plot_h, band_y = frame.top, frame.plot_h, frame.band_y
    y_lo = max(y_lo, 1e-300)
    y_hi = max(y_hi, y_lo)
    # about one decade label per 16 px: ten decades in a 130 px plot read as every 2nd
    y_ticks = log_ticks(y_lo, y_hi, max_ticks=max(2, int(plot_h // 16)))
    y_lo, y_hi = min(y_ticks[0], y_lo), max(y_ticks[-1], y_hi)
    lo_log, span_log = math.log10(y_lo), math.log10(y_hi) - math.log10(y_lo) or 1.0

    def to_y(values):
        values = np.asarray(values, dtype=np.float64)
        with np.errstate(divide="ignore"):
            logs = np.log10(np.where(values > 0, values, 1.0))
        return np.where(values > 0, top + plot_h - (logs - lo_log) / span_log * plot_h, band_y)

    return y_lo, y_hi, y_ticks, [format_log_tick(t) for t in y_ticks], to_y


def _linear_y_scale(frame, y_lo, y_hi, fixed):
    if not fixed:
        y_lo, y_hi = nice_range(y_lo, y_hi, 4)
    y_ticks = nice_ticks(y_lo, y_hi, 4)
    step = nice_step(y_hi - y_lo, 4)
    tick_labels = [format_tick(t, step) for t in y_ticks]
    y_span = (y_hi - y_lo) or 1.0
    top, plot_h = frame.top, frame.plot_h

    def to_y(values):
        return top + plot_h - (np.asarray(values) - y_lo) / y_span * plot_h

    return y_lo, y_hi, y_ticks, tick_labels, to_y


def _header_svg(title, legend_rows, font):
    """The title, then the legend rows under it."""
    parts = [text(6, 13, title, size=12, weight="bold")] if title else []
    title_h = 18 if title else 4
    for row_index, row in enumerate(legend_rows):
        y_row = title_h + 11 + 15 * row_index
        for offset, label, colour in row:
            x0 = 8 + offset
            parts.append(f"<rect x='{num(x0)}' y='{num(y_row - 4)}' width='11' height='3' "
                         f"fill='{colour}'/>")
            parts.append(text(x0 + 14, y_row, label, size=font, extra="class='legend'"))
    return parts


def _y_axis_svg(frame, y_lo, y_hi, y_ticks, tick_labels, zeros, only_zeros):
    """The plot area (invisible: tests and the browser measure it), y grid, ticks, zero band."""
    left, top, plot_w, plot_h = frame.left, frame.top, frame.plot_w, frame.plot_h
    parts = [f"<rect class='plot-area' x='{left}' y='{top}' width='{plot_w:g}' "
             f"height='{plot_h:g}' fill='none'/>"]
    for tick, label in zip(y_ticks, tick_labels, strict=True):
        if not (y_lo <= tick <= y_hi) or only_zeros:
            continue
        y = float(frame.to_y(np.array([tick]))[0])
        if zeros and frame.band_y - y < 12:  # a label here would overprint the zero band's "0"
            continue
        parts.append(f"<line x1='{left}' y1='{num(y)}' x2='{left + plot_w:g}' y2='{num(y)}' "
                     f"stroke='{colors.GRID_HEX}'/>")
        parts.append(text(left - 5, y + 4, label, size=10, anchor="end", fill=colors.MUTED_HEX,
                          extra=f"class='ytick' data-value='{tick:g}'"))
    if zeros:
        parts.append(f"<rect class='zero-band' x='{left}' y='{num(top + plot_h + 2)}' "
                     f"width='{plot_w:g}' height='{frame.band - 2:g}' fill='{colors.GRID_HEX}' "
                     f"fill-opacity='0.6'><title>exactly 0 (no point on a log axis)</title>"
                     f"</rect>")
        parts.append(text(left - 5, frame.band_y + 4, "0", size=10, anchor="end",
                          fill=colors.INK_HEX, weight="bold", extra="class='ytick zero'"))
    return parts


def _x_axis_svg(frame, xs, x_label, y_label, height):
    """x ticks (whole numbers only when every x is: epochs have no "1.5"), axes, axis labels."""
    left, top, plot_w, plot_h, axis_y = (frame.left, frame.top, frame.plot_w, frame.plot_h,
                                         frame.axis_y)
    x_step = nice_step(frame.x_hi - frame.x_lo, 4)
    x_ticks = nice_ticks(frame.x_lo, frame.x_hi, 4)
    if x_step < 1 and all(np.array_equal(x, np.round(x)) for x in xs):
        x_step, x_ticks = 1.0, [t for t in x_ticks if t == round(t)]
    parts = []
    for tick in x_ticks:
        x = float(frame.to_x(tick))
        parts.append(f"<line x1='{num(x)}' y1='{axis_y:g}' x2='{num(x)}' "
                     f"y2='{axis_y + 4:g}' stroke='{colors.MUTED_HEX}'/>")
        parts.append(text(x, axis_y + 15, format_tick(tick, x_step), size=10,
                          anchor="middle", fill=colors.MUTED_HEX))
    parts.append(f"<polyline points='{left},{top} {left},{axis_y:g} "
                 f"{left + plot_w:g},{axis_y:g}' fill='none' stroke='#888'/>")
    if x_label:
        parts.append(text(left + plot_w / 2, height - 4, x_label, size=11, anchor="middle",
                          fill=colors.MUTED_HEX))
    if y_label:
        cy = top + plot_h / 2
        parts.append(text(12, cy, y_label, size=11, anchor="middle", fill=colors.MUTED_HEX,
                          extra=f"transform='rotate(-90 12 {num(cy)})'"))
    return parts


def _series_svg(frame, cleaned):
    """Polylines and end dots, clipped to the plot area and the zero band (a fixed y_range may
    cut values); also returns each drawn line's end (y, label, colour) for end labels."""
    left, top, plot_w, plot_h = frame.left, frame.top, frame.plot_w, frame.plot_h
    clip = f"plot-{next(_CLIP_IDS)}"
    parts = [f"<clipPath id='{clip}'><rect x='{left - 4}' y='{top - 4}' "
             f"width='{plot_w + 8:g}' height='{plot_h + frame.band + 8:g}'/></clipPath>",
             f"<g clip-path='url(#{clip})'>"]
    ends = []
    for name, x, y, colour, label in cleaned:
        if not len(x):
            continue
        px, py = frame.to_x(x), frame.to_y(y)
        if len(x) > 1:
            points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
            parts.append(f"<polyline class='series' data-name='{esc(name)}' points='{points}' "
                         f"fill='none' stroke='{colour}' stroke-width='2' "
                         f"stroke-linejoin='round'/>")
        parts.append(f"<circle cx='{px[-1]:.1f}' cy='{py[-1]:.1f}' r='3' fill='{colour}'>"
                     f"<title>{esc(name)} = {value_text(y[-1], 4)} at {x[-1]:g}</title></circle>")
        ends.append((float(py[-1]), label, colour))
    parts.append("</g>")
    return parts, ends


def _end_labels_svg(frame, cleaned, ends, font):
    """Name and value right of each line's end, spread apart, with a leader when moved."""
    left, plot_w, axis_y = frame.left, frame.plot_w, frame.axis_y
    # Series without data keep their place in the column, under the others.
    ends = ends + [(axis_y, label, colour) for _n, x, _y, colour, label in cleaned if not len(x)]
    placed = spread_labels([y + 4 for y, _l, _c in ends], frame.top + 8, axis_y + 4, font + 2)
    x_label_at = left + plot_w + 6
    parts = []
    for (y_end, label, colour), y_text in zip(ends, placed, strict=True):
        if abs(y_text - 4 - y_end) > 2:  # moved away from its line: a thin leader
            parts.append(f"<line x1='{left + plot_w + 1:g}' y1='{num(y_end)}' "
                         f"x2='{x_label_at - 1:g}' y2='{num(y_text - 4)}' "
                         f"stroke='{colour}' stroke-width='1'/>")
        parts.append(text(x_label_at, y_text, label, size=font, fill=colour,
                          weight="bold", extra="class='legend'"))
    return parts


def line_chart_svg(
    series,
    log_y: bool = False,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    width: int = 360,
    height: int = 180,
    y_range=None,
    max_points: int = 400,
    latest=None,
    percent: bool = False,
    end_labels: bool | None = None,
    label: str = "",
) -> str:
    """An <svg> line chart. series: ordered dict name -> (x, y, colour or None).

    Colours default to the categorical palette (series 0 orange, 1 blue, ...). The legend shows
    each series' latest value through numbers.human (`percent` for shares), or the value
    latest[name] when given (so a legend says what the metric row says). y_range=(lo, hi)
    fixes the y axis (e.g. (0, 1) for accuracy). end_labels puts each name and value at the
    end of its line, in a column right of the plot, instead of legend rows above it; the
    default does so from four series on (legend rows would eat the plot). On a log axis, 0s
    go in a band labelled "0" under the plot. label: the text alternative (curves_text)."""
    cleaned = _prepare(series, log_y, max_points, latest, percent)
    if end_labels is None:
        end_labels = len(cleaned) > 3
    zeros = log_y and any(bool((y == 0).any()) for _n, _x, y, _c, _l in cleaned)
    font = 11 if not end_labels else 10
    # legend rows first: they decide how much height the plot gets
    legend_rows = [[]] if end_labels else _legend_rows(cleaned, font, width)
    frame = _frame(cleaned, legend_rows, end_labels, font, zeros, title, x_label, y_label,
                   width, height)

    xs = [x for _n, x, _y, _c, _l in cleaned if len(x)]
    positive = [y[y > 0] if log_y else y for _n, _x, y, _c, _l in cleaned]
    ys = [y for y in positive if len(y)]
    frame.x_lo, frame.x_hi = _x_range(xs)
    y_lo, y_hi = _y_data_range(ys, y_range, log_y)
    if log_y:
        y_lo, y_hi, y_ticks, tick_labels, frame.to_y = _log_y_scale(frame, y_lo, y_hi)
    else:
        y_lo, y_hi, y_ticks, tick_labels, frame.to_y = _linear_y_scale(
            frame, y_lo, y_hi, fixed=y_range is not None)

    parts = [svg_open(width, height, "class='line-chart'",
                      label=label or curves_text(title or y_label, series))]
    parts += _header_svg(title, [] if end_labels else legend_rows, font)
    only_zeros = zeros and not ys  # every value is exactly 0: no made-up decades above it
    parts += _y_axis_svg(frame, y_lo, y_hi, y_ticks, tick_labels, zeros, only_zeros)
    parts += _x_axis_svg(frame, xs, x_label, y_label, height)
    series_parts, ends = _series_svg(frame, cleaned)
    parts += series_parts
    if end_labels:
        parts += _end_labels_svg(frame, cleaned, ends, font)
    if not ys and not zeros:
        parts.append(text(frame.left + frame.plot_w / 2, frame.top + frame.plot_h / 2 + 4,
                          "no data yet", size=12, anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)
