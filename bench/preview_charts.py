"""Render every chart for a realistic case into PNG files, to look at them as a person would.

    python bench/preview_charts.py [out_dir]     (default /tmp/charts_preview)

Trains small engine networks when the engine is importable (else fabricates data), writes the
NumPy images directly and rasterises the SVG/HTML/plotly charts in headless Chromium
(Playwright; CHROMIUM=/usr/bin/chromium by default).
"""

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.charts.boundary import (  # noqa: E402
    PLOT_TOP,
    boundary_html,
    boundary_image,
    dot_colours,
    grid_points,
    points_svg,
)
from playground.charts.digits import (  # noqa: E402
    confusion_matrix_figure,
    sample_predictions_image,
    weights_grid_image,
)
from playground.charts.distribution import activation_histograms_svg  # noqa: E402
from playground.charts.gradient_flow import layer_norms_svg  # noqa: E402
from playground.charts.line_chart import line_chart_svg  # noqa: E402
from playground.charts.matrices import matrix_figure, matrix_latex  # noqa: E402
from playground.charts.network_diagram import network_svg  # noqa: E402
from playground.charts.neuron_maps import neuron_maps  # noqa: E402
from playground.charts.png import png_bytes  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RES = 48


def train(dataset_name, layers, loss, steps, n_classes=None, features=("x1", "x2"), **spec):
    """A trained engine net on a data set: (net, dataset)."""
    from engine.datasets import make_dataset
    from engine.network import Network
    from engine.prepare import prepare

    raw = make_dataset(dataset_name, n=500, noise=0.1, seed=0, n_classes=n_classes)
    data = prepare(raw, features=features)
    net = Network.from_spec({"n_x": data.X_train.shape[0], "layers": layers, "loss": loss,
                             "optimizer": {"name": "adam", "learning_rate": 0.02}, "seed": 0,
                             **spec})
    for _ in range(steps):
        net.step(data.X_train, data.Y_train)
    return net, data


def framed(data, values, title="", discretize=False, side=360):
    """The page's boundary: heatmap, axes, colour bar (regression) and the points as SVG."""
    vmax = None
    if data.problem == "regression":
        vmax = float(max(np.abs(data.labels_train).max(), np.abs(data.labels_test).max()))
    image = boundary_image(values, data.bounds, data.problem, discretize=discretize, size=96,
                           value_range=vmax)
    svg = boundary_html(image, data.bounds, title or data.problem, display_size=side,
                        colour_bar=vmax)
    points = "".join(
        points_svg(P, dot_colours(labels, data.problem, vmax or 1.0), side, data.bounds,
                   test=test, top=PLOT_TOP)
        for P, labels, test in ((data.points_train, data.labels_train, False),
                                (data.points_test, data.labels_test, True)))
    return svg.replace("</svg>", f"<g fill='none' stroke-linecap='round'>{points}</g></svg>")


def boundary_case(net, data):
    grid = grid_points(data.bounds, RES)
    activations = net.forward_all(data.transform(grid))
    out = activations[-1]
    values = out.reshape(RES, RES) if out.shape[0] == 1 else out.reshape(-1, RES, RES)
    return framed(data, values), neuron_maps(activations, RES, net.activations)


