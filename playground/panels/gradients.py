"""Gradient flow: ||dW[l]|| against the layer index l for the latest step (the classic
vanishing-gradient picture), ||dW[l]|| per layer over the steps on a log scale (vanishing
gradients sink, exploding ones climb), and the update ratio ||ΔW[l]|| / ||W[l]|| (about 1e-3
is healthy). A norm of exactly 0 is drawn as 0, not dropped."""

from __future__ import annotations

from playground.charts import colors
from playground.charts.gradient_flow import layer_norms_svg
from playground.charts.line_chart import line_chart_svg
from playground.session.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def _with_weights(session: Session) -> list[int]:
    """The layers l that have a W[l] (a pool layer has none, so no dW[l] to draw)."""
    return [l for l, layer in enumerate(session.net.spec["layers"], start=1)
            if layer.get("type") != "pool"]


def _series(session: Session, prefix: str) -> dict:
    net = session.net
    return {f"[{l}]": (*net.history.series(f"{prefix}{l}"), colors.class_hex(l - 1))
            for l in _with_weights(session)}


def _latest(session: Session, field: str) -> dict | None:
    """The legend's values: the latest step's own numbers (the history keeps every k-th)."""
    record = session.net.latest
    if record is None:
        return None
    weighted = set(_with_weights(session))
    return {f"[{layer.l}]": getattr(layer, field) for layer in record.layers
            if layer.l in weighted}


def flow_html(session: Session, outputs=None) -> str:
    """||dW[l]|| against l for the latest step."""
    record = session.net.latest
    norms = ([layer.dW_norm for layer in record.layers] if record is not None
             else [None] * session.net.L)
    return layer_norms_svg(norms, width=WIDTH, height=HEIGHT,
                           step=record.step if record is not None else None)


def norms_html(session: Session, outputs=None) -> str:
    """||dW[l]|| per layer over the steps."""
    return line_chart_svg(_series(session, "dW_norm"), log_y=True, title="||dW[l]|| (log)",
                          x_label="step", width=WIDTH, height=HEIGHT, max_points=POINTS,
                          latest=_latest(session, "dW_norm"))


def ratio_html(session: Session, outputs=None) -> str:
    """The update ratio ||ΔW[l]|| / ||W[l]|| per layer over the steps."""
    return line_chart_svg(_series(session, "update_ratio"), log_y=True,
                          title="||ΔW[l]|| / ||W[l]|| (log)", x_label="step", width=WIDTH,
                          height=HEIGHT, max_points=POINTS,
                          latest=_latest(session, "update_ratio"))


def live_html(session: Session) -> str:
    return flow_html(session) + norms_html(session) + ratio_html(session)
