"""engine.search: the sampling scales the notes teach, grids, reproducibility, a real search on
the flower, coarse to fine, SQLite storage and a Dask LocalCluster giving the same trials."""

from __future__ import annotations

import math

import numpy as np
import optuna
import pytest
from scipy import stats

from engine import make_dataset, prepare, search


def draws(space: search.SearchSpace, n: int, seed: int = 0) -> list[dict]:
    """n parameter sets as the search's random sampler draws them (no training)."""
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed))
    out = []
    for _ in range(n):
        trial = study.ask()
        out.append(space.suggest(trial))
        study.tell(trial, 0.0)
    return out


@pytest.fixture(scope="module")
def flower():
    return search.split_dev(prepare(make_dataset("flower", 400, 0.2, seed=0)), seed=0)


def signature(study):
    return [(r.number, r.params, r.dev_cost) for r in search.results_of(study)]


# ---------------------------------------------------------------- sampling scales


def test_learning_rate_is_uniform_in_the_exponent():
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0))
    alpha = np.array([d["learning_rate"] for d in draws(space, 400)])
    # r = log10(α) uniform on [-4, 0], as the notes' alpha = 10**r with r = -4 * rand().
    assert stats.kstest(np.log10(alpha), stats.uniform(loc=-4, scale=4).cdf).pvalue > 0.05
    # ... and clearly not uniform in α itself (where 90% would lie in [0.1, 1]).
    assert stats.kstest(alpha, stats.uniform(loc=1e-4, scale=1 - 1e-4).cdf).pvalue < 1e-10
    assert np.mean(alpha >= 0.1) == pytest.approx(0.25, abs=0.06)


def test_beta_through_one_minus_beta_crowds_towards_one():
    space = search.SearchSpace.of(one_minus_beta=(1e-3, 1e-1))
    beta = np.array([search.hyperparameters(d)["beta"] for d in draws(space, 400)])
    assert beta.min() >= 0.9 and beta.max() <= 0.999
    # Half the samples in [0.99, 0.999] (each decade of 1 - β alike); a uniform β puts 1/11
    # there. The median is 1 - 10^-2.
    assert np.mean(beta >= 0.99) == pytest.approx(0.5, abs=0.07)
    assert np.median(beta) == pytest.approx(0.99, abs=0.002)


def test_batch_sizes_are_powers_of_two():
    space = search.SearchSpace.of(batch_power=(4, 7))
    sizes = {search.hyperparameters(d)["batch_size"] for d in draws(space, 60)}
    assert sizes == {16, 32, 64, 128}


def test_grid_sizes():
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), units=(1, 16),
                                  keep_prob=(0.5, 1.0))
    grid = space.grid(5)
    assert grid["learning_rate"] == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    assert grid["units"] == [1, 5, 8, 12, 16]  # linspace(1, 16, 5) rounded
    assert grid["keep_prob"] == [0.5, 1.0]
    assert space.grid_size(5) == 5 * 5 * 2
    assert search.SearchSpace.of(units=(1, 2)).grid_size(5) == 2  # no repeated integers


def test_a_grid_search_runs_every_point_once(flower):
    space = search.SearchSpace.of(learning_rate=(1e-3, 1.0), units=(2, 4))
    config = search.SearchConfig(space, method="grid", n_trials=50, epochs=1, grid_points=3)
    assert config.planned_trials == 9
    study = search.run_search(config, flower, n_jobs=1)
    points = {(t.params["learning_rate"], t.params["units"]) for t in study.trials}
    assert len(study.trials) == len(points) == 9


def test_bad_ranges_are_refused_with_a_message():
    with pytest.raises(ValueError, match="low < high"):
        search.SearchSpace.of(learning_rate=(1.0, 1e-4))
    with pytest.raises(ValueError, match="within"):
        search.SearchSpace.of(units=(1, 500))
    with pytest.raises(ValueError, match="at most|1 to 200"):
        search.SearchConfig(n_trials=201)
    with pytest.raises(ValueError, match="2,000"):
        search.SearchConfig(epochs=2001)


