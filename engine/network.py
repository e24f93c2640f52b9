"""A fully connected network in the course's notation: a stack of Dense layers (engine/layers.py).

    A[0] = X, shape (n_x, m)          Z[l] = W[l] A[l-1] + b[l]        A[l] = g[l](Z[l])
    dZ[L] from the loss               J = loss(A[L], Y) + λ/(2m) Σ_l ||W[l]||²_F

The network owns the parameters (one flat vector θ, W1, b1, ... as views), composes the layers
forward and backward, and takes optimizer steps. What a step records and when it counts as
divergence is decided in trace.py; the training loop over epochs is training.Trainer.
"""

from __future__ import annotations

import copy
import math
import numbers
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from engine.checks import RecentlyChecked, as_columns, label_hint
from engine.conv_layers import Conv, Pool
from engine.convolution import columns_of, images
from engine.initializers import INITIALIZERS
from engine.layers import Dense
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from engine.parameters import ParameterVector
from engine.schedules import learning_rate
from engine.spec import (
    LIVE_KEYS,
    OPTIMIZER_PARAMETERS,
    OPTIMIZER_READS,
    conv_padding,
    layer_shapes,
    normalize_spec,
)
from engine.trace import History, Recorder, StepRecord


class Network:
    """A feed-forward network (dense layers, optionally after conv and pool layers); build one
    with ``Network.from_spec(spec)``.

    Public attributes:

    - ``parameters``: {"W1": (n[1], n[0]), "b1": (n[1], 1), ...} (with batch norm "gamma{l}" and
      "beta{l}" instead of "b{l}" on hidden layers). Settable: write into an array
      (``net.parameters["W1"][...] = W``) or replace it (``net.parameters["W1"] = W``) — either
      is what the next forward uses. The engine accepts any size that fits in memory: the
      parameters take 8 bytes each, a forward pass keeps Z and A of every layer (8 · m · Σ n[l]
      bytes; 784-128-10 on 12,000 examples is about 13 MB).
    - ``grads``: the last backward's {"dW1": ..., "db1": ...}; ``latest``: the last StepRecord.
    - ``layer_sizes`` [n_x, n[1], ..., n[L]], ``L``, ``activations``, ``spec`` (a copy).
    - ``steps_done``, ``epochs_done`` (the learning-rate decay reads it), ``learning_rate``.
    - ``divergence``: None, or the Divergence that stopped training (its ``message`` says why).
    - ``history``: per-step series "cost", "dW_norm{l}", "update_ratio{l}" (x = step number).
    """

    def __init__(self, spec: dict):
        """Use ``Network.from_spec``; this constructor expects an already normalized spec."""
        if not isinstance(spec, dict) or not _is_normalized(spec):
            raise ValueError("Network(spec) takes a spec that is already normalized; build the "
                             "network with engine.Network.from_spec(spec)")
        self._spec = spec
        self.layer_shapes = layer_shapes(spec)
        self.layer_sizes = [math.prod(shape) for shape in self.layer_shapes]
        self.L = len(spec["layers"])
        self.activations = [layer.get("activation") for layer in spec["layers"]]
        self.loss = LOSSES[spec["loss"]]
        self._dropout_rng = np.random.default_rng([spec["seed"], 1])
        self.layers = [self._make_layer(l, layer) for l, layer in
                       enumerate(spec["layers"], start=1)]
        # Where the data change shape: X (n_x, m) becomes images (m, n_H, n_W, n_C) before a
        # first conv or pool layer; images become columns again before the first dense layer.
        first_kind = self.layers[0].kind
        self._images_in = None if first_kind == "dense" else self.layer_shapes[0]
        self._flatten_at = next((layer.l for layer in self.layers if layer.kind == "dense"
                                 and layer.l > 1 and self.layers[layer.l - 2].kind != "dense"),
                                None)
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
        self.recorder = Recorder(self.history, self._vector, self.layers)
        self._gradients = None  # per layer, the last backward's gradients
        self._grad_flat = None
        self._checked = RecentlyChecked()
        self._sane_theta = None  # θ used by the last step whose cost was sane
        self._decay_warned = False

    @classmethod
    def from_spec(cls, spec: dict) -> Network:
        """A new network from a spec: a plain dict, validated (ValueError naming any unknown
        key or bad value), with defaults for everything but ``n_x`` and ``layers``:

            {"n_x": 2,                                   # inputs (rows of X)
             "layers": [{"units": 4, "activation": "tanh"},      # hidden layers ...
                        {"units": 1, "activation": "sigmoid"}],  # ... the last is the output
             "loss": ...,           # default follows the output activation: sigmoid ->
                                    # "binary_cross_entropy", softmax ->
                                    # "categorical_cross_entropy", others -> "mean_squared_error"
             "init": "xavier",      # or "he", "random" (randn · init_scale), "zeros",
                                    # "identity" (I, randn · init_scale off its block)
             "init_scale": None,    # "random" and "identity" (None: 0.01)
             "seed": 0,             # initial parameters, dropout masks, mini-batch shuffles
             "l2": 0.0,             # λ of L2 regularization
             "keep_prob": 1.0,      # inverted dropout on hidden layers (1.0: none)
             "batch_norm": False,   # batch norm on hidden layers (γ, β replace b)
             "batch_size": None,    # examples per mini-batch; None: the whole training set
             "optimizer": {"name": "gd", "learning_rate": 0.03, "decay": None, ...}}

        Hidden activations: linear, sigmoid, tanh, relu, leaky_relu; the output may also be
        softmax (at least 2 units).

        Images and signals: with ``"input_shape": [n_H, n_W, n_C]`` (n_x = n_H·n_W·n_C may then
        be left out; each column of X is a row-major (n_H, n_W, n_C) image) the first layers
        may be convolutional or pooling layers, before the dense ones (the output is dense):

            {"type": "conv", "filters": n_C, "size": f or [f_H, f_W], "stride": 1,
             "padding": 0 or [p_H, p_W] or "same", "activation": "relu"}
            {"type": "pool", "mode": "max" or "average", "size": f, "stride": f}

        A conv layer's A is (m, n_H, n_W, n_C), its W (f_H, f_W, n_C_prev, n_C) and b
        (1, 1, 1, n_C); the first dense layer after them takes A flattened row-major into
        (n_H·n_W·n_C, m). Limits (engine/spec.py): 32 filters a layer, 4 conv and 4 pool
        layers, filters and strides up to 32, input images of at most 4,096 values, 65,536 window
        values (n_H·n_W·f_H·f_W·n_C_prev) per example in a layer.

        Optimizers and the parameters each reads:
        "gd" (learning_rate), "momentum" (beta1 = 0.9), "rmsprop" (beta2 = 0.999,
        epsilon = 1e-8), "adam" (beta1, beta2, epsilon); a β the optimizer does not read is
        refused. ``decay`` is None or {"kind": "inverse_time", "decay_rate": 1.0},
        {"kind": "exponential", "base": 0.95} or {"kind": "staircase", "drop": 0.5,
        "every": 10}; it advances once per epoch (``finish_epoch``; ``fit`` and the Trainer
        call it). There is no limit on layers, units or examples but memory's.
        """
        return cls(normalize_spec(spec))

    @property
    def spec(self) -> dict:
        return copy.deepcopy(self._spec)

    # --- construction -------------------------------------------------------------------------

    def _make_layer(self, l, layer):
        # Batch norm on hidden layers only: the output layer keeps its b.
        batch_norm = self._spec["batch_norm"] and l < self.L
        kind = layer.get("type", "dense")
        if kind == "dense":
            return Dense(l, layer["activation"], batch_norm, self._dropout_rng)
        if kind == "conv":
            return Conv(l, layer["activation"], batch_norm, self._dropout_rng, layer["stride"],
                        conv_padding(layer))
        return Pool(l, layer["mode"], layer["size"], layer["stride"])

    def _initial_parameters(self):
        rng = np.random.default_rng(self._spec["seed"])
        init = INITIALIZERS[self._spec["init"]]
        parameters = {}
        for layer, layer_spec in zip(self.layers, self._spec["layers"], strict=True):
            l = layer.l
            if layer.kind == "pool":
                continue
            if layer.kind == "conv":
                # Drawn as the course's (n, n_prev) matrix with n_prev = f_H·f_W·n_C_prev
                # (the fan-in), then laid out as (f_H, f_W, n_C_prev, n_C).
                f_H, f_W = layer_spec["size"]
                n, n_C_prev = layer_spec["filters"], self.layer_shapes[l - 1][2]
                W = init(n, f_H * f_W * n_C_prev, rng, self._spec["init_scale"])
                parameters[f"W{l}"] = W.T.reshape(f_H, f_W, n_C_prev, n)
                shape = (1, 1, 1, n)
            else:
                n, n_prev = self.layer_sizes[l], self.layer_sizes[l - 1]
                parameters[f"W{l}"] = init(n, n_prev, rng, self._spec["init_scale"])
                shape = (n, 1)
            if layer.batch_norm:
                parameters[f"gamma{l}"] = np.ones(shape)
                parameters[f"beta{l}"] = np.zeros(shape)
            else:
                parameters[f"b{l}"] = np.zeros(shape)
        return parameters

    def _make_optimizer(self):
        opt = self._spec["optimizer"]
        return OPTIMIZERS[opt["name"]](**opt)

    def update_settings(self, optimizer=None, **changes):
        """Change how training goes on without touching the parameters: ``optimizer`` (the
        keys that change; a new name keeps only the βs it reads) and any other spec key of
        LIVE_KEYS (``l2``, ``keep_prob``, ``batch_size``: None is the full batch).

        A new optimizer name starts that optimizer's moving averages from zero; a new learning
        rate or β keeps them (the averages do not depend on α).
        """
        fixed = sorted(set(changes) - set(LIVE_KEYS))
        if fixed:
            raise ValueError(f"{', '.join(fixed)} cannot change on a running network (its "
                             "parameters depend on it); build a new one from a spec")
        spec = copy.deepcopy(self._spec)
        old = spec["optimizer"]
        if optimizer is not None:
            # The old βs go on only where the new optimizer reads them (others are refused).
            reads = OPTIMIZER_READS.get(optimizer.get("name", old["name"]), ())
            spec["optimizer"] = {**{key: value for key, value in old.items()
                                    if key not in OPTIMIZER_PARAMETERS or key in reads},
                                 **optimizer}
        spec = normalize_spec({**spec, **changes})
        new = spec["optimizer"]
        self._spec = spec
        if new["name"] != old["name"]:
            self.optimizer = self._make_optimizer()
            return
        for key, value in new.items():  # the same optimizer goes on with its new βs
            if key != "name" and hasattr(self.optimizer, key):
                setattr(self.optimizer, key, value)

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
        self.checked(X, Y)

    def checked(self, X, Y=None) -> tuple[np.ndarray, np.ndarray | None]:
        """(X, Y) in the engine's shapes, or the ValueError of ``check_data``. A shape with one
        meaning is taken: with n_x = 1 (n_y = 1) a 1-D array or an (m, 1) column holds m
        examples (labels), so binary labels y of shape (m,) become Y of shape (1, m)."""
        X = as_columns("X", X, self.layer_sizes[0], "n_x")
        if X.shape[1] == 0:
            raise ValueError("X has no examples (m = 0): it needs at least one column")
        if Y is not None:
            Y = self.checked_targets(Y, X.shape[1])
        return X, Y

    def checked_targets(self, Y, m: int) -> np.ndarray:
        """Y as (n_y, m) targets of this network's loss, or ValueError naming Y and the fix."""
        n_y = self.layer_sizes[-1]
        if (n_y > 1 and isinstance(Y, np.ndarray) and Y.shape != (n_y, m)
                and Y.size == m and Y.dtype.kind in "iuf"):
            hint = label_hint(Y, n_y)
            if hint is not None:
                raise ValueError(hint)
        Y = as_columns("Y", Y, n_y, "n_y", columns=m)
        self.loss.check_targets(Y)
        return Y

    def _check_once(self, X, Y=None):
        """``checked``, skipped for arrays checked lately: full-batch training, gradient
        checking and the page's drawing pass the same few arrays again and again."""
        if self._checked.holds(X, Y):
            return X, Y
        X_checked, Y_checked = self.checked(X, Y)
        if X_checked is X and Y_checked is Y:
            self._checked.add(X, Y)
        return X_checked, Y_checked

    # --- forward and backward -----------------------------------------------------------------

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """A[L] (n_y, m) for the columns of X (n_x, m): the course's L_model_forward.
        ``training`` uses dropout and batch statistics and keeps what backward needs;
        inference uses no dropout and the running batch-norm statistics."""
        return self.output(X, training)[1]

    def forward_all(self, X: np.ndarray) -> list[np.ndarray]:
        """[A[0] = X, A[1], ..., A[L]] in inference mode: every neuron's output, for drawing."""
        X, _ = self._check_once(X)
        self._vector.adopt(self.parameters)
        A = [X]
        for layer in self.layers:
            A.append(layer.forward(self._input_of(layer, A[-1]))[1])
        return A

    def _input_of(self, layer, A_prev):
        """A[l-1] in the shape layer l takes: images before the first conv/pool layer (from
        X), columns (n_H·n_W·n_C, m) before the first dense layer after them."""
        if layer.l == 1 and self._images_in is not None:
            return images(A_prev, self._images_in)
        if layer.l == self._flatten_at:
            return columns_of(A_prev)
        return A_prev

    def output(self, X: np.ndarray, training: bool = False,
               hidden: list | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(Z[L], A[L]): the output layer's logits and activations for the columns of X.
        ``hidden``, a list, receives A[1], ..., A[L-1] on the way (the Trainer measures
        saturation on them without a second pass)."""
        X, _ = self._check_once(X)
        self._vector.adopt(self.parameters)
        return self._forward(X, bool(training), hidden)

    def _forward(self, X, training, hidden=None):
        keep_prob = self._spec["keep_prob"] if training else 1.0
        A = X
        for layer in self.layers[:-1]:
            A = layer.forward(self._input_of(layer, A), training, keep_prob)[1]
            if hidden is not None:
                hidden.append(A)
        output = self.layers[-1]
        return output.forward(self._input_of(output, A), training)  # no dropout on the output

    def cost(self, X: np.ndarray, Y: np.ndarray, training: bool = False) -> float:
        """J of the network on (X, Y); see ``cost_of_output``. ``training`` runs the forward
        pass as a training step would (dropout, batch statistics)."""
        X, Y = self._check_once(X, Y)
        self._vector.adopt(self.parameters)
        return self.cost_of_output(*self._forward(X, bool(training)), Y)

    def cost_of_output(self, ZL: np.ndarray, AL: np.ndarray, Y: np.ndarray) -> float:
        """J = loss(A[L], Y) + λ/(2m) Σ_l ||W[l]||²_F — the one definition of the cost.

        Cross entropy is computed from Z[L] (the logits), so a saturated output gives its
        real cost instead of the clipped one.
        """
        if hasattr(self.loss, "cost_from_logits"):
            J = self.loss.cost_from_logits(ZL, Y)
        else:
            J = self.loss.cost(AL, Y)
        return J + self.l2_cost(Y.shape[1])

    def l2_cost(self, m: int) -> float:
        """λ/(2m) Σ_l ||W[l]||²_F (0.0 without L2)."""
        lambd = self._spec["l2"]
        if not lambd:
            return 0.0
        return lambd / (2 * m) * sum(float(np.vdot(layer.W, layer.W)) for layer in self.layers
                                     if layer.W is not None)  # pool layers have no W

    def backward(self, Y: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of the cost after ``forward(X, training=True)``: {"dW1": ..., "db1": ...}.

        dZ[L] comes from the loss; each layer below gets dA[l] = W[l+1]^T dZ[l+1]. Y is
        checked against that forward's m (the course's L_model_backward).
        """
        output = self.layers[-1]
        if output.record is None:
            raise RuntimeError("call forward(X, training=True) before backward(Y)")
        self._backward(self.checked_targets(Y, output.record.A.shape[1]))
        return self.grads

    def _backward(self, Y):
        output = self.layers[-1]
        if output.record is None:
            raise RuntimeError("call forward(X, training=True) before backward(Y)")
        r = output.record
        self._backward_from(Y.shape[1], dZ=self.loss.output_dZ(r.A, Y, r.Z, output.g))

    def _backward_from(self, m, dZ=None, dA=None):
        """Back through every layer from the output layer's dZ[L] (from the loss) or its dA[L]
        (per example, as the course's dAL: from a cost the loss does not know)."""
        lambd = self._spec["l2"]
        gradients, dA = self.layers[-1].backward(m, lambd, dA=dA, dZ=dZ)
        per_layer = [gradients]
        for layer in reversed(self.layers[:-1]):
            if layer.l + 1 == self._flatten_at:  # the columns back into images
                dA = images(dA, self.layer_shapes[layer.l])
            gradients, dA = layer.backward(m, lambd, dA=dA)
            per_layer.append(gradients)
        per_layer.reverse()
        self._gradients = per_layer
        # The flat dθ in θ's layout (W1, b1, W2, ...), for the optimizer and the norms.
        self._grad_flat = np.concatenate([g.ravel() for values in per_layer for g in values])

    def input_gradient(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """dJ/dX (n_x, m): the gradient of the inference-mode cost J = ``cost(X, Y)`` with
        respect to the input, backpropagated one layer further than training goes:

            dA[0] = W[1]^T dZ[1]          dJ/dX = dA[0] / m

        (the course's dZ holds one example per column; J averages over the m columns). Column
        i, times m, is the gradient of example i's own loss: its sign is the fast gradient sign
        step of an adversarial example (engine/adversarial.py).

        Nothing of the network changes (its last step's gradients and records stay). A network
        with batch norm is refused: at inference its statistics are the running ones, whose
        backward is not the training one's.
        """
        X, Y = self._check_once(X, Y)
        output = self.layers[-1]
        with self._kept_state():
            ZL, AL = self._forward_recorded(X)
            dZ = self.loss.output_dZ(AL, Y, ZL, output.g)
            return self._backward_to_input(X.shape[1], dZ=dZ) / X.shape[1]

    def _forward_recorded(self, X):
        """(Z[L], A[L]) of an inference forward (no dropout) that keeps what backward needs:
        without batch norm, the training forward with keep_prob = 1 is exactly inference."""
        if any(layer.batch_norm for layer in self.layers):
            raise ValueError("the gradient with respect to the input is not available for a "
                             "network with batch norm (its inference uses running statistics)")
        self._vector.adopt(self.parameters)
        A = X
        for layer in self.layers:
            A = layer.forward(self._input_of(layer, A), True, 1.0)[1]
        return self.layers[-1].record.Z, A

    def _backward_to_input(self, m, dZ=None, dA=None):
        """dA[0] (n_x, m) after a recorded forward, from dZ[L] or the per-example dA[L]."""
        self._backward_from(m, dZ=dZ, dA=dA)
        dA0 = self.layers[0].backward_to_input()
        return dA0 if self._images_in is None else columns_of(dA0)

    @contextmanager
    def _kept_state(self):
        """The layers' records and the last gradients as they were before the block."""
        records = [layer.record for layer in self.layers]
        gradients, grad_flat = self._gradients, self._grad_flat
        try:
            yield
        finally:
            for layer, record in zip(self.layers, records, strict=True):
                layer.record = record
            self._gradients, self._grad_flat = gradients, grad_flat

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
            X, Y = self._check_once(X, Y)
            self._warn_decay_by_hand()

        def cost_and_backward(ZL, AL):
            J = self.cost_of_output(ZL, AL, Y)
            self._backward(Y)  # the gradients by name are made only if asked for (net.grads)
            return J

        return self._step(X, Y, cost_and_backward)

    def step_through(self, X: np.ndarray, cost_of_output) -> StepRecord:
        """One training step (forward, backward, update) of a network whose cost is not one of
        its losses but some function of its output that the caller computes: a GAN's generator,
        whose cost J(A[L]) goes through the discriminator (engine/gan.py).

        ``cost_of_output(AL)`` returns (J, dJ/dA[L]) for this batch's A[L] (n_y, m); the
        network adds its own L2 term to J and backpropagates m · dJ/dA[L] (the course's dAL,
        one example per column). Divergence is handled as in ``step``; the record has no Y.
        """
        X, _ = self._check_once(X)
        self._warn_decay_by_hand()

        def cost_and_backward(ZL, AL):
            J, dAL = cost_of_output(AL)
            self._backward_from_output(dAL)
            return float(J) + self.l2_cost(AL.shape[1])

        return self._step(X, None, cost_and_backward)

    def backward_from_output(self, dJ_dAL: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients after ``forward(X, training=True)`` of a cost J(A[L]) the network does
        not know, from its gradient dJ/dA[L] (n_y, m): as ``backward(Y)``, with dZ[L] =
        dA[L] * g'(Z[L]) where dA[L] = m · dJ/dA[L] (one example per column). Plus L2's λ/m W."""
        self._backward_from_output(dJ_dAL)
        return self.grads

    def _backward_from_output(self, dJ_dAL):
        output = self.layers[-1]
        if output.record is None:
            raise RuntimeError("call forward(X, training=True) before backward_from_output")
        m = output.record.A.shape[1]
        if not isinstance(dJ_dAL, np.ndarray) or dJ_dAL.shape != output.record.A.shape:
            raise ValueError(f"dJ/dA[L] must be an array of A[L]'s shape "
                             f"{output.record.A.shape}, got {getattr(dJ_dAL, 'shape', dJ_dAL)!r}")
        if self.activations[-1] == "softmax":
            raise ValueError("a softmax output backpropagates from its loss only (dZ = A - Y)")
        self._backward_from(m, dA=m * dJ_dAL)

    def _step(self, X, Y, cost_and_backward):
        """The update of ``step`` and ``step_through``: ``cost_and_backward(ZL, AL)`` returns
        J after filling the gradients."""
        if self.divergence is not None:
            return self.latest
        step_number = self.steps_done + 1
        vector = self._vector
        vector.adopt(self.parameters)
        with np.errstate(all="ignore"):
            ZL, AL = self._forward(X, training=True)
            J = cost_and_backward(ZL, AL)
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

    def _warn_decay_by_hand(self):
        """A decay schedule in a hand-written step loop: say once that it needs the epochs."""
        if self._decay_warned or not self._spec["optimizer"]["decay"] or self.epochs_done:
            return
        self._decay_warned = True
        warnings.warn("the learning-rate decay of this network advances once per epoch, and "
                      "net.step does not count epochs: call net.finish_epoch() after each "
                      "epoch's steps (net.fit and engine.Trainer do it for you)",
                      UserWarning, stacklevel=3)

    def finish_epoch(self) -> None:
        """Count one more epoch (the learning-rate decay reads epochs_done)."""
        self.epochs_done += 1

    def predict(self, X: np.ndarray) -> np.ndarray:
        """A[L] for the columns of X in inference mode: probabilities, not labels — for a
        sigmoid output P(y = 1) per example (threshold with ``> 0.5`` for labels), for softmax
        one column of class probabilities per example (``.argmax(axis=0)`` for labels), for a
        linear output the predicted values."""
        return self.forward(X, training=False)

    def fit(self, X, Y, epochs: int = 1, batch_size: int | str | None = None, X_test=None,
            Y_test=None, problem: str | None = None):
        """Train for ``epochs`` epochs of (X, Y) and return the engine.Trainer that did it (its
        ``history`` has one point per epoch, its ``metrics`` the latest train/test cost and
        accuracy). The notebook's one line:

            trainer = net.fit(X, Y, epochs=5, batch_size=128, X_test=X_test, Y_test=Y_test)

        ``batch_size``: an int sets the mini-batch size, "full" trains on all of X at each
        step, None keeps the network's. Mini-batches are reshuffled every epoch, the decay
        schedule advances every epoch, and a divergence stops training with a warning (the
        parameters before it are kept). ``problem`` ("binary", "multiclass", "regression")
        follows the loss unless given. Calling fit again goes on training.
        """
        from engine.training import ArrayData, Trainer  # training imports this module

        if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
            raise ValueError(f"epochs must be a whole number ≥ 0, got {epochs!r}")
        if batch_size is not None:
            self.update_settings(batch_size=None if batch_size == "full" else batch_size)
        trainer = Trainer(self, ArrayData(X, Y, problem, X_test=X_test, Y_test=Y_test))
        trainer.run_epochs(int(epochs))
        return trainer


def _is_normalized(spec: dict) -> bool:
    try:
        return normalize_spec(spec) == spec
    except ValueError:
        return False

