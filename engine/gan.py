"""A generative adversarial network on 2-D points (Goodfellow et al. 2014), both players engine
networks: a generator G (noise z -> point) and a discriminator D (point -> P(real)).

    D step (k of them per G step): real x and fake G(z), labels 1 and 0, D's own cross entropy
        J_D = -(1/2b) [Σ log D(x) + Σ log(1 - D(G(z)))]        (D.step: dZ = A - Y)
    G step, through D (G.step_through, D's input gradient at the fake points):
        non-saturating  J_G = -(1/b) Σ log D(G(z))             (the default)
        minimax         J_G =  (1/b) Σ log(1 - D(G(z)))        (the original game; its
                        gradient vanishes where D rejects the fakes confidently)
    dJ_G/dG(z) = D.input_gradient(G(z), 1) (non-saturating) or -D.input_gradient(G(z), 0).

Each fake point's push is -∇ₓ of its own loss (m · the cost's gradient): where D tells G to
move it. A mixture's modes reached by G's points are counted in engine/gan_data.py.
"""

from __future__ import annotations

import numbers

import numpy as np

from engine.gan_data import NOISE_KINDS, given_points, noise
from engine.network import Network
from engine.trace import History

GENERATOR_LOSSES = ("non_saturating", "minimax")
MAX_D_STEPS = 20
MAX_BATCH = 4096


def _whole(name, value, lowest, highest):
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not lowest <= value <= highest):
        raise ValueError(f"{name} must be a whole number from {lowest} to {highest}, got "
                         f"{value!r}")
    return int(value)


def _check_players(generator, discriminator, dims):
    """ValueError naming the player and the fix when G and D cannot play on these points."""
    for name, net in (("generator", generator), ("discriminator", discriminator)):
        if not isinstance(net, Network):
            raise ValueError(f"the {name} must be an engine Network, got {type(net).__name__}")
    D, G = discriminator, generator
    if D.layer_sizes[0] != dims:
        raise ValueError(f"the discriminator takes {D.layer_sizes[0]} inputs; the points have "
                         f"{dims} coordinates")
    if D.layer_sizes[-1] != 1 or D.loss.name != "binary_cross_entropy":
        raise ValueError("the discriminator needs one sigmoid output unit with binary cross "
                         "entropy: P(the point is real)")
    if any(layer.batch_norm for layer in D.layers):
        raise ValueError("the discriminator cannot use batch norm here: the generator learns "
                         "through D's inference-mode gradient")
    if G.layer_sizes[0] not in (1, 2):
        raise ValueError(f"the generator's noise has 1 or 2 dimensions (its n_x), got "
                         f"{G.layer_sizes[0]}")
    if G.layer_sizes[-1] != dims or G.activations[-1] == "softmax":
        raise ValueError(f"the generator's output must be {dims} units, not softmax (a "
                         "linear output reaches the whole plane)")


