"""The files the "Save & export" tab offers, each built from a Session by a plain function
(no Streamlit here, so every file is testable without a page).

Each builder takes the session's lock for as long as it reads the network: the download
buttons call them on click, on a thread of their own, possibly while a playing run trains.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np

import engine
from playground.charts.boundary import dot_colours
from playground.charts.slide import boundary_slide_png
from playground.saving.session_charts import (
    feature_maps_svg,
    grid_values,
    network_html,
    title,
    value_range,
)
from playground.session import links, settings
from playground.session.state import Session

SETTINGS_KEY = "settings"  # the page's set-up in a saved file's "extra": a link's query string
DIAGRAM_WIDTH, DIAGRAM_HEIGHT = 960, 540  # the network diagram's SVG, 16:9 like a slide


def file_stem(session: Session) -> str:
    """A file name that says what is in it: 'circle-2-4-2-1-epoch-12'."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(session.dataset.name)).strip("-") or "network"
    sizes = "-".join(map(str, session.net.layer_sizes))
    return f"{name}-{sizes}-epoch-{session.net.epochs_done}"


def one_line(text, limit: int = 80) -> str:
    """A name a user typed, as a slide draws it: one line of printable characters (Pillow
    lays a line break out as a second line and refuses it in anchored text), cut to limit."""
    text = "".join(c if c.isprintable() else " " for c in str(text))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def page_settings(session: Session) -> str:
    """The set-up as a share link's query string (only what differs from the defaults)."""
    return links.query_string(settings.changed_as_text(session.values))


def network_json(session: Session) -> bytes:
    """The network, its trainer's place and the input pipeline; the page's settings in
    "extra", so loading it here sets the page up again (playground/saving/loading.py)."""
    with session.lock:
        return engine.to_json(session.trainer, session.dataset,
                              extra={SETTINGS_KEY: page_settings(session)}).encode("utf-8")


def network_python(session: Session) -> bytes:
    with session.lock:
        return engine.to_python(session.net, session.dataset).encode("utf-8")


def network_onnx(session: Session) -> bytes:
    with session.lock:
        return engine.to_onnx(session.net, session.dataset)


def boundary_png(session: Session) -> bytes:
    """The decision boundary on a 1920 x 1080 slide (2-D data only)."""
    d = session.dataset
    if not d.has_boundary or d.bounds is None:
        raise ValueError("this data set has no plane to draw a boundary on")
    with session.lock:
        outputs = session.grid_outputs()
        epoch, metrics = session.net.epochs_done, dict(session.metrics)
        sizes = ", ".join(map(str, session.net.layer_sizes))
    vmax = value_range(session) or 1.0
    subtitle = f"{one_line(d.name)} · layer sizes n = [{sizes}] · epoch {epoch}"
    accuracy = metrics.get("test_accuracy")
    if accuracy is not None:
        subtitle += f" · test accuracy {accuracy:.1%}"
    elif metrics.get("test_cost") is not None:
        subtitle += f" · test cost {metrics['test_cost']:.4g}"
    show_test = session.values["show_test"]
    x_label, y_label = (d.input_names if len(d.input_names) == 2 else ("x1", "x2"))
    return boundary_slide_png(
        grid_values(session, outputs[-1]), d.bounds, d.problem,
        d.points_train, dot_colours(d.labels_train, d.problem, vmax),
        test_points=d.points_test if show_test else None,
        test_fills=dot_colours(d.labels_test, d.problem, vmax) if show_test else None,
        class_names=tuple(map(one_line, d.class_names)) if d.problem != "regression" else (),
        title=title(session), subtitle=subtitle, x_label=one_line(x_label),
        y_label=one_line(y_label),
        discretize=session.values["discretize"],
        value_range=value_range(session))


def diagram_svg(session: Session) -> bytes:
    """The network diagram (every neuron's map over the plane when there is one) as a
    standalone SVG file."""
    with session.lock:
        layers = session.net.spec["layers"]
        if any(layer.get("type", "dense") != "dense" for layer in layers):  # its feature maps
            svg = feature_maps_svg(session, DIAGRAM_WIDTH, DIAGRAM_HEIGHT)
        else:
            svg = network_html(session, session.grid_outputs(), width=DIAGRAM_WIDTH,
                               height=DIAGRAM_HEIGHT)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode("utf-8")


def history_csv(session: Session) -> bytes:
    """Cost (and accuracy) per epoch, train and test: one row per evaluated epoch."""
    with session.lock:
        history = session.trainer.history
        names = [name for name in engine.Trainer.METRICS if name in history]
        columns = {name: dict(zip(*history.series(name), strict=True)) for name in names}
    epochs = sorted(set().union(*columns.values())) if columns else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", *names])
    for epoch in epochs:
        row = [int(epoch)]
        for name in names:
            value = columns[name].get(epoch)
            row.append("" if value is None or not np.isfinite(value) else repr(float(value)))
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
