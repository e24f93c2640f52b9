"""The family trees on the playground: the data set on the page, its map of the people's
feature vectors, Hinton's squares figure, the held-out answers, the separation measure, and
hostile links to its settings (AppTest). The lesson's training claims are in
tests/test_family_trees.py."""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from engine import family_trees as ft
from playground import controls, live
from playground.charts import colors
from playground.charts import family_trees as chart
from playground.session import panel_table, settings
from playground.session.lessons import layers
from playground.session.state import Session
from tests.test_app import notes, opened, session, widget

SVG = "{http://www.w3.org/2000/svg}"
SETUP = {"problem": "multiclass", "dataset": "family_trees",
         "layers": layers((6, "sigmoid"), (12, "sigmoid"))}


def random_W1(n1: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n1, 36))


def test_a_persons_vector_is_its_column_of_W1():
    W1 = random_W1(6)
    V = chart.person_vectors(W1)
    assert V.shape == (24, 6)
    colin = ft.PEOPLE.index("Colin")
    assert np.array_equal(V[colin], W1[:, colin])
    # The input is one-hot: W[1] x for "Colin" + "aunt" is Colin's column plus aunt's.
    x = ft.encode([ft.Fact("Colin", "aunt", ("Jennifer", "Margaret"))])[0]
    aunt = 24 + ft.RELATIONSHIPS.index("aunt")
    assert np.allclose((W1 @ x)[:, 0], V[colin] + W1[:, aunt], rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match=r"must be \(n1, 36\)"):
        chart.person_vectors(np.zeros((6, 64)))


def test_the_map_is_the_two_principal_components_and_keeps_its_orientation():
    V = chart.person_vectors(random_W1(6))
    coords, axes, labels = chart.map_coordinates(V)
    centred = V - V.mean(axis=0)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)  # PCA by hand
    for k in range(2):
        assert abs(abs(axes[k] @ Vt[k]) - 1) < 1e-12
        assert np.allclose(np.abs(coords[:, k]), np.abs(centred @ Vt[k]), atol=1e-12)
    share = s[:2] ** 2 / np.sum(s ** 2)
    assert labels == (f"PC 1 ({share[0]:.0%})", f"PC 2 ({share[1]:.0%})")
    # A frame later the components may come out with either sign: the previous axes decide.
    flipped = -axes
    again, kept, _ = chart.map_coordinates(V, previous=flipped)
    assert np.allclose(kept, flipped) and np.allclose(again, -coords)
    # Two units are drawn as they are; one unit on a line.
    V2 = chart.person_vectors(random_W1(2))
    coords2, _, labels2 = chart.map_coordinates(V2)
    assert np.allclose(coords2, V2 - V2.mean(axis=0)) and labels2 == ("unit 1", "unit 2")
    coords1, _, _ = chart.map_coordinates(chart.person_vectors(random_W1(1)))
    assert coords1.shape == (24, 2) and not coords1[:, 1].any()


def test_the_map_names_every_person_coloured_by_family_marked_by_generation():
    svg, axes = chart.person_map_svg(chart.person_vectors(random_W1(6)))
    root = ET.fromstring(svg)
    people = root.findall(f".//{SVG}g[@class='pg-person']")
    assert len(people) == 24 and axes.shape == (2, 6)
    shapes = {0: "circle", 1: "rect", 2: "path"}
    for group, name in zip(people, ft.PEOPLE, strict=True):
        label = group.find(f"{SVG}text")
        assert label.text == name
        assert label.get("fill") == chart.FAMILY_HEX[ft.FAMILY[name]]
        marker = group[1]
        assert marker.tag == SVG + shapes[ft.GENERATION[name]]
        assert marker.get("fill") == chart.FAMILY_HEX[ft.FAMILY[name]]
    # The map's points are the coordinates, scaled: the order along PC 1 is kept.
    coords, _, _ = chart.map_coordinates(chart.person_vectors(random_W1(6)))
    xs = [float(g.find(f"{SVG}text").get("x")) for g in people]
    starts = [x - 7 if g.find(f"{SVG}text").get("text-anchor") == "start" else x + 7
              for x, g in zip(xs, people, strict=True)]
    assert np.array_equal(np.argsort(starts), np.argsort(coords[:, 0]))


def test_the_squares_figure_has_a_block_per_unit_area_by_magnitude_colour_by_sign():
    W1 = random_W1(6, seed=3)
    V = chart.person_vectors(W1)
    cell = 13
    root = ET.fromstring(chart.unit_squares_svg(V, cell=cell))
    squares = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(squares) == 6 * 24
    biggest = np.abs(V).max()
    for index, square in enumerate(squares):
        unit, p = divmod(index, 24)  # unit by unit, English row then Italian row
        w = W1[unit, p]
        name, value = square.find(f"{SVG}title").text.split(": w = ")
        assert name == ft.PEOPLE[p] and float(value) == pytest.approx(w, abs=1e-3)
        side = float(square.get("width"))
        assert side == pytest.approx((cell - 2) * math.sqrt(abs(w) / biggest), abs=0.06)
        assert square.get("fill") == (colors.POSITIVE_HEX if w >= 0 else colors.NEGATIVE_HEX)
    # partners share a column: Colin above Alfonso
    x = {sq.find(f"{SVG}title").text.split(":")[0]: float(sq.get("x")) + float(sq.get("width"))
         / 2 for sq in squares[:24]}
    assert x["Colin"] == pytest.approx(x["Alfonso"]) and x["Colin"] > x["Christopher"]
    wide = chart.unit_squares_svg(chart.person_vectors(random_W1(40)))
    assert wide.count("<title>") == chart.MAX_UNITS_SHOWN * 24
    assert f"the first {chart.MAX_UNITS_SHOWN} of 40 units" in wide
    assert "nan" in chart.unit_squares_svg(np.full((24, 2), np.nan))  # drawn, not raised


