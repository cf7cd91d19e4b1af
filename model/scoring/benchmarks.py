"""Benchmarks (report §4.2.3): distance to the four type archetypes and the firm's metrics
beside the report's reference figures — always the report's illustrative figures, never market data."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from model.content.plan_schema import ReferenceValue
from model.content.schema import Questionnaire


@dataclass(frozen=True)
class ArchetypeDistance:
    type_id: str
    distance: float  # root-mean-square gap in points over the answered dimensions (0..100)

    @property
    def similarity(self) -> float:
        return 1.0 - self.distance / 100.0


@dataclass(frozen=True)
class ReferenceComparison:
    reference: ReferenceValue
    firm_value: float | None
    verdict: str | None  # "beyond_target" | "between" | "short" against the report's before → after


def archetype_distances(q: Questionnaire, dims100: dict[str, float | None]) -> tuple[ArchetypeDistance, ...]:
    answered = [d for d, v in dims100.items() if v is not None]
    if not answered:
        return ()
    out = [
        ArchetypeDistance(
            t.id, math.sqrt(sum((dims100[d] - t.archetype[d]) ** 2 for d in answered) / len(answered))
        )
        for t in q.strategy_types
    ]
    return tuple(sorted(out, key=lambda a: a.distance))


def reference_comparisons(q: Questionnaire, answers: dict[str, Any]) -> tuple[ReferenceComparison, ...]:
    out = []
    for ref in q.reference_values:
        value = answers.get(ref.metric_question) if ref.metric_question else None
        value = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        out.append(ReferenceComparison(ref, value, _verdict(ref, value)))
    return tuple(out)


def _verdict(ref: ReferenceValue, value: float | None) -> str | None:
    if value is None:
        return None
    sign = 1 if ref.better == "higher" else -1
    if sign * (value - ref.after) >= 0:
        return "beyond_target"
    if ref.before is not None and sign * (value - ref.before) >= 0:
        return "between"
    return "short"
