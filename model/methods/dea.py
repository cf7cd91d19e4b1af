"""Data Envelopment Analysis: input-oriented CCR and BCC efficiency by linear programming (docs/architecture.md).

Envelopment form for unit o (Cooper, Seiford & Tone 2007, ch. 3-4):
    phase 1   min θ   s.t.  Σ_j λ_j x_ij ≤ θ x_io,   Σ_j λ_j y_rj ≥ y_ro,   λ ≥ 0   (BCC: Σ λ_j = 1)
    phase 2   max Σ s⁻ + Σ s⁺ with θ fixed at θ*, so that weakly efficient units (θ* = 1 but with
              slack) are not reported as efficient, and the reference set is the max-slack one.
Before solving for unit o every input and output column is divided by unit o's own value (by the
column's largest value where o has a zero). Radial efficiency is unit-invariant, so θ and λ do not
change; but the right-hand sides become 1, which keeps HiGHS accurate when values differ by orders of
magnitude, and "zero slack" then means "below 1e-6 of the unit's own input or output".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.errors import InputError
from model.text import show_value

MODELS = ("ccr", "bcc")
ORIENTATION = "input"
TOLERANCE = 1e-6  # θ ≥ 1 − TOLERANCE, slacks and λ above it count as non-zero
NOISE_FLOOR = 1e-9  # HiGHS's tolerances are ~1e-7 on scaled data; a θ below this is recomputed
MAX_UNITS = 500  # two LPs per unit and model; 500 units take seconds, 3,000 took minutes and 450 MB
MAX_SPAN = 1e12  # largest/smallest positive value in one column that the LPs still resolve

Table = Sequence[Sequence[float]] | np.ndarray


@dataclass(frozen=True)
class DeaUnit:
    """One unit's score; `peers` is its reference set (itself when efficient). `lambdas` are the
    phase-2 intensities (one per unit) and the slacks are in the data's own units."""

    name: str
    efficiency: float
    peers: tuple[str, ...]
    lambdas: tuple[float, ...]
    input_slacks: tuple[float, ...]
    output_slacks: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "efficiency": self.efficiency, "peers": list(self.peers)}


@dataclass(frozen=True)
class DeaResult:
    model: str
    orientation: str
    units: tuple[DeaUnit, ...]

    def to_dict(self) -> dict[str, Any]:
        """The CLI / export shape: `{model, orientation, units: [{name, efficiency, peers}]}`."""
        return {
            "model": self.model,
            "orientation": self.orientation,
            "units": [u.to_dict() for u in self.units],
        }


def dea_efficiency(
    inputs: Table, outputs: Table, names: Sequence[str] | None = None, model: str = "ccr"
) -> DeaResult:
    """Input-oriented CCR (constant returns) or BCC (variable returns) scores, one row per unit."""
    if model not in MODELS:
        raise InputError(f'model: must be "ccr" or "bcc" (got {show_value(model)})')
    x = _table(inputs, "inputs")
    y = _table(outputs, "outputs")
    labels = list(names) if names is not None else [str(k) for k in range(x.shape[0])]
    validate_data(x, y, labels)
    units = tuple(_score_unit(x, y, o, labels, model == "bcc") for o in range(x.shape[0]))
    return DeaResult(model=model, orientation=ORIENTATION, units=units)


def validate_data(x: np.ndarray, y: np.ndarray, names: Sequence[str]) -> None:
    """The data rules (docs/architecture.md, "Partner methods"); each failure names the field, e.g.
    `inputs[3][1]`."""
    n = x.shape[0]
    if n < 2:
        raise InputError(f"units: DEA compares units, at least two are needed (got {n})")
    if n > MAX_UNITS:
        raise InputError(f"units: at most {MAX_UNITS} units can be compared at once (got {n})")
    if y.shape[0] != n:
        raise InputError(f"outputs: {y.shape[0]} rows for {n} units in inputs")
    if len(names) != n:
        raise InputError(f"units: {len(names)} names for {n} rows of data")
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        if name in seen:
            raise InputError(f"units[{k}]: duplicate name {show_value(name)} (also units[{seen[name]}])")
        seen[name] = k
    for field, table in (("inputs", x), ("outputs", y)):
        _check_cells(table, field)
        _check_span(table, field)
    for k in range(n):
        if not np.any(x[k] > 0):
            raise InputError(f"inputs[{k}]: unit {show_value(names[k])} needs at least one positive input")
        if not np.any(y[k] > 0):
            raise InputError(f"outputs[{k}]: unit {show_value(names[k])} needs at least one positive output")


