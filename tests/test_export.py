"""Taking a network away: engine.to_json / from_json (go on training exactly), to_python (a
standalone NumPy file run in a clean subprocess), to_onnx (onnxruntime gives the engine's
outputs), and hostile files refused with a ValueError naming the problem."""

from __future__ import annotations

import ast
import json
import pickle
import re
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import saving

PROBLEMS = {  # output activation, loss, classes
    "binary": ("sigmoid", "binary_cross_entropy", 2),
    "multiclass": ("softmax", "categorical_cross_entropy", 3),
    "regression": ("linear", "mean_squared_error", 0),
}


def dataset(problem="binary", features=("x1", "x2"), seed=0, n=120, normalize=True):
    name = {"binary": "xor", "multiclass": "blobs", "regression": "plane"}[problem]
    raw = engine.make_dataset(name, n=n, noise=0.1, seed=seed,
                              n_classes=3 if problem == "multiclass" else None)
    return engine.prepare(raw, features=features, seed=seed, normalize=normalize)


def spec_for(data, hidden, problem, **spec):
    activation, loss, _ = PROBLEMS[problem]
    return {"n_x": data.n_x, "loss": loss,
            "layers": [*({"units": u, "activation": g} for u, g in hidden),
                       {"units": data.n_y, "activation": activation}], **spec}


def trained(data, spec, steps):
    net = engine.Network.from_spec(spec)
    trainer = engine.Trainer(net, data)
    for _ in range(steps):
        trainer.step()
    return net, trainer


# --- JSON: a round trip continues the run exactly ------------------------------------------------

runs = st.fixed_dictionaries({
    "problem": st.sampled_from(sorted(PROBLEMS)),
    "hidden": st.lists(st.tuples(st.integers(1, 6), st.sampled_from(engine.HIDDEN_ACTIVATIONS)),
                       max_size=3),
    "batch_norm": st.booleans(),
    "keep_prob": st.sampled_from([1.0, 0.7]),
    "batch_size": st.sampled_from([None, 7, 32]),
    "l2": st.sampled_from([0.0, 0.05]),
    "optimizer": st.sampled_from(sorted(engine.OPTIMIZERS)),
    "decay": st.sampled_from([None, {"kind": "exponential", "base": 0.8},
                              {"kind": "staircase", "drop": 0.5, "every": 2}]),
    "seed": st.integers(0, 2**32 - 1),
    "steps": st.integers(0, 40),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_a_loaded_network_predicts_and_trains_on_exactly_as_if_it_never_stopped(run):
    data = dataset(run["problem"], ("x1", "x2", "x1x2"))
    spec = spec_for(data, run["hidden"], run["problem"], batch_norm=run["batch_norm"],
                    keep_prob=run["keep_prob"], batch_size=run["batch_size"], l2=run["l2"],
                    seed=run["seed"], optimizer={"name": run["optimizer"],
                                                  "learning_rate": 0.05, "decay": run["decay"]})
    net, trainer = trained(data, spec, run["steps"])
    text = engine.to_json(trainer, data)
    loaded, info = engine.from_json(text)
    assert loaded.steps_done == net.steps_done and loaded.epochs_done == net.epochs_done
    np.testing.assert_array_equal(loaded.predict(data.X_test), net.predict(data.X_test))
    resumed = engine.resume(loaded, data, info)
    for _ in range(7):  # the next steps cross an epoch end with batch size 7 or 32
        trainer.step()
        resumed.step()
        for name, value in net.parameters.items():
            np.testing.assert_allclose(loaded.parameters[name], value, rtol=0, atol=1e-12)
    assert resumed.metrics == trainer.metrics
    for name in trainer.history.names():
        np.testing.assert_array_equal(resumed.history.series(name)[1],
                                      trainer.history.series(name)[1])
    np.testing.assert_array_equal(loaded.history.series("cost")[1], net.history.series("cost")[1])
    # Saving the loaded network again gives the same document as saving the original.
    assert engine.to_json(resumed, data) == engine.to_json(trainer, data)


def test_the_dropout_stream_and_the_place_in_the_epoch_are_what_make_the_next_step_exact():
    """Without them the next step differs: the round trip test would catch a loader that
    dropped either (the masks and the batch order are random)."""
    data = dataset()
    spec = spec_for(data, [(5, "relu")], "binary", keep_prob=0.6, batch_size=8,
                    optimizer={"name": "adam", "learning_rate": 0.05})
    net, trainer = trained(data, spec, 11)
    doc = saving.to_dict(trainer, data)
    trainer.step()
    for broken in ({"dropout_random_state": saving.to_dict(engine.Network.from_spec(spec))[
            "dropout_random_state"]}, {"steps_into_epoch": 0}):
        loaded, info = saving.from_dict({**doc, **broken})
        engine.resume(loaded, data, info).step()
        assert not np.allclose(loaded.parameters["W1"], net.parameters["W1"], rtol=0,
                               atol=1e-12)
    loaded, info = saving.from_dict(doc)
    engine.resume(loaded, data, info).step()
    np.testing.assert_array_equal(loaded.parameters["W1"], net.parameters["W1"])


def test_the_document_is_readable_in_the_course_shapes_with_the_input_pipeline():
    data = dataset("multiclass", ("x1", "x2", "sin_x1"))
    spec = spec_for(data, [(4, "tanh")], "multiclass", batch_norm=True,
                    optimizer={"name": "momentum"})
    net, trainer = trained(data, spec, 5)
    doc = json.loads(engine.to_json(trainer, data))
    assert doc["format"] == saving.FORMAT and doc["version"] == 1
    assert np.shape(doc["parameters"]["W1"]) == (4, 3)
    assert np.shape(doc["parameters"]["W2"]) == (3, 4) and np.shape(doc["parameters"]["b2"]) == (
        3, 1)
    assert np.shape(doc["optimizer_state"]["v"]["gamma1"]) == (4, 1)
    assert doc["data"]["features"] == ["x1", "x2", "sin_x1"]
    assert doc["data"]["class_names"] == list(data.class_names)
    np.testing.assert_array_equal(doc["data"]["normalization"]["mean"], data.normalization.mean)
    loaded, info = engine.from_json(engine.to_json(trainer, data))
    pipeline = info["pipeline"]
    raw = data.inputs_test
    np.testing.assert_array_equal(loaded.predict(pipeline.transform(raw)),
                                  net.predict(data.X_test))


def test_a_network_saved_without_trainer_or_data_says_what_it_cannot_bring_back():
    net = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 1,
                                                          "activation": "sigmoid"}]})
    loaded, info = engine.from_json(engine.to_json(net))
    assert info["steps_into_epoch"] is None and info["pipeline"] is None
    said = " ".join(info["not_restored"])
    assert "place in the current epoch" in said and "input pipeline" in said


