"""Every worked number of the Module 6 exercise sheet, reproduced through the engine.

The sheet writes examples as rows (z = x @ W, W is (n_in, n_out)); the engine uses the course's
columns (X is (n_x, m), W is (n[l], n[l-1])), so every sheet matrix is transposed on the way in.
Each expected value was recomputed in plain Python before it went into a test. Where the sheet's
own number is off (it often carries rounded intermediates forward) the test asserts the correct
value and a comment names the sheet's figure. Tolerances follow the sheet's rounding: 4 decimals
-> abs=5e-5.
"""

import numpy as np
import pytest

import engine
from engine.activations import ACTIVATIONS
from engine.training import minibatches
from tests.conftest import network, train_epochs

SHEET_4DP = 5e-5  # the sheet prints 4 decimals
SHEET_3DP = 5e-4


def build(n_x, layers, loss="mean_squared_error", learning_rate=0.1, optimizer=None, **extra):
    """The shared builder with the sheet's set-up: zero weights (the tests set them), GD."""
    spec = {"init": "zeros", **extra}
    return network(layers, n_x=n_x, loss=loss,
                   optimizer=optimizer or {"name": "gd", "learning_rate": learning_rate}, **spec)


def set_parameters(net, **values):
    """Write the sheet's numbers into the engine's own arrays (shapes must already match)."""
    for name, value in values.items():
        net.parameters[name][...] = np.asarray(value, dtype=float)


def column(*values):
    return np.array(values, dtype=float).reshape(-1, 1)


def activation(name, z):
    """(g(z), g'(z)) from the engine's activation registry (softmax: g'(z) is not needed, None)."""
    Z = np.asarray(z, dtype=float).reshape(-1, 1)
    fn = ACTIVATIONS[name]
    A = fn.forward(Z)
    return A, None if name == "softmax" else fn.derivative(Z, A)


def parameter_count(net):
    return sum(p.size for p in net.parameters.values())


# --- Part 1: single neuron -------------------------------------------------------------------

W_1_1 = [[0.5, -0.3, 0.2]]  # (1, 3): one neuron, three inputs
B_1_1 = [[0.1]]


def neuron_1_1(activation_name):
    net = build(3, [(1, activation_name)])
    set_parameters(net, W1=W_1_1, b1=B_1_1)
    return net


def test_exercise_1_1_linear_neuron():
    net = neuron_1_1("linear")
    output = net.forward(column(1.0, 2.0, 3.0))
    assert output.shape == (1, 1)
    assert output[0, 0] == pytest.approx(0.6, abs=1e-12)
    assert parameter_count(net) == 4  # 3 weights + 1 bias


def test_exercise_1_2_sigmoid_neuron():
    net = neuron_1_1("sigmoid")
    assert net.forward(column(1.0, 2.0, 3.0))[0, 0] == pytest.approx(0.6457, abs=SHEET_4DP)
    a, derivative = activation("sigmoid", [0.6])
    assert a[0, 0] == pytest.approx(0.6457, abs=SHEET_4DP)
    assert derivative[0, 0] == pytest.approx(0.2288, abs=SHEET_4DP)
    assert derivative[0, 0] == pytest.approx(a[0, 0] * (1 - a[0, 0]), rel=1e-12)


def test_exercise_1_3_relu_neuron():
    net = neuron_1_1("relu")
    # Both sheet inputs as one batch: columns are examples.
    X = np.array([[1.0, -1.0], [2.0, -2.0], [3.0, -3.0]])
    np.testing.assert_allclose(net.forward(X), [[0.6, 0.0]], atol=1e-12)
    _, derivative = activation("relu", [0.6, -0.4])
    np.testing.assert_array_equal(derivative.ravel(), [1.0, 0.0])


def test_exercise_1_3_dead_relu_gets_no_gradient():
    """z = -0.4 < 0: the neuron outputs 0 and no gradient reaches its weights or bias."""
    net = neuron_1_1("relu")
    net.forward(column(-1.0, -2.0, -3.0), training=True)
    grads = net.backward(column(1.0))
    np.testing.assert_array_equal(grads["dW1"], np.zeros((1, 3)))
    np.testing.assert_array_equal(grads["db1"], np.zeros((1, 1)))


