"""Hyperparameter search the course's way, on Optuna: random sampling on the right scale, a grid
to compare with, TPE as what practitioners use next, coarse to fine. Works from a notebook:

    from engine import make_dataset, prepare, search
    data = search.split_dev(prepare(make_dataset("flower", 400, 0.2)), seed=0)
    config = search.SearchConfig(search.SearchSpace.of(learning_rate=(1e-4, 1.0),
                                                       units=(1, 16)), n_trials=20, epochs=100)
    study = search.run_search(config, data)              # joblib, two worker processes
    best = search.results_of(study)[study.best_trial.number]

The scales are the notes': α and λ are 10^r with r uniform (``log=True``); β is 1 - 10^r, so
1 - β is log-uniform and the samples crowd towards 1 where β matters most; the mini-batch size
is 2^k; units and layers are uniform integers; keep_prob and the decay rate are choices.

Each trial trains a fresh network (the study's seed: the same starting weights for every
trial, so only the hyperparameters differ) on the training part for a fixed number of epochs
and is scored by its cost on a dev set cut from the training examples: the test set is never
looked at while searching. A trial is a pure function of its job, so the same seed gives the
same trials wherever they run (one process, joblib's worker processes, a Dask cluster).

Trials are asked in batches of ``n_jobs`` with Optuna's ask/tell, trained in parallel and told
in order; ``stop()`` is checked between batches. The study lives in Optuna's storage: in
memory by default, or any RDB URL (``sqlite:///tuning.db``, ``postgresql://...``).

A search can die mid-way (its process killed, a replica restarted): its trials would stay
RUNNING for ever and count in the study. In an RDB storage every running trial has Optuna's
heartbeat (RDBStorage's heartbeat_interval and grace_period, recorded by this module while a
batch trains, as ask/tell gets none of its own) and says which process runs it; opening a study
(``create_study``, ``open_study``) ends as FAIL the trials whose heartbeat stopped longer than
the grace period ago (``optuna.storages.fail_stale_trials``) and, at once, those whose process
on this host is gone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import os
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import joblib
import numpy as np
import optuna

from engine.prepare import split_indices
from engine.spec import MAX_HIDDEN_LAYERS, MAX_UNITS, OPTIMIZER_READS, OUTPUT_OF_PROBLEM
from engine.training import Trainer

# Per search on a shared server: at most this many trials, each at most this many epochs.
MAX_TRIALS = 200
MAX_EPOCHS = 2000
MAX_BATCH_POWER = 10  # mini-batches of at most 2^10 = 1024 examples
DEV_SHARE = 0.25  # of the training examples, held out as the dev set
CURVE_POINTS = 200  # a trial keeps at most this many points of its dev-cost curve
METHODS = ("random", "grid", "tpe")
WORKER_NICE = 10  # worker processes yield the cores to the page's own sessions
HEARTBEAT_SECONDS = 10  # a running trial's heartbeat in an RDB storage
GRACE_SECONDS = 60  # no heartbeat for this long: the trial's search is dead
HOST = socket.gethostname()

# The output layer and loss for each kind of data.
OUTPUT = OUTPUT_OF_PROBLEM

# What a trial does not tune: the course's defaults, β = 0.9 with momentum.
BASE = {
    "learning_rate": 0.03, "beta": 0.9, "batch_size": 32, "units": 4, "layers": 1,
    "keep_prob": 1.0, "decay_rate": 0.0, "l2": 0.0,
    "activation": "tanh", "optimizer": "momentum", "init": "xavier",
}

optuna.logging.set_verbosity(optuna.logging.WARNING)


# ---------------------------------------------------------------- the search space


@dataclass(frozen=True)
class Dimension:
    """One hyperparameter's range as Optuna samples it.

    kind "float" (log=True: 10^r with r uniform) | "int" | "choice". The Optuna parameter is
    the sampled quantity: ``one_minus_beta`` for β, ``batch_power`` k for a batch of 2^k.
    """

    name: str
    kind: str
    low: float = 0.0
    high: float = 0.0
    log: bool = False
    choices: tuple = ()

    def suggest(self, trial: optuna.Trial):
        if self.kind == "float":
            return trial.suggest_float(self.name, self.low, self.high, log=self.log)
        if self.kind == "int":
            return trial.suggest_int(self.name, int(self.low), int(self.high))
        return trial.suggest_categorical(self.name, list(self.choices))

    def grid(self, points: int) -> list:
        """`points` values spread evenly on the dimension's scale (every choice of a choice)."""
        if self.kind == "choice":
            return list(self.choices)
        if self.kind == "int":
            return sorted({int(round(v)) for v in np.linspace(self.low, self.high, points)})
        spaced = np.geomspace if self.log else np.linspace
        return [float(v) for v in spaced(self.low, self.high, points)]

    def scaled(self, value: float) -> float:
        """The value on the axis the dimension is sampled uniformly on."""
        return math.log10(value) if self.log else float(value)


