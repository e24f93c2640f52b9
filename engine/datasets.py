"""Seeded data-set generators and the registry the page lists them from.

    make_dataset(name, n=500, noise=0.0, seed=0, n_classes=None) -> RawData

Same arguments give bit-identical arrays: every generator draws from
np.random.default_rng(seed), or passes random_state=seed to scikit-learn.

`noise` is a fraction in [0, 0.5] (TF Playground's 0-50 %), mapped per data set:

    circle            make_circles(factor=0.5) scaled to radius 5:  Gaussian jitter σ = 2·noise
    xor               TF Playground: label taken at (x + u), u ~ U(-5, 5)²·noise, point kept at x
    gaussians         make_blobs at (2, 2), (-2, -2): variance 0.5 + 7·noise (TF: 0.5 → 4)
    spiral            TF Playground: uniform jitter U(-1, 1)·noise on each coordinate
    moons             make_moons(noise=0.6·noise) scaled ×3 about its centre:  σ = 1.8·noise
    flower            course week 3: σ_θ = σ_r = noise (the exercise's 0.2 is noise 20 %)
    blobs             make_blobs, K centres on a circle of radius 4: variance 0.5 + 7·noise
    spiral_arms       as spiral, K arms
    coffee            label taken at (T + u_T, t + u_t), u ~ U(-1, 1)·noise·half the axis range
    digits            Gaussian pixel noise σ = 8·noise, clipped to the pixel range [0, 16]
    ecg               Gaussian noise σ = noise on each time step (the R peak is about 1 high)
    plane             TF Playground: target taken at (x + u), u ~ U(-6, 6)²·noise
    gaussian_mixture  TF Playground: same label jitter as plane

"Label taken at a jittered position" (TF Playground's scheme) flips labels near the
boundary while the points stay where they were drawn; the others move the points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from engine.rawdata import RawData

MAX_EXAMPLES = 10_000
MIN_EXAMPLES = 10
MAX_NOISE = 0.5
CLASS_CHOICES = (3, 4, 5)
DIGITS_COUNT = 1797  # scikit-learn's bundled copy of the UCI 8×8 digits

PLANE = ("x1", "x2")
TF_WINDOW = (-6.0, 6.0, -6.0, 6.0)  # TF Playground's view of the plane
COFFEE_TEMPERATURE = (150.0, 285.0)  # °C
COFFEE_DURATION = (11.5, 15.5)  # minutes


@dataclass(frozen=True)
class DatasetInfo:
    """What the page needs to offer a data set.

    n_classes      fixed number of classes, the default K for multi-class sets, 0 for regression.
    class_choices  the K the caller may pass as n_classes (empty when it is fixed).
    max_examples   the most examples the set can return (10,000; 1,797 for digits).
    input_shape    (n_H, n_W, n_C) when each example is an image or a signal, for a network's
                   conv layers (its spec's "input_shape"); None for points.
    """

    name: str
    title: str
    problem: str
    n_classes: int
    two_d: bool
    description: str
    input_names: tuple[str, ...] = PLANE
    class_choices: tuple[int, ...] = ()
    max_examples: int = MAX_EXAMPLES
    input_shape: tuple[int, int, int] | None = None  # (n_H, n_W, n_C) of images and signals


Generator = Callable[[int, float, int, int], tuple[np.ndarray, np.ndarray]]
"""(n, noise, seed, n_classes) -> (points (d, n) float64, labels (n,))"""


# ---------------------------------------------------------------- binary, 2-D


def _circle(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Two rings, radius 2.5 ("inside", 1) and 5 ("outside", 0): round for x1², x2²."""
    from sklearn.datasets import make_circles  # lazy: importing sklearn costs about a second

    X, y = make_circles(n_samples=n, noise=0.4 * noise, factor=0.5, random_state=seed)
    return 5.0 * X.T, y.astype(np.int64)


def _xor(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants: positive (1) where x1·x2 >= 0, at least 0.3 away from each axis."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-5.0, 5.0, size=(2, n))
    points += np.where(points > 0, 0.3, -0.3)  # TF Playground's padding off the axes
    jittered = points + rng.uniform(-5.0, 5.0, size=(2, n)) * noise
    labels = (jittered[0] * jittered[1] >= 0).astype(np.int64)
    return points, labels


def _gaussians(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Two round Gaussians at (-2, -2) (negative, 0) and (2, 2) (positive, 1)."""
    from sklearn.datasets import make_blobs

    std = np.sqrt(0.5 + 7.0 * noise)
    X, y = make_blobs(
        n_samples=n, centers=[[-2.0, -2.0], [2.0, 2.0]], cluster_std=std, random_state=seed
    )
    return X.T, y.astype(np.int64)


def _spiral_points(n: int, noise: float, seed: int, arms: int) -> tuple[np.ndarray, np.ndarray]:
    """`arms` interleaved spirals: r = 5u, θ = 1.75·2π·u + 2πk/arms, u ~ U(0, 1).

    TF Playground spaces u evenly; drawing it keeps "new seed" meaningful at noise 0.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % arms
    u = rng.random(n)
    r = 5.0 * u
    theta = 1.75 * 2.0 * np.pi * u + 2.0 * np.pi * labels / arms
    points = np.stack([r * np.sin(theta), r * np.cos(theta)])
    points += rng.uniform(-1.0, 1.0, size=(2, n)) * noise
    order = rng.permutation(n)  # interleave the classes so no colour is drawn on top of the rest
    return points[:, order], labels[order].astype(np.int64)


def _spiral(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """TF Playground's two-arm spiral."""
    return _spiral_points(n, noise, seed, 2)


def _moons(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's), centred and scaled ×3.

    Upper moon (0): unit circle about (0, 0); lower moon (1): unit circle about (1, 0.5).
    """
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=0.6 * noise, random_state=seed)
    return 3.0 * (X.T - np.array([[0.5], [0.25]])), y.astype(np.int64)


def _flower(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """The course's week-3 "planar flower" (load_planar_dataset), both classes on a rose.

        θ = angle + N(0, σ²),  r = a·sin(4θ) + N(0, σ²),  point = (r sin θ, r cos θ),  a = 4

    Class j takes angles in [jπ, (j+1)π]. `a` is the largest radius (the petal length, not
    the petal count: sin 4θ draws 8 petals). Two fixes to the exercise: the class ranges
    meet at π rather than 3.12, and angles are drawn uniformly rather than by linspace,
    so a new seed gives a new flower even at noise 0.
    """
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) >= n // 2).astype(np.int64)
    theta = np.pi * (labels + rng.random(n)) + rng.standard_normal(n) * noise
    r = 4.0 * np.sin(4.0 * theta) + rng.standard_normal(n) * noise
    points = np.stack([r * np.sin(theta), r * np.cos(theta)])
    order = rng.permutation(n)
    return points[:, order], labels[order]


# ---------------------------------------------------------------- multi-class, 2-D


def _blobs(n: int, noise: float, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """K round Gaussians with centres evenly spaced on a circle of radius 4."""
    from sklearn.datasets import make_blobs

    angles = np.pi / 2 + 2.0 * np.pi * np.arange(k) / k
    centers = 4.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    std = np.sqrt(0.5 + 7.0 * noise)
    X, y = make_blobs(n_samples=n, centers=centers, cluster_std=std, random_state=seed)
    return X.T, y.astype(np.int64)


def _spiral_arms(n: int, noise: float, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """K interleaved spiral arms (the softmax version of spiral)."""
    return _spiral_points(n, noise, seed, k)


# ---------------------------------------------------------------- the course's examples


def coffee_is_good(temperature: np.ndarray, duration: np.ndarray) -> np.ndarray:
    """The course lab's good-roast region, a triangle in (°C, min):

        175 < T < 260  and  12 < t < 15  and  t <= 21 - 3T/85

    Too cool or too short is undercooked, too hot or too long is overcooked.
    About 21 % of the sampling rectangle is good.
    """
    return (
        (temperature > 175.0)
        & (temperature < 260.0)
        & (duration > 12.0)
        & (duration < 15.0)
        & (duration <= 21.0 - 3.0 * temperature / 85.0)
    )


def _coffee(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Roasts drawn uniformly over 150–285 °C × 11.5–15.5 min, labelled good (1) or bad (0)."""
    rng = np.random.default_rng(seed)
    low = np.array([[COFFEE_TEMPERATURE[0]], [COFFEE_DURATION[0]]])
    span = np.array([[np.diff(COFFEE_TEMPERATURE)[0]], [np.diff(COFFEE_DURATION)[0]]])
    points = low + span * rng.random((2, n))
    jittered = points + rng.uniform(-1.0, 1.0, size=(2, n)) * noise * span / 2
    return points, coffee_is_good(jittered[0], jittered[1]).astype(np.int64)


@lru_cache(maxsize=1)
def _digit_images() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's load_digits, read from disk once (about 20 ms) and kept read-only."""
    from sklearn.datasets import load_digits

    images, digits = load_digits(return_X_y=True)
    images, digits = images.T.copy(), digits.astype(np.int64)
    images.flags.writeable = False
    digits.flags.writeable = False
    return images, digits


def _digits(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """min(n, 1,797) distinct 8×8 images as (64, m) pixel values in [0, 16], seeded choice."""
    images, digits = _digit_images()
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(images.shape[1])[: min(n, images.shape[1])]
    points = images[:, chosen]  # fancy indexing copies, the cache stays untouched
    if noise > 0:
        points = np.clip(points + rng.standard_normal(points.shape) * 8.0 * noise, 0.0, 16.0)
    return points, digits[chosen]


ECG_STEPS = 100  # time steps of one heartbeat window
ECG_SHAPE = (1, ECG_STEPS, 1)  # a signal is an image one row high


def _bump(t: np.ndarray, centre, width, height) -> np.ndarray:
    """height · exp(-((t − centre) / width)² / 2), one row per example."""
    return height * np.exp(-0.5 * ((t - centre) / width) ** 2)


def _ecg(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic heartbeats, 100 time steps each, normal (0) or abnormal (1), half of each.

    Normal: a small P wave, a narrow QRS complex (Q dip, tall R spike, S dip) and an upright
    T wave. Abnormal (shaped like a premature ventricular beat): no P wave, a wide, tall QRS
    and an inverted T wave. Every beat has its own timing (±15 steps), height (±15 %) and
    width, so even at noise 0 no two examples are equal; noise adds N(0, noise²) per step.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % 2).astype(np.int64)
    t = np.arange(ECG_STEPS, dtype=np.float64)[None, :]
    shift = rng.uniform(-15.0, 15.0, (n, 1))
    scale = rng.uniform(0.85, 1.15, (n, 1))
    stretch = rng.uniform(0.85, 1.15, (n, 1))
    r = 45.0 + shift  # the R peak's time step
    abnormal = labels[:, None] == 1
    normal = (_bump(t, r - 22.0 * stretch, 3.0 * stretch, 0.15)  # P
              + _bump(t, r - 3.0, 1.2, -0.15) + _bump(t, r, 1.5, 1.0)  # Q, R
              + _bump(t, r + 3.0, 1.2, -0.25)  # S
              + _bump(t, r + 25.0 * stretch, 5.0 * stretch, 0.3))  # T
    wide = (_bump(t, r, 4.5 * stretch, 1.1) + _bump(t, r + 7.0 * stretch, 3.0, -0.35)
            + _bump(t, r + 26.0 * stretch, 6.0 * stretch, -0.3))  # wide QRS, inverted T
    signal = scale * np.where(abnormal, wide, normal)
    signal += rng.standard_normal(signal.shape) * noise
    return signal.T, labels


# ---------------------------------------------------------------- regression, 2-D


def _label_jitter(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Uniform points on TF Playground's [-6, 6]² and the jittered positions labels are read at."""
    points = rng.uniform(-6.0, 6.0, size=(2, n))
    jittered = points + rng.uniform(-6.0, 6.0, size=(2, n)) * noise
    return points, jittered


def _plane(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Target y = (x1 + x2) / 10, within [-1.2, 1.2] at noise 0 (TF Playground's plane)."""
    points, jittered = _label_jitter(n, noise, np.random.default_rng(seed))
    return points, (jittered[0] + jittered[1]) / 10.0


GAUSSIAN_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)
"""(centre x1, centre x2, sign) of TF Playground's six bumps."""


def _gaussian_mixture(n: int, noise: float, seed: int, _k: int) -> tuple[np.ndarray, np.ndarray]:
    """Six ±bumps: y = the bump value of largest magnitude, bump = ±max(0, 1 - distance/2).

    The target lies in [-1, 1] and is 0 far from every centre.
    """
    points, jittered = _label_jitter(n, noise, np.random.default_rng(seed))
    centres, signs = GAUSSIAN_BUMPS[:, :2, None], GAUSSIAN_BUMPS[:, 2:]
    distance = np.sqrt(((jittered[None] - centres) ** 2).sum(axis=1))  # (6, n)
    bumps = signs * np.clip(1.0 - distance / 2.0, 0.0, 1.0)
    strongest = np.abs(bumps).argmax(axis=0)  # first bump wins ties, as TF Playground's loop
    return points, bumps[strongest, np.arange(n)]


# ---------------------------------------------------------------- registry


def _binary(name: str, title: str, description: str, **extra) -> DatasetInfo:
    return DatasetInfo(name, title, "binary", 2, True, description, **extra)


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        _binary("circle", "Circle", "A ring of points around a disc."),
        _binary("xor", "XOR", "Four quadrants: positive where x1 and x2 have the same sign."),
        _binary("gaussians", "Two Gaussians", "Two round clouds; a straight line separates them."),
        _binary("spiral", "Spiral", "Two interleaved spiral arms."),
        _binary("moons", "Moons", "Two interleaving half circles."),
        _binary("flower", "Planar flower", "The petal data set of the course's week 3."),
        DatasetInfo(
            "blobs", "Gaussian blobs", "multiclass", 3, True,
            "K round clouds around a circle.", class_choices=CLASS_CHOICES,
        ),
        DatasetInfo(
            "spiral_arms", "Spiral arms", "multiclass", 3, True,
            "K interleaved spiral arms.", class_choices=CLASS_CHOICES,
        ),
        _binary(
            "coffee", "Coffee roasting",
            "Roast temperature and duration; good only inside a band (real units).",
            input_names=("temperature (°C)", "duration (min)"),
        ),
        DatasetInfo(
            "digits", "Handwritten digits", "multiclass", 10, False,
            "8×8 images of the digits 0–9 (64 inputs).",
            input_names=tuple(f"pixel {row},{col}" for row in range(8) for col in range(8)),
            max_examples=DIGITS_COUNT, input_shape=(8, 8, 1),
        ),
        DatasetInfo(
            "plane", "Plane", "regression", 0, True, "The target rises along x1 + x2."
        ),
        DatasetInfo(
            "gaussian_mixture", "Mixture of Gaussians", "regression", 0, True,
            "Six positive and negative bumps.",
        ),
    ]
}

# Generated like the others but kept out of DATASETS (the 2-D and image sets every consumer
# may loop over): a heartbeat is for conv layers; the page adds it to its own list.
SIGNAL_DATASETS: dict[str, DatasetInfo] = {
    "ecg": DatasetInfo(
        "ecg", "ECG heartbeats", "binary", 2, False,  # a signal, not points in a plane
        "Synthetic heartbeats of 100 time steps: normal, or an abnormal wide beat.",
        input_names=tuple(f"t{step}" for step in range(ECG_STEPS)), input_shape=ECG_SHAPE,
    ),
}
# Every data set make_dataset generates.
_ALL: dict[str, DatasetInfo] = {**DATASETS, **SIGNAL_DATASETS}

_GENERATORS: dict[str, Generator] = {
    "circle": _circle,
    "xor": _xor,
    "gaussians": _gaussians,
    "spiral": _spiral,
    "moons": _moons,
    "flower": _flower,
    "blobs": _blobs,
    "spiral_arms": _spiral_arms,
    "coffee": _coffee,
    "digits": _digits,
    "plane": _plane,
    "gaussian_mixture": _gaussian_mixture,
    "ecg": _ecg,
}

_CLASS_NAMES: dict[str, list[str]] = {
    "circle": ["outside", "inside"],
    "xor": ["negative", "positive"],
    "gaussians": ["negative", "positive"],
    "spiral": ["arm 1", "arm 2"],
    "moons": ["upper moon", "lower moon"],
    "flower": ["red", "blue"],
    "coffee": ["bad roast", "good roast"],
    "digits": [str(digit) for digit in range(10)],
    "ecg": ["normal beat", "abnormal beat"],
}

_WINDOWS: dict[str, tuple[float, float, float, float] | None] = {
    "coffee": COFFEE_TEMPERATURE + COFFEE_DURATION,
    "digits": None,
    "ecg": None,
}


def _check_arguments(info: DatasetInfo, n: int, noise: float, seed: int, n_classes) -> int:
    """Validate the arguments with messages a student understands; returns the class count."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise ValueError(f"The number of examples must be a whole number, not {n!r}.")
    if not MIN_EXAMPLES <= n <= MAX_EXAMPLES:
        raise ValueError(
            f"The number of examples must be between {MIN_EXAMPLES} and {MAX_EXAMPLES:,}; "
            f"got {n:,}."
        )
    if not 0.0 <= noise <= MAX_NOISE:  # also rejects nan
        raise ValueError(f"Noise must be between 0 and {MAX_NOISE} (0–50 %); got {noise}.")
    if (not isinstance(seed, (int, np.integer)) or isinstance(seed, bool)
            or not 0 <= seed < 2**32):
        raise ValueError(f"The seed must be a whole number from 0 to 2**32 - 1; got {seed!r}.")
    if info.class_choices:
        k = info.n_classes if n_classes is None else n_classes
        if isinstance(k, bool) or k not in info.class_choices:
            raise ValueError(
                f"{info.title} takes {info.class_choices[0]} to {info.class_choices[-1]} "
                f"classes; got {k!r}."
            )
        return int(k)
    if n_classes is not None and n_classes != info.n_classes:
        raise ValueError(f"{info.title} has a fixed number of classes ({info.n_classes}).")
    return info.n_classes


def make_dataset(
    name: str, n: int = 500, noise: float = 0.0, seed: int = 0, n_classes: int | None = None
) -> RawData:
    """Generate data set `name` (of DATASETS or SIGNAL_DATASETS): n examples (digits: at most
    1,797), noise in [0, 0.5].

    n_classes picks K (3..5) for the multi-class 2-D sets; other sets take None.
    Returns RawData with points (d, n) in raw units and labels (n,).
    """
    if not isinstance(name, str) or name not in _ALL:
        raise ValueError(f"Unknown data set {name!r}; choose one of {', '.join(_ALL)}.")
    if not isinstance(noise, (int, float, np.integer, np.floating)) or isinstance(noise, bool):
        raise ValueError(f"Noise must be a number between 0 and {MAX_NOISE}; got {noise!r}.")
    info = _ALL[name]
    k = _check_arguments(info, n, float(noise), seed, n_classes)
    points, labels = _GENERATORS[name](int(n), float(noise), int(seed), k)
    if info.problem == "regression":
        class_names: list[str] = []
    elif name in _CLASS_NAMES:
        class_names = list(_CLASS_NAMES[name])
    else:
        prefix = "arm" if name == "spiral_arms" else "cluster"
        class_names = [f"{prefix} {i + 1}" for i in range(k)]
    return RawData(
        points=np.ascontiguousarray(points, dtype=np.float64),
        labels=labels,
        class_names=class_names,
        problem=info.problem,
        name=name,
        input_names=info.input_names,
        window=_WINDOWS.get(name, TF_WINDOW),
        image_shape=(8, 8) if name == "digits" else None,
        input_shape=info.input_shape,
    )
