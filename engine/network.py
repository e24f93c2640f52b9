"""A fully connected network in the course's notation: a stack of Dense layers (engine/layers.py).

    A[0] = X, shape (n_x, m)          Z[l] = W[l] A[l-1] + b[l]        A[l] = g[l](Z[l])
    dZ[L] from the loss               J = loss(A[L], Y) + λ/(2m) Σ_l ||W[l]||²_F

The network owns the parameters (one flat vector θ, W1, b1, ... as views), composes the layers
forward and backward, and takes optimizer steps. What a step records and when it counts as
divergence is decided in trace.py; the training loop over epochs is training.Trainer.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from engine.checks import RecentlyChecked, check_array
from engine.initializers import INITIALIZERS
from engine.layers import Dense
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from engine.parameters import ParameterVector
from engine.schedules import learning_rate
from engine.spec import MAX_EXAMPLES, normalize_batch_size, normalize_optimizer, normalize_spec
from engine.trace import History, Recorder, StepRecord


class Network:
    def __init__(self, spec: dict):
        """Use ``Network.from_spec``; this constructor expects an already normalized spec."""
        self._spec = spec
        units = [layer["units"] for layer in spec["layers"]]
        self.layer_sizes = [spec["n_x"], *units]
        self.L = len(units)
        self.activations = [layer["activation"] for layer in spec["layers"]]
        self.loss = LOSSES[spec["loss"]]
        self._dropout_rng = np.random.default_rng([spec["seed"], 1])
        # Batch norm on hidden layers only: the output layer keeps its b.
        self.layers = [Dense(l, self.activations[l - 1], spec["batch_norm"] and l < self.L,
                             self._dropout_rng) for l in range(1, self.L + 1)]
        self._vector = ParameterVector(self._initial_parameters())
        self.parameters = dict(self._vector.views)
        for layer in self.layers:
            layer.bind(self._vector.views)
        self.optimizer = self._make_optimizer()
        self.steps_done = 0
        self.epochs_done = 0
        self.latest: StepRecord | None = None
        self.divergence = None
        self.history = History()
        self.recorder = Recorder(self.history, self._vector, self.L)
        self._gradients = None  # per layer, the last backward's gradients
        self._grad_flat = None
        self._checked = RecentlyChecked()
        self._sane_theta = None  # θ used by the last step whose cost was sane

    @classmethod
    def from_spec(cls, spec: dict) -> Network:
        return cls(normalize_spec(spec))

    @property
    def spec(self) -> dict:
        return copy.deepcopy(self._spec)

    # --- construction -------------------------------------------------------------------------

    def _initial_parameters(self):
        rng = np.random.default_rng(self._spec["seed"])
        init = INITIALIZERS[self._spec["init"]]
        parameters = {}
        for layer in self.layers:
            l = layer.l
            n, n_prev = self.layer_sizes[l], self.layer_sizes[l - 1]
            parameters[f"W{l}"] = init(n, n_prev, rng, self._spec["init_scale"])
            if layer.batch_norm:
                parameters[f"gamma{l}"] = np.ones((n, 1))
                parameters[f"beta{l}"] = np.zeros((n, 1))
            else:
                parameters[f"b{l}"] = np.zeros((n, 1))
        return parameters

    def _make_optimizer(self):
        opt = self._spec["optimizer"]
        return OPTIMIZERS[opt["name"]](**opt)

    def update_settings(self, optimizer=None, l2=None, keep_prob=None, batch_size="unchanged"):
        """Change how training goes on without touching the parameters.

        A new optimizer name starts that optimizer's moving averages from zero; a new learning
        rate or β keeps them (the averages do not depend on α).
        """
        spec = copy.deepcopy(self._spec)
        if optimizer is not None:
            new = normalize_optimizer({**spec["optimizer"], **optimizer})
            same_kind = new["name"] == spec["optimizer"]["name"]
            spec["optimizer"] = new
            if same_kind:
                for attr in ("beta1", "beta2", "epsilon"):
                    if hasattr(self.optimizer, attr):
                        setattr(self.optimizer, attr, new[attr])
        if l2 is not None:
            spec["l2"] = normalize_spec({**spec, "l2": l2})["l2"]
        if keep_prob is not None:
            spec["keep_prob"] = normalize_spec({**spec, "keep_prob": keep_prob})["keep_prob"]
        if batch_size != "unchanged":
            spec["batch_size"] = normalize_batch_size(batch_size)
        self._spec = spec
        if optimizer is not None and not same_kind:
            self.optimizer = self._make_optimizer()

    @property
    def batch_size(self) -> int | None:
        """Examples per mini-batch (None: the whole training set); read without copying the
        spec, since the training loop asks at every epoch."""
        return self._spec["batch_size"]

    @property
    def seed(self) -> int:
        return self._spec["seed"]

    @property
    def dropout_state(self) -> dict:
        """The dropout masks' random stream (a saved network continues it: engine.saving)."""
        return self._dropout_rng.bit_generator.state

    @dropout_state.setter
    def dropout_state(self, state: dict) -> None:
        self._dropout_rng.bit_generator.state = state

    @property
    def bn_running(self) -> dict[str, np.ndarray]:
        """Batch norm's running statistics {"mu1": ..., "var1": ...} (used at test time)."""
        running = {}
        for layer in self.layers:
            if layer.running_mu is not None:
                running[f"mu{layer.l}"] = layer.running_mu
                running[f"var{layer.l}"] = layer.running_var
        return running

    # --- data ---------------------------------------------------------------------------------

    def check_data(self, X, Y=None) -> None:
        """Raise ValueError naming the argument if X (n_x, m) or Y (n_y, m) cannot be trained
        on: not a NumPy array of numbers, wrong shape, no examples, NaN or infinite values,
        or targets the loss cannot take (binary labels outside 0..1, a Y that is not one-hot
        for softmax)."""
        check_array("X", X, self.layer_sizes[0], "n_x")
        if X.shape[1] == 0:
            raise ValueError("X has no examples (m = 0): it needs at least one column")
        if Y is not None:
            check_array("Y", Y, self.layer_sizes[-1], "n_y", columns=X.shape[1])
            self.loss.check_targets(Y)

    def _check_once(self, X, Y=None):
        """check_data, skipped for arrays checked lately: full-batch training, gradient
        checking and the page's drawing pass the same few arrays again and again."""
        if not self._checked.holds(X, Y):
            self.check_data(X, Y)
            self._checked.add(X, Y)

    # --- forward and backward -----------------------------------------------------------------

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """A[L] for the columns of X. ``training`` uses dropout and batch statistics and keeps
        what backward needs; inference uses no dropout and the running batch-norm statistics."""
        return self.output(X, training)[1]

    def forward_all(self, X: np.ndarray) -> list[np.ndarray]:
        """[A[0] = X, A[1], ..., A[L]] in inference mode: every neuron's output, for drawing."""
        self._check_once(X)
        self._vector.adopt(self.parameters)
        A = [X]
        for layer in self.layers:
            A.append(layer.forward(A[-1])[1])
        return A

    def output(self, X: np.ndarray, training: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(Z[L], A[L]): the output layer's logits and activations for the columns of X."""
        self._check_once(X)
        self._vector.adopt(self.parameters)
        return self._forward(X, training)

    def _forward(self, X, training):
        keep_prob = self._spec["keep_prob"] if training else 1.0
        A = X
        for layer in self.layers[:-1]:
            A = layer.forward(A, training, keep_prob)[1]
        return self.layers[-1].forward(A, training)  # no dropout on the output

    def cost(self, X: np.ndarray, Y: np.ndarray, training: bool = False) -> float:
        """J of the network on (X, Y); see ``cost_of_output``. ``training`` runs the forward
        pass as a training step would (dropout, batch statistics)."""
        self._check_once(X, Y)
        self._vector.adopt(self.parameters)
        return self.cost_of_output(*self._forward(X, training), Y)

    def cost_of_output(self, ZL: np.ndarray, AL: np.ndarray, Y: np.ndarray) -> float:
        """J = loss(A[L], Y) + λ/(2m) Σ_l ||W[l]||²_F — the one definition of the cost.

        Cross entropy is computed from Z[L] (the logits), so a saturated output gives its
        real cost instead of the clipped one.
        """
        if hasattr(self.loss, "cost_from_logits"):
            J = self.loss.cost_from_logits(ZL, Y)
        else:
            J = self.loss.cost(AL, Y)
        lambd = self._spec["l2"]
        if lambd:
            m = Y.shape[1]
            J += lambd / (2 * m) * sum(float(np.vdot(layer.W, layer.W)) for layer in self.layers)
        return J

    def backward(self, Y: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of the cost after ``forward(X, training=True)``: {"dW1": ..., "db1": ...}.

        dZ[L] comes from the loss; each layer below gets dA[l] = W[l+1]^T dZ[l+1].
        """
        self._backward(Y)
        return self.grads

    def _backward(self, Y):
        output = self.layers[-1]
        if output.record is None:
            raise RuntimeError("call forward(X, training=True) before backward(Y)")
        m, lambd = Y.shape[1], self._spec["l2"]
        r = output.record
        gradients, dA = output.backward(m, lambd, dZ=self.loss.output_dZ(r.A, Y, r.Z, output.g))
        per_layer = [gradients]
        for layer in reversed(self.layers[:-1]):
            gradients, dA = layer.backward(m, lambd, dA=dA)
            per_layer.append(gradients)
        per_layer.reverse()
        self._gradients = per_layer
        # The flat dθ in θ's layout (W1, b1, W2, ...), for the optimizer and the norms.
        self._grad_flat = np.concatenate([g.ravel() for values in per_layer for g in values])

    @property
    def grads(self) -> dict[str, np.ndarray] | None:
        """The last backward's gradients by name, {"dW1": ..., "db1": ...} (None before)."""
        if self._gradients is None:
            return None
        grads = {}
        for layer, values in zip(self.layers, self._gradients, strict=True):
            grads.update(zip(layer.gradient_names, values, strict=True))
        return grads

    @contextmanager
    def frozen(self) -> Iterator[Network]:
        """Within this block every training forward uses the same dropout masks (drawn by the
        first one) and leaves batch norm's running statistics alone, so J(θ) is one function
        of θ, as gradient checking needs. Afterwards the running statistics and the dropout
        random stream are as before, so a check does not change the training that follows."""
        rng_state = self._dropout_rng.bit_generator.state
        for layer in self.layers:
            layer.track_running_stats, layer.freeze_masks = False, True
        try:
            yield self
        finally:
            for layer in self.layers:
                layer.track_running_stats, layer.freeze_masks = True, False
                layer.frozen_mask = None
            self._dropout_rng.bit_generator.state = rng_state

    # --- training -----------------------------------------------------------------------------

    @property
    def learning_rate(self) -> float:
        opt = self._spec["optimizer"]
        return learning_rate(opt["learning_rate"], opt["decay"], self.epochs_done)

    def step(self, X: np.ndarray, Y: np.ndarray, *, checked: bool = False) -> StepRecord:
        """Forward, backward and one optimizer update on exactly this batch; returns the
        StepRecord. ``checked``: the caller has validated X and Y already (the Trainer checks
        its data set once, not every mini-batch).

        If the step diverges (see trace.DivergenceWatch), the parameters go back to the last
        ones before it, ``self.divergence`` says where, and later steps do nothing until the
        network is rebuilt.
        """
        if not checked:
            self._check_once(X, Y)
        if X.shape[1] > MAX_EXAMPLES:
            raise ValueError(f"a batch may hold at most {MAX_EXAMPLES} examples, got {X.shape[1]}")
        if self.divergence is not None:
            return self.latest
        step_number = self.steps_done + 1
        vector = self._vector
        vector.adopt(self.parameters)
        with np.errstate(all="ignore"):
            ZL, AL = self._forward(X, training=True)
            J = self.cost_of_output(ZL, AL, Y)
            self._backward(Y)  # the gradients by name are made only if asked for (net.grads)
            alpha = self.learning_rate
            before = vector.theta.copy()
            delta = self.optimizer.update(vector.theta, self._grad_flat, alpha)
            record = self.recorder.record(
                step_number, self.epochs_done, J, alpha, [layer.record for layer in self.layers],
                before, vector.theta, self._grad_flat, delta, Y)
        if record.divergence is None:
            self._sane_theta = before
        else:
            # A runaway cost was already there in this step's forward pass: go back to the
            # parameters of the last sane cost. A bad update alone: undo just that update.
            keep = self._sane_theta if record.divergence.runaway_cost else None
            vector.theta[...] = before if keep is None else keep
            self.check_data(X, Y)  # NaN or inf in the data is the data's fault, not α's
            self.divergence = record.divergence
        self.steps_done = step_number
        self.latest = record
        return record

    def finish_epoch(self) -> None:
        """Count one more epoch (the learning-rate decay reads epochs_done)."""
        self.epochs_done += 1

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.forward(X, training=False)

