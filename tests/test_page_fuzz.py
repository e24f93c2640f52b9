"""Random sequences of what students do, driven through AppTest (hypothesis stateful testing):
control changes (any setting of the table, at its bounds too), hidden layers added, removed,
resized and (on images and signals) turned into conv or pool layers, steps, epochs, Play,
Reset, and uploaded files, hostile or not. After every action no exception has escaped and the
spec is valid: the settings are clean and consistent, the engine builds a network from the
spec, and it is the shape of the one training.

Kept to about half a minute (few examples, short sequences); the suite's derandomized
profile draws the same sequences on every run.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from streamlit.testing.v1 import AppTest

import engine
from playground.session import keys
from playground.session import settings as table

APP = str(Path(__file__).resolve().parent.parent / "app.py")
pytestmark = pytest.mark.usefixtures("short_play")
WIDGET_KINDS = ("select_slider", "slider", "selectbox", "toggle", "number_input", "pills")
CONTROLLED = [s for s in table.SETTINGS if s.kind != "layers"]

HOSTILE_FILES = [
    b"\x00\x01\x02binary",
    b"",
    b"a,b,label\n1,2\n3,4,5,6\n",
    b"a,b,label\n" + b"1e400,nan,1\n" * 30,
    b"label\n" + b"1\n0\n" * 30,
    b"a,b,label\n" + b"x,y,z\n" * 30,
]
GOOD_FILE = b"a,b,label\n" + b"".join(f"{i % 7},{i % 5},{int(i % 7 > 3)}\n".encode()
                                      for i in range(60))


def _value(setting, draw):
    """A value the setting's control offers: its bounds and choices, nothing else."""
    if setting.kind == "bool":
        return draw(st.booleans())
    if setting.kind in ("choice", "log-choice"):
        return draw(st.sampled_from(list(setting.choices)))
    if setting.kind == "multi":
        return draw(st.lists(st.sampled_from(list(setting.choices)), min_size=1, unique=True))
    low, high, step = setting.low, setting.high, setting.step or 1
    if setting.kind == "int":
        return draw(st.sampled_from([low, high, low + step * draw(
            st.integers(0, int((high - low) // step)))]))
    return draw(st.sampled_from([low, high, (low + high) / 2]))


class Student(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.at = AppTest.from_file(APP, default_timeout=60).run()

    @property
    def session(self):
        return self.at.session_state["session"]

    def _control(self, key):
        for kind in WIDGET_KINDS:
            try:
                return getattr(self.at, kind)(key=key)
            except KeyError:
                continue
        return None  # hidden for this problem or optimizer: nothing to change

    @rule(data=st.data(), setting=st.sampled_from(CONTROLLED))
    def change_a_control(self, data, setting):
        control = self._control(keys.widget(setting.name))
        if control is None or control.disabled:
            return
        value = _value(setting, data.draw)
        if setting.kind == "multi":
            value = [v for v in value if v in control.options] or None
        if setting.name == "dataset":
            value = data.draw(st.sampled_from(table.datasets_for(self.session.values["problem"])))
        if value is None:
            return
        try:
            control.set_value(value)
        except (ValueError, IndexError):  # a value this control does not offer right now
            return
        self.at.run()

    @rule(add=st.booleans())
    def add_or_remove_a_layer(self, add):
        button = self.at.button(key=keys.LAYERS_ADD if add else keys.LAYERS_REMOVE)
        if not button.disabled:
            button.click().run()

    @rule(data=st.data())
    def resize_a_layer(self, data):
        layers = self.session.values["layers"]
        if layers:
            index = data.draw(st.integers(0, len(layers) - 1))
            field = {"conv": "filters", "pool": "size"}.get(layers[index].get("type"), "units")
            control = self.at.number_input(key=keys.layer(index, field))
            number = data.draw(st.sampled_from([control.min, 2, control.max]))
            control.set_value(number).run()

    @rule(data=st.data())
    def retype_a_layer(self, data):
        """On images and signals: a layer becomes dense, conv or pool (as its menu allows)."""
        layers = self.session.values["layers"]
        if layers:
            index = data.draw(st.integers(0, len(layers) - 1))
            menu = self._control(keys.layer(index, "type"))
            if menu is not None:
                menu.set_value(data.draw(st.sampled_from(list(menu.options)))).run()

    @rule(button=st.sampled_from([keys.STEP, keys.EPOCH, keys.PLAY, keys.RESET]))
    def press(self, button):
        event(f"pressed {button}")
        control = self.at.button(key=button)
        if not control.disabled:
            control.click().run()

    @rule(title=st.sampled_from(["Adversarial examples", "Inspector: forward / backward values"]))
    def open_a_tab(self, title):
        """A tab's panel may draw controls of its own (the adversarial toggle and ε): open
        it, when this data has it, so change_a_control reaches them."""
        if title in [tab.label for tab in self.at.tabs]:
            self.at.session_state[keys.PANEL_TABS] = title
            self.at.run()

    @rule(data=st.sampled_from([*HOSTILE_FILES, GOOD_FILE]))
    def upload(self, data):
        """What the uploader's callback does with a file (AppTest has no file uploader)."""
        self.session.apply({"dataset": table.CSV_DATASET})
        self.session.use_csv("upload.csv", data)
        self.at.run()

    @invariant()
    def nothing_escaped_and_the_spec_is_valid(self):
        assert not self.at.exception, [e.value for e in self.at.exception]
        session = self.session
        clean, messages = table.validate(session.values)
        assert not messages, messages
        assert clean == session.values
        spec = session.spec()
        built = engine.Network.from_spec(spec)
        assert built.layer_sizes == session.net.layer_sizes
        assert session.net.layer_sizes[0] == session.dataset.n_x
        assert len(session.values["layers"]) <= table.MAX_HIDDEN_LAYERS


Student.TestCase.settings = settings(
    max_examples=12, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
test_random_student_sessions = Student.TestCase


class ImageStudent(Student):
    """The same actions on the digits with a conv net to start from (issue 18): layer types
    changed, filters and sizes at their bounds, data switched to points and back."""

    def __init__(self):
        RuleBasedStateMachine.__init__(self)
        self.at = AppTest.from_file(APP, default_timeout=60)
        for name, value in (("problem", "multiclass"), ("dataset", "digits"),
                            ("layers", "conv:4:3:1:same:relu,pool:max:2:2")):
            self.at.query_params[name] = value
        self.at.run()


ImageStudent.TestCase.settings = Student.TestCase.settings
test_random_sessions_on_images = ImageStudent.TestCase
