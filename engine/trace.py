"""What the engine records at every step, and how it notices that training diverged.

The latest full record (every Z, A, dZ, dW, db of every layer) is kept by reference — no
copies — so recording is always on. Scalars (cost, norms, update ratios) also go into bounded
series for the curves. ``Recorder.record`` turns one step's arrays into a StepRecord and asks
``DivergenceWatch`` whether the step went wrong; the network only restores parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from engine.activations import saturation

# Optional fields of a LayerRecord: None when the layer has no batch norm / dropout, or when
# the step has not reached them.
_OPTIONAL = frozenset({"dA", "dZ", "dW", "db", "mask", "keep_prob", "mu", "var", "epsilon",
                       "Z_norm", "Z_tilde", "dZ_tilde", "dgamma", "dbeta", "W_norm", "dW_norm",
                       "update_ratio", "columns", "argmax"})


class StepParameters:
    """The flat θ used in one step's forward pass and the update Δθ the optimizer subtracted:
    per-step arrays, so the values a record shows never change when later steps run."""

    __slots__ = ("layout", "before", "delta")

    def __init__(self, layout, before, delta):
        self.layout, self.before, self.delta = layout, before, delta

    def used(self, name):
        """Parameter ``name`` as used in this step's forward pass (None if the net has none)."""
        return self.layout.view(self.before, name)

    def updated(self, name):
        """Parameter ``name`` after this step's update: used − Δ (the optimizer's own sum)."""
        used = self.layout.view(self.before, name)
        return None if used is None else used - self.layout.view(self.delta, name)


class LayerRecord:
    """Layer l of one training step, in the course's notation.

    Forward:  Z = W A_prev + b (no b with batch norm); with batch norm μ, var, ε, Z_norm and
              Z_tilde = γ Z_norm + β; G = g(Z or Z_tilde); A = G * mask (mask None without
              dropout, else 0 or 1/keep_prob).
    Backward: dA = dJ/dA[l] (None for the output layer), dZ = dJ/dZ for THAT Z (also with batch
              norm, so dW = dZ A_prev^T / m + λ/m W holds), dW, db (None with batch norm),
              dZ_tilde, dgamma, dbeta (batch norm only).
    Parameters: W, b, gamma, beta as used in this forward pass; W_new, b_new, gamma_new,
              beta_new after this step's update.
    Curves:   W_norm (after the update), dW_norm, update_ratio = ||ΔW|| / ||W||, saturation,
              saturation_kind.
    Conv:     the same fields in the course's conv shapes (A_prev, Z, A (m, n_H, n_W, n_C), W
              (f_H, f_W, n_C_prev, n_C), b (1, 1, 1, n_C)) and ``columns``, the im2col matrix
              (m·n_H·n_W, f_H·f_W·n_C_prev): row (i, h, w) is the window Z[i, h, w] was made of.
    Pool:     activation None, Z = A = G the pooled output, dZ = dA, no parameters; with max
              pooling ``argmax``, the flat index in each f_H·f_W window of the maximum taken.

    A plain class with slots: one is made per layer and step, so it must be cheap; fields a
    layer does not have read as None.
    """

    __slots__ = ("l", "activation", "A_prev", "Z", "A", "G", "dA", "dZ", "dW", "db", "mask",
                 "keep_prob", "mu", "var", "epsilon", "Z_norm", "Z_tilde", "dZ_tilde", "dgamma",
                 "dbeta", "W_norm", "dW_norm", "update_ratio", "columns", "argmax", "_step",
                 "_saturation")

    def __init__(self, l, activation, A_prev, Z, A, G):
        self.l, self.activation, self.A_prev, self.Z, self.A, self.G = (
            l, activation, A_prev, Z, A, G)
        self._step = self._saturation = None

    def __getattr__(self, name):  # only reached for a slot that was never set
        if name in _OPTIONAL:
            return None
        raise AttributeError(name)

    # The parameters of this step (views into per-step arrays, made on first use).
    def _parameter(self, name, new=False):
        p = self._step
        if p is None:
            return None
        return p.updated(f"{name}{self.l}") if new else p.used(f"{name}{self.l}")

    W = property(lambda self: self._parameter("W"), doc="W[l] used in this forward pass")
    b = property(lambda self: self._parameter("b"), doc="b[l] used (None with batch norm)")
    gamma = property(lambda self: self._parameter("gamma"), doc="γ[l] used (batch norm)")
    beta = property(lambda self: self._parameter("beta"), doc="β[l] used (batch norm)")
    W_new = property(lambda self: self._parameter("W", True), doc="W[l] after the update")
    b_new = property(lambda self: self._parameter("b", True), doc="b[l] after the update")
    gamma_new = property(lambda self: self._parameter("gamma", True), doc="γ[l] after")
    beta_new = property(lambda self: self._parameter("beta", True), doc="β[l] after")

    def _measure(self):
        if self._saturation is None:
            Z_in = self.Z if self.Z_tilde is None else self.Z_tilde  # g's input
            self._saturation = saturation(self.activation, Z_in, self.G)
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
                f"dW_norm={self.dW_norm})")


