"""Cost and accuracy per epoch, train and test (the Trainer's epoch-level history)."""

from __future__ import annotations

from playground.charts.colors import NEGATIVE_HEX, POSITIVE_HEX
from playground.charts.line_chart import line_chart_svg
from playground.state import Session

WIDTH, HEIGHT = 300, 170
POINTS = 150  # per series: a 300 px chart shows no more, and every byte is sent per frame


def live_html(session: Session) -> str:
    history = session.trainer.history
    log = session.values["log_cost"]
    cost = {"train": (*history.series("train_cost"), POSITIVE_HEX),
            "test": (*history.series("test_cost"), NEGATIVE_HEX)}
    parts = [line_chart_svg(cost, log_y=log, title="Cost J" + (" (log scale)" if log else ""),
                            x_label="epoch", width=WIDTH, height=HEIGHT, max_points=POINTS)]
    if session.dataset.problem != "regression":
        accuracy = {"train": (*history.series("train_accuracy"), POSITIVE_HEX),
                    "test": (*history.series("test_accuracy"), NEGATIVE_HEX)}
        parts.append(line_chart_svg(accuracy, title="Accuracy", x_label="epoch",
                                    width=WIDTH, height=HEIGHT, max_points=POINTS, y_range=(0, 1)))
    return "".join(parts)
