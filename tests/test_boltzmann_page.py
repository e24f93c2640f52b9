"""The Boltzmann machines page: its controls turned into an engine RBM, its link read back, its
pictures (the numbers drawn are the engine's), the DBN handed to the playground, and the page
under AppTest (it opens, Step trains, hostile input gives one message)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine import dbn
from engine.rbm_data import binary_digits
from playground.charts import colors
from playground.charts import rbm as charts
from playground.labs import rbm_setup
from playground.labs.rbm_setup import RbmChoices

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "playground/pages/boltzmann.py"


# --- the set-up and its link ------------------------------------------------------------------


def test_build_makes_the_rbm_the_choices_say():
    rbm = rbm_setup.build(RbmChoices(data="bars_and_stripes", hidden=12, k=3, mode="pcd",
                                     learning_rate=0.03, momentum=0.5, weight_decay=1e-3,
                                     batch_size=5, seed=4))
    assert (rbm.n_visible, rbm.n_hidden, rbm.k, rbm.persistent) == (16, 12, 3, True)
    assert (rbm.learning_rate, rbm.momentum, rbm.weight_decay, rbm.batch_size) == (
        0.03, 0.5, 1e-3, 5)


@pytest.mark.parametrize(("params", "words"), [
    ({"k": "0"}, "k (Gibbs steps) must be a whole number from 1 to 50, got 0."),
    ({"hidden": "10000"}, "Hidden units must be a whole number from 1 to 256, got 10000."),
    ({"lr": "-0.1"}, "The learning rate must be above 0, got -0.1."),
    ({"lr": "nan"}, "The learning rate must be above 0, got nan."),
    ({"lr": "0.5"}, "The learning rate must be one of 0.001, 0.003"),
    ({"data": "<script>alert(1)</script>"}, "The data must be one of digits, bars_and_stripes"),
    ({"k": "__import__('os')"}, "k=\"__import__('os')\" is not a whole number."),
    ({"batch": "9" * 400}, "batch='99999999999999999999…' is not a whole number."),
    ({"mode": "cd", "seed": "-3"}, "The seed must be a whole number from 0 to 999,999, got -3."),
])
def test_a_hostile_link_is_one_sentence(params, words):
    with pytest.raises(ValueError) as caught:
        rbm_setup.from_link(params)
    message = str(caught.value)
    assert message.startswith("This link's set-up cannot be used: ")
    assert words in message and "\n" not in message and len(message) < 200


def test_a_link_carries_the_set_up_both_ways():
    choices = RbmChoices(data="bars_and_stripes", hidden=20, k=10, mode="pcd",
                         learning_rate=0.003, momentum=0.9, weight_decay=1e-4, batch_size=20,
                         seed=12)
    assert rbm_setup.from_link(rbm_setup.to_link(choices)) == choices
    assert rbm_setup.to_link(RbmChoices()) == {}
    assert rbm_setup.from_link({"unrelated": "x"}) == RbmChoices()


# --- pictures ---------------------------------------------------------------------------------


def _png(html: str, css_class: str) -> np.ndarray:
    match = re.search(rf"class='{css_class}' href='data:image/png;base64,([^']+)'", html)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(match.group(1)))).convert("RGB"))


@pytest.fixture(scope="module")
def trained():
    X, _ = binary_digits()
    rbm = rbm_setup.build(RbmChoices(hidden=16))
    rbm.epoch(X[:, :300])
    return rbm, X[:, :300]


def test_filters_are_the_weights_of_each_hidden_unit(trained):
    rbm, _ = trained
    picture = _png(charts.filters_html(rbm, (8, 8)), "rbm-filter-grid")
    assert picture.shape == (2 * 8 + 1, 8 * 8 + 7, 3)  # 16 filters, 8 a row, 1 px apart
    expected = charts.filter_images(rbm.W, (8, 8))
    assert np.array_equal(picture[9:17, 9 * 3:9 * 3 + 8], expected[11])  # unit 11: row 1, col 3
    # the largest |W| is an end of the scale: blue if positive, orange if negative
    j, i = np.unravel_index(np.argmax(np.abs(rbm.W)), rbm.W.shape)
    end = colors.POSITIVE if rbm.W[j, i] > 0 else colors.NEGATIVE
    assert tuple(int(v) for v in expected[j].reshape(64, 3)[i]) == end


def test_reconstructions_sit_under_their_inputs(trained):
    rbm, X = trained
    picture = _png(charts.reconstructions_html(rbm, X, (8, 8)), "rbm-reconstruction-grid")
    assert picture.shape == (17, 10 * 9 - 1, 3)
    assert np.array_equal(picture[:8, :8], charts.grey(X[:, 0].reshape(8, 8)))
    assert np.array_equal(picture[9:, :8], charts.grey(rbm.reconstruct(X[:, :1]).reshape(8, 8)))


def test_the_inspector_shows_one_examples_two_phases(trained):
    rbm, X = trained
    record = rbm.step(X[:, :10])
    html = charts.inspector_html(record, 3, (8, 8))
    assert np.array_equal(_png(html, "rbm-cell-img"), charts.grey(record.v0[:, 3].reshape(8, 8)))
    assert html.count("class='rbm-phase'") == 3
    assert "p(h | v0)" in html and "p(h | v1)" in html and "dW = negative − positive" in html


def test_the_metrics_chart_draws_the_rbms_history(trained):
    rbm, _ = trained
    svg = charts.metrics_svg(rbm)
    assert svg.count("<svg") == 2 and "Pseudo-likelihood" in svg


# --- the DBN in the playground ----------------------------------------------------------------


def test_the_dbn_opens_in_the_playground_with_the_rbms_weights():
    from playground.saving import loading
    from playground.session.state import Session

    X, _ = binary_digits()
    rbms = dbn.stack(X[:, :300], hidden=rbm_setup.DBN_HIDDEN, epochs=2, seed=1)
    session = Session()
    assert loading.load(session, "The deep belief network",
                        rbm_setup.playground_document(rbms, seed=1))
    net = session.net
    assert net.layer_sizes == [64, 64, 32, 10]
    assert net.activations == ["sigmoid", "sigmoid", "softmax"]
    assert session.values["dataset"] == "digits" and session.values["normalize"] is False
    pixels = session.dataset.X_train  # raw 0–16 pixels: normalization is off
    assert pixels.max() == 16.0
    A = net.forward_all(pixels)
    P1, P2 = rbm_setup.upward_on_pixels(rbms, pixels)
    np.testing.assert_allclose(A[1], P1, rtol=0, atol=1e-13)
    np.testing.assert_allclose(A[2], P2, rtol=0, atol=1e-13)
    # on the binarized digits (pixels 0 or 16) that is the RBMs' own upward pass exactly
    binary = 16.0 * X[:, :50]
    np.testing.assert_allclose(net.forward_all(binary)[2], dbn.upward(rbms, X[:, :50])[1],
                               rtol=0, atol=1e-13)
    session.step()  # and the playground fine-tunes it
    assert session.net.steps_done == 1


# --- the page ---------------------------------------------------------------------------------


def _status(at) -> str:
    frames = [m.value for m in at.markdown if "rbm-status" in m.value]
    assert len(frames) == 1
    return re.search(r"<div class='rbm-status'>(.*?)</div>", frames[0]).group(1)


def _open():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _linked(params: dict):
    """The page opened by a link carrying ``params`` (AppTest opens the app at the
    playground first; a browser opens /boltzmann?... straight away)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_the_page_opens_and_step_trains():
    at = _open()
    assert at.title[0].value == "Boltzmann machines"
    assert _status(at).startswith("epoch 0 · update 0")
    at.button(key="rbm-step").click().run()
    at.button(key="rbm-step").click().run()
    assert _status(at).startswith("epoch 0 · update 2") and not at.exception
    frame = next(m.value for m in at.markdown if "rbm-status" in m.value)
    assert "rbm-filter-grid" in frame and "rbm-sample-grid" in frame and "Positive phase" in frame
    at.button(key="rbm-epoch").click().run()
    assert _status(at).startswith("epoch 1 · update 180") and "pseudo-likelihood" in _status(at)
    at.number_input(key="rbm-k").set_value(3).run()  # a new set-up starts over
    assert any("starts over" in info.value for info in at.info)
    assert _status(at).startswith("epoch 0 · update 0")
    at.button(key="rbm-reset").click().run()
    assert not at.exception


