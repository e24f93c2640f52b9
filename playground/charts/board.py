"""The class board's chart, a plain function entries -> Altair chart: each submission's goal
metric against its parameter count (the class's trade-off between size and result), the goal
as a dashed line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from playground.charts import colors

HEIGHT = 300


def scatter(rows: list[dict], metric_title: str, target: float, percent: bool) -> alt.Chart:
    """`rows`: {"name", "parameters", "metric", "met"} per submission."""
    frame = pd.DataFrame(rows, columns=["name", "parameters", "metric", "met"])
    frame["goal"] = frame["met"].map({True: "met the goal", False: "not yet"})
    axis = alt.Axis(format=".0%" if percent else ".3~f", grid=True)
    points = alt.Chart(frame).mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("parameters:Q", title="parameters", axis=alt.Axis(tickCount=6, format="~s"),
                scale=alt.Scale(zero=False, nice=True, padding=12)),
        y=alt.Y("metric:Q", title=metric_title, axis=axis,
                scale=alt.Scale(zero=False, padding=12)),
        color=alt.Color("goal:N", scale=alt.Scale(
            domain=["met the goal", "not yet"], range=[colors.POSITIVE_HEX, "#9aa7b4"]),
            legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["name:N", "parameters:Q", alt.Tooltip("metric:Q", title=metric_title,
                                                       format=".1%" if percent else ".4f")])
    goal = alt.Chart(pd.DataFrame({"metric": [target]})).mark_rule(
        strokeDash=[5, 4], color=colors.ERROR_HEX).encode(y="metric:Q")
    return (goal + points).properties(height=HEIGHT).configure_view(strokeWidth=0.5)
