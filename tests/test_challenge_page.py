"""A class challenge on the student's page (AppTest): the bar, locked controls, a link that
tries to unlock one, the run submitted by itself when it meets the goal, "Submit best attempt"
and the nickname."""

import pytest

from playground.session import challenges
from playground.session.challenges import Goal, Limits
from tests.test_app import notes, opened, session, widget

pytestmark = pytest.mark.usefixtures("short_play")

# Two Gaussian blobs at learning rate 0.3: 100 % test accuracy after one epoch for seeds 0-4
# (tests/test_challenges.py checks it with a margin).
SETUP = {"dataset": "gaussians", "learning_rate": "0.3", "run_epochs": "10"}


def bar_text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_the_bar_shows_the_goal_and_limits_and_locked_controls_are_disabled(store):
    challenge, _ = store.create(SETUP, Goal("test_accuracy", 0.9, 10),
                                Limits(locked=("learning_rate",), max_hidden_units=12,
                                       features=("x1", "x2")))
    at = opened(challenge=challenge.id)
    text = bar_text(at)
    assert "**Challenge** · test accuracy ≥ 90.0% within 10 epochs" in text
    assert "at most 12 hidden units" in text and "features: x₁, x₂" in text
    assert "Now: **press Play**" in text
    assert widget(at, "w.learning_rate").disabled and widget(at, "w.noise").disabled
    assert widget(at, "w.dataset").disabled and not widget(at, "w.l2").disabled
    assert not widget(at, "w.optimizer").disabled


def test_a_link_that_tries_to_unlock_a_setting_gets_one_sentence_and_the_challenges_value(store):
    challenge, _ = store.create(SETUP, Goal("test_accuracy", 0.9, 10),
                                Limits(locked=("learning_rate",)))
    at = opened(challenge=challenge.id, learning_rate="3", dataset="spiral", l2="0.001")
    s = session(at)
    assert s.values["learning_rate"] == 0.3 and s.values["dataset"] == "gaussians"
    assert s.values["l2"] == 0.001
    assert "The challenge fixes Learning rate, Data set; the link cannot change them." in notes(at)
    assert at.query_params["challenge"] == challenge.id  # a reload keeps the challenge


def test_a_run_that_meets_the_goal_is_submitted_by_itself(store):
    challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    at = opened(challenge=challenge.id)
    at.text_input(key="challenge.nickname").input("Ada <b>").run()
    at.button(key="epoch").click().run()
    board = store.board(challenge.id, key)
    assert [(e.nickname, e.epochs, e.met) for e in board.entries] == [("Ada <b>", 1, True)]
    assert "Goal met — on the board: test accuracy 100.0% at epoch 1 with 25 parameters." in \
        notes(at)
    assert "your best on the board: **100.0%**" in bar_text(at)
    at.button(key="epoch").click().run()  # the same network: not submitted again by itself
    assert store.board(challenge.id, key).entries[0].epochs == 1


def test_submit_best_attempt_puts_a_run_short_of_the_goal_on_the_board(store):
    challenge, key = store.create(SETUP, Goal("test_cost", 0.0001, 10), Limits())
    at = opened(challenge=challenge.id)
    at.button(key="challenge.submit").click().run()
    assert "Not submitted: the run has not trained yet." in notes(at)
    at.button(key="epoch").click().run()
    assert store.board(challenge.id, key).entries == []  # the goal is not met: not by itself
    assert "to go" in bar_text(at)
    at.button(key="challenge.submit").click().run()
    entries = store.board(challenge.id, key).entries
    assert [(e.epochs, e.met) for e in entries] == [(1, False)]
    assert entries[0].nickname.split()[0] in challenges.ANIMALS  # no nickname: an animal


def test_a_nickname_with_control_characters_becomes_an_animal_with_one_sentence(store):
    challenge, _ = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    at = opened(challenge=challenge.id)
    at.text_input(key="challenge.nickname").input("bad\u202ename").run()
    assert "A nickname cannot hold control characters" in notes(at)
    assert session(at).player.nickname.split()[0] in challenges.ANIMALS


def test_a_wider_network_than_allowed_is_refused_when_submitted(store):
    challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 10),
                                  Limits(max_hidden_units=4))
    at = opened(challenge=challenge.id)  # the set-up's own 4 + 2 units: 6
    at.button(key="epoch").click().run()
    assert "Not submitted: The network has 6 hidden units; the challenge allows 4." in notes(at)
    assert store.board(challenge.id, key).entries == []


def test_a_reload_of_the_same_run_keeps_the_students_one_row(store):
    challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    at = opened(challenge=challenge.id)
    at.button(key="epoch").click().run()
    token = session(at).run_token
    again = opened(challenge=challenge.id, run=token)  # a reload: its run token in the link
    assert session(again).net.epochs_done == 1
    assert session(again).player.key == session(at).player.key
    other = opened(challenge=challenge.id)  # another tab: another student
    assert session(other).player.key != session(at).player.key
    assert len(store.board(challenge.id, key).entries) == 1
