"""The Tuning lab page: where random samples land, a search set up and run in the background,
its results (table, each hyperparameter against the dev cost, parallel coordinates, caviar
and panda), coarse to fine ("Zoom in"), and "Use this" into the playground."""

from __future__ import annotations

import html
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd
import streamlit as st

import engine
from engine import search
from playground import navigation
from playground.charts import tuning as charts
from playground.experiments import search_runs, tuning
from playground.server import closed_sessions
from playground.session import keys
from playground.session.plain_text import markdown_literal
from playground.session.state import current, shielded

METHODS = {"random": "Random (the course's way)", "grid": "Grid (to compare)",
           "tpe": "TPE (what practitioners use next)"}
PANDA_FACTORS = (0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 10.0)


def page() -> None:
    st.title("Tuning lab")
    st.caption("Search hyperparameters the way the course teaches: the learning rate first, "
               "random samples on the right scale, coarse to fine. Every trial trains a short "
               "run on a dev set cut from the training data; the test set stays out of it.")
    _bounds()
    with shielded("shared study"):
        _open_shared()
    with shielded("sampling pictures"):
        _samples()
    lab = st.session_state.get(keys.TUNING_LAB)
    with shielded("search set-up"):
        _setup(lab)
    if lab is None:
        return
    _progress(lab["run"])
    _sharing(lab)
    if lab["run"].all_results:
        with shielded("results"):
            _results(lab)


def _bounds() -> None:
    st.info(
        f"**Bounds on this shared server:** at most {search.MAX_TRIALS} trials and "
        f"{search_runs.MAX_SECONDS // 60} minutes of training a search, "
        f"{search.MAX_EPOCHS:,} epochs a trial. {search_runs.MAX_RUNNING} search trains at a "
        "time for the whole class (the others wait in line, in order), in "
        f"{search_runs.N_JOBS} worker processes at low priority, so the playground stays "
        "quick for everyone. Stop ends a search between trials.",
        icon=":material/speed:")


# ---------------------------------------------------------------- before any training


def _samples() -> None:
    st.subheader("1 · Where 25 samples land, before any training")
    left, right = st.columns([3, 1])
    sampling = right.radio("Random α drawn", ["α = 10^r, r uniform in [−4, 0]",
                                             "α uniform in [0.0001, 1]"],
                           key=keys.TUNING_SAMPLING)
    space = search.SearchSpace.of(learning_rate=(1e-4, 1.0), units=(1, 16))
    grid = search.sample(space, 25, method="grid", grid_points=5)
    random = search.sample(space, 25, seed=1)
    label = "Random"
    if sampling.startswith("α uniform"):  # the mistake the notes warn about, for contrast
        uniform = np.random.default_rng(1).uniform(1e-4, 1.0, len(random))
        random = [{**p, "learning_rate": float(a)} for p, a in zip(random, uniform, strict=True)]
        label = "Uniform α"
    left.caption("A 5 × 5 grid over α and the number of hidden units tries only **5 values of "
                 "α**, the hyperparameter that matters most; 25 random points try 25. On a "
                 "linear axis, log-scale samples crowd near 0 — on the log axis each decade "
                 "gets its share. Drawn uniformly in α, 9 in 10 land in [0.1, 1].")
    st.altair_chart(charts.alpha_samples(grid, random, label), width="content")
    beta_space = search.SearchSpace.of(one_minus_beta=(1e-3, 1e-1))
    through = [search.hyperparameters(p)["beta"] for p in search.sample(beta_space, 50, seed=3)]
    uniform = np.random.default_rng(4).uniform(0.9, 0.999, len(through)).tolist()
    st.caption("β for momentum: what matters is 1/(1 − β), the number of steps averaged. "
               "Sampling 1 − β on a log scale sends half the samples to [0.99, 0.999] "
               "(orange), where a small change in β changes the average most.")
    st.altair_chart(charts.beta_samples(uniform, through), width="stretch")


# ---------------------------------------------------------------- setting a search up


def _ranges() -> dict:
    """The range controls' values (kept apart from the widgets so Zoom in can replace them)."""
    if keys.TUNING_RANGES not in st.session_state:
        st.session_state[keys.TUNING_RANGES] = {
            name: tuning.control_value(name, given)
            for name, given in tuning.DEFAULT_RANGES.items()}
        st.session_state[keys.TUNING_RANGES_VERSION] = 0
    return st.session_state[keys.TUNING_RANGES]


