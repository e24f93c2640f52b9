"""What the engine tests share: the one way they build a network.

Test modules import it as ``from tests.conftest import network`` (a bare ``conftest`` would
be the browser tests' one when the whole suite is collected).
"""

from __future__ import annotations

from hypothesis import settings

import engine

# The suite is a gate: the same examples on every run, so CI cannot pass once and fail the next
# time on new random draws. Explore new ones with ``pytest --hypothesis-profile=explore``.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")


def network(layers, n_x=2, loss="binary_cross_entropy", **spec):
    """A Network of ``layers`` given as (units, activation) pairs, the last one the output.

    Any other spec key (init, seed, optimizer, l2, keep_prob, batch_norm, batch_size, ...)
    passes straight through; keys left out keep the engine's own defaults.
    """
    return engine.Network.from_spec({
        "n_x": n_x,
        "layers": [{"units": units, "activation": activation} for units, activation in layers],
        "loss": loss,
        **spec,
    })


def train_epochs(net, X, Y, epochs=1):
    """Run whole epochs of (X, Y) through the engine's one training loop; the last record."""
    trainer = engine.Trainer(net, engine.ArrayData(X, Y))
    return trainer.run_epochs(epochs)