# --- Part 2: activation functions ------------------------------------------------------------

Z_2_1 = [-2.0, -1.0, 0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    ("name", "expected", "tolerance"),
    [
        ("sigmoid", [0.1192, 0.2689, 0.5000, 0.7311, 0.8808], SHEET_4DP),
        ("tanh", [-0.9640, -0.7616, 0.0000, 0.7616, 0.9640], SHEET_4DP),
        ("relu", [0, 0, 0, 1, 2], 1e-12),
        ("leaky_relu", [-0.02, -0.01, 0.00, 1.00, 2.00], 1e-12),  # slope 0.01 below zero
        ("linear", Z_2_1, 1e-12),
    ],
)
def test_exercise_2_1_comparing_activations(name, expected, tolerance):
    a, _ = activation(name, Z_2_1)
    np.testing.assert_allclose(a.ravel(), expected, atol=tolerance, rtol=0)


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("sigmoid", 0.0, 1.0), ("tanh", -1.0, 1.0), ("relu", 0.0, np.inf)],
)
def test_exercise_2_1_ranges(name, low, high):
    a, _ = activation(name, np.linspace(-30, 30, 61))
    assert np.all(a >= low) and np.all(a <= high)
    assert np.all(np.isfinite(a))


@pytest.mark.parametrize(
    ("name", "z", "expected", "tolerance"),
    [
        ("sigmoid", 1.0, 0.1966, SHEET_4DP),
        ("tanh", 1.0, 0.4200, SHEET_4DP),
        ("relu", 1.0, 1.0, 0.0),
        ("sigmoid", 0.0, 0.25, 1e-12),  # the largest slope sigmoid ever has
        ("tanh", 0.0, 1.0, 1e-12),
        ("sigmoid", 5.0, 0.0066, SHEET_4DP),  # "σ'(±5) ≈ 0.0066" (0.006648)
        ("sigmoid", -5.0, 0.0066, SHEET_4DP),
        ("tanh", 3.0, 0.01, 5e-4),  # "tanh'(±3) ≈ 0.01" (0.009866)
        ("tanh", -3.0, 0.01, 5e-4),
    ],
)
def test_exercise_2_2_activation_derivatives(name, z, expected, tolerance):
    _, derivative = activation(name, [z])
    assert derivative[0, 0] == pytest.approx(expected, abs=tolerance)


def test_exercise_2_2_tanh_derivative_is_one_minus_tanh_squared():
    a, derivative = activation("tanh", [1.0])
    assert a[0, 0] ** 2 == pytest.approx(0.5800, abs=SHEET_4DP)
    assert derivative[0, 0] == pytest.approx(1 - a[0, 0] ** 2, rel=1e-12)


def test_exercise_2_3_softmax():
    probabilities, _ = activation("softmax", [2.0, 1.0, 0.1])
    np.testing.assert_allclose(probabilities.ravel(), [0.659, 0.242, 0.099], atol=SHEET_3DP)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert int(np.argmax(probabilities)) == 0


def test_exercise_2_3_softmax_is_translation_invariant_and_stable():
    probabilities, _ = activation("softmax", [2.0, 1.0, 0.1])
    shifted, _ = activation("softmax", [12.0, 11.0, 10.1])
    np.testing.assert_allclose(shifted, probabilities, rtol=1e-12)
    # exp(1002) overflows float64; subtracting max(z) first keeps it finite.
    huge, _ = activation("softmax", [1002.0, 1001.0, 1000.1])
    np.testing.assert_allclose(huge, probabilities, rtol=1e-9)


