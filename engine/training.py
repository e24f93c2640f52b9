"""Training a network on a data set, one mini-batch or one epoch at a time, with the metrics the
page shows (train and test cost and accuracy, once per epoch). The engine's one training loop."""

from __future__ import annotations

import re
import warnings

import numpy as np

from engine.activations import saturation
from engine.checks import as_columns, check_array, is_array_of_numbers
from engine.losses import DISTRIBUTION_TOLERANCE
from engine.network import Network
from engine.rawdata import PROBLEMS
from engine.trace import History, StepRecord

# What a data set asks of the network (PROBLEMS): "binary" (one sigmoid unit, labels 0/1),
# "multiclass" (softmax, one-hot Y or a distribution per column) or "regression" (any output,
# real targets; no accuracy).
PROBLEM_OF_LOSS = {"binary_cross_entropy": "binary", "categorical_cross_entropy": "multiclass",
                   "mean_squared_error": "regression"}
# Besides a data set's problems the Trainer trains an autoencoder: the targets are the inputs
# themselves (Y = X, engine/autoencoder.py), and like regression it reports no accuracy.
AUTOENCODER = "autoencoder"
TRAINING_PROBLEMS = (*PROBLEMS, AUTOENCODER)


def accuracy(AL: np.ndarray, Y: np.ndarray) -> float:
    """Share of correct predictions: threshold 0.5 for one output unit, arg-max for softmax.

    AL is the network's output, (1, m) or (K, m) (a 1-D AL is one unit). Y may be given in
    any shape with one meaning: for one unit, labels 0/1 of shape (m,), (1, m) or (m, 1) (a
    soft label in between counts as the side of ½ it is on); for
    K units, one-hot (K, m) or class labels 0..K-1 of shape (m,), (1, m) or (m, 1), or a
    distribution (K, m) over several right answers, where predicting any of the most probable
    ones counts as right (Hinton's family trees: either of two aunts).
    Anything else is a ValueError naming the argument.
    """
    if isinstance(AL, np.ndarray) and AL.ndim == 1:
        AL = AL.reshape(1, -1)
    if not isinstance(AL, np.ndarray) or AL.ndim != 2:
        check_array("AL", AL, 1, "n_y")  # raises with the type or shape
    check_array("AL", AL, AL.shape[0], "n_y")
    n_y, m = AL.shape
    if m == 0:
        raise ValueError("AL has no examples (m = 0)")
    if n_y == 1:
        Y = as_columns("Y", Y, 1, "n_y", columns=m)
        outside = (Y < 0) | (Y > 1)  # a soft label in between counts by its side of ½
        if outside.any():
            raise ValueError(f"Y for one output unit must hold labels 0 or 1, got "
                             f"{Y[outside][0]:g}; for K classes use a softmax output of K units")
        return float(np.mean((AL > 0.5) == (Y > 0.5)))
    labels = _class_labels(Y, n_y, m)
    predicted = AL.argmax(axis=0)
    if labels.ndim == 1:
        return float(np.mean(predicted == labels))
    # A distribution: right where the prediction is one of the most probable answers (for
    # one-hot Y, the class; for ½ on each of two aunts, either aunt).
    return float(np.mean(labels[predicted, np.arange(m)] == labels.max(axis=0)))


def _class_labels(Y, K: int, m: int) -> np.ndarray:
    """Class indices (m,) from labels of shape (m,), (1, m), (m, 1), or Y (K, m) itself when it
    is one-hot or a distribution per column (checked)."""
    if isinstance(Y, np.ndarray) and Y.shape != (K, m) and Y.size == m and (
            Y.ndim == 1 or (Y.ndim == 2 and 1 in Y.shape)):
        labels = as_columns("Y", Y, 1, "1", columns=m)[0]
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < K)):
            raise ValueError(f"Y as class labels must hold whole numbers 0 to {K - 1} (AL has "
                             f"{K} rows), got values from {labels.min():g} to {labels.max():g}")
        return labels.astype(np.int64)
    Y = as_columns("Y", Y, K, "n_y", columns=m)
    if ((Y < 0) | (Y > 1)).any() or (np.abs(Y.sum(axis=0) - 1) > DISTRIBUTION_TOLERANCE).any():
        raise ValueError(f"Y of shape ({K}, m) must be one-hot: a single 1 in each column "
                         "(engine.one_hot(labels, K) makes it from class labels), or a "
                         "distribution over the right answers (each column summing to 1)")
    return Y


