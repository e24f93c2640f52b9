"""Class challenges (playground/session/challenges.py): the store, the checks a submission passes on
the server, nicknames, the pace of submissions, the board's key, and links that open one."""

import html
import math
import threading

import numpy as np
import pytest

import engine
from playground.experiments import compare
from playground.session import challenges, links, settings, state
from playground.session.challenges import Goal, Limits, Player, RefusedError

# Two Gaussian blobs at learning rate 0.3: every seed's run is at 100 % test accuracy after
# one epoch (measured over seeds 0-4: 1.0 each), so a goal of 90 % within 10 epochs has a
# wide margin. The default network: 2-4-2-1, 25 parameters, 6 hidden units.
SETUP = {"dataset": "gaussians", "learning_rate": "0.3", "run_epochs": "10"}
GOAL = Goal("test_accuracy", 0.9, 10)


class Clock:
    """A clock the test moves by hand (no wall time in a test)."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def make(store, limits=None, goal=GOAL, setup=SETUP):
    return store.create(setup, goal, limits or Limits())


def student(challenge, seed=0, **changes):
    """A session opened from the challenge's link (plus `changes`), one epoch trained."""
    session = state.Session.from_link({"challenge": challenge.id, "seed": str(seed), **changes})
    session.player = Player(clock=Clock())
    session.epoch()
    return session


def submit(store, challenge, session, **kw):
    return store.submit(challenge.id, session.classroom.challenge, session.player,
                        challenges.measure(session), **kw)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("nudge", [0.0, 1e-12])
def test_the_quick_set_up_meets_the_goal_in_one_epoch_over_seeds(store, seed, nudge):
    challenge, _key = make(store)
    session = state.Session.from_link({"challenge": challenge.id, "seed": str(seed)})
    compare.nudge(session.net, nudge)  # the last-bit difference another BLAS kernel makes
    session.epoch()
    measured = challenges.measure(session).for_goal(challenge.goal)
    assert measured.epochs == 1 and measured.metric >= 0.95  # goal 0.9: a margin of 0.05


def test_a_measured_run_is_its_networks_own_test_accuracy_and_size(store):
    challenge, _ = make(store)
    session = student(challenge)
    session.trainer.metrics["test_accuracy"] = 0.123  # what a page shows is not read
    measured = challenges.measure(session)
    d = session.dataset
    AL = session.net.forward_all(d.X_test)[-1]
    assert measured.accuracy == pytest.approx(np.mean((AL > 0.5) == (d.Y_test > 0.5)))
    # W1 4x2 + b1 4, W2 2x4 + b2 2, W3 1x2 + b3 1 (the default 2-4-2-1 network)
    assert measured.parameters == 8 + 4 + 8 + 2 + 2 + 1 == 25
    assert measured.for_goal(GOAL).hidden_units == 6


def test_a_run_that_meets_the_goal_goes_on_the_board_with_its_set_up_link(store):
    challenge, key = make(store)
    session = student(challenge)
    session.player.nickname = "Ada"
    entry = submit(store, challenge, session, require_goal=True)
    assert entry.met and entry.epochs == 1 and entry.parameters == 25
    board = store.board(challenge.id, key)
    assert [(e.nickname, e.metric) for e in board.entries] == [("Ada", entry.metric)]
    assert board.met == 1
    # The link opens the same set-up in the presenter view, without the challenge.
    opened = links.parse(entry.link)
    assert opened.classroom.present and not opened.classroom.challenge
    assert opened.values == session.values


def test_the_board_sorts_by_the_metric_then_by_fewer_parameters(store):
    challenge, key = make(store, goal=Goal("test_cost", 0.5, 10))
    small = student(challenge, layers="2:tanh")  # 2x2+2 + 1x2+1 = 9 parameters
    big = student(challenge, layers="8:tanh")  # 8x2+8 + 1x8+1 = 33
    other = student(challenge, seed=3)
    for s in (small, big, other):
        submit(store, challenge, s)
    rows = store.board(challenge.id, key).entries
    costs = [r.metric for r in rows]
    assert costs == sorted(costs)  # the goal is a cost: lowest first
    assert {r.parameters for r in rows} == {9, 33, 25}
    # Equal cost: the smaller network first (scores stored as they are sorted).
    a, b = Player(clock=Clock()), Player(clock=Clock())
    first = challenges.Measured(0.2, 1.0, 1, 40, dict(big.values), "x:1")
    second = challenges.Measured(0.2, 1.0, 1, 9, dict(small.values), "y:1")
    store.submit(challenge.id, challenge.id, a, first)
    store.submit(challenge.id, challenge.id, b, second)
    rows = store.board(challenge.id, key).entries
    tied = [r.parameters for r in rows if r.metric == 0.2]
    assert tied == [9, 40]


