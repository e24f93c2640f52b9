"""The adversarial view on the page (AppTest): the toggle draws the FGSM arrows on the boundary,
the tab holds ε, the curve and (digits) the perturbed images, and hostile link values for the new
settings are one clear notice each, never a traceback."""

import pytest

from tests.test_app import notes, opened, session, widget

pytestmark = pytest.mark.usefixtures("short_play")
TAB = "Adversarial examples"


def markdown(at) -> str:
    return " ".join(e.value for e in at.markdown)


def test_the_toggle_draws_an_arrow_per_test_point_and_rings_the_flipped_ones():
    at = opened(dataset="gaussians", noise="20", adversarial="true", adv_epsilon="1")
    at.button(key="epoch").click().run()
    s = session(at)
    assert s.values["adversarial"] is True and s.values["adv_epsilon"] == 1.0
    page = markdown(at)
    assert "class='adv-arrows'" in page and "class='adv-flipped'" in page
    assert f"of {s.dataset.X_test.shape[1]} test points flipped" in page
    at.session_state["panel"] = TAB  # the toggle sits in the tab, beside ε
    at.run()
    widget(at, "w.adversarial").set_value(False).run()
    assert "adv-arrows" not in markdown(at)
    assert session(at).link_params().get("adversarial") is None  # back to the default


def test_the_tab_sets_epsilon_and_shows_the_curve():
    at = opened(dataset="gaussians", adversarial="true")
    at.session_state["panel"] = TAB
    at.run()
    assert "Test accuracy against ε" in markdown(at)
    widget(at, "w.adv_epsilon").set_value(2.0).run()
    s = session(at)
    assert s.values["adv_epsilon"] == 2.0 and s.link_params()["adv_epsilon"] == "2.0"
    assert "FGSM ε = 2:" in markdown(at)
    assert not at.exception and not at.error


def test_digits_show_an_image_its_perturbation_and_the_perturbed_image():
    at = opened(problem="multiclass", dataset="digits", adversarial="true", adv_epsilon="2")
    at.button(key="epoch").click().run()
    at.session_state["panel"] = TAB
    at.run()
    assert "alt='adversarial digits'" in markdown(at)
    assert not at.exception and not at.error


@pytest.mark.parametrize(("params", "notice"), [
    ({"adversarial": "maybe"},
     "Adversarial arrows: expected true/false, got 'maybe'; using False."),
    ({"adv_epsilon": "nan"},
     "ε of the adversarial step: expected a finite number, got 'nan'; using 0.3."),
    ({"adv_epsilon": "1e400"},
     "ε of the adversarial step: expected a finite number, got '1e400'; using 0.3."),
    ({"adv_epsilon": "-3"}, "ε of the adversarial step: -3 is not on the scale; using 0.01."),
    ({"adv_epsilon": "1e9", "adversarial": "1"},
     "ε of the adversarial step: 1e+09 is not on the scale; using 5."),
    ({"adv_epsilon": "<script>alert(1)</script>"},
     "ε of the adversarial step: expected a number, got '<script>alert(1)</script>'; "
     "using 0.3."),
])
def test_hostile_link_values_are_one_notice_each(params, notice):
    at = opened(**params)
    assert not at.exception
    assert session(at).notes == [notice]
    assert notice.split(":")[0] in notes(at)


def test_batch_norm_and_regression_are_told_not_broken():
    at = opened(adversarial="true", batch_norm="true")
    at.session_state["panel"] = TAB
    at.run()
    assert not at.exception
    assert any("without batch norm" in e.value for e in at.info)
    assert "without batch norm" in markdown(at)  # the boundary says it too
    at = opened(problem="regression", adversarial="true")
    assert not at.exception and not at.error
    assert TAB not in [t.label for t in at.tabs]
    assert "classification problem" in markdown(at)
