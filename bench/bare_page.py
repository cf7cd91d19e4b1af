"""A bare Streamlit page for bench/bench.py: the widgets of the Assessment page's first section (capital:
six st.radio questions with four options each) and nothing else — no model, no sidebar, no navigation.
The app's rerun time is compared with this page's to see what the app adds on top of Streamlit itself."""

import streamlit as st

OPTION_COUNTS = (4, 4, 4, 4, 4, 5)  # capital: cap_scale_tier … cap_vam_terms (questionnaire v2)

st.title("Bare page")
for i, count in enumerate(OPTION_COUNTS, start=1):
    st.radio(
        f"**{i}. Question {i}**",
        list(range(count)),
        index=None,
        format_func=lambda v: f"Option {v + 1}",
        key=f"q{i}",
    )
