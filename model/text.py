"""Small text helpers every layer shares: list joining per language and bad values in messages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

LIST_SEPARATOR = {"zh": "、", "en": ", "}


def join(items: Iterable[object], lang: str) -> str:
    """A list in running text: 甲、乙、丙 / a, b, c."""
    return LIST_SEPARATOR.get(lang, ", ").join(str(item) for item in items)


def show_value(value: Any) -> str:
    """A short one-line rendering of a bad value for an error message (JSON spelling where possible)."""
    if value is None or isinstance(value, str | bool | int | float):
        try:
            text = json.dumps(value, ensure_ascii=False)
        except ValueError:  # an integer with more digits than Python converts to text
            text = "a number too long to show"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."