def test_another_challenges_id_is_refused_in_one_sentence(store):
    mine, _ = make(store)
    other, other_key = make(store)
    session = student(mine)
    with pytest.raises(RefusedError, match="did not open") as refused:
        store.submit(other.id, session.classroom.challenge, session.player,
                     challenges.measure(session))
    assert str(refused.value).count(".") == 1
    assert store.board(other.id, other_key).entries == []
    with pytest.raises(RefusedError, match="did not open"):
        store.submit("NoSuch00", "NoSuch00", session.player, challenges.measure(session))


def test_a_link_cannot_unlock_a_locked_setting(store):
    challenge, _ = make(store, Limits(locked=("learning_rate",)))
    session = state.Session.from_link({"challenge": challenge.id, "learning_rate": "3",
                                       "noise": "50", "hidden_x": "1"})
    assert session.values["learning_rate"] == 0.3 and session.values["noise"] == 0
    assert "The challenge fixes Learning rate, Noise; the link cannot change them." in \
        session.notes
    assert session.classroom.locked >= {"learning_rate", "dataset", "noise"}
    # Nor can the page's one door for settings.
    session.apply({"learning_rate": 1.0, "dataset": "spiral", "l2": 0.001})
    assert session.values["learning_rate"] == 0.3 and session.values["dataset"] == "gaussians"
    assert session.values["l2"] == 0.001  # what the challenge leaves free changes


def test_a_set_up_that_breaks_a_limit_is_refused(store):
    challenge, key = make(store, Limits(max_hidden_units=6, features=("x1", "x2")))
    wide = student(challenge, layers="8:tanh")
    with pytest.raises(RefusedError, match="8 hidden units; the challenge allows 6"):
        submit(store, challenge, wide)
    squares = student(challenge, features="x1,x2,x1^2")
    with pytest.raises(RefusedError, match="not allowed"):
        submit(store, challenge, squares)
    capped, capped_key = make(store, Limits(max_parameters=20))
    with pytest.raises(RefusedError, match="25 parameters; the challenge allows 20"):
        submit(store, capped, student(capped))
    # A locked value forced past the page's checks (as a forged request would) is refused too.
    forged = student(challenge)
    forged.values["noise"] = 30
    with pytest.raises(RefusedError, match="Noise is fixed by the challenge at 0"):
        submit(store, challenge, forged)
    assert store.board(challenge.id, key).entries == []
    assert store.board(capped.id, capped_key).entries == []


def test_a_run_past_the_epochs_or_untrained_or_short_of_the_goal_is_refused(store):
    challenge, _ = make(store, goal=Goal("test_accuracy", 0.9, 2))
    session = student(challenge)
    for _ in range(2):
        session.epoch()
    with pytest.raises(RefusedError, match="epoch 3, past the challenge's 2"):
        submit(store, challenge, session)
    session.reset()
    with pytest.raises(RefusedError, match="not trained yet"):
        submit(store, challenge, session)
    hard, _ = make(store, goal=Goal("test_accuracy", 1.01, 10))
    with pytest.raises(RefusedError, match="not met the goal"):
        submit(store, hard, student(hard), require_goal=True)


def test_a_replay_or_a_worse_run_is_refused_and_the_best_stays(store):
    challenge, key = make(store)
    session = student(challenge)
    clock = session.player.clock
    first = submit(store, challenge, session)
    clock.now += challenges.SUBMIT_SECONDS
    with pytest.raises(RefusedError, match="already on the board"):
        submit(store, challenge, session)  # the same run state again
    worse = challenges.Measured(1.0, first.metric - 0.5, 2, 25, dict(session.values), "w:2")
    clock.now += challenges.SUBMIT_SECONDS
    with pytest.raises(RefusedError, match="is better"):
        store.submit(challenge.id, challenge.id, session.player, worse)
    assert [e.metric for e in store.board(challenge.id, key).entries] == [first.metric]


def test_one_submission_per_session_every_few_seconds(store):
    challenge, key = make(store, goal=Goal("test_cost", 0.5, 10))
    session = student(challenge)
    clock = session.player.clock
    submit(store, challenge, session)
    session.epoch()
    clock.now += challenges.SUBMIT_SECONDS - 0.5
    with pytest.raises(RefusedError, match="One submission every 5 seconds"):
        submit(store, challenge, session)
    clock.now += 0.5
    entry = submit(store, challenge, session)  # better (trained on): it replaces the row
    assert entry.epochs == 2
    assert [e.epochs for e in store.board(challenge.id, key).entries] == [2]


@pytest.mark.parametrize("text, shown, said", [
    ("Ada", "Ada", ""),
    ("  Grace H.  ", "Grace H.", ""),
    ("<b>x</b>&", "<b>x</b>&", ""),  # plain text: the board escapes it
    ("a" * 24, "a" * 24, ""),
    ("a" * 25, None, "at most 24 characters"),
    ("bell\x07", None, "control characters"),
    ("line\nbreak", None, "control characters"),
    ("rtl\u202eevil", None, "control characters"),
    ("", None, ""),
])
def test_nicknames_are_short_plain_text_else_an_animal(text, shown, said):
    name, why = challenges.nickname(text, "seed")
    assert name == (shown or challenges.animal_name("seed"))
    assert (said in why) if said else why == ""
    assert name.split()[0] in challenges.ANIMALS or shown


