"""The live area: while playing, train for a time budget, draw, repeat — without any click.

Why a loop and not st.fragment(run_every=...): measured in headless Chromium on the 2-core
box, a fragment re-run by run_every=0.03 s reached ~3 browser updates/s (every frame is a
browser -> server -> browser round trip, and late ticks queue up after a pause), while a loop
that re-fills st.empty() slots reached ~40/s, and a click (Pause, any control) interrupts it
at the next slot write. The slots are created near the top of the script already holding the
current frame (`slots`), so a rerun never blanks them; the loop runs at the very end of the
script, after every other panel is on the page. A closed tab ends it too (its session
stops), so a student who leaves costs nothing.

Each frame is ONE element (metrics, boundary, network diagram: inline SVG with PNG heatmaps
built from NumPy) instead of plotly figures; the curves, saturation and gradient charts are a
second element refreshed every few frames. Nothing runs while paused, so idle students cost
no CPU.

Sharing a 2-core server: all sessions share one Python process (one GIL), so playing sessions
take turns (first come, first served) to train and draw a frame, and with n players each
frame's training budget is 1/n of a single player's: n players each get about 1/n of the CPU
and still a steady stream of frames. A session whose frame is slow to draw gets fewer frames,
not more than its share.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass

import numpy as np
import streamlit as st
import threadpoolctl

from playground.charts import numbers
from playground.panels import boundary, challenge, digits, family_trees
from playground.running import counters, kept_runs
from playground.running.turns import PLAYERS, TURNS
from playground.server.streamlit_internals import (
    asked_to_end,
    end_as_asked,
    requests_of_this_run,
    ring_on_request,
)
from playground.session import panel_table, settings
from playground.session.state import Session

log = logging.getLogger(__name__)

FPS = 20  # frames per second per student; the rest of each frame's time trains
MIN_TRAIN_SECONDS = 0.004  # training per frame when many students play (at least one step)
# Each frame is sent whole, and the browser parses all of it: the default circle's frame is
# 30-100 kB (up to 2 MB/s at 20 frames/s), 8 x 64 units' ~0.5 MB; such a frame is drawn less often
# (the turns between train only), for the student's browser and the server's network alike.
MAX_BYTES_PER_SECOND = 3_000_000
# A class shares a process: its frames are one budget split between the players (a lecture's
# 15 players per process get about 3 frames/s each instead of 8-9). Measured with 6 pages on
# one 2-core box (bench/classroom.py), the server sent 8.6 frames/s per page while the
# browsers showed 1.8: the rest queued in socket buffers, and a Pause's answer waited behind
# them for 20 s. Fewer frames also leave more of the turn to training.
PROCESS_FRAMES_PER_SECOND = 48
PROCESS_BYTES_PER_SECOND = 2_000_000
PROCESS_SLOW_PER_SECOND = 8  # the slow charts (~12 ms each) likewise: 15 players, every 2 s
SLOW_SECONDS = 0.25  # curves / saturation / gradient charts about 4 times a second, or less
SLOW_SHARE = 0.25  # often when slow to draw: at most a quarter of the session's time
MAX_PLAY_SECONDS = 600  # a forgotten tab pauses itself after 10 minutes



def one_blas_thread() -> None:
    """One BLAS thread per process. The page multiplies many small matrices; with OpenBLAS's
    default thread pool on this 2-core box a 300x48 @ 48x48 product took ~14 ms instead of
    ~0.1 ms (the pool's threads spin against the server's threads), which cut the frame rate
    by 7x. Sessions already run in parallel threads, so the page loses nothing by this.

    threadpoolctl 3.8 (requirements.txt) keeps the thread that sets a process-wide OpenBLAS
    limit as its "controlling thread": here the first student's script thread, and with it
    (its run context, its session state) that student's whole Session, for the life of the
    process. The limit stays; the reference goes."""
    threadpoolctl.threadpool_limits(1)
    blas = getattr(threadpoolctl, "OpenBLASController", None)
    if hasattr(blas, "clear_controlling_thread"):  # where threadpoolctl has one (3.8 does)
        blas.clear_controlling_thread()


one_blas_thread()


METRIC_CELL = "min-width:6.2em"  # fixed cells: a value that grows never moves the others


def metrics_html(session: Session) -> str:
    """Epoch, step, train/test cost and accuracy, learning rate: always the same cells in the
    same places (a value not defined yet is "—"), large enough for a projector.

    The costs and accuracies are evaluated at the end of an epoch; mid-epoch (a long epoch
    trained over several frames) the epoch cell says how far into the next one training is.
    """
    m = session.metrics
    net = session.net
    into, per_epoch = session.steps_into_epoch, session.steps_per_epoch
    part = f" +{min(99, int(100 * into / per_epoch))}%" if into else ""
    epoch = (f"<span id='epoch'>{numbers.count(net.epochs_done)}</span>"
             f"<small id='epoch-part' style='font-weight:400;font-size:0.6em'>{part}</small>")
    classification = session.dataset.problem in ("binary", "multiclass")
    latest = net.latest
    rate = latest.learning_rate if latest is not None else session.values["learning_rate"]
    evaluated = f"evaluated at the end of epoch {net.epochs_done}"
    items = [("Epoch", epoch, f"{numbers.count(into)} of {numbers.count(per_epoch)} "
                              "mini-batches into the current epoch"),
             ("Step", f"<span id='step'>{numbers.count(net.steps_done)}</span>",
              "mini-batches trained"),
             ("Train cost", numbers.readable(m.get("train_cost")), evaluated),
             ("Test cost", numbers.readable(m.get("test_cost")), evaluated),
             ("Train accuracy", numbers.readable(m.get("train_accuracy"), percent=True)
              if classification else numbers.UNDEFINED, evaluated),
             ("Test accuracy", f"<span id='test-accuracy'>"
                               f"{numbers.readable(m.get('test_accuracy'), percent=True)}</span>"
              if classification else numbers.UNDEFINED, evaluated),
             ("Learning rate", numbers.readable(rate), "alpha of the last step")]
    cells = "".join(f"<div class='pg-metric' style='{METRIC_CELL}' title='{tip}'>"
                    f"<div class='pg-label'>{label}</div>"
                    f"<div class='pg-value'>{value}</div></div>" for label, value, tip in items)
    return f"<div class='pg-metrics'>{cells}</div>"


@dataclass(frozen=True)
class Layout:
    """Which live panels (playground/session/panel_table.py) each frame holds, besides the metrics
    and the boundary: the fast frame's row beside the boundary, and the slow frame below."""

    # A dense net's diagram, or a conv net's feature maps (each is available for one kind).
    beside: tuple[str, ...] = ("network", "feature_maps")
    below: tuple[str, ...] = tuple(name for name in panel_table.LIVE if name not in (
        "boundary", "autoencoder", "network", "feature_maps"))
    watching: bool = False  # a lesson's screen: beside the boundary is what it says to watch


