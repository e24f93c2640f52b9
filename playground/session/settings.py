"""Every setting of the page in ONE table, the way TF Playground's src/state.ts does it.

The table drives the defaults, the controls, validation (share links will be parsed by
`validate`), and the decision to re-initialize the network: a setting with
``resets_network=True`` changes the parameters' shapes or starting values (architecture, data,
initialization), so the network is rebuilt from its seed; any other setting (learning rate,
optimizer, L2, dropout, batch size, view options) is applied to the live network.

A lesson or a shared link is just a dict of values for this table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import engine
from playground.charts import colors
from playground.session import layer_kinds, limits

# The server's limits (playground/session/limits.py): 0-8 hidden layers, 1-64 units each.
MAX_HIDDEN_LAYERS = limits.MAX_HIDDEN_LAYERS
MAX_UNITS = limits.MAX_UNITS
# The menus list what the engine's registries hold, in the engine's order; a new activation,
# initializer or optimizer in engine/ appears on the page without an edit here.
HIDDEN_ACTIVATIONS: tuple[str, ...] = tuple(engine.HIDDEN_ACTIVATIONS)
INITIALIZERS: tuple[str, ...] = tuple(engine.initializers.INITIALIZERS)
OPTIMIZERS: tuple[str, ...] = tuple(engine.OPTIMIZERS)

AUTOENCODER = engine.training.AUTOENCODER  # target = input, through a narrow code (issue 19)
PROBLEMS = {"binary": "Classification", "multiclass": "Multi-class", "regression": "Regression",
            AUTOENCODER: "Autoencoder"}
# The output layer and the loss follow the problem type; they are not free settings. An
# autoencoder's output gives the input back: linear, squared error, n_x units.
OUTPUT = {**engine.spec.OUTPUT_OF_PROBLEM, AUTOENCODER: ("linear", "mean_squared_error")}
# An autoencoder's hidden layers are its encoder, mirrored by the decoder around the code:
# 3 of them make 7 hidden layers, within the server's 8.
MAX_ENCODER_LAYERS = 3
CSV_DATASET = "csv"  # "Your data (CSV)": the rows come from an upload, not from make_dataset

# TF Playground's learning-rate ladder, extended down to 1e-5 (log-scale choices).
LEARNING_RATES = (1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_RATES = (0.0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
EPSILONS = (1e-10, 1e-8, 1e-6, 1e-4)
BATCH_SIZES = (1, 2, 5, 10, 16, 32, 64, 128, 256, 0)  # 0 = full batch (one step per epoch)
DECAYS = ("none", "inverse_time", "exponential", "staircase")
# The scale of init "random" (W = randn·scale); the course's 0.01 first, 10 saturates tanh.
INIT_SCALES = (0.001, 0.01, 0.1, 1.0, 3.0, 10.0)
# ε of the adversarial (FGSM) step, in the data's units (playground/labs/adversarial.py).
ADV_EPSILONS = (0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0)

# How much a playing frame trains (about 20 frames a second): (what, how many; None = as
# much as fits in the frame's time), and the label the speed menu shows.
SPEEDS = {
    "step": (("steps", 1), "1 step a frame"),
    "slow": (("epochs", 1), "slow: 1 epoch a frame"),
    "medium": (("epochs", 10), "medium: 10 epochs a frame"),
    "fast": (("epochs", None), "fast: as many as fit"),
    # A lesson's pace: its "Play N epochs" spread over about this many seconds, so a class
    # sees the boundary form and the cost fall (at "fast" a lesson ends in under a second).
    "paced": (("seconds", 8), "paced: the run in about 8 s"),
}
PACED_EPOCHS = 50  # what "paced" spreads over when Play runs until paused
RUN_EPOCHS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)  # 0 = until Pause
PAGE_ONLY_GROUPS = ("view", "play", "display")  # settings that never touch the network
# The sidebar's sections, in this order; each row's `group` puts its control in one of them,
# in the table's order (controls.sidebar draws them from this table). The "play" and "view"
# groups are the toolbar's menus and toggles.
SECTIONS = {"data": "Data", "network": "Network", "training": "Training", "display": "Display"}
TOOLBAR_GROUPS = ("play", "view")
GROUPS = (*SECTIONS, *TOOLBAR_GROUPS)


@dataclass(frozen=True)
class Setting:
    """One row of the table.

    kind: "float" | "int" | "bool" | "choice" | "log-choice" | "multi" (subset of choices)
          | "layers" (list of {"units", "activation"} for the hidden layers)
    low/high/step: allowed range of a float/int; choices: allowed values of the others.
    """

    name: str
    kind: str
    default: Any
    label: str
    group: str  # one of GROUPS: the sidebar section (or the toolbar) of its control
    help: str = ""
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple = ()
    resets_network: bool = False
    rebuilds_data: bool = False  # a new Dataset (and therefore a new network)
    format: str = ""  # how the control shows a value: "percent", "batch", "rate"
    visible_if: dict = field(default_factory=dict)  # shown only when other settings match
    # Its place in the engine spec, e.g. ("optimizer", "learning_rate"); () = page only. A row
    # with a place that does not reset the network applies live (Session.push_live).
    engine: tuple = ()
    # Special cases, named functions: values -> the engine's value (SKIP: leave it out), and
    # the engine spec -> settings values (a dict, may hold several). None: copied as is.
    to_engine: Any = None
    from_engine: Any = None

    @property
    def applies_live(self) -> bool:
        return bool(self.engine) and not self.resets_network


SKIP = object()  # a to_engine answer: this setting puts nothing in the spec


def _loss_of_problem(values):
    return OUTPUT[values["problem"]][1]


def _problem_of_loss(spec):
    return {"problem": engine.spec.PROBLEM_OF_LOSS[spec["loss"]]}


def _hidden_layers(values):
    shape = input_shape(values)  # network_spec adds the output layer
    return [layer_kinds.to_engine(layer, shape) for layer in values["layers"]]


def _hidden_layers_of(spec):
    shape = spec.get("input_shape")
    return {"layers": [layer_kinds.from_engine(layer, shape) for layer in spec["layers"][:-1]]}


def _init_scale(values):
    # Only "random" has a scale; the others are fixed by the layer's fan-in.
    return values["init_scale"] if values["init"] == "random" else None


def _init_scale_of(spec):
    return {} if spec.get("init_scale") is None else {"init_scale": spec["init_scale"]}


def _batch_size_of(spec):
    return {"batch_size": spec["batch_size"] or 0}


def _read_by_optimizer(name):
    """A β that goes to the engine only when the chosen optimizer reads it (others refused)."""
    def to_engine(values):
        return values[name] if name in engine.spec.OPTIMIZER_READS[values["optimizer"]] else SKIP
    to_engine.__name__ = f"{name}_if_read"
    return to_engine


# The data sets the page offers: the engine's, and its signals (the ECG beats), which need
# conv layers to be worth more than a dense net's 100 inputs; and Hinton's family trees (a
# fixed set of 104 facts: no points, noise or split ratio; the data seed picks the 4 held out).
FAMILY_TREES = engine.family_trees.NAME
PAGE_DATASETS = {**engine.DATASETS, **engine.datasets.SIGNAL_DATASETS,
                 FAMILY_TREES: engine.family_trees.INFO}


def _dataset_names() -> tuple[str, ...]:
    return (*PAGE_DATASETS.keys(), CSV_DATASET)


def _data(name, kind, default, label, help="", **kw) -> Setting:
    return Setting(name, kind, default, label, "data", help, resets_network=True,
                   rebuilds_data=True, **kw)


SETTINGS: tuple[Setting, ...] = (
    # --- data: a change builds a new Dataset, so the network starts again ---
    _data("problem", "choice", "binary", "Problem type", "Which kind of target the network "
          "learns; the output activation and the loss follow it.", choices=tuple(PROBLEMS),
          engine=("loss",), to_engine=_loss_of_problem, from_engine=_problem_of_loss),
    _data("dataset", "choice", "circle", "Data set", choices=_dataset_names()),
    _data("n_classes", "int", 3, "Classes", "Number of classes of a multi-class data set.",
          low=3, high=5, step=1, visible_if={"problem": "multiclass"}),
    _data("noise", "int", 0, "Noise", "Label noise / spread of the points, in percent.",
          low=0, high=50, step=5, format="percent"),
    _data("train_ratio", "int", 50, "Training data", "Share of the points used for training; "
          "the rest is the test set.", low=10, high=90, step=10, format="percent"),
    # Batch size sits with the data, as in TF Playground, but keeps the parameters.
    Setting("batch_size", "choice", 10, "Batch size", "data", "Examples per step; full batch = "
            "one step per epoch.", choices=BATCH_SIZES, format="batch",
            engine=("batch_size",), to_engine=lambda v: batch_size(v),
            from_engine=_batch_size_of),
    _data("n_points", "int", 500, "Points", "How many points the data set has (the plot draws "
          "at most 2,000 of each set; training uses all).", low=100, high=10_000, step=100),
    _data("features", "multi", ("x1", "x2"), "Features", "Inputs fed to the network "
          "(TF Playground's feature column).", choices=tuple(engine.FEATURES)),
    _data("normalize", "bool", True, "Normalize inputs", "Subtract each feature's training "
          "mean and divide by its standard deviation, so every input has mean 0 and variance "
          "1; off feeds the raw values (coffee: °C and minutes)."),
    _data("data_seed", "int", 0, "Data seed", "Regenerate draws a new one.", low=0, high=99999,
          step=1),
    # --- network: shapes or starting values change, so it is re-initialized ---
    Setting("layers", "layers", ({"units": 4, "activation": "tanh"},
                                 {"units": 2, "activation": "tanh"}),
            "Hidden layers", "network", "0-8 hidden layers: dense (1-64 units), or on images "
            "and signals conv (filters, size, stride, padding) and pool layers first.",
            low=0, high=MAX_HIDDEN_LAYERS, choices=HIDDEN_ACTIVATIONS, resets_network=True,
            engine=("layers",), to_engine=_hidden_layers, from_engine=_hidden_layers_of),
    Setting("init", "choice", "xavier", "Initialization", "network",
            "xavier: randn*sqrt(1/n[l-1]); he: randn*sqrt(2/n[l-1]); random: randn*0.01; "
            "identity: W = I (a layer passes its input on; where n[l] differs from n[l-1], "
            "I on the shared block and randn*0.01 elsewhere); "
            "zeros: every unit starts the same (symmetry is never broken).",
            choices=INITIALIZERS, resets_network=True, engine=("init",)),
    Setting("init_scale", "log-choice", 0.01, "Initial scale", "network", "random: "
            "W = randn*scale. 0.01 starts tanh/sigmoid in their steep middle; 10 saturates "
            "them (g' near 0) and learning crawls.", choices=INIT_SCALES, format="rate",
            visible_if={"init": "random"}, resets_network=True, engine=("init_scale",),
            to_engine=_init_scale, from_engine=_init_scale_of),
    Setting("seed", "int", 0, "Network seed", "network", "Reset always returns to this seed's "
            "parameters.", low=0, high=99999, step=1, resets_network=True,
            engine=("seed",)),
    Setting("batch_norm", "bool", False, "Batch norm", "network", "Normalize Z[l] over the "
            "mini-batch, then scale by gamma[l] and shift by beta[l] (no b[l]).",
            resets_network=True, engine=("batch_norm",)),
    # --- training: applied to the live network, parameters are kept ---
    Setting("learning_rate", "log-choice", 0.03, "Learning rate", "training", "alpha in "
            "W := W - alpha * dW.", choices=LEARNING_RATES, format="rate",
            engine=("optimizer", "learning_rate")),
    Setting("optimizer", "choice", "gd", "Optimizer", "training", "gd: plain gradient descent; "
            "momentum, rmsprop, adam: moving averages of dW.",
            choices=OPTIMIZERS, engine=("optimizer", "name")),
    Setting("beta1", "float", 0.9, "beta1", "training", "Momentum / Adam: decay of the average "
            "of dW.", low=0.0, high=0.999, step=0.001,
            visible_if={"optimizer": ("momentum", "adam")}, engine=("optimizer", "beta1"),
            to_engine=_read_by_optimizer("beta1")),
    Setting("beta2", "float", 0.999, "beta2", "training", "RMSprop / Adam: decay of the average "
            "of dW**2.", low=0.0, high=0.9999, step=0.0001,
            visible_if={"optimizer": ("rmsprop", "adam")}, engine=("optimizer", "beta2"),
            to_engine=_read_by_optimizer("beta2")),
    Setting("epsilon", "log-choice", 1e-8, "epsilon", "training", "Added to the square root "
            "in RMSprop / Adam so it never divides by zero.", choices=EPSILONS, format="rate",
            visible_if={"optimizer": ("rmsprop", "adam")}, engine=("optimizer", "epsilon"),
            to_engine=_read_by_optimizer("epsilon")),
    Setting("decay", "choice", "none", "Learning-rate decay", "training",
            "inverse_time: alpha0 / (1 + rate * epoch); exponential: alpha0 * base**epoch; "
            "staircase: alpha0 * drop**floor(epoch / every).", choices=DECAYS,
            engine=("optimizer", "decay"), to_engine=lambda v: decay_spec(v),
            from_engine=lambda spec: _decay_of(spec["optimizer"]["decay"])),
    Setting("decay_rate", "float", 1.0, "Decay rate", "training", low=0.0, high=10.0, step=0.1,
            visible_if={"decay": "inverse_time"}),
    Setting("decay_base", "float", 0.95, "Decay base", "training", low=0.5, high=1.0,
            step=0.01, visible_if={"decay": "exponential"}),
    Setting("decay_drop", "float", 0.5, "Drop factor", "training", low=0.05, high=1.0,
            step=0.05, visible_if={"decay": "staircase"}),
    Setting("decay_every", "int", 10, "Drop every (epochs)", "training", low=1, high=1000,
            step=1, visible_if={"decay": "staircase"}),
    Setting("l2", "log-choice", 0.0, "L2 λ", "training", "Adds lambda/(2m) * sum ||W||^2 "
            "to the cost.", choices=L2_RATES, format="rate", engine=("l2",)),
    Setting("keep_prob", "float", 1.0, "Dropout keep_prob", "training", "Each hidden unit is "
            "kept with this probability while training (1 = no dropout).", low=0.5, high=1.0,
            step=0.05, engine=("keep_prob",)),
    # --- play: how fast Play trains, and for how long ---
    Setting("speed", "choice", "fast", "Speed", "play", "How much each frame of Play trains: "
            "slow enough to watch the boundary form, or as fast as the server allows.",
            choices=tuple(SPEEDS), format="speed"),
    Setting("run_epochs", "choice", 0, "Play for", "play", "Play stops by itself after "
            "this many epochs, for a lesson's \"train 100 epochs, then look\".",
            choices=RUN_EPOCHS, format="epochs"),
    # --- view: what the charts show ---
    Setting("show_test", "bool", False, "Test data", "view", "Show the test points (rings)."),
    Setting("discretize", "bool", False, "Discretize", "view", "Discretize the output: "
            "colour each pixel by its predicted class instead of the output's value."),
    Setting("log_cost", "bool", False, "Log cost", "view", "Cost curves on a log scale."),
    Setting("step_cost", "bool", False, "Per step", "view", "The cost curve also shows "
            "each mini-batch's cost, step by step (x in epochs): the noise of stochastic "
            "descent."),
    # Adversarial examples (issue 19, playground/labs/adversarial.py): the toggle draws them on
    # the boundary; both controls are in the "Adversarial examples" tab (controls.toolbar).
    Setting("adversarial", "bool", False, "Adversarial arrows", "view", "Draw each test point's "
            "fast-gradient-sign step x + ε·sign(∇ₓL) as an arrow on the boundary and ring the "
            "points whose class it flips."),
    Setting("adv_epsilon", "log-choice", ADV_EPSILONS[4], "ε of the adversarial step", "view",
            "Each input coordinate moves by ε in the data's own units (the plane spans about "
            "±6, a digit's pixel 0–16).", choices=ADV_EPSILONS),
    # --- display: how the page looks (travels in a link, like everything else) ---
    Setting("palette", "choice", colors.DEFAULT_PALETTE, "Colours", "display", "The two "
            "classes' colours: safe for the common colour-vision deficiencies (the default), "
            "TF Playground's orange and blue, or lightness only for a greyscale projector. "
            "Classes also differ by marker shape.", choices=tuple(colors.PALETTES),
            format="palette"),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """The value of every setting before anyone touched a control."""
    return {s.name: _copy(s.default) for s in SETTINGS}


def _copy(value):
    """A fresh copy: layers become a list of new dicts; tuples (features) stay tuples."""
    if isinstance(value, tuple | list) and value and isinstance(value[0], dict):
        return [dict(v) for v in value]
    return value


def is_visible(setting: Setting, values: dict) -> bool:
    """Whether a control is shown for these values (e.g. beta2 only with rmsprop/adam)."""
    for other, wanted in setting.visible_if.items():
        wanted = wanted if isinstance(wanted, tuple) else (wanted,)
        if values.get(other) not in wanted:
            return False
    return True


# ---------------------------------------------------------------- validation


class _BadValueError(ValueError):
    """A value that cannot be used; the message is shown on the page."""


def _as_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise _BadValueError(f"expected true/false, got {raw!r}")


def _as_number(raw) -> float:
    if isinstance(raw, bool):
        raise _BadValueError(f"expected a number, got {raw!r}")
    try:
        number = float(str(raw).strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        raise _BadValueError(f"expected a number, got {raw!r}") from None
    if not math.isfinite(number):
        raise _BadValueError(f"expected a finite number, got {raw!r}")
    return number


def _clamp(setting: Setting, number: float, messages: list[str]) -> float:
    low, high = setting.low, setting.high
    if low is not None and number < low:
        messages.append(f"{setting.label}: {number:g} is below {low:g}; using {low:g}.")
        return low
    if high is not None and number > high:
        messages.append(f"{setting.label}: {number:g} is above {high:g}; using {high:g}.")
        return high
    return number


def _match_choice(setting: Setting, raw):
    """The allowed choice equal to raw (strings from a link match numbers by value)."""
    for choice in setting.choices:
        if raw == choice and type(raw) is not bool or str(raw).strip() == str(choice):
            return choice
    if all(isinstance(c, int | float) for c in setting.choices):
        number = _as_number(raw)
        for choice in setting.choices:
            if math.isclose(number, choice, rel_tol=1e-9, abs_tol=1e-15):
                return choice
    raise _BadValueError(f"{raw!r} is not one of {', '.join(map(str, setting.choices))}")


def _nearest_choice(setting: Setting, raw, messages: list[str]):
    """log-choice: snap a number to the nearest rung of the ladder (in log space)."""
    try:
        return _match_choice(setting, raw)
    except _BadValueError:
        number = _as_number(raw)

    def distance(choice):
        if choice <= 0 or number <= 0:
            return abs(choice - number) * 1e6
        return abs(math.log10(choice) - math.log10(number))

    nearest = min(setting.choices, key=distance)
    messages.append(f"{setting.label}: {number:g} is not on the scale; using {nearest:g}.")
    return nearest


def parse_layers(raw) -> list:
    """Hidden layers from a list (of dicts, ints or link items) or the link form
    "conv:8:3:1:same:relu,pool:max:2:2,4:tanh" (playground/session/layer_kinds.py)."""
    if isinstance(raw, str):
        text = raw.strip()
        raw = [part for part in text.replace(" ", "").split(",") if part] if text else []
    if not isinstance(raw, list | tuple):
        raise _BadValueError(f"expected a list of layers, got {raw!r}")
    return list(raw)


def _clean_layers(setting: Setting, raw, messages: list[str]) -> list[dict]:
    layers = parse_layers(raw)
    if len(layers) > MAX_HIDDEN_LAYERS:
        messages.append(f"Hidden layers: at most {MAX_HIDDEN_LAYERS}; kept the first "
                        f"{MAX_HIDDEN_LAYERS}.")
        layers = layers[:MAX_HIDDEN_LAYERS]
    return [layer_kinds.clean(layer, f"Hidden layer {index}", messages)
            for index, layer in enumerate(layers, start=1)]


def _clean_one(setting: Setting, raw, messages: list[str]):
    kind = setting.kind
    if kind == "bool":
        return _as_bool(raw)
    if kind == "int":
        number = _as_number(raw)
        if number != int(number):
            messages.append(f"{setting.label}: {number:g} must be whole; using {int(number)}.")
        return int(_clamp(setting, int(number), messages))
    if kind == "float":
        return float(_clamp(setting, _as_number(raw), messages))
    if kind == "choice":
        if setting.format == "batch" and str(raw).strip().lower() in ("full", "full batch"):
            return 0
        return _match_choice(setting, raw)
    if kind == "log-choice":
        return _nearest_choice(setting, raw, messages)
    if kind == "multi":
        if not isinstance(raw, str | list | tuple):
            raise _BadValueError(f"expected a list of names, got {raw!r}")
        items = raw.split(",") if isinstance(raw, str) else list(raw)
        chosen = []
        for item in items:
            item = str(item).strip()
            if item not in setting.choices:
                messages.append(f"{setting.label}: unknown {item!r} ignored.")
            elif item not in chosen:
                chosen.append(item)
        # Keep the table's order so equal selections compare equal.
        return tuple(c for c in setting.choices if c in chosen)
    if kind == "layers":
        return _clean_layers(setting, raw, messages)
    raise AssertionError(f"unknown kind {kind}")


def validate(values: dict) -> tuple[dict[str, Any], list[str]]:
    """Clean values for every setting and the messages that explain what was changed.

    Missing settings take their default; unknown names are ignored; a bad value is clamped
    to its range or snapped to the nearest choice when that is meaningful, else replaced by
    the default; each such repair adds one human sentence to the messages. Never raises.
    """
    clean = defaults()
    messages: list[str] = []
    for name, raw in values.items():
        setting = BY_NAME.get(name)
        if setting is None:
            messages.append(f"Unknown setting {name!r} ignored.")
            continue
        try:
            clean[name] = _clean_one(setting, raw, messages)
        except _BadValueError as bad:
            messages.append(f"{setting.label}: {bad}; using {_show(setting.default)}.")
    _make_consistent(clean, messages)
    return clean, messages


def _show(value) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value)) if value else "none"
    return str(value)


def datasets_for(problem: str) -> list[str]:
    """The data sets of one problem type, in the engine's order, then "Your data (CSV)". An
    autoencoder takes every classification set (its classes only colour the codes) and no
    upload (an uploaded file is read as a classification or a regression)."""
    if problem == AUTOENCODER:
        return [name for name, info in PAGE_DATASETS.items()
                if info.problem in ("binary", "multiclass")]
    return [name for name, info in PAGE_DATASETS.items() if info.problem == problem] + [
        CSV_DATASET]


def _make_consistent(values: dict, messages: list[str]) -> None:
    """Rules that link settings: the data set belongs to the problem type, >= 1 feature."""
    if values["dataset"] not in datasets_for(values["problem"]):
        first = datasets_for(values["problem"])[0]
        if values["dataset"] != BY_NAME["dataset"].default:
            kind = PROBLEMS[values["problem"]].lower()
            article = "an" if kind[0] in "aeiou" else "a"
            messages.append(f"Data set {values['dataset']!r} is not {article} {kind} data "
                            f"set; using {first!r}.")
        values["dataset"] = first
    if not values["features"]:
        messages.append("Features: at least one is needed; using x1, x2.")
        values["features"] = ("x1", "x2")
    values["layers"] = layer_kinds.consistent(values["layers"], input_shape(values), messages)
    if values["problem"] == AUTOENCODER:
        _autoencoder_layers(values, messages)


def _autoencoder_layers(values: dict, messages: list[str]) -> None:
    """An autoencoder's encoder: dense layers only (the decoder mirrors them), at most
    MAX_ENCODER_LAYERS of them."""
    layers = values["layers"]
    dense = [layer for layer in layers if layer_kinds.kind(layer) == "dense"]
    if len(dense) < len(layers):
        messages.append("Autoencoder: its decoder mirrors dense layers only, so the conv and "
                        "pool layers were removed.")
    if len(dense) > MAX_ENCODER_LAYERS:
        messages.append(f"Autoencoder: at most {MAX_ENCODER_LAYERS} encoder layers (the "
                        "decoder mirrors them around the code); kept the first "
                        f"{MAX_ENCODER_LAYERS}.")
        dense = dense[:MAX_ENCODER_LAYERS]
    values["layers"] = dense


def code_units(n_x: int) -> int:
    """The code's width: 2 (a scatter), or 1 for 2-D inputs (a 2-unit code of 2 inputs is
    the identity: nothing to learn)."""
    return engine.autoencoder.CODE_UNITS if n_x > engine.autoencoder.CODE_UNITS else 1


def autoencoder_layers(hidden: list[dict], n_x: int) -> list[dict]:
    """encoder (the hidden layers as set) -> code -> mirrored decoder -> linear output of n_x:
    the code takes the last encoder layer's activation (linear without one: the linear
    autoencoder, which finds PCA's subspace)."""
    activation = hidden[-1]["activation"] if hidden else "linear"
    code = {"units": code_units(n_x), "activation": activation}
    return [*hidden, code, *(dict(layer) for layer in reversed(hidden)),
            {"units": n_x, "activation": OUTPUT[AUTOENCODER][0]}]