@pytest.mark.parametrize(("params", "words"), [
    ({"k": "0"}, "k (Gibbs steps) must be a whole number from 1 to 50"),
    ({"hidden": "10000"}, "Hidden units must be a whole number from 1 to 256"),
    ({"lr": "-0.1"}, "The learning rate must be above 0"),
    ({"data": "<img src=x onerror=alert(1)>"}, "The data must be one of"),
])
def test_a_hostile_link_to_the_page_is_one_message(params, words):
    at = _linked(params)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and words in errors[0] and "starts with its defaults" in errors[0]
    assert _status(at).startswith("epoch 0 · update 0")  # the defaults, ready to train
    at.button(key="rbm-step").click().run()
    assert _status(at).startswith("epoch 0 · update 1") and not at.error


def test_a_good_link_sets_the_page_up():
    at = _linked(rbm_setup.to_link(RbmChoices(data="bars_and_stripes", k=5)))
    assert at.number_input(key="rbm-k").value == 5
    assert at.selectbox(key="rbm-data").value == "bars_and_stripes" and not at.error


def test_a_lesson_sets_the_page_up_and_says_what_to_watch():
    at = _open()
    at.button(key="rbm-lesson-1").click().run()
    assert not at.exception
    assert at.number_input(key="rbm-k").value == 10
    assert any("CD-1 against CD-10" in info.value for info in at.info)
    at.number_input(key="rbm-k").set_value(1).run()  # the text asks for this: it stays
    assert any("CD-1 against CD-10" in info.value for info in at.info)
    at.number_input(key="rbm-hidden").set_value(20).run()  # another set-up: it goes
    assert not any("CD-1 against CD-10" in info.value for info in at.info)


