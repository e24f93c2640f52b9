"""The engine's own contract: gradients, stability, records, spec handling, divergence."""

import json
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.trace import Series
from tests.conftest import network, train_epochs

OUTPUTS = {  # loss -> (output activation, output units, how to make Y)
    "binary_cross_entropy": ("sigmoid", 1),
    "categorical_cross_entropy": ("softmax", 3),
    "mean_squared_error": ("tanh", 2),
}


def make_targets(loss, units, m, rng):
    if loss == "binary_cross_entropy":
        return (rng.random((1, m)) > 0.5).astype(float)
    if loss == "categorical_cross_entropy":
        return np.eye(units)[rng.integers(0, units, m)].T
    return rng.uniform(-0.9, 0.9, (units, m))


def small_net(hidden, loss, seed=0, n_x=3, widths=(5, 4), **extra):
    """3-5-4-output for ``loss``, with random biases."""
    out_act, out_units = OUTPUTS[loss]
    layers = [(w, hidden) for w in widths] + [(out_units, out_act)]
    net = network(layers, n_x=n_x, loss=loss, seed=seed, **extra)
    # Non-zero biases keep ReLU away from its kink at exactly z = 0, where the two-sided
    # difference and the (one-sided) derivative legitimately disagree.
    rng = np.random.default_rng(seed + 100)
    for key, P in net.parameters.items():
        if key.startswith(("b", "beta")):
            P[...] = rng.uniform(-0.5, 0.5, P.shape)
    return net


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.sampled_from(HIDDEN_ACTIVATIONS), loss=st.sampled_from(sorted(OUTPUTS)),
       l2=st.sampled_from([0.0, 0.7]), batch_norm=st.booleans(), seed=st.integers(0, 10_000),
       m=st.integers(2, 9))
def test_backprop_matches_numerical_gradient(hidden, loss, l2, batch_norm, seed, m):
    rng = np.random.default_rng(seed)
    net = small_net(hidden, loss, seed=seed, l2=l2, batch_norm=batch_norm)
    X = rng.standard_normal((3, m))
    Y = make_targets(loss, net.layer_sizes[-1], m, rng)
    assert engine.gradient_check(net, X, Y) < 1e-7


@pytest.mark.parametrize("output", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_mean_squared_error_gradient_for_every_output_activation(output):
    rng = np.random.default_rng(1)
    net = network([(4, "tanh"), (1, output)], loss="mean_squared_error", seed=3)
    net.parameters["b2"][...] = 0.3  # away from relu's kink
    X, Y = rng.standard_normal((2, 6)), rng.standard_normal((1, 6))
    assert engine.gradient_check(net, X, Y) < 1e-7


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
def test_dropout_gradient_with_a_fixed_mask(hidden):
    rng = np.random.default_rng(2)
    net = small_net(hidden, "binary_cross_entropy", seed=4, keep_prob=0.6)
    X, Y = rng.standard_normal((3, 8)), (rng.random((1, 8)) > 0.5).astype(float)
    assert engine.gradient_check(net, X, Y) < 1e-7


def test_gradient_check_finds_a_wrong_gradient():
    """The check must be able to fail: corrupt backprop and the verdict becomes 'bug'."""
    rng = np.random.default_rng(0)
    net = small_net("tanh", "binary_cross_entropy")
    X, Y = rng.standard_normal((3, 5)), np.array([[0.0, 1, 1, 0, 1]])
    original = net.backward

    def wrong_backward(Y):
        grads = original(Y)
        grads["dW1"] *= 2
        return grads

    net.backward = wrong_backward
    diff = engine.gradient_check(net, X, Y)
    assert diff > 1e-3
    assert engine.gradient_verdict(diff)[0] == "bug"
    assert engine.gradient_verdict(3e-9)[0] == "great"
    assert engine.gradient_verdict(3e-6)[0] == "check"


def test_gradient_check_restores_parameters_and_batch_norm_statistics():
    rng = np.random.default_rng(0)
    net = small_net("relu", "binary_cross_entropy", batch_norm=True)
    X, Y = rng.standard_normal((3, 6)), np.array([[0.0, 1, 1, 0, 1, 0]])
    net.step(X, Y)
    before = {k: v.copy() for k, v in net.parameters.items()}
    running = {k: v.copy() for k, v in net.bn_running.items()}
    engine.gradient_check(net, X, Y)
    for key in before:
        np.testing.assert_array_equal(net.parameters[key], before[key])
    for key in running:
        np.testing.assert_array_equal(net.bn_running[key], running[key])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_are_stable_for_huge_inputs(name):
    Z = np.array([[-1e4, -50.0, 0.0, 50.0, 1e4], [1e4, 3.0, -2.0, 0.5, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = ACTIVATIONS[name].forward(Z)
        if name != "softmax":
            D = ACTIVATIONS[name].derivative(Z, A)
            assert np.isfinite(D).all()
    assert np.isfinite(A).all()
    if name == "sigmoid":
        assert A[0, 0] == 0.0 and A[0, 4] == 1.0 and A[0, 2] == 0.5
    if name == "softmax":
        np.testing.assert_allclose(A.sum(axis=0), 1.0)
        assert A[1, 0] == 1.0  # column 0: z = (-1e4, 1e4)


def test_saturated_cross_entropy_is_large_and_finite():
    bce = engine.LOSSES["binary_cross_entropy"]
    cost = bce.cost(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))  # confidently wrong
    assert np.isfinite(cost) and cost > 30
    cce = engine.LOSSES["categorical_cross_entropy"]
    assert 30 < cce.cost(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]])) < np.inf


