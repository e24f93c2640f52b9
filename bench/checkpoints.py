"""What checkpointing costs a class: `python bench/checkpoints.py [--students 45]`.

A playing run is checkpointed every kept_runs.CHECKPOINT_SECONDS (issue 26): the page's
network document built under the session's lock (kept_runs.document: engine.to_json), then
compressed and written to the shared store (SQLite in a temporary file, as on one machine).
For a typical run (the default circle, its curves' history full) and a large one (8 hidden
layers of 64 units, all 9 features, Adam, 10,000 points), and a run on an uploaded CSV (its
file is written once, then only looked up by digest), this prints the CPU time of one
checkpoint, its size, the same CPU time in training steps of that network (measured in the
same run), and what `--students` students playing such runs cost as a % of one core: with a
checkpoint every CHECKPOINT_SECONDS, and as the page paces them (kept_runs.interval: a costly
checkpoint waits longer, so a replica spends at most CPU_SHARE; target: 3 % for the class).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
logging.getLogger("streamlit").setLevel(logging.ERROR)

import engine  # noqa: E402
from playground.running import kept_runs  # noqa: E402
from playground.server import checkpoints  # noqa: E402
from playground.session.state import Session  # noqa: E402

LARGE = {"n_points": 10_000, "train_ratio": 90, "batch_size": 10, "optimizer": "adam",
         "features": list(engine.FEATURES),
         "layers": [{"units": 64, "activation": "tanh"}] * 8}
CSV = ("area,rooms,age,price\n" + "\n".join(
    f"{50 + (i * 37) % 900},{1 + i % 5},{i % 40},{100_000 + 2_500 * (i % 300)}"
    for i in range(5000)) + "\n").encode()


def played(values: dict, steps: int, csv: bytes | None = None) -> Session:
    """A session after `steps` mini-batches: its cost history as long as a lecture's."""
    session = Session(values)
    if csv is not None:
        session.use_csv("prices.csv", csv)
    session.train_for(1e9, max_steps=steps)
    return session


def cpu_per_call(action, repeats: int) -> float:
    action()  # the first call: the store's tables, the file's first write
    start = time.process_time()
    for _ in range(repeats):
        action()
    return (time.process_time() - start) / repeats


def measure(name: str, session: Session, store, students: int, replicas: int,
            repeats: int) -> float:
    token = checkpoints.new_token()
    csv = session.csv.content if session.csv is not None else None

    def checkpoint():
        store.save(token, kept_runs.document(session), session.net.epochs_done, csv)

    seconds = cpu_per_call(checkpoint, repeats)
    size = len(zlib.compress(kept_runs.document(session), 1))  # as the store keeps it
    step = cpu_per_call(session.trainer.step, 200)
    every_few = seconds * students / kept_runs.CHECKPOINT_SECONDS
    players = math.ceil(students / replicas)  # per process: the page's interval sees these
    wait = kept_runs.interval(seconds, players)
    paced = seconds * students / wait
    print(f"{name:<32} {seconds * 1e3:6.1f} ms CPU {size / 1024:6.0f} kB  "
          f"= {seconds / step:4.0f} steps | every {kept_runs.CHECKPOINT_SECONDS:g} s: "
          f"{100 * every_few:5.1f} % | paced, every {wait:4.1f} s: {100 * paced:4.2f} %")
    return paced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=45)
    parser.add_argument("--replicas", type=int, default=2, help="processes sharing the class")
    parser.add_argument("--repeats", type=int, default=30)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = checkpoints.CheckpointStore(f"sqlite:///{folder}/checkpoints.db")
        print(f"{arguments.students} students playing, {arguments.replicas} replicas, SQLite "
              f"store; CPU of one checkpoint (mean of {arguments.repeats}), its size, the same "
              "CPU in training steps,\nand the class's checkpoints as a % of one core: every "
              f"{kept_runs.CHECKPOINT_SECONDS:g} s, and as the page paces them "
              f"(kept_runs.interval, at most {100 * kept_runs.CPU_SHARE:g} % per replica)")
        shares = {
            "typical (default circle)": measure(
                "typical (default circle)", played({}, 20_000), store, arguments.students,
                arguments.replicas, arguments.repeats),
            "large (8 x 64 tanh, Adam, 9 in)": measure(
                "large (8 x 64 tanh, Adam, 9 in)", played(LARGE, 3_000), store,
                arguments.students, arguments.replicas, arguments.repeats),
            "uploaded CSV (5,000 rows)": measure(
                "uploaded CSV (5,000 rows)", played({}, 5_000, CSV), store,
                arguments.students, arguments.replicas, arguments.repeats),
        }
    worst = max(shares, key=shares.get)
    print(f"\nall {arguments.students} students on the costliest ({worst}), as paced: "
          f"{100 * shares[worst]:.2f} % of one core (target <= 3 %)")


if __name__ == "__main__":
    main()
