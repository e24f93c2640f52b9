"""Optimizers exactly as the course writes them.

The network keeps all its parameters in one flat vector θ (W1, b1, W2, ... are views into it)
and its gradients in a flat vector dθ of the same layout, so every formula below is applied to
all the parameters at once. ``update(theta, grad, learning_rate)`` changes θ in place and
returns the step it subtracted (Δθ) as a fresh array, from which the trace reports
||ΔW|| / ||W|| and a record shows W after the update (W - ΔW) long after later steps.
"""

from __future__ import annotations

import numpy as np


class GradientDescent:
    """θ := θ - α dθ."""

    name = "gd"

    def __init__(self, **_):
        pass

    def update(self, theta: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        step = learning_rate * grad
        theta -= step
        return step


class Momentum:
    """v := β v + (1 - β) dθ;  θ := θ - α v.  (No bias correction, as in the course.)"""

    name = "momentum"

    def __init__(self, beta1=0.9, **_):
        self.beta1 = beta1
        self.v = None

    def update(self, theta: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        if self.v is None:
            self.v = np.zeros_like(theta)
        self.v *= self.beta1
        self.v += (1.0 - self.beta1) * grad
        step = learning_rate * self.v
        theta -= step
        return step


class RMSprop:
    """s := β2 s + (1 - β2) dθ²;  θ := θ - α dθ / (√s + ε)."""

    name = "rmsprop"

    def __init__(self, beta2=0.999, epsilon=1e-8, **_):
        self.beta2, self.epsilon = beta2, epsilon
        self.s = None

    def update(self, theta: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        if self.s is None:
            self.s = np.zeros_like(theta)
        self.s *= self.beta2
        self.s += (1.0 - self.beta2) * grad * grad
        step = learning_rate * grad / (np.sqrt(self.s) + self.epsilon)
        theta -= step
        return step


class Adam:
    """Momentum and RMSprop together, with bias correction at step t = 1, 2, ...:

        v := β1 v + (1 - β1) dθ;   s := β2 s + (1 - β2) dθ²
        v̂ = v / (1 - β1^t);        ŝ = s / (1 - β2^t)
        θ := θ - α v̂ / (√ŝ + ε)
    """

    name = "adam"

    def __init__(self, beta1=0.9, beta2=0.999, epsilon=1e-8, **_):
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.v = self.s = None
        self.t = 0

    def update(self, theta: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        if self.v is None:
            self.v, self.s = np.zeros_like(theta), np.zeros_like(theta)
        self.t += 1
        self.v *= self.beta1
        self.v += (1.0 - self.beta1) * grad
        self.s *= self.beta2
        self.s += (1.0 - self.beta2) * grad * grad
        v_hat = self.v / (1.0 - self.beta1 ** self.t)
        s_hat = self.s / (1.0 - self.beta2 ** self.t)
        step = learning_rate * v_hat / (np.sqrt(s_hat) + self.epsilon)
        theta -= step
        return step


OPTIMIZERS = {o.name: o for o in (GradientDescent, Momentum, RMSprop, Adam)}
