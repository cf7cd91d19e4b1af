"""Checking a calibration firm's expected call against the model (the test and the Methodology page)."""

from __future__ import annotations

from model.inputs.calibration import CalibrationCase
from model.scoring.assess import Result


def top_modes(result: Result, n: int = 3) -> list[str]:
    """The modes the firm is advised to start with: the first n it can start now."""
    return [m.id for m in result.modes if m.eligible][:n]


def problems(case: CalibrationCase, result: Result) -> list[str]:
    """What differs from the expectation written in the file; empty when the model agrees."""
    exp, rec, out = case.expected, result.strategy, []
    if exp.get("provisional"):
        if not (rec.provisional and rec.recommended is None and result.band is None):
            out.append(f"expected provisional, got {rec.recommended}")
    elif "close_call" in exp:
        if not rec.close_call or set(rec.between) != set(exp["close_call"]):
            got = f"close call {'/'.join(rec.between)}" if rec.close_call else rec.recommended
            margin = "" if rec.margin is None else f" (margin {rec.margin:.3f})"  # none when provisional
            out.append(f"expected close call {'/'.join(exp['close_call'])}, got {got}{margin}")
    elif rec.recommended != exp["type"]:
        out.append(f"expected {exp['type']}, got {rec.recommended}")
    if rec.cross_border_extension != exp["cross_border"]:
        out.append(f"cross-border flag {rec.cross_border_extension}")
    top = top_modes(result)
    if exp["top_modes_any"] and not set(top) & set(exp["top_modes_any"]):
        out.append(f"top modes {top}")
    if set(top) & set(exp["top_modes_none"]):
        out.append(f"top modes {top} include an excluded one")
    band = result.band.id if result.band else None
    if band != exp["readiness_band"]:
        out.append(f"band {band} (readiness {result.risk_adjusted_readiness})")
    if "compliance_first" in exp and result.compliance_first != exp["compliance_first"]:
        out.append(f"compliance first {result.compliance_first}")
    return out
