"""Analytic Hierarchy Process: priorities, consistency and group aggregation (report §4.2).

Weights are the normalised principal right eigenvector (Saaty's method), because that is what the
report's AHP figures and every AHP textbook use; consistency follows Saaty's CI / RI / CR with the
RI table of Saaty (1980). Everything here is pure numpy so the app, the CLI and the tests share it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.errors import InputError
from model.text import show_value

# Saaty (1980) random consistency index for n = 1..15.
RANDOM_INDEX: tuple[float, ...] = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
MAX_SIZE = len(RANDOM_INDEX)
CR_THRESHOLD = 0.1
# The values a judgement may be revised to: Saaty's 1-9 scale and its reciprocals.
SAATY_SCALE: tuple[float, ...] = tuple([1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])
# A judgement is a ratio of importances; beyond 1:10^6 it is a typo, and the eigen-solver loses precision.
JUDGEMENT_MIN = 1e-6
JUDGEMENT_MAX = 1e6
RECIPROCAL_TOLERANCE = 1e-2  # relative: lets people type 0.333 for 1/3
AGGREGATION_METHODS = ("aij", "aip")

_NUMBER = r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*"
_JUDGEMENT_TEXT = re.compile(rf"(?P<num>{_NUMBER})(?:/(?P<den>{_NUMBER}))?")

Matrix = Sequence[Sequence[Any]] | np.ndarray


@dataclass(frozen=True)
class WorstJudgement:
    """The one upper-triangle judgement whose revision lowers the CR the most."""

    row: str
    column: str
    i: int
    j: int
    current: float
    suggested: float
    cr_after: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "i": self.i,
            "j": self.j,
            "current": self.current,
            "suggested": self.suggested,
            "cr_after": self.cr_after,
        }


@dataclass(frozen=True)
class AhpResult:
    """Priorities of one pairwise-comparison matrix; `weights` follow the matrix order and sum to 1."""

    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    worst_judgement: WorstJudgement | None

    def to_dict(self, labels: Sequence[str]) -> dict[str, Any]:
        """The CLI / export shape: `{labels, weights, lambda_max, ci, ri, cr, consistent, worst_judgement}`."""
        return {
            "labels": list(labels),
            "weights": list(self.weights),
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "consistent": self.consistent,
            "worst_judgement": self.worst_judgement.to_dict() if self.worst_judgement else None,
        }


@dataclass(frozen=True)
class GroupAhpResult:
    """Group priorities. For AIP there is no aggregate matrix, so lambda_max/ci/cr/consistent are None."""

    method: str
    weights: tuple[float, ...]
    lambda_max: float | None
    ci: float | None
    ri: float
    cr: float | None
    consistent: bool | None
    group_weights: tuple[float, ...]
    participants: tuple[AhpResult, ...]
    aggregate_matrix: np.ndarray | None

    def to_dict(self, labels: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
        return {
            "labels": list(labels),
            "method": self.method,
            "weights": list(self.weights),
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "consistent": self.consistent,
            "participants": [
                {
                    "name": name,
                    "weights": list(res.weights),
                    "lambda_max": res.lambda_max,
                    "ci": res.ci,
                    "cr": res.cr,
                    "consistent": res.consistent,
                }
                for name, res in zip(names, self.participants, strict=True)
            ],
        }


def random_index(n: int) -> float:
    """Saaty's RI for an n x n matrix; n > 15 has no published value, so it is refused."""
    if not 1 <= n <= MAX_SIZE:
        raise InputError(f"matrix: {n} x {n} is not supported (1 to {MAX_SIZE} criteria)")
    return RANDOM_INDEX[n - 1]


