"""Save a network as a JSON document and load it back, to go on training exactly where it stopped.

    text = engine.to_json(net, dataset)            # or to_json(trainer, dataset)
    net, info = engine.from_json(text)
    trainer = engine.resume(net, dataset, info)    # a Trainer at the same place in the epoch

The document (FORMAT, VERSION) holds the spec, every parameter in the course's shapes (W1 is
(n[1], n_x), b1 (n[1], 1), ...), batch norm's running μ and σ², the optimizer's moving averages
(v, s in the parameters' shapes) and Adam's t, the step and epoch counts (the learning-rate
decay reads the epoch), the dropout masks' random stream, the divergence watch's best cost,
the bounded cost and norm series, and with a Trainer its place in the epoch (the mini-batch
shuffle is a function of (seed, epoch), so the place is enough), the epoch-level history and
the last epoch end's metrics.
With `data` it holds the input pipeline (features, normalization statistics, class names).

A file is untrusted input. ``from_json`` reads at most MAX_BYTES, refuses nesting deeper than
MAX_DEPTH before parsing (json.loads recurses), NaN, ±Infinity and numbers that overflow (an
integer such as 10**400 too), a string with a control character (any line break, \\r, \\f,
\\u2028, ...) or longer than MAX_TEXT (a name: MAX_NAME), any unknown or missing key, and
every shape or value the spec does not allow (the spec's own limits apply, e.g. at most 32
filters a conv layer and 4 conv layers: engine/spec.py). Each refusal is a ValueError that
names what is wrong; nothing is evaluated or unpickled. Nothing here changes an existing network.
"""

from __future__ import annotations

import json
import math
import numbers
import re
import sys

import numpy as np

from engine.features import Normalization
from engine.network import Network
from engine.pipeline import Pipeline
from engine.spec import normalize_spec, parameter_count
from engine.trace import Divergence, History
from engine.training import Trainer

FORMAT = "neural-network-playground/network"
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 12  # the document's own nesting is 6 deep
MAX_COUNT = 10**12  # steps and epochs
MAX_SERIES = 200  # named series in one history
MAX_EXTRA = 64  # entries of "extra" (an application's own strings, e.g. the page's settings)
MAX_TEXT = 4000  # characters of one string anywhere (an "extra" value, the page's settings)
MAX_NAME = 1000  # characters of one name in "data" (a data set, class, input or feature)
LARGEST_FLOAT = sys.float_info.max  # an integer beyond this cannot be a 64-bit float

NOT_RESTORED = (
    "The last step's record (every Z, A, dW the inspector shows) and its gradients are not "
    "saved; they come back with the next step.",
    "If the very next step diverges with a runaway cost, the parameters go back to the loaded "
    "ones (not to those one step earlier).",
)
_KEYS = ("format", "version", "spec", "parameters", "batch_norm", "optimizer_state",
         "steps_done", "epochs_done", "steps_into_epoch", "dropout_random_state", "best_cost",
         "divergence", "history", "epoch_history", "metrics", "data", "extra")


# --- writing ------------------------------------------------------------------------------------

def _matrix(array: np.ndarray) -> list:
    """An array (2-D, or a conv layer's 4-D) as nested lists (floats print as the shortest
    text that reads back equal)."""
    return np.asarray(array, dtype=np.float64).tolist()


def _series_doc(history: History) -> dict:
    series = {}
    for name in history.names():
        s = history.of(name)
        series[name] = {"x": list(s.x), "y": [float(v) if math.isfinite(v) else None
                                               for v in s.y],
                        "stride": s.stride, "seen": s.seen}
    return {"capacity": history.capacity, "series": series}


def _optimizer_doc(net: Network) -> dict:
    optimizer, layout = net.optimizer, net._vector
    doc = {}
    for name in ("v", "s"):
        if hasattr(optimizer, name):
            flat = getattr(optimizer, name)
            doc[name] = None if flat is None else {
                p: _matrix(view) for p, view in layout.split(flat).items()}
    if hasattr(optimizer, "t"):
        doc["t"] = optimizer.t
    return doc