@dataclass
class Divergence:
    """Why training stopped: at ``step``, in ``layer`` (None: the cost itself), ``what``
    happened; ``message`` says it in one sentence with the fix."""

    step: int
    layer: int | None
    what: str
    runaway_cost: bool = False  # the cost itself ran away (not one update or gradient)

    @property
    def message(self):
        named = self.layer and f"[{self.layer}]" in self.what  # "W[2]" already says where
        where = f" in layer {self.layer}" if self.layer and not named else ""
        return (f"Training diverged at step {self.step}: {self.what}{where}. The last "
                "parameters before it were kept; lower the learning rate and reset.")


@dataclass
class StepRecord:
    """What one ``Network.step`` did: its number, the epoch, the cost J of the batch before
    the update, the learning rate used, one LayerRecord per layer (``layers[l - 1]`` holds
    A_prev, W, b, Z, A, dZ, dW, db, W_new, b_new of layer l), the batch's Y, and the
    Divergence if the step diverged (None otherwise)."""

    step: int
    epoch: int
    cost: float
    learning_rate: float
    layers: list[LayerRecord] = field(default_factory=list)
    divergence: Divergence | None = None
    Y: np.ndarray | None = None  # the mini-batch's targets (for dZ[L] = A[L] - Y)


class DivergenceWatch:
    """Decides whether a step diverged: the cost is NaN/inf, has grown ``GROWTH`` times over its
    best (over 1 when the best is below 1), or passed ``BOUND``; a weight or gradient is NaN/inf;
    or one update of W[l] exceeded ``EXPLODING_STEP`` × max(1, ||W[l]||)."""

    GROWTH = 1e6
    BOUND = 1e30  # no sane cost comes near: cross entropy of a confident wrong answer is ~35
    # An update this many times max(1, ||W||) cannot be learning any more: it is the blow-up of
    # a far too large learning rate, even where sigmoid and clipped logs keep it finite.
    EXPLODING_STEP = 1e3

    def __init__(self):
        self.best_cost = math.inf

    def cost_problem(self, J):
        """What is wrong with cost J (None if nothing); a sane J becomes the new best."""
        if not math.isfinite(J):
            return f"the cost became {J}"
        if J > self.BOUND:
            return f"the cost reached {J:.1e}, far above any sane cost"
        if J / max(self.best_cost, 1.0) > self.GROWTH:
            return (f"the cost grew to {J:.1e}, over {self.GROWTH:.0e} times its best "
                    f"({self.best_cost:.3g})")
        self.best_cost = min(self.best_cost, J)
        return None

    def layer_problem(self, l, finite, step_norm, W_before):
        """What is wrong with layer l's update (None if nothing). ``W_before()`` gives ||W[l]||
        before the update; it is asked for only when the step is large."""
        if not finite:
            return "a weight or gradient became infinite or NaN"
        if step_norm > self.EXPLODING_STEP:
            size = max(1.0, W_before())
            if step_norm > self.EXPLODING_STEP * size:
                return (f"one update changed W[{l}] by {step_norm:.1e}, {step_norm / size:.0e} "
                        "times its size (the learning rate is far too large)")
        return None


