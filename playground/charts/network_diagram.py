"""TF Playground's signature view: the network as columns of neurons joined by weighted edges.

Everything is in the course's notation with 1-BASED indexes, like the lectures:
    layer l = 1..L (0 is the input X), neuron j = 1..n[l] of layer l, k = 1..n[l-1] of layer l-1;
    the edge k -> j carries W[l][j,k] (row j, column k of W[l], shape (n[l], n[l-1]));
    the bias of neuron j is b[l][j] (or gamma[l][j], beta[l][j] with batch norm).
Edges: blue for positive weights, orange for negative, width and opacity grow with |w| up to
`weight_cap`. Each node shows its neuron's activation over the input plane (neuron_maps.py).
The height is fixed whatever the network, so the page does not jump while the user edits it;
layers wider than `max_drawn` show their first `max_drawn` neurons and "+N more".
"""

import numpy as np

from playground.charts import colors
from playground.charts.png import png_data_uri
from playground.charts.svg import esc, num, svg_open, text, value_text
from playground.charts.text_alternatives import network_text

_SHORT_ACTIVATION = {"leaky_relu": "leaky"}
CHAR_WIDTH = 0.62  # average glyph width / font size (bold digits and brackets): text fitting
MAX_INPUT_LABEL = 12  # characters of an input's name before "…" (the tooltip has it whole)


def header_lines(l: int, layer_sizes, activations, wide: bool) -> list[tuple[str, bool]]:
    """The column header of layer l as (text, bold) lines: 'A[2]' over '(4, tanh)' when the
    columns are wide, else 'A[2]' / 'n=4' / 'tanh' (three short lines stay apart)."""
    L = len(layer_sizes) - 1
    n = layer_sizes[l]
    if l == 0:
        return [("X", True), (f"({n} inputs)", False)] if wide else [
            ("X", True), (f"n={n}", False), ("inputs", False)]
    activation = activations[l - 1]
    if wide:
        return [(f"A[{l}]" + (" = Ŷ" if l == L else ""), True), (f"({n}, {activation})", False)]
    head = f"Ŷ=A[{l}]" if l == L else f"A[{l}]"
    return [(head, True), (f"n={n}", False),
            (_SHORT_ACTIVATION.get(activation, activation).replace("_", " "), False)]


def fitted_size(label: str, room: float, size: float, smallest: float = 8.0) -> float:
    """The font size (at most `size`) at which `label` is about `room` px wide or less."""
    return max(smallest, min(size, room / max(len(label) * CHAR_WIDTH, 1e-9)))


def short_label(name: str) -> str:
    name = str(name)
    return name if len(name) <= MAX_INPUT_LABEL else name[: MAX_INPUT_LABEL - 1] + "…"


def _image_uri(image) -> str | None:
    if image is None:
        return None
    return image if isinstance(image, str) else png_data_uri(image)


def _layout(layer_sizes, width, height, max_drawn, longest_input=2):
    """Node centres per layer (only the drawn ones), node side, and the band positions."""
    # The input labels stand left of the input nodes: room for the longest ("pixel 0,0").
    left, right, top, bottom = max(64.0, 6.5 * longest_input + 36.0), 54.0, 50.0, 40.0
    drawn = [min(n, max_drawn) for n in layer_sizes]
    slots = max(d + (1 if n > max_drawn else 0) for d, n in zip(drawn, layer_sizes, strict=True))
    gap = (width - left - right) / max(len(layer_sizes) - 1, 1)
    slot_h = (height - top - bottom) / max(slots, 1)
    side = float(min(40.0, slot_h * 0.8, gap * 0.42))
    xs = [left + i * gap for i in range(len(layer_sizes))]
    middle = top + (height - top - bottom) / 2
    ys = []
    for d, n in zip(drawn, layer_sizes, strict=True):
        count = d + (1 if n > max_drawn else 0)
        first = middle - (count - 1) * slot_h / 2
        ys.append([first + i * slot_h for i in range(d)])
    return xs, ys, side, slot_h, gap, top, bottom


