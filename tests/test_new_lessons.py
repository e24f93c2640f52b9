"""The two lessons added for issue 17: vectorization (its timing demo) and what hidden units
learn (its claim over seeds 0..4 and under a 1e-12 relative nudge of the initial weights)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.experiments.compare import Run
from playground.session import lessons, settings
from playground.teaching import vectorization


def test_loop_and_np_dot_agree_and_both_are_timed():
    t = vectorization.time_dot(n=20_000, seed=3)
    assert math.isclose(t.loop, t.vectorized, rel_tol=1e-9)
    assert t.relative_difference < 1e-9
    assert t.loop_ms > 0 and t.vectorized_ms > 0
    assert t.ratio == t.loop_ms / t.vectorized_ms


def test_loop_dot_is_the_hand_sum():
    assert vectorization.loop_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0, 6.0])) == 12.0


def test_vectorization_lesson_opens_its_timing_demo():
    lesson = lessons.BY_ID["vectorization"]
    assert lesson.demo == "vectorized-dot" and lesson.watched == ("demo",)


# ------------------------------------------------------------ what hidden units learn

SEEDS = range(5)
NUDGES = (0.0, 1e-12)  # compare.nudge: the last-bit difference another BLAS kernel makes


def hidden_units_run(seed: int, nudge: float) -> Run:
    lesson = lessons.BY_ID["hidden-units"]
    values, messages = settings.validate({**lesson.values, "seed": seed})
    assert messages == []
    run = Run(lesson.title, values, nudge=nudge)  # the lesson tests' one perturbation
    run.train_epochs(lesson.values["run_epochs"])
    return run


@pytest.mark.parametrize("nudge", NUDGES)
@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_units_are_half_planes_that_only_together_fit_the_circle(seed, nudge):
    run = hidden_units_run(seed, nudge)
    d, net = run.dataset, run.net
    W1, b1 = net.parameters["W1"], net.parameters["b1"]
    assert W1.shape == (3, 2)
    # Each unit's map over the plane is positive exactly on one side of its line.
    grid = np.mgrid[-3:3:41j, -3:3:41j].reshape(2, -1)
    X = d.transform(grid)
    A1 = net.forward_all(X)[1]
    assert np.array_equal(A1 > 0, W1 @ X + b1 > 0)
    # No unit alone separates the classes (either side of its line as the inner class) ...
    Y = d.Y_train[0] > 0.5
    for side in W1 @ d.X_train + b1 > 0:
        assert max(np.mean(side == Y), np.mean(side != Y)) <= 0.85
    # ... the output's sum of the three does.
    assert run.trainer.metrics["test_accuracy"] > 0.95
