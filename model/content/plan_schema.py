"""Schema of the planning content: cooperation modes, the phased roadmap, the risk register and the
report's reference values (docs/architecture.md). Loaded and validated with the questionnaire."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from model.content.base import DIMENSION_IDS, ID_PATTERN, REF_PATTERN, STRATEGY_TYPE_IDS, Strict, Text

MODE_IDS = (
    "equity_head",
    "equity_regional_industry",
    "equity_cross_border",
    "alliance_internet_platform",
    "alliance_institutional",
    "alliance_industry",
    "platform_technology",
    "platform_scenario",
    "platform_cross_border",
)
PHASE_IDS = ("p1_strategy_partner", "p2_tech_integration", "p3_business_value")
RISK_IDS = (
    "data_security",
    "licence_barrier",
    "cross_border_compliance",
    "system_security",
    "data_quality",
    "technology_iteration",
    "homogenised_competition",
    "profit_sharing",
    "user_trust",
)
LEVEL_IDS = ("blue", "yellow", "orange", "red")
OWNERS = ("ceo", "cto", "cro", "cmo", "compliance", "business")
YEAR = re.compile(r"20[2-4][0-9]")
MAX_ACTIONS_PER_PHASE = 8


def _dimension_keys(values: dict[str, float]) -> dict[str, float]:
    for key in values:
        if key not in DIMENSION_IDS:
            raise ValueError(f"unknown dimension '{key}'")
    return values


def _unit_weights(values: dict[str, float]) -> dict[str, float]:
    _dimension_keys(values)
    if any(w < 0 for w in values.values()) or abs(sum(values.values()) - 1) > 1e-6:
        raise ValueError(f"weights must be non-negative and sum to 1 (got {sum(values.values()):.4f})")
    return values


class Precondition(Strict):
    """A mode's entry condition: below `min`, the mode's fit is capped (it cannot be recommended first)."""

    dimension: str
    min: float = Field(ge=0, le=100)
    reason: Text

    @field_validator("dimension")
    @classmethod
    def _known(cls, value: str) -> str:
        _dimension_keys({value: 0.0})
        return value


class ModeFit(Strict):
    """fit = Σ weight × score/100, + type bonus for the recommended type, + cross-border bonus if flagged;
    every unmet precondition caps it at `cap`."""

    weights: dict[str, float]
    type_bonus: dict[str, float] = Field(default_factory=dict)
    cross_border_bonus: float = Field(default=0.0, ge=0, le=0.5)

    _w = field_validator("weights")(_unit_weights)

    @field_validator("type_bonus")
    @classmethod
    def _types(cls, values: dict[str, float]) -> dict[str, float]:
        for key, bonus in values.items():
            if key not in STRATEGY_TYPE_IDS:
                raise ValueError(f"unknown strategy type '{key}'")
            if not -0.3 <= bonus <= 0.3:
                raise ValueError(f"{key}: bonus must be within ±0.3")
        return values


class CooperationMode(Strict):
    id: Literal[MODE_IDS]  # type: ignore[valid-type]
    family: Literal["equity", "alliance", "platform"]
    name: Text
    summary: Text
    strengths: tuple[Text, ...] = Field(min_length=1)
    risks: tuple[Text, ...] = Field(min_length=1)
    example: Text
    ref: str = Field(pattern=REF_PATTERN)
    preconditions: tuple[Precondition, ...] = ()
    licences: tuple[str, ...] = ()  # licences_held values the mode needs; without them, the licence first
    fit: ModeFit
    first_steps: tuple[Text, ...] = Field(min_length=2)


PLAN_ROLES = ("any", "builder", "joiner")
KPI_DUE = ("phase_mid", "phase_end")


class FirmTarget(Strict):
    """A KPI that starts from the firm's own figure: `{value}` is its answer to `question`, `{goal}` is
    value × factor (rounded). Used instead of the report's baseline whenever the firm gave the figure."""

    question: str = Field(pattern=ID_PATTERN)
    factor: float = Field(gt=0, le=10)
    target: Text

    @model_validator(mode="after")
    def _placeholders(self) -> FirmTarget:
        for text in (self.target.zh, self.target.en):
            try:
                text.format(value=1, goal=1)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(
                    f"target '{text}': only {{value}} and {{goal}} may be filled in ({exc})"
                ) from exc
        return self


class Kpi(Strict):
    metric: Text
    target: Text
    ref: str | None = Field(default=None, pattern=REF_PATTERN)
    firm: FirmTarget | None = None
    due: Literal[KPI_DUE] = "phase_end"  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _no_calendar_years(self) -> Kpi:
        # a KPI is dated from the firm's own plan start, never by the report's calendar (2025 …)
        for text in (self.target.zh, self.target.en):
            if YEAR.search(text):
                raise ValueError(f"target '{text}': no calendar years, say when relative to the phase")
        return self