# name -> (label, kind, log, hard limits of the sampled quantity). In the notes' priority.
DIMENSIONS = {
    "learning_rate": ("learning rate α", "float", True, (1e-6, 10.0)),
    "one_minus_beta": ("momentum 1 − β", "float", True, (1e-4, 0.5)),
    "batch_power": ("mini-batch 2^k", "int", False, (0, MAX_BATCH_POWER)),
    "units": ("hidden units", "int", False, (1, MAX_UNITS)),
    "layers": ("hidden layers", "int", False, (1, MAX_HIDDEN_LAYERS)),
    "decay_rate": ("decay rate", "choice", False, (0.0, 10.0)),
    "keep_prob": ("keep_prob", "choice", False, (0.05, 1.0)),
    "l2": ("L2 λ", "float", True, (1e-6, 10.0)),
}


@dataclass(frozen=True)
class SearchSpace:
    """The tuned hyperparameters, in the notes' priority order; the others take BASE values."""

    dimensions: tuple[Dimension, ...]

    @classmethod
    def of(cls, **ranges) -> SearchSpace:
        """SearchSpace.of(learning_rate=(1e-4, 1), one_minus_beta=(1e-3, 1e-1),
        batch_power=(4, 7), keep_prob=(0.6, 0.8, 1.0)): a (low, high) pair for a number, the
        choices for decay_rate and keep_prob. ValueError says what is wrong."""
        unknown = set(ranges) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"unknown hyperparameter(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(DIMENSIONS)}")
        if not ranges:
            raise ValueError("tune at least one hyperparameter")
        dims = []
        for name in DIMENSIONS:  # the priority order, whatever order they were given in
            if name in ranges:
                dims.append(_dimension(name, ranges[name]))
        return cls(tuple(dims))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)

    def __getitem__(self, name: str) -> Dimension:
        for d in self.dimensions:
            if d.name == name:
                return d
        raise KeyError(name)

    def ranges(self) -> dict:
        """The argument of SearchSpace.of that gives this space back."""
        return {d.name: d.choices if d.kind == "choice" else (d.low, d.high)
                for d in self.dimensions}

    def suggest(self, trial: optuna.Trial) -> dict:
        return {d.name: d.suggest(trial) for d in self.dimensions}

    def grid(self, points: int) -> dict[str, list]:
        """GridSampler's search space: `points` values per axis (all choices of a choice)."""
        if not 2 <= points <= 10:
            raise ValueError(f"a grid needs 2 to 10 points per axis, got {points}")
        return {d.name: d.grid(points) for d in self.dimensions}

    def grid_size(self, points: int) -> int:
        return math.prod(len(values) for values in self.grid(points).values())


def _dimension(name: str, given) -> Dimension:
    label, kind, log, (lowest, highest) = DIMENSIONS[name]
    if kind == "choice":
        try:
            choices = tuple(sorted({float(c) for c in given}))
        except (TypeError, ValueError):
            raise ValueError(f"{label}: give the choices as numbers, got {given!r}") from None
        if not choices or not all(lowest <= c <= highest for c in choices):
            raise ValueError(f"{label}: choices must lie in {lowest:g} to {highest:g}, "
                             f"got {given!r}")
        return Dimension(name, kind, choices=choices)
    try:
        low, high = (float(v) for v in given)
    except (TypeError, ValueError):
        raise ValueError(f"{label}: give a (low, high) pair, got {given!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{label}: the range needs low < high, got {low:g} to {high:g}")
    if low < lowest or high > highest:
        raise ValueError(f"{label}: the range must lie within {lowest:g} to {highest:g}, "
                         f"got {low:g} to {high:g}")
    if kind == "int":
        if low != int(low) or high != int(high):
            raise ValueError(f"{label}: whole numbers only, got {low:g} to {high:g}")
        return Dimension(name, kind, int(low), int(high))
    return Dimension(name, kind, low, high, log=log)


