"""What a session looks like as the boundary, network and feature-map charts' arguments: the
helpers those panels and the downloads share (issue 23). Below all of them, so a download never
imports a panel; above charts/ (which never see a Session).
"""

from __future__ import annotations

import numpy as np

import engine
from playground.charts.feature_maps import feature_maps_svg as charts_feature_maps_svg
from playground.charts.network_diagram import network_svg
from playground.charts.neuron_maps import neuron_maps
from playground.session.state import GRID, Session

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


def feature_map_layers(session: Session) -> list[dict]:
    """The first test example's input and its conv / pool layers' A, as the chart takes them."""
    net, d = session.net, session.dataset
    X = d.X_test[:, :1] if d.X_test.shape[1] else d.X_train[:, :1]
    with np.errstate(all="ignore"):
        A = net.forward_all(X)
    layers = [{"A": X[:, 0].reshape(net.layer_shapes[0]), "name": "A[0] = X",
               "what": "input", "l": 0}]
    for l, layer in enumerate(net.spec["layers"], start=1):
        kind = layer.get("type", "dense")
        if kind == "dense":
            break
        what = f"conv, {layer['activation']}" if kind == "conv" else f"{layer['mode']} pool"
        layers.append({"A": A[l][0], "name": f"A[{l}]", "what": what, "l": l,
                       "W": net.parameters[f"W{l}"] if kind == "conv" else None})
        if l == 1 and kind == "conv":  # its units' receptive fields in the input, on hover
            layers[-1]["window"] = {"size": layer["size"], "stride": layer["stride"],
                                    "padding": engine.spec.conv_padding(layer)}
    return layers


FEATURE_MAPS_TITLE = "Feature maps of the first test example: one image per channel"


def feature_maps_svg(session: Session, width: int, height: int) -> str:
    """The feature maps as one standalone SVG (the export's network diagram of a conv net)."""
    return charts_feature_maps_svg(feature_map_layers(session), FEATURE_MAPS_TITLE, width, height)
