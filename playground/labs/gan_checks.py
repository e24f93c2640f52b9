"""The GAN lab's gradient check of both players (no Streamlit here): D's own backprop on a
batch of real and generated points, and G's through D ∘ G (engine.gan.generator_gradient_check).

The points and the noise are seeded apart from the GAN's own stream, so a check never changes
what training does next.
"""

from __future__ import annotations

import numpy as np

import engine
from engine.gan import GAN, generator_gradient_check
from engine.gan_data import noise

CHECK_POINTS = 8  # per kind: 8 real and 8 generated for D, 8 noise draws for G
# G's check perturbs every parameter (two passes through D ∘ G each): 5,000 take about a
# second, G 2-128x4-2's 50,000 took 13 s of a shared server. D's check samples 2,000 entries.
MAX_G_PARAMETERS = 5000


def gradient_checks(gan: GAN) -> list[tuple[str, float | None, str, str]]:
    """[(player, relative difference, level, sentence)] for D and for G (the course's
    reading: engine.gradient_verdict); G's difference is None, level "skipped", when G has
    more than MAX_G_PARAMETERS parameters."""
    m = CHECK_POINTS
    X = np.concatenate([gan.real[:, :m], gan.sample(m, seed=7)], axis=1)
    Y = np.concatenate([np.ones((1, m)), np.zeros((1, m))], axis=1)
    z = noise(m, gan.noise_dims, gan.noise_kind, np.random.default_rng([7, 19]))
    d_difference = engine.gradient_check(gan.D, X, Y)
    results = [("D, on real and generated points", d_difference,
                *engine.gradient_verdict(d_difference))]
    size = sum(P.size for P in gan.G.parameters.values())
    if size > MAX_G_PARAMETERS:
        return [*results, ("G, through D ∘ G", None, "skipped",
                           f"G has {size:,} parameters; this page checks G up to "
                           f"{MAX_G_PARAMETERS:,} (every one costs two passes through D ∘ G).")]
    g_difference = generator_gradient_check(gan, z)
    return [*results, ("G, through D ∘ G", g_difference, *engine.gradient_verdict(g_difference))]
