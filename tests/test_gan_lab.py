"""The GAN lab: its controls turned into an engine GAN, its chart builders (the numbers drawn
are the engine's), and the page under AppTest (it opens, Step trains, bad input gives a
message)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.gan_data import MIXTURE_CENTRES, modes_covered
from playground.charts import colors
from playground.charts import gan as charts
from playground.labs import gan_setup
from playground.labs.gan_setup import GanChoices

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "playground/pages/gan_lab.py"


# --- the set-up -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, units", [("32, 32", (32, 32)), ("8", (8,)), (" 4 5,6 ", (4, 5, 6)),
                                         ("1,128", (1, 128))])
def test_hidden_units_read_as_typed(text, units):
    assert gan_setup.hidden_units(text, "generator") == units


@pytest.mark.parametrize("text, words", [("", "at least one"), ("32, x", "'x' is not"),
                                         ("0", "from 1 to 128"), ("129", "from 1 to 128"),
                                         ("1,2,3,4,5", "at most 4"), ("3.5", "'3.5' is not"),
                                         ("__import__('os')", "is not"), ("-4", "is not")])
def test_bad_hidden_units_say_what_to_type(text, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        gan_setup.hidden_units(text, "discriminator")


def test_build_makes_the_players_the_choices_say():
    gan = gan_setup.build(GanChoices(real="moons", noise_dims=1, noise_kind="uniform",
                                     g_hidden="16", d_hidden="8, 8", activation="relu",
                                     learning_rate=3e-4, d_steps=3, generator_loss="minimax",
                                     seed=7, g_start="point"))
    assert np.abs(gan.G.parameters["W1"]).max() < 0.05  # tiny random weights: G starts as a point
    assert gan.G.layer_sizes == [1, 16, 2] and gan.D.layer_sizes == [2, 8, 8, 1]
    assert gan.G.activations == ["relu", "linear"]
    assert (gan.d_steps, gan.generator_loss, gan.noise_kind) == (3, "minimax", "uniform")
    assert gan.real.shape == (2, gan_setup.REAL_POINTS)
    gan.step()
    assert (gan.D.steps_done, gan.G.steps_done) == (3, 1)


@pytest.mark.parametrize("change", [{"real": "spiral"}, {"activation": "softmax"},
                                    {"learning_rate": 0.5}, {"d_steps": 0}, {"seed": -1},
                                    {"g_hidden": "big"}, {"noise_kind": "pink"},
                                    {"g_start": "zeros"}])
def test_build_refuses_bad_choices_with_a_value_error(change):
    with pytest.raises(ValueError):
        gan_setup.build(GanChoices(**change))


# --- the chart builders -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained():
    gan = gan_setup.build(GanChoices(g_hidden="16, 16", d_hidden="16, 16"))
    gan.run(60)
    return gan, charts.gan_view(gan, mixture=True)


def test_the_view_holds_the_engines_numbers(trained):
    gan, view = trained
    np.testing.assert_array_equal(view.fake, gan.sample(charts.FAKE_SHOWN))
    np.testing.assert_array_equal(view.push, gan.push(view.fake[:, :charts.ARROWS]))
    heat = gan.D.predict(charts.heat_grid())[0].reshape(charts.HEAT_CELLS, charts.HEAT_CELLS)
    np.testing.assert_array_equal(view.heat, heat)
    assert view.modes_covered == modes_covered(view.fake)
    # the heat grid's first row is the top of the plane, its first column the left
    grid = charts.heat_grid(4)
    assert grid[:, 0].tolist() == [-2.25, 2.25] and grid[:, -1].tolist() == [2.25, -2.25]


def _circles(svg: str, css_class: str) -> np.ndarray:
    group = re.search(rf"<g class='{css_class}'[^>]*>(.*?)</g>", svg).group(1)
    return np.array([[float(x), float(y)] for x, y in
                     re.findall(r"cx='([-\d.]+)' cy='([-\d.]+)'", group)]).T


def test_the_field_draws_the_views_points_arrows_and_heatmap(trained):
    _, view = trained
    side = 300
    svg = charts.field_svg(view, side=side)
    for points, css_class in ((view.fake, "gan-fake"), (view.real, "gan-real")):
        drawn = _circles(svg, css_class)
        expected = np.stack(charts.to_pixels(points, side))
        assert drawn.shape == expected.shape
        np.testing.assert_allclose(drawn, expected, atol=0.051)  # one decimal in the SVG
    lines = re.search(r"<g class='gan-push'[^>]*>(.*?)</g>", svg).group(1)
    ends = np.array(re.findall(r"x1='([-\d.]+)' y1='([-\d.]+)' x2='([-\d.]+)' y2='([-\d.]+)'",
                               lines), dtype=float)
    assert ends.shape == (charts.ARROWS, 4)
    np.testing.assert_allclose(ends[:, :2].T, np.stack(charts.to_pixels(view.arrow_from, side)),
                               atol=0.051)
    np.testing.assert_allclose(ends[:, 2:].T, np.stack(charts.to_pixels(
        charts.arrow_ends(view), side)), atol=0.051)
    png = re.search(r"class='gan-heatmap' href='data:image/png;base64,([^']+)'", svg).group(1)
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB"))
    np.testing.assert_array_equal(pixels, colors.diverging_rgb(view.heat, 0, 1,
                                                               background=True))


def test_arrows_follow_the_push_at_a_fixed_scale_and_are_capped(trained):
    _, view = trained
    step = charts.arrow_ends(view) - view.arrow_from
    expected = charts.ARROW_SCALE * view.push
    short = np.linalg.norm(expected, axis=0) <= charts.ARROW_MAX
    assert short.any()
    np.testing.assert_allclose(step[:, short], expected[:, short], rtol=1e-12)
    huge = charts.GanView(**{**view.__dict__, "push": 100 * view.push})
    capped = np.linalg.norm(charts.arrow_ends(huge) - view.arrow_from, axis=0)
    np.testing.assert_allclose(capped, charts.ARROW_MAX, rtol=1e-9)


def test_the_mode_rings_show_which_modes_the_fakes_cover(trained):
    """A collapsed generator: every fake point at mode 0 or mode 3."""
    _, view = trained
    fake = np.repeat(MIXTURE_CENTRES[:, [0, 3]], 200, axis=1)
    collapsed = charts.GanView(**{**view.__dict__, "fake": fake,
                                  "mode_counts": np.array([200, 0, 0, 200, 0, 0, 0, 0]),
                                  "modes_covered": 2})
    svg = charts.field_svg(collapsed)
    assert svg.count("class='gan-mode covered'") == 2 and svg.count("class='gan-mode'") == 6
    assert charts.modes_text(collapsed) == "modes covered: 2 of 8"
    no_modes = charts.GanView(**{**view.__dict__, "mode_counts": None, "modes_covered": None})
    assert "gan-mode" not in charts.field_svg(no_modes) and charts.modes_text(no_modes) == ""


def _polylines(svg: str, selector: str = "") -> list[np.ndarray]:
    return [np.array([p.split(",") for p in points.split()], dtype=float)
            for points in re.findall(rf"<polyline{selector}[^>]* points='([^']+)'", svg)]


def _series(svg: str, name: str) -> np.ndarray:
    (line,) = _polylines(svg, f" class='series' data-name='{re.escape(name)}'")
    return line


def _assert_drawn(line: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
    """The polyline is the series under one affine map per axis (y pixels fall as y rises)."""
    assert len(line) == len(x)
    for pixels, values in ((line[:, 0], x), (line[:, 1], y)):
        slope, offset = np.polyfit(values, pixels, 1)
        np.testing.assert_allclose(pixels, slope * values + offset, atol=0.1)
    assert np.polyfit(y, line[:, 1], 1)[0] < 0


def test_the_curves_draw_the_gans_history(trained):
    gan, _ = trained
    losses, verdict = charts.losses_svg(gan), charts.verdict_svg(gan)
    for svg, name, key in ((losses, "D loss", "d_loss"), (losses, "G loss", "g_loss"),
                           (verdict, "D(real)", "d_real"), (verdict, "D(G(z))", "d_fake")):
        x, y = gan.history.series(key)
        assert len(x) == gan.steps_done == 60
        _assert_drawn(_series(svg, name), x, y)


@pytest.mark.parametrize("dims, lines, points", [(2, 22, 11), (1, 1, 41)])
def test_the_noise_grid_is_g_of_the_grid(dims, lines, points):
    gan = gan_setup.build(GanChoices(noise_dims=dims, g_hidden="8", d_hidden="8"))
    gan.run(5)
    view = charts.gan_view(gan, mixture=False)
    drawn = _polylines(charts.noise_grid_svg(view, side=200), "")
    assert len(drawn) == lines and all(len(line) == points for line in drawn)
    x, y = charts.to_pixels(view.grid_mapped, 200)
    first = drawn[0]  # 2-D: the row z[1] = its lowest value, z[0] along it; 1-D: the line
    np.testing.assert_allclose(first, np.stack([x[:points], y[:points]]).T, atol=0.051)


# --- the page ---------------------------------------------------------------------------------


def _status(at) -> str:
    frames = [m.value for m in at.markdown if "gan-status" in m.value]
    assert len(frames) == 1
    return re.search(r"<div class='gan-status'>(.*?)</div>", frames[0]).group(1)


def _open():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_the_page_opens_and_step_trains():
    at = _open()
    assert at.title[0].value == "GAN lab"
    assert _status(at).startswith("G step 0 · D steps 0")
    assert "modes covered: 0 of 8" in _status(at)
    at.button(key="gan-step").click().run()
    at.button(key="gan-step").click().run()
    assert _status(at).startswith("G step 2 · D steps 2") and not at.exception
    at.number_input(key="gan-k").set_value(3).run()  # a new set-up starts over
    assert any("starts over" in info.value for info in at.info)
    at.button(key="gan-step").click().run()
    assert _status(at).startswith("G step 1 · D steps 3")
    at.button(key="gan-reset").click().run()
    assert _status(at).startswith("G step 0 · D steps 0") and not at.exception


@pytest.mark.parametrize("text", ["32, x", "", "9" * 40, "1,2,3,4,5", "<script>alert(1)</script>"])
def test_bad_hidden_units_give_a_message_and_keep_the_gan(text):
    at = _open()
    at.button(key="gan-step").click().run()
    at.text_input(key="gan-d-hidden").input(text).run()
    assert not at.exception
    assert [e.value for e in at.error] and "discriminator" in at.error[0].value
    assert "keeps its last set-up" in at.error[0].value
    at.button(key="gan-step").click().run()
    assert _status(at).startswith("G step 2") and not at.exception


# --- the live loop ----------------------------------------------------------------------------


class _Slot:
    """Stands in for the page's st.empty(): keeps the frames written to it."""

    def __init__(self):
        self.frames: list[str] = []

    def markdown(self, html, unsafe_allow_html=False):
        self.frames.append(html)


