"""The page's hidden layers of three kinds — dense, conv, pool — as values, link text and
engine layers (no Streamlit here).

A page layer is a small dict the settings table keeps in its "layers" row:
  dense  {"units": n, "activation": g}                  (no "type": links and files of
                                                         dense networks stay as they were)
  conv   {"type": "conv", "filters": n_C, "size": f, "stride": s, "padding": "same" | p,
          "activation": g}
  pool   {"type": "pool", "mode": "max" | "average", "size": f, "stride": s}
The page's f and s are one number: an image's filter is f×f; a signal's (an input one row high,
n_H = 1) is 1×f along its time steps, and so are its stride and padding.

In a link a layer is colon-separated, its type first (a dense layer keeps the old form):
  4:tanh    conv:8:3:1:same:relu (filters, size, stride, padding, activation)    pool:max:2:2
A missing tail takes the defaults (conv:8:3 is 8 filters 3×3, stride 1, same, ReLU).
"""

from __future__ import annotations

import math

import engine
from playground.session import limits

# The activations are read from engine.HIDDEN_ACTIVATIONS on use: a new one appears here too.
KINDS = ("dense", "conv", "pool")
POOL_MODES = tuple(engine.spec.POOL_MODES)
DENSE = {"units": 4, "activation": "tanh"}
CONV = {"type": "conv", "filters": 8, "size": 3, "stride": 1, "padding": "same",
        "activation": "relu"}
POOL = {"type": "pool", "mode": "max", "size": 2, "stride": 2}
DEFAULTS = {"dense": DENSE, "conv": CONV, "pool": POOL}
# The fields of a link's conv:... and pool:... items, in order (the type comes first).
LINK_FIELDS = {"conv": ("filters", "size", "stride", "padding", "activation"),
               "pool": ("mode", "size", "stride")}
# (low, high) of each whole-number field.
RANGES = {"units": (1, limits.MAX_UNITS), "filters": (1, limits.MAX_FILTERS),
          "size": (1, engine.spec.MAX_FILTER_SIZE), "stride": (1, engine.spec.MAX_STRIDE)}


def kind(layer: dict) -> str:
    return layer.get("type", "dense")


def parse_text(item: str) -> dict:
    """One link item ("4:tanh", "conv:8:3:1:same:relu", "pool:max:2") as a raw layer dict."""
    parts = item.split(":")
    head = parts[0].lower()
    if head in LINK_FIELDS:
        raw = {"type": head}
        if len(parts) - 1 > len(LINK_FIELDS[head]):
            raw["extra"] = ":".join(parts[1 + len(LINK_FIELDS[head]):])
        raw.update(zip(LINK_FIELDS[head], parts[1:], strict=False))
        return raw
    dense_form = len(parts) == 2 and parts[1].lower() in tuple(engine.HIDDEN_ACTIVATIONS)
    if head.isalpha() and not dense_form and head not in tuple(engine.HIDDEN_ACTIVATIONS):
        return {"type": parts[0]}  # "x:relu" stays a dense layer whose units are not a number
    return {"units": parts[0], "activation": parts[1] if len(parts) > 1 else "tanh"}


def as_text(layer: dict) -> str:
    """A clean page layer as its link item (parse_text reads it back)."""
    if kind(layer) == "dense":
        return f"{layer['units']}:{layer['activation']}"
    return ":".join([kind(layer), *(str(layer[name]) for name in LINK_FIELDS[kind(layer)])])


def _whole(name: str, raw, where: str, messages: list[str], fallback: int) -> int:
    low, high = RANGES[name]
    try:
        number = float(str(raw).strip()) if isinstance(raw, str) else float(raw)
        if not math.isfinite(number) or isinstance(raw, bool):
            raise ValueError
    except (TypeError, ValueError):
        messages.append(f"{where}: {name} {raw!r} is not a number; using {fallback}.")
        return fallback
    if number != int(number):
        messages.append(f"{where}: {name} must be whole; using {int(number)}.")
    number = int(number)
    if not low <= number <= high:
        fixed = min(max(number, low), high)
        amount = f"{number} units" if name == "units" else f"{name} {number}"  # the old words
        messages.append(f"{where}: {amount} is outside {low}–{high}; using {fixed}.")
        number = fixed
    return number


def _word(name: str, raw, choices, where: str, messages: list[str], fallback: str) -> str:
    word = str(raw).strip().lower()
    if word in choices:
        return word
    messages.append(f"{where}: {name} {raw!r} is not one of {', '.join(choices)}; "
                    f"using {fallback}.")
    return fallback


def _padding(raw, size: int, where: str, messages: list[str]):
    if str(raw).strip().lower() == "same":
        return "same"
    text = "0" if str(raw).strip().lower() == "valid" else raw
    try:
        pad = int(str(text).strip())
    except ValueError:
        messages.append(f"{where}: padding {raw!r} is neither \"same\" nor a number; "
                        "using same.")
        return "same"
    if not 0 <= pad <= size - 1:
        fixed = min(max(pad, 0), size - 1)
        messages.append(f"{where}: padding {pad} is outside 0–{size - 1} (filter size − 1); "
                        f"using {fixed}.")
        return fixed
    return pad


