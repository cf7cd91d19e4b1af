"""Altair charts built from model results (no Streamlit here, so exports can render them to SVG too)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

FONT = "Noto Sans CJK SC"
PALETTE = ["#1f4e79", "#c9822b", "#5b8c5a", "#8e6c8a", "#b04a4a"]
RINGS = (20, 40, 60, 80, 100)


def _config(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom", labelFontSize=12, labelLimit=0)
        .configure_axis(labelFont=FONT, titleFont=FONT)
    )


def _wrap(label: str, width: int = 12) -> str:
    """Long (English) axis labels on two lines, split at the space nearest the middle."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return label[:cut] + "\n" + label[cut + 1 :]


def _xy(index: int, count: int, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count - math.pi / 2  # first axis points up
    return radius * math.cos(angle), -radius * math.sin(angle)


def radar(axes: list[str], series: dict[str, list[float | None]], size: int = 420) -> alt.Chart:
    """A radar (spider) chart: one closed polygon per series, scores 0..100. A None (a dimension that is
    not scored) is left out: the outline breaks there instead of dropping to 0."""
    n = len(axes)
    grid = pd.DataFrame(
        [
            {"ring": r, "order": i, "x": _xy(i % n, n, r / 100)[0], "y": _xy(i % n, n, r / 100)[1]}
            for r in RINGS
            for i in range(n + 1)
        ]
    )
    spokes = pd.DataFrame(
        [{"axis": a, "x": x, "y": y} for i, a in enumerate(axes) for x, y in [(0.0, 0.0), _xy(i, n, 1.0)]]
    )
    labels = pd.DataFrame(
        [{"label": _wrap(a), "x": _xy(i, n, 1.22)[0], "y": _xy(i, n, 1.22)[1]} for i, a in enumerate(axes)]
    )
    rows, segments = [], []
    for name, values in series.items():
        for i in range(n):
            if values[i] is not None:
                x, y = _xy(i, n, values[i] / 100)
                rows.append(
                    {
                        "series": name,
                        "order": i,
                        "axis": axes[i],
                        "score": round(values[i], 1),
                        "x": x,
                        "y": y,
                    }
                )
            j = (i + 1) % n
            if values[i] is not None and values[j] is not None:  # draw an edge only between scored axes
                for k, end in enumerate((i, j)):
                    x, y = _xy(end, n, values[end] / 100)
                    segments.append({"series": name, "seg": f"{name}-{i}", "order": k, "x": x, "y": y})
    points = pd.DataFrame(rows, columns=["series", "order", "axis", "score", "x", "y"])
    edges = pd.DataFrame(segments, columns=["series", "seg", "order", "x", "y"])
    scale = alt.Scale(domain=[-1.5, 1.5])  # room for two-line axis labels
    x = alt.X("x:Q", scale=scale, axis=None)
    y = alt.Y("y:Q", scale=scale, axis=None)
    color = alt.Color(
        "series:N", scale=alt.Scale(domain=list(series), range=PALETTE[: len(series)]), title=None
    )
    layers = [
        alt.Chart(grid)
        .mark_line(color="#d9dee5", strokeWidth=1)
        .encode(x, y, detail="ring:N", order="order:Q"),
        alt.Chart(spokes).mark_line(color="#d9dee5", strokeWidth=1).encode(x, y, detail="axis:N"),
        alt.Chart(labels)
        .mark_text(fontSize=13, color="#33414e", lineBreak="\n")
        .encode(x, y, text="label:N"),
        alt.Chart(edges)
        .mark_line(strokeWidth=2.5, opacity=0.9)
        .encode(x, y, color, order="order:Q", detail="seg:N"),
        alt.Chart(points)
        .mark_point(filled=True, size=55)
        .encode(x, y, color, tooltip=["series:N", "axis:N", "score:Q"]),
    ]
    return _config(alt.layer(*layers).properties(width=size, height=size))


def fit_bars(rows: list[dict], recommended: str | None, title: str) -> alt.Chart:
    """Horizontal bars of fit (0..1) per strategy type, the recommended one highlighted."""
    data = pd.DataFrame(
        [
            {**r, "highlight": "top" if r["id"] == recommended else "other", "fit_pct": r["fit"] * 100}
            for r in rows
        ]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=240)),
        x=alt.X(
            "fit_pct:Q",
            scale=alt.Scale(domain=[0, 100]),
            title=title,
            axis=alt.Axis(values=list(range(0, 101, 10))),
        ),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=26).encode(
        color=alt.Color(
            "highlight:N",
            scale=alt.Scale(domain=["top", "other"], range=[PALETTE[0], "#b8c4d1"]),
            legend=None,
        ),
        tooltip=["name:N", alt.Tooltip("fit_pct:Q", format=".0f")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("fit_pct:Q", format=".0f"))
    return _config((bars + text).properties(height=42 * len(rows) + 20))
