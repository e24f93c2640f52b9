"""Data-set generators: shapes, determinism, class balance, the noise-0 geometry, limits."""

import re

import numpy as np
import pytest

from engine.datasets import (
    COFFEE_DURATION,
    COFFEE_TEMPERATURE,
    DATASETS,
    DIGITS_COUNT,
    ECG_STEPS,
    GAUSSIAN_BUMPS,
    SIGNAL_DATASETS,
    coffee_is_good,
    make_dataset,
)

TWO_D = [name for name, info in DATASETS.items() if info.two_d]
CLASSIFIERS = [name for name, info in DATASETS.items() if info.problem != "regression"]


def test_registry_lists_every_set_of_the_issue():
    assert list(DATASETS) == [
        "circle", "xor", "gaussians", "spiral", "moons", "flower", "blobs", "spiral_arms",
        "coffee", "digits", "plane", "gaussian_mixture",
    ]  # fmt: skip
    assert {info.problem for info in DATASETS.values()} == {"binary", "multiclass", "regression"}
    assert DATASETS["blobs"].class_choices == DATASETS["spiral_arms"].class_choices == (3, 4, 5)
    assert DATASETS["digits"].max_examples == DIGITS_COUNT == 1797
    assert DATASETS["coffee"].input_names == ("temperature (°C)", "duration (min)")


@pytest.mark.parametrize("name", list(DATASETS))
def test_shapes_dtypes_and_class_names(name):
    info = DATASETS[name]
    raw = make_dataset(name, n=123, noise=0.2, seed=4)
    d = 2 if info.two_d else 64
    assert raw.points.shape == (d, 123) and raw.points.dtype == np.float64
    assert raw.labels.shape == (123,)
    assert raw.problem == info.problem and raw.name == name
    assert len(raw.input_names) == d
    assert np.isfinite(raw.points).all()
    if info.problem == "regression":
        assert raw.labels.dtype == np.float64 and raw.class_names == []
    else:
        assert raw.labels.dtype == np.int64
        assert len(raw.class_names) == info.n_classes
        assert set(np.unique(raw.labels)) <= set(range(info.n_classes))


@pytest.mark.parametrize("name", list(DATASETS))
def test_same_seed_same_bits_new_seed_new_data(name):
    a = make_dataset(name, n=300, noise=0.25, seed=11)
    b = make_dataset(name, n=300, noise=0.25, seed=11)
    c = make_dataset(name, n=300, noise=0.25, seed=12)
    assert np.array_equal(a.points, b.points) and np.array_equal(a.labels, b.labels)
    assert not np.array_equal(a.points, c.points)


@pytest.mark.parametrize("name", ["xor", "spiral", "flower", "coffee", "plane"])
def test_new_seed_gives_new_points_even_without_noise(name):
    assert not np.array_equal(
        make_dataset(name, n=200, seed=1).points, make_dataset(name, n=200, seed=2).points
    )


@pytest.mark.parametrize("name", ["circle", "gaussians", "spiral", "moons", "flower"])
def test_binary_sets_split_classes_in_half(name):
    counts = np.bincount(make_dataset(name, n=501, noise=0.3, seed=3).labels, minlength=2)
    assert counts.sum() == 501 and abs(counts[0] - counts[1]) <= 1


@pytest.mark.parametrize("name", ["blobs", "spiral_arms"])
@pytest.mark.parametrize("k", [3, 4, 5])
def test_multiclass_sets_balance_k_classes(name, k):
    raw = make_dataset(name, n=1001, noise=0.1, seed=0, n_classes=k)
    counts = np.bincount(raw.labels, minlength=k)
    assert len(counts) == k == len(raw.class_names)
    assert counts.max() - counts.min() <= 1


def test_multiclass_sets_default_to_three_classes():
    assert make_dataset("blobs").class_names == ["cluster 1", "cluster 2", "cluster 3"]
    assert make_dataset("spiral_arms").class_names == ["arm 1", "arm 2", "arm 3"]


