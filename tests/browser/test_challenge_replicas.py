"""A class challenge through `deploy/serve_class.py` (what `make class` runs): two replicas
behind HAProxy sharing the board's SQLite file. Two students on different replicas meet the
goal, one board (on either replica) shows both; after the whole server is stopped and started
again, the board still shows them. Waits poll the page under hang guards never asserted on."""

import sys
from pathlib import Path

import pytest
from harness import transport

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from test_deploy import needs_haproxy  # noqa: E402
from test_recovery import Restartable  # noqa: E402
from test_supervision import HANG_GUARD, wait_until  # noqa: E402

from playground.session import challenges  # noqa: E402
from playground.session.challenges import Goal, Limits  # noqa: E402

pytestmark = [pytest.mark.browser, needs_haproxy]

# One epoch of two Gaussian blobs at learning rate 0.3 reaches 100 % (tests/test_challenges.py).
SETUP = {"dataset": "gaussians", "learning_rate": "0.3", "run_epochs": "10"}
GUARD = HANG_GUARD * 1000


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'class-board.db'}"
    monkeypatch.setenv(challenges.STORAGE_VARIABLE, url)  # the launcher's replicas inherit it
    return challenges.BoardStore(url)


@pytest.fixture
def served(tmp_path, store):
    launcher = Restartable(tmp_path, replicas=2)
    try:
        launcher.wait_for_the_address()
        yield launcher
    finally:
        launcher.stop()


def on_replica(browser, url: str, replica: int):
    """A browser whose HAProxy cookie names this replica (as after its first visit)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "PLAYGROUND_REPLICA", "value": f"replica{replica}",
                          "url": url}])
    return context, context.new_page()


def board_rows(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.pg-board-row').length == 2",
                           timeout=GUARD)
    rows = page.locator(".pg-board-row")
    return sorted(rows.nth(i).locator("td").nth(1).inner_text() for i in range(2))


def test_students_on_two_replicas_reach_one_board_which_outlives_a_restart(
        browser, served, store):
    challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 10), Limits())
    contexts = []
    try:
        for replica, nickname in ((1, "Ada"), (2, "Bob")):
            context, page = on_replica(browser, served.url, replica)
            contexts.append(context)
            page.goto(f"{served.url}/?challenge={challenge.id}")
            page.wait_for_selector(".st-key-challenge-bar", timeout=GUARD)
            name = page.locator(".st-key-challenge-nickname input")
            name.fill(nickname)
            name.press("Enter")
            page.wait_for_function("n => document.querySelector('.st-key-challenge-nickname "
                                   "input').value === n", arg=nickname, timeout=GUARD)
            transport(page, "Epoch").click()
            page.get_by_text("Goal met — on the board", exact=False).wait_for(timeout=GUARD)
            cookie = next(c["value"] for c in context.cookies()
                          if c["name"] == "PLAYGROUND_REPLICA")
            assert cookie == f"replica{replica}"  # each student stayed on their replica
        assert sorted(e.nickname for e in store.board(challenge.id, key).entries) == [
            "Ada", "Bob"]
        context, board = on_replica(browser, served.url, 1)
        contexts.append(context)
        board.goto(f"{served.url}/board?board={challenge.id}&key={key}")
        assert board_rows(board) == ["Ada", "Bob"]

        assert served.stop() == 0
        served.restart()
        wait_until(lambda: served.log().count("Give the class this address") == 2,
                   "the class never started again")
        board.reload()
        assert board_rows(board) == ["Ada", "Bob"]
        assert "Traceback" not in served.log()
    finally:
        for context in contexts:
            context.close()
