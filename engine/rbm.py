"""A restricted Boltzmann machine (Smolensky 1986; Hinton 2002) with binary visible and hidden
units, in the course's column convention: V (n_v, m) one example per column, W (n_h, n_v),
b (n_v, 1) the visible biases, c (n_h, 1) the hidden biases.

    E(v, h) = -bᵀv - cᵀh - hᵀW v               p(v, h) = e^(-E(v, h)) / Z
    p(h = 1 | v) = σ(W v + c)                   p(v = 1 | h) = σ(Wᵀ h + b)
    F(v) = -bᵀv - Σ_j log(1 + e^((W v + c)_j))  p(v) = e^(-F(v)) / Z   (the free energy)

The log-likelihood's gradient is a difference of two statistics, the data's and the model's:

    ∂ log p(v) / ∂W = p(h|v) vᵀ − E_model[h vᵀ]

Contrastive divergence (CD-k) estimates the model's term with a Gibbs chain of k steps started
at the data; persistent CD (PCD, Tieleman 2008) keeps one chain per batch slot running across
updates instead of restarting it. One update on a mini-batch V0 (m columns):

    P_h0 = σ(W V0 + c)          H0 ~ Bernoulli(P_h0)                 (the positive phase)
    P_v1 = σ(Wᵀ H0 + b)         V1 ~ Bernoulli(P_v1)                 (CD: from H0; PCD: from
    P_h1 = σ(W V1 + c)          H1 ~ Bernoulli(P_h1)   ... up to Vk   the chain's last H)
    P_hk = σ(W Vk + c)                                               (the negative phase)
    positive = P_h0 V0ᵀ / m      negative = P_hk Vkᵀ / m_neg         (m_neg: the chain's columns)
    dW = negative − positive + λ W                                   (λ: weight decay)
    db = mean(Vk) − mean(V0)     dc = mean(P_hk) − mean(P_h0)
    vW = μ vW − α dW             W = W + vW                          (μ: momentum, α: rate)

dW, db, dc are the gradients of the negative log-likelihood as CD estimates them, so with
μ = 0 the update is the course's W = W − α dW. Momentum is the classical kind Hinton's guide
uses (velocity, no 1 − μ factor); weight decay acts on W, not on the biases. A sample is
``U < P`` for uniform draws U, so a step is a function of its draws (``step(V0, uniforms)``).

scikit-learn's BernoulliRBM is PCD-1 with these equations (no momentum, no decay, chains started
at H = 0, one chain per batch slot): ``RBM(..., k=1, persistent=True)`` is the same algorithm.

Metrics: the free energy, the reconstruction error (mean squared difference between V and the
mean-field reconstruction σ(Wᵀ σ(W V + c) + b)) and the pseudo-likelihood of
BernoulliRBM.score_samples: n_v · log σ(F(ṽ) − F(v)), ṽ = v with one pixel, drawn per example,
flipped.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from engine.trace import History

MAX_K = 50
MAX_HIDDEN = 1000
MAX_VISIBLE = 4096
MAX_BATCH = 10_000
MAX_LEARNING_RATE = 10.0
INIT_STD = 0.01  # W ~ N(0, 0.01²), biases 0: Hinton's guide and BernoulliRBM
METRICS = ("reconstruction_error", "pseudo_likelihood", "free_energy")


def _whole(name, value, lowest, highest):
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not lowest <= value <= highest):
        raise ValueError(f"{name} must be a whole number from {lowest:,} to {highest:,}, got "
                         f"{value!r}")
    return int(value)


def _real(name, value, lowest, highest, *, lowest_open=False, highest_open=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(
            value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    low_ok = value > lowest if lowest_open else value >= lowest
    high_ok = value < highest if highest_open else value <= highest
    if not (low_ok and high_ok):
        low = "above" if lowest_open else "at least"
        high = "below" if highest_open else "at most"
        raise ValueError(f"{name} must be {low} {lowest:g} and {high} {highest:g}, got "
                         f"{value!r}")
    return float(value)


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """σ(z) = ½(1 + tanh(z/2)) in one buffer (no exponential overflows)."""
    A = np.multiply(Z, 0.5)
    np.tanh(A, out=A)
    A += 1.0
    A *= 0.5
    return A


def binary_columns(V, n_visible: int) -> np.ndarray:
    """V as a float (n_visible, m) array of 0.0 and 1.0 (m >= 1), or one clear ValueError."""
    V = np.asarray(V)
    if V.ndim != 2 or V.shape[0] != n_visible or V.shape[1] < 1:
        raise ValueError(f"the data must be a ({n_visible}, m) array, one example per column; "
                         f"got shape {V.shape}")
    if V.dtype == bool:
        return V.astype(np.float64)
    if not np.issubdtype(V.dtype, np.number) or not np.all((V == 0) | (V == 1)):
        raise ValueError("an RBM's visible units are binary: the data must hold only 0 and 1")
    return V.astype(np.float64, copy=False)


class RBMRecord:
    """One CD-k or PCD-k update, in the equations' names (arrays kept by reference):
    v0, p_h0, h0 (the positive phase), vk, p_hk (the chain's end), positive, negative (the two
    statistics), dW, db, dc (the gradients), W, b, c (as used), k, persistent, and chain, every
    visible state of the chain [V1, ..., Vk] (p_v: their probabilities)."""

    __slots__ = ("v0", "p_h0", "h0", "vk", "p_hk", "positive", "negative", "dW", "db", "dc",
                 "W", "b", "c", "k", "persistent", "chain", "p_v")

    def __init__(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)


class RBM:
    """A binary RBM of ``n_visible`` and ``n_hidden`` units, seeded.

    ``k`` Gibbs steps per update (CD-k; with ``persistent`` PCD-k, ``batch_size`` chains),
    ``learning_rate`` α > 0, ``momentum`` μ in [0, 1), ``weight_decay`` λ >= 0,
    ``batch_size`` examples per update. ``history`` holds one point per epoch (x = epochs
    done) of METRICS, measured on the training data after the epoch; ``latest`` is the last
    update's RBMRecord.
    """

    def __init__(self, n_visible: int, n_hidden: int, *, k: int = 1, persistent: bool = False,
                 learning_rate: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0,
                 batch_size: int = 10, seed: int = 0):
        self.n_visible = _whole("visible units", n_visible, 1, MAX_VISIBLE)
        self.n_hidden = _whole("hidden units", n_hidden, 1, MAX_HIDDEN)
        self.k = _whole("k (Gibbs steps)", k, 1, MAX_K)
        if not isinstance(persistent, bool):
            raise ValueError(f"persistent must be True or False, got {persistent!r}")
        self.persistent = persistent
        self.learning_rate = _real("learning rate", learning_rate, 0.0, MAX_LEARNING_RATE,
                                   lowest_open=True)
        self.momentum = _real("momentum", momentum, 0.0, 1.0, highest_open=True)
        self.weight_decay = _real("weight decay", weight_decay, 0.0, 1.0)
        self.batch_size = _whole("batch size", batch_size, 1, MAX_BATCH)
        self.seed = _whole("seed", seed, 0, 2**32 - 1)
        self._rng = np.random.default_rng([self.seed, 29])
        self.W = self._rng.normal(0.0, INIT_STD, (self.n_hidden, self.n_visible))
        self.b = np.zeros((self.n_visible, 1))
        self.c = np.zeros((self.n_hidden, 1))
        self.vW, self.vb, self.vc = np.zeros_like(self.W), np.zeros_like(self.b), np.zeros_like(
            self.c)
        # PCD's fantasy particles: the hidden state of each chain, from H = 0 (BernoulliRBM's).
        self.chain_h = np.zeros((self.n_hidden, self.batch_size))
        self.steps_done = 0
        self.epochs_done = 0
        self._order, self._position = None, 0  # this epoch's shuffle, and the next batch's start
        self.latest: RBMRecord | None = None
        self.history = History(names=METRICS)

    # --- the two conditionals -----------------------------------------------------------------

    def hidden_probabilities(self, V: np.ndarray) -> np.ndarray:
        """p(h = 1 | v) = σ(W V + c), (n_h, m)."""
        return sigmoid(self.W @ V + self.c)

    def visible_probabilities(self, H: np.ndarray) -> np.ndarray:
        """p(v = 1 | h) = σ(Wᵀ H + b), (n_v, m)."""
        return sigmoid(self.W.T @ H + self.b)

    def _draw(self, shape, uniforms):
        return self._rng.random(shape) if uniforms is None else next(uniforms)

    # --- one update ---------------------------------------------------------------------------

    def step(self, V0, uniforms=None) -> RBMRecord:
        """One CD-k (or PCD-k) update on the mini-batch V0 (n_v, m) of 0/1; its RBMRecord.

        ``uniforms``: the draws U in [0, 1) the samples use, in order (default: the RBM's
        own seeded stream): H0 (n_h, m), then V1, H1, ..., H(k-1), Vk — 2k arrays for CD; for
        PCD H0, then V1, H1, ..., Vk, Hk (the chains' new state), each (·, batch_size) — 2k + 1.
        """
        return self._step(binary_columns(V0, self.n_visible), uniforms)

    def _step(self, V0, uniforms):
        draws = None if uniforms is None else iter(uniforms)
        m = V0.shape[1]
        W, b, c = self.W, self.b, self.c  # replaced, not written into: the record keeps these
        P_h0 = self.hidden_probabilities(V0)
        H0 = (self._draw(P_h0.shape, draws) < P_h0).astype(np.float64)
        H = self.chain_h if self.persistent else H0
        chain, p_v = [], []
        for t in range(1, self.k + 1):
            P_v = self.visible_probabilities(H)
            V = (self._draw(P_v.shape, draws) < P_v).astype(np.float64)
            P_h = self.hidden_probabilities(V)
            chain.append(V)
            p_v.append(P_v)
            if t < self.k or self.persistent:
                H = (self._draw(P_h.shape, draws) < P_h).astype(np.float64)
        Vk, P_hk = V, P_h
        m_neg = Vk.shape[1]
        if self.persistent:
            self.chain_h = H
        positive = P_h0 @ V0.T / m
        negative = P_hk @ Vk.T / m_neg
        dW = negative - positive + self.weight_decay * W
        db = Vk.sum(axis=1, keepdims=True) / m_neg - V0.sum(axis=1, keepdims=True) / m
        dc = P_hk.sum(axis=1, keepdims=True) / m_neg - P_h0.sum(axis=1, keepdims=True) / m
        self.vW = self.momentum * self.vW - self.learning_rate * dW
        self.vb = self.momentum * self.vb - self.learning_rate * db
        self.vc = self.momentum * self.vc - self.learning_rate * dc
        self.W = W + self.vW
        self.b = b + self.vb
        self.c = c + self.vc
        self.steps_done += 1
        self.latest = RBMRecord(v0=V0, p_h0=P_h0, h0=H0, vk=Vk, p_hk=P_hk, positive=positive,
                                negative=negative, dW=dW, db=db, dc=dc, W=W, b=b, c=c, k=self.k,
                                persistent=self.persistent, chain=chain, p_v=p_v)
        return self.latest

    def epoch(self, X, measure: bool = True) -> dict[str, float] | None:
        """The rest of this epoch's pass over X (n_v, m) (the whole pass when none has
        begun) in shuffled mini-batches; then (``measure``) the metrics on X, also appended to
        ``history``."""
        X = binary_columns(X, self.n_visible)
        while True:
            done, values = self._next_batch(X, measure)
            if done:
                return values

    def train(self, X, steps: int, measure: bool = True) -> int:
        """``steps`` updates on the next mini-batches of X, across epoch ends (each measured
        as ``epoch`` measures it); returns how many epochs ended. The page trains this way,
        a few batches a frame, on the same shuffles as ``epoch``."""
        X = binary_columns(X, self.n_visible)
        ended = 0
        for _ in range(_whole("steps", steps, 0, 10**7)):
            ended += self._next_batch(X, measure)[0]
        return ended

    def _next_batch(self, X, measure):
        m = X.shape[1]
        if self._order is None or self._order.shape[0] != m:
            self._order, self._position = self._rng.permutation(m), 0
        start = self._position
        self._step(X[:, self._order[start:start + self.batch_size]], None)
        self._position = start + self.batch_size
        if self._position < m:
            return False, None
        self._order = None
        self.epochs_done += 1
        if not measure:
            return True, None
        values = self.metrics(X)
        for name, value in values.items():
            self.history.append(name, self.epochs_done, value)
        return True, values

    def fit(self, X, epochs: int) -> RBM:
        """``epochs`` epochs on X, measuring only after the last one (as a bench would)."""
        X = binary_columns(X, self.n_visible)
        epochs = _whole("epochs", epochs, 0, 100_000)
        for e in range(epochs):
            self.epoch(X, measure=e == epochs - 1)
        return self

    # --- metrics ------------------------------------------------------------------------------

    def free_energy(self, V) -> np.ndarray:
        """F(v) = -bᵀv - Σ_j log(1 + e^((W v + c)_j)), (m,): lower is likelier."""
        V = np.asarray(V, dtype=np.float64)
        return -(self.b.T @ V)[0] - np.logaddexp(0.0, self.W @ V + self.c).sum(axis=0)

    def reconstruct(self, V) -> np.ndarray:
        """The mean-field reconstruction σ(Wᵀ σ(W V + c) + b), (n_v, m)."""
        return self.visible_probabilities(self.hidden_probabilities(V))

    def reconstruction_error(self, V) -> float:
        """Mean over pixels and examples of (V − reconstruct(V))²."""
        V = binary_columns(V, self.n_visible)
        return float(np.mean((V - self.reconstruct(V)) ** 2))

    def pseudo_likelihood(self, V, flips=None, seed: int = 0) -> np.ndarray:
        """BernoulliRBM.score_samples' pseudo-likelihood, (m,): n_v · log σ(F(ṽ) − F(v)), ṽ
        being v with pixel ``flips[i]`` of example i flipped; the default flips are
        np.random.RandomState(seed).randint(0, n_v, m), the ones score_samples draws with
        random_state=seed."""
        V = binary_columns(V, self.n_visible)
        n_v, m = V.shape
        if flips is None:
            flips = np.random.RandomState(seed).randint(0, n_v, m)
        flips = np.asarray(flips)
        if flips.shape != (m,) or not np.all((flips >= 0) & (flips < n_v)):
            raise ValueError(f"flips must be {m} pixel indices from 0 to {n_v - 1}")
        flipped = V.copy()
        columns = np.arange(m)
        flipped[flips, columns] = 1.0 - flipped[flips, columns]
        difference = self.free_energy(flipped) - self.free_energy(V)
        return -n_v * np.logaddexp(0.0, -difference)

    def metrics(self, V, seed: int = 0) -> dict[str, float]:
        """The three METRICS on V: mean reconstruction error, mean pseudo-likelihood (flips
        from ``seed``) and mean free energy."""
        V = binary_columns(V, self.n_visible)
        return {"reconstruction_error": self.reconstruction_error(V),
                "pseudo_likelihood": float(self.pseudo_likelihood(V, seed=seed).mean()),
                "free_energy": float(self.free_energy(V).mean())}

    # --- what the page draws ------------------------------------------------------------------

    def gibbs(self, V, steps: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``steps`` full Gibbs steps v → h → v from V (n_v, m); (the last sampled V, its
        probabilities p(v|h)): samples drawn from the model, for the chain's animation."""
        V = binary_columns(V, self.n_visible)
        P_v = V
        for _ in range(_whole("steps", steps, 1, 10_000)):
            P_h = self.hidden_probabilities(V)
            H = (rng.random(P_h.shape) < P_h).astype(np.float64)
            P_v = self.visible_probabilities(H)
            V = (rng.random(P_v.shape) < P_v).astype(np.float64)
        return V, P_v
