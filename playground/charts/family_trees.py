"""Views of the family trees (engine/family_trees.py): what the network made of each person.

W[1] is (n1, 36): its first 24 columns multiply the one-hot person 1, so column p of that
block is person p's feature vector (n1 numbers; the relationship block adds the same shift to
everyone). Two views of it, as plain data -> SVG/HTML functions:

- person_map_svg: the 24 vectors on a plane (their two principal components, scikit-learn's
  PCA, when n1 > 2), labelled with names, coloured by family and marked by generation;
- unit_squares_svg: Hinton's figure 4: for each unit one block of squares, the English people
  in the top row and the Italian in the bottom row, each person under its isomorphic partner;
  a square's area is |w|, blue positive, orange negative;
- answers_html: held-out questions with the network's answer.
"""

from __future__ import annotations

import numpy as np

from engine import family_trees as ft
from playground.charts import colors
from playground.charts.svg import esc, num, svg_open, text, value_text

PEOPLE = ft.PEOPLE
N_PEOPLE = len(PEOPLE)
# Families by the categorical palette's 3rd and 4th hues: blue and orange mean a sign here.
FAMILY_HEX = {"English": colors.CLASS_HEX[2], "Italian": colors.CLASS_HEX[3]}
GENERATION_NAMES = ("grandparents' generation", "parents' generation", "children's generation")
MAX_UNITS_SHOWN = 16  # blocks in the squares figure (a layer may have 64 units)


