"""Cost surfaces of the two-weight model ŷ = σ(w·x + b) as contour maps side by side, each with
gradient descent's path from the same start (Plotly)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


def surfaces_figure(panels: list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
                    height: int = 380) -> go.Figure:
    """panels: (title, w values, b values, J[b, w], path rows (w, b, J)) for each loss."""
    figure = make_subplots(rows=1, cols=len(panels), horizontal_spacing=0.08,
                           subplot_titles=[title for title, *_ in panels])
    for col, (_, ws, bs, J, path) in enumerate(panels, start=1):
        figure.add_trace(go.Contour(
            x=ws, y=bs, z=J, ncontours=24, colorscale="Viridis", showscale=False,
            contours={"coloring": "heatmap", "showlines": True},
            line={"width": 0.5, "color": "rgba(255,255,255,0.5)"},
            hovertemplate="w = %{x:.2f}<br>b = %{y:.2f}<br>J = %{z:.4f}<extra></extra>"),
            row=1, col=col)
        figure.add_trace(go.Scatter(
            x=path[:, 0], y=path[:, 1], mode="lines+markers",
            line={"color": "#f97316", "width": 2}, marker={"size": 4, "color": "#f97316"},
            customdata=path[:, 2], name="descent",
            hovertemplate="step %{pointNumber}<br>J = %{customdata:.4f}<extra></extra>"),
            row=1, col=col)
        for (w, b), symbol, name in (((path[0, 0], path[0, 1]), "circle-open", "start"),
                                     ((path[-1, 0], path[-1, 1]), "x", "end")):
            figure.add_trace(go.Scatter(
                x=[w], y=[b], mode="markers", name=name, hoverinfo="skip",
                marker={"symbol": symbol, "size": 12, "color": "white",
                        "line": {"width": 2, "color": "white"}}), row=1, col=col)
        figure.update_xaxes(title_text="w", row=1, col=col, range=[ws[0], ws[-1]])
        figure.update_yaxes(title_text="b", row=1, col=col, range=[bs[0], bs[-1]])
    figure.update_layout(height=height, showlegend=False, margin={"l": 40, "r": 10, "t": 30,
                                                                  "b": 40})
    return figure
