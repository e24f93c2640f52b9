"""Kept tuning studies belong to whoever made them, dead searches are cleaned up, and the limit
on searches training at once holds for every process sharing the storage (issue 25)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import optuna
import pytest
import sqlalchemy

from engine import make_dataset, prepare, search
from playground.experiments import tuning
from playground.experiments.search_slots import SlotBoard
from playground.session import settings
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parent.parent
RUNNING = (optuna.trial.TrialState.RUNNING,)


def lab(dataset: str, epochs: int = 3, trials: int = 2) -> tuning.LabSetup:
    values = tuning.lab_values(settings.defaults(), dataset, 10)
    return tuning.setup(values, {"learning_rate": (1e-3, 1.0)}, "momentum", n_trials=trials,
                        epochs=epochs, seed=0)


# ---------------------------------------------------------------- owners


def test_two_owners_with_the_same_study_name_get_two_studies(tmp_path):
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    alice, bob = tuning.new_owner_key(), tuning.new_owner_key()
    circle, spiral = lab("circle", trials=2), lab("spiral", trials=3)
    mine = tuning.kept_study(alice, "homework", circle, "momentum", storage=url)
    search.run_search(circle.config, circle.data, study=mine, n_jobs=1)
    theirs = tuning.kept_study(bob, "homework", spiral, "momentum", storage=url)
    search.run_search(spiral.config, spiral.data, study=theirs, n_jobs=1)

    assert mine.study_name != theirs.study_name
    for owner, dataset, trials in ((alice, "circle", 2), (bob, "spiral", 3)):
        study = tuning.open_kept(owner, "homework", storage=url)
        setup, _ = tuning.recall(study)
        assert setup.values["dataset"] == dataset
        assert len(search.results_of(study)) == trials
        assert tuning.owned_names(owner, storage=url) == ["homework"]
    # A third browser finds nothing by the name, and no stored name gives the name away.
    stranger = tuning.new_owner_key()
    with pytest.raises(KeyError):
        tuning.open_kept(stranger, "homework", storage=url)
    assert tuning.owned_names(stranger, storage=url) == []
    names = [s.study_name for s in optuna.get_all_study_summaries(search.rdb_storage(url),
                                                                  include_best_trial=False)]
    assert len(names) == 2 and not any("homework" in name for name in names)


def test_a_studys_set_up_is_written_once_and_other_data_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    owner = tuning.new_owner_key()
    tuning.kept_study(owner, "monday", lab("circle", epochs=3), "momentum", storage=url)
    again = tuning.kept_study(owner, "monday", lab("circle", epochs=7), "adam", storage=url)
    setup, optimizer = tuning.recall(again)
    assert (setup.config.epochs, optimizer) == (3, "momentum")  # the first set-up stays
    with pytest.raises(ValueError, match="other data"):
        tuning.kept_study(owner, "monday", lab("spiral"), "momentum", storage=url)


def test_a_share_link_opens_the_study_and_only_that_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    owner = tuning.new_owner_key()
    circle = lab("circle")
    study = tuning.kept_study(owner, "shared", circle, "momentum", storage=url)
    search.run_search(circle.config, circle.data, study=study, n_jobs=1)
    share = tuning.share_id(owner, "shared")
    seen = tuning.open_shared(share, storage=url)
    assert seen.study_name == study.study_name and len(search.results_of(seen)) == 2
    assert share != tuning.share_id(owner, "shared2")
    assert share != tuning.share_id(tuning.new_owner_key(), "shared")
    for bad in ("homework", "0" * 32, "../" + share):
        with pytest.raises((KeyError, ValueError)):
            tuning.open_shared(bad, storage=url)


# ---------------------------------------------------------------- a killed search

def heartbeats(url: str) -> int:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sqlalchemy.text(
                "SELECT COUNT(*) FROM trial_heartbeats")).scalar_one()
    finally:
        engine.dispose()


KILLED_SEARCH = """
import sys
from engine import make_dataset, prepare, search
data = search.split_dev(prepare(make_dataset("flower", 200, 0.2, seed=0)), seed=0)
config = search.SearchConfig(n_trials=50, epochs=2000, seed=0)
search.run_search(config, data, storage=sys.argv[1], study_name="killed", n_jobs=1)
"""


def test_a_search_killed_with_sigkill_leaves_no_running_trial_once_reopened(tmp_path):
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    process = subprocess.Popen([sys.executable, "-c", KILLED_SEARCH, url], cwd=REPO)
    try:
        def running():
            try:
                study = optuna.load_study(study_name="killed", storage=url)
            except KeyError:
                return []
            # a trial is RUNNING a moment before its runner is written beside it
            return [t for t in study.get_trials(states=RUNNING) if "runner" in t.user_attrs]

        first = wait_until(running, "the search's first trial to run")
        assert first[0].user_attrs["runner"]["pid"] == process.pid
        # Its heartbeat is in the storage, for processes on other hosts to judge it by.
        wait_until(lambda: heartbeats(url), "the trial's heartbeat")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(60)
    assert process.returncode == -signal.SIGKILL
    left = optuna.load_study(study_name="killed", storage=url)
    assert [t.number for t in left.get_trials(states=RUNNING)] == [first[0].number]

    reopened = search.open_study(url, "killed")
    assert reopened.get_trials(states=RUNNING) == []
    assert reopened.trials[first[0].number].state == optuna.trial.TrialState.FAIL
    assert search.rdb_storage(url).get_heartbeat_interval() == search.HEARTBEAT_SECONDS
    # Carrying the study on works from there: the failed trial is not counted as a result.
    config = search.SearchConfig(n_trials=1, epochs=2, seed=0)
    data = search.split_dev(prepare(make_dataset("flower", 100, 0.2, seed=0)), seed=0)
    carried = search.run_search(config, data, storage=url, study_name="killed", n_jobs=1)
    assert len(search.results_of(carried)) == 1


# ---------------------------------------------------------------- the server-wide limit

SEARCH_PROCESS = """
import sys, time
from pathlib import Path
import numpy as np
from engine import make_dataset, prepare, search
from playground.experiments import search_runs
from playground.experiments.search_slots import SlotBoard

