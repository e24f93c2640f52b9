"""Turn-taking for the CPU among everything that trains while the page plays: the live loop
(`live.run`) and a comparison's live training both register as players and train in turns.
Below both of them, so neither borrows the other's machinery (issue 23)."""

from __future__ import annotations

import contextlib
import threading


class Players:
    """Which sessions are playing right now (thread-safe: one thread per session)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._ids: set[int] = set()

    @contextlib.contextmanager
    def playing(self, session_id: int):
        with self._lock:
            self._ids.add(session_id)
        try:
            yield
        finally:
            with self._lock:
                self._ids.discard(session_id)

    def count(self) -> int:
        with self._lock:
            return max(len(self._ids), 1)


PLAYERS = Players()


class Turns:
    """A first-come, first-served turnstile for the CPU: one playing session trains and draws
    at a time, the others wait without spinning. All sessions share one process (one GIL), so
    this loses no throughput, and n players each get about 1/n of it, in turn.

    Each waiter sleeps on its own bell, and the turn that ends rings only the next one's (with
    60 players, a turn used to wake all 59). A waiting session can give up its place
    (`give_up`: the student clicked, or closed the tab): with 15 players a place in the queue is
    up to a period away, and a click must not wait for it before its own script run can start.
    A waiter whose bell also rings when give_up() may have changed (`rung=True`: Streamlit's
    rerun and stop requests ring it, streamlit_internals.ring_on_request) never polls; others
    ask give_up() every CHECK_SECONDS."""

    CHECK_SECONDS = 0.02  # how often a waiter whose bell nothing else rings asks give_up()

    def __init__(self):
        self._lock = threading.Lock()
        self._issued = 0
        self._serving = 0
        self._abandoned: set[int] = set()
        self._bells: dict[int, threading.Event] = {}  # waiting ticket -> its waiter's bell

    @property
    def issued(self) -> int:
        """How many turns were asked for so far (a test waits on it, not on the clock)."""
        with self._lock:
            return self._issued

    @property
    def waiting(self) -> int:
        """How many sessions wait for a turn now."""
        with self._lock:
            return len(self._bells)

    def _wait_for(self, ticket: int, give_up, bell: threading.Event, rung: bool) -> bool:
        """Sleep on `bell` until `ticket` is served (True) or give_up() (False)."""
        while True:
            with self._lock:
                if ticket == self._serving:
                    self._bells.pop(ticket, None)
                    return True
                if give_up is not None and give_up():
                    self._abandoned.add(ticket)  # the turn before this one skips it
                    self._bells.pop(ticket, None)
                    return False
            bell.wait(None if give_up is None or rung else self.CHECK_SECONDS)
            bell.clear()

    @contextlib.contextmanager
    def turn(self, give_up=None, bell: threading.Event | None = None, rung: bool = False):
        """Wait for this thread's turn; yields True holding it, or False (holding nothing)
        once give_up() is true while waiting. bell: the waiter's own event (rung=True: it is
        also rung when give_up() may have become true)."""
        bell = bell or threading.Event()
        bell.clear()
        with self._lock:
            ticket = self._issued
            self._issued += 1
            self._bells[ticket] = bell
        if not self._wait_for(ticket, give_up, bell, rung):
            yield False
            return
        try:
            yield True
        finally:
            with self._lock:
                self._serving += 1
                while self._serving in self._abandoned:
                    self._abandoned.discard(self._serving)
                    self._serving += 1
                following = self._bells.get(self._serving)
            if following is not None:
                following.set()


TURNS = Turns()
