"""The GAN lab page: a generator and a discriminator (engine networks) playing on 2-D points,
drawn live: D's output behind the real and generated points, the arrows that push each
generated point, both losses, D's verdict, the noise grid through G and the mode count.

The set-up's controls sit on the left; changing one starts the GAN over (a GAN trained on a
ring does not become one trained on moons). Play trains in this script run (like live.py and
the comparison page): the tab's one script thread trains and redraws one slot, in turns with
everyone else playing (playground.running.turns), until Pause, any click (a new run takes over), a
closed tab (its run is asked to stop) or MAX_PLAY_SECONDS.

Two threads reach one lab at once (a click starts its run while the playing one is still in
its turn): everything that steps, replaces or reads the GAN holds the lab's lock, and the
playing run checks between GAN steps (playground/running/lab_play.py, which both lab pages use).
"""

from __future__ import annotations

import streamlit as st

from playground.charts import gan as charts
from playground.labs import gan_checks, gan_lessons, gan_setup
from playground.labs.gan_setup import GanChoices
from playground.panels import gan_inspector
from playground.running import lab_play
from playground.session.state import shielded

_KEY = "gan-lab"  # st.session_state: new_lab()'s dict
# The plane grows with the screen (its SVG has a viewBox); the curves and the noise grid stack
# beside it, below it on a narrow screen. The button swapped out by Play/Pause stays on the
# screen, faded ("stale"), while the live run lasts: hidden.
STYLE = ("<style>.gan-row {display:flex; flex-wrap:wrap; gap:14px; align-items:flex-start}"
         ".gan-plane {flex:1 1 420px; max-width:620px} .gan-plane svg {width:100%; height:auto}"
         ".gan-side {flex:0 1 420px; display:flex; flex-direction:column; gap:6px; min-width:0}"
         ".gan-side > svg {width:100%; height:auto} .gan-status {margin-bottom:6px}"
         ".gan-grid svg {width:min(100%, 260px); height:auto}"
         ".st-key-gan-play[data-stale='true'], .st-key-gan-pause[data-stale='true'] "
         "{display:none}</style>")
CAPTION = ("G turns noise z into points; D tells real points from G's. Behind the points, D's "
           "output: blue where it says *real*, orange where it says *fake*. Each arrow is the "
           "push −∇ₓ J_G on one generated point: where D tells G to move it.")


def new_lab(choices: GanChoices, gan, playing: bool = False) -> dict:
    """The session's lab (lab_play.new_lab): its set-up and GAN, whether it plays."""
    return lab_play.new_lab(choices=choices, gan=gan, playing=playing)


take_over = lab_play.take_over


def locked_frame(lab: dict) -> str:
    """The frame drawn under the lab's lock: never half-way through a GAN step."""
    with lab["lock"]:
        return frame_html(lab)


# The widget of each GanChoices field (a lesson sets them before the widgets are drawn).
WIDGETS = {"real": "gan-real", "noise_dims": "gan-noise-dims", "noise_kind": "gan-noise-kind",
           "g_hidden": "gan-g-hidden", "d_hidden": "gan-d-hidden",
           "activation": "gan-activation", "learning_rate": "gan-rate", "d_steps": "gan-k",
           "generator_loss": "gan-loss", "seed": "gan-seed", "g_start": "gan-g-start"}


def _set_up(lesson: gan_lessons.GanLesson) -> None:
    """A lesson button's callback: its set-up into the widgets (the GAN then starts over)."""
    for field, key in WIDGETS.items():
        st.session_state[key] = getattr(lesson.choices, field)
    lab = st.session_state.get(_KEY)
    if lab is not None:
        lab["playing"] = False


def _gradient_check(lab: dict) -> None:
    """On request: backprop against two-sided differences for both players (under the lock:
    the check runs the players' forward and backward passes, whose caches a step uses)."""
    with st.expander("Gradient check: D, and G through D ∘ G"):
        if not st.button("Check both players' gradients", key="gan-check"):
            return
        with lab["lock"]:
            checks = gan_checks.gradient_checks(lab["gan"])
        for player, _difference, level, sentence in checks:
            show = {"great": st.success, "skipped": st.info}.get(level, st.warning)
            show(f"**{player}**: {sentence}")


def _lesson_buttons() -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown("**Lessons:**")
    for number, lesson in enumerate(gan_lessons.LESSONS):
        row.button(lesson.title, key=f"gan-lesson-{number}", on_click=_set_up, args=(lesson,),
                   type="tertiary", icon=":material/school:")


def _lesson_text(choices_now: GanChoices) -> None:
    """What to watch, while the lab has a lesson's set-up (under the views: they come first)."""
    lesson = gan_lessons.lesson_of(choices_now)
    if lesson is not None:
        st.info(f"**{lesson.title}.** {lesson.text}")


