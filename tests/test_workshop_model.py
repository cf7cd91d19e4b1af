"""Workshop aggregation (model/workshop.py): pure, no database — known answers for every rule."""

from __future__ import annotations

import random
import statistics
from collections import Counter

import pytest
from profiles import answers_for
from workshop_data import team

from model import assess
from model.content.schema import DIMENSION_IDS, INDEX_IDS
from model.inputs.examples import load, names
from model.methods.ahp import group_ahp
from model.workshop.group import (
    AHP_LABELS,
    Submission,
    _weighted_median,
    clean_answers,
    contested_questions,
    group_answer,
    group_answer_set,
    judgement_matrix,
    summarise,
)


def random_answers(q, rng: random.Random, share: float = 0.8) -> dict:
    """Valid answers to a random subset of all questions."""
    out = {}
    for x in q.questions:
        if rng.random() > share:
            continue
        if x.type == "number":
            band = rng.choice(x.bands)
            out[x.id] = (band.min + band.max) / 2
        elif x.type == "multi":
            out[x.id] = sorted(rng.sample([o.value for o in x.options], rng.randint(1, 2)))
        else:
            out[x.id] = rng.choice(x.options).value
    return out


def option_with_score(question, score):
    return next(o.value for o in question.options if o.score == score)


# ---------------------------------------------------------------- the fast path agrees with the model


def test_participant_scores_and_types_are_the_models_own(q):
    """The dashboard uses model.scoring's one scorer: each participant's dimension scores and type are
    what `assess` gives for their answers alone."""
    rng = random.Random(3)
    sets = [load(n, q).answers for n in names()] + [random_answers(q, rng) for _ in range(40)]
    summary = summarise(q, [Submission(a) for a in sets])
    for answers, scores, type_id in zip(sets, summary.scores, summary.types, strict=True):
        cleaned, dropped = clean_answers(q, answers)
        assert cleaned.keys() == answers.keys() and dropped == 0
        result = assess(q, answers)
        for d in DIMENSION_IDS:
            expected = result.dimensions[d].score
            assert scores[d] == (None if expected is None else pytest.approx(expected))
        assert type_id == (
            result.strategy.recommended if all(v is not None for v in scores.values()) else None
        )


def test_clean_answers_drops_what_this_questionnaire_no_longer_has(q):
    scale = next(x for x in q.questions if x.type == "scale")
    number = next(x for x in q.questions if x.type == "number")
    answers = {
        scale.id: scale.options[0].value,
        "retired_question": "x",
        number.id: number.max + 1,  # out of range
        "tech_architecture": ["not", "a", "string"],
    }
    kept, dropped = clean_answers(q, answers)
    assert kept == {scale.id: scale.options[0].value}
    assert dropped == 3


# ---------------------------------------------------------------- consensus answers


