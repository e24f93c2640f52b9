"""Adversarial examples, drawn: the FGSM step of each test point as an arrow on the decision
boundary (flipped points ringed), test accuracy against ε, and on digits an image, its
perturbation and the perturbed image with both predictions. Plain data -> SVG / image."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from playground.charts import colors
from playground.charts.boundary import PLOT_LEFT, PLOT_TOP
from playground.charts.digits import SIDE, _font
from playground.charts.line_chart import line_chart_svg

ARROW = "#222222"
FLIP = colors.ERROR_HEX
HEAD = 5.0  # px: an arrowhead's length


def arrows_svg(points, steps, flipped, side: float, bounds, left: float = PLOT_LEFT,
               top: float = PLOT_TOP, max_drawn: int = 600) -> str:
    """An SVG group for the boundary's plot area (left, top, side): an arrow from each point
    (2, m) to point + step (2, m), in the plane's units, and a red ring round each point whose
    class the step flips (m booleans). At most max_drawn arrows (a stride through them; every
    flipped point keeps its ring)."""
    points, steps = np.asarray(points, float), np.asarray(steps, float)
    flipped = np.asarray(flipped, bool)
    if points.shape != steps.shape or points.ndim != 2 or points.shape[0] != 2 or (
            flipped.shape != (points.shape[1],)):
        raise ValueError(f"points and steps must be (2, m) and flipped (m,), got "
                         f"{points.shape}, {steps.shape}, {flipped.shape}")
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)

    def place(p):
        return (left + (p[0] - x1min) / (x1max - x1min) * side,
                top + (x2max - p[1]) / (x2max - x2min) * side)

    xs, ys = place(points)
    xe, ye = place(points + steps)
    stride = max(1, -(-points.shape[1] // max_drawn))
    lines, heads = [], []
    for x, y, u, v in zip(xs[::stride], ys[::stride], xe[::stride], ye[::stride], strict=True):
        length = float(np.hypot(u - x, v - y))
        if not np.isfinite([x, y, u, v]).all() or length < 0.05:
            continue
        lines.append(f"M{x:.1f} {y:.1f}L{u:.1f} {v:.1f}")
        # A head of its own per arrow (a marker on one path of many would end the last only):
        # a triangle HEAD px long at the tip, at most half the arrow.
        head = min(HEAD, length / 2)
        dx, dy = (u - x) / length, (v - y) / length
        bx, by = u - dx * head, v - dy * head
        heads.append(f"M{u:.1f} {v:.1f}L{bx - dy * head / 2:.1f} {by + dx * head / 2:.1f}"
                     f"L{bx + dy * head / 2:.1f} {by - dx * head / 2:.1f}z")
    rings = "".join(f"M{x - 6:.1f} {y:.1f}a6 6 0 1 0 12 0a6 6 0 1 0 -12 0"
                    for x, y in zip(xs[flipped], ys[flipped], strict=True))
    return (f"<g class='adversarial'><path class='adv-arrows' d='{''.join(lines)}' "
            f"stroke='{ARROW}' stroke-width='1.1' stroke-opacity='0.75' fill='none'/>"
            f"<path class='adv-heads' d='{''.join(heads)}' fill='{ARROW}' fill-opacity='0.75'/>"
            f"<path class='adv-flipped' d='{rings}' stroke='{FLIP}' stroke-width='2.2' "
            "fill='none'/></g>")


def accuracy_curve_svg(epsilons, accuracies, chosen: float | None = None, width: int = 360,
                       height: int = 190, units: str = "") -> str:
    """Test accuracy on the FGSM examples against ε (ε = 0: clean), y from 0 to 1; the legend
    gives the accuracy at the chosen ε (linear between the curve's points)."""
    epsilons, accuracies = np.asarray(epsilons, float), np.asarray(accuracies, float)
    series = {"test accuracy": (epsilons, accuracies, colors.negative_hex())}
    latest = None
    if chosen is not None and len(epsilons):
        latest = {"test accuracy": float(np.interp(chosen, epsilons, accuracies))}
        series = {f"test accuracy at ε = {chosen:g}": series["test accuracy"]}
        latest = {f"test accuracy at ε = {chosen:g}": latest["test accuracy"]}
    return line_chart_svg(series, title="Test accuracy against ε (FGSM)",
                          x_label=f"ε{units}", y_range=(0.0, 1.0), width=width, height=height,
                          latest=latest, percent=True)


def _grey(pixels: np.ndarray, top: float) -> np.ndarray:
    """(k, 8, 8) grey levels 0..top -> ink dark on white, RGB."""
    grey = (255 - np.clip(pixels / top, 0, 1) * 230).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=-1)


def digit_attack_image(clean, perturbed, predicted_before, predicted_after, labels,
                       class_names=None, cell: int = 64, top: float = 16.0) -> np.ndarray:
    """One row per digit: the image, its perturbation (perturbed − clean, scaled so its
    largest |value| is full colour: blue +, orange −, captioned with that value) and the
    perturbed image, each image captioned with what the network predicts. clean, perturbed:
    (64, k) grey levels; the perturbed image is drawn on the same 0..top scale (values
    outside it clip)."""
    clean, perturbed = np.asarray(clean, float), np.asarray(perturbed, float)
    if clean.shape != perturbed.shape or clean.ndim != 2 or clean.shape[0] != SIDE * SIDE:
        raise ValueError(f"clean and perturbed must be (64, k), got {clean.shape}, "
                         f"{perturbed.shape}")
    k = clean.shape[1]
    names = class_names if class_names is not None else [str(c) for c in range(10)]
    delta = perturbed - clean
    gap, label_h, pitch = 8, 20, cell + 8
    width = gap + 3 * pitch
    height = gap + k * (cell + label_h + gap)
    sheet = np.full((height, width, 3), 255, np.uint8)
    scale = max(cell // SIDE, 1)
    big = {}
    for name, pictures in (("clean", _grey(clean.T.reshape(k, SIDE, SIDE), top)),
                           ("perturbed", _grey(perturbed.T.reshape(k, SIDE, SIDE), top))):
        big[name] = pictures.repeat(scale, axis=1).repeat(scale, axis=2)
    span = np.abs(delta).max(axis=0)
    span = np.where(span > 0, span, 1.0)
    diverging = colors.diverging_rgb((delta / span).T.reshape(k, SIDE, SIDE), -1.0, 1.0)
    big["delta"] = diverging.repeat(scale, axis=1).repeat(scale, axis=2)
    image = Image.fromarray(sheet)
    draw = ImageDraw.Draw(image)
    font = _font(12)
    for i in range(k):
        y = gap + i * (cell + label_h + gap)
        before, after = int(predicted_before[i]), int(predicted_after[i])
        truth = int(labels[i])
        cells = (("clean", f"predicted {names[before]}", before != truth),
                 ("delta", f"perturbation ±{span[i]:.3g}", False),
                 ("perturbed", f"predicted {names[after]}", after != truth))
        for c, (name, caption, wrong) in enumerate(cells):
            x = gap + c * pitch
            image.paste(Image.fromarray(big[name][i]), (x, y))
            fill = colors.hex_to_rgb(colors.ERROR_HEX) if wrong else colors.INK
            draw.text((x + cell / 2, y + cell + 4), caption, fill=fill, font=font, anchor="mt")
    return np.asarray(image)
