"""Ranking the nine cooperation modes for an assessed firm (report §3): fit from the dimensions, then the
gates — inputs missing (not assessed), compliance first (blocked), a licence not held, an entry bar unmet."""

from __future__ import annotations

from dataclasses import dataclass

from model.content.plan_schema import CooperationMode
from model.content.schema import Questionnaire, RegionContext
from model.scoring.gates import Gates

GATED_CAP = 0.3  # an unmet precondition halves the fit and caps it here
CROSS_BORDER_MODES = ("equity_cross_border", "platform_cross_border")
TOP = 3
# display and ranking order of the statuses: what can start now first, what cannot be judged last
STATUSES = ("eligible", "licence", "unmet", "blocked", "not_assessed")


@dataclass(frozen=True)
class UnmetPrecondition:
    dimension: str
    min: float
    score: float | None


@dataclass(frozen=True)
class ModeFit:
    mode: CooperationMode
    fit: float
    contributions: tuple[tuple[str, float], ...]  # (dimension, weight × score), largest first
    type_bonus: float
    cross_border_bonus: float
    unmet: tuple[UnmetPrecondition, ...]
    region_bonus: float = 0.0
    missing_inputs: tuple[str, ...] = ()  # dimensions the fit needs that do not count yet
    blocked: bool = False  # its family is blocked until red/orange compliance risk is mitigated
    missing_licences: tuple[str, ...] = ()  # licences it needs that the firm does not hold

    @property
    def id(self) -> str:
        return self.mode.id

    @property
    def status(self) -> str:
        if self.missing_inputs:
            return "not_assessed"
        if self.blocked:
            return "blocked"
        if self.unmet:
            return "unmet"
        if self.missing_licences:
            return "licence"
        return "eligible"

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"

    @property
    def assessed(self) -> bool:
        return not self.missing_inputs


def mode_fit(
    mode: CooperationMode,
    dims100: dict[str, float | None],
    recommended: str | None,
    cross_border: bool,
    gate: Gates | None = None,
    region: RegionContext | None = None,
) -> ModeFit:
    spec = mode.fit
    needed = dict.fromkeys([*spec.weights, *(p.dimension for p in mode.preconditions)])
    missing = tuple(d for d in needed if dims100[d] is None)
    contributions = sorted(
        ((d, w * (dims100[d] or 0.0) / 100.0) for d, w in spec.weights.items()), key=lambda c: -c[1]
    )
    type_bonus = spec.type_bonus.get(recommended, 0.0) if recommended else 0.0
    xb_bonus = spec.cross_border_bonus if cross_border else 0.0
    region_bonus = region.mode_bonus.get(mode.id, 0.0) if region else 0.0
    fit = sum(c for _, c in contributions) + type_bonus + xb_bonus + region_bonus
    unmet = tuple(
        UnmetPrecondition(p.dimension, p.min, dims100[p.dimension])
        for p in mode.preconditions
        if dims100[p.dimension] is not None and dims100[p.dimension] < p.min
    )
    blocked = bool(gate and mode.family in gate.blocked_families)
    if unmet or blocked:
        fit = min(GATED_CAP, fit / 2)
    if missing:
        fit = 0.0  # not assessed: no number to compare
    return ModeFit(
        mode,
        min(1.0, max(0.0, fit)),
        tuple(contributions),
        type_bonus,
        xb_bonus,
        unmet,
        region_bonus,
        missing,
        blocked,
        gate.missing_licences(mode.licences) if gate else (),
    )


def rank_modes(
    q: Questionnaire,
    dims100: dict[str, float | None],
    recommended: str | None,
    cross_border: bool,
    gate: Gates | None = None,
    region: RegionContext | None = None,
) -> tuple[ModeFit, ...]:
    """Modes that can start now first, by fit; then those needing a licence first, then those below an
    entry bar or blocked, then those not assessed. With the cross-border flag the best eligible
    cross-border mode is always among the top three (§9.1.3: it deserves its own track)."""
    fits = [mode_fit(m, dims100, recommended, cross_border, gate, region) for m in q.cooperation_modes]
    order = {m.id: i for i, m in enumerate(q.cooperation_modes)}
    ranked = sorted(fits, key=lambda f: (STATUSES.index(f.status), -round(f.fit, 9), order[f.id]))
    if cross_border and not any(f.id in CROSS_BORDER_MODES for f in ranked[:TOP]):
        best_xb = next((f for f in ranked if f.id in CROSS_BORDER_MODES and f.eligible), None)
        if best_xb:
            ranked.remove(best_xb)
            ranked.insert(TOP - 1, best_xb)
    return tuple(ranked)
