"""The first three updates of every optimizer, and every learning-rate decay, against the course
formulas written out by hand on one sigmoid neuron with two inputs and four fixed examples.

Course formulas (t counts updates from 1; dW and db are the gradients of that step):
    gd        W -= α dW
    momentum  v = β1 v + (1 - β1) dW;             W -= α v                (no bias correction)
    rmsprop   s = β2 s + (1 - β2) dW²;            W -= α dW / (√s + ε)
    adam      v, s as above; v̂ = v/(1 - β1^t), ŝ = s/(1 - β2^t);  W -= α v̂ / (√ŝ + ε)
The same rules update b with db.
"""

import math

import numpy as np
import pytest

import engine
from engine.training import minibatches
from tests.conftest import network

X = np.array([[1.0, 2.0, -1.0, 0.5], [0.5, -1.0, 2.0, 1.0]])  # (n_x = 2, m = 4)
Y = np.array([[1.0, 0.0, 1.0, 0.0]])
W_START = np.array([[0.1, -0.2]])
B_START = np.array([[0.05]])
STEPS = 3


def neuron(optimizer, **extra):
    """One sigmoid neuron starting at W_START, B_START."""
    net = network([(1, "sigmoid")], optimizer=optimizer, **extra)
    net.parameters["W1"][...] = W_START
    net.parameters["b1"][...] = B_START
    return net


def gradients(W, b):
    """Sigmoid + binary cross-entropy: dZ = A - Y, dW = (1/m) dZ Xᵀ, db = (1/m) Σ dZ."""
    m = X.shape[1]
    A = 1.0 / (1.0 + np.exp(-(W @ X + b)))
    dZ = A - Y
    return dZ @ X.T / m, dZ.sum(axis=1, keepdims=True) / m


def engine_trajectory(net):
    """(W1, b1) after each of the first STEPS full-batch updates."""
    trajectory = []
    for _ in range(STEPS):
        net.step(X, Y)
        trajectory.append((net.parameters["W1"].copy(), net.parameters["b1"].copy()))
    return trajectory


def assert_same_trajectory(got, expected):
    for t, ((W_got, b_got), (W_hand, b_hand)) in enumerate(zip(got, expected, strict=True), 1):
        np.testing.assert_allclose(W_got, W_hand, rtol=1e-12, atol=1e-15, err_msg=f"W, t={t}")
        np.testing.assert_allclose(b_got, b_hand, rtol=1e-12, atol=1e-15, err_msg=f"b, t={t}")


def test_hand_gradients_are_the_engines():
    net = neuron({"name": "gd", "learning_rate": 0.1})
    net.forward(X, training=True)
    grads = net.backward(Y)
    dW, db = gradients(W_START, B_START)
    np.testing.assert_allclose(grads["dW1"], dW, rtol=1e-12)
    np.testing.assert_allclose(grads["db1"], db, rtol=1e-12)


def test_gradient_descent_first_three_updates():
    alpha = 0.5
    W, b = W_START.copy(), B_START.copy()
    expected = []
    for _ in range(STEPS):
        dW, db = gradients(W, b)
        W = W - alpha * dW
        b = b - alpha * db
        expected.append((W, b))
    net = neuron({"name": "gd", "learning_rate": alpha})
    assert_same_trajectory(engine_trajectory(net), expected)
    assert net.latest.learning_rate == alpha
    assert net.steps_done == STEPS


@pytest.mark.parametrize("beta1", [None, 0.8])  # None: the course default 0.9
def test_momentum_first_three_updates(beta1):
    alpha = 0.5
    beta = 0.9 if beta1 is None else beta1
    W, b = W_START.copy(), B_START.copy()
    vW, vb = np.zeros_like(W), np.zeros_like(b)
    expected = []
    for _ in range(STEPS):
        dW, db = gradients(W, b)
        vW = beta * vW + (1 - beta) * dW
        vb = beta * vb + (1 - beta) * db
        W = W - alpha * vW
        b = b - alpha * vb
        expected.append((W, b))
    optimizer = {"name": "momentum", "learning_rate": alpha}
    if beta1 is not None:
        optimizer["beta1"] = beta1
    assert_same_trajectory(engine_trajectory(neuron(optimizer)), expected)