def person_vectors(W1: np.ndarray) -> np.ndarray:
    """(24, n1): row p is person p's feature vector, column p of W[1]'s person block."""
    W = np.asarray(W1, dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != N_PEOPLE + len(ft.RELATIONSHIPS):
        raise ValueError(f"W[1] must be (n1, {N_PEOPLE + len(ft.RELATIONSHIPS)}) for the "
                         f"family trees, got {W.shape}")
    return W[:, :N_PEOPLE].T.copy()


def map_coordinates(vectors: np.ndarray, previous: np.ndarray | None = None):
    """The vectors (24, n1) on a plane: (coords (24, 2), axes (2, n1), axis labels).

    n1 > 2: the first two principal components (scikit-learn's PCA), each turned to agree
    with `previous` axes (a live map must not flip from frame to frame as a component's sign
    is arbitrary); n1 = 2: the two units themselves; n1 = 1: unit 1 on a line."""
    V = np.asarray(vectors, dtype=np.float64)
    n1 = V.shape[1]
    if n1 <= 2:
        axes = np.eye(2, n1)
        coords = (V - V.mean(axis=0)) @ axes.T
        return coords, axes, ("unit 1", "unit 2" if n1 == 2 else "")
    from sklearn.decomposition import PCA  # lazy: the page imports charts before it needs it

    pca = PCA(n_components=2, svd_solver="full").fit(V)
    axes = pca.components_.copy()
    if previous is not None and previous.shape == axes.shape:
        axes *= np.where(np.sum(axes * previous, axis=1, keepdims=True) < 0, -1.0, 1.0)
    coords = (V - pca.mean_) @ axes.T
    share = pca.explained_variance_ratio_
    return coords, axes, (f"PC 1 ({share[0]:.0%})", f"PC 2 ({share[1]:.0%})")


def _marker(generation: int, x: float, y: float, r: float, fill: str) -> str:
    """Circle: grandparents' generation, square: parents', triangle: children's."""
    if generation == 0:
        return f"<circle cx='{num(x)}' cy='{num(y)}' r='{num(r)}' fill='{fill}'/>"
    if generation == 1:
        return (f"<rect x='{num(x - r)}' y='{num(y - r)}' width='{num(2 * r)}' "
                f"height='{num(2 * r)}' fill='{fill}'/>")
    return (f"<path d='M{num(x)},{num(y - 1.2 * r)}L{num(x + 1.1 * r)},{num(y + 0.8 * r)}"
            f"L{num(x - 1.1 * r)},{num(y + 0.8 * r)}Z' fill='{fill}'/>")


LABEL_CHAR = 5.2  # px per character of a 9.5 px name, about
LABEL_HEIGHT = 10.0


def _free_offset(x: float, y: float, width: float, anchor: str, placed: list) -> float:
    """A vertical shift for a name label at (x, y) that clears the labels already placed
    (people whose vectors nearly coincide would print their names over each other); the
    label's box is appended to `placed`."""
    x0 = x - width if anchor == "end" else x
    for dy in (0.0, LABEL_HEIGHT, -LABEL_HEIGHT, 2 * LABEL_HEIGHT, -2 * LABEL_HEIGHT,
               3 * LABEL_HEIGHT):
        box = (x0, y + dy - LABEL_HEIGHT / 2, x0 + width, y + dy + LABEL_HEIGHT / 2)
        if all(box[2] <= b[0] or b[2] <= box[0] or box[3] <= b[1] or b[3] <= box[1]
               for b in placed):
            break
    placed.append(box)
    return dy


def person_map_svg(vectors: np.ndarray, previous: np.ndarray | None = None,
                   width: int = 380, height: int = 330, title: str = ""):
    """The 24 people on their vectors' plane; returns (svg, axes) so the caller can pass the
    axes back as `previous` next frame."""
    coords, axes, (x_label, y_label) = map_coordinates(vectors, previous)
    left, right, top, bottom = 14, 14, 40, 34
    span = np.ptp(coords, axis=0)
    span = np.where(span > 0, span, 1.0)
    low = coords.min(axis=0) - 0.06 * span
    high = coords.max(axis=0) + 0.06 * span
    plot_w, plot_h = width - left - right, height - top - bottom

    def place(point):
        x = left + (point[0] - low[0]) / (high[0] - low[0]) * plot_w
        y = top + plot_h - (point[1] - low[1]) / (high[1] - low[1]) * plot_h
        return x, y

    parts = [svg_open(width, height, "class='pg-family-map' role='img' "
                      "aria-label='the people by their feature vectors'"),
             f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' fill='white' "
             f"stroke='{colors.GRID_HEX}'/>",
             text(left, 15, title or "Each person's feature vector (W[1]'s person columns)",
                  size=12, weight="bold")]
    # Legend: colour = family, shape = generation.
    x = left
    for family, hex_colour in FAMILY_HEX.items():
        parts.append(_marker(0, x + 4, 29, 4, hex_colour))
        parts.append(text(x + 11, 33, family, size=10))
        x += 62
    for generation, name in enumerate(("oldest", "middle", "youngest")):
        parts.append(_marker(generation, x + 4, 29, 4, colors.MUTED_HEX))
        parts.append(text(x + 11, 33, name, size=10))
        x += 58
    placed: list[tuple[float, float, float, float]] = []  # label boxes drawn so far
    groups = []
    for p, name in enumerate(PEOPLE):
        x, y = place(coords[p])
        fill = FAMILY_HEX[ft.FAMILY[name]]
        anchor = "end" if x > left + 0.8 * plot_w else "start"
        dx = -7 if anchor == "end" else 7
        dy = _free_offset(x + dx, y, len(name) * LABEL_CHAR, anchor, placed)
        # A label moved off its marker keeps a thin line to it.
        leader = (f"<line x1='{num(x)}' y1='{num(y)}' x2='{num(x + dx * 0.7)}' "
                  f"y2='{num(y + dy)}' stroke='{fill}' stroke-width='0.8'/>" if dy else "")
        group = (f"<g class='pg-person'><title>{esc(name)} ({ft.FAMILY[name]}, "
                 f"{GENERATION_NAMES[ft.GENERATION[name]]})</title>"
                 f"{_marker(ft.GENERATION[name], x, y, 4.5, fill)}{leader}"
                 + text(x + dx, y + 3.5 + dy, name, size=9.5, anchor=anchor, fill=fill)
                 + "</g>")
        groups.append(group)
    parts.extend(groups)
    parts.append(text(left + plot_w / 2, height - 16, x_label, size=10, anchor="middle",
                      fill=colors.MUTED_HEX))
    if y_label:
        parts.append(text(left + plot_w / 2, height - 4, f"vertical: {y_label}", size=10,
                          anchor="middle", fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts), axes


def unit_squares_svg(vectors: np.ndarray, max_units: int = MAX_UNITS_SHOWN,
                     cols: int = 2, cell: int = 13) -> str:
    """Hinton's figure: a block per unit j, W[1][j, p] as a square for each person p, English
    on top, Italian below, partners in one column (PEOPLE[i] and PEOPLE[12 + i] hold the same
    place in the two trees). Area ∝ |w| on one scale for all units; blue +, orange −."""
    V = np.asarray(vectors, dtype=np.float64)
    n1 = V.shape[1]
    shown = min(n1, max_units)
    finite = np.abs(V[:, :shown])[np.isfinite(V[:, :shown])]
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    half = N_PEOPLE // 2
    label_w, gap = 20, 16
    block_w, block_h = label_w + half * cell, 16 + 2 * cell
    cols = max(1, min(cols, shown))
    rows = -(-shown // cols)
    width = cols * block_w + (cols - 1) * gap + 4
    head = 34
    height = head + rows * (block_h + 10) + (14 if shown < n1 else 0)
    parts = [svg_open(width, height, "class='pg-family-units' role='img' "
                      "aria-label='the weights of every unit from every person'"),
             text(2, 12, "Each unit's weight from each person", size=12, weight="bold"),
             text(2, 27, "area |w|, blue +, orange −; English above, Italian below",
                  size=10, fill=colors.MUTED_HEX)]
    for j in range(shown):
        r, c = divmod(j, cols)
        x0, y0 = 2 + c * (block_w + gap), head + r * (block_h + 10)
        parts.append(text(x0, y0 + 10, f"unit {j + 1}", size=10, fill=colors.MUTED_HEX))
        for row, family in enumerate(("En", "It")):
            y = y0 + 14 + row * cell
            parts.append(text(x0, y + cell - 3, family, size=9, fill=colors.MUTED_HEX))
            parts.append(f"<rect x='{x0 + label_w}' y='{num(y)}' width='{half * cell}' "
                         f"height='{cell}' fill='#f7f7f7'/>")
            for i in range(half):
                p = row * half + i
                w = V[p, j]
                side = (cell - 2) * np.sqrt(min(abs(w) / scale, 1.0)) if np.isfinite(w) else 0
                fill = colors.sign_hex(w)
                cx, cy = x0 + label_w + i * cell + cell / 2, y + cell / 2
                parts.append(f"<rect x='{num(cx - side / 2)}' y='{num(cy - side / 2)}' "
                             f"width='{num(side)}' height='{num(side)}' fill='{fill}'>"
                             f"<title>{esc(PEOPLE[p])}: w = {value_text(w)}</title></rect>")
    if shown < n1:
        parts.append(text(2, height - 3, f"the first {shown} of {n1} units", size=10,
                          fill=colors.MUTED_HEX))
    parts.append("</svg>")
    return "".join(parts)


def order_caption() -> str:
    """The squares' columns, left to right: each English person with their Italian partner."""
    half = N_PEOPLE // 2
    return ", ".join(f"{PEOPLE[i]}/{PEOPLE[half + i]}" for i in range(half))


def answers_html(questions, A: np.ndarray) -> str:
    """Held-out questions (engine Facts) with the network's answer (output A (24, k)): the
    most probable person, its probability, and whether it is one of the right answers."""
    A = np.asarray(A, dtype=np.float64)
    rows = []
    for i, fact in enumerate(questions):
        column = A[:, i]
        best = int(np.nanargmax(column)) if np.isfinite(column).any() else 0
        answer = PEOPLE[best]
        right = answer in fact.answers
        mark = "✓" if right else "✗"
        tone = "" if right else f" style='color:{colors.ERROR_HEX}'"
        truth = "" if right else f" (right: {esc(' or '.join(fact.answers))})"
        rows.append(f"<tr{tone}><td>{esc(fact.person)}'s {esc(fact.relationship)}?</td>"
                    f"<td><b>{esc(answer)}</b> {column[best]:.0%} {mark}{truth}</td></tr>")
    return ("<table class='pg-family-answers'><caption>Held-out questions (never trained on): "
            "the network's answer</caption>" + "".join(rows) + "</table>")