def test_held_out_answers_mark_right_and_wrong():
    facts = [ft.Fact("Colin", "aunt", ("Jennifer", "Margaret")),
             ft.Fact("James", "mother", ("Christine",))]
    A = np.full((24, 2), 0.01)
    A[ft.PEOPLE.index("Margaret"), 0] = 0.6  # either aunt is right
    A[ft.PEOPLE.index("Penelope"), 1] = 0.7
    html = chart.answers_html(facts, A)
    rows = re.findall(r"<tr.*?</tr>", html)
    assert "Colin's aunt?" in rows[0] and "<b>Margaret</b> 60% ✓" in rows[0]
    assert "<b>Penelope</b> 70% ✗ (right: Christine)" in rows[1] and "color:" in rows[1]


def test_the_separation_measure_counts_leave_one_out_predictions():
    nationality = np.array([[1.0 if ft.FAMILY[p] == "English" else -1.0] for p in ft.PEOPLE])
    noise = np.random.default_rng(0).normal(scale=0.1, size=(24, 2))
    V = np.hstack([nationality, noise])
    assert ft.predicted_by_vectors(V, "nationality") == 24
    generation = np.array([[float(ft.GENERATION[p])] for p in ft.PEOPLE]) * 3
    assert ft.predicted_by_vectors(np.hstack([generation, noise]), "generation") == 24
    # Vectors that say nothing: about half right, far from 24 (measured: 6 of 24 here).
    assert ft.predicted_by_vectors(noise, "nationality") < 18
    with pytest.raises(ValueError, match="nationality"):
        ft.predicted_by_vectors(V, "sex")


def test_the_page_trains_on_the_family_trees_and_draws_its_cells():
    s = Session(SETUP)
    assert s.notes == [] and s.dataset.name == "family_trees" and s.grid is None
    assert s.net.layer_sizes == [36, 6, 12, 24] and s.dataset.m_test == 4
    assert not s.dataset.normalization.enabled  # a column of W[1] is one person's vector
    held_out = {(f.person, f.relationship) for f in ft.family_trees(0).test}
    fast = live.fast_html(s)
    assert "class='pg-family'" in fast and "pg-boundary" not in fast
    assert all(f"{p}'s {r}?" in fast for p, r in held_out)
    slow = html.unescape(live.slow_html(s))
    assert "Each unit's weight from each person" in slow
    assert "predicts the nationality of <b>" in slow  # paused: measured
    s.play()
    assert "Pause to measure" in live.slow_html(s)
    s.pause()
    for _ in range(20):
        s.epoch()
    assert s.metrics["train_accuracy"] is not None
    # the data seed picks the held-out questions
    s.apply({"data_seed": 3})
    assert {(f.person, f.relationship) for f in ft.family_trees(3).test} != held_out
    assert all(f"{f.person}'s {f.relationship}?" in live.fast_html(s)
               for f in ft.family_trees(3).test)


def test_only_the_family_trees_have_the_units_panel_and_their_controls_are_fewer():
    family, circle = Session(SETUP), Session()
    names = [p.name for p in panel_table.available(panel_table.LIVE, family)]
    assert "person_units" in names and "accuracy" in names
    assert "person_units" not in [p.name for p in panel_table.available(panel_table.LIVE,
                                                                        circle)]
    hidden = {"noise", "n_points", "train_ratio", "normalize", "features", "n_classes"}
    for name in hidden:
        assert not controls.shown(family, settings.BY_NAME[name]), name
    assert controls.shown(circle, settings.BY_NAME["noise"])
    assert controls.shown(family, settings.BY_NAME["data_seed"])
    assert "family_trees" in settings.datasets_for("multiclass")
    assert "family_trees" not in settings.datasets_for("binary")


@pytest.mark.parametrize("params, says", [
    ({"dataset": "family_trees"}, "is not a classification data set"),  # binary by default
    ({"problem": "multiclass", "dataset": "family_trees", "data_seed": "-7"}, "below 0"),
    ({"problem": "multiclass", "dataset": "family_trees", "data_seed": "'; drop"},
     "expected a number"),
    ({"problem": "multiclass", "dataset": "family_trees", "layers": "99:sigmoid"}, "outside 1–64"),
    ({"problem": "regression", "dataset": "family_trees"}, "is not a regression data set"),
    ({"problem": "multiclass", "dataset": "family_trees<script>"}, "is not one of"),
])
def test_a_hostile_link_to_the_family_trees_is_one_message(params, says):
    at = opened(**params)
    assert not at.exception and not at.error
    shown = notes(at)
    assert shown.count("pg-note pg-warn") == 1 and says in html.unescape(shown), shown
    assert "<script>" not in shown  # the link's text is shown as text
    assert session(at).net.spec["layers"][-1]["units"] in (1, 3, 24)  # a network was built


def test_the_lesson_link_opens_the_family_trees_set_up():
    at = opened(lesson="family-trees")
    s = session(at)
    assert s.dataset.name == "family_trees" and s.net.layer_sizes == [36, 6, 12, 24]
    assert s.values["l2"] == 0.1 and s.values["batch_size"] == 0 and not at.exception
    at.button(key="step").click().run()
    assert session(at).net.steps_done == 1 and not at.exception
    widget(at, "w.data_seed")  # the seed picks the held-out questions: it stays
