"""The inspector's course formulas for one layer of one step, with the numbers that satisfy them.

Each `Equation` pairs the LaTeX a student reads with a NumPy statement of its right-hand side
over the values the page prints (`LayerEquations.values`: every matrix in the course's shapes).
A test evaluates every right-hand side on those printed values and compares it with the printed
left-hand side, so the page can never show a formula that its own numbers contradict.

The values are those of the step the record describes: W[l] and b[l] as they were in its
forward pass, the update as its own equation with the values before and after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine import ACTIVATIONS

Values = dict[str, np.ndarray]

G_PRIME = {
    "sigmoid": r"g'(z) = g(z)\,(1 - g(z))",
    "tanh": r"g'(z) = 1 - g(z)^2",
    "relu": r"g'(z) = 1 \text{ if } z > 0 \text{ else } 0",
    "leaky_relu": r"g'(z) = 1 \text{ if } z > 0 \text{ else } 0.01",
    "linear": r"g'(z) = 1",
}


@dataclass(frozen=True)
class Equation:
    """One formula: ``latex`` (symbolic), ``shapes`` (the same line in shapes), ``lhs`` (the
    key of its left side in the values) and ``rhs`` (its right side from the values)."""

    latex: str
    shapes: str
    lhs: str
    rhs: Callable[[Values], np.ndarray]
    note: str = ""


@dataclass
class LayerEquations:
    forward: list[Equation] = field(default_factory=list)
    backward: list[Equation] = field(default_factory=list)
    update: list[Equation] = field(default_factory=list)
    values: Values = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # value key -> LaTeX name

    def all(self) -> list[Equation]:
        return self.forward + self.backward + self.update


def shape(M) -> str:
    return "(" + ", ".join(str(n) for n in np.shape(M)) + ")"


def sup(name: str, l: int | str) -> str:
    """'W', 2 -> 'W^{[2]}': the course's layer superscript."""
    return f"{name}^{{[{l}]}}"


def _mean(M):
    return M.mean(axis=1, keepdims=True)


def _derivative(activation: str):
    g = ACTIVATIONS[activation]
    return lambda Z, A: g.derivative(Z, A)


def layer_equations(record, l: int, loss: str, l2: float, optimizer: str) -> LayerEquations:
    """The forward, backward and update formulas of layer ``l`` (1-based) in ``record`` (an
    engine StepRecord), for a network trained with ``loss``, L2 strength ``l2`` and the
    ``optimizer`` named."""
    layer = record.layers[l - 1]
    bn = layer.Z_norm is not None
    eq = LayerEquations()
    eq.values.update(A_prev=layer.A_prev, W=layer.W, Z=layer.Z, G=layer.G, A=layer.A,
                     dZ=layer.dZ, dW=layer.dW, W_new=layer.W_new)
    eq.names = _names(l)
    # g's input: Z[l], or Z̃[l] = γ Z_norm + β with batch norm
    g_input, g_key = (sup(r"\tilde Z", l), "Z_tilde") if bn else (sup("Z", l), "Z")
    eq.forward += _batch_norm_forward(eq, layer, l) if bn else _linear_forward(eq, layer, l)
    eq.forward += _activation_forward(eq, layer, l, g_input, g_key)
    if l == len(record.layers):
        eq.values["Y"] = record.Y
        eq.backward.append(_output_gradient(layer, l, loss))
    else:
        eq.backward += _hidden_gradient(eq, layer, record.layers[l], l, g_input, g_key)
    if bn:
        if l == len(record.layers):  # never: batch norm is on hidden layers only
            raise ValueError("batch norm on the output layer")
        eq.backward += _batch_norm_backward(eq, layer, l)
    eq.backward += _parameter_gradients(eq, layer, l, l2, bn)
    alpha = record.learning_rate
    eq.update += _update_equations(eq, "W", sup("W", l), alpha, optimizer)
    if not bn:
        eq.values["b_new"] = layer.b_new
        eq.update += _update_equations(eq, "b", sup("b", l), alpha, optimizer)
    return eq


