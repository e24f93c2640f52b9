"""The tuning lab's link to the playground's settings table (no Streamlit here).

A search is set up from the playground's values (data, activation, initialization) plus the
lab's own choices; "Use this" turns a trial back into settings values, which then go through
settings.validate like a lesson or a link. The playground's controls are ladders (the learning
rate and λ rungs, β in steps of 0.001), so a trial's continuous α lands on the nearest rung:
`use_this` returns the sentences that say so.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass

import optuna

import engine
from engine import search
from playground.server import sql_stores
from playground.session import settings
from playground.session.notices import WARNING

# The lab's menus. Mini-batches: the powers of two the playground's menu offers (16 to 256).
BATCH_POWERS = (4, 5, 6, 7, 8)
KEEP_PROBS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
DECAY_RATES = (0.0, 0.1, 0.3, 1.0)  # inverse-time decay rates; 0 = no decay
OPTIMIZERS = ("momentum", "adam", "gd", "rmsprop")
DATASETS = tuple(name for name, info in engine.DATASETS.items()
                 if info.problem == "binary" and info.two_d)
DEFAULT_DATASET = "flower"
DEFAULT_NOISE = 20  # percent: a flower with some overlap, where capacity and α both matter

# The ranges the lab starts from, in the notes' priority; `tuned` by default: the first four.
DEFAULT_RANGES = {
    "learning_rate": (1e-4, 1.0),
    "one_minus_beta": (1e-3, 1e-1),
    "batch_power": (4, 7),
    "units": (1, 16),
    "layers": (1, 3),
    "decay_rate": DECAY_RATES,
    "keep_prob": KEEP_PROBS,
    "l2": (1e-4, 1.0),
}
DEFAULT_TUNED = ("learning_rate", "one_minus_beta", "batch_power", "units")
LABELS = {name: label for name, (label, *_rest) in search.DIMENSIONS.items()}


@dataclass(frozen=True)
class LabSetup:
    """What one search of the lab trains: the playground values it started from (with the
    lab's data set), the search's config and the dev split."""

    values: dict
    config: search.SearchConfig
    data: search.TrialData
    m_test: int


def lab_values(playground: dict, dataset: str, noise: int) -> dict:
    """The playground's values with the lab's data set: binary, generated, 2-D."""
    values, _ = settings.validate({**playground, "problem": "binary", "dataset": dataset,
                                   "noise": noise})
    return values


def base_hyperparameters(values: dict, optimizer: str) -> dict:
    """What a trial does not tune: the playground's values where it has them."""
    hidden = values["layers"]
    return {
        **search.BASE,
        "learning_rate": values["learning_rate"],
        "beta": values["beta1"],
        "batch_size": settings.batch_size(values) or search.BASE["batch_size"],
        "units": hidden[0]["units"] if hidden else search.BASE["units"],
        "layers": max(1, len(hidden)),
        "keep_prob": values["keep_prob"],
        "decay_rate": values["decay_rate"] if values["decay"] == "inverse_time" else 0.0,
        "l2": values["l2"],
        "activation": hidden[0]["activation"] if hidden else "tanh",
        "optimizer": optimizer,
        "init": values["init"],
    }


def setup(values: dict, ranges: dict, optimizer: str, **config) -> LabSetup:
    """The search for these lab values and ranges (only the tuned ones). ValueError says what
    is wrong (a range, a bound) and DataError a data problem, for the page to show."""
    from playground.session.state import build_dataset  # the playground's cached data sets

    space = search.SearchSpace.of(**ranges)
    lab_config = search.SearchConfig(space, base=base_hyperparameters(values, optimizer),
                                     **config)
    dataset = build_dataset(values, None)
    data = search.split_dev(dataset, seed=values["data_seed"])
    return LabSetup(values, lab_config, data, dataset.m_test)


# ---------------------------------------------------------------- kept studies
#
# A kept study belongs to whoever made it. Each browser has an owner key (a random token the
# page keeps in a cookie); a study's name counts only with its owner's key:
#     share id     = HMAC-SHA256(owner key, name)     the study's read-only link
#     storage name = SHA-256("study", share id)       its name in the shared storage
# so the same name typed in another browser is another study, and nothing of a study can be
# found, listed or guessed from its name: opening it takes the owner's key or its share link
# (which opens it read-only: nothing of the page writes to a study but its owner's runs).

STORAGE_VARIABLE = "PLAYGROUND_TUNING_STORAGE"  # an Optuna storage URL (SQLite, PostgreSQL)
MAX_STUDY_NAME = 60
OWNER_COOKIE = "playground_owner"
_OWNER_KEY = re.compile(r"[A-Za-z0-9_-]{32,64}")
_SHARE_ID = re.compile(r"[0-9a-f]{32}")
# What makes the trials of one study comparable: the data they are scored on.
DATA_VALUES = ("problem", "dataset", "n_classes", "noise", "train_ratio", "n_points",
               "features", "normalize", "data_seed")


def storage_url() -> str:
    """Where kept studies live: $PLAYGROUND_TUNING_STORAGE, else ~/.streamlit/tuning.db."""
    return sql_stores.storage_url(STORAGE_VARIABLE, "tuning.db")


def study_name(text: str) -> str:
    """A kept study's name as typed; ValueError says what is wrong."""
    name = " ".join(str(text).split())
    if not name:
        raise ValueError("give the study a name to keep it (and to find it again)")
    if len(name) > MAX_STUDY_NAME:
        raise ValueError(f"a study name has at most {MAX_STUDY_NAME} characters")
    return name


def new_owner_key() -> str:
    return secrets.token_urlsafe(32)


def valid_owner_key(text) -> bool:
    return isinstance(text, str) and _OWNER_KEY.fullmatch(text) is not None


def owner_id(owner_key: str) -> str:
    """Who owns a study, as the storage keeps it (the key itself is never stored)."""
    return hashlib.sha256(f"owner\0{owner_key}".encode()).hexdigest()[:32]


def share_id(owner_key: str, name: str) -> str:
    """The read-only link's id of the owner's study `name`."""
    if not valid_owner_key(owner_key):
        raise ValueError("this browser has no valid owner key for kept studies")
    return hmac.new(owner_key.encode(), study_name(name).encode(), "sha256").hexdigest()[:32]


def storage_name(share: str) -> str:
    if not isinstance(share, str) or _SHARE_ID.fullmatch(share) is None:
        raise ValueError("that is not a study's share link")
    return "lab-" + hashlib.sha256(f"study\0{share}".encode()).hexdigest()[:40]


def _data_of(values: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple | list) else v
            for k, v in values.items() if k in DATA_VALUES}


