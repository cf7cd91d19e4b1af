"""Strategy-type recommendation (DESIGN §3.4): a fit per type, the drivers, and what would flip it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.content.schema import DIMENSION_IDS, STRATEGY_TYPE_IDS, Questionnaire, StrategyType
from model.scoring.dimensions import DimensionScore, question_score

NEUTRAL = 0.5  # stands in for an unanswered dimension while the recommendation is provisional


def raw_fit(t: StrategyType, dims01: dict[str, float], answers: dict[str, Any]) -> float:
    """bias + Σ weight × score + profile bonuses, before clipping to 0..1 (linear in every score)."""
    raw = t.fit.bias + sum(w * dims01[d] for d, w in t.fit.weights.items())
    return raw + sum(b.bonus for b in t.fit.profile_bonus if answers.get(b.question) in b.values)


def clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def all_fits(q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any]) -> dict[str, float]:
    return {t.id: clip(raw_fit(t, dims01, answers)) for t in q.strategy_types}


def best(fits: dict[str, float]) -> str:
    """Highest fit; ties (within 1e-9) go to the earlier type in DESIGN order, so it is deterministic."""
    winner = None
    for tid in STRATEGY_TYPE_IDS:
        if tid in fits and (winner is None or fits[tid] > fits[winner] + 1e-9):
            winner = tid
    return winner


def _moved(q: Questionnaire, raws: dict[str, float], d: str, delta: float) -> str:
    """The winner after dimension `d` moves by `delta` (fits are linear in it, so no recomputation)."""
    return best({t.id: clip(raws[t.id] + t.fit.weights.get(d, 0.0) * delta) for t in q.strategy_types})


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
        answered = [a for a in answered if a[2] is not None]  # "not tracked" (as_skipped) drives nothing
        # a positive weight is driven by the strongest answers, a negative one by the weakest
        answered.sort(key=lambda a: -a[2] if t.fit.weights[d] > 0 else a[2])
        out.append(Driver(d, pulls[d], dims01[d] * 100.0, tuple(answered[:2])))
    return tuple(out)


def dimension_flip(
    q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], top: str
) -> DimensionFlip | None:
    """The smallest change of one dimension score that makes another type the recommendation.

    Fits are piecewise linear in a score, so the winner can only change where two fit lines cross or a
    line meets a clip bound: those points are the only candidates to check, nearest first.
    """
    raws = {t.id: raw_fit(t, dims01, answers) for t in q.strategy_types}
    found: list[tuple[float, DimensionFlip]] = []
    for d in DIMENSION_IDS:
        slopes = {t.id: t.fit.weights.get(d, 0.0) for t in q.strategy_types}
        deltas = set()
        for u in slopes:
            if slopes[u]:
                deltas |= {(0.0 - raws[u]) / slopes[u], (1.0 - raws[u]) / slopes[u]}
            for v in slopes:
                if slopes[u] != slopes[v]:
                    deltas.add((raws[v] - raws[u]) / (slopes[u] - slopes[v]))
        for delta in sorted(deltas, key=abs):
            delta += 1e-6 if delta >= 0 else -1e-6  # step just past the crossing
            target = dims01[d] + delta
            if not 0.0 <= target <= 1.0 or abs(delta) < 1e-5:
                continue
            winner = _moved(q, raws, d, delta)
            if winner != top:
                found.append((abs(delta), DimensionFlip(winner, d, dims01[d] * 100, target * 100)))
                break
    return min(found, key=lambda c: c[0])[1] if found else None


def answer_flip(
    q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], top: str
) -> AnswerFlip | None:
    """The single answer change (smallest change in that answer's maturity) that flips the recommendation."""
    raws = {t.id: raw_fit(t, dims01, answers) for t in q.strategy_types}
    best_change: tuple[float, AnswerFlip] | None = None
    for did in DIMENSION_IDS:
        questions = q.questions_in(did)
        scores = {x.id: question_score(x, answers.get(x.id)) for x in questions}
        total_sw = sum(scores[x.id] * x.weight for x in questions if scores[x.id] is not None)
        total_w = sum(x.weight for x in questions if scores[x.id] is not None)
        for x in questions:
            current, old = answers.get(x.id), scores[x.id]
            for alt in _alternatives(x):
                new = question_score(x, alt)
                if new is None or alt == current or new == old:  # an as_skipped option is no answer to try
                    continue
                # the dimension mean with this one answer replaced (or added)
                sw = total_sw - (old or 0.0) * x.weight * (old is not None) + new * x.weight
                w = total_w + (0.0 if old is not None else x.weight)
                winner = _moved(q, raws, did, sw / w - dims01[did])
                if winner == top:
                    continue
                cost = abs(new - (old if old is not None else NEUTRAL))
                if best_change is None or cost < best_change[0]:
                    best_change = (cost, AnswerFlip(winner, x.id, current, alt))
    return best_change[1] if best_change else None


def _alternatives(x) -> list[Any]:
    if x.type == "number":
        return [(b.min + b.max) / 2 for b in x.bands]
    if x.type == "multi":
        return [[o.value] for o in x.options] + [[o.value for o in x.options]]
    return [o.value for o in x.options]
