"""Pydantic schema of a questionnaire: the content contract of DESIGN §3.1.

Structural checks live on the models; checks that need the whole questionnaire (ids that must
exist, the strategy-type stability contract) live in `Questionnaire.check_references`.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator, model_validator

from model.content.base import (  # noqa: F401  (re-exported: callers import ids from here)
    DIMENSION_IDS,
    ID_PATTERN,
    INDEX_IDS,
    LEADER_DIMENSIONS,
    REF_PATTERN,
    STRATEGY_TYPE_IDS,
    UNSCORED_SECTIONS,
    Strict,
    Text,
)
from model.content.migration_schema import Migration, check_migrations
from model.content.plan_schema import (  # planning content is part of a questionnaire
    MODE_IDS,
    CooperationMode,
    ReferenceValue,
    RiskRegister,
    Roadmap,
)


class Option(Strict):
    value: str = Field(pattern=ID_PATTERN)
    label: Text
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    # "we do not track this": an honest answer that scores like a skipped question (never below it)
    as_skipped: bool = False

    @model_validator(mode="after")
    def _skip_has_no_score(self) -> Option:
        if self.as_skipped and self.score is not None:
            raise ValueError("an as_skipped option has no score")
        return self


# Who holds the facts a question asks for, when it is not the strategy team answering (a workshop hands
# these questions over); shown on the Assessment page.
DEPARTMENTS = ("finance", "risk", "compliance", "it", "business", "hr")


class Band(Strict):
    """A value range [min, max) mapped to a maturity score; the last band includes its max."""

    min: float
    max: float
    score: float = Field(ge=0.0, le=1.0)
    label: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if not (math.isfinite(self.min) and math.isfinite(self.max)) or self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    dimension: str
    type: Literal["single", "multi", "scale", "number"]
    text: Text
    help: Text
    ref: str = Field(pattern=REF_PATTERN)
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    unit: Text | None = None
    weight: float = Field(default=1.0, gt=0.0, le=10.0)
    # metrics questions: which index component they feed (DESIGN §3.3)
    index: Literal["user_value", "commercial_value"] | None = None
    component: str | None = Field(default=None, pattern=ID_PATTERN)
    department: Literal[DEPARTMENTS] | None = None  # type: ignore[valid-type]

    @property
    def scored(self) -> bool:
        return self.dimension in DIMENSION_IDS

    @property
    def min(self) -> float | None:
        return self.bands[0].min if self.bands else None

    @property
    def max(self) -> float | None:
        return self.bands[-1].max if self.bands else None

    @model_validator(mode="after")
    def _shape(self) -> Question:
        if self.type == "number":
            if self.options:
                raise ValueError("a number question has bands, not options")
            if not self.bands:
                raise ValueError("a number question needs bands")
            _check_bands(self.bands)
        else:
            if self.bands:
                raise ValueError(f"a {self.type} question has options, not bands")
            if len(self.options) < 2:
                raise ValueError(f"a {self.type} question needs at least two options")
            seen: set[str] = set()
            for i, option in enumerate(self.options):
                if option.value in seen:
                    raise ValueError(f"options[{i}].value: duplicate option value '{option.value}'")
                seen.add(option.value)
                if (
                    option.score is None
                    and not option.as_skipped
                    and (self.dimension in DIMENSION_IDS or self.index)
                ):
                    raise ValueError(f"options[{i}].score: a scored question needs a score on every option")
        if self.index and not self.component:
            raise ValueError("a question feeding an index needs a component")
        return self

    def option(self, value: str) -> Option | None:
        cache = self.__dict__.get("_options_by_value")
        if cache is None:  # frozen model: cache the lookup table beside the fields
            cache = {o.value: o for o in self.options}
            object.__setattr__(self, "_options_by_value", cache)
        return cache.get(value) if isinstance(value, str) else None

    def band_for(self, value: float) -> Band | None:
        for band in self.bands:
            if band.min <= value < band.max:
                return band
        if self.bands and value == self.bands[-1].max:
            return self.bands[-1]
        return None


def _check_bands(bands: tuple[Band, ...]) -> None:
    for i in range(1, len(bands)):
        prev, cur = bands[i - 1], bands[i]
        if cur.min < prev.max:
            raise ValueError(f"bands[{i}]: overlaps bands[{i - 1}] (min {cur.min} < previous max {prev.max})")
        if cur.min > prev.max:
            raise ValueError(f"bands[{i}]: leaves a gap after bands[{i - 1}] ({prev.max} to {cur.min})")


class Dimension(Strict):
    id: Literal[DIMENSION_IDS]  # type: ignore[valid-type]
    name: Text
    description: Text
    ref: str = Field(pattern=REF_PATTERN)


class ProfileBonus(Strict):
    question: str
    values: tuple[str, ...] = Field(min_length=1)
    bonus: float = Field(ge=-0.2, le=0.2)


class Fit(Strict):
    """fit = clip(bias + sum(weight[d] * score[d] / 100) + profile bonuses, 0, 1)."""

    bias: float = Field(ge=-1.0, le=1.5)
    weights: dict[str, float]
    profile_bonus: tuple[ProfileBonus, ...] = ()

    @field_validator("weights")
    @classmethod
    def _dimensions(cls, weights: dict[str, float]) -> dict[str, float]:
        for key in weights:
            if key not in DIMENSION_IDS:
                raise ValueError(f"unknown dimension '{key}'")
        return weights


class StrategyType(Strict):
    id: Literal[STRATEGY_TYPE_IDS]  # type: ignore[valid-type]
    name: Text
    slogan: Text
    summary: Text
    ref: str = Field(pattern=REF_PATTERN)
    fit: Fit
    archetype: dict[str, float]  # benchmark profile: 0..100 per dimension

    @field_validator("archetype")
    @classmethod
    def _archetype(cls, archetype: dict[str, float]) -> dict[str, float]:
        missing = [d for d in DIMENSION_IDS if d not in archetype]
        if missing:
            raise ValueError(f"archetype misses dimensions: {', '.join(missing)}")
        for key, value in archetype.items():
            if key not in DIMENSION_IDS:
                raise ValueError(f"unknown dimension '{key}'")
            if not 0 <= value <= 100:
                raise ValueError(f"{key}: archetype scores are 0..100 (got {value})")
        return archetype


def _weights_sum_to_one(weights: dict[str, float]) -> dict[str, float]:
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    if abs(sum(weights.values()) - 1.0) > 1e-6:
        raise ValueError(f"weights must sum to 1 (got {sum(weights.values()):.4f})")
    return weights


class WeightedIndex(Strict):
    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    weights: dict[str, float]

    _sum = field_validator("weights")(_weights_sum_to_one)


class MetricIndex(Strict):
    """An index computed from metric questions' components, or a dimension proxy when none is answered."""

    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    components: dict[str, Text] = Field(min_length=1)
    proxy: dict[str, float]

    _sum = field_validator("proxy")(_weights_sum_to_one)


