"""What the tests share: the one way they build a network, and the one way a page test keeps
a playing page from looping forever (`short_play`).

Test modules import it as ``from tests.conftest import network`` (a bare ``conftest`` would
be the browser tests' one when the whole suite is collected).
"""

from __future__ import annotations

import functools
import os
import tempfile

import pytest
from hypothesis import settings

import engine

# The suite is a gate: the same examples on every run, so CI cannot pass once and fail the next
# time on new random draws. Explore new ones with ``pytest --hypothesis-profile=explore``.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

# Pages under test keep their runs' checkpoints (playground/running/kept_runs.py) in a store of the
# test run's own, never in the user's ~/.streamlit/checkpoints.db (the servers that browser
# tests start inherit it).
os.environ.setdefault("PLAYGROUND_CHECKPOINT_STORAGE",
                      f"sqlite:///{tempfile.mkdtemp(prefix='playground-tests-')}/checkpoints.db")


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


def limit_frames(monkeypatch, frames: int | None) -> None:
    """Every playing loop the page starts (the playground's live.run, a comparison's live
    training) returns after `frames` frames; None leaves them unbounded."""
    from playground import live
    from playground.panels import comparison

    for module, name in ((live, "run"), (comparison, "_train_live")):
        loop = getattr(module, name)
        loop = getattr(loop, "func", loop)  # a limit set before: this one replaces it
        monkeypatch.setattr(module, name, loop if frames is None
                            else functools.partial(loop, max_frames=frames))


@pytest.fixture
def short_play(monkeypatch):
    """AppTest waits for the script to end, and while playing the page loops until paused:
    cap every playing loop at three frames. A module that drives the page uses it with
    ``pytestmark = pytest.mark.usefixtures("short_play")``."""
    limit_frames(monkeypatch, 3)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The challenges' shared store (playground.session.challenges) in a fresh SQLite file of the
    test's own; a test module with a store of another kind defines its own `store`."""
    from playground.session import challenges

    monkeypatch.setenv(challenges.STORAGE_VARIABLE, f"sqlite:///{tmp_path / 'board.db'}")
    return challenges.store()
