"""The launcher supervises (deploy/serve_class.py, deploy/supervision.py): a replica killed
with SIGKILL is logged and started again on its port while the class address keeps answering;
one that keeps crashing is given up with a clear message; Ctrl-C still stops everything.

The real-process tests run the launcher as `make class` does (its own process, its log on
stderr) with HAProxy; they are skipped without haproxy, like tests/test_deploy.py's. Waits poll
the launcher's log or a port, under a generous hang guard that is never the claim.
"""

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
import serve_class  # noqa: E402
import supervision  # noqa: E402
from test_deploy import needs_haproxy  # noqa: E402

from tests.waiting import wait_until  # noqa: E402

HANG_GUARD = 180  # seconds: a busy shared machine starts Streamlit slowly; never asserted on
EXITS_AT_ONCE = [sys.executable, "-c", "raise SystemExit(3)"]


def crash_until_given_up(supervisor: supervision.Supervisor, rounds: int = 20) -> int:
    """Rounds of the supervisor's check, each after its child exited; the starts it made."""
    starts = 1
    for _ in range(rounds):
        before = supervisor.processes[0]
        before.wait(HANG_GUARD)
        supervisor.check()
        if supervisor.processes[0] is before:
            break
        starts += 1
    return starts


def test_a_child_that_keeps_crashing_is_given_up_after_five_exits_in_a_minute(caplog):
    supervisor = supervision.Supervisor()
    supervisor.add("replica 1 (port 1)", EXITS_AT_ONCE)
    with caplog.at_level(logging.INFO, logger="serve_class"):
        supervisor.start_one(0)
        starts = crash_until_given_up(supervisor)
    assert starts == 5  # the first start and 4 restarts; the fifth exit is the last
    assert supervisor.gave_up == {0: "replica 1 (port 1) exited 5 times within 60 s (last: exit "
                                     "code 3); not starting it again. Its own output above "
                                     "says why."}
    messages = [record.getMessage() for record in caplog.records]
    assert sum("exited (exit code 3); starting it again" in m for m in messages) == 4
    assert supervisor.news.is_set()
    last = supervisor.processes[0]
    supervisor.check()  # given up: nothing more is started
    assert supervisor.processes[0] is last


def test_crashes_further_apart_than_the_window_are_restarted_for_ever():
    """One crash every 21 s never makes 5 within a minute: restarted each time."""
    now = [0.0]
    supervisor = supervision.Supervisor(clock=lambda: now[0])
    supervisor.add("replica 1", EXITS_AT_ONCE)
    supervisor.start_one(0)
    for _ in range(8):
        before = supervisor.processes[0]
        before.wait(HANG_GUARD)
        now[0] += 21
        supervisor.check()
        assert supervisor.processes[0] is not before and not supervisor.gave_up
    supervisor.stop()


def test_exits_are_described_by_their_signal_or_code():
    assert supervision.describe_exit(-signal.SIGKILL) == "killed by SIGKILL"
    assert supervision.describe_exit(1) == "exit code 1"