def _playing_lab(**choices):
    from playground.panels import gan_lab

    choices = GanChoices(**{"g_hidden": "8", "d_hidden": "8", **choices})
    return gan_lab.new_lab(choices, gan_setup.build(choices), playing=True)


def test_play_trains_in_turns_and_redraws_until_paused():
    """Outside a script run (no requests to end it), in a thread: Pause ends the loop."""
    import threading

    from playground.panels import gan_lab
    from playground.running.turns import PLAYERS, TURNS
    from tests.waiting import wait_until

    lab, slot = _playing_lab(), _Slot()
    turns_before = TURNS.issued
    player = threading.Thread(target=gan_lab._play, args=(lab, slot), daemon=True)
    player.start()
    wait_until(lambda: len(slot.frames) >= 3 and lab["gan"].steps_done >= 20,
               "the live loop drew no frames")
    assert PLAYERS.count() >= 1 and TURNS.issued - turns_before >= 3
    lab["playing"] = False  # Pause
    player.join(timeout=60)
    assert not player.is_alive()
    steps = lab["gan"].steps_done
    drawn = [int(re.search(r"G step ([\d,]+)", f).group(1).replace(",", ""))
             for f in slot.frames]
    assert drawn == sorted(drawn) and 0 < drawn[-1] <= steps  # each frame after its training
    frames = len(slot.frames)
    gan_lab._play(lab, slot)  # paused: returns at once, trains nothing
    assert (len(slot.frames), lab["gan"].steps_done) == (frames, steps)


