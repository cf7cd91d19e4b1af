"""Partner evaluation (report §4.2, §4.3, §8.1(2), §9.2(1)): candidates, three-tier
screening, DEA efficiency, the strategic-fit matrix and the risk-adjusted partner value.

Content (partner types, criteria, goals, the goal-compatibility matrix, thresholds) is YAML in
questionnaires/partners.yaml; the example candidates are questionnaires/partner_examples.yaml. Both are
validated with pydantic at load. The AHP and DEA maths are model/ahp.py and model/dea.py, used unchanged.

The partner value, defined here because the report gives the parts but not one formula:
    value(c)          = Σ_k w_k · s_k(c)      AHP weights w over the five criteria (§4.2(1)); s in 0..1;
                                              s_strategic_fit(c) is computed from the goal matrix (§4.3(2))
    risk_adjusted(c)  = value(c) × (1 − risk_weight(c))                                      (§4.3(1))
    band              = the questionnaire's decision bands: < 0.6 restructure or exit, < 0.8 improve,
                        otherwise prioritise                                              (§4.3(2), §4.4(3))
Strategic fit is a weighted criterion, not a second multiplier: multiplying by a fit of 0.5 (the
report's own example) would halve a partner's value and push almost every candidate below 0.6.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
from pydantic import Field, ValidationError, field_validator, model_validator

from model.content.loader import ROOT
from model.content.schema import ID_PATTERN, INDEX_IDS, REF_PATTERN, DecisionBand, Strict, Text
from model.errors import InputError, QuestionnaireError
from model.inputs.safe_io import read_data_file
from model.methods import ahp, dea
from model.scoring.dimensions import band_for  # the one band function (also re-exported for callers)
from model.text import show_value

CONTENT_PATH = ROOT / "partners.yaml"
EXAMPLES_PATH = ROOT / "partner_examples.yaml"

CRITERIA = ("technology", "complementarity", "compliance", "cost", "strategic_fit")
SCORED_CRITERIA = CRITERIA[:4]  # typed by the user, 0..100
FIT_CRITERION = "strategic_fit"  # computed from the goal matrix
TIERS = ("foundation", "technical", "business")
TIER_FACTS = {
    "foundation": ("qualification_ok", "financial_ok"),
    "technical": ("penetration_test_passed", "stress_test_passed"),
    "business": ("synergy",),
}
CHECKS = ("qualification_ok", "financial_ok", "penetration_test_passed", "stress_test_passed")
DEA_INPUTS = ("capital", "people", "data")
DEA_OUTPUTS = ("user_growth", "revenue", "risk_control")
MAX_NAME = 80
MAX_CANDIDATES = 50  # DEA solves two LPs per candidate and model; 50 keeps a rerun well under a second
MAX_AMOUNT = 1e9

PartnerType = Literal[
    "tech_firm",
    "internet_platform",
    "bank",
    "insurer",
    "payment",
    "data_provider",
    "industry_group",
    "overseas_institution",
]
PARTNER_TYPES = get_args(PartnerType)
PartnerGoal = Literal[
    "user_growth",
    "technology_monetisation",
    "scenario_expansion",
    "data_sharing",
    "revenue",
    "market_access",
    "risk_control",
    "cross_border",
]
PARTNER_GOALS = get_args(PartnerGoal)


# ---------------------------------------------------------------- candidates


class Scores(Strict):
    """The four typed criteria, 0..100 (higher is better; for cost: the cheaper, the higher)."""

    technology: float = Field(ge=0, le=100)
    complementarity: float = Field(ge=0, le=100)
    compliance: float = Field(ge=0, le=100)
    cost: float = Field(ge=0, le=100)


class TierFacts(Strict):
    qualification_ok: bool
    financial_ok: bool
    penetration_test_passed: bool
    stress_test_passed: bool
    synergy: float = Field(ge=0, le=100)


class DeaData(Strict):
    """Inputs the broker puts in and outputs the cooperation returns (§4.2(2)); units in partners.yaml."""

    capital: float = Field(ge=0, le=MAX_AMOUNT)
    people: float = Field(ge=0, le=MAX_AMOUNT)
    data: float = Field(ge=0, le=MAX_AMOUNT)
    user_growth: float = Field(ge=0, le=MAX_AMOUNT)
    revenue: float = Field(ge=0, le=MAX_AMOUNT)
    risk_control: float = Field(ge=0, le=MAX_AMOUNT)

    @model_validator(mode="after")
    def _positive(self) -> DeaData:
        if not any(getattr(self, k) > 0 for k in DEA_INPUTS):
            raise ValueError("at least one input (capital, people, data) must be positive")
        if not any(getattr(self, k) > 0 for k in DEA_OUTPUTS):
            raise ValueError("at least one output (user_growth, revenue, risk_control) must be positive")
        return self


class _CandidateBody(Strict):
    type: PartnerType
    goals: tuple[PartnerGoal, ...] = Field(min_length=1)
    risk_weight: float = Field(ge=0, le=1)
    scores: Scores
    screening: TierFacts
    dea: DeaData

    @field_validator("goals")
    @classmethod
    def _unique_goals(cls, goals: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(goals)) != len(goals):
            raise ValueError("goals are listed twice")
        return goals


class Candidate(_CandidateBody):
    name: str = Field(min_length=1, max_length=MAX_NAME)

    @field_validator("name")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("name must not be blank")
        return name.strip()

    def criteria01(self) -> dict[str, float]:
        """The typed criteria on 0..1."""
        return {k: getattr(self.scores, k) / 100.0 for k in SCORED_CRITERIA}


class ExampleCandidate(_CandidateBody):
    name: Text

    def candidate(self, lang: str) -> Candidate:
        return Candidate(name=self.name.get(lang), **self.model_dump(exclude={"name"}))


class ExampleSet(Strict):
    title: Text
    note: Text
    candidates: tuple[ExampleCandidate, ...] = Field(min_length=2, max_length=MAX_CANDIDATES)

    @model_validator(mode="after")
    def _unique(self) -> ExampleSet:
        for lang in ("zh", "en"):
            names = [c.name.get(lang) for c in self.candidates]
            if len(set(names)) != len(names):
                raise ValueError(f"candidate names ({lang}) must be unique")
        return self


# ---------------------------------------------------------------- content


class Named(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    help: Text | None = None


class Criterion(Named):
    ref: str = Field(pattern=REF_PATTERN)


class Measure(Named):
    unit: Text


class Tier(Named):
    short: Text


class ScreeningContent(Strict):
    ref: str = Field(pattern=REF_PATTERN)
    synergy_threshold: float = Field(ge=0, le=100)
    reference_pass_rate: float = Field(gt=0, lt=1)
    tiers: tuple[Tier, ...]
    facts: tuple[Named, ...]

    @model_validator(mode="after")
    def _ids(self) -> ScreeningContent:
        _same_ids("screening.tiers", [t.id for t in self.tiers], TIERS)
        _same_ids("screening.facts", [f.id for f in self.facts], (*CHECKS, "synergy"))
        return self


class DeaContent(Strict):
    ref: str = Field(pattern=REF_PATTERN)
    inputs: tuple[Measure, ...]
    outputs: tuple[Measure, ...]

    @model_validator(mode="after")
    def _ids(self) -> DeaContent:
        _same_ids("dea.inputs", [m.id for m in self.inputs], DEA_INPUTS)
        _same_ids("dea.outputs", [m.id for m in self.outputs], DEA_OUTPUTS)
        return self


class FitContent(Strict):
    """compatibility[broker goal][partner goal] in 0..1: how well a partner pursuing the column goal
    serves a broker pursuing the row goal. Broker goals are the profile question's option values."""

    ref: str = Field(pattern=REF_PATTERN)
    broker_goal_question: str = Field(pattern=ID_PATTERN)
    goals: tuple[Named, ...]
    compatibility: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _matrix(self) -> FitContent:
        _same_ids("fit.goals", [g.id for g in self.goals], PARTNER_GOALS)
        if not self.compatibility:
            raise ValueError("fit.compatibility: needs at least one broker goal")
        for row, cells in self.compatibility.items():
            _same_ids(f"fit.compatibility.{row}", list(cells), PARTNER_GOALS, ordered=False)
            for col, value in cells.items():
                if not (math.isfinite(value) and 0 <= value <= 1):
                    raise ValueError(f"fit.compatibility.{row}.{col}: must be between 0 and 1 (got {value})")
        return self


