"""Costs J(AL, Y), averaged over the m examples, and the gradient they send into the output layer.

Convention (the course's): ``output_dZ`` returns dZ[L] for ONE example per column, without the
1/m; the 1/m appears in dW = (1/m) dZ A_prev^T and db = (1/m) Σ dZ.
"""

from __future__ import annotations

import numpy as np

# Probabilities are clipped this far from 0 and 1 inside the logarithm, so a saturated output
# gives a large finite cost (about 34.5 per example) instead of inf or NaN.
_EPS = 1e-15
# How far a target distribution's column sum may be from 1: rounding of k terms (1/3 · 3),
# never a real error.
DISTRIBUTION_TOLERANCE = 1e-9


class BinaryCrossEntropy:
    """J = -(1/m) Σ [y log a + (1 - y) log(1 - a)];  with a sigmoid output, dZ = A - Y."""

    name = "binary_cross_entropy"
    output_activations = ("sigmoid",)

    def check_targets(self, Y: np.ndarray) -> None:
        """Binary labels are 0 or 1 (a probability in between is a soft label)."""
        if Y.size and (Y.min() < 0 or Y.max() > 1):
            bad = Y[(Y < 0) | (Y > 1)][0]
            raise ValueError(f"Y for binary cross entropy must hold labels 0 or 1, got {bad:g}")

    def cost(self, AL: np.ndarray, Y: np.ndarray) -> float:
        A = AL.clip(_EPS, 1.0 - _EPS)
        m = Y.shape[1]
        return float(-(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)).sum() / m)

    def cost_from_logits(self, ZL: np.ndarray, Y: np.ndarray) -> float:
        """The same cost from Z[L] of a sigmoid output, exact where the clipped version caps:
        -[y log σ(z) + (1 - y) log(1 - σ(z))] = log(1 + e^z) - y z."""
        return (float(np.logaddexp(0.0, ZL).sum()) - float(np.vdot(Y, ZL))) / Y.shape[1]

    def output_dZ(self, AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray,
                  activation) -> np.ndarray:
        return AL - Y


class CategoricalCrossEntropy:
    """J = -(1/m) Σ_examples Σ_classes y log a;  with a softmax output, dZ = A - Y."""

    name = "categorical_cross_entropy"
    output_activations = ("softmax",)

    def check_targets(self, Y: np.ndarray) -> None:
        """Each column one-hot (a single 1, the class), or a distribution over the classes
        where a question has several right answers (Hinton's family trees: ½ on each of two
        aunts): entries in [0, 1] summing to 1. dZ = A - Y holds for either, since Σ y = 1."""
        outside = (Y < 0) | (Y > 1)
        if outside.any():
            raise ValueError("Y for categorical cross entropy must be one-hot (0 or 1 in each "
                             "column) or a distribution over the classes (each column in "
                             f"[0, 1], summing to 1), got the value {Y[outside][0]:g}")
        sums = Y.sum(axis=0)
        wrong = np.abs(sums - 1) > DISTRIBUTION_TOLERANCE
        if wrong.any():
            column = int(np.argmax(wrong))
            if np.isin(Y[:, column], (0, 1)).all():
                raise ValueError("Y for categorical cross entropy must be one-hot: column "
                                 f"{column} holds {int(sums[column])} ones instead of exactly 1")
            raise ValueError("Y for categorical cross entropy must be one-hot or a "
                             f"distribution: column {column} sums to {sums[column]:g}, not 1")

    def cost(self, AL: np.ndarray, Y: np.ndarray) -> float:
        m = Y.shape[1]
        return float(-(Y * np.log(AL.clip(_EPS, 1.0))).sum() / m)

    def cost_from_logits(self, ZL: np.ndarray, Y: np.ndarray) -> float:
        """From Z[L] of a softmax output: -Σ y log softmax(z) = log Σ_j e^(z_j) - Σ y z
        (with the column maximum taken out of the exponent, so nothing overflows)."""
        top = ZL.max(axis=0, keepdims=True)
        log_sum = np.log(np.exp(ZL - top).sum(axis=0, keepdims=True)) + top
        return float((log_sum.sum() - (Y * ZL).sum()) / Y.shape[1])

    def output_dZ(self, AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray,
                  activation) -> np.ndarray:
        return AL - Y


class MeanSquaredError:
    """J = 1/(2m) Σ (a - y)²;  dA = A - Y, so dZ = (A - Y) * g'(Z)."""

    name = "mean_squared_error"
    output_activations = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")

    def check_targets(self, Y: np.ndarray) -> None:
        """Any finite target (finiteness is checked with the shape)."""

    def cost(self, AL: np.ndarray, Y: np.ndarray) -> float:
        m = Y.shape[1]
        D = AL - Y
        return float(np.vdot(D, D) / (2.0 * m))

    def output_dZ(self, AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray,
                  activation) -> np.ndarray:
        return (AL - Y) * activation.derivative(ZL, AL)


LOSSES = {loss.name: loss for loss in (BinaryCrossEntropy(), CategoricalCrossEntropy(),
                                       MeanSquaredError())}
