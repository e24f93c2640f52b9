"""Conv and pool layers on the page (issue 18): the layer editor, the link's layer items, saved
files, the parameter counts beside each layer and the inspector's numbers on a conv layer."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import engine
from playground.saving import downloads, loading
from playground.session import keys, layer_kinds, limits, links, settings
from playground.session.state import Session
from tests.test_app import opened as opened_as_linked

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CONV_DIGITS = {"problem": "multiclass", "dataset": "digits",
               "layers": "conv:4:3:1:same:relu,pool:max:2:2"}

pytestmark = pytest.mark.usefixtures("short_play")


def opened(**query) -> AppTest:
    return opened_as_linked(default_timeout=120, **query)  # a conv net trains slower


def test_a_links_conv_and_pool_layers_come_back_as_they_were_written():
    link = links.parse({**CONV_DIGITS, "layers": "conv:8:3:1:same:relu,pool:average:2:2,"
                                                 "conv:6:3:1:1:tanh,16:relu"})
    assert not link.notices
    assert link.values["layers"] == [
        {"type": "conv", "filters": 8, "size": 3, "stride": 1, "padding": "same",
         "activation": "relu"},
        {"type": "pool", "mode": "average", "size": 2, "stride": 2},
        {"type": "conv", "filters": 6, "size": 3, "stride": 1, "padding": 1,
         "activation": "tanh"},
        {"units": 16, "activation": "relu"}]
    again = links.parse(links.query(link.values))
    assert again.values == link.values and not again.notices
    # A short item takes the defaults: conv:8:3 is 8 filters 3×3, stride 1, same, ReLU.
    assert links.parse({**CONV_DIGITS, "layers": "conv:8:3,pool:max:2"}).values["layers"] == [
        layer_kinds.CONV, {"type": "pool", "mode": "max", "size": 2, "stride": 2}]


def test_a_malformed_link_layer_is_repaired_with_a_sentence_each():
    link = links.parse({**CONV_DIGITS, "layers": "conv:x:3:0:wide:soft,pool:max:99,blob:3"})
    assert len(link.notices) <= links.MAX_NOTICES
    assert link.values["layers"][0] == {**layer_kinds.CONV, "stride": 1}
    assert link.notices == [
        "Hidden layer 1: filters 'x' is not a number; using 8.",
        "Hidden layer 1: stride 0 is outside 1–32; using 1.",
        "Hidden layer 1: padding 'wide' is neither \"same\" nor a number; using same.",
        "Hidden layer 1: activation 'soft' is not one of linear, sigmoid, tanh, relu, "
        "leaky_relu; using relu.",
        "Hidden layer 2: size 99 is outside 1–32; using 32.",
        "Hidden layer 3: type 'blob' is not one of dense, conv, pool; using a dense layer of "
        "4 tanh."]
    mixed = links.parse({**CONV_DIGITS, "layers": "4:tanh,pool:max:2"})
    assert mixed.values["layers"] == [{"units": 4, "activation": "tanh"}]
    assert mixed.notices == ["Hidden layer 2: a pool layer after a dense layer was removed "
                             "(conv and pool layers come first)."]


def test_two_d_points_take_dense_layers_only():
    link = links.parse({"dataset": "circle", "layers": "conv:8:3,4:tanh"})
    assert link.values["layers"] == [{"units": 4, "activation": "tanh"}]
    assert link.notices == ["Hidden layer 1: a conv layer needs images or signals (digits, "
                            "ECG); these 2-D points take dense layers only, so it was removed."]
    session = Session(CONV_DIGITS)
    session.apply({"problem": "binary", "dataset": "circle"})  # the conv layers cannot follow
    assert session.values["layers"] == [] and session.net.layer_sizes == [2, 1]
    assert any("needs images or signals" in note for note in session.notes)


def test_an_ecg_conv_uses_the_notes_windows_along_the_signal():
    session = Session({"dataset": "ecg", "layers": "conv:4:20:10:0:relu,8:relu"})
    spec = session.net.spec
    assert spec["input_shape"] == [1, 100, 1]
    assert spec["layers"][0]["size"] == [1, 20] and spec["layers"][0]["stride"] == [1, 10]
    assert session.net.layer_shapes[1] == (1, 9, 4)  # ⌊(100 − 20) / 10⌋ + 1 = 9 windows
    assert session.values["dataset"] in settings.datasets_for("binary")
    session.step()
    assert session.net.steps_done == 1


def test_parameter_counts_are_the_courses_and_add_up_to_the_engines():
    session = Session({**CONV_DIGITS, "layers": "conv:4:3:1:same:relu,pool:max:2:2,8:relu"})
    counts = layer_kinds.parameter_counts(session.net.spec)
    assert counts == [(3 * 3 * 1 * 4 + 4, "3·3·1·4 + 4"), (0, "no parameters"),
                      (8 * 64 + 8, "8·64 + 8"), (10 * 8 + 10, "10·8 + 10")]
    total = sum(p.size for p in session.net.parameters.values())
    assert sum(c for c, _ in counts) == total == engine.spec.parameter_count(session.net.spec)


def test_a_window_that_does_not_fit_keeps_the_network_and_says_why():
    session = Session(CONV_DIGITS)
    before = session.net
    session.apply({"layers": [*session.values["layers"], {"type": "conv", "filters": 2,
                                                          "size": 5, "stride": 1,
                                                          "padding": 0, "activation": "relu"}]})
    assert session.net is before and session.values["layers"] == links.parse(
        CONV_DIGITS).values["layers"]
    assert "larger than its input" in session.error


@pytest.mark.parametrize("with_page_settings", [True, False])
def test_a_saved_conv_network_loads_back_and_goes_on(with_page_settings):
    saved = Session(CONV_DIGITS)
    saved.step()
    data = downloads.network_json(saved)
    if not with_page_settings:
        data = engine.to_json(saved.trainer, saved.dataset).encode("utf-8")
    session = Session()
    assert loading.load(session, "conv.json", data), session.notices
    assert session.values["layers"] == saved.values["layers"]
    assert session.net.spec["layers"] == saved.net.spec["layers"]
    assert session.net.steps_done == 1
    assert all(np.array_equal(session.net.parameters[k], saved.net.parameters[k])
               for k in saved.net.parameters)


def test_the_layer_editor_builds_a_conv_net_on_digits_that_trains():
    at = opened(problem="multiclass", dataset="digits", layers="4:tanh")
    assert at.selectbox(key=keys.layer(0, "type")).options == ["dense", "conv", "pool"]
    at.selectbox(key=keys.layer(0, "type")).set_value("conv").run()
    assert not at.exception, at.exception
    at.number_input(key=keys.layer(0, "filters")).set_value(6).run()
    session = at.session_state["session"]
    assert session.net.spec["layers"][0] == {"type": "conv", "filters": 6, "size": [3, 3],
                                             "stride": [1, 1], "padding": "same",
                                             "activation": "relu"}
    captions = [c.value for c in at.caption]
    assert "→ 8×8×6 · 60 parameters = 3·3·1·6 + 6" in captions
    assert at.query_params["layers"] == "conv:6:3:1:same:relu"
    at.button(key=keys.LAYERS_ADD).click().run()
    at.selectbox(key=keys.layer(1, "type")).set_value("pool").run()
    assert session.net.layer_shapes == [(8, 8, 1), (8, 8, 6), (4, 4, 6), (10,)]
    for _ in range(3):
        at.button(key=keys.STEP).click().run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert session.net.steps_done == 3


def test_on_points_the_editor_has_no_type_menu():
    at = opened()
    with pytest.raises(KeyError):
        at.selectbox(key=keys.layer(0, "type"))
    assert at.number_input(key=keys.layer(0, "units")).value == 4


def _conv_sum(at) -> str:
    texts = [x.value for x in at.latex if r"z^{[1]}_{i,h,w,c} &= \sum \text{products}" in x.value]
    assert len(texts) == 1, [x.value for x in at.latex]
    return texts[0]


def test_the_inspector_writes_out_a_conv_position_whose_numbers_add_up():
    at = opened(**CONV_DIGITS)
    at.button(key=keys.STEP).click().run()
    # It opens on example 1's strongest unit (an active ReLU, so its dZ is not forced to 0).
    Z = at.session_state["session"].net.latest.layers[0].Z[0]
    strongest = [int(k) + 1 for k in np.unravel_index(Z.argmax(), Z.shape)]
    assert [at.number_input(key=keys.inspector_position(axis)).value
            for axis in "hwc"] == strongest
    at.number_input(key=keys.inspector_position("h")).set_value(3).run()
    at.number_input(key=keys.inspector_position("w")).set_value(4).run()
    at.number_input(key=keys.inspector_position("c")).set_value(2).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    numbers = [float(n) for n in re.findall(r"\((-?\d+\.\d+)\)", _conv_sum(at))]
    z = float(re.findall(r"&= (-?\d+\.\d+)", _conv_sum(at))[-1])  # the last line: = Z
    assert len(numbers) == 3 * 3 + 1  # nine products and b
    assert abs(sum(numbers) - z) <= 11 * 0.5e-4  # each number rounded to 4 decimals
    layer = at.session_state["session"].net.latest.layers[0]
    assert z == pytest.approx(layer.Z[0, 2, 3, 1], abs=0.5e-4)


def test_a_notebooks_conv_net_with_more_filters_than_the_server_takes_is_refused():
    net = engine.Network.from_spec({"input_shape": [8, 8, 1], "layers": [
        {"type": "conv", "filters": 32, "size": 3, "padding": "same", "activation": "relu"},
        {"units": 10, "activation": "softmax"}]})
    session = Session()
    before = session.net
    assert not loading.load(session, "wide.json", engine.to_json(net).encode("utf-8"))
    assert session.error == (f"wide.json was not loaded: Hidden layer 1 has 32 filters; the "
                             f"playground allows at most {limits.MAX_FILTERS} per conv layer "
                             "on this shared server.")
    assert session.net is before


def test_a_long_window_sum_writes_its_tail_as_one_number_that_still_adds_up():
    from playground.panels.inspector_conv import MAX_TERMS, _sum_latex

    products = np.random.default_rng(3).normal(size=(3, 3, 4))  # 36 products
    z = float(products.sum() + 0.25)
    tex = _sum_latex(2, products, 0.25, z)
    terms = [float(n) for n in re.findall(r"\((-?\d+\.\d+)\)", tex)]
    assert len(terms) == MAX_TERMS + 1 and "the other 25" in tex  # 11 written, 25 as one, b
    assert abs(sum(terms) - float(re.findall(r"&= (-?\d+\.\d+)", tex)[-1])) <= 13 * 0.5e-4


def test_a_conv_nets_exported_diagram_is_its_feature_maps():
    session = Session(CONV_DIGITS)
    session.step()
    svg = downloads.diagram_svg(session).decode("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    # X, 4 conv maps and their 4 filters, 4 pooled maps: one picture each.
    assert svg.count("<image ") == 1 + 4 + 4 + 4
    assert "filters W[1]" in svg and "max pool · 4×4×4" in svg


def test_the_parameter_sharing_comparison_trains_on_the_compare_page(monkeypatch):
    from tests.conftest import limit_frames

    limit_frames(monkeypatch, 2)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("playground/pages/lessons.py").run()
    at.button(key="compare-parameter-sharing").click().run()
    at.switch_page("playground/pages/compare.py").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    compared = at.session_state["comparison"]["comparison"]
    assert [run.label for run in compared.runs] == ["conv 8 × 3×3, pool", "dense 32"]
    assert compared.epochs_done > 0
    assert at.session_state["compare-metric"] == "test_accuracy"


def test_each_first_layer_unit_outlines_the_window_it_reads():
    from playground.panels import feature_maps

    session = Session({"dataset": "ecg", "layers": "conv:4:20:10:0:relu,8:relu"})
    html = feature_maps.frame_html(session)
    assert html.count("class='pg-rf ") == 9 and html.count("<i class='u0-") == 9
    # Unit w = 4 (0-based 3) reads steps 31-50: 30% from the left, 20% wide.
    box = re.search(r"class='pg-rf r0-3' style='([^']*)'", html).group(1)
    assert "left:30.00%" in box and "width:20.00%" in box
    assert ".pg-maps:has(.u0-3:hover) .r0-3{display:block}" in html
    # "same" padding on the digits: unit (1, 1) reads rows and columns 1-2 only (0 padded).
    digits = feature_maps.frame_html(Session(CONV_DIGITS))
    corner = re.search(r"class='pg-rf r0-0' style='([^']*)'", digits).group(1)
    assert corner == "top:0.00%;height:25.00%;left:0.00%;width:25.00%"
