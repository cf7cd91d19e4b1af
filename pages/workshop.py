"""工作坊 Workshop: create a session, join one with a code, or facilitate it.

`?workshop=<id>&key=<key>` is the facilitator's private link (the key moves into the session on the
first visit), `?join=<code>` the participants' link; a participant's identity is a cookie of their
browser. Views live in ui/workshop_*.py; SQL in storage/.
"""

from datetime import datetime, time, timedelta

import streamlit as st

from storage import BadText, StorageError, keys
from storage import workshops as store
from ui import layout, state, workshop_facilitator, workshop_participant, workshop_signin
from ui import workshop_common as common
from ui.i18n import LANGS, current_lang, t

state.init()  # also when Streamlit runs this file directly (a deep link on a freshly started server)
layout.show_flash()
st.title(t("page_workshop"))


def create_panel() -> None:
    with st.container(border=True, key="ws_create_panel"):
        st.markdown(f"**{t('ws_create_header')}**")
        st.caption(t("ws_create_help"))
        with st.form("ws_create_form", border=False):
            title = st.text_input(
                t("ws_title_label"), max_chars=store.MAX_TITLE, placeholder=t("ws_title_placeholder")
            )
            lang = st.radio(
                t("ws_lang_label"),
                LANGS,
                index=LANGS.index(current_lang()),
                format_func={"zh": "中文", "en": "English"}.__getitem__,
                horizontal=True,
            )
            anonymity = st.radio(
                t("ws_anonymity_label"),
                store.ANONYMITY,
                format_func={a: t(f"ws_anonymity_{a}") for a in store.ANONYMITY}.__getitem__,
                captions=[t(f"ws_anonymity_{a}_help") for a in store.ANONYMITY],
            )
            with_deadline = st.checkbox(t("ws_deadline_label"))
            day_col, time_col = st.columns(2)
            tomorrow = datetime.now(common.user_zone()) + timedelta(days=1)
            day = day_col.date_input(
                t("ws_deadline_day"), value=tomorrow.date(), min_value=tomorrow.date() - timedelta(days=1)
            )
            at = time_col.time_input(t("ws_deadline_time"), value=time(18, 0))
            created = st.form_submit_button(
                t("ws_create_button"), type="primary", icon=":material/add_circle:"
            )
    if not created:
        return
    if not title.strip():
        st.error(t("ws_title_missing"))
        return
    deadline = common.to_utc(datetime.combine(day, at)) if with_deadline else None
    if deadline is not None and deadline <= store.utcnow():
        st.error(t("ws_deadline_past"))
        return
    q = state.questionnaire()
    try:
        made = store.create_workshop(
            common.engine(), title, lang, q.id, q.version, deadline, anonymity, owner=workshop_signin.owner()
        )
    except BadText:
        st.error(t("ws_bad_text"))
        return
    except StorageError as exc:
        st.error(common.store_error(exc))
        return
    st.session_state[common.FACILITATOR] = {"id": made.workshop.id, "key": made.key}
    st.session_state[workshop_facilitator.JUST_CREATED] = True
    common.set_params()  # the key stays in the session, never in the address bar
    st.rerun()


def join_panel() -> None:
    with st.container(border=True, key="ws_join_panel"):
        st.markdown(f"**{t('ws_join_panel_header')}**")
        st.caption(t("ws_join_panel_help"))
        with st.form("ws_code_form", border=False):
            code = st.text_input(t("ws_code_label"), max_chars=9, placeholder="K7P 3QX")
            go = st.form_submit_button(t("ws_code_button"), icon=":material/login:")
    if not go:
        return
    normal = keys.normalise_code(code)
    if normal is None:
        st.error(t("ws_code_malformed", n=keys.CODE_LENGTH))
        return
    common.set_params(join=normal)
    st.rerun()


def entry() -> None:
    st.markdown(t("ws_intro"))
    left, right = st.columns(2, gap="large")
    with left:
        workshop_signin.panel()
        create_panel()
    with right:
        join_panel()
    st.caption(t("ws_storage_note"))


route = common.route()
shown = False
if route.kind == "facilitator":
    shown = workshop_facilitator.show(route.workshop_id, route.key)
elif route.kind == "join":
    shown = workshop_participant.show(route.code)
if not shown:
    entry()
