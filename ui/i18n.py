"""UI strings in both languages (ui/strings*.yaml); content texts come from the questionnaire."""

from __future__ import annotations

import streamlit as st

from model import text
from reporting.texts import strings  # merged from ui/strings*.yaml; a key may be defined once

LANGS = ("zh", "en")


def tr(key: str, lang: str, **params) -> str:
    text = strings()[key][lang]
    return text.format(**params) if params else text


def current_lang() -> str:
    lang = st.session_state.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def join(items) -> str:
    """A list in the user's language: 甲、乙 / a, b (model.text.join)."""
    return text.join(items, current_lang())


def join_clauses(items) -> str:
    """Clauses in the user's language: 甲；乙 / a; b (model.text.join_clauses)."""
    return text.join_clauses(items, current_lang())


def t(key: str, **params) -> str:
    """The string `key` in the user's language."""
    return tr(key, current_lang(), **params)
