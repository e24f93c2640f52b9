"""The notes' vectorization experiment: one dot product of two million-element vectors, by a
Python for-loop and by np.dot, on the same numbers. Plain Python (no Streamlit), so a test
checks the results agree; how much faster np.dot is belongs to the machine, not to a test."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

N = 1_000_000  # the notes' vector length


@dataclass(frozen=True)
class DotTiming:
    loop: float  # Σ a_i·b_i summed one element at a time
    vectorized: float  # np.dot(a, b)
    loop_ms: float
    vectorized_ms: float

    @property
    def ratio(self) -> float:
        """How many times longer the loop took (np.dot's time floored at 1 ns)."""
        return self.loop_ms / max(self.vectorized_ms, 1e-6)

    @property
    def relative_difference(self) -> float:
        return abs(self.loop - self.vectorized) / max(abs(self.vectorized), 1e-300)


def loop_dot(a: np.ndarray, b: np.ndarray) -> float:
    total = 0.0
    for x, y in zip(a.tolist(), b.tolist(), strict=True):  # Python floats, as the notes time
        total += x * y
    return total


def time_dot(n: int = N, seed: int | None = None) -> DotTiming:
    """Both dot products of the same two random vectors, each timed once (~0.1-0.3 s loop)."""
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)
    start = time.perf_counter()
    looped = loop_dot(a, b)
    middle = time.perf_counter()
    vectorized = float(np.dot(a, b))
    end = time.perf_counter()
    return DotTiming(looped, vectorized, (middle - start) * 1e3, (end - middle) * 1e3)
