"""The decision-boundary picture: network output over the input plane, with the data on top.

Grid convention (shared by `grid_points`, `boundary_image` and the neuron maps):
    bounds = (x1min, x1max, x2min, x2max). A grid of resolution (h, w) samples the CENTRES of
    h x w equal cells: column c sits at x1 = x1min + (c + 0.5) / w * (x1max - x1min), row r at
    x2 = x2max - (r + 0.5) / h * (x2max - x2min). Row 0 is the TOP of the plot (largest x2),
    like an image. grid_points returns the points row by row (index r * w + c), so the
    network's output on them reshapes straight back: net.forward(X).reshape(h, w).

Colours: binary probabilities p in [0, 1] on the diverging scale centred at p = 0.5 (orange = class
0, blue = class 1); regression outputs on the same scale, symmetric around 0; multi-class (K, h, w)
probabilities take the colour of the argmax class, lighter when the network is less sure.
The grid is upscaled with bilinear interpolation BEFORE colouring, so the boundary stays a
smooth curve and `discretize` cuts along it rather than along grid cells.
"""

import numpy as np

from playground.charts import colors
from playground.charts.png import png_data_uri
from playground.charts.svg import esc, num, svg_open, text
from playground.charts.ticks import format_tick, nice_step, nice_ticks

# Where boundary_html puts the plot area, for callers that overlay their own SVG on it.
PLOT_LEFT, PLOT_TOP, PLOT_TOP_NO_TITLE = 44, 26, 8


def grid_points(bounds, resolution) -> np.ndarray:
    """(2, h*w) coordinates of the grid cell centres, row 0 = top (x2 max), row-major order.

    resolution: an int (square grid) or (h, w).
    """
    h, w = (resolution, resolution) if np.isscalar(resolution) else resolution
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    x1 = x1min + (np.arange(w) + 0.5) / w * (x1max - x1min)
    x2 = x2max - (np.arange(h) + 0.5) / h * (x2max - x2min)
    X1, X2 = np.meshgrid(x1, x2)  # (h, w) each, rows follow x2 downward
    return np.stack([X1.ravel(), X2.ravel()])


def _bilinear_taps(n_in: int, n_out: int):
    """For each output position: the two source cells and the weight of the second one.

    Output pixel u samples source position (u + 0.5) * n_in / n_out - 0.5 (cell centres line
    up, like grid_points); positions beyond the first/last centre clamp to the edge cell.
    """
    position = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
    first = np.floor(position).astype(np.intp)
    second = np.minimum(first + 1, n_in - 1)
    return first, second, (position - first).astype(np.float32)


_TAP_CACHE: dict[tuple[int, int], tuple] = {}


def _taps(n_in: int, n_out: int):
    key = (n_in, n_out)
    if key not in _TAP_CACHE:
        if len(_TAP_CACHE) > 32:
            _TAP_CACHE.clear()
        _TAP_CACHE[key] = _bilinear_taps(n_in, n_out)
    return _TAP_CACHE[key]


