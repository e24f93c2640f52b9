"""The Boltzmann page's pictures as HTML/SVG strings, from an engine RBM (plain arrays in).

    tiles(images, cols)              -> (H, W, 3) uint8   small images in a grid, 1 px apart
    filters_html(rbm, shape)         -> <svg>   each hidden unit's weights W[j] as an image
                                                (blue positive, orange negative, ±max|W[j]|)
    reconstructions_html(rbm, V, s)  -> <svg>   inputs (top row) above their reconstructions
    samples_html(V, shape)           -> <svg>   the Gibbs chains' current samples
    metrics_svg(rbm)                 -> <svg>   pseudo-likelihood and reconstruction error
    inspector_html(record, i, shape) -> <div>   one example's positive and negative phase

Images are PNGs in SVG <image>s, scaled up by the browser with crisp pixels
(image-rendering: pixelated).
"""

from __future__ import annotations

import numpy as np

from engine.rbm import RBM, RBMRecord
from playground.charts import colors
from playground.charts.line_chart import line_chart_svg
from playground.charts.png import png_data_uri
from playground.charts.svg import esc

GAP_RGB = (255, 255, 255)
MAX_FILTERS_SHOWN = 64
RECONSTRUCTIONS = 10


def grey(values: np.ndarray) -> np.ndarray:
    """Values in [0, 1] -> RGB, 0 white and 1 near-black ink (an on pixel is dark)."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float64)), 0.0, 1.0)
    level = (255 - v * (255 - 34)).astype(np.uint8)
    return np.repeat(level[..., None], 3, axis=-1)


def tiles(images: np.ndarray, cols: int, gap: int = 1) -> np.ndarray:
    """RGB images (n, h, w, 3) in a grid of ``cols`` columns, ``gap`` white pixels apart."""
    n, h, w, _ = images.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    out = np.empty((rows * (h + gap) - gap, cols * (w + gap) - gap, 3), dtype=np.uint8)
    out[...] = GAP_RGB
    for index in range(n):
        r, c = divmod(index, cols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = images[index]
    return out


def _img(picture: np.ndarray, css_class: str, title: str, scale: int) -> str:
    """The picture as a PNG in an SVG <image>, ``scale`` screen pixels a pixel, crisp (the
    page's markdown keeps an SVG's size; it would not keep an <img>'s)."""
    height, width = picture.shape[:2]
    w, h = width * scale, height * scale
    return (f"<svg xmlns='http://www.w3.org/2000/svg' class='rbm-picture' width='{w}' "
            f"height='{h}' viewBox='0 0 {w} {h}' role='img'><title>{esc(title)}</title>"
            f"<image class='{css_class}' href='{png_data_uri(picture)}' width='{w}' "
            f"height='{h}' preserveAspectRatio='none' style='image-rendering:pixelated'/>"
            "</svg>")


def filter_images(W: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(n_h, h, w, 3): row j of W as an image, each on its own diverging scale ±max|W[j]|
    (one scale for all would let a few strong units wash the others out)."""
    limits = np.maximum(np.abs(W).max(axis=1, keepdims=True), 1e-12)
    rgb = colors.diverging_rgb(W / limits, -1.0, 1.0)
    return np.asarray(rgb, dtype=np.uint8).reshape(W.shape[0], *shape, 3)


def filters_html(rbm: RBM, shape: tuple[int, int]) -> str:
    """Each hidden unit's filter (the first MAX_FILTERS_SHOWN), 8 a row."""
    W = rbm.W[:MAX_FILTERS_SHOWN]
    picture = tiles(filter_images(W, shape), cols=8)
    scale = 6 if shape[0] >= 8 else 10
    caption = (f"{rbm.n_hidden} hidden units' weights W[j] (blue +, orange −, each unit on "
               "its own scale)"
               + (f", the first {MAX_FILTERS_SHOWN}" if rbm.n_hidden > MAX_FILTERS_SHOWN
                  else ""))
    return (f"<figure class='rbm-filters'><figcaption>{esc(caption)}</figcaption>"
            f"{_img(picture, 'rbm-filter-grid', 'hidden units filters', scale)}</figure>")


def reconstructions_html(rbm: RBM, V: np.ndarray, shape: tuple[int, int]) -> str:
    """The first RECONSTRUCTIONS columns of V above their mean-field reconstructions."""
    V = V[:, :RECONSTRUCTIONS]
    R = rbm.reconstruct(V)
    images = np.concatenate([V.T, R.T]).reshape(-1, *shape)
    picture = tiles(grey(images), cols=V.shape[1])
    scale = 5 if shape[0] >= 8 else 8
    return ("<figure class='rbm-reconstructions'><figcaption>Inputs (top) and their "
            "reconstructions σ(Wᵀσ(Wv + c) + b)</figcaption>"
            f"{_img(picture, 'rbm-reconstruction-grid', 'inputs and reconstructions', scale)}"
            "</figure>")


def samples_html(V: np.ndarray, shape: tuple[int, int], steps: int) -> str:
    """The chains' current visible probabilities (n_v, c), a row of images."""
    picture = tiles(grey(V.T.reshape(-1, *shape)), cols=min(V.shape[1], 10))
    scale = 5 if shape[0] >= 8 else 8
    return (f"<figure class='rbm-samples'><figcaption>Samples: {V.shape[1]} Gibbs chains "
            f"after {steps:,} steps, p(v | h)</figcaption>"
            f"{_img(picture, 'rbm-sample-grid', 'Gibbs chain samples', scale)}</figure>")


def metrics_svg(rbm: RBM, width: int = 420, height: int = 170) -> str:
    """Pseudo-likelihood and reconstruction error after each epoch (two charts)."""
    x, y = rbm.history.series("pseudo_likelihood")
    pl = line_chart_svg({"pseudo-likelihood": (x, y, colors.POSITIVE_HEX)},
                        title="Pseudo-likelihood (higher is better)", x_label="epoch",
                        width=width, height=height)
    x, y = rbm.history.series("reconstruction_error")
    error = line_chart_svg({"reconstruction error": (x, y, colors.NEGATIVE_HEX)},
                           title="Reconstruction error (mean squared, per pixel)",
                           x_label="epoch", width=width, height=height)
    return f"<div class='rbm-metrics'>{pl}{error}</div>"


def _strip(values: np.ndarray, title: str) -> str:
    """One column of unit values in [0, 1] as a one-row strip."""
    picture = grey(values[None, :])
    return (f"<div class='rbm-strip'><span>{esc(title)}</span>"
            f"{_img(picture, 'rbm-strip-img', title, 6)}</div>")


def inspector_html(record: RBMRecord, example: int, shape: tuple[int, int]) -> str:
    """Example ``example`` of the last update: v0 and p(h|v0), h0 (the positive phase), the
    chain's end vk and p(h|vk) (the negative phase), and that example's share of the two
    statistics p(h|v0) v0ᵀ and p(h|vk) vkᵀ, and of dW (their difference, for all examples)."""
    i = int(example) % record.v0.shape[1]
    j = i % record.vk.shape[1]  # PCD: the chain in this slot
    v0, vk = record.v0[:, i], record.vk[:, j]
    positive_i = np.outer(record.p_h0[:, i], v0)
    negative_i = np.outer(record.p_hk[:, j], vk)
    scale = 7 if shape[0] >= 8 else 10

    def image(v, title):
        return (f"<div class='rbm-cell'><span>{esc(title)}</span>"
                f"{_img(grey(v.reshape(shape)), 'rbm-cell-img', title, scale)}</div>")

    def matrix(M, title):
        limit = max(float(np.abs(M).max()), 1e-12)
        rgb = np.asarray(colors.diverging_rgb(M, -limit, limit), dtype=np.uint8)
        return (f"<div class='rbm-cell'><span>{esc(title)} (±{limit:.2g})</span>"
                f"{_img(rgb, 'rbm-matrix-img', title, 2)}</div>")

    phase = "PCD: the chain kept in slot " + str(j) if record.persistent else (
        f"CD-{record.k}: the chain started at this example")
    return ("<div class='rbm-inspector'>"
            f"<div class='rbm-phase'><b>Positive phase</b>{image(v0, 'v0 (the data)')}"
            f"{_strip(record.p_h0[:, i], 'p(h | v0)')}{_strip(record.h0[:, i], 'h0 sampled')}"
            f"{matrix(positive_i, 'p(h|v0) v0ᵀ')}</div>"
            f"<div class='rbm-phase'><b>Negative phase</b> <small>{esc(phase)}</small>"
            f"{image(vk, f'v{record.k} (the chain)')}"
            f"{_strip(record.p_hk[:, j], f'p(h | v{record.k})')}"
            f"{matrix(negative_i, f'p(h|v{record.k}) v{record.k}ᵀ')}</div>"
            f"<div class='rbm-phase'><b>The update</b>"
            f"{matrix(record.dW, 'dW = negative − positive + λW, the batch')}</div></div>")
