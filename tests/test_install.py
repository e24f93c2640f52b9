"""`pip install` of the repository gives `import engine` in a fresh virtual environment outside
it, with the engine's own dependencies, and the engine there trains a network the shared
server would refuse (784-128-10 on 12,000 examples). Slow (a venv and an install, about 20 s
with the local wheel cache), so marked, but run by `make test`.

The venv has no --system-site-packages: a dependency missing from pyproject.toml fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import numpy as np

    import engine

    assert "site-packages" in engine.__file__, engine.__file__
    rng = np.random.default_rng(0)
    m = 12_000
    X = rng.random((784, m))
    labels = (X[:10].argmax(axis=0))  # a class any network can find: the largest of 10 pixels
    Y = engine.one_hot(labels, 10)
    net = engine.Network.from_spec({
        "n_x": 784,
        "layers": [{"units": 128, "activation": "relu"}, {"units": 10, "activation": "softmax"}],
        "init": "he", "optimizer": {"name": "adam", "learning_rate": 0.003}})
    trainer = net.fit(X, Y, epochs=2, batch_size=128)
    assert net.steps_done == 2 * 94, net.steps_done
    costs = trainer.history.series("train_cost")[1]
    assert costs[-1] < costs[0], costs
    difference = engine.gradient_check(net, X[:, :20], Y[:, :20], max_entries=300)
    assert difference < 1e-5, difference  # the course: below 1e-5 backprop is fine
    print(f"ok {costs[0]:.3f} -> {costs[-1]:.3f}, accuracy "
          f"{trainer.metrics['train_accuracy']:.3f}, gradient check {difference:.1e}")
""")


def _clone(into: Path) -> Path:
    """What a clone holds of the package (copied, so the build writes nothing here)."""
    source = into / "nn-playground"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("engine", "playground"):
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return source


@pytest.mark.slow
def test_pip_install_in_a_fresh_venv_gives_an_engine_that_trains_784_128_10(tmp_path):
    source = _clone(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)],
                             capture_output=True, text=True, timeout=600, env=env)
    assert install.returncode == 0, install.stderr[-3000:]
    run = subprocess.run([str(python), "-c", SCRIPT], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("ok "), run.stdout