def _range_control(name: str, box) -> None:
    label = tuning.LABELS[name]
    ranges = _ranges()
    key = keys.tuning_range(name, st.session_state[keys.TUNING_RANGES_VERSION])
    value = ranges[name]
    if name in tuning.EXPONENT_LIMITS:
        low, high = tuning.EXPONENT_LIMITS[name]
        a, b = st.session_state.get(key, value)
        shown = (f"β from {1 - 10 ** b:.4g} to {1 - 10 ** a:.4g}" if name == "one_minus_beta"
                 else f"{10 ** a:.2g} to {10 ** b:.2g}")
        value = box.slider(f"{label}: log₁₀ range ({shown})", low, high, value=tuple(value),
                           step=tuning.EXPONENT_STEP, key=key, format="%.1f")
    elif name == "batch_power":
        value = box.select_slider(label, options=list(tuning.BATCH_POWERS), value=tuple(value),
                                  key=key, format_func=lambda k: f"{2 ** k}")
    elif name in tuning.CHOICES:
        value = box.multiselect(label, list(tuning.CHOICES[name]), default=list(value),
                                key=key, format_func=lambda v: "none"
                                if name == "decay_rate" and v == 0 else f"{v:g}")
    else:
        low, high = tuning.INT_LIMITS[name]
        value = box.slider(label, low, high, value=tuple(value), key=key)
    ranges[name] = value


# The set-up's controls and their first values. Their state is set once, here, and never
# passed as value= again, so "Open" can write a kept study's set-up into them.
FIRST_VALUES = {
    keys.TUNING_DATASET: tuning.DEFAULT_DATASET, keys.TUNING_NOISE: tuning.DEFAULT_NOISE,
    keys.TUNING_OPTIMIZER: tuning.OPTIMIZERS[0], keys.TUNING_METHOD: "random",
    keys.TUNING_TRIALS: 20, keys.TUNING_EPOCHS: 100, keys.TUNING_SEED: 0,
    keys.TUNING_GRID_POINTS: 3, keys.TUNING_KEEP: "memory", keys.TUNING_STUDY: "",
}
KEEP = {"memory": "in memory (this visit)", "file": "in a file (kept between visits)"}


def _first_values() -> None:
    for key, value in FIRST_VALUES.items():
        st.session_state.setdefault(key, value)
    for name in tuning.DEFAULT_RANGES:
        st.session_state.setdefault(keys.tuning_tuned(name), name in tuning.DEFAULT_TUNED)


def _setup(lab: dict | None) -> None:
    st.subheader("2 · A search")
    _first_values()
    running = lab is not None and not lab["run"].finished
    data, space_box = st.columns([1, 2], gap="large")
    with data:
        st.selectbox("Data set", list(tuning.DATASETS), key=keys.TUNING_DATASET,
                     format_func=lambda n: engine.DATASETS[n].title)
        st.slider("Noise (%)", 0, 50, step=5, key=keys.TUNING_NOISE)
        st.selectbox("Optimizer", tuning.OPTIMIZERS, key=keys.TUNING_OPTIMIZER,
                     help="β is momentum's (Adam's β1): it has no effect with gd or RMSprop.")
        method = st.radio("Search", list(METHODS), format_func=METHODS.get,
                          key=keys.TUNING_METHOD)
        trials, epochs = st.columns(2)
        trials.number_input("Trials", 1, search.MAX_TRIALS, key=keys.TUNING_TRIALS)
        epochs.number_input("Epochs a trial", 1, search.MAX_EPOCHS, key=keys.TUNING_EPOCHS)
        seed, points = st.columns(2)
        seed.number_input("Seed", 0, 99999, key=keys.TUNING_SEED,
                          help="The same seed gives the same trials and the same best.")
        if method == "grid":
            points.number_input("Grid points an axis", 2, 10, key=keys.TUNING_GRID_POINTS)
        _keep_controls(running)
    with space_box:
        st.markdown("**Tune** (in the notes' order of importance; the others keep the "
                    "playground's values)")
        columns = st.columns(2)
        for index, name in enumerate(tuning.DEFAULT_RANGES):
            box = columns[index % 2].container(border=True)
            if box.checkbox(f"tune {tuning.LABELS[name]}", key=keys.tuning_tuned(name)):
                _range_control(name, box)
    message = st.session_state.pop(keys.TUNING_MESSAGE, "")
    if message:
        st.error(markdown_literal(message, 1000), icon=":material/block:")
    try:
        setup = _lab_setup()
        planned = setup.config.planned_trials
        what = (f"{planned} trials" if method != "grid" else
                f"{planned} of the grid's {setup.config.space.grid_size(setup.config.grid_points)}"
                " points")
        st.caption(f"{what} × {setup.config.epochs} epochs on {setup.data.X_train.shape[1]} "
                   f"training examples; dev {setup.data.m_dev}, test {setup.m_test} (unused).")
    except (ValueError, engine.DataError) as bad:
        setup = None
        st.error(markdown_literal(f"This search cannot run: {bad}", 1000),
                 icon=":material/block:")
    if st.button("Start the search", type="primary", key=keys.TUNING_START,
                 disabled=running or setup is None, icon=":material/play_arrow:"):
        try:
            _start(setup)
        except ValueError as bad:
            st.error(markdown_literal(f"This search cannot run: {bad}", 1000),
                     icon=":material/block:")
            return
        st.rerun()