DEFAULT_SPACE = SearchSpace.of(learning_rate=(1e-4, 1.0), one_minus_beta=(1e-3, 1e-1),
                               batch_power=(4, 7), units=(1, 16))


def hyperparameters(params: dict, base: dict = BASE) -> dict:
    """A trial's sampled parameters -> every hyperparameter of the network it trains."""
    hp = {**base, **{k: v for k, v in params.items() if k in base}}
    if "one_minus_beta" in params:
        hp["beta"] = 1.0 - params["one_minus_beta"]
    if "batch_power" in params:
        hp["batch_size"] = 2 ** int(params["batch_power"])
    return hp


# ---------------------------------------------------------------- one trial


@dataclass(frozen=True, eq=False)
class TrialData:
    """Training and dev examples (course shapes). Trainer reads the dev part as its 'test'."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    problem: str = "binary"

    @property
    def m_dev(self) -> int:
        return self.X_test.shape[1]


def split_dev(dataset, seed: int = 0, dev_share: float = DEV_SHARE) -> TrialData:
    """Train / dev / test: a prepared Dataset's training examples split again, a seeded
    `dev_share` of them becoming the dev set. The test set stays out of the search."""
    train, dev = split_indices(dataset.X_train.shape[1], 1.0 - dev_share, seed)
    return TrialData(dataset.X_train[:, train], dataset.Y_train[:, train],
                     dataset.X_train[:, dev], dataset.Y_train[:, dev], dataset.problem)


def network_spec(hp: dict, n_x: int, n_y: int, problem: str, seed: int) -> dict:
    """The engine spec a trial trains (inverse-time decay when decay_rate > 0)."""
    output, loss = OUTPUT[problem]
    hidden = [{"units": int(hp["units"]), "activation": hp["activation"]}] * int(hp["layers"])
    decay = {"kind": "inverse_time", "decay_rate": hp["decay_rate"]} if hp["decay_rate"] else None
    return {
        "n_x": n_x, "layers": [*hidden, {"units": n_y, "activation": output}], "loss": loss,
        "init": hp["init"], "seed": seed, "l2": hp["l2"], "keep_prob": hp["keep_prob"],
        "batch_size": int(hp["batch_size"]),
        # β is momentum's (and Adam's β1); the engine refuses it for optimizers that ignore it.
        "optimizer": {"name": hp["optimizer"], "learning_rate": hp["learning_rate"],
                      "decay": decay, **({"beta1": hp["beta"]} if "beta1" in
                                         OPTIMIZER_READS[hp["optimizer"]] else {})},
    }


@dataclass(frozen=True)
class TrialJob:
    """Everything one trial needs; picklable, so it runs in any worker."""

    number: int
    params: dict
    hyperparameters: dict
    data: TrialData
    epochs: int
    seed: int
    origin_pid: int = 0  # the process that asked: a worker process lowers its priority
    nice: int = 0


@dataclass
class TrialResult:
    number: int
    params: dict  # what Optuna sampled (one_minus_beta, batch_power, ...)
    hyperparameters: dict  # what the network used (beta, batch_size, ...)
    dev_cost: float | None  # None when training diverged
    dev_accuracy: float | None
    train_cost: float | None
    epochs: list[int] = field(default_factory=list)  # x of the dev-cost curve
    dev_curve: list[float] = field(default_factory=list)
    diverged: str = ""  # the divergence message, "" when training went fine
    seconds: float = 0.0


def _kept_epochs(epochs: int) -> set[int]:
    """The epochs whose dev cost a trial keeps: every one up to CURVE_POINTS, else spread."""
    return {int(round(e)) for e in np.linspace(0, epochs, min(epochs + 1, CURVE_POINTS))}


def _lower_priority(job: TrialJob) -> None:
    if job.nice and job.origin_pid and os.getpid() != job.origin_pid and hasattr(os, "nice"):
        try:
            current = os.getpriority(os.PRIO_PROCESS, 0)
            if current < job.nice:
                os.setpriority(os.PRIO_PROCESS, 0, job.nice)
        except OSError:  # not allowed here: run at normal priority
            pass


def run_trial(job: TrialJob) -> TrialResult:
    """Train the job's network for job.epochs on the training part, scored on dev."""
    from engine.network import Network  # here: a worker imports what it uses

    _lower_priority(job)
    started = time.perf_counter()
    d = job.data
    net = Network.from_spec(network_spec(job.hyperparameters, d.X_train.shape[0],
                                         d.Y_train.shape[0], d.problem, job.seed))
    trainer = Trainer(net, d)
    keep = _kept_epochs(job.epochs)
    epochs, curve = [0], [trainer.metrics["test_cost"]]
    for epoch in range(1, job.epochs + 1):
        trainer.epoch()
        if net.divergence is not None:
            break
        if epoch in keep:
            epochs.append(epoch)
            curve.append(trainer.metrics["test_cost"])
    m = trainer.metrics
    diverged = net.divergence.message if net.divergence is not None else ""
    finite = not diverged and m["test_cost"] is not None and math.isfinite(m["test_cost"])
    return TrialResult(
        number=job.number, params=dict(job.params), hyperparameters=dict(job.hyperparameters),
        dev_cost=float(m["test_cost"]) if finite else None,
        dev_accuracy=m["test_accuracy"] if finite else None,
        train_cost=m["train_cost"] if finite else None,
        epochs=epochs, dev_curve=[float(c) for c in curve],
        diverged=diverged or ("" if finite else "the dev cost is not a finite number"),
        seconds=time.perf_counter() - started)


