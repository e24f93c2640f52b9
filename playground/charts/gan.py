"""The GAN lab's pictures as SVG strings, from a GanView (plain arrays) or a GAN's history.

    gan_view(gan)      -> GanView     what one frame shows, taken from the engine
    field_svg(view)    -> <svg>       D's output as a heatmap, real and generated points, the
                                      push arrows, the mixture's modes (covered or not)
    losses_svg(gan)    -> <svg>       J_D and J_G over G steps
    verdict_svg(gan)   -> <svg>       D's mean output on the real and on the fake batch
    noise_grid_svg(view) -> <svg>     the noise grid mapped through G (how G bends the plane)

The plane shown is [-LIMIT, LIMIT]² (every real distribution lies in about [-2.5, 2.5]²).
An arrow starts at a generated point x and ends at x + ARROW_SCALE · push(x), push = -∇ₓ of
that point's own J_G, capped at ARROW_MAX: a fixed scale, so arrows that fade (the minimax
loss while D wins) are seen to fade.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.gan import GAN
from engine.gan_data import MIXTURE_CENTRES, NEAR, mode_counts, modes_covered
from playground.charts import colors
from playground.charts.line_chart import line_chart_svg
from playground.charts.png import png_data_uri
from playground.charts.svg import esc, num, svg_open, text

LIMIT = 3.0
HEAT_CELLS = 60  # D evaluated on a HEAT_CELLS² grid; the browser smooths it when scaling
REAL_SHOWN = 400
FAKE_SHOWN = 400
ARROWS = 48
ARROW_SCALE = 4.0
ARROW_MAX = 0.9
REAL_HEX = colors.CLASS_HEX[2]  # bluish green
FAKE_HEX = colors.CLASS_HEX[4]  # wine
FIELD_PX = 440


@dataclass(frozen=True)
class GanView:
    """One frame's numbers: real (2, r) and generated (2, f) points, the arrows' starts (2, a)
    and pushes (2, a), D's output heat (n, n) (row 0 at the top, y = LIMIT), the noise grid
    z and G(z), and for the mixture the points near each mode and the modes covered."""

    real: np.ndarray
    fake: np.ndarray
    arrow_from: np.ndarray
    push: np.ndarray
    heat: np.ndarray
    grid_z: np.ndarray
    grid_mapped: np.ndarray
    mode_counts: np.ndarray | None
    modes_covered: int | None


def heat_grid(n: int = HEAT_CELLS) -> np.ndarray:
    """The (2, n²) cell centres of the plane, row-major from the top-left cell."""
    centres = -LIMIT + (np.arange(n) + 0.5) * (2 * LIMIT / n)
    x, y = np.meshgrid(centres, centres[::-1])
    return np.stack([x.ravel(), y.ravel()])


def gan_view(gan: GAN, mixture: bool) -> GanView:
    """What the page draws of ``gan`` now (the same generated points every frame: seed 0)."""
    fake = gan.sample(FAKE_SHOWN)
    arrow_from = fake[:, :ARROWS]
    heat = gan.D.predict(heat_grid())[0].reshape(HEAT_CELLS, HEAT_CELLS)
    grid_z, grid_mapped = gan.mapped_grid(11 if gan.noise_dims == 2 else 41)
    counts = mode_counts(fake) if mixture else None
    covered = modes_covered(fake) if mixture else None
    return GanView(gan.real[:, :REAL_SHOWN], fake, arrow_from, gan.push(arrow_from), heat,
                   grid_z, grid_mapped, counts, covered)


def to_pixels(points: np.ndarray, side: float) -> tuple[np.ndarray, np.ndarray]:
    """Plane coordinates (2, m) -> SVG x, y in a side × side square (y grows downwards)."""
    scale = side / (2 * LIMIT)
    return (points[0] + LIMIT) * scale, (LIMIT - points[1]) * scale


def arrow_ends(view: GanView) -> np.ndarray:
    """Where each arrow ends in the plane (2, a): x + ARROW_SCALE · push, capped at ARROW_MAX."""
    step = ARROW_SCALE * view.push
    length = np.linalg.norm(step, axis=0)
    shrink = np.minimum(1.0, ARROW_MAX / np.maximum(length, 1e-12))
    return view.arrow_from + step * shrink


def _dots(points, side, fill, css_class, radius) -> str:
    xs, ys = to_pixels(points, side)
    dots = "".join(f"<circle cx='{num(x)}' cy='{num(y)}' r='{radius}'/>"
                   for x, y in zip(xs, ys, strict=True))
    return f"<g class='{css_class}' fill='{fill}' fill-opacity='0.75'>{dots}</g>"


def _arrows(view: GanView, side: float) -> str:
    x0, y0 = to_pixels(view.arrow_from, side)
    x1, y1 = to_pixels(arrow_ends(view), side)
    lines = "".join(f"<line x1='{num(a)}' y1='{num(b)}' x2='{num(c)}' y2='{num(d)}'/>"
                    for a, b, c, d in zip(x0, y0, x1, y1, strict=True))
    head = ("<marker id='gan-head' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='5' "
            "markerHeight='5' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
            f"fill='{colors.INK_HEX}'/></marker>")
    return (f"<defs>{head}</defs><g class='gan-push' stroke='{colors.INK_HEX}' "
            f"stroke-width='1.3' marker-end='url(#gan-head)'>{lines}</g>")


def _modes(view: GanView, side: float) -> str:
    if view.mode_counts is None:
        return ""
    xs, ys = to_pixels(MIXTURE_CENTRES, side)
    radius = NEAR * side / (2 * LIMIT)
    found = max(1, 0.01 * view.fake.shape[1])  # modes_covered's threshold
    rings = "".join(
        f"<circle cx='{num(x)}' cy='{num(y)}' r='{num(radius)}' class='gan-mode"
        f"{' covered' if count >= found else ''}' stroke-dasharray='"
        f"{'none' if count >= found else '3 3'}'><title>{count} generated points near this "
        f"mode</title></circle>" for x, y, count in zip(xs, ys, view.mode_counts, strict=True))
    return f"<g fill='none' stroke='{colors.INK_HEX}' stroke-width='1.2'>{rings}</g>"


def field_svg(view: GanView, side: float = FIELD_PX) -> str:
    """The plane: D's output behind (blue: D says real, orange: D says fake), real points
    (green), generated points (wine), arrows for the first ARROWS generated points, and the
    mixture's modes (solid ring: covered, dashed: missed)."""
    heat = png_data_uri(colors.diverging_rgb(view.heat, 0.0, 1.0, background=True))
    parts = [svg_open(side, side, "role='img' class='gan-field'"),
             "<title>D's output over the plane, real and generated points</title>",
             f"<image class='gan-heatmap' href='{heat}' x='0' y='0' width='{side:g}' "
             f"height='{side:g}' preserveAspectRatio='none'/>",
             "<clipPath id='gan-plane'><rect width='100%' height='100%'/></clipPath>",
             "<g clip-path='url(#gan-plane)'>",
             _dots(view.real, side, REAL_HEX, "gan-real", 2),
             _dots(view.fake, side, FAKE_HEX, "gan-fake", 2.2),
             _arrows(view, side), _modes(view, side), "</g>",
             f"<rect width='{side:g}' height='{side:g}' fill='none' "
             f"stroke='{colors.GRID_HEX}'/></svg>"]
    return "".join(parts)


