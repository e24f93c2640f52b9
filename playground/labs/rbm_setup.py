"""The Boltzmann page's controls turned into an engine RBM, its link read back, and its deep
belief network handed to the playground (no Streamlit here, so tests need no page).

What a student may set: the data (binarized digits or 4×4 bars and stripes), hidden units,
k Gibbs steps, CD or PCD, the learning rate, momentum, weight decay, batch size and the seed.
Every bad value comes back as a ValueError whose message the page shows as it is; a link's
values are read as text (never evaluated) and refused with one sentence naming the value.

"Use in playground": two RBMs stacked on the binarized digits (engine.dbn), unrolled into the
playground's digits network, sigmoid layers with the RBMs' W and c and a softmax output. The
playground's digits are raw pixels 0–16 (normalization off), so W1 is divided by 16: the first
layer then computes σ(W1 (x / 16) + c1), the RBM's p(h | v) with each pixel's intensity read
as the probability that it is on (on 0/1 pixels x / 16 would not be those pixels: the
binarized digits' own p(h | v) is what the tests compare on x = 16·v).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

import engine
from engine import dbn
from engine.rbm import MAX_HIDDEN, MAX_K, RBM
from engine.rbm_data import rbm_data
from playground.saving import downloads
from playground.session import links, settings

DATA_LABELS = {"digits": "Digits 8×8, binarized", "bars_and_stripes": "Bars and stripes 4×4"}
MODES = {"cd": "CD-k (chain from the data)", "pcd": "Persistent CD (chains kept)"}
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
MOMENTA = (0.0, 0.5, 0.9)
WEIGHT_DECAYS = (0.0, 1e-4, 1e-3, 1e-2)
BATCH_SIZES = (1, 5, 10, 20, 50, 100)
PAGE_MAX_HIDDEN = 256  # a shared server's limit (the engine takes up to MAX_HIDDEN)
MAX_SEED = 999_999
BARS_SIZE = 4
DBN_HIDDEN = (64, 32)
DBN_EPOCHS = 10
assert PAGE_MAX_HIDDEN <= MAX_HIDDEN


@dataclass(frozen=True)
class RbmChoices:
    """The page's set-up as the controls give it."""

    data: str = "digits"
    hidden: int = 64
    k: int = 1
    mode: str = "cd"
    learning_rate: float = 0.1
    momentum: float = 0.0
    weight_decay: float = 0.0
    batch_size: int = 10
    seed: int = 0


def _whole(name, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high:,}, got "
                         f"{_shown(value)}.")
    return value


def _shown(value) -> str:
    """A value as the message shows it: quoted text cut at 20 characters."""
    if isinstance(value, str) and len(value) > 20:
        return repr(value[:20] + "…")
    text = repr(value)
    return text if len(text) <= 24 else text[:24] + "…"


