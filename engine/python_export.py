"""A trained network as one standalone Python file that needs NumPy only.

The file holds the learned numbers and the course's forward pass written out, one statement per
equation: the features of (x1, x2), normalization x_norm = (x - μ) / σ, then layer by layer
Z[l] = W[l] A[l-1] + b[l] and A[l] = g[l](Z[l]) (with batch norm: Z_norm = (Z - μ) / √(σ² + ε)
with the running statistics, then γ Z_norm + β). It has ``predict(X)`` and a ``__main__`` that
prints the predictions for a few sample inputs. Every formula is the engine's own, term for
term, so the predictions agree with the engine's to the last few bits.

Conv and pool layers are written out in the course's shapes with NumPy's sliding_window_view
(each window) and einsum (the sum over it): the same sums in another order, so their
predictions agree with the engine's to about 1e-12, not to the last bits.
"""

from __future__ import annotations

import re

import numpy as np

from engine.layers import BN_EPSILON
from engine.network import Network
from engine.pipeline import Pipeline, export_inputs

SAMPLES = 5  # sample inputs the file's __main__ predicts
SHOWN_NAME = 40  # characters of one name a comment or docstring shows

# A name is data a user typed (a CSV header, a shared file's "dataset"). It reaches the code
# only as a repr() string literal; comments and docstrings get a neutralized copy: anything that
# could end a comment or a string (line breaks of any kind: \n \r \f \v \x85 \u2028 \u2029,
# other control or format characters, quotes, backslashes) becomes "?".
_UNSAFE = re.compile(r"""["'\\`]""")

# The engine's formulas (engine/activations.py), as a NumPy-only file writes them.
_ACTIVATIONS = {
    "linear": ("def linear(Z):\n    return Z\n"),
    "sigmoid": ("def sigmoid(Z):\n"
                "    \"\"\"1 / (1 + e^(-z)), written with tanh so no exponential overflows.\"\"\"\n"
                "    return 0.5 * (1.0 + np.tanh(0.5 * Z))\n"),
    "tanh": "def tanh(Z):\n    return np.tanh(Z)\n",
    "relu": "def relu(Z):\n    return np.maximum(Z, 0.0)\n",
    "leaky_relu": "def leaky_relu(Z):\n    return np.where(Z > 0, Z, 0.01 * Z)\n",
    "softmax": ("def softmax(Z):\n"
                "    \"\"\"e^(z_i) / Σ_j e^(z_j) per column; the column maximum is subtracted "
                "first (no overflow).\"\"\"\n"
                "    E = np.exp(Z - Z.max(axis=0, keepdims=True))\n"
                "    return E / E.sum(axis=0, keepdims=True)\n"),
}
# Conv and pool layers (engine/convolution.py), as a NumPy-only file writes them: the windows
# through sliding_window_view, the sum over each window with einsum.
_CONV = (
    "def conv(A_prev, W, stride, padding):\n"
    "    \"\"\"Z[i, h, w, c] = Σ A_prev_pad[i, window(h, w), :] · W[:, :, :, c] (+ b after).\n"
    "\n"
    "    A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f_H, f_W, n_C_prev, n_C).\"\"\"\n"
    "    f_H, f_W = W.shape[:2]\n"
    "    (s_H, s_W), (p_H, p_W) = stride, padding\n"
    "    A_pad = np.pad(A_prev, ((0, 0), (p_H, p_H), (p_W, p_W), (0, 0)))\n"
    "    # windows[i, h, w, :, a, b] = A_pad[i, h·s_H + a, w·s_W + b, :]\n"
    "    windows = sliding_window_view(A_pad, (f_H, f_W), axis=(1, 2))[:, ::s_H, ::s_W]\n"
    "    return np.einsum(\"ihwkab,abkc->ihwc\", windows, W)\n")
