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
# the playground's (playground/session/limits.py). These two bound engine/search.py's search space.
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64
MAX_INPUTS = 1024  # the columns an uploaded CSV file may have (engine/csv_data.py)
MAX_OUTPUTS = 10  # and its classes
# Convolutional networks (engine/conv_layers.py): a conv layer's cost grows with m · n_H · n_W ·
# f_H · f_W · n_C_prev · n_C, so these bound what one spec may ask of a shared server.
MAX_FILTERS = 32  # n_C of one conv layer
MAX_CONV_LAYERS = 4
MAX_POOL_LAYERS = 4
MAX_FILTER_SIZE = 32  # f_H, f_W of a filter or a pooling window (the notes' ECG windows are 20)
MAX_STRIDE = 32
MAX_CHANNELS = 32  # n_C of the input image
MAX_IMAGE_VALUES = 4096  # n_H · n_W · n_C of the input (64×64 grey, 1×1024 signal)
# The windows one example spreads into (n_H · n_W · f_H · f_W · n_C_prev, the im2col matrix's
# share): 512 KB an example, so m = 1,000 examples take 0.5 GB in one layer at most.
MAX_WINDOW_VALUES = 65_536
LAYER_TYPES = ("dense", "conv", "pool")
POOL_MODES = ("max", "average")

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
REQUIRED = ("n_x", "layers")  # n_x may be left out when input_shape gives it


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


def _pair(value, name, low, high):
    """An int or [H, W] pair as [H, W], each in [low, high]."""
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(f"{name} must be a number or a pair [H, W], got {value!r}")
        return [_number(v, f"{name} ({axis})", low, high, integer=True)
                for v, axis in zip(value, ("H", "W"), strict=True)]
    side = _number(value, name, low, high, integer=True)
    return [side, side]


def _input_shape(value):
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError(f"input_shape must be [n_H, n_W, n_C], got {value!r}")
    shape = [_number(v, f"input_shape {axis}", 1, high, integer=True) for v, axis, high in
             zip(value, ("n_H", "n_W", "n_C"), (MAX_IMAGE_VALUES, MAX_IMAGE_VALUES,
                                                  MAX_CHANNELS), strict=True)]
    if shape[0] * shape[1] * shape[2] > MAX_IMAGE_VALUES:
        raise ValueError(f"input_shape {shape} holds {shape[0] * shape[1] * shape[2]:,} values "
                         f"per example; at most {MAX_IMAGE_VALUES:,}")
    return shape


def output_side(n_prev: int, f: int, p: int, s: int) -> int:
    """n = ⌊(n_prev + 2p − f) / s⌋ + 1, the course's output size of a conv or pool layer."""
    return (n_prev + 2 * p - f) // s + 1


