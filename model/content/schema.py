"""Pydantic schema of a questionnaire: the content contract (docs/architecture.md).

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
    # metrics questions: which index component they feed (docs/architecture.md)
    index: Literal["user_value", "commercial_value"] | None = None
    component: str | None = Field(default=None, pattern=ID_PATTERN)
    department: Literal[DEPARTMENTS] | None = None  # type: ignore[valid-type]
    # set when the question is the tool's own addition, not something the report names: why the tool asks it
    # (listed on the Methodology page as the tool's judgement)
    tool_addition: Text | None = None

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
    bonus: float = Field(ge=-0.3, le=0.3)


class ProfileGate(Strict):
    """Evidence a type needs from the profile: unless the answer is one of `values`, subtract `penalty`."""

    question: str
    values: tuple[str, ...] = Field(min_length=1)
    penalty: float = Field(gt=0.0, le=1.0)


class Niche(Strict):
    """The strongest of several distinct niches counts (report §7.3.2: a scenario, a client segment or an
    industry vertical): `sources` are dimensions or scored questions, each read 0..1."""

    weight: float = Field(gt=0.0, le=1.0)
    floor: float = Field(default=0.0, ge=0, le=100)
    dimensions: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    @field_validator("dimensions")
    @classmethod
    def _dims(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for key in values:
            if key not in DIMENSION_IDS:
                raise ValueError(f"unknown dimension '{key}'")
        return values


def _dimension_map(values: dict[str, float]) -> dict[str, float]:
    for key in values:
        if key not in DIMENSION_IDS:
            raise ValueError(f"unknown dimension '{key}'")
    return values


class Fit(Strict):
    """fit = clip(bias + Σ weight[d]·s[d] + niche − floor_rate·Σ shortfall below floors
    − ceiling_rate·Σ excess over ceilings + profile bonuses − profile gate, 0, 1), scores s in 0..1."""

    bias: float = Field(ge=-1.0, le=1.5)
    weights: dict[str, float]
    floors: dict[str, float] = Field(default_factory=dict)  # dimension -> minimum score 0..100
    floor_rate: float = Field(default=0.0, ge=0.0, le=3.0)
    ceilings: dict[str, float] = Field(default_factory=dict)  # dimension -> score above which fit falls
    ceiling_rate: float = Field(default=0.0, ge=0.0, le=3.0)
    niche: Niche | None = None
    profile_bonus: tuple[ProfileBonus, ...] = ()
    profile_gate: ProfileGate | None = None
    basis: Text  # why these numbers: they are the tool's judgement, not the report's

    _w = field_validator("weights")(_dimension_map)
    _f = field_validator("floors")(_dimension_map)
    _c = field_validator("ceilings")(_dimension_map)

    def slope_range(self, d: str) -> tuple[float, float]:
        """Smallest and largest d(fit)/d(score d in 0..1) before clipping: the stability contract's terms."""
        w = self.weights.get(d, 0.0)
        low, high = w, w
        if d in self.floors:
            high += self.floor_rate
        if d in self.ceilings:
            low -= self.ceiling_rate
        if self.niche and d in self.niche.dimensions:
            high += self.niche.weight + (self.floor_rate if self.niche.floor else 0.0)
        return low, high


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


class RiskModel(Strict):
    """risk weight = max_weight × Σ share[risk] × exposure[risk]; data security's own share is at least
    `min_data_security_share` (report §4.3.1: data-security compliance weight ≥ 20 %)."""

    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    max_weight: float = Field(gt=0.0, lt=1.0)
    categories: dict[Literal["compliance", "technology", "market"], RiskCategory]
    shares: dict[str, float]  # risk id -> share of the risk weight, summing to 1
    min_data_security_share: float = Field(default=0.2, ge=0.2, le=1.0)
    mitigation_question: str  # its options are the mitigations; their effects are in the risk register
    privacy_review_indicator: str  # an indicator value ≥ 1 means a failed data-privacy review
    privacy_review_penalty: float = Field(default=0.15, ge=0.0, le=1.0)  # §4.3.1: the index falls by 0.15
    basis: Text

    @model_validator(mode="after")
    def _shares(self) -> RiskModel:
        from model.content.plan_schema import RISK_IDS

        if sorted(self.shares) != sorted(RISK_IDS):
            raise ValueError(f"shares: expected one share for each of {', '.join(RISK_IDS)}")
        total = sum(self.shares.values())
        if any(v < 0 for v in self.shares.values()) or abs(total - 1.0) > 1e-6:
            raise ValueError(f"shares: must be non-negative and sum to 1 (got {total:.4f})")
        if self.shares["data_security"] < self.min_data_security_share:
            raise ValueError(
                f"shares.data_security: must be at least {self.min_data_security_share} (report §4.3.1)"
            )
        return self


class DecisionBand(Strict):
    """The report's bands for a partner project's value contribution (§4.3.2, §4.4.3)."""

    id: Literal["restructure_or_exit", "improve", "prioritise"]
    name: Text
    advice: Text
    below: float | None = Field(default=None, gt=0.0, le=1.0)


class ReadinessBand(Strict):
    """The tool's own bands for the firm's risk-adjusted readiness, calibrated on the calibration set."""

    id: Literal["foundations", "pilot", "scale"]
    name: Text
    advice: Text
    below: float | None = Field(default=None, gt=0.0, le=1.0)
    tone: Literal["low", "mid", "high"]