# ---------------------------------------------------------------- a study


@dataclass(frozen=True)
class SearchConfig:
    space: SearchSpace = DEFAULT_SPACE
    method: str = "random"  # one of METHODS
    n_trials: int = 20  # trials this search adds to the study
    epochs: int = 100  # per trial
    seed: int = 0
    grid_points: int = 3  # per axis, for method "grid"
    base: dict = field(default_factory=lambda: dict(BASE))

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if not 1 <= self.n_trials <= MAX_TRIALS:
            raise ValueError(f"a search runs 1 to {MAX_TRIALS} trials, got {self.n_trials}")
        if not 1 <= self.epochs <= MAX_EPOCHS:
            raise ValueError(f"a trial trains 1 to {MAX_EPOCHS:,} epochs, got {self.epochs}")
        if self.method == "grid":
            self.space.grid(self.grid_points)  # checks the points per axis

    @property
    def planned_trials(self) -> int:
        """How many trials run: n_trials, or the grid's size when that is smaller."""
        if self.method == "grid":
            return min(self.n_trials, self.space.grid_size(self.grid_points))
        return self.n_trials


class AskTellGridSampler(optuna.samplers.GridSampler):
    """GridSampler without its study.stop() once the grid is done: stop() works only inside
    Study.optimize, and with ask/tell the search counts the grid's points itself."""

    def after_trial(self, study, trial, state, values) -> None:
        pass


def make_sampler(config: SearchConfig, offset: int = 0) -> optuna.samplers.BaseSampler:
    """The configured sampler, seeded. `offset` (trials already in a loaded study) moves a
    random or TPE seed on, so a resumed study does not repeat its first trials."""
    seed = config.seed + offset
    if config.method == "grid":
        return AskTellGridSampler(config.space.grid(config.grid_points), seed=config.seed)
    if config.method == "tpe":
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(10, config.n_trials))
    return optuna.samplers.RandomSampler(seed=seed)


@functools.lru_cache(maxsize=16)
def rdb_storage(url: str) -> optuna.storages.RDBStorage:
    """The RDB storage at `url`, with Optuna's heartbeat on (one per URL and process)."""
    with warnings.catch_warnings():  # heartbeats are "experimental" in Optuna's words
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return optuna.storages.RDBStorage(url, heartbeat_interval=HEARTBEAT_SECONDS,
                                          grace_period=GRACE_SECONDS)


def _storage(storage):
    return rdb_storage(storage) if isinstance(storage, str) else storage


def process_alive(pid) -> bool:
    """Whether the process `pid` of this host still runs (True when not known)."""
    if not isinstance(pid, int) or pid <= 0:
        return True  # not known: leave it to the heartbeat
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def fail_stale(study: optuna.Study) -> list[int]:
    """End as FAIL the trials a dead search left RUNNING (see the module docstring); returns
    their numbers."""
    before = {t.number for t in study.get_trials(deepcopy=False,
                                                  states=(optuna.trial.TrialState.RUNNING,))}
    if not before:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)
    for trial in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        runner = trial.user_attrs.get("runner") or {}
        if runner.get("host") == HOST and not process_alive(runner.get("pid")):
            # Another process may have ended it first.
            with contextlib.suppress(ValueError, RuntimeError,
                                     optuna.exceptions.UpdateFinishedTrialError):
                study.tell(trial.number, state=optuna.trial.TrialState.FAIL)
    still = {t.number for t in study.get_trials(deepcopy=False,
                                                 states=(optuna.trial.TrialState.RUNNING,))}
    return sorted(before - still)


