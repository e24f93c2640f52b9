"""The autoencoder problem type on the playground (issue 19): the data set's inputs become its
targets (Y = X, engine/autoencoder.py), its classes stay for colouring the codes only (the
network never sees them), and what the page draws of a trained one: each example's code and
reconstruction, in the data's own units."""

from __future__ import annotations

import dataclasses

import numpy as np

from playground.session import settings


def as_autoencoder(dataset):
    """The prepared `dataset` with its targets replaced by its inputs (train and test)."""
    return dataclasses.replace(dataset, problem=settings.AUTOENCODER, Y_train=dataset.X_train,
                               Y_test=dataset.X_test)


def for_values(dataset, values: dict):
    """`dataset` as the problem setting wants it."""
    return as_autoencoder(dataset) if values["problem"] == settings.AUTOENCODER else dataset


def codes(net, X: np.ndarray) -> np.ndarray:
    """The code A[c] (code units, m) of each column of X (inference mode)."""
    with np.errstate(all="ignore"):
        return net.forward_all(X)[settings.code_layer(net.spec)]


def reconstructions(net, X: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return net.predict(X)


def in_data_units(dataset, X: np.ndarray) -> np.ndarray | None:
    """Network inputs (or their reconstructions) back in the data's own units: the plane's
    (x1, x2) or the digits' grey levels. None when the features do not hold the raw inputs
    (x1² alone cannot be turned back into x1)."""
    norm = dataset.normalization
    raw = X * norm.std + norm.mean if norm.enabled else np.array(X, dtype=np.float64)
    if not dataset.uses_features:
        return raw
    names = list(dataset.features)
    if "x1" not in names or "x2" not in names:
        return None
    return raw[[names.index("x1"), names.index("x2")]]
