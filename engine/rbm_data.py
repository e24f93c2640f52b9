"""What a restricted Boltzmann machine learns from: binary images, one column per example.

    binary_digits()            -> (64, 1797), labels (1797,)   the 8×8 digits, pixel >= 8 -> 1
    bars_and_stripes(size=4)   -> (size², 2·2^size − 2)        every bars-or-stripes pattern
    rbm_data(name, **options)  -> RBMData                       either, by name, with its shape

The digits are scikit-learn's bundled copy (pixel values 0 to 16): a pixel is on when it is
at least half-bright (>= 8), 30% of the pixels. Bars and stripes (MacKay 2003, the classic toy
set of Boltzmann machines): each row is all on or all off (stripes), or each column is
(bars); the all-off and all-on images are both, so a 4×4 set has 16 + 16 − 2 = 30 images.
The order is fixed (no seed): shuffling is the trainer's job.
"""

from __future__ import annotations

import itertools
import numbers
from dataclasses import dataclass

import numpy as np

from engine.datasets import _digit_images

DIGIT_THRESHOLD = 8  # of 16: a pixel at least half-bright is on
RBM_DATASETS = ("digits", "bars_and_stripes")
BARS_SIZES = (2, 3, 4, 5, 6)


@dataclass(frozen=True)
class RBMData:
    """X (n_v, m) of 0.0 and 1.0, labels (m,) (digits: 0–9; bars and stripes: 0 for the
    stripes, 1 for the bars, 2 for the all-off and all-on images), image_shape (n_H, n_W)."""

    name: str
    X: np.ndarray
    labels: np.ndarray
    image_shape: tuple[int, int]


def binary_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 digits (64, 1797) as 0.0/1.0 (pixel >= 8 of 16), and their labels."""
    images, digits = _digit_images()
    X = (images >= DIGIT_THRESHOLD).astype(np.float64)
    return X, digits.copy()


def bars_and_stripes(size: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Every size×size bars-and-stripes image (size², 2·2^size − 2), row-major pixels, and
    labels: 0 stripes (rows all on or off), 1 bars (columns), 2 the blank and the full image."""
    if (isinstance(size, bool) or not isinstance(size, numbers.Integral)
            or size not in BARS_SIZES):
        raise ValueError(f"bars and stripes come in sizes {', '.join(map(str, BARS_SIZES))}, "
                         f"got {size!r}")
    images, labels = [], []
    for on in itertools.product((0.0, 1.0), repeat=size):
        rows = np.repeat(np.array(on)[:, None], size, axis=1)  # stripes: row r is on[r]
        kind = 2 if len(set(on)) == 1 else 0
        images.append(rows.ravel())
        labels.append(kind)
        if kind == 0:  # the blank and the full image are stripes and bars: keep them once
            images.append(rows.T.ravel())
            labels.append(1)
    return np.stack(images, axis=1), np.array(labels, dtype=np.int64)


def rbm_data(name: str, size: int = 4) -> RBMData:
    """Data set ``name`` of RBM_DATASETS (``size`` is bars and stripes' side)."""
    if name == "digits":
        X, labels = binary_digits()
        return RBMData(name, X, labels, (8, 8))
    if name == "bars_and_stripes":
        X, labels = bars_and_stripes(size)
        return RBMData(name, X, labels, (int(size), int(size)))
    raise ValueError(f"RBM data sets: {', '.join(RBM_DATASETS)}; got {name!r}")
