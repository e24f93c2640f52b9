"""The GAN lab's controls turned into an engine GAN (no Streamlit here, so tests need no page).

What a student may set: the real distribution, the noise (1-D or 2-D, uniform or Gaussian), G's
and D's hidden units (typed, e.g. "32, 32") and activation, Adam's learning rate (both
players), k D steps per G step, the generator loss, how G starts and the seed. Every bad value
comes back as a ValueError whose message the page shows as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

import engine
from engine.gan import GAN, GENERATOR_LOSSES, MAX_D_STEPS
from engine.gan_data import NOISE_KINDS, REAL_DISTRIBUTIONS, given_points, real_points

REAL_LABELS = {"ring": "Ring", "moons": "Two moons", "mixture": "8-mode mixture",
               "line": "Line", "drawn": "Drawn (click the plane)"}
NOISE_LABELS = {"uniform": "Uniform U(−1, 1)", "gaussian": "Gaussian N(0, 1)"}
LOSS_LABELS = {"non_saturating": "Non-saturating −log D(G(z))",
               "minimax": "Minimax log(1 − D(G(z)))"}
# How G starts: Xavier, or all but one point (tiny random weights: every z lands near G's
# biases), the start that lets a strong D chase the clump from mode to mode (mode collapse).
G_STARTS = {"xavier": "Xavier", "point": "As a point"}  # point: random weights × 0.01
_G_START_SPECS = {"xavier": {"init": "xavier"},
                  "point": {"init": "random", "init_scale": 0.01}}
ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid")
MAX_LAYERS = 4
MAX_UNITS = 128
REAL_POINTS = 2000
BATCH_SIZE = 128
BETA1 = 0.5  # Adam's β1 for both players (Radford et al.: 0.9 makes the game oscillate)
MAX_SEED = 999_999
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
# Drawn real points: a few clicks are a data set (each D step draws its b real points with
# replacement), in the plane the page shows; more than a class would click in a lesson is refused.
MIN_DRAWN, MAX_DRAWN, DRAW_LIMIT = 3, 500, 3.0
assert set(REAL_LABELS) == {*REAL_DISTRIBUTIONS, "drawn"}
assert set(LOSS_LABELS) == set(GENERATOR_LOSSES)
assert set(NOISE_LABELS) == set(NOISE_KINDS)


@dataclass(frozen=True)
class GanChoices:
    """The lab's set-up as the controls give it (hidden units still as typed text)."""

    real: str = "mixture"
    noise_dims: int = 2
    noise_kind: str = "gaussian"
    g_hidden: str = "32, 32"
    d_hidden: str = "32, 32"
    activation: str = "tanh"
    learning_rate: float = 1e-3
    d_steps: int = 1
    generator_loss: str = "non_saturating"
    seed: int = 0
    g_start: str = "xavier"
    drawn: tuple[tuple[float, float], ...] = ()  # the real points when real == "drawn"


def hidden_units(text, player: str) -> tuple[int, ...]:
    """'32, 32' -> (32, 32): 1 to MAX_LAYERS whole numbers of units from 1 to MAX_UNITS,
    separated by commas or spaces. ValueError saying what to type otherwise."""
    parts = [part for part in re.split(r"[,\s]+", str(text).strip()) if part]
    example = f"type the {player}'s hidden units like 32, 32"
    if not parts:
        raise ValueError(f"The {player} needs at least one hidden layer: {example}.")
    if len(parts) > MAX_LAYERS:
        raise ValueError(f"The {player} has at most {MAX_LAYERS} hidden layers here, got "
                         f"{len(parts)}.")
    units = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= MAX_UNITS:
            shown = part if len(part) <= 20 else part[:20] + "…"
            raise ValueError(f"The {player}'s hidden units must be whole numbers from 1 to "
                             f"{MAX_UNITS}; {shown!r} is not ({example}).")
        units.append(int(part))
    return tuple(units)