def minibatches(m: int, batch_size: int | None, seed: int, epoch: int) -> list[np.ndarray | None]:
    """Index arrays of one epoch's mini-batches: a shuffle seeded by (seed, epoch) cut into
    batches of batch_size; the last, smaller batch is kept. Full batch: [None], no shuffle."""
    if batch_size is None or batch_size >= m:
        return [None]
    order = np.random.default_rng([seed, 2, epoch]).permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


class ArrayData:
    """(X, Y) and an optional test set (X_test, Y_test) as a data set for the Trainer.

    X is (n_x, m) and Y (n_y, m); with one input (one output) a 1-D array or an (m, 1)
    column is taken as m examples, so binary labels y of shape (m,) are fine. ``problem`` is
    one of "binary", "multiclass", "regression" (regression reports no accuracy), or
    "autoencoder" (Y = X, no accuracy: engine.autoencoder.autoencoder_data); None takes
    it from the network's loss when a Trainer uses the data (binary_cross_entropy: binary,
    categorical_cross_entropy: multiclass, mean_squared_error: regression).
    """

    def __init__(self, X: np.ndarray, Y: np.ndarray, problem: str | None = None,
                 X_test: np.ndarray | None = None, Y_test: np.ndarray | None = None):
        if problem is not None and problem not in TRAINING_PROBLEMS:
            raise ValueError(f"problem must be one of {', '.join(TRAINING_PROBLEMS)} (or None: "
                             f"from the network's loss), got {problem!r}")
        self.problem = problem
        self.X_train, self.Y_train = _plain("X", X, "n_x"), _plain("Y", Y, "n_y")
        if (X_test is None) != (Y_test is None):
            raise ValueError("give both X_test and Y_test, or neither")
        if X_test is None:
            self.X_test, self.Y_test = _none_of(self.X_train), _none_of(self.Y_train)
        else:
            self.X_test = _plain("X_test", X_test, "n_x")
            self.Y_test = _plain("Y_test", Y_test, "n_y")


def _plain(name, A, rows_name):
    """A as given, if it is a 1-D or 2-D array of numbers: its shape is read with the network's
    n_x and n_y when a Trainer takes the data (Network.checked), where a 1-D array or an (m, 1)
    column has one meaning only for one input or one output."""
    is_array_of_numbers(name, A, rows_name)
    if A.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape ({rows_name}, m), got {A.shape}")
    return A


def _none_of(A):
    """No examples, in A's rows (a 1-D array is one row)."""
    return A.reshape(1, -1)[:, :0] if A.ndim == 1 else A[:, :0]