def _keep_controls(running: bool) -> None:
    keep = st.radio("Keep the study", list(KEEP), format_func=KEEP.get, key=keys.TUNING_KEEP,
                    horizontal=True)
    if keep != "file":
        return
    name, button = st.columns([2, 1], vertical_alignment="bottom")
    name.text_input("Study name", key=keys.TUNING_STUDY, max_chars=tuning.MAX_STUDY_NAME,
                    placeholder="e.g. flower-monday",
                    help="Run again under the same name to add trials to it; Open shows a "
                         "kept study's trials. Your studies are yours: the same name in "
                         "another browser is another study. Share one with its read-only "
                         "link.")
    button.button("Open", key=keys.TUNING_OPEN, on_click=_open, disabled=running)
    _own_studies()


def _lab_setup() -> tuning.LabSetup:
    state = st.session_state
    values = tuning.lab_values(current().values, state[keys.TUNING_DATASET],
                               state[keys.TUNING_NOISE])
    ranges = {name: tuning.range_of(name, given) for name, given in _ranges().items()
              if state.get(keys.tuning_tuned(name))}
    return tuning.setup(values, ranges, state[keys.TUNING_OPTIMIZER],
                        method=state[keys.TUNING_METHOD], n_trials=int(state[keys.TUNING_TRIALS]),
                        epochs=int(state[keys.TUNING_EPOCHS]), seed=int(state[keys.TUNING_SEED]),
                        grid_points=int(state.get(keys.TUNING_GRID_POINTS, 3)))


def _kept_name() -> str | None:
    """The study name when the study is kept in a file, None in memory (ValueError: no name)."""
    if st.session_state.get(keys.TUNING_KEEP) != "file":
        return None
    return tuning.study_name(st.session_state.get(keys.TUNING_STUDY, ""))


def _owner_key() -> str:
    """This browser's owner key: from its cookie, else a new one the page then sets."""
    state = st.session_state
    if keys.TUNING_OWNER not in state:
        try:
            cookie = st.context.cookies.get(tuning.OWNER_COOKIE)
        except Exception:  # no browser context (a test, a script run)
            cookie = None
        state[keys.TUNING_OWNER] = (cookie if tuning.valid_owner_key(cookie)
                                    else tuning.new_owner_key())
        if cookie != state[keys.TUNING_OWNER]:
            _keep_cookie(state[keys.TUNING_OWNER])
    return state[keys.TUNING_OWNER]


def _keep_cookie(owner_key: str) -> None:
    """The browser keeps the key for a year (only [A-Za-z0-9_-]: nothing to escape)."""
    assert tuning.valid_owner_key(owner_key)
    st.html(f"<script>document.cookie = '{tuning.OWNER_COOKIE}={owner_key}; path=/; "
            "max-age=31536000; SameSite=Strict';</script>", unsafe_allow_javascript=True)


def _own_studies() -> None:
    try:
        names = tuning.owned_names(_owner_key())
    except Exception:  # the storage is unreachable: Open says so when pressed
        return
    if names:
        st.caption("Your kept studies: " + ", ".join(markdown_literal(n, 60) for n in names))


def _stop_the_search(lab: dict) -> None:
    """A closed tab's search stops: it would hold the server's one search slot for up to
    search_runs.MAX_SECONDS for no one (playground/server/closed_sessions.py)."""
    lab["run"].stop()


