"""A convolutional layer and a pooling layer l in the course's shapes (engine/convolution.py).

Conv, forward (A_prev = A[l-1] of shape (m, n_H_prev, n_W_prev, n_C_prev)):

    Z[i, h, w, c] = Σ A_prev_pad[i, window(h, w), :] · W[:, :, :, c] + b[c]     Z (m, n_H, n_W, n_C)
    A = g(Z)                                        (with dropout: A = g(Z) * mask, as dense)

backward, dZ for ONE example as in the dense layer (the 1/m sits in dW and db):

    dZ = dA * g'(Z)       dW = Σ_{i,h,w} window(i, h, w) dZ[i, h, w, :] / m  (+ λ/m W with L2)
    db = Σ_{i,h,w} dZ / m                 dA_prev: each position's dZ · W added over its window

Batch norm works per channel: μ and σ² of Z[:, :, :, c] over the examples and positions, γ and
β of shape (1, 1, 1, n_C). Everything else (dropout, running statistics, the record) is the
dense layer's (engine/layers.py), which Conv extends with another linear part.

Pool: A[i, h, w, c] = max (or mean) of A_prev[i, window(h, w), c]; no parameters, no activation,
no dropout of its own (keep_prob drops units of conv and dense layers).
Backward: dA goes to the window's first maximum (max) or evenly to its entries (average).
"""

from __future__ import annotations

from engine.convolution import (
    conv_backward_input,
    conv_backward_parameters,
    conv_forward,
    pool_backward,
    pool_forward,
)
from engine.layers import Dense
from engine.trace import LayerRecord


class Conv(Dense):
    """Conv layer l: W (f_H, f_W, n_C_prev, n_C) and b (1, 1, 1, n_C), or γ, β (1, 1, 1, n_C)."""

    batch_axes = (0, 1, 2)  # batch norm per channel: over examples and positions
    kind = "conv"

    def __init__(self, l, activation, batch_norm, dropout_rng, stride, padding):
        super().__init__(l, activation, batch_norm, dropout_rng)
        self.stride, self.padding = tuple(stride), tuple(padding)

    def _linear(self, A_prev, b):
        return conv_forward(A_prev, self.W, b, self.stride, self.padding)

    def _linear_backward(self, r, dZ, m):
        dW, db = conv_backward_parameters(dZ, r.columns, self.W.shape, m)
        dA_prev = (conv_backward_input(dZ, self.W, r.A_prev.shape, self.stride, self.padding)
                   if self.l > 1 else None)
        return dW, None if self.batch_norm else db, dA_prev

    def backward_to_input(self):
        """dA_prev (m, n_H_prev, n_W_prev, n_C_prev) after the last backward, also for layer 1."""
        r = self.record
        return conv_backward_input(r.dZ, self.W, r.A_prev.shape, self.stride, self.padding)


class Pool:
    """Pooling layer l ("max" or "average" over windows of ``size`` every ``stride``)."""

    kind = "pool"
    batch_norm = False
    parameter_names = gradient_names = ()
    W = None
    running_mu = running_var = None

    def __init__(self, l, mode, size, stride):
        self.l, self.mode = l, mode
        self.size, self.stride = tuple(size), tuple(stride)
        self.activation = None
        self.record: LayerRecord | None = None
        # The network sets these on every layer (Network.frozen); a pool layer has no use.
        self.track_running_stats, self.freeze_masks, self.frozen_mask = True, False, None

    def bind(self, parameters) -> None:
        """No parameters to bind."""

    def forward(self, A_prev, training=False, keep_prob=1.0):
        """(A, A): a pooling layer's output has no pre-activation Z apart from A itself."""
        A, argmax = pool_forward(A_prev, self.size, self.stride, self.mode)
        if training:
            record = self.record = LayerRecord(self.l, None, A_prev, A, A, A)
            record.argmax = argmax
        return A, A

    def backward(self, m, lambd, dA=None, dZ=None):
        """((), dA_prev): dA routed back through the windows (None for layer 1)."""
        r = self.record
        r.dA = r.dZ = dA
        if self.l == 1:
            return (), None
        return (), pool_backward(dA, r.A_prev.shape, self.size, self.stride, self.mode,
                                 r.argmax)

    def backward_to_input(self):
        """dA_prev after the last backward, also for layer 1."""
        r = self.record
        return pool_backward(r.dA, r.A_prev.shape, self.size, self.stride, self.mode, r.argmax)
