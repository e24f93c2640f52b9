"""The play loop of a lab page (the GAN lab, Boltzmann machines): one model per tab, trained in
this script run, in turns with everyone else playing (playground.running.turns), redrawing one slot
until Pause, any click (a new run takes over), a closed tab (its run is asked to stop) or
MAX_PLAY_SECONDS.

Two threads reach one lab at once: on a click Streamlit starts the new script run at once
(runner.fastReruns) while the playing run may still be inside its turn. So, as the playground's
Session does, everything that steps, replaces or draws the model holds the lab's lock, and the
playing run checks `ended()` between steps; a new run takes the lab over (`take_over`) before
it waits for the lock. (Without both, measured on the GAN lab: a frame drawn beside a training
step read D's counter after the step's k D steps and G's before its G step, or failed to draw
at all, and a Step beside the playing run's last steps trained from two threads.)
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable

import streamlit as st

from playground.running.turns import PLAYERS, TURNS
from playground.server.streamlit_internals import asked_to_end, end_as_asked, requests_of_this_run

FRAME_SECONDS = 0.2  # at most 5 frames a second per tab
MIN_TRAIN_SECONDS = 0.005  # training per turn when many play (at least one step)
MAX_PLAY_SECONDS = 600  # a forgotten tab pauses itself after 10 minutes

_RUNS = itertools.count(1)  # script runs' generations (next() is atomic under the GIL)


def new_lab(**fields) -> dict:
    """A tab's lab: the page's own fields, whether it plays, the lock every thread that steps
    or reads its model holds, and the generation of the script run that owns it."""
    return {"playing": False, "notice": False, **fields, "lock": threading.RLock(),
            "generation": 0}


def take_over(lab: dict) -> int:
    """This script run owns the lab from now on: an older run still playing stops at its next
    step boundary (without waiting for the lock, which that run may hold)."""
    lab["generation"] = next(_RUNS)
    return lab["generation"]


def paused_notice(lab: dict) -> None:
    """The message of a run that paused itself after MAX_PLAY_SECONDS, once."""
    if lab.pop("paused_after", None):
        st.info(f"Paused after {MAX_PLAY_SECONDS // 60} minutes of play to share the server; "
                "press Play to go on.")


def _wait(seconds: float, ended: Callable[[], bool]) -> None:
    """Sleep until the next frame, but not past a click or a closed tab."""
    end = time.perf_counter() + max(seconds, 0.001)
    while not ended() and (left := end - time.perf_counter()) > 0:
        time.sleep(min(left, TURNS.CHECK_SECONDS))


def play(lab: dict, slot, model: str, train_step: Callable[[], bool],
         frame: Callable[[], str], *, after_turn: Callable[[], None] = lambda: None,
         stopped: Callable[[], bool] = lambda: False, max_frames: int | None = None) -> None:
    """Train and redraw until paused, superseded (a click, a closed tab), `stopped()` (a
    divergence: a full rerun shows it) or MAX_PLAY_SECONDS (or after `max_frames` frames: a
    caller that needs the script to end, such as AppTest).

    `lab[model]` is the model; `train_step()` takes one step of it (False: it cannot go on);
    `after_turn()` runs once a turn after the steps (an animation's step); `frame()` builds
    the frame's HTML. Each turn trains for what a frame's period leaves after drawing, shared
    by the players (1/n each, at least one step), and builds the frame under the lock; the
    frame is written outside the turn: one tab trains most of the time, n tabs each 1/n."""
    trained, requests, generation = lab[model], requests_of_this_run(), lab["generation"]
    started, drawing = time.perf_counter(), 0.03  # drawing: a running estimate of a frame
    frames = 0

    def ended() -> bool:
        return (asked_to_end(requests) or not lab["playing"] or lab[model] is not trained
                or lab["generation"] != generation)

    with PLAYERS.playing(id(lab)):
        while not ended():
            turn_start = time.perf_counter()
            with TURNS.turn(give_up=ended) as holding:
                if not holding:
                    break
                held = time.perf_counter()  # the budget counts from holding the turn
                budget = max((FRAME_SECONDS - drawing) / PLAYERS.count(), MIN_TRAIN_SECONDS)
                with lab["lock"]:
                    # ended() between steps: a newer run (a click) waits one step at most
                    while (not ended() and train_step()
                           and time.perf_counter() - held < budget):
                        pass
                    if ended():
                        break
                    after_turn()
                    drawn = time.perf_counter()
                    html = frame()
                drawing = 0.8 * drawing + 0.2 * (time.perf_counter() - drawn)
            if ended():
                break
            slot.markdown(html, unsafe_allow_html=True)
            frames += 1
            if max_frames is not None and frames >= max_frames:
                break
            if stopped():
                st.rerun()  # the message and the disabled buttons
            if time.perf_counter() - started > MAX_PLAY_SECONDS:
                lab["playing"] = False
                lab["paused_after"] = MAX_PLAY_SECONDS
                st.rerun()
            _wait(FRAME_SECONDS - (time.perf_counter() - turn_start), ended)
    if asked_to_end(requests):
        end_as_asked(requests)
