"""Live forward/backward values of the latest step, in the course's notation.

Pick a layer l and an example i of the last mini-batch: Z[l], A[l], dZ[l], dW[l], db[l] with
their shapes ("W[2] is (4, 3)"), the formula that produced each, and the numbers. Press Step
and watch them change. Drawn only when the page is paused: while playing they change
thousands of times a second and nobody can read them.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.charts.matrices import matrix_latex
from playground.state import Session

G_PRIME = {
    "sigmoid": r"g'(Z) = g(Z)\,(1 - g(Z))",
    "tanh": r"g'(Z) = 1 - g(Z)^2",
    "relu": r"g'(Z) = 1 \text{ if } Z > 0 \text{ else } 0",
    "leaky_relu": r"g'(Z) = 1 \text{ if } Z > 0 \text{ else } 0.01",
    "linear": r"g'(Z) = 1",
}
OUTPUT_DZ = {
    "binary_cross_entropy": r"dZ^{[L]} = A^{[L]} - Y \quad\text{(sigmoid + cross-entropy)}",
    "categorical_cross_entropy": r"dZ^{[L]} = A^{[L]} - Y \quad\text{(softmax + cross-entropy)}",
    "mean_squared_error": r"dZ^{[L]} = A^{[L]} - Y \quad\text{(linear + squared error)}",
}


def shape(M) -> str:
    return "(" + ", ".join(str(n) for n in np.shape(M)) + ")"


def _sup(name: str, l: int | str) -> str:
    return f"{name}^{{[{l}]}}"


def _matrix(container, M, name: str, rows: int = 6, cols: int = 4) -> None:
    r"""A matrix in LaTeX; at most 4 columns, so it fits half the page (\cdots for the rest)."""
    if M is None:
        container.caption(f"${name}$: none (batch norm replaces b by β)")
        return
    container.latex(matrix_latex(M, name, max_rows=rows, max_cols=cols))


def _neuron_sum(layer, W, b, l: int, j: int, i: int) -> None:
    """Neuron j's pre-activation for example i written out term by term (first 4 terms), with
    the parameters as they are now, i.e. after this step's update."""
    a_prev = layer.A_prev[:, i - 1]
    terms = [rf"({W[j - 1, k]:.3f})({a_prev[k]:.3f})" for k in range(min(len(a_prev), 4))]
    more = r" + \cdots" if len(a_prev) > 4 else ""
    bias = rf" + ({float(b[j - 1, 0]):.3f})" if b is not None else ""
    value = float(W[j - 1] @ a_prev + (b[j - 1, 0] if b is not None else 0.0))
    st.latex(rf"z^{{[{l}](%d)}}_{{{j}}} = " % i + " + ".join(terms) + more + bias
             + rf" = {value:.3f}")
    st.caption(f"With W[{l}] and b[{l}] after this step's update; during the step (before the "
               f"update) it was {float(layer.Z[j - 1, i - 1]):.3f}, the entry of z[{l}] above.")


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
    L = net.L
    pick_layer, pick_neuron, pick_example = st.columns([2, 1.4, 3])
    l = pick_layer.selectbox("Layer l", options=list(range(1, L + 1)), index=0,
                             format_func=lambda k: f"{k} ({net.activations[k - 1]})"
                             + (" — output" if k == L else ""), key="inspector.layer")
    layer = record.layers[l - 1]
    j = pick_neuron.selectbox("Neuron j", options=[0, *range(1, layer.Z.shape[0] + 1)],
                              format_func=lambda k: "all" if k == 0 else str(k),
                              key="inspector.neuron",
                              help="Highlights the neuron and its edges in the diagram.")
    session.selected = (l, j) if j else None
    m = layer.A_prev.shape[1]
    i = 1
    if m > 1:
        i = pick_example.slider("Example i of the mini-batch", 1, m, 1, key="inspector.example")
    W = net.parameters[f"W{l}"]
    b = net.parameters.get(f"b{l}")
    spec = net.spec
    st.markdown(
        f"Step **{record.step}** (epoch {record.epoch}) · mini-batch of **m = {m}** · "
        f"α = {record.learning_rate:.3g} · J = {record.cost:.5f} · "
        f"W[{l}] is **{shape(W)}**, A[{l - 1}] is {shape(layer.A_prev)}, Z[{l}] is "
        f"{shape(layer.Z)}. Values below are after this step's update for W and b, and of this "
        f"step for the rest.")
    if j and j <= W.shape[0]:
        _neuron_sum(layer, W, b, l, j, i)  # full width: the sum is a long line
    forward, backward = st.columns(2, gap="large")
    with forward:
        st.markdown("**Forward**")
        st.latex(rf"{_sup('Z', l)} = {_sup('W', l)} {_sup('A', l - 1)} + {_sup('b', l)}"
                 rf"\qquad {shape(layer.Z)} = {shape(W)}\,{shape(layer.A_prev)} + "
                 rf"({W.shape[0]}, 1)")
        st.latex(rf"{_sup('A', l)} = g^{{[{l}]}}({_sup('Z', l)}), \quad g = "
                 rf"\text{{{layer.activation.replace('_', ' ')}}}")
        column = i - 1
        values = st.columns(3)
        _matrix(values[0], layer.A_prev[:, column], f"a^{{[{l - 1}](%d)}}" % i)
        _matrix(values[1], layer.Z[:, column], f"z^{{[{l}](%d)}}" % i)
        _matrix(values[2], layer.A[:, column], f"a^{{[{l}](%d)}}" % i)
        _matrix(st, W, _sup("W", l))
        _matrix(st, b, _sup("b", l))
    with backward:
        st.markdown("**Backward**")
        if l == L:
            st.latex(OUTPUT_DZ.get(spec["loss"], r"dZ^{[L]} = A^{[L]} - Y"))
        else:
            st.latex(rf"d{_sup('Z', l)} = {_sup('W', l + 1)}{{}}^T d{_sup('Z', l + 1)} * "
                     rf"g'^{{[{l}]}}({_sup('Z', l)}), \quad "
                     + G_PRIME.get(layer.activation, ""))
        l2 = spec["l2"]
        reg = rf" + \frac{{{l2:g}}}{{m}} {_sup('W', l)}" if l2 else ""
        st.latex(rf"d{_sup('W', l)} = \frac{{1}}{{m}} d{_sup('Z', l)} {_sup('A', l - 1)}{{}}^T"
                 rf"{reg} \qquad {shape(layer.dW)}")
        st.latex(rf"d{_sup('b', l)} = \frac{{1}}{{m}} \sum_{{i=1}}^{{m}} "
                 rf"d{_sup('Z', l)}{{}}^{{(i)}} \qquad ({layer.dZ.shape[0]}, 1)")
        _matrix(st, layer.dZ[:, i - 1], f"dz^{{[{l}](%d)}}" % i)
        _matrix(st, layer.dW, "d" + _sup("W", l))
        _matrix(st, layer.db, "d" + _sup("b", l))
        st.caption(f"||dW[{l}]|| = {layer.dW_norm:.3g} · ||ΔW[{l}]|| / ||W[{l}]|| = "
                   f"{layer.update_ratio:.3g} · update: W[{l}] := W[{l}] − α · (optimizer "
                   f"{spec['optimizer']['name']}) dW[{l}]")