def test_the_board_needs_its_key_and_says_nothing_of_the_class_without_it(store):
    challenge, key = make(store)
    submit(store, challenge, student(challenge))
    for wrong in ("", "x" * 22, key[:-1] + ("A" if key[-1] != "A" else "B"), None, "'; --"):
        assert store.board(challenge.id, wrong) is None
        assert not store.close(challenge.id, wrong)
        assert not store.remove(challenge.id, wrong, 1)
    assert store.board("NoSuch00", key) is None
    assert len(store.board(challenge.id, key).entries) == 1


def test_the_teacher_hides_names_removes_a_row_and_closes_the_challenge(store):
    challenge, key = make(store)
    a, b = student(challenge), student(challenge, seed=1)
    a.player.nickname, b.player.nickname = "Ada", "Bob"
    submit(store, challenge, a)
    submit(store, challenge, b)
    assert store.hide_names(challenge.id, key)
    assert {e.nickname for e in store.board(challenge.id, key).entries} == {"Student 1",
                                                                             "Student 2"}
    gone = store.board(challenge.id, key).entries[0]
    assert store.remove(challenge.id, key, gone.id)
    assert [e.id for e in store.board(challenge.id, key).entries] != [gone.id]
    assert len(store.board(challenge.id, key).entries) == 1
    assert store.close(challenge.id, key)
    c = student(challenge, seed=2)
    with pytest.raises(RefusedError, match="closed"):
        submit(store, challenge, c)


def test_counts_of_connected_and_playing_students(store):
    wall = Clock(5000.0)
    store.clock = wall
    challenge, key = make(store)
    players = [Player(clock=Clock()) for _ in range(3)]
    for index, player in enumerate(players):
        store.seen(challenge.id, player, playing=index == 0)
    board = store.board(challenge.id, key)
    assert (board.connected, board.playing, board.met) == (3, 1, 0)
    store.seen(challenge.id, players[1], playing=True)  # within SEEN_SECONDS: not written
    assert store.board(challenge.id, key).playing == 1
    wall.now += challenges.CONNECTED_SECONDS + 1
    players[2].clock.now += challenges.SEEN_SECONDS
    store.seen(challenge.id, players[2], playing=True)
    board = store.board(challenge.id, key)
    assert (board.connected, board.playing) == (1, 1)


def test_an_unknown_challenge_link_opens_the_page_with_one_sentence(store):
    session = state.Session.from_link({"challenge": "NoSuch00", "noise": "10"})
    assert session.values["noise"] == 10 and not session.classroom.challenge
    assert any("there is no challenge 'NoSuch00'" in n for n in session.notes)
    hostile = state.Session.from_link({"challenge": "<script>" * 50})
    assert not hostile.classroom.challenge
    assert sum("there is no challenge" in n for n in hostile.notes) == 1


def test_the_challenge_survives_a_new_store_on_the_same_file(store, tmp_path):
    challenge, key = make(store)
    submit(store, challenge, student(challenge))
    # The same file by another name: a new engine, as a restarted replica opens it.
    again = challenges.BoardStore(f"sqlite:///{tmp_path}/./board.db")
    assert again.engine is not store.engine
    with again.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert again.get(challenge.id) == challenge
    assert len(again.board(challenge.id, key).entries) == 1


def test_the_link_of_a_challenge_round_trips_through_the_address_bar(store):
    challenge, _ = make(store)
    session = state.Session.from_link({"challenge": challenge.id})
    params = session.link_params()
    assert params["challenge"] == challenge.id
    again = challenges.parse_link(params)
    assert again.values == session.values and again.classroom.challenge == challenge.id


def test_submissions_from_threads_all_reach_the_board(store):
    challenge, key = make(store, goal=Goal("test_cost", 0.5, 10))
    values = settings.validate({"dataset": "gaussians"})[0]
    problems = []

    def one(index):
        try:
            player = Player(clock=Clock())
            store.submit(challenge.id, challenge.id, player, challenges.Measured(
                0.1 + index / 1000, 1.0, 1, 25, dict(values), f"{index}:1"))
        except Exception as problem:  # reported below
            problems.append(problem)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []
    assert store.count(challenge.id) == 20 == len(store.board(challenge.id, key).entries)


def test_goal_words_and_distance():
    goal = Goal("test_accuracy", 0.9, 50)
    assert goal.describe() == "test accuracy ≥ 90.0% within 50 epochs"
    assert goal.distance(0.85) == pytest.approx(0.05) and goal.distance(0.95) == 0
    cost = Goal("test_cost", 0.2, 10)
    assert cost.met(0.19) and not cost.met(0.21) and cost.distance(0.3) == pytest.approx(0.1)
    assert html.escape(goal.describe()) == goal.describe()
    assert math.isfinite(cost.score(0.3))
    assert engine.FEATURE_LABELS  # the limits' words name features as the page does
