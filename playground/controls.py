"""Sidebar controls generated from the settings table.

The Session's values are the truth. Every run first copies them into the widgets' state, then
draws the widgets; a widget's on_change callback sends its new value through Session.apply,
which validates it and decides between "re-initialize" and "keep the parameters". Widgets
never pass a default of their own, so a reset, a regenerate or (later) a share link moves
them simply by changing the Session.

The sidebar is drawn from the table: one section per settings.SECTIONS entry, its rows in the
table's order; a new row appears without an edit here. A few rows have a richer control
(DRAWERS) or apply only to some data (APPLIES). A classroom link's hidden settings get no
control at all (their values still come from the link).
"""

from __future__ import annotations

import streamlit as st

import engine
from playground import layer_editor
from playground.charts import colors
from playground.charts.png import png_data_uri
from playground.charts.thumbnails import dataset_thumbnail
from playground.session import keys, settings
from playground.session.notices import INFO, WARNING
from playground.session.plain_text import markdown_literal
from playground.session.settings import Setting
from playground.session.state import DATA_CODE, Session, guarded

_key = keys.widget


def _to_widget(setting: Setting, value):
    if setting.kind == "multi":
        return list(value)
    return value


def _from_widget(setting: Setting, value):
    if setting.kind == "multi":
        return tuple(value or ())
    return value


def sync_widgets(session: Session) -> None:
    """Copy the Session's values into widget state (before any widget is drawn)."""
    state = st.session_state
    for setting in settings.SETTINGS:
        if setting.kind == "layers":
            continue
        value = _to_widget(setting, session.values[setting.name])
        if setting.name == "dataset" and session.csv_pending:
            value = settings.CSV_DATASET
        if state.get(_key(setting.name)) != value:
            state[_key(setting.name)] = value
    layer_editor.sync(session)


def _changed(session: Session, name: str) -> None:
    setting = settings.BY_NAME[name]
    value = _from_widget(setting, st.session_state[_key(name)])
    if setting.kind == "multi" and not value:
        session.notices.tell(f"{setting.label}: at least one is needed.", WARNING)
        return
    session.apply({name: value})


def _fmt(setting: Setting):
    if setting.format == "percent":
        return "%d%%"
    if setting.kind == "float":
        return "%.3f" if setting.step and setting.step < 0.01 else "%.2f"
    return None


def _choice_label(setting: Setting, value) -> str:
    if setting.name == "problem":
        return settings.PROBLEMS[value]
    if setting.name == "dataset":
        if value == settings.CSV_DATASET:
            return "Your data (CSV)"
        return settings.PAGE_DATASETS[value].title
    if setting.format == "batch":
        return "full batch" if value == 0 else str(value)
    if setting.format == "rate":
        return f"{value:g}"
    if setting.format == "speed":
        return settings.SPEEDS[value][1]
    if setting.format == "epochs":
        return "Play until Pause" if value == 0 else f"Play {value:,} epoch{'s' * (value > 1)}"
    if setting.format == "palette":
        return colors.PALETTES[value].label
    if setting.name == "decay":
        return {"none": "none", "inverse_time": "1 / (1 + rate·epoch)",
                "exponential": "base^epoch", "staircase": "staircase"}[value]
    return str(value)


