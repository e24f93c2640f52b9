"""prepare: RawData -> Dataset, the train/test matrices a network trains on.

    1. shuffle with the seed, the first round(train_ratio·m) examples train, the rest test
    2. 2-D data: the selected features of (x1, x2); other data: the raw columns as they are
    3. normalization statistics from the training columns only, applied to both parts
       (data whose features overflow or cannot be normalized is refused with a DataError)
    4. Y in engine shape: binary (1, m) of 0/1, multi-class one-hot (K, m), regression (1, m);
       a regression target from a file is standardized with the training mean and standard
       deviation too, so house prices in dollars train like any other target
       (Dataset.target_in_units maps values back to the file's units). The generated sets'
       targets lie in [-1.2, 1.2] by design, as in TF Playground, and are kept as they are.

`with_points` appends hand-drawn training examples to a prepared Dataset, through the same
features, normalization and target scaling.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from engine.features import Normalization, compute_features, feature_names_for, select_features
from engine.rawdata import UPLOADED, DataError, RawData

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
    feature_names   a name per row of X for people: the feature keys ("x1", "x1^2") of a
                    generated 2-D set; for a CSV the column names ("age", "age^2",
                    "age·income"); the raw column names when there are no features.
    features        the feature keys transform() computes from 2-D inputs; () without them.
    normalization   the training statistics (μ, σ per row of X).
    target_mean, target_std   uploaded regression data: Y = (y - target_mean) / target_std
                    with the training targets' statistics, and labels_* hold the targets in
                    the same units as Y; 0 and 1 otherwise. target_in_units() maps back.
    input_shape     (n_H, n_W, n_C) of each column of X as an image or signal (digits, ecg),
                    for a conv network's spec; None otherwise. Normalization is per row of X,
                    so a column stays a row-major image.
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
    features: tuple[str, ...] = ()
    target_mean: float = 0.0
    target_std: float = 1.0
    input_shape: tuple[int, int, int] | None = None  # a conv network's spec["input_shape"]

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
            inputs = compute_features(inputs, self.features)
        return self.normalization.apply(inputs)

    def target_in_units(self, values: np.ndarray) -> np.ndarray:
        """Regression values in the network's units (Y, ŷ, labels_*) -> the data's own units."""
        return np.asarray(values, dtype=np.float64) * self.target_std + self.target_mean


def _targets(problem: str, n_classes: int, labels: np.ndarray) -> np.ndarray:
    """Y in engine shape for the given labels (class indices, or scaled regression targets)."""
    if problem == "multiclass":
        return np.eye(n_classes)[:, labels]  # one-hot, column i = e_{label i}
    return labels.astype(np.float64)[None, :]


def _target_scale(raw: RawData, train: np.ndarray, normalize: bool) -> tuple[float, float]:
    """(mean, std) of the training targets of an uploaded regression set, else (0, 1)."""
    if raw.problem != "regression" or not normalize or raw.name != UPLOADED:
        return 0.0, 1.0
    targets = raw.labels[train]
    with np.errstate(over="ignore", invalid="ignore"):
        mean, std = float(targets.mean()), float(targets.std())
    if not (math.isfinite(mean) and math.isfinite(std)):
        raise DataError(
            f"The targets are too large to standardize (up to {np.abs(raw.labels).max():.3g}); "
            "rescale them, e.g. to thousands or millions."
        )
    constant = std <= 1e-12 * max(1.0, abs(mean))  # as Normalization.fit
    return mean, 1.0 if constant else std


def _normalized(
    train: np.ndarray, test: np.ndarray, names: tuple[str, ...], normalize: bool
) -> tuple[Normalization, np.ndarray, np.ndarray]:
    """Training statistics and both parts normalized, or DataError naming the first feature
    whose values overflow (x1² of 1e200) or are too large for a mean and a standard deviation
    (±1e308: σ would be inf and every value would silently become ±0). The check covers the
    test part too, so no example reaches the network as ±1e308. Normal data is normalized
    exactly as Normalization.fit and apply compute it."""
    with np.errstate(over="ignore", invalid="ignore"):
        stats = Normalization.fit(train, enabled=normalize)
        X_train, X_test = stats.apply(train), stats.apply(test)
        whole = Normalization.fit(np.concatenate([train, test], axis=1))
    usable = np.isfinite(train).all(axis=1) & np.isfinite(test).all(axis=1)
    usable &= (np.isfinite(whole.mean) & np.isfinite(whole.std))[:, 0]
    usable &= (np.isfinite(stats.mean) & np.isfinite(stats.std))[:, 0]
    usable &= np.isfinite(X_train).all(axis=1) & np.isfinite(X_test).all(axis=1)
    if not usable.all():
        row = int(np.argmin(usable))
        with np.errstate(invalid="ignore"):
            largest = float(max(np.abs(train[row]).max(), np.abs(test[row]).max()))
        why = ("overflows (its values pass 1.8e308)" if not math.isfinite(largest) else
               f"cannot be normalized: its values (up to {largest:.3g}) are too large for a "
               "mean and a standard deviation")
        raise DataError(f"The feature {names[row]!r} {why}. Rescale the data, e.g. to "
                        "thousands or millions.")
    return stats, X_train, X_test


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


def _check_arguments(train_ratio, seed, normalize) -> None:
    if (not isinstance(train_ratio, numbers.Real) or isinstance(train_ratio, bool)
            or not math.isfinite(train_ratio)):
        raise DataError(f"train_ratio must be a number from {MIN_TRAIN_RATIO} to "
                        f"{MAX_TRAIN_RATIO} (the share of examples that train); got "
                        f"{train_ratio!r}.")
    if (not isinstance(seed, numbers.Integral) or isinstance(seed, bool)
            or not 0 <= seed < 2**32):
        raise DataError(f"seed must be a whole number from 0 to 2**32 - 1; got {seed!r}.")
    if not isinstance(normalize, (bool, np.bool_)):
        raise DataError(f"normalize must be True or False; got {normalize!r}.")


def split_indices(m: int, train_ratio: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded shuffle; round(ratio·m) train indices (ratio clipped to 0.1..0.9, ≥ 1 each)."""
    if m < 2:
        raise DataError("At least two examples are needed to split into train and test; "
                        f"got {m}.")
    _check_arguments(train_ratio, seed, True)
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
    Raises DataError (a ValueError) naming the argument or the feature that is wrong.
    """
    if not isinstance(raw, RawData):
        raise DataError(f"raw must be RawData (from make_dataset or load_csv); got "
                        f"{type(raw).__name__}.")
    _check_arguments(train_ratio, seed, normalize)
    train, test = split_indices(raw.m, train_ratio, seed)
    inputs_train, inputs_test = raw.points[:, train], raw.points[:, test]

    if raw.two_d:
        keys = select_features(features)
        named = raw.name == UPLOADED  # a file's columns have names; x1, x2 are the course's
        feature_names = feature_names_for(keys, raw.input_names) if named else keys
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused below
            features_train = compute_features(inputs_train, keys)
            features_test = compute_features(inputs_test, keys)
    else:
        keys, feature_names = (), raw.input_names
        features_train, features_test = inputs_train, inputs_test
    stats, X_train, X_test = _normalized(features_train, features_test, feature_names, normalize)
    target_mean, target_std = _target_scale(raw, train, normalize)
    labels = raw.labels if raw.problem != "regression" else (
        (raw.labels - target_mean) / target_std)

    # Two principal components need three inputs at least; one input has no plane to draw.
    projected = raw.d > 2 and raw.image_shape is None
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
        X_train=X_train,
        Y_train=_targets(raw.problem, len(raw.class_names), labels[train]),
        X_test=X_test,
        Y_test=_targets(raw.problem, len(raw.class_names), labels[test]),
        labels_train=labels[train],
        labels_test=labels[test],
        inputs_train=inputs_train,
        inputs_test=inputs_test,
        points_train=points_train,
        points_test=points_test,
        bounds=bounds,
        normalization=stats,
        uses_features=raw.two_d,
        projected=projected,
        image_shape=raw.image_shape,
        features=keys,
        target_mean=target_mean,
        target_std=target_std,
        input_shape=raw.input_shape,
    )


def with_points(dataset: Dataset, points, labels) -> Dataset:
    """The data set with extra TRAINING examples at raw 2-D `points` (2, k) with `labels` (k,):
    class indices, or regression targets in the units of labels_* (the network's units).

    They go through the data set's own features and training normalization (transform), so
    the network sees them exactly as it sees the prepared points. Points must lie in the plot
    window (`bounds`) and a regression target within the data's range widened by its span on
    each side; anything else is a DataError that says so.
    """
    if not dataset.has_boundary or dataset.points_train is None or dataset.bounds is None:
        raise DataError("Points can be drawn on 2-D data sets only.")
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.float64)
    if points.ndim != 2 or points.shape[0] != 2 or labels.shape != (points.shape[1],):
        raise DataError(f"points must be (2, k) and labels (k,); got {points.shape} and "
                        f"{labels.shape}.")
    x1min, x1max, x2min, x2max = dataset.bounds
    inside = ((x1min <= points[0]) & (points[0] <= x1max)
              & (x2min <= points[1]) & (points[1] <= x2max))
    if not inside.all():
        x1, x2 = points[:, int(np.argmin(inside))]
        raise DataError(f"The point ({x1:.3g}, {x2:.3g}) is outside the plot window "
                        f"({x1min:.3g} to {x1max:.3g}, {x2min:.3g} to {x2max:.3g}); draw "
                        "inside it.")
    if dataset.problem == "regression":
        known = np.concatenate([dataset.labels_train, dataset.labels_test])
        low, high = known.min(), known.max()
        span = max(high - low, 1.0)
        low, high = low - span, high + span
        if not np.all((low <= labels) & (labels <= high)):
            bad = labels[~((low <= labels) & (labels <= high))][0]
            raise DataError(f"The target {bad:.3g} is far outside the data's targets; use a "
                            f"value from {low:.3g} to {high:.3g}.")
    else:
        k = len(dataset.class_names)
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < k)):
            bad = labels[~((labels == np.round(labels)) & (labels >= 0) & (labels < k))][0]
            raise DataError(f"Class {bad:g} does not exist here; the classes are 0 to {k - 1}.")
    new_labels = labels.astype(dataset.labels_train.dtype)
    return dataclasses.replace(
        dataset,
        X_train=np.hstack([dataset.X_train, dataset.transform(points)]),
        Y_train=np.hstack([dataset.Y_train,
                           _targets(dataset.problem, dataset.n_y, new_labels)]),
        labels_train=np.concatenate([dataset.labels_train, new_labels]),
        inputs_train=np.hstack([dataset.inputs_train, points]),
        points_train=np.hstack([dataset.points_train, points]),
    )
