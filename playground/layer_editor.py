"""The sidebar's hidden-layer editor: TF Playground's "+ / −", a row of fields per layer, and
beside each layer its output shape and parameter count.

On images and signals (digits, ECG) a layer's type may be conv or pool, as long as no dense
layer comes before it; on 2-D points every layer is dense and the type menu is not shown. The
Session's values are the truth (playground/controls.py): widgets are set from them before they
are drawn, and a change goes back through Session.apply.
"""

from __future__ import annotations

import streamlit as st

from playground.session import keys, layer_kinds, settings
from playground.session.state import Session, guarded

FIELDS = {"dense": ("units", "activation"),
          "conv": ("filters", "size", "stride", "padding", "activation"),
          "pool": ("mode", "size", "stride")}
KIND_LABELS = {"dense": "dense", "conv": "conv", "pool": "pool"}


def sync(session: Session) -> None:
    """Copy the hidden layers' values into their widgets' state (before they are drawn)."""
    state = st.session_state
    for index, layer in enumerate(session.values["layers"]):
        kind = layer_kinds.kind(layer)
        for field, value in (("type", kind), *((f, layer[f]) for f in FIELDS[kind])):
            key = keys.layer(index, field)
            if state.get(key) != value:
                state[key] = value


def _from_widgets(session: Session) -> list[dict]:
    """The layers as the widgets hold them; a layer whose type changed starts from that
    type's defaults (its old fields mean nothing to the new type)."""
    state = st.session_state
    layers = []
    for index, layer in enumerate(session.values["layers"]):
        kind = layer_kinds.kind(layer)
        chosen = state.get(keys.layer(index, "type"), kind)
        if chosen != kind:
            layers.append(dict(layer_kinds.DEFAULTS[chosen]))
            continue
        layers.append({**layer, **{f: state.get(keys.layer(index, f), layer[f])
                                   for f in FIELDS[kind]}})
    return layers


def _changed(session: Session) -> None:
    session.apply({"layers": _from_widgets(session)})


def _add(session: Session) -> None:
    layers = _from_widgets(session)
    template = layers[-1] if layers else layer_kinds.DENSE
    session.apply({"layers": [*layers, dict(template)]})


def _remove(session: Session) -> None:
    session.apply({"layers": _from_widgets(session)[:-1]})


def _kinds_allowed(session: Session, index: int) -> list[str]:
    """conv and pool on images and signals, before any dense layer; else dense only."""
    if settings.input_shape(session.values) is None:
        return ["dense"]
    before = session.values["layers"][:index]
    if any(layer_kinds.kind(layer) == "dense" for layer in before):
        return ["dense"]
    return list(layer_kinds.KINDS)


def _number(where, label: str, index: int, field: str, high: int, session: Session) -> None:
    where.number_input(label, min_value=1, max_value=high, step=1,
                       key=keys.layer(index, field), on_change=guarded(_changed),
                       args=(session,))


def _menu(where, label: str, index: int, field: str, options: list, session: Session,
          help: str | None = None) -> None:
    where.selectbox(label, options=options, key=keys.layer(index, field), help=help,
                    on_change=guarded(_changed), args=(session,))


def _fields(session: Session, index: int, layer: dict, first) -> None:
    """The fields of one layer, two to a row (the sidebar is about 220 px wide at 1280 px):
    `first` is the first row's free column (None: points, whose single row is units and g)."""
    kind, name = layer_kinds.kind(layer), f"[{index + 1}]"
    activations = list(settings.HIDDEN_ACTIVATIONS)
    high = {field: top for field, (_, top) in layer_kinds.RANGES.items()}
    if first is None:
        units, g = st.columns([2, 3], vertical_alignment="bottom")
        _number(units, f"Layer {index + 1} units", index, "units", high["units"], session)
        _menu(g, f"g{name}", index, "activation", activations, session)
        return
    if kind == "pool":
        _menu(first, f"Pool{name}", index, "mode", list(layer_kinds.POOL_MODES), session)
    else:
        _menu(first, f"g{name}", index, "activation", activations, session)
    left, right = st.columns(2, vertical_alignment="bottom")
    if kind == "dense":
        _number(left, f"Units n{name}", index, "units", high["units"], session)
        return
    if kind == "conv":
        _number(left, f"Filters n_C{name}", index, "filters", high["filters"], session)
        _number(right, f"Size f{name}", index, "size", high["size"], session)
        left, right = st.columns(2, vertical_alignment="bottom")
        _number(left, f"Stride s{name}", index, "stride", high["stride"], session)
        _menu(right, f"Padding p{name}", index, "padding", ["same", *range(layer["size"])],
              session, help="same: (f − 1)/2 zeros around the input, so n_H = n_H_prev at "
                            "stride 1 (odd f); a number p: that many zeros (0 = valid).")
        return
    _number(left, f"Size f{name}", index, "size", high["size"], session)
    _number(right, f"Stride s{name}", index, "stride", high["stride"], session)


def _layer_caption(session: Session, index: int) -> None:
    """The layer's output shape and its parameters, counted as the course counts them."""
    shapes, counts = session.net.layer_shapes, layer_kinds.parameter_counts(session.net.spec)
    if index + 1 >= len(shapes):
        return
    shape = "×".join(map(str, shapes[index + 1]))
    count, formula = counts[index]
    params = "no parameters" if count == 0 else f"{count:,} parameters = {formula}"
    st.caption(f"→ {shape} · {params}")


def _layer(session: Session, index: int, layer: dict) -> None:
    allowed = _kinds_allowed(session, index)
    first = None
    if settings.input_shape(session.values) is not None:  # images or signals: a type menu
        type_column, first = st.columns(2, vertical_alignment="bottom")
        _menu(type_column, f"Layer {index + 1}", index, "type", allowed, session,
              help="dense: every unit sees every input; conv: filters slide over the image "
                   "or signal; pool: the max or mean of each window (no parameters). Conv "
                   "and pool layers come before the dense ones.")
    _fields(session, index, layer, first)
    with st.container(key=f"layer-caption-{index}"):
        _layer_caption(session, index)


def layers_builder(session: Session, name: str = "layers") -> None:
    """TF Playground's "+ / − hidden layers", with each layer's fields."""
    layers = session.values["layers"]
    count, minus, plus = st.columns([3, 1, 1], vertical_alignment="center")
    count.markdown(f"**{len(layers)} hidden layer{'s' if len(layers) != 1 else ''}**")
    minus.button("−", key=keys.LAYERS_REMOVE, help="Remove the last hidden layer",
                 on_click=guarded(_remove), args=(session,), disabled=not layers,
                 width="stretch")
    plus.button("+", key=keys.LAYERS_ADD, help="Add a hidden layer (a copy of the last)",
                on_click=guarded(_add), args=(session,),
                disabled=len(layers) >= settings.MAX_HIDDEN_LAYERS, width="stretch")
    for index, layer in enumerate(layers):
        _layer(session, index, layer)
    output, loss = settings.OUTPUT[session.dataset.problem]
    n_y = session.dataset.n_y
    counts = layer_kinds.parameter_counts(session.net.spec)
    st.caption(f"Output layer: {n_y} unit{'s' if n_y > 1 else ''}, {output} · loss: "
               f"{loss.replace('_', ' ')} (follow the problem type) · {counts[-1][0]:,} "
               f"parameters = {counts[-1][1]} · in all {sum(c for c, _ in counts):,}")
