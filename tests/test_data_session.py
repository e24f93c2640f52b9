"""A session's data changes (issues 7 and 8): all or nothing, the problem type follows an
uploaded file, a refused file leaves the file in use on the page, drawn points stay sane."""

import uuid
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import engine
import engine.spec
from engine.prepare import with_points
from playground.session import limits, settings, state
from playground.session.state import Session

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def csv_file(header: str, rows) -> bytes:
    return (header + "\n" + "\n".join(rows) + "\n").encode()


THREE_FEATURES = csv_file("a,b,c,label", [f"{i % 7},{i % 5},{i % 3},{int(i % 7 > 3)}"
                                          for i in range(60)])
SPECIES = csv_file("petal,sepal,species", [f"{i % 7},{(i * 3) % 5},{'xyz'[i % 3]}"
                                           for i in range(60)])
PRICES = csv_file("area,rooms,price", [f"{50 + 3 * i},{1 + i % 5},{100_000 + 2_500 * i}"
                                       for i in range(60)])


def params(session: Session) -> dict:
    return {k: v.copy() for k, v in session.net.parameters.items()}


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_data_a_network_cannot_take_is_not_swapped_in(monkeypatch):
    """Before: the data set was swapped in, then building the network failed, and every rerun,
    Reset and Step broke. Now the old data and network stay, with a message."""
    s = Session()
    s.use_csv("three.csv", THREE_FEATURES)
    assert s.dataset.n_x == 2 and not s.error
    s.step()
    before, dataset, steps = params(s), s.dataset, s.net.steps_done
    monkeypatch.setattr(limits, "MAX_INPUTS", 2)  # as if 3 inputs were over the server limit
    s.pick_csv_columns("label", ["a", "b", "c"])
    assert s.error.startswith("three.csv: ") and "n_x" in s.error
    assert s.dataset is dataset and s.csv.feature_columns == ("a", "b")
    assert same(params(s), before) and s.net.steps_done == steps
    s.step()  # the session carries on with the data and network it had
    s.reset()
    assert s.net.steps_done == 0 and s.dataset is dataset
    # The same through the settings door: a third feature of a generated plane.
    s.apply({"dataset": "circle"})
    circle = s.dataset
    message = s.apply({"features": ("x1", "x2", "x1^2")})
    assert message == "" and "n_x" in s.error
    assert s.dataset is circle and s.values["features"] == ("x1", "x2")
    assert s.net.layer_sizes[0] == 2


@pytest.mark.parametrize(
    "data, problem, notice",
    [
        (SPECIES, "multiclass",
         "Problem type set to Multi-class: the label column 'species' has 3 classes."),
        (PRICES, "regression",
         "Problem type set to Regression: the label column 'price' holds numbers to predict."),
    ],
)
def test_the_problem_type_follows_the_uploaded_file(data, problem, notice):
    s = Session()
    assert s.values["problem"] == "binary"
    s.use_csv("mine.csv", data)
    assert not s.error and s.dataset.problem == problem == s.values["problem"]
    assert s.message.startswith(notice)
    assert s.net.spec["loss"] == settings.OUTPUT[problem][1]


def test_a_problem_type_the_file_cannot_be_says_what_to_switch():
    s = Session()
    s.use_csv("prices.csv", PRICES)
    dataset = s.dataset
    s.apply({"problem": "binary"})
    assert "choose the problem type Regression" in s.error
    assert s.values["problem"] == "regression" and s.dataset is dataset
    s.use_csv("species.csv", SPECIES)
    s.apply({"problem": "regression"})
    assert "holds text ('x'); regression needs a numeric target" in s.error
    assert "Choose the problem type Classification" in s.error
    assert s.values["problem"] == "multiclass"
    s.apply({"problem": "binary"})  # a 3-class file stays multi-class, and the page says why
    assert not s.error and s.values["problem"] == "multiclass"
    assert s.message.startswith("Problem type set to Multi-class")


def test_a_files_unscaled_regression_target_trains_in_standard_units():
    s = Session()
    s.use_csv("prices.csv", PRICES)
    assert s.dataset.target_std > 10_000
    s.epoch()
    first = s.metrics["train_cost"]
    for _ in range(30):
        s.epoch()
    assert first < 5  # about 0.5 for a standardized target; 5,230 with dollars as they are
    assert s.metrics["train_cost"] < first


