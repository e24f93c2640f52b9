"""The identity initializer (issue 29): W = I where a layer keeps its width, I on the shared
block and the course's small random values elsewhere, b = 0."""

import numpy as np
import pytest

import engine
from engine.initializers import INITIALIZERS, identity, random


def test_a_square_layer_is_exactly_the_identity():
    W = identity(3, 3, np.random.default_rng(0))
    assert np.array_equal(W, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


@pytest.mark.parametrize("n, n_prev, expected", [
    (2, 3, [[1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0]]),  # narrower: the first two inputs go on, the third is dropped
    (3, 2, [[1.0, 0.0],
            [0.0, 1.0],
            [0.0, 0.0]]),  # wider: the extra unit starts from the (here zero) small values
    (1, 4, [[1.0, 0.0, 0.0, 0.0]]),
])
def test_a_rectangular_layer_has_i_on_its_top_left_block(n, n_prev, expected):
    # scale 0 makes the "elsewhere" values exactly 0, so the whole matrix is known.
    assert np.array_equal(identity(n, n_prev, np.random.default_rng(5), scale=0.0), expected)


@pytest.mark.parametrize("n, n_prev", [(5, 3), (3, 5), (4, 4)])
def test_outside_the_block_are_the_values_random_draws(n, n_prev):
    W = identity(n, n_prev, np.random.default_rng(7))
    small = random(n, n_prev, np.random.default_rng(7))  # randn · 0.01 from the same draws
    k = min(n, n_prev)
    block = np.zeros((n, n_prev), dtype=bool)
    block[:k, :k] = True
    assert np.array_equal(W[block], np.eye(k).ravel())
    assert np.array_equal(W[~block], small[~block])
    assert np.abs(W[~block]).max(initial=0) < 0.05 and np.all(W[~block] != 0)
    # it draws as many numbers as random does: the next layer's draws are the same
    rng_identity, rng_random = np.random.default_rng(7), np.random.default_rng(7)
    identity(n, n_prev, rng_identity), random(n, n_prev, rng_random)
    assert rng_identity.standard_normal() == rng_random.standard_normal()


def test_a_deep_relu_network_starts_as_a_pass_through():
    spec = {"n_x": 2, "layers": [{"units": 8, "activation": "relu"}] * 8
            + [{"units": 1, "activation": "sigmoid"}], "init": "identity", "seed": 3}
    net = engine.Network.from_spec(spec)
    assert "identity" in INITIALIZERS and net.spec["init"] == "identity"
    for l in range(2, 9):
        assert np.array_equal(net.parameters[f"W{l}"], np.eye(8)), l
    for l in range(1, 10):
        assert not net.parameters[f"b{l}"].any(), l
    assert np.array_equal(net.parameters["W1"][:2], np.eye(2))
    assert net.parameters["W9"][0, 0] == 1.0
    # every hidden layer's activations are layer 1's: depth neither shrinks nor grows them
    X = np.random.default_rng(0).standard_normal((2, 50))
    activations = net.forward_all(X)
    for l in range(2, 9):
        assert np.array_equal(activations[l], activations[1]), l
    assert np.array_equal(activations[1][:2], np.maximum(X, 0))