def test_cost_adds_the_l2_term():
    net = small_net("tanh", "mean_squared_error", l2=0.5)
    X, Y = np.ones((3, 4)), np.zeros((2, 4))
    AL = net.forward(X)
    plain = np.sum(AL ** 2) / (2 * 4)
    frob = sum(np.sum(net.parameters[f"W{l}"] ** 2) for l in (1, 2, 3))
    assert net.cost(X, Y) == pytest.approx(plain + 0.5 / (2 * 4) * frob, rel=1e-12)


def test_spec_round_trips_through_json_with_defaults_filled_in():
    net = network([(1, "sigmoid")])
    spec = json.loads(json.dumps(net.spec))
    assert spec["optimizer"] == {"name": "gd", "learning_rate": 0.03, "beta1": 0.9,
                                 "beta2": 0.999, "epsilon": 1e-8, "decay": None}
    assert spec["init"] == "xavier" and spec["batch_size"] is None and spec["l2"] == 0.0
    again = engine.Network.from_spec(spec)
    for key in net.parameters:
        np.testing.assert_array_equal(again.parameters[key], net.parameters[key])


@pytest.mark.parametrize("change, fragment", [
    ({"colour": 1}, "'colour'"),
    ({"loss": "hinge"}, "loss must be one of"),
    ({"init": "orthogonal"}, "init must be one of"),
    ({"keep_prob": 0}, "keep_prob"),
    ({"optimizer": {"name": "adam", "lr": 0.1}}, "'lr'"),
    ({"optimizer": {"name": "sgd"}}, "optimizer name"),
    ({"optimizer": {"decay": {"kind": "cosine"}}}, "decay kind"),
    ({"layers": [{"units": 3, "activation": "softmax"}, {"units": 1, "activation": "sigmoid"}]},
     "layer 1 activation"),
    ({"layers": [{"units": 2, "activation": "tanh"}], "loss": "binary_cross_entropy"},
     "needs an output activation"),
    ({"batch_size": 0}, "batch_size"),
    ({"seed": -1}, "seed"),
])
def test_bad_specs_are_rejected_with_a_message_naming_the_problem(change, fragment):
    spec = {"n_x": 2, "layers": [{"units": 1, "activation": "sigmoid"}], **change}
    with pytest.raises(ValueError, match=fragment):
        engine.Network.from_spec(spec)


