"""The "Save & export" tab: every download is a real, non-empty file of its kind; a network
file saved here and loaded again restores the same metrics, settings and link and trains on
exactly; a hostile or unfitting file is a message and changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import onnx
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import engine
from playground.charts import colors, slide
from playground.charts.boundary import dot_colours
from playground.saving import downloads, loading
from playground.server.streamlit_internals import MediaFileManager
from playground.session import links, settings
from playground.session.state import Session

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TAB = links.PANELS["export"]


pytestmark = pytest.mark.usefixtures("short_play")


@pytest.fixture
def deferred(monkeypatch):
    """The download buttons' builders by file suffix, as Streamlit registers them (it calls
    one when its button is clicked)."""
    builders = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        builders[file_name.rsplit(".", 1)[-1]] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return builders


def page(**values) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    if values:
        at.session_state["session"].apply(values)
        at.run()  # the tabs follow the data (Draw points, Digits): a new set starts closed
    return at


def test_each_download_button_produces_a_non_empty_file_of_its_kind(deferred):
    at = page(dataset="xor", batch_norm=True, optimizer="adam")
    s = at.session_state["session"]
    for _ in range(3):
        s.epoch()
    at.session_state["panel"] = TAB
    at.run()
    assert not at.exception and not at.error
    assert sorted(deferred) == ["csv", "json", "onnx", "png", "py", "svg"]
    files = {suffix: build() for suffix, (build, _) in deferred.items()}
    assert all(len(data) > 100 for data in files.values())
    net, info = engine.from_json(files["json"])
    assert net.epochs_done == 3 and info["steps_into_epoch"] == 0
    compile(files["py"], "network.py", "exec")
    onnx.checker.check_model(onnx.load_from_string(files["onnx"]))
    image = Image.open(io.BytesIO(files["png"]))
    assert image.size == (1920, 1080) and image.format == "PNG"
    assert files["svg"].startswith(b"<?xml") and b"<svg" in files["svg"]
    rows = list(csv.reader(io.StringIO(files["csv"].decode())))
    assert rows[0] == ["epoch", "train_cost", "test_cost", "train_accuracy", "test_accuracy"]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2", "3"]
    assert float(rows[-1][1]) == s.metrics["train_cost"]
    assert deferred["png"][1] == "image/png" and deferred["json"][1] == "application/json"


def test_digits_have_no_boundary_picture_and_the_rest_still_downloads(deferred):
    at = page(dataset="digits", problem="multiclass")
    at.session_state["panel"] = TAB
    at.run()
    assert not at.exception and not at.error
    assert sorted(deferred) == ["csv", "json", "onnx", "py", "svg"]
    assert all(build() for build, _ in deferred.values())


def test_the_json_just_downloaded_restores_the_same_metrics_settings_and_link(deferred):
    at = page(dataset="spiral", layers="6:relu,3:tanh", optimizer="adam", learning_rate=0.01,
              batch_size=16, keep_prob=0.8, decay="exponential", features=("x1", "x2", "x1x2"))
    s = at.session_state["session"]
    for _ in range(4):
        s.epoch()
    s.step()  # into the next epoch: the place in it must come back too
    at.session_state["panel"] = TAB
    at.run()
    saved = deferred["json"][0]()

    other = page()
    t = other.session_state["session"]
    assert loading.load(t, "spiral.json", saved), t.error
    other.run()
    assert not other.exception and not other.error
    assert t.metrics == s.metrics and t.values == s.values
    set_up = [{k: v for k, v in page.query_params.items() if k != "run"}
              for page in (other, at)]  # each tab has its own run token
    assert set_up[0] == set_up[1]  # the link carries the same set-up
    assert t.steps_into_epoch == s.steps_into_epoch == 1
    assert "Loaded spiral.json: epoch 4, step" in t.message
    for _ in range(30):  # across an epoch end, with dropout
        s.step()
        t.step()
    for name, value in s.net.parameters.items():
        np.testing.assert_allclose(t.net.parameters[name], value, rtol=0, atol=1e-12)
    assert t.metrics == s.metrics


HOSTILE = {
    "truncated.json": lambda good: good[: len(good) // 3],
    "version.json": lambda good: good.replace(b'"version":1', b'"version":7'),
    "nan.json": lambda good: good.replace(b'"b1":[[', b'"b1":[[NaN,'),
    "big.json": lambda good: b" " * (10 * 2**20) + good,
    "pickle.json": lambda good: b"\x80\x04\x95\x10\x00\x00\x00",
    "deep.json": lambda good: b"[" * 50_000 + b"]" * 50_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_a_message_and_the_current_network_stays(name):
    source = Session()
    source.epoch()
    good = downloads.network_json(source)
    at = page(dataset="xor")
    s = at.session_state["session"]
    s.epoch()
    before = {k: v.copy() for k, v in s.net.parameters.items()}
    values, net, metrics = dict(s.values), s.net, dict(s.metrics)
    assert not loading.load(s, name, HOSTILE[name](good))
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith(f"{name} was not loaded: ")
    assert s.net is net and s.values == values and s.metrics == metrics
    assert all(np.array_equal(s.net.parameters[k], before[k]) for k in before)


def test_points_drawn_on_the_page_stay_and_the_notes_say_the_saved_run_lacked_them():
    source = Session()
    source.epoch()
    s = Session()
    s.add_point(1.0, 1.0, 1)
    assert loading.load(s, "circle.json", downloads.network_json(source)), s.error
    assert s.dataset.m_train == source.dataset.m_train + 1
    assert any("The 1 point drawn here stays in the training data" in note for note in s.notes)


def test_a_file_whose_network_does_not_fit_its_data_is_refused():
    s = Session()
    doc = json.loads(downloads.network_json(s))
    doc["extra"]["settings"] = "dataset=xor&features=x1,x2,x1x2"  # 3 inputs for a 2-input net
    before = s.net
    assert not loading.load(s, "odd.json", json.dumps(doc).encode())
    assert "the network takes 2 inputs" in s.error and s.net is before


def test_a_network_learned_from_a_csv_file_asks_for_that_file_first():
    s = Session()
    s.apply({"dataset": settings.CSV_DATASET})
    s.use_csv("mine.csv", b"a,b,label\n" + b"".join(
        f"{i % 7},{i % 5},{int(i % 7 > 3)}\n".encode() for i in range(60)))
    saved = downloads.network_json(s)
    fresh = Session()
    assert not loading.load(fresh, "mine.json", saved)
    assert "uploaded CSV file (columns a, b)" in fresh.error
    s.epoch()
    assert loading.load(s, "mine.json", saved), s.error  # with the file there, it loads


def test_a_notebook_file_fills_the_settings_from_its_spec_and_says_what_it_snapped():
    values = {**settings.defaults(), "dataset": "xor"}
    data = Session(values).dataset
    spec = {"n_x": 2, "layers": [{"units": 5, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}],
            "optimizer": {"name": "momentum", "learning_rate": 0.05}, "batch_size": 10}
    net = engine.Network.from_spec(spec)
    trainer = engine.Trainer(net, data)
    trainer.run_epochs(2)
    s = Session()
    assert loading.load(s, "notebook.json", engine.to_json(trainer, data).encode()), s.error
    assert s.values["dataset"] == "xor" and s.values["optimizer"] == "momentum"
    assert s.values["layers"] == [{"units": 5, "activation": "relu"}]
    assert s.values["learning_rate"] == 0.03
    assert any("0.05 is not on the scale; using 0.03" in note for note in s.notes)
    assert s.net.spec["optimizer"]["learning_rate"] == 0.03  # the page's value rules
    np.testing.assert_array_equal(s.net.parameters["W1"], net.parameters["W1"])


def test_the_slide_png_draws_each_point_in_its_class_colour():
    s = Session({"dataset": "blobs", "problem": "multiclass"})
    s.epoch()
    d = s.dataset
    png = downloads.boundary_png(s)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    assert image.shape == (1080, 1920, 3)
    xs, ys = slide._xy(d.points_train, d.bounds)
    fills = dot_colours(d.labels_train, d.problem)
    hits = 0
    for x, y, fill in list(zip(xs, ys, fills, strict=True))[:40]:
        centre = image[int(round(y)), int(round(x))]
        hits += np.abs(centre - np.array(colors.hex_to_rgb(fill))).max() <= 40
    assert hits >= 30  # points drawn later may cover a few
    # A regression surface gets its colour bar instead of classes.
    r = Session({"problem": "regression", "dataset": "plane"})
    assert Image.open(io.BytesIO(downloads.boundary_png(r))).size == (1920, 1080)
