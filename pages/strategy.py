"""战略建议 Strategy: the recommended type (or a close call), the fit of every type, what drove it, what
would really change it, what binds it (compliance, licences, completeness) and the cooperation modes."""

import streamlit as st

from reporting import charts, plan_charts
from reporting.labels import answer_label
from ui import layout, state, widgets
from ui.i18n import current_lang, join, t

lang = current_lang()
q = state.questionnaire()
result = state.result()
rec = result.strategy


def type_name(tid: str) -> str:
    return q.strategy_type(tid).name.get(lang)


def dim_name(d: str) -> str:
    return t("niche_name") if d == "niche" else q.dimension(d).name.get(lang)


def shown(question, value) -> str:
    """An answer as the reader knows it; an unanswered question reads 未作答 / unanswered."""
    return t("unanswered_value") if value is None else answer_label(question, value, lang)


st.title(t("page_strategy"))
layout.confidence_marker(rec)

if result.compliance_first:
    cap = next(b for b in q.readiness_bands.bands if b.id == q.compliance_gate.band_cap)
    risks = {r.id: r.name.get(lang) for r in q.risk_register.risks}
    st.error(
        t(
            "compliance_first",
            risks=join(risks[r] for r in result.gates.gate_risks),
            band=cap.name.get(lang),
            ref=q.compliance_gate.ref,
        )
    )

if rec.provisional:
    missing = join(
        t("dimension_not_counted", dim=dim_name(d), answered=s.answered, total=s.total)
        for d, s in result.dimensions.items()
        if d in rec.missing_dimensions
    )
    st.warning(t("strategy_provisional", dims=missing))
    if st.button(t("to_assessment"), icon=":material/checklist:"):
        st.switch_page(layout.page("assessment"))
elif rec.close_call:
    a, b = rec.between
    with st.container(border=True):
        st.caption(t("recommended_type"))
        st.header(t("close_call_header", a=type_name(a), b=type_name(b)), anchor=False)
        st.markdown(
            t("close_call_body", margin=f"{rec.margin:.3f}", limit=f"{q.strategy.close_call_margin:g}")
        )
        if rec.decider:
            st.markdown(
                t(
                    "close_call_decider",
                    dim=dim_name(rec.decider.dimension),
                    frm=rec.decider.from_score,
                    to=rec.decider.to_score,
                    b=type_name(b),
                )
            )
        else:
            st.markdown(t("close_call_no_decider"))
        for tid in (a, b):
            st.markdown(f"**{type_name(tid)}** · {q.strategy_type(tid).summary.get(lang)}")
else:
    top = q.strategy_type(rec.recommended)
    with st.container(border=True):
        st.caption(t("recommended_type"))
        st.header(f"{top.name.get(lang)} · {top.slogan.get(lang)}", anchor=False)
        st.markdown(top.summary.get(lang))
        st.caption(t("report_ref", ref=top.ref))
for tid in rec.blocked_types:
    st.caption(t("blocked_type_note", name=type_name(tid)))
if not rec.provisional and rec.cross_border_extension:
    st.info(
        f"**{q.cross_border.name.get(lang)}** — {t('cross_border_on')} {t('report_ref', ref=q.cross_border.ref)}"
    )
if result.region:
    region_q = q.question(q.regions.question)
    st.info(
        f"**{t('region_header', region=region_q.option(result.region.value).label.get(lang))}** — "
        f"{result.region.context.get(lang)} {t('report_ref', ref=result.region.ref)}"
    )