_POOLS = {
    "max": ("def max_pool(A_prev, size, stride):\n"
            "    \"\"\"The maximum of each window, per channel.\"\"\"\n"
            "    windows = sliding_window_view(A_prev, size, axis=(1, 2))"
            "[:, ::stride[0], ::stride[1]]\n"
            "    return windows.max(axis=(4, 5))\n"),
    "average": ("def average_pool(A_prev, size, stride):\n"
                "    \"\"\"The mean of each window, per channel.\"\"\"\n"
                "    windows = sliding_window_view(A_prev, size, axis=(1, 2))"
                "[:, ::stride[0], ::stride[1]]\n"
                "    return windows.mean(axis=(4, 5))\n"),
}
_FEATURES = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1x2": "x1 * x2",
             "sin_x1": "np.sin(x1)", "sin_x2": "np.sin(x2)", "cos_x1": "np.cos(x1)",
             "cos_x2": "np.cos(x2)"}


def shown(text, limit: int = SHOWN_NAME) -> str:
    """``text`` as a comment or docstring may carry it: printable, no quote or backslash,
    at most ``limit`` characters (cut ones end in "...")."""
    text = str(text)
    cut = len(text) > limit
    text = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return _UNSAFE.sub("?", text) + ("..." if cut else "")


def _names(names, limit: int) -> str:
    return ", ".join(shown(name) for name in names[:limit]) + (", ..." if len(names) > limit
                                                               else "")


def _literal(array: np.ndarray, name: str, comment: str) -> str:
    """`name = np.array([...])`, one row a line; floats as the shortest text that reads back
    to the same number."""
    rows = np.asarray(array, dtype=np.float64).tolist()
    body = ",\n    ".join(repr(row) for row in rows)
    return f"# {comment}\n{name} = np.array([\n    {body},\n])\n"


def _samples(net: Network, pipeline: Pipeline | None, data) -> np.ndarray:
    """A few inputs for __main__: the data's first test (or training) examples when it has
    them, else a fixed draw of standard normal numbers."""
    for part in ("inputs_test", "inputs_train"):
        inputs = getattr(data, part, None)
        if inputs is not None and inputs.shape[1]:
            return np.asarray(inputs[:, :SAMPLES], dtype=np.float64)
    rows = pipeline.n_inputs if pipeline is not None else net.layer_sizes[0]
    return np.random.default_rng(0).standard_normal((rows, SAMPLES))


def _kinds(net: Network) -> str:
    """Each layer's activation, or its kind of pooling: "relu, max pool, softmax"."""
    return ", ".join(layer.activation or f"{layer.mode} pool" for layer in net.layers)


def _header(net: Network, pipeline: Pipeline | None) -> str:
    sizes = ", ".join(map(str, net.layer_sizes))
    lines = [
        '"""A neural network trained in the neural-network playground, as plain NumPy.',
        "",
        "Course notation: one example per COLUMN. The forward pass below is written out",
        "equation by equation; nothing but NumPy is needed.",
        "",
        f"    layer sizes n = [{sizes}]; activations {_kinds(net)}",
        f"    trained {net.steps_done} steps ({net.epochs_done} epochs)",
        "",
    ]
    if pipeline is None:
        lines += ["    predict(X): X is the network input (n_x, m) = "
                  f"({net.layer_sizes[0]}, m), already transformed; returns A[L]."]
    else:
        computed = ", ".join(pipeline.features)
        what = (f"raw (x1, x2) points (2, m), from which the features {computed} are computed"
                if pipeline.features else
                f"raw inputs ({pipeline.n_x}, m): {_names(pipeline.input_names, 6)}")
        lines += [f"    predict(X): X holds {what};", "    returns A[L], shape "
                  f"({net.layer_sizes[-1]}, m). Data set: {shown(pipeline.dataset)} "
                  f"({shown(pipeline.problem)}).",
                  "    The names are in INPUT_NAMES, FEATURE_NAMES and CLASS_NAMES."]
    lines += ["", "Run it (python this_file.py) to see the predictions for a few sample inputs.",
              '"""', "", "import numpy as np"]
    if any(layer.kind != "dense" for layer in net.layers):
        lines.append("from numpy.lib.stride_tricks import sliding_window_view")
    lines.append("")
    return "\n".join(lines) + "\n"


