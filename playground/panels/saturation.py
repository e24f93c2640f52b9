"""Activation saturation: the distribution of A[l] over the training set per layer, and the
share of saturated sigmoid/tanh activations (within 0.01 of a bound, where g' ≈ 0) or of dead
ReLUs (0 for every example) over the epochs."""

from __future__ import annotations

import numpy as np

from playground.charts import colors
from playground.charts.distribution import activation_histograms_svg
from playground.charts.line_chart import line_chart_svg
from playground.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def live_html(session: Session) -> str:
    net = session.net
    with np.errstate(all="ignore"):
        A = net.forward_all(session.dataset.X_train)[1:]
    hidden = max(net.L - 1, 1)
    histograms = activation_histograms_svg(A[:hidden] if net.L > 1 else A, net.activations,
                                           width=WIDTH, height=min(46 * hidden, HEIGHT))
    series = {}
    for l in range(1, net.L):
        x, y = session.trainer.history.series(f"saturation{l}")  # once per epoch
        if len(x):
            kind = "dead" if net.activations[l - 1] == "relu" else "saturated"
            series[f"A[{l}] {kind}"] = (x, y, colors.class_hex(l - 1))
    if not series:
        measured = any(g in ("sigmoid", "tanh", "relu") for g in net.activations[:-1])
        series = {"after the first epoch" if measured else "no sigmoid / tanh / relu layer":
                  ([], [], None)}
    over_time = line_chart_svg(series, title="Saturated / dead share", x_label="epoch",
                               width=WIDTH, height=HEIGHT, y_range=(0, 1), max_points=POINTS)
    return (f"<div class='pg-chart'><div class='pg-chart-title'>Distribution of A[l] "
            f"(training set)</div>{histograms}</div>{over_time}")
