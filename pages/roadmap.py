"""实施路径 Roadmap: the firm's dated plan first (summary, Gantt, overdue), then one tab per phase with the
team's action table, progress since an earlier assessment, and the reference material folded away."""

from datetime import date

import pandas as pd
import streamlit as st

from model import assess
from model.content.base import DIMENSION_IDS
from model.errors import InputError
from model.inputs.answers import answers_from_bytes
from reporting import compare, plan_charts
from ui import layout, plan_editor, state, widgets
from ui.i18n import current_lang, join_clauses, t

lang = current_lang()
q = state.questionnaire()
result = state.result()
roadmap = q.roadmap
plan = result.plan
today = date.today()

st.title(t("page_roadmap"))
layout.stop_if_nothing_answered(result, "roadmap_empty")
if result.strategy.provisional:
    st.warning(t("roadmap_provisional"))

owners = {k: v.get(lang) for k, v in roadmap.owners.items()}


def option_label(qid: str, value: str | None) -> str:
    question = q.question(qid)
    option = question.option(value) if question is not None and value is not None else None
    return option.label.get(lang) if option else (value or "—")


def question_text(qid: str) -> str:
    question = q.question(qid)
    return question.text.get(lang).rstrip("？?") if question is not None else qid


def why_one(trig) -> str:
    if trig.kind == "gap":
        name = q.dimension(trig.dimension).name.get(lang)
        return t("why_gap", dim=name, score=round(trig.score), min=f"{trig.threshold:g}")
    if trig.kind == "strength":
        return t("why_strength", dim=q.dimension(trig.dimension).name.get(lang), score=round(trig.score))
    if trig.kind == "type":
        return t("why_type", type=q.strategy_type(trig.value).name.get(lang))
    if trig.kind == "cross_border":
        return t("why_cross_border")
    if trig.kind in ("answer", "has"):
        value = result.answers.get(trig.question)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return t("why_answer_number", question=question_text(trig.question), answer=f"{value:g}")
        key = "why_has" if trig.kind == "has" else "why_answer"
        return t(key, question=question_text(trig.question), answer=option_label(trig.question, trig.value))
    if trig.kind == "licence":
        return t("why_licence", licence=option_label(roadmap.licence_question, trig.value))
    if trig.kind == "licence_missing":
        return t("why_licence_missing", licence=option_label(roadmap.licence_question, trig.value))
    if trig.kind == "blocked":
        risk = next(r for r in q.risk_register.risks if r.id == trig.value)
        return t("why_blocked", risk=risk.name.get(lang))
    if trig.kind == "ranked_below":
        return t("why_ranked_below", n=trig.value)
    return t({"core": "why_core", "compliance_first": "why_compliance_first"}.get(trig.kind, "why_baseline"))


def short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def why(planned) -> str:
    """The table's reason: the first one that is specific to the firm, in a few words (the details
    expander below the table gives every reason in full)."""
    trigs = [trig for trig in planned.triggers if trig.kind != "core"] or list(planned.triggers)
    trig = trigs[0]
    if trig.kind in ("answer", "has") and trig.question:
        question = q.question(trig.question)
        dim = q.dimension(question.dimension).name.get(lang) if question.dimension in DIMENSION_IDS else ""
        value = result.answers.get(trig.question)
        shown = f"{value:g}" if isinstance(value, int | float) else option_label(trig.question, trig.value)
        return t("why_answer_short", dim=dim or question_text(trig.question), answer=short(shown))
    return short(why_one(trig), 40)


# ---------------------------------------------------------------- the decision: what, from when, how far
months = sum(p.phase.months for p in plan.phases)
horizon = (
    t("rm_horizon_given", value=option_label(roadmap.horizon.question, plan.horizon))
    if plan.horizon
    else t("rm_horizon_missing")
)
st.markdown(
    t(
        "rm_summary" if len(plan.phases) > 1 else "rm_summary_one",
        start=plan.start.isoformat(),
        source=t("rm_source_answers" if plan.dated_from_answers else "rm_source_today"),
        months=months,
        n=len(plan.phases),
        actions=len(plan.actions()),
        horizon=horizon,
    )
)
overdue = plan.overdue(today)
cols = st.columns(2)
cols[0].metric(
    t("rm_metric_done"), f"{sum(a.tracking.status == 'done' for a in plan.actions())} / {len(plan.actions())}"
)
cols[1].metric(t("rm_metric_overdue"), len(overdue))
if plan.compliance_first:
    st.warning(t("rm_compliance_first"), icon=":material/gpp_maybe:")
if plan.missing_licences:
    licences = join_clauses(option_label(roadmap.licence_question, v) for v in plan.missing_licences)
    st.info(t("rm_licence_gate", licences=licences), icon=":material/badge:")
if overdue:
    st.error(t("rm_overdue", n=len(overdue), titles=plan_editor.overdue_titles(overdue, lang)))

phases, milestones = plan_charts.gantt_data(plan, roadmap.milestones, lang)  # report years: reference only
labels = {
    "counts_title": t("col_actions"),
    "start_label": t("rm_gantt_start"),
    "report_title": t("rm_gantt_report_title"),
    "phase_title": t("rm_tt_phase"),
    "start_title": t("rm_col_start"),
    "end_title": t("rm_tt_end"),
    "depth_title": t("rm_tt_depth"),
}
st.altair_chart(plan_charts.gantt(phases, milestones, plan.start.isoformat(), labels), width="stretch")
st.caption(t("rm_reference_caption"))

