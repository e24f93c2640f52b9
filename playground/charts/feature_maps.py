"""A conv net drawn as its feature maps: the input image or signal of one example, then for
each conv and pool layer one small image per channel (A[l][i, :, :, c]), and under a conv layer
its filters W[l][:, :, 0, c] (the first input channel's). Plain data -> HTML, no Streamlit.

Images are PNGs scaled up with `image-rendering: pixelated`, so an 8×8 map stays 64 sharp
squares; a signal (one row high) becomes a strip. Colours: the diverging scale, symmetric
around 0 with each layer's own largest |value| (a ReLU map is grey to blue).
"""

from __future__ import annotations

import html

import numpy as np

from playground.charts.colors import diverging_rgb
from playground.charts.png import png_data_uri

MAP_PX = 52  # the longer side of one channel's picture on the page, in CSS px
INPUT_PX = 2 * MAP_PX  # the input's, where a unit's window is outlined
STRIP_PX = 10  # a signal's strip height
MAX_CHANNELS = 16  # channels drawn per layer (the page's limit on filters)


def _scale(values: np.ndarray) -> float:
    top = float(np.nanmax(np.abs(values))) if values.size else 0.0
    return top if np.isfinite(top) and top > 0 else 1.0


def _picture(image: np.ndarray, vmax: float, title: str, px: int = MAP_PX) -> str:
    """One (n_H, n_W) map as an <img> scaled to px (a 1-row signal: a strip)."""
    n_H, n_W = image.shape
    rgb = diverging_rgb(image, -vmax, vmax)
    if n_H == 1:
        width, height = px * 2, STRIP_PX
    else:
        width = px if n_W >= n_H else max(round(px * n_W / n_H), 4)
        height = px if n_H >= n_W else max(round(px * n_H / n_W), 4)
    return (f"<img class='pg-map' src='{png_data_uri(rgb)}' width='{width}' height='{height}' "
            f"title='{html.escape(title, quote=True)}' alt='{html.escape(title, quote=True)}'/>")


def _signal(values: np.ndarray, title: str, width: int, height: int = 40) -> str:
    """A signal (the input of an ECG net) as a line: a strip of colours hides its shape."""
    finite = np.where(np.isfinite(values), values, 0.0)
    low, high = float(finite.min()), float(finite.max())
    span = high - low or 1.0
    x = np.linspace(1, width - 1, len(finite))
    y = height - 2 - (finite - low) / span * (height - 4)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True))
    return (f"<svg class='pg-signal' width='{width}' height='{height}' viewBox='0 0 {width} "
            f"{height}' role='img'><title>{html.escape(title)}</title><polyline "
            f"points='{points}' fill='none' stroke='#0877bd' stroke-width='1.5'/></svg>")


def _column(title: str, subtitle: str, pictures: list[str], extra: str = "") -> str:
    return (f"<div class='pg-map-layer'><div class='pg-map-head'>{html.escape(title)}</div>"
            f"<div class='pg-map-sub'>{html.escape(subtitle)}</div>"
            f"<div class='pg-map-grid'>{''.join(pictures)}</div>{extra}</div>")


def _filters(W: np.ndarray, l: int) -> str:
    """A conv layer's filters (first input channel), under its maps."""
    vmax = _scale(W[:, :, 0, :])
    pictures = [_picture(W[:, :, 0, c], vmax, f"W[{l}][:, :, 1, {c + 1}], filter {c + 1}")
                for c in range(min(W.shape[3], MAX_CHANNELS))]
    return (f"<div class='pg-map-sub'>filters W[{l}] ({'×'.join(map(str, W.shape))})</div>"
            f"<div class='pg-map-grid pg-filters'>{''.join(pictures)}</div>")


def _receptive_fields(window: dict, n_H: int, n_W: int, out: tuple[int, int]) -> str:
    """Over the input picture: one hidden box per output position (h, w) of the first conv
    layer, the window of the input it reads (padding's rows clipped off), in percent."""
    (f_H, f_W), (s_H, s_W), (p_H, p_W) = window["size"], window["stride"], window["padding"]
    boxes = []
    for h in range(out[0]):
        top, bottom = max(h * s_H - p_H, 0), min(h * s_H - p_H + f_H, n_H)
        for w in range(out[1]):
            left, right = max(w * s_W - p_W, 0), min(w * s_W - p_W + f_W, n_W)
            boxes.append(f"<b class='pg-rf r{h}-{w}' style='top:{100 * top / n_H:.2f}%;"
                         f"height:{100 * (bottom - top) / n_H:.2f}%;left:{100 * left / n_W:.2f}%;"
                         f"width:{100 * (right - left) / n_W:.2f}%'></b>")
    return "".join(boxes)


def _units(out: tuple[int, int]) -> str:
    """Over a first-layer map: one cell per position, whose hover shows its receptive field."""
    cells = "".join(f"<i class='u{h}-{w}'></i>" for h in range(out[0]) for w in range(out[1]))
    return (f"<span class='pg-units' style='grid-template-columns:repeat({out[1]},1fr)'>"
            f"{cells}</span>")


def _hover_rules(out: tuple[int, int]) -> str:
    """CSS only (the live area runs no script): hovering unit (h, w) shows box r{h}-{w}."""
    rules = "".join(f".pg-maps:has(.u{h}-{w}:hover) .r{h}-{w}{{display:block}}"
                    for h in range(out[0]) for w in range(out[1]))
    return f"<style>{rules}</style>"


