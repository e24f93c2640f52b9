"""Compare runs: 2-7 networks on the same data and seeds, trained together epoch by epoch;
their curves overlaid, their boundaries side by side and a table of final figures."""

from __future__ import annotations

import streamlit as st

from playground import lessons, settings
from playground.charts.comparison import curves_chart, small_boundary_svg
from playground.compare import MAX_RUNS, Comparison
from playground.state import current, shielded

_KEY = "comparison"  # st.session_state: {"title": str, "comparison": Comparison}
EPOCH_CHOICES = (1, 10, 20, 50, 100, 200)
METRICS = {"train_cost": "Train cost", "test_cost": "Test cost",
           "train_accuracy": "Train accuracy", "test_accuracy": "Test accuracy"}
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
        "title": lesson.title, "epochs": lesson.epochs,
        "comparison": Comparison.of(lesson.values, list(lesson.runs))}


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
            st.rerun()


def page() -> None:
    st.title("Compare runs")
    st.caption("Same data, same seeds, one difference: the runs train together, epoch by "
               "epoch, sharing the server's CPU with everyone playing.")
    _builder()
    state = st.session_state.get(_KEY)
    if state is None:
        st.info("Open a lesson's comparison from the Lessons page, or build one above.")
        return
    compared: Comparison = state["comparison"]
    st.subheader(state["title"])
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    epochs = row.selectbox("Epochs", EPOCH_CHOICES, width=140,
                           index=EPOCH_CHOICES.index(state["epochs"])
                           if state["epochs"] in EPOCH_CHOICES else 3)
    if row.button(f"Train {epochs} epochs", type="primary", key="compare-train"):
        from playground.live import TURNS

        with st.spinner("Training the runs side by side…"):
            compared.train_epochs(epochs, turn=TURNS.turn)
    done = max(run.net.epochs_done for run in compared.runs)
    row.markdown(f"**{len(compared.runs)} runs**, "
                   + (f"epoch {done}" if done else "not trained yet"))
    with shielded("comparison curves"):
        _curves(compared)
    with shielded("comparison boundaries"):
        _boundaries(compared)
    with shielded("comparison table"):
        _table(compared)


def _curves(compared: Comparison) -> None:
    classification = compared.runs[0].dataset.problem != "regression"
    names = [n for n in METRICS if classification or "accuracy" not in n]
    pick, scale = st.columns([4, 1], vertical_alignment="bottom")
    metric = pick.segmented_control("Curve", names, default="train_cost",
                                    format_func=METRICS.get, key="compare-metric") or "train_cost"
    log = scale.toggle("Log scale", key="compare-log", disabled="accuracy" in metric)
    rows = compared.curves(metric)
    st.altair_chart(curves_chart(rows, METRICS[metric], log=log and "accuracy" not in metric),
                    width="stretch", height=440)  # title, plot, axis and legend


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


def _table(compared: Comparison) -> None:
    rows = []
    for row in compared.table():
        rows.append({
            "run": row["run"], "epochs": row["epochs"],
            "train cost": row["train_cost"], "test cost": row["test_cost"],
            "train accuracy": row["train_accuracy"], "test accuracy": row["test_accuracy"],
            "diverged": "yes" if row["diverged"] else "",
        })
    st.dataframe(rows, hide_index=True, width="stretch")
