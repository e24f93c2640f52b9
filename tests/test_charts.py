"""Chart builders: real pixels, real SVG elements, exact strings. No browser, no timing."""

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from playground.charts import colors
from playground.charts.boundary import (
    boundary_html,
    boundary_image,
    dot_colours,
    dot_shapes,
    grid_points,
    points_svg,
)
from playground.charts.digits import (
    confusion_matrix_figure,
    sample_predictions_image,
    weights_grid_image,
)
from playground.charts.distribution import activation_histograms_svg
from playground.charts.line_chart import decimate, line_chart_svg
from playground.charts.matrices import matrix_figure, matrix_latex
from playground.charts.network_diagram import network_svg
from playground.charts.neuron_maps import neuron_maps
from playground.charts.png import png_bytes, png_data_uri

SVG = "{http://www.w3.org/2000/svg}"
BOUNDS = (-2.0, 2.0, -1.0, 3.0)


def is_blue(rgb):
    r, g, b = (int(c) for c in rgb[:3])
    return b > r + 40 and b > g


def is_orange(rgb):
    r, g, b = (int(c) for c in rgb[:3])
    return r > b + 60 and r > g


def parse(svg: str) -> ET.Element:
    """The SVG must be well-formed XML (the browser would forgive, tests do not)."""
    return ET.fromstring(svg)


# ---------------------------------------------------------------- palette


def test_diverging_ends_and_centre():
    rgb = colors.diverging_rgb(np.array([-1.0, 0.0, 1.0, np.nan, 5.0]))
    assert tuple(rgb[0]) == colors.NEGATIVE
    assert tuple(rgb[1]) == colors.NEUTRAL
    assert tuple(rgb[2]) == colors.POSITIVE
    assert tuple(rgb[3]) == colors.NEUTRAL  # NaN reads as "no signal"
    assert tuple(rgb[4]) == colors.POSITIVE  # clipped
    assert rgb.dtype == np.uint8 and rgb.shape == (5, 3)
    assert colors.diverging_rgb(np.zeros((4, 6))).shape == (4, 6, 3)


def test_class_colours_distinct_and_hex_round_trip():
    hexes = [colors.class_hex(k) for k in range(10)]
    assert len(set(hexes)) == 10
    assert colors.class_rgb(0) == colors.NEGATIVE and colors.class_rgb(1) == colors.POSITIVE
    assert colors.rgb_to_hex(colors.hex_to_rgb("#0877bd")) == "#0877bd"


# ---------------------------------------------------------------- PNG


@pytest.mark.parametrize("shape", [(7, 5, 3), (6, 9), (4, 4, 4), (1, 1, 3)])
def test_png_round_trips_through_pil(shape):
    image = np.random.default_rng(0).integers(0, 256, size=shape, dtype=np.uint8)
    uri = png_data_uri(image)
    assert uri.startswith("data:image/png;base64,")
    decoded = np.asarray(Image.open(io.BytesIO(png_bytes(image))))
    assert np.array_equal(decoded, image)


def test_png_rejects_bad_shapes():
    with pytest.raises(ValueError):
        png_bytes(np.zeros((3, 3, 2), np.uint8))


# ---------------------------------------------------------------- boundary


def test_grid_points_order_row0_is_top():
    P = grid_points(BOUNDS, (3, 4))
    assert P.shape == (2, 12)
    # cell centres: x1 steps of 1.0 from -1.5; x2 from the top (3 - 4/6) downward
    assert np.allclose(P[0, :4], [-1.5, -0.5, 0.5, 1.5])
    assert np.allclose(P[1, [0, 4, 8]], [3 - 2 / 3, 1.0, -1 + 2 / 3])
    assert np.all(P[1, :4] == P[1, 0])  # one row has one x2


def test_boundary_colours_follow_probability():
    image = boundary_image(np.ones((8, 8)), BOUNDS, "binary", size=40)
    assert image.shape == (40, 40, 3) and image.dtype == np.uint8
    assert is_blue(image[20, 20])
    image = boundary_image(np.zeros((8, 8)), BOUNDS, "binary", size=40)
    assert is_orange(image[20, 20])


