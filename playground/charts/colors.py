"""The palette: one place for every colour the charts use.

Diverging scale (TF Playground's): orange = negative / class 0, light grey = 0, blue = positive /
class 1, in the palette the page's `palette` setting chose (`use`, once per script run; the
default is safe for the common colour-vision deficiencies). Values are mapped linearly:
v -> t = (v - vmin) / (vmax - vmin) in [0, 1], then t = 0 is orange, t = 0.5 the neutral grey,
t = 1 blue. The map is a 255-entry lookup table, so colouring a
48x48 grid is one clip, one multiply and one np.take.

Categorical colours (up to 10 classes) start with the same orange and blue, so class 0/1 look the
same in binary and multi-class views, then continue with Okabe-Ito / Paul Tol hues that stay
distinct under the common colour-vision deficiencies and on a washed-out projector.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

import numpy as np


# Each palette: (negative / class 0, the neutral zero, positive / class 1, classes 2..9).
@dataclass(frozen=True)
class Palette:
    """The colours that carry meaning: the two signs (and classes 0/1), zero, further classes."""

    label: str
    negative: str
    neutral: str
    positive: str
    more_classes: tuple[str, ...]

    @property
    def classes(self) -> tuple[str, ...]:
        return (self.negative, self.positive, *self.more_classes)


# Every class colour keeps 3:1 against white (WCAG 1.4.11, graphics); the test computes it
# (tests/test_palette_contrast.py) together with the distance of class 0 from class 1 under
# simulated protanopia, deuteranopia and tritanopia.
PALETTES = {
    # Okabe-Ito's vermillion-orange and a dark blue: they differ in lightness as well as hue, so
    # they stay apart for every common colour-vision deficiency and on a washed-out projector.
    "safe": Palette("colour-blind safe", "#d95a00", "#e8eaeb", "#12438a",
                    ("#007a5a", "#a8527f", "#882255", "#2a7fb0", "#8a7a00", "#332288",
                     "#707022", "#777777")),
    # TF Playground's orange and blue (the orange is 2.3:1 on white: below the minimum).
    "classic": Palette("classic orange/blue", "#f59322", "#e8eaeb", "#0877bd",
                       ("#009e73", "#cc79a7", "#882255", "#56b4e9", "#b8a000", "#332288",
                        "#999933", "#777777")),
    # A greyscale projector: lightness only (the classes also differ by marker shape).
    "greyscale": Palette("greyscale projector", "#8c8c8c", "#f0f0f0", "#1e1e1e",
                         ("#555555", "#b0b0b0", "#3a3a3a", "#707070", "#a0a0a0", "#000000",
                          "#606060", "#c0c0c0")),
}
DEFAULT_PALETTE = "safe"
_CURRENT: ContextVar[Palette] = ContextVar("palette", default=PALETTES[DEFAULT_PALETTE])


def use(name: str) -> None:
    """Draw with palette `name` from now on in this script run (each run has its own context)."""
    _CURRENT.set(PALETTES.get(name, PALETTES[DEFAULT_PALETTE]))


def palette() -> Palette:
    """The palette this script run draws with."""
    return _CURRENT.get()


# The default palette's colours, for what does not follow the setting (static pages' accents).
NEGATIVE_HEX = PALETTES[DEFAULT_PALETTE].negative  # class 0, negative weight, below the centre
NEUTRAL_HEX = PALETTES[DEFAULT_PALETTE].neutral  # zero
POSITIVE_HEX = PALETTES[DEFAULT_PALETTE].positive  # class 1, positive weight, above the centre
INK_HEX = "#222222"  # text and outlines: near-black reads better than pure black when projected
MUTED_HEX = "#5f6368"  # secondary text (ticks, shapes): 6.0:1 on white, 5.6:1 on the grey
FOCUS_HEX = "#0b5f99"  # the theme's primary: focus rings, the chosen thumbnail (6.8:1 on white)
GRID_HEX = "#dddddd"  # grid lines
ERROR_HEX = "#c62828"  # wrong predictions, divergence: 5.6:1 on white
CLASS_HEX = PALETTES[DEFAULT_PALETTE].classes

# A darkened room (the device's dark setting): each ink the charts draw on white and what it
# becomes on the dark page (panels/style.py turns this table into CSS that overrides the SVG's
# attributes, so one drawing serves both). The class and weight colours stay: they are chosen
# for both, and the boundary keeps its own light background.
DARK_INKS = {
    "#222222": "#e8eaed",  # text (INK_HEX, svg.text's default): 14.9:1 on the dark page
    MUTED_HEX: "#aab0b6",  # ticks and secondary text: 8.4:1
    "#666": "#aab0b6",
    "#555555": "#9aa0a6",  # neuron outlines
    "#111111": "#ffffff",  # the selected neuron's outline
    "#888": "#8a9199",  # axes
    "#999": "#8a9199",  # plot frames
    GRID_HEX: "#3a4048",  # grid lines
}
# The charts' lines and edges in the positive colour (class 1) where it is too dark for the dark
# page (the safe blue 1.9:1 there, the greyscale near-black 1.1:1): lighter, 6.2:1 and 12:1.
DARK_LINES = {PALETTES["safe"].positive: "#5b9bd5", PALETTES["greyscale"].positive: "#d0d0d0"}


def negative_hex() -> str:
    return palette().negative


def positive_hex() -> str:
    return palette().positive


def neutral_hex() -> str:
    return palette().neutral


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


@cache
def _diverging_lut(colours: Palette, strength: float) -> np.ndarray:
    """255x3 uint8 table: negative -> neutral -> positive, the ends pulled toward the neutral
    by `strength` (one table per palette, built once).

    An odd length puts the neutral exactly at the middle entry (127).
    """
    t = np.linspace(-1.0, 1.0, _LUT_SIZE)[:, None]  # -1 negative ... +1 positive
    neutral = np.array(hex_to_rgb(colours.neutral), float)
    end = np.where(t < 0, np.array(hex_to_rgb(colours.negative), float),
                   np.array(hex_to_rgb(colours.positive), float))
    return np.round(neutral + (end - neutral) * np.abs(t) * strength).astype(np.uint8)


# Full strength for weights, matrices and neuron maps; the lighter one is the boundary
# background, so that full-strength training points stand out on a region of their own colour.
_FULL, _BACKGROUND = 1.0, 0.72


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
    lut = _diverging_lut(palette(), _BACKGROUND if background else _FULL)
    return np.take(lut, index, axis=0)  # 3-4x faster than lut[index] for 2-D indexes


def diverging_hex(value: float, vmin: float = -1.0, vmax: float = 1.0) -> str:
    """One value on the full-strength diverging scale as '#rrggbb'."""
    return rgb_to_hex(diverging_rgb(np.array([value]), vmin, vmax)[0])


def sign_hex(value: float) -> str:
    """Blue for positive (and zero), orange for negative: the colour of an edge or bias."""
    return negative_hex() if value < 0 else positive_hex()


def class_hex(index: int) -> str:
    """Categorical colour of class `index` (cycles after 10)."""
    classes = palette().classes
    return classes[int(index) % len(classes)]


def class_rgb(index: int) -> tuple[int, int, int]:
    """Categorical colour of class `index` as (r, g, b)."""
    return hex_to_rgb(class_hex(index))


def class_table(n_classes: int) -> np.ndarray:
    """(n_classes, 3) float array of class colours, for vectorised lookups."""
    return np.array([class_rgb(k) for k in range(n_classes)], dtype=np.float64)


def plotly_diverging_scale() -> list[list]:
    """The diverging scale as a plotly colorscale (use with zmid=0)."""
    return [[0.0, negative_hex()], [0.5, neutral_hex()], [1.0, positive_hex()]]
