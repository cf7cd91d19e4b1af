"""Strategy-type recommendation: canonical firms get the obvious type; reasons and flips are real."""

import pytest
from profiles import CANONICAL, answers_for

from model import assess, load_answers
from model.scoring.dimensions import dimension_scores
from model.scoring.strategy import all_fits, best, recommend


@pytest.mark.parametrize("expected", CANONICAL)
def test_canonical_profiles_get_their_type(q, expected):
    result = assess(q, answers_for(q, CANONICAL[expected]))
    assert result.strategy.recommended == expected
    assert result.strategy.ranking[0] == expected
    assert not result.strategy.provisional


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("1_leader", "ecosystem_leader"),
        ("2_regional", "regional_industry"),
        ("3_specialist", "vertical_specialist"),
        ("4_small", "alliance_member"),
    ],
)
def test_example_firms_get_their_type(q, example_files, stem, expected):
    path = next(p for p in example_files if p.stem == stem)
    assert assess(q, load_answers(path, q)).strategy.recommended == expected


def test_uniformly_middling_firm_joins_an_alliance(q):
    assert assess(q, answers_for(q, {}, default=0.45)).strategy.recommended == "alliance_member"


def test_uniformly_strong_firm_leads(q):
    assert assess(q, answers_for(q, {}, default=0.8)).strategy.recommended == "ecosystem_leader"


def test_cross_border_flag_needs_capability_and_intent(q):
    strong = answers_for(q, CANONICAL["ecosystem_leader"] | {"cross_border": 0.9})
    assert assess(q, strong | {"cross_border_intent": "active"}).strategy.cross_border_extension
    assert not assess(q, strong | {"cross_border_intent": "none"}).strategy.cross_border_extension
    weak = answers_for(q, CANONICAL["ecosystem_leader"] | {"cross_border": 0.2})
    assert not assess(q, weak | {"cross_border_intent": "active"}).strategy.cross_border_extension
    # without an intent answer, capability alone must be high
    assert assess(q, answers_for(q, {"cross_border": 1.0})).strategy.cross_border_extension


def test_profile_nudges_but_does_not_override(q):
    leader = answers_for(q, CANONICAL["ecosystem_leader"])
    assert (
        assess(q, leader | {"institution_type": "regional_broker"}).strategy.recommended == "ecosystem_leader"
    )
    fits = assess(q, leader).strategy.fits
    nudged = assess(q, leader | {"institution_type": "regional_broker"}).strategy.fits
    assert nudged["regional_industry"] == pytest.approx(fits["regional_industry"] + 0.05)


def test_drivers_are_the_strong_dimensions_and_real_answers(q):
    answers = answers_for(q, CANONICAL["regional_industry"])
    result = assess(q, answers)
    drivers = result.strategy.drivers
    assert drivers[0].dimension == "industry"
    for qid, value, score in drivers[0].questions:
        assert q.question(qid).dimension == "industry"
        assert answers[qid] == value and 0 <= score <= 1


def test_alliance_drivers_are_the_weak_dimensions(q):
    result = assess(q, answers_for(q, CANONICAL["alliance_member"]))
    assert result.strategy.drivers
    for driver in result.strategy.drivers:
        assert driver.score < 50


@pytest.mark.parametrize("profile", CANONICAL)
def test_the_dimension_flip_really_flips(q, profile):
    answers = answers_for(q, CANONICAL[profile])
    rec = assess(q, answers).strategy
    flip = rec.dimension_flip
    assert flip is not None
    dims01 = {d: s.score / 100 for d, s in dimension_scores(q, answers).items()}
    moved = dims01 | {flip.dimension: flip.to_score / 100}
    assert best(all_fits(q, moved, answers)) == flip.to != rec.recommended
    # and it is the smallest such move: one point less does not flip it
    step = 0.01 if flip.to_score > flip.from_score else -0.01
    almost = dims01 | {flip.dimension: flip.to_score / 100 - step}
    assert best(all_fits(q, almost, answers)) == rec.recommended


def test_the_answer_flip_really_flips(q):
    # a firm at the border between two types: one answer can tip it
    answers = answers_for(q, CANONICAL["regional_industry"] | {"industry": 0.7, "capital": 0.35})
    rec = assess(q, answers).strategy
    assert rec.answer_flip is not None, "a border firm should have a single-answer flip"
    flip = rec.answer_flip
    changed = assess(q, answers | {flip.question: flip.to_value}).strategy
    assert changed.recommended == flip.to != rec.recommended


def test_missing_dimension_gives_no_recommendation_but_fits(q):
    answers = answers_for(q, CANONICAL["ecosystem_leader"])
    partial = {k: v for k, v in answers.items() if q.question(k).dimension != "organization"}
    rec = recommend(q, dimension_scores(q, partial), partial)
    assert rec.recommended is None and rec.missing_dimensions == ("organization",)
    assert set(rec.fits) == set(CANONICAL)