class Recorder:
    """Turns one step's arrays into a StepRecord: norms for the curves (one reduceat over the
    flat vectors), the per-step series, and the DivergenceWatch's verdict."""

    def __init__(self, history, layout, layers):
        self.layout = layout
        self.watch = DivergenceWatch()
        # The layers with a W (a pool layer has none), in order.
        self._weighted = [i for i, layer in enumerate(layers) if layer.W is not None]
        # Per such layer: (index of W[l] in the layout, end of layer l's parameters), resolved
        # once.
        W_index = [layout.names.index(f"W{layers[i].l}") for i in self._weighted]
        self._ranges = list(zip(W_index, [*W_index[1:], len(layout.names)], strict=True))
        # The per-step series, resolved once: cost, then (dW_norm, update_ratio) per layer.
        self._cost_series = history.of("cost")
        self._layer_series = [(history.of(f"dW_norm{layers[i].l}"),
                               history.of(f"update_ratio{layers[i].l}")) for i in self._weighted]

    def record(self, step, epoch, J, alpha, layers, before, theta, grad, delta, Y=None):
        """The StepRecord of a step whose forward used θ = ``before`` and whose update
        subtracted ``delta`` (``theta`` is θ after it, ``grad`` the flat gradient, ``Y`` the
        batch's targets)."""
        layout = self.layout
        theta_sq, grad_sq, step_sq = layout.squared_norms(theta, grad, delta).tolist()
        parameters = StepParameters(layout, before, delta)
        watch = self.watch
        what = watch.cost_problem(J)
        divergence = None if what is None else Divergence(step, None, what, runaway_cost=True)
        # A NaN or inf anywhere makes its squared norm, and so this sum, non-finite.
        all_finite = math.isfinite(sum(theta_sq) + sum(grad_sq) + sum(step_sq))
        self._cost_series.append(step, J)
        for record in layers:
            record._step = parameters
        weighted = layers if len(self._weighted) == len(layers) else [
            layers[i] for i in self._weighted]
        for record, (i, j), (dW_series, ratio_series) in zip(
                weighted, self._ranges, self._layer_series, strict=True):
            W_norm, dW_norm, step_norm = (math.sqrt(theta_sq[i]), math.sqrt(grad_sq[i]),
                                          math.sqrt(step_sq[i]))
            if divergence is None and (not all_finite or step_norm > watch.EXPLODING_STEP):
                finite = math.isfinite(sum(theta_sq[i:j]) + sum(grad_sq[i:j]) + sum(step_sq[i:j]))
                what = watch.layer_problem(
                    record.l, finite, step_norm,
                    lambda l=record.l: float(np.linalg.norm(layout.view(before, f"W{l}"))))
                if what is not None:
                    divergence = Divergence(step, record.l, what)
            ratio = step_norm / W_norm if W_norm > 0 else (0.0 if step_norm == 0 else math.inf)
            record.W_norm, record.dW_norm, record.update_ratio = W_norm, dW_norm, ratio
            dW_series.append(step, dW_norm)
            ratio_series.append(step, ratio)
        return StepRecord(step=step, epoch=epoch, cost=J, learning_rate=alpha, layers=layers,
                          divergence=divergence, Y=Y)


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

    @property
    def seen(self) -> int:
        """Values appended so far (kept or not): with the stride, where thinning goes on."""
        return self._seen

    def restore(self, x, y, stride: int, seen: int) -> None:
        """Continue a saved series (engine.saving): its points and its place in thinning."""
        self.x, self.y, self.stride, self._seen = list(x), list(y), stride, seen


class History:
    """Named scalar series: ``history.series("cost") -> (x, y)``, two float arrays.

    A network's history (``net.history``, one point per step, x = step number) holds "cost"
    and per layer l "dW_norm{l}" (||dW[l]||) and "update_ratio{l}" (||ΔW[l]|| / ||W[l]||).
    A Trainer's history (``trainer.history``, one point per epoch, x = epochs done) holds
    "train_cost", "test_cost", "train_accuracy", "test_accuracy" and "saturation{l}".
    A known series with no values yet gives two empty arrays; an unknown name is a KeyError
    that lists the known ones (a misspelt name is not an empty curve).
    """

    def __init__(self, capacity=2000, names=()):
        self.capacity = capacity
        self._series = {}
        self._known = set(names)  # may be asked for before their first value

    def declare(self, *names: str) -> None:
        """Names that are known before their first value (e.g. "test_cost" without test set)."""
        self._known.update(names)

    def append(self, name, x, y):
        """Add the point (x, y) to series ``name`` (made on first use)."""
        self.of(name).append(x, y)

    def of(self, name):
        """The Series called ``name`` (made empty on first use); the network keeps these to
        append without looking names up at every step."""
        series = self._series.get(name)
        if series is None:
            series = self._series[name] = Series(self.capacity)
        return series

    def names(self):
        """The names of the series that hold values, in the order they started."""
        return list(self._series)

    def series(self, name):
        """(x, y) of series ``name``; KeyError listing the known names for an unknown one."""
        series = self._series.get(name)
        if series is None:
            if name in self._known:
                return np.empty(0), np.empty(0)
            known = ", ".join(sorted(self._known | set(self._series), key=str)) or "none yet"
            raise KeyError(f"no series {name!r} in this history; known: {known}")
        return series.arrays()

    def __contains__(self, name):
        return name in self._series
