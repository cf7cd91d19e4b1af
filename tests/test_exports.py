"""PDF and Excel exports: they open (pdftoppm, pdftotext, openpyxl), hold the assessment in the chosen
language, stay small, and never turn user text into a formula (CSV and XLSX)."""

import csv
import functools
import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from tests_paths import EXAMPLES

from model import assess, load_answers
from model.cli.main import main as cli
from model.content.schema import DIMENSION_IDS
from model.inputs.answers import ActionTracking
from model.partners import evaluation as pm
from reporting import report
from reporting.report_workbook import xlsx_report
from reporting.workbook import Cell, Column, Sheet, csv_cell, csv_text, document_sheets, to_xlsx
from reporting.workshop_export import submissions_csv

TODAY = date(2026, 12, 1)
MAX_PDF = 3 * 1024 * 1024
# Text a user may type that Excel would run (OWASP CSV injection), and one that only looks close.
FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
TRACKED = "p1_define_positioning"  # an action the example's plan holds
HOSTILE = {"name": FORMULAS[0], "author": FORMULAS[1], "notes": " ".join(FORMULAS[2:])}
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


# Session scope (still only this module's tests see them): under xdist a worker gets this module's tests
# one at a time between others', and module-scoped fixtures would be built again after each interruption —
# a PDF takes seconds.
@pytest.fixture(scope="session")
def leader(q):
    return load_answers(EXAMPLES / "1_leader.yaml", q)


def partner_results(q, names):
    candidates = [
        c.model_copy(update={"name": n}) for c, n in zip(pm.load_examples("zh"), names, strict=False)
    ]
    weights = dict(zip(pm.CRITERIA, pm.criteria_weights({}).weights, strict=True))
    return pm.evaluate(candidates, weights, ["user_growth"], pm.load_content(), q.decision_bands)


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="session")
def pdf_files(q, leader, tmp_path_factory):
    """Each language's PDF, built once per worker when first asked for. (A parametrized session fixture
    keeps one parameter at a time: tests alternating between zh and en would rebuild it each time.)"""

    @functools.cache
    def get(lang: str):
        path = tmp_path_factory.mktemp("pdf") / f"report-{lang}.pdf"
        path.write_bytes(report.pdf_report(q, leader, lang, today=TODAY))
        return path

    return get


@pytest.fixture(params=["zh", "en"])
def pdf(request, pdf_files):
    return request.param, pdf_files(request.param)


def pdftext(path, first=None, last=None) -> str:
    pages = ["-f", str(first), "-l", str(last)] if first else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_pdf_opens_and_holds_the_report(q, leader, pdf, tmp_path):
    lang, path = pdf
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_size <= MAX_PDF  # fonts subset: Noto Sans CJK alone is ~19 MB
    n = pages(path)
    assert n >= 5
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png", str(path), str(tmp_path / "p")], check=True
    )
    assert len(list(tmp_path.glob("p-*.png"))) == 2
    text = pdftext(path)
    firm = leader.meta["name"]
    assert firm in text  # the text layer holds the firm (Chinese even in the English report)
    result = assess(q, leader)
    for d in DIMENSION_IDS:
        assert q.dimension(d).name.get(lang) in text
    top = q.strategy_type(result.strategy.recommended).name.get(lang)
    assert top in text
    assert "".join(q.disclaimer.full.get(lang).split())[:40] in "".join(text.split())
    if lang == "zh":
        assert "能力得分" in text and "风险登记册" in text
    else:
        assert "Capability scores" in text and "能力得分" not in text


def test_pdf_has_contents_page_headers_and_page_numbers(q, pdf):
    lang, path = pdf
    n = pages(path)
    cover = pdftext(path, 1, 1)
    assert ("目录" if lang == "zh" else "Contents") in cover
    # contents lines end in the page their section starts on
    numbers = [int(m) for m in re.findall(r"^\s*\d+\.\s.*?\s(\d+)\s*$", cover, re.M)]
    assert len(numbers) >= 8 and numbers == sorted(numbers) and numbers[0] == 2 and numbers[-1] <= n
    second = "".join(pdftext(path, 2, 2).split())
    assert f"示例·华东综合证券·2026-12-01·{q.id}v{q.version}" in second  # the running header
    assert f"2/{n}" in second  # page x / n
    assert f"{n}/{n}" in "".join(pdftext(path, n, n).split())


def test_pdf_charts_are_vectors(pdf):
    _, path = pdf
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(listing.strip().splitlines()) == 2  # header lines only: no raster images at all
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(re.match(r"[A-Z]{6}\+", r) for r in rows)  # every font embedded as a subset


