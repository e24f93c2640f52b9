"""A trained network as an ONNX inference graph (opens in Netron, runs in onnxruntime).

The graph takes ONNX's usual layout, one example per ROW: ``inputs`` (m, d) is the transpose of
the course's X. With a data set's pipeline it starts from raw inputs: the features of (x1, x2)
(Slice, Mul, Sin, Cos, Concat) and the normalization (x - μ) / σ (Sub, Div). Then per layer
Z = A Wᵀ + bᵀ (Gemm with transB, so W keeps the course's shape (n[l], n[l-1])), batch norm in
inference form (BatchNormalization with the running μ and σ², ε as the engine's), and g.
Conv and pool layers work on ONNX's NCHW images: the rows are reshaped to the course's
(m, n_H, n_W, n_C) and transposed (Reshape, Transpose), Conv takes W as (n_C, n_C_prev, f_H,
f_W), MaxPool / AveragePool pool, and before the first dense layer the images go back to
row-major (n_H, n_W, n_C) rows (Transpose, Flatten), as the engine flattens them.
Dropout is a training device and is not in the graph. ``outputs`` (m, n_y) is A[L]ᵀ.

The metadata (layer sizes, activations, steps; with a pipeline the problem, data set, class,
input and feature names) holds a user's names as JSON text: data for any reader, never code.

Numbers are float32, as ONNX runtimes compute them: outputs agree with the engine's (float64)
to about 1e-6.
"""

from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from engine.layers import BN_EPSILON
from engine.network import Network
from engine.pipeline import Pipeline, export_inputs

OPSET = 17  # BatchNormalization-15, Softmax-13 (softmax over one axis)
IR_VERSION = 8  # the oldest that carries opset 17: the most runtimes read it
_FEATURE_OPS = {"x1^2": ("Mul", "x1", "x1"), "x2^2": ("Mul", "x2", "x2"),
                "x1x2": ("Mul", "x1", "x2"), "sin_x1": ("Sin", "x1"), "sin_x2": ("Sin", "x2"),
                "cos_x1": ("Cos", "x1"), "cos_x2": ("Cos", "x2")}
_ACTIVATION_OPS = {"sigmoid": ("Sigmoid", {}), "tanh": ("Tanh", {}), "relu": ("Relu", {}),
                   "leaky_relu": ("LeakyRelu", {"alpha": 0.01}), "softmax": ("Softmax",
                                                                             {"axis": 1})}


