"""Ranking the nine cooperation modes for an assessed firm (DESIGN §3.5, report §3)."""

from __future__ import annotations

from dataclasses import dataclass

from model.content.plan_schema import CooperationMode
from model.content.schema import Questionnaire

GATED_CAP = 0.3  # an unmet precondition halves the fit and caps it here
CROSS_BORDER_MODES = ("equity_cross_border", "platform_cross_border")
TOP = 3


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

    @property
    def id(self) -> str:
        return self.mode.id

    @property
    def eligible(self) -> bool:
        return not self.unmet


def mode_fit(
    mode: CooperationMode, dims100: dict[str, float | None], recommended: str | None, cross_border: bool
) -> ModeFit:
    spec = mode.fit
    contributions = sorted(
        ((d, w * (dims100[d] or 0.0) / 100.0) for d, w in spec.weights.items()), key=lambda c: -c[1]
    )
    type_bonus = spec.type_bonus.get(recommended, 0.0) if recommended else 0.0
    xb_bonus = spec.cross_border_bonus if cross_border else 0.0
    fit = sum(c for _, c in contributions) + type_bonus + xb_bonus
    unmet = tuple(
        UnmetPrecondition(p.dimension, p.min, dims100[p.dimension])
        for p in mode.preconditions
        if dims100[p.dimension] is None or dims100[p.dimension] < p.min
    )
    if unmet:
        fit = min(GATED_CAP, fit / 2)
    return ModeFit(mode, min(1.0, max(0.0, fit)), tuple(contributions), type_bonus, xb_bonus, unmet)


def rank_modes(
    q: Questionnaire, dims100: dict[str, float | None], recommended: str | None, cross_border: bool
) -> tuple[ModeFit, ...]:
    """Eligible modes first, by fit; with the cross-border flag the best cross-border mode is always
    among the top three (§9.1.3: cross-border capability and intent deserve their own track)."""
    fits = [mode_fit(m, dims100, recommended, cross_border) for m in q.cooperation_modes]
    order = {m.id: i for i, m in enumerate(q.cooperation_modes)}
    ranked = sorted(fits, key=lambda f: (not f.eligible, -round(f.fit, 9), order[f.id]))
    if cross_border and not any(f.id in CROSS_BORDER_MODES for f in ranked[:TOP]):
        best_xb = next((f for f in ranked if f.id in CROSS_BORDER_MODES and f.eligible), None)
        if best_xb:
            ranked.remove(best_xb)
            ranked.insert(TOP - 1, best_xb)
    return tuple(ranked)