def layout(session: Session) -> Layout:
    """The normal page's, or the open lesson's: the live panels it watches beside the
    boundary (a demonstration or a tab it watches is drawn beside the live area instead), the
    others below."""
    lesson = session.current_lesson
    if lesson is None:
        return Layout()
    first = ("boundary", "autoencoder")  # the live area's first cell, drawn by fast_html
    beside = tuple(name for name in lesson.watched
                   if name in panel_table.LIVE and name not in first)
    below = tuple(name for name in panel_table.LIVE if name not in beside and name not in first)
    return Layout(beside, below, watching=True)


def _cells(session: Session, names, outputs) -> str:
    return "".join(panel.draw()(session, outputs)
                   for panel in panel_table.available(names, session))


def fast_html(session: Session, frame: Layout = Layout()) -> str:
    """Metrics + boundary + what sits beside it (the network diagram, or a lesson's watched
    charts): redrawn every frame."""
    outputs = session.grid_outputs()
    session.frames += 1
    # data-playing tells a reader (a browser test) whether training had stopped when this
    # frame was drawn: a frame drawn while paused shows the network's final counters.
    # pg-narrow: the live area shares the width with what a lesson watches beside it.
    narrow = " pg-narrow" if frame.watching and not frame.beside else ""
    parts = [f"<div class='pg-live{narrow}' data-frame='{session.frames}' "
             f"data-playing='{int(session.playing)}'>", metrics_html(session)]
    row = "pg-row" + (" pg-lesson" if frame.watching else "") + ("" if frame.beside
                                                                 else " pg-alone")
    parts.append(f"<div class='{row}'>")
    if session.dataset.problem == settings.AUTOENCODER:
        parts.append(panel_table.BY_NAME["autoencoder"].draw()(session, outputs))
    elif outputs is None and session.dataset.image_shape is not None:
        parts.append(digits.live_html(session, rows=2 if frame.watching else 3))
    elif family_trees.is_family_trees(session):
        parts.append(family_trees.live_html(session))
    else:
        parts.append(boundary.frame_html(session, outputs))
    beside = _cells(session, frame.beside, outputs)
    # The watched cell is the "Look at" link's target (#pg-watch).
    parts.append(f"<div class='pg-watch' id='pg-watch'>{beside}</div>" if frame.watching
                 and beside else beside)
    parts.append("</div></div>")
    return "".join(parts)