def widget(session: Session, name: str, container=None, label_visibility="visible") -> None:
    """One control for one setting, of the kind its table row says."""
    setting = settings.BY_NAME[name]
    where = container or st
    common = {
        "key": _key(name), "help": setting.help or None, "on_change": guarded(_changed),
        "args": (session, name), "label_visibility": label_visibility,
        "disabled": name in session.classroom.locked,  # a challenge fixes it (Session.apply too)
    }
    if setting.kind == "bool":
        where.toggle(setting.label, **common)
    elif setting.kind in ("int", "float") and setting.name in ("seed", "data_seed"):
        where.number_input(setting.label, min_value=int(setting.low), max_value=int(setting.high),
                           step=1, **common)
    elif setting.kind in ("int", "float"):
        number = int if setting.kind == "int" else float
        where.slider(setting.label, min_value=number(setting.low),
                     max_value=number(setting.high), step=number(setting.step),
                     format=_fmt(setting), **common)
    elif setting.kind == "log-choice":
        where.select_slider(setting.label, options=list(setting.choices),
                            format_func=lambda v, s=setting: _choice_label(s, v), **common)
    elif setting.kind == "choice":
        options = list(setting.choices)
        if name == "dataset":
            options = settings.datasets_for(session.values["problem"])
        where.selectbox(setting.label, options=options,
                        format_func=lambda v, s=setting: _choice_label(s, v), **common)
    elif setting.kind == "multi":
        where.pills(setting.label, options=list(setting.choices), selection_mode="multi",
                    format_func=lambda v: engine.FEATURE_LABELS.get(v, v), **common)
    else:
        raise AssertionError(f"no widget for {setting.kind}")


# ---------------------------------------------------------------- the sidebar

THUMB_COLUMNS = 4  # thumbnails per sidebar row
# A thumbnail is about 55 px wide: the longer titles were cut to "Two …" and "Plan…" there (the
# full title is the button's tooltip).
THUMB_LABELS = {"gaussians": "Gauss", "flower": "Flower", "coffee": "Coffee",
                "blobs": "Blobs", "spiral_arms": "Arms", "gaussian_mixture": "Mixture"}


@st.cache_data(max_entries=8, show_spinner=False, persist="disk")
def _thumbnails(problem: str, palette: str, code: str = DATA_CODE) -> dict[str, str]:
    """A small picture of each data set of a problem type (default settings), as data URIs,
    in `palette` (the drawing follows colors.palette(); the cache keys on its name)."""
    pictures = {}
    for name in settings.datasets_for(problem):
        info = engine.DATASETS.get(name)
        if info is None or not info.two_d:
            continue
        raw = engine.make_dataset(name, n=200, seed=0)
        image = dataset_thumbnail(raw.points, raw.labels, raw.window or (-6, 6, -6, 6),
                                  raw.problem, len(raw.class_names))
        pictures[name] = png_data_uri(image)
    return pictures


def _pick_dataset(session: Session, name: str) -> None:
    session.apply({"dataset": name})


def thumbnails(session: Session) -> None:
    """The data sets of this problem type as pictures, as in TF Playground: a click selects
    one; the current one is framed. Each is a button with its picture as background (a
    Streamlit button holds text only), so the keyboard and screen readers reach it too."""
    chosen = session.values["dataset"]
    pictures = _thumbnails(session.values["problem"], session.values["palette"], DATA_CODE)
    rules = []
    columns = st.columns(THUMB_COLUMNS, gap="xxsmall")
    for index, (name, uri) in enumerate(pictures.items()):
        title = engine.DATASETS[name].title
        columns[index % THUMB_COLUMNS].button(
            THUMB_LABELS.get(name, title), key=keys.thumbnail(name),
            on_click=guarded(_pick_dataset), args=(session, name),
            help=f"Use the {title} data set", width="stretch")
        rules.append(f".st-key-thumb-{name} button {{background-image: url({uri});}}")
    if chosen in pictures:
        rules.append(f".st-key-thumb-{chosen} button {{border: 2px solid {colors.FOCUS_HEX};}}")
    st.html("<style>" + "".join(rules) + "</style>")


def _regenerate(session: Session) -> None:
    session.apply({"data_seed": (session.values["data_seed"] + 1) % 100000})


def _upload_key(session: Session) -> str:
    # A refused file gets a fresh, empty uploader: the old one would keep showing its name
    # while the page trains on the previous file.
    return keys.csv_upload(session.csv_rejections)


def _upload_changed(session: Session) -> None:
    upload = st.session_state.get(_upload_key(session))
    if upload is not None:
        session.use_csv(upload.name, upload.getvalue())