def test_scale_group_answer_is_the_option_closest_to_the_median_score(q):
    x = next(x for x in q.questions_in("technology") if x.type == "scale" and len(x.options) >= 4)
    scores = [o.score for o in x.options]
    low, mid, high = x.options[0].value, x.options[len(scores) // 2].value, x.options[-1].value
    # median of (low, mid, high, high, mid) is mid's score
    assert group_answer(x, [low, mid, high, high, mid]) == mid
    assert group_answer(x, [high, high, low]) == high


def test_an_even_split_goes_to_the_more_often_chosen_then_the_more_cautious_option(q):
    x = next(x for x in q.questions_in("technology") if x.type == "scale" and len(x.options) == 4)
    a, b, c, d = (o.value for o in x.options)  # scores rising: 0, 1/3, 2/3, 1
    # median halfway between b and c; both equally far and equally chosen -> the lower, b
    assert group_answer(x, [b, c]) == b
    assert group_answer(x, [a, d]) == b  # median 0.5: b and c tie at distance 1/6, neither chosen
    # more often chosen wins a distance tie: a, b, c, d, d -> median c
    assert group_answer(x, [a, c, d, d, b]) == c


def test_unscored_options_take_the_most_chosen_one(q):
    x = q.question("institution_type")
    values = [o.value for o in x.options]
    assert group_answer(x, [values[3], values[1], values[3]]) == values[3]
    assert group_answer(x, [values[2], values[1]]) == values[1]  # tie: the earlier option


def test_multi_keeps_options_chosen_by_at_least_half(q):
    x = next(x for x in q.questions if x.type == "multi" and x.scored and len(x.options) >= 3)
    a, b, c = (o.value for o in x.options[:3])
    assert group_answer(x, [[a, b], [a], [a, c], [b]]) == [a, b]  # a 3/4, b 2/4, c 1/4
    assert group_answer(x, [[a], [b], [c]]) is None  # nobody reaches half


def test_number_takes_the_median(q):
    x = next(x for x in q.questions if x.type == "number")
    lo = x.min
    assert group_answer(x, [lo, lo + 10, lo + 2]) == lo + 2
    assert group_answer(x, [lo, lo + 10]) == lo + 5


def test_group_answer_set_skips_questions_nobody_answered(q):
    x = next(x for x in q.questions if x.type == "scale")
    assert group_answer_set(q, [{x.id: x.options[0].value}, {}]) == {x.id: x.options[0].value}


# ---------------------------------------------------------------- disagreement


def test_contested_questions_rank_by_spread_of_answer_scores(q):
    questions = [x for x in q.questions_in("capital") if x.type == "scale"]
    agreed, split, mild = questions[:3]
    lo = agreed.options[0].value
    sets = [
        {agreed.id: lo, split.id: split.options[0].value, mild.id: mild.options[1].value},
        {agreed.id: lo, split.id: split.options[-1].value, mild.id: mild.options[2].value},
    ]
    ranked = contested_questions(q, sets)
    assert [c.question for c in ranked] == [split.id, mild.id, agreed.id]
    top = ranked[0]
    assert top.spread == pytest.approx(0.5)  # scores 0 and 1: population std 0.5
    assert top.count == 2 and top.mean == pytest.approx(0.5)
    assert (top.low, top.high) == (split.options[0].value, split.options[-1].value)
    assert ranked[-1].spread == 0


def test_a_question_needs_two_answers_to_be_contested(q):
    x = next(x for x in q.questions if x.type == "scale")
    assert contested_questions(q, [{x.id: x.options[0].value}, {}]) == ()


# ---------------------------------------------------------------- the whole summary


def test_summary_of_a_team(q):
    members = team(q, 12, seed=11)
    subs = [Submission(m["answers"], m["role"], m["ahp"]) for m in members]
    s = summarise(q, subs)
    assert s.count == 12
    assert len(s.scores) == 12 and len(s.types) == 12
    assert sum(s.type_counts.values()) == 12
    for d in DIMENSION_IDS:
        assert len(s.spread(d)) == 12
        stats = s.stats(d)
        assert stats.low <= stats.median <= stats.high
    # the group result is the model's assessment of the consensus answers, with the team's weights
    expected = assess(q, s.group_answers, s.ahp_weights)
    assert s.group.strategy.recommended == expected.strategy.recommended
    assert s.group.readiness == pytest.approx(expected.readiness)
    assert s.group.weights == pytest.approx(s.ahp_weights)
    # by role: the mean of that role's individual scores
    cto = next(v for v in s.by_role if v.role == "cto")
    rows = [sc for sc, r in zip(s.scores, s.roles, strict=True) if r == "cto"]
    assert cto.count == len(rows)
    assert cto.dimensions["technology"] == pytest.approx(sum(r["technology"] for r in rows) / len(rows))
    assert s.by_role[-1].role is None  # members without a role come last


def test_group_ahp_weights_are_the_geometric_mean_of_judgements(q):
    a = judgement_matrix([3, 5, 2])
    b = judgement_matrix([1, 1 / 2, 1 / 3])
    subs = [Submission({}, None, a), Submission({}, None, b), Submission({}, None, None)]
    s = summarise(q, subs)
    assert s.ahp_count == 2
    expected = group_ahp([a, b], method="aij")
    assert s.ahp.weights == pytest.approx(expected.weights)
    assert set(s.ahp_weights) == set(INDEX_IDS) and list(s.ahp_weights) == list(AHP_LABELS)
    assert s.ahp.aggregate_matrix[0][1] == pytest.approx((3 * 1) ** 0.5)


def test_repeated_judgements_weigh_as_often_as_they_were_given(q):
    a = judgement_matrix([3, 5, 2])
    b = judgement_matrix([1 / 2, 1, 4])
    given = [a, a, a, b, [row[:] for row in a]]
    s = summarise(q, [Submission({}, None, m) for m in given])
    assert s.ahp_count == 5
    assert s.ahp.weights == pytest.approx(group_ahp(given, method="aij").weights)


def test_weighted_median_is_the_median(q):
    rng = random.Random(8)
    for _ in range(200):
        values = [rng.choice([0.0, 0.25, 1 / 3, 0.5, 2 / 3, 1.0]) for _ in range(rng.randint(1, 12))]
        pairs = list(Counter(values).items())
        assert _weighted_median(pairs) == pytest.approx(statistics.median(values))


def test_unusable_judgements_are_ignored(q):
    subs = [
        Submission({}, None, [[1, 2], [0.5, 1]]),  # 2 x 2
        Submission({}, None, "garbage"),
        Submission({}, None, [[1, -1, 1], [1, 1, 1], [1, 1, 1]]),
    ]
    s = summarise(q, subs)
    assert s.ahp is None and s.ahp_count == 0
    assert s.group.weights == dict(q.indices.readiness.weights)


def test_incomplete_answers_count_as_no_recommendation(q):
    full = answers_for(q, {d: 0.6 for d in DIMENSION_IDS})
    partial = {k: v for k, v in full.items() if not k.startswith("cap_")}
    s = summarise(q, [Submission(full), Submission(partial)])
    assert s.types[1] is None and s.types[0] is not None
    assert s.type_counts[None] == 1


def test_no_submissions(q):
    s = summarise(q, [])
    assert s.count == 0 and s.group is None and s.contested == () and s.by_role == ()
    assert s.stats("capital") is None


def test_a_thousand_submissions(q):
    """The benchmark's size (bench/bench_workshop.py prints the time); here only that it is right."""
    members = team(q, 1000, seed=5)
    s = summarise(q, [Submission(m["answers"], m["role"], m["ahp"]) for m in members])
    assert s.count == 1000 and sum(s.type_counts.values()) == 1000
    assert 0 < s.ahp_count < 1000
