"""Recirculation: training a one-hidden-layer autoencoder without backpropagated error.

Hinton, G. E. & McClelland, J. L. (1988), "Learning representations by recirculation", in
Neural Information Processing Systems (D. Z. Anderson, ed.), AIP, pp. 358-366. The input
goes round the loop visible -> hidden -> visible -> hidden, and each layer learns from the
difference between its own two passes, with its own inputs: local information only.

The net is engine.autoencoder's n_x - n_h - n_x (W1 (n_h, n_x) the encoder, W2 (n_x, n_h)
the decoder, g1 the hidden activation, g2 the output's), one column per example:

    x0 = X                                     time 0: the visible units hold the input
    h1 = g1(W1 @ x0 + b1)                      time 1: the hidden units' first pass
    x2 = λ·x0 + (1 − λ)·g2(W2 @ h1 + b2)       time 2: the reconstruction, regressed toward x0
    h3 = g1(W1 @ x2 + b1)                      time 3: the hidden units' second pass
    ΔW2 = (x0 − x2) @ h1.T / m                 a visible unit: its two states' difference
    Δb2 = Σ_columns (x0 − x2) / m
    ΔW1 = (h1 − h3) @ x2.T / m                 a hidden unit: its two states' difference
    Δb1 = Σ_columns (h1 − h3) / m
    W := W + α·ΔW,  b := b + α·Δb

λ (the paper's regression, 0.75 there) keeps x2 close to x0, so h3 differs from h1 by a
small change of its input, and (h1 − h3) points, to first order, the way backpropagation's
error would if W1 and W2ᵀ were alike (the paper's argument). No error is sent back through
W2. The reconstruction error reported is the autoencoder's own cost of the plain forward pass,
J = 1/(2m) Σ ||x̂ − x||² with x̂ = g2(W2 g1(W1 x + b1) + b2), comparable with backpropagation's.
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.activations import ACTIVATIONS
from engine.network import Network
from engine.training import minibatches

LAMBDA = 0.75  # Hinton & McClelland's regression of the visible units


def check_autoencoder(net: Network) -> None:
    """Recirculation needs n_x - n_h - n_x dense layers without batch norm or dropout."""
    kinds = [layer.get("type", "dense") for layer in net.spec["layers"]]
    if net.L != 2 or kinds != ["dense", "dense"] or net.layer_sizes[2] != net.layer_sizes[0]:
        raise ValueError("recirculation trains a one-hidden-layer autoencoder (n_x - n_h - "
                         f"n_x dense layers); this network is {net.layer_sizes}")
    if net.spec["batch_norm"] or net.spec["keep_prob"] != 1:
        raise ValueError("recirculation takes no batch norm or dropout")


def _check_lambda(lam) -> float:
    if isinstance(lam, bool) or not isinstance(lam, numbers.Real) or not 0 <= lam < 1:
        raise ValueError(f"λ (the regression toward the visible units) must be in [0, 1), "
                         f"got {lam!r}")
    return float(lam)


def passes(net: Network, X: np.ndarray, lam: float = LAMBDA) -> dict[str, np.ndarray]:
    """The four states of the loop for the columns of X: x0, h1, x2, h3."""
    lam = _check_lambda(lam)
    g1, g2 = (ACTIVATIONS[name] for name in net.activations)
    p = net.parameters
    x0 = np.asarray(X, dtype=np.float64)
    h1 = g1.forward(p["W1"] @ x0 + p["b1"])
    x2 = lam * x0 + (1 - lam) * g2.forward(p["W2"] @ h1 + p["b2"])
    h3 = g1.forward(p["W1"] @ x2 + p["b1"])
    return {"x0": x0, "h1": h1, "x2": x2, "h3": h3}


def updates(states: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """ΔW1, Δb1, ΔW2, Δb2 from the loop's states (each layer's own difference)."""
    x0, h1, x2, h3 = states["x0"], states["h1"], states["x2"], states["h3"]
    m = x0.shape[1]
    dW2 = (x0 - x2) @ h1.T / m
    db2 = np.sum(x0 - x2, axis=1, keepdims=True) / m
    dW1 = (h1 - h3) @ x2.T / m
    db1 = np.sum(h1 - h3, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def step(net: Network, X: np.ndarray, learning_rate: float, lam: float = LAMBDA) -> dict:
    """One recirculation update on the columns of X, in place; returns the states and the
    updates (the record of the step)."""
    check_autoencoder(net)
    states = passes(net, X, lam)
    delta = updates(states)
    for name in ("W1", "b1", "W2", "b2"):
        net.parameters[name] += learning_rate * delta[f"d{name}"]
    return {**states, **delta}


def reconstruction_error(net: Network, X: np.ndarray) -> float:
    """J = 1/(2m) Σ ||x̂ − x||² of the plain forward pass (no regression)."""
    X = np.asarray(X, dtype=np.float64)
    return float(np.sum((net.forward(X) - X) ** 2) / (2 * X.shape[1]))


def train(net: Network, X: np.ndarray, epochs: int, learning_rate: float,
          lam: float = LAMBDA, batch_size: int | None = None, seed: int = 0) -> np.ndarray:
    """Recirculation for `epochs` epochs over shuffled mini-batches (the Trainer's order:
    engine.training.minibatches); returns the reconstruction error before training and after
    each epoch, (epochs + 1,)."""
    check_autoencoder(net)
    _check_lambda(lam)
    if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
        raise ValueError(f"epochs must be a whole number ≥ 0, got {epochs!r}")
    if not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"the learning rate must be a number > 0, got {learning_rate!r}")
    X = np.asarray(X, dtype=np.float64)
    errors = [reconstruction_error(net, X)]
    for epoch in range(epochs):
        for batch in minibatches(X.shape[1], batch_size, seed, epoch):
            step(net, X if batch is None else X[:, batch], learning_rate, lam)
        errors.append(reconstruction_error(net, X))
    return np.array(errors)


# The comparison the lesson states (tests/test_recirculation.py checks it over seeds): 500
# digits scaled to [0, 1], a 64-8-64 autoencoder with a sigmoid code, plain gradient steps.
COMPARE = {"examples": 500, "code_units": 8, "learning_rate": 0.1, "batch_size": 10,
           "epochs": 200, "lam": LAMBDA}


def compare_with_backprop(seed: int = 0, nudge: float = 0.0, **changes) -> dict:
    """Both trainings of one autoencoder from the same initial parameters on the same digits:
    {"recirculation", "backpropagation"}: reconstruction errors before training and after
    each epoch, and the settings used. `nudge` multiplies every initial parameter by 1 ± nudge
    (random signs): a claim checked with 1e-12 does not hold for one rounding only."""
    from engine.autoencoder import autoencoder_data, autoencoder_spec
    from engine.datasets import make_dataset
    from engine.training import Trainer

    options = {**COMPARE, **changes}
    X = make_dataset("digits", n=options["examples"], seed=seed).points / 16.0
    spec = autoencoder_spec(X.shape[0], code_units=options["code_units"],
                            activation="sigmoid", seed=seed, batch_size=options["batch_size"],
                            optimizer={"name": "gd", "learning_rate": options["learning_rate"]})
    nets = [Network.from_spec(spec), Network.from_spec(spec)]
    if nudge:
        signs = np.random.default_rng([seed, 12])
        for name, values in nets[0].parameters.items():
            factor = 1 + nudge * signs.choice((-1.0, 1.0), size=values.shape)
            for net in nets:
                net.parameters[name] *= factor
    recirculated = train(nets[0], X, options["epochs"], options["learning_rate"],
                         options["lam"], options["batch_size"], seed)
    trainer = Trainer(nets[1], autoencoder_data(X))
    backpropagated = [reconstruction_error(nets[1], X)]
    for _ in range(options["epochs"]):
        trainer.run_epochs(1)
        backpropagated.append(reconstruction_error(nets[1], X))
    return {"recirculation": recirculated, "backpropagation": np.array(backpropagated),
            "options": options}
