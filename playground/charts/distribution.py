"""Activation distributions: one violin-like strip per layer, with the saturated / dead share.

For each layer l the values of A[l] (n[l], m) over the batch are binned on a range fixed by the
activation (sigmoid/softmax [0, 1], tanh [-1, 1], relu [0, max], others [min, max]); the strip's
thickness grows with how many activations fall there (~ sqrt(count), so small tails stay
visible), mirrored around the middle line like a violin. Saturation follows the engine's
definition, computed by the engine (engine/activations.py): sigmoid/tanh values within 0.01 of
a bound are "saturated" (g'(Z) ~ 0); a relu unit is "dead" when it is 0 for every example.

Rows of at least 36 px print the layer over its activation and the range under the strip; a
deep network's thinner rows print "A[l] sigmoid" on one line, so no label runs into the next.
"""

import numpy as np

from engine.activations import saturation as engine_saturation
from playground.charts import colors
from playground.charts.svg import num, svg_open, text
from playground.charts.text_alternatives import histograms_text

BINS = 40
_FIXED_RANGE = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def value_range(A: np.ndarray, activation: str) -> tuple[float, float]:
    """The x range of a layer's strip."""
    if activation in _FIXED_RANGE:
        return _FIXED_RANGE[activation]
    finite = A[np.isfinite(A)]
    lo = 0.0 if activation == "relu" else (float(finite.min()) if finite.size else 0.0)
    hi = float(finite.max()) if finite.size else 1.0
    if hi - lo < 1e-9:
        hi = lo + 1.0
    return lo, hi


def saturation_share(A: np.ndarray, activation: str) -> float | None:
    """The engine's measure (engine.activations.saturation) of these values: the saturated
    share of sigmoid/tanh values, the dead share of ReLU units, None otherwise. ReLU's Z is
    not needed: relu(Z) > 0 exactly where Z > 0."""
    if not A.size:
        return 0.0 if activation in ("sigmoid", "tanh", "relu") else None
    share, _kind = engine_saturation(activation, A, A)
    return share


def saturation_note(A: np.ndarray, activation: str, share: float | None) -> str:
    """'37% saturated', '2 of 8 units dead', or '' when the idea does not apply."""
    if share is None:
        return ""
    if activation == "relu":
        n = A.shape[0]
        if n >= 100:  # a conv layer's (h, w, c) units: the short form fits beside its strip
            return f"{round(share * n)} of {n} dead"
        return f"{round(share * n)} of {n} unit{'s' if n != 1 else ''} dead"
    return f"{share:.0%} saturated"


def activation_histograms_svg(
    activations_by_layer,
    activation_names,
    saturation=None,
    width: int = 360,
    height: int | None = None,
    title: str = "",
    last_is_output: bool = True,
) -> str:
    """An <svg> with one strip per layer: 'A[l] tanh', the violin, '37% saturated'.

    activations_by_layer: [A1, ..., AL] (layer 1 first), each (n[l], m).
    saturation: engine shares per layer (LayerRecord.saturation) or None to compute them.
    height: default 46 px per layer (plus the title's 20).
    last_is_output: False when only hidden layers are given (then every row may be flagged).
    """
    layers = list(activations_by_layer)
    title_h = 20.0 if title else 0.0
    rows_h = (height - title_h) if height else 46.0 * max(len(layers), 1)
    row_h = rows_h / max(len(layers), 1)
    height = int(height or max(title_h + rows_h, 30))
    roomy = row_h >= 36  # two label lines and a range under each strip
    if not roomy:  # thin rows share one range line at the bottom
        row_h = (rows_h - 10) / max(len(layers), 1)
    label_w, note_w = 84.0, 122.0
    strip = (label_w, max(width - label_w - note_w, 40.0))  # x and width of the violins
    layers = [np.asarray(A, dtype=np.float64) for A in layers]
    shares = [saturation[i] if saturation is not None and i < len(saturation)
              and saturation[i] is not None else saturation_share(A, activation_names[i])
              for i, A in enumerate(layers)]
    label = histograms_text(activation_names[:len(layers)], shares)
    parts = [svg_open(width, height, "class='histograms'", label=label)]
    if title:
        parts.append(text(6, 14, title, size=12, weight="bold", extra="class='title'"))
    if not layers:
        parts.append(text(width / 2, height / 2 + 4, "no activations yet", size=12,
                          anchor="middle", fill=colors.MUTED_HEX))
    for i, (A, share) in enumerate(zip(layers, shares, strict=True)):
        # red when most of a hidden layer has stopped learning; a saturated OUTPUT layer is
        # just a confident one, so the last layer is never flagged
        flaggable = i < len(layers) - 1 or not last_is_output
        parts += _row(i, A, activation_names[i], share, flaggable, title_h + i * row_h, row_h,
                      roomy, strip)
    if not roomy and layers:
        parts += _shared_range(layers, activation_names, strip, height)
    parts.append("</svg>")
    return "".join(parts)


