"""Adversarial examples: the gradient with respect to the input, FGSM, accuracy against ε."""

import numpy as np
import pytest

import engine
from engine.adversarial import (
    accuracy_against_epsilon,
    example_losses,
    fgsm,
    flipped,
    gradient_sign,
    random_sign_step,
)
from tests.conftest import network

OUTPUTS = {"binary_cross_entropy": ("sigmoid", 1), "categorical_cross_entropy": ("softmax", 3),
           "mean_squared_error": ("tanh", 2)}


def targets(loss, units, m, rng):
    if loss == "binary_cross_entropy":
        return (rng.random((1, m)) > 0.5).astype(float)
    if loss == "categorical_cross_entropy":
        return np.eye(units)[rng.integers(0, units, m)].T
    return rng.uniform(-0.9, 0.9, (units, m))


def numerical_input_gradient(net, X, Y, epsilon=1e-6):
    numeric = np.empty_like(X)
    for index in np.ndindex(X.shape):
        plus, minus = X.copy(), X.copy()
        plus[index] += epsilon
        minus[index] -= epsilon
        numeric[index] = (net.cost(plus, Y) - net.cost(minus, Y)) / (2 * epsilon)
    return numeric


def relative_difference(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


@pytest.mark.parametrize("loss", sorted(OUTPUTS))
@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
def test_input_gradient_matches_numerical_one(loss, hidden):
    """dX through the whole dense network (with L2 and dropout, which inference ignores)."""
    rng = np.random.default_rng(3)
    out_act, units = OUTPUTS[loss]
    net = network([(5, hidden), (4, hidden), (units, out_act)], n_x=3, loss=loss, seed=1,
                  l2=0.3, keep_prob=0.6)
    for key, P in net.parameters.items():  # biases off ReLU's kink at z = 0
        if key.startswith("b"):
            P[...] = rng.normal(0, 0.5, P.shape)
    X, Y = rng.normal(size=(3, 7)), targets(loss, units, 7, rng)
    dX = net.input_gradient(X, Y)
    assert dX.shape == X.shape
    assert relative_difference(dX, numerical_input_gradient(net, X, Y)) < 1e-7


@pytest.mark.parametrize("order", ["conv_first", "pool_first"])
def test_input_gradient_through_conv_and_pool_layers(order):
    conv = {"type": "conv", "filters": 2, "size": 3, "padding": "same", "activation": "tanh"}
    pool = {"type": "pool", "mode": "average", "size": 2, "stride": 2}
    first = [conv, pool] if order == "conv_first" else [pool, conv]
    net = engine.Network.from_spec({"input_shape": [4, 4, 1], "seed": 2,
                                    "layers": [*first, {"units": 3, "activation": "softmax"}]})
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(16, 5)), np.eye(3)[rng.integers(0, 3, 5)].T
    assert relative_difference(net.input_gradient(X, Y),
                               numerical_input_gradient(net, X, Y)) < 1e-7


def test_input_gradient_leaves_the_last_step_as_it_was():
    rng = np.random.default_rng(0)
    net = network([(4, "tanh"), (1, "sigmoid")], seed=0)
    X, Y = rng.normal(size=(2, 20)), (rng.random((1, 20)) > 0.5) * 1.0
    record = net.step(X, Y)
    grads = {key: value.copy() for key, value in net.grads.items()}
    records = [layer.record for layer in net.layers]
    theta = {key: value.copy() for key, value in net.parameters.items()}
    net.input_gradient(rng.normal(size=(2, 5)), np.ones((1, 5)))
    assert [layer.record for layer in net.layers] == records
    assert all(np.array_equal(net.grads[key], grads[key]) for key in grads)
    assert all(np.array_equal(net.parameters[key], theta[key]) for key in theta)
    assert net.latest is record


def test_batch_norm_network_is_refused_with_the_reason():
    net = network([(4, "tanh"), (1, "sigmoid")], batch_norm=True)
    with pytest.raises(ValueError, match="batch norm"):
        net.input_gradient(np.zeros((2, 3)), np.ones((1, 3)))


