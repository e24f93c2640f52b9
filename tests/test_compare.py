"""Runs side by side: same data and seeds, trained in lockstep; the charts and the page."""

import contextlib
import json
from pathlib import Path

import numpy as np
import pytest

from playground.charts.comparison import (
    GRID,
    boundary_grid_values,
    curves_chart,
    small_boundary_svg,
)
from playground.experiments.compare import MAX_RUNS, Comparison
from playground.session import settings
from tests.conftest import limit_frames

BASE = {"dataset": "xor", "layers": [{"units": 4, "activation": "tanh"}], "n_points": 200,
        "learning_rate": 0.1}


def test_runs_share_one_dataset_and_identical_runs_stay_identical():
    compared = Comparison.of(BASE, [("a", {}), ("b", {}), ("slow", {"learning_rate": 0.01})])
    a, b, slow = compared.runs
    assert a.dataset is b.dataset is slow.dataset
    assert all(np.array_equal(a.net.parameters[k], slow.net.parameters[k])
               for k in a.net.parameters)  # same seed: same start
    compared.train_epochs(5)
    assert [run.net.epochs_done for run in compared.runs] == [5, 5, 5]
    assert all(np.array_equal(a.net.parameters[k], b.net.parameters[k]) for k in a.net.parameters)
    assert not np.array_equal(a.net.parameters["W1"], slow.net.parameters["W1"])


def test_other_data_settings_get_their_own_dataset():
    compared = Comparison.of(BASE, [("clean", {}), ("noisy", {"noise": 30})])
    assert compared.runs[0].dataset is not compared.runs[1].dataset
    assert compared.runs[1].values["noise"] == 30


def test_a_value_the_table_would_repair_is_refused():
    with pytest.raises(ValueError, match="Learning rate"):
        Comparison.of(BASE, [("odd", {"learning_rate": 0.05}), ("ok", {})])
    with pytest.raises(ValueError, match="runs"):
        Comparison.of(BASE, [(str(i), {}) for i in range(MAX_RUNS + 1)])


def test_a_diverged_run_stops_and_the_others_go_on():
    base = {"problem": "regression", "dataset": "plane", "n_points": 200}
    compared = Comparison.of(base, [("ok", {"learning_rate": 0.01}),
                                    ("wild", {"learning_rate": 10.0})])
    compared.train_epochs(10)
    ok, wild = compared.runs
    assert wild.diverged and not ok.diverged
    assert ok.net.epochs_done == 10 and wild.net.epochs_done < 10
    table = compared.table()
    assert [row["diverged"] for row in table] == [False, True]


def test_each_run_epoch_takes_one_turn():
    taken = []

    @contextlib.contextmanager
    def turn():
        taken.append(1)
        yield

    compared = Comparison.of(BASE, [("a", {}), ("b", {"learning_rate": 0.3})])
    compared.train_epochs(3, turn=turn)
    assert len(taken) == 6


def test_curves_are_long_rows_one_per_evaluated_epoch():
    compared = Comparison.of(BASE, [("a", {}), ("b", {"learning_rate": 0.3})])
    compared.train_epochs(4)
    rows = compared.curves("train_cost")
    assert [row["epoch"] for row in rows if row["run"] == "b"] == [0, 1, 2, 3, 4]
    last = [row["value"] for row in rows if row["run"] == "a"][-1]
    assert last == pytest.approx(compared.runs[0].trainer.metrics["train_cost"])


def test_curves_chart_has_a_legend_bound_selection():
    rows = [{"run": r, "epoch": e, "value": 1.0 / (e + 1)} for r in ("x", "y") for e in range(3)]
    spec = curves_chart(rows, "Train cost").to_dict()
    assert spec["params"][0]["bind"] == "legend"
    assert spec["encoding"]["color"]["field"] == "run"
    assert spec["encoding"]["color"]["sort"] == ["x", "y"]
    assert "condition" in spec["encoding"]["opacity"]
    assert spec["data"]["values"] == rows
    log = curves_chart(rows, "Train cost", log=True).to_dict()
    assert log["encoding"]["y"]["scale"]["type"] == "log"


def test_curves_chart_gives_every_run_its_own_colour_blind_safe_hue_and_a_legend_above():
    names = [f"run {k}" for k in range(1, 8)]  # the largest lesson comparison has 7 runs
    rows = [{"run": r, "epoch": e, "value": 1.0} for r in names for e in range(2)]
    color = curves_chart(rows, "Train cost").to_dict()["encoding"]["color"]
    assert color["scale"]["domain"] == names
    hues = color["scale"]["range"][:len(names)]
    assert len(set(hues)) == len(names)
    assert hues[:2] == ["#0072B2", "#E69F00"]  # Okabe-Ito blue, then orange: not two blues
    assert color["legend"]["orient"] in ("top", "right")  # in view, not below the fold