class ReadinessBands(Strict):
    name: Text
    basis: Text
    bands: tuple[ReadinessBand, ...]

    @model_validator(mode="after")
    def _order(self) -> ReadinessBands:
        b = self.bands
        if [x.id for x in b] != ["foundations", "pilot", "scale"]:
            raise ValueError("bands: expected foundations, pilot, scale in this order")
        if not (b[0].below and b[1].below and b[0].below < b[1].below and b[2].below is None):
            raise ValueError("bands: thresholds must rise and the last band has no 'below'")
        return self


class Completeness(Strict):
    """A dimension counts only when at least `min_share` of its questions are answered."""

    min_share: float = Field(gt=0.0, le=1.0)
    basis: Text


class StrategySettings(Strict):
    close_call_margin: float = Field(ge=0.0, le=0.5)  # first two fits closer than this: a close call
    flip_range: int = Field(default=40, ge=1, le=100)  # "what would change it" looks this many points out
    basis: Text


class ComplianceGate(Strict):
    """Red or orange data-security or licence risk: compliance comes first (report §4.3.1, §5.1, §8.1)."""

    ref: str = Field(pattern=REF_PATTERN)
    risks: tuple[str, ...] = Field(min_length=1)
    levels: tuple[Literal["blue", "yellow", "orange", "red"], ...] = Field(min_length=1)
    blocks_types: tuple[Literal[STRATEGY_TYPE_IDS], ...] = ()  # type: ignore[valid-type]
    blocks_families: tuple[Literal["equity", "alliance", "platform"], ...] = ()
    band_cap: Literal["foundations", "pilot", "scale"]
    licence_question: str  # profile question listing the licences held
    basis: Text


class RegionContext(Strict):
    """The regional policy context of report §2.1 for one `region` answer, and the modes it favours."""

    value: str = Field(pattern=ID_PATTERN)
    context: Text
    ref: str = Field(pattern=REF_PATTERN)
    mode_bonus: dict[str, float] = Field(default_factory=dict)


class Regions(Strict):
    question: str
    basis: Text
    contexts: tuple[RegionContext, ...]


class CrossBorderRule(Strict):
    name: Text
    ref: str = Field(pattern=REF_PATTERN)
    min_score: float = Field(ge=0, le=100)
    intent_question: str
    min_intent: float = Field(ge=0, le=1)
    score_without_intent: float = Field(ge=0, le=100)
    basis: Text


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
    readiness_bands: ReadinessBands
    completeness: Completeness
    strategy: StrategySettings
    compliance_gate: ComplianceGate
    regions: Regions
    cross_border: CrossBorderRule
    cooperation_modes: tuple[CooperationMode, ...]
    mode_basis: Text  # why the mode weights, preconditions and bonuses are what they are
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
            gate = t.fit.profile_gate
            if gate:
                problems += self._check_option_refs(
                    f"strategy_types[{i}].fit.profile_gate", gate.question, gate.values
                )
            for qid in t.fit.niche.questions if t.fit.niche else ():
                nq = self.question(qid)
                if nq is None or nq.dimension not in DIMENSION_IDS:
                    add((f"strategy_types[{i}].fit.niche.questions", f"'{qid}' is not a scored question"))
        problems += self._check_gates()

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
        """The stability contract, enforced on content: on capital, technology and channel the leader's
        fit never falls (its smallest slope is ≥ 0) and rises at least as fast as any other type's can,
        and the alliance member's fit never rises — so more of them never makes the leader less likely
        nor the alliance member more likely."""
        problems = []
        by_id = {t.id: t for t in self.strategy_types}
        leader, member = by_id.get("ecosystem_leader"), by_id.get("alliance_member")
        if not (leader and member):
            return problems
        for d in LEADER_DIMENSIONS:
            lead_low = leader.fit.slope_range(d)[0]
            if lead_low < 0:
                problems.append(
                    (f"strategy_types.ecosystem_leader.fit.{d}", "must not lower the leader's fit")
                )
            for i, t in enumerate(self.strategy_types):
                if t.id != "ecosystem_leader" and t.fit.slope_range(d)[1] > lead_low + 1e-9:
                    problems.append(
                        (
                            f"strategy_types[{i}].fit.weights.{d}",
                            f"can rise faster than ecosystem_leader's fit ({lead_low:g} per unit)",
                        )
                    )
            if member.fit.slope_range(d)[1] > 0:
                problems.append((f"strategy_types.alliance_member.fit.weights.{d}", "must not be positive"))
        return problems

    def _check_gates(self) -> list[tuple[str, str]]:
        from model.content.plan_schema import RISK_IDS

        problems = []
        gate = self.compliance_gate
        for rid in gate.risks:
            if rid not in RISK_IDS:
                problems.append(("compliance_gate.risks", f"unknown risk '{rid}'"))
        licences = [lic for m in self.cooperation_modes for lic in m.licences]
        problems += self._check_option_refs("cooperation_modes.licences", gate.licence_question, licences)
        if self.risk.privacy_review_indicator not in {i.id for i in self.risk_register.indicators}:
            problems.append(("risk.privacy_review_indicator", "not an indicator of the risk register"))
        problems += self._check_option_refs(
            "regions.contexts", self.regions.question, [c.value for c in self.regions.contexts]
        )
        for c in self.regions.contexts:
            for mid in c.mode_bonus:
                if mid not in MODE_IDS:
                    problems.append((f"regions.contexts.{c.value}.mode_bonus", f"unknown mode '{mid}'"))
        return problems

    def _check_option_refs(self, path: str, qid: str, values) -> list[tuple[str, str]]:
        q = self.question(qid)
        if q is None:
            return [(path, f"unknown question '{qid}'")]
        return [(path, f"'{v}' is not an option of '{qid}'") for v in values if q.option(v) is None]
