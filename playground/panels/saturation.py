"""Activation saturation: the share of saturated sigmoid/tanh activations (|g| within 0.01 of
a bound, where g' ≈ 0) or of dead ReLUs (0 for every example), per layer, over the steps."""

from __future__ import annotations

from playground.charts import colors
from playground.charts.line_chart import line_chart_svg
from playground.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def live_html(session: Session) -> str:
    net = session.net
    series = {}
    for l in range(1, net.L + 1):
        x, y = net.history.series(f"saturation{l}")
        if len(x):
            kind = "dead" if net.activations[l - 1] in ("relu",) else "sat."
            series[f"layer {l} {kind}"] = (x, y, colors.class_hex(l - 1))
    if not series:
        series = {"(no sigmoid/tanh/relu layer)": ([], [], None)}
    return line_chart_svg(series, title="Saturated / dead share", x_label="step",
                          width=WIDTH, height=HEIGHT, max_points=POINTS, y_range=(0, 1))
