"""A log-axis chart with exact zeros: no decade label overprints the zero band's "0"."""

import re

import numpy as np

from playground.charts.line_chart import line_chart_svg


def test_no_y_tick_label_overlaps_the_zero_bands_label():
    y = np.array([1.0, 1e-4, 1e-10, 1e-16, 0.0])  # a gradient or cost falling to exactly 0
    svg = line_chart_svg({"cost": (np.arange(5), y, None)}, log_y=True, height=170)
    labels = [(float(y_), kind, value) for y_, kind, value in re.findall(
        r"<text[^>]*y='([\d.]+)'[^>]*class='(ytick[^']*)'[^>]*>([^<]*)<", svg)]
    zero = [y_ for y_, kind, _v in labels if kind == "ytick zero"]
    assert len(zero) == 1
    others = [y_ for y_, kind, _v in labels if kind == "ytick"]
    assert others and all(abs(y_ - zero[0]) >= 11 for y_ in others)  # 10 px font
