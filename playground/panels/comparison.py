"""Compare runs: 2-7 networks on the same data and seeds, trained together epoch by epoch;
their curves overlaid, their boundaries side by side and a table of final figures."""

from __future__ import annotations

import time

import streamlit as st

from playground.charts.comparison import curves_chart, small_boundary_svg
from playground.experiments.compare import GAP, MAX_RUNS, Comparison
from playground.running import turns
from playground.session import lessons, settings
from playground.session.state import current, shielded

_KEY = "comparison"  # st.session_state: {"title": str, "comparison": Comparison}
_METRIC = "compare-metric"  # the curve shown (a lesson's comparison opens on its own)
_LOG = "compare-log"  # log scale (a lesson with log_cost opens with it)
EPOCH_CHOICES = (1, 10, 20, 50, 100, 200)
METRICS = {"train_cost": "Train cost", "test_cost": "Test cost", GAP: "Test − train cost",
           "train_accuracy": "Train accuracy", "test_accuracy": "Test accuracy"}
_HIDE_STALE_BUTTONS = ("<style>.st-key-compare-train[data-stale='true'], "
                       ".st-key-compare-pause[data-stale='true'] {display: none;}</style>")
CURVE_SECONDS = 0.25  # while training: the curves, status and table about 4 times a second
BOUNDARY_SECONDS = 1.0  # the small boundaries (up to seven SVGs) once a second
# What one may vary from the playground's settings, with the values offered.
VARIABLE = {
    "learning_rate": settings.LEARNING_RATES,
    "optimizer": settings.OPTIMIZERS,
    "batch_size": settings.BATCH_SIZES,
    "init": settings.INITIALIZERS,
    "l2": settings.L2_RATES,
    "keep_prob": (1.0, 0.9, 0.8, 0.7, 0.6, 0.5),
    "batch_norm": (False, True),
    "decay": settings.DECAYS,
}


def start_lesson(lesson: lessons.Lesson) -> None:
    st.session_state[_KEY] = {
        "title": lesson.title, "epochs": lesson.epochs, "metric": lesson.metric,
        "comparison": Comparison.of(lesson.values, list(lesson.runs)),
        "target": lesson.epochs}  # a lesson's comparison trains at once: no extra click
    st.session_state[_METRIC] = lesson.metric  # the curve the lesson is about
    st.session_state[_LOG] = bool(lesson.values.get("log_cost", False))


def _label(name: str, value) -> str:
    setting = settings.BY_NAME[name]
    text = settings.as_text(setting, value)
    return f"{setting.label} = {text}"


def _builder() -> None:
    """Runs from the playground's current settings, one setting varied."""
    values = current().values
    with st.expander("New comparison from the playground's settings",
                     expanded=_KEY not in st.session_state):
        if values["dataset"] == settings.CSV_DATASET:
            st.info("Runs side by side use the generated data sets; pick one in the "
                    "playground first.")
            return
        name = st.selectbox("Vary", list(VARIABLE),
                            format_func=lambda n: settings.BY_NAME[n].label)
        offered = VARIABLE[name]
        default = [values[name]] if values[name] in offered else []
        chosen = st.multiselect(f"Values ({MAX_RUNS - 1} at most)", offered, default=default,
                                format_func=lambda v: settings.as_text(settings.BY_NAME[name], v),
                                max_selections=MAX_RUNS - 1)
        if st.button("Build the runs", disabled=len(chosen) < 2):
            try:
                compared = Comparison.of(values, [(_label(name, v), {name: v})
                                                  for v in chosen])
            except ValueError as problem:
                st.error(str(problem))
                return
            st.session_state[_KEY] = {"title": f"{settings.BY_NAME[name].label} compared",
                                      "epochs": 50, "comparison": compared}
            st.session_state[_METRIC] = "train_cost"
            st.rerun()