# ---------------------------------------------------------------- detail, folded into tabs
tab_names = [
    f"{p.phase.short.get(lang)}（{len(p.actions)}）"
    if lang == "zh"
    else f"{p.phase.short.get(lang)} ({len(p.actions)})"
    for p in plan.phases
]
tabs = st.tabs([*tab_names, t("rm_tab_progress"), t("rm_tab_reference")])
changed = False
for tab, planned_phase in zip(tabs, plan.phases, strict=False):
    phase = planned_phase.phase
    with tab:
        st.caption(
            t(
                "rm_phase_dates",
                start=planned_phase.start.isoformat(),
                end=planned_phase.end.isoformat(),
                ry=f"{phase.start}–{phase.end}",
                ref=phase.ref,
            )
            + " · "
            + phase.depth.get(lang)
        )
        before = dict(st.session_state[state.PLAN])
        edited = st.data_editor(
            plan_editor.frame(planned_phase, owners, why, lang),
            key=state.widget_key(f"plan_editor_{phase.id}"),
            column_config=plan_editor.column_config(),
            hide_index=True,
            num_rows="fixed",
            width="stretch",
        )
        for title in plan_editor.tracking_from(edited, planned_phase, owners, lang):
            st.warning(t("rm_due_before_start", title=title))
        changed = changed or st.session_state[state.PLAN] != before
        st.caption(t("rm_editor_help"))
        with st.expander(t("rm_details", n=len(planned_phase.actions))):
            for a in planned_phase.actions:
                lead = t("rm_kind_sustain") + a.action.sustain.get(lang) if a.kind == "sustain" else ""
                st.markdown(f"**{a.action.title.get(lang)}** — {lead or a.action.detail.get(lang)}")
                st.caption(join_clauses(why_one(trig) for trig in a.triggers) + f" · {a.action.ref}")
                st.markdown(
                    "\n".join(
                        t(
                            "rm_kpi_line",
                            metric=k.metric.get(lang),
                            target=k.target.get(lang)
                            + (
                                f"（{t('rm_kpi_own')}）"
                                if k.from_firm and lang == "zh"
                                else f" ({t('rm_kpi_own')})"
                                if k.from_firm
                                else ""
                            ),
                            due=k.due.isoformat(),
                        )
                        for k in a.kpis
                    )
                )
if changed:
    st.rerun()  # the summary above counts done and overdue from the saved tracking

with tabs[len(plan.phases)]:
    st.markdown(t("rm_progress_intro"))
    upload = st.file_uploader(t("rm_progress_upload"), type=["yaml", "yml", "json"], key="rm_progress_file")
    if upload is not None:
        try:
            earlier = assess(q, answers_from_bytes(upload.getvalue(), upload.name, q))
        except InputError as exc:
            st.error(exc.text(lang))
        else:
            rows = compare.action_progress(earlier, result, today)
            st.markdown(t("rm_progress_counts", **compare.progress_counts(rows)))
            labels_status = plan_editor.status_labels()
            titles = {a.id: a.action.title.get(lang) for a in plan.actions()}
            st.markdown(f"**{t('rm_progress_header')}**")
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("rm_col_action"): titles[r.action_id],
                            t("rm_col_before"): labels_status[r.before]
                            if r.before
                            else t("rm_not_planned_then"),
                            t("rm_col_after"): labels_status[r.after],
                            t("rm_col_due"): r.due.isoformat(),
                            t("rm_metric_overdue"): "⚠" if r.overdue else "",
                        }
                        for r in rows
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            st.markdown(f"**{t('rm_scores_header')}**")
            names = {d.id: d.name.get(lang) for d in q.dimensions}
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("col_dimension"): names.get(c.id, t(f"index_{c.id}")),
                            t("rm_col_earlier"): compare.fmt(c.before, c.kind),
                            t("rm_col_now"): compare.fmt(c.after, c.kind),
                            t("rm_col_change"): compare.fmt(c.delta, c.kind, signed=True),
                        }
                        for c in compare.changes(earlier, result)
                    ]
                ),
                hide_index=True,
                width="stretch",
            )

with tabs[len(plan.phases) + 1]:
    left = sorted(plan.left_out, key=lambda x: x.reason.kind != "has")  # what the firm has, first
    if left:
        with st.expander(t("rm_left_header", n=len(left))):
            st.caption(t("rm_left_intro"))
            st.markdown("\n".join(f"- **{x.action.title.get(lang)}** — {why_one(x.reason)}" for x in left))
    with st.expander(t("rm_milestones_header")):
        st.caption(t("rm_reference_caption"))
        st.markdown(
            "\n".join(
                f"- **{m.year}** {m.label.get(lang)}（{m.ref}）"
                if lang == "zh"
                else f"- **{m.year}** {m.label.get(lang)} ({m.ref})"
                for m in roadmap.milestones
            )
        )
    with st.expander(t("investment_header")):
        for priority in roadmap.investment_priorities:
            scores = join_clauses(
                f"{q.dimension(d).name.get(lang)} {round(result.dimensions[d].score)}"
                for d in priority.dimensions
                if result.dimensions[d].score is not None
            )
            st.markdown(f"**{priority.name.get(lang)}** — {priority.summary.get(lang)}")
            if scores:
                st.caption(t("investment_scores", dims=scores) + t("report_ref", ref=priority.ref))

layout.disclaimer()
widgets.next_step("roadmap")