def _data_doc(pipeline: Pipeline) -> dict:
    norm = pipeline.normalization
    return {
        "dataset": pipeline.dataset,
        "problem": pipeline.problem,
        "features": list(pipeline.features),
        "normalization": {"enabled": bool(norm.enabled), "mean": _matrix(norm.mean),
                          "std": _matrix(norm.std)},
        "class_names": list(pipeline.class_names),
        "input_names": list(pipeline.input_names),
        "feature_names": list(pipeline.feature_names),
        "target_mean": pipeline.target_mean,
        "target_std": pipeline.target_std,
    }


def to_dict(net, data=None, extra: dict | None = None) -> dict:
    """The document as a dict of plain JSON values (see the module docstring)."""
    trainer = net if isinstance(net, Trainer) else None
    net = trainer.net if trainer is not None else net
    if not isinstance(net, Network):
        raise ValueError(f"expected an engine Network or Trainer, got {type(net).__name__}")
    pipeline = None if data is None else Pipeline.of(data)
    if pipeline is not None:
        pipeline.check(net.layer_sizes[0])
    divergence = net.divergence
    best = net.recorder.watch.best_cost
    return {
        "format": FORMAT,
        "version": VERSION,
        "spec": net.spec,
        "parameters": {name: _matrix(value) for name, value in net.parameters.items()},
        "batch_norm": {name: _matrix(value) for name, value in net.bn_running.items()},
        "optimizer_state": _optimizer_doc(net),
        "steps_done": net.steps_done,
        "epochs_done": net.epochs_done,
        "steps_into_epoch": None if trainer is None else trainer.steps_into_epoch,
        "dropout_random_state": net.dropout_state,
        "best_cost": best if math.isfinite(best) else None,
        "divergence": None if divergence is None else {
            "step": divergence.step, "layer": divergence.layer, "what": divergence.what,
            "runaway_cost": divergence.runaway_cost},
        "history": _series_doc(net.history),
        "epoch_history": None if trainer is None else _series_doc(trainer.history),
        "metrics": None if trainer is None else {  # of the last epoch end, as the page shows
            name: value if value is not None and math.isfinite(value) else None
            for name, value in trainer.metrics.items()},
        "data": None if pipeline is None else _data_doc(pipeline),
        "extra": dict(extra or {}),
    }


def to_json(net, data=None, extra: dict | None = None) -> str:
    """The network (or a Trainer, which adds its place in the epoch and the epoch metrics) as
    a JSON document; ``data`` (a prepared Dataset) adds the input pipeline; ``extra`` is an
    application's own {name: text} (the page keeps its settings there).

    Raises ValueError if the document would be larger than from_json reads (MAX_BYTES).
    """
    text = json.dumps(to_dict(net, data, extra), separators=(",", ":"), allow_nan=False)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValueError(f"this network's document would be {size / 2**20:.1f} MB, more than "
                         f"the {MAX_BYTES // 2**20} MB a saved network may have")
    return text


# --- reading: the text --------------------------------------------------------------------------

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def _depth(text: str) -> int:
    """How deep [ and { nest in a JSON text (brackets inside strings do not count)."""
    skeleton = np.frombuffer(_STRINGS.sub('""', text).encode("utf-8"), dtype=np.uint8)
    steps = ((skeleton == ord("[")) | (skeleton == ord("{"))).astype(np.int32)
    steps -= ((skeleton == ord("]")) | (skeleton == ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is too large for a 64-bit float")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a finite number")


def _parse(text) -> dict:
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            raise ValueError(f"the file has {len(text) / 2**20:.1f} MB; a saved network may "
                             f"have at most {MAX_BYTES // 2**20} MB")
        if text[:1] == b"\x80":
            raise ValueError("this is a Python pickle, not a saved network; pickles are never "
                             "opened here (they can run code)")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the file is not text (UTF-8): a saved network is a JSON "
                             "document") from None
    if not isinstance(text, str):
        raise ValueError(f"expected the JSON text of a saved network, got {type(text).__name__}")
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"the document is larger than {MAX_BYTES // 2**20} MB, the most a "
                         "saved network may have")
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise ValueError(f"the document nests {depth} levels deep; a saved network nests at "
                         f"most {MAX_DEPTH}")
    try:
        doc = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as problem:
        raise ValueError(f"not valid JSON ({problem.msg} at line {problem.lineno}, column "
                         f"{problem.colno}): the file is cut short or is not a saved "
                         "network") from None
    except ValueError as problem:  # NaN, Infinity, a float or an integer out of range
        raise ValueError(f"not a usable JSON document: {problem}") from None
    except RecursionError:  # cannot happen after the depth check; kept as a last guard
        raise ValueError("the document nests too deeply") from None
    if not isinstance(doc, dict):
        raise ValueError(f"a saved network is a JSON object, got a {type(doc).__name__}")
    _check_values(doc, "")
    return doc


