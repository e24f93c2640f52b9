"""The autoencoder problem type on the page (issue 19): settings (target = input, a mirrored
network around a 2-unit code, or 1 unit on 2-D inputs), its charts without a browser, and the
page through AppTest, hostile links included."""

import re

import numpy as np
import pytest

from playground.charts.autoencoder import (
    code_bounds,
    codes_scatter_svg,
    reconstruction_arrows_svg,
    reconstruction_pairs_image,
)
from playground.experiments.compare import Run
from playground.session import autoencoding, settings
from playground.session.state import Session
from tests.test_app import opened, session

AE = settings.AUTOENCODER


def test_the_network_mirrors_the_encoder_around_the_code_and_gives_the_input_back():
    values, notes = settings.validate({"problem": AE, "dataset": "digits",
                                       "layers": "16:tanh,8:relu"})
    assert notes == []
    spec = settings.network_spec(values, 64, 64, AE)
    assert [(layer["units"], layer["activation"]) for layer in spec["layers"]] == [
        (16, "tanh"), (8, "relu"), (2, "relu"), (8, "relu"), (16, "tanh"), (64, "linear")]
    assert spec["loss"] == "mean_squared_error" and settings.code_layer(spec) == 3
    linear = settings.network_spec({**values, "layers": []}, 64, 64, AE)
    assert [(la["units"], la["activation"]) for la in linear["layers"]] == [
        (2, "linear"), (64, "linear")]
    plane = settings.network_spec({**values, "layers": []}, 2, 2, AE)
    assert [la["units"] for la in plane["layers"]] == [1, 2]  # a 2-unit code of 2 inputs: I


def test_the_data_set_gives_its_inputs_as_targets_and_keeps_its_classes_for_colour():
    s = Session({"problem": AE, "dataset": "digits"})
    d = s.dataset
    assert d.problem == AE and d.Y_train is d.X_train and d.Y_test is d.X_test
    assert sorted(set(d.labels_test.tolist())) == list(range(10))
    s.epoch()
    assert s.metrics["train_accuracy"] is None and s.metrics["test_cost"] > 0
    assert s.net.layer_sizes == [64, 4, 2, 2, 2, 4, 64]


@pytest.mark.parametrize(("changes", "notice"), [
    ({"dataset": "plane"}, "Data set 'plane' is not an autoencoder data set; using 'circle'."),
    ({"dataset": "digits", "layers": "conv:4:3,8:tanh"},
     "Autoencoder: its decoder mirrors dense layers only, so the conv and pool layers were "
     "removed."),
    ({"layers": "4:tanh,4:tanh,4:tanh,4:tanh,4:tanh"},
     "Autoencoder: at most 3 encoder layers (the decoder mirrors them around the code); kept "
     "the first 3."),
])
def test_values_an_autoencoder_cannot_take_are_repaired_with_one_notice(changes, notice):
    values, notes = settings.validate({"problem": AE, **changes})
    assert notes == [notice]
    Session(values)  # builds


def test_the_codes_scatter_places_each_code_and_colours_it_by_class():
    codes = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, -1.0]])
    bounds = code_bounds(codes, margin=0.0)
    assert bounds == (0.0, 2.0, -1.0, 1.0)
    svg = codes_scatter_svg(codes, np.array([0, 1, 1]), ["zero", "one"], side=200)
    dots = re.findall(r"M([\d.]+) ([\d.]+)h0", svg)
    # x: 44 + (c1 − 0) / 2 · 200, y: 26 + (1 − c2) / 2 · 200 (with the 8 % margin)
    xs = [float(x) for x, _ in dots]
    assert len(dots) == 6  # each dot twice: outline and colour
    assert min(xs) < max(xs) and "zero" in svg and "one" in svg
    with pytest.raises(ValueError, match="codes must be"):
        codes_scatter_svg(np.zeros((3, 2)), np.zeros(2), ["a"])
    flat = code_bounds(np.zeros((2, 4)))
    assert flat[1] - flat[0] > 0 and flat[3] - flat[2] > 0


