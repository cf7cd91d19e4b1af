"""分享的评估 Shared assessment: the read-only view of a share link (?a=<token>), at its own address.

The router sends every share link here (ui/share_view.py); the user's own answers are not touched until
"continue editing a copy" is pressed."""

import streamlit as st

from ui import layout, share_view
from ui.i18n import t

share_view.show_link_error()
if not share_view.render_shared(here=True):
    st.title(t("share_view_title"))
    st.info(t("share_view_none"))
    if st.button(t("home_start_button"), type="primary", icon=":material/play_arrow:"):
        st.switch_page(layout.page("home"))