def _check_values(value, where: str) -> None:
    """Every string in the document printable (no line break or control character of any
    kind) and at most MAX_TEXT long, every integer within a float's range, before any field is
    read: ValueError naming the field (e.g. data.feature_names[2])."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            _check_string(key, f"a key in {where or 'the document'}")
            _check_values(item, path if _plain(key) else f"{where}[{_short(key)}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_values(item, f"{where}[{index}]")
    elif isinstance(value, str):
        _check_string(value, where)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_FLOAT:
        raise ValueError(f"{where}: the whole number of {len(str(abs(value)))} digits is too "
                         "large for a 64-bit float")


def _plain(key: str) -> bool:
    return len(key) <= 40 and key.replace("_", "").isalnum()


def _check_string(text: str, where: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValueError(f"{where}: a text of {len(text):,} characters; at most {MAX_TEXT:,}")
    if not text.isprintable():
        bad = next(c for c in text if not c.isprintable())
        raise ValueError(f"{where}: the text holds the control character U+{ord(bad):04X} "
                         "(a line break, a tab or another invisible character)")


# --- reading: the document ----------------------------------------------------------------------

def _count(value, name, low=0, high=MAX_COUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got "
                         f"{_short(value)}")
    return value


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _array(value, shape: tuple[int, ...], name: str) -> np.ndarray:
    """An array of ``shape`` from nested lists of numbers — a matrix (rows, cols), or a conv
    layer's 4-D W (f_H, f_W, n_C_prev, n_C) and b (1, 1, 1, n_C) — checked element by element
    (a string, a bool or a ragged row is refused, not converted)."""
    if len(shape) != 2:
        value = _flattened(value, shape, name)
        shape, wanted = (1, len(value[0])), shape
    else:
        wanted = shape
    rows, cols = shape
    if not isinstance(value, list) or len(value) != rows or not all(
            isinstance(row, list) and len(row) == cols for row in value):
        got = _shape_of(value)
        raise ValueError(f"{name} must have shape ({rows}, {cols}), got {got}")
    for row in value:
        for x in row:
            if type(x) is not float and (type(x) is not int):
                raise ValueError(f"{name} holds {_short(x)}, which is not a number")
    array = np.array(value, dtype=np.float64).reshape(wanted)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} holds a number that is not finite")
    return array


def _flattened(value, shape, name) -> list:
    """[[the entries of nested lists of ``shape``, in order]]; ValueError at the first level
    whose length is not the shape's."""
    level = [value]
    for depth, size in enumerate(shape):
        if not all(isinstance(item, list) and len(item) == size for item in level):
            raise ValueError(f"{name} must have shape {tuple(shape)}: level {depth + 1} of its "
                             f"nested lists does not hold {size} entries everywhere")
        level = [x for item in level for x in item]
    return [level]


def _shape_of(value) -> str:
    if not isinstance(value, list):
        return f"a {type(value).__name__}"
    if value and all(isinstance(row, list) for row in value):
        lengths = sorted({len(row) for row in value})
        if len(lengths) == 1:
            return f"({len(value)}, {lengths[0]})"
        return f"rows of lengths {', '.join(map(str, lengths[:5]))}"
    return f"a flat list of {len(value)}"


def _dict(value, name) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be an object, got {_short(value)}")
    return value


def _exact_keys(value: dict, wanted, name: str) -> None:
    unknown = sorted(set(value) - set(wanted))
    missing = [k for k in wanted if k not in value]
    if unknown:
        raise ValueError(f"{name}: unknown key(s) {', '.join(map(repr, unknown[:5]))}")
    if missing:
        raise ValueError(f"{name}: missing {', '.join(map(repr, missing))}")


def _text(value, name, limit=MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{name} must be text of at most {limit} characters, got "
                         f"{_short(value)}")
    _check_string(value, name)
    return value


