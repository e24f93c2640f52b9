"""A neural-network engine in pure NumPy, in the notation of the course.

X is (n_x, m), one column per example; W[l] is (n[l], n[l-1]) and b[l] (n[l], 1).

    import engine
    net = engine.Network.from_spec({"n_x": 784, "layers": [{"units": 128, "activation": "relu"},
                                                           {"units": 10, "activation": "softmax"}]})
    trainer = net.fit(X, Y, epochs=5, batch_size=128, X_test=X_test, Y_test=Y_test)
    trainer.metrics                  # train/test cost and accuracy of the parameters held
    net.predict(X_test)              # probabilities, one column per example
    record = net.step(X, Y)          # or one step at a time: every Z, A, dZ, dW, db
    record.layers[0].dW              # dW[1], shape (128, 784)

Where to look: `Network.from_spec` (every spec key with its default, each optimizer's
parameters, the decay schedules), `Network.fit` and `Trainer` (training, `History` series
names), `ArrayData` (problem values), `accuracy`, `one_hot`, `gradient_check`. Every public
function checks its arrays and raises a ValueError naming the argument and the fix. The engine
has no size limit but memory's (see `Network`).

Beyond classifying: `adversarial` (FGSM examples from `Network.input_gradient`), `autoencoder`
(target = input through a 2-unit code), `gan` and `gan_data` (a 2-D GAN of two networks),
`recirculation` (an autoencoder trained without backpropagated error), `family_trees`
(Hinton's 104 kinship facts).
"""

from __future__ import annotations

from engine import (
    activations,
    adversarial,
    autoencoder,
    csv_data,
    datasets,
    family_trees,
    features,
    gan,
    gan_data,
    initializers,
    losses,
    optimizers,
    rawdata,
    recirculation,
    schedules,
)
from engine.checks import one_hot
from engine.csv_data import CsvTable, DataError, inspect_csv, load_csv
from engine.datasets import DatasetInfo, make_dataset
from engine.features import Normalization
from engine.gradient_check import gradient_check, gradient_verdict
from engine.network import Network
from engine.pipeline import Pipeline
from engine.prepare import Dataset, prepare
from engine.python_export import to_python
from engine.rawdata import RawData
from engine.saving import from_json, resume, to_json
from engine.spec import normalize_spec
from engine.trace import Divergence, History, LayerRecord, StepRecord
from engine.training import ArrayData, Trainer, accuracy

# The registries, each with its docstring here (the API reference shows them on this page).
ACTIVATIONS = activations.ACTIVATIONS
"""Every activation by name: "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"."""
HIDDEN_ACTIVATIONS = activations.HIDDEN_ACTIVATIONS
"""The activations a hidden layer may have (softmax is for the output layer only)."""
LOSSES = losses.LOSSES
"""The losses by name: "binary_cross_entropy" (sigmoid output, labels 0/1),
"categorical_cross_entropy" (softmax output, one-hot Y or a distribution per column),
"mean_squared_error" (any other)."""
OPTIMIZERS = optimizers.OPTIMIZERS
"""The optimizers by name and what each reads besides learning_rate and decay: "gd" (nothing),
"momentum" (beta1 = 0.9), "rmsprop" (beta2 = 0.999, epsilon = 1e-8), "adam" (all three)."""
PROBLEMS = rawdata.PROBLEMS
"""A data set's problem: "binary", "multiclass" (one-hot Y, softmax) or "regression" (no
accuracy)."""
DATASETS = datasets.DATASETS
"""The generated data sets by name (``make_dataset(name, ...)``), each a DatasetInfo."""
MAX_EXAMPLES = datasets.MAX_EXAMPLES
"""The most examples ``make_dataset`` generates (the network itself takes any number)."""
FEATURES = features.FEATURES
"""The features of (x1, x2) ``prepare`` can compute, in the order they are stacked."""
FEATURE_LABELS = features.FEATURE_LABELS
"""Each feature's name as the page prints it ("x1^2" -> "x₁²")."""


def to_onnx(net, data=None) -> bytes:
    """The network's inference graph as ONNX bytes (engine/onnx_export.py). Imported on first
    use: the onnx package takes longer to import than the rest of the engine."""
    from engine.onnx_export import to_onnx as build

    return build(net, data)


__all__ = [
    "ACTIVATIONS", "DATASETS", "FEATURES", "FEATURE_LABELS", "HIDDEN_ACTIVATIONS", "LOSSES",
    "MAX_EXAMPLES", "OPTIMIZERS", "PROBLEMS", "ArrayData", "CsvTable", "adversarial",
    "autoencoder", "gan", "gan_data",
    "DataError", "Dataset", "DatasetInfo", "Divergence", "History", "LayerRecord", "Network",
    "Normalization", "RawData", "StepRecord", "Trainer", "accuracy", "activations", "csv_data",
    "datasets", "family_trees", "features", "gradient_check", "gradient_verdict", "initializers",
    "inspect_csv", "load_csv", "losses", "make_dataset", "normalize_spec", "one_hot", "optimizers",
    "prepare", "recirculation", "schedules", "Pipeline", "from_json", "resume", "to_json",
    "to_onnx", "to_python",
]