def test_a_reset_ends_the_old_gans_loop():
    import threading

    from playground.panels import gan_lab
    from tests.waiting import wait_until

    lab, slot = _playing_lab(), _Slot()
    old = lab["gan"]
    player = threading.Thread(target=gan_lab._play, args=(lab, slot), daemon=True)
    player.start()
    wait_until(lambda: old.steps_done >= 5, "the live loop did not train")
    lab["gan"] = gan_setup.build(lab["choices"])  # Reset (or a new set-up) in a newer run
    player.join(timeout=60)
    assert not player.is_alive() and lab["gan"].steps_done == 0


def test_a_frame_drawn_while_playing_is_never_half_way_through_a_step():
    """Streamlit starts a click's run while the playing run is inside its turn (fastReruns):
    the page's frame and a Step hold the lab's lock, so the counters read k D steps per G
    step and D's caches are never the step's. (Before the lock, with the interpreter switching
    threads every 10 µs, 80% of such frames read a torn count and a few failed to draw.)"""
    import sys
    import threading

    from playground.panels import gan_lab
    from tests.waiting import wait_until

    lab, slot = _playing_lab(d_steps=3), _Slot()
    player = threading.Thread(target=gan_lab._play, args=(lab, slot), daemon=True)
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # many thread switches, so an unlocked read would be torn
    try:
        player.start()
        wait_until(lambda: lab["gan"].steps_done >= 3, "the live loop did not train")
        for _ in range(40):
            g, d = (int(n.replace(",", "")) for n in re.findall(
                r"[GD] steps? ([\d,]+)", gan_lab.locked_frame(lab)))
            assert d == 3 * g
            with lab["lock"]:  # a Step, as the page takes it
                before = lab["gan"].steps_done
                lab["gan"].step()
                assert (lab["gan"].steps_done, lab["gan"].D.steps_done) == (
                    before + 1, 3 * (before + 1))
    finally:
        sys.setswitchinterval(switching)
        lab["playing"] = False
        player.join(timeout=60)
    assert not player.is_alive()