def upscale(grid: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of (h, w) or (K, h, w) float grids to (size, size), float32.

    Separable: interpolate along x on the small grid, then along y by blending whole rows.
    No matrix product on purpose: BLAS spreads even tiny products over threads, and on a busy
    2-core machine that made this step 20x slower than these few element-wise passes.
    """
    g = np.nan_to_num(np.asarray(grid, dtype=np.float32))
    x0, x1, fx = _taps(g.shape[-1], size)
    y0, y1, fy = _taps(g.shape[-2], size)
    across = g[..., x0] * (1 - fx) + g[..., x1] * fx  # (..., h, size)
    top = np.take(across, y0, axis=-2)
    out = np.take(across, y1, axis=-2)  # out = top + fy * (bottom - top), in place
    out -= top
    out *= fy[:, None]
    out += top
    return out


def _background(grid_values, problem: str, discretize: bool, size: int, value_range):
    """Colour the upscaled grid: (size, size, 3) uint8."""
    grid = np.asarray(grid_values, dtype=np.float64)
    if problem == "multiclass":
        if grid.ndim != 3:
            raise ValueError(f"multiclass grid_values must be (K, h, w), got {grid.shape}")
        # log-probabilities interpolate smoothly (see the binary case below); renormalise after
        log_p = upscale(np.log(np.clip(np.nan_to_num(grid, nan=0.0), 1e-6, 1.0)), size)
        log_p -= log_p.max(axis=0, keepdims=True)
        probs = np.exp(log_p)
        probs /= probs.sum(axis=0)
        winner = probs.argmax(axis=0)
        k = grid.shape[0]
        if discretize:
            strength = np.full(winner.shape, 0.55)
        else:
            # confidence 1/K (a coin toss) -> almost white, 1 -> 70% of the class colour
            confidence = (probs.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k)
            strength = 0.08 + 0.62 * np.clip(confidence, 0, 1)
        tint = np.take(colors.class_table(k), winner, axis=0)
        white = np.array(colors.WHITE, float)
        return (white + (tint - white) * strength[..., None] + 0.5).astype(np.uint8)
    if grid.ndim != 2:
        raise ValueError(f"{problem} grid_values must be (h, w), got {grid.shape}")
    if problem == "binary":
        # Interpolate the logit, not the probability: p is flat near 0 and 1 and steep at the
        # boundary, so bilinear p draws a staircase; the logit is smooth (piecewise linear for
        # a ReLU net) and its sigmoid gives the curved boundary the network really has.
        p = np.clip(np.nan_to_num(grid, nan=0.5), 1e-6, 1 - 1e-6)
        logit = upscale(np.log(p / (1 - p)), size)
        centred = 1 / (1 + np.exp(-logit)) - 0.5
        vmax = 0.5
    else:
        values = upscale(grid, size)
        vmax = float(value_range) if value_range else float(np.abs(grid).max(initial=0.0))
        vmax = vmax if np.isfinite(vmax) and vmax > 0 else 1.0
        centred = values
    if discretize:
        centred = np.sign(centred) * vmax
    return colors.diverging_rgb(centred, -vmax, vmax, background=True)


def boundary_image(
    grid_values,
    bounds,
    problem: str,
    discretize: bool = False,
    size: int = 360,
    value_range: float | None = None,
) -> np.ndarray:
    """The boundary heatmap as a (size, size, 3) uint8 image (row 0 = top = x2 max).

    grid_values: (h, w) for "binary" (probabilities) and "regression" (raw outputs), or (K, h, w)
    class probabilities for "multiclass". value_range fixes the regression colour scale to
    [-value_range, value_range] (pass the largest |target|, so a colour means the same value on
    the points and under them, frame after frame); by default it is the largest |output|.
    The points are drawn on top as SVG (points_svg): the browser keeps them sharp.
    """
    return _background(grid_values, problem, discretize, int(size), value_range)


def dot_colours(labels, problem: str, vmax: float = 1.0) -> list[str]:
    """Fill colour per point: its class's colour, or the diverging scale for regression targets
    (17 shades: plenty for the eye, and one SVG path per shade)."""
    labels = np.asarray(labels)
    if problem == "regression":
        shades = np.round(np.clip(labels.astype(float) / vmax, -1, 1) * 8) / 8 * vmax
        return [colors.diverging_hex(v, -vmax, vmax) for v in shades]
    return [colors.class_hex(int(k)) for k in labels]


# Classes differ by shape as well as colour (WCAG 1.4.1): class 0 round, 1 square, 2 diamond,
# then again round, ... Regression targets are all round (their value is the colour).
SHAPES = ("round", "square", "diamond")


def dot_shapes(labels, problem: str) -> list[str]:
    """Marker shape per point: its class's shape (round for regression targets)."""
    if problem == "regression":
        return ["round"] * len(labels)
    return [SHAPES[int(k) % len(SHAPES)] for k in np.asarray(labels)]


def _diamond(x: float, y: float, r: float) -> str:
    return f"M{x:.1f} {y - r:.1f}l{r:g} {r:g}l{-r:g} {r:g}l{-r:g} {-r:g}z"


def _dots(moves: str, fill: str, shape: str, kind: str, test: bool, dot: float) -> str:
    """One path of dots of one colour and shape: a class colour with a dark outline (training),
    or a ring of it around a white centre (test, "held out")."""
    if shape == "diamond":  # filled outlines: a linecap cannot make a diamond
        if test:
            return (f"<path class='{kind}' d='{moves}' fill='#fff' stroke='{fill}' "
                    f"stroke-width='2.5'/>")
        return f"<path class='{kind}' d='{moves}' fill='{fill}' stroke='#333' stroke-width='1'/>"
    # A square of the same area as the round dot: side = diameter * sqrt(pi) / 2.
    cap = " stroke-linecap='square'" if shape == "square" else ""
    width = dot * 0.886 if shape == "square" else dot
    if test:
        return (f"<path class='{kind}' d='{moves}' stroke='{fill}'{cap} "
                f"stroke-width='{width + 1:g}'/>"
                f"<path d='{moves}' stroke='#fff'{cap} stroke-width='{width - 3:g}'/>")
    return (f"<path d='{moves}' stroke='#333'{cap} stroke-width='{width + 1.6:g}'/>"
            f"<path class='{kind}' d='{moves}' stroke='{fill}'{cap} stroke-width='{width:g}'/>")


def points_svg(points, fills, side: float, bounds, test: bool, left: float = PLOT_LEFT,
               top: float = PLOT_TOP, max_drawn: int = 2000, dot: float = 7.0,
               shapes=None) -> str:
    """The points as SVG paths, one path per colour and shape (~10 bytes a point), placed on
    the plot area of boundary_html (left, top, side). shapes: one of SHAPES per point
    (dot_shapes; None: all round). At most max_drawn points (a stride through them: the split
    already shuffled them)."""
    points = np.asarray(points, dtype=np.float64)
    shapes = list(shapes) if shapes is not None else ["round"] * points.shape[1]
    if points.shape[1] > max_drawn:
        stride = -(-points.shape[1] // max_drawn)
        points, fills, shapes = points[:, ::stride], fills[::stride], shapes[::stride]
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    xs = left + (points[0] - x1min) / (x1max - x1min) * side
    ys = top + (x2max - points[1]) / (x2max - x2min) * side
    groups: dict[tuple[str, str], list[str]] = {}
    radius = dot * 0.7  # a diamond's half-diagonal: about the round dot's area
    for x, y, fill, shape in zip(xs, ys, fills, shapes, strict=True):
        move = _diamond(x, y, radius) if shape == "diamond" else f"M{x:.1f} {y:.1f}h0"
        groups.setdefault((fill, shape), []).append(move)
    kind = "test" if test else "train"
    return "".join(_dots("".join(moves), fill, shape, kind, test, dot)
                   for (fill, shape), moves in groups.items())


def colour_bar_svg(vmax: float, x: float, top: float, side: float, label: str = "ŷ") -> str:
    """A vertical colour legend for the regression surface: -vmax (orange) at the bottom, 0,
    +vmax (blue) at the top, in the background's (lighter) colours."""
    stops = np.linspace(-vmax, vmax, 9)
    rgb = colors.diverging_rgb(stops, -vmax, vmax, background=True)
    gradient_id = f"bar-{abs(hash((vmax, x, top, side))) % 10**8}"
    parts = [f"<g class='colour-bar'><defs><linearGradient id='{gradient_id}' x1='0' y1='1' "
             f"x2='0' y2='0'>"]
    for i, colour in enumerate(rgb):
        parts.append(f"<stop offset='{i / (len(stops) - 1):.3f}' "
                     f"stop-color='{colors.rgb_to_hex(colour)}'/>")
    parts.append(f"</linearGradient></defs><rect x='{num(x)}' y='{num(top)}' width='10' "
                 f"height='{num(side)}' fill='url(#{gradient_id})' stroke='#999'/>")
    for value, y in ((vmax, top), (0.0, top + side / 2), (-vmax, top + side)):
        parts.append(text(x + 14, y + 4, format_tick(value, nice_step(2 * vmax, 4)), size=10,
                          fill=colors.MUTED_HEX, extra="class='bar-tick'"))
    parts.append(text(x + 5, top - 6, label, size=11, anchor="middle"))
    parts.append("</g>")
    return "".join(parts)


def boundary_html(
    image,
    bounds,
    title: str = "",
    x_label: str = "x1",
    y_label: str = "x2",
    display_size: int | None = None,
    colour_bar: float | None = None,
    label: str = "",
) -> str:
    """An <svg> string: the boundary image framed with x1 / x2 tick labels and a title; label:
    its text alternative (text_alternatives.boundary_text; default: the title).
    image: the uint8 array from boundary_image, or an already encoded data URI (cache it).
    display_size: on-screen side of the plot area in px (default: the image's own size).
    colour_bar: vmax of a regression surface: adds its colour legend right of the plot.
    """
    if isinstance(image, str):
        uri = image
        side = display_size or 360
    else:
        uri = png_data_uri(image)
        side = display_size or int(np.asarray(image).shape[1])
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    left, top, right, bottom = PLOT_LEFT, PLOT_TOP if title else PLOT_TOP_NO_TITLE, 10, 38
    if colour_bar:
        right = 56
    width, height = left + side + right, top + side + bottom
    parts = [svg_open(width, height, label=label or title or "Decision boundary")]
    if title:
        parts.append(text(left, 17, title, size=13, weight="bold"))
    parts.append(
        f"<image x='{left}' y='{top}' width='{side}' height='{side}' "
        f"preserveAspectRatio='none' href='{esc(uri)}'/>"
    )
    parts.append(
        f"<rect x='{left}' y='{top}' width='{side}' height='{side}' fill='none' "
        f"stroke='#999' stroke-width='1'/>"
    )
    tick = colors.MUTED_HEX
    step = nice_step(x1max - x1min, 5)
    for value in nice_ticks(x1min, x1max, 5):
        x = left + (value - x1min) / (x1max - x1min) * side
        parts.append(f"<line x1='{num(x)}' y1='{top + side}' x2='{num(x)}' "
                     f"y2='{top + side + 4}' stroke='{tick}'/>")
        parts.append(text(x, top + side + 15, format_tick(value, step), size=11,
                          anchor="middle", fill=tick))
    step = nice_step(x2max - x2min, 5)
    for value in nice_ticks(x2min, x2max, 5):
        y = top + (x2max - value) / (x2max - x2min) * side
        parts.append(f"<line x1='{left - 4}' y1='{num(y)}' x2='{left}' y2='{num(y)}' "
                     f"stroke='{tick}'/>")
        parts.append(text(left - 6, y + 4, format_tick(value, step), size=11,
                          anchor="end", fill=tick))
    parts.append(text(left + side / 2, top + side + 32, x_label, size=12, anchor="middle"))
    parts.append(text(12, top + side / 2, y_label, size=12, anchor="middle",
                      extra=f"transform='rotate(-90 12 {num(top + side / 2)})'"))
    if colour_bar:
        parts.append(colour_bar_svg(float(colour_bar), left + side + 10, top + 12, side - 12))
    parts.append("</svg>")
    return "".join(parts)
