"""Milestones: an earlier assessment next to the current one, per dimension and index (DESIGN §1)."""

from __future__ import annotations

from dataclasses import dataclass

from model.content.schema import DIMENSION_IDS
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
