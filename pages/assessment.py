"""能力评估 Assessment: one section per dimension (plus operating metrics), progress, jump to gaps."""

import streamlit as st

from model.content.schema import DIMENSION_IDS
from ui import migration_notice, state, widgets
from ui.i18n import current_lang, t

SECTIONS = (*DIMENSION_IDS, "metrics")

lang = current_lang()
q = state.questionnaire()
answers = state.answers()
ss = st.session_state
ss.setdefault(state.SECTION, SECTIONS[0])


def unanswered(section: str) -> list:
    return [x for x in q.questions_in(section) if x.id not in answers]


def go(section: str) -> None:
    ss[state.SECTION] = section


def handover(section: str) -> None:
    """Questions whose facts sit with another department, numbered as on the page, so a workshop can hand
    them over."""
    st.markdown(f"**{t('handover_header')}**")
    marked = [(i, x) for i, x in enumerate(q.questions_in(section), start=1) if x.department]
    lines = [t("handover_item", n=i, department=t(f"department_{x.department}")) for i, x in marked]
    st.caption("  \n".join(lines) if lines else t("handover_none"))


st.title(t("page_assessment"))
migration_notice.render(go=go, expanded=False)


# Three levels of rerun, so that a click redraws as little as it changes: answering reruns only that
# question (ui.widgets), plus the progress and the gap counts when a question becomes answered; moving to
# another section reruns the section; nothing here reruns the whole app (sidebar, navigation).
BODY, NAV, GAPS = "assessment_body", "assessment_nav", "assessment_gaps"


def go_and_redraw(section: str) -> None:
    go(section)
    st.rerun(BODY)  # from a nested fragment: the section around it changes


@st.fragment(key=NAV)
def navigator() -> None:
    scored = [x for s in DIMENSION_IDS for x in q.questions_in(s)]
    done = sum(1 for x in scored if x.id in answers)
    st.progress(done / len(scored), text=t("assessment_progress", done=done, total=len(scored)))
    widgets.section_picker(q, SECTIONS, ss[state.SECTION], go_and_redraw, key="section_pick")


@st.fragment(key=GAPS)
def gap_panel() -> None:
    gaps = [(s, unanswered(s)) for s in SECTIONS]
    open_total = sum(len(g) for s, g in gaps if s in DIMENSION_IDS)
    with st.container(border=True):
        st.markdown(f"**{t('unanswered_header')}**")
        if open_total == 0:
            st.success(t("all_answered"))
            return
        first = next(s for s, g in gaps if g)
        st.button(
            t("jump_unanswered", n=open_total),
            icon=":material/skip_next:",
            on_click=go_and_redraw,
            args=(first,),
            key="jump_first_unanswered",
        )
        lines = [t("gap_count", name=q.section_name(s).get(lang), n=len(g)) for s, g in gaps if g]
        st.caption("  \n".join(lines))


@st.fragment(key=BODY)
def section_body() -> None:
    navigator()
    current = ss[state.SECTION]
    left, right = st.columns([3, 1])
    with left:
        widgets.section(q, current, redraw=widgets.Redraw(counts=(NAV, GAPS)))

        last = widgets.section_pager(SECTIONS, current, go)
        if last is not None and last.button(t("see_results"), type="primary", icon=":material/radar:"):
            st.switch_page("pages/results.py")

    with right:
        gap_panel()
        to_review = migration_notice.numbers_in(current)
        if to_review:
            with st.container(border=True, key="review_here"):
                st.markdown(f"**{t('review_here_header')}**")
                st.caption(t("review_here", numbers=t("review_number_sep").join(str(n) for n in to_review)))
        with st.container(border=True, key="handover"):
            handover(current)


section_body()
widgets.next_step("assessment")
