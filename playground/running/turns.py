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

    A waiting session can give up its place (`give_up`: the student clicked, or closed the
    tab): with 15 players a place in the queue is up to a period away, and a click must not
    wait for it before its own script run can start."""

    CHECK_SECONDS = 0.02  # how often a waiting session asks give_up()

    def __init__(self):
        self._changed = threading.Condition()
        self._issued = 0
        self._serving = 0
        self._abandoned: set[int] = set()

    @property
    def issued(self) -> int:
        """How many turns were asked for so far (a test waits on it, not on the clock)."""
        with self._changed:
            return self._issued

    @contextlib.contextmanager
    def turn(self, give_up=None):
        """Wait for this thread's turn; yields True holding it, or False (holding nothing)
        once give_up() is true while waiting."""
        with self._changed:
            ticket = self._issued
            self._issued += 1
            while ticket != self._serving:
                if give_up is not None and give_up():
                    self._abandoned.add(ticket)  # the turn before this one skips it
                    break
                self._changed.wait(self.CHECK_SECONDS if give_up is not None else None)
            holding = ticket == self._serving
        if not holding:
            yield False
            return
        try:
            yield True
        finally:
            with self._changed:
                self._serving += 1
                while self._serving in self._abandoned:
                    self._abandoned.discard(self._serving)
                    self._serving += 1
                self._changed.notify_all()


TURNS = Turns()
