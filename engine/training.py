"""Training a network on a data set, one mini-batch or one epoch at a time, with the metrics the
page shows (train and test cost and accuracy, once per epoch)."""

import numpy as np

from .trace import History


def accuracy(AL, Y):
    """Share of correct predictions: threshold 0.5 for one output unit, arg-max for softmax."""
    if Y.shape[0] == 1:
        return float(np.mean((AL > 0.5) == (Y > 0.5)))
    return float(np.mean(AL.argmax(axis=0) == Y.argmax(axis=0)))


class Trainer:
    """Walks the mini-batches of ``data`` (anything with X_train, Y_train, X_test, Y_test and
    problem) through ``net``, keeping an epoch-level history (x = epochs done) of the four
    metrics and of each layer's saturation ("saturation1", ...)."""

    METRICS = ("train_cost", "test_cost", "train_accuracy", "test_accuracy")

    def __init__(self, net, data):
        self.net, self.data = net, data
        self._pending = []  # the rest of the current epoch's mini-batches
        self.history = History()
        self.metrics = {}
        self.evaluate()

    def replace_data(self, data):
        """Go on training the same network on other data of the same shape (e.g. with points a
        student drew): parameters and history stay; the current epoch starts afresh."""
        if data.X_train.shape[0] != self.data.X_train.shape[0] or (
                data.Y_train.shape[0] != self.data.Y_train.shape[0]):
            raise ValueError("the new data must have the same n_x and n_y as the network")
        self.data, self._pending = data, []

    @property
    def classification(self):
        return getattr(self.data, "problem", "binary") != "regression"

    def evaluate(self):
        """Inference-mode cost and accuracy on train and test; recorded at x = epochs done."""
        net, d = self.net, self.data
        with np.errstate(all="ignore"):
            for part, X, Y in (("train", d.X_train, d.Y_train), ("test", d.X_test, d.Y_test)):
                if X.shape[1] == 0:
                    self.metrics[f"{part}_cost"] = self.metrics[f"{part}_accuracy"] = None
                    continue
                AL = net.forward(X)
                self.metrics[f"{part}_cost"] = net.cost(AL, Y)
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

    def step(self):
        """One mini-batch. Completing an epoch evaluates the metrics."""
        net, d = self.net, self.data
        if net.divergence is not None:
            return net.latest
        if not self._pending:
            self._pending = net.minibatches(d.X_train.shape[1])
        index = self._pending.pop(0)
        if index is None:
            record = net.step(d.X_train, d.Y_train)
        else:
            record = net.step(d.X_train[:, index], d.Y_train[:, index])
        if not self._pending and net.divergence is None:
            net.finish_epoch()
            self.evaluate()
        return record

    def epoch(self):
        """Finish the current epoch (or run a whole new one)."""
        record = self.step()
        while self._pending and self.net.divergence is None:
            record = self.step()
        return record

    def run_epochs(self, k):
        record = None
        for _ in range(k):
            record = self.epoch()
            if self.net.divergence is not None:
                break
        return record