def _columns_changed(session: Session) -> None:
    state = st.session_state
    session.pick_csv_columns(state[keys.CSV_LABEL], state[keys.CSV_FEATURES])


def csv_controls(session: Session) -> None:
    """The uploader, then the file in use and its columns (never those of a refused file)."""
    st.file_uploader("CSV file (header line, numeric feature columns, a label column)",
                     type=["csv", "txt"], key=_upload_key(session),
                     max_upload_size=engine.csv_data.MAX_MEGABYTES,
                     on_change=guarded(_upload_changed), args=(session,))
    csv = session.csv
    if csv is None:
        return
    in_use = session.values["dataset"] == settings.CSV_DATASET
    rows = f"{csv.table.n_rows:,} rows"
    name = markdown_literal(csv.name, 80)  # the file's name: text, never Markdown
    st.caption(f"In use: **{name}** ({rows})" if in_use else
               f"**{name}** ({rows}) is not in use yet: the plot shows "
               f"{settings.PAGE_DATASETS[session.values['dataset']].title}.")
    state = st.session_state
    state[keys.CSV_LABEL] = csv.label_column
    state[keys.CSV_FEATURES] = list(csv.feature_columns)
    st.selectbox("Label column", options=list(csv.table.columns), key=keys.CSV_LABEL,
                 on_change=guarded(_columns_changed), args=(session,))
    st.multiselect("Feature columns", options=list(csv.table.feature_columns),
                   key=keys.CSV_FEATURES, on_change=guarded(_columns_changed), args=(session,),
                   max_selections=engine.csv_data.MAX_FEATURES,
                   help="Two columns give a decision boundary; more are drawn as a projection.")


def _uploaded(session: Session) -> bool:
    return session.values["dataset"] == settings.CSV_DATASET or session.csv_pending


def dataset_picker(session: Session, name: str = "dataset") -> None:
    """The menu, the thumbnails and, for "Your data (CSV)", the uploader and its columns."""
    widget(session, name)
    thumbnails(session)
    if _uploaded(session):
        csv_controls(session)


def data_seed(session: Session, name: str = "data_seed") -> None:
    seed, regenerate = st.columns([1, 1.1], vertical_alignment="bottom")
    widget(session, name, container=seed)
    regenerate.button("Regenerate", key=keys.REGENERATE, on_click=guarded(_regenerate),
                      args=(session,), help="Draw a new data set (next data seed).",
                      width="stretch")


# Rows whose control is more than one widget: drawer(session, name).
DRAWERS = {"dataset": dataset_picker, "layers": layer_editor.layers_builder, "data_seed": data_seed}


def _has_class_choices(session: Session) -> bool:
    info = settings.PAGE_DATASETS.get(session.values["dataset"])
    return info is not None and bool(info.class_choices)


def _generated(session: Session) -> bool:
    """Points drawn by a generator (not a file's rows, not the family trees' fixed facts)."""
    return not _uploaded(session) and session.values["dataset"] != settings.FAMILY_TREES


# Rows that apply only to some data, besides the table's visible_if: a file has its own
# points and noise; features are computed from a plane's (x1, x2) only; the family trees are
# 104 one-hot facts with 4 held out (no noise, size, split ratio or normalization).
APPLIES = {
    "n_classes": _has_class_choices,
    "noise": _generated,
    "n_points": _generated,
    "features": lambda session: settings.is_planar(session.values),
    "train_ratio": lambda session: session.values["dataset"] != settings.FAMILY_TREES,
    "normalize": lambda session: session.values["dataset"] != settings.FAMILY_TREES,
}


def shown(session: Session, setting: Setting) -> bool:
    """Whether this setting gets a control now (not hidden by the link, applies here)."""
    locked_editor = setting.name == "layers" and "layers" in session.classroom.locked
    return (setting.name not in session.classroom.hidden and not locked_editor
            and settings.is_visible(setting, session.values)
            and APPLIES.get(setting.name, lambda _: True)(session))


