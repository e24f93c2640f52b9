"""One fully connected layer l, forward and backward, each course equation one statement.

Forward (A_prev = A[l-1] has shape (n[l-1], m), one column per example):

    Z = W @ A_prev + b                         Z[l] = W[l] A[l-1] + b[l]
    A = g(Z)                                   A[l] = g[l](Z[l])

With batch norm (hidden layers only; b is dropped, β takes over its job):

    Z = W @ A_prev                             μ = mean of Z over the batch, σ² its variance
    Z_norm = (Z - μ) / √(σ² + ε)              Z̃ = γ Z_norm + β            A = g(Z̃)

With inverted dropout (hidden layers only): A = g(Z) * mask, the mask holding 0 or 1/keep_prob.

Backward, dZ for ONE example per column (the 1/m sits in dW and db, as in the course):

    dZ = dA * g'(Z)                            dW = dZ @ A_prev.T / m  (+ λ/m W with L2)
    db = Σ_columns dZ / m                      dA_prev = W.T @ dZ

and through batch norm, from dZ̃ (the gradient at g's input) back to dZ (at W A_prev):

    dγ = Σ dZ̃ * Z_norm / m     dβ = Σ dZ̃ / m     dZ_norm = γ dZ̃
    dZ = (dZ_norm - mean(dZ_norm) - Z_norm * mean(dZ_norm * Z_norm)) / √(σ² + ε)

A training forward fills a fresh LayerRecord (what backward needs is what the page shows),
so a record handed out earlier is never overwritten.
"""

from __future__ import annotations

import numpy as np

from engine.activations import ACTIVATIONS
from engine.trace import LayerRecord

BN_EPSILON = 1e-8
BN_MOMENTUM = 0.9  # running mean/variance are exponentially weighted averages over batches