def _texts(value, name, count=None) -> tuple[str, ...]:
    if not isinstance(value, list) or (count is not None and len(value) != count):
        want = f"a list of {count} names" if count is not None else "a list of names"
        raise ValueError(f"{name} must be {want}, got {_short(value)}")
    return tuple(_text(v, f"{name}[{i}]", MAX_NAME) for i, v in enumerate(value))


def _number(value, name) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or abs(
            value) > LARGEST_FLOAT or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {_short(value)}")
    return float(value)


def _shapes(net: Network) -> dict[str, tuple[int, ...]]:
    return {name: value.shape for name, value in net.parameters.items()}


def _load_parameters(net: Network, doc) -> None:
    shapes = _shapes(net)
    parameters = _dict(doc, "parameters")
    _exact_keys(parameters, shapes, "parameters")
    for name, shape in shapes.items():
        net.parameters[name][...] = _array(parameters[name], shape, name)


def _load_batch_norm(net: Network, doc) -> None:
    running = _dict(doc, "batch_norm")
    layers = [layer for layer in net.layers if layer.batch_norm]
    allowed = [f"{kind}{layer.l}" for layer in layers for kind in ("mu", "var")]
    _exact_keys(running, [k for k in allowed if k in running], "batch_norm")
    for layer in layers:
        mu, var = f"mu{layer.l}", f"var{layer.l}"
        if (mu in running) != (var in running):
            raise ValueError(f"batch_norm: {mu} and {var} go together")
        if mu in running:
            shape = net.parameters[f"gamma{layer.l}"].shape  # (n, 1); (1, 1, 1, n_C) for conv
            layer.running_mu = _array(running[mu], shape, mu)
            layer.running_var = _array(running[var], shape, var)
            if (layer.running_var < 0).any():
                raise ValueError(f"{var} holds a negative variance")


def _load_optimizer(net: Network, doc) -> None:
    state = _dict(doc, "optimizer_state")
    optimizer, layout = net.optimizer, net._vector
    wanted = [name for name in ("v", "s", "t") if hasattr(optimizer, name)]
    _exact_keys(state, wanted, f"optimizer_state of {net.spec['optimizer']['name']}")
    for name in ("v", "s"):
        if name in wanted and state[name] is not None:
            part = _dict(state[name], f"optimizer_state.{name}")
            _exact_keys(part, layout.names, f"optimizer_state.{name}")
            flat = np.concatenate([
                _array(part[p], shape, f"optimizer_state.{name}.{p}").ravel()
                for p, shape in zip(layout.names, layout.shapes, strict=True)])
            if name == "s" and (flat < 0).any():
                raise ValueError("optimizer_state.s holds a negative mean square")
            setattr(optimizer, name, flat)
    if "t" in wanted:
        optimizer.t = _count(state["t"], "optimizer_state.t")
        if (optimizer.t == 0) != (optimizer.v is None):
            raise ValueError("optimizer_state: Adam's t and its averages disagree")


def _load_rng(net: Network, doc) -> None:
    state = _dict(doc, "dropout_random_state")
    current = net.dropout_state
    _exact_keys(state, current, "dropout_random_state")
    if state["bit_generator"] != current["bit_generator"]:
        raise ValueError(f"dropout_random_state: bit generator {state['bit_generator']!r} is "
                         f"not {current['bit_generator']!r}")
    inner = _dict(state["state"], "dropout_random_state.state")
    _exact_keys(inner, current["state"], "dropout_random_state.state")
    for key in current["state"]:
        _count(inner[key], f"dropout_random_state.state.{key}", high=2**128 - 1)
    _count(state["has_uint32"], "dropout_random_state.has_uint32", high=1)
    _count(state["uinteger"], "dropout_random_state.uinteger", high=2**32 - 1)
    try:
        net.dropout_state = state
    except (TypeError, ValueError) as problem:
        raise ValueError(f"dropout_random_state: {problem}") from None