def test_the_plane_arrows_and_the_digit_pairs_hold_what_they_are_given():
    points = np.array([[0.0, 1.0], [0.0, 1.0]])
    svg = reconstruction_arrows_svg(points, points + 0.5, (-2, 2, -2, 2), [0, 1], side=200)
    assert svg.count("M") >= 2 and "class='adv-arrows'" in svg
    inputs = np.zeros((64, 3))
    image = reconstruction_pairs_image(inputs, inputs + 16, cols=3, cell=24, top=16)
    assert image.shape == (3 + 24 + 3, 6 * (24 + 3) + 3, 3)
    assert image[3 + 5, 3 + 5, 0] == 255 and image[3 + 5, 3 + 27 + 5, 0] == 25  # paper, ink
    with pytest.raises(ValueError, match="must be \\(64, k\\)"):
        reconstruction_pairs_image(np.zeros((64, 2)), np.zeros((64, 3)))


def test_reconstructions_in_the_data_units_undo_the_normalization():
    values, _ = settings.validate({"problem": AE, "dataset": "moons"})
    run = Run("moons", values)
    d = run.dataset
    np.testing.assert_allclose(autoencoding.in_data_units(d, d.X_train), d.points_train,
                               atol=1e-12)
    values, _ = settings.validate({"problem": AE, "features": ["x1^2", "x2^2"]})
    run = Run("squares", values)
    assert autoencoding.in_data_units(run.dataset, run.dataset.X_train) is None


def markdown(at) -> str:
    return " ".join(e.value for e in at.markdown)


def test_the_page_trains_an_autoencoder_on_digits_and_draws_codes_and_reconstructions():
    at = opened(problem=AE, dataset="digits", layers="16:tanh")
    at.button(key="epoch").click().run()
    assert not at.exception and not at.error
    page = markdown(at)
    assert "class='codes'" in page and "alt='reconstructions'" in page
    labels = [t.label for t in at.tabs]
    assert "Digits: confusion matrix" not in labels and "Adversarial examples" not in labels
    assert "Autoencoder" in session(at).link_params()["problem"].capitalize()


def test_the_page_draws_reconstruction_arrows_on_2d_data():
    at = opened(problem=AE, dataset="moons")
    at.button(key="epoch").click().run()
    assert not at.exception and not at.error
    assert "class='reconstructions'" in markdown(at)
    assert "Draw points" not in [t.label for t in at.tabs]


@pytest.mark.parametrize("params", [
    {"problem": "autoencoder", "dataset": "plane"},
    {"problem": "autoencoder", "dataset": "csv"},
    {"problem": "autoencoder", "layers": "conv:8:3,pool:max:2"},
    {"problem": "autoencoder", "dataset": "digits", "layers": ",".join(["64:relu"] * 8)},
    {"problem": "AUTOENCODER"},
    {"problem": "autoencoder", "dataset": "digits", "batch_norm": "true", "adversarial": "1"},
])
def test_hostile_autoencoder_links_open_the_page_with_notices(params):
    at = opened(**params)
    assert not at.exception and not at.error
    s = session(at)
    assert len(s.notes) <= 2, s.notes
    assert settings.validate(s.values) == (s.values, [])


def test_a_saved_autoencoder_run_is_restored_as_an_autoencoder():
    """The run's file (what a checkpoint and "Save" keep) loads back with its problem, its
    mirrored network and its parameters (engine.saving takes "autoencoder" with squared error
    and the data's own class names)."""
    from playground.running import kept_runs
    from playground.saving import loading

    saved = Session({"problem": AE, "dataset": "digits", "layers": "16:tanh"})
    saved.epoch()
    restored = Session()
    assert loading.restore(restored, kept_runs.document(saved)) == ""
    assert restored.values["problem"] == AE and restored.dataset.problem == AE
    assert restored.net.layer_sizes == [64, 16, 2, 16, 64]
    assert restored.net.epochs_done == 1
    assert all(np.array_equal(saved.net.parameters[k], restored.net.parameters[k])
               for k in saved.net.parameters)