def _table(raw: Table, field: str) -> np.ndarray:
    try:
        table = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{field}: must be a table of numbers, one row per unit") from None
    if table.ndim != 2 or table.shape[1] == 0:
        raise InputError(f"{field}: must be a table of numbers, one row per unit (got shape {table.shape})")
    return table


def _check_cells(table: np.ndarray, field: str) -> None:
    bad = np.argwhere(~np.isfinite(table) | (table < 0))
    if bad.size:
        k, i = (int(v) for v in bad[0])
        raise InputError(f"{field}[{k}][{i}]: must be a finite number ≥ 0 (got {table[k, i]})")


def _check_span(table: np.ndarray, field: str) -> None:
    """Within one column, positive values may differ by at most MAX_SPAN: beyond that the linear
    programmes lose all precision (1e308 beside 1 overflows), so the data are refused, not mis-scored."""
    for i in range(table.shape[1]):
        positive = table[:, i][table[:, i] > 0]
        if positive.size and positive.max() / positive.min() > MAX_SPAN:
            raise InputError(
                f"{field}[*][{i}]: values from {positive.min():.3g} to {positive.max():.3g} differ by more than "
                f"{MAX_SPAN:.0e}; use a unit of measure that keeps them comparable"
            )


def _unit_scale(table: np.ndarray, o: int) -> np.ndarray:
    """Divisor per column: unit o's own value, or the column maximum where unit o has 0."""
    peak = table.max(axis=0)
    return np.where(table[o] > 0, table[o], np.where(peak > 0, peak, 1.0))


def _score_unit(x: np.ndarray, y: np.ndarray, o: int, names: Sequence[str], vrs: bool) -> DeaUnit:
    x_scale, y_scale = _unit_scale(x, o), _unit_scale(y, o)
    xs, ys = x / x_scale, y / y_scale
    theta, radial_lambdas = _radial_phase(xs, ys, o, vrs, names[o])
    phase2 = _slack_phase(xs, ys, o, vrs, theta) if theta > NOISE_FLOOR else None
    lambdas, s_in, s_out = phase2 if phase2 is not None else _slacks_of(xs, ys, o, theta, radial_lambdas)
    efficient = theta >= 1 - TOLERANCE and max(s_in.max(initial=0), s_out.max(initial=0)) <= TOLERANCE
    if efficient:
        peers: tuple[str, ...] = (names[o],)
    else:
        # λ > 1e-6; relative to the largest λ when a tiny unit is compared with giants (λ ~ 1e-9)
        cutoff = min(TOLERANCE, TOLERANCE * float(lambdas.max()))
        peers = tuple(names[j] for j in range(len(names)) if lambdas[j] > cutoff)
    return DeaUnit(
        name=names[o],
        efficiency=min(theta, 1.0),
        peers=peers,
        lambdas=tuple(float(v) for v in lambdas),
        input_slacks=tuple(float(v) for v in s_in * x_scale),
        output_slacks=tuple(float(v) for v in s_out * y_scale),
    )


def _solve(cost: np.ndarray, **constraints: Any) -> Any:
    """HiGHS via scipy, imported here: loading scipy.optimize costs ~0.4 s that `ahp` runs never need."""
    from scipy.optimize import linprog

    return linprog(cost, method="highs", **constraints)


