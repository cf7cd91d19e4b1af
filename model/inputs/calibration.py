"""The calibration set (questionnaires/calibration): realistic firms, each with the expected call written
in its file — type or close call, cross-border flag, top modes, readiness band — with reason and section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.content.loader import ROOT
from model.content.schema import Questionnaire, Text
from model.inputs.answers import AnswerSet, parse_answers
from model.inputs.safe_io import read_data_file

CALIBRATION_DIR = ROOT / "calibration"


@dataclass(frozen=True)
class CalibrationCase:
    stem: str
    title: Text
    expected: dict[str, Any]
    answers: AnswerSet


def calibration_files(folder: Path = CALIBRATION_DIR) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def load_cases(q: Questionnaire, folder: Path = CALIBRATION_DIR) -> list[CalibrationCase]:
    cases = []
    for path in calibration_files(folder):
        data = read_data_file(path)
        cases.append(
            CalibrationCase(
                path.stem,
                Text.model_validate(data["title"]),
                data["expected"],
                parse_answers(data, q, str(path)),
            )
        )
    return cases
