"""Training while playing: a frame is bounded in time, one thread trains a network at a time,
and the counters stay honest (steps = epochs x steps per epoch + steps into the epoch).

The click tests run the page's real playing loop (live.run) in a thread, as Streamlit does,
and press the toolbar's own callbacks from the test thread while it plays, as a click does.
"""

import threading
import time

import numpy as np

import engine
from playground import controls, live
from playground.session import state
from playground.session.state import Session
from tests.waiting import wait_until

MAXIMUM = {"n_points": 10_000, "train_ratio": 90, "batch_size": 1,
           "features": list(engine.FEATURES),
           "layers": [{"units": 64, "activation": "tanh"}] * 8}
LONG_EPOCHS = {"n_points": 4_000, "train_ratio": 50, "batch_size": 1}  # 2,000 steps an epoch


class Slot:
    """Stands in for an st.markdown slot: keeps what the loop wrote."""

    def __init__(self):
        self.frames = []

    def markdown(self, html, unsafe_allow_html=False):
        self.frames.append(html)


def params(session):
    return {k: v.copy() for k, v in session.net.parameters.items()}


def assert_same(a, b):
    assert a.keys() == b.keys()
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


def assert_counters_honest(session):
    net = session.net
    assert 0 <= session.steps_into_epoch < session.steps_per_epoch
    assert net.steps_done == net.epochs_done * session.steps_per_epoch + session.steps_into_epoch


def start_playing(session) -> threading.Thread:
    """Press Play and run the page's playing loop in its own thread, as Streamlit would."""
    controls._play_pause(session)
    assert session.playing
    player = threading.Thread(target=live.run, args=(session, Slot(), Slot()), daemon=True)
    player.start()
    return player


def wait_for_steps(session, steps):
    wait_until(lambda: session.net.steps_done >= steps, "the playing loop did not train",
               poll=0.001)


class TickingClock:
    """time as train_for sees it, except that perf_counter() advances one tick a call: the
    budget is counted in clock reads, not measured on a shared machine's wall clock."""

    def __init__(self):
        self.ticks = 0

    def perf_counter(self) -> float:
        self.ticks += 1
        return float(self.ticks)

    def __getattr__(self, name):
        return getattr(time, name)


def test_a_frame_at_maximum_settings_is_bounded_in_time_not_in_epochs(monkeypatch):
    """10,000 points, batch size 1, 9 features, 8 x 64 units: an epoch is 9,000 steps
    (seconds of work); a frame's training must still end after about its budget."""
    session = Session(MAXIMUM)
    monkeypatch.setattr(state, "time", TickingClock())
    ran = session.train_for(5)  # a budget of five clock ticks
    # deadline = tick 1 + 5; the checks at ticks 2..5 each allow a step, tick 6 ends the frame
    assert ran == session.net.steps_done == 4
    assert session.steps_per_epoch == 9_000
    assert session.net.epochs_done == 0 and session.steps_into_epoch == ran
    assert_counters_honest(session)
    strip = live.metrics_html(session)
    percent = int(100 * ran / 9_000)
    assert "<span id='epoch'>0</span>" in strip and f"+{percent}%" in strip


def test_short_epochs_still_end_each_frame_on_an_epoch_boundary():
    """The default circle (25 steps an epoch): a frame finishes the epoch it started, so the
    metrics (evaluated at epoch ends) belong to the counters shown."""
    session = Session()
    for _ in range(5):
        session.train_for(0.01)
        assert session.steps_into_epoch == 0
        assert session.net.steps_done == 25 * session.net.epochs_done


def test_train_for_honours_epoch_step_and_stop_limits():
    session = Session(LONG_EPOCHS)
    assert session.train_for(10.0, max_steps=7) == 7
    assert session.train_for(10.0, max_epochs=1) == 2_000 - 7  # finishes the current epoch
    assert (session.net.epochs_done, session.net.steps_done) == (1, 2_000)
    assert session.train_for(10.0, stop=lambda: True) == 0
    assert_counters_honest(session)


def test_pause_mid_epoch_then_epoch_ends_at_the_next_epoch_boundary():
    """Observed before: paused at epoch 7 / step 64,647, Epoch ended at 9 / 81,000: the old
    playing run finished its epoch beside the new click's."""
    session = Session(LONG_EPOCHS)
    player = start_playing(session)
    wait_for_steps(session, 2_300)  # well inside the second epoch (steps 2,001-4,000)
    controls._play_pause(session)  # Pause
    controls._epoch(session)  # Epoch, at once
    player.join(10)
    assert not player.is_alive()
    assert (session.net.epochs_done, session.net.steps_done) == (2, 4_000)
    assert_counters_honest(session)
    slowly = Session(LONG_EPOCHS)  # the same clicks, done slowly
    slowly.epoch()
    slowly.epoch()
    assert_same(params(session), params(slowly))


def test_pause_then_five_steps_train_exactly_five_more_steps():
    session = Session(LONG_EPOCHS)
    player = start_playing(session)
    wait_for_steps(session, 2_300)
    controls._play_pause(session)  # Pause: the loop stops at its next step boundary
    paused_at = session.net.steps_done  # at most the one step in flight is still to come
    for _ in range(5):
        controls._step(session)
    player.join(10)
    assert not player.is_alive()
    assert session.net.steps_done in (paused_at + 5, paused_at + 6)
    assert_counters_honest(session)
    slowly = Session(LONG_EPOCHS)
    for _ in range(session.net.steps_done):
        slowly.step()
    assert_same(params(session), params(slowly))


def test_a_new_script_run_takes_the_network_over_from_a_playing_one():
    """Any click starts a new run (live.slots); the old loop must stop training at once, even
    when the click was not Pause (a slider moved while playing)."""
    session = Session(LONG_EPOCHS)
    player = start_playing(session)
    wait_for_steps(session, 100)
    with session.lock:
        session.run_generation += 1  # what live.slots does for the new run
        taken_over_at = session.net.steps_done
    player.join(10)
    assert not player.is_alive()
    assert session.net.steps_done == taken_over_at
    assert session.playing  # the new run goes on playing in its own loop


def test_reset_while_playing_never_trains_the_new_network():
    session = Session(LONG_EPOCHS)
    initial = params(Session(LONG_EPOCHS))
    player = start_playing(session)
    wait_for_steps(session, 100)
    controls._reset(session)
    player.join(10)
    assert not player.is_alive()
    assert session.net.steps_done == 0 and session.net.epochs_done == 0
    assert_same(params(session), initial)