def test_xor_and_coffee_class_balance():
    xor = make_dataset("xor", n=4000, seed=0).labels.mean()
    assert 0.47 < xor < 0.53
    # The course's good-roast triangle covers 112.9 / 540 = 20.9 % of the rectangle.
    coffee = make_dataset("coffee", n=10_000, seed=0).labels.mean()
    assert 0.19 < coffee < 0.23


def test_circle_noise_0_is_separable_by_radius_and_noise_mixes_it():
    raw = make_dataset("circle", n=1000, noise=0.0, seed=5)
    radius_sq = raw.points[0] ** 2 + raw.points[1] ** 2  # linear in the features x1², x2²
    inside = radius_sq < 3.75**2
    assert np.array_equal(inside, raw.labels == 1)
    assert np.allclose(np.sqrt(radius_sq), np.where(inside, 2.5, 5.0))
    noisy = make_dataset("circle", n=1000, noise=0.5, seed=5)
    noisy_inside = (noisy.points**2).sum(axis=0) < 3.75**2
    assert 0.8 < np.mean(noisy_inside == (noisy.labels == 1)) < 0.999


def test_xor_noise_0_follows_the_sign_of_x1_x2():
    raw = make_dataset("xor", n=2000, noise=0.0, seed=1)
    assert np.array_equal(raw.labels, (raw.points[0] * raw.points[1] >= 0).astype(int))
    assert np.abs(raw.points).min() >= 0.3 and np.abs(raw.points).max() <= 5.3
    noisy = make_dataset("xor", n=2000, noise=0.3, seed=1)
    agree = np.mean(noisy.labels == (noisy.points[0] * noisy.points[1] >= 0))
    assert 0.7 < agree < 0.99


def test_gaussians_noise_0_lie_on_either_side_of_x1_plus_x2():
    raw = make_dataset("gaussians", n=2000, noise=0.0, seed=2)
    side = (raw.points.sum(axis=0) > 0).astype(int)
    assert np.mean(side == raw.labels) > 0.999
    centres = [raw.points[:, raw.labels == c].mean(axis=1) for c in (0, 1)]
    assert np.allclose(centres, [[-2, -2], [2, 2]], atol=0.1)


def test_moons_noise_0_lie_on_their_half_circles():
    raw = make_dataset("moons", n=400, noise=0.0, seed=0)
    unit = raw.points / 3.0 + np.array([[0.5], [0.25]])  # undo the centring and scaling
    upper, lower = unit[:, raw.labels == 0], unit[:, raw.labels == 1]
    assert np.allclose(np.hypot(*upper), 1.0) and (upper[1] >= -1e-12).all()
    assert np.allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert (lower[1] <= 0.5 + 1e-12).all()


def test_spiral_noise_0_labels_follow_the_arm_of_each_point():
    for k, name in [(2, "spiral"), (4, "spiral_arms")]:
        raw = make_dataset(name, n=600, noise=0.0, seed=3, n_classes=None if k == 2 else k)
        r = np.hypot(*raw.points)
        theta = 1.75 * 2 * np.pi * (r / 5.0) + 2 * np.pi * raw.labels / k
        assert np.allclose(raw.points, r * np.stack([np.sin(theta), np.cos(theta)]))
        assert r.max() <= 5.0


def test_flower_noise_0_has_eight_petals_four_per_class():
    raw = make_dataset("flower", n=2000, noise=0.0, seed=0)
    angle = np.arctan2(raw.points[0], raw.points[1]) % (2 * np.pi)
    r = np.hypot(*raw.points)
    assert np.allclose(r, 4.0 * np.abs(np.sin(4.0 * angle)))  # the rose r = a·sin 4θ, a = 4
    petal = np.floor(angle / (np.pi / 4)).astype(int)  # eight petals of 45°
    assert np.array_equal(raw.labels, np.isin(petal, [1, 3, 4, 6]).astype(int))


