"""The Boltzmann machines page: a restricted Boltzmann machine (engine/rbm.py) trained live on
binary images by contrastive divergence, drawn as it learns: each hidden unit's filter, inputs
beside their reconstructions, Gibbs chains sampling from the model, the metrics over epochs,
and the inspector on one example's positive and negative phase. "Use in playground" stacks two
RBMs into a deep belief network and opens it, unrolled, in the playground.

Built like the GAN lab (playground/panels/gan_lab.py): controls on the left (a change starts
the RBM over), Play trains in this script run with playground/running/lab_play.py (in turns with
everyone else playing; everything that steps or draws the RBM holds the lab's lock, since a
click's run starts while the playing one may still be in its turn). A link may carry
the set-up (playground/labs/rbm_setup.py's LINK_KEYS); a bad one is one message, and the defaults.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground import navigation
from playground.charts import rbm as charts
from playground.labs import rbm_lessons, rbm_setup
from playground.labs.rbm_setup import RbmChoices
from playground.running import lab_play
from playground.saving import loading
from playground.session.state import current, shielded

_KEY = "rbm-lab"  # st.session_state: lab_play.new_lab() with _model()'s fields
CHAINS = 10
CHAIN_STEPS_PER_FRAME = 1  # the chains' animation: one Gibbs step a frame
STYLE = ("<style>.rbm-row {display:flex; flex-wrap:wrap; gap:18px; align-items:flex-start}"
         ".rbm-row figure {margin:0} .rbm-row figcaption, .rbm-cell span, .rbm-strip span "
         "{font-size:0.8rem; color:#555; display:block; margin-bottom:2px}"
         ".rbm-metrics {display:flex; flex-direction:column; gap:4px; flex:1 1 360px;"
         " max-width:440px} .rbm-metrics svg {width:100%; height:auto}"
         ".rbm-status {margin-bottom:6px}"
         ".rbm-inspector {display:flex; flex-wrap:wrap; gap:18px; margin-top:8px}"
         ".rbm-phase {display:flex; flex-direction:column; gap:4px}"
         ".rbm-picture {max-width:100%; height:auto}"
         ".st-key-rbm-play[data-stale='true'], .st-key-rbm-pause[data-stale='true'] "
         "{display:none}</style>")
CAPTION = ("A restricted Boltzmann machine: binary pixels v and binary hidden units h, "
           "p(h = 1 | v) = σ(W v + c), p(v = 1 | h) = σ(Wᵀ h + b). Contrastive divergence "
           "raises the data's statistics p(h|v₀) v₀ᵀ and lowers those of the model's own "
           "Gibbs chain p(h|v_k) v_kᵀ: dW = negative − positive.")
WIDGETS = {"data": "rbm-data", "hidden": "rbm-hidden", "k": "rbm-k", "mode": "rbm-mode",
           "learning_rate": "rbm-rate", "momentum": "rbm-momentum",
           "weight_decay": "rbm-decay", "batch_size": "rbm-batch", "seed": "rbm-seed"}


def _set_up(number: int) -> None:
    """A lesson button's callback: its set-up into the widgets (the RBM then starts over)."""
    lesson = rbm_lessons.LESSONS[number]
    for field, key in WIDGETS.items():
        st.session_state[key] = getattr(lesson.choices, field)
    st.session_state["rbm-lesson"] = number
    lab = st.session_state.get(_KEY)
    if lab is not None:
        lab["playing"] = False


def _link_choices() -> RbmChoices | None:
    """The set-up of the link this page was opened with (once a session): its values into
    the widgets, or one message and the defaults."""
    if "rbm-link-read" in st.session_state:
        return None
    st.session_state["rbm-link-read"] = True
    try:
        choices = rbm_setup.from_link(st.query_params.to_dict())
    except ValueError as problem:
        st.session_state["rbm-link-error"] = str(problem)
        return None
    for field, key in WIDGETS.items():
        st.session_state[key] = getattr(choices, field)
    return choices


def _controls() -> RbmChoices:
    _link_choices()
    for field, key in WIDGETS.items():
        st.session_state.setdefault(key, getattr(RbmChoices(), field))
    setup = rbm_setup
    data = st.selectbox("Data", list(setup.DATA_LABELS), format_func=setup.DATA_LABELS.get,
                        key="rbm-data")
    hidden_column, k_column = st.columns(2)
    hidden = hidden_column.number_input("Hidden units", 1, setup.PAGE_MAX_HIDDEN,
                                        key="rbm-hidden")
    k = k_column.number_input("k: Gibbs steps", 1, 50, key="rbm-k",
                              help="Steps of the chain in the negative phase (CD-k)")
    mode = st.radio("Training", list(setup.MODES), format_func=setup.MODES.get, key="rbm-mode")
    rate = st.select_slider("Learning rate α", setup.LEARNING_RATES, key="rbm-rate",
                            format_func=lambda r: f"{r:g}")
    momentum_column, decay_column = st.columns(2)
    momentum = momentum_column.selectbox("Momentum μ", setup.MOMENTA, key="rbm-momentum")
    decay = decay_column.selectbox("Weight decay λ", setup.WEIGHT_DECAYS, key="rbm-decay",
                                   format_func=lambda d: f"{d:g}")
    batch_column, seed_column = st.columns(2)
    batch = batch_column.selectbox("Batch size", setup.BATCH_SIZES, key="rbm-batch")
    seed = seed_column.number_input("Seed", 0, setup.MAX_SEED, key="rbm-seed")
    return RbmChoices(data, int(hidden), int(k), mode, float(rate), float(momentum),
                      float(decay), int(batch), int(seed))


