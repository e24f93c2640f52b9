"""Gradient checking, the course's way: compare backprop with two-sided differences.

    dθ_approx[i] = (J(θ + ε e_i) - J(θ - ε e_i)) / (2ε)
    difference   = ||dθ - dθ_approx|| / (||dθ|| + ||dθ_approx||)
"""

from __future__ import annotations

import numpy as np

from engine.network import Network

GREAT, CHECK, BUG = 1e-7, 1e-5, 1e-3


def gradient_check(net: Network, X: np.ndarray, Y: np.ndarray, epsilon: float = 1e-7,
                   max_entries: int = 2000, seed: int = 0) -> float:
    """Relative difference between backprop's gradient and the numerical one, over all
    parameters (or over ``max_entries`` of them drawn at random, so that a large network does
    not occupy a shared server for minutes).

    Inside ``net.frozen()``: dropout draws one mask and reuses it for every evaluation, and
    batch norm's running statistics stay as they were. Parameters are restored exactly.
    """
    net.check_data(X, Y)
    with net.frozen():
        net.forward(X, training=True)
        grads = net.backward(Y)
        entries = [(key, i) for key, P in net.parameters.items() for i in range(P.size)]
        if len(entries) > max_entries:
            pick = np.random.default_rng(seed).choice(len(entries), max_entries, replace=False)
            entries = [entries[i] for i in sorted(pick)]
        analytic = np.array([grads["d" + key].flat[i] for key, i in entries])
        numeric = np.empty(len(entries))
        for n, (key, i) in enumerate(entries):
            P = net.parameters[key]
            original = P.flat[i]
            P.flat[i] = original + epsilon
            J_plus = net.cost(X, Y, training=True)
            P.flat[i] = original - epsilon
            J_minus = net.cost(X, Y, training=True)
            P.flat[i] = original
            numeric[n] = (J_plus - J_minus) / (2 * epsilon)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(analytic - numeric) / denominator)


def gradient_verdict(difference):
    """The course's reading of a gradient-check difference: (level, sentence)."""
    if difference < GREAT:
        return "great", f"{difference:.1e} < 1e-7: backpropagation is correct."
    if difference < CHECK:
        return "check", f"{difference:.1e} < 1e-5: probably fine, but check the components."
    if difference < BUG:
        return "check", (f"{difference:.1e} is between 1e-5 and 1e-3: suspicious; look for the "
                         "component whose gradients differ most.")
    return "bug", f"{difference:.1e} > 1e-3: there is very likely a bug in backpropagation."