def test_a_newer_script_run_ends_the_playing_run_at_a_step_boundary():
    """A click's run takes the lab over before it waits for the lock: the old run stops
    training at its next step boundary, still playing."""
    import threading

    from playground.panels import gan_lab
    from tests.waiting import wait_until

    lab, slot = _playing_lab(), _Slot()
    player = threading.Thread(target=gan_lab._play, args=(lab, slot), daemon=True)
    player.start()
    wait_until(lambda: lab["gan"].steps_done >= 5, "the live loop did not train")
    gan_lab.take_over(lab)
    player.join(timeout=60)
    assert not player.is_alive() and lab["playing"]
    steps = lab["gan"].steps_done
    assert lab["gan"].D.steps_done == steps  # k = 1, whole steps only
    with lab["lock"]:
        assert lab["gan"].steps_done == steps  # nothing trains it any more


def test_a_lesson_sets_the_lab_up_and_says_what_to_watch():
    from playground.labs import gan_lessons

    at = _open()
    assert any(gan_lessons.LEADS.title in info.value for info in at.info)  # the default set-up
    at.button(key="gan-lesson-1").click().run()
    assert not at.exception and not at.warning
    assert (at.number_input(key="gan-k").value, at.selectbox(key="gan-g-start").value) == (
        5, "point")
    assert any(info.value.startswith("**Mode collapse.**") for info in at.info)
    at.button(key="gan-step").click().run()
    assert _status(at).startswith("G step 1 · D steps 5")
    assert gan_lessons.lesson_of(gan_lessons.COLLAPSE.choices) is gan_lessons.COLLAPSE
    assert gan_lessons.lesson_of(GanChoices(seed=3)) is None