class GAN:
    """G and D training against each other on ``real`` points (2, m), seeded.

    ``noise_kind`` "gaussian" or "uniform" (G's n_x sets the noise dims, 1 or 2);
    ``batch_size`` b real and b fake points per D step, b noise draws per G step;
    ``d_steps`` k D steps per G step; ``generator_loss`` "non_saturating" or "minimax".
    The two networks keep their own optimizers, histories and records (the inspector and
    gradient check work on each); ``history`` has one point per G step (x = G steps):
    "d_loss" (the last D step's J_D), "g_loss" (J_G), "d_real" and "d_fake" (D's mean
    output on that step's real and fake batch).
    """

    def __init__(self, generator: Network, discriminator: Network, real, *,
                 noise_kind: str = "gaussian", batch_size: int = 128, d_steps: int = 1,
                 generator_loss: str = "non_saturating", seed: int = 0):
        self.real = given_points(real)
        _check_players(generator, discriminator, self.real.shape[0])
        if noise_kind not in NOISE_KINDS:
            raise ValueError(f"noise_kind must be one of {', '.join(NOISE_KINDS)}, got "
                             f"{noise_kind!r}")
        if generator_loss not in GENERATOR_LOSSES:
            raise ValueError(f"generator_loss must be one of {', '.join(GENERATOR_LOSSES)}, "
                             f"got {generator_loss!r}")
        self.G, self.D = generator, discriminator
        self.noise_kind, self.generator_loss = noise_kind, generator_loss
        self.noise_dims = generator.layer_sizes[0]
        self.batch_size = _whole("batch_size", batch_size, 1, MAX_BATCH)
        self.d_steps = _whole("d_steps", d_steps, 1, MAX_D_STEPS)
        self._rng = np.random.default_rng([_whole("seed", seed, 0, 2**32 - 1), 19])
        self.steps_done = 0  # G steps
        self.history = History(names=("d_loss", "g_loss", "d_real", "d_fake"))

    # --- the two losses -----------------------------------------------------------------------

    def generator_cost(self, points: np.ndarray) -> float:
        """J_G of fake ``points`` (2, m), without G's L2 term (the network adds it)."""
        ZL, _ = self.D.output(points)
        ones_or_zeros = np.full_like(ZL, self.generator_loss == "non_saturating")
        bce = self.D.loss.cost_from_logits(ZL, ones_or_zeros)
        return bce if self.generator_loss == "non_saturating" else -bce

    def generator_gradient(self, points: np.ndarray) -> np.ndarray:
        """dJ_G/dx (2, m) at the fake ``points``: D's input gradient, of its cross entropy
        with label 1 (non-saturating), or minus that with label 0 (minimax)."""
        m = points.shape[1]
        if self.generator_loss == "non_saturating":
            return self.D.input_gradient(points, np.ones((1, m)))
        return -self.D.input_gradient(points, np.zeros((1, m)))

    def push(self, points: np.ndarray) -> np.ndarray:
        """-∇ₓ of each point's own generator loss (2, m): the arrow D draws for it (it does
        not shrink with the number of points, unlike the cost's gradient)."""
        points = given_points(points)
        return -points.shape[1] * self.generator_gradient(points)

    # --- training -----------------------------------------------------------------------------

    def noise(self, m: int) -> np.ndarray:
        """Fresh noise z (noise_dims, m) from the GAN's own seeded stream."""
        return noise(m, self.noise_dims, self.noise_kind, self._rng)

    def discriminator_step(self):
        """One D step on b real points (drawn without replacement when there are b) and b
        fakes; returns D's StepRecord."""
        b, m = self.batch_size, self.real.shape[1]
        pick = self._rng.choice(m, size=b, replace=b > m)
        fake = self.G.forward(self.noise(b), training=True)
        X = np.concatenate([self.real[:, pick], fake], axis=1)
        Y = np.concatenate([np.ones((1, b)), np.zeros((1, b))], axis=1)
        return self.D.step(X, Y)

    def generator_step(self):
        """One G step through D (D unchanged); returns G's StepRecord."""

        def cost_of_output(AL):
            return self.generator_cost(AL), self.generator_gradient(AL)

        return self.G.step_through(self.noise(self.batch_size), cost_of_output)

    @property
    def divergence(self) -> str | None:
        """None, or which network's training diverged and why: its steps stop there (the
        engine keeps the parameters before the bad step), and so do the GAN's."""
        for name, net in (("the discriminator", self.D), ("the generator", self.G)):
            if net.divergence is not None:
                return f"{name}: {net.divergence.message}"
        return None

    def step(self) -> dict[str, float] | None:
        """k D steps, then one G step; the history's four values of this step (None, and
        nothing done, once ``divergence`` is set)."""
        if self.divergence is not None:
            return None
        for _ in range(self.d_steps):
            d_record = self.discriminator_step()
        if self.divergence is not None:
            return None
        g_record = self.generator_step()
        self.steps_done += 1
        AL = d_record.layers[-1].A
        b = self.batch_size
        values = {"d_loss": d_record.cost, "g_loss": g_record.cost,
                  "d_real": float(AL[0, :b].mean()), "d_fake": float(AL[0, b:].mean())}
        for name, value in values.items():
            self.history.append(name, self.steps_done, value)
        return values

    def run(self, steps: int) -> None:
        """``steps`` GAN steps (fewer if a player diverges: see ``divergence``)."""
        for _ in range(_whole("steps", steps, 0, 10**7)):
            if self.step() is None:
                break

    # --- what the page draws ------------------------------------------------------------------

    def sample(self, m: int, seed: int = 0) -> np.ndarray:
        """m generated points (2, m) in inference mode, from noise seeded by ``seed`` (the
        same z every time: a redrawn picture moves only as G learns)."""
        z = noise(m, self.noise_dims, self.noise_kind, np.random.default_rng([seed, 191]))
        return self.G.predict(z)

    def mapped_grid(self, n: int = 11) -> tuple[np.ndarray, np.ndarray]:
        """(z, G(z)): n (1-D noise) or n × n (2-D) grid points over the noise's bulk,
        [-1, 1] for uniform and [-2, 2] for Gaussian noise, and where G sends them (how G
        bends the plane). 2-D: row-major, z[0] varying fastest."""
        n = _whole("n", n, 2, 200)
        half = 1.0 if self.noise_kind == "uniform" else 2.0
        axis = np.linspace(-half, half, n)
        if self.noise_dims == 1:
            z = axis[None, :]
        else:
            first, second = np.meshgrid(axis, axis)
            z = np.stack([first.ravel(), second.ravel()])
        return z, self.G.predict(z)


def generator_gradient_check(gan: GAN, Z: np.ndarray, epsilon: float = 1e-7) -> float:
    """Relative difference between backprop's gradient of J_G (+ G's L2) with respect to G's
    parameters, through D ∘ G, and two-sided differences (engine.gradient_check's measure).
    G runs frozen (one dropout mask, running statistics untouched); parameters are restored."""
    G = gan.G
    Z, _ = G.checked(Z)
    m = Z.shape[1]

    def cost():
        return gan.generator_cost(G.forward(Z, training=True)) + G.l2_cost(m)

    with G.frozen():
        points = G.forward(Z, training=True)
        grads = G.backward_from_output(gan.generator_gradient(points))
        analytic, numeric = [], []
        for key, P in G.parameters.items():
            for i in range(P.size):
                original = P.flat[i]
                P.flat[i] = original + epsilon
                J_plus = cost()
                P.flat[i] = original - epsilon
                J_minus = cost()
                P.flat[i] = original
                analytic.append(grads["d" + key].flat[i])
                numeric.append((J_plus - J_minus) / (2 * epsilon))
    analytic, numeric = np.array(analytic), np.array(numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if denominator == 0 else float(np.linalg.norm(analytic - numeric) / denominator)
