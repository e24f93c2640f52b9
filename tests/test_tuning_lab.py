"""The Tuning lab: the playground side (settings <-> trials, range controls), background runs
(one search at a time on the server, Stop), its charts, and the page under AppTest."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine import make_dataset, prepare, search
from playground.charts import tuning as charts
from playground.experiments import search_runs, tuning
from playground.session import settings
from playground.session.state import Session
from tests.waiting import wait_until

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def result(number=3, **hp) -> search.TrialResult:
    hyperparameters = {**search.BASE, **hp}
    return search.TrialResult(number, {"learning_rate": hyperparameters["learning_rate"]},
                              hyperparameters, 0.3, 0.9, 0.25, [0, 50, 100], [0.69, 0.4, 0.3])


@pytest.fixture(autouse=True)
def own_storage(tmp_path, monkeypatch):
    """Each test its own tuning storage, and so its own server-wide queue of searches."""
    monkeypatch.setenv(tuning.STORAGE_VARIABLE, f"sqlite:///{tmp_path / 'tuning.db'}")


@pytest.fixture(scope="module")
def flower():
    return search.split_dev(prepare(make_dataset("flower", 200, 0.2, seed=0)), seed=0)


# ---------------------------------------------------------------- trials <-> settings


def test_use_this_loads_the_trial_and_says_what_the_ladders_rounded():
    session = Session()
    lab = tuning.lab_values(session.values, "flower", 20)
    trial = result(learning_rate=0.015, beta=0.98765, batch_size=64, units=7, layers=3,
                   keep_prob=0.8, decay_rate=0.3, l2=0.0)
    rounded = tuning.use_this(session, lab, trial, seed=11)
    v = session.values
    assert v["dataset"] == "flower" and v["noise"] == 20 and v["problem"] == "binary"
    # The ladder's nearest rung in log10: 0.015 is 0.18 from 0.01 and 0.30 from 0.03.
    assert v["learning_rate"] == 0.01
    assert v["beta1"] == 0.988 and v["batch_size"] == 64 and v["keep_prob"] == 0.8
    assert v["layers"] == [{"units": 7, "activation": "tanh"}] * 3
    assert (v["decay"], v["decay_rate"]) == ("inverse_time", 0.3)
    assert v["optimizer"] == "momentum" and v["seed"] == 11 and v["run_epochs"] == 100
    assert session.net.spec["optimizer"]["learning_rate"] == 0.01
    assert len(rounded) == 2 and "0.015 " in rounded[0] and "as 0.01" in rounded[0]
    assert "trial #3" in session.message and "0.015 " in session.message
    # ... and so into a link: the share link carries the loaded values.
    params = session.link_params()
    assert params["dataset"] == "flower" and params["layers"] == "7:tanh,7:tanh,7:tanh"


def test_a_trial_on_the_ladder_loads_exactly():
    session = Session()
    lab = tuning.lab_values(session.values, "circle", 0)
    assert tuning.use_this(session, lab, result(learning_rate=0.3, beta=0.9), seed=0) == []
    assert session.values["learning_rate"] == 0.3 and session.values["decay"] == "none"


def test_the_base_of_a_search_is_the_playgrounds_network():
    values = {**settings.defaults(), "layers": [{"units": 6, "activation": "relu"}] * 2,
              "learning_rate": 0.1, "batch_size": 0}
    base = tuning.base_hyperparameters(values, "adam")
    assert (base["units"], base["layers"], base["activation"]) == (6, 2, "relu")
    assert base["learning_rate"] == 0.1 and base["optimizer"] == "adam"
    assert base["batch_size"] == search.BASE["batch_size"]  # full batch: the search's default


def test_range_controls_round_trip_and_round_outwards():
    assert tuning.control_value("learning_rate", (1e-4, 1.0)) == (-4.0, 0.0)
    assert tuning.range_of("learning_rate", (-4.0, 0.0)) == pytest.approx((1e-4, 1.0))
    low, high = tuning.control_value("learning_rate", (0.0123, 0.456))
    assert (low, high) == (-2.0, -0.3)  # log10: -1.91 down to -2.0, -0.34 up to -0.3
    assert tuning.control_value("keep_prob", (1.0, 0.5)) == [0.5, 1.0]
    assert tuning.control_value("units", (3, 9)) == (3, 9)


# ---------------------------------------------------------------- background runs


HANG_GUARD = 60  # seconds: only so a broken run fails instead of hanging; never asserted on


def test_one_search_at_a_time_the_next_waits_its_turn(flower, monkeypatch):
    release, real_search = threading.Event(), search.run_search

    def held_search(*args, **options):  # the first search holds the slot until released
        release.wait(HANG_GUARD)
        return real_search(*args, **options)

    monkeypatch.setattr(search_runs.search, "run_search", held_search)
    config = search.SearchConfig(n_trials=20, epochs=40)
    first = search_runs.SearchRun(config, flower, n_jobs=1).start()
    second = search_runs.SearchRun(config, flower, n_jobs=1).start()
    wait_until(lambda: first.state == "running", "the first search never ran")
    assert second.state == "waiting" and second.ahead == 1 and second.results == []
    release.set()
    assert first.wait(HANG_GUARD) and second.wait(HANG_GUARD)
    assert first.state == second.state == "done"
    assert [r.params for r in first.results] == [r.params for r in second.results]


def test_stop_ends_a_running_search_and_a_waiting_one(flower):
    config = search.SearchConfig(n_trials=50, epochs=40)
    running = search_runs.SearchRun(config, flower, n_jobs=1).start()
    waiting = search_runs.SearchRun(config, flower, n_jobs=1).start()
    wait_until(lambda: running.results, "the running search never finished a trial")
    waiting.stop()
    running.stop()
    assert running.wait(30) and waiting.wait(30)
    assert running.state == waiting.state == "stopped"
    assert 1 <= len(running.results) < 50 and waiting.results == []


def test_a_search_stops_at_its_time_limit(flower):
    config = search.SearchConfig(n_trials=50, epochs=40)
    run = search_runs.SearchRun(config, flower, n_jobs=1, max_seconds=0.0).start()
    assert run.wait(30)
    assert run.state == "stopped" and run.timed_out and run.results == []


# ---------------------------------------------------------------- charts


def test_alpha_samples_grid_has_five_values_random_twenty_five():
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), units=(1, 16))
    grid = search.sample(space, 25, method="grid", grid_points=5)
    random = search.sample(space, 25, seed=1)
    assert len(grid) == 25 and len({p["learning_rate"] for p in grid}) == 5
    assert len({p["learning_rate"] for p in random}) == 25
    spec = charts.alpha_samples(grid, random, "Random").to_dict()
    panels = spec["hconcat"]
    assert [p["encoding"]["x"]["scale"].get("type", "linear") for p in panels] == [
        "linear", "log", "linear", "log"]
    assert "5 values of α" in panels[0]["title"]["text"]


def test_beta_samples_chart_counts_the_samples_above_099():
    through = [0.95, 0.991, 0.995, 0.999]
    spec = charts.beta_samples([0.91, 0.95, 0.97, 0.992], through).to_dict()
    labels = {row["sampled"] for data in spec["datasets"].values() for row in data
              if "sampled" in row}
    assert any(label.endswith(": 3 of 4 above 0.99") for label in labels)
    assert any(label.endswith(": 1 of 4 above 0.99") for label in labels)


def test_cost_against_puts_log_scaled_hyperparameters_on_log_axes():
    rows = [{"trial": i, "dev cost": c, "α": a, "units": u}
            for i, (c, a, u) in enumerate([(0.5, 1e-3, 2), (0.3, 0.1, 8), (None, 3.0, 4)])]
    spec = charts.cost_against(rows, [("α", "α", True), ("units", "units", False)], 1).to_dict()
    scales = [p["encoding"]["x"]["scale"]["type"] for p in spec["hconcat"]]
    assert scales == ["log", "linear"]
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 2  # the diverged trial has no dev cost to plot


def test_scatter_axes_span_the_searched_ranges():
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), batch_power=(4, 7),
                                  keep_prob=(1.0,))
    assert tuning.scatter_axes(space) == [("α", "learning rate α", True, (1e-4, 1.0)),
                                          ("batch", "mini-batch size", True, (16, 128)),
                                          ("keep_prob", "keep_prob", False)]
    rows = [{"trial": 0, "dev cost": 0.5, "α": 1e-2, "batch": 32, "keep_prob": 1.0}]
    spec = charts.cost_against(rows, tuning.scatter_axes(space)).to_dict()
    x = [p["encoding"]["x"] for p in spec["hconcat"]]
    assert x[0]["scale"]["domain"] == [1e-4, 1.0]
    assert x[0]["axis"]["values"] == [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    assert x[1]["axis"]["values"] == [16.0, 32.0, 64.0, 128.0]
    assert "domain" not in x[2]["scale"]


def test_caviar_draws_every_trial_and_highlights_best_and_chosen():
    curves = [{"trial": n, "epochs": [0, 1, 2], "costs": [0.7, 0.5 - n / 10, 0.4 - n / 10]}
              for n in range(3)]
    spec = charts.caviar(curves, chosen=1, best=2).to_dict()
    assert len(spec["layer"]) == 3
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 9


def test_parallel_coordinates_has_an_axis_per_tuned_hyperparameter(flower):
    config = search.SearchConfig(n_trials=3, epochs=2)
    study = search.run_search(config, flower, n_jobs=1)
    figure = charts.parallel_coordinates(study, {"learning_rate": "α"})
    axes = list(figure.layout.xaxis.ticktext)
    assert axes[0] == "dev cost" and "α" in axes
    assert set(axes[1:]) == {"α", *config.space.names} - {"learning_rate"}
    assert sum(trace.mode == "lines" for trace in figure.data) == 3  # a line per trial


# ---------------------------------------------------------------- the page


def _wait_for(at, seconds=60):
    run = at.session_state["tuning.lab"]["run"]
    assert run.wait(seconds), "the search did not finish"
    at.run()
    return run


def test_page_runs_a_four_trial_search_and_use_this_loads_the_trial():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("playground/pages/tuning.py").run()
    assert not at.exception and not at.error
    assert any("200 trials" in i.value and "2,000 epochs" in i.value for i in at.info)
    at.number_input(key="tuning.trials").set_value(4)
    at.number_input(key="tuning.epochs").set_value(40)
    at.button(key="tuning.start").click().run()
    run = _wait_for(at)
    assert not at.exception, at.exception
    assert run.state == "done" and len(run.results) == 4
    assert "Done: 4 of 4 trials." in [p.proto.text for p in at.get("progress")]
    assert "3 · Results" in [s.value for s in at.subheader]

    before = dict(at.session_state["session"].values)
    chosen = at.selectbox(key="tuning.trial").value
    picked = next(r for r in run.results if r.number == chosen)
    assert picked.dev_cost == min(r.dev_cost for r in run.results if r.dev_cost is not None)
    at.button(key="tuning.use").click().run()
    assert not at.exception, at.exception
    after = at.session_state["session"].values
    hp = picked.hyperparameters
    assert after != before and after["dataset"] == "flower"
    assert after["batch_size"] == hp["batch_size"]
    assert after["layers"] == [{"units": hp["units"], "activation": "tanh"}] * hp["layers"]
    assert after["learning_rate"] == settings.validate({"learning_rate": hp["learning_rate"]})[
        0]["learning_rate"]
    assert f"trial #{chosen}" in at.session_state["session"].message


def test_zoom_in_starts_a_finer_search_around_the_best():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("playground/pages/tuning.py").run()
    at.number_input(key="tuning.trials").set_value(8)
    at.number_input(key="tuning.epochs").set_value(20)
    at.button(key="tuning.start").click().run()
    first = _wait_for(at)
    coarse = at.session_state["tuning.lab"]["setup"].config.space
    at.button(key="tuning.zoom").click().run()
    assert not at.exception, at.exception
    lab = at.session_state["tuning.lab"]
    assert lab["run"] is not first
    fine = lab["setup"].config.space
    assert fine.names == coarse.names
    best = min((r for r in first.results if r.dev_cost is not None), key=lambda r: r.dev_cost)
    alpha = fine["learning_rate"]
    assert alpha.low <= best.params["learning_rate"] <= alpha.high
    assert alpha.high / alpha.low < coarse["learning_rate"].high / coarse["learning_rate"].low
    _wait_for(at)
    assert not at.exception


def test_a_study_kept_in_a_file_opens_on_a_later_visit_and_grows(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(tuning.STORAGE_VARIABLE, f"sqlite:///{tmp_path / 'kept.db'}")
    owner = tuning.new_owner_key()  # what this browser's cookie gives each visit

    def visit():
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.session_state["tuning.owner"] = owner
        at.switch_page("playground/pages/tuning.py").run()
        at.radio(key="tuning.keep").set_value("file").run()
        at.text_input(key="tuning.study").set_value("flower monday").run()
        return at

    first = visit()
    first.number_input(key="tuning.trials").set_value(2)
    first.number_input(key="tuning.epochs").set_value(10)
    first.number_input(key="tuning.seed").set_value(7)
    first.button(key="tuning.start").click().run()
    _wait_for(first)
    assert len(first.session_state["tuning.lab"]["run"].all_results) == 2

    later = visit()  # a new session: nothing in memory
    assert later.number_input(key="tuning.seed").value == 0
    later.button(key="tuning.open").click().run()
    assert not later.exception, later.exception
    lab = later.session_state["tuning.lab"]
    assert lab["run"].state == "opened" and len(lab["run"].all_results) == 2
    assert later.number_input(key="tuning.seed").value == 7  # the kept set-up is back
    assert later.number_input(key="tuning.epochs").value == 10
    assert len(later.selectbox(key="tuning.trial").options) == 2
    later.button(key="tuning.start").click().run()
    run = _wait_for(later)
    assert len(run.all_results) == 4 and len(run.results) == 2

    nothing = visit()
    nothing.text_input(key="tuning.study").set_value("no such study").run()
    nothing.button(key="tuning.open").click().run()
    assert any("You have no study called 'no such study'" in e.value for e in nothing.error)
