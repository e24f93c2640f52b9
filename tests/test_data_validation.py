"""Hostile data through RawData, prepare and with_points (issue 8): every problem is a DataError
(a ValueError) whose message names the argument or the feature and what is wrong, and nothing
that cannot be learned from reaches a network."""

import numpy as np
import pytest

from engine.csv_data import load_csv
from engine.datasets import make_dataset
from engine.features import Normalization, compute_features
from engine.prepare import prepare, with_points
from engine.rawdata import DataError, RawData

POINTS = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])


def raw(points=POINTS, labels=(0, 1, 0, 1), names=("no", "yes"), problem="binary", name="t",
        input_names=("x1", "x2")):
    return RawData(points, np.asarray(labels) if not isinstance(labels, list) else labels,
                   list(names), problem, name, input_names=input_names)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"labels": (0, 1, 0, 2)}, "labels holds 2 at example 3; a class label must be a whole "
                                   "number from 0 to 1"),
        ({"labels": (0, 1, 0, -1)}, "labels holds -1 at example 3"),
        ({"labels": (0, 1, 2, -1), "names": "abc", "problem": "multiclass"},
         "labels holds -1 at example 3; a class label must be a whole number from 0 to 2"),
        ({"labels": (0, 1, 5, 2), "names": "abc", "problem": "multiclass"},
         "labels holds 5 at example 2"),
        ({"labels": (0, 0.5, 1, 1)}, "labels holds 0.5 at example 1"),
        ({"points": np.array([[1.0, np.nan, 3, 4], [5, 6, 7, 8]])},
         "points holds nan at input 'x1', example 1; every input must be a finite number"),
        ({"points": np.array([[1.0, 2, 3, 4], [5, 6, 7, -np.inf]])},
         "points holds -inf at input 'x2', example 3"),
        ({"points": np.zeros((2, 0)), "labels": np.zeros(0)}, "points must be a non-empty (d, m)"),
        ({"points": np.array([["1", "2", "3", "4"], ["5", "6", "7", "8"]])},
         "points must hold numbers; got an array of <U1 (e.g. '1')"),
        ({"labels": ("a", "b", "a", "b")}, "labels must hold numbers"),
        ({"labels": (0, 1, 0)}, "labels must be (m,) = (4,)"),
        ({"labels": (0.5, np.nan, 1, 2), "names": (), "problem": "regression"},
         "labels holds nan at example 1; a regression target must be a finite number"),
        ({"problem": "ordinal"}, "problem must be one of"),
    ],
)
def test_raw_data_refuses_what_cannot_be_learned_with_a_message(kwargs, fragment):
    with pytest.raises(DataError) as caught:
        raw(**kwargs)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_raw_data_takes_lists_and_whole_float_labels_as_numbers():
    data = raw(points=POINTS.tolist(), labels=[0.0, 1.0, 1.0, 0.0])
    assert data.points.dtype == np.float64 and np.array_equal(data.points, POINTS)
    assert data.labels.dtype == np.int64 and data.labels.tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"train_ratio": float("nan")}, "train_ratio must be a number from 0.1 to 0.9"),
        ({"train_ratio": "half"}, "train_ratio must be a number"),
        ({"train_ratio": float("inf")}, "got inf"),
        ({"seed": -1}, "seed must be a whole number from 0 to 2**32 - 1; got -1"),
        ({"seed": 1.5}, "seed must be a whole number"),
        ({"normalize": "yes"}, "normalize must be True or False"),
        ({"features": ("x3",)}, "Unknown feature(s) x3"),
    ],
)
def test_prepare_names_the_bad_argument(kwargs, fragment):
    with pytest.raises(ValueError) as caught:
        prepare(make_dataset("circle", n=100), **kwargs)
    assert fragment in str(caught.value)


def test_prepare_refuses_something_that_is_not_raw_data():
    with pytest.raises(DataError, match="raw must be RawData"):
        prepare(POINTS)