class PartnerContent(Strict):
    id: Literal["partner_evaluation"]
    version: int = Field(ge=1)
    ref: str = Field(pattern=REF_PATTERN)
    types: tuple[Named, ...]
    criteria: tuple[Criterion, ...]
    default_judgements: dict[str, dict[str, float | str]]
    screening: ScreeningContent
    dea: DeaContent
    fit: FitContent
    risk_ref: str = Field(pattern=REF_PATTERN)

    @model_validator(mode="after")
    def _check(self) -> PartnerContent:
        _same_ids("types", [t.id for t in self.types], PARTNER_TYPES)
        _same_ids("criteria", [c.id for c in self.criteria], CRITERIA)
        pairwise_matrix(CRITERIA, judgements_from_nested(self.default_judgements), on_scale=True)
        return self

    def type_name(self, type_id: str, lang: str) -> str:
        return next(t.name.get(lang) for t in self.types if t.id == type_id)

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def goal_name(self, goal: str, lang: str) -> str:
        return next(g.name.get(lang) for g in self.fit.goals if g.id == goal)

    def default_criteria_judgements(self) -> dict[str, float]:
        return judgements_from_nested(self.default_judgements)


def _same_ids(where: str, got: Sequence[str], expected: Sequence[str], ordered: bool = True) -> None:
    ok = list(got) == list(expected) if ordered else sorted(got) == sorted(expected)
    if not ok:
        raise ValueError(f"{where}: expected the ids {', '.join(expected)} (got {', '.join(got) or 'none'})")


