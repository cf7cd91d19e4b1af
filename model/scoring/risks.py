"""The risk register: exposure from the answers, warning levels, early-warning indicators and the
risk weight of the readiness adjustment (report §4.3, §5, §8.1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from model.content.plan_schema import LEVEL_IDS, Indicator, Risk
from model.content.schema import Questionnaire
from model.scoring.dimensions import question_score, weighted

NEUTRAL = 0.5  # control maturity assumed while a risk's control dimensions are unanswered


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: Indicator
    value: float | None
    status: str  # "ok" | "warn" | "alert" | "unknown"


@dataclass(frozen=True)
class RiskExposure:
    risk: Risk
    activity: float
    control: float
    likelihood: float  # activity × (1 − control), after mitigations
    exposure: float  # likelihood × impact
    base_level: str  # from exposure alone
    level: str  # after escalation by indicators in warn / alert
    mitigated_by: tuple[str, ...]
    indicators: tuple[IndicatorStatus, ...]


@dataclass(frozen=True)
class RiskAssessment:
    risks: tuple[RiskExposure, ...]
    category_exposure: dict[str, float | None]
    weight: float | None  # max_weight × Σ category share × mean exposure
    base_weight: float | None  # the same without mitigations
    mitigations: tuple[str, ...]


def indicator_status(indicator: Indicator, value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "unknown"
    beyond = (lambda x, t: x > t) if indicator.direction == "above" else (lambda x, t: x < t)
    if beyond(value, indicator.alert) or value == indicator.alert:
        return "alert"
    if beyond(value, indicator.warn) or value == indicator.warn:
        return "warn"
    return "ok"


def indicator_values(q: Questionnaire, answers: dict[str, Any], typed: dict[str, float]) -> dict[str, float]:
    """Values typed on the Risks page, else the matching metrics answer."""
    out = {}
    for ind in q.risk_register.indicators:
        if ind.id in typed:
            out[ind.id] = typed[ind.id]
        elif ind.metric_question and isinstance(answers.get(ind.metric_question), int | float):
            out[ind.id] = float(answers[ind.metric_question])
    return out


def _activity(
    q: Questionnaire, risk: Risk, dims01: dict[str, float | None], answers: dict[str, Any]
) -> float:
    spec = risk.activity
    goals = set(answers.get("strategic_goals") or ())
    value = spec.base + sum(w for goal, w in spec.goals.items() if goal in goals)
    value += sum(w * (dims01[d] if dims01[d] is not None else NEUTRAL) for d, w in spec.dimensions.items())
    if spec.cross_border_intent:
        intent_q = q.question(q.cross_border.intent_question)
        intent = question_score(intent_q, answers.get(intent_q.id)) if intent_q else None
        value += spec.cross_border_intent * (intent or 0.0)
    return min(1.0, max(0.0, value))


def _level(q: Questionnaire, exposure: float) -> str:
    level = LEVEL_IDS[0]
    for lv in q.risk_register.levels:
        if exposure >= lv.min_exposure:
            level = lv.id
    return level


def _escalate(level: str, statuses: list[IndicatorStatus]) -> str:
    """An indicator in warn raises its risk one level, one in alert two (capped at red)."""
    steps = max((2 if s.status == "alert" else 1 if s.status == "warn" else 0 for s in statuses), default=0)
    return LEVEL_IDS[min(len(LEVEL_IDS) - 1, LEVEL_IDS.index(level) + steps)]


def assess_risks(
    q: Questionnaire,
    dims01: dict[str, float | None],
    answers: dict[str, Any],
    typed_indicators: dict[str, float] | None = None,
    only: tuple[str, ...] | None = None,
) -> RiskAssessment:
    """The register scored for these dimension scores (0..1, None = not counted) and answers. With `only`,
    just those risks are scored (the compliance gate's quick look); the weight then only says whether
    anything is answered (0.0) or not (None)."""
    register = q.risk_register
    in_place = tuple(v for v in answers.get(q.risk.mitigation_question) or () if v != "none")
    values = indicator_values(q, answers, typed_indicators or {})
    anything = any(v is not None for v in dims01.values())
    exposures: list[RiskExposure] = []
    plain: dict[str, float] = {}
    for risk in register.risks:
        if only is not None and risk.id not in only:
            continue
        activity = _activity(q, risk, dims01, answers)
        control = weighted(risk.controls, dims01)
        control = NEUTRAL if control is None else control
        factor, mitigated_by = 1.0, []
        for effect in register.mitigation_effects:
            if effect.value in in_place and risk.id in effect.applies_to:
                factor *= 1.0 - effect.reduction
                mitigated_by.append(effect.value)
        raw_likelihood = activity * (1.0 - control)
        likelihood = raw_likelihood * factor
        exposure = likelihood * risk.impact
        plain[risk.id] = raw_likelihood * risk.impact
        statuses = [
            IndicatorStatus(ind, values.get(ind.id), indicator_status(ind, values.get(ind.id)))
            for ind in register.indicators
            if ind.risk == risk.id
        ]
        base_level = _level(q, exposure)
        exposures.append(
            RiskExposure(
                risk, activity, control, likelihood, exposure, base_level,
                _escalate(base_level, statuses), tuple(mitigated_by), tuple(statuses),
            )
        )  # fmt: skip
    if only is not None:
        weight = 0.0 if anything else None
        return RiskAssessment(tuple(exposures), {}, weight, weight, in_place)
    weight, category = _weight(q, {e.risk.id: e.exposure for e in exposures})
    base_weight, _ = _weight(q, plain)
    if not anything:  # nothing answered: no basis for a risk weight
        weight = base_weight = None
    return RiskAssessment(tuple(exposures), category, weight, base_weight, in_place)


def _weight(q: Questionnaire, exposure: dict[str, float]) -> tuple[float, dict[str, float | None]]:
    """max_weight × Σ share[risk] × exposure[risk]; the category means are for display."""
    by_category: dict[str, list[float]] = {}
    for risk in q.risk_register.risks:
        by_category.setdefault(risk.category, []).append(exposure[risk.id])
    means = {c: (sum(v) / len(v) if v else None) for c, v in by_category.items()}
    shares = q.risk.shares
    return q.risk.max_weight * sum(shares[r] * e for r, e in exposure.items()), means


def category_shares(q: Questionnaire) -> dict[str, float]:
    """Each category's share of the risk weight: the sum of its risks' shares."""
    out: dict[str, float] = {}
    for risk in q.risk_register.risks:
        out[risk.category] = out.get(risk.category, 0.0) + q.risk.shares[risk.id]
    return out


def privacy_review_failed(q: Questionnaire, answers: dict[str, Any], typed: dict[str, float] | None) -> bool:
    """A failed data-privacy compliance review on record (indicator ≥ 1): §4.3.1's 0.15 cut applies."""
    value = indicator_values(q, answers, typed or {}).get(q.risk.privacy_review_indicator)
    return value is not None and math.isfinite(value) and value >= 1
