"""What each live picture shows, in one sentence: its text alternative (WCAG 1.1.1).

A screen reader reads the sentence where a sighted student sees the picture; each sentence is
rebuilt with the picture, so it says what the picture says now ("after epoch 120", the last
values). Plain functions of the chart's own data, as the chart builders are.
"""

from __future__ import annotations

import numpy as np

from playground.charts.numbers import readable


def human(value: float) -> str:
    return readable(value, decimals=3)


def trend(values) -> str:
    """'falling', 'rising' or 'flat': the last value against the one a third of the run back
    (a 2% change or less is flat)."""
    y = np.asarray(values, dtype=np.float64)
    y = y[np.isfinite(y)]
    if y.size < 2:
        return ""
    before, last = y[max(0, int(y.size * 2 / 3) - 1)], y[-1]
    scale = max(abs(before), abs(last), 1e-12)
    if abs(last - before) <= 0.02 * scale:
        return "flat"
    return "rising" if last > before else "falling"


def curves_text(title: str, series) -> str:
    """'Cost: train 0.231 (falling), test 0.245 (flat) at 120.' series: name -> (x, y, colour)."""
    parts, at = [], None
    for name, (x, y, *_colour) in series.items():
        y = np.asarray(y, dtype=np.float64)
        if y.size == 0:
            continue
        way = trend(y)
        parts.append(f"{name} {human(float(y[-1]))}" + (f" ({way})" if way else ""))
        if len(x):
            at = x[-1]
    if not parts:
        return f"{title or 'Chart'}: no values yet."
    where = f" at {float(at):g}" if at is not None else ""
    return f"{title or 'Chart'}: " + ", ".join(parts) + where + "."


def network_text(layer_sizes, activations) -> str:
    """'Network: 2 inputs → 4 tanh → 2 tanh → 1 sigmoid (output).'"""
    sizes = list(layer_sizes)
    hidden = [f"{n} {a}" for n, a in zip(sizes[1:-1], activations[:-1], strict=False)]
    output = f"{sizes[-1]} {activations[-1]} (output)" if len(sizes) > 1 else ""
    return ("Network diagram: " + " → ".join([f"{sizes[0]} inputs", *hidden, output])
            + "; edge colour is a weight's sign, its width the weight's size.")


def _where(mask: np.ndarray) -> str:
    """Where in the plane a region lies, from its (n, n) mask (row 0 at the top)."""
    n = mask.shape[0]
    edge = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]]).mean()
    quarter = n // 4
    centre = mask[quarter:n - quarter, quarter:n - quarter].mean()
    if centre > 0.7 and edge < 0.3:
        return "inside a ring"
    if centre < 0.3 and edge > 0.7:
        return "around the outside"
    half = n // 2
    quadrants = [mask[:half, :half].mean(), mask[:half, half:].mean(),
                 mask[half:, :half].mean(), mask[half:, half:].mean()]
    if min(quadrants[0], quadrants[3]) > 0.7 and max(quadrants[1], quadrants[2]) < 0.3:
        return "in the top-left and bottom-right corners"
    if min(quadrants[1], quadrants[2]) > 0.7 and max(quadrants[0], quadrants[3]) < 0.3:
        return "in the top-right and bottom-left corners"
    rows, cols = np.nonzero(mask)
    side = []
    if rows.size:
        if rows.mean() < n * 0.4:
            side.append("top")
        elif rows.mean() > n * 0.6:
            side.append("bottom")
        if cols.mean() < n * 0.4:
            side.append("left")
        elif cols.mean() > n * 0.6:
            side.append("right")
    return f"on the {'-'.join(side)} side" if side else "in several patches"


def boundary_text(epoch: int, problem: str, test_accuracy: float | None, grid,
                  class_names=None) -> str:
    """'Decision boundary after epoch 120: test accuracy 97%; class 1 covers 38% of the plane,
    inside a ring.' grid: the network's output over the plane, (n, n) for one output (row 0 at
    the top) or (k, n, n) class probabilities; None before there is one."""
    head = f"Decision boundary after epoch {epoch}"
    if problem == "regression":
        head = f"Regression surface after epoch {epoch}"
    if test_accuracy is not None and np.isfinite(test_accuracy) and problem != "regression":
        head += f": test accuracy {test_accuracy:.0%}"
    if grid is None:
        return head + "."
    values = np.asarray(grid, dtype=np.float64)
    if problem == "regression":
        return (head + f"; the prediction ranges from {human(float(np.nanmin(values)))} to "
                f"{human(float(np.nanmax(values)))}.")
    if values.ndim == 3:  # class probabilities: name the largest region after class 0's
        predicted = np.argmax(values, axis=0)
        shares = [(predicted == k).mean() for k in range(values.shape[0])]
        k = int(np.argmax(shares[1:]) + 1) if len(shares) > 1 else 0
        mask = predicted == k
    else:
        k, mask = 1, values.reshape(values.shape[-2:]) >= 0.5
    name = class_names[k] if class_names is not None and k < len(class_names) else f"class {k}"
    share = float(mask.mean())
    if share in (0.0, 1.0):
        return head + f"; {'all' if share else 'none'} of the plane is predicted {name}."
    return head + f"; {name} covers {share:.0%} of the plane, {_where(mask)}."


def histograms_text(activation_names, shares) -> str:
    """'Activations by layer: A1 tanh 12% saturated; A2 sigmoid.'"""
    rows = []
    for l, (name, share) in enumerate(zip(activation_names, shares, strict=False), start=1):
        rows.append(f"A{l} {name}" + (f" {share:.0%} saturated" if share is not None else ""))
    return "Activations by layer: " + ("; ".join(rows) if rows else "none yet") + "."


def norms_text(norms) -> str:
    """'Gradient size by layer, ||dW[l]||: 1: 0.012, 2: 0.31.'"""
    rows = [f"{l}: {'—' if v is None or not np.isfinite(v) else human(float(v))}"
            for l, v in enumerate(norms, start=1)]
    return "Gradient size by layer, ||dW[l]||: " + (", ".join(rows) or "none yet") + "."
