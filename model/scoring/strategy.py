"""Strategy-type recommendation (issue 10 item 1–2): a fit per type from positive evidence, the drivers,
close calls said out loud, and what would really change the recommendation (checked by recomputing)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from model.content.schema import DIMENSION_IDS, STRATEGY_TYPE_IDS, Questionnaire, StrategyType
from model.scoring.dimensions import DimensionScore, dimension_score, dimension_scores, question_score
from model.scoring.gates import gates
from model.scoring.risks import assess_risks

NEUTRAL = 0.5  # stands in for a dimension that does not count while the recommendation is provisional


@dataclass(frozen=True)
class Shortfall:
    dimension: str  # a dimension id, or "niche"
    min: float  # 0..100
    score: float  # 0..100


def niche_score(
    t: StrategyType, dims01: dict[str, float], answers: dict[str, Any], q: Questionnaire
) -> float:
    """The strongest of the type's niche sources (a dimension score or a scored question), 0..1."""
    niche = t.fit.niche
    values = [dims01[d] for d in niche.dimensions]
    for qid in niche.questions:
        score = question_score(q.question(qid), answers.get(qid))
        if score is not None:
            values.append(score)
    return max(values, default=0.0)


def raw_fit(
    q: Questionnaire, t: StrategyType, dims01: dict[str, float], answers: dict[str, Any]
) -> tuple[float, tuple[Shortfall, ...]]:
    """The type's fit before clipping to 0..1, and the floors it misses."""
    spec = t.fit
    raw = spec.bias + sum(w * dims01[d] for d, w in spec.weights.items())
    short = [Shortfall(d, m, 100 * dims01[d]) for d, m in spec.floors.items() if 100 * dims01[d] < m]
    raw -= spec.floor_rate * sum(s.min - s.score for s in short) / 100
    raw -= spec.ceiling_rate * sum(max(0.0, dims01[d] - m / 100) for d, m in spec.ceilings.items())
    if spec.niche:
        niche = niche_score(t, dims01, answers, q)
        raw += spec.niche.weight * niche
        if 100 * niche < spec.niche.floor:
            short.append(Shortfall("niche", spec.niche.floor, 100 * niche))
            raw -= spec.floor_rate * (spec.niche.floor - 100 * niche) / 100
    raw += sum(b.bonus for b in spec.profile_bonus if answers.get(b.question) in b.values)
    gate = spec.profile_gate
    if gate and answers.get(gate.question) not in gate.values:
        raw -= gate.penalty
    return raw, tuple(short)


def clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def raw_fits(q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any]) -> dict[str, float]:
    return {t.id: raw_fit(q, t, dims01, answers)[0] for t in q.strategy_types}


def all_fits(q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any]) -> dict[str, float]:
    """The fits shown (0..1). Ranking uses the unclipped fits, so two types at 0 (or 1) still differ."""
    return {t: clip(v) for t, v in raw_fits(q, dims01, answers).items()}


