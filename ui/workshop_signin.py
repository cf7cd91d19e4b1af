"""Optional facilitator sign-in (st.login, OIDC) for hosted deployments: only when the app's secrets
have an [auth] section. A signed-in facilitator's new workshops carry their identity, and they can
reopen them from the list here without the private link. Without [auth] none of this shows."""

from __future__ import annotations

import streamlit as st

from reporting import escape
from storage import AccessDenied, StorageError
from storage import workshops as store
from ui import layout
from ui import workshop_common as common
from ui.i18n import t


def configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no or broken secrets.toml: no sign-in (and the page keeps working)
        return False


def owner() -> str | None:
    """ "issuer|subject" of the signed-in facilitator, or None."""
    if not configured():
        return None
    try:
        user = st.user
        if not user.is_logged_in:
            return None
        return f"{user.get('iss', '')}|{user.get('sub', '')}" if user.get("sub") else None
    except Exception:  # auth misconfigured: behave as signed out
        return None


def panel() -> None:
    """Sign in / out, and the signed-in facilitator's workshops."""
    if not configured():
        return
    with st.container(border=True, key="ws_signin_panel"):
        me = owner()
        if me is None:
            st.markdown(f"**{t('ws_signin_header')}**")
            st.caption(t("ws_signin_help"))
            if st.button(t("ws_signin"), icon=":material/login:", key="ws_signin"):
                st.login()
            return
        who = st.user.get("email") or st.user.get("name") or st.user.get("sub")
        st.markdown(f"**{t('ws_signed_in_as', who=escape.md(str(who)))}**")
        try:
            mine = store.owned_workshops(common.engine(), me)
        except StorageError as exc:
            st.error(common.store_error(exc))
            mine = []
        if not mine:
            st.caption(t("ws_my_workshops_none"))
        for workshop in mine:
            row = st.columns([3, 1], vertical_alignment="center")
            row[0].markdown(
                f"{escape.md(workshop.title)}  \n:gray[{common.stamp(workshop.created_at)} · "
                f"{t('ws_round_badge', n=workshop.round)}]"
            )
            row[1].button(
                t("ws_open_workshop"),
                key=f"ws_open_{workshop.id}",
                on_click=_open,
                args=(workshop.id, me),
                width="stretch",
            )
        st.caption(t("ws_reopen_rotates_key"))
        if st.button(t("ws_signout"), icon=":material/logout:", key="ws_signout"):
            st.logout()


def _open(workshop_id: str, me: str) -> None:
    try:
        key = store.reissue_key(common.engine(), workshop_id, me)
    except (AccessDenied, StorageError) as exc:
        layout.flash("error", common.store_error(exc) if isinstance(exc, StorageError) else t("ws_bad_key"))
        return
    st.session_state[common.FACILITATOR] = {"id": workshop_id, "key": key}
