"""How answers read to a person (option labels, numbers with units), without Streamlit."""

from __future__ import annotations

from typing import Any

from model.content.schema import Question
from model.text import join


def answer_label(question: Question, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if question.type == "number":
        unit = f" {question.unit.get(lang)}" if question.unit else ""
        return f"{value:g}{unit}"
    values = value if isinstance(value, list) else [value]
    return join((question.option(v).label.get(lang) for v in values if question.option(v)), lang)
