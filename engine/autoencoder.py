"""An autoencoder: a network trained to give back its input through a narrow layer, the code.

    X (n_x, m) -> encoder -> code A[c] (2, m) -> decoder -> X̂ = A[L] (n_x, m)
    J = 1/(2m) Σ ||x̂ - x||²          (mean squared error, a linear output: the targets are X)

The problem is "autoencoder" (engine.training.AUTOENCODER): Y = X, no accuracy. With linear
activations throughout, the best code spans the same subspace as PCA's first principal
components (Baldi & Hornik 1989), though not the components themselves: any invertible mix
of them reconstructs as well.
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.network import Network
from engine.training import AUTOENCODER, ArrayData

CODE_UNITS = 2  # a code the page can draw as a scatter


def autoencoder_spec(n_x: int, hidden: tuple[int, ...] = (), code_units: int = CODE_UNITS,
                     activation: str = "linear", **spec) -> dict:
    """The spec of an n_x - hidden - code - reversed(hidden) - n_x autoencoder: every hidden
    layer and the code with ``activation``, the output linear with mean squared error. Any
    other spec key (seed, init, optimizer, l2, ...) passes through to Network.from_spec."""
    for name, value in (("n_x", n_x), ("code_units", code_units), *(
            ("hidden", units) for units in hidden)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a whole number ≥ 1, got {value!r}")
    widths = [*hidden, code_units, *reversed(hidden)]
    layers = [{"units": int(units), "activation": activation} for units in widths]
    layers.append({"units": int(n_x), "activation": "linear"})
    return {**spec, "n_x": int(n_x), "layers": layers, "loss": "mean_squared_error"}


def autoencoder_data(X: np.ndarray, X_test: np.ndarray | None = None) -> ArrayData:
    """(X, X) with the problem "autoencoder", for Network.fit's data or engine.Trainer."""
    return ArrayData(X, X, AUTOENCODER, X_test=X_test, Y_test=X_test)


def code_layer(net: Network) -> int:
    """l of the code: the narrowest hidden layer (the first of equals), the bottleneck."""
    if net.L < 2:
        raise ValueError("an autoencoder needs a hidden layer for its code; this network has "
                         "only its output layer")
    widths = net.layer_sizes[1:net.L]
    return 1 + widths.index(min(widths))


def codes(net: Network, X: np.ndarray) -> np.ndarray:
    """The code A[c] (code_units, m) of each column of X, in inference mode."""
    return net.forward_all(X)[code_layer(net)]


def reconstructions(net: Network, X: np.ndarray) -> np.ndarray:
    """X̂ = A[L] (n_x, m): each input as the autoencoder gives it back."""
    return net.predict(X)
