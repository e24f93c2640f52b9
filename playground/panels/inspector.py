"""Live forward/backward values of the latest step, in the course's notation.

Pick a layer l and an example i of the last mini-batch: every formula of that layer's forward
pass, backward pass and update (batch norm and dropout included, as the course writes them),
each with its shapes and the numbers that satisfy it (W[l] and b[l] as they were in this step's
forward pass; the update as its own line). Drawn only when the page is paused: while playing
the numbers change thousands of times a second and nobody can read them.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.charts.equations import Equation, LayerEquations, layer_equations, shape
from playground.charts.matrices import latex_number, matrix_latex
from playground.panels import inspector_conv
from playground.session import keys
from playground.session.state import Session


def _column_name(name: str, i: int) -> str:
    """'Z^{[2]}' -> 'z^{[2](3)}': column i of a matrix, in the course's notation."""
    if name.endswith("]}"):
        return name[:-1] + f"({i})}}"
    return name + f"{{}}^{{({i})}}"


def _value(container, eq: LayerEquations, key: str, i: int, m: int) -> None:
    r"""A printed value: column i of a per-example matrix (one column per example), the whole
    matrix otherwise (at most 6 rows and 4 columns, \cdots for the rest)."""
    M = eq.values[key]
    name = eq.names[key]
    if M.ndim == 2 and M.shape[1] == m and m > 1 and key not in ("W", "W_new", "dW", "W_next",
                                                                  "delta_W"):
        container.latex(matrix_latex(M[:, i - 1], _column_name(name, i), max_rows=6))
    else:
        container.latex(matrix_latex(M, name, max_rows=6, max_cols=4))


def _formula(container, equation: Equation) -> None:
    # The shapes in a caption of their own, which wraps: beside the formula in the LaTeX line
    # (which never wraps) the longest, dZ's, was clipped at 1280 px.
    container.latex(equation.latex)
    container.caption(f"Shapes: {equation.shapes}")
    if equation.note:
        container.caption(equation.note)


def _text(text: str) -> str:
    return r"\text{" + text.replace("_", r"\_") + "}"


def _neuron_sum(eq: LayerEquations, l: int, j: int, i: int) -> None:
    """Neuron j's pre-activation for example i written out term by term (first 4 terms), with
    the W[l] and b[l] of this step's forward pass: the number a student gets by hand."""
    W, a_prev = eq.values["W"], eq.values["A_prev"][:, i - 1]
    terms = [rf"({latex_number(W[j - 1, k])})({latex_number(a_prev[k])})"
             for k in range(min(len(a_prev), 4))]
    more = r" + \cdots" if len(a_prev) > 4 else ""
    b = eq.values.get("b")
    bias = rf" + ({latex_number(b[j - 1, 0])})" if b is not None else ""
    z = float(eq.values["Z"][j - 1, i - 1])
    st.latex(rf"z^{{[{l}]({i})}}_{{{j}}} = " + " + ".join(terms) + more + bias
             + rf" = {latex_number(z)}")


def render(session: Session) -> None:
    net = session.net
    record = net.latest
    if session.playing:
        st.info("Pause (or press Step) to inspect the numbers of one step.")
        return
    if record is None:
        st.info("Press **Step** to run one mini-batch; the inspector then shows every number "
                "of that step: forward Z, A and backward dZ, dW, db, layer by layer.")
        return
    l, beside = _pick_layer(record)
    if net.spec["layers"][l - 1].get("type", "dense") != "dense":
        session.selected = None
        inspector_conv.render(record, l, net.spec, beside)
        return
    j, i = _picks(session, record, l, beside)
    layer = record.layers[l - 1]
    m = layer.A_prev.shape[1]
    spec = net.spec
    eq = layer_equations(record, l, spec["loss"], spec["l2"], spec["optimizer"]["name"])
    st.markdown(
        f"Step **{record.step}** (epoch {record.epoch}) · mini-batch of **m = {m}** · "
        f"α = {record.learning_rate:.3g} · J = {record.cost:.5g} · "
        f"W[{l}] is **{shape(layer.W)}**, A[{l - 1}] is {shape(layer.A_prev)}, Z[{l}] is "
        f"{shape(layer.Z)}. W[{l}] and b[{l}] are the values this step used; the update is "
        "the last line.")
    if j and j <= layer.W.shape[0]:
        _neuron_sum(eq, l, j, i)  # full width: the sum is a long line
    forward, backward = st.columns(2, gap="large")
    with forward:
        st.markdown("**Forward**")
        inputs = st.columns(2)  # W gets the full width below: its columns must not clip
        _value(inputs[0], eq, "A_prev", i, m)
        if "b" in eq.values:
            _value(inputs[1], eq, "b", i, m)
        _value(st, eq, "W", i, m)
        for equation in eq.forward:
            _formula(st, equation)
            _value(st, eq, equation.lhs, i, m)
    with backward:
        st.markdown("**Backward**")
        for equation in eq.backward:
            _formula(st, equation)
            _value(st, eq, equation.lhs, i, m)
    _update(eq, i, m)
    with np.errstate(all="ignore"):
        st.caption(f"||dW[{l}]|| = {layer.dW_norm:.3g} · ||ΔW[{l}]|| / ||W[{l}]|| = "
                   f"{layer.update_ratio:.3g}")


def _layer_label(record, k: int) -> str:
    layer, L = record.layers[k - 1], len(record.layers)
    kind = "pool" if layer.activation is None else (
        f"conv, {layer.activation}" if layer.Z.ndim == 4 else layer.activation)
    return f"{k} ({kind})" + (" — output" if k == L else "")


def _pick_layer(record):
    """The layer l the student picked (dense, conv or pool), and the place beside the menu
    for the layer's own picks."""
    L = len(record.layers)
    if st.session_state.get(keys.INSPECTOR_LAYER, 1) not in range(1, L + 1):
        st.session_state[keys.INSPECTOR_LAYER] = 1  # a shallower network than before
    pick_layer, beside = st.columns([2, 4.4])
    l = pick_layer.selectbox("Layer l", options=list(range(1, L + 1)), index=0,
                             format_func=lambda k: _layer_label(record, k),
                             key=keys.INSPECTOR_LAYER)
    return l, beside


def _picks(session: Session, record, l: int, beside) -> tuple[int, int]:
    """The neuron j (0: all) and example i (1-based) the student picked in dense layer l; the
    neuron is also the one the diagram highlights."""
    pick_neuron, pick_example = beside.columns([1.4, 3])
    layer = record.layers[l - 1]
    j = pick_neuron.selectbox("Neuron j", options=[0, *range(1, layer.Z.shape[0] + 1)],
                              format_func=lambda k: "all" if k == 0 else str(k),
                              key=keys.INSPECTOR_NEURON,
                              help="Highlights the neuron and its edges in the diagram.")
    session.selected = (l, j) if j else None
    m = layer.A_prev.shape[1]
    i = 1
    if m > 1:
        i = pick_example.slider("Example i of the mini-batch", 1, m, 1, key=keys.INSPECTOR_EXAMPLE)
    return j, i


def _update(eq, i: int, m: int) -> None:
    """Each update line over the value before, the step (dW, or ΔW when the optimizer takes
    its own step) and the value after, side by side."""
    st.markdown("**Update**")
    for equation in eq.update:
        _formula(st, equation)
        key = equation.lhs.removesuffix("_new")
        before, step, after = st.columns(3)
        _value(before, eq, key, i, m)
        _value(step, eq, "d" + key if f"delta_{key}" not in eq.values else f"delta_{key}", i,
               m)
        _value(after, eq, equation.lhs, i, m)
