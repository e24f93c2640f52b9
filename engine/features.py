"""Input features computed from a point (x1, x2), and input normalization.

Features (TF Playground's seven, plus the two cosines), each a row of the network input:

    x1  x2  x1²  x2²  x1·x2  sin x1  sin x2  cos x1  cos x2

They are computed from the raw coordinates, then normalized the way the course teaches:

    μ = 1/m Σ x⁽ⁱ⁾,   σ² = 1/m Σ (x⁽ⁱ⁾ - μ)²,   x_norm = (x - μ) / σ

with μ and σ taken from the TRAINING set only and reused, unchanged, for the test set
and for the grid the decision boundary is drawn on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

_FORMULAS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, x2: np.sin(x1),
    "sin_x2": lambda x1, x2: np.sin(x2),
    "cos_x1": lambda x1, x2: np.cos(x1),
    "cos_x2": lambda x1, x2: np.cos(x2),
}

FEATURES: tuple[str, ...] = tuple(_FORMULAS)
"""Every feature name, in the order they are stacked into the network input."""

FEATURE_LABELS: dict[str, str] = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1x2": "x₁x₂",
    "sin_x1": "sin(x₁)",
    "sin_x2": "sin(x₂)",
    "cos_x1": "cos(x₁)",
    "cos_x2": "cos(x₂)",
}
"""How the page prints each feature."""

_NAMED: dict[str, str] = {
    "x1": "{a}",
    "x2": "{b}",
    "x1^2": "{a}^2",
    "x2^2": "{b}^2",
    "x1x2": "{a}·{b}",
    "sin_x1": "sin({a})",
    "sin_x2": "sin({b})",
    "cos_x1": "cos({a})",
    "cos_x2": "cos({b})",
}


def feature_names_for(keys: Iterable[str], input_names: tuple[str, str]) -> tuple[str, ...]:
    """The features in terms of named inputs: ("x1", "x1x2") of ("age", "income") ->
    ("age", "age·income"). A CSV's features carry its column names this way."""
    a, b = input_names
    return tuple(_NAMED[key].format(a=a, b=b) for key in select_features(keys))


def select_features(names: Iterable[str]) -> tuple[str, ...]:
    """Check a selection and put it in FEATURES order (so n_x rows never depend on click order)."""
    chosen = set(names)
    unknown = chosen.difference(FEATURES)
    if unknown:
        raise ValueError(
            f"Unknown feature(s) {', '.join(sorted(unknown))}; choose from {', '.join(FEATURES)}."
        )
    if not chosen:
        raise ValueError("Select at least one input feature.")
    return tuple(name for name in FEATURES if name in chosen)


def compute_features(points: np.ndarray, names: Iterable[str]) -> np.ndarray:
    """Map raw points (2, k) to the selected features (len(names), k), in FEATURES order."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[0] != 2:
        raise ValueError(f"Features are computed from points of shape (2, k); got {points.shape}.")
    x1, x2 = points
    return np.stack([_FORMULAS[name](x1, x2) for name in select_features(names)])


@dataclass(frozen=True, eq=False)
class Normalization:
    """Per-row statistics μ (n, 1) and σ (n, 1); apply(X) = (X - μ) / σ.

    A row whose σ is 0 (a constant input) keeps σ = 1, so it becomes 0 instead of nan.
    """

    mean: np.ndarray
    std: np.ndarray
    enabled: bool = True

    @classmethod
    def fit(cls, X: np.ndarray, enabled: bool = True) -> Normalization:
        """Statistics of X (n, m), one example per column; identity when not enabled."""
        n = X.shape[0]
        if not enabled:
            return cls(np.zeros((n, 1)), np.ones((n, 1)), enabled=False)
        mean = X.mean(axis=1, keepdims=True)
        std = X.std(axis=1, keepdims=True)
        # A constant row can come out with σ ≈ 1e-17 from rounding, not exactly 0.
        constant = std <= 1e-12 * np.maximum(1.0, np.abs(mean))
        return cls(mean, np.where(constant, 1.0, std), enabled=True)

    def apply(self, X: np.ndarray) -> np.ndarray:
        """(X - μ) / σ with the stored statistics."""
        if X.shape[0] != self.mean.shape[0]:
            raise ValueError(f"Expected {self.mean.shape[0]} input rows; got {X.shape[0]}.")
        if not self.enabled:
            return np.array(X, dtype=np.float64)
        return (X - self.mean) / self.std