def huge(value: float, name: str = "csv") -> RawData:
    column = np.array([value, -value, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    return raw(points=np.stack([column, np.arange(8.0)]), labels=[0, 1] * 4, name=name,
               input_names=("a", "b"))


@pytest.mark.parametrize("value", [1e308, 1e200])
def test_features_that_cannot_be_normalized_are_refused(value):
    """±1e308 overflowed σ and both features silently became -0 before."""
    with pytest.raises(DataError, match=r"The feature 'a' cannot be normalized: its values "
                                        r"\(up to 1e\+(308|200)\) are too large"):
        prepare(huge(value))


def test_a_computed_feature_that_overflows_is_refused_by_name():
    assert prepare(huge(1e150)).n_x == 2  # fine as it is ...
    with pytest.raises(DataError, match=r"The feature 'a\^2' "):  # ... but not squared
        prepare(huge(1e150), features=("x1^2", "x2"))
    with pytest.raises(DataError, match=r"The feature 'x1\^2' overflows"):
        prepare(huge(1e200, name="generated"), features=("x1^2", "x2"))


def test_normalization_stays_exact_for_normal_data():
    data = prepare(make_dataset("coffee", n=300, seed=4), features=("x1", "x2", "x1x2"))
    features = compute_features(data.inputs_train, data.features)
    mean = features.mean(axis=1, keepdims=True)
    std = features.std(axis=1, keepdims=True)
    assert np.array_equal(data.X_train, (features - mean) / std)  # bit for bit
    assert np.array_equal(data.normalization.mean, Normalization.fit(features).mean)


def house_prices(n: int = 60) -> str:
    rows = [f"{50 + 3 * i},{1 + i % 5},{100_000 + 2_500 * i + 10_000 * (i % 5)}"
            for i in range(n)]
    return "area,rooms,price\n" + "\n".join(rows) + "\n"


def test_a_files_regression_target_is_standardized_with_training_statistics():
    raw_data = load_csv(house_prices())
    assert raw_data.problem == "regression"
    data = prepare(raw_data, train_ratio=0.5, seed=3)
    order = np.random.default_rng(3).permutation(60)
    train_prices = raw_data.labels[order[:30]]
    assert data.target_mean == train_prices.mean() and data.target_std == train_prices.std()
    assert data.target_std > 10_000  # prices in dollars: saturating units without scaling
    assert np.allclose(data.Y_train.mean(), 0.0, atol=1e-12)
    assert np.allclose(data.Y_train.std(), 1.0)
    assert np.array_equal(data.Y_train[0], data.labels_train)  # one unit for Y and labels
    assert np.allclose(data.target_in_units(data.Y_test[0]), raw_data.labels[order[30:]],
                       rtol=1e-13)


def test_generated_regression_targets_keep_their_designed_scale():
    data = prepare(make_dataset("plane", n=200))
    assert (data.target_mean, data.target_std) == (0.0, 1.0)
    assert np.array_equal(data.target_in_units(data.labels_train), data.labels_train)


def test_csv_features_carry_the_column_names():
    data = prepare(load_csv(house_prices()), features=("x1", "x2", "x1^2", "x1x2", "sin_x2"))
    assert data.feature_names == ("area", "rooms", "area^2", "area·rooms", "sin(rooms)")
    assert data.features == ("x1", "x2", "x1^2", "x1x2", "sin_x2")
    assert np.array_equal(data.transform(data.inputs_test), data.X_test)


# ---------------------------------------------------------------- drawn points


@pytest.mark.parametrize("name", ["circle", "blobs", "plane"])
def test_with_points_adds_training_examples_as_prepare_would(name):
    data = prepare(make_dataset(name, n=200, seed=1), features=("x1", "x2", "x1x2"))
    label = 0.25 if name == "plane" else 1.0
    more = with_points(data, np.array([[1.5], [-2.0]]), np.array([label]))
    assert more.m_train == data.m_train + 1 and more.m_test == data.m_test
    x1, x2 = 1.5, -2.0
    expected = (np.array([[x1], [x2], [x1 * x2]]) - data.normalization.mean) / \
        data.normalization.std
    assert np.array_equal(more.X_train[:, -1:], expected)
    if name == "blobs":
        assert more.Y_train[:, -1].tolist() == [0.0, 1.0, 0.0] and more.labels_train[-1] == 1
    else:
        assert more.Y_train[0, -1] == label == more.labels_train[-1]
    assert np.array_equal(more.points_train[:, -1], [x1, x2])
    assert np.array_equal(more.X_train[:, :-1], data.X_train)  # the data set is untouched


def test_drawn_points_stay_in_the_plot_window_and_targets_in_range():
    data = prepare(make_dataset("circle", n=200))
    with pytest.raises(DataError, match=r"The point \(1e\+300, 0\) is outside the plot window "
                                        r"\(-6.6 to 6.6, -6.6 to 6.6\)"):
        with_points(data, np.array([[1e300], [0.0]]), np.array([1.0]))
    with pytest.raises(DataError, match="Class 2 does not exist here"):
        with_points(data, np.array([[1.0], [0.0]]), np.array([2.0]))
    plane = prepare(make_dataset("plane", n=200))
    low, high = plane.labels_train.min(), plane.labels_train.max()
    with pytest.raises(DataError, match="The target 1e\\+300 is far outside the data's targets"):
        with_points(plane, np.array([[1.0], [0.0]]), np.array([1e300]))
    edge = max(high, plane.labels_test.max()) + 1.0  # inside: the span widens each side
    assert with_points(plane, np.array([[1.0], [0.0]]), np.array([edge])).m_train == 101
    assert low > -2 and high < 2