@pytest.mark.parametrize("epsilon", [-0.1, float("nan"), float("inf"), "0.1", True])
def test_bad_epsilon_is_refused(epsilon):
    net = network([(1, "sigmoid")])
    with pytest.raises(ValueError, match="epsilon"):
        fgsm(net, np.zeros((2, 3)), np.ones((1, 3)), epsilon)


def demo(name, seed, noise=0.1):
    """The demo set-up: 400 points of ``name`` (seed, noise), the first 300 to train a
    2-8-8-1 tanh network (adam, α = 0.01, 300 full-batch epochs), the last 100 to attack."""
    raw = engine.make_dataset(name, n=400, noise=noise, seed=seed)
    X, Y = raw.points, raw.labels.reshape(1, -1).astype(float)
    net = network([(8, "tanh"), (8, "tanh"), (1, "sigmoid")], seed=seed,
                  optimizer={"name": "adam", "learning_rate": 0.01})
    net.fit(X[:, :300], Y[:, :300], epochs=300)
    return net, X[:, 300:], Y[:, 300:]


@pytest.mark.parametrize("name", ["moons", "circle"])
@pytest.mark.parametrize("seed", range(5))
def test_fgsm_raises_every_points_loss_more_than_a_random_sign_step(name, seed):
    """At ε = 0.001 (the data span about ±6) the loss is close to linear over the box, and
    FGSM's corner beats the random corner at every test point: strictly where the signs
    differ, equally where the random signs happen to be FGSM's. (At ε = 0.05 to 0.1 a few
    points, whose gradient is nearly 0 in one coordinate, lose to the random step on some
    seeds; their mean loss is still higher, as asserted below.) Each point also ends with a
    higher loss than it started with, for every ε here."""
    net, X, Y = demo(name, seed)
    clean = example_losses(net, X, Y)
    epsilon = 0.001
    adversarial = example_losses(net, fgsm(net, X, Y, epsilon), Y)
    signs = np.random.default_rng(seed).choice((-1.0, 1.0), size=X.shape)
    random = example_losses(net, random_sign_step(X, epsilon, seed), Y)
    same = (signs == gradient_sign(net, X, Y)).all(axis=0)
    assert 0 < same.sum() < same.size  # both kinds of point are there
    assert np.all(adversarial[~same] > random[~same])
    assert np.array_equal(adversarial[same], random[same])
    for epsilon in (0.001, 0.05, 0.1, 0.5):
        adversarial = example_losses(net, fgsm(net, X, Y, epsilon), Y)
        assert np.all(adversarial > clean)
        assert adversarial.mean() > example_losses(
            net, random_sign_step(X, epsilon, seed), Y).mean()


@pytest.mark.parametrize("seed", range(5))
def test_accuracy_falls_monotonically_with_epsilon_on_the_demo(seed):
    """On two Gaussians (noise 10 %), ε = 0, 0.1, ..., 2: each step of ε keeps or lowers the
    test accuracy, also with ε and the test points nudged by 1e-12 (relative) either way, and
    ε = 2 costs more than 30 points of accuracy (checked on 12 seeds: 0.46 to 0.61 left
    from 0.98 to 1.0)."""
    net, X, Y = demo("gaussians", seed)
    epsilons = np.linspace(0.0, 2.0, 21)
    curve = accuracy_against_epsilon(net, X, Y, epsilons)
    assert curve[0] == engine.accuracy(net.predict(X), Y)
    assert curve[-1] < curve[0] - 0.3
    for nudge_x in (1.0, 1 + 1e-12, 1 - 1e-12):
        for nudge_epsilon in (1.0, 1 + 1e-12, 1 - 1e-12):
            nudged = accuracy_against_epsilon(net, X * nudge_x, Y, epsilons * nudge_epsilon)
            assert np.all(np.diff(nudged) <= 0)
    # The flipped points are exactly the accuracy lost (every test point starts correct or
    # not: a flip of a wrong point makes it right, so compare counts with the sign).
    flips = flipped(net, X, Y, 1.0)
    right = (net.predict(X)[0] > 0.5) == (Y[0] > 0.5)
    assert flips[right].sum() - flips[~right].sum() == round(
        100 * (curve[0] - curve[10]))