def test_boundary_orientation_top_is_x2_max():
    P = grid_points(BOUNDS, 20)
    values = (P[1] > 1.0).astype(float).reshape(20, 20)  # 1 where x2 is above the middle
    image = boundary_image(values, BOUNDS, "binary", size=100)
    assert is_blue(image[10, 50]) and is_orange(image[90, 50])


def test_boundary_grid_points_match_image():
    """Evaluate a function on grid_points, and its sign shows up at the same plot position."""
    P = grid_points(BOUNDS, 30)
    values = (P[0] > 1.0).astype(float).reshape(30, 30)  # x1 > 1: the right quarter
    image = boundary_image(values, BOUNDS, "binary", size=120)
    assert is_blue(image[60, 110]) and is_orange(image[60, 60]) and is_orange(image[60, 5])


def dots(svg_paths: str) -> list[tuple[str, float, float]]:
    """(class, x, y) of every dot of points_svg's paths."""
    root = parse(f"<svg xmlns='http://www.w3.org/2000/svg'>{svg_paths}</svg>")
    found = []
    for path in root.iter(f"{SVG}path"):
        if path.get("class"):
            for x, y in re.findall(r"M([-\d.]+) ([-\d.]+)h0", path.get("d")):
                found.append((path.get("class"), path.get("stroke"), float(x), float(y)))
    return found


def test_points_drawn_at_their_coordinates():
    train = np.array([[-1.0, 1.0], [2.0, 0.0]])  # (x1, x2) = (-1, 2) and (1, 0)
    fills = dot_colours([1, 0], "binary")
    found = dots(points_svg(train, fills, 360, BOUNDS, test=False, left=0, top=0))
    # (-1, 2) -> column (1/4)*360 = 90, row (3-2)/4*360 = 90; (1, 0) -> (270, 270)
    assert sorted(found) == sorted([("train", colors.POSITIVE_HEX, 90.0, 90.0),
                                    ("train", colors.NEGATIVE_HEX, 270.0, 270.0)])


def test_test_points_are_rings_and_many_points_are_sampled():
    point = np.array([[-1.0], [2.0]])
    svg = points_svg(point, dot_colours([1], "binary"), 360, BOUNDS, test=True, left=10, top=5)
    assert dots(svg) == [("test", colors.POSITIVE_HEX, 100.0, 95.0)]
    assert "stroke='#fff'" in svg  # the white centre: a held-out point reads as a ring
    many = np.zeros((2, 5000))
    assert len(dots(points_svg(many, dot_colours(np.zeros(5000), "binary"), 100, BOUNDS,
                               test=False, max_drawn=2000))) == 1667  # every 3rd


def test_regression_dots_and_colour_bar_share_the_scale():
    fills = dot_colours([-2.0, 0.0, 2.0], "regression", vmax=2.0)
    assert fills[0] == colors.NEGATIVE_HEX and fills[2] == colors.POSITIVE_HEX
    root = parse(boundary_html(np.ones((4, 4, 3), np.uint8), BOUNDS, "surface", colour_bar=2.0))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-tick"]
    assert ticks == ["2", "0", "-2"]
    assert root.find(f".//{SVG}linearGradient") is not None


def test_discretize_gives_two_colours_only():
    values = np.linspace(0.2, 0.8, 64).reshape(8, 8)
    image = boundary_image(values, BOUNDS, "binary", discretize=True, size=32)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) == 2


def test_multiclass_colours_by_argmax():
    probs = np.zeros((3, 6, 6))
    probs[2] = 0.9
    probs[0] = 0.05
    probs[1] = 0.05
    image = boundary_image(probs, BOUNDS, "multiclass", size=30)
    class2 = np.array(colors.class_rgb(2), float)
    pixel = image[15, 15].astype(float)
    white = np.array([255.0, 255, 255])
    # the pixel lies on the segment white -> class colour
    t = np.dot(pixel - white, class2 - white) / np.dot(class2 - white, class2 - white)
    assert 0.4 < t < 0.8 and np.allclose(white + t * (class2 - white), pixel, atol=3)


def test_regression_symmetric_scale():
    values = np.array([[-3.0, 3.0]])
    image = boundary_image(np.repeat(values, 4, axis=0), BOUNDS, "regression", size=40)
    assert is_orange(image[20, 2]) and is_blue(image[20, 37])


