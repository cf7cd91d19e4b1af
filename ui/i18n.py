"""UI strings in both languages (ui/strings.yaml); content texts come from the questionnaire."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st
import yaml

STRINGS_PATH = Path(__file__).with_name("strings.yaml")
LANGS = ("zh", "en")


@cache
def strings() -> dict[str, dict[str, str]]:
    with STRINGS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def tr(key: str, lang: str, **params) -> str:
    text = strings()[key][lang]
    return text.format(**params) if params else text


def current_lang() -> str:
    lang = st.session_state.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def t(key: str, **params) -> str:
    """The string `key` in the user's language."""
    return tr(key, current_lang(), **params)
