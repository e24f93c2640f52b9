"""Decision boundary: the network's output over the input plane, with the data on top.

For classification the colour is P(class 1) (binary) or the arg-max class (multi-class); for
regression it is the predicted surface ŷ(x1, x2), on the same scale as the targets.

Bytes per frame matter (30 students, ~20 frames/s each), so, like TF Playground (a 100 x 100
canvas stretched to 300 px under SVG circles): the heatmap is a small PNG that the browser
smooths to the display size, and the points are an SVG layer built once per data set and view
(one <path> of round dots per colour: ~10 bytes a point instead of a 300 px PNG of them).
"""

from __future__ import annotations

import numpy as np

from playground.charts import colors
from playground.charts.boundary import boundary_html, boundary_image
from playground.charts.png import png_data_uri
from playground.state import GRID, Session

SIZE = 300  # px of the plot area on screen: fits beside the network diagram at 1280 px
IMAGE = 96  # px of the heatmap PNG (the logit is interpolated to this, then the browser smooths)
DOT = 7.0  # px diameter of a training point
# Where boundary_html puts the plot area (its left margin, and its top margin with a title).
PLOT_LEFT, PLOT_TOP = 44, 26


def grid_values(session: Session, AL: np.ndarray) -> np.ndarray:
    """AL on the grid, shaped for boundary_image: (h, w), or (K, h, w) for multi-class."""
    if session.dataset.problem == "multiclass":
        return AL.reshape(-1, GRID, GRID)
    return AL.reshape(GRID, GRID)


def title(session: Session) -> str:
    problem = session.dataset.problem
    if problem == "regression":
        return "Predicted surface ŷ(x1, x2)"
    if problem == "multiclass":
        return "Predicted class (lighter = less sure)"
    return "Output a[L] = P(class 1)"


def _value_range(session: Session) -> float | None:
    d = session.dataset
    if d.problem != "regression":
        return None
    return float(max(np.abs(d.labels_train).max(initial=0), np.abs(d.labels_test).max(initial=0))
                 or 1.0)


def _dot_colours(session: Session, labels) -> list[str]:
    d = session.dataset
    if d.problem == "regression":
        vmax = _value_range(session)
        # 17 shades are plenty for the eye and keep one path per shade
        shades = np.round(np.clip(np.asarray(labels, float) / vmax, -1, 1) * 8) / 8 * vmax
        return [colors.diverging_hex(v, -vmax, vmax) for v in shades]
    return [colors.class_hex(int(k)) for k in labels]


def _dots(points, fills, side: float, bounds, test: bool) -> str:
    x1min, x1max, x2min, x2max = bounds
    xs = PLOT_LEFT + (points[0] - x1min) / (x1max - x1min) * side
    ys = PLOT_TOP + (x2max - points[1]) / (x2max - x2min) * side
    by_colour: dict[str, list[str]] = {}
    for x, y, fill in zip(xs, ys, fills, strict=True):
        by_colour.setdefault(fill, []).append(f"M{x:.1f} {y:.1f}h0")
    parts = []
    for fill, moves in by_colour.items():
        d = "".join(moves)
        if test:  # test points: a ring of the class colour around a white centre
            parts.append(f"<path d='{d}' stroke='{fill}' stroke-width='{DOT + 1:g}'/>"
                         f"<path d='{d}' stroke='#fff' stroke-width='{DOT - 3:g}'/>")
        else:
            parts.append(f"<path d='{d}' stroke='#333' stroke-width='{DOT + 1.6:g}'/>"
                         f"<path d='{d}' stroke='{fill}' stroke-width='{DOT:g}'/>")
    return "".join(parts)


def points_layer(session: Session, side: int = SIZE) -> str:
    """The training (and optionally test) points as SVG; cached on the session per view."""
    d = session.dataset
    key = (id(d), session.values["show_test"], side)
    cached = getattr(session, "_points_layer", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    layer = ["<g fill='none' stroke-linecap='round' class='points'>"]
    if d.points_train is not None:
        layer.append(_dots(d.points_train, _dot_colours(session, d.labels_train), side, d.bounds,
                           test=False))
    if session.values["show_test"] and d.points_test is not None:
        layer.append(_dots(d.points_test, _dot_colours(session, d.labels_test), side, d.bounds,
                           test=True))
    layer.append("</g>")
    session._points_layer = (key, "".join(layer))
    return session._points_layer[1]


def live_html(session: Session, outputs: list[np.ndarray], size: int = SIZE) -> str:
    """The boundary as one <svg>: smoothed PNG heatmap, axes, and the points on top."""
    d = session.dataset
    image = boundary_image(grid_values(session, outputs[-1]), d.bounds, d.problem,
                           discretize=session.values["discretize"], size=IMAGE,
                           value_range=_value_range(session))
    names = d.input_names if len(d.input_names) == 2 else ("x1", "x2")
    svg = boundary_html(png_data_uri(image), d.bounds, title=title(session), x_label=names[0],
                        y_label=names[1], display_size=size)
    return svg.replace("</svg>", points_layer(session, size) + "</svg>")