def _controls() -> GanChoices:
    """The set-up as the widgets give it (text still unchecked: gan_setup.build checks).
    The widgets' defaults come from session state, so a lesson can set them (a widget given
    both a default and a state value warns on the page)."""
    labels = gan_setup
    for field, key in WIDGETS.items():
        st.session_state.setdefault(key, getattr(GanChoices(), field))
    real = st.selectbox("Real data", list(labels.REAL_LABELS), format_func=labels.REAL_LABELS.get,
                        key="gan-real")
    dims_column, kind_column = st.columns(2)
    dims = dims_column.selectbox("Noise dims", (1, 2), key="gan-noise-dims")
    kind = kind_column.selectbox("Noise", list(labels.NOISE_LABELS), key="gan-noise-kind",
                                 format_func=lambda k: labels.NOISE_LABELS[k].split()[0])
    g_column, d_column = st.columns(2)
    g_hidden = g_column.text_input("G hidden units", key="gan-g-hidden", max_chars=40,
                                   help="Units per hidden layer, e.g. 32, 32")
    d_hidden = d_column.text_input("D hidden units", key="gan-d-hidden", max_chars=40,
                                   help="Units per hidden layer, e.g. 32, 32")
    act_column, start_column = st.columns(2)
    activation = act_column.selectbox("Activation (both)", labels.ACTIVATIONS,
                                      key="gan-activation")
    g_start = start_column.selectbox("G starts", list(labels.G_STARTS), key="gan-g-start",
                                     format_func=labels.G_STARTS.get,
                                     help="As a point: random weights × 0.01, so every z "
                                          "lands near one point at first")
    rate = st.select_slider("Learning rate (Adam, β₁ = 0.5, both)", labels.LEARNING_RATES,
                            format_func=lambda r: f"{r:g}", key="gan-rate")
    k_column, seed_column = st.columns(2)
    d_steps = k_column.number_input("k: D steps per G step", 1, 20, key="gan-k")
    seed = seed_column.number_input("Seed", 0, labels.MAX_SEED, key="gan-seed")
    loss = st.radio("Generator loss", list(labels.LOSS_LABELS), key="gan-loss",
                    format_func=labels.LOSS_LABELS.get)
    drawn = tuple(st.session_state.get(DRAWN, ())) if real == "drawn" else ()
    return GanChoices(real, int(dims), kind, g_hidden, d_hidden, activation, float(rate),
                      int(d_steps), loss, int(seed), g_start, drawn)


DRAWN = "gan-drawn"  # st.session_state: the drawn real points, a list of (x, y)
CLICK_GRID = 41  # invisible clickable markers per side of the drawing pad: a step of 0.15


def _add_drawn(x, y) -> None:
    """One drawn point, checked (gan_setup.drawn_point); a refused one is a message."""
    points = st.session_state.setdefault(DRAWN, [])
    try:
        point = gan_setup.drawn_point(x, y)
    except ValueError as problem:
        st.session_state["gan-draw-problem"] = str(problem)
        return
    if len(points) >= gan_setup.MAX_DRAWN:
        st.session_state["gan-draw-problem"] = f"At most {gan_setup.MAX_DRAWN} drawn points."
        return
    points.append(point)


def _clicked() -> None:
    event = st.session_state.get("gan-draw-pad") or {}
    chosen = event.get("selection", {}).get("points", [])
    if chosen:
        _add_drawn(chosen[-1].get("x"), chosen[-1].get("y"))


def _typed() -> None:
    _add_drawn(st.session_state.get("gan-draw-x"), st.session_state.get("gan-draw-y"))


def _clear_drawn() -> None:
    st.session_state[DRAWN] = []


def _draw_pad() -> None:
    """Draw the real points: click the plane (plotly's point selection on an invisible grid of
    markers, as the playground's boundary does), or type x and y. Each change is a new set-up."""
    points = st.session_state.get(DRAWN, [])
    st.markdown(f"**Draw the real points** ({len(points)} so far, at least "
                f"{gan_setup.MIN_DRAWN}): click the plane, or type a point.")
    problem = st.session_state.pop("gan-draw-problem", None)
    if problem:
        st.error(problem)
    pad, typed = st.columns([3, 2])
    with pad:
        st.plotly_chart(charts.draw_pad_figure(points, CLICK_GRID), key="gan-draw-pad",
                        on_select=_clicked, selection_mode="points", width="content",
                        config={"displayModeBar": False})
    with typed:
        x_column, y_column = st.columns(2)
        limit = gan_setup.DRAW_LIMIT
        x_column.number_input("x", -limit, limit, 0.0, 0.25, key="gan-draw-x")
        y_column.number_input("y", -limit, limit, 0.0, 0.25, key="gan-draw-y")
        st.button("Add point", key="gan-draw-add", on_click=_typed)
        st.button(f"Remove the {len(points)} drawn points", key="gan-draw-clear",
                  on_click=_clear_drawn, disabled=not points)


