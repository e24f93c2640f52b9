"""A fully connected network in the course's notation.

    Z[l] = W[l] A[l-1] + b[l]        A[l] = g[l](Z[l])        A[0] = X, shape (n_x, m)
    dZ[L] from the loss               dW[l] = (1/m) dZ[l] A[l-1]^T + (λ/m) W[l]
    db[l] = (1/m) Σ_columns dZ[l]     dZ[l-1] = W[l]^T dZ[l] * g'[l-1](Z[l-1])

With batch norm, a hidden layer computes Z[l] = W[l] A[l-1] (no b), normalizes it over the
batch and applies Z̃[l] = γ[l] Z_norm[l] + β[l]; the record's Z is then Z̃, the input of g.
"""

import copy
import math

import numpy as np

from .activations import ACTIVATIONS
from .initializers import INITIALIZERS
from .losses import LOSSES
from .optimizers import OPTIMIZERS
from .parameters import ParameterVector
from .schedules import learning_rate
from .spec import MAX_EXAMPLES, normalize_batch_size, normalize_optimizer, normalize_spec
from .trace import Divergence, History, LayerRecord, StepRecord

BN_EPSILON = 1e-8
BN_MOMENTUM = 0.9  # running mean/variance are exponentially weighted averages over batches
# An update larger than this many times max(1, ||W||) cannot be learning any more: it is the
# blow-up of a far too large learning rate, even where sigmoid and clipped logs keep it finite.
EXPLODING_STEP = 1e3


class _LayerCache:
    """What backward needs from forward for one layer."""

    __slots__ = ("A_prev", "Z", "G", "A", "mask", "Z_norm", "inv_std")

    def __init__(self, A_prev, Z, G, A, mask=None, Z_norm=None, inv_std=None):
        self.A_prev, self.Z, self.G, self.A = A_prev, Z, G, A  # G = g(Z) before dropout
        self.mask, self.Z_norm, self.inv_std = mask, Z_norm, inv_std


class _LayerKeys:
    __slots__ = ("W", "b", "gamma", "beta", "dW", "db", "dgamma", "dbeta")

    def __init__(self, l):
        for name in self.__slots__:
            setattr(self, name, f"{name}{l}")


