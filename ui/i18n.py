"""UI strings in both languages (ui/strings.yaml); content texts come from the questionnaire."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st
import yaml

# ui/strings.yaml plus one ui/strings_<feature>.yaml per feature, merged; a key may be defined once.
STRINGS_FILES = sorted(Path(__file__).parent.glob("strings*.yaml"))
LANGS = ("zh", "en")


@cache
def strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in STRINGS_FILES:
        with path.open(encoding="utf-8") as fh:
            for key, texts in (yaml.safe_load(fh) or {}).items():
                if key in merged:
                    raise ValueError(f"{path.name}: string key '{key}' is defined twice")
                merged[key] = texts
    return merged


def tr(key: str, lang: str, **params) -> str:
    text = strings()[key][lang]
    return text.format(**params) if params else text


def current_lang() -> str:
    lang = st.session_state.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def t(key: str, **params) -> str:
    """The string `key` in the user's language."""
    return tr(key, current_lang(), **params)