closed_sessions.on_release(keys.TUNING_LAB, _stop_the_search)


def _start(setup: tuning.LabSetup) -> None:
    name = _kept_name()
    old = st.session_state.get(keys.TUNING_LAB)
    if old is not None:
        old["run"].stop()
    study = None
    if name:
        study = tuning.kept_study(_owner_key(), name, setup,
                                  st.session_state[keys.TUNING_OPTIMIZER])
    run = search_runs.SearchRun(setup.config, setup.data, study=study)
    _show(run.start(), setup, share=tuning.share_id(_owner_key(), name) if name else "")


def _show(run: search_runs.SearchRun, setup: tuning.LabSetup, share: str = "",
          read_only: bool = False) -> None:
    st.session_state[keys.TUNING_LAB] = {"run": run, "setup": setup, "share": share,
                                         "read_only": read_only}
    st.session_state[keys.TUNING_PANDA] = {}
    st.session_state.pop(keys.TUNING_TRIAL, None)


def _open() -> None:
    """Open's callback: show a kept study and put its set-up back into the controls."""
    state = st.session_state
    name = None
    try:
        name = _kept_name()
        study = tuning.open_kept(_owner_key(), name)
        recalled = tuning.recall(study)
    except KeyError:
        state[keys.TUNING_MESSAGE] = f"You have no study called {name!r} kept here yet."
        return
    except (ValueError, engine.DataError) as bad:
        state[keys.TUNING_MESSAGE] = f"That study cannot be opened: {bad}"
        return
    if recalled is None:
        state[keys.TUNING_MESSAGE] = (f"The study {name!r} was not made by the lab (no set-up "
                                      "kept with it); open it with engine.search instead.")
        return
    _fill_controls(*recalled)
    _show(search_runs.SearchRun.opened(recalled[0].config, recalled[0].data, study),
          recalled[0], share=tuning.share_id(_owner_key(), name))


def _open_shared() -> None:
    """A share link (?study=<id>) opens that study read-only, once per session."""
    share = st.query_params.get("study")
    state = st.session_state
    if not share or state.get(keys.TUNING_SHARED) == share:
        return
    state[keys.TUNING_SHARED] = share
    try:
        study = tuning.open_shared(share)
        recalled = tuning.recall(study)
    except (KeyError, ValueError, engine.DataError):
        st.warning("This share link opens no study kept here (it may have been mistyped).",
                   icon=":material/link_off:")
        return
    if recalled is None:
        return
    _fill_controls(*recalled)
    _show(search_runs.SearchRun.opened(recalled[0].config, recalled[0].data, study),
          recalled[0], read_only=True)


def _fill_controls(setup: tuning.LabSetup, optimizer: str) -> None:
    """Put a kept study's set-up back into the controls."""
    state = st.session_state
    c = setup.config
    state.update({keys.TUNING_DATASET: setup.values["dataset"],
                  keys.TUNING_NOISE: setup.values["noise"], keys.TUNING_OPTIMIZER: optimizer,
                  keys.TUNING_METHOD: c.method, keys.TUNING_TRIALS: c.n_trials,
                  keys.TUNING_EPOCHS: c.epochs, keys.TUNING_SEED: c.seed,
                  keys.TUNING_GRID_POINTS: c.grid_points})
    for dimension in tuning.DEFAULT_RANGES:
        state[keys.tuning_tuned(dimension)] = dimension in c.space.names
    _ranges().update({n: tuning.control_value(n, r) for n, r in c.space.ranges().items()})
    state[keys.TUNING_RANGES_VERSION] += 1


def _sharing(lab: dict) -> None:
    """A read-only study says so; an own kept study offers its read-only link."""
    if lab.get("read_only"):
        st.info("A shared study, read-only: its trials are its owner's. Start runs a search "
                "of your own (in memory, or kept under a name of yours).",
                icon=":material/visibility:")
    elif lab.get("share"):
        with st.popover("Share this study (read-only)", icon=":material/share:"):
            st.caption("Whoever opens this link sees the study's set-up and trials; nobody "
                       "but you can add trials to it or change it.")
            st.code(_share_link(lab["share"]), language=None, wrap_lines=True)


