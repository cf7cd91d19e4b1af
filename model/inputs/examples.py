"""Example firms (questionnaires/examples/*.yaml): answer files for first-time users and for tests."""

from __future__ import annotations

from functools import cache

from model.content.loader import ROOT
from model.content.schema import Questionnaire, Text
from model.inputs.answers import AnswerSet, load_answers
from model.inputs.safe_io import read_data_file

EXAMPLES_DIR = ROOT / "examples"


@cache
def names() -> dict[str, Text]:
    """Example id (file stem) -> its bilingual title, in file order."""
    out = {}
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        data = read_data_file(path)
        out[path.stem] = Text.model_validate(data["title"])
    return out


def load(example_id: str, questionnaire: Questionnaire) -> AnswerSet:
    if example_id not in names():
        raise KeyError(example_id)
    return load_answers(EXAMPLES_DIR / f"{example_id}.yaml", questionnaire)
