"""Training a network on a data set, one mini-batch or one epoch at a time, with the metrics the
page shows (train and test cost and accuracy, once per epoch). The engine's one training loop."""

from __future__ import annotations

import numpy as np

from engine.network import Network
from engine.trace import History, StepRecord


def accuracy(AL: np.ndarray, Y: np.ndarray) -> float:
    """Share of correct predictions: threshold 0.5 for one output unit, arg-max for softmax."""
    if Y.shape[0] == 1:
        return float(np.mean((AL > 0.5) == (Y > 0.5)))
    return float(np.mean(AL.argmax(axis=0) == Y.argmax(axis=0)))


def minibatches(m: int, batch_size: int | None, seed: int, epoch: int) -> list[np.ndarray | None]:
    """Index arrays of one epoch's mini-batches: a shuffle seeded by (seed, epoch) cut into
    batches of batch_size; the last, smaller batch is kept. Full batch: [None], no shuffle."""
    if batch_size is None or batch_size >= m:
        return [None]
    order = np.random.default_rng([seed, 2, epoch]).permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


class ArrayData:
    """(X, Y) as a data set for the Trainer: everything is training data, no test set."""

    def __init__(self, X: np.ndarray, Y: np.ndarray, problem: str = "binary"):
        self.X_train, self.Y_train = X, Y
        self.X_test, self.Y_test = X[:, :0], Y[:, :0]
        self.problem = problem


class Trainer:
    """Walks the mini-batches of ``data`` (anything with X_train, Y_train, X_test, Y_test and
    problem) through ``net``, keeping an epoch-level history (x = epochs done) of the four
    metrics and of each layer's saturation ("saturation1", ...).

    The data are validated once here (``Network.check_data``), not at every mini-batch.
    """

    METRICS = ("train_cost", "test_cost", "train_accuracy", "test_accuracy")

    def __init__(self, net: Network, data):
        self.net = net
        self._check(data)
        self.data = data
        self._batches: list = []  # this epoch's mini-batches (index arrays; None = all of X)
        self._next = 0  # how many of them have run
        self.history = History()
        self.metrics: dict[str, float | None] = {}
        self.evaluate()

    def _check(self, data):
        self.net.check_data(data.X_train, data.Y_train)
        if data.X_test.shape[1]:
            self.net.check_data(data.X_test, data.Y_test)

    def replace_data(self, data) -> None:
        """Go on training the same network on other data of the same shape (e.g. with points a
        student drew): parameters and history stay; the current epoch starts afresh."""
        if data.X_train.shape[0] != self.data.X_train.shape[0] or (
                data.Y_train.shape[0] != self.data.Y_train.shape[0]):
            raise ValueError("the new data must have the same n_x and n_y as the network")
        self._check(data)
        self.data, self._batches, self._next = data, [], 0

    @property
    def classification(self) -> bool:
        return getattr(self.data, "problem", "binary") != "regression"

    def evaluate(self) -> dict[str, float | None]:
        """Inference-mode cost and accuracy on train and test; recorded at x = epochs done.
        The cost is the network's one definition (``cost_of_output``), as in every step."""
        net, d = self.net, self.data
        with np.errstate(all="ignore"):
            for part, X, Y in (("train", d.X_train, d.Y_train), ("test", d.X_test, d.Y_test)):
                if X.shape[1] == 0:
                    self.metrics[f"{part}_cost"] = self.metrics[f"{part}_accuracy"] = None
                    continue
                ZL, AL = net.output(X)
                self.metrics[f"{part}_cost"] = net.cost_of_output(ZL, AL, Y)
                self.metrics[f"{part}_accuracy"] = accuracy(AL, Y) if self.classification else None
        for name in self.METRICS:
            if self.metrics[name] is not None:
                self.history.append(name, net.epochs_done, self.metrics[name])
        # Saturation is measured once per epoch on the latest batch: it changes slowly and
        # costs a pass over every activation.
        if net.latest is not None:
            for layer in net.latest.layers:
                if layer.saturation is not None:
                    self.history.append(f"saturation{layer.l}", net.epochs_done, layer.saturation)
        return self.metrics

    @property
    def steps_per_epoch(self) -> int:
        """Mini-batches in one epoch of the current data and batch size."""
        m, size = self.data.X_train.shape[1], self.net.batch_size
        return 1 if size is None or size >= m else -(-m // size)

    @property
    def steps_into_epoch(self) -> int:
        """Mini-batches of the current, unfinished epoch already trained (new data starts the
        epoch afresh): steps = epochs x steps_per_epoch + steps_into_epoch."""
        return self._next

    def resume(self, steps_into_epoch: int, history: History | None = None,
               metrics: dict | None = None) -> None:
        """Go on with a saved run (engine.saving): the current epoch's mini-batches are the
        same (seed, epoch) shuffle, of which the first ``steps_into_epoch`` are done; the
        saved epoch-level history replaces the one started here, and the saved metrics (of
        the last epoch end, not of the parameters now) the ones evaluated here."""
        net = self.net
        # A divergence stops the run inside its epoch, possibly after its last batch.
        last = self.steps_per_epoch - (net.divergence is None)
        if not 0 <= steps_into_epoch <= last:
            raise ValueError(f"steps_into_epoch must be from 0 to {last} for this data and "
                             f"batch size; got {steps_into_epoch}")
        self._batches = (minibatches(self.data.X_train.shape[1], net.batch_size, net.seed,
                                     net.epochs_done) if steps_into_epoch else [])
        self._next = steps_into_epoch
        if history is not None:
            self.history = history
        for name, value in (metrics or {}).items():
            if name in self.METRICS and value is not None:
                self.metrics[name] = value

    def step(self) -> StepRecord | None:
        """One mini-batch. Completing an epoch evaluates the metrics."""
        net, d = self.net, self.data
        if net.divergence is not None:
            return net.latest
        if not self._batches:
            self._batches = minibatches(d.X_train.shape[1], net.batch_size, net.seed,
                                        net.epochs_done)
            self._next = 0
        index = self._batches[self._next]  # an index, not list.pop(0): 9,000 batches an epoch
        self._next += 1
        if index is None:
            record = net.step(d.X_train, d.Y_train, checked=True)
        else:
            record = net.step(d.X_train[:, index], d.Y_train[:, index], checked=True)
        if self._next == len(self._batches) and net.divergence is None:
            self._batches, self._next = [], 0
            net.finish_epoch()
            self.evaluate()
        return record

    def epoch(self) -> StepRecord | None:
        """Finish the current epoch (or run a whole new one)."""
        record = self.step()
        while self._batches and self.net.divergence is None:
            record = self.step()
        return record

    def run_epochs(self, k: int) -> StepRecord | None:
        record = None
        for _ in range(k):
            record = self.epoch()
            if self.net.divergence is not None:
                break
        return record
