"""Workshop exports without Streamlit: all submissions as CSV, and the group report as Markdown.

Translations come in as `t(key, **params)` (already bound to the report's language), so this module
needs no UI; labels of questions, options, dimensions and types come from the questionnaire.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from model.content.schema import DIMENSION_IDS, Questionnaire
from model.workshop.group import AHP_LABELS, ROLES, WorkshopSummary
from reporting import escape
from reporting.labels import answer_label

Translate = Callable[..., str]
CONTESTED_IN_REPORT = 10
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """User text in a spreadsheet cell: a leading = + - @ would be run as a formula by Excel."""
    text = text or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _utc(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else ""


def submissions_csv(q: Questionnaire, rows: Sequence[Any]) -> bytes:
    """One row per participant: name, role, submitted_at (UTC), revision, every answer by question id,
    and the readiness judgements (JSON) when any were given. UTF-8 with BOM so Excel reads the Chinese."""
    with_ahp = any(getattr(r, "ahp", None) for r in rows)
    header = ["name", "role", "submitted_at_utc", "revision", *(x.id for x in q.questions)]
    if with_ahp:
        header.append("ahp_judgements")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for r in rows:
        answers = r.answers if isinstance(r.answers, dict) else {}
        line = [_cell(r.name), _cell(r.role), _utc(r.submitted_at), r.revision]
        line += [_value(answers.get(x.id)) for x in q.questions]
        if with_ahp:
            line.append(json.dumps(r.ahp) if r.ahp else "")
        writer.writerow(line)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape.md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def role_name(role: str | None, t: Translate) -> str:
    return t(f"ws_role_{role}") if role in ROLES else t("ws_role_none")


def type_name(q: Questionnaire, type_id: str | None, lang: str, t: Translate) -> str:
    return q.strategy_type(type_id).name.get(lang) if type_id else t("ws_type_incomplete")


def group_report(
    q: Questionnaire,
    title: str,
    date: str,
    summary: WorkshopSummary,
    lang: str,
    t: Translate,
) -> str:
    """The group report: counts, group scores and type, spread, contested questions, roles, weights."""
    lines = [f"# {escape.md(title)}", "", t("ws_report_subtitle"), ""]
    lines += [
        f"- {t('ws_report_date')}: {date}",
        f"- {t('ws_report_count')}: {summary.count}",
        f"- {t('ws_report_questionnaire')}: {q.id} v{q.version}",
        "",
    ]
    group = summary.group
    lines += [f"## {t('ws_group_header')}", "", t("ws_group_method"), ""]
    if group is not None:
        rec = group.strategy
        lines.append(f"**{t('ws_group_type')}**: {type_name(q, rec.recommended, lang, t)}")
        if group.risk_adjusted_readiness is not None:
            lines.append(
                f"  \n**{t('ws_group_readiness')}**: {group.readiness:.2f} · "
                f"**{t('ws_group_adjusted')}**: {group.risk_adjusted_readiness:.2f}"
            )
        lines.append("")
    header = [
        t("ws_col_dimension"),
        t("ws_col_group"),
        t("ws_col_median"),
        t("ws_col_low"),
        t("ws_col_high"),
        t("ws_col_answered"),
    ]
    rows = []
    for d in DIMENSION_IDS:
        stats = summary.stats(d)
        group_score = group.dimensions[d].score if group else None
        rows.append(
            [
                q.dimension(d).name.get(lang),
                _score(group_score),
                _score(stats.median if stats else None),
                _score(stats.low if stats else None),
                _score(stats.high if stats else None),
                str(stats.count if stats else 0),
            ]
        )
    lines += _table(header, rows)

    lines += [f"## {t('ws_types_header')}", ""]
    counts = summary.type_counts
    order = [tp.id for tp in q.strategy_types] + [None]
    lines += _table(
        [t("ws_col_type"), t("ws_col_participants")],
        [[type_name(q, tid, lang, t), str(counts[tid])] for tid in order if counts.get(tid)],
    )

    lines += [f"## {t('ws_contested_header')}", "", t("ws_contested_help"), ""]
    rows = []
    for rank, c in enumerate(summary.contested[:CONTESTED_IN_REPORT], start=1):
        question = q.question(c.question)
        rows.append(
            [
                str(rank),
                q.section_name(c.dimension).get(lang),
                question.text.get(lang),
                f"{c.spread:.2f}",
                str(c.count),
                answer_label(question, c.low, lang),
                answer_label(question, c.high, lang),
            ]
        )
    if rows:
        lines += _table(
            [
                t("ws_col_rank"),
                t("ws_col_dimension"),
                t("ws_col_question"),
                t("ws_col_spread"),
                t("ws_col_answered"),
                t("ws_col_lowest"),
                t("ws_col_highest"),
            ],
            rows,
        )
    else:
        lines += [t("ws_contested_none"), ""]

    lines += [f"## {t('ws_roles_header')}", ""]
    lines += _table(
        [t("ws_col_role"), t("ws_col_participants"), *(q.dimension(d).name.get(lang) for d in DIMENSION_IDS)],
        [
            [role_name(v.role, t), str(v.count), *(_score(v.dimensions[d]) for d in DIMENSION_IDS)]
            for v in summary.by_role
        ],
    )

    lines += [f"## {t('ws_ahp_header')}", ""]
    if summary.ahp is not None:
        names = {i: getattr(q.indices, i).name.get(lang) for i in AHP_LABELS}
        lines.append(t("ws_ahp_summary", n=summary.ahp_count, cr=f"{summary.ahp.cr:.3f}"))
        lines.append("")
        lines += _table(
            [t("ws_col_index"), t("ws_col_weight")],
            [[names[i], f"{w:.1%}"] for i, w in zip(AHP_LABELS, summary.ahp.weights, strict=True)],
        )
    else:
        lines += [t("ws_ahp_none"), ""]
    lines += ["---", "", f"*{escape.md(q.disclaimer.full.get(lang))}*", ""]
    return "\n".join(lines)