@pytest.mark.parametrize("real, dims, kind", [("ring", 1, "uniform"), ("moons", 2, "uniform"),
                                              ("line", 1, "gaussian")])
def test_each_distribution_and_noise_steps_on_the_page(real, dims, kind):
    at = _open()
    at.selectbox(key="gan-real").set_value(real).run()
    at.selectbox(key="gan-noise-dims").set_value(dims).run()
    at.selectbox(key="gan-noise-kind").set_value(kind).run()
    at.radio(key="gan-loss").set_value("minimax").run()
    at.button(key="gan-step").click().run()
    assert not at.exception and not at.error
    assert _status(at) == "G step 1 · D steps 1"  # no mode count off the mixture
    frame = next(m.value for m in at.markdown if "gan-status" in m.value)
    grid = frame[frame.index("class='gan-noise-grid'"):]  # the frame's last picture
    assert grid.count("<polyline") == (1 if dims == 1 else 22)  # the noise line, or grid


def test_the_gradient_check_of_both_players_passes_and_leaves_training_alone():
    from playground.labs import gan_checks

    gan = gan_setup.build(GanChoices(g_hidden="6", d_hidden="5"))
    twin = gan_setup.build(GanChoices(g_hidden="6", d_hidden="5"))
    gan.run(20)
    twin.run(20)
    checks = gan_checks.gradient_checks(gan)
    assert [player.split(",")[0] for player, *_ in checks] == ["D", "G"]
    assert all(difference < 1e-7 and level == "great" for _, difference, level, _ in checks)
    gan.run(5)  # the check drew nothing from the GAN's stream and moved no parameter
    twin.run(5)
    for net, other in ((gan.G, twin.G), (gan.D, twin.D)):
        for key, P in net.parameters.items():
            np.testing.assert_array_equal(P, other.parameters[key])


def test_a_large_generator_is_not_checked_on_the_shared_server():
    from playground.labs import gan_checks

    gan = gan_setup.build(GanChoices(g_hidden="64, 64, 16", d_hidden="4"))  # 5,426 parameters
    assert sum(P.size for P in gan.G.parameters.values()) > gan_checks.MAX_G_PARAMETERS
    (_, d, d_level, _), (_, g, g_level, sentence) = gan_checks.gradient_checks(gan)
    assert d < 1e-7 and d_level == "great"
    assert (g, g_level) == (None, "skipped") and "parameters" in sentence


def test_the_page_checks_the_gradients_on_request():
    at = _open()
    at.button(key="gan-step").click().run()
    at.button(key="gan-check").click().run()
    assert not at.exception
    assert [s.value.split("**")[1] for s in at.success] == ["D, on real and generated points",
                                                             "G, through D ∘ G"]