def slow_html(session: Session, frame: Layout = Layout()) -> str:
    """The panels below (curves, saturation, gradient flow; on a lesson's screen the network
    diagram too, in a row of its own): redrawn every SLOW_SECONDS or so."""
    diagrams = [name for name in frame.below if name in ("network", "feature_maps")]
    below = [name for name in frame.below if name not in diagrams]
    network_row = ""
    if diagrams:
        outputs = session.grid_outputs()
        network_row = f"<div class='pg-row'>{_cells(session, diagrams, outputs)}</div>"
    return network_row + "<div class='pg-charts'>" + _cells(session, below, None) + "</div>"


def _fast_frame(session: Session) -> str:
    """The frame's HTML, read under the session's lock (never half-way through a step). A
    diverged network's huge or nan values are drawn (as the ends of the colour scale), never
    warned about."""
    with session.lock, np.errstate(all="ignore"):
        return fast_html(session, layout(session))


def _slow_frame(session: Session) -> str:
    with session.lock, np.errstate(all="ignore"):
        return slow_html(session, layout(session))


def slots(session: Session, beside=None):
    """The live area's two slots, created already holding the current frame; `beside()`
    draws what a lesson watches to the right of the fast one (its boundary then alone).

    Why not st.empty() here and the drawing at the end of the script: every click starts a
    new script run, and an st.empty() re-created at the top of it blanks the live area (and
    the panels below jump up) until the end of the run fills it again; on Pause that blank
    lasted 0.05-0.4 s. A slot created with its content is never empty. Creating them also
    takes the session over from an older run still playing (see `run`).
    """
    with session.lock:
        session.run_generation += 1
    if beside is None:
        return _filled_slot(_fast_frame, session), _filled_slot(_slow_frame, session)
    live_column, watched_column = st.columns([42, 58], gap="medium")
    with live_column:
        fast = _filled_slot(_fast_frame, session)
    with watched_column:
        beside()
    return fast, _filled_slot(_slow_frame, session)


def _filled_slot(draw, session: Session):
    """A slot holding draw(session), or one line saying it failed (the trace goes to the
    server log): the rest of the page is still drawn, and a later frame may replace it."""
    try:
        html = draw(session)  # first, so the slot never exists empty
    except Exception as problem:  # Streamlit's rerun/stop signals are BaseExceptions: they pass
        log.exception("drawing the live area failed")
        return st.error(f"The live charts could not be drawn ({type(problem).__name__}: "
                        f"{problem}). Training and settings are unaffected.")
    return st.markdown(html, unsafe_allow_html=True)


