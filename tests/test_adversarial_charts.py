"""The adversarial charts (playground/charts/adversarial.py) without a browser: arrows land where
the points and steps say, flipped points are ringed, the curve and the digit picture hold what
they are given."""

import re

import numpy as np
import pytest

from playground.charts.adversarial import accuracy_curve_svg, arrows_svg, digit_attack_image
from playground.charts.boundary import PLOT_LEFT, PLOT_TOP


def _segments(svg: str) -> list[tuple[float, ...]]:
    d = re.search(r"class='adv-arrows' d='([^']*)'", svg).group(1)
    return [tuple(map(float, m)) for m in re.findall(
        r"M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)", d)]


def test_each_arrow_runs_from_the_point_to_point_plus_step_in_plot_pixels():
    bounds = (-6.0, 6.0, -6.0, 6.0)
    points = np.array([[0.0, -6.0, 3.0], [0.0, 6.0, -3.0]])
    steps = np.array([[0.6, 0.6, -0.6], [0.6, -0.6, 0.0]])
    svg = arrows_svg(points, steps, np.array([False, True, False]), 300, bounds)
    # x: left + (x1 + 6) / 12 * 300; y: top + (6 - x2) / 12 * 300.
    assert _segments(svg) == [
        (PLOT_LEFT + 150, PLOT_TOP + 150, PLOT_LEFT + 165, PLOT_TOP + 135),
        (PLOT_LEFT + 0, PLOT_TOP + 0, PLOT_LEFT + 15, PLOT_TOP + 15),
        (PLOT_LEFT + 225, PLOT_TOP + 225, PLOT_LEFT + 210, PLOT_TOP + 225)]
    rings = re.search(r"class='adv-flipped' d='([^']*)'", svg).group(1)
    assert rings.count("M") == 1 and rings.startswith(f"M{PLOT_LEFT - 6:.1f} {PLOT_TOP:.1f}")


def test_a_zero_step_draws_no_arrow_and_too_many_points_are_thinned():
    points = np.zeros((2, 5))
    svg = arrows_svg(points, np.zeros((2, 5)), np.zeros(5, bool), 300, (-1, 1, -1, 1))
    assert _segments(svg) == []
    many = np.random.default_rng(0).uniform(-1, 1, (2, 1000))
    svg = arrows_svg(many, np.full((2, 1000), 0.1), np.ones(1000, bool), 300, (-1, 1, -1, 1),
                     max_drawn=100)
    assert len(_segments(svg)) == 100
    assert re.search(r"class='adv-flipped' d='([^']*)'", svg).group(1).count("M") == 1000


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="points and steps"):
        arrows_svg(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros(3, bool), 300, (0, 1, 0, 1))
    with pytest.raises(ValueError, match="must be \\(64, k\\)"):
        digit_attack_image(np.zeros((63, 2)), np.zeros((63, 2)), [0, 0], [0, 0], [0, 0])


def test_the_curve_reads_the_accuracy_at_the_chosen_epsilon():
    svg = accuracy_curve_svg([0.0, 1.0, 2.0], [1.0, 0.8, 0.4], chosen=1.5)
    assert "Test accuracy against ε" in svg
    assert "test accuracy at ε = 1.5 60.0%" in svg  # halfway between 0.8 and 0.4
    assert svg.count("<svg") == 1


def test_the_digit_picture_has_three_cells_a_row_and_the_perturbation_in_colour():
    rng = np.random.default_rng(1)
    clean = rng.integers(0, 17, (64, 2)).astype(float)
    delta = 2.0 * rng.choice((-1.0, 1.0), (64, 2))
    image = digit_attack_image(clean, clean + delta, [3, 5], [3, 8], [3, 5], cell=64)
    assert image.shape == (8 + 2 * (64 + 20 + 8), 8 + 3 * 72, 3)
    y, x = 8, 8 + 72  # the perturbation cell of the first row: blue or orange only
    cell = image[y:y + 64, x:x + 64].reshape(-1, 3)
    assert len({tuple(c) for c in cell}) == 2
    grey = image[y:y + 64, 8:8 + 64].reshape(-1, 3)
    assert np.all(grey[:, 0] == grey[:, 1])  # the digits themselves are grey