def test_small_boundary_is_the_network_output_on_the_grid():
    compared = Comparison.of(BASE, [("a", {})])
    run = compared.runs[0]
    values = boundary_grid_values(run.net, run.dataset)
    assert values.shape == (GRID, GRID)
    # A grid point's value is the network's output at that point.
    from playground.charts.boundary import grid_points

    points = grid_points(run.dataset.bounds, GRID)
    assert values.ravel()[7] == pytest.approx(
        run.net.forward(run.dataset.transform(points[:, 7:8]))[0, 0])
    svg = small_boundary_svg(run.net, run.dataset, "run a")
    assert svg.startswith("<svg") and "run a" in svg and "data:image/png;base64" in svg
    assert svg.count("<path") >= 2  # the training points of both classes


def test_multiclass_boundary_values_have_one_map_per_class():
    compared = Comparison.of({"problem": "multiclass", "dataset": "blobs", "n_classes": 4},
                             [("a", {})])
    run = compared.runs[0]
    assert boundary_grid_values(run.net, run.dataset).shape == (4, GRID, GRID)


# ------------------------------------------------------------------------ the page (AppTest)


def test_compare_page_builds_trains_and_shows_runs_from_the_playground_settings():
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    at.switch_page("playground/pages/compare.py").run()
    assert not at.exception and not at.error
    assert any("build one above" in i.value for i in at.info)
    at.selectbox[0].set_value("learning_rate").run()
    at.multiselect[0].set_value([0.03, 0.3, 3.0]).run()
    at.button[0].click().run()  # Build the runs
    at.button(key="compare-train").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    compared = at.session_state["comparison"]["comparison"]
    assert [run.label for run in compared.runs] == [
        "Learning rate = 0.03", "Learning rate = 0.3", "Learning rate = 3.0"]
    epochs = at.selectbox[1].value
    assert [run.net.epochs_done for run in compared.runs] == [epochs] * 3
    assert all(run.values["dataset"] == settings.defaults()["dataset"] for run in compared.runs)
    frame = at.dataframe[0].value
    assert list(frame["run"]) == [run.label for run in compared.runs]
    assert len(at.get("vega_lite_chart")) == 1  # the overlaid curves


def test_the_gap_curve_is_test_cost_minus_train_cost():
    compared = Comparison.of(BASE, [("a", {}), ("b", {"learning_rate": 0.3})])
    compared.train_epochs(4)
    gap = compared.curves("gap")
    train = {(r["run"], r["epoch"]): r["value"] for r in compared.curves("train_cost")}
    test = {(r["run"], r["epoch"]): r["value"] for r in compared.curves("test_cost")}
    assert len(gap) == 2 * 5  # epochs 0..4 of both runs
    for row in gap:
        key = (row["run"], row["epoch"])
        assert row["value"] == pytest.approx(test[key] - train[key])
    assert compared.epochs_done == 4 and not compared.all_diverged


def _compare_page(monkeypatch, frames, lesson="overfitting"):
    from streamlit.testing.v1 import AppTest

    limit_frames(monkeypatch, frames)
    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    at.switch_page("playground/pages/lessons.py").run()
    at.button(key=f"compare-{lesson}").click().run()
    at.switch_page("playground/pages/compare.py").run()
    assert not at.exception and not at.error
    return at


def test_the_overfitting_comparison_opens_on_the_train_test_gap(monkeypatch):
    at = _compare_page(monkeypatch, 1)
    assert at.session_state["compare-metric"] == "gap"
    at.button(key="compare-pause").click().run()
    compared = at.session_state["comparison"]["comparison"]
    done = compared.epochs_done
    limit_frames(monkeypatch, None)  # trains its 10 epochs to the end
    at.selectbox[1].set_value(10).run()
    at.button(key="compare-train").click().run()
    assert not at.exception and not at.error
    assert [run.net.epochs_done for run in compared.runs] == [done + 10] * 3
    chart = at.get("vega_lite_chart")[0]
    assert json.loads(chart.proto.spec)["title"] == "Test − train cost"


def test_a_lessons_comparison_trains_at_once_live_until_paused(monkeypatch):
    at = _compare_page(monkeypatch, 1)  # the live loop stops after one redraw
    state = at.session_state["comparison"]
    compared = state["comparison"]
    assert state["target"] == 200  # the lesson's 200 epochs, under way without a click
    assert 0 < compared.epochs_done < 200
    assert [b.key for b in at.button if (b.key or "").startswith("compare-")] == [
        "compare-pause"]
    at.button(key="compare-pause").click().run()
    done = compared.epochs_done
    assert state["target"] is None and "compare-train" in [b.key for b in at.button]
    at.run()
    assert compared.epochs_done == done  # paused: nothing trains


def test_the_learning_rate_comparison_opens_on_a_log_scale(monkeypatch):
    at = _compare_page(monkeypatch, 1, "learning-rate")
    assert at.toggle(key="compare-log").value is True
    assert at.session_state["compare-metric"] == "train_cost"
    at = _compare_page(monkeypatch, 1)
    assert at.toggle(key="compare-log").value is False


def test_lesson_texts_have_no_raw_braces_or_one_units():
    """Streamlit markdown shows `e^{z_k}` braces raw; "1 units" is bad English."""
    import re

    from playground.session import lessons as lesson_table
    for lesson in lesson_table.BY_ID.values():
        assert "{" not in lesson.text and "}" not in lesson.text, lesson.id
        for name, _ in lesson.runs:
            assert not re.search(r"(?<![\d.])1 units", name), (lesson.id, name)
