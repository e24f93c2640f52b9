"""RawData: examples as they come from a generator or a CSV file, before any preparation.

One column per example, as everywhere in the engine:

    points  (d, m)  raw input coordinates in their own units (d = 2 for the 2-D sets,
                    64 pixel values for the digits, the chosen columns for a CSV)
    labels  (m,)    int class index 0..K-1 for classification, float target for regression

`prepare` (engine/prepare.py) turns it into train/test matrices for a network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PROBLEMS = ("binary", "multiclass", "regression")


@dataclass(frozen=True, eq=False)
class RawData:
    """Raw examples plus what the page needs to describe them.

    points       (d, m) float64 raw coordinates.
    labels       (m,) int64 class index, or float64 target when problem == "regression".
    class_names  list of K names (K = 2 for binary); [] for regression.
    problem      "binary" | "multiclass" | "regression".
    name         data set key ("circle", "digits", "csv", ...).
    input_names  a name per row of `points`, used as axis titles ("x1", "temperature (°C)").
    window       (x1min, x1max, x2min, x2max) the data set is designed for, or None;
                 the plot window covers it even when no point lands near its edge.
    image_shape  (8, 8) when each column is an image (digits), else None.
    """

    points: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    problem: str
    name: str
    input_names: tuple[str, ...] = ("x1", "x2")
    window: tuple[float, float, float, float] | None = None
    image_shape: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {PROBLEMS}, not {self.problem!r}")
        if self.points.ndim != 2 or self.labels.shape != (self.points.shape[1],):
            raise ValueError(
                f"points must be (d, m) and labels (m,); got {self.points.shape} "
                f"and {self.labels.shape}"
            )
        if len(self.input_names) != self.points.shape[0]:
            raise ValueError("input_names needs one name per row of points")
        if self.problem == "regression" and self.class_names:
            raise ValueError("a regression data set has no class names")
        if self.problem == "binary" and len(self.class_names) != 2:
            raise ValueError("a binary data set has exactly two class names")

    @property
    def m(self) -> int:
        """Number of examples."""
        return self.points.shape[1]

    @property
    def d(self) -> int:
        """Number of raw input coordinates per example."""
        return self.points.shape[0]

    @property
    def two_d(self) -> bool:
        """True when the inputs are a point in the plane, so a decision boundary can be drawn."""
        return self.d == 2
