"""What the course teaches about networks, shown by the engine itself: depth without
non-linearity is still linear, symmetric initialization stays symmetric, sigmoid stacks vanish,
mini-batches keep the last partial batch, runs are reproducible, and bad settings fail loudly
(limits) or visibly (divergence) but never crash the page.
"""

import numpy as np
import pytest

import engine
from engine.training import minibatches
from playground.session import limits, settings
from tests.conftest import network as build_network
from tests.conftest import train_epochs

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def network(layers, optimizer=None, **spec):
    """The shared builder with this file's optimizer: Adam at 0.05."""
    return build_network(layers, optimizer=optimizer or {"name": "adam", "learning_rate": 0.05},
                         **spec)


def train(net, X, Y, steps):
    for _ in range(steps):
        net.step(X, Y)
    return net


def accuracy(net, X, Y):
    return engine.accuracy(net.forward(X), Y)


def noisy_xor(m=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(2, m))
    Y = (X[0] * X[1] < 0).astype(float).reshape(1, m)
    return X, Y


# --- non-linearity ---------------------------------------------------------------------------


def test_linear_hidden_layers_cannot_fit_xor():
    """Stacked linear layers are one linear map: no line separates XOR, so at most 3 of 4."""
    net = network([(8, "linear"), (8, "linear"), (1, "sigmoid")])
    train(net, XOR_X, XOR_Y, steps=300)
    assert accuracy(net, XOR_X, XOR_Y) <= 0.75


def test_linear_hidden_layers_cannot_fit_noisy_xor():
    X, Y = noisy_xor()
    net = network([(8, "linear"), (8, "linear"), (1, "sigmoid")])
    train(net, X, Y, steps=200)
    assert accuracy(net, X, Y) < 0.75  # the best line gets about half of the quadrants right


def test_tanh_network_fits_xor():
    net = network([(8, "tanh"), (1, "sigmoid")])
    train(net, XOR_X, XOR_Y, steps=300)
    assert accuracy(net, XOR_X, XOR_Y) == 1.0


def test_tanh_network_fits_noisy_xor():
    X, Y = noisy_xor()
    net = network([(8, "tanh"), (1, "sigmoid")])
    train(net, X, Y, steps=300)
    assert accuracy(net, X, Y) >= 0.95


# --- symmetry breaking -----------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_zero_initialization_keeps_hidden_units_identical(hidden):
    X, Y = noisy_xor(m=50)
    net = network([(4, hidden), (1, "sigmoid")], init="zeros")
    train(net, X, Y, steps=50)
    W1, W2 = net.parameters["W1"], net.parameters["W2"]
    # Every hidden unit gets the same gradient as every other, so all rows of W1 stay equal.
    np.testing.assert_array_equal(W1, np.broadcast_to(W1[0], W1.shape))
    np.testing.assert_array_equal(net.parameters["b1"], net.parameters["b1"][0, 0])
    np.testing.assert_array_equal(W2, W2[0, 0])
    if hidden == "sigmoid":
        # Not merely stuck at zero: sigmoid units output 0.5, so they do learn -- in lockstep.
        assert np.abs(W1).max() > 0


def test_random_initialization_breaks_symmetry():
    X, Y = noisy_xor(m=50)
    net = network([(4, "sigmoid"), (1, "sigmoid")], init="random")
    train(net, X, Y, steps=5)
    W1 = net.parameters["W1"]
    assert not np.allclose(W1, W1[0])


# --- vanishing gradients ---------------------------------------------------------------------
# The course's picture is 10 sigmoid layers; the engine allows at most 8 hidden layers, so these
# nets have 8 hidden + 1 output = 9 layers (8 sigmoid slopes of at most 0.25 between dW9 and dW1).

DEEP_HIDDEN = 8
DEEP_WIDTH = 32


def gradient_norm_ratio(hidden_activation, init):
    """||dW1|| / ||dW9|| after one step on a single 32-feature example with target 1.

    One example and n_x = width keep the comparison fair: no averaging over examples can cancel
    the output gradient, and dW1 and dW9 are both (dZ · a_prevᵀ) over 32 inputs.
    """
    X = np.random.default_rng(1).normal(size=(DEEP_WIDTH, 1))
    Y = np.ones((1, 1))
    layers = [(DEEP_WIDTH, hidden_activation)] * DEEP_HIDDEN + [(1, "sigmoid")]
    net = network(
        layers, n_x=DEEP_WIDTH, init=init, optimizer={"name": "gd", "learning_rate": 0.01}
    )
    net.step(X, Y)
    records = net.latest.layers
    assert len(records) == DEEP_HIDDEN + 1
    return records[0].dW_norm / records[-1].dW_norm