def _share_link(share: str) -> str:
    """This page's address with ?study=<share id> (relative when the browser did not say)."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser context
        url = ""
    parts = urlsplit(url)
    path = parts.path if parts.path.rstrip("/").endswith("tuning") else (
        parts.path.rstrip("/") + "/tuning")
    return urlunsplit((parts.scheme, parts.netloc, path, f"study={share}", ""))


# ---------------------------------------------------------------- progress


def _progress(run: search_runs.SearchRun) -> None:
    if run.finished:
        _progress_line(run)
        return

    @st.fragment(run_every=search_runs.POLL_SECONDS)
    def poll() -> None:
        if run.finished:
            st.rerun(scope="app")  # draw the results once, with the whole page
        _progress_line(run)

    poll()


def _progress_line(run: search_runs.SearchRun) -> None:
    done, planned = len(run.results), run.planned
    if run.state == "waiting":
        text = (f"Waiting for a free slot: {run.ahead} search(es) ahead of yours on this "
                "server.")
    elif run.state == "running":
        text = f"Training trial {min(done + 1, planned)} of {planned}…"
    elif run.state == "opened":
        text = (f"Kept study '{markdown_literal(tuning.display_name(run.study), 80)}': "
                f"{len(run.earlier)} trials.")
    elif run.state == "failed":
        text = f"The search stopped on an error: {markdown_literal(run.error)}"
    else:
        ended = "Stopped after" if run.state == "stopped" else "Done:"
        text = f"{ended} {done} of {planned} trials."
        if run.timed_out:
            text += f" (the {search_runs.MAX_SECONDS // 60}-minute limit of a search)"
    bar, button = st.columns([5, 1], vertical_alignment="bottom")
    bar.progress(run.progress, text=text)
    if not run.finished and button.button("Stop", key=keys.TUNING_STOP,
                                          icon=":material/stop:"):
        run.stop()


# ---------------------------------------------------------------- results


def _results(lab: dict) -> None:
    run: search_runs.SearchRun = lab["run"]
    setup: tuning.LabSetup = lab["setup"]
    space = setup.config.space
    results = run.all_results
    rows = tuning.table_rows(results, space)
    finished = [r for r in results if r.dev_cost is not None]
    st.subheader("3 · Results")
    if not finished:
        st.warning("No trial has finished without diverging yet.")
        return
    best = min(finished, key=lambda r: r.dev_cost)
    numbers = [r.number for r in results]
    if st.session_state.get(keys.TUNING_TRIAL) not in numbers:
        st.session_state[keys.TUNING_TRIAL] = best.number
    table, actions = st.columns([3, 1], gap="medium")
    _table(table, rows, space)
    with actions:
        picked = _trial_actions(run, setup, results, best)
    _result_tabs(lab, results, rows, picked, best)


def _table(where, rows: list[dict], space) -> None:
    """Every trial, best dev cost first, with the hyperparameters searched."""
    columns = ["trial", "dev cost", "dev accuracy",
               *(tuning.TABLE_COLUMNS[name] for name in space.names), "seconds"]
    if any(row["note"] for row in rows):
        columns.append("note")
    # Rows of 35 px under a 38 px header, as Streamlit draws them: no empty rows below.
    where.dataframe(pd.DataFrame(rows)[columns].sort_values("dev cost"), hide_index=True,
                    height=min(300, 38 + 35 * len(rows)), column_config={
                        "dev cost": st.column_config.NumberColumn(format="%.4f"),
                        "dev accuracy": st.column_config.NumberColumn(format="%.3f"),
                        "α": st.column_config.NumberColumn(format="%.3g"),
                        "β": st.column_config.NumberColumn(format="%.4f"),
                        "λ": st.column_config.NumberColumn(format="%.2g")})


def _trial_actions(run, setup, results, best) -> search.TrialResult:
    """The trial picker, 'Use this' and 'Zoom in'; returns the picked trial."""
    by_number = {r.number: r for r in results}
    chosen = st.selectbox("Trial", list(by_number), key=keys.TUNING_TRIAL,
                          format_func=lambda n: _trial_label(by_number[n], best))
    picked = by_number[chosen]
    st.caption(f"Best: trial #{best.number}, dev cost {best.dev_cost:.4f}.")
    if st.button("Use this", type="primary", key=keys.TUNING_USE,
                 icon=":material/open_in_new:", disabled=picked.dev_cost is None,
                 help="Open the playground with this trial's hyperparameters (and so a "
                      "link to them)."):
        tuning.use_this(current(), setup.values, picked, setup.config.seed)
        navigation.go("playground")
    if st.button("Zoom in", key=keys.TUNING_ZOOM, icon=":material/zoom_in:",
                 disabled=not run.finished,
                 help="Coarse to fine: narrow every range around the best quarter of "
                      "the trials, then search again."):
        _zoom(setup.config.space, results, setup)
    return picked


def _result_tabs(lab: dict, results, rows: list[dict], picked, best) -> None:
    """Scatter per hyperparameter, parallel coordinates, caviar and panda views."""
    run, setup = lab["run"], lab["setup"]
    scatter, parallel, caviar, panda = st.tabs(
        ["Each hyperparameter against dev cost", "Parallel coordinates",
         "Caviar: every trial's curve", "Panda: babysit one trial"])
    with scatter:
        axes = tuning.scatter_axes(setup.config.space)
        st.altair_chart(charts.cost_against(rows, axes, picked.number), width="content")
    with parallel:
        if run.finished:
            if "parallel" not in lab:  # Optuna builds it in about half a second: once a run
                lab["parallel"] = charts.parallel_coordinates(run.study, tuning.LABELS)
            st.plotly_chart(lab["parallel"], width="stretch")
        else:
            st.caption("Drawn when the search ends.")
    with caviar:
        st.caption("Many models at once, none watched: pick the best when they are done. "
                   "Red: the best trial; orange: the one picked in the table (orange wins).")
        curves = [{"trial": r.number, "epochs": r.epochs, "costs": r.dev_curve}
                  for r in results]
        st.altair_chart(charts.caviar(curves, picked.number, best.number), width="stretch",
                        height=300)
    with panda:
        _panda(picked, setup)


def _trial_label(result: search.TrialResult, best: search.TrialResult) -> str:
    cost = "diverged" if result.dev_cost is None else f"dev cost {result.dev_cost:.4f}"
    return f"#{result.number} · {cost}" + (" · best" if result is best else "")


def _zoom(space: search.SearchSpace, results: list, setup: tuning.LabSetup) -> None:
    _ranges().update(tuning.zoomed_controls(space, results))
    st.session_state[keys.TUNING_RANGES_VERSION] += 1
    try:
        _start(_lab_setup())
    except (ValueError, engine.DataError) as bad:
        st.error(f"Zoom in cannot run: {bad}")
        return
    st.rerun()


def _panda(picked: search.TrialResult, setup: tuning.LabSetup) -> None:
    st.caption("One model, watched closely: nudge its learning rate and compare the curve "
               "with the trial's own (same data, same starting weights).")
    factor = st.columns([1, 2])[0].select_slider(
        "α ×", PANDA_FACTORS, value=1.0, key=keys.TUNING_FACTOR, format_func=lambda f: f"{f:g}")
    alpha = picked.hyperparameters["learning_rate"]
    curves = [{"label": f"trial #{picked.number}: α = {alpha:.3g}", "epochs": picked.epochs,
               "costs": picked.dev_curve}]
    if factor != 1.0:
        cache = st.session_state.setdefault(keys.TUNING_PANDA, {})
        key = (picked.number, factor)
        if key not in cache:
            hp = {**picked.hyperparameters, "learning_rate": alpha * factor}
            job = search.TrialJob(picked.number, picked.params, hp, setup.data,
                                  setup.config.epochs, setup.config.seed)
            with st.spinner("Training the babysat model…"):
                cache[key] = search.run_trial(job)
        adjusted = cache[key]
        end = ("diverged" if adjusted.dev_cost is None
               else f"dev cost {adjusted.dev_cost:.4f}")
        curves.append({"label": f"α × {factor:g} = {alpha * factor:.3g} ({end})",
                       "epochs": adjusted.epochs, "costs": adjusted.dev_curve})
    st.altair_chart(charts.panda(curves), width="stretch", height=300)
    st.html(f"<span style='font-size:0.85rem;color:#555'>{html.escape(_panda_note(picked))}"
            "</span>")


def _panda_note(picked: search.TrialResult) -> str:
    hp = picked.hyperparameters
    return (f"Trial #{picked.number}: β {hp['beta']:.4f}, batch {hp['batch_size']}, "
            f"{hp['layers']} × {hp['units']} units, keep_prob {hp['keep_prob']:g}, "
            f"λ {hp['l2']:.2g}.")