def _load_history(history: History, doc, name: str) -> History:
    doc = _dict(doc, name)
    _exact_keys(doc, ("capacity", "series"), name)
    capacity = _count(doc["capacity"], f"{name}.capacity", 2, 100_000)
    if capacity != history.capacity:
        history = History(capacity)
    series = _dict(doc["series"], f"{name}.series")
    if len(series) > MAX_SERIES:
        raise ValueError(f"{name} has {len(series)} series; at most {MAX_SERIES}")
    for key, value in series.items():
        where = f"{name}.series[{_short(key)}]"
        _text(key, where)
        value = _dict(value, where)
        _exact_keys(value, ("x", "y", "stride", "seen"), where)
        x, y = value["x"], value["y"]
        if not isinstance(x, list) or not isinstance(y, list) or len(x) != len(y) or len(
                x) >= capacity:
            raise ValueError(f"{where}: x and y must be lists of the same length, below "
                             f"{capacity}")
        xs = [_count(v, f"{where}.x") if isinstance(v, int) else _number(v, f"{where}.x")
              for v in x]
        ys = [math.nan if v is None else _number(v, f"{where}.y") for v in y]
        stride = _count(value["stride"], f"{where}.stride", 1, 2**40)
        seen = _count(value["seen"], f"{where}.seen")
        history.of(key).restore(xs, ys, stride, seen)
    return history


MAX_CLASS_NAMES = 100  # an autoencoder's data classes (they are not its outputs)


def _load_pipeline(doc, spec: dict) -> Pipeline:
    doc = _dict(doc, "data")
    _exact_keys(doc, ("dataset", "problem", "features", "normalization", "class_names",
                      "input_names", "feature_names", "target_mean", "target_std"), "data")
    n_x, n_y = spec["n_x"], spec["layers"][-1]["units"]
    problem = _text(doc["problem"], "data.problem")
    problems = {"binary_cross_entropy": "binary", "categorical_cross_entropy": "multiclass",
                "mean_squared_error": "regression"}
    # An autoencoder (engine/autoencoder.py) is trained with squared error too.
    fits = problem == problems.get(spec["loss"], problem) or (
        problem == "autoencoder" and spec["loss"] == "mean_squared_error")
    if not fits:
        raise ValueError(f"data.problem {problem!r} does not go with the loss {spec['loss']}")
    features = _texts(doc["features"], "data.features")
    if features and len(features) != n_x:
        raise ValueError(f"data.features lists {len(features)} features for n_x = {n_x}")
    norm = _dict(doc["normalization"], "data.normalization")
    _exact_keys(norm, ("enabled", "mean", "std"), "data.normalization")
    if not isinstance(norm["enabled"], bool):
        raise ValueError("data.normalization.enabled must be true or false")
    std = _array(norm["std"], (n_x, 1), "data.normalization.std")
    if (std <= 0).any():
        raise ValueError("data.normalization.std must be positive")
    classes = 0 if problem == "regression" else (2 if n_y == 1 else n_y)
    if problem == "autoencoder":  # the data's classes colour its codes; n_y is n_x
        names = doc["class_names"]
        classes = len(names) if isinstance(names, list) and len(names) <= MAX_CLASS_NAMES else (
            MAX_CLASS_NAMES)
    target_std = _number(doc["target_std"], "data.target_std")
    if target_std <= 0:
        raise ValueError("data.target_std must be positive")
    pipeline = Pipeline(
        features=features,
        normalization=Normalization(_array(norm["mean"], (n_x, 1), "data.normalization.mean"),
                                    std, enabled=norm["enabled"]),
        problem=problem,
        class_names=_texts(doc["class_names"], "data.class_names", classes),
        input_names=_texts(doc["input_names"], "data.input_names",
                           2 if features else n_x),
        feature_names=_texts(doc["feature_names"], "data.feature_names", n_x),
        dataset=_text(doc["dataset"], "data.dataset", MAX_NAME),
        target_mean=_number(doc["target_mean"], "data.target_mean"),
        target_std=target_std,
    )
    pipeline.check(n_x)
    return pipeline


def _load_divergence(doc) -> Divergence | None:
    if doc is None:
        return None
    doc = _dict(doc, "divergence")
    _exact_keys(doc, ("step", "layer", "what", "runaway_cost"), "divergence")
    layer = None if doc["layer"] is None else _count(doc["layer"], "divergence.layer", 1, 99)
    if not isinstance(doc["runaway_cost"], bool):
        raise ValueError("divergence.runaway_cost must be true or false")
    return Divergence(_count(doc["step"], "divergence.step"), layer,
                      _text(doc["what"], "divergence.what"), doc["runaway_cost"])


def _load_metrics(doc) -> dict:
    metrics = _dict(doc, "metrics")
    _exact_keys(metrics, [name for name in Trainer.METRICS if name in metrics], "metrics")
    return {name: None if value is None else _number(value, f"metrics.{name}")
            for name, value in metrics.items()}


