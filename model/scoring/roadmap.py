"""The phased plan: actions chosen and ordered from the firm's gaps (DESIGN §3.6, report §9.2)."""

from __future__ import annotations

from dataclasses import dataclass

from model.content.plan_schema import Action, Phase
from model.content.schema import Questionnaire

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Trigger:
    """Why an action is in the plan: a gap, a strength, the strategy type or the cross-border flag."""

    kind: str  # "gap" | "strength" | "type" | "cross_border" | "baseline"
    dimension: str | None = None
    threshold: float | None = None
    score: float | None = None
    value: str | None = None


@dataclass(frozen=True)
class PlannedAction:
    action: Action
    triggers: tuple[Trigger, ...]
    gap_size: float  # how far below its threshold the firm is; larger first within a priority


@dataclass(frozen=True)
class PlannedPhase:
    phase: Phase
    actions: tuple[PlannedAction, ...]


def triggers_of(
    action: Action, dims100: dict[str, float | None], recommended: str | None, cross_border: bool
) -> tuple[Trigger, ...] | None:
    """The triggers when every condition of the action holds; None when one does not.
    An unanswered dimension satisfies neither a gap nor a strength: we do not guess."""
    when = action.when
    found: list[Trigger] = []
    for d, threshold in when.gaps.items():
        score = dims100[d]
        if score is None or score >= threshold:
            return None
        found.append(Trigger("gap", d, threshold, score))
    for d, threshold in when.strengths.items():
        score = dims100[d]
        if score is None or score < threshold:
            return None
        found.append(Trigger("strength", d, threshold, score))
    if when.types:
        if recommended not in when.types:
            return None
        found.append(Trigger("type", value=recommended))
    if when.cross_border is not None:
        if cross_border != when.cross_border:
            return None
        found.append(Trigger("cross_border", value=str(cross_border).lower()))
    return tuple(found) or (Trigger("baseline"),)


def build_plan(
    q: Questionnaire, dims100: dict[str, float | None], recommended: str | None, cross_border: bool
) -> tuple[PlannedPhase, ...]:
    roadmap = q.roadmap
    phases = []
    for phase in roadmap.phases:
        chosen = []
        for action in roadmap.actions:
            if action.phase != phase.id:
                continue
            triggers = triggers_of(action, dims100, recommended, cross_border)
            if triggers is None:
                continue
            gap = max((t.threshold - t.score for t in triggers if t.kind == "gap"), default=0.0)
            chosen.append(PlannedAction(action, triggers, gap))
        chosen.sort(key=lambda a: (PRIORITY_ORDER[a.action.priority], -a.gap_size))
        phases.append(PlannedPhase(phase, tuple(chosen)))
    return tuple(phases)
