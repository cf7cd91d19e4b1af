"""AppTest tests of the 伙伴评估 Partners page: renders in zh and en (empty and with the examples), takes a
user's own candidates, keeps what was typed when it is wrong, reacts to the pairwise judgements, and
hands the readiness weights to the Results page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, EXAMPLES

from model import assess, load_answers
from model.partners import evaluation as pm

PAGE = "pages/partners.py"
CRITERIA = "partner_criteria_judgements"
READINESS = "readiness_judgements"


def app(lang="zh", **state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


def metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


def criteria_cr(at) -> float:
    """The CR read-out of the criteria tab (the readiness tab's comes second)."""
    return float(next(m.value for m in at.metric if m.label == "CR"))


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def slider_key(store, a, b, generation=0) -> str:
    return f"{store}_{a}|{b}_{generation}"


@pytest.mark.parametrize(
    ("lang", "title", "hint"), [("zh", "伙伴评估", "还没有候选伙伴"), ("en", "Partners", "No candidates yet")]
)
def test_empty_page_renders_and_points_to_the_examples(lang, title, hint):
    at = app(lang)
    no_errors(at)
    assert at.title[0].value == title
    assert hint in at.info[0].value
    assert at.button(key="pt_load_examples").label == (
        "载入示例候选伙伴" if lang == "zh" else "Load example candidates"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_examples_load_with_one_click(lang):
    at = app(lang)
    at.button(key="pt_load_examples").click().run()
    no_errors(at)
    rows = at.session_state["partners"]
    assert [r["name"] for r in rows] == [c.name for c in pm.load_examples(lang)]
    passed = "通过三级筛选" if lang == "zh" else "Passed all three tiers"
    assert metric(at, passed) == ("2（33%）" if lang == "zh" else "2 (33%)")
    ranking = next(
        df.value for df in at.dataframe if (("排名" if lang == "zh" else "Rank") in df.value.columns)
    )
    first = "示例·某电商平台" if lang == "zh" else "Example · e-commerce platform"
    assert ranking.iloc[0, 1] == first
    assert ranking.iloc[0].tolist()[-2] == ("优先投入" if lang == "zh" else "Prioritise")


def test_users_own_candidates_are_evaluated():
    own = [
        pm.to_row(c)
        for c in pm.read_rows(
            [
                {**pm.to_row(pm.load_examples("zh")[0]), "name": "甲科技"},
                {**pm.to_row(pm.load_examples("zh")[1]), "name": "乙平台", "stress_test_passed": False},
                {**pm.to_row(pm.load_examples("zh")[2]), "name": "丙银行", "risk_weight": 0.9},
            ]
        ).candidates
    ]
    at = app("en", partners=own, answers={"strategic_goals": ["user_growth"]})
    no_errors(at)
    ranking = next(df.value for df in at.dataframe if "Rank" in df.value.columns)
    assert set(ranking["Name"]) == {"甲科技", "乙平台", "丙银行"}
    assert ranking["Name"].iloc[-1] == "丙银行"  # a 0.9 risk weight sinks it
    assert "Strategic fit" in ranking.columns  # broker goals are set, so fit is a criterion
    screening = next(
        df.value for df in at.dataframe if "Technical: penetration and stress tests" in df.value.columns
    )
    row = screening[screening["Name"] == "乙平台"].iloc[0]
    assert row["Technical: penetration and stress tests"] == "✗ failed: Stress test"
    assert row["Business: synergy"] == "—"


def test_bad_rows_are_explained_and_kept_as_typed():
    good = pm.to_row(pm.load_examples("zh")[0])
    rows = [good, {**good, "name": ""}, {**good, "name": "乙", "technology": 150}, {**good}]
    at = app("zh", partners=[dict(r) for r in rows])
    no_errors(at)
    warning = texts(at.warning)
    assert "3 行有问题" in warning
    assert "第 2 行：名称不能为空" in warning
    assert "第 3 行：“技术能力”为 150，应在 0 至 100 之间" in warning
    assert "第 4 行：名称“示例·某AI算法公司”与第 1 行重复" in warning
    assert at.session_state["partners"][2]["technology"] == 150  # nothing the user typed is lost
    assert metric(at, "纳入分析 / 表格行数") == "1 / 4"
    assert any("至少 2 个有效的候选伙伴" in i.value for i in at.info)  # DEA needs two


def test_an_empty_new_row_gets_one_line_per_kind_of_problem():
    good = pm.to_row(pm.load_examples("en")[0])
    blank = {field: None for field in pm.ROW_FIELDS}
    at = app("en", partners=[good, blank])
    no_errors(at)
    lines = [line for line in at.warning[0].value.splitlines() if line.startswith("- ")]
    assert len(lines) == 3
    assert lines[0] == "- Row 2: the name is empty"
    assert lines[1].startswith("- Row 2: fill in “Type”, “Technology capability”, ")
    assert lines[1].endswith(
        ", “Risk weight”, “Capital (10k yuan)”, “People (FTE)”, “Data (data sources)”, "
        "“User growth (10k accounts)”, “Revenue (10k yuan)”, "
        "“Risk-control effect (detection-accuracy gain, points)”"
    )
    assert lines[2] == "- Row 2: choose at least one partner goal"


def test_bad_rows_are_explained_in_english():
    good = pm.to_row(pm.load_examples("en")[0])
    at = app(
        "en", partners=[{**good, "goals": []}, {**good, "name": "b", "capital": 0, "people": 0, "data": 0}]
    )
    warning = texts(at.warning)
    assert "Row 1: choose at least one partner goal" in warning
    assert "Row 2: at least one DEA input (capital, people, data) must be above 0" in warning


def test_partners_survive_a_page_switch():
    at = app("zh")
    at.button(key="pt_load_examples").click().run()
    at.switch_page("pages/results.py").run()
    at.switch_page(PAGE).run()
    no_errors(at)
    assert len(at.session_state["partners"]) == 6
    assert metric(at, "纳入分析 / 表格行数") == "6 / 6"


def test_changing_a_judgement_changes_weights_and_cr():
    at = app("en")
    before = criteria_cr(at)
    at.select_slider(key=slider_key(CRITERIA, "technology", "cost")).set_value(8).run()  # "9 Cost"
    no_errors(at)
    assert at.session_state[CRITERIA]["technology|cost"] == pytest.approx(1 / 9)
    after = criteria_cr(at)
    assert before < 0.1 < after
    error = texts(at.error)
    assert "The least consistent judgement is **Technology capability ↔ Cost control**" in error
    # one click on the suggestion brings the matrix back to consistency
    at.button(key=f"{CRITERIA}_apply_suggestion").click().run()
    no_errors(at)
    assert criteria_cr(at) < after
    assert at.session_state[CRITERIA]["technology|cost"] != pytest.approx(1 / 9)


def test_restoring_the_default_judgements():
    at = app("zh")
    at.select_slider(key=slider_key(CRITERIA, "technology", "complementarity")).set_value(-8).run()
    at.button(key="pt_reset_criteria").click().run()
    no_errors(at)
    assert at.session_state[CRITERIA] == pm.load_content().default_criteria_judgements()
    assert at.select_slider(key=slider_key(CRITERIA, "technology", "complementarity", 1)).value == 1  # "2 B"


def test_readiness_weights_flow_to_the_results_page(q):
    loaded = load_answers(EXAMPLES / "1_leader.yaml", q)
    at = app("zh", answers=dict(loaded.answers), meta=dict(loaded.meta))
    at.switch_page("pages/results.py").run()
    default = metric(at, "生态合作准备度")
    at.switch_page(PAGE).run()
    # resource synergy 3× user value and 3× commercial value: consistent, weights 0.6 / 0.2 / 0.2
    at.select_slider(key=slider_key(READINESS, "resource_synergy", "user_value")).set_value(-2).run()
    at.select_slider(key=slider_key(READINESS, "resource_synergy", "commercial_value")).set_value(-2).run()
    no_errors(at)
    weights = at.session_state["weights"]
    assert weights == pytest.approx({"resource_synergy": 0.6, "user_value": 0.2, "commercial_value": 0.2})
    expected = assess(q, loaded.answers, weights).readiness
    at.switch_page("pages/results.py").run()
    no_errors(at)
    assert metric(at, "生态合作准备度") == f"{expected:.2f}" != default


def test_inconsistent_readiness_weights_are_not_applied_and_reset_restores_the_default():
    at = app("en")
    at.select_slider(key=slider_key(READINESS, "resource_synergy", "user_value")).set_value(-2).run()
    assert at.session_state["weights"] is None  # 3:1 and 1:1 but 1:1 — inconsistent on its own
    at.select_slider(key=slider_key(READINESS, "resource_synergy", "commercial_value")).set_value(-2).run()
    applied = dict(at.session_state["weights"])
    # now a cycle: user value 9× commercial value, but commercial value 9× resource synergy
    at.select_slider(key=slider_key(READINESS, "user_value", "commercial_value")).set_value(-8).run()
    at.select_slider(key=slider_key(READINESS, "resource_synergy", "commercial_value")).set_value(8).run()
    no_errors(at)
    assert at.session_state["weights"] == applied  # the inconsistent set was not applied
    assert any("not applied" in w.value for w in at.warning)
    at.button(key="pt_reset_readiness").click().run()
    assert at.session_state["weights"] is None
    assert at.session_state[READINESS] == {}
    assert "Source: the report's default weights (§4.2(1))." in texts(at.caption)


def test_broker_goals_are_the_profile_answer():
    at = app("zh")
    at.button(key="pt_load_examples").click().run()
    at.multiselect(key="pt_broker_goals__0").set_value(["user_growth"]).run()
    no_errors(at)
    assert at.session_state["answers"]["strategic_goals"] == ["user_growth"]
    ranking = next(df.value for df in at.dataframe if "排名" in df.value.columns)
    ai = ranking[ranking["名称"] == "示例·某AI算法公司"].iloc[0]
    assert ai["战略契合度"] == 0.55  # (0.5 + 0.6) / 2: the report's 0.5 and revenue share
    at.switch_page("pages/profile.py").run()
    assert at.multiselect(key="q_strategic_goals__0").value == ["user_growth"]


def test_dea_model_switch():
    at = app("en")
    at.button(key="pt_load_examples").click().run()
    table = next(df.value for df in at.dataframe if "Peers (reference set)" in df.value.columns)
    bank = table[table["Name"] == "Example · city commercial bank"].iloc[0]
    assert bank["Status (chosen model)"] == "Inefficient" and bank["CCR efficiency"] == pytest.approx(0.647)
    at.button_group(key="pt_dea_model_choice_en").set_value("bcc").run()
    no_errors(at)
    assert at.session_state["partners_dea_model"] == "bcc"
    table = next(df.value for df in at.dataframe if "Peers (reference set)" in df.value.columns)
    bank = table[table["Name"] == "Example · city commercial bank"].iloc[0]
    assert bank["Status (chosen model)"] == "Efficient"


@pytest.mark.parametrize(("lang", "needle"), [("zh", "8. 伙伴评估"), ("en", "8. Partner evaluation")])
def test_methodology_explains_partner_evaluation(lang, needle):
    at = app(lang)
    at.switch_page("pages/methodology.py").run()
    no_errors(at)
    assert needle in [h.value for h in at.header]
    body = texts(at.markdown)
    assert "CI = (λmax − n)/(n − 1)" in body and ("n=3：0.58" if lang == "zh" else "n=3: 0.58") in body
