"""The exported report: self-contained, complete, escaped; CSV, JSON and the `report` command agree."""

import csv
import io
import json
import re
import time
from dataclasses import replace
from datetime import date
from html import escape
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from cli_runner import run_model
from tests_paths import EXAMPLES

from model import AnswerSet, assess, load_answers, parse_answers
from model.content.schema import DIMENSION_IDS
from model.partners import evaluation as pm
from reporting import report
from reporting.render import Figure, Report, Section, to_html
from reporting.report_charts import before_after
from reporting.svg import safe_svg, to_svg

HOSTILE = {
    "name": "<script>alert(1)</script>",
    "notes": '<img src=x onerror="alert(2)"> [click](javascript:alert(3)) **bold** | pipe',
    "author": "https://evil.example/phish & co",
}
TODAY = date(2026, 3, 14)


@pytest.fixture(scope="session")  # only this module sees it; not rebuilt when xdist interleaves
def leader(q):
    return load_answers(EXAMPLES / "1_leader.yaml", q)


@pytest.fixture(scope="session")  # only this module sees it; not rebuilt when xdist interleaves
def hostile(leader):
    return replace(leader, meta={**leader.meta, **HOSTILE})


class Tags(HTMLParser):
    """What a browser's parser sees: every start tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_is_self_contained(q, leader, lang):
    html = report.html_report(q, leader, lang, today=TODAY)
    tags = parsed(html)
    names = {t for t, _ in tags}
    assert "script" not in names and "<script" not in html.lower()
    assert not names & {"link", "img", "iframe", "object", "embed", "image", "use", "foreignobject"}
    for tag, attrs in tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key in ("src", "href", "xlink:href"):
                assert value.startswith("#"), (tag, key, value)  # only in-page anchors
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "@import" not in html
    assert re.findall(r"url\(([^)]*)\)", html) and all(
        u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", html)
    )
    assert html.count("<svg") >= 2  # radar and fit bars, inline
    assert "<style>" in html and "@media print" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_holds_the_whole_assessment(q, leader, lang):
    html = report.html_report(q, leader, lang, today=TODAY)
    assert html == report.html_report(q, leader, lang, today=TODAY)  # same input, same bytes
    result = assess(q, leader)
    for d in DIMENSION_IDS:
        assert q.dimension(d).name.get(lang) in html
    top = q.strategy_type(result.strategy.recommended)
    assert top.name.get(lang) in html and top.slogan.get(lang) in html
    assert f"{q.id} v{q.version}" in html and "2026-03-14" in html
    assert escape(q.disclaimer.full.get(lang)) in html
    assert ('lang="zh-CN"' if lang == "zh" else 'lang="en"') in html
    other = "en" if lang == "zh" else "zh"
    assert q.dimension("technology").name.get(other) not in html  # one language throughout
    for section in (
        "summary",
        "profile",
        "scores",
        "indices",
        "strategy",
        "modes",
        "roadmap",
        "risks",
        "methodology",
    ):
        assert f'id="{section}"' in html
    assert result.modes and result.plan.actions() and result.risk.risks  # the example has all three
    assert escape(result.modes[0].mode.name.get(lang)) in html  # the best-fitting mode
    first_action = result.plan.actions()[0].action
    assert (
        escape(first_action.title.get(lang)) in html and escape(first_action.kpis[0].metric.get(lang)) in html
    )
    top_risk = max(result.risk.risks, key=lambda r: r.exposure)
    assert escape(top_risk.risk.name.get(lang)) in html
    assert not re.search(r"</h2>\s*</section>", html)  # no empty sections


def test_chinese_text_in_the_charts(q, leader):
    html = report.html_report(q, leader, "zh", today=TODAY)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert any("资本实力" in s for s in svgs)  # radar axis labels are text, in Chinese
    assert any(q.strategy_type("ecosystem_leader").name.zh in s for s in svgs)
    assert all('font-family="Noto Sans CJK SC"' in s for s in svgs)
    assert "figure.chart svg text { font-family: var(--font); }" in html  # CJK fallbacks elsewhere


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_user_text_is_escaped_in_html(q, hostile, lang):
    html = report.html_report(q, hostile, lang, today=TODAY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    tags = parsed(html)
    assert all(t not in ("script", "img") for t, _ in tags)
    assert all(not k.startswith("on") for _, attrs in tags for k in attrs)
    assert "https://evil.example/phish &amp; co" in html  # shown as text, not a link
    assert not any(a.get("href", "").startswith(("http", "javascript")) for _, a in tags)


def test_user_text_is_escaped_in_markdown(q, hostile):
    md = report.markdown_report(q, hostile, "en", today=TODAY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "<script" not in md
    assert "<img" not in md
    assert "[click](" not in md and r"\[click\](javascript" in md
    assert "**bold**" not in md
    assert "https://evil" not in md and r"https\://evil" in md
    for line in md.splitlines():
        if line.startswith("|") and "pipe" in line:
            assert line.count(" | ") + 2 == line.count("|") - line.count(r"\|")  # pipe kept inside its cell


SVG = 'xmlns="http://www.w3.org/2000/svg"'


@pytest.mark.parametrize(
    "svg",
    [
        f"<svg {SVG}><script>alert(1)</script></svg>",
        f'<svg {SVG}><a href="javascript:alert(1)"><text>x</text></a></svg>',
        f'<svg {SVG} onload="alert(1)"></svg>',
        f'<svg {SVG}><g OnClick="alert(1)"/></svg>',
        f'<svg {SVG}><image href="https://evil.example/x.png"/></svg>',
        f'<svg {SVG}><rect fill="url(https://evil.example/p)"/></svg>',
        f"<svg {SVG}><foreignObject><div/></foreignObject></svg>",
        f'<!DOCTYPE svg [<!ENTITY x "y">]><svg {SVG}><text>&x;</text></svg>',
        "<svg><rect/></svg>",  # not SVG's namespace
        f"<svg {SVG}><rect/></svg><script>alert(1)</script>",  # more than one element
    ],
)
def test_svg_with_markup_is_refused(svg):
    assert not safe_svg(svg)


def test_user_text_in_a_chart_never_drops_it():
    """A label that merely reads like markup ("onboarding = 'done'", "javascript:") is text, not a handler."""
    labels = ["onboarding = 'done'", "javascript: later", "<script>x</script>", 'onclick="a"']
    chart = before_after(
        [{"name": label, "before": 40, "after": 60} for label in labels], "was", "now", "score"
    )
    svg = to_svg(chart, "t")
    texts = "".join(e.text or "" for e in ElementTree.fromstring(svg).iter())
    assert all(label in texts for label in labels)  # the labels are in the chart, as text
    assert safe_svg(svg)
    doc = Report("en", "T", None, (), (Section("s", "S", (Figure(svg, "cap"),)),), "d")
    html = to_html(doc)
    assert "<svg" in html and "<script" not in html.lower()


def test_a_figure_with_markup_is_never_inlined():
    bad = '<svg xmlns="x"><script>alert(1)</script></svg>'
    html = to_html(Report("en", "T", None, (), (Section("s", "S", (Figure(bad, "cap"),)),), "d"))
    assert "<script" not in html and "cap" in html


def test_markdown_holds_the_tables(q, leader):
    md = report.markdown_report(q, leader, "zh", today=TODAY)
    assert md.startswith("# 券商生态合作自评报告")
    assert md == report.markdown_report(q, leader, "zh", today=TODAY)  # deterministic
    assert "| 资本实力 |" in md and "## 战略建议" in md and q.disclaimer.full.get("zh") in md
    assert f"{q.id}".replace("_", r"\_") in md and "2026-03-14" in md
    assert "<svg" not in md  # charts become their tables in Markdown


def test_sections_are_left_out_when_they_have_nothing(q):
    empty = AnswerSet({}, {})
    html = report.html_report(q, empty, "en", today=TODAY)
    assert 'id="profile"' not in html and 'id="progress"' not in html and 'id="partners"' not in html
    assert 'id="summary"' in html and "None yet (9 dimensions unanswered)" in html
    assert not re.search(r"</h2>\s*</section>", html)


def partner_results(q, names=("<b>Acme</b>", "乙科技")):
    """What the Partners page evaluates: PartnerAssessment rows, as model.partners.evaluation returns them."""
    candidates = [
        c.model_copy(update={"name": n}) for c, n in zip(pm.load_examples("en"), names, strict=False)
    ]
    weights = dict(zip(pm.CRITERIA, pm.criteria_weights({}).weights, strict=True))
    return pm.evaluate(candidates, weights, ["user_growth"], pm.load_content(), q.decision_bands)


def test_partners_and_milestones_when_given(q, leader):
    earlier = load_answers(EXAMPLES / "4_small.yaml", q)
    previous = report.Previous(assess(q, earlier), "2025-03-01")
    partners = partner_results(q)
    html = report.html_report(q, leader, "en", today=TODAY, previous=previous, partners=partners)
    assert 'id="progress"' in html and "Progress: 2025-03-01 → now" in html
    assert 'id="partners"' in html and "&lt;b&gt;Acme&lt;/b&gt;" in html and "<b>Acme" not in html
    best = partners[0]
    assert f"{best.adjusted:.3f}" in html and escape(best.name) in html
    band = next(b for b in q.decision_bands if b.id == best.band)
    assert band.name.en in html
    before, after = (
        assess(q, earlier).dimensions["capital"].score,
        assess(q, leader).dimensions["capital"].score,
    )
    assert f"+{after - before:.0f}" in html


def test_csv_has_a_row_per_dimension_and_index(q, leader):
    text = report.scores_csv(q, leader, "zh")
    assert text.startswith("\ufeff")  # Excel opens UTF-8 Chinese only with the BOM
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    dims = [r for r in rows if r["kind"] == "dimension"]
    indices = [r for r in rows if r["kind"] == "index"]
    assert [r["id"] for r in dims] == list(DIMENSION_IDS)
    assert {r["id"] for r in indices} >= {"resource_synergy", "readiness", "risk_adjusted_readiness"}
    assert len(rows) == len(dims) + len(indices)
    result = assess(q, leader)
    assert float(dims[0]["value"]) == pytest.approx(result.dimensions["capital"].score, abs=0.01)
    assert dims[0]["name"] == "资本实力"


def test_json_answers_load_back(q, hostile):
    doc = json.loads(report.answers_json(q, hostile))
    again = parse_answers(doc, q, "export.json")
    assert again.answers == hostile.answers and again.meta == hostile.meta


def test_build_time(q, leader):
    report.html_report(q, leader, "zh")  # the first call starts vl-convert's JavaScript engine
    start = time.perf_counter()
    html = report.html_report(q, leader, "zh")
    seconds = time.perf_counter() - start
    print(f"\nreport: {len(html.encode()):,} bytes, built in {seconds * 1000:.0f} ms (warm)")
    assert len(html) > 10_000


def run_cli(*args):
    """`python -m model report ...`, in-process (the real-process smoke tests: test_cli_assess.py)."""
    return run_model("report", *args)


def test_cli_writes_the_same_report(q, leader, tmp_path):
    out = tmp_path / "out.html"
    proc = run_cli(str(EXAMPLES / "1_leader.yaml"), "-o", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == report.html_report(q, leader, "en")
    md = tmp_path / "out.txt"
    proc = run_cli(str(EXAMPLES / "1_leader.yaml"), "-o", str(md), "--format", "md")
    assert proc.returncode == 0, proc.stderr
    assert md.read_text(encoding="utf-8") == report.markdown_report(q, leader, "zh")
    by_suffix = tmp_path / "out.md"
    assert run_cli(str(EXAMPLES / "1_leader.yaml"), "-o", str(by_suffix)).returncode == 0
    assert by_suffix.read_text(encoding="utf-8").startswith("# 券商生态合作自评报告")


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    proc = run_cli(str(EXAMPLES / "1_leader.yaml"), "-o", str(tmp_path / "missing" / "out.html"))
    assert proc.returncode == 2
    assert (
        proc.stderr.count("\n") == 1 and "cannot write the file" in proc.stderr and "missing" in proc.stderr
    )
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"questionnaire": "broker_ecosystem", "version": 1, "answers": {"x": 1}}', encoding="utf-8"
    )
    proc = run_cli(str(bad), "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "answers.x" in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_a_close_call_is_said_as_one(q, leader):
    """Two types too close to call: the report names both, the margin and what would decide it."""
    c = report.context(q, leader, "en", today=TODAY)
    s = c.result.strategy
    runner = next(t for t in s.ranking if t != s.recommended)
    close = replace(s, close_call=True, runner_up=runner, margin=0.012, decider=None)
    doc = report.document(replace(c, result=replace(c.result, strategy=close)))
    html = to_html(doc)
    both = f"Between {q.strategy_type(s.recommended).name.en} and {q.strategy_type(runner).name.en}"
    assert escape(both) in html  # in the summary tile and the strategy section
    assert html.count(escape(both)) >= 2
    assert "only 0.012 apart" in html and "settle it in discussion" in html