class Indices(Strict):
    resource_synergy: WeightedIndex
    user_value: MetricIndex
    commercial_value: MetricIndex
    readiness: WeightedIndex


class RiskCategory(Strict):
    name: Text
    share: float = Field(gt=0.0, le=1.0)


class RiskModel(Strict):
    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    max_weight: float = Field(gt=0.0, lt=1.0)
    categories: dict[Literal["compliance", "technology", "market"], RiskCategory]
    min_compliance_share: float = Field(default=0.2, ge=0.2, le=1.0)
    mitigation_question: str  # its options are the mitigations; their effects are in the risk register

    @model_validator(mode="after")
    def _shares(self) -> RiskModel:
        total = sum(c.share for c in self.categories.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"categories: shares must sum to 1 (got {total:.4f})")
        compliance = self.categories.get("compliance")
        if compliance is None or compliance.share < self.min_compliance_share:
            raise ValueError(
                f"categories.compliance.share: must be at least {self.min_compliance_share} (report §4.3.1)"
            )
        return self


class DecisionBand(Strict):
    id: Literal["restructure_or_exit", "improve", "prioritise"]
    name: Text
    advice: Text
    below: float | None = Field(default=None, gt=0.0, le=1.0)


class CrossBorderRule(Strict):
    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    min_score: float = Field(ge=0, le=100)
    intent_question: str
    min_intent: float = Field(ge=0, le=1)
    score_without_intent: float = Field(ge=0, le=100)