def conv_padding(layer: dict) -> list[int]:
    """[p_H, p_W] of a normalized conv layer ("same": (f − 1)/2, f odd; pool layers: 0)."""
    if layer.get("type") != "conv":
        return [0, 0]
    if layer["padding"] == "same":
        return [(f - 1) // 2 for f in layer["size"]]
    return list(layer["padding"])


def _window_fits(where, shape, size, padding, what):
    for n, f, p, axis in zip(shape[:2], size, padding, ("n_H", "n_W"), strict=True):
        if f > n + 2 * p:
            raise ValueError(f"{where}: the {what} ({f} along {axis[-1]}) is larger than its "
                             f"input ({n}{f' + 2·{p} padding' if p else ''} along {axis[-1]})")


def _check_windows(where, out_shape, size, n_C_prev):
    values = out_shape[0] * out_shape[1] * size[0] * size[1] * n_C_prev
    if values > MAX_WINDOW_VALUES:
        raise ValueError(f"{where} reads {values:,} values per example (n_H·n_W·f_H·f_W·n_C_prev "
                         f"= {out_shape[0]}·{out_shape[1]}·{size[0]}·{size[1]}·{n_C_prev}); at "
                         f"most {MAX_WINDOW_VALUES:,}: take fewer channels before it, a larger "
                         "stride or a pooling layer first")


def _conv_layer(layer, where, shape):
    """A conv layer of a spec, normalized, and the (n_H, n_W, n_C) of its output."""
    _check_keys(layer, {"type", "filters", "size", "stride", "padding", "activation"}, where)
    filters = _number(layer.get("filters"), f"{where} filters", 1, MAX_FILTERS, integer=True)
    size = _pair(layer.get("size"), f"{where} size", 1, MAX_FILTER_SIZE)
    stride = _pair(layer.get("stride", 1), f"{where} stride", 1, MAX_STRIDE)
    padding = layer.get("padding", 0)
    if padding == "same":
        even = [f for f in size if f % 2 == 0]
        if even:
            raise ValueError(f"{where}: \"same\" padding needs an odd filter size, got "
                             f"{size} (pad by a number instead)")
        pads = [(f - 1) // 2 for f in size]
    else:
        pads = padding = _pair(padding, f"{where} padding", 0, MAX_FILTER_SIZE - 1)
        for p, f in zip(pads, size, strict=True):
            if p > f - 1:
                raise ValueError(f"{where}: padding {p} is wider than filter size {f} − 1 (the "
                                 "outputs beyond it would see only zeros)")
    activation = _choice(layer.get("activation"), f"{where} activation", HIDDEN_ACTIVATIONS)
    _window_fits(where, shape, size, pads, "filter")
    out_shape = [output_side(n, f, p, s) for n, f, p, s in zip(shape[:2], size, pads, stride,
                                                                 strict=True)] + [filters]
    _check_windows(where, out_shape, size, shape[2])
    return ({"type": "conv", "filters": filters, "size": size, "stride": stride,
             "padding": padding, "activation": activation}, out_shape)


def _pool_layer(layer, where, shape):
    """A pool layer of a spec, normalized (stride defaults to the window's size), and the
    (n_H, n_W, n_C) of its output."""
    _check_keys(layer, {"type", "mode", "size", "stride"}, where)
    mode = _choice(layer.get("mode", "max"), f"{where} mode", POOL_MODES)
    size = _pair(layer.get("size"), f"{where} size", 1, MAX_FILTER_SIZE)
    stride = _pair(layer.get("stride", size), f"{where} stride", 1, MAX_STRIDE)
    _window_fits(where, shape, size, (0, 0), "pooling window")
    out_shape = [output_side(n, f, 0, s) for n, f, s in zip(shape[:2], size, stride,
                                                             strict=True)] + [shape[2]]
    _check_windows(where, out_shape, size, shape[2])
    return {"type": "pool", "mode": mode, "size": size, "stride": stride}, out_shape


def _check_layer_counts(layers):
    for kind, most in (("conv", MAX_CONV_LAYERS), ("pool", MAX_POOL_LAYERS)):
        count = sum(layer.get("type") == kind for layer in layers)
        if count > most:
            raise ValueError(f"the network has {count} {kind} layers; at most {most}")


def layer_shapes(spec: dict) -> list[tuple[int, ...]]:
    """The shape of one example at the input and after every layer of a normalized spec:
    (n_H, n_W, n_C) for the input (with input_shape) and conv/pool layers, (n,) for dense."""
    input_shape = spec.get("input_shape")
    shape = tuple(input_shape) if input_shape is not None else (spec["n_x"],)
    shapes = [shape]
    for layer in spec["layers"]:
        kind = layer.get("type", "dense")
        if kind == "dense":
            shape = (layer["units"],)
        else:
            pads = conv_padding(layer)
            sides = tuple(output_side(n, f, p, s) for n, f, p, s in
                          zip(shape[:2], layer["size"], pads, layer["stride"], strict=True))
            shape = (*sides, layer["filters"] if kind == "conv" else shape[2])
        shapes.append(shape)
    return shapes


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
    _check_keys(spec, {*REQUIRED, *DEFAULTS, "optimizer", "input_shape"}, "spec")
    out = {**copy.deepcopy(DEFAULTS), **copy.deepcopy(spec)}
    input_shape = out.get("input_shape")
    if input_shape is not None:
        input_shape = out["input_shape"] = _input_shape(input_shape)
        if "n_x" not in spec:
            out["n_x"] = input_shape[0] * input_shape[1] * input_shape[2]
    elif "input_shape" in out:
        del out["input_shape"]  # null is the same as leaving it out
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise ValueError(f"spec is missing {', '.join(missing)}")
    out["n_x"] = _number(out["n_x"], "n_x", 1, None, integer=True)
    if input_shape is not None and out["n_x"] != input_shape[0] * input_shape[1] * input_shape[2]:
        raise ValueError(f"n_x = {out['n_x']} does not match input_shape {input_shape} "
                         f"(n_H · n_W · n_C = {input_shape[0] * input_shape[1] * input_shape[2]})")

    layers = out["layers"]
    if not isinstance(layers, list) or not layers:
        raise ValueError("layers must be a non-empty list; the last entry is the output layer")
    clean = []
    shape = input_shape  # (n_H, n_W, n_C) while the layers are conv or pool; None after dense
    for i, layer in enumerate(layers, start=1):
        output = i == len(layers)
        where = "output layer" if output else f"layer {i}"
        if not isinstance(layer, dict):
            raise ValueError(f"{where} must be a dict with units and activation, got {layer!r}")
        kind = _choice(layer.get("type", "dense"), f"{where} type", LAYER_TYPES)
        if kind == "dense":
            _check_keys(layer, {"type", "units", "activation"}, where)
            units = _number(layer.get("units"), f"{where} units", 1, None, integer=True)
            allowed = tuple(ACTIVATIONS) if output else HIDDEN_ACTIVATIONS
            activation = _choice(layer.get("activation"), f"{where} activation", allowed)
            clean.append({"units": units, "activation": activation})
            shape = None
            continue
        if output:
            raise ValueError(f"the output layer must be dense (units and activation), not "
                             f"{kind}; put a dense layer after the last {kind} layer")
        if input_shape is None:
            raise ValueError(f"layer {i} is a {kind} layer, which needs images or signals: the "
                             "spec needs input_shape [n_H, n_W, n_C] (2-D points have none)")
        if shape is None:
            raise ValueError(f"layer {i} is a {kind} layer after a dense layer; conv and pool "
                             "layers come first, dense layers after them")
        normalize = _conv_layer if kind == "conv" else _pool_layer
        entry, shape = normalize(layer, where, shape)
        clean.append(entry)
    _check_layer_counts(clean)
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
    """How many numbers a network of this normalized spec holds (W, b, or W, γ, β per layer;
    a conv layer's W is f_H·f_W·n_C_prev·n_C, its b n_C), known before any array is made (a
    file can ask for a network too large for memory)."""
    shapes = layer_shapes(spec)
    count = 0
    for l, layer in enumerate(spec["layers"], start=1):
        batch_norm = spec["batch_norm"] and l < len(spec["layers"])
        kind = layer.get("type", "dense")
        if kind == "pool":
            continue
        n_prev = 1
        for side in shapes[l - 1]:
            n_prev *= side
        if kind == "conv":
            f_H, f_W = layer["size"]
            n = layer["filters"]
            count += f_H * f_W * shapes[l - 1][2] * n + n * (2 if batch_norm else 1)
        else:
            n = layer["units"]
            count += n * n_prev + n * (2 if batch_norm else 1)
    return count
