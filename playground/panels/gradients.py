"""Gradient flow: ||dW[l]|| per layer over the steps on a log scale (vanishing gradients sink,
exploding ones climb), and the update ratio ||ΔW[l]|| / ||W[l]|| (about 1e-3 is healthy)."""

from __future__ import annotations

from playground.charts import colors
from playground.charts.line_chart import line_chart_svg
from playground.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def _series(session: Session, prefix: str) -> dict:
    net = session.net
    return {f"layer {l}": (*net.history.series(f"{prefix}{l}"), colors.class_hex(l - 1))
            for l in range(1, net.L + 1)}


def live_html(session: Session) -> str:
    return (line_chart_svg(_series(session, "dW_norm"), log_y=True, title="||dW[l]|| (log)",
                           x_label="step", width=WIDTH, height=HEIGHT, max_points=POINTS)
            + line_chart_svg(_series(session, "update_ratio"), log_y=True,
                             title="||ΔW[l]|| / ||W[l]|| (log)", x_label="step", width=WIDTH,
                             height=HEIGHT, max_points=POINTS))