# the decision is above; its detail folds into tabs: the modes to start with, the reasons, every fit
modes_tab, why_tab, fit_tab = st.tabs([t("modes_header"), t("why_tab"), t("fit_header")])
with modes_tab:
    if result.modes:
        families = {
            "equity": t("family_equity"),
            "alliance": t("family_alliance"),
            "platform": t("family_platform"),
        }
        rows = [
            {"name": m.mode.name.get(lang), "fit": m.fit, "eligible": m.eligible, "rank": i}
            for i, m in enumerate(result.modes, start=1)
            if m.assessed
        ]
        if rows:
            st.altair_chart(plan_charts.mode_bars(rows, t("fit_axis")), width="stretch")
        st.caption(t("modes_explain"))
        eligible = [m for m in result.modes if m.eligible]
        if not eligible:
            st.warning(t("no_eligible_modes"))
        for i, fit in enumerate(eligible[:3], start=1):
            mode = fit.mode
            # the first mode open, the next two folded: the decision first, the detail on demand
            box = (
                st.container(border=True, key=f"mode_{mode.id}")
                if i == 1
                else st.expander(f"{i}. {mode.name.get(lang)} · {round(fit.fit * 100)}")
            )
            with box:
                st.markdown(
                    (f"#### {i}. {mode.name.get(lang)}  \n" if i == 1 else "")
                    + t("mode_meta", family=families[mode.family], fit=round(fit.fit * 100), ref=mode.ref)
                )
                st.markdown(mode.summary.get(lang))
                why = [
                    t("mode_why_dimension", dim=dim_name(d), score=round(result.dimensions[d].score or 0))
                    for d, _ in fit.contributions[:2]
                ]
                if fit.type_bonus > 0 and rec.recommended:
                    why.append(t("mode_why_type", type=type_name(rec.recommended)))
                if fit.cross_border_bonus > 0:
                    why.append(t("mode_why_cross_border"))
                if fit.region_bonus > 0:
                    why.append(t("mode_why_region"))
                st.markdown(f"**{t('mode_why')}** " + join(why))
                c1, c2, c3 = st.columns(3)
                c1.markdown(
                    f"**{t('mode_strengths')}**\n" + "\n".join(f"- {x.get(lang)}" for x in mode.strengths)
                )
                c2.markdown(f"**{t('mode_risks')}**\n" + "\n".join(f"- {x.get(lang)}" for x in mode.risks))
                c3.markdown(
                    f"**{t('mode_first_steps')}**\n"
                    + "\n".join(f"1. {x.get(lang)}" for x in mode.first_steps)
                )
                st.caption(mode.example.get(lang))  # the content already says it is the report's example

        licence_q = q.question(q.compliance_gate.licence_question)
        needs_licence = [m for m in result.modes if m.status == "licence"]
        if needs_licence:
            with st.expander(t("modes_licence", n=len(needs_licence))):
                for fit in needs_licence:
                    names = join(licence_q.option(v).label.get(lang) for v in fit.missing_licences)
                    st.markdown(t("licence_line", name=fit.mode.name.get(lang), licences=names))
        gated = [m for m in result.modes if m.status in ("unmet", "blocked")]
        if gated:
            with st.expander(t("modes_gated", n=len(gated))):
                for fit in gated:
                    reasons = [t("blocked_reason")] if fit.blocked else []
                    for unmet in fit.unmet:
                        pre = next(p for p in fit.mode.preconditions if p.dimension == unmet.dimension)
                        reasons.append(
                            f"{pre.reason.get(lang)} "
                            + t("precondition_gap", score=round(unmet.score), min=f"{unmet.min:g}")
                        )
                    st.markdown(t("gated_line", name=fit.mode.name.get(lang), reasons=join(reasons)))
        unassessed = [m for m in result.modes if m.status == "not_assessed"]
        if unassessed:
            with st.expander(t("modes_not_assessed", n=len(unassessed))):
                for fit in unassessed:
                    dims = join(dim_name(d) for d in fit.missing_inputs)
                    st.markdown(t("not_assessed_line", name=fit.mode.name.get(lang), dims=dims))
    if not result.modes:
        st.info(t("no_eligible_modes"))
with why_tab:
    if not rec.provisional:
        left, right = st.columns(2)
        with left:
            st.subheader(t("drivers_header"))
            if not rec.drivers:
                st.write(t("no_drivers"))
            for driver in rec.drivers:
                with st.container(border=True):
                    st.markdown(t("driver_line", dim=dim_name(driver.dimension), score=round(driver.score)))
                    for qid, value, _score in driver.questions:
                        question = q.question(qid)
                        st.markdown(f"- {question.text.get(lang)} → *{shown(question, value)}*")
            if rec.shortfalls:
                st.markdown(
                    f"**{t('shortfalls_header')}**\n"
                    + "\n".join(
                        t("shortfall_line", dim=dim_name(f.dimension), score=round(f.score), min=f"{f.min:g}")
                        for f in rec.shortfalls
                    )
                )
        with right:
            st.subheader(t("flip_header"))
            flip = rec.dimension_flip
            if flip:
                st.markdown(
                    t(
                        "flip_dimension",
                        dim=dim_name(flip.dimension),
                        frm=flip.from_score,
                        to=flip.to_score,
                        type=type_name(flip.to),
                    )
                )
            answer = rec.answer_flip
            if answer:
                question = q.question(answer.question)
                st.markdown(
                    t(
                        "flip_answer",
                        question=question.text.get(lang),
                        frm=shown(question, answer.from_value),
                        to=shown(question, answer.to_value),
                        type=type_name(answer.to),
                    )
                )
            if not flip and not answer:
                st.write(t("flip_none"))
            st.caption(t("flip_explain"))
    if rec.provisional:
        st.info(t("why_provisional"))
with fit_tab:
    rows = [{"id": tid, "name": type_name(tid), "fit": rec.fits[tid]} for tid in rec.ranking]
    st.altair_chart(charts.fit_bars(rows, rec.recommended, t("fit_axis")), width="stretch")
    st.caption(t("fit_explain"))

layout.disclaimer()
widgets.next_step("strategy")
