"""The assessment report (DESIGN §6): one list of sections, rendered as self-contained HTML or Markdown,
plus the scores as CSV and the answers as JSON. No Streamlit: the app and `python -m model report` share it.

Each section function returns a Section, or None when it has nothing to say (no empty headings). Sections
for content another feature adds to the result (cooperation modes, roadmap, risks) read the documented
JSON of DESIGN §4 (`result.to_dict()`), so they appear as soon as the model fills those keys.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from model.content.schema import DIMENSION_IDS, Questionnaire
from model.inputs.answers import AnswerSet, to_document
from model.scoring.assess import Result, assess
from reporting import charts, compare
from reporting.labels import answer_label
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
from reporting.report_charts import before_after, timeline
from reporting.svg import to_svg
from reporting.texts import Texts

TONES = {"restructure_or_exit": "bad", "improve": "warn", "prioritise": "good"}


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
    data: dict  # result.to_dict(lang): the DESIGN §4 JSON
    lang: str
    t: Texts
    today: date
    partners: list[dict[str, Any]] | None
    previous: Previous | None

    def dim(self, d: str) -> str:
        return self.q.dimension(d).name.get(self.lang)

    def type_name(self, tid: str) -> str:
        return self.q.strategy_type(tid).name.get(self.lang)


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


# ---------------------------------------------------------------- sections


def summary(c: Context) -> Section:
    t, s = c.t, c.data["strategy"]
    if s["recommended"]:
        top = s["recommended_name"]
    else:
        top = t("rep_no_recommendation", n=len(s["missing_dimensions"]))
    band = c.data["decision_band"]
    adjusted = c.data["indices"]["risk_adjusted_readiness"]
    blocks = [
        Facts(
            (
                (t("recommended_type"), top),
                (t("index_risk_adjusted_readiness"), _num(adjusted)),
                (t("decision_band"), band["name"] if band else "—"),
                (t("rep_completeness"), _pct(c.data["completeness"])),
            )
        )
    ]
    if band:
        blocks.append(para(Strong(band["name"]), " — ", band["advice"], tone=TONES.get(band["id"], "info")))
    if c.result.completeness < 1:
        blocks.append(para(t("results_incomplete", pct=round(c.result.completeness * 100)), tone="warn"))
    return Section("summary", t("rep_summary"), tuple(blocks))


def profile(c: Context) -> Section | None:
    t, meta = c.t, c.answer_set.meta
    rows = [(t(key), meta[field]) for field, key in _META_ROWS if meta.get(field)]
    for x in c.q.questions_in("profile"):
        if x.id in c.answer_set.answers:
            rows.append((x.text.get(c.lang), answer_label(x, c.answer_set.answers[x.id], c.lang)))
    if not rows:
        return None
    return Section(
        "profile", t("page_profile"), (Table((t("rep_col_item"), t("rep_col_answer")), tuple(rows)),)
    )


_META_ROWS = (
    ("name", "rep_name"),
    ("author", "rep_author"),
    ("date", "rep_assessed"),
    ("notes", "rep_notes"),
)


def scores(c: Context) -> Section:
    t = c.t
    dims = c.data["dimensions"]
    radar = charts.radar(
        [c.dim(d) for d in DIMENSION_IDS], {t("your_firm"): [dims[d]["score"] for d in DIMENSION_IDS]}
    )
    table = Table(
        (t("col_dimension"), t("col_score"), t("col_answered"), t("col_ref")),
        tuple(
            (
                c.dim(d),
                _num(dims[d]["score"], 0),
                f"{dims[d]['answered']}/{dims[d]['total']}",
                c.q.dimension(d).ref,
            )
            for d in DIMENSION_IDS
        ),
        numeric=(1, 2),
    )
    return Section("scores", t("rep_scores"), (Figure(to_svg(radar, "radar"), t("radar_title")), table))


def indices(c: Context) -> Section:
    t, ix, details = c.t, c.data["indices"], c.data["index_details"]
    sources = {"metrics": t("source_metrics"), "proxy": t("source_proxy"), "none": t("source_none")}
    weights = {k: f"{v:.2f}" for k, v in details["readiness_weights"].items()}
    mitigations = details.get("risk", {}).get("mitigations", ())
    rows = (
        (t("index_resource_synergy"), ix["resource_synergy"], t("formula_synergy")),
        (t("index_user_value"), ix["user_value"], sources.get(details["user_value"]["source"], "")),
        (
            t("index_commercial_value"),
            ix["commercial_value"],
            sources.get(details["commercial_value"]["source"], ""),
        ),
        (t("index_readiness"), ix["readiness"], t("formula_readiness", **weights)),
        (t("index_risk_weight"), ix["risk_weight"], t("formula_risk", n=len(mitigations))),
        (t("index_risk_adjusted_readiness"), ix["risk_adjusted_readiness"], t("formula_adjusted")),
    )
    table = Table(
        (t("col_index"), t("col_value"), t("col_basis")),
        tuple((a, _num(b, 3), basis) for a, b, basis in rows),
        numeric=(1,),
    )
    blocks: list = [table]
    band = c.data["decision_band"]
    if band:
        blocks.append(
            para(
                Strong(f"{t('decision_band')}{t.colon}{band['name']}"),
                " — ",
                band["advice"],
                tone=TONES.get(band["id"], "info"),
            )
        )
    return Section("indices", t("indices_header"), tuple(blocks))


def strategy(c: Context) -> Section:
    t, q, lang, s = c.t, c.q, c.lang, c.data["strategy"]
    blocks: list = []
    if s["recommended"]:
        top = q.strategy_type(s["recommended"])
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
        missing = t.join(c.dim(d) for d in s["missing_dimensions"])
        blocks.append(para(t("strategy_provisional", dims=missing), tone="warn"))
    if s["cross_border_extension"]:
        blocks.append(
            para(
                Strong(q.cross_border.name.get(lang)),
                " — ",
                t("cross_border_on"),
                " ",
                t("report_ref", ref=q.cross_border.ref),
            )
        )
    rows = [{"id": r["id"], "name": r["name"], "fit": r["fit"]} for r in s["ranking"]]
    fit_table = Table(
        (t("col_type"), t("fit_axis")),
        tuple((r["name"], f"{r['fit'] * 100:.0f}") for r in rows),
        numeric=(1,),
    )
    bars = charts.fit_bars(rows, s["recommended"], t("fit_axis"))
    blocks += [Heading(t("fit_header")), Figure(to_svg(bars, "fit"), t("fit_explain"), fallback=fit_table)]
    if s["recommended"]:
        blocks += _drivers(c) + _flips(c)
    return Section("strategy", t("page_strategy"), tuple(blocks))


def _drivers(c: Context) -> list:
    t = c.t
    items = []
    for d in c.data["strategy"]["drivers"]:
        answers = t.sep.join(
            f"{c.q.question(a['question']).text.get(c.lang)} → {answer_label(c.q.question(a['question']), a['answer'], c.lang)}"
            for a in d["answers"]
        )
        score = t("rep_driver_score", score=round(d["score"]))
        items.append((Strong(c.dim(d["dimension"])), score + (t.colon + answers if answers else "")))
    return [Heading(t("drivers_header")), Bullets(tuple(items)) if items else para(t("no_drivers"))]


def _flips(c: Context) -> list:
    t, q, lang = c.t, c.q, c.lang
    flip = c.data["strategy"]["flip"]
    items = []
    if flip.get("dimension"):
        f = flip["dimension"]
        items.append(
            (
                t(
                    "rep_flip_dimension",
                    dim=c.dim(f["dimension"]),
                    frm=round(f["from_score"]),
                    to=round(f["to_score"]),
                    type=c.type_name(f["to"]),
                ),
            )
        )
    if flip.get("answer"):
        f = flip["answer"]
        x = q.question(f["question"])
        items.append(
            (
                t(
                    "rep_flip_answer",
                    question=x.text.get(lang),
                    frm=answer_label(x, f["from"], lang),
                    to=answer_label(x, f["to_answer"], lang),
                    type=c.type_name(f["to"]),
                ),
            )
        )
    return [Heading(t("flip_header")), Bullets(tuple(items)) if items else para(t("flip_none"))]


def _content(items, item_id: str):
    return next((x for x in items or () if getattr(x, "id", None) == item_id), None)


def _text(obj, attr: str, lang: str, default: str = "") -> str:
    value = getattr(obj, attr, None)
    return value.get(lang) if hasattr(value, "get") else (str(value) if value is not None else default)


def _reasons(item: dict, lang: str, sep: str) -> str:
    """Reasons of a ranked item: strings, or {zh, en} texts, or objects with a `text`."""
    out = []
    for r in item.get("reasons") or item.get("why") or ():
        if isinstance(r, dict):
            r = r.get(lang) or r.get("text") or ""
        out.append(str(r))
    return sep.join(x for x in out if x)


def _unmet(unmet, c: Context) -> str:
    """Preconditions a mode's fit is capped by: 'capital ≥ 45 (now 33)'."""
    items = [
        c.t(
            "rep_mode_unmet_item",
            dim=c.dim(u["dimension"]),
            min=f"{u['min']:g}",
            score=_num(u.get("score"), 0),
        )
        for u in unmet or ()
        if isinstance(u, dict) and u.get("dimension") in DIMENSION_IDS
    ]
    return c.t("rep_mode_unmet", items=c.t.join(items)) if items else ""


