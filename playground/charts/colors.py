"""The palette: one place for every colour the charts use.

Diverging scale (TF Playground's): orange = negative / class 0, light grey = 0, blue = positive /
class 1. Values are mapped linearly: v -> t = (v - vmin) / (vmax - vmin) in [0, 1], then t = 0 is
orange, t = 0.5 the neutral grey, t = 1 blue. The map is a 255-entry lookup table, so colouring a
48x48 grid is one clip, one multiply and one np.take.

Categorical colours (up to 10 classes) start with the same orange and blue, so class 0/1 look the
same in binary and multi-class views, then continue with Okabe-Ito / Paul Tol hues that stay
distinct under the common colour-vision deficiencies and on a washed-out projector.
"""

import numpy as np

NEGATIVE_HEX = "#f59322"  # orange: negative weight, class 0, value below the centre
NEUTRAL_HEX = "#e8eaeb"  # light grey: zero
POSITIVE_HEX = "#0877bd"  # blue: positive weight, class 1, value above the centre
INK_HEX = "#222222"  # text and outlines: near-black reads better than pure black when projected
MUTED_HEX = "#666666"  # secondary text (ticks, shapes)
GRID_HEX = "#dddddd"  # grid lines
ERROR_HEX = "#d62728"  # wrong predictions, divergence

CLASS_HEX = (
    NEGATIVE_HEX,  # 0 orange
    POSITIVE_HEX,  # 1 blue
    "#009e73",  # 2 bluish green (Okabe-Ito)
    "#cc79a7",  # 3 reddish purple (Okabe-Ito)
    "#882255",  # 4 wine (Tol)
    "#56b4e9",  # 5 sky blue (Okabe-Ito), lighter than 1
    "#b8a000",  # 6 dark yellow (Okabe-Ito yellow darkened to read on white)
    "#332288",  # 7 indigo (Tol)
    "#999933",  # 8 olive (Tol)
    "#777777",  # 9 grey
)


def hex_to_rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#0877bd' -> (8, 119, 189)."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def rgb_to_hex(rgb) -> str:
    """(8, 119, 189) -> '#0877bd' (values are clipped to 0..255)."""
    r, g, b = (int(np.clip(round(float(c)), 0, 255)) for c in rgb[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


NEGATIVE = hex_to_rgb(NEGATIVE_HEX)
NEUTRAL = hex_to_rgb(NEUTRAL_HEX)
POSITIVE = hex_to_rgb(POSITIVE_HEX)
INK = hex_to_rgb(INK_HEX)
WHITE = (255, 255, 255)


_LUT_SIZE = 255


def _diverging_lut(strength: float) -> np.ndarray:
    """255x3 table: orange -> neutral -> blue, the ends pulled toward neutral by `strength`.

    An odd length puts the neutral grey exactly at the middle entry (127).
    """
    t = np.linspace(-1.0, 1.0, _LUT_SIZE)[:, None]  # -1 orange ... +1 blue
    neutral = np.array(NEUTRAL, float)
    end = np.where(t < 0, np.array(NEGATIVE, float), np.array(POSITIVE, float))
    return neutral + (end - neutral) * np.abs(t) * strength


# Full-strength scale for weights, matrices and neuron maps; the lighter one is the boundary
# background, so that full-strength training points stand out on a region of their own colour.
_LUT_FULL = np.round(_diverging_lut(1.0)).astype(np.uint8)
_LUT_BACKGROUND = np.round(_diverging_lut(0.72)).astype(np.uint8)


def diverging_rgb(values, vmin: float = -1.0, vmax: float = 1.0, background: bool = False):
    """Map values to the orange-grey-blue scale: uint8 array of shape values.shape + (3,).

    vmin maps to orange, (vmin + vmax) / 2 to the neutral grey, vmax to blue; values outside are
    clipped and NaN maps to the neutral grey. background=True uses the lighter boundary scale.
    """
    v = np.asarray(values, dtype=np.float32)
    span = float(vmax) - float(vmin)
    if not np.isfinite(span) or span <= 0:
        span = 1.0
    # float32 and in-place ops: this runs on every pixel of every live frame
    t = np.subtract(v, np.float32(vmin), dtype=np.float32)
    t *= np.float32((_LUT_SIZE - 1) / span)
    t += np.float32(0.5)
    np.clip(t, 0, _LUT_SIZE - 0.5, out=t)  # also sends +-inf to the ends
    if np.isnan(t).any():
        t[np.isnan(t)] = (_LUT_SIZE - 1) / 2
    index = t.astype(np.uint8)
    lut = _LUT_BACKGROUND if background else _LUT_FULL
    return np.take(lut, index, axis=0)  # 3-4x faster than lut[index] for 2-D indexes


def diverging_hex(value: float, vmin: float = -1.0, vmax: float = 1.0) -> str:
    """One value on the full-strength diverging scale as '#rrggbb'."""
    return rgb_to_hex(diverging_rgb(np.array([value]), vmin, vmax)[0])


def sign_hex(value: float) -> str:
    """Blue for positive (and zero), orange for negative: the colour of an edge or bias."""
    return NEGATIVE_HEX if value < 0 else POSITIVE_HEX


def class_hex(index: int) -> str:
    """Categorical colour of class `index` (cycles after 10)."""
    return CLASS_HEX[int(index) % len(CLASS_HEX)]


def class_rgb(index: int) -> tuple[int, int, int]:
    """Categorical colour of class `index` as (r, g, b)."""
    return hex_to_rgb(class_hex(index))


def class_table(n_classes: int) -> np.ndarray:
    """(n_classes, 3) float array of class colours, for vectorised lookups."""
    return np.array([class_rgb(k) for k in range(n_classes)], dtype=np.float64)


def plotly_diverging_scale() -> list[list]:
    """The diverging scale as a plotly colorscale (use with zmid=0)."""
    return [[0.0, NEGATIVE_HEX], [0.5, NEUTRAL_HEX], [1.0, POSITIVE_HEX]]