def network_svg(
    layer_sizes,
    activations,
    parameters,
    neuron_images=None,
    input_names=None,
    selected=None,
    width: int = 720,
    height: int | None = None,
    max_drawn: int = 12,
    weight_cap: float = 2.5,
    label: str = "",
) -> str:
    """A complete <svg> string of the network.

    layer_sizes: [n_x, n1, ..., nL]; activations: names of layers 1..L; parameters: the engine's
    dict {"W1", "b1", ...} (or "gamma1"/"beta1" instead of b with batch norm).
    neuron_images[l][j]: uint8 image or data-URI string of neuron j (0-based list index) of
    layer l; neuron_images[0] are the input features' maps. input_names: the inputs' labels as
    the page prints them (engine.FEATURE_LABELS of the features, or a CSV's column names).
    selected: (l, j) with 1-based j (and l = 0..L) to highlight one neuron and its edges.
    height: default 400 for every network (fixed so the page layout stays put).
    label: the text alternative (default: the layers' sizes and activations).
    """
    height = int(height or 400)
    longest = max((len(short_label(n)) for n in input_names or ()), default=2)
    xs, ys, side, slot_h, gap, top, bottom = _layout(layer_sizes, width, height, max_drawn,
                                                     longest)
    small = 10 if gap < 95 else 11
    selected = tuple(selected) if selected is not None else (None, None)
    label = label or network_text(layer_sizes, activations)
    parts = [svg_open(width, height, "class='network'", label=label)]
    parts += _edges(parameters, xs, ys, side / 2, selected, weight_cap)  # under the nodes
    for l in range(len(layer_sizes)):
        images = neuron_images[l] if neuron_images is not None and l < len(neuron_images) else []
        parts += _column(l, xs[l], ys[l], side, images, parameters, activations, input_names,
                         selected)
        if layer_sizes[l] > len(ys[l]):
            more = layer_sizes[l] - len(ys[l])
            y_more = (ys[l][-1] if ys[l] else top) + slot_h * 0.75
            parts.append(text(xs[l], y_more, f"+{more} more", size=small, anchor="middle",
                              fill=colors.MUTED_HEX))
    parts += _layer_heads(layer_sizes, activations, xs, gap, small)
    parts += _weight_shapes(layer_sizes, xs, height - bottom, gap - 8, small)
    parts.append("</svg>")
    return "".join(parts)


def _edges(parameters, xs, ys, half, selected, weight_cap) -> list[str]:
    """One curve per drawn weight W[l][j,k]; with a selection, the edges not touching the
    selected neuron fade."""
    sel_l, sel_j = selected
    parts = ["<g fill='none' stroke-linecap='round'>"]
    for l in range(1, len(xs)):
        W = np.asarray(parameters[f"W{l}"])
        x0, x1 = xs[l - 1] + half, xs[l] - half
        bend = (x1 - x0) * 0.45
        for j, yj in enumerate(ys[l]):
            for k, yk in enumerate(ys[l - 1]):
                w = float(W[j, k])
                strength = min(abs(w) / weight_cap, 1.0) if np.isfinite(w) else 1.0
                touches = sel_l is not None and (
                    (sel_l == l and sel_j == j + 1) or (sel_l == l - 1 and sel_j == k + 1)
                )
                opacity = 0.25 + 0.7 * strength
                if sel_l is not None and not touches:
                    opacity *= 0.25  # fade everything not connected to the selected neuron
                parts.append(
                    f"<path class='edge' data-l='{l}' data-j='{j + 1}' data-k='{k + 1}' "
                    f"d='M{num(x0)} {num(yk)}C{num(x0 + bend)} {num(yk)} {num(x1 - bend)} "
                    f"{num(yj)} {num(x1)} {num(yj)}' stroke='{colors.sign_hex(w)}' "
                    f"stroke-width='{0.6 + 3.4 * strength:.2f}' stroke-opacity='{opacity:.2f}'>"
                    f"<title>W[{l}][{j + 1},{k + 1}] = {value_text(w)}</title></path>"
                )
    parts.append("</g>")
    return parts


