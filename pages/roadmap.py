"""实施路径 Roadmap: the phased plan on a 2025–2030 timeline, actions from the gaps, KPIs, owners."""

import pandas as pd
import streamlit as st

from reporting import plan_charts
from ui import layout, state
from ui.i18n import current_lang, t

lang = current_lang()
q = state.questionnaire()
result = state.result()
roadmap = q.roadmap

st.title(t("page_roadmap"))
layout.stop_if_nothing_answered(result, "roadmap_empty")
if result.strategy.provisional:
    st.warning(t("roadmap_provisional"))
st.markdown(t("roadmap_intro"))

phases = [
    {
        "name": p.phase.name.get(lang),
        "start": p.phase.start,
        "end": p.phase.end,
        "depth": p.phase.depth.get(lang),
        "actions": len(p.actions),
    }
    for p in result.plan
]
milestones = [{"year": m.year, "label": f"{m.year} {m.label.get(lang)}"} for m in roadmap.milestones]
st.altair_chart(plan_charts.gantt(phases, milestones, t("col_actions")), width="stretch")
st.caption(" · ".join(f"**{m.year}** {m.label.get(lang)} ({m.ref})" for m in roadmap.milestones))

owners = {k: v.get(lang) for k, v in roadmap.owners.items()}
priorities = {"high": t("priority_high"), "medium": t("priority_medium"), "low": t("priority_low")}


def why(planned) -> str:
    parts = []
    for trig in planned.triggers:
        if trig.kind == "gap":
            parts.append(
                t(
                    "why_gap",
                    dim=q.dimension(trig.dimension).name.get(lang),
                    score=round(trig.score),
                    min=f"{trig.threshold:g}",
                )
            )
        elif trig.kind == "strength":
            parts.append(
                t("why_strength", dim=q.dimension(trig.dimension).name.get(lang), score=round(trig.score))
            )
        elif trig.kind == "type":
            parts.append(t("why_type", type=q.strategy_type(trig.value).name.get(lang)))
        elif trig.kind == "cross_border":
            parts.append(t("why_cross_border"))
        else:
            parts.append(t("why_baseline"))
    return t("list_sep").join(parts)


for planned_phase in result.plan:
    phase = planned_phase.phase
    st.subheader(f"{phase.name.get(lang)} · {phase.start}–{phase.end}", anchor=False)
    st.caption(t("phase_depth", depth=phase.depth.get(lang), ref=phase.ref))
    table = pd.DataFrame(
        [
            {
                t("col_action"): a.action.title.get(lang),
                t("col_owner"): owners[a.action.owner],
                t("col_priority"): priorities[a.action.priority],
                t("col_kpi"): t("list_sep").join(
                    f"{k.metric.get(lang)}: {k.target.get(lang)}" for k in a.action.kpis
                ),
                t("col_why"): why(a),
                t("col_ref"): a.action.ref,
            }
            for a in planned_phase.actions
        ]
    )
    st.table(table.set_index(t("col_action")))  # a static table wraps the long KPI texts
    with st.expander(t("phase_details", n=len(planned_phase.actions))):
        for a in planned_phase.actions:
            st.markdown(f"**{a.action.title.get(lang)}** — {a.action.detail.get(lang)}")

st.subheader(t("investment_header"), anchor=False)
cols = st.columns(len(roadmap.investment_priorities))
for col, priority in zip(cols, roadmap.investment_priorities, strict=True):
    scores = [
        result.dimensions[d].score for d in priority.dimensions if result.dimensions[d].score is not None
    ]
    with col.container(border=True):
        st.markdown(f"**{priority.name.get(lang)}**")
        st.markdown(priority.summary.get(lang))
        if scores:
            st.caption(
                t(
                    "investment_scores",
                    dims=t("list_sep").join(
                        f"{q.dimension(d).name.get(lang)} {round(result.dimensions[d].score)}"
                        for d in priority.dimensions
                        if result.dimensions[d].score is not None
                    ),
                )
            )
        st.caption(t("report_ref", ref=priority.ref))

layout.disclaimer()
