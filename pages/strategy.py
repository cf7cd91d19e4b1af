"""战略建议 Strategy: the recommended type, the fit of every type, what drove it and what would flip it."""

import streamlit as st

from reporting import charts, plan_charts
from reporting.labels import answer_label
from ui import layout, state
from ui.i18n import current_lang, t

lang = current_lang()
q = state.questionnaire()
result = state.result()
rec = result.strategy

st.title(t("page_strategy"))
if rec.provisional:
    names = (
        "、".join(q.dimension(d).name.get(lang) for d in rec.missing_dimensions)
        if lang == "zh"
        else ", ".join(q.dimension(d).name.get(lang) for d in rec.missing_dimensions)
    )
    st.warning(t("strategy_provisional", dims=names))
    if st.button(t("to_assessment"), icon=":material/checklist:"):
        st.switch_page(layout.page("assessment"))
else:
    top = q.strategy_type(rec.recommended)
    with st.container(border=True):
        st.caption(t("recommended_type"))
        st.header(f"{top.name.get(lang)} · {top.slogan.get(lang)}", anchor=False)
        st.markdown(top.summary.get(lang))
        st.caption(t("report_ref", ref=top.ref))
    if rec.cross_border_extension:
        st.info(
            f"**{q.cross_border.name.get(lang)}** — {t('cross_border_on')} {t('report_ref', ref=q.cross_border.ref)}"
        )

rows = [{"id": tid, "name": q.strategy_type(tid).name.get(lang), "fit": rec.fits[tid]} for tid in rec.ranking]
st.subheader(t("fit_header"))
st.altair_chart(charts.fit_bars(rows, rec.recommended, t("fit_axis")), width="stretch")
st.caption(t("fit_explain"))

if not rec.provisional:
    left, right = st.columns(2)
    with left:
        st.subheader(t("drivers_header"))
        if not rec.drivers:
            st.write(t("no_drivers"))
        for driver in rec.drivers:
            dim = q.dimension(driver.dimension)
            with st.container(border=True):
                st.markdown(t("driver_line", dim=dim.name.get(lang), score=round(driver.score)))
                for qid, value, _score in driver.questions:
                    question = q.question(qid)
                    st.markdown(f"- {question.text.get(lang)} → *{answer_label(question, value, lang)}*")
    with right:
        st.subheader(t("flip_header"))
        flip = rec.dimension_flip
        if flip:
            st.markdown(
                t(
                    "flip_dimension",
                    dim=q.dimension(flip.dimension).name.get(lang),
                    frm=round(flip.from_score),
                    to=round(flip.to_score),
                    type=q.strategy_type(flip.to).name.get(lang),
                )
            )
        answer = rec.answer_flip
        if answer:
            question = q.question(answer.question)
            st.markdown(
                t(
                    "flip_answer",
                    question=question.text.get(lang),
                    frm=answer_label(question, answer.from_value, lang),
                    to=answer_label(question, answer.to_value, lang),
                    type=q.strategy_type(answer.to).name.get(lang),
                )
            )
        if not flip and not answer:
            st.write(t("flip_none"))
        st.caption(t("flip_explain"))

if result.modes:
    st.subheader(t("modes_header"))
    families = {
        "equity": t("family_equity"),
        "alliance": t("family_alliance"),
        "platform": t("family_platform"),
    }
    rows = [
        {"name": m.mode.name.get(lang), "fit": m.fit, "eligible": m.eligible, "rank": i}
        for i, m in enumerate(result.modes, start=1)
    ]
    st.altair_chart(plan_charts.mode_bars(rows, t("fit_axis")), width="stretch")
    st.caption(t("modes_explain"))
    for i, fit in enumerate(result.modes[:3], start=1):
        mode = fit.mode
        with st.container(border=True, key=f"mode_{mode.id}"):
            st.markdown(
                f"#### {i}. {mode.name.get(lang)}  \n"
                + t("mode_meta", family=families[mode.family], fit=round(fit.fit * 100), ref=mode.ref)
            )
            st.markdown(mode.summary.get(lang))
            why = [
                t(
                    "mode_why_dimension",
                    dim=q.dimension(d).name.get(lang),
                    score=round(result.dimensions[d].score or 0),
                )
                for d, _ in fit.contributions[:2]
            ]
            if fit.type_bonus > 0:
                why.append(t("mode_why_type", type=q.strategy_type(rec.recommended).name.get(lang)))
            if fit.cross_border_bonus > 0:
                why.append(t("mode_why_cross_border"))
            st.markdown(f"**{t('mode_why')}** " + t("list_sep").join(why))
            c1, c2, c3 = st.columns(3)
            c1.markdown(
                f"**{t('mode_strengths')}**\n" + "\n".join(f"- {x.get(lang)}" for x in mode.strengths)
            )
            c2.markdown(f"**{t('mode_risks')}**\n" + "\n".join(f"- {x.get(lang)}" for x in mode.risks))
            c3.markdown(
                f"**{t('mode_first_steps')}**\n" + "\n".join(f"1. {x.get(lang)}" for x in mode.first_steps)
            )
            st.caption(f"{t('mode_example')}{mode.example.get(lang)}")
    gated = [m for m in result.modes if not m.eligible]
    if gated:
        with st.expander(t("modes_gated", n=len(gated))):
            for fit in gated:
                reasons = []
                for unmet in fit.unmet:
                    pre = next(p for p in fit.mode.preconditions if p.dimension == unmet.dimension)
                    score = "—" if unmet.score is None else round(unmet.score)
                    reasons.append(
                        f"{pre.reason.get(lang)} " + t("precondition_gap", score=score, min=f"{unmet.min:g}")
                    )
                st.markdown(
                    t("gated_line", name=fit.mode.name.get(lang), reasons=t("list_sep").join(reasons))
                )

layout.disclaimer()