class _Graph:
    """Nodes and float32 initializers, added in order."""

    def __init__(self):
        self.nodes, self.initializers = [], []

    def constant(self, name: str, array) -> str:
        self.initializers.append(numpy_helper.from_array(
            np.asarray(array, dtype=np.float32), name=name))
        return name

    def integers(self, name: str, values) -> str:
        self.initializers.append(numpy_helper.from_array(np.asarray(values, np.int64), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attributes) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output


def _inputs_to_X(graph: _Graph, pipeline: Pipeline | None) -> tuple[str, int | None]:
    """The graph from `inputs` to the network input (m, n_x); returns its name and the
    width d of `inputs` (None: n_x, the inputs are the network's X already)."""
    if pipeline is None:
        return "inputs", None
    x = "inputs"
    if pipeline.features:
        starts = {"x1": 0, "x2": 1}  # the columns of (x1, x2), each kept (m, 1)
        axis = graph.integers("axis1", [1])
        for name, column in starts.items():
            graph.node("Slice", ["inputs", graph.integers(f"{name}_start", [column]),
                                 graph.integers(f"{name}_end", [column + 1]), axis], name)
        columns = []
        for key in pipeline.features:
            if key in starts:
                columns.append(key)
            else:
                op, *args = _FEATURE_OPS[key]
                columns.append(graph.node(op, args, key.replace("^", "_sq")))
        x = graph.node("Concat", columns, "features", axis=1)
    norm = pipeline.normalization
    if norm.enabled:
        graph.constant("mu_inputs", norm.mean.T)
        graph.constant("sigma_inputs", norm.std.T)
        centred = graph.node("Sub", [x, "mu_inputs"], "centred")
        x = graph.node("Div", [centred, "sigma_inputs"], "A0")
    return x, pipeline.n_inputs


def _layers(graph: _Graph, net: Network, A: str) -> str:
    running = net.bn_running
    images = False  # A is (m, n) rows until a conv/pool layer, then NCHW images
    for layer in net.layers:
        l, n = layer.l, net.layer_sizes[layer.l]
        if layer.kind != "dense" and not images:
            A = _to_images(graph, A, net.layer_shapes[l - 1], l)
            images = True
        elif layer.kind == "dense" and images:
            A = _to_rows(graph, A, l)
            images = False
        if layer.kind == "pool":
            A = _pool(graph, layer, A)
            continue
        if layer.kind == "conv":
            # The course's W (f_H, f_W, n_C_prev, n_C) as ONNX's (n_C, n_C_prev, f_H, f_W).
            W = graph.constant(f"W{l}", net.parameters[f"W{l}"].transpose(3, 2, 0, 1))
            channels = net.parameters[f"W{l}"].shape[3]
            p_H, p_W = layer.padding
            linear = {"op": "Conv", "kernel_shape": list(net.parameters[f"W{l}"].shape[:2]),
                      "strides": list(layer.stride), "pads": [p_H, p_W, p_H, p_W]}
        else:
            W = graph.constant(f"W{l}", net.parameters[f"W{l}"])
            channels = n
            linear = {"op": "Gemm", "transB": 1}
        op = linear.pop("op")
        if layer.batch_norm:
            Z = graph.node(op, [A, W], f"Z{l}", **linear)
            inputs = [Z, graph.constant(f"gamma{l}", net.parameters[f"gamma{l}"].ravel()),
                      graph.constant(f"beta{l}", net.parameters[f"beta{l}"].ravel()),
                      # Never trained: the identity statistics the engine uses then.
                      graph.constant(f"mu{l}", running.get(f"mu{l}", np.zeros(channels)
                                                           ).ravel()),
                      graph.constant(f"var{l}", running.get(f"var{l}", np.ones(channels)
                                                            ).ravel())]
            Z = graph.node("BatchNormalization", inputs, f"Z{l}_tilde", epsilon=BN_EPSILON)
        else:
            b = graph.constant(f"b{l}", net.parameters[f"b{l}"].ravel())
            Z = graph.node(op, [A, W, b], f"Z{l}", **linear)
        if layer.activation == "linear":
            A = graph.node("Identity", [Z], f"A{l}")
        else:
            op, attributes = _ACTIVATION_OPS[layer.activation]
            A = graph.node(op, [Z], f"A{l}", **attributes)
    return A


def _to_images(graph: _Graph, A: str, shape, l: int) -> str:
    """Rows (m, n_H·n_W·n_C), each a row-major (n_H, n_W, n_C) image, as NCHW images."""
    n_H, n_W, n_C = shape
    shaped = graph.node("Reshape", [A, graph.integers(f"shape{l}", [-1, n_H, n_W, n_C])],
                        f"A{l - 1}_images")
    return graph.node("Transpose", [shaped], f"A{l - 1}_nchw", perm=[0, 3, 1, 2])


def _to_rows(graph: _Graph, A: str, l: int) -> str:
    """NCHW images flattened as the engine flattens them: row-major (n_H, n_W, n_C)."""
    nhwc = graph.node("Transpose", [A], f"A{l - 1}_nhwc", perm=[0, 2, 3, 1])
    return graph.node("Flatten", [nhwc], f"A{l - 1}_flat", axis=1)


def _pool(graph: _Graph, layer, A: str) -> str:
    op = "MaxPool" if layer.mode == "max" else "AveragePool"
    return graph.node(op, [A], f"A{layer.l}", kernel_shape=list(layer.size),
                      strides=list(layer.stride))


def _names(names) -> str:
    """Names a user typed, as metadata: a JSON list (or string) in ASCII, so any name, commas
    and control characters included, reads back exactly with json.loads."""
    return json.dumps(names if isinstance(names, str) else list(names), ensure_ascii=True)


def to_onnx(net, data=None) -> bytes:
    """The serialized ONNX model of ``net``'s inference pass (see the module docstring);
    ``data`` (a prepared Dataset) puts its features and normalization in front."""
    net, pipeline = export_inputs(net, data)
    graph = _Graph()
    X, d = _inputs_to_X(graph, pipeline)
    d = d or net.layer_sizes[0]
    A = _layers(graph, net, X)
    graph.node("Identity", [A], "outputs")
    sizes = ", ".join(map(str, net.layer_sizes))
    inputs = helper.make_tensor_value_info("inputs", TensorProto.FLOAT, ["m", d])
    outputs = helper.make_tensor_value_info("outputs", TensorProto.FLOAT,
                                            ["m", net.layer_sizes[-1]])
    onnx_graph = helper.make_graph(
        graph.nodes, "playground_network", [inputs], [outputs], graph.initializers,
        doc_string=f"Layer sizes n = [{sizes}], one example per row (the course's X "
                   "transposed); outputs = A[L] transposed.")
    model = helper.make_model(onnx_graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="neural-network-playground",
                              ir_version=IR_VERSION)
    metadata = {"layer_sizes": sizes,
                "activations": ", ".join(g or layer.mode + " pool"
                                         for g, layer in zip(net.activations, net.layers,
                                                             strict=True)),
                "steps_done": str(net.steps_done)}
    if pipeline is not None:
        metadata.update(problem=_names(pipeline.problem), dataset=_names(pipeline.dataset),
                        class_names=_names(pipeline.class_names),
                        input_names=_names(pipeline.input_names),
                        features=_names(pipeline.features or pipeline.feature_names))
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()
