"""Charts only exports and the milestone comparison use (the shared ones live in reporting/charts.py)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from reporting import plan_charts
from reporting.charts import FONT, PALETTE


def _style(chart) -> alt.Chart:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom", labelFontSize=12)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12)
    )


def before_after(rows: list[dict], before: str, after: str, axis_title: str) -> alt.Chart:
    """Grouped horizontal bars: per row (name, before, after, 0..100) one bar per moment."""
    data = pd.DataFrame(
        [
            {"name": r["name"], "when": label, "score": value, "order": i}
            for i, r in enumerate(rows)
            for label, value in ((before, r["before"]), (after, r["after"]))
            if value is not None
        ]
    )
    color = alt.Color(
        "when:N", scale=alt.Scale(domain=[before, after], range=["#b8c4d1", PALETTE[0]]), title=None
    )
    chart = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=2, height=11)
        .encode(
            y=alt.Y("name:N", sort=[r["name"] for r in rows], title=None, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("when:N", sort=[before, after]),
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=axis_title),
            color=color,
            tooltip=["name:N", "when:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(width=520, height=alt.Step(30))
    )
    return _style(chart)


def dated_plan(phases: list[dict], milestones: list[dict], start: str, labels: dict[str, str]) -> alt.Chart:
    """The Roadmap page's Gantt of the firm's dated plan (reporting/plan_charts.py) at a fixed width:
    a file has no container to fill."""
    return plan_charts.gantt(phases, milestones, start, labels).properties(width=620)