# --- the inspector ----------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["non_saturating", "minimax"])
def test_every_inspector_formula_of_both_players_holds_with_its_numbers(loss):
    """G's output line comes through D (dZ[L] = m · ∂J_G/∂A[L], recomputed from D after the
    GAN step); every other line is the playground's, on G's and D's last step."""
    from playground.panels import gan_inspector

    gan = gan_setup.build(GanChoices(g_hidden="5, 4", d_hidden="6", generator_loss=loss,
                                     activation="relu", d_steps=2))
    gan.run(3)
    for player, net in (("D", gan.D), ("G", gan.G)):
        for l in range(1, len(net.layer_sizes)):
            eq = gan_inspector.equations(gan, player, l)
            assert eq.forward and eq.backward and eq.update
            for equation in eq.all():
                np.testing.assert_allclose(equation.rhs(eq.values), eq.values[equation.lhs],
                                           rtol=1e-9, atol=1e-12,
                                           err_msg=f"{player} layer {l}: {equation.latex}")
    output = gan_inspector.equations(gan, "G", 3).backward[0]
    assert "through" in output.latex and "Y" not in output.latex


def test_the_page_inspects_g_and_d_after_a_step():
    at = _open()
    assert any("Press **Step**" in info.value for info in at.info)
    at.button(key="gan-step").click().run()
    assert "D's step **1**" in "".join(m.value for m in at.markdown)
    at.radio(key="gan-inspect-player").set_value("G").run()
    at.selectbox(key="gan-inspect-G-l").set_value(3).run()
    assert not at.exception and not at.error
    text = "".join(m.value for m in at.markdown)
    assert "G's step **1**" in text and "b noise draws z" in text
    assert any("through" in latex.value for latex in at.latex)


# --- drawn real points ------------------------------------------------------------------------


@pytest.mark.parametrize("x, y, words", [("a", 0, "two numbers"), (None, 1, "two numbers"),
                                         (float("nan"), 0, "on the plane"),
                                         (0, float("inf"), "on the plane"), (3.5, 0, "from -3"),
                                         ("__import__('os')", 0, "two numbers")])
def test_a_drawn_point_off_the_plane_or_not_a_number_is_refused(x, y, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        gan_setup.drawn_point(x, y)


def test_drawn_points_are_the_real_data():
    assert gan_setup.drawn_point("1.234", -2) == (1.23, -2.0)
    few = GanChoices(real="drawn", drawn=((0.0, 1.0), (1.0, 0.0)))
    with pytest.raises(ValueError, match="at least 3"):
        gan_setup.build(few)
    with pytest.raises(ValueError, match="At most 500"):
        gan_setup.real_data(GanChoices(real="drawn", drawn=((0.5, 0.5),) * 501))
    choices = GanChoices(real="drawn", drawn=((0.0, 1.0), (1.0, 0.0), (-1.5, -1.5)),
                         g_hidden="8", d_hidden="8")
    gan = gan_setup.build(choices)
    np.testing.assert_array_equal(gan.real, [[0.0, 1.0, -1.5], [1.0, 0.0, -1.5]])
    gan.run(20)  # b = 128 real points a D step, drawn with replacement from the three
    assert gan.divergence is None and gan.D.steps_done == 20


def test_the_page_draws_real_points_typed():
    """Typed x and y (the pad's clicks: tests/browser/test_gan_lab_browser.py)."""
    at = _open()
    at.selectbox(key="gan-real").set_value("drawn").run()
    assert any("Draw at least 3" in e.value and "keeps its last" in e.value for e in at.error)
    for x, y in ((1.0, 1.0), (-1.0, 1.0), (0.0, -1.25)):
        at.number_input(key="gan-draw-x").set_value(x)
        at.number_input(key="gan-draw-y").set_value(y)
        at.button(key="gan-draw-add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _status(at).startswith("G step 0") and any("starts over" in i.value for i in at.info)
    lab = at.session_state["gan-lab"]
    np.testing.assert_array_equal(lab["gan"].real, [[1.0, -1.0, 0.0], [1.0, 1.0, -1.25]])
    at.button(key="gan-step").click().run()
    assert _status(at).startswith("G step 1") and not at.exception
    at.button(key="gan-draw-clear").click().run()
    assert any("Draw at least 3" in e.value for e in at.error)
