"""The engine against the course, on random networks.

1. A full training step written out straight-line in the course's notation (no engine code:
   own activations, derivatives, batch norm forward and backward in the staged form, inverted
   dropout with the engine's masks given as fixed inputs, L2) must give the engine's Z, A, J,
   dW, db, dγ, dβ and updated parameters to 1e-10.
2. Every formula the page prints must hold with the numbers the engine's record holds (1e-9):
   the record alone is enough to check the step by hand.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.activations import HIDDEN_ACTIVATIONS
from tests.conftest import network

OUTPUTS = [  # (loss, output activation, output units)
    ("binary_cross_entropy", "sigmoid", 1),
    ("categorical_cross_entropy", "softmax", 3),
    *[("mean_squared_error", g, 2) for g in ("linear", "sigmoid", "tanh", "relu", "leaky_relu")],
]
EPS = 1e-8  # the course's ε in batch norm


# --- the course, written out --------------------------------------------------------------------

def g(name, z):
    if name == "linear":
        return z
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(0, z)
    if name == "leaky_relu":
        return np.maximum(0.01 * z, z)
    e = np.exp(z - z.max(axis=0))  # softmax
    return e / e.sum(axis=0)


def g_prime(name, z):
    if name == "linear":
        return np.ones_like(z)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0) * 1.0
    return np.where(z > 0, 1.0, 0.01)  # leaky_relu


def course_step(params, X, Y, acts, loss, lambd, keep_prob, D, batch_norm, alpha):
    """One gradient-descent step as the course writes it. D[l]: 0/1 dropout masks."""
    L, m = len(acts), X.shape[1]
    c = {"A0": X}
    for l in range(1, L + 1):
        W, A_prev = params[f"W{l}"], c[f"A{l - 1}"]
        if batch_norm and l < L:
            Z = W @ A_prev
            mu = np.sum(Z, axis=1, keepdims=True) / m
            var = np.sum((Z - mu) ** 2, axis=1, keepdims=True) / m
            Z_norm = (Z - mu) / np.sqrt(var + EPS)
            Z_tilde = params[f"gamma{l}"] * Z_norm + params[f"beta{l}"]
            c.update({f"mu{l}": mu, f"var{l}": var, f"Z_norm{l}": Z_norm, f"Z_tilde{l}": Z_tilde})
            A = g(acts[l - 1], Z_tilde)
        else:
            Z = W @ A_prev + params[f"b{l}"]
            A = g(acts[l - 1], Z)
        if l < L and keep_prob < 1:
            A = A * D[l] / keep_prob
        c[f"Z{l}"], c[f"A{l}"] = Z, A

    AL, ZL = c[f"A{L}"], c[f"Z{L}"]
    # log a and log(1 - a) are taken from z (1 - σ(z) = σ(-z), log softmax = z - log Σ e^z):
    # the same formulas, without the rounding of a next to 1.
    if loss == "binary_cross_entropy":
        log_a, log_1_minus_a = -np.logaddexp(0, -ZL), -np.logaddexp(0, ZL)
        J = -np.sum(Y * log_a + (1 - Y) * log_1_minus_a) / m
    elif loss == "categorical_cross_entropy":
        log_a = ZL - np.log(np.sum(np.exp(ZL - ZL.max(axis=0)), axis=0)) - ZL.max(axis=0)
        J = -np.sum(Y * log_a) / m
    else:
        J = np.sum((AL - Y) ** 2) / (2 * m)
    J += lambd / (2 * m) * sum(np.sum(params[f"W{l}"] ** 2) for l in range(1, L + 1))

    grads = {}
    dZ = (AL - Y) * g_prime(acts[-1], c[f"Z{L}"]) if loss == "mean_squared_error" else AL - Y
    for l in range(L, 0, -1):
        if batch_norm and l < L:  # dZ is dZ̃ here: back through γ, β and the batch statistics
            Z, mu, var = c[f"Z{l}"], c[f"mu{l}"], c[f"var{l}"]
            grads[f"dgamma{l}"] = np.sum(dZ * c[f"Z_norm{l}"], axis=1, keepdims=True) / m
            grads[f"dbeta{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
            dZ_norm = dZ * params[f"gamma{l}"]
            dvar = np.sum(dZ_norm * (Z - mu) * -0.5 * (var + EPS) ** -1.5, axis=1, keepdims=True)
            dmu = (np.sum(-dZ_norm / np.sqrt(var + EPS), axis=1, keepdims=True)
                   + dvar * np.sum(-2 * (Z - mu), axis=1, keepdims=True) / m)
            dZ = dZ_norm / np.sqrt(var + EPS) + dvar * 2 * (Z - mu) / m + dmu / m
        else:
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"] = dZ @ c[f"A{l - 1}"].T / m + lambd / m * params[f"W{l}"]
        if l > 1:
            dA = params[f"W{l}"].T @ dZ
            if keep_prob < 1:
                dA = dA * D[l - 1] / keep_prob
            Z_in = c[f"Z_tilde{l - 1}"] if batch_norm else c[f"Z{l - 1}"]
            dZ = dA * g_prime(acts[l - 2], Z_in)
    new = {key: P - alpha * grads[f"d{key}"] for key, P in params.items()}
    return c, J, grads, new


# --- random networks ----------------------------------------------------------------------------

@st.composite
def set_ups(draw):
    hidden = draw(st.lists(st.sampled_from(HIDDEN_ACTIVATIONS), min_size=1, max_size=3))
    loss, output, units = draw(st.sampled_from(OUTPUTS))
    return {
        "hidden": hidden, "widths": draw(st.lists(st.integers(1, 5), min_size=len(hidden),
                                                  max_size=len(hidden))),
        "loss": loss, "output": output, "units": units,
        "l2": draw(st.sampled_from([0.0, 0.3])), "keep_prob": draw(st.sampled_from([1.0, 0.7])),
        "batch_norm": draw(st.booleans()), "n_x": draw(st.integers(1, 4)),
        "m": draw(st.integers(2, 9)), "seed": draw(st.integers(0, 10_000)),
    }


def build(s, optimizer=None):
    """The network of set-up ``s`` with random parameters (biases, γ and β too), data X, Y."""
    layers = [*zip(s["widths"], s["hidden"], strict=True), (s["units"], s["output"])]
    net = network(layers, n_x=s["n_x"], loss=s["loss"], seed=s["seed"], l2=s["l2"],
                  keep_prob=s["keep_prob"], batch_norm=s["batch_norm"],
                  optimizer=optimizer or {"name": "gd", "learning_rate": 0.1})
    rng = np.random.default_rng(s["seed"])
    for key, P in net.parameters.items():
        P[...] = rng.uniform(0.5, 1.5, P.shape) if key.startswith("gamma") else (
            rng.standard_normal(P.shape))
    X = rng.standard_normal((s["n_x"], s["m"]))
    if s["loss"] == "binary_cross_entropy":
        Y = (rng.random((1, s["m"])) > 0.5) * 1.0
    elif s["loss"] == "categorical_cross_entropy":
        Y = np.eye(3)[:, rng.integers(0, 3, s["m"])]
    else:
        Y = rng.uniform(-1, 1, (2, s["m"]))
    return net, X, Y


def close(actual, expected, tolerance):
    np.testing.assert_allclose(actual, expected, rtol=tolerance, atol=tolerance)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=set_ups())
def test_one_engine_step_equals_the_course_written_out(s):
    net, X, Y = build(s)
    params = {key: P.copy() for key, P in net.parameters.items()}
    record = net.step(X, Y)
    keep_prob, L = s["keep_prob"], len(record.layers)
    D = {}  # the dropout masks are random inputs: take the engine's, as 0/1 masks
    for layer in record.layers[:-1]:
        if keep_prob < 1:
            assert set(np.unique(layer.mask)) <= {0.0, 1 / keep_prob}
            D[layer.l] = (layer.mask > 0) * 1.0
        else:
            assert layer.mask is None
    acts = [*s["hidden"], s["output"]]
    c, J, grads, new = course_step(params, X, Y, acts, s["loss"], s["l2"], keep_prob, D,
                                   s["batch_norm"], alpha=0.1)
    close(record.cost, J, 1e-10)
    for layer in record.layers:
        l = layer.l
        close(layer.Z, c[f"Z{l}"], 1e-10)
        close(layer.A, c[f"A{l}"], 1e-10)
        close(layer.dZ, grads[f"dZ{l}"], 1e-10)
        close(layer.dW, grads[f"dW{l}"], 1e-10)
        if s["batch_norm"] and l < L:
            close(layer.dgamma, grads[f"dgamma{l}"], 1e-10)
            close(layer.dbeta, grads[f"dbeta{l}"], 1e-10)
            close(layer.Z_tilde, c[f"Z_tilde{l}"], 1e-10)
        else:
            close(layer.db, grads[f"db{l}"], 1e-10)
    # A step the divergence watch stopped is taken back (see the next test); else θ is new θ.
    held = new if record.divergence is None else params
    for key, P in net.parameters.items():
        close(P, held[key], 1e-10)


OPTIMIZERS = [{"name": "gd", "learning_rate": 0.1}, {"name": "momentum", "learning_rate": 0.1},
              {"name": "adam", "learning_rate": 0.01}, {"name": "rmsprop", "learning_rate": 0.01}]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=set_ups(), optimizer=st.sampled_from(OPTIMIZERS), steps=st.integers(1, 3))
def test_every_printed_formula_holds_with_the_recorded_numbers(s, optimizer, steps):
    net, X, Y = build(s, optimizer)
    for _ in range(steps):
        record = net.step(X, Y)
    m, lambd, keep_prob = s["m"], s["l2"], s["keep_prob"]
    L = len(record.layers)
    for layer in record.layers:
        l, W = layer.l, layer.W
        batch_norm = s["batch_norm"] and l < L
        # Forward.
        if batch_norm:
            assert layer.b is None and layer.db is None
            close(layer.Z, W @ layer.A_prev, 1e-9)
            close(layer.mu, layer.Z.mean(axis=1, keepdims=True), 1e-9)
            close(layer.var, ((layer.Z - layer.mu) ** 2).mean(axis=1, keepdims=True), 1e-9)
            close(layer.Z_norm, (layer.Z - layer.mu) / np.sqrt(layer.var + layer.epsilon), 1e-9)
            close(layer.Z_tilde, layer.gamma * layer.Z_norm + layer.beta, 1e-9)
            g_input = layer.Z_tilde
        else:
            for name in ("mu", "var", "epsilon", "Z_norm", "Z_tilde", "gamma", "beta",
                         "dZ_tilde", "dgamma", "dbeta"):
                assert getattr(layer, name) is None, name
            close(layer.Z, W @ layer.A_prev + layer.b, 1e-9)
            g_input = layer.Z
        G = g(layer.activation, g_input)
        if l < L and keep_prob < 1:
            assert layer.keep_prob == keep_prob
            close(layer.A, G * layer.mask, 1e-9)
        else:
            assert layer.mask is None
            close(layer.A, G, 1e-9)
        # Backward.
        if l < L:
            close(layer.dA, record.layers[l].W.T @ record.layers[l].dZ, 1e-9)
            dG = layer.dA if layer.mask is None else layer.dA * layer.mask
            dZ_in = dG * g_prime(layer.activation, g_input)
            if batch_norm:
                close(layer.dZ_tilde, dZ_in, 1e-9)
                close(layer.dgamma, (layer.dZ_tilde * layer.Z_norm).sum(axis=1, keepdims=True)
                      / m, 1e-9)
                close(layer.dbeta, layer.dZ_tilde.sum(axis=1, keepdims=True) / m, 1e-9)
                dZ_norm = layer.gamma * layer.dZ_tilde
                close(layer.dZ, (dZ_norm - dZ_norm.mean(axis=1, keepdims=True)
                                 - layer.Z_norm * (dZ_norm * layer.Z_norm).mean(axis=1,
                                                                                keepdims=True))
                      / np.sqrt(layer.var + layer.epsilon), 1e-9)
            else:
                close(layer.dZ, dZ_in, 1e-9)
        elif s["loss"] == "mean_squared_error":
            close(layer.dZ, (layer.A - Y) * g_prime(layer.activation, layer.Z), 1e-9)
        else:
            close(layer.dZ, layer.A - Y, 1e-9)
        close(layer.dW, layer.dZ @ layer.A_prev.T / m + lambd / m * W, 1e-9)
        if not batch_norm:
            close(layer.db, layer.dZ.sum(axis=1, keepdims=True) / m, 1e-9)
        # The update: W_new is what the network now holds; for GD it is W - α dW. A step the
        # divergence watch stopped (random weights and α = 0.1 can blow up a linear net) is
        # taken back: the network holds W again, never the runaway W_new.
        held = layer.W_new if record.divergence is None else W
        if record.divergence is None or not record.divergence.runaway_cost:
            np.testing.assert_array_equal(net.parameters[f"W{l}"], held)
        if optimizer["name"] == "gd":
            close(layer.W_new - W, -0.1 * layer.dW, 1e-9)
            if not batch_norm:
                close(layer.b_new - layer.b, -0.1 * layer.db, 1e-9)
            else:
                close(layer.gamma_new - layer.gamma, -0.1 * layer.dgamma, 1e-9)
        assert layer.dW_norm == pytest.approx(np.linalg.norm(layer.dW), rel=1e-9)
        assert layer.W_norm == pytest.approx(np.linalg.norm(layer.W_new), rel=1e-9)
        assert layer.update_ratio == pytest.approx(
            np.linalg.norm(layer.W_new - W) / np.linalg.norm(layer.W_new), rel=1e-6)


def test_a_record_keeps_its_parameters_when_later_steps_run():
    s = {"hidden": ["tanh"], "widths": [3], "loss": "binary_cross_entropy", "output": "sigmoid",
         "units": 1, "l2": 0.0, "keep_prob": 1.0, "batch_norm": True, "n_x": 2, "m": 6, "seed": 1}
    net, X, Y = build(s)
    W_used = net.parameters["W1"].copy()
    first = net.step(X, Y).layers[0]
    W_new, gamma_new = first.W_new.copy(), first.gamma_new.copy()
    for _ in range(3):
        net.step(X, Y)
    np.testing.assert_array_equal(first.W, W_used)
    np.testing.assert_array_equal(first.W_new, W_new)
    np.testing.assert_array_equal(first.gamma_new, gamma_new)
    assert not np.array_equal(first.W_new, net.parameters["W1"])  # training went on