def sidebar(session: Session) -> None:
    """The settings table's sections (data, network, training), as in TF Playground."""
    sync_widgets(session)
    with st.sidebar:
        for group, title in settings.SECTIONS.items():
            rows = [s for s in settings.SETTINGS if s.group == group and shown(session, s)]
            if not rows:  # a classroom link hid the whole section
                continue
            # Display is set once, if ever: it starts folded, below the three that matter.
            with st.expander(title, expanded=group != "display"):
                for setting in rows:
                    locked = setting.name in session.classroom.locked  # one disabled widget
                    drawer = widget if locked else DRAWERS.get(setting.name, widget)
                    drawer(session, setting.name)


# ---------------------------------------------------------------- the top bar


def _play_pause(session: Session) -> None:
    if session.playing:
        session.pause()
    else:
        session.play()
    session.notices.clear(INFO)


def _step(session: Session) -> None:
    session.pause()  # a playing run stops at its step boundary; this step waits for it
    session.step()
    session.notices.clear(INFO)


def _epoch(session: Session) -> None:
    session.pause()
    session.epoch()
    session.notices.clear(INFO)


def _reset(session: Session) -> None:
    session.reset()


# View rows whose controls their own panel draws (a fifth toggle and a menu would not fit the
# toolbar's row at 1280 px): the Adversarial examples tab's.
PANEL_CONTROLS = ("adversarial", "adv_epsilon")


def toolbar(session: Session):
    """Play / pause, one step, one epoch, reset — TF Playground's transport buttons — then how
    fast Play goes and for how long. Returns the place for the message line, which shares a
    second row with the view toggles (that row keeps its height with or without a message)."""
    play, step, epoch, reset, speed, run = st.columns([1.55, 1.1, 1.2, 1.2, 1.75, 1.75],
                                                      vertical_alignment="center")
    shortcut = keys.SHORTCUTS
    play.button("Pause" if session.playing else "Play", key=keys.PLAY, type="primary",
                icon=":material/pause:" if session.playing else ":material/play_arrow:",
                on_click=guarded(_play_pause), args=(session,), width="stretch",
                disabled=session.diverged and not session.playing,
                shortcut=shortcut[keys.PLAY], help="Train continuously; the charts follow live.")
    step.button("Step", key=keys.STEP, icon=":material/skip_next:", on_click=guarded(_step),
                args=(session,), width="stretch", disabled=session.diverged,
                shortcut=shortcut[keys.STEP], help="One mini-batch: forward, backward, update.")
    epoch.button("Epoch", key=keys.EPOCH, icon=":material/fast_forward:", on_click=guarded(_epoch),
                 args=(session,), width="stretch", disabled=session.diverged,
                 shortcut=shortcut[keys.EPOCH],
                 help="Finish the current pass over the training set.")
    reset.button("Reset", key=keys.RESET, icon=":material/replay:", on_click=guarded(_reset),
                 args=(session,), width="stretch", shortcut=shortcut[keys.RESET],
                 help="Back to epoch 0 and the seed's initial parameters.")
    # The menus' own labels say what they are ("slow: 1 epoch a frame", "Play 100 epochs").
    play_rows = [s for s in settings.SETTINGS if s.group == "play" and shown(session, s)]
    for column, setting in zip((speed, run), play_rows, strict=False):
        widget(session, setting.name, container=column, label_visibility="collapsed")
    toggles = [s for s in settings.SETTINGS if s.group == "view" and shown(session, s)
               and s.name not in PANEL_CONTROLS]
    # The notes keep room for one line ("Architecture changed — the network was
    # re-initialized."); each toggle's share follows its label (style.py drops their ? icons
    # at laptop widths, where four labels were cut to "Tes…", "Disc…").
    notes, view = st.columns([4.7, 4.8], vertical_alignment="center")
    if toggles:
        with view.container(key="view-toggles"):
            widths = [len(s.label) + 6 for s in toggles]
            for column, setting in zip(st.columns(widths), toggles, strict=True):
                widget(session, setting.name, container=column)
    return notes
