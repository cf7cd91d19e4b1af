"""The list of questions to look at again after answers of an older questionnaire version were opened
(a file, an example or a share link). The Assessment page shows it; Home and the share view can too:
`migration_notice.render()` — one line, it renders nothing when there is nothing to review."""

from __future__ import annotations

import streamlit as st

from model.content.schema import DIMENSION_IDS
from reporting.escape import md
from ui import state
from ui.i18n import current_lang, t


def pending() -> tuple[int, tuple] | None:
    """(old version, review items) of the answers in this session, or None."""
    return st.session_state.get(state.REVIEW)


def of(answer_set) -> tuple[int, tuple] | None:
    """The same for an answer set not adopted yet (the share view shows a stranger's link)."""
    return (answer_set.migrated_from, answer_set.review) if answer_set.migrated_from else None


def render(go=None, found: tuple[int, tuple] | None = None, expanded: bool = True) -> None:
    """The session's review list, or `found` (see `of`). `go(section)`: when given, each section gets a
    button that opens it (the Assessment page)."""
    found = found if found is not None else pending()
    if not found:
        return
    old, items = found
    q = state.questionnaire()
    lang = current_lang()
    with st.expander(
        t("review_title", old=old, new=q.version, n=len({r.question for r in items if r.question})),
        expanded=expanded,
        icon=":material/update:",
    ):
        st.caption(t("review_intro"))
        by_section: dict[str, list] = {}
        new, removed = [], []
        for r in items:
            if r.question is None:
                removed.append(r)
            elif r.kind == "new":
                new.append(r)
            else:
                by_section.setdefault(q.question(r.question).dimension, []).append(r)
        order = ["profile", *DIMENSION_IDS, "metrics"]
        for section in sorted(by_section, key=order.index):
            st.markdown(f"**{md(q.section_name(section).get(lang))}**")
            for r in by_section[section]:
                st.markdown(f"- {md(q.question(r.question).text.get(lang))}")
                st.caption(md(r.reason.get(lang)))
            if go and section != "profile":
                st.button(
                    t("review_go", name=q.section_name(section).get(lang)),
                    key=f"review_go_{section}",
                    on_click=go,
                    args=(section,),
                )
        if new:
            st.markdown(f"**{t('review_new_header')}**")
            for r in new:
                x = q.question(r.question)
                st.markdown(f"- {md(q.section_name(x.dimension).get(lang))} · {md(x.text.get(lang))}")
        if removed:
            st.markdown(f"**{t('review_removed_header')}**")
            for r in removed:
                st.caption(md(r.reason.get(lang)))
        if found is pending():
            st.button(t("review_dismiss"), key="review_dismiss", on_click=dismiss)


def numbers_in(section: str) -> list[int]:
    """Positions (as numbered on the page) of the questions of `section` on the session's review list."""
    found = pending()
    if not found:
        return []
    ids = {r.question for r in found[1]}
    return [i for i, x in enumerate(state.questionnaire().questions_in(section), start=1) if x.id in ids]


def dismiss() -> None:
    st.session_state[state.REVIEW] = None
