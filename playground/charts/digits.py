"""Views for the 8x8 handwritten digits: first-layer weights as images, samples, confusion.

A digit is 64 pixels in row-major order (row 0 at the top), values 0 (paper) to 16 (ink) in
the raw data; row j of W[1] has one weight per pixel, so it reshapes to an 8x8 "what this unit
looks for" image: blue where ink excites the unit, orange where ink inhibits it.
"""

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from playground.charts import colors

SIDE = 8  # digits are 8 x 8 pixels


def _tile(images: np.ndarray, cols: int, cell: int, gap: int, label_h: int = 0):
    """Lay (n, 8, 8, 3) images on a white sheet, nearest-neighbour scaled to `cell` px.

    Returns the sheet and the (y, x) top-left corner of each cell; label_h px are left free
    under every row of cells.
    """
    n = images.shape[0]
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    scale = max(cell // images.shape[1], 1)
    big = images.repeat(scale, axis=1).repeat(scale, axis=2)
    pad = (cell - big.shape[1]) // 2
    pitch_y, pitch_x = cell + gap + label_h, cell + gap
    sheet = np.full((rows * pitch_y + gap, cols * pitch_x + gap, 3), 255, np.uint8)
    corners = []
    for i in range(n):
        r, c = divmod(i, cols)
        y, x = gap + r * pitch_y, gap + c * pitch_x
        sheet[y + pad : y + pad + big.shape[1], x + pad : x + pad + big.shape[2]] = big[i]
        corners.append((y, x))
    return sheet, corners


def _frame(sheet, y, x, cell, width, colour) -> None:
    """A `width`-px frame just outside the cell at (y, x)."""
    y0, x0, y1, x1 = y - width, x - width, y + cell + width, x + cell + width
    sheet[y0:y, x0:x1] = colour
    sheet[y + cell : y1, x0:x1] = colour
    sheet[y0:y1, x0:x] = colour
    sheet[y0:y1, x + cell : x1] = colour


def weights_grid_image(W1, cols: int = 8, cell: int = 40, gap: int = 2,
                       per_unit: bool = False) -> np.ndarray:
    """Each row of W[1] (n1, 64) as an 8x8 diverging image, tiled `cols` per row.

    Shape: (rows * (cell + gap) + gap, cols * (cell + gap) + gap, 3) with rows = ceil(n1 / cols)
    (cols is capped at n1). One symmetric scale for all units (their sizes compare), set by the
    99th percentile of |w| so one outlier does not wash the rest out; per_unit=True scales each
    unit by its own max |w| (shapes show better, sizes do not compare).
    """
    W = np.asarray(W1, dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != SIDE * SIDE:
        raise ValueError(f"W[1] must be (n1, 64) for 8x8 digits, got {W.shape}")
    if per_unit:
        vmax = np.abs(W).max(axis=1, keepdims=True)
    else:
        vmax = np.full((W.shape[0], 1), np.percentile(np.abs(W), 99))
    vmax = np.where(vmax > 0, vmax, 1.0)
    images = colors.diverging_rgb(W / vmax, -1.0, 1.0).reshape(-1, SIDE, SIDE, 3)
    return _tile(images, cols, cell, gap)[0]


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has only the fixed bitmap font
        return ImageFont.load_default()


def sample_predictions_image(points, labels_true, labels_pred, k: int = 16, cols: int = 8,
                             cell: int = 48, class_names=None) -> np.ndarray:
    """The first k digits (points: (64, m) raw pixels) with their predicted label under each.

    Wrong predictions get a red frame and read 'predicted (true)', e.g. '3 (5)'.
    Shape: (rows * (cell + 6 + 18) + 6, cols * (cell + 6) + 6, 3), cols capped at k.
    """
    P = np.asarray(points, dtype=np.float64)
    k = min(k, P.shape[1])
    true = np.asarray(labels_true)[:k].astype(int)
    pred = np.asarray(labels_pred)[:k].astype(int)
    pixels = P[:, :k].T.reshape(k, SIDE, SIDE)
    top = pixels.max() if pixels.size and pixels.max() > 0 else 1.0
    grey = (255 - np.clip(pixels / top, 0, 1) * 230).astype(np.uint8)  # ink dark on white
    images = np.repeat(grey[..., None], 3, axis=3)
    gap, label_h = 6, 18
    wrong = pred != true
    sheet, corners = _tile(images, cols, cell, gap, label_h)
    red = colors.hex_to_rgb(colors.ERROR_HEX)
    for i in np.flatnonzero(wrong):
        _frame(sheet, *corners[i], cell, 3, red)
    image = Image.fromarray(sheet)
    draw = ImageDraw.Draw(image)
    font = _font(13)
    names = class_names if class_names is not None else [str(c) for c in range(10)]
    for i, (y, x) in enumerate(corners):
        label = str(names[pred[i]]) + (f" ({names[true[i]]})" if wrong[i] else "")
        fill = colors.hex_to_rgb(colors.ERROR_HEX) if wrong[i] else colors.INK
        draw.text((x + cell / 2, y + cell + 5), label, fill=fill, font=font, anchor="mt")
    return np.asarray(image)


def confusion_matrix_figure(labels_true, labels_pred, class_names) -> go.Figure:
    """Counts of (true class, predicted class), true classes as rows, with the accuracy."""
    true = np.asarray(labels_true).astype(int)
    pred = np.asarray(labels_pred).astype(int)
    k = len(class_names)
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (true, pred), 1)
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    names = [str(c) for c in class_names]
    figure = go.Figure(go.Heatmap(
        z=counts, x=names, y=names, colorscale=[[0, "#ffffff"], [1, colors.POSITIVE_HEX]],
        text=np.where(counts > 0, counts.astype(str), ""),  # blank zeros: errors stand out
        texttemplate="%{text}", textfont={"size": 13}, xgap=1, ygap=1, showscale=False,
        hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>",
    ))
    figure.update_layout(
        title={"text": f"Confusion matrix (test accuracy {accuracy:.1%})", "x": 0.0,
               "font": {"size": 16}},
        height=120 + 34 * k, width=140 + 40 * k,
        margin={"l": 70, "r": 20, "t": 46, "b": 50},
        xaxis={"title": "predicted", "type": "category", "side": "bottom"},
        yaxis={"title": "true", "type": "category", "autorange": "reversed"},
        plot_bgcolor="white",
    )
    return figure