class Disclaimer(Strict):
    full: Text
    short: Text


class Questionnaire(Strict):
    id: str = Field(pattern=ID_PATTERN)
    version: int = Field(ge=1)
    title: Text
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    sections: dict[Literal["profile", "metrics"], Text]
    strategy_types: tuple[StrategyType, ...]
    indices: Indices
    risk: RiskModel
    decision_bands: tuple[DecisionBand, ...]
    cross_border: CrossBorderRule
    cooperation_modes: tuple[CooperationMode, ...]
    roadmap: Roadmap
    risk_register: RiskRegister
    reference_values: tuple[ReferenceValue, ...] = Field(min_length=1)
    disclaimer: Disclaimer
    migrations: tuple[Migration, ...] = ()  # how answers of older versions map onto this one

    def question(self, qid: str) -> Question | None:
        return self._by_id.get(qid)

    @property
    def _by_id(self) -> dict[str, Question]:
        cache = self.__dict__.get("_qcache")
        if cache is None:
            cache = {q.id: q for q in self.questions}
            object.__setattr__(self, "_qcache", cache)
        return cache

    def dimension(self, did: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == did)

    def strategy_type(self, tid: str) -> StrategyType:
        return next(t for t in self.strategy_types if t.id == tid)

    def questions_in(self, section: str) -> list[Question]:
        cache = self.__dict__.get("_sections")
        if cache is None:
            cache = {}
            for q in self.questions:
                cache.setdefault(q.dimension, []).append(q)
            object.__setattr__(self, "_sections", cache)
        return list(cache.get(section, ()))

    def section_name(self, section: str) -> Text:
        if section in DIMENSION_IDS:
            return self.dimension(section).name
        return self.sections[section]  # type: ignore[index]

    def check_references(self) -> list[tuple[str, str]]:
        """Whole-questionnaire checks; returns (field path, message) pairs."""
        problems: list[tuple[str, str]] = []
        add = problems.append

        dims = [d.id for d in self.dimensions]
        for did in DIMENSION_IDS:
            if did not in dims:
                add(("dimensions", f"dimension '{did}' is missing"))
        for i, did in enumerate(dims):
            if did in dims[:i]:
                add((f"dimensions[{i}].id", f"duplicate dimension '{did}'"))

        seen: set[str] = set()
        for i, q in enumerate(self.questions):
            if q.id in seen:
                add((f"questions[{i}].id", f"duplicate question id '{q.id}'"))
            seen.add(q.id)
            if q.dimension not in DIMENSION_IDS and q.dimension not in UNSCORED_SECTIONS:
                add((f"questions[{i}].dimension", f"unknown dimension '{q.dimension}'"))
            if q.index and q.component not in getattr(self.indices, q.index).components:
                add((f"questions[{i}].component", f"'{q.component}' is not a component of {q.index}"))
        for did in DIMENSION_IDS:
            positions = [i for i, q in enumerate(self.questions) if q.dimension == did]
            if not 4 <= len(positions) <= 7:
                where = f"questions[{positions[0]}].dimension" if positions else "questions"
                add((where, f"dimension '{did}' has {len(positions)} questions (4 to 7 expected)"))

        types = [t.id for t in self.strategy_types]
        for tid in STRATEGY_TYPE_IDS:
            if tid not in types:
                add(("strategy_types", f"strategy type '{tid}' is missing"))
        for i, tid in enumerate(types):
            if tid in types[:i]:
                add((f"strategy_types[{i}].id", f"duplicate strategy type '{tid}'"))
        problems += self._check_stability()
        for i, t in enumerate(self.strategy_types):
            for j, bonus in enumerate(t.fit.profile_bonus):
                problems += self._check_option_refs(
                    f"strategy_types[{i}].fit.profile_bonus[{j}]", bonus.question, bonus.values
                )

        for name in ("resource_synergy", "readiness"):
            keys = set(getattr(self.indices, name).weights)
            expected = set(DIMENSION_IDS) if name == "resource_synergy" else set(INDEX_IDS)
            for key in keys - expected:
                add((f"indices.{name}.weights.{key}", "unknown key"))
        for name in ("user_value", "commercial_value"):
            for key in getattr(self.indices, name).proxy:
                if key not in DIMENSION_IDS:
                    add((f"indices.{name}.proxy.{key}", f"unknown dimension '{key}'"))
        problems += self._check_option_refs(
            "risk_register.mitigation_effects",
            self.risk.mitigation_question,
            [m.value for m in self.risk_register.mitigation_effects],
        )
        problems += self._check_planning()
        problems += check_migrations(self)
        problems += self._check_option_refs(
            "cross_border.intent_question", self.cross_border.intent_question, []
        )
        intent = self.question(self.cross_border.intent_question)
        if intent and any(o.score is None for o in intent.options):
            add(("cross_border.intent_question", "every option of the intent question needs a score"))

        bands = self.decision_bands
        if [b.id for b in bands] != ["restructure_or_exit", "improve", "prioritise"]:
            add(("decision_bands", "expected restructure_or_exit, improve, prioritise in this order"))
        elif not (
            bands[0].below and bands[1].below and bands[0].below < bands[1].below and bands[2].below is None
        ):
            add(("decision_bands", "thresholds must rise and the last band has no 'below'"))
        return problems

    def _check_planning(self) -> list[tuple[str, str]]:
        problems = []
        if sorted(m.id for m in self.cooperation_modes) != sorted(MODE_IDS):
            problems.append(("cooperation_modes", f"expected each of these once: {', '.join(MODE_IDS)}"))
        goals = self.question("strategic_goals")
        for i, risk in enumerate(self.risk_register.risks):
            for goal in risk.activity.goals:
                if goals is None or goals.option(goal) is None:
                    problems.append(
                        (f"risk_register.risks[{i}].activity.goals.{goal}", "not a strategic_goals option")
                    )
        linked = [
            ("risk_register.indicators", self.risk_register.indicators),
            ("reference_values", self.reference_values),
        ]
        for field, items in linked:
            for i, item in enumerate(items):
                if item.metric_question and self.question(item.metric_question) is None:
                    problems.append(
                        (f"{field}[{i}].metric_question", f"unknown question '{item.metric_question}'")
                    )
        for phase in {p.id for p in self.roadmap.phases} - {a.phase for a in self.roadmap.actions}:
            problems.append(("roadmap.actions", f"phase '{phase}' has no actions"))
        for qid in sorted(self.roadmap.questions()):  # the plan's conditions name real questions
            if self.question(qid) is None:
                problems.append(("roadmap", f"unknown question '{qid}'"))
        for qid, value in sorted(self.roadmap.option_refs()):  # … and real options of them
            question = self.question(qid)
            if question is not None and question.option(value) is None:
                problems.append(("roadmap", f"'{value}' is not an option of '{qid}'"))
        return problems

    def _check_stability(self) -> list[tuple[str, str]]:
        """The DESIGN §3.4 contract, enforced on content: for capital, technology and channel the leader's
        fit weight is the largest of all types and the alliance member's is not positive, so improving
        them raises the leader's fit at least as fast as any other type's."""
        problems = []
        by_id = {t.id: t for t in self.strategy_types}
        leader, member = by_id.get("ecosystem_leader"), by_id.get("alliance_member")
        if not (leader and member):
            return problems
        for i, t in enumerate(self.strategy_types):
            for d in LEADER_DIMENSIONS:
                w, lw = t.fit.weights.get(d, 0.0), leader.fit.weights.get(d, 0.0)
                if w > lw:
                    problems.append(
                        (f"strategy_types[{i}].fit.weights.{d}", f"must not exceed ecosystem_leader's ({lw})")
                    )
        for d in LEADER_DIMENSIONS:
            if member.fit.weights.get(d, 0.0) > 0:
                problems.append((f"strategy_types.alliance_member.fit.weights.{d}", "must not be positive"))
        return problems

    def _check_option_refs(self, path: str, qid: str, values) -> list[tuple[str, str]]:
        q = self.question(qid)
        if q is None:
            return [(path, f"unknown question '{qid}'")]
        return [(path, f"'{v}' is not an option of '{qid}'") for v in values if q.option(v) is None]