def _row(i, A, activation, share, flaggable, top, row_h, roomy, strip) -> list[str]:
    """Layer i + 1's row: its violin, its labels and its saturation note."""
    if roomy:
        mid = top + (row_h - 12) / 2 + 2
        half = (row_h - 16) / 2
    else:
        mid = top + row_h / 2
        half = max(row_h / 2 - 3, 1.5)
    lo, hi = value_range(A, activation)
    parts = _violin(i, A, lo, hi, mid, half, strip)
    strip_x, strip_w = strip
    if roomy:
        parts.append(text(6, mid - 2, f"A[{i + 1}]", size=12, weight="bold",
                          extra="class='label'"))
        parts.append(text(6, mid + 12, activation, size=11, fill=colors.MUTED_HEX,
                          extra="class='label'"))
        tick_y = top + row_h - 3
        parts.append(text(strip_x, tick_y, f"{lo:.3g}", size=9, anchor="start",
                          fill=colors.MUTED_HEX))
        parts.append(text(strip_x + strip_w, tick_y, f"{hi:.3g}", size=9,
                          anchor="end", fill=colors.MUTED_HEX))
    else:
        size = min(11.0, row_h - 4)
        short = activation.replace("leaky_relu", "leaky").replace("softmax", "softm")
        parts.append(text(6, mid + size * 0.35, f"A[{i + 1}] {short}", size=size,
                          extra="class='label'"))
    bad = share is not None and share >= 0.5 and flaggable
    note_size = 12 if roomy else min(11.0, row_h - 4)
    parts.append(text(strip_x + strip_w + 10, mid + note_size * 0.35,
                      saturation_note(A, activation, share), size=note_size,
                      fill=colors.ERROR_HEX if bad else colors.INK_HEX,
                      extra="class='note'"))
    return parts


def _violin(i, A, lo, hi, mid, half, strip) -> list[str]:
    """The middle line and the mirrored histogram of A's finite values binned on [lo, hi]."""
    strip_x, strip_w = strip
    finite = A[np.isfinite(A)]
    index = np.clip(((finite - lo) / (hi - lo) * BINS).astype(int), 0, BINS - 1)
    counts = np.bincount(index, minlength=BINS).astype(float)
    # sqrt scale: a ReLU layer's spike at 0 would otherwise flatten everything else
    thickness = np.sqrt(counts / counts.max()) * half if counts.max() > 0 else counts
    xs = strip_x + (np.arange(BINS) + 0.5) / BINS * strip_w
    upper = " ".join(f"{x:.1f},{mid - t:.1f}" for x, t in zip(xs, thickness, strict=True))
    lower = " ".join(f"{x:.1f},{mid + t:.1f}"
                     for x, t in zip(xs[::-1], thickness[::-1], strict=True))
    colour = colors.positive_hex()
    return [f"<line x1='{num(strip_x)}' y1='{num(mid)}' x2='{num(strip_x + strip_w)}' "
            f"y2='{num(mid)}' stroke='{colors.GRID_HEX}'/>",
            f"<polygon class='violin' data-l='{i + 1}' points='{upper} {lower}' "
            f"fill='{colour}' fill-opacity='0.55' stroke='{colour}' stroke-width='1'>"
            f"<title>A[{i + 1}] from {lo:.3g} to {hi:.3g}</title></polygon>"]


def _shared_range(layers, activation_names, strip, height) -> list[str]:
    """Thin rows: one range line under the strips, when every layer has the same range."""
    ranges = {value_range(np.asarray(A, dtype=np.float64), g)
              for A, g in zip(layers, activation_names, strict=False)}
    if len(ranges) != 1:
        return []
    (lo, hi), (strip_x, strip_w) = ranges.pop(), strip
    return [text(strip_x, height - 1, f"{lo:.3g}", size=9, fill=colors.MUTED_HEX),
            text(strip_x + strip_w, height - 1, f"{hi:.3g}", size=9, anchor="end",
                 fill=colors.MUTED_HEX)]
