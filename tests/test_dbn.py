"""The deep belief network: greedy stacking, the unrolled network's upward pass, fine-tuning."""

import numpy as np
import pytest

import engine
from engine.dbn import stack, unrolled, unrolled_spec, upward
from engine.rbm import RBM
from engine.rbm_data import binary_digits


@pytest.fixture(scope="module")
def digits_dbn():
    X, labels = binary_digits()
    return X[:, :300], labels[:300], stack(X[:, :300], hidden=(32, 16), epochs=3, seed=2)


def test_stack_is_greedy_and_seeded(digits_dbn):
    X, _, rbms = digits_dbn
    assert [(r.n_visible, r.n_hidden) for r in rbms] == [(64, 32), (32, 16)]
    assert all(r.epochs_done == 3 for r in rbms)
    again = stack(X, hidden=(32, 16), epochs=3, seed=2)
    assert all(np.array_equal(a.W, b.W) for a, b in zip(rbms, again, strict=True))
    # The first RBM is the one trained alone on X (stacking does not touch it).
    alone = RBM(64, 32, seed=2)
    for _ in range(3):
        alone.epoch(X, measure=False)
    assert np.array_equal(alone.W, rbms[0].W)


def test_the_unrolled_network_reproduces_the_upward_probabilities_exactly(digits_dbn):
    X, _, rbms = digits_dbn
    net = unrolled(rbms, 10, seed=0)
    assert net.layer_sizes == [64, 32, 16, 10]
    assert net.activations == ["sigmoid", "sigmoid", "softmax"]
    A = net.forward_all(X)
    P1, P2 = upward(rbms, X)
    assert np.array_equal(A[1], P1) and np.array_equal(A[2], P2)  # bit for bit
    # ... and the upward pass is σ(W2 σ(W1 X + c1) + c2) written out.
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    expected = sig(rbms[1].W @ sig(rbms[0].W @ X + rbms[0].c) + rbms[1].c)
    np.testing.assert_allclose(P2, expected, rtol=0, atol=1e-14)


def test_fine_tuning_with_backprop_learns_the_labels(digits_dbn):
    X, labels, rbms = digits_dbn
    net = unrolled(rbms, 10, seed=0, optimizer={"name": "adam", "learning_rate": 0.01})
    Y = np.eye(10)[labels].T
    before = net.cost(X, Y)
    net.fit(X, Y, epochs=30, batch_size=32)
    assert net.cost(X, Y) < 0.3 * before
    assert (net.predict(X).argmax(axis=0) == labels).mean() > 0.9


def test_unrolled_spec_is_a_playground_spec(digits_dbn):
    _, _, rbms = digits_dbn
    spec = engine.spec.normalize_spec(unrolled_spec(rbms, 10))
    assert spec["layers"][0]["units"] == 32 and spec["layers"][-1]["activation"] == "softmax"


def test_bad_stacks_are_refused():
    X, _ = binary_digits()
    with pytest.raises(ValueError, match="a DBN stacks 1 to 4 RBMs"):
        stack(X[:, :20], hidden=())
    with pytest.raises(ValueError, match="hidden units must be a whole number"):
        stack(X[:, :20], hidden=(10_000,))
