"""Every public door of the engine takes the shapes that have one meaning and refuses the
rest with a ValueError naming the argument (issue 30); no silent wrong numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import engine
from tests.conftest import network


def test_accuracy_takes_binary_labels_in_every_shape_with_one_meaning():
    AL = np.array([[0.9, 0.2, 0.7, 0.4]])  # predicts 1, 0, 1, 0
    y = np.array([1, 1, 0, 0])  # right on examples 0 and 3: 2 of 4
    hand = 2 / 4
    for Y in (y, y[None, :], y[:, None], y.astype(float)):
        assert engine.accuracy(AL, Y) == hand
    assert engine.accuracy(AL[0], y) == hand  # a 1-D AL is one output unit


def test_accuracy_takes_class_labels_or_one_hot_for_softmax():
    AL = np.array([[0.7, 0.1, 0.2], [0.2, 0.8, 0.2], [0.1, 0.1, 0.6]])  # predicts 0, 1, 2
    labels = np.array([0, 2, 2])  # 2 of 3 right
    for Y in (labels, labels[None, :], labels[:, None], engine.one_hot(labels, 3)):
        assert engine.accuracy(AL, Y) == pytest.approx(2 / 3)


def test_accuracy_counts_any_right_answer_of_a_distribution():
    AL = np.array([[0.7, 0.1, 0.2], [0.2, 0.8, 0.2], [0.1, 0.1, 0.6]])  # predicts 0, 1, 2
    Y = np.array([[0.5, 0.0, 1.0], [0.5, 0.5, 0.0], [0.0, 0.5, 0.0]])  # right, right, wrong
    assert engine.accuracy(AL, Y) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="distribution over the right answers"):
        engine.accuracy(AL, Y * 0.9)


@pytest.mark.parametrize("AL, Y, fragment", [
    (np.array([[0.9, 0.2]]), np.array([[2, 0]]), "Y for one output unit must hold labels 0 or 1"),
    (np.array([[0.9, 0.2]]), np.array([1, 0, 1]), r"Y must have shape \(n_y=1, 2\)"),
    (np.ones((3, 2)) / 3, np.array([0, 3]), "whole numbers 0 to 2"),
    (np.ones((3, 2)) / 3, np.ones((3, 2)), "one-hot"),
    (np.ones((3, 4)) / 3, np.eye(3)[:, [0, 1, 2, 0]].T, r"pass Y\.T"),
    ([[0.5]], np.array([1]), "AL must be a NumPy array"),
])
def test_accuracy_refuses_what_it_cannot_count(AL, Y, fragment):
    with pytest.raises(ValueError, match=fragment):
        engine.accuracy(AL, Y)


def test_one_hot():
    Y = engine.one_hot(np.array([2, 0, 1]))
    assert Y.tolist() == [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    assert engine.one_hot([0, 1], 4).shape == (4, 2)
    with pytest.raises(ValueError, match="labels go up to 5"):
        engine.one_hot([5], 3)


def test_backward_and_cost_take_1d_binary_labels_and_refuse_wrong_ones():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2, 6)), np.array([0, 1, 1, 0, 1, 0])
    net = network([(3, "tanh"), (1, "sigmoid")])
    net.forward(X, training=True)
    grads_1d = net.backward(y)
    net.forward(X, training=True)
    grads_2d = net.backward(y[None, :].astype(float))
    assert all(np.array_equal(grads_1d[k], grads_2d[k]) for k in grads_2d)
    assert net.cost(X, y) == net.cost(X, y[None, :])
    with pytest.raises(ValueError, match="labels 0 or 1, got 2"):
        net.backward(y + 1)
    with pytest.raises(ValueError, match=r"Y must have shape \(n_y=1, 6\), got \(1, 5\)"):
        net.backward(y[None, :5])


def test_softmax_labels_get_the_one_hot_hint_at_every_door():
    X, y = np.zeros((2, 4)), np.array([0, 1, 2, 1])
    net = network([(3, "tanh"), (3, "softmax")], loss="categorical_cross_entropy")
    hint = r"Y holds labels 0–2; a softmax output needs one-hot Y of shape \(3, m\): " \
           r"engine.one_hot\(y, 3\)"
    net.forward(X, training=True)
    for call in (lambda: net.step(X, y), lambda: net.cost(X, y), lambda: net.backward(y),
                 lambda: engine.Trainer(net, engine.ArrayData(X, y)), lambda: net.fit(X, y)):
        with pytest.raises(ValueError, match=hint):
            call()
    assert net.step(X, engine.one_hot(y, 3)).cost > 0


def test_transposed_x_is_refused_with_the_fix():
    net = network([(3, "tanh"), (1, "sigmoid")], n_x=4)
    with pytest.raises(ValueError, match=r"X has shape \(6, 4\): one row per example.*pass X\.T"):
        net.forward(np.zeros((6, 4)))


def test_default_loss_follows_the_output_activation():
    softmax = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 3,
                                                              "activation": "softmax"}]})
    linear = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 1,
                                                             "activation": "linear"}]})
    sigmoid = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 1,
                                                              "activation": "sigmoid"}]})
    assert (softmax.spec["loss"], linear.spec["loss"], sigmoid.spec["loss"]) == (
        "categorical_cross_entropy", "mean_squared_error", "binary_cross_entropy")


@pytest.mark.parametrize("optimizer, fragment", [
    ({"name": "gd", "beta1": 0.95}, "optimizer gd does not read beta1"),
    ({"name": "momentum", "beta2": 0.9}, "optimizer momentum does not read beta2"),
    ({"name": "rmsprop", "beta1": 0.5}, "beta1 is for momentum and adam"),
])
def test_a_beta_the_optimizer_does_not_read_is_refused(optimizer, fragment):
    with pytest.raises(ValueError, match=fragment):
        network([(1, "sigmoid")], optimizer=optimizer)


def test_switching_optimizer_drops_the_betas_the_new_one_does_not_read():
    net = network([(1, "sigmoid")], optimizer={"name": "adam", "beta1": 0.8})
    net.update_settings(optimizer={"name": "gd"})
    assert net.optimizer.name == "gd"


def test_network_of_a_plain_dict_says_to_use_from_spec():
    with pytest.raises(ValueError, match=r"engine.Network.from_spec\(spec\)"):
        engine.Network({"n_x": 2, "layers": [{"units": 1, "activation": "sigmoid"}]})


def test_trainer_takes_a_tuple_and_refuses_other_things():
    X, y = np.array([[0.0, 1.0, 2.0, 3.0]]), np.array([0, 0, 1, 1])
    net = network([(1, "sigmoid")], n_x=1)
    trainer = engine.Trainer(net, (X, y))
    assert trainer.data.Y_train.shape == (1, 4) and trainer.data.problem == "binary"
    with pytest.raises(ValueError, match="data must be an engine.ArrayData"):
        engine.Trainer(net, X)
    with pytest.raises(ValueError, match="net must be an engine Network"):
        engine.Trainer({"n_x": 1}, (X, y))


def test_array_data_takes_the_problem_from_the_loss_and_regression_has_no_accuracy():
    x = np.linspace(-3, 3, 40)[None, :]
    net = engine.Network.from_spec({"n_x": 1, "layers": [{"units": 8, "activation": "tanh"},
                                                         {"units": 1, "activation": "linear"}],
                                    "optimizer": {"name": "adam", "learning_rate": 0.01}})
    trainer = engine.Trainer(net, engine.ArrayData(x, np.sin(x)))
    trainer.run_epochs(3)
    assert trainer.data.problem == "regression"
    assert trainer.metrics["train_accuracy"] is None and trainer.metrics["train_cost"] > 0
    with pytest.raises(ValueError, match="problem must be one of"):
        engine.ArrayData(x, np.sin(x), problem="classification")


def test_array_data_test_set_is_measured():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2, 30))
    Y = (X[0] > 0).astype(float)
    net = network([(4, "tanh"), (1, "sigmoid")])
    trainer = engine.Trainer(net, engine.ArrayData(X[:, :20], Y[:20], X_test=X[:, 20:],
                                                   Y_test=Y[20:]))
    AL = net.predict(X[:, 20:])
    assert trainer.metrics["test_accuracy"] == engine.accuracy(AL, Y[20:])
    assert trainer.metrics["test_cost"] == pytest.approx(net.cost(X[:, 20:], Y[20:]))
    with pytest.raises(ValueError, match="give both X_test and Y_test"):
        engine.ArrayData(X, Y, X_test=X)


def test_unknown_series_names_are_a_key_error_listing_the_known_ones():
    X, Y = np.zeros((2, 4)), np.array([[0.0, 1.0, 0.0, 1.0]])
    net = network([(1, "sigmoid")])
    trainer = engine.Trainer(net, (X, Y))
    assert len(trainer.history.series("test_cost")[0]) == 0  # known, no test set
    with pytest.raises(KeyError, match="known: .*train_cost"):
        trainer.history.series("loss")
    net.step(X, Y)
    with pytest.raises(KeyError, match="cost"):
        net.history.series("costs")


def _diverging():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 20))
    Y = ((X ** 2).sum(axis=0) < 1.2)[None, :] * 1.0
    net = network([(4, "tanh"), (1, "sigmoid")], l2=10.0,
                  optimizer={"name": "gd", "learning_rate": 10.0})
    return net, X, Y


def test_run_epochs_warns_with_the_divergence_and_metrics_describe_the_parameters_held():
    net, X, Y = _diverging()
    trainer = engine.Trainer(net, (X, Y))
    with pytest.warns(RuntimeWarning, match="Training diverged at step"):
        trainer.run_epochs(100)
    assert net.divergence is not None
    assert trainer.metrics["train_cost"] == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert trainer.metrics["train_accuracy"] == engine.accuracy(net.predict(X), Y)


def test_a_decay_schedule_in_a_step_loop_warns_once_and_names_finish_epoch():
    X, Y = np.zeros((2, 4)), np.array([[0.0, 1.0, 0.0, 1.0]])
    net = network([(1, "sigmoid")], optimizer={"decay": {"kind": "exponential"}})
    with pytest.warns(UserWarning, match=r"advances once per epoch.*net.finish_epoch\(\)"):
        net.step(X, Y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.step(X, Y)  # said once
        engine.Trainer(network([(1, "sigmoid")], optimizer={"decay": {"kind": "exponential"}}),
                       (X, Y)).run_epochs(2)  # the Trainer counts epochs: no warning


def test_fit_is_the_trainer_in_one_line():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((2, 50))
    y = (X[0] * X[1] > 0).astype(int)
    spec = {"n_x": 2, "layers": [{"units": 8, "activation": "tanh"},
                                 {"units": 1, "activation": "sigmoid"}],
            "optimizer": {"name": "adam", "learning_rate": 0.05,
                          "decay": {"kind": "exponential", "base": 0.9}}}
    net = engine.Network.from_spec(spec)
    trainer = net.fit(X, y, epochs=4, batch_size=16, X_test=X[:, :10], Y_test=y[:10])
    by_hand = engine.Network.from_spec({**spec, "batch_size": 16})
    engine.Trainer(by_hand, (X, y[None, :], X[:, :10], y[None, :10])).run_epochs(4)
    assert net.epochs_done == 4 and net.steps_done == 4 * 4
    assert np.array_equal(net.parameters["W1"], by_hand.parameters["W1"])
    assert net.learning_rate == pytest.approx(0.05 * 0.9 ** 4)
    assert list(trainer.history.series("test_accuracy")[0]) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        net.fit(X, y, epochs=2.5)


def test_prepare_takes_one_input_column():
    raw = engine.RawData(points=np.linspace(0, 1, 20)[None, :], labels=np.arange(20) % 2,
                         class_names=["a", "b"], problem="binary", name="csv",
                         input_names=("x",))
    data = engine.prepare(raw)
    assert data.X_train.shape == (1, 10) and data.bounds is None


def test_accuracy_counts_soft_binary_labels_by_their_side_of_a_half():
    AL = np.array([[0.9, 0.2, 0.7]])
    assert engine.accuracy(AL, np.array([0.8, 0.3, 0.2])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="labels 0 or 1, got 1.5"):
        engine.accuracy(AL, np.array([1.5, 0.0, 1.0]))
