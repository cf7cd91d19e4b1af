"""Shared UI helpers for the Streamlit pages (state, translations, widgets, charts)."""
