"""Small text helpers every layer shares: list joining per language and bad values in messages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def join(items: Iterable[object], lang: str) -> str:
    """A list in running text: 甲、乙、丙 / a, b, c — in English, items that hold commas themselves
    are separated by semicolons (a; b, c; d)."""
    texts = [str(item) for item in items]
    if lang == "zh":
        return "、".join(texts)
    return ("; " if any("," in x for x in texts) else ", ").join(texts)


def join_clauses(items: Iterable[object], lang: str) -> str:
    """Clauses or sentences one after another: 甲；乙 / a; b."""
    return ("；" if lang == "zh" else "; ").join(str(item) for item in items)


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