def _forward(net: Network, pipeline: Pipeline | None) -> str:
    lines = ["def predict(X):",
             '    """A[L] for the columns of X, in inference mode (no dropout; batch norm with '
             'its running statistics)."""',
             "    X = np.asarray(X, dtype=float)"]
    if pipeline is None:
        lines.append("    A0 = X")
    else:
        lines.append(f"    if X.ndim != 2 or X.shape[0] != {pipeline.n_inputs}:")
        lines.append(f"        raise ValueError(f\"X must have shape ({pipeline.n_inputs}, m); "
                     "got {X.shape}\")")
        if pipeline.features:
            lines.append("    X = features(X)")
        lines.append("    A0 = normalize(X)")
    images = False
    for layer in net.layers:
        l, g = layer.l, layer.activation
        A_prev = f"A{l - 1}"
        if layer.kind != "dense" and not images:
            n_H, n_W, n_C = net.layer_shapes[l - 1]
            lines.append(f"    {A_prev} = {A_prev}.T.reshape(-1, {n_H}, {n_W}, {n_C})  # one "
                         "row-major (n_H, n_W, n_C) image per example")
            images = True
        elif layer.kind == "dense" and images:
            lines.append(f"    {A_prev} = {A_prev}.reshape({A_prev}.shape[0], -1).T  # each "
                         "image flattened row-major into a column")
            images = False
        if layer.kind == "pool":
            lines.append(f"    A{l} = {layer.mode}_pool({A_prev}, size={layer.size}, "
                         f"stride={layer.stride})")
            continue
        linear = (f"conv({A_prev}, W{l}, stride={layer.stride}, padding={layer.padding})"
                  if layer.kind == "conv" else f"W{l} @ {A_prev}")
        if layer.batch_norm:
            lines += [f"    Z{l} = {linear}",
                      f"    Z{l}_norm = (Z{l} - mu{l}) / np.sqrt(var{l} + EPSILON)",
                      f"    A{l} = {g}(gamma{l} * Z{l}_norm + beta{l})"]
        else:
            lines += [f"    Z{l} = {linear} + b{l}", f"    A{l} = {g}(Z{l})"]
    lines.append(f"    return A{net.L}")
    return "\n".join(lines) + "\n"


def _pipeline_code(pipeline: Pipeline) -> str:
    parts = []
    norm = pipeline.normalization
    if pipeline.features:
        stacked = ", ".join(_FEATURES[key] for key in pipeline.features)
        parts.append("def features(X):\n"
                     f'    """The features {", ".join(pipeline.features)} of raw points (2, m), '
                     'one per row."""\n'
                     "    x1, x2 = X\n"
                     f"    return np.stack([{stacked}])\n")
    if norm.enabled:
        parts.append("def normalize(X):\n"
                     '    """x_norm = (x - μ) / σ with the TRAINING set\'s statistics."""\n'
                     "    return (X - MEAN) / STD\n")
    else:
        parts.append("def normalize(X):\n"
                     '    """Normalization was off when this network was trained."""\n'
                     "    return np.array(X, dtype=float)\n")
    return "\n\n".join(parts)


