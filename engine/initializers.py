"""Weight initializers: W[l] of shape (n[l], n[l-1]); biases always start at zero.

``zeros`` is here on purpose: it shows the symmetry problem (every hidden unit computes the
same function forever). ``random`` is the course's ``np.random.randn(n, n_prev) * 0.01``.
``identity`` is Le, Jaitly and Hinton's (2015) start for deep ReLU networks: each layer passes
its input through unchanged, so neither the signal nor the gradient shrinks with depth.
"""

from __future__ import annotations

import numpy as np


def zeros(n: int, n_prev: int, rng: np.random.Generator,
       scale: float | None = None) -> np.ndarray:
    return np.zeros((n, n_prev))


def random(n: int, n_prev: int, rng: np.random.Generator,
       scale: float | None = None) -> np.ndarray:
    """W = randn · 0.01 (or · scale): small, so tanh/sigmoid start in their steep middle."""
    return rng.standard_normal((n, n_prev)) * (0.01 if scale is None else scale)


def xavier(n: int, n_prev: int, rng: np.random.Generator,
       scale: float | None = None) -> np.ndarray:
    """W = randn · √(1/n[l-1]): keeps Var(z) ≈ Var(a_prev) for tanh layers."""
    return rng.standard_normal((n, n_prev)) * np.sqrt(1.0 / n_prev)


def he(n: int, n_prev: int, rng: np.random.Generator,
       scale: float | None = None) -> np.ndarray:
    """W = randn · √(2/n[l-1]): the factor 2 makes up for ReLU zeroing half of its inputs."""
    return rng.standard_normal((n, n_prev)) * np.sqrt(2.0 / n_prev)


def identity(n: int, n_prev: int, rng: np.random.Generator,
             scale: float | None = None) -> np.ndarray:
    """W = I where n[l] = n[l-1]. Otherwise the top-left min(n[l], n[l-1]) square is exactly I
    and every other entry is ``random``'s randn · 0.01 (or · scale), the very values ``random``
    would draw there: a wider layer's extra units start small but distinct (an all-zero row
    would never break their symmetry), a narrower layer keeps the first n[l] inputs.

    The draws are made for the whole matrix in every case, so a square layer consumes the
    generator exactly as ``random`` does and the layers after it see the same draws."""
    W = random(n, n_prev, rng, scale)
    shared = min(n, n_prev)
    W[:shared, :shared] = np.eye(shared)
    return W


INITIALIZERS = {"zeros": zeros, "random": random, "xavier": xavier, "he": he,
                "identity": identity}
