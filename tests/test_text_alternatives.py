"""Each live picture's text alternative says what the picture shows now (WCAG 1.1.1)."""

import numpy as np

from playground.charts import text_alternatives as alt
from playground.charts.boundary import boundary_html
from playground.charts.distribution import activation_histograms_svg
from playground.charts.gradient_flow import layer_norms_svg
from playground.charts.line_chart import line_chart_svg
from playground.charts.network_diagram import network_svg


def square(n: int = 48):
    """(n, n) coordinates of the unit square, row 0 at the top like the boundary's grid."""
    x = (np.arange(n) + 0.5) / n * 2 - 1
    return np.meshgrid(x, -x)


def test_trend_reads_the_last_third_of_a_curve():
    assert alt.trend([1.0, 0.8, 0.5, 0.3, 0.2, 0.1]) == "falling"
    assert alt.trend([0.5, 0.6, 0.7, 0.9]) == "rising"
    assert alt.trend([0.5, 0.5, 0.501, 0.5]) == "flat"
    assert alt.trend([np.nan]) == ""


def test_boundary_text_names_the_epoch_accuracy_and_the_shape():
    x1, x2 = square()
    ring = (x1 ** 2 + x2 ** 2 < 0.4).astype(float)  # class 1 inside a circle
    said = alt.boundary_text(120, "binary", 0.97, ring, ["outside", "inside"])
    share = ring.mean()
    assert said == (f"Decision boundary after epoch 120: test accuracy 97%; inside covers "
                    f"{share:.0%} of the plane, inside a ring.")
    xor = ((x1 > 0) == (x2 > 0)).astype(float)  # top-right and bottom-left
    assert alt.boundary_text(5, "binary", None, xor).endswith(
        "class 1 covers 50% of the plane, in the top-right and bottom-left corners.")
    right = (x1 > 0.2).astype(float)
    assert "on the right side" in alt.boundary_text(1, "binary", 0.5, right)
    assert "none of the plane" in alt.boundary_text(0, "binary", 0.5, np.zeros((8, 8)))
    three = np.stack([1 - right, right * 0.9, right * 0.1])  # multi-class probabilities
    assert "class 1 covers" in alt.boundary_text(3, "multiclass", 0.8, three)
    surface = alt.boundary_text(9, "regression", None, x1)
    assert surface.startswith("Regression surface after epoch 9; the prediction ranges from")


def test_every_live_chart_carries_its_text_alternative():
    curve = line_chart_svg({"train": ([0, 1, 2, 3], [0.9, 0.7, 0.5, 0.25], None),
                            "test": ([0, 1, 2, 3], [0.9, 0.8, 0.7, 0.6], None)}, title="Cost")
    assert "aria-label='Cost: train 0.250 (falling), test 0.600 (falling) at 3.'" in curve
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(3, 2)), "b1": np.zeros((3, 1)),
              "W2": rng.normal(size=(1, 3)), "b2": np.zeros((1, 1))}
    diagram = network_svg([2, 3, 1], ["tanh", "sigmoid"], params)
    assert "aria-label='Network diagram: 2 inputs → 3 tanh → 1 sigmoid (output);" in diagram
    saturated = np.full((3, 10), 0.999)
    strips = activation_histograms_svg([saturated], ["tanh"])
    assert "aria-label='Activations by layer: A1 tanh 100% saturated.'" in strips
    norms = layer_norms_svg([0.012, 0.31])
    assert "aria-label='Gradient size by layer, ||dW[l]||: 1: 0.012, 2: 0.310.'" in norms
    for svg in (curve, diagram, strips, norms):
        assert svg.startswith("<svg") and "role='img'" in svg.split(">", 1)[0]


def test_a_label_is_escaped_text():
    """A CSV's column name reaches a label: it stays text inside the attribute."""
    svg = boundary_html(np.zeros((4, 4, 3), np.uint8), (0, 1, 0, 1), label="a' onload='x")
    assert "aria-label='a&#x27; onload=&#x27;x'" in svg