def test_boundary_html_has_image_and_ticks():
    image = boundary_image(np.ones((4, 4)), BOUNDS, "binary", size=50)
    svg = boundary_html(image, BOUNDS, "Circle")
    root = parse(svg)
    assert root.find(f"{SVG}image").get("href").startswith("data:image/png;base64,")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Circle" in labels and "x1" in labels and "x2" in labels and "3" in labels


# ---------------------------------------------------------------- network diagram


def small_net(batch_norm=False):
    rng = np.random.default_rng(1)
    params = {"W1": rng.normal(size=(3, 2)), "W2": rng.normal(size=(1, 3))}
    params["W1"][1, 0] = -0.412
    params["W1"][2, 1] = 0.5
    if batch_norm:
        params |= {"gamma1": np.ones((3, 1)), "beta1": np.full((3, 1), 0.25),
                   "gamma2": np.ones((1, 1)), "beta2": np.zeros((1, 1))}
    else:
        params |= {"b1": np.array([[0.05], [-0.2], [0.0]]), "b2": np.zeros((1, 1))}
    return [2, 3, 1], ["tanh", "sigmoid"], params


def test_network_one_edge_per_weight_with_sign_colour_and_tooltip():
    sizes, acts, params = small_net()
    root = parse(network_svg(sizes, acts, params, input_names=["x₁", "x₁²"]))
    edges = [e for e in root.iter(f"{SVG}path") if e.get("class") == "edge"]
    assert len(edges) == 3 * 2 + 1 * 3
    by_index = {(e.get("data-l"), e.get("data-j"), e.get("data-k")): e for e in edges}
    edge = by_index[("1", "2", "1")]  # W[1][2,1] is W1[1, 0] in 0-based NumPy
    assert edge.find(f"{SVG}title").text == "W[1][2,1] = -0.412"
    assert edge.get("stroke") == colors.NEGATIVE_HEX
    assert by_index[("1", "3", "2")].get("stroke") == colors.POSITIVE_HEX
    assert float(by_index[("1", "3", "2")].get("stroke-width")) < float(
        max(e.get("stroke-width") for e in edges))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "x₁²" in texts and "A[1]" in texts and "(3, tanh)" in texts
    assert "W[2]" in texts and "(1, 3)" in texts and "(3, 2)" in texts
    biases = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bias"]
    assert "b[1][1] = 0.050" in [b.find(f"{SVG}title").text for b in biases]


def test_network_embeds_neuron_images_and_highlights_selection():
    sizes, acts, params = small_net()
    images = [[np.zeros((4, 4, 3), np.uint8)] * n for n in sizes]
    svg = network_svg(sizes, acts, params, neuron_images=images, selected=(1, 2))
    root = parse(svg)
    assert len(list(root.iter(f"{SVG}image"))) == 6
    selected = [g for g in root.iter(f"{SVG}g") if g.get("class") == "neuron"
                and g.get("data-l") == "1" and g.get("data-j") == "2"][0]
    assert selected.findall(f"{SVG}rect")[-1].get("stroke-width") == "3"


def test_network_caps_wide_layers_at_fixed_height():
    rng = np.random.default_rng(0)
    sizes = [2] + [64] * 8 + [1]
    params = {f"W{l}": rng.normal(size=(sizes[l], sizes[l - 1])) for l in range(1, 10)}
    params |= {f"b{l}": np.zeros((sizes[l], 1)) for l in range(1, 10)}
    svg = network_svg(sizes, ["relu"] * 8 + ["sigmoid"], params)
    root = parse(svg)
    assert root.get("height") == "400"
    edges = [e for e in root.iter(f"{SVG}path") if e.get("class") == "edge"]
    assert len(edges) == 2 * 12 + 7 * 12 * 12 + 12
    assert svg.count("+52 more") == 8
    small = network_svg(*small_net())
    assert parse(small).get("height") == "400"  # same height whatever the network


def test_network_batch_norm_has_gamma_beta_tooltips():
    svg = network_svg(*small_net(batch_norm=True))
    assert "gamma[1][2] = 1.000, beta[1][2] = 0.250" in svg
    assert "b[1]" not in svg