def _numbers(net: Network, pipeline: Pipeline | None) -> str:
    parts = []
    if pipeline is not None and pipeline.normalization.enabled:
        parts.append(_literal(pipeline.normalization.mean, "MEAN",
                              "normalization μ, one row per input (of FEATURE_NAMES: "
                              f"{_names(pipeline.feature_names, 8)})"))
        parts.append(_literal(pipeline.normalization.std, "STD", "normalization σ"))
    if any(layer.batch_norm for layer in net.layers):
        parts.append(f"EPSILON = {BN_EPSILON!r}  # batch norm's ε\n")
    running = net.bn_running
    for layer in net.layers:
        l = layer.l
        if layer.kind == "pool":
            continue
        W = net.parameters[f"W{l}"]
        what = " (f_H, f_W, n_C_prev, n_C) =" if layer.kind == "conv" else ""
        parts.append(_literal(W, f"W{l}", f"W[{l}], shape{what} {_shape(W.shape)}"))
        if layer.batch_norm:
            parts.append(_literal(net.parameters[f"gamma{l}"], f"gamma{l}", f"γ[{l}]"))
            parts.append(_literal(net.parameters[f"beta{l}"], f"beta{l}", f"β[{l}]"))
            # Never trained: batch norm's identity statistics, as the engine uses then.
            shape = net.parameters[f"gamma{l}"].shape
            mu = running.get(f"mu{l}", np.zeros(shape))
            var = running.get(f"var{l}", np.ones(shape))
            parts.append(_literal(mu, f"mu{l}", f"running mean of Z[{l}]"))
            parts.append(_literal(var, f"var{l}", f"running variance of Z[{l}]"))
        else:
            b = net.parameters[f"b{l}"]
            parts.append(_literal(b, f"b{l}", f"b[{l}], shape {_shape(b.shape)}"))
    return "\n".join(parts)


def _shape(shape) -> str:
    return "(" + ", ".join(map(str, shape)) + ")"


def _main(net: Network, pipeline: Pipeline | None, samples: np.ndarray) -> str:
    classes = list(pipeline.class_names) if pipeline is not None else []
    lines = [_literal(samples, "SAMPLES", "a few sample inputs, one per column"),
             _text_literal("CLASS_NAMES", classes)]
    if pipeline is not None:  # the names as data (repr literals), never as code
        lines += [_text_literal("INPUT_NAMES", pipeline.input_names),
                  _text_literal("FEATURE_NAMES", pipeline.feature_names)]
    if pipeline is not None and pipeline.problem == "regression" and (
            pipeline.target_mean, pipeline.target_std) != (0.0, 1.0):
        lines.append("\ndef in_units(Y):\n"
                     '    """The network learned standardized targets: back to the data\'s '
                     'units, y = mean + std · ŷ."""\n'
                     f"    return {pipeline.target_mean!r} + {pipeline.target_std!r} * Y\n")
    show_inputs = samples.shape[0] <= 4
    lines.append(
        '\nif __name__ == "__main__":\n'
        "    A = predict(SAMPLES)\n"
        "    for i in range(SAMPLES.shape[1]):\n"
        "        where = " + ('f"input {SAMPLES[:, i].tolist()} -> "' if show_inputs else '""')
        + "\n"
        "        label = \"\"\n"
        "        if CLASS_NAMES:\n"
        "            k = int(A[:, i].argmax()) if A.shape[0] > 1 else int(A[0, i] > 0.5)\n"
        "            label = f\"  (class {CLASS_NAMES[k]!a})\"\n"
        "        print(f\"example {i + 1}: {where}A[L] = {A[:, i].tolist()}{label}\")\n")
    return "".join(lines)


def _text_literal(name: str, texts) -> str:
    """``NAME = ['...', ...]``: repr of plain str, which escapes every control character."""
    return f"{name} = {[str(text) for text in texts]!r}\n"


def to_python(net, data=None) -> str:
    """The source of a standalone NumPy file computing ``net``'s predictions (see the module
    docstring). ``data`` (a prepared Dataset) puts its features and normalization in front, so
    predict takes raw inputs, and gives __main__ its first test examples as samples."""
    net, pipeline = export_inputs(net, data)
    used = dict.fromkeys(g for g in net.activations if g is not None)
    parts = [_header(net, pipeline), _numbers(net, pipeline)]
    if pipeline is not None:
        parts.append(_pipeline_code(pipeline))
    parts += [_ACTIVATIONS[g] for g in used]
    if any(layer.kind == "conv" for layer in net.layers):
        parts.append(_CONV)
    parts += [_POOLS[mode] for mode in dict.fromkeys(
        layer.mode for layer in net.layers if layer.kind == "pool")]
    parts.append(_forward(net, pipeline))
    parts.append(_main(net, pipeline, _samples(net, pipeline, data)))
    return "\n\n".join(part.rstrip("\n") + "\n" for part in parts)