def test_parameters_are_views_so_writes_and_replacements_reach_the_network():
    net = small_net("tanh", "binary_cross_entropy")
    X, Y = np.ones((3, 2)), np.array([[1.0, 0.0]])
    net.parameters["W1"][...] = 0.0
    np.testing.assert_array_equal(net.forward_all(X)[1], np.tanh(net.parameters["b1"] + 0 * X[:1]))
    net.parameters["W2"] = np.full((4, 5), 0.25)  # replaced, not written into
    record = net.step(X, Y)
    np.testing.assert_array_equal(record.layers[1].W, np.full((4, 5), 0.25))  # the one used
    np.testing.assert_allclose(record.layers[1].Z, 0.25 * record.layers[0].A.sum(axis=0)
                               + record.layers[1].b, rtol=1e-12)
    assert net.parameters["W2"].base is not None  # a view of the flat vector again
    with pytest.raises(ValueError, match="W1 must have shape"):
        net.parameters["W1"] = np.zeros((2, 2))
        net.step(X, Y)


def test_step_record_holds_the_course_quantities():
    rng = np.random.default_rng(0)
    net = network([(4, "relu"), (3, "tanh"), (1, "sigmoid")], seed=1,
                  optimizer={"name": "gd", "learning_rate": 0.5})
    X, Y = rng.standard_normal((2, 7)), (rng.random((1, 7)) > 0.5).astype(float)
    W = {k: v.copy() for k, v in net.parameters.items()}
    record = net.step(X, Y)
    first, second, out = record.layers
    assert first.Z.shape == (4, 7) and first.dW.shape == (4, 2) and first.db.shape == (4, 1)
    np.testing.assert_allclose(first.Z, W["W1"] @ X + W["b1"])
    np.testing.assert_allclose(second.A, np.tanh(W["W2"] @ first.A + W["b2"]))
    np.testing.assert_allclose(out.dZ, out.A - Y)
    np.testing.assert_allclose(second.dZ, (W["W3"].T @ out.dZ) * (1 - second.A ** 2))
    np.testing.assert_allclose(second.dW, second.dZ @ first.A.T / 7)
    np.testing.assert_allclose(net.parameters["W2"], W["W2"] - 0.5 * second.dW)
    assert second.update_ratio == pytest.approx(
        np.linalg.norm(0.5 * second.dW) / np.linalg.norm(net.parameters["W2"]))
    assert first.saturation_kind == "dead" and second.saturation_kind == "saturated"
    dead_units = np.sum(~(first.Z > 0).any(axis=1))
    assert first.saturation == dead_units / 4
    assert second.saturation == np.mean(np.abs(second.A) > 0.99)
    x, cost = net.history.series("cost")
    assert list(x) == [1.0] and cost[0] == record.cost
    assert net.history.series("dW_norm2")[1][0] == pytest.approx(np.linalg.norm(second.dW))


def test_a_kept_record_is_not_overwritten_by_the_next_step():
    net = small_net("tanh", "binary_cross_entropy")
    X, Y = np.ones((3, 2)), np.array([[1.0, 0.0]])
    first = net.step(X, Y)
    dW = first.layers[0].dW.copy()
    net.step(X, Y)
    np.testing.assert_array_equal(first.layers[0].dW, dW)


def test_same_spec_and_seed_give_bit_identical_runs_with_dropout_and_minibatches():
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((3, 37)), (rng.random((1, 37)) > 0.5).astype(float)
    runs = []
    for _ in range(2):
        net = small_net("relu", "binary_cross_entropy", seed=9, keep_prob=0.8, batch_size=8,
                        optimizer={"name": "adam", "learning_rate": 0.01})
        train_epochs(net, X, Y, 3)
        runs.append(net)
    assert runs[0].steps_done == 15  # 37 examples in batches of 8: 8, 8, 8, 8, 5
    for key in runs[0].parameters:
        np.testing.assert_array_equal(runs[0].parameters[key], runs[1].parameters[key])


