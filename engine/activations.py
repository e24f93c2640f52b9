"""Activation functions, each next to its derivative.

Every activation is a small object with ``forward(Z) -> A`` and ``derivative(Z, A) -> g'(Z)``
(and ``backward(dA, Z, A) -> dZ = dA * g'(Z)``, which sigmoid and tanh do in one buffer).
The derivative receives the already computed ``A = g(Z)`` too, because the course's shortcuts
(``σ' = A(1 - A)``, ``tanh' = 1 - A²``) are both cheaper and what a student writes by hand.
All functions are stable for |z| up to 1e4: no overflow warnings, no NaN.
"""

from __future__ import annotations

import numpy as np


class _Activation:
    def backward(self, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        """dZ = dA * g'(Z): what backpropagation needs from an activation."""
        return dA * self.derivative(Z, A)


class Linear(_Activation):
    """g(z) = z;  g'(z) = 1."""

    name = "linear"
    bounds = None

    def forward(self, Z: np.ndarray) -> np.ndarray:
        return Z

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return np.ones_like(Z)


class Sigmoid(_Activation):
    """g(z) = 1 / (1 + e^(-z));  g'(z) = g(z) (1 - g(z)).

    Written with tanh (σ(z) = ½(1 + tanh(z/2))) so that no exponential can overflow.
    """

    name = "sigmoid"
    bounds = (0.0, 1.0)

    def forward(self, Z: np.ndarray) -> np.ndarray:
        return 0.5 * (1.0 + np.tanh(0.5 * Z))

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return A * (1.0 - A)

    def backward(self, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        """dZ = dA * A (1 - A), computed in one buffer (this runs every step)."""
        dZ = np.subtract(1.0, A)
        dZ *= A
        dZ *= dA
        return dZ


class Tanh(_Activation):
    """g(z) = (e^z - e^(-z)) / (e^z + e^(-z));  g'(z) = 1 - g(z)²."""

    name = "tanh"
    bounds = (-1.0, 1.0)

    def forward(self, Z: np.ndarray) -> np.ndarray:
        return np.tanh(Z)

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return 1.0 - A * A

    def backward(self, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        """dZ = dA * (1 - A²), computed in one buffer (this runs every step)."""
        dZ = np.multiply(A, A)
        np.subtract(1.0, dZ, out=dZ)
        dZ *= dA
        return dZ


class ReLU(_Activation):
    """g(z) = max(0, z);  g'(z) = 1 if z > 0 else 0 (the course takes g'(0) = 0)."""

    name = "relu"
    bounds = (0.0, None)

    def forward(self, Z: np.ndarray) -> np.ndarray:
        return np.maximum(Z, 0.0)

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return (Z > 0).astype(Z.dtype)


class LeakyReLU(_Activation):
    """g(z) = max(0.01 z, z);  g'(z) = 1 if z > 0 else 0.01."""

    name = "leaky_relu"
    bounds = None
    slope = 0.01

    def forward(self, Z: np.ndarray) -> np.ndarray:
        return np.where(Z > 0, Z, self.slope * Z)

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return np.where(Z > 0, 1.0, self.slope)


class Softmax(_Activation):
    """g(z)_i = e^(z_i) / Σ_j e^(z_j), over the units of each column (example).

    Subtracting the column maximum first leaves the result unchanged (softmax is invariant to
    adding a constant) and keeps every exponent ≤ 0, so nothing overflows. Its Jacobian is not
    needed: with categorical cross entropy the output gradient is simply dZ = A - Y.
    """

    name = "softmax"
    bounds = (0.0, 1.0)

    def forward(self, Z: np.ndarray) -> np.ndarray:
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        raise NotImplementedError("softmax goes with categorical cross entropy: dZ = A - Y")


ACTIVATIONS = {a.name: a for a in (Linear(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Softmax())}
HIDDEN_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")


def saturation(activation_name: str, Z: np.ndarray,
               A: np.ndarray) -> tuple[float | None, str | None]:
    """How much of a layer has stopped learning, and in which sense.

    Returns (share, kind): for sigmoid/tanh the share of activations within 0.01 of a bound
    ("saturated": g' ≈ 0 there); for relu the share of units that are 0 for every example in
    the batch ("dead": no gradient reaches them). (None, None) for activations without either.
    """
    if activation_name == "sigmoid":
        return float(np.count_nonzero((A < 0.01) | (A > 0.99))) / A.size, "saturated"
    if activation_name == "tanh":
        return float(np.count_nonzero(np.abs(A) > 0.99)) / A.size, "saturated"
    if activation_name == "relu":
        if Z.ndim == 4:  # a conv layer (m, n_H, n_W, n_C): a unit is one (h, w, c)
            Z = Z.reshape(Z.shape[0], -1).T
        dead_units = np.count_nonzero(~(Z > 0).any(axis=1))
        return dead_units / Z.shape[0], "dead"
    return None, None