# --- the live loop ----------------------------------------------------------------------------


class _Slot:
    def __init__(self):
        self.frames: list[str] = []

    def markdown(self, html, unsafe_allow_html=False):
        self.frames.append(html)


def test_play_trains_in_turns_and_redraws_until_paused():
    import threading

    from playground.panels import boltzmann
    from tests.waiting import wait_until

    lab, slot = boltzmann._new_lab(RbmChoices(hidden=16), playing=True), _Slot()
    player = threading.Thread(target=boltzmann._play, args=(lab, slot), daemon=True)
    player.start()
    wait_until(lambda: len(slot.frames) >= 3 and lab["rbm"].steps_done >= 20,
               "the live loop drew no frames")
    lab["playing"] = False
    player.join(timeout=60)
    assert not player.is_alive()
    updates = [int(re.search(r"update ([\d,]+)", f).group(1).replace(",", ""))
               for f in slot.frames]
    assert updates == sorted(updates) and 0 < updates[-1] <= lab["rbm"].steps_done
    chains = [int(re.search(r"after ([\d,]+) steps", f).group(1).replace(",", ""))
              for f in slot.frames]
    assert chains == list(range(1, len(slot.frames) + 1))  # the chains move every frame


def test_use_in_playground_opens_the_dbn_there():
    at = _open()
    at.selectbox(key="rbm-batch").set_value(50).run()  # a quicker stack for the test
    at.button(key="rbm-dbn").click().run()
    assert not at.exception and not at.error
    assert not [m for m in at.markdown if "rbm-status" in m.value]  # the playground is drawn
    session = at.session_state["session"]  # playground.session.keys.SESSION
    assert session.net.layer_sizes == [64, 64, 32, 10]
    assert session.net.activations == ["sigmoid", "sigmoid", "softmax"]
    assert session.values["dataset"] == "digits" and session.values["normalize"] is False
