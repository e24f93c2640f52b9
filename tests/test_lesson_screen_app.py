"""The lesson screen's parts without a browser: the panel table, the frames a lesson's screen
draws, the pace a lesson plays at, and the one way a lesson opens (a link and the Lessons
page give the same session), Replay included. (The layout in a real browser at three screen
sizes: tests/browser/test_lesson_screen.py.)"""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground import live
from playground.session import lessons, links, panel_table, settings, state
from tests.conftest import limit_frames

APP = str(Path(__file__).resolve().parent.parent / "app.py")


# ------------------------------------------------------------------------ the panel table


def test_the_panel_table_is_the_one_list_of_panels():
    names = [p.name for p in panel_table.PANELS]
    assert len(set(names)) == len(names)
    assert {p.name: p.title for p in panel_table.PANELS if p.kind == "tab"} == links.PANELS
    for panel in panel_table.PANELS:
        assert callable(panel.draw()), panel.name  # every "module:function" resolves
    for lesson in lessons.LESSONS:
        assert lesson.watched and set(lesson.watched) <= set(names), lesson.id
        assert ("demo" in lesson.watched) == bool(lesson.demo), lesson.id


def test_availability_follows_the_data():
    plane = state.Session()
    digits = state.Session({"dataset": "digits", "problem": "multiclass"})
    regression = state.Session({"problem": "regression", "dataset": "plane"})
    assert [p.name for p in panel_table.available(["draw", "digits"], plane)] == ["draw"]
    assert [p.name for p in panel_table.available(["draw", "digits"], digits)] == ["digits"]
    assert panel_table.available(["accuracy"], regression) == []


# ------------------------------------------------------------------------ a lesson's frames


def test_the_normal_page_keeps_its_frames_and_a_lesson_moves_what_it_watches_up():
    session = state.Session()
    assert live.layout(session) == live.Layout()
    assert "id='pg-watch'" not in live.fast_html(session, live.layout(session))
    for lesson in lessons.LESSONS:
        session.open_lesson(lesson.id)
        frame = live.layout(session)
        live_watched = [n for n in lesson.watched if n in panel_table.LIVE and n != "boundary"]
        assert frame.beside == tuple(live_watched) and frame.watching
        assert not set(frame.beside) & set(frame.below), lesson.id  # drawn once
        # The first cell: the boundary, or in its place an autoencoder's codes.
        first = {"boundary", "autoencoder"}
        assert set(frame.beside) | set(frame.below) | first == set(panel_table.LIVE)
        fast = live.fast_html(session, frame)
        assert ("id='pg-watch'" in fast) == bool(live_watched), lesson.id
        assert ("pg-narrow" in fast) == (not live_watched), lesson.id  # a demo sits beside


def test_a_watched_chart_is_in_the_fast_frame_and_not_below():
    session = state.Session()
    session.open_lesson("vanishing-gradients")
    session.step()
    frame = live.layout(session)
    fast, slow = live.fast_html(session, frame), live.slow_html(session, frame)
    assert fast.count("by layer (this step)") == 1 and "by layer (this step)" not in slow
    assert "Cost J" in slow and "Cost J" not in fast
    assert "pg-network" in slow and "pg-network" not in fast  # the diagram moved below


# ------------------------------------------------------------------------ the pace


def test_a_paced_run_spreads_its_epochs_over_the_seconds_it_names():
    (unit, seconds), _ = settings.SPEEDS["paced"]
    assert unit == "seconds" and seconds >= 5  # the issue: a lesson's run lasts at least ~5 s
    values = {"speed": "paced", "run_epochs": 20}
    assert settings.steps_per_second(values, 25) == 20 * 25 / seconds
    assert settings.steps_per_second({**values, "run_epochs": 0}, 25) == (
        settings.PACED_EPOCHS * 25 / seconds)
    assert settings.steps_per_second({"speed": "fast", "run_epochs": 20}, 25) is None
    assert settings.frame_limits(values) == {"max_steps": None, "max_epochs": None}


@pytest.mark.parametrize("rate,elapsed,done,allowed", [
    (100.0, 0.0, 0, 1),  # Play answers at once: one step
    (100.0, 0.5, 10, 40),  # 50 due by now, 10 taken
    (100.0, 0.5, 60, 0),  # ahead of the pace: wait
    (2.5, 1.0, 1, 2),  # ceil(2.5) = 3 due
])
def test_paced_steps_by_hand(rate, elapsed, done, allowed):
    assert live.paced_steps(rate, elapsed, done) == allowed


def test_every_lesson_opens_paced_and_fast_stays_a_choice_away():
    for lesson in lessons.LESSONS:
        assert settings.validate(lesson.setup)[0]["speed"] == "paced", lesson.id
    assert "fast" in settings.SPEEDS and settings.BY_NAME["speed"].default == "fast"


def test_a_paced_frame_trains_no_more_than_its_pace_allows(monkeypatch):
    """The live loop asks paced_steps at every turn and trains at most what it allows: with
    one step allowed a turn, three frames take three steps (counted, not timed)."""
    limit_frames(monkeypatch, 3)
    asked = []
    monkeypatch.setattr(live, "paced_steps", lambda *args: asked.append(args) or 1)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lesson": "batch-norm"})
    at.run()
    at.button(key="play").click().run()
    session = at.session_state["session"]
    assert not at.exception
    assert len(asked) >= 3 and session.net.steps_done == len(asked)


# ------------------------------------------------------------------------ one way to open


def test_a_link_and_the_lessons_page_open_the_same_lesson():
    lesson = lessons.BY_ID["dying-relu"]
    by_link = AppTest.from_file(APP, default_timeout=60)
    by_link.query_params.update({"lesson": lesson.id})
    by_link.run()
    by_page = AppTest.from_file(APP, default_timeout=60).run()
    by_page.switch_page("playground/pages/lessons.py").run()
    by_page.button(key=f"open-{lesson.id}").click().run()
    a, b = by_link.session_state["session"], by_page.session_state["session"]
    assert a.lesson == b.lesson == lesson.id
    assert settings.changed(a.values, b.values) == []
    assert np.array_equal(a.net.parameters["W1"], b.net.parameters["W1"])  # the same start
    for at in (by_link, by_page):
        assert not at.exception and not at.warning
        assert "re-initialized" not in at.session_state["session"].message


def test_replay_is_the_same_run_from_the_same_start(monkeypatch):
    limit_frames(monkeypatch, 1)
    monkeypatch.setattr(live, "paced_steps", lambda *args: 0)  # Play trains nothing here
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lesson": "overfitting"})
    at.run()
    session = at.session_state["session"]
    start = {name: value.copy() for name, value in session.net.parameters.items()}
    for _ in range(3):
        at.button(key="step").click().run()
    assert session.net.steps_done == 3
    at.button(key="lesson-replay").click().run()
    assert not at.exception and session.playing and session.net.steps_done == 0
    for name, value in start.items():
        assert np.array_equal(session.net.parameters[name], value), name
    at.button(key="lesson-close").click().run()
    assert session.lesson == "" and "lesson" not in session.link_params()
