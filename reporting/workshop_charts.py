"""Altair charts of the workshop dashboard (no Streamlit here; the CJK font comes from charts._config)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from reporting.charts import PALETTE, _config

POINTS_UP_TO = 200  # participants: beyond that the dots of individuals turn into a smear
GROUP_COLOR = "#b04a4a"


def box_stats(values: list[float]) -> dict[str, float]:
    """Five-number summary; quartiles interpolate linearly like Vega-Lite's own boxplot (d3 quantile)."""
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return {"low": min(values), "q1": q1, "median": median, "q3": q3, "high": max(values), "n": len(values)}


def dimension_spread(
    spread: dict[str, list[float]], group: dict[str, float | None], y_title: str, group_label: str
) -> alt.Chart:
    """One box per dimension (individual scores 0..100, min to max), the group result as a red tick.

    spread: dimension name -> individual scores, in display order; group: name -> group score. The boxes
    are computed here, so the chart carries nine rows, not one per participant and dimension; the dots
    of individual participants are drawn only while they stay readable.
    """
    order = list(spread)
    boxes = pd.DataFrame(
        [{"dimension": name, **box_stats(values)} for name, values in spread.items() if values],
        columns=["dimension", "low", "q1", "median", "q3", "high", "n"],
    )
    x = alt.X(
        "dimension:N",
        sort=order,
        scale=alt.Scale(domain=order),
        title=None,
        # English names wrap at spaces (Chinese ones are short); no label is dropped for overlapping
        axis=alt.Axis(
            labelAngle=0,
            labelFontSize=12,
            labelLimit=200,
            labelFlush=False,
            labelOverlap=False,
            labelExpr="split(datum.label, ' ')",
        ),
    )
    y_scale = alt.Scale(domain=[0, 100])
    tooltip = ["dimension:N", "n:Q"] + [
        alt.Tooltip(f"{k}:Q", format=".0f") for k in ("low", "q1", "median", "q3", "high")
    ]
    base = alt.Chart(boxes).encode(x, tooltip=tooltip)
    layers = [
        base.mark_rule(color=PALETTE[0], opacity=0.7).encode(
            alt.Y("low:Q", scale=y_scale, title=y_title), alt.Y2("high:Q")
        ),
        base.mark_bar(size=34, color=PALETTE[0], opacity=0.55).encode(
            alt.Y("q1:Q", scale=y_scale), alt.Y2("q3:Q")
        ),
        base.mark_tick(color="white", thickness=2, size=34).encode(alt.Y("median:Q", scale=y_scale)),
    ]
    dots = [{"dimension": name, "score": v} for name, values in spread.items() for v in values]
    if 0 < len(dots) <= POINTS_UP_TO * len(order):
        layers.append(
            alt.Chart(pd.DataFrame(dots))
            .mark_circle(size=26, color=PALETTE[0], opacity=0.45)
            .encode(
                x,
                alt.Y("score:Q", scale=y_scale),
                xOffset=alt.XOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
                tooltip=["dimension:N", alt.Tooltip("score:Q", format=".0f")],
            )
            .transform_calculate(jitter="(random() - 0.5) * 1.2")
        )
    marks = [
        {"dimension": name, "score": v, "series": group_label} for name, v in group.items() if v is not None
    ]
    if marks:
        layers.append(
            alt.Chart(pd.DataFrame(marks))
            .mark_tick(thickness=3, size=40)
            .encode(
                x,
                alt.Y("score:Q", scale=y_scale),
                color=alt.Color(
                    "series:N", scale=alt.Scale(domain=[group_label], range=[GROUP_COLOR]), title=None
                ),
                tooltip=["dimension:N", alt.Tooltip("score:Q", format=".0f")],
            )
        )
    return _config(alt.layer(*layers).properties(height=340))


def count_bars(rows: list[dict], x_title: str) -> alt.Chart:
    """Horizontal bars of counts ({"name", "count", "highlight": bool}), highlighted rows in the accent."""
    data = pd.DataFrame(rows, columns=["name", "count", "highlight"])
    data["tone"] = data["highlight"].map({True: "top", False: "other"})
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=260)),
        x=alt.X("count:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=24).encode(
        color=alt.Color(
            "tone:N", scale=alt.Scale(domain=["top", "other"], range=[PALETTE[0], "#b8c4d1"]), legend=None
        ),
        tooltip=["name:N", "count:Q"],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="count:Q")
    return _config((bars + text).properties(height=38 * len(rows) + 30))


def weight_bars(rows: list[dict], x_title: str) -> alt.Chart:
    """Group AHP weights ({"name", "weight" 0..1}) as percentages."""
    data = pd.DataFrame(rows, columns=["name", "weight"])
    data["pct"] = data["weight"] * 100
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=260)),
        x=alt.X("pct:Q", scale=alt.Scale(domain=[0, 100]), title=x_title),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=24, color=PALETTE[1])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("pct:Q", format=".0f"))
    return _config((bars + text).properties(height=38 * len(rows) + 30))
