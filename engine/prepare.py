"""prepare: RawData -> Dataset, the train/test matrices a network trains on.

    1. shuffle with the seed, the first round(train_ratio·m) examples train, the rest test
    2. 2-D data: the selected features of (x1, x2); other data: the raw columns as they are
    3. normalization statistics from the training columns only, applied to both parts
    4. Y in engine shape: binary (1, m) of 0/1, multi-class one-hot (K, m), regression (1, m)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from engine.features import Normalization, compute_features, select_features
from engine.rawdata import RawData

MIN_TRAIN_RATIO, MAX_TRAIN_RATIO = 0.1, 0.9
PLOT_MARGIN = 0.05  # of the span, on each side


@dataclass(frozen=True, eq=False)
class Dataset:
    """A prepared data set. Shapes in course notation (one column per example).

    X_train (n_x, m_train), Y_train (n_y, m_train), X_test, Y_test likewise.
    labels_train, labels_test  (m,) class index or regression target.
    inputs_train, inputs_test  (d, m) raw inputs before features and normalization
                               (the digits' pixels, to draw sample images).
    points_train, points_test  (2, m) plot coordinates: the raw points of a 2-D set; for a
                               CSV with more than two feature columns the first two principal
                               components ("projected"); None for digits.
    bounds          (x1min, x1max, x2min, x2max) of the plot window, in the coordinates of
                    points_*, with a margin; None when there are no plot coordinates.
    has_boundary    True when a grid over `bounds` can go through transform() (2-D inputs).
    feature_names   a name per row of X (feature names, or the raw column names).
    normalization   the training statistics (μ, σ per row of X).
    """

    name: str
    problem: str
    class_names: list[str]
    feature_names: tuple[str, ...]
    input_names: tuple[str, ...]
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    labels_train: np.ndarray
    labels_test: np.ndarray
    inputs_train: np.ndarray
    inputs_test: np.ndarray
    points_train: np.ndarray | None
    points_test: np.ndarray | None
    bounds: tuple[float, float, float, float] | None
    normalization: Normalization
    uses_features: bool
    projected: bool
    image_shape: tuple[int, int] | None

    @property
    def n_x(self) -> int:
        return self.X_train.shape[0]

    @property
    def n_y(self) -> int:
        return self.Y_train.shape[0]

    @property
    def m_train(self) -> int:
        return self.X_train.shape[1]

    @property
    def m_test(self) -> int:
        return self.X_test.shape[1]

    @property
    def has_boundary(self) -> bool:
        return self.inputs_train.shape[0] == 2

    def transform(self, inputs: np.ndarray) -> np.ndarray:
        """Raw inputs (d, k) -> network input (n_x, k): the same features and training
        statistics as X_train. For a 2-D set d = 2, e.g. a grid over `bounds`.

        Projected CSV data takes the raw columns, not principal components: a projection
        cannot be inverted, so those sets have no decision boundary (has_boundary False).
        """
        inputs = np.asarray(inputs, dtype=np.float64)
        d = self.inputs_train.shape[0]
        if inputs.ndim != 2 or inputs.shape[0] != d:
            raise ValueError(f"transform expects raw inputs of shape ({d}, k); got {inputs.shape}.")
        if self.uses_features:
            inputs = compute_features(inputs, self.feature_names)
        return self.normalization.apply(inputs)


def _targets(raw: RawData, labels: np.ndarray) -> np.ndarray:
    """Y in engine shape for the given labels."""
    if raw.problem == "multiclass":
        return np.eye(len(raw.class_names))[:, labels]  # one-hot, column i = e_{label i}
    return labels.astype(np.float64)[None, :]


def _principal_plane(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First two principal components of the train-standardized columns (train only)."""
    stats = Normalization.fit(train)
    Z = stats.apply(train)
    U, _, _ = np.linalg.svd(Z @ Z.T)  # (d, d) scatter matrix; its leading eigenvectors
    axes = U[:, :2]
    axes *= np.where(axes.sum(axis=0) < 0, -1.0, 1.0)  # pin the SVD's arbitrary sign
    return axes.T @ Z, axes.T @ stats.apply(test)


def _plot_window(
    points: np.ndarray, designed: tuple[float, float, float, float] | None
) -> tuple[float, float, float, float]:
    """The data's extent (joined with the set's designed window) plus a margin each side."""
    low, high = points.min(axis=1), points.max(axis=1)
    if designed is not None:
        low = np.minimum(low, designed[0::2])
        high = np.maximum(high, designed[1::2])
    span = high - low
    pad = np.where(span > 0, span * PLOT_MARGIN, np.maximum(np.abs(low), 1.0) * PLOT_MARGIN)
    low, high = low - pad, high + pad
    return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def split_indices(m: int, train_ratio: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded shuffle; round(ratio·m) train indices (ratio clipped to 0.1..0.9, ≥ 1 each)."""
    if m < 2:
        raise ValueError("At least two examples are needed to split into train and test.")
    ratio = float(np.clip(train_ratio, MIN_TRAIN_RATIO, MAX_TRAIN_RATIO))
    m_train = int(np.clip(np.floor(ratio * m + 0.5), 1, m - 1))
    order = np.random.default_rng(seed).permutation(m)
    return order[:m_train], order[m_train:]


def prepare(
    raw: RawData,
    features: Iterable[str] = ("x1", "x2"),
    normalize: bool = True,
    train_ratio: float = 0.5,
    seed: int = 0,
) -> Dataset:
    """Split, compute features and normalize `raw` (see the module docstring).

    `features` applies to 2-D data only; data with more inputs (digits, CSV with more than
    two feature columns) uses its raw columns and ignores it.
    """
    train, test = split_indices(raw.m, train_ratio, seed)
    inputs_train, inputs_test = raw.points[:, train], raw.points[:, test]

    if raw.two_d:
        feature_names = select_features(features)
        features_train = compute_features(inputs_train, feature_names)
        features_test = compute_features(inputs_test, feature_names)
    else:
        feature_names = raw.input_names
        features_train, features_test = inputs_train, inputs_test
    stats = Normalization.fit(features_train, enabled=normalize)

    projected = not raw.two_d and raw.image_shape is None
    if raw.two_d:
        points_train, points_test = inputs_train, inputs_test
        bounds = _plot_window(raw.points, raw.window)
    elif projected:
        points_train, points_test = _principal_plane(inputs_train, inputs_test)
        bounds = _plot_window(np.concatenate([points_train, points_test], axis=1), None)
    else:
        points_train = points_test = bounds = None

    return Dataset(
        name=raw.name,
        problem=raw.problem,
        class_names=list(raw.class_names),
        feature_names=tuple(feature_names),
        input_names=raw.input_names,
        X_train=stats.apply(features_train),
        Y_train=_targets(raw, raw.labels[train]),
        X_test=stats.apply(features_test),
        Y_test=_targets(raw, raw.labels[test]),
        labels_train=raw.labels[train],
        labels_test=raw.labels[test],
        inputs_train=inputs_train,
        inputs_test=inputs_test,
        points_train=points_train,
        points_test=points_test,
        bounds=bounds,
        normalization=stats,
        uses_features=raw.two_d,
        projected=projected,
        image_shape=raw.image_shape,
    )