def _show(slot, html: str) -> None:
    """st.markdown, not st.html: st.html's sanitizer keeps only HTML tags and drops every
    <svg>; markdown with unsafe_allow_html renders the SVG, its <title> tooltips included.
    (Measured alternative: each SVG as an <img src="data:image/svg+xml..."> in st.html gave
    ~16.5 updates/s and ~250 epochs/s against ~18.5 and ~325 inline: rasterizing SVG images
    costs Chromium more than updating the inline SVG on this 2-core box. A components-v2
    element setting innerHTML was no better either: ~18 updates/s, ~275 epochs/s, as every
    frame mounts a new component instance.)"""
    slot.markdown(html, unsafe_allow_html=True)


def paced_steps(steps_per_second: float, elapsed: float, done: int) -> int:
    """Steps a paced run may take now: what its pace allows after `elapsed` seconds (one at
    once, so Play answers at once), less the `done` it took."""
    return max(max(math.ceil(steps_per_second * elapsed), 1) - done, 0)


def _wait(seconds: float, superseded, bell: threading.Event, rung: bool) -> None:
    """Sleep until the next turn, but not past a click (with many players a period is long):
    on the run's bell, which a click rings (rung), else asking every CHECK_SECONDS."""
    end = time.perf_counter() + max(seconds, 0.001)
    while not superseded() and (left := end - time.perf_counter()) > 0:
        bell.wait(left if rung else min(left, TURNS.CHECK_SECONDS))
        bell.clear()


@dataclass
class _Clock:
    """A run's timing: when it started, when the next frames are due, what a frame costs."""

    started: float
    next_draw: float
    next_slow: float
    drawing: float = 0.008  # running estimates of a frame's drawing: wall, CPU time
    drawing_cpu: float = 0.008
    frames: int = 0


def run(session: Session, fast_slot, slow_slot, *, max_frames: int | None = None) -> None:
    """While playing, keep training and drawing until paused, interrupted or done (or after
    `max_frames` frames: a caller that needs the script to end, such as AppTest or a bench).

    One network, one thread: a click starts a new script run while this one may still be in
    its frame. The new run's `slots` bumps the session's run generation and a Pause clears
    `playing`; training checks both between mini-batches (under the session's lock), so this
    run stops at the next step boundary and never trains beside the new one.
    """
    if not session.playing:
        return
    generation = session.run_generation
    requests = requests_of_this_run()
    bell = threading.Event()  # this run's: a click rings it (and so does its turn coming)
    rung = ring_on_request(requests, bell)

    def superseded() -> bool:
        return (not session.playing or session.run_generation != generation
                or asked_to_end(requests))

    started = time.perf_counter()
    clock = _Clock(started, next_draw=started, next_slow=started + SLOW_SECONDS)
    pace = settings.steps_per_second(session.values, session.steps_per_epoch)
    first_step = session.net.steps_done
    with PLAYERS.playing(id(session)):
        while not superseded():
            turn_start = time.perf_counter()
            players = PLAYERS.count()
            period, bytes_per_second = _period(players, clock)
            with TURNS.turn(give_up=superseded, bell=bell, rung=rung) as holding:
                if not holding:
                    break
                turn = _train_and_draw(session, clock, period / players, bytes_per_second,
                                       _limits(session, pace, clock.started, first_step),
                                       superseded)
            if turn is None:
                break  # a frame now would be thrown away: let the next run start
            fast, done = turn
            if fast is not None:
                clock.frames += 1
                _show(fast_slot, fast)  # outside the turn: a click interrupts the run here
                counters.frame(str(id(session)), len(fast))
            if session.diverged or done:
                st.rerun()  # full rerun: the banner or message, the paused buttons, the inspector
            if fast is not None and time.perf_counter() >= clock.next_slow:
                _draw_slow(session, slow_slot, clock, players)
            kept_runs.keep(session)  # every CHECKPOINT_SECONDS, outside the turn
            if challenge.after_frame(session):
                st.rerun()  # the goal was met and submitted: the bar and its sentence
            if max_frames is not None and clock.frames >= max_frames:
                break
            if time.perf_counter() - started > MAX_PLAY_SECONDS:
                session.pause()
                session.notices.tell(f"Paused after {MAX_PLAY_SECONDS // 60} minutes of play "
                                     "to share the server; press Play to go on.")
                st.rerun()
            _wait(period - (time.perf_counter() - turn_start), superseded, bell, rung)
    if asked_to_end(requests):
        end_as_asked(requests)


