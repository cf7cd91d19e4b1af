"""战略建议 Strategy: the recommended type, the fit of every type, what drove it and what would flip it."""

import streamlit as st

from reporting import charts
from ui import layout, state, widgets
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
                    st.markdown(
                        f"- {question.text.get(lang)} → *{widgets.answer_label(question, value, lang)}*"
                    )
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
                    frm=widgets.answer_label(question, answer.from_value, lang),
                    to=widgets.answer_label(question, answer.to_value, lang),
                    type=q.strategy_type(answer.to).name.get(lang),
                )
            )
        if not flip and not answer:
            st.write(t("flip_none"))
        st.caption(t("flip_explain"))

st.caption(t("disclaimer"))