class Network:
    def __init__(self, spec):
        """Use ``Network.from_spec``; this constructor expects an already normalized spec."""
        self._spec = spec
        units = [layer["units"] for layer in spec["layers"]]
        self.layer_sizes = [spec["n_x"], *units]
        self.L = len(units)
        self.activations = [layer["activation"] for layer in spec["layers"]]
        self._g = [ACTIVATIONS[name] for name in self.activations]
        self.loss = LOSSES[spec["loss"]]
        self._vector = ParameterVector(self._initial_parameters())
        self.parameters = dict(self._vector.views)
        self._W_index = [self._vector.names.index(f"W{l}") for l in range(1, self.L + 1)]
        # Names and flags per layer (index l), looked up on the hot path instead of rebuilt.
        self._key = [None] + [_LayerKeys(l) for l in range(1, self.L + 1)]
        self._bn = [False] + [self._batch_norm(l) for l in range(1, self.L + 1)]
        self.bn_running = {}
        self._dropout_rng = np.random.default_rng([spec["seed"], 1])
        self._frozen_masks = None  # set by gradient_check so every evaluation uses one mask
        self._track_running_stats = True
        self.optimizer = self._make_optimizer()
        self.steps_done = 0
        self.epochs_done = 0
        self.latest = None
        self.divergence = None
        self.history = History()
        # The per-step series, resolved once: (cost, [(dW_norm1, update_ratio1), ...]).
        self._series = (self.history.of("cost"), [
            (self.history.of(f"dW_norm{l}"), self.history.of(f"update_ratio{l}"))
            for l in range(1, self.L + 1)])
        self._cache = None
        self.grads = None

    @classmethod
    def from_spec(cls, spec):
        return cls(normalize_spec(spec))

    @property
    def spec(self):
        return copy.deepcopy(self._spec)

    # --- construction -------------------------------------------------------------------------

    def _batch_norm(self, l):
        return self._spec["batch_norm"] and l < self.L  # never on the output layer

    def _initial_parameters(self):
        rng = np.random.default_rng(self._spec["seed"])
        init = INITIALIZERS[self._spec["init"]]
        parameters = {}
        for l in range(1, self.L + 1):
            n, n_prev = self.layer_sizes[l], self.layer_sizes[l - 1]
            parameters[f"W{l}"] = init(n, n_prev, rng, self._spec["init_scale"])
            if self._batch_norm(l):
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

    # --- forward and backward -----------------------------------------------------------------

    def _check_input(self, X, Y=None):
        if X.ndim != 2 or X.shape[0] != self.layer_sizes[0]:
            raise ValueError(f"X must have shape (n_x={self.layer_sizes[0]}, m), got {X.shape}")
        if Y is not None and (Y.ndim != 2 or Y.shape != (self.layer_sizes[-1], X.shape[1])):
            raise ValueError(f"Y must have shape ({self.layer_sizes[-1]}, {X.shape[1]}), "
                             f"got {Y.shape}")

    def forward(self, X, training=False):
        """A[L] for the columns of X. ``training`` uses dropout and batch statistics and keeps
        what backward needs; inference uses no dropout and the running batch-norm statistics."""
        return self._forward(X, training)[-1]

    def forward_all(self, X):
        """[A[0] = X, A[1], ..., A[L]] in inference mode: every neuron's output, for drawing."""
        return self._forward(X, training=False)

    def _forward(self, X, training, checked=False):
        if not checked:
            self._check_input(X)
        P = self.parameters
        keep_prob = self._spec["keep_prob"]
        A = X
        outputs = [X]
        caches = []
        for l in range(1, self.L + 1):
            A_prev, key = A, self._key[l]
            Z = P[key.W] @ A_prev
            Z_norm = inv_std = None
            if self._bn[l]:
                Z, Z_norm, inv_std = self._batch_norm_forward(l, Z, training)
            else:
                Z += P[key.b]
            G = self._g[l - 1].forward(Z)
            A, mask = G, None
            if training and keep_prob < 1.0 and l < self.L:
                mask = self._dropout_mask(l, G.shape, keep_prob)
                A = G * mask  # inverted dropout: the mask already holds 1/keep_prob
            outputs.append(A)
            if training:
                caches.append(_LayerCache(A_prev, Z, G, A, mask, Z_norm, inv_std))
        if training:
            self._cache = caches
        return outputs

    def _batch_norm_forward(self, l, Z, training):
        P = self.parameters
        if training:
            mu = Z.mean(axis=1, keepdims=True)
            var = Z.var(axis=1, keepdims=True)
            if self._track_running_stats:
                run_mu = self.bn_running.get(f"mu{l}", mu)
                run_var = self.bn_running.get(f"var{l}", var)
                self.bn_running[f"mu{l}"] = BN_MOMENTUM * run_mu + (1 - BN_MOMENTUM) * mu
                self.bn_running[f"var{l}"] = BN_MOMENTUM * run_var + (1 - BN_MOMENTUM) * var
        else:
            mu = self.bn_running.get(f"mu{l}", 0.0)
            var = self.bn_running.get(f"var{l}", 1.0)
        inv_std = 1.0 / np.sqrt(var + BN_EPSILON)
        Z_norm = (Z - mu) * inv_std
        return P[f"gamma{l}"] * Z_norm + P[f"beta{l}"], Z_norm, inv_std

    def _dropout_mask(self, l, shape, keep_prob):
        if self._frozen_masks is not None:
            return self._frozen_masks[l]
        return (self._dropout_rng.random(shape) < keep_prob) / keep_prob

    def cost(self, AL, Y, ZL=None):
        """J = loss(AL, Y) + λ/(2m) Σ_l ||W[l]||²_F.

        Given Z[L] too, cross entropy is computed from it (exact even for a saturated output).
        """
        if ZL is not None and hasattr(self.loss, "cost_from_logits"):
            J = self.loss.cost_from_logits(ZL, Y)
        else:
            J = self.loss.cost(AL, Y)
        lam = self._spec["l2"]
        if lam:
            m = Y.shape[1]
            J += lam / (2 * m) * sum(float(np.vdot(W, W)) for W in self._weights())
        return J

    def _weights(self):
        return (self.parameters[f"W{l}"] for l in range(1, self.L + 1))

    def backward(self, Y):
        """Gradients of the cost after ``forward(X, training=True)``: {"dW1": ..., "db1": ...}.

        Also keeps dZ[l] of each layer in ``self.dZ`` (index l - 1) for the trace.
        """
        if self._cache is None:
            raise RuntimeError("call forward(X, training=True) before backward(Y)")
        caches, P = self._cache, self.parameters
        m = Y.shape[1]
        lam = self._spec["l2"]
        flat, grads = self._vector.new_gradient()
        dZs = [None] * self.L
        last = caches[-1]
        dZ = self.loss.output_dZ(last.A, Y, last.Z, self._g[-1])
        for l in range(self.L, 0, -1):
            c, key = caches[l - 1], self._key[l]
            dZs[l - 1] = dZ
            W = P[key.W]
            if self._bn[l]:
                (dZ * c.Z_norm).sum(axis=1, keepdims=True, out=grads[key.dgamma])
                dZ.sum(axis=1, keepdims=True, out=grads[key.dbeta])
                grads[key.dgamma] /= m
                grads[key.dbeta] /= m
                dZ_norm = dZ * P[key.gamma]
                # Back through the batch statistics (mean and variance depend on every column).
                dZ = c.inv_std * (dZ_norm - dZ_norm.mean(axis=1, keepdims=True)
                                  - c.Z_norm * (dZ_norm * c.Z_norm).mean(axis=1, keepdims=True))
            else:
                db = grads[key.db]
                dZ.sum(axis=1, keepdims=True, out=db)
                db /= m
            dW = grads[key.dW]
            np.matmul(dZ, c.A_prev.T, out=dW)
            dW /= m
            if lam:
                dW += (lam / m) * W
            if l > 1:
                prev = caches[l - 2]
                dA = W.T @ dZ
                if prev.mask is not None:
                    dA *= prev.mask
                dZ = self._g[l - 2].backward(dA, prev.Z, prev.G)
        self.dZ = dZs
        self.grads, self._grad_flat = grads, flat
        return grads

    # --- training -----------------------------------------------------------------------------

    @property
    def learning_rate(self):
        opt = self._spec["optimizer"]
        return learning_rate(opt["learning_rate"], opt["decay"], self.epochs_done)

    def step(self, X, Y):
        """Forward, backward and one optimizer update on exactly this batch.

        Returns the StepRecord. If the cost, a gradient or an updated parameter is NaN or
        infinite, nothing is updated (the last finite parameters stay), ``self.divergence`` says
        where, and later steps do nothing until the network is rebuilt. An update of some W[l]
        over 1000 × max(1, ||W[l]||) counts as divergence too.
        """
        self._check_input(X, Y)
        if X.shape[1] > MAX_EXAMPLES:
            raise ValueError(f"a batch may hold at most {MAX_EXAMPLES} examples, got {X.shape[1]}")
        if self.divergence is not None:
            return self.latest
        step_number = self.steps_done + 1
        vector = self._vector
        vector.adopt(self.parameters)
        with np.errstate(all="ignore"):
            AL = self._forward(X, training=True, checked=True)[-1]
            J = self.cost(AL, Y, self._cache[-1].Z)
            self.backward(Y)
            alpha = self.learning_rate
            before = vector.theta.copy()
            step = self.optimizer.update(vector.theta, self._grad_flat, alpha)
            record = self._record(step_number, J, alpha, step, before)
        if record.divergence is not None:
            vector.theta[...] = before  # the last finite parameters
            self.divergence = record.divergence
        self.steps_done = step_number
        self.latest = record
        return record

    def _record(self, step_number, J, alpha, step, before):
        """The StepRecord: references to this step's arrays, and the norms for the curves."""
        vector = self._vector
        squares = vector.squared_norms(vector.theta, self._grad_flat, step)
        what, diverged_layer = None, None
        if not math.isfinite(J):
            what = f"the cost became {J}"
        theta_sq, grad_sq, step_sq = squares.tolist()
        # A NaN or inf anywhere makes its squared norm, and so this sum, non-finite.
        finite = [math.isfinite(a + b + c) for a, b, c in zip(theta_sq, grad_sq, step_sq,
                                                              strict=True)]
        cost_series, layer_series = self._series
        cost_series.append(step_number, J)
        layers = []
        for l, c in enumerate(self._cache, start=1):
            i, key = self._W_index[l - 1], self._key[l]
            W_norm, dW_norm = math.sqrt(theta_sq[i]), math.sqrt(grad_sq[i])
            step_norm = math.sqrt(step_sq[i])
            j = self._W_index[l] if l < self.L else len(finite)
            if diverged_layer is None and not all(finite[i:j]):
                diverged_layer = l
                what = what or "a weight or gradient became infinite or NaN"
            if diverged_layer is None and step_norm > EXPLODING_STEP:
                # Checked only for large steps, so the usual step pays nothing for it.
                start, stop = vector.slice(f"W{l}")
                W_before = math.sqrt(float(np.vdot(before[start:stop], before[start:stop])))
                if step_norm > EXPLODING_STEP * max(1.0, W_before):
                    diverged_layer = l
                    what = what or (f"one update changed W[{l}] by {step_norm:.1e}, "
                                    f"{step_norm / max(1.0, W_before):.0e} times its size "
                                    "(the learning rate is far too large)")
            ratio = step_norm / W_norm if W_norm > 0 else (0.0 if step_norm == 0 else math.inf)
            layers.append(LayerRecord(
                l=l, activation=self.activations[l - 1], A_prev=c.A_prev, Z=c.Z, A=c.A,
                dZ=self.dZ[l - 1], dW=self.grads[key.dW], db=self.grads.get(key.db),
                W_norm=W_norm, dW_norm=dW_norm, update_ratio=ratio, G=c.G))
            dW_series, ratio_series = layer_series[l - 1]
            dW_series.append(step_number, dW_norm)
            ratio_series.append(step_number, ratio)
        divergence = None
        if what is not None:
            divergence = Divergence(step=step_number, layer=diverged_layer, what=what)
        return StepRecord(step=step_number, epoch=self.epochs_done, cost=J, learning_rate=alpha,
                          layers=layers, divergence=divergence)

    def minibatches(self, m):
        """Index arrays of the next epoch's mini-batches: a seeded shuffle cut into batches of
        batch_size; the last, smaller batch is kept. Full batch: one batch, no shuffle needed."""
        size = self._spec["batch_size"]
        if size is None or size >= m:
            return [None]
        order = np.random.default_rng([self._spec["seed"], 2, self.epochs_done]).permutation(m)
        return [order[i:i + size] for i in range(0, m, size)]

    def finish_epoch(self):
        self.epochs_done += 1

    def epoch(self, X, Y):
        """One pass over (X, Y) in mini-batches; returns the last batch's StepRecord."""
        record = None
        for index in self.minibatches(X.shape[1]):
            batch = (X, Y) if index is None else (X[:, index], Y[:, index])
            record = self.step(*batch)
            if self.divergence is not None:
                return record
        self.finish_epoch()
        return record

    def predict(self, X):
        return self.forward(X, training=False)
