"""The settings table owns the mapping to the engine spec (issue 23): a row names its place."""

import engine
from playground import settings


def test_learning_rate_reaches_its_place_and_comes_back():
    values = {**settings.defaults(), "learning_rate": 0.3, "optimizer": "adam", "beta1": 0.8}
    spec = settings.network_spec(values, 2, 1, "binary")
    assert spec["optimizer"]["learning_rate"] == 0.3 and spec["optimizer"]["beta1"] == 0.8
    assert spec["loss"] == "binary_cross_entropy" and spec["layers"][-1]["activation"] == "sigmoid"
    back = settings.values_of_spec(engine.Network.from_spec(spec).spec)
    assert back["learning_rate"] == 0.3 and back["beta1"] == 0.8 and back["optimizer"] == "adam"
    assert back["problem"] == "binary" and back["layers"] == list(values["layers"])


def test_a_new_row_is_found_in_the_spec_and_back(monkeypatch):
    fake = settings.Setting("fake_rate", "float", 0.5, "Fake", "training", low=0.0, high=1.0,
                            engine=("optimizer", "fake_rate"))
    monkeypatch.setattr(settings, "SETTINGS", (*settings.SETTINGS, fake))
    values = {**settings.defaults(), "fake_rate": 0.25}
    assert fake.applies_live
    assert settings.optimizer_spec(values)["fake_rate"] == 0.25
    assert settings.live_spec(values)["optimizer"]["fake_rate"] == 0.25
    spec = settings.network_spec(values, 2, 1, "binary")
    assert settings.values_of_spec(spec)["fake_rate"] == 0.25
