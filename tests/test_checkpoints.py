"""Checkpoints (issue 26): the shared store keeps a run exactly (parameters, epoch, an upload by
content), forgets it after its time, stays within its bounds and refuses hostile tokens; a
page opened with a run token whose run is not in its process goes on from the store and says
so in one line."""

import html
import re
import time

import numpy as np
import pytest

import engine
from playground.running import kept_runs
from playground.server import checkpoints
from playground.server.checkpoints import CheckpointStore
from playground.session import settings
from playground.session.state import Session
from tests.test_app import opened

pytestmark = pytest.mark.usefixtures("short_play")

PRICES = ("area,rooms,age,price\n" + "\n".join(
    f"{50 + 3 * i},{1 + i % 5},{i % 40},{100_000 + 2_500 * i}" for i in range(60)) + "\n").encode()
HOSTILE = ["x", "' OR 1=1 --", "Robert'); DROP TABLE playground_checkpoints;--",
           "a" * 21, "a" * 23, "a" * 5000, "\x00" * 22, "é" * 22, " " * 22, "%27%20OR%201=1--"]


@pytest.fixture
def store(tmp_path):
    return CheckpointStore(f"sqlite:///{tmp_path / 'checkpoints.db'}")


@pytest.fixture
def separate_process(monkeypatch, tmp_path):
    """As another replica or a restarted server: no tab of this process holds any run, and
    the store is a fresh file."""
    monkeypatch.setenv(checkpoints.STORAGE_VARIABLE, f"sqlite:///{tmp_path / 'shared.db'}")
    monkeypatch.setitem(kept_runs._store, "store", None)
    monkeypatch.setattr(kept_runs, "_owners", type(kept_runs._owners)())


def trained(epochs: int = 3, **values) -> Session:
    session = Session(values)
    for _ in range(epochs):
        session.epoch()
    return session


def test_a_saved_run_comes_back_with_exactly_its_parameters_epoch_and_optimizer(store):
    session = trained(4, optimizer="adam")
    token = checkpoints.new_token()
    store.save(token, kept_runs.document(session), session.net.epochs_done)
    checkpoint = store.load(token)
    assert checkpoint.epoch == 4
    net, info = engine.from_json(checkpoint.document)
    assert net.epochs_done == 4 and net.steps_done == session.net.steps_done
    for name, value in session.net.parameters.items():
        assert np.array_equal(net.parameters[name], value), name
    # The optimizer's state too: one more step from each gives the same parameters.
    trainer = engine.resume(net, session.dataset, info)
    trainer.step()
    session.step()
    for name, value in session.net.parameters.items():
        assert np.array_equal(net.parameters[name], value), name


def test_a_checkpoint_expires_after_its_time_and_pruning_deletes_it(tmp_path, monkeypatch):
    store = CheckpointStore(f"sqlite:///{tmp_path / 'c.db'}", max_age=60.0)
    token = checkpoints.new_token()
    store.save(token, b"{}", 1)
    assert store.load(token) is not None
    later = time.time() + 61
    monkeypatch.setattr(checkpoints.time, "time", lambda: later)
    assert store.load(token) is None
    assert store.count() == 1
    store.prune()
    assert store.count() == 0


def test_the_expiry_is_a_day_by_default_and_configurable(monkeypatch):
    monkeypatch.delenv(checkpoints.HOURS_VARIABLE, raising=False)
    assert checkpoints.max_age_seconds() == 24 * 3600
    monkeypatch.setenv(checkpoints.HOURS_VARIABLE, "2.5")
    assert checkpoints.max_age_seconds() == 2.5 * 3600
    for bad in ("-1", "0", "soon", "inf", "nan"):
        monkeypatch.setenv(checkpoints.HOURS_VARIABLE, bad)
        assert checkpoints.max_age_seconds() == 24 * 3600, bad


