"""The teacher's side (AppTest): "Make a challenge" in the classroom-link tab gives the
students' link and the board's link; the board page lists the submissions best first with
their "open" links, counts the class, and hides names, removes a row and closes the
challenge; without the right key it shows nothing of the class."""

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.panels import board as board_panel
from playground.session import challenges, links, state
from playground.session.challenges import Goal, Limits, Player
from tests.test_app import fresh, session, widget
from tests.test_challenges import Clock

pytestmark = pytest.mark.usefixtures("short_play")

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SETUP = {"dataset": "gaussians", "learning_rate": "0.3", "run_epochs": "10"}




def board_page(challenge_id: str, key) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["board"] = challenge_id
    if key is not None:
        at.query_params["key"] = key
    at.switch_page("playground/pages/board.py").run()  # opened at /board, as its link does
    assert not at.exception, at.exception
    return at


def submitted(store, challenge, nickname, seed=0, epochs=1, **changes):
    s = state.Session.from_link({"challenge": challenge.id, "seed": str(seed), **changes})
    s.player = Player(nickname=nickname, clock=Clock())
    for _ in range(epochs):
        s.epoch()
    return store.submit(challenge.id, s.classroom.challenge, s.player, challenges.measure(s))


def page_text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [h.value for h in at.html]
                    + [w.value for w in at.warning])


def test_make_a_challenge_gives_the_students_and_the_boards_links(store):
    at = fresh()
    widget(at, "w.dataset").set_value("gaussians").run()
    widget(at, "w.learning_rate").set_value(0.3).run()
    at.session_state["panel"] = "Prepare a classroom link"
    at.run()
    at.checkbox(key="classroom.lock.learning_rate").check().run()
    at.number_input(key="challenge.target").set_value(95.0)
    at.selectbox(key="challenge.epochs").set_value(20)
    at.number_input(key="challenge.units").set_value(12)
    at.button(key="FormSubmitter:challenge.form-Make the challenge").click().run()
    assert not at.exception and not at.error
    codes = [c.value for c in at.main.code]
    students = next(c for c in codes if "challenge=" in c)
    boards = next(c for c in codes if "board=" in c)
    challenge_id = re.search(r"challenge=([\w-]+)", students).group(1)
    key = re.search(r"key=([\w-]+)", boards).group(1)
    assert boards == f"/board?board={challenge_id}&key={key}"
    challenge = store.get(challenge_id)
    assert challenge.goal == Goal("test_accuracy", 0.95, 20)
    assert challenge.limits.max_hidden_units == 12
    assert "learning_rate" in challenge.limits.locked and "dataset" in challenge.limits.locked
    assert challenge.values()["dataset"] == "gaussians"
    assert challenge.values()["run_epochs"] == 20  # Play stops at the challenge's epochs
    assert store.board(challenge_id, key) is not None
    assert session(at).values["run_epochs"] == 0  # the teacher's own page is unchanged


def test_the_board_lists_submissions_best_first_with_open_links_and_counts(store):
    challenge, key = store.create(SETUP, Goal("test_cost", 0.5, 10), Limits())
    submitted(store, challenge, "Ada <script>", epochs=3)
    submitted(store, challenge, "Bob", layers="2:tanh")
    at = board_page(challenge.id, key)
    text = page_text(at)
    assert "Class board" in text and "test cost ≤ 0.5000 within 10 epochs" in text
    table = next(h.value for h in at.html if "pg-board" in h.value)
    assert "Ada &lt;script&gt;" in table and "<script>" not in table
    names = re.findall(r"<tr class='pg-board-row'><td>\d+</td><td>([^<]+)</td>", table)
    costs = [float(c) for c in re.findall(r"<td>(\d\.\d{4})</td>", table)]
    assert costs == sorted(costs) and len(costs) == 2
    assert names == ["Ada &lt;script&gt;", "Bob"]  # 3 epochs trained: the lower cost
    opens = [html.unescape(h) for h in re.findall(r"href='([^']+)'", table)]
    assert len(opens) == 2
    for href in opens:
        link = links.parse(dict(p.split("=", 1) for p in href.split("?", 1)[1].split("&")))
        assert link.classroom.present and link.values["dataset"] == "gaussians"
    assert {m.label: m.value for m in at.metric} == {
        "Connected": "0", "Playing": "0", "Met the goal": "2", "Entries": "2"}
    assert len(at.get("vega_lite_chart")) == 1  # the scatter


def test_the_teacher_hides_names_removes_a_row_and_closes(store):
    challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    submitted(store, challenge, "Ada")
    submitted(store, challenge, "Bob", seed=1)
    at = board_page(challenge.id, key)
    at.button(key="board.hide").click().run()
    table = next(h.value for h in at.html if "pg-board" in h.value)
    assert "Ada" not in table and "Student 1" in table and "Student 2" in table
    at.button(key="board.remove").click().run()
    assert len(store.board(challenge.id, key).entries) == 1
    at.button(key="board.close").click().run()
    assert store.get(challenge.id).closed
    assert "closed" in page_text(at)
    with pytest.raises(challenges.RefusedError, match="closed"):
        submitted(store, challenge, "Cy", seed=2)


@pytest.mark.parametrize("key", [None, "", "wrong-key-wrong-key-22", "<b>x</b>"])
def test_without_the_right_key_the_board_shows_nothing_of_the_class(store, key):
    challenge, _right = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    submitted(store, challenge, "Ada")
    at = board_page(challenge.id, key)
    assert [w.value for w in at.warning] == [board_panel.NO_KEY]
    assert "Ada" not in page_text(at) and not at.metric and not at.button


def test_the_scatter_has_a_point_per_entry_and_the_goal_line():
    from playground.charts import board as chart

    rows = [{"name": "a", "parameters": 9, "metric": 1.0, "met": True},
            {"name": "b", "parameters": 25, "metric": 0.8, "met": False}]
    spec = chart.scatter(rows, "test accuracy", 0.9, percent=True).to_dict()
    points, goal = spec["layer"][1], spec["layer"][0]
    assert [r["parameters"] for r in spec["datasets"][points["data"]["name"]]] == [9, 25]
    assert spec["datasets"][goal["data"]["name"]] == [{"metric": 0.9}]