def test_changing_the_learning_rate_keeps_parameters_and_optimizer_state():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((3, 10)), (rng.random((1, 10)) > 0.5).astype(float)
    net = small_net("tanh", "binary_cross_entropy", optimizer={"name": "adam"})
    net.step(X, Y)
    W1 = net.parameters["W1"].copy()
    net.update_settings(optimizer={"learning_rate": 0.5}, l2=0.1, batch_size=4)
    np.testing.assert_array_equal(net.parameters["W1"], W1)
    assert net.optimizer.t == 1 and net.spec["optimizer"]["learning_rate"] == 0.5
    assert net.spec["l2"] == 0.1 and net.spec["batch_size"] == 4
    net.update_settings(optimizer={"name": "momentum"})
    assert net.optimizer.name == "momentum" and net.optimizer.v is None
    with pytest.raises(ValueError, match="learning_rate"):
        net.update_settings(optimizer={"learning_rate": -1})
    net.update_settings(optimizer={"beta1": 0.5})  # the same optimizer: its β, its averages
    assert net.optimizer.beta1 == 0.5 and net.spec["optimizer"]["beta1"] == 0.5
    with pytest.raises(ValueError, match="seed cannot change on a running network"):
        net.update_settings(seed=3)  # its parameters were drawn from the seed
    assert net.spec["seed"] == 0 and net.spec["l2"] == 0.1


def test_divergence_keeps_the_last_finite_parameters_and_reports_the_layer():
    rng = np.random.default_rng(0)
    net = network([(8, "relu"), (1, "linear")], init="he", loss="mean_squared_error",
                  optimizer={"name": "gd", "learning_rate": 1e5})
    X, Y = rng.standard_normal((2, 50)) * 100, rng.standard_normal((1, 50)) * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning may leak
        for _ in range(40):
            net.step(X, Y)
    assert net.divergence is not None
    assert net.divergence.layer in (1, 2)
    assert f"step {net.divergence.step}" in net.divergence.message
    assert all(np.isfinite(P).all() for P in net.parameters.values())
    steps = net.steps_done
    frozen = net.parameters["W1"].copy()
    net.step(X, Y)  # does nothing more
    assert net.steps_done == steps
    np.testing.assert_array_equal(net.parameters["W1"], frozen)


def test_history_series_stay_bounded_and_keep_the_ends():
    series = Series(capacity=100)
    for i in range(1, 10_001):
        series.append(i, float(i))
    x, y = series.arrays()
    assert len(x) <= 100 and x[0] == 1 and x[-1] > 9_800
    assert np.all(np.diff(x) > 0)


def test_batch_norm_uses_running_statistics_at_inference():
    rng = np.random.default_rng(0)
    net = small_net("relu", "binary_cross_entropy", batch_norm=True)
    X, Y = rng.standard_normal((3, 64)) * 3 + 2, (rng.random((1, 64)) > 0.5).astype(float)
    for _ in range(50):
        net.step(X, Y)
    mu = net.bn_running["mu1"]
    np.testing.assert_allclose(mu, (net.parameters["W1"] @ X).mean(axis=1, keepdims=True),
                               rtol=0.1, atol=0.05)
    # Inference of one example does not depend on the other examples in the batch.
    alone = net.forward(X[:, :1])
    together = net.forward(X)[:, :1]
    np.testing.assert_allclose(alone, together)
    assert "b1" not in net.parameters and "gamma1" in net.parameters and "b3" in net.parameters


def test_trainer_walks_minibatches_and_records_metrics_per_epoch():
    class Data:
        problem = "binary"
        rng = np.random.default_rng(0)
        X_train = rng.standard_normal((2, 10))
        Y_train = (X_train[:1] > 0).astype(float)
        X_test, Y_test = X_train[:, :4], Y_train[:, :4]

    net = network([(1, "sigmoid")], batch_size=4,
                  optimizer={"name": "gd", "learning_rate": 1.0})
    trainer = engine.Trainer(net, Data)
    trainer.step()
    assert net.steps_done == 1 and net.epochs_done == 0
    trainer.epoch()  # finishes the current epoch: batches of 4, 4, 2
    assert net.steps_done == 3 and net.epochs_done == 1
    trainer.run_epochs(20)
    assert net.epochs_done == 21 and net.steps_done == 63
    x, acc = trainer.history.series("train_accuracy")
    assert list(x[:3]) == [0, 1, 2] and len(x) == 22
    assert trainer.metrics["train_accuracy"] == 1.0 == acc[-1]