def test_exercise_2_3_softmax_columns_are_examples():
    Z = np.array([[2.0, 0.0], [1.0, 0.0], [0.1, 0.0]])  # two examples
    A = ACTIVATIONS["softmax"].forward(Z)
    np.testing.assert_allclose(A.sum(axis=0), [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(A[:, 1], [1 / 3] * 3, rtol=1e-12)


def test_exercise_2_4_linear_layers_collapse_to_one():
    # The sheet's hand work uses z1 = W1 x with W1 = [[1, 2], [3, 4]] (rows are neurons, the
    # engine's convention): z1 = [3, 7], output 17. Its NumPy listing instead computes W1.T @ x
    # and would print 16; the hand value 17 is the right one for the stated W1.
    two_layers = build(2, [(2, "linear"), (1, "linear")])
    set_parameters(two_layers, W1=[[1, 2], [3, 4]], b1=[[0], [0]], W2=[[1, 2]], b2=[[0]])
    x = column(1.0, 1.0)
    A0, A1, A2 = two_layers.forward_all(x)
    np.testing.assert_allclose(A1.ravel(), [3.0, 7.0])
    assert A2[0, 0] == pytest.approx(17.0)

    one_layer = build(2, [(1, "linear")])
    set_parameters(one_layer, W1=[[7, 10]], b1=[[0]])  # W2 W1 = [[7, 10]]
    assert one_layer.forward(x)[0, 0] == pytest.approx(17.0)
    # ...and for any input, not just [1, 1].
    X = np.random.default_rng(0).normal(size=(2, 20))
    np.testing.assert_allclose(two_layers.forward(X), one_layer.forward(X), rtol=1e-12)


# --- Part 3: forward pass --------------------------------------------------------------------


def network_3_1():
    """2 -> 3 -> 1, sigmoid everywhere; sheet W1 is (2x3) and W2 (3x1): transposed here."""
    net = build(2, [(3, "sigmoid"), (1, "sigmoid")], loss="binary_cross_entropy")
    set_parameters(
        net,
        W1=[[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]],
        b1=[[0.1], [0.2], [0.3]],
        W2=[[1.0, 2.0, 3.0]],
        b2=[[0.5]],
    )
    return net


def recorded_forward(net, X):
    """One training step so the StepRecord holds Z and A of the forward pass (before the update)."""
    net.step(X, np.ones((1, X.shape[1])))
    return net.latest.layers


def test_exercise_3_1_two_layer_network():
    layer1, layer2 = recorded_forward(network_3_1(), column(1.0, 2.0))
    np.testing.assert_allclose(layer1.Z.ravel(), [1.0, 1.4, 1.8], atol=1e-12)
    # Sheet: a1 = [0.7311, 0.8021, 0.8581]; σ(1.4) = 0.802184 rounds to 0.8022, not 0.8021.
    np.testing.assert_allclose(layer1.A.ravel(), [0.7311, 0.8022, 0.8581], atol=SHEET_4DP)
    # Sheet: z2 = 5.4096, summed from the rounded a1; exactly it is 5.409873 -> 5.4099.
    assert layer2.Z[0, 0] == pytest.approx(5.4099, abs=SHEET_4DP)
    assert layer2.A[0, 0] == pytest.approx(0.9955, abs=SHEET_4DP)
    assert network_3_1().forward(column(1.0, 2.0))[0, 0] == pytest.approx(0.9955, abs=SHEET_4DP)


def test_exercise_3_2_batch_processing():
    X = np.array([[1.0, 0.5], [2.0, 1.5]])  # the sheet's rows [1, 2] and [0.5, 1.5] as columns
    layer1, layer2 = recorded_forward(network_3_1(), X)
    assert layer1.Z.shape == (3, 2)  # the sheet's (2, 3), transposed
    np.testing.assert_allclose(layer1.Z, [[1.0, 0.75], [1.4, 1.05], [1.8, 1.35]], atol=1e-12)
    # Sheet: A1 sample 2 = [0.6792, 0.7408, 0.7942]; σ(1.35) = 0.794130 -> 0.7941, not 0.7942.
    np.testing.assert_allclose(
        layer1.A, [[0.7311, 0.6792], [0.8022, 0.7408], [0.8581, 0.7941]], atol=SHEET_4DP
    )
    # Sheet: Z2 = [5.4096, 5.0434] from rounded A1; exactly [5.409873, 5.043117].
    assert layer2.Z.shape == (1, 2)
    np.testing.assert_allclose(layer2.Z, [[5.4099, 5.0431]], atol=SHEET_4DP)
    np.testing.assert_allclose(layer2.A, [[0.9955, 0.9936]], atol=SHEET_4DP)


def test_exercise_3_2_batch_equals_one_example_at_a_time():
    net = network_3_1()
    X = np.array([[1.0, 0.5], [2.0, 1.5]])
    batch = net.forward(X)
    one_by_one = np.hstack([net.forward(X[:, [i]]) for i in range(2)])
    np.testing.assert_allclose(batch, one_by_one, rtol=1e-15)


def test_exercise_3_3_deep_network_shapes_and_parameter_count():
    net = build(2, [(4, "sigmoid"), (3, "sigmoid"), (1, "sigmoid")], loss="binary_cross_entropy")
    assert net.L == 3  # three weight matrices
    assert net.layer_sizes == [2, 4, 3, 1]
    # The sheet lists (2,4), (4,3), (3,1): its row convention. The engine's are (n[l], n[l-1]).
    shapes = {name: net.parameters[name].shape for name in ("W1", "W2", "W3", "b1", "b2", "b3")}
    assert shapes == {
        "W1": (4, 2), "W2": (3, 4), "W3": (1, 3), "b1": (4, 1), "b2": (3, 1), "b3": (1, 1),
    }
    assert sum(net.parameters[f"W{l}"].size for l in (1, 2, 3)) == 23
    assert sum(net.parameters[f"b{l}"].size for l in (1, 2, 3)) == 8
    assert parameter_count(net) == 31
    A = net.forward_all(column(1.0, 2.0))
    assert [a.shape for a in A] == [(2, 1), (4, 1), (3, 1), (1, 1)]


# --- Part 4: backpropagation -----------------------------------------------------------------
# The sheet's loss is L = ½(y - t)², the engine's "mean_squared_error" (1/2m) Σ (a - y)² with m = 1.


def neuron_4_1():
    net = build(1, [(1, "sigmoid")])
    set_parameters(net, W1=[[0.5]], b1=[[0.1]])
    return net


def test_exercise_4_1_single_neuron_forward():
    net = neuron_4_1()
    y = net.forward(column(2.0), training=True)
    assert y[0, 0] == pytest.approx(0.7503, abs=SHEET_4DP)
    assert net.cost(column(2.0), column(1.0)) == pytest.approx(0.0312, abs=SHEET_4DP)


def test_exercise_4_1_single_neuron_gradient():
    net = neuron_4_1()
    net.step(column(2.0), column(1.0))
    layer = net.latest.layers[0]
    assert layer.Z[0, 0] == pytest.approx(1.1, abs=1e-12)
    # dZ = ∂L/∂y · σ'(z) = (-0.2497)(0.1874). The sheet prints σ'(1.1) = 0.1873 (0.7503 x 0.2497
    # from rounded values); exactly 0.187370 -> 0.1874.
    assert layer.dZ[0, 0] == pytest.approx(-0.2497 * 0.1874, abs=SHEET_4DP)
    # Sheet: ∂L/∂w = -0.0935; exactly -0.093587 -> -0.0936.
    assert layer.dW[0, 0] == pytest.approx(-0.0936, abs=SHEET_4DP)
    assert layer.db[0, 0] == pytest.approx(-0.0468, abs=SHEET_4DP)


def network_4_2(hidden="sigmoid"):
    """1 -> 2 -> 1; the sheet already writes W1 (2x1) and W2 (1x2) in the engine's convention."""
    net = build(1, [(2, hidden), (1, "sigmoid")])
    set_parameters(net, W1=[[0.5], [0.3]], b1=[[0.1], [0.2]], W2=[[0.4, 0.6]], b2=[[0.1]])
    return net


def test_exercise_4_2_two_layer_forward():
    net = network_4_2()
    net.step(column(1.0), column(1.0))
    hidden, output = net.latest.layers
    np.testing.assert_allclose(hidden.Z.ravel(), [0.6, 0.5], atol=1e-12)
    np.testing.assert_allclose(hidden.A.ravel(), [0.6457, 0.6225], atol=SHEET_4DP)
    # Sheet: z2 = 0.7318 and y = 0.6751 (from rounded a1); exactly 0.731738 and 0.675187.
    assert output.Z[0, 0] == pytest.approx(0.7317, abs=SHEET_4DP)
    assert output.A[0, 0] == pytest.approx(0.6752, abs=SHEET_4DP)
    assert net.latest.cost == pytest.approx(0.0528, abs=SHEET_4DP)


def test_exercise_4_2_two_layer_backprop():
    net = network_4_2()
    net.forward(column(1.0), training=True)
    grads = net.backward(column(1.0))
    # Sheet: ∂L/∂y = -0.3249 (exactly -0.324813 -> -0.3248) and δ2 = -0.0713 (= -0.3249 x 0.2193);
    # exactly δ2 = -0.071235 -> -0.0712.
    assert grads["db2"][0, 0] == pytest.approx(-0.0712, abs=SHEET_4DP)
    # Sheet: ∂L/∂W2 = [-0.0460, -0.0444]; exactly [-0.045993, -0.044341] -> [-0.0460, -0.0443].
    np.testing.assert_allclose(grads["dW2"], [[-0.0460, -0.0443]], atol=SHEET_4DP)
    # Sheet: W2ᵀδ2 = [-0.0285, -0.0428] (exactly [-0.028494, -0.042741] -> -0.0427), σ'(z1) =
    # [0.2289, 0.2350] (σ'(0.6) = 0.228784 -> 0.2288, as its own exercise 1.2 says) and
    # δ1 = [-0.0065, -0.0101]; exactly δ1 = [-0.006519, -0.010044] -> [-0.0065, -0.0100].
    np.testing.assert_allclose(grads["db1"], [[-0.0065], [-0.0100]], atol=SHEET_4DP)
    np.testing.assert_allclose(grads["dW1"], [[-0.0065], [-0.0100]], atol=SHEET_4DP)  # x = 1


def test_exercise_4_2_step_record_matches_backward():
    net = network_4_2()
    net.step(column(1.0), column(1.0))
    hidden, output = net.latest.layers
    # δ1 = W2ᵀ δ2 ⊙ σ'(z1): the course's recursion, checked on the recorded arrays.
    W2 = np.array([[0.4, 0.6]])  # before the update
    sigmoid_slope = hidden.A * (1 - hidden.A)
    np.testing.assert_allclose(hidden.dZ, (W2.T @ output.dZ) * sigmoid_slope, rtol=1e-12)
    np.testing.assert_allclose(hidden.dZ.ravel(), [-0.006519, -0.010044], atol=5e-7)
    np.testing.assert_allclose(output.dW, [[-0.045993, -0.044341]], atol=5e-7)


def test_exercise_4_3_backprop_with_relu_hidden_layer():
    # The sheet gives only code for 4.3; the numbers below are computed by hand:
    # z1 = [0.6, 0.5] > 0 so a1 = z1 and ReLU' = 1; z2 = 0.4*0.6 + 0.6*0.5 + 0.1 = 0.64,
    # y = σ(0.64) = 0.654753, δ2 = (y - 1) σ'(0.64) = -0.078043,
    # δ1 = W2ᵀ δ2 = [-0.031217, -0.046826].
    net = network_4_2(hidden="relu")
    net.forward(column(1.0), training=True)
    grads = net.backward(column(1.0))
    assert net.forward(column(1.0))[0, 0] == pytest.approx(0.654753, abs=5e-7)
    assert grads["db2"][0, 0] == pytest.approx(-0.078043, abs=5e-7)
    np.testing.assert_allclose(grads["dW2"], [[-0.046826, -0.039022]], atol=5e-7)
    np.testing.assert_allclose(grads["db1"].ravel(), [-0.031217, -0.046826], atol=5e-7)


@pytest.mark.parametrize(("activation_name", "factor"), [("sigmoid", 0.25), ("relu", 1.0)])
def test_exercise_4_4_vanishing_gradient(activation_name, factor):
    """A chain of one-unit layers with W = 1 and every z = 0 (sigmoid) or z > 0 (ReLU).

    Each hidden layer multiplies dZ by W·g'(z): 0.25 for sigmoid at its steepest, 1 for ReLU.
    The sheet's 10 layers would give 0.25^10 = 9.5e-7; the engine allows at most 8 hidden
    layers, so this chain has 8 hidden + 1 output = 9 layers and dZ[1] = 0.25^8 dZ[9].
    """
    assert pytest.approx(9.5e-7, abs=5e-9) == 0.25**10  # the sheet's figure
    hidden = 8
    layers = [(1, activation_name)] * hidden + [(1, "sigmoid")]
    net = build(1, layers, loss="binary_cross_entropy")
    previous_a = 0.0  # x = 0
    for l in range(1, hidden + 2):
        # Sigmoid: b = -a_prev makes z = 0. ReLU: b = 1 - a_prev makes z = 1 (slope 1).
        bias = -previous_a if activation_name == "sigmoid" else 1.0 - previous_a
        set_parameters(net, **{f"W{l}": [[1.0]], f"b{l}": [[bias]]})
        previous_a = 0.5 if activation_name == "sigmoid" else 1.0
    net.forward(column(0.0), training=True)
    grads = net.backward(column(1.0))
    ratio = grads["db1"][0, 0] / grads[f"db{hidden + 1}"][0, 0]
    assert ratio == pytest.approx(factor**hidden, rel=1e-9)


# --- Part 5: training ------------------------------------------------------------------------


def gd_with_constant_gradient(w, b, dw, db, learning_rate, iterations):
    """Linear neuron x = dw/db, MSE: each step's target makes (a - y) = db, so ∂L/∂w = dw.

    The sheet assumes the gradients stay constant; choosing the target per step makes that true
    while the update itself is the engine's.
    """
    net = build(1, [(1, "linear")], learning_rate=learning_rate)
    set_parameters(net, W1=[[w]], b1=[[b]])
    x = column(dw / db)
    trajectory = []
    for _ in range(iterations):
        target = net.forward(x) - db
        net.step(x, target)
        assert net.latest.layers[0].dW[0, 0] == pytest.approx(dw, rel=1e-12)
        assert net.latest.layers[0].db[0, 0] == pytest.approx(db, rel=1e-12)
        trajectory.append((net.parameters["W1"][0, 0], net.parameters["b1"][0, 0]))
    return trajectory


def test_exercise_5_1_gradient_descent_update():
    trajectory = gd_with_constant_gradient(0.5, 0.1, 0.3, 0.2, learning_rate=0.1, iterations=5)
    expected = [(0.47, 0.08), (0.44, 0.06), (0.41, 0.04), (0.38, 0.02), (0.35, 0.00)]
    np.testing.assert_allclose(trajectory, expected, atol=1e-12)


def test_exercise_5_2_minibatches_per_epoch():
    for batch_size, batches in [(10, 10), (None, 1), (1, 100)]:
        net = build(2, [(1, "sigmoid")], loss="binary_cross_entropy", batch_size=batch_size)
        indices = minibatches(100, batch_size, seed=0, epoch=0)
        assert len(indices) == batches
        if batch_size is not None:  # the engine returns [None] for "the whole batch, unshuffled"
            assert sorted(np.concatenate(indices).tolist()) == list(range(100))
        X = np.zeros((2, 100))
        steps_before = net.steps_done
        train_epochs(net, X, np.zeros((1, 100)))
        assert net.steps_done - steps_before == batches  # one weight update per batch


@pytest.mark.parametrize(
    ("learning_rate", "gradient", "expected_w"),
    [
        (0.01, 0.1, 0.499),
        (1.0, 0.1, 0.4),
        (10.0, 0.1, -0.5),
        (0.01, -0.1, 0.501),
        (1.0, -0.1, 0.6),
        (10.0, -0.1, 1.5),
    ],
)
def test_exercise_5_3_learning_rate_effects(learning_rate, gradient, expected_w):
    # Same trick as 5.1 with x = 1: ∂L/∂w = ∂L/∂b = gradient.
    [(w, _)] = gd_with_constant_gradient(0.5, 0.0, gradient, gradient, learning_rate, 1)
    assert w == pytest.approx(expected_w, abs=1e-12)


# --- Part 6: debugging -----------------------------------------------------------------------


def neuron_6_1(w=0.5):
    """y = σ(w x): the sheet's neuron has no bias, so b = 0."""
    net = build(1, [(1, "sigmoid")])
    set_parameters(net, W1=[[w]], b1=[[0.0]])
    return net


def loss_6_1(w):
    net = neuron_6_1(w)
    return net.cost(column(2.0), column(1.0))


def test_exercise_6_1_gradient_checking_by_hand():
    assert loss_6_1(0.5) == pytest.approx(0.0362, abs=SHEET_4DP)
    net = neuron_6_1()
    net.forward(column(2.0), training=True)
    analytical = net.backward(column(1.0))["dW1"][0, 0]
    assert analytical == pytest.approx(-0.1058, abs=SHEET_4DP)

    epsilon = 1e-5
    loss_plus, loss_minus = loss_6_1(0.5 + epsilon), loss_6_1(0.5 - epsilon)
    # Sheet: L(w+) = 0.036146, L(w-) = 0.036252 and "-0.00106 / 0.00002 = -0.1058". The two
    # losses are really 0.0361637 and 0.0361658: they differ by -2.115e-6, and
    # -2.115e-6 / 2e-5 = -0.10575. (-0.00106 / 0.00002 would be -53.)
    assert loss_plus == pytest.approx(0.0361637, abs=5e-8)
    assert loss_minus == pytest.approx(0.0361658, abs=5e-8)
    assert loss_plus - loss_minus == pytest.approx(-2.115e-6, abs=5e-10)
    numerical = (loss_plus - loss_minus) / (2 * epsilon)
    assert numerical == pytest.approx(-0.1058, abs=SHEET_4DP)
    relative_error = abs(analytical - numerical) / (abs(analytical) + abs(numerical))
    assert relative_error < 1e-7


def test_exercise_6_1_engine_gradient_check():
    net = neuron_6_1()
    difference = engine.gradient_check(net, column(2.0), column(1.0), epsilon=1e-5)
    assert difference < 1e-7
    verdict, sentence = engine.gradient_verdict(difference)
    assert verdict == "great"
    assert isinstance(sentence, str) and sentence


@pytest.mark.parametrize(
    ("classes", "expected"),
    [(2, 0.6931), (3, 1.0986), (10, 2.3026)],  # -log(1/K): 0.69 for two classes, as the sheet says
)
def test_exercise_6_3_initial_loss_is_chance_level(classes, expected):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 50))
    labels = rng.integers(0, classes, size=50)
    if classes == 2:
        layers, loss, Y = [(4, "tanh"), (1, "sigmoid")], "binary_cross_entropy", labels[None, :]
    else:
        layers, loss = [(4, "tanh"), (classes, "softmax")], "categorical_cross_entropy"
        Y = np.eye(classes)[:, labels]
    Y = Y.astype(float)
    # Zero weights predict 1/K for every class: exactly chance.
    zero = build(2, layers, loss=loss)
    assert zero.cost(X, Y) == pytest.approx(np.log(classes), rel=1e-12)
    # The course's small random init (randn · 0.01) starts next to it.
    small = build(2, layers, loss=loss, init="random")
    assert small.cost(X, Y) == pytest.approx(expected, abs=0.01)


