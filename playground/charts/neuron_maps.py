"""Each neuron's activation over the input plane, as small images for the network diagram.

Give it the network's activations on `boundary.grid_points(bounds, resolution)` (after the
dataset's feature transform), e.g. `net.forward_all(dataset.transform(grid_points(...)))`:
a list [A0, A1, ..., AL] with A[l] of shape (n[l], h*w). Row j of A[l] reshaped to (h, w) is
neuron j's map, row 0 at the top (x2 max), like the boundary image.

Colour ranges follow the activation so a map means the same thing from frame to frame:
tanh [-1, 1]; sigmoid [0, 1] (0.5 is neutral). A softmax unit j is the probability of class j,
so its map goes from white (0) to class j's colour (1), the colours of the boundary plot.
Unbounded ones (ReLU, leaky ReLU, linear, the inputs) are scaled per neuron, symmetric around 0
by that neuron's largest |value| over the plane: the map shows WHERE a unit fires (a dead ReLU
is flat grey), not how strongly compared with its neighbours -- the histograms and the
inspector show magnitudes.
"""

import numpy as np

from playground.charts.colors import WHITE, class_table, diverging_rgb


def activation_range(values: np.ndarray, activation: str | None):
    """(vmin, vmax) of the diverging scale: floats, or (n, 1, 1) arrays for per-neuron scales.

    values: (n, h, w) maps of one layer.
    """
    if activation == "tanh":
        return -1.0, 1.0
    if activation in ("sigmoid", "softmax"):
        return 0.0, 1.0
    magnitude = np.abs(np.where(np.isfinite(values), values, 0.0))
    vmax = magnitude.max(axis=(1, 2), keepdims=True)
    vmax = np.where(vmax > 1e-12, vmax, 1.0)
    return -vmax, vmax


def neuron_maps(activations_on_grid, resolution, activation_names, max_units: int = 12):
    """List (per layer 0..L) of lists of uint8 (h, w, 3) images, at most max_units per layer.

    activation_names: the activations of layers 1..L (net.activations); layer 0 is the input.
    Only the first max_units neurons are coloured: the diagram draws no more than that.
    """
    h, w = (resolution, resolution) if np.isscalar(resolution) else resolution
    maps = []
    for l, A in enumerate(activations_on_grid):
        activation = None if l == 0 else activation_names[l - 1]
        shown = np.asarray(A, dtype=np.float64)[:max_units].reshape(-1, h, w)
        if activation == "softmax":
            maps.append(list(class_probability_rgb(shown, len(A))))
            continue
        vmin, vmax = activation_range(shown, activation)
        centred = (shown - vmin) / (vmax - vmin)  # 0..1 with the neutral grey at 0.5
        maps.append(list(diverging_rgb(centred, 0.0, 1.0)))  # one LUT call for the layer
    return maps


def class_probability_rgb(probabilities: np.ndarray, n_classes: int) -> np.ndarray:
    """(n, h, w) probabilities of classes 0..n-1 -> (n, h, w, 3) uint8, white to class colour."""
    p = np.clip(np.nan_to_num(probabilities, nan=0.0), 0.0, 1.0)[..., None]
    tint = class_table(n_classes)[: len(p)].astype(np.float64)[:, None, None, :]
    white = np.array(WHITE, np.float64)
    return (white + (tint - white) * p + 0.5).astype(np.uint8)
