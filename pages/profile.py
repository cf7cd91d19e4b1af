"""机构画像 Profile: institution facts. They do not score, but they shape the recommendation."""

import streamlit as st

from ui import state, widgets
from ui.i18n import t


def _sync_name(key: str) -> None:
    name = (st.session_state.get(key) or "").strip()[:200]
    if name:
        st.session_state[state.META]["name"] = name
    else:
        st.session_state[state.META].pop("name", None)


q = state.questionnaire()
st.title(t("page_profile"))
st.markdown(t("profile_intro"))

key = state.widget_key("institution_name")
st.text_input(
    t("institution_name"),
    value=st.session_state[state.META].get("name", ""),
    max_chars=200,
    placeholder=t("institution_name_placeholder"),
    key=key,
    on_change=_sync_name,
    args=(key,),
)
for i, question in enumerate(q.questions_in("profile"), start=1):
    widgets.question(question, i)
    if question.department:  # facts held by another department: say whom to ask
        st.caption(t("handover_line", department=t(f"department_{question.department}")))

widgets.next_step("profile")
