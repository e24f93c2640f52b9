"""Learning-rate decay by epoch number (0 for the first epoch), as the course lists it."""

from __future__ import annotations

import math


def learning_rate(alpha0: float, decay: dict | None, epoch: int) -> float:
    """α for this epoch.

    - none:          α0
    - inverse_time:  α0 / (1 + decay_rate · epoch)
    - exponential:   base^epoch · α0            (the course's 0.95^epoch_num · α0)
    - staircase:     α0 · drop^⌊epoch / every⌋  (discrete steps)
    """
    if not decay:
        return alpha0
    kind = decay["kind"]
    if kind == "inverse_time":
        return alpha0 / (1.0 + decay["decay_rate"] * epoch)
    if kind == "exponential":
        return alpha0 * decay["base"] ** epoch
    if kind == "staircase":
        return alpha0 * decay["drop"] ** math.floor(epoch / decay["every"])
    raise ValueError(f"unknown decay kind {kind!r}")


DECAY_DEFAULTS = {
    "inverse_time": {"decay_rate": 1.0},
    "exponential": {"base": 0.95},
    "staircase": {"drop": 0.5, "every": 10},
}