def feature_maps_html(layers: list[dict], title: str) -> str:
    """`layers`: the input first, then each conv / pool layer, as dicts with "A" (n_H, n_W,
    n_C) of the example, "name" ("A[1]"), "what" ("conv, relu"), "l" and, for conv, "W"; the
    first conv layer also "window" (its normalized size, stride and [p_H, p_W]): hovering a
    unit of its first map outlines the input it reads."""
    first = layers[1] if len(layers) > 1 and layers[1].get("window") else None
    out = first["A"].shape[:2] if first else None
    columns = []
    for index, layer in enumerate(layers):
        A = layer["A"]
        vmax = _scale(A)
        shape = "×".join(map(str, A.shape))
        overlay = ""
        if first and index == 0:
            overlay = _receptive_fields(first["window"], A.shape[0], A.shape[1], out)
        elif first and index == 1:
            overlay = _units(out)
        pictures = []
        for c in range(min(A.shape[2], MAX_CHANNELS)):
            label = f"{layer['name']}[:, :, {c + 1}] (max |a| {vmax:.3g})"
            # The units' grid on the first map only: on all of them it doubled every frame.
            shown = overlay if index == 0 or c == 0 else ""
            px = INPUT_PX if index == 0 else MAP_PX  # the input larger: windows show on it
            picture = (_signal(A[0, :, c], label, 2 * px) if index == 0 and A.shape[0] == 1
                       else _picture(A[:, :, c], vmax, label, px))
            pictures.append(f"<span class='pg-mapbox'>{picture}"
                            f"{shown}</span>")
        extra = _filters(layer["W"], layer["l"]) if layer.get("W") is not None else ""
        columns.append(_column(layer["name"], f"{layer['what']} · {shape}", pictures, extra))
    rules, hint = "", ""
    if first:
        rules = _hover_rules(out)
        hint = (f"<div class='pg-map-sub'>Hover a unit of {first['name']}'s first map: the "
                "window of X it reads is outlined.</div>")
    return (f"<div class='pg-maps'>{rules}<div class='pg-chart-title'>{html.escape(title)}"
            f"</div>{hint}<div class='pg-map-row'>{''.join(columns)}</div></div>")


SVG_CELL = 60  # a picture's box in the standalone SVG (a slide's 960 px wide)
SVG_COLUMNS = 4  # pictures per row of a layer's block


def _svg_pictures(block: np.ndarray, x: float, y: float, vmax: float, label) -> tuple[str, float]:
    """The channels of one (n_H, n_W, n_C) block as <image>s in rows of SVG_COLUMNS from (x, y);
    returns the SVG and the y below it."""
    parts, n_C = [], min(block.shape[2], MAX_CHANNELS)
    n_H, n_W = block.shape[:2]
    height = SVG_CELL * 0.2 if n_H == 1 else SVG_CELL * min(n_H / n_W, 1.0)
    width = SVG_CELL if n_H == 1 else SVG_CELL * min(n_W / n_H, 1.0)
    for c in range(n_C):
        px, py = x + (c % SVG_COLUMNS) * (SVG_CELL + 6), y + (c // SVG_COLUMNS) * (height + 6)
        uri = png_data_uri(diverging_rgb(block[:, :, c], -vmax, vmax))
        parts.append(f"<image href='{uri}' x='{px:.0f}' y='{py:.0f}' width='{width:.0f}' "
                     f"height='{height:.0f}' preserveAspectRatio='none' "
                     f"style='image-rendering:pixelated'><title>{html.escape(label(c))}</title>"
                     "</image>")
    rows = -(-n_C // SVG_COLUMNS)
    return "".join(parts), y + rows * (height + 6)


def feature_maps_svg(layers: list[dict], title: str, width: int, height: int) -> str:
    """The same layers as feature_maps_html, as one standalone SVG (the export's diagram)."""
    parts = [f"<text x='10' y='22' font-size='16' font-weight='700'>{html.escape(title)}</text>"]
    x = 10.0
    for layer in layers:
        A, shape = layer["A"], "×".join(map(str, layer["A"].shape))
        parts.append(f"<text x='{x:.0f}' y='50' font-size='13' font-weight='700'>"
                     f"{html.escape(layer['name'])}</text><text x='{x:.0f}' y='66' "
                     f"font-size='11' fill='#666'>{html.escape(layer['what'])} · {shape}</text>")
        pictures, bottom = _svg_pictures(A, x, 76, _scale(A), lambda c, n=layer["name"]:
                                         f"{n}[:, :, {c + 1}]")
        parts.append(pictures)
        if layer.get("W") is not None:
            W = layer["W"][:, :, 0, :]
            parts.append(f"<text x='{x:.0f}' y='{bottom + 14:.0f}' font-size='11' fill='#666'>"
                         f"filters W[{layer['l']}]</text>")
            parts.append(_svg_pictures(W, x, bottom + 22, _scale(W),
                                       lambda c: f"filter {c + 1}")[0])
        columns = min(A.shape[2], SVG_COLUMNS)
        x += columns * (SVG_CELL + 6) + 24
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {max(x, width):.0f} {height}' font-family='system-ui, sans-serif'>"
            + "".join(parts) + "</svg>")