def load_content(path: str | Path | None = None) -> PartnerContent:
    """The validated partner content; QuestionnaireError with one line per problem if it is broken."""
    return _validated(PartnerContent, Path(path) if path else CONTENT_PATH)


def load_examples(lang: str, path: str | Path | None = None) -> list[Candidate]:
    """The example candidates with their names in `lang`."""
    examples = _validated(ExampleSet, Path(path) if path else EXAMPLES_PATH)
    return [c.candidate(lang) for c in examples.candidates]


def _validated(model: type[Strict], path: Path) -> Any:
    try:
        data = read_data_file(path)
    except InputError as exc:
        raise QuestionnaireError([str(exc)]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError([f"{path.name}: {_where(e)}: {e['msg']}" for e in exc.errors()]) from None


def _where(error: Mapping[str, Any]) -> str:
    return ".".join(str(p) for p in error["loc"]) or "top level"


def check_broker_goals(content: PartnerContent, option_values: Iterable[str]) -> list[str]:
    """Problems if the matrix rows are not exactly the profile question's options (they must match)."""
    expected, got = sorted(option_values), sorted(content.fit.compatibility)
    if expected == got:
        return []
    return [
        f"partners.yaml: fit.compatibility: rows {', '.join(got)} ≠ profile options {', '.join(expected)}"
    ]


# ---------------------------------------------------------------- rows of the editable table


ROW_FIELDS = (
    "name",
    "type",
    "goals",
    "risk_weight",
    *SCORED_CRITERIA,
    *CHECKS,
    "synergy",
    *DEA_INPUTS,
    *DEA_OUTPUTS,
)
RANGES: dict[str, tuple[float, float]] = {
    **dict.fromkeys(SCORED_CRITERIA, (0.0, 100.0)),
    "synergy": (0.0, 100.0),
    "risk_weight": (0.0, 1.0),
    **dict.fromkeys(DEA_INPUTS + DEA_OUTPUTS, (0.0, MAX_AMOUNT)),
}


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in the table: `row` is 1-based, `field` a ROW_FIELDS id or None."""

    row: int
    code: str  # name_missing | name_duplicate | name_too_long | missing | out_of_range | no_goal | bad_value
    field: str | None = None  # | no_positive_input | no_positive_output | too_many
    params: dict[str, Any] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class RowCheck:
    candidates: tuple[Candidate, ...]
    problems: tuple[RowProblem, ...]


def to_row(candidate: Candidate) -> dict[str, Any]:
    """A flat table row (the shape the page's editor uses)."""
    return {
        "name": candidate.name,
        "type": candidate.type,
        "goals": list(candidate.goals),
        "risk_weight": candidate.risk_weight,
        **candidate.scores.model_dump(),
        **candidate.screening.model_dump(),
        **candidate.dea.model_dump(),
    }


def read_rows(rows: Sequence[Mapping[str, Any]]) -> RowCheck:
    """Check rows as a person typed them. Good rows become candidates; every problem is reported with
    its row and field so the page can say what to fix. Rows with problems are left out, not altered."""
    candidates: list[Candidate] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for k, row in enumerate(rows, start=1):
        if k > MAX_CANDIDATES:
            problems.append(RowProblem(k, "too_many", params={"limit": MAX_CANDIDATES}))
            break
        found = _row_problems(k, row)
        name = _text(row.get("name"))
        if name and name in seen:
            found.insert(0, RowProblem(k, "name_duplicate", "name", {"name": name, "other": seen[name]}))
        elif name:
            seen[name] = k
        if found:
            problems.extend(found)
            continue
        candidates.append(_candidate(row, name))
    return RowCheck(tuple(candidates), tuple(problems))


def _row_problems(k: int, row: Mapping[str, Any]) -> list[RowProblem]:
    out: list[RowProblem] = []
    name = _text(row.get("name"))
    if not name:
        out.append(RowProblem(k, "name_missing", "name"))
    elif len(name) > MAX_NAME:
        out.append(RowProblem(k, "name_too_long", "name", {"limit": MAX_NAME}))
    if row.get("type") not in PARTNER_TYPES:
        out.append(RowProblem(k, "missing" if _empty(row.get("type")) else "bad_value", "type"))
    goals = _goals(row.get("goals"))
    if goals is None:
        out.append(RowProblem(k, "bad_value", "goals"))
    elif not goals:
        out.append(RowProblem(k, "no_goal", "goals"))
    numbers: dict[str, float] = {}
    for fid, (low, high) in RANGES.items():
        value = row.get(fid)
        if _empty(value):
            out.append(RowProblem(k, "missing", fid))
            continue
        number = _number(value)
        if number is None or not low <= number <= high:
            got = show_value(value) if number is None else f"{number:g}"
            out.append(RowProblem(k, "out_of_range", fid, {"got": got, "low": low, "high": high}))
        else:
            numbers[fid] = number
    for group, code in ((DEA_INPUTS, "no_positive_input"), (DEA_OUTPUTS, "no_positive_output")):
        if all(f in numbers for f in group) and not any(numbers[f] > 0 for f in group):
            out.append(RowProblem(k, code, group[0]))
    return out


def _candidate(row: Mapping[str, Any], name: str) -> Candidate:
    numbers = {f: float(_number(row[f])) for f in RANGES}  # type: ignore[arg-type]
    return Candidate(
        name=name,
        type=row["type"],
        goals=tuple(_goals(row["goals"]) or ()),
        risk_weight=numbers["risk_weight"],
        scores=Scores(**{f: numbers[f] for f in SCORED_CRITERIA}),
        screening=TierFacts(**{f: bool(row.get(f)) for f in CHECKS}, synergy=numbers["synergy"]),
        dea=DeaData(**{f: numbers[f] for f in DEA_INPUTS + DEA_OUTPUTS}),
    )


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _goals(value: Any) -> list[str] | None:
    """The goal list of a row; None if it holds something that is not a partner goal."""
    if _empty(value):
        return []
    if isinstance(value, str):  # a single goal typed as text
        value = [value]
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return None
    goals = list(dict.fromkeys(value))
    return goals if all(g in PARTNER_GOALS for g in goals) else None


# ---------------------------------------------------------------- three-tier screening


@dataclass(frozen=True)
class TierOutcome:
    """Who entered a tier, who passed it, and for those who failed, which checks they failed."""

    tier: str
    entered: tuple[str, ...]
    passed: tuple[str, ...]
    failed: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Screening:
    total: int
    tiers: tuple[TierOutcome, ...]

    @property
    def passed(self) -> tuple[str, ...]:
        """Candidates that passed all three tiers."""
        return self.tiers[-1].passed if self.tiers else ()

    @property
    def pass_rate(self) -> float | None:
        return len(self.passed) / self.total if self.total else None

    def stopped_at(self, name: str) -> str | None:
        """The tier a candidate failed, or None if it passed them all."""
        return next((t.tier for t in self.tiers if name in t.failed), None)


def screen(candidates: Sequence[Candidate], synergy_threshold: float) -> Screening:
    """The funnel of §9.2(1) (and §8.1(2)): foundation (qualification and finances) → technical
    (penetration and stress tests) → business (synergy ≥ threshold). Each tier sees only those who
    passed the previous one, so a candidate is reported at the first tier it fails."""
    remaining = list(candidates)
    outcomes = []
    for tier in TIERS:
        failed = {c.name: _failed_checks(c, tier, synergy_threshold) for c in remaining}
        failed = {name: checks for name, checks in failed.items() if checks}
        outcomes.append(
            TierOutcome(
                tier=tier,
                entered=tuple(c.name for c in remaining),
                passed=tuple(c.name for c in remaining if c.name not in failed),
                failed=failed,
            )
        )
        remaining = [c for c in remaining if c.name not in failed]
    return Screening(total=len(candidates), tiers=tuple(outcomes))


def _failed_checks(c: Candidate, tier: str, synergy_threshold: float) -> tuple[str, ...]:
    facts = c.screening
    if tier == "business":
        return () if facts.synergy >= synergy_threshold else ("synergy",)
    return tuple(f for f in TIER_FACTS[tier] if not getattr(facts, f))


# ---------------------------------------------------------------- strategic fit (§4.3(2))


def strategic_fit(
    broker_goals: Iterable[str],
    partner_goals: Iterable[str],
    compatibility: Mapping[str, Mapping[str, float]],
) -> float | None:
    """Mean compatibility over every (broker goal, partner goal) pair; None if either side has no goal.

    The mean, not the best match, so that a partner cannot raise its fit by listing more goals.
    Broker goals outside the matrix are ignored (they are checked against the profile at load)."""
    rows = [b for b in dict.fromkeys(broker_goals) if b in compatibility]
    cols = list(dict.fromkeys(partner_goals))
    if not rows or not cols:
        return None
    return float(np.mean([[compatibility[b][p] for p in cols] for b in rows]))


def fit_matrix(
    broker_goals: Iterable[str],
    candidates: Sequence[Candidate],
    compatibility: Mapping[str, Mapping[str, float]],
) -> dict[str, dict[str, float]]:
    """fit[broker goal][candidate] = mean compatibility of that broker goal with the partner's goals;
    a candidate's strategic fit is the mean of its column."""
    rows = [b for b in dict.fromkeys(broker_goals) if b in compatibility]
    return {b: {c.name: strategic_fit([b], c.goals, compatibility) or 0.0 for c in candidates} for b in rows}


# ---------------------------------------------------------------- value and decision band


def pairwise_matrix(
    ids: Sequence[str], judgements: Mapping[str, float], on_scale: bool = False
) -> np.ndarray:
    """The reciprocal matrix from upper-triangle judgements keyed "a|b" (a before b in `ids`):
    a|b = 3 means a is moderately more important than b. Missing pairs count as equal (1).
    `on_scale` also requires every judgement to be a value of Saaty's 1-9 scale (or its reciprocal)."""
    n = len(ids)
    matrix = np.ones((n, n))
    known = {pair_key(ids[i], ids[j]) for i in range(n) for j in range(i + 1, n)}
    for key in judgements:
        if key not in known:
            raise ValueError(f"judgement {key}: not a pair of {', '.join(ids)} in that order")
    for i in range(n):
        for j in range(i + 1, n):
            value = ahp.parse_judgement(
                judgements.get(pair_key(ids[i], ids[j]), 1.0), pair_key(ids[i], ids[j])
            )
            value = 1.0 if value is None else value
            if on_scale:
                value = saaty_value(value, pair_key(ids[i], ids[j]))
            matrix[i, j], matrix[j, i] = value, 1.0 / value
    return matrix


def pair_key(a: str, b: str) -> str:
    return f"{a}|{b}"


def saaty_value(value: float, where: str = "judgement") -> float:
    """The scale value a judgement stands for (1/3 typed as 0.333 → 1/3); off the scale is an error."""
    nearest = min(ahp.SAATY_SCALE, key=lambda s: abs(math.log(s / value)))
    if abs(math.log(nearest / value)) > 0.01:
        raise ValueError(f"{where}: {value:g} is not on Saaty's 1-9 scale (1..9 or 1/2..1/9)")
    return nearest


def judgements_from_nested(nested: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """{a: {b: v}} (the YAML shape) → {"a|b": v}, parsing "1/3"-style text."""
    out = {}
    for a, row in nested.items():
        for b, value in row.items():
            try:
                parsed = ahp.parse_judgement(value, pair_key(a, b))
            except InputError as exc:
                raise ValueError(str(exc)) from None
            if parsed is None:
                raise ValueError(f"{pair_key(a, b)}: missing judgement")
            out[pair_key(a, b)] = parsed
    return out


def criteria_weights(judgements: Mapping[str, float], ids: Sequence[str] = CRITERIA) -> ahp.AhpResult:
    """AHP priorities (with CR and the worst judgement) of a set of pairwise judgements."""
    return ahp.ahp_weights(pairwise_matrix(ids, judgements), list(ids))


def readiness_weights(judgements: Mapping[str, float]) -> tuple[ahp.AhpResult, dict[str, float] | None]:
    """AHP over the three readiness indices (§4.2(1)); the weights only when the matrix is consistent
    (CR ≤ 0.1), because inconsistent judgements should be revised, not applied."""
    result = criteria_weights(judgements, INDEX_IDS)
    if not result.consistent:
        return result, None
    return result, dict(zip(INDEX_IDS, result.weights, strict=True))


def partner_value(weights: Mapping[str, float], criteria: Mapping[str, float | None]) -> float | None:
    """The AHP-weighted criteria value, 0..1. Criteria without a score (None) are left out and the
    remaining weights renormalised, as the readiness index does; None if nothing is scored."""
    present = {k: w for k, w in weights.items() if criteria.get(k) is not None}
    total = sum(present.values())
    if total <= 0:
        return None
    value = sum(w * float(criteria[k]) for k, w in present.items()) / total  # type: ignore[arg-type]
    return min(1.0, max(0.0, value))


def risk_adjusted_value(value: float, risk_weight: float) -> float:
    """value × (1 − risk weight), §4.3(1)."""
    if not 0 <= risk_weight <= 1:
        raise ValueError(f"risk_weight must be between 0 and 1 (got {risk_weight})")
    return value * (1.0 - risk_weight)


@dataclass(frozen=True)
class PartnerAssessment:
    name: str
    type: str
    criteria: dict[str, float | None]  # 0..1 per criterion; strategic_fit None without broker goals
    value: float
    risk_weight: float
    adjusted: float
    band: str
    stopped_at: str | None  # the screening tier the candidate failed, None if it passed all three


def evaluate(
    candidates: Sequence[Candidate],
    weights: Mapping[str, float],
    broker_goals: Iterable[str],
    content: PartnerContent,
    bands: Sequence[DecisionBand],
) -> list[PartnerAssessment]:
    """Every candidate's value, risk-adjusted value and band, best first (ties by name)."""
    goals = list(broker_goals)
    screening = screen(candidates, content.screening.synergy_threshold)
    out = []
    for c in candidates:
        scores: dict[str, float | None] = {
            **c.criteria01(),
            FIT_CRITERION: strategic_fit(goals, c.goals, content.fit.compatibility),
        }
        value = partner_value(weights, scores)
        assert value is not None  # the four typed criteria are always present
        adjusted = risk_adjusted_value(value, c.risk_weight)
        band = band_for(adjusted, bands)
        assert band is not None
        out.append(
            PartnerAssessment(
                name=c.name,
                type=c.type,
                criteria=scores,
                value=value,
                risk_weight=c.risk_weight,
                adjusted=adjusted,
                band=band.id,
                stopped_at=screening.stopped_at(c.name),
            )
        )
    return sorted(out, key=lambda a: (-a.adjusted, a.name))


# ---------------------------------------------------------------- DEA (§4.2(2))


def efficiency(candidates: Sequence[Candidate], model: str = "ccr") -> dea.DeaResult:
    """Input-oriented DEA of the candidates: inputs capital, people, data; outputs user growth,
    revenue, risk-control effect. Raises InputError (from model.methods.dea) for data DEA cannot use."""
    inputs = [[getattr(c.dea, k) for k in DEA_INPUTS] for c in candidates]
    outputs = [[getattr(c.dea, k) for k in DEA_OUTPUTS] for c in candidates]
    return dea.dea_efficiency(inputs, outputs, [c.name for c in candidates], model=model)


def dea_status(unit: dea.DeaUnit) -> str:
    """efficient (on the frontier, no slack) | weak (θ = 1 but with slack) | inefficient (θ < 1)."""
    if unit.peers == (unit.name,):
        return "efficient"
    return "weak" if unit.efficiency >= 1 - dea.TOLERANCE else "inefficient"


def recommended_units(inputs: int = len(DEA_INPUTS), outputs: int = len(DEA_OUTPUTS)) -> int:
    """The usual rule of thumb for DEA to discriminate: n ≥ max(m·s, 3(m+s)) (Cooper et al. 2007)."""
    return max(inputs * outputs, 3 * (inputs + outputs))