def kept_study(owner_key: str, name: str, lab: LabSetup, optimizer: str,
               storage: str | None = None):
    """The owner's study `name` to run `lab` in: made (its set-up written, once) if new,
    else carried on, its dead trials failed first. ValueError if the kept study was made on
    other data (one ranking over two data sets would mean nothing)."""
    share = share_id(owner_key, name)
    study = search.create_study(lab.config, storage or storage_url(), storage_name(share))
    saved = study.user_attrs.get("lab")
    if saved is None:
        study.set_user_attr("owner", owner_id(owner_key))
        study.set_user_attr("name", study_name(name))
        remember(study, lab, optimizer)
    elif _data_of(saved["values"]) != _data_of(remember_values(lab.values)):
        raise ValueError(f"your study {study_name(name)!r} was made on other data "
                         f"({saved['values']['dataset']}, noise {saved['values']['noise']}%); "
                         "give this search another name, or Open the study to go on with it")
    return study


def open_kept(owner_key: str, name: str, storage: str | None = None):
    """The owner's study `name` as it is; KeyError if this owner has none of that name."""
    return search.open_study(storage or storage_url(), storage_name(share_id(owner_key, name)))


def open_shared(share: str, storage: str | None = None):
    """A study from its share link, to look at (KeyError if there is none)."""
    return search.open_study(storage or storage_url(), storage_name(share))


