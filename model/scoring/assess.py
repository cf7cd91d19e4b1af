"""assess(questionnaire, answers) -> Result: the one computation every page, export and CLI shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from model.content.schema import Questionnaire, ReadinessBand, RegionContext
from model.inputs.answers import AnswerSet
from model.scoring.benchmarks import (
    ArchetypeDistance,
    ReferenceComparison,
    archetype_distances,
    reference_comparisons,
)
from model.scoring.dimensions import (
    DimensionScore,
    MetricIndexValue,
    band_for,
    dimension_scores,
    metric_index,
    readiness_weights,
    weighted,
)
from model.scoring.gates import Gates, gates, region_context
from model.scoring.modes import ModeFit, rank_modes
from model.scoring.risks import RiskAssessment, assess_risks, privacy_review_failed
from model.scoring.roadmap import Plan, build_plan, plan_start
from model.scoring.roadmap import plan_json as roadmap_json
from model.scoring.strategy import Recommendation, recommend


@dataclass(frozen=True)
class Result:
    questionnaire: Questionnaire
    answers: dict[str, Any]
    dimensions: dict[str, DimensionScore]
    resource_synergy: float | None
    user_value: MetricIndexValue
    commercial_value: MetricIndexValue
    weights: dict[str, float]
    readiness: float | None
    risk: RiskAssessment
    risk_adjusted_readiness: float | None
    band: ReadinessBand | None  # the tool's readiness band; None while provisional
    strategy: Recommendation
    completeness: float
    modes: tuple[ModeFit, ...]
    plan: Plan
    archetypes: tuple[ArchetypeDistance, ...]
    references: tuple[ReferenceComparison, ...]
    gates: Gates | None = None  # compliance first, blocked types and families, licences held
    region: RegionContext | None = None  # the regional policy context of the firm's region (§2.1)
    privacy_penalty: float = 0.0  # §4.3.1: taken off the risk-adjusted readiness after a failed review
    band_capped: bool = False  # the band was lowered by the compliance gate

    @property
    def provisional(self) -> bool:
        return self.strategy.provisional

    @property
    def compliance_first(self) -> bool:
        """For the plan: red/orange data-security or licence risk, so the roadmap starts with compliance."""
        return bool(self.gates and self.gates.compliance_first)

    @property
    def blocked_modes(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.modes if m.blocked)

    @property
    def missing_licences(self) -> dict[str, tuple[str, ...]]:
        """Mode id -> licences it needs that the firm does not hold (the licence step comes first)."""
        return {m.id: m.missing_licences for m in self.modes if m.missing_licences}

    def to_dict(self, lang: str = "zh") -> dict:
        q = self.questionnaire
        s = self.strategy

        def name(text) -> str:
            return text.get(lang)

        return {
            "questionnaire": {"id": q.id, "version": q.version},
            "lang": lang,
            "date": date.today().isoformat(),
            "completeness": round(self.completeness, 4),
            "dimensions": {
                d: {
                    "name": name(q.dimension(d).name),
                    "score": _r(v.score, 2),
                    "answered": v.answered,
                    "total": v.total,
                    "completeness": round(v.completeness, 4),
                }
                for d, v in self.dimensions.items()
            },
            "indices": {
                "resource_synergy": _r(self.resource_synergy),
                "user_value": _r(self.user_value.value),
                "commercial_value": _r(self.commercial_value.value),
                "readiness": _r(self.readiness),
                "risk_weight": _r(self.risk.weight),
                "risk_adjusted_readiness": _r(self.risk_adjusted_readiness),
            },
            "index_details": {
                "readiness_weights": {k: round(v, 4) for k, v in self.weights.items()},
                "user_value": _metric(self.user_value),
                "commercial_value": _metric(self.commercial_value),
                "risk": {
                    "base_weight": _r(self.risk.base_weight),
                    "exposures": {k: _r(v) for k, v in self.risk.category_exposure.items()},
                    "mitigations": list(self.risk.mitigations),
                },
            },
            "decision_band": (
                {
                    "id": self.band.id,
                    "name": name(self.band.name),
                    "advice": name(self.band.advice),
                    "capped_by_compliance": self.band_capped,
                }
                if self.band
                else None
            ),
            "provisional": self.provisional,
            "gates": {
                "compliance_first": self.compliance_first,
                "gate_risks": list(self.gates.gate_risks) if self.gates else [],
                "blocked_modes": list(self.blocked_modes),
                "missing_licences": {k: list(v) for k, v in self.missing_licences.items()},
                "privacy_penalty": self.privacy_penalty,
            },
            "region": (
                {"value": self.region.value, "context": name(self.region.context), "ref": self.region.ref}
                if self.region
                else None
            ),
            "strategy": {
                "recommended": s.recommended,
                "recommended_name": name(q.strategy_type(s.recommended).name) if s.recommended else None,
                "provisional": s.provisional,
                "missing_dimensions": list(s.missing_dimensions),
                "ranking": [
                    {"id": t, "name": name(q.strategy_type(t).name), "fit": round(s.fits[t], 4)}
                    for t in s.ranking
                ],
                "cross_border_extension": s.cross_border_extension,
                "margin": _r(s.margin),
                "close_call": s.close_call,
                "between": list(s.between) if s.between else None,
                "decider": (
                    {
                        "dimension": s.decider.dimension,
                        "from_score": s.decider.from_score,
                        "to_score": s.decider.to_score,
                    }
                    if s.decider
                    else None
                ),
                "blocked_types": list(s.blocked_types),
                "shortfalls": [
                    {"dimension": f.dimension, "min": f.min, "score": round(f.score, 2)} for f in s.shortfalls
                ],
                "drivers": [
                    {
                        "dimension": d.dimension,
                        "score": round(d.score, 2),
                        "pull": round(d.pull, 4),
                        "answers": [
                            {"question": qid, "answer": a, "score": sc} for qid, a, sc in d.questions
                        ],
                    }
                    for d in s.drivers
                ],
                "flip": {
                    "dimension": (
                        {
                            "to": s.dimension_flip.to,
                            "dimension": s.dimension_flip.dimension,
                            "from_score": s.dimension_flip.from_score,
                            "to_score": s.dimension_flip.to_score,
                        }
                        if s.dimension_flip
                        else None
                    ),
                    "answer": (
                        {
                            "to": s.answer_flip.to,
                            "question": s.answer_flip.question,
                            "from": s.answer_flip.from_value,
                            "to_answer": s.answer_flip.to_value,
                        }
                        if s.answer_flip
                        else None
                    ),
                },
            },
            **plan_json(self, lang),
            "disclaimer": q.disclaimer.full.get(lang),
        }


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _metric(m: MetricIndexValue) -> dict:
    return {"source": m.source, "components": {k: _r(v) for k, v in m.components.items()}}


def assess(
    questionnaire: Questionnaire, answers: AnswerSet | dict[str, Any], weights=None, indicators=None
) -> Result:
    """Score an answer set. `answers` must already be validated (see model.answers)."""
    start, dated = plan_start(answers.meta if isinstance(answers, AnswerSet) else None)
    tracking = answers.plan if isinstance(answers, AnswerSet) else {}
    if isinstance(answers, AnswerSet):
        weights = weights or answers.weights
        indicators = indicators if indicators is not None else answers.indicators
        answers = answers.answers
    q = questionnaire
    dims = dimension_scores(q, answers)
    dims100 = {d: v.score for d, v in dims.items()}
    dims01 = {d: (None if v is None else v / 100.0) for d, v in dims100.items()}
    synergy = weighted(q.indices.resource_synergy.weights, dims01)
    user = metric_index(q, "user_value", q.indices.user_value, answers, dims01)
    commercial = metric_index(q, "commercial_value", q.indices.commercial_value, answers, dims01)
    chosen = readiness_weights(q, weights)
    readiness = weighted(
        chosen,
        {"resource_synergy": synergy, "user_value": user.value, "commercial_value": commercial.value},
    )
    risk = assess_risks(q, dims01, answers, indicators)
    gate = gates(q, risk, answers)
    penalty = q.risk.privacy_review_penalty if privacy_review_failed(q, answers, indicators) else 0.0
    adjusted = None
    if readiness is not None and risk.weight is not None:
        adjusted = max(0.0, readiness * (1.0 - risk.weight) - penalty)
    strategy = recommend(q, dims, answers, indicators)
    scored_total = sum(v.total for v in dims.values())
    answered = sum(v.answered for v in dims.values())
    flag = strategy.cross_border_extension
    band, capped = readiness_band(q, adjusted, strategy.provisional, gate)
    region = region_context(q, answers)
    return Result(
        questionnaire=q,
        answers=dict(answers),
        dimensions=dims,
        resource_synergy=synergy,
        user_value=user,
        commercial_value=commercial,
        weights=chosen,
        readiness=readiness,
        risk=risk,
        risk_adjusted_readiness=adjusted,
        band=band,
        strategy=strategy,
        completeness=answered / scored_total if scored_total else 0.0,
        modes=rank_modes(q, dims100, strategy.recommended, flag, gate, region),
        plan=build_plan(q, dims100, strategy.recommended, flag, answers, risk, start, dated, tracking),
        archetypes=() if strategy.provisional else archetype_distances(q, dims100),
        references=reference_comparisons(q, answers),
        gates=gate,
        region=region,
        privacy_penalty=penalty,
        band_capped=capped,
    )


def readiness_band(
    q: Questionnaire, adjusted: float | None, provisional: bool, gate: Gates
) -> tuple[ReadinessBand | None, bool]:
    """The tool's readiness band; none while provisional; capped while compliance comes first."""
    if provisional:
        return None, False
    bands = q.readiness_bands.bands
    band = band_for(adjusted, bands)
    if band is None or not gate.compliance_first:
        return band, False
    cap = next(b for b in bands if b.id == q.compliance_gate.band_cap)
    if bands.index(band) > bands.index(cap):
        return cap, True
    return band, False


