"""The GAN lab against hostile input, as the playground's own suites test it (test_links.py's
fuzzed links, test_page_fuzz.py's random student sessions): a junk link opens the page, and
random sequences of control changes (at their bounds too), hostile hidden-units text, Step,
Play, Pause, Reset, lessons and the gradient check never let an exception escape. After every
action the lab plays the set-up the controls show, or says on the page why it keeps its last.

Kept short (few examples, short sequences); the suite's derandomized profile draws the same
sequences on every run. Play's loop is capped at three frames (AppTest waits for the script).
"""

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from streamlit.testing.v1 import AppTest

from playground.labs import gan_lessons, gan_setup
from playground.labs.gan_setup import GanChoices
from playground.panels import gan_lab

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "playground/pages/gan_lab.py"

HOSTILE_TEXT = ["", " ", "32, x", "0", "129", "1,2,3,4,5", "3.5", "-4", "9" * 40,
                "<script>alert(1)</script>", "__import__('os').system('true')", "${7*7}",
                "é,ü,中文,🙂", "1e400", "nan", "4\n4", "128, 128, 128, 128", "1"]


@pytest.fixture(autouse=True)
def short_gan_play(monkeypatch):
    """Three frames per Play: AppTest waits for the script, which loops while playing."""
    monkeypatch.setattr(gan_lab, "_play", functools.partial(gan_lab._play, max_frames=3))


def _open(params=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    return at


def _status(at) -> str:
    frame = next(m.value for m in at.markdown if "gan-status" in m.value)
    return frame.split("<div class='gan-status'>")[1].split("</div>")[0]


MENUS = {"gan-real": list(gan_setup.REAL_LABELS), "gan-noise-dims": [1, 2],
         "gan-noise-kind": list(gan_setup.NOISE_LABELS),
         "gan-activation": list(gan_setup.ACTIVATIONS), "gan-g-start": list(gan_setup.G_STARTS)}
JUNK = st.one_of(st.text(max_size=40), st.sampled_from(
    ["nan", "inf", "-1e309", "<script>alert(1)</script>", "__import__('os')", "9" * 400,
     "x" * 3000, "", "[1,2]", "mixture", "minimax", "gan"]))
KEYS = st.one_of(st.sampled_from(["real", "noise", "k", "d_steps", "seed", "loss", "lesson",
                                  "dataset", "layers", "play", "view", "run"]),
                 st.text(max_size=12))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, JUNK, max_size=6))
def test_a_junk_link_to_the_gan_lab_opens_it_with_the_default_set_up(params):
    at = _open(params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "GAN lab"
    assert _status(at).startswith("G step 0 · D steps 0")


class GanStudent(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.at = _open()

    @property
    def lab(self) -> dict:
        return self.at.session_state[gan_lab._KEY]

    @rule(data=st.data(), key=st.sampled_from(sorted(MENUS)))
    def pick(self, data, key):
        self.at.selectbox(key=key).set_value(data.draw(st.sampled_from(MENUS[key]))).run()

    @rule(key=st.sampled_from(["gan-g-hidden", "gan-d-hidden"]), text=st.sampled_from(
        HOSTILE_TEXT))
    def type_hidden_units(self, key, text):
        self.at.text_input(key=key).input(text).run()

    @rule(data=st.data())
    def numbers(self, data):
        k = self.at.number_input(key="gan-k")
        seed = self.at.number_input(key="gan-seed")
        k.set_value(data.draw(st.sampled_from([1, 2, 20]))).run()
        seed.set_value(data.draw(st.sampled_from([0, 7, gan_setup.MAX_SEED]))).run()

    @rule(data=st.data())
    def rate_and_loss(self, data):
        self.at.select_slider(key="gan-rate").set_value(
            data.draw(st.sampled_from(gan_setup.LEARNING_RATES))).run()
        self.at.radio(key="gan-loss").set_value(
            data.draw(st.sampled_from(list(gan_setup.LOSS_LABELS)))).run()

    @rule(button=st.sampled_from(["gan-step", "gan-reset", "gan-play", "gan-pause",
                                  "gan-check"]))
    def press(self, button):
        try:
            control = self.at.button(key=button)
        except KeyError:  # Play and Pause: one of them is on the page
            return
        if not control.disabled:
            control.click().run()

    @rule(number=st.integers(0, len(gan_lessons.LESSONS) - 1))
    def lesson(self, number):
        self.at.button(key=f"gan-lesson-{number}").click().run()

    @invariant()
    def nothing_escaped_and_the_lab_plays_what_the_controls_say(self):
        assert not self.at.exception, [e.value for e in self.at.exception]
        lab = self.lab
        shown = GanChoices(
            self.at.selectbox(key="gan-real").value,
            int(self.at.selectbox(key="gan-noise-dims").value),
            self.at.selectbox(key="gan-noise-kind").value,
            self.at.text_input(key="gan-g-hidden").value,
            self.at.text_input(key="gan-d-hidden").value,
            self.at.selectbox(key="gan-activation").value,
            float(self.at.select_slider(key="gan-rate").value),
            int(self.at.number_input(key="gan-k").value),
            self.at.radio(key="gan-loss").value, int(self.at.number_input(key="gan-seed").value),
            self.at.selectbox(key="gan-g-start").value)
        if lab["choices"] != shown:  # a set-up that cannot be built: said, the last one kept
            with pytest.raises(ValueError):
                gan_setup.build(shown)
            assert any("keeps its last set-up" in e.value for e in self.at.error)
        gan = lab["gan"]
        assert gan.D.steps_done == gan.d_steps * gan.steps_done
        assert _status(self.at).startswith(f"G step {gan.steps_done:,}")


GanStudent.TestCase.settings = settings(
    max_examples=6, stateful_step_count=10, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
test_random_sessions_on_the_gan_lab = GanStudent.TestCase
