"""Cost and accuracy per epoch, train and test (the Trainer's epoch-level history).

The legends show the trainer's metrics, the numbers of the metric row, formatted the same way
(numbers.human): one cost and one accuracy on the page. The history keeps every k-th epoch of a
long run, so the current metric is also the line's last point."""

from __future__ import annotations

import numpy as np

from playground.charts.colors import MUTED_HEX, negative_hex, positive_hex
from playground.charts.line_chart import line_chart_svg
from playground.session.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def _curve(session: Session, name: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = session.trainer.history.series(name)
    now, value = session.net.epochs_done, session.metrics.get(name)
    if value is not None and (not len(x) or x[-1] < now):
        x, y = np.append(x, now), np.append(y, value)
    return x, y


def _pair(session: Session, metric: str) -> tuple[dict, dict]:
    series = {"train": (*_curve(session, f"train_{metric}"), positive_hex()),
              "test": (*_curve(session, f"test_{metric}"), negative_hex())}
    latest = {part: session.metrics.get(f"{part}_{metric}") for part in ("train", "test")}
    return series, latest


def step_costs(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """The cost J of every mini-batch step (the network's per-step history), x in epochs
    (step / steps per epoch) so it shares the epoch axis with the train and test curves."""
    steps, cost = session.net.history.series("cost")
    return steps / max(session.trainer.steps_per_epoch, 1), cost


def cost_html(session: Session, outputs=None) -> str:
    log = session.values["log_cost"]
    cost, latest = _pair(session, "cost")
    if session.values["step_cost"]:  # drawn first: the epoch curves stay on top of its noise
        cost = {"mini-batch": (*step_costs(session), MUTED_HEX), **cost}
    return line_chart_svg(cost, log_y=log, title="Cost J" + (" (log scale)" if log else ""),
                          x_label="epoch", width=WIDTH, height=HEIGHT, max_points=POINTS,
                          latest=latest)


def accuracy_html(session: Session, outputs=None) -> str:
    if session.dataset.problem == "regression":
        return ""
    accuracy, latest = _pair(session, "accuracy")
    return line_chart_svg(accuracy, title="Accuracy", x_label="epoch", width=WIDTH,
                          height=HEIGHT, max_points=POINTS, y_range=(0, 1), latest=latest,
                          percent=True)


def live_html(session: Session) -> str:
    return cost_html(session) + accuracy_html(session)
