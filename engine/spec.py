"""The network specification: a plain JSON-serializable dict, validated and filled with defaults.

A spec is what a share link, a lesson or a notebook passes to ``Network.from_spec``. Anything
unknown or out of range is rejected with a ``ValueError`` that names it, because a typo that is
silently ignored would make a lesson teach the wrong thing.
"""

from __future__ import annotations

import copy
import numbers

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from engine.schedules import DECAY_DEFAULTS

# The engine takes networks of any size that fits in memory; a shared server's limits are
# the playground's (playground/limits.py). These two bound engine/search.py's search space.
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64
MAX_INPUTS = 1024  # the columns an uploaded CSV file may have (engine/csv_data.py)
MAX_OUTPUTS = 10  # and its classes

# The loss a spec without one gets, by output activation (any other output: mean squared error).
LOSS_OF_OUTPUT = {"sigmoid": "binary_cross_entropy", "softmax": "categorical_cross_entropy"}
# The output layer and its loss for each kind of target (the playground's "Problem type" and
# a search's problem); the one copy of this table.
OUTPUT_OF_PROBLEM = {
    "binary": ("sigmoid", LOSS_OF_OUTPUT["sigmoid"]),
    "multiclass": ("softmax", LOSS_OF_OUTPUT["softmax"]),
    "regression": ("linear", "mean_squared_error"),
}
# The reverse: the problem a saved network's loss tells.
PROBLEM_OF_LOSS = {loss: problem for problem, (_, loss) in OUTPUT_OF_PROBLEM.items()}
# The parameters each optimizer reads besides learning_rate and decay: any other β given a
# value other than its default is refused (it would do nothing).
OPTIMIZER_READS = {"gd": (), "momentum": ("beta1",), "rmsprop": ("beta2", "epsilon"),
                   "adam": ("beta1", "beta2", "epsilon")}
# Every parameter some optimizer reads (besides learning_rate and decay): beta1, beta2, epsilon.
OPTIMIZER_PARAMETERS = tuple(dict.fromkeys(key for keys in OPTIMIZER_READS.values()
                                           for key in keys))
# The spec's keys a running network may change (Network.update_settings): none of them
# changes the parameters' shapes or values.
LIVE_KEYS = ("optimizer", "l2", "keep_prob", "batch_size")

DEFAULTS = {
    "loss": None,  # from the output activation: LOSS_OF_OUTPUT
    "init": "xavier",
    "init_scale": None,
    "seed": 0,
    "l2": 0.0,
    "keep_prob": 1.0,
    "batch_norm": False,
    "batch_size": None,
}
OPTIMIZER_DEFAULTS = {"name": "gd", "learning_rate": 0.03, "beta1": 0.9, "beta2": 0.999,
                      "epsilon": 1e-8, "decay": None}
REQUIRED = ("n_x", "layers")


def _check_keys(given, allowed, where):
    # Sorted by their repr: keys of mixed types (1, "x", None) cannot be compared directly.
    unknown = sorted(map(repr, set(given) - set(allowed)))
    if unknown:
        raise ValueError(f"unknown {where} key(s): {', '.join(unknown)}; "
                         f"allowed: {', '.join(sorted(allowed))}")


def _number(value, name, low=None, high=None, integer=False, low_open=False):
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ValueError(f"{name} must be {'an integer' if integer else 'a number'}, got {value!r}")
    if value != value or (low is not None and (value <= low if low_open else value < low)) or (
            high is not None and value > high):
        bound = f"{'>' if low_open else '≥'} {low}" if low is not None else ""
        bound += (" and " if bound and high is not None else "") + (
            f"≤ {high}" if high is not None else "")
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return int(value) if integer else float(value)