def losses_svg(gan: GAN, width: int = 420, height: int = 190) -> str:
    """J_D and J_G over G steps (ln 4 ≈ 1.39 and ln 2 ≈ 0.69 where D cannot tell)."""
    series = {name: (*gan.history.series(key), colour) for name, key, colour in (
        ("D loss", "d_loss", colors.POSITIVE_HEX), ("G loss", "g_loss", FAKE_HEX))}
    return line_chart_svg(series, title="Losses", x_label="G step", width=width,
                          height=height)


def verdict_svg(gan: GAN, width: int = 420, height: int = 170) -> str:
    """D's mean output on each step's real and fake batch (both 0.5 at the game's end)."""
    series = {name: (*gan.history.series(key), colour) for name, key, colour in (
        ("D(real)", "d_real", REAL_HEX), ("D(G(z))", "d_fake", FAKE_HEX))}
    return line_chart_svg(series, title="D's verdict", x_label="G step", width=width,
                          height=height, y_range=(0.0, 1.0))


def noise_grid_svg(view: GanView, side: float = 200) -> str:
    """G's image of the noise grid: the lines of constant z[0] and z[1] (2-D noise) or the
    noise line (1-D), drawn in the field's plane."""
    mapped = view.grid_mapped
    if view.grid_z.shape[0] == 1:
        lines = [mapped]
    else:
        n = int(round(np.sqrt(mapped.shape[1])))
        cube = mapped.reshape(2, n, n)  # [:, row = z[1] index, column = z[0] index]
        lines = [cube[:, i, :] for i in range(n)] + [cube[:, :, j] for j in range(n)]
    paths = []
    for line in lines:
        xs, ys = to_pixels(line, side)
        paths.append("<polyline points='" + " ".join(f"{num(x)},{num(y)}"
                                                     for x, y in zip(xs, ys, strict=True))
                     + "'/>")
    return "".join([
        svg_open(side, side + 18, "role='img' class='gan-noise-grid'"),
        text(0, 12, "Noise grid through G", size=11, weight="bold"),
        # a nested <svg> clips what G sends off the plane
        f"<svg x='0' y='18' width='{side:g}' height='{side:g}'><rect width='{side:g}' "
        f"height='{side:g}' fill='#fafafa' stroke='{colors.GRID_HEX}'/>",
        f"<g fill='none' stroke='{FAKE_HEX}' stroke-width='1' stroke-opacity='0.8'>",
        *paths, "</g></svg></svg>"])


def modes_text(view: GanView) -> str:
    """'modes covered: 6 of 8' for the mixture, '' otherwise."""
    if view.modes_covered is None:
        return ""
    return esc(f"modes covered: {view.modes_covered} of {len(view.mode_counts)}")


def draw_pad_figure(points, click_grid: int):
    """The drawing pad: the plane [-LIMIT, LIMIT]², the points drawn so far, and a grid of
    click_grid² invisible markers a click selects (its x and y become a new point)."""
    import plotly.graph_objects as go

    figure = go.Figure()
    if len(points):
        xs, ys = zip(*points, strict=True)
        figure.add_scatter(x=xs, y=ys, mode="markers", name="drawn", hoverinfo="skip",
                           marker={"color": REAL_HEX, "size": 9,
                                   "line": {"width": 1, "color": colors.INK_HEX}})
    axis = np.linspace(-LIMIT, LIMIT, click_grid)
    gx, gy = np.meshgrid(axis, axis)
    figure.add_scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name="click to add",
                       marker={"size": 12, "opacity": 0.01, "color": "#000"},
                       hovertemplate="add a point at (%{x:.2f}, %{y:.2f})<extra></extra>")
    figure.update_layout(
        width=420, height=400, margin={"l": 30, "r": 10, "t": 10, "b": 30}, showlegend=False,
        xaxis={"range": [-LIMIT, LIMIT], "constrain": "domain"},
        yaxis={"range": [-LIMIT, LIMIT], "scaleanchor": "x"},
        clickmode="event+select", dragmode=False, plot_bgcolor="#fafafa")
    return figure