def modes(c: Context) -> Section | None:
    ranked = c.data.get("cooperation_modes")
    if not ranked:
        return None
    t, lang = c.t, c.lang
    rows = []
    for i, m in enumerate(ranked, start=1):
        content = _content(getattr(c.q, "cooperation_modes", ()), m.get("id"))
        name = m.get("name") or _text(content, "name", lang, m.get("id", ""))
        fit = m.get("fit")
        why = _unmet(m.get("unmet"), c) or _reasons(m, lang, t.sep) or _text(content, "summary", lang)
        rows.append((str(i), name, "—" if fit is None else f"{fit * 100:.0f}", why))
    table = Table(
        (t("rep_col_rank"), t("rep_col_mode"), t("fit_axis"), t("rep_col_why")), tuple(rows), numeric=(0, 2)
    )
    return Section("modes", t("rep_modes"), (table,))


def roadmap(c: Context) -> Section | None:
    plan = c.data.get("roadmap")
    phases = plan.get("phases") if isinstance(plan, dict) else None
    if not phases:
        return None
    t, lang = c.t, c.lang
    content = getattr(c.q, "roadmap", None)
    blocks: list = []
    spans = []
    for p in phases:
        phase = _content(getattr(content, "phases", ()), p.get("id"))
        start, end = p.get("start", getattr(phase, "start", None)), p.get("end", getattr(phase, "end", None))
        name = p.get("name") or _text(phase, "name", lang, p.get("id", ""))
        if start is not None and end is not None:
            spans.append({"name": name, "start": int(start), "end": int(end)})
    milestones = [{"year": m.year, "label": m.label.get(lang)} for m in getattr(content, "milestones", ())]
    if spans:
        blocks.append(
            Figure(to_svg(timeline(spans, milestones, t("rep_year")), "timeline"), t("rep_timeline"))
        )
    if milestones:
        blocks.append(Bullets(tuple((Strong(str(m["year"])), " ", m["label"]) for m in milestones)))
    actions = getattr(content, "actions", ())
    owners = getattr(content, "owners", {}) or {}
    for p in phases:
        phase = _content(getattr(content, "phases", ()), p.get("id"))
        name = p.get("name") or _text(phase, "name", lang, p.get("id", ""))
        years = f" ({phase.start}–{phase.end})" if phase is not None else ""
        blocks.append(Heading(name + years))
        depth = _text(phase, "depth", lang)
        if depth:
            blocks.append(para(depth))
        rows = [_action_row(a, actions, owners, c) for a in p.get("actions") or ()]
        if rows:
            blocks.append(
                Table(
                    (t("rep_col_action"), t("rep_col_owner"), t("rep_col_priority"), t("rep_col_kpis")),
                    tuple(rows),
                )
            )
        else:
            blocks.append(para(t("rep_no_actions")))
    return Section("roadmap", t("page_roadmap"), tuple(blocks))


