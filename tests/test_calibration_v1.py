"""The calibration set was written against questionnaire version 1 and converted to version 2 (issue 11):
each v1 original (tests/fixtures/calibration_v1) still opens through the migration map and gives exactly the
answers the v2 file holds for the questions both have, so the conversion is the map plus answers added to
questions the map lists for review — nothing else was changed by hand."""

from pathlib import Path

import pytest
from tests_paths import questionnaire

from model.inputs.answers import load_answers
from model.inputs.calibration import CALIBRATION_DIR, calibration_files
from model.inputs.safe_io import read_data_file

Q = questionnaire()
V1 = Path(__file__).parent / "fixtures" / "calibration_v1"
STEMS = [p.stem for p in calibration_files()]


def test_every_calibration_firm_has_its_v1_original():
    assert sorted(p.stem for p in V1.glob("*.yaml")) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_v1_original_migrates_to_the_v2_answers(stem):
    v1_path, v2_path = V1 / f"{stem}.yaml", CALIBRATION_DIR / f"{stem}.yaml"
    v1_raw, v2_raw = read_data_file(v1_path), read_data_file(v2_path)
    assert (v1_raw["version"], v2_raw["version"]) == (1, Q.version)
    # the expectation written before tuning travels unchanged (profile facts are compared below, as answers)
    for key in ("title", "expected", "meta"):
        assert v2_raw[key] == v1_raw[key], key
    migrated, v2 = load_answers(v1_path, Q), load_answers(v2_path, Q)
    assert migrated.migrated_from == 1 and migrated.review
    assert v2.migrated_from is None and not v2.review
    # every answer the map carries over is in the v2 file as it is
    assert {k: v2.answers.get(k) for k in migrated.answers} == migrated.answers
    # what the v2 file adds answers a question the migration asks the user to look at
    to_review = {r.question for r in migrated.review}
    added = set(v2.answers) - set(migrated.answers)
    assert added <= to_review, added - to_review
