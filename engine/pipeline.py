"""The input pipeline a trained network needs to predict on raw inputs, apart from the data.

A prepared Dataset turns raw inputs into the network's X in two steps (engine/prepare.py):
features of (x1, x2) for a 2-D set, then normalization with the training statistics,
x_norm = (x - μ) / σ. An exported network carries this much of its Dataset (no examples), so
predictions on raw inputs reproduce anywhere: in a saved file (saving.py), the standalone
Python file (python_export.py) and the ONNX graph (onnx_export.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.features import Normalization, compute_features, select_features
from engine.network import Network
from engine.training import Trainer


@dataclass(frozen=True, eq=False)
class Pipeline:
    """features: the keys computed from raw (x1, x2) in FEATURES order, () when the raw
    columns go in as they are; normalization: μ and σ per row of X; class_names: one per
    output class (empty for regression); input_names, feature_names: for people;
    target_mean, target_std: a regression target's scaling, y = mean + std · ŷ."""

    features: tuple[str, ...]
    normalization: Normalization
    problem: str
    class_names: tuple[str, ...]
    input_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    dataset: str = ""
    target_mean: float = 0.0
    target_std: float = 1.0

    @classmethod
    def of(cls, data) -> Pipeline:
        """The pipeline of a prepared Dataset (or a Pipeline itself)."""
        if isinstance(data, Pipeline):
            return data
        needed = ("normalization", "features", "uses_features", "problem", "class_names")
        if not all(hasattr(data, name) for name in needed):
            raise ValueError("data must be a prepared engine Dataset (engine.prepare) or a "
                             f"Pipeline; got {type(data).__name__}")
        return cls(
            features=tuple(data.features) if data.uses_features else (),
            normalization=data.normalization,
            problem=data.problem,
            class_names=tuple(map(str, data.class_names)) if data.problem != "regression"
            else (),
            input_names=tuple(map(str, data.input_names)),
            feature_names=tuple(map(str, data.feature_names)),
            dataset=str(data.name),
            target_mean=float(data.target_mean),
            target_std=float(data.target_std),
        )

    @property
    def n_inputs(self) -> int:
        """Rows of the raw input: 2 for features of (x1, x2), else n_x."""
        return 2 if self.features else self.n_x

    @property
    def n_x(self) -> int:
        return self.normalization.mean.shape[0]

    def transform(self, inputs: np.ndarray) -> np.ndarray:
        """Raw inputs (d, k) -> the network's X (n_x, k), as Dataset.transform."""
        inputs = np.asarray(inputs, dtype=np.float64)
        if inputs.ndim != 2 or inputs.shape[0] != self.n_inputs:
            raise ValueError(f"expected raw inputs of shape ({self.n_inputs}, k); got "
                             f"{inputs.shape}")
        if self.features:
            inputs = compute_features(inputs, self.features)
        return self.normalization.apply(inputs)

    def check(self, n_x: int) -> None:
        """ValueError unless this pipeline feeds a network with n_x inputs."""
        if self.features:
            select_features(self.features)  # known names, in FEATURES order
            if tuple(select_features(self.features)) != tuple(self.features):
                raise ValueError("features must be listed in the engine's order")
        if self.n_x != n_x:
            raise ValueError(f"the input pipeline makes {self.n_x} inputs but the network "
                             f"takes n_x = {n_x}")


def export_inputs(net, data=None):
    """What an export writes out: the Network (of a Trainer too) and the Pipeline of ``data``
    checked against it (None without data). ValueError for anything else."""
    net = net.net if isinstance(net, Trainer) else net
    if not isinstance(net, Network):
        raise ValueError(f"expected an engine Network or Trainer, got {type(net).__name__}")
    pipeline = None if data is None else Pipeline.of(data)
    if pipeline is not None:
        pipeline.check(net.layer_sizes[0])
    return net, pipeline