def rank(fits: dict[str, float], blocked: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The one way to order types, given their unclipped fits: unblocked first, then by fit; near-ties
    (1e-9) go to the earlier type in STRATEGY_TYPE_IDS, so the winner is deterministic. Every caller
    picks the winner as rank()[0]."""
    return tuple(sorted(fits, key=lambda t: (t in blocked, -round(fits[t], 9), STRATEGY_TYPE_IDS.index(t))))


def dims_for_fit(scores: dict[str, DimensionScore]) -> tuple[dict[str, float], tuple[str, ...]]:
    missing = tuple(d for d in DIMENSION_IDS if scores[d].score is None)
    dims01 = {d: (NEUTRAL if s.score is None else s.score / 100.0) for d, s in scores.items()}
    return dims01, missing


def _blocked(q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], indicators) -> tuple:
    risk = assess_risks(q, dims01, answers, indicators, only=q.compliance_gate.risks)
    return gates(q, risk, answers).blocked_types


def gate_dimensions(q: Questionnaire) -> frozenset[str]:
    """Dimensions that move the compliance gate's risks (their activity and controls)."""
    risks = [r for r in q.risk_register.risks if r.id in q.compliance_gate.risks]
    return frozenset(d for r in risks for d in (*r.activity.dimensions, *r.controls))


def winner(
    q: Questionnaire, dims01: dict[str, float], answers: dict[str, Any], indicators=None, blocked=None
) -> str:
    """The recommended type for these dimension scores (0..1) and answers, compliance gate included
    (pass `blocked` when it is known not to change)."""
    return _gated_winner(q, raw_fits(q, dims01, answers), dims01, answers, indicators, blocked)


def _gated_winner(q, fits, dims01, answers, indicators, blocked=None) -> str:
    first = rank(fits)[0]
    if first not in q.compliance_gate.blocks_types:
        return first  # the gate only demotes the types it blocks: no need to score the risks
    if blocked is None:
        blocked = _blocked(q, dims01, answers, indicators)
    return rank(fits, blocked)[0]


def recommended_type(
    q: Questionnaire, scores: dict[str, DimensionScore], answers: dict[str, Any]
) -> str | None:
    """The type `assess` would recommend (None while dimensions are missing), without drivers and flips."""
    dims01, missing = dims_for_fit(scores)
    return None if missing else winner(q, dims01, answers)


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
    from_score: int  # whole points, as shown; from != to
    to_score: int


@dataclass(frozen=True)
class AnswerFlip:
    to: str
    question: str
    from_value: Any  # None: the question is unanswered today
    to_value: Any


@dataclass(frozen=True)
class Recommendation:
    recommended: str | None
    fits: dict[str, float]  # 0..1, as shown
    ranking: tuple[str, ...]
    provisional: bool
    missing_dimensions: tuple[str, ...]
    cross_border_extension: bool
    drivers: tuple[Driver, ...]
    dimension_flip: DimensionFlip | None
    answer_flip: AnswerFlip | None
    margin: float | None = None  # first fit minus second (unclipped), among unblocked types
    close_call: bool = False
    runner_up: str | None = None
    decider: DimensionFlip | None = None  # in a close call: the change that would put the runner-up first
    blocked_types: tuple[str, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()  # the recommended type's floors that are not met

    @property
    def between(self) -> tuple[str, str] | None:
        return (self.recommended, self.runner_up) if self.close_call and self.runner_up else None


def recommend(
    q: Questionnaire, scores: dict[str, DimensionScore], answers: dict[str, Any], indicators=None
) -> Recommendation:
    dims01, missing = dims_for_fit(scores)
    raws = raw_fits(q, dims01, answers)
    fits = {t: clip(v) for t, v in raws.items()}
    blocked = _blocked(q, dims01, answers, indicators)
    ranking = rank(raws, blocked)
    base = Recommendation(
        recommended=None,
        fits=fits,
        ranking=ranking,
        provisional=bool(missing),
        missing_dimensions=missing,
        cross_border_extension=cross_border_flag(q, scores, answers),
        drivers=(),
        dimension_flip=None,
        answer_flip=None,
        blocked_types=blocked,
    )
    if missing:
        return base
    top = ranking[0]
    open_types = [t for t in ranking if t not in blocked]
    runner = open_types[1] if len(open_types) > 1 else None
    margin = raws[top] - raws[runner] if runner else None
    close = margin is not None and margin < q.strategy.close_call_margin
    t = q.strategy_type(top)
    return replace(
        base,
        recommended=top,
        drivers=drivers(q, t, dims01, answers),
        dimension_flip=dimension_flip(q, dims01, answers, top, indicators),
        answer_flip=answer_flip(q, answers, top, indicators),
        margin=margin,
        close_call=close,
        runner_up=runner,
        decider=dimension_flip(q, dims01, answers, top, indicators, target=runner) if close else None,
        shortfalls=raw_fit(q, t, dims01, answers)[1],
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
    pulls = {d: w * (dims01[d] - NEUTRAL) for d, w in t.fit.weights.items() if w > 0}
    if t.fit.niche:
        for d in t.fit.niche.dimensions:
            pulls[d] = pulls.get(d, 0.0) + t.fit.niche.weight * (dims01[d] - NEUTRAL)
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
        answered.sort(key=lambda a: -a[2])
        out.append(Driver(d, pulls[d], dims01[d] * 100.0, tuple(answered[:2])))
    return tuple(out)


def dimension_flip(
    q: Questionnaire,
    dims01: dict[str, float],
    answers: dict[str, Any],
    top: str,
    indicators=None,
    target: str | None = None,
) -> DimensionFlip | None:
    """The smallest change of one dimension score, in whole points and at most `flip_range` points,
    after which the recommendation is no longer `top` (or is `target`). Steps outward in every dimension
    at once, so the first hit is the smallest; each candidate is recomputed in full, gate included."""
    fixed = _blocked(q, dims01, answers, indicators)
    moving = gate_dimensions(q)
    raws = {t.id: raw_fit(q, t, dims01, answers)[0] for t in q.strategy_types}
    now = {d: round(dims01[d] * 100) for d in DIMENSION_IDS}
    gate_at = {d: _GateAlong(q, d, dims01, answers, indicators) for d in moving}
    # each type's fit without dimension d's terms, so a candidate only recomputes those terms
    base = {
        d: {t.id: raws[t.id] - _part(q, t, d, dims01, answers) for t in q.strategy_types}
        for d in DIMENSION_IDS
    }
    for step in range(1, q.strategy.flip_range + 1):
        for d in DIMENSION_IDS:
            for to in (now[d] + step, now[d] - step):
                if not 0 <= to <= 100:
                    continue
                moved = {**dims01, d: to / 100}
                fits = {t.id: base[d][t.id] + _part(q, t, d, moved, answers) for t in q.strategy_types}
                blocked = gate_at[d].blocked(to) if d in moving else fixed
                win = rank(fits, blocked)[0]
                if win != top and (target is None or win == target):
                    return DimensionFlip(win, d, now[d], to)
    return None


class _GateAlong:
    """The types the compliance gate blocks as one dimension moves over 0..100, scored lazily. When the
    dimension only feeds the gate risks' activity or only their controls, exposure is monotone in it, so
    the gate flips at most once: a bisection finds where, and every other score is then known."""

    def __init__(self, q: Questionnaire, d: str, dims01, answers, indicators):
        self.q, self.d, self.dims01, self.answers, self.indicators = q, d, dims01, answers, indicators
        risks = [r for r in q.risk_register.risks if r.id in q.compliance_gate.risks]
        in_activity = any(d in r.activity.dimensions for r in risks)
        in_controls = any(d in r.controls for r in risks)
        self.cache: dict[int, tuple] = {}
        self.edge: tuple[int, tuple, tuple] | None = None
        if in_activity != in_controls:
            low, high = self._at(0), self._at(100)
            if low == high:
                self.edge = (101, low, high)
            else:
                lo, hi = 0, 100  # status(lo) == low, status(hi) == high
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    lo, hi = (mid, hi) if self._at(mid) == low else (lo, mid)
                self.edge = (hi, low, high)

    def _at(self, score: int) -> tuple:
        if score not in self.cache:
            moved = {**self.dims01, self.d: score / 100}
            self.cache[score] = _blocked(self.q, moved, self.answers, self.indicators)
        return self.cache[score]

    def blocked(self, score: int) -> tuple:
        if self.edge is None:
            return self._at(score)
        edge, low, high = self.edge
        return low if score < edge else high


def _part(
    q: Questionnaire, t: StrategyType, d: str, dims01: dict[str, float], answers: dict[str, Any]
) -> float:
    """The terms of raw_fit that depend on dimension d (fits are separable in d apart from the niche)."""
    spec, s = t.fit, dims01[d]
    part = spec.weights.get(d, 0.0) * s
    if d in spec.floors:
        part -= spec.floor_rate * max(0.0, spec.floors[d] / 100 - s)
    if d in spec.ceilings:
        part -= spec.ceiling_rate * max(0.0, s - spec.ceilings[d] / 100)
    if spec.niche and d in spec.niche.dimensions:
        niche = niche_score(t, dims01, answers, q)
        part += spec.niche.weight * niche - spec.floor_rate * max(0.0, spec.niche.floor / 100 - niche)
    return part


def answer_flip(q: Questionnaire, answers: dict[str, Any], top: str, indicators=None) -> AnswerFlip | None:
    """The single answer change (smallest change in that answer's score) that changes the recommendation,
    found by re-scoring the changed answers — so the flip holds when it is applied. Candidates are tried
    cheapest first, so the first that flips is the answer."""
    scores = dimension_scores(q, answers)
    dims_now, _ = dims_for_fit(scores)
    fixed = _blocked(q, dims_now, answers, indicators)
    moving = gate_dimensions(q)
    raws = raw_fits(q, dims_now, answers)
    niche_questions = {qid for t in q.strategy_types if t.fit.niche for qid in t.fit.niche.questions}
    candidates = []
    for did in DIMENSION_IDS:
        for x in q.questions_in(did):
            current = answers.get(x.id)
            old = question_score(x, current)
            for alt in _alternatives(x):
                new = question_score(x, alt)
                if new is not None and alt != current and new != old:  # as_skipped: no answer to try
                    candidates.append((abs(new - (old if old is not None else NEUTRAL)), did, x, alt))
    candidates.sort(key=lambda c: c[0])  # stable: equal costs keep questionnaire order
    for _cost, did, x, alt in candidates:
        changed = {**answers, x.id: alt}
        dims01, missing = dims_for_fit({**scores, did: dimension_score(q, did, changed)})
        if missing:
            continue
        if x.id in niche_questions:
            fits = raw_fits(q, dims01, changed)
        else:  # only this dimension moved: fits are separable in it
            fits = {
                t.id: raws[t.id] + _part(q, t, did, dims01, changed) - _part(q, t, did, dims_now, answers)
                for t in q.strategy_types
            }
        win = _gated_winner(q, fits, dims01, changed, indicators, None if did in moving else fixed)
        if win != top:
            return AnswerFlip(win, x.id, answers.get(x.id), alt)
    return None


def _alternatives(x) -> list[Any]:
    if x.type == "number":
        return [b.min if b is x.bands[-1] else (b.min + b.max) / 2 for b in x.bands]
    if x.type == "multi":
        return [[o.value] for o in x.options] + [[o.value for o in x.options if o.score]]
    return [o.value for o in x.options]
