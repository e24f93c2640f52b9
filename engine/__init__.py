"""A neural-network engine in pure NumPy, in the notation of the course.

    import engine
    net = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 4, "activation": "tanh"},
                                                         {"units": 1, "activation": "sigmoid"}]})
    record = net.step(X, Y)          # X is (n_x, m): one column per example
    record.layers[0].dW              # dW[1], shape (4, 2)
"""

from . import activations, csv_data, datasets, features, initializers, losses, optimizers, schedules
from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from .csv_data import CsvTable, DataError, inspect_csv, load_csv
from .datasets import DATASETS, DatasetInfo, make_dataset
from .features import FEATURE_LABELS, FEATURES, Normalization
from .gradient_check import gradient_check, gradient_verdict
from .losses import LOSSES
from .network import Network
from .optimizers import OPTIMIZERS
from .prepare import Dataset, prepare
from .rawdata import RawData
from .spec import MAX_EXAMPLES, MAX_HIDDEN_LAYERS, MAX_UNITS, normalize_spec
from .trace import Divergence, History, LayerRecord, StepRecord
from .training import Trainer, accuracy

__all__ = [
    "ACTIVATIONS", "DATASETS", "FEATURES", "FEATURE_LABELS", "HIDDEN_ACTIVATIONS", "LOSSES",
    "MAX_EXAMPLES", "MAX_HIDDEN_LAYERS", "MAX_UNITS", "OPTIMIZERS", "CsvTable", "DataError",
    "Dataset", "DatasetInfo", "Divergence", "History", "LayerRecord", "Network", "Normalization",
    "RawData", "StepRecord", "Trainer", "accuracy", "activations", "csv_data", "datasets",
    "features", "gradient_check", "gradient_verdict", "initializers", "inspect_csv", "load_csv",
    "losses", "make_dataset", "normalize_spec", "optimizers", "prepare", "schedules",
]
