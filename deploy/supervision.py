"""Keeps a class's processes running (deploy/serve_class.py): a child that exits is logged and
started again with the same command, so on the same port, and one that keeps crashing (5 exits
within a minute) is given up with a clear message instead of being restarted forever.

A replica never exits by itself while it serves, so every exit counts as a crash. One thread
checks the children every 0.2 s; `check()` is one such round, which tests may call directly.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import signal
import subprocess
import threading
import time
import urllib.request

CRASH_LIMIT = 5
CRASH_WINDOW_SECONDS = 60.0
CHECK_SECONDS = 0.2

log = logging.getLogger("serve_class")


def answers(health_url: str) -> bool:
    """The child's health check answers 200 (a refused connection fails at once)."""
    try:
        with urllib.request.urlopen(health_url, timeout=1):
            return True
    except OSError:
        return False


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


@dataclasses.dataclass
class _Child:
    name: str
    command: list[str]
    health_url: str | None
    crashes: collections.deque = dataclasses.field(default_factory=collections.deque)
    down_since: float | None = None  # exited and started again; not answering yet


class Supervisor:
    """Children started with `add` + `start`; `processes[i]` is child i's current process."""

    def __init__(self, cwd=None, env=None, output=None, crash_limit: int = CRASH_LIMIT,
                 window: float = CRASH_WINDOW_SECONDS, clock=time.monotonic):
        self.processes: list[subprocess.Popen | None] = []
        self.gave_up: dict[int, str] = {}  # child index -> the message that said so
        self.news = threading.Event()  # set when a child is given up
        self._children: list[_Child] = []
        self._popen = {"cwd": cwd, "env": env, "stdout": output, "stderr": output}
        self._limit, self._window, self._clock = crash_limit, window, clock
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, name: str, command: list[str], health_url: str | None = None) -> int:
        self._children.append(_Child(name, command, health_url))
        self.processes.append(None)
        return len(self._children) - 1

    def start(self) -> None:
        """Starts every child not yet started, and the thread that watches them."""
        for index, process in enumerate(self.processes):
            if process is None:
                self.start_one(index)
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
            self._thread.start()

    def start_one(self, index: int) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self._spawn(index, again=False)

    def _spawn(self, index: int, again: bool) -> None:
        child = self._children[index]
        # Its own session: a Ctrl-C in the terminal reaches the launcher only, which stops the
        # children itself; otherwise they would exit at once and be taken for crashes.
        process = subprocess.Popen(child.command, start_new_session=True, **self._popen)
        self.processes[index] = process
        log.info("%s %s, pid %d", child.name, "started again" if again else "started",
                 process.pid)

    def check(self) -> None:
        """One round: an exited child is logged and started again, or given up."""
        with self._lock:
            if self._stopping.is_set():
                return
            for index, process in enumerate(self.processes):
                if process is None or index in self.gave_up:
                    continue
                child = self._children[index]
                code = process.poll()  # also reaps it: no <defunct> left behind
                if code is None:
                    self._note_answering(child)
                    continue
                self._crashed(index, child, code)

    def _crashed(self, index: int, child: _Child, code: int) -> None:
        now = self._clock()
        child.crashes.append(now)
        while child.crashes and child.crashes[0] < now - self._window:
            child.crashes.popleft()
        if len(child.crashes) >= self._limit:
            message = (f"{child.name} exited {len(child.crashes)} times within "
                       f"{self._window:.0f} s (last: {describe_exit(code)}); not starting it "
                       f"again. Its own output above says why.")
            log.error("%s", message)
            self.gave_up[index] = message
            self.news.set()
            return
        log.warning("%s exited (%s); starting it again", child.name, describe_exit(code))
        child.down_since = child.down_since or now
        self._spawn(index, again=True)

    def _note_answering(self, child: _Child) -> None:
        if child.down_since is not None and child.health_url and answers(child.health_url):
            log.info("%s answers again, %.1f s after it exited", child.name,
                     self._clock() - child.down_since)
            child.down_since = None

    def _watch(self) -> None:
        while not self._stopping.wait(CHECK_SECONDS):
            self.check()

    def stop(self) -> None:
        """Stops watching, then every child (terminate, then kill after 10 s)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            stop_processes([p for p in self.processes if p is not None])


def stop_processes(processes: list[subprocess.Popen]) -> None:
    """Terminate each, then kill one still running after 10 s; all reaped."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