url, log, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
me = sys.argv[4]

def say(line):
    with log.open("a") as f:
        f.write(f"{me} {line}\\n")

def holding_search(config, data, **options):  # trains until the test releases it
    say("start")
    while not (folder / f"release-{me}").exists():
        time.sleep(0.02)
    say("end")

search_runs.search.run_search = holding_search
zeros = np.zeros((2, 4))
data = search.TrialData(zeros, zeros[:1], zeros, zeros[:1])
run = search_runs.SearchRun(search.SearchConfig(n_trials=1, epochs=1), data,
                            board=SlotBoard(url, 1)).start()
seen = None
while not run.finished:
    now = (run.state, run.ahead)
    if now != seen:
        say(f"{now[0]} ahead={now[1]}")
        seen = now
    time.sleep(0.02)
say(f"finished {run.state}")
"""


def test_two_server_processes_sharing_the_storage_never_train_two_searches_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.db'}"
    log = tmp_path / "log.txt"
    log.touch()
    processes = {name: subprocess.Popen([sys.executable, "-c", SEARCH_PROCESS, url, str(log),
                                         str(tmp_path), name], cwd=REPO)
                 for name in ("a", "b")}

    def lines():
        return log.read_text().splitlines()

    try:
        first = wait_until(lambda: next((line.split()[0] for line in lines()
                                         if line.endswith(" start")), None), "a first start")
        second = "b" if first == "a" else "a"
        # The other one waits, and knows from the storage that one search is ahead of it.
        wait_until(lambda: f"{second} waiting ahead=1" in lines(), "the second to queue")
        assert f"{second} start" not in lines()
        assert SlotBoard(url, 1).running() == 1
        (tmp_path / f"release-{first}").touch()
        wait_until(lambda: f"{second} start" in lines(), "the second to start")
        (tmp_path / f"release-{second}").touch()
        for process in processes.values():
            assert process.wait(60) == 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
    events = [line for line in lines() if line.endswith((" start", " end"))]
    assert events == [f"{first} start", f"{first} end", f"{second} start", f"{second} end"]
    assert f"{first} finished done" in lines() and f"{second} finished done" in lines()
    assert SlotBoard(url, 1).running() == 0


def test_the_slot_of_a_process_that_died_is_given_to_the_next(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.db'}"
    board = SlotBoard(url, 1)
    dead = subprocess.run([sys.executable, "-c", (
        "import sys; from playground.experiments.search_slots import SlotBoard; "
        "b = SlotBoard(sys.argv[1], 1); t = b.join(); assert b.try_run(t)"), url], cwd=REPO)
    assert dead.returncode == 0 and board.running() == 1  # it exited holding the slot
    mine = board.join()
    assert board.try_run(mine)
    assert board.running() == 1
    board.leave(mine)
    assert board.running() == 0


# ---------------------------------------------------------------- deploy configuration


@pytest.mark.parametrize("server", ["127.0.0.1:9001\n    acl evil path /x", "a b:1", "host",
                                    "host:0", "host:99999", "-x:1", "h:1#"])
def test_haproxy_refuses_an_address_that_would_write_a_directive(server):
    sys.path.insert(0, str(REPO / "deploy"))
    import haproxy

    with pytest.raises(ValueError, match="HOST:PORT"):
        haproxy.render([server])
    with pytest.raises(ValueError, match="HOST:PORT"):
        haproxy.render(["127.0.0.1:9001"], bind=server)
    text = haproxy.render(["[::1]:9001", "replica-2.local:8501"], bind="*:8500",
                          command="python deploy/haproxy.py\n    acl evil")
    assert "\n    acl evil" not in text


# ---------------------------------------------------------------- the page


def _visit(owner: str, query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.session_state["tuning.owner"] = owner  # what this browser's cookie gives
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page("playground/pages/tuning.py").run()
    assert not at.exception, at.exception
    return at


def _keep(at, name: str, dataset: str | None = None):
    at.radio(key="tuning.keep").set_value("file").run()
    at.text_input(key="tuning.study").set_value(name).run()
    if dataset:
        at.selectbox(key="tuning.dataset").set_value(dataset).run()
    return at


def _run(at, trials: int):
    at.number_input(key="tuning.trials").set_value(trials)
    at.number_input(key="tuning.epochs").set_value(5)
    at.button(key="tuning.start").click().run()
    run = at.session_state["tuning.lab"]["run"]
    assert run.wait(60)
    at.run()
    assert not at.exception, at.exception
    return run


def test_the_page_keeps_each_browsers_studies_apart_and_shares_one_read_only(
        tmp_path, monkeypatch):
    monkeypatch.setenv(tuning.STORAGE_VARIABLE, f"sqlite:///{tmp_path / 'kept.db'}")
    alice, bob = tuning.new_owner_key(), tuning.new_owner_key()
    mine = _keep(_visit(alice), "homework", "circle")
    assert len(_run(mine, 2).all_results) == 2
    share = mine.session_state["tuning.lab"]["share"]
    assert share == tuning.share_id(alice, "homework")
    assert any(f"study={share}" in code.value for code in mine.code)  # Share this study

    theirs = _keep(_visit(bob), "homework", "spiral")
    theirs.button(key="tuning.open").click().run()
    assert any("You have no study called 'homework'" in e.value for e in theirs.error)
    assert len(_run(theirs, 3).all_results) == 3  # a study of bob's own, not alice's

    again = _keep(_visit(alice), "homework")
    again.button(key="tuning.open").click().run()
    lab = again.session_state["tuning.lab"]
    assert len(lab["run"].all_results) == 2 and lab["setup"].values["dataset"] == "circle"
    assert any("Your kept studies: homework" in c.value for c in again.caption)

    viewer = _visit(tuning.new_owner_key(), {"study": share})
    lab = viewer.session_state["tuning.lab"]
    assert lab["read_only"] and not lab["share"] and lab["run"].state == "opened"
    assert len(lab["run"].all_results) == 2 and lab["setup"].values["dataset"] == "circle"
    assert any("read-only" in i.value for i in viewer.info)
    stranger = _visit(tuning.new_owner_key(), {"study": "0" * 32})
    assert "tuning.lab" not in stranger.session_state
    assert any("opens no study" in w.value for w in stranger.warning)
