"""BrokerEco · 券商生态合作自评 — the router: page setup, navigation and the shared sidebar only."""

import streamlit as st

from model.errors import QuestionnaireError
from ui import layout, state

st.set_page_config(page_title="BrokerEco · 券商生态合作自评", page_icon="📊", layout="wide")
state.init()
try:
    state.questionnaire()
except QuestionnaireError as exc:
    layout.broken_content(exc)
    st.stop()

navigation = st.navigation(layout.pages())
layout.sidebar()
navigation.run()
