"""Conv and pool layers against a reference written here with straight loops over positions, in
the course's notation; gradient checks; hostile specs; saving and loading a conv network."""

import numpy as np
import pytest

import engine
from engine.gradient_check import gradient_check

# --- the reference: the course's loops, one example, position and filter at a time ----------


def zero_pad(A, p_H, p_W):
    return np.pad(A, ((0, 0), (p_H, p_H), (p_W, p_W), (0, 0)), mode="constant")


def conv_forward_reference(A_prev, W, b, stride, padding):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f_H, f_W, _, n_C = W.shape
    (s_H, s_W), (p_H, p_W) = stride, padding
    n_H = (n_H_prev + 2 * p_H - f_H) // s_H + 1
    n_W = (n_W_prev + 2 * p_W - f_W) // s_W + 1
    A_prev_pad = zero_pad(A_prev, p_H, p_W)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * s_H
            for w in range(n_W):
                horiz_start = w * s_W
                a_slice = A_prev_pad[i, vert_start:vert_start + f_H, horiz_start:horiz_start + f_W]
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z


def conv_backward_reference(dZ, A_prev, W, stride, padding):
    """(dA_prev, dW, db) as the course's conv_backward (dW and db without the 1/m)."""
    m, n_H, n_W, n_C = dZ.shape
    f_H, f_W = W.shape[:2]
    (s_H, s_W), (p_H, p_W) = stride, padding
    A_prev_pad = zero_pad(A_prev, p_H, p_W)
    dA_prev_pad = np.zeros_like(A_prev_pad)
    dW, db = np.zeros_like(W), np.zeros((1, 1, 1, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                vs, hs = h * s_H, w * s_W
                a_slice = A_prev_pad[i, vs:vs + f_H, hs:hs + f_W]
                for c in range(n_C):
                    dA_prev_pad[i, vs:vs + f_H, hs:hs + f_W] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[0, 0, 0, c] += dZ[i, h, w, c]
    dA_prev = dA_prev_pad[:, p_H:p_H + A_prev.shape[1], p_W:p_W + A_prev.shape[2]]
    return dA_prev, dW, db


def pool_forward_reference(A_prev, size, stride, mode):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    (f_H, f_W), (s_H, s_W) = size, stride
    n_H, n_W = (n_H_prev - f_H) // s_H + 1, (n_W_prev - f_W) // s_W + 1
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    window = A_prev[i, h * s_H:h * s_H + f_H, w * s_W:w * s_W + f_W, c]
                    A[i, h, w, c] = np.max(window) if mode == "max" else np.mean(window)
    return A


def first_max_mask(window):
    """1 at the first maximum of the window (row by row), 0 elsewhere: ties go to the first."""
    mask = np.zeros(window.shape)
    mask[np.unravel_index(np.argmax(window), window.shape)] = 1.0
    return mask


def pool_backward_reference(dA, A_prev, size, stride, mode):
    (f_H, f_W), (s_H, s_W) = size, stride
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros_like(A_prev)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vs, hs = h * s_H, w * s_W
                    if mode == "max":
                        window = A_prev[i, vs:vs + f_H, hs:hs + f_W, c]
                        dA_prev[i, vs:vs + f_H, hs:hs + f_W, c] += (first_max_mask(window)
                                                                    * dA[i, h, w, c])
                    else:
                        dA_prev[i, vs:vs + f_H, hs:hs + f_W, c] += dA[i, h, w, c] / (f_H * f_W)
    return dA_prev


ACTIVATION_REFERENCE = {  # g(Z) and g'(Z), as the course writes them
    "linear": (lambda Z: Z, lambda Z: np.ones_like(Z)),
    "sigmoid": (lambda Z: 1 / (1 + np.exp(-Z)),
                lambda Z: np.exp(-Z) / (1 + np.exp(-Z)) ** 2),
    "tanh": (np.tanh, lambda Z: 1 - np.tanh(Z) ** 2),
    "relu": (lambda Z: np.maximum(0, Z), lambda Z: (Z > 0).astype(float)),
    "leaky_relu": (lambda Z: np.where(Z > 0, Z, 0.01 * Z), lambda Z: np.where(Z > 0, 1, 0.01)),
}

TOLERANCE = dict(rtol=0, atol=1e-10)


def random_case(seed):
    """A random conv → pool → conv → dense network, its data, and its settings."""
    rng = np.random.default_rng(seed)
    n_H, n_W, n_C = (int(v) for v in rng.integers([5, 5, 1], [9, 9, 4]))
    f1 = [int(v) for v in rng.integers(1, 4, 2)]
    s1 = [int(v) for v in rng.integers(1, 3, 2)]
    p1 = [int(rng.integers(0, f)) for f in f1]
    conv1 = {"type": "conv", "filters": int(rng.integers(1, 5)), "size": f1, "stride": s1,
             "padding": p1, "activation": str(rng.choice(list(ACTIVATION_REFERENCE)))}
    if seed % 3 == 0:
        conv1["size"], conv1["padding"], conv1["stride"] = 3, "same", 1
    pool = {"type": "pool", "mode": ["max", "average"][seed % 2], "size": 2,
            "stride": int(rng.integers(1, 3))}
    conv2 = {"type": "conv", "filters": int(rng.integers(1, 4)), "size": [2, 1],
             "stride": [1, int(rng.integers(1, 3))], "padding": [1, 0],
             "activation": str(rng.choice(list(ACTIVATION_REFERENCE)))}
    spec = {"input_shape": [n_H, n_W, n_C], "seed": seed, "init": "he",
            "layers": [conv1, pool, conv2, {"units": 3, "activation": "softmax"}]}
    m = int(rng.integers(2, 6))
    X = rng.standard_normal((n_H * n_W * n_C, m))
    Y = np.eye(3)[rng.integers(0, 3, m)].T
    return engine.Network.from_spec(spec), X, Y


@pytest.mark.parametrize("seed", range(8))
def test_forward_and_backward_match_the_loops(seed):
    net, X, Y = random_case(seed)
    record = net.step(X, Y)
    conv1, pool, conv2, dense = record.layers
    spec = net.spec["layers"]
    m = X.shape[1]
    pads = [engine.spec.conv_padding(layer) for layer in spec]

    # Forward: X's columns as images, then every layer from the previous reference output.
    A0 = np.stack([X[:, i].reshape(net.spec["input_shape"]) for i in range(m)])
    np.testing.assert_array_equal(conv1.A_prev, A0)
    g1, g1_prime = ACTIVATION_REFERENCE[spec[0]["activation"]]
    Z1 = conv_forward_reference(A0, conv1.W, conv1.b, spec[0]["stride"], pads[0])
    np.testing.assert_allclose(conv1.Z, Z1, **TOLERANCE)
    A1 = g1(Z1)
    np.testing.assert_allclose(conv1.A, A1, **TOLERANCE)
    A2 = pool_forward_reference(A1, spec[1]["size"], spec[1]["stride"], spec[1]["mode"])
    np.testing.assert_allclose(pool.A, A2, **TOLERANCE)
    g3, g3_prime = ACTIVATION_REFERENCE[spec[2]["activation"]]
    Z3 = conv_forward_reference(A2, conv2.W, conv2.b, spec[2]["stride"], pads[2])
    np.testing.assert_allclose(conv2.Z, Z3, **TOLERANCE)
    A3 = g3(Z3)
    np.testing.assert_allclose(conv2.A, A3, **TOLERANCE)
    flat = np.stack([A3[i].ravel() for i in range(m)], axis=1)  # row-major (n_H, n_W, n_C)
    np.testing.assert_allclose(dense.A_prev, flat, **TOLERANCE)
    Z4 = dense.W @ flat + dense.b
    np.testing.assert_allclose(dense.Z, Z4, **TOLERANCE)

    # Backward, from dZ[4] = A[4] - Y down to layer 1.
    dZ4 = np.exp(Z4) / np.exp(Z4).sum(axis=0) - Y
    np.testing.assert_allclose(dense.dZ, dZ4, **TOLERANCE)
    dA3 = (dense.W.T @ dZ4).T.reshape(A3.shape)
    np.testing.assert_allclose(conv2.dA, dA3, **TOLERANCE)
    dZ3 = dA3 * g3_prime(Z3)
    np.testing.assert_allclose(conv2.dZ, dZ3, **TOLERANCE)
    dA2, dW3, db3 = conv_backward_reference(dZ3, A2, conv2.W, spec[2]["stride"], pads[2])
    np.testing.assert_allclose(conv2.dW, dW3 / m, **TOLERANCE)
    np.testing.assert_allclose(conv2.db, db3 / m, **TOLERANCE)
    np.testing.assert_allclose(pool.dA, dA2, **TOLERANCE)
    dA1 = pool_backward_reference(dA2, A1, spec[1]["size"], spec[1]["stride"], spec[1]["mode"])
    np.testing.assert_allclose(conv1.dA, dA1, **TOLERANCE)
    dZ1 = dA1 * g1_prime(Z1)
    np.testing.assert_allclose(conv1.dZ, dZ1, **TOLERANCE)
    _, dW1, db1 = conv_backward_reference(dZ1, A0, conv1.W, spec[0]["stride"], pads[0])
    np.testing.assert_allclose(conv1.dW, dW1 / m, **TOLERANCE)
    np.testing.assert_allclose(conv1.db, db1 / m, **TOLERANCE)

    # The update: W_new = W - α dW (plain gradient descent), the grads by name the same arrays.
    alpha = record.learning_rate
    np.testing.assert_allclose(conv1.W_new, conv1.W - alpha * dW1 / m, **TOLERANCE)
    np.testing.assert_allclose(net.grads["dW3"], dW3 / m, **TOLERANCE)
    assert net.parameters["W1"].shape == conv1.W.shape == net.grads["dW1"].shape
    assert net.parameters["b3"].shape == (1, 1, 1, spec[2]["filters"])


def test_shapes_follow_the_course_formula():
    net = engine.Network.from_spec({
        "input_shape": [8, 8, 1],
        "layers": [{"type": "conv", "filters": 8, "size": 3, "padding": "same",
                    "activation": "relu"},
                   {"type": "pool", "mode": "max", "size": 2},
                   {"type": "conv", "filters": 4, "size": [3, 2], "stride": [2, 1],
                    "padding": [1, 0], "activation": "tanh"},
                   {"units": 10, "activation": "softmax"}]})
    # same: 8 → 8; pool 2/2: 8 → 4; ⌊(4 + 2 − 3)/2⌋ + 1 = 2 and ⌊(4 − 2)/1⌋ + 1 = 3
    assert net.layer_shapes == [(8, 8, 1), (8, 8, 8), (4, 4, 8), (2, 3, 4), (10,)]
    assert net.layer_sizes == [64, 512, 128, 24, 10]
    assert {name: P.shape for name, P in net.parameters.items()} == {
        "W1": (3, 3, 1, 8), "b1": (1, 1, 1, 8), "W3": (3, 2, 8, 4), "b3": (1, 1, 1, 4),
        "W4": (10, 24), "b4": (10, 1)}
    assert engine.spec.parameter_count(net.spec) == sum(P.size for P in net.parameters.values())


def test_a_filter_of_ones_sums_its_window():
    """A hand-checkable case: 2×2 filter of ones over a 3×3 image 1..9, stride 1, no padding."""
    net = engine.Network.from_spec({
        "input_shape": [3, 3, 1],
        "layers": [{"type": "conv", "filters": 1, "size": 2, "activation": "linear"},
                   {"units": 2, "activation": "softmax"}]})
    net.parameters["W1"][...] = 1.0
    net.parameters["b1"][...] = 0.5
    X = np.arange(1.0, 10.0).reshape(9, 1)
    Z = net.forward_all(X)[1]
    np.testing.assert_array_equal(Z[0, :, :, 0], [[1 + 2 + 4 + 5 + 0.5, 2 + 3 + 5 + 6 + 0.5],
                                                  [4 + 5 + 7 + 8 + 0.5, 5 + 6 + 8 + 9 + 0.5]])


def test_max_pool_sends_a_tie_to_the_first_maximum():
    net = engine.Network.from_spec({
        "input_shape": [4, 4, 1],
        "layers": [{"type": "conv", "filters": 1, "size": 1, "activation": "linear"},
                   {"type": "pool", "mode": "max", "size": 2},
                   {"units": 2, "activation": "softmax"}]})
    net.parameters["W1"][...] = 0.0  # every window of conv's output is a tie of zeros
    X, Y = np.ones((16, 1)), np.array([[1.0], [0.0]])
    pool = net.step(X, Y).layers[1]
    conv = net.latest.layers[0]
    routed = conv.dA[0, :, :, 0]
    assert np.count_nonzero(routed) == 4  # one entry per window ...
    np.testing.assert_array_equal(routed[::2, ::2], pool.dA[0, :, :, 0])  # ... its top left


def test_average_pool_spreads_the_gradient_evenly():
    net = engine.Network.from_spec({
        "input_shape": [2, 4, 1],
        "layers": [{"type": "conv", "filters": 1, "size": 1, "activation": "linear"},
                   {"type": "pool", "mode": "average", "size": 2},
                   {"units": 2, "activation": "softmax"}]})
    X = np.random.default_rng(0).standard_normal((8, 1))
    record = net.step(X, np.array([[0.0], [1.0]]))
    dA_pool = record.layers[1].dA[0, 0, :, 0]
    np.testing.assert_allclose(record.layers[0].dA[0, :, :, 0],
                               np.repeat(np.tile(dA_pool / 4, (2, 1)), 2, axis=1), **TOLERANCE)


# --- gradient check ---------------------------------------------------------------------------

SMALL = [
    # (layers before the output, spec extras)
    ([{"type": "conv", "filters": 3, "size": 3, "padding": "same", "activation": "tanh"},
      {"type": "pool", "mode": "average", "size": 2}], {}),
    ([{"type": "conv", "filters": 2, "size": [2, 3], "stride": [2, 1], "padding": [1, 2],
       "activation": "sigmoid"},
      {"type": "conv", "filters": 3, "size": 2, "activation": "tanh"},
      {"units": 4, "activation": "tanh"}], {}),
    ([{"type": "conv", "filters": 2, "size": 3, "activation": "tanh"},
      {"type": "pool", "mode": "max", "size": 2, "stride": 1}], {"l2": 0.7}),
    ([{"type": "pool", "mode": "average", "size": [1, 2]},
      {"type": "conv", "filters": 2, "size": 2, "stride": 2, "activation": "linear"}],
     {"batch_norm": True}),
    ([{"type": "conv", "filters": 3, "size": 3, "padding": 1, "activation": "tanh"},
      {"type": "conv", "filters": 2, "size": 3, "activation": "sigmoid"}],
     {"batch_norm": True, "keep_prob": 0.8, "l2": 0.1}),
]


@pytest.mark.parametrize("case", range(len(SMALL)))
def test_gradient_check_on_small_conv_networks(case):
    hidden, extra = SMALL[case]
    net = engine.Network.from_spec({"input_shape": [6, 5, 2], "seed": case, **extra,
                                    "layers": [*hidden, {"units": 3, "activation": "softmax"}]})
    rng = np.random.default_rng(case)
    X = rng.standard_normal((60, 6))
    Y = np.eye(3)[rng.integers(0, 3, 6)].T
    for _ in range(3):  # away from the initial parameters (batch norm: γ, β no longer 1, 0)
        net.step(X, Y)
    assert gradient_check(net, X, Y) < 1e-7


def test_l2_counts_the_conv_filters():
    spec = {"input_shape": [4, 4, 1], "seed": 3,
            "layers": [{"type": "conv", "filters": 2, "size": 3, "activation": "tanh"},
                       {"units": 1, "activation": "sigmoid"}]}
    plain, regularized = (engine.Network.from_spec({**spec, "l2": l2}) for l2 in (0.0, 2.0))
    X = np.random.default_rng(1).standard_normal((16, 5))
    Y = np.array([[0, 1, 1, 0, 1.0]])
    W1, W2 = plain.parameters["W1"].copy(), plain.parameters["W2"].copy()
    penalty = 2.0 / (2 * 5) * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    assert regularized.cost(X, Y) == pytest.approx(plain.cost(X, Y) + penalty, rel=1e-12)
    plain.step(X, Y)
    regularized.step(X, Y)
    np.testing.assert_allclose(regularized.grads["dW1"], plain.grads["dW1"] + 2.0 / 5 * W1,
                               **TOLERANCE)


# --- training ---------------------------------------------------------------------------------

DIGITS_CONV = [{"type": "conv", "filters": 4, "size": 3, "padding": "same", "activation": "relu"},
               {"type": "pool", "mode": "max", "size": 2},
               {"units": 10, "activation": "softmax"}]


def digits(m=300):
    data = engine.prepare(engine.make_dataset("digits", n=m, seed=0), train_ratio=0.8)
    return data


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_every_optimizer_trains_a_conv_net(optimizer):
    data = digits()
    rate = 0.1 if optimizer in ("gd", "momentum") else 0.01
    net = engine.Network.from_spec({"input_shape": [8, 8, 1], "layers": DIGITS_CONV,
                                    "optimizer": {"name": optimizer, "learning_rate": rate}})
    trainer = engine.Trainer(net, data)
    before = trainer.metrics["train_cost"]
    trainer.run_epochs(30)
    assert trainer.metrics["train_cost"] < 0.7 * before
    assert trainer.metrics["test_accuracy"] > 0.5  # chance is 0.1
    assert "saturation1" in trainer.history  # relu's dead share, counted per (h, w, c)


def test_divergence_watch_stops_a_conv_net_and_keeps_sane_parameters():
    data = digits()
    net = engine.Network.from_spec({"input_shape": [8, 8, 1], "layers": DIGITS_CONV,
                                    "optimizer": {"name": "gd", "learning_rate": 1e5}})
    trainer = engine.Trainer(net, data)
    with pytest.warns(RuntimeWarning, match="diverged"):
        trainer.run_epochs(50)
    assert net.divergence is not None
    assert all(np.isfinite(P).all() for P in net.parameters.values())


# --- hostile specs ----------------------------------------------------------------------------

OUTPUT = {"units": 10, "activation": "softmax"}
HOSTILE = {
    "filter larger than the input": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 9, "activation": "relu"}, OUTPUT]},
        "larger than its input"),
    "stride 0": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 3, "stride": 0, "activation": "relu"}, OUTPUT]},
        "stride must be ≥ 1"),
    "negative padding": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 3, "padding": -1, "activation": "relu"},
            OUTPUT]},
        "padding must be ≥ 0"),
    "10,000 filters": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 10_000, "size": 3, "activation": "relu"}, OUTPUT]},
        f"≤ {engine.spec.MAX_FILTERS}"),
    "conv on 2-D points": (
        {"n_x": 2, "layers": [
            {"type": "conv", "filters": 2, "size": 1, "activation": "relu"}, OUTPUT]},
        "needs input_shape"),
    "five conv layers": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 1, "activation": "relu"}] * 5 + [OUTPUT]},
        f"at most {engine.spec.MAX_CONV_LAYERS}"),
    "a conv output layer": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 1, "activation": "relu"}]},
        "output layer must be dense"),
    "conv after dense": (
        {"input_shape": [8, 8, 1], "layers": [
            {"units": 4, "activation": "relu"},
            {"type": "conv", "filters": 2, "size": 1, "activation": "relu"}, OUTPUT]},
        "after a dense layer"),
    "same padding with an even filter": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 2, "padding": "same", "activation": "relu"},
            OUTPUT]},
        "odd filter size"),
    "pool window larger than its input": (
        {"input_shape": [1, 100, 1], "layers": [
            {"type": "pool", "mode": "max", "size": 2}, OUTPUT]},
        "pooling window"),
    "an unknown pool mode": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "pool", "mode": "median", "size": 2}, OUTPUT]},
        "mode must be one of max, average"),
    "padding wider than the filter": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 3, "padding": 5, "activation": "relu"},
            OUTPUT]},
        "wider than filter size"),
    "a layer whose windows would not fit a shared server": (
        {"input_shape": [64, 64, 1], "layers": [
            {"type": "conv", "filters": 32, "size": 3, "padding": "same", "activation": "relu"},
            {"type": "conv", "filters": 32, "size": 3, "padding": "same", "activation": "relu"},
            OUTPUT]},
        r"layer 2 reads 1,179,648 values per example .* at most 65,536"),
    "a huge image": (
        {"input_shape": [1000, 1000, 3], "layers": [OUTPUT]}, "per example; at most"),
    "n_x against input_shape": (
        {"n_x": 63, "input_shape": [8, 8, 1], "layers": [OUTPUT]}, "does not match"),
    "an unknown conv key": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 3, "activation": "relu", "dilation": 2},
            OUTPUT]},
        "unknown layer 1 key"),
    "an unknown layer type": (
        {"input_shape": [8, 8, 1], "layers": [{"type": "lstm", "units": 3}, OUTPUT]},
        "type must be one of dense, conv, pool"),
    "a softmax conv layer": (
        {"input_shape": [8, 8, 1], "layers": [
            {"type": "conv", "filters": 2, "size": 3, "activation": "softmax"}, OUTPUT]},
        "activation must be one of"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_spec_is_one_clear_value_error(name):
    spec, message = HOSTILE[name]
    with pytest.raises(ValueError, match=message):
        engine.Network.from_spec(spec)


def test_n_x_comes_from_the_input_shape_and_dense_specs_are_unchanged():
    spec = engine.normalize_spec({"input_shape": [8, 8, 1], "layers": [OUTPUT]})
    assert spec["n_x"] == 64 and spec["input_shape"] == [8, 8, 1]
    assert engine.normalize_spec(spec) == spec
    dense = engine.normalize_spec({"n_x": 2, "layers": [
        {"type": "dense", "units": 3, "activation": "tanh"},
        {"units": 1, "activation": "sigmoid"}]})
    assert "input_shape" not in dense and dense["layers"][0] == {"units": 3, "activation": "tanh"}


# --- saving -----------------------------------------------------------------------------------

def test_a_conv_network_saves_and_loads_exactly():
    data = digits(200)
    net = engine.Network.from_spec({
        "input_shape": [8, 8, 1], "batch_norm": True, "keep_prob": 0.9,
        "optimizer": {"name": "adam", "learning_rate": 0.01},
        "layers": [{"type": "conv", "filters": 3, "size": 3, "padding": "same",
                    "activation": "relu"},
                   {"type": "pool", "mode": "average", "size": 2},
                   {"type": "conv", "filters": 2, "size": 2, "stride": 2, "activation": "tanh"},
                   {"units": 10, "activation": "softmax"}]})
    trainer = engine.Trainer(net, data)
    trainer.run_epochs(3)
    loaded, info = engine.from_json(engine.to_json(trainer, data))
    assert loaded.spec == net.spec
    for name, P in net.parameters.items():
        np.testing.assert_array_equal(loaded.parameters[name], P)
    for name, running in net.bn_running.items():
        assert running.shape == loaded.bn_running[name].shape == (1, 1, 1, 3) or name[-1] == "3"
        np.testing.assert_array_equal(loaded.bn_running[name], running)
    resumed = engine.resume(loaded, data, info)
    trainer.run_epochs(2)
    resumed.run_epochs(2)
    assert resumed.metrics == trainer.metrics  # the same steps, dropout masks and Adam moments


def test_a_saved_conv_filter_of_the_wrong_shape_is_refused():
    net = engine.Network.from_spec({"input_shape": [4, 4, 1], "layers": [
        {"type": "conv", "filters": 2, "size": 3, "activation": "relu"}, {
            "units": 2, "activation": "softmax"}]})
    doc = engine.saving.to_dict(net)
    doc["parameters"]["W1"] = doc["parameters"]["W1"][:2]  # f_H 2 instead of 3
    with pytest.raises(ValueError, match=r"W1 must have shape \(3, 3, 1, 2\)"):
        engine.saving.from_dict(doc)
    doc = engine.saving.to_dict(net)
    doc["parameters"]["b1"][0][0][0][1] = "1"
    with pytest.raises(ValueError, match="b1 holds '1', which is not a number"):
        engine.saving.from_dict(doc)


def test_the_notes_ecg_windows_learn_the_heartbeats():
    """The notes' 1-D example: each unit looks at 20 time steps, every 10 steps."""
    data = engine.prepare(engine.make_dataset("ecg", n=300, noise=0.3, seed=1), train_ratio=0.5)
    net = engine.Network.from_spec({
        "input_shape": list(data.input_shape), "optimizer": {"name": "adam", "learning_rate": 0.01},
        "layers": [{"type": "conv", "filters": 4, "size": [1, 20], "stride": [1, 10],
                    "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]})
    assert net.layer_shapes[1] == (1, 9, 4)  # ⌊(100 − 20)/10⌋ + 1 = 9 windows
    trainer = engine.Trainer(net, data)
    trainer.run_epochs(60)
    assert trainer.metrics["test_accuracy"] > 0.9


def test_the_record_keeps_each_positions_window():
    """record.columns row (i, h, w) is the window of A_prev_pad that made Z[i, h, w]: the
    numbers an inspector shows beside the formula Z = Σ window · W + b."""
    net = engine.Network.from_spec({
        "input_shape": [5, 6, 2], "seed": 5,
        "layers": [{"type": "conv", "filters": 3, "size": [3, 2], "stride": [2, 1],
                    "padding": [1, 0], "activation": "tanh"},
                   {"units": 2, "activation": "softmax"}]})
    X = np.random.default_rng(5).standard_normal((60, 4))
    record = net.step(X, np.eye(2)[[0, 1, 1, 0]].T).layers[0]
    m, n_H, n_W, n_C = record.Z.shape
    assert (n_H, n_W, n_C) == (3, 5, 3)
    padded = zero_pad(record.A_prev, 1, 0)
    i, h, w = 2, 1, 3
    row = record.columns.reshape(m, n_H, n_W, -1)[i, h, w]
    window = padded[i, 2 * h:2 * h + 3, w:w + 2]  # (f_H, f_W, n_C_prev)
    np.testing.assert_array_equal(row, window.ravel())
    for c in range(n_C):
        assert record.Z[i, h, w, c] == pytest.approx(
            np.sum(window * record.W[:, :, :, c]) + record.b[0, 0, 0, c], abs=1e-12)
