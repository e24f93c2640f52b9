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

from playground.charts.boundary import (
    boundary_html,
    boundary_image,
    dot_colours,
    dot_shapes,
    points_svg,
)
from playground.charts.boundary_figure import boundary_figure
from playground.charts.png import png_data_uri
from playground.charts.text_alternatives import boundary_text
from playground.panels.adversarial import overlay_svg
from playground.saving.session_charts import grid_values, title, value_range
from playground.session import keys
from playground.session.state import GRID, Session, guarded

SIZE = 300  # px of the plot area on screen: fits beside the network diagram at 1280 px
IMAGE = 96  # px of the heatmap PNG (the logit is interpolated to this, then the browser smooths)
DOT = 7.0  # px diameter of a training point
MAX_DRAWN = 2000  # points drawn per set: every frame carries them, so keep a frame small


def points_layer(session: Session, side: int = SIZE) -> str:
    """The training (and optionally test) points as SVG; cached on the session per view."""
    d = session.dataset
    key = (id(d), session.values["show_test"], side, session.values["palette"])
    cached = session.points_layer
    if cached is not None and cached[0] == key:
        return cached[1]
    vmax = value_range(session) or 1.0
    layer = ["<g fill='none' stroke-linecap='round' class='points'>"]
    if d.points_train is not None:
        layer.append(points_svg(d.points_train, dot_colours(d.labels_train, d.problem, vmax),
                                side, d.bounds, test=False, max_drawn=MAX_DRAWN, dot=DOT,
                                shapes=dot_shapes(d.labels_train, d.problem)))
    if session.values["show_test"] and d.points_test is not None:
        layer.append(points_svg(d.points_test, dot_colours(d.labels_test, d.problem, vmax),
                                side, d.bounds, test=True, max_drawn=MAX_DRAWN, dot=DOT,
                                shapes=dot_shapes(d.labels_test, d.problem)))
    layer.append("</g>")
    session.points_layer = (key, "".join(layer))
    return session.points_layer[1]


def live_html(session: Session, outputs: list[np.ndarray], size: int = SIZE) -> str:
    """The boundary as one <svg>: smoothed PNG heatmap, axes, and the points on top."""
    d = session.dataset
    grid = grid_values(session, outputs[-1])
    image = boundary_image(grid, d.bounds, d.problem, discretize=session.values["discretize"],
                           size=IMAGE, value_range=value_range(session))
    names = d.input_names if len(d.input_names) == 2 else ("x1", "x2")
    label = boundary_text(session.net.epochs_done, d.problem,
                          session.metrics.get("test_accuracy"), grid, d.class_names)
    svg = boundary_html(png_data_uri(image), d.bounds, title=title(session), x_label=names[0],
                        y_label=names[1], display_size=size, colour_bar=value_range(session),
                        label=label)
    return svg.replace("</svg>", points_layer(session, size) + overlay_svg(session, size)
                       + "</svg>")


def projection_html(session: Session, size: int = SIZE) -> str:
    """Data with more than two feature columns has no input plane: its points on their first
    two principal components, without a boundary (a projection cannot be inverted)."""
    d = session.dataset
    blank = np.full((8, 8, 3), 255, np.uint8)
    svg = boundary_html(png_data_uri(blank), d.bounds, title="2 principal components (no "
                        "boundary)", x_label="PC 1", y_label="PC 2", display_size=size)
    return svg.replace("</svg>", points_layer(session, size) + "</svg>")


def frame_html(session: Session, outputs: list[np.ndarray] | None) -> str:
    """The live area's first cell: the boundary over the input plane, or the points'
    projection where the data has no plane (images have their own cell: panels/digits)."""
    if outputs is not None:
        return f"<div class='pg-boundary'>{live_html(session, outputs)}</div>"
    if session.dataset.points_train is not None:
        return f"<div class='pg-boundary'>{projection_html(session)}</div>"
    return ""


# ---------------------------------------------------------------- paused: draw your own points

def detail_figure(session: Session):
    """The clickable plotly view (paused only: a plotly figure is far too heavy per frame)."""
    d = session.dataset
    names = d.input_names if len(d.input_names) == 2 else ("x1", "x2")
    return boundary_figure(session.grid_outputs()[-1], GRID, d.bounds, d.problem,
                           d.points_train, d.labels_train, d.class_names, names)


def _add_from_inputs(session: Session) -> None:
    state = st.session_state
    session.add_point(state[keys.DRAW_X1], state[keys.DRAW_X2], _label(session))


def _label(session: Session) -> float:
    chosen = st.session_state.get(keys.DRAW_LABEL)
    if session.dataset.problem == "regression":
        return float(chosen if chosen is not None else 1.0)
    names = [str(n) for n in session.dataset.class_names]
    return float(names.index(chosen)) if chosen in names else 0.0


def _clicked(session: Session) -> None:
    event = st.session_state.get(keys.DRAW_FIGURE)
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
            st.number_input("Target y of new points", value=1.0, step=0.5, key=keys.DRAW_LABEL)
        else:
            st.segmented_control("Class of new points", [str(n) for n in d.class_names],
                                 default=str(d.class_names[1 % len(d.class_names)]),
                                 key=keys.DRAW_LABEL)
        st.caption("Click anywhere on the plane to add a training point there; the network "
                   "keeps its parameters, so Play shows how the boundary bends to it. "
                   "Or type the coordinates:")
        x1, x2 = st.columns(2)
        x1.number_input("x1", value=0.0, step=0.5, key=keys.DRAW_X1)
        x2.number_input("x2", value=0.0, step=0.5, key=keys.DRAW_X2)
        st.button("Add point", key=keys.DRAW_ADD, on_click=guarded(_add_from_inputs),
                  args=(session,))
        drawn = len(session.drawn)
        st.button(f"Remove the {drawn} drawn point{'s' if drawn != 1 else ''}", key=keys.DRAW_CLEAR,
                  on_click=guarded(session.clear_points), disabled=not session.drawn)
    with left, np.errstate(all="ignore"):
        st.plotly_chart(detail_figure(session), key=keys.DRAW_FIGURE,
                        on_select=functools.partial(guarded(_clicked), session),
                        selection_mode="points", width="content",
                        config={"displayModeBar": False})
