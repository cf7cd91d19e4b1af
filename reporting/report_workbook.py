"""The assessment as an Excel workbook: summary, dimension scores, indices, answers (question text and
answer label in the chosen language, ids in their own column), the plan with the team's tracking
columns, risks, indicators and — when present — partner results. Built from the same `Context` as the
report (reporting/report.py), written by the generic writer in reporting/workbook.py."""

from __future__ import annotations

from model.content.schema import DIMENSION_IDS
from reporting.labels import answer_label
from reporting.report import (
    Context,
    context,
    index_rows,
    indicator_rows,
    kpi_text,
    partner_rows,
    plan_rows,
    priority_text,
    status_text,
)
from reporting.workbook import DATE, INDEX, INTEGER, NUMBER, PERCENT, SCORE, Cell, Column, Sheet, to_xlsx


def sheets(c: Context) -> list[Sheet]:
    out = [summary(c), dimensions(c), indices(c), answers(c), plan(c), risks(c), indicators(c)]
    if c.partners:
        out.append(partners(c))
    return out


def workbook(c: Context) -> bytes:
    return to_xlsx(sheets(c), title=c.t("rep_title"))


def xlsx_report(q, answer_set, lang: str = "zh", **kwargs) -> bytes:
    return workbook(context(q, answer_set, lang, **kwargs))


def summary(c: Context) -> Sheet:
    t, r, meta = c.t, c.result, c.answer_set.meta
    s = r.strategy
    rows: list[tuple] = [
        (t("rep_name"), meta.get("name") or ""),
        (t("rep_author"), meta.get("author") or ""),
        (t("rep_assessed"), meta.get("date") or ""),
        (t("rep_date"), Cell(c.today, DATE)),
        (t("rep_questionnaire"), f"{c.q.id} v{c.q.version}"),
        (t("rep_completeness"), Cell(r.completeness, PERCENT)),
        (
            t("recommended_type"),
            c.type_name(s.recommended)
            if s.recommended
            else t("rep_no_recommendation", n=len(s.missing_dimensions)),
        ),
        (t("index_risk_adjusted_readiness"), Cell(r.risk_adjusted_readiness, INDEX)),
        (t("decision_band"), r.band.name.get(c.lang) if r.band else ""),
        (t("rep_notes"), meta.get("notes") or ""),
        (t("rep_disclaimer"), c.q.disclaimer.full.get(c.lang)),
    ]
    return Sheet(
        t("rep_summary"),
        (Column(t("rep_col_item"), 26), Column(t("col_value"), 70, wrap=True)),
        rows,
    )


def dimensions(c: Context) -> Sheet:
    t = c.t
    rows = [
        (
            d,
            c.dim(d),
            c.result.dimensions[d].score,
            c.result.dimensions[d].answered,
            c.result.dimensions[d].total,
            c.q.dimension(d).ref,
        )
        for d in DIMENSION_IDS
    ]
    return Sheet(
        t("rep_scores"),
        (
            Column("id", 20),
            Column(t("col_dimension"), 24),
            Column(t("rep_col_score100"), 12, SCORE),
            Column(t("rep_col_answered"), 10, INTEGER),
            Column(t("rep_col_questions"), 10, INTEGER),
            Column(t("col_ref"), 20),
        ),
        rows,
    )


def indices(c: Context) -> Sheet:
    t = c.t
    return Sheet(
        t("indices_header"),
        (
            Column("id", 24),
            Column(t("col_index"), 22),
            Column(t("col_value"), 10, INDEX),
            Column(t("col_basis"), 60, wrap=True),
        ),
        index_rows(c),
    )


def answers(c: Context) -> Sheet:
    t, q, given = c.t, c.q, c.answer_set.answers
    rows = []
    for x in q.questions:
        value = given.get(x.id)
        raw = "" if value is None else ("; ".join(map(str, value)) if isinstance(value, list) else value)
        group = q.sections[x.dimension].get(c.lang) if x.dimension in q.sections else c.dim(x.dimension)
        label = answer_label(x, value, c.lang) if value is not None else ""
        rows.append((group, x.id, x.text.get(c.lang), label, raw if x.type != "number" else value, x.ref))
    return Sheet(
        t("rep_answers"),
        (
            Column(t("rep_col_group"), 16),
            Column(t("rep_col_question_id"), 24),
            Column(t("rep_col_question"), 50, wrap=True),
            Column(t("rep_col_answer"), 40, wrap=True),
            Column(t("rep_col_answer_id"), 24),
            Column(t("col_ref"), 14),
        ),
        rows,
    )


