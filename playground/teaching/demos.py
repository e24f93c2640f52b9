"""The numbers behind the lessons that show a calculation rather than a training run: one
neuron's computation graph, softmax's stability, a planted backpropagation bug, the cost
surface of a two-weight model and multi-label against multi-class outputs.

Plain Python over the engine (no Streamlit), so tests/test_lessons.py checks the very numbers
the lesson panels show (playground/panels/lesson_demos.py draws them).
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

import engine
from engine.activations import Sigmoid
from playground.charts.computation_graph import NeuronGraph
from playground.experiments import compare

# ---------------------------------------------------------------- lesson 17: computation graph


def neuron_graph(x, w, b: float, y: float) -> NeuronGraph:
    x = tuple(float(v) for v in x)
    w = tuple(float(v) for v in w)
    z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + float(b)
    a = 1.0 / (1.0 + math.exp(-z))
    loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    dz = a - y
    return NeuronGraph(x, w, float(b), float(y), z, a, loss, -y / a + (1 - y) / (1 - a), dz,
                       tuple(xi * dz for xi in x), dz)


# ---------------------------------------------------------------- lesson 20: softmax stability


# The same logits shifted by +1000 and by −1000: softmax's answer must not change.
SOFTMAX_EXAMPLES = ((1.0, 2.0, 3.0), (1001.0, 1002.0, 1003.0), (-999.0, -998.0, -997.0))


def softmax_naive(z) -> np.ndarray:
    """e^z / Σ e^z as written: e^1000 overflows to inf and inf/inf is NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=np.float64))
        return e / e.sum()


def softmax_stable(z) -> np.ndarray:
    """e^(z − max z) / Σ e^(z − max z): every exponent ≤ 0, the engine's way."""
    return engine.ACTIVATIONS["softmax"].forward(np.asarray(z, dtype=np.float64)[:, None])[:, 0]


# ---------------------------------------------------------------- lesson 23: a planted bug


