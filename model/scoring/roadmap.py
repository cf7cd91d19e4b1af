"""The phased plan (report §9.2): a few actions per phase, chosen from what the firm answered,
ranked by the gap they close, dated from the assessment and joined with what the team tracks.

What the firm already has (an answer at top maturity, or an explicit "has" answer) is never proposed: the
action is dropped, or kept as "sustain" when the content says what to keep doing. Binding (equity)
actions sit in the late phase only; the horizon answer decides which phases are covered; actions that
need a licence the firm lacks wait for the licence step; high data-security or licence risk puts
compliance first.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from model.content.base import Text
from model.content.plan_schema import Action, Kpi, Phase
from model.content.schema import Questionnaire
from model.inputs.answers import ActionTracking
from model.scoring.dimensions import question_score

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# How much an action with no measured gap is worth against measured ones (set by this tool: a high-priority
# baseline action ranks like a gap of 30 points, medium 20, low 10).
BASE_GAP = {"high": 0.3, "medium": 0.2, "low": 0.1}
ROLE_OF_TYPE = {"alliance_member": "joiner"}  # every other type builds
DONE = ("done", "dropped")


@dataclass(frozen=True)
class Trigger:
    """Why an action is in (or out of) the plan.

    kind: "gap" (a dimension below its threshold), "strength", "type", "cross_border", "answer" (a covered
    question below top maturity, or the answer a condition asked for), "has" (the firm already has it),
    "licence" (needs a licence the firm lacks: waits for the licence step), "licence_missing" (the
    licence step itself: the firm has not confirmed the licence), "compliance_first",
    "core" (in every plan), "baseline"; for actions left out also "blocked" (a risk named in
    `blocked_by` is orange or red) and "ranked_below"."""

    kind: str
    dimension: str | None = None
    threshold: float | None = None
    score: float | None = None
    value: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class PlannedKpi:
    metric: Text
    target: Text  # the firm's own figure when it gave one, else the content's target
    due: date
    from_firm: bool
    ref: str | None


@dataclass(frozen=True)
class PlannedAction:
    action: Action
    triggers: tuple[Trigger, ...]
    gap_size: float  # the gap the action closes, 0..1; larger first
    kind: str  # "act" | "sustain"
    start: date
    due: date
    kpis: tuple[PlannedKpi, ...]
    tracking: ActionTracking = field(default_factory=ActionTracking)

    @property
    def id(self) -> str:
        return self.action.id

    def overdue(self, today: date) -> bool:
        return self.tracking.status not in DONE and self.effective_due < today

    @property
    def effective_start(self) -> date:
        return self.tracking.start or self.start

    @property
    def effective_due(self) -> date:
        return self.tracking.due or self.due


@dataclass(frozen=True)
class PlannedPhase:
    phase: Phase
    start: date
    end: date  # the last day of the phase
    actions: tuple[PlannedAction, ...]


@dataclass(frozen=True)
class Left:
    """A candidate action not in the plan, and why (already has it, or ranked below the ones chosen)."""

    action: Action
    reason: Trigger


@dataclass(frozen=True)
class PlanRow:
    """One action as the team owns it: what exports (PDF, Excel) print. Owner is the typed name, or the
    content's role when nobody was named."""

    phase_id: str
    action_id: str
    title: Text
    kind: str
    owner: str  # what the team typed; "" when none
    owner_role: str  # the content's role id (roadmap.owners)
    start: date
    due: date
    status: str  # answers.PLAN_STATUSES
    note: str
    overdue: bool
    kpis: tuple[PlannedKpi, ...]
    ref: str


