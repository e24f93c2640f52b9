"""Decision boundary: the network's output over the input plane, with the data on top.

For classification the colour is P(class 1) (binary) or the arg-max class (multi-class); for
regression it is the predicted surface ŷ(x1, x2), on the same scale as the targets.

Bytes per frame matter (30 students, ~20 frames/s each), so, like TF Playground (a 100 x 100
canvas stretched to 300 px under SVG circles): the heatmap is a small PNG that the browser
smooths to the display size, and the points are an SVG layer built once per data set and view
(one <path> of round dots per colour: ~10 bytes a point instead of a 300 px PNG of them).
"""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from playground.charts import colors
from playground.charts.boundary import PLOT_LEFT, PLOT_TOP, boundary_html, boundary_image
from playground.charts.png import png_data_uri
from playground.state import GRID, Session, guarded

SIZE = 300  # px of the plot area on screen: fits beside the network diagram at 1280 px
IMAGE = 96  # px of the heatmap PNG (the logit is interpolated to this, then the browser smooths)
DOT = 7.0  # px diameter of a training point


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


MAX_DRAWN = 2000  # points drawn per set: every frame carries them, so keep a frame small


def _dots(points, fills, side: float, bounds, test: bool) -> str:
    if points.shape[1] > MAX_DRAWN:  # the split already shuffled them: a stride is a sample
        stride = -(-points.shape[1] // MAX_DRAWN)
        points, fills = points[:, ::stride], fills[::stride]
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


def projection_html(session: Session, size: int = SIZE) -> str:
    """Data with more than two feature columns has no input plane: its points on their first
    two principal components, without a boundary (a projection cannot be inverted)."""
    d = session.dataset
    blank = np.full((8, 8, 3), 255, np.uint8)
    svg = boundary_html(png_data_uri(blank), d.bounds, title="First two principal components "
                        "(no boundary)", x_label="PC 1", y_label="PC 2", display_size=size)
    return svg.replace("</svg>", points_layer(session, size) + "</svg>")


# ---------------------------------------------------------------- paused: draw your own points

CLICK_GRID = 36  # invisible clickable markers per side: plotly selects markers, not pixels


def detail_figure(session: Session):
    """Plotly view of the boundary (paused only: a plotly figure is far too heavy per frame).

    The output as a heatmap, the training points, and an invisible grid of markers that makes
    any click on the plane a selectable point.
    """
    import plotly.graph_objects as go

    d = session.dataset
    x1min, x1max, x2min, x2max = d.bounds
    outputs = session.grid_outputs()
    AL = outputs[-1]
    if d.problem == "multiclass":
        z, zmid, title = AL.argmax(axis=0).reshape(GRID, GRID), None, "predicted class"
    else:
        z = AL.reshape(GRID, GRID)
        zmid = 0.5 if d.problem == "binary" else 0.0
        title = "P(class 1)" if d.problem == "binary" else "ŷ"
    xs = np.linspace(x1min, x1max, GRID + 1)
    centres_x = (xs[:-1] + xs[1:]) / 2
    ys = np.linspace(x2max, x2min, GRID + 1)
    centres_y = (ys[:-1] + ys[1:]) / 2
    figure = go.Figure()
    if d.problem == "multiclass":
        k = d.n_y
        scale = [[i / max(k - 1, 1), colors.class_hex(i)] for i in range(k)]
        figure.add_heatmap(x=centres_x, y=centres_y, z=z, colorscale=scale, zmin=0,
                           zmax=k - 1, opacity=0.45, showscale=False, hoverinfo="skip")
    else:
        figure.add_heatmap(x=centres_x, y=centres_y, z=z, colorscale=colors.
                           plotly_diverging_scale(), zmid=zmid, opacity=0.75, hoverinfo="skip",
                           colorbar={"title": title, "thickness": 12})
    labels = d.labels_train
    if d.problem == "regression":
        figure.add_scatter(x=d.points_train[0], y=d.points_train[1], mode="markers",
                           marker={"color": labels, "colorscale": colors.plotly_diverging_scale(),
                                   "cmid": 0, "line": {"width": 1, "color": "#333"}, "size": 8},
                           name="training points", hoverinfo="skip")
    else:
        for c, name in enumerate(d.class_names):
            mine = labels == c
            figure.add_scatter(x=d.points_train[0][mine], y=d.points_train[1][mine],
                               mode="markers", name=str(name), hoverinfo="skip",
                               marker={"color": colors.class_hex(c), "size": 8,
                                       "line": {"width": 1, "color": "#333"}})
    gx, gy = np.meshgrid(np.linspace(x1min, x1max, CLICK_GRID),
                         np.linspace(x2min, x2max, CLICK_GRID))
    figure.add_scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name="click to add",
                       marker={"size": 14, "opacity": 0.01, "color": "#000"},
                       hovertemplate="add a point at (%{x:.2f}, %{y:.2f})<extra></extra>",
                       showlegend=False)
    figure.update_layout(
        width=520, height=470, margin={"l": 40, "r": 10, "t": 10, "b": 40},
        xaxis={"range": [x1min, x1max], "title": "x1", "constrain": "domain"},
        yaxis={"range": [x2min, x2max], "title": "x2", "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.12}, clickmode="event+select", dragmode=False,
    )
    return figure


def _add_from_inputs(session: Session) -> None:
    state = st.session_state
    session.add_point(state["draw.x1"], state["draw.x2"], _label(session))


def _label(session: Session) -> float:
    chosen = st.session_state.get("draw.label")
    if session.dataset.problem == "regression":
        return float(chosen if chosen is not None else 1.0)
    names = [str(n) for n in session.dataset.class_names]
    return float(names.index(chosen)) if chosen in names else 0.0


def _clicked(session: Session) -> None:
    event = st.session_state.get("draw.figure")
    points = (event or {}).get("selection", {}).get("points", [])
    if points:
        session.add_point(float(points[-1]["x"]), float(points[-1]["y"]), _label(session))


def render_detail(session: Session) -> None:
    """Draw your own training points (the data issue's hand-drawn points), paused only."""
    d = session.dataset
    if not d.has_boundary or d.points_train is None:
        st.info("Points can be drawn on 2-D data sets only.")
        return
    if session.playing:
        st.info("Pause to draw points: click the plane to add a training point.")
        return
    left, right = st.columns([3, 2])
    with right:
        if d.problem == "regression":
            st.number_input("Target y of new points", value=1.0, step=0.5, key="draw.label")
        else:
            st.segmented_control("Class of new points", [str(n) for n in d.class_names],
                                 default=str(d.class_names[1 % len(d.class_names)]),
                                 key="draw.label")
        st.caption("Click anywhere on the plane to add a training point there; the network "
                   "keeps its parameters, so Play shows how the boundary bends to it. "
                   "Or type the coordinates:")
        x1, x2 = st.columns(2)
        x1.number_input("x1", value=0.0, step=0.5, key="draw.x1")
        x2.number_input("x2", value=0.0, step=0.5, key="draw.x2")
        st.button("Add point", key="draw.add", on_click=guarded(_add_from_inputs),
                  args=(session,))
        st.button(f"Remove the {len(session.drawn)} drawn points", key="draw.clear",
                  on_click=guarded(session.clear_points), disabled=not session.drawn)
    with left, np.errstate(all="ignore"):
        st.plotly_chart(detail_figure(session), key="draw.figure",
                        on_select=functools.partial(guarded(_clicked), session),
                        selection_mode="points", width="content",
                        config={"displayModeBar": False})
