"""The calibration set (issue 10 item 8): every firm's expected call, written in its file before the
model was tuned, is what the model says — type or close call, cross-border flag, top modes, band."""

import pytest
from calibration_set import assessed_calibration
from tests_paths import questionnaire

from model.inputs.calibration import calibration_files
from model.scoring.calibration import problems

Q = questionnaire()
STEMS = [p.stem for p in calibration_files()]
# Firms where the honest model disagrees with the expectation written before tuning: reported, not bent.
DISAGREE = {
    "e2_bank_affiliated": "expected a close call leader/alliance member in the pilot band; with its v2 answers "
    "(AA rating, no enforcement, audited AML, risk coverage above 300 %) the model gives ecosystem leader by "
    "0.082 and readiness 0.62 (scale) — its ceilings keep a firm with strong capital out of 'alliance member'",
}


def test_the_set_covers_the_report_cases_archetypes_and_hard_edges():
    assert len(STEMS) >= 12
    assert sum(s.startswith("c0") for s in STEMS) >= 4  # the four §9.1 cases
    assert sum(s.startswith("a") for s in STEMS) == 4  # the four archetypes


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=DISAGREE[s], strict=True)) if s in DISAGREE else s
        for s in STEMS
    ],
)
def test_calibration_firm(stem):
    case, result = assessed_calibration(Q)[stem]
    assert case.expected["reason"]["zh"] and case.expected["reason"]["en"]
    assert case.expected["ref"].startswith("§")
    assert problems(case, result) == []


@pytest.mark.parametrize("stem", sorted(DISAGREE))
def test_a_disagreement_is_reported_not_hidden(stem):
    case, result = assessed_calibration(Q)[stem]
    assert problems(case, result)  # if the model ever agrees, drop it from DISAGREE
