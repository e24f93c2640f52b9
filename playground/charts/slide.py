"""The decision boundary as a PNG for a slide (1920 x 1080): the heatmap the page draws, with
the points, axes, a title and a legend, rendered with Pillow (a Streamlit dependency), so no
browser or kaleido is needed.

The canvas is drawn at twice the size and scaled down once, which smooths the round points
and the text edges the way a browser's anti-aliasing would.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from playground.charts import colors
from playground.charts.boundary import boundary_image
from playground.charts.ticks import format_tick, nice_step, nice_ticks

WIDTH, HEIGHT = 1920, 1080  # a 16:9 slide at full HD
PLOT = 820  # px side of the square plot area
LEFT, TOP = 150, 140  # the plot area's top-left corner
SCALE = 2  # drawn at 2x, then scaled down: anti-aliased edges
MAX_POINTS = 2000


def _font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size * SCALE)


def _xy(points, bounds) -> tuple[np.ndarray, np.ndarray]:
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    xs = LEFT + (points[0] - x1min) / (x1max - x1min) * PLOT
    ys = TOP + (x2max - points[1]) / (x2max - x2min) * PLOT
    return xs, ys


def _points(draw: ImageDraw.ImageDraw, points, fills, bounds, test: bool) -> None:
    points = np.asarray(points, dtype=np.float64)
    if points.shape[1] > MAX_POINTS:  # a stride through them: the split already shuffled them
        stride = -(-points.shape[1] // MAX_POINTS)
        points, fills = points[:, ::stride], fills[::stride]
    radius = 7 * SCALE
    for x, y, fill in zip(*_xy(points, bounds), fills, strict=True):
        box = (x * SCALE - radius, y * SCALE - radius, x * SCALE + radius, y * SCALE + radius)
        if test:  # a ring around a white centre: held out
            draw.ellipse(box, fill=colors.WHITE, outline=fill, width=4 * SCALE)
        else:
            draw.ellipse(box, fill=fill, outline=colors.INK_HEX, width=SCALE)


def _axes(canvas: Image.Image, draw: ImageDraw.ImageDraw, bounds, x_label: str,
          y_label: str) -> None:
    x1min, x1max, x2min, x2max = (float(b) for b in bounds)
    s, ink, muted = SCALE, colors.INK_HEX, colors.MUTED_HEX
    draw.rectangle((LEFT * s, TOP * s, (LEFT + PLOT) * s, (TOP + PLOT) * s), outline="#999999",
                   width=s)
    font = _font(24)
    step = nice_step(x1max - x1min, 6)
    for value in nice_ticks(x1min, x1max, 6):
        x = (LEFT + (value - x1min) / (x1max - x1min) * PLOT) * s
        draw.line((x, (TOP + PLOT) * s, x, (TOP + PLOT + 10) * s), fill=muted, width=s)
        draw.text((x, (TOP + PLOT + 14) * s), format_tick(value, step), fill=muted, font=font,
                  anchor="mt")
    step = nice_step(x2max - x2min, 6)
    for value in nice_ticks(x2min, x2max, 6):
        y = (TOP + (x2max - value) / (x2max - x2min) * PLOT) * s
        draw.line(((LEFT - 10) * s, y, LEFT * s, y), fill=muted, width=s)
        draw.text(((LEFT - 14) * s, y), format_tick(value, step), fill=muted, font=font,
                  anchor="rm")
    label = _font(28)
    draw.text(((LEFT + PLOT / 2) * s, (TOP + PLOT + 52) * s), x_label, fill=ink, font=label,
              anchor="mt")
    # The vertical axis label, written sideways on its own small canvas.
    width = int(draw.textlength(y_label, font=label)) + 8 * s
    tag = Image.new("RGBA", (width, 40 * s), (255, 255, 255, 0))
    ImageDraw.Draw(tag).text((width / 2, 20 * s), y_label, fill=ink, font=label, anchor="mm")
    tag = tag.rotate(90, expand=True)
    canvas.paste(tag, (int((LEFT - 118) * s), int((TOP + PLOT / 2) * s - tag.height / 2)),
                      tag)


def _legend(draw: ImageDraw.ImageDraw, problem: str, class_names, value_range) -> None:
    s, x, y = SCALE, LEFT + PLOT + 80, TOP + 10
    heading, font = _font(30), _font(28)
    if problem == "regression":
        vmax = float(value_range or 1.0)
        draw.text((x * s, y * s), "ŷ (background) and targets (points)", fill=colors.INK_HEX,
                  font=heading)
        stops = np.linspace(vmax, -vmax, 400)
        bar = colors.diverging_rgb(stops, -vmax, vmax, background=True)
        top = y + 60
        for i, rgb in enumerate(bar):
            row = (top + i) * s
            draw.rectangle((x * s, row, (x + 36) * s, row + s), fill=tuple(int(c) for c in rgb))
        draw.rectangle((x * s, top * s, (x + 36) * s, (top + 400) * s), outline="#999999",
                       width=s)
        step = nice_step(2 * vmax, 4)
        for value, at in ((vmax, top), (0.0, top + 200), (-vmax, top + 400)):
            draw.text(((x + 50) * s, at * s), format_tick(value, step), fill=colors.MUTED_HEX,
                      font=font, anchor="lm")
        return
    draw.text((x * s, y * s), "Classes", fill=colors.INK_HEX, font=heading)
    for k, name in enumerate(class_names):
        row = y + 70 + k * 54
        r = 13
        draw.ellipse(((x + 14 - r) * s, (row - r) * s, (x + 14 + r) * s, (row + r) * s),
                     fill=colors.class_hex(k), outline=colors.INK_HEX, width=s)
        draw.text(((x + 44) * s, row * s), str(name), fill=colors.INK_HEX, font=font,
                  anchor="lm")
    if problem == "binary":
        note = "Background: P(class 1), orange below 0.5, blue above"
    else:
        note = "Background: the predicted class, lighter where less sure"
    draw.text((x * s, (y + 90 + len(class_names) * 54) * s), note, fill=colors.MUTED_HEX,
              font=_font(22))


def boundary_slide_png(grid_values, bounds, problem: str, train_points, train_fills,
                       test_points=None, test_fills=None, class_names=(), title: str = "",
                       subtitle: str = "", x_label: str = "x1", y_label: str = "x2",
                       discretize: bool = False, value_range: float | None = None) -> bytes:
    """PNG bytes of the slide. grid_values as for boundary.boundary_image ((h, w), or (K, h, w)
    for multi-class); *_points (2, m) in the plane's coordinates with one fill colour each
    (boundary.dot_colours); test points are drawn as rings when given."""
    s = SCALE
    canvas = Image.new("RGB", (WIDTH * s, HEIGHT * s), colors.WHITE)
    heatmap = boundary_image(grid_values, bounds, problem, discretize=discretize, size=PLOT,
                             value_range=value_range)
    canvas.paste(Image.fromarray(heatmap).resize((PLOT * s, PLOT * s), Image.BILINEAR),
                 (LEFT * s, TOP * s))
    draw = ImageDraw.Draw(canvas)
    draw.text((LEFT * s, 40 * s), title, fill=colors.INK_HEX, font=_font(44))
    draw.text((LEFT * s, 98 * s), subtitle, fill=colors.MUTED_HEX, font=_font(26))
    if train_points is not None:
        _points(draw, train_points, list(train_fills), bounds, test=False)
    if test_points is not None:
        _points(draw, test_points, list(test_fills), bounds, test=True)
    _axes(canvas, draw, bounds, x_label, y_label)
    _legend(draw, problem, class_names, value_range)
    image = canvas.reduce(SCALE)  # a box filter: each pixel the mean of its 2 x 2
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
