"""Inspector views of one matrix (paused, detailed): a plotly heatmap and a LaTeX bmatrix.

Indexes are 1-based, like the course: the cell in row j, column k of W[l] is W[l][j,k].
"""

import re

import numpy as np
import plotly.graph_objects as go

from playground.charts import colors

SMALL = 12  # up to 12 x 12 the values are printed in the cells; beyond, hover only


def latex_name(name: str) -> str:
    """Course notation to LaTeX: 'W[2]' -> 'W^{[2]}', 'dW[2]' -> 'dW^{[2]}'."""
    return re.sub(r"\[(\d+)\]$", r"^{[\1]}", name)


def latex_number(value: float, digits: int = 3) -> str:
    """A fixed-point number; scientific as a x 10^{e} when tiny or huge; never '-0.000'."""
    value = float(value)
    if not np.isfinite(value):
        return r"\text{nan}" if np.isnan(value) else (r"\infty" if value > 0 else r"-\infty")
    if value != 0 and (abs(value) >= 1e4 or abs(value) < 0.5 * 10.0**-digits):
        mantissa, exponent = f"{value:.{max(digits - 1, 1)}e}".split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _kept(n: int, limit: int) -> list[int | None]:
    """Indexes to show along one axis; None marks the ellipsis (first limit-1, ..., last)."""
    if n <= limit:
        return list(range(n))
    return list(range(limit - 1)) + [None, n - 1]


def matrix_latex(M, name: str, max_rows: int = 6, max_cols: int = 6, digits: int = 3) -> str:
    r"""'W^{[1]} = \begin{bmatrix} 1.000 & -0.500 \\ 0.250 & 2.000 \end{bmatrix}' for st.latex.

    Larger matrices keep their first rows/columns and the last one, with \vdots, \cdots and
    \ddots where values are left out. A 1-D array is shown as a column.
    """
    A = np.asarray(M, dtype=np.float64)
    if A.ndim == 1:
        A = A[:, None]
    if A.ndim != 2:
        raise ValueError(f"matrix_latex needs a 1-D or 2-D array, got shape {A.shape}")
    rows = []
    for i in _kept(A.shape[0], max_rows):
        cells = []
        for j in _kept(A.shape[1], max_cols):
            if i is None:
                cells.append(r"\ddots" if j is None else r"\vdots")
            else:
                cells.append(r"\cdots" if j is None else latex_number(A[i, j], digits))
        rows.append(" & ".join(cells))
    body = r" \\ ".join(rows)
    return rf"{latex_name(name)} = \begin{{bmatrix}} {body} \end{{bmatrix}}"


def matrix_figure(M, name: str, shape_label: str = "", digits: int = 3) -> go.Figure:
    """A heatmap of M on the diverging scale centred at 0, titled 'dW[2]  (4, 3)'.

    Row 1 is at the top (matrix layout). Values are printed in the cells up to 12 x 12.
    """
    A = np.asarray(M, dtype=np.float64)
    if A.ndim == 1:
        A = A[:, None]
    n_rows, n_cols = A.shape
    finite = A[np.isfinite(A)]
    vmax = float(np.abs(finite).max()) if finite.size else 1.0
    vmax = vmax if vmax > 0 else 1.0
    small = n_rows <= SMALL and n_cols <= SMALL
    heatmap = go.Heatmap(
        z=A,
        x=list(range(1, n_cols + 1)),
        y=list(range(1, n_rows + 1)),
        zmin=-vmax,
        zmax=vmax,
        zmid=0,
        colorscale=colors.plotly_diverging_scale(),
        texttemplate=f"%{{z:.{digits}f}}" if small else None,
        textfont={"size": 13},
        hovertemplate=f"{name}[%{{y}},%{{x}}] = %{{z:.{digits + 1}f}}<extra></extra>",
        colorbar={"thickness": 12, "len": 0.9},
        xgap=1 if small else 0,
        ygap=1 if small else 0,
    )
    cell = 44 if small else max(8, min(22, 420 // max(n_rows, 1)))
    figure = go.Figure(heatmap)
    figure.update_layout(
        title={"text": f"{name}  {shape_label}".strip(), "x": 0.0, "xanchor": "left",
               "font": {"size": 16}},
        height=int(min(110 + cell * n_rows, 560)),
        margin={"l": 50, "r": 20, "t": 46, "b": 40},
        plot_bgcolor="white",
        xaxis={"title": "k (column)", "dtick": 1 if n_cols <= 20 else None, "side": "bottom"},
        yaxis={"title": "j (row)", "autorange": "reversed", "dtick": 1 if n_rows <= 20 else None},
    )
    return figure
