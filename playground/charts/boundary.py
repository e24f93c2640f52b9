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

import hashlib

import numpy as np

from playground.charts import colors
from playground.charts.png import png_data_uri
from playground.charts.svg import esc, num, svg_open, text
from playground.charts.ticks import format_tick, nice_step, nice_ticks

POINT_RADIUS = 4.2  # px at size 360, scaled with size
# Where boundary_html puts the plot area, for callers that overlay their own SVG on it.
PLOT_LEFT, PLOT_TOP, PLOT_TOP_NO_TITLE = 44, 26, 8
OUTLINE = (40, 40, 40)


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


def _point_colours(labels, problem: str, vmax: float) -> np.ndarray:
    """(m, 3) float fill colours: class colours, or the diverging scale for regression targets."""
    labels = np.asarray(labels)
    if problem == "regression":
        return colors.diverging_rgb(labels.astype(float), -vmax, vmax).astype(float)
    index = labels.astype(int)
    n_classes = max(int(index.max(initial=0)) + 1, 2)
    return colors.class_table(n_classes)[index]


_OFFSET_CACHE: dict[float, tuple[np.ndarray, np.ndarray]] = {}


def _stamp_offsets(radius: float):
    """Pixel offsets (dy, dx) that a disk of `radius` centred anywhere in pixel (0, 0) can touch."""
    if radius not in _OFFSET_CACHE:
        reach = int(np.ceil(radius + 1.0))
        dy, dx = np.mgrid[-reach : reach + 1, -reach : reach + 1]
        near = np.hypot(np.abs(dy) - 0.5, np.abs(dx) - 0.5) < radius + 1.0
        _OFFSET_CACHE[radius] = (dy[near].astype(np.int32), dx[near].astype(np.int32))
    return _OFFSET_CACHE[radius]