def _names(l: int) -> dict[str, str]:
    """The LaTeX name of every value key of layer l."""
    return {"A_prev": sup("A", l - 1), "W": sup("W", l), "Z": sup("Z", l), "A": sup("A", l),
            "G": rf"g({sup('Z', l)})", "dZ": "d" + sup("Z", l), "dW": "d" + sup("W", l),
            "W_new": sup("W", l) + r"_{\text{new}}", "b": sup("b", l), "db": "d" + sup("b", l),
            "b_new": sup("b", l) + r"_{\text{new}}", "Y": "Y", "dA": "d" + sup("A", l),
            "mu": sup(r"\mu", l), "var": "{" + sup(r"\sigma", l) + "}^2",
            "Z_norm": sup("Z", l) + r"_{\text{norm}}", "gamma": sup(r"\gamma", l),
            "beta": sup(r"\beta", l), "Z_tilde": sup(r"\tilde Z", l),
            "dZ_tilde": "d" + sup(r"\tilde Z", l), "dgamma": "d" + sup(r"\gamma", l),
            "dbeta": "d" + sup(r"\beta", l), "D": sup("D", l), "W_next": sup("W", l + 1),
            "dZ_next": "d" + sup("Z", l + 1)}


def _linear_forward(eq: LayerEquations, layer, l: int) -> list[Equation]:
    eq.values["b"] = layer.b
    n = layer.W.shape[0]
    return [Equation(
        rf"{sup('Z', l)} = {sup('W', l)} {sup('A', l - 1)} + {sup('b', l)}",
        f"{shape(layer.Z)} = {shape(layer.W)} {shape(layer.A_prev)} + ({n}, 1)", "Z",
        lambda v: v["W"] @ v["A_prev"] + v["b"])]


def _batch_norm_forward(eq: LayerEquations, layer, l: int) -> list[Equation]:
    """Z = W A_prev (β replaces b), its batch mean and variance, Z_norm, and Z̃ = γ Z_norm + β."""
    eq.values.update(mu=layer.mu, var=layer.var, Z_norm=layer.Z_norm, gamma=layer.gamma,
                     beta=layer.beta, Z_tilde=layer.Z_tilde)
    names, n, eps = eq.names, layer.W.shape[0], layer.epsilon
    Zl, MU, VAR, Z_NORM = sup("Z", l), names["mu"], names["var"], names["Z_norm"]
    return [
        Equation(rf"{Zl} = {sup('W', l)} {sup('A', l - 1)}", f"{shape(layer.Z)} = "
                 f"{shape(layer.W)} {shape(layer.A_prev)}", "Z", lambda v: v["W"] @ v["A_prev"],
                 "batch norm replaces b[l] by β[l]"),
        Equation(rf"{MU} = \frac{{1}}{{m}} \sum_i {Zl}{{}}^{{(i)}}",
                 f"({n}, 1)", "mu", lambda v: _mean(v["Z"])),
        Equation(rf"{VAR} = \frac{{1}}{{m}} \sum_i ({Zl}{{}}^{{(i)}} - "
                 rf"{MU})^2", f"({n}, 1)", "var",
                 lambda v: _mean((v["Z"] - v["mu"]) ** 2)),
        Equation(rf"{Z_NORM} = \frac{{{Zl} - {MU}}}"
                 rf"{{\sqrt{{{VAR} + \varepsilon}}}}",
                 f"{shape(layer.Z)}, ε = {eps:g}", "Z_norm",
                 lambda v: (v["Z"] - v["mu"]) / np.sqrt(v["var"] + eps)),
        Equation(rf"{names['Z_tilde']} = {names['gamma']} {Z_NORM} + "
                 rf"{names['beta']}", f"{shape(layer.Z)} = ({n}, 1) * "
                 f"{shape(layer.Z)} + ({n}, 1)", "Z_tilde",
                 lambda v: v["gamma"] * v["Z_norm"] + v["beta"]),
    ]


