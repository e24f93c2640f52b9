"""Charts of runs side by side: overlaid curves (Altair, clickable legend) and each run's
boundary as a small SVG. Plain functions from data to a chart or an SVG string."""

from __future__ import annotations

import altair as alt
import numpy as np

from playground.charts.boundary import (
    PLOT_LEFT,
    PLOT_TOP,
    boundary_html,
    boundary_image,
    dot_colours,
    dot_shapes,
    grid_points,
    points_svg,
)
from playground.charts.png import png_data_uri

# Okabe & Ito's colour-blind-safe palette (black last: it reads as "the axis"); every run of
# a comparison (at most 8) gets its own hue, where Vega's default gave runs 1 and 2 two blues.
RUN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
               "#000000")
GRID = 40  # grid side for a small boundary: 7 of them must stay cheap
SMALL = 170  # px of a small boundary's plot area


def curves_chart(rows: list[dict], title: str, log: bool = False) -> alt.Chart:
    """One line per run (rows: {run, epoch, value}); clicking a legend entry (shift-click for
    more) highlights those runs and fades the others."""
    runs = list(dict.fromkeys(row["run"] for row in rows))
    pick = alt.selection_point(fields=["run"], bind="legend")
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    return (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("epoch:Q", title="epoch", axis=alt.Axis(tickCount=10, tickMinStep=1)),
            y=alt.Y("value:Q", title=None, scale=scale),
            color=alt.Color("run:N", sort=runs,
                            scale=alt.Scale(domain=runs, range=list(RUN_COLOURS)),
                            legend=alt.Legend(title="run (click)", orient="top", columns=4)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=["run:N", "epoch:Q", alt.Tooltip("value:Q", format=".4g")],
        )
        .add_params(pick)
        .properties(height=260)  # the plot area; the legend sits above it, in view
    )


def boundary_grid_values(net, dataset) -> np.ndarray:
    """The net's output on a GRID x GRID grid over the data's window, shaped for
    boundary_image: (h, w), or (K, h, w) for multi-class."""
    X = dataset.transform(grid_points(dataset.bounds, GRID))
    with np.errstate(all="ignore"):
        AL = net.forward(X)
    if dataset.problem == "multiclass":
        return AL.reshape(-1, GRID, GRID)
    return AL.reshape(GRID, GRID)


def small_boundary_svg(net, dataset, title: str) -> str:
    """A small boundary with the training points, for a grid of runs."""
    d = dataset
    value_range = None
    if d.problem == "regression":
        value_range = float(np.abs(d.labels_train).max(initial=0) or 1.0)
    image = boundary_image(boundary_grid_values(net, d), d.bounds, d.problem, size=64,
                           value_range=value_range)
    svg = boundary_html(png_data_uri(image), d.bounds, title=title, display_size=SMALL)
    points = ""
    if d.points_train is not None:
        fills = dot_colours(d.labels_train, d.problem, value_range or 1.0)
        points = points_svg(d.points_train, fills, SMALL, d.bounds, test=False,
                            left=PLOT_LEFT, top=PLOT_TOP, max_drawn=400, dot=4.0,
                            shapes=dot_shapes(d.labels_train, d.problem))
    return svg.replace("</svg>", points + "</svg>")