# --- the standalone Python file -------------------------------------------------------------------

def run_exported(source: str, folder) -> str:
    """Run the file with the project out of reach: isolated mode (-I: no PYTHON* variables,
    no user site, not the script's folder on sys.path), a temporary folder, a bare env."""
    path = folder / "network.py"
    path.write_text(source)
    result = subprocess.run([sys.executable, "-I", str(path)], cwd=folder, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def printed_outputs(stdout: str) -> np.ndarray:
    rows = [ast.literal_eval(found) for found in re.findall(r"A\[L\] = (\[[^\]]*\])", stdout)]
    return np.array(rows).T


@pytest.mark.parametrize("problem, features, hidden, batch_norm", [
    ("binary", ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2", "cos_x1", "cos_x2"),
     [(5, "tanh"), (3, "relu")], False),
    ("multiclass", ("x1", "x2"), [(6, "leaky_relu"), (4, "sigmoid")], True),
    ("regression", ("x1", "x2", "x1x2"), [(4, "linear")], True),
])
def test_the_exported_python_file_runs_alone_and_prints_the_engines_predictions(
        tmp_path, problem, features, hidden, batch_norm):
    data = dataset(problem, features)
    spec = spec_for(data, hidden, problem, batch_norm=batch_norm, keep_prob=0.8, batch_size=10,
                    optimizer={"name": "adam", "learning_rate": 0.02})
    net, _ = trained(data, spec, 25)
    source = engine.to_python(net, data)
    imported = {alias.name for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in getattr(node, "names", [])} | {
        node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert imported == {"numpy"}
    # The project is out of reach where the file runs (else the check below proves little).
    probe = subprocess.run([sys.executable, "-I", "-c", "import engine"], cwd=tmp_path,
                           capture_output=True, env={"PATH": "/usr/bin:/bin"})
    assert probe.returncode != 0
    printed = printed_outputs(run_exported(source, tmp_path))
    expected = net.predict(data.X_test[:, :engine.python_export.SAMPLES])
    assert printed.shape == expected.shape
    np.testing.assert_allclose(printed, expected, rtol=0, atol=1e-12)
    # Every test example, through predict() on raw inputs.
    space: dict = {}
    exec(compile(source, "network.py", "exec"), space)
    np.testing.assert_allclose(space["predict"](data.inputs_test), net.predict(data.X_test),
                               rtol=0, atol=1e-12)


def test_without_data_the_python_file_takes_the_network_input_as_it_is(tmp_path):
    net = engine.Network.from_spec({"n_x": 3, "layers": [{"units": 2, "activation": "relu"},
                                                         {"units": 1, "activation": "sigmoid"}],
                                    "seed": 4})
    printed = printed_outputs(run_exported(engine.to_python(net), tmp_path))
    samples = np.random.default_rng(0).standard_normal((3, 5))
    np.testing.assert_allclose(printed, net.predict(samples), rtol=0, atol=1e-12)


# --- ONNX ----------------------------------------------------------------------------------------

def onnx_outputs(model: bytes, inputs: np.ndarray) -> np.ndarray:
    """Course-shaped outputs (n_y, m) of raw inputs (d, m) through onnxruntime."""
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    return session.run(None, {"inputs": inputs.T.astype(np.float32)})[0].T


ONNX_CASES = [
    *(("binary", ("x1", "x2"), [(5, g)], False) for g in engine.HIDDEN_ACTIVATIONS),
    ("multiclass", ("x1", "x2"), [(4, "tanh")], False),
    ("regression", ("x1", "x2"), [(4, "relu")], False),
    ("binary", ("x1", "x2"), [(5, "relu"), (3, "tanh")], True),
    ("multiclass", ("x1", "x2"), [(4, "leaky_relu")], True),
    *(("binary", ("x1", feature), [(3, "tanh")], False) for feature in engine.FEATURES[1:]),
]


@pytest.mark.parametrize("problem, features, hidden, batch_norm", ONNX_CASES)
def test_onnxruntime_gives_the_engines_outputs(problem, features, hidden, batch_norm):
    data = dataset(problem, features)
    spec = spec_for(data, hidden, problem, batch_norm=batch_norm, keep_prob=0.8, batch_size=16,
                    optimizer={"name": "adam", "learning_rate": 0.03})
    net, _ = trained(data, spec, 30)
    model = engine.to_onnx(net, data)
    onnx.checker.check_model(onnx.load_from_string(model), full_check=True)
    np.testing.assert_allclose(onnx_outputs(model, data.inputs_test), net.predict(data.X_test),
                               rtol=1e-6, atol=1e-6)


def test_the_onnx_graph_is_the_inference_pass_features_normalization_and_batch_norm():
    data = dataset("binary", ("x1", "x2", "x1^2", "sin_x2"))
    spec = spec_for(data, [(4, "tanh")], "binary", batch_norm=True, keep_prob=0.5)
    net, _ = trained(data, spec, 12)
    graph = onnx.load_from_string(engine.to_onnx(net, data)).graph
    ops = [node.op_type for node in graph.node]
    assert {"Slice", "Mul", "Sin", "Concat", "Sub", "Div", "Gemm", "BatchNormalization",
            "Tanh", "Sigmoid"} <= set(ops)
    assert "Dropout" not in ops
    shape = [d.dim_param or d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    assert shape == ["m", 2]
    # Without data the graph starts at the network's own X (one example per row).
    model = engine.to_onnx(net)
    np.testing.assert_allclose(onnx_outputs(model, data.X_test), net.predict(data.X_test),
                               rtol=1e-6, atol=1e-6)


# --- hostile files ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def good():
    data = dataset()
    spec = spec_for(data, [(3, "tanh")], "binary", optimizer={"name": "adam"})
    _, trainer = trained(data, spec, 4)
    return engine.to_json(trainer, data)


def edited(text: str, change) -> str:
    doc = json.loads(text)
    change(doc)
    return json.dumps(doc)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE = {
    "truncated": (lambda t: t[: len(t) // 2], "not valid JSON"),
    "empty": (lambda t: "", "not valid JSON"),
    "wrong version": (lambda t: edited(t, lambda d: d.update(version=2)),
                      "version 2 is not known"),
    "not ours": (lambda t: edited(t, lambda d: d.update(format="keras")), "format 'keras'"),
    "W of the wrong shape": (
        lambda t: edited(t, lambda d: d["parameters"].update(W1=[[1.0, 2.0]])),
        r"W1 must have shape \(3, 2\), got \(1, 2\)"),
    "NaN": (lambda t: t.replace(t[t.index('"W1":[[') + 7:].split(",")[0], "NaN", 1),
            "NaN is not a finite number"),
    "Infinity": (lambda t: t.replace('"b1":[[', '"b1":[[-Infinity,', 1), "not a finite"),
    "overflowing number": (lambda t: t.replace('"b1":[[', '"b1":[[1e999,', 1),
                           "too large for a 64-bit float"),
    "10 MB": (lambda t: t[:-1] + ',"pad":"' + "x" * (10 * 2**20) + '"}', "at most 5 MB|5 MB"),
    "a pickle": (lambda t: pickle.dumps({"spec": 1}), "pickle"),
    "deep nesting": (lambda t: nested(100_000), "nests 100000 levels deep"),
    "binary junk": (lambda t: bytes(range(256)), "not text"),
    "a list": (lambda t: "[1, 2]", "JSON object"),
    "a string in W": (lambda t: edited(t, lambda d: d["parameters"]["W1"][0].__setitem__(
        0, "0.1")), "W1 holds '0.1', which is not a number"),
    "a bool in b": (lambda t: edited(t, lambda d: d["parameters"]["b1"][0].__setitem__(0, True)),
                    "not a number"),
    "missing parameter": (lambda t: edited(t, lambda d: d["parameters"].pop("b2")),
                          "missing 'b2'"),
    "unknown key": (lambda t: edited(t, lambda d: d.update(code="import os")),
                    "unknown key.*'code'"),
    # The engine has no limit on layers or units (the playground has); a file still cannot
    # make the reader allocate more parameters than it could hold.
    "too many parameters for a file": (lambda t: edited(t, lambda d: d["spec"]["layers"][0].update(
        units=10**7)), "spec: a network of 40,000,001 parameters cannot be in a file"),
    "negative step count": (lambda t: edited(t, lambda d: d.update(steps_done=-1)),
                            "steps_done must be a whole number"),
    "Adam state of the wrong shape": (
        lambda t: edited(t, lambda d: d["optimizer_state"]["v"].update(W2=[[0.0]])),
        r"optimizer_state.v.W2 must have shape \(1, 3\)"),
    "random state out of range": (
        lambda t: edited(t, lambda d: d["dropout_random_state"]["state"].update(inc=2**130)),
        "dropout_random_state.state.inc"),
    "normalization of the wrong size": (
        lambda t: edited(t, lambda d: d["data"]["normalization"].update(std=[[1.0]])),
        r"data.normalization.std must have shape \(2, 1\)"),
    "zero std": (lambda t: edited(t, lambda d: d["data"]["normalization"].update(
        std=[[1.0], [0.0]])), "std must be positive"),
    "unknown feature": (lambda t: edited(t, lambda d: d["data"].update(
        features=["x1", "__import__"])), "Unknown feature"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_a_clear_error(good, case):
    make, message = HOSTILE[case]
    with pytest.raises(ValueError, match=message):
        engine.from_json(make(good))


def test_the_unedited_document_loads(good):
    """The hostile cases above edit this document: it must load as it is."""
    net, info = engine.from_json(good)
    assert net.steps_done == 4 and info["steps_into_epoch"] is not None
    net, info = engine.from_json(good.encode("utf-8"))
    assert net.steps_done == 4


def test_a_network_too_large_for_a_file_is_refused_when_saving():
    spec = {"n_x": 1024, "layers": [{"units": 64, "activation": "tanh"}] * 8 + [
        {"units": 10, "activation": "softmax"}], "loss": "categorical_cross_entropy",
        "optimizer": {"name": "adam"}}
    net = engine.Network.from_spec(spec)
    X = np.random.default_rng(0).standard_normal((1024, 10))
    net.step(X, np.eye(10))
    with pytest.raises(ValueError, match="more than the 5 MB"):
        engine.to_json(net)


def test_a_diverged_network_loads_diverged_and_stays_where_it_stopped():
    data = dataset()
    spec = spec_for(data, [(4, "relu")], "binary", optimizer={"name": "gd",
                                                              "learning_rate": 1e5})
    net, trainer = trained(data, spec, 20)
    assert net.divergence is not None
    loaded, info = engine.from_json(engine.to_json(trainer, data))
    assert loaded.divergence == net.divergence
    before = {k: v.copy() for k, v in loaded.parameters.items()}
    engine.resume(loaded, data, info).step()  # a diverged network does not train
    assert all(np.array_equal(loaded.parameters[k], before[k]) for k in before)
    assert loaded.steps_done == net.steps_done