def test_neuron_maps_shapes_and_ranges():
    P = grid_points(BOUNDS, 5)
    A1 = np.tanh(np.vstack([P[0], -P[0]]))
    maps = neuron_maps([P, A1, 1 / (1 + np.exp(-P[:1]))], 5, ["tanh", "sigmoid"])
    assert [len(m) for m in maps] == [2, 2, 1]
    assert maps[1][0].shape == (5, 5, 3)
    assert is_blue(maps[1][0][2, 4]) and is_orange(maps[1][0][2, 0])  # tanh(x1): right blue
    assert is_orange(maps[1][1][2, 4])


# ---------------------------------------------------------------- line chart


def y_ticks(root):
    return {float(t.get("data-value")): float(t.get("y"))
            for t in root.iter(f"{SVG}text") if t.get("class") == "ytick"}


def test_log_axis_places_bigger_values_higher():
    x = np.arange(50)
    root = parse(line_chart_svg({"dW": (x, 10.0 ** -(1 + x / 20), None)}, log_y=True))
    ticks = y_ticks(root)
    assert 0.01 in ticks and 0.001 in ticks
    assert ticks[0.01] < ticks[0.001]  # SVG y grows downward


def test_line_chart_skips_nan_and_shows_latest_value():
    y = np.array([1.0, np.nan, 0.5, np.inf, 0.25])
    svg = line_chart_svg({"cost": (np.arange(5), y, "#123456")})
    root = parse(svg)
    line = [p for p in root.iter(f"{SVG}polyline") if p.get("class") == "series"][0]
    assert len(line.get("points").split()) == 3
    assert line.get("stroke") == "#123456"
    assert "cost 0.2500" in [t.text for t in root.iter(f"{SVG}text")]  # as the metric row


def test_line_chart_empty_and_single_point():
    assert "no data yet" in line_chart_svg({})
    assert "no data yet" in line_chart_svg({"cost": ([], [], None)})
    root = parse(line_chart_svg({"cost": ([3], [0.5], None)}))
    assert len(list(root.iter(f"{SVG}circle"))) == 1


def test_decimation_keeps_spikes_and_order():
    x = np.arange(10_000.0)
    y = np.ones_like(x)
    y[5_123] = 100.0
    dx, dy = decimate(x, y, 400)
    assert len(dx) <= 401 and dy.max() == 100.0 and np.all(np.diff(dx) > 0)
    assert dx[-1] == x[-1]
    root = parse(line_chart_svg({"a": (x, y, None)}))
    line = [p for p in root.iter(f"{SVG}polyline") if p.get("class") == "series"][0]
    assert len(line.get("points").split()) <= 401


def test_line_chart_fixed_range():
    ticks = y_ticks(parse(line_chart_svg({"acc": ([1, 2], [0.5, 0.7], None)}, y_range=(0, 1))))
    assert min(ticks) == 0.0 and max(ticks) == 1.0


# ---------------------------------------------------------------- distributions


def test_histograms_report_saturation_and_dead_units():
    rng = np.random.default_rng(0)
    tanh = np.tanh(rng.normal(scale=4, size=(4, 100)))
    relu = np.maximum(rng.normal(size=(8, 100)), 0)
    relu[:2] = 0.0  # two dead units
    svg = activation_histograms_svg([tanh, relu], ["tanh", "relu"])
    root = parse(svg)
    notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note"]
    share = np.mean(np.abs(tanh) > 0.99)
    assert notes == [f"{share:.0%} saturated", "2 of 8 units dead"]
    assert len([p for p in root.iter(f"{SVG}polygon")]) == 2
    given = activation_histograms_svg([tanh], ["tanh"], saturation=[0.37])
    assert "37% saturated" in given


# ---------------------------------------------------------------- matrices


def test_matrix_latex_exact():
    M = np.array([[1.0, -0.5], [0.25, 2.0]])
    assert matrix_latex(M, "W[1]") == (
        r"W^{[1]} = \begin{bmatrix} 1.000 & -0.500 \\ 0.250 & 2.000 \end{bmatrix}")
    assert matrix_latex(np.array([[-0.0001]]), "db[2]", digits=2) == (
        r"db^{[2]} = \begin{bmatrix} -1.0 \times 10^{-4} \end{bmatrix}")


