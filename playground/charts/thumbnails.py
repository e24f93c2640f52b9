"""TF Playground's little data-set pictures: the points of a data set as 2 x 2 px dots on white,
coloured by class (or on the diverging scale for regression targets)."""

import numpy as np

from playground.charts import colors

SIZE = 44  # px


def dataset_thumbnail(points, labels, window, problem: str, n_classes: int,
                      size: int = SIZE) -> np.ndarray:
    """(size, size, 3) uint8: points (2, m) inside window (x1min, x1max, x2min, x2max), row 0 at
    the top (x2 max) like the boundary plot."""
    image = np.full((size, size, 3), 255, np.uint8)
    x1min, x1max, x2min, x2max = window
    points = np.asarray(points, dtype=np.float64)
    cols = np.clip(((points[0] - x1min) / (x1max - x1min) * size).astype(int), 0, size - 1)
    rows = np.clip(((x2max - points[1]) / (x2max - x2min) * size).astype(int), 0, size - 1)
    if problem == "regression":
        values = np.asarray(labels, dtype=np.float64)
        vmax = float(np.abs(values).max(initial=0.0)) or 1.0
        fills = colors.diverging_rgb(values, -vmax, vmax)
    else:
        fills = colors.class_table(max(n_classes, 2))[np.asarray(labels, int)].astype(np.uint8)
    for dy in (0, 1):  # 2 x 2 dots
        for dx in (0, 1):
            image[np.clip(rows + dy, 0, size - 1), np.clip(cols + dx, 0, size - 1)] = fills
    return image
