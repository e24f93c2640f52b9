"""The paused, clickable view of the boundary as a plotly figure (far too heavy per frame, so
only the "Draw points" tab builds it): the output as a heatmap, the training points, and an
invisible grid of markers that makes any click on the plane a selectable point (plotly selects
markers, not pixels)."""

import numpy as np
import plotly.graph_objects as go

from playground.charts import colors

CLICK_GRID = 36  # invisible clickable markers per side


def boundary_figure(AL: np.ndarray, grid: int, bounds, problem: str, points, labels,
                    class_names, x_names=("x1", "x2")) -> go.Figure:
    """AL: the network's output on boundary.grid_points(bounds, grid), (n_y, grid * grid).
    points (2, m) and labels (m,): the training points (class indexes or targets)."""
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    if problem == "multiclass":
        z = AL.argmax(axis=0).reshape(grid, grid)
    else:
        z = AL.reshape(grid, grid)
        zmid = 0.5 if problem == "binary" else 0.0
        title = "P(class 1)" if problem == "binary" else "ŷ"
    xs = np.linspace(x1min, x1max, grid + 1)
    ys = np.linspace(x2max, x2min, grid + 1)
    centres_x, centres_y = (xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2
    figure = go.Figure()
    if problem == "multiclass":
        k = AL.shape[0]
        scale = [[i / max(k - 1, 1), colors.class_hex(i)] for i in range(k)]
        figure.add_heatmap(x=centres_x, y=centres_y, z=z, colorscale=scale, zmin=0,
                           zmax=k - 1, opacity=0.45, showscale=False, hoverinfo="skip")
    else:
        figure.add_heatmap(x=centres_x, y=centres_y, z=z,
                           colorscale=colors.plotly_diverging_scale(), zmid=zmid, opacity=0.75,
                           hoverinfo="skip", colorbar={"title": title, "thickness": 12})
    if problem == "regression":
        figure.add_scatter(x=points[0], y=points[1], mode="markers",
                           marker={"color": labels, "colorscale": colors.plotly_diverging_scale(),
                                   "cmid": 0, "line": {"width": 1, "color": "#333"}, "size": 8},
                           name="training points", hoverinfo="skip")
    else:
        for c, name in enumerate(class_names):
            mine = labels == c
            figure.add_scatter(x=points[0][mine], y=points[1][mine], mode="markers",
                               name=str(name), hoverinfo="skip",
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
        xaxis={"range": [x1min, x1max], "title": x_names[0], "constrain": "domain"},
        yaxis={"range": [x2min, x2max], "title": x_names[1], "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.12}, clickmode="event+select", dragmode=False,
    )
    return figure
