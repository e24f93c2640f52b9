"""The tuning lab's charts, plain functions data -> Altair chart (or Optuna's Plotly figure).

- alpha_samples: 25 α from a grid against 25 random ones, on a linear and on a log axis
- beta_samples: β drawn uniformly against β = 1 - 10^r, on β's own axis
- cost_against: each tuned hyperparameter against the dev cost (log axes where log)
- caviar: every trial's dev-cost curve in one chart; panda: one trial, its α adjusted
- parallel_coordinates: Optuna's own plot of the study
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from playground.charts import colors

WIDTH = 215  # one small chart; four side by side fit the page at 1280 px
HEIGHT = 180
BEST = colors.ERROR_HEX  # red: the best trial
OTHERS = "#9aa7b4"  # grey: the caviar
CHOSEN = colors.NEGATIVE_HEX  # orange: the trial picked in the table
POINT = colors.POSITIVE_HEX
DECADES = [1e-4, 1e-3, 1e-2, 1e-1, 1.0]


def _alpha_panel(points: list[dict], title: str, log: bool) -> alt.Chart:
    frame = pd.DataFrame({"α": [p["learning_rate"] for p in points],
                          "units": [p.get("units", 0) for p in points]})
    scale = alt.Scale(type="log", domain=[1e-4, 1]) if log else alt.Scale(domain=[0, 1])
    # Decades only on the log axis: Vega's default adds 2..9 of each decade as grid lines.
    axis = (alt.Axis(values=DECADES, format="~e", grid=True) if log
            else alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2~f", grid=True))
    return alt.Chart(frame, title=alt.Title(title, fontSize=12)).mark_circle(
        size=42, opacity=0.85, color=POINT).encode(
        x=alt.X("α:Q", scale=scale, axis=axis, title="learning rate α"),
        y=alt.Y("units:Q", title="hidden units", scale=alt.Scale(domain=[0, 17])),
        tooltip=[alt.Tooltip("α:Q", format=".3g"), "units:Q"],
    ).properties(width=WIDTH, height=HEIGHT)


def alpha_samples(grid: list[dict], random: list[dict], random_label: str) -> alt.HConcatChart:
    """Four panels: grid and random, each on a linear and on a log α axis."""
    distinct = len({round(p["learning_rate"], 12) for p in grid})
    return alt.hconcat(
        _alpha_panel(grid, f"Grid: {len(grid)} points, {distinct} values of α · linear",
                     log=False),
        _alpha_panel(grid, "Grid · log axis", log=True),
        _alpha_panel(random, f"{random_label}: {len(random)} values of α · linear", log=False),
        _alpha_panel(random, f"{random_label} · log axis", log=True),
        spacing=14,
    ).configure_view(strokeWidth=0.5).configure_axis(labelFontSize=10, titleFontSize=11)


def beta_samples(uniform: list[float], through: list[float]) -> alt.Chart:
    """Both samples as ticks on β's axis, those in [0.99, 0.999] in orange: a uniform β puts
    a tenth of its samples there, β = 1 - 10^r half."""
    rows = ([{"β": b, "sampled": "β uniform in [0.9, 0.999]"} for b in uniform]
            + [{"β": b, "sampled": "1 − β = 10^r, r uniform in [−3, −1]"} for b in through])
    frame = pd.DataFrame(rows)
    counts = {label: sum(1 for r in rows if r["sampled"] == label and r["β"] >= 0.99)
              for label in frame["sampled"].unique()}
    sizes = {label: sum(1 for r in rows if r["sampled"] == label) for label in counts}
    frame["sampled"] = [f"{s}: {counts[s]} of {sizes[s]} above 0.99" for s in frame["sampled"]]
    return alt.Chart(frame).mark_tick(thickness=2, size=36, opacity=0.8).encode(
        x=alt.X("β:Q", scale=alt.Scale(domain=[0.9, 1.0]), title="β (momentum)",
                axis=alt.Axis(values=[0.9, 0.92, 0.94, 0.96, 0.98, 0.99, 1.0],
                              format=".3~f")),
        y=alt.Y("sampled:N", title=None, sort=None,
                axis=alt.Axis(labelLimit=420, labelFontSize=12)),
        color=alt.condition("datum['β'] >= 0.99", alt.value(CHOSEN), alt.value(POINT)),
        tooltip=[alt.Tooltip("β:Q", format=".4f")],
    ).properties(height=alt.Step(46))


def cost_against(rows: list[dict], dimensions: list[tuple],
                 chosen: int | None = None) -> alt.HConcatChart:
    """One scatter per tuned hyperparameter: its value (x, log where sampled on a log scale)
    against the dev cost; the chosen trial in orange. rows: {"trial", "dev cost", name...};
    dimensions: (column, label, log) or (column, label, log, (low, high)): the x axis spans
    the searched range, so the chart shows where in it the good trials are."""
    frame = pd.DataFrame([r for r in rows if r.get("dev cost") is not None])
    frame["chosen"] = frame["trial"] == chosen
    charts = []
    for name, label, log, *searched in dimensions:
        span = list(searched[0]) if searched else None
        if log:  # ticks at the powers of 10 (of 2 for a batch size) the values span
            base = 2 if name == "batch" else 10
            axis = alt.Axis(values=_powers([*frame[name], *(span or [])], base),
                            format="~g" if base == 2 else "~e", grid=True)
        else:
            axis = alt.Axis(format="~g", tickCount=5)
        scale = alt.Scale(type="log" if log else "linear", zero=False, nice=not log,
                          **({"domain": span} if span else {}))
        charts.append(alt.Chart(frame).mark_circle(size=48, opacity=0.85).encode(
            x=alt.X(f"{name}:Q", title=label, scale=scale, axis=axis),
            y=alt.Y("dev cost:Q", scale=alt.Scale(zero=False), title="dev cost"),
            color=alt.condition("datum.chosen", alt.value(CHOSEN), alt.value(POINT)),
            tooltip=["trial:Q", alt.Tooltip(f"{name}:Q", format=".4g"),
                     alt.Tooltip("dev cost:Q", format=".4f")],
        ).properties(width=200, height=170))
    return alt.hconcat(*charts, spacing=12).configure_axis(labelFontSize=10, titleFontSize=11)


def _powers(values, base: int) -> list[float]:
    """base^k for every whole k from just below the smallest value to just above the largest."""
    positive = [v for v in values if v > 0]
    if not positive:
        return []
    low = math.floor(math.log(min(positive), base) + 1e-9)
    high = math.ceil(math.log(max(positive), base) - 1e-9)
    return [float(base ** k) for k in range(low, high + 1)]


def caviar(curves: list[dict], chosen: int | None = None, best: int | None = None,
           log_cost: bool = False) -> alt.LayerChart:
    """Every trial's dev cost by epoch ("caviar": many models, none babysat). curves:
    {"trial", "epochs", "costs"}; the best in red, the chosen one in orange."""
    rows = [{"trial": c["trial"], "epoch": e, "dev cost": y}
            for c in curves for e, y in zip(c["epochs"], c["costs"], strict=True)
            if y is not None and (y > 0 or not log_cost)]
    frame = pd.DataFrame(rows, columns=["trial", "epoch", "dev cost"])
    y = alt.Y("dev cost:Q", scale=alt.Scale(type="log" if log_cost else "linear", zero=False),
              title="dev cost")
    base = alt.Chart(frame).encode(x=alt.X("epoch:Q", title="epoch"), y=y, detail="trial:N",
                                   tooltip=["trial:Q", "epoch:Q",
                                            alt.Tooltip("dev cost:Q", format=".4f")])
    everyone = base.mark_line(strokeWidth=1, opacity=0.45, color=OTHERS)
    layers = [everyone]
    for number, color, width in ((best, BEST, 2.5), (chosen, CHOSEN, 2.5)):
        if number is not None:
            layers.append(base.transform_filter(alt.datum.trial == number).mark_line(
                strokeWidth=width, color=color))
    return alt.layer(*layers).properties(height=260)


def panda(curves: list[dict]) -> alt.Chart:
    """One model babysat: its curve at the trial's α and at the adjusted α. curves:
    {"label", "epochs", "costs"}."""
    rows = [{"run": c["label"], "epoch": e, "dev cost": y}
            for c in curves for e, y in zip(c["epochs"], c["costs"], strict=True)
            if y is not None]
    frame = pd.DataFrame(rows, columns=["run", "epoch", "dev cost"])
    labels = [c["label"] for c in curves]
    return alt.Chart(frame).mark_line(strokeWidth=2).encode(
        x=alt.X("epoch:Q", title="epoch"),
        y=alt.Y("dev cost:Q", scale=alt.Scale(zero=False), title="dev cost"),
        color=alt.Color("run:N", scale=alt.Scale(domain=labels,
                                                 range=[POINT, CHOSEN][:len(labels)]),
                        legend=alt.Legend(orient="top", title=None, labelLimit=360)),
        tooltip=["run:N", "epoch:Q", alt.Tooltip("dev cost:Q", format=".4f")],
    ).properties(height=260)


def parallel_coordinates(study, labels: dict[str, str] | None = None):
    """Optuna's parallel-coordinates plot (Plotly), one line per finished trial; its axes
    renamed by `labels` (parameter name -> what the page calls it). Optuna 5 draws it as lines
    over a ticked x axis (4.x drew a Parcoords trace: hence the floor optuna>=5.0)."""
    import optuna.visualization as vis

    figure = vis.plot_parallel_coordinate(study)
    names = {"Objective Value": "dev cost", **(labels or {})}
    ticks = figure.layout.xaxis.ticktext
    if ticks:
        figure.update_xaxes(ticktext=[names.get(t, t) for t in ticks])
    figure.update_traces(selector={"mode": "markers"}, marker_colorbar_title_text="dev cost")
    figure.update_layout(height=340, margin={"l": 50, "r": 40, "t": 30, "b": 30}, title=None)
    return figure