def _stamp_points(premultiplied, alpha, size, points, fills, bounds, radius, test) -> None:
    """Composite anti-aliased disks onto a flat RGBA overlay (premultiplied colour, alpha).

    All points at once with vectorised stamps; where stamps of one call overlap, the later point
    wins. Training point: class-coloured disk with a thin dark outline. Test point: white
    centre, class-coloured ring, thin dark outline (reads as "held out").
    """
    if points is None or len(fills) == 0:
        return
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    p = np.asarray(points, dtype=np.float32)
    cx = (p[0] - x1min) * (size / (x1max - x1min))  # continuous pixel coordinates
    cy = (x2max - p[1]) * (size / (x2max - x2min))
    inside = np.isfinite(cx) & np.isfinite(cy)
    inside &= (cx >= 0) & (cx <= size) & (cy >= 0) & (cy <= size)
    cx, cy, fills = cx[inside], cy[inside], np.asarray(fills, np.float32)[inside]
    dy, dx = _stamp_offsets(radius)
    py = (np.floor(cy).astype(np.int32)[:, None] + dy).ravel()  # pixels of each stamp in turn
    px = (np.floor(cx).astype(np.int32)[:, None] + dx).ravel()
    ry = (py + np.float32(0.5)) - np.repeat(cy, len(dy))
    rx = (px + np.float32(0.5)) - np.repeat(cx, len(dx))
    dist = np.sqrt(ry * ry + rx * rx)
    keep = dist < radius + 0.5
    keep &= (py >= 0) & (py < size) & (px >= 0) & (px < size)
    (where,) = np.nonzero(keep)  # one boolean pass; every array below is indexed by it
    dist = dist[where]
    flat = py[where] * size + px[where]
    outer = np.minimum(np.float32(radius + 0.5) - dist, 1)  # coverage of the outlined disk
    inner = np.clip(np.float32(radius - 0.6) - dist, 0, 1)  # coverage of the fill
    fill = np.take(fills, where // len(dy), axis=0)
    if test:
        hole = np.clip(np.float32(radius * 0.45 + 0.5) - dist, 0, 1)  # white centre
        fill += (np.float32(255) - fill) * hole[:, None]
    stamp = fill * inner[:, None] + np.array(OUTLINE, np.float32) * (outer - inner)[:, None]
    under = 1 - outer
    premultiplied[flat] = stamp + premultiplied[flat] * under[:, None]  # "stamp over overlay"
    alpha[flat] = outer + alpha[flat] * under


_OVERLAY_CACHE: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _points_overlay(size, bounds, radius, layers):
    """Sparse RGBA overlay of all points: (flat pixel index, premultiplied RGB, alpha).

    The points do not move while the network trains, so the overlay is built once per data
    set / size / colour scale and each frame only blends it over the new background.
    layers: [(points, fills, is_test), ...] drawn in order.
    """
    digest = hashlib.blake2b(repr((size, tuple(bounds), radius)).encode(), digest_size=16)
    for points, fills, is_test in layers:
        digest.update(np.ascontiguousarray(points, np.float64).tobytes())
        digest.update(np.ascontiguousarray(fills, np.float32).tobytes())
        digest.update(b"test" if is_test else b"train")
    key = digest.digest()
    if key not in _OVERLAY_CACHE:
        premultiplied = np.zeros((size * size, 3), np.float32)
        alpha = np.zeros(size * size, np.float32)
        for points, fills, is_test in layers:
            _stamp_points(premultiplied, alpha, size, points, fills, bounds, radius, is_test)
        (flat,) = np.nonzero(alpha > 0)
        if len(_OVERLAY_CACHE) >= 8:
            _OVERLAY_CACHE.pop(next(iter(_OVERLAY_CACHE)))
        _OVERLAY_CACHE[key] = (flat, premultiplied[flat], (1 - alpha[flat])[:, None])
    return _OVERLAY_CACHE[key]


def boundary_image(
    grid_values,
    bounds,
    problem: str,
    points_train=None,
    labels_train=None,
    points_test=None,
    labels_test=None,
    show_test: bool = True,
    discretize: bool = False,
    size: int = 360,
    value_range: float | None = None,
    point_radius: float | None = None,
) -> np.ndarray:
    """The boundary plot as a (size, size, 3) uint8 image (row 0 = top = x2 max).

    grid_values: (h, w) for "binary" (probabilities) and "regression" (raw outputs), or (K, h, w)
    class probabilities for "multiclass". points_*: raw (2, m) coordinates; labels_*: (m,) class
    indexes or regression targets. value_range fixes the regression colour scale to
    [-value_range, value_range]; by default it is the largest |target| (so a colour means the
    same value on the points and under them, frame after frame), or the largest |output| when
    no targets are given.
    """
    size = int(size)
    if problem == "regression" and not value_range:
        targets = [np.abs(np.asarray(labels, float)) for labels in (labels_train, labels_test)
                   if labels is not None and len(labels)]
        source = np.concatenate(targets) if targets else np.abs(np.asarray(grid_values, float))
        finite = source[np.isfinite(source)]
        value_range = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = _background(grid_values, problem, discretize, size, value_range)
    radius = point_radius if point_radius is not None else max(3.0, POINT_RADIUS * size / 360)
    vmax = float(value_range or 1.0)
    layers = []
    if points_train is not None and labels_train is not None:
        layers.append((points_train, _point_colours(labels_train, problem, vmax), False))
    if show_test and points_test is not None and labels_test is not None:
        layers.append((points_test, _point_colours(labels_test, problem, vmax), True))
    if layers:
        flat, premultiplied, transparency = _points_overlay(size, bounds, radius, layers)
        pixels = image.reshape(-1, 3)
        blended = np.take(pixels, flat, axis=0) * transparency
        blended += premultiplied
        blended += np.float32(0.5)
        pixels[flat] = blended.astype(np.uint8)
    return image


def boundary_html(
    image,
    bounds,
    title: str = "",
    x_label: str = "x1",
    y_label: str = "x2",
    display_size: int | None = None,
) -> str:
    """An <svg> string: the boundary image framed with x1 / x2 tick labels and a title.

    image: the uint8 array from boundary_image, or an already encoded data URI (cache it).
    display_size: on-screen side of the plot area in px (default: the image's own size).
    """
    if isinstance(image, str):
        uri = image
        side = display_size or 360
    else:
        uri = png_data_uri(image)
        side = display_size or int(np.asarray(image).shape[1])
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    left, top, right, bottom = PLOT_LEFT, PLOT_TOP if title else PLOT_TOP_NO_TITLE, 10, 38
    width, height = left + side + right, top + side + bottom
    parts = [svg_open(width, height, "role='img'")]
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
    parts.append("</svg>")
    return "".join(parts)
