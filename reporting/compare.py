"""Milestones: an earlier assessment next to the current one, per dimension and index (docs/architecture.md), and
per plan action (its status then and now, issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from model.content.schema import DIMENSION_IDS
from model.inputs.answers import PLAN_STATUSES
from model.scoring.assess import Result

INDEX_KEYS = ("resource_synergy", "user_value", "commercial_value", "readiness", "risk_adjusted_readiness")


@dataclass(frozen=True)
class Change:
    kind: str  # "dimension" (0..100) | "index" (0..1)
    id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


def _indices(result: Result) -> dict[str, float | None]:
    return {
        "resource_synergy": result.resource_synergy,
        "user_value": result.user_value.value,
        "commercial_value": result.commercial_value.value,
        "readiness": result.readiness,
        "risk_adjusted_readiness": result.risk_adjusted_readiness,
    }


def changes(before: Result, after: Result) -> list[Change]:
    rows = [
        Change("dimension", d, before.dimensions[d].score, after.dimensions[d].score) for d in DIMENSION_IDS
    ]
    b, a = _indices(before), _indices(after)
    return rows + [Change("index", k, b[k], a[k]) for k in INDEX_KEYS]


def fmt(value: float | None, kind: str, signed: bool = False) -> str:
    """Dimension scores as whole points, indices with two decimals; '—' when missing."""
    if value is None:
        return "—"
    sign = "+" if signed else ""
    return f"{value:{sign}.0f}" if kind == "dimension" else f"{value:{sign}.2f}"


@dataclass(frozen=True)
class ActionProgress:
    """One action of the current plan next to what the earlier assessment recorded for it."""

    action_id: str
    phase_id: str
    before: str | None  # the earlier status; None when the action was not in the earlier plan
    after: str
    due: date
    overdue: bool

    @property
    def moved(self) -> bool:
        return self.before != self.after


def action_progress(before: Result, after: Result, today: date | None = None) -> list[ActionProgress]:
    """Per-action progress since an earlier assessment: every action of the current plan, with its
    status then (if it was planned then) and now; actions dropped from the plan are not listed."""
    earlier = {a.id: a.tracking.status for a in before.plan.actions()}
    return [
        ActionProgress(r.action_id, r.phase_id, earlier.get(r.action_id), r.status, r.due, r.overdue)
        for r in after.plan.rows(today)
    ]


def progress_counts(rows: list[ActionProgress]) -> dict[str, int]:
    """How many actions are in each status now, and how many moved since the earlier assessment."""
    counts = {s: 0 for s in PLAN_STATUSES}
    for r in rows:
        counts[r.after] += 1
    return counts | {"moved": sum(r.moved for r in rows), "overdue": sum(r.overdue for r in rows)}