def _one_of(name, value, choices):
    if value not in choices:
        listed = ", ".join(f"{c:g}" if isinstance(c, float) else str(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_shown(value)}.")
    return value


def check(choices: RbmChoices) -> RbmChoices:
    """``choices`` if the page may build them, else one ValueError naming the bad value."""
    _one_of("The data", choices.data, tuple(DATA_LABELS))
    _whole("Hidden units", choices.hidden, 1, PAGE_MAX_HIDDEN)
    _whole("k (Gibbs steps)", choices.k, 1, MAX_K)
    _one_of("The training", choices.mode, tuple(MODES))
    rate = choices.learning_rate
    if isinstance(rate, (int, float)) and not isinstance(rate, bool) and (
            not math.isfinite(rate) or rate <= 0):
        raise ValueError(f"The learning rate must be above 0, got {_shown(rate)}.")
    _one_of("The learning rate", rate, LEARNING_RATES)
    _one_of("Momentum", choices.momentum, MOMENTA)
    _one_of("Weight decay", choices.weight_decay, WEIGHT_DECAYS)
    _one_of("The batch size", choices.batch_size, BATCH_SIZES)
    _whole("The seed", choices.seed, 0, MAX_SEED)
    return choices


def data_of(choices: RbmChoices):
    """The RBMData the choices train on."""
    return rbm_data(choices.data, size=BARS_SIZE)


def build(choices: RbmChoices) -> RBM:
    """A fresh RBM for these choices (checked first: ValueError with the page's sentence)."""
    check(choices)
    n_visible = data_of(choices).X.shape[0]
    return RBM(n_visible, choices.hidden, k=choices.k, persistent=choices.mode == "pcd",
               learning_rate=choices.learning_rate, momentum=choices.momentum,
               weight_decay=choices.weight_decay, batch_size=choices.batch_size,
               seed=choices.seed)


# --- links ------------------------------------------------------------------------------------

LINK_KEYS = {"data": "data", "hidden": "hidden", "k": "k", "mode": "mode",
             "learning_rate": "lr", "momentum": "momentum", "weight_decay": "decay",
             "batch_size": "batch", "seed": "seed"}
_TYPES = {f.name: type(f.default) for f in fields(RbmChoices)}


def _parse(field: str, text: str):
    kind = _TYPES[field]
    if kind is str:
        return text
    if kind is int:
        if not text.strip().lstrip("-").isdigit() or len(text) > 12:
            raise ValueError(f"{LINK_KEYS[field]}={_shown(text)} is not a whole number.")
        return int(text)
    try:
        value = float(text) if len(text) <= 24 else math.nan
    except ValueError:
        raise ValueError(f"{LINK_KEYS[field]}={_shown(text)} is not a number.") from None
    # the page's own choice that this value names (a link rounds 0.003 to text and back)
    return next((c for c in _choices_of(field) if math.isclose(c, value, rel_tol=1e-9)), value)


def _choices_of(field):
    return {"learning_rate": LEARNING_RATES, "momentum": MOMENTA,
            "weight_decay": WEIGHT_DECAYS}.get(field, ())


def from_link(params: dict) -> RbmChoices:
    """The choices a link's query parameters give (unknown keys are ignored: the app's own
    ones share the address); ValueError with one sentence for the first bad value."""
    given = {}
    try:
        for field, key in LINK_KEYS.items():
            raw = params.get(key)
            if raw is None:
                continue
            if isinstance(raw, list):
                raw = raw[-1] if raw else ""
            given[field] = _parse(field, str(raw))
        return check(RbmChoices(**given))
    except ValueError as problem:
        raise ValueError(f"This link's set-up cannot be used: {problem}") from None


def to_link(choices: RbmChoices) -> dict[str, str]:
    """The query parameters of the choices that differ from the defaults."""
    default = RbmChoices()
    return {key: f"{getattr(choices, field):g}" if isinstance(getattr(choices, field), float)
            else str(getattr(choices, field)) for field, key in LINK_KEYS.items()
            if getattr(choices, field) != getattr(default, field)}


# --- the deep belief network, into the playground ---------------------------------------------

DBN_SETTINGS = {"problem": "multiclass", "dataset": "digits", "n_classes": 10,
                "normalize": False, "optimizer": "adam", "learning_rate": 0.01,
                "batch_size": 32}


def train_dbn(choices: RbmChoices, epochs: int = DBN_EPOCHS) -> list[RBM]:
    """Two RBMs (DBN_HIDDEN units) stacked greedily on the binarized digits, with the page's
    k, CD/PCD, rates and batch size, ``epochs`` each."""
    check(choices)
    X = rbm_data("digits").X
    return dbn.stack(X, hidden=DBN_HIDDEN, epochs=epochs, seed=choices.seed, k=choices.k,
                     persistent=choices.mode == "pcd", learning_rate=choices.learning_rate,
                     momentum=choices.momentum, weight_decay=choices.weight_decay,
                     batch_size=choices.batch_size)


def playground_values(rbms: list[RBM]) -> tuple[dict, list[str]]:
    """The playground settings of the unrolled DBN (validated: values and notes)."""
    layers = [{"units": rbm.n_hidden, "activation": "sigmoid"} for rbm in rbms]
    raw = {**settings.defaults(), **DBN_SETTINGS, "layers": layers, "init": "xavier"}
    return settings.validate(raw)


def playground_document(rbms: list[RBM], seed: int = 0) -> bytes:
    """A saved-network file (engine.saving) of the unrolled DBN on the playground's digits:
    what "Use in playground" loads into the playground's session (playground.saving.loading)."""
    from playground.session.state import build_dataset

    values, _notes = playground_values(rbms)
    values["seed"] = seed
    dataset = build_dataset(values, None)
    spec = settings.network_spec(values, dataset.n_x, dataset.n_y, dataset.problem)
    net = engine.Network.from_spec(spec)
    for l, rbm in enumerate(rbms, start=1):
        scale = 1.0 / 16.0 if l == 1 else 1.0  # raw pixels 0–16 in, pixel/16 the RBM's v
        net.parameters[f"W{l}"][...] = rbm.W * scale
        net.parameters[f"b{l}"][...] = rbm.c
    query = links.query_string(settings.changed_as_text(values))
    return engine.to_json(net, dataset, extra={downloads.SETTINGS_KEY: query}).encode("utf-8")


def upward_on_pixels(rbms: list[RBM], pixels: np.ndarray) -> list[np.ndarray]:
    """The DBN's upward probabilities on raw 0–16 pixels read as v = pixel / 16."""
    return dbn.upward(rbms, pixels / 16.0)
