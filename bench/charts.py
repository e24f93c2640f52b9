"""How long each chart builder takes for the default live sizes, next to a peer in the same run.

    python bench/charts.py

Default case: a 2-8-8-1 tanh net, 500 points (250 train + 250 test), a 48x48 grid, a 360 px
boundary. The page re-renders the boundary and the network diagram >= 15 times a second while
training plays, so each live builder should stay well under 5 ms. Times are the median (and
the best) of repeated calls; the ratio column compares with a peer doing comparable work
(PIL's PNG encoder, plotly's to_json of an equivalent figure) on the same machine, in the same
run, which is steadier than absolute milliseconds on a shared 2-core box.

The last lines weigh the hand-made parts against the library they replace, in the same run: the
SVG line chart against the same chart in altair as st.altair_chart builds and serializes it
(the DataFrame, the spec, its JSON and Arrow data; Streamlit in bare mode, no page), and the PNG
encoder against Pillow's at the same zlib level. The README quotes them with the decision.
"""

import io
import logging
import sys
import time
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.charts.boundary import (  # noqa: E402
    boundary_html,
    boundary_image,
    dot_colours,
    grid_points,
    points_svg,
)
from playground.charts.colors import diverging_rgb  # noqa: E402
from playground.charts.distribution import activation_histograms_svg  # noqa: E402
from playground.charts.gradient_flow import layer_norms_svg  # noqa: E402
from playground.charts.line_chart import line_chart_svg  # noqa: E402
from playground.charts.matrices import matrix_figure, matrix_latex  # noqa: E402
from playground.charts.network_diagram import network_svg  # noqa: E402
from playground.charts.neuron_maps import neuron_maps  # noqa: E402
from playground.charts.png import png_bytes, png_data_uri  # noqa: E402

RES, SIZE = 48, 360


def timed(function, repeats: int = 60) -> tuple[float, float]:
    """(median, best) milliseconds per call, after one warm-up call."""
    function()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return float(np.median(samples)) * 1e3, float(np.min(samples)) * 1e3


