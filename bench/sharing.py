"""Sharing the server, measured in the server: `python bench/sharing.py [--seconds 10]`.

Two students play at once in one process, as on the real server (one Python process, one GIL,
the page's own playing loop `live.run` in one thread per session): one at the maximum settings
(10,000 points, 90% training, batch size 1, all 9 features, 8 hidden layers of 64 units), one
on the default circle. Prints each one's frames/s, training steps/s and epochs/s, and the
longest wait between two of its frames (issue 8: a frame every few hundred ms whatever the
other one chose). The default student alone is measured first, for comparison.

No browser: bench/browser.py --two-players measures the same in Chromium, where on a 2-core box
the browser's own rendering of the heavy page's frames competes with the server as well.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
logging.getLogger("streamlit").setLevel(logging.ERROR)

import engine  # noqa: E402
from playground import live  # noqa: E402
from playground.session.state import Session  # noqa: E402

MAXIMUM = {"n_points": 10_000, "train_ratio": 90, "batch_size": 1,
           "features": list(engine.FEATURES),
           "layers": [{"units": 64, "activation": "tanh"}] * 8}


class TimedSlot:
    """Stands in for the page's st.markdown slot: notes when each frame was sent."""

    def __init__(self):
        self.times: list[float] = []

    def markdown(self, html, unsafe_allow_html=False):
        self.times.append(time.perf_counter())


def play(sessions: dict[str, Session], seconds: float) -> dict[str, dict]:
    slots = {name: TimedSlot() for name in sessions}
    start = {name: (s.net.steps_done, s.net.epochs_done) for name, s in sessions.items()}
    threads = []
    for name, session in sessions.items():
        session.playing = True
        thread = threading.Thread(target=live.run, args=(session, slots[name], TimedSlot()))
        thread.start()
        threads.append(thread)
    began = time.perf_counter()
    time.sleep(seconds)
    ended = time.perf_counter()
    for session in sessions.values():
        session.playing = False
    for thread in threads:
        thread.join()
    result = {}
    for name, session in sessions.items():
        times = [t for t in slots[name].times if began <= t <= ended]
        steps0, epochs0 = start[name]
        result[name] = {
            "frames_per_s": len(times) / (ended - began),
            "steps_per_s": (session.net.steps_done - steps0) / (ended - began),
            "epochs_per_s": (session.net.epochs_done - epochs0) / (ended - began),
            "longest_wait_ms": 1000 * max((b - a for a, b in zip(times, times[1:],
                                                                  strict=False)), default=0.0),
        }
    return result


def show(label: str, r: dict) -> None:
    print(f"  {label:<17} {r['frames_per_s']:6.1f} frames/s  {r['steps_per_s']:9.0f} steps/s  "
          f"{r['epochs_per_s']:7.1f} epochs/s  longest wait between frames "
          f"{r['longest_wait_ms']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    seconds = parser.parse_args().seconds
    alone = play({"light": Session()}, seconds)
    print("one student, default circle:")
    show("default circle", alone["light"])
    both = play({"heavy": Session(MAXIMUM), "light": Session()}, seconds)
    print("two students, one at maximum settings (10,000 points, batch 1, 9 features, 8 x 64):")
    show("maximum settings", both["heavy"])
    show("default circle", both["light"])


if __name__ == "__main__":
    main()