# ---------------------------------------------------------------- a trial, a search


def test_dev_set_is_cut_from_the_training_examples_only():
    dataset = prepare(make_dataset("flower", 400, 0.2, seed=0))
    data = search.split_dev(dataset, seed=0)
    assert data.X_train.shape[1] + data.m_dev == dataset.m_train == 200
    assert data.m_dev == 50
    train_columns = {tuple(c) for c in dataset.X_train.T}
    assert {tuple(c) for c in data.X_test.T} <= train_columns  # the test set is untouched


def test_the_same_seed_gives_the_same_trials_and_best(flower):
    for method in ("random", "tpe"):
        config = search.SearchConfig(n_trials=12, epochs=10, seed=3, method=method)
        first = search.run_search(config, flower, n_jobs=1)
        again = search.run_search(config, flower, n_jobs=1)
        assert signature(first) == signature(again)
        assert first.best_trial.number == again.best_trial.number
    other = search.run_search(search.SearchConfig(n_trials=12, epochs=10, seed=4), flower,
                              n_jobs=1)
    assert signature(other) != signature(first)


def test_a_small_search_on_the_flower_finds_a_clearly_better_trial(flower):
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), units=(1, 12))
    config = search.SearchConfig(space, n_trials=10, epochs=100, seed=0)
    results = search.results_of(search.run_search(config, flower, n_jobs=1))
    costs = [r.dev_cost for r in results if r.dev_cost is not None]
    assert len(costs) == 10
    # Measured: best 0.43 (α ≈ 0.7, 5 units), worst 0.73 (α ≈ 1e-4: hardly moved from ln 2).
    assert min(costs) < 0.7 * max(costs)
    best = min(results, key=lambda r: r.dev_cost)
    assert best.hyperparameters["learning_rate"] > 0.01
    assert best.dev_curve[-1] == best.dev_cost and best.epochs[-1] == 100


def test_a_diverging_trial_fails_and_the_search_goes_on(flower):
    space = search.SearchSpace.of(learning_rate=(5.0, 10.0))
    base = {**search.BASE, "optimizer": "gd", "activation": "relu", "units": 16}
    config = search.SearchConfig(space, n_trials=2, epochs=30, base=base)
    study = search.run_search(config, flower, n_jobs=1)
    states = [t.state for t in study.trials]
    results = search.results_of(study)
    assert len(results) == 2
    for state, result in zip(states, results, strict=True):
        assert (state == optuna.trial.TrialState.FAIL) == bool(result.diverged)


def test_stop_ends_the_search_between_batches(flower):
    seen = []
    config = search.SearchConfig(n_trials=10, epochs=2)
    study = search.run_search(config, flower, n_jobs=1, on_trial=seen.append,
                              stop=lambda: len(seen) >= 3)
    assert len(study.trials) == len(seen) == 3


def test_worker_processes_give_the_same_trials(flower):
    config = search.SearchConfig(n_trials=4, epochs=10, seed=5)
    local = search.run_search(config, flower, n_jobs=1)
    pooled = search.run_search(config, flower, n_jobs=2, nice=search.WORKER_NICE)
    assert [(r.params, r.dev_cost) for r in search.results_of(local)] == [
        (r.params, pytest.approx(r.dev_cost, rel=1e-9)) for r in search.results_of(pooled)]


def test_a_sqlite_study_is_carried_on_between_visits(flower, tmp_path):
    url = f"sqlite:///{tmp_path / 'tuning.db'}"
    config = search.SearchConfig(n_trials=3, epochs=2, seed=0)
    search.run_search(config, flower, storage=url, study_name="lab", n_jobs=1)
    study = search.run_search(config, flower, storage=url, study_name="lab", n_jobs=1)
    results = search.results_of(study)
    assert len(results) == 6
    # The resumed sampler moved its seed on: no trial repeats the first visit's.
    params = [tuple(sorted(r.params.items())) for r in results]
    assert len(set(params)) == 6
    assert results[0].dev_curve and results[0].hyperparameters["optimizer"] == "momentum"