def create_study(config: SearchConfig, storage: str | None = None,
                 study_name: str | None = None) -> optuna.Study:
    """A new study, or the named one in `storage` (an RDB URL) carried on, its dead trials
    failed first."""
    if storage is None:
        return optuna.create_study(direction="minimize", sampler=make_sampler(config),
                                   study_name=study_name)
    study = optuna.create_study(direction="minimize", storage=_storage(storage),
                                study_name=study_name, load_if_exists=True)
    fail_stale(study)
    study.sampler = make_sampler(config, offset=len(study.trials))
    return study


def open_study(storage: str, study_name: str) -> optuna.Study:
    """The named study of `storage` as it is (KeyError if there is none), its dead trials
    failed first."""
    study = optuna.load_study(study_name=study_name, storage=_storage(storage))
    fail_stale(study)
    return study


class _Heartbeat:
    """While a batch trains: the batch's trials beat every HEARTBEAT_SECONDS (RDB storages
    with heartbeats only), so other processes see them alive."""

    def __init__(self, study: optuna.Study, trials: list):
        storage = study._storage  # an RDBStorage behind Optuna's cache: both beat
        interval = getattr(storage, "get_heartbeat_interval", lambda: None)()
        self.beating, self.interval = interval is not None, interval
        self.storage, self.ids = storage, [trial._trial_id for trial in trials]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name="trial-heartbeat")

    def _beat(self) -> None:
        while not self.done.wait(self.interval):
            for trial_id in self.ids:
                self.storage.record_heartbeat(trial_id)

    def __enter__(self):
        if self.beating:
            for trial_id in self.ids:
                self.storage.record_heartbeat(trial_id)
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.beating:
            self.done.set()
            self.thread.join()


def _run_batch(jobs: list[TrialJob], n_jobs: int, backend: str) -> list[TrialResult]:
    if n_jobs == 1 and backend != "dask":
        return [run_trial(job) for job in jobs]
    with joblib.parallel_config(backend=backend, n_jobs=n_jobs):
        return joblib.Parallel()(joblib.delayed(run_trial)(job) for job in jobs)


def _tell(study: optuna.Study, trial: optuna.Trial, result: TrialResult) -> None:
    attrs = dataclasses.asdict(result)
    for key in ("number", "params"):
        attrs.pop(key)
    for key, value in attrs.items():
        trial.set_user_attr(key, value)
    if result.dev_cost is None:
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
    else:
        study.tell(trial, result.dev_cost)


def run_search(
    config: SearchConfig,
    data: TrialData,
    *,
    study: optuna.Study | None = None,
    storage: str | None = None,
    study_name: str | None = None,
    n_jobs: int = 2,
    backend: str = "loky",
    nice: int = 0,
    stop: Callable[[], bool] | None = None,
    on_trial: Callable[[TrialResult], None] | None = None,
) -> optuna.Study:
    """Run config.planned_trials trials; returns the study.

    backend: a joblib backend: "loky" (worker processes, the default), "threading", or
    "dask" (inside a ``dask.distributed.Client``: the trials run on its workers). Trials are
    asked n_jobs at a time and told in order, so every backend gives the same trials.
    nice > 0 lowers the priority of worker processes (not of this process).
    stop() is asked before each batch; True ends the search there.
    """
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be at least 1, got {n_jobs}")
    if study is None:
        study = create_study(config, storage, study_name)
    total = config.planned_trials
    done = 0
    while done < total and not (stop and stop()):
        batch = []
        for _ in range(min(n_jobs, total - done)):
            with warnings.catch_warnings():  # "heartbeats go with Study.optimize": here
                warnings.filterwarnings("ignore", "Heartbeat of storage", UserWarning)
                trial = study.ask()  # _Heartbeat records them
            trial.set_user_attr("runner", {"host": HOST, "pid": os.getpid()})
            params = config.space.suggest(trial)
            batch.append((trial, TrialJob(
                trial.number, params, hyperparameters(params, config.base), data,
                config.epochs, config.seed, os.getpid(), nice)))
        with _Heartbeat(study, [trial for trial, _ in batch]):
            results = _run_batch([job for _, job in batch], n_jobs, backend)
        for (trial, _), result in zip(batch, results, strict=True):
            _tell(study, trial, result)
            if on_trial is not None:
                on_trial(result)
        done += len(batch)
    return study


