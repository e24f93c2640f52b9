"""Every palette colour against its background (WCAG 2.2 contrast) and the class colours against
each other under simulated colour-vision deficiencies (Machado, Oliveira & Fernandes 2009,
severity 1.0, applied to linear RGB), measured as CIE76 ΔE in L*a*b* (D65).

Figures when written (safe / classic / greyscale): class 0 vs class 1 under protanopia,
deuteranopia and tritanopia (and normal vision) ΔE ≥ 96 / 87 / 47; the safe palette's classes
0-2 pairwise ≥ 21.5.
"""

import tomllib
from pathlib import Path

import numpy as np
import pytest

from playground.charts import colors

# Machado 2009, Table 1, severity 1.0: simulated linear RGB = M @ linear RGB.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}
WHITE = "#ffffff"


def linear(hex_colour: str) -> np.ndarray:
    c = np.array(colors.hex_to_rgb(hex_colour), float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb_linear: np.ndarray) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], np.clip(rgb_linear, 0, 1)))


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio, 1..21."""
    high, low = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(rgb_linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, deficiency: str | None = None) -> float:
    simulate = np.array(MACHADO[deficiency]) if deficiency else np.eye(3)
    return float(np.linalg.norm(lab(simulate @ linear(a)) - lab(simulate @ linear(b))))


def test_the_measures_match_known_values():
    """The yardsticks themselves: black on white is 21:1, TF Playground's orange 2.3:1 (the
    issue's figure), and a colour and its simulation under a deficiency of red and green
    cones collapse red and green together."""
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#f59322", WHITE) == pytest.approx(2.31, abs=0.01)
    assert delta_e("#ff0000", "#00ff00") > 80  # far apart for trichromats
    assert delta_e("#ff0000", "#00ff00", "deuteranopia") < delta_e("#ff0000", "#00ff00") / 2


def test_safe_palette_colours_reach_three_to_one_on_white_and_on_the_neutral():
    safe = colors.PALETTES["safe"]
    for colour in safe.classes:
        assert contrast(colour, WHITE) >= 3.0, colour
    for colour in safe.classes[:2]:  # the boundary's background fades toward the neutral
        assert contrast(colour, safe.neutral) >= 3.0, colour


@pytest.mark.parametrize("name", list(colors.PALETTES))
@pytest.mark.parametrize("deficiency", [None, *MACHADO])
def test_class_zero_and_one_stay_apart_for_every_vision(name, deficiency):
    palette = colors.PALETTES[name]
    # ΔE ≥ 40: a large, at-a-glance difference (2.3 is "just noticeable").
    assert delta_e(palette.negative, palette.positive, deficiency) >= 40


def test_greyscale_classes_differ_in_lightness_alone():
    grey = colors.PALETTES["greyscale"]
    for colour in (grey.negative, grey.positive, grey.neutral):
        r, g, b = colors.hex_to_rgb(colour)
        assert r == g == b
    assert contrast(grey.negative, grey.positive) >= 3.0


@pytest.mark.parametrize("deficiency", list(MACHADO))
def test_the_first_three_safe_classes_are_pairwise_distinct(deficiency):
    first = colors.PALETTES["safe"].classes[:3]
    for i in range(3):
        for j in range(i + 1, 3):
            assert delta_e(first[i], first[j], deficiency) >= 20, (first[i], first[j])


def test_text_colours_reach_four_and_a_half_to_one():
    for colour in (colors.INK_HEX, colors.MUTED_HEX, colors.ERROR_HEX, colors.FOCUS_HEX):
        assert contrast(colour, WHITE) >= 4.5, colour
        assert contrast(colour, "#f6f7f9") >= 4.5, colour  # the sidebar's grey


def theme(name: str) -> dict:
    return tomllib.loads(Path(".streamlit/config.toml").read_text())["theme"][name]


@pytest.mark.parametrize("name", ["light", "dark"])
def test_theme_text_captions_and_primary_reach_four_and_a_half_to_one(name):
    """Each Streamlit theme: body text and captions (Streamlit draws them at 60% of the text
    colour) on the page and the sidebar, and white on the primary colour (the Play button)."""
    colours = theme(name)
    text, background = colours["textColor"], colours["backgroundColor"]
    ink, page = np.array(colors.hex_to_rgb(text)), np.array(colors.hex_to_rgb(background))
    caption = colors.rgb_to_hex(0.6 * ink + 0.4 * page)
    for colour in (text, caption):
        assert contrast(colour, background) >= 4.5
        assert contrast(colour, colours["secondaryBackgroundColor"]) >= 4.5
    assert contrast(WHITE, colours["primaryColor"]) >= 4.5


def test_the_focus_ring_is_the_light_themes_primary():
    assert theme("light")["primaryColor"].lower() == colors.FOCUS_HEX


def test_the_dark_room_lightens_the_charts_inks_enough():
    """The dark theme's primary still marks a slider 3:1 on the page, and the charts' inks as
    style.py lightens them reach 4.5:1 (text) and 3:1 (lines)."""
    background = theme("dark")["backgroundColor"]
    assert contrast(theme("dark")["primaryColor"], background) >= 3.0
    for light, dark in colors.DARK_INKS.items():
        if light != colors.GRID_HEX:  # grid lines carry no information (WCAG 1.4.11)
            assert contrast(dark, background) >= 4.5, (light, dark)
    for dark in colors.DARK_LINES.values():
        assert contrast(dark, background) >= 3.0
    assert contrast(colors.PALETTES["safe"].negative, background) >= 3.0  # kept as it is


def test_the_live_functions_follow_the_chosen_palette():
    try:
        colors.use("greyscale")
        assert colors.class_hex(0) == "#8c8c8c" and colors.sign_hex(1.0) == "#1e1e1e"
        assert tuple(colors.diverging_rgb(np.array([0.0]))[0]) == (240, 240, 240)
        colors.use("no such palette")  # a bad name falls back to the default
        assert colors.class_hex(1) == colors.PALETTES[colors.DEFAULT_PALETTE].positive
    finally:
        colors.use(colors.DEFAULT_PALETTE)