def _player(n_x: int, hidden, out_units: int, out_activation: str, choices: GanChoices,
            seed: int, start: str = "xavier") -> engine.Network:
    return engine.Network.from_spec({
        "n_x": n_x, "seed": seed, **_G_START_SPECS[start],
        "layers": [*({"units": units, "activation": choices.activation} for units in hidden),
                   {"units": out_units, "activation": out_activation}],
        "optimizer": {"name": "adam", "learning_rate": choices.learning_rate,
                      "beta1": BETA1}})


def drawn_point(x, y) -> tuple[float, float]:
    """A point a student drew or typed, as (x, y) floats rounded to 0.01, or a ValueError
    saying why not (not a number, not finite, off the plane)."""
    try:
        point = (float(x), float(y))
    except (TypeError, ValueError):
        raise ValueError("A drawn point needs two numbers, x and y.") from None
    if not all(abs(v) <= DRAW_LIMIT for v in point):  # also refuses nan and inf
        raise ValueError(f"A drawn point must lie on the plane: x and y from -{DRAW_LIMIT:g} "
                         f"to {DRAW_LIMIT:g}.")
    return round(point[0], 2), round(point[1], 2)


def real_data(choices: GanChoices):
    """The real points (2, m): REAL_POINTS of the distribution drawn with data seed 0, or the
    points drawn (MIN_DRAWN to MAX_DRAWN, each checked by drawn_point)."""
    if choices.real != "drawn":
        return real_points(choices.real, REAL_POINTS, 0)
    if len(choices.drawn) < MIN_DRAWN:
        raise ValueError(f"Draw at least {MIN_DRAWN} real points (click the plane under the "
                         f"views, or type them); {len(choices.drawn)} so far.")
    if len(choices.drawn) > MAX_DRAWN:
        raise ValueError(f"At most {MAX_DRAWN} drawn points.")
    return given_points(np.array([drawn_point(x, y) for x, y in choices.drawn]).T.copy())


def _check(choices: GanChoices) -> None:
    if choices.real not in REAL_LABELS:
        raise ValueError(f"Unknown real distribution {choices.real!r}.")
    if choices.g_start not in G_STARTS:
        raise ValueError(f"Unknown start for G {choices.g_start!r}.")
    if choices.activation not in ACTIVATIONS:
        raise ValueError(f"Unknown activation {choices.activation!r}.")
    if choices.learning_rate not in LEARNING_RATES:
        raise ValueError(f"The learning rate must be one of "
                         f"{', '.join(f'{r:g}' for r in LEARNING_RATES)}.")
    if not isinstance(choices.d_steps, int) or not 1 <= choices.d_steps <= MAX_D_STEPS:
        raise ValueError(f"k (D steps per G step) must be a whole number from 1 to "
                         f"{MAX_D_STEPS}.")
    if not isinstance(choices.seed, int) or not 0 <= choices.seed <= MAX_SEED:
        raise ValueError(f"The seed must be a whole number from 0 to {MAX_SEED:,}.")


def build(choices: GanChoices) -> GAN:
    """A fresh GAN for these choices: G noise_dims-hidden-2 (linear output), D 2-hidden-1
    (sigmoid), Adam for both, seeds seed and seed + 1000 (tests/test_gan.py's players); the
    real points are REAL_POINTS of the distribution, drawn with data seed 0, or the drawn
    ones (real_data)."""
    _check(choices)
    real = real_data(choices)  # first: with too few drawn points, say so before anything else
    g_hidden = hidden_units(choices.g_hidden, "generator")
    d_hidden = hidden_units(choices.d_hidden, "discriminator")
    G = _player(choices.noise_dims, g_hidden, 2, "linear", choices, choices.seed,
                choices.g_start)
    D = _player(2, d_hidden, 1, "sigmoid", choices, choices.seed + 1000)
    return GAN(G, D, real, noise_kind=choices.noise_kind,
               batch_size=BATCH_SIZE, d_steps=choices.d_steps,
               generator_loss=choices.generator_loss, seed=choices.seed)