def test_a_row_larger_than_the_bound_is_refused_and_nothing_is_written(tmp_path):
    store = CheckpointStore(f"sqlite:///{tmp_path / 'c.db'}", max_bytes=1000)
    token = checkpoints.new_token()
    with pytest.raises(checkpoints.TooLargeError):
        store.save(token, np.random.default_rng(0).bytes(5000), 1)  # does not compress
    assert store.load(token) is None and store.count() == 0
    store.save(token, b"x" * 5000, 1)  # compresses to far less than the bound
    assert store.load(token).document == b"x" * 5000


def test_the_store_keeps_at_most_max_rows_dropping_the_oldest(tmp_path, monkeypatch):
    store = CheckpointStore(f"sqlite:///{tmp_path / 'c.db'}", max_rows=3)
    clock = [1_000_000.0]
    monkeypatch.setattr(checkpoints.time, "time", lambda: clock[0])
    store.max_age = 1e9
    tokens = [checkpoints.new_token() for _ in range(5)]
    for token in tokens:
        clock[0] += 1
        store.save(token, token.encode(), 0)
    store.prune()
    assert store.count() == 3
    assert [store.load(t) is None for t in tokens] == [True, True, False, False, False]


def test_an_upload_is_kept_once_by_content_and_dropped_when_no_run_uses_it(store):
    first, second = checkpoints.new_token(), checkpoints.new_token()
    store.save(first, b"{}", 0, csv=PRICES)
    store.save(second, b"{}", 0, csv=PRICES)
    assert store.load(first).csv == PRICES and store.load(second).csv == PRICES
    with store.engine.connect() as connection:
        files = connection.execute(checkpoints.FILES.select()).all()
    assert len(files) == 1
    store.save(first, b"{}", 0)
    store.save(second, b"{}", 0)
    store.prune()
    with store.engine.connect() as connection:
        assert connection.execute(checkpoints.FILES.select()).all() == []


@pytest.mark.parametrize("token", HOSTILE)
def test_a_hostile_token_reads_nothing_writes_nothing_and_leaves_the_table(store, token):
    known = checkpoints.new_token()
    store.save(known, b"{}", 7)
    assert not checkpoints.valid_token(token)
    assert store.load(token) is None
    with pytest.raises(ValueError):
        store.save(token, b"{}", 0)
    assert store.count() == 1 and store.load(known).epoch == 7