def test_coffee_in_real_units_and_noise_0_labels_follow_the_roast_band():
    raw = make_dataset("coffee", n=3000, noise=0.0, seed=9)
    temperature, duration = raw.points
    assert COFFEE_TEMPERATURE[0] <= temperature.min() and temperature.max() <= 285.0
    assert COFFEE_DURATION[0] <= duration.min() and duration.max() <= 15.5
    assert np.array_equal(raw.labels, coffee_is_good(temperature, duration).astype(int))
    assert raw.class_names == ["bad roast", "good roast"]
    # Inside the band is good; too cool (undercooked) and too hot (overcooked) are bad.
    assert coffee_is_good(np.array([200, 160, 270]), np.array([13, 13, 13])).tolist() == [
        True, False, False,
    ]  # fmt: skip
    noisy = make_dataset("coffee", n=3000, noise=0.2, seed=9)
    assert 0.7 < np.mean(noisy.labels == coffee_is_good(*noisy.points)) < 0.99


def test_blobs_noise_0_are_nearly_separable_by_nearest_centre():
    raw = make_dataset("blobs", n=1500, noise=0.0, seed=1, n_classes=5)
    centres = np.stack([raw.points[:, raw.labels == c].mean(axis=1) for c in range(5)])
    nearest = ((raw.points.T[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    assert np.mean(nearest == raw.labels) > 0.98
    assert np.allclose(np.hypot(*centres.T), 4.0, atol=0.15)


def test_digits_are_the_bundled_images():
    from sklearn.datasets import load_digits

    images, digits = load_digits(return_X_y=True)
    raw = make_dataset("digits", n=10_000, seed=0)
    assert raw.points.shape == (64, DIGITS_COUNT) and raw.image_shape == (8, 8)
    assert raw.class_names == [str(i) for i in range(10)]
    assert np.bincount(raw.labels).min() >= 170  # all ten digits, about 180 each
    # Same images and labels, in a seeded order; each image used once.
    order = np.lexsort(raw.points[::-1])
    reference = np.lexsort(images.T[::-1])
    assert np.array_equal(raw.points[:, order], images.T[:, reference])
    subset = make_dataset("digits", n=100, noise=0.0, seed=7)
    assert subset.points.shape == (64, 100)
    label_of = {image.tobytes(): digit for image, digit in zip(images, digits, strict=True)}
    chosen = [column.tobytes() for column in subset.points.T]
    assert len(set(chosen)) == 100  # drawn without replacement
    assert [label_of[image] for image in chosen] == subset.labels.tolist()


def test_digits_noise_changes_pixels_within_range():
    clean = make_dataset("digits", n=200, noise=0.0, seed=1)
    noisy = make_dataset("digits", n=200, noise=0.3, seed=1)
    assert np.array_equal(clean.labels, noisy.labels)
    assert noisy.points.min() >= 0.0 and noisy.points.max() <= 16.0
    assert 1.0 < np.abs(noisy.points - clean.points).mean() < 4.0


def test_plane_target_is_x1_plus_x2_over_ten():
    raw = make_dataset("plane", n=1000, noise=0.0, seed=0)
    assert np.allclose(raw.labels, raw.points.sum(axis=0) / 10.0)
    assert raw.labels.min() >= -1.2 and raw.labels.max() <= 1.2
    noisy = make_dataset("plane", n=1000, noise=0.3, seed=0)
    assert np.abs(noisy.labels - noisy.points.sum(axis=0) / 10.0).max() > 0.2


def test_gaussian_mixture_peaks_at_its_bumps():
    raw = make_dataset("gaussian_mixture", n=10_000, noise=0.0, seed=0)
    assert -1.0 <= raw.labels.min() < -0.9 and 0.9 < raw.labels.max() <= 1.0
    for cx, cy, sign in GAUSSIAN_BUMPS:
        near = np.hypot(raw.points[0] - cx, raw.points[1] - cy) < 0.2
        assert near.any() and (sign * raw.labels[near] > 0.89).all()
    # The origin is 2.5 from the nearest centre, beyond every bump's reach of 2.
    between = np.hypot(raw.points[0], raw.points[1]) < 0.4
    assert between.any() and (raw.labels[between] == 0).all()


@pytest.mark.parametrize(
    "name", ["circle", "xor", "spiral", "moons", "flower", "spiral_arms", "plane"]
)
def test_noise_0_sets_fit_the_tf_playground_window(name):
    raw = make_dataset(name, n=2000, noise=0.0, seed=0)
    assert np.abs(raw.points).max() <= 6.0
    assert raw.window == (-6.0, 6.0, -6.0, 6.0)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"name": "circle", "n": 10_001}, "between 10 and 10,000"),
        ({"name": "circle", "n": 5}, "between 10 and 10,000"),
        ({"name": "circle", "n": 50.5}, "whole number"),
        ({"name": "circle", "noise": 0.51}, "Noise must be between 0 and 0.5"),
        ({"name": "circle", "noise": -0.1}, "Noise must be between 0 and 0.5"),
        ({"name": "circle", "noise": float("nan")}, "Noise must be between 0 and 0.5"),
        ({"name": "circle", "seed": -1}, "seed"),
        ({"name": "blobs", "n_classes": 6}, "3 to 5 classes; got 6"),
        ({"name": "spiral_arms", "n_classes": 2}, "3 to 5 classes; got 2"),
        ({"name": "circle", "n_classes": 3}, "fixed number of classes"),
        ({"name": "squares"}, "Unknown data set 'squares'"),
        ({"name": ["circle"]}, "Unknown data set ['circle']"),
        ({"name": "circle", "noise": "a"}, "Noise must be a number between 0 and 0.5; got 'a'"),
        ({"name": "circle", "noise": None}, "Noise must be a number between 0 and 0.5; got None"),
        ({"name": "circle", "seed": True}, "seed must be a whole number"),
        ({"name": "blobs", "n_classes": "3"}, "3 to 5 classes; got '3'"),
    ],
)
def test_out_of_range_arguments_are_refused(kwargs, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        make_dataset(**kwargs)


def test_largest_size_and_fixed_class_count_are_accepted():
    assert make_dataset("spiral", n=10_000).m == 10_000
    assert make_dataset("digits", n_classes=10).m == 500


def test_digits_and_heartbeats_say_their_input_shape():
    assert DATASETS["digits"].input_shape == make_dataset("digits", n=20).input_shape == (8, 8, 1)
    assert all(info.input_shape is None for name, info in DATASETS.items() if name != "digits")
    assert "ecg" not in DATASETS  # not on the page yet: it needs conv layers
    assert SIGNAL_DATASETS["ecg"].input_shape == (1, ECG_STEPS, 1) == (1, 100, 1)


def test_heartbeats_are_seeded_balanced_and_differ_in_shape():
    raw = make_dataset("ecg", n=400, noise=0.0, seed=3)
    assert raw.points.shape == (100, 400) and raw.input_shape == (1, 100, 1)
    assert raw.class_names == ["normal beat", "abnormal beat"] and raw.labels.mean() == 0.5
    again = make_dataset("ecg", n=400, noise=0.0, seed=3)
    assert np.array_equal(raw.points, again.points) and np.array_equal(raw.labels, again.labels)
    assert not np.array_equal(raw.points, make_dataset("ecg", n=400, seed=4).points)
    # The QRS complex: a normal beat's tallest peak is narrow, an abnormal one's wide.
    above_half = (raw.points > 0.5 * raw.points.max(axis=0)).sum(axis=0)
    normal, abnormal = above_half[raw.labels == 0], above_half[raw.labels == 1]
    assert normal.max() < abnormal.min()
    # Noise σ = noise on each step: the difference to the noiseless beats has that spread.
    noisy = make_dataset("ecg", n=400, noise=0.3, seed=3)
    assert np.std(noisy.points - raw.points) == pytest.approx(0.3, rel=0.02)
