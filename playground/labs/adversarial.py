"""Adversarial examples on the playground's data (issue 19): the fast-gradient-sign step taken
on the data's OWN inputs, the plane's (x1, x2) or the digits' grey levels 0-16, so an arrow on
the plane is the step itself and ε means the same on every feature set:

    x_adv = x + ε · sign(∇ₓ L)      ∇ₓ L = Jᵀ ∇_X L,  X = transform(x) (features, normalization)

∇_X L is engine.Network.input_gradient. Without features the transform is (x - μ)/σ per row,
so Jᵀ = diag(1/σ) and sign(∇ₓ L) = sign(∇_X L): exactly engine.adversarial.fgsm on the network's
inputs. With features (x1², sin x1, ...) J comes from central differences of the transform
(smooth functions; only the signs are used).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.adversarial import _checked_epsilon, predicted_classes
from engine.training import accuracy

CURVE_POINTS = 21  # ε = 0 .. curve_end in 20 equal steps
PLANE_CURVE_END, IMAGE_CURVE_END = 3.0, 4.0


def refusal(session) -> str:
    """Why this session has no adversarial examples ("" if it has)."""
    d = session.dataset
    if d.problem not in ("binary", "multiclass"):
        return "Adversarial examples need a classification problem (a class to flip)."
    if d.X_test.shape[1] == 0:
        return "Adversarial examples are made from the test set, and it is empty."
    if session.net.spec.get("batch_norm"):
        return ("Adversarial examples need a network without batch norm (∇ₓ L through the "
                "batch statistics is not one example's gradient).")
    return ""


def input_gradient(net, dataset, inputs: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """∇ₓ L (d, m) with respect to the raw inputs (d, m) of `dataset` (one column each)."""
    X = dataset.transform(inputs)
    dX = net.input_gradient(X, Y)
    if not dataset.uses_features or tuple(dataset.features) == ("x1", "x2"):
        # X = (x - μ) / σ row by row
        return dX / dataset.normalization.std
    step = 1e-6 * max(1.0, float(np.abs(inputs).max()))
    gradient = np.empty_like(inputs, dtype=np.float64)
    for i in range(inputs.shape[0]):
        shift = np.zeros_like(inputs, dtype=np.float64)
        shift[i] = step
        column_jacobian = (dataset.transform(inputs + shift)
                           - dataset.transform(inputs - shift)) / (2 * step)
        gradient[i] = (column_jacobian * dX).sum(axis=0)
    return gradient


@dataclass(frozen=True)
class Attack:
    """The FGSM step of size ε on every test example."""

    epsilon: float
    inputs: np.ndarray  # (d, m) the clean test inputs, in the data's units
    signs: np.ndarray  # (d, m) sign(∇ₓ L)
    before: np.ndarray  # (m,) predicted class of each clean input
    after: np.ndarray  # (m,) predicted class of each adversarial input
    labels: np.ndarray  # (m,) true class

    @property
    def adversarial(self) -> np.ndarray:
        return self.inputs + self.epsilon * self.signs

    @property
    def flipped(self) -> np.ndarray:
        return self.before != self.after


def attack(net, dataset, epsilon: float) -> Attack:
    """FGSM with ε (the data's units) on the test set of a classification `dataset`."""
    epsilon = _checked_epsilon(epsilon)
    inputs = np.asarray(dataset.inputs_test, dtype=np.float64)
    with np.errstate(all="ignore"):
        signs = np.sign(input_gradient(net, dataset, inputs, dataset.Y_test))
        before = predicted_classes(net, dataset.transform(inputs))
        after = predicted_classes(net, dataset.transform(inputs + epsilon * signs))
    return Attack(epsilon, inputs, signs, before, after,
                  np.asarray(dataset.labels_test).astype(np.int64))


def curve_epsilons(dataset) -> np.ndarray:
    end = PLANE_CURVE_END if dataset.has_boundary else IMAGE_CURVE_END
    return np.linspace(0.0, end, CURVE_POINTS)


def accuracy_curve(net, dataset, epsilons=None) -> tuple[np.ndarray, np.ndarray]:
    """(ε, test accuracy on the FGSM examples of size ε); the signs are taken once, so every
    ε steps along the same direction (engine.adversarial.accuracy_against_epsilon's rule)."""
    epsilons = curve_epsilons(dataset) if epsilons is None else np.asarray(epsilons, float)
    for epsilon in epsilons:
        _checked_epsilon(float(epsilon))
    inputs = np.asarray(dataset.inputs_test, dtype=np.float64)
    with np.errstate(all="ignore"):
        signs = np.sign(input_gradient(net, dataset, inputs, dataset.Y_test))
        values = [accuracy(net.predict(dataset.transform(inputs + e * signs)), dataset.Y_test)
                  for e in epsilons]
    return epsilons, np.array(values)