def _activation_forward(eq: LayerEquations, layer, l: int, g_input: str,
                        g_key: str) -> list[Equation]:
    """A = g(Z), or with dropout g(Z) and then A = D * g(Z) / keep_prob."""
    act, Al = layer.activation, sup("A", l)
    g_name = act.replace("_", " ")
    if layer.mask is None:
        return [Equation(rf"{Al} = g({g_input}), \quad g = \text{{{g_name}}}",
                         shape(layer.A), "A", _activate(act, g_key))]
    eq.values["D"] = layer.mask * layer.keep_prob  # the course's 0/1 mask
    kp = layer.keep_prob
    return [
        Equation(rf"g({g_input}), \quad g = \text{{{g_name}}}", shape(layer.A), "G",
                 _activate(act, g_key)),
        Equation(rf"{Al} = {sup('D', l)} * g({g_input}) \,/\, {kp:g}",
                 f"{shape(layer.A)}, keep_prob = {kp:g}", "A",
                 lambda v: v["D"] * v["G"] / kp, "inverted dropout"),
    ]


def _output_gradient(layer, l: int, loss: str) -> Equation:
    """dZ[L]: A - Y for the matched pairs, else (A - Y) * g'(Z) for squared error."""
    act, Zl, Al = layer.activation, sup("Z", l), sup("A", l)
    if loss == "mean_squared_error" and act != "linear":
        derivative = _derivative(act)
        return Equation(
            rf"d{Zl} = ({Al} - Y) * g'({Zl}), \quad " + G_PRIME.get(act, ""),
            shape(layer.dZ), "dZ", lambda v: (v["A"] - v["Y"]) * derivative(v["Z"], v["A"]))
    pair = {"binary_cross_entropy": "sigmoid + cross entropy",
            "categorical_cross_entropy": "softmax + cross entropy",
            "mean_squared_error": "linear + squared error"}[loss]
    return Equation(rf"d{Zl} = {Al} - Y \quad\text{{({pair})}}",
                    shape(layer.dZ), "dZ", lambda v: v["A"] - v["Y"])


def _hidden_gradient(eq: LayerEquations, layer, following, l: int, g_input: str,
                     g_key: str) -> list[Equation]:
    """dA[l] from the next layer, then d(g's input) through g' (and the dropout mask)."""
    v = eq.values
    v.update(W_next=following.W, dZ_next=following.dZ, dA=layer.dA)
    act, Al = layer.activation, sup("A", l)
    derivative = _derivative(act)
    bn = layer.Z_norm is not None
    dg, dg_key = "d" + g_input, "dZ_tilde" if bn else "dZ"
    Wn, dZn = sup("W", l + 1), "d" + sup("Z", l + 1)
    equations = [Equation(
        rf"d{Al} = {Wn}{{}}^T {dZn}",
        f"{shape(layer.A)} = {shape(following.W.T)} {shape(following.dZ)}", "dA",
        lambda v: v["W_next"].T @ v["dZ_next"])]
    if bn:
        v["dZ_tilde"] = layer.dZ_tilde
    g_prime = G_PRIME.get(act, "")
    if layer.mask is None:
        return [*equations, Equation(
            rf"{dg} = d{Al} * g'({g_input}), \quad " + g_prime, shape(layer.Z), dg_key,
            lambda v: v["dA"] * derivative(v[g_key], v["G"]))]
    kp = layer.keep_prob
    return [*equations, Equation(
        rf"{dg} = ({sup('D', l)} * d{Al} \,/\, {kp:g}) * g'({g_input}), \quad "
        + g_prime, shape(layer.Z), dg_key,
        lambda v: v["D"] * v["dA"] / kp * derivative(v[g_key], v["G"]),
        "dropout: the same mask D as forward, so dropped units get no gradient")]


