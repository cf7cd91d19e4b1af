"""The workshop exports: the group report on the document model (HTML and Markdown escape a hostile
title), the workbook (one sheet per view, labels beside ids, dates as dates, no formula from user text)
and the CSV with labels and ids in their own columns."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from tests_paths import questionnaire
from workshop_data import team

from model.content.schema import DIMENSION_IDS
from model.workshop.group import Submission, summarise
from reporting import escape, workshop_export
from reporting.texts import Texts

Q = questionnaire()
HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
TITLE = '<img src=x onerror="alert(1)"> [x](javascript:alert(2)) =HYPERLINK("http://x")'
AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Row:  # a submission as storage returns it
    name: str | None
    role: str | None
    answers: dict[str, Any]
    ahp: Any
    submitted_at: datetime
    revision: int = 1
    round: int = 1


@pytest.fixture(scope="session")  # only this module sees it; not rebuilt when xdist interleaves
def room():
    members = team(Q, 6, seed=11)
    rows = [
        Row(HOSTILE[k % len(HOSTILE)] if k < len(HOSTILE) else f"P{k}", m["role"], m["answers"], m["ahp"], AT)
        for k, m in enumerate(members)
    ]
    summary = summarise(Q, [Submission(r.answers, r.role, r.ahp) for r in rows])
    return rows, summary


def book(room, lang="zh"):
    rows, summary = room
    data = workshop_export.workbook(Q, TITLE, "2026-12-01", summary, rows, lang, Texts(lang))
    return load_workbook(io.BytesIO(data))


def records(ws) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in line), strict=True)) for line in ws.iter_rows(min_row=2)]


def test_the_workbook_has_one_sheet_per_view(room):
    wb = book(room, "en")
    assert wb.sheetnames == [
        "Submissions",
        "Dimension spread",
        "Individual types",
        "Contested questions",
        "By role",
        "AHP weights",
    ]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.max_row > 1, ws.title
    spread = records(wb["Dimension spread"])
    assert [r["Dimension"] for r in spread] == [Q.dimension(d).name.en for d in DIMENSION_IDS]
    assert all(isinstance(r["Answered"], int) for r in spread)  # numbers stay numbers
    weights = records(wb["AHP weights"])
    assert sum(r["Weight"] for r in weights) == pytest.approx(1, abs=0.01)


def test_no_ahp_sheet_without_judgements(room):
    rows, _ = room
    plain = [Row(r.name, r.role, r.answers, None, r.submitted_at) for r in rows]
    summary = summarise(Q, [Submission(r.answers, r.role, None) for r in plain])
    data = workshop_export.workbook(Q, "t", "2026-12-01", summary, plain, "en", Texts("en"))
    assert "AHP weights" not in load_workbook(io.BytesIO(data)).sheetnames


def test_submissions_sheet_has_labels_with_ids_beside_them(room):
    rows, _ = room
    ws = book(room, "zh")["全部答案"]
    assert ws.column_dimensions["I"].width > 20  # the question text is not squeezed
    lines = records(ws)
    answered = sum(1 for r in rows for v in r.answers.values() if v is not None)
    assert len(lines) == answered
    for line in lines:
        question = Q.question(line["题目代码"])
        assert line["题目"] == question.text.zh  # the text, not the id
        assert isinstance(line["提交时间（UTC）"], datetime) and line["提交时间（UTC）"] == AT.replace(
            tzinfo=None
        )
        if question.type in ("single", "scale"):
            assert line["答案"] == question.option(line["答案代码"]).label.zh
            assert line["答案"] != line["答案代码"]
    roles = {(line["角色"], line["角色代码"]) for line in lines}
    assert any(code for _, code in roles)
    assert all(label == Texts("zh")(f"ws_role_{code}" if code else "ws_role_none") for label, code in roles)


def test_no_formula_from_a_hostile_name_or_title(room):
    wb = book(room, "en")
    assert wb.properties.title == TITLE
    names = set()
    for ws in wb:
        for line in ws.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if ws.title == "Submissions" and cell.column == 1 and cell.row > 1:
                    names.add(cell.value)
                    if str(cell.value).startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix  # Excel keeps it text when edited
    assert set(HOSTILE) <= names  # kept as typed, only never run


def test_the_csv_has_labels_and_ids_and_no_formula(room):
    rows, _ = room
    text = workshop_export.submissions_csv(Q, rows, "en").decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert {line["name"] for line in lines} >= {"'" + h for h in HOSTILE}
    assert all(not v.startswith(("=", "+", "-", "@")) for line in lines for v in line.values() if v)
    first = lines[0]
    question = Q.question(first["question_id"])
    assert first["question"] == question.text.en and first["submitted_at_utc"] == "2026-12-01T09:30:00Z"
    assert {line["role"] for line in lines if line["role_id"] == "cro"} <= {"CRO"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_group_report_escapes_a_hostile_title(room, lang):
    _, summary = room
    t = Texts(lang)
    html = workshop_export.group_report_html(Q, TITLE, "2026-12-01", summary, lang, t)
    assert "<img" not in html and "href" not in html.lower().replace('href="#', "")  # text, never a link
    assert f"<h1>{escape.html(TITLE)}</h1>" in html
    md = workshop_export.group_report(Q, TITLE, "2026-12-01", summary, lang, t)
    assert md.splitlines()[0] == "# " + escape.md(TITLE)
    assert "<img" not in md and "[x](javascript" not in md


def test_the_group_report_holds_the_same_facts_in_html_and_markdown(room):
    _, summary = room
    t = Texts("en")
    doc = workshop_export.group_document(Q, "Room", "2026-12-01", summary, "en", t)
    assert [s.id for s in doc.sections] == ["group", "types", "contested", "roles", "ahp"]
    assert doc.disclaimer == Q.disclaimer.full.en
    html = workshop_export.group_report_html(Q, "Room", "2026-12-01", summary, "en", t)
    md = workshop_export.group_report(Q, "Room", "2026-12-01", summary, "en", t)
    top = summary.contested[0]
    for text in (
        Q.question(top.question).text.en,
        Q.strategy_type(summary.group.strategy.recommended).name.en,
    ):
        assert escape.html(text) in html and escape.md(text) in md
    assert "Submissions: 6" in md and "not investment or legal advice" in html
