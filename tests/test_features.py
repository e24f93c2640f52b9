"""Input features, normalization from the training set only, and prepare()'s split and shapes."""

import numpy as np
import pytest

from engine.csv_data import load_csv
from engine.datasets import make_dataset
from engine.features import FEATURES, Normalization, compute_features, select_features
from engine.prepare import prepare, split_indices
from engine.rawdata import RawData


def test_feature_values_at_a_known_point():
    assert FEATURES == (
        "x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2", "cos_x1", "cos_x2",
    )  # fmt: skip
    values = compute_features(np.array([[2.0], [-3.0]]), FEATURES)[:, 0]
    expected = [2, -3, 4, 9, -6, np.sin(2), np.sin(-3), np.cos(2), np.cos(-3)]
    assert np.allclose(values, expected, rtol=0, atol=1e-15)


def test_selection_is_checked_and_put_in_canonical_order():
    assert select_features(["sin_x2", "x1", "x1"]) == ("x1", "sin_x2")
    with pytest.raises(ValueError, match="Unknown feature"):
        select_features(["x3"])
    with pytest.raises(ValueError, match="at least one"):
        select_features([])


@pytest.mark.parametrize("chosen", [("x1",), ("x1", "x2"), ("x1^2", "x2^2", "x1x2"), FEATURES])
def test_network_input_size_follows_the_selection(chosen):
    data = prepare(make_dataset("circle", n=100), features=chosen)
    assert data.n_x == len(chosen) == data.X_train.shape[0] == data.X_test.shape[0]
    assert data.feature_names == chosen


def test_normalization_uses_training_statistics_only():
    raw = make_dataset("coffee", n=400, noise=0.1, seed=3)
    data = prepare(raw, features=("x1", "x2", "x1x2"), train_ratio=0.3, seed=1)
    train_features = compute_features(data.inputs_train, data.feature_names)
    mu = train_features.mean(axis=1, keepdims=True)
    sigma = train_features.std(axis=1, keepdims=True)
    assert np.allclose(data.normalization.mean, mu) and np.allclose(data.normalization.std, sigma)
    assert np.allclose(data.X_train.mean(axis=1), 0.0, atol=1e-12)
    assert np.allclose(data.X_train.std(axis=1), 1.0)
    # The test part goes through the same μ, σ and is not itself centred.
    test_features = compute_features(data.inputs_test, data.feature_names)
    assert np.allclose(data.X_test, (test_features - mu) / sigma)
    assert np.abs(data.X_test.mean(axis=1)).max() > 1e-3
    all_features = compute_features(raw.points, data.feature_names)
    assert not np.allclose(data.normalization.mean[:, 0], all_features.mean(axis=1))


def test_normalizing_makes_real_units_comparable_and_can_be_switched_off():
    raw = make_dataset("coffee", n=1000, seed=0)
    plain = prepare(raw, normalize=False)
    scale = plain.X_train.std(axis=1)
    assert scale[0] / scale[1] > 30  # °C spread (~39) against minutes spread (~1.15)
    assert np.array_equal(plain.X_train, plain.inputs_train)
    assert not plain.normalization.enabled
    normalized = prepare(raw, normalize=True)
    assert np.allclose(normalized.X_train.std(axis=1), 1.0)


def test_constant_input_gets_sigma_one_not_nan():
    points = np.stack([np.linspace(-1, 1, 50), np.full(50, 3.7)])
    raw = RawData(points, (points[0] > 0).astype(np.int64), ["a", "b"], "binary", "test")
    data = prepare(raw)
    assert np.isfinite(data.X_train).all() and np.isfinite(data.X_test).all()
    assert data.normalization.std[1, 0] == 1.0
    assert np.allclose(data.X_train[1], 0.0)
    stats = Normalization.fit(np.array([[0.1, 0.1, 0.1]]))  # σ comes out ~1e-17, not 0
    assert stats.std[0, 0] == 1.0


def test_transform_repeats_exactly_the_training_pipeline():
    data = prepare(make_dataset("spiral", n=300, noise=0.2), features=FEATURES, seed=4)
    assert np.array_equal(data.transform(data.points_test), data.X_test)
    assert np.array_equal(data.transform(data.points_train), data.X_train)
    x1min, x1max, x2min, x2max = data.bounds
    grid = np.stack([g.ravel() for g in np.meshgrid(np.linspace(x1min, x1max, 7),
                                                     np.linspace(x2min, x2max, 5))])
    assert data.transform(grid).shape == (9, 35)
    with pytest.raises(ValueError, match=r"\(2, k\)"):
        data.transform(np.zeros((3, 4)))