def page() -> None:
    st.title("Compare runs")
    st.caption("Same data, same seeds, one difference: the runs train together, epoch by "
               "epoch, live, taking turns for the server's CPU with everyone playing.")
    _builder()
    state = st.session_state.get(_KEY)
    if state is None:
        st.info("Open a lesson's comparison from the Lessons page, or build one above.")
        return
    compared: Comparison = state["comparison"]
    st.subheader(state["title"])
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    epochs = row.selectbox("Epochs", EPOCH_CHOICES, width=140, disabled=_playing(state),
                           index=EPOCH_CHOICES.index(state["epochs"])
                           if state["epochs"] in EPOCH_CHOICES else 3)
    # The button that was swapped out stays on the screen, faded ("stale"), until the script
    # run ends, and a training run lasts until the target: hide it.
    st.html(_HIDE_STALE_BUTTONS)
    button = row.empty()
    if _playing(state):
        if button.button("Pause", key="compare-pause", icon=":material/pause:"):
            state["target"] = None
            st.rerun()
    elif button.button(f"Train {epochs} epochs", type="primary", key="compare-train",
                       icon=":material/play_arrow:"):
        state["target"] = compared.epochs_done + epochs
        st.rerun()
    status = row.empty()
    metric, log = _curve_choice(compared, state)
    slots = {"status": status, "curves": st.empty(), "boundaries": st.empty(),
             "table": st.empty()}

    def draw(boundaries: bool = True) -> None:
        status.markdown(f"**{len(compared.runs)} runs**, " + (
            f"epoch {compared.epochs_done}" if compared.epochs_done else "not trained yet")
            + (" · training…" if _playing(state) else ""))
        with shielded("comparison curves"):
            slots["curves"].altair_chart(
                curves_chart(compared.curves(metric), METRICS[metric], log=log),
                width="stretch", height=440)  # title, plot, axis and legend
        if boundaries:
            with shielded("comparison boundaries"), slots["boundaries"].container():
                _boundaries(compared)
        with shielded("comparison table"):
            _table(compared, slots["table"])

    draw()
    if _playing(state):
        _train_live(state, compared, draw)


def _playing(state: dict) -> bool:
    return state.get("target") is not None


def _train_live(state: dict, compared: Comparison, draw, max_frames: int | None = None) -> None:
    """Train the runs epoch by epoch up to the target, redrawing the curves a few times a
    second, each run's epoch in one of the page's turns (playground.running.turns: six runs here and
    thirty students playing share the CPU fairly). A click (Pause, a control) ends this script run
    at its next redraw; the target reached, a full rerun shows the finished page."""
    frames = 0
    next_curves = next_boundaries = time.perf_counter()
    with turns.PLAYERS.playing(id(state)):
        while compared.epochs_done < state["target"] and not compared.all_diverged:
            compared.train_epochs(1, turn=turns.TURNS.turn)
            now = time.perf_counter()
            if now >= next_curves:
                boundaries = now >= next_boundaries
                draw(boundaries)
                frames += 1
                next_curves = time.perf_counter() + CURVE_SECONDS
                if boundaries:
                    next_boundaries = time.perf_counter() + BOUNDARY_SECONDS
            if max_frames is not None and frames >= max_frames:  # AppTest: the run must end
                return
            time.sleep(0.001)  # let a waiting click's rerun in
    state["target"] = None
    st.rerun()


def _curve_choice(compared: Comparison, state: dict) -> tuple[str, bool]:
    classification = compared.runs[0].dataset.problem != "regression"
    names = [n for n in METRICS if classification or "accuracy" not in n]
    pick, scale = st.columns([4, 1], vertical_alignment="bottom")
    if st.session_state.get(_METRIC) not in names:  # first visit, or a regression's runs
        st.session_state[_METRIC] = state.get("metric", "train_cost")
        if st.session_state[_METRIC] not in names:
            st.session_state[_METRIC] = "train_cost"
    metric = pick.segmented_control("Curve", names, format_func=METRICS.get,
                                    key=_METRIC) or "train_cost"
    log = scale.toggle("Log scale", key=_LOG, disabled="accuracy" in metric
                       or metric == GAP)
    return metric, log and "accuracy" not in metric and metric != GAP


def _boundaries(compared: Comparison) -> None:
    d = compared.runs[0].dataset
    if not d.has_boundary:
        return
    per_row = 4
    for start in range(0, len(compared.runs), per_row):
        columns = st.columns(per_row)
        for column, run in zip(columns, compared.runs[start:start + per_row], strict=False):
            # st.markdown, not st.html: st.html's sanitizer drops <svg> (see live.py).
            column.markdown(f"<div class='pg-run-boundary'>"
                            f"{small_boundary_svg(run.net, run.dataset, run.label)}</div>",
                            unsafe_allow_html=True)


def _table(compared: Comparison, slot) -> None:
    rows = []
    for row in compared.table():
        rows.append({
            "run": row["run"], "epochs": row["epochs"],
            "train cost": row["train_cost"], "test cost": row["test_cost"],
            "train accuracy": row["train_accuracy"], "test accuracy": row["test_accuracy"],
            "diverged": "yes" if row["diverged"] else "",
        })
    slot.dataframe(rows, hide_index=True, width="stretch")
