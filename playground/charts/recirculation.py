"""Recirculation against backpropagation (engine/recirculation.py): both reconstruction
errors of one autoencoder, epoch by epoch, on one chart."""

from __future__ import annotations

import numpy as np

from playground.charts.colors import NEGATIVE_HEX, POSITIVE_HEX
from playground.charts.line_chart import line_chart_svg


def errors_svg(recirculation, backpropagation, width: int = 520, height: int = 260) -> str:
    """Both error curves (x = epochs, 0 before training), on a log axis: they start near 20
    and part below 1."""
    recirculation = np.asarray(recirculation, dtype=np.float64)
    backpropagation = np.asarray(backpropagation, dtype=np.float64)
    series = {"recirculation": (np.arange(len(recirculation)), recirculation, NEGATIVE_HEX),
              "backpropagation": (np.arange(len(backpropagation)), backpropagation,
                                  POSITIVE_HEX)}
    return line_chart_svg(series, log_y=True, title="Reconstruction error J = 1/(2m) Σ‖x̂ − x‖²",
                          x_label="epoch", y_label="J", width=width, height=height)