def parse_judgement(value: Any, field: str) -> float | None:
    """A judgement as typed by a person: a number or text like "3", "0.5", "1/3"; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(f"{field}: must be a number or a fraction like 1/3 (got {show_value(value)})")
    if isinstance(value, int | float | np.integer | np.floating):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isnan(number):  # a UI grid marks an empty cell with NaN: treat it like None
            return None
    elif isinstance(value, str):
        number = _parse_text(value, field)
    else:
        raise InputError(f"{field}: must be a number or a fraction like 1/3 (got {show_value(value)})")
    if not math.isfinite(number):
        raise InputError(f"{field}: must be a finite number (got {show_value(value)})")
    if number <= 0:
        raise InputError(f"{field}: judgements must be positive (got {show_value(value)})")
    if not JUDGEMENT_MIN <= number <= JUDGEMENT_MAX:
        raise InputError(f"{field}: must be between 1e-06 and 1e+06 (got {show_value(value)})")
    return number


def reciprocal_matrix(raw: Matrix, field: str = "matrix") -> np.ndarray:
    """Validate a judgement matrix and return it as a fully reciprocal float array.

    Accepts a full matrix (the lower triangle must be the reciprocal of the upper one within 1%)
    or just the upper triangle with None below; the diagonal is 1 or None. The lower triangle is
    always rebuilt as exact reciprocals, because the eigenvector theory assumes a_ji = 1/a_ij.
    """
    rows = _rows(raw, field)
    n = len(rows)
    if not 1 <= n <= MAX_SIZE:
        raise InputError(f"{field}: has {n} rows; AHP needs 1 to {MAX_SIZE} criteria")
    parsed = [
        [parse_judgement(v, f"{field}[{i}][{j}]") for j, v in enumerate(row)] for i, row in enumerate(rows)
    ]
    out = np.ones((n, n))
    for i in range(n):
        _check_diagonal(parsed[i][i], f"{field}[{i}][{i}]")
        for j in range(i + 1, n):
            upper = parsed[i][j]
            if upper is None:
                raise InputError(f"{field}[{i}][{j}]: missing judgement (fill the upper triangle)")
            _check_reciprocal(upper, parsed[j][i], f"{field}[{j}][{i}]", f"{field}[{i}][{j}]")
            out[i, j], out[j, i] = upper, 1.0 / upper
    return out


def principal_eigen(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Normalised principal right eigenvector and its eigenvalue (Perron root) of a positive matrix."""
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = vectors[:, k].real
    return vector / vector.sum(), float(values[k].real)


def consistency(lambda_max: float, n: int) -> tuple[float, float, float]:
    """(CI, RI, CR). CI is clamped at 0: lambda_max >= n for positive reciprocal matrices, so a
    negative CI is rounding noise. CR is 0 for n <= 2, where every reciprocal matrix is consistent."""
    ri = random_index(n)
    if n <= 2:
        return 0.0, ri, 0.0
    ci = max(0.0, (lambda_max - n) / (n - 1))
    return ci, ri, ci / ri


def ahp_weights(matrix: Matrix, labels: Sequence[str] | None = None, *, find_worst: bool = True) -> AhpResult:
    """Priorities and consistency of one judgement matrix (numpy array or nested lists)."""
    a = reciprocal_matrix(matrix)
    n = a.shape[0]
    weights, lambda_max = principal_eigen(a)
    ci, ri, cr = consistency(lambda_max, n)
    names = list(labels) if labels is not None else [str(k) for k in range(n)]
    if len(names) != n:
        raise InputError(f"labels: {len(names)} labels for a {n} x {n} matrix")
    worst = worst_judgement(a, names) if find_worst else None
    return AhpResult(
        weights=tuple(float(w) for w in weights),
        lambda_max=lambda_max,
        ci=ci,
        ri=ri,
        cr=cr,
        consistent=cr <= CR_THRESHOLD,
        worst_judgement=worst,
    )


def worst_judgement(matrix: np.ndarray, labels: Sequence[str]) -> WorstJudgement | None:
    """Try every Saaty value in every upper-triangle cell; report the single change with the lowest CR.

    Why: telling a workshop *which* judgement to revisit (and to what) is what makes CR > 0.1 actionable.
    Ties keep the first cell in row order and the smallest value, so the answer is deterministic.
    """
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if n < 3:
        return None
    best: tuple[float, int, int, float] | None = None
    for i in range(n):
        for j in range(i + 1, n):
            for value in SAATY_SCALE:
                cr = _cr_with(a, i, j, value)
                if best is None or cr < best[0] - 1e-12:
                    best = (cr, i, j, value)
    assert best is not None
    cr, i, j, value = best
    return WorstJudgement(
        row=labels[i],
        column=labels[j],
        i=i,
        j=j,
        current=float(a[i, j]),
        suggested=value,
        cr_after=cr,
    )


def group_ahp(
    matrices: Sequence[Matrix],
    weights: Sequence[float] | None = None,
    method: str = "aij",
) -> GroupAhpResult:
    """Group priorities by aggregation of individual judgements (AIJ) or priorities (AIP).

    Both use the weighted geometric mean, the only mean that keeps reciprocity (AIJ) and the
    Pareto principle (Forman & Peniwati 1998); participant weights default to equal and are normalised.
    """
    if method not in AGGREGATION_METHODS:
        raise InputError(f'method: must be "aij" or "aip" (got {show_value(method)})')
    if len(matrices) == 0:
        raise InputError("participants: at least one participant is needed")
    arrays = [reciprocal_matrix(m, f"participants[{k}].matrix") for k, m in enumerate(matrices)]
    n = arrays[0].shape[0]
    for k, a in enumerate(arrays[1:], start=1):
        if a.shape[0] != n:
            raise InputError(f"participants[{k}].matrix: is {a.shape[0]} x {a.shape[0]}, expected {n} x {n}")
    w = normalised_weights(weights, len(arrays))
    individual = tuple(ahp_weights(a, find_worst=False) for a in arrays)
    if method == "aij":
        return _aggregate_judgements(arrays, w, individual)
    return _aggregate_priorities(individual, w, n)