class Trainer:
    """Walks the mini-batches of ``data`` (anything with X_train, Y_train, X_test, Y_test and
    problem) through ``net``, keeping an epoch-level history (x = epochs done) of the four
    metrics and of each hidden layer's saturation over the training set ("saturation1", ...).

    ``data`` may also be a tuple (X, Y) or (X, Y, X_test, Y_test) (see ArrayData).
    The data are validated once here (``Network.check_data``), not at every mini-batch.

    ``metrics``: {"train_cost", "test_cost", "train_accuracy", "test_accuracy"} of the
    parameters the network holds (None where there is no test set, or no accuracy for
    regression); ``history``: those four and "saturation{l}" per layer, x = epochs done.
    """

    METRICS = ("train_cost", "test_cost", "train_accuracy", "test_accuracy")

    def __init__(self, net: Network, data):
        if not isinstance(net, Network):
            raise ValueError("net must be an engine Network (engine.Network.from_spec(spec)), "
                             f"got {type(net).__name__}")
        self.net = net
        self.data = self._checked(data)
        self._batches: list = []  # this epoch's mini-batches (index arrays; None = all of X)
        self._next = 0  # how many of them have run
        self.history = History(names=self._series_names())
        self.metrics: dict[str, float | None] = {}
        self.evaluate()

    def _series_names(self):
        return (*self.METRICS, *(f"saturation{l}" for l in range(1, self.net.L + 1)))

    def _checked(self, data):
        """The data set, its problem known and its arrays in the network's shapes."""
        if isinstance(data, tuple | list) and len(data) in (2, 4):
            data = ArrayData(*data[:2], None, *data[2:])
        needed = ("X_train", "Y_train", "X_test", "Y_test")
        if not all(hasattr(data, name) for name in needed):
            raise ValueError("data must be an engine.ArrayData(X, Y), a prepared Dataset "
                             "(engine.prepare), or a tuple (X, Y) or (X, Y, X_test, Y_test); "
                             f"got {type(data).__name__}")
        problem = getattr(data, "problem", None)
        if problem is None:
            problem = PROBLEM_OF_LOSS[self.net.loss.name]
        elif problem not in TRAINING_PROBLEMS:
            raise ValueError(f"data.problem must be one of {', '.join(TRAINING_PROBLEMS)}, got "
                             f"{problem!r}")
        if problem == "multiclass" and self.net.activations[-1] != "softmax":
            raise ValueError("multiclass data needs a softmax output layer")
        if problem == "binary" and self.net.layer_sizes[-1] != 1:
            raise ValueError("binary data needs an output layer of one unit")
        net = self.net
        X, Y = net.checked(data.X_train, data.Y_train)
        X_test, Y_test = data.X_test, data.Y_test
        if isinstance(X_test, np.ndarray) and X_test.ndim == 2 and X_test.shape[1] == 0:
            X_test, Y_test = X[:, :0], Y[:, :0]
        else:
            try:
                X_test, Y_test = net.checked(X_test, Y_test)
            except ValueError as problem:  # the same checks, named for the test set
                raise ValueError(re.sub(r"\b(X|Y)\b", r"\1_test", str(problem), count=1)
                                 ) from None
        arrays = (X, Y, X_test, Y_test)
        if problem == AUTOENCODER and not (np.array_equal(X, Y)
                                           and np.array_equal(X_test, Y_test)):
            raise ValueError("an autoencoder's targets are its inputs: Y must equal X (and "
                             "Y_test X_test); engine.autoencoder.autoencoder_data(X) makes them")
        if (problem == getattr(data, "problem", None)
                and all(a is b for a, b in zip(arrays, [getattr(data, n) for n in needed],
                                               strict=True))):
            return data
        if isinstance(data, ArrayData):
            data.problem = problem
            data.X_train, data.Y_train, data.X_test, data.Y_test = arrays
            return data
        shaped = ArrayData(X, Y, problem)
        shaped.X_test, shaped.Y_test = X_test, Y_test
        return shaped

    def replace_data(self, data) -> None:
        """Go on training the same network on other data of the same shape (e.g. with points a
        student drew): parameters and history stay; the current epoch starts afresh."""
        data = self._checked(data)
        self.data, self._batches, self._next = data, [], 0

    @property
    def classification(self) -> bool:
        return self.data.problem in ("binary", "multiclass")

    def evaluate(self) -> dict[str, float | None]:
        """Inference-mode cost and accuracy on train and test; recorded at x = epochs done.
        The cost is the network's one definition (``cost_of_output``), as in every step."""
        hidden: list[np.ndarray] = []  # A[1] ... A[L-1] on the training set
        self._measure(hidden)
        net = self.net
        for name in self.METRICS:
            if self.metrics[name] is not None:
                self.history.append(name, net.epochs_done, self.metrics[name])
        self._record_saturation(hidden)
        return self.metrics

    def _measure(self, hidden: list | None = None) -> None:
        """The metrics of the parameters the network holds now (no history point);
        ``hidden``, if given, receives the hidden layers' activations on the training set."""
        net, d = self.net, self.data
        with np.errstate(all="ignore"):
            for part, X, Y in (("train", d.X_train, d.Y_train), ("test", d.X_test, d.Y_test)):
                if X.shape[1] == 0:
                    self.metrics[f"{part}_cost"] = self.metrics[f"{part}_accuracy"] = None
                    continue
                ZL, AL = net.output(X, hidden=hidden if part == "train" else None)
                self.metrics[f"{part}_cost"] = net.cost_of_output(ZL, AL, Y)
                self.metrics[f"{part}_accuracy"] = (accuracy(AL, Y) if self.classification
                                                    and np.isfinite(AL).all() else None)

    def _record_saturation(self, hidden: list[np.ndarray]) -> None:
        """Each hidden layer's saturated / dead share over the WHOLE training set, once per
        epoch: on one mini-batch a dead ReLU unit (0 on every example) would seem to revive
        whenever the batch happens to miss the examples that still reach other units. ReLU's
        Z is not needed: relu(Z) > 0 exactly where Z > 0."""
        for l, A in enumerate(hidden, start=1):
            share, _kind = saturation(self.net.activations[l - 1], A, A)
            if share is not None:
                self.history.append(f"saturation{l}", self.net.epochs_done, share)

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
            history.declare(*self._series_names())
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
        if net.divergence is not None:
            self._measure()  # the rolled-back parameters, not the last epoch's
        elif self._next == len(self._batches):
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
        """Run k epochs (fewer if training diverges: then a RuntimeWarning carries the
        divergence message, and the network keeps the parameters before it)."""
        record = None
        for _ in range(k):
            record = self.epoch()
            if self.net.divergence is not None:
                break
        if self.net.divergence is not None and k:
            warnings.warn(self.net.divergence.message, RuntimeWarning, stacklevel=2)
        return record
