"""Small line charts as SVG strings: cost, accuracy, ||dW[l]||, update ratio, saturation.

Each series is drawn as one polyline after dropping non-finite values (and values <= 0 on a log
axis). Long series are decimated to at most `max_points` points by keeping, for each bucket of
consecutive points, its minimum and its maximum in their original order, so a one-step spike in
the cost (a learning rate too large) survives the decimation.
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
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    ok = np.isfinite(x) & np.isfinite(y)
    if log_y:
        ok &= y > 0
    return x[ok], y[ok]


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
) -> str:
    """An <svg> line chart. series: ordered dict name -> (x, y, colour or None).

    Colours default to the categorical palette (series 0 orange, 1 blue, ...). The legend shows
    each series' latest value. y_range=(lo, hi) fixes the y axis (e.g. (0, 1) for accuracy).
    """
    cleaned = []
    for i, (name, entry) in enumerate(series.items()):
        x, y, colour = (list(entry) + [None])[:3]
        x, y = _clean(x, y, log_y)
        x, y = decimate(x, y, max_points)
        cleaned.append((str(name), x, y, colour or colors.class_hex(i)))

    # Legend rows first: they decide how much height the plot gets.
    font = 11
    legend_rows: list[list[tuple[float, str, str]]] = [[]]
    cursor = 0.0
    available = width - 16
    for name, _x, y, colour in cleaned:
        label = f"{name} {y[-1]:.3g}" if len(y) else name
        item_w = 14 + len(label) * font * _CHAR_WIDTH + 12
        if cursor > 0 and cursor + item_w > available:
            legend_rows.append([])
            cursor = 0.0
        legend_rows[-1].append((cursor, label, colour))
        cursor += item_w
    title_h = 18 if title else 4
    legend_h = 15 * len(legend_rows) if cleaned else 0
    left, right = 46 if not y_label else 58, 16
    top = title_h + legend_h + 6
    bottom = 22 + (14 if x_label else 0)
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)

    xs = [x for _n, x, _y, _c in cleaned if len(x)]
    ys = [y for _n, _x, y, _c in cleaned if len(y)]
    if xs:
        x_lo = min(float(x.min()) for x in xs)
        x_hi = max(float(x.max()) for x in xs)
    else:
        x_lo, x_hi = 0.0, 1.0
    if x_hi == x_lo:
        x_lo, x_hi = x_lo - 1, x_hi + 1
    if y_range is not None:
        y_lo, y_hi = float(y_range[0]), float(y_range[1])
    elif ys:
        y_lo = min(float(y.min()) for y in ys)
        y_hi = max(float(y.max()) for y in ys)
    else:
        y_lo, y_hi = (1e-3, 1.0) if log_y else (0.0, 1.0)

    if log_y:
        y_lo = max(y_lo, 1e-300)
        y_hi = max(y_hi, y_lo)
        y_ticks = log_ticks(y_lo, y_hi)
        y_lo, y_hi = min(y_ticks[0], y_lo), max(y_ticks[-1], y_hi)
        lo_log, span_log = math.log10(y_lo), math.log10(y_hi) - math.log10(y_lo) or 1.0

        def to_y(values):
            return top + plot_h - (np.log10(values) - lo_log) / span_log * plot_h

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
        parts.append(text(left - 40, 13, title, size=12, weight="bold"))
    for row_index, row in enumerate(legend_rows):
        y_row = title_h + 11 + 15 * row_index
        for offset, label, colour in row:
            x0 = 8 + offset
            parts.append(f"<rect x='{num(x0)}' y='{num(y_row - 4)}' width='11' height='3' "
                         f"fill='{colour}'/>")
            parts.append(text(x0 + 14, y_row, label, size=font, extra="class='legend'"))

    # Grid, ticks, axes.
    for tick, label in zip(y_ticks, tick_labels, strict=True):
        if not (y_lo <= tick <= y_hi):
            continue
        y = float(to_y(np.array([tick]))[0])
        parts.append(f"<line x1='{left}' y1='{num(y)}' x2='{left + plot_w:g}' y2='{num(y)}' "
                     f"stroke='{colors.GRID_HEX}'/>")
        parts.append(text(left - 5, y + 4, label, size=10, anchor="end", fill=colors.MUTED_HEX,
                          extra=f"class='ytick' data-value='{tick:g}'"))
    x_step = nice_step(x_hi - x_lo, 4)
    for tick in nice_ticks(x_lo, x_hi, 4):
        x = float(to_x(tick))
        parts.append(f"<line x1='{num(x)}' y1='{top + plot_h:g}' x2='{num(x)}' "
                     f"y2='{top + plot_h + 4:g}' stroke='{colors.MUTED_HEX}'/>")
        parts.append(text(x, top + plot_h + 15, format_tick(tick, x_step), size=10,
                          anchor="middle", fill=colors.MUTED_HEX))
    parts.append(f"<polyline points='{left},{top} {left},{top + plot_h:g} "
                 f"{left + plot_w:g},{top + plot_h:g}' fill='none' stroke='#888'/>")
    if x_label:
        parts.append(text(left + plot_w / 2, height - 4, x_label, size=11, anchor="middle",
                          fill=colors.MUTED_HEX))
    if y_label:
        cy = top + plot_h / 2
        parts.append(text(12, cy, y_label, size=11, anchor="middle", fill=colors.MUTED_HEX,
                          extra=f"transform='rotate(-90 12 {num(cy)})'"))

    # Series: clip to the plot area (a fixed y_range may cut values).
    clip = f"plot-{next(_CLIP_IDS)}"
    parts.append(f"<clipPath id='{clip}'><rect x='{left - 4}' y='{top - 4}' "
                 f"width='{plot_w + 8:g}' height='{plot_h + 8:g}'/></clipPath>")
    parts.append(f"<g clip-path='url(#{clip})'>")
    for name, x, y, colour in cleaned:
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
    parts.append("</g>")
    if not ys:
        parts.append(text(left + plot_w / 2, top + plot_h / 2 + 4, "no data yet", size=12,
                          anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)