def normalised_weights(weights: Sequence[float] | None, count: int) -> np.ndarray:
    """Participant weights, positive and summing to 1; None means everyone counts the same."""
    if weights is None:
        return np.full(count, 1.0 / count)
    if len(weights) != count:
        raise InputError(f"weights: {len(weights)} weights for {count} participants")
    w = np.asarray([float(x) for x in weights])
    for k, x in enumerate(w):
        if not math.isfinite(x) or x <= 0:
            raise InputError(f"participants[{k}].weight: must be a positive number (got {x})")
    return w / w.sum()


def _aggregate_judgements(
    arrays: list[np.ndarray], w: np.ndarray, individual: tuple[AhpResult, ...]
) -> GroupAhpResult:
    logs = np.stack([np.log(a) for a in arrays])
    aggregate = np.exp(np.tensordot(w, logs, axes=1))
    res = ahp_weights(aggregate, find_worst=False)
    return GroupAhpResult(
        method="aij",
        weights=res.weights,
        lambda_max=res.lambda_max,
        ci=res.ci,
        ri=res.ri,
        cr=res.cr,
        consistent=res.consistent,
        group_weights=tuple(float(x) for x in w),
        participants=individual,
        aggregate_matrix=aggregate,
    )


def _aggregate_priorities(individual: tuple[AhpResult, ...], w: np.ndarray, n: int) -> GroupAhpResult:
    logs = np.log(np.array([r.weights for r in individual]))
    combined = np.exp(w @ logs)
    combined = combined / combined.sum()
    return GroupAhpResult(
        method="aip",
        weights=tuple(float(x) for x in combined),
        lambda_max=None,
        ci=None,
        ri=random_index(n),
        cr=None,
        consistent=None,
        group_weights=tuple(float(x) for x in w),
        participants=individual,
        aggregate_matrix=None,
    )


def _cr_with(a: np.ndarray, i: int, j: int, value: float) -> float:
    trial = a.copy()
    trial[i, j], trial[j, i] = value, 1.0 / value
    lambda_max = float(np.max(np.linalg.eigvals(trial).real))
    return consistency(lambda_max, a.shape[0])[2]


def _rows(raw: Matrix, field: str) -> list[list[Any]]:
    if isinstance(raw, np.ndarray):
        if raw.ndim != 2 or raw.shape[0] != raw.shape[1]:
            raise InputError(f"{field}: must be a square matrix (got shape {raw.shape})")
        return raw.tolist()
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise InputError(f"{field}: must be a list of rows")
    n = len(raw)
    for i, row in enumerate(raw):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence | np.ndarray):
            raise InputError(f"{field}[{i}]: must be a list of {n} judgements")
        if len(row) != n:
            raise InputError(f"{field}[{i}]: has {len(row)} entries, the matrix must be square ({n} x {n})")
    return [list(row) for row in raw]


def _parse_text(text: str, field: str) -> float:
    match = _JUDGEMENT_TEXT.fullmatch(text)
    if match is None:
        raise InputError(f"{field}: must be a number or a fraction like 1/3 (got {show_value(text)})")
    numerator = float(match["num"])
    if match["den"] is None:
        return numerator
    denominator = float(match["den"])
    if denominator == 0:
        raise InputError(f"{field}: division by zero in {show_value(text)}")
    return numerator / denominator


def _check_diagonal(value: float | None, field: str) -> None:
    if value is not None and abs(value - 1.0) > 1e-9:
        raise InputError(f"{field}: the diagonal must be 1 (got {_fmt(value)})")


def _check_reciprocal(upper: float, lower: float | None, lower_field: str, upper_field: str) -> None:
    if lower is None:
        return
    if abs(upper * lower - 1.0) > RECIPROCAL_TOLERANCE:
        raise InputError(
            f"{lower_field}: must equal 1/{upper_field} (expected {_fmt(1.0 / upper)}, got {_fmt(lower)})"
        )


def _fmt(x: float) -> str:
    return f"{x:.3g}"