def test_deep_sigmoid_network_vanishes():
    assert gradient_norm_ratio("sigmoid", "xavier") < 1e-3


def test_deep_relu_he_network_keeps_its_gradient():
    assert 1e-1 < gradient_norm_ratio("relu", "he") < 1e1


def test_layer_records_report_gradient_norms():
    X, Y = noisy_xor(m=20)
    net = network([(4, "tanh"), (1, "sigmoid")])
    net.step(X, Y)
    for record in net.latest.layers:
        assert record.dW_norm == pytest.approx(np.linalg.norm(record.dW), rel=1e-12)


# --- mini-batches ----------------------------------------------------------------------------


def test_minibatch_epoch_keeps_the_last_partial_batch():
    X, Y = noisy_xor(m=10)
    net = network([(3, "tanh"), (1, "sigmoid")], batch_size=4)
    batches = minibatches(10, batch_size=4, seed=0, epoch=0)
    assert [len(batch) for batch in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))  # a permutation

    steps_before = net.steps_done
    record = train_epochs(net, X, Y)
    assert net.steps_done - steps_before == 3
    # The record is the last, partial batch: the 2 examples minibatches() promised.
    assert record is net.latest
    assert record.layers[0].A_prev.shape == (2, 2)
    np.testing.assert_array_equal(record.layers[0].A_prev, X[:, batches[-1]])


def test_full_batch_epoch_is_one_step():
    X, Y = noisy_xor(m=10)
    net = network([(3, "tanh"), (1, "sigmoid")])  # batch_size None
    train_epochs(net, X, Y)
    assert net.steps_done == 1
    assert net.latest.layers[0].A_prev.shape == (2, 10)


def test_shuffle_changes_between_epochs():
    first = np.concatenate(minibatches(50, batch_size=4, seed=0, epoch=0))
    second = np.concatenate(minibatches(50, batch_size=4, seed=0, epoch=1))
    assert not np.array_equal(first, second)


# --- reproducibility -------------------------------------------------------------------------


def run(seed):
    X, Y = noisy_xor(m=30)
    net = network(
        [(6, "relu"), (4, "tanh"), (1, "sigmoid")], init="he", seed=seed, batch_size=8,
        keep_prob=0.8,
    )
    trainer = engine.Trainer(net, engine.ArrayData(X, Y))
    costs = [trainer.epoch().cost for _ in range(5)]
    return net, costs


def test_same_spec_and_seed_gives_a_bit_identical_run():
    (net_a, costs_a), (net_b, costs_b) = run(seed=3), run(seed=3)
    assert costs_a == costs_b
    assert net_a.parameters.keys() == net_b.parameters.keys()
    for name in net_a.parameters:
        np.testing.assert_array_equal(net_a.parameters[name], net_b.parameters[name])


def test_another_seed_gives_another_run():
    (net_a, _), (net_b, _) = run(seed=3), run(seed=4)
    assert not np.array_equal(net_a.parameters["W1"], net_b.parameters["W1"])


# --- gradient checking -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "loss", "n_y"),
    [
        ([(3, "tanh"), (2, "sigmoid"), (1, "sigmoid")], "binary_cross_entropy", 1),
        ([(4, "tanh"), (3, "softmax")], "categorical_cross_entropy", 3),
        ([(3, "sigmoid"), (1, "linear")], "mean_squared_error", 1),
        ([(3, "leaky_relu"), (1, "sigmoid")], "binary_cross_entropy", 1),
    ],
)
def test_gradient_check_passes_on_a_small_net(layers, loss, n_y):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 5))
    if loss == "categorical_cross_entropy":
        Y = np.eye(n_y)[:, rng.integers(0, n_y, size=5)]
    elif loss == "mean_squared_error":
        Y = rng.normal(size=(1, 5))
    else:
        Y = rng.integers(0, 2, size=(1, 5)).astype(float)
    net = network(layers, loss=loss)
    difference = engine.gradient_check(net, X, Y)
    assert difference < 1e-7
    assert engine.gradient_verdict(difference)[0] == "great"


def test_gradient_check_passes_with_l2():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 5))
    Y = rng.integers(0, 2, size=(1, 5)).astype(float)
    net = network([(3, "tanh"), (1, "sigmoid")], l2=0.7)
    assert engine.gradient_check(net, X, Y) < 1e-7


