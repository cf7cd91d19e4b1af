"""Strategy-type recommendation (DESIGN §3.4): a fit per type, the drivers, and what would flip it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.schema import DIMENSION_IDS, STRATEGY_TYPE_IDS, Questionnaire, StrategyType
from model.scoring import DimensionScore, maturity, question_score

NEUTRAL = 0.5  # stands in for an unanswered dimension while the recommendation is provisional


def type_fit(t: StrategyType, dims01: dict[str, float], answers: dict[str, Any]) -> float:
    raw = t.fit.bias + sum(w * dims01[d] for d, w in t.fit.weights.items())
    raw += sum(b.bonus for b in t.fit.profile_bonus if answers.get(b.question) in b.values)
    return min(1.0, max(0.0, raw))


def all_fits(q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any]) -> dict[str, float]:
    return {t.id: type_fit(t, dims01, answers) for t in q.strategy_types}


def best(fits: dict[str, float]) -> str:
    """Highest fit; ties go to the earlier type in DESIGN order, so the result is deterministic."""
    return min(fits, key=lambda tid: (-round(fits[tid], 9), STRATEGY_TYPE_IDS.index(tid)))


@dataclass(frozen=True)
class Driver:
    dimension: str
    pull: float  # how far this dimension pushed the type's fit above a neutral firm
    score: float
    questions: tuple[tuple[str, Any, float], ...]  # (question id, answer, answer score 0..1)


@dataclass(frozen=True)
class DimensionFlip:
    to: str
    dimension: str
    from_score: float
    to_score: float


@dataclass(frozen=True)
class AnswerFlip:
    to: str
    question: str
    from_value: Any
    to_value: Any


@dataclass(frozen=True)
class Recommendation:
    recommended: str | None
    fits: dict[str, float]
    ranking: tuple[str, ...]
    provisional: bool
    missing_dimensions: tuple[str, ...]
    cross_border_extension: bool
    drivers: tuple[Driver, ...]
    dimension_flip: DimensionFlip | None
    answer_flip: AnswerFlip | None


def dims_for_fit(scores: dict[str, DimensionScore]) -> tuple[dict[str, float], tuple[str, ...]]:
    missing = tuple(d for d in DIMENSION_IDS if scores[d].score is None)
    dims01 = {d: (NEUTRAL if s.score is None else s.score / 100.0) for d, s in scores.items()}
    return dims01, missing


def recommend(q: Questionnaire, scores: dict[str, DimensionScore], answers: dict[str, Any]) -> Recommendation:
    dims01, missing = dims_for_fit(scores)
    fits = all_fits(q, dims01, answers)
    ranking = tuple(sorted(fits, key=lambda t: (-round(fits[t], 9), STRATEGY_TYPE_IDS.index(t))))
    top = None if missing else ranking[0]
    return Recommendation(
        recommended=top,
        fits=fits,
        ranking=ranking,
        provisional=bool(missing),
        missing_dimensions=missing,
        cross_border_extension=cross_border_flag(q, scores, answers),
        drivers=drivers(q, q.strategy_type(top), dims01, answers) if top else (),
        dimension_flip=dimension_flip(q, dims01, answers, top) if top else None,
        answer_flip=answer_flip(q, dims01, answers, top) if top else None,
    )


def cross_border_flag(q: Questionnaire, scores: dict[str, DimensionScore], answers: dict[str, Any]) -> bool:
    rule = q.cross_border
    score = scores["cross_border"].score
    if score is None:
        return False
    intent_q = q.question(rule.intent_question)
    intent = question_score(intent_q, answers.get(rule.intent_question)) if intent_q else None
    if intent is None:
        return score >= rule.score_without_intent
    return score >= rule.min_score and intent >= rule.min_intent


def drivers(
    q: Questionnaire, t: StrategyType, dims01: dict[str, float], answers: dict[str, Any], top_n: int = 3
) -> tuple[Driver, ...]:
    """Dimensions that pushed this type's fit furthest above a neutral (50-point) firm, with the answers."""
    pulls = {d: w * (dims01[d] - NEUTRAL) for d, w in t.fit.weights.items()}
    out = []
    for d in sorted(pulls, key=lambda d: -pulls[d])[:top_n]:
        if pulls[d] <= 0:
            break
        answered = [
            (x.id, answers[x.id], question_score(x, answers[x.id]))
            for x in q.questions_in(d)
            if x.id in answers
        ]
        # a positive weight is driven by the strongest answers, a negative one by the weakest
        answered.sort(key=lambda a: -a[2] if t.fit.weights[d] > 0 else a[2])
        out.append(Driver(d, pulls[d], dims01[d] * 100.0, tuple(answered[:2])))
    return tuple(out)


def dimension_flip(
    q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], top: str
) -> DimensionFlip | None:
    """The smallest change of one dimension score that makes another type the recommendation."""
    candidates = []
    for d in DIMENSION_IDS:
        for target in _grid(dims01[d]):
            trial = {**dims01, d: target}
            winner = best(all_fits(q, trial, answers))
            if winner != top:
                candidates.append(
                    (abs(target - dims01[d]), DimensionFlip(winner, d, dims01[d] * 100, target * 100))
                )
                break
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _grid(current: float) -> list[float]:
    """Scores to try, nearest first, in 1-point steps."""
    steps = [round(current + k / 100, 4) for k in range(-100, 101) if k]
    return sorted((s for s in steps if 0 <= s <= 1), key=lambda s: abs(s - current))


def answer_flip(
    q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], top: str
) -> AnswerFlip | None:
    """The single answer change (smallest change in that answer's maturity) that flips the recommendation."""
    best_change: tuple[float, AnswerFlip] | None = None
    for did in DIMENSION_IDS:
        questions = q.questions_in(did)
        for x in questions:
            current = answers.get(x.id)
            current_score = question_score(x, current) if current is not None else None
            for alt in _alternatives(x):
                if alt == current:
                    continue
                trial_answers = {**answers, x.id: alt}
                trial = {**dims01, did: maturity(questions, trial_answers)[0]}
                winner = best(all_fits(q, trial, answers))
                if winner == top:
                    continue
                cost = abs(question_score(x, alt) - (current_score if current_score is not None else NEUTRAL))
                if best_change is None or cost < best_change[0]:
                    best_change = (cost, AnswerFlip(winner, x.id, current, alt))
    return best_change[1] if best_change else None


def _alternatives(x) -> list[Any]:
    if x.type == "number":
        return [(b.min + b.max) / 2 for b in x.bands]
    if x.type == "multi":
        return [[o.value] for o in x.options] + [[o.value for o in x.options]]
    return [o.value for o in x.options]