class Launcher:
    """`python deploy/serve_class.py` in its own process; its log read from a file."""

    def __init__(self, tmp_path: Path, replicas: int, replica_command=None):
        """`replica_command(ports)`: Python lines that replace serve_class.replica_command."""
        self.port, self.first_port = serve_class._free_port(), free_ports(replicas)
        self.ports = [self.first_port + i for i in range(replicas)]
        arguments = ["--replicas", str(replicas), "--port", str(self.port),
                     "--first-port", str(self.first_port)]
        if replica_command is None:
            command = [sys.executable, "deploy/serve_class.py", *arguments]
        else:  # the launcher as it is, with another command for its replicas (the injection)
            command = [sys.executable, "-c", textwrap.dedent(f"""
                import sys
                sys.path.insert(0, "deploy")
                import serve_class
                {replica_command(self.ports)}
                sys.argv = ["serve_class.py", *{arguments!r}]
                serve_class.main()""")]
        self.log_file = tmp_path / "launcher.log"
        with self.log_file.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")

    def pids(self, name: str) -> list[int]:
        """Every pid the launcher logged for this child, in order."""
        return [int(pid) for pid in re.findall(
            rf"serve_class: {re.escape(name)} started(?: again)?, pid (\d+)", self.log())]

    def wait_for_the_address(self) -> None:
        wait_until(lambda: "Give the class this address" in self.log()
                   or self.process.poll() is not None, "the class never started")
        assert self.process.poll() is None, self.log()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        try:
            return self.process.wait(HANG_GUARD)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (the launcher's replicas take such a run)."""
    while True:
        first = serve_class._free_port()
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue


def replica_answering(url: str, cookie: str | None) -> str | None:
    """The replica that answered `url` with 200 (by its cookie), else what went wrong."""
    request = urllib.request.Request(url + "/", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            if answer.status != 200:
                return f"failed: status {answer.status}"
            return (answer.headers.get("Set-Cookie") or cookie or "").split(";")[0] or "?"
    except OSError as problem:
        return f"failed: {problem}"


class Poller(threading.Thread):
    """Asks the class address over and over, as a student on replica 1 (its cookie) would."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.phase, self.answers = url, "before", []
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.is_set():
            phase = self.phase
            self.answers.append((phase, replica_answering(self.url, "PLAYGROUND_REPLICA=replica1")))


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@needs_haproxy
def test_a_killed_replica_is_back_on_its_port_while_the_class_address_answers(tmp_path):
    launcher = Launcher(tmp_path, replicas=2)
    poller = Poller(launcher.url)
    try:
        launcher.wait_for_the_address()
        first = launcher.pids(f"replica 1 (port {launcher.ports[0]})")
        assert len(first) == 1
        poller.start()
        wait_until(lambda: len(poller.answers) >= 3, "the poller never asked")
        poller.phase = "down"
        os.kill(first[0], signal.SIGKILL)
        name = f"replica 1 (port {launcher.ports[0]})"
        wait_until(lambda: f"{name} answers again" in launcher.log(),
                   "the launcher never had the replica back")
        poller.phase = "back"
        health = f"http://127.0.0.1:{launcher.ports[0]}{serve_class.haproxy.HEALTH_PATH}"
        assert supervision.answers(health)  # on its own port again
        wait_until(lambda: sum(p == "back" for p, _ in poller.answers) >= 3, "no answer after")
    finally:
        poller.finished.set()
        if poller.is_alive():
            poller.join(HANG_GUARD)  # before the stop, which it would see as a failure
        code = launcher.stop()
    log = launcher.log()
    assert f"{name} exited (killed by SIGKILL); starting it again" in log
    again = launcher.pids(name)
    assert len(again) == 2 and again[0] == first[0]
    # The class address answered every time, while the replica was down too: from replica 2,
    # or from replica 1 itself when HAProxy's retry came after the restart (a race of timings,
    # so which one answered is not asserted).
    assert [a for a in poller.answers if a[1].startswith("failed")] == []
    assert any(phase == "down" for phase, _ in poller.answers)
    # Ctrl-C stopped everything: the launcher, both replicas (the restarted one too), HAProxy.
    assert code == 0 and "stopped the replicas and HAProxy" in log
    for pid in again + launcher.pids(f"replica 2 (port {launcher.ports[1]})") + launcher.pids(
            "HAProxy"):
        assert gone(pid), pid
    assert "Traceback" not in log


# A replica that answers its health check until it is killed, then exits at once on every
# restart (its first start leaves a marker file): a crash loop after a good start.
CRASHES_AFTER_ITS_FIRST_LIFE = """
import http.server, os, sys
marker = sys.argv[2]
if os.path.exists(marker):
    raise SystemExit(3)
open(marker, "w").close()
class Healthy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *arguments):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Healthy).serve_forever()
"""


@needs_haproxy
def test_a_replica_that_keeps_crashing_is_given_up_and_the_class_goes_on(tmp_path):
    script = tmp_path / "flaky.py"
    script.write_text(CRASHES_AFTER_ITS_FIRST_LIFE)
    marker = str(tmp_path / "started-once")
    launcher = Launcher(tmp_path, replicas=2, replica_command=lambda ports: (
        "real = serve_class.replica_command; serve_class.replica_command = lambda port: "
        f"real(port) if port == {ports[0]} else "
        f"[sys.executable, {str(script)!r}, str(port), {marker!r}]"))
    try:
        launcher.wait_for_the_address()
        name = f"replica 2 (port {launcher.ports[1]})"
        os.kill(launcher.pids(name)[0], signal.SIGKILL)
        wait_until(lambda: f"{name} exited 5 times" in launcher.log(), "never given up")
        assert launcher.process.poll() is None  # the class goes on with replica 1
        assert replica_answering(launcher.url, None).startswith("PLAYGROUND_REPLICA=")
    finally:
        code = launcher.stop()
    log = launcher.log()
    assert (f"{name} exited 5 times within 60 s (last: exit code 3); not starting it again."
            in log)
    assert log.count(f"{name} started again") == 4
    assert code == 0 and "Traceback" not in log


@needs_haproxy
def test_a_class_whose_every_replica_keeps_crashing_stops_with_the_reason(tmp_path):
    launcher = Launcher(tmp_path, replicas=1, replica_command=lambda ports: (
        f"serve_class.replica_command = lambda port: {EXITS_AT_ONCE!r}"))
    code = launcher.process.wait(HANG_GUARD)
    log = launcher.log()
    assert code == 1
    assert f"replica 1 (port {launcher.first_port}) exited 5 times within 60 s (last: exit code " \
           "3); not starting it again." in log
    assert "Give the class this address" not in log and "Traceback" not in log