def test_tokens_are_random_and_of_the_form_the_store_takes():
    tokens = {checkpoints.new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(checkpoints.valid_token(t) for t in tokens)


def test_a_run_on_an_uploaded_csv_comes_back_on_the_same_file_and_columns(separate_process):
    session = Session()
    session.use_csv("prices.csv", PRICES)
    session.pick_csv_columns("price", ["area", "age"])
    session.epoch()
    session.epoch()
    session.run_token = checkpoints.new_token()
    kept_runs._owners[session.run_token] = session
    kept_runs.keep(session)
    kept_runs._owners.clear()  # another process
    restored = Session()
    kept_runs.start(restored, session.run_token)
    assert restored.values["dataset"] == settings.CSV_DATASET
    assert restored.csv.content == PRICES and restored.csv.feature_columns == ("area", "age")
    assert restored.net.epochs_done == 2 and restored.run_token == session.run_token
    for name, value in session.net.parameters.items():
        assert np.array_equal(restored.net.parameters[name], value), name
    assert restored.notices.in_order()[0].text.startswith("Your run goes on from epoch 2 (")


# ---------------------------------------------------------------- the page


def live_epoch(at) -> str:
    live = next(e.value for e in at.markdown if "pg-metrics" in e.value)
    return re.search(r"<span id='epoch'>([^<]*)</span>", live).group(1)


def notes(at) -> str:
    return " ".join(e.value for e in at.html)


def test_a_page_opened_with_its_token_after_a_restart_goes_on_with_one_line(
        separate_process, monkeypatch):
    first = opened(dataset="xor")
    token = first.query_params["run"]
    assert checkpoints.valid_token(token)
    for _ in range(3):
        first.button(key="epoch").click().run()
    assert live_epoch(first) == "3"
    monkeypatch.setattr(kept_runs, "_owners", type(kept_runs._owners)())  # a new process...
    monkeypatch.setattr(kept_runs, "STARTED", time.time() + 1)  # ... started after the save
    again = opened(dataset="xor", run=token)
    restored = again.session_state["session"]
    assert restored.net.epochs_done == 3 and live_epoch(again) == "3"
    assert restored.run_token == token and again.query_params["run"] == token
    lines = [n.text for n in restored.notices.in_order()]
    assert len(lines) == 1 and lines[0].startswith(
        "The server restarted; your run goes on from epoch 3 (saved ")
    assert html.escape(lines[0]) in notes(again)
    for name, value in first.session_state["session"].net.parameters.items():
        assert np.array_equal(restored.net.parameters[name], value), name


def test_a_playing_run_is_saved_while_it_plays_and_plays_on_when_restored(
        separate_process, monkeypatch):
    monkeypatch.setattr(kept_runs, "CHECKPOINT_SECONDS", 0.0)  # every frame, not every 3 s,
    monkeypatch.setattr(kept_runs, "CPU_SHARE", 1e9)  # however much CPU they take
    first = opened()
    first.button(key="play").click().run()  # three frames (short_play), then the script ends
    session = first.session_state["session"]
    assert session.playing and session.net.steps_done > 0
    kept_runs._owners.clear()
    again = opened(run=session.run_token)
    restored = again.session_state["session"]
    assert restored.net.steps_done == session.net.steps_done  # the checkpoint of the last frame
    assert restored.autoplay  # plays again once the page is drawn (sharing.autoplay)


@pytest.mark.parametrize("token", [*HOSTILE[:4], "a" * 300, checkpoints.new_token()])
def test_a_hostile_or_unknown_token_gets_a_fresh_run_and_one_clear_line(separate_process, token):
    at = opened(run=token)
    session = at.session_state["session"]
    assert session.net.epochs_done == 0 and live_epoch(at) == "0"
    assert session.run_token != token and checkpoints.valid_token(session.run_token)
    assert at.query_params["run"] == session.run_token
    warnings = session.notes
    assert len(warnings) == 1 and warnings[0].endswith("This tab starts a fresh run.")
    assert "Traceback" not in notes(at)


def test_a_playing_run_is_saved_at_play_then_every_few_seconds_and_at_pause(
        separate_process, monkeypatch):
    saves = []
    monkeypatch.setattr(CheckpointStore, "save",
                        lambda self, token, document, epoch, csv=None: saves.append(epoch))
    clock = [100.0]
    monkeypatch.setattr(kept_runs.time, "monotonic", lambda: clock[0])
    session = Session()
    kept_runs.start(session, "")
    kept_runs.keep(session)  # a new run: saved
    kept_runs.keep(session)  # nothing changed: not again
    session.play()
    kept_runs.keep(session)  # Play: at once
    session.epoch()
    kept_runs.keep(session)  # playing, 0 s later: not yet
    clock[0] += kept_runs.CHECKPOINT_SECONDS
    kept_runs.keep(session)
    session.epoch()
    session.pause()
    kept_runs.keep(session)  # Pause: at once
    assert saves == [0, 0, 1, 2]


def test_costly_checkpoints_wait_longer_so_a_class_stays_within_its_cpu_share():
    assert kept_runs.interval(0.001, players=1) == kept_runs.CHECKPOINT_SECONDS
    # 22 players whose checkpoints take 90 ms each: the process spends CPU_SHARE on them.
    seconds = kept_runs.interval(0.090, players=22)
    assert seconds > kept_runs.CHECKPOINT_SECONDS
    assert 22 * 0.090 / seconds == pytest.approx(kept_runs.CPU_SHARE)
