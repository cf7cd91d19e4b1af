"""Prints how much a respondent reads: question count and characters of questions+options and of help.

Run: python bench/questionnaire_size.py [questionnaire folder]. Chinese characters are what a Chinese
respondent reads; English is printed beside for comparison. No assertion: a figure for the closing note.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.content.loader import load_questionnaire  # noqa: E402


def sizes(path: str | None = None) -> dict[str, dict[str, int]]:
    q = load_questionnaire(path)
    out = {}
    for name, keep in (("scored", lambda x: x.scored), ("all", lambda x: True)):
        items = [x for x in q.questions if keep(x)]
        row = {"questions": len(items)}
        for lang in ("zh", "en"):
            body = sum(len(x.text.get(lang)) + sum(len(o.label.get(lang)) for o in x.options) for x in items)
            row[f"text+options {lang}"] = body
            row[f"help {lang}"] = sum(len(x.help.get(lang)) for x in items)
        out[name] = row
    return out


if __name__ == "__main__":
    q = load_questionnaire(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"questionnaire {q.id} v{q.version}")
    for name, row in sizes(sys.argv[1] if len(sys.argv) > 1 else None).items():
        print(f"  {name:6}: " + ", ".join(f"{k} {v:,}" for k, v in row.items()))