def test_a_refused_file_leaves_the_file_in_use_and_its_columns():
    s = Session()
    s.use_csv("good.csv", THREE_FEATURES)
    good = s.csv
    bad = csv_file("u,v,label", [f"{i},{'=1+1' if i == 5 else i},{i % 2}" for i in range(20)])
    s.use_csv("bad.csv", bad)
    assert s.error == "bad.csv: The column 'v', line 7 holds '=1+1', which is not a number."
    assert s.csv is good and s.dataset.input_names == ("a", "b")
    assert s.csv_rejections == 1


def test_the_sidebar_shows_the_data_in_use_after_a_refused_upload(short_play):
    at = AppTest.from_file(APP, default_timeout=60).run()
    s = at.session_state["session"]
    s.use_csv("good.csv", THREE_FEATURES)
    at.run()
    s.use_csv("bad.csv", csv_file("u,v,w", [f"{i},{i},x{i}" for i in range(200)]))
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("bad.csv: The label column 'w' has 200 different values")
    captions = " ".join(c.value for c in at.caption)
    assert "In use: **good.csv** (60 rows)" in captions and "bad.csv" not in captions
    assert at.selectbox(key="csv.label").options == ["a", "b", "c", "label"]
    assert at.session_state["session"].csv_rejections == 1  # a fresh, empty uploader


def test_drawn_points_outside_the_plot_window_are_refused():
    s = Session()
    m = s.dataset.m_train
    s.add_point(1e300, 0.0, 1.0)
    assert s.error.startswith("The point (1e+300, 0) is outside the plot window")
    assert s.dataset.m_train == m and s.drawn == []
    s.add_point(1.0, 0.5, 1.0)
    assert not s.error and s.dataset.m_train == m + 1 and s.drawn == [(1.0, 0.5, 1.0)]


def test_drawn_points_use_the_engines_one_code_path():
    assert state.with_points is with_points
    assert "def with_points" not in Path(state.__file__).read_text()


def test_drawn_points_survive_a_new_split_and_go_with_a_new_data_set():
    s = Session()
    s.add_point(1.0, 0.5, 1.0)
    s.apply({"train_ratio": 70})
    assert s.drawn == [(1.0, 0.5, 1.0)] and s.dataset.m_train == 350 + 1
    assert np.array_equal(s.dataset.points_train[:, -1], [1.0, 0.5])
    s.apply({"dataset": "xor"})
    assert s.drawn == [] and s.dataset.m_train == 350


def test_a_changed_data_code_misses_the_shared_data_cache(monkeypatch):
    """The disk cache outlives the code: a data set pickled by older engine code (say, before
    a Dataset field existed) must not be served to newer code."""
    values = settings.validate({"n_points": 100})[0]
    state.build_dataset(values, None)  # now cached
    calls = []
    real = engine.make_dataset
    monkeypatch.setattr(engine, "make_dataset", lambda **kw: calls.append(kw) or real(**kw))
    state.build_dataset(values, None)
    assert calls == []  # same code: served from the cache
    monkeypatch.setattr(state, "DATA_CODE", uuid.uuid4().hex)
    data = state.build_dataset(values, None)
    assert len(calls) == 1 and data.features == ("x1", "x2")  # new code: generated again


def test_a_file_with_a_stray_bad_cell_loads_and_picking_that_column_names_the_cell():
    s = Session()
    rows = [f"{i},{'=1+1' if i == 3 else i % 5},{i % 3},{int(i % 7 > 3)}" for i in range(40)]
    s.use_csv("cells.csv", csv_file("a,b,c,label", rows))
    assert not s.error and s.csv.feature_columns == ("a", "c")
    assert s.csv.table.feature_columns == ("a", "b", "c", "label")  # what the picker offers
    s.pick_csv_columns("label", ["a", "b"])
    assert s.error == "cells.csv: The column 'b', line 5 holds '=1+1', which is not a number."
    assert s.csv.feature_columns == ("a", "c") and s.dataset.input_names == ("a", "c")