class Dense:
    """Layer l: parameters W (n, n_prev) and b (n, 1), or γ and β (n, 1) with batch norm.

    A conv layer (engine/conv_layers.py) is this layer with another linear part
    (``_linear``, ``_linear_backward``) and batch statistics over other axes.

    The parameters are views into the network's flat θ (bound by ``bind``), so an optimizer
    update of θ is seen here without copying.
    """

    batch_axes = 1  # batch norm's μ and σ² per unit, over the examples (the columns)
    kind = "dense"

    def __init__(self, l: int, activation: str, batch_norm: bool, dropout_rng):
        self.l = l
        self.activation = activation
        self.g = ACTIVATIONS[activation]
        self.batch_norm = batch_norm
        self.W = self.b = self.gamma = self.beta = None
        self.running_mu = self.running_var = None  # batch norm's test-time μ and σ²
        self.track_running_stats = True
        self.frozen_mask = None  # a mask reused for every forward while the network is frozen
        self.freeze_masks = False
        self._dropout_rng = dropout_rng
        self.record: LayerRecord | None = None  # the last training forward (and backward)
        kinds = ("W", "gamma", "beta") if batch_norm else ("W", "b")
        self.parameter_names = tuple(f"{kind}{l}" for kind in kinds)
        self.gradient_names = tuple(f"d{name}" for name in self.parameter_names)

    def bind(self, parameters: dict[str, np.ndarray]) -> None:
        """Use these arrays (views into θ) as W, b or W, γ, β."""
        l = self.l
        self.W = parameters[f"W{l}"]
        if self.batch_norm:
            self.gamma, self.beta = parameters[f"gamma{l}"], parameters[f"beta{l}"]
        else:
            self.b = parameters[f"b{l}"]

    # --- forward ------------------------------------------------------------------------------

    def forward(self, A_prev: np.ndarray, training: bool = False,
                keep_prob: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """(Z, A) for this layer; Z is the logits Z[l] = W A_prev + b (before batch norm)."""
        g = self.g
        if not self.batch_norm:
            Z, columns = self._linear(A_prev, self.b)
            G = g.forward(Z)
            mu = var = Z_norm = Z_tilde = None
        else:
            Z, columns = self._linear(A_prev, None)
            if training:
                mu = Z.mean(axis=self.batch_axes, keepdims=True)
                var = Z.var(axis=self.batch_axes, keepdims=True)
                self._update_running_statistics(mu, var)
            else:
                mu, var = self._running_statistics()
            Z_norm = (Z - mu) / np.sqrt(var + BN_EPSILON)
            Z_tilde = self.gamma * Z_norm + self.beta
            G = g.forward(Z_tilde)
        mask = None
        A = G
        if training and keep_prob < 1.0:
            mask = self._dropout_mask(G.shape, keep_prob)
            A = G * mask
        if training:
            record = self.record = LayerRecord(self.l, self.activation, A_prev, Z, A, G)
            record.mask, record.keep_prob = mask, keep_prob
            if columns is not None:
                record.columns = columns
            if self.batch_norm:
                record.mu, record.var, record.epsilon = mu, var, BN_EPSILON
                record.Z_norm, record.Z_tilde = Z_norm, Z_tilde
        return Z, A

    def _linear(self, A_prev, b):
        """(Z, None): Z = W A_prev + b (no b with batch norm); a conv layer returns its im2col
        matrix in the place of None."""
        Z = self.W @ A_prev
        if b is not None:
            Z += b
        return Z, None

    def _update_running_statistics(self, mu, var):
        if not self.track_running_stats:
            return
        if self.running_mu is None:
            self.running_mu, self.running_var = mu, var
        self.running_mu = BN_MOMENTUM * self.running_mu + (1 - BN_MOMENTUM) * mu
        self.running_var = BN_MOMENTUM * self.running_var + (1 - BN_MOMENTUM) * var

    def _running_statistics(self):
        if self.running_mu is None:  # never trained: the identity normalization
            return 0.0, 1.0
        return self.running_mu, self.running_var

    def _dropout_mask(self, shape, keep_prob):
        if self.freeze_masks and self.frozen_mask is not None:
            return self.frozen_mask
        mask = (self._dropout_rng.random(shape) < keep_prob) / keep_prob
        if self.freeze_masks:
            self.frozen_mask = mask
        return mask

    # --- backward -----------------------------------------------------------------------------

    def backward(self, m: int, lambd: float, dA: np.ndarray | None = None,
                 dZ: np.ndarray | None = None) -> tuple[tuple[np.ndarray, ...], np.ndarray | None]:
        """Back through layer l after its last training forward, from dA = dJ/dA[l], or from
        dZ for the output layer (whose dZ comes from the loss, e.g. A - Y).

        Returns the gradients in the order of ``parameter_names`` — (dW, db), or (dW, dγ, dβ)
        with batch norm — and dA[l-1] for the layer below (None for layer 1).
        """
        r, g = self.record, self.g
        if dZ is None:
            r.dA = dA
            if r.mask is not None:
                dA = dA * r.mask  # inverted dropout: the gradient flows through kept units only
            # dZ = dA * g'(Z), by the activation (sigmoid and tanh do it in one buffer).
            if self.batch_norm:
                dZ_tilde = g.backward(dA, r.Z_tilde, r.G)
                Z_norm = r.Z_norm
                axes = self.batch_axes
                dgamma = (dZ_tilde * Z_norm).sum(axis=axes, keepdims=True) / m
                dbeta = dZ_tilde.sum(axis=axes, keepdims=True) / m
                dZ_norm = self.gamma * dZ_tilde
                # μ and σ² depend on every column, hence the two batch means.
                dZ = (dZ_norm - dZ_norm.mean(axis=axes, keepdims=True)
                      - Z_norm * (dZ_norm * Z_norm).mean(axis=axes, keepdims=True)
                      ) / np.sqrt(r.var + BN_EPSILON)
                r.dZ_tilde, r.dgamma, r.dbeta = dZ_tilde, dgamma, dbeta
            else:
                dZ = g.backward(dA, r.Z, r.G)
        dW, db, dA_prev = self._linear_backward(r, dZ, m)
        if lambd:  # L2: dW = dZ A_prev^T / m + λ/m W
            dW += lambd / m * self.W
        r.dZ, r.dW = dZ, dW
        if self.batch_norm:
            return (dW, r.dgamma, r.dbeta), dA_prev
        r.db = db
        return (dW, db), dA_prev

    def backward_to_input(self) -> np.ndarray:
        """dA_prev = W.T dZ after the last backward, also for layer 1, where ``backward``
        skips it: the gradient with respect to the input X (adversarial examples, a GAN's
        generator learning through its discriminator)."""
        return self.W.T @ self.record.dZ

    def _linear_backward(self, r, dZ, m):
        """(dW, db, dA_prev) of Z = W A_prev + b; db None with batch norm, dA_prev None for
        layer 1."""
        W = self.W
        dW = dZ @ r.A_prev.T / m
        dA_prev = W.T @ dZ if self.l > 1 else None
        db = None if self.batch_norm else dZ.sum(axis=1, keepdims=True) / m
        return dW, db, dA_prev
