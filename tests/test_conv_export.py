"""Conv networks taken away: the standalone NumPy file and ONNX (onnxruntime) give the engine's
predictions; the ONNX graph is Conv, MaxPool / AveragePool, Flatten, Gemm."""

import ast
import re
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import pytest

import engine

CASES = {
    "max pool, same padding": (False, [
        {"type": "conv", "filters": 4, "size": 3, "padding": "same", "activation": "relu"},
        {"type": "pool", "mode": "max", "size": 2}]),
    "strides, padding, average pool, two convs, batch norm": (True, [
        {"type": "conv", "filters": 3, "size": [3, 2], "stride": [1, 2], "padding": [1, 1],
         "activation": "leaky_relu"},
        {"type": "pool", "mode": "average", "size": 2, "stride": 1},
        {"type": "conv", "filters": 2, "size": 2, "activation": "tanh"},
        {"units": 5, "activation": "sigmoid"}]),
    "pool first, then a linear conv": (False, [
        {"type": "pool", "mode": "max", "size": [2, 1], "stride": [2, 1]},
        {"type": "conv", "filters": 2, "size": 3, "stride": 2, "activation": "linear"}]),
}


def trained(case):
    batch_norm, hidden = CASES[case]
    data = engine.prepare(engine.make_dataset("digits", n=240, noise=0.1, seed=2), seed=2)
    net = engine.Network.from_spec({
        "input_shape": list(data.input_shape), "batch_norm": batch_norm, "keep_prob": 0.9,
        "optimizer": {"name": "adam", "learning_rate": 0.01}, "batch_size": 40,
        "layers": [*hidden, {"units": 10, "activation": "softmax"}]})
    engine.Trainer(net, data).run_epochs(3)
    return net, data


@pytest.mark.parametrize("case", list(CASES))
def test_the_python_file_computes_the_engines_predictions(case, tmp_path):
    net, data = trained(case)
    source = engine.to_python(net, data)
    modules = {node.module for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import)
        for alias in node.names}
    assert modules <= {"numpy", "numpy.lib.stride_tricks"}
    space: dict = {}
    exec(compile(source, "network.py", "exec"), space)
    np.testing.assert_allclose(space["predict"](data.inputs_test), net.predict(data.X_test),
                               rtol=0, atol=1e-12)
    # And alone, with the project out of reach: its __main__ prints the first test examples'.
    path = tmp_path / "network.py"
    path.write_text(source)
    result = subprocess.run([sys.executable, "-I", str(path)], cwd=tmp_path, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    printed = np.array([ast.literal_eval(row) for row in
                        re.findall(r"A\[L\] = (\[[^\]]*\])", result.stdout)]).T
    expected = net.predict(data.X_test[:, :engine.python_export.SAMPLES])
    np.testing.assert_allclose(printed, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("case", list(CASES))
def test_onnxruntime_gives_the_engines_outputs(case):
    net, data = trained(case)
    model = engine.to_onnx(net, data)
    onnx.checker.check_model(onnx.load_from_string(model), full_check=True)
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    outputs = session.run(None, {"inputs": data.inputs_test.T.astype(np.float32)})[0].T
    np.testing.assert_allclose(outputs, net.predict(data.X_test), rtol=1e-6, atol=1e-6)


def test_the_onnx_graph_holds_conv_pool_flatten_and_gemm():
    net, data = trained("strides, padding, average pool, two convs, batch norm")
    graph = onnx.load_from_string(engine.to_onnx(net)).graph
    ops = [node.op_type for node in graph.node]
    assert ops.count("Conv") == 2 and ops.count("AveragePool") == 1
    assert {"Reshape", "Transpose", "Flatten", "Gemm", "BatchNormalization"} <= set(ops)
    conv = next(node for node in graph.node if node.op_type == "Conv")
    attributes = {a.name: list(a.ints) for a in conv.attribute}
    assert attributes == {"kernel_shape": [3, 2], "strides": [1, 2], "pads": [1, 1, 1, 1]}
    W1 = next(t for t in graph.initializer if t.name == "W1")
    assert list(W1.dims) == [3, 1, 3, 2]  # (n_C, n_C_prev, f_H, f_W), ONNX's order
    max_net, _ = trained("max pool, same padding")
    assert "MaxPool" in [node.op_type for node in
                         onnx.load_from_string(engine.to_onnx(max_net)).graph.node]
