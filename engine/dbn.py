"""A deep belief network (Hinton, Osindero & Teh 2006): RBMs stacked greedily, then unrolled
into a feed-forward network that backpropagation fine-tunes.

    rbms = stack(X, hidden=(64, 32), epochs=10)     RBM 1 on X, RBM 2 on RBM 1's hidden states
    upward(rbms, X)      -> [P1, P2]                P1 = σ(W1 X + c1), P2 = σ(W2 P1 + c2)
    unrolled(rbms, 10)   -> Network                 sigmoid layers W[l] = RBM l's W, b[l] = its
                                                    c, then a softmax output (Xavier, seeded)

The greedy step: RBM l + 1 learns from RBM l's hidden units as binary data, sampled from
p(h | v) afresh every epoch (the RBM's visible units are binary, so it gets 0/1 states, not
probabilities). The unrolled network's sigmoid layers compute exactly the mean-field upward
pass: A[l] = σ(W[l] A[l-1] + b[l]) with W[l], b[l] the RBM's W and hidden biases c.
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.network import Network
from engine.rbm import RBM, binary_columns

MAX_LAYERS = 4


def stack(X, hidden=(64, 32), epochs: int = 10, seed: int = 0, **options) -> list[RBM]:
    """RBMs of ``hidden`` units, trained greedily on X (n_v, m) of 0/1, ``epochs`` each;
    ``options`` are the RBMs' settings (k, persistent, learning_rate, ...). RBM l has seed
    ``seed + l - 1``; the hidden states passed up are drawn from their own seeded stream."""
    hidden = tuple(hidden)
    if not 1 <= len(hidden) <= MAX_LAYERS or any(
            isinstance(n, bool) or not isinstance(n, numbers.Integral) for n in hidden):
        raise ValueError(f"a DBN stacks 1 to {MAX_LAYERS} RBMs, given as whole numbers of "
                         f"hidden units; got {hidden!r}")
    X = binary_columns(X, np.asarray(X).shape[0])
    rng = np.random.default_rng([seed, 290])
    rbms = []
    for l, n_h in enumerate(hidden, start=1):
        n_v = X.shape[0] if not rbms else rbms[-1].n_hidden
        rbm = RBM(n_v, n_h, seed=seed + l - 1, **options)
        for _ in range(epochs):
            rbm.epoch(sampled_up(rbms, X, rng), measure=False)
        rbms.append(rbm)
    return rbms


def sampled_up(rbms: list[RBM], X, rng) -> np.ndarray:
    """X passed up through ``rbms`` as binary states, H_l ~ p(h | H_(l-1)), H_0 = X."""
    V = X
    for rbm in rbms:
        V = sample_up(rbm, V, rng)
    return V


def sample_up(rbm: RBM, V, rng) -> np.ndarray:
    """Binary hidden states H ~ p(h | V) of ``rbm``, (n_h, m)."""
    P = rbm.hidden_probabilities(V)
    return (rng.random(P.shape) < P).astype(np.float64)


def upward(rbms: list[RBM], X) -> list[np.ndarray]:
    """The mean-field upward pass: [P1, P2, ...], P_l = σ(W_l P_(l-1) + c_l), P_0 = X."""
    out, A = [], np.asarray(X, dtype=np.float64)
    for rbm in rbms:
        A = rbm.hidden_probabilities(A)
        out.append(A)
    return out


def unrolled_spec(rbms: list[RBM], n_classes: int, seed: int = 0, **spec) -> dict:
    """The playground spec of the unrolled DBN: n_x = RBM 1's visible units, one sigmoid layer
    per RBM, a softmax output of ``n_classes`` (Xavier init); ``spec`` adds any other key."""
    layers = [{"units": rbm.n_hidden, "activation": "sigmoid"} for rbm in rbms]
    layers.append({"units": n_classes, "activation": "softmax"})
    return {"n_x": rbms[0].n_visible, "layers": layers, "init": "xavier", "seed": seed, **spec}


def unrolled(rbms: list[RBM], n_classes: int, seed: int = 0, **spec) -> Network:
    """A Network of ``unrolled_spec`` whose sigmoid layers hold the RBMs' W and c."""
    for below, above in zip(rbms, rbms[1:], strict=False):
        if above.n_visible != below.n_hidden:
            raise ValueError(f"RBM of {above.n_visible} visible units cannot sit on one of "
                             f"{below.n_hidden} hidden units")
    net = Network.from_spec(unrolled_spec(rbms, n_classes, seed, **spec))
    for l, rbm in enumerate(rbms, start=1):
        net.parameters[f"W{l}"][...] = rbm.W
        net.parameters[f"b{l}"][...] = rbm.c
    return net
