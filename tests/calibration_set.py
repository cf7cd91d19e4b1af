"""The calibration set (questionnaires/calibration): realistic firms with the expected call in the file."""

from __future__ import annotations

from model import assess
from model.content.loader import ROOT
from model.inputs.answers import load_answers
from model.inputs.safe_io import read_data_file

CALIBRATION_DIR = ROOT / "calibration"


def calibration_files():
    return sorted(CALIBRATION_DIR.glob("*.yaml"))


_CACHE: dict[int, dict] = {}


def _assessed(q):
    if id(q) in _CACHE:
        return _CACHE[id(q)]
    out = _CACHE[id(q)] = {}
    for path in calibration_files():
        answer_set = load_answers(path, q)
        out[path.stem] = (read_data_file(path)["expected"], assess(q, answer_set))
    return out


def assessed_calibration(q) -> dict:
    """stem -> (expected block, Result), assessed once per questionnaire."""
    return _assessed(q)
