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
    """Hidden layer `index` (0-based): field is "units" or "activation"."""
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

# --- panels ---------------------------------------------------------------------------------------
PANEL_TABS = "panel"  # the open tab
INSPECTOR_LAYER = "inspector.layer"
INSPECTOR_NEURON = "inspector.neuron"
INSPECTOR_EXAMPLE = "inspector.example"
GRADIENT_CHECK_RUN = "gradient_check.run"
DRAW_LABEL = "draw.label"
DRAW_X1 = "draw.x1"
DRAW_X2 = "draw.x2"
DRAW_ADD = "draw.add"
DRAW_CLEAR = "draw.clear"
DRAW_FIGURE = "draw.figure"
DIGITS_CONFUSION = "digits.confusion"

# --- sharing: the copy-link box and the classroom-link builder ----------------------------------
SHARE_LINK = "share.link"
CLASSROOM_LINK = "classroom.link"
CLASSROOM_PANELS = "classroom.panels"
CLASSROOM_PRESENT = "classroom.present"
CLASSROOM_PLAY = "classroom.play"


def lock(name: str) -> str:
    """The classroom builder's "hide this control" box of one setting."""
    return f"classroom.lock.{name}"

# --- lesson demonstrations (playground/panels/lesson_demos.py) ------------------------------
DEMO_EXAMPLE = "demo.example"
DEMO_STAGE = "demo.stage"
DEMO_PLANT = "demo.plant"
DEMO_CHECK = "demo.check"
DEMO_RESULT = "demo.result"  # (bug planted, difference) of the last check
DEMO_SURFACE = "demo.surface"
DEMO_MULTI = "demo.multi"  # (dataset, {"softmax": net, "sigmoids": net}) trained once