@pytest.mark.parametrize("m", [37, 500, 10_000])
@pytest.mark.parametrize("ratio", [0.1, 0.33, 0.5, 0.77, 0.9])
def test_split_ratio_within_one_example_and_a_partition(m, ratio):
    train, test = split_indices(m, ratio, seed=2)
    assert abs(len(train) - ratio * m) <= 0.5 + 1e-9
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(m))


def test_split_ratio_is_clipped_and_keeps_one_example_each_side():
    assert [len(part) for part in split_indices(100, 0.0, 0)] == [10, 90]
    assert [len(part) for part in split_indices(100, 1.0, 0)] == [90, 10]
    assert [len(part) for part in split_indices(2, 0.1, 0)] == [1, 1]
    assert [len(part) for part in split_indices(3, 0.9, 0)] == [2, 1]
    with pytest.raises(ValueError, match="two examples"):
        split_indices(1, 0.5, 0)


def test_prepare_is_deterministic_and_the_split_seed_matters():
    raw = make_dataset("moons", n=200, noise=0.1, seed=0)
    a, b = prepare(raw, seed=5), prepare(raw, seed=5)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.Y_test, b.Y_test)
    assert not np.array_equal(a.X_train, prepare(raw, seed=6).X_train)


def test_targets_in_engine_shapes():
    binary = prepare(make_dataset("xor", n=200), train_ratio=0.6)
    assert binary.Y_train.shape == (1, 120) and binary.n_y == 1
    assert np.array_equal(binary.Y_train[0], binary.labels_train)
    multi = prepare(make_dataset("blobs", n=200, n_classes=4))
    assert multi.Y_train.shape == (4, 100) and multi.n_y == 4
    assert np.array_equal(multi.Y_train.sum(axis=0), np.ones(100))
    assert np.array_equal(multi.Y_train.argmax(axis=0), multi.labels_train)
    regression = prepare(make_dataset("plane", n=200))
    assert regression.Y_test.dtype == np.float64 and regression.class_names == []
    assert np.array_equal(regression.Y_test[0], regression.labels_test)


def test_bounds_cover_the_data_in_raw_units():
    coffee = prepare(make_dataset("coffee", n=500))
    x1min, x1max, x2min, x2max = coffee.bounds
    assert (x1min, x1max) == pytest.approx((143.25, 291.75))  # 150–285 °C plus 5 %
    assert (x2min, x2max) == pytest.approx((11.3, 15.7))  # 11.5–15.5 min plus 5 %
    blobs = prepare(make_dataset("blobs", n=2000, noise=0.5))
    points = np.concatenate([blobs.points_train, blobs.points_test], axis=1)
    x1min, x1max, x2min, x2max = blobs.bounds
    assert x1min < points[0].min() and points[0].max() < x1max
    assert x2min < points[1].min() and points[1].max() < x2max
    assert x1min < -6.0 and x1max > 6.0  # wider than the designed window when points are


def test_digits_ignore_features_and_have_no_plane():
    data = prepare(make_dataset("digits", n=300), features=("x1^2",), train_ratio=0.8)
    assert data.n_x == 64 and data.n_y == 10 and data.m_train == 240
    assert data.points_train is None and data.bounds is None and not data.has_boundary
    assert data.image_shape == (8, 8) and data.inputs_test.shape == (64, 60)
    assert np.allclose(data.transform(data.inputs_test), data.X_test)


def test_csv_with_three_features_is_projected_on_principal_components():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((200, 1))
    columns = np.hstack([base * 10, base + 0.1 * rng.standard_normal((200, 1)),
                         rng.standard_normal((200, 1))])
    rows = [f"{a},{b},{c},{'yes' if a > 0 else 'no'}" for a, b, c in columns]
    raw = load_csv("a,b,c,label\n" + "\n".join(rows), feature_columns=["a", "b", "c"])
    data = prepare(raw)
    assert data.projected and not data.has_boundary and data.n_x == 3
    assert data.points_train.shape == (2, 100) and data.points_test.shape == (2, 100)
    # a and b move together, so PC 1 carries most of the spread.
    assert data.points_train[0].var() > 1.5 * data.points_train[1].var()
    assert np.allclose(data.transform(data.inputs_test), data.X_test)
    two = prepare(load_csv("a,b,c,label\n" + "\n".join(rows)))
    assert not two.projected and two.has_boundary and two.feature_names == ("a", "b")
    assert two.features == ("x1", "x2")
