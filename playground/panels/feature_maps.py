"""The network diagram of a conv net: the feature maps of one test example, layer by layer
(playground/charts/feature_maps.py), in the live area where a dense net's diagram sits."""

from __future__ import annotations

import numpy as np

import engine
from playground.charts.feature_maps import feature_maps_html, feature_maps_svg
from playground.state import Session


def _layers(session: Session) -> list[dict]:
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


TITLE = "Feature maps of the first test example: one image per channel"


def frame_html(session: Session, outputs=None) -> str:
    """The feature maps in their cell of the live area."""
    return f"<div class='pg-network pg-features'>{feature_maps_html(_layers(session), TITLE)}</div>"


def svg(session: Session, width: int, height: int) -> str:
    """The feature maps as one standalone SVG (the export's network diagram of a conv net)."""
    return feature_maps_svg(_layers(session), TITLE, width, height)