@dataclass(frozen=True)
class Plan:
    start: date  # the assessment date (meta.date), else the day the plan was built
    dated_from_answers: bool
    horizon: str | None  # the horizon answer; None when not given (all phases shown)
    phases: tuple[PlannedPhase, ...]  # only the phases the horizon covers
    left_out: tuple[Left, ...]
    compliance_first: bool
    missing_licences: tuple[str, ...]
    tracking: dict[str, ActionTracking] = field(default_factory=dict)

    def actions(self) -> tuple[PlannedAction, ...]:
        return tuple(a for p in self.phases for a in p.actions)

    def action(self, action_id: str) -> PlannedAction | None:
        return next((a for a in self.actions() if a.id == action_id), None)

    @property
    def end(self) -> date:
        return self.phases[-1].end if self.phases else self.start

    def overdue(self, today: date | None = None) -> tuple[PlannedAction, ...]:
        today = today or date.today()
        return tuple(a for a in self.actions() if a.overdue(today))

    def rows(self, today: date | None = None) -> tuple[PlanRow, ...]:
        today = today or date.today()
        return tuple(
            PlanRow(
                phase_id=p.phase.id,
                action_id=a.id,
                title=a.action.title,
                kind=a.kind,
                owner=a.tracking.owner,
                owner_role=a.action.owner,
                start=a.effective_start,
                due=a.effective_due,
                status=a.tracking.status,
                note=a.tracking.note,
                overdue=a.overdue(today),
                kpis=a.kpis,
                ref=a.action.ref,
            )
            for p in self.phases
            for a in p.actions
        )


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_start(meta: dict[str, str] | None, today: date | None = None) -> tuple[date, bool]:
    """The assessment date from the answers' meta.date (ISO), else today."""
    raw = (meta or {}).get("date")
    try:
        return date.fromisoformat(str(raw)[:10]), True
    except (TypeError, ValueError):
        return today or date.today(), False


class _Firm:
    """What the selection reads from the answers."""

    def __init__(self, q: Questionnaire, answers: dict[str, Any]):
        self.q, self.answers = q, answers

    def selected(self, qid: str) -> set[str]:
        value = self.answers.get(qid)
        if value is None:
            return set()
        return set(value) if isinstance(value, list) else {str(value)}

    def score(self, qid: str) -> float | None:
        question = self.q.question(qid)
        return None if question is None else question_score(question, self.answers.get(qid))

    def licences(self) -> set[str] | None:
        return (
            self.selected(self.q.roadmap.licence_question)
            if self.q.roadmap.licence_question in self.answers
            else None
        )


def _conditions(
    action: Action, firm: _Firm, dims100, recommended, cross_border, role, compliance_first, licences
) -> list[Trigger] | None:
    """Triggers when every `when` condition holds; None when one does not. An unanswered dimension
    satisfies neither a gap nor a strength: we do not guess. In a compliance-first plan, compliance actions
    of the first phase enter without their gap condition."""
    when = action.when
    found: list[Trigger] = []
    bypass = compliance_first and action.compliance and action.phase == "p1_strategy_partner"
    for d, threshold in when.gaps.items():
        score = dims100[d]
        if score is None or score >= threshold:
            if bypass:
                continue
            return None
        found.append(Trigger("gap", d, threshold, score))
    for d, threshold in when.strengths.items():
        score = dims100[d]
        if score is None or score < threshold:
            return None
        found.append(Trigger("strength", d, threshold, score))
    if when.types:
        if recommended not in when.types:
            return None
        found.append(Trigger("type", value=recommended))
    if when.role != "any" and when.role != role:
        return None
    if when.cross_border is not None:
        if cross_border != when.cross_border:
            return None
        found.append(Trigger("cross_border", value=str(cross_border).lower()))
    for qid, values in when.answers.items():
        hit = firm.selected(qid) & set(values)
        if not hit:
            return None
        found.append(Trigger("answer", question=qid, value=sorted(hit)[0]))
    if when.missing_licences:
        lacking = [lic for lic in when.missing_licences if licences is None or lic not in licences]
        if not lacking:
            return None
        found.append(Trigger("licence_missing", value=lacking[0]))
    if bypass:
        found.append(Trigger("compliance_first"))
    return found


def _already_has(action: Action, firm: _Firm) -> Trigger | None:
    for qid, values in action.has_any.items():
        hit = firm.selected(qid) & set(values)
        if hit:
            return Trigger("has", question=qid, value=sorted(hit)[0])
    for qid, values in action.has_all.items():
        if set(values) <= firm.selected(qid):
            return Trigger("has", question=qid, value=values[0])
    scored = [(qid, firm.score(qid)) for qid in action.covers]
    answered = [(qid, s) for qid, s in scored if s is not None]
    if answered and all(s >= 1.0 - 1e-9 for _, s in answered):
        qid = answered[0][0]
        return Trigger(
            "has", question=qid, value=sorted(firm.selected(qid))[0] if firm.selected(qid) else None
        )
    return None


