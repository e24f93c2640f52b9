"""A run outlives its replica (issue 26), with real processes: `deploy/serve_class.py` with two
replicas behind HAProxy, their checkpoints in one SQLite file, and headless Chromium.

A student plays; their replica is killed with SIGKILL: the class address answers throughout,
the launcher has the replica back, and the page (reconnected through HAProxy to the other
replica) goes on from the last checkpoint, written while it played, with one line saying so.
The same for a run on an uploaded CSV; and after the whole server is stopped and started again,
a reload brings the run back. Waits poll the page, the store or the launcher's log under
generous hang guards that are never the claim.
"""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from test_deploy import needs_haproxy  # noqa: E402
from test_supervision import HANG_GUARD, Launcher, Poller, wait_until  # noqa: E402

from playground.server import checkpoints  # noqa: E402

pytestmark = [pytest.mark.browser, needs_haproxy]

RESTORED = re.compile(r"[Yy]our run goes on from epoch ([\d,]+)")
PRICES = "area,rooms,age,price\n" + "".join(
    f"{50 + 3 * i},{1 + i % 5},{i % 40},{100_000 + 2_500 * i}\n" for i in range(120))


class Restartable(Launcher):
    """The launcher, which can be started again on the same ports (a whole-server restart)."""

    def restart(self) -> None:
        command = [sys.executable, "deploy/serve_class.py", "--replicas", str(len(self.ports)),
                   "--port", str(self.port), "--first-port", str(self.first_port)]
        with self.log_file.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT)


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'class-checkpoints.db'}"
    monkeypatch.setenv(checkpoints.STORAGE_VARIABLE, url)  # the launcher's replicas inherit it
    return url


@pytest.fixture
def served(tmp_path, store_url):
    launcher = Restartable(tmp_path, replicas=2)
    try:
        launcher.wait_for_the_address()
        yield launcher
    finally:
        launcher.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context, context.new_page()
    context.close()


def shown_epoch(page) -> int:
    return int(page.locator(".pg-live #epoch").inner_text().replace(",", ""))


def run_token(page) -> str:
    page.wait_for_function("() => new URLSearchParams(location.search).get('run')")
    return page.evaluate("new URLSearchParams(location.search).get('run')")


def replica_pid(launcher, context) -> int:
    """The pid of the replica HAProxy keeps this browser on (its PLAYGROUND_REPLICA cookie)."""
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "PLAYGROUND_REPLICA")
    number = int(cookie.removeprefix("replica"))
    return launcher.pids(f"replica {number} (port {launcher.ports[number - 1]})")[-1]


def play_until_checkpointed(page, store, token: str) -> int:
    """Play until the store holds two checkpoints written while playing; their last epoch."""
    page.locator(".st-key-play button").first.click()
    page.wait_for_selector(".pg-live[data-playing='1']", timeout=HANG_GUARD * 1000)
    first = wait_until(lambda: (c := store.load(token)) and c.epoch > 0 and c,
                       "no checkpoint with epochs while playing")
    second = wait_until(lambda: (c := store.load(token)) and c.saved > first.saved and c,
                        "no second checkpoint while playing")
    assert second.epoch > first.epoch  # written as the run went on, every few seconds
    return second.epoch


def restored_line(page) -> str:
    """The page's one line saying the run goes on (polled: the page reconnects by itself)."""
    line = page.get_by_text(RESTORED)
    line.wait_for(timeout=HANG_GUARD * 1000)
    return line.inner_text()


def kill_and_recover(launcher, context, page, store, token: str) -> None:
    poller = Poller(launcher.url)
    poller.start()
    try:
        pid = replica_pid(launcher, context)
        wait_until(lambda: len(poller.answers) >= 3, "the poller never asked")
        os.kill(pid, signal.SIGKILL)
        kept = store.load(token)  # the checkpoint the student's run goes on from
        text = restored_line(page)
        assert int(RESTORED.search(text).group(1).replace(",", "")) == kept.epoch > 0
        page.wait_for_function(f"() => Number(document.querySelector('.pg-live #epoch')"
                               f".innerText.replace(/,/g, '')) > {kept.epoch}",
                               timeout=HANG_GUARD * 1000)  # and plays on from there
        assert run_token(page) == token
        wait_until(lambda: launcher.log().count("answers again") >= 1,
                   "the launcher never had the replica back")
    finally:
        poller.finished.set()
        poller.join(HANG_GUARD)
    assert [a for a in poller.answers if a[1].startswith("failed")] == []
    assert page.get_by_text(RESTORED).count() == 1  # one line, once
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_killed_replica_loses_nothing_the_page_goes_on_from_its_checkpoint(
        served, tab, store_url):
    context, page = tab
    store = checkpoints.CheckpointStore(store_url)
    page.goto(served.url + "/?dataset=xor")
    page.wait_for_selector(".pg-live #epoch", timeout=HANG_GUARD * 1000)
    token = run_token(page)
    play_until_checkpointed(page, store, token)
    kill_and_recover(served, context, page, store, token)
    assert "Traceback" not in served.log()


def test_a_killed_replica_loses_no_uploaded_csv(served, tab, store_url, tmp_path):
    context, page = tab
    store = checkpoints.CheckpointStore(store_url)
    page.goto(served.url)
    page.wait_for_selector(".pg-live #epoch", timeout=HANG_GUARD * 1000)
    page.locator(".st-key-w-dataset input").click()
    page.keyboard.type("Your data")
    page.get_by_role("option", name="Your data (CSV)").click()
    prices = tmp_path / "prices.csv"
    prices.write_text(PRICES)
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(prices))
    page.get_by_text("In use: prices.csv (120 rows)").wait_for(timeout=HANG_GUARD * 1000)
    token = run_token(page)
    play_until_checkpointed(page, store, token)
    kill_and_recover(served, context, page, store, token)
    page.get_by_text("In use: prices.csv (120 rows)").wait_for()  # the file came back too
    assert "Traceback" not in served.log()


def test_after_the_whole_server_restarts_a_reload_brings_the_run_back(served, tab, store_url):
    _context, page = tab
    store = checkpoints.CheckpointStore(store_url)
    page.goto(served.url + "/?dataset=xor")
    page.wait_for_selector(".pg-live #epoch", timeout=HANG_GUARD * 1000)
    token = run_token(page)
    play_until_checkpointed(page, store, token)
    page.locator(".st-key-play button").first.click()  # Pause: saved at once
    page.wait_for_selector(".pg-live[data-playing='0']", timeout=HANG_GUARD * 1000)
    paused = wait_until(lambda: (c := store.load(token)) and c.document.find(
        b'"playing":false') > 0 and c, "Pause was not checkpointed")
    assert paused.epoch == shown_epoch(page) > 0
    assert served.stop() == 0
    served.restart()
    wait_until(lambda: served.log().count("Give the class this address") == 2,
               "the class never started again")
    page.reload()
    text = restored_line(page)  # (the tab may have reconnected by itself before the reload)
    assert int(RESTORED.search(text).group(1).replace(",", "")) == paused.epoch
    assert shown_epoch(page) == paused.epoch  # paused as it was: not back at 0
    assert run_token(page) == token
    assert "Traceback" not in served.log()