def _batch_norm_backward(eq: LayerEquations, layer, l: int) -> list[Equation]:
    """dγ, dβ and dZ through the normalization, from dZ̃."""
    eq.values.update(dgamma=layer.dgamma, dbeta=layer.dbeta)
    names, n, eps = eq.names, layer.W.shape[0], layer.epsilon
    dg, Z_NORM, GAMMA = names["dZ_tilde"], names["Z_norm"], names["gamma"]
    return [
        Equation(rf"d{GAMMA} = \frac{{1}}{{m}} \sum_i {dg}{{}}^{{(i)}} * "
                 rf"{Z_NORM}{{}}^{{(i)}}", f"({n}, 1)", "dgamma",
                 lambda v: _mean(v["dZ_tilde"] * v["Z_norm"])),
        Equation(rf"d{names['beta']} = \frac{{1}}{{m}} \sum_i {dg}{{}}^{{(i)}}",
                 f"({n}, 1)", "dbeta", lambda v: _mean(v["dZ_tilde"])),
        Equation(rf"d{sup('Z', l)} = \frac{{1}}{{\sqrt{{{names['var']} + \varepsilon}}}}"
                 rf"\Big(\widehat{{d}} - \overline{{\widehat{{d}}}} - {Z_NORM}\,"
                 rf"\overline{{\widehat{{d}} * {Z_NORM}}}\Big),\ "
                 rf"\widehat{{d}} = {GAMMA} * {dg}", shape(layer.Z), "dZ",
                 lambda v: _bn_backward(v, eps),
                 "a bar is the mean over the m examples of the mini-batch"),
    ]


def _parameter_gradients(eq: LayerEquations, layer, l: int, l2: float,
                         bn: bool) -> list[Equation]:
    """dW (with the L2 term when l2 > 0) and, without batch norm, db."""
    m, n = layer.A_prev.shape[1], layer.W.shape[0]
    Zl, Wl = sup("Z", l), sup("W", l)
    reg = rf" + \frac{{\lambda}}{{m}} {Wl}" if l2 else ""
    equations = [Equation(
        rf"d{Wl} = \frac{{1}}{{m}} d{Zl} {sup('A', l - 1)}{{}}^T{reg}",
        f"{shape(layer.dW)} = {shape(layer.dZ)} {shape(layer.A_prev.T)}"
        + (f", λ = {l2:g}, m = {m}" if l2 else f", m = {m}"), "dW",
        lambda v: v["dZ"] @ v["A_prev"].T / m + l2 / m * v["W"])]
    if not bn:
        eq.values["db"] = layer.db
        equations.append(Equation(
            rf"d{sup('b', l)} = \frac{{1}}{{m}} \sum_i d{Zl}{{}}^{{(i)}}", f"({n}, 1)", "db",
            lambda v: v["dZ"].sum(axis=1, keepdims=True) / m))
    return equations


def _activate(activation: str, key: str):
    g = ACTIVATIONS[activation]
    return lambda v: g.forward(v[key])


def _bn_backward(v: Values, eps: float) -> np.ndarray:
    d_hat = v["gamma"] * v["dZ_tilde"]
    Z_norm = v["Z_norm"]
    return (d_hat - _mean(d_hat) - Z_norm * _mean(d_hat * Z_norm)) / np.sqrt(v["var"] + eps)


def _update_equations(eq: LayerEquations, key: str, name: str, alpha: float,
                      optimizer: str) -> list[Equation]:
    """Plain gradient descent writes the course's line with α; the other optimizers move by
    their own step (momentum, RMSprop, Adam average the gradients), shown as ΔW."""
    new = f"{key}_new"
    if optimizer == "gd":
        return [Equation(rf"{name} := {name} - \alpha\, d{name}", f"α = {alpha:.4g}", new,
                         lambda v: v[key] - alpha * v["d" + key])]
    delta = f"delta_{key}"
    eq.values[delta] = eq.values[new] - eq.values[key]
    eq.names[delta] = rf"\Delta {name}"
    return [Equation(rf"{name} := {name} + \Delta {name}",
                     f"α = {alpha:.4g}, Δ from {optimizer}", new,
                     lambda v: v[key] + v[delta],
                     f"{optimizer}: Δ is −α times its averaged gradient, not −α d{key}")]