_PRIORITIES = ("high", "medium", "low")


def _action_row(a: dict | str, actions, owners, c: Context) -> tuple[str, str, str, str]:
    """An action of the plan: the result's own fields first, the content (by id) for what is missing."""
    lang = c.lang
    a = {"id": a} if isinstance(a, str) else a
    content = _content(actions, a.get("id"))
    title = a.get("title") or _text(content, "title", lang, a.get("id") or "")
    owner = a.get("owner") or getattr(content, "owner", None)
    owner_name = owners[owner].get(lang) if owner in owners else (owner or "")
    priority = a.get("priority") or getattr(content, "priority", None)
    kpis = a.get("kpis")
    if kpis is None:
        kpis = [
            {"metric": k.metric.get(lang), "target": k.target.get(lang)} for k in getattr(content, "kpis", ())
        ]
    kpi_text = c.t.sep.join(
        f"{k.get('metric', '')}{c.t.colon}{k.get('target', '')}" for k in kpis if isinstance(k, dict)
    )
    return title, owner_name, c.t(f"rep_priority_{priority}") if priority in _PRIORITIES else "", kpi_text


def risks(c: Context) -> Section | None:
    items = c.data.get("risks")
    if not items:
        return None
    t, lang = c.t, c.lang
    register = getattr(c.q, "risk_register", None)
    levels = {lv.id: lv.name.get(lang) for lv in getattr(register, "levels", ())}
    categories = {cat: spec.name.get(lang) for cat, spec in getattr(c.q.risk, "categories", {}).items()}
    rows = []
    for r in sorted(items, key=lambda r: -(r.get("exposure") or 0)):
        content = _content(getattr(register, "risks", ()), r.get("id"))
        name = r.get("name") or _text(content, "name", lang, r.get("id", ""))
        level = r.get("level")
        level = level.get("id") if isinstance(level, dict) else level
        mitigations = " ".join(m.get(lang) for m in getattr(content, "mitigations", ())[:2])  # sentences
        rows.append(
            (
                name,
                categories.get(r.get("category"), r.get("category") or ""),
                levels.get(level, level or ""),
                _num(r.get("exposure")),
                mitigations,
            )
        )
    table = Table(
        (
            t("rep_col_risk"),
            t("col_category"),
            t("rep_col_level"),
            t("rep_col_exposure"),
            t("rep_col_mitigation"),
        ),
        tuple(rows),
        numeric=(3,),
    )
    return Section("risks", t("rep_risks"), (table,))


