"""Partner work in the answers file: validated like the rest, round-trips through files and share links,
and reaches the HTML / Markdown report and the CLI `report`."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest
from tests_paths import ROOT, questionnaire

from model import InputError, load_answers, parse_answers
from model.cli.main import main as cli
from model.inputs import share
from model.inputs.answers import to_document
from model.inputs.examples import load
from model.partners import evaluation as pm
from model.partners.work import PartnerWork, evaluate_work
from reporting.report import html_report, markdown_report

Q = questionnaire()
EXAMPLE = ROOT / "questionnaires" / "examples" / "partners" / "leader_with_partners.yaml"


def with_partners(**changes) -> PartnerWork:
    base = PartnerWork(
        candidates=tuple(pm.load_examples("en")),
        criteria_judgements={"technology|compliance": 1 / 3, "cost|strategic_fit": 2.0},
        readiness_judgements={"resource_synergy|user_value": 3.0},
        dea_model="bcc",
    )
    return replace(base, **changes)


def test_the_example_file_holds_partner_work_that_loads():
    answers = load_answers(EXAMPLE, Q)
    work = answers.partners
    assert work is not None and len(work.candidates) == 6
    assert work.dea_model == "bcc" and work.readiness_judgements and work.criteria_judgements
    assert answers.answers  # a whole assessment beside it


def test_partner_work_survives_a_file_round_trip_and_a_share_link():
    answer_set = replace(load("1_leader", Q), partners=with_partners())
    doc = json.loads(json.dumps(to_document(answer_set, Q)))
    assert doc["partners"]["candidates"][0]["name"] == answer_set.partners.candidates[0].name
    assert parse_answers(doc, Q, "file.json").partners == answer_set.partners
    token = share.encode(answer_set, Q)
    assert share.decode(token, Q).partners == answer_set.partners
    print(f"\nshare token with 6 candidates: {len(token)} characters")
    assert len(token) < share.MAX_TOKEN


def test_no_partner_work_writes_no_section():
    doc = to_document(load("1_leader", Q), Q)
    assert "partners" not in doc
    assert parse_answers(doc, Q, "f").partners is None


def _doc_with(partners: dict) -> dict:
    doc = to_document(replace(load("1_leader", Q), partners=with_partners()), Q)
    doc["partners"] = partners
    return doc


GOOD = to_document(replace(load("1_leader", Q), partners=with_partners()), Q)["partners"]


def _bad(path: tuple, value) -> dict:
    partners = copy.deepcopy(GOOD)
    target = partners
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return partners


@pytest.mark.parametrize(
    ("partners", "field"),
    [
        ("nonsense", "partners"),
        ({"candidate": []}, "partners.candidate"),
        (_bad(("candidates", 0, "scores", "technology"), 120), "partners.candidates[1].scores.technology"),
        (_bad(("candidates", 1, "type"), "alien"), "partners.candidates[2].type"),
        (_bad(("candidates", 2, "name"), GOOD["candidates"][0]["name"]), "partners.candidates[3].name"),
        (_bad(("candidates",), "x"), "partners.candidates"),
        (_bad(("criteria_judgements", "technology|compliance"), 4.5), "technology|compliance"),
        (_bad(("criteria_judgements", "technology|compliance"), -3), "technology|compliance"),
        (_bad(("criteria_judgements", "compliance|technology"), 3), "compliance|technology"),
        (_bad(("readiness_judgements", "user_value|resource_synergy"), 3), "user_value|resource_synergy"),
        (_bad(("dea_model",), "sbm"), "partners.dea_model"),
    ],
)
def test_bad_partner_sections_are_refused_naming_the_field(partners, field):
    with pytest.raises(InputError) as info:
        parse_answers(_doc_with(partners), Q, "answers.json")
    assert field in info.value.text("en") and field in info.value.text("zh")


def test_too_many_candidates_are_refused():
    partners = copy.deepcopy(GOOD)
    one = partners["candidates"][0]
    partners["candidates"] = [{**one, "name": f"c{i}"} for i in range(pm.MAX_CANDIDATES + 1)]
    with pytest.raises(InputError, match="partners.candidates"):
        parse_answers(_doc_with(partners), Q, "answers.json")


def test_the_evaluation_is_the_pages_computation():
    content = pm.load_content()
    work = with_partners()
    result = evaluate_work(work, content, ["user_growth"], Q.decision_bands)
    weights = dict(zip(pm.CRITERIA, pm.criteria_weights(work.criteria_judgements).weights, strict=True))
    expected = pm.evaluate(list(work.candidates), weights, ["user_growth"], content, Q.decision_bands)
    assert list(result.assessments) == expected
    assert result.dea is not None and set(result.dea) == {"ccr", "bcc"}
    assert result.efficiency(expected[0].name) == next(
        u.efficiency for u in result.dea["bcc"].units if u.name == expected[0].name
    )


def test_the_report_shows_the_partner_ranking_in_both_languages():
    answer_set = load_answers(EXAMPLE, Q)
    md = markdown_report(Q, answer_set, "zh")
    assert "## 伙伴评估" in md and "风险调整后价值" in md
    top = evaluate_work(answer_set.partners, pm.load_content(), [], Q.decision_bands).assessments[0]
    assert f"| 1 | {top.name} |" in md[md.index("## 伙伴评估") :]  # ranked, best first
    html = html_report(Q, answer_set, "en")
    assert "Risk-adjusted value" in html and top.name in html


def test_without_partner_work_the_report_has_no_partner_section():
    assert "## 伙伴评估" not in markdown_report(Q, load("1_leader", Q), "zh")


def test_cli_report_includes_partner_work(tmp_path):
    out = tmp_path / "report.md"
    assert cli(["report", str(EXAMPLE), "-o", str(out), "--lang", "en"]) == 0
    text = out.read_text(encoding="utf-8")
    section = text.split("## Partners")[1].split("\n## ")[0]
    assert "示例·某电商平台" in section  # the candidates as the file names them
    assert "Risk-adjusted value" in section