def code_layer(spec: dict) -> int:
    """l of the code in an autoencoder's spec: the middle hidden layer."""
    return (len(spec["layers"]) - 1) // 2 + 1


# ---------------------------------------------------------------- to the engine


def is_planar(values: dict) -> bool:
    """A 2-D data set (boundary, neuron heatmaps) rather than digits."""
    info = PAGE_DATASETS.get(values["dataset"])
    return info is None or info.two_d


def input_shape(values: dict) -> tuple[int, int, int] | None:
    """(n_H, n_W, n_C) of the data's images or signals (None: points, a CSV file)."""
    info = PAGE_DATASETS.get(values["dataset"])
    return None if info is None else info.input_shape


def has_conv(values: dict) -> bool:
    """Whether the hidden layers hold a conv or pool layer (panels drawn for dense layers
    only adapt or step aside)."""
    return any(layer_kinds.kind(layer) != "dense" for layer in values["layers"])


def data_options(values: dict) -> dict[str, Any]:
    """Arguments for engine.make_dataset and engine.prepare (CSV rows come from the upload)."""
    info = PAGE_DATASETS.get(values["dataset"])
    n_classes = values["n_classes"] if info is not None and info.class_choices else None
    max_examples = info.max_examples if info is not None else values["n_points"]
    return {
        "make": {
            "name": values["dataset"],
            "n": min(values["n_points"], max_examples),
            "noise": values["noise"] / 100.0,
            "seed": values["data_seed"],
            "n_classes": n_classes,
        },
        "prepare": {
            "features": tuple(values["features"]),
            "train_ratio": values["train_ratio"] / 100.0,
            "seed": values["data_seed"],
            "normalize": values["normalize"],
        },
    }


