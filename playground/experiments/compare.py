"""Runs side by side: 2-6 networks that differ in some settings, on the same data and seeds,
trained together epoch for epoch so their curves can be overlaid.

Plain Python over the engine (no Streamlit), so the lesson tests drive the very same runs the
page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import engine
from playground.session import autoencoding, settings

# Six for anyone; the course's hidden-size sweep (lesson 16) compares seven sizes.
MAX_RUNS = 7
GAP = "gap"  # the curve of test cost − train cost


def build_dataset(values: dict):
    """The data set of these (clean) values, straight from the engine (no page cache)."""
    if values["dataset"] == settings.FAMILY_TREES:
        return engine.family_trees.as_dataset(values["data_seed"])
    options = settings.data_options(values)
    return autoencoding.for_values(
        engine.prepare(engine.make_dataset(**options["make"]), **options["prepare"]), values)


@dataclass
class Run:
    """One network trained on one data set; `label` names it in legends and tables."""

    label: str
    values: dict
    dataset: object = None
    nudge: float = 0.0  # relative change of the initial parameters (see `nudge`)
    net: engine.Network = field(init=False)
    trainer: engine.Trainer = field(init=False)

    def __post_init__(self):
        if self.dataset is None:
            self.dataset = build_dataset(self.values)
        d = self.dataset
        self.net = engine.Network.from_spec(
            settings.network_spec(self.values, d.n_x, d.n_y, d.problem))
        if self.nudge:
            nudge(self.net, self.nudge)
        self.trainer = engine.Trainer(self.net, d)

    @property
    def diverged(self) -> bool:
        return self.net.divergence is not None

    def train_epochs(self, epochs: int) -> None:
        self.trainer.run_epochs(epochs)

    def final(self) -> dict:
        """The latest train/test cost and accuracy (None where there is none)."""
        return {"run": self.label, "epochs": self.net.epochs_done, **self.trainer.metrics,
                "diverged": self.diverged}


def nudge(net: engine.Network, relative: float, seed: int = 0) -> None:
    """Multiply every initial parameter by 1 ± `relative` (a random sign each, in place):
    with 1e-12 this is the last-bit difference another BLAS kernel makes, so a lesson's claim
    checked with and without it does not hold for one processor's rounding only."""
    rng = np.random.default_rng([seed, 12])
    for values in net.parameters.values():
        values *= 1 + relative * rng.choice((-1.0, 1.0), size=values.shape)


def _data_key(values: dict) -> tuple:
    return tuple(settings.as_text(s, values[s.name]) for s in settings.SETTINGS
                 if s.rebuilds_data)


@dataclass
class Comparison:
    """Runs built from one base set of values and one set of changes each."""

    runs: list[Run]

    @classmethod
    def of(cls, base: dict, variants: list[tuple[str, dict]], nudge: float = 0.0) -> Comparison:
        """`variants` is [(label, changes)]; each run is `base` with its changes, validated by
        the settings table (a value the table would repair is refused: runs must be exactly
        what their label says). `nudge`: see Run.nudge (the lesson tests' perturbation)."""
        if not 1 <= len(variants) <= MAX_RUNS:
            raise ValueError(f"compare 1 to {MAX_RUNS} runs, not {len(variants)}")
        datasets: dict[tuple, object] = {}
        runs = []
        for label, changes in variants:
            values, notes = settings.validate({**base, **changes})
            if notes:
                raise ValueError(f"{label}: {' '.join(notes)}")
            key = _data_key(values)
            if key not in datasets:  # runs on the same data share one Dataset object
                datasets[key] = build_dataset(values)
            runs.append(Run(label, values, datasets[key], nudge))
        return cls(runs)

    def train_epochs(self, epochs: int, turn=None) -> None:
        """Every run one epoch, then the next epoch, so they stay side by side; `turn` (a
        context manager factory, e.g. the live loop's shared turns) is held per epoch of
        one run so a comparison never holds the CPU away from other students for long."""
        for _ in range(epochs):
            for run in self.runs:
                if run.diverged:
                    continue
                if turn is None:
                    run.train_epochs(1)
                else:
                    with turn():
                        run.train_epochs(1)

    def curves(self, metric: str) -> list[dict]:
        """Long-form rows {run, epoch, value} of one metric for an overlaid chart; metric
        "gap" is test cost − train cost, the overfitting lesson's measure."""
        rows = []
        for run in self.runs:
            if metric == GAP:
                xs, train = run.trainer.history.series("train_cost")
                test_xs, test = run.trainer.history.series("test_cost")
                if not np.array_equal(xs, test_xs):  # no test set: no gap
                    continue
                ys = test - train
            else:
                xs, ys = run.trainer.history.series(metric)
            rows += [{"run": run.label, "epoch": int(x), "value": float(y)}
                     for x, y in zip(xs, ys, strict=True)]
        return rows

    @property
    def epochs_done(self) -> int:
        return max(run.net.epochs_done for run in self.runs)

    @property
    def all_diverged(self) -> bool:
        return all(run.diverged for run in self.runs)

    def table(self) -> list[dict]:
        return [run.final() for run in self.runs]
