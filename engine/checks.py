"""Checks of the data a network is given, with messages that name the argument and the fault.

``as_columns`` is the one door every public function goes through: it takes a shape that has
one meaning (a 1-D y of binary labels is (1, m)) and refuses anything else with a ValueError
that names the argument and the fix.

Checking X for NaN costs a pass over it (3.7 ms for 784 × 5,000, a tenth of a training step),
so the network remembers the last few arrays it checked and the Trainer checks its data set
once instead of every mini-batch.
"""

from __future__ import annotations

import weakref

import numpy as np


def check_array(name: str, value, rows: int, rows_name: str, columns: int | None = None) -> None:
    """Raise ValueError unless ``value`` is a finite 2-D NumPy array of real numbers with
    ``rows`` rows (and ``columns`` columns, if given)."""
    is_array_of_numbers(name, value, rows_name)
    if value.ndim != 2 or value.shape[0] != rows or (columns is not None
                                                     and value.shape[1] != columns):
        wanted = f"({rows_name}={rows}, {'m' if columns is None else columns})"
        raise ValueError(f"{name} must have shape {wanted}, got {value.shape}")
    if value.size and not np.isfinite(value).all():
        row, column = np.argwhere(~np.isfinite(value))[0]
        raise ValueError(f"{name} holds NaN or infinite values (first: {value[row, column]} at "
                         f"row {row}, column {column})")


class RecentlyChecked:
    """The last few (X, Y) pairs that passed the checks, by identity. Weak references, so a
    replaced data set is not kept alive here."""

    def __init__(self, size: int = 4):  # train, test, the page's grid, a batch
        self.size = size
        self._pairs: list = []

    def holds(self, X, Y=None) -> bool:
        """Whether X (and Y, if given) passed the checks lately."""
        for X_ref, Y_ref in reversed(self._pairs):  # a plain loop: this runs at every step
            if X_ref() is X and (Y is None or (Y_ref is not None and Y_ref() is Y)):
                return True
        return False

    def add(self, X, Y=None) -> None:
        entry = (weakref.ref(X), None if Y is None else weakref.ref(Y))
        self._pairs = [*self._pairs[-(self.size - 1):], entry]


def is_array_of_numbers(name: str, value, rows_name: str) -> None:
    if not isinstance(value, np.ndarray):
        raise ValueError(f"{name} must be a NumPy array of shape ({rows_name}, m), got "
                         f"{type(value).__name__}")
    if value.dtype == bool or not (np.issubdtype(value.dtype, np.integer)
                                   or np.issubdtype(value.dtype, np.floating)):
        raise ValueError(f"{name} must hold real numbers, got dtype {value.dtype}")


def as_columns(name: str, value, rows: int, rows_name: str, columns: int | None = None):
    """``value`` in the engine's shape (rows, m), one column per example, then ``check_array``.

    A shape with one meaning is taken as that meaning: with one row, a 1-D array of m values
    and an (m, 1) column are m examples. An array that is the transpose of the wanted one
    (one row per example) is refused with the fix ("pass X.T"): n_x = m would make it
    ambiguous, so it is never turned silently.
    """
    is_array_of_numbers(name, value, rows_name)
    if rows == 1 and value.ndim == 1:
        value = value.reshape(1, -1)
    elif (rows == 1 and value.ndim == 2 and value.shape[1] == 1 and value.shape[0] > 1
          and columns in (None, value.shape[0])):
        value = value.T
    elif (value.ndim == 2 and value.shape[1] == rows and value.shape[0] != rows
          and columns in (None, value.shape[0])):
        raise ValueError(f"{name} has shape {value.shape}: one row per example. The engine "
                         f"takes one column per example, shape ({rows_name}={rows}, m): pass "
                         f"{name}.T")
    check_array(name, value, rows, rows_name, columns)
    return value


def label_hint(Y: np.ndarray, n_classes: int) -> str | None:
    """The fix when a multi-class Y holds class labels (one row or 1-D) instead of one-hot."""
    if Y.ndim > 2 or (Y.ndim == 2 and 1 not in Y.shape) or Y.size == 0:
        return None
    flat = Y.ravel()
    if not np.all(np.isfinite(flat)) or not np.all(flat == np.round(flat)):
        return None
    low, high = int(flat.min()), int(flat.max())
    return (f"Y holds labels {low}–{high}; a softmax output needs one-hot Y of shape "
            f"({n_classes}, m): engine.one_hot(y, {n_classes})")


def one_hot(labels, n_classes: int | None = None) -> np.ndarray:
    """Class labels 0..K-1 (shape (m,), (1, m) or (m, 1)) as one-hot Y of shape (K, m): column i
    holds a 1 in row labels[i]. K is ``n_classes``, or the largest label + 1.

        engine.one_hot(np.array([2, 0, 1]))   # [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    """
    y = np.asarray(labels)
    if y.ndim == 2 and 1 in y.shape:
        y = y.ravel()
    if y.ndim != 1 or y.dtype == bool or y.dtype.kind not in "iuf":
        raise ValueError(f"labels must be class numbers of shape (m,), got shape {y.shape} of "
                         f"{y.dtype}")
    if y.size and (not np.all(np.isfinite(y)) or not np.all(y == np.round(y)) or y.min() < 0):
        raise ValueError("labels must be whole numbers 0, 1, ..., K-1")
    top = int(y.max()) + 1 if y.size else 0
    if n_classes is None:
        n_classes = max(top, 2)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or (
            n_classes < 2):
        raise ValueError(f"n_classes must be a whole number ≥ 2, got {n_classes!r}")
    if top > n_classes:
        raise ValueError(f"labels go up to {top - 1}, but n_classes is {n_classes}: labels must "
                         f"be 0 to {n_classes - 1}")
    return np.eye(int(n_classes))[:, y.astype(np.int64)]
