"""Altair charts of the partner evaluation (no Streamlit): AHP weights, the screening funnel, DEA
efficiency, the strategic-fit heat map and the ranked risk-adjusted values. Callers pass display
texts already translated; the charts only lay them out."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from reporting.charts import PALETTE, _config

BAND_COLOURS = {"restructure_or_exit": "#b04a4a", "improve": "#c9822b", "prioritise": "#5b8c5a"}
STATUS_COLOURS = {"efficient": PALETTE[2], "weak": PALETTE[1], "inefficient": "#b8c4d1"}
ROW_HEIGHT = 34
LABEL_LIMIT = 260
TICKS = [round(k / 10, 1) for k in range(11)]


def _names_axis() -> alt.Axis:
    return alt.Axis(labelFontSize=13, labelLimit=LABEL_LIMIT, title=None)


def weight_bars(rows: Sequence[dict], title: str) -> alt.Chart:
    """rows: {label, weight}; horizontal bars in the given order with the weight printed."""
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=None, axis=_names_axis()),
        x=alt.X(
            "weight:Q", scale=alt.Scale(domain=[0, max(0.5, float(data["weight"].max()) * 1.15)]), title=title
        ),
    )
    bars = base.mark_bar(color=PALETTE[0], cornerRadiusEnd=3, height=22).encode(
        tooltip=["label:N", alt.Tooltip("weight:Q", format=".3f")]
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("weight:Q", format=".3f"))
    return _config((bars + text).properties(height=alt.Step(ROW_HEIGHT)))


def funnel(rows: Sequence[dict], title: str) -> alt.Chart:
    """rows: {stage, count, names}; one bar per stage, the count printed (the three-tier funnel)."""
    data = pd.DataFrame(rows)
    top = max(1, int(data["count"].max()))
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=None, axis=_names_axis()),
        x=alt.X(
            "count:Q", scale=alt.Scale(domain=[0, top * 1.12]), title=title, axis=alt.Axis(tickMinStep=1)
        ),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=26).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="blues", domain=[0, top]), legend=None),
        tooltip=["stage:N", "count:Q", "names:N"],
    )
    text = base.mark_text(align="left", dx=4, fontSize=13).encode(text="count:Q")
    return _config((bars + text).properties(height=alt.Step(40)))


def efficiency_bars(rows: Sequence[dict], title: str, status_labels: dict[str, str]) -> alt.Chart:
    """rows: {name, efficiency, status} with status efficient | weak | inefficient; a rule at 1."""
    data = pd.DataFrame([{**r, "status_label": status_labels[r["status"]]} for r in rows])
    domain = [status_labels[s] for s in STATUS_COLOURS]
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, axis=_names_axis()),
        x=alt.X("efficiency:Q", scale=alt.Scale(domain=[0, 1.08]), title=title, axis=alt.Axis(values=TICKS)),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=22).encode(
        color=alt.Color(
            "status_label:N", scale=alt.Scale(domain=domain, range=list(STATUS_COLOURS.values())), title=None
        ),
        tooltip=["name:N", alt.Tooltip("efficiency:Q", format=".3f"), "status_label:N"],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("efficiency:Q", format=".3f"))
    rule = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#33414e", strokeDash=[4, 3]).encode(x="x:Q")
    return _config((bars + text + rule).properties(height=alt.Step(ROW_HEIGHT)))


def fit_heatmap(
    rows: Sequence[dict], goals: Sequence[str], candidates: Sequence[str], title: str
) -> alt.Chart:
    """rows: {goal, candidate, fit}; candidates down (their names are long), broker goals across, the fit
    printed in each cell."""
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("candidate:N", sort=list(candidates), axis=_names_axis()),
        x=alt.X(
            "goal:N",
            sort=list(goals),
            axis=alt.Axis(title=None, labelAngle=0, labelLimit=150, labelFontSize=12, orient="top"),
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "fit:Q",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            title=title,
            legend=alt.Legend(gradientLength=220),
        ),
        tooltip=["candidate:N", "goal:N", alt.Tooltip("fit:Q", format=".2f")],
    )
    text = base.mark_text(fontSize=13).encode(
        text=alt.Text("fit:Q", format=".2f"),
        color=alt.condition("datum.fit > 0.6", alt.value("white"), alt.value("#1b2733")),
    )
    return _config((cells + text).properties(width=alt.Step(150), height=alt.Step(40)))


def value_bars(
    rows: Sequence[dict], title: str, thresholds: Sequence[float], band_labels: dict[str, str]
) -> alt.Chart:
    """rows: {name, adjusted, value, band}, best first; coloured by decision band, rules at the thresholds."""
    data = pd.DataFrame([{**r, "band_label": band_labels[r["band"]]} for r in rows])
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, axis=_names_axis()),
        x=alt.X("adjusted:Q", scale=alt.Scale(domain=[0, 1]), title=title, axis=alt.Axis(values=TICKS)),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=22).encode(
        color=alt.Color(
            "band_label:N",
            scale=alt.Scale(domain=[band_labels[b] for b in BAND_COLOURS], range=list(BAND_COLOURS.values())),
            title=None,
        ),
        tooltip=[
            "name:N",
            alt.Tooltip("value:Q", format=".3f"),
            alt.Tooltip("adjusted:Q", format=".3f"),
            "band_label:N",
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("adjusted:Q", format=".2f"))
    rules = (
        alt.Chart(pd.DataFrame({"x": list(thresholds)}))
        .mark_rule(color="#33414e", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return _config((bars + text + rules).properties(height=alt.Step(ROW_HEIGHT)))
