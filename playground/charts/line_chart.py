"""Small line charts as SVG strings: cost, accuracy, ||dW[l]||, update ratio, saturation.

Each series is drawn as one polyline after dropping non-finite values (and negative ones on a
log axis; an exact 0 is drawn in a band labelled "0" under the log axis). Long series are
decimated to at most `max_points` points by keeping, for each bucket of consecutive points,
its minimum and its maximum in their original order, so a one-step spike in the cost (a
learning rate too large) survives the decimation.
"""

import itertools
import math

import numpy as np

from playground.charts import colors
from playground.charts.svg import esc, num, svg_open, text, value_text
from playground.charts.ticks import (
    format_log_tick,
    format_tick,
    log_ticks,
    nice_range,
    nice_step,
    nice_ticks,
)
from playground.numbers import readable

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
) -> str:
    """An <svg> line chart. series: ordered dict name -> (x, y, colour or None).

    Colours default to the categorical palette (series 0 orange, 1 blue, ...). The legend shows
    each series' latest value through numbers.human (`percent` for shares), or the value
    latest[name] when given (so a legend says what the metric row says). y_range=(lo, hi)
    fixes the y axis (e.g. (0, 1) for accuracy). end_labels puts each name and value at the
    end of its line, in a column right of the plot, instead of legend rows above it; the
    default does so from four series on (legend rows would eat the plot). On a log axis,
    values of exactly 0 are drawn in a band labelled "0" under the plot.
    """
    cleaned = []
    for i, (name, entry) in enumerate(series.items()):
        x, y, colour = (list(entry) + [None])[:3]
        x, y = _clean(x, y, log_y)
        x, y = decimate(x, y, max_points)
        value = latest.get(name) if latest and name in latest else (y[-1] if len(y) else None)
        shown = value is not None or latest
        label = f"{name} {readable(value, percent=percent)}" if shown else str(name)
        cleaned.append((str(name), x, y, colour or colors.class_hex(i), label))
    if end_labels is None:
        end_labels = len(cleaned) > 3
    zeros = log_y and any(bool((y == 0).any()) for _n, _x, y, _c, _l in cleaned)

    font = 11 if not end_labels else 10
    legend_rows: list[list[tuple[float, str, str]]] = [[]]
    right = 16
    if end_labels:
        longest = max((len(label) for *_rest, label in cleaned), default=0)
        right = min(int(longest * font * _CHAR_WIDTH) + 14, int(width * 0.4))
    else:  # legend rows first: they decide how much height the plot gets
        cursor = 0.0
        available = width - 16
        for _name, _x, _y, colour, label in cleaned:
            item_w = 14 + len(label) * font * _CHAR_WIDTH + 12
            if cursor > 0 and cursor + item_w > available:
                legend_rows.append([])
                cursor = 0.0
            legend_rows[-1].append((cursor, label, colour))
            cursor += item_w
    title_h = 18 if title else 4
    legend_h = 15 * len(legend_rows) if cleaned and not end_labels else 0
    left = 46 if not y_label else 58
    top = title_h + legend_h + 6
    band = 16 if zeros else 0  # the zero band under a log axis
    bottom = 22 + (14 if x_label else 0) + band
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)

    xs = [x for _n, x, _y, _c, _l in cleaned if len(x)]
    positive = [y[y > 0] if log_y else y for _n, _x, y, _c, _l in cleaned]
    ys = [y for y in positive if len(y)]
    if xs:
        x_lo = min(float(x.min()) for x in xs)
        x_hi = max(float(x.max()) for x in xs)
    else:
        x_lo, x_hi = 0.0, 1.0
    if x_hi == x_lo:  # one point (epoch 0): an axis from there on, never from -1 to 1
        x_hi = x_lo + 1
    if y_range is not None:
        y_lo, y_hi = float(y_range[0]), float(y_range[1])
    elif ys:
        y_lo = min(float(y.min()) for y in ys)
        y_hi = max(float(y.max()) for y in ys)
    else:
        y_lo, y_hi = (1e-3, 1.0) if log_y else (0.0, 1.0)

    band_y = top + plot_h + band / 2 + 1  # centre of the zero band
    if log_y:
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
            return np.where(values > 0, top + plot_h - (logs - lo_log) / span_log * plot_h,
                            band_y)

        tick_labels = [format_log_tick(t) for t in y_ticks]
    else:
        if y_range is None:
            y_lo, y_hi = nice_range(y_lo, y_hi, 4)
        y_ticks = nice_ticks(y_lo, y_hi, 4)
        step = nice_step(y_hi - y_lo, 4)
        tick_labels = [format_tick(t, step) for t in y_ticks]
        y_span = (y_hi - y_lo) or 1.0

        def to_y(values):
            return top + plot_h - (np.asarray(values) - y_lo) / y_span * plot_h

    def to_x(values):
        return left + (np.asarray(values) - x_lo) / (x_hi - x_lo) * plot_w

    parts = [svg_open(width, height, "role='img' class='line-chart'")]
    if title:
        parts.append(text(6, 13, title, size=12, weight="bold"))
    for row_index, row in enumerate(legend_rows if not end_labels else []):
        y_row = title_h + 11 + 15 * row_index
        for offset, label, colour in row:
            x0 = 8 + offset
            parts.append(f"<rect x='{num(x0)}' y='{num(y_row - 4)}' width='11' height='3' "
                         f"fill='{colour}'/>")
            parts.append(text(x0 + 14, y_row, label, size=font, extra="class='legend'"))

    # The plot area (invisible: tests and the browser measure it), grid, ticks, axes.
    parts.append(f"<rect class='plot-area' x='{left}' y='{top}' width='{plot_w:g}' "
                 f"height='{plot_h:g}' fill='none'/>")
    only_zeros = zeros and not ys  # every value is exactly 0: no made-up decades above it
    for tick, label in zip(y_ticks, tick_labels, strict=True):
        if not (y_lo <= tick <= y_hi) or only_zeros:
            continue
        y = float(to_y(np.array([tick]))[0])
        if zeros and band_y - y < 12:  # a label here would overprint the zero band's "0"
            continue
        parts.append(f"<line x1='{left}' y1='{num(y)}' x2='{left + plot_w:g}' y2='{num(y)}' "
                     f"stroke='{colors.GRID_HEX}'/>")
        parts.append(text(left - 5, y + 4, label, size=10, anchor="end", fill=colors.MUTED_HEX,
                          extra=f"class='ytick' data-value='{tick:g}'"))
    if zeros:
        parts.append(f"<rect class='zero-band' x='{left}' y='{num(top + plot_h + 2)}' "
                     f"width='{plot_w:g}' height='{band - 2:g}' fill='{colors.GRID_HEX}' "
                     f"fill-opacity='0.6'><title>exactly 0 (no point on a log axis)</title>"
                     f"</rect>")
        parts.append(text(left - 5, band_y + 4, "0", size=10, anchor="end",
                          fill=colors.INK_HEX, weight="bold", extra="class='ytick zero'"))
    x_step = nice_step(x_hi - x_lo, 4)
    x_ticks = nice_ticks(x_lo, x_hi, 4)
    if x_step < 1 and all(np.array_equal(x, np.round(x)) for x in xs):
        x_step, x_ticks = 1.0, [t for t in x_ticks if t == round(t)]  # epochs: no "1.5"
    axis_y = top + plot_h + band
    for tick in x_ticks:
        x = float(to_x(tick))
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

    # Series: clip to the plot area and the zero band (a fixed y_range may cut values).
    clip = f"plot-{next(_CLIP_IDS)}"
    parts.append(f"<clipPath id='{clip}'><rect x='{left - 4}' y='{top - 4}' "
                 f"width='{plot_w + 8:g}' height='{plot_h + band + 8:g}'/></clipPath>")
    parts.append(f"<g clip-path='url(#{clip})'>")
    ends = []
    for name, x, y, colour, label in cleaned:
        if not len(x):
            continue
        px, py = to_x(x), to_y(y)
        if len(x) > 1:
            points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
            parts.append(f"<polyline class='series' data-name='{esc(name)}' points='{points}' "
                         f"fill='none' stroke='{colour}' stroke-width='2' "
                         f"stroke-linejoin='round'/>")
        parts.append(f"<circle cx='{px[-1]:.1f}' cy='{py[-1]:.1f}' r='3' fill='{colour}'>"
                     f"<title>{esc(name)} = {value_text(y[-1], 4)} at {x[-1]:g}</title></circle>")
        ends.append((float(py[-1]), label, colour))
    parts.append("</g>")
    if end_labels:
        # Series without data keep their place in the column, under the others.
        ends += [(axis_y, label, colour) for _n, x, _y, colour, label in cleaned if not len(x)]
        spacing = font + 2
        placed = spread_labels([y + 4 for y, _l, _c in ends], top + 8, axis_y + 4, spacing)
        x_label_at = left + plot_w + 6
        for (y_end, label, colour), y_text in zip(ends, placed, strict=True):
            if abs(y_text - 4 - y_end) > 2:  # moved away from its line: a thin leader
                parts.append(f"<line x1='{left + plot_w + 1:g}' y1='{num(y_end)}' "
                             f"x2='{x_label_at - 1:g}' y2='{num(y_text - 4)}' "
                             f"stroke='{colour}' stroke-width='1'/>")
            parts.append(text(x_label_at, y_text, label, size=font, fill=colour,
                              weight="bold", extra="class='legend'"))
    if not ys and not zeros:
        parts.append(text(left + plot_w / 2, top + plot_h / 2 + 4, "no data yet", size=12,
                          anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)
