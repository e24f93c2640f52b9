"""Done-when property of issue 30: every public door of the engine, given wrong, 1-D,
transposed, integer and mislabelled arrays, gives the right result or a ValueError naming the
argument — never IndexError, AttributeError, KeyError or a wrong number."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import engine

X_VARIANTS = ("ok", "int", "1d", "transposed", "list", "bool", "nan", "wrong_rows")
Y_VARIANTS = ("ok", "int", "1d", "column", "transposed", "labels", "mislabelled", "list", "nan",
              "wrong_m", "three_d")


@st.composite
def cases(draw):
    n_x, m = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    kind = draw(st.sampled_from(["binary", "softmax", "regression"]))
    K = draw(st.integers(2, 4)) if kind == "softmax" else 1
    values = st.integers(-3, 3)  # whole numbers: the integer variant holds the same values
    X = np.array(draw(st.lists(values, min_size=n_x * m, max_size=n_x * m)),
                 dtype=float).reshape(n_x, m)
    labels = np.array(draw(st.lists(st.integers(0, 1 if kind == "binary" else K - 1),
                                    min_size=m, max_size=m)))
    if kind == "softmax":
        Y = engine.one_hot(labels, K)
    elif kind == "binary":
        Y = labels[None, :].astype(float)
    else:
        Y = np.array(draw(st.lists(values, min_size=m, max_size=m)), dtype=float)[None, :]
    return (n_x, m, kind, K, X, Y, labels, draw(st.sampled_from(X_VARIANTS)),
            draw(st.sampled_from(Y_VARIANTS)))


def x_variant(X, variant):
    """(the array given, whether it has one meaning)."""
    n_x, m = X.shape
    return {
        "ok": (X, True), "int": (X.astype(np.int64), True),
        "1d": (X.ravel(), n_x == 1), "transposed": (X.T, n_x == 1),
        "list": (X.tolist(), False), "bool": (X > 0, False),
        "nan": (np.where(np.arange(X.size).reshape(X.shape) == 0, np.nan, X), False),
        "wrong_rows": (np.vstack([X, X[:1]]), False),
    }[variant]


def y_variant(Y, labels, kind, variant):
    n_y, m = Y.shape
    bad = Y.copy()
    bad[0, 0] = 2.0 if kind != "regression" else bad[0, 0]  # a label that does not exist
    return {
        "ok": (Y, True), "int": (Y.astype(np.int64), True),
        "1d": (Y.ravel(), n_y == 1), "column": (Y.reshape(-1, 1), n_y == 1 or m == 1),
        "transposed": (Y.T, n_y == 1),
        # class numbers: one-hot is needed for softmax
        "labels": (labels, kind != "softmax"),
        "mislabelled": (bad, kind == "regression"),
        "list": (Y.tolist(), False),
        "nan": (np.where(np.arange(Y.size).reshape(Y.shape) == 0, np.nan, Y), False),
        "wrong_m": (np.hstack([Y, Y[:, :1]]), False),
        "three_d": (Y[None], False),
    }[variant]


def network(n_x, kind, K):
    output = {"binary": (1, "sigmoid"), "softmax": (K, "softmax"), "regression": (1, "linear")}
    units, activation = output[kind]
    return engine.Network.from_spec({"n_x": n_x, "layers": [
        {"units": 3, "activation": "tanh"}, {"units": units, "activation": activation}],
        "seed": 3, "optimizer": {"name": "gd", "learning_rate": 0.1}})


def names(error: ValueError, *arguments: str) -> bool:
    return any(re.search(rf"\b{argument}\b", str(error)) for argument in arguments)


def check(call, expected, bad_arguments):
    """The call's result equals ``expected()`` if no argument is bad, else it is a ValueError
    naming one of the bad arguments. Any other exception fails the test as it is."""
    if not bad_arguments:
        result = call()
        want = expected()
        if isinstance(want, np.ndarray):
            np.testing.assert_allclose(result, want, rtol=1e-12, atol=1e-12)
        elif isinstance(want, dict):
            assert result.keys() == want.keys()
            for key in want:
                if want[key] is None:
                    assert result[key] is None, key
                else:
                    assert result[key] == pytest.approx(want[key], rel=1e-12, abs=1e-12), key
        else:
            assert result == pytest.approx(want, rel=1e-12, abs=1e-12)
        return
    with pytest.raises(ValueError) as raised:
        call()
    assert names(raised.value, *bad_arguments), (str(raised.value), bad_arguments)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_door_gives_the_right_result_or_a_value_error_naming_the_argument(case):
    n_x, m, kind, K, X, Y, labels, xv, yv = case
    assume(not (xv == "transposed" and n_x == m and n_x > 1))  # same shape: cannot be told
    assume(not (yv == "transposed" and m == K and K > 1))
    assume(not (xv == "wrong_rows" and n_x == 1 and m == 1))  # (2, 1): a column of 2 examples
    X_given, x_ok = x_variant(X, xv)
    Y_given, y_ok = y_variant(Y, labels, kind, yv)
    # A regression target takes any number: its "mislabelled" and "labels" variants are
    # other targets, as good as the first.
    Y_canonical = Y
    if kind == "regression" and yv in ("mislabelled", "labels"):
        Y_canonical = np.asarray(Y_given, dtype=float).reshape(1, m)
    bad_x, bad_y = [] if x_ok else ["X"], [] if y_ok else ["Y"]

    net, reference = network(n_x, kind, K), network(n_x, kind, K)
    check(lambda: net.forward(X_given), lambda: reference.forward(X), bad_x)
    check(lambda: net.predict(X_given), lambda: reference.predict(X), bad_x)
    check(lambda: net.cost(X_given, Y_given), lambda: reference.cost(X, Y_canonical),
          bad_x + bad_y)

    def backward():
        net.forward(X, training=True)
        return net.backward(Y_given)

    def backward_reference():
        reference.forward(X, training=True)
        return reference.backward(Y_canonical)

    check(backward, backward_reference, bad_y)
    check(lambda: net.step(X_given, Y_given).cost,
          lambda: reference.step(X, Y_canonical).cost, bad_x + bad_y)
    if kind != "regression":
        AL = reference.predict(X)
        predicted = (AL > 0.5).astype(int)[0] if kind == "binary" else AL.argmax(axis=0)
        hand = sum(int(p == t) for p, t in zip(predicted, labels, strict=True)) / m
        accepted_labels = yv == "labels"  # accuracy also counts class numbers for softmax
        check(lambda: engine.accuracy(AL, Y_given), lambda: hand,
              [] if y_ok or accepted_labels else ["Y"])

    def metrics(network_, X_, Y_):
        return engine.Trainer(network_, engine.ArrayData(X_, Y_)).metrics

    check(lambda: metrics(network(n_x, kind, K), X_given, Y_given),
          lambda: metrics(network(n_x, kind, K), X, Y_canonical), bad_x + bad_y)
    check(lambda: engine.gradient_check(network(n_x, kind, K), X_given, Y_given, max_entries=5),
          lambda: engine.gradient_check(network(n_x, kind, K), X, Y_canonical, max_entries=5),
          bad_x + bad_y)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6),
       st.sampled_from(["1d", "row", "column", "float", "list", "negative", "fraction"]),
       st.integers(1, 7))
def test_one_hot_is_right_or_a_value_error_naming_labels(labels, variant, K):
    y = np.array(labels)
    given_ = {"1d": y, "row": y[None, :], "column": y[:, None], "float": y.astype(float),
              "list": labels, "negative": y - 1 if y.min() == 0 else -y,
              "fraction": y + 0.5}[variant]
    if variant in ("negative", "fraction") or K < 2 or y.max() >= K:
        with pytest.raises(ValueError, match="labels|n_classes"):
            engine.one_hot(given_, K)
        return
    Y = engine.one_hot(given_, K)
    assert Y.shape == (K, len(labels))
    assert [int(np.flatnonzero(Y[:, i])[0]) for i in range(len(labels))] == labels
    assert (Y.sum(axis=0) == 1).all()
