"""BrokerEco · 券商生态合作自评 — the router: page setup, navigation and the shared sidebar only."""

import streamlit as st

from model.errors import QuestionnaireError
from ui import autosave, layout, share_view, state, workshop_common

st.set_page_config(page_title="BrokerEco · 券商生态合作自评", page_icon="📊", layout="wide")
layout.style()
st.session_state[state.ROUTED] = True  # pages reached without this router (a deep link) come back here
state.init()
try:
    state.questionnaire()
except QuestionnaireError as exc:
    layout.broken_content(exc)
    st.stop()

autosave.restore()  # ?draft=<id>: a reload or a reopened tab gets the saved work back

focused = workshop_common.focused()  # a workshop participant sees their questionnaire alone
navigation = st.navigation(layout.pages(), position="hidden" if focused else "sidebar")
st.session_state[state.PAGE] = navigation.url_path
share_view.handle_shared_link(navigation)  # ?a=<token> opens a read-only view, own work untouched
layout.forward_deep_link(navigation)  # ?join= / ?workshop= links land on the workshop page
if not focused:
    layout.sidebar(navigation.url_path)
    with st.sidebar:
        autosave.controls()
layout.show_flash()  # a message left by the last action (loaded a file, started over) on the page it led to
try:
    navigation.run()
finally:  # also after st.stop / st.switch_page inside the page
    autosave.save()