def test_exercise_6_3_overfits_a_tiny_batch():
    """Ten examples with arbitrary labels: a working network memorizes them (loss near 0)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 10))
    Y = rng.integers(0, 2, size=(1, 10)).astype(float)
    net = build(2, [(16, "tanh"), (1, "sigmoid")], loss="binary_cross_entropy", init="xavier",
                optimizer={"name": "adam", "learning_rate": 0.05})
    for _ in range(500):
        net.step(X, Y)
    assert net.latest.cost < 0.01
    assert np.array_equal(net.forward(X) > 0.5, Y > 0.5)


def test_exercise_6_3_regularization_raises_the_training_loss():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 40))
    Y = rng.integers(0, 2, size=(1, 40)).astype(float)

    def training_loss(**regularization):
        net = build(2, [(16, "tanh"), (1, "sigmoid")], loss="binary_cross_entropy",
                    init="xavier", optimizer={"name": "adam", "learning_rate": 0.05},
                    **regularization)
        for _ in range(300):
            net.step(X, Y)
        # Cross-entropy alone (net.cost would add the L2 term): compare the fit itself.
        AL = net.forward(X)
        return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))

    plain = training_loss()
    assert plain < training_loss(l2=1.0)
    assert plain < training_loss(keep_prob=0.5)

