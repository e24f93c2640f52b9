"""The GAN lab's inspector: every number of G's or D's last step, layer by layer, in the course's
notation, with the playground inspector's formulas (playground/charts/equations.py) and its way
of printing them (playground/panels/inspector.py).

D's last step is an ordinary step of its own cross entropy on b real and b fake points (dZ[L] =
A[L] - Y). G's step has no Y: its output layer's gradient comes through D,
dZ[L] = dA[L] * g'(Z[L]) with dA[L] = m · ∂J_G/∂A[L], D's input gradient at the points G made
(`GAN.generator_gradient`). After a GAN step D is the one G's step went through (k D steps come
first), so the page recomputes dA[L] from it and the line is checked like every other.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.gan import GAN
from playground.charts.equations import Equation, LayerEquations, layer_equations, shape, sup
from playground.panels import inspector

PLAYERS = {"D": "D, the discriminator", "G": "G, the generator"}


def equations(gan: GAN, player: str, l: int) -> LayerEquations:
    """Layer l's formulas and values of `player`'s ("G" or "D") last step."""
    net = gan.G if player == "G" else gan.D
    record = net.latest
    eq = layer_equations(record, l, "binary_cross_entropy" if player == "D"
                         else "mean_squared_error", net.spec["l2"], net.spec["optimizer"]["name"])
    if player == "G" and l == len(record.layers):
        layer = record.layers[-1]
        m = layer.A.shape[1]
        eq.values["dA"] = m * gan.generator_gradient(layer.A)
        loss = ("−log D(G(z))" if gan.generator_loss == "non_saturating"
                else "log(1 − D(G(z)))")
        Zl, Al = sup("Z", l), sup("A", l)
        eq.backward[0] = Equation(
            rf"d{Zl} = d{Al} * g'({Zl}), \quad d{Al} = m\,\frac{{\partial J_G}}"
            rf"{{\partial {Al}}} \;(\text{{through }} D), \quad g'(z) = 1",
            f"{shape(layer.dZ)}, m = {m}", "dZ", lambda v: v["dA"],
            f"J_G = (1/m) Σ {loss}: dA[L] is D's input gradient at the points G made "
            "(its output is linear)")
    return eq


def render(lab: dict) -> None:
    """The inspector, paused only (while playing the numbers change every frame)."""
    if lab["playing"]:
        st.info("Pause (or press Step) to inspect the numbers of one step.")
        return
    gan = lab["gan"]
    if gan.steps_done == 0:
        st.info("Press **Step**: the inspector then shows every number of G's and D's last "
                "step, layer by layer.")
        return
    player = st.radio("Player", list(PLAYERS), format_func=PLAYERS.get, horizontal=True,
                      key="gan-inspect-player")
    net = gan.G if player == "G" else gan.D
    with lab["lock"]:
        record, L = net.latest, len(net.latest.layers)
        pick_layer, pick_example = st.columns([2, 3])
        l = pick_layer.selectbox("Layer l", list(range(1, L + 1)), key=f"gan-inspect-{player}-l",
                                 format_func=lambda k: f"{k} ({record.layers[k - 1].activation})"
                                 + (" — output" if k == L else ""))
        layer = record.layers[l - 1]
        m = layer.A_prev.shape[1]
        i = pick_example.slider("Example i of the batch", 1, m, 1, key="gan-inspect-i") \
            if m > 1 else 1
        eq = equations(gan, player, l)
    batch = ("b real points, then b of G's" if player == "D"
             else "b noise draws z")
    st.markdown(f"{player}'s step **{record.step}** · m = **{m}** ({batch}) · "
                f"α = {record.learning_rate:.3g} · J = {record.cost:.5g} · W[{l}] is "
                f"**{shape(layer.W)}**, A[{l - 1}] is {shape(layer.A_prev)}.")
    forward, backward = st.columns(2, gap="large")
    with forward:
        st.markdown("**Forward**")
        inputs = st.columns(2)
        inspector._value(inputs[0], eq, "A_prev", i, m)
        inspector._value(inputs[1], eq, "b", i, m)
        inspector._value(st, eq, "W", i, m)
        for equation in eq.forward:
            inspector._formula(st, equation)
            inspector._value(st, eq, equation.lhs, i, m)
    with backward:
        st.markdown("**Backward**")
        for equation in eq.backward:
            inspector._formula(st, equation)
            inspector._value(st, eq, equation.lhs, i, m)
    inspector._update(eq, i, m)
    with np.errstate(all="ignore"):
        st.caption(f"||dW[{l}]|| = {layer.dW_norm:.3g} · ||ΔW[{l}]|| / ||W[{l}]|| = "
                   f"{layer.update_ratio:.3g}")
