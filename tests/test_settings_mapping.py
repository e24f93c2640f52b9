"""The settings table owns the mapping to the engine spec (issue 23): a row names its place.

Done when adding a setting that reaches the engine touches the settings row and the engine
only: the `fake_rate` fixture adds one row (a live optimizer setting) and teaches the engine's
optimizer the key, and nothing else; the tests find it in the sidebar, the link, the spec, the
live network and a saved file.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import engine
from engine import spec as engine_spec
from playground.saving import downloads, loading
from playground.session import keys, links, settings
from playground.session.state import Session

APP = str(Path(__file__).resolve().parent.parent / "app.py")

pytestmark = pytest.mark.usefixtures("short_play")


def test_learning_rate_reaches_its_place_and_comes_back():
    values = {**settings.defaults(), "learning_rate": 0.3, "optimizer": "adam", "beta1": 0.8}
    spec = settings.network_spec(values, 2, 1, "binary")
    assert spec["optimizer"]["learning_rate"] == 0.3 and spec["optimizer"]["beta1"] == 0.8
    assert spec["loss"] == "binary_cross_entropy" and spec["layers"][-1]["activation"] == "sigmoid"
    back = settings.values_of_spec(engine.Network.from_spec(spec).spec)
    assert back["learning_rate"] == 0.3 and back["beta1"] == 0.8 and back["optimizer"] == "adam"
    assert back["problem"] == "binary" and back["layers"] == list(values["layers"])


def place(spec: dict, path: tuple):
    for part in path:
        spec = spec[part]
    return spec


@pytest.fixture(params=[("optimizer", "fake_rate"), ("fake_rate",)], ids=["optimizer", "top"])
def fake_rate(request, monkeypatch):
    """A new live setting, once in the optimizer's part of the spec and once at its top: its
    row in the table, and the engine taking its key (the engine's default 0.5 is the row's).
    Nothing of the page is patched besides the table (and the name index its module builds
    from it)."""
    path = request.param
    row = settings.Setting("fake_rate", "float", 0.5, "Fake rate", "training", low=0.0,
                           high=1.0, step=0.05, engine=path)
    table = (*settings.SETTINGS, row)
    monkeypatch.setattr(settings, "SETTINGS", table)
    monkeypatch.setattr(settings, "BY_NAME", {s.name: s for s in table})
    if path[0] == "optimizer":
        monkeypatch.setattr(engine_spec, "OPTIMIZER_DEFAULTS",
                            {**engine_spec.OPTIMIZER_DEFAULTS, "fake_rate": 0.5})
    else:
        monkeypatch.setattr(engine_spec, "DEFAULTS", {**engine_spec.DEFAULTS, "fake_rate": 0.5})
        monkeypatch.setattr(engine.network, "LIVE_KEYS", (*engine_spec.LIVE_KEYS, "fake_rate"))
    return row


def test_a_new_row_is_found_in_the_spec_and_back(fake_rate):
    values = {**settings.defaults(), "fake_rate": 0.25}
    assert fake_rate.applies_live
    path = fake_rate.engine
    assert place(settings.live_spec(values), path) == 0.25
    spec = settings.network_spec(values, 2, 1, "binary")
    assert settings.values_of_spec(spec)["fake_rate"] == 0.25
    assert place(engine.Network.from_spec(spec).spec, path) == 0.25


def test_a_new_row_is_in_the_sidebar_and_reaches_the_live_network_and_the_link(fake_rate):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    control = at.slider(key=keys.widget("fake_rate"))
    assert control.label == "Fake rate" and control.value == 0.5
    session = at.session_state["session"]
    before = {k: v.copy() for k, v in session.net.parameters.items()}
    control.set_value(0.25).run()
    assert not at.exception, at.exception
    net = at.session_state["session"].net
    assert net is session.net  # applied live: the same network, its parameters kept
    assert place(net.spec, fake_rate.engine) == 0.25
    assert all((net.parameters[k] == before[k]).all() for k in before)
    assert at.query_params["fake_rate"] == "0.25"  # the address bar carries it


def test_a_link_with_the_new_setting_sets_the_page_up(fake_rate):
    parsed = links.parse(links.query(settings.validate({"fake_rate": 0.75})[0]))
    assert parsed.values["fake_rate"] == 0.75 and not parsed.notices
    clamped = links.parse({"fake_rate": "7"})
    assert clamped.values["fake_rate"] == 1.0 and "Fake rate" in clamped.notices[0]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["fake_rate"] = "0.75"
    at.run()
    assert not at.exception, at.exception
    assert at.slider(key=keys.widget("fake_rate")).value == 0.75
    assert place(at.session_state["session"].net.spec, fake_rate.engine) == 0.75


@pytest.mark.parametrize("with_page_settings", [True, False])
def test_a_saved_file_carries_the_new_setting_and_loads_it_back(fake_rate, with_page_settings):
    """A file saved by the page (its settings as a link) and one saved from a notebook (the
    engine's spec only) both bring the value back."""
    saved = Session({"fake_rate": 0.75})
    saved.step()
    data = downloads.network_json(saved)
    doc = engine.saving.from_json(data)[0].spec
    assert place(doc, fake_rate.engine) == 0.75
    if not with_page_settings:
        data = engine.to_json(saved.trainer, saved.dataset).encode("utf-8")
    session = Session()
    assert session.values["fake_rate"] == 0.5
    assert loading.load(session, "net.json", data), session.notices
    assert session.values["fake_rate"] == 0.75
    assert place(session.net.spec, fake_rate.engine) == 0.75
    assert session.net.steps_done == 1


def test_identity_initialization_travels_in_a_link_and_a_saved_file():
    """A new choice of an existing row needs no row of its own: the link, the spec and a saved
    file carry `init=identity` as they carry any initializer."""
    query = links.query(settings.validate({"init": "identity"})[0])
    assert query["init"] == "identity"
    parsed = links.parse(query)
    assert parsed.values["init"] == "identity" and not parsed.notices
    saved = Session(parsed.values)
    assert saved.net.spec["init"] == "identity"
    saved.step()
    session = Session()
    assert loading.load(session, "net.json", downloads.network_json(saved)), session.notices
    assert session.values["init"] == "identity" and session.net.spec["init"] == "identity"
    assert session.net.steps_done == 1
