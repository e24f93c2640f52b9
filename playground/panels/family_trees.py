"""The family trees (engine/family_trees.py) have no input plane, so instead of a boundary:
the people on their feature vectors' plane with the held-out questions answered (live, every
frame), and Hinton's figure of each unit's weight from each person (a live panel below)."""

from __future__ import annotations

import numpy as np

from engine import family_trees as ft
from playground.charts import family_trees as chart
from playground.session.state import Session


def is_family_trees(session: Session) -> bool:
    return session.dataset.name == ft.NAME


def _vectors(session: Session) -> np.ndarray:
    return chart.person_vectors(session.net.parameters["W1"])


def live_html(session: Session) -> str:
    """The first cell of the live area: the map (its axes kept on the session, so principal
    components never flip sign between frames) and the held-out questions' answers."""
    svg, session.embedding_axes = chart.person_map_svg(_vectors(session),
                                                       session.embedding_axes)
    facts = ft.family_trees(session.values["data_seed"]).test
    with np.errstate(all="ignore"):
        answers = chart.answers_html(facts, session.net.forward(session.dataset.X_test))
    return f"<div class='pg-family'>{svg}{answers}</div>"


def _separation(session: Session) -> str:
    """The lesson's measure, once per network state and only when paused (24 logistic
    regressions take about a third of a second)."""
    if session.playing:
        return "Pause to measure how well the vectors predict nationality and generation."
    key = (id(session.net), session.net.steps_done)
    if session.separation is None or session.separation[0] != key:
        vectors = _vectors(session)
        if not np.isfinite(vectors).all():
            return "The weights are not finite: nothing to measure."
        counts = tuple(ft.predicted_by_vectors(vectors, what)
                       for what in ("nationality", "generation"))
        session.separation = (key, counts)
    nationality, generation = session.separation[1]
    return (f"A leave-one-out logistic regression on these vectors predicts the nationality "
            f"of <b>{nationality} of 24</b> people and the generation of <b>{generation} of "
            f"24</b> (the network was told neither).")


def units_html(session: Session, outputs=None) -> str:
    """Hinton's figure, the columns' order, and the measure."""
    return (f"<div class='pg-family-units-cell'>{chart.unit_squares_svg(_vectors(session))}"
            f"<div class='pg-caption'>Columns: {chart.order_caption()}.</div>"
            f"<div class='pg-caption'>{_separation(session)}</div></div>")