def main(out_dir="/tmp/charts_preview"):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = {}  # name -> html to screenshot

    def save_png(name, image):
        (out / f"{name}.png").write_bytes(png_bytes(image))

    tanh = [{"units": 8, "activation": "tanh"}, {"units": 8, "activation": "tanh"}]
    net, data = train("circle", tanh + [{"units": 1, "activation": "sigmoid"}],
                      "binary_cross_entropy", 150)
    image, maps = boundary_case(net, data)
    pages["boundary_binary_framed"] = image
    pages["network_2881"] = network_svg(net.layer_sizes, net.activations, net.parameters, maps,
                                        data.feature_names, selected=(1, 3))
    pages["boundary_binary_discretized"] = framed(
        data, net.forward(data.transform(grid_points(data.bounds, RES))).reshape(RES, RES),
        discretize=True)

    feats = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
    net, data = train("spiral", [{"units": 8, "activation": "relu"}] * 3
                      + [{"units": 1, "activation": "sigmoid"}], "binary_cross_entropy", 300,
                      features=feats)
    image, maps = boundary_case(net, data)
    pages["boundary_spiral"] = image
    pages["network_spiral_features"] = network_svg(net.layer_sizes, net.activations,
                                                   net.parameters, maps, data.feature_names)
    record = net.step(data.X_train, data.Y_train)
    pages["histograms_relu"] = activation_histograms_svg(
        [layer.A for layer in record.layers], net.activations,
        [layer.saturation for layer in record.layers], width=360)

    net, data = train("blobs", [{"units": 6, "activation": "tanh"},
                                {"units": 4, "activation": "softmax"}],
                      "categorical_cross_entropy", 200, n_classes=4)
    image, maps = boundary_case(net, data)
    pages["boundary_multiclass"] = image

    net, data = train("plane", [{"units": 4, "activation": "tanh"},
                                {"units": 1, "activation": "linear"}], "mean_squared_error", 100)
    image, _ = boundary_case(net, data)
    pages["boundary_regression"] = image

    big = [{"units": 64, "activation": "leaky_relu"}] * 8 + [{"units": 1, "activation": "sigmoid"}]
    net, data = train("xor", big, "binary_cross_entropy", 3, batch_norm=True)
    image, maps = boundary_case(net, data)
    pages["network_8x64_batchnorm"] = network_svg(net.layer_sizes, net.activations,
                                                  net.parameters, maps, data.feature_names)

    # Curves of a sigmoid net trained slowly (saturation, vanishing gradients).
    net, data = train("xor", [{"units": 8, "activation": "sigmoid"}] * 3
                      + [{"units": 1, "activation": "sigmoid"}], "binary_cross_entropy", 400)
    history = net.history
    x, y = history.series("cost")
    noisy_test = y * (1.1 + 0.05 * np.sin(x / 7))
    pages["line_cost"] = line_chart_svg({"train cost": (x, y, None),
                                         "test cost": (x, noisy_test, None)},
                                        title="Cost J", x_label="step")
    grads = {f"||dW[{l}]||": (*history.series(f"dW_norm{l}"), None) for l in range(1, net.L + 1)}
    pages["line_grad_log"] = line_chart_svg(grads, log_y=True, title="Gradient norms",
                                            x_label="step")
    deep = [{"units": 8, "activation": "sigmoid"}] * 8 + [{"units": 1, "activation": "sigmoid"}]
    deep_net, _ = train("circle", deep, "binary_cross_entropy", 50)
    pages["gradient_flow_deep_sigmoid"] = layer_norms_svg(
        [layer.dW_norm for layer in deep_net.latest.layers], width=300, height=170)
    pages["line_grad_log_deep_sigmoid"] = line_chart_svg(
        {f"[{l}]": (*deep_net.history.series(f"dW_norm{l}"), None)
         for l in range(1, deep_net.L + 1)}, log_y=True, title="||dW[l]|| (log)",
        x_label="step", width=300, height=170)
    zeros_net, _ = train("circle", [{"units": 4, "activation": "tanh"}] * 2
                         + [{"units": 1, "activation": "sigmoid"}], "binary_cross_entropy", 20,
                         init="zeros")
    pages["line_grad_log_zeros_init"] = line_chart_svg(
        {f"[{l}]": (*zeros_net.history.series(f"dW_norm{l}"), None)
         for l in range(1, zeros_net.L + 1)}, log_y=True, title="||dW[l]|| (log), zeros init",
        x_label="step", width=300, height=170)
    y_nan = y.copy()
    y_nan[50:60] = np.nan
    pages["line_nan_single"] = line_chart_svg({"with NaN": (x, y_nan, None),
                                               "one point": ([3], [0.5], None)},
                                              title="NaN gap and a single point")
    pages["line_empty"] = line_chart_svg({}, title="Accuracy", y_range=(0, 1))
    record = net.step(data.X_train, data.Y_train)
    pages["histograms_sigmoid"] = activation_histograms_svg(
        [layer.A for layer in record.layers], net.activations,
        [layer.saturation for layer in record.layers], width=360)

    W2 = net.parameters["W2"]
    figures = {"matrix_W2": matrix_figure(W2, "W[2]", "(8, 8)"),
               "matrix_big": matrix_figure(np.random.default_rng(0).normal(size=(20, 30)),
                                           "dW[1]", "(20, 30)")}
    latex = matrix_latex(W2, "W[2]")

    net, data = train("digits", [{"units": 16, "activation": "relu"},
                                 {"units": 10, "activation": "softmax"}],
                      "categorical_cross_entropy", 150)
    save_png("digits_weights", weights_grid_image(net.parameters["W1"]))
    predicted = net.forward(data.X_test).argmax(axis=0)
    save_png("digits_samples", sample_predictions_image(data.inputs_test, data.labels_test,
                                                        predicted, k=16))
    figures["confusion"] = confusion_matrix_figure(data.labels_test, predicted,
                                                   data.class_names)
    for name, figure in figures.items():
        pages[name] = figure.to_html(include_plotlyjs="cdn" if False else True, full_html=False)
    pages["matrix_latex"] = f"<pre style='font-size:14px'>{latex}</pre>"
    screenshot(pages, out)
    print(f"wrote {len(list(out.glob('*.png')))} PNG files to {out}")


def screenshot(pages, out):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        for name, html in pages.items():
            page.set_content(f"<html><body style='margin:8px;background:white'>"
                             f"<div id='c' style='display:inline-block'>{html}</div></body></html>")
            page.wait_for_timeout(300 if "plotly" in html else 30)
            page.locator("#c").screenshot(path=str(out / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