def _radial_phase(x: np.ndarray, y: np.ndarray, o: int, vrs: bool, name: str) -> tuple[float, np.ndarray]:
    """Phase 1: the smallest θ such that a combination λ of units uses ≤ θ·x_o and yields ≥ y_o."""
    n, m = x.shape
    s = y.shape[1]
    cost = np.zeros(n + 1)
    cost[0] = 1.0
    a_ub = np.vstack([np.hstack([-x[o][:, None], x.T]), np.hstack([np.zeros((s, 1)), -y.T])])
    b_ub = np.concatenate([np.zeros(m), -y[o]])
    a_eq, b_eq = (np.hstack([[0.0], np.ones(n)])[None, :], [1.0]) if vrs else (None, None)
    res = _solve(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * (n + 1))
    if res.status != 0:  # λ_o = 1, θ = 1 is always feasible: only extreme data gets here
        raise _unreliable(o, name)
    lambdas = np.clip(res.x[1:], 0, None)
    theta = float(res.x[0])
    if theta <= NOISE_FLOOR:
        # Below the solver's tolerance θ itself is noise; the least θ that λ needs is exact arithmetic.
        used = x[o] > 0
        theta = float(np.max((x[:, used].T @ lambdas) / x[o, used]))
    if not theta > 0:  # the true θ is positive (every unit has a positive input): numerics failed
        raise _unreliable(o, name)
    return theta, lambdas


def _unreliable(o: int, name: str) -> InputError:
    return InputError(
        f"units[{o}]: the efficiency of {show_value(name)} cannot be computed reliably; "
        "the values span too many orders of magnitude (use common units or drop outliers)"
    )


def _slack_phase(
    x: np.ndarray, y: np.ndarray, o: int, vrs: bool, theta: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Phase 2: with θ fixed, maximise the total slack; returns (λ, input slacks, output slacks),
    or None when HiGHS cannot solve it (then phase 1's λ is used).

    The input rows Σ λ x + s⁻ = θ x_o are divided by θ so that their right-hand side is x_o (1 or 0
    after scaling) rather than θ, which may be far below the solver's tolerances.
    """
    n, m = x.shape
    s = y.shape[1]
    cost = np.concatenate([np.zeros(n), -np.ones(m + s)])
    a_eq = np.vstack(
        [
            np.hstack([x.T / theta, np.eye(m), np.zeros((m, s))]),
            np.hstack([y.T, np.zeros((s, m)), -np.eye(s)]),
        ]
    )
    b_eq = np.concatenate([x[o], y[o]])
    if vrs:
        a_eq = np.vstack([a_eq, np.concatenate([np.ones(n), np.zeros(m + s)])])
        b_eq = np.append(b_eq, 1.0)
    bounds = [(0, None)] * (n + m + s)
    for room in (1.0, 1 + 1e-7):  # θ* sits exactly on the feasibility boundary: retry with a little room
        b_eq[:m] = x[o] * room
        res = _solve(cost, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        if res.status == 0:
            sol = np.clip(res.x, 0, None)
            return sol[:n], sol[n : n + m] * theta, sol[n + m :]
    return None


def _slacks_of(
    x: np.ndarray, y: np.ndarray, o: int, theta: float, lambdas: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slacks left by phase 1's λ, used when phase 2 cannot be solved."""
    s_in = np.clip(theta * x[o] - x.T @ lambdas, 0, None)
    s_out = np.clip(y.T @ lambdas - y[o], 0, None)
    return lambdas, s_in, s_out


def efficient_units(result: DeaResult) -> list[str]:
    """Names of the units on the frontier (score 1 and no slack)."""
    return [u.name for u in result.units if u.peers == (u.name,)]


def scale_efficiency(ccr: DeaResult, bcc: DeaResult) -> dict[str, float]:
    """CCR / BCC per unit: how much of the inefficiency is due to operating at the wrong size."""
    return {c.name: c.efficiency / b.efficiency for c, b in zip(ccr.units, bcc.units, strict=True)}
