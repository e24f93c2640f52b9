"""The shared server's limits are the playground's (playground/session/limits.py), said in its own
words; the engine itself builds what the course builds in a notebook."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from playground.session import limits, links, settings


def test_a_link_asking_128_units_gets_the_playgrounds_limit_while_the_engine_builds_784_128_10():
    link = links.parse({"layers": "128:relu"})
    assert link.values["layers"] == [{"units": 64, "activation": "relu"}]
    assert link.notices == ["Hidden layer 1: 128 units is outside 1–64; using 64."]
    net = engine.Network.from_spec({"n_x": 784, "layers": [
        {"units": 128, "activation": "relu"}, {"units": 10, "activation": "softmax"}]})
    assert net.layer_sizes == [784, 128, 10] and net.spec["loss"] == "categorical_cross_entropy"
    assert net.forward(np.zeros((784, 3))).shape == (10, 3)


def test_every_network_the_page_builds_keeps_to_the_table():
    values, _ = settings.validate({})
    spec = settings.network_spec(values, 2, 1, "binary")
    assert limits.refusal(spec) is None
    wide = {**spec, "layers": [{"units": 128, "activation": "relu"}, spec["layers"][-1]]}
    deep = {**spec, "layers": [{"units": 2, "activation": "relu"}] * 9 + [spec["layers"][-1]]}
    many_inputs = {**spec, "n_x": 12288}
    assert limits.refusal(wide) == ("Hidden layer 1 has 128 units; the playground allows at "
                                    "most 64 per layer on this shared server.")
    assert "at most 8 hidden layers" in limits.refusal(deep)
    assert limits.refusal(many_inputs) == ("The data gives the network 12,288 inputs (n_x); "
                                           "the playground takes at most 1,024.")
    with pytest.raises(ValueError, match="12,288 inputs"):
        settings.network_spec(values, 12288, 1, "binary")
    # ... and the engine builds the course's cat classifier, 12288-20-7-5-1.
    cat = engine.Network.from_spec({"n_x": 12288, "layers": [
        {"units": n, "activation": "relu"} for n in (20, 7, 5)] + [
        {"units": 1, "activation": "sigmoid"}]})
    assert cat.layer_sizes == [12288, 20, 7, 5, 1]


def test_a_notebooks_784_128_10_file_is_refused_by_the_page_in_its_own_words():
    from playground.saving import loading
    from playground.session.state import Session

    net = engine.Network.from_spec({"n_x": 784, "layers": [
        {"units": 128, "activation": "relu"}, {"units": 10, "activation": "softmax"}]})
    session = Session()
    before = session.net
    assert not loading.load(session, "mnist.json", engine.to_json(net).encode("utf-8"))
    assert session.error == ("mnist.json was not loaded: Hidden layer 1 has 128 units; the "
                             "playground allows at most 64 per layer on this shared server.")
    assert session.net is before


def test_a_notebooks_conv_net_file_loads_on_the_page_within_its_limits():
    from playground.saving import loading
    from playground.session.state import Session

    net = engine.Network.from_spec({"input_shape": [8, 8, 1], "layers": [
        {"type": "conv", "filters": 2, "size": 3, "padding": "same", "activation": "relu"},
        {"type": "pool", "mode": "max", "size": 2, "stride": 2},
        {"units": 10, "activation": "softmax"}]})
    assert limits.refusal(net.spec) is None
    session = Session()
    assert loading.load(session, "conv.json", engine.to_json(net).encode("utf-8")), (
        session.notices)
    assert session.values["dataset"] == "digits" and session.net.spec["layers"] == (
        net.spec["layers"])
    many = {**net.spec, "layers": [net.spec["layers"][0]] * 5 + net.spec["layers"][-1:]}
    assert limits.refusal(many) == ("The playground builds at most 4 conv layers on this "
                                    "shared server; this network has 5.")