class ActionWhen(Strict):
    """All given conditions must hold for the action to enter the plan."""

    gaps: dict[str, float] = Field(default_factory=dict)  # dimension score below this
    strengths: dict[str, float] = Field(default_factory=dict)  # dimension score at least this
    types: tuple[str, ...] = ()  # recommended strategy type is one of these
    cross_border: bool | None = None  # the cross-border extension flag equals this
    role: Literal[PLAN_ROLES] = "any"  # type: ignore[valid-type]  # builder or joiner (alliance member)
    answers: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # the answer is one of these
    missing_licences: tuple[str, ...] = ()  # the firm lacks at least one of these licences

    _g = field_validator("gaps", "strengths")(_dimension_keys)

    @field_validator("types")
    @classmethod
    def _known_types(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for v in values:
            if v not in STRATEGY_TYPE_IDS:
                raise ValueError(f"unknown strategy type '{v}'")
        return values


class Action(Strict):
    id: str = Field(pattern=ID_PATTERN)
    phase: Literal[PHASE_IDS]  # type: ignore[valid-type]
    title: Text
    detail: Text
    owner: Literal[OWNERS]  # type: ignore[valid-type]
    priority: Literal["high", "medium", "low"]
    when: ActionWhen = ActionWhen()
    # what the action builds, measured by these questions: their gap ranks it, and when every answered
    # one is at top maturity the firm already has it (the action is dropped, or kept as `sustain`)
    covers: tuple[str, ...] = ()
    has_any: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # already has it: one of these
    has_all: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # already has it: all selected
    sustain: Text | None = None  # what to keep doing when the firm already has it
    core: bool = False  # in every plan (kept small: the honest core every firm needs)
    binding: bool = False  # an equity tie or other binding commitment: the late phase only (§1.2(2))
    requires_licence: tuple[str, ...] = ()  # licences_held values it needs; without them it waits
    compliance: bool = False  # part of the compliance-first start when data-security/licence risk is high
    blocked_by: tuple[Literal[RISK_IDS], ...] = ()  # type: ignore[valid-type]  # left out while one is orange/red
    kpis: tuple[Kpi, ...] = Field(min_length=1)
    ref: str = Field(pattern=REF_PATTERN)

    def questions(self) -> set[str]:
        """Every question id the action's conditions read (checked against the questionnaire)."""
        ids = set(self.covers) | set(self.has_any) | set(self.has_all) | set(self.when.answers)
        return ids | {k.firm.question for k in self.kpis if k.firm}


class Phase(Strict):
    id: Literal[PHASE_IDS]  # type: ignore[valid-type]
    name: Text
    short: Text  # a short name for the Gantt axis; the full name is in the tooltip and the tables
    months: int = Field(ge=3, le=60)  # the firm's phase length, counted from the assessment date
    start: int = Field(ge=2024, le=2035)  # the report's reference years (§9.2), not the firm's dates
    end: int = Field(ge=2024, le=2035)
    depth: Text  # the cooperation depth of the period (§1.2(2))
    ref: str = Field(pattern=REF_PATTERN)


class Horizon(Strict):
    """Which phases the plan covers for each answer to the horizon question (§1.2(2), §9.2)."""

    question: str = Field(pattern=ID_PATTERN)
    phases: dict[str, tuple[Literal[PHASE_IDS], ...]]  # type: ignore[valid-type]
    unanswered: tuple[Literal[PHASE_IDS], ...] = PHASE_IDS  # type: ignore[valid-type]


class ComplianceFirst(Strict):
    """When any of these risks is at one of these levels, the plan starts with compliance (§4.3.1)."""

    risks: tuple[str, ...] = Field(min_length=1)
    levels: tuple[str, ...] = Field(min_length=1)


class PlanLimits(Strict):
    target: int = Field(default=6, ge=3, le=8)  # actions per phase aimed for
    minimum: int = Field(default=3, ge=1, le=8)


class Milestone(Strict):
    year: int = Field(ge=2024, le=2035)
    label: Text
    ref: str = Field(pattern=REF_PATTERN)


class InvestmentPriority(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    summary: Text
    dimensions: tuple[str, ...] = Field(min_length=1)
    ref: str = Field(pattern=REF_PATTERN)


class Roadmap(Strict):
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...]
    owners: dict[Literal[OWNERS], Text]  # type: ignore[valid-type]
    investment_priorities: tuple[InvestmentPriority, ...] = Field(min_length=1)
    horizon: Horizon
    licence_question: str = Field(pattern=ID_PATTERN)
    compliance_first: ComplianceFirst
    limits: PlanLimits = PlanLimits()
    actions: tuple[Action, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Roadmap:
        if tuple(p.id for p in self.phases) != PHASE_IDS:
            raise ValueError(f"phases: expected {', '.join(PHASE_IDS)} in this order")
        seen: set[str] = set()
        for i, action in enumerate(self.actions):
            if action.id in seen:
                raise ValueError(f"actions[{i}].id: duplicate action id '{action.id}'")
            seen.add(action.id)
            if action.binding and action.phase != PHASE_IDS[-1]:
                raise ValueError(f"actions[{i}] ({action.id}): binding actions belong to the late phase")
            if action.requires_licence and action.phase == PHASE_IDS[0]:
                # the licence step takes the first phase; what needs the licence comes after it
                raise ValueError(
                    f"actions[{i}] ({action.id}): an action that needs a licence cannot be in phase 1"
                )
        return self

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def option_refs(self) -> set[tuple[str, str]]:
        """Every (question id, option value) the roadmap's conditions name."""
        refs = {(self.horizon.question, v) for v in self.horizon.phases}
        for a in self.actions:
            for block in (a.has_any, a.has_all, a.when.answers):
                refs |= {(qid, v) for qid, values in block.items() for v in values}
            refs |= {(self.licence_question, v) for v in (*a.requires_licence, *a.when.missing_licences)}
        return refs

    def questions(self) -> set[str]:
        """Every question id the roadmap relies on."""
        ids = {self.horizon.question, self.licence_question}
        for a in self.actions:
            ids |= a.questions()
        return ids


class Activity(Strict):
    """How much of the risky activity the firm plans: base + weights of answers that mean more of it."""

    base: float = Field(ge=0, le=1)
    goals: dict[str, float] = Field(default_factory=dict)  # strategic_goals options selected
    dimensions: dict[str, float] = Field(default_factory=dict)  # higher score = more activity
    cross_border_intent: float = Field(default=0.0, ge=0, le=1)

    _d = field_validator("dimensions")(_dimension_keys)


class Risk(Strict):
    id: Literal[RISK_IDS]  # type: ignore[valid-type]
    category: Literal["compliance", "technology", "market"]
    name: Text
    description: Text
    ref: str = Field(pattern=REF_PATTERN)
    impact: float = Field(gt=0, le=1)
    activity: Activity
    controls: dict[str, float]  # weak controls raise the likelihood
    mitigations: tuple[Text, ...] = Field(min_length=1)

    _c = field_validator("controls")(_unit_weights)


class Level(Strict):
    id: Literal[LEVEL_IDS]  # type: ignore[valid-type]
    name: Text
    min_exposure: float = Field(ge=0, le=1)
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    response: Text


class Indicator(Strict):
    id: str = Field(pattern=ID_PATTERN)
    risk: Literal[RISK_IDS]  # type: ignore[valid-type]
    name: Text
    unit: Text
    direction: Literal["above", "below"]  # which side of the threshold is bad
    warn: float
    alert: float
    ref: str = Field(pattern=REF_PATTERN)
    metric_question: str | None = None  # prefill from this metrics answer, if given

    @model_validator(mode="after")
    def _order(self) -> Indicator:
        bad = self.alert > self.warn if self.direction == "above" else self.alert < self.warn
        if not bad:
            raise ValueError(
                f"alert ({self.alert}) must be beyond warn ({self.warn}) on the '{self.direction}' side"
            )
        return self


class MitigationEffect(Strict):
    """Which risks a mitigation (an option of the risk-mitigation question) reduces, and by how much."""

    value: str = Field(pattern=ID_PATTERN)
    reduction: float = Field(gt=0.0, lt=1.0)
    applies_to: tuple[Literal[RISK_IDS], ...] = Field(min_length=1)  # type: ignore[valid-type]


class RiskRegister(Strict):
    levels: tuple[Level, ...]
    risks: tuple[Risk, ...]
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    mitigation_effects: tuple[MitigationEffect, ...]
    basis: Text  # why the level thresholds, impacts and mitigation cuts are what they are

    @model_validator(mode="after")
    def _check(self) -> RiskRegister:
        if tuple(lv.id for lv in self.levels) != LEVEL_IDS:
            raise ValueError(f"levels: expected {', '.join(LEVEL_IDS)} in this order")
        mins = [lv.min_exposure for lv in self.levels]
        if mins[0] != 0 or mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("levels: min_exposure must start at 0 and rise")
        if sorted(r.id for r in self.risks) != sorted(RISK_IDS):
            raise ValueError(f"risks: expected exactly these ids: {', '.join(RISK_IDS)}")
        return self


class ReferenceValue(Strict):
    """A figure the report quotes, always shown as the report's illustrative example."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    unit: Text
    before: float | None = None
    after: float
    better: Literal["higher", "lower"]
    metric_question: str | None = None
    note: Text
    ref: str = Field(pattern=REF_PATTERN)
