"""The adversarial-examples lesson (issue 19): its claims, checked over network seeds 0..4, each
with and without a 1e-12 relative nudge of the initial weights (tests/test_lessons.py's
on_any_machine), with the measured figures and margins beside each threshold; and the page's
FGSM on the data's own inputs against the engine's on the network's inputs."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.adversarial import gradient_sign
from playground.experiments.compare import Run
from playground.labs import adversarial
from playground.session import lessons, settings
from tests.test_lessons import on_any_machine

LESSON = lessons.BY_ID["adversarial-examples"]
PLAIN, L2, DROPOUT = (label for label, _ in LESSON.runs)


def _lost(run, epsilon) -> int:
    """Test points the FGSM step of size ε costs: right before, wrong after (net of any it
    happens to put right), as a count of the test set."""
    _, curve = adversarial.accuracy_curve(run.net, run.dataset, [0.0, epsilon])
    return round((curve[0] - curve[1]) * run.dataset.X_test.shape[1])


def test_a_tight_fit_is_fooled_l2_resists_dropout_does_not_reliably():
    epsilon = LESSON.values["adv_epsilon"]
    lost = {PLAIN: [], L2: [], DROPOUT: []}
    for case, runs in on_any_machine(LESSON.id):
        assert runs[PLAIN].dataset.X_test.shape[1] == 70, case  # the text's 70 test points
        counts = {label: _lost(run, epsilon) for label, run in runs.items()}
        for label, count in counts.items():
            lost[label].append(count)
        # Measured (seeds 0-4, the nudge changes nothing): the plain net loses 3, 3, 2, 6, 2
        # of 70 test points, L2 0, 0, 0, 3, 0 (so L2 loses 3, 3, 2, 3, 2 fewer), dropout 2
        # on every seed. Each threshold below is the text's claim, met with a margin of 0
        # at its tightest seed (plain 2 on seeds 2 and 4; L2 3 on seed 3; 2 fewer on 2, 4).
        assert 2 <= counts[PLAIN] <= 6, (case, counts)
        assert counts[L2] <= 3, (case, counts)
        assert counts[PLAIN] - counts[L2] >= 2, (case, counts)
        # Dropout: never more than the plain net, not always fewer.
        assert counts[DROPOUT] <= counts[PLAIN], (case, counts)
        # The curve of every run falls as ε grows (the done-when, on this set-up).
        for label, run in runs.items():
            _, curve = adversarial.accuracy_curve(run.net, run.dataset)
            assert np.all(np.diff(curve) <= 0), (case, label, curve)
            nudged = adversarial.accuracy_curve(
                run.net, run.dataset, adversarial.curve_epsilons(run.dataset) * (1 + 1e-12))[1]
            assert np.all(np.diff(nudged) <= 0), (case, label, nudged)
    fewer = sum(d < p for d, p in zip(lost[DROPOUT], lost[PLAIN], strict=True))
    assert fewer == 6, lost  # "fewer on 3 seeds of 5": seeds 0, 1, 3, each as is and nudged


def test_the_page_step_on_the_plane_is_the_engines_step_on_the_inputs():
    """Without features beyond x1, x2 the transform is (x − μ)/σ: the page's signs are
    engine.adversarial.gradient_sign's, and the perturbed points go through the transform to
    x + ε·sign/σ."""
    values, _ = settings.validate({"dataset": "gaussians", "noise": 20})
    run = Run("plain", values)
    run.train_epochs(20)
    d = run.dataset
    hit = adversarial.attack(run.net, d, 0.5)
    assert np.array_equal(hit.signs, gradient_sign(run.net, d.X_test, d.Y_test))
    np.testing.assert_allclose(d.transform(hit.adversarial),
                               d.X_test + 0.5 * hit.signs / d.normalization.std, atol=1e-12)
    flips = engine.adversarial.flipped(run.net, d.X_test, d.Y_test, 0.0)
    assert not flips.any()
    assert hit.flipped.sum() > 0  # ε = 0.5 flips some of them after 20 epochs


@pytest.mark.parametrize("features", [("x1", "x2", "x1^2", "x2^2"), ("x1", "x1x2", "sin(x2)")])
def test_with_features_the_gradient_goes_through_their_jacobian(features):
    """∇ₓL through the features (central differences of the transform) against the loss's own
    central differences in the plane."""
    values, _ = settings.validate({"dataset": "circle", "features": list(features)})
    run = Run("features", values)
    run.train_epochs(10)
    d = run.dataset
    points, Y = d.inputs_test[:, :12].astype(float), d.Y_test[:, :12]
    gradient = adversarial.input_gradient(run.net, d, points, Y)
    h = 1e-5
    numeric = np.empty_like(points)
    for i in range(2):
        for j in range(points.shape[1]):
            plus, minus = points[:, j:j + 1].copy(), points[:, j:j + 1].copy()
            plus[i] += h
            minus[i] -= h
            numeric[i, j] = (run.net.cost(d.transform(plus), Y[:, j:j + 1])
                             - run.net.cost(d.transform(minus), Y[:, j:j + 1])) / (2 * h)
    numeric /= points.shape[1]  # input_gradient is of the mean cost J over the 12 columns
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-8)


def test_bad_epsilons_are_refused():
    values, _ = settings.validate({})
    run = Run("x", values)
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="epsilon"):
            adversarial.attack(run.net, run.dataset, bad)
