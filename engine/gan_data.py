"""What a 2-D GAN learns from and starts from: real distributions, the generator's noise, and a
count of the mixture's modes that generated points reach (mode collapse made visible).

    real_points(name, n, seed) -> (2, n)     "ring", "moons", "mixture" (8 Gaussians), "line"
    noise(m, dims, kind, rng)  -> (dims, m)  z ~ U(-1, 1) or N(0, 1), dims 1 or 2
    mode_counts(points)        -> (8,)       generated points within 3σ of each mixture mode

Same arguments, bit-identical arrays: everything is drawn from np.random.default_rng(seed)
(the moons from scikit-learn with random_state=seed). All four sit in about [-2.5, 2.5]².
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.checks import as_columns

MAX_POINTS = 10_000
REAL_DISTRIBUTIONS = ("ring", "moons", "mixture", "line")
NOISE_KINDS = ("uniform", "gaussian")

RING_RADIUS, RING_STD = 2.0, 0.05
MIXTURE_RADIUS, MIXTURE_STD, MIXTURE_MODES = 2.0, 0.1, 8
LINE_ENDS, LINE_STD = ((-2.0, -1.0), (2.0, 1.0)), 0.03
MOONS_STD = 0.05  # in make_moons' units, before the ×1.5 about its centre

# The 8 modes, evenly on a circle (angle 2πk/8): adjacent ones 1.53 apart, 15σ.
MIXTURE_CENTRES = MIXTURE_RADIUS * np.stack([
    np.cos(2 * np.pi * np.arange(MIXTURE_MODES) / MIXTURE_MODES),
    np.sin(2 * np.pi * np.arange(MIXTURE_MODES) / MIXTURE_MODES)])
NEAR = 3 * MIXTURE_STD  # "near a mode": within 3σ (99% of its own points in 2-D: 98.9%)


def _checked_count(name, value, lowest=1, highest=MAX_POINTS):
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not lowest <= value <= highest):
        raise ValueError(f"{name} must be a whole number from {lowest} to {highest:,}, got "
                         f"{value!r}")
    return int(value)


def real_points(name: str, n: int = 500, seed: int = 0) -> np.ndarray:
    """n points (2, n) of the real distribution ``name`` (REAL_DISTRIBUTIONS)."""
    if name not in REAL_DISTRIBUTIONS:
        raise ValueError(f"unknown real distribution {name!r}; choose one of "
                         f"{', '.join(REAL_DISTRIBUTIONS)}")
    n = _checked_count("n", n)
    seed = _checked_count("seed", seed, 0, 2**32 - 1)
    rng = np.random.default_rng(seed)
    if name == "ring":
        angle = rng.uniform(0, 2 * np.pi, n)
        radius = RING_RADIUS + RING_STD * rng.normal(size=n)
        return radius * np.stack([np.cos(angle), np.sin(angle)])
    if name == "mixture":
        mode = rng.integers(0, MIXTURE_MODES, n)
        return MIXTURE_CENTRES[:, mode] + MIXTURE_STD * rng.normal(size=(2, n))
    if name == "line":
        start, end = np.array(LINE_ENDS[0])[:, None], np.array(LINE_ENDS[1])[:, None]
        return start + (end - start) * rng.random(n) + LINE_STD * rng.normal(size=(2, n))
    from sklearn.datasets import make_moons  # lazy: importing sklearn costs about a second

    points, _ = make_moons(n_samples=n, noise=MOONS_STD, random_state=seed)
    return 1.5 * (points.T - np.array([[0.5], [0.25]]))


def given_points(points) -> np.ndarray:
    """Points a caller gives (a student drew them: an array or nested lists) as (2, m) floats,
    m from 1 to 10,000; a ValueError naming what is wrong otherwise (text, NaN, a shape)."""
    if isinstance(points, list | tuple):  # clicks arrive as lists
        try:
            points = np.asarray(points)
        except ValueError:  # ragged
            raise ValueError("points must be 2 rows of equally many numbers") from None
    points = as_columns("points", points, 2, "2")
    _checked_count("the number of points", points.shape[1])
    return np.asarray(points, dtype=np.float64)


def noise(m: int, dims: int = 2, kind: str = "gaussian",
          rng: np.random.Generator | None = None) -> np.ndarray:
    """The generator's input z (dims, m): ``kind`` "uniform" U(-1, 1) or "gaussian" N(0, 1),
    dims 1 (G bends a line into the plane) or 2."""
    if kind not in NOISE_KINDS:
        raise ValueError(f"noise kind must be one of {', '.join(NOISE_KINDS)}, got {kind!r}")
    if isinstance(dims, bool) or not isinstance(dims, numbers.Integral) or dims not in (1, 2):
        raise ValueError(f"noise dims must be 1 or 2, got {dims!r}")
    m = _checked_count("m", m)
    rng = np.random.default_rng() if rng is None else rng
    if kind == "uniform":
        return rng.uniform(-1.0, 1.0, (dims, m))
    return rng.normal(size=(dims, m))


def mode_counts(points: np.ndarray, centres: np.ndarray = MIXTURE_CENTRES,
                radius: float = NEAR) -> np.ndarray:
    """How many of ``points`` (2, m) lie within ``radius`` of each centre, (k,)."""
    distances = np.linalg.norm(points[:, None, :] - centres[:, :, None], axis=0)
    return (distances <= radius).sum(axis=1)


def modes_covered(points: np.ndarray, centres: np.ndarray = MIXTURE_CENTRES,
                  radius: float = NEAR, min_share: float = 0.01) -> int:
    """The modes "found": those with at least ``min_share`` of the points near them (one
    stray point passing by does not find a mode)."""
    counts = mode_counts(points, centres, radius)
    return int(np.count_nonzero(counts >= max(1, min_share * points.shape[1])))