def test_momentum_first_update_is_a_tenth_of_gd():
    """No bias correction: with β = 0.9 the first step is (1 - β) = 0.1 of plain gd's."""
    alpha = 0.5
    dW, _ = gradients(W_START, B_START)
    net = neuron({"name": "momentum", "learning_rate": alpha})
    net.step(X, Y)
    np.testing.assert_allclose(W_START - net.parameters["W1"], 0.1 * alpha * dW, rtol=1e-12)


@pytest.mark.parametrize(("beta2", "epsilon"), [(None, None), (0.9, 1e-4)])
def test_rmsprop_first_three_updates(beta2, epsilon):
    alpha = 0.01
    beta = 0.999 if beta2 is None else beta2
    eps = 1e-8 if epsilon is None else epsilon
    W, b = W_START.copy(), B_START.copy()
    sW, sb = np.zeros_like(W), np.zeros_like(b)
    expected = []
    for _ in range(STEPS):
        dW, db = gradients(W, b)
        sW = beta * sW + (1 - beta) * dW**2
        sb = beta * sb + (1 - beta) * db**2
        W = W - alpha * dW / (np.sqrt(sW) + eps)
        b = b - alpha * db / (np.sqrt(sb) + eps)
        expected.append((W, b))
    optimizer = {"name": "rmsprop", "learning_rate": alpha}
    if beta2 is not None:
        optimizer.update(beta2=beta2, epsilon=epsilon)
    assert_same_trajectory(engine_trajectory(neuron(optimizer)), expected)


@pytest.mark.parametrize(("beta1", "beta2", "epsilon"), [(None, None, None), (0.8, 0.99, 1e-3)])
def test_adam_first_three_updates(beta1, beta2, epsilon):
    alpha = 0.01
    b1 = 0.9 if beta1 is None else beta1
    b2 = 0.999 if beta2 is None else beta2
    eps = 1e-8 if epsilon is None else epsilon
    W, b = W_START.copy(), B_START.copy()
    vW, vb = np.zeros_like(W), np.zeros_like(b)
    sW, sb = np.zeros_like(W), np.zeros_like(b)
    expected = []
    for t in range(1, STEPS + 1):
        dW, db = gradients(W, b)
        vW = b1 * vW + (1 - b1) * dW
        vb = b1 * vb + (1 - b1) * db
        sW = b2 * sW + (1 - b2) * dW**2
        sb = b2 * sb + (1 - b2) * db**2
        vW_hat, vb_hat = vW / (1 - b1**t), vb / (1 - b1**t)
        sW_hat, sb_hat = sW / (1 - b2**t), sb / (1 - b2**t)
        W = W - alpha * vW_hat / (np.sqrt(sW_hat) + eps)
        b = b - alpha * vb_hat / (np.sqrt(sb_hat) + eps)
        expected.append((W, b))
    optimizer = {"name": "adam", "learning_rate": alpha}
    if beta1 is not None:
        optimizer.update(beta1=beta1, beta2=beta2, epsilon=epsilon)
    assert_same_trajectory(engine_trajectory(neuron(optimizer)), expected)


def test_adam_first_update_moves_every_weight_by_alpha():
    """With bias correction v̂ = dW and ŝ = dW² at t = 1, so each step is α·sign(dW) (ε aside)."""
    alpha = 0.01
    dW, db = gradients(W_START, B_START)
    net = neuron({"name": "adam", "learning_rate": alpha})
    net.step(X, Y)
    # A step is α·|dW|/(|dW| + ε): α·ε/|db| ≈ 3e-8 short of α for the small db here.
    np.testing.assert_allclose(W_START - net.parameters["W1"], alpha * np.sign(dW), atol=1e-7)
    np.testing.assert_allclose(B_START - net.parameters["b1"], alpha * np.sign(db), atol=1e-7)


def test_optimizer_defaults_are_the_courses():
    optimizer = neuron({"name": "adam", "learning_rate": 0.01}).spec["optimizer"]
    assert optimizer["beta1"] == 0.9
    assert optimizer["beta2"] == 0.999
    assert optimizer["epsilon"] == 1e-8