def _covered_gaps(action: Action, firm: _Firm) -> list[Trigger]:
    """The covered questions below top maturity: the answers that chose the action."""
    out = []
    for qid in action.covers:
        s = firm.score(qid)
        if s is not None and s < 1.0 - 1e-9:
            value = sorted(firm.selected(qid))
            out.append(Trigger("answer", question=qid, score=s, value=value[0] if value else None))
    return out


def _gap(action: Action, triggers: list[Trigger]) -> float:
    gaps = [(t.threshold - t.score) / 100 for t in triggers if t.kind == "gap"]
    answers = [1.0 - t.score for t in triggers if t.kind == "answer" and t.score is not None]
    if answers:
        gaps.append(sum(answers) / len(answers))
    return max(gaps) if gaps else BASE_GAP[action.priority]


def _kpis(action: Action, firm: _Firm, start: date, end: date) -> tuple[PlannedKpi, ...]:
    mid = start + (end - start) / 2
    out = []
    for k in action.kpis:
        target, own = k.target, False
        if k.firm is not None:
            value = firm.answers.get(k.firm.question)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                target, own = _firm_target(k, float(value)), True
        out.append(PlannedKpi(k.metric, target, mid if k.due == "phase_mid" else end, own, k.ref))
    return tuple(out)


def _firm_target(k: Kpi, value: float) -> Text:
    raw = value * k.firm.factor
    goal = max(1.0, round(raw, 1) if raw < 10 else float(round(raw)))  # 2.1 × 1.5 → 3.2, not 3

    def num(x: float) -> str:
        return f"{x:g}" if x != int(x) else str(int(x))  # "10", never "10.00"

    return Text(
        zh=k.firm.target.zh.format(value=num(value), goal=num(goal)),
        en=k.firm.target.en.format(value=num(value), goal=num(goal)),
    )


def _phase_dates(q: Questionnaire, start: date) -> dict[str, tuple[date, date]]:
    out, cursor = {}, start
    for phase in q.roadmap.phases:
        nxt = add_months(cursor, phase.months)
        out[phase.id] = (cursor, date.fromordinal(nxt.toordinal() - 1))
        cursor = nxt
    return out


def covered_phases(q: Questionnaire, answers: dict[str, Any]) -> tuple[str, ...]:
    horizon = q.roadmap.horizon
    value = answers.get(horizon.question)
    return tuple(horizon.phases.get(value, horizon.unanswered)) if value else horizon.unanswered


def compliance_first(q: Questionnaire, risks) -> bool:
    rule = q.roadmap.compliance_first
    return any(r.risk.id in rule.risks and r.level in rule.levels for r in getattr(risks, "risks", ()))


