"""The settings table: defaults, validation (the future share-link parser) and the engine spec."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import engine
from playground.session import settings
from playground.session.settings import BY_NAME, SETTINGS


def test_every_name_is_unique_and_every_default_is_allowed():
    assert len(BY_NAME) == len(SETTINGS)
    clean, messages = settings.validate(settings.defaults())
    assert messages == []
    assert clean == settings.defaults()
    for s in SETTINGS:
        if s.kind in ("choice", "log-choice"):
            assert s.default in s.choices, s.name
        if s.kind in ("int", "float"):
            assert s.low <= s.default <= s.high, s.name


def test_the_table_says_which_settings_reset_the_network():
    resets = {s.name for s in SETTINGS if s.resets_network}
    keeps = {s.name for s in SETTINGS if not s.resets_network}
    assert {"layers", "init", "seed", "batch_norm", "dataset", "noise", "features",
            "data_seed", "train_ratio"} <= resets
    assert {"learning_rate", "optimizer", "beta1", "beta2", "epsilon", "decay", "l2",
            "keep_prob", "batch_size", "show_test", "discretize", "log_cost"} <= keeps


def test_learning_rates_are_tf_playgrounds_log_scale_from_1e_5_to_10():
    rates = BY_NAME["learning_rate"].choices
    assert rates[0] == 1e-5 and rates[-1] == 10.0
    assert BY_NAME["learning_rate"].kind == "log-choice"
    assert {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0} <= set(rates)
    assert all(a < b for a, b in zip(rates, rates[1:], strict=False))


def test_validate_parses_strings_as_a_share_link_would_send_them():
    clean, messages = settings.validate({
        "learning_rate": "0.3", "noise": "20", "show_test": "true", "batch_size": "full",
        "features": "x1,x2,x1x2", "layers": "8:relu,3:sigmoid", "beta1": "0.8",
    })
    assert messages == []
    assert clean["learning_rate"] == 0.3
    assert clean["noise"] == 20
    assert clean["show_test"] is True
    assert clean["batch_size"] == 0
    assert clean["features"] == ("x1", "x2", "x1x2")
    assert clean["layers"] == [{"units": 8, "activation": "relu"},
                               {"units": 3, "activation": "sigmoid"}]
    assert clean["beta1"] == 0.8


def test_out_of_range_values_are_clamped_with_a_message():
    clean, messages = settings.validate({"noise": 99, "train_ratio": -5, "keep_prob": 0.1})
    assert (clean["noise"], clean["train_ratio"], clean["keep_prob"]) == (50, 10, 0.5)
    assert messages == ["Noise: 99 is above 50; using 50.",
                        "Training data: -5 is below 10; using 10.",
                        "Dropout keep_prob: 0.1 is below 0.5; using 0.5."]


def test_a_rate_off_the_ladder_snaps_to_the_nearest_rung_in_log_space():
    clean, messages = settings.validate({"learning_rate": 0.05, "l2": 0.002})
    assert clean["learning_rate"] == 0.03  # |log 0.05 - log 0.03| = 0.22 < 0.30 to 0.1
    assert clean["l2"] == 0.003
    assert messages[0] == "Learning rate: 0.05 is not on the scale; using 0.03."


def test_layers_are_held_to_the_engine_limits():
    clean, messages = settings.validate({"layers": [{"units": 100, "activation": "swish"}] * 10})
    assert len(clean["layers"]) == settings.MAX_HIDDEN_LAYERS == 8
    assert clean["layers"][0] == {"units": 64, "activation": "tanh"}
    assert messages[0] == "Hidden layers: at most 8; kept the first 8."
    assert "Hidden layer 1: 100 units is outside 1–64; using 64." in messages
    clean, _ = settings.validate({"layers": [{"units": 0}]})
    assert clean["layers"] == [{"units": 1, "activation": "tanh"}]
    clean, messages = settings.validate({"layers": ""})
    assert clean["layers"] == [] and messages == []


@pytest.mark.parametrize("raw", [float("nan"), "abc", None, [1, 2], {"a": 1}, True])
def test_malformed_values_fall_back_to_the_default_with_a_message(raw):
    clean, messages = settings.validate({"learning_rate": raw, "noise": raw})
    assert clean["learning_rate"] == 0.03 and clean["noise"] == 0
    assert len(messages) == 2


def test_unknown_names_are_ignored_and_reported():
    clean, messages = settings.validate({"lerning_rate": 0.1})
    assert clean == settings.defaults()
    assert messages == ["Unknown setting 'lerning_rate' ignored."]


def test_the_data_set_must_belong_to_the_problem_type():
    clean, messages = settings.validate({"problem": "regression"})
    assert clean["dataset"] == "plane" and messages == []
    clean, messages = settings.validate({"problem": "multiclass", "dataset": "xor"})
    assert clean["dataset"] == "blobs"
    assert messages == ["Data set 'xor' is not a multi-class data set; using 'blobs'."]
    assert settings.datasets_for("binary")[-1] == settings.CSV_DATASET


values_strategy = st.dictionaries(
    st.sampled_from([s.name for s in SETTINGS] + ["bogus"]),
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(),
              st.text(max_size=12), st.lists(st.integers(-5, 100), max_size=10)),
    max_size=8,
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(values_strategy)
def test_validate_never_raises_and_its_output_is_clean(values):
    clean, _ = settings.validate(values)
    again, messages = settings.validate(clean)
    assert again == clean and messages == []
    spec = settings.network_spec(clean, 2, 1, "binary")
    engine.normalize_spec(spec)  # the engine accepts whatever validate lets through


@pytest.mark.parametrize("problem, n_y, output, loss", [
    ("binary", 1, "sigmoid", "binary_cross_entropy"),
    ("multiclass", 3, "softmax", "categorical_cross_entropy"),
    ("regression", 1, "linear", "mean_squared_error"),
])
def test_output_activation_and_loss_follow_the_problem_type(problem, n_y, output, loss):
    values = settings.defaults()
    spec = settings.network_spec(values, 2, n_y, problem)
    assert spec["layers"][-1] == {"units": n_y, "activation": output}
    assert spec["loss"] == loss
    net = engine.Network.from_spec(spec)
    assert net.layer_sizes == [2, 4, 2, n_y]


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
@pytest.mark.parametrize("decay", settings.DECAYS)
def test_every_optimizer_and_decay_gives_a_spec_the_engine_accepts(optimizer, decay):
    values, _ = settings.validate({"optimizer": optimizer, "decay": decay, "beta1": 0.8,
                                   "learning_rate": 0.1, "batch_size": 0, "l2": 0.01})
    spec = engine.normalize_spec(settings.network_spec(values, 3, 1, "binary"))
    assert spec["optimizer"]["name"] == optimizer
    assert spec["optimizer"]["learning_rate"] == 0.1
    # β1 reaches the optimizers that read it; gd and RMSprop keep the default (the engine
    # refuses a β an optimizer would ignore).
    reads = "beta1" in engine.spec.OPTIMIZER_READS[optimizer]
    assert spec["optimizer"]["beta1"] == (0.8 if reads else 0.9)
    assert spec["batch_size"] is None and spec["l2"] == 0.01
    assert (spec["optimizer"]["decay"] is None) == (decay == "none")


def test_init_scale_reaches_the_engine_for_random_initialization_only():
    values, _ = settings.validate({"init": "random", "init_scale": 10})
    spec = engine.normalize_spec(settings.network_spec(values, 2, 1, "binary"))
    assert spec["init_scale"] == 10.0
    W1 = engine.Network.from_spec(spec).parameters["W1"]
    small = engine.Network.from_spec({**spec, "init_scale": 0.01}).parameters["W1"]
    assert np.allclose(W1, small * 1000)  # the same draws, 1000 times larger
    values, _ = settings.validate({"init": "xavier", "init_scale": 10})
    assert settings.network_spec(values, 2, 1, "binary")["init_scale"] is None


def test_data_options_for_make_dataset_and_prepare():
    values, _ = settings.validate({"noise": 25, "train_ratio": 70, "data_seed": 7})
    options = settings.data_options(values)
    assert options["make"] == {"name": "circle", "n": 500, "noise": 0.25, "seed": 7,
                               "n_classes": None}
    assert options["prepare"] == {"features": ("x1", "x2"), "train_ratio": 0.7, "seed": 7,
                                  "normalize": True}
    values, _ = settings.validate({"normalize": "false"})
    assert settings.data_options(values)["prepare"]["normalize"] is False
    values, _ = settings.validate({"problem": "multiclass", "dataset": "digits",
                                   "n_points": 2000, "n_classes": 4})
    options = settings.data_options(values)
    assert options["make"]["n"] == 1797 and options["make"]["n_classes"] is None
    values, _ = settings.validate({"problem": "multiclass", "n_classes": 4})
    assert settings.data_options(values)["make"]["n_classes"] == 4
    raw = engine.make_dataset(**settings.data_options(values)["make"])
    assert len(raw.class_names) == 4


def test_changed_lists_the_settings_that_differ():
    old = settings.defaults()
    new, _ = settings.validate({"learning_rate": 0.1, "layers": "4:tanh,2:tanh"})
    assert [s.name for s in settings.changed(old, new)] == ["learning_rate"]
    assert math.isclose(new["learning_rate"], 0.1)
    assert np.all([not s.resets_network for s in settings.changed(old, new)])


@hypothesis_settings(max_examples=200, deadline=None)
@given(values_strategy)
def test_settings_survive_a_round_trip_through_text(values):
    clean, _ = settings.validate(values)
    text = settings.changed_as_text(clean)
    assert all(isinstance(v, str) for v in text.values())
    assert settings.validate(text) == (clean, [])


def test_only_changed_settings_are_written_as_text():
    values, _ = settings.validate({"learning_rate": 0.3, "batch_size": 0, "show_test": True,
                                   "layers": "8:relu", "features": ["x1", "x1x2"]})
    assert settings.changed_as_text(values) == {
        "features": "x1,x1x2", "layers": "8:relu", "learning_rate": "0.3",
        "batch_size": "full", "show_test": "true"}
    assert settings.changed_as_text(settings.defaults()) == {}


def test_the_menus_are_the_engines_registries():
    assert BY_NAME["optimizer"].choices == tuple(engine.OPTIMIZERS)
    assert BY_NAME["init"].choices == tuple(engine.initializers.INITIALIZERS)
    assert BY_NAME["layers"].choices == tuple(engine.HIDDEN_ACTIVATIONS)
    for output, loss in settings.OUTPUT.values():
        assert output in engine.ACTIVATIONS and loss in engine.LOSSES


def test_a_new_engine_optimizer_initializer_or_activation_reaches_the_page(monkeypatch):
    """settings.py re-listed them: a new one in engine/ never appeared on the page."""
    import importlib

    monkeypatch.setitem(engine.OPTIMIZERS, "nadam", engine.OPTIMIZERS["adam"])
    monkeypatch.setitem(engine.initializers.INITIALIZERS, "lecun",
                        engine.initializers.INITIALIZERS["xavier"])
    monkeypatch.setattr(engine, "HIDDEN_ACTIVATIONS", (*engine.HIDDEN_ACTIVATIONS, "swish"))
    try:
        fresh = importlib.reload(settings)
        assert "nadam" in fresh.BY_NAME["optimizer"].choices
        assert "lecun" in fresh.BY_NAME["init"].choices
        clean, messages = fresh.validate({"optimizer": "nadam", "init": "lecun",
                                          "layers": "3:swish"})
        assert messages == []
        assert clean["layers"] == [{"units": 3, "activation": "swish"}]
    finally:
        monkeypatch.undo()
        importlib.reload(settings)


def test_speed_settings_set_how_much_a_frame_trains():
    assert BY_NAME["speed"].default == "fast"  # today's behaviour stays the default
    limits = {name: settings.frame_limits({"speed": name}) for name in settings.SPEEDS}
    assert limits["step"] == {"max_steps": 1, "max_epochs": None}
    assert limits["slow"] == {"max_steps": None, "max_epochs": 1}
    assert limits["fast"] == {"max_steps": None, "max_epochs": None}
    clean, messages = settings.validate({"speed": "slow", "run_epochs": "20"})
    assert messages == [] and (clean["speed"], clean["run_epochs"]) == ("slow", 20)
    assert not BY_NAME["speed"].resets_network and not BY_NAME["run_epochs"].resets_network
