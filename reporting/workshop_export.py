"""Workshop exports without Streamlit: the group report on the document model (reporting/render.py, so
HTML, Markdown and escaping come from one place), a workbook with one sheet per view, and all
submissions as CSV.

Translations come in as `t(key, **params)` (already bound to the report's language), so this module
needs no UI; labels of questions, options, dimensions and types come from the questionnaire.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from model.content.schema import DIMENSION_IDS, Question, Questionnaire
from model.workshop.group import AHP_LABELS, ROLES, WorkshopSummary
from reporting import render
from reporting.labels import answer_label
from reporting.render import Bullets, Report, Section, Strong, Table
from reporting.texts import Texts
from reporting.workbook import Cell, Column, Sheet, csv_text, document_sheets, to_xlsx

Translate = Callable[..., str]
CONTESTED_IN_REPORT = 10
DATETIME = "yyyy-mm-dd hh:mm"
# the report's section ids, and the short name each gets as a workbook sheet (31 characters at most)
SHEET_KEYS = {
    "group": "ws_sheet_dimensions",
    "types": "ws_sheet_types",
    "contested": "ws_sheet_contested",
    "roles": "ws_sheet_roles",
    "ahp": "ws_sheet_ahp",
}


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def role_name(role: str | None, t: Translate) -> str:
    return t(f"ws_role_{role}") if role in ROLES else t("ws_role_none")


def type_name(q: Questionnaire, type_id: str | None, lang: str, t: Translate) -> str:
    return q.strategy_type(type_id).name.get(lang) if type_id else t("ws_type_incomplete")


# ---------------------------------------------------------------- the group report


def _group_section(q: Questionnaire, summary: WorkshopSummary, lang: str, t: Translate) -> Section:
    blocks: list = [render.para(t("ws_group_method"))]
    group = summary.group
    if group is not None:
        colon = "：" if lang == "zh" else ": "
        facts = [(Strong(t("ws_group_type")), colon + type_name(q, group.strategy.recommended, lang, t))]
        if group.risk_adjusted_readiness is not None:
            facts.append((Strong(t("ws_group_readiness")), f"{colon}{group.readiness:.2f}"))
            facts.append((Strong(t("ws_group_adjusted")), f"{colon}{group.risk_adjusted_readiness:.2f}"))
        blocks.append(Bullets(tuple(facts)))
    rows = []
    for d in DIMENSION_IDS:
        stats = summary.stats(d)
        rows.append(
            (
                q.dimension(d).name.get(lang),
                _score(group.dimensions[d].score if group else None),
                _score(stats.median if stats else None),
                _score(stats.low if stats else None),
                _score(stats.high if stats else None),
                str(stats.count if stats else 0),
            )
        )
    header = (
        "ws_col_dimension",
        "ws_col_group",
        "ws_col_median",
        "ws_col_low",
        "ws_col_high",
        "ws_col_answered",
    )
    blocks.append(Table(tuple(t(h) for h in header), tuple(rows), numeric=(1, 2, 3, 4, 5)))
    return Section("group", t("ws_group_header"), tuple(blocks))


def _types_section(q: Questionnaire, summary: WorkshopSummary, lang: str, t: Translate) -> Section:
    counts = summary.type_counts
    order = [tp.id for tp in q.strategy_types] + [None]
    rows = tuple((type_name(q, tid, lang, t), str(counts[tid])) for tid in order if counts.get(tid))
    table = Table((t("ws_col_type"), t("ws_col_participants")), rows, numeric=(1,))
    return Section("types", t("ws_types_header"), (table,))


def _contested_section(q: Questionnaire, summary: WorkshopSummary, lang: str, t: Translate) -> Section:
    rows = []
    for rank, c in enumerate(summary.contested[:CONTESTED_IN_REPORT], start=1):
        question = q.question(c.question)
        rows.append(
            (
                str(rank),
                q.section_name(c.dimension).get(lang),
                question.text.get(lang),
                f"{c.spread:.2f}",
                str(c.count),
                answer_label(question, c.low, lang),
                answer_label(question, c.high, lang),
            )
        )
    if not rows:
        return Section("contested", t("ws_contested_header"), (render.para(t("ws_contested_none")),))
    header = (
        "ws_col_rank",
        "ws_col_dimension",
        "ws_col_question",
        "ws_col_spread",
        "ws_col_answered",
        "ws_col_lowest",
        "ws_col_highest",
    )
    table = Table(tuple(t(h) for h in header), tuple(rows), numeric=(0, 3, 4), nowrap=(1,))
    return Section("contested", t("ws_contested_header"), (render.para(t("ws_contested_help")), table))


def _roles_section(q: Questionnaire, summary: WorkshopSummary, lang: str, t: Translate) -> Section:
    header = (
        t("ws_col_role"),
        t("ws_col_participants"),
        *(q.dimension(d).name.get(lang) for d in DIMENSION_IDS),
    )
    rows = tuple(
        (role_name(v.role, t), str(v.count), *(_score(v.dimensions[d]) for d in DIMENSION_IDS))
        for v in summary.by_role
    )
    table = Table(header, rows, numeric=tuple(range(1, len(header))))
    return Section("roles", t("ws_roles_header"), (table,))


def _ahp_section(q: Questionnaire, summary: WorkshopSummary, lang: str, t: Translate) -> Section:
    if summary.ahp is None:
        return Section("ahp", t("ws_ahp_header"), (render.para(t("ws_ahp_none")),))
    names = {i: getattr(q.indices, i).name.get(lang) for i in AHP_LABELS}
    rows = tuple((names[i], f"{w:.1%}") for i, w in zip(AHP_LABELS, summary.ahp.weights, strict=True))
    return Section(
        "ahp",
        t("ws_ahp_header"),
        (
            render.para(t("ws_ahp_summary", n=summary.ahp_count, cr=f"{summary.ahp.cr:.3f}")),
            Table((t("ws_col_index"), t("ws_col_weight")), rows, numeric=(1,)),
        ),
    )


def group_document(
    q: Questionnaire, title: str, date: str, summary: WorkshopSummary, lang: str, t: Translate
) -> Report:
    """The group report as a document: counts, group scores and type with the spread per dimension, the
    individual recommendations, contested questions, roles and weights. Every text is plain; the
    renderers escape it, so a hostile workshop title stays text."""
    sections = tuple(
        make(q, summary, lang, t)
        for make in (_group_section, _types_section, _contested_section, _roles_section, _ahp_section)
    )
    return Report(
        lang=lang,
        title=title,
        subtitle=t("ws_report_subtitle"),
        meta=(
            (t("ws_report_date"), date),
            (t("ws_report_count"), str(summary.count)),
            (t("ws_report_questionnaire"), f"{q.id} v{q.version}"),
        ),
        sections=sections,
        disclaimer=q.disclaimer.full.get(lang),
        contents_title=t("ws_report_contents"),
        running_head=f"{title} · {date}",
    )


def group_report(
    q: Questionnaire, title: str, date: str, summary: WorkshopSummary, lang: str, t: Translate
) -> str:
    """The group report as Markdown."""
    return render.to_markdown(group_document(q, title, date, summary, lang, t))


def group_report_html(
    q: Questionnaire, title: str, date: str, summary: WorkshopSummary, lang: str, t: Translate
) -> str:
    """The group report as one self-contained HTML page."""
    return render.to_html(group_document(q, title, date, summary, lang, t))


# ---------------------------------------------------------------- submissions


@dataclasses.dataclass(frozen=True)
class AnswerLine:
    """One answer of one participant: labels to read, ids beside them to filter and join on."""

    name: str
    role: str  # the role's label in the report's language
    role_id: str
    submitted_at: datetime | None  # UTC, naive (spreadsheets have no time zones)
    round: int
    revision: int
    section: str
    question_id: str
    question: str
    answer_id: Any  # the stored value: an option id, ids joined by ";" or a number
    answer: str
    ahp: str  # the participant's pairwise judgements as JSON, or ""


def _utc(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def _stored(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def answer_lines(q: Questionnaire, rows: Sequence[Any], lang: str, t: Translate) -> list[AnswerLine]:
    """Every answered question of every submission, in questionnaire order; a submission without any
    answer still gets one line, so no participant drops out of the export."""
    out: list[AnswerLine] = []
    for r in rows:
        answers = r.answers if isinstance(r.answers, dict) else {}
        ahp = json.dumps(r.ahp, ensure_ascii=False) if getattr(r, "ahp", None) else ""
        base = dict(
            name=r.name or "",
            role=role_name(r.role, t),
            role_id=r.role or "",
            submitted_at=_utc(r.submitted_at),
            round=getattr(r, "round", 1),
            revision=r.revision,
            ahp=ahp,
        )
        asked: list[Question] = [x for x in q.questions if answers.get(x.id) is not None]
        for x in asked:
            value = answers[x.id]
            out.append(
                AnswerLine(
                    **base,
                    section=q.section_name(x.dimension).get(lang),
                    question_id=x.id,
                    question=x.text.get(lang),
                    answer_id=_stored(value),
                    answer=answer_label(x, value, lang),
                )
            )
        if not asked:
            out.append(AnswerLine(**base, section="", question_id="", question="", answer_id="", answer=""))
    return out


CSV_HEADER = (
    "name",
    "role",
    "role_id",
    "submitted_at_utc",
    "round",
    "revision",
    "section",
    "question_id",
    "question",
    "answer_id",
    "answer",
)


def submissions_csv(
    q: Questionnaire, rows: Sequence[Any], lang: str = "zh", t: Translate | None = None
) -> bytes:
    """One line per answer: participant, role (label and id), submitted at (UTC), round, revision, the
    question (text and id) and the answer (label and id), plus the pairwise judgements (JSON) when any
    were given. UTF-8 with BOM so Excel reads the Chinese; user text never runs as a formula."""
    t = t or Texts(lang)
    lines = answer_lines(q, rows, lang, t)
    with_ahp = any(line.ahp for line in lines)
    header = [*CSV_HEADER, *(["ahp_judgements"] if with_ahp else [])]
    body = [
        [
            line.name,
            line.role,
            line.role_id,
            line.submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ") if line.submitted_at else "",
            line.round,
            line.revision,
            line.section,
            line.question_id,
            line.question,
            line.answer_id,
            line.answer,
            *([line.ahp] if with_ahp else []),
        ]
        for line in lines
    ]
    return csv_text([header, *body]).encode("utf-8")


def submissions_sheet(q: Questionnaire, rows: Sequence[Any], lang: str, t: Translate) -> Sheet:
    columns = (
        Column(t("ws_col_participant")),
        Column(t("ws_col_role")),
        Column(t("ws_col_role_id")),
        Column(t("ws_col_submitted_utc"), number_format=DATETIME, width=18),
        Column(t("ws_col_round"), number_format="0"),
        Column(t("ws_col_revision"), number_format="0"),
        Column(t("ws_col_dimension")),
        Column(t("ws_col_question_id")),
        Column(t("ws_col_question"), wrap=True),
        Column(t("ws_col_answer_id")),
        Column(t("ws_col_answer"), wrap=True),
    )
    body = [
        (
            line.name,
            line.role,
            line.role_id,
            line.submitted_at,
            line.round,
            line.revision,
            line.section,
            line.question_id,
            line.question,
            line.answer_id if not isinstance(line.answer_id, float) else Cell(line.answer_id, "0.##"),
            line.answer,
        )
        for line in answer_lines(q, rows, lang, t)
    ]
    return Sheet(t("ws_sheet_submissions"), columns, body)


def workbook(
    q: Questionnaire,
    title: str,
    date: str,
    summary: WorkshopSummary,
    rows: Sequence[Any],
    lang: str,
    t: Translate,
) -> bytes:
    """The workshop as an .xlsx: the submissions, then one sheet per table of the group report
    (dimension spread, individual recommendations, contested questions, by role, AHP weights if any)."""
    doc = group_document(q, title, date, summary, lang, t)
    by_title = {s.title: s.id for s in doc.sections}
    views = [
        dataclasses.replace(sheet, name=t(SHEET_KEYS[by_title[sheet.name]]))
        if sheet.name in by_title
        else sheet
        for sheet in document_sheets(doc)
    ]
    return to_xlsx([submissions_sheet(q, rows, lang, t), *views], title=title)