def build_plan(
    q: Questionnaire,
    dims100: dict[str, float | None],
    recommended: str | None,
    cross_border: bool,
    answers: dict[str, Any] | None = None,
    risks=None,
    start: date | None = None,
    dated_from_answers: bool = False,
    tracking: dict[str, ActionTracking] | None = None,
) -> Plan:
    answers = answers or {}
    tracking = tracking or {}
    firm = _Firm(q, answers)
    roadmap = q.roadmap
    start = start or date.today()
    role = ROLE_OF_TYPE.get(recommended or "", "builder")
    first = compliance_first(q, risks)
    levels = {r.risk.id: r.level for r in getattr(risks, "risks", ())}
    licences = firm.licences()
    lacking = tuple(
        sorted(
            {
                lic
                for a in roadmap.actions
                for lic in a.requires_licence
                if licences is None or lic not in licences
            }
        )
    )
    dates = _phase_dates(q, start)
    covered = covered_phases(q, answers)
    phases, left = [], []
    for phase in roadmap.phases:
        if phase.id not in covered:
            continue
        p_start, p_end = dates[phase.id]
        acts, sustains = [], []
        for action in roadmap.actions:
            if action.phase != phase.id:
                continue
            triggers = _conditions(action, firm, dims100, recommended, cross_border, role, first, licences)
            if triggers is None:
                continue
            blocked = [r for r in action.blocked_by if levels.get(r) in roadmap.compliance_first.levels]
            if blocked:  # e.g. no equity tie while data-security or licence risk is orange or red
                left.append(Left(action, Trigger("blocked", value=blocked[0])))
                continue
            has = _already_has(action, firm)
            if has is not None:
                if action.sustain is not None:
                    sustains.append((action, [has]))
                else:
                    left.append(Left(action, has))
                continue
            triggers += _covered_gaps(action, firm)
            needs = [lic for lic in action.requires_licence if licences is None or lic not in licences]
            if needs:
                triggers.append(Trigger("licence", value=needs[0]))
            if action.core:
                triggers.insert(0, Trigger("core"))
            acts.append((action, triggers or [Trigger("baseline")]))

        def rank(item):
            action, triggers = item
            gate = bool(action.when.missing_licences) or (first and action.compliance)
            # what the strategy type asks for (join and subscribe, build, the niche) before generic gap work
            fits = bool(
                action.when.types
                or action.when.role == "joiner"
                or action.when.answers
                or action.when.cross_border
            )
            return (
                not action.core,
                not gate,
                not fits,
                -_gap(action, triggers),
                PRIORITY_ORDER[action.priority],
                action.id,
            )

        acts.sort(key=rank)
        chosen = acts[: roadmap.limits.target]
        for action, _ in acts[roadmap.limits.target :]:
            left.append(Left(action, Trigger("ranked_below", value=str(roadmap.limits.target))))
        fill = max(0, roadmap.limits.minimum - len(chosen))
        chosen_sustains = sustains[:fill] if fill else []
        for action, has in sustains[len(chosen_sustains) :]:
            left.append(Left(action, has[0]))
        planned = [
            _planned(action, triggers, "act", firm, p_start, p_end, tracking) for action, triggers in chosen
        ] + [
            _planned(action, triggers, "sustain", firm, p_start, p_end, tracking)
            for action, triggers in chosen_sustains
        ]
        phases.append(PlannedPhase(phase, p_start, p_end, tuple(planned)))
    return Plan(
        start=start,
        dated_from_answers=dated_from_answers,
        horizon=answers.get(roadmap.horizon.question),
        phases=tuple(phases),
        left_out=tuple(left),
        compliance_first=first,
        missing_licences=lacking,
        tracking=dict(tracking),
    )


def _planned(action, triggers, kind, firm, p_start, p_end, tracking) -> PlannedAction:
    return PlannedAction(
        action=action,
        triggers=tuple(triggers),
        gap_size=_gap(action, triggers) if kind == "act" else 0.0,
        kind=kind,
        start=p_start,
        due=p_end,
        kpis=_kpis(action, firm, p_start, p_end),
        tracking=tracking.get(action.id, ActionTracking()),
    )


def plan_json(plan: Plan, lang: str, today: date | None = None) -> dict:
    """The roadmap part of the result JSON: the firm's dated phases and the team's tracking."""
    today = today or date.today()
    rows = {r.action_id: r for r in plan.rows(today)}
    return {
        "start": plan.start.isoformat(),
        "dated_from_answers": plan.dated_from_answers,
        "horizon": plan.horizon,
        "compliance_first": plan.compliance_first,
        "missing_licences": list(plan.missing_licences),
        "phases": [
            {
                "id": p.phase.id,
                "name": p.phase.name.get(lang),
                "start_date": p.start.isoformat(),
                "end_date": p.end.isoformat(),
                "report_years": [p.phase.start, p.phase.end],
                "depth": p.phase.depth.get(lang),
                "actions": [
                    {
                        "id": a.id,
                        "title": a.action.title.get(lang),
                        "kind": a.kind,
                        "owner": a.action.owner,
                        "owner_name": rows[a.id].owner,
                        "priority": a.action.priority,
                        "start": rows[a.id].start.isoformat(),
                        "due": rows[a.id].due.isoformat(),
                        "status": rows[a.id].status,
                        "overdue": rows[a.id].overdue,
                        "kpis": [
                            {
                                "metric": k.metric.get(lang),
                                "target": k.target.get(lang),
                                "due": k.due.isoformat(),
                            }
                            for k in a.kpis
                        ],
                        "triggers": [
                            t.kind
                            if not (t.dimension or t.question)
                            else f"{t.kind}:{t.dimension or t.question}"
                            for t in a.triggers
                        ],
                        "ref": a.action.ref,
                    }
                    for a in p.actions
                ],
            }
            for p in plan.phases
        ],
        "left_out": [{"id": x.action.id, "reason": x.reason.kind} for x in plan.left_out],
    }
