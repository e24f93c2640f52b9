"""Every formula the inspector prints holds with the numbers it prints (issue: batch norm in the
inspector). The right-hand side of each equation is evaluated on the printed values and
compared with the printed left-hand side."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from playground.charts.equations import layer_equations

OUTPUTS = {"binary_cross_entropy": ("sigmoid", 1), "categorical_cross_entropy": ("softmax", 3),
           "mean_squared_error": ("tanh", 1)}


def _targets(loss, n_y, m, rng):
    if loss == "categorical_cross_entropy":
        return np.eye(n_y)[:, rng.integers(0, n_y, m)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (1, m)).astype(float)
    return rng.uniform(-0.9, 0.9, (1, m))


def _step(hidden, loss, l2, keep_prob, batch_norm, optimizer, seed, m=7, steps=2):
    rng = np.random.default_rng(seed)
    out_act, n_y = OUTPUTS[loss]
    spec = {"n_x": 3, "layers": [*({"units": u, "activation": a} for u, a in hidden),
                                 {"units": n_y, "activation": out_act}],
            "loss": loss, "init": "xavier", "seed": seed, "l2": l2, "keep_prob": keep_prob,
            "batch_norm": batch_norm, "optimizer": {"name": optimizer, "learning_rate": 0.1}}
    net = engine.Network.from_spec(spec)
    X = rng.normal(size=(3, m))
    Y = _targets(loss, n_y, m, rng)
    for _ in range(steps):  # the second step has optimizer state and running statistics
        record = net.step(X, Y)
    return net, record


@settings(max_examples=60, deadline=None)
@given(hidden=st.lists(st.tuples(st.integers(1, 4), st.sampled_from(engine.HIDDEN_ACTIVATIONS)),
                       min_size=0, max_size=3),
       loss=st.sampled_from(sorted(OUTPUTS)), l2=st.sampled_from([0.0, 0.7]),
       keep_prob=st.sampled_from([1.0, 0.6]), batch_norm=st.booleans(),
       optimizer=st.sampled_from(sorted(engine.OPTIMIZERS)), seed=st.integers(0, 10_000))
def test_every_printed_formula_holds_with_the_printed_numbers(hidden, loss, l2, keep_prob,
                                                              batch_norm, optimizer, seed):
    net, record = _step(hidden, loss, l2, keep_prob, batch_norm, optimizer, seed)
    for l in range(1, net.L + 1):
        eq = layer_equations(record, l, loss, l2, optimizer)
        assert eq.forward and eq.backward and eq.update
        for equation in eq.all():
            expected = eq.values[equation.lhs]
            np.testing.assert_allclose(equation.rhs(eq.values), expected, rtol=1e-9, atol=1e-9,
                                       err_msg=f"layer {l}: {equation.latex}")


def test_batch_norm_prints_z_as_w_times_a_and_its_statistics():
    """The reported bug: with batch norm the page printed the normalized value as z."""
    hidden = [(4, "tanh"), (3, "relu")]
    net, record = _step(hidden, "binary_cross_entropy", 0.0, 1.0, True, "gd", seed=3)
    eq = layer_equations(record, 1, "binary_cross_entropy", 0.0, "gd")
    v = eq.values
    np.testing.assert_array_equal(v["Z"], v["W"] @ v["A_prev"])
    np.testing.assert_allclose(v["mu"], v["Z"].mean(axis=1, keepdims=True), atol=1e-12)
    np.testing.assert_allclose(v["var"], v["Z"].var(axis=1, keepdims=True), atol=1e-12)
    assert {"gamma", "beta", "dgamma", "dbeta", "Z_norm", "Z_tilde", "dZ_tilde"} <= set(v)
    assert "b" not in v
    latex = " ".join(e.latex for e in eq.all())
    assert r"\mu" in latex and r"{\sigma^{[1]}}^2" in latex and r"\gamma" in latex


def test_the_printed_w_is_the_one_used_forward_and_the_update_is_its_own_line():
    """W printed next to Z is the W of the forward pass; with gradient descent the update line
    W_new = W - α dW holds, and W_new is what the network holds now."""
    net, record = _step([(4, "sigmoid")], "binary_cross_entropy", 0.0, 1.0, False, "gd", seed=1)
    eq = layer_equations(record, 1, "binary_cross_entropy", 0.0, "gd")
    v = eq.values
    np.testing.assert_allclose(v["Z"], v["W"] @ v["A_prev"] + v["b"], atol=1e-12)
    np.testing.assert_allclose(v["W_new"], v["W"] - 0.1 * v["dW"], atol=1e-12)
    np.testing.assert_array_equal(v["W_new"], net.parameters["W1"])
    assert not np.allclose(v["W"], net.parameters["W1"])  # the step did move W
