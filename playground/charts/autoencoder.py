"""An autoencoder, drawn: its 2-D codes as a scatter coloured by class (the classes the network
never saw), inputs beside their reconstructions, and on 2-D data each point's reconstruction as
an arrow. Plain data -> SVG / image."""

from __future__ import annotations

import numpy as np

from playground.charts import colors
from playground.charts.adversarial import arrows_svg
from playground.charts.boundary import PLOT_LEFT, PLOT_TOP, boundary_html, dot_shapes, points_svg
from playground.charts.digits import SIDE, _tile
from playground.charts.png import png_data_uri
from playground.charts.svg import esc

BLANK = np.full((8, 8, 3), 250, np.uint8)  # a plot area with nothing under the points


def code_bounds(codes: np.ndarray, margin: float = 0.08) -> tuple[float, float, float, float]:
    """(c1min, c1max, c2min, c2max) around the codes with a margin; a flat direction gets a
    unit span (every code equal, e.g. a dead tanh code)."""
    finite = codes[:, np.isfinite(codes).all(axis=0)]
    if finite.shape[1] == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    low, high = finite.min(axis=1), finite.max(axis=1)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    low, high = low - margin * span, high + margin * span
    return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def codes_scatter_svg(codes, labels, class_names, side: int = 300,
                      title: str = "Test codes A[c], coloured by class") -> str:
    """The 2-D codes (2, m) as dots coloured by their class (labels (m,)), with a legend."""
    codes, labels = np.asarray(codes, float), np.asarray(labels).astype(int)
    if codes.ndim != 2 or codes.shape[0] != 2 or labels.shape != (codes.shape[1],):
        raise ValueError(f"codes must be (2, m) and labels (m,), got {codes.shape}, "
                         f"{labels.shape}")
    bounds = code_bounds(codes)
    shown = np.isfinite(codes).all(axis=0)
    svg = boundary_html(png_data_uri(BLANK), bounds, title=title, x_label="code unit 1",
                        y_label="code unit 2", display_size=side)
    dots = points_svg(codes[:, shown], [colors.class_hex(k) for k in labels[shown]], side,
                      bounds, test=False, dot=6.0, shapes=dot_shapes(labels[shown], "multiclass"))
    legend = "".join(
        f"<span style='margin-right:0.7em;white-space:nowrap'><span style='display:inline-block;"
        f"width:0.7em;height:0.7em;border-radius:50%;margin-right:0.25em;"
        f"background:{colors.class_hex(k)}'></span>{esc(name)}</span>"
        for k, name in enumerate(class_names))
    # Round caps: a dot is a zero-length stroke ("h0"), as in the boundary's points layer.
    return (svg.replace("</svg>", f"<g class='codes' fill='none' stroke-linecap='round'>{dots}"
                        "</g></svg>")
            + f"<div class='pg-code-legend' style='font-size:0.8rem'>{legend}</div>")


def reconstruction_arrows_svg(points, reconstructed, bounds, labels, side: int = 300,
                              title: str = "Each point → its reconstruction x̂") -> str:
    """2-D data: the points (2, m) coloured by class and an arrow from each to its
    reconstruction (2, m), in the plane's units."""
    points, reconstructed = np.asarray(points, float), np.asarray(reconstructed, float)
    svg = boundary_html(png_data_uri(BLANK), bounds, title=title, display_size=side)
    dots = points_svg(points, [colors.class_hex(int(k)) for k in labels], side, bounds,
                      test=False, dot=6.0, shapes=dot_shapes(labels, "multiclass"))
    arrows = arrows_svg(points, reconstructed - points, np.zeros(points.shape[1], bool), side,
                        bounds, left=PLOT_LEFT, top=PLOT_TOP)
    return svg.replace("</svg>", f"<g fill='none' stroke-linecap='round'>{dots}</g>"
                       f"<g class='reconstructions'>{arrows}</g></svg>")


def reconstruction_pairs_image(inputs, reconstructed, cols: int = 4, cell: int = 40,
                               top: float = 16.0) -> np.ndarray:
    """Digits (64, k) beside their reconstructions (64, k): k pairs, `cols` pairs a row, each
    pair an input then its reconstruction, on the same 0..top grey scale (values outside
    clip)."""
    inputs, reconstructed = np.asarray(inputs, float), np.asarray(reconstructed, float)
    if inputs.shape != reconstructed.shape or inputs.ndim != 2 or (
            inputs.shape[0] != SIDE * SIDE):
        raise ValueError(f"inputs and reconstructions must be (64, k), got {inputs.shape}, "
                         f"{reconstructed.shape}")
    k = inputs.shape[1]
    pairs = np.stack([inputs.T, reconstructed.T], axis=1).reshape(2 * k, SIDE, SIDE)
    grey = (255 - np.clip(np.nan_to_num(pairs) / top, 0, 1) * 230).astype(np.uint8)
    return _tile(np.repeat(grey[..., None], 3, axis=-1), 2 * cols, cell, 3)[0]
