"""UI strings (ui/strings*.yaml) for exports, read without Streamlit so the CLI can render reports too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from model import text

STRINGS_DIR = Path(__file__).resolve().parent.parent / "ui"


@cache
def strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("strings*.yaml")):
        with path.open(encoding="utf-8") as fh:
            for key, texts in (yaml.safe_load(fh) or {}).items():
                if key in merged:
                    raise ValueError(f"{path.name}: string key '{key}' is defined twice")
                merged[key] = texts
    return merged


class Texts:
    """`Texts(lang)("key", name=value)`: one language's strings, placeholders filled."""

    def __init__(self, lang: str):
        self.lang = lang if lang in ("zh", "en") else "zh"

    def __call__(self, key: str, **params) -> str:
        text = strings()[key][self.lang]
        return text.format(**params) if params else text

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def join(self, items) -> str:
        """A list as a person reads it in this language (model.text.join)."""
        return text.join(items, self.lang)

    def join_clauses(self, items) -> str:
        """Clauses one after another (model.text.join_clauses)."""
        return text.join_clauses(items, self.lang)