def _period(players: int, clock: _Clock) -> tuple[float, float]:
    """The time between this session's turns, and the bytes per second its frames may take.

    A fair share: with n players this session's turn is 1/n of a period. A frame that is slow
    to draw (8 x 64 units, 10,000 points) gets a longer period, so the session still takes
    only its share and the others keep their frame rate; and at least half of a turn trains,
    or it would draw much and learn little. (Drawing's CPU time, not its wall time, decides
    "slow to draw": on a busy machine a cheap frame waits longer but is not more work.)"""
    fps = min(FPS, PROCESS_FRAMES_PER_SECOND / players)
    period = max(1 / fps, players * max(clock.drawing + MIN_TRAIN_SECONDS,
                                        2 * clock.drawing_cpu))
    return period, min(MAX_BYTES_PER_SECOND, PROCESS_BYTES_PER_SECOND / players)


def _limits(session: Session, pace, started: float, first_step: int) -> dict:
    """This turn's caps on training: the settings' frame limits, the epochs a 'Run N epochs'
    has left, and the steps a paced run may take by now."""
    limits = settings.frame_limits(session.values)
    left = session.epochs_left
    if left is not None:
        cap = limits["max_epochs"]
        limits["max_epochs"] = left if cap is None else min(cap, left)
    if pace is not None:
        limits["max_steps"] = paced_steps(pace, time.perf_counter() - started,
                                          session.net.steps_done - first_step)
    return limits


def _train_and_draw(session: Session, clock: _Clock, turn: float, bytes_per_second: float,
                    limits: dict, superseded):
    """One turn (held by the caller): train for what the turn leaves after drawing, then draw
    the fast frame when one is due. Returns (frame or None, done), or None when superseded.

    The budget is time, not epochs: a long epoch is trained over several turns. (At least the
    drawing's CPU time: on a busy machine a slow frame's wall time would leave it no training
    at all.)"""
    budget = max(turn - clock.drawing, clock.drawing_cpu, MIN_TRAIN_SECONDS)
    draw = time.perf_counter() + budget >= clock.next_draw  # is a frame due by then?
    session.train_for(budget if draw else budget + clock.drawing, stop=superseded, **limits)
    if superseded() and not session.diverged:
        return None
    done = session.epochs_left == 0 and not superseded()
    if done:
        session.pause()
        session.notices.tell(f"Ran {session.values['run_epochs']:,} epochs — "
                             "paused. Play runs them again.")
    if not (draw or done or session.diverged):
        return None, done
    draw_start, draw_cpu = time.perf_counter(), time.thread_time()
    fast = _fast_frame(session)
    clock.drawing = 0.8 * clock.drawing + 0.2 * (time.perf_counter() - draw_start)
    clock.drawing_cpu = 0.8 * clock.drawing_cpu + 0.2 * (time.thread_time() - draw_cpu)
    clock.next_draw = draw_start + len(fast) / bytes_per_second
    return fast, done


def _draw_slow(session: Session, slow_slot, clock: _Clock, players: int) -> None:
    """The slow charts, outside the turn: the other players' turns go on meanwhile. (The
    saturation chart of 8 x 64 units on 9,000 examples takes ~0.2 s; in the turn it held
    every other student's frame that long.)"""
    slow_start = time.perf_counter()
    slow = _slow_frame(session)
    _show(slow_slot, slow)
    counters.frame(str(id(session)), len(slow), kind="slow")
    cost = time.perf_counter() - slow_start
    clock.next_slow = time.perf_counter() + max(
        SLOW_SECONDS, players / PROCESS_SLOW_PER_SECOND, cost / SLOW_SHARE)
