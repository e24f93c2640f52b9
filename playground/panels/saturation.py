"""Activation saturation: the distribution of A[l] over the training set per layer, and the
share of saturated sigmoid/tanh activations (within 0.01 of a bound, where g' ≈ 0) or of dead
ReLUs (0 for every example) over the epochs."""

from __future__ import annotations

import numpy as np

from playground.charts import colors
from playground.charts.distribution import activation_histograms_svg
from playground.charts.line_chart import line_chart_svg
from playground.session.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame
ROW = 24  # px per layer at least: 8 hidden layers get a taller chart, never unreadable rows


def _as_columns(A: np.ndarray) -> np.ndarray:
    """A conv or pool layer's (m, n_H, n_W, n_C) as (n_H·n_W·n_C, m): a unit is one (h, w, c),
    as the engine counts dead ReLUs (engine/activations.saturation)."""
    return A.reshape(A.shape[0], -1).T if A.ndim == 4 else A


def histograms_html(session: Session, outputs=None) -> str:
    """The distribution of A[l] over the training set, per hidden layer."""
    net = session.net
    with np.errstate(all="ignore"):
        A = [_as_columns(A_l) for A_l in net.forward_all(session.dataset.X_train)[1:]]
    hidden = max(net.L - 1, 1)
    height = max(min(20 + 46 * hidden, HEIGHT), 30 + ROW * hidden)
    names = [g or "pool" for g in net.activations]  # a pool layer has no g
    return activation_histograms_svg(A[:hidden] if net.L > 1 else A, names,
                                     width=WIDTH, height=height,
                                     title="Distribution of A[l] (training set)",
                                     last_is_output=net.L == 1)


def share_html(session: Session, outputs=None) -> str:
    """The saturated (sigmoid, tanh) or dead (ReLU) share of each hidden layer, counted on
    the whole training set once per epoch (so a dead ReLU unit never seems to revive)."""
    net = session.net
    series, kinds = {}, set()
    for l in range(1, net.L):
        x, y = session.trainer.history.series(f"saturation{l}")  # once per epoch
        if len(x):
            kinds.add("Dead ReLU" if net.activations[l - 1] == "relu" else "Saturated")
            series[f"[{l}]"] = (x, y, colors.class_hex(l - 1))
    if not series:
        measured = any(g in ("sigmoid", "tanh", "relu") for g in net.activations[:-1])
        series = {"after the first epoch" if measured else "no sigmoid / tanh / relu layer":
                  ([], [], None)}
    title = f"{kinds.pop()} share of A[l]" if len(kinds) == 1 else "Saturated / dead share"
    return line_chart_svg(series, title=title, x_label="epoch", width=WIDTH, height=HEIGHT,
                          y_range=(0, 1), max_points=POINTS, percent=True)


def live_html(session: Session) -> str:
    return histograms_html(session) + share_html(session)