def _model(choices: RbmChoices) -> dict:
    """A fresh RBM for `choices`, its data and its Gibbs chains (ValueError: refused)."""
    rbm = rbm_setup.build(choices)
    data = rbm_setup.data_of(choices)
    rng = np.random.default_rng([choices.seed, 2911])
    chain = (rng.random((rbm.n_visible, CHAINS)) < 0.5).astype(np.float64)
    return {"choices": choices, "rbm": rbm, "data": data, "chain": chain, "chain_p": chain,
            "chain_steps": 0, "chain_rng": rng, "example": 0}


def _new_lab(choices: RbmChoices, playing: bool = False) -> dict:
    return lab_play.new_lab(playing=playing, **_model(choices))


def _lab(choices: RbmChoices) -> dict | None:
    lab = st.session_state.get(_KEY)
    if lab is not None:
        lab_play.take_over(lab)
        if lab["choices"] == choices:
            return lab
    try:
        fresh = _model(choices)
    except ValueError as problem:
        st.error(f"{problem}" + (" The RBM keeps its last set-up." if lab else ""))
        return lab
    if lab is None:
        lab = st.session_state[_KEY] = lab_play.new_lab(**fresh)
        lab_play.take_over(lab)
    else:
        with lab["lock"]:  # the same lab, so an older run playing the old RBM sees it replaced
            lab.update(fresh, notice=True)
    st.session_state["rbm-example"] = 1  # drawn after this: the inspector's example resets
    return lab


def _advance_chains(lab: dict, steps: int = CHAIN_STEPS_PER_FRAME) -> None:
    lab["chain"], lab["chain_p"] = lab["rbm"].gibbs(lab["chain"], steps, lab["chain_rng"])
    lab["chain_steps"] += steps


def _buttons(lab: dict) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    if lab["playing"]:
        if row.button("Pause", key="rbm-pause", icon=":material/pause:"):
            lab["playing"] = False
            st.rerun()
    elif row.button("Play", key="rbm-play", type="primary", icon=":material/play_arrow:"):
        lab["playing"] = True
        st.rerun()
    if row.button("Step", key="rbm-step", icon=":material/skip_next:",
                  disabled=lab["playing"]):
        with lab["lock"]:  # after the step an older playing run may still be inside
            lab["rbm"].train(lab["data"].X, 1)
            _advance_chains(lab)
    if row.button("Epoch", key="rbm-epoch", icon=":material/fast_forward:",
                  disabled=lab["playing"]):
        with lab["lock"]:
            lab["rbm"].epoch(lab["data"].X)
            _advance_chains(lab)
    if row.button("Reset", key="rbm-reset", icon=":material/restart_alt:"):
        fresh = _model(lab["choices"])
        with lab["lock"]:
            lab.update(fresh, playing=False)
        st.session_state.pop("rbm-example", None)
        st.rerun()


def status_line(lab: dict) -> str:
    rbm = lab["rbm"]
    parts = [f"epoch {rbm.epochs_done:,}", f"update {rbm.steps_done:,}"]
    _, pl = rbm.history.series("pseudo_likelihood")
    if len(pl):
        parts.append(f"pseudo-likelihood {pl[-1]:.2f}")
    _, error = rbm.history.series("reconstruction_error")
    if len(error):
        parts.append(f"reconstruction error {error[-1]:.4f}")
    if lab["playing"]:
        parts.append("training…")
    return "<div class='rbm-status'>" + " · ".join(parts) + "</div>"


