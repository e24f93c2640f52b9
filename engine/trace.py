"""What the engine records at every step, for the page to show.

The latest full record (every Z, A, dZ, dW, db) is kept by reference — no copies — so recording
is always on. Scalars (cost, norms, update ratios, saturation) also go into bounded series for
the curves.
"""

from dataclasses import dataclass, field

import numpy as np

from .activations import saturation


class LayerRecord:
    """Layer l of one step, in the course's notation: Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]).

    Fields: l, activation, A_prev, Z, A, dZ, dW, db (None with batch norm), W_norm, dW_norm,
    update_ratio (||ΔW[l]|| / ||W[l]||), and G = g(Z) before dropout. A plain class with slots:
    one is made per layer and step, so it must be cheap.
    """

    __slots__ = ("l", "activation", "A_prev", "Z", "A", "dZ", "dW", "db", "W_norm", "dW_norm",
                 "update_ratio", "G", "_saturation")

    def __init__(self, l, activation, A_prev, Z, A, dZ, dW, db, W_norm, dW_norm, update_ratio,
                 G):
        self.l, self.activation, self.A_prev, self.Z, self.A = l, activation, A_prev, Z, A
        self.dZ, self.dW, self.db = dZ, dW, db
        self.W_norm, self.dW_norm, self.update_ratio, self.G = W_norm, dW_norm, update_ratio, G
        self._saturation = None

    def _measure(self):
        if self._saturation is None:
            self._saturation = saturation(self.activation, self.Z, self.G)
        return self._saturation

    @property
    def saturation(self):
        """Share of saturated sigmoid/tanh activations or of dead ReLU units (computed on first
        use: most steps are never looked at)."""
        return self._measure()[0]

    @property
    def saturation_kind(self):
        return self._measure()[1]

    def __repr__(self):
        return (f"LayerRecord(l={self.l}, activation={self.activation!r}, Z{self.Z.shape}, "
                f"dW{self.dW.shape}, dW_norm={self.dW_norm:.3g})")


@dataclass
class Divergence:
    step: int
    layer: int | None
    what: str

    @property
    def message(self):
        named = self.layer and f"[{self.layer}]" in self.what  # "W[2]" already says where
        where = f" in layer {self.layer}" if self.layer and not named else ""
        return (f"Training diverged at step {self.step}: {self.what}{where}. The last finite "
                "parameters were kept; lower the learning rate and reset.")


@dataclass
class StepRecord:
    step: int
    epoch: int
    cost: float
    learning_rate: float
    layers: list[LayerRecord] = field(default_factory=list)
    divergence: Divergence | None = None


class Series:
    """A bounded (x, y) series: past ``capacity`` points it keeps every other point and from
    then on records every 2nd (4th, ...) value, so a long run costs constant memory."""

    def __init__(self, capacity=2000):
        self.capacity, self.stride, self._seen = capacity, 1, 0
        self.x, self.y = [], []

    def append(self, x, y):
        self._seen += 1
        if self.stride > 1 and (self._seen - 1) % self.stride:
            return
        self.x.append(x)
        self.y.append(y)
        if len(self.x) >= self.capacity:
            self.x, self.y = self.x[::2], self.y[::2]
            self.stride *= 2

    def arrays(self):
        return np.asarray(self.x, dtype=float), np.asarray(self.y, dtype=float)


class History:
    """Named scalar series: ``history.series("cost") -> (x, y)``."""

    def __init__(self, capacity=2000):
        self.capacity = capacity
        self._series = {}

    def append(self, name, x, y):
        self.of(name).append(x, y)

    def of(self, name):
        """The Series called ``name`` (made empty on first use); the network keeps these to
        append without looking names up at every step."""
        series = self._series.get(name)
        if series is None:
            series = self._series[name] = Series(self.capacity)
        return series

    def names(self):
        return list(self._series)

    def series(self, name):
        if name not in self._series:
            return np.empty(0), np.empty(0)
        return self._series[name].arrays()

    def __contains__(self, name):
        return name in self._series