def pil_png(image, level: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", compress_level=level)
    return buffer.getvalue()


def altair_line_chart(series: dict, title: str, log_y: bool = False):
    """The line chart as the page would draw it with st.altair_chart: a long DataFrame, one
    line per series, built and serialized by Streamlit (bare mode: nothing is sent)."""
    frame = pd.DataFrame({
        "step": np.concatenate([x for x, _y, _c in series.values()]),
        "value": np.concatenate([y for _x, y, _c in series.values()]),
        "series": np.repeat(list(series), [len(x) for x, _y, _c in series.values()])})
    scale = alt.Scale(type="log") if log_y else alt.Undefined
    chart = alt.Chart(frame, title=title).mark_line().encode(
        x="step:Q", y=alt.Y("value:Q", scale=scale), color="series:N").properties(
        width=360, height=180)
    return st.altair_chart(chart)


def library_ratios(image, maps, steps, cost) -> None:
    """The hand-made parts against the library, same data, same run."""
    two = {"train": (steps, cost, None), "test": (steps, cost * 1.1, None)}
    four = {f"dW{l}": (steps, cost * 10.0**-l, None) for l in range(1, 5)}
    small = [m for layer in maps for m in layer]
    altair_line_chart(two, "Cost")  # Streamlit sets its loggers up at its first element; then
    for name in list(logging.root.manager.loggerDict):  # bare mode's per-element warning off
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    cases = [
        ("line chart, 2 x 1000 steps", "altair via st.altair_chart",
         lambda: line_chart_svg(two, title="Cost"),
         lambda: altair_line_chart(two, "Cost")),
        ("line chart, log, 4 x 1000 steps", "altair via st.altair_chart",
         lambda: line_chart_svg(four, log_y=True, title="||dW||"),
         lambda: altair_line_chart(four, "||dW||", log_y=True)),
        (f"PNG, {image.shape[1]} px boundary", "Pillow, compress_level 1",
         lambda: png_bytes(image), lambda: pil_png(image, 1)),
        (f"PNG, {len(small)} neuron maps {small[0].shape[1]} px", "Pillow, compress_level 1",
         lambda: [png_bytes(m) for m in small], lambda: [pil_png(m, 1) for m in small]),
    ]
    print("\nhand-made vs library, ms median / best of 40 (ratio: library's time / hand-made's,"
          " of the best: the steadier on a shared machine)")
    for name, peer, ours, theirs in cases:
        (mine, mine_best), (library, library_best) = timed(ours, 40), timed(theirs, 40)
        print(f"  {name:32s} hand-made {mine:6.2f} / {mine_best:5.2f}   {peer} "
              f"{library:6.2f} / {library_best:5.2f}   {library_best / mine_best:5.1f}x")
    ours, pillow = len(png_bytes(image)), len(pil_png(image, 1))
    print(f"  PNG size, {image.shape[1]} px boundary: hand-made {ours / 1e3:.1f} kB, "
          f"Pillow {pillow / 1e3:.1f} kB ({pillow / ours:.2f}x)")


def tiny_tanh_net(rng):
    """A 2-8-8-1 net (tanh, tanh, sigmoid) as plain arrays, and its forward pass on X."""
    sizes = [2, 8, 8, 1]
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = rng.normal(scale=1.5, size=(sizes[l], sizes[l - 1]))
        params[f"b{l}"] = rng.normal(scale=0.3, size=(sizes[l], 1))

    def forward_all(X):
        A = [X]
        for l in range(1, 4):
            Z = params[f"W{l}"] @ A[-1] + params[f"b{l}"]
            A.append(np.tanh(Z) if l < 3 else 1 / (1 + np.exp(-Z)))
        return A

    return sizes, ["tanh", "tanh", "sigmoid"], params, forward_all


def main():
    rng = np.random.default_rng(0)
    bounds = (-6.0, 6.0, -6.0, 6.0)
    sizes, activations, params, forward_all = tiny_tanh_net(rng)
    grid = grid_points(bounds, RES)
    on_grid = forward_all(grid / 6.0)
    probability = on_grid[-1].reshape(RES, RES)
    points = rng.uniform(-6, 6, size=(2, 500))
    labels = (np.hypot(points[0], points[1]) < 3).astype(int)
    train, test = (points[:, :250], labels[:250]), (points[:, 250:], labels[250:])

    def make_boundary():
        return boundary_image(probability, bounds, "binary", size=SIZE)

    def make_points():
        return (points_svg(train[0], dot_colours(train[1], "binary"), SIZE, bounds, test=False)
                + points_svg(test[0], dot_colours(test[1], "binary"), SIZE, bounds, test=True))

    image = make_boundary()
    maps = neuron_maps(on_grid, RES, activations)
    map_uris = [[png_data_uri(m) for m in layer] for layer in maps]
    steps = np.arange(1, 1001)
    cost = 0.7 * np.exp(-steps / 300) + 0.02 * rng.random(1000)
    on_batch = forward_all(points[:, :250] / 6.0)
    heatmap = go.Figure(go.Heatmap(z=probability, colorscale="RdBu", zmid=0.5))
    lines = go.Figure([go.Scatter(x=steps, y=cost), go.Scatter(x=steps, y=cost * 1.1)])
    W2 = params["W2"]

    peer_png = timed(lambda: pil_png(image, 1))
    peer_heatmap = timed(lambda: heatmap.to_json())
    peer_lines = timed(lambda: lines.to_json())
    rows = [
        ("diverging_rgb 48x48", timed(lambda: diverging_rgb(probability, 0, 1)), peer_heatmap,
         "plotly heatmap to_json"),
        ("neuron_maps 2-8-8-1 (19 maps)", timed(lambda: neuron_maps(on_grid, RES, activations)),
         peer_heatmap, "plotly heatmap to_json"),
        ("boundary_image 360px", timed(make_boundary), peer_heatmap,
         "plotly heatmap to_json"),
        ("points_svg 500 pts (built once per view)", timed(make_points), peer_heatmap,
         "plotly heatmap to_json"),
        ("boundary 96px no points + png (page)", timed(lambda: png_data_uri(boundary_image(
            probability, bounds, "binary", size=96))), peer_heatmap, "plotly heatmap to_json"),
        ("png_data_uri 360px boundary", timed(lambda: png_data_uri(image)), peer_png,
         "PIL PNG level 1"),
        ("  peer: PIL PNG level 6", timed(lambda: pil_png(image, 6)), peer_png,
         "PIL PNG level 1"),
        ("live boundary frame (image+png+html)",
         timed(lambda: boundary_html(png_data_uri(make_boundary()), bounds, "Circle")),
         peer_heatmap, "plotly heatmap to_json"),
        ("network_svg 2-8-8-1, arrays", timed(lambda: network_svg(
            sizes, activations, params, maps, ["x1", "x2"])), peer_heatmap,
         "plotly heatmap to_json"),
        ("network_svg 2-8-8-1, cached URIs", timed(lambda: network_svg(
            sizes, activations, params, map_uris, ["x1", "x2"])), peer_heatmap,
         "plotly heatmap to_json"),
        ("line_chart_svg 2 x 1000 steps", timed(lambda: line_chart_svg(
            {"train": (steps, cost, None), "test": (steps, cost * 1.1, None)},
            title="Cost")), peer_lines, "plotly 2-line to_json"),
        ("line_chart_svg log, 4 x 1000", timed(lambda: line_chart_svg(
            {f"dW{l}": (steps, cost * 10.0**-l, None) for l in range(1, 5)}, log_y=True)),
         peer_lines, "plotly 2-line to_json"),
        ("line_chart_svg log, 9 x 1000, end labels", timed(lambda: line_chart_svg(
            {f"[{l}]": (steps, cost * 10.0**-l, None) for l in range(1, 10)}, log_y=True,
            width=300, height=170)), peer_lines, "plotly 2-line to_json"),
        ("layer_norms_svg 9 layers", timed(lambda: layer_norms_svg(
            [10.0**-l for l in range(9)])), peer_lines, "plotly 2-line to_json"),
        ("activation_histograms_svg 3 x 250", timed(lambda: activation_histograms_svg(
            on_batch[1:], activations)), peer_lines, "plotly 2-line to_json"),
        ("(paused) matrix_figure 8x8 to_json", timed(lambda: matrix_figure(
            W2, "W[2]", "(8, 8)").to_json(), 20), peer_heatmap, "plotly heatmap to_json"),
        ("(paused) matrix_latex 8x8", timed(lambda: matrix_latex(W2, "W[2]")), peer_heatmap,
         "plotly heatmap to_json"),
    ]
    print(f"{'builder':40s} {'median ms':>9s} {'best ms':>8s}  ratio to peer (peer median ms)")
    for name, (median, best), (peer_median, _), peer_name in rows:
        print(f"{name:40s} {median:9.2f} {best:8.2f}  {median / peer_median:5.2f}x "
              f"{peer_name} ({peer_median:.2f})")
    svg = network_svg(sizes, activations, params, maps, ["x1", "x2"])
    print(f"sizes: boundary PNG {len(png_data_uri(image)) / 1e3:.0f} kB as a data URI, "
          f"network SVG {len(svg) / 1e3:.0f} kB")
    library_ratios(image, maps, steps, cost)


if __name__ == "__main__":
    main()
