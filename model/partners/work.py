"""Partner work as part of an assessment: the candidates, the AHP judgements (partner criteria and the
readiness indices), and the DEA model chosen. It travels in the answers file (top-level `partners`),
in share links and in drafts; `evaluate_work` turns it into the typed result the Partners page and the
report show, so both read one computation.

File shape (every part optional):

    partners:
      candidates: [{name, type, goals, risk_weight, scores: {...}, screening: {...}, dea: {...}}]
      criteria_judgements: {"technology|complementarity": 3, ...}   # Saaty 1–9 or 1/2–1/9
      readiness_judgements: {"user_value|commercial_value": 2, ...}
      dea_model: ccr | bcc
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from model.content.schema import INDEX_IDS, DecisionBand
from model.errors import InputError
from model.methods import ahp, dea
from model.partners import evaluation as pm
from model.text import show_value

DEA_MODELS = ("ccr", "bcc")
KEYS = ("candidates", "criteria_judgements", "readiness_judgements", "dea_model")


@dataclass(frozen=True)
class PartnerWork:
    candidates: tuple[pm.Candidate, ...] = ()
    criteria_judgements: dict[str, float] | None = None  # None: the content's default judgements
    readiness_judgements: dict[str, float] = field(default_factory=dict)
    dea_model: str = "ccr"

    def is_empty(self) -> bool:
        return not self.candidates and self.criteria_judgements is None and not self.readiness_judgements


@dataclass(frozen=True)
class PartnerResult:
    """Everything computed from a PartnerWork: AHP criteria weights, screening, values, DEA."""

    criteria: ahp.AhpResult
    weights: dict[str, float]
    screening: pm.Screening
    assessments: tuple[pm.PartnerAssessment, ...]  # best first
    dea_model: str
    dea: dict[str, dea.DeaResult] | None  # both models, None with fewer than 2 candidates or bad data
    dea_problem: InputError | None = None

    def efficiency(self, name: str) -> float | None:
        if not self.dea:
            return None
        unit = next((u for u in self.dea[self.dea_model].units if u.name == name), None)
        return None if unit is None else unit.efficiency


def parse_partner_work(data: object, source: str | None) -> PartnerWork | None:
    """The validated `partners` section of an answers file, or InputError naming the field."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise InputError("section_not_mapping", source, field="partners")
    unknown = [str(k)[:60] for k in data if k not in KEYS]
    if unknown:
        raise InputError("unknown_question", source, field=f"partners.{unknown[0]}")
    candidates = _candidates(data.get("candidates"), source)
    model = data.get("dea_model", "ccr")
    if model not in DEA_MODELS:
        raise InputError("bad_meta", source, field="partners.dea_model", problem=" | ".join(DEA_MODELS))
    criteria = data.get("criteria_judgements")
    return PartnerWork(
        candidates=candidates,
        criteria_judgements=None
        if criteria is None
        else _judgements(criteria, pm.CRITERIA, "partners.criteria_judgements", source),
        readiness_judgements=_judgements(
            data.get("readiness_judgements") or {}, INDEX_IDS, "partners.readiness_judgements", source
        ),
        dea_model=model,
    )


def _candidates(items: object, source: str | None) -> tuple[pm.Candidate, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise InputError("bad_meta", source, field="partners.candidates", problem="expected a list")
    if len(items) > pm.MAX_CANDIDATES:
        raise InputError(
            "bad_meta", source, field="partners.candidates", problem=f"more than {pm.MAX_CANDIDATES}"
        )
    out: list[pm.Candidate] = []
    for k, item in enumerate(items, start=1):
        where = f"partners.candidates[{k}]"
        try:
            candidate = pm.Candidate.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            place = ".".join(str(p) for p in error["loc"])
            raise InputError(
                "bad_meta", source, field=f"{where}.{place}" if place else where, problem=error["msg"]
            ) from None
        if any(c.name == candidate.name for c in out):
            raise InputError("bad_meta", source, field=f"{where}.name", problem="name listed twice")
        out.append(candidate)
    return tuple(out)


def _judgements(values: object, ids: Sequence[str], where: str, source: str | None) -> dict[str, float]:
    if not isinstance(values, dict):
        raise InputError("section_not_mapping", source, field=where)
    pairs = {pm.pair_key(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    out = {}
    for key, value in values.items():
        name = f"{where}.{str(key)[:60]}"
        if key not in pairs:
            raise InputError("unknown_question", source, field=name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError("not_number", source, field=name, got=show_value(value))
        number = float(value)
        try:
            if not (math.isfinite(number) and number > 0):
                raise ValueError(name)
            out[key] = pm.saaty_value(number, name)
        except ValueError:
            raise InputError("out_of_range", source, field=name, got=value, low=1 / 9, high=9) from None
    return {k: v for k, v in out.items() if v != 1.0}


def to_data(work: PartnerWork) -> dict[str, Any]:
    """The `partners` section as written to the answers file (validated again when read)."""
    out: dict[str, Any] = {}
    if work.candidates:
        out["candidates"] = [  # the name first: that is how a person reads the file
            {"name": c.name, **c.model_dump(mode="json", exclude={"name"})} for c in work.candidates
        ]
    if work.criteria_judgements is not None:
        out["criteria_judgements"] = dict(work.criteria_judgements)
    if work.readiness_judgements:
        out["readiness_judgements"] = dict(work.readiness_judgements)
    if work.dea_model != "ccr":
        out["dea_model"] = work.dea_model
    return out


def evaluate_work(
    work: PartnerWork,
    content: pm.PartnerContent,
    broker_goals: Iterable[str],
    bands: Sequence[DecisionBand],
) -> PartnerResult:
    """The partner result of the work: one computation for the page, the report and the CLI."""
    judgements = (
        content.default_criteria_judgements()
        if work.criteria_judgements is None
        else work.criteria_judgements
    )
    criteria = pm.criteria_weights(judgements)
    weights = dict(zip(pm.CRITERIA, criteria.weights, strict=True))
    candidates = list(work.candidates)
    assessments = pm.evaluate(candidates, weights, list(broker_goals), content, bands)
    results, problem = dea_results(candidates)
    return PartnerResult(
        criteria=criteria,
        weights=weights,
        screening=pm.screen(candidates, content.screening.synergy_threshold),
        assessments=tuple(assessments),
        dea_model=work.dea_model,
        dea=results,
        dea_problem=problem,
    )


def dea_results(
    candidates: Sequence[pm.Candidate],
) -> tuple[dict[str, dea.DeaResult] | None, InputError | None]:
    """CCR and BCC efficiency of the candidates (both: scale efficiency needs the pair)."""
    if len(candidates) < 2:
        return None, None
    try:
        return {m: pm.efficiency(candidates, m) for m in DEA_MODELS}, None
    except InputError as exc:
        return None, exc


def broker_goals(answers: Mapping[str, Any], content: pm.PartnerContent) -> list[str]:
    """The broker's own cooperation goals (an assessment answer) that the fit matrix knows."""
    chosen = answers.get(content.fit.broker_goal_question) or []
    return [g for g in chosen if g in content.fit.compatibility]
