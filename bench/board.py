"""A class on the board: `python bench/board.py [--students 60] [--seconds 60] [--flood]`.

`--students` simulated students in `--processes` processes (threads inside each, as replicas
serve tabs) submit to one challenge through the storage layer (challenges.BoardStore.submit:
the challenge read, the limits checked, one conditional upsert), each also writing its
"still here" row, while one board (another process) reads the whole board about once a
second, as the page's fragment does every 3 s. The store is the default: SQLite in a file
(WAL), here a temporary one. Paced (the default), every student submits as the page lets it,
once per challenges.SUBMIT_SECONDS; `--flood` drops the pace (each student's clock is moved
on by hand), to see what the store holds at most.

Prints submissions per second held, the board's refresh time (median, 95th percentile,
worst), failures, and whether nothing was lost: every student's last accepted entry is the
row the board shows (count in = count on the board).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
logging.getLogger("streamlit").setLevel(logging.ERROR)

from playground.session import challenges  # noqa: E402
from playground.session.challenges import Goal, Limits, Measured, Player  # noqa: E402

SETUP = {"dataset": "gaussians", "learning_rate": "0.3", "run_epochs": "50"}


class HandClock:
    """--flood: each submission moves the student's clock past the pace."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        self.now += challenges.SUBMIT_SECONDS
        return self.now


def students(url: str, challenge_id: str, indices: list[int], seconds: float, flood: bool,
             results) -> None:
    """One process: a thread per student, each submitting better runs until the time is up."""
    store = challenges.BoardStore(url)
    values = store.get(challenge_id).values()
    out = {}

    def one(index: int) -> None:
        player = Player(nickname=f"student {index}", clock=HandClock() if flood
                        else time.monotonic)
        accepted, last, failed = 0, None, {}
        end = time.monotonic() + seconds
        k = 0
        while time.monotonic() < end:
            k += 1
            metric = 1 - 0.5 / (1 + k) - 1e-9 * index  # better every time; 0.9 from k = 4
            measured = Measured(1 - metric, metric, 1 + k % 40, 25, dict(values),
                                f"{index}:{k}")
            try:
                store.seen(challenge_id, player, playing=True)
                store.submit(challenge_id, challenge_id, player, measured)
                accepted, last = accepted + 1, metric
            except Exception as problem:  # a refusal, a locked database: counted by kind
                kind = f"{type(problem).__name__}: {str(problem)[:70]}"
                failed[kind] = failed.get(kind, 0) + 1
            if not flood:
                time.sleep(max(player.last_submit + challenges.SUBMIT_SECONDS
                               - time.monotonic(), 0.0))
        out[index] = (accepted, last, failed)

    threads = [threading.Thread(target=one, args=(i,)) for i in indices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--flood", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'board.db'}"
        store = challenges.BoardStore(url)
        challenge, key = store.create(SETUP, Goal("test_accuracy", 0.9, 50), Limits())
        results = multiprocessing.Queue()
        groups = [list(range(args.students))[p::args.processes] for p in range(args.processes)]
        workers = [multiprocessing.Process(target=students, args=(
            url, challenge.id, group, args.seconds, args.flood, results)) for group in groups]
        started = time.monotonic()
        for w in workers:
            w.start()
        refreshes = []
        while any(w.is_alive() for w in workers) and results.qsize() < len(workers):
            t = time.perf_counter()
            board = store.board(challenge.id, key)
            refreshes.append(time.perf_counter() - t)
            time.sleep(max(1.0 - (time.perf_counter() - t), 0.0))
        merged = {}
        for _ in workers:
            merged.update(results.get())
        for w in workers:
            w.join()
        elapsed = time.monotonic() - started
        board = store.board(challenge.id, key)
    accepted = sum(a for a, _, _ in merged.values())
    kinds = {}
    for _, _, problems in merged.values():
        for kind, count in problems.items():
            kinds[kind] = kinds.get(kind, 0) + count
    failed = sum(kinds.values())
    expected = {f"student {i}": last for i, (_, last, _) in merged.items() if last is not None}
    shown = {e.nickname: e.metric for e in board.entries}
    refreshes.sort()
    for name in sorted(set(expected) | set(shown)):
        if expected.get(name) != shown.get(name):
            print(f"  lost: {name} sent {expected.get(name)!r}, the board shows "
                  f"{shown.get(name)!r}")
    mode = "flood (no pace)" if args.flood else f"paced (1 per {challenges.SUBMIT_SECONDS:g} s)"
    print(f"{args.students} students in {args.processes} processes, {mode}, {elapsed:.0f} s")
    each = sorted(a for a, _, _ in merged.values())
    print(f"  submissions accepted: {accepted:,} = {accepted / elapsed:.1f}/s (per student: "
          f"{each[0]:,} to {each[-1]:,}, median {statistics.median(each):,.0f}); "
          f"refused or failed: {failed:,}")
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1]):
        print(f"    {count:,} x {kind}")
    print(f"  board refresh ({len(refreshes)} reads, {len(board.entries)} rows): median "
          f"{1e3 * statistics.median(refreshes):.1f} ms, p95 "
          f"{1e3 * refreshes[int(0.95 * (len(refreshes) - 1))]:.1f} ms, worst "
          f"{1e3 * refreshes[-1]:.1f} ms")
    print(f"  count in = {len(expected)} students with an entry; on the board: "
          f"{len(shown)}; every last entry shown: {shown == expected}; "
          f"connected {board.connected}, met the goal {board.met}")


if __name__ == "__main__":
    main()
