"""Altair charts of the plan: cooperation-mode fits, the dated roadmap Gantt, the risk heat map."""

from __future__ import annotations

import altair as alt
import pandas as pd

from reporting.charts import PALETTE, _config

GATED = "#c5ccd4"


def mode_bars(rows: list[dict], axis_title: str) -> alt.Chart:
    """rows: {name, fit (0..1), eligible, rank}; top three in the brand colour, gated ones grey."""
    data = pd.DataFrame(
        [
            {
                **r,
                "fit_pct": round(r["fit"] * 100),
                "group": "top" if r["rank"] <= 3 else ("other" if r["eligible"] else "gated"),
            }
            for r in rows
        ]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=260)),
        x=alt.X(
            "fit_pct:Q",
            scale=alt.Scale(domain=[0, 100]),
            title=axis_title,
            axis=alt.Axis(values=list(range(0, 101, 10))),
        ),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=20).encode(
        color=alt.Color(
            "group:N",
            scale=alt.Scale(domain=["top", "other", "gated"], range=[PALETTE[0], "#8fa6bd", GATED]),
            legend=None,
        ),
        tooltip=["name:N", "fit_pct:Q"],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(text="fit_pct:Q")
    return _config((bars + text).properties(height=30 * len(rows) + 20))


def gantt_data(plan, milestones, lang: str) -> tuple[list[dict], list[dict]]:
    """The Gantt's rows from a dated plan (phases) and the report's milestones (reference marks, drawn
    mid-year), for the Roadmap page and the report alike."""
    phases = [
        {
            "short": p.phase.short.get(lang),
            "name": p.phase.name.get(lang),
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "depth": p.phase.depth.get(lang),
            "actions": len(p.actions),
        }
        for p in plan.phases
    ]
    marks = [
        {"date": f"{m.year}-07-01", "year": str(m.year), "label": f"{m.year} {m.label.get(lang)} ({m.ref})"}
        for m in milestones
    ]
    return phases, marks


def gantt(phases: list[dict], milestones: list[dict], start: str, labels: dict[str, str]) -> alt.Chart:
    """The firm's plan on a date axis from the assessment date.

    phases: {short, name, start, end (ISO dates), depth, actions}; the bar label is the short name (never
    clipped), the full name is in the tooltip. milestones: {date (ISO), year, label}: the report's
    reference line (dashed), drawn only where it falls inside the plan. labels: counts_title, start_label,
    axis_title."""
    data = pd.DataFrame(phases)
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadius=4, height=28, opacity=0.9)
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                axis=alt.Axis(format="%Y-%m", labelFontSize=11, grid=True, labelOverlap=True, tickCount=6),
            ),
            x2="end:T",
            y=alt.Y(
                "short:N",
                sort=None,
                title=None,
                axis=alt.Axis(labelFontSize=12, labelLimit=0, labelPadding=6),
            ),
            color=alt.Color("short:N", scale=alt.Scale(range=PALETTE[:3]), legend=None, sort=None),
            tooltip=[
                alt.Tooltip("name:N", title=labels.get("phase_title", "")),
                alt.Tooltip("start:T", format="%Y-%m-%d", title=labels.get("start_title", "")),
                alt.Tooltip("end:T", format="%Y-%m-%d", title=labels.get("end_title", "")),
                alt.Tooltip("depth:N", title=labels.get("depth_title", "")),
                alt.Tooltip("actions:Q", title=labels["counts_title"]),
            ],
        )
    )
    layers = [bars]
    begin = pd.DataFrame([{"date": start, "label": labels["start_label"]}])
    layers.append(
        alt.Chart(begin).mark_rule(color="#1f3b57", strokeWidth=2).encode(x="date:T", tooltip=["label:N"])
    )
    inside = [m for m in milestones if phases and phases[0]["start"] <= m["date"] <= phases[-1]["end"]]
    if inside:
        marks = pd.DataFrame(inside)
        layers.append(
            alt.Chart(marks)
            .mark_rule(color="#b04a4a", strokeDash=[4, 3], strokeWidth=1.5)
            .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title=labels.get("report_title", ""))])
        )
        layers.append(
            alt.Chart(marks)
            .mark_text(align="center", dy=-4, color="#b04a4a", fontSize=10)
            .encode(x="date:T", y=alt.value(0), text="year:N")
        )
    height = 40 * max(1, len(phases)) + 30
    return _config(alt.layer(*layers).properties(height=height, width="container"))


def risk_heatmap(rows: list[dict], levels: list[dict], x_title: str, y_title: str) -> alt.Chart:
    """rows: {name, likelihood, impact, level, level_name}; background bands show exposure levels."""
    grid = pd.DataFrame(
        [
            {"l": i / 10 + 0.05, "i": j / 10 + 0.05, "exposure": (i / 10 + 0.05) * (j / 10 + 0.05)}
            for i in range(10)
            for j in range(10)
        ]
    )
    thresholds = [lv["min_exposure"] for lv in levels]
    colors = [lv["color"] for lv in levels]
    grid["band"] = [sum(1 for t in thresholds if e >= t) - 1 for e in grid["exposure"]]
    background = (
        alt.Chart(grid)
        .mark_rect(opacity=0.22)
        .encode(
            x=alt.X("l:Q", bin=alt.Bin(step=0.1, extent=[0, 1]), title=x_title),
            y=alt.Y("i:Q", bin=alt.Bin(step=0.1, extent=[0, 1]), title=y_title),
            color=alt.Color(
                "band:O", scale=alt.Scale(domain=list(range(len(levels))), range=colors), legend=None
            ),
        )
    )
    data = pd.DataFrame(rows)
    points = (
        alt.Chart(data)
        .mark_circle(size=140, stroke="white", strokeWidth=1.5)
        .encode(
            x="likelihood:Q",
            y="impact:Q",
            color=alt.Color(
                "level:N", scale=alt.Scale(domain=[lv["id"] for lv in levels], range=colors), legend=None
            ),
            tooltip=["name:N", "level_name:N", alt.Tooltip("likelihood:Q", format=".2f"), "impact:Q"],
        )
    )
    # numbers, not names: risks cluster, and the register table carries the same numbers
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, dy=-6, fontSize=12, fontWeight="bold")
        .encode(
            x="label_x:Q" if "label_x" in data else "likelihood:Q",  # the page may spread crowded labels
            y="label_y:Q" if "label_y" in data else "impact:Q",
            text="label:N",
        )
    )
    return _config(alt.layer(background, points, labels).properties(width=520, height=380))
