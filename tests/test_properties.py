"""Property tests of scoring (hypothesis): ranges, determinism, monotonicity, stability of the type."""

import math

from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis_settings import examples
from profiles import value_of
from tests_paths import questionnaire

from model import assess
from model.content.schema import DIMENSION_IDS, LEADER_DIMENSIONS
from model.scoring.dimensions import dimension_scores, question_score
from model.scoring.strategy import dims_for_fit, rank, raw_fits

Q = questionnaire()
SCORED = [x for d in DIMENSION_IDS for x in Q.questions_in(d)]
METRICS = [x for x in Q.questions_in("metrics")]
FAST = examples(1.3)


def answer_sets(questions, require_all=False):
    parts = {
        x.id: (value_of(x, counted_only=True) if require_all else st.one_of(st.none(), value_of(x)))
        for x in questions
    }
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


@FAST
@given(answer_sets(SCORED + METRICS))
def test_everything_stays_in_range(answers):
    r = assess(Q, answers)
    for dim in r.dimensions.values():
        assert dim.score is None or 0 <= dim.score <= 100
    for value in r.to_dict()["indices"].values():
        assert value is None or 0 <= value <= 1
    assert all(0 <= f <= 1 for f in r.strategy.fits.values())
    assert 0 <= r.completeness <= 1
    if r.readiness is not None and r.risk.weight is not None:
        assert r.risk_adjusted_readiness <= r.readiness + 1e-12


@FAST
@given(answer_sets(SCORED + METRICS))
def test_deterministic(answers):
    first = assess(Q, answers).to_dict()
    second = assess(Q, dict(reversed(list(answers.items())))).to_dict()
    assert first == second


@FAST
@given(
    answer_sets(SCORED, require_all=True),
    st.sampled_from([x for x in SCORED if x.type in ("single", "scale")]),
    st.data(),
)
def test_a_more_mature_answer_never_lowers_the_dimension(answers, question, data):
    current = question_score(question, answers[question.id])
    assume(current is not None)  # "not tracked" (as_skipped) has no maturity to improve on
    better = data.draw(
        st.sampled_from([o.value for o in question.options if o.score is not None and o.score >= current])
    )
    before = assess(Q, answers).dimensions[question.dimension].score
    after = assess(Q, answers | {question.id: better}).dimensions[question.dimension].score
    assert after >= before - 1e-9


LEADER_QUESTIONS = [x for x in SCORED if x.dimension in LEADER_DIMENSIONS]


@examples(3.3)
@given(
    answer_sets(SCORED, require_all=True), st.lists(st.sampled_from(LEADER_QUESTIONS), min_size=1, max_size=8)
)
def test_improving_capital_technology_channel_never_leaves_leadership(answers, to_improve):
    """The stability contract on the fits (the compliance gate can still block a leader, on purpose)."""
    improved = dict(answers)
    for question in to_improve:
        improved[question.id] = best_answer(question)
    before, after = (fit_winner(a) for a in (answers, improved))
    if before == "ecosystem_leader":
        assert after == "ecosystem_leader"
    if after == "alliance_member":
        assert before == "alliance_member"


def fit_winner(answers):
    dims01, missing = dims_for_fit(dimension_scores(Q, answers))
    assert not missing
    return rank(raw_fits(Q, dims01, answers))[0]


def best_answer(question):
    """The most mature answer (for numbers, the band with the top score: lower can be better)."""
    if question.type == "number":
        band = max(question.bands, key=lambda b: b.score)
        return (band.min + band.max) / 2
    if question.type == "multi":
        return [o.value for o in question.options]
    return max((o for o in question.options if o.score is not None), key=lambda o: o.score).value


@FAST
@given(
    answer_sets(SCORED, require_all=True),
    st.lists(st.sampled_from([m.value for m in Q.risk_register.mitigation_effects]), unique=True),
)
def test_mitigations_never_raise_the_risk_weight(answers, mitigations):
    plain = assess(Q, answers)
    mitigated = assess(Q, answers | ({"risk_mitigations": mitigations} if mitigations else {}))
    assert mitigated.risk.weight <= plain.risk.weight + 1e-12
    assert math.isclose(plain.readiness, mitigated.readiness)
