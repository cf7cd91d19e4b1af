"""Dimension scores, composite indices and the risk adjustment (report §4.1–§4.3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from model.content.schema import DIMENSION_IDS, MetricIndex, Question, Questionnaire

B = TypeVar("B")


def question_score(question: Question, value: Any) -> float | None:
    """Maturity 0..1 of one answer; multi answers add up, capped at 1."""
    if value is None:
        return None
    if question.type == "number":
        band = question.band_for(value)
        return band.score if band else None
    if question.type == "multi":
        scores = [question.option(v).score or 0.0 for v in value]
        return min(1.0, sum(scores)) if scores else None
    option = question.option(value)
    return option.score if option else None


@dataclass(frozen=True)
class DimensionScore:
    id: str
    score: float | None  # 0..100; None unless enough questions are answered for the dimension to count
    answered: int
    total: int
    partial: float | None = None  # mean over what is answered, shown beside "not counted"

    @property
    def completeness(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def counted(self) -> bool:
        return self.score is not None


def maturity(questions: list[Question], answers: dict[str, Any]) -> tuple[float | None, int]:
    """Weighted mean answer score 0..1 over the answered questions, and how many were answered."""
    pairs = [(question_score(x, answers.get(x.id)), x.weight) for x in questions]
    pairs = [(s, w) for s, w in pairs if s is not None]
    if not pairs:
        return None, 0
    return sum(s * w for s, w in pairs) / sum(w for _, w in pairs), len(pairs)


def counts(q: Questionnaire, answered: int, total: int) -> bool:
    """A dimension counts only with the minimum share of its questions answered (content: completeness)."""
    return total > 0 and answered / total >= q.completeness.min_share - 1e-9


def dimension_score(q: Questionnaire, did: str, answers: dict[str, Any]) -> DimensionScore:
    questions = q.questions_in(did)
    value, answered = maturity(questions, answers)
    partial = None if value is None else 100.0 * value
    score = partial if counts(q, answered, len(questions)) else None
    return DimensionScore(did, score, answered, len(questions), partial)


def dimension_scores(q: Questionnaire, answers: dict[str, Any]) -> dict[str, DimensionScore]:
    return {did: dimension_score(q, did, answers) for did in DIMENSION_IDS}


def weighted(weights: dict[str, float], values: dict[str, float | None]) -> float | None:
    """Weighted mean over the values present, weights renormalised; None if none is present."""
    present = {k: w for k, w in weights.items() if values.get(k) is not None}
    total = sum(present.values())
    if not present or total <= 0:
        return None
    return sum(w * values[k] for k, w in present.items()) / total


@dataclass(frozen=True)
class MetricIndexValue:
    value: float | None
    source: str  # "metrics" | "blend" | "proxy" | "none"
    components: dict[str, float | None]


def metric_index(
    q: Questionnaire, name: str, spec: MetricIndex, answers: dict[str, Any], dims01: dict
) -> MetricIndexValue:
    """The mean of the answered components, weighted by the share of components answered, with the
    dimension proxy standing in for the rest: one metric answered out of three moves the index a third of
    the way from the estimate, never all the way (tool's rule, Methodology page)."""
    components: dict[str, float | None] = {}
    for comp in spec.components:
        scores = [
            question_score(x, answers.get(x.id))
            for x in q.questions
            if x.index == name and x.component == comp
        ]
        scores = [s for s in scores if s is not None]
        components[comp] = sum(scores) / len(scores) if scores else None
    present = [v for v in components.values() if v is not None]
    proxy = weighted(spec.proxy, dims01)
    if present and (len(present) == len(components) or proxy is None):
        return MetricIndexValue(sum(present) / len(present), "metrics", components)
    if present:
        coverage = len(present) / len(components)
        blended = coverage * sum(present) / len(present) + (1 - coverage) * proxy
        return MetricIndexValue(blended, "blend", components)
    return MetricIndexValue(proxy, "proxy" if proxy is not None else "none", components)


def readiness_weights(q: Questionnaire, override: dict[str, float] | None) -> dict[str, float]:
    return dict(override) if override else dict(q.indices.readiness.weights)


def band_for(value: float | None, bands: Sequence[B]) -> B | None:
    """The first band whose `below` the value is under (the last band has none): the one band function,
    for the report's partner-value bands and the tool's readiness bands alike."""
    if value is None:
        return None
    return next((b for b in bands if b.below is None or value < b.below), bands[-1])