# --- learning-rate decay (epoch = net.epochs_done, advanced by finish_epoch) ------------------

ALPHA0 = 0.2


@pytest.mark.parametrize(
    ("decay", "schedule"),
    [
        ({"kind": "inverse_time", "decay_rate": 1.0}, lambda e: ALPHA0 / (1 + 1.0 * e)),
        ({"kind": "inverse_time", "decay_rate": 0.5}, lambda e: ALPHA0 / (1 + 0.5 * e)),
        ({"kind": "exponential", "base": 0.95}, lambda e: 0.95**e * ALPHA0),
        ({"kind": "staircase", "drop": 0.5, "every": 5}, lambda e: ALPHA0 * 0.5 ** (e // 5)),
        (
            {"kind": "staircase", "drop": 0.1, "every": 3},
            lambda e: ALPHA0 * 0.1 ** math.floor(e / 3),
        ),
    ],
)
def test_learning_rate_decay(decay, schedule):
    net = neuron({"name": "gd", "learning_rate": ALPHA0, "decay": decay})
    for epoch in range(12):
        assert net.epochs_done == epoch
        W_before = net.parameters["W1"].copy()
        net.step(X, Y)
        rate = net.latest.learning_rate
        assert rate == pytest.approx(schedule(epoch), rel=1e-12), f"epoch {epoch}"
        # ...and that rate is the one the update used.
        dW = net.latest.layers[0].dW
        np.testing.assert_allclose(W_before - net.parameters["W1"], rate * dW, rtol=1e-10)
        net.finish_epoch()
    assert net.epochs_done == 12


def test_decay_counts_epochs_not_steps():
    """Two mini-batches per epoch: both steps of epoch e use α(e); a Trainer epoch ends it."""
    decay = {"kind": "inverse_time", "decay_rate": 1.0}
    net = neuron({"name": "gd", "learning_rate": ALPHA0, "decay": decay}, batch_size=2)
    for epoch in range(3):
        rates = []
        for index in minibatches(X.shape[1], batch_size=2, seed=0, epoch=epoch):
            net.step(X[:, index], Y[:, index])
            rates.append(net.latest.learning_rate)
        assert rates == pytest.approx([ALPHA0 / (1 + epoch)] * 2)
        net.finish_epoch()
    record = engine.Trainer(net, engine.ArrayData(X, Y)).epoch()
    assert record.learning_rate == pytest.approx(ALPHA0 / 4)
    assert net.epochs_done == 4


def test_staircase_values():
    """α0 = 0.2, drop 0.5 every 5 epochs: 0.2 for epochs 0-4, 0.1 for 5-9, 0.05 from 10."""
    decay = {"kind": "staircase", "drop": 0.5, "every": 5}
    net = neuron({"name": "gd", "learning_rate": ALPHA0, "decay": decay})
    rates = []
    for _ in range(11):
        net.step(X, Y)
        rates.append(net.latest.learning_rate)
        net.finish_epoch()
    assert rates == pytest.approx([0.2] * 5 + [0.1] * 5 + [0.05])


def test_no_decay_keeps_the_rate():
    net = neuron({"name": "gd", "learning_rate": ALPHA0})
    for _ in range(3):
        net.step(X, Y)
        assert net.latest.learning_rate == ALPHA0
        net.finish_epoch()


def test_decay_applies_to_adam_too():
    decay = {"kind": "inverse_time", "decay_rate": 1.0}
    net = neuron({"name": "adam", "learning_rate": 0.01, "decay": decay})
    for epoch in range(3):
        net.step(X, Y)
        assert net.latest.learning_rate == pytest.approx(0.01 / (1 + epoch), rel=1e-12)
        net.finish_epoch()


def test_update_settings_keeps_parameters():
    net = neuron({"name": "gd", "learning_rate": 0.5})
    engine_trajectory(net)
    W, b = net.parameters["W1"].copy(), net.parameters["b1"].copy()
    net.update_settings(optimizer={"name": "adam", "learning_rate": 0.01})
    np.testing.assert_array_equal(net.parameters["W1"], W)
    np.testing.assert_array_equal(net.parameters["b1"], b)
    assert net.spec["optimizer"]["name"] == "adam"
