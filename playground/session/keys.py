"""Every st.session_state / widget key of the page, built here and nowhere else.

A key is also a CSS class (Streamlit adds `.st-key-<key>` with dots turned into dashes), so
style.py and the browser tests find controls by these names too. Keys are plain strings; the
functions make the families (one per setting, per hidden layer, per data set...).
"""

SESSION = "session"  # the Session object (state.current)

# --- settings' controls: "w." + the setting's name --------------------------------------------
WIDGET = "w."


def widget(name: str) -> str:
    """The control of one setting of the table."""
    return WIDGET + name


def layer(index: int, field: str) -> str:
    """Hidden layer `index` (0-based): field is "type", or one of its kind's fields ("units",
    "activation"; "filters", "size", "stride", "padding"; "mode")."""
    return f"{WIDGET}layer{index}.{field}"


LAYERS_ADD = "layers.add"
LAYERS_REMOVE = "layers.remove"
REGENERATE = "data.regenerate"


def thumbnail(dataset: str) -> str:
    return f"thumb.{dataset}"


def csv_upload(rejections: int) -> str:
    """A refused file gets a fresh uploader (a new key), see controls.csv_controls."""
    return f"csv.upload.{rejections}"


CSV_LABEL = "csv.label"
CSV_FEATURES = "csv.features"

# --- the toolbar --------------------------------------------------------------------------------
PLAY = "play"
STEP = "step"
EPOCH = "epoch"
RESET = "reset"
OPEN_LESSONS = "open-lessons"
SHOW_SHORTCUTS = "show-shortcuts"
# The keyboard (issue 21): each shortcut belongs to one button (st.button's own `shortcut`).
# Streamlit reserves R and C and takes no punctuation: Reset is 0, the list of keys is H.
SHORTCUTS = {PLAY: "Space", STEP: "Right", EPOCH: "E", RESET: "0", OPEN_LESSONS: "L",
             SHOW_SHORTCUTS: "H"}

# --- panels ---------------------------------------------------------------------------------------
PANEL_TABS = "panel"  # the open tab
INSPECTOR_LAYER = "inspector.layer"
INSPECTOR_NEURON = "inspector.neuron"
INSPECTOR_EXAMPLE = "inspector.example"


def inspector_position(axis: str) -> str:
    """The inspector's pick on a conv or pool layer: axis "i", "h", "w" or "c"."""
    return f"inspector.position.{axis}"
GRADIENT_CHECK_RUN = "gradient_check.run"
DRAW_LABEL = "draw.label"
DRAW_X1 = "draw.x1"
DRAW_X2 = "draw.x2"
DRAW_ADD = "draw.add"
DRAW_CLEAR = "draw.clear"
DRAW_FIGURE = "draw.figure"
DIGITS_CONFUSION = "digits.confusion"
EXPORT_UPLOADS = "export.uploads"  # network files read so far: a fresh uploader after each
EXPORT_OUTCOME = "export.outcome"  # the notices of the last file loaded, shown by its uploader


def export_download(what: str) -> str:
    """One download button of the "Save & export" tab ("json", "python", "png", ...)."""
    return f"export.download.{what}"


def export_upload(uploads: int) -> str:
    return f"export.upload.{uploads}"


# --- sharing: the copy-link box and the classroom-link builder ----------------------------------
SHARE_LINK = "share.link"
CLASSROOM_LINK = "classroom.link"
CLASSROOM_PANELS = "classroom.panels"
CLASSROOM_PRESENT = "classroom.present"
CLASSROOM_PLAY = "classroom.play"


def lock(name: str) -> str:
    """The classroom builder's "hide this control" box of one setting."""
    return f"classroom.lock.{name}"

# --- the tuning lab (playground/panels/tuning.py) ------------------------------------------------
TUNING_LAB = "tuning.lab"  # {"run": SearchRun, "setup": LabSetup, "parallel": figure}
TUNING_PANDA = "tuning.panda"  # cached babysat curves: {(trial, factor): TrialResult}
TUNING_DATASET = "tuning.dataset"
TUNING_NOISE = "tuning.noise"
TUNING_OPTIMIZER = "tuning.optimizer"
TUNING_METHOD = "tuning.method"
TUNING_TRIALS = "tuning.trials"
TUNING_EPOCHS = "tuning.epochs"
TUNING_SEED = "tuning.seed"
TUNING_GRID_POINTS = "tuning.grid_points"
TUNING_START = "tuning.start"
TUNING_STOP = "tuning.stop"
TUNING_TRIAL = "tuning.trial"  # the trial picked for Use this / the panda
TUNING_USE = "tuning.use"
TUNING_ZOOM = "tuning.zoom"
TUNING_FACTOR = "tuning.factor"
TUNING_SAMPLING = "tuning.sampling"
TUNING_KEEP = "tuning.keep"  # the study in memory or in a file
TUNING_STUDY = "tuning.study"  # a kept study's name
TUNING_OPEN = "tuning.open"
TUNING_MESSAGE = "tuning.message"  # Open's complaint, shown on the next run
TUNING_OWNER = "tuning.owner"  # this browser's owner key of kept studies (also a cookie)
TUNING_SHARED = "tuning.shared"  # the share link's study id already opened in this session


def tuning_tuned(name: str) -> str:
    """The lab's "tune this hyperparameter" box."""
    return f"tuning.tune.{name}"


TUNING_RANGES = "tuning.ranges"  # {name: control value}: what the range controls show
TUNING_RANGES_VERSION = "tuning.ranges.version"  # bumped by Zoom in: fresh controls


def tuning_range(name: str, version: int) -> str:
    """The lab's range control of one hyperparameter. Zoom in sets new ranges by drawing new
    controls (a new version) rather than writing into the old ones' state."""
    return f"tuning.range.{version}.{name}"


# --- lesson demonstrations (playground/panels/lesson_demos.py) ------------------------------
DEMO_EXAMPLE = "demo.example"
DEMO_STAGE = "demo.stage"
DEMO_PLANT = "demo.plant"
DEMO_CHECK = "demo.check"
DEMO_RESULT = "demo.result"  # (bug planted, difference) of the last check
DEMO_SURFACE = "demo.surface"
DEMO_DOT = "demo.dot"  # the last vectorization.DotTiming
DEMO_DOT_AGAIN = "demo.dot.again"
DEMO_MULTI = "demo.multi"  # (dataset, {"softmax": net, "sigmoids": net}) trained once
DEMO_RECIRCULATION = "demo.recirculation"  # the "Train both" button
DEMO_RECIRCULATION_SEED = "demo.recirculation.seed"  # the seed of the comparison shown
