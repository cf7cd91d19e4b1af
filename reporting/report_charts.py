"""Charts only exports and the milestone comparison use (the shared ones live in reporting/charts.py)."""

from __future__ import annotations

import altair as alt
import pandas as pd

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


def timeline(phases: list[dict], milestones: list[dict], axis_title: str) -> alt.Chart:
    """A Gantt of the phases (whole years, end inclusive); milestones as dashed rules (listed in the text)."""
    bars = pd.DataFrame(
        [
            {"name": p["name"], "start": p["start"], "end": p["end"] + 1, "order": i}
            for i, p in enumerate(phases)
        ]
    )
    names = list(bars["name"])
    low, high = int(bars["start"].min()), int(bars["end"].max())
    x = alt.X(
        "start:Q",
        scale=alt.Scale(domain=[low, high]),
        title=axis_title,
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    layers = [
        alt.Chart(bars)
        .mark_bar(cornerRadius=3, height=24, color=PALETTE[0], opacity=0.85)
        .encode(y=alt.Y("name:N", sort=names, title=None, axis=alt.Axis(labelLimit=260)), x=x, x2="end:Q"),
    ]
    if milestones:
        marks = pd.DataFrame([{"year": m["year"] + 0.5} for m in milestones])
        layers.append(alt.Chart(marks).mark_rule(color=PALETTE[1], strokeDash=[4, 3]).encode(x="year:Q"))
    return _style(alt.layer(*layers).properties(width=560, height=alt.Step(40)))