def plan(c: Context) -> Sheet:
    t, lang = c.t, c.lang
    phases = {p.phase.id: p for p in c.result.plan.phases}
    owners = c.q.roadmap.owners
    rows = [
        (
            phases[r.phase_id].phase.name.get(lang),
            r.action_id,
            r.title.get(lang),
            owners[r.owner_role].get(lang) if r.owner_role in owners else r.owner_role,
            priority_text(c, r),
            kpi_text(c, r),
            r.owner,
            r.start,
            r.due,
            status_text(c, r),
            r.note,
            r.ref,
        )
        for r in plan_rows(c)
    ]
    return Sheet(
        t("page_roadmap"),
        (
            Column(t("rep_col_phase"), 16),
            Column(t("rep_col_action_id"), 22),
            Column(t("rep_col_action"), 36, wrap=True),
            Column(t("rep_col_role"), 16),
            Column(t("rep_col_priority"), 8),
            Column(t("rep_col_kpis"), 44, wrap=True),
            Column(t("rep_col_owner"), 14),
            Column(t("rep_col_start"), 12, DATE),
            Column(t("rep_col_due"), 12, DATE),
            Column(t("rep_col_status"), 14),
            Column(t("rep_col_note"), 30, wrap=True),
            Column(t("col_ref"), 14),
        ),
        rows,
    )


def risks(c: Context) -> Sheet:
    t, lang = c.t, c.lang
    levels = {lv.id: lv.name.get(lang) for lv in c.q.risk_register.levels}
    categories = {cat: spec.name.get(lang) for cat, spec in c.q.risk.categories.items()}
    mitigations = {o.value: o.label.get(lang) for o in c.q.question(c.q.risk.mitigation_question).options}
    rows = [
        (
            r.risk.id,
            r.risk.name.get(lang),
            categories.get(r.risk.category, r.risk.category),
            levels.get(r.level, r.level),
            r.likelihood,
            r.risk.impact,
            r.exposure,
            t.join(mitigations.get(m, m) for m in r.mitigated_by),
            " ".join(m.get(lang) for m in r.risk.mitigations),
            r.risk.ref,
        )
        for r in sorted(c.result.risk.risks, key=lambda r: -r.exposure)
    ]
    return Sheet(
        t("rep_risks"),
        (
            Column("id", 20),
            Column(t("rep_col_risk"), 26),
            Column(t("col_category"), 12),
            Column(t("rep_col_level"), 10),
            Column(t("rep_col_likelihood"), 10, NUMBER),
            Column(t("rep_col_impact"), 10, NUMBER),
            Column(t("rep_col_exposure"), 10, NUMBER),
            Column(t("rep_col_mitigated_by"), 30, wrap=True),
            Column(t("rep_col_mitigation"), 60, wrap=True),
            Column(t("col_ref"), 14),
        ),
        rows,
    )


def indicators(c: Context) -> Sheet:
    t = c.t
    rows = [
        (r.indicator, r.risk, r.value, r.unit, r.direction, r.warn, r.alert, r.status, r.ref)
        for r in indicator_rows(c)
    ]
    return Sheet(
        t("indicators_header"),
        (
            Column(t("rep_col_indicator"), 28),
            Column(t("rep_col_risk"), 24),
            Column(t("col_value"), 10, "0.##"),
            Column(t("rep_col_unit"), 10),
            Column(t("rep_col_direction"), 12),
            Column(t("rep_col_warn"), 10, "0.##"),
            Column(t("rep_col_alert"), 10, "0.##"),
            Column(t("rep_col_status"), 10),
            Column(t("col_ref"), 14),
        ),
        rows,
    )


def partners(c: Context) -> Sheet:
    t = c.t
    rows = [
        (r.rank, r.name, r.type, r.value, r.risk_weight, r.adjusted, r.band, r.screening)
        for r in partner_rows(c)
    ]
    return Sheet(
        t("page_partners"),
        (
            Column(t("pt_col_rank"), 8, INTEGER),
            Column(t("pt_col_name"), 24),
            Column(t("pt_col_type"), 16),
            Column(t("pt_value"), 12, INDEX),
            Column(t("pt_col_risk_weight"), 12, NUMBER),
            Column(t("pt_adjusted_value"), 14, INDEX),
            Column(t("pt_band"), 16),
            Column(t("pt_screening_result"), 22),
        ),
        rows,
    )