def test_pdf_user_text_is_text(q, leader, tmp_path):
    hostile = replace(leader, meta={**leader.meta, "name": "<b>Bold</b> & <script>x</script>"})
    path = tmp_path / "h.pdf"
    path.write_bytes(report.pdf_report(q, hostile, "en", today=TODAY))
    assert "<b>Bold</b> & <script>x</script>" in pdftext(path, 1, 1)


# ---------------------------------------------------------------- workbook


def cells(wb):
    for ws in wb:
        for row in ws.iter_rows():
            yield from row


@pytest.fixture(scope="session")
def hostile_workbook(q, leader):
    tracking = ActionTracking(
        owner=FORMULAS[1], due=date(2027, 3, 31), status="in_progress", note=FORMULAS[3]
    )
    hostile = replace(leader, meta={**leader.meta, **HOSTILE}, plan={TRACKED: tracking})
    partners = partner_results(q, [FORMULAS[3], "乙科技"])
    data = xlsx_report(q, hostile, "zh", today=TODAY, partners=partners)
    return data, load_workbook(io.BytesIO(data))


def test_workbook_sheets_and_labels(q, leader, hostile_workbook):
    data, wb = hostile_workbook
    assert len(data) < 200_000
    assert wb.sheetnames == [
        "概要",
        "能力得分",
        "综合指数",
        "答案",
        "实施路径",
        "风险登记册",
        "预警指标",
        "伙伴评估",
    ]
    for ws in wb:
        assert ws.freeze_panes == "A2"  # headers stay in view
        assert ws.column_dimensions["A"].width >= 8
    answers = wb["答案"]
    header = [c.value for c in answers[1]]
    assert header == ["部分 / 维度", "题目编号", "题目", "回答", "选项编号 / 数值", "报告出处"]
    rows = {r[1]: r for r in answers.iter_rows(min_row=2, values_only=True)}
    x = q.question("cap_scale_tier")
    assert rows["cap_scale_tier"][2] == x.text.zh  # the question, in Chinese
    assert rows["cap_scale_tier"][3] == x.option(leader.answers["cap_scale_tier"]).label.zh  # the label
    assert rows["cap_scale_tier"][4] == leader.answers["cap_scale_tier"]  # and the id beside it
    assert len(rows) == len(q.questions)
    scores = wb["能力得分"]
    result = assess(q, leader)
    capital = next(r for r in scores.iter_rows(min_row=2) if r[0].value == "capital")
    assert capital[1].value == "资本实力" and capital[2].value == pytest.approx(
        result.dimensions["capital"].score
    )
    assert capital[2].number_format == "0"
    summary = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["完成度"] == pytest.approx(result.completeness)
    assert wb["概要"]["B7"].number_format == "0%"


def test_workbook_plan_has_the_teams_tracking(q, leader, hostile_workbook):
    _, wb = hostile_workbook
    plan = wb["实施路径"]
    header = [c.value for c in plan[1]]
    for column in ("负责人", "开始日期", "截止日期", "状态", "备注"):
        assert column in header
    rows = list(plan.iter_rows(min_row=2))
    result = assess(q, leader)
    assert [r[header.index("行动编号")].value for r in rows] == [a.id for a in result.plan.actions()]
    first, planned = rows[1], result.plan.actions()[1]  # an action nobody has tracked yet
    assert first[header.index("行动")].value == planned.action.title.zh
    assert first[header.index("截止日期")].value.date() == planned.effective_due  # a date cell
    assert first[header.index("截止日期")].number_format == "yyyy-mm-dd"
    tracked = {r[header.index("行动编号")].value: r for r in rows}[TRACKED]
    assert tracked[header.index("负责人")].value == FORMULAS[1]  # typed by the team, kept as text
    assert tracked[header.index("截止日期")].value.date() == date(2027, 3, 31)
    assert tracked[header.index("状态")].value == "进行中"
    assert tracked[header.index("备注")].value == FORMULAS[3]


def test_report_shows_the_teams_tracking(q, leader):
    action = next(a for a in assess(q, leader).plan.actions() if a.id == TRACKED)
    tracked = replace(
        leader, plan={TRACKED: ActionTracking(owner="王经理", due=date(2027, 3, 31), status="done")}
    )
    html = report.html_report(q, tracked, "zh", today=TODAY)
    row = re.search(rf"<tr><td>{re.escape(action.action.title.zh)}</td>.*?</tr>", html).group(0)
    assert "王经理" in row and "2027-03-31" in row and "已完成" in row
    late = report.html_report(q, leader, "zh", today=action.effective_due + timedelta(days=1))
    row = re.search(rf"<tr><td>{re.escape(action.action.title.zh)}</td>.*?</tr>", late).group(0)
    assert "未开始（已逾期）" in row  # past its due date and not done


