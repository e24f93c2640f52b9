"""Digits (64 inputs) have no input plane, so instead of a boundary: sample test predictions,
the first layer's weights as 8×8 images (what each hidden unit looks for), and the confusion
matrix."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.charts.digits import (
    confusion_matrix_figure,
    sample_predictions_image,
    weights_grid_image,
)
from playground.charts.png import png_data_uri
from playground.session import keys
from playground.session.state import Session


def predictions(session: Session) -> np.ndarray:
    with np.errstate(all="ignore"):
        return session.net.forward(session.dataset.X_test).argmax(axis=0)


def live_html(session: Session, rows: int = 3) -> str:
    """Sample predictions (`rows` of 8) and W[1] as images (cheap enough for every frame); a
    lesson's screen takes two rows, so the first screen holds them below its text."""
    d = session.dataset
    parts = ["<div class='pg-digits'><div class='pg-chart-title'>Test digits: predicted "
             "(true) — red frame = wrong</div>"]
    image = sample_predictions_image(d.inputs_test, d.labels_test, predictions(session),
                                     k=8 * rows,
                                     cols=8, cell=40, class_names=d.class_names)
    parts.append(f"<img alt='sample predictions' src='{png_data_uri(image)}'/>")
    W1 = session.net.parameters["W1"]
    if W1.shape[1] == 64:
        parts.append("<div class='pg-chart-title'>W[1]: each hidden unit's 64 weights as an "
                     "8×8 image (blue +, orange −)</div>")
        parts.append(f"<img class='pg-weights' alt='first-layer weights' "
                     f"src='{png_data_uri(weights_grid_image(W1, cols=8, cell=32))}'/>")
    parts.append("</div>")
    return "".join(parts)


def render(session: Session) -> None:
    """The confusion matrix (plotly, so it is drawn only when paused)."""
    d = session.dataset
    if session.playing:
        st.info("Pause to see the confusion matrix.")
        return
    figure = confusion_matrix_figure(d.labels_test, predictions(session), d.class_names)
    st.plotly_chart(figure, width="content", key=keys.DIGITS_CONFUSION)
