"""What binds the advice before any fit is compared: red or orange compliance risk and the licences held
(report §4.3.1, §5.1.1, §5.1.2, §8.1.2), and the regional policy context of the firm's region (§2.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.content.schema import Questionnaire, RegionContext
from model.scoring.risks import RiskAssessment


@dataclass(frozen=True)
class Gates:
    compliance_first: bool  # a gate risk is orange or red: the plan starts with compliance
    gate_risks: tuple[str, ...]  # the risks that trip it
    blocked_types: tuple[str, ...]  # not recommended until those risks are mitigated
    blocked_families: tuple[str, ...]  # cooperation-mode families blocked likewise
    licences_held: tuple[str, ...] | None  # None when the licence question is unanswered

    def missing_licences(self, needed: tuple[str, ...]) -> tuple[str, ...]:
        if self.licences_held is None:
            return ()
        return tuple(lic for lic in needed if lic not in self.licences_held)


def gates(q: Questionnaire, risk: RiskAssessment, answers: dict[str, Any]) -> Gates:
    rule = q.compliance_gate
    tripped = (
        tuple(r.risk.id for r in risk.risks if r.risk.id in rule.risks and r.level in rule.levels)
        if risk.weight is not None
        else ()
    )  # nothing answered: no basis to gate on
    held = answers.get(rule.licence_question)
    return Gates(
        compliance_first=bool(tripped),
        gate_risks=tripped,
        blocked_types=rule.blocks_types if tripped else (),
        blocked_families=rule.blocks_families if tripped else (),
        licences_held=None if held is None else tuple(held),
    )


def region_context(q: Questionnaire, answers: dict[str, Any]) -> RegionContext | None:
    value = answers.get(q.regions.question)
    return next((c for c in q.regions.contexts if c.value == value), None)
