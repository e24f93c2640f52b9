"""RawData: examples as they come from a generator or a CSV file, before any preparation.

One column per example, as everywhere in the engine:

    points  (d, m)  raw input coordinates in their own units (d = 2 for the 2-D sets,
                    64 pixel values for the digits, the chosen columns for a CSV)
    labels  (m,)    int class index 0..K-1 for classification, float target for regression

`prepare` (engine/prepare.py) turns it into train/test matrices for a network.
RawData checks what it is given and refuses anything a network cannot learn from
(DataError, a ValueError whose message names the argument and the problem).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PROBLEMS = ("binary", "multiclass", "regression")
UPLOADED = "csv"  # the name of RawData read from a student's file (the others are generated)


class DataError(ValueError):
    """Data the playground cannot use; str(error) is the message to show the student."""


def _number_array(value, name: str) -> np.ndarray:
    """`value` as an array of numbers (a list is fine), or DataError for text and objects."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise DataError(f"{name} must hold numbers; got an array of {array.dtype} "
                        f"(e.g. {array.flat[0].item()!r})." if array.size else
                        f"{name} must hold numbers; got an empty array of {array.dtype}.")
    return array


def _first_bad(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


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
    image_shape  (8, 8) when each column is an image to draw (digits), else None.
    input_shape  (n_H, n_W, n_C) when each column is a row-major image or signal a network's
                 conv layers can take (digits (8, 8, 1), ecg (1, 100, 1)), else None.
    """

    points: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    problem: str
    name: str
    input_names: tuple[str, ...] = ("x1", "x2")
    window: tuple[float, float, float, float] | None = None
    image_shape: tuple[int, int] | None = None
    input_shape: tuple[int, int, int] | None = None

    def __post_init__(self) -> None:
        if self.problem not in PROBLEMS:
            raise DataError(f"problem must be one of {PROBLEMS}, not {self.problem!r}")
        points = _number_array(self.points, "points").astype(np.float64, copy=False)
        labels = _number_array(self.labels, "labels")
        if points.ndim != 2 or 0 in points.shape:
            raise DataError(f"points must be a non-empty (d, m) array, one column per example; "
                            f"got shape {points.shape}.")
        if labels.shape != (points.shape[1],):
            raise DataError(f"labels must be (m,) = ({points.shape[1]},), one per column of "
                            f"points; got shape {labels.shape}.")
        if len(self.input_names) != points.shape[0]:
            raise DataError(f"input_names needs one name per row of points ({points.shape[0]}); "
                            f"got {len(self.input_names)}.")
        if self.input_shape is not None and (
                len(self.input_shape) != 3 or int(np.prod(self.input_shape)) != points.shape[0]):
            raise DataError(f"input_shape {self.input_shape} must be (n_H, n_W, n_C) with "
                            f"n_H · n_W · n_C = {points.shape[0]}, the rows of points.")
        finite = np.isfinite(points)
        if not finite.all():
            row, column = _first_bad(~finite)
            raise DataError(f"points holds {points[row, column].item()} at input "
                            f"{self.input_names[row]!r}, example {column}; every input must be "
                            "a finite number.")
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "labels", self._checked_labels(labels))

    def _checked_labels(self, labels: np.ndarray) -> np.ndarray:
        """float64 finite targets (regression) or int64 class indices 0..K-1."""
        if self.problem == "regression":
            if self.class_names:
                raise DataError("class_names must be empty for a regression data set.")
            labels = labels.astype(np.float64, copy=False)
            finite = np.isfinite(labels)
            if not finite.all():
                (i,) = _first_bad(~finite)
                raise DataError(f"labels holds {labels[i].item()} at example {i}; a regression "
                                "target must be a finite number.")
            return labels
        k = len(self.class_names)
        if self.problem == "binary" and k != 2:
            raise DataError(f"A binary data set has exactly two class_names; got {k}.")
        if k < 2:
            raise DataError(f"A multi-class data set needs at least two class_names; got {k}.")
        whole = labels == np.round(labels) if labels.dtype.kind == "f" else True
        valid = whole & (labels >= 0) & (labels < k)
        if not np.all(valid):
            (i,) = _first_bad(~np.broadcast_to(valid, labels.shape))
            raise DataError(f"labels holds {labels[i].item()!r} at example {i}; a class label "
                            f"must be a whole number from 0 to {k - 1} (one of {k} class_names).")
        return labels.astype(np.int64, copy=False)

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
