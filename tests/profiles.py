"""Build answer sets that hit target maturity levels per dimension (for tests and example files)."""

from __future__ import annotations

from itertools import combinations

from hypothesis import strategies as st

from model.content.schema import DIMENSION_IDS, Question, Questionnaire

# Canonical profiles read from the report's descriptions (§7.3, §9.1; the §12.1 headings are titles only in the report): target maturity 0..1.
CANONICAL = {
    "ecosystem_leader": dict(
        capital=0.9, technology=0.85, data=0.8, channel=0.85, scenario=0.75,
        industry=0.6, cross_border=0.6, compliance=0.8, organization=0.75,
    ),
    "regional_industry": dict(
        capital=0.55, technology=0.5, data=0.5, channel=0.4, scenario=0.4,
        industry=0.9, cross_border=0.2, compliance=0.65, organization=0.6,
    ),
    "vertical_specialist": dict(
        capital=0.3, technology=0.6, data=0.6, channel=0.5, scenario=0.9,
        industry=0.3, cross_border=0.2, compliance=0.6, organization=0.8,
    ),
    "alliance_member": dict(
        capital=0.25, technology=0.35, data=0.3, channel=0.35, scenario=0.3,
        industry=0.3, cross_border=0.1, compliance=0.5, organization=0.35,
    ),
}  # fmt: skip


def closest_answer(question: Question, target: float):
    """The answer to `question` whose maturity score is closest to `target` (0..1)."""
    if question.type == "number":
        band = min(question.bands, key=lambda b: (abs(b.score - target), -b.score))
        return (band.min + band.max) / 2
    if question.type == "multi":
        scored = [o for o in question.options if o.score]
        best, best_gap = [], target
        for size in range(1, len(scored) + 1):
            for combo in combinations(scored, size):
                gap = abs(min(1.0, sum(o.score for o in combo)) - target)
                if gap < best_gap - 1e-9:
                    best, best_gap = [o.value for o in combo], gap
        if not best:
            zero = next((o.value for o in question.options if not o.score), None)
            return [zero] if zero else [scored[0].value]
        return best
    answers = [o for o in question.options if not o.as_skipped]  # "not tracked" is no maturity level
    option = min(answers, key=lambda o: (abs((o.score or 0) - target), -(o.score or 0)))
    return option.value


def answers_for(q: Questionnaire, targets: dict[str, float], default: float = 0.5) -> dict:
    """Answers to every scored question, each as close as it can be to its dimension's target."""
    answers = {}
    for did in DIMENSION_IDS:
        for question in q.questions_in(did):
            answers[question.id] = closest_answer(question, targets.get(did, default))
    return answers


def value_of(question: Question, counted_only: bool = False):
    """A hypothesis strategy for any valid answer to `question`; with `counted_only`, never an option
    that scores like a skipped question ("not tracked"), so the answer counts toward completeness."""
    if question.type == "number":
        return st.floats(min_value=question.min, max_value=question.max, allow_nan=False)
    values = [o.value for o in question.options if not (counted_only and o.as_skipped)]
    if question.type == "multi":
        return st.lists(st.sampled_from(values), min_size=1, unique=True)
    return st.sampled_from(values)
