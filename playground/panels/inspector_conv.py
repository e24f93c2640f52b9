"""The inspector on a conv or pool layer: one output position's numbers, in the course's
notation, that satisfy the formula beside them.

Pick an example i, a position (h, w) and a channel c (1-based, as the course's examples are):
a conv layer shows the window of A_prev[l-1] that Z[i, h, w, c] was made of, the filter
W[:, :, :, c], their products, the sum, + b[c], Z and A = g(Z); then the backward numbers: dZ
at that position, dW[:, :, :, c] as the sum over every example and position of window · dZ / m
(recomputed here from the recorded windows, beside the engine's), and db[c] = Σ dZ / m. A pool
layer shows its window, the max or mean taken, and where dA goes back to.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.charts.matrices import latex_number, matrix_latex
from playground.session import keys

DIGITS = 4  # decimals of the written-out sum: its terms add up to Z at this precision
TERMS_A_LINE = 5
MAX_TERMS = 12  # a longer sum writes its last terms as one (their total)
MAX_CHANNELS_SHOWN = 3  # input channels of a window drawn one matrix each


def _position(record_layer, m: int, where) -> tuple[int, int, int, int]:
    """Example i, row h, column w, channel c (1-based) the student picked."""
    _, n_H, n_W, n_C = record_layer.Z.shape
    state = st.session_state
    if keys.inspector_position("h") not in state:
        # It opens on example 1's strongest unit: an active one, whose backward numbers are
        # not all zero (a ReLU unit at 0 has dZ = 0 and teaches little).
        Z = np.where(np.isfinite(record_layer.Z[0]), record_layer.Z[0], -np.inf)  # diverged
        h, w, c = np.unravel_index(np.argmax(Z), Z.shape)
        for axis, value in zip("ihwc", (0, h, w, c), strict=True):
            state[keys.inspector_position(axis)] = int(value) + 1
    columns = where.columns(4)
    picks = []
    for column, (axis, top, label) in zip(columns, (("i", m, "Example i"), ("h", n_H, "Row h"),
                                                     ("w", n_W, "Column w"),
                                                     ("c", n_C, "Channel c")), strict=True):
        key = keys.inspector_position(axis)
        if st.session_state.get(key, 1) > top:  # a smaller layer or batch than before
            st.session_state[key] = top
        picks.append(column.number_input(label, min_value=1, max_value=top, step=1, key=key))
    return tuple(int(p) for p in picks)


def _window(layer, i: int, h: int, w: int) -> np.ndarray:
    """The (f_H, f_W, n_C_prev) window of (padded) A_prev that Z[i, h, w, :] was made of: the
    recorded im2col row (i, h, w), zeros of the padding included."""
    f_H, f_W, n_C_prev, _ = layer.W.shape
    _, n_H, n_W, _ = layer.Z.shape
    row = ((i - 1) * n_H + (h - 1)) * n_W + (w - 1)
    return layer.columns[row].reshape(f_H, f_W, n_C_prev)


def _channels(container, M: np.ndarray, name: str = "") -> None:
    """A (f_H, f_W, n_C) block as one matrix per channel (the first few); without a name the
    bare matrix (the heading above says what it is: three side by side fit at 1280 px)."""
    for k in range(min(M.shape[2], MAX_CHANNELS_SHOWN)):
        label = name if M.shape[2] == 1 or not name else f"{name}_{{:,:,{k + 1}}}"
        tex = matrix_latex(M[:, :, k], label or "M", max_rows=7, max_cols=7)
        if not name:
            tex = tex.split("=", 1)[1].strip()
            tex = (rf"	ext{{channel {k + 1}: }}" if M.shape[2] > 1 else "") + tex
        container.latex(tex)
    if M.shape[2] > MAX_CHANNELS_SHOWN:
        container.caption(f"… and {M.shape[2] - MAX_CHANNELS_SHOWN} more input channels.")


def _g(layer) -> str:
    return r"\text{" + layer.activation.replace("_", r"\_") + "}"


def _sum_latex(l: int, products: np.ndarray, bias: float | None, z: float) -> str:
    """The sum written out, TERMS_A_LINE terms a line (one line overflowed 1280 px)."""
    flat = products.ravel()
    written = len(flat) if len(flat) <= MAX_TERMS else MAX_TERMS - 1
    shown = [f"({latex_number(p, DIGITS)})" for p in flat[:written]]
    if written < len(flat):  # the rest as one number, so what is written still adds up
        rest = len(flat) - (MAX_TERMS - 1)
        shown.append(rf"\underbrace{{({latex_number(flat[MAX_TERMS - 1:].sum(), DIGITS)})}}"
                     rf"_{{\text{{the other {rest}}}}}")
    if bias is not None:
        shown.append(rf"\underbrace{{({latex_number(bias, DIGITS)})}}_{{b}}")
    lines = [" + ".join(shown[k:k + TERMS_A_LINE]) for k in range(0, len(shown), TERMS_A_LINE)]
    head = rf"z^{{[{l}]}}_{{i,h,w,c}} &= \sum \text{{products}}{'' if bias is None else ' + b'}"
    body = r" \\ &\quad + ".join(lines)
    return (r"\begin{aligned} " + head + r" \\ &= " + body + rf" \\ &= {latex_number(z, DIGITS)}"
            + r" \end{aligned}")


def _conv_forward(layer, l: int, i: int, h: int, w: int, c: int) -> None:
    window = _window(layer, i, h, w)
    W_c = layer.W[:, :, :, c - 1]
    products = window * W_c
    bias = None if layer.b is None else float(layer.b[0, 0, 0, c - 1])
    z = float(layer.Z[i - 1, h - 1, w - 1, c - 1])
    st.latex(rf"Z^{{[{l}]}}_{{i,h,w,c}} = \sum_{{f_H, f_W, n_C^{{[{l - 1}]}}}} "
             rf"A^{{[{l - 1}]}}_{{\text{{window}}(h,w)}} \odot W^{{[{l}]}}_{{:,:,:,c}}"
             + ("" if bias is None else rf" + b^{{[{l}]}}_c"))
    window_col, filter_col, products_col = st.columns(3)
    window_col.markdown(f"**Window of A[{l - 1}]** (example {i})")
    _channels(window_col, window)
    filter_col.markdown(f"**Filter W[{l}][:, :, :, {c}]**")
    _channels(filter_col, W_c)
    products_col.markdown("**Products** (entry by entry)")
    _channels(products_col, products)
    with st.container(key="inspector-conv-sum"):
        st.latex(_sum_latex(l, products, bias, z))
        if bias is None:
            st.caption("Batch norm: no b; γ and β shift Z after it is normalized.")
    a, g = float(layer.A[i - 1, h - 1, w - 1, c - 1]), float(layer.G[i - 1, h - 1, w - 1, c - 1])
    dropped = "" if layer.mask is None else (
        rf" \cdot \text{{mask}} = {latex_number(a, DIGITS)}")
    st.latex(rf"a^{{[{l}]}}_{{i,h,w,c}} = {_g(layer)}(z) = {latex_number(g, DIGITS)}{dropped}")


def _conv_backward(layer, l: int, i: int, h: int, w: int, c: int, lambd: float) -> None:
    """dZ at the position, dW[:, :, :, c] as the sum over positions, db[c]."""
    if layer.dZ is None:
        return
    m, n_H, n_W, _ = layer.Z.shape
    dz = float(layer.dZ[i - 1, h - 1, w - 1, c - 1])
    st.markdown("**Backward**")
    if layer.dA is not None:
        da = float(layer.dA[i - 1, h - 1, w - 1, c - 1])
        st.latex(rf"dz^{{[{l}]}}_{{i,h,w,c}} = da \cdot {_g(layer)}'(z) = "
                 rf"({latex_number(da, DIGITS)}) \cdot {_g(layer)}'(z) = "
                 rf"{latex_number(dz, DIGITS)}")
    else:
        st.latex(rf"dz^{{[{l}]}} = {latex_number(dz, DIGITS)}")
    dZ_c = layer.dZ[..., c - 1].reshape(-1)
    summed = (layer.columns.T @ dZ_c).reshape(layer.W.shape[:3]) / m
    if lambd:
        summed = summed + lambd / m * layer.W[:, :, :, c - 1]
    here = _window(layer, i, h, w) * dz / m
    l2 = rf" + \frac{{\lambda}}{{m}} W^{{[{l}]}}_{{:,:,:,c}}" if lambd else ""
    st.latex(rf"dW^{{[{l}]}}_{{:,:,:,c}} = \frac{{1}}{{m}} \sum_{{i,h,w}} "
             rf"A^{{[{l - 1}]}}_{{\text{{window}}(i,h,w)}} \, dZ^{{[{l}]}}_{{i,h,w,c}}{l2}"
             rf"\quad (m \cdot n_H \cdot n_W = {m} \cdot {n_H} \cdot {n_W} = {m * n_H * n_W}"
             r"\text{ positions})")
    term, total, engine_col = st.columns(3)
    term.caption(f"This position's term: window · dz / m (example {i}, ({h}, {w}))")
    _channels(term, here)
    total.caption("The sum over every position (recomputed here)")
    _channels(total, summed)
    engine_col.caption("dW[:, :, :, c] as the engine recorded it")
    _channels(engine_col, layer.dW[:, :, :, c - 1])
    if layer.db is not None:
        db = float(layer.db[0, 0, 0, c - 1])
        st.latex(rf"db^{{[{l}]}}_c = \frac{{1}}{{m}} \sum_{{i,h,w}} dZ_{{i,h,w,c}} = "
                 rf"\frac{{{latex_number(dZ_c.sum(), DIGITS)}}}{{{m}}} = "
                 rf"{latex_number(db, DIGITS)}")


def _pool(layer, l: int, i: int, h: int, w: int, c: int, spec_layer: dict) -> None:
    """A pool layer: its window of A_prev, the max or mean taken, and where dA goes back."""
    (f_H, f_W), (s_H, s_W) = spec_layer["size"], spec_layer["stride"]
    top, left = (h - 1) * s_H, (w - 1) * s_W
    window = layer.A_prev[i - 1, top:top + f_H, left:left + f_W, c - 1]
    z = float(layer.Z[i - 1, h - 1, w - 1, c - 1])
    mode = spec_layer["mode"]
    st.latex(rf"A^{{[{l}]}}_{{i,h,w,c}} = \{mode if mode == 'max' else 'text{mean}'}"
             rf"\; A^{{[{l - 1}]}}_{{\text{{window}}(h,w),c}} \quad \text{{(no parameters)}}")
    st.latex(matrix_latex(window, rf"A^{{[{l - 1}]}}_{{\text{{window}}}}", max_rows=7,
                          max_cols=7))
    with st.container(key="inspector-pool-value"):
        st.latex(rf"a^{{[{l}]}} = {latex_number(z, DIGITS)}")
    if layer.dA is None:
        return
    da = float(layer.dA[i - 1, h - 1, w - 1, c - 1])
    if mode == "max":
        k = int(layer.argmax[i - 1, h - 1, w - 1, c - 1])
        where = f"all of it to the window's maximum, entry ({k // f_W + 1}, {k % f_W + 1})"
    else:
        where = f"spread evenly: {da / (f_H * f_W):.4g} to each entry"
    st.markdown(f"**Backward**: dA[{l}] here is {da:.4g}; it goes back to "
                f"A[{l - 1}] {where} (added up where windows overlap).")


def render(record, l: int, spec: dict, beside) -> None:
    """The inspector's page for conv or pool layer l of the latest step's record (its picks
    in `beside`, the place next to the layer menu)."""
    layer, spec_layer = record.layers[l - 1], spec["layers"][l - 1]
    m = layer.Z.shape[0]
    i, h, w, c = _position(layer, m, beside)
    st.markdown(f"Step **{record.step}** (epoch {record.epoch}) · mini-batch of **m = {m}** · "
                f"A[{l - 1}] is {layer.A_prev.shape}, Z[{l}] is {layer.Z.shape} (m, n_H, n_W, "
                f"n_C). Position (h, w) = ({h}, {w}), channel c = {c} (counted from 1).")
    if spec_layer.get("type") == "pool":
        _pool(layer, l, i, h, w, c, spec_layer)
        return
    st.caption(f"W[{l}] is {layer.W.shape} (f_H, f_W, n_C_prev, n_C), b[{l}] is (1, 1, 1, "
               f"{layer.W.shape[3]}); the window includes padding's zeros. W and b are the "
               "values this step used.")
    _conv_forward(layer, l, i, h, w, c)
    _conv_backward(layer, l, i, h, w, c, spec["l2"])