def test_the_engine_has_no_server_limits():
    """The shared server's limits are the playground's (playground/session/limits.py): the engine
    builds 9 hidden layers, 128 units and steps on 10,001 examples."""
    deep = network([(2, "tanh")] * 9 + [(1, "sigmoid")])
    assert deep.L == 10
    wide = network([(128, "tanh"), (1, "sigmoid")])
    assert wide.parameters["W1"].shape == (128, 2)
    net = network([(1, "sigmoid")], n_x=1)
    record = net.step(np.zeros((1, 10_001)), np.zeros((1, 10_001)))
    assert record.cost == pytest.approx(np.log(2))  # σ(0) = ½ on every example


def test_a_cost_that_creeps_up_is_divergence_long_before_overflow():
    """Learning rate 10 and L2 10 on 20 examples: each update multiplies W by 1 - αλ/m = -4, so
    the cost grows 16-fold a step (4.7e46, 2.4e94, ... on the page) without ever overflowing
    for 250 steps. It must be stopped once it is a million times its best."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 20))
    Y = ((X ** 2).sum(axis=0) < 1.2)[None, :] * 1.0
    net = network([(4, "tanh"), (1, "sigmoid")], l2=10.0,
                  optimizer={"name": "gd", "learning_rate": 10.0})
    costs = []
    for _ in range(30):
        costs.append(net.step(X, Y).cost)
        if net.divergence is not None:
            break
    assert net.divergence is not None, f"no divergence after costs up to {max(costs):.1e}"
    assert net.divergence.step == len(costs) and "grew" in net.divergence.message
    assert costs[-1] > 1e6 * min(costs) and max(costs[:-1]) <= 1e6 * max(min(costs), 1)
    # The parameters kept are those of the last sane cost, the step before.
    assert net.cost(X, Y) == pytest.approx(costs[-2], rel=1e-12)


@pytest.mark.parametrize("X, Y, fragment", [
    ([[0.0, 1.0], [1.0, 0.0]], np.array([[0.0, 1.0]]), "X must be a NumPy array"),
    (np.array([["a", "b"], ["c", "d"]]), np.array([[0.0, 1.0]]), "X must hold real numbers"),
    (np.array([[0.0, np.nan], [1.0, 0.0]]), np.array([[0.0, 1.0]]), "X holds NaN or infinite"),
    (np.array([[0.0, np.inf], [1.0, 0.0]]), np.array([[0.0, 1.0]]), "X holds NaN or infinite"),
    (np.zeros((2, 0)), np.zeros((1, 0)), r"X has no examples \(m = 0\)"),
    (np.zeros((0, 3)), np.zeros((1, 3)), r"X must have shape \(n_x=2, m\), got \(0, 3\)"),
    (np.zeros((2, 2)), np.array([[0.0, np.nan]]), "Y holds NaN or infinite"),
    (np.zeros((2, 2)), np.array([[0.0, 2.0]]), "Y for binary cross entropy must hold labels 0 "
                                               "or 1, got 2"),
    (np.zeros((2, 2)), np.array([[0.0, -1.0]]), "labels 0 or 1, got -1"),
    (np.zeros((2, 2)), [[0.0, 1.0]], "Y must be a NumPy array"),
    (np.zeros((2, 2)), np.zeros((1, 3)), r"Y must have shape \(n_y=1, 2\)"),
])
def test_bad_data_is_a_value_error_naming_the_argument(X, Y, fragment):
    net = network([(3, "tanh"), (1, "sigmoid")])
    with pytest.raises(ValueError, match=fragment):
        net.step(X, Y)
    with pytest.raises(ValueError, match=fragment):
        engine.gradient_check(net, X, Y)
    assert net.steps_done == 0


@pytest.mark.parametrize("Y, fragment", [
    (np.array([[0.0, 5.0], [1.0, 0.0], [0.0, 0.0]]), "must be one-hot .* got the value 5"),
    (np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]), "column 0 holds 2 ones"),
    (np.array([[0.0, 1.0], [0.0, 0.0], [0.0, 0.0]]), "column 0 holds 0 ones"),
])
def test_softmax_targets_must_be_one_hot(Y, fragment):
    net = network([(3, "tanh"), (3, "softmax")], loss="categorical_cross_entropy")
    with pytest.raises(ValueError, match=fragment):
        net.step(np.zeros((2, 2)), Y)


def test_softmax_targets_may_be_a_distribution_over_several_right_answers():
    """Hinton's family trees: "Colin's aunt" is ½ Jennifer, ½ Margaret. dZ = A − Y still is
    the gradient (Σ y = 1 in every column): backpropagation matches centred differences."""
    net = small_net("tanh", "categorical_cross_entropy")
    rng = np.random.default_rng(4)
    X = rng.standard_normal((3, 6))
    Y = np.eye(3)[[0, 1, 2, 0, 1, 2]].T
    Y[:, 1] = [0.5, 0.5, 0.0]
    Y[:, 4] = [1 / 3, 1 / 3, 1 / 3]
    assert engine.gradient_check(net, X, Y) < 1e-7
    record = net.step(X, Y)
    assert np.allclose(record.layers[-1].dZ, record.layers[-1].A - Y)
    for bad, fragment in ((np.array([[0.5], [0.2], [0.0]]), "column 0 sums to 0.7, not 1"),
                          (np.array([[1.5], [-0.5], [0.0]]), "got the value 1.5")):
        with pytest.raises(ValueError, match=fragment):
            net.step(X[:, :1], bad)


def test_the_trainer_checks_its_data_once_and_refuses_bad_data():
    net = network([(3, "tanh"), (1, "sigmoid")], batch_size=2)
    X = np.array([[0.0, 1.0, 2.0, np.nan], [1.0, 0.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match="X holds NaN"):
        engine.Trainer(net, engine.ArrayData(X, np.zeros((1, 4))))
    trainer = engine.Trainer(net, engine.ArrayData(np.nan_to_num(X), np.zeros((1, 4))))
    with pytest.raises(ValueError, match="got 2"):
        trainer.replace_data(engine.ArrayData(np.nan_to_num(X), np.full((1, 4), 2.0)))


def test_data_that_turns_bad_in_place_is_named_not_blamed_on_the_learning_rate():
    net = network([(3, "tanh"), (1, "sigmoid")])
    X, Y = np.ones((2, 4)), np.array([[0.0, 1.0, 1.0, 0.0]])
    net.step(X, Y)
    X[0, 2] = np.inf  # the same array, checked at the first step
    with pytest.raises(ValueError, match="X holds NaN or infinite"):
        net.step(X, Y)
    assert net.divergence is None


def test_a_spec_with_unknown_keys_of_mixed_types_is_a_value_error():
    with pytest.raises(ValueError, match=r"unknown spec key\(s\): 'colour', 1, None"):
        engine.Network.from_spec({"n_x": 2, "layers": [{"units": 1, "activation": "sigmoid"}],
                                  "colour": 1, 1: 2, None: 3})


def test_the_cost_is_one_definition_from_the_logits_everywhere():
    """A saturated output: the step's cost, net.cost and the trainer's train cost agree, and
    they are the real cross entropy (from Z[L]), not the clipped ~34.5 per example."""
    net = network([(1, "sigmoid")], n_x=1, optimizer={"name": "gd", "learning_rate": 1e-9})
    net.parameters["W1"][...] = 100.0
    X, Y = np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])
    exact = (100.0 + 200.0) / 2  # log(1 + e^z) - y z ≈ z for z ≫ 0
    trainer = engine.Trainer(net, engine.ArrayData(X, Y))
    assert trainer.metrics["train_cost"] == pytest.approx(exact, rel=1e-12)
    assert net.cost(X, Y) == pytest.approx(exact, rel=1e-12)
    assert trainer.step().cost == pytest.approx(exact, rel=1e-12)


def test_gradient_check_leaves_the_dropout_stream_and_training_unchanged():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((3, 8)), (rng.random((1, 8)) > 0.5) * 1.0
    checked, plain = (small_net("relu", "binary_cross_entropy", keep_prob=0.6, batch_norm=True)
                      for _ in range(2))
    checked.step(X, Y)
    plain.step(X, Y)
    engine.gradient_check(checked, X, Y)
    np.testing.assert_array_equal(checked.step(X, Y).layers[0].mask,
                                  plain.step(X, Y).layers[0].mask)
    for key in plain.parameters:
        np.testing.assert_array_equal(checked.parameters[key], plain.parameters[key])
