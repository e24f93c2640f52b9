"""The views on the set-ups lessons use (issue 7): deep sigmoid networks, exact zeros, one cost
and one accuracy, multi-class and regression pictures. Chart builders are pure functions, so
most of this is checked on their SVG; the last tests drive the page through AppTest."""

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import ImageFont
from streamlit.testing.v1 import AppTest

import engine
from playground import live
from playground.charts import colors
from playground.charts.distribution import activation_histograms_svg, saturation_share
from playground.charts.gradient_flow import layer_norms_svg
from playground.charts.line_chart import line_chart_svg, spread_labels
from playground.charts.network_diagram import network_svg
from playground.charts.neuron_maps import neuron_maps
from playground.charts.numbers import readable
from playground.charts.thumbnails import dataset_thumbnail
from playground.panels import curves
from playground.saving.session_charts import input_labels
from playground.session.state import Session

SVG = "{http://www.w3.org/2000/svg}"
APP = str(Path(__file__).resolve().parent.parent / "app.py")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root, cls=None):
    return [t for t in root.iter(f"{SVG}text")
            if cls is None or cls in (t.get("class") or "").split()]


def text_width(label: str, size: float, bold: bool) -> float:
    """A real font's advance width: DejaVu Sans (wide: a conservative stand-in for the browser's
    sans-serif), else Pillow's own font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        font = ImageFont.truetype(str(DEJAVU / name), size=max(int(round(size)), 1))
    except OSError:
        font = ImageFont.load_default(size=max(int(round(size)), 1))
    return float(font.getlength(label))


def boxes(elements):
    """(left, right, top, bottom, text) of each <text>, from its anchor, font size and a real
    font's width; the box spans the font size above the baseline (ascent) and 0.25 below."""
    found = []
    for t in elements:
        size = float(t.get("font-size"))
        width = text_width(t.text, size, t.get("font-weight") == "bold")
        x, y = float(t.get("x")), float(t.get("y"))
        anchor = t.get("text-anchor")
        left = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
        found.append((left, left + width, y - 0.8 * size, y + 0.2 * size, t.text))
    return found


def overlapping(found, tolerance=0.5):
    pairs = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if (min(a[1], b[1]) - max(a[0], b[0]) > tolerance
                    and min(a[3], b[3]) - max(a[2], b[2]) > tolerance):
                pairs.append((a[4], b[4]))
    return pairs


# ---------------------------------------------------------------- numbers for people


def test_one_formatter_says_zero_and_missing_like_the_metric_row():
    assert readable(0.90131) == "0.9013"  # the metric row's four decimals
    assert readable(0.4762, percent=True) == "47.6%"
    assert readable(0.0) == "0" and readable(-0.0) == "0"
    assert readable(None) == "—"
    assert readable(123456.0) == "1.23e5" and readable(2.345e-9) == "2.35e-9"
    assert readable(5230.4) == "5,230"
    assert readable(float("nan")) == "—" and readable(float("inf")) == "∞"


# ---------------------------------------------------------------- deep networks


def deep_sigmoid(hidden=8, units=64):
    rng = np.random.default_rng(0)
    sizes = [2] + [units] * hidden + [1]
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.normal(size=(sizes[l], sizes[l - 1]))
        params[f"b{l}"] = np.zeros((sizes[l], 1))
    return sizes, ["sigmoid"] * (hidden + 1), params


@pytest.mark.parametrize("width", [560, 720])
def test_deep_network_header_labels_do_not_overlap(width):
    sizes, activations, params = deep_sigmoid()
    root = parse(network_svg(sizes, activations, params, input_names=["x₁", "x₂"],
                             width=width, height=360))
    heads = [t for t in texts(root) if float(t.get("y")) < 48]  # the header band
    assert overlapping(boxes(heads)) == []
    assert len(heads) == 3 * len(sizes)  # X, n=2, inputs; A[l], n=64, sigmoid per layer
    assert {"A[1]", "n=64", "sigmoid", "Ŷ=A[9]"} <= {t.text for t in heads}
    shapes = [t for t in texts(root) if t.text and re.fullmatch(r"\(\d+, \d+\)", t.text)]
    assert len(shapes) == 9 and overlapping(boxes(shapes)) == []
    # neurons stay readable: at least 15 px squares, 12 of each 64-unit layer drawn
    frames = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "none"]
    assert min(float(r.get("width")) for r in frames) >= 15
    assert sum(1 for g in root.iter(f"{SVG}g") if g.get("data-l") == "1") == 12


def test_deep_histograms_keep_every_label_inside_and_apart():
    """Thin rows print 'A[l] sigmoid' on one line; none runs into the next or off the top."""
    rng = np.random.default_rng(0)
    layers = [1 / (1 + np.exp(-rng.normal(size=(64, 100)) * s)) for s in range(1, 9)]
    root = parse(activation_histograms_svg(layers, ["sigmoid"] * 8, width=300,
                                           height=10 + 24 * 8))
    labels = [t for t in texts(root) if float(t.get("x")) < 80 or "saturated" in t.text]
    found = boxes(labels)
    assert overlapping(found) == []
    assert [t.text for t in labels if float(t.get("x")) < 80] == [
        f"A[{l}] sigmoid" for l in range(1, 9)]
    assert min(top for _l, _r, top, _b, _t in found) >= 0  # A[1] is not cut off at the top


