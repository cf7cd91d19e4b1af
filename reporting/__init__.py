"""Presentation built from model results without Streamlit: Altair charts, reports, exports."""
