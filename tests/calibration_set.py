"""The calibration set, assessed once per test session."""

from __future__ import annotations

from model import assess
from model.inputs.calibration import load_cases

_CACHE: dict[int, dict] = {}


def assessed_calibration(q) -> dict:
    """stem -> (case, Result)."""
    if id(q) not in _CACHE:
        _CACHE[id(q)] = {case.stem: (case, assess(q, case.answers)) for case in load_cases(q)}
    return _CACHE[id(q)]