def owned_names(owner_key: str, storage: str | None = None) -> list[str]:
    """The names of this owner's kept studies (no one else's), sorted."""
    if not valid_owner_key(owner_key):
        return []
    me = owner_id(owner_key)
    summaries = optuna.get_all_study_summaries(search.rdb_storage(storage or storage_url()),
                                               include_best_trial=False)
    return sorted(str(s.user_attrs.get("name", "")) for s in summaries
                  if s.user_attrs.get("owner") == me)


def display_name(study) -> str:
    return str(study.user_attrs.get("name", "")) or "(unnamed)"


def remember_values(values: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def remember(study, lab: LabSetup, optimizer: str) -> None:
    """Write the lab's set-up into the study, so a later visit can show its trials."""
    c = lab.config
    study.set_user_attr("lab", {
        "values": remember_values(lab.values),
        "ranges": {k: list(v) for k, v in c.space.ranges().items()}, "optimizer": optimizer,
        "method": c.method, "n_trials": c.n_trials, "epochs": c.epochs, "seed": c.seed,
        "grid_points": c.grid_points})


def recall(study) -> tuple[LabSetup, str] | None:
    """The set-up (and optimizer) a kept study was last run with; None if the lab did not
    make it (a study from a notebook)."""
    saved = study.user_attrs.get("lab")
    if not saved:
        return None
    values, _ = settings.validate(saved["values"])
    ranges = {k: tuple(v) for k, v in saved["ranges"].items()}
    lab = setup(values, ranges, saved["optimizer"], method=saved["method"],
                n_trials=saved["n_trials"], epochs=saved["epochs"], seed=saved["seed"],
                grid_points=saved["grid_points"])
    return lab, saved["optimizer"]


def trial_values(lab: dict, result: search.TrialResult, seed: int) -> dict:
    """The settings values of one trial: its hyperparameters on the lab's playground values."""
    hp = result.hyperparameters
    rate = float(hp["decay_rate"])
    return {
        **lab,
        "learning_rate": hp["learning_rate"],
        "optimizer": hp["optimizer"],
        "beta1": min(round(hp["beta"], 3), settings.BY_NAME["beta1"].high),
        "batch_size": int(hp["batch_size"]),
        "layers": [{"units": int(hp["units"]), "activation": hp["activation"]}] * int(hp["layers"]),
        "keep_prob": float(hp["keep_prob"]),
        "decay": "inverse_time" if rate else "none",
        "decay_rate": rate if rate else lab["decay_rate"],
        "l2": hp["l2"],
        "init": hp["init"],
        "seed": seed,
        "run_epochs": max(e for e in settings.RUN_EPOCHS if e <= max(result.epochs or [1])),
    }


def use_this(session, lab: dict, result: search.TrialResult, seed: int) -> list[str]:
    """Load a trial into the playground (the lesson's way: on top of the defaults); returns
    what the playground's controls could not take exactly."""
    wanted = trial_values(lab, result, seed)
    clean, _ = settings.validate(wanted)
    session.apply({**settings.defaults(), **wanted})
    session.close_lesson()
    differences = []
    hp = result.hyperparameters
    if clean["learning_rate"] != hp["learning_rate"]:
        differences.append(f"α {hp['learning_rate']:.3g} is on the playground's ladder as "
                           f"{clean['learning_rate']:g}")
    if clean["beta1"] != hp["beta"]:
        differences.append(f"β {hp['beta']:.5g} as {clean['beta1']:g}")
    if clean["l2"] != hp["l2"]:
        differences.append(f"λ {hp['l2']:.3g} as {clean['l2']:g}")
    session.notices.clear(WARNING)
    session.notices.tell(f"Loaded trial #{result.number} from the tuning lab"
                         + (f" ({'; '.join(differences)})." if differences else "."))
    return differences


# ---------------------------------------------------------------- the lab's range controls

# Log ranges are set as exponents: log10 of the sampled quantity, r uniform in [a, b].
EXPONENT_LIMITS = {"learning_rate": (-6.0, 1.0), "one_minus_beta": (-4.0, -0.4),
                   "l2": (-6.0, 1.0)}
INT_LIMITS = {"units": (1, search.MAX_UNITS), "layers": (1, search.MAX_HIDDEN_LAYERS)}
CHOICES = {"decay_rate": DECAY_RATES, "keep_prob": KEEP_PROBS}
EXPONENT_STEP = 0.1


def control_value(name: str, given) -> tuple | list:
    """A range (SearchSpace.of's form) -> the value of its control on the page: exponents for
    log ranges (rounded outwards to the slider's 0.1 and kept within its limits), a list of
    choices, or the integer pair."""
    if name in EXPONENT_LIMITS:
        lowest, highest = EXPONENT_LIMITS[name]
        low = max(lowest, math.floor(round(math.log10(given[0]) / EXPONENT_STEP, 6))
                  * EXPONENT_STEP)
        high = min(highest, math.ceil(round(math.log10(given[1]) / EXPONENT_STEP, 6))
                   * EXPONENT_STEP)
        return (round(low, 1), round(high, 1))
    if name in CHOICES:
        return [c for c in CHOICES[name] if c in set(given)]
    return (int(given[0]), int(given[1]))


def range_of(name: str, control) -> tuple:
    """The value of a control -> the range SearchSpace.of takes."""
    if name in EXPONENT_LIMITS:
        return (10.0 ** control[0], 10.0 ** control[1])
    if name in CHOICES:
        return tuple(control)
    return (int(control[0]), int(control[1]))


def zoomed_controls(space: search.SearchSpace, results) -> dict:
    """Coarse to fine: the control values of the zoomed space (engine.search.zoom)."""
    finer = search.zoom(space, results)
    return {name: control_value(name, given) for name, given in finer.ranges().items()}


def table_rows(results, space: search.SearchSpace) -> list[dict]:
    """One row per trial for the results table and the scatter charts."""
    rows = []
    for r in results:
        hp = r.hyperparameters
        row = {"trial": r.number,
               "dev cost": r.dev_cost,
               "dev accuracy": r.dev_accuracy,
               "α": hp["learning_rate"], "β": hp["beta"], "batch": hp["batch_size"],
               "units": hp["units"], "layers": hp["layers"], "keep_prob": hp["keep_prob"],
               "decay rate": hp["decay_rate"], "λ": hp["l2"],
               "seconds": round(r.seconds, 2),
               "note": "diverged" if r.diverged else ""}
        for name in space.names:  # the sampled quantities, for the scatter charts
            row[name] = r.params.get(name)
        rows.append(row)
    return rows


# The results table's column of each tuned hyperparameter (the value the network used).
TABLE_COLUMNS = {"learning_rate": "α", "one_minus_beta": "β", "batch_power": "batch",
                 "units": "units", "layers": "layers", "decay_rate": "decay rate",
                 "keep_prob": "keep_prob", "l2": "λ"}

# Each tuned hyperparameter against the dev cost: the x the scatter uses, and its scale.
def scatter_axes(space: search.SearchSpace) -> list[tuple]:
    """(column, label, log, searched range in the column's units) per tuned hyperparameter."""
    axes = []
    for d in space.dimensions:
        column, label, log = SCATTER_AXES[d.name]
        low, high = (min(d.choices), max(d.choices)) if d.kind == "choice" else (d.low, d.high)
        if d.name == "batch_power":  # the column is the batch size, 2^k
            low, high = 2 ** low, 2 ** high
        axes.append((column, label, log, (low, high)) if low < high else (column, label, log))
    return axes


SCATTER_AXES = {
    "learning_rate": ("α", "learning rate α", True),
    "one_minus_beta": ("one_minus_beta", "1 − β", True),
    "batch_power": ("batch", "mini-batch size", True),
    "units": ("units", "hidden units", False),
    "layers": ("layers", "hidden layers", False),
    "decay_rate": ("decay rate", "decay rate", False),
    "keep_prob": ("keep_prob", "keep_prob", False),
    "l2": ("λ", "L2 λ", True),
}
