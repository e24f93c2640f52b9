"""The network diagram (TF Playground's signature): every neuron shows its own output over
the input plane; edges are blue for w > 0, orange for w < 0, thicker for larger |w|; hovering
an edge, a neuron or its bias square shows the value."""

from __future__ import annotations

import numpy as np

import engine
from playground.charts.network_diagram import network_svg
from playground.charts.neuron_maps import neuron_maps
from playground.state import GRID, Session

WIDTH = 560
HEIGHT = 360
MAP = GRID // 2  # neuron maps are drawn ~36 px wide: every other grid point is enough


def input_labels(dataset) -> list[str]:
    """One label per row of X: the engine's label of a computed feature (x₁², sin(x₁)), else
    the name itself (a CSV column, a pixel)."""
    return [engine.FEATURE_LABELS.get(name, name) for name in dataset.feature_names]


def live_html(session: Session, outputs: list[np.ndarray] | None, width: int = WIDTH,
              height: int = HEIGHT) -> str:
    net = session.net
    selected = session.selected  # set by the inspector's "Neuron j"
    if selected is not None and (selected[0] > net.L or selected[1] > net.layer_sizes[
            selected[0]]):
        selected = None  # the architecture changed since it was picked
    images = None
    if outputs is not None:
        coarse = [A.reshape(A.shape[0], GRID, GRID)[:, ::2, ::2].reshape(A.shape[0], -1)
                  for A in outputs]
        images = neuron_maps(coarse, MAP, net.activations)
    return network_svg(net.layer_sizes, net.activations, net.parameters, neuron_images=images,
                       input_names=input_labels(session.dataset), selected=selected,
                       width=width, height=height)


def frame_html(session: Session, outputs: list[np.ndarray] | None) -> str:
    """The diagram in its cell of the live area."""
    return f"<div class='pg-network'>{live_html(session, outputs)}</div>"