class SigmoidWithoutOneMinusG(Sigmoid):
    """The classic slip: g'(z) = g(z) instead of g(z)(1 − g(z))."""

    def derivative(self, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return A

    def backward(self, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
        return dA * A


@contextlib.contextmanager
def planted_sigmoid_bug(net: engine.Network):
    """Inside the block, `net`'s hidden sigmoid layers backpropagate with the bug; the forward
    pass (and so the cost) is unchanged. Only this network is touched, and it is repaired on
    the way out, whatever happens inside."""
    hidden = [layer for layer in net.layers[:-1] if layer.activation == "sigmoid"]
    if not hidden:
        raise ValueError("the bug sits in sigmoid's derivative: this net has no hidden "
                         "sigmoid layer")
    saved = [layer.g for layer in hidden]
    try:
        for layer in hidden:
            layer.g = SigmoidWithoutOneMinusG()
        yield net
    finally:
        for layer, g in zip(hidden, saved, strict=True):
            layer.g = g


# ---------------------------------------------------------------- lesson 19: cost surfaces

# One input, labels that overlap (so cross entropy has a finite minimum): ŷ = σ(w·x + b).
SURFACE_X = np.array([[-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0]])
SURFACE_Y = np.array([[0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]])
SURFACE_LOSSES = {"binary_cross_entropy": "cross entropy", "mean_squared_error": "squared error"}
SURFACE_START = (-4.0, 3.0)  # (w, b): predicts the wrong class on both sides, confidently
SURFACE_WINDOW = (-6.0, 6.0, -6.0, 6.0)  # w range, b range


def surface_net(loss: str, w: float, b: float, learning_rate: float = 1.0) -> engine.Network:
    """The two-weight model as an engine network (no hidden layer, a sigmoid output)."""
    net = engine.Network.from_spec({
        "n_x": 1, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": loss,
        "optimizer": {"name": "gd", "learning_rate": learning_rate}})
    net.parameters["W1"][...] = w
    net.parameters["b1"][...] = b
    return net


def cost_grid(loss: str, n: int = 81) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(w values, b values, J[b index, w index]) over SURFACE_WINDOW for one loss."""
    w0, w1, b0, b1 = SURFACE_WINDOW
    ws, bs = np.linspace(w0, w1, n), np.linspace(b0, b1, n)
    W, B = np.meshgrid(ws, bs)
    A = 1.0 / (1.0 + np.exp(-(W[..., None] * SURFACE_X[0] + B[..., None])))
    Y = SURFACE_Y[0]
    if loss == "binary_cross_entropy":
        A = A.clip(1e-15, 1 - 1e-15)  # as the engine clips
        J = -(Y * np.log(A) + (1 - Y) * np.log(1 - A)).mean(axis=-1)
    else:
        J = ((A - Y) ** 2).mean(axis=-1) / 2
    return ws, bs, J


def descent_path(loss: str, steps: int = 100, learning_rate: float = 1.0,
                 start: tuple[float, float] = SURFACE_START) -> np.ndarray:
    """(steps + 1, 3) rows of (w, b, J): gradient descent from `start`, by the engine."""
    net = surface_net(loss, *start, learning_rate)
    rows = []
    for _ in range(steps):
        rows.append((net.parameters["W1"].item(), net.parameters["b1"].item(),
                     net.cost(SURFACE_X, SURFACE_Y)))
        net.step(SURFACE_X, SURFACE_Y)
    rows.append((net.parameters["W1"].item(), net.parameters["b1"].item(),
                 net.cost(SURFACE_X, SURFACE_Y)))
    return np.array(rows)


# ---------------------------------------------------------------- lesson 22: multi-label


def probe_points(dataset) -> dict[str, np.ndarray]:
    """Points (in the plot's coordinates) where the two kinds of output part ways: each class's
    centre, halfway between the first two, the origin (between all) and the top-right corner
    (far from every class)."""
    centres = {name: dataset.points_train[:, dataset.labels_train == k].mean(axis=1)
               for k, name in enumerate(dataset.class_names)}
    first, second = list(centres.values())[:2]
    names = list(centres)
    x1_high, x2_high = dataset.bounds[1], dataset.bounds[3]
    return {**{f"centre of {name}": c for name, c in centres.items()},
            f"between {names[0]} and {names[1]}": (first + second) / 2,
            "origin": np.zeros(2),
            "top-right corner": np.array([x1_high, x2_high])}


def multi_outputs(dataset, epochs: int = 200, seed: int = 0,
                  nudge: float = 0.0) -> dict[str, engine.Network]:
    """The same hidden layer trained with one softmax (multi-class: exactly one class) and with
    K independent sigmoids (multi-label: each class yes or no on its own), on the same data;
    `nudge` perturbs the initial parameters (compare.nudge: the lesson tests' last-bit check)."""
    nets = {}
    for name, activation, loss in (("softmax", "softmax", "categorical_cross_entropy"),
                                   ("sigmoids", "sigmoid", "binary_cross_entropy")):
        net = engine.Network.from_spec({
            "n_x": dataset.n_x, "seed": seed, "loss": loss,
            "layers": [{"units": 8, "activation": "tanh"},
                       {"units": dataset.n_y, "activation": activation}],
            "optimizer": {"name": "adam", "learning_rate": 0.03}})
        if nudge:
            compare.nudge(net, nudge)
        for _ in range(epochs):
            net.step(dataset.X_train, dataset.Y_train)
        nets[name] = net
    return nets


# ---------------------------------------------------------------- lesson 21: N-bit parity


def all_bit_strings(n: int) -> np.ndarray:
    """(n, 2^n): every n-bit input as a column (course layout)."""
    return ((np.arange(2**n)[None, :] >> np.arange(n)[:, None]) & 1).astype(np.float64)


def parity(X: np.ndarray) -> np.ndarray:
    return (X.sum(axis=0, keepdims=True) % 2).astype(np.float64)


def _hand_built(n_x: int, layers: list[tuple[np.ndarray, np.ndarray]]) -> engine.Network:
    """An engine network with ReLU hidden layers and a linear output, weights set by hand."""
    spec = {"n_x": n_x, "loss": "mean_squared_error",
            "layers": [{"units": W.shape[0], "activation": "relu"} for W, _ in layers[:-1]]
            + [{"units": 1, "activation": "linear"}]}
    net = engine.Network.from_spec(spec)
    for l, (W, b) in enumerate(layers, start=1):
        net.parameters[f"W{l}"][...] = W
        net.parameters[f"b{l}"][...] = b.reshape(-1, 1)
    return net


def parity_one_layer(n: int) -> engine.Network:
    """One hidden layer of n ReLU units: with s = Σx, unit k is relu(s − k) (k = 0..n−1), and
    the output s − 2·relu(s − 1) + 2·relu(s − 2) − … zig-zags through 0, 1, 0, 1 at s = 0, 1,
    2, 3, … : parity, exactly, from n units (not 2^n)."""
    W1 = np.ones((n, n))
    b1 = -np.arange(n, dtype=np.float64)
    W2 = np.array([[1.0] + [2.0 * (-1) ** k for k in range(1, n)]])
    return _hand_built(n, [(W1, b1), (W2, np.zeros(1))])


def parity_tree(n: int) -> engine.Network:
    """The course's XOR tree: each hidden layer XORs neighbours in pairs, ⌈log2 n⌉ layers.
    XOR(p, q) = relu(p + q) − 2·relu(p + q − 1) for bits p, q: two units per pair, and the
    next layer reads p and q as those differences; an odd one out is passed on as relu(p)."""
    # Each value is a linear form over the previous layer's units: {unit index: coefficient}.
    values = [{i: 1.0} for i in range(n)]
    width, layers = n, []
    while len(values) > 1:
        rows, biases, nxt = [], [], []
        for start in range(0, len(values) - 1, 2):
            p, q = values[start], values[start + 1]
            both = {i: p.get(i, 0.0) + q.get(i, 0.0) for i in {*p, *q}}
            rows += [both, both]
            biases += [0.0, -1.0]
            nxt.append({len(rows) - 2: 1.0, len(rows) - 1: -2.0})
        if len(values) % 2:
            rows.append(values[-1])
            biases.append(0.0)
            nxt.append({len(rows) - 1: 1.0})
        W = np.zeros((len(rows), width))
        for r, row in enumerate(rows):
            for i, c in row.items():
                W[r, i] = c
        layers.append((W, np.array(biases)))
        values, width = nxt, len(rows)
    out = np.zeros((1, width))
    for i, c in values[0].items():
        out[0, i] = c
    return _hand_built(n, [*layers, (out, np.zeros(1))])


def parity_table(sizes=range(2, 9)) -> list[dict]:
    """Units each way, every network checked on all 2^n inputs by the engine's forward pass."""
    rows = []
    for n in sizes:
        X = all_bit_strings(n)
        one, tree = parity_one_layer(n), parity_tree(n)
        exact = all(np.array_equal(net.forward(X), parity(X)) for net in (one, tree))
        rows.append({
            "N": n,
            "AND/OR circuit, one layer: AND gates": 2 ** (n - 1),
            "ReLU, one hidden layer: units": one.spec["layers"][0]["units"],
            "ReLU XOR tree: hidden layers": tree.L - 1,
            "ReLU XOR tree: units": sum(layer["units"] for layer in tree.spec["layers"][:-1]),
            "exact on all 2^N inputs": exact,
        })
    return rows