def partners(c: Context) -> Section | None:
    """Partner evaluation done in the app: rows of {column: value} (names are user text: escaped)."""
    rows = [r for r in c.partners or () if isinstance(r, dict)]
    if not rows:
        return None
    headers = tuple(str(k) for k in rows[0])
    body = tuple(tuple(_cell(r.get(h)) for h in headers) for r in rows)
    return Section("partners", c.t("page_partners"), (Table(headers, body),))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def progress(c: Context) -> Section | None:
    if c.previous is None:
        return None
    t = c.t
    rows = compare.changes(c.previous.result, c.result)
    before, after = t("ms_before", label=c.previous.label), t("ms_after")
    chart = before_after(
        [{"name": c.dim(r.id), "before": r.before, "after": r.after} for r in rows if r.kind == "dimension"],
        before,
        after,
        t("col_score"),
    )
    return Section(
        "progress",
        t("ms_section", label=c.previous.label),
        (Figure(to_svg(chart, "progress"), t("ms_chart_caption")), change_table(rows, c.q, t)),
    )


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
    weights = c.data["index_details"]["readiness_weights"]
    readiness = " + ".join(f"{w:.2f} × {t(f'index_{k}')}" for k, w in weights.items())
    bands = q.decision_bands
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
                low=f"{bands[0].below:g}",
                high=f"{bands[1].below:g}",
                b0=bands[0].name.get(lang),
                b1=bands[1].name.get(lang),
                b2=bands[2].name.get(lang),
            ),
        ),
        (t("rep_method_strategy"),),
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


def build(
    q: Questionnaire,
    answer_set: AnswerSet,
    lang: str = "zh",
    *,
    today: date | None = None,
    partners: list[dict[str, Any]] | None = None,
    previous: Previous | None = None,
) -> Report:
    t = Texts(lang)
    result = assess(q, answer_set)
    data = result.to_dict(t.lang)
    c = Context(q, answer_set, result, data, t.lang, t, today or date.today(), partners, previous)
    sections = tuple(s for s in (fn(c) for fn in SECTIONS) if s is not None)
    meta = (
        (t("rep_questionnaire"), f"{q.id} v{q.version}"),
        (t("rep_date"), c.today.isoformat()),
        (t("rep_language"), t("rep_language_name")),
    )
    return Report(
        lang=t.lang,
        title=t("rep_title"),
        subtitle=answer_set.meta.get("name") or None,
        meta=meta,
        sections=sections,
        disclaimer=q.disclaimer.full.get(t.lang),
        contents_title=t("rep_contents"),
    )


def html_report(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> str:
    return to_html(build(q, answer_set, lang, **kwargs))


def markdown_report(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh", **kwargs) -> str:
    return to_markdown(build(q, answer_set, lang, **kwargs))


def scores_csv(q: Questionnaire, answer_set: AnswerSet, lang: str = "zh") -> str:
    """One row per dimension (0..100) and per index (0..1); UTF-8 with a BOM so Excel reads Chinese."""
    t = Texts(lang)
    data = assess(q, answer_set).to_dict(t.lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("kind", "id", "name", "value", "max", "answered", "total"))
    for d in DIMENSION_IDS:
        v = data["dimensions"][d]
        writer.writerow(("dimension", d, v["name"], _csv_num(v["score"]), 100, v["answered"], v["total"]))
    for key, value in data["indices"].items():
        writer.writerow(("index", key, t(f"index_{key}"), _csv_num(value), 1, "", ""))
    return "\ufeff" + out.getvalue()


def _csv_num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def answers_json(q: Questionnaire, answer_set: AnswerSet) -> str:
    return json.dumps(to_document(answer_set, q), ensure_ascii=False, indent=2) + "\n"
