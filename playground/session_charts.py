"""What a session looks like as the boundary and network charts' arguments: the helpers the
boundary and network panels and the downloads share (issue 23). Below all three, so a download
never imports a panel; above charts/ (which never see a Session).
"""

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


def network_html(session: Session, outputs: list[np.ndarray] | None, width: int = WIDTH,
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



def grid_values(session: Session, AL: np.ndarray) -> np.ndarray:
    """AL on the grid, shaped for boundary_image: (h, w), or (K, h, w) for multi-class."""
    if session.dataset.problem == "multiclass":
        return AL.reshape(-1, GRID, GRID)
    return AL.reshape(GRID, GRID)


def title(session: Session) -> str:
    problem = session.dataset.problem
    if problem == "regression":
        return "Predicted surface ŷ(x1, x2)"
    if problem == "multiclass":
        return "Predicted class (lighter = less sure)"
    return "Output a[L] = P(class 1)"


def value_range(session: Session) -> float | None:
    """The regression colour scale's half-width (the largest |target|); None otherwise."""
    d = session.dataset
    if d.problem != "regression":
        return None
    return float(max(np.abs(d.labels_train).max(initial=0), np.abs(d.labels_test).max(initial=0))
                 or 1.0)