def _choice(value, name, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def normalize_optimizer(optimizer):
    """The optimizer part of a spec, validated, with the course's defaults filled in."""
    if not isinstance(optimizer, dict):
        raise ValueError(f"optimizer must be a dict, got {optimizer!r}")
    _check_keys(optimizer, OPTIMIZER_DEFAULTS, "optimizer")
    opt = {**OPTIMIZER_DEFAULTS, **optimizer}
    opt["name"] = _choice(opt["name"], "optimizer name", tuple(OPTIMIZERS))
    opt["learning_rate"] = _number(opt["learning_rate"], "learning_rate", 0, 1e6, low_open=True)
    opt["beta1"] = _number(opt["beta1"], "beta1", 0, 0.999999)
    opt["beta2"] = _number(opt["beta2"], "beta2", 0, 0.999999999)
    opt["epsilon"] = _number(opt["epsilon"], "epsilon", 0, 1, low_open=True)
    reads = OPTIMIZER_READS.get(opt["name"], OPTIMIZER_PARAMETERS)
    unread = [k for k in OPTIMIZER_PARAMETERS if k not in reads and opt[k] != OPTIMIZER_DEFAULTS[k]]
    if unread:
        users = [name for name, keys in OPTIMIZER_READS.items() if unread[0] in keys]
        raise ValueError(f"optimizer {opt['name']} does not read {', '.join(unread)} (it reads "
                         f"{', '.join(('learning_rate', *reads))}); {unread[0]} is for "
                         f"{' and '.join(users)}")
    decay = opt["decay"]
    if decay is not None:
        if not isinstance(decay, dict) or "kind" not in decay:
            raise ValueError(f"decay must be null or a dict with a 'kind', got {decay!r}")
        kind = _choice(decay["kind"], "decay kind", tuple(DECAY_DEFAULTS))
        _check_keys(decay, {"kind", *DECAY_DEFAULTS[kind]}, f"{kind} decay")
        decay = {"kind": kind, **DECAY_DEFAULTS[kind], **decay}
        if kind == "inverse_time":
            decay["decay_rate"] = _number(decay["decay_rate"], "decay_rate", 0, 100)
        elif kind == "exponential":
            decay["base"] = _number(decay["base"], "decay base", 0, 1, low_open=True)
        else:
            decay["drop"] = _number(decay["drop"], "staircase drop", 0, 1, low_open=True)
            decay["every"] = _number(decay["every"], "staircase every", 1, 10_000, integer=True)
        opt["decay"] = decay
    return opt


def normalize_batch_size(batch_size):
    if batch_size is None:
        return None
    return _number(batch_size, "batch_size", 1, None, integer=True)


def normalize_spec(spec):
    """Return a validated deep copy of ``spec`` with every default filled in."""
    if not isinstance(spec, dict):
        raise ValueError(f"a network spec must be a dict, got {type(spec).__name__}")
    _check_keys(spec, {*REQUIRED, *DEFAULTS, "optimizer"}, "spec")
    missing = [k for k in REQUIRED if k not in spec]
    if missing:
        raise ValueError(f"spec is missing {', '.join(missing)}")
    out = {**copy.deepcopy(DEFAULTS), **copy.deepcopy(spec)}
    out["n_x"] = _number(out["n_x"], "n_x", 1, None, integer=True)

    layers = out["layers"]
    if not isinstance(layers, list) or not layers:
        raise ValueError("layers must be a non-empty list; the last entry is the output layer")
    clean = []
    for i, layer in enumerate(layers, start=1):
        output = i == len(layers)
        where = "output layer" if output else f"layer {i}"
        if not isinstance(layer, dict):
            raise ValueError(f"{where} must be a dict with units and activation, got {layer!r}")
        _check_keys(layer, {"units", "activation"}, where)
        units = _number(layer.get("units"), f"{where} units", 1, None, integer=True)
        allowed = tuple(ACTIVATIONS) if output else HIDDEN_ACTIVATIONS
        activation = _choice(layer.get("activation"), f"{where} activation", allowed)
        clean.append({"units": units, "activation": activation})
    out["layers"] = clean

    out_act, out_units = clean[-1]["activation"], clean[-1]["units"]
    if out["loss"] is None:
        out["loss"] = LOSS_OF_OUTPUT.get(out_act, "mean_squared_error")
    out["loss"] = _choice(out["loss"], "loss", tuple(LOSSES))
    if out_act not in LOSSES[out["loss"]].output_activations:
        raise ValueError(f"loss {out['loss']} needs an output activation in "
                         f"{', '.join(LOSSES[out['loss']].output_activations)}; got {out_act}")
    if out_act == "softmax" and out_units < 2:
        raise ValueError("a softmax output needs at least 2 units (one per class)")
    out["init"] = _choice(out["init"], "init", tuple(INITIALIZERS))
    if out["init_scale"] is not None:
        out["init_scale"] = _number(out["init_scale"], "init_scale", 0, 100)
    out["seed"] = _number(out["seed"], "seed", 0, 2**32 - 1, integer=True)
    out["l2"] = _number(out["l2"], "l2", 0, 100)
    out["keep_prob"] = _number(out["keep_prob"], "keep_prob", 0, 1, low_open=True)
    if not isinstance(out["batch_norm"], bool):
        raise ValueError(f"batch_norm must be true or false, got {out['batch_norm']!r}")
    out["batch_size"] = normalize_batch_size(out["batch_size"])
    out["optimizer"] = normalize_optimizer(out.get("optimizer", {}))
    return out


def parameter_count(spec: dict) -> int:
    """How many numbers a network of this normalized spec holds (W, b, or W, γ, β per layer),
    known before any array is made (a file can ask for a network too large for memory)."""
    sizes = [spec["n_x"], *(layer["units"] for layer in spec["layers"])]
    count = 0
    for l in range(1, len(sizes)):
        batch_norm = spec["batch_norm"] and l < len(sizes) - 1
        count += sizes[l] * sizes[l - 1] + sizes[l] * (2 if batch_norm else 1)
    return count