def result_of(trial: optuna.trial.FrozenTrial) -> TrialResult | None:
    """A told trial's result, as run_trial returned it (None for a trial still running)."""
    attrs = trial.user_attrs
    if "hyperparameters" not in attrs:
        return None
    fields = {f.name for f in dataclasses.fields(TrialResult)} - {"number", "params"}
    return TrialResult(number=trial.number, params=dict(trial.params),
                       **{k: attrs[k] for k in fields if k in attrs})


def results_of(study: optuna.Study) -> list[TrialResult]:
    """Every finished trial's result, in trial order."""
    return [r for r in map(result_of, study.get_trials(deepcopy=False)) if r is not None]


# ---------------------------------------------------------------- coarse to fine


def best_results(results: Iterable[TrialResult], share: float = 0.25) -> list[TrialResult]:
    """The best `share` of the trials that finished (at least one), best first."""
    finished = sorted((r for r in results if r.dev_cost is not None), key=lambda r: r.dev_cost)
    return finished[:max(1, math.ceil(share * len(finished)))]


def zoom(space: SearchSpace, results: Iterable[TrialResult], share: float = 0.25) -> SearchSpace:
    """Coarse to fine: a narrower space around the best `share` of the trials.

    Each numeric range becomes the span of the best trials' values (on the dimension's own
    scale, so log ranges shrink in decades) with a 10% margin, never wider than half the old
    range and always containing the best trial; choices keep those the best trials used.
    """
    best = best_results(results, share)
    if not best or best[0].dev_cost is None:
        raise ValueError("no trial finished yet: nothing to zoom in on")
    ranges = {}
    for d in space.dimensions:
        values = [r.params[d.name] for r in best if d.name in r.params]
        if not values:
            ranges[d.name] = space.ranges()[d.name]
            continue
        if d.kind == "choice":
            ranges[d.name] = tuple(sorted(set(values)))
            continue
        # The best trial that sampled it (a kept study may mix trials of other spaces).
        best_value = next(r.params[d.name] for r in best if d.name in r.params)
        ranges[d.name] = _narrower(d, values, best_value)
    return SearchSpace.of(**ranges)


def _narrower(d: Dimension, values: list, best_value) -> tuple:
    lo, hi, top = d.scaled(d.low), d.scaled(d.high), d.scaled(best_value)
    scaled = [d.scaled(v) for v in values]
    span = hi - lo
    new_lo, new_hi = min(scaled), max(scaled)
    margin = max(0.1 * (new_hi - new_lo), 0.05 * span)
    new_lo, new_hi = max(lo, new_lo - margin), min(hi, new_hi + margin)
    if new_hi - new_lo > span / 2:  # still too wide: half the old range, centred on the best
        new_lo = min(max(lo, top - span / 4), hi - span / 2)
        new_hi = new_lo + span / 2
    if d.kind == "int":
        low, high = math.floor(new_lo), math.ceil(new_hi)
        if high - low >= d.high - d.low and d.high - d.low >= 2:  # could not shrink: ±1
            low, high = max(int(d.low), best_value - 1), min(int(d.high), best_value + 1)
        if low == high:
            low, high = (low - 1, high) if low > d.low else (low, high + 1)
        return (low, high)
    unscale = (lambda v: 10.0 ** v) if d.log else (lambda v: v)
    # Rounding through 10** must not step outside the old range.
    return (max(d.low, unscale(new_lo)), min(d.high, unscale(new_hi)))


# ---------------------------------------------------------------- samples without training


def sample(space: SearchSpace, n: int, method: str = "random", seed: int = 0,
           grid_points: int = 5) -> list[dict]:
    """The first n parameter sets a search would try (method "random" or "grid"), without
    training anything: the points the notes draw before any trial runs."""
    config = SearchConfig(space, method=method, n_trials=max(1, min(n, MAX_TRIALS)), seed=seed,
                          grid_points=grid_points)
    study = optuna.create_study(sampler=make_sampler(config))
    drawn = []
    for _ in range(config.planned_trials):
        trial = study.ask()
        drawn.append(space.suggest(trial))
        study.tell(trial, 0.0)
    return drawn
