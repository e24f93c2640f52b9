"""Turn-taking among many players: `python bench/turns.py [--players 60] [--rounds 20]`.

Each player is a thread that takes a turn, works a millisecond of NumPy while holding it (a
frame's training, scaled down), then sleeps until its next period, as live.run does. Prints
per implementation the process's CPU seconds and the waits that returned per turn, for
today's Turns (a bell per waiter, rung by the turn before and by a click) against the earlier
one it replaced (one condition for all, notify_all at each turn's end, and every waiter asking
give_up() every 20 ms), measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from playground.running.turns import Turns  # noqa: E402


class PollingTurns:
    """The turnstile before issue 22: one condition, notify_all, a 20-ms give_up() poll."""

    CHECK_SECONDS = 0.02

    def __init__(self):
        self._changed = threading.Condition()
        self._issued = self._serving = 0
        self._abandoned: set[int] = set()
        self.wakes = 0

    @contextlib.contextmanager
    def turn(self, give_up=None, **_ignored):
        with self._changed:
            ticket = self._issued
            self._issued += 1
            while ticket != self._serving:
                if give_up is not None and give_up():
                    self._abandoned.add(ticket)
                    break
                self._changed.wait(self.CHECK_SECONDS if give_up is not None else None)
                self.wakes += 1
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


class CountingBell(threading.Event):
    wakes = 0  # over every bell: how often a wait on one returned

    def wait(self, timeout=None):
        answer = super().wait(timeout)
        CountingBell.wakes += 1
        return answer


def play(turns, players: int, rounds: int) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, turns taken) for `players` threads taking `rounds` each."""
    work = np.random.default_rng(0).normal(size=(64, 64))
    taken = [0]
    lock = threading.Lock()

    def player():
        bell = CountingBell()
        for _ in range(rounds):
            with turns.turn(give_up=lambda: False, bell=bell, rung=True) as holding:
                if holding:
                    deadline = time.perf_counter() + 0.001
                    while time.perf_counter() < deadline:
                        work @ work
                    with lock:
                        taken[0] += 1

    threads = [threading.Thread(target=player) for _ in range(players)]
    cpu, wall = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.process_time() - cpu, time.perf_counter() - wall, taken[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"{args.players} players x {args.rounds} turns, 1 ms of work a turn")
    print(f"{'turnstile':<34} {'CPU s':>7} {'wall s':>7} {'waits/turn':>11} "
          f"{'CPU beyond the work, per turn':>30}")
    results = {}
    for name, make in (("bells (today)", Turns), ("notify_all + 20-ms poll (before)",
                                                   PollingTurns)):
        CountingBell.wakes = 0
        turns = make()
        cpu, wall, taken = play(turns, args.players, args.rounds)
        wakes = CountingBell.wakes + getattr(turns, "wakes", 0)
        beyond = max(cpu - taken * 0.001, 1e-9) / taken  # each turn works 1 ms of CPU
        results[name] = beyond
        print(f"{name:<34} {cpu:7.2f} {wall:7.2f} {wakes / taken:11.1f} "
              f"{beyond * 1e6:27.0f} µs")
    before, today = results["notify_all + 20-ms poll (before)"], results["bells (today)"]
    print(f"turn-taking's own CPU, before / today: {before / today:.1f}x")


if __name__ == "__main__":
    main()