def clean(raw, where: str, messages: list[str]) -> dict:
    """A raw layer (dict, number or link item) as a clean page layer; what was repaired is
    said in `messages` (never raises)."""
    if isinstance(raw, str):
        raw = parse_text(raw)
    if not isinstance(raw, dict):
        raw = {"units": raw}
    layer_kind = str(raw.get("type", "dense")).strip().lower()
    if layer_kind not in KINDS:
        messages.append(f"{where}: type {raw.get('type')!r} is not one of "
                        f"{', '.join(KINDS)}; using a dense layer of 4 tanh.")
        return dict(DENSE)
    if "extra" in raw:
        messages.append(f"{where}: {raw['extra']!r} after the {layer_kind} layer's fields "
                        "ignored.")
    base = DEFAULTS[layer_kind]
    get = lambda name: raw.get(name, base[name])  # noqa: E731 - a field or its default
    activations = tuple(engine.HIDDEN_ACTIVATIONS)
    if layer_kind == "dense":
        return {"units": _whole("units", get("units"), where, messages, 4),
                "activation": _word("activation", get("activation"), activations, where,
                                    messages, "tanh")}
    filters = (_whole("filters", get("filters"), where, messages, 8)
               if layer_kind == "conv" else None)
    mode = (_word("mode", get("mode"), POOL_MODES, where, messages, "max")
            if layer_kind == "pool" else None)
    size = _whole("size", get("size"), where, messages, base["size"])
    stride = _whole("stride", raw.get("stride", size if layer_kind == "pool" else 1), where,
                    messages, base["stride"])
    if layer_kind == "pool":
        return {"type": "pool", "mode": mode, "size": size, "stride": stride}
    return {"type": "conv", "filters": filters, "size": size, "stride": stride,
            "padding": _padding(get("padding"), size, where, messages),
            "activation": _word("activation", get("activation"), activations, where,
                                messages, "relu")}


def consistent(layers: list[dict], input_shape, messages: list[str]) -> list[dict]:
    """The layers an input can take: conv and pool need images or signals (input_shape) and
    come before every dense layer; the others are removed, each with a sentence."""
    kept, dense_seen = [], False
    for index, layer in enumerate(layers, start=1):
        if kind(layer) == "dense":
            dense_seen = True
        elif input_shape is None:
            messages.append(f"Hidden layer {index}: a {kind(layer)} layer needs images or "
                            "signals (digits, ECG); these 2-D points take dense layers only, "
                            "so it was removed.")
            continue
        elif dense_seen:
            messages.append(f"Hidden layer {index}: a {kind(layer)} layer after a dense layer "
                            "was removed (conv and pool layers come first).")
            continue
        kept.append(layer)
    return kept


def _along(value: int, input_shape, filler: int) -> list[int]:
    """The page's one number as the engine's [H, W]: f×f on images, 1×f on signals."""
    return [filler, value] if input_shape[0] == 1 else [value, value]


def to_engine(layer: dict, input_shape) -> dict:
    """A page layer as the engine spec's layer."""
    if kind(layer) == "dense":
        return dict(layer)
    out = {**layer, "size": _along(layer["size"], input_shape, 1),
           "stride": _along(layer["stride"], input_shape, 1)}
    if kind(layer) == "conv" and layer["padding"] != "same":
        out["padding"] = _along(layer["padding"], input_shape, 0)
    return out


def _one(value, input_shape):
    """The engine's [H, W] back as the page's one number (a pair it cannot show: as is, and
    validation says so)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return value
    signal = input_shape is not None and input_shape[0] == 1
    if signal and value[0] in (0, 1) or value[0] == value[1]:
        return value[1]
    return f"{value[0]}x{value[1]}"


def from_engine(layer: dict, input_shape) -> dict:
    """An engine spec's layer as a raw page layer (settings.validate cleans it)."""
    if kind(layer) == "dense":
        return {"units": layer["units"], "activation": layer["activation"]}
    out = {**layer, "size": _one(layer["size"], input_shape),
           "stride": _one(layer["stride"], input_shape)}
    if kind(layer) == "conv" and layer.get("padding", 0) != "same":
        padding = layer.get("padding", 0)
        out["padding"] = _one(padding if isinstance(padding, list) else [padding] * 2,
                              input_shape)
    return out


def parameter_counts(spec: dict) -> list[tuple[int, str]]:
    """Per layer of an engine spec: how many parameters it has and the sum that counts them,
    in the course's terms (conv f_H·f_W·n_C_prev·n_C + n_C, dense n·n_prev + n, pool 0; with
    batch norm a hidden layer has γ and β instead of b: + 2n)."""
    spec = engine.spec.normalize_spec(spec)
    shapes = engine.spec.layer_shapes(spec)
    counts = []
    for l, layer in enumerate(spec["layers"], start=1):
        shifts = 2 if spec["batch_norm"] and l < len(spec["layers"]) else 1
        if kind(layer) == "pool":
            counts.append((0, "no parameters"))
            continue
        if kind(layer) == "conv":
            (f_H, f_W), n_C_prev, n = layer["size"], shapes[l - 1][2], layer["filters"]
            weights, formula = f_H * f_W * n_C_prev * n, f"{f_H}·{f_W}·{n_C_prev}·{n}"
        else:
            n, n_prev = layer["units"], math.prod(shapes[l - 1])
            weights, formula = n * n_prev, f"{n}·{n_prev}"
        tail = f" + 2·{n}" if shifts == 2 else f" + {n}"
        counts.append((weights + shifts * n, formula + tail))
    return counts