def test_matrix_latex_truncates_with_dots():
    M = np.arange(80.0).reshape(8, 10)
    latex = matrix_latex(M, "dW[2]", max_rows=3, max_cols=4, digits=0)
    rows = re.search(r"\\begin\{bmatrix\} (.*) \\end\{bmatrix\}", latex).group(1).split(r" \\ ")
    assert rows == [r"0 & 1 & 2 & \cdots & 9", r"10 & 11 & 12 & \cdots & 19",
                    r"\vdots & \vdots & \vdots & \ddots & \vdots",
                    r"70 & 71 & 72 & \cdots & 79"]


def test_matrix_figure_small_prints_values_large_hover_only():
    figure = matrix_figure(np.array([[1.0, -2.0]]), "dW[2]", "(1, 2)")
    assert isinstance(figure, go.Figure)
    heatmap = figure.data[0]
    assert figure.layout.title.text == "dW[2]  (1, 2)"
    assert heatmap.texttemplate and heatmap.zmid == 0
    assert heatmap.zmin == -2 and heatmap.zmax == 2
    big = matrix_figure(np.ones((20, 3)), "W[1]", "(20, 3)")
    assert big.data[0].texttemplate is None


# ---------------------------------------------------------------- digits


def test_weights_grid_shape_and_colours():
    W1 = np.zeros((10, 64))
    W1[0, 0] = 1.0  # top-left pixel of unit 1: positive
    W1[0, 63] = -1.0
    image = weights_grid_image(W1, cols=4, cell=40, gap=2)
    assert image.shape == (3 * 42 + 2, 4 * 42 + 2, 3)
    assert is_blue(image[2 + 2, 2 + 2]) and is_orange(image[2 + 38, 2 + 38])
    with pytest.raises(ValueError):
        weights_grid_image(np.zeros((3, 10)))


def test_sample_predictions_frames_wrong_ones():
    points = np.zeros((64, 20))
    image = sample_predictions_image(points, np.arange(20) % 10, np.r_[[1], np.arange(1, 20)] % 10,
                                     k=16, cols=8, cell=48)
    assert image.shape == (2 * (48 + 6 + 18) + 6, 8 * (48 + 6) + 6, 3)
    red = colors.hex_to_rgb(colors.ERROR_HEX)
    assert tuple(image[6 + 24, 6 - 2]) == red  # frame left of the wrong first digit (1 vs 0)
    assert tuple(image[6 + 24, 6 + 54 - 2]) != red  # the second one is right


def test_confusion_matrix_counts():
    figure = confusion_matrix_figure([0, 0, 1, 2], [0, 1, 1, 2], ["a", "b", "c"])
    z = np.asarray(figure.data[0].z)
    assert z.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert "75.0%" in figure.layout.title.text


def test_classes_differ_by_marker_shape_as_well_as_colour():
    """Class 0 round, 1 square, 2 diamond (a filled outline): colour is never the only cue."""
    assert dot_shapes([0, 1, 2, 3], "multiclass") == ["round", "square", "diamond", "round"]
    assert dot_shapes([-1.5, 2.0], "regression") == ["round", "round"]
    points = np.array([[-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    labels = [0, 1, 2]
    svg = points_svg(points, dot_colours(labels, "multiclass"), 360, BOUNDS, test=False,
                     shapes=dot_shapes(labels, "multiclass"), left=0, top=0)
    root = parse(f"<svg xmlns='http://www.w3.org/2000/svg'>{svg}</svg>")
    drawn = {(p.get("stroke") if p.get("fill") is None else p.get("fill")):
             (p.get("stroke-linecap"), p.get("d")) for p in root.iter(f"{SVG}path")
             if p.get("class") == "train"}
    assert drawn[colors.class_hex(0)] == (None, "M90.0 270.0h0")  # the group's round caps
    assert drawn[colors.class_hex(1)] == ("square", "M180.0 270.0h0")
    diamond = drawn[colors.class_hex(2)][1]
    assert diamond.startswith("M270.0 ") and diamond.endswith("z")