def test_histograms_use_the_engines_saturation():
    A = np.array([[0.005, 0.5, 0.995, 0.3]])
    Z = np.log(A / (1 - A))
    assert saturation_share(A, "sigmoid") == engine.activations.saturation("sigmoid", Z, A)[0]
    relu = np.array([[0.0, 0.0], [0.0, 2.0]])
    assert saturation_share(relu, "relu") == 0.5  # one of two units is 0 everywhere
    assert saturation_share(relu, "linear") is None


def ten_decades(n_layers=9, steps=200):
    x = np.arange(steps)
    return {f"[{l}]": (x, 10.0 ** (l - 10) * (1 + 0.3 * np.sin(x / 9 + l)), None)
            for l in range(1, n_layers + 1)}


def plot_share(root) -> float:
    (plot,) = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "plot-area"]
    return float(plot.get("height")) / float(root.get("height"))


def test_nine_gradient_series_keep_half_the_chart_for_the_plot_and_readable_ticks():
    root = parse(line_chart_svg(ten_decades(), log_y=True, title="||dW[l]|| (log)",
                                x_label="step", width=300, height=170))
    assert plot_share(root) >= 0.5
    legend = texts(root, "legend")
    assert len(legend) == 9 and overlapping(boxes(legend)) == []
    ticks = texts(root, "ytick")
    assert len(ticks) >= 4 and overlapping(boxes(ticks)) == []
    values = [float(t.get("data-value")) for t in ticks]
    assert values[0] <= 1e-9 and values[-1] >= 0.1  # the ten decades are all on the axis
    # each label sits at (or is led from) its line's end: [9] highest, [1] lowest
    order = [t.text.split()[0] for t in sorted(legend, key=lambda t: float(t.get("y")))]
    assert order == [f"[{l}]" for l in range(9, 0, -1)]


def test_spread_labels_keep_their_order_and_spacing_inside_the_range():
    placed = spread_labels([50, 50, 51, 200], low=10, high=100, spacing=12)
    assert placed[0] < placed[1] < placed[2] and placed[3] == 100
    assert all(b - a >= 12 - 1e-9 for a, b in zip(sorted(placed), sorted(placed)[1:], strict=False))


def test_gradient_flow_by_layer_one_dot_per_layer_higher_is_larger():
    norms = [10.0 ** (l - 10) for l in range(1, 10)]
    root = parse(layer_norms_svg(norms, width=300, height=170))
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "layer-norm"]
    assert [int(c.get("data-l")) for c in dots] == list(range(1, 10))
    heights = [float(c.get("cy")) for c in dots]
    assert heights == sorted(heights, reverse=True)  # layer 9 (largest) at the top
    assert "ratio 10^8.0" in [t.text for t in texts(root, "spread")][0]
    assert plot_share(root) >= 0.5
    assert overlapping(boxes(texts(root, "ytick"))) == []


# ---------------------------------------------------------------- exact zeros


def test_a_zero_norm_is_drawn_in_the_zero_band_with_a_zero_legend():
    x = np.arange(50)
    series = {"[1]": (x, np.zeros(50), None), "[2]": (x, np.zeros(50), None),
              "[3]": (x, np.full(50, 0.25), None)}
    root = parse(line_chart_svg(series, log_y=True, title="||dW[l]||", width=300, height=170))
    assert [r for r in root.iter(f"{SVG}rect") if r.get("class") == "zero-band"]
    assert "0" in [t.text for t in texts(root, "zero")]
    assert {"[1] 0", "[2] 0", "[3] 0.2500"} <= {t.text for t in texts(root)}
    assert "no data yet" not in {t.text for t in texts(root)}
    lines = {p.get("data-name"): p for p in root.iter(f"{SVG}polyline")
             if p.get("class") == "series"}
    assert set(lines) == {"[1]", "[2]", "[3]"}  # the zero lines are drawn, in the band
    (band,) = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "zero-band"]
    band_top = float(band.get("y"))
    zero_y = {float(p.split(",")[1]) for p in lines["[1]"].get("points").split()}
    assert all(band_top <= y <= band_top + float(band.get("height")) for y in zero_y)


def test_all_zero_gradients_by_layer_sit_in_the_zero_band():
    root = parse(layer_norms_svg([0.0, 0.0, 0.0]))
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "layer-norm"]
    assert len(dots) == 3
    (band,) = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "zero-band"]
    assert all(float(band.get("y")) <= float(c.get("cy")) <= float(band.get("y"))
               + float(band.get("height")) for c in dots)
    assert "after the first step" not in {t.text for t in texts(root)}
    assert [t.text for t in texts(root, "ytick")] == ["0"]  # no decades without a value


# ---------------------------------------------------------------- one cost, one accuracy


