"""Tuning-lab search throughput: the same 20-trial random search on the flower, in this process
and in two joblib worker processes (loky), and what the best trial reached. Prints figures;
asserts nothing (a shared machine's timings vary)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import make_dataset, prepare, search  # noqa: E402

data = search.split_dev(prepare(make_dataset("flower", 400, noise=0.2, seed=0)), seed=0)
config = search.SearchConfig(n_trials=20, epochs=100, seed=0)
print(f"flower 400 points: train {data.X_train.shape[1]}, dev {data.m_dev}; "
      f"{config.n_trials} trials x {config.epochs} epochs, space {', '.join(config.space.names)}")
search.run_search(search.SearchConfig(n_trials=2, epochs=1), data, n_jobs=2)  # start the workers
for n_jobs in (1, 2):
    started = time.perf_counter()
    study = search.run_search(config, data, n_jobs=n_jobs)
    seconds = time.perf_counter() - started
    results = search.results_of(study)
    costs = sorted(r.dev_cost for r in results if r.dev_cost is not None)
    print(f"n_jobs={n_jobs}: {seconds:.2f} s ({seconds / len(results) * 1000:.0f} ms a trial); "
          f"dev cost best {costs[0]:.3f}, worst {costs[-1]:.3f}")