def test_workbook_never_holds_a_formula(hostile_workbook):
    _, wb = hostile_workbook
    assert not [c.coordinate for c in cells(wb) if c.data_type == "f"]
    texts = {c.value for c in cells(wb) if isinstance(c.value, str)}
    summary = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["机构名称"] == FORMULAS[0] and summary["填写人"] == FORMULAS[1]  # kept as typed
    assert FORMULAS[3] in texts  # the partner's name
    for c in cells(wb):
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert c.quotePrefix, c.coordinate  # Excel keeps it text even when the cell is edited


def test_generic_writer_keeps_every_kind(tmp_path):
    sheets = [
        Sheet(
            "a/b:c*?", (Column("Text"), Column("Number", number_format="0.00")), [(f, 1.5) for f in FORMULAS]
        ),
        Sheet("a/b:c*?", (Column("When"),), [(Cell(date(2027, 1, 31), "yyyy-mm-dd"),), ("bad\x01char",)]),
    ]
    wb = load_workbook(io.BytesIO(to_xlsx(sheets)))
    assert wb.sheetnames == ["a_b_c__", "a_b_c__ (2)"]  # Excel's forbidden characters, unique names
    first = wb.worksheets[0]
    assert [r[0] for r in first.iter_rows(min_row=2, values_only=True)] == [
        f.replace("\r", "\n")
        for f in FORMULAS  # XML reads a bare CR as LF: still text, not a formula
    ]
    assert first["B2"].value == 1.5 and first["B2"].number_format == "0.00"
    assert not [c for c in cells(wb) if c.data_type == "f"]
    second = wb.worksheets[1]
    assert second["A2"].value.date() == date(2027, 1, 31) and second["A3"].value == "badchar"


def test_any_document_becomes_a_workbook(q, leader):
    """The bridge for reports on the document model (the workshop group report): a sheet per table."""
    doc = report.build(q, leader, "en", today=TODAY)
    wb = load_workbook(io.BytesIO(to_xlsx(document_sheets(doc))))
    assert wb.sheetnames[:2] == ["Profile", "Capability scores"]
    scores = wb["Capability scores"]
    assert [c.value for c in scores[1]] == ["Dimension", "Score", "Answered", "Report"]
    assert scores["A2"].value == "Capital strength"
    assert scores["B2"].value == round(assess(q, leader).dimensions["capital"].score)  # a number, not text
    assert scores["C2"].value == "6/6"  # not a number: kept as shown
    assert any(name.startswith("Roadmap · ") for name in wb.sheetnames)  # one sheet per phase table
    assert not [c for c in cells(wb) if c.data_type == "f"]


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cell_disarms_formulas(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell("a=b") == "a=b" and csv_cell(-2.5) == -2.5 and csv_cell(None) == ""


def test_csv_files_hold_no_formula(q, leader):
    rows = [("name", "score"), *((f, 1) for f in FORMULAS)]
    read = list(csv.reader(io.StringIO(csv_text(rows).lstrip("\ufeff"))))
    assert [r[0] for r in read[1:]] == ["'" + f for f in FORMULAS]
    for r in read:
        assert not r[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    scores = list(csv.DictReader(io.StringIO(report.scores_csv(q, leader, "en").lstrip("\ufeff"))))
    assert scores[0]["id"] == "capital" and scores[0]["name"] == "Capital strength"  # label, id beside it


def test_workshop_csv_holds_no_formula(q):
    class Row:  # a submission as storage returns it
        def __init__(self, name):
            self.name, self.role, self.submitted_at, self.revision = name, FORMULAS[2], None, 1
            self.answers, self.ahp = {"cap_scale_tier": "top10"}, None

    text = submissions_csv(q, [Row(f) for f in FORMULAS]).decode("utf-8-sig")
    read = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in read] == ["'" + f for f in FORMULAS]
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in read for v in r.values() if v)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("suffix, magic", [(".pdf", b"%PDF-"), (".xlsx", b"PK")])
def test_cli_writes_pdf_and_workbook(q, suffix, magic, tmp_path, capsys):
    out = tmp_path / f"report{suffix}"
    assert cli(["report", str(EXAMPLES / "2_regional.yaml"), "-o", str(out), "--lang", "en"]) == 0
    assert out.read_bytes().startswith(magic)
    if suffix == ".xlsx":
        wb = load_workbook(out)
        assert wb.sheetnames[:4] == ["Summary", "Capability scores", "Composite indices", "Answers"]
    else:
        assert "Capability scores" in pdftext(out)
    assert (
        cli(["report", str(EXAMPLES / "2_regional.yaml"), "--format", suffix[1:]]) == 2
    )  # not to a terminal
    assert "-o FILE" in capsys.readouterr().err
