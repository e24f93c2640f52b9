"""How long each data set takes to generate and prepare at the largest size (10,000 points).

The budget is "well under 50 ms". Each figure is the median of several runs after one
warm-up, and is also given as a ratio against two peers timed in the same run, so a slow
machine does not look like a slow generator:

    floor   np.random.default_rng(0).standard_normal((2, n))  (drawing the numbers at all)
    moons   sklearn.datasets.make_moons(n, noise=0.1)          (a library generator)

Run: python bench/datasets.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.csv_data import load_csv  # noqa: E402
from engine.datasets import DATASETS, make_dataset  # noqa: E402
from engine.features import FEATURES  # noqa: E402
from engine.prepare import prepare  # noqa: E402

N = 10_000
RUNS = 21
BUDGET_MS = 50.0


def median_ms(task, runs: int = RUNS) -> float:
    """Median wall time of task() in milliseconds, after one untimed warm-up call."""
    task()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def cold_digits_ms() -> float:
    """First digits call of a process: reading scikit-learn's bundled file (then cached)."""
    from engine import datasets

    datasets._digit_images.cache_clear()
    start = time.perf_counter()
    make_dataset("digits", n=N)
    return 1e3 * (time.perf_counter() - start)


def main() -> None:
    from sklearn.datasets import make_moons

    floor = median_ms(lambda: np.random.default_rng(0).standard_normal((2, N)))
    moons = median_ms(lambda: make_moons(N, noise=0.1, random_state=0))
    print(f"n = {N:,}, median of {RUNS} runs, budget {BUDGET_MS:.0f} ms")
    print(f"peers: floor (rng.standard_normal) {floor:.3f} ms, sklearn make_moons {moons:.3f} ms\n")
    print(f"{'data set':18} {'generate ms':>11} {'× floor':>8} {'× moons':>8} {'prepare ms':>11}")
    worst = 0.0
    for name, info in DATASETS.items():
        k = 5 if info.class_choices else None
        generate = median_ms(lambda name=name, k=k: make_dataset(name, N, 0.2, 1, k))
        raw = make_dataset(name, N, 0.2, 1, k)
        # The heaviest preparation: all nine features (ignored by digits).
        ready = median_ms(lambda raw=raw: prepare(raw, FEATURES, True, 0.5, 0))
        worst = max(worst, generate)
        print(
            f"{name:18} {generate:11.3f} {generate / floor:8.1f} {generate / moons:8.2f} "
            f"{ready:11.3f}"
        )
    print(f"\ndigits, first call in a process (reads the file): {cold_digits_ms():.1f} ms")
    rows = "\n".join(f"{i * 0.01:.2f},{(i % 97) * 0.1:.1f},{'ab'[i % 2]}" for i in range(N))
    csv_text = "x,y,label\n" + rows + "\n"
    print(f"load_csv of a {N:,}-row file ({len(csv_text) / 1024:.0f} KB): "
          f"{median_ms(lambda: load_csv(csv_text), runs=5):.1f} ms")
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(f"slowest generator {worst:.3f} ms: {verdict} the {BUDGET_MS:.0f} ms budget")


if __name__ == "__main__":
    main()