# ---------------------------------------------------------------- coarse to fine


def test_zoom_narrows_every_range_around_the_best(flower):
    space = search.DEFAULT_SPACE
    config = search.SearchConfig(space, n_trials=12, epochs=20, seed=0)
    results = search.results_of(search.run_search(config, flower, n_jobs=1))
    finer = search.zoom(space, results)
    best = search.best_results(results)[0]
    assert finer.names == space.names
    for old, new in zip(space.dimensions, finer.dimensions, strict=True):
        value = best.params[old.name]
        assert old.low <= new.low <= value <= new.high <= old.high
        width = old.scaled(old.high) - old.scaled(old.low)
        assert new.scaled(new.high) - new.scaled(new.low) <= width / 2 + 1, old.name
        if old.kind == "float":
            assert new.scaled(new.high) - new.scaled(new.low) <= width / 2 + 1e-9
    # A second search in the finer space samples inside it only.
    again = search.run_search(search.SearchConfig(finer, n_trials=4, epochs=1, seed=1),
                              flower, n_jobs=1)
    for trial in again.trials:
        alpha = trial.params["learning_rate"]
        assert finer["learning_rate"].low <= alpha <= finer["learning_rate"].high


def test_zoom_keeps_the_choices_the_best_trials_used():
    space = search.SearchSpace.of(keep_prob=(0.5, 0.8, 1.0), learning_rate=(1e-4, 1.0))
    results = [search.TrialResult(i, {"keep_prob": kp, "learning_rate": a}, {}, cost, None, None)
               for i, (kp, a, cost) in enumerate([(1.0, 0.1, 0.2), (0.5, 1e-4, 0.7),
                                                  (0.8, 1e-3, 0.6), (0.5, 1e-2, 0.5)])]
    finer = search.zoom(space, results)  # the best quarter: trial 0 alone
    assert finer["keep_prob"].choices == (1.0,)
    lr = finer["learning_rate"]
    assert lr.low <= 0.1 <= lr.high
    assert math.log10(lr.high) - math.log10(lr.low) <= 2 + 1e-9  # half of 4 decades


def test_zoom_takes_each_range_from_the_trials_that_sampled_it():
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), units=(1, 16))
    results = [search.TrialResult(0, {"learning_rate": 0.1}, {}, 0.2, None, None),  # older space
               search.TrialResult(1, {"learning_rate": 1e-3, "units": 12}, {}, 0.5, None, None)]
    finer = search.zoom(space, results, share=1.0)
    assert finer["units"].low <= 12 <= finer["units"].high
    assert finer["units"].high - finer["units"].low <= 8
    # α: both trials span 2 of 4 decades (+ margin), more than half: half the range is kept,
    # centred on the best trial's 0.1 (10^-2 to 10^0).
    assert (finer["learning_rate"].low, finer["learning_rate"].high) == pytest.approx((0.01, 1.0))


def test_zoom_without_a_finished_trial_says_so():
    with pytest.raises(ValueError, match="no trial finished"):
        search.zoom(search.DEFAULT_SPACE, [])


# ---------------------------------------------------------------- Dask


def test_a_dask_local_cluster_gives_the_same_trials(flower):
    distributed = pytest.importorskip("distributed")
    config = search.SearchConfig(n_trials=12, epochs=10, seed=2, method="tpe")
    local = search.run_search(config, flower, n_jobs=2, backend="threading")
    # processes=False: the scheduler and workers talk in-process (no socket opens at all).
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        remote = search.run_search(config, flower, n_jobs=2, backend="dask")
    # TPE's last two trials depend on the first ten's costs: the same trials throughout
    # means the costs came back the same, in the same order.
    assert signature(remote) == signature(local)
    assert len(signature(remote)) == 12


def test_the_engine_search_imports_no_page_or_plotting_library():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, engine.search; print(','.join(m for m in ('streamlit', 'plotly', "
            "'altair', 'matplotlib') if m in sys.modules))")
    root = Path(__file__).resolve().parent.parent
    loaded = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == ""