def plan_json(result: Result, lang: str) -> dict:
    """The planning part of the result JSON: modes, roadmap, risks, benchmarks."""
    return {
        "cooperation_modes": [
            {
                "id": m.id,
                "name": m.mode.name.get(lang),
                "family": m.mode.family,
                "fit": round(m.fit, 4),
                "eligible": m.eligible,
                "status": m.status,
                "missing_inputs": list(m.missing_inputs),
                "missing_licences": list(m.missing_licences),
                "unmet": [{"dimension": u.dimension, "min": u.min, "score": _r(u.score, 2)} for u in m.unmet],
            }
            for m in result.modes
        ],
        "roadmap": roadmap_json(result.plan, lang),
        "risks": [
            {
                "id": r.risk.id,
                "category": r.risk.category,
                "name": r.risk.name.get(lang),
                "level": r.level,
                "exposure": round(r.exposure, 4),
                "likelihood": round(r.likelihood, 4),
                "impact": r.risk.impact,
                "indicators": {s.indicator.id: s.status for s in r.indicators},
            }
            for r in result.risk.risks
        ],
        "benchmarks": {
            "archetypes": [{"type": a.type_id, "distance": round(a.distance, 2)} for a in result.archetypes],
            "reference_values": [
                {
                    "id": c.reference.id,
                    "report_after": c.reference.after,
                    "firm": c.firm_value,
                    "verdict": c.verdict,
                }
                for c in result.references
            ],
        },
    }
