"""The page through streamlit.testing.v1.AppTest: renders, controls reach the engine's spec,
step / epoch / reset / play, divergence, and bad input shown as messages."""

import html
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground import live
from playground.charts import colors
from playground.charts.numbers import readable
from playground.session import settings
from tests.conftest import limit_frames

APP = str(Path(__file__).resolve().parent.parent / "app.py")
WIDGET_KINDS = ("select_slider", "slider", "selectbox", "toggle", "number_input", "pills")


pytestmark = pytest.mark.usefixtures("short_play")


def fresh() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def session(at):
    return at.session_state["session"]


def widget(at, key):
    for kind in WIDGET_KINDS:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise KeyError(key)


def params(at):
    return {k: v.copy() for k, v in session(at).net.parameters.items()}


def same(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def infos(at):
    return [e.value for e in at.info]


def notes(at) -> str:
    """The compact message lines under the toolbar (st.html)."""
    return " ".join(e.value for e in at.html)


def test_the_default_page_renders_without_exception_or_error():
    at = fresh()
    assert not at.error
    s = session(at)
    assert s.net.layer_sizes == [2, 4, 2, 1]
    assert s.net.epochs_done == 0 and not s.playing
    assert [b.label for b in at.button][:6] == ["Lessons", "Shortcuts", "Play", "Step", "Epoch",
                                              "Reset"]
    assert at.tabs[0].label.startswith("Inspector")


def test_changing_the_learning_rate_keeps_the_parameters():
    at = fresh()
    at.button(key="step").click().run()
    before, net = params(at), session(at).net
    widget(at, "w.learning_rate").set_value(0.3).run()
    s = session(at)
    assert s.net is net and same(params(at), before)
    assert s.net.spec["optimizer"]["learning_rate"] == 0.3
    assert s.net.steps_done == 1
    assert "training continues with the same parameters" in notes(at)


def test_changing_units_reinitializes_and_says_so():
    at = fresh()
    at.button(key="epoch").click().run()
    widget(at, "w.layer0.units").set_value(6).run()
    s = session(at)
    assert s.net.layer_sizes == [2, 6, 2, 1]
    assert s.net.epochs_done == 0
    assert "Architecture changed — the network was re-initialized." in notes(at)


def test_adding_and_removing_hidden_layers():
    at = fresh()
    at.button(key="layers.add").click().run()
    assert session(at).net.layer_sizes == [2, 4, 2, 2, 1]
    widget(at, "w.layer2.activation").set_value("relu").run()
    assert session(at).net.activations == ["tanh", "tanh", "relu", "sigmoid"]
    for _ in range(3):
        at.button(key="layers.remove").click().run()
    assert session(at).net.layer_sizes == [2, 1]
    assert at.button(key="layers.remove").disabled


# Each control, set to a non-default value, and where that value must arrive.
CONTROLS = [
    ("w.init", "he", lambda s: s.net.spec["init"] == "he"),
    ("w.seed", 5, lambda s: s.net.spec["seed"] == 5),
    ("w.batch_norm", True, lambda s: s.net.spec["batch_norm"] and "gamma1" in s.net.parameters),
    ("w.optimizer", "adam", lambda s: s.net.spec["optimizer"]["name"] == "adam"),
    ("w.l2", 0.01, lambda s: s.net.spec["l2"] == 0.01),
    ("w.keep_prob", 0.8, lambda s: s.net.spec["keep_prob"] == 0.8),
    ("w.batch_size", 32, lambda s: s.net.spec["batch_size"] == 32),
    ("w.batch_size", 0, lambda s: s.net.spec["batch_size"] is None),
    ("w.decay", "exponential",
     lambda s: s.net.spec["optimizer"]["decay"] == {"kind": "exponential", "base": 0.95}),
    ("w.noise", 30, lambda s: s.values["noise"] == 30),
    ("w.train_ratio", 80, lambda s: s.dataset.m_train == 400),
    ("w.n_points", 300, lambda s: s.dataset.m_train + s.dataset.m_test == 300),
    ("w.features", ["x1", "x2", "x1x2"], lambda s: s.net.layer_sizes[0] == 3),
    ("w.dataset", "xor", lambda s: s.dataset.name == "xor"),
    ("w.data_seed", 3, lambda s: s.values["data_seed"] == 3),
    ("w.problem", "regression",
     lambda s: s.dataset.name == "plane" and s.net.spec["loss"] == "mean_squared_error"
     and not s.notes),
    ("w.problem", "multiclass",
     lambda s: s.dataset.n_y == 3 and s.net.activations[-1] == "softmax"),
    ("w.show_test", True, lambda s: s.values["show_test"]),
    ("w.discretize", True, lambda s: s.values["discretize"]),
    ("w.log_cost", True, lambda s: s.values["log_cost"]),
]


@pytest.mark.parametrize("key, value, arrived", CONTROLS, ids=[f"{c[0]}={c[1]}" for c in CONTROLS])
def test_each_control_changes_the_engine_spec(key, value, arrived):
    at = fresh()
    widget(at, key).set_value(value).run()
    assert not at.exception and not at.error
    assert arrived(session(at))


def test_every_setting_of_the_table_has_a_control():
    at = fresh()
    widget(at, "w.optimizer").set_value("adam").run()
    widget(at, "w.decay").set_value("staircase").run()
    widget(at, "w.problem").set_value("multiclass").run()
    at.session_state["panel"] = "Adversarial examples"  # its toggle and ε are in the tab
    at.run()
    hidden = {"decay_rate", "decay_base", "n_classes", "init_scale"}  # shown for other choices
    for s in settings.SETTINGS:
        if s.kind != "layers" and s.name not in hidden:
            widget(at, "w." + s.name)
    widget(at, "w.n_classes").set_value(4).run()
    assert session(at).dataset.n_y == 4


def test_step_and_epoch_advance_the_counters():
    at = fresh()
    at.button(key="step").click().run()
    assert (session(at).net.steps_done, session(at).net.epochs_done) == (1, 0)
    at.button(key="epoch").click().run()
    assert (session(at).net.steps_done, session(at).net.epochs_done) == (25, 1)
    at.button(key="epoch").click().run()
    assert (session(at).net.steps_done, session(at).net.epochs_done) == (50, 2)


def test_reset_restores_the_seeds_network_bit_identically():
    at = fresh()
    initial = params(at)
    at.button(key="epoch").click().run()
    at.button(key="play").click().run()  # three frames of play, then the test's frame limit
    assert session(at).net.epochs_done > 1
    assert not same(params(at), initial)
    at.button(key="reset").click().run()
    assert same(params(at), initial)
    assert session(at).net.epochs_done == 0 and not session(at).playing


def test_play_trains_several_epochs_per_frame_and_pause_stops():
    at = fresh()
    at.button(key="play").click().run()
    s = session(at)
    assert s.playing and s.net.epochs_done >= 3
    assert at.button(key="play").label == "Pause"
    at.button(key="play").click().run()
    assert not session(at).playing
    assert at.button(key="play").label == "Play"


def test_divergence_shows_a_banner_pauses_and_reset_recovers():
    at = fresh()
    widget(at, "w.problem").set_value("regression").run()
    widget(at, "w.layer0.activation").set_value("sigmoid").run()
    widget(at, "w.layer1.activation").set_value("sigmoid").run()
    widget(at, "w.learning_rate").set_value(10.0).run()
    at.button(key="play").click().run()
    s = session(at)
    assert s.diverged and not s.playing
    banner = at.error[0].value
    assert banner.startswith(f"**Training diverged at step {s.net.divergence.step}")
    # Says what ran away: a layer's update, or the cost against its best.
    assert "layer" in banner or "times its best" in banner
    d = s.dataset  # the metrics are those of the parameters the engine kept, not of epoch 0
    kept_cost = s.net.cost(d.X_train, d.Y_train)
    assert np.isfinite(kept_cost) and s.metrics["train_cost"] == kept_cost
    assert at.button(key="play").disabled and at.button(key="step").disabled
    at.button(key="reset").click().run()
    assert not session(at).diverged and not at.error
    assert not at.button(key="play").disabled


def test_the_inspector_shows_shapes_and_formulas_after_a_step():
    at = fresh()
    assert "Press **Step**" in infos(at)[0]
    at.button(key="step").click().run()
    latex = " ".join(e.value for e in at.latex)
    assert r"Z^{[1]} = W^{[1]} A^{[0]} + b^{[1]}" in latex
    captions = " ".join(e.value for e in at.caption)
    assert "(4, 10) = (4, 2) (2, 10) + (4, 1)" in captions  # wraps: not in the LaTeX line
    assert "qquad" not in latex
    assert r"dW^{[1]} = \frac{1}{m}" in latex
    text = " ".join(e.value for e in at.markdown)
    assert "W[1] is **(4, 2)**" in text
    at.selectbox(key="inspector.layer").set_value(3).run()
    latex = " ".join(e.value for e in at.latex)
    assert r"dZ^{[3]} = A^{[3]} - Y" in latex


def test_the_inspector_shows_batch_norm_as_the_course_writes_it():
    """With batch norm the printed z is W a (not the normalized value), and μ, σ², γ, β, dγ, dβ
    are shown; the z of neuron 1 written out term by term equals the printed z."""
    at = fresh()
    widget(at, "w.batch_norm").set_value(True).run()
    at.button(key="step").click().run()
    at.selectbox(key="inspector.neuron").set_value(1).run()
    latex = " ".join(e.value for e in at.latex)
    for symbol in (r"\mu^{[1]}", r"{\sigma^{[1]}}^2", r"\gamma^{[1]}", r"\beta^{[1]}",
                   r"d\gamma^{[1]}", r"d\beta^{[1]}", r"\tilde Z^{[1]}"):
        assert symbol in latex, symbol
    assert r"Z^{[1]} = W^{[1]} A^{[0]}" in latex and "+ b^{[1]}" not in latex
    layer = session(at).net.latest.layers[0]
    z = float(layer.W[0] @ layer.A_prev[:, 0])
    assert f"= {z:.3f}" in latex  # the neuron's written-out sum ends in W a, not the z̃


def test_gradient_check_reports_the_courses_verdict():
    at = fresh()
    at.session_state["panel"] = "Gradient check"
    at.run()
    at.button(key="gradient_check.run").click().run()
    assert not at.exception
    result = session(at).gradient_check
    assert result["difference"] < 1e-7 and result["level"] == "great"
    assert "backpropagation is correct" in at.success[0].value


def test_digits_show_their_panels_instead_of_a_boundary():
    at = fresh()
    widget(at, "w.problem").set_value("multiclass").run()
    widget(at, "w.dataset").set_value("digits").run()
    s = session(at)
    assert s.net.layer_sizes[0] == 64 and s.grid is None
    assert not at.exception and not at.error
    assert at.tabs[2].label.startswith("Digits")
    with pytest.raises(KeyError):
        widget(at, "w.features")  # no plane, so no feature column


def test_a_hostile_csv_upload_is_a_message_and_loses_nothing():
    at = fresh()
    s = session(at)
    s.apply({"dataset": settings.CSV_DATASET})
    s.use_csv("evil.csv", b"\x00\x01binary")
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("evil.csv: This is not a CSV file")
    assert s.dataset.name == "circle"  # still training on what it had
    s.use_csv("good.csv", b"a,b,label\n" + b"".join(
        f"{i % 7},{i % 5},{int(i % 7 > 3)}\n".encode() for i in range(60)))
    at.run()
    assert not at.exception and not at.error
    assert s.dataset.name == "csv" and s.net.layer_sizes[0] == 2


def test_a_files_standardized_regression_target_is_mapped_back_on_the_page():
    at = fresh()
    s = session(at)
    s.apply({"dataset": settings.CSV_DATASET})
    prices = [100_000 + 997 * i for i in range(60)]
    s.use_csv("prices.csv", b"area,rooms,price\n" + b"".join(
        f"{50 + i},{1 + i % 5},{p}\n".encode() for i, p in enumerate(prices)))
    at.run()
    assert not at.exception and s.dataset.problem == "regression"
    d = s.dataset
    y = np.concatenate([d.labels_train, d.labels_test])
    np.testing.assert_allclose(np.sort(d.target_in_units(y)), prices)
    caption = " ".join(c.value for c in at.caption)
    assert (f"targets standardized: y = {readable(d.target_mean)} + "
            f"{readable(d.target_std)} · ŷ") in caption


def test_points_drawn_by_coordinates_join_the_training_set_without_a_reset():
    at = fresh()
    at.session_state["panel"] = "Draw points"
    at.run()
    at.button(key="step").click().run()
    before = params(at)
    m = session(at).dataset.m_train
    at.number_input(key="draw.x1").set_value(1.5)
    at.number_input(key="draw.x2").set_value(-2.0)
    at.segmented_control(key="draw.label").set_value("outside")
    at.button(key="draw.add").click().run()
    s = session(at)
    assert s.dataset.m_train == m + 1 and s.drawn == [(1.5, -2.0, 0.0)]
    assert np.array_equal(s.dataset.points_train[:, -1], [1.5, -2.0])
    assert s.dataset.Y_train[0, -1] == 0.0
    assert same(params(at), before) and s.net.steps_done == 1  # not re-initialized
    assert "Added a training point at (1.50, -2.00) of outside" in notes(at)
    at.button(key="draw.clear").click().run()
    assert session(at).dataset.m_train == m and not session(at).drawn


def test_picking_a_neuron_highlights_it_and_writes_out_its_sum():
    at = fresh()
    at.button(key="step").click().run()
    at.selectbox(key="inspector.neuron").set_value(2).run()
    assert session(at).selected == (1, 2)
    latex = " ".join(e.value for e in at.latex)
    assert r"z^{[1](1)}_{2} = (" in latex
    assert not at.exception


def test_a_csv_with_three_feature_columns_is_drawn_as_a_projection():
    at = fresh()
    s = session(at)
    s.apply({"dataset": settings.CSV_DATASET})
    rows = "".join(f"{i % 7},{i % 5},{i % 3},{int(i % 7 > 3)}\n" for i in range(60))
    s.use_csv("three.csv", ("a,b,c,label\n" + rows).encode())
    s.pick_csv_columns("label", ["a", "b", "c"])
    at.run()
    assert not at.exception and not at.error
    assert s.net.layer_sizes[0] == 3 and s.grid is None
    assert any("principal components" in e.value for e in at.markdown)
    s.pick_csv_columns("label", [])  # no feature column: a message, the columns are kept
    at.run()
    assert at.error and s.csv.feature_columns == ("a", "b", "c")


def test_ten_thousand_points_train_and_draw_a_bounded_frame():
    """The data issue's maximum: every point trains, the plot draws at most 2,000 per set."""
    from playground.panels import boundary

    at = fresh()
    widget(at, "w.n_points").set_value(10_000).run()
    widget(at, "w.show_test").set_value(True).run()
    assert not at.exception and not at.error
    s = session(at)
    assert s.dataset.m_train + s.dataset.m_test == 10_000
    layer = boundary.points_layer(s)
    dots = layer.count("h0") // 2  # one "M x y h0" per dot, drawn twice (outline and fill)
    assert dots == 2 * len(range(0, 5_000, 3))  # 5,000 per set, every 3rd: 1,667 each


def strip_labels(at) -> list[str]:
    """The metric strip's cell labels, in order, from the live area's HTML."""
    import re

    live_html = next(e.value for e in at.markdown if "pg-metrics" in e.value)
    return re.findall(r"<div class='pg-label'>([^<]*)</div>", live_html)


def test_the_metric_strip_has_the_same_cells_from_the_first_paint_on():
    """The learning rate appeared only after the first step and shifted the strip."""
    at = fresh()
    first = strip_labels(at)
    assert first == ["Epoch", "Step", "Train cost", "Test cost", "Train accuracy",
                     "Test accuracy", "Learning rate"]
    at.button(key="step").click().run()
    assert strip_labels(at) == first
    widget(at, "w.problem").set_value("regression").run()
    assert strip_labels(at) == first  # accuracy is "—" for regression, the cell stays


def test_the_message_line_has_its_place_before_any_message():
    at = fresh()
    assert not session(at).message
    reserved = [e.value for e in at.html if "class='pg-notes'" in e.value]
    assert len(reserved) == 1 and "min-height" in reserved[0]
    widget(at, "w.layer0.units").set_value(6).run()
    notes = [e.value for e in at.html if "class='pg-notes'" in e.value]
    assert notes[0].count("pg-note pg-info") == 1


def test_slow_speed_trains_one_epoch_a_frame():
    at = fresh()
    widget(at, "w.speed").set_value("slow").run()
    at.button(key="play").click().run()  # three frames (the test's frame limit)
    s = session(at)
    assert (s.net.epochs_done, s.net.steps_done) == (3, 75)
    assert s.net.spec["optimizer"]["learning_rate"] == 0.03  # speed is not a network setting


def test_step_speed_trains_one_mini_batch_a_frame():
    at = fresh()
    widget(at, "w.speed").set_value("step").run()
    at.button(key="play").click().run()
    assert (session(at).net.epochs_done, session(at).net.steps_done) == (0, 3)


@pytest.mark.parametrize("speed", ["slow", "fast"])
def test_play_for_n_epochs_trains_exactly_n_then_pauses(monkeypatch, speed):
    limit_frames(monkeypatch, 50)  # over short_play's three: five epochs play through
    at = fresh()
    widget(at, "w.speed").set_value(speed).run()
    widget(at, "w.run_epochs").set_value(5).run()
    at.button(key="play").click().run()
    s = session(at)
    assert (s.net.epochs_done, s.net.steps_done) == (5, 125)
    assert not s.playing and at.button(key="play").label == "Play"
    assert "Ran 5 epochs — paused." in notes(at)
    at.button(key="play").click().run()  # Play again: five more
    assert (session(at).net.epochs_done, session(at).playing) == (10, False)


def test_a_huge_cost_is_printed_for_people_not_as_300_digits():
    """lr 10 and L2 10 reached a cost of 1.7e285; ':.4f' printed it as 290 characters."""
    import re

    at = fresh()
    s = session(at)
    s.trainer.metrics.update(train_cost=1.7e285, test_cost=float("nan"))
    html = live.metrics_html(s)
    assert "<div class='pg-value'>1.7e285</div>" in html
    assert "<div class='pg-value'>—</div>" in html  # nan: undefined
    assert not re.search(r"\d{8}", html)


def test_a_live_area_that_cannot_be_drawn_is_one_line_and_the_rest_of_the_page_stays(
        monkeypatch):
    def broken(session, frame=None):
        raise ValueError("no frame today")

    monkeypatch.setattr(live, "fast_html", broken)
    at = fresh()
    assert at.error[0].value.startswith("The live charts could not be drawn (ValueError: no "
                                        "frame today)")
    assert at.tabs[0].label.startswith("Inspector")  # the panels below are still drawn
    at.button(key="step").click().run()
    assert not at.exception and session(at).net.steps_done == 1


# ---------------------------------------------------------------- share links (issue 10)


def set_up(at) -> dict:
    """The address bar's set-up: its parameters but the tab's own run token (kept_runs)."""
    return {k: v for k, v in at.query_params.items() if k != "run"}


def opened(default_timeout: float = 60, **params) -> AppTest:
    """The page opened from a link with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=default_timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_link_with_hide_removes_the_control_and_trains_with_the_links_learning_rate():
    at = opened(learning_rate="0.3", hide="learning_rate", dataset="xor")
    with pytest.raises(KeyError):
        widget(at, "w.learning_rate")
    widget(at, "w.optimizer")  # the rest of the training section is still there
    at.button(key="step").click().run()
    s = session(at)
    assert s.values["learning_rate"] == 0.3 and s.dataset.name == "xor"
    assert s.net.spec["optimizer"]["learning_rate"] == 0.3
    assert s.net.latest.learning_rate == 0.3  # the step really used it
    assert s.net.steps_done == 1


def test_hiding_a_section_removes_its_expander_but_keeps_the_links_values():
    at = opened(hide="network", seed="9", layers="3:relu")
    assert [e.label for e in at.expander] == ["Data", "Training", "Display"]
    for key in ("w.seed", "w.init", "w.batch_norm", "w.layer0.units"):
        with pytest.raises(KeyError):
            widget(at, key)
    assert session(at).net.layer_sizes == [2, 3, 1] and session(at).net.spec["seed"] == 9


def test_the_address_follows_every_change_and_the_copy_link_shows_it():
    at = fresh()
    assert set_up(at) == {}
    widget(at, "w.noise").set_value(30).run()
    widget(at, "w.learning_rate").set_value(0.3).run()
    assert set_up(at) == {"noise": "30", "learning_rate": "0.3"}
    assert [c.value for c in at.code] == ["?noise=30&learning_rate=0.3"]
    widget(at, "w.noise").set_value(0).run()  # back to the default: out of the link
    assert set_up(at) == {"learning_rate": "0.3"}


def test_a_bad_link_opens_the_page_with_one_notice_per_problem():
    at = opened(noise="2000", colour="red", layers="4:tanh,x:relu")
    assert not at.error
    assert notes(at).count("pg-note pg-warn") == 3
    for notice in ("Noise: 2000 is above 50; using 50.", "Unknown link parameter 'colour' ignored.",
                   "Hidden layer 2: units 'x' is not a number; using 4."):
        assert html.escape(notice) in notes(at)
    assert set_up(at) == {"noise": "50", "layers": "4:tanh,4:relu"}  # the repaired link


def test_play_1_starts_training_once_the_page_has_been_drawn():
    at = opened(play="1")
    assert session(at).net.steps_done == 0  # the first run draws the whole page
    at.run()  # in the browser: the autoplay timer's first tick (sharing.autoplay)
    assert session(at).net.steps_done > 0
    at.button(key="play").click().run()  # Pause: and it does not start again by itself
    steps = session(at).net.steps_done
    at.run()
    assert not session(at).playing and session(at).net.steps_done == steps


def test_panels_choose_the_tabs_and_present_shows_none():
    at = opened(panels="gradient_check,classroom")
    assert [t.label for t in at.tabs] == ["Gradient check", "Prepare a classroom link"]
    at = opened(view="present")
    assert not at.tabs
    assert any(".pg-charts > *:not(:first-child) {display: none;}" in e.value for e in at.html)


def test_the_classroom_panel_builds_a_link_with_the_locked_settings():
    at = fresh()
    widget(at, "w.learning_rate").set_value(0.3).run()
    at.session_state["panel"] = "Prepare a classroom link"
    at.run()
    at.checkbox(key="classroom.lock.learning_rate").check()
    for s in settings.SETTINGS:
        if s.group == "network":
            at.checkbox(key=f"classroom.lock.{s.name}").check()
    at.checkbox(key="classroom.present").check().run()
    assert [c.value for c in at.main.code] == [
        "?learning_rate=0.3&hide=network,learning_rate&view=present"]
    assert [c.value for c in at.sidebar.code] == ["?learning_rate=0.3"]
    assert set_up(at) == {"learning_rate": "0.3"}  # the teacher's own page is unchanged


def test_a_new_row_of_the_settings_table_gets_its_control_and_its_link_without_other_edits(
        monkeypatch):
    """The sidebar and the links come from the table: a row added to settings.SETTINGS (here
    a made-up training option) is drawn in its section, after the rows before it, and its
    value travels in the address; hide= removes it like any other."""
    row = settings.Setting("momentum_warmup", "int", 0, "Warm-up epochs", "training",
                           low=0, high=20, step=1)
    table = (*settings.SETTINGS, row)
    monkeypatch.setattr(settings, "SETTINGS", table)
    monkeypatch.setattr(settings, "BY_NAME", {s.name: s for s in table})
    at = fresh()
    training = next(e for e in at.expander if e.label == "Training")
    assert [w.key for w in training.slider][-1] == "w.momentum_warmup"
    widget(at, "w.momentum_warmup").set_value(5).run()
    assert session(at).values["momentum_warmup"] == 5
    assert set_up(at) == {"momentum_warmup": "5"}
    at = opened(momentum_warmup="7", hide="momentum_warmup")
    assert session(at).values["momentum_warmup"] == 7
    with pytest.raises(KeyError):
        widget(at, "w.momentum_warmup")


def test_a_links_palette_draws_the_page_and_changes_with_the_menu():
    """palette travels in a link like any row of the table; the live boundary's points are drawn
    in it, and the Display menu changes it (page only: the network is not rebuilt)."""
    at = opened(palette="greyscale")
    page = " ".join(e.value for e in at.html) + " ".join(e.value for e in at.markdown)
    grey = colors.PALETTES["greyscale"]
    assert f"stroke='{grey.positive}'" in page and f"stroke='{grey.negative}'" in page
    assert colors.PALETTES["safe"].negative not in page
    net = session(at).net
    widget(at, "w.palette").set_value("classic").run()
    page = " ".join(e.value for e in at.html) + " ".join(e.value for e in at.markdown)
    assert f"stroke='{colors.PALETTES['classic'].negative}'" in page
    assert session(at).net is net and not at.exception


def test_the_shortcuts_button_lists_every_key_of_the_toolbar():
    """H (or a click) opens the list; each key it names is the shortcut of its button."""
    from playground.panels import status
    from playground.session import keys

    at = fresh()
    at.button(key=keys.SHOW_SHORTCUTS).click().run()
    listed = " ".join(m.value for m in at.markdown)
    assert "| Space | Play / Pause |" in listed and "| 0 | Reset to epoch 0 |" in listed
    shown = {key for key, _ in status.SHORTCUT_HELP}
    assert {"Space", "E", "0", "L", "H"} <= shown
    assert set(keys.SHORTCUTS.values()) - {"Right"} <= shown  # → stands for Right
    assert not at.exception