def engine_spec(values: dict) -> dict[str, Any]:
    """The engine spec the table's `engine` column gives these values (no n_x, no output)."""
    spec: dict[str, Any] = {}
    for setting in SETTINGS:
        if not setting.engine:
            continue
        value = setting.to_engine(values) if setting.to_engine else values[setting.name]
        if value is SKIP:
            continue
        *path, key = setting.engine
        place = spec
        for part in path:
            place = place.setdefault(part, {})
        place[key] = value
    return spec


def values_of_spec(spec: dict) -> dict[str, Any]:
    """The reverse: raw settings values (for validate) from a saved network's engine spec."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if not setting.engine:
            continue
        if setting.from_engine:
            values.update(setting.from_engine(spec))
            continue
        place = spec
        for part in setting.engine:
            if not isinstance(place, dict) or part not in place:
                break
            place = place[part]
        else:
            values[setting.name] = place
    return values


def _decay_of(decay: dict | None) -> dict[str, Any]:
    decay = decay or {}
    values = {"decay": decay.get("kind", "none")}
    for name, key in (("decay_rate", "decay_rate"), ("decay_base", "base"),
                      ("decay_drop", "drop"), ("decay_every", "every")):
        if key in decay:
            values[name] = decay[key]
    return values


def optimizer_spec(values: dict) -> dict[str, Any]:
    """The optimizer dict of the engine spec (with its decay schedule)."""
    return engine_spec(values)["optimizer"]


def decay_spec(values: dict) -> dict[str, Any] | None:
    kind = values["decay"]
    if kind == "inverse_time":
        return {"kind": kind, "decay_rate": values["decay_rate"]}
    if kind == "exponential":
        return {"kind": kind, "base": values["decay_base"]}
    if kind == "staircase":
        return {"kind": kind, "drop": values["decay_drop"], "every": values["decay_every"]}
    return None


def steps_per_second(values: dict, steps_per_epoch: int) -> float | None:
    """How fast a "paced" speed trains (None: a speed counted per frame)."""
    (unit, seconds), _ = SPEEDS[values["speed"]]
    if unit != "seconds":
        return None
    return (values.get("run_epochs") or PACED_EPOCHS) * steps_per_epoch / seconds


def frame_limits(values: dict) -> dict[str, int | None]:
    """How much one playing frame may train at this speed (Session.train_for's limits)."""
    (unit, count), _ = SPEEDS[values["speed"]]
    return {"max_steps": count if unit == "steps" else None,
            "max_epochs": count if unit == "epochs" else None}


def live_spec(values: dict) -> dict[str, Any]:
    """What Network.update_settings takes: the parts of the spec that the rows applying live
    fill (the optimizer, l2, keep_prob, the batch size), for a running network to change."""
    spec = engine_spec(values)
    live = dict.fromkeys(s.engine[0] for s in SETTINGS if s.applies_live)
    return {key: spec[key] for key in live if key in spec}


def batch_size(values: dict) -> int | None:
    return values["batch_size"] or None  # 0 means full batch


def network_spec(values: dict, n_x: int, n_y: int, problem: str) -> dict[str, Any]:
    """The engine spec for these settings and a data set with n_x inputs and n_y outputs."""
    spec = engine_spec({**values, "problem": problem})
    if problem == AUTOENCODER:
        spec["layers"] = autoencoder_layers(spec["layers"], n_x)
        return limits.checked({"n_x": n_x, **spec})
    spec["layers"].append({"units": n_y, "activation": OUTPUT[problem][0]})
    shape = input_shape(values)
    if has_conv(values) and shape is not None:  # dense networks' specs stay as they were
        spec["input_shape"] = list(shape)
    return limits.checked({"n_x": n_x, **spec})


def changed(old: dict, new: dict) -> list[Setting]:
    """The settings whose value differs between two clean value dicts."""
    return [s for s in SETTINGS if _comparable(old.get(s.name)) != _comparable(new.get(s.name))]


def _comparable(value):
    if isinstance(value, list | tuple):
        return tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in value)
    return value


def as_text(setting: Setting, value) -> str:
    """One value as the text a share link will carry (validate parses it back)."""
    if setting.kind == "bool":
        return "true" if value else "false"
    if setting.kind == "multi":
        return ",".join(value)
    if setting.kind == "layers":
        return ",".join(layer_kinds.as_text(layer) for layer in value)
    if setting.format == "batch" and value == 0:
        return "full"
    # repr is the shortest text that parses back to the same float (":g" keeps 6 digits only).
    return repr(value) if isinstance(value, float) else str(value)


def changed_as_text(values: dict, base: dict | None = None) -> dict[str, str]:
    """The settings that differ from `base` (the defaults unless given; a lesson's set-up for a
    lesson link), as text: what a share link or a lesson preset needs to store
    (validate({**base, **changed_as_text(v, base)})[0] == v)."""
    base = defaults() if base is None else base
    return {s.name: as_text(s, values[s.name]) for s in SETTINGS
            if _comparable(values[s.name]) != _comparable(base[s.name])}
