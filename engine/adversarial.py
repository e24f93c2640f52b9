"""Adversarial examples by the fast gradient sign method (FGSM, Goodfellow et al. 2014).

Each test point moves by ε in every input coordinate, in the direction that raises its own
loss fastest to first order:

    x_adv = x + ε · sign(∇ₓ L(x, y))          (∇ₓ L: engine.Network.input_gradient, per column)

Over the box ||δ||∞ ≤ ε this is the step that raises the linearized loss most, so it beats any
other corner of the box, a random sign step of the same size included, as long as the loss is
close to linear over the box. A point where ∇ₓ L is exactly 0 does not move (sign(0) = 0).
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.network import Network
from engine.training import accuracy


def _checked_epsilon(epsilon) -> float:
    if (isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real)
            or not np.isfinite(epsilon) or epsilon < 0):
        raise ValueError(f"epsilon must be a finite number ≥ 0, got {epsilon!r}")
    return float(epsilon)


def gradient_sign(net: Network, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """sign(∇ₓ L) (n_x, m): +1, -1 or 0 per input coordinate of each example. The 1/m of the
    cost does not change a sign, so this is the sign of each example's own loss gradient."""
    return np.sign(net.input_gradient(X, Y))


def fgsm(net: Network, X: np.ndarray, Y: np.ndarray, epsilon: float) -> np.ndarray:
    """The adversarial examples x + ε · sign(∇ₓ L(x, y)), one column per column of X."""
    epsilon = _checked_epsilon(epsilon)
    X, Y = net.checked(X, Y)
    return X + epsilon * gradient_sign(net, X, Y)


def random_sign_step(X: np.ndarray, epsilon: float, seed: int = 0) -> np.ndarray:
    """x + ε · s with s a random corner of the box (each entry ±1, seeded): the step of the
    same size as FGSM's that knows nothing of the network."""
    epsilon = _checked_epsilon(epsilon)
    signs = np.random.default_rng(seed).choice((-1.0, 1.0), size=np.shape(X))
    return X + epsilon * signs


def example_losses(net: Network, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Each example's own loss (m,), without L2 (it does not depend on x): the cost J is
    their mean. Cross entropy comes from the logits, as in the network's cost."""
    X, Y = net.checked(X, Y)
    ZL, AL = net.output(X)
    name = net.loss.name
    if name == "binary_cross_entropy":  # log(1 + e^z) - y z
        return (np.logaddexp(0.0, ZL) - Y * ZL).sum(axis=0)
    if name == "categorical_cross_entropy":  # log Σ e^z - Σ y z
        top = ZL.max(axis=0, keepdims=True)
        log_sum = np.log(np.exp(ZL - top).sum(axis=0)) + top[0]
        return log_sum - (Y * ZL).sum(axis=0)
    D = AL - Y  # mean squared error: ½ Σ (a - y)²
    return 0.5 * (D * D).sum(axis=0)


def predicted_classes(net: Network, X: np.ndarray) -> np.ndarray:
    """Class labels (m,): threshold ½ for one output unit, arg-max for softmax."""
    AL = net.predict(X)
    return (AL[0] > 0.5).astype(np.int64) if AL.shape[0] == 1 else AL.argmax(axis=0)


def flipped(net: Network, X: np.ndarray, Y: np.ndarray, epsilon: float) -> np.ndarray:
    """(m,) booleans: the points whose predicted class the FGSM step of size ε changes."""
    return predicted_classes(net, X) != predicted_classes(net, fgsm(net, X, Y, epsilon))


def accuracy_against_epsilon(net: Network, X: np.ndarray, Y: np.ndarray,
                             epsilons) -> np.ndarray:
    """Accuracy on the FGSM examples of (X, Y) for each ε of ``epsilons`` (ε = 0: the clean
    accuracy). The gradient is taken once: the step for every ε is along the same signs."""
    epsilons = [_checked_epsilon(epsilon) for epsilon in np.atleast_1d(epsilons).tolist()]
    X, Y = net.checked(X, Y)
    signs = gradient_sign(net, X, Y)
    return np.array([accuracy(net.predict(X + epsilon * signs), Y) for epsilon in epsilons])