def test_legend_shows_the_given_latest_values_formatted_like_the_metric_row():
    x = np.arange(3.0)
    root = parse(line_chart_svg({"train": (x, [0.5, 0.6, 0.524]), "test": (x, [1, 2, 8.65])},
                                y_range=(0, 1), latest={"train": 0.476, "test": 0.45},
                                percent=True))
    assert {"train 47.6%", "test 45.0%"} <= {t.text for t in texts(root, "legend")}


def test_one_point_at_epoch_zero_gets_an_axis_from_zero():
    root = parse(line_chart_svg({"train": ([0], [0.69])}, x_label="epoch"))
    labels = [t.text for t in texts(root) if t.get("text-anchor") == "middle"]
    assert labels[0] == "0" and not any(label.startswith("-") for label in labels)


def test_whole_epochs_get_whole_ticks():
    root = parse(line_chart_svg({"share": ([1, 2, 3], [0.1, 0.2, 0.3])}, x_label="epoch"))
    labels = [t.text for t in texts(root) if t.get("text-anchor") == "middle"][:-1]
    assert labels == ["1", "2", "3"]


def test_curves_legends_say_what_the_metric_row_says():
    session = Session()
    session.apply({"learning_rate": 10.0})
    for _ in range(12):
        session.epoch()
    svg = curves.live_html(session)
    legend = {t.text for chunk in svg.split("</svg>") if chunk
              for t in texts(parse(chunk + "</svg>"), "legend")}
    m = session.metrics
    assert f"train {readable(m['train_cost'])}" in legend
    assert f"test {readable(m['test_accuracy'], percent=True)}" in legend
    assert readable(m["train_cost"]) in live.metrics_html(session)


# ---------------------------------------------------------------- classes and inputs


def test_softmax_neurons_are_drawn_in_their_classes_colours():
    p = np.zeros((3, 4))
    p[1] = 1.0  # class 2 (index 1) sure everywhere
    maps = neuron_maps([np.zeros((2, 4)), p], 2, ["softmax"])
    assert tuple(maps[1][1][0, 0]) == colors.class_rgb(1)
    assert tuple(maps[1][0][0, 0]) == (255, 255, 255)  # probability 0: white
    assert tuple(maps[1][2][0, 0]) == (255, 255, 255)


def test_diagram_inputs_are_the_engines_labels_or_the_csv_columns():
    features = SimpleNamespace(feature_names=("x1", "x1^2", "sin_x2"))
    assert input_labels(features) == ["x₁", "x₁²", "sin(x₂)"]
    csv = SimpleNamespace(feature_names=("sepal_length", "petal width"))
    assert input_labels(csv) == ["sepal_length", "petal width"]
    sizes, activations, params = deep_sigmoid(hidden=1, units=3)
    root = parse(network_svg(sizes, activations, params, input_names=["sepal_length", "b"]))
    assert [t.text for t in texts(root, "input-label")] == ["sepal_length", "b"]


def test_thumbnail_puts_points_where_the_boundary_would():
    image = dataset_thumbnail(np.array([[-5.0, 5.0], [5.0, -5.0]]), [0, 1], (-6, 6, -6, 6),
                              "binary", 2, size=12)
    assert tuple(image[1, 1]) == colors.class_rgb(0)  # (-5, 5): one cell in from top left
    assert tuple(image[11, 11]) == colors.class_rgb(1)  # (5, -5): bottom right
    assert tuple(image[6, 6]) == (255, 255, 255)


# ---------------------------------------------------------------- the page (AppTest)


def slow_charts(at) -> list[ET.Element]:
    """The <svg> charts of the live area's second slot (curves, saturation, gradients)."""
    html = next(m.value for m in at.markdown if "pg-charts" in m.value)
    return [parse(chunk[chunk.index("<svg"):] + "</svg>")
            for chunk in html.split("</svg>") if "<svg" in chunk]


def test_zeros_initialization_shows_gradient_norms_of_zero(short_play):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="w.init").set_value("zeros").run()
    for _ in range(3):
        at.button(key="epoch").click().run()
    assert not at.exception
    record = at.session_state["session"].net.latest
    assert all(layer.dW_norm == 0 for layer in record.layers[:-1])  # the lesson's fact
    gradient = [svg for svg in slow_charts(at) if "dW" in (texts(svg)[0].text or "")]
    assert len(gradient) == 2
    for svg in gradient:
        words = {t.text for t in texts(svg)}
        assert "no data yet" not in words and "after the first step" not in words
        assert [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "zero-band"]
    by_layer, over_steps = gradient
    assert "[1] 0" in {t.text for t in texts(over_steps, "legend")}
    assert all(float(c.get("data-value")) == 0 for c in by_layer.iter(f"{SVG}circle")
               if c.get("class") == "layer-norm" and c.get("data-l") == "1")


def test_clicking_a_thumbnail_selects_its_data_set(short_play):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.button(key="thumb.xor").click().run()
    assert not at.exception
    assert at.session_state["session"].dataset.name == "xor"
    assert math.isfinite(at.session_state["session"].metrics["train_cost"])
