"""The per-step (mini-batch) cost curve: every step's cost on the epoch axis, the setting
that shows it, and the mini-batch lesson opening on it."""

from pathlib import Path

import numpy as np

from playground.panels import curves
from playground.session.state import Session

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_step_costs_are_every_steps_batch_cost_at_fractional_epochs():
    session = Session({"dataset": "gaussians", "n_points": 100, "train_ratio": 50,
                       "batch_size": 10})
    assert session.trainer.steps_per_epoch == 5  # 50 training points, batches of 10
    costs = []
    for _ in range(10):
        costs.append(session.trainer.step().cost)
    x, y = curves.step_costs(session)
    np.testing.assert_allclose(x, np.arange(1, 11) / 5)  # step k ends at k/5 epochs
    np.testing.assert_array_equal(y, costs)
    assert np.std(np.diff(y)) > 0  # batches differ: the curve is not the epoch curve


def test_the_cost_chart_draws_the_step_curve_only_when_asked():
    session = Session({"dataset": "gaussians", "batch_size": 1})
    session.trainer.run_epochs(1)
    assert "mini-batch" not in curves.cost_html(session)
    session.apply({"step_cost": True})
    assert "mini-batch" in curves.cost_html(session)


def test_the_mini_batch_lesson_opens_on_the_step_curve():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lesson": "mini-batch-size"})
    at.run()
    assert not at.exception
    session = at.session_state["session"]
    assert session.values["step_cost"] is True
    assert at.toggle(key="w.step_cost").value is True