def _column(l, x, ys, side, images, parameters, activations, input_names, selected) -> list[str]:
    """The drawn neurons of layer l, each with its input label (l = 0) or bias marker."""
    half = side / 2
    b, gamma, beta = ((parameters.get(f"{key}{l}") for key in ("b", "gamma", "beta")) if l
                      else (None, None, None))
    parts = []
    for j, y in enumerate(ys):
        if l == 0:
            name = input_names[j] if input_names is not None and j < len(input_names) else (
                f"x{j + 1}")
            tip = f"input {name}: row {j + 1} of X"
        else:
            tip = f"A[{l}][{j + 1}]: unit {j + 1} of layer {l} ({activations[l - 1]})"
        uri = _image_uri(images[j]) if j < len(images) else None
        parts.append(_node(l, j, x - half, y - half, side, tip, uri, selected == (l, j + 1)))
        if l == 0:
            parts.append(text(x - half - 6, y + 4, short_label(name), size=12,
                              anchor="end", extra="class='input-label'"))
        else:
            parts.append(_bias_marker(l, j, x - half, y + half, b, gamma, beta, side))
    return parts


def _node(l, j, x, y, side, tip, uri, is_selected) -> str:
    """A neuron: its map (or a neutral square), a frame (thick when selected), a tooltip."""
    box = f"x='{num(x)}' y='{num(y)}' width='{num(side)}' height='{num(side)}'"
    inside = (f"<image {box} preserveAspectRatio='none' href='{uri}'/>" if uri
              else f"<rect {box} fill='{colors.neutral_hex()}'/>")
    stroke, stroke_w = ("#111111", 3.0) if is_selected else ("#555555", 1.0)
    return (f"<g class='neuron' data-l='{l}' data-j='{j + 1}'><title>{esc(tip)}</title>"
            f"{inside}<rect {box} fill='none' stroke='{stroke}' "
            f"stroke-width='{stroke_w:g}'/></g>")


def _layer_heads(layer_sizes, activations, xs, gap, small) -> list[str]:
    """The label lines over each column, each fitted to the column's width."""
    wide, room = gap >= 95, gap - 8
    parts = []
    for l in range(len(layer_sizes)):
        baseline = 14.0
        for index, (label, bold) in enumerate(header_lines(l, layer_sizes, activations, wide)):
            size = fitted_size(label, room, small + 2 if index == 0 else small)
            parts.append(text(xs[l], baseline, label, size=round(size, 1), anchor="middle",
                              weight="bold" if bold else "normal",
                              fill=colors.INK_HEX if bold else colors.MUTED_HEX,
                              extra=f"class='layer-head' data-l='{l}'"))
            baseline += size + 2
    return parts


def _weight_shapes(layer_sizes, xs, base, room, small) -> list[str]:
    """'W[l]' over its shape '(n[l], n[l-1])' under each gap between columns."""
    parts = []
    for l in range(1, len(layer_sizes)):
        mid = (xs[l - 1] + xs[l]) / 2
        shape = f"({layer_sizes[l]}, {layer_sizes[l - 1]})"
        parts.append(text(mid, base + 20, f"W[{l}]", size=small + 1,
                          anchor="middle", extra=f"class='wshape' data-l='{l}'"))
        parts.append(text(mid, base + 33, shape, size=round(fitted_size(
            shape, room, small), 1), anchor="middle", fill=colors.MUTED_HEX))
    return parts


def _bias_marker(l, j, x, y, b, gamma, beta, side) -> str:
    """A small square on the node's lower-left corner: colour = sign, opacity = size."""
    if b is not None:
        value = float(np.ravel(b)[j])
        tip = f"b[{l}][{j + 1}] = {value_text(value)}"
    elif beta is not None:
        value = float(np.ravel(beta)[j])
        g = float(np.ravel(gamma)[j]) if gamma is not None else 1.0
        tip = f"gamma[{l}][{j + 1}] = {value_text(g)}, beta[{l}][{j + 1}] = {value_text(value)}"
    else:
        return ""
    strength = min(abs(value), 1.0) if np.isfinite(value) else 1.0
    size = float(np.clip(side * 0.26, 5.0, 9.0))  # stays small next to small nodes
    return (
        f"<rect class='bias' data-l='{l}' data-j='{j + 1}' x='{num(x - size / 2)}' "
        f"y='{num(y - size / 2)}' width='{size:g}' height='{size:g}' "
        f"fill='{colors.sign_hex(value)}' fill-opacity='{0.35 + 0.65 * strength:.2f}' "
        f"stroke='#333' stroke-width='0.8'><title>{esc(tip)}</title></rect>"
    )
