"""A saved network file -> the playground: its set-up fills the settings (and so the link), its
network goes on training from where it stopped (no Streamlit here).

The set-up comes the way a share link brings one: a file saved by this page carries its
settings as a link's query string (downloads.SETTINGS_KEY), parsed by the settings table's
`validate` (untrusted text: clamped, snapped, never evaluated). A file saved from a notebook
has only the engine's spec and pipeline; its settings are read from those. Whatever the page
cannot show as it was (a learning rate off the page's scale, a data set it cannot rebuild) is
said in one sentence each.

All or nothing: a file is parsed, its settings validated, the data set built and the network
checked against it BEFORE anything of the session changes; any problem leaves the current
network, data and settings as they were and says why in an error notice.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import numpy as np

import engine
from playground.saving import downloads
from playground.session import layer_kinds, limits, links, settings
from playground.session.notices import ERROR, WARNING
from playground.session.state import Session, build_dataset

MAX_MEGABYTES = engine.saving.MAX_BYTES // 2**20


def _values_from_spec(spec: dict, pipeline) -> dict:
    """Raw settings values from an engine spec (and its data pipeline) for settings.validate."""
    values = settings.values_of_spec(spec)
    if values["problem"] == "multiclass":
        values["n_classes"] = spec["layers"][-1]["units"]
    shape = spec.get("input_shape")
    if pipeline is None and shape is not None:
        # A notebook's conv net without its data: the page's images or signals of that shape.
        fits = [name for name, data in settings.PAGE_DATASETS.items()
                if data.input_shape is not None and list(data.input_shape) == list(shape)]
        if fits:
            values["dataset"] = fits[0]
    if pipeline is not None:
        if pipeline.features:
            values["features"] = list(pipeline.features)
        if pipeline.dataset in settings.PAGE_DATASETS or pipeline.dataset == settings.CSV_DATASET:
            values["dataset"] = pipeline.dataset
    return values


def settings_of(net, info: dict) -> tuple[dict, list[str]]:
    """Clean settings values for a loaded network, and what had to be repaired."""
    saved = info["extra"].get(downloads.SETTINGS_KEY)
    if isinstance(saved, str):
        if len(saved) > links.MAX_LINK_CHARS:
            raise ValueError("its settings are longer than a link may be")
        raw = dict(parse_qsl(saved, keep_blank_values=True))
    else:
        raw = _values_from_spec(net.spec, info["pipeline"])
    values, notes = settings.validate(raw)
    pipeline = info["pipeline"]
    if pipeline is not None and pipeline.dataset == settings.CSV_DATASET:
        values["dataset"] = settings.CSV_DATASET  # validate keeps it; a link would not
    return values, notes


def _describe(layers: list[dict]) -> str:
    return ", ".join(layer_kinds.as_text(layer) if layer_kinds.kind(layer) != "dense" else
                     f"{layer['units']} {layer['activation']}" for layer in layers) or "none"


def _check_fits(net, values: dict, dataset) -> None:
    """ValueError unless the page's network for these settings and data has the loaded
    network's shape (inputs, layers, outputs, batch norm)."""
    page = engine.spec.normalize_spec(
        settings.network_spec(values, dataset.n_x, dataset.n_y, dataset.problem))
    spec = net.spec
    if page["n_x"] != spec["n_x"]:
        raise ValueError(f"the network takes {spec['n_x']} inputs, but the data set it names "
                         f"({dataset.name}, with its features) gives {page['n_x']}")
    if page["layers"][-1] != spec["layers"][-1] or page["loss"] != spec["loss"]:
        out = spec["layers"][-1]
        raise ValueError(f"its output layer ({out['units']} {out['activation']}) does not fit "
                         f"the data set {dataset.name} ({dataset.problem})")
    if page["layers"] != spec["layers"] or page["batch_norm"] != spec["batch_norm"]:
        hidden = _describe(spec["layers"][:-1]) + (", batch norm" if spec["batch_norm"] else "")
        raise ValueError(f"the page cannot build its hidden layers ({hidden})")


def _data_notes(info: dict, dataset) -> list[str]:
    pipeline = info["pipeline"]
    if pipeline is None:
        return ["The file does not say which data the network learned from: it goes on "
                f"training on {dataset.name} as the settings build it."]
    same = (tuple(pipeline.features) == (tuple(dataset.features) if dataset.uses_features
                                         else ()) and
            np.allclose(pipeline.normalization.mean, dataset.normalization.mean, rtol=1e-12,
                        atol=1e-12) and
            np.allclose(pipeline.normalization.std, dataset.normalization.std, rtol=1e-12,
                        atol=1e-12))
    if same:
        return []
    return ["The data set built from these settings is not the one the network learned from "
            "(its normalization differs): training goes on with the data built here."]


def _prepared(session: Session, data: bytes):
    """(net, info, values, dataset, notes) for a saved document on this session's data;
    ValueError or engine.DataError says why it cannot be loaded (nothing changed)."""
    net, info = engine.from_json(data)
    limits.checked(net.spec)  # a notebook's network may be larger than this server takes
    values, notes = settings_of(net, info)
    if values["dataset"] == settings.CSV_DATASET and session.csv is None:
        columns = ", ".join(info["pipeline"].input_names[:6])
        raise ValueError(f"the network learned from an uploaded CSV file (columns "
                         f"{columns}); choose that file under Data → Your data (CSV) "
                         "first, then load the network again")
    dataset = build_dataset(values, session.csv)
    _check_fits(net, values, dataset)
    engine.resume(net, dataset, info)  # its place in the epoch fits this data
    return net, info, values, dataset, notes + _data_notes(info, dataset)


def _install(session: Session, net, info: dict, values: dict) -> str | None:
    """The loaded network and its settings in the session; None if the data could not be
    switched (nothing changed), else "" or a sentence on what could not go on exactly."""
    session.apply(values)
    if session.error:
        return None
    # The page's training settings rule from now on (a learning rate off the page's scale
    # was snapped, and the notes say so); for a file saved here they are the file's own.
    session.push_live(net)
    return session.adopt(net, info)


def load(session: Session, name: str, data: bytes) -> bool:
    """Load a saved network file into the session (see the module docstring); True if it
    was loaded, else an error notice says why and nothing else changed."""
    try:
        net, info, values, _dataset, notes = _prepared(session, data)
    except (ValueError, engine.DataError) as problem:
        session.notices.tell(f"{name} was not loaded: {problem}", ERROR)
        return False
    note = _install(session, net, info, values)
    if note is None:
        return False
    if session.drawn:  # a file does not hold drawn points; those on the page stay
        count = len(session.drawn)
        drawn = "1 point drawn here stays" if count == 1 else f"{count} points drawn here stay"
        notes.append(f"The {drawn} in the training data; the saved run did not have them.")
    not_restored = " ".join(info["not_restored"])
    for text in [*notes, note, not_restored and f"Not in a saved file: {not_restored}"]:
        session.notices.tell(text, WARNING)
    session.close_lesson()
    session.notices.tell(f"Loaded {name}: epoch {net.epochs_done}, step {net.steps_done}. "
                         "Training goes on from where it stopped.")
    return True


def restore(session: Session, data: bytes) -> str:
    """A checkpoint written by this page (playground/running/kept_runs.py) back into the session,
    quietly (the caller says what happened in one line); "" when restored, else why not."""
    try:
        net, info, values, _dataset, _notes = _prepared(session, data)
    except (ValueError, engine.DataError) as problem:
        return str(problem)
    if _install(session, net, info, values) is None:
        return session.error or "its data could not be built"
    return ""