def frame_html(lab: dict) -> str:
    """One frame: status, filters beside the metrics, reconstructions and chain samples, and
    the inspector on one example of the last update."""
    rbm, data = lab["rbm"], lab["data"]
    shape = data.image_shape
    parts = ["<div class='rbm-frame'>", status_line(lab),
             "<div class='rbm-row'>", charts.filters_html(rbm, shape),
             charts.metrics_svg(rbm), "</div>",
             "<div class='rbm-row'>", charts.reconstructions_html(rbm, data.X, shape),
             charts.samples_html(lab["chain_p"], shape, lab["chain_steps"]), "</div>"]
    record = rbm.latest
    if record is not None:
        parts += ["<div class='rbm-inspect-title'><b>Inspector</b>: example "
                  f"{lab['example'] % record.v0.shape[1] + 1} of the last mini-batch</div>",
                  charts.inspector_html(record, lab["example"], shape)]
    else:
        parts.append("<div class='rbm-inspect-title'>Inspector: press Step or Play; the "
                     "last update's positive and negative phase appear here.</div>")
    parts.append("</div>")
    return "".join(parts)


def _lesson_buttons() -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown("**Lessons:**")
    for number, lesson in enumerate(rbm_lessons.LESSONS):
        row.button(lesson.title, key=f"rbm-lesson-{number}", on_click=_set_up, args=(number,),
                   type="tertiary", icon=":material/school:")


def _lesson_text(lab: dict) -> None:
    number = st.session_state.get("rbm-lesson")
    if number is None:
        return
    lesson = rbm_lessons.LESSONS[number]
    if not lesson.holds_for(lab["choices"]):
        return
    st.info(f"**{lesson.title}.** {lesson.text}")
    if lesson.watch == "pretraining":
        _pretraining_demo(lab["choices"].seed)


def _pretraining_demo(seed: int) -> None:
    if not st.button(f"Run the comparison on seed {seed}", key="rbm-pretrain-run",
                     help="Pretrain, fine-tune both networks, test: a few seconds"):
        return
    with st.spinner("Pretraining two RBMs, fine-tuning two networks…"):
        run = rbm_lessons.pretraining_run(seed)
    rows = [f"| {name} | {r['train_accuracy']:.1%} | {r['test_accuracy']:.1%} | "
            f"{r['gap']:.3f} |" for name, r in run.items()]
    st.markdown("| network | train accuracy | test accuracy | test − train cost |\n"
                "|---|---|---|---|\n" + "\n".join(rows))


def _use_in_playground(lab: dict) -> None:
    choices = lab["choices"]
    with st.expander("Deep belief network: use in the playground"):
        st.caption(f"Two RBMs of {rbm_setup.DBN_HIDDEN[0]} and {rbm_setup.DBN_HIDDEN[1]} "
                   f"hidden units stacked greedily on the binarized digits "
                   f"({rbm_setup.DBN_EPOCHS} epochs each, this page's k, CD/PCD, rates and "
                   "batch), unrolled into the playground's digits network: sigmoid layers "
                   "with the RBMs' W and c, a softmax output, fine-tuned there by backprop.")
        if st.button("Use in playground", key="rbm-dbn", icon=":material/open_in_new:"):
            with st.spinner("Stacking two RBMs…"):
                rbms = rbm_setup.train_dbn(choices)
                document = rbm_setup.playground_document(rbms, seed=choices.seed)
            session = current()
            if loading.load(session, "The deep belief network", document):
                navigation.go("playground")
            st.error("The playground could not take the network; see its messages there.")


def page() -> None:
    st.html(STYLE)
    st.title("Boltzmann machines")
    st.caption(CAPTION)
    controls_column, views_column = st.columns([1, 3.2], gap="large")
    with controls_column, shielded("Boltzmann controls"):
        lab = _lab(_controls())
    if lab is None:
        return
    with views_column:
        link_error = st.session_state.pop("rbm-link-error", None)
        if link_error:
            st.error(link_error + " The page starts with its defaults.")
        _lesson_buttons()
        _buttons(lab)
        if lab.pop("notice", None):
            st.info("New set-up: the RBM starts over.")
        lab_play.paused_notice(lab)
        if lab["rbm"].latest is not None:
            st.session_state.setdefault("rbm-example", 1)
            lab["example"] = int(st.number_input(
                "Inspect example (of the mini-batch)", 1, lab["choices"].batch_size,
                key="rbm-example", width=240)) - 1
        slot = st.empty()
        with shielded("Boltzmann views"):
            with lab["lock"]:
                html = frame_html(lab)
            slot.markdown(html, unsafe_allow_html=True)
        _lesson_text(lab)
        with shielded("deep belief network"):
            _use_in_playground(lab)
    if lab["playing"]:
        with shielded("Boltzmann live views"):
            _play(lab, slot)


def _play(lab: dict, slot, *, max_frames: int | None = None) -> None:
    """Train and redraw until paused, superseded or MAX_PLAY_SECONDS (lab_play.play): the
    chains take one Gibbs step a frame."""
    rbm, X = lab["rbm"], lab["data"].X

    def train_step() -> bool:
        rbm.train(X, 1)
        return True

    lab_play.play(lab, slot, "rbm", train_step, lambda: frame_html(lab),
                  after_turn=lambda: _advance_chains(lab), max_frames=max_frames)