# --- divergence ------------------------------------------------------------------------------


def test_huge_learning_rate_is_accepted():
    """The course's demonstration of divergence uses α = 1e6; the spec must let a student try it
    (the learning rate costs no compute, so it needs no server-protecting limit)."""
    network([(4, "sigmoid"), (1, "sigmoid")], optimizer={"name": "gd", "learning_rate": 1e6})


def test_huge_learning_rate_diverges_without_raising():
    """Sigmoid + cross-entropy never produces NaN (σ is computed via tanh and log is clipped), so
    α = 1e6 shows as a cost that jumps from 0.66 to 13-22 and weights of 1e5-1e6, all finite.
    The engine must flag that as divergence too, not only NaN/inf."""
    X, Y = noisy_xor(m=40)
    net = network([(4, "sigmoid"), (1, "sigmoid")], optimizer={"name": "gd", "learning_rate": 1e6})
    for _ in range(20):
        net.step(X, Y)  # must not raise
    for name, value in net.parameters.items():
        assert np.all(np.isfinite(value)), name
    assert net.divergence is not None, "no divergence flagged at learning_rate 1e6"
    assert isinstance(net.divergence.what, str) and net.divergence.what
    assert isinstance(net.divergence.message, str) and net.divergence.message
    assert 1 <= net.divergence.step <= net.steps_done


def test_sane_learning_rate_does_not_diverge():
    X, Y = noisy_xor(m=40)
    net = network([(4, "tanh"), (1, "sigmoid")])
    train(net, X, Y, steps=20)
    assert net.divergence is None
    assert net.latest.divergence is None


# --- limits and spec validation --------------------------------------------------------------


def test_limits_at_the_edge_are_accepted():
    layers = [(64, "relu")] * 8 + [(1, "sigmoid")]
    net = network(layers, init="he")
    assert net.layer_sizes == [2] + [64] * 8 + [1]
    X = np.zeros((2, 10_000))
    assert net.forward(X).shape == (1, 10_000)


def _page_spec(layers):
    values, _ = settings.validate({})
    return {**settings.network_spec(values, 2, 1, "binary"), "layers": layers}


def test_nine_hidden_layers_are_the_playgrounds_refusal_not_the_engines():
    layers = [{"units": 4, "activation": "tanh"}] * 9 + [{"units": 1, "activation": "sigmoid"}]
    assert network([(4, "tanh")] * 9 + [(1, "sigmoid")]).L == 10
    with pytest.raises(ValueError, match="at most 8 hidden layers on this shared server"):
        limits.checked(_page_spec(layers))


def test_sixty_five_units_are_the_playgrounds_refusal_not_the_engines():
    layers = [{"units": 65, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]
    assert network([(65, "tanh"), (1, "sigmoid")]).layer_sizes == [2, 65, 1]
    with pytest.raises(ValueError, match="Hidden layer 1 has 65 units; the playground allows "
                                         "at most 64"):
        limits.checked(_page_spec(layers))


def test_ten_thousand_and_one_examples_train_in_the_engine():
    net = network([(4, "tanh"), (1, "sigmoid")])
    X = np.zeros((2, 10_001))
    Y = np.zeros((1, 10_001))
    assert net.step(X, Y).cost == pytest.approx(np.log(2))  # W X = 0, b = 0: σ = ½


def test_unknown_spec_key_is_named():
    spec = {
        "n_x": 2,
        "layers": [{"units": 1, "activation": "sigmoid"}],
        "loss": "binary_cross_entropy",
        "learning_rat": 0.1,
    }
    with pytest.raises(ValueError, match="learning_rat"):
        engine.Network.from_spec(spec)


def test_unknown_layer_key_is_named():
    spec = {"n_x": 2, "layers": [{"units": 1, "activaton": "sigmoid"}]}
    with pytest.raises(ValueError, match="activaton"):
        engine.Network.from_spec(spec)


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="swish"):
        network([(4, "swish"), (1, "sigmoid")])


def test_softmax_only_at_the_output():
    with pytest.raises(ValueError, match="softmax"):
        network([(3, "softmax"), (1, "sigmoid")])


def test_normalized_spec_round_trips():
    import json

    net = network([(4, "tanh"), (1, "sigmoid")])
    spec = json.loads(json.dumps(net.spec))  # JSON-serializable
    again = engine.Network.from_spec(spec)
    assert again.spec == net.spec
    for name in net.parameters:
        np.testing.assert_array_equal(again.parameters[name], net.parameters[name])