def _load_extra(doc) -> dict:
    extra = _dict(doc, "extra")
    if len(extra) > MAX_EXTRA:
        raise ValueError(f"extra has {len(extra)} entries; at most {MAX_EXTRA}")
    for key, value in extra.items():
        _text(key, "an extra key")
        if value is not None and not isinstance(value, bool | int | float):
            _text(value, f"extra[{key!r}]")
    return extra


def from_dict(doc: dict) -> tuple[Network, dict]:
    """A network from a parsed document (see from_json)."""
    doc = _dict(doc, "the document")
    if doc.get("format") != FORMAT:
        found = _short(doc.get("format"))
        raise ValueError(f"not a saved network of this playground (format {found}, expected "
                         f"{FORMAT!r})")
    version = doc.get("version")
    if version != VERSION:
        raise ValueError(f"format version {_short(version)} is not known; this playground "
                         f"reads version {VERSION}")
    _exact_keys(doc, _KEYS, "the document")
    try:
        spec = normalize_spec(doc["spec"])
    except ValueError as problem:
        raise ValueError(f"spec: {problem}") from None
    # Each number takes two characters at least ("0,"): refuse before allocating the arrays.
    if parameter_count(spec) > MAX_BYTES // 2:
        raise ValueError(f"spec: a network of {parameter_count(spec):,} parameters cannot be in "
                         f"a file of at most {MAX_BYTES // 2**20} MB")
    try:
        net = Network(spec)
    except (ValueError, TypeError, OverflowError) as problem:  # a seed too large, ...
        raise ValueError(f"spec: {problem}") from None
    _load_parameters(net, doc["parameters"])
    _load_batch_norm(net, doc["batch_norm"])
    _load_optimizer(net, doc["optimizer_state"])
    net.steps_done = _count(doc["steps_done"], "steps_done")
    net.epochs_done = _count(doc["epochs_done"], "epochs_done", high=net.steps_done)
    into = doc["steps_into_epoch"]
    into = None if into is None else _count(into, "steps_into_epoch", high=net.steps_done)
    _load_rng(net, doc["dropout_random_state"])
    if doc["best_cost"] is not None:
        net.recorder.watch.best_cost = _number(doc["best_cost"], "best_cost")
    net.divergence = _load_divergence(doc["divergence"])
    _load_history(net.history, doc["history"], "history")
    epoch_history = None if doc["epoch_history"] is None else _load_history(
        History(), doc["epoch_history"], "epoch_history")
    metrics = None if doc["metrics"] is None else _load_metrics(doc["metrics"])
    pipeline = None if doc["data"] is None else _load_pipeline(doc["data"], spec)
    not_restored = list(NOT_RESTORED)
    if into is None:
        not_restored.append("The file was saved from a network without its trainer: the "
                            "place in the current epoch and the epoch metrics are not in it.")
    if pipeline is None:
        not_restored.append("The file holds no input pipeline (features, normalization): "
                            "predictions need inputs already transformed.")
    info = {
        "version": version,
        "steps_done": net.steps_done,
        "epochs_done": net.epochs_done,
        "steps_into_epoch": into,
        "epoch_history": epoch_history,
        "metrics": metrics,
        "pipeline": pipeline,
        "extra": _load_extra(doc["extra"]),
        "not_restored": not_restored,
    }
    return net, info


def from_json(text: str | bytes) -> tuple[Network, dict]:
    """(Network, info) from a saved document; ValueError naming the problem otherwise.

    info: "steps_done", "epochs_done", "steps_into_epoch" (None without a trainer),
    "epoch_history" (a History or None), "metrics" (the last epoch end's), "pipeline" (an
    engine Pipeline or None), "extra", and "not_restored": sentences saying what a file does
    not bring back.
    """
    return from_dict(_parse(text))


def resume(net: Network, data, info: dict) -> Trainer:
    """A Trainer on ``data`` that goes on where the saved one stopped (same place in the
    epoch, same epoch history); its metrics are evaluated afresh on ``data``."""
    trainer = Trainer(net, data)
    trainer.resume(info.get("steps_into_epoch") or 0, info.get("epoch_history"),
                   info.get("metrics"))
    return trainer
