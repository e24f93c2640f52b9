"""The demonstrations some lessons show beside their text (a calculation rather than, or as
well as, a training run). The numbers come from playground/teaching/demos.py; `render` picks the
lesson's demonstration by its name (Lesson.demo)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from playground.charts.computation_graph import STAGES, graph_dot
from playground.charts.cost_surface import surfaces_figure
from playground.charts.recirculation import errors_svg
from playground.panels.gradient_check import EXAMPLES
from playground.session import keys
from playground.session.state import Session
from playground.teaching import demos, vectorization


def computation_graph(session: Session) -> None:
    net, d = session.net, session.dataset
    if net.L != 1 or net.spec["n_x"] != 2 or net.spec["loss"] != "binary_cross_entropy":
        st.info("The graph is of one neuron with two inputs: open the lesson again "
                "(no hidden layer, features x1 and x2).")
        return
    left, right = st.columns([1, 2])
    example = left.number_input("Example (column of X_train)", 0, d.m_train - 1, 0,
                                key=keys.DEMO_EXAMPLE)
    stage = right.select_slider("Step through the graph", options=range(len(STAGES)),
                                value=len(STAGES) - 1, key=keys.DEMO_STAGE,
                                format_func=lambda i: STAGES[i])
    g = demos.neuron_graph(d.X_train[:, example], net.parameters["W1"][0],
                           net.parameters["b1"].item(), d.Y_train[0, example].item())
    # Not the full width: there the graph alone would fill a 1080p screen.
    graph, note = st.columns([3, 1], vertical_alignment="center")
    graph.graphviz_chart(graph_dot(g, stage), width="stretch")
    note.caption(f"The current parameters (step {net.steps_done}) and example {example}. "
                 "Forward values in black, the derivatives dvar = ∂L/∂var in orange; a "
                 "training step then does w := w − α·dw with dw averaged over the batch.")


def softmax_stability(session: Session) -> None:
    rows = []
    for z in demos.SOFTMAX_EXAMPLES:
        rows.append({"logits z": ", ".join(f"{v:g}" for v in z),
                     "naive e^z / Σ e^z": _probabilities(demos.softmax_naive(z)),
                     "e^(z − max z) / Σ": _probabilities(demos.softmax_stable(z))})
    st.table(rows)
    st.caption("Float64 overflows above e^709.78: e^1000 = inf and inf / inf = NaN; far "
               "below, e^−1000 = 0 and 0 / 0 = NaN. Subtracting max z changes no probability "
               "(the e^−c cancels) and keeps every exponent ≤ 0.")


def _probabilities(p: np.ndarray) -> str:
    return ", ".join("NaN" if np.isnan(v) else f"{v:.4f}" for v in p)


def planted_bug(session: Session) -> None:
    net, d = session.net, session.dataset
    if not any(layer.activation == "sigmoid" for layer in net.layers[:-1]):
        st.info("The planted bug is in sigmoid's derivative: give the network a hidden "
                "sigmoid layer (or open the lesson again).")
        return
    plant = st.toggle("Plant the bug: σ'(z) = g(z), without the factor (1 − g(z))",
                      key=keys.DEMO_PLANT)
    if st.button("Run gradient check", key=keys.DEMO_CHECK, disabled=session.playing):
        X, Y = d.X_train[:, :EXAMPLES], d.Y_train[:, :EXAMPLES]
        if plant:
            with demos.planted_sigmoid_bug(net):
                difference = engine.gradient_check(net, X, Y)
        else:
            difference = engine.gradient_check(net, X, Y)
        st.session_state[keys.DEMO_RESULT] = (plant, difference)
    result = st.session_state.get(keys.DEMO_RESULT)
    if result is not None:
        planted, difference = result
        level, sentence = engine.gradient_verdict(difference)
        show = {"great": st.success, "check": st.warning}.get(level, st.error)
        show(f"Bug {'planted' if planted else 'off'}: **difference = {difference:.2e}**. "
             f"{sentence}")


@st.cache_resource(show_spinner=False)
def _surfaces():
    """The same figure for everyone (building it takes about 0.25 s: once per server)."""
    panels = []
    for loss, title in demos.SURFACE_LOSSES.items():
        ws, bs, J = demos.cost_grid(loss)
        panels.append((f"{title} + sigmoid", ws, bs, J, demos.descent_path(loss)))
    return surfaces_figure(panels), len(panels[0][4]) - 1


def cost_surface(session: Session) -> None:
    figure, steps = _surfaces()
    st.plotly_chart(figure, width="stretch", key=keys.DEMO_SURFACE,
                    config={"displayModeBar": False})
    w, b = demos.SURFACE_START
    st.caption(f"ŷ = σ(w·x + b) on {demos.SURFACE_X.shape[1]} one-dimensional points; "
               f"{steps} steps of gradient descent, α = 1, from "
               f"(w, b) = ({w:g}, {b:g}) (circle) to the cross. Darker is lower.")


def multi_label(session: Session) -> None:
    d = session.dataset
    if d.problem != "multiclass":
        st.info("Open the lesson again: it needs a multi-class data set.")
        return
    nets = _multi_nets(session)
    points = demos.probe_points(d)
    rows = []
    for name, point in points.items():
        X = d.transform(point[:, None])
        softmax = nets["softmax"].forward(X)[:, 0]
        sigmoids = nets["sigmoids"].forward(X)[:, 0]
        rows.append({"point": name,
                     "softmax": ", ".join(f"{v:.2f}" for v in softmax),
                     "Σ softmax": f"{softmax.sum():.2f}",
                     "sigmoids": ", ".join(f"{v:.2f}" for v in sigmoids),
                     "Σ sigmoids": f"{sigmoids.sum():.2f}"})
    st.table(rows)
    st.caption("Both trained 200 full-batch Adam steps from the same seed on the same data "
               "(8 tanh units, then one output per class).")


def _multi_nets(session: Session) -> dict:
    """Trained once per data set and kept in the session (200 small steps, well under 1 s)."""
    d = session.dataset
    cached = st.session_state.get(keys.DEMO_MULTI)
    if cached is None or cached[0] is not d:
        cached = (d, demos.multi_outputs(d))
        st.session_state[keys.DEMO_MULTI] = cached
    return cached[1]


def parity(session: Session) -> None:
    st.table(demos.parity_table())
    st.caption("Units and layers as built in playground/teaching/demos.py (ReLU hidden units, "
               "a linear output); \"exact\" means the engine's forward pass gives 0 or 1 "
               "exactly, the parity, for every one of the 2^N inputs. The AND/OR column is the "
               "notes' count.")


def vectorized_dot(session: Session) -> None:
    # Timed once and kept in the session: the loop costs ~0.2 s, too much for every rerun.
    if st.button("Run again", key=keys.DEMO_DOT_AGAIN, disabled=session.playing) \
            or keys.DEMO_DOT not in st.session_state:
        st.session_state[keys.DEMO_DOT] = vectorization.time_dot()
    t = st.session_state[keys.DEMO_DOT]
    st.table([{"method": "for-loop: total += a[i]·b[i]", "result": f"{t.loop:.6f}",
               "time": f"{t.loop_ms:.1f} ms"},
              {"method": "np.dot(a, b)", "result": f"{t.vectorized:.6f}",
               "time": f"{t.vectorized_ms:.2f} ms"}])
    st.markdown(f"np.dot was **{t.ratio:.0f}× faster** on this server; the results differ "
                f"by {t.relative_difference:.0e} relative (summation order only).")
    st.caption(f"Two random vectors of {vectorization.N:,} elements, each way timed once on "
               "the server running this page.")


@st.cache_resource(show_spinner=False, max_entries=4)
def _recirculation(seed: int) -> dict:
    """Both trainings of the comparison (a few seconds): once per seed and server."""
    return engine.recirculation.compare_with_backprop(seed=seed)


def recirculation(session: Session) -> None:
    seed = session.values["seed"] % 5  # the seeds the lesson's numbers were measured on
    options = engine.recirculation.COMPARE
    st.caption(f"A 64-{options['code_units']}-64 autoencoder (sigmoid code, linear output) on "
               f"{options['examples']} digits scaled to [0, 1], trained twice from the same "
               f"initial parameters (network seed {seed}): by recirculation (λ = "
               f"{options['lam']:g}) and by backpropagation, plain steps α = "
               f"{options['learning_rate']:g}, batch {options['batch_size']}, "
               f"{options['epochs']} epochs each.")
    if st.button("Train both (a few seconds)", key=keys.DEMO_RECIRCULATION,
                 disabled=session.playing):
        with st.spinner("Training both autoencoders…"):
            _recirculation(seed)
        st.session_state[keys.DEMO_RECIRCULATION_SEED] = seed
    shown = st.session_state.get(keys.DEMO_RECIRCULATION_SEED)
    if shown is None:
        return
    result = _recirculation(shown)  # cached: the run the button trained
    recirc, backprop = result["recirculation"], result["backpropagation"]
    st.html(f"<div class='pg-recirculation'>{errors_svg(recirc, backprop)}</div>")
    st.table([{"epochs": epochs, "recirculation": f"{recirc[epochs]:.3f}",
               "backpropagation": f"{backprop[epochs]:.3f}",
               "ratio": f"{recirc[epochs] / backprop[epochs]:.2f}×"}
              for epochs in (0, 10, 50, len(recirc) - 1)])


DEMOS = {
    "computation-graph": computation_graph,
    "softmax-stability": softmax_stability,
    "planted-bug": planted_bug,
    "cost-surface": cost_surface,
    "multi-label": multi_label,
    "parity": parity,
    "vectorized-dot": vectorized_dot,
    "recirculation": recirculation,
}


def render(name: str, session: Session) -> None:
    DEMOS[name](session)
