"""A neural-network engine in pure NumPy, in the notation of the course.

    import engine
    net = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 4, "activation": "tanh"},
                                                         {"units": 1, "activation": "sigmoid"}]})
    record = net.step(X, Y)          # X is (n_x, m): one column per example
    record.layers[0].dW              # dW[1], shape (4, 2)
"""

from __future__ import annotations

from engine import (
    activations,
    csv_data,
    datasets,
    features,
    initializers,
    losses,
    optimizers,
    schedules,
)
from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.checks import one_hot
from engine.csv_data import CsvTable, DataError, inspect_csv, load_csv
from engine.datasets import DATASETS, MAX_EXAMPLES, DatasetInfo, make_dataset
from engine.features import FEATURE_LABELS, FEATURES, Normalization
from engine.gradient_check import gradient_check, gradient_verdict
from engine.losses import LOSSES
from engine.network import Network
from engine.optimizers import OPTIMIZERS
from engine.pipeline import Pipeline
from engine.prepare import Dataset, prepare
from engine.python_export import to_python
from engine.rawdata import RawData
from engine.saving import from_json, resume, to_json
from engine.spec import normalize_spec
from engine.trace import Divergence, History, LayerRecord, StepRecord
from engine.training import PROBLEMS, ArrayData, Trainer, accuracy


def to_onnx(net, data=None) -> bytes:
    """The network's inference graph as ONNX bytes (engine/onnx_export.py). Imported on first
    use: the onnx package takes longer to import than the rest of the engine."""
    from engine.onnx_export import to_onnx as build

    return build(net, data)


__all__ = [
    "ACTIVATIONS", "DATASETS", "FEATURES", "FEATURE_LABELS", "HIDDEN_ACTIVATIONS", "LOSSES",
    "MAX_EXAMPLES", "OPTIMIZERS", "PROBLEMS", "ArrayData", "CsvTable",
    "DataError", "Dataset", "DatasetInfo", "Divergence", "History", "LayerRecord", "Network",
    "Normalization", "RawData", "StepRecord", "Trainer", "accuracy", "activations", "csv_data",
    "datasets", "features", "gradient_check", "gradient_verdict", "initializers", "inspect_csv",
    "load_csv", "losses", "make_dataset", "normalize_spec", "one_hot", "optimizers", "prepare",
    "schedules", "Pipeline", "from_json", "resume", "to_json", "to_onnx", "to_python",
]
