"""The assessment report: one list of sections built from the typed `Result` of `assess()`, rendered as
self-contained HTML, Markdown or PDF (reporting/render.py, reporting/pdf.py), plus the scores as CSV, the
answers as JSON and the workbook (reporting/report_workbook.py). No Streamlit: the app and
`python -m model report` share it.

Each section function returns a Section, or None when it has nothing to say (no empty headings).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from model.content.schema import DIMENSION_IDS, Questionnaire
from model.inputs.answers import AnswerSet, to_document
from model.partners import evaluation as pm
from model.scoring.assess import Result, assess
from model.scoring.roadmap import PlanRow
from reporting import charts, compare
from reporting.labels import answer_label
from reporting.plan_charts import gantt_data
from reporting.render import (
    Bullets,
    Facts,
    Figure,
    Heading,
    Report,
    Section,
    Strong,
    Table,
    para,
    to_html,
    to_markdown,
)
from reporting.report_charts import before_after, dated_plan
from reporting.saved_partners import saved_assessments
from reporting.svg import chart_svg
from reporting.texts import Texts
from reporting.workbook import csv_text

TONES = {"restructure_or_exit": "bad", "improve": "warn", "prioritise": "good"}
PRIORITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Previous:
    """An earlier assessment to compare with (milestones)."""

    result: Result
    label: str  # e.g. its date or file name


@dataclass(frozen=True)
class Context:
    q: Questionnaire
    answer_set: AnswerSet
    result: Result
    lang: str
    t: Texts
    today: date
    partners: tuple[pm.PartnerAssessment, ...]  # the Partners page's evaluation, best first; () if none
    previous: Previous | None
    charts: bool = True  # False for Markdown, which shows each chart's table instead: no render

    def figure(self, make: Callable[..., Any], args: tuple, name: str, caption: str, fallback=None) -> Figure:
        """A chart block, `make(*args)` as SVG (cached on its inputs); nothing is drawn for outputs that
        show no charts (Markdown shows the fallback table)."""
        return Figure(chart_svg(make, name, *args) if self.charts else "", caption, fallback)

    def dim(self, d: str) -> str:
        return self.q.dimension(d).name.get(self.lang)

    def type_name(self, tid: str) -> str:
        return self.q.strategy_type(tid).name.get(self.lang)


def context(
    q: Questionnaire,
    answer_set: AnswerSet,
    lang: str = "zh",
    *,
    today: date | None = None,
    partners: Sequence[pm.PartnerAssessment] | None = None,
    previous: Previous | None = None,
    charts: bool = True,
) -> Context:
    """Everything a report or workbook is made of: the answers, their one `assess()`, the extras."""
    t = Texts(lang)
    if partners is None:  # the partner work saved with the answers (the app's draft, a file, the CLI)
        partners = saved_assessments(q, answer_set)
    return Context(
        q,
        answer_set,
        assess(q, answer_set),
        t.lang,
        t,
        today or date.today(),
        tuple(partners or ()),
        previous,
        charts,
    )


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


# ---------------------------------------------------------------- rows shared by the report and the workbook


def plan_rows(c: Context) -> tuple[PlanRow, ...]:
    """The actions as the team owns them (owner, dates, status, note from the answers file's `plan`
    section; the model's dated defaults where nothing was typed), for the report and the workbook."""
    return c.result.plan.rows(c.today)


def owner_text(c: Context, row: PlanRow) -> str:
    """The name the team typed, else the content's suggested role."""
    owners = c.q.roadmap.owners
    return row.owner or (owners[row.owner_role].get(c.lang) if row.owner_role in owners else row.owner_role)


def kpi_text(c: Context, row: PlanRow) -> str:
    return c.t.join_clauses(f"{k.metric.get(c.lang)}{c.t.colon}{k.target.get(c.lang)}" for k in row.kpis)


def status_text(c: Context, row: PlanRow) -> str:
    status = c.t(f"status_{row.status}")
    return c.t("rep_status_overdue", status=status) if row.overdue else status


def priority_text(c: Context, row: PlanRow) -> str:
    planned = c.result.plan.action(row.action_id)
    return c.t(f"rep_priority_{planned.action.priority}") if planned else ""


@dataclass(frozen=True)
class IndicatorRow:
    risk: str
    indicator: str
    unit: str
    value: float | None
    warn: float
    alert: float
    direction: str
    status: str
    ref: str


def indicator_rows(c: Context) -> list[IndicatorRow]:
    out = []
    for r in c.result.risk.risks:
        for s in r.indicators:
            ind = s.indicator
            out.append(
                IndicatorRow(
                    risk=r.risk.name.get(c.lang),
                    indicator=ind.name.get(c.lang),
                    unit=ind.unit.get(c.lang),
                    value=s.value,
                    warn=ind.warn,
                    alert=ind.alert,
                    direction=c.t(f"rep_direction_{ind.direction}"),
                    status=c.t(f"status_{s.status}"),
                    ref=ind.ref,
                )
            )
    return out


@cache
def partner_content() -> pm.PartnerContent:
    return pm.load_content()


@dataclass(frozen=True)
class PartnerRow:
    rank: int
    name: str  # user text
    type: str
    value: float
    risk_weight: float
    adjusted: float
    band: str
    screening: str


def partner_rows(c: Context) -> list[PartnerRow]:
    content = partner_content()
    types = {x.id: x.name.get(c.lang) for x in content.types}
    tiers = {x.id: x.name.get(c.lang) for x in content.screening.tiers}
    bands = {b.id: b.name.get(c.lang) for b in c.q.decision_bands}
    return [
        PartnerRow(
            rank=i,
            name=a.name,
            type=types.get(a.type, a.type),
            value=a.value,
            risk_weight=a.risk_weight,
            adjusted=a.adjusted,
            band=bands.get(a.band, a.band),
            screening=(
                c.t("pt_passed_all")
                if a.stopped_at is None
                else c.t("pt_stopped_at", tier=tiers.get(a.stopped_at, a.stopped_at))
            ),
        )
        for i, a in enumerate(c.partners, start=1)
    ]


# ---------------------------------------------------------------- sections


def summary(c: Context) -> Section:
    t, r = c.t, c.result
    if r.strategy.between:  # a close call is said as one: between the two
        top = t(
            "close_call_header", a=c.type_name(r.strategy.between[0]), b=c.type_name(r.strategy.between[1])
        )
    elif r.strategy.recommended:
        top = c.type_name(r.strategy.recommended)
    else:
        top = t("rep_no_recommendation", n=len(r.strategy.missing_dimensions))
    band = r.band.name.get(c.lang) if r.band else "—"
    blocks: list = [
        Facts(
            (
                (t("recommended_type"), top),
                (t("index_risk_adjusted_readiness"), num(r.risk_adjusted_readiness)),
                (t("decision_band"), band),
                (t("rep_completeness"), pct(r.completeness)),
            )
        )
    ]
    if r.band:
        blocks.append(para(Strong(band), " — ", r.band.advice.get(c.lang), tone=TONES.get(r.band.id, "info")))
    if r.completeness < 1:
        blocks.append(para(t("results_incomplete", pct=round(r.completeness * 100)), tone="warn"))
    return Section("summary", t("rep_summary"), tuple(blocks))


_META_ROWS = (
    ("name", "rep_name"),
    ("author", "rep_author"),
    ("date", "rep_assessed"),
    ("notes", "rep_notes"),
)


def profile(c: Context) -> Section | None:
    t, meta = c.t, c.answer_set.meta
    rows = [(t(key), str(meta[field])) for field, key in _META_ROWS if meta.get(field)]
    for x in c.q.questions_in("profile"):
        if x.id in c.answer_set.answers:
            rows.append((x.text.get(c.lang), answer_label(x, c.answer_set.answers[x.id], c.lang)))
    if not rows:
        return None
    return Section(
        "profile", t("page_profile"), (Table((t("rep_col_item"), t("rep_col_answer")), tuple(rows)),)
    )


def scores(c: Context) -> Section:
    t, dims = c.t, c.result.dimensions

    radar = (
        charts.radar,
        ([c.dim(d) for d in DIMENSION_IDS], {t("your_firm"): [dims[d].score for d in DIMENSION_IDS]}),
    )
    table = Table(
        (t("col_dimension"), t("col_score"), t("col_answered"), t("col_ref")),
        tuple(
            (c.dim(d), num(dims[d].score, 0), f"{dims[d].answered}/{dims[d].total}", c.q.dimension(d).ref)
            for d in DIMENSION_IDS
        ),
        numeric=(1, 2),
    )
    return Section("scores", t("rep_scores"), (c.figure(*radar, "radar", t("radar_title")), table))


def index_rows(c: Context) -> list[tuple[str, str, float | None, str]]:
    """(id, name, value 0..1, basis) of the six indices, for the report and the workbook."""
    t, r = c.t, c.result
    sources = {
        "metrics": t("source_metrics"),
        "blend": t("source_blend"),
        "proxy": t("source_proxy"),
        "none": t("source_none"),
    }
    weights = {k: f"{v:.2f}" for k, v in r.weights.items()}
    rows = (
        ("resource_synergy", r.resource_synergy, t("formula_synergy")),
        ("user_value", r.user_value.value, sources.get(r.user_value.source, "")),
        ("commercial_value", r.commercial_value.value, sources.get(r.commercial_value.source, "")),
        ("readiness", r.readiness, t("formula_readiness", **weights)),
        ("risk_weight", r.risk.weight, t("formula_risk", n=len(r.risk.mitigations))),
        ("risk_adjusted_readiness", r.risk_adjusted_readiness, t("formula_adjusted")),
    )
    return [(key, t(f"index_{key}"), value, basis) for key, value, basis in rows]


def indices(c: Context) -> Section:
    t, band = c.t, c.result.band
    table = Table(
        (t("col_index"), t("col_value"), t("col_basis")),
        tuple((name, num(value, 3), basis) for _, name, value, basis in index_rows(c)),
        numeric=(1,),
    )
    blocks: list = [table]
    if band:
        blocks.append(
            para(
                Strong(f"{t('decision_band')}{t.colon}{band.name.get(c.lang)}"),
                " — ",
                band.advice.get(c.lang),
                tone=TONES.get(band.id, "info"),
            )
        )
    return Section("indices", t("indices_header"), tuple(blocks))


def strategy(c: Context) -> Section:
    t, q, lang, s = c.t, c.q, c.lang, c.result.strategy
    blocks: list = []
    if s.between:
        blocks += _close_call(c)
    elif s.recommended:
        top = q.strategy_type(s.recommended)
        blocks += [
            para(
                t("recommended_type"),
                t.colon,
                Strong(f"{top.name.get(lang)} · {top.slogan.get(lang)}"),
                tone="info",
            ),
            para(top.summary.get(lang), " ", t("report_ref", ref=top.ref)),
        ]
    else:
        missing = t.join(c.dim(d) for d in s.missing_dimensions)
        blocks.append(para(t("strategy_provisional", dims=missing), tone="warn"))
    blocks += [para(t("blocked_type_note", name=c.type_name(tid)), tone="warn") for tid in s.blocked_types]
    if s.cross_border_extension:
        blocks.append(
            para(
                Strong(q.cross_border.name.get(lang)),
                " — ",
                t("cross_border_on"),
                " ",
                t("report_ref", ref=q.cross_border.ref),
            )
        )
    rows = [{"id": tid, "name": c.type_name(tid), "fit": s.fits[tid]} for tid in s.ranking]
    fit_table = Table(
        (t("col_type"), t("fit_axis")),
        tuple((r["name"], f"{r['fit'] * 100:.0f}") for r in rows),
        numeric=(1,),
    )
    blocks += [
        Heading(t("fit_header")),
        c.figure(charts.fit_bars, (rows, s.recommended, t("fit_axis")), "fit", t("fit_explain"), fit_table),
    ]
    if s.recommended:
        blocks += _drivers(c) + _flips(c)
    return Section("strategy", t("page_strategy"), tuple(blocks))


def _close_call(c: Context) -> list:
    """Too close to call as one verdict: both types, the margin, and what would decide it."""
    t, q, lang, s = c.t, c.q, c.lang, c.result.strategy
    a, b = s.between
    body = t("close_call_body", margin=f"{s.margin:.3f}", limit=f"{q.strategy.close_call_margin:g}")
    decider = (
        t(
            "rep_close_call_decider",
            dim=c.dim(s.decider.dimension),
            frm=round(s.decider.from_score),
            to=round(s.decider.to_score),
            b=c.type_name(b),
        )
        if s.decider
        else t("close_call_no_decider")
    )
    blocks: list = [
        para(
            t("recommended_type"),
            t.colon,
            Strong(t("close_call_header", a=c.type_name(a), b=c.type_name(b))),
            tone="warn",
        )
    ]
    blocks.append(para(body, " ", decider))
    for tid in (a, b):
        x = q.strategy_type(tid)
        blocks.append(
            para(
                Strong(f"{x.name.get(lang)} · {x.slogan.get(lang)}"),
                t.colon,
                x.summary.get(lang),
                " ",
                t("report_ref", ref=x.ref),
            )
        )
    return blocks


def _drivers(c: Context) -> list:
    t, q = c.t, c.q
    items = []
    for d in c.result.strategy.drivers:
        answers = t.join_clauses(
            f"{q.question(qid).text.get(c.lang)} → {answer_label(q.question(qid), answer, c.lang)}"
            for qid, answer, _ in d.questions
        )
        score = t("rep_driver_score", score=round(d.score))
        items.append((Strong(c.dim(d.dimension)), score + (t.colon + answers if answers else "")))
    return [Heading(t("drivers_header")), Bullets(tuple(items)) if items else para(t("no_drivers"))]


def _flips(c: Context) -> list:
    t, q, lang, s = c.t, c.q, c.lang, c.result.strategy
    items = []
    if s.dimension_flip:
        f = s.dimension_flip
        items.append(
            (
                t(
                    "rep_flip_dimension",
                    dim=c.dim(f.dimension),
                    frm=round(f.from_score),
                    to=round(f.to_score),
                    type=c.type_name(f.to),
                ),
            )
        )
    if s.answer_flip:
        f = s.answer_flip
        x = q.question(f.question)
        items.append(
            (
                t(
                    "rep_flip_answer",
                    question=x.text.get(lang),
                    frm=answer_label(x, f.from_value, lang),
                    to=answer_label(x, f.to_value, lang),
                    type=c.type_name(f.to),
                ),
            )
        )
    return [Heading(t("flip_header")), Bullets(tuple(items)) if items else para(t("flip_none"))]


def _unmet(c: Context, unmet) -> str:
    """Preconditions a mode's fit is capped by: 'capital ≥ 45 (now 33)'."""
    items = [
        c.t("rep_mode_unmet_item", dim=c.dim(u.dimension), min=f"{u.min:g}", score=num(u.score, 0))
        for u in unmet
    ]
    return c.t("rep_mode_unmet", items=c.t.join(items)) if items else ""


def modes(c: Context) -> Section | None:
    if not c.result.modes:
        return None
    t, lang = c.t, c.lang
    rows = tuple(
        (str(i), m.mode.name.get(lang), f"{m.fit * 100:.0f}", _unmet(c, m.unmet) or m.mode.summary.get(lang))
        for i, m in enumerate(c.result.modes, start=1)
    )
    table = Table(
        (t("rep_col_rank"), t("rep_col_mode"), t("fit_axis"), t("rep_col_why")), rows, numeric=(0, 2)
    )
    return Section("modes", t("rep_modes"), (table,))


def roadmap(c: Context) -> Section | None:
    plan = c.result.plan
    if not plan.phases:
        return None
    t, lang = c.t, c.lang
    milestones = c.q.roadmap.milestones
    phases, marks = gantt_data(plan, milestones, lang)
    labels = {"counts_title": t("col_actions"), "start_label": t("rm_gantt_start")}
    blocks: list = [
        c.figure(dated_plan, (phases, marks, plan.start.isoformat(), labels), "plan", t("rep_timeline")),
        Bullets(
            tuple(
                (Strong(str(m.year)), " ", m.label.get(lang), t("report_ref", ref=m.ref)) for m in milestones
            )
        ),
    ]
    rows = plan_rows(c)
    headers = (
        t("rep_col_action"),
        t("rep_col_owner"),
        t("rep_col_priority"),
        t("rep_col_due"),
        t("rep_col_status"),
        t("rep_col_kpis"),
    )
    for p in plan.phases:
        blocks.append(Heading(p.phase.name.get(lang)))
        dates = t(
            "rm_phase_dates",
            start=p.start.isoformat(),
            end=p.end.isoformat(),
            ry=f"{p.phase.start}–{p.phase.end}",
            ref=p.phase.ref,
        )
        blocks.append(para(t.join_clauses((dates, p.phase.depth.get(lang)))))
        mine = [r for r in rows if r.phase_id == p.phase.id]
        if not mine:
            blocks.append(para(t("rep_no_actions")))
            continue
        body = tuple(
            (
                r.title.get(lang),
                owner_text(c, r),
                priority_text(c, r),
                r.due.isoformat(),
                status_text(c, r),
                kpi_text(c, r),
            )
            for r in mine
        )
        blocks.append(Table(headers, body, nowrap=(2, 3, 4)))
    return Section("roadmap", t("page_roadmap"), tuple(blocks))


def risks(c: Context) -> Section | None:
    exposures = c.result.risk.risks
    if not exposures:
        return None
    t, lang = c.t, c.lang
    levels = {lv.id: lv.name.get(lang) for lv in c.q.risk_register.levels}
    categories = {cat: spec.name.get(lang) for cat, spec in c.q.risk.categories.items()}
    rows = tuple(
        (
            r.risk.name.get(lang),
            categories.get(r.risk.category, r.risk.category),
            levels.get(r.level, r.level),
            num(r.exposure),
            " ".join(m.get(lang) for m in r.risk.mitigations[:2]),  # sentences
        )
        for r in sorted(exposures, key=lambda r: -r.exposure)
    )
    table = Table(
        (
            t("rep_col_risk"),
            t("col_category"),
            t("rep_col_level"),
            t("rep_col_exposure"),
            t("rep_col_mitigation"),
        ),
        rows,
        numeric=(3,),
        nowrap=(1, 2),
    )
    blocks: list = [table]
    known = [r for r in indicator_rows(c) if r.value is not None]
    if known:  # only indicators the firm gave a value for: the rest would be a column of "no value"
        blocks += [
            Heading(t("indicators_header")),
            Table(
                (
                    t("rep_col_indicator"),
                    t("rep_col_risk"),
                    t("col_value"),
                    t("rep_col_thresholds"),
                    t("rep_col_status"),
                ),
                tuple(
                    (
                        t("indicator_label", name=r.indicator, unit=r.unit),
                        r.risk,
                        f"{r.value:g}",
                        t("rep_thresholds", direction=r.direction, warn=f"{r.warn:g}", alert=f"{r.alert:g}"),
                        r.status,
                    )
                    for r in known
                ),
                numeric=(2,),
            ),
        ]
    return Section("risks", t("rep_risks"), tuple(blocks))


def partners(c: Context) -> Section | None:
    """The Partners page's evaluation, when there is one (names are user text: the renderers escape)."""
    if not c.partners:
        return None
    t = c.t
    table = Table(
        (
            t("pt_col_rank"),
            t("pt_col_name"),
            t("pt_col_type"),
            t("pt_value"),
            t("pt_col_risk_weight"),
            t("pt_adjusted_value"),
            t("pt_band"),
            t("pt_screening_result"),
        ),
        tuple(
            (
                str(r.rank),
                r.name,
                r.type,
                f"{r.value:.3f}",
                f"{r.risk_weight:.2f}",
                f"{r.adjusted:.3f}",
                r.band,
                r.screening,
            )
            for r in partner_rows(c)
        ),
        numeric=(0, 3, 4, 5),
    )
    return Section("partners", t("page_partners"), (para(t("rep_partners_intro")), table))


def progress(c: Context) -> Section | None:
    if c.previous is None:
        return None
    t = c.t
    rows = compare.changes(c.previous.result, c.result)
    before, after = t("ms_before", label=c.previous.label), t("ms_after")
    bars = [
        {"name": c.dim(r.id), "before": r.before, "after": r.after} for r in rows if r.kind == "dimension"
    ]
    chart = c.figure(before_after, (bars, before, after, t("col_score")), "progress", t("ms_chart_caption"))
    return Section("progress", t("ms_section", label=c.previous.label), (chart, change_table(rows, c.q, t)))


def change_table(rows: list[compare.Change], q: Questionnaire, t: Texts) -> Table:
    def name(r: compare.Change) -> str:
        return q.dimension(r.id).name.get(t.lang) if r.kind == "dimension" else t(f"index_{r.id}")

    return Table(
        (t("ms_col_item"), t("ms_col_before"), t("ms_col_after"), t("ms_col_delta")),
        tuple(
            (
                name(r),
                compare.fmt(r.before, r.kind),
                compare.fmt(r.after, r.kind),
                compare.fmt(r.delta, r.kind, True),
            )
            for r in rows
        ),
        numeric=(1, 2, 3),
    )


def methodology(c: Context) -> Section:
    t, q, lang = c.t, c.q, c.lang
    ix = q.indices
    synergy = " + ".join(f"{w:g} × {c.dim(d)}" for d, w in ix.resource_synergy.weights.items())
    readiness = " + ".join(f"{w:.2f} × {t(f'index_{k}')}" for k, w in c.result.weights.items())
    bands, firm = q.decision_bands, q.readiness_bands.bands
    items = (
        (t("rep_method_scores"),),
        (Strong(t("index_resource_synergy")), f" = {synergy} ({ix.resource_synergy.ref})"),
        (Strong(t("index_readiness")), f" = {readiness} ({ix.readiness.ref})"),
        (Strong(t("index_risk_adjusted_readiness")), " = ", t("formula_adjusted")),
        (
            Strong(t("decision_band")),
            t.colon
            + t(
                "rep_method_bands",
                r0=firm[0].name.get(lang),
                r1=firm[1].name.get(lang),
                r2=firm[2].name.get(lang),
                rlow=f"{firm[0].below:g}",
                rhigh=f"{firm[1].below:g}",
                low=f"{bands[0].below:g}",
                high=f"{bands[1].below:g}",
            ),
        ),
        (
            t(
                "rep_method_strategy",
                margin=f"{q.strategy.close_call_margin:g}",
                share=f"{q.completeness.min_share:.0%}",
            ),
        ),
    )
    return Section("methodology", t("page_methodology"), (Bullets(items), para(t("rep_method_more"))))


SECTIONS: tuple[Callable[[Context], Section | None], ...] = (
    summary,
    profile,
    scores,
    indices,
    strategy,
    modes,
    roadmap,
    risks,
    partners,
    progress,
    methodology,
)


# ---------------------------------------------------------------- the report and the exports


def document(c: Context) -> Report:
    t, q = c.t, c.q
    sections = tuple(s for s in (fn(c) for fn in SECTIONS) if s is not None)
    version = f"{q.id} v{q.version}"
    meta = (
        (t("rep_questionnaire"), version),
        (t("rep_date"), c.today.isoformat()),
        (t("rep_language"), t("rep_language_name")),
    )
    firm = str(c.answer_set.meta.get("name") or "").strip()
    return Report(
        lang=t.lang,
        title=t("rep_title"),
        subtitle=firm or None,
        meta=meta,
        sections=sections,
        disclaimer=q.disclaimer.full.get(t.lang),
        contents_title=t("rep_contents"),
        running_head=" · ".join(x for x in (firm, c.today.isoformat(), version) if x),
    )


def build(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> Report:
    """The report document; kwargs: today, partners (PartnerAssessment list), previous (Previous)."""
    return document(context(q, answer_set, lang, **kwargs))


def html_report(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> str:
    return to_html(build(q, answer_set, lang, **kwargs))


def markdown_report(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> str:
    return to_markdown(document(context(q, answer_set, lang, charts=False, **kwargs)))


def pdf_report(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> bytes:
    from reporting.pdf import to_pdf  # WeasyPrint loads only when a PDF is asked for

    return to_pdf(build(q, answer_set, lang, **kwargs))


def scores_csv(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh") -> str:
    """One row per dimension (0..100) and per index (0..1): ids in their own column, names in `lang`.
    UTF-8 with a BOM so Excel reads Chinese."""
    c = context(q, answer_set, lang)
    rows: list[tuple] = [("kind", "id", "name", "value", "max", "answered", "total")]
    for d in DIMENSION_IDS:
        v = c.result.dimensions[d]
        rows.append(("dimension", d, c.dim(d), _csv_num(v.score, 2), 100, v.answered, v.total))
    for key, name, value, _ in index_rows(c):
        rows.append(("index", key, name, _csv_num(value, 4), 1, "", ""))
    return csv_text(rows)


def _csv_num(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value == int(value) else value


def answers_json(q: Questionnaire, answer_set: AnswerSet) -> str:
    return json.dumps(to_document(answer_set, q), ensure_ascii=False, indent=2) + "\n"