def _lab(choices: GanChoices) -> dict | None:
    """The session's lab, rebuilt when the set-up changed; None (with the message on the
    page) when the set-up cannot be built and there is no earlier one to keep."""
    lab = st.session_state.get(_KEY)
    if lab is not None:
        take_over(lab)
        if lab["choices"] == choices:
            return lab
    try:
        gan = gan_setup.build(choices)
    except ValueError as problem:
        st.error(f"{problem}" + (" The GAN keeps its last set-up." if lab else ""))
        return lab
    if lab is None:
        lab = st.session_state[_KEY] = new_lab(choices, gan)
        take_over(lab)
        return lab
    with lab["lock"]:  # the same lab, so an older run playing the old GAN sees it replaced
        lab.update(choices=choices, gan=gan, notice=True)
    return lab


def _buttons(lab: dict) -> None:
    gan = lab["gan"]
    row = st.container(horizontal=True, vertical_alignment="center")
    stopped = gan.divergence is not None
    if lab["playing"]:
        if row.button("Pause", key="gan-pause", icon=":material/pause:"):
            lab["playing"] = False
            st.rerun()
    elif row.button("Play", key="gan-play", type="primary", icon=":material/play_arrow:",
                    disabled=stopped):
        lab["playing"] = True
        st.rerun()
    if row.button("Step", key="gan-step", icon=":material/skip_next:",
                  disabled=stopped or lab["playing"],
                  help="k D steps, then one G step"):
        with lab["lock"]:  # after the step an older playing run may still be inside
            gan.step()
    if row.button("Reset", key="gan-reset", icon=":material/restart_alt:"):
        fresh = gan_setup.build(lab["choices"])
        with lab["lock"]:
            was_playing = lab["playing"]
            lab["gan"], lab["playing"] = fresh, False
        if was_playing:
            # the row above was drawn playing: its Pause would stay on a paused page (fast
            # Reset clicks ended there, and no Play came back)
            st.rerun()


def status_line(lab: dict, view: charts.GanView) -> str:
    gan = lab["gan"]
    parts = [f"G step {gan.steps_done:,}", f"D steps {gan.D.steps_done:,}"]
    modes = charts.modes_text(view)
    if modes:
        parts.append(f"<b class='gan-modes'>{modes}</b>")
    if lab["playing"]:
        parts.append("training…")
    return "<div class='gan-status'>" + " · ".join(parts) + "</div>"


def frame_html(lab: dict) -> str:
    """One frame: the status line, the plane, and beside it the curves and the noise grid."""
    gan = lab["gan"]
    view = charts.gan_view(gan, mixture=lab["choices"].real == "mixture")
    return ("<div class='gan-frame'>" + status_line(lab, view)
            + f"<div class='gan-row'><div class='gan-plane'>{charts.field_svg(view)}</div>"
            + f"<div class='gan-side'>{charts.losses_svg(gan)}{charts.verdict_svg(gan)}"
            + f"<div class='gan-grid'>{charts.noise_grid_svg(view)}</div></div></div></div>")


def page() -> None:
    st.html(STYLE)
    st.title("GAN lab")
    st.caption(CAPTION)
    controls_column, views_column = st.columns([1, 3.2], gap="large")
    with controls_column, shielded("GAN lab controls"):
        lab = _lab(_controls())
    if lab is None:
        return
    with views_column:
        _lesson_buttons()
        _buttons(lab)
        if lab.pop("notice", None):
            st.info("New set-up: the GAN starts over.")
        lab_play.paused_notice(lab)
        if lab["gan"].divergence is not None:
            lab["playing"] = False
            st.error(f"Training stopped: {lab['gan'].divergence}. Reset, or lower the "
                     "learning rate.")
        slot = st.empty()
        with shielded("GAN lab views"):
            slot.markdown(locked_frame(lab), unsafe_allow_html=True)
        _lesson_text(lab["choices"])
        if st.session_state.get("gan-real") == "drawn":
            with shielded("GAN lab drawing pad"):
                _draw_pad()
        with shielded("GAN lab gradient check"):
            _gradient_check(lab)
        with shielded("GAN lab inspector"), st.expander("Inspector: G's and D's last step"):
            gan_inspector.render(lab)
    if lab["playing"]:
        with shielded("GAN lab's live views"):
            _play(lab, slot)


def _play(lab: dict, slot, *, max_frames: int | None = None) -> None:
    """Train and redraw until paused, superseded, diverged or MAX_PLAY_SECONDS
    (lab_play.play; `max_frames` for a caller that needs the script to end, such as AppTest)."""
    gan = lab["gan"]
    lab_play.play(lab, slot, "gan", lambda: gan.step() is not None, lambda: frame_html(lab),
                  stopped=lambda: gan.divergence is not None, max_frames=max_frames)
